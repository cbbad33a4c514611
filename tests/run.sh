#!/usr/bin/env bash
# tests/run.sh - runs every test layer behind `make test` and ends with the
# line "N passed, N failed". Each layer prints "PASS name" / "FAIL name: why".
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

run() {
	local name=$1
	shift
	local out status
	out=$("$@" 2>&1)
	status=$?
	count "$name" "$status" "$out"
}

echo "== unit tests (C) =="
for t in build/tests/test_*; do
	[ -x "$t" ] && run "unit/${t##*/}" "$t"
done
echo "== unit tests under AddressSanitizer/UBSan =="
for t in build/asan/tests/test_*; do
	[ -x "$t" ] && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		run "asan/${t##*/}" "$t"
done
echo "== unit tests under ThreadSanitizer =="
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
for t in build/tsan/tests/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	status=$?
	# gcc 12's TSan cannot map its shadow memory under the wider address
	# randomisation of newer kernels; without randomisation it can.
	if [[ $out == *"unexpected memory mapping"* ]] && command -v setarch >/dev/null; then
		out=$(setarch "$(uname -m)" -R "$t" 2>&1)
		status=$?
	fi
	count "tsan/${t##*/}" "$status" "$out"
done
unset TSAN_OPTIONS

echo "== golden outputs =="
run "golden" bash tests/golden/run.sh

echo "== command line and command language =="
for t in tests/cli/test_*.sh; do
	[ -f "$t" ] && run "cli/${t##*/}" bash "$t"
done

echo "== Lua API =="
for t in tests/lua/test_*.lua; do
	[ -f "$t" ] && run "lua/${t##*/}" ./deadrelu "$t"
done

echo "== screen (tmux) =="
for t in tests/tui/test_*.sh; do
	[ -f "$t" ] && run "tui/${t##*/}" bash "$t"
done

echo "== manual pages =="
for m in man/*.[0-9]; do
	[ -f "$m" ] || continue
	# The cross-reference check against the system's mandoc.db says nothing
	# about the page itself (and depends on what else is installed).
	lint=$(mandoc -Tlint "$m" 2>&1 | grep -v -e 'STYLE: ' -e 'mandoc\.db')
	if [ -z "$lint" ]; then
		count "man/${m##*/}" 0 "PASS mandoc -Tlint ${m##*/}"
	else
		count "man/${m##*/}" 1 "FAIL mandoc -Tlint ${m##*/}: $lint"
	fi
done

if [ "${#failed_names[@]}" -gt 0 ]; then
	echo "failing: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
