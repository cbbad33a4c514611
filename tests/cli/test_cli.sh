#!/usr/bin/env bash
# tests/cli/test_cli.sh - the deadrelu command line: exit statuses (0 ok,
# 1 runtime error, 2 usage error), --help/--version, the no-terminal message,
# script files and their arg table, -e errors, --json output.
# Prints "PASS name" / "FAIL name: why"; run from anywhere.
. "$(dirname "$0")/lib.sh" cli

# status NAME WANT ARGS...: the exit status is WANT.
status() {
	local name=$1 want=$2
	shift 2
	run "$@"
	if [ "$st" -eq "$want" ]; then pass "$name"; else fail "$name" "deadrelu $* exited $st, expected $want (stderr: $(oneline "$err"))"; fi
}

# usage NAME WORD ARGS...: exit 2, nothing on stdout, stderr names the
# problem (WORD) and shows the usage.
usage() {
	local name=$1 word=$2
	shift 2
	run "$@"
	if [ "$st" -ne 2 ]; then
		fail "$name" "deadrelu $* exited $st, expected 2"
	elif [ -n "$out" ]; then
		fail "$name" "deadrelu $* wrote to stdout: $(oneline "$out")"
	elif [[ $err != "deadrelu: "*"$word"* ]] || [[ $err != *"usage: deadrelu"* ]]; then
		fail "$name" "deadrelu $*: stderr should name '$word' and show the usage: $(oneline "$err")"
	else
		pass "$name"
	fi
}

have_py=0
/usr/bin/python3 -c 'import json' 2>/dev/null && have_py=1
# each_line_json TEXT: every line is one JSON object (python3 json), else
# at least starts with { and ends with }.
each_line_json() {
	if [ $have_py = 1 ]; then
		printf '%s\n' "$1" | /usr/bin/python3 -c '
import json, sys
n = 0
for i, line in enumerate(sys.stdin, 1):
    try:
        v = json.loads(line)
    except ValueError as e:
        print("line %d is not JSON (%s): %s" % (i, e, line.strip()[:120])); continue
    if not isinstance(v, dict): print("line %d is not an object" % i)
    n += 1
if n == 0: print("no lines")'
	else
		printf '%s\n' "$1" | awk '!/^\{.*\}$/ { print "line " NR " is not an object: " $0 } END { if (NR == 0) print "no lines" }'
	fi
}

# ---- exit statuses ----
status status.ok 0 -c 'show depth'
status status.runtime 1 -c 'set depth 0'
status status.runtime_after_output 1 -c 'show depth; frobnicate'
status status.lua_error 1 -e 'error("x")'
status status.script_error 1 "$tmp/missing.lua"
usage usage.unknown_option "unknown option '--bogus'" --bogus
usage usage.unknown_short "unknown option '-x'" -x
usage usage.c_without_argument '-c needs an argument' -c
usage usage.e_without_argument '-e needs an argument' -e
usage usage.json_without_c '--json' --json
usage usage.json_with_e '--json' --json -e 1
usage usage.json_with_script '--json' --json "$tmp/x.lua"
usage usage.c_twice '-c' -c 'show' -c 'bounds'
usage usage.script_after_c "'extra'" -c 'show depth' extra
run -c 'show' -e 'print(1)'
if [ "$st" -eq 2 ] && [[ $err == *"-c"*"-e"* ]] && [[ $err != *twice* ]]; then
	pass usage.c_and_e
else
	fail usage.c_and_e "-c X -e Y: status $st (want 2), message should name -c and -e and not claim one was given twice: $(oneline "$err")"
fi
status status.json_after_c 0 -c 'show depth' --json
run --json -c 'show depth'
if [ "$st" -eq 0 ] && [ "$out" = '{"command":"show","params":{"depth":"20"}}' ]; then pass json.show_exact; else fail json.show_exact "$(oneline "$out")"; fi

# ---- show line: one command line that recreates the settings ----
# Replayed with -c it gives the same `show`, for a list of widths, a
# centre, a data file whose name needs quoting (a space and a '), and from
# a state that differs (it resets first); defaults alone give "reset".
printf '0.1,0.2\n0.3,0.4\n' >"$tmp/it's a.csv"
settings="set depth 30 width 8,4,2 center 0.5,0.1 signflip on input data seed 7 data_file \"$tmp/it's a.csv\""
run -c "$settings; show line"
line=$out
run -c "set depth 5 arch dense radius 9; $line; show"
replayed=$out
run -c "$settings; show"
if [ -n "$line" ] && [[ $line != *$'\n'* ]] && [ "$replayed" = "$out" ]; then
	pass show.line_replays
else
	fail show.line_replays "line '$line' replayed gives another show: $(oneline "$(diff <(echo "$out") <(echo "$replayed"))")"
fi
run -c 'show line'
if [ "$st" -eq 0 ] && [ "$out" = reset ]; then pass show.line_defaults; else fail show.line_defaults "defaults: '$out'"; fi
run -c 'set depth 9; show line extra; set depth 3'
if [ "$st" -ne 0 ] && [ "$err" = "deadrelu: show line: 'extra' after it (allowed: nothing; show NAME ... names parameters)" ] &&
	[ -z "$out" ]; then
	pass show.line_extra
else
	fail show.line_extra "status $st, stderr '$err', stdout '$out'"
fi
run --json -c 'set depth 7; show line'
if [ "$out" = '{"command":"show","line":"reset; set depth 7"}' ]; then pass show.line_json; else fail show.line_json "'$out'"; fi

# ---- --help and --version ----
for opt in --help -h; do
	run $opt
	if [ "$st" -eq 0 ] && [ -z "$err" ] && [[ $out == "usage: deadrelu"* ]] &&
		[[ $out == *"-c COMMANDS"* ]] && [[ $out == *"-e CHUNK"* ]] && [[ $out == *"FILE.lua [ARGS]"* ]] &&
		[[ $out == *"--json"* ]] && [[ $out == *"--version"* ]]; then
		pass "help$opt"
	else
		fail "help$opt" "status $st, stdout: $(oneline "$out") stderr: $(oneline "$err")"
	fi
done
# The manual named by --help is one that exists where the program runs:
# from the build tree, the pages under man/ by path (man reads a path).
run --help
page=$(sed -nE 's/^Manual: man ([^ ]+) \(Lua: man ([^ )]+)\)$/\1 \2/p' <<<"$out")
read -r p1 p7 <<<"$page"
if [ -n "$page" ] && [ "$p1" -ef "$ROOT/man/deadrelu.1" ] && [ "$p7" -ef "$ROOT/man/deadrelu-lua.7" ]; then
	pass help.manual_here
else
	fail help.manual_here "--help from the build tree does not name man/deadrelu.1 and man/deadrelu-lua.7 by path: $(oneline "$(grep Manual <<<"$out")")"
fi
if grep -A4 '^\.Sh SEE ALSO' "$ROOT/man/deadrelu.1" | grep -q '^\.Xr deadrelu-lua 7'; then
	pass help.see_also
else
	fail help.see_also "deadrelu.1 SEE ALSO does not name deadrelu-lua(7)"
fi
run --help -c 'set depth 0'
if [ "$st" -eq 0 ] && [[ $out == "usage:"* ]]; then pass help.first_wins; else fail help.first_wins "--help -c ...: status $st"; fi
for opt in --version -V; do
	run $opt
	if [ "$st" -eq 0 ] && [ -z "$err" ] && [[ $out =~ ^deadrelu\ [0-9]+\.[0-9]+\.[0-9]+$ ]]; then
		pass "version$opt"
	else
		fail "version$opt" "status $st, stdout '$(oneline "$out")'"
	fi
done
run --version
v=$out
run -e 'print("deadrelu " .. deadrelu.version)'
if [ "$out" = "$v" ]; then pass version.matches_lua; else fail version.matches_lua "--version '$v', Lua '$out'"; fi

# ---- no arguments, no terminal ----
timeout 10 "$D" >"$tmp/out" 2>"$tmp/err" </dev/null
st=$?
if [ "$st" -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q -- '-c' "$tmp/err"; then
	pass noargs.redirected
else
	fail noargs.redirected "status $st (want 2), stdout $(wc -c <"$tmp/out") bytes, stderr: $(oneline "$(cat "$tmp/err")")"
fi
# stdout not a terminal although stdin is one (under script, when available).
TERM=dumb timeout 10 "$D" >"$tmp/out" 2>"$tmp/err" </dev/null
st=$?
if [ "$st" -eq 2 ] && grep -q -- '-c' "$tmp/err"; then pass noargs.term_dumb_redirected; else fail noargs.term_dumb_redirected "status $st"; fi
if command -v script >/dev/null 2>&1; then
	# A real terminal (a pty), but TERM=dumb or no TERM: still no screen.
	for t in dumb unset; do
		if [ $t = dumb ]; then
			cmd="TERM=dumb timeout 10 $D; echo status=\$?"
		else
			cmd="unset TERM; timeout 10 $D; echo status=\$?"
		fi
		script -qec "$cmd" /dev/null </dev/null >"$tmp/pty" 2>&1
		text=$(tr -d '\r' <"$tmp/pty")
		if [[ $text == *"status=2"* ]] && [[ $text == *"-c"* ]]; then
			pass "noargs.pty_term_$t"
		else
			fail "noargs.pty_term_$t" "on a pty with TERM $t: $(oneline "$text")"
		fi
	done
	script -qec "timeout 10 $D >$tmp/o2; echo status=\$?" /dev/null </dev/null >"$tmp/pty" 2>&1
	text=$(tr -d '\r' <"$tmp/pty")
	if [[ $text == *"status=2"* ]] && [[ $text == *"-c"* ]]; then pass noargs.pty_stdout_redirected; else fail noargs.pty_stdout_redirected "$(oneline "$text")"; fi
fi

# ---- script files ----
cat >"$tmp/args.lua" <<'EOF'
print("arg0=" .. tostring(arg[0]))
print("n=" .. #arg)
for i = 1, #arg do print(i .. "=" .. arg[i]) end
local v = {...}
print("varargs=" .. table.concat(v, ","))
print("neg=" .. tostring(arg[-1] == nil or type(arg[-1]) == "string"))
EOF
run "$tmp/args.lua" one 'two words' -c --json
want="arg0=$tmp/args.lua"$'\nn=4\n1=one\n2=two words\n3=-c\n4=--json\nvarargs=one,two words,-c,--json\nneg=true'
if [ "$st" -eq 0 ] && [ "$out" = "$want" ]; then pass script.arg_table; else fail script.arg_table "status $st, got: $(oneline "$out")"; fi
run "$tmp/args.lua"
if [ "$st" -eq 0 ] && [[ $out == *$'n=0\n'* ]]; then pass script.no_args; else fail script.no_args "$(oneline "$out")"; fi
run -- "$tmp/args.lua" x
if [ "$st" -eq 0 ] && [[ $out == *"1=x"* ]]; then pass script.after_double_dash; else fail script.after_double_dash "status $st: $(oneline "$out$err")"; fi
printf 'print(deadrelu.cmd("set depth 3; show depth"))\nprint(deadrelu.min_width{depth = 20, p = 0.5})\n' >"$tmp/mod.lua"
run "$tmp/mod.lua"
if [ "$st" -eq 0 ] && [ "$out" = $'depth = 3\n\n5' ]; then pass script.module_global; else fail script.module_global "status $st: $(oneline "$out")"; fi
run "$tmp/missing.lua"
if [ "$st" -eq 1 ] && [ -z "$out" ] && [[ $err == "deadrelu: "*"$tmp/missing.lua"* ]] && [[ $err == *"No such file"* || $err == *"cannot open"* ]]; then
	pass script.missing
else
	fail script.missing "status $st: $(oneline "$err")"
fi
printf 'local function f()\n  error("deliberate failure")\nend\nprint("before")\nf()\nprint("after")\n' >"$tmp/fails.lua"
run "$tmp/fails.lua"
if [ "$st" -eq 1 ] && [ "$out" = before ] && [[ $err == *"fails.lua:2: deliberate failure"* ]] && [[ $err == *"stack traceback"* ]]; then
	pass script.runtime_error
else
	fail script.runtime_error "status $st, stdout '$(oneline "$out")', stderr: $(oneline "$err")"
fi
printf 'x = = 1\n' >"$tmp/syntax.lua"
run "$tmp/syntax.lua"
if [ "$st" -eq 1 ] && [[ $err == *"syntax.lua:1:"* ]]; then pass script.syntax_error; else fail script.syntax_error "status $st: $(oneline "$err")"; fi
printf 'error(deadrelu.cmd("frob"))\n' >"$tmp/cmderr.lua"
run "$tmp/cmderr.lua"
if [ "$st" -eq 1 ] && [[ $err == *"unknown command 'frob'"* ]]; then pass script.cmd_error_propagates; else fail script.cmd_error_propagates "status $st: $(oneline "$err")"; fi

# ---- -e ----
run -e 'print("hi", 1 + 1)'
if [ "$st" -eq 0 ] && [ "$out" = $'hi\t2' ] && [ -z "$err" ]; then pass e.print; else fail e.print "status $st: $(oneline "$out$err")"; fi
run -e '6 * 7'
if [ "$st" -eq 0 ] && [ "$out" = 42 ]; then pass e.expression_prints; else fail e.expression_prints "status $st: '$out'"; fi
run -e 'local t = deadrelu.bounds{depth = 1, width = 1}; io.write(string.format("%.3f\n", t.lower))'
if [ "$st" -eq 0 ] && [ "$out" = 0.500 ]; then pass e.module; else fail e.module "status $st: '$out' $(oneline "$err")"; fi
run -e 'local function g() error("boom here") end g()'
if [ "$st" -eq 1 ] && [ -z "$out" ] && [[ $err == "deadrelu: "*"boom here"* ]] && [[ $err == *"stack traceback:"* ]] && [[ $err == *"in "*"function"* ]]; then
	pass e.error_traceback
else
	fail e.error_traceback "status $st, stdout '$(oneline "$out")', stderr: $(oneline "$err")"
fi
run -e 'deadrelu.bounds{depth = 0}'
if [ "$st" -eq 1 ] && [[ $err == *"depth: bad value '0'"* ]] && [[ $err == *"stack traceback"* ]]; then pass e.api_error; else fail e.api_error "status $st: $(oneline "$err")"; fi
run -e 'x = ('
if [ "$st" -eq 1 ] && [ -z "$out" ] && [[ $err == "deadrelu: "* ]] && [[ $err == *"(command line)"* ]]; then pass e.syntax_error; else fail e.syntax_error "status $st: $(oneline "$err")"; fi
run -e 'error({})'
if [ "$st" -eq 1 ] && [[ $err == *"table"* ]]; then pass e.error_object; else fail e.error_object "status $st: $(oneline "$err")"; fi

# ---- -c error output ----
run -c 'show depth; set width x'
if [ "$st" -eq 1 ] && [ "$out" = 'depth = 20' ] && [ "$err" = "deadrelu: width: bad value 'x' (allowed: an integer 1..4096 or a comma-separated list of up to 256 of them)" ]; then
	pass c.error_to_stderr
else
	fail c.error_to_stderr "status $st, stdout '$(oneline "$out")', stderr '$(oneline "$err")'"
fi

# ---- --json: every output line is a JSON object ----
run --json -c 'bounds; show; show depth width; set depth 3 trials 100 seed 2; simulate; simulate 50; sweep width 2 3; min_width 10 0.9; max_depth 4 0.5; set bias zero input point; bounds'
why=$(each_line_json "$out")
if [ "$st" -eq 0 ] && [ -z "$why" ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 10 ]; then
	pass json.lines_parse
else
	fail json.lines_parse "status $st, $(printf '%s\n' "$out" | wc -l) lines (want 10): $(oneline "$why")"
fi
if [ $have_py = 1 ]; then
	why=$(printf '%s\n' "$out" | /usr/bin/python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
cmds = [r.get("command") for r in rows]
want = ["bounds", "show", "show", "show", "simulate", "simulate", "sweep", "min_width", "max_depth", "bounds"]
if cmds != want:
    print("commands", cmds)
    sys.exit()
b = rows[0]
for k in ["lower", "upper", "log_lower", "log_upper", "applies", "notes"]:
    if k not in b: print("bounds lacks", k)
if len(rows[1]["params"]) != 21: print("show has", len(rows[1]["params"]), "params")
if rows[2]["params"] != {"depth": "20"} or rows[3]["params"] != {"width": "4"}: print("show depth width", rows[2], rows[3])
s = rows[4]
if s["trials"] != 100 or len(s["by_depth"]) != 3: print("simulate", s["trials"], len(s["by_depth"]))
if not (s["alive_lo"] <= s["alive"] <= s["alive_hi"]): print("alive outside its interval")
if not isinstance(s["seconds"], (int, float)): print("seconds", s["seconds"])
if rows[5]["trials"] != 50: print("simulate 50 ran", rows[5]["trials"])
if [r["value"] for r in rows[6]["rows"]] != [2, 3]: print("sweep rows", rows[6])
if rows[7]["width"] != 7 or rows[8]["depth"] != 10: print("inverse", rows[7], rows[8])
if rows[9]["lower"] != 0 or rows[9]["applies"] is not False or rows[9]["log_lower"] is not None: print("dead point", rows[9])
')
	if [ -z "$why" ]; then pass json.content; else fail json.content "$(oneline "$why")"; fi
fi
run --json -c 'show depth; set depth 0'
why=$(each_line_json "$out")
if [ "$st" -eq 1 ] && [ -z "$why" ] && [[ $out == *'{"error":"depth: bad value '"'0'"* ]] && [[ $err == "deadrelu: depth: bad value '0'"* ]]; then
	pass json.error
else
	fail json.error "status $st, stdout: $(oneline "$out") $why"
fi
run --json -c "set depth 2 trials 20; simulate; export $tmp/j.csv"
if [ "$st" -eq 0 ] && [ -s "$tmp/j.csv" ] && [ -z "$(each_line_json "$out")" ]; then pass json.export; else fail json.export "status $st: $(oneline "$out")"; fi
# help in --json mode must also print JSON lines (one object per output line).
run --json -c 'help; help depth; help sweep'
why=$(each_line_json "$out")
if [ "$st" -eq 0 ] && [ -z "$why" ]; then pass json.help; else fail json.help "deadrelu --json -c help: $(oneline "$why")"; fi
