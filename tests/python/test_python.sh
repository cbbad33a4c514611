#!/usr/bin/env bash
# tests/python/test_python.sh - the Python package python/deadrelu: its API
# (tests/python/api_checks.py, run twice: with numpy when it can be
# imported, and with numpy made unimportable, so the list path always
# runs), where it finds the library, the example of python/README (run as
# it is, with matplotlib if there is one, and always without), and `make
# install` into temporary prefixes, imported from there by the line of
# issue 12. Uses Debian's /usr/bin/python3 where it exists (numpy is
# there), else python3. Prints "PASS python/NAME" / "FAIL python/NAME: why".
. "$(dirname "$0")/../cli/lib.sh" python
unset MAKEFLAGS MFLAGS MAKELEVEL DESTDIR PREFIX LIBDIR PYTHONDIR DEADRELU_LIBRARY PYTHONHOME PYTHONPATH
export PYTHONDONTWRITEBYTECODE=1

PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
if ! command -v "$PY" >/dev/null; then
	fail interpreter "no python3 to run the package with"
	exit 1
fi
minor=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
pass "interpreter ($PY, Python $minor)"
so=$ROOT/build/libdeadrelu.so.0
if [ ! -e "$so" ]; then
	fail build "$so is not built (run make)"
	exit 1
fi
export DEADRELU=$D TMPDIR_CHECKS=$tmp/checks
mkdir -p "$TMPDIR_CHECKS" "$tmp/elsewhere"

# at DIR [VAR=VALUE ...] ARGS...: the interpreter in DIR (with the
# variables given); sets out (stdout and stderr) and st.
at() {
	local dir=$1
	shift
	out=$(cd "$dir" && env "$@" 2>&1 </dev/null)
	st=$?
}
# tree_py [VAR=VALUE ...] ARGS...: $PY at the top of the tree, with the
# package of the tree.
tree_py() { at "$ROOT" PYTHONPATH="$ROOT/python" "$@"; }
# relay NAME: the PASS/FAIL lines of the last run, and a FAIL NAME if it
# ended badly without reporting one (a traceback).
relay() {
	grep -E '^(PASS|FAIL) ' <<<"$out"
	if [ "$st" -ne 0 ] && ! grep -q '^FAIL ' <<<"$out"; then
		fail "$1" "exited with status $st: $(oneline "$(tail -n 6 <<<"$out")")"
	fi
}
# json_get JSON PYTHON-EXPRESSION-OF-j: prints the value.
json_get() { "$PY" -c 'import json, sys; j = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"; }

# ---- the API, with numpy and without ----
if "$PY" -c 'import numpy' 2>/dev/null; then
	tree_py WANT_LIBRARY="$so" timeout 300 "$PY" tests/python/api_checks.py numpy
	relay api.numpy
else
	pass "api.numpy: $PY cannot import numpy, so by_depth is lists there: the list path below is what runs"
fi
tree_py WANT_LIBRARY="$so" timeout 300 "$PY" tests/python/api_checks.py list
relay api.list

# ---- finding the library ----
tree_py DEADRELU_LIBRARY="$ROOT/build/libdeadrelu.so.0.1.0" "$PY" -c \
	'import deadrelu; print(deadrelu.library, deadrelu.min_width(1000, 0.9))'
check find.env "DEADRELU_LIBRARY=build/libdeadrelu.so.0.1.0: $(oneline "$out")" \
	test "$st:$out" = "0:$ROOT/build/libdeadrelu.so.0.1.0 14"
tree_py DEADRELU_LIBRARY="$tmp/none.so" "$PY" -c 'import deadrelu'
check find.env_missing "DEADRELU_LIBRARY of no file: $(oneline "$out")" \
	eval '[ "$st" -ne 0 ] && [[ $out == *"ImportError: deadrelu: cannot load DEADRELU_LIBRARY=$tmp/none.so"* ]]'
# A copy of the package away from the tree and from any LIBDIR: only the
# loader can find the library, here through LD_LIBRARY_PATH.
mkdir -p "$tmp/away/site" && cp -r python/deadrelu "$tmp/away/site/"
at "$tmp/elsewhere" PYTHONPATH="$tmp/away/site" LD_LIBRARY_PATH="$ROOT/build" "$PY" -c \
	'import deadrelu; print(deadrelu.library, deadrelu.min_width(1000, 0.9))'
check find.loader "through LD_LIBRARY_PATH: $(oneline "$out")" test "$st:$out" = "0:libdeadrelu.so.0 14"
if ldconfig -p 2>/dev/null | grep -q 'libdeadrelu\.so\.0 '; then
	pass "find.none: the loader's cache has a libdeadrelu.so.0 installed on this machine, so a package without one cannot be tried here"
else
	at "$tmp/elsewhere" PYTHONPATH="$tmp/away/site" "$PY" -c 'import deadrelu'
	check find.none "with no library anywhere: $(oneline "$out")" \
		eval '[ "$st" -ne 0 ] && [[ $out == *"ImportError: deadrelu: libdeadrelu not found"*"tried: "* ]]'
fi

# ---- the example of python/README ----
# Its settings, which the expected values are computed for:
ex_settings='set depth 30 width 4 trials 4000 seed 1'
awk '/^```python$/ { on = 1; next } on && /^```$/ { exit } on' python/README >"$tmp/p_alive.py"
check example.extracted "no \`\`\`python block in python/README" test -s "$tmp/p_alive.py"
ex_json=$("$D" --json -c "$ex_settings; simulate" </dev/null)
# The lines it prints at depths 1, 10, 20, 30: the command line's
# simulation and the closed form of the lower bound.
ex_want=$(for k in 1 10 20 30; do
	json_get "$ex_json" "'depth %2d: P(alive) %.4f [%.4f, %.4f], lower bound ' % (($k,) + tuple(j['by_depth'][$k - 1][f] for f in ('alive', 'alive_lo', 'alive_hi')))" |
		tr -d '\n'
	awk -v k="$k" 'BEGIN { printf "%.4f\n", (1 - 2 ^ -4) ^ k }'
done)
# run_example NAME BLOCKED: runs it in a directory of its own with the
# modules BLOCKED (space-separated) unimportable; checks its table.
run_example() {
	local name=$1 blocked=$2 dir=$tmp/example.$1
	mkdir -p "$dir"
	at "$dir" PYTHONPATH="$ROOT/python" "$PY" -c '
import runpy, sys
for m in sys.argv[2].split():
    sys.modules[m] = None
runpy.run_path(sys.argv[1], run_name="__main__")' "$tmp/p_alive.py" "$blocked"
	local table
	table=$(grep '^depth ' <<<"$out")
	check "example.$name" "status $st, printed '$(oneline "$out")', want the table '$(oneline "$ex_want")'" \
		test "$st:$table" = "0:$ex_want"
}
if "$PY" -c 'import matplotlib' 2>/dev/null; then
	run_example matplotlib ""
	check example.matplotlib_png "with matplotlib: $(oneline "$out"); p_alive.png: $(file "$tmp/example.matplotlib/p_alive.png" 2>&1)" \
		eval '[[ $out == *"wrote p_alive.png"* ]] && [ "$(head -c 8 "$tmp/example.matplotlib/p_alive.png" | od -An -tx1 | tr -d " ")" = 89504e470d0a1a0a ]'
else
	run_example as_is ""
	check example.as_is_no_matplotlib "$PY has no matplotlib: the example must say so and draw nothing: $(oneline "$out")" \
		eval '[[ $out == *"matplotlib not found"* ]] && [ ! -e "$tmp/example.as_is/p_alive.png" ]'
fi
run_example without_matplotlib "matplotlib"
check example.without_matplotlib_says "with matplotlib unimportable: $(oneline "$out")" \
	eval '[[ $out == *"matplotlib not found"* ]] && [ ! -e "$tmp/example.without_matplotlib/p_alive.png" ]'
run_example without_numpy "matplotlib numpy"

# ---- the example of deadrelu(1), as mandoc renders it ----
mandoc -Tascii man/deadrelu.1 2>/dev/null | awk "/PYTHONPATH=python python3 - <<'EOF'/ { on = 1; next } on && /^ *EOF\$/ { exit } on" |
	"$PY" -c 'import sys, textwrap; sys.stdout.write(textwrap.dedent(sys.stdin.read()))' >"$tmp/man_example.py"
check man_example.extracted "no Python example in deadrelu(1)'s EXAMPLES" grep -q 'import deadrelu' "$tmp/man_example.py"
man_want=$(for k in 1 10 20 30; do
	json_get "$ex_json" "'depth %2d: P(alive) %.4f, lower bound ' % ($k, j['by_depth'][$k - 1]['alive'])" | tr -d '\n'
	awk -v k="$k" 'BEGIN { printf "%.4f\n", (1 - 2 ^ -4) ^ k }'
done)
at "$tmp" PYTHONPATH="$ROOT/python" "$PY" "$tmp/man_example.py"
check man_example.runs "deadrelu(1)'s Python example: status $st, printed '$(oneline "$out")', want '$(oneline "$man_want")'" \
	test "$st:$out" = "0:$man_want"

# ---- make install ----
# mk NAME ARGS...: make -s ARGS; the test ends if it fails.
mk() {
	local name=$1 o
	shift
	if o=$(make -s "$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "make $* failed: $(oneline "$o")"
		exit 1
	fi
}
tree() { (cd "$1" 2>/dev/null && find . | sort); }
P=$tmp/prefix
pydir=$P/lib/python$minor/dist-packages
# The directories install writes into, holding someone else's files.
mkdir -p "$P/lib/pkgconfig" "$P/include" "$P/bin" "$P/share/man/man1" "$P/share/man/man3" "$P/share/man/man7" "$pydir/other"
# (Lua's C module directory: install writes it, uninstall leaves it to other modules)
cmod=$(pkg-config --define-variable=prefix="$P" --variable=INSTALL_CMOD lua5.4 2>/dev/null)
mkdir -p "${cmod:-$P/lib/lua/5.4}"
touch "$P/lib/libother.so" "$pydir/other/__init__.py"
before=$(tree "$P")
mk install.prefix install PREFIX="$P"
check install.files "not in $pydir/deadrelu: $(ls "$pydir/deadrelu" 2>&1 | tr '\n' ' ')" \
	eval '[ "$(cd python/deadrelu && ls ./*.py)" = "$(cd "$pydir/deadrelu" 2>/dev/null && ls ./*.py)" ]'
# The line of issue 12, from another directory, bytecode allowed (uninstall
# removes it), by the interpreter above and by the python3 of PATH.
ref=$(json_get "$("$D" --json -c 'set depth 20 width 4; simulate' </dev/null)" 'repr(j["alive"])')
interps=("$PY")
command -v python3 >/dev/null && interps+=(python3)
for interp in "${interps[@]}"; do
	name=${interp#/}
	[ "$interp" = python3 ] && name=python3_of_PATH
	at "$tmp/elsewhere" PYTHONPATH="$pydir" PYTHONDONTWRITEBYTECODE= "$interp" -c 'import deadrelu; print(deadrelu.simulate(depth=20, width=4)["alive"])'
	check "install.done_when.${name//\//_}" "$interp: status $st, '$(oneline "$out")', the command line's alive $ref" \
		test "$st:$out" = "0:$ref"
done
at "$tmp/elsewhere" PYTHONPATH="$pydir" "$PY" -c 'import deadrelu; print(deadrelu.__file__); print(deadrelu.library)'
check install.found "the installed package and library: $(oneline "$out")" \
	test "$st:$out" = "0:$pydir/deadrelu/__init__.py"$'\n'"$P/lib/libdeadrelu.so.0"
mk uninstall.prefix uninstall PREFIX="$P"
after=$(tree "$P")
check uninstall.prefix_clean "left behind or removed: $(oneline "$(diff <(echo "$before") <(echo "$after"))")" \
	test "$before" = "$after"

# Staged for the prefixes Debian's Python searches: /usr/local (versioned
# directory) and /usr (python3/dist-packages).
for prefix in /usr/local /usr; do
	S=$tmp/stage$prefix
	want=$prefix/lib/python$minor/dist-packages
	[ "$prefix" = /usr ] && want=/usr/lib/python3/dist-packages
	mk "install.staged$prefix" install PREFIX="$prefix" DESTDIR="$S"
	check "install.staged${prefix}_package" "no $S$want/deadrelu/__init__.py" test -f "$S$want/deadrelu/__init__.py"
	if [ "$PY" = /usr/bin/python3 ]; then
		at / env -i /usr/bin/python3 -c 'import sys; print("\n".join(sys.path))'
		check "install.staged${prefix}_on_path" "$want is not on /usr/bin/python3's sys.path: $(oneline "$out")" \
			grep -qxF "$want" <<<"$out"
	else
		pass "install.staged${prefix}_on_path: $PY is not Debian's /usr/bin/python3, whose directories the rule follows"
	fi
	at "$tmp/elsewhere" PYTHONPATH="$S$want" "$PY" -c 'import deadrelu; print(deadrelu.library)'
	check "install.staged${prefix}_library" "the staged package loads $(oneline "$out")" \
		test "$st:$out" = "0:$S$prefix/lib/libdeadrelu.so.0"
	mk "uninstall.staged$prefix" uninstall PREFIX="$prefix" DESTDIR="$S"
	left=$(cd "$S" && find . ! -type d -o -name deadrelu)
	check "uninstall.staged${prefix}_clean" "left behind: $(oneline "$left")" test -z "$left"
done
