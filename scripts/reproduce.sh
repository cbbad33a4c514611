#!/usr/bin/env bash
# scripts/reproduce.sh DIR [TRIALS] - regenerates every figure's data (CSV)
# and gnuplot script into DIR, then renders PNG files where gnuplot exists.
set -eu
[ $# -ge 1 ] || { echo "usage: scripts/reproduce.sh DIR [TRIALS]" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
mkdir -p "$dir"
[ -x "$top/deadrelu" ] || make -C "$top" deadrelu >/dev/null
"$top/deadrelu" "$top/lua/reproduce.lua" "$dir" "${2:-2000}"
if command -v gnuplot >/dev/null; then
	(cd "$dir" && for gp in *.gp; do gnuplot "$gp"; done)
	echo "rendered: $(cd "$dir" && ls *.png | tr '\n' ' ')"
else
	echo "gnuplot not installed: CSV files and .gp scripts are in $dir (apt-get install gnuplot-nox to render)"
fi
