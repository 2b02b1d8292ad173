#!/usr/bin/env python3
"""Bounded RA flood for the benchmark (issue 11, scenario 5): at most 1,000
RAs/s for at most 10 s, from the interface's link-local to ff02::1, hop
limit 255, built by tests/lab/send_ra.py's builder (M=1, PIO A=0, RDNSS,
DNSSL). Run inside the server namespace only.

  flood.py -i veth-s [--rate 1000] [--seconds 10] [--new-prefix]

--new-prefix: every RA carries a different /64 (2001:db8:8000::/64 upwards,
a fresh range for each --round) instead of the same 2001:db8:1::/64. Prints "sent <n> <first-epoch> <last-epoch>".
"""
import argparse
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "lab"))
import send_ra  # noqa: E402

MAX_RATE = 1000
MAX_SECONDS = 10


def ra(prefix):
    a = argparse.Namespace(managed=True, other=False, cur_hop_limit=64, router_lifetime=1800,
                           src_lladdr="", mtu=0, prefix=[prefix], autonomous=False, pd_preferred=False,
                           valid=86400, preferred=14400, rdnss=["2001:db8:1::53"],
                           dnssl=["lab.example"], dns_lifetime=600)
    return send_ra.build_ra(a)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-i", "--interface", required=True)
    p.add_argument("--rate", type=int, default=MAX_RATE)
    p.add_argument("--seconds", type=float, default=MAX_SECONDS)
    p.add_argument("--new-prefix", action="store_true")
    p.add_argument("--round", type=int, default=1,
                   help="with --new-prefix: round N uses prefixes no earlier round used")
    a = p.parse_args()
    rate = max(1, min(a.rate, MAX_RATE))
    seconds = max(0.1, min(a.seconds, MAX_SECONDS))
    count = int(rate * seconds)
    src = send_ra.link_local(a.interface)
    if src is None:
        sys.exit("flood: no link-local on %s" % a.interface)
    ifindex = socket.if_nametoindex(a.interface)
    if a.new_prefix:
        base = 0x8000 + (max(1, min(a.round, 3)) - 1) * MAX_RATE * MAX_SECONDS
        pkts = [ra("2001:db8:%x::/64" % (base + n)) for n in range(count)]
    else:
        pkts = [ra("2001:db8:1::/64")]
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, ifindex)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
    s.bind((src, 0, 0, ifindex))
    dst = ("ff02::1", 0, 0, ifindex)
    gap = 1.0 / rate
    t0 = time.monotonic()
    first = time.time()
    sent = 0
    for n in range(count):
        due = t0 + n * gap
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
        try:
            s.sendto(pkts[n % len(pkts)], dst)
            sent += 1
        except OSError:
            pass
        if time.monotonic() - t0 > seconds + 2:  # hard stop on a slow machine
            break
    print("sent %d %.6f %.6f" % (sent, first, time.time()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
