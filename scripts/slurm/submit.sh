#!/usr/bin/env bash
# scripts/slurm/submit.sh PLAN [SBATCH OPTION ...] - submits a deadrelu plan
# (what `deadrelu -c 'plan DIR SHARDS ...'` prints) as Slurm job arrays, one
# task a line (scripts/slurm/job.sh), in chunks of the cluster's
# MaxArraySize; options after PLAN go to sbatch (--partition, --time, ...).
# Prints the job ids. Submitting again after a failure runs only the lines
# whose shard files are missing (they are skipped inside the task).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
plan=${1:?usage: submit.sh PLAN [SBATCH OPTION ...]}
shift
[ -r "$plan" ] || { echo "submit: cannot read the plan '$plan'" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "submit: sbatch not found (is this a Slurm login node?)" >&2; exit 2; }
plan=$(cd "$(dirname "$plan")" && pwd)/$(basename "$plan")
lines=$(grep -c . "$plan" || true)
[ "$lines" -gt 0 ] || { echo "submit: the plan '$plan' has no jobs" >&2; exit 2; }
max=$(scontrol show config 2>/dev/null | awk '$1 == "MaxArraySize" { print $3 - 1 }')
max=${max:-1000}
for ((off = 0; off < lines; off += max)); do
	n=$((lines - off < max ? lines - off : max))
	sbatch --parsable --array=1-"$n" --export=ALL,DEADRELU_OFFSET="$off",DEADRELU_SCRIPTS="${here%/slurm}" \
		"$@" "$here/job.sh" "$plan"
done
