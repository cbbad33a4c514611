-- signflip.lua - sign flipping at initialisation: the living ratio per depth
-- against the guarantee 2^-k. deadrelu lua/signflip.lua [TRIALS]
local drlib = require "drlib"
local trials = drlib.trials(500)
local depth = 24

local plain = deadrelu.simulate{depth = depth, width = 3, trials = trials}
local flip = deadrelu.simulate{depth = depth, width = 3, signflip = true, trials = trials}
print(string.format("living ratio per depth, width 3, 256 points, %d trials", trials))
local rows, ok = {}, true
for k = 1, depth do
	if k <= 4 or k % 4 == 0 then
		local d = flip.by_depth[k]
		rows[#rows + 1] = {k, plain.by_depth[k].living_ratio, d.living_ratio, d.min_living_ratio, 2.0 ^ -k}
	end
	if flip.by_depth[k].min_living_ratio < 2.0 ^ -k then ok = false end
end
drlib.table({"depth", "plain mean", "flipped mean", "flipped min", "2^-k"}, rows)
print(ok and "guarantee holds: in every trial at least 2^-k of the points live"
	or "GUARANTEE VIOLATED: some trial fell below 2^-k")
