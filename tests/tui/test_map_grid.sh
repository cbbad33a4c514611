#!/usr/bin/env bash
# tests/tui/test_map_grid.sh - a grid merged from a plan's shards shows on
# the map: one dot for each width x depth cell inside the map, the title
# saying what the dots are. Prints "PASS tui/map_grid/NAME" / "FAIL ...".
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8

G=$TT_TMP/grid
mkdir -p "$G"
# 3 widths x 3 depths, 2 shards a cell, run one after another
(cd "$G" && "$DEADRELU" -c 'set trials 200 seed 4; plan r 2 width 2 8 3 depth 10 1000 495' >jobs &&
	while IFS= read -r line; do DEADRELU=$DEADRELU "$ROOT/scripts/plan-job.sh" "$line" >/dev/null || exit 1; done <jobs)
check map_grid/shards "the plan's 18 shard files were not written" test "$(ls "$G/r" 2>/dev/null | wc -l)" = 18

start -x 100 -y 30 || { fail map_grid/start "the explorer did not open"; exit 0; }
enter "merge $(echo "$G"/r/*.json)"
wait_for 'depth = 1000:'
enter 'view map'
check map_grid/title "the map's title does not say it shows the 9 merged cells" wait_for '● 9 merged cells: simulated (sample)'
dots=$(screen | tail -n +3 | grep -o '●' | wc -l) # (below the title, which has one)
check map_grid/dots "the map shows $dots dots for the grid's 9 cells" test "$dots" = 9
enter 'merge'
check map_grid/kept "a failed merge took the grid off the map" wait_for '● 9 merged cells'
stop
