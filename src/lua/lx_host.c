/* lx_host.c - hosting Lua: the state (full, or the sandbox's whitelist),
 * a counting allocator with a cap, output routing, the module search path,
 * and coroutine.resume/wrap redone for the guard. Stopping scripts is
 * lx_guard.c; running files and chunks, lx_run.c. */
#include <lauxlib.h>
#include <lualib.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lua/lx.h"
#include "lua/lx_strlib.h"
#include "util/paths.h"

#define SESSION_KEY "deadrelu.session"

typedef struct {
	size_t used, cap;
} lx_alloc;

static sbuf *captured; /* a command's output, where print() goes */

static void *alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	lx_alloc *a = ud;
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		a->used -= old;
		return NULL;
	}
	if (nsize > old && a->used - old + nsize > a->cap)
		return NULL; /* Lua raises "not enough memory" */
	void *p = realloc(ptr, nsize);
	if (p)
		a->used = a->used - old + nsize;
	return p;
}

session *lx_session(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, SESSION_KEY);
	session *s = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return s;
}

/* Only lx_new's states have the counting allocator (and its cap). */
int lx_hosted(lua_State *L)
{
	return lua_getallocf(L, NULL) == alloc;
}

size_t lx_memory_cap(lua_State *L)
{
	void *ud;
	if (lua_getallocf(L, &ud) != alloc)
		return 0;
	return ((lx_alloc *)ud)->cap;
}

size_t lx_memory_room(lua_State *L)
{
	void *ud;
	if (lua_getallocf(L, &ud) != alloc)
		return SIZE_MAX;
	const lx_alloc *a = ud;
	return a->used < a->cap ? a->cap - a->used : 0;
}

void lx_nomem(lua_State *L, char *err, size_t errlen)
{
	size_t cap = lx_memory_cap(L);
	if (cap)
		snprintf(err, errlen, "not enough memory: the Lua memory cap of %zu MiB was reached (--lua-memory)",
			 cap >> 20);
	else
		snprintf(err, errlen, "not enough memory");
}

sbuf *lx_capture(sbuf *out)
{
	sbuf *old = captured;
	captured = out;
	return old;
}

/* Script output: into a command's captured output, else the screen's hook,
 * else stdout. text ends with a newline (print's), or not (io.write's). */
void lx_output(lua_State *L, const char *text)
{
	session *s = lx_session(L);
	if (captured)
		sb_puts(captured, text);
	else if (s->hooks.output)
		s->hooks.output(s, text);
	else {
		fputs(text, stdout);
		fflush(stdout);
	}
}

static void take_partial(lua_State *L, luaL_Buffer *b);

int lx_print(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	take_partial(L, &b); /* (print goes on the line io.write began) */
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_addchar(&b, '\n');
	luaL_pushresult(&b);
	lx_output(L, lua_tostring(L, -1));
	return 0;
}

/* The line io.write began on the screen and has not ended yet. */
#define PARTIAL_KEY "deadrelu.partial_line"

/* Adds that line to b and forgets it. */
static void take_partial(lua_State *L, luaL_Buffer *b)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, PARTIAL_KEY) == LUA_TSTRING) {
		lua_pushnil(L);
		lua_setfield(L, LUA_REGISTRYINDEX, PARTIAL_KEY);
		luaL_addvalue(b);
	} else {
		lua_pop(L, 1);
	}
}

/* Protected: takes the partial line, outputs it with a newline. */
static int p_flush(lua_State *L)
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	take_partial(L, &b);
	luaL_pushresult(&b);
	if (lua_rawlen(L, -1) > 0) {
		lua_pushliteral(L, "\n");
		lua_concat(L, 2);
		lx_output(L, lua_tostring(L, -1));
	}
	return 0;
}

void lx_output_flush(lua_State *L)
{
	lua_pushcfunction(L, p_flush);
	if (lua_pcall(L, 0, 0, 0) != LUA_OK)
		lua_pop(L, 1); /* out of memory: the line is lost, not the program */
}

/* io.write where the output is captured or shown by the screen: through
 * lx_output, as print, for the terminal belongs to curses there and a raw
 * write scrolls the whole display. Elsewhere the original io.write (upvalue
 * 1), which keeps every byte. Returns a proxy of io.stdout (upvalue 2),
 * so io.write(a):write(b) goes the same way (io.stdout itself stays the
 * real file, for io.type and the rest). */
static int io_write(lua_State *L)
{
	session *s = lx_session(L);
	if (!captured && !s->hooks.output) {
		int n = lua_gettop(L);
		lua_pushvalue(L, lua_upvalueindex(1));
		lua_insert(L, 1);
		lua_call(L, n, LUA_MULTRET);
		if (lua_isnil(L, 1))
			return lua_gettop(L); /* (nil, message, code) */
		lua_pushvalue(L, lua_upvalueindex(2));
		return 1;
	}
	int n = lua_gettop(L);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	take_partial(L, &b);
	for (int i = 1; i <= n; i++) {
		size_t len;
		const char *t = luaL_checklstring(L, i, &len);
		luaL_addlstring(&b, t, len);
	}
	luaL_pushresult(&b);
	/* whole lines out; a line not ended yet waits for the rest */
	const char *text = lua_tostring(L, -1), *nl = strrchr(text, '\n');
	lua_pushstring(L, nl ? nl + 1 : text);
	lua_setfield(L, LUA_REGISTRYINDEX, PARTIAL_KEY);
	if (nl) {
		lua_pushlstring(L, text, (size_t)(nl - text + 1));
		lx_output(L, lua_tostring(L, -1));
	}
	lua_pushvalue(L, lua_upvalueindex(2));
	return 1;
}

/* file:write on the proxy: io_write without the file. */
static int proxy_write(lua_State *L)
{
	lua_remove(L, 1);
	lua_pushvalue(L, lua_upvalueindex(1)); /* io_write */
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* Any other method of the proxy: the real stdout's (upvalue 2), on it. */
static int proxy_method(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_replace(L, 1);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

static int proxy_index(lua_State *L)
{
	const char *k = luaL_checkstring(L, 2);
	if (!strcmp(k, "write")) {
		lua_pushvalue(L, lua_upvalueindex(1));
		lua_pushcclosure(L, proxy_write, 1);
		return 1;
	}
	lua_pushvalue(L, lua_upvalueindex(2)); /* the real stdout */
	if (lua_getfield(L, -1, k) != LUA_TFUNCTION)
		return 1; /* (its value, nil for no such method) */
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_pushcclosure(L, proxy_method, 2);
	return 1;
}

static void replace_io_write(lua_State *L)
{
	if (lua_getglobal(L, "io") != LUA_TTABLE) {
		lua_pop(L, 1);
		return;
	}
	int io = lua_gettop(L);
	lua_newtable(L); /* the proxy, its metatable set below */
	int proxy = lua_gettop(L);
	lua_getfield(L, io, "write");
	lua_pushvalue(L, proxy);
	lua_pushcclosure(L, io_write, 2);
	int w = lua_gettop(L);
	lua_newtable(L);
	lua_pushvalue(L, w);
	lua_getfield(L, io, "stdout");
	lua_pushcclosure(L, proxy_index, 2);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "file (stdout)");
	lua_setfield(L, -2, "__name");
	lua_setmetatable(L, proxy);
	lua_pushvalue(L, w);
	lua_setfield(L, io, "write");
	lua_settop(L, io - 1);
}

/* package.path: the shipped Lua files (lua/ beside an uninstalled build, or
 * the installed share directory), then the user's config directory; never
 * the current directory. */
static void set_path(lua_State *L)
{
	char ship[PATH_MAX] = "", conf[PATH_MAX] = "";
	if (paths_shipped_lua_dir(ship, sizeof ship) != 0)
		ship[0] = 0;
	if (paths_user_dir(PATHS_CONFIG, conf, sizeof conf) != 0)
		conf[0] = 0;
	const char *dirs[] = {ship, conf};
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		if (!*dirs[i])
			continue;
		if (luaL_bufflen(&b) > 0)
			luaL_addchar(&b, ';'); /* an empty template would try to open "" */
		luaL_addstring(&b, dirs[i]);
		luaL_addstring(&b, "/?.lua");
	}
	luaL_pushresult(&b);
	lua_getglobal(L, "package");
	lua_insert(L, -2);
	lua_setfield(L, -2, "path");
	lua_pushstring(L, "");
	lua_setfield(L, -2, "cpath");
	lua_pop(L, 1);
}

/* coroutine.resume and coroutine.wrap, re-done so that the thread being run
 * is the one a Ctrl-C arms (a hook is per thread) and the budget follows. */
static int auxresume(lua_State *L, lua_State *co, int narg)
{
	if (lua_status(co) == LUA_OK && lua_gettop(co) == 0) {
		lua_pushliteral(L, "cannot resume dead coroutine");
		return -1;
	}
	if (!lua_checkstack(co, narg)) {
		lua_pushliteral(L, "too many arguments to resume");
		return -1;
	}
	lua_xmove(L, co, narg);
	lua_State *outer = lx_resume_enter(co);
	int nres, status = lua_resume(co, L, narg, &nres);
	lx_resume_leave(L, outer);
	if (status == LUA_OK || status == LUA_YIELD) {
		if (!lua_checkstack(L, nres + 1)) {
			lua_pop(co, nres);
			lua_pushliteral(L, "too many results to resume");
			return -1;
		}
		lua_xmove(co, L, nres);
		return nres;
	}
	lua_xmove(co, L, 1); /* the error object */
	return -1;
}

static int co_resume(lua_State *L)
{
	lua_State *co = lua_tothread(L, 1);
	luaL_argexpected(L, co, 1, "coroutine");
	int r = auxresume(L, co, lua_gettop(L) - 1);
	if (r < 0) {
		lua_pushboolean(L, 0);
		lua_insert(L, -2);
		return 2;
	}
	lua_pushboolean(L, 1);
	lua_insert(L, -(r + 1));
	return r + 1;
}

static int co_wrapped(lua_State *L)
{
	lua_State *co = lua_tothread(L, lua_upvalueindex(1));
	int r = auxresume(L, co, lua_gettop(L));
	if (r < 0) {
		if (lua_status(co) != LUA_OK && lua_status(co) != LUA_YIELD)
			lua_resetthread(co);
		return lua_error(L);
	}
	return r;
}

static int co_wrap(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_State *co = lua_newthread(L);
	lua_pushvalue(L, 1);
	lua_xmove(L, co, 1);
	lua_pushcclosure(L, co_wrapped, 1);
	return 1;
}

static void replace_coroutines(lua_State *L)
{
	lua_getglobal(L, "coroutine");
	lua_pushcfunction(L, co_resume);
	lua_setfield(L, -2, "resume");
	lua_pushcfunction(L, co_wrap);
	lua_setfield(L, -2, "wrap");
	lua_pop(L, 1);
}

static int at_panic(lua_State *L)
{
	fprintf(stderr, "deadrelu: Lua panic: %s\n", lua_tostring(L, -1));
	return 0; /* Lua aborts next; the abort handler restores the terminal */
}

/* Protected: the libraries, the module, and what replaces Lua's own. */
static int p_open(lua_State *L)
{
	session *s = lua_touserdata(L, 1);
	int sandboxed = lua_toboolean(L, 2);
	lua_settop(L, 0);
	if (sandboxed)
		lx_sandbox_open(L);
	else
		luaL_openlibs(L);
	lua_pushlightuserdata(L, s);
	lua_setfield(L, LUA_REGISTRYINDEX, SESSION_KEY);
	luaL_requiref(L, "deadrelu", luaopen_deadrelu, 1);
	lua_pop(L, 1);
	lua_pushcfunction(L, lx_print);
	lua_setglobal(L, "print");
	replace_io_write(L);
	replace_coroutines(L);
	lx_bounded_open(L);
	lua_getglobal(L, "string");
	lx_strlib_install(L, lx_charge);
	lua_pop(L, 1);
	if (!sandboxed)
		set_path(L);
	return 0;
}

lua_State *lx_new(session *s, const lx_options *o)
{
	lx_alloc *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->cap = o->memory_cap ? o->memory_cap : o->sandbox ? LX_SANDBOX_MEMORY : LX_DEFAULT_MEMORY;
	lx_set_budget(o->budget ? o->budget : o->sandbox ? LX_SANDBOX_BUDGET : 0);
	lua_State *L = lua_newstate(alloc, a);
	if (!L) {
		free(a);
		return NULL;
	}
	lua_atpanic(L, at_panic);
	lua_pushcfunction(L, p_open);
	lua_pushlightuserdata(L, s);
	lua_pushboolean(L, o->sandbox);
	if (lua_pcall(L, 2, 0, 0) != LUA_OK) { /* only when the cap is tiny */
		lx_close(L);
		return NULL;
	}
	s->sandbox = o->sandbox;
	lx_run_install(s, L);
	return L;
}

void lx_close(lua_State *L)
{
	if (!L)
		return;
	void *ud;
	lua_getallocf(L, &ud);
	lua_close(L);
	free(ud);
}

