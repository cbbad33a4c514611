#!/usr/bin/env bash
# scripts/slurm/job.sh PLAN - the body of one task of a Slurm job array over
# a deadrelu plan: task i runs line i of PLAN (what `deadrelu -c 'plan DIR
# SHARDS ...'` prints) through scripts/plan-job.sh, which skips it when its
# shard file is already there. submit.sh submits it as
# sbatch --array=1-LINES; run by hand, set SLURM_ARRAY_TASK_ID yourself.
#SBATCH --job-name=deadrelu
#SBATCH --cpus-per-task=1
#SBATCH --output=deadrelu-%A_%a.out
set -eu
plan=${1:?usage: job.sh PLAN (as a task of sbatch --array=1-LINES)}
i=${SLURM_ARRAY_TASK_ID:?job.sh: SLURM_ARRAY_TASK_ID is not set (run it as an array task, or set it by hand)}
[[ $i =~ ^[1-9][0-9]*$ ]] || { echo "job.sh: bad SLURM_ARRAY_TASK_ID '$i' (allowed: 1, 2, ...)" >&2; exit 2; }
# a plan longer than the cluster's MaxArraySize goes in chunks: line
# DEADRELU_OFFSET + i (submit.sh sets it)
off=${DEADRELU_OFFSET:-0}
[[ $off =~ ^[0-9]+$ ]] || { echo "job.sh: bad DEADRELU_OFFSET '$off' (allowed: 0, 1, ...)" >&2; exit 2; }
n=$((off + i))
line=$(sed -n "${n}p" "$plan")
[ -n "$line" ] || { echo "job.sh: $plan has no line $n" >&2; exit 2; }
# sbatch runs a copy of this script: the repository's scripts are found
# from where it was submitted (DEADRELU_SCRIPTS, set by submit.sh).
scripts=${DEADRELU_SCRIPTS:-$(cd "$(dirname "$0")/.." && pwd)}
export DEADRELU=${DEADRELU:-deadrelu}
exec "$scripts/plan-job.sh" "$line"
