#!/usr/bin/env bash
# tests/tui/test_view.sh - `view NAME` at the prompt switches what a person
# sees (the title bar says view:, x: and y:), the help view lists it, and Tab
# completes what the command table says each word is: command names, view
# names, parameter names and their values.
. "$(dirname "$0")/lib.sh"

title() { screen >/dev/null; head -n 1 <<<"$SCREEN"; }
title_has() { [[ $(title) == *"$1"* ]]; }
wait_title() { wait_until title_has "$1"; }

start || { fail view "no prompt"; exit; }

# ---- view switches the panel, the x-axis and the y-scale ----
enter 'view layers'
check view/layers "'view layers' did not show the layers view (title view:layers, 'one sampled net')" \
	eval 'wait_title "F2 view:layers" && wait_for "one sampled net"'
enter 'view width'
check view/axis "'view width' did not make width the x-axis (x:width in the title)" wait_title 'F3 x:width'
check view/axis-keeps-view "an axis is the plot's: the layers view should stay until 'view plot'" \
	title_has 'F2 view:layers'
enter 'view plot'
check view/plot "'view plot' did not come back to the plot, along width" wait_for 'P(network alive) vs width'
enter 'view log'
check view/log "'view log' did not make the y-scale log (y:log)" wait_title 'F4 y:log'
enter 'view linear'
check view/linear "'view linear' did not make the y-scale linear" wait_title 'F4 y:linear'
enter 'view depth'
check view/depth "'view depth' did not bring the depth axis back" wait_for 'P(network alive) vs depth'
enter 'view sideways'
check view/bad "'view sideways' did not say which names are allowed" \
	wait_for "view: bad value 'sideways' (allowed: plot, layers,"
check view/no-note "on the screen 'view' should not say there is no screen" not_on_screen 'no screen here'

# ---- log y-axis ticks: distinct, at decades (2 and 5 within a single
# decade), 1 at the top. The axis reaches down to the decade of the lowest
# lower bound (the status line's L): at depth 20 width 4 that is 0.275, one
# decade; at depth 200 it is 2.5e-6, six decades, every second one marked.
# y_ticks: the labels left of the plot, top to bottom, one per line.
# (right-aligned in five columns; the x-axis labels start past them)
y_ticks() { screen >/dev/null; sed -nE 's/^[│|].*[│|][│|]([ 0-9.e-]{4}[0-9]) .*/\1/p' <<<"$SCREEN" | tr -d ' '; }
ticks_are() { [ "$(y_ticks | tr '\n' ' ')" = "$1" ]; }
enter 'reset'
wait_for 'simulation done' 10
send F4
check view/log_ticks_one_decade "log ticks at depth 20 are not '1 0.5 0.2 0.1': '$(y_ticks | tr '\n' ' ')'" \
	wait_until ticks_are '1 0.5 0.2 0.1 '
enter 'set depth 200'
check view/log_ticks_decades "log ticks at depth 200 are not '1 0.01 1e-4 1e-6': '$(y_ticks | tr '\n' ' ')'" \
	wait_until -t 10 ticks_are '1 0.01 1e-4 1e-6 '
send F4
enter 'reset'
wait_title 'F4 y:linear'

# ---- why the bounds are not drawn: under the x ticks, not over them,
# wrapped at words, the rest pointed to in the messages ----
enter 'set arch batchnorm'
check view/why_ticks "the 'bounds not drawn' note covers the x ticks (1 5 10 15 20)" \
	eval 'wait_for "bounds not drawn: batchnorm:" && on_screen_re "[│|][│|] +1 +5 +10 +15 +20 [│|]"'
check view/why_words "the note is not wrapped at words with the rest in the messages" \
	eval 'on_screen_re "[│|][│|] bounds not drawn: batchnorm: bounds are for +[│|]" && on_screen "... (all in the messages)"'
enter 'set arch plain'
wait_for '⠒⠒ ⠒ upper'

# ---- x ticks: round values, more than three where they fit, whole
# numbers on integer axes, the current width or radius marked on the axis.
# 41 plot columns at 80x24: depth 1..20 in steps of 5; the width axis runs
# over 1..16, width 4 at column lround(3 / 15 * 40) = 8; the radius axis
# over 0.01..100 by decades, radius 1 at the middle, column 20.
check view/xticks_depth "the depth axis is not ticked 1 5 10 15 20" on_screen_re '[│|][│|] +1 +5 +10 +15 +20 [│|]'
enter 'view width'
check view/xticks_width "the width axis is not ticked in whole numbers 1 5 10 .. 16" \
	wait_for_re '[│|][│|] +1 +5 +10 +16 [│|]' 10
check view/xmark_width "width 4 is not marked on the width axis (8 columns in)" on_screen_re '[│|][│|]      [─-]{8}[▲^]'
enter 'view radius'
check view/xticks_radius "the radius axis is not ticked by decades 0.01 0.1 1 10 100" \
	wait_for_re '[│|][│|] +0\.01 +0\.1 +1 +10 +100 [│|]' 10
check view/xmark_radius "radius 1 is not marked mid-axis (20 columns in)" on_screen_re '[│|][│|]      [─-]{20}[▲^]'
enter 'view depth'
wait_for 'P(network alive) vs depth'

# ---- the help view lists the command ----
enter 'view help'
check view/help "'view help' did not show the help, listing 'view [NAME]'" \
	eval 'wait_for_re "[│|] keys( |$)" && on_screen "view [NAME]"'
enter 'view plot'
wait_for 'P(network alive) vs depth'

# ---- completion from the command table ----
type_text 'vi'
send Tab
check complete/command "'vi' Tab did not complete to 'view '" wait_prompt 'deadrelu> view'
type_text 'la'
send Tab
check complete/view-name "'view la' Tab did not complete to 'view layers '" wait_prompt 'deadrelu> view layers'
send C-u
type_text 'help vi'
send Tab
check complete/help-topic "'help vi' Tab did not complete to 'help view '" wait_prompt 'deadrelu> help view'
send C-u
type_text 'sweep wid'
send Tab
check complete/sweep-param "'sweep wid' Tab did not complete to 'sweep width '" wait_prompt 'deadrelu> sweep width'
send C-u
type_text 'depth 5 cri'
send Tab
check complete/shorthand-name "'depth 5 cri' Tab did not complete the second name to 'criterion '" \
	wait_prompt 'deadrelu> depth 5 criterion'
send C-u
type_text 'set signflip o'
send Tab Tab
check complete/value "'set signflip o' Tab Tab did not offer the values on and off" \
	wait_until eval 'screen >/dev/null; grep -qE "(^| )on  off( |$)|(^| )off  on( |$)" <<<"$SCREEN"'
send C-u
type_text 'simulate 1'
send Tab
check complete/count "'simulate 1' Tab should offer nothing (a count)" wait_prompt 'deadrelu> simulate 1'
send C-u
