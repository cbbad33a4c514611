#!/usr/bin/env bash
# tests/cli/test_affinity.sh - threads 0 means the CPUs the process may run
# on (a job scheduler's share of the node, taskset), not every CPU of the
# machine: a run pinned to one CPU has one worker beside the main thread,
# one free to run anywhere has one per online CPU. Counted in
# /proc/PID/task while a long run goes. Prints "PASS affinity/NAME" /
# "FAIL affinity/NAME: why".
. "$(dirname "$0")/lib.sh" affinity

if ! command -v taskset >/dev/null; then
	fail taskset "taskset (util-linux) is not installed"
	exit 0
fi
# threads of a long simulate started under taskset -c CPUS, once it runs
threads_with() {
	taskset -c "$1" "$D" -c 'set trials 100000000 depth 200; simulate' >/dev/null 2>&1 &
	local pid=$! n=0 i
	for ((i = 0; i < 50; i++)); do
		n=$(ls "/proc/$pid/task" 2>/dev/null | wc -l)
		[ "$n" -gt 1 ] && break
		sleep 0.1
	done
	sleep 0.3 # (every worker started)
	n=$(ls "/proc/$pid/task" 2>/dev/null | wc -l)
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	echo "$n"
}
one=$(threads_with 0)
check one_cpu "pinned to CPU 0, the run has $one threads (want 2: main and one worker)" test "$one" = 2
ncpu=$(getconf _NPROCESSORS_ONLN)
all=$(threads_with "0-$((ncpu - 1))")
check all_cpus "free on $ncpu CPUs, the run has $all threads (want $((ncpu + 1)))" test "$all" = $((ncpu + 1))
