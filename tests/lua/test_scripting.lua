-- tests/lua/test_scripting.lua - the scripting half of the `deadrelu` module,
-- headless: set/get (live parameters, atomic, the errors of `set`), caption,
-- pause, sleep, wait (the live parameters simulated; equal to simulate(get())),
-- view (nine names), command (prompt commands written in Lua).
-- Run: ./deadrelu tests/lua/test_scripting.lua
local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
local H = dofile(here .. "/harness.lua")
local describe, it = H.describe, H.it
local dr = deadrelu

-- ---- helpers ----

local function deep_eq(a, b)
	if type(a) ~= type(b) then return false end
	if type(a) ~= "table" then return a == b and math.type(a) == math.type(b) end
	for k, v in pairs(a) do if not deep_eq(v, b[k]) then return false end end
	for k in pairs(b) do if a[k] == nil then return false end end
	return true
end

local function show(v)
	if type(v) ~= "table" then return tostring(v) end
	local parts = {}
	for i, x in ipairs(v) do parts[i] = tostring(x) end
	return "{" .. table.concat(parts, ",") .. "}"
end

-- The first key whose value differs between two cfg tables, for messages.
local function first_diff(a, b)
	local keys = {}
	for k in pairs(a) do keys[#keys + 1] = k end
	for k in pairs(b) do if a[k] == nil then keys[#keys + 1] = k end end
	table.sort(keys)
	for _, k in ipairs(keys) do
		if not deep_eq(a[k], b[k]) then
			return string.format("%s: %s vs %s", k, show(a[k]), show(b[k]))
		end
	end
end

local function same_cfg(got, want, what)
	local d = first_diff(got, want)
	if d then H.fail("%s differs at %s", what or "cfg", d) end
end

-- The message of a failing call (error() adds no position for C functions).
local function err_of(fn, ...)
	local ok, e = pcall(fn, ...)
	if ok then H.fail("expected an error, got none") end
	return tostring(e)
end

local function fresh()
	dr.cmd("reset")
end

-- ---- the functions are there ----

describe("module", function()
	it("scripting functions", function()
		for _, f in ipairs({"set", "get", "caption", "sleep", "pause", "wait", "view", "command"}) do
			H.eq(type(dr[f]), "function", "deadrelu." .. f)
		end
	end)
end)

-- ---- set / get ----

describe("set_get", function()
	it("get is the defaults at start", function()
		fresh()
		same_cfg(dr.get(), dr.defaults(), "get() after reset vs defaults()")
	end)

	it("get has every parameter of show", function()
		local g = dr.get()
		for line in dr.cmd("show"):gmatch("[^\n]+") do
			local name = line:match("^(%S+)")
			H.truthy(g[name] ~= nil, "get()." .. name .. " present")
		end
	end)

	it("round trip", function()
		fresh()
		local before = dr.get()
		dr.set{depth = 7, width = 5, seed = 11, signflip = true, radius = 2.5}
		local g = dr.get()
		H.eq(g.depth, 7, "depth")
		H.eq(g.width, 5, "width")
		H.eq(g.seed, 11, "seed")
		H.eq(g.signflip, true, "signflip")
		H.eq(g.radius, 2.5, "radius")
		-- every other parameter is untouched
		for k, v in pairs(before) do
			if not ({depth = 1, width = 1, seed = 1, signflip = 1, radius = 1})[k] then
				H.truthy(deep_eq(g[k], v), "unchanged " .. k .. " (" .. show(g[k]) .. " vs " .. show(v) .. ")")
			end
		end
	end)

	it("set is live for the command language", function()
		fresh()
		dr.set{depth = 13, width = 6}
		H.eq(dr.cmd("show depth width"), "depth = 13\nwidth = 6\n", "show after set")
		dr.cmd("set depth 8")
		H.eq(dr.get().depth, 8, "get().depth after `set depth 8`")
		local b = dr.bounds(dr.get())
		H.truthy(dr.cmd("bounds"):find(string.format("%.4f", b.lower), 1, true), "bounds of the live parameters")
	end)

	it("set(get()) is the identity, lists and strings included", function()
		fresh()
		dr.set{width = {3, 4, 5}, input_dim = 2, center = {0.5, -0.25}, signflip = true, radius = 2.5,
			bias = 0.5, arch = "dense", input = "sphere", weights = "glorot-uniform", trials = 321}
		local g = dr.get()
		H.eq(type(g.width), "table", "type(get().width) for a list")
		H.truthy(deep_eq(g.width, {3, 4, 5}), "width list " .. show(g.width))
		H.truthy(deep_eq(g.center, {0.5, -0.25}), "center list " .. show(g.center))
		H.eq(g.bias, 0.5, "constant bias")
		H.eq(g.arch, "dense", "arch")
		dr.set(g)
		same_cfg(dr.get(), g, "get() after set(get())")
		H.eq(dr.cmd("show width center"), "width = 3,4,5\ncenter = 0.5,-0.25\n", "show after the round trip")
	end)

	it("set{} changes nothing", function()
		fresh()
		dr.set{depth = 9}
		local before = dr.get()
		dr.set{}
		same_cfg(dr.get(), before, "after set{}")
	end)

	-- A failing set changes nothing, even when other keys in it were fine.
	local bad = {
		{"unknown key", {depth = 9, seed = 3, bogus = 1}, "set bogus 1", "unknown parameter 'bogus'"},
		{"bad value", {depth = 9, seed = 3, width = 0}, "set width 0", "width: bad value '0'"},
		{"bad enum", {depth = 9, seed = 3, input = "nonsense"}, "set input nonsense", "nonsense"},
		{"bad type", {depth = 9, seed = 3, arch = {}}, nil, "arch"},
	}
	for _, case in ipairs(bad) do
		local name, cfg, cmdline, want = case[1], case[2], case[3], case[4]
		it("atomic: " .. name, function()
			fresh()
			dr.set{depth = 17, seed = 99, width = 3}
			local before = dr.get()
			local msg = err_of(dr.set, cfg)
			H.truthy(msg:find(want, 1, true), "message " .. msg .. " contains " .. want)
			same_cfg(dr.get(), before, "get() after the failed set")
			H.eq(dr.cmd("show depth seed"), "depth = 17\nseed = 99\n", "show after the failed set")
			if cmdline then
				-- the same message as the command language's `set`
				local cmsg = err_of(dr.cmd, cmdline)
				H.eq(msg, cmsg, "set() error vs `" .. cmdline .. "` error")
			end
		end)
	end

	it("atomic: a combination refused by the final check", function()
		fresh()
		dr.set{input_dim = 3, center = {1, 2, 3}, depth = 17}
		local before = dr.get()
		local msg = err_of(dr.set, {depth = 9, input_dim = 2})
		H.truthy(msg:find("center", 1, true) and msg:find("input_dim", 1, true), "message names center and input_dim: " .. msg)
		same_cfg(dr.get(), before, "get() after the refused combination")
	end)

	it("set needs a table", function()
		H.raises("table expected", dr.set, "depth 3")
		H.raises("table expected", dr.set)
	end)

	it("get returns a fresh copy", function()
		fresh()
		local g = dr.get()
		g.depth = 999
		H.eq(dr.get().depth, 20, "get().depth after editing a copy")
	end)
end)

-- ---- caption, pause, sleep (headless) ----

describe("caption_pause_sleep", function()
	-- Output goes into the command's captured output under deadrelu.cmd.
	it("caption prints == text ==", function()
		H.eq(dr.cmd("lua deadrelu.caption('depth kills')"), "== depth kills ==\n", "caption output")
	end)
	it("caption needs text", function()
		H.raises("string expected", dr.caption)
	end)
	it("pause(text) prints the text and goes on", function()
		H.eq(dr.cmd("lua deadrelu.pause('Enter: next step') print('after')"), "Enter: next step\nafter\n", "pause output")
	end)
	it("pause() prints nothing", function()
		H.eq(dr.cmd("lua deadrelu.pause() print('after')"), "after\n", "pause() output")
	end)
	it("pause does not wait", function()
		local t = os.time()
		for _ = 1, 20 do dr.pause() end
		H.truthy(os.time() - t <= 1, "20 pauses took under a second")
	end)
	it("sleep(0) returns", function()
		H.eq(select("#", dr.sleep(0)), 0, "results of sleep(0)")
	end)
	it("sleep refuses bad durations", function()
		H.raises("sleep: bad value", dr.sleep, -1)
		H.raises("sleep: bad value", dr.sleep, 1e6)
		H.raises("sleep: bad value", dr.sleep, 0 / 0)
		H.raises("number expected", dr.sleep, "soon")
	end)
end)

-- ---- wait ----

describe("wait", function()
	it("returns a result table of the live parameters", function()
		fresh()
		dr.set{depth = 6, width = 3, seed = 5, trials = 700}
		local r = dr.wait()
		H.eq(type(r), "table", "type of wait()")
		H.eq(r.trials, 700, "trials")
		H.eq(#r.by_depth, 6, "#by_depth")
		H.truthy(r.alive >= 0 and r.alive <= 1, "alive in [0,1]")
		H.truthy(r.alive_lo <= r.alive and r.alive <= r.alive_hi, "alive within its interval")
		H.eq(r.finished, true, "finished")
	end)

	it("equals simulate(get()) for the same seed", function()
		for _, cfg in ipairs({{depth = 9, width = 3, seed = 42, trials = 1500},
				      {depth = 12, width = 4, seed = 7, trials = 800, arch = "batchnorm", signflip = true}}) do
			fresh()
			dr.set(cfg)
			local r = dr.wait()
			local s = dr.simulate(dr.get())
			for _, k in ipairs({"alive", "alive_lo", "alive_hi", "trials", "points", "living_ratio", "min_living_ratio"}) do
				H.eq(r[k], s[k], "wait()." .. k .. " vs simulate(get())." .. k)
			end
			for l = 1, #s.by_depth do
				H.eq(r.by_depth[l].alive, s.by_depth[l].alive, "by_depth[" .. l .. "].alive")
			end
		end
	end)

	it("follows the seed", function()
		fresh()
		dr.set{depth = 9, width = 3, seed = 1, trials = 2000}
		local a = dr.wait().alive
		dr.set{seed = 2}
		local b = dr.wait().alive
		dr.set{seed = 1}
		H.eq(dr.wait().alive, a, "seed 1 again")
		H.truthy(a ~= b, "seeds 1 and 2 give different estimates (" .. a .. ")")
	end)

	it("agrees with the simulate command", function()
		fresh()
		dr.set{depth = 8, width = 3, seed = 3, trials = 600}
		local r = dr.wait()
		local text = dr.cmd("simulate")
		H.truthy(text:find(string.format("P(alive) = %.4f", r.alive), 1, true),
			"`simulate` prints P(alive) = " .. string.format("%.4f", r.alive) .. ": " .. text:gsub("\n.*", ""))
	end)

	it("keeps the result for export", function()
		fresh()
		dr.set{depth = 4, width = 3, trials = 200}
		dr.wait()
		local path = os.tmpname()
		local ok, e = pcall(dr.cmd, "export " .. path .. ".csv")
		os.remove(path)
		local f = io.open(path .. ".csv")
		local header = f and f:read("l")
		while header and header:sub(1, 1) == "#" do -- what produced it, above the header
			header = f:read("l")
		end
		if f then f:close() end
		os.remove(path .. ".csv")
		H.truthy(ok, "export after wait(): " .. tostring(e))
		H.truthy(header and header:find("depth", 1, true), "the exported CSV has a header naming depth: " .. tostring(header))
	end)
end)

-- ---- view ----

describe("view", function()
	for _, name in ipairs({"plot", "layers", "map", "messages", "help", "depth", "width", "radius", "log", "linear"}) do
		it("accepts " .. name, function()
			local ok, e = pcall(dr.view, name)
			H.truthy(ok, "view('" .. name .. "'): " .. tostring(e))
		end)
	end
	for _, name in ipairs({"bogus", "", "Plot", "plots", "map "}) do
		it("rejects '" .. name .. "'", function()
			H.raises({"view: bad value '" .. name .. "'",
				  "plot, layers, map, messages, help, depth, width, radius, log, linear"}, dr.view, name)
		end)
	end
	it("alone returns the view, x-axis and y-scale (headless: the screen's start)", function()
		local v, a, sc = dr.view()
		H.eq(v, "plot")
		H.eq(a, "depth")
		H.eq(sc, "linear")
	end)
	it("takes a name that is a string", function()
		H.raises("string expected", dr.view, {})
	end)
end)

-- ---- step: a lesson's steps ----

describe("step", function()
	it("takes 1 <= n <= total <= 1000", function()
		H.truthy(pcall(dr.step, 1, 1, "one"), "step(1, 1)")
		H.truthy(pcall(dr.step, 1000, 1000), "step(1000, 1000) without a title")
	end)
	it("rejects a step past the total", function()
		H.raises("step: bad step 6 (allowed: 1 to the total, 5)", dr.step, 6, 5, "x")
	end)
	it("rejects step 0", function()
		H.raises("step: bad step 0 (allowed: 1 to the total, 5)", dr.step, 0, 5)
	end)
	it("rejects a total of 0 and above 1000", function()
		H.raises("step: bad total 0 (allowed: 1 to 1000)", dr.step, 1, 0)
		H.raises("step: bad total 1001 (allowed: 1 to 1000)", dr.step, 1, 1001)
	end)
	it("rejects a step that is not a whole number", function()
		H.raises("number has no integer representation", dr.step, 1.5, 3)
	end)
	it("pause answers next headless", function()
		H.eq(dr.pause(), "next")
	end)
end)

-- ---- command ----

describe("command", function()
	local calls = {}
	it("adds a command", function()
		dr.command("greet", "greets someone", function(...)
			calls = {...}
			print("printed", select("#", ...))
			return "hello " .. table.concat({...}, "+")
		end)
		H.eq(dr.cmd("greet world 42"), "printed\t2\nhello world+42\n", "output of `greet world 42`")
		H.eq(#calls, 2, "arguments")
		H.eq(calls[1], "world", "first argument")
		H.eq(calls[2], "42", "second argument stays a string")
		H.eq(math.type(calls[2]) or type(calls[2]), "string", "type of a numeric word")
	end)
	it("quoted words are one argument", function()
		H.eq(dr.cmd("greet 'two words'"), "printed\t1\nhello two words\n", "output")
		H.eq(calls[1], "two words", "argument")
	end)
	it("no arguments", function()
		H.eq(dr.cmd("greet"), "printed\t0\nhello \n", "output of `greet`")
	end)
	it("works among other commands", function()
		fresh()
		H.eq(dr.cmd("set depth 5; greet x; show depth"), "printed\t1\nhello x\ndepth = 5\n", "output")
	end)
	it("help lists it", function()
		local help = dr.cmd("help")
		local line = help:match("\n%s*(greet[^\n]*)")
		H.truthy(line, "`help` has a line for greet")
		H.truthy(line:find("greets someone", 1, true), "the help line shows the help text: " .. line)
		H.truthy(dr.cmd("help greet"):find("greets someone", 1, true), "`help greet`")
	end)
	it("output only from print", function()
		dr.command("quiet", "prints only", function() print("just this") end)
		H.eq(dr.cmd("quiet"), "just this\n", "output")
	end)
	it("no output at all", function()
		dr.command("silent", "nothing", function() end)
		H.eq(dr.cmd("silent"), "", "output")
	end)
	it("an error in the function is the command's error", function()
		dr.command("broken", "fails", function() error("broken on purpose") end)
		H.raises("broken on purpose", dr.cmd, "broken")
	end)
	it("its print does not reach stdout", function()
		-- In a fresh process: only the command's output (through print of
		-- cmd's result) may appear, once.
		local bin = here .. "/../../deadrelu"
		local chunk = [[deadrelu.command("hi", "h", function() print("P1") return "R1" end) io.write("[", deadrelu.cmd("hi"), "]")]]
		local f = io.popen(bin .. " -e '" .. chunk .. "' 2>&1")
		local text = f:read("a")
		f:close()
		H.eq(text, "[P1\nR1\n]", "stdout of the process")
	end)
	for _, name in ipairs({"set", "depth", "help", "run", "lua", "quit", "width", "seed", "show"}) do
		it("refuses the name " .. name, function()
			H.raises({name, "already"}, dr.command, name, "replaced", function() return "hijacked" end)
		end)
	end
	it("built-ins still work after the refusals", function()
		fresh()
		H.eq(dr.cmd("set depth 3; show depth"), "depth = 3\n", "set and show")
		H.eq(dr.get().depth, 3, "get().depth")
	end)
	it("needs a name, a help text and a function", function()
		H.raises("function expected", dr.command, "nofn", "help", "not a function")
		H.raises("string expected", dr.command, "nohelp")
		H.raises("string expected", dr.command)
	end)
end)

H.done()
