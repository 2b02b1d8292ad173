#!/usr/bin/env python3
"""Join two network namespaces by a tun device in each (lab.sh lab_tun_add).

    tunpair.py <ns-a> <ifname-a> <ns-b> <ifname-b>

A tun link has no link-layer address (like PPPoE's pppoe-wan or a raw-IP
modem's wwan0): each IPv6 packet one side writes comes out of the other.
Prints "ready" once both devices exist, then relays until killed, at most
MAX_PACKETS packets (a lab tool, never a flood).
"""
import ctypes
import fcntl
import os
import select
import struct
import sys

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
MAX_PACKETS = 100000

libc = ctypes.CDLL(None, use_errno=True)


def open_tun(ns, ifname):
    """A tun device named ifname in namespace ns (it stays there)."""
    with open("/run/netns/" + ns, "rb") as f:
        if libc.setns(f.fileno(), CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns %s: %s" % (ns, os.strerror(err)))
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_CLOEXEC)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", ifname.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    a = open_tun(sys.argv[1], sys.argv[2])
    b = open_tun(sys.argv[3], sys.argv[4])
    print("ready", flush=True)
    peer = {a: b, b: a}
    n = 0
    while n < MAX_PACKETS:
        ready, _, _ = select.select([a, b], [], [])
        for fd in ready:
            pkt = os.read(fd, 65536)
            n += 1
            try:
                os.write(peer[fd], pkt)
            except OSError:
                pass  # the other side is down: dropped, as on a wire
    print("tunpair: %d packets relayed, stopping" % n, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
