-- drlib.lua - helpers the shipped scenarios share: arguments, tables, CSV,
-- sweeps. Load with `local drlib = require "drlib"`.
--
--   drlib.trials(default)         trials from the script's first argument
--   drlib.table(headers, rows)    prints rows (arrays) aligned under headers
--   drlib.csv(path, headers, rows) writes a CSV file (not in --sandbox)
--   drlib.run(cfg)                bounds and simulation of one setting:
--                                 {lower, upper, applies, alive, alive_lo,
--                                  alive_hi, living_ratio, min_living_ratio, r}
--   drlib.sweep(cfg, name, values) drlib.run for each value of one parameter
--   drlib.region_rows(cfg, radii) the sample and the set (cfg with certify
--                                 on): per radius {radius, sampled P(alive),
--                                 proven alive, not proven dead, set lo,
--                                 set hi}; headers in drlib.region_headers
--   drlib.merge(a, b)             a copy of a with b's keys on top
--   drlib.show(cfg)               on the screen: make cfg the live setting,
--                                 wait for its simulation; headless: simulate
--   drlib.f(x)                    a probability as text, 4 decimals or 1.2e-9
local drlib = {}

function drlib.trials(default)
	local n = tonumber(arg and arg[1])
	if arg and arg[1] and not n then
		error("trials: bad value '" .. tostring(arg[1]) .. "' (allowed: a number of trials)", 2)
	end
	return math.floor(n or default)
end

function drlib.merge(a, b)
	local t = {}
	for k, v in pairs(a or {}) do t[k] = v end
	for k, v in pairs(b or {}) do t[k] = v end
	return t
end

function drlib.f(x)
	if x == nil then return "-" end
	if x ~= x then return "nan" end
	if x ~= 0 and math.abs(x) < 1e-4 then return string.format("%.1e", x) end
	return string.format("%.4f", x)
end

local function cell(v)
	if type(v) == "number" and math.type(v) == "float" then return drlib.f(v) end
	return tostring(v)
end

function drlib.table(headers, rows)
	local width = {}
	for i, h in ipairs(headers) do width[i] = #h end
	for _, row in ipairs(rows) do
		for i, v in ipairs(row) do width[i] = math.max(width[i] or 0, #cell(v)) end
	end
	local function line(values)
		local out = {}
		for i, v in ipairs(values) do out[i] = string.format("%" .. width[i] .. "s", cell(v)) end
		print(table.concat(out, "  "))
	end
	line(headers)
	for _, row in ipairs(rows) do line(row) end
end

function drlib.csv(path, headers, rows)
	if not io then error("csv: io is not available (--sandbox)", 2) end
	local f = assert(io.open(path, "w"))
	f:write(table.concat(headers, ","), "\n")
	for _, row in ipairs(rows) do
		local out = {}
		for i, v in ipairs(row) do out[i] = type(v) == "number" and string.format("%.10g", v) or tostring(v) end
		f:write(table.concat(out, ","), "\n")
	end
	f:close()
end

function drlib.run(cfg)
	local b = deadrelu.bounds(cfg)
	local r = deadrelu.simulate(cfg)
	return {lower = b.lower, upper = b.upper, applies = b.applies, notes = b.notes,
		alive = r.alive, alive_lo = r.alive_lo, alive_hi = r.alive_hi,
		living_ratio = r.living_ratio, min_living_ratio = r.min_living_ratio, r = r}
end

function drlib.sweep(cfg, name, values)
	local out = {}
	for i, v in ipairs(values) do
		local res = drlib.run(drlib.merge(cfg, {[name] = v}))
		res.value = v
		out[i] = res
	end
	return out
end

drlib.region_headers = {"radius", "sampled", "proven alive", "not proven dead", "set lo", "set hi"}

function drlib.region_rows(cfg, radii)
	local rows = {}
	for i, res in ipairs(drlib.sweep(cfg, "radius", radii)) do
		local r = res.r
		rows[i] = {res.value, r.alive, r.certified_alive, 1 - r.certified_dead, r.region_lo, r.region_hi}
	end
	return rows
end

function drlib.show(cfg)
	deadrelu.set(drlib.merge(deadrelu.defaults(), cfg))
	return deadrelu.wait()
end

return drlib
