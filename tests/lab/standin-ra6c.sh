#!/bin/bash
# A crude stand-in for ra6c, built from a python RA listener and dhcpcd, used
# only to exercise run.sh and demo.sh before ra6c exists:
#
#   tests/lab/run.sh tests/lab/standin-ra6c.sh
#
# It takes ra6c's command line (unknown options are ignored), waits for one
# RA on <ifname>, then runs dhcpcd: M=1 -> stateful (IA_NA unless -N none,
# IA_PD with -P), O only -> --inform6. dhcpcd's hook reasons are mapped to
# odhcp6c states and env (ADDRESSES/PREFIXES "addr/len,pref,valid,t1,t2",
# RDNSS, DOMAINS, SNTP_IP) and the -s script is called like odhcp6c does.
# SIGTERM stops dhcpcd (which sends Release), then calls the script "stopped".
# It is not ra6c: its timings (dhcpcd's own random delays) are not ra6c's.
set -u

if [ "${1:-}" = --hook ]; then
	# Called by dhcpcd as its hook script: translate and call the user script.
	user_script=$2
	ifname=${interface:-}
	case ${reason:-} in
	BOUND6 | REBOOT6) state=bound ;;
	RENEW6) state=updated ;;
	REBIND6) state=rebound ;;
	EXPIRE6) state=unbound ;;
	INFORM6) state=informed ;;
	*) exit 0 ;;
	esac
	addrs="" prefixes=""
	for v in $(env | sed -n 's/^\(new_dhcp6_ia_na[0-9]*_ia_addr[0-9]*\)=.*/\1/p'); do
		ia=${v%_ia_addr*}
		t1_var=${ia}_t1 t2_var=${ia}_t2 pl_var=${v}_pltime vl_var=${v}_vltime
		addrs="$addrs ${!v}/128,${!pl_var:-0},${!vl_var:-0},${!t1_var:-0},${!t2_var:-0}"
	done
	for v in $(env | sed -n 's/^\(new_dhcp6_ia_pd[0-9]*_prefix[0-9]*\)=.*/\1/p'); do
		ia=${v%_prefix*}
		t1_var=${ia}_t1 t2_var=${ia}_t2 pl_var=${v}_pltime vl_var=${v}_vltime len_var=${v}_length
		prefixes="$prefixes ${!v}/${!len_var},${!pl_var:-0},${!vl_var:-0},${!t1_var:-0},${!t2_var:-0}"
	done
	if [ "$state" = unbound ]; then addrs="" prefixes=""; fi
	ADDRESSES=${addrs# } PREFIXES=${prefixes# } \
		RDNSS=${new_dhcp6_name_servers:-} DOMAINS=${new_dhcp6_domain_search:-} \
		SNTP_IP=${new_dhcp6_sntp_servers:-} \
		"$user_script" "$ifname" "$state"
	exit 0
fi

# dhcpcd keeps its pid file in /run/dhcpcd and its DUID and leases in
# /var/lib/dhcpcd, named after the interface: two labs (both "veth-c") would
# clash. Re-run in a private mount namespace (exec keeps our pid, which the
# runner signals) and bind per-run directories over those two.
if [ -z "${STANDIN_UNSHARED:-}" ]; then
	export STANDIN_UNSHARED=1
	exec unshare -m --propagation private "$0" "$@"
fi

script="" na=1 pd=0 state_dir=/tmp/standin-ra6c ifname=""
while [ $# -gt 0 ]; do
	case $1 in
	-s) script=$2; shift 2 ;;
	-N) [ "$2" = none ] && na=0; shift 2 ;;
	-P) pd=1; shift 2 ;;
	-t | --solicit-delay) shift 2 ;;
	--state-dir) state_dir=$2; shift 2 ;;
	-*) shift ;;
	*) ifname=$1; shift ;;
	esac
done
if [ -z "$script" ] || [ -z "$ifname" ]; then
	echo "usage: standin-ra6c.sh -s script [...] ifname" >&2
	exit 1
fi
mkdir -p "$state_dir/dhcpcd-lib" "$state_dir/dhcpcd-run" /var/lib/dhcpcd /run/dhcpcd
mount --bind "$state_dir/dhcpcd-lib" /var/lib/dhcpcd
mount --bind "$state_dir/dhcpcd-run" /run/dhcpcd
self=$(readlink -f "$0")
dhcpcd_pid="" listener=""
on_term() {
	[ -n "$listener" ] && kill "$listener" 2>/dev/null
	if [ -n "$dhcpcd_pid" ]; then
		kill -TERM "$dhcpcd_pid" 2>/dev/null
		wait "$dhcpcd_pid" 2>/dev/null
	fi
	"$script" "$ifname" stopped
	exit 0
}
trap on_term TERM INT

# Wait for one RA and write "M O" to a file. A raw ICMPv6 socket gets RAs
# even when the kernel ignores them (forwarding=1). "ready" is written once
# the socket is open, and only then is the script called with "started", so
# an RA sent after "started" is never missed.
python3 - "$ifname" >"$state_dir/ra" <<'EOF' &
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, sys.argv[1].encode())
print("ready", flush=True)
while True:
    m = s.recv(2048)
    if len(m) >= 16 and m[0] == 134:
        print(m[5] >> 7 & 1, m[5] >> 6 & 1, flush=True)
        break
EOF
listener=$!
for _ in $(seq 1 50); do
	grep -q ready "$state_dir/ra" && break
	sleep 0.1
done
"$script" "$ifname" started
wait "$listener"
listener=""
flags=$(tail -n 1 "$state_dir/ra")

read -r m o <<<"$flags"
conf="$state_dir/dhcpcd.conf"
{
	echo "ipv6only"
	echo "noipv6rs"
	echo "duid"
	echo "release"
	echo "option dhcp6_name_servers, dhcp6_domain_search, dhcp6_sntp_servers"
	echo "script $state_dir/hook"
} >"$conf"
printf '#!/bin/sh\nexec %s --hook %s\n' "$self" "$(readlink -f "$script")" >"$state_dir/hook"
chmod +x "$state_dir/hook"
args=()
if [ "${m:-0}" = 1 ]; then
	[ "$na" = 1 ] && echo "ia_na 1" >>"$conf"
	[ "$pd" = 1 ] && echo "ia_pd 2 lo/0/64" >>"$conf"
elif [ "${o:-0}" = 1 ]; then
	args=(--inform6)
else
	echo "standin-ra6c: RA without M or O" >&2
fi
dhcpcd -B -d -6 "${args[@]}" -f "$conf" "$ifname" &
dhcpcd_pid=$!
wait "$dhcpcd_pid"
# dhcpcd ended on its own: like ra6c, that is the end.
"$script" "$ifname" stopped
