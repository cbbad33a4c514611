/* lx_module.c - the `deadrelu` Lua module: a thin binding of the engine and
 * the command language. A cfg table's keys are parameter names; values go
 * through the same parser as `set`, so errors read the same. */
#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "lua/lx.h"

#include <time.h>

#define COMMANDS_KEY "deadrelu.commands"
#define RESULT_BOX "deadrelu.result"
#define BUFFER_BOX "deadrelu.buffer"
#define SIM_BOX "deadrelu.sim"

static session *get_session(lua_State *L)
{
	return lx_session(L);
}

/* ---- C memory that crosses into Lua lives in boxes (userdata with a
 * __gc), so an error unwinding past it, "not enough memory" above all,
 * frees it with the box instead of leaking it. ---- */

static int gc_result(lua_State *L)
{
	dr_result_free(lua_touserdata(L, 1));
	return 0;
}

static int gc_buffer(lua_State *L)
{
	sb_free(lua_touserdata(L, 1));
	return 0;
}

static int gc_sim(lua_State *L)
{
	dr_sim **box = lua_touserdata(L, 1);
	dr_sim_free(*box);
	*box = NULL;
	return 0;
}

static void *new_box(lua_State *L, size_t size, const char *kind)
{
	void *p = lua_newuserdatauv(L, size, 0);
	memset(p, 0, size);
	luaL_setmetatable(L, kind);
	return p;
}

static void box_types(lua_State *L)
{
	static const struct {
		const char *name;
		lua_CFunction gc;
	} kinds[] = {{RESULT_BOX, gc_result}, {BUFFER_BOX, gc_buffer}, {SIM_BOX, gc_sim}};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		luaL_newmetatable(L, kinds[i].name);
		lua_pushcfunction(L, kinds[i].gc);
		lua_setfield(L, -2, "__gc");
		lua_pop(L, 1);
	}
}

/* On the screen a script runs as a coroutine and waits by yielding to the
 * main loop; inside a coroutine of its own making it blocks instead. */
static int scheduled(lua_State *L)
{
	return get_session(L)->scripted && L == lx_script_thread() && lua_isyieldable(L);
}

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
static void apply_cfg(lua_State *L, int idx, dr_params *p)
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
		if (session_param_refused(key, get_session(L)->sandbox, err, sizeof err) != DR_OK)
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
static void check_cfg(lua_State *L, int idx, dr_params *p)
{
	dr_params_default(p);
	apply_cfg(L, idx, p);
}

static void set_num(lua_State *L, const char *k, double v)
{
	lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

static int l_bounds(lua_State *L)
{
	dr_params p;
	dr_bounds b;
	char err[DR_ERRLEN];
	check_cfg(L, 1, &p);
	if (dr_bounds_compute(&p, &b, err, sizeof err) != DR_OK)
		return luaL_error(L, "%s", err);
	lua_createtable(L, 0, 10);
	set_num(L, "lower", b.lower);
	set_num(L, "upper", b.upper);
	set_num(L, "log_lower", b.log_lower);
	set_num(L, "log_upper", b.log_upper);
	set_num(L, "log_dead_lower", b.log_dead_lower);
	set_num(L, "log_dead_upper", b.log_dead_upper);
	set_num(L, "first_factor", b.first_factor);
	lua_pushstring(L, b.first_factor_kind);
	lua_setfield(L, -2, "first_factor_kind");
	lua_pushboolean(L, b.applies);
	lua_setfield(L, -2, "applies");
	lua_createtable(L, b.nnotes, 0);
	for (int i = 0; i < b.nnotes; i++) {
		lua_pushstring(L, b.notes[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "notes");
	return 1;
}

void lx_push_result(lua_State *L, const dr_result *r)
{
	lua_createtable(L, 0, 12);
	set_num(L, "alive", r->alive);
	set_num(L, "alive_lo", r->alive_lo);
	set_num(L, "alive_hi", r->alive_hi);
	lua_pushinteger(L, r->trials);
	lua_setfield(L, -2, "trials");
	lua_pushinteger(L, r->points);
	lua_setfield(L, -2, "points");
	set_num(L, "living_ratio", r->living_ratio);
	set_num(L, "living_ratio_lo", r->living_ratio_lo);
	set_num(L, "living_ratio_hi", r->living_ratio_hi);
	set_num(L, "min_living_ratio", r->min_living_ratio);
	set_num(L, "seconds", r->seconds);
	lua_pushboolean(L, r->finished);
	lua_setfield(L, -2, "finished");
	lua_createtable(L, (int)r->depth, 0);
	for (long long l = 0; l < r->depth; l++) {
		const dr_depth_stats *d = &r->by_depth[l];
		lua_createtable(L, 0, 6);
		set_num(L, "alive", d->alive);
		set_num(L, "alive_lo", d->alive_lo);
		set_num(L, "alive_hi", d->alive_hi);
		set_num(L, "living_ratio", d->living_ratio);
		set_num(L, "min_living_ratio", d->min_living_ratio);
		set_num(L, "dead_units", d->dead_units);
		lua_rawseti(L, -2, l + 1);
	}
	lua_setfield(L, -2, "by_depth");
}

/* Resumed once the simulation in the box at index ctx is done. */
static int sim_done(lua_State *L, int status, lua_KContext ctx)
{
	(void)status;
	dr_sim **box = lua_touserdata(L, (int)ctx);
	dr_result *r = new_box(L, sizeof *r, RESULT_BOX);
	char err[DR_ERRLEN];
	int rc = dr_sim_snapshot(*box, r, err, sizeof err);
	dr_sim_free(*box);
	*box = NULL;
	if (rc != DR_OK)
		return luaL_error(L, "simulate: %s", err);
	lx_push_result(L, r);
	dr_result_free(r);
	return 1;
}

static int l_simulate(lua_State *L)
{
	dr_params p;
	char err[DR_ERRLEN];
	check_cfg(L, 1, &p);
	if (scheduled(L)) {
		/* Run in the background; the main loop resumes us when it is done. */
		dr_sim **box = new_box(L, sizeof *box, SIM_BOX);
		int idx = lua_gettop(L);
		if (dr_sim_start(&p, NULL, NULL, box, err, sizeof err) != DR_OK)
			return luaL_error(L, "%s", err);
		lua_pushliteral(L, "sim");
		lua_pushvalue(L, idx);
		return lua_yieldk(L, 2, idx, sim_done);
	}
	dr_result *r = new_box(L, sizeof *r, RESULT_BOX);
	if (session_simulate(get_session(L), &p, r, err, sizeof err) != DR_OK)
		return luaL_error(L, "%s", err);
	lx_push_result(L, r);
	dr_result_free(r);
	return 1;
}

static lua_Integer field_int(lua_State *L, const char *k)
{
	lua_getfield(L, 1, k);
	int ok;
	lua_Integer v = lua_tointegerx(L, -1, &ok);
	if (!ok)
		luaL_error(L, "%s: bad value '%s' (allowed: an integer)", k, luaL_tolstring(L, -1, NULL));
	lua_pop(L, 1);
	return v;
}

static double field_prob(lua_State *L)
{
	lua_getfield(L, 1, "p");
	int ok;
	double p = lua_tonumberx(L, -1, &ok);
	if (!ok)
		luaL_error(L, "p: bad value '%s' (allowed: a number 0 < p < 1)", luaL_tolstring(L, -1, NULL));
	lua_pop(L, 1);
	return p;
}

static int l_min_width(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	char err[DR_ERRLEN];
	long long n;
	if (dr_min_width(field_int(L, "depth"), field_prob(L), &n, err, sizeof err) != DR_OK)
		return luaL_error(L, "%s", err);
	lua_pushinteger(L, n);
	return 1;
}

static int l_max_depth(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	char err[DR_ERRLEN];
	long long k;
	if (dr_max_depth(field_int(L, "width"), field_prob(L), &k, err, sizeof err) != DR_OK)
		return luaL_error(L, "%s", err);
	lua_pushinteger(L, k);
	return 1;
}

/* Pushes p as a cfg table whose values round-trip through check_cfg. */
static void push_params(lua_State *L, const dr_params *p)
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

static int l_defaults(lua_State *L)
{
	dr_params p;
	dr_params_default(&p);
	push_params(L, &p);
	return 1;
}

/* Argument arg as a C string: one with a NUL byte would be cut silently. */
static const char *check_text(lua_State *L, int arg, const char *what)
{
	size_t len;
	const char *s = luaL_checklstring(L, arg, &len);
	if (strlen(s) != len)
		luaL_error(L, "%s: bad value (allowed: text without NUL bytes)", what);
	return s;
}

static int l_cmd(lua_State *L)
{
	const char *text = check_text(L, 1, "cmd");
	char err[DR_ERRLEN];
	sbuf *out = new_box(L, sizeof *out, BUFFER_BOX);
	session *s = get_session(L);
	int json = s->json, restricted = s->restricted;
	s->json = 0;
	s->restricted = s->sandbox; /* a sandboxed script may not reach files through commands */
	/* A script gets the same output from `simulate` and `sweep` everywhere:
	 * the screen's background versions are for the prompt. */
	session_hooks hooks = s->hooks;
	s->hooks.simulate = NULL;
	s->hooks.sweep = NULL;
	int rc = cmd_run(s, text, out, err, sizeof err);
	s->hooks.simulate = hooks.simulate;
	s->hooks.sweep = hooks.sweep;
	s->json = json;
	s->restricted = restricted;
	if (rc == DR_OK && out->len >= lx_memory_room(L)) {
		/* Would fail inside Lua, leaving the buffer to a late collection. */
		snprintf(err, sizeof err, "not enough memory: the output (%zu MiB) does not fit under the Lua memory cap of %zu MiB (--lua-memory)",
			 (out->len >> 20) + 1, lx_memory_cap(L) >> 20);
		rc = DR_ENOMEM;
	}
	if (rc != DR_OK) {
		sb_free(out);
		return luaL_error(L, "%s", err);
	}
	lua_pushlstring(L, sb_str(out), out->len);
	sb_free(out);
	return 1;
}

/* set(cfg): the live parameters, as if typed; the screen follows. */
static int l_set(lua_State *L)
{
	session *s = get_session(L);
	dr_params p = s->params;
	luaL_checktype(L, 1, LUA_TTABLE);
	apply_cfg(L, 1, &p);
	session_set_params(s, &p);
	return 0;
}

static int l_get(lua_State *L)
{
	push_params(L, &get_session(L)->params);
	return 1;
}

static int l_caption(lua_State *L)
{
	const char *text = luaL_checkstring(L, 1);
	session *s = get_session(L);
	if (s->hooks.caption)
		s->hooks.caption(s, text);
	else
		lx_output(L, lua_pushfstring(L, "== %s ==\n", text));
	return 0;
}

static int resumed(lua_State *L, int status, lua_KContext ctx)
{
	(void)L;
	(void)status;
	(void)ctx;
	return 0;
}

static int l_sleep(lua_State *L)
{
	double secs = luaL_checknumber(L, 1);
	if (!(secs >= 0 && secs <= 86400))
		return luaL_error(L, "sleep: bad value '%f' (allowed: 0..86400 seconds)", secs);
	if (scheduled(L)) {
		lua_pushstring(L, "sleep");
		lua_pushnumber(L, secs);
		return lua_yieldk(L, 2, 0, resumed);
	}
	/* Headless: really sleep, in slices so Ctrl-C stops it. */
	double end = lx_now() + secs;
	while (lx_now() < end) {
		if (lx_interrupted())
			return luaL_error(L, "interrupted");
		double left = end - lx_now();
		struct timespec ts = {0, (long)(1e9 * (left < 0.05 ? (left > 0 ? left : 0) : 0.05))};
		nanosleep(&ts, NULL);
	}
	return 0;
}

static int l_pause(lua_State *L)
{
	const char *text = luaL_optstring(L, 1, NULL);
	if (text) /* the same words everywhere; the screen also marks the pause */
		lx_output(L, lua_pushfstring(L, "%s\n", text));
	if (scheduled(L)) {
		lua_pushstring(L, "pause");
		return lua_yieldk(L, 1, 0, resumed);
	}
	return 0; /* headless: no wait */
}

/* Resumed with the result (a light userdata, valid during the resume). */
static int waited(lua_State *L, int status, lua_KContext ctx)
{
	(void)status;
	(void)ctx;
	const dr_result *r = lua_touserdata(L, -1);
	if (!r)
		return luaL_error(L, "wait: the simulation could not run (its error is in the messages)");
	lx_push_result(L, r);
	return 1;
}

/* wait(): until the current simulation reaches its target; its result. */
static int l_wait(lua_State *L)
{
	if (scheduled(L)) {
		lua_pushstring(L, "wait");
		return lua_yieldk(L, 1, 0, waited);
	}
	/* Headless there is no background run: run it now, the same way. */
	session *s = get_session(L);
	dr_result *r = new_box(L, sizeof *r, RESULT_BOX);
	char err[DR_ERRLEN];
	if (session_simulate(s, &s->params, r, err, sizeof err) != DR_OK)
		return luaL_error(L, "%s", err);
	lx_push_result(L, r);
	session_store_result(s, &s->params, r);
	return 1;
}

/* view(name): the `view` command, whose output (headless: that there is
 * no screen) a script does not print. */
static int l_view(lua_State *L)
{
	char *argv[] = {"view", (char *)check_text(L, 1, "view")};
	char err[DR_ERRLEN];
	sbuf *out = new_box(L, sizeof *out, BUFFER_BOX);
	if (cmd_call(get_session(L), 2, argv, out, err, sizeof err) != DR_OK)
		return luaL_error(L, "%s", err);
	sb_free(out);
	return 0;
}

typedef struct {
	int argc;
	char **argv;
} user_call;

/* Protected: the command's function called with its words. */
static int p_user_cmd(lua_State *L)
{
	const user_call *u = lua_touserdata(L, 1);
	lua_settop(L, 0);
	lua_getfield(L, LUA_REGISTRYINDEX, COMMANDS_KEY);
	lua_getfield(L, -1, u->argv[0]);
	lua_remove(L, -2);
	luaL_checkstack(L, u->argc, "too many arguments");
	for (int i = 1; i < u->argc; i++)
		lua_pushstring(L, u->argv[i]);
	lua_call(L, u->argc - 1, 1);
	return 1;
}

/* A prompt command written in Lua: fn(arg1, arg2, ...) returns its output. */
static int user_cmd(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	lua_State *L = s->hooks.ud;
	user_call u = {argc, argv};
	lua_pushcfunction(L, p_user_cmd);
	lua_pushlightuserdata(L, &u);
	return lx_call_command(L, 1, out, err, errlen);
}

static int l_command(lua_State *L)
{
	const char *name = check_text(L, 1, "command");
	const char *help = check_text(L, 2, "command");
	luaL_checktype(L, 3, LUA_TFUNCTION);
	session *s = get_session(L);
	char err[DR_ERRLEN];
	if (session_add_user_cmd(s, name, help, err, sizeof err) != DR_OK)
		return luaL_error(L, "%s", err);
	if (lua_getfield(L, LUA_REGISTRYINDEX, COMMANDS_KEY) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, COMMANDS_KEY);
	}
	lua_pushvalue(L, 3);
	lua_setfield(L, -2, name);
	s->hooks.user_cmd = user_cmd;
	return 0;
}

static const luaL_Reg funcs[] = {
	{"set", l_set},
	{"get", l_get},
	{"caption", l_caption},
	{"sleep", l_sleep},
	{"pause", l_pause},
	{"wait", l_wait},
	{"view", l_view},
	{"command", l_command},
	{"bounds", l_bounds},
	{"simulate", l_simulate},
	{"min_width", l_min_width},
	{"max_depth", l_max_depth},
	{"defaults", l_defaults},
	{"cmd", l_cmd},
	{NULL, NULL},
};

int luaopen_deadrelu(lua_State *L)
{
	box_types(L);
	luaL_newlib(L, funcs);
	lua_pushstring(L, DR_VERSION);
	lua_setfield(L, -2, "version");
	return 1;
}
