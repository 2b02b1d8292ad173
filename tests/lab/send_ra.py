#!/usr/bin/env python3
"""Send a bounded number of ICMPv6 Router Advertisements (RFC 4861 §4.2).

Used by the ra6c lab to trigger the client deterministically: one RA with
exactly the flags a test wants, instead of radvd's own schedule.

Run it inside the server namespace:
    send_ra.py -i veth-s -M -c 1 --prefix 2001:db8:1::/64 --rdnss 2001:db8:1::53
    send_ra.py -i veth-s --src fe80::b --router-lifetime 0 --route fd00:1::/64,high

A second router on the same link: give the interface another link-local
(`ip addr add fe80::b/64 dev veth-s nodad`) and send from it with --src.

The RA goes from the interface's link-local address (receivers drop RAs from
anything else) to ff02::1 with hop limit 255 (receivers drop RAs with a lower
hop limit: RFC 4861 §6.1.2). The kernel fills in the ICMPv6 checksum on raw
ICMPv6 sockets.
"""
import argparse
import ipaddress
import socket
import struct
import sys
import time

ALL_NODES = "ff02::1"
MAX_COUNT = 1000  # hard bound: this is a lab tool, never a flood


def link_local(ifname):
    """Return the first non-tentative fe80:: address of ifname (from /proc)."""
    with open("/proc/net/if_inet6", encoding="ascii") as f:
        for line in f:
            hexaddr, _idx, _plen, scope, flags, name = line.split()
            if name != ifname or scope != "20":
                continue
            if int(flags, 16) & 0x40:  # IFA_F_TENTATIVE: not usable as a source yet
                continue
            return str(ipaddress.IPv6Address(bytes.fromhex(hexaddr)))
    return None


def opt(otype, body):
    """One ND option: type, length in units of 8 octets, body padded to fit."""
    total = 2 + len(body)
    pad = (-total) % 8
    body += b"\0" * pad
    return struct.pack("!BB", otype, (total + pad) // 8) + body


def build_ra(a):
    flags = (0x80 if a.managed else 0) | (0x40 if a.other else 0)
    # Type 134, code 0, checksum 0 (kernel), cur hop limit, M/O flags,
    # router lifetime, reachable time, retrans timer.
    msg = struct.pack("!BBHBBHII", 134, 0, 0, a.cur_hop_limit, flags,
                      a.router_lifetime, 0, 0)
    if a.src_lladdr:
        mac = bytes.fromhex(a.src_lladdr.replace(":", ""))
        msg += opt(1, mac)
    if a.mtu:
        msg += opt(5, struct.pack("!HI", 0, a.mtu))
    prf = {"high": 1, "medium": 0, "low": 3}
    # bench/flood.py builds its own argument set: RIOs are optional there.
    for r in getattr(a, "route", []):
        # Route Information (RFC 4191 §2.3): prefix, length, preference.
        dst, _, pref = r.partition(",")
        net = ipaddress.IPv6Network(dst, strict=False)
        nbytes = 0 if net.prefixlen == 0 else (8 if net.prefixlen <= 64 else 16)
        msg += opt(24, struct.pack("!BBI", net.prefixlen, prf[pref or "medium"] << 3,
                                   a.route_lifetime) + net.network_address.packed[:nbytes])
    for p in a.prefix:
        net = ipaddress.IPv6Network(p, strict=False)
        # L=1, A as asked; P (RFC 9762: DHCPv6-PD available) as asked.
        pflags = 0x80 | (0x40 if a.autonomous else 0) | (0x10 if a.pd_preferred else 0)
        msg += opt(3, struct.pack("!BBIII", net.prefixlen, pflags,
                                  a.valid, a.preferred, 0) + net.network_address.packed)
    if a.rdnss:
        body = struct.pack("!HI", 0, a.dns_lifetime)
        for r in a.rdnss:
            body += ipaddress.IPv6Address(r).packed
        msg += opt(25, body)
    if a.dnssl:
        names = b""
        for d in a.dnssl:
            for label in d.strip(".").split("."):
                names += bytes([len(label)]) + label.encode()
            names += b"\0"
        msg += opt(31, struct.pack("!HI", 0, a.dns_lifetime) + names)
    return msg


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-i", "--interface", required=True)
    p.add_argument("-M", "--managed", action="store_true", help="set M flag")
    p.add_argument("-O", "--other", action="store_true", help="set O flag")
    p.add_argument("-c", "--count", type=int, default=1, help="RAs to send (1..%d)" % MAX_COUNT)
    p.add_argument("--interval", type=float, default=1.0,
                   help="seconds between RAs (rate limit; minimum 0.01)")
    p.add_argument("--prefix", action="append", default=[], help="PIO prefix, e.g. 2001:db8:1::/64")
    p.add_argument("--autonomous", action="store_true", help="set A flag in PIOs (default A=0)")
    p.add_argument("--pd-preferred", action="store_true",
                   help="set RFC 9762's P flag in PIOs (DHCPv6-PD available)")
    p.add_argument("--valid", type=int, default=86400, help="PIO valid lifetime")
    p.add_argument("--preferred", type=int, default=14400, help="PIO preferred lifetime")
    p.add_argument("--route", action="append", default=[],
                   help="Route Information option: prefix/len[,high|medium|low]")
    p.add_argument("--route-lifetime", type=int, default=1800)
    p.add_argument("--src", default="", help="source link-local (default: the interface's first)")
    p.add_argument("--rdnss", action="append", default=[], help="RDNSS address")
    p.add_argument("--dnssl", action="append", default=[], help="DNSSL domain")
    p.add_argument("--dns-lifetime", type=int, default=600)
    p.add_argument("--mtu", type=int, default=0, help="add an MTU option")
    p.add_argument("--src-lladdr", default="", help="add a source link-layer address option")
    p.add_argument("--router-lifetime", type=int, default=1800)
    p.add_argument("--cur-hop-limit", type=int, default=64)
    p.add_argument("--dst", default=ALL_NODES, help="destination (default ff02::1)")
    p.add_argument("-q", "--quiet", action="store_true")
    a = p.parse_args()

    if not 1 <= a.count <= MAX_COUNT:
        p.error("--count must be 1..%d" % MAX_COUNT)
    a.interval = max(a.interval, 0.01)

    src = a.src or link_local(a.interface)
    if src is None:
        print("send_ra: no usable link-local address on %s" % a.interface, file=sys.stderr)
        return 1
    ifindex = socket.if_nametoindex(a.interface)

    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, ifindex)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
    s.bind((src, 0, 0, ifindex))

    pkt = build_ra(a)
    for n in range(a.count):
        if n:
            time.sleep(a.interval)
        s.sendto(pkt, (a.dst, 0, 0, ifindex))
        if not a.quiet:
            print("%.9f sent RA M=%d O=%d from %s%%%s (%d bytes)" % (
                time.time(), a.managed, a.other, src, a.interface, len(pkt)), flush=True)
    s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
