#!/usr/bin/env bash
# tests/tui/test_certify.sh - with certify on, the screen says what is known
# about the whole input set beside the sample's estimate: the status line
# names the set with its interval, and the message at the end of the run
# gives the same numbers as the headless run (same seed, same trials); the
# plot draws the bracket and names it in its legend, on the depth axis and
# on a swept one, and with certify off neither is there.
. "$(dirname "$0")/lib.sh"

set_cmd='set certify bracket depth 10 width 3 trials 500'
# the headless interval, whole (JSON), to be rounded as the screen rounds it
want=$("$DEADRELU" --json -c "$set_cmd; simulate" | tail -n 1 |
	sed -n 's/.*"region_lo":\([-0-9.eE+]*\),"region_hi":\([-0-9.eE+]*\),.*/\1 \2/p')
read -r lo_x hi_x <<<"$want"
lo=$(awk -v v="$lo_x" 'BEGIN { printf "%.4f", v }')
hi=$(awk -v v="$hi_x" 'BEGIN { printf "%.4f", v }')
start -x 120 -y 30 || { fail certify "no prompt"; exit; }
enter "$set_cmd"
check certify/message "no 'whole input set (ball): P(alive) between $lo and $hi' message after the run (headless: '$want')" \
	wait_for "whole input set (ball): P(alive) between $lo and $hi (certify bracket"
short=$(awk -v a="$lo_x" -v b="$hi_x" 'BEGIN { printf "| ball [%.3f, %.3f] |", a, b }')
check certify/status "the status line lacks '$short'" wait_for "$short"
check certify/sample_words "the end-of-run message does not say the estimate is the sample's" \
	wait_for "500 trials x 256 points"
check certify/legend "the plot's legend does not name the whole set" wait_for "⡇ ⡇ whole set"
send F3
check certify/width_axis "F3 did not switch the plot to width" wait_for "P(network alive) vs width"
check certify/width_legend "the width sweep's points draw no whole-set bracket" wait_for "⡇ ⡇ whole set"
send F3
check certify/radius_axis "F3 did not switch the plot to radius" wait_for "P(network alive) vs radius"
check certify/radius_legend "the radius sweep's points draw no whole-set bracket" wait_for "⡇ ⡇ whole set"
enter 'set certify off'
check certify/legend_off "with certify off the legend still names the whole set" wait_gone "whole set"
check certify/off "with certify off the status line still shows the set's interval" \
	wait_gone "| ball ["
