#!/usr/bin/env bash
# tests/tui/test_mouse.sh - the mouse as a person uses it: click a
# parameter, the wheel on it, a key's piece and a view's tab in the title,
# the plot to read its values, the wheel on the messages and the help;
# `display mouse off`; reporting off again after quitting and after a crash.
# Reports are typed into the pane as a terminal sends them (X10 for
# TERM=screen, SGR for xterm-256color), with a release after each press as
# terminals do. Prints "PASS tui/mouse/NAME" / "FAIL tui/mouse/NAME: why".
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8

ck() { check "mouse/$1" "${@:2}"; }

# X10 reports: ESC [ M, then button, column and row, each + 32 (from 1).
x10() { printf '1b 5b 4d %x %x %x ' "$(($1 + 32))" "$(($2 + 33))" "$(($3 + 33))"; }
click() { send -H $(x10 0 "$1" "$2") $(x10 3 "$1" "$2"); sleep 0.2; }
# wheel up|down COL ROW [N]: N notches (default 1) in one write
wheel() {
	local b=64 keys= i
	[ "$1" = down ] && b=65
	for ((i = 0; i < ${4:-1}; i++)); do keys+=$(x10 $b "$2" "$3"); done
	send -H $keys
	sleep 0.3
}
# sgr BUTTON COL ROW M|m: an SGR (1006) report, columns and rows from 1.
sgr() { send -H $(printf '\033[<%d;%d;%d%s' "$1" "$(($2 + 1))" "$(($3 + 1))" "$4" | od -An -tx1); }

# col_of TEXT: the column (from 0) where TEXT first starts on the screen,
# row_of TEXT: its row (from 0).
row_of() { screen >/dev/null; awk -v t="$1" 'index($0, t) { print NR - 1; exit }' <<<"$SCREEN"; }
col_of() {
	screen >/dev/null
	local line
	line=$(grep -m1 -F -- "$1" <<<"$SCREEN") || { echo -1; return; }
	local before=${line%%"$1"*}
	echo "${#before}"
}
# The message area (rows between the status line and the prompt) as one line.
messages() {
	screen >/dev/null
	awk '/^ (L [0-9]|bounds n\/a)/ { f = 1; next } /^deadrelu>/ { f = 0 } f' <<<"$SCREEN" | tr '\n' ' '
}
# The plot's x axis: its row and the first column and width of its rule.
axis() {
	screen >/dev/null
	local n=0 line rest lead rule
	while IFS= read -r line; do
		if [[ $line =~ ││(\ +)([─▲]+)\ │$ ]]; then
			rest=${line%%"${BASH_REMATCH[0]}"}
			lead=${BASH_REMATCH[1]}
			rule=${BASH_REMATCH[2]}
			echo "$n $((${#rest} + 2 + ${#lead})) ${#rule}"
			return
		fi
		n=$((n + 1))
	done <<<"$SCREEN"
}

start || { fail mouse/start "the explorer did not open"; exit 0; }
wait_for 'simulation done' 10

pane_flag_is() { [ "$(pane '#{mouse_standard_flag}')" = "$1" ]; }

ck reporting-on "the explorer does not ask the terminal for mouse reports" eval '[ "$(pane "#{mouse_standard_flag}")" = 1 ]'

# ---- a click selects a parameter, and the panel's keys act on it ----
click "$(col_of 'width ')" "$(row_of ' width ')"
ck click-selects "a click on the width row does not select it" on_screen_re '^[│|]>width +4 '
ck click-focus "a click on a parameter does not give the panel the keys" on_screen 'parameters (keys)'
send Right
ck click-then-key "Right after clicking width did not step width (4 -> 5)" wait_param width 5

# ---- the wheel steps the parameter under the pointer, as Right/Left ----
y=$(row_of ' input_dim ')
wheel up 5 "$y" 2
ck wheel-up "two notches up on input_dim 2 do not make it 4 (as Right twice: +1 each)" wait_param input_dim 4
ck wheel-selects "the wheel on input_dim does not select it" on_screen_re '^[│|]>input_dim '
wheel down 5 "$y"
ck wheel-down "a notch down on input_dim 4 does not make it 3" wait_param input_dim 3
# eight notches in one write: read as a burst (48 bytes), each decoded
wheel down 5 "$(row_of ' width ')" 8
ck wheel-burst "eight fast notches down on width 5 do not reach its minimum 1" wait_param width 1
ck wheel-burst-clean "a burst of wheel reports left bytes at the prompt: '$(prompt_line)'" prompt_is 'deadrelu>'

# ---- the plot: a click reads the values at that depth ----
send Escape
enter 'set width 4 input_dim 2'
wait_for_re "^ L $(lower_bound 4 20)  U .*\| 2000/2000 " 10 # (the run of these settings done)
read -r ay ax aw <<<"$(axis)"
ck plot-axis "the plot's x axis was not found" eval '[ -n "$aw" ] && [ "$aw" -ge 20 ]'
d=7
click $((ax + (d - 1) * (aw - 1) / 19 + ((d - 1) * (aw - 1) % 19 * 2 >= 19 ? 1 : 0))) $((ay - 3))
sleep 0.3
m=$(messages)
want_sim=$(./deadrelu -c "set depth $d; simulate" | sed -n 's/^P(alive) = \([0-9.]*\) .*/\1/p')
want_lo=$(lower_bound 4 $d)
ck plot-depth "a click at depth $d of the plot does not read depth $d: '$m'" eval '[[ $m == *"depth $d of 20 (hidden layers):"* ]]'
ck plot-simulated "the plot's reading at depth $d is not the simulation of depth $d ($want_sim): '$m'" \
	eval '[[ $m == *"simulated $want_sim ["* ]]'
ck plot-bounds "the plot's reading at depth $d lacks the lower bound (1-2^-4)^$d = $want_lo: '$m'" \
	eval '[[ $m == *"bounds $want_lo to "* ]]'
ck plot-about "the plot's reading does not say what its numbers are about: '$m'" \
	eval '[[ $m == *"on the sample"* && $m == *"on the whole input set"* ]]'
click $((ax + aw - 1)) "$ay"
m=$(messages)
s=$(screen | grep -E '^ L ' | sed -n 's/.*| sim \([0-9.]*\) .*/\1/p')
ck plot-end "a click on the axis's last column does not read depth 20 as the status line does ($s): '$m'" \
	eval '[[ -n $s && $m == *"depth 20 of 20 (hidden layers): simulated $s ["* ]]'

# on the width axis: the sweep point nearest the click
send F3
wait_for 'P(network alive) vs width'
wait_for_re '^ L .*\| 2000/2000 \| seed' 10
read -r ay ax aw <<<"$(axis)"
last=$(screen | sed -n "$((ay + 2))p" | grep -oE '[0-9]+ +[│|]$' | grep -oE '^[0-9]+')
# (the sweep's points run after the main run: click until the last has run)
read_width_end() { click $((ax + aw - 1)) "$ay"; m=$(messages); [[ $m != *"not simulated yet"* ]]; }
wait_until -t 20 read_width_end
ck plot-width "a click at the width axis's end ($last) does not read that width with its lower bound $(lower_bound "${last:-0}" 20): '$m'" \
	eval '[[ -n $last && $m == *"width $last (depth 20): simulated "*"bounds $(lower_bound "$last" 20) to "* ]]'
send F3 F3

# ---- the wheel scrolls the messages ----
enter 'show'
my=$(( $(row_of 'deadrelu>') - 1 ))
wheel up 10 "$my"
# (three lines a notch; more when output came since: a scrolled view stays put)
n=$(screen | sed -n 's/^ scrolled -\([0-9]*\) .*/\1/p')
ck wheel-messages "a notch up on the messages does not scroll them back three lines: '${n}'" eval '[ "${n:-0}" -ge 3 ]'
wheel down 10 "$my" $(((${n:-0} + 2) / 3))
ck wheel-messages-back "the wheel down does not bring the newest messages back" wait_gone 'scrolled -'

# ---- the title at 120 columns: tabs for the views, keys clickable ----
start -x 120 -y 30
wait_for 'simulation done' 10
ck tabs "the title bar at 120 columns does not name the views as tabs" on_screen '1 plot  2 layers  3 map  4 messages'
click $(($(col_of '3 map') + 1)) 0
ck tab-map "a click on the tab '3 map' does not open the map" wait_for 'lower bound: width x depth'
click $(($(col_of 'F4 y:') + 1)) 0
ck fkey-f4 "a click on 'F4 y:linear' does not switch to the log scale" wait_for 'F4 y:log'
click $(($(col_of 'F1 help') + 1)) 0
ck fkey-help "a click on 'F1 help' does not open the help" wait_for 'help: keys and commands'
ck help-names-mouse "the help does not name the mouse" on_screen 'on plot   the values there; wheel steps'
click $(($(col_of '1 plot') + 1)) 0
ck tab-plot "a click on the tab '1 plot' does not go back to the plot" wait_for 'P(network alive) vs depth'

# ---- the wheel scrolls the help where it does not fit (60x17) ----
start -x 60 -y 17
send F1
wait_for 'help: keys and commands'
wheel down 10 5
ck wheel-help "the wheel down on the help does not scroll it" wait_for_re 'above: Up/PgUp'
wheel up 10 5
ck wheel-help-back "the wheel up does not scroll the help back to its top" wait_gone 'above: Up/PgUp'

# ---- SGR reports (xterm-256color) ----
TT_TERM=xterm-256color start
ck sgr-on "with xterm-256color the explorer does not ask for SGR reports" eval '[ "$(pane "#{mouse_sgr_flag}")" = 1 ]'
y=$(row_of ' input ')
sgr 0 5 "$y" M
sgr 0 5 "$y" m
sleep 0.3
ck sgr-click "an SGR click on the input row does not select it" on_screen_re '^[│|]>input '
y=$(row_of ' width ')
send -H $(for i in 1 2 3 4 5 6; do printf '\033[<64;6;%dM' $((y + 1)); done | od -An -tx1)
ck sgr-wheel-burst "six SGR notches up on width 4 (one write) do not make it 10" wait_param width 10
ck sgr-clean "SGR reports left bytes at the prompt: '$(prompt_line)'" prompt_is 'deadrelu>'

# ---- display mouse off gives the mouse back; reporting ends with the program ----
start
enter 'display mouse off'
ck off "display mouse off leaves mouse reporting on" wait_until pane_flag_is 0
enter 'display mouse on'
ck on-again "display mouse on does not ask for reports again" wait_until pane_flag_is 1
send C-d
wait_exit
ck quit-off "after quitting, the terminal still sends mouse reports" eval '[ "$(pane "#{mouse_standard_flag}")" = 0 ]'
start
kill -SEGV "$TT_PID"
wait_exit
ck crash-off "after a crash, the terminal still sends mouse reports" eval '[ "$(pane "#{mouse_standard_flag}")" = 0 ]'
