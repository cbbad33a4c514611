-- Golden: a formatted table of bounds and simulation from the Lua API.
local dr = deadrelu
print(string.format("%5s %5s %9s %9s %9s %19s %9s", "width", "depth", "lower", "upper", "P(alive)", "interval", "living"))
for _, w in ipairs({2, 3, 4}) do
	for _, k in ipairs({2, 6}) do
		local cfg = {width = w, depth = k, trials = 400, seed = 11, points = 64}
		local b = dr.bounds(cfg)
		local r = dr.simulate(cfg)
		print(string.format("%5d %5d %9.4f %9.4f %9.4f  [%7.4f, %7.4f] %9.4f", w, k, b.lower, b.upper,
			r.alive, r.alive_lo, r.alive_hi, r.living_ratio))
	end
end
local b = dr.bounds({weights = "rai"})
print(string.format("rai: applies=%s, %d notes", tostring(b.applies), #b.notes))
for i, n in ipairs(b.notes) do print(i, n) end
print("min_width{depth=20,p=0.5} = " .. dr.min_width({depth = 20, p = 0.5}))
print("max_depth{width=4,p=0.5} = " .. dr.max_depth({width = 4, p = 0.5}))
