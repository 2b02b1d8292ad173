#!/usr/bin/env python3
"""Compare a client's state-script environments with odhcp6c's, field by field.

    compare.py <odhcp6c-fixture.env> <client.env> <state>[,<state>...] [VAR=why...]

Both files hold blocks written by record-env.sh (`BEGIN <state>`, the
environment sorted, `END`; `#` lines are comments). For each state the
first block of that state in each file is compared: every variable either
side set, set-but-empty and unset told apart. Lifetimes count down while
the clients run and odhcp6c calls its script up to 10 s after the event
(odhcp6c.c `script_sync_delay`), so the lifetime fields of ADDRESSES,
PREFIXES, RA_ADDRESSES (preferred, valid, t1, t2) and RA_ROUTES (valid)
may differ by up to TOLERANCE seconds; 0xffffffff only matches itself.
Everything else must be equal.

Prints `ok - <state>: ...` or `not ok - <state> <VAR>: odhcp6c ... ra6c ...`
lines and exits 1 if any state differs. A `VAR=why` argument names a
difference known and explained elsewhere (VAR may end in `*`: a prefix):
it is printed with its reason and doesn't fail the comparison (and is
reported when it goes away).
"""
import sys

TOLERANCE = 20
INFINITE = 0xFFFFFFFF
# Variable -> indexes of its comma-separated fields that are lifetimes.
LIFETIMES = {
    "ADDRESSES": (1, 2, 3, 4),
    "PREFIXES": (1, 2, 3, 4),
    "RA_ADDRESSES": (1, 2, 3, 4),
    "RA_ROUTES": (2,),
}


def blocks(path):
    """{state: {var: value}} of the first block of each state."""
    out, cur, state = {}, None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if line.startswith("BEGIN "):
                state, cur = line[6:], {}
            elif line == "END":
                if state is not None and state not in out:
                    out[state] = cur
                state, cur = None, None
            elif cur is not None and "=" in line:
                k, v = line.split("=", 1)
                cur[k] = v
    return out


def lifetime_ok(a, b):
    try:
        x, y = int(a), int(b)
    except ValueError:
        return a == b
    if INFINITE in (x, y):
        return x == y
    return abs(x - y) <= TOLERANCE


def same(var, want, got):
    if want == got:
        return True
    if var not in LIFETIMES or want is None or got is None:
        return False
    w, g = want.split(" "), got.split(" ")
    if len(w) != len(g):
        return False
    for we, ge in zip(w, g):
        wf, gf = we.split(","), ge.split(",")
        if len(wf) != len(gf):
            return False
        for i, (a, b) in enumerate(zip(wf, gf)):
            if a != b and not (i in LIFETIMES[var] and lifetime_ok(a, b)):
                return False
    return True


def show(v):
    return "unset" if v is None else repr(v)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    ref, got = blocks(sys.argv[1]), blocks(sys.argv[2])
    known = dict(a.split("=", 1) for a in sys.argv[4:])

    def why(k):
        for pat, reason in known.items():
            if k == pat or (pat.endswith("*") and k.startswith(pat[:-1])):
                return pat, reason
        return None
    failed = False
    seen_known = set()
    for state in sys.argv[3].split(","):
        if state not in ref:
            print("not ok - %s: no such block in %s" % (state, sys.argv[1]))
            failed = True
            continue
        if state not in got:
            print("not ok - %s: the client never called the script with it" % state)
            failed = True
            continue
        r, g = ref[state], got[state]
        bad = [k for k in sorted(set(r) | set(g)) if not same(k, r.get(k), g.get(k))]
        kd = [k for k in bad if why(k)]
        by_reason = {}
        for k in kd:
            pat, reason = why(k)
            seen_known.add(pat)
            by_reason.setdefault(reason, []).append(k)
        for reason, ks in by_reason.items():
            if len(ks) == 1:
                k = ks[0]
                print("# known difference - %s %s: odhcp6c %s, ra6c %s (%s)"
                      % (state, k, show(r.get(k)), show(g.get(k)), reason))
            else:
                print("# known difference - %s %s (%s)" % (state, " ".join(ks), reason))
        bad = [k for k in bad if not why(k)]
        for k in bad:
            print("not ok - %s %s: odhcp6c %s, ra6c %s" % (state, k, show(r.get(k)), show(g.get(k))))
        if bad:
            failed = True
        else:
            print("ok - %s: %d variables as odhcp6c's%s (%s)" % (
                state, len(r) - len(kd), ", %d known differences" % len(kd) if kd else "",
                " ".join(sorted(r))))
    for k in sorted(set(known) - seen_known):
        print("# known difference %s no longer differs: drop it" % k)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
