#!/usr/bin/env python3
"""What OpenWrt's netifd would have held, over time, of what the state
script reported (a record.sh record file): does an entry stay throughout?

    netifd_view.py RECORD FROM TO ENTRY...

ENTRY is `route=<prefix/len>` (an RA_ROUTES entry, any gateway),
`route=<prefix/len>,<gateway>`, or `addr=<text>` (an ADDRESSES or
RA_ADDRESSES entry whose address starts with <text>). FROM and TO are
epoch seconds (record.sh's clock). Prints one line per entry: how often it
was reported and how close netifd came to dropping it; exits 1 if netifd
would have dropped it at any time in [FROM, TO].

netifd's rules (openwrt/netifd): dhcpv6.script's bound, informed,
updated, rebound and ra-updated replace everything the interface holds
(proto_init_update "*" 1 ... proto_send_update; interface-ip.c:1876-1885,
1932-1941); started, stopped, unbound tear it down. A route or address
reported with lifetime V at time T is kept until `valid_until = V + now`
(interface-ip.c:535-540, proto.c:229-241) and deleted by a 1 s timer once
past it (interface-ip.c:1984-2016); 4294967295 never expires. Here an
entry counts as gone at T + V exactly: a hair earlier than netifd (which
floors `now` to seconds and ticks once a second), so a pass is a pass.
"""
import sys

SETUP = {"bound", "informed", "updated", "rebound", "ra-updated"}
FOREVER = float("inf")


def blocks(path):
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("BEGIN "):
                cur = {"TS": float(line.split()[1])}
            elif line == "END" and cur is not None:
                yield cur
                cur = None
            elif cur is not None and "=" in line:
                k, v = line.split("=", 1)
                cur[k] = v


def held(block, entry):
    """The lifetime this report gives `entry`, or None if it isn't in it."""
    kind, want = entry.split("=", 1)
    if kind == "route":
        for e in block.get("RA_ROUTES", "").split():
            f = e.split(",")
            if len(f) == 4 and (f[0] == want or "%s,%s" % (f[0], f[1]) == want):
                v = int(f[2])
                return FOREVER if v == 0xFFFFFFFF else v
    elif kind == "addr":
        for e in (block.get("ADDRESSES", "") + " " + block.get("RA_ADDRESSES", "")).split():
            f = e.split(",")
            if len(f) >= 3 and f[0].startswith(want):
                v = int(f[2])
                return FOREVER if v == 0xFFFFFFFF else v
    else:
        raise SystemExit("netifd_view.py: unknown entry kind %r" % kind)
    return None


def main():
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    path, t_from, t_to = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    calls = [b for b in blocks(path) if b.get("STATE")]
    failed = False
    for entry in sys.argv[4:]:
        until = None  # netifd holds it until then (None: not held)
        reports = 0
        closest = FOREVER
        gaps = []
        for b in calls:
            t = b["TS"]
            if t > t_to:
                break
            if t > t_from:
                if until is None or until < t:
                    gaps.append((until, t))
                elif until != FOREVER:
                    closest = min(closest, until - t)
            v = held(b, entry) if b["STATE"] in SETUP else None
            if v is not None:
                reports += 1
                until = t + v
            else:
                until = None
        if until is None or until < t_to:
            gaps.append((until, t_to))
        if gaps:
            failed = True
            g = gaps[0]
            print("%s: LOST: netifd would drop it at %s, next report at %.3f (%d reports)" % (
                entry, "never held" if g[0] is None else "%.3f" % g[0], g[1], reports))
        else:
            print("%s: held throughout, %d reports, closest %.1f s before netifd would drop it" % (
                entry, reports, closest))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
