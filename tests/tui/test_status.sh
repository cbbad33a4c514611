#!/usr/bin/env bash
# tests/tui/test_status.sh - the status line says what the trial count is
# about: a depth past the simulator's limit is "bounds only", with no count
# of trials that never ran; a run stopped by Ctrl-C says "cancelled" with
# the trials it kept; a new run clears both; a run says how long it has
# left (and at 120 columns how fast it goes), and one of more than a
# minute says so in the messages. At 80x24 the seed is left out rather
# than cut.
. "$(dirname "$0")/lib.sh"

status() { screen >/dev/null; grep -E '^ (L |bounds n/a)' <<<"$SCREEN" | tail -n 1; }
status_has() { [[ $(status) == *"$1"* ]]; }
status_lacks_re() { ! grep -qE -- "$1" <<<"$(status)"; }

start || { fail status "no prompt"; exit; }

enter 'set depth 1e8'
check status/bounds_only "depth 1e8 does not say 'bounds only' in the status line: '$(status)'" \
	wait_until status_has 'bounds only: too deep to simulate'
check status/bounds_only_no_count "depth 1e8 still shows a trial count as if simulated: '$(status)'" \
	status_lacks_re '[0-9k]+/[0-9k]+'

enter 'set depth 20 trials 1e7'
check status/running "a run of 10^7 trials does not count towards 10M: '$(status)'" \
	wait_until status_has '/10M'
# How fast and how long, once it has run a second: the time left at 80
# columns, the rate too at 120; a run of more than a minute says so.
check status/time_left "a long run does not say the time left in the status line: '$(status)'" \
	wait_for_re '^ L .*/10M ([0-9.]+[kM]?/s )?[0-9.]+ (s|min|h) left' 5
send C-c
check status/cancelled "after Ctrl-C the status line does not say 'cancelled N/10M': '$(status)'" \
	wait_until status_has 'cancelled '
kept=$(status | sed -nE 's/.*cancelled ([0-9.]+k?)\/10M.*/\1/p')
check status/cancelled_kept "the cancelled count is not the trials kept (status '$(status)')" \
	eval '[ -n "$kept" ] && [ "$kept" != 0 ]'
check status/seed_whole "the seed is cut at 80 columns: '$(status)'" status_lacks_re '\| s(e|ee)?$'

# At 120 columns: the rate beside it; 10^8 trials take over a minute.
stop
start -x 120 -y 30 || { fail status/wide "no prompt"; exit; }
enter 'set trials 1e8'
check status/rate "the status line at 120 columns does not give trials/s and the time left: '$(status)'" \
	wait_for_re '^ L .*/100M [0-9.]+k?/s [0-9.]+ (s|min|h|days) left' 5
check status/long_note "a run of 10^8 trials does not warn how long it takes" \
	wait_for_re 'this run takes about [0-9.]+ (min|h|days) more at [0-9]+ trials/s' 5
send C-c
wait_until status_has 'cancelled ' # (a Ctrl-C is a signal: it can pass keys typed after it)
enter 'set trials 500'
check status/cleared "a new run still says cancelled: '$(status)'" wait_until status_has '500/500'
check status/cleared_word "'cancelled' outlived the run it was about: '$(status)'" \
	eval '! status_has cancelled'
echo "tui/test_status.sh: done in $(tt_elapsed) s"
