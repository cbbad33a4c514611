#!/usr/bin/env bash
# tests/cli/test_stock_lua.sh - the C module deadrelu.so in Debian's stock
# lua5.4 (make luamod: build/luamod/deadrelu.so): it exports luaopen_deadrelu
# alone and needs no liblua; bounds against the formula; simulate, the
# command language and the errors the same as the program's; the calls made
# for the screen as headless deadrelu has them; Ctrl-C during a blocking
# call; the Lua API tests (tests/lua) pass in it too; make install puts it
# in Lua's C module directory; the rockspec builds it through luarocks.
# Prints "PASS stock_lua/NAME" / "FAIL stock_lua/NAME: why".
. "$(dirname "$0")/lib.sh" stock_lua
unset LUA_INIT LUA_INIT_5_4 LUA_PATH LUA_PATH_5_4 LUA_CPATH_5_4
# A make of its own, not the jobserver or variables of a `make test` above.
unset MAKEFLAGS MFLAGS MAKELEVEL DESTDIR PREFIX BINDIR SHAREDIR MANDIR LUA_CMODDIR LUA_CFLAGS

SO=$ROOT/build/luamod/deadrelu.so
LUA=$(command -v lua5.4)
if [ -z "$LUA" ]; then
	fail lua5.4 "the stock interpreter lua5.4 is not installed (scripts/setup.sh)"
	exit 1
fi
if [ ! -f "$SO" ]; then
	fail build "$SO is not built (make luamod)"
	exit 1
fi

# lua ARGS...: lua5.4 finding the module in the build tree only (no ';;':
# an installed copy must not be what loads); sets out, err, st.
lua() {
	LUA_CPATH="$ROOT/build/luamod/?.so" timeout "$RUN_TIMEOUT" "$LUA" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	st=$?
	out=$(<"$tmp/out")
	err=$(<"$tmp/err")
}
# same NAME WHAT WANT: the last lua run exited 0, stderr empty, stdout WANT.
same() {
	if [ "$st" -ne 0 ] || [ -n "$err" ]; then
		fail "$1" "$2: status $st, stderr: $(oneline "$err")"
	elif [ "$out" != "$3" ]; then
		fail "$1" "$2: got '$(oneline "$out")', want '$(oneline "$3")'"
	else
		pass "$1"
	fi
}
version=$(sed -n 's/^#define DR_VERSION "\(.*\)"$/\1/p' src/engine/deadrelu.h)

# ---- the shared object: what it exports and needs ----

# exports SO: its defined dynamic symbols, one a line.
exports() { nm -D --defined-only "$1" | awk '{ print $NF }' | sort; }
# The checker first, on an object that exports one name too many.
printf 'int luaopen_deadrelu(void *L) { return 0; }\nint leaked(int x);\nint leaked(int x) { return x; }\n' >"$tmp/bad.c"
cc -shared -fPIC -o "$tmp/bad.so" "$tmp/bad.c" 2>/dev/null
check exports.checker "on a module exporting 'leaked' too the checker found '$(exports "$tmp/bad.so" | tr '\n' ' ')'" \
	[ "$(exports "$tmp/bad.so" | tr '\n' ' ')" = "leaked luaopen_deadrelu " ]
got=$(exports "$SO" | tr '\n' ' ')
check exports.only_luaopen "deadrelu.so exports: $got" [ "$got" = "luaopen_deadrelu " ]
needed=$(readelf -d "$SO" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
check needs.no_liblua "deadrelu.so needs: $needed (the interpreter has the Lua API; no liblua, curses or readline)" \
	eval '! [[ $needed =~ lua|curses|tinfo|readline ]]'
n_api=$(nm -D --undefined-only "$SO" | grep -c ' lua[L]*_')
check needs.lua_api "deadrelu.so takes $n_api Lua API functions from the interpreter" [ "$n_api" -ge 20 ]
# What it leaves to the process: the Lua API and libc's (a call into
# src/tui or curses would fail only when lua5.4 loads it).
others=$(nm -D --undefined-only "$SO" | awk '$1 == "U" && $2 !~ /@GLIBC/ && $2 !~ /^lua(L|open)?_/ { print $2 }' | tr '\n' ' ')
check needs.only_lua_libc "deadrelu.so needs, besides the Lua API and libc: $others" [ -z "$others" ]
n_tui=$(nm "$SO" 2>/dev/null | grep -cE ' (tui_|ui_|initscr|rl_)')
check no_screen_code "deadrelu.so holds $n_tui screen symbols (src/tui, curses, readline)" [ "$n_tui" -eq 0 ]

# ---- computing ----

lua -e 'print(require("deadrelu").bounds{depth = 20}.lower)'
# The default ball, he-normal weights, normal biases: prod (1 - 2^-4) over
# 20 layers, printed as Lua prints a float (%.14g).
want=$(awk 'BEGIN { printf "%.14g", (1 - 2 ^ -4) ^ 20 }')
same bounds.lower "bounds{depth = 20}.lower" "$want"
lua -e 'local b = require("deadrelu").bounds{depth = 30, width = {8, 4, 2}} print(string.format("%.12g", b.lower))'
want=$(awk 'BEGIN { printf "%.12g", (1 - 2 ^ -8) * (1 - 2 ^ -4) * (1 - 2 ^ -2) ^ 28 }')
same bounds.widths "bounds{depth = 30, width = {8, 4, 2}}.lower" "$want"
lua -e 'print(require("deadrelu").min_width{depth = 1000, p = 0.9})'
# The smallest n with 1000 log(1 - 2^-n) >= log 0.9.
want=$(awk 'BEGIN { for (n = 1; 1000 * log(1 - 2 ^ -n) < log(0.9); n++); print n }')
same min_width "min_width{depth = 1000, p = 0.9}" "$want"
lua -e 'print(require("deadrelu").version)'
same version "deadrelu.version (DR_VERSION in deadrelu.h)" "$version"
lua -l deadrelu -e 'print(type(deadrelu.simulate), deadrelu == require "deadrelu")'
same dash_l "lua5.4 -l deadrelu: the global and require's value" "function	true"

# simulate: the same numbers as the program's --json simulate, seed for seed.
if [ ! -x /usr/bin/python3 ]; then
	fail simulate "python3 is needed to read the program's JSON (scripts/setup.sh)"
else
	fields='alive alive_lo alive_hi living_ratio living_ratio_lo living_ratio_hi min_living_ratio trials points'
	for case in 'depth 10 width 3 trials 1500 seed 7' 'depth 6 width 2 input box radius 2 arch residual trials 700 seed 99'; do
		name=simulate.$(awk '{ print $NF }' <<<"$case")
		run --json -c "set $case; simulate"
		want=$(printf '%s\n' "$out" | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.readline())
for f in sys.argv[1].split():
    print("%s %.17g" % (f, r[f]))
for d in r["by_depth"]:
    print("%d %.17g %.17g" % (d["depth"], d["alive"], d["dead_units"]))' "$fields")
		cfg=$(awk '{ for (i = 1; i < NF; i += 2) printf "%s = \"%s\", ", $i, $(i + 1) }' <<<"$case")
		lua -e "local r = require('deadrelu').simulate{$cfg}
			for f in ('$fields'):gmatch('%S+') do print(string.format('%s %.17g', f, r[f])) end
			for k, d in ipairs(r.by_depth) do print(string.format('%d %.17g %.17g', k, d.alive, d.dead_units)) end"
		if [ -z "$want" ]; then
			fail "$name" "no JSON from deadrelu --json -c 'set $case; simulate': $(oneline "$err")"
		else
			same "$name" "simulate{$cfg} against deadrelu --json" "$want"
		fi
	done
	lua -e 'local dr = require "deadrelu"
		local a, b = dr.simulate{depth = 10, width = 3, seed = 7}, dr.simulate{depth = 10, width = 3, seed = 8}
		print(a.alive ~= b.alive or a.living_ratio ~= b.living_ratio)'
	same simulate.seed_matters "another seed, other numbers (so the comparison above can fail)" "true"
fi

# ---- the command language: deadrelu.cmd is deadrelu -c ----

i=0
for cmds in 'show' 'bounds' 'set depth 10 width 3; bounds' 'min_width 1000 0.9; max_depth 8 0.5' 'help' 'help width' \
	'view' 'view log' 'display' 'set trials 300 seed 5; simulate' 'set trials 100; sweep width 2 4' \
	'set depth 12 signflip on; show line' 'lua 1 + 2' 'lua print("a", 1)'; do
	i=$((i + 1))
	run -c "$cmds"
	want=$(sed 's/ [0-9.]* s)$/ T s)/' <<<"$out") # (the time a simulation took)
	CMDS=$cmds lua -e 'io.write(require("deadrelu").cmd(os.getenv("CMDS")))'
	out=$(sed 's/ [0-9.]* s)$/ T s)/' <<<"$out")
	same "cmd.$i" "deadrelu.cmd('$cmds') against deadrelu -c" "$want"
done

# `run` and commands written in Lua: what they print is the command's output.
printf 'print("from the file", ...)\nreturn 7\n' >"$tmp/script.lua"
lua -e "local dr = require 'deadrelu'
	local p = print
	local text = dr.cmd('run $tmp/script.lua')
	dr.command('twice', 'twice N', function(n) print('n', n) return 2 * tonumber(n) end)
	local t2 = dr.cmd('twice 21; show depth')
	local ok, e = pcall(dr.cmd, 'lua error(\"boom\", 0)')
	io.write('[', text, '][', t2, '] ', tostring(ok), ' ', e:match('^[^\\n]*'), ' ', tostring(print == p), '\n')"
same cmd.captured "run, a Lua command and a failing lua chunk: their print in cmd's value (print the interpreter's again after)" "[from the file
][n	21
42
depth = 20
] false boom true"

# ---- the session: made on first use, one per state ----

lua -e 'local dr = require "deadrelu"
	local d, g = dr.defaults(), dr.get()
	local same = true
	for k, v in pairs(d) do if g[k] ~= v then same = false end end
	dr.set{depth = 7}
	package.loaded.deadrelu = nil
	local again = require "deadrelu"
	print(same, again.get().depth, again.cmd("show depth"))'
same session.first_use "fresh defaults; a second require keeps the session" "true	7	depth = 7"
lua -e 'local co = coroutine.wrap(function() return require("deadrelu") end)
	local dr = co()
	dr.command("hi", "h", function() return "hello" end)
	io.write(dr.cmd("hi"))'
same session.coroutine "required from a coroutine, a Lua command still runs" "hello"

# ---- errors: one line, naming the parameter, as the program's ----

# A bad argument raises one line that names the parameter (or the call),
# the same line as in deadrelu -e, and for a parameter the same message as
# the command language gives (deadrelu -c).
i=0
for row in 'depth|bounds{depth = 0}|set depth 0' 'width|simulate{width = 0}|set width 0' \
	'weights|bounds{weights = "nope"}|set weights nope' "nosuch|set{nosuch = 1}|set nosuch 1" \
	'width|cmd("width 0")|width 0' 'view|view("sideways")|view sideways' 'frobnicate|cmd("frobnicate")|frobnicate' \
	'p|min_width{depth = 10, p = 2}|' 'depth|min_width{p = 0.5}|' \
	'step|step(4, 3)|' 'step|step(1, 0)|' 'sleep|sleep(-1)|' 'caption|caption()|' 'cmd|cmd("show\0depth")|'; do
	i=$((i + 1))
	IFS='|' read -r param call cmds <<<"$row"
	chunk="local ok, e = pcall(function() return (deadrelu or require('deadrelu')).$call end) io.write(e)"
	run -e "$chunk"
	want=$out
	lua -e "$chunk"
	got=$out
	why=
	if [ "$st" -ne 0 ] || [ -z "$out" ] || [[ $out == *$'\n'* ]]; then
		why="not one line (status $st)"
	elif [ "$out" != "$want" ]; then
		why="deadrelu -e says '$(oneline "$want")'"
	elif [[ $out != *"$param"* ]]; then
		why="does not name '$param'"
	elif [ -n "$cmds" ]; then
		run -c "$cmds"
		[ "${got#*(command line):1: }" = "${err#deadrelu: }" ] || why="deadrelu -c '$cmds' says '$(oneline "$err")'"
	fi
	if [ -n "$why" ]; then
		fail "error.$i" "$call: '$(oneline "$got")': $why"
	else
		pass "error.$i"
	fi
done
lua -e 'require("deadrelu").bounds{depth = 0}'
first=${err%%$'\n'*}
check error.uncaught "an uncaught error: status $st, first line '$(oneline "$first")'" \
	eval '[ "$st" = 1 ] && [[ $first == *"(command line):1: depth: bad value '"'"'0'"'"'"* ]]'

# ---- the calls made for the screen: as headless deadrelu has them ----

chunk='local dr = deadrelu or require "deadrelu"
dr.caption("one caption")
print(dr.pause("press Enter"), dr.pause())
dr.step(2, 3, "a step")
print(dr.view())
dr.view("radius"); dr.view("log")
local t0 = os.clock()
dr.sleep(0.05)
dr.set{depth = 8, width = 3, trials = 400}
local r = dr.wait()
print(r.trials, r.alive == dr.simulate(dr.get()).alive)
io.write(dr.cmd("display lines thick; display lines"))'
"$D" -e "$chunk" </dev/null >"$tmp/headless" 2>&1
# pause must not read stdin: a pipe that stays open would block it.
LUA_CPATH="$ROOT/build/luamod/?.so" timeout 20 "$LUA" -e "$chunk" < <(sleep 30) >"$tmp/stock" 2>&1
st=$?
out=$(<"$tmp/stock")
err=
want='== one caption ==
press Enter
next	next
== 2/3  a step ==
plot	depth	linear
400	true
lines thick (allowed: dots, thick)'
same screen.documented "caption, pause, step, view, sleep, wait, display (deadrelu-lua(7): headless)" "$want"
check screen.as_headless "lua5.4 and deadrelu -e differ: $(oneline "$(diff "$tmp/headless" "$tmp/stock")")" \
	cmp -s "$tmp/headless" "$tmp/stock"
t0=$(now_us)
lua -e 'require("deadrelu").sleep(0.3)'
secs=$(secs_since "$t0")
check screen.sleep "sleep(0.3): status $st after $secs s" eval '[ "$st" = 0 ] && ! faster "$secs" 0.3 && faster "$secs" 3'
# ---- Ctrl-C ----

# sigint NAME CHUNK WANT: CHUNK arranges a SIGINT to itself while it runs;
# its stdout must be WANT (within 15 s: unstopped, each would run minutes).
sigint() {
	local RUN_TIMEOUT=15
	lua -e "local dr = require 'deadrelu'
		local function ctrl_c(after) os.execute('(sleep ' .. after .. '; kill -INT \$PPID) &') end
		$2"
	same "$1" "$(oneline "$2")" "$3"
}
big='{depth = 1000, width = 64, trials = 1000000000}'
sigint sigint.simulate "ctrl_c(0.3) local ok, e = pcall(dr.simulate, $big) print(ok, e)
	print(dr.simulate{depth = 5, trials = 100}.trials)" "false	simulate: interrupted
100"
sigint sigint.sleep "ctrl_c(0.3) local t = os.time() local ok, e = pcall(dr.sleep, 60) print(ok, e, os.time() - t < 10)" \
	"false	interrupted	true"
sigint sigint.lua_command "dr.command('spin', 's', function() while true do end end)
	ctrl_c(0.3) local ok, e = pcall(dr.cmd, 'spin') print(ok, (e:match('interrupted')))
	local n = 0 for i = 1, 1e6 do n = n + 1 end print(n)" "false	interrupted
1000000"
sigint sigint.cmd_simulate "ctrl_c(0.3) print(pcall(dr.cmd, 'set depth 1000 width 64 trials 1000000000; simulate'))" \
	"false	simulate: interrupted"
# Calls too quick to look for a stop: a Ctrl-C taken during one still stops
# it (with "interrupted", or lua5.4's own "interrupted!" where it lands
# between two calls).
for call in 'dr.cmd, "bounds"' 'dr.simulate, {depth = 3, trials = 10}' 'dr.sleep, 0' 'dr.wait'; do
	sigint "sigint.quick.${call%%,*}" "ctrl_c(0.3)
		local ok, e = pcall(function()
			while true do local ok, e = pcall($call) if not ok then error(e, 0) end end
		end)
		print(e:match('interrupted'))" "interrupted"
done
# The first Ctrl-C, caught by a pcall, leaves SIGINT at its default (as
# lua5.4's own handler does): the second ends the interpreter.
lua -e 'local dr = require "deadrelu"
	os.execute("(sleep 0.3; kill -INT $PPID; sleep 0.5; kill -INT $PPID) &")
	while true do pcall(dr.cmd, "bounds") end'
check sigint.second "two Ctrl-C in a loop of pcall(deadrelu.cmd): status $st (want 130: killed by SIGINT)" [ "$st" = 130 ]
# After the call the interpreter's own handler is back: its "interrupted!".
lua -e 'local dr = require "deadrelu"
	dr.simulate{depth = 3, trials = 10}
	os.execute("(sleep 0.3; kill -INT $PPID) &")
	while true do end'
check sigint.handler_back "Ctrl-C in plain Lua after a module call: status $st, $(oneline "$err")" \
	eval '[ "$st" = 1 ] && [[ $err == *"interrupted!"* ]]'
# The workers of a cancelled wide run drain after the interpreter closed
# the state: its dlclose must not unmap their code (-z nodelete).
check nodelete "deadrelu.so lacks the NODELETE flag: $(oneline "$(readelf -d "$SO" | grep -i flags)")" \
	eval 'readelf -d "$SO" | grep -q "FLAGS_1.*NODELETE"'
statuses=
for i in 1 2 3 4 5 6; do
	lua -e 'local dr = require "deadrelu"
		os.execute("(sleep 0.2; kill -INT $PPID) &")
		pcall(dr.simulate, {depth = 100000, width = 1024, trials = 1e9, max_memory = 100000})'
	statuses+="$st "
done
check exit_after_cancel "exit after an interrupted wide simulation, statuses: $statuses(139: the workers' code was unmapped)" \
	[ "$statuses" = "0 0 0 0 0 0 " ]
# A hook of the script's own survives a Lua command run through cmd.
lua -e 'local dr = require "deadrelu"
	local n = 0
	debug.sethook(function() n = n + 1 end, "", 100)
	dr.command("work", "w", function() local s = 0 for i = 1, 1e4 do s = s + i end return s end)
	dr.cmd("work")
	local before = n
	for i = 1, 1e5 do end
	print(debug.gethook() ~= nil, n > before)'
same hook_kept "debug.sethook's hook after deadrelu.cmd ran Lua" "true	true"

# ---- the Lua API tests, in the stock interpreter ----

for t in tests/lua/test_*.lua; do
	name=api.${t##*/}
	LUA_CPATH="$ROOT/build/luamod/?.so" timeout 120 "$LUA" -e 'deadrelu = require "deadrelu"' "$t" </dev/null >"$tmp/api" 2>&1
	st=$?
	timeout 120 "$D" "$t" </dev/null >"$tmp/api_bin" 2>&1
	want=$(grep '^PASS ' "$tmp/api_bin" | sort)
	got=$(grep '^PASS ' "$tmp/api" | sort)
	failing=$(grep -v '^PASS ' "$tmp/api" | grep -v '^== ' | head -n 3)
	if [ "$st" -ne 0 ] || [ -z "$want" ] || [ "$got" != "$want" ]; then
		fail "$name" "under lua5.4: status $st, $(grep -c '^PASS ' <<<"$got") of $(grep -c '^PASS ' <<<"$want") passed: $(oneline "$failing")"
	else
		pass "$name"
	fi
done

# The shipped scenarios (the global deadrelu: lua5.4 -l deadrelu gives it;
# drlib along LUA_PATH) print what deadrelu prints; reproduce.lua, which
# writes a directory of files, aside.
for f in lua/*.lua; do
	s=${f##*/}
	case $s in drlib.lua | reproduce.lua) continue ;; esac
	LUA_PATH="$ROOT/lua/?.lua" LUA_CPATH="$ROOT/build/luamod/?.so" timeout 120 "$LUA" -l deadrelu "$f" 100 </dev/null >"$tmp/stock" 2>&1
	st=$?
	timeout 120 "$D" "$f" 100 </dev/null >"$tmp/headless" 2>&1
	check "scenario.${s%.lua}" "lua5.4 -l deadrelu $f 100: status $st, against deadrelu $f 100: $(oneline "$(diff "$tmp/headless" "$tmp/stock" | head -n 6)")" \
		eval '[ "$st" = 0 ] && [ -s "$tmp/stock" ] && cmp -s "$tmp/headless" "$tmp/stock"'
done

# ---- make install: Lua's C module directory ----

# mk NAME ARGS...: make -s ARGS; FAIL NAME if it fails.
mk() {
	local name=$1 o
	shift
	if o=$(make -s "$@" 2>&1); then
		return 0
	fi
	fail "$name" "make $* failed: $(oneline "$o")"
	return 1
}
# loads NAME DIR: lua5.4 with only DIR on the C path loads the module from there.
loads() {
	LUA_CPATH="$2/?.so" timeout 30 "$LUA" -e 'local dr = require "deadrelu"
		print(package.searchpath("deadrelu", package.cpath), dr.version, dr.bounds{depth = 20, width = 3}.lower > 0)' \
		</dev/null >"$tmp/out" 2>"$tmp/err"
	st=$?
	out=$(<"$tmp/out")
	err=$(<"$tmp/err")
	same "$1" "installed module" "$2/deadrelu.so	$version	true"
}
cmod=$(pkg-config --variable=INSTALL_CMOD lua5.4) # /usr/lib/<multiarch>/lua/5.4 on Debian
S=$tmp/stage
if mk install.usr install DESTDIR="$S" PREFIX=/usr; then
	check install.usr "no $S$cmod/deadrelu.so" [ -f "$S$cmod/deadrelu.so" ]
	check install.usr_same "the staged module is not build/luamod/deadrelu.so" cmp -s "$SO" "$S$cmod/deadrelu.so"
	loads install.usr_loads "$S$cmod"
	mk uninstall.usr uninstall DESTDIR="$S" PREFIX=/usr &&
		check uninstall.usr "$S$cmod/deadrelu.so left behind" [ ! -e "$S$cmod/deadrelu.so" ]
fi
cmod_opt=$(pkg-config --define-variable=prefix=/opt/dr --variable=INSTALL_CMOD lua5.4)
if mk install.opt install DESTDIR="$S" PREFIX=/opt/dr; then
	check install.opt "no $S$cmod_opt/deadrelu.so (INSTALL_CMOD for prefix /opt/dr)" [ -f "$S$cmod_opt/deadrelu.so" ]
	loads install.opt_loads "$S$cmod_opt"
	mk uninstall.opt uninstall DESTDIR="$S" PREFIX=/opt/dr &&
		check uninstall.opt "$S$cmod_opt/deadrelu.so left behind" [ ! -e "$S$cmod_opt/deadrelu.so" ]
fi
if mk install.cmoddir install-luamod DESTDIR="$S" LUA_CMODDIR=/elsewhere/lua; then
	check install.cmoddir "LUA_CMODDIR=/elsewhere/lua: no $S/elsewhere/lua/deadrelu.so" [ -f "$S/elsewhere/lua/deadrelu.so" ]
fi

# ---- the rockspec ----

rocks=(deadrelu-*.rockspec)
check rockspec.one "want one deadrelu-VERSION-REV.rockspec at the top, found: ${rocks[*]}" \
	[ "${#rocks[@]}" = 1 ] && [ -f "${rocks[0]}" ]
rock=${rocks[0]}
# Its fields, read as Lua (a rockspec is a Lua file of assignments).
fields=$(LUA_CPATH= "$LUA" - "$rock" <<'EOF' 2>&1
local spec = {}
assert(loadfile(arg[1], "t", spec))()
local b = spec.build or {}
local inst = b.install and b.install.lib or {}
print(spec.package, spec.version, b.type, b.build_target, inst.deadrelu, spec.dependencies and spec.dependencies[1])
EOF
)
want="deadrelu	$version-1	make	luamod	build/luamod/deadrelu.so	lua >= 5.4, < 5.5"
check rockspec.fields "$rock: '$(oneline "$fields")', want '$want'" [ "$fields" = "$want" ]
check rockspec.name "the file is named $rock, want deadrelu-$version-1.rockspec" [ "$rock" = "deadrelu-$version-1.rockspec" ]
if ! command -v luarocks >/dev/null; then
	fail rockspec.luarocks "luarocks is not installed (scripts/setup.sh)"
else
	o=$(cd "$tmp" && luarocks --lua-version 5.4 lint "$ROOT/$rock" 2>&1)
	check rockspec.lint "luarocks lint: $(oneline "$o")" [ $? -eq 0 ]
	# Built from a copy of the tree (not this build), into a tree of its own.
	mkdir -p "$tmp/src"
	tar -C "$ROOT" --exclude=./build --exclude=./deadrelu --exclude=./.git -cf - . | tar -C "$tmp/src" -xf -
	o=$(cd "$tmp/src" && MAKEFLAGS=-j2 timeout 300 luarocks --lua-version 5.4 --tree "$tmp/rocks" make "$rock" 2>&1)
	rs=$?
	check rockspec.make "luarocks make: status $rs: $(oneline "$(tail -n 5 <<<"$o")")" [ "$rs" -eq 0 ]
	mod=$(find "$tmp/rocks" -name deadrelu.so | head -n 1)
	check rockspec.installed "luarocks put no deadrelu.so in its tree" [ -n "$mod" ]
	[ -n "$mod" ] && loads rockspec.loads "${mod%/deadrelu.so}"
	check rockspec.no_binary "luarocks make built the program too (it needs only the module)" [ ! -e "$tmp/src/deadrelu" ]
	listed=$(luarocks --lua-version 5.4 --tree "$tmp/rocks" list --porcelain 2>&1)
	check rockspec.listed "luarocks list: $(oneline "$listed")" eval '[[ $listed == *"deadrelu	$version-1	installed"* ]]'
fi
