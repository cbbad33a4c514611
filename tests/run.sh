#!/usr/bin/env bash
# tests/run.sh - runs every test layer behind `make test` and ends with the
# line "N passed, N failed". Each layer prints "PASS name" / "FAIL name: why".
#
# The test programs are independent (each makes its own temporary files and
# tmux server), so they run concurrently: TEST_JOBS at a time (default 2,
# which a two-core machine takes without making the timed screen tests
# flaky), the longest first by the times of the last run (build/test-times).
# Each writes into a file of its own; the report comes in the fixed order
# below, as a program ahead of it in that order finishes.
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
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name: exited with status $status"
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

# program NAME COMMAND...
program() {
	local name=$1 cmd
	shift
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
heading "== screen (tmux) =="
for t in tests/tui/test_*.sh; do
	[ -f "$t" ] && program "tui/${t##*/}" bash "$t"
done
heading "== manual pages =="
for m in man/*.[0-9]; do
	[ -f "$m" ] && program "man/${m##*/}" mandoc_lint "$m"
done

# ---- running it ----

jobs_max=${TEST_JOBS:-2}
[[ $jobs_max =~ ^[1-9][0-9]*$ ]] || jobs_max=2
times_file=build/test-times # "SECONDS NAME CPU-SECONDS" per program, from the last run
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Interrupted: the running programs go too, not only the jobs waiting on
# them (a test's own traps then clean up its tmux server and files).
kill_tree() {
	local c
	for c in $(pgrep -P "$1" 2>/dev/null); do
		kill_tree "$c"
	done
	kill "$1" 2>/dev/null
}
stop_all() {
	local j
	for j in $(jobs -p); do
		kill_tree "$j"
	done
	exit 130
}
trap stop_all INT TERM

# Runs item i; its status file appears when its output is complete.
run_item() {
	local i=$1 t0=$EPOCHREALTIME status
	(eval "${item_text[i]}") >"$tmp/$i.out" 2>&1 </dev/null
	status=$?
	# CPU: this job's children (the program and what it waited for; not a
	# daemon it left, such as a tmux server).
	local t1=$EPOCHREALTIME
	times >"$tmp/$i.cpu"
	echo "$t0 $t1 $(tail -n 1 "$tmp/$i.cpu")" >"$tmp/$i.time"
	echo "$status" >"$tmp/$i.st.tmp"
	mv "$tmp/$i.st.tmp" "$tmp/$i.status"
}

# The longest first (a program without a time is new: first of all), else
# in report order.
launch_order() {
	local i t name
	declare -A last=()
	if [ -f "$times_file" ]; then
		while read -r t name _; do
			last[$name]=$t
		done <"$times_file"
	fi
	for i in "${!item_name[@]}"; do
		[ -n "${item_name[i]}" ] || continue
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
			count "${item_name[next]}" "$(cat "$tmp/$next.status")" "$(cat "$tmp/$next.out")"
		else
			return
		fi
		next=$((next + 1))
	done
}

running=0
wait_one() {
	wait -n
	running=$((running - 1))
	report
}
for i in $(launch_order); do
	while [ "$running" -ge "$jobs_max" ]; do
		wait_one
	done
	run_item "$i" &
	running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
	wait_one
done
report

if [ -d build ]; then
	for i in "${!item_name[@]}"; do
		[ -f "$tmp/$i.time" ] || continue
		read -r t0 t1 u s <"$tmp/$i.time"
		awk -v a="$t0" -v b="$t1" -v u="$u" -v s="$s" -v n="${item_name[i]}" '
			function sec(x) { split(x, p, /[ms]/); return p[1] * 60 + p[2] }
			BEGIN { printf "%.1f %s %.1f\n", b - a, n, sec(u) + sec(s) }'
	done >"$times_file.tmp" && mv "$times_file.tmp" "$times_file"
fi

if [ "${#failed_names[@]}" -gt 0 ]; then
	echo "failing: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
