/* lx_bounded.c - library functions whose loops run in C, redone so they
 * charge their work (lx_charge): the count hook fires only between VM
 * instructions, so without this string.rep("", 1e15), a 2-million-element
 * table.sort or table.move over 2^60 indices would run past Ctrl-C and the
 * instruction budget. Behaviour and messages are those of Lua 5.4's own.
 * Also xpcall, whose message handler must not run once a script is being
 * stopped: an error raised from a hook calls the handler with hooks off. */
#include <lauxlib.h>
#include <limits.h>
#include <string.h>
#include "lua/lx.h"

/* Elements between two charges. An element may cost up to ~2000 steps (a
 * chain of __index tables, which Lua follows in C), so the charges come
 * every few milliseconds however the table is made. */
#define CHARGE_EVERY 1024

/* ---- string.rep ---- */

static int str_rep(lua_State *L)
{
	size_t l, lsep;
	const char *s = luaL_checklstring(L, 1, &l);
	lua_Integer n = luaL_checkinteger(L, 2);
	const char *sep = luaL_optlstring(L, 3, "", &lsep);
	if (n <= 0 || l + lsep == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	/* The largest string a Lua state can hold (as lstrlib's MAXSIZE). */
	const size_t max = sizeof(size_t) < sizeof(lua_Integer) ? (size_t)-1 : (size_t)LUA_MAXINTEGER;
	if (l + lsep < l || l + lsep > max / (size_t)n)
		return luaL_error(L, "resulting string too large");
	size_t total = (size_t)n * l + (size_t)(n - 1) * lsep;
	luaL_Buffer b;
	char *p = luaL_buffinitsize(L, &b, total);
	size_t since = 0;
	for (lua_Integer i = 0; i < n; i++) {
		if (i > 0 && lsep) {
			memcpy(p, sep, lsep);
			p += lsep;
		}
		memcpy(p, s, l);
		p += l;
		since += l + lsep + 1;
		if (since >= 65536) {
			lx_charge(L, (long)(since / 16));
			since = 0;
		}
	}
	luaL_pushresultsize(&b, total);
	return 1;
}

/* ---- table.insert, table.remove, table.move: element by element ---- */

enum { TAB_R = 1, TAB_W = 2, TAB_L = 4 };

/* Does the metatable at the top have the field key? */
static int has_field(lua_State *L, const char *key)
{
	lua_pushstring(L, key);
	int t = lua_rawget(L, -2);
	lua_pop(L, 1);
	return t != LUA_TNIL;
}

/* arg is a table, or has the metamethods the operation needs. */
static void check_table(lua_State *L, int arg, int what)
{
	if (lua_type(L, arg) == LUA_TTABLE)
		return;
	int ok = lua_getmetatable(L, arg);
	if (ok) {
		ok = (!(what & TAB_R) || has_field(L, "__index")) && (!(what & TAB_W) || has_field(L, "__newindex")) &&
		     (!(what & TAB_L) || has_field(L, "__len"));
		lua_pop(L, 1);
	}
	if (!ok)
		luaL_checktype(L, arg, LUA_TTABLE); /* raises the usual message */
}

static lua_Integer length(lua_State *L, int arg, int what)
{
	check_table(L, arg, what | TAB_L);
	return luaL_len(L, arg);
}

/* t[to] = t[from], charging every CHARGE_EVERY moves. */
static void move_one(lua_State *L, int src, lua_Integer from, int dst, lua_Integer to, long *count)
{
	lua_geti(L, src, from);
	lua_seti(L, dst, to);
	if (++*count == CHARGE_EVERY) {
		lx_charge(L, *count);
		*count = 0;
	}
}

static int tab_insert(lua_State *L)
{
	lua_Integer e = length(L, 1, TAB_R | TAB_W);
	e = (lua_Integer)((lua_Unsigned)e + 1u); /* the first empty slot */
	lua_Integer pos;
	long count = 0;
	switch (lua_gettop(L)) {
	case 2:
		pos = e;
		break;
	case 3:
		pos = luaL_checkinteger(L, 2);
		luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
		for (lua_Integer i = e; i > pos; i--)
			move_one(L, 1, i - 1, 1, i, &count);
		break;
	default:
		return luaL_error(L, "wrong number of arguments to 'insert'");
	}
	lua_seti(L, 1, pos);
	return 0;
}

static int tab_remove(lua_State *L)
{
	lua_Integer size = length(L, 1, TAB_R | TAB_W);
	lua_Integer pos = luaL_optinteger(L, 2, size);
	long count = 0;
	if (pos != size)
		luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
	lua_geti(L, 1, pos); /* the result */
	for (; pos < size; pos++)
		move_one(L, 1, pos + 1, 1, pos, &count);
	lua_pushnil(L);
	lua_seti(L, 1, pos);
	return 1;
}

static int tab_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3), t = luaL_checkinteger(L, 4);
	int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
	long count = 0;
	check_table(L, 1, TAB_R);
	check_table(L, tt, TAB_W);
	if (e >= f) {
		luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
		lua_Integer n = e - f + 1;
		luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
		if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
			for (lua_Integer i = 0; i < n; i++)
				move_one(L, 1, f + i, tt, t + i, &count);
		} else {
			for (lua_Integer i = n - 1; i >= 0; i--)
				move_one(L, 1, f + i, tt, t + i, &count);
		}
	}
	lua_pushvalue(L, tt);
	return 1;
}

static void add_field(lua_State *L, luaL_Buffer *b, lua_Integer i)
{
	lua_geti(L, 1, i);
	if (!lua_isstring(L, -1))
		luaL_error(L, "invalid value (at index %I) in table for 'concat'", (lua_Integer)i);
	luaL_addvalue(b);
}

static int tab_concat(lua_State *L)
{
	lua_Integer last = length(L, 1, TAB_R);
	size_t lsep;
	const char *sep = luaL_optlstring(L, 2, "", &lsep);
	lua_Integer i = luaL_optinteger(L, 3, 1);
	last = luaL_optinteger(L, 4, last);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	long count = 0;
	for (; i < last; i++) {
		add_field(L, &b, i);
		luaL_addlstring(&b, sep, lsep);
		if (++count == CHARGE_EVERY) {
			lx_charge(L, count);
			count = 0;
		}
	}
	if (i == last)
		add_field(L, &b, i);
	luaL_pushresult(&b);
	return 1;
}

static int tab_unpack(lua_State *L)
{
	lua_Integer i = luaL_optinteger(L, 2, 1);
	lua_Integer e = luaL_opt(L, luaL_checkinteger, 3, luaL_len(L, 1));
	if (i > e)
		return 0;
	lua_Unsigned n = (lua_Unsigned)e - (lua_Unsigned)i; /* elements - 1, without overflow */
	if (n >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++n)))
		return luaL_error(L, "too many results to unpack");
	long count = 0;
	for (; i < e; i++) {
		lua_geti(L, 1, i);
		if (++count == CHARGE_EVERY) {
			lx_charge(L, count);
			count = 0;
		}
	}
	lua_geti(L, 1, e);
	return (int)n;
}

/* ---- table.sort: quicksort, median-of-three pivots, charged compares ---- */

typedef struct {
	lua_State *L;
	int has_cmp;
	long count;
	unsigned rnd;
} sorter;

/* Is the value at index a less than the one at b (negative indices are
 * taken before anything is pushed)? */
static int less(sorter *s, int a, int b)
{
	lua_State *L = s->L;
	if (++s->count == CHARGE_EVERY) {
		lx_charge(L, s->count);
		s->count = 0;
	}
	if (!s->has_cmp)
		return lua_compare(L, a, b, LUA_OPLT);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, a - 1);
	lua_pushvalue(L, b - 2);
	lua_call(L, 2, 1);
	int r = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return r;
}

/* t[i] = value at -1, t[j] = value at -2; pops both. */
static void set2(lua_State *L, lua_Integer i, lua_Integer j)
{
	lua_seti(L, 1, i);
	lua_seti(L, 1, j);
}

static void sort_range(sorter *s, lua_Integer lo, lua_Integer up)
{
	lua_State *L = s->L;
	while (lo < up) {
		lua_geti(L, 1, lo);
		lua_geti(L, 1, up);
		if (less(s, -1, -2))
			set2(L, lo, up); /* swap t[lo], t[up] */
		else
			lua_pop(L, 2);
		if (up - lo == 1)
			return;
		/* The pivot: the middle, or a scrambled index after a lopsided split. */
		lua_Integer p = lo + (up - lo) / 2;
		if (s->rnd) {
			s->rnd = s->rnd * 1103515245u + 12345u;
			p = lo + 1 + (lua_Integer)(s->rnd % (lua_Unsigned)(up - lo - 1));
		}
		lua_geti(L, 1, p);
		lua_geti(L, 1, lo);
		if (less(s, -2, -1)) {
			set2(L, p, lo);
		} else {
			lua_pop(L, 1);
			lua_geti(L, 1, up);
			if (less(s, -1, -2))
				set2(L, p, up);
			else
				lua_pop(L, 2);
		}
		if (up - lo == 2)
			return;
		/* Partition around P = t[p], parked at up - 1. */
		lua_geti(L, 1, p);
		lua_pushvalue(L, -1);
		lua_geti(L, 1, up - 1);
		set2(L, p, up - 1); /* P stays on the stack */
		lua_Integer i = lo, j = up - 1;
		for (;;) {
			while (lua_geti(L, 1, ++i), less(s, -1, -2)) {
				if (i == up - 1)
					luaL_error(L, "invalid order function for sorting");
				lua_pop(L, 1);
			}
			while (lua_geti(L, 1, --j), less(s, -3, -1)) {
				if (j < i)
					luaL_error(L, "invalid order function for sorting");
				lua_pop(L, 1);
			}
			if (j < i) {
				lua_pop(L, 1);
				set2(L, up - 1, i); /* t[i] goes to up - 1, P to i */
				break;
			}
			set2(L, i, j);
		}
		/* Recurse into the smaller side, loop on the larger. */
		lua_Integer small;
		if (i - lo < up - i) {
			sort_range(s, lo, i - 1);
			small = i - lo;
			lo = i + 1;
		} else {
			sort_range(s, i + 1, up);
			small = up - i;
			up = i - 1;
		}
		if ((up - lo) / 128 > small) /* lopsided: scramble the next pivots */
			s->rnd = (unsigned)(up ^ lo) | 1u;
	}
}

static int tab_sort(lua_State *L)
{
	lua_Integer n = length(L, 1, TAB_R | TAB_W);
	if (n > 1) {
		luaL_argcheck(L, n < INT_MAX, 1, "array too big");
		if (!lua_isnoneornil(L, 2))
			luaL_checktype(L, 2, LUA_TFUNCTION);
		lua_settop(L, 2);
		sorter s = {L, !lua_isnil(L, 2), 0, 0};
		sort_range(&s, 1, n);
		lx_charge(L, s.count);
	}
	return 0;
}

/* ---- xpcall ---- */

/* The script's handler, unless the error is the stop itself. */
static int handler(lua_State *L)
{
	if (lx_stopping())
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

static int finish_pcall(lua_State *L, int status, lua_KContext extra)
{
	if (status != LUA_OK && status != LUA_YIELD) {
		lua_pushboolean(L, 0);
		lua_pushvalue(L, -2);
		return 2;
	}
	return lua_gettop(L) - (int)extra;
}

static int b_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, handler, 1);
	lua_replace(L, 2); /* the wrapped handler where the script's was */
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	lua_rotate(L, 3, 2); /* true, f above the handler */
	int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
	return finish_pcall(L, status, 2);
}

void lx_bounded_open(lua_State *L)
{
	lua_getglobal(L, "string");
	lua_pushcfunction(L, str_rep);
	lua_setfield(L, -2, "rep");
	lua_pop(L, 1);

	lua_getglobal(L, "table");
	static const luaL_Reg tab[] = {
		{"insert", tab_insert}, {"remove", tab_remove}, {"move", tab_move},
		{"sort", tab_sort},     {"concat", tab_concat}, {"unpack", tab_unpack},
		{NULL, NULL},
	};
	luaL_setfuncs(L, tab, 0);
	lua_pop(L, 1);

	lua_pushcfunction(L, b_xpcall);
	lua_setglobal(L, "xpcall");
}
