#!/usr/bin/env bash
# tests/tui/test_colours.sh - no view tells things apart by red against
# green, the pair the common colour blindnesses confuse: with 8 colours
# (TERM=screen) and with 256 (screen-256color) the plot, layers and map
# views use no green at all, and the layers and map draw living units and
# the >=90% band sky blue (cyan with 8), dead units and the 1-10% band
# vermillion (red). Reads the colours tmux keeps for each cell
# (capture-pane -e). Prints "PASS tui/colours/NAME" / "FAIL ...".
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8

# colour_of CHAR: the foreground SGR codes in front of the first run holding
# CHAR (e.g. "36" or "38;5;74"), from the last screen_attr capture.
ATTR=
colour_of() {
	grep -oP "\e\[[0-9;]*m[^\e]*\Q$1\E" <<<"$ATTR" | head -n 1 | grep -oP '(?<=\e\[)[0-9;]*(?=m)'
}
# green: SGR 32 or 92, or a 256-colour green (2, 10, 22-48, 64-83 ...): any
# index whose green clearly beats red and blue in the xterm-256 cube.
has_green() {
	grep -qP '\e\[(?:[0-9;]*;)?(?:32|92)(?:;[0-9;]*)?m' <<<"$ATTR" && return 0
	local i r g b
	for i in $(grep -oP '38;5;\K[0-9]+' <<<"$ATTR" | sort -un); do
		[ "$i" = 2 ] || [ "$i" = 10 ] && return 0
		((i >= 16 && i <= 231)) || continue
		r=$(((i - 16) / 36)) g=$((((i - 16) / 6) % 6)) b=$(((i - 16) % 6))
		((g >= r + 2 && g >= b + 2)) && return 0
	done
	return 1
}
views() {
	local term=$1 alive=$2 dead=$3
	TT_TERM=$term start || { fail "colours/$term" "no prompt"; return; }
	wait_for 'simulation done' 20
	for v in plot layers map; do
		enter "view $v"
		sleep 0.5
		ATTR=$(screen_attr)
		check "colours/$term/$v-no-green" "the $v view with $term uses green" eval '! has_green'
	done
	# the map at width 4, depth 20 spans all bands: >=90% at the left, 1-10% further right
	ATTR=$(screen_attr)
	check "colours/$term/map-high" "the map's >=90% band (█) is not $alive: '$(colour_of █)'" \
		eval '[[ "$(colour_of █)" =~ (^|;)$alive$ ]]'
	check "colours/$term/map-low" "the map's 1-10% band (░) is not $dead: '$(colour_of ░)'" \
		eval '[[ "$(colour_of ░)" =~ (^|;)$dead$ ]]'
	# a sampled net that dies: width 1 (a dead unit is '·')
	enter 'set width 2 depth 30'
	enter 'view layers'
	sleep 1
	ATTR=$(screen_attr)
	check "colours/$term/layers-dead" "dead units (·) in the layers view are not $dead: '$(colour_of ·)'" \
		eval '[[ "$(colour_of ·)" =~ (^|;)$dead$ ]]'
	enter 'reset'
}

views screen 36 31
views screen-256color '38;5;74' '38;5;166'
