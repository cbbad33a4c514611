-- tour.lua - a guided tour for a class: what kills a ReLU network at
-- initialisation and what saves it. Run `run tour` in the explorer or
-- `deadrelu lua/tour.lua [TRIALS]` headless. On the screen each step waits:
-- Enter (or Right) goes on, Left goes back a step, "." runs the step
-- again, Home starts over; headless the steps run once, in order.
local drlib = require "drlib"
local trials = drlib.trials(2000)
local f = drlib.f
local STEPS = 5

-- Step n of the lesson: its title and what to look at on the plot, then
-- the plot's settings made live.
local function step(n, title, look, cfg)
	deadrelu.step(n, STEPS, title .. ". Look at " .. look)
	return drlib.show(drlib.merge({trials = trials}, cfg))
end

print(string.format("deadrelu tour (%d trials per setting)", trials))

local lesson = {}

-- 1. Depth kills a narrow network.
lesson[1] = function()
	deadrelu.view("plot")
	deadrelu.view("depth")
	local rows = {}
	for _, k in ipairs{5, 10, 20, 40} do
		local res = drlib.run{depth = k, width = 3, trials = trials}
		rows[#rows + 1] = {k, res.lower, res.alive, res.upper}
	end
	step(1, "depth kills a narrow net (width 3)",
		"the simulated curve: it falls with depth and stays above the lower bound (7/8)^depth", {depth = 40, width = 3})
	print("\n1. Depth kills a narrow network (width 3): P(alive) falls with depth")
	drlib.table({"depth", "lower", "simulated", "upper"}, rows)
	return "Enter: width saves it"
end

-- 2. Width saves it: width growing like log2(depth) keeps the bound flat.
lesson[2] = function()
	local rows = {}
	for _, k in ipairs{16, 64, 256, 1024} do
		local n = math.floor(math.log(k, 2) + 2)
		local res = drlib.run{depth = k, width = n, trials = math.max(100, trials // 4), input = "point"}
		rows[#rows + 1] = {k, n, res.lower, res.alive}
	end
	step(2, "width log2(depth) + 2 saves it",
		"the lower bound: at width 10 it stays above 0.78 all the way to depth 256", {depth = 256, width = 10, input = "point"})
	print("\n2. Width saves it: width log2(k) + 2 keeps the lower bound near exp(-1/4) = 0.78")
	drlib.table({"depth", "width", "lower", "simulated (one point)"}, rows)
	return "Enter: the input set moves the truth between the bounds"
end

-- 3. The input set: the sampled points against the whole set (the
-- scenario lua/region.lua in one dimension, where certify exact decides
-- every network on the interval).
lesson[3] = function()
	local rows = {}
	for _, rad in ipairs{0, 0.1, 1, 10, 100} do
		local res = drlib.run{depth = 10, width = 3, radius = rad, trials = trials}
		rows[#rows + 1] = {rad, res.lower, res.alive, res.upper}
	end
	local line = {input_dim = 1, depth = 10, width = 3, points = 64, trials = trials, certify = "exact"}
	local region = drlib.region_rows(line, {1, 100, 10000})
	deadrelu.view("radius")
	step(3, "the input set: its sample vs the whole set",
		"the bars beside each radius: P(alive) on the whole interval, against the sampled points' curve",
		drlib.merge(line, {radius = 100}))
	print("\n3. Input-set radius (depth 10, width 3): a point sits on the lower bound, big sets rise towards the upper")
	drlib.table({"radius", "lower", "simulated", "upper"}, rows)
	print("   but 64 sampled points say less and less about a growing interval (input_dim 1, certify exact):")
	drlib.table(drlib.merge(drlib.region_headers, {[2] = "64 points"}), region)
	local falls = region[3][2] < region[2][2]
	print(string.format("   the sample's estimate %s at radius 10000; P(alive on the interval) can only grow (lua/region.lua)",
		falls and "falls back" or "does not fall back this time"))
	return "Enter: sign flipping"
end

-- 4. Sign flipping keeps at least 2^-k of the points alive, in practice far more.
lesson[4] = function()
	deadrelu.view("depth")
	local k = 20
	local res = drlib.run{depth = k, width = 3, signflip = true, trials = trials}
	step(4, "sign flipping keeps half alive",
		"the living ratio in the status and the messages: never below 2^-20, in practice near a half",
		{depth = k, width = 3, signflip = true})
	print(string.format("\n4. Sign flipping, depth %d, width 3: smallest living ratio in any trial %s >= 2^-%d = %s; mean %s",
		k, f(res.min_living_ratio), k, f(2.0 ^ -k), f(res.living_ratio)))
	return "Enter: architectures"
end

-- 5. Architectures.
lesson[5] = function()
	local rows = {}
	for _, a in ipairs{"plain", "batchnorm", "residual", "residual-post", "dense", "skip"} do
		local r = drlib.run{depth = 32, width = 3, arch = a, points = 64, trials = trials}
		rows[#rows + 1] = {a, r.alive, r.living_ratio}
	end
	step(5, "batch norm, residual, dense, skip",
		"the table in the messages (4: the messages view): residual nets never die; the plot is batch norm",
		{depth = 32, width = 3, arch = "batchnorm", points = 64})
	print("\n5. Architectures at depth 32, width 3, 64 points")
	drlib.table({"arch", "P(alive)", "living ratio"}, rows)
	return "Enter: the end"
end

assert(#lesson == STEPS)
local i = 1
while i <= STEPS do
	local answer = deadrelu.pause(lesson[i]())
	if answer == "back" then
		i = math.max(1, i - 1)
	elseif answer == "restart" then
		i = 1
	elseif answer ~= "repeat" then
		i = i + 1
	end
end
deadrelu.caption("end of the tour")
