#!/usr/bin/env bash
# tests/tui/test_plot_style.sh - the plot read without colour and from the
# back of a room. Each curve has a line style of its own, so that with
# NO_COLOR (or a washed-out projector) the screen keeps them apart: the
# simulated estimate thick, the upper bound dashed, the lower bound dotted,
# each as the legend shows it. `display lines thick` draws them in blocks,
# with a character for each and no braille; a bad setting is a one-line
# error that changes nothing; `display` lists the setting. The colours are
# the man page's: no blue, no green in the plot with 8 colours, and the
# Okabe-Ito indices with 256.
#
# A curve's cells are told apart by their colour on a colour screen (8
# colours, TERM=screen: upper cyan, lower red, simulated yellow, interval
# white), and the same screen under NO_COLOR must show the very same
# characters: then what tells the curves apart is the characters alone.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 # this script counts characters, not bytes

# plot_cells AXIS: from a capture-pane -e screen on stdin, the cells drawn in
# braille or blocks in the plot's rows (2 up to the x axis, row AXIS), one
# per line: ROW COL FG BOLD DOTS CHAR. FG is the SGR colour (39: none; a
# 256-colour index as itself); DOTS the braille dots set (0 for a block).
plot_cells() {
	local axis=$1 row=0 fg=39 bold=0 line part text codes col i k p ch cp d b
	local -a parts cs
	while IFS= read -r line; do
		col=0
		IFS=$'\e' read -ra parts <<<"$line"
		for ((p = 0; p < ${#parts[@]}; p++)); do
			part=${parts[p]}
			text=$part
			if ((p > 0)); then
				codes=${part%%m*}
				codes=${codes#[}
				text=${part#*m}
				IFS=';' read -ra cs <<<"$codes"
				for ((k = 0; k < ${#cs[@]}; k++)); do
					case ${cs[k]} in
					0 | '') fg=39 bold=0 ;;
					1) bold=1 ;;
					22) bold=0 ;;
					3[0-79]) fg=${cs[k]} ;;
					38) fg=${cs[k + 2]} k=$((k + 2)) ;;
					esac
				done
			fi
			for ((i = 0; i < ${#text}; i++)); do
				ch=${text:i:1}
				printf -v cp '%d' "'$ch"
				if ((row >= 2 && row < axis && ((cp > 0x2800 && cp <= 0x28ff) || (cp >= 0x2580 && cp <= 0x259f)))); then
					d=0
					b=$((cp > 0x2800 && cp <= 0x28ff ? cp - 0x2800 : 0))
					while ((b)); do
						d=$((d + (b & 1)))
						b=$((b >> 1))
					done
					echo "$row $col $fg $bold $d $ch"
				fi
				col=$((col + 1))
			done
		done
		row=$((row + 1))
	done
}

# axis_row: the screen row (from 0) of the plot's x axis.
axis_row() {
	screen >/dev/null
	local n
	n=$(grep -nE -m1 '[│|][│|]      [─-]{5}' <<<"$SCREEN" | cut -d: -f1)
	echo $((${n:-1000} - 1))
}
# capture: CELLS (plot_cells of the screen now), PANELS (its text down to
# the panels' bottom border), LEGEND (the legend's rows, joined by a space).
capture() {
	local axis
	axis=$(axis_row)
	CELLS=$(screen_attr | plot_cells "$axis")
	screen >/dev/null
	PANELS=$(sed -n '1,/^└/p' <<<"$SCREEN")
	LEGEND=$(sed -n "$((axis + 3)),/^└/p" <<<"$SCREEN" | sed 's/^.*[│|][│|] //; s/ *[│|]$//' | grep -v '^└' | tr '\n' ' ')
}
panels_are() {
	screen >/dev/null
	[ "$(sed -n '1,/^└/p' <<<"$SCREEN")" = "$1" ]
}

# of SERIES-FG: the cells of one colour. count, mean_dots10 (ten times the
# mean dots a cell), glyphs (the characters, sorted, once each).
of() { awk -v fg="$1" '$3 == fg' <<<"$CELLS"; }
count() { of "$1" | grep -c .; }
mean_dots10() { of "$1" | awk '{ n++; d += $5 } END { print n ? int(10 * d / n) : 0 }'; }
glyphs() { of "$1" | awk '{ print $6 }' | sort -u | tr -d '\n'; }
# dash_runs FG: on the top plot row, the runs of consecutive cells of that
# colour, their lengths on one line.
dash_runs() {
	of "$1" | awk '$1 == 2 { if ($2 != last + 1 && n) { printf "%d ", n; n = 0 } n++; last = $2 }
		END { if (n) printf "%d", n }'
}
runs_dashed() { # at least 3 runs, none longer than 3 cells (a dash is two)
	local r n=0
	for r in $1; do
		[ "$r" -le 3 ] || return 1
		n=$((n + 1))
	done
	[ "$n" -ge 3 ]
}
# disjoint A B ...: no character in two of the strings (spaces ignored).
disjoint() {
	local all="" s c i
	for s in "$@"; do
		s=${s// /}
		[ -n "$s" ] || return 1
		for ((i = 0; i < ${#s}; i++)); do
			c=${s:i:1}
			[[ $all == *"$c"* ]] && return 1
		done
		all+=$s
	done
	return 0
}
# subset A B: every character of A (spaces ignored) is in B.
subset() {
	local s=${1// /} i
	[ -n "$s" ] || return 1
	for ((i = 0; i < ${#s}; i++)); do
		[[ $2 == *"${s:i:1}"* ]] || return 1
	done
}
# sample NAME: the legend's sample before NAME (the characters after the
# previous entry's name).
sample() {
	local re="(^| (upper|lower|simulated|interval) +)([^a-z]+) $1( |$)"
	[[ $LEGEND =~ $re ]] && printf '%s' "${BASH_REMATCH[3]}"
}
# sample_dots10 TEXT: ten times the mean braille dots of its cells (spaces
# not counted).
sample_dots10() {
	local s=${1// /} i cp b n=0 d=0
	for ((i = 0; i < ${#s}; i++)); do
		printf -v cp '%d' "'${s:i:1}"
		b=$((cp - 0x2800))
		n=$((n + 1))
		while ((b > 0)); do
			d=$((d + (b & 1)))
			b=$((b >> 1))
		done
	done
	echo $((n ? 10 * d / n : 0))
}
no_braille() { screen >/dev/null; ! grep -qP '[\x{2801}-\x{28ff}]' <<<"$SCREEN"; }
has_braille() { screen >/dev/null; grep -qP '[\x{2801}-\x{28ff}]' <<<"$SCREEN"; }

UP=36 LO=31 SIM=33 BAND=37

for size in 80x24 120x40; do
	w=${size%x*} h=${size#*x}
	# ---- in colour: which cells are which curve ----
	start -x "$w" -y "$h" || { fail "style/$size" "no prompt"; continue; }
	wait_for 'simulation done' 20 || { fail "style/$size" "the simulation did not finish"; continue; }
	capture
	dots_panels=$PANELS dots_cells=$CELLS
	up=$(count $UP) lo=$(count $LO) sim=$(count $SIM)
	check "style/$size/drawn" "not every curve is drawn (cells: upper $up, lower $lo, simulated $sim)" \
		eval '[ "$up" -ge 5 ] && [ "$lo" -ge 5 ] && [ "$sim" -ge 5 ]'
	# the upper bound at depths 1..20, width 4 is 0.9995 and above: the
	# top row; dashes of 4 dots (2 cells), gaps of 2 (a blank cell)
	runs=$(dash_runs $UP)
	check "style/$size/upper_dashed" "the upper bound's top row is not in dashes of at most 3 cells (runs: '$runs')" \
		runs_dashed "$runs"
	# dotted: one dot a cell where a thin solid line has two
	lo_d=$(mean_dots10 $LO) up_d=$(mean_dots10 $UP) sim_d=$(mean_dots10 $SIM)
	check "style/$size/lower_dotted" "the lower bound is not dotted: $lo_d/10 dots a cell (a solid line has 2)" \
		eval '[ "$lo_d" -le 15 ]'
	check "style/$size/simulated_thick" "the simulated curve is not thick: $sim_d/10 dots a cell (a thin line has 2 at most)" \
		eval '[ "$sim_d" -ge 30 ]'
	check "style/$size/no_blue_green" "the plot has blue (34) or green (32) cells: $(of 34 | head -3 | tr '\n' ' ')$(of 32 | head -3 | tr '\n' ' ')" \
		eval '[ "$(count 34)" = 0 ] && [ "$(count 32)" = 0 ]'
	# the legend: a sample of each style, no character shared, weighing as
	# the curves do (simulated > upper > lower dots a cell)
	s_up=$(sample upper) s_lo=$(sample lower) s_sim=$(sample simulated) s_band=$(sample interval)
	check "style/$size/legend_samples" "the legend's samples are not four distinct styles: '$s_up' '$s_lo' '$s_sim' '$s_band' (legend '$LEGEND')" \
		disjoint "$s_up" "$s_lo" "$s_sim" "$s_band"
	w_up=$(sample_dots10 "$s_up") w_lo=$(sample_dots10 "$s_lo") w_sim=$(sample_dots10 "$s_sim")
	check "style/$size/legend_weights" "the legend's samples weigh $w_sim/$w_up/$w_lo (simulated/upper/lower), the curves $sim_d/$up_d/$lo_d" \
		eval '[ "$w_sim" -gt "$w_up" ] && [ "$w_up" -gt "$w_lo" ] && [ "$sim_d" -gt "$up_d" ] && [ "$up_d" -gt "$lo_d" ]'

	# ---- thick lines: blocks, a character for each curve ----
	enter 'display lines thick'
	check "thick/$size/no_braille" "after 'display lines thick' braille is still on the screen" wait_until no_braille
	capture
	thick_panels=$PANELS
	g_up=$(glyphs $UP) g_lo=$(glyphs $LO) g_sim=$(glyphs $SIM) g_band=$(glyphs $BAND)
	check "thick/$size/blocks" "the thick curves are not blocks: upper '$g_up', lower '$g_lo', simulated '$g_sim'" \
		eval 'subset "$g_sim" "█▀▄" && subset "$g_up$g_lo" "░▒▓"'
	check "thick/$size/distinct" "two thick curves share a character: upper '$g_up', lower '$g_lo', simulated '$g_sim', interval '$g_band'" \
		disjoint "$g_up" "$g_lo" "$g_sim" "${g_band:-░}"
	t_up=$(sample upper) t_lo=$(sample lower) t_sim=$(sample simulated)
	check "thick/$size/legend" "the thick legend ('$LEGEND') does not show the curves' characters (upper '$g_up', lower '$g_lo', simulated '$g_sim')" \
		eval 'subset "$t_up" "$g_up" && subset "$t_lo" "$g_lo" && subset "$t_sim" "$g_sim"'

	# ---- the same screens without colour ----
	start -x "$w" -y "$h" NO_COLOR=1 || { fail "nocolour/$size" "no prompt"; continue; }
	wait_for 'simulation done' 20
	check "nocolour/$size/same_characters" "with NO_COLOR the plot's characters differ from the colour screen's" \
		wait_until panels_are "$dots_panels"
	check "nocolour/$size/no_colour" "with NO_COLOR the screen still has colours" \
		eval '! screen_attr | grep -qP "\e\[(\d+;)*(3[0-7]|38;5;\d+)[;m]"'
	CELLS=$(screen_attr | plot_cells "$(axis_row)")
	# the simulated curve's cells (yellow in colour) bold, the bounds' not
	bold_sim=$(awk -v fg=$SIM 'NR == FNR { if ($3 == fg) s[$1 " " $2] = 1; next } ($1 " " $2) in s && $4 == 1' \
		<(printf '%s\n' "$dots_cells") <(printf '%s\n' "$CELLS") | grep -c .)
	bold_bounds=$(awk 'NR == FNR { if ($3 == 36 || $3 == 31) s[$1 " " $2] = 1; next } ($1 " " $2) in s && $4 == 1' \
		<(printf '%s\n' "$dots_cells") <(printf '%s\n' "$CELLS") | grep -c .)
	check "nocolour/$size/simulated_bold" "with NO_COLOR $bold_sim of $sim simulated cells are bold, and $bold_bounds of the bounds'" \
		eval '[ "$bold_sim" = "$sim" ] && [ "$bold_bounds" = 0 ]'
	enter 'display lines bogus'
	check "nocolour/$size/bad_value" "'display lines bogus' did not give the one-line error" \
		wait_for "display lines: bad value 'bogus' (allowed: dots, thick)"
	check "nocolour/$size/bad_unchanged" "'display lines bogus' changed the plot" panels_are "$dots_panels"
	enter 'display lines thick'
	check "nocolour/$size/thick" "with NO_COLOR the thick plot's characters differ from the colour screen's" \
		wait_until panels_are "$thick_panels"
	enter 'display'
	check "nocolour/$size/list" "'display' does not list 'lines thick'" wait_for 'lines thick (allowed: dots, thick)'
	enter 'display lines dots'
	check "nocolour/$size/dots_again" "'display lines dots' did not bring the braille plot back" \
		wait_until panels_are "$dots_panels"
done

# ---- Tab completes the setting and its values; Lua's cmd() sets it ----
start || { fail complete "no prompt"; exit; }
wait_for 'simulation done' 20
type_text 'display li'
send Tab
check complete/setting "'display li' Tab did not complete to 'display lines '" wait_prompt 'deadrelu> display lines'
type_text 'th'
send Tab
check complete/value "'display lines th' Tab did not complete to 'thick'" wait_prompt 'deadrelu> display lines thick'
send Enter
check complete/runs "the completed 'display lines thick' did not draw blocks" wait_until no_braille
enter 'lua deadrelu.cmd("display lines dots")'
check lua/cmd "deadrelu.cmd('display lines dots') did not bring the braille back" wait_until has_braille
enter 'display lines'
check list/one "'display lines' does not say the value" wait_for 'lines dots (allowed: dots, thick)'
enter 'display colour on'
check bad/name "'display colour on' does not name the setting and the allowed ones" \
	wait_for "display: unknown setting 'colour' (allowed: lines, mouse)"

# ---- plain ASCII: characters for each curve in both ways ----
# plot_has RE: a row of the plot (above the x axis) matches RE.
plot_has() {
	local axis
	axis=$(axis_row)
	screen >/dev/null # (axis_row's capture was in a subshell)
	sed -n "3,${axis}p" <<<"$SCREEN" | grep -q -- "$1"
}
plot_lacks() { ! plot_has "$1"; }
start LANG=C LC_ALL=C || { fail ascii "no prompt"; exit; }
wait_for 'simulation done' 20
check ascii/dots "the ASCII plot lacks '^' '*' or 'v'" eval 'plot_has "\^" && plot_has "\*" && plot_has "v"'
check ascii/dots_legend "the ASCII legend is not '^ upper  v lower  * simulated'" on_screen '^ upper  v lower  * simulated'
enter 'display lines thick'
check ascii/thick "the thick ASCII plot lacks '=' '#' or '-' (upper, simulated, lower)" \
	wait_until eval 'plot_has "=" && plot_has "#" && plot_has "-"'
check ascii/thick_not_dots "the thick ASCII plot still has the dots' '^' '*'" eval 'plot_lacks "\^" && plot_lacks "\*"'
check ascii/thick_legend "the thick ASCII legend is not '= upper  - lower  # simulated'" on_screen '= upper  - lower  # simulated'

# ---- 256 colours: the palette the man page gives ----
TT_TERM=screen-256color start || { fail palette "no prompt"; exit; }
wait_for 'simulation done' 20
CELLS=$(screen_attr | plot_cells "$(axis_row)")
check palette/256 "with 256 colours the curves are not sky blue 74, vermillion 166, yellow 221 (cells: $(count 74) $(count 166) $(count 221))" \
	eval '[ "$(count 74)" -ge 5 ] && [ "$(count 166)" -ge 5 ] && [ "$(count 221)" -ge 5 ] && [ "$(count 36)" = 0 ]'
