#!/bin/bash
# Packages for bench/run.sh on a fresh Debian bookworm. Idempotent,
# non-interactive, root only. No service is started: a policy-rc.d that
# exits 101 is in place while apt runs (removed again if we put it there),
# and anything that started anyway is stopped and masked.
set -euo pipefail

PACKAGES=(
	iproute2 procps util-linux tcpdump python3 binutils  # lab, strip
	radvd kea-dhcp6-server dnsmasq-base                   # servers (lab.sh)
	systemd                                               # /lib/systemd/systemd-networkd
	wide-dhcpv6-client dhcpcd-base                        # peers
	valgrind                                              # callgrind
	stress-ng                                             # the under-load trials
	cargo                                                 # only if no Rust toolchain
)

if [ "$(id -u)" -ne 0 ]; then
	echo "bench/deps.sh: must run as root" >&2
	exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
	if [ "$p" = cargo ] && command -v cargo >/dev/null 2>&1; then
		continue
	fi
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
	ours=0
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\n# ra6c bench: never start services on install\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		ours=1
	fi
	export DEBIAN_FRONTEND=noninteractive
	echo "wide-dhcpv6-client wide-dhcpv6-client/interfaces string" | debconf-set-selections
	apt-get -o DPkg::Lock::Timeout=600 update
	apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
	[ "$ours" = 1 ] && rm -f /usr/sbin/policy-rc.d
fi

# Anything we just installed that started anyway (systemd as PID 1 can
# ignore policy-rc.d): stop and mask it. Only services of packages this run
# installed: a host that already uses one of them (e.g. systemd-networkd
# for its own network) is left alone.
if [ "${#missing[@]}" -gt 0 ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
	for p in "${missing[@]}"; do
		case $p in
		kea-dhcp6-server) svcs=(kea-dhcp6-server) ;;
		radvd) svcs=(radvd) ;;
		wide-dhcpv6-client) svcs=(wide-dhcpv6-client) ;;
		dnsmasq-base) svcs=(dnsmasq) ;;
		systemd) svcs=(systemd-networkd.service systemd-networkd.socket) ;;
		*) svcs=() ;;
		esac
		for svc in "${svcs[@]}"; do
			systemctl stop "$svc" >/dev/null 2>&1 || true
			systemctl mask "$svc" >/dev/null 2>&1 || true
		done
	done
fi
echo "bench/deps.sh: all benchmark packages present"
