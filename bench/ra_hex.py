#!/usr/bin/env python3
"""Print RAs as hex (ICMPv6 message from the type byte), one per line, built
by tests/lab/send_ra.py's own builder: the bytes the lab puts on the wire.
The kernel fills the checksum on send; ra::parse doesn't read it.
  ra_hex.py            M=1, PIO 2001:db8:1::/64 A=0, RDNSS, DNSSL
  then the same with PIO 2001:db8:ff00::/64 (a "new prefix" RA)"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from flood import ra  # noqa: E402  (the flood's RA: same bytes)


print(ra("2001:db8:1::/64").hex())
print(ra("2001:db8:ff00::/64").hex())
