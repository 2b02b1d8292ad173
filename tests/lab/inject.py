#!/usr/bin/env python3
"""Send crafted DHCPv6 packets to ra6c from the server namespace (issue 7).

Two modes, both run inside the server namespace:

  inject.py -i veth-s faults [--wait RENEW] [--timeout 15]
      Sniff (AF_PACKET, so a real server may run alongside) for the next
      client message of type --wait, learn its transaction id, Client ID,
      Server ID and IAs, then send a fixed list of bad Replies (and one
      unauthenticated Reconfigure) to the client's link-local port 546.

  inject.py -i veth-s rkap [--quiet 3] [--timeout 20]
      Be a minimal DHCPv6 server on UDP 547 (none of the lab's four
      servers sends Reconfigure): Advertise, then a Reply that hands out a
      Reconfigure Key (RFC 9915 §20.4.1), then Reconfigures: a valid one,
      the same again (replayed counter), one with a bad HMAC, one with an
      older counter, one without authentication, and a last valid one.
      Renews they cause are answered.

Every packet sent is one output line:
    <epoch> sent <name> <octets> octets expect=<what ra6c should do> <hex>
"expect" is the counter ra6c should count it in (malformed, wrong_xid,
client_id_mismatch, no_server_id, bad_reconfigure) or "renew" / "reply".
Other lines say what was seen. Exit 1 if the client never showed up.
"""
import argparse
import hashlib
import hmac
import ipaddress
import os
import select
import socket
import struct
import sys
import time

# Message types and options (RFC 9915 §7.3, §21).
SOLICIT, ADVERTISE, REQUEST, CONFIRM, RENEW, REBIND, REPLY, RELEASE = range(1, 9)
RECONFIGURE = 10
NAMES = {"SOLICIT": SOLICIT, "REQUEST": REQUEST, "RENEW": RENEW, "REBIND": REBIND}
O_CLIENTID, O_SERVERID, O_IA_NA, O_IAADDR = 1, 2, 3, 5
O_PREFERENCE, O_AUTH, O_STATUS, O_RECONF_MSG, O_RECONF_ACCEPT = 7, 11, 13, 19, 20
O_DNS, O_IA_PD, O_IAPREFIX = 23, 25, 26
NO_BINDING = 3

ETH_P_IPV6 = 0x86DD
PACKET_OUTGOING = 4
ALL_SERVERS = "ff02::1:2"
# A DUID that is neither the client's nor the server's (DUID-LL, a
# locally administered MAC).
FOREIGN_DUID = bytes.fromhex("00030001" "02005e005301")

# What the injected server hands out (long timers: no Renew of its own
# during a test).
ADDR = "2001:db8:1::1000"
PREFIX, PREFIX_LEN = "2001:db8:100::", 56
T1, T2, PREFERRED, VALID = 300, 480, 600, 900


def out(line, at=None):
    print("%.9f %s" % (at or time.time(), line), flush=True)


def opt(code, body=b""):
    return struct.pack("!HH", code, len(body)) + body


def message(mtype, xid, *opts):
    return bytes([mtype]) + xid + b"".join(opts)


def options(buf):
    """(code, body) pairs of a run of options; stops at a truncated one."""
    res, i = [], 0
    while i + 4 <= len(buf):
        code, ln = struct.unpack("!HH", buf[i:i + 4])
        res.append((code, buf[i + 4:i + 4 + ln]))
        i += 4 + ln
    return res


def first(opts, code):
    return next((b for c, b in opts if c == code), None)


def iaaddr(addr, pref=PREFERRED, valid=VALID):
    return opt(O_IAADDR, ipaddress.IPv6Address(addr).packed + struct.pack("!II", pref, valid))


def iaprefix(prefix, plen, pref=PREFERRED, valid=VALID):
    return opt(O_IAPREFIX, struct.pack("!IIB", pref, valid, plen) + ipaddress.IPv6Address(prefix).packed)


def ia(code, iaid, *sub, t1=T1, t2=T2):
    return opt(code, struct.pack("!III", iaid, t1, t2) + b"".join(sub))


def status(code, text):
    return opt(O_STATUS, struct.pack("!H", code) + text.encode())


class Client:
    """What a client message tells us about the client."""

    def __init__(self, payload, src):
        self.type = payload[0]
        self.xid = payload[1:4]
        self.opts = options(payload[4:])
        self.duid = first(self.opts, O_CLIENTID) or b""
        self.server_id = first(self.opts, O_SERVERID)
        self.src = src
        self.reconf_accept = first(self.opts, O_RECONF_ACCEPT) is not None

    def ias(self, code):
        """The IAs of one kind it sent: (iaid, [leases as (addr, plen)]);
        a hint of :: (any prefix of that length) is no lease."""
        res = []
        for body in (b for c, b in self.opts if c == code and len(b) >= 12):
            leases = []
            for c, sub in options(body[12:]):
                if c == O_IAADDR and len(sub) >= 24:
                    leases.append((ipaddress.IPv6Address(sub[:16]), 128))
                elif c == O_IAPREFIX and len(sub) >= 25:
                    leases.append((ipaddress.IPv6Address(sub[9:25]), sub[8]))
            leases = [(str(a), n) for a, n in leases if not a.is_unspecified]
            res.append((struct.unpack("!I", body[:4])[0], leases))
        return res

    def lease_opts(self):
        """IA_NA/IA_PD options granting what it asked for or holds."""
        res = []
        for iaid, leases in self.ias(O_IA_NA):
            addrs = [a for a, _ in leases] or [ADDR]
            res.append(ia(O_IA_NA, iaid, *(iaaddr(a) for a in addrs)))
        for iaid, leases in self.ias(O_IA_PD):
            pfxs = leases or [(PREFIX, PREFIX_LEN)]
            res.append(ia(O_IA_PD, iaid, *(iaprefix(p, n) for p, n in pfxs)))
        return res

    def __str__(self):
        return "type %d xid %s from %s client-id %s" % (self.type, self.xid.hex(), self.src, self.duid.hex())


def sender(ifname, port=0):
    """A UDP socket on ifname; port 0 = any source port."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    return s


def send(sock, ifindex, dst, name, expect, pkt):
    # Stamped before sending: the client may answer before sendto returns.
    at = time.time()
    sock.sendto(pkt, (dst, 546, 0, ifindex))
    out("sent %s %d octets expect=%s %s" % (name, len(pkt), expect, pkt.hex()), at)


###########################################################################
# faults
###########################################################################

def sniff(ifname, mtype, timeout):
    """Next client message of type mtype to port 547 seen on ifname."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_IPV6))
    s.bind((ifname, ETH_P_IPV6))
    out("waiting for message type %d on %s" % (mtype, ifname))
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s.settimeout(max(end - time.monotonic(), 0.01))
        try:
            ip, addr = s.recvfrom(2048)
        except socket.timeout:
            break
        # IPv6 header (40 octets), then UDP directly (ra6c sends no
        # extension headers); only client -> server port 547.
        if addr[2] == PACKET_OUTGOING or len(ip) < 49 or ip[6] != 17:
            continue
        dport = struct.unpack("!H", ip[42:44])[0]
        payload = ip[48:]
        if dport == 547 and payload[0] == mtype:
            return Client(payload, str(ipaddress.IPv6Address(ip[8:24])))
    return None


def fault_list(c):
    """(name, counter ra6c should count it in, bytes) for client message c.

    Each bad Reply is a Reply that would be accepted but for its one
    fault: right xid, Client ID, Server ID and IAs for what c holds.
    """
    xid, bad_xid = c.xid, bytes(b ^ 0x5A for b in c.xid)
    cid, sid = opt(O_CLIENTID, c.duid), opt(O_SERVERID, c.server_id or FOREIGN_DUID)
    leases = b"".join(c.lease_opts())

    def reply(*opts, x=xid):
        return message(REPLY, x, *opts)

    # A DNS option claiming 32 octets, with 16 left in the datagram.
    cut_dns = struct.pack("!HH", O_DNS, 32) + bytes(16)
    nobinding = b"".join(ia(code, iaid, status(NO_BINDING, "no binding"), t1=0, t2=0)
                         for code in (O_IA_NA, O_IA_PD) for iaid, _ in c.ias(code))
    # Our IA_NA, but its IAADDR claims 24 octets and only 20 fit in the IA.
    iaid = next((i for i, _ in c.ias(O_IA_NA)), 1)
    short_ia = opt(O_IA_NA, struct.pack("!IIIHH", iaid, T1, T2, O_IAADDR, 24) + bytes(20))
    bad_cid = opt(O_CLIENTID, c.duid[:-1] + bytes([c.duid[-1] ^ 0xFF]))
    foreign_cid, foreign_sid = opt(O_CLIENTID, FOREIGN_DUID), opt(O_SERVERID, FOREIGN_DUID)
    return [
        # Structure (wire::validate in ra6c): dropped before the client sees them.
        ("short-header", "malformed", reply()[:3]),
        ("truncated-option", "malformed", reply(cid, sid, leases, cut_dns)),
        # A DUID is at most 130 octets with its type (§11.1).
        ("oversized-server-id", "malformed", reply(cid, opt(O_SERVERID, bytes(131)), leases)),
        ("ia-na-truncated-suboption", "malformed", reply(cid, sid, short_ia)),
        # Which copy would count is up to the decoder (§21.1: once only).
        ("duplicate-server-id", "malformed", reply(cid, sid, foreign_sid, leases)),
        ("duplicate-client-id", "malformed", reply(foreign_cid, cid, sid, leases)),
        # Well formed, but not an answer to us (RFC 9915 §16.10).
        ("wrong-xid", "wrong_xid", reply(cid, sid, leases, x=bad_xid)),
        # Would make the client Request again, were the xid not wrong.
        ("nobinding-wrong-xid", "wrong_xid", reply(cid, sid, nobinding, x=bad_xid)),
        ("wrong-client-id", "client_id_mismatch", reply(bad_cid, sid, leases)),
        ("no-client-id", "client_id_mismatch", reply(sid, leases)),
        ("no-server-id", "no_server_id", reply(cid, leases)),
        # No Authentication option (§18.2.11). ra6c holds no key from Kea
        # anyway; the rkap mode tests the checks with a key.
        ("reconfigure-no-auth", "bad_reconfigure",
         message(RECONFIGURE, b"\0\0\0", cid, sid, opt(O_RECONF_MSG, bytes([RENEW])))),
    ]


def faults(a):
    c = sniff(a.interface, NAMES[a.wait], a.timeout)
    if c is None:
        out("no %s within %g s" % (a.wait, a.timeout))
        return 1
    out("seen %s" % c)
    if not c.duid:
        out("no Client ID in it")
        return 1
    sock = sender(a.interface)
    ifindex = socket.if_nametoindex(a.interface)
    pkts = fault_list(c)
    for name, expect, pkt in pkts:
        send(sock, ifindex, c.src, name, expect, pkt)
        time.sleep(a.gap)
    out("done: %d packets" % len(pkts))
    return 0


###########################################################################
# rkap: a server that hands out a Reconfigure Key, then Reconfigures
###########################################################################

def auth_opt(replay, info_type, data):
    """RKAP Authentication option: protocol 3, algorithm 1 (HMAC-MD5),
    RDM 0 (monotonic counter), info = type + 16 octets (RFC 9915 §20.4)."""
    return opt(O_AUTH, struct.pack("!BBBQ", 3, 1, 0, replay) + bytes([info_type]) + data)


class Server:
    def __init__(self, a):
        self.a = a
        self.ifindex = socket.if_nametoindex(a.interface)
        with open("/sys/class/net/%s/address" % a.interface) as f:
            mac = bytes.fromhex(f.read().strip().replace(":", ""))
        self.duid = bytes.fromhex("00030001") + mac  # DUID-LL (§11.4)
        self.key = os.urandom(16)
        self.sock = sender(a.interface, 547)
        mreq = socket.inet_pton(socket.AF_INET6, ALL_SERVERS) + struct.pack("@I", self.ifindex)
        self.sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
        self.client = None   # the last client message
        self.keyed = False   # a Reply with the key went out
        self.renews = 0

    def answer(self, c):
        """Answer one client message as a server would."""
        cid, sid = opt(O_CLIENTID, c.duid), opt(O_SERVERID, self.duid)
        if c.type == SOLICIT:
            pkt = message(ADVERTISE, c.xid, cid, sid, opt(O_PREFERENCE, b"\xff"), *c.lease_opts())
            return send(self.sock, self.ifindex, c.src, "advertise", "request", pkt)
        if c.type in (REQUEST, RENEW, REBIND):
            extra = []
            # The key goes in the Reply to Request, and only to a client that
            # sent Reconfigure Accept (§20.4.1, §21.20).
            if c.type == REQUEST and c.reconf_accept:
                extra = [opt(O_RECONF_ACCEPT), auth_opt(1, 1, self.key)]
                self.keyed = True
            if c.type != REQUEST:
                self.renews += 1
            pkt = message(REPLY, c.xid, cid, sid, *c.lease_opts(), *extra)
            return send(self.sock, self.ifindex, c.src, "reply-%d" % c.type, "reply", pkt)
        if c.type == RELEASE:
            return send(self.sock, self.ifindex, c.src, "reply-release", "reply",
                        message(REPLY, c.xid, cid, sid, status(0, "released")))
        return None

    def serve(self, seconds, until=None):
        """Answer client messages for up to `seconds`, or until until()."""
        end = time.monotonic() + seconds
        while not (until and until()):
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                return bool(until and until())
            data, src = self.sock.recvfrom(2048)
            if len(data) < 4:
                continue
            c = Client(data, src[0].split("%")[0])
            out("seen %s%s" % (c, " reconfigure-accept" if c.reconf_accept else ""))
            self.client = c
            self.answer(c)
        return True

    def reconfigure(self, replay, digest_ok=True, with_auth=True):
        c = self.client
        msg = message(RECONFIGURE, b"\0\0\0", opt(O_CLIENTID, c.duid), opt(O_SERVERID, self.duid),
                      opt(O_RECONF_MSG, bytes([RENEW])))
        if not with_auth:
            return msg
        # HMAC-MD5 over the whole message with the digest field zeroed,
        # then the digest goes in that field (§20.4.2).
        msg += auth_opt(replay, 2, bytes(16))
        digest = hmac.new(self.key, msg, hashlib.md5).digest()
        if not digest_ok:
            digest = bytes(b ^ 0xFF for b in digest)
        return msg[:-16] + digest


def rkap(a):
    srv = Server(a)
    out("serving on %s, server DUID %s, reconfigure key %s" % (a.interface, srv.duid.hex(), srv.key.hex()))
    if not srv.serve(a.timeout, lambda: srv.keyed):
        out("no Request within %g s" % a.timeout)
        return 1
    if not srv.client.reconf_accept:
        out("the client sent no Reconfigure Accept: no key given")
        return 1
    srv.serve(1)  # let the client bind and call its script

    def step(name, expect, pkt):
        before = srv.renews
        send(srv.sock, srv.ifindex, srv.client.src, name, expect, pkt)
        if expect == "renew":
            renewed = srv.serve(a.quiet, lambda: srv.renews > before)
            srv.serve(1)  # the client handles the Reply, calls its script
        else:
            srv.serve(a.quiet)
            renewed = srv.renews > before
        out("%s: %s" % (name, "Renew answered" if renewed else "no Renew within %g s" % a.quiet))

    valid = srv.reconfigure(2)
    step("valid", "renew", valid)
    step("replayed", "bad_reconfigure", valid)
    step("bad-hmac", "bad_reconfigure", srv.reconfigure(3, digest_ok=False))
    step("older-counter", "bad_reconfigure", srv.reconfigure(1))
    step("no-auth", "bad_reconfigure", srv.reconfigure(3, with_auth=False))
    # Counter 3 is still fresh: the rejects above did not move it.
    step("valid-again", "renew", srv.reconfigure(3))
    out("done")
    srv.serve(a.linger)  # still answer the Release at the client's stop
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-i", "--interface", required=True)
    sub = p.add_subparsers(dest="mode", required=True)
    f = sub.add_parser("faults", help="bad Replies to the next client message")
    f.add_argument("--wait", default="RENEW", choices=sorted(NAMES))
    f.add_argument("--timeout", type=float, default=15)
    f.add_argument("--gap", type=float, default=0.02, help="seconds between packets")
    r = sub.add_parser("rkap", help="serve with a Reconfigure Key, then Reconfigure")
    r.add_argument("--timeout", type=float, default=20, help="seconds to wait for the client")
    r.add_argument("--quiet", type=float, default=3, help="seconds to watch for a Renew per Reconfigure")
    r.add_argument("--linger", type=float, default=10, help="seconds to keep serving at the end")
    a = p.parse_args()
    return faults(a) if a.mode == "faults" else rkap(a)


if __name__ == "__main__":
    sys.exit(main())
