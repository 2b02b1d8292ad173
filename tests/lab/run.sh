#!/bin/bash
# Integration tests for ra6c against real DHCPv6 servers in network namespaces.
#
#   sudo tests/lab/run.sh [--server kea|dnsmasq|dhcpd|dhcp6s]... [--scenario a|b|...|j]... [--keep] <path-to-ra6c>
#
# Prints "ok - <name>" / "not ok - <name>: <why>" per check and finally
# "N passed, N failed"; exits non-zero if anything failed.
#
# ra6c contract used here (odhcp6c-compatible):
#   ra6c -s <script> [-N try|force|none] [-P <len>] [-v] [--solicit-delay <ms>]
#        [--state-dir <dir>] <ifname>
#   waits for an RA (M -> Solicit, O only -> Information-Request); IA_PD only
#   with -P; the script gets "<ifname> <state>" and odhcp6c's environment.
#
# Scenarios, each in a fresh lab (new namespaces, capture, state dir):
#   a  RA M=1 -> bound with address, /56 (where the server delegates), DNS, domain
#   b  ra6c idle without RA sends nothing; then one RA M=1 -> Solicit (delta printed)
#   c  RA O=1 only -> Information-Request, script "informed" with RDNSS
#   d  server stopped while bound -> Renew at T1, Rebind at T2, "unbound" at valid
#   e  SIGTERM -> Release reaches the server, exit within 5 s, script "stopped"
#   f  (only with --scenario f) --rapid-commit -> Solicit answered by Reply, bound
#   g  (opt-in) --standalone --user nobody: address + unreachable route installed,
#      only three capabilities kept, Renew still works, all removed at stop
#   h  (opt-in) link down/up while bound -> Confirm (addresses only) or Rebind
#      (delegated prefixes, RFC 9915 §18.2.12), Reply, binding kept
#   i  (opt-in, Kea) server restarts with a new DUID -> Rebind finds it -> rebound
#   j  (opt-in, Kea) DAD fails for the leased address -> Decline
#   k  (opt-in) the interface is removed while bound -> ra6c exits, says why
#
# Fault scenarios (issue 7), by name, from faults/*.sh:
#   expire nobinding notonlink moved lifetimes noaddrs readd (faults/lease.sh)
#   statefs: corrupt, read-only and full state storage    (faults/state.sh)
#   wire rkap: bad packets and Reconfigure keys, counted   (faults/wire.sh)
#   flood: 100,000 RAs at 10,000/s while bound; holdoff  (faults/flood.sh)
#   wpd4 pflag fallback: odhcp6c's modes (issue 15)       (faults/modes.sh)
#   ralife routers tun: RA state over time, two routers, a link without a
#                      MAC (faults/ra.sh)
# Issue 15's options (../contract/scenarios.sh):
#   contract-mape contract-informed contract-tun (Kea): the script's
#   environments against odhcp6c's own (../contract/fixtures), MAP-E and
#   PD exclude
# shellcheck source-path=SCRIPTDIR
set -u
here=$(cd "$(dirname "$0")" && pwd)

servers=()
scenarios=()
RA6C=""
while [ $# -gt 0 ]; do
	case $1 in
	--server) servers+=("$2"); shift 2 ;;
	--scenario) scenarios+=("$2"); shift 2 ;;
	--keep) export LAB_KEEP=1; shift ;;
	-h | --help) sed -n '2,41p' "$0"; exit 0 ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) RA6C=$1; shift ;;
	esac
done
[ "${#servers[@]}" -gt 0 ] || servers=(kea dnsmasq dhcpd dhcp6s)
[ "${#scenarios[@]}" -gt 0 ] || scenarios=(a b c d e)
if [ -z "$RA6C" ]; then
	echo "usage: run.sh [--server S]... [--scenario X]... [--keep] <path-to-ra6c>" >&2
	exit 2
fi
RA6C=$(readlink -f "$RA6C")
if [ ! -x "$RA6C" ]; then
	echo "not ok - ra6c binary: $RA6C is not executable"
	echo "0 passed, 1 failed"
	exit 1
fi

# shellcheck source=./lab.sh
source "$here/lab.sh"

PASSED=0
FAILED=0
CUR=""      # "<server> <scenario>" prefix for check names
ok() { PASSED=$((PASSED + 1)); echo "ok - $CUR: $1"; }
notok() { FAILED=$((FAILED + 1)); echo "not ok - $CUR: $1: $2"; SCEN_FAILED=1; }
# check <name> <why-if-false> <command...>
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then ok "$name"; else notok "$name" "$why"; fi
}
info() { echo "# $CUR: $*"; }
# Command adaptors for check.
not() { ! "$@"; }
quietly() { "$@" >/dev/null; }
# seen NAME TIMEOUT [AFTER]: that packet shows up in the capture in time.
seen() { lab_wait_pkt "$@" >/dev/null; }

# Lease timers the server really hands out (dnsmasq clamps leases to >= 120 s
# and uses T1 = 1/2, T2 = 7/8 of the lease).
server_timers() {
	if [ "$1" = dnsmasq ]; then
		S_T1=60 S_T2=105 S_VALID=120
	else
		S_T1=$LAB_T1 S_T2=$LAB_T2 S_VALID=$LAB_VALID
	fi
}

# Server log lines that show a Release was processed.
release_regex() {
	case $1 in
	kea) echo 'DHCP6_RELEASE_(NA|PD)' ;;
	dnsmasq) echo 'DHCPRELEASE' ;;
	dhcpd) echo 'Release message from' ;;
	dhcp6s) echo 'received release from' ;;
	esac
}

# ms_at_least D MIN / ms_below D MAX: numeric tests on a lab_delta_ms
# result; a non-number ("nan" from a missing timestamp) always fails.
ms_at_least() { awk -v d="$1" -v m="$2" 'BEGIN { exit !(d ~ /^-?[0-9.]+$/ && d + 0 >= m + 0) }'; }
ms_below() { awk -v d="$1" -v m="$2" 'BEGIN { exit !(d ~ /^-?[0-9.]+$/ && d + 0 < m + 0) }'; }

ra6c_gone() { ! proc_alive "$RA6C_PID"; }

proc_alive() {
	local s
	s=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $s != Z* ]]
}

# Fresh lab for one scenario: namespaces, capture, per-test state dir and a
# state script that records into this scenario's record file.
scenario_begin() {
	SCEN_FAILED=0
	RA6C_PID=""
	lab_up
	RECORD_FILE="$LAB_DIR/record"
	: >"$RECORD_FILE"
	mkdir -p "$LAB_DIR/state"
	SCRIPT="$LAB_DIR/state-script.sh"
	# record.sh runs from the lab directory: with --user (scenario g) the
	# script runs as nobody, who may not enter the checkout's directories
	# (a clone under Debian's /root, mode 0700).
	cp "$here/record.sh" "$LAB_DIR/record.sh"
	printf '#!/bin/sh\nRECORD_FILE=%s exec %s "$@"\n' "$RECORD_FILE" "$LAB_DIR/record.sh" >"$SCRIPT"
	chmod +x "$SCRIPT"
	lab_capture_start
}

# On failure, show what happened on the wire and what ra6c said.
scenario_end() {
	if [ "$SCEN_FAILED" -ne 0 ]; then
		info "packets:"
		lab_pkts_summary | sed 's/^/#   /'
		info "states: $(rec_states | tr '\n' ' ')"
		info "ra6c log (first 5 and last 15 lines):"
		if [ ! -f "$LAB_DIR/ra6c.log" ]; then
			echo "#   (no log)"
		elif [ "$(wc -l <"$LAB_DIR/ra6c.log")" -le 20 ]; then
			sed 's/^/#   /' "$LAB_DIR/ra6c.log"
		else
			{ head -n 5 "$LAB_DIR/ra6c.log"; echo "..."; tail -n 15 "$LAB_DIR/ra6c.log"; } | sed 's/^/#   /'
		fi
		[ -n "$LAB_SERVER_LOG" ] && info "server log: $LAB_SERVER_LOG (kept with --keep)"
	fi
	[ -n "$RA6C_PID" ] && lab_kill "$RA6C_PID"
	lab_down
}

# start_ra6c [ra6c options]: runs ra6c in the client namespace.
start_ra6c() {
	lab_bg "$LAB_CLI_NS" "$LAB_DIR/ra6c.log" "$RA6C" -v -s "$SCRIPT" --state-dir "$LAB_DIR/state" "$@" "$LAB_CLI_IF"
	RA6C_PID=$LAB_BG_PID
	# Give ra6c time to open its sockets before the RA: wait for its
	# "started" script call if it makes one, else a fixed second.
	# A margin of 0.5 s after "started": the script may be called before the
	# RA socket is open.
	rec_wait started 2 || sleep 1
	sleep 0.5
	proc_alive "$RA6C_PID"
}

# One RA with M=1 and a PIO (A=0), no RDNSS: DNS must come from DHCPv6.
send_ra_m() { lab_send_ra -M -q --prefix "$LAB_NET"; }

# Server up, ra6c started with IA_NA + IA_PD (where the server delegates,
# unless RA6C_NO_PD is set), one RA M=1. dhcp6s delegates only to a DUID it knows, so for it ra6c
# solicits first, the DUID is read from that Solicit, then dhcp6s starts
# and answers ra6c's retransmission.
bring_up() {
	local srv=$1
	shift
	local pd=()
	lab_server_has_pd "$srv" && [ -z "${RA6C_NO_PD:-}" ] && pd=(-P "$LAB_PD_LEN")
	[ "$srv" = dhcp6s ] || lab_server_start "$srv"
	start_ra6c --solicit-delay 0 "${pd[@]}" "$@" || { notok "ra6c running" "ra6c exited at start"; return 1; }
	send_ra_m
	if [ "$srv" = dhcp6s ]; then
		local duid
		lab_wait_pkt SOLICIT 5 >/dev/null || { notok "solicit" "no Solicit within 5 s of the RA"; return 1; }
		duid=$(lab_client_duid) || { notok "client duid" "no Client Identifier in the Solicit"; return 1; }
		info "client DUID $duid"
		lab_server_start dhcp6s "$duid"
	fi
	return 0
}

# bring_up_bound SRV [ra6c options]: bring_up, then the script's "bound".
bring_up_bound() {
	bring_up "$@" || return 1
	rec_wait bound 20 && return 0
	notok "bound" "no bound within 20 s"
	return 1
}

# Assertions on the last "bound" block (shared by a, d, e).
check_bound_env() {
	local srv=$1 addrs prefixes rdnss domains e
	addrs=$(rec_get bound ADDRESSES)
	prefixes=$(rec_get bound PREFIXES)
	rdnss=$(rec_get bound RDNSS)
	domains=$(rec_get bound DOMAINS)
	e=$(first_entry_in "$addrs" "$LAB_NET")
	check "ADDRESSES has an address in $LAB_NET" "ADDRESSES='$addrs'" test -n "$e"
	if [ -n "$e" ]; then
		# shellcheck disable=SC2016 # awk program, not shell
		check "address entry is addr/len,preferred,valid,t1,t2 with valid <= $S_VALID" "entry '$e'" \
			awk -F, -v v="$S_VALID" '{ exit !(NF >= 5 && $3 > 0 && $3 <= v && $2 <= $3) }' <<<"$e"
	fi
	if lab_server_has_pd "$srv"; then
		e=$(first_entry_in "$prefixes" "$LAB_PD_NET" "$LAB_PD_LEN")
		check "PREFIXES has a /$LAB_PD_LEN in $LAB_PD_NET" "PREFIXES='$prefixes'" test -n "$e"
	else
		# shellcheck disable=SC2016 # $1 is bash -c's argument
		check "PREFIXES empty ($srv has no IA_PD)" "PREFIXES='$prefixes'" \
			bash -c '! grep -q "2001:db8:1[0-9a-f][0-9a-f]:" <<<"$1"' _ "$prefixes"
	fi
	check "RDNSS is $LAB_DNS" "RDNSS='$rdnss'" grep -qw -- "$LAB_DNS" <<<"$rdnss"
	check "DOMAINS has $LAB_DOMAIN" "DOMAINS='$domains'" grep -qw -- "$LAB_DOMAIN" <<<"$domains"
}

###########################################################################
scenario_a() {
	local srv=$1
	bring_up "$srv" || return
	if rec_wait bound 20; then
		ok "RA M=1 -> script bound"
		check_bound_env "$srv"
	else
		notok "RA M=1 -> script bound" "no bound within 20 s"
	fi
}

scenario_b() {
	local srv=$1 n ra sol
	local pd=()
	lab_server_has_pd "$srv" && pd=(-P "$LAB_PD_LEN")
	start_ra6c --solicit-delay 0 "${pd[@]}" || { notok "ra6c running" "ra6c exited at start"; return; }
	sleep 4 # idle: no RA, no server
	n=$(lab_pkts | awk -F'\t' '$2 == "dhcp6"' | wc -l)
	check "no DHCPv6 sent without an RA (idle 4 s)" "$n DHCPv6 packets seen" test "$n" -eq 0
	check "ra6c still running when idle" "ra6c exited" proc_alive "$RA6C_PID"
	lab_server_start "$srv"
	sleep 0.5
	local before
	before=$(lab_now)
	send_ra_m
	ra=$(lab_wait_pkt RA 3 "$before" | cut -f1)
	sol=$(lab_wait_pkt SOLICIT 5 "$before" | cut -f1)
	if [ -z "$ra" ]; then
		notok "RA on the client's wire" "RA not captured"
	elif [ -z "$sol" ]; then
		notok "RA M=1 -> Solicit" "no Solicit within 5 s of the RA"
	else
		local d
		d=$(lab_delta_ms "$ra" "$sol")
		ok "RA M=1 -> Solicit (RA->Solicit ${d} ms)"
		echo "# $CUR: RA->Solicit delta ${d} ms"
		# --solicit-delay 0: no random delay (RFC 9915 §18.2.1 allows up to SOL_MAX_DELAY = 1 s).
		check "RA->Solicit < 1000 ms with --solicit-delay 0" "${d} ms" \
			ms_below "$d" 1000
	fi
}

scenario_c() {
	local srv=$1 before ir rdnss domains n
	lab_server_start "$srv"
	start_ra6c || { notok "ra6c running" "ra6c exited at start"; return; }
	before=$(lab_now)
	lab_send_ra -O -q --prefix "$LAB_NET"
	ir=$(lab_wait_pkt INFORMATION-REQUEST 5 "$before" | cut -f1)
	check "RA O=1 -> Information-Request" "none within 5 s" test -n "$ir"
	[ -n "$ir" ] && info "RA->Information-Request $(lab_delta_ms "$(lab_find_pkt RA "$before" | cut -f1)" "$ir") ms"
	if rec_wait informed 10; then
		ok "script informed"
		rdnss=$(rec_get informed RDNSS)
		domains=$(rec_get informed DOMAINS)
		check "informed RDNSS is $LAB_DNS" "RDNSS='$rdnss'" grep -qw -- "$LAB_DNS" <<<"$rdnss"
		check "informed DOMAINS has $LAB_DOMAIN" "DOMAINS='$domains'" grep -qw -- "$LAB_DOMAIN" <<<"$domains"
	else
		notok "script informed" "no informed within 10 s"
	fi
	n=$(lab_count_pkt SOLICIT "$before")
	check "no Solicit for an O-only RA" "$n Solicit(s) seen" test "$n" -eq 0
}

scenario_d() {
	local srv=$1 reply renew rebind tun d
	bring_up "$srv" || return
	if ! rec_wait bound 20; then
		notok "bound before stopping the server" "no bound within 20 s"
		return
	fi
	# Lease timers count from the Reply that bound us.
	lab_wait_pkt REPLY 2 >/dev/null # the capture may lag the script call a little
	reply=$(lab_pkts | awk -F'\t' '$4 == "REPLY" { t = $1 } END { print t }')
	lab_server_stop
	if [ -z "$reply" ]; then
		notok "Reply captured" "bound, but no Reply in the capture (timers cannot be measured)"
		return
	fi
	info "server stopped; T1=$S_T1 T2=$S_T2 valid=$S_VALID from the Reply at $reply"
	renew=$(lab_wait_pkt RENEW $((S_T1 + 3)) "$reply" | cut -f1)
	if [ -n "$renew" ]; then
		d=$(lab_delta_ms "$reply" "$renew")
		check "Renew at T1 (after ${d} ms)" "Renew ${d} ms after the Reply, T1=${S_T1}s" \
			ms_at_least "$d" $((S_T1 * 1000 - 500))
	else
		notok "Renew at T1" "no Renew within T1+3 s"
	fi
	rebind=$(lab_wait_pkt REBIND $((S_T2 + 3)) "$reply" | cut -f1)
	if [ -n "$rebind" ]; then
		d=$(lab_delta_ms "$reply" "$rebind")
		check "Rebind (msg 6) after T2 (after ${d} ms)" "Rebind ${d} ms after the Reply, T2=${S_T2}s" \
			ms_at_least "$d" $((S_T2 * 1000 - 500))
	else
		notok "Rebind after T2" "no Rebind within T2+3 s"
	fi
	if rec_wait unbound $((S_VALID + 5)); then
		tun=$(rec_get unbound TS)
		d=$(lab_delta_ms "$reply" "$tun")
		check "script unbound after valid lifetime (after ${d} ms)" "unbound ${d} ms after the Reply, valid=${S_VALID}s" \
			ms_at_least "$d" $((S_VALID * 1000 - 500))
	else
		notok "script unbound" "no unbound within valid+5 s"
	fi
}

scenario_e() {
	local srv=$1 t0 t1 d rel
	bring_up "$srv" || return
	if ! rec_wait bound 20; then
		notok "bound before SIGTERM" "no bound within 20 s"
		return
	fi
	t0=$(lab_now)
	kill -TERM "$RA6C_PID"
	lab_wait_until 5 ra6c_gone
	t1=$(lab_now)
	d=$(lab_delta_ms "$t0" "$t1")
	if proc_alive "$RA6C_PID"; then
		notok "exit within 5 s of SIGTERM" "still running after ${d} ms"
	else
		ok "exit within 5 s of SIGTERM (${d} ms)"
		wait "$RA6C_PID" 2>/dev/null
		RA6C_PID=""
	fi
	rel=$(lab_wait_pkt RELEASE 2 "$t0" | cut -f1)
	check "Release on the wire" "no Release captured" test -n "$rel"
	check "server log shows the Release" "no /$(release_regex "$srv")/ in $LAB_SERVER_LOG" \
		lab_wait_log "$LAB_SERVER_LOG" "$(release_regex "$srv")" 2
	check "script stopped" "no stopped state" rec_wait stopped 1
}

# f (opt-in, --scenario f): --rapid-commit -> Solicit with Rapid Commit is
# answered by a Reply (all four lab servers allow it), no Request, bound.
scenario_f() {
	local srv=$1 sol
	bring_up "$srv" --rapid-commit || return
	if rec_wait bound 20; then ok "script bound"; else notok "script bound" "no bound within 20 s"; fi
	lab_wait_pkt REPLY 2 >/dev/null # the capture may lag the script call a little
	sol=$(python3 "$here/pcap.py" -s "$LAB_PCAP" | awk -F'\t' '$4 == "SOLICIT" { print $8; exit }')
	check "Solicit carries Rapid Commit (option 14)" "Solicit: $sol" grep -q 'RAPID' <<<"$sol"
	check "Solicit answered by a Reply" "no Reply with the Solicit's xid" \
		lab_answered SOLICIT REPLY
	check "no Request sent" "$(lab_count_pkt REQUEST) Request(s)" test "$(lab_count_pkt REQUEST)" -eq 0
}

# g (opt-in, --scenario g): standalone mode with privileges dropped to
# nobody: the leased address and an unreachable route for the delegated
# prefix appear in the kernel, ra6c keeps only CAP_NET_RAW/ADMIN/BIND,
# still renews at T1, and removes what it installed when stopped.
scenario_g() {
	local srv=$1 addr pfx renew t0 caps
	# The script runs as nobody too: let it record.
	chmod 755 "$LAB_DIR"
	chmod 666 "$RECORD_FILE"
	bring_up_bound "$srv" --standalone --user nobody || return
	check "runs as nobody" "user $(ps -o user= -p "$RA6C_PID")" \
		test "$(ps -o user= -p "$RA6C_PID" | tr -d ' ')" = nobody
	caps=$(awk '/^CapEff/ { print $2 }' "/proc/$RA6C_PID/status")
	check "keeps only CAP_NET_BIND_SERVICE, CAP_NET_ADMIN, CAP_NET_RAW" "CapEff $caps" \
		test "$caps" = 0000000000003400
	addr=$(rec_get bound ADDRESSES | cut -d/ -f1)
	check "leased address $addr on $LAB_CLI_IF" "not in ip -6 addr" \
		lab_cli_has_addr "$addr"
	if lab_server_has_pd "$srv"; then
		pfx=$(rec_get bound PREFIXES | cut -d, -f1)
		check "unreachable route for $pfx" "not in ip -6 route" \
			lab_cli_has_unreachable "$pfx"
	fi
	t0=$(lab_now)
	renew=$(lab_wait_pkt RENEW $((S_T1 + 3)) "$t0" | cut -f1)
	check "still renews without root" "no Renew within T1+3 s" test -n "$renew"
	check "script updated after the Renew" "no updated state" rec_wait updated 3
	kill -TERM "$RA6C_PID"
	lab_wait_until 5 ra6c_gone
	check "address removed at stop" "$addr still there" \
		not lab_cli_has_addr "$addr"
	if [ -n "${pfx:-}" ]; then
		check "route removed at stop" "$pfx still there" \
			not lab_cli_has_unreachable "$pfx"
	fi
}

# h (opt-in): the link goes down and up while bound. With delegated
# prefixes (-P, where the server delegates) RFC 9915 §18.2.12 asks for a
# Rebind with every IA, timed as a Confirm; with addresses only, a Confirm
# (§18.2.3, after up to CNF_MAX_DELAY = 1 s). The server answers, the
# binding stays (no unbound, no Solicit).
scenario_h() {
	local srv=$1 t0 msg n
	bring_up_bound "$srv" || return
	msg=CONFIRM
	lab_server_has_pd "$srv" && msg=REBIND
	t0=$(lab_now)
	lab_cli ip link set "$LAB_CLI_IF" down
	sleep 0.5
	lab_cli ip link set "$LAB_CLI_IF" up
	check "$msg after link up" "no $msg within 5 s" seen "$msg" 5 "$t0"
	check "$msg answered by a Reply" "no Reply with the $msg's xid" \
		lab_answered "$msg" REPLY
	if [ "$msg" = REBIND ]; then
		local pfx
		pfx=$(rec_get bound PREFIXES | cut -d, -f1)
		check "the Rebind carries the delegated prefix $pfx" "$(lab_pkts | awk -F'\t' '$4 == "REBIND"' | head -1)" \
			lab_decoded_has REBIND "$t0" "IAPREFIX($pfx,"
		check "script rebound" "states: $(rec_states | tr '\n' ' ')" rec_wait rebound 3
	fi
	sleep 1
	check "still bound: no unbound" "states: $(rec_states | tr '\n' ' ')" not rec_has unbound
	n=$(lab_count_pkt SOLICIT "$t0")
	check "no new Solicit after the link flap" "$n Solicits" test "$n" -eq 0
}

# i (opt-in, Kea): the server restarts with a new DUID while we are bound:
# Renews to the old DUID go unanswered, the Rebind at T2 (to any server)
# finds the new one, which knows the lease -> rebound.
scenario_i() {
	local srv=$1 t0 reb
	[ "$srv" = kea ] || { notok "server" "scenario i needs Kea's server-id setting, not $srv"; return; }
	bring_up_bound "$srv" || return
	t0=$(lab_now)
	LAB_KEA_DUID=0a0b0c0d0e0f lab_server_start kea
	reb=$(lab_wait_pkt REBIND $((S_T2 + 3)) "$t0" | cut -f1)
	check "Rebind after T2" "no Rebind within T2+3 s" test -n "$reb"
	check "script rebound" "states: $(rec_states | tr '\n' ' ')" rec_wait rebound 5
	# The next Renew (T1 after the rebind) goes to the new DUID.
	lab_wait_pkt RENEW $((S_T1 + 3)) "$(lab_now)" >/dev/null
	check "next Renew carries the new server's DUID" "Server ID not updated" \
		bash -c "python3 '$here/pcap.py' '$LAB_PCAP' | awk -F'\t' '\$4 == \"RENEW\"' | tail -1 | grep -q '0002000c0002000009bf0a0b0c0d0e0f'"
	check "never unbound" "states: $(rec_states | tr '\n' ' ')" not rec_has unbound
}

# j (opt-in, Kea): DAD fails for the leased address (the server side holds
# the same address), standalone mode installs it, the kernel reports the
# failure -> Decline with that address (RFC 9915 §18.2.8), mandatory in the
# IPv6 Ready client cases.
scenario_j() {
	local srv=$1 t0 dec
	[ "$srv" = kea ] || { notok "server" "scenario j expects Kea's first address, not $srv"; return; }
	lab_srv ip -6 addr add 2001:db8:1::1000/128 dev "$LAB_SRV_IF" nodad
	lab_cli sysctl -qw "net.ipv6.conf.$LAB_CLI_IF.accept_dad=1"
	t0=$(lab_now)
	bring_up "$srv" --standalone || return
	dec=$(lab_wait_pkt DECLINE 8 "$t0" | cut -f1)
	check "Decline after DAD failure" "no Decline within 8 s" test -n "$dec"
	check "Decline names 2001:db8:1::1000" "$(lab_pkts | awk -F'\t' '$4 == "DECLINE"' | head -1)" \
		lab_decoded_has DECLINE 0 2001:db8:1::1000
	check "server answered the Decline" "no Reply with the Decline's xid" \
		lab_answered DECLINE REPLY
	check "script updated without the address" "states: $(rec_states | tr '\n' ' ')" rec_wait updated 3
}

# k (opt-in): the interface disappears while bound -> ra6c exits on its
# own, with a message naming it, so netifd/procd can start it again on
# the new interface (its sockets are bound to the old ifindex).
scenario_k() {
	local srv=$1
	bring_up_bound "$srv" || return
	lab_cli ip link del "$LAB_CLI_IF"
	lab_wait_until 5 ra6c_gone
	check "exits when the interface is removed" "still running 5 s later" bash -c "! kill -0 $RA6C_PID 2>/dev/null"
	check "says why" "$(tail -2 "$LAB_DIR/ra6c.log")" grep -q "was removed" "$LAB_DIR/ra6c.log"
	RA6C_PID=""
}

# Fault scenarios (issue 7), one file per concern.
for f in "$here"/faults/*.sh; do
	# shellcheck source=/dev/null
	source "$f"
done
# Issue 15's options: the script contract against odhcp6c's fixtures.
# shellcheck source=../contract/scenarios.sh
source "$here/../contract/scenarios.sh"

###########################################################################
for srv in "${servers[@]}"; do
	case $srv in kea | dnsmasq | dhcpd | dhcp6s) ;; *) echo "run.sh: unknown server $srv" >&2; exit 2 ;; esac
	server_timers "$srv"
	for sc in "${scenarios[@]}"; do
		declare -F "scenario_$sc" >/dev/null || { echo "run.sh: unknown scenario $sc" >&2; exit 2; }
		CUR="$srv $sc"
		scenario_begin
		"scenario_$sc" "$srv"
		scenario_end
	done
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
