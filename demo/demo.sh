#!/bin/bash
# ra6c demo: how fast DHCPv6 starts after a Router Advertisement.
#
#   sudo demo/demo.sh <path-to-ra6c>
#
# Builds a two-namespace lab (tests/lab/lab.sh): radvd (M=1, O=1) and Kea on
# the "ISP" side, ra6c on the "router WAN" side (forwarding=1, accept_ra=1,
# as on OpenWrt). tcpdump captures on the client's interface; ra6c runs with
# --solicit-delay 0 -P 0 and a recording state script. When the script gets
# "bound", the demo prints a timeline in milliseconds from the first RA on
# the client's wire, then the script's environment. Packet times are the
# kernel's capture timestamps; the "bound" time is the script's `date +%s.%N`
# (both CLOCK_REALTIME). Everything is removed on exit.
#
# Kea sends no Preference option by default, so a client waits its first
# retransmission time (1 s, RFC 9915 §18.2.1) for more Advertises before it
# sends the Request. To see the path without that wait:
#   sudo LAB_KEA_PREFERENCE=255 demo/demo.sh <path-to-ra6c>
# shellcheck source-path=SCRIPTDIR/../tests/lab
set -u
here=$(cd "$(dirname "$0")" && pwd)
lab="$here/../tests/lab"

if [ $# -lt 1 ]; then
	echo "usage: demo/demo.sh <path-to-ra6c> [extra ra6c options]" >&2
	exit 2
fi
RA6C=$(readlink -f "$1")
shift
[ -x "$RA6C" ] || { echo "demo: $RA6C is not executable" >&2; exit 1; }

# shellcheck source=lab.sh
source "$lab/lab.sh"
# shellcheck disable=SC2034 # read by lab.sh's server config generators
# The demo's lease timers are ordinary ones: nothing should expire during it.
LAB_T1=1800 LAB_T2=2880 LAB_PREF=3600 LAB_VALID=7200

lab_up
RECORD_FILE="$LAB_DIR/record"
: >"$RECORD_FILE"
SCRIPT="$LAB_DIR/state-script.sh"
printf '#!/bin/sh\nRECORD_FILE=%s exec %s "$@"\n' "$RECORD_FILE" "$lab/record.sh" >"$SCRIPT"
chmod +x "$SCRIPT"

lab_capture_start
lab_server_start kea
kea_version=$(kea-dhcp6 -v 2>/dev/null)

# ra6c first, so it is listening when radvd's first RA goes out.
lab_bg "$LAB_CLI_NS" "$LAB_DIR/ra6c.log" "$RA6C" --solicit-delay 0 -P 0 -s "$SCRIPT" \
	--state-dir "$LAB_DIR/state" "$@" "$LAB_CLI_IF"
RA6C_PID=$LAB_BG_PID
# Wait for ra6c's "started" script call (or 1 s), then half a second more:
# "started" may come before its sockets are open, and the point of the demo
# is the reaction to the first RA, not a missed one.
rec_wait started 2 || sleep 1
sleep 0.5
lab_radvd_start 1 1

if ! rec_wait bound 30; then
	echo "demo: ra6c did not reach 'bound' within 30 s" >&2
	lab_pkts_summary >&2
	tail -20 "$LAB_DIR/ra6c.log" >&2
	exit 1
fi
bound_ts=$(rec_get bound TS)
sleep 0.3 # let the capture flush

echo
echo "ra6c demo: radvd (M=1 O=1) + Kea $kea_version${LAB_KEA_PREFERENCE:+ (Preference $LAB_KEA_PREFERENCE)}, $LAB_SRV_NS <-> $LAB_CLI_NS"
echo
echo "timeline, ms from the first RA on the client's wire ($LAB_CLI_IF):"
# Walk the capture: every RA up to the first Solicit, the Solicit, the
# Advertise answering it (same xid), the first Request after that, the Reply
# to the Request (or a Rapid Commit Reply to the Solicit), then "bound".
lab_pkts | awk -F'\t' -v bound="$bound_ts" '
	function row(ts, what, extra) { printf "  %10.3f  %-10s %s\n", (ts - t0) * 1000, what, extra }
	$4 == "RA" && !sol { if (!t0) t0 = $1; nra++; row($1, "RA", $5 " -> " $6); next }
	!t0 { next }
	$4 == "SOLICIT" && !sol { sol = 1; sx = substr($7, 3, 6); row($1, "SOLICIT", $5 " -> " $6); next }
	$4 == "ADVERTISE" && sol && !adv && substr($7, 3, 6) == sx { adv = 1; row($1, "ADVERTISE", $5 " -> " $6); next }
	$4 == "REQUEST" && adv && !req { req = 1; rx = substr($7, 3, 6); row($1, "REQUEST", $5 " -> " $6); next }
	$4 == "REPLY" && !rep && ((req && substr($7, 3, 6) == rx) || (!adv && substr($7, 3, 6) == sx)) {
		rep = 1; row($1, "REPLY", $5 " -> " $6 (adv ? "" : "  (rapid commit)")); next }
	END {
		if (!t0) { print "  no RA captured"; exit 1 }
		row(bound, "bound", "(state script called)")
		if (!sol) print "  (no Solicit after the RA)"
		else if (nra > 1) printf "  (%d RAs before the Solicit: the client did not react to the first)\n", nra
	}
'
echo
echo "state script environment at 'bound':"
rec_block bound | grep -v '^BEGIN ' | grep -v '=$' | sed 's/^/  /'
echo

lab_kill "$RA6C_PID"
if grep -q '^STATE=stopped$' "$RECORD_FILE"; then
	echo "ra6c stopped (SIGTERM), script got 'stopped'"
fi
