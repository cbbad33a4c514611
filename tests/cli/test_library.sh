#!/usr/bin/env bash
# tests/cli/test_library.sh - libdeadrelu as a library: the shared one's
# file name and soname follow DR_VERSION; `make install` into a temporary
# prefix installs both libraries, the links, the header, deadrelu.pc
# (written for that prefix, also when staged with DESTDIR) and
# libdeadrelu(3); the example program of libdeadrelu(3), taken from the page
# as mandoc renders it, compiles with `pkg-config --cflags --libs deadrelu`
# and runs against the installed shared library, and linked statically
# with `--static`; what it prints is the closed form of the bound and the
# command line's simulation for the same settings, and the output the page
# shows. And the engine's strerror_r works in either of its two forms.
# Prints "PASS cli/NAME" / "FAIL cli/NAME: why".
. "$(dirname "$0")/lib.sh" cli
unset MAKEFLAGS MFLAGS MAKELEVEL DESTDIR PREFIX LIBDIR INCLUDEDIR PKGCONFIGDIR PYTHONDIR
unset PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR LD_LIBRARY_PATH

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
# run_at DIR ARGS...: sets out (stdout), err, st.
run_at() {
	local dir=$1
	shift
	(cd "$dir" && timeout 60 env "$@" </dev/null >"$tmp/o" 2>"$tmp/e")
	st=$?
	out=$(<"$tmp/o")
	err=$(<"$tmp/e")
}

version=$(sed -n 's/.*define DR_VERSION "\(.*\)".*/\1/p' src/engine/deadrelu.h)
major=${version%%.*}
check library.version "no DR_VERSION in deadrelu.h" test -n "$version"
for t in pkg-config mandoc readelf cc; do
	check "library.tool_$t" "$t is needed" test -n "$(command -v $t)"
done

# ---- the build tree ----
check library.built "build/libdeadrelu.so.$version is not a file (run make)" test -f "build/libdeadrelu.so.$version" -a ! -L "build/libdeadrelu.so.$version"
soname=$(readelf -d "build/libdeadrelu.so.$version" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check library.soname "soname '$soname', want libdeadrelu.so.$major" test "$soname" = "libdeadrelu.so.$major"
check library.links "build/libdeadrelu.so.$major -> $(readlink "build/libdeadrelu.so.$major"), build/libdeadrelu.so -> $(readlink build/libdeadrelu.so)" \
	test "$(readlink "build/libdeadrelu.so.$major"):$(readlink build/libdeadrelu.so)" = "libdeadrelu.so.$version:libdeadrelu.so.$major"
pic=$(readelf -h build/pic/src/engine/params.o 2>/dev/null | grep -c 'REL (Relocatable')
check library.pic_objects "the shared library's objects are not in build/pic/src/engine" test "$pic" = 1

# ---- make install ----
P=$tmp/prefix
mkdir -p "$P/lib/pkgconfig" "$P/include" "$P/share/man/man3"
# (and Lua's C module directory, which make install also writes: uninstall
# leaves it, shared with other modules; tests/cli/test_stock_lua.sh)
cmod=$(pkg-config --define-variable=prefix="$P" --variable=INSTALL_CMOD lua5.4 2>/dev/null)
mkdir -p "${cmod:-$P/lib/lua/5.4}"
touch "$P/lib/libother.a" "$P/include/other.h" "$P/lib/pkgconfig/other.pc" "$P/share/man/man3/other.3"
before_lib=$(tree "$P/lib" | grep -v python; tree "$P/include"; tree "$P/share/man/man3")
mk install.prefix install PREFIX="$P"
L=$P/lib
check install.static "no $L/libdeadrelu.a like build's" cmp -s build/libdeadrelu.a "$L/libdeadrelu.a"
check install.shared "no $L/libdeadrelu.so.$version like build's" cmp -s "build/libdeadrelu.so.$version" "$L/libdeadrelu.so.$version"
check install.shared_links "$L/libdeadrelu.so.$major -> $(readlink "$L/libdeadrelu.so.$major"), libdeadrelu.so -> $(readlink "$L/libdeadrelu.so")" \
	test "$(readlink "$L/libdeadrelu.so.$major"):$(readlink "$L/libdeadrelu.so")" = "libdeadrelu.so.$version:libdeadrelu.so.$major"
check install.header "no $P/include/deadrelu.h" cmp -s src/engine/deadrelu.h "$P/include/deadrelu.h"
check install.man3 "no $P/share/man/man3/libdeadrelu.3" cmp -s man/libdeadrelu.3 "$P/share/man/man3/libdeadrelu.3"

export PKG_CONFIG_PATH=$L/pkgconfig
pc() { pkg-config "$@" deadrelu 2>&1 | sed 's/ *$//'; } # (it ends a line with a space)
check pc.modversion "pkg-config --modversion: '$(pc --modversion)', want $version" test "$(pc --modversion)" = "$version"
check pc.cflags "--cflags: '$(pc --cflags)'" test "$(pc --cflags)" = "-I$P/include"
check pc.libs "--libs: '$(pc --libs)'" test "$(pc --libs)" = "-L$L -ldeadrelu"
check pc.static "--static --libs: '$(pc --static --libs)'" test "$(pc --static --libs)" = "-L$L -ldeadrelu -lm -pthread"
check pc.prefix "prefix '$(pc --variable=prefix)'" test "$(pc --variable=prefix)" = "$P"

# ---- the example of libdeadrelu(3) ----
# The page as a reader sees it, from "/* example.c - " to main's closing
# brace, without the indentation of the display.
mandoc -Tascii -O width=200 man/libdeadrelu.3 | col -bx >"$tmp/page.txt"
awk '!on && index($0, "/* example.c - ") { on = 1; match($0, /^ */); ind = RLENGTH }
	on { line = substr($0, ind + 1); print line; if (line ~ /^int main/) m = 1; if (m && line == "}") exit }' \
	"$tmp/page.txt" >"$tmp/example.c"
check example.extracted "no example program in libdeadrelu(3): $(oneline "$(head -c 300 "$tmp/example.c")")" \
	eval 'grep -q "^int main" "$tmp/example.c" && [ "$(tail -n 1 "$tmp/example.c")" = "}" ]'
# The output the page shows: the lines after "$ ./example" up to the blank
# line (its stderr line is wrapped on the page).
shown=$(awk '/^ *\$ \.\/example$/ { on = 1; next } on && /^ *$/ { exit } on { sub(/^ */, ""); print }' "$tmp/page.txt")

cflags=$(pc --cflags)
libs=$(pc --libs)
# shellcheck disable=SC2086 # the flags are words
cc -Wall -Wextra -Werror -o "$tmp/example" "$tmp/example.c" $cflags $libs 2>"$tmp/cc.err"
check example.compiles "cc example.c \$(pkg-config --cflags --libs deadrelu): $(oneline "$(<"$tmp/cc.err")")" test -x "$tmp/example"
needed=$(readelf -d "$tmp/example" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(libdeadrelu[^]]*\)\]/\1/p')
check example.dynamic "the example needs '$needed', want libdeadrelu.so.$major" test "$needed" = "libdeadrelu.so.$major"
run_at "$tmp" LD_LIBRARY_PATH="$L" LD_TRACE_LOADED_OBJECTS=1 ./example
check example.loads_installed "the loader's choice: $(oneline "$(grep libdeadrelu <<<"$out")")" \
	eval '[[ $out == *"libdeadrelu.so.$major => $L/libdeadrelu.so.$major"* ]]'

# What it must print: the version of the header; the default settings'
# lower bound (1 - 2^-4)^20; the command line's simulation of the same
# settings (another front end, over the static library), at full depth
# and at depth 10; on stderr the refusal of width 0 as the command line
# gives it.
j=$("$D" --json -c 'set depth 20 width 4 trials 2000; simulate' </dev/null)
field() { grep -o "$1" <<<"$j" | head -n 1 | sed 's/.*://'; }
a=$(field '"alive":[^,]*')
lo=$(field '"alive_lo":[^,]*')
hi=$(field '"alive_hi":[^,]*')
d10=$(grep -o '{"depth":10,"alive":[^,]*' <<<"$j" | sed 's/.*://')
want=$(printf 'libdeadrelu %s\n' "$version"
	awk 'BEGIN { printf "lower bound %.6f\n", (1 - 2 ^ -4) ^ 20 }'
	awk -v a="$a" -v lo="$lo" -v hi="$hi" -v d="$d10" 'BEGIN {
		printf "P(alive) %.4f [%.4f, %.4f] over 2000 trials\nat depth 10: %.4f\n", a, lo, hi, d }')
refusal=$("$D" -c 'set width 0' </dev/null 2>&1)
refusal="example: ${refusal#deadrelu: }"

check_run() { # NAME: the last run printed what it must
	check "$1.stdout" "printed '$(oneline "$out")', want '$(oneline "$want")'" test "$st:$out" = "0:$want"
	check "$1.stderr" "stderr '$(oneline "$err")', want '$refusal'" test "$err" = "$refusal"
}
run_at "$tmp" LD_LIBRARY_PATH="$L" ./example
check_run example.run
check example.page_output "the page shows '$(oneline "$shown")', the program prints '$(oneline "$out")'" \
	test "$(head -n 4 <<<"$shown")" = "$out"

# Static: the archive, with what Libs.private adds (-lm: without it the
# link fails).
static_libs=$(pc --static --libs | sed 's/-ldeadrelu/-l:libdeadrelu.a/')
# shellcheck disable=SC2086
cc -o "$tmp/example_static" "$tmp/example.c" $cflags $static_libs 2>"$tmp/cc.err"
check example.static_compiles "static link with $static_libs: $(oneline "$(<"$tmp/cc.err")")" test -x "$tmp/example_static"
check example.static_needs_none "the static example needs $(readelf -d "$tmp/example_static" | grep -o 'libdeadrelu[^]]*')" \
	eval '! readelf -d "$tmp/example_static" | grep -q libdeadrelu'
run_at "$tmp" ./example_static
check_run example.static_run

mk uninstall.prefix uninstall PREFIX="$P"
after_lib=$(tree "$P/lib" | grep -v python; tree "$P/include"; tree "$P/share/man/man3")
check uninstall.library_clean "left behind or removed: $(oneline "$(diff <(echo "$before_lib") <(echo "$after_lib"))")" \
	test "$before_lib" = "$after_lib"

# ---- DESTDIR: deadrelu.pc names the final prefix, not the stage ----
S=$tmp/stage
mk install.destdir install PREFIX=/opt/dr DESTDIR="$S"
pcfile=$S/opt/dr/lib/pkgconfig/deadrelu.pc
check install.destdir_pc "$pcfile: $(oneline "$(grep -E '^(prefix|libdir|includedir)=' "$pcfile" 2>&1)")" \
	test "$(grep -E '^(prefix|libdir|includedir)=' "$pcfile" 2>/dev/null)" = $'prefix=/opt/dr\nlibdir=/opt/dr/lib\nincludedir=/opt/dr/include'
check install.destdir_libdir "LIBDIR=/opt/dr/lib64: not honoured" \
	eval 'make -s install PREFIX=/opt/dr LIBDIR=/opt/dr/lib64 DESTDIR="$S" >/dev/null 2>&1 && [ -f "$S/opt/dr/lib64/libdeadrelu.so.$version" ] &&
		grep -qx "libdir=/opt/dr/lib64" "$S/opt/dr/lib64/pkgconfig/deadrelu.pc"'
make -s uninstall PREFIX=/opt/dr LIBDIR=/opt/dr/lib64 DESTDIR="$S" >/dev/null 2>&1
mk uninstall.destdir uninstall PREFIX=/opt/dr DESTDIR="$S"
left=$(cd "$S" && find . ! -type d)
check uninstall.destdir_clean "left behind: $(oneline "$left")" test -z "$left"

# ---- strerror_r, XSI and GNU ----
# data.c compiled in both forms, each linked before the archive (its
# objects then take data.o's place), must name a missing file's error.
cat >"$tmp/missing.c" <<'EOF'
#include <stdio.h>
#include "deadrelu.h"
int main(void)
{
	dr_params p;
	char err[DR_ERRLEN];
	dr_params_default(&p);
	dr_param_set(&p, "data_file", "/nonexistent/deadrelu.csv", err, sizeof err);
	puts(err);
	return 0;
}
EOF
for form in XSI:-D_DEFAULT_SOURCE GNU:-D_GNU_SOURCE; do
	name=${form%%:*}
	flag=${form#*:}
	o=$(cc -std=c11 "$flag" -Wall -Wextra -Werror -Isrc/engine -c -o "$tmp/data_$name.o" src/engine/data.c 2>&1 &&
		cc -Isrc/engine -o "$tmp/missing_$name" "$tmp/missing.c" "$tmp/data_$name.o" build/libdeadrelu.a -lm -pthread 2>&1 &&
		"$tmp/missing_$name" 2>&1)
	check "strerror_r.$name" "data.c with $flag: $(oneline "$o")" \
		test "$o" = "data_file: cannot open '/nonexistent/deadrelu.csv' (No such file or directory)"
done
# Each form was the one its flags declare: XSI is __xpg_strerror_r in glibc.
calls=$(nm -u "$tmp/data_XSI.o" 2>/dev/null | grep -o '[_a-z]*strerror_r'):$(nm -u "$tmp/data_GNU.o" 2>/dev/null | grep -o '[_a-z]*strerror_r')
check strerror_r.two_forms "the two objects call $calls" test "$calls" = "__xpg_strerror_r:strerror_r"
