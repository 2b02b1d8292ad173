# Fault scenarios about the lease itself (issue 7), sourced by run.sh:
# the server goes away, loses the binding, moves the link, hands out
# unusual lifetimes or no addresses; the interface is removed and comes
# back. Each is a scenario_<name> taking the server as $1.
# shellcheck shell=bash

# expire: standalone mode, the server stops answering while bound ->
# Renew, then Rebind, then at the valid lifetime "unbound" and every
# address and route ra6c installed is gone from the kernel.
scenario_expire() {
	local srv=$1 addr pfx="" rebind n
	bring_up_bound "$srv" --standalone || return
	addr=$(rec_get bound ADDRESSES | cut -d/ -f1)
	check "leased address $addr installed" "not in ip -6 addr" lab_cli_has_addr "$addr"
	if lab_server_has_pd "$srv"; then
		pfx=$(rec_get bound PREFIXES | cut -d, -f1)
		check "unreachable route for $pfx installed" "not in ip -6 route" lab_cli_has_unreachable "$pfx"
	fi
	lab_server_stop
	info "server stopped; valid lifetime ${S_VALID}s"
	check "Renew while the server is silent" "no Renew within T1+3 s" seen RENEW $((S_T1 + 3))
	check "then Rebind" "no Rebind within T2+3 s" seen REBIND $((S_T2 + 3))
	if ! rec_wait unbound $((S_VALID + 5)); then
		notok "script unbound at the valid lifetime" "states: $(rec_states | tr '\n' ' ')"
		return
	fi
	ok "script unbound at the valid lifetime"
	rebind=$(lab_find_pkt REBIND | cut -f1)
	n=$(lab_count_pkt RENEW "$rebind")
	check "Renews stop at T2 (none after the first Rebind)" "$n Renew(s) after it" test "$n" -eq 0
	check "address $addr removed" "still in ip -6 addr" not lab_cli_has_addr "$addr"
	if [ -n "$pfx" ]; then
		check "route for $pfx removed" "still in ip -6 route" not lab_cli_has_unreachable "$pfx"
	fi
	check "ra6c keeps running, soliciting again" "exited" proc_alive "$RA6C_PID"
}

# nobinding (dnsmasq): the server loses its lease database while we are
# bound; our Renew is answered with NoBinding (RFC 9915 §18.2.10.1) ->
# Request for the same IA -> bound again, never unbound.
scenario_nobinding() {
	local srv=$1 t0 leases
	[ "$srv" = dnsmasq ] || { notok "server" "scenario nobinding is written for dnsmasq, which answers a Renew for a lost lease with NoBinding, not $srv"; return; }
	bring_up_bound "$srv" || return
	# Keep dnsmasq's DUID (the "duid" line), forget the leases.
	leases="$LAB_DIR/dnsmasq/dnsmasq.leases"
	lab_server_stop
	sed -i '/^duid /!d' "$leases"
	lab_server_start "$srv"
	t0=$(lab_now)
	kill -USR1 "$RA6C_PID" # Renew now rather than at dnsmasq's T1 (60 s)
	check "Renew" "no Renew within 3 s of SIGUSR1" seen RENEW 3 "$t0"
	check "Reply says NoBinding (status 3)" "$(lab_pkts_summary | grep REPLY | tail -1)" \
		lab_first_decoded_has REPLY "$t0" 'STATUS(3,'
	check "then Request" "no Request after the NoBinding" seen REQUEST 3 "$t0"
	check "script updated with the binding back" "states: $(rec_states | tr '\n' ' ')" rec_wait updated 3
	check "never unbound" "states: $(rec_states | tr '\n' ' ')" not rec_has unbound
	check "no Solicit after the NoBinding" "$(lab_count_pkt SOLICIT "$t0") Solicit(s)" test "$(lab_count_pkt SOLICIT "$t0")" -eq 0
}

# notonlink (Kea): while the link is down the server moves to another
# prefix; the Confirm at link-up gets NotOnLink (§18.2.10.2) -> unbound,
# Solicit, bound with an address in the new prefix. Addresses only: with a
# delegated prefix link-up is a Rebind, not a Confirm (§18.2.12, scenario h).
scenario_notonlink() {
	local srv=$1 t0 new=2001:db8:2::/64 addrs
	[ "$srv" = kea ] || { notok "server" "scenario notonlink is written for Kea's subnet config, not $srv"; return; }
	# Long timers: no Renew may race the link flap.
	RA6C_NO_PD=1 LAB_T1=30 LAB_T2=48 LAB_PREF=60 LAB_VALID=90 bring_up_bound "$srv" || return
	lab_srv ip -6 addr add 2001:db8:2::1/64 dev "$LAB_SRV_IF" nodad
	# Restart first: Kea cannot open its socket while the veth is down.
	LAB_NET=$new LAB_POOL_LO=2001:db8:2::1000 LAB_POOL_HI=2001:db8:2::1fff LAB_PD_NET=2001:db8:200::/40 \
		lab_server_start "$srv"
	t0=$(lab_now)
	lab_cli ip link set "$LAB_CLI_IF" down
	sleep 0.3
	lab_cli ip link set "$LAB_CLI_IF" up
	check "Confirm after link up" "no Confirm within 5 s" seen CONFIRM 5 "$t0"
	check "Reply says NotOnLink (status 4)" "$(lab_pkts_summary | awk -F'\t' '$2 == "REPLY"' | tail -1)" \
		lab_first_decoded_has REPLY "$t0" 'STATUS(4,'
	check "script unbound" "states: $(rec_states | tr '\n' ' ')" rec_wait unbound 3
	check "Solicit again" "no Solicit after NotOnLink" seen SOLICIT 3 "$t0"
	if rec_wait bound 10 2; then
		addrs=$(rec_get bound ADDRESSES)
		check "bound again in $new" "ADDRESSES='$addrs'" quietly first_entry_in "$addrs" "$new"
	else
		notok "bound again" "states: $(rec_states | tr '\n' ' ')"
	fi
}

# moved (Kea): the server moves to another prefix while we are bound; our
# Renew gets the old address and prefix at lifetimes 0 next to new ones
# (RFC 9915 §18.2.10.1: lifetime 0 = drop it now). Standalone mode swaps
# them in the kernel; the script lists the old prefix once with 0s, as
# odhcp6c does, so the LAN side withdraws it at once.
scenario_moved() {
	local srv=$1 t0 old_a old_p a p
	[ "$srv" = kea ] || { notok "server" "scenario moved is written for Kea's subnet config, not $srv"; return; }
	LAB_T1=30 LAB_T2=48 LAB_PREF=60 LAB_VALID=90 bring_up_bound "$srv" --standalone || return
	old_a=$(rec_get bound ADDRESSES | cut -d/ -f1)
	old_p=$(rec_get bound PREFIXES | cut -d, -f1)
	lab_srv ip -6 addr add 2001:db8:2::1/64 dev "$LAB_SRV_IF" nodad
	LAB_NET=2001:db8:2::/64 LAB_POOL_LO=2001:db8:2::1000 LAB_POOL_HI=2001:db8:2::1fff LAB_PD_NET=2001:db8:200::/40 \
		LAB_T1=30 LAB_T2=48 LAB_PREF=60 LAB_VALID=90 lab_server_start "$srv"
	t0=$(lab_now)
	kill -USR1 "$RA6C_PID"
	sleep 1 # the capture may lag
	check "Reply withdraws $old_a with lifetimes 0" "$(lab_pkts_summary | awk -F'\t' '$2 == "REPLY"' | tail -1)" \
		lab_decoded_has REPLY "$t0" "IAADDR($old_a,0,0)"
	if ! rec_wait updated 5; then
		notok "script updated" "states: $(rec_states | tr '\n' ' ')"
		return
	fi
	a=$(rec_get updated ADDRESSES)
	p=$(rec_get updated PREFIXES)
	info "updated: ADDRESSES=$a PREFIXES=$p"
	check "ADDRESSES: only the new address" "ADDRESSES='$a'" \
		bash -c "[ \$(wc -w <<<'$a') -eq 1 ] && grep -q '^2001:db8:2::' <<<'$a'"
	check "PREFIXES: old $old_p listed with lifetimes 0" "PREFIXES='$p'" grep -q "$old_p,0,0,0,0" <<<"$p"
	check "PREFIXES: a new /$LAB_PD_LEN in 2001:db8:200::/40" "PREFIXES='$p'" \
		quietly first_entry_in "$p" 2001:db8:200::/40 "$LAB_PD_LEN"
	check "old address removed from the interface" "still there" not lab_cli_has_addr "$old_a"
	check "new address installed" "$(lab_cli ip -6 addr show dev "$LAB_CLI_IF" | grep 2001:db8)" \
		lab_cli_has_addr "$(cut -d/ -f1 <<<"$a")"
	check "old route $old_p removed" "still there" not lab_cli_has_unreachable "$old_p"
}

# lifetimes (Kea): infinite lifetimes, and T1 = T2 = 0, from a real server.
# T1 > T2 can't be had from Kea (it refuses such a config); the client
# unit tests cover it (the IA is ignored, RFC 9915 §21.4).
scenario_lifetimes() {
	local srv=$1 e t0 reply renew d n
	[ "$srv" = kea ] || { notok "server" "scenario lifetimes needs Kea's timer settings, not $srv"; return; }
	# Kea turns renew-timer/rebind-timer 0xffffffff into T1 = 0, T2 = inf.
	LAB_T1=4294967295 LAB_T2=4294967295 LAB_PREF=4294967295 LAB_VALID=4294967295 \
		bring_up "$srv" --standalone || return
	if ! rec_wait bound 20; then
		notok "bound (infinite lifetimes)" "no bound within 20 s"
		return
	fi
	e=$(rec_get bound ADDRESSES)
	info "infinite: ADDRESSES=$e; $(lab_pkts_summary | awk -F'\t' '$2 == "REPLY"' | head -1 | cut -f4 | grep -o 'IA_NA([^)]*)')"
	check "entry keeps the infinite lifetimes" "ADDRESSES='$e'" grep -q ',4294967295,4294967295,' <<<"$e"
	check "installed with valid_lft forever" "$(lab_cli ip -6 addr show dev "$LAB_CLI_IF" | grep -A1 2001:db8:1:: | tr -s ' ')" \
		bash -c "ip netns exec '$LAB_CLI_NS' ip -6 addr show dev '$LAB_CLI_IF' | grep -A1 ' ${e%%/*}/128 ' | grep -q 'valid_lft forever'"
	# Regression: T1 = 0 was taken literally and ra6c renewed ~1000/s.
	t0=$(lab_now)
	sleep 3
	n=$(lab_count_pkt RENEW "$t0")
	check "no Renew for an infinite lease (3 s)" "$n Renews" test "$n" -eq 0

	# T1 = T2 = 0: the client picks 0.5 and 0.8 of the preferred lifetime.
	LAB_T1=0 LAB_T2=0 LAB_PREF=6 LAB_VALID=10 lab_server_start "$srv"
	t0=$(lab_now)
	kill -USR1 "$RA6C_PID"
	if ! rec_wait updated 5; then
		notok "Renew answered with T1 = T2 = 0" "states: $(rec_states | tr '\n' ' ')"
		return
	fi
	e=$(rec_get updated ADDRESSES)
	check "client picked T1 3 s and T2 4 s of preferred 6 s" "ADDRESSES='$e'" grep -q ',6,10,3,4$' <<<"$e"
	reply=$(lab_pkts | awk -F'\t' -v t0="$t0" '$1 > t0 && $4 == "REPLY" { t = $1 } END { print t }')
	renew=$(lab_wait_pkt RENEW 6 "$reply" | cut -f1)
	if [ -n "$renew" ]; then
		d=$(lab_delta_ms "$reply" "$renew")
		check "next Renew at the chosen T1 (after ${d} ms)" "${d} ms after the Reply" ms_at_least "$d" 2500
	else
		notok "next Renew at the chosen T1" "none within 6 s of the Reply"
	fi
	# Up to the T1 Renew only: counting until now also counted the Renews of
	# later T1 periods when the polling above ran long on a loaded machine.
	n=$(lab_count_pkt RENEW "$t0" "$renew")
	check "Renews stay few (no loop)" "$n Renews up to the T1 Renew" test "$n" -le 3
}

# noaddrs (Kea): no address pool, only prefixes. Advertise carries IA_NA
# with NoAddrsAvail; with odhcp6c's default "-N try" ra6c binds the
# prefix alone.
scenario_noaddrs() {
	local srv=$1 p a
	[ "$srv" = kea ] || { notok "server" "scenario noaddrs needs Kea's pool settings, not $srv"; return; }
	LAB_POOL_LO="" bring_up "$srv" -N try || return
	if ! rec_wait bound 20; then
		notok "bound with a prefix only" "no bound within 20 s"
		return
	fi
	check "Advertise's IA_NA says NoAddrsAvail (status 2)" "$(lab_pkts_summary | awk -F'\t' '$2 == "ADVERTISE"' | head -1)" \
		lab_first_decoded_has ADVERTISE 0 'STATUS(2,'
	p=$(rec_get bound PREFIXES)
	a=$(rec_get bound ADDRESSES)
	check "PREFIXES has a /$LAB_PD_LEN" "PREFIXES='$p'" quietly first_entry_in "$p" "$LAB_PD_NET" "$LAB_PD_LEN"
	check "ADDRESSES empty" "ADDRESSES='$a'" test -z "$a"
}

# readd (Kea): the interface is removed while bound (ra6c exits, naming
# it, as scenario k checks) and comes back; ra6c started again, as
# netifd/procd would, binds again with its stored DUID and gets the same
# address back.
scenario_readd() {
	local srv=$1 a1 a2
	bring_up_bound "$srv" || return
	a1=$(rec_get bound ADDRESSES | cut -d, -f1)
	lab_cli ip link del "$LAB_CLI_IF"
	lab_capture_stop
	lab_wait_until 5 ra6c_gone
	check "exits when the interface is removed" "still running 5 s later" ra6c_gone
	RA6C_PID=""
	lab_link_add
	LAB_PCAP_FILE="$LAB_DIR/client-readd.pcap" lab_capture_start
	lab_server_start "$srv" # its socket went with the old interface
	start_ra6c --solicit-delay 0 || { notok "ra6c starts again" "exited at start"; return; }
	send_ra_m
	if rec_wait bound 20 2; then
		a2=$(rec_get bound ADDRESSES | cut -d, -f1)
		check "bound again with the same address ($a1)" "got $a2" test "$a1" = "$a2"
	else
		notok "bound again on the new interface" "states: $(rec_states | tr '\n' ' ')"
	fi
}
