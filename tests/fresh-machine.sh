#!/bin/bash
# By hand: time CI (`.ci/run`, i.e. `make check`) as on a fresh Debian bookworm
# machine, without a second machine: a debootstrap'd bookworm (minbase plus what
# a cloud image brings: git, gcc, make, python3-pip, curl, ca-certificates,
# iproute2, sudo) in a chroot, with stable Rust from rustup as this kind of
# machine has it (../shared/NOTES.md), and a clean clone of the repository.
# Everything CI needs beyond that (apt packages, rustup toolchains and
# components, pip and cargo tools, Debian kernels for the VMs) the suites
# install themselves, which is what this measures.
#
#   tests/fresh-machine.sh [root-dir] [repo]   # default /var/tmp/fresh, this repo
#
# The root is reused if it exists (delete it for a colder start: debootstrap
# takes ~3 min); the clone, ~/.cargo's registry and the build trees are always
# new. The host's CA certificates and pip.conf are copied in when present (this
# machine's registries are reached through a proxy with its own CA). Needs root.
set -euo pipefail

root=${1:-/var/tmp/fresh}
repo=${2:-$(cd "$(dirname "$0")/.." && pwd)}
rust=1.95.0

# Unmount what an earlier run mounted under the root (and, given "", the root).
unmount_below() {
	local m
	for m in tmp run dev/pts dev sys proc "$@"; do
		if mountpoint -q "$root/$m"; then umount -R "$root/$m"; fi
	done
}

# An interrupted debootstrap leaves a root that looks whole but has no /proc:
# only a finished one is reused.
if [ ! -e "$root/.fresh-machine-root" ]; then
	unmount_below ""
	rm -rf --one-file-system "$root"
	apt-get -o DPkg::Lock::Timeout=900 install -y debootstrap
	debootstrap --variant=minbase \
		--include=git,gcc,make,python3-pip,curl,ca-certificates,iproute2,sudo,procps,xz-utils \
		bookworm "$root" http://deb.debian.org/debian
	touch "$root/.fresh-machine-root"
fi

# `ip netns exec` makes / a slave mount: in the chroot, / must be a mount
# point as on a machine (bound onto itself, before the mounts below it).
if ! mountpoint -q "$root"; then
	unmount_below
	mount --bind "$root" "$root"
fi
for m in proc sys dev dev/pts; do
	mountpoint -q "$root/$m" || mount --rbind "/$m" "$root/$m"
done
mountpoint -q "$root/run" || mount -t tmpfs tmpfs "$root/run"
mountpoint -q "$root/tmp" || mount -t tmpfs -o size=20g tmpfs "$root/tmp"
cp /etc/resolv.conf "$root/etc/resolv.conf"
if [ -d /usr/local/share/ca-certificates ]; then
	cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
	chroot "$root" update-ca-certificates >/dev/null
fi
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$root/etc/pip.conf"
# This kind of machine's python (pyenv) lets pip install; Debian's marks itself
# externally managed.
rm -f "$root"/usr/lib/python3*/EXTERNALLY-MANAGED

chroot "$root" /bin/bash -c "command -v /root/.cargo/bin/rustup >/dev/null ||
	{ curl -sSfo /tmp/rustup-init https://static.rust-lang.org/rustup/dist/x86_64-unknown-linux-gnu/rustup-init &&
	  chmod +x /tmp/rustup-init && /tmp/rustup-init -y --profile default --default-toolchain $rust; }"

# Fresh every time: the clone, cargo's registry and git caches, build trees.
rm -rf "$root/root/ra6c" "$root/root/.cargo/registry" "$root/root/.cargo/git" "$root/var/cache/ra6c"
git clone -q "$repo" "$root/root/ra6c"
echo "fresh-machine: $(git -C "$root/root/ra6c" log --oneline -1) in $root, Rust $rust, $(nproc) cores"

start=$(date +%s)
rc=0
chroot "$root" env -i HOME=/root TERM=dumb \
	PATH=/root/.cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
	bash -c 'cd /root/ra6c && bash .ci/run' || rc=$?
echo "fresh-machine: .ci/run rc=$rc in $(($(date +%s) - start)) s"
exit "$rc"
