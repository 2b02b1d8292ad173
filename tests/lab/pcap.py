#!/usr/bin/env python3
"""Decode a tcpdump pcap file into one line per RA / DHCPv6 packet.

The lab captures with `tcpdump -U -w file` (packet-buffered, so the file can
be read while tcpdump still writes) and reads it here instead of parsing
tcpdump's text output, whose format differs between versions.

Output, tab separated, one packet a line:
    <epoch.ns> <proto> <type> <NAME> <src> <dst> <payload-hex> [summary]
proto is icmp6 (RA/RS/NS/NA ...) or dhcp6 (UDP 546/547); payload-hex is the
ICMPv6 message or the UDP payload (the DHCPv6 message). With -s a short
decode of the DHCPv6 options is appended.
A truncated last record (tcpdump mid-write) is ignored.
"""
import argparse
import ipaddress
import os
import struct
import sys

DHCP_NAMES = {1: "SOLICIT", 2: "ADVERTISE", 3: "REQUEST", 4: "CONFIRM", 5: "RENEW",
              6: "REBIND", 7: "REPLY", 8: "RELEASE", 9: "DECLINE", 10: "RECONFIGURE",
              11: "INFORMATION-REQUEST", 12: "RELAY-FORW", 13: "RELAY-REPL"}
ICMP_NAMES = {133: "RS", 134: "RA", 135: "NS", 136: "NA", 137: "REDIRECT",
              143: "MLDV2"}
OPT_NAMES = {1: "CID", 2: "SID", 3: "IA_NA", 5: "IAADDR", 6: "ORO", 7: "PREF",
             8: "ELAPSED", 11: "AUTH", 13: "STATUS", 14: "RAPID", 19: "RECONF_MSG",
             20: "RECONF_ACCEPT",
             23: "DNS", 24: "DOMAINS", 25: "IA_PD", 26: "IAPREFIX", 31: "SNTP",
             32: "INFO_RT", 39: "FQDN", 56: "NTP", 82: "SOL_MAX_RT", 83: "INF_MAX_RT"}


def records(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise SystemExit("pcap.py: %s is not a pcap file" % path)
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        if off + incl > len(data):
            break
        frame = data[off:off + incl]
        off += incl
        ts = "%d.%09d" % (sec, frac if nano else frac * 1000)
        yield ts, linktype, frame


def ipv6_of(linktype, frame):
    if linktype == 1:  # Ethernet
        if len(frame) < 14 or frame[12:14] != b"\x86\xdd":
            return None
        return frame[14:]
    if linktype == 113:  # Linux cooked (tcpdump -i any)
        if len(frame) < 16 or frame[14:16] != b"\x86\xdd":
            return None
        return frame[16:]
    if linktype == 276:  # Linux cooked v2
        if len(frame) < 20 or frame[0:2] != b"\x86\xdd":
            return None
        return frame[20:]
    if linktype in (101, 229):  # raw IP (a tun: no link layer), raw IPv6
        if not frame or frame[0] >> 4 != 6:
            return None
        return frame
    return None


def dns_names(body):
    """RFC 1035 uncompressed names, as in option 24 (domain search list)."""
    names, labels, i = [], [], 0
    while i < len(body):
        n = body[i]
        i += 1
        if n == 0:
            names.append(".".join(labels))
            labels = []
            continue
        labels.append(body[i:i + n].decode(errors="replace"))
        i += n
    return names


def decode_opts(buf):
    out = []
    i = 0
    while i + 4 <= len(buf):
        code, ln = struct.unpack("!HH", buf[i:i + 4])
        body = buf[i + 4:i + 4 + ln]
        i += 4 + ln
        name = OPT_NAMES.get(code, "opt%d" % code)
        if code in (3, 25) and len(body) >= 12:
            iaid, t1, t2 = struct.unpack("!III", body[:12])
            out.append("%s(iaid=%d,t1=%d,t2=%d:%s)" % (name, iaid, t1, t2, decode_opts(body[12:])))
        elif code == 5 and len(body) >= 24:
            pref, valid = struct.unpack("!II", body[16:24])
            out.append("%s(%s,%d,%d%s)" % (name, ipaddress.IPv6Address(body[:16]), pref, valid,
                                           (":" + decode_opts(body[24:])) if len(body) > 24 else ""))
        elif code == 26 and len(body) >= 25:
            pref, valid, plen = struct.unpack("!IIB", body[:9])
            out.append("%s(%s/%d,%d,%d)" % (name, ipaddress.IPv6Address(body[9:25]), plen, pref, valid))
        elif code == 24:
            out.append("%s(%s)" % (name, ",".join(dns_names(body))))
        elif code in (23, 31):
            addrs = [str(ipaddress.IPv6Address(body[j:j + 16])) for j in range(0, len(body) - 15, 16)]
            out.append("%s(%s)" % (name, ",".join(addrs)))
        elif code == 13 and len(body) >= 2:
            out.append("%s(%d,%r)" % (name, struct.unpack("!H", body[:2])[0], body[2:].decode(errors="replace")))
        elif code == 6:
            out.append("%s(%s)" % (name, ",".join(str(struct.unpack("!H", body[j:j + 2])[0])
                                                   for j in range(0, len(body) - 1, 2))))
        elif code in (1, 2):
            out.append("%s(%s)" % (name, body.hex(":")))
        else:
            out.append("%s[%d]" % (name, ln))
    return " ".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("pcap")
    p.add_argument("-s", "--summary", action="store_true", help="append an option decode")
    p.add_argument("--all-icmp6", action="store_true", help="list NS/NA/MLD too (default: RS/RA only)")
    a = p.parse_args()
    try:
        recs = list(records(a.pcap))
    except FileNotFoundError:
        return 0
    for ts, lt, frame in recs:
        ip = ipv6_of(lt, frame)
        if ip is None or len(ip) < 40:
            continue
        nh = ip[6]
        src = str(ipaddress.IPv6Address(ip[8:24]))
        dst = str(ipaddress.IPv6Address(ip[24:40]))
        rest = ip[40:]
        if nh == 0 and len(rest) >= 8:  # hop-by-hop (MLD reports carry one)
            nh, hl = rest[0], (rest[1] + 1) * 8
            rest = rest[hl:]
        if nh == 58 and rest:
            t = rest[0]
            if t not in (133, 134) and not a.all_icmp6:
                continue
            line = [ts, "icmp6", str(t), ICMP_NAMES.get(t, "ICMP%d" % t), src, dst, rest.hex()]
            if a.summary and t == 134 and len(rest) >= 16:
                line.append("M=%d O=%d" % (rest[5] >> 7 & 1, rest[5] >> 6 & 1))
        elif nh == 17 and len(rest) >= 8:
            sport, dport = struct.unpack("!HH", rest[:4])
            if not {sport, dport} & {546, 547}:
                continue
            payload = rest[8:]
            if not payload:
                continue
            t = payload[0]
            line = [ts, "dhcp6", str(t), DHCP_NAMES.get(t, "DHCP%d" % t), src, dst, payload.hex()]
            if a.summary:
                line.append("xid=%s %s" % (payload[1:4].hex(), decode_opts(payload[4:])))
        else:
            continue
        print("\t".join(line))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # The reader took the line it wanted and left (awk '... exit').
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
