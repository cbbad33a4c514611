#!/usr/bin/env bash
# tests/cli/test_shards.sh - a run split into shards (`deadrelu --shard I/N`)
# and merged again (`deadrelu merge`, the merge command, Lua's cmd): the
# merge of the N shards of a run prints the bytes the single run prints
# (--json and text; the time aside), for N 1, 2, 3 and 7, plain,
# batch-normalised, dense, sign-flipped, certified and data-file runs, in
# any order of the files and from shards run on any number of threads. The
# single run is the reference, computed independently of any shard.
# Shards of other runs are refused with a message naming the difference;
# files that are not shards, broken, hostile or huge are refused with one
# line, never a crash; --partial gives an estimate over the slices given,
# marked as partial, whose numbers are worked out here from the counts.
# Prints "PASS shards/NAME" / "FAIL shards/NAME: why".
. "$(dirname "$0")/lib.sh" shards
RUN_TIMEOUT=60

command -v python3 >/dev/null || { fail python3 "python3 is needed to read the JSON"; exit 1; }
py() { python3 -c "$@"; }

# The timing fields: "seconds" of --json, ", 0.12 s)" of the text.
mask_json() { sed 's/"seconds":[^,}]*/"seconds":0/'; }
mask_text() { sed -E 's/, [0-9]+\.[0-9]+ s\)$/, S s)/'; }

# shards NAME SETTINGS N: $tmp/NAME.N.I.json for I in 1..N (extra options
# for deadrelu in SHARD_OPTS).
shards() {
	local name=$1 set=$2 n=$3 i
	for ((i = 1; i <= n; i++)); do
		"$D" --shard "$i/$n" --json -c "$set; simulate" >"$tmp/$name.$n.$i.json" 2>"$tmp/err" || {
			fail "$name.shard" "--shard $i/$n '$set': $(oneline "$(cat "$tmp/err")")"
			return 1
		}
	done
}
# files NAME N ORDER: the shard files of NAME in that order ("up", "down",
# "mixed": odd slices first, then the even ones backwards).
files() {
	local name=$1 n=$2 order=$3 i
	case $order in
	up) for ((i = 1; i <= n; i++)); do echo "$tmp/$name.$n.$i.json"; done ;;
	down) for ((i = n; i >= 1; i--)); do echo "$tmp/$name.$n.$i.json"; done ;;
	mixed)
		for ((i = 1; i <= n; i += 2)); do echo "$tmp/$name.$n.$i.json"; done
		for ((i = n - (n % 2 == 1); i >= 2; i -= 2)); do echo "$tmp/$name.$n.$i.json"; done
		;;
	esac
}

# ---- merges are the single run, bit for bit ----

printf '0.5,1\n-1,2\n3,-0.25\n0,0.5\n2,2\n-1.5,-1\n' >"$tmp/data.csv"
configs=(
	"plain|set depth 8 width 3 points 32 trials 700 seed 21"
	"batchnorm|set arch batchnorm depth 8 width 3 points 32 trials 500 seed 22"
	"dense|set arch dense depth 6 width 3 points 24 trials 500 seed 23"
	"signflip|set signflip on depth 8 width 3 points 32 trials 500 seed 24"
	"certify|set certify bracket radius 3 depth 6 width 3 points 16 trials 300 seed 25"
	"data|set data_file $tmp/data.csv input data depth 5 width 3 trials 400 seed 26"
)
for c in "${configs[@]}"; do
	name=${c%%|*} set=${c#*|}
	run --json -c "$set; simulate"
	single_json=$(mask_json <<<"$out")
	run -c "$set; simulate"
	single_text=$(mask_text <<<"$out")
	[[ $single_json == '{"command":"simulate"'* ]] || { fail "$name.single" "'$set; simulate': $(oneline "$out$err")"; continue; }
	for n in 1 2 3 7; do
		shards "$name" "$set" "$n" || continue
		order=$([ "$n" -gt 2 ] && echo mixed || echo down)
		mapfile -t fs < <(files "$name" "$n" "$order")
		run --json merge "${fs[@]}"
		check "$name.json.$n" "merge of $n shards ($order) differs from the single run's --json: status $st, $(oneline "$err")" \
			eval '[ "$st" = 0 ] && [ "$(mask_json <<<"$out")" = "$single_json" ]'
		run merge "${fs[@]}"
		check "$name.text.$n" "merge of $n shards differs from the single run's text: '$(oneline "$out")' vs '$(oneline "$single_text")'" \
			eval '[ "$st" = 0 ] && [ "$(mask_text <<<"$out")" = "$single_text" ]'
	done
done

# The slices: slice I of N of T trials is floor((I-1)T/N) .. floor(IT/N) - 1,
# worked out here; every trial counted once.
set_plain=${configs[0]#*|}
for n in 3 7; do
	got=$(for ((i = 1; i <= n; i++)); do
		py 'import json,sys; s=json.load(open(sys.argv[1]))["slice"]; c=json.load(open(sys.argv[1]))["counters"]
print(s["index"], s["of"], s["first"], s["count"], c["counted"])' "$tmp/plain.$n.$i.json"
	done | tr '\n' ';')
	want=$(for ((i = 1; i <= n; i++)); do
		f=$(((i - 1) * 700 / n)) e=$((i * 700 / n))
		echo "$i $n $f $((e - f)) $((e - f))"
	done | tr '\n' ';')
	check "slices.$n" "slices of 700 trials in $n: '$got', want '$want'" [ "$got" = "$want" ]
done

# Every order of the files gives the same bytes.
a=$(files plain 7 up) b=$(files plain 7 down) c=$(files plain 7 mixed)
run --json merge $a
first=$(mask_json <<<"$out")
run --json merge $b
second=$(mask_json <<<"$out")
run --json merge $c
check order "merges of the same 7 shards in three orders differ" \
	eval '[ -n "$first" ] && [ "$first" = "$second" ] && [ "$(mask_json <<<"$out")" = "$first" ]'

# The thread count: shards run on 1 and on 2 threads hold the same counts
# and merge to the same result; the result names the threads of slice 1.
set1="$set_plain threads 1" set2="$set_plain threads 2"
shards t1 "$set1" 3 && shards t2 "$set2" 3
same_counts=1
for i in 1 2 3; do
	[ "$(sed 's/"threads":"[0-9]*"//; s/"seconds":[^,}]*//' "$tmp/t1.3.$i.json")" = \
		"$(sed 's/"threads":"[0-9]*"//; s/"seconds":[^,}]*//' "$tmp/t2.3.$i.json")" ] || same_counts=0
done
check threads.counts "shards on 1 and on 2 threads hold different counts" [ "$same_counts" = 1 ]
run --json -c "$set1; simulate"
single1=$(mask_json <<<"$out")
run --json merge "$tmp/t1.3.1.json" "$tmp/t2.3.2.json" "$tmp/t2.3.3.json"
check threads.mixed "slice 1 on 1 thread, 2 and 3 on 2 threads: not the single run on 1 thread ($(oneline "$err"))" \
	eval '[ "$st" = 0 ] && [ "$(mask_json <<<"$out")" = "$single1" ]'
run --json -c "$set2; simulate"
single2=$(mask_json <<<"$out")
run --json merge "$tmp/t2.3.3.json" "$tmp/t2.3.1.json" "$tmp/t2.3.2.json"
check threads.two "shards on 2 threads: not the single run on 2 threads" \
	eval '[ "$st" = 0 ] && [ "$(mask_json <<<"$out")" = "$single2" ]'

# ---- the command, Lua, export ----
mapfile -t p3 < <(files plain 3 up)
run merge "${p3[@]}"
cli_text=$out
run -c "merge ${p3[*]}; export $tmp/merged.json; export $tmp/merged.csv"
check command "-c 'merge ...' prints what deadrelu merge prints: '$(oneline "$out$err")'" \
	eval '[ "$st" = 0 ] && [[ $out == "$cli_text"* ]] && [[ $out == *"wrote $tmp/merged.csv (simulation by depth)" ]]'
run --json merge "${p3[@]}"
check export.json "export after merge writes the merged result ($(oneline "$(head -c 200 "$tmp/merged.json")"))" \
	eval '[ "$(mask_json <"$tmp/merged.json")" = "$(mask_json <<<"$out")" ]'
run -c "$set_plain; simulate; export $tmp/single.csv"
check export.csv "the merge's CSV is not the single run's (the time aside)" \
	eval 'diff <(grep -v "^# seconds" "$tmp/merged.csv") <(grep -v "^# seconds" "$tmp/single.csv") >/dev/null'
run -e "local s = deadrelu.cmd('merge ${p3[*]}') io.write(s)"
check lua "deadrelu.cmd('merge ...') differs from deadrelu merge: '$(oneline "$out$err")'" \
	eval '[ "$st" = 0 ] && [ "$out" = "$cli_text" ]'
run --sandbox -e "print(pcall(deadrelu.cmd, 'merge ${p3[*]}'))"
check lua.sandbox "a --sandbox script merged files: '$(oneline "$out$err")'" \
	eval '[ "$out" = "false	merge: not available to --sandbox scripts" ]'

# ---- shards of another run ----
# one_error PREFIX: status 1, stdout empty, one line on stderr starting
# "deadrelu: PREFIX".
one_error() {
	[ "$st" = 1 ] && [ -z "$out" ] && [ "$(printf '%s\n' "$err" | grep -c '')" = 1 ] && [[ $err == "deadrelu: $1"* ]]
}
refused() { # NAME WANT FILES...: merge refuses with exactly WANT
	local name=$1 want=$2
	shift 2
	run merge "$@"
	check "refuse.$name" "merge $(oneline "$*"): status $st, '$(oneline "$err")' (want '$want')" \
		eval 'one_error merge && [ "$err" = "deadrelu: $want" ]'
}
P=$tmp/plain.3
"$D" --shard 2/3 --json -c "$set_plain seed 99; simulate" >"$tmp/seed99.json"
# (a shard of another run makes a grid of two runs, one of them incomplete: said so, naming the run)
refused seed "merge: the files are of 2 runs, differing in seed; the run with seed 21: slice 2/3 missing" \
	"$P.1.json" "$tmp/seed99.json" "$P.3.json"
"$D" --shard 3/3 --json -c "$set_plain depth 9; simulate" >"$tmp/depth9.json"
refused params "merge: the files are of 2 runs, differing in depth; the run with depth 8: slice 3/3 missing" \
	"$P.1.json" "$P.2.json" "$tmp/depth9.json"
sed 's/"version":"[^"]*"/"version":"0.0.9"/' "$P.2.json" >"$tmp/old.json"
refused version "merge: $tmp/old.json: written by deadrelu 0.0.9 (allowed: shards of this deadrelu, $("$D" --version | cut -d' ' -f2))" \
	"$P.1.json" "$tmp/old.json" "$P.3.json"
cp "$P.2.json" "$tmp/again.json"
refused twice "merge: slice 2/3 given twice ($P.2.json, $tmp/again.json)" "$P.1.json" "$P.2.json" "$tmp/again.json" "$P.3.json"
refused cut "merge: $tmp/plain.2.2.json is slice 2/2, $P.1.json slice 1/3 (allowed: slices of one cut, the same N)" \
	"$P.1.json" "$tmp/plain.2.2.json"
S=$tmp/plain.7
refused missing "merge: slices 2/7 and 5/7 missing (given 5 of 7; merge --partial estimates from those given)" \
	"$S.1.json" "$S.3.json" "$S.4.json" "$S.6.json" "$S.7.json"
refused missing.run "merge: slices 2/7 to 4/7 and 7/7 missing (given 3 of 7; merge --partial estimates from those given)" \
	"$S.1.json" "$S.5.json" "$S.6.json"
refused missing.one "merge: slice 3/3 missing (given 2 of 3; merge --partial estimates from those given)" "$P.2.json" "$P.1.json"
run merge
check refuse.no_files "merge with no files: '$(oneline "$err")'" \
	eval 'one_error merge && [ "$err" = "deadrelu: merge: wrong number of arguments (usage: merge [--partial] FILE...)" ]'
run merge --partial
check refuse.no_files_partial "merge --partial with no files: '$(oneline "$err")'" \
	eval 'one_error merge && [ "$err" = "deadrelu: merge: no files (usage: merge [--partial] FILE...)" ]'
run merge --frob "$P.1.json"
check refuse.option "merge --frob: status $st, '$(oneline "$err")'" \
	eval '[ "$st" = 2 ] && [[ $err == "deadrelu: merge: unknown option '"'"'--frob'"'"' (allowed: --json, --partial, then the files)"* ]]'
run -c "merge --frob $P.1.json"
check refuse.option_cmd "-c 'merge --frob': '$(oneline "$err")'" \
	eval 'one_error merge && [[ $err == *"merge: unknown option '"'"'--frob'"'"' (allowed: --partial, then the files)" ]]'

# ---- files that are not shards, or are hostile ----
# hostile NAME PYTHON WANT: a copy of slice 1/3 changed by PYTHON (on d,
# the parsed object, or raw, the text to write instead) is refused with a
# message holding WANT after "merge: FILE: ".
hostile() {
	local name=$1 code=$2 want=$3 f=$tmp/hostile.$1.json
	py "import json, sys
t = open(sys.argv[1]).read(); d = json.loads(t); raw = None
$code
open(sys.argv[2], 'w').write(raw if raw is not None else json.dumps(d, separators=(',', ':')))" "$P.1.json" "$f" || {
		fail "hostile.$name" "python failed"
		return
	}
	run merge --partial "$f"
	check "hostile.$name" "status $st, '$(oneline "$err")' (want 'merge: $f: ...$want...')" \
		eval 'one_error "merge: $f: " && [[ $err == *"$want"* ]]'
}
hostile not_json 'raw = "hello"' "not JSON (line 1, column 1: expected a value, found 'h')"
hostile truncated 'raw = t[:len(t) // 2]' "not JSON (line 1, column "
hostile truncated_end 'raw = t.rstrip()[:-1]' "the text ends before the closing '}'"
hostile empty 'raw = ""' "empty (not a shard file)"
hostile string 'raw = "\"shard\""' "not a shard file (JSON a string, not an object)"
hostile two_objects 'raw = t + t' "not JSON (line 2, column 1: more after the end of the value: '{')"
hostile comment 'raw = t.replace("{", "{/*x*/", 1)' "not JSON (line 1, column 2: expected a member's name (a string), found '/')"
hostile negative 'd["counters"]["alive"][2] = -1' "counters.alive[2]: -1 is negative"
hostile huge_number 'd["counters"]["living"][0] = 10**30' "counters.living[0]: 100000000000000000000000... is too large"
hostile above_reached 'd["counters"]["alive"][3] = d["counters"]["reached"][3] + 1' "counters: alive at depth 4 is"
hostile above_trials 'd["counters"]["reached"][0] = 334' "counters: reached at depth 1 is 334 (allowed: 0..233, the trials counted)"
hostile counted 'd["counters"]["counted"] = 10**12' "counters.counted: 1000000000000 (allowed: 233, the trials of slice 1/3)"
hostile reached_grows 'c = d["counters"]; c["reached"][2] = c["reached"][1] + 1' "counters: reached at depth 3 is"
hostile min_living 'd["counters"]["min_living"][0] = 33' "counters: min_living at depth 1 is 33 (allowed: 0..32"
hostile living_sq 'd["counters"]["living_sq"] = str(233 * 32 * 32 + 1)' "counters: living_sq above 32^2 for each of the"
hostile living_sq_2128 'd["counters"]["living_sq"] = str(2**128)' "counters.living_sq: '340282366920938463463374607431768211456' is not a whole number below 2^128"
hostile short_array 'd["counters"]["alive"].pop()' "counters.alive: 7 entries (allowed: 8, one a depth)"
hostile long_array 'd["counters"]["dead_units"].append(0)' "counters.dead_units: 9 entries (allowed: 8, one a depth)"
hostile type_count 'd["counters"]["alive"][1] = "3"' "counters.alive[1]: expected a whole number, found a string"
hostile type_fraction 'd["counters"]["alive"][1] = 3.5' "counters.alive[1]: 3.5 is not written as a whole number"
hostile type_sq 'd["counters"]["living_sq"] = 5' "counters.living_sq: expected a string, found a number"
hostile type_params 'd["params"] = [1]' "params: expected an object, found an array"
hostile type_param 'd["params"]["depth"] = 8' "params.depth: expected a string, found a number"
hostile dup_top 'raw = t.replace("\"seed\":21", "\"seed\":21,\"seed\":21", 1)' "\"seed\" given twice"
hostile dup_counter 'raw = t.replace("\"alive\":[", "\"alive\":[1],\"alive\":[", 1)' "counters: \"alive\" given twice"
hostile dup_param 'raw = t.replace("\"width\":\"3\"", "\"width\":\"3\",\"width\":\"4\"", 1)' "params: \"width\" given twice"
hostile unknown 'd["extra"] = 1' "an unknown member \"extra\" (allowed: command, format, version, seed, params, slice, counters)"
hostile unknown_param 'd["params"]["bogus"] = "1"' "params: an unknown parameter \"bogus\""
hostile missing 'del d["counters"]["reached"]' "counters: no \"reached\" member"
hostile missing_param 'del d["params"]["seed"]' "params: no \"seed\""
hostile bad_param 'd["params"]["arch"] = "tower"' "params: arch: bad value 'tower'"
hostile seed_apart 'd["seed"] = 22' "seed: 22, but params.seed is 21 (allowed: the same)"
hostile format 'd["format"] = 2' "shard format 2 (allowed: format 1"
hostile not_shard 'd["command"] = "bounds"' "a 'bounds' result, not a shard"
hostile slice_zero 'd["slice"]["index"] = 0' "slice: bad value '0/3' (allowed: I/N with 1 <= I <= N"
hostile slice_moved 'd["slice"]["first"] = 5' "slice: 1/3 of 700 trials is trials 0..232, not 5..237"
hostile cert_given 'd["counters"]["cert_alive"] = [0] * 8; d["counters"]["cert_dead"] = [0] * 8' "counters: cert_alive and cert_dead given (allowed: neither with certify off)"
hostile cert_half 'd["counters"]["cert_alive"] = [0] * 8' "counters: \"cert_alive\" without \"cert_dead\""
hostile nul 'raw = t.replace("\"plain\"", "\"pl\\u0000ain\"")' "\\u0000 inside a string"
hostile nesting 'raw = "{\"command\":\"shard\",\"x\":" + "[" * 100000 + "]" * 100000 + "}"' "nested more than 64 deep"
hostile nesting_top 'raw = "[" * 1000000' "not JSON (line 1, column 65: nested more than 64 deep)"
hostile seconds 'd["counters"]["seconds"] = -1' "counters.seconds: -1 is negative"
hostile seconds_inf 'raw = t.replace("\"seconds\":", "\"seconds\":1e999,\"x\":", 1)' "1e999 is out of range"
hostile long_string 'd["params"]["data_file"] = "x" * 100000' "params.data_file: a string longer than"
# claims of a gigabyte: a depth, a count, a slice, an array past any run
hostile claim_depth 'd["params"]["depth"] = "1000000000"; d["counters"]["depth"] = 10**9' "counters.depth: 1000000000 is too large (allowed: 0..1000000)"
hostile claim_depth_params 'd["params"]["depth"] = "1000000000"' "depth: 1000000000 is too deep to simulate (allowed: 1..1000000"
hostile claim_points 'd["counters"]["points"] = 10**9' "counters.points: 1000000000 is too large (allowed: 0..1000000)"
hostile claim_slice 'd["slice"]["count"] = 10**12' "slice: 1/3 of 700 trials is trials 0..232, not 0..999999999999"
hostile claim_of 'd["slice"]["of"] = 10**18' "slice: 1000000000000000000 slices of 700 trials"
hostile claim_array 'd["counters"]["alive"] = [0] * 1000001' "counters.alive: more than 1000000 entries"
# invalid UTF-8 and a raw control character, written as bytes
printf '%s' "$(sed 's/"plain"/"pl\xffain"/' "$P.1.json")" >"$tmp/utf8.json"
run merge "$tmp/utf8.json"
check hostile.utf8 "a byte 0xff in a string: '$(oneline "$err")'" \
	eval 'one_error "merge: $tmp/utf8.json: " && [[ $err == *"a string that is not UTF-8 (byte 0xff)"* ]]'
# a sparse file of 1 GiB: refused by its size, at once
truncate -s 1G "$tmp/big.json"
run merge "$tmp/big.json"
check hostile.gigabyte "a 1 GiB file: status $st in $secs s, '$(oneline "$err")'" \
	eval 'one_error "merge: $tmp/big.json: " && [[ $err == *"1073741824 bytes (allowed: a shard file of at most 256 MiB)" ]] && faster "$secs" 5'
rm -f "$tmp/big.json"
# not regular files: nothing blocks
mkfifo "$tmp/fifo.json"
run merge "$tmp/fifo.json"
check hostile.fifo "a FIFO: status $st, '$(oneline "$err")'" \
	eval 'one_error "merge: $tmp/fifo.json: " && [[ $err == *"FIFO"* ]]'
# a directory stands for its .json files (here the hostile ones: the first
# refused, a FIFO among them never opened)
run merge "$tmp"
check hostile.directory "a directory of hostile files: '$(oneline "$err")'" eval 'one_error "merge: $tmp/" && [ "$st" = 1 ]'
run merge "$tmp/none.json"
check hostile.absent "no file: '$(oneline "$err")'" eval 'one_error "merge: $tmp/none.json: " && [[ $err == *"No such file"* ]]'
run -c "$set_plain; simulate; export $tmp/sim.json"
run merge "$tmp/sim.json"
check hostile.simulate "a simulate export: '$(oneline "$err")'" \
	eval 'one_error "merge: $tmp/sim.json: " && [[ $err == *"a '"'"'simulate'"'"' result, not a shard (shards come from deadrelu --shard I/N --json -c"* ]]'
# --json: the error as an object too
run --json merge "$tmp/sim.json"
check hostile.json_error "--json merge of a bad file: '$(oneline "$out")'" \
	eval '[ "$st" = 1 ] && [[ $out == "{\"error\":\"merge: $tmp/sim.json: a '"'"'simulate'"'"' result, not a shard"* ]]'

# ---- --partial ----
# slices 1, 3 and 4 of 7: an estimate over their trials, its numbers from
# the counts added here
run --json merge --partial "$S.4.json" "$S.1.json" "$S.3.json"
echo "$out" >"$tmp/partial.json"
wrong=$(py 'import json, sys
r = json.load(open(sys.argv[1]))
sh = [json.load(open(f)) for f in sys.argv[2:]]
n = sum(s["counters"]["counted"] for s in sh)
alive = sum(s["counters"]["alive"][-1] for s in sh)
living = sum(s["counters"]["living"][-1] for s in sh)
bad = []
if r["trials"] != n or n != 100 + 100 + 100: bad.append("trials %r" % r["trials"])
if r["target"] != 700 or r["finished"] is not False: bad.append("target %r finished %r" % (r["target"], r["finished"]))
if r["alive"] != alive / n: bad.append("alive %r, the counts give %r" % (r["alive"], alive / n))
if r["living_ratio"] != living / (n * 32): bad.append("living_ratio %r" % r["living_ratio"])
if r["by_depth"][0]["alive"] != sum(s["counters"]["alive"][0] for s in sh) / n: bad.append("by_depth alive")
if r.get("partial") != "slices 1, 3-4 of 7 (missing 2, 5-7): 300 of 700 trials": bad.append("partial %r" % r.get("partial"))
if "over 300 of 700 trials (partial)" not in r["estimate"]: bad.append("estimate %r" % r["estimate"])
print("; ".join(bad))' "$tmp/partial.json" "$S.1.json" "$S.3.json" "$S.4.json")
check partial.json "merge --partial 1, 3, 4 of 7: status $st: $wrong $(oneline "$err")" eval '[ "$st" = 0 ] && [ -z "$wrong" ]'
run merge --partial "$S.1.json" "$S.3.json" "$S.4.json"
check partial.text "the text of a partial merge: '$(oneline "$out")'" \
	eval '[ "$st" = 0 ] && [[ $out == *"300 trials - partial"* ]] && [[ $out == *$'"'"'\npartial: slices 1, 3-4 of 7 (missing 2, 5-7): 300 of 700 trials; not the whole run'"'"' ]]'
run -c "merge --partial $S.1.json $S.3.json $S.4.json; export $tmp/partial.csv; export $tmp/partial2.json"
check partial.export "a partial merge's exports say so: $(oneline "$(grep '^# partial' "$tmp/partial.csv")")" \
	eval 'grep -qx "# partial slices 1, 3-4 of 7 (missing 2, 5-7): 300 of 700 trials" "$tmp/partial.csv" &&
		[ "$(mask_json <"$tmp/partial2.json")" = "$(mask_json <"$tmp/partial.json")" ]'
# slices 1 and 2 of 4 are the trials of slice 1 of 2: the same numbers
shards plain "$set_plain" 4
drop_partial() { mask_json | sed 's/,"partial":"[^"]*"//'; }
run --json merge --partial "$tmp/plain.4.2.json" "$tmp/plain.4.1.json"
q=$(drop_partial <<<"$out")
run --json merge --partial "$tmp/plain.2.1.json"
check partial.same_trials "slices 1, 2 of 4 and slice 1 of 2 (trials 0..349) give different numbers" \
	eval '[ "$st" = 0 ] && [ -n "$q" ] && [ "$(drop_partial <<<"$out")" = "$q" ] && [[ $out == *"\"partial\":\"slice 1 of 2 (missing 2): 350 of 700 trials\""* ]]'
# --partial over every slice is the whole run, unmarked
run --json merge --partial "${p3[@]}"
check partial.whole "--partial over all 3 slices: not the single run" \
	eval '[ "$st" = 0 ] && [ "$(mask_json <<<"$out")" = "$(mask_json <"$tmp/merged.json")" ] && [[ $out != *partial* ]]'

# ---- --shard and the other commands ----
for v in 0/3 4/3 1/0 x/y 3 1/3x -1/3; do
	run --shard "$v" -c simulate
	check "option.$v" "--shard $v: status $st, '$(oneline "$err")'" \
		eval '[ "$st" = 2 ] && [[ $err == "deadrelu: --shard: bad value '"'$v'"' (allowed: I/N, whole numbers with 1 <= I <= N <= 1000000000: slice I of N of the trials)"$'"'"'\n'"'"'* ]]'
done
run --shard 1/701 -c "$set_plain; simulate"
check option.above_trials "--shard 1/701 of 700 trials: '$(oneline "$err")'" \
	eval 'one_error "simulate" && [ "$err" = "deadrelu: simulate: --shard 1/701: 701 slices of 700 trials (allowed: N up to the trials, 700)" ]'
run --shard 1/2 -e 'print(1)'
check option.lua "--shard with -e: status $st, '$(oneline "$err")'" \
	eval '[ "$st" = 2 ] && [[ $err == "deadrelu: --shard works with -c only (it shards simulate)"* ]]'
for c in "sweep width 2 4|sweep: not with --shard" "lua print(1)|lua: not with --shard" "run tour|run: not with --shard" \
	"merge $P.1.json|merge: not with --shard" "export $tmp/x.json|export: nothing to export yet" \
	"simulate 10; export $tmp/x.csv|export: bad file name '$tmp/x.csv' (allowed under --shard: a name ending in .json"; do
	run --shard 1/2 -c "${c%%|*}"
	check "option.cmd.${c%% *}" "--shard 1/2 -c '${c%%|*}': status $st, '$(oneline "$err")'" \
		eval '[ "$st" = 1 ] && [[ $err == "deadrelu: ${c#*|}"* ]]'
done
run --shard 2/3 --json -c "$set_plain; bounds; simulate; export $tmp/exported.json"
check option.export "export under --shard writes the shard simulate printed" \
	eval '[ "$st" = 0 ] && [ "$(sed -n 2p <<<"$out")" = "$(cat "$tmp/exported.json")" ]'
run --shard 2/3 -c "$set_plain; bounds; simulate; export $tmp/exported2.json"
check option.text "--shard in text: '$(oneline "$out")'" \
	eval '[ "$st" = 0 ] && [[ $out == *"shard 2/3: trials 233..465 of 700 done (233 trials, "*" s); export FILE.json writes it for merge"$'"'"'\n'"'"'"wrote $tmp/exported2.json (shard 2/3)" ]] && cmp -s <(mask_json <"$tmp/exported.json") <(mask_json <"$tmp/exported2.json")'
run merge "$tmp/exported.json" "$P.1.json" "$P.3.json"
check option.export_merges "an exported shard merges with printed ones: $(oneline "$err")" \
	eval '[ "$st" = 0 ] && [ "$(mask_text <<<"$out")" = "$(mask_text <<<"$cli_text")" ]'
