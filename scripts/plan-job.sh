#!/usr/bin/env bash
# scripts/plan-job.sh LINE - runs one line of a `deadrelu -c 'plan ...'` job
# list, unless the shard file it writes is there already (a finished job: its
# export was atomic, so a file present is whole). Both runners use it: GNU
# parallel (scripts/sweep-parallel.sh) and Slurm (scripts/slurm/job.sh).
#
# The line is deadrelu --shard K/N -c 'SCRIPT' as plan writes it, read as
# text (never given to a shell); the file is the last word of SCRIPT after
# "export " (plan writes names that need no quoting, and no "..").
# DEADRELU names the program to run (default: deadrelu in PATH).
set -eu
line=${1:?usage: plan-job.sh LINE}
bad() {
	echo "plan-job: not a line of a deadrelu plan ($1): $line" >&2
	exit 2
}
# Read as data, never evaluated: the one shape plan writes, the script in
# single quotes with a quote written '\''.
q="'"
re="^deadrelu --shard ([0-9]+)/([0-9]+) -c $q(.*)$q\$"
[[ $line =~ $re ]] || bad "not deadrelu --shard K/N -c '...'"
shard=${BASH_REMATCH[1]}/${BASH_REMATCH[2]}
body=${BASH_REMATCH[3]}
rest=${body//"$q\\$q$q"/}
[[ $rest != *"$q"* ]] || bad "a quote outside the script"
script=${body//"$q\\$q$q"/$q}
[[ $script == *"; export "* ]] || bad "no export"
file=${script##*; export }
# the file as plan names it: no quoting, no way out of its directory
[[ $file =~ ^[A-Za-z0-9._,+:=/][A-Za-z0-9._,+/:=-]*\.json$ && /$file/ != */../* ]] || bad "file '$file'"
if [ -e "$file" ]; then
	echo "plan-job: $file is there: skipped"
	exit 0
fi
mkdir -p -- "$(dirname -- "$file")"
exec "${DEADRELU:-deadrelu}" --shard "$shard" -c "$script"
