-- convergence.lua - the simulated P(alive) approaches the lower bound as the
-- input set shrinks to a point, and as depth grows.
-- deadrelu lua/convergence.lua [TRIALS]
local drlib = require "drlib"
local trials = drlib.trials(1000)

print(string.format("1. shrinking the input set (depth 10, width 3, %d trials)", trials))
local rows = {}
for _, rad in ipairs{100, 10, 1, 0.1, 0.01, 0} do
	local r = drlib.run{depth = 10, width = 3, radius = rad, trials = trials}
	rows[#rows + 1] = {rad, r.lower, r.alive, r.alive - r.lower, r.upper}
end
drlib.table({"radius", "lower", "simulated", "gap", "upper"}, rows)

print(string.format("\n2. growing depth (width 3, ball radius 1, %d trials): each further layer", trials))
print("   kills the surviving set like a single point, with probability 2^-3")
local r = deadrelu.simulate{depth = 48, width = 3, trials = trials}
rows = {}
local single = 1 - 2 ^ -3
for _, k in ipairs{2, 4, 8, 16, 24, 32, 48} do
	local L = deadrelu.bounds{depth = k, width = 3}.lower
	local d, prev = r.by_depth[k], r.by_depth[k // 2]
	-- survival per layer over the second half of the first k layers
	local rate = prev.alive > 0 and (d.alive / prev.alive) ^ (1 / (k - k // 2)) or 0 / 0
	rows[#rows + 1] = {k, L, d.alive, rate, single}
end
drlib.table({"depth", "lower", "simulated", "survival per layer", "one point"}, rows)
print("(one simulated depth-48 network answers for every depth 1..48)")
