# shellcheck shell=dash disable=SC2034,SC3043
# Stand-ins for the OpenWrt shell functions that ra6c's init script and netifd handler call:
# /lib/functions.sh (config_*, append), procd.sh (procd_*), netifd-proto.sh (proto_*, json_*).
# Every call is written to $CALLS, one line per call, arguments separated by '|'.
# procd instances are summarised at procd_close_instance as the argv procd would exec:
#   instance <name>|<argv0>|<argv1>|...
#   param <name> <param>|<values...>
#
# The fake UCI config is a set of shell variables, as /lib/functions.sh keeps it:
#   FAKE_SECTIONS="wan6 lan"  FAKE_wan6_TYPE=client  FAKE_wan6_interface=eth1
# netifd's JSON config for the handler: JSON_<option>=<value> (unset: option absent).

rec() {
	local IFS='|'
	printf '%s\n' "$*" >>"$CALLS"
}

# --- /lib/functions.sh --------------------------------------------------------------------
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

# --- procd.sh ---------------------------------------------------------------------------
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

# --- commands the scripts run -------------------------------------------------------------
modprobe() { rec modprobe "$@"; return "${FAKE_MODPROBE_RC:-1}"; }
insmod() { rec insmod "$@"; return "${FAKE_INSMOD_RC:-1}"; }
rmmod() { rec rmmod "$@"; return 0; }

# --- netifd-proto.sh ----------------------------------------------------------------------
proto_config_add_string() { rec proto_config_add_string "$@"; }
proto_config_add_int() { rec proto_config_add_int "$@"; }
proto_config_add_boolean() { rec proto_config_add_boolean "$@"; }
proto_config_add_array() { rec proto_config_add_array "$@"; }
json_get_vars() {
	local v
	for v in "$@"; do
		eval "$v=\${JSON_$v:-}"
	done
}
json_get_values() { eval "$1=\${JSON_$2:-}"; }
json_get_var() { eval "$1=\${JSON_$2:-}"; }
proto_export() { rec proto_export "$@"; }
proto_run_command() { rec proto_run_command "$@"; }
proto_kill_command() { rec proto_kill_command "$@"; }
proto_init_update() { rec proto_init_update "$@"; }
proto_send_update() { rec proto_send_update "$@"; }
proto_add_ipv6_address() { rec proto_add_ipv6_address "$@"; }
proto_add_ipv6_prefix() { rec proto_add_ipv6_prefix "$@"; }
proto_add_ipv6_route() { rec proto_add_ipv6_route "$@"; }
proto_add_dns_server() { rec proto_add_dns_server "$@"; }
proto_add_dns_search() { rec proto_add_dns_search "$@"; }
proto_notify_error() { rec proto_notify_error "$@"; }
proto_block_restart() { rec proto_block_restart "$@"; }
add_protocol() { rec add_protocol "$@"; }
init_proto() { rec init_proto "$@"; }
