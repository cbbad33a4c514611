-- architectures.lua - one table: P(alive) and living ratio per architecture
-- at the same depth and width. deadrelu lua/architectures.lua [TRIALS] [DEPTH] [WIDTH]
local drlib = require "drlib"
local trials = drlib.trials(1000)
local depth = math.floor(tonumber(arg and arg[2]) or 32)
local width = math.floor(tonumber(arg and arg[3]) or 3)

print(string.format("depth %d, width %d, 64 points in the unit ball, %d trials", depth, width, trials))
local rows = {}
for _, a in ipairs{"plain", "batchnorm", "residual", "residual-post", "dense", "skip"} do
	for _, crit in ipairs{"point", "layer"} do
		local r = deadrelu.simulate{depth = depth, width = width, arch = a, criterion = crit, points = 64, trials = trials}
		rows[#rows + 1] = {a, crit, r.alive, r.alive_lo, r.alive_hi, r.living_ratio}
	end
end
drlib.table({"arch", "criterion", "P(alive)", "lo", "hi", "living ratio"}, rows)
print(string.format("lower bound of the plain net: %s", drlib.f(deadrelu.bounds{depth = depth, width = width}.lower)))
