#!/bin/sh
# shellcheck shell=dash disable=SC2016,SC2030,SC2031,SC2034 # dash/ash have 'local'; sh -c scripts are single-quoted on purpose; variables are read by the scripts under test
# Packaging tests, in the router's shell (busybox ash) against stand-ins that do what
# OpenWrt's programs do (tests/pkg/stubs.sh says where each comes from):
#   1. sh -n on every shell file, in busybox ash
#   2. the procd service (/etc/init.d/ra6c): exact argv per section, device vs interface
#   3. the netifd handler: what netifd's scan registers, exact argv, exports
#   4. the state script: netifd calls for odhcp6c's environment, child interfaces, sysctls
#   5. kmod-ra6notify's init: the parameters the kernel gets (kmodloader's insmod/modprobe)
#   6. .ipk format (structure, control fields, reproducibility) and sysupgrade's keep list
#   7. LuCI's protocol view, loaded as luci.js loads it (node)
#   8. ra6c waits for a late interface and for one that comes back (RA6C_BIN, root)
# Prints one line per check and "N passed, N failed"; exits non-zero on any failure.
# Needs: tar, gzip, busybox (the router's ash; dash if missing), node, iproute2.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pass=0
fail=0
ok() {
	pass=$((pass + 1))
	echo "ok   $*"
}
nok() {
	fail=$((fail + 1))
	echo "FAIL $*"
}
check() { # check <name> <command...>
	local name="$1"
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else nok "$name"; fi
}
# same <name> <expected> <actual>
same() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		nok "$1"
		printf '  expected: %s\n  actual:   %s\n' "$2" "$3" | sed 's/^/    /'
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
CALLS=$tmp/calls INSTANCES=$tmp/instances MODSTATE=$tmp/modules
export CALLS INSTANCES MODSTATE

if command -v busybox >/dev/null 2>&1; then
	ash="busybox sh"
else
	ash="dash"
fi
files=$root/openwrt/ra6c/files

# --- 1. sh -n on every shell file ------------------------------------------
shfiles=$(
	cd "$root" || exit 1
	for f in $(find openwrt cross tests/pkg -type f 2>/dev/null | LC_ALL=C sort); do
		case "$f" in
		*.sh | *.init) echo "$f" ;;
		*) head -n 1 "$f" 2>/dev/null | grep -q '^#!.*/bin/sh' && echo "$f" ;;
		esac
	done
)
# (shellcheck: the shellcheck suite, tests/check.sh, lints the same files)
for f in $shfiles; do
	# shellcheck disable=SC2086 # "busybox sh"
	check "sh -n $f" $ash -n "$root/$f"
done

# run <script> <function...>: source the script (rc.common style: functions only) with the
# stubs in the router's shell and call the functions
run() {
	: >"$CALLS"
	: >"$INSTANCES"
	$ash -c '. "$1"; . "$2"; shift 2; for f in "$@"; do $f; done' sh \
		"$here/stubs.sh" "$@" 2>"$tmp/stderr"
}
calls() { grep -E "^($1)(\||$)" "$CALLS"; }

# --- 2. procd service ----------------------------------------------------------------------
# sections: a device, a disabled one, a network that is up (PPPoE), one that is down, another type
export FAKE_SECTIONS="wan6 lan wanb wanc other"
export FAKE_wan6_TYPE=client FAKE_wan6_enabled=1 FAKE_wan6_device=eth1 \
	FAKE_wan6_script=/usr/share/ra6c/hook.sh FAKE_wan6_reqaddress=force FAKE_wan6_reqprefix=56 \
	FAKE_wan6_rapidcommit=1 FAKE_wan6_solicit_delay=250 FAKE_wan6_trigger=hook \
	FAKE_wan6_legacy_proto=30 FAKE_wan6_legacy_type=3 FAKE_wan6_log_level=trace FAKE_wan6_state_dir=/etc/ra6c
export FAKE_lan_TYPE=client FAKE_lan_enabled=0 FAKE_lan_device=br-lan
export FAKE_wanb_TYPE=client FAKE_wanb_enabled=yes FAKE_wanb_interface=wanb FAKE_wanb_reqprefix=no \
	FAKE_NET_wanb_l3=pppoe-wanb
# kmod-ra6notify in legacy mode on another unit: not ra6c's business (it finds the family by name)
export FAKE_UCI_ra6notify_main_legacy=1 FAKE_UCI_ra6notify_main_proto=26 FAKE_UCI_ra6notify_main_legacy_type=3
export FAKE_wanc_TYPE=client FAKE_wanc_enabled=1 FAKE_wanc_interface=wanc
export FAKE_other_TYPE=global FAKE_other_enabled=1 FAKE_other_device=eth9

init=$files/ra6c.init
if run "$init" start_service service_triggers; then ok "init: start_service runs"; else nok "init: start_service runs: $(cat "$tmp/stderr")"; fi
same "init: instances (exact argv, netdev, respawn; nothing from /etc/config/ra6notify, legacy mode or not)" \
	"instance wan6|/usr/sbin/ra6c|--standalone|-s|/usr/share/ra6c/hook.sh|-Nforce|-P56|--rapid-commit|--solicit-delay|250|--trigger|hook|--legacy-proto|30|--legacy-type|3|--state-dir|/etc/ra6c|-l7|-v|eth1
param wan6 netdev|eth1
param wan6 respawn|
param wan6 nice|-10
param wan6 stdout|1
param wan6 stderr|1
instance wanb|/usr/sbin/ra6c|--standalone|pppoe-wanb
param wanb netdev|pppoe-wanb
param wanb respawn|
param wanb nice|-10
param wanb stdout|1
param wanb stderr|1" "$(cat "$INSTANCES")"
same "init: a network that is down gets no instance, but both networks restart the service (procd interface trigger)" \
	"procd_add_reload_trigger|ra6c
procd_add_reload_interface_trigger|wanb
procd_add_reload_interface_trigger|wanc" "$(calls 'procd_add_reload[a-z_]*')"
same "init: leaves the kernel hook to kmod-ra6notify (no modprobe/insmod)" "" "$(calls 'modprobe|insmod')"
check "init: nothing on stderr" test ! -s "$tmp/stderr"
check "init: USE_PROCD=1 and rc.common" sh -c "head -n 1 '$init' | grep -qx '#!/bin/sh /etc/rc.common' && grep -qx 'USE_PROCD=1' '$init'"
FAKE_SECTIONS="" run "$init" start_service
same "init: no sections -> no instance" "" "$(cat "$INSTANCES")"
# the shipped config: disabled; enabled, it follows the network 'wan'
(
	for v in $(env | sed -n 's/^\(FAKE_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
	FAKE_SECTIONS=
	eval "$(awk '/^config /{s=$3; gsub(/\047/,"",s); printf "FAKE_SECTIONS=\"$FAKE_SECTIONS %s\"; FAKE_%s_TYPE=%s;\n", s, s, $2} /^\toption /{v=$3; for(i=4;i<=NF;i++) v=v" "$i; gsub(/\047/,"",v); printf "export FAKE_%s_%s=\"%s\";\n", s, $2, v}' FAKE_SECTIONS= "$files/ra6c.config")"
	export FAKE_SECTIONS FAKE_wan6_TYPE
	run "$init" start_service
	same "init: shipped config is disabled" "" "$(cat "$INSTANCES")"
	FAKE_wan6_enabled=1 run "$init" start_service
	same "init: shipped config enabled, wan down: no instance yet" "" "$(cat "$INSTANCES")"
	FAKE_wan6_enabled=1 FAKE_NET_wan_l3=pppoe-wan run "$init" start_service
	same "init: shipped config enabled, wan up" \
		"instance wan6|/usr/sbin/ra6c|--standalone|-Ntry|-P0|--trigger|auto|--state-dir|/etc/ra6c|-l6|pppoe-wan" \
		"$(head -n 1 "$INSTANCES")"
)

# --- 3. netifd handler ---------------------------------------------------------------------
proto=$files/ra6c.sh
json_unset() {
	for v in $(env | sed -n 's/^\(JSON_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
	unset FAKE_HANDLERS FAKE_UCI_network__globals_0__dhcp_default_duid FAKE_UCI_ra6notify_main_legacy \
		FAKE_UCI_ra6notify_main_proto FAKE_UCI_ra6notify_main_legacy_type
}
# handler <function args...>: the handler's functions (INCLUDE_ONLY, as netifd's dump and
# setup source it after netifd-proto.sh), then one of them
handler() {
	: >"$CALLS"
	INCLUDE_ONLY=1 $ash -c '. "$1"; . "$2"; shift 2; "$@"' sh "$here/stubs.sh" "$proto" "$@" 2>"$tmp/stderr"
}
argv() { calls proto_run_command | cut -d'|' -f3-; }

# what netifd's scan (handler.c: "./<handler> '' dump" in /lib/netifd/proto) registers
json_unset
mkdir -p "$tmp/proto"
scan() { (cd "$tmp/proto" && INCLUDE_ONLY=1 $ash -c '. "$1"; . "$2"; shift 2; RA6C_ODHCP6C=$ODH; init_proto "$@"; ra6c_register "$@"' sh "$here/stubs.sh" "$proto" "$@"); }
: >"$CALLS"
ODH=/nonexistent scan '' dump
same "netifd scan, no odhcp6c: registers ra6c and dhcpv6" "add_protocol|ra6c
add_protocol|dhcpv6" "$(calls add_protocol)"
check "netifd scan: dhcpv6's options are ra6c's" sh -c "[ \$(grep -c '^proto_config_add' '$CALLS') -gt 80 ]"
touch "$tmp/proto/dhcpv6.sh"
: >"$CALLS"
ODH=/nonexistent scan '' dump
same "netifd scan, odhcp6c's dhcpv6.sh installed: only ra6c" "add_protocol|ra6c" "$(calls add_protocol)"
rm "$tmp/proto/dhcpv6.sh"
: >"$CALLS"
ODH=/bin/sh scan '' dump
same "netifd scan, /usr/sbin/odhcp6c present (master's dhcpv6.uc registers): only ra6c" "add_protocol|ra6c" "$(calls add_protocol)"
touch "$tmp/proto/dhcpv6.sh"
: >"$CALLS"
JSON_soltimeout=30 ODH=/bin/sh interface=wan6 ifname=eth1 scan dhcpv6 setup
same "netifd setup of 'dhcpv6' (registered earlier) runs ra6c, whatever is installed now" \
	"dispatch|dhcpv6|setup
/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-P0|-t30|eth1" "$(calls dispatch; argv)"

# declarations: the names and types of OpenWrt's dhcpv6.sh (24.10, read_file id 3284102482),
# 'verbose' an int as master's dhcpv6.uc uses it (a log level), 'ifaceid' kept as an alias
handler proto_ra6c_init_config
decl() { calls 'proto_config_add_[a-z]*' | sed 's/^proto_config_add_\([a-z]*\)|\([a-z0-9_]*\).*/\2:\1/' | LC_ALL=C sort | tr '\n' ' '; }
same "netifd: option types as dhcpv6.sh (ip6prefix and sendopts arrays: a UCI list of a string option is dropped, uci blob.c)" \
	"clientid:string defaultreqopts:string delegate:boolean dynamic:boolean encaplimit_dslite:string encaplimit_map:string extendprefix:string fakeroutes:boolean forceprefix:string iface_464xlat:string iface_dslite:string iface_map:string ifaceid:string ip6ifaceid:string ip6prefix:array keep_ra_dnslifetime:boolean legacy_proto:int legacy_type:int mtu_dslite:int noacceptreconfig:string noclientfqdn:string norelease:string noserverunicast:string noslaaconly:string ra_holdoff:int rapidcommit:boolean reqaddress:string reqopts:string reqprefix:string sendopts:array skpriority:int solicit_delay:int soltimeout:int sourcefilter:boolean startup_solicit:boolean state_dir:string strict_rfc7550:string trigger:string userclass:string vendorclass:string verbose:int zone:string zone_464xlat:string zone_dslite:string zone_map:string " \
	"$(decl)"

json_unset
handler proto_ra6c_setup wan6 eth1
same "netifd: defaults, exact argv" "/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-P0|-t120|eth1" "$(argv)"
same "netifd: defaults, exports" "proto_export|FAKE_ROUTES=1
proto_export|DYNAMIC=1
proto_export|INTERFACE=wan6" "$(calls proto_export)"
same "netifd: asks ubus which tunnel handlers netifd has" "ubus|call|network|get_proto_handlers" "$(calls ubus)"

FAKE_UCI_network__globals_0__dhcp_default_duid=00:04:aa:bb:cc:dd handler proto_ra6c_setup wan6 eth1
same "netifd: clientid unset -> network.globals.dhcp_default_duid, separators dropped" \
	"/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-P0|-c0004aabbccdd|-t120|eth1" "$(argv)"
JSON_clientid='*' FAKE_UCI_network__globals_0__dhcp_default_duid=0004aabb handler proto_ra6c_setup wan6 eth1
same "netifd: clientid '*' -> none (dhcpv6.uc)" "/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-P0|-t120|eth1" "$(argv)"
# 'verbose' from 24.10's dhcpv6.sh is a boolean (-v), from master's dhcpv6.uc a level (-l)
JSON_verbose=1 handler proto_ra6c_setup wan6 eth1
same "netifd: verbose '1' (24.10's boolean) -> -v, more logging" "/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-P0|-v|-t120|eth1" "$(argv)"
JSON_verbose=0 handler proto_ra6c_setup wan6 eth1
same "netifd: verbose '0' -> the default level" "/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-P0|-t120|eth1" "$(argv)"
JSON_clientid='zz' handler proto_ra6c_setup wan6 eth1
same "netifd: a clientid that isn't hex is left out and named" \
	"/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-P0|-t120|eth1 ra6c: wan6: clientid is not hex, ignored" \
	"$(argv) $(cat "$tmp/stderr")"

export JSON_reqaddress=force JSON_reqprefix=56 JSON_clientid=00030001020000000001 \
	JSON_reqopts="23 24" JSON_defaultreqopts=0 JSON_norelease=1 JSON_noacceptreconfig=1 \
	JSON_sendopts="16:0000|15:ab cd" JSON_soltimeout=60 JSON_verbose=7 JSON_solicit_delay=0 \
	JSON_noslaaconly=1 JSON_forceprefix=1 JSON_noserverunicast=1 JSON_noclientfqdn=1 \
	JSON_strict_rfc7550=1 JSON_ip6ifaceid=::1:2 JSON_userclass=openwrt JSON_vendorclass="my vendor" \
	JSON_keep_ra_dnslifetime=1 JSON_ra_holdoff=5 JSON_skpriority=3 \
	JSON_startup_solicit=1 JSON_rapidcommit=1 JSON_trigger=legacy JSON_legacy_proto=29 JSON_legacy_type=7 \
	JSON_state_dir=/tmp/ra6c JSON_ip6prefix="2001:db8:1::/48|2001:db8:2::/48" JSON_iface_dslite=ds \
	JSON_zone=wan JSON_delegate=0 JSON_fakeroutes=0 JSON_sourcefilter=0 JSON_extendprefix=1 \
	JSON_mtu_dslite=1452 JSON_encaplimit_dslite=ignore JSON_dynamic=0 \
	FAKE_HANDLERS="dslite map"
handler proto_ra6c_setup wan6 pppoe-wan
same "netifd: all options, exact argv (one argument per word, spaces kept)" \
	"/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-Nforce|-P56|-c00030001020000000001|-R|-S|-F|-k|--strict-rfc7550|-U|-f|-a|-L|-i::1:2|-Vmy vendor|-uopenwrt|-K3|-m5|-l7|-x16:0000|-x15:ab cd|-r23|-r24|-r64|-r94|-r95|-r96|-t60|--solicit-delay|0|--startup-solicit|--rapid-commit|--trigger|legacy|--legacy-proto|29|--legacy-type|7|--state-dir|/tmp/ra6c|pppoe-wan" \
	"$(argv)"
same "netifd: all options, exports for the state script" "proto_export|USERPREFIX=2001:db8:1::/48 2001:db8:2::/48
proto_export|IFACE_DSLITE=ds
proto_export|MTU_DSLITE=1452
proto_export|IFACE_DSLITE_DELEGATE=0
proto_export|IFACE_MAP_DELEGATE=0
proto_export|IFACE_464XLAT_DELEGATE=0
proto_export|ZONE=wan
proto_export|ENCAPLIMIT_DSLITE=ignore
proto_export|NOSOURCEFILTER=1
proto_export|EXTENDPREFIX=1
proto_export|DYNAMIC=0
proto_export|INTERFACE=wan6" "$(calls proto_export)"
json_unset
# kmod-ra6notify loaded in legacy mode on unit 31: its generic netlink family is there as in
# every mode (kmod/main.c ra6notify_init registers it whatever 'legacy' says) and ra6c finds it
# by name; the legacy unit has one receiver per namespace (kmod/legacy.c) and belongs to the
# vendor clients legacy mode is for. A hook_proto left in an old configuration is dropped.
FAKE_UCI_ra6notify_main_legacy=1 FAKE_UCI_ra6notify_main_proto=31 FAKE_UCI_ra6notify_main_legacy_type=3 \
	JSON_hook_proto=40 handler proto_ra6c_setup wan6 eth1
same "netifd: ra6notify in legacy mode, an old hook_proto: ra6c is told nothing of either" \
	"/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-P0|-t120|eth1" "$(argv)"
export JSON_reqprefix=no JSON_reqaddress=none
handler proto_ra6c_setup lan6 eth0.2
same "netifd: reqprefix=no reqaddress=none" "/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-Nnone|-t120|eth0.2" "$(argv)"
json_unset
handler proto_ra6c_teardown wan6
same "netifd: teardown = SIGTERM via netifd" "proto_kill_command|wan6" "$(cat "$CALLS")"
handler proto_ra6c_renew wan6
same "netifd: renew = SIGUSR1" "proto_kill_command|wan6|10" "$(cat "$CALLS")"
# the harness must notice a wrong argument: the handler with one flag changed
sed 's/ra6c_arg -k$/ra6c_arg -K/' "$proto" >"$tmp/mutant.sh"
JSON_norelease=1 INCLUDE_ONLY=1 $ash -c '. "$1"; . "$2"; : >"$CALLS"; proto_ra6c_setup wan6 eth1' sh "$here/stubs.sh" "$tmp/mutant.sh" 2>/dev/null
if [ "$(argv)" != "/usr/sbin/ra6c|-s|/lib/netifd/ra6c.script|-P0|-k|-t120|eth1" ]; then
	ok "netifd: harness catches a wrong argument (-K for -k)"
else
	nok "netifd: harness catches a wrong argument (-K for -k)"
fi

# --- 4. state script -------------------------------------------------------------------------
# The script with netifd's libraries replaced by the stubs and its paths by ones under $tmp.
st=$tmp/st
mkdir -p "$st/proto" "$st/sys/conf/wan0" "$st/sys/neigh/wan0"
sed -e "s#^\. /lib/functions.sh\$#. '$here/stubs.sh'#" -e 's#^\. /lib/netifd/netifd-proto.sh$#:#' \
	-e "s#^proto_dir=.*#proto_dir='$st/proto'#" -e "s#^nat46=.*#nat46='$st/nat46'#" \
	-e "s#^ipv6_sysctl=.*#ipv6_sysctl='$st/sys'#" "$files/ra6c.script" >"$st/script"
same "script harness: libraries and paths replaced (5 lines)" 5 \
	"$(diff "$files/ra6c.script" "$st/script" | grep -c '^>')"
lease_env() {
	export INTERFACE=wan6 SERVER=fe80::1 RDNSS="2001:db8::53 2001:db8::54" \
		RA_DNS="2001:db8::54 2001:db8::55" DOMAINS=example.com RA_DOMAINS="example.com ra.example" \
		PREFIXES="2001:db8:500::/56,3600,7200,excluded=2001:db8:500::/64" \
		ADDRESSES="2001:db8:5::100/128,1800,3600" \
		RA_ADDRESSES="2001:db8:5:0:aabb:ccff:fedd:eeff/64,1800,3600 2001:db8:5::100/64,100,200" \
		RA_ROUTES="2001:db8:5::/64,,3600,256 ::/0,fe80::1,1800,1024" USERPREFIX="2001:db8:ff::/48" \
		CER=2001:db8::cafe PASSTHRU=0017000411 ZONE=wan FAKE_ROUTES=1 \
		RA_HOPLIMIT=64 RA_MTU=1480 RA_REACHABLE=30000 RA_RETRANSMIT=1000
}
clear_env() {
	unset INTERFACE SERVER RDNSS RA_DNS DOMAINS RA_DOMAINS PREFIXES ADDRESSES RA_ADDRESSES \
		RA_ROUTES USERPREFIX CER PASSTHRU ZONE FAKE_ROUTES RA_HOPLIMIT RA_MTU RA_REACHABLE \
		RA_RETRANSMIT NOSOURCEFILTER EXTENDPREFIX MAPE MAPT LW4O6 AFTR IFACE_MAP IFACE_DSLITE \
		IFACE_464XLAT ENCAPLIMIT_DSLITE MTU_DSLITE ZONE_MAP IFACE_MAP_DELEGATE
}
script() {
	: >"$CALLS"
	echo 64 >"$st/sys/conf/wan0/hop_limit"
	rm -f "$st/sys/conf/wan0/mtu" "$st/sys/neigh/wan0/"*
	$ash "$st/script" "$@" 2>"$tmp/stderr"
}
netifd_calls() { grep -v '^ubus|call|network|get_proto' "$CALLS"; }

clear_env
lease_env
script wan0 bound
same "script: bound = teardown, then the lease in netifd's terms (argument order: netifd-proto.sh)" \
	"proto_init_update|*|0
proto_send_update|wan6
proto_init_update|*|1
proto_add_dns_server|2001:db8::53
proto_add_dns_server|2001:db8::54
proto_add_dns_server|2001:db8::55
proto_add_dns_search|example.com
proto_add_dns_search|ra.example
proto_add_ipv6_prefix|2001:db8:500::/56,3600,7200,excluded=2001:db8:500::/64
proto_add_ipv6_prefix|2001:db8:ff::/48
proto_add_ipv6_address|2001:db8:5::100|128|1800|3600|1
proto_add_ipv6_address|2001:db8:5:0:aabb:ccff:fedd:eeff|64|1800|3600|1
proto_add_ipv6_route|2001:db8:5::|64||256|3600
proto_add_ipv6_route|::|0|fe80::1|1024|1800|2001:db8:500::/56
proto_add_ipv6_route|::|0|fe80::1|1024|1800|2001:db8:5::100/128
proto_add_ipv6_route|::|0|fe80::1|1024|1800|2001:db8:5:0:aabb:ccff:fedd:eeff/64
proto_add_data
json_add_string|cer|2001:db8::cafe
json_add_string|passthru|0017000411
json_add_string|zone|wan
proto_close_data
proto_send_update|wan6" "$(netifd_calls)"
same "script: RA MTU, reachable and retransmit written; hop limit 64 not raised" "64 1480 30000 1000" \
	"$(cat "$st/sys/conf/wan0/hop_limit" "$st/sys/conf/wan0/mtu" "$st/sys/neigh/wan0/base_reachable_time_ms" "$st/sys/neigh/wan0/retrans_time_ms" 2>&1 | tr '\n' ' ' | sed 's/ $//')"
RA_HOPLIMIT=128 script wan0 updated
same "script: a larger RA hop limit is applied" 128 "$(cat "$st/sys/conf/wan0/hop_limit")"
script wan0 stopped
same "script: stopped = teardown" "proto_init_update|*|0
proto_send_update|wan6" "$(netifd_calls)"
clear_env
export INTERFACE=wan6 RA_ROUTES="::/0,fe80::1,1800,1024" RA_DNS=2001:db8::55
script wan0 ra-updated
same "script: ra-updated before any lease changes nothing" "" "$(netifd_calls)"
clear_env
export INTERFACE=wan6 SERVER=fe80::99 FAKE_ROUTES=1 \
	PREFIXES="2001:db8:500::/56,3600,7200 2001:db8:600::/56,0,0" ADDRESSES="2001:db8:5::100/128,1800,3600"
script wan0 informed
same "script: no RA at all -> a route via the server, for the longest lease, source-filtered" \
	"proto_add_ipv6_route|::|0|fe80::99|4096|7200|2001:db8:500::/56
proto_add_ipv6_route|::|0|fe80::99|4096|7200|2001:db8:600::/56
proto_add_ipv6_route|::|0|fe80::99|4096|7200|2001:db8:5::100/128" "$(calls proto_add_ipv6_route)"
FAKE_ROUTES='' script wan0 informed
same "script: FAKE_ROUTES off -> no route" "" "$(calls proto_add_ipv6_route)"
clear_env
export INTERFACE=wan6 NOSOURCEFILTER=1 ADDRESSES="2001:db8:5::100/128,1800,3600" \
	RA_ROUTES="::/0,fe80::1,1800,1024"
script wan0 updated
same "script: NOSOURCEFILTER -> one route without a source" "proto_add_ipv6_route|::|0|fe80::1|1024|1800" \
	"$(calls proto_add_ipv6_route)"
clear_env
export INTERFACE=wan6 EXTENDPREFIX=1 RA_ADDRESSES="2001:db8:7::1234/64,1000,2000"
script wan0 ra-updated
same "script: EXTENDPREFIX, no delegation -> the WAN /64 as prefix (RFC 7278)" \
	"proto_add_ipv6_prefix|2001:db8:7::1234/64,1000,2000" "$(calls proto_add_ipv6_prefix)"

# IPv4 over IPv6: the child interface netifd is asked to add
fw4() { echo wanzone; }
clear_env
touch "$st/proto/map.sh" "$st/proto/dslite.sh" "$st/proto/464xlat.sh"
export INTERFACE=wan6 PREFIXES="2001:db8:500::/56,3600,7200" \
	MAPE="type=map-e,ealen=16,prefix4len=24,prefix4=192.0.2.0,prefix6len=48,prefix6=2001:db8::" \
	AFTR=2001:db8::a1
script wan0 bound
same "script: MAPE with map.sh -> child wan6_4 (proto map), zone from the firewall" \
	"json_add_string|name|wan6_4
json_add_string|ifname|@wan6
json_add_string|proto|map
json_add_string|tunlink|wan6
json_add_string|type|map-e
json_add_string|rule|type=map-e,ealen=16,prefix4len=24,prefix4=192.0.2.0,prefix6len=48,prefix6=2001:db8::
json_add_string|_prefsig| 2001:db8:500::/56
ubus|call|network|add_dynamic|{...}" "$(calls 'json_add_string|ubus')"
IFACE_MAP=0 IFACE_DSLITE=ds0 ENCAPLIMIT_DSLITE=4 MTU_DSLITE=1452 script wan0 bound
same "script: map off (IFACE_MAP=0) -> DS-Lite to the AFTR, as IFACE_DSLITE, with encaplimit and mtu" \
	"json_add_string|name|ds0
json_add_string|ifname|@wan6
json_add_string|proto|dslite
json_add_string|tunlink|wan6
json_add_string|peeraddr|2001:db8::a1
json_add_string|encaplimit|4
json_add_string|mtu|1452
ubus|call|network|add_dynamic|{...}" "$(calls 'json_add_string|ubus')"
unset MAPE AFTR
export ADDRESSES="2001:db8:5::100/128,1800,3600"
script wan0 bound
same "script: neither -> 464XLAT child with the address signature" \
	"json_add_string|name|wan6_4
json_add_string|ifname|@wan6
json_add_string|proto|464xlat
json_add_string|tunlink|wan6
json_add_string|_addrsig| 2001:db8:5::100/128
ubus|call|network|add_dynamic|{...}" "$(calls 'json_add_string|ubus')"
rm -f "$st/proto/"*.sh
script wan0 bound
same "script: no tunnel handler installed -> no child" "" "$(calls 'ubus')"
clear_env
script wan0 bound
same "script: without INTERFACE it refuses, saying why" \
	"ra6c.script: run by ra6c under netifd as '<device> <state>', with INTERFACE set" "$(cat "$tmp/stderr")"

# --- 5. kmod-ra6notify init ------------------------------------------------------------------
# What the kernel gets and keeps: the stand-in sysfs (stubs.sh) holds the module's parameters
# with kmod/main.c's defaults; rate, burst, coalesce_ms and enable change there at run time,
# legacy, proto and legacy_type only by a reload; only a legacy-unit client blocks rmmod.
kinit=$root/openwrt/kmod-ra6notify/files/ra6notify.init
export FAKE_SYSMOD="$tmp/sysmod" RA6N_SYS="$tmp/sysmod/ra6notify/parameters" FAKE_MODS=ra6notify \
	FAKE_MODPARAMS="rate=10 burst=20 coalesce_ms=1000 enable=Y legacy=N proto=25 legacy_type=0" \
	FAKE_SECTIONS=main FAKE_main_TYPE=ra6notify
params() {
	local p
	for p in legacy proto legacy_type rate burst coalesce_ms enable; do
		printf '%s=%s ' "$p" "$(cat "$RA6N_SYS/$p" 2>/dev/null)"
	done | sed 's/ $//'
}
modcalls() { calls 'modprobe|insmod|rmmod|init_module'; }
# boot: kmodloader's AUTOLOAD, no parameters
boot() {
	rm -rf "$FAKE_SYSMOD"
	: >"$MODSTATE"
	$ash -c '. "$1"; modprobe ra6notify' sh "$here/stubs.sh"
}
rm -rf "$FAKE_SYSMOD"
: >"$MODSTATE"
FAKE_main_legacy=1 FAKE_main_proto=26 FAKE_main_legacy_type=3 FAKE_main_rate=5 FAKE_main_enable=yes \
	run "$kinit" start_service service_triggers
same "kmod init: not loaded -> insmod with every parameter set in UCI (kmodloader's modprobe would drop them)" \
	"insmod|ra6notify|legacy=Y|proto=26|legacy_type=3|rate=5|enable=Y
init_module|ra6notify|legacy=Y proto=26 legacy_type=3 rate=5 enable=Y" "$(modcalls)"
same "kmod init: ... and the module has them" \
	"legacy=Y proto=26 legacy_type=3 rate=5 burst=20 coalesce_ms=1000 enable=Y" "$(params)"
same "kmod init: reload trigger" "procd_add_reload_trigger|ra6notify" "$(calls 'procd_add[a-z_]*')"
boot
FAKE_main_proto=26 FAKE_main_legacy_type=3 FAKE_main_rate=5 FAKE_main_coalesce_ms=500 FAKE_main_enable=0 \
	run "$kinit" start_service
same "kmod init: loaded, legacy off: run-time parameters written; proto and legacy_type unused, no reload" \
	"legacy=N proto=25 legacy_type=0 rate=5 burst=20 coalesce_ms=500 enable=N|" "$(params)|$(modcalls)"
boot
FAKE_main_legacy=1 FAKE_main_rate=5 run "$kinit" start_service
same "kmod init: legacy 0 -> 1 is a reload (ra6c's generic netlink socket doesn't hold the module)" \
	"rmmod|ra6notify
insmod|ra6notify|legacy=Y|rate=5
init_module|ra6notify|legacy=Y rate=5
legacy=Y proto=25 legacy_type=0 rate=5 burst=20 coalesce_ms=1000 enable=Y" "$(modcalls; params)"
FAKE_main_legacy=1 FAKE_main_legacy_type=4 run "$kinit" start_service
same "kmod init: legacy on, legacy_type changed -> reload" \
	"rmmod|ra6notify
insmod|ra6notify|legacy=Y|legacy_type=4
init_module|ra6notify|legacy=Y legacy_type=4
legacy=Y proto=25 legacy_type=4 rate=10 burst=20 coalesce_ms=1000 enable=Y" "$(modcalls; params)"
if FAKE_LEGACY_CLIENT=1 FAKE_main_legacy=1 FAKE_main_proto=27 FAKE_main_legacy_type=4 FAKE_main_rate=7 \
	run "$kinit" start_service; then st=0; else st=1; fi
same "kmod init: proto changed while a client has the legacy unit open -> fails, says why; rate applied" \
	"1
rmmod|ra6notify
legacy=Y proto=25 legacy_type=4 rate=7 burst=20 coalesce_ms=1000 enable=Y
unloading the module failed
ra6notify: proto 25 -> 27 needs a reload, but the module stays: a client on its legacy netlink unit (stop it first), or built into the kernel" \
	"$st
$(modcalls; params; echo; cat "$tmp/stderr")"
run "$kinit" start_service
same "kmod init: legacy removed from UCI -> reload with the module's default (off)" \
	"rmmod|ra6notify
insmod|ra6notify
init_module|ra6notify|
legacy=N proto=25 legacy_type=0 rate=10 burst=20 coalesce_ms=1000 enable=Y" "$(modcalls; params)"
run "$kinit" start_service
same "kmod init: nothing changed -> nothing done" "" "$(modcalls)"
if FAKE_REFUSED=burst=1001 FAKE_main_legacy=1 FAKE_main_burst=1001 run "$kinit" start_service; then st=0; else st=1; fi
same "kmod init: a value the kernel refuses at load -> fails, says so, loads the module's defaults (ra6c keeps its hook)" \
	"1
rmmod|ra6notify
insmod|ra6notify|legacy=Y|burst=1001
insmod|ra6notify
init_module|ra6notify|
legacy=N proto=25 legacy_type=0 rate=10 burst=20 coalesce_ms=1000 enable=Y
failed to insert ra6notify
ra6notify: insmod ra6notify legacy=Y burst=1001 failed (the kernel log says why): loaded with its defaults" \
	"$st
$(modcalls; params; echo; cat "$tmp/stderr")"
same "kmodloader stand-in: modprobe drops parameters (as seen by hand)" "init_module|ra6notify|" \
	"$(: >"$MODSTATE"; : >"$CALLS"; $ash -c '. "$1"; modprobe ra6notify proto=26' sh "$here/stubs.sh"; calls init_module)"
check "kmod Makefile: KernelPackage, AUTOLOAD, netfilter switched on, rebuilt on kmod/ edits" sh -c \
	"m='$root/openwrt/kmod-ra6notify/Makefile'; grep -q 'call KernelPackage,ra6notify' \$m && grep -q '^  AUTOLOAD:=' \$m && grep -q '^  KCONFIG:=CONFIG_NETFILTER=y' \$m && grep -q '^PKG_FILE_DEPENDS:=\$(RA6NOTIFY_SRC)/' \$m"
check "ra6c Makefile: rust-package.mk, RustBinPackage, @IPV6, sources in PKG_FILE_DEPENDS, LICENSE exists" sh -c \
	"m='$root/openwrt/ra6c/Makefile'; grep -q 'rust-package.mk' \$m && grep -q 'call RustBinPackage,ra6c' \$m && grep -q 'call BuildPackage,ra6c' \$m && grep -q 'DEPENDS:=@IPV6' \$m && grep -q '^PKG_FILE_DEPENDS:=\$(RA6C_SRC)/src/ ' \$m && test -s '$root/LICENSE' && grep -q '^PKG_LICENSE_FILES:=LICENSE\$' \$m"
check "Makefiles: PKG_MAINTAINER is 'Name <email>'" sh -c \
	"for m in '$root'/openwrt/*/Makefile; do grep -Eq '^PKG_MAINTAINER:=[^<]+ <[^@> ]+@[^> ]+>\$' \$m || exit 1; done"

# --- 6. ipk format -------------------------------------------------------------------------
# stand-in binaries, so that no cross build is needed here
for a in mips_24kc mipsel_24kc arm_cortex-a7_neon-vfpv4 aarch64_cortex-a53; do
	mkdir -p "$tmp/cross/$a"
	printf '\177ELF stand-in for %s\n' "$a" >"$tmp/cross/$a/ra6c"
done
version=$(sed -n 's/^PKG_VERSION:=//p' "$root/openwrt/ra6c/Makefile")-r$(sed -n 's/^PKG_RELEASE:=//p' "$root/openwrt/ra6c/Makefile")
sde=1700000000
for n in 1 2; do
	SOURCE_DATE_EPOCH=$sde RA6C_CROSS_OUT=$tmp/cross RA6C_IPK_OUT=$tmp/ipk$n \
		sh "$root/cross/ipk.sh" >"$tmp/ipk$n.log" 2>&1 || nok "ipk.sh run $n: $(cat "$tmp/ipk$n.log")"
	[ $n = 1 ] && sleep 1 # a different wall clock must not change the bytes
done
for f in $(cd "$tmp/ipk1" && ls); do
	check "ipk: $f reproducible (two builds, same bytes)" cmp "$tmp/ipk1/$f" "$tmp/ipk2/$f"
done
same "ipk: one per architecture and luci-proto-ra6c for all" \
	"luci-proto-ra6c_${version}_all.ipk ra6c_${version}_aarch64_cortex-a53.ipk ra6c_${version}_arm_cortex-a7_neon-vfpv4.ipk ra6c_${version}_mips_24kc.ipk ra6c_${version}_mipsel_24kc.ipk" \
	"$(cd "$tmp/ipk1" && printf '%s ' * | sed 's/ $//')"

# check_ipk <file> <arch> <expected binary or empty>
check_ipk() {
	local f="$1" a="$2" bin="$3" x="$tmp/x" n
	n=$(basename "$f")
	rm -rf "$x"
	mkdir -p "$x/c" "$x/d"
	same "$n: outer is gzip (not ar)" "1f8b" "$(od -An -tx1 -N2 "$f" | tr -d ' ')"
	same "$n: gzip -n (no name, mtime 0)" "00 00 00 00 00" \
		"$(od -An -tx1 -j3 -N5 "$f" | sed 's/^ //')"
	same "$n: outer members" "./debian-binary ./data.tar.gz ./control.tar.gz" \
		"$(tar -tzf "$f" | tr '\n' ' ' | sed 's/ $//')"
	same "$n: owners 0/0, fixed mtime" "0/0 0/0 0/0" \
		"$(tar --numeric-owner -tvzf "$f" | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')"
	same "$n: debian-binary" "2.0" "$(tar -xzOf "$f" ./debian-binary)"
	tar -xzOf "$f" ./control.tar.gz >"$x/control.tar.gz"
	tar -xzOf "$f" ./data.tar.gz >"$x/data.tar.gz"
	tar -xzf "$x/control.tar.gz" -C "$x/c"
	tar -xzf "$x/data.tar.gz" -C "$x/d"
	same "$n: control.tar members" "./ ./conffiles ./control ./postinst ./postinst-pkg ./prerm" \
		"$(tar -tzf "$x/control.tar.gz" | tr '\n' ' ' | sed 's/ $//')"
	same "$n: data.tar members" "./ ./etc/ ./etc/config/ ./etc/config/ra6c ./etc/init.d/ ./etc/init.d/ra6c ./lib/ ./lib/netifd/ ./lib/netifd/proto/ ./lib/netifd/proto/ra6c.sh ./lib/netifd/ra6c.script ./lib/upgrade/ ./lib/upgrade/keep.d/ ./lib/upgrade/keep.d/ra6c ./usr/ ./usr/sbin/ ./usr/sbin/ra6c" \
		"$(tar -tzf "$x/data.tar.gz" | tr '\n' ' ' | sed 's/ $//')"
	same "$n: data modes and owners" \
		"drwxr-xr-x 0/0 -rw-r--r-- 0/0 -rwxr-xr-x 0/0 -rwxr-xr-x 0/0 -rwxr-xr-x 0/0 -rwxr-xr-x 0/0" \
		"$(tar --numeric-owner --no-recursion -tvzf "$x/data.tar.gz" ./ ./etc/config/ra6c ./etc/init.d/ra6c ./lib/netifd/proto/ra6c.sh ./lib/netifd/ra6c.script ./usr/sbin/ra6c | awk '{printf "%s %s ", $1, $2}' | sed 's/ $//')"
	same "$n: all mtimes fixed" "1" \
		"$(tar --numeric-owner --full-time -tvzf "$x/data.tar.gz" | awk '{print $4 $5}' | sort -u | wc -l | tr -d ' ')"
	local c="$x/c/control" field
	for field in Package Version Depends Source SourceName License Section Maintainer Architecture Installed-Size Description; do
		check "$n: control has $field" grep -q "^$field: " "$c"
	done
	same "$n: Package" "ra6c" "$(sed -n 's/^Package: //p' "$c")"
	same "$n: Version" "$version" "$(sed -n 's/^Version: //p' "$c")"
	same "$n: Architecture" "$a" "$(sed -n 's/^Architecture: //p' "$c")"
	same "$n: Installed-Size = size of data.tar" "$(gzip -dc "$x/data.tar.gz" | wc -c | tr -d ' ')" \
		"$(sed -n 's/^Installed-Size: //p' "$c")"
	same "$n: conffiles (the state directory too)" "/etc/config/ra6c
/etc/ra6c/" "$(cat "$x/c/conffiles")"
	same "$n: keep.d lists what isn't a file of the package (package-pack.mk)" "/etc/ra6c/" \
		"$(cat "$x/d/lib/upgrade/keep.d/ra6c")"
	check "$n: postinst is OpenWrt's default_postinst" grep -q '^default_postinst \$0 \$@$' "$x/c/postinst"
	check "$n: postinst-pkg is Package/ra6c/postinst (network restart hint)" grep -q 'network restart' "$x/c/postinst-pkg"
	check "$n: prerm is OpenWrt's default_prerm" grep -q '^default_prerm \$0 \$@$' "$x/c/prerm"
	check "$n: init script is the package's" cmp "$x/d/etc/init.d/ra6c" "$files/ra6c.init"
	check "$n: netifd handler is the package's" cmp "$x/d/lib/netifd/proto/ra6c.sh" "$files/ra6c.sh"
	check "$n: state script is the package's" cmp "$x/d/lib/netifd/ra6c.script" "$files/ra6c.script"
	check "$n: config is the package's" cmp "$x/d/etc/config/ra6c" "$files/ra6c.config"
	[ -n "$bin" ] && check "$n: binary is target/cross/$a/ra6c" cmp "$x/d/usr/sbin/ra6c" "$bin"
	return 0
}
check_ipk "$tmp/ipk1/ra6c_${version}_mipsel_24kc.ipk" mipsel_24kc "$tmp/cross/mipsel_24kc/ra6c"
# the others differ only in the binary and the architecture
for a in mips_24kc arm_cortex-a7_neon-vfpv4 aarch64_cortex-a53; do
	f=$tmp/ipk1/ra6c_${version}_$a.ipk
	same "$(basename "$f"): as mipsel_24kc's but binary and Architecture" \
		"$(tar -xzOf "$tmp/ipk1/ra6c_${version}_mipsel_24kc.ipk" ./data.tar.gz | tar -tvzf - | sed 's/ [0-9]* [0-9-]* [0-9:]* / /' | grep -v usr/sbin/ra6c)
Architecture: $a
$(cat "$tmp/cross/$a/ra6c")" \
		"$(tar -xzOf "$f" ./data.tar.gz | tar -tvzf - | sed 's/ [0-9]* [0-9-]* [0-9:]* / /' | grep -v usr/sbin/ra6c)
$(tar -xzOf "$f" ./control.tar.gz | tar -xzOf - ./control | grep '^Architecture')
$(tar -xzOf "$f" ./data.tar.gz | tar -xzOf - ./usr/sbin/ra6c)"
done
l=$tmp/ipk1/luci-proto-ra6c_${version}_all.ipk
same "luci ipk: data" "./ ./www/ ./www/luci-static/ ./www/luci-static/resources/ ./www/luci-static/resources/protocol/ ./www/luci-static/resources/protocol/ra6c.js" \
	"$(tar -xzOf "$l" ./data.tar.gz | tar -tzf - | tr '\n' ' ' | sed 's/ $//')"
same "luci ipk: depends on ra6c, architecture all" "Depends: libc, ra6c Architecture: all" \
	"$(tar -xzOf "$l" ./control.tar.gz | tar -xzOf - ./control | grep -E '^(Depends|Architecture):' | tr '\n' ' ' | sed 's/ $//')"
# sysupgrade keeps what add_uci_conffiles finds: files under /etc/sysupgrade.conf's and
# /lib/upgrade/keep.d/*'s paths (package/base-files/files/sbin/sysupgrade)
r=$tmp/router
mkdir -p "$r/etc/ra6c"
tar -xzOf "$tmp/ipk1/ra6c_${version}_mipsel_24kc.ipk" ./data.tar.gz | tar -xzf - -C "$r"
echo "duid 0003000102" >"$r/etc/ra6c/ra6c-wan.state"
# shellcheck disable=SC2046 # one path per line, as sysupgrade's own find
same "sysupgrade keeps the state file" "$r/etc/ra6c/ra6c-wan.state" \
	"$(find $(sed -ne '/^[[:space:]]*$/d; /^#/d; s#^#'"$r"'#p' "$r"/lib/upgrade/keep.d/*) -type f -o -type l 2>/dev/null)"
# real packages from `make ipk`, if there are any
for f in "$root"/target/ipk/ra6c_*.ipk; do
	[ -f "$f" ] || continue
	a=${f##*/ra6c_"$version"_}
	a=${a%.ipk}
	check_ipk "$f" "$a" ""
	if [ -f "$root/target/cross/$a/ra6c" ] && command -v file >/dev/null 2>&1; then
		tar -xzOf "$f" ./data.tar.gz | tar -xzOf - ./usr/sbin/ra6c >"$tmp/bin"
		check "$(basename "$f"): binary is static" sh -c "file '$tmp/bin' | grep -q 'statically linked'"
	fi
done

# --- 7. LuCI ---------------------------------------------------------------------------------
view=$root/openwrt/luci-proto-ra6c/htdocs/luci-static/resources/protocol/ra6c.js
if command -v node >/dev/null 2>&1; then
	if node "$here/luci.js" "$view" "$proto" >"$tmp/luci.log" 2>&1; then
		ok "luci: view parses, registers ra6c, options match the handler ($(tail -n 1 "$tmp/luci.log"))"
	else
		nok "luci: $(grep -v '^ok' "$tmp/luci.log")"
	fi
	# the check must be able to fail: a list for a string option, and a syntax error
	sed "s/form.Value, 'reqopts'/form.DynamicList, 'reqopts'/" "$view" >"$tmp/bad1.js"
	sed 's/renderFormOptions: function(s) {/renderFormOptions: function(s) {{/' "$view" >"$tmp/bad2.js"
	for b in bad1 bad2; do
		if node "$here/luci.js" "$tmp/$b.js" "$proto" >/dev/null 2>&1; then
			nok "luci: check catches a broken view ($b)"
		else
			ok "luci: check catches a broken view ($b)"
		fi
	done
else
	nok "luci: node is not installed (cross/deps.sh)"
fi

# --- 8. a late interface ---------------------------------------------------------------------
# ra6c --standalone on a device that doesn't exist yet waits (rtnetlink), runs when it comes,
# and waits again when it is removed, instead of exiting into procd's respawn limit.
bin=${RA6C_BIN:-$root/target/x86_64-unknown-linux-musl/release/ra6c}
if [ ! -x "$bin" ]; then
	nok "late interface: no ra6c binary at $bin (RA6C_BIN; tests/check.sh pkg builds it)"
elif [ "$(id -u)" != 0 ]; then
	nok "late interface: needs root (a network namespace)"
else
	ns=ra6cpkg$$
	ip netns add "$ns"
	nsx() { ip netns exec "$ns" "$@"; }
	veth() { nsx ip link add late0 type veth peer name late1 && nsx ip link set late1 up && nsx ip link set late0 up; }
	log=$tmp/late.log
	# $! must be ra6c itself: through the nsx function it was the subshell running the
	# function, and killing that left ra6c running (found on a fresh machine, the
	# chroot's /tmp kept busy) while this test passed.
	nsenter --net="/run/netns/$ns" "$bin" --standalone -l6 --state-dir "$tmp/state" late0 >"$log" 2>&1 &
	pid=$!
	waitfor() { # waitfor <count> <pattern>: up to 5 s for the log to hold <count> lines matching
		local i=0
		while [ "$(grep -c "$2" "$log")" -lt "$1" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	}
	waitfor 1 'waiting for late0'
	sleep 0.5
	check "late interface: ra6c waits for a device that doesn't exist yet" kill -0 "$pid"
	veth
	waitfor 1 'on late0 (ifindex'
	check "late interface: starts when it appears" grep -q 'on late0 (ifindex' "$log"
	nsx ip link del late0
	waitfor 2 'waiting for late0'
	check "late interface: removed -> waits again, still running" sh -c "kill -0 $pid && [ \$(grep -c 'waiting for late0' '$log') -ge 2 ]"
	veth
	waitfor 2 'on late0 (ifindex'
	check "late interface: runs again on the new device" sh -c "[ \$(grep -c 'on late0 (ifindex' '$log') -ge 2 ]"
	check "late interface: the pid is ra6c's own" test "$(readlink -f "/proc/$pid/exe")" = "$(readlink -f "$bin")"
	kill "$pid"
	rc=0
	wait "$pid" 2>/dev/null || rc=$?
	check "late interface: SIGTERM stops it, exit 0 (got $rc)" test "$rc" = 0
	check "late interface: no ra6c left on its state dir" sh -c "! pgrep -f -- '[-]-state-dir $tmp/state' >/dev/null"
	ip netns del "$ns"
	[ "$fail" = 0 ] || sed 's/^/    ra6c: /' "$log"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
