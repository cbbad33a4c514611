#!/usr/bin/env bash
# tests/cli/test_certify.sh - certify in every output: the simulate and sweep
# reports (text, JSON, CSV) carry the whole input set's bracket when certify
# is on and nothing of it when off; a sweep row is the single run at its
# value; radius inf is the whole line, for certify exact only; and bad
# certify settings are refused in one line that changes nothing.
. "$(dirname "$0")/lib.sh" certify
have_py=0
[ -x /usr/bin/python3 ] && have_py=1

base='set depth 8 width 3 trials 400 seed 5'

# ---- JSON: present when on (top and every row), absent when off ----
run --json -c "$base; simulate; set certify bracket; simulate; set certify off; simulate"
if [ $have_py = 1 ]; then
	why=$(printf '%s\n' "$out" | /usr/bin/python3 -c '
import json, sys
off, on, off2 = [json.loads(l) for l in sys.stdin]
keys = ["certified_alive", "certified_dead", "region_lo", "region_hi"]
for r in (off, off2):
    if "certify" in r or any(k in r for k in keys) or any(k in d for d in r["by_depth"] for k in keys):
        print("certify off has certified fields")
if on.get("certify") != "bracket": print("certify", on.get("certify"))
for row in [on] + on["by_depth"]:
    if any(k not in row for k in keys):
        print("a row lacks", [k for k in keys if k not in row]); break
    # proven alive includes the sample, the interval brackets both
    if not (row["region_lo"] <= row["region_hi"] and row["certified_alive"] >= row["alive"] - 1e-12
            and row["certified_alive"] + row["certified_dead"] <= 1 + 1e-12):
        print("row out of order", row); break
if off["alive"] != on["alive"] or off["by_depth"] != [{k: v for k, v in d.items() if k not in keys} for d in on["by_depth"]]:
    print("the sample estimate differs on and off")
')
	check json.fields "$(oneline "$why")" [ -z "$why" ]
fi

# ---- text and CSV ----
run -c "$base; set certify bracket; simulate; export $tmp/on.csv; set certify off; simulate; export $tmp/off.csv"
check text.whole_set "no 'whole input set (ball): P(alive) between' line: $(oneline "$out")" \
	has "$out" "whole input set (ball): P(alive) between"
check text.says_sample "the sample's estimate does not say what it is about: $(oneline "$out")" \
	has "$out" "(256 sampled points, criterion point; 95% Wilson, 400 trials"
check text.off_silent "with certify off a second whole-set line: $(oneline "$out")" \
	[ "$(grep -c 'whole input set' <<<"$out")" = 1 ]
cols=depth,alive,alive_lo,alive_hi,living_ratio,min_living_ratio,dead_units
head_on=$(csv_header "$tmp/on.csv")
head_off=$(csv_header "$tmp/off.csv")
check csv.columns "headers '$head_on' / '$head_off'" \
	eval '[ "$head_off" = "$cols,lower,upper" ] && [ "$head_on" = "$cols,certified_alive,certified_dead,region_lo,region_hi,lower,upper" ]'

# ---- sweeps: the columns, and each row is the single run at its value ----
run --json -c "$base; set certify bracket; sweep radius 1 3 1; set radius 2; simulate"
if [ $have_py = 1 ]; then
	why=$(printf '%s\n' "$out" | /usr/bin/python3 -c '
import json, sys
sw, one = [json.loads(l) for l in sys.stdin]
if sw.get("certify") != "bracket": print("sweep certify", sw.get("certify"))
row = sw["rows"][1]
if row["value"] != 2 or any(row[k] != one[k] for k in ("alive", "region_lo", "region_hi")):
    print("row", row, "run", {k: one[k] for k in ("alive", "region_lo", "region_hi")})
')
	check sweep.json_row_is_run "$(oneline "$why")" [ -z "$why" ]
fi
run -c "$base; set certify bracket; sweep radius 1 2 1; export $tmp/sw.csv; set certify off; sweep radius 1 2 1"
check sweep.text "no whole-set column or no legend: $(oneline "$out")" \
	has "$out" "whole input set"$'\n'
check sweep.text_says_what "the table does not say which column is the sample's: $(oneline "$out")" \
	has "$out" "(P(alive) and interval: the sampled points; whole input set: certify bracket)"
check sweep.off_table "with certify off the table still has the column" \
	[ "$(grep -c 'whole input set' <<<"$out")" = 2 ]
check sweep.csv "csv header '$(csv_header "$tmp/sw.csv")'" \
	[ "$(csv_header "$tmp/sw.csv")" = "radius,lower,upper,alive,alive_lo,alive_hi,living_ratio,bounds_apply,region_lo,region_hi" ]

# ---- radius inf: the whole line, certify exact only ----
line='set input_dim 1 depth 10 width 2 trials 2000 seed 9 certify exact'
run -c "$line; set radius inf; simulate; set input gaussian radius 1; simulate"
whole=$(grep '^whole input set' <<<"$out" | sed 's/(ball)\|(gaussian)//')
check inf.is_gaussian_line "the whole line (ball, radius inf) and the gaussian's support differ: $(oneline "$whole")" \
	[ "$(sort -u <<<"$whole" | wc -l)" = 1 ] && [ "$st" = 0 ]
run -c "$line; set radius inf; bounds"
check inf.noted "bounds do not say what the sample is: $(oneline "$out")" \
	has "$out" "note: radius inf: the set is the whole line; the sampled points are drawn from N(centre, 1)"
refuse_inf() { # NAME COMMANDS
	run -c "$2; show radius certify input"
	check "inf.refused_$1" "'$2': status $st, stderr '$(oneline "$err")'" \
		[ "$st" = 1 ] && [ "$(wc -l <<<"$err")" = 1 ] &&
		has "$err" "deadrelu: radius: bad value 'inf' (allowed: a number 0..1e6; inf, the whole line, only with certify exact"
}
refuse_inf default "set radius inf"
refuse_inf sphere "$line; set input sphere; set radius inf"
refuse_inf certify_off_after "$line; set radius inf; set certify off"
refuse_inf point_after "$line; set radius inf; set input point"
refuse_inf gaussian "$line; set input gaussian; set radius inf"

# ---- attacks: refused in one line, nothing changes ----
bad() { # NAME COMMANDS WANT-IN-STDERR
	run -c "set certify bracket; $2; show certify input_dim"
	check "refused.$1" "status $st, stdout '$(oneline "$out")', stderr '$(oneline "$err")'" \
		[ "$st" = 1 ] && [ "$(wc -l <<<"$err")" = 1 ] && has "$err" "$3" &&
		[ "$out" = $'certify = bracket\ninput_dim = 2' ]
}
bad value 'set certify maybe' "certify: bad value 'maybe' (allowed: off, bracket, exact)"
bad exact_2d 'set certify exact' "certify: 'exact' needs input_dim 1, not 2 (allowed for input_dim > 1: off, bracket)"
bad exact_arch 'set input_dim 1; set arch dense; set certify exact' "certify: 'exact' is for arch plain without signflip"
bad dim_under_exact 'set input_dim 1; set certify exact; set input_dim 3' "certify: 'exact' needs input_dim 1, not 3"
bad long_value "set certify $(printf 'x%.0s' {1..5000})" "certify: bad value 'xxxx"
# the bounds cannot take a network this wide: undecided past the sample,
# never a wrong verdict and never a crash
run -c 'set certify bracket input_dim 4096 width 4096 depth 2 points 2 trials 2; simulate'
check huge.undecided "status $st: $(oneline "$out$err")" \
	[ "$st" = 0 ] && has "$out" "whole input set (ball)"

# ---- what the bounds cannot take is said, never silent ----
note_for() { # NAME SETTINGS WANT (empty: no note)
	run -c "set depth 6 width 3 trials 50 certify bracket $2; simulate"
	local got
	got=$(grep '^note: certify: ' <<<"$out")
	if [ -z "$3" ]; then
		check "note.$1" "a note where the bounds take it: $(oneline "$got")" [ -z "$got" ]
	else
		check "note.$1" "no 'note: certify: $3...' line: $(oneline "$out")" has "$got" "note: certify: $3"
	fi
}
note_for plain '' ''
note_for residual_post 'arch residual-post' ''
note_for batchnorm 'arch batchnorm' 'batchnorm normalises over the batch, the sample'
note_for dense 'arch dense' 'dense: proven alive where the sample is'
note_for signflip 'signflip on' 'sign flipping chooses its flips on the sample'
note_for gaussian 'input gaussian' 'input gaussian covers all of R^d'
note_for point 'arch batchnorm input point' ''
run --json -c 'set certify bracket arch dense trials 20; simulate'
check note.json "no certify_note in the JSON: $(oneline "${out:0:300}")" has "$out" '"certify_note":"dense: proven alive where the sample is'
run -e 'print(deadrelu.simulate{arch = "dense", certify = "bracket", trials = 20}.certify_note); print(deadrelu.simulate{certify = "bracket", trials = 20}.certify_note)'
check note.lua "Lua's certify_note: $(oneline "$out$err")" [ "$out" = $'dense: proven alive where the sample is; death is not proven\nnil' ]
