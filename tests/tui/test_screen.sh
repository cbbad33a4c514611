#!/usr/bin/env bash
# tests/tui/test_screen.sh - the explorer as a person sees it: the real
# binary on an 80x24 tmux pane, keys sent with send-keys, assertions on the
# captured screen. Prints "PASS tui/NAME" / "FAIL tui/NAME: why" (with the
# screen indented below a failure). Needs tmux; runs in a few seconds.
. "$(dirname "$0")/lib.sh"

# The message area: rows between the status line and the prompt (last row).
messages() {
	screen >/dev/null
	awk -v n="$(wc -l <<<"$SCREEN")" 'f && NR < n; /^ (L [0-9]|bounds n\/a)/ { f = 1 }' <<<"$SCREEN"
}
in_messages() { messages | grep -qF -- "$1"; }
wait_message() { wait_until -t "${2:-$TT_TIMEOUT}" in_messages "$1"; }
# The message area as one line (wrapped lines joined), blanks squeezed.
messages_joined() { messages | tr '\n' ' ' | tr -s ' '; }
# Braille dots (U+2801..U+28FF) on the plot's top row (perl: no locale's ranges).
plot_has_braille() { screen | perl -CSD -Mutf8 -ne '$f = 1 if /[│|] 1\.00 .*[\x{2801}-\x{28FF}]/; END { exit !$f }'; }
title_shown() { screen >/dev/null; [[ $(head -n 1 <<<"$SCREEN") == " deadrelu  F1 help  F2 view:"* ]]; }
# progress: N of "N/TARGET" on the status line.
# progress: trials done, from "| DONE/TARGET " on the status line (large counts read 123k or 12M).
progress() {
	screen >/dev/null
	grep -oE '\| [0-9]+[kM]?/[0-9]+[kM]? ' <<<"$SCREEN" | head -n 1 | cut -d/ -f1 | tr -d '| ' |
		sed -e 's/k$/000/' -e 's/M$/000000/'
}
progress_above() { local p; p=$(progress); [ -n "$p" ] && [ "$p" -gt "$1" ]; }
# has_colour: a foreground/background colour escape anywhere on the pane.
has_colour() { screen_attr | grep -qE $'\e\\[(3[0-7]|4[0-7]|38;|48;)'; }

# ---- opens: title, parameters, lower bound, prompt ----
t_opens() {
	local L20
	L20=$(lower_bound 4 20)
	check awk-bound "awk gives (15/16)^20 = $L20 and (15/16)^5 = $(lower_bound 4 5), expected 0.2751 and 0.7242" \
		eval '[ "$L20" = 0.2751 ] && [ "$(lower_bound 4 5)" = 0.7242 ]'
	if ! start; then
		fail opens "no prompt 'deadrelu>' within ${TT_TIMEOUT}s"
		return
	fi
	check opens/title "the first row is not the title bar" title_shown
	check opens/params "parameters panel does not show 'depth      20'" param_shown depth 20
	check opens/params-all "parameters panel lacks width 4 / arch plain / weights he-normal" \
		eval 'param_shown width 4 && param_shown arch plain && param_shown weights he-normal'
	check opens/status "status line does not show 'L $L20'" status_L "$L20"
	check opens/prompt "the bottom row is not 'deadrelu>'" prompt_is 'deadrelu>'
	check opens/cursor "cursor not after the prompt (x=$(pane '#{cursor_x}') y=$(pane '#{cursor_y}'))" \
		[ "$(pane '#{cursor_x},#{cursor_y}')" = "10,23" ]
	check opens/simulation "the first simulation did not finish (no '2000/2000', no 'simulation done')" \
		eval 'wait_for "| 2000/2000 " && wait_message "simulation done: P(alive) = "'

	# ---- set depth 5 at the prompt ----
	local L5
	L5=$(lower_bound 4 5)
	type_text 'set depth 5'
	check set/echo "the typed line is not on the prompt" wait_prompt 'deadrelu> set depth 5'
	send Enter
	check set/param "depth 5 not shown after 'set depth 5'" wait_param depth 5
	check set/status "status does not show L $L5 ((15/16)^5) after 'set depth 5'" wait_status_L "$L5"
	check set/echoed "the command is not echoed as '> set depth 5' in the messages" in_messages '> set depth 5'
	check set/prompt-cleared "the prompt is not empty after Enter" prompt_is 'deadrelu>'

	# ---- a bad command: one-line error, nothing changes ----
	local want
	want=$("$DEADRELU" -c 'set depth 0' 2>&1 >/dev/null </dev/null)
	want=${want#deadrelu: }
	enter 'set depth 0'
	wait_message '> set depth 0'
	error_line() {
		messages | grep -v '^> ' | grep -E 'depth' | grep -qE "(^|[^0-9.])0([^0-9.]|$)"
	}
	check error/shown "no error line naming depth and 0 after 'set depth 0'" wait_until error_line
	check error/depth-kept "depth is no longer 5 after the refused 'set depth 0'" param_shown depth 5
	check error/bound-kept "the lower bound changed after the refused command" status_L "$L5"
	check error/complete "the error is not shown in full at 80 columns; want: $want; shown: $(messages_joined)" \
		eval '[[ $(messages_joined) == *"$want"* ]]'

	# ---- keys: Esc, Down to width, Right → width 5 ----
	send Escape
	check keys/focus "Esc did not move the focus to the parameters ('parameters (keys)')" \
		wait_for 'parameters (keys)'
	send Down
	check keys/select "Down did not select width ('>width')" wait_for_re '^[│|]>width '
	send Right
	local L55
	L55=$(lower_bound 5 5)
	check keys/width "Right did not make width 5" wait_param width 5
	check keys/bound "the lower bound is not $L55 ((31/32)^5) after width 5" wait_status_L "$L55"
	send Enter
	check keys/enter-prefills "Enter in the parameters did not prefill 'set width ' at the prompt" \
		eval 'wait_prompt "deadrelu> set width" && [ "$(pane "#{cursor_x}")" = 20 ]'
	check keys/enter-focus "after Enter the focus is not back at the prompt" not_on_screen 'parameters (keys)'
	send C-u
	wait_prompt 'deadrelu>'
	send Escape
	wait_for 'parameters (keys)'
	send Escape
	check keys/back "Esc again did not give the focus back to the prompt" wait_gone 'parameters (keys)'
	type_text 'show width'
	check keys/typing "typing after Esc does not reach the prompt" wait_prompt 'deadrelu> show width'
	send Enter
	check keys/typed-runs "'show width' did not print 'width = 5'" wait_message 'width = 5'
	# Letters are no panel keys: 'help' typed after Esc is typed, not
	# h (was: depth down) then 'elp'; a 'q' is typed, not a quit.
	send Escape
	wait_for 'parameters (keys)'
	type_text 'help'
	check keys/letters-typed "'help' typed after Esc is not at the prompt whole" wait_prompt 'deadrelu> help'
	check keys/letters-no-nudge "'h' after Esc changed the selected parameter (width is no longer 5)" \
		eval 'param_shown width 5 && param_shown depth 5' 
	send C-u
	send Escape
	wait_for 'parameters (keys)'
	type_text 'q'
	sleep 0.3
	check keys/q-typed "'q' in the parameter panel quit or was not typed at the prompt" \
		eval 'alive "$TT_PID" && wait_prompt "deadrelu> q"'
	send C-u
	# With the help covering the panel, its keys act on nothing.
	send Escape
	wait_for 'parameters (keys)'
	send F1
	wait_for_re '[│|] keys( |$)'
	send Right Up Right
	sleep 0.5
	send Enter
	check keys/help-enter "Enter in the help (parameter focus) did not close it" wait_for 'P(network alive) vs depth'
	check keys/help-hidden "Right in the help view changed the hidden parameter (width is no longer 5)" \
		param_shown width 5
	check keys/help-hidden-select "Up in the help view moved the hidden selection off width" \
		on_screen_re '^[│|]>width '
	send Escape
	wait_gone 'parameters (keys)'

	# ---- views: F2 layers, F2 map, F2 plot, F1 help ----
	send F2
	check views/layers "F2 did not show the layers view ('one sampled net')" wait_for 'one sampled net'
	check views/layers-title "the title bar does not say view:layers" on_screen 'F2 view:layers'
	send F2
	check views/map "F2 again did not show the map ('lower bound: width x depth')" \
		wait_for 'lower bound: width x depth'
	check views/map-mark "the map has no ◆ on the width 5 row near depth 5" \
		on_screen_re '^[│|].*[│|][│|]   5 [^│|]{0,8}◆'
	send F2
	check views/messages "F2 a third time did not show the messages view" wait_for_re '─ messages: [0-9]+ lines'
	send F2
	check views/plot "F2 a fourth time did not come back to the plot" wait_for 'P(network alive) vs depth'
	send 3
	check views/digit "3 with an empty prompt did not show the map (view 3)" wait_for 'lower bound: width x depth'
	check views/digit-not-typed "the 3 was typed into the prompt as well" eval '[[ $(tail -n 1 <<<"$SCREEN") == "deadrelu> " || $(tail -n 1 <<<"$SCREEN") == "deadrelu>" ]]'
	send 1
	wait_for 'P(network alive) vs depth'
	send F1
	check views/help "F1 did not show the help ('keys' heading in a box)" wait_for_re '[│|] keys( |$)'
	check views/help-keys "the help does not list the keys F2, Esc, Ctrl-C, Tab" \
		eval 'on_screen_re "[│|] F2[ ,]" && on_screen_re "[│|] Esc " && on_screen_re "[│|] Ctrl-C " && on_screen_re "[│|] Tab "'
	check views/help-commands "the help does not list the commands (set NAME VALUE ... quit)" \
		eval 'on_screen "commands" && on_screen "set NAME VALUE" && on_screen_re " simulate( |$)" && on_screen_re " quit( |$)"'
	send F1
	check views/help-back "F1 again did not go back to the plot" wait_for 'P(network alive) vs depth'
	send F3
	check views/F3 "F3 did not switch the x-axis to width" \
		eval 'wait_for "P(network alive) vs width" && on_screen "F3 x:width"'
	send F3 F3
	wait_for 'P(network alive) vs depth'
	send F4
	check views/F4 "F4 did not switch the y-axis to log" wait_for 'F4 y:log'
	send F4
	wait_for 'F4 y:linear'
	send F6
	check views/F6 "F6 did not move the seed to 2 (the status line's seed)" wait_for_re '\| seed 2$'
	send '#'
	check views/thick "# with an empty prompt did not draw the plot in blocks (display lines thick)" \
		eval 'wait_for "display lines thick" && on_screen_re "[│|] 1\.00 [^│|]*█" && ! plot_has_braille'
	send '#'
	check views/thick-back "# again did not go back to braille dots" \
		eval 'wait_for "display lines dots" && wait_until plot_has_braille'
	check views/thick-not-typed "a # was typed into the prompt" eval '[[ $(prompt_line) != *"#"* ]]'
	send F2 F5
	check views/F5 "F5 did not draw a new sample network (seed 2)" wait_for 'sampled net (seed 2'
	send F2 F2 F2
	wait_for 'P(network alive) vs depth'
	send PPage
	check views/PgUp "PgUp did not scroll the messages back ('scrolled -')" wait_for 'scrolled -'
	check views/PgUp-own-row "the 'scrolled' marker shares its row with message text: '$(grep 'scrolled -' <<<"$SCREEN")'" \
		on_screen_re '^ scrolled -[0-9]+ \(PgDn: newer messages\) *$'
	send NPage NPage NPage NPage NPage
	check views/PgDn "PgDn did not scroll back to the bottom" wait_gone 'scrolled -'
	stop
}

# ---- Ctrl-C: clears a typed line; cancels a running simulation ----
t_ctrl_c() {
	start || { fail ctrl-c "no prompt"; return; }
	wait_message 'simulation done'
	type_text 'garbage text'
	wait_prompt 'deadrelu> garbage text'
	send C-c
	check ctrl-c/line "Ctrl-C did not clear the typed line" wait_prompt 'deadrelu>'
	send Enter
	wait_prompt 'deadrelu>'
	check ctrl-c/line-not-run "the cancelled line was run anyway" eval '! in_messages "garbage"'
	check ctrl-c/alive "the program died on Ctrl-C" alive "$TT_PID"

	enter 'set trials 10000000'
	check ctrl-c/running "the long simulation did not start ('/10M' on the status line)" \
		wait_for '/10M '
	type_text 'xyz'
	wait_prompt 'deadrelu> xyz'
	send C-c
	check ctrl-c/line-first "Ctrl-C with text on the line did not clear the line" wait_prompt 'deadrelu>'
	local p
	p=$(progress)
	check ctrl-c/sim-kept "Ctrl-C on a typed line stopped the simulation (progress stuck at $p or 'cancelled')" \
		eval 'wait_until progress_above "${p:-0}" && ! in_messages "simulation cancelled"'
	send C-c
	check ctrl-c/sim "Ctrl-C during the simulation did not show 'simulation cancelled'" \
		wait_message 'simulation cancelled'
	p=$(progress)
	sleep 0.5 # progress must stay put; half a second shows a running one moving
	check ctrl-c/sim-stopped "progress still moves after the cancel ($p -> $(progress))" [ "$(progress)" = "$p" ]
	enter 'set depth 3'
	check ctrl-c/after "the explorer does not take commands after the cancel" wait_param depth 3
	stop
}

# ---- resize while a simulation runs ----
t_resize() {
	start || { fail resize "no prompt"; return; }
	enter 'set trials 200000'
	wait_for '/200000 '
	type_text 'show depth'
	wait_prompt 'deadrelu> show depth'
	tt resize-window -t "$TT_SESSION" -x 50 -y 12
	check resize/small "at 50x12 no 'terminal too small' notice" wait_for 'terminal too small'
	check resize/small-size "the notice does not give the size 50x12" on_screen '50x12'
	check resize/small-alive "the program died when shrunk" alive "$TT_PID"
	tt resize-window -t "$TT_SESSION" -x 80 -y 24
	check resize/back "back at 80x24 the parameters panel does not return" \
		eval 'wait_for "parameters" && wait_param depth 20'
	check resize/back-clean "the 'terminal too small' notice is still on the screen at 80x24" \
		wait_gone 'terminal too small'
	check resize/back-title "the title bar is not on the first row after the resize" title_shown
	check resize/back-prompt "the typed line did not survive the resize" prompt_is 'deadrelu> show depth'
	check resize/alive "the program died across the resize" alive "$TT_PID"
	send Enter
	check resize/works "a command after the resize gives no output ('depth = 20')" wait_message 'depth = 20'
	stop
}

# ---- tab completion ----
t_complete() {
	start || { fail complete "no prompt"; return; }
	wait_message 'simulation done'
	type_text 'set arc'
	send Tab
	check complete/word "'set arc' Tab did not complete to 'set arch '" \
		eval 'wait_prompt "deadrelu> set arch" && [ "$(pane "#{cursor_x}")" = 19 ]'
	local before after
	before=$(screen | head -n 18)
	send Tab Tab
	# The candidates of arch are the engine's; two of them are enough to know.
	check complete/values "'set arch ' Tab Tab shows no candidates (plain, residual) in the messages" \
		wait_until eval 'messages | grep -qE "(^| )plain( |$)" && messages | grep -qE "(^| )residual( |$)"'
	after=$(screen | head -n 18)
	check complete/not-garbled "the candidates changed the screen above the messages" [ "$before" = "$after" ]
	check complete/title "the title bar is gone after the candidates" title_shown
	check complete/prompt "the line changed while listing candidates" prompt_is 'deadrelu> set arch'
	type_text 'resid'
	send Tab
	# residual and residual-post share "residual": completes the common part.
	check complete/partial "'set arch resid' Tab did not complete to 'residual'" \
		wait_prompt 'deadrelu> set arch residual'
	send Enter
	check complete/applied "the completed command did not set arch residual" wait_param arch residual
	type_text 'sh'
	send Tab
	check complete/command "'sh' Tab did not complete the command 'show '" wait_prompt 'deadrelu> show'
	stop
}

# ---- history survives a restart; quit leaves nothing behind ----
t_history_quit() {
	start || { fail history "no prompt"; return; }
	local home=$TT_HOME pid=$TT_PID
	enter 'set seed 424242'
	wait_param seed 424242
	check quit/found-process "procs_of_home does not find the running deadrelu $pid" \
		eval '[ "$(procs_of_home "$home")" = "$pid" ]'
	enter 'quit'
	check quit/exits "'quit' did not end the program within ${TT_TIMEOUT}s" wait_exit
	check quit/status "exit status after quit is '$(dead_status)', expected 0" [ "$(dead_status)" = 0 ]
	check quit/no-process "a deadrelu process is left (pid $pid or HOME=$home)" \
		eval '! alive "$pid" && no_procs_of_home "$home"'
	check quit/restored "the explorer is still on the pane after quit (alternate screen not left)" \
		eval '! title_shown && ! on_screen "deadrelu>"'
	local hist=$home/.local/state/deadrelu/history
	check history/file "no history file at ~/.local/state/deadrelu/history" [ -s "$hist" ]
	check history/content "the history file lacks 'set seed 424242'" grep -qxF 'set seed 424242' "$hist"

	start -h "$home" || { fail history/restart "no prompt on the second start"; return; }
	# `quit` itself may be the newest entry: then a second Up.
	send Up
	wait_until eval 'prompt_is "deadrelu> quit" || prompt_is "deadrelu> set seed 424242"'
	prompt_is 'deadrelu> quit' && send Up
	check history/up "Up after a restart does not bring back 'set seed 424242'" \
		wait_prompt 'deadrelu> set seed 424242'
	send C-u
	wait_prompt 'deadrelu>'
	send C-d
	check quit/ctrl-d "Ctrl-D on an empty line did not quit" wait_exit
	check quit/ctrl-d-status "exit status after Ctrl-D is '$(dead_status)', expected 0" [ "$(dead_status)" = 0 ]

	start -h "$home" XDG_STATE_HOME="$home/xdgstate" || { fail history/xdg "no prompt"; return; }
	enter 'set seed 31337'
	wait_param seed 31337
	enter 'quit'
	wait_exit
	check history/xdg "no history at \$XDG_STATE_HOME/deadrelu/history holding 'set seed 31337'" \
		grep -qxF 'set seed 31337' "$home/xdgstate/deadrelu/history"
	stop
}

# ---- signals ----
t_signals() {
	start || { fail sigterm "no prompt"; return; }
	local home=$TT_HOME pid=$TT_PID
	enter 'set seed 777'
	wait_param seed 777
	enter 'set trials 10000000'
	wait_for '/10M '
	kill -TERM "$pid"
	check sigterm/exits "SIGTERM during a simulation did not end the program within 3 s" wait_exit 3
	check sigterm/status "exit status after SIGTERM is '$(dead_status)', expected 0" [ "$(dead_status)" = 0 ]
	check sigterm/restored "the explorer is still on the pane after SIGTERM" eval '! title_shown'
	check sigterm/no-process "a deadrelu process is left after SIGTERM" \
		eval '! alive "$pid" && no_procs_of_home "$home"'
	check sigterm/history "the history was not saved on SIGTERM" \
		grep -qxF 'set seed 777' "$home/.local/state/deadrelu/history"

	start || { fail sighup "no prompt"; return; }
	pid=$TT_PID
	home=$TT_HOME
	stop # closing the terminal: the pty goes away, SIGHUP
	check sighup/exits "closing the terminal did not end the program (pid $pid)" \
		wait_until -t 3 eval '! alive "$pid" && no_procs_of_home "$home"'
}

# ---- init.lua ----
t_init_lua() {
	local home=$TT_TMP/init1
	mkdir -p "$home/cfg/deadrelu"
	printf 'deadrelu.cmd("set depth 7")\n' >"$home/cfg/deadrelu/init.lua"
	start -h "$home" XDG_CONFIG_HOME="$home/cfg" || { fail init "no prompt"; return; }
	check init/depth "\$XDG_CONFIG_HOME/deadrelu/init.lua setting depth 7 did not show depth 7" param_shown depth 7
	check init/bound "the status does not show L $(lower_bound 4 7) for depth 7" status_L "$(lower_bound 4 7)"
	stop

	home=$TT_TMP/init2
	mkdir -p "$home/.config/deadrelu"
	printf 'deadrelu.cmd("set depth 7"\n' >"$home/.config/deadrelu/init.lua"
	start -h "$home" || { fail init/syntax "the explorer did not open with a broken init.lua"; return; }
	check init/syntax "a syntax error in ~/.config/deadrelu/init.lua is not shown (init.lua:N: ...)" \
		wait_until eval 'messages | grep -qE "init\.lua:[0-9]+:"'
	check init/syntax-default "depth is not the default 20 after the broken init.lua" param_shown depth 20
	enter 'set depth 3'
	check init/syntax-works "the explorer does not work after the broken init.lua" wait_param depth 3
	stop

	home=$TT_TMP/init3
	mkdir -p "$home/cfg/deadrelu"
	printf 'deadrelu.cmd("set depth 0")\n' >"$home/cfg/deadrelu/init.lua"
	start -h "$home" XDG_CONFIG_HOME="$home/cfg" || { fail init/runtime "no prompt"; return; }
	check init/runtime "a failing command in init.lua is not shown (error naming init.lua and depth)" \
		eval 'wait_message "init.lua" && in_messages "depth"'
	stop
}

# ---- NO_COLOR, ASCII, no terminal ----
t_env() {
	start || { fail color "no prompt"; return; }
	check color/on "without NO_COLOR the screen has no colours" has_colour
	stop
	start NO_COLOR=1 || { fail no-color "no prompt with NO_COLOR=1"; return; }
	check no-color/screen "NO_COLOR=1: no title or parameters" eval 'title_shown && param_shown depth 20 && status_L 0.2751'
	check no-color/plain "NO_COLOR=1: colour escapes on the screen" eval '! has_colour'
	stop

	start LANG=C LC_ALL=C || { fail ascii "no prompt with LC_ALL=C"; return; }
	check ascii/params "LC_ALL=C: the parameters panel is not drawn in ASCII (+- parameters, |>depth 20 |)" \
		eval 'on_screen_re "^\+- parameters -+\+" && param_shown depth 20'
	check ascii/no-utf8 "LC_ALL=C: non-ASCII characters on the screen" eval '! LC_ALL=C grep -q "[^ -~]" <<<"$SCREEN"'
	stop

	start -n TERM=dumb
	check dumb/exit "TERM=dumb on a terminal did not exit" wait_exit
	check dumb/status "TERM=dumb: exit status '$(dead_status)', expected 2" [ "$(dead_status)" = 2 ]
	check dumb/message "TERM=dumb: no message mentioning -c" eval 'screen_all | grep -qF -- -c'
	start_sh '"$DEADRELU" >"$HOME/out.txt"'
	check redirect/exit "stdout to a file did not exit" wait_exit
	check redirect/status "stdout to a file: exit status '$(dead_status)', expected 2" [ "$(dead_status)" = 2 ]
	check redirect/message "stdout to a file: no message mentioning -c on the terminal" eval 'screen_all | grep -qF -- -c'
	check redirect/file-clean "stdout to a file: the file is not empty (curses wrote to it?)" [ ! -s "$TT_HOME/out.txt" ]
	stop

	local err st
	err=$(TERM=dumb "$DEADRELU" 2>&1 </dev/null >/dev/null)
	st=$?
	check shell/dumb "TERM=dumb ./deadrelu: status $st, message '$err' (want 2 and -c)" \
		eval '[ "$st" = 2 ] && [[ $err == *-c* ]]'
	err=$("$DEADRELU" 2>&1 >"$TT_TMP/out.txt")
	st=$?
	check shell/redirect "./deadrelu > file: status $st, message '$err' (want 2 and -c)" \
		eval '[ "$st" = 2 ] && [[ $err == *-c* ]] && [ ! -s "$TT_TMP/out.txt" ]'
}

t_opens
t_ctrl_c
t_resize
t_complete
t_history_quit
t_signals
t_init_lua
t_env
echo "tui/test_screen.sh: $(tt_elapsed) s"
