-- region.lua - the sample and the set: as the ball grows around the same
-- centre (depth 10, width 3), P(alive on the ball) can only grow, but the
-- estimate from a fixed number of sampled points first rises and then
-- falls back, as the points spread ever more thinly over the ball.
-- certify answers for the ball itself: exactly in one dimension, as a
-- certified bracket in two.
-- deadrelu lua/region.lua [TRIALS]
local drlib = require "drlib"
local trials = drlib.trials(1000)
local radii = {1, 10, 100, 1000, 10000}

-- The same seed draws the same networks at every radius (one draw per
-- point whatever the radius), so the columns compare network by network.
local function rows_for(dim, mode)
	return drlib.region_rows({input_dim = dim, depth = 10, width = 3, points = 64, trials = trials,
		certify = mode}, radii)
end

local headers = drlib.merge(drlib.region_headers, {[2] = "64 points"})
print(string.format("1. input_dim 1, certify exact (%d trials): every network decided on the interval", trials))
drlib.table(headers, rows_for(1, "exact"))
print("   the sampled estimate rises and falls; the exact P(alive on the interval) only rises")
print(string.format("\n2. input_dim 2, certify bracket (%d trials): proven alive <= P(alive on the ball) <= not proven dead",
	trials))
drlib.table(headers, rows_for(2, "bracket"))
print("   undecided networks lie between the two columns; witnesses are harder to find in a wide ball")
