#!/usr/bin/env python3
"""Join two network namespaces with a pair of tun devices (no MAC, point-to-
point, like PPPoE or a raw-IP LTE modem's wwan0): every IP packet one side
sends comes out of the other. Runs until killed.

    tunlink.py <netns-a> <if-a> <netns-b> <if-b>

Each tun is created inside its namespace (setns(2) around TUNSETIFF) and
brought up; prints "ready" once both are up, then relays. Not persistent:
the devices vanish when this process exits.
"""
import ctypes
import fcntl
import os
import select
import struct
import subprocess
import sys

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000

libc = ctypes.CDLL(None, use_errno=True)


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns %s: %s" % (path, os.strerror(err)))
    finally:
        os.close(fd)


def open_tun(ns, name):
    """A tun device `name` in netns `ns`, up; returns its fd."""
    home = "/proc/self/ns/net"
    back = os.open(home, os.O_RDONLY)
    try:
        setns("/var/run/netns/" + ns)
        fd = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
        subprocess.run(["ip", "link", "set", name, "up"], check=True)
    finally:
        if libc.setns(back, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns back")
        os.close(back)
    return fd


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    a = open_tun(sys.argv[1], sys.argv[2])
    b = open_tun(sys.argv[3], sys.argv[4])
    peer = {a: b, b: a}
    print("ready", flush=True)
    while True:
        ready, _, _ = select.select([a, b], [], [])
        for fd in ready:
            pkt = os.read(fd, 65536)
            try:
                os.write(peer[fd], pkt)
            except OSError:
                pass  # the other side not up (yet): drop, as a wire would


if __name__ == "__main__":
    sys.exit(main())
