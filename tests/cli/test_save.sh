#!/usr/bin/env bash
# tests/cli/test_save.sh - `save FILE.lua` writes the session's settings and
# the commands it ran as a Lua script that, run with `deadrelu FILE.lua` or
# `run FILE.lua`, comes back to the same settings and reruns the commands:
# values with quotes, backslashes, ]] and control characters come back as
# they were set; what is not recorded is not in it; the history is capped;
# a bad name or a directory that cannot be written is one error and no file.
# Prints "PASS save/NAME" / "FAIL save/NAME: why"; run from anywhere.
. "$(dirname "$0")/lib.sh" save

one_error() { # WORD...: status 1, one line on stderr, "deadrelu: save: ...", each WORD in it
	[ "$st" -eq 1 ] && [ "$(printf '%s\n' "$err" | grep -c '')" -eq 1 ] && [[ $err == "deadrelu: save: "* ]] || return 1
	local w
	for w in "$@"; do [[ $err == *"$w"* ]] || return 1; done
}
listing() { (cd "$1" && ls -A | tr '\n' ' '); }
# last_line TEXT
last_line() { printf '%s\n' "$1" | tail -n 1; }

# ---- the settings come back: deadrelu FILE.lua and run FILE.lua ----
d=$tmp/rt
mkdir -p "$d"
run -c "set depth 7 width 5 seed 99; show line; lua local t = deadrelu.cmd('show line') io.write(t)"$'\n'"save $d/a.lua"
check roundtrip/saved "status $st: $(oneline "$err")" eval '[ "$st" -eq 0 ] && [ -s "$d/a.lua" ]'
check roundtrip/line "show line '$(head -n 1 <<<"$out")' (want 'reset; set depth 7 width 5 seed 99')" \
	[ "$(head -n 1 <<<"$out")" = "reset; set depth 7 width 5 seed 99" ]
run "$d/a.lua"
check roundtrip/script "deadrelu a.lua: status $st, its last line '$(last_line "$out")' (the lua command's show line): $(oneline "$err")" \
	eval '[ "$st" -eq 0 ] && [ "$(last_line "$out")" = "reset; set depth 7 width 5 seed 99" ]'
run -c "set depth 3 input point; run $d/a.lua; show line"
check roundtrip/run "run a.lua from other settings: status $st, '$(last_line "$out")'" \
	eval '[ "$st" -eq 0 ] && [ "$(last_line "$out")" = "reset; set depth 7 width 5 seed 99" ]'
check roundtrip/header "the first line does not say what wrote it: '$(head -n 1 "$d/a.lua")'" \
	[ "$(head -n 1 "$d/a.lua")" = "-- $("$D" --version): the settings and the commands of a session, written by save." ]
check roundtrip/how "the header does not say how to run it" grep -q '^-- Run it with deadrelu FILE.lua, or run FILE.lua' "$d/a.lua"

# ---- hostile values: quotes, backslashes, ]], ;, a tab, a control byte ----
name="it's \"q\" a\\b;c]]d[[e"$'\t'"f"$'\001'".csv"
printf '0.5,0.25\n1,2\n' >"$d/$name"
# The name quoted for the command language by hand: "..." with \" and \\.
q=${name//\\/\\\\}
q=${q//\"/\\\"}
chunk='print("x]]y\\\"z'"'"'", [[a\b]], "--[[")'
run -c "set input data data_file \"$d/$q\" radius 2; lua $chunk"$'\n'"save $d/h.lua"
check hostile/saved "status $st: $(oneline "$err")" [ "$st" -eq 0 ]
# What Lua prints for the chunk, derived by hand: x]]y\"z'<TAB>a\b<TAB>--[[
want_print='x]]y\"z'"'"$'\t''a\b'$'\t''--[['
check hostile/first_run "the chunk printed '$(oneline "$out")', want '$want_print'" [ "$(head -n 1 <<<"$out")" = "$want_print" ]
run -c "run $d/h.lua; show data_file radius input"
want_show="data_file = $d/$name"$'\nradius = 2\ninput = data'
check hostile/replay "replayed: status $st, '$(oneline "$out")' $(oneline "$err")" \
	eval '[ "$st" -eq 0 ] && [ "$(tail -n 3 <<<"$out")" = "$want_show" ]'
check hostile/replay_chunk "the lua command rerun printed '$(oneline "$(head -n 1 <<<"$out")")', want '$want_print'" \
	[ "$(head -n 1 <<<"$out")" = "$want_print" ]
check hostile/control_escaped "a raw control byte in the script" eval '! grep -q "$(printf "\001")" "$d/h.lua"'

# ---- what is recorded ----
d=$tmp/rec
mkdir -p "$d"
cat >"$d/drive.lua" <<EOF
deadrelu.cmd("set depth 5 trials 20")
assert(not pcall(deadrelu.cmd, "set width 0"))         -- failed: not recorded
deadrelu.cmd("show; help seed; show line")              -- shows: not recorded
deadrelu.cmd("bounds")
deadrelu.cmd("lua deadrelu.cmd('set width 6')")         -- the lua command, not what it ran
deadrelu.set{depth = 4}                                 -- not a command: the next carries its settings
io.write(deadrelu.cmd("simulate"))
deadrelu.cmd("export $d/x.csv")
deadrelu.set{depth = 9}
deadrelu.cmd("save $d/out.lua")
EOF
run "$d/drive.lua"
first=$out
check rec/saved "status $st: $(oneline "$err")" eval '[ "$st" -eq 0 ] && [ -s "$d/out.lua" ]'
cmds=$(grep '^cmd(' "$d/out.lua")
want_cmds='cmd("reset")
cmd("set depth 5 trials 20")
cmd("bounds")
cmd("lua deadrelu.cmd('"'"'set width 6'"'"')")
cmd("reset; set depth 4 width 6 trials 20")
cmd("simulate")
cmd("reset; set depth 9 width 6 trials 20")'
check rec/commands "the script's commands differ: $(oneline "$(diff <(echo "$want_cmds") <(echo "$cmds"))")" [ "$cmds" = "$want_cmds" ]
run "$d/out.lua"
sim_first=$(grep '^P(alive)' <<<"$first" | sed -E 's/[0-9.]+ s\)/X s)/')
sim_again=$(grep '^P(alive)' <<<"$out" | sed -E 's/[0-9.]+ s\)/X s)/')
check rec/reruns "the simulation rerun differs: '$sim_again' vs '$sim_first'" eval '[ -n "$sim_first" ] && [ "$sim_first" = "$sim_again" ]'
run -c "run $d/out.lua; show depth width"
check rec/ends_in_settings "after the script: '$(oneline "$(tail -n 2 <<<"$out")")'" \
	[ "$(tail -n 2 <<<"$out")" = $'depth = 9\nwidth = 6' ]

# ---- a run of the file itself is left out (it would run itself) ----
d=$tmp/self
mkdir -p "$d"
run -c "set depth 3; save $d/s.lua"
RUN_TIMEOUT=20 run -c "run $d/s.lua; set width 6; save $d/s.lua"
RUN_TIMEOUT=20 run -c "run $d/s.lua; show line"
check self/not_recursive "status $st, '$(last_line "$out")' $(oneline "$err")" \
	eval '[ "$st" -eq 0 ] && [ "$(last_line "$out")" = "reset; set depth 3 width 6" ]'
check self/commented "no note that the run of itself was left out" grep -q '^-- (a run of this file, left out)' "$d/s.lua"

# ---- the cap: the last 1000 commands, the rest said ----
d=$tmp/cap
mkdir -p "$d"
run -c "$(seq -f 'seed %g' 1 1005; echo "save $d/c.lua")"
n=$(grep -c '^cmd("seed ' "$d/c.lua")
check cap/kept "$n seed commands kept (want 1000)" [ "$n" = 1000 ]
check cap/oldest "the first kept: '$(grep -m1 '^cmd("seed ' "$d/c.lua")' (want seed 6, after the settings of seed 5)" \
	eval '[ "$(grep -m2 "^cmd(" "$d/c.lua" | tr "\n" " ")" = "cmd(\"reset; set seed 5\") cmd(\"seed 6\") " ]'
check cap/said "the script does not say 5 were dropped" grep -q '^-- 5 earlier commands are not here: save keeps the last 1000' "$d/c.lua"
run -c "run $d/c.lua; show seed"
check cap/replay "after it: '$(last_line "$out")'" [ "$(last_line "$out")" = "seed = 1005" ]

# ---- errors: one line, nothing written ----
d=$tmp/bad # ($tmp/err is run's)
mkdir -p "$d"
for bad in "$d/x.txt" "$d/x" "$d/x.lua.bak" "$d/.lua" "$d/x.LUA"; do
	run -c "set depth 3; save $bad"
	check "name.${bad##*/}" "save ${bad##*/}: status $st, '$(oneline "$err")'" \
		one_error "bad file name '$bad'" "allowed: a name ending in .lua"
done
check name.nothing "the directory holds '$(listing "$d")'" [ -z "$(listing "$d")" ]
run -c "save $d/nodir/x.lua"
check missing_dir "status $st, '$(oneline "$err")'" one_error "$d/nodir/x.lua" "No such file or directory"
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$d/ro"
	chmod 555 "$d/ro"
	run -c "set depth 3; save $d/ro/x.lua"
	check read_only "status $st, '$(oneline "$err")'" one_error "$d/ro/x.lua" "Permission denied"
	check read_only.nothing "the directory holds '$(listing "$d/ro")'" [ -z "$(listing "$d/ro")" ]
	chmod 755 "$d/ro"
else
	echo "PASS save/read_only (running as root, every directory is writable: not checked)"
fi
check errors.nothing "the directory holds '$(listing "$d")'" [ "$(listing "$d")" = "$([ -d "$d/ro" ] && echo 'ro ')" ]
run -c "save a.lua b.lua"
check argc "status $st, '$(oneline "$err")'" one_error "wrong number of arguments" "usage: save FILE.lua"
run --sandbox -e "deadrelu.cmd('save $d/sb.lua')"
check sandbox "status $st, '$(oneline "$err")'" eval '[ "$st" -ne 0 ] && has "$err" "save: not available to --sandbox scripts" && [ ! -e "$d/sb.lua" ]'
