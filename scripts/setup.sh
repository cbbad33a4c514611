#!/usr/bin/env bash
# scripts/setup.sh - installs every Debian package deadrelu's build, tests
# and benchmark need. Safe to re-run: it installs only what is missing.
# With --fuzz it also installs clang and its sanitizer runtimes, for
# `make fuzz` (make test replays the fuzz corpora without clang).
set -eu

packages=(
	build-essential pkg-config      # compiler (and sanitizer runtimes), make, pkg-config
	libncurses-dev libreadline-dev liblua5.4-dev
	tmux                            # screen tests
	mandoc                          # man page lint
	python3 python3-numpy           # benchmark peers: numpy ...
	libopenblas0 libopenblas-dev    # ... on OpenBLAS, not the reference BLAS; sgemm timed in C
	python3-torch                   # ... and PyTorch (also: torch's initialisers checked against the presets)
	python3-sklearn                 # the digits data those checks run over
	lua5.4                          # the stock interpreter, which loads the deadrelu C module
	parallel                        # scripts/sweep-parallel.sh runs a plan's jobs
	slurm-wlm munge                 # scripts/slurm/, tested on a single-node Slurm started by the test
	luarocks                        # builds that module from deadrelu-*.rockspec (a test does)
	gnuplot-nox                     # scripts/reproduce.sh renders PNG files
)
for arg in "$@"; do
	case $arg in
	--fuzz) packages+=(clang libclang-rt-dev) ;; # libFuzzer, ASan/UBSan for clang
	*) echo "setup: unknown option '$arg' (allowed: --fuzz)" >&2; exit 2 ;;
	esac
done

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
	echo "setup: all packages present"
	exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
	sudo=sudo
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
