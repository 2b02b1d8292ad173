#!/bin/bash
# Record odhcp6c's state-script environments for the contract cases
# (contract.sh) as fixtures: by hand, since CI can't build odhcp6c.
#
#   sudo tests/contract/make_fixtures.sh [path/to/odhcp6c] [case...]
#
# odhcp6c defaults to /var/tmp/odhcp6c/bin/odhcp6c, as bench/odhcp6c-build.sh
# builds it from the fetched openwrt/odhcp6c and openwrt/libubox
# (MIRROR_BASE=/work/.mirror bench/odhcp6c-build.sh). For each case, in a
# fresh lab: Kea configured by contract_setup, odhcp6c started by
# contract_start, the case's RA, odhcp6c's first bound/informed call
# (it waits up to 10 s before it), then SIGTERM. Writes
#   fixtures/<case>.env        every script call odhcp6c made, with a
#                              header saying what produced it
#   fixtures/<case>-reply.hex  Kea's Reply to odhcp6c's Request (or
#                              Information-Request), the UDP payload
# Exits non-zero if a case did not reach bound/informed.
# shellcheck source-path=SCRIPTDIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lab/lab.sh
source "$here/../lab/lab.sh"
# shellcheck source=./contract.sh
source "$here/contract.sh"

ODHCP6C=${1:-/var/tmp/odhcp6c/bin/odhcp6c}
[ $# -gt 0 ] && shift
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=("${CONTRACT_CASES[@]}")
[ -x "$ODHCP6C" ] || lab_die "no odhcp6c at $ODHCP6C (build it: MIRROR_BASE=/work/.mirror bench/odhcp6c-build.sh)"
commits=$(sed 's/^/#   /' "$(dirname "$ODHCP6C")/../COMMITS" 2>/dev/null)
failures=0

for case in "${cases[@]}"; do
	lab_up
	contract_setup "$case"
	rec="$LAB_DIR/odhcp6c.env"
	contract_start "$case" "$ODHCP6C" "$rec" "$LAB_DIR/odhcp6c.log" -e -l 7
	pid=$CONTRACT_PID
	contract_wait "$rec" started 5
	contract_ra "$case"
	state=${CONTRACT_WANT:-$(contract_states "$case" | cut -d, -f2)}
	if contract_wait "$rec" "$state" 30; then
		echo "ok - $case: odhcp6c called its script with $state"
	else
		echo "not ok - $case: no $state from odhcp6c within 30 s" >&2
		tail -20 "$LAB_DIR/odhcp6c.log" >&2
		failures=$((failures + 1))
	fi
	kill -TERM "$pid"
	lab_wait_until 5 bash -c "! kill -0 $pid 2>/dev/null"
	ask=REQUEST
	[ "$case" = informed ] && ask=INFORMATION-REQUEST
	lab_pkts | python3 "$LAB_HOME/pair.py" "$ask" REPLY | sed -n 2p >"$here/fixtures/$case-reply.hex"
	{
		echo "# odhcp6c's state-script calls, case '$case' of tests/contract/contract.sh:"
		echo "# made by tests/contract/make_fixtures.sh on $(date -u +%F) ($(uname -sr), $(kea-dhcp6 -v 2>/dev/null | head -1 | sed 's/^/Kea /'))"
		echo "# odhcp6c built by bench/odhcp6c-build.sh from:"
		echo "${commits:-#   (no COMMITS file next to $ODHCP6C)}"
		echo "# command line: $CONTRACT_CMD"
		cat "$rec"
	} >"$here/fixtures/$case.env"
	echo "# $case: $(grep -c '^BEGIN' "$rec") script calls: $(sed -n 's/^BEGIN //p' "$rec" | tr '\n' ' ')"
	lab_down
done
exit $((failures > 0))
