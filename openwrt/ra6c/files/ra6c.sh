#!/bin/sh
# shellcheck shell=dash disable=SC1091 # busybox ash: 'local' exists; netifd's files are on the router
# netifd protocol handler: network.<iface>.proto='ra6c' runs ra6c the way
# proto 'dhcpv6' runs odhcp6c (same option names and flags, same state script
# /lib/netifd/dhcpv6.script), plus ra6c's own options.

[ -n "$INCLUDE_ONLY" ] || {
	. /lib/functions.sh
	. ../netifd-proto.sh
	init_proto "$@"
}

proto_ra6c_init_config() {
	# shellcheck disable=SC2034 # read by netifd-proto.sh
	renew_handler=1

	# same meaning as proto 'dhcpv6'
	proto_config_add_string 'reqaddress:or("try","force","none")'
	proto_config_add_string 'reqprefix:or("auto","no",range(0, 64))'
	proto_config_add_string clientid
	proto_config_add_string 'reqopts:list(uinteger)'
	proto_config_add_string 'defaultreqopts:bool'
	proto_config_add_string 'noslaaconly:bool'
	proto_config_add_string 'forceprefix:bool'
	proto_config_add_string 'norelease:bool'
	proto_config_add_string 'noserverunicast:bool'
	proto_config_add_string 'noclientfqdn:bool'
	proto_config_add_string 'noacceptreconfig:bool'
	proto_config_add_string 'ifaceid:ip6addr'
	proto_config_add_string userclass
	proto_config_add_string vendorclass
	proto_config_add_array 'sendopts:list(string)'
	proto_config_add_int soltimeout
	proto_config_add_boolean keep_ra_dnslifetime
	proto_config_add_int ra_holdoff
	proto_config_add_int skpriority
	proto_config_add_boolean verbose
	# exported to /lib/netifd/dhcpv6.script, as for 'dhcpv6'
	proto_config_add_string 'ip6prefix:ip6addr'
	proto_config_add_string iface_dslite
	proto_config_add_string zone_dslite
	proto_config_add_string iface_map
	proto_config_add_string zone_map
	proto_config_add_string iface_464xlat
	proto_config_add_string zone_464xlat
	proto_config_add_string zone
	proto_config_add_boolean delegate
	proto_config_add_boolean fakeroutes
	proto_config_add_boolean sourcefilter
	proto_config_add_boolean extendprefix
	# ra6c's own
	proto_config_add_int solicit_delay
	proto_config_add_boolean startup_solicit
	proto_config_add_boolean rapidcommit
	proto_config_add_string 'trigger:or("auto","hook","legacy","raw")'
	proto_config_add_int hook_proto
	proto_config_add_string state_dir
}

proto_ra6c_setup() {
	local config="$1"
	local iface="$2"

	local reqaddress reqprefix clientid reqopts defaultreqopts noslaaconly forceprefix norelease noserverunicast noclientfqdn noacceptreconfig
	local ifaceid userclass vendorclass sendopts soltimeout keep_ra_dnslifetime ra_holdoff skpriority verbose
	local ip6prefix iface_dslite zone_dslite iface_map zone_map iface_464xlat zone_464xlat zone delegate fakeroutes sourcefilter extendprefix
	local solicit_delay startup_solicit rapidcommit trigger hook_proto state_dir
	json_get_vars reqaddress reqprefix clientid reqopts defaultreqopts noslaaconly forceprefix norelease noserverunicast noclientfqdn noacceptreconfig
	json_get_vars ifaceid userclass vendorclass soltimeout keep_ra_dnslifetime ra_holdoff skpriority verbose
	json_get_vars ip6prefix iface_dslite zone_dslite iface_map zone_map iface_464xlat zone_464xlat zone delegate fakeroutes sourcefilter extendprefix
	json_get_vars solicit_delay startup_solicit rapidcommit trigger hook_proto state_dir
	json_get_values sendopts sendopts

	local opts=""
	[ -n "$reqaddress" ] && append opts "-N$reqaddress"
	{ [ -z "$reqprefix" ] || [ "$reqprefix" = auto ]; } && reqprefix=0
	[ "$reqprefix" != no ] && append opts "-P$reqprefix"
	[ -n "$clientid" ] && append opts "-c$clientid"
	[ "$defaultreqopts" = 0 ] && append opts "-R"
	[ "$noslaaconly" = 1 ] && append opts "-S"
	[ "$forceprefix" = 1 ] && append opts "-F"
	[ "$norelease" = 1 ] && append opts "-k"
	[ "$noserverunicast" = 1 ] && append opts "-U"
	[ "$noclientfqdn" = 1 ] && append opts "-f"
	[ "$noacceptreconfig" = 1 ] && append opts "-a"
	[ -n "$ifaceid" ] && append opts "-i$ifaceid"
	[ -n "$vendorclass" ] && append opts "-V$vendorclass"
	[ -n "$userclass" ] && append opts "-u$userclass"
	[ "$keep_ra_dnslifetime" = 1 ] && append opts "-L"
	[ -n "$ra_holdoff" ] && append opts "-m$ra_holdoff"
	[ "$verbose" = 1 ] && append opts "-v"
	[ -n "$skpriority" ] && append opts "-K$skpriority"
	local opt
	for opt in $reqopts; do
		append opts "-r$opt"
	done
	for opt in $sendopts; do
		append opts "-x$opt"
	done
	append opts "-t${soltimeout:-120}"

	[ -n "$solicit_delay" ] && append opts "--solicit-delay $solicit_delay"
	[ "$startup_solicit" = 1 ] && append opts "--startup-solicit"
	[ "$rapidcommit" = 1 ] && append opts "--rapid-commit"
	[ -n "$trigger" ] && append opts "--trigger $trigger"
	[ -n "$hook_proto" ] && append opts "--hook-proto $hook_proto"
	[ -n "$state_dir" ] && append opts "--state-dir $state_dir"

	[ -n "$ip6prefix" ] && proto_export "USERPREFIX=$ip6prefix"
	[ -n "$iface_dslite" ] && proto_export "IFACE_DSLITE=$iface_dslite"
	[ -n "$iface_map" ] && proto_export "IFACE_MAP=$iface_map"
	[ -n "$iface_464xlat" ] && proto_export "IFACE_464XLAT=$iface_464xlat"
	[ "$delegate" = 0 ] && proto_export "IFACE_DSLITE_DELEGATE=0"
	[ "$delegate" = 0 ] && proto_export "IFACE_MAP_DELEGATE=0"
	[ -n "$zone_dslite" ] && proto_export "ZONE_DSLITE=$zone_dslite"
	[ -n "$zone_map" ] && proto_export "ZONE_MAP=$zone_map"
	[ -n "$zone_464xlat" ] && proto_export "ZONE_464XLAT=$zone_464xlat"
	[ -n "$zone" ] && proto_export "ZONE=$zone"
	[ "$fakeroutes" != 0 ] && proto_export "FAKE_ROUTES=1"
	[ "$sourcefilter" = 0 ] && proto_export "NOSOURCEFILTER=1"
	[ "$extendprefix" = 1 ] && proto_export "EXTENDPREFIX=1"

	proto_export "INTERFACE=$config"
	# shellcheck disable=SC2086 # $opts is a list of words, as in dhcpv6.sh
	proto_run_command "$config" /usr/sbin/ra6c \
		-s /lib/netifd/dhcpv6.script \
		$opts "$iface"
}

proto_ra6c_renew() {
	local interface="$1"
	# SIGUSR1: renew now, as odhcp6c
	local sigusr1
	sigusr1="$(kill -l SIGUSR1)"
	[ -n "$sigusr1" ] && proto_kill_command "$interface" "$sigusr1"
}

proto_ra6c_teardown() {
	local interface="$1"
	# SIGTERM: ra6c sends Release (unless -k) and calls the script with 'stopped'
	proto_kill_command "$interface"
}

[ -n "$INCLUDE_ONLY" ] || {
	add_protocol ra6c
}
