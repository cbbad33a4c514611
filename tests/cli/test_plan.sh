#!/usr/bin/env bash
# tests/cli/test_plan.sh - `plan DIR SHARDS NAME FROM TO [STEP] [NAME FROM
# TO [STEP]]`: one job line per cell and shard, each a shell command line
# whose words are deadrelu --shard K/N -c SCRIPT, the script setting the
# cell's parameters (checked by running it up to its simulate with `show`),
# every shard of every cell once, one file each; hostile directory names
# quoted so the shell gives them back whole; bad input a one-line error with
# no job printed. Prints "PASS plan/NAME" / "FAIL plan/NAME: why".
. "$(dirname "$0")/lib.sh" plan

run -c 'set trials 90; plan out 3 width 2 4 1 depth 5 15 5'
check status "plan exited $st: $(oneline "$err")" test "$st" = 0
lines=$out
n=$(wc -l <<<"$lines")
check count "3 widths x 3 depths x 3 shards should be 27 lines, got $n" test "$n" = 27

# Each line, split by the shell as a job engine would.
bad= files= cells=
while IFS= read -r line; do
	eval "words=($line)" 2>/dev/null || { bad+="[unparsable: $line] "; continue; }
	[ "${#words[@]}" = 5 ] && [ "${words[0]}" = deadrelu ] && [ "${words[1]}" = --shard ] && [ "${words[3]}" = -c ] ||
		{ bad+="[words: $line] "; continue; }
	shard=${words[2]} script=${words[4]}
	[[ $shard =~ ^([1-3])/3$ ]] || bad+="[shard $shard] "
	[[ $script == "reset; set "*"; simulate; export out/"*".json" ]] || bad+="[script $script] "
	files+="${script##*export } "
	cells+="${script%%; simulate*}"$'\n'
done <<<"$lines"
check lines "lines not of the form deadrelu --shard K/3 -c 'reset; set ...; simulate; export out/...': $bad" test -z "$bad"
nfiles=$(tr ' ' '\n' <<<"$files" | grep -c .)
nuniq=$(tr ' ' '\n' <<<"$files" | grep . | sort -u | wc -l)
check files "27 jobs should write 27 different files, got $nuniq of $nfiles" test "$nuniq:$nfiles" = 27:27

# The cells: each setting script, run, sets exactly one (width, depth) of the
# grid with the plan's trials; each cell three times (its three shards).
got=$(grep . <<<"$cells" | sort | uniq -c | while read -r count settings; do
	printf '%s %s\n' "$count" "$("$D" -c "$settings; show width depth trials" | tr '\n' ' ')"
done | sort)
want=$(for w in 2 3 4; do for d in 5 10 15; do
	printf '3 width = %s depth = %s trials = 90 \n' "$w" "$d"
done; done | sort)
check cells "the scripts' cells: got '$(oneline "$got")', want '$(oneline "$want")'" test "$got" = "$want"
check shards_per_cell "each cell should have shards 1/3, 2/3, 3/3" \
	eval '[ "$(grep -c "^deadrelu --shard 1/3 " <<<"$lines")" = 9 ] && [ "$(grep -c "^deadrelu --shard 3/3 " <<<"$lines")" = 9 ]'

# One parameter; a real-valued STEP; the settings of the session carried
# (arch, weights, seed), the swept one replaced.
run -c 'set arch dense weights torch seed 7 trials 10; plan o 2 radius 0.5 1.5 0.5'
scripts=$(while IFS= read -r line; do eval "words=($line)"; echo "${words[4]%%; simulate*}"; done <<<"$out")
got=$(sort -u <<<"$scripts" | while IFS= read -r s; do "$D" -c "$s; show radius arch weights seed" | tr '\n' ' '; echo; done)
got=$(sort <<<"$got")
want=$(for r in 0.5 1 1.5; do echo "radius = $r arch = dense weights = torch seed = 7 "; done | sort)
check carried "one-parameter plan's cells: got '$(oneline "$got")', want '$(oneline "$want")'" test "$got" = "$want"

# The file a line writes is its last word after 'export ', never quoted
# (the scripts read it back): a directory that would need quoting is refused.
run -c 'set trials 4; plan runs/a-1.x 2 width 3 3'
eval "words=(${out%%$'\n'*})"
check file_word "the export's file is not the bare last word: '${words[4]:-}'" \
	eval '[[ ${words[4]:-} == *"; export runs/a-1.x/width=3_shard1of2.json" ]]'

# --json: the same lines as a JSON list.
run --json -c 'set trials 10; plan out 2 width 2 3'
text=$("$D" -c 'set trials 10; plan out 2 width 2 3')
js=$(python3 -c 'import json, sys; print("\n".join(json.loads(sys.stdin.read())["jobs"]))' <<<"$out" 2>&1)
check json "--json plan is not the lines as a list: '$(oneline "$js")'" test "$js" = "$text"

# Bad input: one line naming what is wrong, and no job printed.
refused() {
	local name=$1 cmds=$2 want=$3
	run -c "$cmds"
	check "refused.$name" "'$cmds': status $st, stdout '$(oneline "$out")', stderr '$(oneline "$err")', want '$want'" \
		eval '[ "$st" = 1 ] && [ -z "$out" ] && [ "$(wc -l <<<"$err")" = 1 ] && [[ $err == *"$want"* ]]'
}
refused shards_zero 'plan out 0 width 2 3' "plan: bad SHARDS '0' (allowed: a whole number 1..10000)"
refused shards_text 'plan out x width 2 3' "plan: bad SHARDS 'x'"
refused shards_many 'set trials 5; plan out 6 width 2 3' 'plan: SHARDS 6 is more than the trials, 5 (allowed: 1..5)'
refused param 'plan out 2 widht 2 3' "plan: bad parameter 'widht'"
refused twice 'plan out 2 width 2 3 width 4 5' 'plan: width given twice'
refused range 'plan out 2 width 5 3' 'plan: bad range'
refused too_deep 'plan out 2 depth 1 2000000 1000000' 'plan: depth 1000001 cannot be simulated (allowed: up to 1000000)'
refused jobs 'set trials 1e9; plan out 10000 width 1 1000 depth 1 100' 'plan: 100000 cells x 10000 shards = 1000000000 jobs (allowed: at most 1000000)'
refused missing_to 'plan out 2 width 2 3 depth 4' "plan: 'depth' needs FROM and TO"
refused dir_blank "plan 'my dir' 2 width 2 3" "plan: bad DIR 'my dir' (allowed: letters, digits and . _ , + - / : =, not first -)"
refused dir_dash 'plan -res 1 depth 1 1' "plan: bad DIR '-res'"
refused cell_trials 'set trials 10; plan out 4 trials 1 2' "plan: SHARDS 4 is more than a cell's trials, 1 (allowed: 1..1)"
refused big_seed 'plan out 1 seed 9007199254740993 9007199254740995' 'plan: seed 9007199254740994 (allowed: whole numbers up to 2^53'
refused dir_quote 'plan "it'"'"'s" 2 width 2 3' "plan: bad DIR 'it's'"
refused third 'plan out 2 width 2 3 1 depth 4 5 radius' "plan: 'radius' after two parameters"
refused cell 'set input_dim 3 center 1,2,3; plan out 2 input_dim 3 4' 'center'
