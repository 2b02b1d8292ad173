#!/bin/bash
# ra6c benchmark (issues 11, 20): ra6c beside OpenWrt's odhcp6c,
# systemd-networkd, dhcpcd and WIDE dhcp6c in the network-namespace lab
# (tests/lab/lab.sh, reused as is).
#
#   sudo [ODHCP6C=/var/tmp/odhcp6c/bin/odhcp6c] bench/run.sh [--quick] [--out FILE] path/to/ra6c
#
# odhcp6c is built by hand (bench/odhcp6c-build.sh); without ODHCP6C its
# column says it was not run.
# Prints one markdown table and writes it to BENCHMARKS.md at the repo root
# (or FILE). Figures only: nothing here fails on a missed target; a missed
# target is marked MISSED in the table. Raw samples are kept beside it in
# the run's temp dir (printed at the end) for a closer look.
#
# Phases (full / --quick):
#  1-3  late RA -> first Solicit / Information-Request, RA -> Reply,
#       address, bound; memory when bound; RA -> bound at start; the
#       reaction under load (stress-ng on both cores) at normal, nice -10
#       and real-time priority. Batches of labs (one trial each) idle
#       together (20 s / 5 s), then measure one at a time under a lock.
#       5 / 2 trials (variants, O-only and at-start 3 / 1, dhcp6c and
#       odhcp6c late RA 2 / 1).
#  4-5  idle 60 s / 20 s bound (beside the trials: a count, not a time);
#       Renew on SIGUSR1 (3 rounds); floods 1,000 RAs/s x 10 s, same RA and
#       a new prefix per RA, one client at a time under the same lock.
#  6    sizes (stripped copies), 7 callgrind instruction counts.
# shellcheck source-path=SCRIPTDIR
set -u
BENCH_HOME=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_HOME/.." && pwd)

quick=0 outfile=$ROOT/BENCHMARKS.md ra6c=""
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--out) outfile=$2; shift ;;
	-h | --help) sed -n '2,20p' "$0"; exit 0 ;;
	*) ra6c=$1 ;;
	esac
	shift
done
[ -n "$ra6c" ] || ra6c=$ROOT/target/release/ra6c
[ -x "$ra6c" ] || { echo "bench: no ra6c binary at $ra6c (cargo build --release)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "bench: must run as root (network namespaces)" >&2; exit 1; }
ra6c=$(readlink -f "$ra6c")
export BENCH_RA6C=$ra6c
# odhcp6c (by hand: bench/odhcp6c-build.sh) from the environment only.
odhcp6c=()
if [ -n "${ODHCP6C:-}" ] && [ -x "$ODHCP6C" ]; then
	ODHCP6C=$(readlink -f "$ODHCP6C")
	export ODHCP6C
	odhcp6c=(odhcp6c)
elif [ -n "${ODHCP6C:-}" ]; then
	echo "bench: ODHCP6C=$ODHCP6C is not an executable; odhcp6c is not run" >&2
fi
command -v stress-ng >/dev/null || { echo "bench: stress-ng missing (bench/deps.sh)" >&2; exit 1; }

if [ "$quick" = 1 ]; then
	rounds_m=2 rounds_o=1 rounds_w=1 idle_late=5 idle_steady=20
	export BENCH_FLOOD_ROUNDS=1
else
	rounds_m=5 rounds_o=3 rounds_w=2 idle_late=20 idle_steady=60
	export BENCH_FLOOD_ROUNDS=2
fi

T0=$(date +%s)
log() { printf '[bench %4ds] %s\n' "$(($(date +%s) - T0))" "$*" >&2; }

W=$(mktemp -d /tmp/ra6c-bench.XXXXXX)
chmod 755 "$W"
S=$W/samples.tsv
: >"$S"
LOCK=$W/lock
child_pids=()
cleanup() {
	local p
	touch "$W"/done.* 2>/dev/null
	for p in "${child_pids[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- helpers: the stamp script and the replay binary (bench/replay) -------
log "building bench/replay (links the ra6c library; cached after the first run)"
if ! (cd "$BENCH_HOME/replay" && cargo build --release -q) >"$W/cargo.log" 2>&1; then
	cat "$W/cargo.log" >&2
	echo "bench: cannot build bench/replay" >&2
	exit 1
fi
export BENCH_STAMP=$BENCH_HOME/replay/target/release/stamp
BUILD_S=$(($(date +%s) - T0))
T0=$(date +%s)

# run_batch <name> <timeout-s> <script> <args-before-out...> -- one job per
# line of stdin: "<client> <extra args>". Starts all jobs at once; each
# touches $ready/<pid> when its figures are written; then all tear down.
run_batch() {
	local name=$1 timeout=$2 script=$3 n=0 line ready=$W/ready.$1 done=$W/done.$1 end
	shift 3
	mkdir -p "$ready"
	local pids=() lines=()
	mkdir -p "$ready.kea"
	while read -r line; do
		[ -n "$line" ] && lines+=("$line")
	done
	# trial.sh waits until all jobs of the batch have started their Kea.
	export BENCH_BATCH_N=${#lines[@]}
	for line in "${lines[@]}"; do
		# shellcheck disable=SC2086 # line holds words on purpose
		"$BENCH_HOME/$script" $line "$S" "$LOCK" "$ready" "$done" 2>>"$W/$name.log" &
		pids+=($!)
		child_pids+=($!)
		n=$((n + 1))
	done
	end=$(($(date +%s) + timeout))
	while [ "$(find "$ready" -type f | wc -l)" -lt "$n" ] && [ "$(date +%s)" -lt "$end" ]; do
		sleep 0.5
	done
	[ "$(find "$ready" -type f | wc -l)" -lt "$n" ] && log "$name: some jobs timed out (see $W/$name.log)"
	touch "$done"
	wait "${pids[@]}" 2>/dev/null
	grep -h '^# \[' "$W/$name.log" >&2 || true
}

# --- 4-5 in the background: bound clients ------------------------------------
# Idle cost is a count (CPU time, context switches of an idle process), not
# a time, so it runs beside the late-RA trials; the floods take the same
# lock as the trials' measurements, so they never overlap one.
log "bound clients (idle ${idle_steady}s, then floods) start in the background"
for c in ra6c-d0 "${odhcp6c[@]}" networkd dhcpcd dhcp6c; do echo "$c $idle_steady"; done |
	run_batch steady 1200 steady.sh &
steady_pid=$!
child_pids+=("$steady_pid")

# --- 1-3: late RA ----------------------------------------------------------
# Jobs "<client> <M|O|S> <idle>": the headline clients and the load trials
# get rounds_m trials, the variants, O-only and at-start rounds_o, dhcp6c
# and odhcp6c's late RA rounds_w (their wait is long and always the same
# story). Packed into batches of at most 13 labs that idle together, then
# measure one at a time.
jobs=()
for r in $(seq 1 "$rounds_m"); do
	if [ "$r" -le "$rounds_w" ]; then
		for c in dhcp6c "${odhcp6c[@]}"; do jobs+=("$c M $idle_late"); done
	fi
	for c in ra6c-d0 ra6c-rc networkd dhcpcd; do jobs+=("$c M $idle_late"); done
	for c in ra6c-rc@load ra6c-rc+nice@load ra6c-rc+rt@load; do jobs+=("$c M $idle_late"); done
	if [ "$r" -le "$rounds_o" ]; then
		for c in ra6c ra6c-p255 ra6c-d0+rt ra6c-rc+rt networkd+rt; do jobs+=("$c M $idle_late"); done
		for c in ra6c-d0 ra6c networkd dhcpcd; do jobs+=("$c O $idle_late"); done
		for c in ra6c ra6c-d0 "${odhcp6c[@]}" networkd dhcpcd; do jobs+=("$c S $idle_late"); done
	fi
done
nb=$(((${#jobs[@]} + 12) / 13))
per=$(((${#jobs[@]} + nb - 1) / nb))
for b in $(seq 0 $((nb - 1))); do
	log "late RA batch $((b + 1))/$nb: ${per} labs idle ${idle_late}s together, then one measurement at a time"
	printf '%s\n' "${jobs[@]:$((b * per)):$per}" | run_batch "late$((b + 1))" 600 trial.sh
done

log "waiting for the bound clients' floods"
wait "$steady_pid"

# --- 6: sizes ---------------------------------------------------------------
log "sizes"
sz() { # stripped size of a copy
	local f=$W/strip.$$ s
	cp "$1" "$f" && strip -o "$f.s" "$f" 2>/dev/null && s=$(stat -c %s "$f.s") || s=$(stat -c %s "$1")
	rm -f "$f" "$f.s"
	echo "$s"
}
# Libraries a peer loads beyond the C library and the dynamic loader.
libs() {
	ldd "$1" 2>/dev/null | awk '$3 ~ /^\// { print $3 }' |
		grep -Ev '/(libc|libm|libpthread|libdl|librt|libresolv|ld-linux[^/]*)\.so' || true
}
{
	printf 'size_bin\tra6c\t%s\n' "$(sz "$ra6c")"
	for peer in ${ODHCP6C:+odhcp6c:$ODHCP6C} networkd:/lib/systemd/systemd-networkd dhcpcd:/usr/sbin/dhcpcd dhcp6c:/usr/sbin/dhcp6c; do
		name=${peer%%:*} bin=${peer#*:}
		[ -e "$bin" ] || continue
		printf 'size_bin\t%s\t%s\n' "$name" "$(sz "$bin")"
		t=0
		for l in $(libs "$bin"); do t=$((t + $(sz "$l"))); done
		printf 'size_libs\t%s\t%s\n' "$name" "$t"
	done
	t=0
	for l in $(libs "$ra6c"); do t=$((t + $(sz "$l"))); done
	printf 'size_libs\tra6c\t%s\n' "$t"
	for f in "$ROOT"/target/cross/*/ra6c; do
		[ -e "$f" ] || continue
		printf 'size_cross\t%s\t%s\n' "$(basename "$(dirname "$f")")" "$(stat -c %s "$f")"
	done
} >>"$S"
{
	echo "ldd_ra6c	$(libs "$ra6c" | xargs -r -n1 basename | tr '\n' ' ')"
	echo "ldd_networkd	$(libs /lib/systemd/systemd-networkd | xargs -r -n1 basename | tr '\n' ' ')"
	echo "ldd_dhcpcd	$(libs /usr/sbin/dhcpcd | xargs -r -n1 basename | tr '\n' ' ')"
	echo "ldd_dhcp6c	$(libs /usr/sbin/dhcp6c | xargs -r -n1 basename | tr '\n' ' ')"
	[ -n "${ODHCP6C:-}" ] && echo "ldd_odhcp6c	$(libs "$ODHCP6C" | xargs -r -n1 basename | tr '\n' ' ')"
} >"$W/meta.libs"

# --- 7: callgrind -------------------------------------------------------------
log "callgrind"
python3 "$BENCH_HOME/ra_hex.py" >"$W/ra.hex"
for sec in exchange rapid ra ra_new; do
	fn=$sec
	[ "$sec" = ra_new ] && fn=ra
	if valgrind --tool=callgrind --callgrind-out-file="$W/callgrind.$sec" --toggle-collect="*bench_${fn}" \
		"$BENCH_HOME/replay/target/release/replay" "$ROOT/tests/lab/captures" "$W/ra.hex" "$sec" \
		>"$W/callgrind.$sec.log" 2>&1; then
		ir=$(sed -n 's/^==[0-9]*== Collected : //p' "$W/callgrind.$sec.log")
		printf 'ir_%s\tra6c\t%s\n' "$sec" "$ir" >>"$S"
	else
		log "callgrind $sec failed (see $W/callgrind.$sec.log)"
	fi
done

# --- table -------------------------------------------------------------------
log "table"
ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }
{
	echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "nproc	$(nproc)"
	echo "kernel	$(uname -r)"
	echo "cpu	$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "ra6c	$("$ra6c" --version 2>/dev/null | head -1) ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?))"
	echo "networkd	systemd $(ver systemd)"
	echo "dhcpcd	dhcpcd-base $(ver dhcpcd-base)"
	echo "dhcp6c	wide-dhcpv6-client $(ver wide-dhcpv6-client)"
	if [ -n "${ODHCP6C:-}" ]; then
		# bench/odhcp6c-build.sh writes <prefix>/COMMITS: "<name> <commit> <date>"
		echo "odhcp6c	$(awk '{ printf "%s%s %.7s (%s)", (NR > 1 ? ", " : ""), $1, $2, $3 }' \
			"$(dirname "$ODHCP6C")/../COMMITS" 2>/dev/null || echo "?"), built by bench/odhcp6c-build.sh"
	fi
	echo "stress	$(stress-ng --version 2>/dev/null | head -1)"
	echo "kea	kea-dhcp6-server $(ver kea-dhcp6-server)"
	echo "mode	$([ "$quick" = 1 ] && echo quick || echo full)"
	echo "idle_late	$idle_late"
	echo "idle_steady	$idle_steady"
	echo "runtime	$(($(date +%s) - T0))"
	echo "build	$BUILD_S"
	echo "kea_log	$(bash -c "source '$ROOT/tests/lab/lab.sh'; source '$BENCH_HOME/lib.sh'; echo \$BENCH_KEA_LOG")"
	cat "$W/meta.libs"
} >"$W/meta.tsv"
python3 "$BENCH_HOME/table.py" "$S" "$W/meta.tsv" >"$W/BENCHMARKS.md"
cp "$W/BENCHMARKS.md" "$outfile"
cat "$W/BENCHMARKS.md"
log "done in $(($(date +%s) - T0)) s; wrote $outfile; raw samples in $S"
