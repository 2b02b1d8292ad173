#!/bin/bash
# Scenarios of tests/lab/run.sh for issue 15's options (sourced by it):
#   contract-mape contract-informed contract-tun (Kea only)
#       ra6c against the same Kea, RA and command line as odhcp6c in
#       fixtures/<case>.env (contract.sh, make_fixtures.sh): its
#       environments (started, bound/informed, and stopped at SIGTERM)
#       compared with odhcp6c's field by field (compare.py); MAP-E and the
#       PD-exclude prefix must reach the script
# shellcheck source-path=SCRIPTDIR
# shellcheck disable=SC2154,SC2034 # LAB_*, RA6C* and the check helpers are run.sh's/lab.sh's

# shellcheck source=./contract.sh
source "$(dirname "${BASH_SOURCE[0]}")/contract.sh"

contract_scenario() {
	local case=$1 srv=$2 rec="$LAB_DIR/ra6c-contract.env" states want out bad
	[ "$srv" = kea ] || { notok "server" "the contract fixtures were made with Kea, not $srv"; return; }
	states=$(contract_states "$case")
	want=${states#*,}
	contract_setup "$case"
	contract_start "$case" "$RA6C" "$rec" "$LAB_DIR/ra6c.log" -v --state-dir "$LAB_DIR/state" --solicit-delay 0
	RA6C_PID=$CONTRACT_PID
	contract_wait "$rec" started 5 || { notok "script started" "no started within 5 s"; return; }
	contract_ra "$case"
	if ! contract_wait "$rec" "$want" 20; then
		notok "script $want" "no $want within 20 s"
		return
	fi
	ok "script $want"
	local known=()
	mapfile -t known < <(contract_known "$case")
	out=$(python3 "$CONTRACT_HOME/compare.py" "$CONTRACT_HOME/fixtures/$case.env" "$rec" "$states" "${known[@]}")
	local lines
	mapfile -t lines <<<"$out"
	printf '#   %s\n' "${lines[@]}"
	bad=$(grep -c '^not ok' <<<"$out")
	check "environments ($states) as odhcp6c's, field by field" "$bad variable(s) differ (above)" \
		test "$bad" -eq 0
	if [ "$case" != informed ]; then
		check "PREFIXES carries Kea's PD exclude" "PREFIXES: $(grep '^PREFIXES=' "$rec")" \
			grep -q '^PREFIXES=2001:db8:100::/56,.*,excluded=2001:db8:100:ff::/64$' "$rec"
	fi
	check "MAPE carries Kea's rule, port parameters and BR" "$(grep '^MAPE=' "$rec" || echo 'MAPE unset')" \
		grep -q '^MAPE=fmr,type=map-e,.*,offset=6,psidlen=8,psid=0,br=2001:db8:ffff::1, $' "$rec"
	# netifd's SIGTERM: "stopped" (odhcp6c's "unbound" before it is
	# killed by that call when still running, script.c script_call, so
	# the fixtures have it or not). odhcp6c still shows the last Reply's
	# options there, ra6c doesn't: dhcpv6.script's teardown_interface
	# reads none of them.
	kill -TERM "$RA6C_PID"
	if ! contract_wait "$rec" stopped 5; then
		notok "script stopped" "no stopped within 5 s of SIGTERM"
		return
	fi
	local stop_known=("${known[@]}")
	mapfile -t -O "${#stop_known[@]}" stop_known < <(contract_known stop)
	out=$(python3 "$CONTRACT_HOME/compare.py" "$CONTRACT_HOME/fixtures/$case.env" "$rec" stopped "${stop_known[@]}")
	mapfile -t lines <<<"$out"
	printf '#   %s\n' "${lines[@]}"
	bad=$(grep -c '^not ok' <<<"$out")
	check "environment of stopped (SIGTERM) as odhcp6c's" "$bad variable(s) differ (above)" \
		test "$bad" -eq 0
}

for c in "${CONTRACT_CASES[@]}"; do
	eval "scenario_contract-$c() { contract_scenario $c \"\$1\"; }"
done
