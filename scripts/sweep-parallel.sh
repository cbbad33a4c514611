#!/usr/bin/env bash
# scripts/sweep-parallel.sh [-j JOBS] [-S HOSTS] [--joblog FILE] PLAN
#
# Runs the job list PLAN (what `deadrelu -c 'plan DIR SHARDS ...'` prints)
# with GNU parallel, here or on other machines (-S host1,host2, as parallel
# takes it; ':' is this one), and is resumable: a job whose shard file is
# already there is skipped (scripts/plan-job.sh; the files are written
# atomically, so one that is there is whole), so running it again after a
# crash or a Ctrl-C runs only what is missing. The joblog (default
# PLAN.joblog) records the run: each job's host, time and exit status.
# Then `deadrelu merge` adds each cell's shards up.
#
# On other machines deadrelu must be in PATH (or DEADRELU set there) and the
# plan's DIR on a file system they share with this one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jobs=0 hosts= joblog=
while [ $# -gt 0 ]; do
	case $1 in
	-j) jobs=${2:?-j needs a number}; shift 2 ;;
	-S) hosts=${2:?-S needs host names}; shift 2 ;;
	--joblog) joblog=${2:?--joblog needs a file}; shift 2 ;;
	-h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "sweep-parallel: unknown option '$1' (allowed: -j JOBS, -S HOSTS, --joblog FILE)" >&2; exit 2 ;;
	*) break ;;
	esac
done
plan=${1:?usage: sweep-parallel.sh [-j JOBS] [-S HOSTS] [--joblog FILE] PLAN}
[ -r "$plan" ] || { echo "sweep-parallel: cannot read the plan '$plan'" >&2; exit 2; }
command -v parallel >/dev/null || { echo "sweep-parallel: GNU parallel is not installed (Debian: parallel)" >&2; exit 2; }
[[ $jobs =~ ^[0-9]+$ ]] || { echo "sweep-parallel: bad -j '$jobs' (allowed: a whole number, 0 for one per core)" >&2; exit 2; }
joblog=${joblog:-$plan.joblog}

args=(--will-cite --halt never --joblog "$joblog" -j "$jobs")
[ -n "$hosts" ] && args+=(-S "$hosts")
export DEADRELU=${DEADRELU:-deadrelu}
# One job per line, the line as one argument of plan-job.sh (-q keeps it whole).
parallel "${args[@]}" --env DEADRELU -q "$here/plan-job.sh" {} <"$plan"
