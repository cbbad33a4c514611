# tests/cli/lib.sh - what every tests/cli/test_*.sh shares. Source it first,
# naming the prefix of the test's check names:
#
#   . "$(dirname "$0")/lib.sh" cmd   # checks print "PASS cmd/NAME"
#   run -c 'show depth'             # sets out, err, st, secs
#   check NAME WHY COMMAND...       # PASS when COMMAND succeeds, else FAIL WHY
#
# It runs from the top of the tree (ROOT), with D the program under test
# ($DEADRELU, else ./deadrelu, made absolute), tmp a private directory that
# an EXIT trap removes (also on Ctrl-C or SIGTERM), LC_ALL=C, and HOME and
# XDG_CONFIG_HOME inside tmp (so no user's files or history are read or
# written). A test that sets traps of its own calls lib_cleanup from them.

set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
ROOT=$PWD
LIB_PREFIX=${1:?tests/cli/lib.sh: name the prefix of the check names}
D=${DEADRELU:-$ROOT/deadrelu}
case $D in /*) ;; *) D=$ROOT/$D ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/deadrelu-cli.XXXXXX") || exit 1
tmp=$(cd "$tmp" && pwd -P) # the paths the program reports are canonical
lib_cleanup() { rm -rf "$tmp"; }
trap lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export LC_ALL=C HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config
unset XDG_DATA_HOME XDG_STATE_HOME
mkdir -p "$HOME" "$XDG_CONFIG_HOME/deadrelu"
RUN_TIMEOUT=${RUN_TIMEOUT:-60} # seconds a `run` may take; then status 124

# ---- reporting ----

pass() { echo "PASS $LIB_PREFIX/$1"; }
fail() { echo "FAIL $LIB_PREFIX/$1: $2"; }
# oneline TEXT: TEXT on one line (newlines as '|'), at most 400 characters.
oneline() {
	local s=${1//$'\n'/|}
	printf '%s' "${s:0:400}"
}
# check NAME WHY COMMAND...: PASS when the command succeeds.
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}
# has TEXT PART: TEXT contains PART.
has() { [[ $1 == *"$2"* ]]; }
# csv_table FILE: an export's CSV without its "# NAME VALUE" lines (the
# header row, then the data); csv_header FILE: its header row.
csv_table() { grep -v '^#' "$1"; }
csv_header() { csv_table "$1" 2>/dev/null | head -n 1; }
# faster SECS MAX: SECS < MAX (decimal numbers).
faster() { awk -v s="$1" -v m="$2" 'BEGIN { exit !(s < m) }'; }

# ---- running the program ----

# now_us: microseconds of the wall clock (no process started).
now_us() { local t=$EPOCHREALTIME; echo $((${t%.*} * 1000000 + 10#${t#*.})); }
# secs_since US: seconds since now_us gave US, as "S.SS".
secs_since() {
	local d=$(($(now_us) - $1))
	printf '%d.%02d' $((d / 1000000)) $((d % 1000000 / 10000))
}

# run ARGS...: deadrelu ARGS with stdin /dev/null (never a terminal) for at
# most RUN_TIMEOUT seconds; sets out, err (without trailing newlines), st
# and secs (wall seconds).
run() {
	local t0
	t0=$(now_us)
	timeout "$RUN_TIMEOUT" "$D" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	st=$?
	secs=$(secs_since "$t0")
	out=$(<"$tmp/out")
	err=$(<"$tmp/err")
}

# ok NAME COMMANDS EXPECTED-STDOUT: `deadrelu -c COMMANDS` exits 0, writes
# nothing on stderr and exactly EXPECTED-STDOUT on stdout.
ok() {
	local name=$1 cmds=$2 want=$3
	run -c "$cmds"
	if [ "$st" -ne 0 ]; then
		fail "$name" "'$(oneline "$cmds")' exited $st (stderr: $(oneline "$err"))"
	elif [ -n "$err" ]; then
		fail "$name" "'$(oneline "$cmds")' wrote to stderr: $(oneline "$err")"
	elif [ "$out" != "$want" ]; then
		fail "$name" "'$(oneline "$cmds")' printed '$(oneline "$out")', expected '$(oneline "$want")'"
	else
		pass "$name"
	fi
}

# cpu_ticks PID: the clock ticks of CPU the process has used (user +
# system), or nothing once it is gone.
cpu_ticks() {
	local stat
	read -r stat <"/proc/$1/stat" 2>/dev/null || return 0
	stat=${stat##*) }
	set -- $stat
	echo $((${12} + ${13}))
}

# interrupt [-c CPU_S | -s WALL_S] [-w WITHIN_S] NAME ARGS...: starts
# deadrelu ARGS and sends it one SIGINT once it is at work: when it has used
# CPU_S seconds of CPU (default 0.15: start-up takes a hundredth of that,
# so the code under test is running), or, for a program that waits instead
# of computing, after WALL_S seconds. It must end within WITHIN_S seconds
# of the signal (default 1) with status 1 and "interrupted" on stderr; sets
# st and err.
interrupt() {
	local cpu=0.15 wall= within=1
	while :; do
		case $1 in
		-c) cpu=$2; shift 2 ;;
		-s) wall=$2; shift 2 ;;
		-w) within=$2; shift 2 ;;
		*) break ;;
		esac
	done
	local name=$1 pid t0 ticks want tries
	shift
	"$D" "$@" </dev/null >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	if [ -n "$wall" ]; then
		sleep "$wall"
	else
		want=$(awk -v c="$cpu" -v h="$(getconf CLK_TCK)" 'BEGIN { printf "%d", c * h + 0.999 }')
		for ((tries = 0; tries < 1000; tries++)); do # 10 s at most
			ticks=$(cpu_ticks "$pid")
			[ -n "$ticks" ] && [ "$ticks" -lt "$want" ] || break
			sleep 0.01
		done
	fi
	t0=$(now_us)
	kill -INT "$pid" 2>/dev/null
	for ((tries = 0; tries < within * 100; tries++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.01
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		fail "interrupt.$name" "deadrelu $* still running $within s after SIGINT (killed)"
		return
	fi
	wait "$pid"
	st=$?
	err=$(<"$tmp/err")
	check "interrupt.$name" "deadrelu $*: status $st $(secs_since "$t0") s after SIGINT (want 1 within $within s, 'interrupted' on stderr): $(oneline "$err")" \
		eval '[ "$st" = 1 ] && has "$err" "interrupted"'
}

if [ ! -x "$D" ]; then
	fail build "$D is not built (run make)"
	exit 1
fi
