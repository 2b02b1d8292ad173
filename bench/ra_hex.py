#!/usr/bin/env python3
"""Print RAs as hex (ICMPv6 message from the type byte), one per line, built
by tests/lab/send_ra.py's own builder: the bytes the lab puts on the wire.
The kernel fills the checksum on send; ra::parse doesn't read it.
  ra_hex.py            M=1, PIO 2001:db8:1::/64 A=0, RDNSS, DNSSL
  then the same with PIO 2001:db8:ff00::/64 (a "new prefix" RA)"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "lab"))
import send_ra  # noqa: E402


def ra(prefix):
    a = argparse.Namespace(managed=True, other=False, cur_hop_limit=64, router_lifetime=1800,
                           src_lladdr="", mtu=0, prefix=[prefix], autonomous=False,
                           valid=86400, preferred=14400, rdnss=["2001:db8:1::53"],
                           dnssl=["lab.example"], dns_lifetime=600)
    return send_ra.build_ra(a)


print(ra("2001:db8:1::/64").hex())
print(ra("2001:db8:ff00::/64").hex())
