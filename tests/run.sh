#!/usr/bin/env bash
# tests/run.sh - runs every test layer behind `make test` and ends with the
# line "N passed, N failed". Each layer prints "PASS name" / "FAIL name: why".
#
# The test programs are independent (each makes its own temporary files and
# tmux server), so they run concurrently, the longest first by the times of
# the last run (build/test-times), in two pools: the programs that compute,
# TEST_JOBS at a time (default: the CPUs plus one, as several of them spend
# part of their time waiting: naps before a cancel, a signal's delivery,
# corpus inputs that sleep), and beside them the
# screen tests (tests/tui), which mostly wait for tmux and the program to
# draw, TEST_SCREEN_JOBS at a time (default 2; their timed checks allow ten
# times the design figures). A program still running after TEST_TIMEOUT
# seconds (default 600) is stopped and counts as failed. The programs that
# time nothing run niced (TEST_NICE, below).
# Each writes into a file of its own; the report comes in the fixed order
# below, as a program ahead of it in that order finishes. A program that
# crashes, is killed or reports no checks counts as a failure with a line
# saying so; Ctrl-C (or SIGTERM) stops every program and its children.
set -u
cd "$(dirname "$0")/.."
export INPUTRC=/dev/null LC_ALL=C.UTF-8
pass=0
fail=0
failed_names=()

# Counts PASS/FAIL lines of one test program's output; a program that exits
# non-zero without reporting a failure counts as one failure (a crash).
count() {
	local name=$1 status=$2 out=$3
	local p f
	p=$(grep -c '^PASS ' <<<"$out")
	f=$(grep -c '^FAIL ' <<<"$out")
	grep '^FAIL ' <<<"$out"
	if [ "$status" = timeout ]; then
		echo "FAIL $name: still running after $timeout_s s (stopped)"
		tail -n 3 <<<"$out" | sed 's/^/    /'
		f=$((f + 1))
	elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		if [ "$status" -gt 128 ] && [ "$status" -lt 160 ]; then
			echo "FAIL $name: killed by SIG$(kill -l $((status - 128)) 2>/dev/null || echo "nal $((status - 128))") (status $status)"
		else
			echo "FAIL $name: exited with status $status"
		fi
		{
			grep '^SUMMARY: ' <<<"$out" # a sanitizer's one-line verdict
			tail -n 5 <<<"$out" | grep -v '^SUMMARY: '
		} | sed 's/^/    /'
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name: reported no checks"
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" -gt 0 ] && failed_names+=("$name")
	printf '%-40s %4d passed %4d failed\n' "$name" "$p" "$f"
}

# ---- how a program runs (in a background job; output is what it prints) ----

sanitized() {
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$@"
}

tsan() {
	local out status
	out=$(TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 "$1" 2>&1)
	status=$?
	# gcc 12's TSan cannot map its shadow memory under the wider address
	# randomisation of newer kernels; without randomisation it can.
	if [[ $out == *"unexpected memory mapping"* ]] && command -v setarch >/dev/null; then
		out=$(TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 setarch "$(uname -m)" -R "$1" 2>&1)
		status=$?
	fi
	printf '%s\n' "$out"
	return "$status"
}

mandoc_lint() {
	# The cross-reference check against the system's mandoc.db says nothing
	# about the page itself (and depends on what else is installed).
	local lint
	lint=$(mandoc -Tlint "$1" 2>&1 | grep -v -e 'STYLE: ' -e 'mandoc\.db')
	if [ -z "$lint" ]; then
		echo "PASS mandoc -Tlint ${1##*/}"
	else
		echo "FAIL mandoc -Tlint ${1##*/}: $lint"
		return 1
	fi
}

# ---- the plan, in report order: headings and programs ----

item_name=() # a program's name, or "" for a heading
item_text=() # the heading, or the program's command (quoted for eval)

heading() {
	item_name+=("")
	item_text+=("$1")
}

# program NAME COMMAND... (only the names TEST_ONLY matches, an extended
# regular expression, when it is set: TEST_ONLY='^cli/' bash tests/run.sh)
program() {
	local name=$1 cmd
	shift
	[[ -z ${TEST_ONLY:-} || $name =~ $TEST_ONLY ]] || return 0
	printf -v cmd '%q ' "$@"
	item_name+=("$name")
	item_text+=("$cmd")
}

heading "== unit tests (C) =="
for t in build/tests/test_*; do
	[ -x "$t" ] && program "unit/${t##*/}" "$t"
done
heading "== unit tests under AddressSanitizer/UBSan =="
for t in build/asan/tests/test_*; do
	[ -x "$t" ] && program "asan/${t##*/}" sanitized "$t"
done
heading "== unit tests under ThreadSanitizer =="
for t in build/tsan/tests/test_*; do
	[ -x "$t" ] && program "tsan/${t##*/}" tsan "$t"
done
heading "== fuzz corpus replay =="
for t in build/asan/fuzz/fuzz_*; do
	[ -x "$t" ] && [ -d "tests/fuzz/corpus/${t##*/}" ] &&
		program "fuzz/${t##*/}" sanitized "$t" "tests/fuzz/corpus/${t##*/}"
done
heading "== golden outputs =="
program "golden" bash tests/golden/run.sh
heading "== command line and command language =="
for t in tests/cli/test_*.sh; do
	[ -f "$t" ] && program "cli/${t##*/}" bash "$t"
done
heading "== Lua API =="
for t in tests/lua/test_*.lua; do
	[ -f "$t" ] && program "lua/${t##*/}" ./deadrelu "$t"
done
heading "== Python =="
for t in tests/python/test_*.sh; do
	[ -f "$t" ] && program "python/${t##*/}" bash "$t"
done
heading "== screen (tmux) =="
for t in tests/tui/test_*.sh; do
	[ -f "$t" ] && program "tui/${t##*/}" bash "$t"
done
heading "== manual pages =="
for m in man/*.[0-9]; do
	[ -f "$m" ] && program "man/${m##*/}" mandoc_lint "$m"
done

# ---- running it ----

count_arg() { # VALUE DEFAULT: VALUE if a whole number from 1, else DEFAULT
	if [[ $1 =~ ^[1-9][0-9]*$ ]]; then echo "$1"; else echo "$2"; fi
}
jobs_max=$(count_arg "${TEST_JOBS:-}" "$(($(nproc 2>/dev/null || echo 1) + 1))")
screen_max=$(count_arg "${TEST_SCREEN_JOBS:-}" 2)
timeout_s=$(count_arg "${TEST_TIMEOUT:-}" 600)
# The programs whose checks time the program (cancelling, Ctrl-C, the
# screen answering) run at the normal priority; the rest at nice
# TEST_NICE (default 10), so that on a busy machine the timed ones get the
# CPU when they need it and the rest have what is left. Nothing is slower
# for it when the machine is otherwise idle.
timed_re='(^|/)test_(cancel|sim|strlib|data)$|^cli/test_(sandbox|scripts)\.sh$|^python/|^tui/'
bulk_nice=$(count_arg "${TEST_NICE:-}" 10)
# "SECONDS NAME CPU-SECONDS START" per program from the last run: wall and
# CPU seconds, and when it started (seconds after the first).
times_file=build/test-times
suite_t0=$EPOCHREALTIME
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Interrupted: the running programs go too, not only the jobs waiting on
# them (a test's own traps then clean up its tmux server and files). The
# children first, so none is left to its parent's end.
kill_tree() {
	local c
	for c in $(pgrep -P "$1" 2>/dev/null); do
		kill_tree "$c"
	done
	kill "$1" 2>/dev/null
}
stop_all() {
	local j
	trap '' INT TERM
	for j in $(jobs -p); do
		kill_tree "$j"
	done
	wait
	echo "interrupted: $pass passed, $fail failed before the stop"
	exit 130
}
trap stop_all INT TERM

# Runs item i; its status file ("timeout" or the exit status) appears when
# its output is complete. A watchdog stops it after timeout_s seconds.
run_item() {
	local i=$1 t0=$EPOCHREALTIME status pid dog
	(
		# what times nothing yields the CPU to what does
		[[ ${item_name[i]} =~ $timed_re ]] || renice -n "$bulk_nice" -p "$BASHPID" >/dev/null 2>&1
		eval "${item_text[i]}"
	) >"$tmp/$i.out" 2>&1 </dev/null &
	pid=$!
	# (read -t waits without a process of its own, so killing the watchdog
	# leaves nothing behind)
	(
		read -r -t "$timeout_s" _ <> <(:)
		: >"$tmp/$i.timedout"
		kill_tree "$pid"
	) &
	dog=$!
	wait "$pid"
	status=$?
	kill "$dog" 2>/dev/null
	wait "$dog" 2>/dev/null
	[ -f "$tmp/$i.timedout" ] && status=timeout
	# CPU: this job's children (the program and what it waited for; not a
	# daemon it left, such as a tmux server).
	local t1=$EPOCHREALTIME
	times >"$tmp/$i.cpu"
	echo "$t0 $t1 $(tail -n 1 "$tmp/$i.cpu")" >"$tmp/$i.time"
	echo "$status" >"$tmp/$i.st.tmp"
	mv "$tmp/$i.st.tmp" "$tmp/$i.status"
}

# Items of one pool ("screen" or "compute"), the longest first (a program
# without a time is new: first of all), else in report order.
launch_order() {
	local pool=$1 i t name
	declare -A last=()
	if [ -f "$times_file" ]; then
		while read -r t name _; do
			last[$name]=$t
		done <"$times_file"
	fi
	for i in "${!item_name[@]}"; do
		[ -n "${item_name[i]}" ] || continue
		[[ ${item_name[i]} == tui/* ]] && [ "$pool" = screen ] || { [[ ${item_name[i]} != tui/* ]] && [ "$pool" = compute ]; } || continue
		echo "${last[${item_name[i]}]:-1e9} $i"
	done | sort -k1,1gr -k2,2n | cut -d' ' -f2
}

# Prints the report up to the first program still running.
next=0
report() {
	while [ "$next" -lt "${#item_name[@]}" ]; do
		if [ -z "${item_name[next]}" ]; then
			echo "${item_text[next]}"
		elif [ -f "$tmp/$next.status" ]; then
			count "${item_name[next]}" "$(<"$tmp/$next.status")" "$(<"$tmp/$next.out")"
		else
			return
		fi
		next=$((next + 1))
	done
}

# count_running: how many launched programs of each pool have not
# finished (n_compute, n_screen).
declare -A launched=() # item -> pool
count_running() {
	local i
	n_compute=0 n_screen=0
	for i in "${!launched[@]}"; do
		[ -f "$tmp/$i.status" ] && continue
		if [ "${launched[$i]}" = screen ]; then
			n_screen=$((n_screen + 1))
		else
			n_compute=$((n_compute + 1))
		fi
	done
}
# launch_next POOL QUEUE RUNNING MAX: starts the head of the array named
# QUEUE in POOL if fewer than MAX of it run; false if it did not.
launch_next() {
	local -n queue=$2
	[ "${#queue[@]}" -gt 0 ] && [ "$3" -lt "$4" ] || return 1
	local i=${queue[0]}
	queue=("${queue[@]:1}")
	launched[$i]=$1
	run_item "$i" &
}
mapfile -t queue_compute < <(launch_order compute)
mapfile -t queue_screen < <(launch_order screen)
while :; do
	started=0
	count_running
	launch_next compute queue_compute "$n_compute" "$jobs_max" && started=1
	launch_next screen queue_screen "$n_screen" "$screen_max" && started=1
	[ "$started" = 1 ] && continue
	[ $((n_compute + n_screen)) -eq 0 ] && break # (and both queues are empty)
	wait -n
	report
done
wait
report

# The times of the programs that ran, and the last ones of those that did
# not (TEST_ONLY).
if [ -d build ]; then
	{
		for i in "${!item_name[@]}"; do
			[ -f "$tmp/$i.time" ] || continue
			read -r t0 t1 u s <"$tmp/$i.time"
			awk -v a="$t0" -v b="$t1" -v u="$u" -v s="$s" -v n="${item_name[i]}" -v t="$suite_t0" '
				function sec(x) { split(x, p, /[ms]/); return p[1] * 60 + p[2] }
				BEGIN { printf "%.1f %s %.1f %.1f\n", b - a, n, sec(u) + sec(s), a - t }'
		done >"$tmp/times.new"
		cat "$tmp/times.new"
		if [ -f "$times_file" ]; then
			awk 'NR == FNR { ran[$2] = 1; next } !($2 in ran)' "$tmp/times.new" "$times_file"
		fi
	} >"$times_file.tmp" && mv "$times_file.tmp" "$times_file"
fi

if [ "${#failed_names[@]}" -gt 0 ]; then
	echo "failing: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
