#!/usr/bin/env bash
# tests/cli/test_install.sh - `make install` and `make uninstall` into
# temporary directories, with the objects already built (any PREFIX: the
# program finds its Lua files relative to itself). The installed binary runs a
# shipped scenario from the PREFIX it was installed with; a DESTDIR-staged
# tree runs where it was staged and after being moved; the current directory
# is never searched; both manuals are installed; uninstall leaves the prefix
# as it found it. Prints "PASS cli/NAME" / "FAIL cli/NAME: why".
. "$(dirname "$0")/lib.sh" cli
# A make of its own, not the jobserver or variables of a `make test` above.
unset MAKEFLAGS MFLAGS MAKELEVEL DESTDIR PREFIX BINDIR SHAREDIR MANDIR

# mk NAME ARGS...: make -s ARGS; PASS NAME when it succeeds, else FAIL and
# the test ends (nothing after it could pass).
mk() {
	local name=$1 out
	shift
	if out=$(make -s "$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "make $* failed: $(oneline "$out")"
		exit 1
	fi
}
# at DIR PROGRAM ARGS...: runs there; sets out (stdout and stderr) and st.
at() {
	local dir=$1
	shift
	out=$(cd "$dir" && timeout 30 "$@" </dev/null 2>&1)
	st=$?
}
# expect NAME WANT WHAT: the last run (WHAT) exited 0 and printed WANT.
expect() {
	if [ "$st" -eq 0 ] && [ "$out" = "$2" ]; then
		pass "$1"
	else
		fail "$1" "$3: status $st, got '$(oneline "$out")', want '$(oneline "$2")'"
	fi
}
tree() { (cd "$1" 2>/dev/null && find . | sort); }

scenario='run signflip'
if [ ! -x ./deadrelu ]; then
	fail install.build "./deadrelu is not built (run make)"
	exit 1
fi
ref=$(timeout 30 ./deadrelu -c "$scenario" </dev/null 2>&1)
if [[ $ref != *"guarantee holds"* ]]; then
	fail install.reference "./deadrelu -c '$scenario' in the build tree: $(oneline "$ref")"
	exit 1
fi

# Planted in the current directory: must never be what runs.
mkdir -p "$tmp/cwd" "$XDG_CONFIG_HOME/deadrelu"
printf 'print("PLANTED drlib") return {}\n' >"$tmp/cwd/drlib.lua"
printf 'print("PLANTED signflip")\n' >"$tmp/cwd/signflip.lua"
printf 'return 42\n' >"$XDG_CONFIG_HOME/deadrelu/mine.lua"

# finds NAME PREFIX BIN: BIN runs the scenario, with PREFIX's Lua files.
finds() {
	local name=$1 p=$2 bin=$3
	at "$tmp/cwd" "$bin" -e 'print(package.path)'
	expect "$name.path" "$p/share/deadrelu/?.lua;$XDG_CONFIG_HOME/deadrelu/?.lua" package.path
	at "$tmp/cwd" "$bin" -c "$scenario"
	expect "$name.scenario" "$ref" "-c '$scenario' (as in the build tree)"
	at "$tmp/cwd" "$bin" -e 'local d = require "drlib"; print(type(d.trials), package.searchpath("drlib", package.path), (require "mine"))'
	expect "$name.require" "function	$p/share/deadrelu/drlib.lua	42" "require drlib and a module of the user's"
}

# ---- PREFIX ----
P=$tmp/prefix
# Someone else's files where install writes: uninstall must leave them.
# (Lua's C module directory for the prefix, where deadrelu.so goes:
# tests/cli/test_stock_lua.sh checks the module there.)
cmod=$(pkg-config --define-variable=prefix="$P" --variable=INSTALL_CMOD lua5.4 2>/dev/null)
mkdir -p "$P/bin" "$P/share/man/man1" "$P/share/man/man7" "${cmod:-$P/lib/lua/5.4}"
# and where the library's part writes (tests/cli/test_library.sh)
mkdir -p "$P/include" "$P/lib/pkgconfig" "$P/share/man/man3" "$(make -s print-PYTHONDIR PREFIX="$P")"
touch "$P/bin/other" "$P/share/man/man1/other.1" "$P/share/man/man7/other.7" "${cmod:-$P/lib/lua/5.4}/other.so"
before=$(tree "$P")
mk install.prefix install PREFIX="$P"
check install.prefix_binary "no $P/bin/deadrelu" [ -x "$P/bin/deadrelu" ]
check install.prefix_lua "$P/share/deadrelu holds $(ls "$P/share/deadrelu" 2>&1 | tr '\n' ' '), want lua/*.lua" \
	[ "$(cd lua && ls ./*.lua)" = "$(cd "$P/share/deadrelu" 2>/dev/null && ls ./*.lua)" ]
check install.man1 "man/deadrelu.1 not in $P/share/man/man1" cmp -s man/deadrelu.1 "$P/share/man/man1/deadrelu.1"
check install.man7 "man/deadrelu-lua.7 not in $P/share/man/man7" cmp -s man/deadrelu-lua.7 "$P/share/man/man7/deadrelu-lua.7"
finds install.prefix "$P" "$P/bin/deadrelu"
at "$tmp/cwd" "$P/bin/deadrelu" --help
check install.help_manual "installed, --help does not say 'man deadrelu' (the installed page): $(oneline "$(grep Manual <<<"$out")")" \
	eval '[[ $out == *"Manual: man deadrelu (Lua: man 7 deadrelu-lua)"* ]]'
# Through a symbolic link (stow, Homebrew): the files beside the real binary.
mkdir -p "$tmp/links"
ln -s "$P/bin/deadrelu" "$tmp/links/deadrelu"
at "$tmp/cwd" "$tmp/links/deadrelu" -c "$scenario"
expect install.symlink "$ref" "run through a symbolic link"
at "$tmp/cwd" env -u XDG_CONFIG_HOME HOME="$tmp/home" "$P/bin/deadrelu" -e 'print(package.path)'
expect install.home_config "$P/share/deadrelu/?.lua;$tmp/home/.config/deadrelu/?.lua" "package.path without XDG_CONFIG_HOME"
mk uninstall.prefix uninstall PREFIX="$P"
after=$(tree "$P")
check uninstall.prefix_clean "left behind or removed: $(oneline "$(diff <(echo "$before") <(echo "$after"))")" \
	[ "$before" = "$after" ]

# ---- DESTDIR: staged for /opt/dr, which this test cannot write ----
S=$tmp/stage
mk install.destdir install PREFIX=/opt/dr DESTDIR="$S"
check install.destdir_only "outside $S/opt/dr: $(oneline "$(tree "$S")")" [ "$(cd "$S" && ls)" = opt ]
check install.destdir_man1 "deadrelu.1 not staged" cmp -s man/deadrelu.1 "$S/opt/dr/share/man/man1/deadrelu.1"
check install.destdir_man7 "deadrelu-lua.7 not staged" cmp -s man/deadrelu-lua.7 "$S/opt/dr/share/man/man7/deadrelu-lua.7"
finds install.staged "$S/opt/dr" "$S/opt/dr/bin/deadrelu"
# The tree moved as a package manager would put it at /opt/dr.
cp -a "$S/opt/dr" "$tmp/moved"
mk uninstall.destdir uninstall PREFIX=/opt/dr DESTDIR="$S"
left=$(cd "$S" && find . ! -type d -o -name deadrelu)
check uninstall.destdir_clean "left behind: $(oneline "$left")" [ -z "$left" ]
finds install.moved "$tmp/moved" "$tmp/moved/bin/deadrelu"
