#!/usr/bin/env bash
# tests/golden/run.sh - golden-output regression tests.
#
# Each case is one file in this directory:
#   NAME.cmd       a command string, run as  deadrelu -c "$(cat NAME.cmd)"
#   NAME.json.cmd  the same with --json
#   NAME.lua       a Lua script, run as      deadrelu NAME.lua
# with its expected stdout in NAME.out and, when the exit status is not 0,
# the expected status in NAME.status. Timing varies between runs, so the
# seconds ("0.05 s)" in text, "seconds":0.0123 in JSON) are masked to X before
# comparing. Prints "PASS golden/NAME" or "FAIL golden/NAME: why" plus a
# unified diff.
#
#   UPDATE=1 bash tests/golden/run.sh      regenerate every .out / .status
#   bash tests/golden/run.sh NAME ...      run only these cases
set -u
cd "$(dirname "$0")/../.."
DEADRELU=${DEADRELU:-./deadrelu}
dir=tests/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

mask() {
	sed -E -e 's/[0-9]+(\.[0-9]+)? s\)/X s)/g' \
		-e 's/"seconds":[-+0-9.eE]+/"seconds":X/g'
}

if [ ! -x "$DEADRELU" ]; then
	echo "FAIL golden: $DEADRELU is not built (run make)"
	exit 1
fi

cases=()
if [ $# -gt 0 ]; then
	cases=("$@")
else
	for f in "$dir"/*.cmd "$dir"/*.lua; do
		[ -f "$f" ] || continue
		n=${f##*/}
		cases+=("${n%.*}")
	done
fi
if [ ${#cases[@]} -eq 0 ]; then
	echo "FAIL golden: no cases in $dir"
	exit 1
fi

for name in "${cases[@]}"; do
	base=$dir/$name
	if [ -f "$base.cmd" ]; then
		if [[ $name == *.json ]]; then
			"$DEADRELU" --json -c "$(cat "$base.cmd")" >"$tmp/raw" 2>"$tmp/err"
		else
			"$DEADRELU" -c "$(cat "$base.cmd")" >"$tmp/raw" 2>"$tmp/err"
		fi
		status=$?
	elif [ -f "$base.lua" ]; then
		"$DEADRELU" "$base.lua" >"$tmp/raw" 2>"$tmp/err"
		status=$?
	else
		echo "FAIL golden/$name: no $base.cmd or $base.lua"
		continue
	fi
	mask <"$tmp/raw" >"$tmp/got"
	want_status=0
	[ -f "$base.status" ] && want_status=$(cat "$base.status")

	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/got" "$base.out"
		if [ "$status" -ne 0 ]; then echo "$status" >"$base.status"; else rm -f "$base.status"; fi
		echo "PASS golden/$name (updated, status $status)"
		continue
	fi
	if [ ! -f "$base.out" ]; then
		echo "FAIL golden/$name: no expected output $base.out (generate with UPDATE=1, then check it)"
		continue
	fi
	why=()
	[ "$status" -ne "$want_status" ] && why+=("exit status $status, expected $want_status")
	cmp -s "$base.out" "$tmp/got" || why+=("stdout differs from $base.out")
	if [ ${#why[@]} -eq 0 ]; then
		echo "PASS golden/$name"
	else
		msg=$(printf '%s; ' "${why[@]}")
		echo "FAIL golden/$name: ${msg%; }"
		diff -u "$base.out" "$tmp/got" | sed 's/^/    /'
		if [ -s "$tmp/err" ]; then
			echo "    stderr:"
			sed 's/^/    | /' "$tmp/err"
		fi
	fi
done
