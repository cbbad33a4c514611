# tests/tui/lib.sh - drive the real deadrelu explorer in a private tmux
# server and look at the screen the way a person would.  Source it from a
# tests/tui/test_*.sh script (run with bash from anywhere):
#
#   . "$(dirname "$0")/lib.sh"
#   start                      # a fresh HOME, 80x24, waits for the prompt
#   send 'set depth 5' Enter   # tmux key names; `type_text` sends literally
#   wait_for 'depth      5'    # polls the screen every 0.1 s (default 5 s)
#   check NAME COND...         # PASS/FAIL line; the screen on failure
#
# Everything lives under one temporary directory (tmux socket, HOMEs,
# config and state); an EXIT trap kills the tmux server and removes it.
# The program sees only the environment given here: env -i, TERM=screen,
# LANG/LC_ALL=C.UTF-8, INPUTRC=/dev/null, HOME inside the temporary
# directory and no XDG_* unless a test passes one to `start`.

set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
ROOT=$PWD
DEADRELU=${DEADRELU:-$ROOT/deadrelu}
TT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/deadrelu-tui.XXXXXX") || exit 1
TT_SOCK=deadrelu-test-$$
TT_SESSION=dr
TT_TIMEOUT=${TT_TIMEOUT:-5}
TT_TERM=${TT_TERM:-screen}
unset TMUX TMUX_PANE
export TMUX_TMPDIR=$TT_TMP
SCREEN=          # the last screen captured by `screen` / `wait_*`
TT_PID=          # pid of the running deadrelu (pane pid: env execs it)
TT_HOME=         # HOME of the last `start`
tt_n=0           # counts starts, for fresh HOME directories

tt() { tmux -L "$TT_SOCK" -f /dev/null "$@"; }

tt_cleanup() {
	tt kill-server >/dev/null 2>&1
	rm -rf "$TT_TMP"
}
trap tt_cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- reporting ----

tt_started=$(date +%s.%N)
tt_elapsed() { awk -v a="$tt_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

pass() { echo "PASS tui/$1"; }
# fail NAME WHY: one FAIL line (what run.sh counts), then the last screen
# indented, for a person reading the output.
fail() {
	echo "FAIL tui/$1: $2"
	# A fresh capture: SCREEN may be stale when set in a subshell.
	if tt has-session -t "$TT_SESSION" 2>/dev/null; then
		SCREEN=$(tt capture-pane -p -t "$TT_SESSION" 2>/dev/null)
	fi
	if [ -n "$SCREEN" ]; then
		printf '%s\n' "$SCREEN" | sed 's/^/    | /'
	fi
}
# check NAME WHY COMMAND...: PASS when the command succeeds.
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}

# ---- the program in tmux ----

# start [-x W] [-y H] [-h HOME] [-n] [VAR=VALUE ...] [-- ARGS...]:
# a new deadrelu in a new tmux session (any previous one is killed), with a
# fresh HOME (or the one given by -h, to start again on the same files).
# remain-on-exit keeps the pane, so its exit status can be read. Waits for
# the prompt unless -n. Sets TT_PID, TT_HOME.
start() {
	local w=80 h=24 wait=1 home= envs=() args=()
	while [ $# -gt 0 ]; do
		case $1 in
		-x) w=$2; shift 2 ;;
		-y) h=$2; shift 2 ;;
		-h) home=$2; shift 2 ;;
		-n) wait=0; shift ;;
		--) shift; args=("$@"); break ;;
		*=*) envs+=("$1"); shift ;;
		*) echo "start: bad argument $1" >&2; return 2 ;;
		esac
	done
	if [ -z "$home" ]; then
		tt_n=$((tt_n + 1))
		home=$TT_TMP/home$tt_n
		mkdir -p "$home"
	fi
	TT_HOME=$home
	tt_server
	tt kill-session -t "$TT_SESSION" >/dev/null 2>&1
	SCREEN=
	tt new-session -d -s "$TT_SESSION" -x "$w" -y "$h" -c "$ROOT" \
		env -i PATH="$PATH" HOME="$home" TERM="$TT_TERM" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		INPUTRC=/dev/null "${envs[@]}" "$DEADRELU" "${args[@]}" || return 1
	TT_PID=$(tt display-message -p -t "$TT_SESSION" '#{pane_pid}')
	[ "$wait" = 1 ] || return 0
	wait_for 'deadrelu>'
}

# start_sh [-x W] [-y H] 'SHELL COMMAND': like start but the pane runs a
# shell command line (env as above, sh -c), for redirections. No waiting.
start_sh() {
	local w=80 h=24
	while [ $# -gt 1 ]; do
		case $1 in
		-x) w=$2; shift 2 ;;
		-y) h=$2; shift 2 ;;
		*) break ;;
		esac
	done
	tt_n=$((tt_n + 1))
	TT_HOME=$TT_TMP/home$tt_n
	mkdir -p "$TT_HOME"
	tt_server
	tt kill-session -t "$TT_SESSION" >/dev/null 2>&1
	SCREEN=
	tt new-session -d -s "$TT_SESSION" -x "$w" -y "$h" -c "$ROOT" \
		env -i PATH="$PATH" HOME="$TT_HOME" TERM="$TT_TERM" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		INPUTRC=/dev/null DEADRELU="$DEADRELU" sh -c "$1" || return 1
	TT_PID=$(tt display-message -p -t "$TT_SESSION" '#{pane_pid}')
}

stop() { tt kill-session -t "$TT_SESSION" >/dev/null 2>&1; TT_PID=; }

# screen: the pane as text (trailing blanks trimmed); also kept in SCREEN.
screen() {
	SCREEN=$(tt capture-pane -p -t "$TT_SESSION" 2>/dev/null)
	printf '%s\n' "$SCREEN"
}
# screen_all: the pane and its scrollback (tmux scrolls a dead pane's last
# screen by a line to print "Pane is dead").
screen_all() {
	SCREEN=$(tt capture-pane -p -S - -t "$TT_SESSION" 2>/dev/null)
	printf '%s\n' "$SCREEN"
}
# screen_attr: the pane with its colour/attribute escapes (capture-pane -e).
screen_attr() { tt capture-pane -p -e -t "$TT_SESSION" 2>/dev/null; }

# send KEY...: tmux key names (Enter, Escape, Up, F1, C-c, ...) or text.
send() { tt send-keys -t "$TT_SESSION" "$@"; }
# type_text TEXT: the characters of TEXT, none read as a key name.
type_text() { tt send-keys -t "$TT_SESSION" -l -- "$1"; }
# enter LINE: types LINE and Enter.
enter() { type_text "$1"; send Enter; }

# pane FORMAT: a tmux format of the pane (#{pane_dead}, #{cursor_x}, ...).
pane() { tt display-message -p -t "$TT_SESSION" "$1" 2>/dev/null; }

# prompt_line: the bottom row of the pane.
prompt_line() { screen >/dev/null; tail -n 1 <<<"$SCREEN"; }

# ---- waiting: poll every 0.1 s up to a timeout, never a fixed long sleep ----

# wait_until [-t SECONDS] COMMAND...: until the command succeeds; 1 on timeout.
wait_until() {
	local t=$TT_TIMEOUT
	if [ "$1" = -t ]; then t=$2; shift 2; fi
	local tries=$(awk -v t="$t" 'BEGIN { printf "%d", t * 10 + 1 }')
	while [ "$tries" -gt 0 ]; do
		"$@" && return 0
		tries=$((tries - 1))
		sleep 0.1
	done
	return 1
}

on_screen() { screen >/dev/null; grep -qF -- "$1" <<<"$SCREEN"; }
on_screen_re() { screen >/dev/null; grep -qE -- "$1" <<<"$SCREEN"; }
not_on_screen() { screen >/dev/null; ! grep -qF -- "$1" <<<"$SCREEN"; }
# wait_for TEXT [SECONDS]: TEXT (fixed string) appears on the screen.
wait_for() { wait_until -t "${2:-$TT_TIMEOUT}" on_screen "$1"; }
# wait_for_re REGEX [SECONDS]: an extended regular expression matches a line.
wait_for_re() { wait_until -t "${2:-$TT_TIMEOUT}" on_screen_re "$1"; }
# wait_gone TEXT [SECONDS]: TEXT is no longer on the screen.
wait_gone() { wait_until -t "${2:-$TT_TIMEOUT}" not_on_screen "$1"; }

prompt_is() { [ "$(prompt_line)" = "$1" ]; }
# wait_prompt TEXT [SECONDS]: the bottom row is exactly TEXT (trailing
# blanks trimmed by tmux).
wait_prompt() { wait_until -t "${2:-$TT_TIMEOUT}" prompt_is "$1"; }

# exit_status: how the program in the pane ended - its exit status, or
# "signal N" - or nothing while it runs. tmux (3.3a here) sometimes marks the
# pane dead but never reaps the child, so #{pane_dead_status} stays empty;
# then the status comes from the zombie (/proc/PID/stat field 52).
exit_status() {
	local st code
	st=$(pane '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}')
	case $st in
	1:?*:*) st=${st#1:}; echo "${st%%:*}"; return ;;
	1::?*) echo "signal ${st##*:}"; return ;;
	esac
	[ -n "$TT_PID" ] && [ -r "/proc/$TT_PID/stat" ] || return 0
	st=$(sed 's/.*) //' "/proc/$TT_PID/stat" 2>/dev/null)
	set -- $st
	[ "${1:-}" = Z ] && [ $# -ge 50 ] || return 0
	code=${50}
	if [ $((code & 127)) -ne 0 ]; then echo "signal $((code & 127))"; else echo $((code >> 8)); fi
}
pane_is_dead() { [ -n "$(exit_status)" ]; }
# wait_exit [SECONDS]: the program in the pane has exited.
wait_exit() { wait_until -t "${1:-$TT_TIMEOUT}" pane_is_dead; }
dead_status() { exit_status; }

# ---- what the explorer shows ----

# param_re NAME VALUE: the parameters panel row of NAME holds exactly VALUE.
param_re() { printf '^[│|][ >]%s +%s +[│|]' "$1" "$2"; }
param_shown() { on_screen_re "$(param_re "$1" "$2")"; }
wait_param() { wait_for_re "$(param_re "$1" "$2")" "${3:-$TT_TIMEOUT}"; }

# lower_bound WIDTH DEPTH: (1 - 2^-WIDTH)^DEPTH to 4 decimals (the bound for
# the default settings: ball inputs, he-normal, normal bias).
lower_bound() { awk -v n="$1" -v k="$2" 'BEGIN { printf "%.4f", (1 - 2 ^ -n) ^ k }'; }
# status_L VALUE: the status line shows the lower bound VALUE.
status_L() { on_screen_re "^ L $1  U "; }
wait_status_L() { wait_for_re "^ L $1  U " "${2:-$TT_TIMEOUT}"; }

# alive PID: the process exists (and is not a zombie).
alive() {
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
	[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
# procs_of_home DIR: pids of processes whose environment has HOME=DIR (what
# `pgrep -f` would find if HOME were on the command line).
procs_of_home() {
	grep -lzxF "HOME=$1" /proc/[0-9]*/environ 2>/dev/null | grep -v "^/proc/$$/" | cut -d/ -f3
}
no_procs_of_home() { [ -z "$(procs_of_home "$1")" ]; }

# One server for the whole test: it stays up between sessions (no race
# between a server exiting and the next start), and panes remain after their
# program exits so its status and last screen can be read.
tt_server() {
	tt start-server \; set-option -s exit-empty off \; set-option -g remain-on-exit on
}

if [ ! -x "$DEADRELU" ]; then
	echo "FAIL tui/build: $DEADRELU is not built (run make)"
	exit 1
fi
if ! command -v tmux >/dev/null 2>&1; then
	echo "FAIL tui/tmux: tmux is not installed"
	exit 1
fi
