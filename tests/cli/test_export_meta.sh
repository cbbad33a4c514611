#!/usr/bin/env bash
# tests/cli/test_export_meta.sh - an export says what produced it and what
# its numbers are about: the version (as --version prints it), the seed,
# every parameter with its value (a sweep: all but the swept one, which it
# names), the depth convention, what the estimate is on, and for a
# simulation the bounds at each depth. The expected values come from what
# the test set, from `show` and `bounds` run on their own, and from the
# closed forms of the bounds on the orthant (THEORY.md section 3); the CSV
# is read by the tools it is for (pandas, else python3's csv module;
# gnuplot when installed), its '#' lines skipped as they skip them.
# Prints "PASS meta/NAME" / "FAIL meta/NAME: why"; run from anywhere.
. "$(dirname "$0")/lib.sh" meta

PY=/usr/bin/python3
have_py=0
[ -x $PY ] && $PY -c 'import json, csv' 2>/dev/null && have_py=1
have_pandas=0
[ $have_py = 1 ] && $PY -c 'import pandas' 2>/dev/null && have_pandas=1
version=$("$D" --version)

# ---- a simulation with parameters of our own ----
set_sim='set input orthant depth 7 width 5 seed 99 trials 200 points 64 criterion layer'
run -c "$set_sim; simulate; export $tmp/sim.csv; export $tmp/sim.json"
check sim/written "status $st: $(oneline "$err")" eval '[ "$st" -eq 0 ] && [ -s "$tmp/sim.csv" ] && [ -s "$tmp/sim.json" ]'

# comment NAME FILE: the value of "# NAME VALUE" (the first such line).
comment() { sed -n "s/^# $1 //p" "$2" | head -n 1; }

check csv.version_first "first line '$(head -n 1 "$tmp/sim.csv")', --version says '$version'" \
	[ "$(head -n 1 "$tmp/sim.csv")" = "# $version" ]
for nv in depth=7 width=5 seed=99 trials=200 points=64 criterion=layer input=orthant; do
	n=${nv%%=*} v=${nv#*=}
	check "csv.set_$n" "'# $n' is '$(comment "$n" "$tmp/sim.csv")', set to $v" [ "$(comment "$n" "$tmp/sim.csv")" = "$v" ]
done

# Every parameter `show` lists, in its order, with the value it shows.
run -c "$set_sim; show"
want=$(awk '{ print "# " $1 " " $2 }' <<<"$out")
got=$(grep -E "^# ($(awk '{ print $1 }' <<<"$out" | paste -sd'|')) " "$tmp/sim.csv")
check csv.every_param "the '# NAME VALUE' lines differ from show's list: $(oneline "$(diff <(echo "$want") <(echo "$got"))")" \
	[ "$want" = "$got" ]
check csv.param_count "show lists $(grep -c '' <<<"$want") parameters, the CSV $(grep -c '' <<<"$got")" \
	[ "$(grep -c '' <<<"$want")" -eq "$(grep -c '' <<<"$got")" ]
check csv.depth_convention "depth_convention: '$(comment depth_convention "$tmp/sim.csv")'" \
	has "$(comment depth_convention "$tmp/sim.csv")" "hidden ReLU layers"
check csv.estimate "estimate: '$(comment estimate "$tmp/sim.csv")' (want the sample: 64 sampled points, criterion layer)" \
	eval 'has "$(comment estimate "$tmp/sim.csv")" "on the sample (64 sampled points, criterion layer), not certified for the whole input set" &&
		has "$(comment estimate "$tmp/sim.csv")" "over 200 trials"'
check csv.no_certified "a certified line with certify off: '$(comment certified "$tmp/sim.csv")'" \
	[ -z "$(grep '^# certified ' "$tmp/sim.csv")" ]
check csv.bounds_apply "bounds_apply '$(comment bounds_apply "$tmp/sim.csv")' on the orthant with he-normal (want 1)" \
	[ "$(comment bounds_apply "$tmp/sim.csv")" = 1 ]
check csv.comments_on_top "a '#' line after the header" \
	eval '[ -z "$(sed -n "/^[^#]/,\$p" "$tmp/sim.csv" | grep "^#")" ]'

# The rows: depth 1..7; the bounds columns against the closed forms on the
# orthant (d = 2, n = 5, normal biases): L = (1 - 2^-5)^k,
# U = (1 - 2^-15) (1 - 2^-30)^(k-1).
why=$(csv_table "$tmp/sim.csv" | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
		if ($0 != "depth,alive,alive_lo,alive_hi,living_ratio,min_living_ratio,dead_units,lower,upper") print "header " $0; next }
	{ k = NR - 1; if ($1 != k) print "row " NR ": depth " $1
	  L = (1 - 2^-5)^k; U = (1 - 2^-15) * (1 - 2^-30)^(k - 1)
	  lo = $col["lower"]; up = $col["upper"]
	  if ((lo - L)^2 > (1e-9 * L)^2) printf "depth %d: lower %s, closed form %.12g\n", k, lo, L
	  if ((up - U)^2 > (1e-9 * U)^2) printf "depth %d: upper %s, closed form %.12g\n", k, up, U }
	END { if (NR != 8) print NR - 1 " rows (want 7)" }')
check csv.bounds_closed_form "$(oneline "$why")" [ -z "$why" ]

# The same bounds as `bounds` prints on its own, at depths 1, 4 and 7: its
# text (the log to 6 digits) and its --json (the same double).
for k in 1 4 7; do
	run -c "$set_sim depth $k; bounds"
	text_log=$(sed -n 's/^lower bound .*(log \([^)]*\)).*/\1/p' <<<"$out")
	text_up=$(sed -n 's/^upper bound .*(log \([^;]*\);.*/\1/p' <<<"$out")
	row=$(csv_table "$tmp/sim.csv" | awk -F, -v k="$k" '$1 == k { print $8, $9 }')
	why=$(awk -v r="$row" -v a="$text_log" -v b="$text_up" 'BEGIN { split(r, v, " ")
		if (a == "" || b == "" || v[1] == "") { print "missing: bounds log " a " " b ", csv " r; exit }
		if ((log(v[1]) - a)^2 > (1e-5 * a)^2) print "lower: log " log(v[1]) " vs bounds " a
		if ((log(v[2]) - b)^2 > (1e-5 * b)^2) print "upper: log " log(v[2]) " vs bounds " b }')
	check "csv.bounds_cmd_depth$k" "$(oneline "$why")" [ -z "$why" ]
	run --json -c "$set_sim depth $k; bounds"
	echo "$out" >"$tmp/bounds$k.json"
done

# The CSV read as pandas or python3's csv module reads it, against the JSON.
if [ $have_py = 1 ]; then
	reader=csv
	[ $have_pandas = 1 ] && reader=pandas
	why=$($PY - "$tmp/sim.csv" "$tmp/sim.json" "$reader" "$tmp" <<'EOF'
import csv, json, sys
path, jpath, reader, tmp = sys.argv[1:]
if reader == "pandas":
    import pandas as pd
    df = pd.read_csv(path, comment="#")
    cols, rows = list(df.columns), df.to_dict("records")
else:
    with open(path) as f:
        r = csv.DictReader(l for l in f if not l.startswith("#"))
        rows = [{k: float(v) for k, v in row.items()} for row in r]
        cols = r.fieldnames
j = json.load(open(jpath))
bd = j["by_depth"]
want = ["depth", "alive", "alive_lo", "alive_hi", "living_ratio", "min_living_ratio", "dead_units", "lower", "upper"]
if cols != want: print("columns", cols)
if len(rows) != 7 or len(bd) != 7: print("rows", len(rows), "json", len(bd))
for row, d in zip(rows, bd):
    for c in want:
        if abs(float(row[c]) - d[c]) > 1e-9 * max(1, abs(d[c])): print("depth", d["depth"], c, row[c], d[c])
for k in (1, 4, 7):
    b = json.load(open(f"{tmp}/bounds{k}.json"))
    if (bd[k - 1]["lower"], bd[k - 1]["upper"]) != (b["lower"], b["upper"]):
        print("depth", k, "json bounds", bd[k - 1]["lower"], bd[k - 1]["upper"], "bounds command", b["lower"], b["upper"])
EOF
)
	check "csv.reads_$reader" "$(oneline "$why")" [ -z "$why" ]
	[ $have_pandas = 1 ] || echo "PASS meta/csv.pandas_absent (no pandas for $PY: read with python3's csv module instead)"
else
	echo "PASS meta/csv.python_absent (no $PY: the CSV was read with awk only)"
fi
if command -v gnuplot >/dev/null; then
	got=$(gnuplot -e "set datafile separator ','; set datafile columnheaders; set print '-';
		stats '$tmp/sim.csv' using 'depth':'lower' nooutput; print STATS_records, STATS_invalid, STATS_min_x, STATS_max_x, STATS_min_y" 2>&1)
	want=$(awk 'BEGIN { printf "7 0 1.0 7.0 %.6f\n", (1 - 2^-5)^7 }')
	why=$(awk -v g="$got" -v w="$want" 'BEGIN { n = split(g, a, " "); split(w, b, " ")
		if (n != 5 || a[1] != b[1] || a[2] != b[2] || a[3] != b[3] || a[4] != b[4] || (a[5] - b[5])^2 > 1e-12) print "gnuplot: " g " (want " w ")" }')
	check csv.reads_gnuplot "$(oneline "$why")" [ -z "$why" ]
else
	echo "PASS meta/csv.gnuplot_absent (gnuplot is not installed: not checked)"
fi

# ---- JSON: the same facts, and the --json output is the same object ----
if [ $have_py = 1 ]; then
	run -c "$set_sim; show"
	echo "$out" >"$tmp/show.txt"
	run --json -c "$set_sim; simulate"
	echo "$out" >"$tmp/line.json"
	why=$($PY - "$tmp/sim.json" "$tmp/line.json" "$version" "$tmp/show.txt" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
line = json.load(open(sys.argv[2]))
show = [l.split(None, 2)[:2] for l in open(sys.argv[4]).read().splitlines()]
if j.get("version") != sys.argv[3].split()[1]: print("version", j.get("version"), "vs", sys.argv[3])
if j.get("seed") != 99: print("seed", j.get("seed"))
p = j.get("params", {})
if list(p.items()) != [tuple(x) for x in show]: print("params", p, "vs show", show)
if "hidden ReLU layers" not in j.get("depth_convention", ""): print("depth_convention", j.get("depth_convention"))
if "on the sample (64 sampled points, criterion layer)" not in j.get("estimate", ""): print("estimate", j.get("estimate"))
if j.get("bounds_apply") is not True or j.get("bounds_notes") != []: print("bounds_apply", j.get("bounds_apply"), j.get("bounds_notes"))
for k in ("command", "trials", "target", "points", "alive", "finished"):
    if k not in j: print("lost the field", k)
j.pop("seconds", None); line.pop("seconds", None)
if j != line: print("the export and --json simulate differ")
EOF
)
	check json.facts "$(oneline "$why")" [ -z "$why" ]
else
	check json.version "no version $version in the JSON" grep -q "\"version\":\"${version#deadrelu }\"" "$tmp/sim.json"
	check json.seed "no seed 99 in the JSON" grep -q '"seed":99,' "$tmp/sim.json"
	echo "PASS meta/json.python_absent (no $PY: the JSON was checked with grep only)"
fi

# ---- certify on, and bounds that do not apply ----
run -c "set depth 3 trials 50 seed 4 certify bracket signflip on; simulate; export $tmp/cert.csv"
check cert.certified "certified: '$(comment certified "$tmp/cert.csv")'" \
	has "$(comment certified "$tmp/cert.csv")" "certified_alive certified_dead region_lo region_hi: on the whole input set (ball), certify bracket"
check cert.note "no certify_note" [ -n "$(comment certify_note "$tmp/cert.csv")" ]
run --json -c 'set depth 3 certify bracket signflip on; bounds'
note=$(sed -n 's/.*"notes":\["\([^"]*\)".*/\1/p' <<<"$out")
check cert.bounds_apply "bounds_apply '$(comment bounds_apply "$tmp/cert.csv")' with signflip (want 0)" \
	[ "$(comment bounds_apply "$tmp/cert.csv")" = 0 ]
check cert.bounds_notes "bounds_notes '$(comment bounds_notes "$tmp/cert.csv")', bounds says '$note'" \
	eval '[ -n "$note" ] && [ "$(comment bounds_notes "$tmp/cert.csv")" = "$note" ]'

# ---- a file name that needs escaping stays on its comment line ----
mkdir -p "$tmp/d"
printf '0.1,0.2\n0.3,0.4\n' >"$tmp/d/it's a"$'\n''b\c.csv'
# (a newline cannot be typed in a command: the Lua table sets it)
echo 'deadrelu.set{input = "data", data_file = arg[1], depth = 2, trials = 10}; deadrelu.cmd("simulate; export " .. arg[2])' >"$tmp/d/set.lua"
run "$tmp/d/set.lua" "$tmp/d/it's a"$'\n''b\c.csv' "$tmp/d/out.csv"
check escape.one_line "the data_file line: '$(grep -A1 '^# data_file' "$tmp/d/out.csv" | tr '\n' '|')' (status $st: $(oneline "$err"))" \
	[ "$(comment data_file "$tmp/d/out.csv")" = "$tmp/d/it's a\\nb\\\\c.csv" ]
check escape.table "the table after it: '$(csv_header "$tmp/d/out.csv")'" \
	[ "$(csv_header "$tmp/d/out.csv")" = "depth,alive,alive_lo,alive_hi,living_ratio,min_living_ratio,dead_units,lower,upper" ]

# ---- a sweep: the fixed parameters, the swept one named ----
set_sw='set depth 3 input orthant seed 11 trials 100'
run -c "$set_sw; sweep width 2 4; set depth 9 seed 5; export $tmp/sw.csv; export $tmp/sw.json"
check sweep/written "status $st: $(oneline "$err")" eval '[ "$st" -eq 0 ] && [ -s "$tmp/sw.csv" ]'
check sweep.param "'# param' is '$(comment param "$tmp/sw.csv")'" [ "$(comment param "$tmp/sw.csv")" = width ]
check sweep.no_width "a '# width' line in a sweep over width" [ -z "$(grep '^# width ' "$tmp/sw.csv")" ]
# The parameters at the sweep, not those set after it.
run -c "$set_sw; show"
want=$(awk '$1 != "width" { print "# " $1 " " $2 }' <<<"$out")
got=$(grep -E "^# ($(awk '{ print $1 }' <<<"$out" | paste -sd'|')) " "$tmp/sw.csv")
check sweep.every_param "$(oneline "$(diff <(echo "$want") <(echo "$got"))")" [ "$want" = "$got" ]
check sweep.version "first line '$(head -n 1 "$tmp/sw.csv")'" [ "$(head -n 1 "$tmp/sw.csv")" = "# $version" ]
why=$(csv_table "$tmp/sw.csv" | awk -F, '
	NR == 1 { if ($0 != "width,lower,upper,alive,alive_lo,alive_hi,living_ratio,bounds_apply") print "header " $0; next }
	{ n = $1; L = (1 - 2^-n)^3; U = (1 - 2^-(3 * n)) * (1 - 2^-(n * (n + 1)))^2
	  if (n != NR) print "row " NR ": width " n
	  if (($2 - L)^2 > (1e-9 * L)^2 || ($3 - U)^2 > (1e-9 * U)^2) printf "width %d: %s %s, closed forms %.10g %.10g\n", n, $2, $3, L, U }
	END { if (NR != 4) print NR - 1 " rows (want 3)" }')
check sweep.bounds "$(oneline "$why")" [ -z "$why" ]
if [ $have_py = 1 ]; then
	why=$($PY - "$tmp/sw.json" "$tmp/sw.csv" <<'EOF'
import csv, json, sys
j = json.load(open(sys.argv[1]))
if j.get("param") != "width" or "width" in j.get("params", {}): print("param", j.get("param"), "params", j.get("params"))
if j.get("params", {}).get("depth") != "3" or j.get("seed") != 11: print("depth/seed", j.get("params"), j.get("seed"))
rows = list(csv.DictReader(l for l in open(sys.argv[2]) if not l.startswith("#")))
if [float(r["width"]) for r in rows] != [r["value"] for r in j["rows"]]: print("rows differ")
EOF
)
	check sweep.json "$(oneline "$why")" [ -z "$why" ]
fi
