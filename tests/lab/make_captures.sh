#!/bin/bash
# Regenerate tests/lab/captures/*.hex: real DHCPv6 messages (UDP payload,
# hex, one line) exchanged between each lab server and a stand-in client.
#
#   sudo tests/lab/make_captures.sh [kea|dnsmasq|dhcpd|dhcp6s ...]
#
# For each server:
#   dhcpcd (IA_NA + IA_PD): Solicit/Advertise, Request/Reply, Renew/Reply, Release/Reply
#   dhcp6c information-only: Information-Request/Reply
#   dhcp6c with rapid-commit: Solicit/Reply
#   dhcp6s only: dhcp6c (DUID unknown to dhcp6s) Solicit/Advertise with NoPrefixAvail
# Also writes <server>.txt, a decoded listing of every packet of the run.
# Exits non-zero if any expected exchange did not happen (the server config
# is then wrong): this doubles as the validation of the lab's server configs.
# shellcheck source-path=SCRIPTDIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=./lab.sh
source "$here/lab.sh"
# shellcheck source=./standin.sh
source "$here/standin.sh"

out=${CAPTURE_DIR:-$here/captures}
mkdir -p "$out"
failures=0

# save <server> <client-msg> <answer> <client-file-tag> <answer-file-tag> <timeout> [after-ts]
# Only packets after after-ts count (default: the whole capture).
save() {
	local srv=$1 ask=$2 ans=$3 tag_q=$4 tag_a=$5 timeout=$6 after=${7:-0} pair
	if ! lab_wait_until "$timeout" _have_pair "$ask" "$ans" "$after"; then
		echo "not ok - $srv: no $ask answered by $ans within ${timeout}s" >&2
		failures=$((failures + 1))
		return 1
	fi
	pair=$(_pairs_after "$after" | python3 "$here/pair.py" "$ask" "$ans")
	sed -n 1p <<<"$pair" >"$out/$srv-$tag_q.hex"
	sed -n 2p <<<"$pair" >"$out/$srv-$tag_a.hex"
	echo "ok - $srv: $ask -> $ans saved as $srv-$tag_q.hex, $srv-$tag_a.hex"
}
_pairs_after() { lab_pkts | awk -F'\t' -v a="$1" '$1 > a'; }
_have_pair() { _pairs_after "$3" | python3 "$here/pair.py" "$1" "$2" >/dev/null; }

capture_server() {
	local srv=$1 duid=""
	lab_up
	lab_capture_start

	# 1. stateful exchange, renew and release with dhcpcd.
	if [ "$srv" = dhcp6s ]; then
		# dhcp6s delegates only to a DUID it knows: learn it from the first
		# Solicit (the server is not up yet), then start the server; dhcpcd's
		# retransmission reaches it.
		standin_dhcpcd_start napd
		lab_wait_pkt SOLICIT 10 >/dev/null || lab_die "dhcpcd sent no Solicit"
		duid=$(lab_client_duid) || lab_die "no client DUID in the Solicit"
		lab_server_start dhcp6s "$duid"
	else
		lab_server_start "$srv"
		standin_dhcpcd_start "$(lab_server_has_pd "$srv" && echo napd || echo na)"
	fi
	save "$srv" SOLICIT ADVERTISE solicit advertise 15
	save "$srv" REQUEST REPLY request reply-request 10
	# dnsmasq clamps leases to >= 120 s, so its T1 is 60 s.
	local t1=$LAB_T1
	[ "$srv" = dnsmasq ] && t1=60
	save "$srv" RENEW REPLY renew reply-renew $((t1 + 10))
	standin_stop # dhcpcd sends Release on exit ("release" in its config)
	save "$srv" RELEASE REPLY release reply-release 5

	# 2. stateless: Information-Request.
	standin_dhcp6c_start info
	save "$srv" INFORMATION-REQUEST REPLY inforeq reply-inforeq 10
	standin_stop

	# 3. Rapid Commit: Solicit answered directly by a Reply. dhcp6c has a
	# different DUID than the one dhcp6s knows, so ask dhcp6s for IA_NA only.
	local before
	before=$(lab_now)
	standin_dhcp6c_start "$([ "$srv" = dhcp6s ] && echo rapidna || echo rapid)"
	save "$srv" SOLICIT REPLY solicit-rapid reply-rapid 10 "$before"
	standin_stop

	# 4. dhcp6s and a client whose DUID it does not know, asking for IA_NA
	# and IA_PD: the Advertise carries the address but a message-level
	# NoPrefixAvail status (not one inside the IA_PD).
	if [ "$srv" = dhcp6s ]; then
		before=$(lab_now)
		standin_dhcp6c_start napd
		save "$srv" SOLICIT ADVERTISE solicit-unknown-duid advertise-noprefixavail 10 "$before"
		standin_stop
	fi

	lab_pkts_summary >"$out/$srv.txt"
	lab_down
}

servers=("$@")
[ "${#servers[@]}" -gt 0 ] || servers=(kea dnsmasq dhcpd dhcp6s)
for s in "${servers[@]}"; do
	echo "# capturing $s"
	capture_server "$s"
done
echo "$failures failed exchanges"
[ "$failures" -eq 0 ]
