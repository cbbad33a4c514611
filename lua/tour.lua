-- tour.lua - a guided tour for a class: what kills a ReLU network at
-- initialisation and what saves it. Run `run tour` in the explorer (each
-- step waits for Enter) or `deadrelu lua/tour.lua [TRIALS]` headless.
local drlib = require "drlib"
local trials = drlib.trials(2000)
local f = drlib.f

local function step(title, cfg)
	deadrelu.caption(title)
	local r = drlib.show(drlib.merge({trials = trials}, cfg))
	return r
end

print(string.format("deadrelu tour (%d trials per setting)", trials))

-- 1. Depth kills a narrow network.
deadrelu.view("plot")
deadrelu.view("depth")
local rows = {}
for _, k in ipairs{5, 10, 20, 40} do
	local res = drlib.run{depth = k, width = 3, trials = trials}
	rows[#rows + 1] = {k, res.lower, res.alive, res.upper}
end
step("1. depth kills a narrow net (width 3)", {depth = 40, width = 3})
print("\n1. Depth kills a narrow network (width 3): P(alive) falls with depth")
drlib.table({"depth", "lower", "simulated", "upper"}, rows)
deadrelu.pause("Enter: width saves it")

-- 2. Width saves it: width growing like log2(depth) keeps the bound flat.
rows = {}
for _, k in ipairs{16, 64, 256, 1024} do
	local n = math.floor(math.log(k, 2) + 2)
	local res = drlib.run{depth = k, width = n, trials = math.max(100, trials // 4), input = "point"}
	rows[#rows + 1] = {k, n, res.lower, res.alive}
end
step("2. width log2(depth) + 2 saves it", {depth = 256, width = 10, input = "point"})
print("\n2. Width saves it: width log2(k) + 2 keeps the lower bound near exp(-1/4) = 0.78")
drlib.table({"depth", "width", "lower", "simulated (one point)"}, rows)
deadrelu.pause("Enter: the input set moves the truth between the bounds")

-- 3. The input set: the sampled points against the whole set (the
-- scenario lua/region.lua in one dimension, where certify exact decides
-- every network on the interval).
rows = {}
for _, rad in ipairs{0, 0.1, 1, 10, 100} do
	local res = drlib.run{depth = 10, width = 3, radius = rad, trials = trials}
	rows[#rows + 1] = {rad, res.lower, res.alive, res.upper}
end
local line = {input_dim = 1, depth = 10, width = 3, points = 64, trials = trials, certify = "exact"}
local region = drlib.region_rows(line, {1, 100, 10000})
deadrelu.view("radius")
step("3. the input set: its sample vs the whole set (magenta bars)", drlib.merge(line, {radius = 100}))
print("\n3. Input-set radius (depth 10, width 3): a point sits on the lower bound, big sets rise towards the upper")
drlib.table({"radius", "lower", "simulated", "upper"}, rows)
print("   but 64 sampled points say less and less about a growing interval (input_dim 1, certify exact):")
drlib.table(drlib.merge(drlib.region_headers, {[2] = "64 points"}), region)
local falls = region[3][2] < region[2][2]
print(string.format("   the sample's estimate %s at radius 10000; P(alive on the interval) can only grow (lua/region.lua)",
	falls and "falls back" or "does not fall back this time"))
deadrelu.pause("Enter: sign flipping")

-- 4. Sign flipping keeps at least 2^-k of the points alive, in practice far more.
deadrelu.view("depth")
local k = 20
local res = drlib.run{depth = k, width = 3, signflip = true, trials = trials}
step("4. sign flipping keeps half alive", {depth = k, width = 3, signflip = true})
print(string.format("\n4. Sign flipping, depth %d, width 3: smallest living ratio in any trial %s >= 2^-%d = %s; mean %s",
	k, f(res.min_living_ratio), k, f(2.0 ^ -k), f(res.living_ratio)))
deadrelu.pause("Enter: architectures")

-- 5. Architectures.
rows = {}
for _, a in ipairs{"plain", "batchnorm", "residual", "residual-post", "dense", "skip"} do
	local r = drlib.run{depth = 32, width = 3, arch = a, points = 64, trials = trials}
	rows[#rows + 1] = {a, r.alive, r.living_ratio}
end
step("5. batch norm, residual, dense, skip", {depth = 32, width = 3, arch = "batchnorm", points = 64})
print("\n5. Architectures at depth 32, width 3, 64 points")
drlib.table({"arch", "P(alive)", "living ratio"}, rows)
deadrelu.caption("end of the tour")
