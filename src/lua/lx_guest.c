/* lx_guest.c - the module as a guest: `require "deadrelu"` in a stock Lua
 * 5.4 interpreter (deadrelu.so), where no deadrelu binary made the state.
 * It keeps a session of its own in the registry, a full userdata freed
 * with the state, with the hooks a headless `deadrelu script.lua` has: no
 * screen, output to stdout, Lua commands and `run`/`lua` run in this state.
 * Ctrl-C belongs to the interpreter except during a call that blocks,
 * when the module takes it to stop the call as headless deadrelu does. */
#include <lauxlib.h>
#include <signal.h>
#include <string.h>
#include "lua/lx.h"

#define SESSION_KEY "deadrelu.session" /* (lx_host.c reads it) */

static int gc_session(lua_State *L)
{
	session *s = lua_touserdata(L, 1);
	session_free(s);
	memset(s, 0, sizeof *s);
	return 0;
}

static int guest_interrupted(session *s)
{
	(void)s;
	return lx_interrupted();
}

void lx_guest_open(lua_State *L)
{
	session *s = lua_newuserdatauv(L, sizeof *s, 0);
	session_init(s);
	lua_newtable(L);
	lua_pushcfunction(L, gc_session);
	lua_setfield(L, -2, "__gc");
	lua_setmetatable(L, -2);
	lua_setfield(L, LUA_REGISTRYINDEX, SESSION_KEY);
	/* Commands written in Lua and `run`/`lua` run on the main thread (as
	 * in the binary), not on whichever coroutine happened to require us. */
	lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
	lua_State *main = lua_tothread(L, -1);
	lua_pop(L, 1);
	lx_run_install(s, main);
	s->hooks.interrupted = guest_interrupted;
}

/* ---- Ctrl-C during a blocking call ----
 * Taken only from a handler of the interpreter's own (lua5.4 has one while
 * it runs Lua: "interrupted!"): where SIGINT would end the program, or is
 * ignored, it still does, or still is. The Ctrl-C taken leaves SIGINT at
 * its default, as lua5.4's handler does, so a second one ends the program
 * even when a pcall caught the first one's error. */

static int blocking;              /* nesting depth (a command that simulates) */
static int took_sigint;           /* the handler below is installed */
static struct sigaction previous; /* the interpreter's, back at the end */

static void on_sigint(int sig)
{
	(void)sig;
	lx_interrupt(); /* (SA_RESETHAND: SIGINT is at its default from here) */
}

void lx_block_begin(lua_State *L)
{
	if (lx_hosted(L) || blocking++ > 0)
		return;
	took_sigint = 0;
	lx_clear_interrupt();
	if (sigaction(SIGINT, NULL, &previous) != 0 ||
	    (!(previous.sa_flags & SA_SIGINFO) && (previous.sa_handler == SIG_IGN || previous.sa_handler == SIG_DFL)))
		return;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	took_sigint = sigaction(SIGINT, &sa, NULL) == 0;
}

int lx_block_end(lua_State *L)
{
	if (lx_hosted(L) || --blocking > 0)
		return 0;
	int stopped = took_sigint && lx_interrupted();
	if (took_sigint && !stopped)
		sigaction(SIGINT, &previous, NULL);
	took_sigint = 0;
	lx_clear_interrupt(); /* the call raises the stop, once */
	return stopped;
}
