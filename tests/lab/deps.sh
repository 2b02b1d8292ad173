#!/bin/bash
# Install everything the ra6c network-namespace lab needs on a fresh Debian
# bookworm. Idempotent and non-interactive; must run as root.
#
# Debian starts daemons on install (kea, isc-dhcp-server, wide-dhcpv6-server,
# radvd, dnsmasq ...). The lab runs its own instances inside network
# namespaces, so a policy-rc.d that refuses every service start is put in
# place first (the same trick Debian's Docker images use).
set -euo pipefail

PACKAGES=(
	iproute2              # ip netns / veth
	procps                # sysctl, ps (process state in waits)
	util-linux            # unshare, mount (stand-in clients get private state dirs)
	tcpdump               # capture on the client side of the veth
	python3               # send_ra.py, pcap helpers
	radvd                 # "normal" RA sender for the demo
	kea-dhcp6-server      # Kea DHCPv6 (IA_NA, IA_PD, rapid commit)
	dnsmasq-base          # dnsmasq binary only (no service, IA_NA only)
	isc-dhcp-server       # ISC dhcpd -6 (IA_NA, IA_PD, rapid commit)
	wide-dhcpv6-server    # WIDE dhcp6s
	wide-dhcpv6-client    # dhcp6c: stand-in client to validate server configs
	dhcpcd-base           # dhcpcd: second stand-in client
)

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: must run as root" >&2
	exit 1
fi

if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\n# ra6c lab: never start services on install\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
fi

export DEBIAN_FRONTEND=noninteractive
# wide-dhcpv6-{server,client} ask for an interface via debconf; leave empty.
echo "wide-dhcpv6-server wide-dhcpv6-server/interfaces string" | debconf-set-selections
echo "wide-dhcpv6-client wide-dhcpv6-client/interfaces string" | debconf-set-selections

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
	apt-get -o DPkg::Lock::Timeout=600 update
	apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
fi

# If something did start anyway (no policy-rc.d honoured, systemd present),
# stop the host-wide daemons: they would bind port 547 on the host.
for svc in kea-dhcp6-server isc-dhcp-server wide-dhcpv6-server wide-dhcpv6-client radvd dnsmasq; do
	if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		systemctl disable --now "$svc" >/dev/null 2>&1 || true
	fi
done
echo "deps.sh: all lab packages present"
