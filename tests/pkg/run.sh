#!/bin/sh
# shellcheck shell=dash disable=SC2016,SC2030,SC2031 # dash/ash have 'local'; sh -c scripts are single-quoted on purpose
# Packaging tests: shell lint, procd init + netifd handler under a stub harness (exact argv),
# kmod init, and the .ipk format (structure, control fields, reproducibility).
# Prints one line per check and "N passed, N failed"; exits non-zero on any failure.
# Needs: tar, gzip, shellcheck, busybox (the router's ash; dash is used if it is missing).
# No cross build needed: ipks are built from stand-in binaries; real ones in target/ipk are
# checked too when present.
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

if command -v busybox >/dev/null 2>&1; then
	ash="busybox sh"
else
	ash="dash"
fi

# --- 1. sh -n and shellcheck on every shell file ------------------------------------------
shfiles=$(
	cd "$root" || exit 1
	for f in $(find openwrt cross tests/pkg -type f 2>/dev/null | LC_ALL=C sort); do
		case "$f" in
		*.sh | *.init) echo "$f" ;;
		*) head -n 1 "$f" 2>/dev/null | grep -q '^#!.*/bin/sh' && echo "$f" ;;
		esac
	done
)
for f in $shfiles; do
	check "sh -n $f" sh -n "$root/$f"
	if command -v shellcheck >/dev/null 2>&1; then
		check "shellcheck $f" shellcheck -x "$root/$f"
	else
		nok "shellcheck $f (shellcheck not installed: cross/deps.sh)"
	fi
done

# --- 2. procd init script -----------------------------------------------------------------
# run_init <script> <function...>: source the script with the stubs in the router's shell
run_sh() {
	CALLS=$tmp/calls INSTANCES=$tmp/instances
	: >"$CALLS"
	: >"$INSTANCES"
	export CALLS INSTANCES
	$ash -c '. "$1"; . "$2"; shift 2; for f in "$@"; do $f; done' sh \
		"$here/stubs.sh" "$@" 2>"$tmp/stderr"
}

# fake /etc/config/ra6c: one full section, one disabled, one minimal, one of another type
export FAKE_SECTIONS="wan6 lan wanb other"
export FAKE_wan6_TYPE=client FAKE_wan6_enabled=1 FAKE_wan6_interface=eth1 \
	FAKE_wan6_script=/usr/share/ra6c/hook.sh FAKE_wan6_reqaddress=force FAKE_wan6_reqprefix=56 \
	FAKE_wan6_rapidcommit=1 FAKE_wan6_solicit_delay=250 FAKE_wan6_trigger=hook \
	FAKE_wan6_hook_proto=30 FAKE_wan6_log_level=trace FAKE_wan6_state_dir=/etc/ra6c
export FAKE_lan_TYPE=client FAKE_lan_enabled=0 FAKE_lan_interface=br-lan
export FAKE_wanb_TYPE=client FAKE_wanb_enabled=yes FAKE_wanb_interface=eth2 FAKE_wanb_reqprefix=no
export FAKE_other_TYPE=global FAKE_other_enabled=1 FAKE_other_interface=eth9

init=$root/openwrt/ra6c/files/ra6c.init
if run_sh "$init" start_service service_triggers; then ok "init: start_service runs"; else nok "init: start_service runs: $(cat "$tmp/stderr")"; fi
same "init: instances (exact argv)" \
	"instance wan6|/usr/sbin/ra6c|--standalone|-s|/usr/share/ra6c/hook.sh|-Nforce|-P56|--rapid-commit|--solicit-delay|250|--trigger|hook|--hook-proto|30|--state-dir|/etc/ra6c|-l7|-v|eth1
param wan6 respawn|
param wan6 stdout|1
param wan6 stderr|1
instance wanb|/usr/sbin/ra6c|--standalone|eth2
param wanb respawn|
param wanb stdout|1
param wanb stderr|1" "$(cat "$tmp/instances")"
same "init: hook loaded quietly (modprobe, then insmod, both absent)" \
	"modprobe|ra6notify
insmod|ra6notify" "$(grep -E '^(modprobe|insmod)' "$tmp/calls")"
check "init: nothing on stderr when the module is missing" test ! -s "$tmp/stderr"
same "init: reads /etc/config/ra6c" "config_load|ra6c" "$(grep '^config_load' "$tmp/calls")"
same "init: reload trigger" "procd_add_reload_trigger|ra6c" "$(grep '^procd_add_reload' "$tmp/calls")"
check "init: USE_PROCD=1 and rc.common" sh -c "head -n 1 '$init' | grep -qx '#!/bin/sh /etc/rc.common' && grep -qx 'USE_PROCD=1' '$init'"
FAKE_MODPROBE_RC=0 run_sh "$init" start_service
same "init: modprobe succeeds -> no insmod" "modprobe|ra6notify" "$(grep -E '^(modprobe|insmod)' "$tmp/calls")"
FAKE_SECTIONS="" run_sh "$init" start_service
same "init: no sections -> no instance" "" "$(cat "$tmp/instances")"
# the default config from the package is disabled: no instance
(
	for v in $(env | sed -n 's/^\(FAKE_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
	FAKE_SECTIONS=
	eval "$(awk '/^config /{s=$3; gsub(/\047/,"",s); printf "FAKE_SECTIONS=\"$FAKE_SECTIONS %s\"; FAKE_%s_TYPE=%s;\n", s, s, $2} /^\toption /{v=$3; for(i=4;i<=NF;i++) v=v" "$i; gsub(/\047/,"",v); printf "export FAKE_%s_%s=\"%s\";\n", s, $2, v}' FAKE_SECTIONS= "$root/openwrt/ra6c/files/ra6c.config")"
	export FAKE_SECTIONS FAKE_wan6_TYPE
	run_sh "$init" start_service
	same "init: shipped config is disabled by default" "" "$(cat "$tmp/instances")"
	FAKE_wan6_enabled=1 run_sh "$init" start_service
	same "init: shipped config enabled" \
		"instance wan6|/usr/sbin/ra6c|--standalone|-Ntry|-P0|--trigger|auto|--hook-proto|25|--state-dir|/etc/ra6c|-l6|wan" \
		"$(head -n 1 "$tmp/instances")"
)

# --- 3. netifd protocol handler -----------------------------------------------------------
proto=$root/openwrt/ra6c/files/ra6c.sh
json_unset() {
	for v in reqaddress reqprefix clientid reqopts defaultreqopts noslaaconly forceprefix norelease \
		noserverunicast noclientfqdn noacceptreconfig ifaceid userclass vendorclass sendopts \
		soltimeout keep_ra_dnslifetime ra_holdoff skpriority verbose ip6prefix iface_dslite zone_dslite iface_map zone_map iface_464xlat \
		zone_464xlat zone delegate fakeroutes sourcefilter extendprefix solicit_delay \
		startup_solicit rapidcommit trigger hook_proto state_dir; do
		unset "JSON_$v"
	done
}
run_proto() { # run_proto <handler> <function> <args...>
	local h="$1"
	shift
	CALLS=$tmp/calls
	: >"$CALLS"
	export CALLS
	INCLUDE_ONLY=1 $ash -c '. "$1"; . "$2"; shift 2; "$@"' sh "$here/stubs.sh" "$h" "$@" 2>"$tmp/stderr"
}

json_unset
run_proto "$proto" proto_ra6c_setup wan6 eth1
same "netifd: defaults, exact argv (as odhcp6c under proto dhcpv6)" \
	"proto_run_command|wan6|/usr/sbin/ra6c|-s|/lib/netifd/dhcpv6.script|-P0|-t120|eth1" \
	"$(grep '^proto_run_command' "$tmp/calls")"
same "netifd: defaults, exports" "proto_export|FAKE_ROUTES=1
proto_export|INTERFACE=wan6" "$(grep '^proto_export' "$tmp/calls")"

export JSON_reqaddress=force JSON_reqprefix=56 JSON_clientid=00030001020000000001 \
	JSON_reqopts="23 24" JSON_defaultreqopts=0 JSON_norelease=1 JSON_noacceptreconfig=1 \
	JSON_sendopts="16:0000 15:abcd" JSON_soltimeout=60 JSON_verbose=1 JSON_solicit_delay=0 \
	JSON_noslaaconly=1 JSON_forceprefix=1 JSON_noserverunicast=1 JSON_noclientfqdn=1 \
	JSON_ifaceid=::1:2 JSON_userclass=openwrt JSON_vendorclass=deadbeef JSON_keep_ra_dnslifetime=1 \
	JSON_ra_holdoff=5 JSON_skpriority=3 \
	JSON_startup_solicit=1 JSON_rapidcommit=1 JSON_trigger=legacy JSON_hook_proto=31 \
	JSON_state_dir=/tmp/ra6c JSON_ip6prefix=2001:db8:1::/48 JSON_iface_dslite=ds JSON_zone=wan \
	JSON_delegate=0 JSON_fakeroutes=0 JSON_sourcefilter=0 JSON_extendprefix=1
run_proto "$proto" proto_ra6c_setup wan6 pppoe-wan
same "netifd: all options, exact argv" \
	"proto_run_command|wan6|/usr/sbin/ra6c|-s|/lib/netifd/dhcpv6.script|-Nforce|-P56|-c00030001020000000001|-R|-S|-F|-k|-U|-f|-a|-i::1:2|-Vdeadbeef|-uopenwrt|-L|-m5|-v|-K3|-r23|-r24|-x16:0000|-x15:abcd|-t60|--solicit-delay|0|--startup-solicit|--rapid-commit|--trigger|legacy|--hook-proto|31|--state-dir|/tmp/ra6c|pppoe-wan" \
	"$(grep '^proto_run_command' "$tmp/calls")"
same "netifd: all options, exports for dhcpv6.script" "proto_export|USERPREFIX=2001:db8:1::/48
proto_export|IFACE_DSLITE=ds
proto_export|IFACE_DSLITE_DELEGATE=0
proto_export|IFACE_MAP_DELEGATE=0
proto_export|ZONE=wan
proto_export|NOSOURCEFILTER=1
proto_export|EXTENDPREFIX=1
proto_export|INTERFACE=wan6" "$(grep '^proto_export' "$tmp/calls")"

json_unset
export JSON_reqprefix=no JSON_reqaddress=none
run_proto "$proto" proto_ra6c_setup lan6 eth0.2
same "netifd: reqprefix=no reqaddress=none" \
	"proto_run_command|lan6|/usr/sbin/ra6c|-s|/lib/netifd/dhcpv6.script|-Nnone|-t120|eth0.2" \
	"$(grep '^proto_run_command' "$tmp/calls")"
json_unset

run_proto "$proto" proto_ra6c_teardown wan6
same "netifd: teardown = SIGTERM via netifd" "proto_kill_command|wan6" "$(cat "$tmp/calls")"
run_proto "$proto" proto_ra6c_renew wan6
same "netifd: renew = SIGUSR1" "proto_kill_command|wan6|10" "$(cat "$tmp/calls")"
run_proto "$proto" proto_ra6c_init_config
for o in reqaddress reqprefix clientid reqopts norelease soltimeout solicit_delay rapidcommit \
	startup_solicit trigger hook_proto state_dir ip6prefix; do
	check "netifd: init_config declares $o" grep -q "^proto_config_add_[a-z]*|$o\(:\|$\)" "$tmp/calls"
done
check "netifd: add_protocol ra6c, netifd-proto.sh, init_proto" sh -c \
	"grep -q '^[[:space:]]*add_protocol ra6c\$' '$proto' && grep -q '\\. \\.\\./netifd-proto.sh' '$proto' && grep -q 'init_proto \"\\\$@\"' '$proto'"
# the harness must notice a wrong argument: run it against a handler with one flag changed
sed 's/append opts "-k"/append opts "-K"/' "$proto" >"$tmp/mutant.sh"
export JSON_norelease=1
run_proto "$tmp/mutant.sh" proto_ra6c_setup wan6 eth1
if [ "$(grep '^proto_run_command' "$tmp/calls")" != \
	"proto_run_command|wan6|/usr/sbin/ra6c|-s|/lib/netifd/dhcpv6.script|-P0|-k|-t120|eth1" ]; then
	ok "netifd: harness catches a wrong argument (-K for -k)"
else
	nok "netifd: harness catches a wrong argument (-K for -k)"
fi
json_unset

# --- 4. kmod-ra6notify init ---------------------------------------------------------------
kinit=$root/openwrt/kmod-ra6notify/files/ra6notify.init
sys=$tmp/sys
mkdir -p "$sys"
echo 25 >"$sys/proto"
export RA6N_SYS="$sys" FAKE_SECTIONS=main FAKE_main_TYPE=ra6notify FAKE_main_proto=25 FAKE_main_rate=5 \
	FAKE_main_burst=7 FAKE_main_coalesce_ms=0 FAKE_main_enable=1 FAKE_main_legacy=1
run_sh "$kinit" start_service service_triggers
same "kmod init: runtime params written" "5 7 0 Y Y" \
	"$(cat "$sys/rate" "$sys/burst" "$sys/coalesce_ms" "$sys/enable" "$sys/legacy" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')"
same "kmod init: same proto -> no reload" "" "$(grep -E '^(rmmod|modprobe|insmod)' "$tmp/calls")"
same "kmod init: reload trigger" "procd_add_reload_trigger|ra6notify" "$(grep '^procd_add' "$tmp/calls")"
FAKE_main_proto=26 run_sh "$kinit" start_service
same "kmod init: proto changed -> rmmod" "rmmod|ra6notify" "$(grep -E '^(rmmod|modprobe|insmod)' "$tmp/calls" | head -n 1)"
rm -rf "$sys"
FAKE_main_proto=26 run_sh "$kinit" start_service
same "kmod init: load with proto=26, quiet when absent" "modprobe|ra6notify|proto=26
insmod|ra6notify|proto=26" "$(grep -E '^(rmmod|modprobe|insmod)' "$tmp/calls")"
check "kmod Makefile: KernelPackage, AUTOLOAD" sh -c \
	"grep -q 'call KernelPackage,ra6notify' '$root/openwrt/kmod-ra6notify/Makefile' && grep -q '^  AUTOLOAD:=' '$root/openwrt/kmod-ra6notify/Makefile'"
check "ra6c Makefile: rust-package.mk, RustBinPackage, conffiles" sh -c \
	"m='$root/openwrt/ra6c/Makefile'; grep -q 'lang/rust/rust-package.mk' \$m && grep -q 'call RustBinPackage,ra6c' \$m && grep -q 'call BuildPackage,ra6c' \$m && grep -q '^/etc/config/ra6c' \$m"

# --- 5. ipk format --------------------------------------------------------------------------
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
for a in mips_24kc mipsel_24kc arm_cortex-a7_neon-vfpv4 aarch64_cortex-a53; do
	f=ra6c_${version}_$a.ipk
	check "ipk: $f built" test -s "$tmp/ipk1/$f"
	check "ipk: $f reproducible (two builds, same bytes)" cmp "$tmp/ipk1/$f" "$tmp/ipk2/$f"
done

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
	same "$n: control.tar members" "./ ./conffiles ./control ./postinst ./prerm" \
		"$(tar -tzf "$x/control.tar.gz" | tr '\n' ' ' | sed 's/ $//')"
	same "$n: data.tar members" "./ ./etc/ ./etc/config/ ./etc/config/ra6c ./etc/init.d/ ./etc/init.d/ra6c ./lib/ ./lib/netifd/ ./lib/netifd/proto/ ./lib/netifd/proto/ra6c.sh ./usr/ ./usr/sbin/ ./usr/sbin/ra6c" \
		"$(tar -tzf "$x/data.tar.gz" | tr '\n' ' ' | sed 's/ $//')"
	same "$n: data modes and owners" \
		"drwxr-xr-x 0/0 -rw-r--r-- 0/0 -rwxr-xr-x 0/0 -rwxr-xr-x 0/0 -rwxr-xr-x 0/0" \
		"$(tar --numeric-owner --no-recursion -tvzf "$x/data.tar.gz" ./ ./etc/config/ra6c ./etc/init.d/ra6c ./lib/netifd/proto/ra6c.sh ./usr/sbin/ra6c | awk '{printf "%s %s ", $1, $2}' | sed 's/ $//')"
	same "$n: all mtimes fixed" "1" \
		"$(tar --numeric-owner --full-time -tvzf "$x/data.tar.gz" | awk '{print $4 $5}' | sort -u | wc -l | tr -d ' ')"
	local c="$x/c/control" field
	for field in Package Version Depends Source SourceName License Section Architecture Installed-Size Description; do
		check "$n: control has $field" grep -q "^$field: " "$c"
	done
	same "$n: Package" "ra6c" "$(sed -n 's/^Package: //p' "$c")"
	same "$n: Version" "$version" "$(sed -n 's/^Version: //p' "$c")"
	same "$n: Architecture" "$a" "$(sed -n 's/^Architecture: //p' "$c")"
	same "$n: Installed-Size = size of data.tar" "$(gzip -dc "$x/data.tar.gz" | wc -c | tr -d ' ')" \
		"$(sed -n 's/^Installed-Size: //p' "$c")"
	same "$n: conffiles" "/etc/config/ra6c" "$(cat "$x/c/conffiles")"
	check "$n: postinst is OpenWrt's default_postinst" grep -q '^default_postinst \$0 \$@$' "$x/c/postinst"
	check "$n: prerm is OpenWrt's default_prerm" grep -q '^default_prerm \$0 \$@$' "$x/c/prerm"
	check "$n: init script is the package's" cmp "$x/d/etc/init.d/ra6c" "$root/openwrt/ra6c/files/ra6c.init"
	check "$n: netifd handler is the package's" cmp "$x/d/lib/netifd/proto/ra6c.sh" "$root/openwrt/ra6c/files/ra6c.sh"
	check "$n: config is the package's" cmp "$x/d/etc/config/ra6c" "$root/openwrt/ra6c/files/ra6c.config"
	[ -n "$bin" ] && check "$n: binary is target/cross/$a/ra6c" cmp "$x/d/usr/sbin/ra6c" "$bin"
	return 0
}
for a in mips_24kc mipsel_24kc arm_cortex-a7_neon-vfpv4 aarch64_cortex-a53; do
	check_ipk "$tmp/ipk1/ra6c_${version}_$a.ipk" "$a" "$tmp/cross/$a/ra6c"
done
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

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
