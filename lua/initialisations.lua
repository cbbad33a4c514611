-- initialisations.lua - he, glorot, lecun (normal, uniform), rai and
-- mirrored, with zero and normal biases. deadrelu lua/initialisations.lua [TRIALS]
local drlib = require "drlib"
local trials = drlib.trials(1000)

print(string.format("depth 20, width 4, ball radius 1, %d trials", trials))
local rows = {}
for _, w in ipairs{"he-normal", "he-uniform", "glorot-normal", "glorot-uniform", "lecun-normal",
		   "lecun-uniform", "rai", "mirrored"} do
	for _, b in ipairs{"zero", "normal"} do
		local res = drlib.run{depth = 20, width = 4, weights = w, bias = b, trials = trials}
		rows[#rows + 1] = {w, b, res.alive, res.living_ratio, res.applies and "yes" or "no"}
	end
end
drlib.table({"weights", "bias", "P(alive)", "living ratio", "bounds apply"}, rows)
print(string.format("lower bound (symmetric inits): %s", drlib.f(deadrelu.bounds{depth = 20, width = 4}.lower)))
print("rai draws its own biases (one slot of each unit is Beta(2,1)), so its two rows agree;")
print("mirrored pairs every unit with its negation, so each point stays alive")
