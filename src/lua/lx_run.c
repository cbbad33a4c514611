/* lx_run.c - running Lua files and chunks: headless to the end, or on the
 * screen as a coroutine the main loop resumes. Every push the host makes is
 * inside a protected call, so running out of Lua memory is an error the
 * user sees, never a panic. */
#include <lauxlib.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lua/lx.h"
#include "util/paths.h"

typedef struct {
	const char *what; /* a file (or scenario name), or a chunk */
	int file;
	const char *name; /* the chunk's name */
	int argc;         /* script arguments: the arg table */
	char **argv;
} job;

/* A script name as `run` takes it: a file, or NAME / NAME.lua among the
 * shipped scenarios (the sandbox) or along package.path. */
static void resolve(lua_State *L, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s", name);
	if (access(name, F_OK) == 0 || strchr(name, '/'))
		return;
	char base[256];
	snprintf(base, sizeof base, "%s", name);
	size_t n = strlen(base);
	if (n > 4 && !strcmp(base + n - 4, ".lua"))
		base[n - 4] = 0;
	if (lx_session(L)->sandbox) {
		if (paths_shipped_scenario(base, path, len) != 0)
			snprintf(path, len, "%s", name);
		return;
	}
	int top = lua_gettop(L);
	if (lua_getglobal(L, "package") == LUA_TTABLE && lua_getfield(L, -1, "searchpath") == LUA_TFUNCTION) {
		lua_pushstring(L, base);
		lua_getfield(L, -3, "path");
		lua_call(L, 2, 1);
		if (lua_isstring(L, -1))
			snprintf(path, len, "%s", lua_tostring(L, -1));
	}
	lua_settop(L, top);
}

/* A loaded file as a function of no arguments: sets the global `arg` (its
 * upvalue 2) and calls the chunk (upvalue 1) with arg[1..n]. May yield. */
static int file_done(lua_State *L, int status, lua_KContext ctx)
{
	(void)L;
	(void)status;
	(void)ctx;
	return 0;
}

static int file_main(lua_State *L)
{
	lua_settop(L, 0);
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_setglobal(L, "arg");
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_Integer n = luaL_len(L, lua_upvalueindex(2));
	luaL_checkstack(L, (int)n, "too many script arguments");
	for (lua_Integer i = 1; i <= n; i++)
		lua_geti(L, lua_upvalueindex(2), i);
	lua_callk(L, (int)n, 0, 0, file_done);
	return 0;
}

/* Wraps the loaded chunk so its results are printed; the chunk may yield
 * (deadrelu.sleep on the screen), so the printing is a continuation. */
static int print_rest(lua_State *L, int status, lua_KContext base)
{
	(void)status;
	int n = lua_gettop(L) - (int)base;
	if (n > 0) {
		lua_pushcfunction(L, lx_print);
		lua_insert(L, (int)base + 1);
		lua_call(L, n, 0);
	}
	return 0;
}

static int print_results(lua_State *L)
{
	int base = lua_gettop(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_callk(L, 0, LUA_MULTRET, base, print_rest);
	return print_rest(L, LUA_OK, base);
}

/* Loads a chunk as the interactive interpreter does: an expression first,
 * so `lua 1 + 2` prints 3. Text only: a line of Lua is never bytecode. */
static int load_chunk(lua_State *L, const char *chunk, const char *name)
{
	size_t n = strlen(chunk);
	if (lx_session(L)->sandbox && n > LX_SANDBOX_SOURCE) {
		lua_pushfstring(L, "lua: %d KiB of source (allowed: at most %d KiB in the sandbox)", (int)(n >> 10),
				(int)(LX_SANDBOX_SOURCE >> 10));
		return LUA_ERRSYNTAX;
	}
	const char *ret = lua_pushfstring(L, "return %s", chunk);
	int rc = luaL_loadbufferx(L, ret, strlen(ret), name, "t");
	lua_remove(L, -2);
	if (rc != LUA_OK) {
		lua_pop(L, 1);
		rc = luaL_loadbufferx(L, chunk, n, name, "t");
	}
	return rc;
}

/* Protected: the job as a function of no arguments, or an error. */
static int p_load(lua_State *L)
{
	const job *j = lua_touserdata(L, 1);
	lua_settop(L, 0);
	if (!j->file) {
		if (load_chunk(L, j->what, j->name) != LUA_OK)
			return lua_error(L);
		lua_pushcclosure(L, print_results, 1);
		return 1;
	}
	char path[PATH_MAX];
	resolve(L, j->what, path, sizeof path);
	/* Precompiled chunks can break the interpreter: text only in the sandbox. */
	int sandbox = lx_session(L)->sandbox;
	if (lx_loadfile(L, path, sandbox ? "t" : NULL, sandbox ? LX_SANDBOX_SOURCE : 0) != LUA_OK)
		return lua_error(L);
	lua_createtable(L, j->argc, 1);
	lua_pushstring(L, j->what);
	lua_rawseti(L, -2, 0);
	for (int i = 0; i < j->argc; i++) {
		lua_pushstring(L, j->argv[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_pushcclosure(L, file_main, 2);
	return 1;
}

/* Pushes the job's function; DR_OK, or a message (no traceback: a syntax
 * error or a missing file says all there is). */
static int load_job(lua_State *L, const job *j, char *err, size_t errlen)
{
	lua_pushcfunction(L, p_load);
	lua_pushlightuserdata(L, (void *)j);
	int rc = lua_pcall(L, 1, 1, 0);
	if (rc == LUA_OK)
		return DR_OK;
	const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error)";
	if (rc == LUA_ERRMEM)
		lx_nomem(L, err, errlen);
	else
		snprintf(err, errlen, "%s", msg);
	lua_pop(L, 1);
	return rc == LUA_ERRMEM ? DR_ENOMEM : DR_EINVAL;
}

static int run_job(lua_State *L, const job *j, char *err, size_t errlen)
{
	int rc = load_job(L, j, err, errlen);
	return rc != DR_OK ? rc : lx_pcall(L, 0, 0, err, errlen);
}

int lx_run_file(lua_State *L, const char *path, int argc, char **argv, char *err, size_t errlen)
{
	job j = {path, 1, NULL, argc, argv};
	return run_job(L, &j, err, errlen);
}

int lx_run_chunk(lua_State *L, const char *chunk, const char *name, char *err, size_t errlen)
{
	job j = {chunk, 0, name, 0, NULL};
	return run_job(L, &j, err, errlen);
}

/* ---- output captured into a command's ----
 * print() adds to the captured output (lx_print). In a stock interpreter
 * (a guest) the global print is the interpreter's own, so while a
 * command's Lua runs it is lx_print, and the old one comes back when the
 * call ends, also by an error (a to-be-closed slot). io.write there stays
 * the interpreter's: it writes to stdout. */

static int restore_print(lua_State *L)
{
	lua_getiuservalue(L, 1, 1);
	lua_setglobal(L, "print");
	return 0;
}

/* Protected: calls function 1 with the rest, print being lx_print meanwhile. */
static int with_print(lua_State *L)
{
	int n = lua_gettop(L);
	lua_newuserdatauv(L, 0, 1);
	lua_getglobal(L, "print");
	lua_setiuservalue(L, -2, 1);
	if (luaL_newmetatable(L, "deadrelu.print_back")) {
		lua_pushcfunction(L, restore_print);
		lua_setfield(L, -2, "__close");
	}
	lua_setmetatable(L, -2);
	lua_toclose(L, n + 1);
	lua_pushcfunction(L, lx_print);
	lua_setglobal(L, "print");
	for (int i = 1; i <= n; i++)
		lua_pushvalue(L, i);
	lua_call(L, n - 1, LUA_MULTRET);
	return lua_gettop(L) - (n + 1);
}

/* lx_pcall of the function below nargs arguments with print() into out. */
static int captured_pcall(lua_State *L, int nargs, int nres, sbuf *out, char *err, size_t errlen)
{
	if (!lx_hosted(L)) {
		lua_pushcfunction(L, with_print); /* (a light function: no memory) */
		lua_insert(L, -(nargs + 2));
		nargs++;
	}
	sbuf *outer = lx_capture(out);
	int rc = lx_pcall(L, nargs, nres, err, errlen);
	lx_capture(outer);
	return rc;
}

/* The command language's `run` and `lua`. On the screen they start a
 * coroutine and return at once; elsewhere they run to the end, with output
 * captured into the command's output. */
static int run_hook(session *s, const char *what, int file, sbuf *out, char *err, size_t errlen)
{
	lua_State *L = s->hooks.ud;
	job j = {what, file, "=lua", 0, NULL};
	if (s->scripted) {
		int rc = load_job(L, &j, err, errlen);
		return rc != DR_OK ? rc : lx_start_script(L, 0, what, err, errlen);
	}
	int rc = load_job(L, &j, err, errlen);
	return rc != DR_OK ? rc : captured_pcall(L, 0, 0, out, err, errlen);
}

static int hook_file(session *s, const char *path, sbuf *out, char *err, size_t errlen)
{
	return run_hook(s, path, 1, out, err, errlen);
}

static int hook_chunk(session *s, const char *chunk, sbuf *out, char *err, size_t errlen)
{
	return run_hook(s, chunk, 0, out, err, errlen);
}

void lx_run_install(session *s, lua_State *L)
{
	s->hooks.lua_file = hook_file;
	s->hooks.lua_chunk = hook_chunk;
	s->hooks.ud = L;
}

int lx_call_command(lua_State *L, int nargs, sbuf *out, char *err, size_t errlen)
{
	int rc = captured_pcall(L, nargs, 1, out, err, errlen);
	if (rc != DR_OK)
		return rc;
	/* A string or number it returns is output too (lua_tostring could
	 * allocate here, outside a protected call: format numbers ourselves). */
	char num[64];
	const char *text = NULL;
	if (lua_type(L, -1) == LUA_TSTRING)
		text = lua_tostring(L, -1);
	else if (lua_isinteger(L, -1))
		snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, -1)), text = num;
	else if (lua_type(L, -1) == LUA_TNUMBER)
		snprintf(num, sizeof num, "%.14g", lua_tonumber(L, -1)), text = num;
	if (text) {
		sb_puts(out, text);
		if (*text && text[strlen(text) - 1] != '\n')
			sb_puts(out, "\n");
	}
	lua_pop(L, 1);
	return DR_OK;
}
