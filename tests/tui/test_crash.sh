#!/usr/bin/env bash
# tests/tui/test_crash.sh - the terminal is restored when the explorer
# crashes: after SIGSEGV (and SIGABRT) the shell that started it finds the
# line discipline back in canonical mode with echo, and the screen gone.
. "$(dirname "$0")/lib.sh"

crash() {
	local sig=$1
	# The shell records the exit status and the terminal modes after the crash.
	start_sh '"$DEADRELU"; echo "status=$?"; stty -a | tr " " "\n" | grep -xE "icanon|echo|-icanon|-echo" | tr "\n" " "; echo; sleep 30'
	wait_for 'deadrelu>' || { fail "crash/$sig" "the explorer did not open"; return; }
	local pid
	pid=$(pgrep -P "$TT_PID" -f deadrelu | head -n 1)
	[ -n "$pid" ] || pid=$(pgrep -f "^$DEADRELU\$" | head -n 1)
	kill -"$sig" "$pid"
	check "crash/$sig/status" "no crash status after SIG$sig" wait_for "status=$((128 + $(kill -l "$sig")))"
	check "crash/$sig/canonical" "terminal not back in canonical mode with echo after SIG$sig" \
		wait_until -t 3 eval 'on_screen "icanon echo" || on_screen "echo icanon"'
	check "crash/$sig/screen-gone" "the explorer's screen is still drawn after SIG$sig" \
		eval '! on_screen "deadrelu>"'
	stop
}

crash SEGV
crash ABRT
