#!/usr/bin/env bash
# tests/tui/test_small.sh - the documented minimum, 60x17: every view
# readable, nothing cut in the middle, nothing drawn over something else.
# Prints "PASS tui/small/NAME" / "FAIL tui/small/NAME: why". Needs tmux.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8

ck() { check "small/$1" "${@:2}"; }
row() { screen >/dev/null; sed -n "${1}p" <<<"$SCREEN"; }
status_row() { screen >/dev/null; grep -E '^ (L [0-9]|bounds n/a)' <<<"$SCREEN"; }
# The column (from 1) where the main panel's box starts on row 2: the
# second top-left corner.
main_col() {
	local r p
	r=$(row 2)
	p=${r%%┐┌*}
	[ "$p" = "$r" ] && { echo 0; return; }
	echo $(( ${#p} + 2 )) # (characters: the locale is UTF-8)
}

start -x 60 -y 17 || { fail small/start "the explorer did not open at 60x17"; exit 0; }
wait_for 'simulation done' 10

# ---- the title: whole hints, the keys kept ----
t=$(row 1)
ck title-keys "the title bar at 60 columns lacks a whole F1/F2/F3/F4 hint: '$t'" \
	eval '[[ $t == *"F1 help"* && $t == *"F2 view:plot"* && $t == *"F3 x:depth"* && $t == *"F4 y:linear"* ]]'
ck title-fits "the title bar runs past 60 columns or ends cut: '$t'" \
	eval '[ "$(printf %s "$t" | wc -m)" -le 60 ] && [[ ! $t =~ [A-Za-z]$ || $t =~ (params|keys|linear|log|views)$ ]]'

# ---- the parameter panel leaves the plot room ----
c=$(main_col)
ck params-width "the parameter panel takes $c columns of 60 (want at most 25)" eval '[ "$c" -gt 0 ] && [ "$c" -le 25 ]'
ck params-values "the parameter panel cuts 'he-normal' at 60 columns" param_shown weights he-normal

# ---- the status line: the count whole, never '2000/200' ----
s=$(status_row)
ck status-count "the status line's trial count is not whole: '$s'" eval '[[ $s =~ \|\ 2000/2000( |$) ]]'
ck status-estimate "the status line lacks the estimate: '$s'" eval '[[ $s =~ \|\ sim\ 0\.[0-9]{4} ]]'

# ---- the layers view: heading whole, the sampled net has rows ----
enter 'view layers'
wait_for 'sampled net' 5
heading=$(row 3)
ck layers-heading "the layers heading is cut or overwritten: '$heading'" \
	eval '[[ $heading =~ [│|]\ living\ (fraction\ )?(after|by)\ layer.*(\)|:)\ *[│|]$ ]]'
# rows between "sampled net" and the legend "layer 1..": units (· ░ ▒ ▓ █)
units=$(screen | awk '/sampled net/ { f = 1; next } /layer 1\.\./ { f = 0 } f' | grep -c '[·░▒▓█]')
ck layers-grid "the sampled network shows $units rows of units at 60x17 (want at least 3)" eval '[ "$units" -ge 3 ]'
ck layers-legend "the layers legend is not on screen whole" on_screen_re 'layer 1\.\.[0-9]+\+? +· dead +█>75%'
ck layers-title-kept "the sampled net's title is overwritten ('+N' over it)" on_screen_re '[│|] (one )?sampled net'

# ---- the map: x labels apart, the legend whole ----
enter 'view map'
wait_for 'lower bound: width x depth' 5
ck map-ticks "the map's depth labels run together at 60 columns" on_screen_re '[│|] +1 +1e2 +1e4 +1e6 *[│|]'
ck map-legend "the map's legend is cut at 60 columns" on_screen_re '█≥90 ▓≥50 ▒≥10 ░≥1 %'
ck map-you "the map's 'you are here' line is cut" on_screen_re '◆ 4 x 20 *[│|]'

# ---- help: scrolls, says so ----
send F1
wait_for 'help: keys and commands' 5
ck help-more "the help at 60x17 does not say more is below" on_screen_re '↓ [0-9]+ more: Down/PgDn'
ck help-no-end "the help's last row (quit) shows at once: nothing to scroll?" eval '! on_screen_re "[│|] quit +[│|]"'
send NPage NPage NPage NPage
ck help-scrolled "PgDn did not scroll the help to its end (the quit row)" wait_for_re '[│|] quit +[│|]'
ck help-above "the scrolled help does not say rows are above" on_screen_re '↑ [0-9]+ above: Up/PgUp'
ck help-at-end "at the end the help still says more is below" eval '! on_screen_re "↓ [0-9]+ more"'
send Up
ck help-up "Up did not scroll the help back a row" wait_for_re '↓ 1 more: Down/PgDn'
send PPage PPage PPage PPage
ck help-top "PgUp did not bring the help back to its top (the 'keys' heading)" wait_for_re '[│|] keys( |$)'
ck help-hidden "Up/Down in the help moved the hidden selection off depth" eval 'send F1; wait_for_re "^[│|]>depth "'

# ---- a paused lesson: its keys fit ----
cat >"$TT_TMP/lesson.lua" <<'EOF'
deadrelu.step(2, 3, "a step")
deadrelu.pause()
EOF
enter "run $TT_TMP/lesson.lua"
ck lesson-keys "a lesson's keys at 60 columns are not shown whole inside the plot's side" \
	wait_for_re '^[│|][^│|]*[│|] +→ ?next ←'
send Enter

# ---- bounds that do not apply: the note, and the legend of what is drawn ----
enter 'set weights rai'
ck rai-note "the plot at 60x17 does not say why the bounds are not drawn" wait_for 'bounds not drawn: weights rai'
ck rai-legend "without the bounds the legend lost the simulated curve and its interval" \
	on_screen_re '[│|] .* simulated +.* interval +[│|]'
ck rai-no-bound-legend "the legend names a bound that is not drawn" eval '! on_screen_re "[│|] .* (upper|lower) +.* simulated"'
plot_rows=$(screen | awk '/P\(network alive\)/ { f = 1; next } f && /─────/ { exit } f' | wc -l)
ck rai-plot-rows "the plot keeps $plot_rows rows at 60x17 beside the note (want at least 4)" eval '[ "$plot_rows" -ge 4 ]'
stop
echo "tui/test_small.sh: done in $(tt_elapsed) s"
