#!/bin/sh
# State script with odhcp6c's contract: called as `record.sh <ifname> <state>`
# with the lease in the environment. It only records: each call appends one
# block to $RECORD_FILE (default /tmp/ra6c-record) so tests can assert on it.
#
# Block format (values never contain newlines in odhcp6c's env):
#   BEGIN <epoch.ns>            CLOCK_REALTIME, comparable to tcpdump -tt times
#   STATE=<state>
#   IFNAME=<ifname>
#   VAR=value ...               the odhcp6c variables, then any OPTION_*
#   END
# POSIX sh on purpose: OpenWrt runs its scripts with busybox ash.
ts=$(date +%s.%N)
out=${RECORD_FILE:-/tmp/ra6c-record}

block="BEGIN $ts
STATE=$2
IFNAME=$1"
for v in SERVER RDNSS DOMAINS NTP_IP NTP_FQDN SNTP_IP SIP_IP SIP_DOMAIN AFTR \
	MAPE MAPT LW4O6 USERPREFIX CAPTIVE_PORTAL_URI \
	ADDRESSES PREFIXES RA_ADDRESSES RA_ROUTES RA_DNS RA_DOMAINS RA_HOPLIMIT RA_MTU \
	RA_REACHABLE RA_RETRANSMIT PASSTHRU; do
	eval "val=\${$v-}"
	# shellcheck disable=SC2154 # val is set by the eval above
	block="$block
$v=$val"
done
# OPTION_<code>=... are raw options passed through; list whatever is set.
opts=$(env | grep '^OPTION_' | sort)
if [ -n "$opts" ]; then
	block="$block
$opts"
fi
# One write per block, so blocks from back-to-back calls never interleave.
printf '%s\nEND\n' "$block" >>"$out"
exit 0
