/* lx_script.c - scripts as coroutines. On the screen, `run` and `lua` start
 * a script in its own Lua thread; deadrelu.sleep/pause/wait/simulate yield
 * back to the main loop, which resumes the thread when the time has come,
 * a key was pressed, or the simulation finished. One script at a time. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "lua/lx.h"


static struct {
	lua_State *co;   /* NULL when no script runs */
	int ref;         /* keeps co from the collector */
	lx_waiting w;
	dr_sim **box;    /* LX_SIM: the box on co's stack that owns w.sim */
} script = {NULL, LUA_NOREF, {LX_NONE, 0, NULL}, NULL};

const char *const lx_pause_answers[] = {"next", "back", "repeat", "restart", NULL};

double lx_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int lx_script_active(lua_State *L, lx_waiting *w)
{
	(void)L;
	if (w)
		*w = script.w;
	return script.co != NULL;
}

static void finish(lua_State *L)
{
	if (script.w.wait == LX_SIM && script.box && *script.box) {
		dr_sim_free(*script.box); /* now, not when the collector gets to it */
		*script.box = NULL;
	}
	script.box = NULL;
	if (script.co) {
		/* resetthread runs the thread's pending __close handlers: under the
		 * guard, like any code of the script */
		lx_enter(script.co);
		lua_resetthread(script.co);
		lx_leave();
	}
	luaL_unref(L, LUA_REGISTRYINDEX, script.ref);
	script.co = NULL;
	script.ref = LUA_NOREF;
	script.w = (lx_waiting){LX_NONE, 0, NULL};
}

/* Protected: the message of the failed script thread with its traceback. */
static int p_traceback(lua_State *L)
{
	lua_State *co = lua_touserdata(L, 1);
	const char *msg = lua_type(co, -1) == LUA_TSTRING ? lua_tostring(co, -1) : NULL;
	luaL_traceback(L, co, msg ? msg : "(error object is not a string)", 0);
	return 1;
}

static void traceback(lua_State *L, int status, char *err, size_t errlen)
{
	const char *msg = lua_type(script.co, -1) == LUA_TSTRING ? lua_tostring(script.co, -1)
								 : "(error object is not a string)";
	if (status == LUA_ERRMEM) {
		lx_nomem(L, err, errlen);
		return;
	}
	lua_pushcfunction(L, p_traceback);
	lua_pushlightuserdata(L, script.co);
	int ok = lua_pcall(L, 1, 1, 0) == LUA_OK;
	snprintf(err, errlen, "%s", ok ? lua_tostring(L, -1) : msg); /* no memory for a traceback */
	lua_pop(L, 1);
}

/* Runs the thread until it yields or ends; reads what a yield asks for. */
static int step(lua_State *L, int nargs, char *err, size_t errlen)
{
	int nres = 0;
	lx_enter(script.co);
	int rc = lua_resume(script.co, L, nargs, &nres);
	lx_leave();
	lx_output_flush(L); /* it waits or ends: what it wrote is shown whole */
	if (rc == LUA_YIELD) {
		const char *kind = lua_tostring(script.co, -nres);
		script.w = (lx_waiting){LX_NONE, 0, NULL};
		if (kind && !strcmp(kind, "sleep")) {
			script.w.wait = LX_SLEEP;
			script.w.deadline = lx_now() + lua_tonumber(script.co, -nres + 1);
		} else if (kind && !strcmp(kind, "pause")) {
			script.w.wait = LX_PAUSE;
		} else if (kind && !strcmp(kind, "wait")) {
			script.w.wait = LX_WAIT;
		} else if (kind && !strcmp(kind, "sim")) {
			script.w.wait = LX_SIM;
			script.box = lua_touserdata(script.co, -nres + 1);
			script.w.sim = script.box ? *script.box : NULL;
		}
		lua_pop(script.co, nres);
		if (script.w.wait != LX_NONE)
			return 1;
		snprintf(err, errlen, "script: coroutine.yield outside deadrelu.sleep/pause/wait is not supported here");
		finish(L);
		return -1;
	}
	if (rc != LUA_OK) {
		traceback(L, rc, err, errlen);
		finish(L);
		return -1;
	}
	finish(L);
	return 0;
}

/* Protected: a new thread for the script, kept from the collector. */
static int p_newthread(lua_State *L)
{
	lua_State *co = lua_newthread(L);
	script.ref = luaL_ref(L, LUA_REGISTRYINDEX);
	script.co = co;
	return 0;
}

int lx_start_script(lua_State *L, int nargs, const char *what, char *err, size_t errlen)
{
	if (script.co) {
		lua_pop(L, nargs + 1);
		snprintf(err, errlen, "run: a script is running already (Ctrl-C stops it); not starting '%s'", what);
		return DR_EINVAL;
	}
	lua_pushcfunction(L, p_newthread);
	int started = lua_pcall(L, 0, 0, 0) == LUA_OK;
	if (!started || !lua_checkstack(script.co, nargs + 1)) {
		lua_pop(L, nargs + 1 + !started); /* the function, its arguments, a message */
		finish(L);
		snprintf(err, errlen, "run: not enough memory to start '%s' (--lua-memory)", what);
		return DR_ENOMEM;
	}
	lua_xmove(L, script.co, nargs + 1); /* the function and its arguments */
	lx_new_script();
	return step(L, nargs, err, errlen) < 0 ? DR_EINVAL : DR_OK;
}

int lx_script_resume(lua_State *L, const dr_result *r, char *err, size_t errlen)
{
	return lx_script_answer(L, r, NULL, err, errlen);
}

int lx_script_answer(lua_State *L, const dr_result *r, const char *answer, char *err, size_t errlen)
{
	if (!script.co)
		return 0;
	/* The tables are built inside the thread (deadrelu's continuations),
	 * where running out of memory is an error of the script. */
	int nargs = 0;
	if (script.w.wait == LX_WAIT) {
		if (r)
			lua_pushlightuserdata(script.co, (void *)r);
		else
			lua_pushnil(script.co); /* no result: wait() raises */
		nargs = 1;
	} else if (script.w.wait == LX_PAUSE && answer) {
		/* Its index in the answers, not the string: pushing an integer
		 * takes no memory here; the thread makes the string. */
		int i = 0;
		while (lx_pause_answers[i] && strcmp(lx_pause_answers[i], answer))
			i++;
		lua_pushinteger(script.co, lx_pause_answers[i] ? i : 0);
		nargs = 1;
	}
	script.box = NULL; /* the thread takes its simulation back */
	script.w = (lx_waiting){LX_NONE, 0, NULL};
	return step(L, nargs, err, errlen);
}

lua_State *lx_script_thread(void)
{
	return script.co;
}

void lx_script_cancel(lua_State *L)
{
	if (!script.co)
		return;
	/* Stopped, not ended: its __close handlers are stopped too. */
	int was = lx_interrupted();
	lx_interrupt();
	finish(L);
	if (!was)
		lx_clear_interrupt();
}
