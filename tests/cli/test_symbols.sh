#!/usr/bin/env bash
# tests/cli/test_symbols.sh - the engine exports only its public names:
# every global (or weak), defined symbol of default visibility in
# build/libdeadrelu.a starts with dr_ and is named in deadrelu.h; the rest
# of the engine is static or hidden (internal.h, trial.h). The checker is
# first tried on a library made to break the rule, so a checker that
# finds nothing cannot pass by accident.
. "$(dirname "$0")/lib.sh" symbols

# Prints the exported symbols of an archive that break the rule, one a line.
offenders() {
	readelf -sW "$1" | awk '($5 == "GLOBAL" || $5 == "WEAK") && $6 == "DEFAULT" && $7 != "UND" && NF >= 8 { print $8 }' |
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
