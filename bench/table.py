#!/usr/bin/env python3
"""Turn bench/run.sh's samples into BENCHMARKS.md (markdown on stdout).

  table.py samples.tsv meta.tsv

samples.tsv: "<metric>\t<client>\t<value>" lines; meta.tsv: "<key>\t<value>".
Cells are "median (min–max) n=N"; a ra6c figure that misses the issue's
target is marked **MISSED**. Nothing here fails on a missed target.
"""
import collections
import math
import statistics
import sys

S = collections.defaultdict(list)   # (metric, client) -> [float]
ERR = collections.Counter()
for line in open(sys.argv[1]):
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 3:
        continue
    m, c, v = parts
    if m == "error":
        ERR[(c, v)] += 1
        continue
    try:
        f = float(v)
    except ValueError:
        continue
    S[(m, c)].append(f)

META = {}
for line in open(sys.argv[2]):
    k, _, v = line.rstrip("\n").partition("\t")
    META[k] = v

PEERS = ["odhcp6c", "networkd", "dhcpcd", "dhcp6c"]
# odhcp6c is built by hand (bench/odhcp6c-build.sh) and run only when
# ODHCP6C names it: without it, its cells say so.
ODHCP6C_RAN = "odhcp6c" in META


def vals(m, c):
    return [x for x in S.get((m, c), []) if not math.isnan(x)]


def nans(m, c):
    return sum(1 for x in S.get((m, c), []) if math.isnan(x))


def fmt(x, unit):
    if unit == "ms":
        if abs(x) >= 100:
            return "%.0f" % x
        if abs(x) >= 10:
            return "%.1f" % x
        return "%.2f" % x
    if unit == "MiB":
        return "%.2f" % (x / 1024)
    if unit == "KiB":
        return "%.0f" % (x / 1024)
    if unit == "s":
        return "%.2f" % (x / 1000)
    return "%.0f" % x


def cell(m, c, unit="ms"):
    v = vals(m, c)
    miss = nans(m, c)
    if not v:
        return "no reaction" if miss else "—"
    med = statistics.median(v)
    s = fmt(med, unit)
    if len(v) > 1:
        s += " (%s–%s)" % (fmt(min(v), unit), fmt(max(v), unit))
    s += " n=%d" % len(v)
    if miss:
        s += ", %d× none" % miss
    return s


def med(m, c):
    v = vals(m, c)
    return statistics.median(v) if v else None


def is_rapid(c):
    v = vals("M_rapid", c)
    return bool(v) and statistics.median(v) >= 0.5


def verdict(ok, target):
    if ok is None:
        return "target " + target + " (not measured)"
    return ("met: " if ok else "**MISSED** target ") + target


rows = []   # (label, ra6c, networkd, dhcpcd, dhcp6c, target)


def row(label, ra, peers, target=""):
    cells = [peers.get(p, "—") for p in PEERS]
    if not ODHCP6C_RAN and cells[0] == "—" and any(c != "—" for c in cells[1:]):
        cells[0] = "not run (ODHCP6C unset)"
    rows.append([label, ra] + cells + [target])


# 1. Late RA -> first message.
d0 = "ra6c-d0"
v = vals("M_first", d0)
ok = (statistics.median(v) <= 0.25 and max(v) <= 1.0) if v else None
peers = {p: cell("M_first", p) for p in ["networkd", "dhcpcd"]}
if vals("M_first", "dhcp6c"):
    peers["dhcp6c"] = "ignores RAs; its next Solicit came from its own backoff " + cell("M_first", "dhcp6c", "s") + " s later"
else:
    peers["dhcp6c"] = "ignores RAs"
if vals("M_first", "odhcp6c"):
    peers["odhcp6c"] = ("solicits from start-up, not from this RA (A=0 prefix); its next Solicit came from its own "
                        "backoff " + cell("M_first", "odhcp6c", "s") + " s later")
row("1. Late RA(M) → first Solicit, ms (ra6c `--solicit-delay 0`, raw socket)", cell("M_first", d0), peers,
    verdict(ok, "median ≤ 0.25 ms, max ≤ 1 ms"))
v = vals("M_first", "ra6c-d0+rt")
ok = (statistics.median(v) <= 0.25 and max(v) <= 1.0) if v else None
row("1. Late RA(M) → first Solicit, ms, client at real-time priority (`chrt -f 10`: the machine's "
    "scheduling noise taken out; ra6c `--solicit-delay 0`)", cell("M_first", "ra6c-d0+rt"),
    {"networkd": cell("M_first", "networkd+rt")}, verdict(ok, "median ≤ 0.25 ms, max ≤ 1 ms"))
row("1. Late RA(M) → first Solicit, ms (ra6c default random delay ≤ 1 s)", cell("M_first", "ra6c"), {},
    "the delay + the above")
row("1. Late RA(M) → first Solicit, ms (ra6c `--solicit-delay 0 --rapid-commit`)", cell("M_first", "ra6c-rc"), {}, "")
row("1. Late RA(M) → first Solicit, kernel hook", "not measured here: see VM test (tests/vm)", {},
    "median ≤ 0.25 ms, max ≤ 1 ms")
v = vals("O_first", d0)
ok = (statistics.median(v) <= 0.25 and max(v) <= 1.0) if v else None
row("1. Late O-only RA → Information-Request, ms (ra6c as a host, no `-P`; `--solicit-delay 0`)", cell("O_first", d0),
    {"networkd": cell("O_first", "networkd"), "dhcpcd": cell("O_first", "dhcpcd"),
     "dhcp6c": "ignores RAs (not run)", "odhcp6c": "solicits from start-up (not run)"},
    verdict(ok, "median ≤ 0.25 ms, max ≤ 1 ms"))
row("1. Late O-only RA → Information-Request, ms (ra6c as a host, default delay)", cell("O_first", "ra6c"), {}, "")

# 1. Under load: the same late-RA trial while stress-ng loads both cores.
for c, what in (("ra6c-rc@load", "normal priority"), ("ra6c-rc+nice@load", "nice -10 (procd `nice`)"),
                ("ra6c-rc+rt@load", "real-time `chrt -f 10`")):
    v = vals("M_first", c)
    ok = (statistics.median(v) <= 0.25 and max(v) <= 1.0) if v else None
    row("1. Under load (`stress-ng --cpu 2`, both cores): late RA(M) → first Solicit, ms, %s "
        "(ra6c `--solicit-delay 0 --rapid-commit`)" % what, cell("M_first", c), {},
        verdict(ok, "median ≤ 0.25 ms, max ≤ 1 ms"))
for c, what in (("ra6c-rc@load", "normal priority"), ("ra6c-rc+nice@load", "nice -10"),
                ("ra6c-rc+rt@load", "real-time")):
    row("1. Under load: RA(M) → state script `bound`, ms, Rapid Commit, %s" % what, cell("M_bound", c), {}, "")

# 2. RA -> Reply / address / bound, split by exchange kind.
for kind, rc in (("4-message", False), ("Rapid Commit", True)):
    ra = "ra6c-rc" if rc else d0
    peers_in = [p for p in ["networkd", "dhcpcd"] if vals("M_reply", p) and is_rapid(p) == rc]
    note = {p: "uses Rapid Commit (its default): see below" if is_rapid(p) else "4-message: see above"
            for p in ["networkd", "dhcpcd"] if vals("M_reply", p) and p not in peers_in}
    for metric, what in (("M_reply", "Reply"), ("M_addr", "address on the interface"),
                         ("M_bound", "state script `bound`")):
        peers = dict(note)
        for p in peers_in:
            peers[p] = cell(metric, p) if metric != "M_bound" or p != "networkd" else "no script"
        if metric == "M_bound" and "networkd" in peers_in:
            peers["networkd"] = "no state script"
        peers["dhcp6c"] = "after its own backoff (see 1.)"
        peers["odhcp6c"] = "after its own backoff (see 1.; at start: below)"
        tgt = ""
        if rc and metric == "M_bound":
            m = med("M_bound", ra)
            tgt = verdict(None if m is None else m <= 10, "≤ 10 ms")
        label = "2. RA(M) → %s, ms, %s (ra6c `--solicit-delay 0%s`, standalone)" % (
            what, kind, " --rapid-commit" if rc else "")
        row(label, cell(metric, ra), peers, tgt)
for metric, what in (("M_reply", "Reply"), ("M_addr", "address"), ("M_bound", "`bound`")):
    row("2. RA(M) → %s, ms, Rapid Commit, client at real-time priority (`chrt -f 10`; ra6c "
        "`--solicit-delay 0 --rapid-commit`)" % what, cell(metric, "ra6c-rc+rt"), {}, "")
for metric, what in (("M_reply", "Reply"), ("M_addr", "address"), ("M_bound", "`bound`")):
    row("2. RA(M) → %s, ms, 4-message, Kea sends Preference 255 (ra6c `--solicit-delay 0`; "
        "no 1 s wait for more Advertises)" % what, cell(metric, "ra6c-p255"), {}, "")
for c, what in (("ra6c-rc", "`--rapid-commit`"), ("ra6c-rc+rt", "`--rapid-commit`, real-time priority"),
                ("ra6c-d0", "4-message"), ("ra6c-p255", "4-message, Preference 255")):
    row("2. … of which Kea: client's Solicit/Request → Reply, ms (ra6c %s)" % what, cell("M_server", c), {}, "")
    row("2. … of which ra6c: Reply → state script `bound`, ms (ra6c %s)" % what, cell("M_reply_bound", c), {}, "")
row("2. … Kea: its Solicit/Request → Reply, ms, for the peers (same server)", "—",
    {p: cell("M_server", p) for p in ["networkd", "dhcpcd"]}, "")
row("2. RA(M) → Reply, ms, 4-message, ra6c default random delay", cell("M_reply", "ra6c"), {}, "")
# At start: Kea up, the client starts, the RA answers its Router Solicitation;
# every client at its defaults (ra6c's random delay ≤ 1 s, odhcp6c's ≤ 1 s).
row("2. At start (Kea up; the client starts, an RA(M) answers its RS): client start → Reply, ms, "
    "each client's defaults", cell("S_reply", "ra6c"), {p: cell("S_reply", p) for p in ["odhcp6c", "networkd", "dhcpcd"]})
row("2. At start: client start → state script `bound`, ms, each client's defaults", cell("S_bound", "ra6c"),
    {"odhcp6c": cell("S_bound", "odhcp6c"), "networkd": "no state script", "dhcpcd": cell("S_bound", "dhcpcd")})
row("2. At start: RA → state script `bound`, ms (negative: bound before the RA arrived)", cell("S_ra_bound", "ra6c"),
    {"odhcp6c": cell("S_ra_bound", "odhcp6c"), "networkd": "no state script", "dhcpcd": cell("S_ra_bound", "dhcpcd")})
row("2. At start: client start → `bound`, ms (ra6c `--solicit-delay 0`)", cell("S_bound", "ra6c-d0"), {})
row("2. At start: RA → `bound`, ms (ra6c `--solicit-delay 0`)", cell("S_ra_bound", "ra6c-d0"), {})
row("2. O-only RA → Reply, ms (ra6c as a host, `--solicit-delay 0`)", cell("O_reply", d0),
    {"networkd": cell("O_reply", "networkd"), "dhcpcd": cell("O_reply", "dhcpcd")}, "")
row("2. O-only RA → script `informed`, ms (ra6c as a host, `--solicit-delay 0`)", cell("O_informed", d0),
    {"networkd": "no state script", "dhcpcd": cell("O_informed", "dhcpcd")}, "")


# 3. Memory: all ra6c variants are the same program.
def merged(metric, clients):
    out = []
    for c in clients:
        out += vals(metric, c)
    return out


RA6C_ALL = ["ra6c-d0", "ra6c", "ra6c-rc", "ra6c-p255"]
for c in RA6C_ALL:
    S[("all_rss", "ra6c*")] += vals("rss_kb", c)
    S[("all_hwm", "ra6c*")] += vals("hwm_kb", c)
    S[("all_pss", "ra6c*")] += vals("pss_kb", c)
    S[("all_np", "ra6c*")] += vals("nproc", c)
    S[("all_anon", "ra6c*")] += vals("anon_kb", c)
m = med("all_rss", "ra6c*")
row("3. VmRSS when bound, MiB (sum over the client's processes)", cell("all_rss", "ra6c*", "MiB"),
    {p: cell("rss_kb", p, "MiB") for p in PEERS}, verdict(None if m is None else m <= 1024, "≤ 1 MiB"))
row("3. VmHWM when bound, MiB (sum)", cell("all_hwm", "ra6c*", "MiB"), {p: cell("hwm_kb", p, "MiB") for p in PEERS})
row("3. PSS when bound, MiB (sum; shared library pages split)", cell("all_pss", "ra6c*", "MiB"),
    {p: cell("pss_kb", p, "MiB") for p in PEERS})
row("3. RssAnon when bound, MiB (sum; private anonymous: heap, stacks, data)", cell("all_anon", "ra6c*", "MiB"),
    {p: cell("anon_kb", p, "MiB") for p in PEERS})
row("3. Processes when bound", cell("all_np", "ra6c*", "n"), {p: cell("nproc", p, "n") for p in PEERS})

# 4. Idle.
idle = META.get("idle_steady", "60")
m = med("idle_ctxsw", d0)
row("4. Idle %s s bound: CPU time, ms (the client's cgroup: all its processes, children included)" % idle,
    cell("idle_cpu_ms", d0), {p: cell("idle_cpu_ms", p) for p in PEERS})
row("4. Idle %s s bound: context switches (vol.+invol.)" % idle, cell("idle_ctxsw", d0, "n"),
    {p: cell("idle_ctxsw", p, "n") for p in PEERS}, verdict(None if m is None else m == 0, "0 wake-ups"))
row("4. Idle %s s bound: DHCPv6 messages sent" % idle, cell("idle_msgs", d0, "n"),
    {p: cell("idle_msgs", p, "n") for p in PEERS})

# 4b. Renew.
row("4. Renew on SIGUSR1 while bound: CPU time, ms (all processes, script children included, "
    "signal → 1 s after the Reply)", cell("renew_cpu_ms", d0), {"odhcp6c": cell("renew_cpu_ms", "odhcp6c")})
row("4. Renew: context switches", cell("renew_ctxsw", d0, "n"), {"odhcp6c": cell("renew_ctxsw", "odhcp6c", "n")})
row("4. Renew: DHCPv6 messages sent", cell("renew_msgs", d0, "n"), {"odhcp6c": cell("renew_msgs", "odhcp6c", "n")})
row("4. Renew: Reply → state script `updated`, ms", cell("renew_script_ms", d0),
    {"odhcp6c": cell("renew_script_ms", "odhcp6c")})

# 5. Floods.
for kind, what in (("same", "the same RA"), ("new", "a new prefix in every RA")):
    sent = med("flood_%s_sent" % kind, d0)
    # dhcp6c never reads RAs: "best peer" is among the clients that do.
    peer_cpu = [med("flood_%s_cpu_ms" % kind, p) for p in ["odhcp6c", "networkd", "dhcpcd"]]
    peer_cpu = [x for x in peer_cpu if x is not None]
    m = med("flood_%s_cpu_ms" % kind, d0)
    ok = None if m is None or not peer_cpu else m <= min(peer_cpu) / 4
    tgt = verdict(ok, "≤ ¼ of the best peer (%s ms)" % (fmt(min(peer_cpu) / 4, "ms") if peer_cpu else "?"))
    lbl = "5. Flood %s RAs/10 s, %s: client CPU, ms" % (fmt(sent, "n") if sent else "10000", what)
    peers = {p: cell("flood_%s_cpu_ms" % kind, p) for p in PEERS}
    if vals("flood_%s_cpu_ms" % kind, "dhcp6c"):
        peers["dhcp6c"] += " (doesn't read RAs)"
    row(lbl, cell("flood_%s_cpu_ms" % kind, d0), peers, tgt)
    row("5. … DHCPv6 messages sent during the flood", cell("flood_%s_msgs" % kind, d0, "n"),
        {p: cell("flood_%s_msgs" % kind, p, "n") for p in PEERS}, "no message storm")

    def intact(c):
        v = vals("flood_%s_lease" % kind, c)
        return "%d/%d intact" % (sum(1 for x in v if x >= 1), len(v)) if v else "—"
    ok = None
    v = vals("flood_%s_lease" % kind, d0)
    if v:
        ok = all(x >= 1 for x in v)
    row("5. … lease intact after the flood", intact(d0), {p: intact(p) for p in PEERS}, verdict(ok, "intact"))
    row("5. … VmHWM after the flood, MiB", cell("flood_%s_hwm_kb" % kind, d0, "MiB"),
        {p: cell("flood_%s_hwm_kb" % kind, p, "MiB") for p in PEERS})

# 6. Size.
row("6. Stripped x86_64 binary, KiB", cell("size_bin", "ra6c", "KiB"),
    {p: cell("size_bin", p, "KiB") for p in PEERS})
row("6. + its own libraries (not libc), stripped, KiB (odhcp6c: libubox, which OpenWrt installs anyway)",
    cell("size_libs", "ra6c", "KiB"),
    {p: cell("size_libs", p, "KiB") for p in PEERS})
cross = sorted({c for (m, c) in S if m == "size_cross"})
for t in cross:
    tgt = ""
    if t.startswith("mipsel"):
        x = med("size_cross", t)
        tgt = verdict(x <= 256 * 1024, "≤ 256 KiB")
    row("6. ra6c stripped, %s, KiB" % t, cell("size_cross", t, "KiB"), {}, tgt)
if not cross:
    row("6. ra6c stripped, mipsel", "not measured: no target/cross/*/ra6c", {}, "≤ 256 KiB (not measured)")

# 7. Instructions.
for sec, what in (("exchange", "full Solicit→Advertise→Request→Reply exchange (RA(M) in, bound out)"),
                  ("rapid", "Rapid Commit exchange (RA(M) in, Solicit, Reply, bound)"),
                  ("ra", "one RA when bound (`ra::parse` + `Client::process`)"),
                  ("ra_new", "one RA with a new prefix when bound")):
    row("7. Instructions (callgrind Ir): %s" % what, cell("ir_" + sec, "ra6c", "n"), {}, "")

out = []
out.append("# ra6c benchmarks")
out.append("")
out.append("Generated by `make bench` (bench/run.sh, %s mode) on %s: %s cores (%s), kernel %s. "
           "Runtime %s s." % (META.get("mode"), META.get("date"), META.get("nproc"), META.get("cpu", "?"),
                             META.get("kernel"), META.get("runtime")))
out.append("")
out.append("Build of bench/replay before the run: %s s (not in the runtime above)." % META.get("build", "?"))
out.append("")
out.append("Kea logs at %s here (bench/lib.sh re-defines lab.sh's `_lab_kea`; "
           "the lab's debug log costs Kea milliseconds per packet)." % META.get("kea_log", "?"))
out.append("")
out.append("Versions: ra6c %s; odhcp6c %s; %s; %s; %s; server %s; load %s." % (
    META.get("ra6c"), META.get("odhcp6c", "not run (ODHCP6C unset: build it with bench/odhcp6c-build.sh, "
                                          "then ODHCP6C=/var/tmp/odhcp6c/bin/odhcp6c make bench)"),
    META.get("networkd"), META.get("dhcpcd"), META.get("dhcp6c"), META.get("kea"), META.get("stress", "?")))
out.append("")
out.append("| measurement | ra6c | odhcp6c (OpenWrt) | systemd-networkd | dhcpcd | WIDE dhcp6c | ra6c target (issues 11, 20) |")
out.append("|---|---|---|---|---|---|---|")
for r in rows:
    out.append("| " + " | ".join(x.replace("|", "\\|") for x in r) + " |")
out.append("")
out.append("Cells: median (min–max) n=trials. Lab: two network namespaces joined by a veth "
           "(tests/lab/lab.sh), the client side in OpenWrt's WAN state (forwarding=1, accept_ra=1: "
           "the kernel ignores M/O); Kea answers; RAs from tests/lab/send_ra.py (M=1 or O=1, PIO "
           "2001:db8:1::/64 with A=0, RDNSS, DNSSL). Times are capture timestamps in the client's "
           "namespace (tcpdump, nanosecond kernel timestamps: RA as received on the client's veth, "
           "the client's messages as sent), `ip -ts monitor address` for the address and the state "
           "script's own clock (a tiny binary, bench/replay/src/bin/stamp.rs) for `bound`.")
out.append("")
out.append("How each client ran: ra6c `-N try -P 0 --standalone` (IA_NA+IA_PD); networkd 252 as "
           "`/lib/systemd/systemd-networkd` in a private mount namespace (tmpfs /run/systemd and "
           "/run/udev, /sys read-only), `.network` with `DHCP=ipv6`, `IPv6AcceptRA=yes` (it asks for "
           "IA_NA+IA_PD with Rapid Commit by default); dhcpcd `-B -6` with its defaults (IA_NA only: "
           "naming any `ia_*` makes it Solicit at start without an RA), a hook that only stamps; "
           "dhcp6c `send ia-na; send ia-pd`; odhcp6c as netifd's dhcpv6.sh starts it (`-N try -P 0 -t 120`, "
           "the timing binary as its script), x86_64 glibc build with libubox beside it. Late-RA trials: each client idles %s s with no RA and no "
           "server in its own lab (the labs of a batch idle together), then Kea starts in every lab "
           "and, one lab at a time (a lock), one RA is sent (dhcp6c, which doesn't read RAs: the RA "
           "first, then Kea, no lock; odhcp6c likewise: it solicits from start-up and restarts only for a "
           "new autonomous prefix). At-start trials: Kea up, the client starts in the lock and the RA "
           "goes out when its Router Solicitation is seen on the wire (send_ra.py's start-up, ~0.1–0.3 s, "
           "stands in for a router's RS delay). Under-load trials: `stress-ng --cpu 2` (both cores, nice 0) from 1 s before the RA "
           "until the trial's figures are taken. Rows marked real-time priority run the client under "
           "`chrt -f 10` to take the shared machine's scheduling delays out. Idle and flood: lease "
           "timers of hours, so no timer is due; idle clients count beside the trials, floods run "
           "one client at a time under the same lock." % META.get("idle_late", "20"))
out.append("")
out.append("The machine is shared (%s cores, other jobs running): wall-clock figures are noisy, "
           "instruction counts are not. Libraries counted for size: %s." % (
               META.get("nproc"),
               "; ".join("%s: %s" % (k[4:], META.get(k, "").strip() or "none")
                         for k in ("ldd_ra6c", "ldd_odhcp6c", "ldd_networkd", "ldd_dhcpcd", "ldd_dhcp6c")
                         if k in META or k != "ldd_odhcp6c")))
if ERR:
    out.append("")
    out.append("Errors during the run: " + "; ".join("%s: %s (×%d)" % (c, v, n) for (c, v), n in ERR.items()))
print("\n".join(out))
