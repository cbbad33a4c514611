-- initialisations.lua - he, glorot, lecun (normal, uniform), rai and
-- mirrored, with zero and normal biases; then the presets named after the
-- frameworks (and two contrast cases), each with its own bias.
-- deadrelu lua/initialisations.lua [TRIALS]
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

print("presets named after what they reproduce, each with its own bias (bias auto):")
rows = {}
for _, w in ipairs{"torch", "keras", "flax", "orthogonal", "he-fan-out", "truncated-normal", "he-positive",
		   "playground"} do
	local cfg = {depth = 20, width = 4, weights = w, trials = trials}
	if w == "truncated-normal" then
		cfg.w_scale, cfg.bias, cfg.bias_scale = 0.02, "normal", 0.02 -- the sd of transformer code
	end
	local res = drlib.run(cfg)
	rows[#rows + 1] = {w, res.alive, res.living_ratio, res.applies and "yes" or "no"}
end
drlib.table({"preset", "P(alive)", "living ratio", "bounds apply"}, rows)
print("he-positive and playground have constant positive biases: more networks alive, and the bounds do not apply;")
print("orthogonal keeps the lower bound (its upper bound is 1: a layer's units are not independent)")
