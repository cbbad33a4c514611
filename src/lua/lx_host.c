/* lx_host.c - hosting Lua: state set-up, the one protected path into Lua
 * (a message handler adds the traceback), output capture for commands, the
 * module search path, and stopping a runaway script from a signal. */
#include <lauxlib.h>
#include <lualib.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lua/lx.h"

#define SESSION_KEY "deadrelu.session"
#define CAPTURE_KEY "deadrelu.capture"

static volatile sig_atomic_t interrupted;
static lua_State *running_state; /* the state a signal may stop */

static void stop_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lua_sethook(L, NULL, 0, 0);
	luaL_error(L, "interrupted");
}

void lx_interrupt(void)
{
	interrupted = 1;
	/* lua_sethook is safe to call from a signal handler (as lua.c does);
	 * the hook raises the error at the next instruction or call. */
	if (running_state)
		lua_sethook(running_state, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
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

/* Calls the function below nargs arguments under msgh. */
static int pcall_traced(lua_State *L, int nargs, int nres, char *err, size_t errlen)
{
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, msgh);
	lua_insert(L, base);
	lua_State *outer = running_state;
	running_state = L;
	int rc = lua_pcall(L, nargs, nres, base);
	running_state = outer;
	lua_sethook(L, NULL, 0, 0);
	lua_remove(L, base);
	if (rc != LUA_OK) {
		snprintf(err, errlen, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(error)");
		lua_pop(L, 1);
		return DR_EINVAL;
	}
	return DR_OK;
}

static sbuf *capture(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, CAPTURE_KEY);
	sbuf *b = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return b;
}

static void set_capture(lua_State *L, sbuf *b)
{
	lua_pushlightuserdata(L, b);
	lua_setfield(L, LUA_REGISTRYINDEX, CAPTURE_KEY);
}

/* print(): like Lua's, but into the command output when one is being captured. */
static int l_print(lua_State *L)
{
	int n = lua_gettop(L);
	sbuf *b = capture(L);
	for (int i = 1; i <= n; i++) {
		size_t len;
		const char *s = luaL_tolstring(L, i, &len);
		if (b) {
			if (i > 1)
				sb_puts(b, "\t");
			sb_puts(b, s);
		} else {
			if (i > 1)
				fputc('\t', stdout);
			fwrite(s, 1, len, stdout);
		}
		lua_pop(L, 1);
	}
	if (b)
		sb_puts(b, "\n");
	else {
		fputc('\n', stdout);
		fflush(stdout);
	}
	return 0;
}

/* Directory of the running executable, for the lua/ beside an uninstalled build. */
static int exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	*slash = 0;
	return 0;
}

/* package.path: installed share directory, lua/ beside the binary, the user's
 * config directory; never the current directory implicitly. */
static void set_path(lua_State *L)
{
	char dir[PATH_MAX], conf[PATH_MAX] = "";
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	if (exe_dir(dir, sizeof dir) == 0) {
		luaL_addstring(&b, dir);
		luaL_addstring(&b, "/lua/?.lua;");
	}
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(conf, sizeof conf, "%s/deadrelu/?.lua;", xdg);
	else if (home && *home)
		snprintf(conf, sizeof conf, "%s/.config/deadrelu/?.lua;", home);
	luaL_addstring(&b, conf);
	luaL_addstring(&b, DR_SHAREDIR "/?.lua");
	luaL_pushresult(&b);
	lua_getglobal(L, "package");
	lua_insert(L, -2);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
}

static int hook_file(session *s, const char *path, sbuf *out, char *err, size_t errlen);
static int hook_chunk(session *s, const char *chunk, sbuf *out, char *err, size_t errlen);

static int at_panic(lua_State *L)
{
	fprintf(stderr, "deadrelu: Lua panic: %s\n", lua_tostring(L, -1));
	return 0; /* abort follows; the terminal is restored by the atexit/abort handlers */
}

lua_State *lx_new(session *s)
{
	lua_State *L = luaL_newstate();
	if (!L)
		return NULL;
	lua_atpanic(L, at_panic);
	luaL_openlibs(L);
	lua_pushlightuserdata(L, s);
	lua_setfield(L, LUA_REGISTRYINDEX, SESSION_KEY);
	luaL_requiref(L, "deadrelu", luaopen_deadrelu, 1);
	lua_pop(L, 1);
	lua_pushcfunction(L, l_print);
	lua_setglobal(L, "print");
	set_path(L);
	s->hooks.lua_file = hook_file;
	s->hooks.lua_chunk = hook_chunk;
	s->hooks.ud = L;
	return L;
}

void lx_close(lua_State *L)
{
	if (L)
		lua_close(L);
}

int lx_run_file(lua_State *L, const char *path, int argc, char **argv, char *err, size_t errlen)
{
	/* arg table as the lua interpreter gives it: arg[0] the script. */
	lua_createtable(L, argc, 1);
	lua_pushstring(L, path);
	lua_rawseti(L, -2, 0);
	for (int i = 0; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setglobal(L, "arg");
	if (luaL_loadfile(L, path) != LUA_OK) {
		snprintf(err, errlen, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return DR_EINVAL;
	}
	for (int i = 0; i < argc; i++)
		lua_pushstring(L, argv[i]);
	return pcall_traced(L, argc, 0, err, errlen);
}

int lx_run_chunk(lua_State *L, const char *chunk, const char *name, char *err, size_t errlen)
{
	/* Like the interactive interpreter: an expression prints its values. */
	int top = lua_gettop(L);
	const char *ret = lua_pushfstring(L, "return %s", chunk);
	int rc = luaL_loadbuffer(L, ret, strlen(ret), name);
	lua_remove(L, -2);
	if (rc != LUA_OK) {
		lua_pop(L, 1);
		rc = luaL_loadbuffer(L, chunk, strlen(chunk), name);
	}
	if (rc != LUA_OK) {
		snprintf(err, errlen, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return DR_EINVAL;
	}
	if (pcall_traced(L, 0, LUA_MULTRET, err, errlen) != DR_OK)
		return DR_EINVAL;
	int n = lua_gettop(L) - top;
	if (n > 0) {
		lua_pushcfunction(L, l_print);
		lua_insert(L, top + 1);
		lua_call(L, n, 0);
	}
	return DR_OK;
}

/* The command language's `run` and `lua`: output captured into out. */
static int with_capture(session *s, const char *what, int file, sbuf *out, char *err, size_t errlen)
{
	lua_State *L = s->hooks.ud;
	sbuf *outer = capture(L);
	set_capture(L, out);
	int rc = file ? lx_run_file(L, what, 0, NULL, err, errlen) : lx_run_chunk(L, what, "=lua", err, errlen);
	set_capture(L, outer);
	return rc;
}

static int hook_file(session *s, const char *path, sbuf *out, char *err, size_t errlen)
{
	return with_capture(s, path, 1, out, err, errlen);
}

static int hook_chunk(session *s, const char *chunk, sbuf *out, char *err, size_t errlen)
{
	return with_capture(s, chunk, 0, out, err, errlen);
}
