#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, from real bytes: the lab servers'
DHCPv6 captures (tests/lab/captures/*.hex) and radvd's RA (src/ra.rs).
Run from anywhere; writes fuzz/seeds/<target>/. Deterministic."""
import glob
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CAPS = os.path.join(HERE, "..", "tests", "lab", "captures")
SEEDS = os.path.join(HERE, "seeds")

# The radvd 2.19 RA of src/ra.rs's tests (ICMPv6 from the type byte on).
RADVD_RA = bytes.fromhex(
    "8600cfef40c8070800007530000003e803044080000151800000384000000000"
    "20010db8000100000000000000000000180330180000070820010db800ff0000"
    "0000000000000000190500000000025820010db8000000000000000000000053"
    "20010db80000000000000000000000541f05000000000258076578616d706c65"
    "03636f6d00036c616e076578616d706c65036f726700000005010000000005c8"
    "0101a6c83756fd33")


def cap(name):
    with open(os.path.join(CAPS, name + ".hex")) as f:
        return bytes.fromhex(f.read().strip())


def write(target, name, data):
    d = os.path.join(SEEDS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# --- client: scripts (see fuzz_targets/client.rs) ---------------------------
RA_M, RA_O, LINK_UP, LINK_DOWN, DAD, RENEW, RESTART, STOP, TIMEOUT = (
    0x10, 0x20, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07)
CFG_STATEFUL = 0x03        # IA_NA (try) + IA_PD /56, IAIDs 1/2, no delay
CFG_RAPID = 0x8B           # + Rapid Commit, IAIDs 0/0
CFG_STATELESS = 0x00       # no IA: Information-Request


def m(data, flags=0):
    return bytes([0x09 | flags << 4]) + struct.pack(">H", len(data)) + data


def adv(sec_unit, n):
    return bytes([0x08 | sec_unit << 4]) + struct.pack(">H", n)


def opt(code, body):
    return struct.pack(">HH", code, len(body)) + body


def options(msg):
    out, at = [], 4
    while at + 4 <= len(msg):
        code, n = struct.unpack(">HH", msg[at:at + 4])
        out.append((code, msg[at + 4:at + 4 + n]))
        at += 4 + n
    return out


def client_seeds():
    servers = ["kea", "dhcpd", "dnsmasq", "dhcp6s"]
    for s in servers:
        stateful = bytes([CFG_STATEFUL, 1, RA_M]) + m(cap(s + "-advertise")) + bytes(
            [TIMEOUT]) + m(cap(s + "-reply-request")) + bytes([TIMEOUT]) + m(
            cap(s + "-reply-renew")) + bytes([LINK_DOWN, LINK_UP, TIMEOUT]) + m(
            cap(s + "-reply-request")) + bytes([DAD, 0, TIMEOUT]) + m(
            cap(s + "-reply-request")) + bytes([RENEW]) + bytes([STOP]) + m(
            cap(s + "-reply-release"))
        write("client", s + "-stateful", stateful)
        # Bound, then the server goes silent: Renew, Rebind, expiry.
        silent = bytes([CFG_STATEFUL, 2, RA_M]) + m(cap(s + "-advertise")) + bytes(
            [TIMEOUT]) + m(cap(s + "-reply-request")) + bytes([TIMEOUT] * 24)
        write("client", s + "-silent", silent)
        rapid = bytes([CFG_RAPID, 3, RA_M]) + m(cap(s + "-reply-rapid")) + bytes(
            [TIMEOUT, RESTART, TIMEOUT]) + m(cap(s + "-reply-release"))
        write("client", s + "-rapid", rapid)
        stateless = bytes([CFG_STATELESS, 4, RA_O, TIMEOUT]) + m(
            cap(s + "-reply-inforeq")) + bytes([RENEW]) + m(
            cap(s + "-reply-inforeq")) + adv(3, 100) + bytes([RA_M | RA_O])
        write("client", s + "-stateless", stateless)
        # The client's own messages thrown back at it, and time jumps.
        own = bytes([CFG_STATEFUL, 5, RA_M]) + b"".join(
            m(cap(s + "-" + k)) for k in ("solicit", "request", "renew", "release")
        ) + adv(1, 50) + adv(2, 3)
        write("client", s + "-own", own)
    # RKAP (RFC 9915 §20.4): a Reply that hands out a reconfigure key,
    # then a Reconfigure (Renew) the harness signs with it (flag 0x4).
    key = bytes(range(1, 17))
    auth = struct.pack(">HHBBB", 11, 28, 3, 1, 0) + struct.pack(">Q", 1)
    reply = cap("kea-reply-request") + auth + b"\x01" + key
    sid = next(o for c, o in options(reply) if c == 2)
    reconf = bytes([10, 0, 0, 0]) + opt(1, b"\0\3\0\1\2\0\0\0\0\1") + opt(2, sid) + opt(
        19, b"\x05") + struct.pack(">HHBBB", 11, 28, 3, 1, 0) + struct.pack(">Q", 2) + b"\x02" + bytes(16)
    rkap = bytes([CFG_STATEFUL, 7, RA_M]) + m(cap("kea-advertise")) + bytes([TIMEOUT]) + m(
        reply) + m(reconf, 0x4) + bytes([TIMEOUT]) + m(cap("kea-reply-renew")) + m(reconf, 0x4)
    write("client", "kea-reconfigure", rkap)
    if not os.path.exists(os.path.join(CAPS, "dhcp6s-advertise-noprefixavail.hex")):
        return
    noprefix = bytes([CFG_STATEFUL | 0x80, 6, RA_M]) + m(
        cap("dhcp6s-advertise-noprefixavail")) + bytes([TIMEOUT, TIMEOUT])
    write("client", "dhcp6s-noprefixavail", noprefix)


# --- wire_roundtrip: the raw messages ---------------------------------------
def wire_seeds():
    for f in sorted(glob.glob(os.path.join(CAPS, "*.hex"))):
        name = os.path.basename(f)[:-4]
        write("wire_roundtrip", name, cap(name))


# --- ra ---------------------------------------------------------------------
def ra_seeds():
    write("ra", "radvd", b"\x01" + RADVD_RA)
    write("ra", "radvd-nosrc", b"\x00" + RADVD_RA)
    write("ra", "bare", b"\x01" + RADVD_RA[:16])


# --- hook_event: netlink datagrams as the ra6notify socket delivers ---------
# generic netlink: the family's id (FAMILY in fuzz_targets/hook_event.rs),
# then genlmsghdr (command, version, reserved) before the attributes.
FAMILY = 0x1a
def nla(ty, data):
    n = 4 + len(data)
    return struct.pack("=HH", n, ty) + data + b"\0" * ((-n) % 4)


def nlmsg(ty, payload, seq=0):
    return struct.pack("=IHHII", 16 + len(payload), ty, 0, seq, 0) + payload


def hook_seeds():
    ra = RADVD_RA
    src = bytes.fromhex("fe800000000000005054" "00fffe000001")
    ev = b"".join([
        nla(5, struct.pack("=I", 7)),           # A_IFINDEX
        nla(6, src),                            # A_SRC
        nla(7, ra[5:6]),                        # A_FLAGS
        nla(15, ra[4:5]),                       # A_CUR_HOP_LIMIT
        nla(12, struct.pack("=I", struct.unpack(">H", ra[6:8])[0])),
        nla(13, struct.pack("=I", struct.unpack(">I", ra[8:12])[0])),
        nla(14, struct.pack("=I", struct.unpack(">I", ra[12:16])[0])),
        nla(18, ra[16:]),                       # A_OPTIONS
        nla(20, struct.pack("=I", 1)),          # A_SEQ
        nla(21, struct.pack("=I", 3)),          # A_DROPPED
    ])
    def genl(cmd, attrs):
        return struct.pack("=BBH", cmd, 2, 0) + attrs
    write("hook_event", "event", nlmsg(FAMILY, genl(4, ev)))            # EVENT
    write("hook_event", "two-events-goodbye",
          nlmsg(FAMILY, genl(4, ev), 1) + nlmsg(FAMILY, genl(4, ev[:40]), 2)
          + nlmsg(FAMILY, genl(7, b"")))                                  # GOODBYE
    write("hook_event", "truncated",
          nlmsg(FAMILY, genl(4, ev + nla(19, b"\x01"))))                 # A_OPTIONS_TRUNC
    write("hook_event", "error", nlmsg(2, struct.pack("=i", -1) + b"\0" * 16))


# --- state ------------------------------------------------------------------
def state_seeds():
    write("state", "ll", b"duid 00030001020304050607\niaid_na 3735928559\niaid_pd 1\n")
    write("state", "uuid", b"# ra6c\nduid 0004" + b"ab" * 16 + b"\niaid_pd 7\niaid_na 0\n")
    write("state", "bad", b"duid 0003\niaid_na -1\nfoo bar\niaid_pd 1 2\n")


# --- ra_state: scripts (see fuzz_targets/ra_state.rs) ------------------------
def ra_state_ra(router, lifetime_sel, prefixes=(), routes=(), rdnss=(), dnssl=()):
    """One RA: router 0-3, lifetime selector (0: 0, 1: 30, 2: 1800), and
    (pool index, flags, valid sel, preferred sel) per PIO, (pool, flags,
    life sel) per RIO, (pool, life sel) per RDNSS, (name, life sel) per
    DNSSL; lifetime selectors as Bytes::life (0:0 1:1 2:5 3:60 4:1800 5:inf)."""
    b = bytes([0, router & 3, 64, lifetime_sel]) + struct.pack(">II", 30000, 1000)
    b += bytes([len(prefixes) | len(routes) << 4])
    for p, f, v, pr in prefixes:
        b += bytes([p, f, v, pr])
    for p, f, life in routes:
        b += bytes([p, f, life])
    b += bytes([len(rdnss) | len(dnssl) << 4])
    for a, life in rdnss:
        b += bytes([a, life])
    for n, life in dnssl:
        b += bytes([n, life])
    return b


def ra_state_seeds():
    CFG = 0x34                     # hold-off 3 s, reporting on
    WAIT, POLL, REPORT, SECS = 0x03, 0x04, 0x05, 0x08
    isp = ra_state_ra(0, 2, prefixes=[(3, 7, 4, 3)], routes=[(5, 48, 4)],
                      rdnss=[(7, 4)], dnssl=[(1, 4)])
    br = ra_state_ra(1, 0, prefixes=[(9, 7, 4, 4)], routes=[(10, 64, 4), (11, 48, 4)],
                     rdnss=[(12, 4)])
    step = bytes([WAIT | SECS]) + struct.pack(">H", 300)
    write("ra_state", "isp-day", bytes([CFG]) + (isp + step + bytes([POLL])) * 12)
    write("ra_state", "two-routers", bytes([CFG]) + (isp + br + step) * 6)
    lapse = ra_state_ra(0, 2, prefixes=[(4, 7, 3, 2)], rdnss=[(8, 2)])
    write("ra_state", "lapse-return", bytes([CFG]) + lapse + bytes([POLL, POLL, POLL]) + lapse)
    flood = b"".join(ra_state_ra(0, 2, prefixes=[(i, 7, 4, 4), (i + 1, 3, 4, 4)])
                     for i in range(3, 23, 2))
    write("ra_state", "flood", bytes([CFG]) + flood + bytes([REPORT | 32, POLL]))


if __name__ == "__main__":
    client_seeds()
    wire_seeds()
    ra_seeds()
    hook_seeds()
    state_seeds()
    ra_state_seeds()
