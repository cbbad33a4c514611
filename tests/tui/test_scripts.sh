#!/usr/bin/env bash
# tests/tui/test_scripts.sh - scripts in the explorer: the real binary in a
# private tmux server (tests/tui/lib.sh), `run FILE` and `lua CHUNK` as
# coroutines: the same numbers as headless, caption and pause (Enter/Space
# continue), Ctrl-C on a sleeping and on a runaway script, script errors with
# tracebacks, resizing while a script sleeps, view() and command().
# Prints "PASS tui/scripts/NAME" / "FAIL tui/scripts/NAME: why" (the screen
# indented below a failure). Needs tmux.
. "$(dirname "$0")/lib.sh"

W=120 H=60 # a tall pane: a message area of 12 lines
S=$TT_TMP/scripts
mkdir -p "$S"

# The message area: rows between the status line and the prompt (last row).
messages() {
	screen >/dev/null
	awk -v n="$(wc -l <<<"$SCREEN")" 'f && NR < n; /^ (L [0-9]|bounds n\/a)/ { f = 1 }' <<<"$SCREEN"
}
in_messages() { messages | grep -qF -- "$1"; }
in_messages_re() { messages | grep -qE -- "$1"; }
wait_message() { wait_until -t "${2:-$TT_TIMEOUT}" in_messages "$1"; }
wait_message_re() { wait_until -t "${2:-$TT_TIMEOUT}" in_messages_re "$1"; }
not_in_messages() { ! in_messages "$1"; }
# since PREFIX: the message lines after the last one starting with PREFIX
# (the echo of a command: "> run FILE"), so older messages do not count.
since() { messages | awk -v p="$1" 'index($0, p) == 1 { n = 0; delete l; f = 1; next } f { l[++n] = $0 } END { for (i = 1; i <= n; i++) print l[i] }'; }
since_has() { since "$1" | grep -qF -- "$2"; }
since_has_re() { since "$1" | grep -qE -- "$2"; }
# The caption bar: the row under the title bar.
caption_row() { screen >/dev/null; sed -n 2p <<<"$SCREEN"; }
caption_is() { [[ $(caption_row) == *"$1"* ]]; }
caption_gone() { ! caption_is "$1"; }
# The program still answers: `set depth N` shows depth N.
answers() {
	enter "set depth $1"
	wait_param depth "$1"
}
# Ends the program of the last start for good: a runaway Lua loop ignores
# the SIGHUP of kill-session. Only the pid this test started.
kill_hung() {
	if alive "$TT_PID"; then
		kill -KILL "$TT_PID" 2>/dev/null
	fi
	stop
}
ck() { # ck NAME WHY COMMAND...
	local name=$1
	shift
	check "scripts/$name" "$@"
}

# ---- the same script, the same numbers: headless and on the screen ----
cat >"$S/same.lua" <<'EOF'
deadrelu.set{depth = 9, width = 3, seed = 42, trials = 3000}
local r = deadrelu.wait()
local s = deadrelu.simulate{depth = 7, width = 4, seed = 5, trials = 1000}
print(string.format("SAME wait %.6f %d sim %.6f", r.alive, r.trials, s.alive))
EOF
t_same() {
	local want got
	want=$(cd "$TT_TMP" && env -i PATH="$PATH" HOME="$TT_TMP" "$DEADRELU" "$S/same.lua" 2>&1)
	ck same/headless "headless run printed '$want'" eval '[[ $want =~ ^SAME\ wait\ [01]\.[0-9]{6}\ 3000\ sim\ [01]\.[0-9]{6}$ ]]'
	start -x $W -y $H || { fail scripts/same "the explorer did not open"; return; }
	enter "run $S/same.lua"
	if wait_message_re '^SAME ' 15; then
		got=$(messages | grep -E '^SAME ' | tail -n 1)
		ck same/numbers "explorer printed '$got', headless '$want'" [ "$got" = "$want" ]
	else
		fail scripts/same/numbers "no 'SAME ...' line in the message area within 15 s"
	fi
	ck same/live "depth 9 and seed 42 (set by the script) are not the live parameters" \
		eval 'param_shown depth 9 && param_shown seed 42 && param_shown trials 3000'
}

# ---- caption and pause ----
cat >"$S/pause.lua" <<'EOF'
deadrelu.caption("CAPTION-ALPHA")
print("STEP-ONE")
deadrelu.pause("PAUSE-ONE")
print("AFTER-ONE")
deadrelu.pause()
print("AFTER-TWO")
EOF
t_pause() {
	start -x $W -y $H || { fail scripts/pause "the explorer did not open"; return; }
	enter "run $S/pause.lua"
	ck pause/caption "the caption 'CAPTION-ALPHA' is not on the screen" wait_for CAPTION-ALPHA
	ck pause/shown "the pause text 'PAUSE-ONE' is not in the messages with 'Enter/Space: continue' in the caption bar (row 2: '$(caption_row)')" \
		eval 'wait_message PAUSE-ONE && wait_for "Enter/Space: continue"'
	ck pause/ran_to_pause "'STEP-ONE' (printed before the pause) is not shown" in_messages STEP-ONE
	sleep 0.7
	ck pause/waits "the script went on past pause() without a key ('AFTER-ONE' shown)" not_in_messages AFTER-ONE
	# A command typed during the pause runs and does not continue the script.
	enter 'show depth'
	ck pause/command_runs "'show depth' typed during the pause did not answer 'depth = 20'" wait_message 'depth = 20'
	sleep 0.3
	ck pause/command_not_continue "a command typed during the pause continued the script" not_in_messages AFTER-ONE
	send Enter
	ck pause/enter "Enter with an empty prompt did not continue the pause" wait_message AFTER-ONE
	ck pause/default_text "pause() without text does not mark the caption bar 'Enter/Space: continue'" \
		wait_for 'Enter/Space: continue'
	sleep 0.3
	ck pause/second_waits "the second pause did not wait" not_in_messages AFTER-TWO
	send Space
	ck pause/space "Space with an empty prompt did not continue the pause" wait_message AFTER-TWO
	ck pause/caption_cleared "the caption bar still shows the pause after the script ended: '$(caption_row)'" \
		wait_until caption_gone 'paused: Enter'
	ck pause/prompt_empty "Space used to continue was typed into the prompt" prompt_is 'deadrelu>'
	ck pause/answers "the explorer does not answer after the script" answers 6
}

# ---- Ctrl-C on a sleeping script; resizing while a script sleeps ----
cat >"$S/sleep.lua" <<'EOF'
deadrelu.caption("SLEEP-CAPTION")
print("SLEEPING")
deadrelu.sleep(30)
print("WOKE-UP")
EOF
t_sleep() {
	start -x $W -y $H || { fail scripts/sleep "the explorer did not open"; return; }
	enter "run $S/sleep.lua"
	wait_message SLEEPING
	ck sleep/caption "the caption bar does not show 'SLEEP-CAPTION' while the script sleeps: '$(caption_row)'" \
		wait_until caption_is SLEEP-CAPTION
	# While the script sleeps the explorer answers, and a second script is refused.
	enter 'show width'
	ck sleep/answers_meanwhile "'show width' during the sleep did not answer" wait_message 'width = 4'
	enter "run $S/same.lua"
	ck sleep/one_at_a_time "a second script during the sleep is not refused with 'a script is running already'" \
		wait_message 'a script is running already'
	send C-c
	ck sleep/ctrl_c "Ctrl-C did not stop the sleeping script ('script stopped')" wait_message 'script stopped' 3
	ck sleep/caption_cleared "the caption stays after the stop: '$(caption_row)'" wait_until caption_gone SLEEP-CAPTION
	ck sleep/answers "the explorer does not answer after the stop" answers 6
	enter 'lua print(("NEW"):rep(2))'
	ck sleep/new_script "a new script does not run after the stop" wait_message NEWNEW
	ck sleep/not_resumed "the stopped script printed WOKE-UP" not_in_messages WOKE-UP
	ck sleep/alive "the explorer exited" alive "$TT_PID"

	# Resize while a script sleeps: the screen follows at once; the script
	# wakes on time afterwards.
	enter 'lua deadrelu.sleep(2.5) print(("AWAKE"):rep(2))'
	sleep 0.3
	tt resize-window -t "$TT_SESSION" -x 100 -y 40 2>/dev/null
	redrawn() {
		screen >/dev/null
		[ "$(pane '#{pane_width}x#{pane_height}')" = 100x40 ] || return 1
		[ "$(wc -l <<<"$SCREEN")" = 40 ] || return 1
		[[ $(tail -n 1 <<<"$SCREEN") == deadrelu\>* ]] || return 1
		# the frame reaches the new right edge: row 2 is 100 characters, ends in ┐
		local row
		row=$(sed -n 2p <<<"$SCREEN")
		[ "$(printf '%s' "$row" | LC_ALL=C.UTF-8 wc -m)" = 100 ] && [[ $row == *┐ ]]
	}
	ck resize/redrawn "the screen was not redrawn at 100x40 while the script slept" wait_until -t 2 redrawn
	ck resize/still_sleeping "the script woke before its time" not_in_messages AWAKEAWAKE
	ck resize/wakes "the script did not wake after the resize (AWAKEAWAKE)" wait_message AWAKEAWAKE 5
	tt resize-window -t "$TT_SESSION" -x $W -y $H 2>/dev/null
	ck resize/answers "the explorer does not answer after the resize" answers 8
}

# ---- Ctrl-C on runaway loops ----
t_runaway() {
	start -x $W -y $H || { fail scripts/runaway "the explorer did not open"; return; }
	enter 'set depth 11'
	wait_param depth 11
	enter 'lua while true do end'
	sleep 0.5
	send C-c
	ck runaway/interrupted "Ctrl-C on 'lua while true do end' did not show 'interrupted'" \
		wait_until -t 3 since_has '> lua while true do end' interrupted
	ck runaway/depth_kept "depth is no longer 11 after the interrupted script" param_shown depth 11
	ck runaway/answers "the explorer does not answer after the interrupt" answers 7
	enter 'lua print(("OK"):rep(3))'
	ck runaway/new_script "a new script does not run after the interrupt" wait_message OKOKOK

	enter 'lua while true do pcall(function() while true do end end) end'
	sleep 0.5
	send C-c
	ck runaway/pcall "Ctrl-C on a loop of pcall(runaway) did not show 'interrupted'" \
		wait_until -t 3 since_has '> lua while true do pcall(' interrupted
	ck runaway/pcall_answers "the explorer does not answer after the pcall loop" answers 5
}

# ---- the budget and the sandbox hold on the screen too ----
t_limits() {
	start -x $W -y $H -- --budget 1000000 || { fail scripts/limits "the explorer did not open with --budget"; return; }
	enter 'lua deadrelu.sleep(0.1) while true do end'
	ck limits/budget "--budget 1000000: a runaway script on the screen was not stopped by the budget" \
		wait_until -t 5 since_has '> lua deadrelu.sleep(0.1) while true do end' 'budget'
	ck limits/budget_answers "the explorer does not answer after the budget stop" answers 6
	enter 'lua print(("FRESH"):rep(2))'
	ck limits/budget_next "the next script does not run after the budget stop" wait_message FRESHFRESH
	start -x $W -y $H -- --sandbox || { fail scripts/limits "the explorer did not open with --sandbox"; return; }
	enter 'lua os.execute("true")'
	ck limits/sandbox "--sandbox: os.execute on the screen is not refused ('os')" \
		wait_until since_has '> lua os.execute("true")' "'os'"
	enter 'lua print(("SAND"):rep(2), 6 * 7)'
	ck limits/sandbox_plain "--sandbox: a plain chunk on the screen does not print 'SANDSAND 42'" \
		wait_message_re '^SANDSAND +42$'
}

# ---- script errors ----
cat >"$S/late_error.lua" <<'EOF'
deadrelu.sleep(0.1)
local function bad(x)
	error("deliberate failure " .. x)
end
bad(7)
EOF
cat >"$S/early_error.lua" <<'EOF'
local t = deadrelu.get()
local function worse()
	return t.nothing.here
end
worse()
EOF
t_errors() {
	start -x $W -y $H || { fail scripts/errors "the explorer did not open"; return; }
	enter 'set depth 12 width 5'
	wait_param depth 12
	enter "run $S/late_error.lua"
	ck error/message "no 'late_error.lua:3: deliberate failure 7' in the message area" \
		wait_message 'late_error.lua:3: deliberate failure 7'
	ck error/script_error "the error is not labelled 'script error'" \
		since_has "> run $S/late_error.lua" 'script error'
	ck error/traceback "no 'stack traceback' naming bad (late_error.lua:3) and the main chunk (late_error.lua:5)" \
		eval 'in_messages "stack traceback" && in_messages_re "late_error\.lua:3: in .*bad" && in_messages_re "late_error\.lua:5: in main chunk"'
	ck error/params_kept "depth 12 / width 5 changed after the script error" eval 'param_shown depth 12 && param_shown width 5'
	ck error/answers "the explorer does not answer after the script error" answers 9

	# An error before the script's first wait is a script error too.
	enter "run $S/early_error.lua"
	ck error/early_message "no 'early_error.lua:3:' error in the message area" \
		wait_until since_has "> run $S/early_error.lua" 'early_error.lua:3: attempt to index a nil value'
	ck error/early_traceback "no traceback naming worse (early_error.lua:3) and the main chunk (early_error.lua:5)" \
		eval 'since_has "> run $S/early_error.lua" "stack traceback" &&
			since_has_re "> run $S/early_error.lua" "early_error\.lua:3: in .*worse" &&
			since_has_re "> run $S/early_error.lua" "early_error\.lua:5: in main chunk"'
	ck error/early_script_error "an error raised before the script's first wait is not labelled 'script error' (got: $(since "> run $S/early_error.lua" | grep -E 'error.*early_error' | tail -n 1))" \
		since_has "> run $S/early_error.lua" 'script error'
	ck error/early_params_kept "depth 9 / width 5 changed after the early error" eval 'param_shown depth 9 && param_shown width 5'
	ck error/early_answers "the explorer does not answer after the early error" answers 10
}

# ---- shipped scenarios on the screen: tour by file and by name ----
t_tour() {
	start -x $W -y $H || { fail scripts/tour "the explorer did not open"; return; }
	enter 'run lua/tour.lua'
	ck tour/caption "the tour's first caption is not shown with its step number" \
		wait_message '1/5  depth kills a narrow net (width 3). Look at the simulated curve' 15
	ck tour/live "the tour did not make depth 40 / width 3 live" eval 'wait_param depth 40 && param_shown width 3'
	ck tour/pause "the tour does not wait at 'Enter: width saves it' showing its step keys" \
		eval 'wait_message "Enter: width saves it" 15 && wait_for "Enter/→ next  ← back  . again  Home: start"'
	ck tour/table "the tour's first table is not in the messages" in_messages '1. Depth kills a narrow network'
	send Enter
	ck tour/continues "Enter did not move the tour on to step 2" \
		wait_until -t 15 caption_is '2/5  width log2(depth) + 2 saves it'
	wait_message 'Enter: the input set moves the truth between the bounds' 15
	send Left
	ck tour/back "Left at step 2 did not go back to step 1 (its caption and its depth 40)" \
		eval 'wait_until -t 15 caption_is "1/5  depth kills a narrow net" && wait_param depth 40'
	wait_message 'Enter: width saves it' 15
	send .
	send 4 # the messages view: every line, not the last few
	ck tour/repeat "'.' did not run step 1 again: its caption should be in the messages three times (first, back, again)" \
		wait_until -t 15 eval '[ "$(screen | grep -c "^1/5  depth kills a narrow net")" -ge 3 ] && caption_is "1/5  depth"'
	send 1
	send Right
	wait_until -t 15 caption_is '2/5  width'
	wait_message 'Enter: the input set moves the truth between the bounds' 15
	send Home
	ck tour/restart "Home did not start the tour over at step 1" wait_until -t 15 caption_is '1/5  depth kills'
	wait_message 'Enter: width saves it' 15
	send Enter
	wait_until -t 15 caption_is '2/5  width'
	wait_message 'Enter: the input set moves the truth between the bounds' 15
	send Enter
	# section 3 talks about the input set: the plot it waits on is the
	# radius one, with the whole interval's bracket beside the sample
	ck tour/region_step "section 3 does not wait on the radius plot with the whole set drawn" \
		eval 'wait_message "Enter: sign flipping" 20 && wait_for "P(network alive) vs radius" && wait_for "whole set"'
	send C-c
	ck tour/stopped "Ctrl-C did not stop the tour" wait_message 'script stopped' 3
	enter 'reset'
	wait_param depth 20
	enter 'run tour'
	ck tour/by_name "'run tour' did not find the scenario by name" \
		wait_message 'Enter: width saves it' 15
	send C-c
	wait_message 'script stopped' 3
}

# ---- view() and command() on the screen ----
t_view_command() {
	start -x $W -y $H || { fail scripts/view "the explorer did not open"; return; }
	enter 'lua deadrelu.view("layers")'
	ck view/layers "view('layers') did not show 'view:layers' in the title bar" wait_for 'view:layers'
	enter 'lua deadrelu.view("width")'
	ck view/axis "view('width') did not show 'x:width' in the title bar" wait_for 'x:width'
	enter 'lua deadrelu.view("sideways")'
	ck view/bad "view('sideways') did not show the allowed names" wait_message "view: bad value 'sideways'"
	enter 'lua deadrelu.command("hello", "says hi", function(w) print("printed " .. w) return "hi " .. w end)'
	enter 'hello bob'
	ck command/runs "the Lua command 'hello bob' did not answer 'hi bob'" wait_message 'hi bob'
	ck command/print "the command's print output is not shown" in_messages 'printed bob'
	enter 'help hello'
	ck command/help "'help hello' does not show its help text" wait_message 'says hi'
}

# ---- a runaway loop inside a coroutine: Ctrl-C must still stop it ----
t_coroutine() {
	start -x $W -y $H || { fail scripts/coroutine "the explorer did not open"; return; }
	enter 'lua coroutine.wrap(function() while true do end end)()'
	sleep 0.5
	send C-c
	if wait_message interrupted 3; then
		pass scripts/runaway/coroutine
		ck runaway/coroutine_answers "the explorer does not answer after the coroutine loop" answers 4
	else
		fail scripts/runaway/coroutine "Ctrl-C on 'lua coroutine.wrap(function() while true do end end)()' did not stop it within 3 s (the explorer hangs; killed)"
	fi
	kill_hung
	start -x $W -y $H || { fail scripts/coroutine "the explorer did not open"; return; }
	enter 'lua coroutine.resume(coroutine.create(function() coroutine.wrap(function() while true do end end)() end))'
	sleep 0.5
	send C-c
	if wait_until -t 3 since_has '> lua coroutine.resume(' interrupted; then
		pass scripts/runaway/coroutine_nested
		ck runaway/coroutine_nested_answers "the explorer does not answer after the nested coroutine loop" answers 4
	else
		fail scripts/runaway/coroutine_nested "Ctrl-C on a runaway loop in a coroutine inside coroutine.resume did not stop it within 3 s (killed)"
	fi
	kill_hung
}

# ---- long captions and messages wrap at words, at 80x24 ----
cat >"$S/wrap.lua" <<'EOF2'
deadrelu.caption("WRAPCAP alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo CAPEND")
print("WRAPMSG lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu MSGEND")
deadrelu.pause()
EOF2
# every WORD of the list on ROWS (text), whole on one row
whole_words() {
	local rows=$1 w
	shift
	for w in "$@"; do
		grep -qE -- "(^|[^A-Za-z])$w([^A-Za-z]|\$)" <<<"$rows" || return 1
	done
}
t_wrap() {
	start -x 80 -y 24 || { fail scripts/wrap "the explorer did not open"; return; }
	wait_message 'simulation done' 10 # (not a line between the script's)
	enter "run $S/wrap.lua"
	wait_for 'Enter/Space: continue'
	wait_message MSGEND
	local cap
	cap=$(sed -n 2,4p <<<"$SCREEN") # (the parameter panel's words are no caption's)
	ck wrap/caption "the caption is not all there, each word whole, at 80x24 (rows 2-4: '$cap')" \
		whole_words "$cap" WRAPCAP alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo CAPEND
	ck wrap/caption_rows "the caption does not take two rows at 80x24" \
		eval '[[ $(sed -n 1p <<<"$cap") == *WRAPCAP* && $(sed -n 2p <<<"$cap") == *CAPEND* ]]'
	ck wrap/message "a long message is cut or broken inside a word at 80x24" \
		whole_words "$(messages)" WRAPMSG lima mike november oscar papa quebec romeo sierra tango uniform victor \
		whiskey xray yankee zulu MSGEND
	send Enter
	stop
}

# ---- save: a script on the screen is its run, not also its commands ----
cat >"$S/waits.lua" <<'EOF2'
deadrelu.sleep(0.2)
deadrelu.cmd("set depth 7")
print("WAITS-DONE")
EOF2
t_save_script() {
	start -x $W -y $H || { fail scripts/save_script "the explorer did not open"; return; }
	enter "run $S/waits.lua"
	wait_message WAITS-DONE 10
	enter "save $S/saved.lua"
	wait_message "wrote $S/saved.lua" 5
	local runs sets
	runs=$(grep -c "^cmd(\"run $S/waits.lua\")" "$S/saved.lua")
	sets=$(grep -c '^cmd("set depth 7")' "$S/saved.lua")
	ck save/script_once "a screen script's command after its wait was recorded besides its run (runs $runs, set depth 7: $sets)" \
		eval '[ "$runs" = 1 ] && [ "$sets" = 0 ]'
	stop
}

# ---- a caption goes with the script that set it ----
cat >"$S/capend.lua" <<'EOF2'
deadrelu.caption("CAPTION-ENDS")
deadrelu.sleep(0.5)
print("CAPEND-DONE")
EOF2
t_caption_ends() {
	start -x $W -y $H || { fail scripts/caption_ends "the explorer did not open"; return; }
	enter "run $S/capend.lua"
	ck caption_ends/shown "the caption 'CAPTION-ENDS' is not shown while its script runs" \
		wait_until caption_is CAPTION-ENDS
	wait_message CAPEND-DONE
	ck caption_ends/gone "the caption outlives its script: '$(caption_row)'" wait_until caption_gone CAPTION-ENDS
	ck caption_ends/noted "the caption is not kept among the messages" in_messages CAPTION-ENDS
	stop
}

# ---- io.write goes to the messages, as print does ----
cat >"$S/iowrite.lua" <<'EOF2'
for i = 1, 30 do io.write("IOWRITE-", i, "\n") end
io.write("IOWRITE-PART "):write("IOWRITE-LAST\n")
io.write("IOWRITE-WAITS")
deadrelu.sleep(0.2)
print("IOWRITE-DONE")
io.write("IOWRITE-TAIL")
EOF2
t_iowrite() {
	start -x $W -y $H || { fail scripts/iowrite "the explorer did not open"; return; }
	enter "run $S/iowrite.lua"
	wait_message IOWRITE-DONE
	ck iowrite/messages "io.write from a script did not reach the messages" \
		eval 'in_messages IOWRITE-30 && in_messages "IOWRITE-PART IOWRITE-LAST"'
	# a line without its newline: shown when the script waits, and at its end
	ck iowrite/before_wait "io.write without a newline before a sleep is not shown while it sleeps" \
		in_messages_re "^IOWRITE-WAITS\$"
	ck iowrite/at_end "io.write without a newline at the script's end is never shown" wait_message IOWRITE-TAIL
	ck iowrite/no_scroll "io.write scrolled the display: the title bar is not on row 1 ('$(head -n 1 <<<"$SCREEN")')" \
		eval '[[ $(head -n 1 <<<"$SCREEN") == " deadrelu  F1 help"* ]]'
	stop
}

for t in ${ONLY:-t_save_script t_wrap t_caption_ends t_iowrite t_same t_pause t_sleep t_runaway t_limits t_errors t_tour t_view_command t_coroutine}; do
	$t
	[ -n "${TIMING:-}" ] && echo "# $t done at $(tt_elapsed) s"
done
echo "tui/test_scripts.sh: done in $(tt_elapsed) s"
