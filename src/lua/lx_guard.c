/* lx_guard.c - stopping scripts: Ctrl-C from a signal handler, the
 * instruction budget, the work charged by library functions that loop in C
 * (lx_bounded.c, lx_strlib.c), and the one protected path into Lua, whose
 * message handler adds a traceback. */
#include <lauxlib.h>
#include <signal.h>
#include <stdio.h>
#include "lua/lx.h"

/* Instructions between two charges of the budget; each resume of a
 * coroutine is also charged this much, as a thread's own count starts
 * afresh when it is created (code that runs a little in many coroutines
 * would otherwise never be charged). */
#define BUDGET_STEP 1000
#define EVERY_EVENT (LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT)

static volatile sig_atomic_t interrupted;
static lua_State *volatile running_state; /* the thread a signal may stop */
static long long budget, budget_left;     /* 0: unlimited */

static void guard_hook(lua_State *L, lua_Debug *ar);

/* Removes the guard's hook, never another's: a hook a script set with
 * debug.sethook, or the stock interpreter's own for Ctrl-C, stays. */
static void unhook(lua_State *L)
{
	if (lua_gethook(L) == guard_hook)
		lua_sethook(L, NULL, 0, 0);
}

static int budget_exhausted(void)
{
	return budget > 0 && budget_left < 0;
}

/* Raises the stop; from here on every event of L raises it again, so a
 * pcall in the script cannot swallow it. */
static int raise_stop(lua_State *L)
{
	lua_sethook(L, guard_hook, EVERY_EVENT, 1);
	if (interrupted)
		return luaL_error(L, "interrupted");
	return luaL_error(L, "instruction budget of %I exhausted (--budget)", (lua_Integer)budget);
}

static void guard_hook(lua_State *L, lua_Debug *ar)
{
	if (ar->event == LUA_HOOKCOUNT && budget > 0 && !budget_exhausted())
		budget_left -= BUDGET_STEP;
	if (interrupted || budget_exhausted())
		raise_stop(L);
}

void lx_charge(lua_State *L, long steps)
{
	if (budget > 0)
		budget_left -= steps;
	if (interrupted || budget_exhausted())
		raise_stop(L);
}

int lx_stopping(void)
{
	return interrupted || budget_exhausted();
}

void lx_set_budget(long long instructions)
{
	budget = instructions;
	budget_left = instructions;
}

/* Arms the guard on a thread about to run: every event once the script is
 * being stopped, else the count hook of the budget - left as it is when
 * armed already, since lua_sethook restarts the count (code that yields
 * every few hundred instructions would never be charged). */
static void arm(lua_State *co)
{
	if (interrupted || budget_exhausted())
		lua_sethook(co, guard_hook, EVERY_EVENT, 1);
	else if (budget > 0 && !(lua_gethook(co) == guard_hook && lua_gethookmask(co) == LUA_MASKCOUNT))
		lua_sethook(co, guard_hook, LUA_MASKCOUNT, BUDGET_STEP);
	else if (budget == 0)
		unhook(co);
}

/* A script (re)starts: a full budget; a Ctrl-C that came while it was
 * being loaded (the parser runs without hooks) stops it at once. */
static void arm_budget(lua_State *L)
{
	budget_left = budget;
	unhook(L);
	arm(L);
}

void lx_interrupt(void)
{
	interrupted = 1;
	/* lua_sethook is safe in a signal handler (lua.c does the same). */
	lua_State *L = running_state;
	if (L)
		lua_sethook(L, guard_hook, EVERY_EVENT, 1);
}

int lx_interrupted(void)
{
	return interrupted;
}

void lx_clear_interrupt(void)
{
	interrupted = 0;
}

static int msgh(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (!msg)
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	luaL_traceback(L, L, msg, 1);
	return 1;
}

int lx_pcall(lua_State *L, int nargs, int nres, char *err, size_t errlen)
{
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, msgh);
	lua_insert(L, base);
	lua_State *outer = running_state;
	running_state = L;
	if (!outer)
		arm_budget(L);
	int rc = lua_pcall(L, nargs, nres, base);
	running_state = outer;
	if (!outer)
		unhook(L);
	lua_remove(L, base);
	if (rc == LUA_ERRMEM) {
		lx_nomem(L, err, errlen);
		lua_pop(L, 1);
		return DR_ENOMEM;
	}
	if (rc != LUA_OK) {
		const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error)";
		snprintf(err, errlen, "%s", msg);
		lua_pop(L, 1);
		return DR_EINVAL;
	}
	return DR_OK;
}

/* ---- the script thread on the screen (lx_script.c) ---- */

void lx_enter(lua_State *co)
{
	running_state = co;
	if (budget > 0) /* the budget is per script: not refilled on resume */
		budget_left -= BUDGET_STEP;
	arm(co);
}

void lx_new_script(void)
{
	budget_left = budget;
}

void lx_leave(void)
{
	lua_State *co = running_state;
	running_state = NULL;
	if (co)
		unhook(co);
}

/* ---- coroutines a script makes ---- */

/* Called around lua_resume of a coroutine: the thread being run is the one
 * a Ctrl-C arms (a hook is per thread), and the budget follows it. */
lua_State *lx_resume_enter(lua_State *co)
{
	lua_State *outer = running_state;
	running_state = co;
	if (budget > 0)
		budget_left -= BUDGET_STEP;
	arm(co);
	return outer;
}

void lx_resume_leave(lua_State *L, lua_State *outer)
{
	running_state = outer;
	if (interrupted || budget_exhausted()) /* stopped inside: go on stopping outside */
		lua_sethook(L, guard_hook, EVERY_EVENT, 1);
}
