-- depth_width.lua - the smallest width that keeps P(alive) >= p as depth
-- grows: from the lower bound (closed form) and from simulation (one input
-- point, where the lower bound is exact). deadrelu lua/depth_width.lua [TRIALS] [P]
local drlib = require "drlib"
local trials = drlib.trials(1000)
local p = tonumber(arg and arg[2]) or 0.9

-- Smallest width whose simulated P(alive) is >= p (upper end of the interval
-- decides, so the answer is the first width not shown to be too narrow).
local function simulated_min_width(depth, start)
	for n = math.max(1, start - 2), start + 4 do
		local r = deadrelu.simulate{depth = depth, width = n, input = "point", trials = trials}
		if r.alive_hi >= p then return n, r.alive end
	end
	return nil
end

print(string.format("smallest width with P(alive) >= %g (one input point, %d trials)", p, trials))
local rows = {}
for _, k in ipairs{10, 30, 100, 300, 1000} do
	local n = deadrelu.min_width{depth = k, p = p}
	local sn, sp = simulated_min_width(k, n)
	rows[#rows + 1] = {k, n, math.log(k, 2), sn or "-", sp or "-"}
end
for _, k in ipairs{1e4, 1e6, 1e9} do
	rows[#rows + 1] = {string.format("%.0e", k), deadrelu.min_width{depth = math.floor(k), p = p}, math.log(k, 2), "-", "-"}
end
drlib.table({"depth", "bound width", "log2 depth", "simulated width", "P there"}, rows)
print("width grows like log2(depth): depth can grow without limit when width grows with it")
