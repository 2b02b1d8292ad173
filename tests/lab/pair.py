#!/usr/bin/env python3
"""Find a client DHCPv6 message and the server's answer in pcap.py output.

    pcap.py x.pcap | pair.py REQUEST REPLY
prints two lines: the client message hex and the answer hex (same
transaction id). When the client retransmitted, the copy sent last before
the answer is taken: that is the one the server answered. Exit 1 if absent.
"""
import sys


def main():
    want, answer = sys.argv[1], sys.argv[2]
    pkts = [l.rstrip("\n").split("\t") for l in sys.stdin if l.strip()]
    for i, p in enumerate(pkts):
        if p[1] != "dhcp6" or p[3] != answer:
            continue
        xid = p[6][2:8]
        asked = [q for q in pkts[:i] if q[1] == "dhcp6" and q[3] == want and q[6][2:8] == xid]
        if asked:
            print(asked[-1][6])
            print(p[6])
            return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
