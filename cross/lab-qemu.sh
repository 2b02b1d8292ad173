#!/bin/sh
# Run the namespace lab (tests/lab/run.sh, real Kea) against a cross-built ra6c under
# qemu-user: the client binary is the MIPS (or ARM) one, the kernel is the host's.
#
#   cross/lab-qemu.sh [openwrt-arch] [run.sh options]     # default: mipsel_24kc, Kea, scenario a
#   cross/lab-qemu.sh mips_24kc --server kea --scenario a --scenario e
#
# Needs root, tests/lab/deps.sh, and `make cross` first.
# RA6C_QEMU_ARGS: extra ra6c arguments put before the lab's own, e.g. --startup-solicit for
# mips_24kc, where qemu-user 7.2 hands IPV6_PKTINFO ancillary data (41/50) to a big-endian
# guest without byte-swapping ipi6_ifindex, so the raw-socket RA trigger drops every RA.
# The RA sources themselves run on MIPS kernels under qemu-system: tests/vm/run.sh
# ARCH=mipsel (CI) and tests/vm/k310/ (big-endian 3.10, by hand).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

arch=${1:-mipsel_24kc}
[ $# -gt 0 ] && shift
case "$arch" in
mips_24kc) qemu="qemu-mips-static" ;;
mipsel_24kc) qemu="qemu-mipsel-static" ;;
arm_cortex-a7_neon-vfpv4) qemu="qemu-arm-static" ;;
aarch64_cortex-a53) qemu="qemu-aarch64-static" ;;
*)
	echo "lab-qemu.sh: unknown arch $arch" >&2
	exit 2
	;;
esac
bin=$root/target/cross/$arch/ra6c
[ -x "$bin" ] || {
	echo "lab-qemu.sh: $bin missing; run make cross" >&2
	exit 1
}
[ $# -gt 0 ] || set -- --server kea --scenario a

# run.sh starts "<binary> <args>": a wrapper that execs qemu keeps the pid, so the lab's
# SIGTERM/SIGUSR1 reach qemu, which delivers them to the guest.
wrap=$root/target/cross/$arch/ra6c-qemu
printf '#!/bin/sh\nexec %s %s %s "$@"\n' "$(command -v "$qemu")" "$bin" "${RA6C_QEMU_ARGS:-}" >"$wrap"
chmod 0755 "$wrap"
echo "lab-qemu.sh: $qemu $bin"
exec "$root/tests/lab/run.sh" "$@" "$wrap"
