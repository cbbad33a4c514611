#!/usr/bin/env bash
# bench.sh - `make bench`: the C engine (one thread and every core) against
# the numpy reference on the same three experiments, side by side.
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
echo

# Lines: NAME trials seconds trials_per_sec [gflops] alive=P. The C names end
# in -j1 / -jall, the numpy ones in -numpy.
awk -v skip="$skip" '
function get(kind, e, f) { return ((e "," kind) in v) ? v[e "," kind, f] : "" }
function rate(x) { return x == "" ? "-" : sprintf(x < 100 ? "%.1f" : "%.0f", x) }
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.1fx", a / b) }
function gf(x) { return x == "" ? "-" : sprintf("%.2f", x) }
$1 == "certify" { u = $3; sub(/^undecided=/, "", u); und[$2] = u; next }
/^#/ || NF < 5 { next }
{
	name = $1; kind = name; sub(/-(j1|jall|numpy)$/, "", name); sub(/^.*-/, "", kind)
	if (!(name in seen)) { seen[name] = 1; order[++n] = name }
	v[name "," kind] = 1
	v[name "," kind, "n"] = $2
	v[name "," kind, "tps"] = $4
	v[name "," kind, "gf"] = (NF == 6) ? $5 : ""
	p = $NF; sub(/^alive=/, "", p); v[name "," kind, "p"] = p
}
END {
	printf "%-8s %11s %11s %11s %9s %9s  %-19s %s\n", "exp", "C 1 thr/s", "C all/s",
		"numpy/s", "C1/numpy", "Call/np", "GFLOP/s 1/all/np", "P(alive) C | numpy  |z|"
	for (i = 1; i <= n; i++) {
		e = order[i]
		c1 = get("j1", e, "tps"); ca = get("jall", e, "tps"); np = get("numpy", e, "tps")
		g = "-"
		if (get("j1", e, "gf") != "")
			g = gf(get("j1", e, "gf")) "/" gf(get("jall", e, "gf")) "/" gf(get("numpy", e, "gf"))
		# Pool the two C runs (different seeds, so independent) and
		# compare with numpy by a two-sample z score.
		n1 = get("j1", e, "n") + get("jall", e, "n")
		pc = n1 > 0 ? (get("j1", e, "p") * get("j1", e, "n") + get("jall", e, "p") * get("jall", e, "n")) / n1 : ""
		agree = sprintf("%.4f", pc)
		if (get("numpy", e, "p") != "") {
			n2 = get("numpy", e, "n"); p2 = get("numpy", e, "p") + 0
			pp = (pc * n1 + p2 * n2) / (n1 + n2)
			se = sqrt(pp * (1 - pp) * (1 / n1 + 1 / n2))
			z = se > 0 ? (pc - p2) / se : (pc == p2 ? 0 : 99)
			if (z < 0) z = -z
			agree = sprintf("%.4f | %.4f  %.1f%s", pc, p2, z, (z > 3 ? " DISAGREE" : ""))
		}
		printf "%-8s %11s %11s %11s %9s %9s  %-19s %s\n", e, rate(c1), rate(ca), rate(np),
			ratio(c1, np), ratio(ca, np), g, agree
	}
	printf "\n(b) exact P(alive) for one point: (1 - 2^-8)^1000 = %.4f\n", exp(1000 * log(1 - 1 / 256))
	c1 = get("j1", "a-plain", "tps"); np = get("numpy", "a-plain", "tps")
	if (c1 != "" && np != "")
		printf "target (a): C >= 30x numpy; measured C(1 thread)/numpy = %.1fx: %s\n", c1 / np,
			(c1 / np >= 30 ? "met" : "NOT met")
	else
		printf "target (a): C >= 30x numpy; not measured (%s)\n", (skip != "" ? "numpy reference skipped" : "missing line")
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
}' "$out/c.txt" "$out/np.txt"
