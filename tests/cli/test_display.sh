#!/usr/bin/env bash
# tests/cli/test_display.sh - `display`, the screen's settings, headless: a
# classroom script that sets them runs anywhere, so they are accepted and
# stored without a screen and `display` lists them; a bad name or value is
# a one-line error naming it and what is allowed, and changes nothing; the
# same through --json, Lua's deadrelu.cmd() and help.
# Prints "PASS display/NAME" / "FAIL display/NAME: why"; run from anywhere.
. "$(dirname "$0")/lib.sh" display

ok default 'display' 'lines dots (allowed: dots, thick)
mouse on (allowed: on, off)'
ok set_and_list 'display lines thick; display' 'lines thick (allowed: dots, thick)
mouse on (allowed: on, off)'
ok one 'display lines thick; display lines' 'lines thick (allowed: dots, thick)'
ok back 'display lines thick; display lines dots; display' 'lines dots (allowed: dots, thick)
mouse on (allowed: on, off)'
ok survives_reset 'display lines thick; display mouse off; reset; display' 'lines thick (allowed: dots, thick)
mouse off (allowed: on, off)'
ok mouse 'display mouse off; display mouse' 'mouse off (allowed: on, off)'

run -c 'display lines bogus; display'
check bad_value "display lines bogus: status $st, '$(oneline "$out$err")'" \
	eval '[ "$st" = 1 ] && [ -z "$out" ] && [ "$err" = "deadrelu: display lines: bad value '"'"'bogus'"'"' (allowed: dots, thick)" ]'
run -c 'display colour on'
check bad_name "display colour on: status $st, '$(oneline "$err")'" \
	eval '[ "$st" = 1 ] && [ "$err" = "deadrelu: display: unknown setting '"'"'colour'"'"' (allowed: lines, mouse)" ]'
run -c 'display mouse maybe; display mouse'
check bad_mouse "display mouse maybe: status $st, '$(oneline "$out$err")'" \
	eval '[ "$st" = 1 ] && [ -z "$out" ] && [ "$err" = "deadrelu: display mouse: bad value '"'"'maybe'"'"' (allowed: on, off)" ]'
run -c 'display frob'
check bad_name_alone "display frob: status $st, '$(oneline "$err")'" \
	eval '[ "$st" = 1 ] && [ "$err" = "deadrelu: display: unknown setting '"'"'frob'"'"' (allowed: lines, mouse)" ]'
run -c 'display lines thick extra'
check usage "display with three words: '$(oneline "$err")'" \
	eval '[ "$st" = 1 ] && [ "$err" = "deadrelu: display: wrong number of arguments (usage: display [NAME [VALUE]])" ]'

# a failed setting leaves the stored one (Lua goes on after the error)
run -e 'deadrelu.cmd("display lines thick")
print(pcall(deadrelu.cmd, "display lines bogus"))
io.write(deadrelu.cmd("display"))'
check lua "deadrelu.cmd: '$(oneline "$out$err")'" \
	eval '[ "$st" = 0 ] && [ "$out" = "false	display lines: bad value '"'"'bogus'"'"' (allowed: dots, thick)
lines thick (allowed: dots, thick)
mouse on (allowed: on, off)" ]'

run --json -c 'display lines thick; display'
check json "--json display: '$(oneline "$out")'" \
	eval '[ "$st" = 0 ] && [ "$out" = '"'"'{"command":"display","display":{"lines":"thick","mouse":"on"}}'"'"' ]'

run -c 'help display'
check help "help display: '$(oneline "$out")'" \
	eval '[ "$st" = 0 ] && [[ $out == "display [NAME [VALUE]]"* ]] && [[ $out == *"lines "*"allowed: dots, thick"* ]]'
run -c 'help'
check help_lists "help does not list display: '$(oneline "$out")'" eval '[[ $out == *"  display [NAME [VALUE]] "* ]]'
