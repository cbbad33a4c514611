#!/usr/bin/env bash
# scripts/plan-job.sh LINE - runs one line of a `deadrelu -c 'plan ...'` job
# list, unless the shard file it writes is there already (a finished job: its
# export was atomic, so a file present is whole). Both runners use it: GNU
# parallel (scripts/sweep-parallel.sh) and Slurm (scripts/slurm/job.sh).
#
# The line's words are deadrelu --shard K/N -c SCRIPT, the file the last word
# of SCRIPT after "export " (plan writes file names that need no quoting).
# DEADRELU names the program to run (default: deadrelu in PATH).
set -eu
line=${1:?usage: plan-job.sh LINE}
eval "words=($line)"
if [ "${#words[@]}" != 5 ] || [ "${words[0]}" != deadrelu ] || [ "${words[1]}" != --shard ] ||
	[ "${words[3]}" != -c ] || [[ ${words[4]} != *"; export "* ]]; then
	echo "plan-job: not a line of a deadrelu plan: $line" >&2
	exit 2
fi
file=${words[4]##*; export }
if [ -e "$file" ]; then
	echo "plan-job: $file is there: skipped"
	exit 0
fi
mkdir -p "$(dirname "$file")"
exec "${DEADRELU:-deadrelu}" "${words[@]:1}"
