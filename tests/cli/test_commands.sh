#!/usr/bin/env bash
# tests/cli/test_commands.sh - the command language through `deadrelu -c`:
# every command, every error (one line naming what is wrong, the bad value
# and what is allowed; exit status 1), state left unchanged by a failing
# command, export files, and min_width/max_depth against the closed forms
# computed independently (python3, else awk).
# Prints "PASS name" / "FAIL name: why"; run from anywhere.
. "$(dirname "$0")/lib.sh" cmd

# contains NAME COMMANDS SUBSTRING...: status 0 and stdout has every substring.
contains() {
	local name=$1 cmds=$2
	shift 2
	run -c "$cmds"
	if [ "$st" -ne 0 ]; then
		fail "$name" "'$cmds' exited $st (stderr: $(oneline "$err"))"
		return
	fi
	local s
	for s in "$@"; do
		if [[ $out != *"$s"* ]]; then
			fail "$name" "'$cmds' output lacks '$s': $(oneline "$out")"
			return
		fi
	done
	pass "$name"
}

# bad NAME COMMANDS WORD...: exit status 1, the error is exactly one line on
# stderr ("deadrelu: ..."), containing every WORD.
bad() {
	local name=$1 cmds=$2
	shift 2
	run -c "$cmds"
	local nl
	nl=$(printf '%s\n' "$err" | grep -c '')
	if [ "$st" -ne 1 ]; then
		fail "$name" "'$cmds' exited $st, expected 1 (stderr: $(oneline "$err"))"
		return
	fi
	if [ -z "$err" ] || [ "$nl" -ne 1 ]; then
		fail "$name" "'$cmds': expected a one-line error, got $nl lines: $(oneline "$err")"
		return
	fi
	if [[ $err != "deadrelu: "* ]]; then
		fail "$name" "'$cmds': error does not start with 'deadrelu: ': $err"
		return
	fi
	local w
	for w in "$@"; do
		if [[ $err != *"$w"* ]]; then
			fail "$name" "'$cmds': error lacks '$w': $err"
			return
		fi
	done
	pass "$name"
}

# ---- each command ----
ok set.one 'set depth 7; show depth' 'depth = 7'
ok set.pairs 'set depth 7 width 3 input orthant; show depth width input' $'depth = 7\nwidth = 3\ninput = orthant'
ok set.shorthand 'depth 9; width 5 input_dim 3; show depth width input_dim' $'depth = 9\nwidth = 5\ninput_dim = 3'
ok set.list 'set width 8,4,2; show width' 'width = 8,4,2'
ok set.exponent 'set depth 1e6; show depth' 'depth = 1000000'
ok set.later_wins 'set depth 3 depth 4; show depth' 'depth = 4'
ok set.prints_nothing 'set depth 3' ''
ok show.name 'show trials seed' $'trials = 2000\nseed = 1'
run -c show
if [ "$st" -eq 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 21 ] &&
	printf '%s\n' "$out" | grep -q '^depth  *20 ' && printf '%s\n' "$out" | grep -q '^data_file  *none '; then
	pass show.all
else
	fail show.all "expected 21 parameter lines (depth 20 ... data_file none), got: $(oneline "$out")"
fi
contains bounds 'set depth 10 width 3; bounds' 'depth 10, width 3' 'lower bound  P(alive) >= 0.2631' 'upper bound  P(alive) <='
contains simulate 'set depth 3 trials 200 seed 4; simulate' 'P(alive) = ' '200 trials' 'living ratio = ' '(256 points)'
contains simulate.trials_arg 'set depth 3 trials 200; simulate 150' '150 trials'
contains simulate.trials_arg_keeps_param 'set depth 2 trials 200; simulate 50; show trials' '50 trials' $'\ntrials = 200'
contains sweep 'set depth 3 trials 100; sweep width 2 4' '       width     lower' '           2    0.4219' '           3    0.6699' '           4    0.8240'
run -c 'set depth 3 trials 100; sweep depth 1 9 4'
rows=$(printf '%s\n' "$out" | awk 'NR > 1 {print $1}' | tr '\n' ' ')
if [ "$st" -eq 0 ] && [ "$rows" = "1 5 9 " ]; then pass sweep.step; else fail sweep.step "sweep depth 1 9 4: values '$rows', expected '1 5 9 ' (status $st)"; fi
run -c 'set trials 100 depth 2; sweep radius 0 1'
n=$(printf '%s\n' "$out" | awk 'NR > 1' | wc -l)
if [ "$st" -eq 0 ] && [ "$n" -eq 11 ]; then pass sweep.real_default_step; else fail sweep.real_default_step "sweep radius 0 1: $n rows, expected 11 (step (TO-FROM)/10), status $st"; fi
ok seed 'seed 42; show seed' 'seed = 42'
ok seed.max 'seed 18446744073709551615; show seed' 'seed = 18446744073709551615'
ok reset 'set depth 5 width 7 weights rai; reset; show depth width weights' $'depth = 20\nwidth = 4\nweights = he-normal'
ok min_width 'min_width 20 0.5' 'smallest width with lower bound >= 0.5 at depth 20: 5'
ok max_depth 'max_depth 4 0.5' 'largest depth with lower bound >= 0.5 at width 4: 10'
printf 'print("from script " .. deadrelu.cmd("show depth"):gsub("\\n", ""))\n' >"$tmp/s.lua"
ok run "set depth 6; run $tmp/s.lua" 'from script depth = 6'
ok lua 'lua print(1 + 2)' '3'
ok lua.expression 'lua 6 * 7' '42'
ok lua.rest_of_line 'lua local a = 1; print(a + 1)' '2'
ok lua.newline_ends $'lua print("x")\nshow depth' $'x\ndepth = 20'
ok lua.shares_session $'set depth 11\nlua print(deadrelu.cmd("show depth"))' 'depth = 11'
contains help 'help' 'commands:' 'parameters (set NAME VALUE):' 'min_width DEPTH P' 'data_file'
ok help.command 'help seed' $'seed N\n  set the random seed'
ok help.param 'help radius' $'radius: size of the input set\n  allowed: a number 0..1e6, or inf (the whole line: certify exact)'
run -c 'help'
missing=
for c in set show bounds simulate sweep export save seed reset min_width max_depth run lua display help quit; do
	printf '%s\n' "$out" | grep -q "^  $c\b" || missing="$missing $c"
done
if [ -z "$missing" ]; then pass help.lists_commands; else fail help.lists_commands "help lacks:$missing"; fi
ok quit 'show depth; quit; show width' 'depth = 20'
ok quit.skips_errors 'quit; set depth 0' ''
ok separators $'show depth\nshow width;show input ;  ; \n\n show seed' $'depth = 20\nwidth = 4\ninput = ball\nseed = 1'
ok empty '' ''

# ---- quoting ----
mkdir -p "$tmp/q"
printf '0.5,0.25,1\n1,2,3\n' >"$tmp/q/a;b.csv"
ok quote.semicolon_single "set data_file '$tmp/q/a;b.csv'; show data_file input_dim" "data_file = $tmp/q/a;b.csv"$'\ninput_dim = 3'
ok quote.semicolon_double "set data_file \"$tmp/q/a;b.csv\"; show data_file" "data_file = $tmp/q/a;b.csv"
bad quote.semicolon_not_split 'show "depth;width"' "'depth;width'" 'unknown parameter'
ok quote.spaces_group 'set width "8, 4, 2"; show width' 'width = 8,4,2'
ok quote.backslash 'set width 8\,4; show width' 'width = 8,4'

# ---- errors: one line, names what is wrong, the value and what is allowed ----
bad err.depth0 'set depth 0' depth "'0'" allowed
bad err.depth_big 'set depth 1e10' depth "'1e10'" allowed
bad err.depth_frac 'set depth 2.5' depth "'2.5'" allowed
bad err.depth_word 'set depth many' depth "'many'" allowed
bad err.width0 'set width 0' width "'0'" allowed
bad err.width_list 'set width 4,0' width "'4,0'" allowed
bad err.width_big 'set width 5000' width "'5000'" allowed '4096'
bad err.input 'set input cube' input "'cube'" allowed ball orthant
bad err.radius 'set radius -1' radius "'-1'" allowed
bad err.points 'set points 0' points "'0'" allowed
bad err.arch 'set arch cnn' arch "'cnn'" allowed residual
bad err.weights 'set weights foo' weights "'foo'" allowed he-normal rai
bad err.bias 'set bias abc' bias "'abc'" allowed zero
bad err.bias_scale 'set bias_scale 0' bias_scale "'0'" allowed
bad err.criterion 'set criterion x' criterion "'x'" allowed point layer
bad err.signflip 'set signflip maybe' signflip "'maybe'" allowed on off
bad err.trials 'set trials 0' trials "'0'" allowed
bad err.seed 'set seed -1' seed "'-1'" allowed
bad err.threads 'set threads 300' threads "'300'" allowed
bad err.confidence 'set confidence 1' confidence "'1'" allowed
bad err.max_memory 'set max_memory 0' max_memory "'0'" allowed
bad err.center_len 'set center 1,2,3' center 3 input_dim allowed
bad err.data_file 'set data_file /nonexistent/x.csv' data_file /nonexistent/x.csv
bad err.input_data 'set input data' input data data_file
bad err.residual_widths 'set arch residual width 2,3' width residual allowed
bad err.unknown_param 'set nope 3' "unknown parameter 'nope'" depth width
bad err.set_odd 'set depth 5 width' set "'width'" usage
bad err.shorthand_odd 'depth 5 width' "'width'" usage
bad err.unknown_command 'frobnicate 3' "unknown command 'frobnicate'" commands: simulate
bad err.show_unknown 'show nope' show "'nope'"
bad err.help_unknown 'help nope' help "'nope'"
bad err.simulate_trials 'simulate 0' trials "'0'" allowed
bad err.simulate_trials_word 'simulate x' trials "'x'" allowed
bad err.seed_cmd 'seed x' seed "'x'" allowed
bad err.too_deep 'set depth 2000000; simulate' depth 2000000 allowed
bad err.memory 'set max_memory 1 points 1000000 width 4096; simulate' max_memory
bad err.min_width_depth 'min_width 0 0.5' depth "'0'" allowed
bad err.min_width_p 'min_width 5 1' "p: bad value '1'" allowed
bad err.min_width_p0 'min_width 5 0' "'0'" allowed
bad err.min_width_word 'min_width 5 half' "'half'" allowed
bad err.max_depth_width 'max_depth 0 0.5' width "'0'" allowed
bad err.max_depth_p 'max_depth 4 1.5' "'1.5'" allowed
bad err.run_missing "run $tmp/nope.lua" "$tmp/nope.lua"
for c in 'set' 'set depth' 'bounds 1' 'simulate 1 2' 'sweep' 'sweep depth 1' 'sweep depth 1 2 3 4' \
	'export' 'export a.csv b.csv' 'seed' 'seed 1 2' 'reset 1' 'min_width 5' 'min_width 5 0.5 1' \
	'max_depth 4' 'run' 'run a b' 'lua' 'help a b' 'quit 1'; do
	w=${c%% *}
	bad "err.argc.${c// /_}" "$c" "$w: wrong number of arguments" 'usage:'
done
bad err.argc.after_other 'show depth; bounds x' 'bounds: wrong number of arguments' 'usage: bounds'
bad err.unterminated_double 'set input "ball' 'unterminated quote' '"ball'
bad err.unterminated_single "show 'depth" 'unterminated quote' "'depth"

# ---- sweep errors ----
bad sweep.err_param 'sweep weights 1 2' sweep "'weights'" allowed
bad sweep.err_unknown 'sweep nope 1 2' sweep "'nope'" allowed
bad sweep.err_range 'sweep depth a 5' sweep "'a 5'" allowed
bad sweep.err_step_word 'sweep depth 1 5 x' sweep 'x' allowed
bad sweep.err_step0 'sweep depth 1 5 0' sweep "'0'" allowed
bad sweep.err_step_neg 'sweep depth 1 5 -1' sweep "'-1'" allowed
bad sweep.err_reversed 'sweep depth 5 1' sweep allowed 'FROM <= TO'
bad sweep.err_count 'sweep depth 1 5000' sweep 5000 allowed
bad sweep.err_value 'sweep depth 0 3' depth "'0'" allowed
bad sweep.err_too_deep 'sweep depth 999999 1000001' sweep 1000001 allowed
# A failing sweep runs no simulation at all (every value is checked first).
run -c 'set trials 1000000000; sweep width 0 2'
if [ "$st" -eq 1 ] && [[ $err == *width* ]]; then pass sweep.validates_first; else fail sweep.validates_first "status $st: $(oneline "$err")"; fi

# ---- a failing command changes nothing ----
ok state.failed_multi_set $'set depth 7\nlua local ok = pcall(deadrelu.cmd, "set depth 9 width 0"); print(ok)\nshow depth width' $'false\ndepth = 7\nwidth = 4'
ok state.failed_shorthand $'depth 7\nlua print((pcall(deadrelu.cmd, "depth 9 width 3 input cube")))\nshow depth width input' $'false\ndepth = 7\nwidth = 4\ninput = ball'
ok state.failed_combination $'set input_dim 3 center 1,2,3\nlua print((pcall(deadrelu.cmd, "set input_dim 2")))\nshow input_dim center' $'false\ninput_dim = 3\ncenter = 1,2,3'
ok state.failed_seed $'seed 5\nlua print((pcall(deadrelu.cmd, "seed -3")))\nshow seed' $'false\nseed = 5'
ok state.failed_later_command_keeps_earlier $'lua print((pcall(deadrelu.cmd, "set depth 3; set width 0")))\nshow depth width' $'false\ndepth = 3\nwidth = 4'
run -c 'show depth; set depth 0; show depth'
if [ "$st" -eq 1 ] && [ "$out" = 'depth = 20' ]; then pass state.error_stops_run; else fail state.error_stops_run "status $st, stdout '$(oneline "$out")' (expected 1 and only 'depth = 20')"; fi

# ---- export ----
mkdir -p "$tmp/x"
run -c "set depth 4 trials 100 seed 3; simulate; export $tmp/x/sim.csv; export $tmp/x/sim.json"
if [ "$st" -eq 0 ] && [[ $out == *"wrote $tmp/x/sim.csv (simulation by depth)"* ]] && [[ $out == *"wrote $tmp/x/sim.json"* ]] &&
	[ -s "$tmp/x/sim.csv" ] && [ -s "$tmp/x/sim.json" ]; then
	pass export.sim_files
else
	fail export.sim_files "status $st, output '$(oneline "$out")', files: $(ls "$tmp/x" | tr '\n' ' ')"
fi
leftover=$(ls -A "$tmp/x" | grep -v -x -e sim.csv -e sim.json)
if [ -z "$leftover" ]; then pass export.no_temp_files; else fail export.no_temp_files "left behind: $leftover"; fi
# CSV: after its "#" lines the header, then one row per depth 1..4, 9
# numeric fields each (the bounds last).
csv_check=$(csv_table "$tmp/x/sim.csv" | awk -F, -v want=4 '
	NR == 1 { if ($0 != "depth,alive,alive_lo,alive_hi,living_ratio,min_living_ratio,dead_units,lower,upper") { print "header: " $0; bad = 1 }; next }
	{ if (NF != 9) { print "row " NR ": " NF " fields"; bad = 1 }
	  if ($1 != NR - 1) { print "row " NR ": depth " $1; bad = 1 }
	  for (i = 1; i <= NF; i++) if ($i !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) { print "row " NR ": field " i " = " $i; bad = 1 }
	  if (!($3 <= $2 && $2 <= $4)) { print "row " NR ": alive outside its interval"; bad = 1 } }
	END { if (NR - 1 != want) print "rows: " NR - 1 " (expected " want ")" }')
if [ -z "$csv_check" ]; then pass export.sim_csv; else fail export.sim_csv "$(oneline "$csv_check")"; fi
have_py=0
/usr/bin/python3 -c 'import json' 2>/dev/null && have_py=1
json_ok() { # FILE: parses as JSON (python3) or at least has balanced braces
	if [ $have_py = 1 ]; then
		/usr/bin/python3 -m json.tool "$1" >/dev/null 2>&1
	else
		local o c
		o=$(tr -cd '{' <"$1" | wc -c)
		c=$(tr -cd '}' <"$1" | wc -c)
		[ "$o" -gt 0 ] && [ "$o" -eq "$c" ] && [ "$(head -c1 "$1")" = '{' ]
	fi
}
if json_ok "$tmp/x/sim.json"; then pass export.sim_json_parses; else fail export.sim_json_parses "$(head -c 300 "$tmp/x/sim.json")"; fi
if [ $have_py = 1 ]; then
	why=$(/usr/bin/python3 - "$tmp/x/sim.json" "$tmp/x/sim.csv" <<'EOF'
import csv, json, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(l for l in open(sys.argv[2]) if not l.startswith("#")))
bd = j.get("by_depth", [])
if j.get("command") != "simulate": print("command", j.get("command"))
if j.get("trials") != 100: print("trials", j.get("trials"))
if len(bd) != 4: print("by_depth has", len(bd), "entries")
for i, (d, r) in enumerate(zip(bd, rows)):
    if d["depth"] != i + 1 or int(r["depth"]) != i + 1: print("depth numbering", i)
    if abs(d["alive"] - float(r["alive"])) > 1e-9: print("json and csv disagree at depth", i + 1)
if bd and bd[-1]["alive"] != j["alive"]: print("last depth differs from the total")
EOF
)
	if [ -z "$why" ]; then pass export.sim_json_content; else fail export.sim_json_content "$(oneline "$why")"; fi
fi
run -c "set depth 3 trials 50; sweep width 2 5; export $tmp/x/sw.csv; export $tmp/x/sw.json"
if [ "$st" -eq 0 ] && [[ $out == *"(sweep table)"* ]]; then pass export.sweep_message; else fail export.sweep_message "status $st: $(oneline "$out$err")"; fi
csv_check=$(csv_table "$tmp/x/sw.csv" | awk -F, '
	NR == 1 { if ($0 != "width,lower,upper,alive,alive_lo,alive_hi,living_ratio,bounds_apply") print "header: " $0; next }
	{ if (NF != 8) print "row " NR ": " NF " fields"; if ($1 != NR) print "row " NR ": width " $1 }
	END { if (NR != 5) print "rows: " NR - 1 " (expected 4)" }' 2>&1)
if [ -z "$csv_check" ]; then pass export.sweep_csv; else fail export.sweep_csv "$(oneline "$csv_check")"; fi
if json_ok "$tmp/x/sw.json" && grep -q '"command":"sweep"' "$tmp/x/sw.json" && [ "$(grep -o '"value":' "$tmp/x/sw.json" | wc -l)" -eq 4 ]; then
	pass export.sweep_json
else
	fail export.sweep_json "$(head -c 300 "$tmp/x/sw.json")"
fi
# After a sweep, a simulation makes export write the simulation again.
run -c "set depth 2 trials 50; sweep width 2 3; simulate; export $tmp/x/last.csv"
if [ "$st" -eq 0 ] && [ "$(csv_header "$tmp/x/last.csv")" = "depth,alive,alive_lo,alive_hi,living_ratio,min_living_ratio,dead_units,lower,upper" ]; then
	pass export.latest_result
else
	fail export.latest_result "status $st, header '$(csv_header "$tmp/x/last.csv")'"
fi
# A failing sweep keeps the simulation as what export writes.
run -c $'set depth 2 trials 50; simulate\nlua print((pcall(deadrelu.cmd, "sweep depth 0 2")))\nexport '"$tmp/x/kept.csv"
if [ "$st" -eq 0 ] && [ "$(csv_header "$tmp/x/kept.csv")" = "depth,alive,alive_lo,alive_hi,living_ratio,min_living_ratio,dead_units,lower,upper" ]; then
	pass export.failed_sweep_keeps_result
else
	fail export.failed_sweep_keeps_result "status $st, header '$(csv_header "$tmp/x/kept.csv")' $(oneline "$err")"
fi
echo old >"$tmp/x/over.csv"
run -c "set depth 2 trials 50; simulate; export $tmp/x/over.csv"
if [ "$st" -eq 0 ] && [ "$(csv_table "$tmp/x/over.csv" | grep -c '')" -eq 3 ]; then pass export.overwrites; else fail export.overwrites "status $st, $(oneline "$(cat "$tmp/x/over.csv")")"; fi
bad export.err_extension "set depth 2 trials 20; simulate; export $tmp/x/out.txt" export "'$tmp/x/out.txt'" allowed .csv .json
bad export.err_no_extension "set depth 2 trials 20; simulate; export $tmp/x/out" export "'$tmp/x/out'" allowed
bad export.err_nothing_yet "export $tmp/x/none.csv" export 'nothing to export' simulate
bad export.err_unwritable "set depth 2 trials 20; simulate; export $tmp/nodir/out.csv" export "$tmp/nodir/out.csv"
if [ ! -e "$tmp/x/out.txt" ] && [ ! -e "$tmp/x/none.csv" ] && [ ! -e "$tmp/nodir" ]; then pass export.errors_write_nothing; else fail export.errors_write_nothing "$(ls "$tmp/x")"; fi

# ---- simulate: same seed, same numbers ----
a=$("$D" -c 'set depth 4 trials 300 seed 9; simulate' 2>&1 | sed -E 's/[0-9.]+ s\)/X s)/')
b=$("$D" -c 'set depth 4 trials 300 seed 9 threads 1; simulate' 2>&1 | sed -E 's/[0-9.]+ s\)/X s)/')
c=$("$D" -c 'set depth 4 trials 300 seed 10; simulate' 2>&1 | sed -E 's/[0-9.]+ s\)/X s)/')
if [ "$a" = "$b" ] && [ -n "$a" ]; then pass simulate.seed_reproducible; else fail simulate.seed_reproducible "'$(oneline "$a")' vs threads 1 '$(oneline "$b")'"; fi
if [ "$a" != "$c" ]; then pass simulate.seed_matters; else fail simulate.seed_matters "seeds 9 and 10 gave the same output"; fi
# A single point: P(alive) is (1 - 2^-n)^k exactly; its interval must contain it.
run -c 'set input point depth 6 width 3 trials 3000 seed 8 confidence 0.999; simulate'
why=$(printf '%s\n' "$out" | awk -v L="$(awk 'BEGIN { printf "%.10f", (1 - 2^-3)^6 }')" '
	/^P\(alive\)/ { gsub(/[][,]/, " "); lo = $4; hi = $5; found = 1; if (!(lo <= L && L <= hi)) print "interval " lo ".." hi " misses L = " L }
	END { if (!found) print "no P(alive) line" }')
if [ "$st" -eq 0 ] && [ -z "$why" ]; then pass simulate.point_contains_L; else fail simulate.point_contains_L "status $st: $why: $(oneline "$out")"; fi

# ---- min_width / max_depth against the closed forms ----
# n = ceil(-log2(1 - p^(1/k))), k = floor(log p / log1p(-2^-n)).
mw_cases="1:0.5 3:0.1 10:0.01 20:0.5 100:0.9 1000:0.99 12345:0.7 1000000:0.5 1e9:0.999 1e9:0.5"
md_cases="1:0.5 2:0.3 3:0.9 4:0.5 7:0.25 10:0.9 20:0.99 30:0.999 40:0.5 13:0.05"
if /usr/bin/python3 -c 1 2>/dev/null; then
	expect=$(/usr/bin/python3 - "$mw_cases" "$md_cases" <<'EOF'
import math, sys
for c in sys.argv[1].split():
    k, p = c.split(":"); k = float(k); p = float(p)
    n = math.ceil(-math.log2(-math.expm1(math.log(p) / k)))
    print("mw %s %d" % (c, n))
for c in sys.argv[2].split():
    n, p = c.split(":"); n = int(n); p = float(p)
    print("md %s %d" % (c, math.floor(math.log(p) / math.log1p(-2.0 ** -n))))
EOF
)
else
	expect=$(awk -v mw="$mw_cases" -v md="$md_cases" 'function ceil(x) { return x == int(x) ? x : (x > 0 ? int(x) + 1 : int(x)) }
	BEGIN { n = split(mw, a, " "); for (i = 1; i <= n; i++) { split(a[i], kp, ":"); print "mw " a[i] " " ceil(-log(1 - exp(log(kp[2]) / kp[1])) / log(2)) }
	        n = split(md, a, " "); for (i = 1; i <= n; i++) { split(a[i], np, ":"); print "md " a[i] " " int(log(np[2]) / log(1 - 2^-np[1])) } }')
fi
while read -r kind c want; do
	x=${c%%:*} p=${c##*:}
	if [ "$kind" = mw ]; then
		run -c "min_width $x $p"
		got=${out##*: }
		what="min_width $x $p"
	else
		run -c "max_depth $x $p"
		got=${out##*: }
		what="max_depth $x $p"
	fi
	if [ "$st" -eq 0 ] && [ "$got" = "$want" ]; then pass "formula.${what// /_}"; else fail "formula.${what// /_}" "got '$got' (status $st), the formula gives $want"; fi
done <<<"$expect"
# Both answers agree with the bound they invert: L(width) >= p > L(width - 1).
run -c 'min_width 50 0.75; max_depth 6 0.75'
n=$(printf '%s\n' "$out" | sed -n '1s/.*: //p')
k=$(printf '%s\n' "$out" | sed -n '2s/.*: //p')
why=$(awk -v n="$n" -v k="$k" 'BEGIN {
	p = 0.75
	if (!(50 * log(1 - 2^-n) >= log(p) && 50 * log(1 - 2^-(n - 1)) < log(p))) print "width " n " is not the smallest"
	if (!(k * log(1 - 2^-6) >= log(p) && (k + 1) * log(1 - 2^-6) < log(p))) print "depth " k " is not the largest" }')
if [ -n "$n" ] && [ -z "$why" ]; then pass formula.defining_property; else fail formula.defining_property "width '$n' depth '$k': $why"; fi
