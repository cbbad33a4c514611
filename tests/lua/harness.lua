-- tests/lua/harness.lua - a tiny describe/it harness for deadrelu's Lua tests.
-- Load it relative to the test script:
--   local H = dofile((arg[0]:match("^(.*)/") or ".") .. "/harness.lua")
-- Each `it` prints "PASS group/name" or "FAIL group/name: why" (one line);
-- H.done() exits with status 1 when any check failed.
local H = {passed = 0, failed = 0}
local groups = {}

local function fullname(name)
	local parts = {}
	for _, g in ipairs(groups) do parts[#parts + 1] = g end
	parts[#parts + 1] = name
	return (table.concat(parts, "/"):gsub("%s+", "_"))
end

local function oneline(s)
	s = tostring(s):gsub("\n.*", "") -- the message, not the traceback
	return s
end

function H.describe(name, fn)
	groups[#groups + 1] = name
	local ok, err = pcall(fn)
	if not ok then -- an error outside any `it`
		H.failed = H.failed + 1
		print("FAIL " .. fullname("(describe)") .. ": " .. oneline(err))
	end
	groups[#groups] = nil
end

function H.it(name, fn)
	local ok, err = xpcall(fn, function(e)
		if type(e) == "table" and e.harness then return e.msg end
		return debug.traceback(tostring(e), 2)
	end)
	if ok then
		H.passed = H.passed + 1
		print("PASS " .. fullname(name))
	else
		H.failed = H.failed + 1
		print("FAIL " .. fullname(name) .. ": " .. oneline(err))
	end
end

-- Assertions: raise a one-line message naming what differed.
local function failf(fmt, ...)
	error({harness = true, msg = string.format(fmt, ...)}, 0)
end
H.fail = failf

local function show(v)
	if type(v) == "string" then return '"' .. v:gsub("\\", "\\\\"):gsub("\n", "\\n"):gsub('"', '\\"') .. '"' end
	if math.type(v) == "float" then return string.format("%.17g", v) end
	return tostring(v)
end

function H.truthy(v, what)
	if not v then failf("%s: expected true, got %s", what or "check", show(v)) end
end

function H.eq(got, want, what)
	if got ~= want then failf("%s: got %s, expected %s", what or "value", show(got), show(want)) end
end

-- |got - want| <= tol * max(1, |want|) (relative for large values).
function H.near(got, want, tol, what)
	tol = tol or 1e-12
	if type(got) ~= "number" then failf("%s: got %s, expected a number near %s", what or "value", show(got), show(want)) end
	local scale = math.max(1, math.abs(want))
	if not (math.abs(got - want) <= tol * scale) then
		failf("%s: got %s, expected %s (tolerance %g)", what or "value", show(got), show(want), tol)
	end
end

-- Relative closeness, for values far from 1.
function H.rel(got, want, tol, what)
	if type(got) ~= "number" or not (math.abs(got - want) <= tol * math.abs(want)) then
		failf("%s: got %s, expected %s (relative tolerance %g)", what or "value", show(got), show(want), tol)
	end
end

function H.type(v, t, what)
	local got = math.type(v) or type(v)
	if got ~= t and type(v) ~= t then failf("%s: type %s, expected %s", what or "value", got, t) end
end

-- Calls fn(...) expecting an error; checks that its message contains every
-- plain substring given in `wants` (a string or a list). Returns the message.
function H.raises(wants, fn, ...)
	local ok, err = pcall(fn, ...)
	if ok then failf("expected an error containing %s, got none", show(type(wants) == "table" and wants[1] or wants)) end
	local msg = tostring(err)
	if type(wants) == "string" then wants = {wants} end
	for _, w in ipairs(wants) do
		if not msg:find(w, 1, true) then failf("error %s lacks %s", show(msg), show(w)) end
	end
	return msg
end

function H.done()
	io.stdout:flush()
	if H.failed > 0 then os.exit(1) end
end

return H
