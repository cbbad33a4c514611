/* lx_cfg.c - Lua tables <-> the engine's values: a cfg table's keys are
 * parameter names and its values go through the same parser as `set`, so
 * errors read the same; parameters and results come back as tables. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include "lua/lx.h"

/* The value at the top of the stack as the command language would spell it. */
static const char *cfg_value(lua_State *L, const char *key, luaL_Buffer *b)
{
	int v = lua_absindex(L, -1), t = lua_type(L, v);
	luaL_buffinit(L, b); /* may push a placeholder: use v from here on */
	if (t == LUA_TBOOLEAN) {
		luaL_addstring(b, lua_toboolean(L, v) ? "on" : "off");
	} else if (t == LUA_TNUMBER || t == LUA_TSTRING) {
		char num[64];
		size_t len;
		if (t == LUA_TSTRING && strlen(lua_tolstring(L, v, &len)) != len)
			luaL_error(L, "%s: bad value (allowed: text without NUL bytes)", key);
		if (lua_isinteger(L, v))
			snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, v));
		else if (t == LUA_TNUMBER)
			snprintf(num, sizeof num, "%.17g", lua_tonumber(L, v));
		luaL_addstring(b, t == LUA_TNUMBER ? num : lua_tostring(L, v));
	} else if (t == LUA_TTABLE) {
		lua_Integer n = luaL_len(L, v);
		if (n > DR_MAX_LIST) /* before visiting them: elements can be costly */
			luaL_error(L, "%s: a list of %I values (allowed: at most %d numbers)", key, n, DR_MAX_LIST);
		for (lua_Integer i = 1; i <= n; i++) {
			char num[64];
			lua_geti(L, v, i);
			int isnum = lua_isnumber(L, -1);
			snprintf(num, sizeof num, "%s%.17g", i > 1 ? "," : "", lua_tonumber(L, -1));
			lua_pop(L, 1);
			if (!isnum)
				luaL_error(L, "%s: bad value (allowed: a list of numbers)", key);
			luaL_addstring(b, num);
		}
	} else {
		luaL_error(L, "%s: bad value of type %s", key, luaL_typename(L, v));
	}
	luaL_pushresult(b);
	return lua_tostring(L, -1);
}

/* Applies the cfg table at idx on top of *p. */
void lx_apply_cfg(lua_State *L, int idx, dr_params *p)
{
	char err[DR_ERRLEN];
	if (lua_isnoneornil(L, idx))
		return;
	luaL_checktype(L, idx, LUA_TTABLE);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			luaL_error(L, "cfg: keys must be parameter names (got a %s)", luaL_typename(L, -2));
		const char *key = lua_tostring(L, -2);
		if (session_param_refused(key, lx_session(L)->sandbox, err, sizeof err) != DR_OK)
			luaL_error(L, "%s", err);
		luaL_Buffer b;
		const char *v = cfg_value(L, key, &b);
		if (dr_param_parse(p, key, v, err, sizeof err) != DR_OK)
			luaL_error(L, "%s", err);
		lua_pop(L, 2); /* the string and the value */
	}
	if (dr_params_check(p, err, sizeof err) != DR_OK)
		luaL_error(L, "%s", err);
}

/* Fills p from the cfg table at idx (missing keys: defaults). */
void lx_check_cfg(lua_State *L, int idx, dr_params *p)
{
	dr_params_default(p);
	lx_apply_cfg(L, idx, p);
}

static void set_num(lua_State *L, const char *k, double v)
{
	lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

static void set_int(lua_State *L, const char *k, long long v)
{
	lua_pushinteger(L, (lua_Integer)v);
	lua_setfield(L, -2, k);
}

static void set_bool(lua_State *L, const char *k, int v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

/* n number fields of the table on top. */
static void set_nums(lua_State *L, const char *const *keys, const double *v, int n)
{
	for (int i = 0; i < n; i++)
		set_num(L, keys[i], v[i]);
}

void lx_push_result(lua_State *L, const dr_result *r)
{
	double v[REPORT_RESULT_N];
	report_result_numbers(r, v);
	lua_createtable(L, 0, 12);
	set_nums(L, report_result_names, v, REPORT_RESULT_N);
	set_int(L, "trials", r->trials);
	set_int(L, "points", r->points);
	set_bool(L, "finished", r->finished);
	/* certify off: the certified fields are nil */
	int cert = r->certify != DR_CERT_OFF;
	double cv[REPORT_CERT_N];
	if (cert) {
		report_result_cert_numbers(r, cv);
		set_nums(L, report_cert_names, cv, REPORT_CERT_N);
		if (r->certify_note) {
			lua_pushstring(L, r->certify_note);
			lua_setfield(L, -2, "certify_note");
		}
	}
	lua_createtable(L, (int)r->depth, 0);
	for (long long l = 0; l < r->depth; l++) {
		const dr_depth_stats *d = &r->by_depth[l];
		double dv[REPORT_DEPTH_N];
		report_depth_numbers(d, dv);
		lua_createtable(L, 0, cert ? 10 : 6);
		set_nums(L, report_depth_names, dv, REPORT_DEPTH_N);
		if (cert) {
			report_cert_numbers(d, cv);
			set_nums(L, report_cert_names, cv, REPORT_CERT_N);
		}
		lua_rawseti(L, -2, l + 1);
	}
	lua_setfield(L, -2, "by_depth");
}

/* Pushes p as a cfg table whose values round-trip through lx_check_cfg. */
void lx_push_params(lua_State *L, const dr_params *p)
{
	char v[DR_VALUE_MAX];
	lua_createtable(L, 0, dr_param_count());
	for (int i = 0; i < dr_param_count(); i++) {
		const dr_param_info *pi = dr_param_at(i);
		dr_param_get(p, pi->name, v, sizeof v);
		if (pi->kind == DR_PK_BOOL) {
			lua_pushboolean(L, !strcmp(v, "on"));
		} else if (pi->kind == DR_PK_INT || pi->kind == DR_PK_REAL ||
			   (pi->kind == DR_PK_LIST && !strchr(v, ',') && strcmp(v, "origin"))) {
			lua_stringtonumber(L, v) ? (void)0 : lua_pushstring(L, v);
			if (pi->kind == DR_PK_INT && !lua_isinteger(L, -1)) {
				lua_pop(L, 1); /* a seed above math.maxinteger: a float would round it */
				lua_pushstring(L, v);
			}
		} else if (pi->kind == DR_PK_LIST && strchr(v, ',')) {
			lua_newtable(L);
			int n = 0;
			for (char *save = NULL, *tok = strtok_r(v, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				lua_stringtonumber(L, tok);
				lua_rawseti(L, -2, ++n);
			}
		} else if (pi->kind == DR_PK_ENUM && lua_stringtonumber(L, v)) {
			/* a constant bias stays a number */
		} else {
			lua_pushstring(L, v);
		}
		lua_setfield(L, -2, pi->name);
	}
}

void lx_push_bounds(lua_State *L, const dr_bounds *b)
{
	double v[REPORT_BOUNDS_N];
	report_bounds_numbers(b, v);
	lua_createtable(L, 0, 10);
	set_nums(L, report_bounds_names, v, REPORT_BOUNDS_N);
	lua_pushstring(L, b->first_factor_kind);
	lua_setfield(L, -2, "first_factor_kind");
	set_bool(L, "applies", b->applies);
	lua_createtable(L, b->nnotes, 0);
	for (int i = 0; i < b->nnotes; i++) {
		lua_pushstring(L, b->notes[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "notes");
}
