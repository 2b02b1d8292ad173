#!/usr/bin/env bash
# State safety (issue 7): kill -9 ra6c at random points while it writes its
# DUID/IAID state file; the file must always be either what was there
# before or the complete new file, never a partial one.
#
#   tests/fault/state_kill.sh <ra6c binary> [iterations (200)]
#
# Root: runs ra6c on a veth in a private network namespace. ra6c writes the
# state file at start (state::load_or_create) when its content would
# change, so every iteration first puts a valid-but-different file (or
# none) in place. strace stretches the write (delays on the file's write,
# fsync and rename) so that random kill times land inside it; each
# iteration records where the kill landed (before the write, while the
# temp file existed, after the rename).
set -uo pipefail

BIN=${1:?usage: state_kill.sh <ra6c binary> [iterations]}
N=${2:-200}
BIN=$(readlink -f "$BIN")
[ -x "$BIN" ] || { echo "not executable: $BIN"; exit 2; }
[ "$(id -u)" = 0 ] || { echo "state_kill.sh: needs root (netns)"; exit 2; }
command -v strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace >/dev/null; }

NS=ra6c-statekill-$$
DIR=$(mktemp -d)
REF=$(mktemp -d)
IF=veth0
STATE=$DIR/ra6c-$IF.state
cleanup() {
    ip netns del "$NS" 2>/dev/null
    rm -rf "$DIR" "$REF"
}
trap cleanup EXIT

ip netns add "$NS"
ip -n "$NS" link add "$IF" address 02:00:00:00:00:01 type veth peer name veth1
ip -n "$NS" link set lo up
ip -n "$NS" link set "$IF" up
ip -n "$NS" link set veth1 up

DUID=000300010200000000aa
WANT=$(printf 'duid %s\niaid_na 305419896\niaid_pd 7' "$DUID")
printf '%s\n' "$WANT" >"$REF/want"
# With no file, ra6c makes odhcp6c's defaults: DUID-LL of the MAC, IA_NA
# IAID = first 4 octets of MD5(ifname), IA_PD IAID 1.
printf 'duid 00030001020000000001\niaid_na %u\niaid_pd 1\n' \
    "$((16#$(printf %s "$IF" | md5sum | cut -c1-8)))" >"$REF/fresh"
# Valid files that ra6c rewrites (canonical form = $WANT); "" = no file.
variants=(
    ""
    "$(printf '# before\n%s' "$WANT")"
    "$(printf 'duid %s\niaid_na 305419896\niaid_pd 7' "${DUID^^}")"
    "$(printf 'iaid_pd 7\niaid_na 305419896\nduid %s\n' "$DUID")"
    "$(printf '  duid   %s \niaid_na 305419896\niaid_pd 7\n\n' "$DUID")"
)

pass=0 fail=0
before=0 during=0 after=0 litter=0 max_litter=0 at_syscall=0
# bash reports each killed background job ("Killed ...") on stderr: mute it.
exec 3>&2 2>/dev/null
for i in $(seq 1 "$N"); do
    v=${variants[$((i % ${#variants[@]}))]}
    # Temp files of earlier killed writers stay: ra6c must clean them up.
    rm -f "$STATE"
    touch "$REF/mark"
    if [ -n "$v" ]; then printf '%s\n' "$v" >"$STATE"; fi
    rm -f "$REF/pre"
    if [ -e "$STATE" ]; then cp "$STATE" "$REF/pre"; fi
    # Half the iterations kill at a syscall of the write (strace delivers
    # SIGKILL on entering it: the 1st write = the temp file's content,
    # 1st fsync = the temp file, rename, 2nd fsync = the directory); the
    # other half at a random time, with the write stretched by delays on
    # fsync and rename so that the kill often falls inside it.
    point=$((i % 10))
    [ $point -lt 5 ] && at_syscall=$((at_syscall + 1))
    case $point in
    0) inj=(-e inject=write:signal=KILL:when=1) ;;
    1) inj=(-e inject=fsync:signal=KILL:when=1) ;;
    2) inj=(-e "inject=rename,renameat,renameat2:signal=KILL:when=1") ;;
    3) inj=(-e inject=fsync:signal=KILL:when=2) ;;
    4) inj=(-e inject=write:signal=KILL:when=2) ;;
    *) inj=(-e inject=fsync:delay_enter=8000 -e "inject=rename,renameat,renameat2:delay_enter=8000") ;;
    esac
    delay_ms=$((RANDOM % 60))
    # Its own process group (setsid), so strace and ra6c die together: a
    # tracee whose strace is killed alone runs on, untraced.
    setsid ip netns exec "$NS" strace -f -qq -o /dev/null \
        -e trace=write,fsync,rename,renameat,renameat2 "${inj[@]}" \
        "$BIN" -s /bin/true --state-dir "$DIR" --trigger raw -l 3 "$IF" \
        >/dev/null 2>&1 &
    sp=$!
    sleep "$(printf '0.%03d' "$delay_ms")"
    kill -9 -- "-$sp" 2>/dev/null
    kill -9 "$sp" 2>/dev/null
    { wait "$sp"; } 2>/dev/null
    # Belt and braces: nothing of this iteration may run on (the state dir
    # is unique to this run, so this matches only our processes).
    for pid in $(pgrep -f -- "--state-dir $DIR "); do kill -9 "$pid" 2>/dev/null; done

    tmps=$(find "$DIR" -maxdepth 1 -name '.ra6c-*.tmp' -newer "$REF/mark" | wc -l)
    all_tmps=$(find "$DIR" -maxdepth 1 -name '.ra6c-*.tmp' | wc -l)
    max_litter=$((all_tmps > max_litter ? all_tmps : max_litter))
    exists=0; [ -e "$STATE" ] && exists=1
    same_as_pre=0
    if [ -e "$REF/pre" ]; then cmp -s "$STATE" "$REF/pre" && same_as_pre=1
    elif [ $exists = 0 ]; then same_as_pre=1; fi
    is_new=0
    if [ -e "$REF/pre" ]; then cmp -s "$STATE" "$REF/want" && is_new=1
    else cmp -s "$STATE" "$REF/fresh" && is_new=1; fi
    if [ "$tmps" -gt 0 ]; then
        during=$((during + 1)); litter=$((litter + tmps))
    elif [ $is_new = 1 ]; then
        after=$((after + 1))
    else
        before=$((before + 1))
    fi
    # The verdict: the old file (or none), or exactly the new one; and
    # whatever is there is a complete state file.
    ok=0
    if [ $same_as_pre = 1 ] || [ $is_new = 1 ]; then ok=1; fi
    if [ $ok = 1 ] && [ "$exists" = 1 ]; then
        keys=$(awk 'NF && $1 !~ /^#/ {print $1}' "$STATE" | sort | tr '\n' ' ')
        [ "$keys" = "duid iaid_na iaid_pd " ] || ok=0
    fi
    if [ $ok = 1 ] && [ "$all_tmps" -gt 1 ]; then
        ok=0
        echo "iteration $i: $all_tmps temp files of killed writers pile up in the state dir"
    fi
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "iteration $i (kill point $point, ${delay_ms} ms): bad state file:"
        printf '  before: %q\n' "$(cat "$REF/pre" 2>/dev/null)"
        printf '  after:  %q (exists %s)\n' "$(cat "$STATE" 2>/dev/null)" "$exists"
    fi
done
exec 2>&3 3>&-
echo "kills: $at_syscall at one of 5 syscalls of the write, $((N - at_syscall)) at random times"
echo "kills landed: $before before the write, $during while the temp file existed, $after after the rename"
echo "temp files left by killed writers: $litter, most at once: $max_litter (a new start removes old ones)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
