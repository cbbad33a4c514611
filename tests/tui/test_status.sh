#!/usr/bin/env bash
# tests/tui/test_status.sh - the status line says what the trial count is
# about: a depth past the simulator's limit is "bounds only", with no count
# of trials that never ran; a run stopped by Ctrl-C says "cancelled" with
# the trials it kept; a new run clears both. At 80x24, where the seed is
# left out rather than cut.
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

enter 'set depth 20 trials 1e6'
check status/running "a run of 10^6 trials does not count towards 1000k: '$(status)'" \
	wait_until status_has '/1000k'
send C-c
check status/cancelled "after Ctrl-C the status line does not say 'cancelled N/1000k': '$(status)'" \
	wait_until status_has 'cancelled '
kept=$(status | sed -nE 's/.*cancelled ([0-9.]+k?)\/1000k.*/\1/p')
check status/cancelled_kept "the cancelled count is not the trials kept (status '$(status)')" \
	eval '[ -n "$kept" ] && [ "$kept" != 0 ]'
check status/seed_whole "the seed is cut at 80 columns: '$(status)'" status_lacks_re '\| s(e|ee)?$'

enter 'set trials 500'
check status/cleared "a new run still says cancelled: '$(status)'" wait_until status_has '500/500'
check status/cleared_word "'cancelled' outlived the run it was about: '$(status)'" \
	eval '! status_has cancelled'
echo "tui/test_status.sh: done in $(tt_elapsed) s"
