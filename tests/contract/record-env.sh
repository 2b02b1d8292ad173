#!/bin/sh
# State script for the contract (tests/contract/contract.sh): appends the
# whole environment the client gave it to $CONTRACT_RECORD, one block per
# call, sorted, so that a variable set empty and one not set at all
# differ:
#   BEGIN <state>
#   NAME=value ...
#   END
# The clients run with an empty environment (env -i PATH=...), so what is
# left besides the shell's own variables is theirs.
out=${CONTRACT_RECORD:?}
vars=$(env | LC_ALL=C sort | grep -Ev '^(PATH|PWD|OLDPWD|SHLVL|_|CONTRACT_RECORD)=')
# One write per block: back-to-back calls never interleave.
printf 'BEGIN %s\n%s\nEND\n' "$2" "$vars" >>"$out"
