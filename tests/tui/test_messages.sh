#!/usr/bin/env bash
# tests/tui/test_messages.sh - text output is never lost: the small message
# area says when the last command printed more than it shows, the messages
# view (4, F2, `view messages`) holds every line, scrolls by pages, and
# `/TEXT` finds lines in it. Prints "PASS tui/messages/NAME" /
# "FAIL tui/messages/NAME: why". Needs tmux.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8

ck() { check "messages/$1" "${@:2}"; }
title_of_log() { screen >/dev/null; grep -oE '─ messages: [^─]*' <<<"$SCREEN" | head -n 1; }

# What `show` prints, from the headless program: the lines the screen must keep.
show_out=$("$DEADRELU" -c 'show')
nshow=$(wc -l <<<"$show_out")
first=$(head -n 1 <<<"$show_out" | awk '{ print $1, $2 }')
last=$(tail -n 1 <<<"$show_out" | awk '{ print $1, $2 }')

start -x 80 -y 30 || { fail messages/start "the explorer did not open"; exit 0; }
wait_for 'simulation done' 10

# ---- the small area: "N more lines above" ----
enter 'show'
# Each line of show fits one row at 80 columns; 3 rows, one of them the
# mark: the last two lines show, so nshow - 2 are above.
want=$((nshow - 2))
ck more-mark "after 'show' ($nshow lines) the message area does not say '$want more lines above'" \
	wait_for_re "^ $want more lines above: view messages \\(4\\) or PgUp *\$"
ck more-last "the message area does not end with show's last line ('$last')" \
	eval 'screen >/dev/null; [ "$(grep -B1 "^deadrelu>" <<<"$SCREEN" | head -n 1 | awk "{ print \$1, \$2 }")" = "$last" ]'
enter 'show depth'
ck more-gone "one line of output still gets the 'more lines' mark" \
	eval 'wait_for "depth = 20" && ! on_screen_re "more lines above"'

# ---- the messages view: every line ----
enter 'show'
send 4
ck view-opens "4 with an empty prompt did not open the messages view" wait_for_re '─ messages: [0-9]+ lines'
ck view-all "the messages view does not hold show's first and last lines ('$first', '$last')" \
	eval 'on_screen_re "^${first/ / +}" && on_screen_re "^${last/ / +}"'
ck view-echo "the messages view lacks the command's echo '> show'" on_screen_re '^> show *$'
ck view-status "the status line is not on screen in the messages view" on_screen_re '^ L 0\.[0-9]{4}'

# ---- PgUp: a page back; the title says where ----
total=$(title_of_log | grep -oE '[0-9]+ lines' | grep -oE '[0-9]+')
send PPage
ck page-up "PgUp in the messages view did not go back a page (title: '$(title_of_log)')" \
	wait_until eval '[[ $(title_of_log) =~ line\ ([0-9]+)\ of\ $total ]] && [ "${BASH_REMATCH[1]}" -lt "$total" ] && [ "${BASH_REMATCH[1]}" -le $((total - 15)) ]'
send End
ck end-key "End did not go back to the newest line" wait_until eval '[[ $(title_of_log) == *"$total lines"* ]]'

# ---- /TEXT finds, / again finds older, a miss says so ----
enter '/bias_scale'
ck find "'/bias_scale' did not scroll to a line holding it (at the log's bottom, wrapped over up to 2 rows)" \
	wait_until eval 'screen | grep -B2 "^ L 0\.[0-9]" | head -n 2 | grep -q "^bias_scale"'
at1=$(title_of_log | grep -oE 'line [0-9]+' | grep -oE '[0-9]+')
enter '/'
ck find-again "'/' alone did not find an older bias_scale line (was line $at1: '$(title_of_log)')" \
	wait_until eval 'at=$(title_of_log | grep -oE "line [0-9]+" | grep -oE "[0-9]+"); [ -n "$at" ] && [ "$at" -lt "$at1" ]'
enter '/no-such-words-here'
ck find-miss "a search that finds nothing does not say so" wait_for '/no-such-words-here: not found'
ck find-not-run "the search ran as a command" not_on_screen 'unknown command'

# ---- F2 goes on from the messages view to the plot ----
send F2
ck f2-on "F2 from the messages view did not go to the plot" wait_for 'P(network alive) vs depth'
stop
echo "tui/test_messages.sh: done in $(tt_elapsed) s"
