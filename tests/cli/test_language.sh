#!/usr/bin/env bash
# tests/cli/test_language.sh - the syntax of the command language as
# man/deadrelu.1 states it, through `deadrelu -c` and Lua's deadrelu.cmd():
# numbers are decimal only; ';' and newlines end commands outside quotes;
# a backslash escapes the next character outside single quotes (in the
# splitter as in the words) and joins lines before a newline; `lua` takes
# its line verbatim; a syntax error anywhere refuses the whole text with one
# message and runs nothing, while a runtime error stops at the failing
# command.
# Prints "PASS lang/NAME" / "FAIL lang/NAME: why"; run from anywhere.
. "$(dirname "$0")/lib.sh" lang

# bad NAME COMMANDS WANT-STDOUT WORD...: exit status 1, exactly WANT-STDOUT
# on stdout (what ran before the error), one error line on stderr
# ("deadrelu: ...", at most 200 characters) containing every WORD.
bad() {
	local name=$1 cmds=$2 want=$3
	shift 3
	run -c "$cmds"
	local nl
	nl=$(printf '%s\n' "$err" | grep -c '')
	if [ "$st" -ne 1 ]; then
		fail "$name" "'$(oneline "$cmds")' exited $st, expected 1 (stdout: $(oneline "$out"); stderr: $(oneline "$err"))"
		return
	fi
	if [ -z "$err" ] || [ "$nl" -ne 1 ] || [[ $err != "deadrelu: "* ]] || [ "${#err}" -gt 200 ]; then
		fail "$name" "'$(oneline "$cmds")': expected one 'deadrelu: ' line of at most 200 characters, got $nl lines: $(oneline "$err")"
		return
	fi
	if [ "$out" != "$want" ]; then
		fail "$name" "'$(oneline "$cmds")' printed '$(oneline "$out")' before the error, expected '$(oneline "$want")'"
		return
	fi
	local w
	for w in "$@"; do
		if [[ $err != *"$w"* ]]; then
			fail "$name" "'$(oneline "$cmds")': error lacks '$w': $err"
			return
		fi
	done
	pass "$name"
}

# ---- numbers: decimal only, for the commands' own arguments ----
bad num.simulate_hex 'set trials 10; simulate 0x10' '' trials "'0x10'" allowed
bad num.simulate_inf 'set trials 10; simulate inf' '' trials "'inf'" allowed
bad num.sweep_from_hex 'set trials 10; sweep depth 0x1 3' '' sweep FROM "'0x1'" allowed decimal
bad num.sweep_to_hex 'set trials 10; sweep depth 1 0x3' '' sweep TO "'0x3'" allowed decimal
bad num.sweep_step_inf 'set trials 10; sweep radius 0 1 inf' '' sweep STEP "'inf'" allowed decimal
bad num.sweep_int_step_inf 'set trials 10; sweep depth 1 3 inf' '' sweep STEP "'inf'" allowed
bad num.sweep_step_nan 'set trials 10; sweep radius 0 1 nan' '' sweep STEP "'nan'" allowed
bad num.sweep_step_hexfloat 'set trials 10; sweep radius 0 1 0x1p-2' '' sweep STEP "'0x1p-2'" allowed
bad num.min_width_hex 'min_width 10 0x.8' '' "p: bad value '0x.8'" allowed
bad num.min_width_depth_hex 'min_width 0xa 0.5' '' depth "'0xa'" allowed
bad num.max_depth_nan 'max_depth 8 nan' '' "p: bad value 'nan'" allowed
bad num.max_depth_width_hex 'max_depth 0x8 0.5' '' width "'0x8'" allowed
# An absurd number of sweep values is said in a readable number.
bad num.sweep_count_tiny_step 'sweep radius 0 1 1e-300' '' 'sweep: 1e+300 values' 'at most 1000' 'larger step'
bad num.sweep_count_huge_range 'sweep depth 1 1e18' '' 'sweep: 1e+18 values' 'at most 1000'
bad num.sweep_count_overflow 'sweep radius 0 1e300 1e-300' '' sweep values 'at most 1000'
# Decimal numbers in every spelling the engine takes still work.
run -c 'set depth 2; simulate 2e1'
if [ "$st" -eq 0 ] && [[ $out == *" 20 trials"* ]]; then pass num.exponent_ok; else fail num.exponent_ok "simulate 2e1: status $st: $(oneline "$out$err")"; fi
run -c "set depth 2; simulate ' 20 '"
if [ "$st" -eq 0 ] && [[ $out == *" 20 trials"* ]]; then pass num.spaces_ok; else fail num.spaces_ok "simulate ' 20 ': status $st: $(oneline "$out$err")"; fi
ok num.prob_ok 'min_width 20 .5' 'smallest width with lower bound >= 0.5 at depth 20: 5'
run -c 'set trials 10 depth 2; sweep radius 0.5 1.5 +5e-1'
rows=$(printf '%s\n' "$out" | awk 'NR > 1 { print $1 }' | tr '\n' ' ')
if [ "$st" -eq 0 ] && [ "$rows" = "0.5 1 1.5 " ]; then pass num.sweep_decimal_ok; else fail num.sweep_decimal_ok "values '$rows' (status $st): $(oneline "$err")"; fi

# ---- ';' and quotes ----
ok split.semicolon 'show depth;show width' $'depth = 20\nwidth = 4'
ok split.newline $'show depth\nshow width' $'depth = 20\nwidth = 4'
ok split.empty_commands $' ; ;show depth;;\n\n;' 'depth = 20'
bad split.single_protects 'show '\''depth;width'\''' '' "unknown parameter 'depth;width'"
bad split.double_protects 'show "depth;width"' '' "unknown parameter 'depth;width'"
ok quote.adjacent 'show "dep"'\''th'\''' 'depth = 20'
printf '1,2\n3,4\n' >"$tmp/it's.csv"
printf '1,2\n3,4\n' >"$tmp/say\"hi\".csv"
ok quote.single_in_double 'set data_file "'"$tmp"'/it'\''s.csv" input data; show input_dim' 'input_dim = 2'
ok quote.double_in_single "set data_file '$tmp/say\"hi\".csv' input data; show input_dim" 'input_dim = 2'

# ---- backslashes: the same in the splitter and in the words ----
bad escape.semicolon 'show depth\;width' '' "unknown parameter 'depth;width'"
bad escape.semicolon_not_split 'show depth\;bounds' '' "unknown parameter 'depth;bounds'"
printf '1,2,3\n' >"$tmp/a;b.csv"
ok escape.semicolon_in_name "set data_file $tmp/a\\;b.csv input data; show input_dim" 'input_dim = 3'
bad escape.quote_in_double 'show "depth\";width"' '' "unknown parameter 'depth\";width'"
bad escape.quote_outside 'show \"depth;show width' '' "unknown parameter '\"depth'"
printf '1\n2\n' >"$tmp/sp ace.csv"
ok escape.blank "set data_file $tmp/sp\\ ace.csv input data; show input_dim" 'input_dim = 1'
printf '5,6\n' >"$tmp/back\\slash.csv"
ok escape.literal_in_single "set data_file '$tmp/back\\slash.csv' input data; show input_dim" 'input_dim = 2'
ok escape.backslash_itself "set data_file $tmp/back\\\\slash.csv input data; show input_dim" 'input_dim = 2'
ok escape.ordinary_letter 'show d\e\p\t\h' 'depth = 20'
ok escape.newline_joins_words $'show depth \\\n width' $'depth = 20\nwidth = 4'
ok escape.newline_joins_word $'show dep\\\nth' 'depth = 20'

# ---- syntax errors: the whole text refused, nothing run or changed ----
bad syntax.unterminated_single "show depth; show 'width; bounds" '' 'unterminated quote' "'width; bounds" 'nothing was run'
bad syntax.unterminated_double 'show depth; show "width' '' 'unterminated quote' '"width' 'nothing was run'
bad syntax.unterminated_later_line $'show depth\nshow width\nshow \'seed' '' 'unterminated quote' "'seed"
bad syntax.quote_ends_with_line $'show \'depth\nwidth\'' '' 'unterminated quote'
bad syntax.dangling_backslash 'show depth; show width\' '' 'backslash' "show width\\" 'nothing was run'
words=$(printf ' depth%.0s' $(seq 65))
bad syntax.too_many_words "show depth; show$words" '' 'too many words' 64 'nothing was run'
# The state is untouched: through Lua, the set before the error did not run.
ok syntax.changes_nothing $'lua print((pcall(deadrelu.cmd, "set depth 3; show \'x")))\nshow depth' $'false\ndepth = 20'
ok syntax.changes_nothing_backslash $'lua print((pcall(deadrelu.cmd, "set depth 3; show x\\\\")))\nshow depth' $'false\ndepth = 20'
run -c $'lua local ok, e = pcall(deadrelu.cmd, "set seed 5; show \'x"); print(e)'
if [[ $out == *"unterminated quote"* ]] && [[ $out == *"nothing was run"* ]] && [ "$(printf '%s\n' "$out" | grep -c '')" -eq 1 ]; then
	pass syntax.lua_message
else
	fail syntax.lua_message "deadrelu.cmd's error is not the one-line syntax message: $(oneline "$out$err")"
fi
# A script file, as a user would write one.
cat >"$tmp/syntax.lua" <<'EOF'
local ok, e = pcall(deadrelu.cmd, 'width 3; show "depth')
print(ok, (deadrelu.cmd("show width"):gsub("\n", "")))
print(deadrelu.cmd([[show depth\;width]]) == nil)
EOF
run "$tmp/syntax.lua"
if [ "$st" -eq 1 ] && [ "$(head -n 1 "$tmp/out")" = $'false\twidth = 4' ] && [[ $err == *"unknown parameter 'depth;width'"* ]]; then
	pass syntax.lua_script
else
	fail syntax.lua_script "status $st, stdout '$(oneline "$out")', stderr '$(oneline "$err")' (want 'false<TAB>width = 4', then unknown parameter 'depth;width')"
fi

# ---- runtime errors still stop at the failing command ----
bad runtime.stops 'show depth; set depth 0; show width' 'depth = 20' depth "'0'"
ok runtime.keeps_earlier $'lua print((pcall(deadrelu.cmd, "set depth 3; set width 0")))\nshow depth width' $'false\ndepth = 3\nwidth = 4'

# ---- lua takes its line verbatim ----
ok lua.verbatim $'lua print("a;b" .. \'\\\\\') -- an odd \' and " are Lua\'s business\nshow depth' $'a;b\\\ndepth = 20'
ok lua.no_join $'lua print("x") -- \\\nshow depth' $'x\ndepth = 20'
ok lua.after_semicolon 'show depth; lua print(("%d;%d"):format(1, 2))' $'depth = 20\n1;2'
