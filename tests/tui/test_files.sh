#!/usr/bin/env bash
# tests/tui/test_files.sh - the explorer's own files, where a person or an
# attacker may have put something else: the history ($XDG_STATE_HOME/
# deadrelu/history) must be a regular file - a FIFO, a symbolic link (to a
# victim or dangling) or a directory there is reported once at start-up,
# never blocks, and is neither read nor written; a regular history is read
# (readline's timestamp lines skipped) and saved after every line; a save
# that fails is reported once. init.lua may be a symbolic link (followed),
# not a FIFO or a directory (a message, no hang).
# Prints "PASS tui/files/NAME" / "FAIL tui/files/NAME: why" (the screen
# indented below a failure). Needs tmux.
. "$(dirname "$0")/lib.sh"

W=160 H=50 # a history message on one row; a message area of a dozen lines

# The message area: rows between the status line and the prompt (last row).
messages() {
	screen >/dev/null
	awk -v n="$(wc -l <<<"$SCREEN")" 'f && NR < n; /^ (L [0-9]|bounds n\/a)/ { f = 1 }' <<<"$SCREEN"
}
in_messages() { messages | grep -qF -- "$1"; }
wait_message() { wait_until -t "${2:-$TT_TIMEOUT}" in_messages "$1"; }
count_messages() { messages | grep -cF -- "$1"; }
# The program of the last start is gone for good, whatever it was doing
# (the old program blocked in open() on a FIFO); only the pid we started.
finish() {
	if [ -n "$TT_PID" ] && alive "$TT_PID"; then
		kill -KILL "$TT_PID" 2>/dev/null
	fi
	stop
}
# types a command, sees it take effect, quits; 0 if the program exited.
use_and_quit() {
	enter 'set seed 4242'
	wait_param seed 4242
	enter 'quit'
	wait_exit
}

# ---- history: not a regular file ----

# refused NAME KIND MAKE...: the history path made by MAKE (run with $h as
# the path) is refused with one message naming KIND; the program opens at
# once, works, quits, and the path is left as it was.
t_refused() {
	local name=$1 kind=$2
	shift 2
	local home=$TT_TMP/$name
	h=$home/state/deadrelu/history
	mkdir -p "$home/state/deadrelu"
	"$@"
	local before
	before=$(ls -la "$home/state/deadrelu" "$home" | grep -v ' \.\.\?$' | sed 's/^[^ ]* *[0-9]* //')
	if ! start -x "$W" -y "$H" -h "$home" XDG_STATE_HOME="$home/state"; then
		fail "files/$name/opens" "no prompt within ${TT_TIMEOUT}s with $kind at the history path (blocked?)"
		finish
		return
	fi
	pass "files/$name/opens"
	local want="history: ~/state/deadrelu/history is $kind, not a regular file; history is not loaded or saved"
	check "files/$name/message" "no message '$want'" wait_message "$want"
	check "files/$name/once" "the history message is shown $(count_messages 'history:') times" \
		[ "$(count_messages 'history:')" = 1 ]
	send Up
	sleep 0.3
	check "files/$name/not-loaded" "Up brought back a line: '$(prompt_line)'" prompt_is 'deadrelu>'
	if use_and_quit; then pass "files/$name/quits"; else fail "files/$name/quits" "quit did not end the program (blocked at exit?)"; fi
	local after
	after=$(ls -la "$home/state/deadrelu" "$home" | grep -v ' \.\.\?$' | sed 's/^[^ ]* *[0-9]* //')
	check "files/$name/untouched" "the files changed: before $(printf '%s' "$before" | tr '\n' '|'); after $(printf '%s' "$after" | tr '\n' '|')" \
		[ "$before" = "$after" ]
	finish
}

make_fifo() { mkfifo "$h"; }
make_dir() { mkdir "$h"; }
make_link() { printf 'set depth 9\n' >"$home/victim"; ln -s "$home/victim" "$h"; }
make_dangling() { ln -s "$home/created-through-the-link" "$h"; }

t_refused fifo 'a FIFO' make_fifo
t_refused dir 'a directory' make_dir
t_refused link 'a symbolic link' make_link
check files/link/victim "the victim a link at the history path points to changed: '$(cat "$TT_TMP/link/victim")'" \
	[ "$(cat "$TT_TMP/link/victim")" = 'set depth 9' ]
t_refused dangling 'a symbolic link' make_dangling
check files/dangling/nothing-created "a file was created through a dangling link at the history path" \
	[ ! -e "$TT_TMP/dangling/created-through-the-link" ]

# ---- history: a regular file, read and saved after every line ----
t_regular() {
	local home=$TT_TMP/regular
	local dir=$home/.local/state/deadrelu
	mkdir -p "$dir"
	printf '#1700000000\nset seed 11\n#1700000001\nset seed 12\n' >"$dir/history"
	start -x "$W" -y "$H" -h "$home" || { fail files/regular "no prompt"; finish; return; }
	local pid=$TT_PID
	check files/regular/no-message "a message about a regular history file" eval '! in_messages "history:"'
	send Up
	check files/regular/loaded "Up does not bring back the newest entry 'set seed 12'" wait_prompt 'deadrelu> set seed 12'
	send Up
	check files/regular/timestamps "the second Up shows '$(prompt_line)', not 'set seed 11' (a timestamp line read as an entry?)" \
		wait_prompt 'deadrelu> set seed 11'
	send Up
	sleep 0.3
	check files/regular/timestamps-skipped "a third Up shows '$(prompt_line)' (only two entries are in the file)" \
		prompt_is 'deadrelu> set seed 11'
	send C-u
	enter 'set seed 4242'
	wait_param seed 4242
	check files/regular/saved-at-once "the history file does not hold 'set seed 4242' before the program exits: $(tr '\n' '|' <"$dir/history")" \
		wait_until grep -qxF 'set seed 4242' "$dir/history"
	check files/regular/content "the history file is not the three entries, one a line: $(tr '\n' '|' <"$dir/history")" \
		[ "$(cat "$dir/history")" = $'set seed 11\nset seed 12\nset seed 4242' ]
	check files/regular/mode "the history file has mode $(stat -c %a "$dir/history"), expected 600" \
		[ "$(stat -c %a "$dir/history")" = 600 ]
	check files/regular/no-temp "the history directory holds '$(ls -A "$dir" | tr '\n' ' ')'" \
		[ "$(ls -A "$dir")" = history ]
	# A crash now loses nothing.
	kill -KILL "$pid"
	wait_exit
	check files/regular/after-crash "the history lost 'set seed 4242' in a crash" grep -qxF 'set seed 4242' "$dir/history"
	finish
}
t_regular

# ---- history: saving fails during the session ----
t_unsaveable() {
	local home=$TT_TMP/unsaveable
	mkdir -p "$home/state/deadrelu"
	printf 'set seed 1\n' >"$home/state/deadrelu/history"
	start -x "$W" -y "$H" -h "$home" XDG_STATE_HOME="$home/state" || { fail files/unsaveable "no prompt"; finish; return; }
	# The directory goes away and a regular file takes its name.
	mv "$home/state/deadrelu" "$home/state/moved"
	echo x >"$home/state/deadrelu"
	enter 'set seed 4242'
	wait_param seed 4242
	local want='history: ~/state/deadrelu/history cannot be written (Not a directory)'
	check files/unsaveable/message "no message '$want...' after a line could not be saved" wait_message "$want"
	enter 'set seed 4343'
	wait_param seed 4343
	check files/unsaveable/once "the failure is reported $(count_messages 'history:') times, expected once" \
		[ "$(count_messages 'history:')" = 1 ]
	enter quit
	check files/unsaveable/quits "quit did not end the program" wait_exit
	check files/unsaveable/status "exit status '$(dead_status)', expected 0" [ "$(dead_status)" = 0 ]
	finish
}
t_unsaveable

# ---- history: its directory cannot be made ----
t_no_dir() {
	local home=$TT_TMP/nodir
	mkdir -p "$home"
	echo x >"$home/afile"
	start -x "$W" -y "$H" -h "$home" XDG_STATE_HOME="$home/afile" || { fail files/no-dir "no prompt"; finish; return; }
	check files/no-dir/message "no message that the history directory cannot be created" \
		wait_message "history: cannot create the directory $home/afile/deadrelu (Not a directory)"
	check files/no-dir/quits "quit did not end the program" use_and_quit
	finish
}
t_no_dir

# ---- init.lua: a symbolic link is followed; a FIFO or a directory is not run ----
t_init() {
	local home=$TT_TMP/init-fifo
	mkdir -p "$home/cfg/deadrelu"
	mkfifo "$home/cfg/deadrelu/init.lua"
	if start -x "$W" -y "$H" -h "$home" XDG_CONFIG_HOME="$home/cfg"; then
		pass files/init-fifo/opens
		check files/init-fifo/message "no message naming init.lua and 'not a regular file'" \
			eval 'wait_message "init.lua" && in_messages "not a regular file"'
		enter 'set depth 3'
		check files/init-fifo/works "the explorer does not answer after a FIFO init.lua" wait_param depth 3
	else
		fail files/init-fifo/opens "no prompt within ${TT_TIMEOUT}s with a FIFO as init.lua (blocked?)"
	fi
	finish

	home=$TT_TMP/init-dir
	mkdir -p "$home/cfg/deadrelu/init.lua"
	if start -x "$W" -y "$H" -h "$home" XDG_CONFIG_HOME="$home/cfg"; then
		pass files/init-dir/opens
		check files/init-dir/message "no message naming init.lua and 'directory'" \
			eval 'wait_message "init.lua" && in_messages "directory"'
		enter 'set depth 3'
		check files/init-dir/works "the explorer does not answer after a directory init.lua" wait_param depth 3
	else
		fail files/init-dir/opens "no prompt within ${TT_TIMEOUT}s with a directory as init.lua"
	fi
	finish

	home=$TT_TMP/init-link
	mkdir -p "$home/cfg/deadrelu" "$home/dotfiles"
	printf 'deadrelu.cmd("set depth 7")\n' >"$home/dotfiles/init.lua"
	ln -s ../../dotfiles/init.lua "$home/cfg/deadrelu/init.lua"
	start -x "$W" -y "$H" -h "$home" XDG_CONFIG_HOME="$home/cfg" || { fail files/init-link "no prompt"; finish; return; }
	check files/init-link/followed "init.lua as a symbolic link to a regular file did not set depth 7" wait_param depth 7
	check files/init-link/no-error "an error is shown for init.lua as a symbolic link" eval '! in_messages "error in"'
	finish
}
t_init
echo "tui/test_files.sh: $(tt_elapsed) s"
