-- reproduce.lua - writes every figure's data as CSV into a directory, with a
-- gnuplot script per figure. deadrelu lua/reproduce.lua DIR [TRIALS]
-- (scripts/reproduce.sh DIR runs it and renders PNG files with gnuplot).
local drlib = require "drlib"
local dir = arg and arg[1]
if not dir then error("usage: deadrelu lua/reproduce.lua DIR [TRIALS]", 0) end
local trials = math.floor(tonumber(arg[2]) or 2000)
if not io then error("reproduce: needs io to write files (not available with --sandbox)", 0) end

local function gnuplot(name, title, xlabel, ylabel, plots, extra)
	local f = assert(io.open(dir .. "/" .. name .. ".gp", "w"))
	f:write("set terminal pngcairo size 900,600\n")
	f:write(string.format("set output '%s.png'\nset datafile separator ','\n", name))
	f:write(string.format("set title '%s'\nset xlabel '%s'\nset ylabel '%s'\nset key outside\n", title, xlabel, ylabel))
	if extra then f:write(extra, "\n") end
	f:write("plot ", table.concat(plots, ", \\\n     "), "\n")
	f:close()
end

local written = {}
local function csv(name, headers, rows)
	drlib.csv(dir .. "/" .. name .. ".csv", headers, rows)
	written[#written + 1] = name
end

-- Figure 1: P(alive) against depth for several widths.
local rows = {}
for _, n in ipairs{2, 3, 4, 8} do
	local r = deadrelu.simulate{depth = 64, width = n, trials = trials}
	for k = 1, 64 do
		local b = deadrelu.bounds{depth = k, width = n}
		local d = r.by_depth[k]
		rows[#rows + 1] = {n, k, b.lower, b.upper, d.alive, d.alive_lo, d.alive_hi}
	end
end
csv("depth", {"width", "depth", "lower", "upper", "alive", "alive_lo", "alive_hi"}, rows)
local plots = {}
for i, n in ipairs{2, 3, 4, 8} do
	plots[#plots + 1] = string.format("'depth.csv' every ::%d::%d using 2:5 with lines lw 2 title 'simulated n=%d'", (i - 1) * 64 + 1, i * 64, n)
	plots[#plots + 1] = string.format("'' every ::%d::%d using 2:3 with lines dt 2 title 'lower n=%d'", (i - 1) * 64 + 1, i * 64, n)
end
gnuplot("depth", "P(network alive) against depth", "depth k", "P(alive)", plots)

-- Figure 2: smallest width for P(alive) >= 0.5, 0.9, 0.99 against depth.
rows = {}
for e = 0, 9, 0.5 do
	local k = math.floor(10 ^ e)
	rows[#rows + 1] = {k, deadrelu.min_width{depth = k, p = 0.5}, deadrelu.min_width{depth = k, p = 0.9},
		deadrelu.min_width{depth = k, p = 0.99}}
end
csv("min_width", {"depth", "p50", "p90", "p99"}, rows)
gnuplot("min_width", "smallest width with lower bound >= p", "depth", "width",
	{"'min_width.csv' using 1:2 with steps title 'p = 0.5'", "'' using 1:3 with steps title 'p = 0.9'",
	 "'' using 1:4 with steps title 'p = 0.99'"}, "set logscale x")

-- Figure 3: radius of the input set (depth 10, width 3).
rows = {}
for e = -2, 2, 0.25 do
	local rad = 10 ^ e
	local res = drlib.run{depth = 10, width = 3, radius = rad, trials = trials}
	rows[#rows + 1] = {rad, res.lower, res.upper, res.alive, res.alive_lo, res.alive_hi}
end
csv("radius", {"radius", "lower", "upper", "alive", "alive_lo", "alive_hi"}, rows)
gnuplot("radius", "P(alive) against the input-set radius (depth 10, width 3)", "radius", "P(alive)",
	{"'radius.csv' using 1:4:5:6 with yerrorlines title 'simulated'", "'' using 1:2 with lines title 'lower'",
	 "'' using 1:3 with lines title 'upper'"}, "set logscale x")

-- Figure 4: sign flipping.
local plain = deadrelu.simulate{depth = 24, width = 3, trials = trials}
local flip = deadrelu.simulate{depth = 24, width = 3, signflip = true, trials = trials}
rows = {}
for k = 1, 24 do
	rows[#rows + 1] = {k, plain.by_depth[k].living_ratio, flip.by_depth[k].living_ratio,
		flip.by_depth[k].min_living_ratio, 2.0 ^ -k}
end
csv("signflip", {"depth", "plain", "flipped", "flipped_min", "guarantee"}, rows)
gnuplot("signflip", "living ratio with and without sign flipping (width 3)", "depth", "living ratio",
	{"'signflip.csv' using 1:2 with lines title 'plain'", "'' using 1:3 with lines title 'flipped (mean)'",
	 "'' using 1:4 with lines title 'flipped (min)'", "'' using 1:5 with lines dt 2 title '2^-k'"}, "set logscale y")

-- Figure 5: architectures against depth.
rows = {}
local archs = {"plain", "batchnorm", "residual-post", "dense", "skip"}
local res = {}
for i, a in ipairs(archs) do
	res[i] = deadrelu.simulate{depth = 48, width = 3, arch = a, points = 64, trials = trials}
end
for k = 1, 48 do
	local row = {k}
	for i = 1, #archs do row[#row + 1] = res[i].by_depth[k].alive end
	rows[#rows + 1] = row
end
csv("architectures", {"depth", "plain", "batchnorm", "residual_post", "dense", "skip"}, rows)
plots = {}
for i, a in ipairs(archs) do
	plots[i] = string.format("'architectures.csv' using 1:%d with lines title '%s'", i + 1, a)
end
gnuplot("architectures", "P(alive) per architecture (width 3, 64 points)", "depth", "P(alive)", plots)

-- Figure 6: the lower bound over width x depth.
-- A regular grid in log10(depth) so gnuplot can draw it as an image.
rows = {}
for n = 1, 24 do
	for i = 0, 24 do
		local e = i / 4
		rows[#rows + 1] = {e, n, deadrelu.bounds{depth = math.floor(10 ^ e), width = n}.lower}
	end
end
csv("map", {"log10_depth", "width", "lower"}, rows)
gnuplot("map", "lower bound on P(alive) over width and depth", "log10(depth)", "width",
	{"'map.csv' using 1:2:3 with image title ''"},
	"set cbrange [0:1]\nset xrange [-0.125:6.125]\nset yrange [0.5:24.5]")

print(string.format("wrote %d figures (%d trials each) to %s: %s", #written, trials, dir, table.concat(written, ", ")))
