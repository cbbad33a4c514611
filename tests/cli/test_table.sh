#!/usr/bin/env bash
# tests/cli/test_table.sh - what comes from the one command table, headless:
# `view` (no screen: it says so; Lua's view() runs it and stays quiet), the
# lists that name commands (help, "unknown command"), help on a command's
# allowed names; the one number syntax for the options; the XDG directory
# in Lua's search path.
# Prints "PASS table/NAME" / "FAIL table/NAME: why"; run from anywhere.
. "$(dirname "$0")/lib.sh" table

# The names `view` takes, as `help view` lists them; they must include these.
views=$("$D" -c 'help view' | sed -n 's/^  allowed: //p')
missing=
for v in plot layers map help depth width radius log linear; do
	[[ ", $views, " == *", $v, "* ]] || missing="$missing $v"
done
check view/names "help view lacks:$missing (allowed: '$views')" eval '[ -n "$views" ] && [ -z "$missing" ]'

# ---- view, headless ----
run -c 'view plot'
check view/headless "view plot: status $st, '$(oneline "$out$err")'" \
	eval '[ "$st" = 0 ] && [ "$out" = "view plot: no screen here (headless), nothing to switch" ] && [ -z "$err" ]'
run --json -c 'view radius'
check view/json "--json view radius: '$(oneline "$out")'" \
	eval '[ "$st" = 0 ] && [ "$out" = '"'"'{"command":"view","view":"radius","screen":false}'"'"' ]'
run -c 'view sideways; show depth'
check view/bad "view sideways: status $st, '$(oneline "$err")'; the next command must not run" \
	eval '[ "$st" = 1 ] && [ "$err" = "deadrelu: view: bad value '"'"'sideways'"'"' (allowed: $views)" ] && [ -z "$out" ]'
run -c 'view'
check view/alone "view with no name names the start-up view: '$(oneline "$out$err")'" \
	eval '[ "$st" = 0 ] && [ "$out" = "view plot, x-axis depth, y-scale linear (no screen here: what it starts with)" ]'
run -c 'view plot depth'
check view/usage "view with two names: '$(oneline "$err")'" \
	eval '[ "$st" = 1 ] && [ "$err" = "deadrelu: view: wrong number of arguments (usage: view [NAME])" ]'

# Lua's view() is the command: the same names, the same error, no output.
run -e 'deadrelu.view("layers") deadrelu.view("log") print(select(2, pcall(deadrelu.view, "x")))'
check view/lua "deadrelu.view headless: '$(oneline "$out$err")'" \
	eval '[ "$st" = 0 ] && [ "$out" = "view: bad value '"'"'x'"'"' (allowed: $views)" ]'
run -e 'local s = deadrelu.cmd("view map") io.write(s)'
check view/lua_cmd "deadrelu.cmd('view map'): '$(oneline "$out$err")'" \
	eval '[ "$out" = "view map: no screen here (headless), nothing to switch" ]'

# ---- the lists that name commands ----
run -c 'help'
check help/no_view "headless help lists view, which does nothing here: $(oneline "$out")" \
	eval '[[ $out != *"view [NAME]"* ]] && [[ $out == *"quit "* ]]'
cmds=$(sed -n '/^commands:/,/^parameters/p' <<<"$out" | awk 'NR > 1 && /^  [a-z]/ {print $1}')
run -c 'help view'
check help/view "help view: '$(oneline "$out")'" \
	eval '[ "$st" = 0 ] && [[ $out == "view [NAME]"* ]]'
run -c 'frob'
list=${err#*commands: }
missing=
for c in $cmds view; do
	[[ " ${list%%,*} " == *" $c "* ]] || missing="$missing $c"
done
check unknown/lists_table "the unknown-command list lacks:$missing ($(oneline "$err"))" \
	eval '[ "$st" = 1 ] && [ -z "$missing" ] && [ -n "$cmds" ]'

# ---- one number syntax: --budget and --lua-memory as commands read numbers ----
run --budget 1e6 -e 'print("ran")'
check number/exponent "--budget 1e6 is a decimal number: status $st, '$(oneline "$out$err")'" \
	eval '[ "$st" = 0 ] && [ "$out" = ran ]'
run --budget 0x10 -e 'print("ran")'
check number/hex "--budget 0x10: status $st, '$(oneline "$err")'" \
	eval '[ "$st" = 2 ] && [[ $err == "deadrelu: --budget: bad value '"'"'0x10'"'"' (allowed: an integer 1..1000000000000000) (instructions)"* ]]'
run --lua-memory 2.5 -e 'print("ran")'
check number/fraction "--lua-memory 2.5: status $st, '$(oneline "$err")'" \
	eval '[ "$st" = 2 ] && [[ $err == *"--lua-memory: bad value '"'"'2.5'"'"' (allowed: an integer 1..1048576) (MiB)"* ]]'

# ---- the XDG config directory in Lua's search path ----
out=$(env -i PATH="$PATH" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/conf" "$D" -e 'print(package.path)')
check xdg/config "XDG_CONFIG_HOME: package.path is '$out'" eval '[[ $out == *";$tmp/conf/deadrelu/?.lua" ]]'
out=$(env -i PATH="$PATH" HOME="$tmp/home" "$D" -e 'print(package.path)')
check xdg/home "HOME only: package.path is '$out'" eval '[[ $out == *";$tmp/home/.config/deadrelu/?.lua" ]]'

# ---- help on an enumerated parameter: every allowed name with its line ----
for p in input arch weights criterion certify; do
	run -c "help $p"
	names=$(sed -n 's/^  allowed: //p' <<<"$out" | tr -d ' ' | tr ',' ' ')
	missing=
	for v in $names; do
		grep -Eq "^    $v +[^ ]" <<<"$out" || missing="$missing $v"
	done
	check "help/values/$p" "help $p: no line for:$missing; got '$(oneline "$out")'" \
		eval '[ -n "$names" ] && [ -z "$missing" ]'
done
