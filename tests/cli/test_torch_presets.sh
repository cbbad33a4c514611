#!/usr/bin/env bash
# tests/cli/test_torch_presets.sh - the initialisation presets reproduce
# PyTorch's own initialisers: torch_presets.py builds MLPs with nn.Linear
# and torch.nn.init over the sklearn digits data and ball samples and
# compares the alive and living-point rates with deadrelu's within their
# intervals. Needs Debian's python3 with python3-torch and python3-sklearn
# (scripts/setup.sh installs them); without them it FAILs, never skips.
# Prints "PASS torch/NAME" / "FAIL torch/NAME: why".
set -u
cd "$(dirname "$0")/../.." || exit 1
D=${DEADRELU:-$PWD/deadrelu}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/deadrelu-torch.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

if ! "$PY" -c 'import torch, sklearn' 2>"$tmp/err"; then
	echo "FAIL torch/modules: $PY cannot import torch and sklearn (run scripts/setup.sh): $(tail -n 1 "$tmp/err")"
	exit 0
fi
# one thread: the run's time is torch's small matrices, not their sizes
OMP_NUM_THREADS=1 "$PY" tests/cli/torch_presets.py "$D" "$tmp" 2>"$tmp/err" || {
	echo "FAIL torch/script: torch_presets.py failed: $(tail -n 3 "$tmp/err" | tr '\n' ' ')"
}
