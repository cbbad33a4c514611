-- tests/lua/test_api.lua - the contract of the `deadrelu` Lua module:
-- bounds, simulate, min_width, max_depth, defaults, cmd, version; values
-- checked against formulas computed here (THEORY.md sections 2, 3 and 6).
-- Run: ./deadrelu tests/lua/test_api.lua
local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
local H = dofile(here .. "/harness.lua")
local describe, it = H.describe, H.it
local dr = deadrelu
local log, exp, sqrt, floor, ceil = math.log, math.exp, math.sqrt, math.floor, math.ceil
local BIN = here .. "/../../deadrelu"

-- ---- independent formulas ----

-- log of prod_l (1 - 2^-n_l) over k layers (widths: the last repeats).
local function log_lower(widths, k)
	if type(widths) == "number" then widths = {widths} end
	local s = 0
	for l = 1, k do
		local n = widths[math.min(l, #widths)]
		s = s + log(1 - 2.0 ^ -n)
	end
	return s
end

-- log of prod_{l>=2} (1 - 2^-(n_l (n_{l-1} + 1)))  (zero bias: n_l n_{l-1}).
local function log_upper_rest(widths, k, zero_bias)
	if type(widths) == "number" then widths = {widths} end
	local s = 0
	for l = 2, k do
		local n, prev = widths[math.min(l, #widths)], widths[math.min(l - 1, #widths)]
		s = s + log(1 - 2.0 ^ -(n * (zero_bias and prev or prev + 1)))
	end
	return s
end

-- Student-t CDF with 1 or 2 degrees of freedom (closed forms).
local function t_cdf(t, d)
	if d == 1 then return 0.5 + math.atan(t) / math.pi end
	assert(d == 2)
	return 0.5 + t / (2 * sqrt(2 + t * t))
end

-- The ball factor F_1 = 1 - q^n1, q = F_t(d; -r s_w sqrt(d) / s_b).
local function ball_factor(n1, d, r, sw, sb)
	local q = t_cdf(-r * sw * sqrt(d) / sb, d)
	return 1 - q ^ n1
end

local function shell_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- The error the command language prints for `deadrelu -c CMDS` (without "deadrelu: ").
local function cli_error(cmds)
	local f = io.popen(shell_quote(BIN) .. " -c " .. shell_quote(cmds) .. " 2>&1 >/dev/null")
	if not f then return nil end
	local text = f:read("a")
	f:close()
	return (text:gsub("^deadrelu: ", ""):gsub("\n$", ""))
end

local function show_values()
	local t, order = {}, {}
	for line in dr.cmd("show"):gmatch("[^\n]+") do
		local name, value = line:match("^(%S+)%s+(%S+)")
		t[name] = value
		order[#order + 1] = name
	end
	return t, order
end

-- ---- module ----

describe("module", function()
	it("require returns the global table", function()
		H.eq(type(dr), "table", "type(deadrelu)")
		H.truthy(require("deadrelu") == dr, 'require "deadrelu" == deadrelu')
		H.truthy(package.loaded.deadrelu == dr, "package.loaded.deadrelu")
	end)
	it("functions", function()
		for _, f in ipairs({"bounds", "simulate", "min_width", "max_depth", "defaults", "cmd"}) do
			H.eq(type(dr[f]), "function", "deadrelu." .. f)
		end
	end)
	it("version", function()
		H.type(dr.version, "string", "deadrelu.version")
		H.truthy(dr.version:match("^%d+%.%d+%.%d+$"), "version looks like X.Y.Z: " .. dr.version)
		local f = io.popen(shell_quote(BIN) .. " --version")
		if f then
			local v = f:read("a")
			f:close()
			H.eq(v, "deadrelu " .. dr.version .. "\n", "deadrelu --version")
		end
	end)
end)

-- ---- bounds ----

describe("bounds", function()
	it("fields and types", function()
		local b = dr.bounds({depth = 20, width = 4})
		for _, k in ipairs({"lower", "upper", "log_lower", "log_upper"}) do
			H.type(b[k], "float", k)
		end
		H.type(b.applies, "boolean", "applies")
		H.type(b.notes, "table", "notes")
		H.eq(#b.notes, 0, "#notes for the plain default")
		H.eq(b.applies, true, "applies for the plain default")
		H.truthy(b.lower <= b.upper, "lower <= upper")
		H.near(exp(b.log_lower), b.lower, 1e-15, "lower == exp(log_lower)")
		H.near(exp(b.log_upper), b.upper, 1e-15, "upper == exp(log_upper)")
	end)
	it("lower = (1 - 2^-n)^k", function()
		for _, c in ipairs({{1, 1}, {4, 20}, {3, 7}, {10, 1000}, {2, 50}, {16, 100000}}) do
			local n, k = c[1], c[2]
			local b = dr.bounds({width = n, depth = k})
			H.rel(b.lower, (1 - 2.0 ^ -n) ^ k, 1e-12, ("lower n=%d k=%d"):format(n, k))
			H.rel(b.log_lower, k * log(1 - 2.0 ^ -n), 1e-12, ("log_lower n=%d k=%d"):format(n, k))
		end
	end)
	it("upper, ball around the origin (He, d = 2)", function()
		local b = dr.bounds({width = 4, depth = 20, input_dim = 2})
		local f1 = ball_factor(4, 2, 1, sqrt(2 / 2), 1)
		H.eq(b.first_factor_kind, "ball", "first_factor_kind")
		H.rel(b.first_factor, f1, 1e-9, "first_factor")
		H.rel(b.log_upper, log(f1) + log_upper_rest(4, 20), 1e-9, "log_upper")
	end)
	it("upper, ball (He, d = 1: Cauchy)", function()
		local b = dr.bounds({width = 3, depth = 5, input_dim = 1})
		local f1 = ball_factor(3, 1, 1, sqrt(2), 1)
		H.rel(b.first_factor, f1, 1e-9, "first_factor")
		H.rel(b.upper, f1 * exp(log_upper_rest(3, 5)), 1e-9, "upper")
	end)
	it("upper, ball (Glorot, radius 3, bias_scale 2)", function()
		local b = dr.bounds({width = 4, depth = 6, input_dim = 2, weights = "glorot-normal", radius = 3, bias_scale = 2})
		local f1 = ball_factor(4, 2, 3, sqrt(2 / (2 + 4)), 2)
		H.rel(b.first_factor, f1, 1e-9, "first_factor")
		H.rel(b.upper, f1 * exp(log_upper_rest(4, 6)), 1e-9, "upper")
	end)
	it("upper, orthant: F_1 = 1 - 2^-(n (d + 1))", function()
		for _, c in ipairs({{4, 20, 2}, {2, 10, 5}, {3, 3, 1}}) do
			local n, k, d = c[1], c[2], c[3]
			local b = dr.bounds({width = n, depth = k, input_dim = d, input = "orthant"})
			H.eq(b.first_factor_kind, "orthant", "first_factor_kind")
			H.rel(b.log_upper, log(1 - 2.0 ^ -(n * (d + 1))) + log_upper_rest(n, k), 1e-9,
				("log_upper n=%d k=%d d=%d"):format(n, k, d))
			H.rel(b.lower, (1 - 2.0 ^ -n) ^ k, 1e-12, "lower")
		end
	end)
	it("upper, one layer on the orthant is exact: 1 - 2^-(n (d + 1))", function()
		local b = dr.bounds({width = 2, depth = 1, input_dim = 1, input = "orthant"})
		H.near(b.upper, 1 - 2.0 ^ -4, 1e-15, "upper")
	end)
	it("upper, zero bias: exponent n_l n_{l-1}", function()
		local b = dr.bounds({width = 4, depth = 20, bias = "zero"})
		H.eq(b.first_factor_kind, "any sign", "first_factor_kind")
		H.rel(b.log_upper, log_upper_rest(4, 20, true), 1e-9, "log_upper (any sign)")
		b = dr.bounds({width = 4, depth = 20, bias = "zero", input = "orthant", input_dim = 2})
		H.rel(b.log_upper, log(1 - 2.0 ^ -(4 * 2)) + log_upper_rest(4, 20, true), 1e-9, "log_upper (orthant)")
		H.eq(b.applies, true, "applies")
	end)
	it("upper, single point: F_1 = 1 - 2^-n", function()
		local b = dr.bounds({width = 4, depth = 20, input = "point"})
		H.eq(b.first_factor_kind, "point", "first_factor_kind")
		H.rel(b.upper, (1 - 2.0 ^ -4) * exp(log_upper_rest(4, 20)), 1e-12, "upper")
	end)
	it("per-layer widths 8,4,2 (the last repeats)", function()
		local want_lower = (1 - 2.0 ^ -8) * (1 - 2.0 ^ -4) * (1 - 2.0 ^ -2) ^ 3
		local b = dr.bounds({width = {8, 4, 2}, depth = 5, input = "orthant", input_dim = 2})
		H.rel(b.lower, want_lower, 1e-12, "lower")
		local want_upper = (1 - 2.0 ^ -24) * (1 - 2.0 ^ -36) * (1 - 2.0 ^ -10) * (1 - 2.0 ^ -6) ^ 2
		H.rel(b.upper, want_upper, 1e-12, "upper")
		local s = dr.bounds({width = "8,4,2", depth = 5, input = "orthant", input_dim = 2})
		H.eq(s.lower, b.lower, "width '8,4,2' (string) vs {8,4,2}")
		local short = dr.bounds({width = {8, 4, 2}, depth = 2})
		H.rel(short.lower, (1 - 2.0 ^ -8) * (1 - 2.0 ^ -4), 1e-12, "depth 2 uses the first two widths")
	end)
	it("depth 1e9, width 60: finite logs, no underflow", function()
		local b = dr.bounds({depth = 1e9, width = 60})
		H.rel(b.log_lower, -1e9 * 2.0 ^ -60, 1e-9, "log_lower")
		H.truthy(b.lower < 1 and b.lower > 0.999999, "0.999999 < lower < 1: " .. b.lower)
		H.truthy(b.log_upper < 0 and b.log_upper > b.log_lower, "log_lower < log_upper < 0")
		H.rel(b.log_dead_upper, log(1e9) - 60 * log(2), 1e-6, "log(1 - lower)")
	end)
	it("depth 1e9, width 4: the log stays exact where the value underflows", function()
		local b = dr.bounds({depth = 1e9, width = 4})
		H.rel(b.log_lower, 1e9 * log(15 / 16), 1e-12, "log_lower")
		H.eq(b.lower, 0.0, "lower (underflows)")
		H.rel(b.log_upper, log(ball_factor(4, 2, 1, 1, 1)) + (1e9 - 1) * log(1 - 2.0 ^ -20), 1e-9, "log_upper")
	end)
	it("width 4096: log P(dead) far below the smallest double", function()
		local b = dr.bounds({depth = 1e9, width = 4096})
		H.rel(b.log_dead_upper, log(1e9) - 4096 * log(2), 1e-9, "log(1 - lower)")
		H.eq(b.lower, 1.0, "lower")
		local c = dr.bounds({depth = 1, width = 1000})
		H.rel(c.log_dead_upper, -1000 * log(2), 1e-9, "depth 1 width 1000: log(1 - lower)")
	end)
	it("lower <= upper over many settings", function()
		for _, n in ipairs({1, 2, 3, 5, 8, 30}) do
			for _, k in ipairs({1, 2, 10, 1000, 1e6}) do
				for _, input in ipairs({"ball", "orthant", "point", "box", "sphere"}) do
					local b = dr.bounds({width = n, depth = k, input = input})
					if not (b.lower <= b.upper and b.log_lower <= b.log_upper) then
						H.fail("n=%d k=%d input=%s: lower %.17g > upper %.17g", n, k, input, b.lower, b.upper)
					end
				end
			end
		end
	end)
	local function check_na(cfg, word)
		local b = dr.bounds(cfg)
		H.eq(b.applies, false, "applies")
		H.truthy(#b.notes >= 1, "a note")
		for _, nt in ipairs(b.notes) do
			H.type(nt, "string", "note")
			if nt:find(word, 1, true) then return end
		end
		H.fail("no note mentions %q: %s", word, table.concat(b.notes, " | "))
	end
	it("rai: applies false with a note", function() check_na({weights = "rai"}, "rai") end)
	it("mirrored: applies false with a note", function() check_na({weights = "mirrored"}, "mirrored") end)
	it("constant bias: applies false with a note", function() check_na({bias = 0.1}, "constant") end)
	it("negative constant bias: applies false", function() check_na({bias = -0.5}, "constant") end)
	it("signflip: applies false with a note", function() check_na({signflip = true}, "sign flipping") end)
	it("architectures other than plain: applies false with a note", function()
		for _, a in ipairs({"batchnorm", "residual", "residual-post", "dense", "skip"}) do
			check_na({arch = a}, a)
		end
	end)
	it("rai, constant bias and signflip at once: a note for each", function()
		local b = dr.bounds({weights = "rai", bias = 0.2, signflip = true})
		H.eq(b.applies, false, "applies")
		local text = table.concat(b.notes, " | ")
		for _, w in ipairs({"rai", "constant", "sign flipping"}) do
			H.truthy(text:find(w, 1, true), "notes mention " .. w .. ": " .. text)
		end
	end)
	it("zero bias, input the origin: dead, bounds 0", function()
		local b = dr.bounds({bias = "zero", input = "point"})
		H.eq(b.lower, 0.0, "lower")
		H.eq(b.upper, 0.0, "upper")
		H.eq(b.log_lower, -math.huge, "log_lower")
		check_na({bias = "zero", input = "point"}, "origin")
	end)
	it("defaults: bounds() == bounds{} == bounds(defaults())", function()
		local a, b, c = dr.bounds(), dr.bounds({}), dr.bounds(dr.defaults())
		for _, k in ipairs({"lower", "upper", "log_lower", "log_upper", "applies"}) do
			H.eq(a[k], b[k], "bounds()." .. k .. " vs bounds{}")
			H.eq(a[k], c[k], "bounds()." .. k .. " vs bounds(defaults())")
		end
		H.rel(a.lower, (15 / 16) ^ 20, 1e-12, "default lower")
	end)
end)

-- ---- simulate ----

local function same_result(a, b)
	for _, k in ipairs({"alive", "alive_lo", "alive_hi", "trials", "living_ratio", "living_ratio_lo",
		"living_ratio_hi", "min_living_ratio"}) do
		if a[k] ~= b[k] then return false, k end
	end
	if #a.by_depth ~= #b.by_depth then return false, "#by_depth" end
	for i = 1, #a.by_depth do
		for _, k in ipairs({"alive", "alive_lo", "alive_hi", "living_ratio"}) do
			if a.by_depth[i][k] ~= b.by_depth[i][k] then return false, "by_depth[" .. i .. "]." .. k end
		end
	end
	return true
end

describe("simulate", function()
	local cfg = {depth = 6, width = 3, trials = 500, seed = 3, points = 64}
	local r = dr.simulate(cfg)
	it("fields and types", function()
		for _, k in ipairs({"alive", "alive_lo", "alive_hi", "living_ratio", "living_ratio_lo", "living_ratio_hi",
			"min_living_ratio", "seconds"}) do
			H.type(r[k], "number", k)
		end
		H.type(r.trials, "integer", "trials")
		H.eq(r.trials, 500, "trials")
		H.type(r.by_depth, "table", "by_depth")
		H.truthy(r.seconds >= 0 and r.seconds < 60, "0 <= seconds < 60: " .. r.seconds)
	end)
	it("by_depth has one entry per layer", function()
		H.eq(#r.by_depth, 6, "#by_depth")
		for l, d in ipairs(r.by_depth) do
			for _, k in ipairs({"alive", "alive_lo", "alive_hi", "living_ratio"}) do
				H.type(d[k], "number", ("by_depth[%d].%s"):format(l, k))
				H.truthy(d[k] >= 0 and d[k] <= 1, ("by_depth[%d].%s in [0,1]"):format(l, k))
			end
			H.truthy(d.alive_lo <= d.alive and d.alive <= d.alive_hi, ("by_depth[%d]: alive_lo <= alive <= alive_hi"):format(l))
		end
		H.eq(r.by_depth[6].alive, r.alive, "by_depth[depth].alive == alive")
		H.eq(r.by_depth[6].living_ratio, r.living_ratio, "by_depth[depth].living_ratio == living_ratio")
	end)
	it("intervals contain the estimates", function()
		H.truthy(r.alive_lo <= r.alive and r.alive <= r.alive_hi, "alive_lo <= alive <= alive_hi")
		H.truthy(r.living_ratio_lo <= r.living_ratio and r.living_ratio <= r.living_ratio_hi, "living ratio interval")
		H.truthy(r.min_living_ratio <= r.living_ratio, "min_living_ratio <= living_ratio")
		H.truthy(r.alive >= 0 and r.alive <= 1, "alive in [0,1]")
	end)
	it("dead stays dead: alive never rises with depth", function()
		for l = 2, #r.by_depth do
			H.truthy(r.by_depth[l].alive <= r.by_depth[l - 1].alive, "alive at depth " .. l .. " <= depth " .. (l - 1))
			H.truthy(r.by_depth[l].living_ratio <= r.by_depth[l - 1].living_ratio, "living ratio at depth " .. l)
		end
	end)
	it("same seed, same result; another seed, another", function()
		local again = dr.simulate(cfg)
		local same, k = same_result(r, again)
		H.truthy(same, "same seed differs at " .. tostring(k))
		local one = dr.simulate({depth = 6, width = 3, trials = 500, seed = 3, points = 64, threads = 1})
		same, k = same_result(r, one)
		H.truthy(same, "threads 1 differs at " .. tostring(k))
		local other = dr.simulate({depth = 6, width = 3, trials = 500, seed = 4, points = 64})
		H.truthy(not same_result(r, other), "seeds 3 and 4 gave identical results")
	end)
	it("single point: the interval contains L = (1 - 2^-n)^k", function()
		local p = dr.simulate({input = "point", depth = 8, width = 3, trials = 4000, seed = 21, confidence = 0.999})
		local L = (7 / 8) ^ 8
		H.truthy(p.alive_lo <= L and L <= p.alive_hi, ("[%.4f, %.4f] contains %.4f"):format(p.alive_lo, p.alive_hi, L))
		H.eq(p.living_ratio, p.alive, "one point: living ratio == P(alive)")
		for l, d in ipairs(p.by_depth) do
			local Ll = (7 / 8) ^ l
			if not (d.alive_lo <= Ll and Ll <= d.alive_hi) then
				H.fail("depth %d: [%.4f, %.4f] misses %.4f", l, d.alive_lo, d.alive_hi, Ll)
			end
		end
	end)
	it("mean living fraction's interval contains L (any input set)", function()
		local q = dr.simulate({depth = 5, width = 3, trials = 2000, seed = 5, points = 32, confidence = 0.999})
		local L = (7 / 8) ^ 5
		H.truthy(q.living_ratio_lo <= L and L <= q.living_ratio_hi,
			("[%.4f, %.4f] contains %.4f"):format(q.living_ratio_lo, q.living_ratio_hi, L))
	end)
	it("plain net: L <= P(alive) <= U up to sampling error", function()
		local c = {depth = 6, width = 3, trials = 2000, seed = 6, points = 64, confidence = 0.999}
		local q, b = dr.simulate(c), dr.bounds(c)
		H.truthy(q.alive_hi >= b.lower, ("alive_hi %.4f >= lower %.4f"):format(q.alive_hi, b.lower))
		H.truthy(q.alive_lo <= b.upper, ("alive_lo %.4f <= upper %.4f"):format(q.alive_lo, b.upper))
	end)
	it("zero bias at the origin: always dead", function()
		local q = dr.simulate({bias = "zero", input = "point", depth = 3, trials = 100})
		H.eq(q.alive, 0.0, "alive")
		H.eq(q.living_ratio, 0.0, "living_ratio")
	end)
	it("sign flipping: living ratio >= 2^-k in every trial", function()
		local q = dr.simulate({signflip = true, depth = 6, width = 2, trials = 300, points = 32, seed = 2})
		H.truthy(q.min_living_ratio >= 2.0 ^ -6, "min_living_ratio " .. q.min_living_ratio .. " >= 2^-6")
	end)
	it("residual: never dead", function()
		local q = dr.simulate({arch = "residual", depth = 10, width = 2, input_dim = 2, trials = 200, points = 16})
		H.eq(q.alive, 1.0, "alive")
	end)
	it("errors: too deep, over the memory cap, bad cfg", function()
		H.raises({"depth", "2000000"}, dr.simulate, {depth = 2000000})
		H.raises("max_memory", dr.simulate, {max_memory = 1, points = 1000000, width = 4096, trials = 1})
		H.raises("unknown parameter 'nope'", dr.simulate, {nope = 1})
		H.raises("trials: bad value '0'", dr.simulate, {trials = 0})
	end)
end)

-- ---- min_width / max_depth ----

describe("inverse", function()
	-- n = ceil(-log2(1 - p^(1/k))); check also the defining property.
	it("min_width: integers matching the formula", function()
		for _, c in ipairs({{1, 0.5}, {3, 0.1}, {10, 0.01}, {20, 0.5}, {100, 0.9}, {1000, 0.99}, {12345, 0.7}, {1e6, 0.5}}) do
			local k, p = c[1], c[2]
			local n = dr.min_width({depth = k, p = p})
			H.type(n, "integer", "min_width result")
			local want = ceil(-log(1 - p ^ (1 / k), 2))
			H.eq(n, want, ("min_width{depth=%g, p=%g}"):format(k, p))
			H.truthy(k * log(1 - 2.0 ^ -n) >= log(p), "L(n) >= p")
			if n > 1 then H.truthy(k * log(1 - 2.0 ^ -(n - 1)) < log(p), "L(n-1) < p") end
		end
	end)
	-- k = floor(log p / log1p(-2^-n)).
	it("max_depth: integers matching the formula", function()
		for _, c in ipairs({{1, 0.5}, {2, 0.3}, {3, 0.9}, {4, 0.5}, {7, 0.25}, {10, 0.9}, {20, 0.99}, {13, 0.05}, {30, 0.999}}) do
			local n, p = c[1], c[2]
			local k = dr.max_depth({width = n, p = p})
			H.type(k, "integer", "max_depth result")
			local want = floor(log(p) / log(1 - 2.0 ^ -n))
			H.eq(k, want, ("max_depth{width=%d, p=%g}"):format(n, p))
			H.truthy(k * log(1 - 2.0 ^ -n) >= log(p), "L(k) >= p")
			H.truthy((k + 1) * log(1 - 2.0 ^ -n) < log(p), "L(k+1) < p")
		end
	end)
	it("edges", function()
		H.eq(dr.min_width({depth = 1, p = 0.5}), 1, "min_width{1, 0.5}")
		H.eq(dr.max_depth({width = 1, p = 0.5}), 1, "max_depth{1, 0.5}")
		H.eq(dr.max_depth({width = 3, p = 0.9}), 0, "max_depth{3, 0.9}: even one layer is below p")
		H.eq(dr.max_depth({width = 100, p = 0.5}), math.maxinteger, "max_depth saturates")
		H.eq(dr.min_width({depth = 1e9, p = 0.5}), 31, "min_width{1e9, 0.5}")
	end)
	it("the same answers as the command language", function()
		H.eq(dr.cmd("min_width 1000 0.99"), "smallest width with lower bound >= 0.99 at depth 1000: "
			.. dr.min_width({depth = 1000, p = 0.99}) .. "\n", "min_width")
		H.eq(dr.cmd("max_depth 20 0.99"), "largest depth with lower bound >= 0.99 at width 20: "
			.. dr.max_depth({width = 20, p = 0.99}) .. "\n", "max_depth")
	end)
	it("errors", function()
		H.raises({"depth", "0"}, dr.min_width, {depth = 0, p = 0.5})
		H.raises({"depth", "2.5"}, dr.min_width, {depth = 2.5, p = 0.5})
		H.raises({"p", "1"}, dr.min_width, {depth = 5, p = 1})
		H.raises({"p", "0"}, dr.min_width, {depth = 5, p = 0})
		H.raises("p", dr.min_width, {depth = 5})
		H.raises({"width", "0"}, dr.max_depth, {width = 0, p = 0.5})
		H.raises({"width", "x"}, dr.max_depth, {width = "x", p = 0.5})
		H.raises({"p", "1.5"}, dr.max_depth, {width = 4, p = 1.5})
		H.raises("table expected", dr.max_depth)
		H.raises("table expected", dr.min_width, 20, 0.5)
	end)
end)

-- ---- defaults ----

describe("defaults", function()
	it("has every parameter", function()
		local d = dr.defaults()
		H.type(d, "table", "defaults()")
		local _, names = show_values()
		H.truthy(#names >= 19, "show lists the parameters")
		local missing = {}
		for _, name in ipairs(names) do
			if d[name] == nil then missing[#missing + 1] = name end
		end
		if #missing > 0 then H.fail("defaults() lacks %s", table.concat(missing, ", ")) end
	end)
	it("has nothing but parameters", function()
		local shown = show_values()
		for k in pairs(dr.defaults()) do
			H.truthy(shown[k] ~= nil, "defaults() key '" .. tostring(k) .. "' is a parameter")
		end
	end)
	it("values are the shown defaults", function()
		local shown = show_values()
		for k, v in pairs(dr.defaults()) do
			local s
			if type(v) == "boolean" then s = v and "on" or "off" else s = tostring(v) end
			H.eq(s, shown[k], "defaults()." .. k)
		end
		local d = dr.defaults()
		H.eq(d.depth, 20, "depth")
		H.eq(d.width, 4, "width")
		H.eq(d.signflip, false, "signflip")
	end)
	it("a fresh table each call", function()
		local d = dr.defaults()
		d.depth = 3
		H.eq(dr.defaults().depth, 20, "defaults().depth after changing a copy")
	end)
	it("round-trips: simulate(defaults()) == simulate()", function()
		local a = dr.simulate(dr.defaults())
		local b = dr.simulate()
		local same, k = same_result(a, b)
		H.truthy(same, "differs at " .. tostring(k))
		H.eq(#a.by_depth, 20, "#by_depth")
	end)
	it("round-trips with changes", function()
		local d = dr.defaults()
		d.depth, d.width, d.input = 5, {8, 4, 2}, "orthant"
		local b = dr.bounds(d)
		H.rel(b.lower, (1 - 2.0 ^ -8) * (1 - 2.0 ^ -4) * (1 - 2.0 ^ -2) ^ 3, 1e-12, "lower")
		d = dr.defaults()
		d.bias, d.signflip = 0.25, true
		H.eq(dr.bounds(d).applies, false, "applies with a constant bias")
	end)
end)

-- ---- cfg errors ----

describe("cfg", function()
	it("unknown key raises \"unknown parameter 'x'\"", function()
		local msg = H.raises("unknown parameter 'x'", dr.bounds, {x = 1})
		H.truthy(msg:find("^unknown parameter 'x'"), "message starts with it (no position prefix): " .. msg)
		H.raises("unknown parameter 'Depth'", dr.simulate, {Depth = 3})
	end)
	it("bad values raise, naming the parameter, the value and what is allowed", function()
		H.raises({"depth", "'0'", "allowed"}, dr.bounds, {depth = 0})
		H.raises({"depth", "'2.5'", "allowed"}, dr.bounds, {depth = 2.5})
		H.raises({"depth", "'abc'", "allowed"}, dr.bounds, {depth = "abc"})
		H.raises({"width", "'0'", "allowed"}, dr.bounds, {width = 0})
		H.raises({"input", "'cube'", "allowed"}, dr.bounds, {input = "cube"})
		H.raises({"weights", "'foo'", "allowed"}, dr.bounds, {weights = "foo"})
		H.raises({"confidence", "allowed"}, dr.simulate, {confidence = 2})
		H.raises({"center", "input_dim"}, dr.bounds, {center = {1, 2, 3}, input_dim = 2})
	end)
	it("bad value types raise", function()
		H.raises("depth", dr.bounds, {depth = true})
		H.raises({"depth", "function"}, dr.bounds, {depth = print})
		H.raises("depth", dr.bounds, {depth = {}}) -- an empty list is no depth
		H.raises("width", dr.bounds, {width = {4, "x"}})
		H.raises("signflip", dr.bounds, {signflip = 3})
		H.raises("keys must be parameter names", dr.bounds, {5})
		H.raises("table expected", dr.bounds, 5)
		H.raises("table expected", dr.simulate, "depth 5")
	end)
	it("good values of other types", function()
		H.eq(dr.bounds({depth = "5"}).lower, dr.bounds({depth = 5}).lower, "depth '5'")
		H.eq(dr.bounds({depth = 5.0}).lower, dr.bounds({depth = 5}).lower, "depth 5.0")
		H.eq(dr.bounds({signflip = "on"}).applies, false, "signflip 'on'")
		H.eq(dr.bounds({signflip = false}).applies, true, "signflip false")
		H.eq(dr.bounds({center = {0.5, 0.5}, radius = 0.1, input = "box"}).first_factor_kind, "orthant", "center list in the orthant")
	end)
	it("same message as the command language", function()
		local ok, msg = pcall(dr.bounds, {depth = 0})
		H.eq(ok, false, "bounds{depth=0} fails")
		local cli = cli_error("set depth 0")
		if cli then H.eq(msg, cli, "bounds{depth=0} vs -c 'set depth 0'") end
		ok, msg = pcall(dr.bounds, {width = "4,0"})
		cli = cli_error("set width 4,0")
		if cli then H.eq(msg, cli, "bounds{width='4,0'} vs -c 'set width 4,0'") end
	end)
end)

-- ---- cmd ----

describe("cmd", function()
	it("returns the output text", function()
		H.eq(dr.cmd("show depth"), "depth = 20\n", "show depth")
		H.eq(dr.cmd("set depth 7"), "", "set prints nothing")
		H.eq(dr.cmd("show depth; show width"), "depth = 7\nwidth = 4\n", "two commands")
		H.truthy(dr.cmd("bounds"):find("^depth 7, width 4, input_dim 2\nlower bound  P%(alive%) >= 0%.6365"), "bounds text")
		H.eq(dr.cmd("lua print(1 + 1)"), "2\n", "lua output is captured")
		dr.cmd("reset")
	end)
	it("a failing command changes nothing", function()
		dr.cmd("set depth 7")
		H.eq(pcall(dr.cmd, "set depth 9 width 0"), false, "set depth 9 width 0 fails")
		H.eq(dr.cmd("show depth"), "depth = 7\n", "depth after the failed set")
		H.eq(dr.cmd("show width"), "width = 4\n", "width after the failed set")
		H.eq(pcall(dr.cmd, "depth 9 input cube"), false, "shorthand fails")
		H.eq(dr.cmd("show depth input"), "depth = 7\ninput = ball\n", "after the failed shorthand")
		dr.cmd("reset")
	end)
	it("the session does not leak into bounds() and simulate()", function()
		dr.cmd("set depth 3 width 9")
		H.rel(dr.bounds().lower, (15 / 16) ^ 20, 1e-12, "bounds() uses the defaults")
		H.eq(#dr.simulate({trials = 10, points = 8}).by_depth, 20, "simulate() uses the default depth")
		dr.cmd("reset")
	end)
	it("raises with the command language's message", function()
		for _, c in ipairs({"set depth 0", "frobnicate", "set nope 1", "sweep depth 5 1", "export x.txt", "bounds 3",
			"min_width 5 2", "show nope"}) do
			local ok, msg = pcall(dr.cmd, c)
			H.eq(ok, false, "cmd('" .. c .. "') fails")
			H.type(msg, "string", "error message")
			H.truthy(not msg:find("\n"), "one line: " .. msg)
			local cli = cli_error(c)
			if cli then H.eq(msg, cli, "cmd('" .. c .. "') vs -c") end
		end
	end)
	it("bad argument", function()
		H.raises("string expected", dr.cmd)
		H.raises("string expected", dr.cmd, {})
	end)
end)

-- Last: it changes the shared session for good.
describe("cmd quit", function()
	it("a bad command after quit still raises", function()
		dr.cmd("quit")
		local ok = pcall(dr.cmd, "set depth 0")
		H.eq(ok, false, "pcall(deadrelu.cmd, 'set depth 0') after deadrelu.cmd('quit') succeeded silently;")
	end)
end)

H.done()
