#!/usr/bin/env bash
# tests/cli/test_scripts.sh - the scripting layer headless: every shipped
# scenario in lua/ (exit status and the content of what it prints, checked
# against values computed here with awk), `run NAME` along the Lua path,
# error messages with tracebacks, the memory cap, the
# instruction budget, Ctrl-C (SIGINT) on runaway and sleeping scripts, and
# the headless side of deadrelu.caption/pause/sleep/command.
# Prints "PASS scripts/NAME" / "FAIL scripts/NAME: why"; run from anywhere.
# A private configuration directory (tests/cli/lib.sh): `run NAME` also
# searches it.
. "$(dirname "$0")/lib.sh" scripts
T=100 # trials per scenario: small, the checks below do not depend on it

# ran_ok NAME: status 0 and nothing on stderr, else a FAIL line; 0 when ok.
ran_ok() {
	if [ "$st" -ne 0 ] || [ -n "$err" ]; then
		fail "$1" "exited $st (want 0); stderr: $(oneline "$err")"
		return 1
	fi
	pass "$1"
}
# rows_after HEADER-REGEX NF: the table rows under the header line: the
# lines that follow it with exactly NF fields and no ':' (a sentence).
rows_after() {
	awk -v h="$1" -v nf="$2" 'f && (NF != nf || /:/) { exit } f { print } $0 ~ h { f = 1 }' <<<"$out"
}

# ---- the shipped scenarios, headless, TRIALS = 100 ----

# tour: five numbered sections, captions, pauses print their text, tables.
run lua/tour.lua $T
if ran_ok tour.status; then
	missing=
	for s in "1. Depth kills a narrow network" "2. Width saves it" "3. Input-set radius" \
		"4. Sign flipping, depth 20" "5. Architectures at depth 32"; do
		grep -qx -- "$s.*" <<<"$out" || missing="$missing [$s]"
	done
	check tour.sections "sections missing (each at the start of a line):$missing" [ -z "$missing" ]
	order=$(grep -oE '^[1-5]\. ' <<<"$out" | tr -d ' .\n')
	check tour.section_order "numbered sections in order 12345, got '$order'" [ "$order" = 12345 ]
	ncap=$(grep -cE '^== [1-5]/5  .*\. Look at .* ==$' <<<"$out")
	steps=$(grep -oE '^== [1-5]/5 ' <<<"$out" | tr -dc '1-5')
	check tour.captions "headless steps print '== n/5  title. Look at ... ==': want 5 in order, got $ncap ('$steps')" \
		[ "$ncap" = 5 ] && [ "$steps" = 12345 ]
	check tour.caption_end "no '== end of the tour ==' line" grep -qx '== end of the tour ==' <<<"$out"
	check tour.pause_text "pause(text) prints its text headless ('Enter: width saves it')" grep -qx 'Enter: width saves it' <<<"$out"
	check tour.header "first line is not 'deadrelu tour ($T trials per setting)'" \
		[ "$(head -n 1 <<<"$out")" = "deadrelu tour ($T trials per setting)" ]
	# Section 1: the lower bound (7/8)^k for k = 5 10 20 40.
	got=$(rows_after '^depth +lower +simulated +upper' 4 | awk '{ print $1, $2 }' | head -n 4 | tr '\n' ';')
	want=$(awk 'BEGIN { n = split("5 10 20 40", k); for (i = 1; i <= n; i++) printf "%d %.4f;", k[i], (7 / 8) ^ k[i] }')
	check tour.depth_table "depth/lower rows: got '$got', want '$want' ((7/8)^k)" [ "$got" = "$want" ]
	# Section 3: the whole interval (certify exact) beside its 64-point
	# sample: three radii, every network decided (proven alive = not
	# proven dead), the set's interval around it, at least the sample.
	reg=$(rows_after '^radius +64 points +proven alive +not proven dead +set lo +set hi' 6)
	bad=$(awk '$3 != $4 || $5 > $3 || $6 < $3 || $3 < $2' <<<"$reg")
	check tour.region "section 3's whole-set table: $(oneline "$reg") (bad: $(oneline "$bad"))" \
		[ "$(awk '{ printf "%s ", $1 }' <<<"$reg")" = "1 100 10000 " ] && [ -z "$bad" ]
	# Section 5: six architectures, residual alive and fully living.
	arch=$(rows_after '^ *arch +P\(alive\) +living ratio' 3)
	names=$(awk '{ print $1 }' <<<"$arch" | tr '\n' ' ')
	check tour.archs "architecture table lists '$names', want the six archs" \
		[ "$names" = "plain batchnorm residual residual-post dense skip " ]
	res=$(awk '$1 == "residual" { print $2, $3 }' <<<"$arch")
	check tour.residual "residual row: P(alive) living ratio '$res', want '1.0000 1.0000'" [ "$res" = "1.0000 1.0000" ]
	bad=$(awk '$2 < 0 || $2 > 1 || $3 < 0 || $3 > 1' <<<"$arch")
	check tour.arch_range "probabilities outside [0,1]: $(oneline "$bad")" [ -z "$bad" ]
	# Section 4: the smallest living ratio with sign flipping is >= 2^-20.
	ok4=$(awk '/^4\. Sign flipping/ { for (i = 1; i <= NF; i++) if ($i == "trial") m = $(i + 1); print (m + 0 >= 2 ^ -20 && m + 0 <= 1) ? "yes" : "no:" m }' <<<"$out")
	check tour.signflip "section 4 smallest living ratio not >= 2^-20 ($ok4)" [ "$ok4" = yes ]
	nend=$(grep -c 'end of the tour' <<<"$out")
	check tour.end_once "'end of the tour' is said $nend times, want once (its caption)" [ "$nend" = 1 ]
fi

# signflip: the guarantee holds, nine rows 1 2 3 4 8 .. 24, min >= 2^-k.
run lua/signflip.lua $T
if ran_ok signflip.status; then
	check signflip.guarantee "no 'guarantee holds' line: $(oneline "$(tail -n 2 <<<"$out")")" \
		grep -q '^guarantee holds: in every trial at least 2^-k of the points live$' <<<"$out"
	check signflip.no_violation "prints GUARANTEE VIOLATED" eval '! grep -q VIOLATED <<<"$out"'
	rows=$(rows_after '^depth +plain mean +flipped mean +flipped min +2\^-k' 5)
	ks=$(awk '{ print $1 }' <<<"$rows" | tr '\n' ' ')
	check signflip.rows "depth column '$ks', want '1 2 3 4 8 12 16 20 24 '" [ "$ks" = "1 2 3 4 8 12 16 20 24 " ]
	# (columns are rounded: 4 decimals, or 2 significant digits below 1e-4)
	bad=$(awk 'function near(v, g) { return (v - g <= 0.00005 && g - v <= 0.00005) || (v - g <= 0.05 * g && g - v <= 0.05 * g) }
		{ g = 2 ^ -$1; if (($4 + 0.00005 < g * 0.95) || $4 + 0 > 1 || $3 + 0 < $4 + 0 || !near($5 + 0, g)) print }' <<<"$rows")
	check signflip.values "rows with flipped min < 2^-k, mean < min, or a wrong 2^-k column: $(oneline "$bad")" [ -z "$bad" ]
fi

# depth_width: bound widths = ceil(-log2(1 - p^(1/k))), computed here.
bound_widths() { # P: the expected "depth width;" list for the eight depths
	awk -v p="$1" 'BEGIN {
		n = split("10 30 100 300 1000 10000 1000000 1000000000", k)
		for (i = 1; i <= n; i++) {
			q = log(p) / k[i]              # 1 - p^(1/k) = -expm1(q), q tiny
			d = (q > -1e-5) ? -q * (1 + q / 2 + q * q / 6) : 1 - exp(q)
			w = -log(d) / log(2)
			c = int(w); if (c < w) c++
			printf "%d %d;", k[i], c
		}
	}'
}
for p in 0.9 0.5; do
	if [ $p = 0.9 ]; then run lua/depth_width.lua $T; else run lua/depth_width.lua $T $p; fi
	if ran_ok "depth_width.status_p$p"; then
		rows=$(rows_after '^depth +bound width +log2 depth' 5)
		got=$(awk '{ printf "%d %d;", $1 + 0, $2 }' <<<"$rows")
		want=$(bound_widths $p)
		check "depth_width.bound_widths_p$p" "depth/bound width: got '$got', want '$want'" [ "$got" = "$want" ]
		bad=$(awk '{ l = log($1 + 0) / log(2); if ($3 - l > 0.0001 || l - $3 > 0.0001) print }' <<<"$rows")
		check "depth_width.log2_p$p" "log2 depth column wrong in: $(oneline "$bad")" [ -z "$bad" ]
		check "depth_width.title_p$p" "first line does not name p = $p and $T trials" \
			grep -qx "smallest width with P(alive) >= $p (one input point, $T trials)" <<<"$out"
		# The simulated width (first 5 rows) is a width whose P(alive) is shown.
		bad=$(head -n 5 <<<"$rows" | awk '$4 != "-" && ($4 < 1 || $5 < 0 || $5 > 1)')
		check "depth_width.simulated_p$p" "simulated width/P out of range: $(oneline "$bad")" [ -z "$bad" ]
	fi
done

# convergence: both sections, lower bounds (7/8)^k, gap = simulated - lower.
run lua/convergence.lua $T
if ran_ok convergence.status; then
	check convergence.section1 "no '1. shrinking the input set (depth 10, width 3, $T trials)'" \
		grep -qx "1. shrinking the input set (depth 10, width 3, $T trials)" <<<"$out"
	check convergence.section2 "no '2. growing depth (width 3, ball radius 1, $T trials)...'" \
		grep -q "^2. growing depth (width 3, ball radius 1, $T trials)" <<<"$out"
	r1=$(rows_after '^radius +lower +simulated +gap +upper' 5)
	n1=$(wc -l <<<"$r1")
	L10=$(awk 'BEGIN { printf "%.4f", (7 / 8) ^ 10 }')
	bad=$(awk -v L="$L10" '$2 != L || ($3 - $2 - $4 > 0.00011) || ($4 - $3 + $2 > 0.00011) || $5 < $3' <<<"$r1")
	check convergence.radius_rows "section 1 has $n1 rows (want 6) or rows with lower != $L10 / gap != simulated - lower: $(oneline "$bad")" \
		eval '[ "$n1" = 6 ] && [ -z "$bad" ]'
	r2=$(rows_after '^depth +lower +simulated +survival per layer +one point' 5)
	got=$(awk '{ printf "%d %s %s;", $1, $2, $5 }' <<<"$r2")
	want=$(awk 'BEGIN { n = split("2 4 8 16 24 32 48", k); for (i = 1; i <= n; i++) printf "%d %.4f 0.8750;", k[i], (7 / 8) ^ k[i] }')
	check convergence.depth_rows "depth/lower/one point: got '$got', want '$want'" [ "$got" = "$want" ]
fi

# region: per section 5 radii; in one dimension (exact) every network is
# decided (proven alive = not proven dead) and P(alive on the interval)
# never falls as the radius grows (the same networks at every radius); in
# both, proven alive >= the sampled estimate and the set's interval holds
# the proven fraction.
run lua/region.lua $T
if ran_ok region.status; then
	hdr='^radius +64 points +proven alive +not proven dead +set lo +set hi$'
	tables=$(awk -v h="$hdr" '$0 ~ h { n++; next } n && NF == 6 && $1 ~ /^[0-9]+$/ { print n, $0 }' <<<"$out")
	r1=$(awk '$1 == 1' <<<"$tables")
	r2=$(awk '$1 == 2' <<<"$tables")
	check region.rows "want 5 rows in each of two tables: $(oneline "$tables")" \
		eval '[ "$(wc -l <<<"$r1")" = 5 ] && [ "$(wc -l <<<"$r2")" = 5 ]'
	bad=$(awk '$4 != $5 || $4 < $3 || $6 > $4 || $7 < $4 || (NR > 1 && $4 < prev) { print } { prev = $4 }' <<<"$r1")
	check region.exact "exact rows with undecided networks, proven alive below the sample or the set's interval, or falling with the radius: $(oneline "$bad")" \
		[ -z "$bad" ]
	bad=$(awk '$4 < $3 || $5 < $4 || $6 > $4 || $7 < $5' <<<"$r2")
	check region.bracket "bracket rows out of order (sample <= proven alive <= not proven dead, lo <= proven, hi >= not dead): $(oneline "$bad")" \
		[ -z "$bad" ]
fi

# architectures: 12 rows (6 archs x point/layer), residual 1.0000, lo <= P <= hi.
run lua/architectures.lua $T
if ran_ok architectures.status; then
	rows=$(rows_after '^ *arch +criterion +P\(alive\) +lo +hi +living ratio' 6)
	n=$(grep -c . <<<"$rows")
	check architectures.rows "$n rows, want 12" [ "$n" = 12 ]
	got=$(awk '{ printf "%s/%s ", $1, $2 }' <<<"$rows")
	want=$(for a in plain batchnorm residual residual-post dense skip; do printf '%s/point %s/layer ' $a $a; done)
	check architectures.combinations "arch/criterion rows '$got', want '$want'" [ "$got" = "$want" ]
	res=$(awk '$1 == "residual" { printf "%s ", $3 }' <<<"$rows")
	check architectures.residual "residual P(alive) '$res', want '1.0000 1.0000 '" [ "$res" = "1.0000 1.0000 " ]
	bad=$(awk '$4 > $3 || $3 > $5 || $4 < 0 || $5 > 1' <<<"$rows")
	check architectures.intervals "rows with P(alive) outside [lo, hi]: $(oneline "$bad")" [ -z "$bad" ]
	L=$(awk 'BEGIN { printf "%.4f", (7 / 8) ^ 32 }')
	check architectures.lower "no 'lower bound of the plain net: $L'" grep -qx "lower bound of the plain net: $L" <<<"$out"
fi

# initialisations: 8 weights x 2 biases; rai and mirrored "no", the rest "yes".
run lua/initialisations.lua $T
if ran_ok initialisations.status; then
	rows=$(rows_after '^ *weights +bias +P\(alive\) +living ratio +bounds apply' 5)
	got=$(awk '{ printf "%s/%s/%s ", $1, $2, $5 }' <<<"$rows")
	want=$(for w in he-normal he-uniform glorot-normal glorot-uniform lecun-normal lecun-uniform rai mirrored; do
		a=yes
		case $w in rai | mirrored) a=no ;; esac
		printf '%s/zero/%s %s/normal/%s ' $w $a $w $a
	done)
	check initialisations.rows "weights/bias/applies rows: got '$got', want '$want'" [ "$got" = "$want" ]
	rai=$(awk '$1 == "rai" { printf "%s %s;", $3, $4 }' <<<"$rows")
	check initialisations.rai_rows_agree "the script says rai's two rows agree; got '$rai'" \
		eval '[ "${rai%%;*}" = "$(cut -d";" -f2 <<<"$rai")" ]'
	mir=$(awk '$1 == "mirrored" { printf "%s ", $3 }' <<<"$rows")
	check initialisations.mirrored_alive "mirrored P(alive) '$mir', want '1.0000 1.0000 '" [ "$mir" = "1.0000 1.0000 " ]
	L=$(awk 'BEGIN { printf "%.4f", (15 / 16) ^ 20 }')
	check initialisations.lower "no 'lower bound (symmetric inits): $L'" grep -qx "lower bound (symmetric inits): $L" <<<"$out"
	# the presets: constant positive biases break the bounds, the rest keep them
	rows=$(rows_after '^ *preset +P\(alive\) +living ratio +bounds apply' 4)
	got=$(awk '{ printf "%s/%s ", $1, $4 }' <<<"$rows")
	want="torch/yes keras/yes flax/yes orthogonal/yes he-fan-out/yes truncated-normal/yes he-positive/no playground/no "
	check initialisations.presets "preset/applies rows: got '$got', want '$want'" [ "$got" = "$want" ]
fi

# reproduce: 6 CSV + 6 gnuplot files with the right headers and row counts.
mkdir -p "$tmp/fig"
run lua/reproduce.lua "$tmp/fig" $T
if ran_ok reproduce.status; then
	check reproduce.message "no 'wrote 6 figures ($T trials each) to $tmp/fig: ...' line: $(oneline "$out")" \
		grep -qx "wrote 6 figures ($T trials each) to $tmp/fig: depth, min_width, radius, signflip, architectures, map" <<<"$out"
	files=$(cd "$tmp/fig" && ls | tr '\n' ' ')
	want="architectures.csv architectures.gp depth.csv depth.gp map.csv map.gp min_width.csv min_width.gp radius.csv radius.gp signflip.csv signflip.gp "
	check reproduce.files "files '$files', want '$want'" [ "$files" = "$want" ]
	while read -r name header rows; do
		f=$tmp/fig/$name.csv
		h=$(head -n 1 "$f" 2>/dev/null)
		n=$(($(wc -l <"$f" 2>/dev/null || echo 1) - 1))
		nf=$(awk -F, -v w="$(awk -F, '{ print NF; exit }' <<<"$header")" 'NR > 1 && NF != w' "$f" 2>/dev/null | wc -l)
		check "reproduce.$name.csv" "header '$h' (want '$header'), $n rows (want $rows), $nf rows with a wrong field count" \
			eval '[ "$h" = "$header" ] && [ "$n" = "$rows" ] && [ "$nf" = 0 ]'
		g=$tmp/fig/$name.gp
		check "reproduce.$name.gp" "$name.gp lacks \"set output '$name.png'\" or a plot of '$name.csv'" \
			eval "grep -qx \"set output '$name.png'\" '$g' && grep -q \"^plot '$name.csv'\" '$g'"
	done <<'EOF'
depth width,depth,lower,upper,alive,alive_lo,alive_hi 256
min_width depth,p50,p90,p99 19
radius radius,lower,upper,alive,alive_lo,alive_hi 17
signflip depth,plain,flipped,flipped_min,guarantee 24
architectures depth,plain,batchnorm,residual_post,dense,skip 48
map log10_depth,width,lower 600
EOF
	bad=$(awk -F, 'NR > 1 { l = (1 - 2 ^ -$1) ^ $2; if ($3 - l > 1e-9 * l || l - $3 > 1e-9 * l || $5 < $6 || $5 > $7) print }' "$tmp/fig/depth.csv" | head -n 3)
	check reproduce.depth_values "depth.csv rows with lower != (1-2^-n)^k or alive outside [lo, hi]: $(oneline "$bad")" [ -z "$bad" ]
	bad=$(awk -F, 'NR > 1 && !($2 <= $3 && $3 <= $4)' "$tmp/fig/min_width.csv" | head -n 3)
	check reproduce.min_width_order "min_width.csv rows without p50 <= p90 <= p99: $(oneline "$bad")" [ -z "$bad" ]
fi
run --sandbox lua/reproduce.lua "$tmp/fig2" $T
check reproduce.sandbox "reproduce under --sandbox: status $st (want 1), stderr should say it needs io: $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "needs io"'

# scripts/reproduce.sh: PNGs with gnuplot; without it, the message saying so.
if command -v gnuplot >/dev/null 2>&1; then
	timeout 60 bash scripts/reproduce.sh "$tmp/png" $T >"$tmp/out" 2>"$tmp/err"
	st=$?
	out=$(cat "$tmp/out")
	npng=0
	for f in "$tmp"/png/*.png; do
		[ -s "$f" ] && [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '211PNG' ] && npng=$((npng + 1))
	done
	check reproduce_sh.png "status $st, $npng valid PNG files (want 6): $(oneline "$out$(cat "$tmp/err")")" \
		eval '[ "$st" = 0 ] && [ "$npng" = 6 ] && grep -q "^rendered: architectures.png depth.png map.png min_width.png radius.png signflip.png" <<<"$out"'
fi
# Without gnuplot on PATH (a PATH of only the tools the script needs).
mkdir -p "$tmp/bin"
for t in bash dirname mkdir ls tr make env cat; do
	p=$(command -v $t) && ln -sf "$p" "$tmp/bin/$t"
done
timeout 60 env PATH="$tmp/bin" bash scripts/reproduce.sh "$tmp/nognu" $T >"$tmp/out" 2>"$tmp/err"
st=$?
out=$(cat "$tmp/out")
ncsv=$(ls "$tmp"/nognu/*.csv 2>/dev/null | wc -l)
npng=$(ls "$tmp"/nognu/*.png 2>/dev/null | wc -l)
check reproduce_sh.no_gnuplot "status $st (want 0), $ncsv CSV (want 6), $npng PNG (want 0), message: $(oneline "$out$(cat "$tmp/err")")" \
	eval '[ "$st" = 0 ] && [ "$ncsv" = 6 ] && [ "$npng" = 0 ] && grep -q "^gnuplot not installed: CSV files and .gp scripts are in $tmp/nognu" <<<"$out"'
timeout 10 bash scripts/reproduce.sh >"$tmp/out" 2>"$tmp/err"
st=$?
check reproduce_sh.usage "no DIR: status $st (want 2), stderr '$(oneline "$(cat "$tmp/err")")'" \
	eval '[ "$st" = 2 ] && grep -q "^usage: scripts/reproduce.sh DIR" "$tmp/err"'

# A bad TRIALS argument is refused by drlib.trials.
run lua/signflip.lua lots
check scenario.bad_trials "signflip.lua lots: status $st (want 1), stderr should say \"trials: bad value 'lots'\": $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "trials: bad value '"'lots'"'"'

# ---- run NAME along the Lua path ----
run -c 'run tour'
check run_name.tour "-c 'run tour': status $st (want 0), stdout should hold the tour; stderr: $(oneline "$err")" \
	eval '[ "$st" = 0 ] && has "$out" "deadrelu tour (2000 trials per setting)" && has "$out" "end of the tour"'
(cd "$tmp" && timeout 60 "$D" -c 'run signflip.lua' </dev/null >"$tmp/out" 2>"$tmp/err")
st=$?
check run_name.other_cwd "-c 'run signflip.lua' from another directory: status $st (want 0), stderr: $(oneline "$(cat "$tmp/err")")" \
	eval '[ "$st" = 0 ] && grep -q "^guarantee holds" "$tmp/out"'
printf 'print("mine " .. (arg and arg[0] or "?"))\n' >"$XDG_CONFIG_HOME/deadrelu/myscen.lua"
run -c 'run myscen'
check run_name.config_dir "-c 'run myscen' with \$XDG_CONFIG_HOME/deadrelu/myscen.lua: status $st, out '$(oneline "$out")', err '$(oneline "$err")'" \
	eval '[ "$st" = 0 ] && has "$out" "mine "'
run -c 'run nosuch'
check run_name.missing "-c 'run nosuch': status $st (want 1), stdout '$(oneline "$out")' (want empty), stderr must be one line naming 'nosuch': $(oneline "$err")" \
	eval '[ "$st" = 1 ] && [ -z "$out" ] && [ "$(wc -l <<<"$err")" = 1 ] && [[ $err == "deadrelu: "*"nosuch"* ]]'

# ---- errors and tracebacks ----
printf 'local x = 1\nlocal function boom(a)\n  error("kaboom " .. a)\nend\nlocal function outer()\n  boom(3)\nend\nouter()\n' >"$tmp/nested.lua"
run "$tmp/nested.lua"
check error.nested "status $st (want 1); stderr should have nested.lua:3: kaboom 3, a stack traceback through boom (line 3), outer (line 6), the main chunk (line 8): $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "nested.lua:3: kaboom 3" && has "$err" "stack traceback" &&
		grep -qE "nested\.lua:3: in .*boom" <<<"$err" && grep -qE "nested\.lua:6: in .*outer" <<<"$err" &&
		grep -qE "nested\.lua:8: in main chunk" <<<"$err"'
printf 'print("ok so far")\nlocal y = nil\nprint(y + 1)\n' >"$tmp/top.lua"
run "$tmp/top.lua"
check error.top_level "status $st (want 1), stdout '$(oneline "$out")', stderr should have top.lua:3: and stack traceback: $(oneline "$err")" \
	eval '[ "$st" = 1 ] && [ "$out" = "ok so far" ] && has "$err" "top.lua:3: attempt to perform arithmetic on a nil value" && has "$err" "stack traceback"'
run -c "run $tmp/nested.lua"
check error.via_run "-c 'run FILE': status $st (want 1), stderr should have nested.lua:3: and the traceback: $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "nested.lua:3: kaboom 3" && grep -qE "nested\.lua:6: in .*outer" <<<"$err"'
printf 'local function f(\n' >"$tmp/syntax.lua"
run "$tmp/syntax.lua"
check error.syntax "status $st (want 1), stderr should name syntax.lua:N: $(oneline "$err")" \
	eval '[ "$st" = 1 ] && grep -qE "syntax\.lua:[0-9]+:" <<<"$err"'
run -e 'local function g() error("in g") end g()'
check error.chunk "-e: status $st, stderr should have '(command line):1: in g' and a traceback naming g: $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "(command line):1: in g" && grep -qE "in (local|function) .?g" <<<"$err"'

# The sandbox has its own tests: tests/cli/test_sandbox.sh.
# ---- memory cap and instruction budget ----
run --sandbox -e 'local t = {} for i = 1, 1e8 do t[i] = i end'
check memory.sandbox "--sandbox runaway table: status $st (want 1) in ${secs}s (want < 5), stderr should name the memory cap (64 MiB, --lua-memory): $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "memory cap" && has "$err" "64 MiB" && has "$err" "--lua-memory" && awk "BEGIN { exit !($secs < 5) }"'
run --lua-memory 16 -e 'local t = {} for i = 1, 1e8 do t[i] = i end'
check memory.option "--lua-memory 16: status $st (want 1) in ${secs}s (want < 5), stderr should name the 16 MiB memory cap: $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "memory cap" && has "$err" "16 MiB" && awk "BEGIN { exit !($secs < 5) }"'
run --lua-memory 16 -e 'local t = {} for i = 1, 1000 do t[i] = ("x"):rep(100) .. i end print(#t)'
check memory.small_ok "--lua-memory 16 with a small table: status $st, out '$out'" eval '[ "$st" = 0 ] && [ "$out" = 1000 ]'
run --budget 1000000 -e 'while true do end'
check budget.loop "--budget 1000000 'while true do end': status $st (want 1) in ${secs}s, stderr should name the budget: $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "budget" && has "$err" "1000000" && awk "BEGIN { exit !($secs < 5) }"'
run --budget 1000000 -e 'while true do pcall(function() while true do end end) end'
check budget.pcall "pcall must not swallow the budget stop: status $st (want 1) in ${secs}s (timeout 60 gives 124), stderr: $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "budget"'
run --budget 1000000 -e 'local n = 0 while true do local ok, e = pcall(error, "x") n = n + 1 end'
check budget.pcall_error_loop "a loop of caught errors must still hit the budget: status $st, stderr: $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "budget"'
run --budget 1000000 -e 'coroutine.wrap(function() while true do end end)()'
check budget.coroutine "the budget must also stop a loop inside a coroutine: status $st, stderr: $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "budget"'
run --budget 100000000 -e 'local s = 0 for i = 1, 100000 do s = s + i end print(s)'
check budget.enough "a short loop under a large budget: status $st, out '$out'" eval '[ "$st" = 0 ] && [ "$out" = 5000050000 ]'

# ---- Ctrl-C (SIGINT) headless ----
# interrupt [-s SECS] NAME ARGS... (tests/cli/lib.sh): one SIGINT once the
# script is at work (after SECS for one that sleeps); it must end within 3 s
# with status 1 and "interrupted" on stderr.
interrupt -w 3 loop -e 'while true do end'
interrupt -w 3 -s 0.3 sleep -e 'deadrelu.sleep(100)'
interrupt -w 3 pcall_loop -e 'while true do pcall(function() while true do end end) end'
interrupt -w 3 -s 0.3 pcall_sleep -e 'pcall(deadrelu.sleep, 100) print("swallowed") while true do end'
interrupt -w 3 coroutine_loop -e 'coroutine.wrap(function() while true do end end)()'
interrupt -w 3 coroutine_resume -e 'print(coroutine.resume(coroutine.create(function() while true do end end))) while true do end'
interrupt -w 3 coroutine_nested -e 'coroutine.wrap(function() coroutine.wrap(function() while true do end end)() end)()'
interrupt -w 3 run_command -c 'lua while true do end'
printf 'local function spin() while true do end end\nspin()\n' >"$tmp/spin.lua"
interrupt -w 3 file "$tmp/spin.lua"

# ---- the new module functions, headless side ----
run -e 'deadrelu.caption("hello world")'
check caption.headless "caption headless: got '$(oneline "$out")', want '== hello world =='" eval '[ "$st" = 0 ] && [ "$out" = "== hello world ==" ]'
run -e 'deadrelu.pause("press nothing") deadrelu.pause() print("after")'
check pause.headless "pause headless prints its text, pause() nothing, and goes on: got '$(oneline "$out")' in ${secs}s" \
	eval '[ "$st" = 0 ] && [ "$out" = "press nothing"$'"'"'\n'"'"'"after" ] && awk "BEGIN { exit !($secs < 2) }"'
run -e 'deadrelu.sleep(0.6) print("slept")'
check sleep.headless "sleep(0.6) headless: status $st, '$out' in ${secs}s (want 0.6..3)" \
	eval '[ "$st" = 0 ] && [ "$out" = slept ] && awk "BEGIN { exit !($secs >= 0.6 && $secs < 3) }"'
run -c $'lua deadrelu.command("greet", "says hello", function(who) print("printing " .. who) return "hello " .. who end)\ngreet world\nhelp greet'
check command.prompt "a Lua command used from the command language: got '$(oneline "$out")'; stderr: $(oneline "$err")" \
	eval '[ "$st" = 0 ] && [[ $out == "printing world"$'"'"'\n'"'"'"hello world"$'"'"'\n'"'"'"greet"* ]] && has "$out" "says hello"'
run -c $'lua deadrelu.command("boom", "fails", function() error("bad thing") end)\nboom'
check command.error "a failing Lua command: status $st (want 1), stderr should carry 'bad thing': $(oneline "$err")" \
	eval '[ "$st" = 1 ] && has "$err" "bad thing"'

echo "$(basename "$0"): done"
