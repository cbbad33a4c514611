#!/usr/bin/env bash
# bench.sh - `make bench`: the C engine (one thread and every core) against
# the peers a researcher would use on the same three experiments, side by
# side: numpy (scripts/bench_ref.py), PyTorch (scripts/bench_torch.py, one
# thread) and, for the wide case, OpenBLAS sgemm on the same matrix shape.
# A benchmark, not a test: it fails only when a program fails to run.
#
# BENCH_SECONDS (default 3) is the minimum time per experiment and run; with
# the default the whole thing takes about a minute.
set -u
cd "$(dirname "$0")/.." || exit 1

secs=${BENCH_SECONDS:-3}
py=/usr/bin/python3 # Debian's, which has python3-numpy; a pyenv python first on PATH may not
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
echo "machine: ${cpu:-unknown CPU}, $(nproc) cores (nproc), $(uname -sm)"
echo "date:    $(date '+%Y-%m-%d %H:%M:%S %Z')"
echo "budget:  ${secs} s per experiment and run (BENCH_SECONDS)"
echo

if ! build/bench -t "$secs" -j 1,0 >"$out/c.txt"; then
	echo "bench: build/bench failed" >&2
	cat "$out/c.txt"
	exit 1
fi
cat "$out/c.txt"

skip=
if [ ! -x "$py" ]; then
	skip="$py not found"
elif ! why=$("$py" -c 'import numpy' 2>&1); then
	skip="numpy not importable by $py: $(printf '%s\n' "$why" | tail -n1) (apt-get install python3-numpy)"
fi
if [ -z "$skip" ]; then
	if "$py" scripts/bench_ref.py -t "$secs" >"$out/np.txt"; then
		cat "$out/np.txt"
	else
		skip="scripts/bench_ref.py failed"
		: >"$out/np.txt"
	fi
else
	: >"$out/np.txt"
fi
[ -n "$skip" ] && echo "numpy reference skipped: $skip"

# PyTorch, one thread, the same experiments (scripts/bench_torch.py).
tskip=
if [ ! -x "$py" ]; then
	tskip="$py not found"
elif ! why=$("$py" -c 'import torch' 2>&1); then
	tskip="torch not importable by $py: $(printf '%s\n' "$why" | tail -n1) (apt-get install python3-torch)"
elif OMP_NUM_THREADS=1 "$py" scripts/bench_torch.py -t "$secs" -j 1 >"$out/torch.txt"; then
	cat "$out/torch.txt"
else
	tskip="scripts/bench_torch.py failed"
fi
[ -n "$tskip" ] && { echo "PyTorch peer skipped: $tskip"; : >"$out/torch.txt"; }

# The machine's BLAS on the shape of (c), one thread (tests/bench/sgemm.c).
: >"$out/blas.txt"
if pkg-config --exists openblas 2>/dev/null &&
	${CC:-cc} -O2 $(pkg-config --cflags openblas) -o "$out/sgemm" tests/bench/sgemm.c $(pkg-config --libs openblas) 2>"$out/cc.txt"; then
	OPENBLAS_NUM_THREADS=1 "$out/sgemm" "$secs" | tee "$out/blas.txt"
else
	echo "OpenBLAS peer skipped: $(pkg-config --exists openblas 2>/dev/null && head -n1 "$out/cc.txt" || echo 'no openblas.pc (apt-get install libopenblas-dev)')"
fi
echo

# Lines: NAME trials seconds trials_per_sec [gflops] alive=P. The C names end
# in -j1 / -jall, the peers' in -numpy and -torch; "sgemm G" / "dgemm G" are
# OpenBLAS on the shape of (c).
awk -v skip="$skip" '
function get(kind, e, f) { return ((e "," kind) in v) ? v[e "," kind, f] : "" }
function rate(x) { return x == "" ? "-" : sprintf(x < 100 ? "%.1f" : "%.0f", x) }
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.1fx", a / b) }
function gf(x) { return x == "" ? "-" : sprintf("%.2f", x) }
$1 == "certify" { u = $3; sub(/^undecided=/, "", u); und[$2] = u; next }
$1 == "sgemm" || $1 == "dgemm" { blas[$1] = $2; next }
/^#/ || NF < 5 { next }
{
	name = $1; kind = name; sub(/-(j1|jall|numpy|torch)$/, "", name); sub(/^.*-/, "", kind)
	if (!(name in seen)) { seen[name] = 1; order[++n] = name }
	v[name "," kind] = 1
	v[name "," kind, "n"] = $2
	v[name "," kind, "tps"] = $4
	v[name "," kind, "gf"] = (NF == 6) ? $5 : ""
	p = $NF; sub(/^alive=/, "", p); v[name "," kind, "p"] = p
}
function zscore(pc, n1, p2, n2,   pp, se, z) {
	pp = (pc * n1 + p2 * n2) / (n1 + n2)
	se = sqrt(pp * (1 - pp) * (1 / n1 + 1 / n2))
	z = se > 0 ? (pc - p2) / se : (pc == p2 ? 0 : 99)
	return z < 0 ? -z : z
}
function target(what, have, want, unit) {
	if (have == "")
		printf "target %s: not measured (a peer is missing)\n", what
	else
		printf "target %s: want >= %s%s, measured %.2f%s: %s\n", what, want, unit, have, unit,
			(have >= want ? "met" : "NOT met")
}
END {
	printf "%-9s %10s %10s %9s %9s %8s %8s  %-25s %s\n", "exp", "C 1 thr/s", "C all/s", "numpy/s",
		"torch/s", "C1/np", "C1/torch", "GFLOP/s C1/Call/np/torch", "P(alive) C | numpy | torch  max|z|"
	for (i = 1; i <= n; i++) {
		e = order[i]
		c1 = get("j1", e, "tps"); ca = get("jall", e, "tps"); np = get("numpy", e, "tps"); tt = get("torch", e, "tps")
		g = "-"
		if (get("j1", e, "gf") != "")
			g = gf(get("j1", e, "gf")) "/" gf(get("jall", e, "gf")) "/" gf(get("numpy", e, "gf")) "/" gf(get("torch", e, "gf"))
		# Pool the two C runs (different seeds, so independent) and
		# compare each peer with them by a two-sample z score.
		n1 = get("j1", e, "n") + get("jall", e, "n")
		pc = n1 > 0 ? (get("j1", e, "p") * get("j1", e, "n") + get("jall", e, "p") * get("jall", e, "n")) / n1 : ""
		agree = sprintf("%.4f", pc); zmax = -1
		for (k = 1; k <= 2; k++) {
			peer = k == 1 ? "numpy" : "torch"
			if (get(peer, e, "p") == "") { agree = agree " | -"; continue }
			z = zscore(pc, n1, get(peer, e, "p") + 0, get(peer, e, "n"))
			zmax = z > zmax ? z : zmax
			agree = agree sprintf(" | %.4f", get(peer, e, "p"))
		}
		if (zmax >= 0)
			agree = agree sprintf("  %.1f%s", zmax, (zmax > 3 ? " DISAGREE" : ""))
		printf "%-9s %10s %10s %9s %9s %8s %8s  %-25s %s\n", e, rate(c1), rate(ca), rate(np), rate(tt),
			ratio(c1, np), ratio(c1, tt), g, agree
	}
	printf "\n(b) exact P(alive) for one point: (1 - 2^-8)^1000 = %.4f\n", exp(1000 * log(1 - 1 / 256))
	if ("sgemm" in blas)
		printf "OpenBLAS on the shape of (c) (256x256 times 256x1024), one thread: sgemm %.2f, dgemm %.2f GFLOP/s\n",
			blas["sgemm"], blas["dgemm"]
	r = ""; if (get("j1", "a-plain", "tps") != "" && get("torch", "a-plain", "tps") != "") r = get("j1", "a-plain", "tps") / get("torch", "a-plain", "tps")
	target("(a) C/PyTorch, 1 thread each", r, 60, "x")
	r = ""; if (get("j1", "b-point", "tps") != "" && get("torch", "b-point", "tps") != "") r = get("j1", "b-point", "tps") / get("torch", "b-point", "tps")
	target("(b) C/PyTorch, 1 thread each", r, 10, "x")
	r = ""; if (get("j1", "c-wide", "gf") != "" && ("sgemm" in blas)) r = 100 * get("j1", "c-wide", "gf") / blas["sgemm"]
	target("(c) C GFLOP/s as % of OpenBLAS sgemm, 1 thread", r, 60, "%")
	r = ""; if (get("j1", "c-wide", "tps") != "" && get("torch", "c-wide", "tps") != "") r = get("j1", "c-wide", "tps") / get("torch", "c-wide", "tps")
	target("(c) C/PyTorch, 1 thread each", r, 2, "x")
	for (k = 1; k <= 2; k++) {
		e = k == 1 ? "a-plain" : "c-wide"
		r = ""; if (get("j1", e, "tps") != "" && get("jall", e, "tps") != "") r = get("jall", e, "tps") / get("j1", e, "tps")
		target("(" substr(e, 1, 1) ") every core / 1 thread", r, 1.8, "x")
	}
	# certify bracket on (a): its speed against the same run uncertified
	for (k = 1; k <= 2; k++) {
		kind = k == 1 ? "j1" : "jall"
		cb = get(kind, "a-certify", "tps"); c0 = get(kind, "a-plain", "tps"); un = und["a-certify-" kind]
		if (cb != "" && c0 != "")
			printf "certify bracket on (a), %s: %s trials/s, %.1f%% of uncertified (1/%.0f), %.1f%% undecided; aim <= 2%% undecided at >= 25%%: %s\n",
				kind == "j1" ? "1 thread" : "all cores", rate(cb), 100 * cb / c0, c0 / cb, 100 * un,
				(un <= 0.02 && cb / c0 >= 0.25 ? "met" : "NOT met")
	}
	print "GFLOP/s (c): 2 * sum(fan_in * fan_out) * points * trials / s, counting dead points too (an upper count)."
}' "$out/c.txt" "$out/np.txt" "$out/torch.txt" "$out/blas.txt"
