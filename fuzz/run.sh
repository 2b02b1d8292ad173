#!/usr/bin/env bash
# Fuzzing for ra6c (libFuzzer via cargo-fuzz).
#
#   fuzz/run.sh smoke [runs]     CI: build every target, run each for a fixed
#                                number of executions (default 20000) from its
#                                seeds and regressions; fail on any crash.
#   fuzz/run.sh long [seconds] [target...]
#                                campaign: each target (default: all) for
#                                [seconds] (default 3600) at nice 19, one process, growing
#                                fuzz/corpus/<target>; prints executions and
#                                coverage per target and the total.
#                                Built without AddressSanitizer (the fuzzed
#                                code has no `unsafe`; ASan costs ~3-5x in
#                                executions); RA6C_FUZZ_SANITIZER=address
#                                to keep it.
#   fuzz/run.sh repro <target> <file>   run one input (a crash) again.
#
# Seeds (fuzz/seeds/, from tests/lab/captures and radvd; regenerate with
# fuzz/make_seeds.py) and crash reproducers (fuzz/regressions/) are committed;
# the growing corpus and artifacts are not.
set -uo pipefail
cd "$(dirname "$0")" || exit 1
FUZZ_DIR=$PWD
NIGHTLY=${RA6C_FUZZ_NIGHTLY:-nightly-2026-05-19}
TARGETS=(client ra ra_state hook_event state wire_roundtrip)
TRIPLE=$(rustc +"$NIGHTLY" -vV | sed -n 's/^host: //p')
BIN_DIR=${CARGO_TARGET_DIR:-$FUZZ_DIR/target}/$TRIPLE/release
COMMON=(-max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)

build() {
    local san=${1:-address}
    echo "building fuzz targets ($NIGHTLY, cargo-fuzz $(cargo fuzz --version | awk '{print $2}'), sanitizer $san)"
    (cd .. && cargo +"$NIGHTLY" fuzz build --fuzz-dir fuzz --sanitizer "$san") || {
        echo "fuzz build failed"
        echo "0 passed, ${#TARGETS[@]} failed"
        exit 1
    }
}

# Inputs that must keep passing: seeds plus reproducers of fixed crashes.
inputs() {
    local t=$1
    echo "seeds/$t"
    [ -d "regressions/$t" ] && echo "regressions/$t"
}

# "target: N execs, cov X, ft Y" from a libFuzzer log.
summary() {
    local t=$1 log=$2
    local execs cov ft
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -aoE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
    ft=$(grep -aoE 'ft: [0-9]+' "$log" | tail -1 | awk '{print $2}')
    echo "$t: ${execs:-0} execs, cov ${cov:-?}, ft ${ft:-?}"
    TOTAL=$((TOTAL + ${execs:-0}))
}

TOTAL=0

case "${1:-smoke}" in
smoke)
    runs=${2:-20000}
    build
    pass=0 fail=0
    # Every target at once, at most one per core (each libFuzzer process is
    # single-threaded); results are read afterwards, in TARGETS order.
    tmp=$(mktemp -d)
    for t in "${TARGETS[@]}"; do
        while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n; done
        mkdir -p "$tmp/$t"
        # shellcheck disable=SC2046
        ( "$BIN_DIR/$t" "${COMMON[@]}" -runs="$runs" -seed=1 \
            -artifact_prefix="$tmp/$t/" "$tmp/$t" $(inputs "$t") >"$tmp/$t.log" 2>&1
          echo $? >"$tmp/$t.rc" ) &
    done
    wait
    for t in "${TARGETS[@]}"; do
        log=$tmp/$t.log
        rc=$(cat "$tmp/$t.rc" 2>/dev/null || echo 1)
        summary "$t" "$log"
        if [ "$rc" -eq 0 ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "--- $t failed (rc $rc):"
            grep -aE 'panicked|ERROR: |SUMMARY|^thread' "$log" | head -20
            for a in "$tmp/$t"/crash-* "$tmp/$t"/timeout-* "$tmp/$t"/oom-* "$tmp/$t"/leak-*; do
                [ -e "$a" ] || continue
                mkdir -p artifacts/"$t" && cp "$a" artifacts/"$t"/
                echo "    reproducer: fuzz/artifacts/$t/$(basename "$a")"
            done
        fi
    done
    rm -rf "$tmp"
    echo "total: $TOTAL execs"
    echo "$pass passed, $fail failed"
    [ $fail -eq 0 ]
    ;;
long)
    secs=${2:-3600}
    if [ $# -gt 2 ]; then TARGETS=("${@:3}"); fi
    build "${RA6C_FUZZ_SANITIZER:-none}"
    fail=0
    for t in "${TARGETS[@]}"; do
        mkdir -p "corpus/$t" "artifacts/$t" logs
        log=logs/$t.log
        # shellcheck disable=SC2046
        nice -n 19 "$BIN_DIR/$t" "${COMMON[@]}" -max_total_time="$secs" \
            -artifact_prefix="artifacts/$t/" "corpus/$t" $(inputs "$t") >"$log" 2>&1 ||
            if grep -aq 'run interrupted' "$log"; then
                echo "--- $t: interrupted"
            else
                fail=$((fail + 1))
                echo "--- $t: crash, see fuzz/$log and fuzz/artifacts/$t/"
            fi
        summary "$t" "$log"
    done
    echo "total: $TOTAL execs"
    [ $fail -eq 0 ]
    ;;
repro)
    t=${2:?target}
    f=${3:?input file}
    build
    "$BIN_DIR/$t" "$f"
    ;;
*)
    echo "usage: fuzz/run.sh smoke [runs] | long [seconds] | repro <target> <file>" >&2
    exit 2
    ;;
esac
