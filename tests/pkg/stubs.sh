# shellcheck shell=dash disable=SC2034,SC3043,SC2317 # functions defined for the scripts under test
# Stand-ins for what ra6c's init scripts, netifd handler and state script call on a router,
# each doing what the real one does with the arguments it gets (the source is cited). Every
# call is written to $CALLS, one line per call, arguments separated by '|'.
#
# Fake state, as shell variables:
#   UCI (/lib/functions.sh config_*):  FAKE_SECTIONS="wan6 lan"  FAKE_wan6_TYPE=client
#                                      FAKE_wan6_<option>=<value>
#   uci -q get <key>:                  FAKE_UCI_<key with . @ [ ] as _>=<value>
#   netifd networks (network.sh):      FAKE_NET_<network>_l3=<device> while it is up
#   netifd's JSON for a handler:       JSON_<option>=<value>; arrays: items separated by '|'
#   kernel modules (kmodloader):       FAKE_MODS=<modules on disk>  $MODSTATE: loaded modules
#                                      FAKE_SYSMOD=<dir as /sys/module>  FAKE_MODPARAMS=<defaults>
#   netifd's handlers (ubus):          FAKE_HANDLERS=<registered protocol names>

rec() {
	local IFS='|'
	printf '%s\n' "$*" >>"$CALLS"
}

# --- /lib/functions.sh (package/base-files/files/lib/functions.sh) -----------------------
append() {
	local var="$1" value="$2" sep="${3:- }"
	eval "export -- \"$var=\${$var:+\${$var}\${value:+\$sep}}\$value\""
}
config_load() { rec config_load "$@"; }
config_foreach() {
	local fn="$1" type="$2" s t
	shift 2
	for s in $FAKE_SECTIONS; do
		eval "t=\${FAKE_${s}_TYPE:-}"
		[ "$t" = "$type" ] && "$fn" "$s" "$@"
	done
	return 0
}
config_get() {
	# config_get <var> <section> <option> [<default>]; empty counts as unset, as in UCI
	eval "$1=\${FAKE_${2}_${3}:-\${4:-}}"
}
config_get_bool() {
	local _v
	config_get _v "$2" "$3" "${4:-}"
	case "$_v" in
	1 | on | true | yes | enabled) _v=1 ;;
	0 | off | false | no | disabled) _v=0 ;;
	*) _v="${4:-}" ;;
	esac
	eval "$1=\$_v"
}
uci() {
	# uci -q get <key>: the value and 0, or nothing and 1 (uci cli.c)
	[ "$1" = -q ] && [ "$2" = get ] || return 2
	local v
	v=$(echo "$3" | tr '.@[]' '____')
	eval "v=\${FAKE_UCI_$v:-}"
	[ -n "$v" ] && echo "$v"
}

# --- /lib/functions/network.sh: the l3 device of a network that is up, else status 1 -------
network_get_device() {
	local d
	eval "d=\${FAKE_NET_${2}_l3:-}"
	eval "$1=\$d"
	[ -n "$d" ]
}

# --- procd.sh (package/system/procd/files/procd.sh) -----------------------------------------
# procd execs the 'command' array as argv (procd service/instance.c): instances are summarised
# at procd_close_instance as that argv:
#   instance <name>|<argv0>|<argv1>|...
#   param <name> <param>|<values...>
procd_open_instance() {
	rec procd_open_instance "$@"
	P_NAME="$1"
	P_CMD=
	P_PARAMS=
}
procd_set_param() {
	local p="$1"
	shift
	rec procd_set_param "$p" "$@"
	if [ "$p" = command ]; then
		P_CMD=$(IFS='|'; printf '%s' "$*")
	else
		P_PARAMS="$P_PARAMS$(IFS='|'; printf '%s' "param $P_NAME $p|$*")
"
	fi
}
procd_append_param() {
	local p="$1"
	shift
	rec procd_append_param "$p" "$@"
	[ "$p" = command ] && P_CMD="$P_CMD|$(IFS='|'; printf '%s' "$*")"
}
procd_close_instance() {
	rec procd_close_instance
	printf 'instance %s|%s\n' "$P_NAME" "$P_CMD" >>"$INSTANCES"
	printf '%s' "$P_PARAMS" >>"$INSTANCES"
}
procd_add_reload_trigger() { rec procd_add_reload_trigger "$@"; }
procd_add_reload_interface_trigger() { rec procd_add_reload_interface_trigger "$@"; }

# --- ubox kmodloader (kmodloader.c at openwrt/ubox 6f78fa4): modprobe/insmod/rmmod -------------
# main_modprobe (:1071): options -a -q -v, then ONE module name; later words are ignored. A
# module on disk and not loaded is loaded with the options of /etc/modules.conf only (none
# here: ""), exit 0; already loaded: exit 0; not found: "failed to find a module named" and
# exit 255. main_insmod (:898): name, then the rest joined by spaces is the parameter string;
# already loaded (:916) or not found (:947): exit 255. Seen by hand: init_module(..., "") for
# `modprobe ra6notify proto=26 rate=5`, init_module(..., "proto=26 rate=5") for insmod.
# main_rmmod (:963): delete_module(name, 0); "module is not loaded" or, when the kernel
# refuses (the module is in use), "unloading the module failed": exit 255 either way.
# A load is recorded as 'init_module|<name>|<parameters>'.
#
# The kernel side: a loaded module shows its parameters in $FAKE_SYSMOD/<name>/parameters/
# (/sys/module), its defaults ($FAKE_MODPARAMS, "name=value ...") overridden by the ones
# given; rmmod removes them. A socket on ra6notify's legacy unit holds the module
# (FAKE_LEGACY_CLIENT=1; kmod/legacy.c: the unit's kernel socket belongs to the module, so
# only with legacy=Y); ra6c's generic netlink socket doesn't (kmod/README.md, "Unloading").
# The kernel refuses a load with a parameter out of range (EINVAL, kmod/main.c): the words
# of $FAKE_REFUSED ("burst=1001 ...") make insmod fail, "failed to insert" (:953), exit 255.
mod_loaded() { grep -qx "$1" "$MODSTATE" 2>/dev/null; }
mod_on_disk() { case " $FAKE_MODS " in *" $1 "*) return 0 ;; esac; return 1; }
mod_load() { # mod_load <name> <parameters...>
	local m="$1" p d="${FAKE_SYSMOD:-/nonexistent}/$1/parameters"
	shift
	rec init_module "$m" "$*"
	echo "$m" >>"$MODSTATE"
	[ -n "${FAKE_SYSMOD:-}" ] || return 0
	mkdir -p "$d"
	for p in ${FAKE_MODPARAMS:-} "$@"; do
		echo "${p#*=}" >"$d/${p%%=*}"
	done
}
modprobe() {
	rec modprobe "$@"
	while case "$1" in -a | -q | -v) true ;; *) false ;; esac do shift; done
	mod_loaded "$1" && return 0
	mod_on_disk "$1" || return 255
	mod_load "$1"
}
insmod() {
	rec insmod "$@"
	mod_loaded "$1" && return 255
	mod_on_disk "$1" || return 255
	local w
	for w in ${FAKE_REFUSED:-}; do
		case " $* " in *" $w "*)
			echo "failed to insert $1" >&2
			return 255
			;;
		esac
	done
	mod_load "$@"
}
rmmod() {
	rec rmmod "$@"
	mod_loaded "$1" || { echo "module is not loaded" >&2; return 255; }
	if [ -n "${FAKE_LEGACY_CLIENT:-}" ] &&
		[ "$(cat "${FAKE_SYSMOD:-/nonexistent}/$1/parameters/legacy" 2>/dev/null)" = Y ]; then
		echo "unloading the module failed" >&2
		return 255
	fi
	grep -vx "$1" "$MODSTATE" >"$MODSTATE.new"
	mv "$MODSTATE.new" "$MODSTATE"
	[ -z "${FAKE_SYSMOD:-}" ] || rm -rf "${FAKE_SYSMOD:?}/$1"
}

# --- netifd-proto.sh (openwrt/netifd scripts/netifd-proto.sh) ---------------------------------
proto_config_add_string() { rec proto_config_add_string "$@"; }
proto_config_add_int() { rec proto_config_add_int "$@"; }
proto_config_add_boolean() { rec proto_config_add_boolean "$@"; }
proto_config_add_array() { rec proto_config_add_array "$@"; }
# init_proto (:441): 'dump' makes add_protocol print the handler (name and its init_config);
# setup/teardown/renew make it run proto_<name>_<cmd> only for the protocol asked for (:481)
init_proto() {
	proto="$1"
	cmd="$2"
	case "$cmd" in
	dump) add_protocol() {
		rec add_protocol "$1"
		eval "proto_$1_init_config"
	} ;;
	*) add_protocol() {
		[ "$proto" = "$1" ] || return 0
		rec dispatch "$1" "$cmd"
		eval "proto_$1_$cmd \"\$interface\" \"\$ifname\""
	} ;;
	esac
}
proto_export() { rec proto_export "$@"; }
proto_run_command() { rec proto_run_command "$@"; }
proto_kill_command() { rec proto_kill_command "$@"; }
proto_init_update() { rec proto_init_update "$@"; }
proto_send_update() { rec proto_send_update "$@"; }
# argument order as netifd-proto.sh: address mask preferred valid offlink class (:136),
# target mask gw metric valid source table (:174), prefix [valid preferred] (:186)
proto_add_ipv6_address() { rec proto_add_ipv6_address "$@"; }
proto_add_ipv6_prefix() { rec proto_add_ipv6_prefix "$@"; }
proto_add_ipv6_route() { rec proto_add_ipv6_route "$@"; }
proto_add_dns_server() { rec proto_add_dns_server "$@"; }
proto_add_dns_search() { rec proto_add_dns_search "$@"; }
proto_add_data() { rec proto_add_data; }
proto_close_data() { rec proto_close_data; }

# --- jshn.sh (openwrt/libubox sh/jshn.sh) -------------------------------------------------------
json_get_vars() {
	local v
	for v in "$@"; do
		eval "$v=\${JSON_$v:-}"
	done
}
json_get_var() { eval "$1=\${JSON_$2:-}"; }
# json_for_each_item <fn> <array> [arg]: fn "<value>" "<key>" "<arg>" per item, in this shell
json_for_each_item() {
	local items i=0 v IFS='|'
	eval "items=\${JSON_$2:-}"
	for v in $items; do
		i=$((i + 1))
		IFS=' '
		"$1" "$v" "$i" "${3:-}"
		IFS='|'
	done
}
# json_load: replaces the data json_get_var reads; used by the handler for ubus's answer
json_load() {
	local n
	rec json_load
	for n in $FAKE_HANDLERS; do
		eval "JSON_$n=J_$n"
	done
}
json_init() { rec json_init; }
json_add_string() { rec json_add_string "$@"; }
json_add_boolean() { rec json_add_boolean "$@"; }
json_close_object() { rec json_close_object; }
json_dump() { echo '{...}'; }

# --- ubus ---------------------------------------------------------------------------------
ubus() {
	rec ubus "$@"
	[ "$*" = "call network get_proto_handlers" ] && printf '{ }\n'
	return 0
}
