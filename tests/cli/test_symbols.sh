#!/usr/bin/env bash
# tests/cli/test_symbols.sh - the engine exports only its public names:
# every global (or weak), defined symbol of default visibility in
# build/libdeadrelu.a, and every one in the dynamic symbol table of
# build/libdeadrelu.so, starts with dr_ and is named in deadrelu.h; the rest
# of the engine is static or hidden (internal.h, trial.h). And the engine
# calls none of libc's functions that are not thread-safe (deadrelu.h
# promises it). Each checker is first tried on a library made to break the
# rule, so a checker that finds nothing cannot pass by accident.
. "$(dirname "$0")/lib.sh" symbols

# Prints the exported symbols of an archive (or with --dyn-syms, of a
# shared library) that break the rule, one a line.
offenders() {
	readelf -sW ${2:-} "$1" | awk '($5 == "GLOBAL" || $5 == "WEAK") && $6 == "DEFAULT" && $7 != "UND" && NF >= 8 { print $8 }' |
		sort -u | while read -r sym; do
		case $sym in
		dr_*) grep -qw -- "$sym" src/engine/deadrelu.h || echo "$sym (not in deadrelu.h)" ;;
		*) echo "$sym" ;;
		esac
	done
}

lib=build/libdeadrelu.a

check readelf "readelf (binutils) is needed" test -n "$(command -v readelf)"
check library "$lib missing (run make)" test -f "$lib"

# The checker itself: a public name, a hidden one, a static one, and two
# that break the rule.
cat >"$tmp/bad.c" <<'EOF'
const char *dr_strerror(int code);
const char *dr_strerror(int code) { return code ? "bad" : "ok"; }
__attribute__((visibility("hidden"))) int hidden_helper(void);
int hidden_helper(void) { return 2; }
static int local_helper(void) { return 3; }
int leaked_helper(void);
int leaked_helper(void) { return local_helper(); }
int dr_not_public(void);
int dr_not_public(void) { return 4; }
EOF
cc -c -o "$tmp/bad.o" "$tmp/bad.c" && ar rcs "$tmp/bad.a" "$tmp/bad.o"
got=$(offenders "$tmp/bad.a" | tr '\n' ',')
check checker "on a library that breaks the rule the checker found '$got'" \
	test "$got" = "dr_not_public (not in deadrelu.h),leaked_helper,"

bad=$(offenders "$lib" | tr '\n' ' ')
check dr_only "libdeadrelu.a exports: $bad" test -z "$bad"
n=$(readelf -sW "$lib" | awk '($5 == "GLOBAL") && $6 == "DEFAULT" && $7 != "UND" { print $8 }' | sort -u | grep -c '^dr_')
check some_public "no dr_ symbol exported at all ($n)" test "$n" -ge 30

# ---- the shared library ----
so=build/libdeadrelu.so
check shared_library "$so missing (run make)" test -f "$so"
cc -shared -fPIC -o "$tmp/bad.so" "$tmp/bad.c"
got=$(offenders "$tmp/bad.so" --dyn-syms | tr '\n' ',')
check checker_shared "on a shared library that breaks the rule the checker found '$got'" \
	test "$got" = "dr_not_public (not in deadrelu.h),leaked_helper,"
bad=$(offenders "$so" --dyn-syms | tr '\n' ' ')
check dr_only_shared "libdeadrelu.so exports: $bad" test -z "$bad"
# The same public names as the archive: none lost to the link.
names() {
	readelf -sW ${2:-} "$1" | awk '$5 == "GLOBAL" && $6 == "DEFAULT" && $7 != "UND" && NF >= 8 { print $8 }' |
		grep '^dr_' | sort -u
}
check same_exports "the archive and the shared library export different dr_ names: $(oneline "$(diff <(names "$lib") <(names "$so" --dyn-syms))")" \
	test "$(names "$lib")" = "$(names "$so" --dyn-syms)"

# ---- libc functions that are not thread-safe ----
# Of POSIX's functions that need not be thread-safe, those a numeric engine
# could reach for, and lgamma (it writes the sign to the global signgam;
# lgamma_r is the thread-safe one).
unsafe='strerror strtok rand srand random srandom drand48 erand48 lrand48 mrand48 lgamma lgammaf lgammal
gamma localtime gmtime ctime asctime getenv setenv putenv unsetenv setlocale localeconv readdir strsignal
tmpnam ttyname getpwnam getpwuid getgrnam getgrgid getlogin ecvt fcvt gcvt dirname basename mblen mbtowc
wctomb hcreate hsearch hdestroy'
unsafe_calls() {
	nm -u "$1" | awk '{ print $NF }' | sort -u | grep -xF -f <(tr ' ' '\n' <<<"$unsafe" | grep .) | tr '\n' ' '
}
cat >"$tmp/unsafe.c" <<'EOF'
#include <math.h>
#include <string.h>
const char *dr_unsafe(int e, double x);
const char *dr_unsafe(int e, double x) { return x > lgamma(x) ? strerror(e) : ""; }
EOF
cc -c -o "$tmp/unsafe.o" "$tmp/unsafe.c" && ar rcs "$tmp/unsafe.a" "$tmp/unsafe.o"
got=$(unsafe_calls "$tmp/unsafe.a")
check checker_thread_unsafe "on a library calling lgamma and strerror the checker found '$got'" \
	test "$got" = "lgamma strerror "
got=$(unsafe_calls "$lib")
check thread_safe_libc "the engine calls libc functions that are not thread-safe: $got" test -z "$got"
