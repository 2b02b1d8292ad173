# odhcp6c's modes (issue 15 item 2), sourced by run.sh: what starts
# prefix delegation besides M, and what ra6c does when no server offers
# anything. Each is a scenario_<name> taking the server as $1.
# shellcheck shell=bash

# modes_start_pd FLAGS...: the server, ra6c with -P, one RA with FLAGS
# (send_ra.py's) and the lab's /64; then a Solicit (not an
# Information-Request) and "bound" with a delegated prefix.
modes_expect_pd() {
	local srv=$1 t0 n p
	shift
	lab_server_start "$srv"
	start_ra6c --solicit-delay 0 -P "$LAB_PD_LEN" || { notok "ra6c running" "exited at start"; return 1; }
	t0=$(lab_now)
	lab_send_ra -q --prefix "$LAB_NET" "$@"
	check "Solicit after the RA ($*)" "none within 5 s" seen SOLICIT 5 "$t0"
	n=$(lab_count_pkt INFORMATION-REQUEST "$t0")
	check "no Information-Request" "$n seen" test "$n" -eq 0
	if ! rec_wait bound 20; then
		notok "bound" "states: $(rec_states | tr '\n' ' ')"
		return 1
	fi
	p=$(rec_get bound PREFIXES)
	check "PREFIXES has a /$LAB_PD_LEN in $LAB_PD_NET" "PREFIXES='$p'" \
		quietly first_entry_in "$p" "$LAB_PD_NET" "$LAB_PD_LEN"
}

# wpd4: RFC 7084 WPD-4, a CE router asks for prefixes when M or O is set:
# with -P an RA with O only starts a Solicit with IA_PD (it used to give
# an Information-Request only, so the LAN never got a prefix).
scenario_wpd4() {
	lab_server_has_pd "$1" || { notok "server" "$1 delegates no prefixes"; return; }
	modes_expect_pd "$1" -O
}

# pflag: RFC 9762, a PIO's P flag says DHCPv6-PD is available: with -P,
# an RA with neither M nor O but P starts prefix delegation.
scenario_pflag() {
	lab_server_has_pd "$1" || { notok "server" "$1 delegates no prefixes"; return; }
	modes_expect_pd "$1" --pd-preferred
}

# fallback (Kea): no addresses to give, no -P: every Advertise offers
# nothing usable (NoAddrsAvail). As odhcp6c, ra6c sends an
# Information-Request after the first Solicit's RT and calls the script
# "informed" (it used to solicit forever).
scenario_fallback() {
	local srv=$1 t0 n
	[ "$srv" = kea ] || { notok "server" "scenario fallback needs Kea's pool settings, not $srv"; return; }
	t0=$(lab_now)
	RA6C_NO_PD=1 LAB_POOL_LO="" bring_up "$srv" -N try || return
	check "Advertise says NoAddrsAvail (status 2)" "$(lab_pkts_summary | awk -F'\t' '$2 == "ADVERTISE"' | head -1)" \
		lab_first_decoded_has ADVERTISE "$t0" 'STATUS(2,'
	check "then Information-Request" "none within 5 s" seen INFORMATION-REQUEST 5 "$t0"
	if rec_wait informed 10; then
		check "informed RDNSS is $LAB_DNS" "RDNSS='$(rec_get informed RDNSS)'" \
			grep -qw -- "$LAB_DNS" <<<"$(rec_get informed RDNSS)"
	else
		notok "script informed" "states: $(rec_states | tr '\n' ' ')"
	fi
	sleep 3
	n=$(lab_count_pkt SOLICIT "$t0")
	check "Solicits stop (no loop)" "$n Solicits" test "$n" -le 2
}
