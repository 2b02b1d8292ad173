#!/bin/sh
# Where the bytes of the cross-built ra6c go, per crate and per symbol.
#
#   cross/size.sh [openwrt-arch]        # default mipsel_24kc; needs cross/build.sh first
#
# Reads target/cross/<arch>/ra6c.unstripped (the same link as the stripped binary, with its
# symbol table) with llvm-nm from the pinned nightly's llvm-tools. A generic instantiated
# from core/alloc/std for a crate's type (drop_in_place<nix::…>, Vec<heapless::…>)
# is charged to that crate. Bytes without a symbol (anonymous constants, section padding,
# ELF headers) are reported as such.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=/dev/null
. "$here/versions.sh"

arch=${1:-mipsel_24kc}
f=$root/target/cross/$arch/ra6c.unstripped
[ -f "$f" ] || {
	echo "size.sh: $f missing; run cross/build.sh first" >&2
	exit 1
}
nm=$(ra6c_llvm_tool nm) || exit 1

cd "$root"
crates=$(cargo tree -q -e normal --prefix none -f '{lib}' -p ra6c 2>/dev/null | sed 's/ (\*)//' | sort -u | tr '\n' ' ')

"$nm" --print-size --size-sort --demangle --radix=d "$f" >"${TMPDIR:-/tmp}/ra6c-size.$$"
trap 'rm -f "${TMPDIR:-/tmp}/ra6c-size.$$"' EXIT
size=$(ra6c_llvm_tool size) || exit 1
echo "sections of the stripped file:"
"$size" -A "$root/target/cross/$arch/ra6c" | awk 'NR > 2 && $2 > 0 {printf "  %-20s %8d\n", $1, $2}'
echo
python3 - "$f" "$root/target/cross/$arch/ra6c" "${TMPDIR:-/tmp}/ra6c-size.$$" "$crates" <<'EOF'
import os, re, sys
from collections import Counter

unstripped, stripped, nmfile, crates = sys.argv[1:5]
STD = {"core", "alloc", "std", "compiler_builtins", "panic_abort", "panic_unwind", "std_detect",
       "hashbrown", "rustc_demangle", "memchr", "addr2line", "gimli", "object", "miniz_oxide",
       "adler2", "unwind", "libc"}
path = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)::")
known = set(crates.split())

def crate(name):
    n = name.lstrip("<&*")
    m = path.search(n)
    if not m:
        return "[C: musl, compiler-rt]"
    c = m.group(1)
    if c in STD or c.startswith("_"):
        # a std generic instantiated for another crate's type is charged to that crate
        for other in path.findall(n[m.end():]):
            if other in known and other not in STD:
                return other
        return c if c in ("core", "alloc") else "std"
    if c not in known:
        return "core"  # methods of primitive types: <str>::trim_matches::<…>
    return c

per = Counter()
syms = []
seen = set()
for line in open(nmfile):
    parts = line.split(None, 3)
    if len(parts) < 4:
        continue
    size, kind, name = int(parts[1]), parts[2], parts[3].strip()
    if kind.lower() not in "tdrbvw" or size == 0:
        continue
    # aliases (musl's weak __fstatat_time64 = __fstatat, ...) are one copy
    if (parts[0], size) in seen:
        continue
    seen.add((parts[0], size))
    c = crate(name)
    per[c] += size
    syms.append((size, c, name))

total_sym = sum(per.values())
st = os.path.getsize(stripped) if os.path.exists(stripped) else 0
print(f"{os.path.basename(os.path.dirname(unstripped))}: stripped file {st} bytes ({st/1024:.1f} KiB); "
      f"symbols {total_sym} bytes; without a symbol (anon consts, headers, padding) {max(st - total_sym, 0)} bytes")
print()
print("bytes      KiB    share  crate")
for c, b in per.most_common():
    print(f"{b:9d} {b/1024:6.1f} {100*b/max(st,1):6.1f}%  {c}")
print()
print("largest symbols:")
for size, c, name in sorted(syms, reverse=True)[:25]:
    print(f"{size:8d}  {c:18.18s} {name[:110]}")
EOF
