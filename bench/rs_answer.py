#!/usr/bin/env python3
"""Answer the client's first Router Solicitation with one RA at once, as a
router does (bench/trial.sh's at-start trials). Run in the server namespace.

  rs_answer.py -i veth-s --ready FILE [--timeout 3]

Touches FILE once its socket is open, waits (at most --timeout s) for an RS,
then sends one RA (flood.py's: M=1, PIO 2001:db8:1::/64 with A=0, RDNSS,
DNSSL) to ff02::1 and exits; without an RS it sends the RA anyway at the
timeout. Prints "rs <epoch|-> ra <epoch>".
"""
import argparse
import os
import select
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "lab"))
import flood  # noqa: E402
import send_ra  # noqa: E402

ICMP6_FILTER = 1
ND_ROUTER_SOLICIT = 133


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-i", "--interface", required=True)
    p.add_argument("--ready", required=True)
    p.add_argument("--timeout", type=float, default=3.0)
    a = p.parse_args()
    ra = flood.ra("2001:db8:1::/64")  # built before listening: nothing slow after the RS
    src = send_ra.link_local(a.interface)
    if src is None:
        sys.exit("rs_answer: no link-local on %s" % a.interface)
    ifindex = socket.if_nametoindex(a.interface)
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    # ICMP6_FILTER: pass only Router Solicitations (bit set = block).
    blocked = bytearray(b"\xff" * 32)
    blocked[ND_ROUTER_SOLICIT >> 3] &= ~(1 << (ND_ROUTER_SOLICIT & 7)) & 0xFF
    s.setsockopt(socket.IPPROTO_ICMPV6, ICMP6_FILTER, bytes(blocked))
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, ifindex)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
    s.bind((src, 0, 0, ifindex))
    # RSs go to ff02::2, which a host (forwarding=0) hasn't joined.
    mreq = socket.inet_pton(socket.AF_INET6, "ff02::2") + ifindex.to_bytes(4, sys.byteorder)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
    open(a.ready, "w").close()
    rs = "-"
    end = time.monotonic() + max(0.1, min(a.timeout, 10))
    while time.monotonic() < end:
        r, _, _ = select.select([s], [], [], max(0, end - time.monotonic()))
        if not r:
            break
        data, _ = s.recvfrom(1500)
        if data and data[0] == ND_ROUTER_SOLICIT:
            rs = "%.6f" % time.time()
            break
    s.sendto(ra, ("ff02::1", 0, 0, ifindex))
    print("rs %s ra %.6f" % (rs, time.time()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
