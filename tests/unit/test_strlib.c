/* test_strlib.c - our string.find/match/gmatch/gsub (lx_strlib.c) against
 * stock Lua 5.4's, in two states side by side: hand-written cases for every
 * feature and error message, then thousands of random ones from a fixed
 * seed, each compared by its complete results (or error message). Then the
 * charge: a catastrophic pattern is stopped quickly, linear matches charge
 * linearly, and a state stopped inside gsub stays usable. Speed against
 * stock is printed as "# speed" lines (information, not a check). */
#include "check.h"
#include "lua/lx_strlib.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_SHOWN 20    /* per-case FAIL lines before we only count */
#define RANDOM_PAIRS 4000
#define RANDOM_AB_PAIRS 1000
#define SEED 0x5eed1234abcdULL

static lua_State *stock, *ours;
static long long charged, limit; /* limit 0: charge without stopping */
static int shown, compared, differ;
static int errors, fails; /* of the stock results: errors raised, nil returned */

static void count_steps(lua_State *L, long steps)
{
	charged += steps;
	if (limit > 0 && charged >= limit)
		luaL_error(L, "step limit reached");
}

/* Loaded into both states: serialises every result (or the error) into one
 * string, so the states can be compared with memcmp. */
static const char harness[] =
	"local fmt, concat, pack, mtype = string.format, table.concat, table.pack, math.type\n"
	"local gmatch, gsub = string.gmatch, string.gsub\n"
	"local function ser(t, i, j)\n"
	"  local out = {}\n"
	"  for k = i, j do\n"
	"    local v = t[k]\n"
	"    local ty = type(v)\n"
	"    if ty == 'string' then out[#out + 1] = fmt('%q', v)\n"
	"    elseif ty == 'number' then out[#out + 1] = mtype(v) .. ' ' .. fmt('%.17g', v)\n"
	"    elseif ty == 'nil' or ty == 'boolean' then out[#out + 1] = tostring(v)\n"
	"    else out[#out + 1] = ty end\n"
	"  end\n"
	"  return concat(out, ', ')\n"
	"end\n"
	"local function call(f, ...)\n"
	"  local r = pack(pcall(f, ...))\n"
	"  if not r[1] then return 'error: ' .. tostring(r[2]) end\n"
	"  return (r.n - 1) .. ' results: ' .. ser(r, 2, r.n)\n"
	"end\n"
	"function G(s, p, init)\n"
	"  local it, out = gmatch(s, p, init), {}\n"
	"  for k = 1, 1000 do\n"
	"    local r = pack(it())\n"
	"    if r.n == 0 or r[1] == nil then break end\n"
	"    out[k] = ser(r, 1, r.n)\n"
	"  end\n"
	"  return concat(out, ' | ')\n"
	"end\n"
	"T = setmetatable({a = 'A', b = false, c = {}, ['1'] = 'one', ab = 'AB', [' '] = '_',\n"
	"  x = 7, [1] = 'first', [2] = 2.5, ['\\0'] = 'NUL', ['('] = true},\n"
	"  {__index = function(_, k) if k == '%' then return 'pct' end end})\n"
	"F = function(...)\n"
	"  local n, a = select('#', ...), ...\n"
	"  if a == 'b' then return false end\n"
	"  if a == 'c' then return nil end\n"
	"  if a == '1' then return 11 end\n"
	"  if a == '2' then return {} end\n"
	"  if a == ']' then return true end\n"
	"  local t = {}\n"
	"  for i = 1, n do t[i] = tostring((select(i, ...))) end\n"
	"  return '<' .. n .. ':' .. concat(t, ',') .. '>'\n"
	"end\n"
	"do local t = {} for i = 0, 255 do t[#t + 1] = string.char(i) end ALL = concat(t) end\n"
	"BIG = string.rep('lorem ipsum dolor sit amet, consectetur adipiscing elit ', 20000):sub(1, 1 << 20)\n"
	"QUARTER = BIG:sub(1, 1 << 18)\n"
	"function eval(src)\n"
	"  local f, err = load('return ' .. src, '=case')\n"
	"  if not f then return 'load error: ' .. err end\n"
	"  return call(f)\n"
	"end\n"
	"function run(op, s, p, init, plain, repl, n)\n"
	"  if op == 'find' then return call(string.find, s, p, init, plain) end\n"
	"  if op == 'match' then return call(string.match, s, p, init) end\n"
	"  if op == 'gmatch' then return call(G, s, p, init) end\n"
	"  if op == 'gsub' then return call(string.gsub, s, p, repl, n) end\n"
	"  if op == 'gsubt' then return call(string.gsub, s, p, T, n) end\n"
	"  return call(string.gsub, s, p, F, n)\n"
	"end\n";

/* ---- hand-written cases: one Lua expression a line ---- */

typedef struct {
	const char *name;
	const char *exprs;
} handwritten;

static const handwritten cases[] = {
	{"init positions",
	 "string.find('hello', 'l')\n"
	 "string.find('hello', 'l', 1)\n"
	 "string.find('hello', 'l', 4)\n"
	 "string.find('hello', 'l', 5)\n"
	 "string.find('hello', 'l', -1)\n"
	 "string.find('hello', 'l', -2)\n"
	 "string.find('hello', 'l', -5)\n"
	 "string.find('hello', 'l', -6)\n"
	 "string.find('hello', 'l', -100)\n"
	 "string.find('hello', 'l', 0)\n"
	 "string.find('hello', '', 5)\n"
	 "string.find('hello', '', 6)\n"
	 "string.find('hello', '', 7)\n"
	 "string.find('hello', '', 100)\n"
	 "string.find('hello', '', math.maxinteger)\n"
	 "string.find('hello', '', math.mininteger)\n"
	 "string.find('hello', '()', 6)\n"
	 "string.find('hello', '()', 7)\n"
	 "string.find('hello', 'o', 2.0)\n"
	 "string.find('hello', 'o', '3')\n"
	 "string.find('hello', 'o', 2.5)\n"
	 "string.find('hello', 'o', 'x')\n"
	 "string.find('hello', 'o', {})\n"
	 "string.find('hello', 'o', nil)\n"
	 "string.find('', '')\n"
	 "string.find('', '', 1)\n"
	 "string.find('', '', 2)\n"
	 "string.find('', '', -1)\n"
	 "string.find('', 'a')\n"
	 "string.find('', '^$')\n"
	 "string.find('', '.-')\n"
	 "string.match('hello', 'l+', -3)\n"
	 "string.match('hello', '()', 6)\n"
	 "string.match('hello', '()', 7)\n"
	 "string.match('hello', '.', 0)\n"
	 "string.match('hello', '^h', 2)\n"
	 "string.match('hello', '^l', 3)\n"
	 "string.match('hello', '.*', math.mininteger)\n"
	 "string.match('hello', '.*', math.maxinteger)\n"
	 "G('hello', '.', 3)\n"
	 "G('hello', '.', -2)\n"
	 "G('hello', '()', 5)\n"
	 "G('hello', '()', 6)\n"
	 "G('hello', '()', 7)\n"
	 "G('hello', '()', 0)\n"
	 "G('hello', '()', -100)\n"
	 "G('hello', '.', 2.0)\n"
	 "G('hello', '.', math.maxinteger)\n"
	 "string.gmatch('hello', '.', 2.5)\n"
	 "string.gmatch('hello', '.', 'x')\n"},
	{"plain find",
	 "string.find('a.b', '.', 1, true)\n"
	 "string.find('a.b', '.', 1, false)\n"
	 "string.find('a.b', '.', 1, nil)\n"
	 "string.find('a.b', '.', 1, 0)\n"
	 "string.find('a.b', '.', 1, {})\n"
	 "string.find('a.b', '.', nil, true)\n"
	 "string.find('a+b', 'a+b', 1, true)\n"
	 "string.find('a+b', 'a+b')\n"
	 "string.find('x(y', '(', 1, true)\n"
	 "string.find('x(y', '(')\n"
	 "string.find('x[y', '[', 1, true)\n"
	 "string.find('x%y', '%', 1, true)\n"
	 "string.find('x%y', '%')\n"
	 "string.find('abc', 'abcd', 1, true)\n"
	 "string.find('abc', 'abc', 1, true)\n"
	 "string.find('abc', 'abc', 2, true)\n"
	 "string.find('abc', '', 2, true)\n"
	 "string.find('abc', '', 4, true)\n"
	 "string.find('abc', '', 5, true)\n"
	 "string.find('aaab', 'aab', 1, true)\n"
	 "string.find('aaab', 'aab')\n"
	 "string.find('a\\0b\\0c', '\\0c')\n"
	 "string.find('a\\0b\\0c', '\\0', 3)\n"
	 "string.find('a]b)c', ']b)')\n"
	 "string.find('a]b)c', ')c', 1, true)\n"
	 "string.find('abcabc', 'bc', -2)\n"
	 "string.find('abcabc', 'bc', -3)\n"
	 "string.find(string.rep('ab', 1000) .. 'c', 'abc')\n"
	 "string.find(string.rep('ab', 100000) .. 'c', 'bc', 1, true)\n"
	 "string.find(string.rep('x', 20000) .. 'y', string.rep('x', 5000) .. 'y', 1, true)\n"
	 "string.find(string.rep('x', 10000), string.rep('x', 7000) .. 'y', 1, true)\n"
	 "string.find(string.rep('a', 67000) .. 'b', string.rep('a', 66000) .. 'b')\n"
	 "string.find(string.rep('-', 65533) .. 'xyz', 'xyz')\n"
	 "string.find(string.rep('-', 65534) .. 'xyz', 'xyz')\n"
	 "string.find(string.rep('-', 65535) .. 'xyz', 'xyz')\n"
	 "string.find(string.rep('-', 65536) .. 'xyz', 'xyz')\n"
	 "string.find(string.rep('-', 65537) .. 'xyz', 'xyz')\n"
	 "string.find(string.rep('-', 200000) .. 'xyz', 'xyz', 70000)\n"
	 "string.find(string.rep('-', 200000) .. 'xyz', 'xyz', 199999)\n"
	 "string.find(string.rep('-', 200000) .. 'xyz', '-xyz', -4)\n"
	 "string.find(string.rep('-', 200000), 'xyz', 1, true)\n"},
	{"anchors",
	 "string.find('abc', '^a')\n"
	 "string.find('abc', '^b')\n"
	 "string.find('abc', '^b', 2)\n"
	 "string.find('abc', 'c$')\n"
	 "string.find('abc', 'b$')\n"
	 "string.find('abc', '^abc$')\n"
	 "string.find('abc', '^$')\n"
	 "string.find('', '^$')\n"
	 "string.find('', '^')\n"
	 "string.find('', '$')\n"
	 "string.find('a$b', '$b')\n"
	 "string.find('a$b', 'a$b')\n"
	 "string.find('a$', 'a$$')\n"
	 "string.find('a$$', 'a$$')\n"
	 "string.find('a^b', 'a^b')\n"
	 "string.find('^a', '^^a')\n"
	 "string.find('x^a', '^^a')\n"
	 "string.match('abc', '$')\n"
	 "string.match('abc', '()$')\n"
	 "string.match('abc', '^()')\n"
	 "string.match('abc', '^(.-)$')\n"
	 "string.match('abc', '.$*')\n"
	 "string.match('ab$', '.$*')\n"
	 "string.gsub('abc', '^', 'x')\n"
	 "string.gsub('abc', '$', 'x')\n"
	 "string.gsub('abc', '^a', 'x')\n"
	 "string.gsub('abc', '^b', 'x')\n"
	 "string.gsub('aaa', '^a', 'x')\n"
	 "string.gsub('abc', '^.-', '[%0]')\n"
	 "string.gsub('abc', '^$', 'x')\n"
	 "string.gsub('', '^$', 'x')\n"
	 "string.gsub('', '^', 'x')\n"
	 "string.gsub('', '', 'x')\n"
	 "string.gsub('abc', '^', 'x', 0)\n"
	 "string.gsub('^a^a', '^^a', 'x')\n"
	 "G('^a^a', '^a')\n"
	 "G('aaa', '^a')\n"
	 "G('abc', '$')\n"
	 "G('abc', 'c$')\n"
	 "G('a$b$', '.$')\n"},
	{"character classes",
	 "string.gsub(ALL, '%a', '')\n"
	 "string.gsub(ALL, '%A', '')\n"
	 "string.gsub(ALL, '%c', '')\n"
	 "string.gsub(ALL, '%C', '')\n"
	 "string.gsub(ALL, '%d', '')\n"
	 "string.gsub(ALL, '%D', '')\n"
	 "string.gsub(ALL, '%g', '')\n"
	 "string.gsub(ALL, '%G', '')\n"
	 "string.gsub(ALL, '%l', '')\n"
	 "string.gsub(ALL, '%L', '')\n"
	 "string.gsub(ALL, '%p', '')\n"
	 "string.gsub(ALL, '%P', '')\n"
	 "string.gsub(ALL, '%s', '')\n"
	 "string.gsub(ALL, '%S', '')\n"
	 "string.gsub(ALL, '%u', '')\n"
	 "string.gsub(ALL, '%U', '')\n"
	 "string.gsub(ALL, '%w', '')\n"
	 "string.gsub(ALL, '%W', '')\n"
	 "string.gsub(ALL, '%x', '')\n"
	 "string.gsub(ALL, '%X', '')\n"
	 "string.gsub(ALL, '%z', '')\n"
	 "string.gsub(ALL, '%Z', '')\n"
	 "string.gsub(ALL, '.', '')\n"
	 "string.gsub(ALL, '[%a%d]', '')\n"
	 "string.gsub(ALL, '[^%a%d]', '')\n"
	 "string.gsub(ALL, '[%S]', '')\n"
	 "string.gsub(ALL, '[%P%s]', '')\n"
	 "string.gsub(ALL, '[^%G]', '')\n"
	 "G(ALL, '%w+')\n"
	 "G(ALL, '%p+')\n"
	 "G(ALL, '[%c%s]+')\n"
	 "string.find(ALL, '%p+')\n"
	 "string.find(ALL, '%x+', 60)\n"
	 "string.match('  \\t\\n\\v\\f\\rx', '^%s*()')\n"
	 "string.match('abcXYZ', '%u+')\n"
	 "string.match('abcXYZ', '%U+')\n"},
	{"escapes",
	 "string.find('a.b', '%.')\n"
	 "string.find('a%b', '%%')\n"
	 "string.find('a]b', '%]')\n"
	 "string.find('a[b', '%[')\n"
	 "string.find('a(b', '%(')\n"
	 "string.find('a)b', '%)')\n"
	 "string.find('a-b', '%-')\n"
	 "string.find('a+b', '%+')\n"
	 "string.find('a*b', '%*')\n"
	 "string.find('a?b', '%?')\n"
	 "string.find('a^b', '%^')\n"
	 "string.find('a$b', '%$')\n"
	 "string.find('azb', '%z')\n"
	 "string.find('a\\0b', '%z')\n"
	 "string.find('a\\0b', '%\\0')\n"
	 "string.find('a b', '% ')\n"
	 "string.find('a_b', '%_')\n"
	 "string.find('abc', '%')\n"
	 "string.find('abc', 'a%')\n"
	 "string.find('abc', '%%%')\n"
	 "string.match('aqc', '%q')\n"
	 "string.match('a..b', '%.+')\n"
	 "string.match('a%%%b', '%%-b')\n"
	 "string.gsub('a.b.c', '%.', '%%')\n"},
	{"sets",
	 "string.find('xyzabc', '[a-c]+')\n"
	 "string.find('xyzabc', '[^a-c]+')\n"
	 "string.find('abc]', '[]]')\n"
	 "string.find(']abc', '[^]]+')\n"
	 "string.find('a-b', '[a-]+')\n"
	 "string.find('-ab', '[-a]+')\n"
	 "string.find('a]b', '[%]]')\n"
	 "string.find('a-z', '[a%-z]+')\n"
	 "string.find('m', '[z-a]')\n"
	 "string.find('a1_ ', '[%w_]+')\n"
	 "string.find('a1_ ', '[^%w_]')\n"
	 "string.find('%%a', '[%%]+')\n"
	 "string.find('^', '[^^]')\n"
	 "string.find('^a', '[a^]+')\n"
	 "string.find('\\200\\255', '[\\128-\\255]+')\n"
	 "string.find('\\0\\1\\2', '[\\0-\\1]+')\n"
	 "string.find('a\\0b', '[\\0]')\n"
	 "string.find('a\\0b', '[^\\0]+', 2)\n"
	 "string.find('abc', '[')\n"
	 "string.find('abc', '[a')\n"
	 "string.find('abc', '[]')\n"
	 "string.find('abc', '[^]')\n"
	 "string.find('abc', '[^')\n"
	 "string.find('abc', '[%')\n"
	 "string.find('abc', '[%]')\n"
	 "string.find('abc', '[a-')\n"
	 "string.find('abc', '[a%')\n"
	 "string.find('[abc', '[[]')\n"
	 "string.find('a.b', '[.]')\n"
	 "string.find('a-b', '[--/]')\n"
	 "string.find('abcde', '[a-c-e]+')\n"
	 "string.find('a-c', '[%a-]+')\n"
	 "string.find('A', '[%A]')\n"
	 "string.find('5', '[^%D]')\n"
	 "string.find('x]', '[%a]]')\n"
	 "string.find('a', '[a-%]')\n"
	 "string.find('b%', '[a-%%]+')\n"
	 "string.match('hello world', '[%s]()')\n"
	 "string.gsub('abc', '[%a]*', '-')\n"
	 "string.gsub('hello', '[' .. string.rep('x', 300) .. 'l]', 'L')\n"},
	{"repetition",
	 "string.match('aaab', 'a*')\n"
	 "string.match('aaab', 'a+')\n"
	 "string.match('aaab', 'a-')\n"
	 "string.match('aaab', 'a-b')\n"
	 "string.match('aaab', 'a?')\n"
	 "string.match('aaab', 'a?a?a?a?b')\n"
	 "string.match('b', 'a+')\n"
	 "string.match('b', 'a*b')\n"
	 "string.match('b', 'a-b')\n"
	 "string.match('b', 'a?b')\n"
	 "string.match('<a><b>', '<(.-)>')\n"
	 "string.match('<a><b>', '<(.*)>')\n"
	 "string.match('abc', '.-$')\n"
	 "string.match('abc', '.-c')\n"
	 "string.match('abc', '(.-)(.*)')\n"
	 "string.match('aaa', '(a*)(a*)')\n"
	 "string.match('aaa', '(a-)(a*)')\n"
	 "string.match('aaa', '(a+)(a+)')\n"
	 "string.match('xx', '(x?)(x?)(x?)')\n"
	 "string.match('aa+b', 'a++b')\n"
	 "string.match('a**', 'a**')\n"
	 "string.match('*a', '*a')\n"
	 "string.match('+a', '+a')\n"
	 "string.match('-a', '-a')\n"
	 "string.match('?a', '?a')\n"
	 "string.match('a', 'a-?')\n"
	 "string.match('a?', 'a-?')\n"
	 "string.match('[[[]', '[[]*')\n"
	 "string.match('%%%x', '%%*')\n"
	 "string.find('  x', '%s*')\n"
	 "string.find('x  ', '%s*$')\n"
	 "string.find('aaa', 'a-$')\n"
	 "string.gsub('hello world', 'o*', '.')\n"
	 "string.gsub('abc', '.-', '.')\n"
	 "string.gsub('abc', 'b*', '-')\n"
	 "string.gsub('aaa', 'a?', 'x')\n"
	 "string.find(string.rep('a', 20), 'a-a-a-b')\n"
	 "string.find(string.rep('a', 12), 'a-a-a-a-a-a-a-b')\n"
	 "string.find(string.rep('a', 12), 'a*a*a*a*a*a*a*b')\n"
	 "string.match(string.rep('x', 100000), '.*()')\n"
	 "string.match(string.rep('x', 100000), '.-()$')\n"
	 "string.match(string.rep('x', 1000) .. 'y', '(x*)x(y)')\n"},
	{"balance %b",
	 "string.match('x(a(b)c)y', '%b()')\n"
	 "string.match('x(a(b)cy', '%b()')\n"
	 "string.match('x)a(', '%b()')\n"
	 "string.match('((()))', '%b()')\n"
	 "string.match('[[x]]', '%b[]')\n"
	 "string.match('aXbXa', '%bXX')\n"
	 "string.match('abba', '%baa')\n"
	 "string.match('x', '%b')\n"
	 "string.match('x', '%bx')\n"
	 "string.match('', '%b()')\n"
	 "string.match('(', '%b()')\n"
	 "string.match('()', '%b()*')\n"
	 "string.match('()*', '%b()*')\n"
	 "string.gsub('f(a) g(b(c))', '%b()', '[]')\n"
	 "G('(a)(b)((c))', '%b()')\n"
	 "string.match('(\\0)', '%b()')\n"
	 "string.match('\\0a\\0', '%b\\0\\0')\n"
	 "string.match('x(a)', '(%b())')\n"
	 "string.match('x(a)', '%b()$')\n"
	 "string.find('(' .. string.rep('()', 50000) .. ')', '%b()')\n"
	 "string.find(string.rep('(', 10000), '%b()')\n"
	 "string.find(string.rep('ab', 50000), '%bab')\n"},
	{"frontier %f",
	 "string.find('THE (quick) fox', '%f[%a]%a+')\n"
	 "G('THE (quick) fox', '%f[%a]%a+')\n"
	 "G('THE (quick) fox', '%f[%A]')\n"
	 "string.gsub('hello world', '%f[%w]%w+', 'X')\n"
	 "string.find('abc', '%f[%l]')\n"
	 "string.find('abc', '%f[%L]')\n"
	 "string.find('abc', '%f[^%l]')\n"
	 "string.find('abc', '%f[%z]')\n"
	 "string.find('a\\0b', '%f[%z]')\n"
	 "string.find('a\\0b', '%f[\\0]')\n"
	 "string.find('abc', '%f[\\0]')\n"
	 "string.find('abc', '%f[^\\0]')\n"
	 "string.find('', '%f[%a]')\n"
	 "string.find('', '%f[^%a]')\n"
	 "string.find('abc', '%f')\n"
	 "string.find('abc', '%fa')\n"
	 "string.find('abc', '%f[a')\n"
	 "string.find('abc', '%f[]')\n"
	 "string.find('aaa', '%f[a]*')\n"
	 "G('  aa  bb', '%f[%S].-%f[%s]')\n"
	 "G('x1y22z', '%f[%d]%d+%f[%D]')\n"},
	{"captures",
	 "string.match('hello world', '(h)(e)(l)(l)(o)')\n"
	 "string.match('hello', '()ll()')\n"
	 "string.find('hello', '()ll()')\n"
	 "string.find('hello', '(l)(l)')\n"
	 "string.match('hello', '(h(e(l)))')\n"
	 "string.match('hello', '((h)(e))')\n"
	 "string.match('hello', '()')\n"
	 "string.match('hello', '(()())')\n"
	 "string.match('abcabc', '(abc)%1')\n"
	 "string.match('abcab', '(abc)%1')\n"
	 "string.match('aa', '(a)%1')\n"
	 "string.match('xyyx', '(.)(.)%2%1')\n"
	 "string.match('abab', '(a)(b)%1%2')\n"
	 "string.match('a', '()%1')\n"
	 "string.match('a', '()a%1')\n"
	 "string.match('a', '(a)%2')\n"
	 "string.match('a', '%1')\n"
	 "string.match('a', '(a%1)')\n"
	 "string.match('a', '(a)%0')\n"
	 "string.match('a', '%0')\n"
	 "string.match('a', '(a')\n"
	 "string.find('a', '(a')\n"
	 "string.match('a', 'a)')\n"
	 "string.match('a', '())')\n"
	 "string.match('a', '(()')\n"
	 "string.gsub('abc', '(', 'x')\n"
	 "string.gsub('abc', '(', '%1')\n"
	 "string.gsub('abc', '(', '%0')\n"
	 "string.gsub('abc', ')', 'x')\n"
	 "G('abc', '(')\n"
	 "G('abc', '()(')\n"
	 "string.match(string.rep('a', 40), string.rep('(a)', 32))\n"
	 "string.match(string.rep('a', 40), string.rep('(a)', 33))\n"
	 "string.match('a', string.rep('()', 32))\n"
	 "string.match('a', string.rep('()', 33))\n"
	 "string.find('a', string.rep('()', 32))\n"
	 "string.gsub('ab', string.rep('()', 32), '%9')\n"
	 "string.match(string.rep('a', 40), string.rep('(', 32) .. string.rep(')', 32))\n"
	 "string.match(string.rep('a', 40), string.rep('(', 33) .. string.rep(')', 33))\n"
	 "string.match('key = value', '(%w+)%s*=%s*(%w+)')\n"
	 "string.match('  trim  ', '^%s*(.-)%s*$')\n"
	 "string.match('2024-01-02', '(%d+)-(%d+)-(%d+)')\n"
	 "string.match('aXa', '(.)X%1')\n"
	 "string.find(string.rep('a', 10000), '^(a*)%1$')\n"
	 "string.find(string.rep('ab', 3000), '(.+)%1')\n"},
	{"pattern too complex",
	 "string.match(string.rep('a', 300), string.rep('a?', 197))\n"
	 "string.match(string.rep('a', 300), string.rep('a?', 198))\n"
	 "string.match(string.rep('a', 300), string.rep('a?', 199))\n"
	 "string.match(string.rep('a', 300), string.rep('a?', 200))\n"
	 "string.match(string.rep('a', 300), string.rep('a?', 201))\n"
	 "string.match(string.rep('a', 300), string.rep('a?', 250))\n"
	 "string.match(string.rep('a', 300), string.rep('a-', 198))\n"
	 "string.match(string.rep('a', 300), string.rep('a-', 199))\n"
	 "string.match(string.rep('a', 300), string.rep('a-', 200))\n"
	 "string.match(string.rep('a', 300), string.rep('a-', 201))\n"
	 "string.match(string.rep('a', 300), string.rep('a*b?', 198))\n"
	 "string.match(string.rep('ab', 300), string.rep('a*b?', 198))\n"
	 "string.match(string.rep('ab', 300), string.rep('a*b?', 201))\n"
	 "string.match(string.rep('a', 300), '(' .. string.rep('a?', 198) .. ')')\n"
	 "string.match(string.rep('a', 300), '(' .. string.rep('a?', 199) .. ')')\n"
	 "string.match(string.rep('a', 300), string.rep('a?', 197) .. '(a)')\n"
	 "string.match(string.rep('a', 300), string.rep('a?', 198) .. '()')\n"
	 "string.find(string.rep('a', 300), string.rep('a?', 250))\n"
	 "string.gsub(string.rep('a', 300), string.rep('a?', 250), 'x')\n"
	 "G(string.rep('a', 300), string.rep('a?', 250))\n"
	 "string.gsub(string.rep('a', 300), string.rep('a?', 150), 'x')\n"
	 "string.match(string.rep('a', 300), string.rep('%a?', 200))\n"
	 "string.match(string.rep('a', 300), string.rep('[a]?', 199))\n"},
	{"argument errors",
	 "string.find('a', '%')\n"
	 "string.find('a', 'a%')\n"
	 "string.match('a', '[a')\n"
	 "string.match('a', '[')\n"
	 "string.match('a', '[^')\n"
	 "string.match('a', '%f')\n"
	 "string.match('a', '%fx')\n"
	 "string.match('a', '%b')\n"
	 "string.match('a', '%ba')\n"
	 "string.match('', '%b')\n"
	 "string.match('a', '%1')\n"
	 "string.match('a', '(()')\n"
	 "string.match('a', ')')\n"
	 "string.match('', ')')\n"
	 "string.gsub('a', '.', '%2')\n"
	 "string.gsub('a', '(.)', '%2')\n"
	 "string.gsub('a', '.', '%')\n"
	 "string.gsub('a', '.', '%x')\n"
	 "string.gsub('a', '.', '%\\0')\n"
	 "string.gsub('a', '.', 'x%')\n"
	 "string.gsub('a', '.', {a = {}})\n"
	 "string.gsub('a', '.', {a = true})\n"
	 "string.gsub('a', '.', function() return {} end)\n"
	 "string.gsub('a', '.', function() return print end)\n"
	 "string.gsub('a', '.', true)\n"
	 "string.gsub('a', '.')\n"
	 "string.gsub('a', '.', nil)\n"
	 "string.gsub('a', '.', 'x', 'y')\n"
	 "string.gsub('a', '.', 'x', 1.5)\n"
	 "string.gsub('a', '.', 'x', {})\n"
	 "string.gsub('a', '.', true, 'y')\n"
	 "string.gsub('a')\n"
	 "string.gsub()\n"
	 "string.gsub(nil, '.', 'x')\n"
	 "string.gsub({}, '.', 'x')\n"
	 "string.gsub('a', {}, 'x')\n"
	 "string.find()\n"
	 "string.find('a')\n"
	 "string.find(nil, 'a')\n"
	 "string.find('a', {})\n"
	 "string.find('a', true)\n"
	 "string.match('a')\n"
	 "string.match()\n"
	 "string.gmatch()\n"
	 "string.gmatch('a')\n"
	 "string.gmatch('a', '.', {})\n"
	 "('abc'):find('b')\n"
	 "('abc'):find()\n"
	 "('abc'):gsub('b', true)\n"
	 "('abc'):match({})\n"
	 "('abc'):gmatch()\n"
	 "select('#', string.find('a', 'b'))\n"
	 "select('#', string.match('a', 'b'))\n"
	 "select('#', string.find('abc', 'b'))\n"
	 "select('#', string.find('abc', '(b)()'))\n"
	 "select('#', string.gsub('abc', 'b', 'x'))\n"
	 "pcall(string.find, 'a', '%')\n"
	 "pcall(string.gsub, 'a', '.', true)\n"
	 "pcall(string.find)\n"},
	{"gsub",
	 "string.gsub('hello world', 'o', '0')\n"
	 "string.gsub('hello world', 'o', '0', 1)\n"
	 "string.gsub('hello world', 'o', '0', 0)\n"
	 "string.gsub('hello world', 'o', '0', -1)\n"
	 "string.gsub('hello world', 'o', '0', 2.0)\n"
	 "string.gsub('hello world', 'o', '0', '1')\n"
	 "string.gsub('hello world', 'o', '0', nil)\n"
	 "string.gsub('hello world', 'o', '0', math.maxinteger)\n"
	 "string.gsub('hello world', 'o', '0', math.mininteger)\n"
	 "string.gsub('hello world', '(o)', '[%1]')\n"
	 "string.gsub('hello world', 'o', '[%0]')\n"
	 "string.gsub('hello world', 'o', '[%1]')\n"
	 "string.gsub('hello world', '(l)(l)', '%2%1')\n"
	 "string.gsub('hello world', '()l', '%1')\n"
	 "string.gsub('hello world', '()(l)', '%2%1')\n"
	 "string.gsub('hello world', '(%w+)', '<%1>')\n"
	 "string.gsub('hello world', '%w+', '%0 %0')\n"
	 "string.gsub('hello world', '%w+', '%%')\n"
	 "string.gsub('hello world', '%w+', '%%%0%%')\n"
	 "string.gsub('hello', '', '-')\n"
	 "string.gsub('hello', '', '-', 2)\n"
	 "string.gsub('hello', 'x*', '-')\n"
	 "string.gsub('hello', 'l*', '-')\n"
	 "string.gsub('abc', '%w', '%1')\n"
	 "string.gsub('abc', '%w', '%9')\n"
	 "string.gsub('abc', '(a)(b)(c)', '%3%2%1%0')\n"
	 "string.gsub('abc', 'b', 5)\n"
	 "string.gsub('abc', 'b', 2.5)\n"
	 "string.gsub('abc', 'b', -0.0)\n"
	 "string.gsub(12345, 3, 'x')\n"
	 "string.gsub(12345, '%d', {['1'] = 'one'})\n"
	 "string.gsub(1.5, '%.', ',')\n"
	 "string.gsub('abc', 'b', '\\0')\n"
	 "string.gsub('a\\0c', '\\0', '%%0')\n"
	 "string.gsub('a\\0c', '%z', '[%0]')\n"
	 "string.gsub('abc', '.', {a = 1, b = true})\n"
	 "string.gsub('abc', '.', {a = 1, b = 2.5})\n"
	 "string.gsub('abc', '.', {a = false, b = 'B'})\n"
	 "string.gsub('abc', '.', {})\n"
	 "string.gsub('abc', '(.)(.)', {ab = 'X', a = 'Y'})\n"
	 "string.gsub('abc', '()', {[1] = 'one', [2] = 'two'})\n"
	 "string.gsub('abc', '.', setmetatable({}, {__index = function(t, k) return k:upper() end}))\n"
	 "string.gsub('abc', '%w', function(c) return c:upper() .. '!' end)\n"
	 "string.gsub('abc', '%w', function(c) end)\n"
	 "string.gsub('abc', '%w', function(c) return false end)\n"
	 "string.gsub('abc', '(%w)()', function(c, p) return p end)\n"
	 "string.gsub('abc', '()', function(p) return p * 10 end)\n"
	 "string.gsub('abc', '', function(...) return select('#', ...) end)\n"
	 "string.gsub('abc', '(b)(c)', function(...) return table.concat({...}, '+') end)\n"
	 "string.gsub('abc', '%w', function(c) error('boom') end)\n"
	 "string.gsub('abc', '%w', function(c) return (c:gsub('.', '%0%0')) end)\n"
	 "string.gsub('hello world', '%w+', '%0', 1)\n"
	 "string.gsub('abc', '.', T)\n"
	 "string.gsub('abc', '.', F)\n"
	 "string.gsub('a b c', '%s', F)\n"
	 "string.gsub(ALL, '%c', F)\n"
	 "string.gsub(ALL, '%p', T)\n"
	 "string.gsub('abc', 'b', '%')\n"
	 "string.gsub('abc', 'x', '%')\n"
	 "string.gsub('abc', 'x', '%', 0)\n"
	 "string.gsub(string.rep('a b ', 10000), '%s+', '')\n"
	 "#string.gsub(string.rep('ab', 50000), 'a', '%0%0')\n"
	 "string.gsub(string.rep('ab', 100), '(a)(b)', '%2%1', 50)\n"},
	{"gmatch",
	 "G('hello world from Lua', '%a+')\n"
	 "G('from=world, to=Lua', '(%w+)=(%w+)')\n"
	 "G('abc', '')\n"
	 "G('abc', '()')\n"
	 "G('abc', '.-')\n"
	 "G('abc', 'x*')\n"
	 "G('baaac', 'a*')\n"
	 "G('aaa', 'a-')\n"
	 "G('a,b,,c', '([^,]*)')\n"
	 "G('a,b,,c', '[^,]*')\n"
	 "G('abc', '(.)()')\n"
	 "G('', '')\n"
	 "G('', '.')\n"
	 "G('abc', '%f[%w]')\n"
	 "G('a b', '%s*')\n"
	 "G('ab12', '%d*')\n"
	 "G('hello', 'l', 4)\n"
	 "G('hello', 'l', -2)\n"
	 "G('abc\\0def', '[^%z]+')\n"
	 "G('abc\\0def', '[^\\0]+')\n"
	 "G('abc', '%')\n"
	 "G('abc', '[a')\n"
	 "(function() local it = string.gmatch('ab', '.') return it(), it(), it(), it() end)()\n"
	 "(function() local it = string.gmatch('ab', '') return it(), it(), it(), it() end)()\n"
	 "(function() local it = string.gmatch('a b c', '%a') local co = coroutine.wrap(function() return it() end) return co(), it(), it(), it() end)()\n"
	 "(function() local n = 0 for a, b in string.gmatch('k=v, x=y', '(%w+)=(%w+)') do n = n + #a + #b end return n end)()\n"
	 "(function() local it = string.gmatch('abc', '()(') return pcall(it) end)()\n"},
	{"embedded NUL",
	 "string.find('a\\0b\\0c', '\\0')\n"
	 "string.find('a\\0b\\0c', 'b\\0c')\n"
	 "string.find('a\\0b\\0c', 'b%zc')\n"
	 "string.find('a\\0b', '.\\0.')\n"
	 "string.match('a\\0b', '(.)\\0(.)')\n"
	 "string.match('\\0\\0\\0', '\\0*')\n"
	 "string.match('\\0\\0\\0', '%c+')\n"
	 "string.match('x\\0y', '[%z]')\n"
	 "string.gsub('a\\0b\\0c', '\\0', '|')\n"
	 "string.gsub('a\\0b\\0c', '%Z', '|')\n"
	 "G('a\\0b\\0c', '[^\\0]')\n"
	 "string.find('a\\0b', '\\0', 1, true)\n"
	 "string.find('abc', 'b\\0', 1, true)\n"
	 "string.find('ab\\0', 'b\\0')\n"
	 "string.find('a\\0', '\\0$')\n"
	 "string.find('a\\0', '[\\0]$')\n"
	 "string.match('(\\0)', '%((.-)%)')\n"
	 "string.find('\\0', '^\\0$')\n"
	 "string.find('\\0^', '\\0^')\n"
	 "string.find('a\\0b', 'a\\0%.')\n"
	 "string.gsub('\\0\\0', '', '\\0%0')\n"},
	{"numbers and methods",
	 "string.find(12345, 34)\n"
	 "string.find(12345, '3(4)')\n"
	 "string.match(3.25, '%.(%d+)')\n"
	 "string.match(1e100, 'e.*')\n"
	 "string.match(-0.0, '%-')\n"
	 "string.match(2^63, '.*')\n"
	 "G(123123, 23)\n"
	 "G('a1b2', '%d', 3.0)\n"
	 "('x=1, y=2'):gsub('(%w+)=(%w+)', '%2=%1')\n"
	 "('hello'):match('l+')\n"
	 "('hello'):find('l', -2, true)\n"
	 "string.gsub('abc', 'b', 12)\n"
	 "string.gsub('a1b', '%d', 3.5)\n"},
};

/* ---- the two states ---- */

static lua_State *new_state(int patched)
{
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	if (patched) {
		lua_getglobal(L, "string");
		lx_strlib_install(L, count_steps);
		lua_pop(L, 1);
	}
	if (luaL_dostring(L, harness) != LUA_OK) {
		printf("FAIL strlib/harness: %s\n", lua_tostring(L, -1));
		exit(1);
	}
	return L;
}

/* A random case: run(op, s, p, init, plain, repl, n). */
typedef struct {
	const char *op;
	const char *s, *p;
	size_t ls, lp;
	int has_init, plain;    /* plain: -1 nil, 0 false, 1 true */
	lua_Integer init, n;
	int has_n;
	const char *repl;       /* NULL: nil */
} rcase;

static void push_case(lua_State *L, const rcase *c)
{
	lua_getglobal(L, "run");
	lua_pushstring(L, c->op);
	lua_pushlstring(L, c->s, c->ls);
	lua_pushlstring(L, c->p, c->lp);
	if (c->has_init)
		lua_pushinteger(L, c->init);
	else
		lua_pushnil(L);
	if (c->plain < 0)
		lua_pushnil(L);
	else
		lua_pushboolean(L, c->plain);
	if (c->repl)
		lua_pushstring(L, c->repl);
	else
		lua_pushnil(L);
	if (c->has_n)
		lua_pushinteger(L, c->n);
	else
		lua_pushnil(L);
}

/* The serialised result of a case (expr, or else c) left on L's stack. */
static const char *result(lua_State *L, const char *expr, size_t lexpr, const rcase *c, size_t *len)
{
	if (expr) {
		lua_getglobal(L, "eval");
		lua_pushlstring(L, expr, lexpr);
	} else {
		push_case(L, c);
	}
	if (lua_pcall(L, expr ? 1 : 7, 1, 0) != LUA_OK || !lua_isstring(L, -1)) {
		lua_settop(L, 0);
		lua_pushliteral(L, "(harness failed)");
	}
	return lua_tolstring(L, -1, len);
}

/* Readable bytes: C escapes for the unprintable, cut at cap. */
static void show(char *out, size_t cap, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 8 < cap; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 32 && ch < 127 && ch != '\\')
			out[o++] = (char)ch;
		else
			o += (size_t)snprintf(out + o, cap - o, "\\%u", ch);
	}
	if (o + 8 >= cap)
		o += (size_t)snprintf(out + o, cap - o, "...");
	out[o] = '\0';
}

static void describe(char *out, size_t cap, const rcase *c)
{
	char s[128], p[128];
	show(s, sizeof s, c->s, c->ls);
	show(p, sizeof p, c->p, c->lp);
	snprintf(out, cap, "%s(\"%s\", \"%s\", init=%lld%s, plain=%d, repl=%s, n=%lld%s)",
		 c->op, s, p, (long long)c->init, c->has_init ? "" : "(nil)", c->plain,
		 c->repl ? c->repl : "nil", (long long)c->n, c->has_n ? "" : "(nil)");
}

/* Compares one case in both states; returns 1 when they agree. */
static int compare(const char *group, const char *expr, size_t lexpr, const rcase *c)
{
	size_t la, lb;
	const char *a = result(stock, expr, lexpr, c, &la);
	const char *b = result(ours, expr, lexpr, c, &lb);
	int same = la == lb && !memcmp(a, b, la);
	compared++;
	errors += !strncmp(a, "error: ", 7);
	fails += !strcmp(a, "1 results: nil");
	if (!same) {
		differ++;
		if (shown++ < MAX_SHOWN) {
			char what[400], sa[300], sb[300];
			if (expr)
				show(what, sizeof what, expr, lexpr);
			else
				describe(what, sizeof what, c);
			show(sa, sizeof sa, a, la);
			show(sb, sizeof sb, b, lb);
			printf("FAIL strlib/%s: %s -> stock %s, ours %s\n", group, what, sa, sb);
			check_failed++;
		}
	}
	lua_settop(stock, 0);
	lua_settop(ours, 0);
	return same;
}

static void run_handwritten(void)
{
	for (size_t g = 0; g < sizeof cases / sizeof cases[0]; g++) {
		const char *e = cases[g].exprs;
		int n = 0, bad = 0;
		char name[96];
		while (*e) {
			const char *nl = strchr(e, '\n');
			size_t len = nl ? (size_t)(nl - e) : strlen(e);
			n++;
			bad += !compare(cases[g].name, e, len, NULL);
			e += len + (nl != NULL);
		}
		snprintf(name, sizeof name, "strlib/%s (%d cases)", cases[g].name, n);
		CHECK(name, bad == 0, "%d of %d cases differ from stock Lua", bad, n);
	}
}

/* ---- random cases ---- */

typedef struct {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r) /* splitmix64 */
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned below(rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

typedef struct {
	const char *s;
	size_t n;
} piece;

#define P(x) {x, sizeof(x) - 1}
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char alphabet[] = "aabbc12 ()%[]^$-.\0A";
static const piece atoms[] = {
	P("a"), P("b"), P("1"), P(" "), P("c"), P("."), P("\0"), P("]"), P("A"), P("-"),
	P("%a"), P("%d"), P("%s"), P("%w"), P("%p"), P("%l"), P("%u"), P("%c"), P("%x"), P("%g"),
	P("%A"), P("%S"), P("%W"), P("%D"), P("%P"),
	P("%("), P("%)"), P("%%"), P("%["), P("%]"), P("%^"), P("%$"), P("%-"), P("%."), P("%z"), P("% "),
	P("[ab]"), P("[^a]"), P("[a-c]"), P("[%d%s]"), P("[]]"), P("[^]a]"), P("[%]]"), P("[-a]"),
	P("[a-]"), P("[%a-]"), P("[(%)]"), P("[\0]"), P("[^%z]"), P("[%^b]"), P("[^%p]"), P("[$^]"),
	P("[1-9a]"), P("[^%[]"),
};
static const piece specials[] = {
	P("%b()"), P("%b[]"), P("%bab"), P("%b%%"), P("%f[%w]"), P("%f[%s]"), P("%f[^a]"),
	P("%f[\0]"), P("%f[%p]"), P("()"), P("%1"), P("%2"), P("%0"), P("$"), P("^"), P("("), P(")"),
};
static const piece broken[] = {
	P("%"), P("[a"), P("[%"), P("%b"), P("%ba"), P("%f"), P("%fa"), P("%f[a"), P("[^"), P("["),
};
static const char *const repls[] = {
	"", "x", "%0", "%1", "<%1|%2>", "%%", "%", "%x", "[%0]", "%3", "%2%1", "-%0-",
};
static const char *const ab_atoms[] = {"a", "b", ".", "[ab]", "%a", "[^a]"};

typedef struct {
	char b[512];
	size_t n;
} text;

static void put(text *t, const char *s, size_t n)
{
	if (t->n + n < sizeof t->b) {
		memcpy(t->b + t->n, s, n);
		t->n += n;
	}
}

static void put_piece(text *t, const piece *pc)
{
	put(t, pc->s, pc->n);
}

static void maybe_suffix(rng *r, text *t)
{
	if (below(r, 2))
		put(t, &"*+-?"[below(r, 4)], 1);
}

static void gen_items(rng *r, text *t, int depth, int count)
{
	for (int i = 0; i < count; i++) {
		unsigned k = below(r, 100);
		if (k < 62) {
			put_piece(t, &atoms[below(r, COUNT(atoms))]);
			maybe_suffix(r, t);
		} else if (k < 76 && depth < 2) {
			put(t, "(", 1);
			gen_items(r, t, depth + 1, 1 + (int)below(r, 2));
			put(t, ")", 1);
		} else if (k < 98) {
			put_piece(t, &specials[below(r, COUNT(specials))]);
		} else {
			put_piece(t, &broken[below(r, COUNT(broken))]);
		}
	}
}

/* Over the small alphabet, with every kind of pattern item. */
static void gen_mixed(rng *r, text *s, text *p)
{
	unsigned len = below(r, 11);
	s->n = p->n = 0;
	for (unsigned i = 0; i < len; i++)
		put(s, &alphabet[below(r, sizeof alphabet - 1)], 1);
	if (below(r, 6) == 0)
		put(p, "^", 1);
	gen_items(r, p, 0, (int)below(r, 6));
	if (below(r, 6) == 0)
		put(p, "$", 1);
}

/* Longer subjects over "ab": backtracking, captures and back references. */
static void gen_ab(rng *r, text *s, text *p)
{
	unsigned len = below(r, 31), items = 1 + below(r, 4);
	s->n = p->n = 0;
	for (unsigned i = 0; i < len; i++)
		put(s, below(r, 3) ? "a" : "b", 1);
	if (below(r, 5) == 0)
		put(p, "^", 1);
	for (unsigned i = 0; i < items; i++) {
		unsigned k = below(r, 10);
		const char *a = ab_atoms[below(r, COUNT(ab_atoms))];
		if (k < 2)
			put(p, "(", 1);
		put(p, a, strlen(a));
		maybe_suffix(r, p);
		if (k < 2)
			put(p, ")", 1);
		else if (k == 2)
			put(p, "%1", 2);
		else if (k == 3)
			put(p, "()", 2);
	}
	if (below(r, 5) == 0)
		put(p, "$", 1);
}

static lua_Integer pick_init(rng *r, size_t len, int *has)
{
	static const int offsets[] = {1, 2, 0, -1, -3, -100};
	unsigned k = below(r, 9);
	*has = k != 0;
	if (k == 0)
		return 1;
	if (k <= 6)
		return offsets[k - 1];
	return (lua_Integer)len + (lua_Integer)k - 7; /* len, len+1 */
}

typedef struct {
	const char *name;
	const char *op;
	int fails, n;
} rgroup;

static void run_random(void)
{
	rgroup groups[] = {
		{"random find", "find", 0, 0},
		{"random match", "match", 0, 0},
		{"random gmatch", "gmatch", 0, 0},
		{"random gsub string", "gsub", 0, 0},
		{"random gsub table", "gsubt", 0, 0},
		{"random gsub function", "gsubf", 0, 0},
	};
	static const lua_Integer counts[] = {0, 1, 2, -1};
	rng r = {SEED};
	text s, p;
	char name[96];
	for (int i = 0; i < RANDOM_PAIRS + RANDOM_AB_PAIRS; i++) {
		if (i < RANDOM_PAIRS)
			gen_mixed(&r, &s, &p);
		else
			gen_ab(&r, &s, &p);
		for (size_t g = 0; g < COUNT(groups); g++) {
			rcase c = {groups[g].op, s.b, p.b, s.n, p.n, 0, -1, 1, 0, 0, NULL};
			c.init = pick_init(&r, s.n, &c.has_init);
			c.plain = (int)below(&r, 3) - 1;
			c.repl = repls[below(&r, COUNT(repls))];
			c.has_n = below(&r, 3) == 0;
			c.n = counts[below(&r, COUNT(counts))];
			groups[g].n++;
			groups[g].fails += !compare(groups[g].name, NULL, 0, &c);
		}
	}
	for (size_t g = 0; g < COUNT(groups); g++) {
		snprintf(name, sizeof name, "strlib/%s (%d cases)", groups[g].name, groups[g].n);
		CHECK(name, groups[g].fails == 0, "%d of %d cases differ from stock Lua",
		      groups[g].fails, groups[g].n);
	}
}

/* ---- the charge ---- */

/* Runs code in ours with a step limit (0: none); returns the error
 * message or NULL, and the seconds it took. */
static const char *run_limited(const char *code, long long steps, double *secs)
{
	static char msg[256];
	double t0 = check_now();
	int rc;
	limit = steps ? charged + steps : 0;
	rc = luaL_dostring(ours, code);
	*secs = check_now() - t0;
	limit = 0;
	snprintf(msg, sizeof msg, "%s", rc ? lua_tostring(ours, -1) : "");
	lua_settop(ours, 0);
	return rc ? msg : NULL;
}

static void test_stop(void)
{
	static const char *const runaway[] = {
		"return string.find(string.rep('a', 3000), 'a-a-a-a-a-a-a-b')",
		"return string.match(string.rep('a', 3000), '(a*)(a*)(a*)(a*)(a*)(a*)b')",
		"for x in string.gmatch(string.rep('a', 3000), 'a-a-a-a-a-a-a-b') do end",
		"return string.gsub(string.rep('a', 3000), 'a*a*a*a*a*a*a*b', 'x')",
		"return string.find(string.rep('a', 3000), '(a-)%1%1%1%1b')",
	};
	char name[128];
	for (size_t i = 0; i < COUNT(runaway); i++) {
		double secs;
		const char *err = run_limited(runaway[i], 1000000, &secs);
		printf("# runaway %zu stopped after %.1f ms: %s\n", i + 1, 1e3 * secs, runaway[i]);
		snprintf(name, sizeof name, "strlib/stop runaway pattern %zu within 1e6 steps", i + 1);
		CHECK(name, err && strstr(err, "step limit reached") && secs < 1.0,
		      "%s after %.3f s", err ? err : "no error", secs);
	}
	/* the same patterns on small subjects: the same (failed) result */
	{
		const char *small =
			"string.find(string.rep('a', 12), 'a-a-a-a-a-a-a-b')\n"
			"string.match(string.rep('a', 12), '(a*)(a*)(a*)(a*)(a*)(a*)b')\n"
			"G(string.rep('a', 12), 'a-a-a-a-a-a-a-b')\n"
			"string.gsub(string.rep('a', 12), 'a*a*a*a*a*a*a*b', 'x')\n"
			"string.find(string.rep('a', 12), '(a-)%1%1%1%1b')\n"
			"string.find(string.rep('a', 12) .. 'b', '(a-)%1%1%1%1b')\n";
		int bad = 0;
		while (*small) {
			const char *nl = strchr(small, '\n');
			bad += !compare("runaway small", small, (size_t)(nl - small), NULL);
			small = nl + 1;
		}
		CHECK("strlib/runaway patterns on small subjects agree with stock", bad == 0,
		      "%d differ", bad);
	}
}

static long long steps_of(const char *code)
{
	long long before = charged;
	double secs;
	const char *err = run_limited(code, 0, &secs);
	if (err)
		printf("# %s: %s\n", code, err);
	return charged - before;
}

static void test_linear(void)
{
	static const struct {
		const char *pre, *post; /* around the subject: BIG or QUARTER */
		double lo, hi;          /* steps per subject byte */
	} ops[] = {
		{"string.gsub(", ", '%s+', ' ')", 1, 6},
		{"string.find(", ", '%d')", 1, 6},
		{"for w in string.gmatch(", ", '%a+') do end", 1, 6},
		{"string.match(", ", '^(.-)$')", 1, 6},
		{"string.gsub(", ", '(%w+)', '<%1>')", 1, 6},
		{"string.find(", ", '[%d%p]+x')", 1, 6},
		{"string.find(", ", 'xyz', 1, true)", 1.0 / 32, 1.0 / 4},
	};
	const double big = 1 << 20;
	char code[128], name[256];
	for (size_t i = 0; i < COUNT(ops); i++) {
		long long full, quarter;
		snprintf(code, sizeof code, "%sBIG%s", ops[i].pre, ops[i].post);
		full = steps_of(code);
		snprintf(code, sizeof code, "%sQUARTER%s", ops[i].pre, ops[i].post);
		quarter = steps_of(code);
		printf("# charge %ss%s: %.3f steps a byte\n", ops[i].pre, ops[i].post, (double)full / big);
		snprintf(name, sizeof name, "strlib/charge of %ss%s on 1 MB is linear", ops[i].pre, ops[i].post);
		CHECK(name, full >= ops[i].lo * big && full <= ops[i].hi * big &&
		      quarter > 0 && (double)full / (double)quarter > 3.5 &&
		      (double)full / (double)quarter < 4.5,
		      "%lld steps (%.3f a byte), %lld for a quarter", full, (double)full / big, quarter);
	}
	/* many small calls add up too: steps carry over between calls */
	{
		long long n = steps_of("for i = 1, 100000 do string.find('abc', 'c$') end");
		CHECK("strlib/charge carries over between small calls", n >= 250000,
		      "%lld steps for 100000 small finds", n);
	}
}

static void test_recovery(void)
{
	double secs;
	const char *err;
	size_t len;
	const char *s;
	err = run_limited("return string.gsub(BIG, '%w+', function(w) return w:upper() end)", 100000, &secs);
	CHECK("strlib/charge stops gsub with a function replacement",
	      err && strstr(err, "step limit reached"), "%s", err ? err : "no error");
	err = run_limited("return string.gsub(BIG, '%w+', function(w) return (w:gsub('.', '%0%0')) end)",
			  100000, &secs);
	CHECK("strlib/charge stops a gsub nested in a gsub replacement",
	      err && strstr(err, "step limit reached"), "%s", err ? err : "no error");
	err = run_limited("it = string.gmatch(BIG, '%a+') for w in it do end", 100000, &secs);
	CHECK("strlib/charge stops a gmatch loop", err && strstr(err, "step limit reached"),
	      "%s", err ? err : "no error");
	err = run_limited("return pcall(string.gsub, BIG, '%w+', function(w) return w end)", 50000, &secs);
	CHECK("strlib/charge error reaches a pcall in the script", !err, "%s", err ? err : "");

	/* the state goes on as if nothing happened */
	(void)luaL_dostring(ours, "return string.gsub('hello world', '%w+', function(w) return w:upper() end)");
	s = lua_tolstring(ours, 1, &len);
	CHECK("strlib/state usable after a stopped gsub",
	      lua_gettop(ours) == 2 && s && !strcmp(s, "HELLO WORLD") && lua_tointeger(ours, 2) == 2,
	      "got %s, %lld (top %d)", s ? s : "?", (long long)lua_tointeger(ours, 2), lua_gettop(ours));
	lua_settop(ours, 0);
	(void)luaL_dostring(ours, "local n = 0 for w in it do n = n + 1 end "
			    "return n, select(2, string.gsub(QUARTER, '%a+', '%0')), (string.find(BIG, 'elit', -100))");
	CHECK("strlib/gmatch iterator resumes after a stop",
	      lua_gettop(ours) == 3 && lua_tointeger(ours, 1) > 0 && lua_tointeger(ours, 2) > 30000 &&
	      lua_tointeger(ours, 3) > 0,
	      "got %lld, %lld, %lld", (long long)lua_tointeger(ours, 1),
	      (long long)lua_tointeger(ours, 2), (long long)lua_tointeger(ours, 3));
	lua_settop(ours, 0);
	lua_gc(ours, LUA_GCCOLLECT);
}

/* ---- speed against stock (printed, not checked) ---- */

static double time_once(lua_State *L, const char *code)
{
	double t0 = check_now();
	if (luaL_dostring(L, code) != LUA_OK)
		printf("# %s: %s\n", code, lua_tostring(L, -1));
	lua_settop(L, 0);
	return check_now() - t0;
}

/* Best of five, the two states taking turns so load on the machine hits
 * both alike. */
static void speed(void)
{
	static const char *const ops[] = {
		"string.gsub(BIG, '%s+', ' ')",
		"string.find(BIG, 'notthere')",
		"for w in string.gmatch(BIG, '%w+') do end",
		"string.gsub(BIG, '(%w+)', '<%1>')",
		"string.find(BIG, '%d')",
		"string.match(BIG, '^(.-)$')",
		"for k, v in string.gmatch(BIG, '(%w+) (%w+)') do end",
		"string.gsub(BIG, '%a+', string.upper)",
	};
	for (size_t i = 0; i < COUNT(ops); i++) {
		double a = 1e9, b = 1e9;
		for (int r = 0; r < 5; r++) {
			double ta = time_once(stock, ops[i]), tb = time_once(ours, ops[i]);
			a = ta < a ? ta : a;
			b = tb < b ? tb : b;
		}
		printf("# speed %-52s stock %7.2f ms  ours %7.2f ms  ratio %.2f\n",
		       ops[i], 1e3 * a, 1e3 * b, b / a);
	}
}

int main(void)
{
	stock = new_state(0);
	ours = new_state(1);
	run_handwritten();
	run_random();
	printf("# differential: %d cases compared, %d differ (stock: %d errors, %d nil results)\n",
	       compared, differ, errors, fails);
	test_stop();
	test_linear();
	test_recovery();
	if (!CHECK_SANITIZED) /* (a sanitizer's timings say nothing) */
		speed();
	lua_close(stock);
	lua_close(ours);
	CHECK_DONE();
}
