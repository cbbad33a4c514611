#!/usr/bin/env bash
# tests/cli/test_sandbox.sh - the --sandbox whitelist and the stops, as an
# attacker would try them: every known way out (os, io, debug, package,
# load*, binary chunks, C modules, files through commands) stays shut, with
# no file touched; everything the sandbox keeps works; and no call runs
# unbounded: the budget fires, and Ctrl-C stops, inside C library loops,
# backtracking patterns, xpcall handlers and coroutines. Also: C memory
# handed to Lua is freed when Lua runs out of memory.
# Prints "PASS sandbox/NAME" / "FAIL sandbox/NAME: why"; run from anywhere.
. "$(dirname "$0")/lib.sh" sandbox

# ---- what a sandboxed script has: exactly the whitelist ----
run --sandbox -e 'local g = {} for k in pairs(_G) do g[#g + 1] = k end table.sort(g) print(table.concat(g, " "))'
want="_G _VERSION assert collectgarbage coroutine deadrelu error getmetatable ipairs math next pairs pcall print rawequal rawget rawlen rawset require select setmetatable string table tonumber tostring type utf8 warn xpcall"
check globals "the sandbox's globals are '$(oneline "$out")', want exactly '$want'" [ "$out" = "$want" ]
run --sandbox -e 'local g = {} for k in pairs(string) do g[#g + 1] = k end table.sort(g) print(table.concat(g, " "))'
want="byte char find format gmatch gsub len lower match pack packsize rep reverse sub unpack upper"
check string_lib "string has '$(oneline "$out")', want '$want' (no dump)" [ "$out" = "$want" ]
# The man page lists the same globals.
man_list=$(awk '/^\.Sh THE SANDBOX AND LIMITS/ { on = 1 } on && /^\.Sh / && !/SANDBOX/ { on = 0 } on' man/deadrelu-lua.7)
missing=
for g in assert collectgarbage coroutine error getmetatable ipairs math next pairs pcall print rawequal rawget rawlen rawset require select setmetatable string table tonumber tostring type utf8 warn xpcall; do
	grep -q "$g" <<<"$man_list" || missing="$missing $g"
done
check man_lists_globals "THE SANDBOX AND LIMITS in deadrelu-lua(7) does not name:$missing" [ -z "$missing" ]

run --sandbox -e 'local s = 0 for i = 1, 1000 do s = s + i end print(s, ("ab"):rep(3), math.floor(2.5), string.format("%.4f", deadrelu.bounds{depth = 20, width = 4}.lower), require("drlib").f(0.25), utf8.char(955), coroutine.wrap(function() coroutine.yield(7) end)(), select("#", table.unpack({1, 2, 3})), ("a,b"):gsub(",", ";"))'
check plain_lua "a plain computation under --sandbox: status $st, got '$(oneline "$out")'; stderr: $(oneline "$err")" \
	eval '[ "$st" = 0 ] && [ "$out" = "500500	ababab	2	0.2751	0.2500	λ	7	3	a;b	1" ]'
run --sandbox -e 'print(require("deadrelu") == deadrelu, require("string") == string, require("drlib") == require("drlib"))'
check require_loaded "require returns loaded modules and the shipped drlib once: '$(oneline "$out$err")'" [ "$out" = "true	true	true" ]
run --sandbox -e 'collectgarbage() collectgarbage("step") print(collectgarbage("isrunning"), collectgarbage("count") > 0)'
check gc_allowed "collectgarbage collect/step/isrunning/count work: '$(oneline "$out$err")'" [ "$out" = "true	true" ]
run --sandbox -e 'local t = setmetatable({}, {__index = function(_, k) return k * 2 end}) print(t[21])'
check setmetatable_ok "setmetatable without __gc works: '$(oneline "$out$err")'" [ "$out" = 42 ]

# ---- the doors: each call fails with a clear error and touches nothing ----
# shut NAME CHUNK WORD: status 1, stderr names WORD, no marker file.
shut() {
	local name=$1 chunk=$2 word=$3
	rm -f "$tmp/marker"
	run --sandbox -e "$chunk"
	check "$name" "--sandbox -e '$chunk': status $st (want 1), stderr should name '$word'; marker exists: $([ -e "$tmp/marker" ] && echo yes || echo no); stderr: $(oneline "$err")" \
		eval '[ "$st" = 1 ] && [ ! -e "$tmp/marker" ] && has "$err" "$word"'
}
shut os_execute "os.execute('touch $tmp/marker')" "'os'"
shut require_os "require('os').execute('touch $tmp/marker')" "module 'os' not found"
shut io_open "io.open('$tmp/marker', 'w'):write('x')" "'io'"
shut require_io "require('io').open('$tmp/marker', 'w'):write('x')" "module 'io' not found"
shut debug "debug.sethook()" "'debug'"
shut require_debug "require('debug').sethook() while true do end" "module 'debug' not found"
shut package "package.path = '/etc/?'" "'package'"
shut searchpath "print(package.searchpath('passwd', '/etc/?'))" "'package'"
shut loadlib "package.loadlib('x', 'y')" "'package'"
shut require_path "require('../../../etc/passwd')" "bad name"
shut require_abs "require('/etc/passwd')" "bad name"
shut require_dots "require('x.y')" "bad name"
shut require_unknown "require('nosuchscenario')" "only the scenarios shipped"
shut load "load('return 1')()" "'load'"
shut loadfile "loadfile('$tmp/x.lua')" "'loadfile'"
shut dofile "dofile('$tmp/x.lua')" "'dofile'"
shut string_dump "string.dump(print)" "'dump'"
shut gc_stop "collectgarbage('stop')" "option 'stop' is not available"
shut gc_generational "collectgarbage('generational')" "not available"
shut gc_setpause "collectgarbage('setpause', 1000)" "not available"
shut finaliser "setmetatable({}, {__gc = function() while true do end end})" "__gc"
shut weak_keys "local e = setmetatable({}, {__mode = 'k'})" "weak keys"
shut cfg_list_len "deadrelu.set{center = setmetatable({}, {__len = function() return 1500000 end})}" "at most 256 numbers"
shut cmd_nul "deadrelu.cmd('show depth\\0; export $tmp/marker.csv')" "NUL"
shut binary_lua_chunk "deadrelu.cmd('lua \\27Lua')" "binary"
awk 'BEGIN { printf "return #\""; for (i = 0; i < 300000; i++) printf "x"; printf "\"" }' >"$tmp/big.lua"
run --sandbox "$tmp/big.lua"
check source_cap "a 300 KiB script under --sandbox: status $st, '$(oneline "$err")' (want 1 and the 256 KiB limit named)" \
	eval '[ "$st" = 1 ] && has "$err" "at most 256 KiB"'
run --sandbox -e "deadrelu.cmd('lua ' .. string.rep(' ', 300000) .. 'return 1')"
check source_cap_chunk "a 300 KiB lua chunk under --sandbox: status $st, '$(oneline "$err")'" \
	eval '[ "$st" = 1 ] && has "$err" "at most 256 KiB"'
# through the command language
shut cmd_export "deadrelu.cmd('simulate 20; export $tmp/marker.csv')" "export: not available to --sandbox"
[ ! -e "$tmp/marker.csv" ] || fail cmd_export_file "export wrote $tmp/marker.csv from the sandbox"
printf 'io.open("%s/marker", "w")\n' "$tmp" >"$tmp/x.lua"
shut cmd_run "deadrelu.cmd('run $tmp/x.lua')" "run: not available to --sandbox"
shut cmd_data_file "deadrelu.cmd('set data_file $tmp/x.lua')" "data_file: not available to --sandbox"
shut set_data_file "deadrelu.set{data_file = '$tmp/x.lua'}" "data_file: not available to --sandbox"
shut cmd_lua "deadrelu.cmd('lua os.execute(\"touch $tmp/marker\")')" "'os'"
# A C module, built here, loads without the sandbox, never within it.
cat >"$tmp/tinymod.c" <<'EOF'
#include <lua.h>
int luaopen_tinymod(lua_State *L) { lua_pushinteger(L, 42); return 1; }
EOF
cinc=$(pkg-config --cflags lua5.4 2>/dev/null || echo -I/usr/include/lua5.4)
if cc -shared -fPIC $cinc -o "$tmp/tinymod.so" "$tmp/tinymod.c" 2>"$tmp/ccerr"; then
	run -e "package.cpath = '$tmp/?.so'; print((require('tinymod')))"
	check c_module_control "without --sandbox the C module loads (prints 42): status $st, $(oneline "$out$err")" \
		eval '[ "$st" = 0 ] && [ "$out" = 42 ]'
	shut c_module "print(require('tinymod'))" "module 'tinymod' not found"
else
	fail c_module "could not build a test C module: $(oneline "$(cat "$tmp/ccerr")")"
fi
# Binary chunks can break the VM: the sandbox loads text only.
run -e "local f = io.open('$tmp/bin.luac', 'wb') f:write(string.dump(function() print('binary ran') end)) f:close()"
run --sandbox "$tmp/bin.luac"
check binary_chunk "--sandbox FILE with a binary chunk: status $st (want 1), '$(oneline "$out$err")' (want a refusal naming the binary chunk)" \
	eval '[ "$st" = 1 ] && ! has "$out" "binary ran" && has "$err" "binary"'
run "$tmp/bin.luac"
check binary_chunk_control "outside the sandbox a binary chunk runs: '$(oneline "$out$err")'" [ "$out" = "binary ran" ]
# A FIFO or a directory as the script: refused at once, never a hang.
mkfifo "$tmp/fifo.lua"
run --sandbox "$tmp/fifo.lua"
check fifo_script "a FIFO as the script: status $st in ${secs}s, stderr '$(oneline "$err")' (want 1, at once, 'not a regular file')" \
	eval '[ "$st" = 1 ] && has "$err" "not a regular file" && faster "$secs" 3'
run "$tmp"
check dir_script "a directory as the script: status $st, stderr '$(oneline "$err")'" eval '[ "$st" = 1 ] && has "$err" "directory"'

# ---- the budget still fires, also inside C ----
# budget NAME CHUNK [N]: --sandbox --budget N (default 10^6) stops it within
# 5 s, status 1, and the error names the budget.
budget() {
	local name=$1 chunk=$2 n=${3:-1000000}
	run --sandbox --budget "$n" -e "$chunk"
	check "budget.$name" "--budget $n -e '$chunk': status $st in ${secs}s (want 1 within 5 s, naming the budget): $(oneline "$err")" \
		eval '[ "$st" = 1 ] && has "$err" "budget" && faster "$secs" 5'
}
budget after_require "pcall(require, 'debug') while true do end"
budget pattern "string.find(string.rep('a', 5000), 'a-a-a-a-a-a-a-a-b')"
budget gsub_pattern "string.gsub(string.rep('a', 3000), '(a*)*b', '')"
budget rep_sep "local s = string.rep('x', 15000000, 'yz') print(#s)"
# (filling the table takes about 2.5 * 10^6 instructions, sorting it some
# 10^7 compares; uncharged, the sort finished and printed 'sorted')
budget sort "local t = {} for i = 1, 500000 do t[i] = (i * 7919) % 1000003 end table.sort(t) print('sorted')" 6000000
budget sort_function "local t = {} for i = 1, 300000 do t[i] = (i * 7919) % 1000003 end table.sort(t, function(a, b) return a > b end)"
budget move "table.move({}, 1, 1 << 60, 1, {})"
budget insert "local t = setmetatable({}, {__len = function() return 1 << 60 end}) table.insert(t, 1, 'x')"
budget remove "local t = setmetatable({}, {__len = function() return 1 << 60 end}) table.remove(t, 1)"
budget concat "local t = setmetatable({}, {__index = function() return 'x' end}) table.concat(t, '', 1, 1 << 40)"
budget xpcall_handler "xpcall(function() error('x') end, function() while true do end end)"
budget xpcall_loop "print(xpcall(function() while true do end end, function() while true do end end))"
budget xpcall_nested "xpcall(function() xpcall(function() while true do end end, function() while true do end end) end, function() while true do end end)"
budget coroutine_pattern "coroutine.wrap(function() string.find(string.rep('a', 5000), 'a-a-a-a-a-a-a-a-b') end)()"
budget pcall_swallow "while true do pcall(string.rep, 'x', 1e7) end"
# Code that yields every few hundred instructions is charged too (each
# resume restarted the count, so 10^9 instructions ran under a 10^6 budget).
budget coroutine_resumes "local co = coroutine.wrap(function() while true do local x = 0 for i = 1, 3000 do x = x + i end coroutine.yield(x) end end) for j = 1, 100000 do co() end"
budget new_coroutines "for j = 1, 100000 do coroutine.wrap(function() local x = 0 for i = 1, 300 do x = x + i end end)() end"
run --sandbox -e 'return #string.rep("", 1e15), #string.rep("", 1e15, "")'
check rep_empty "string.rep('', 1e15) returns '' at once: '$out' in ${secs}s, stderr $(oneline "$err")" \
	eval '[ "$st" = 0 ] && [ "$out" = "0	0" ] && faster "$secs" 2'

# ---- Ctrl-C, in and out of the sandbox, inside C loops ----
# interrupt NAME ARGS... (tests/cli/lib.sh): one SIGINT once the program
# is at work; it ends within 1 s of it, status 1, "interrupted" on stderr.
interrupt pattern -e "string.find(string.rep('a', 5000), 'a-a-a-a-a-a-a-a-b')"
interrupt sandbox_pattern --sandbox --budget 1000000000000 -e "string.match(string.rep('a', 5000), 'a-a-a-a-a-a-a-a-b')"
interrupt rep -e "for i = 1, 100 do local s = string.rep('x', 1 << 28) end"
interrupt sort -e "local t = {} for i = 1, 3000000 do t[i] = (i * 7919) % 1000003 end while true do table.sort(t) table.sort(t, function(a, b) return a > b end) end"
interrupt move -e "table.move({}, 1, 1 << 60, 1, {})"
interrupt xpcall -e "xpcall(function() error('x') end, function() while true do end end)"
interrupt gsub_function -e "string.gsub(string.rep('a', 1e6), 'a', function(c) while true do end end)"
# table.unpack through a chain of 1990 __index tables: each element costs
# ~2000 steps in C (13.6 s in one call before it was charged)
interrupt unpack_chain --sandbox --budget 1000000000000 -e "local t = {} local cur = t for i = 1, 1990 do local n = {} setmetatable(cur, {__index = n}) cur = n end print(select('#', table.unpack(t, 1, 990000)))"
# A Ctrl-C while the script is being parsed (the parser runs without
# hooks, about a second here) stops it as soon as it runs.
awk 'BEGIN { print "print(\"body\")"; for (i = 0; i < 20000; i++) printf "::a%d:: do end ", i; print ""; for (j = 0; j < 60000; j++) print "goto a19999" }' >"$tmp/slowparse.lua"
"$D" "$tmp/slowparse.lua" </dev/null >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.2
kill -INT "$pid"
gone=0
for i in $(seq 100); do
	kill -0 "$pid" 2>/dev/null || { gone=1; break; }
	sleep 0.1
done
[ $gone = 0 ] && kill -KILL "$pid"
wait "$pid" 2>/dev/null
st=$?
check interrupt.while_parsing "SIGINT while the script was parsed: gone within 10 s ($gone), status $st (want 1), '$(oneline "$(cat "$tmp/err")")', body ran: $(grep -c body "$tmp/out")" \
	eval '[ $gone = 1 ] && [ $st = 1 ] && grep -q interrupted "$tmp/err" && ! grep -q body "$tmp/out"'
# A finaliser runs with hooks off: outside the sandbox nothing can stop it
# but the last resort, a second Ctrl-C, which ends the program at once.
"$D" -e 'setmetatable({}, {__gc = function() while true do end end}) collectgarbage()' </dev/null >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.5
kill -INT "$pid"
sleep 0.3
alive_after_one=0
kill -0 "$pid" 2>/dev/null && alive_after_one=1
kill -INT "$pid" 2>/dev/null
gone=0
for i in $(seq 100); do
	kill -0 "$pid" 2>/dev/null || { gone=1; break; }
	sleep 0.01
done
[ $gone = 0 ] && kill -KILL "$pid"
wait "$pid" 2>/dev/null
st=$?
check second_ctrl_c "an endless __gc outside the sandbox: still running after one SIGINT ($alive_after_one, want 1), gone within 1 s of the second ($gone) with status 130 (got $st)" \
	eval '[ $alive_after_one = 1 ] && [ $gone = 1 ] && [ $st = 130 ]'

# ---- C memory is not leaked when Lua runs out of memory ----
# Calls that each hand tens of MiB of C memory to a 16 MiB Lua: the peak
# resident size stays far below what that many leaks would be.
hwm='local f = io.open("/proc/self/status") local s = f:read("a") f:close() print(s:match("VmHWM:%s*(%d+)"))'
# (a healthy run peaks near 192 MiB after the second call however many
# follow; eight leaks of the 48 MB of by-depth rows would pass 570 MiB)
run --lua-memory 16 -e "for i = 1, 8 do assert(not pcall(deadrelu.simulate, {depth = 1000000, width = 1, points = 1, trials = 1, threads = 1})) end $hwm"
check oom_simulate "8 x pcall(deadrelu.simulate, depth 1e6) under --lua-memory 16: status $st, peak RSS ${out:-?} KiB (want < 400000; leaks of the by-depth rows would pass 570 MiB); stderr $(oneline "$err")" \
	eval '[ "$st" = 0 ] && [ -n "$out" ] && [ "$out" -lt 400000 ]'
# (20000 x show is 21 MiB of output: over the cap, so each call fails; ten
# leaks would be 210 MiB or more)
run --lua-memory 16 -e "for i = 1, 10 do assert(not pcall(deadrelu.cmd, string.rep('show;', 20000))) end $hwm"
check oom_cmd "10 x pcall(deadrelu.cmd, 20000 x show) under --lua-memory 16: status $st, peak RSS ${out:-?} KiB (want < 150000); stderr $(oneline "$err")" \
	eval '[ "$st" = 0 ] && [ -n "$out" ] && [ "$out" -lt 150000 ]'
run --lua-memory 16 -e "for i = 1, 10 do pcall(deadrelu.cmd, 'set depth 1000000 width 1 points 1 trials 1 threads 1; simulate') end print('ok') $hwm"
check oom_cmd_simulate "simulate through cmd under a small Lua cap, 10 times: status $st, '$(oneline "$out$err")' (want ok and a peak RSS under 400000 KiB)" \
	eval '[ "$st" = 0 ] && [ "$(head -n 1 <<<"$out")" = ok ] && [ "$(tail -n 1 <<<"$out")" -lt 400000 ]'

echo "$(basename "$0"): done"
