/* lx_module.c - the `deadrelu` Lua module: a thin binding of the engine and
 * the command language (cfg tables in and results out: lx_cfg.c), and the
 * calls a script on the screen waits with. */
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "lua/lx.h"

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

static int l_bounds(lua_State *L)
{
	dr_params p;
	dr_bounds b;
	char err[DR_ERRLEN];
	lx_check_cfg(L, 1, &p);
	if (dr_bounds_compute(&p, &b, err, sizeof err) != DR_OK)
		return luaL_error(L, "%s", err);
	lx_push_bounds(L, &b);
	return 1;
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
	lx_check_cfg(L, 1, &p);
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
	lx_block_begin(L);
	int rc = session_simulate(get_session(L), &p, r, err, sizeof err);
	int stopped = lx_block_end(L);
	if (rc != DR_OK)
		return luaL_error(L, "%s", err);
	if (stopped)
		return luaL_error(L, "interrupted");
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

/* min_width{depth=, p=} and max_depth{width=, p=}: the size found for the
 * size given. */
static int inverse(lua_State *L, const char *given,
		   int (*fn)(long long given, double p, long long *found, char *err, size_t errlen))
{
	luaL_checktype(L, 1, LUA_TTABLE);
	char err[DR_ERRLEN];
	long long found;
	if (fn(field_int(L, given), field_prob(L), &found, err, sizeof err) != DR_OK)
		return luaL_error(L, "%s", err);
	lua_pushinteger(L, found);
	return 1;
}

static int l_min_width(lua_State *L)
{
	return inverse(L, "depth", dr_min_width);
}

static int l_max_depth(lua_State *L)
{
	return inverse(L, "width", dr_max_depth);
}

static int l_defaults(lua_State *L)
{
	dr_params p;
	dr_params_default(&p);
	lx_push_params(L, &p);
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
	/* A script on the screen was recorded as its `run`: its commands,
	 * resumed from the main loop after a wait, are not recorded again. */
	int inside_run = lx_script_thread() != NULL;
	s->nesting += inside_run;
	lx_block_begin(L);
	int rc = cmd_run(s, text, out, err, sizeof err);
	int stopped = lx_block_end(L);
	s->nesting -= inside_run;
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
	if (rc != DR_OK || stopped) {
		sb_free(out);
		return luaL_error(L, "%s", rc != DR_OK ? err : "interrupted");
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
	lx_apply_cfg(L, 1, &p);
	session_set_params(s, &p);
	return 0;
}

static int l_get(lua_State *L)
{
	lx_push_params(L, &get_session(L)->params);
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
	int stopped = 0;
	lx_block_begin(L);
	while (!(stopped = lx_interrupted()) && lx_now() < end) {
		double left = end - lx_now();
		struct timespec ts = {0, (long)(1e9 * (left < 0.05 ? (left > 0 ? left : 0) : 0.05))};
		nanosleep(&ts, NULL);
	}
	stopped |= lx_block_end(L);
	if (stopped)
		return luaL_error(L, "interrupted");
	return 0;
}

/* Resumed with the key's answer: "next", "back", "repeat" or "restart". */
static int answered(lua_State *L, int status, lua_KContext ctx)
{
	(void)status;
	(void)ctx;
	lua_Integer want = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
	int i = 0;
	while (i < want && lx_pause_answers[i + 1])
		i++;
	lua_pushstring(L, lx_pause_answers[i]);
	return 1;
}

static int l_pause(lua_State *L)
{
	const char *text = luaL_optstring(L, 1, NULL);
	if (text) /* the same words everywhere; the screen also marks the pause */
		lx_output(L, lua_pushfstring(L, "%s\n", text));
	if (scheduled(L)) {
		lua_pushstring(L, "pause");
		return lua_yieldk(L, 1, 0, answered);
	}
	lua_pushliteral(L, "next"); /* headless: no wait, on to the next step */
	return 1;
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
	lx_block_begin(L);
	int rc = session_simulate(s, &s->params, r, err, sizeof err);
	int stopped = lx_block_end(L);
	if (rc != DR_OK)
		return luaL_error(L, "%s", err);
	if (stopped)
		return luaL_error(L, "interrupted");
	lx_push_result(L, r);
	session_store_result(s, &s->params, r);
	return 1;
}

/* view(name): the `view` command, whose output (headless: that there is
 * no screen) a script does not print. view(): the view, x-axis and
 * y-scale shown (headless: those the screen starts with), so a script
 * can put them back. */
static int l_view(lua_State *L)
{
	session *s = get_session(L);
	if (lua_isnoneornil(L, 1)) {
		const char *now[3];
		session_view_now(s, now);
		for (int i = 0; i < 3; i++)
			lua_pushstring(L, now[i]);
		return 3;
	}
	char *argv[] = {"view", (char *)check_text(L, 1, "view")};
	char err[DR_ERRLEN];
	sbuf *out = new_box(L, sizeof *out, BUFFER_BOX);
	if (cmd_call(s, 2, argv, out, err, sizeof err) != DR_OK)
		return luaL_error(L, "%s", err);
	sb_free(out);
	return 0;
}

/* step(n, total [, title]): step n of a lesson of total steps. On the
 * screen it shows "n/total title" as the caption and lets pause() answer
 * back, repeat and restart; headless the caption's line. */
static int l_step(lua_State *L)
{
	lua_Integer n = luaL_checkinteger(L, 1), total = luaL_checkinteger(L, 2);
	const char *title = luaL_optstring(L, 3, "");
	if (total < 1 || total > 1000)
		return luaL_error(L, "step: bad total %I (allowed: 1 to 1000)", (LUAI_UACINT)total);
	if (n < 1 || n > total)
		return luaL_error(L, "step: bad step %I (allowed: 1 to the total, %I)", (LUAI_UACINT)n, (LUAI_UACINT)total);
	session *s = get_session(L);
	const char *text = lua_pushfstring(L, "%I/%I  %s", (LUAI_UACINT)n, (LUAI_UACINT)total, title);
	if (s->hooks.step)
		s->hooks.step(s, (int)n, (int)total, title);
	if (s->hooks.caption)
		s->hooks.caption(s, text);
	else
		lx_output(L, lua_pushfstring(L, "== %s ==\n", text));
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
	{"step", l_step},
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
	if (!get_session(L)) /* a stock interpreter: no host made one */
		lx_guest_open(L);
	box_types(L);
	luaL_newlib(L, funcs);
	lua_pushstring(L, DR_VERSION);
	lua_setfield(L, -2, "version");
	return 1;
}
