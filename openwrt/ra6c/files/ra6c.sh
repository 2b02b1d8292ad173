#!/bin/sh
# shellcheck shell=dash disable=SC1091,SC2034 # busybox ash; netifd's files are on the router; netifd-proto.sh reads the flags
# netifd protocol handler: network.<iface>.proto='ra6c' runs ra6c the way proto 'dhcpv6' runs
# odhcp6c, with the same options (declared with the types of OpenWrt's dhcpv6.sh; 'verbose',
# 'strict_rfc7550' and clientid '*' as master's dhcpv6.uc), the same flags, and a state script
# with odhcp6c's contract: /lib/netifd/ra6c.script, ra6c's own, so odhcp6c may be removed.
# While odhcp6c is not installed, this file also serves proto 'dhcpv6' with ra6c, so an
# unchanged wan6 keeps working. netifd reads handlers only when it starts (restart it once).

[ -n "$INCLUDE_ONLY" ] || {
	. /lib/functions.sh
	. ../netifd-proto.sh
	init_proto "$@"
}

RA6C_SCRIPT=/lib/netifd/ra6c.script
RA6C_ODHCP6C=/usr/sbin/odhcp6c

proto_ra6c_init_config() {
	renew_handler=1

	# as proto 'dhcpv6'
	proto_config_add_string 'reqaddress:or("try","force","none")'
	proto_config_add_string 'reqprefix:or("auto","no",range(0, 64))'
	proto_config_add_string clientid
	proto_config_add_string 'reqopts:list(uinteger)'
	proto_config_add_string 'defaultreqopts:bool'
	proto_config_add_string 'noslaaconly:bool'
	proto_config_add_string 'forceprefix:bool'
	proto_config_add_string 'extendprefix:bool'
	proto_config_add_string 'norelease:bool'
	proto_config_add_string 'strict_rfc7550:bool'
	proto_config_add_string 'noserverunicast:bool'
	proto_config_add_string 'noclientfqdn:bool'
	proto_config_add_string 'noacceptreconfig:bool'
	proto_config_add_array 'ip6prefix:list(ip6addr)'
	proto_config_add_string iface_dslite
	proto_config_add_string zone_dslite
	proto_config_add_string encaplimit_dslite
	proto_config_add_int mtu_dslite
	proto_config_add_string iface_map
	proto_config_add_string zone_map
	proto_config_add_string encaplimit_map
	proto_config_add_string iface_464xlat
	proto_config_add_string zone_464xlat
	proto_config_add_string zone
	proto_config_add_string 'ip6ifaceid:ip6addr'
	proto_config_add_string 'ifaceid:ip6addr'
	proto_config_add_string userclass
	proto_config_add_string vendorclass
	proto_config_add_array 'sendopts:list(string)'
	proto_config_add_boolean delegate
	proto_config_add_int skpriority
	proto_config_add_int soltimeout
	proto_config_add_boolean fakeroutes
	proto_config_add_boolean sourcefilter
	proto_config_add_boolean keep_ra_dnslifetime
	proto_config_add_int ra_holdoff
	proto_config_add_int verbose
	proto_config_add_boolean dynamic
	# ra6c's own
	proto_config_add_int solicit_delay
	proto_config_add_boolean startup_solicit
	proto_config_add_boolean rapidcommit
	proto_config_add_string 'trigger:or("auto","hook","legacy","raw")'
	proto_config_add_int legacy_proto
	proto_config_add_int legacy_type
	proto_config_add_string state_dir
}

# ra6c_arg <word>: append one argument to $argv, quoted for the eval that starts ra6c (a value
# may hold spaces, e.g. a vendor class)
ra6c_arg() {
	argv="$argv '$(printf '%s' "$1" | sed "s/'/'\\\\''/g")'"
}

proto_ra6c_prefix() { [ -n "$1" ] && ip6prefixes="${ip6prefixes:+$ip6prefixes }$1"; }
proto_ra6c_sendopt() { [ -n "$1" ] && ra6c_arg "-x$1"; }

proto_ra6c_setup() {
	local config="$1" iface="$2" argv=""
	local reqaddress reqprefix clientid reqopts defaultreqopts noslaaconly forceprefix
	local extendprefix norelease strict_rfc7550 noserverunicast noclientfqdn noacceptreconfig
	local iface_dslite zone_dslite encaplimit_dslite mtu_dslite iface_map zone_map encaplimit_map
	local iface_464xlat zone_464xlat zone ip6ifaceid ifaceid userclass vendorclass delegate
	local skpriority soltimeout fakeroutes sourcefilter keep_ra_dnslifetime ra_holdoff verbose
	local dynamic solicit_delay startup_solicit rapidcommit trigger legacy_proto legacy_type state_dir
	local ip6prefixes="" handler_map handler_dslite opt

	json_get_vars reqaddress reqprefix clientid reqopts defaultreqopts noslaaconly forceprefix
	json_get_vars extendprefix norelease strict_rfc7550 noserverunicast noclientfqdn noacceptreconfig
	json_get_vars iface_dslite zone_dslite encaplimit_dslite mtu_dslite iface_map zone_map encaplimit_map
	json_get_vars iface_464xlat zone_464xlat zone ip6ifaceid ifaceid userclass vendorclass delegate
	json_get_vars skpriority soltimeout fakeroutes sourcefilter keep_ra_dnslifetime ra_holdoff verbose
	json_get_vars dynamic solicit_delay startup_solicit rapidcommit trigger legacy_proto legacy_type state_dir

	json_for_each_item proto_ra6c_prefix ip6prefix
	ra6c_arg /usr/sbin/ra6c
	ra6c_arg -s
	ra6c_arg "$RA6C_SCRIPT"
	[ -n "$reqaddress" ] && ra6c_arg "-N$reqaddress"
	[ -z "$reqprefix" ] || [ "$reqprefix" = auto ] && reqprefix=0
	[ "$reqprefix" != no ] && ra6c_arg "-P$reqprefix"
	# '*': no client ID at all; empty: the router-wide DUID, if one is set (both as dhcpv6)
	case "$clientid" in
	'*') clientid= ;;
	'') clientid=$(uci -q get 'network.@globals[0].dhcp_default_duid') ;;
	esac
	clientid=$(printf '%s' "$clientid" | tr -d ': -')
	case "$clientid" in
	*[!0-9a-fA-F]*) echo "ra6c: $config: clientid is not hex, ignored" >&2 ;;
	?*) ra6c_arg "-c$clientid" ;;
	esac
	[ "$defaultreqopts" = 0 ] && ra6c_arg -R
	[ "$noslaaconly" = 1 ] && ra6c_arg -S
	[ "$forceprefix" = 1 ] && ra6c_arg -F
	[ "$norelease" = 1 ] && ra6c_arg -k
	[ "$strict_rfc7550" = 1 ] && ra6c_arg --strict-rfc7550
	[ "$noserverunicast" = 1 ] && ra6c_arg -U
	[ "$noclientfqdn" = 1 ] && ra6c_arg -f
	[ "$noacceptreconfig" = 1 ] && ra6c_arg -a
	[ "$keep_ra_dnslifetime" = 1 ] && ra6c_arg -L
	ip6ifaceid=${ip6ifaceid:-$ifaceid}
	[ -n "$ip6ifaceid" ] && ra6c_arg "-i$ip6ifaceid"
	[ -n "$vendorclass" ] && ra6c_arg "-V$vendorclass"
	[ -n "$userclass" ] && ra6c_arg "-u$userclass"
	[ -n "$skpriority" ] && ra6c_arg "-K$skpriority"
	[ -n "$ra_holdoff" ] && ra6c_arg "-m$ra_holdoff"
	# master's dhcpv6.uc passes a syslog level (-l); 24.10's dhcpv6.sh a boolean (-v): '1' in a
	# config from 24.10 means "more", not "alerts only"; '0' the default
	case "$verbose" in
	'' | 0) ;;
	1) ra6c_arg -v ;;
	*) ra6c_arg "-l$verbose" ;;
	esac
	json_for_each_item proto_ra6c_sendopt sendopts

	# The options the installed tunnel handlers need (as dhcpv6.sh): AFTR for DS-Lite,
	# S46 MAP-E, MAP-T and lw4o6 for map. Last: json_load replaces the interface's data.
	json_load "$(ubus call network get_proto_handlers)"
	json_get_var handler_dslite dslite
	json_get_var handler_map map
	[ -n "$handler_dslite" ] && reqopts="$reqopts 64"
	[ -n "$handler_map" ] && reqopts="$reqopts 94 95 96"
	for opt in $reqopts; do
		ra6c_arg "-r$opt"
	done
	ra6c_arg "-t${soltimeout:-120}"

	[ -n "$solicit_delay" ] && ra6c_arg --solicit-delay && ra6c_arg "$solicit_delay"
	[ "$startup_solicit" = 1 ] && ra6c_arg --startup-solicit
	[ "$rapidcommit" = 1 ] && ra6c_arg --rapid-commit
	[ -n "$trigger" ] && ra6c_arg --trigger && ra6c_arg "$trigger"
	# kmod-ra6notify is found by name (generic netlink), whatever /etc/config/ra6notify says;
	# its legacy unit (legacy=1) is left to the clients it is for. These name a vendor
	# kernel's own patch.
	[ -n "$legacy_proto" ] && ra6c_arg --legacy-proto && ra6c_arg "$legacy_proto"
	[ -n "$legacy_type" ] && ra6c_arg --legacy-type && ra6c_arg "$legacy_type"
	[ -n "$state_dir" ] && ra6c_arg --state-dir && ra6c_arg "$state_dir"
	ra6c_arg "$iface"

	# for the state script, as dhcpv6.sh exports them for dhcpv6.script
	[ -n "$ip6prefixes" ] && proto_export "USERPREFIX=$ip6prefixes"
	[ -n "$iface_dslite" ] && proto_export "IFACE_DSLITE=$iface_dslite"
	[ -n "$mtu_dslite" ] && proto_export "MTU_DSLITE=$mtu_dslite"
	[ -n "$iface_map" ] && proto_export "IFACE_MAP=$iface_map"
	[ -n "$iface_464xlat" ] && proto_export "IFACE_464XLAT=$iface_464xlat"
	[ "$delegate" = 0 ] && proto_export "IFACE_DSLITE_DELEGATE=0"
	[ "$delegate" = 0 ] && proto_export "IFACE_MAP_DELEGATE=0"
	[ "$delegate" = 0 ] && proto_export "IFACE_464XLAT_DELEGATE=0"
	[ -n "$zone_dslite" ] && proto_export "ZONE_DSLITE=$zone_dslite"
	[ -n "$zone_map" ] && proto_export "ZONE_MAP=$zone_map"
	[ -n "$zone_464xlat" ] && proto_export "ZONE_464XLAT=$zone_464xlat"
	[ -n "$zone" ] && proto_export "ZONE=$zone"
	[ -n "$encaplimit_dslite" ] && proto_export "ENCAPLIMIT_DSLITE=$encaplimit_dslite"
	[ -n "$encaplimit_map" ] && proto_export "ENCAPLIMIT_MAP=$encaplimit_map"
	[ "$fakeroutes" != 0 ] && proto_export "FAKE_ROUTES=1"
	[ "$sourcefilter" = 0 ] && proto_export "NOSOURCEFILTER=1"
	[ "$extendprefix" = 1 ] && proto_export "EXTENDPREFIX=1"
	if [ "$dynamic" = 0 ]; then proto_export "DYNAMIC=0"; else proto_export "DYNAMIC=1"; fi
	proto_export "INTERFACE=$config"

	eval "proto_run_command \"\$config\" $argv"
}

proto_ra6c_renew() {
	local interface="$1" sigusr1
	# SIGUSR1: renew now, as odhcp6c
	sigusr1="$(kill -l SIGUSR1)"
	[ -n "$sigusr1" ] && proto_kill_command "$interface" "$sigusr1"
}

proto_ra6c_teardown() {
	local interface="$1"
	# SIGTERM: ra6c sends Release (unless -k) and calls the script with 'stopped'
	proto_kill_command "$interface"
}

# proto 'dhcpv6' through ra6c, only while odhcp6c isn't there to serve it: netifd keeps the
# first handler of a name (proto.c add_proto_handler, no duplicates), shell handlers before
# ucode ones, and master's dhcpv6.uc registers only when /usr/sbin/odhcp6c is executable.
proto_dhcpv6_init_config() { proto_ra6c_init_config "$@"; }
proto_dhcpv6_setup() { proto_ra6c_setup "$@"; }
proto_dhcpv6_renew() { proto_ra6c_renew "$@"; }
proto_dhcpv6_teardown() { proto_ra6c_teardown "$@"; }

# netifd registers what this prints when it scans the handlers ("./ra6c.sh '' dump",
# handler.c); later calls (setup, teardown) must dispatch whatever was installed since.
ra6c_register() {
	add_protocol ra6c
	if [ "$2" != dump ] || { [ ! -e ./dhcpv6.sh ] && [ ! -x "$RA6C_ODHCP6C" ]; }; then
		add_protocol dhcpv6
	fi
}

[ -n "$INCLUDE_ONLY" ] || ra6c_register "$@"
