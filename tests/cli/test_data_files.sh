#!/usr/bin/env bash
# tests/cli/test_data_files.sh - data_file read through the program: refusals
# in one line naming the file, the line and the problem (never a hang: a
# FIFO, /dev/zero); valid files of long lines and every line end give the
# rows, columns and signs counted here with awk; numbers are decimal for
# every parameter, blanks around a value mean nothing, and long values (a
# 200-entry centre, 256 widths) come back whole from show, bounds and Lua.
# Prints "PASS name" / "FAIL name: why"; run from anywhere.
. "$(dirname "$0")/lib.sh" data
RUN_TIMEOUT=10 # run (tests/cli/lib.sh): a hang is status 124

# refused NAME COMMANDS WORD...: exit 1 at once, nothing on stdout, stderr
# one line "deadrelu: ..." containing every WORD.
refused() {
	local name=$1 cmds=$2 w
	shift 2
	run -c "$cmds"
	if [ "$st" -eq 124 ]; then
		fail "$name" "'$cmds' still running after 10 s"
		return
	fi
	if [ "$st" -ne 1 ] || [ -n "$out" ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [[ $err != "deadrelu: "* ]]; then
		fail "$name" "'$cmds': status $st (want 1), stdout '$(oneline "$out")', stderr '$(oneline "$err")'"
		return
	fi
	for w in "$@"; do
		if [[ $err != *"$w"* ]]; then
			fail "$name" "'$cmds': the message lacks '$w': $err"
			return
		fi
	done
	pass "$name"
}

# json_field JSON KEY: the value of a number or string field of one line.
json_field() {
	printf '%s\n' "$1" | sed -n "s/.*\"$2\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -n 1
}

# shape NAME FILE: input data from FILE has the rows and columns awk counts
# (blank, comment and header lines left out), and with depth 1, width 1 and
# zero biases in 1-d the smallest living fraction over the trials is
# min(positive, negative) / rows: every sign read right.
shape() {
	local name=$1 f=$2 lf=${3:-$2}
	local want
	want=$(awk -F'[,;]' '/^#/ || /^[ \t]*$/ { next } $1 !~ /^[-+.0-9]/ { next }
		{ n++; c = NF; if ($1 > 0) p++; else if ($1 < 0) q++ }
		END { printf "%d %d %.12f", n, c, (p < q ? p : q) / n }' "$lf")
	run --json -c "set data_file '$f' input data depth 1 width 1 bias zero trials 400; show input_dim; simulate"
	local got
	got="$(json_field "$out" points) $(json_field "$out" input_dim) $(json_field "$out" min_living_ratio)"
	if [ "$st" -eq 0 ] && awk -v g="$got" -v w="$want" 'BEGIN { split(g, a, " "); split(w, b, " ")
		exit !(a[1] == b[1] && a[2] == b[2] && (a[3] - b[3]) ^ 2 < 1e-20) }'; then
		pass "$name"
	else
		fail "$name" "rows columns min-living: got '$got', want '$want' (status $st: $(oneline "$err"))"
	fi
}

# ---- refusals: one line, the file, the line, the problem ----
printf '1,2\n3,0x10\n' >"$tmp/hex.csv"
refused file.hex "set data_file $tmp/hex.csv" "data_file: '$tmp/hex.csv' line 2 column 2: '0x10' is not a decimal number"
printf '1,inf\n' >"$tmp/inf.csv"
refused file.inf "set data_file $tmp/inf.csv" "line 1 column 2: 'inf'"
printf '1,2\nnan,3\n' >"$tmp/nan.csv"
refused file.nan "set data_file $tmp/nan.csv" "line 2 column 1: 'nan'"
printf '1,2\n3,\0004\n' >"$tmp/nul.csv"
refused file.nul "set data_file $tmp/nul.csv" "'$tmp/nul.csv' line 2 has a NUL byte"
mkfifo "$tmp/fifo"
refused file.fifo "set data_file $tmp/fifo" "'$tmp/fifo' is a FIFO"
refused file.dev_zero "set data_file /dev/zero" "'/dev/zero' is a character device"
refused file.dev_null "set data_file /dev/null" "'/dev/null' is a character device"
refused file.directory "set data_file $tmp" "is a directory"
truncate -s 300M "$tmp/big.csv"
refused file.above_256MiB "set data_file $tmp/big.csv" "has 314572800 bytes" "allowed: up to 256 MiB"
rm -f "$tmp/big.csv"
awk 'BEGIN { for (i = 0; i < 30000; i++) print "1,2,3,4,5,6,7,8" }' >"$tmp/mem.csv"
refused file.max_memory "set max_memory 1; set data_file $tmp/mem.csv" \
	"data_file: '$tmp/mem.csv' needs about 2 MiB, above max_memory 1 MiB"
printf '1,2\n3,4\n\n5,6,7\n' >"$tmp/cols.csv"
refused file.columns "set data_file $tmp/cols.csv" "line 4 has 3 columns, expected 2"
printf '1,2\r3,4\r5\r' >"$tmp/crcols.csv"
refused file.cr_line_number "set data_file $tmp/crcols.csv" "line 3 has 1 column, expected 2"
printf '1,2\r\n\r\n3,4\r\nx,6\r\n' >"$tmp/crlfbad.csv"
refused file.crlf_line_number "set data_file $tmp/crlfbad.csv" "line 4 column 1: 'x'"
refused file.refusal_keeps_params "set depth 7; set data_file $tmp/hex.csv; show depth" "line 2 column 2"

# ---- valid files: exactly the rows, columns and signs in them ----
# 3 rows of 4096 columns: lines of about 40 KB with 10-character numbers, 80 KB with 20.
awk 'BEGIN { for (r = 1; r <= 3; r++) { s = ""; for (c = 1; c <= 4096; c++)
	s = s (c > 1 ? "," : "") sprintf("%.17g", (r * c % 97) / 7 - 6.5); print s } }' >"$tmp/wide.csv"
len=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$tmp/wide.csv")
if [ "$len" -gt 65536 ]; then pass long.wide_line_is_long; else fail long.wide_line_is_long "only $len bytes"; fi
run --json -c "set data_file $tmp/wide.csv input data depth 1 trials 10; show input_dim; simulate"
if [ "$st" -eq 0 ] && [ "$(json_field "$out" input_dim)" = 4096 ] && [ "$(json_field "$out" points)" = 3 ]; then
	pass long.4096_columns
else
	fail long.4096_columns "status $st: $(oneline "$out$err")"
fi
# one 1 MB line: 256 numbers after 4000 blanks each
awk 'BEGIN { b = sprintf("%4000s", ""); s = ""; for (c = 1; c <= 256; c++) s = s (c > 1 ? "," : "") b (c % 3 - 1); print s }' >"$tmp/mb.csv"
run --json -c "set data_file $tmp/mb.csv input data depth 1 trials 10; show input_dim; simulate"
if [ "$st" -eq 0 ] && [ "$(json_field "$out" input_dim)" = 256 ] && [ "$(json_field "$out" points)" = 1 ] &&
	[ "$(wc -c <"$tmp/mb.csv")" -gt 1000000 ]; then
	pass long.1MB_line
else
	fail long.1MB_line "status $st: $(oneline "$out$err")"
fi

# 1-d, 2 positive and 5 negative: every line end, a BOM, a header, comments
lf=$'0.5\n-0.25\n-1e-3\n7\n-2.5\n-100\n-0.125\n'
printf '%s' "$lf" >"$tmp/lf.csv"
shape ends.lf "$tmp/lf.csv"
printf '%s' "${lf//$'\n'/$'\r\n'}" >"$tmp/crlf.csv"
shape ends.crlf "$tmp/crlf.csv" "$tmp/lf.csv"
printf '%s' "${lf//$'\n'/$'\r'}" >"$tmp/cr.csv"
shape ends.cr_only "$tmp/cr.csv" "$tmp/lf.csv"
printf '0.5\r\n-0.25\r-1e-3\n7\r\n-2.5\r-100\n-0.125' >"$tmp/mixed.csv"
shape ends.mixed "$tmp/mixed.csv" "$tmp/lf.csv"
printf '\357\273\277%s' "$lf" >"$tmp/bom.csv"
shape ends.bom "$tmp/bom.csv" "$tmp/lf.csv"
printf '# made by hand\n\nx\n%s\n# end\n' "$lf" >"$tmp/header.csv"
shape ends.header_comments "$tmp/header.csv" "$tmp/lf.csv"
# the signs also decide the bounds' first-layer factor
printf '0.5,1\r\n0,2\r\n' >"$tmp/pos.csv"
run -c "set data_file $tmp/pos.csv input data; bounds"
if [ "$st" -eq 0 ] && [[ $out == *"first layer: orthant"* ]]; then pass ends.nonnegative_orthant; else fail ends.nonnegative_orthant "$(oneline "$out$err")"; fi

# ---- numbers are decimal; integers exact ----
bad() {
	local name=$1 cmds=$2 param=$3 value=$4
	refused "$name" "$cmds" "deadrelu: $param: bad value '$value' (allowed: "
}
bad num.depth_hex 'set depth 0x10' depth 0x10
bad num.radius_hexfloat 'set radius 0x1p4' radius 0x1p4
bad num.radius_inf 'set radius inf' radius inf
bad num.radius_nan 'set radius nan' radius nan
bad num.width_hex 'width 0x4' width 0x4
bad num.width_list_hex 'set width 4,0x8' width 4,0x8
bad num.center_inf 'set input_dim 2 center 1,inf' center 1,inf
bad num.bias_inf 'set bias -inf' bias -inf
bad num.confidence_hex 'set confidence 0x0.8p0' confidence 0x0.8p0
bad num.trials_frac 'set trials 1.0000000000000000001e3' trials 1.0000000000000000001e3
bad num.threads_tiny 'set threads 1e-400' threads 1e-400
bad num.seed_negative 'set seed -1' seed -1
bad num.seed_blank_negative "set seed ' -1'" seed -1
bad num.seed_above 'set seed 18446744073709551616' seed 18446744073709551616
bad num.seed_hex 'set seed 0x10' seed 0x10
run -c 'set seed 18446744073709551615; show seed; set seed 1e3; show seed; set seed 010; show seed'
if [ "$st" -eq 0 ] && [ "$out" = $'seed = 18446744073709551615\nseed = 1000\nseed = 10' ]; then
	pass num.seed_exact
else
	fail num.seed_exact "status $st: $(oneline "$out$err")"
fi

# ---- blanks around a value mean nothing, for every parameter ----
while read -r param value; do
	run -c "set $param $value; show"
	want=$out
	wst=$st
	run -c "set $param ' $value	'; show"
	if [ "$st" -eq "$wst" ] && [ "$st" -eq 0 ] && [ "$out" = "$want" ]; then
		pass "blanks.$param"
	else
		fail "blanks.$param" "' $value<tab>': status $st, '$value': status $wst: $(oneline "$err")"
	fi
done <<EOF
depth 12
width 8,4,2
input_dim 3
input orthant
radius 2.5
center 0.5
points 1e3
arch residual-post
weights glorot
w_scale 0.5
bias -0.5
bias_scale 0.25
criterion layer
certify bracket
signflip yes
trials 100
seed 18446744073709551615
threads 2
confidence 0.99
max_memory 64
data_file $tmp/pos.csv
EOF
n=$("$D" -c 'show' | wc -l)
if [ "$n" -eq 21 ]; then pass blanks.every_parameter_listed; else fail blanks.every_parameter_listed "show lists $n parameters, this test 21"; fi

# ---- long values come back whole ----
# 200 numbers of 24 characters (a 5 KB value), and of 17 (under 4 KB);
# compared as numbers (awk reads them as doubles)
C24=$(awk 'BEGIN { for (i = 1; i <= 200; i++) printf "%s%.17g", (i > 1 ? "," : ""), -1.2345678901234567e-300 * (1 + i / 997) }')
C17=$(awk 'BEGIN { for (i = 1; i <= 200; i++) printf "%s%.15f", (i > 1 ? "," : ""), i / 1001 }')
# same_numbers NAME TEXT: TEXT (commas or newlines between) holds the 200 numbers of C.
same_numbers() {
	local name=$1 got=$2
	local verdict
	printf '%s\n' "$C" | tr ',' '\n' >"$tmp/want"
	printf '%s\n' "$got" | tr ',' '\n' | grep -v '^$' >"$tmp/got"
	verdict=$(awk 'NR == FNR { w[++n] = $1; next } { g[++k] = $1 }
		END { if (k != n) { print "got " k + 0 " entries, want " n; exit }
		      for (i = 1; i <= n; i++) if (g[i] + 0 != w[i] + 0) { print "entry " i ": " g[i] " vs " w[i]; exit }
		      print "ok" }' "$tmp/want" "$tmp/got")
	if [ "$verdict" = ok ]; then pass "$name"; else fail "$name" "$verdict"; fi
}
for len in 24 17; do
	[ $len = 24 ] && C=$C24 || C=$C17
	run --json -c "set input_dim 200 center $C; show"
	same_numbers "long.center${len}_show_json" "$(printf '%s' "$out" | sed -n 's/.*"center":"\([^"]*\)".*/\1/p')"
	run -c "set input_dim 200 center $C; show"
	same_numbers "long.center${len}_show_table" "$(printf '%s\n' "$out" | awk '$1 == "center" { print $2 }')"
	run -c "set center $C input_dim 200; show center"
	same_numbers "long.center${len}_show_center" "$(printf '%s' "$out" | sed -n 's/^center = //p')"
	run -e "deadrelu.cmd('set input_dim 200 center $C')
	local c = deadrelu.get().center
	for i = 1, #c do print(string.format('%.17g', c[i])) end"
	same_numbers "long.center${len}_lua_get" "$out"
done
W=$(awk 'BEGIN { for (i = 1; i <= 256; i++) printf "%s%d", (i > 1 ? "," : ""), 4096 - i }')
run -c "set width $W; bounds"
if [ "$st" -eq 0 ] && [[ $out == "depth 20, width $W, input_dim 2"* ]]; then
	pass long.bounds_width
else
	fail long.bounds_width "status $st: $(oneline "$out$err")"
fi
# a seed above math.maxinteger comes back from Lua as its exact text, not a float
run -e "deadrelu.set{seed = '18446744073709551615'}
deadrelu.set{seed = deadrelu.get().seed}
print(deadrelu.get().seed, math.type(deadrelu.get().depth))"
if [ "$st" -eq 0 ] && [ "$out" = $'18446744073709551615\tinteger' ]; then
	pass long.lua_seed_round_trip
else
	fail long.lua_seed_round_trip "status $st: $(oneline "$out$err")"
fi
