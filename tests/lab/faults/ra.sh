#!/bin/bash
# Sourced by tests/lab/run.sh (issue 15): a router's life is long.
#
# ralife (Kea): radvd with router lifetime 18 s and prefix lifetimes 40/30 s,
#   Kea's T1 600 s, for 75 s after bound: what netifd would hold of the
#   script's reports (tests/lab/netifd_view.py, netifd's own rules) keeps
#   ::/0, the on-link route and the RA address throughout, with no DHCPv6
#   message in between: ra6c refreshes before anything lapses.
# routers (Kea): a second RA sender on the link (a Thread border router:
#   router lifetime 0, RIOs, its own prefix and DNS) leaves the first
#   router's default route; the first one splitting its options over
#   another RA (RFC 4861 §6.2.3) keeps what it said before; a repeated RA
#   changes nothing and calls no script.
# tun: ra6c on a tun device (no MAC, point-to-point, like PPPoE or raw-IP
#   LTE) gets RA_ADDRESSES with its link-local's interface id, and no
#   on-link route (odhcp6c adds none on point-to-point links).
# shellcheck disable=SC2154 # LAB_*, RECORD_FILE, here, CUR come from run.sh and lab.sh

# ra_addr PREFIX LINKLOCAL: the SLAAC address, PREFIX's /64 with the
# link-local's interface id (what odhcp6c and ra6c build by default).
ra_addr() {
	python3 -c 'import ipaddress as i, sys
p, ll = int(i.IPv6Address(sys.argv[1])), int(i.IPv6Address(sys.argv[2]))
print(i.IPv6Address(p >> 64 << 64 | ll & (1 << 64) - 1))' "$1" "$2"
}

# has_entry LIST REGEX: a space-separated variable has an entry matching.
has_entry() { tr ' ' '\n' <<<"$1" | grep -qE -- "$2"; }

scenario_ralife() {
	local srv=$1 t0 t1 addr out n_up n_ra rc
	[ "$srv" = kea ] || { notok "server" "scenario ralife is written for Kea, not $srv"; return; }
	# Lease timers far beyond the test: no Renew may refresh anything.
	LAB_T1=600 LAB_T2=960 LAB_PREF=1200 LAB_VALID=1800 lab_server_start "$srv"
	LAB_RA_LIFETIME=18 LAB_RA_AUTONOMOUS=1 LAB_RA_VALID=40 LAB_RA_PREFERRED=30 \
		LAB_RA_DNS_LIFETIME=8 lab_radvd_start 1 1 4
	start_ra6c --solicit-delay 0 -P "$LAB_PD_LEN" || { notok "ra6c running" "ra6c exited at start"; return; }
	if ! rec_wait bound 20; then
		notok "bound" "no bound within 20 s of radvd's RAs"
		return
	fi
	t0=$(rec_get bound TS)
	addr=$(ra_addr 2001:db8:1:: "$LAB_CLI_LL")
	check "bound carries the RA address $addr" "RA_ADDRESSES='$(rec_get bound RA_ADDRESSES)'" \
		has_entry "$(rec_get bound RA_ADDRESSES)" "^$addr/64,"
	sleep 75
	t1=$(lab_now)
	out=$(python3 "$here/netifd_view.py" "$RECORD_FILE" "$t0" "$t1" \
		"route=::/0,$LAB_SRV_LL" "route=$LAB_NET" "addr=$addr/")
	rc=$?
	while read -r line; do info "netifd: $line"; done <<<"$out"
	check "netifd holds ::/0, $LAB_NET and $addr for 75 s (router lifetime 18 s)" "$out" test "$rc" -eq 0
	n_up=$(rec_count ra-updated)
	n_ra=$(lab_pkts | awk -F'\t' -v a="$t0" '$4 == "RA" && $1 > a' | wc -l)
	info "$n_ra RAs, $n_up ra-updated calls after bound"
	check "fewer script calls than RAs ($n_up < $n_ra)" "states: $(rec_states | tr '\n' ' ')" \
		test "$n_up" -lt "$n_ra"
	check "no DHCPv6 message after bound (T1 600 s)" "$(lab_count_pkt RENEW "$t0") Renew(s)" \
		test "$(lab_pkts | awk -F'\t' -v a="$t0" '$2 == "dhcp6" && $1 > a + 1' | wc -l)" -eq 0
	check "still bound: no unbound" "states: $(rec_states | tr '\n' ' ')" not rec_has unbound
}

scenario_routers() {
	local srv=$1 b=fe80::b n routes dns addr br=()
	[ "$srv" = kea ] || { notok "server" "scenario routers is written for Kea, not $srv"; return; }
	# Router A (LAB_SRV_LL): M=1, router lifetime 1800, on-link prefix.
	bring_up_bound "$srv" || return
	# B's link-local beside A's: A's RAs name their source from here on.
	lab_srv ip -6 addr add "$b/64" dev "$LAB_SRV_IF" nodad
	n=$(rec_count ra-updated)
	# Router B: a Thread border router's RA.
	br=(-q --src "$b" --router-lifetime 0 --route "fd00:1::/64,high" --route fd00:2::/48
		--prefix fd00:3::/64 --autonomous --rdnss fd00:3::53)
	lab_send_ra "${br[@]}"
	if ! rec_wait ra-updated 5 $((n + 1)); then
		notok "B's RA -> ra-updated" "states: $(rec_states | tr '\n' ' ')"
		return
	fi
	routes=$(rec_get ra-updated RA_ROUTES)
	dns=$(rec_get ra-updated RA_DNS)
	addr=$(ra_addr fd00:3:: "$LAB_CLI_LL")
	info "RA_ROUTES=$routes"
	check "A's default route kept beside B (lifetime 0)" "RA_ROUTES='$routes'" has_entry "$routes" "^::/0,$LAB_SRV_LL,"
	check "no default route via B" "RA_ROUTES='$routes'" not has_entry "$routes" "^::/0,$b,"
	check "B's RIO fd00:1::/64 via B, metric 384 (high)" "RA_ROUTES='$routes'" \
		has_entry "$routes" "^fd00:1::/64,$b,[0-9]+,384$"
	check "B's RIO fd00:2::/48 via B, metric 512" "RA_ROUTES='$routes'" \
		has_entry "$routes" "^fd00:2::/48,$b,[0-9]+,512$"
	check "A's on-link prefix" "RA_ROUTES='$routes'" has_entry "$routes" "^2001:db8:1::/64,,"
	check "B's on-link prefix" "RA_ROUTES='$routes'" has_entry "$routes" "^fd00:3::/64,,"
	check "RA address $addr from B's prefix" "RA_ADDRESSES='$(rec_get ra-updated RA_ADDRESSES)'" \
		has_entry "$(rec_get ra-updated RA_ADDRESSES)" "^$addr/64,"
	check "B's DNS goes with its router lifetime 0 (odhcp6c)" "RA_DNS='$dns'" not has_entry "$dns" "fd00:3::53"
	# A splits its options: this RA carries only DNS.
	lab_send_ra -q -M --src "$LAB_SRV_LL" --rdnss "$LAB_DNS" --dnssl "$LAB_DOMAIN"
	if rec_wait ra-updated 6 $((n + 2)); then
		routes=$(rec_get ra-updated RA_ROUTES)
		check "A's DNS-only RA adds RA_DNS $LAB_DNS" "RA_DNS='$(rec_get ra-updated RA_DNS)'" \
			has_entry "$(rec_get ra-updated RA_DNS)" "^$LAB_DNS$"
		check "A's prefix from its first RA kept" "RA_ROUTES='$routes'" has_entry "$routes" "^2001:db8:1::/64,,"
		check "B's routes kept" "RA_ROUTES='$routes'" has_entry "$routes" "^fd00:1::/64,$b,"
		check "A's default route kept" "RA_ROUTES='$routes'" has_entry "$routes" "^::/0,$LAB_SRV_LL,"
	else
		notok "A's DNS-only RA -> ra-updated" "states: $(rec_states | tr '\n' ' ')"
	fi
	# B repeats itself: nothing changes, so no script call.
	n=$(rec_count ra-updated)
	sleep 3.5 # past the -m hold-off
	lab_send_ra "${br[@]}"
	sleep 4
	check "repeated RA: no ra-updated" "states: $(rec_states | tr '\n' ' ')" test "$(rec_count ra-updated)" -eq "$n"
}

scenario_tun() {
	local srv=$1 addr routes link
	lab_tun_add
	link=$(lab_cli ip link show dev "$LAB_TUN_CLI")
	check "$LAB_TUN_CLI has no MAC" "$link" not has_entry "$link" "^link/ether$"
	LAB_CLI_IF=$LAB_TUN_CLI start_ra6c || { notok "ra6c running on $LAB_TUN_CLI" "$(tail -3 "$LAB_DIR/ra6c.log")"; return; }
	# SLAAC only (M=0, O=0): odhcp6c's default reports it (allow_slaac_only).
	lab_srv python3 "$LAB_HOME/send_ra.py" -i "$LAB_TUN_SRV" -q --prefix 2001:db8:9::/64 --autonomous \
		--router-lifetime 600
	if ! rec_wait ra-updated 5; then
		notok "RA on tun -> ra-updated" "states: $(rec_states | tr '\n' ' '); log: $(tail -3 "$LAB_DIR/ra6c.log")"
		return
	fi
	# lab_tun_add gives the client side fe80::2: its id builds the address.
	addr=$(ra_addr 2001:db8:9:: fe80::2)
	routes=$(rec_get ra-updated RA_ROUTES)
	check "RA_ADDRESSES has $addr ($LAB_TUN_CLI's link-local id)" "RA_ADDRESSES='$(rec_get ra-updated RA_ADDRESSES)'" \
		has_entry "$(rec_get ra-updated RA_ADDRESSES)" "^$addr/64,[0-9]+,[0-9]+,0,0$"
	check "default route via fe80::1" "RA_ROUTES='$routes'" has_entry "$routes" "^::/0,fe80::1,[0-9]+,512$"
	check "no on-link route on a point-to-point link" "RA_ROUTES='$routes'" \
		not has_entry "$routes" "^2001:db8:9::/64,"
}
