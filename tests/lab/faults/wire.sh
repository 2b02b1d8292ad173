# shellcheck shell=bash
# Fault scenarios (issue 7): packets ra6c must ignore and count, leaving
# its state alone. Sourced by run.sh, which provides check/ok/notok/info,
# bring_up, start_ra6c and the lab library; run one with
#   sudo tests/lab/run.sh --server kea --scenario wire path/to/ra6c
#
#   wire  (Kea) bound; Kea stopped; SIGUSR1 -> Renew; inject.py answers it
#         with bad Replies (structure, xid, Client ID, Server ID, duplicates)
#         and an unauthenticated Reconfigure -> no state change, the Renew is
#         retransmitted; Kea back -> that retransmission gets the Reply ->
#         updated, same address; the stop log counts each packet where due
#   rkap  inject.py is the server and gives a Reconfigure Key; a valid
#         Reconfigure -> Renew -> updated; replayed, bad HMAC, older counter,
#         no Authentication -> no Renew, no script call, counted; a last
#         valid one still works (the rejects did not move the counter)

# wire_inject <inject.py args...>: the injector in the server namespace,
# in the background, output in $WIRE_LOG (one line per packet sent).
wire_inject() {
	WIRE_LOG=$LAB_DIR/inject.log
	: >"$WIRE_LOG"
	lab_bg "$LAB_SRV_NS" "$WIRE_LOG" python3 "$LAB_HOME/inject.py" -i "$LAB_SRV_IF" "$@"
	WIRE_PID=$LAB_BG_PID
}


# wire_sent_at NAME: when the injector sent packet NAME (epoch seconds).
wire_sent_at() { awk -v n="$1" '$2 == "sent" && $3 == n { print $1; exit }' "$WIRE_LOG" | grep .; }

# wire_expected TAG: how many packets the injector sent with expect=TAG.
wire_expected() { grep -c " expect=$1 " "$WIRE_LOG"; }

# wire_counter NAME: a counter from ra6c's stop log: "malformed" or one of
# the client's drop reasons ("wrong xid", "client id mismatch", ...).
wire_counter() {
	local line
	if [ "$1" = malformed ]; then
		line=$(grep 'stopped: .* packets in' "$LAB_DIR/ra6c.log" | tail -1)
		sed -n 's/.*(\([0-9]*\) malformed).*/\1/p' <<<"$line" | grep .
	else
		line=$(grep 'dropped by the client:' "$LAB_DIR/ra6c.log" | tail -1)
		grep -o "$1 [0-9]*" <<<"$line" | awk '{ print $NF }' | grep .
	fi
}

# wire_count_pkts NAME FROM TO: packets named NAME captured in (FROM, TO).
wire_count_pkts() {
	lab_pkts | awk -F'\t' -v n="$1" -v a="$2" -v b="$3" '$4 == n && $1 > a && $1 < b { c++ } END { print c + 0 }'
}

# wire_find_xid NAME XID AFTER: time of the first packet named NAME with
# transaction id XID (6 hex digits) captured after AFTER; fails if none.
wire_find_xid() {
	lab_pkts | awk -F'\t' -v n="$1" -v x="$2" -v a="$3" \
		'$4 == n && substr($7, 3, 6) == x && $1 > a { print $1; exit }' | grep .
}

wire_has_xid() { wire_find_xid "$@" >/dev/null; }

# wire_first_summary NAME: the first packet named NAME, options decoded.
wire_first_summary() {
	python3 "$LAB_HOME/pcap.py" -s "$LAB_PCAP" | awk -F'\t' -v n="$1" '$4 == n { print $8; exit }'
}

# wire_states_between FROM TO: script states called in (FROM, TO), one a line.
wire_states_between() {
	awk -v a="$1" -v b="$2" '/^BEGIN / { t = $2 }
		/^STATE=/ && t > a && t < b { print substr($0, 7) }' "$RECORD_FILE"
}

# wire_stop: SIGTERM; ra6c logs its counters as it exits.
wire_stop() {
	kill -TERM "$RA6C_PID"
	lab_wait_until 5 ra6c_gone
	if ! ra6c_gone; then
		notok "exit at SIGTERM" "still running 5 s later"
		return 1
	fi
	wait "$RA6C_PID" 2>/dev/null
	RA6C_PID=""
	lab_wait_log "$LAB_DIR/ra6c.log" 'dropped by the client:' 2 ||
		{ notok "counters at stop" "no 'dropped by the client' line in the log"; return 1; }
}

# wire_check_counter NAME WANT: one counter of the stop log is exactly WANT.
wire_check_counter() {
	local got
	got=$(wire_counter "$1")
	check "$1 counted $2" "$1 ${got:-missing}, $2 sent" test "${got:-x}" = "$2"
}

###########################################################################
scenario_wire() {
	local srv=$1 addr t0 renew xid retx later n tag
	[ "$srv" = kea ] || { notok "server" "scenario wire restarts Kea on its lease file, not $srv"; return; }
	# Long timers: the Renew we trigger must be the only one, and it must
	# not turn into a Rebind (T2) while Kea is down (REN_TIMEOUT is 10 s).
	# shellcheck disable=SC2034 # read by lab_server_start (dynamic scope)
	local LAB_T1=60 LAB_T2=90 LAB_PREF=100 LAB_VALID=120
	bring_up_bound "$srv" || return
	addr=$(rec_get bound ADDRESSES | cut -d, -f1)
	# Nothing legitimate may answer the Renew: only the injector does.
	lab_server_stop
	wire_inject faults --wait RENEW --timeout 10
	if ! lab_wait_log "$WIRE_LOG" 'waiting for' 5; then
		notok "injector ready" "$(tail -3 "$WIRE_LOG")"
		return
	fi
	t0=$(lab_now)
	kill -USR1 "$RA6C_PID"
	lab_wait_until 12 not proc_alive "$WIRE_PID"
	if ! grep -q ' done: ' "$WIRE_LOG"; then
		notok "bad Replies sent to the Renew" "injector: $(tail -2 "$WIRE_LOG")"
		return
	fi
	ok "$(grep -c ' sent ' "$WIRE_LOG") bad packets sent to the Renew"
	info "sent: $(awk '$2 == "sent" { printf "%s ", $3 }' "$WIRE_LOG")"
	sleep 1 # let ra6c read them all
	check "ra6c alive after the bad packets" "ra6c exited" proc_alive "$RA6C_PID"
	check "no script call since bound" "states: $(rec_states | tr '\n' ' ')" \
		test -z "$(rec_states | sed '1,/^bound$/d')"
	renew=$(lab_find_pkt RENEW "$t0")
	xid=$(cut -f7 <<<"$renew" | cut -c3-8)
	if [ -z "$xid" ]; then
		notok "Renew at SIGUSR1" "none captured"
		return
	fi
	# Kea's memfile still holds our lease: it answers the retransmission.
	lab_server_start kea
	# REN_TIMEOUT is 10 s (+-10 %): the retransmission is due 9-11 s after.
	lab_wait_until 13 wire_has_xid RENEW "$xid" "$(cut -f1 <<<"$renew")"
	retx=$(wire_find_xid RENEW "$xid" "$(cut -f1 <<<"$renew")")
	check "Renew $xid retransmitted (same exchange)" "no second Renew with xid $xid within 13 s" test -n "$retx"
	[ -n "$retx" ] && info "retransmitted $(lab_delta_ms "$(cut -f1 <<<"$renew")" "$retx") ms after the first"
	# The injected Replies carry that xid too: only one after the retransmission is Kea's.
	check "retransmission answered" "no Reply with xid $xid after it" \
		lab_wait_until 2 wire_has_xid REPLY "$xid" "${retx:-9e9}"
	if rec_wait updated 5; then
		ok "script updated"
		later=$(rec_get updated ADDRESSES | cut -d, -f1)
		check "same address after the Renew ($addr)" "updated ADDRESSES='$(rec_get updated ADDRESSES)'" \
			test "$later" = "$addr"
	else
		notok "script updated" "states: $(rec_states | tr '\n' ' ')"
	fi
	wire_stop || return
	info "$(grep -E 'stopped: |dropped by the client:' "$LAB_DIR/ra6c.log" | tr '\n' ' ')"
	# Each kind of bad packet lands in exactly one counter, once per packet.
	for tag in malformed wrong_xid client_id_mismatch no_server_id bad_reconfigure; do
		n=$(wire_expected "$tag")
		wire_check_counter "${tag//_/ }" "$n"
	done
	wire_check_counter unexpected 0
	wire_check_counter "nothing offered" 0
}

###########################################################################
# The injector is the server here: none of the four lab servers sends
# Reconfigure (Kea 2.2, dnsmasq and dhcp6s never do, dhcpd only from its
# OMAPI), so $1 only names the run.
scenario_rkap() {
	local name t t_end renew xid n states req rep
	wire_inject rkap --quiet 3
	if ! lab_wait_until 5 lab_udp_listening 547; then
		notok "injector serving" "$(tail -3 "$WIRE_LOG")"
		return
	fi
	start_ra6c --solicit-delay 0 -P "$LAB_PD_LEN" || { notok "ra6c running" "ra6c exited at start"; return; }
	send_ra_m
	if ! rec_wait bound 10; then
		notok "bound through the injector" "injector: $(tail -2 "$WIRE_LOG")"
		return
	fi
	req=$(wire_first_summary REQUEST)
	rep=$(wire_first_summary REPLY)
	check "Request carries Reconfigure Accept" "Request: $req" grep -q RECONF_ACCEPT <<<"$req"
	# 11 octets of protocol, algorithm, RDM, replay counter, then type 1 and the key.
	check "Reply to it holds the key (Authentication option)" "Reply: $rep" grep -q 'AUTH\[28\]' <<<"$rep"
	# Six Reconfigures, 3 s apart, or 1 s after the Renew a valid one causes.
	lab_wait_until 30 grep -q ' done$' "$WIRE_LOG"
	if ! grep -q ' done$' "$WIRE_LOG"; then
		notok "Reconfigures sent" "injector: $(tail -2 "$WIRE_LOG")"
		return
	fi
	for name in valid replayed bad-hmac older-counter no-auth valid-again; do
		if ! t=$(wire_sent_at "$name"); then
			notok "$name Reconfigure" "not sent: $(tail -2 "$WIRE_LOG")"
			continue
		fi
		t_end=$(awk -v t="$t" 'BEGIN { printf "%.9f", t + 3 }')
		states=$(wire_states_between "$t" "$t_end" | tr '\n' ' ')
		case $name in
		valid*) ;;
		*)
			n=$(wire_count_pkts RENEW "$t" "$t_end")
			check "$name Reconfigure ignored: no Renew within 3 s" "$n Renew(s)" test "$n" -eq 0
			check "$name: no script call" "states: '$states'" test -z "$states"
			continue
			;;
		esac
		renew=$(lab_find_pkt RENEW "$t")
		if [ -z "$renew" ]; then
			notok "$name Reconfigure -> Renew" "no Renew after it"
			continue
		fi
		ok "$name Reconfigure -> Renew ($(lab_delta_ms "$t" "$(cut -f1 <<<"$renew")") ms)"
		# The Renew is a new exchange: a fresh xid (not the Reconfigure's 0), answered.
		xid=$(cut -f7 <<<"$renew" | cut -c3-8)
		check "$name: Renew has a fresh xid" "xid $xid" test "$xid" != 000000
		check "$name: Renew $xid answered" "no Reply with its xid" \
			wire_has_xid REPLY "$xid" "$(cut -f1 <<<"$renew")"
		check "$name: script updated" "states within 3 s: '$states'" test "$states" = "updated "
	done
	check "ra6c alive" "ra6c exited" proc_alive "$RA6C_PID"
	wire_stop || return
	info "$(grep -E 'stopped: |dropped by the client:' "$LAB_DIR/ra6c.log" | tr '\n' ' ')"
	wire_check_counter "bad reconfigure" "$(wire_expected bad_reconfigure)"
	wire_check_counter malformed 0
	wire_check_counter "wrong xid" 0
	wire_check_counter unexpected 0
}
