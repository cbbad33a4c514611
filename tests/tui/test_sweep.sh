#!/usr/bin/env bash
# tests/tui/test_sweep.sh - `sweep` at the prompt runs in the background: the
# prompt answers while it runs, the plot's x-axis is the swept parameter, and
# the table that arrives equals the headless one (same seed, same trials).
. "$(dirname "$0")/lib.sh"

want=$("$DEADRELU" -c 'set trials 20000; sweep width 2 6' | tail -n 1 | tr -s ' ')
start -x 100 -y 40 || { fail sweep "no prompt"; exit; }
enter 'set trials 20000'
wait_param trials 20000
enter 'sweep width 2 6'
check sweep/axis "the plot does not show the swept parameter on its x-axis" wait_for 'P(network alive) vs width'
enter 'show depth'
check sweep/answers "the prompt does not answer while the sweep runs" wait_for 'depth = 20'
check sweep/table "the sweep table's last row never arrived ($want)" \
	wait_until -t 20 eval 'screen >/dev/null; tr -s " " <<<"$SCREEN" | grep -qxF -- "$want"'
enter "export $TT_HOME/out.csv"
check sweep/export "export after the sweep did not write the sweep table" \
	wait_until eval 'grep -v "^#" "$TT_HOME/out.csv" 2>/dev/null | head -n 1 | grep -q "^width,lower,upper"'
