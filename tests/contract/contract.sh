#!/bin/bash
# The state-script contract against odhcp6c's own output: what both sides
# run. Sourced, after tests/lab/lab.sh, by make_fixtures.sh (odhcp6c, by
# hand: it can't be built in CI) and by tests/lab/run.sh's scenarios
# contract-<case> (ra6c, in `make check`), so the server, the RA and the
# command line are the same for both.
#
# Cases (each in a fresh lab):
#   mape      RA M=1 O=1 on the veth, IA_NA + IA_PD: Kea hands out the
#             options below, among them a MAP-E container and a /56 with a
#             PD-exclude /64 -> "bound"
#   informed  RA O=1, -N none without -P: Information-Request -> "informed"
#   tun       as mape, over a tun link (no MAC): the DUID borrows the MAC
#             of the client namespace's other interface that has IPv4, as
#             odhcp6c does; Kea serves the tun
# The veth MACs are fixed, the tun's link-locals are fe80::1 and fe80::2,
# the hostname is "OpenWrt" (a UTS namespace) and the clients run with an
# empty environment: every value is the same from run to run except the
# lifetimes, which count down (compare.py allows for that).
# shellcheck disable=SC2034 # variables for the sourcing script

CONTRACT_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONTRACT_CASES=(mape informed tun)
CONTRACT_SRV_MAC=02:00:00:00:5e:01
CONTRACT_CLI_MAC=02:00:00:00:c1:01
# What each case's first "bound"/"informed" is compared on, plus "started".
contract_states() {
	case $1 in
	informed) echo started,informed ;;
	*) echo started,bound ;;
	esac
}

# Differences from odhcp6c known and explained (VAR=why), passed to
# compare.py: they are shown, not failed. "stop" holds those of the
# unbound and stopped calls at SIGTERM.
contract_known() {
	case $1 in
	stop)
		# unbound and stopped: odhcp6c keeps the last Reply's options in
		# its state until it starts over; ra6c reports none. Both go to
		# dhcpv6.script's teardown_interface, which reads no variable.
		local v
		for v in AFTR CAPTIVE_PORTAL_URI DOMAINS LW4O6 MAPE MAPT NTP_FQDN NTP_IP 'OPTION_*' \
			PASSTHRU RDNSS SERVER SIP_DOMAIN SIP_IP SNTP_IP; do
			echo "$v=odhcp6c keeps the last Reply's options after unbinding"
		done
		;;
	esac
}

# Kea's option-data beyond lab.sh's DNS, search list and SNTP: SIP (21,
# 22), AFTR (64), the captive portal (103), NTP (56, raw: Kea 2.2 has no
# definition for it) with an address and a name, the softwire containers
# (RFC 7598): MAP-E (94) with a forwarding mapping rule, its port
# parameters and a BR, MAP-T (95) with a rule whose IPv6 prefix ends
# inside an octet (/44; Kea gives it the same port parameters) and a DMR,
# LW4o6 (96) with a binding, its port parameters and a BR (Kea 2.2 sends
# one rule per container however many are configured); and an option
# ra6c doesn't know (200, sent unasked).
CONTRACT_KEA_OPTIONS='{ "name": "sip-server-dns", "data": "sip.example.net" },
      { "name": "sip-server-addr", "data": "2001:db8:1::5060" },
      { "name": "aftr-name", "data": "aftr.example.net" },
      { "name": "v6-captive-portal", "data": "https://portal.example.net/" },
      { "code": 56, "space": "dhcp6", "csv-format": false,
        "data": "0001001020010db800010000000000000000012400030011036e7470076578616d706c65036e657400" },
      { "name": "s46-cont-mape" },
      { "space": "s46-cont-mape-options", "name": "s46-rule", "data": "1, 16, 24, 192.0.2.0, 2001:db8:100::/40" },
      { "name": "s46-cont-mapt" },
      { "space": "s46-cont-mapt-options", "name": "s46-rule", "data": "0, 8, 24, 198.51.100.0, 2001:db8:200::/44" },
      { "space": "s46-cont-mapt-options", "name": "s46-dmr", "data": "2001:db8:ffff:64::/64" },
      { "name": "s46-cont-lw" },
      { "space": "s46-cont-lw-options", "name": "s46-br", "data": "2001:db8:ffff::2" },
      { "space": "s46-cont-lw-options", "name": "s46-v4v6bind", "data": "203.0.113.7, 2001:db8:1:cafe::/64" },
      { "space": "s46-v4v6bind-options", "name": "s46-portparams", "data": "0, 52/8" },
      { "space": "s46-cont-mape-options", "name": "s46-br", "data": "2001:db8:ffff::1" },
      { "space": "s46-rule-options", "name": "s46-portparams", "data": "6, 0/8" },
      { "code": 200, "space": "dhcp6", "csv-format": false, "data": "c0ffee", "always-send": true }'

# The interface the client runs on.
contract_ifname() {
	if [ "$1" = tun ]; then echo "$LAB_TUN_CLI"; else echo "$LAB_CLI_IF"; fi
}

# contract_setup CASE: in a lab that is up, the links with fixed MACs (the
# veth pair made again), the tun for "tun", and Kea with the case's
# config. Lease timers long enough that nothing renews during a case.
contract_setup() {
	local case=$1
	local LAB_T1=1000 LAB_T2=1600 LAB_PREF=1800 LAB_VALID=3600
	local LAB_PD_NET=2001:db8:100::/56 LAB_PD_LEN=56
	local LAB_KEA_PD_EXTRA=', "excluded-prefix": "2001:db8:100:ff::", "excluded-prefix-len": 64'
	local LAB_KEA_OPTIONS=$CONTRACT_KEA_OPTIONS LAB_KEA_IF=""
	# The address and prefix reserved for the DUID both clients have
	# (DUID-LL of the client MAC, borrowed over the tun): odhcp6c starts
	# over when the RA's SLAAC prefix arrives (odhcp6c.c:972, releasing
	# what it had just bound) and must get the same lease again.
	local LAB_KEA_RESERVATIONS="{ \"duid\": \"00:03:00:01:$CONTRACT_CLI_MAC\",
        \"ip-addresses\": [ \"2001:db8:1::1000\" ], \"prefixes\": [ \"2001:db8:100::/56\" ] }"
	lab_capture_stop
	lab_srv ip link del "$LAB_SRV_IF"
	LAB_SRV_MAC=$CONTRACT_SRV_MAC LAB_CLI_MAC=$CONTRACT_CLI_MAC lab_link_add
	if [ "$case" = tun ]; then
		lab_tun_add
		LAB_KEA_IF=$LAB_TUN_SRV
		# What odhcp6c borrows a MAC from: an interface with IPv4 (lo's is
		# all zeros), as br-lan on a router.
		lab_cli ip addr add 192.0.2.2/24 dev "$LAB_CLI_IF"
	fi
	LAB_CAPTURE_IF=$(contract_ifname "$case") lab_capture_start
	lab_server_start kea
}

# contract_start CASE CLIENT RECORD LOG [client options]: CLIENT (odhcp6c
# or ra6c) in the client namespace with the case's odhcp6c flags, as
# netifd's dhcpv6.sh passes them with the map and dslite handlers
# installed, the contract recorder as its script, hostname OpenWrt and
# an empty environment. Sets CONTRACT_PID and CONTRACT_CMD.
contract_start() {
	local case=$1 client=$2 record=$3 log=$4
	shift 4
	local script="$LAB_DIR/contract-script.sh" mode=(-N try -P 0)
	[ "$case" = informed ] && mode=(-N none)
	printf '#!/bin/sh\nCONTRACT_RECORD=%s exec %s "$@"\n' "$record" "$CONTRACT_HOME/record-env.sh" >"$script"
	chmod +x "$script"
	: >"$record"
	lab_bg "$LAB_CLI_NS" "$log" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		unshare --uts sh -c 'hostname OpenWrt && exec "$@"' sh \
		"$client" -s "$script" "${mode[@]}" -r 64 -r 94 -r 95 -r 96 -t 120 "$@" \
		"$(contract_ifname "$case")"
	CONTRACT_PID=$LAB_BG_PID
	CONTRACT_CMD="$client -s <contract script> ${mode[*]} -r 64 -r 94 -r 95 -r 96 -t 120 $* $(contract_ifname "$case")"
}

# contract_ra CASE: the one RA of the case, from the server side.
contract_ra() {
	local flags=(-M -O) ifname=$LAB_SRV_IF
	[ "$1" = informed ] && flags=(-O)
	[ "$1" = tun ] && ifname=$LAB_TUN_SRV
	lab_srv python3 "$LAB_HOME/send_ra.py" -i "$ifname" -q "${flags[@]}" \
		--prefix "$LAB_NET" --autonomous --rdnss "$LAB_DNS" --dnssl "$LAB_DOMAIN" --mtu 1492
}

# contract_wait RECORD STATE TIMEOUT: until RECORD holds a STATE block.
contract_wait() {
	lab_wait_until "$3" grep -qx "BEGIN $2" "$1"
}
