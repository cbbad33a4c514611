#!/usr/bin/env bash
# tests/bench/engine_matrix.sh - the engine's numbers on every architecture x
# input set and a few variants (bias, criterion, sign flipping, dimensions,
# width lists, initialisations), for checking a refactoring is bit-identical:
#
#   bash tests/bench/engine_matrix.sh ./deadrelu.old > old.txt
#   bash tests/bench/engine_matrix.sh ./deadrelu > new.txt
#   cmp old.txt new.txt
#
# Each case prints "arch|input|variant|" and the JSON of simulate and bounds
# (seconds removed; fixed seed, 2 threads). Input names come from the
# binary's own "allowed:" list, so a new set is covered by the newer binary
# (its lines are then the only difference). Not run by make test: it
# compares two builds.
set -u
bin=${1:-./deadrelu}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '0.5,1\n2,3\n-1,0.25\n4,4\n0,0\n1,1\n' >"$tmp/data.csv"
printf '0.5,1\n2,3\n1,0.25\n4,4\n0,0\n1,1\n' >"$tmp/datapos.csv"
names() { # the values of an enumerated parameter, from its "allowed:" text
	"$bin" -c "set $1 ?" 2>&1 | sed -n 's/.*(allowed: \(.*\))$/\1/p' | sed 's/ or a constant number//; s/, / /g'
}
for arch in $(names arch); do
	for input in $(names input); do
		for var in "" "bias zero" "criterion layer" "signflip on" "input_dim 5 center 0.5" \
			"width 3,5,2 input_dim 3" "weights he-uniform bias uniform" "weights rai" \
			"weights mirrored" "bias 0.3 width 9" "weights glorot-normal radius 0 center 1"; do
			df=""
			if [ "$input" = data ]; then
				case $var in *input_dim*) continue ;; esac
				df="data_file $tmp/data.csv"
			fi
			cmd="set seed 7 trials 200 points 40 depth 12 threads 2 arch $arch $df input $input $var; simulate; bounds"
			echo "$arch|$input|$var|$("$bin" --json -c "$cmd" 2>&1 | sed -E 's/"seconds":[^,]*,//g; s|'"$tmp"'|TMP|g')"
		done
	done
done
"$bin" --json -c "set data_file $tmp/datapos.csv input data; bounds; simulate" 2>&1 |
	sed -E 's/"seconds":[^,]*,//g; s|'"$tmp"'|TMP|g'
