# Fault scenarios about the DUID/IAID state file (issue 7), sourced by
# run.sh. The kill -9 loop during writes is tests/fault/state_kill.sh;
# here ra6c must still bind when the file is corrupt, the filesystem is
# read-only or full, and say so once, naming the file.
# shellcheck shell=bash

# statefs (Kea): three starts of ra6c, each must reach "bound":
#   corrupt   garbage and a cut line around a good DUID line -> one warning
#             naming the file, the DUID kept (the Solicit carries it);
#   read-only a tmpfs mounted ro -> one "can't write" warning, in-memory DUID;
#   full      a tmpfs with no space left -> the same.
scenario_statefs() {
	local srv=$1 dir file duid=000300010200005e0001 mnt
	lab_server_start "$srv"

	dir=$LAB_DIR/state-corrupt
	file=$dir/ra6c-$LAB_CLI_IF.state
	mkdir -p "$dir"
	printf 'iaid_na zz\n\x01\x02garbage line\nduid %s\niaid_pd 1\niaid_na 12' "$duid" >"$file"
	statefs_start corrupt "$dir" "$file" "bad line" || return
	check "corrupt: Solicit keeps the DUID from the file" "$(lab_client_duid)" \
		test "$(lab_client_duid | tr -d :)" = "$duid"
	check "corrupt: file rewritten whole" "$(cat "$file")" grep -q "^duid $duid\$" "$file"

	for mnt in ro full; do
		dir=$LAB_DIR/state-$mnt
		file=$dir/ra6c-$LAB_CLI_IF.state
		mkdir -p "$dir"
		if [ "$mnt" = ro ]; then
			mount -t tmpfs -o ro,size=64k ra6c-lab "$dir"
		else
			mount -t tmpfs -o size=16k ra6c-lab "$dir"
			# Fill it: dd stops at ENOSPC.
			dd if=/dev/zero of="$dir/filler" bs=4k 2>/dev/null
		fi
		statefs_start "$mnt" "$dir" "$file" "can't write" || { umount "$dir"; return; }
		check "$mnt: no state file left behind" "$(ls -A "$dir")" test ! -e "$file"
		umount "$dir"
	done
}

# statefs_start NAME DIR FILE WARNING: a fresh capture and ra6c on DIR,
# bound, exactly one warning line naming FILE and containing WARNING.
statefs_start() {
	local name=$1 dir=$2 file=$3 warn=$4 n
	[ -n "$RA6C_PID" ] && { lab_kill "$RA6C_PID"; RA6C_PID=""; }
	: >"$RECORD_FILE"
	: >"$LAB_DIR/ra6c.log"
	lab_capture_stop
	LAB_PCAP_FILE="$LAB_DIR/client-$name.pcap" lab_capture_start
	start_ra6c --solicit-delay 0 --state-dir "$dir" || { notok "$name: ra6c starts" "exited: $(tail -3 "$LAB_DIR/ra6c.log")"; return 1; }
	send_ra_m
	check "$name: bound" "states: $(rec_states | tr '\n' ' ')" rec_wait bound 20
	n=$(grep -c "WARN.*$file.*$warn" "$LAB_DIR/ra6c.log")
	check "$name: one warning naming $file" "$n matching line(s): $(grep WARN "$LAB_DIR/ra6c.log" | head -3)" test "$n" -eq 1
	info "$name: $(grep WARN "$LAB_DIR/ra6c.log" | head -1)"
}
