/* lx_host.c - hosting Lua: state set-up (full or sandboxed), a counting
 * allocator with a cap, the one protected path into Lua (a message handler
 * adds the traceback), output routing, the module search path, and stopping
 * a runaway script from a signal handler. */
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
#define BUDGET_STEP 10000

typedef struct {
	size_t used, cap;
} lx_alloc;

static volatile sig_atomic_t interrupted;
static lua_State *volatile running_state; /* the thread a signal may stop */
static long long budget, budget_left;     /* 0: unlimited */

/* Raises at every event once interrupted, so a pcall in the script cannot
 * swallow the stop; otherwise charges the instruction budget. */
static void guard_hook(lua_State *L, lua_Debug *ar)
{
	if (interrupted)
		luaL_error(L, "interrupted");
	if (ar->event == LUA_HOOKCOUNT && budget > 0) {
		budget_left -= BUDGET_STEP;
		if (budget_left < 0) {
			lua_sethook(L, guard_hook, LUA_MASKCOUNT | LUA_MASKLINE | LUA_MASKCALL, 1);
			luaL_error(L, "instruction budget of %I exhausted (--budget)", (lua_Integer)budget);
		}
	}
}

static void arm_budget(lua_State *L)
{
	budget_left = budget;
	if (budget > 0)
		lua_sethook(L, guard_hook, LUA_MASKCOUNT, BUDGET_STEP);
	else
		lua_sethook(L, NULL, 0, 0);
}

void lx_interrupt(void)
{
	interrupted = 1;
	/* lua_sethook is safe in a signal handler (lua.c does the same). */
	lua_State *L = running_state;
	if (L)
		lua_sethook(L, guard_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
}

int lx_interrupted(void)
{
	return interrupted;
}

void lx_clear_interrupt(void)
{
	interrupted = 0;
}

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

static int msgh(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (!msg)
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	luaL_traceback(L, L, msg, 1);
	return 1;
}

/* Calls the function below nargs arguments under msgh, with the guard. */
static int pcall_traced(lua_State *L, int nargs, int nres, char *err, size_t errlen)
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
		lua_sethook(L, NULL, 0, 0);
	lua_remove(L, base);
	if (rc == LUA_ERRMEM) {
		void *ud;
		lua_getallocf(L, &ud);
		snprintf(err, errlen, "not enough memory: the Lua memory cap of %zu MiB was reached (--lua-memory)",
			 ((lx_alloc *)ud)->cap >> 20);
		lua_pop(L, 1);
		return DR_ENOMEM;
	}
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

/* Script output: into a command's captured output, else the screen's hook,
 * else stdout. text ends with a newline. */
void lx_output(lua_State *L, const char *text)
{
	sbuf *b = capture(L);
	session *s = lx_session(L);
	if (b)
		sb_puts(b, text);
	else if (s->hooks.output)
		s->hooks.output(s, text);
	else {
		fputs(text, stdout);
		fflush(stdout);
	}
}

static int l_print(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
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

/* package.path: lua/ beside the binary, the user's config directory, the
 * installed share directory; never the current directory implicitly. */
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
	lua_State *outer = running_state;
	running_state = co;
	if (interrupted)
		lua_sethook(co, guard_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
	int nres, status = lua_resume(co, L, narg, &nres);
	running_state = outer;
	if (interrupted) /* stopped inside: go on stopping outside */
		lua_sethook(L, guard_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
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

/* The sandbox: only what cannot reach outside the process or the hook. */
static void sandbox(lua_State *L)
{
	static const char *const gone[] = {"os", "io", "debug", "load", "loadfile", "dofile", "loadstring", NULL};
	for (int i = 0; gone[i]; i++) {
		lua_pushnil(L);
		lua_setglobal(L, gone[i]);
	}
	/* require finds Lua files only: drop the C searchers and loadlib. */
	lua_getglobal(L, "package");
	lua_pushnil(L);
	lua_setfield(L, -2, "loadlib");
	lua_getfield(L, -1, "searchers");
	for (int i = 4; i >= 3; i--) {
		lua_pushnil(L);
		lua_rawseti(L, -2, i);
	}
	lua_pop(L, 2);
	lua_getglobal(L, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_pop(L, 1);
}

static int hook_file(session *s, const char *path, sbuf *out, char *err, size_t errlen);
static int hook_chunk(session *s, const char *chunk, sbuf *out, char *err, size_t errlen);

static int at_panic(lua_State *L)
{
	fprintf(stderr, "deadrelu: Lua panic: %s\n", lua_tostring(L, -1));
	return 0; /* Lua aborts next; the abort handler restores the terminal */
}

lua_State *lx_new(session *s, const lx_options *o)
{
	lx_alloc *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->cap = o->memory_cap ? o->memory_cap : o->sandbox ? LX_SANDBOX_MEMORY : LX_DEFAULT_MEMORY;
	budget = o->budget ? o->budget : o->sandbox ? LX_SANDBOX_BUDGET : 0;
	lua_State *L = lua_newstate(alloc, a);
	if (!L) {
		free(a);
		return NULL;
	}
	lua_atpanic(L, at_panic);
	luaL_openlibs(L);
	lua_pushlightuserdata(L, s);
	lua_setfield(L, LUA_REGISTRYINDEX, SESSION_KEY);
	luaL_requiref(L, "deadrelu", luaopen_deadrelu, 1);
	lua_pop(L, 1);
	lua_pushcfunction(L, l_print);
	lua_setglobal(L, "print");
	replace_coroutines(L);
	set_path(L);
	if (o->sandbox)
		sandbox(L);
	s->sandbox = o->sandbox;
	s->hooks.lua_file = hook_file;
	s->hooks.lua_chunk = hook_chunk;
	s->hooks.ud = L;
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

int lx_resolve(lua_State *L, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s", name);
	if (access(name, R_OK) == 0 || strchr(name, '/'))
		return 0;
	/* A scenario name: NAME or NAME.lua along package.path. */
	char base[256];
	snprintf(base, sizeof base, "%s", name);
	size_t n = strlen(base);
	if (n > 4 && !strcmp(base + n - 4, ".lua"))
		base[n - 4] = 0;
	int top = lua_gettop(L);
	int ok = -1;
	lua_getglobal(L, "package");
	if (lua_getfield(L, -1, "searchpath") == LUA_TFUNCTION) {
		lua_pushstring(L, base);
		lua_getfield(L, -3, "path");
		if (lua_pcall(L, 2, 1, 0) == LUA_OK && lua_isstring(L, -1)) {
			snprintf(path, len, "%s", lua_tostring(L, -1));
			ok = 0;
		}
	}
	lua_settop(L, top);
	return ok;
}

static int load_file(lua_State *L, const char *name, char *err, size_t errlen)
{
	char path[PATH_MAX];
	lx_resolve(L, name, path, sizeof path);
	if (luaL_loadfile(L, path) != LUA_OK) {
		snprintf(err, errlen, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return DR_EINVAL;
	}
	return DR_OK;
}

static void set_arg(lua_State *L, const char *path, int argc, char **argv)
{
	lua_createtable(L, argc, 1);
	lua_pushstring(L, path);
	lua_rawseti(L, -2, 0);
	for (int i = 0; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setglobal(L, "arg");
}

int lx_run_file(lua_State *L, const char *path, int argc, char **argv, char *err, size_t errlen)
{
	set_arg(L, path, argc, argv);
	if (load_file(L, path, err, errlen) != DR_OK)
		return DR_EINVAL;
	for (int i = 0; i < argc; i++)
		lua_pushstring(L, argv[i]);
	return pcall_traced(L, argc, 0, err, errlen);
}

/* Loads a chunk as the interactive interpreter does: an expression first,
 * so `lua 1 + 2` prints 3. */
static int load_chunk(lua_State *L, const char *chunk, const char *name, char *err, size_t errlen)
{
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
	return DR_OK;
}

/* Wraps the loaded chunk so its results are printed; the chunk may yield
 * (deadrelu.sleep on the screen), so the printing is a continuation. */
static int print_rest(lua_State *L, int status, lua_KContext base)
{
	(void)status;
	int n = lua_gettop(L) - (int)base;
	if (n > 0) {
		lua_pushcfunction(L, l_print);
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

int lx_run_chunk(lua_State *L, const char *chunk, const char *name, char *err, size_t errlen)
{
	if (load_chunk(L, chunk, name, err, errlen) != DR_OK)
		return DR_EINVAL;
	lua_pushcclosure(L, print_results, 1);
	return pcall_traced(L, 0, 0, err, errlen);
}

/* The command language's `run` and `lua`. On the screen they start a
 * coroutine and return at once; elsewhere they run to the end, with output
 * captured into the command's output. */
static int run_hook(session *s, const char *what, int file, sbuf *out, char *err, size_t errlen)
{
	lua_State *L = s->hooks.ud;
	if (s->scripted) {
		int rc = file ? load_file(L, what, err, errlen) : load_chunk(L, what, "=lua", err, errlen);
		if (rc != DR_OK)
			return rc;
		if (!file)
			lua_pushcclosure(L, print_results, 1);
		if (file)
			set_arg(L, what, 0, NULL);
		return lx_start_script(L, 0, what, err, errlen);
	}
	sbuf *outer = capture(L);
	set_capture(L, out);
	int rc = file ? lx_run_file(L, what, 0, NULL, err, errlen) : lx_run_chunk(L, what, "=lua", err, errlen);
	set_capture(L, outer);
	return rc;
}

static int hook_file(session *s, const char *path, sbuf *out, char *err, size_t errlen)
{
	return run_hook(s, path, 1, out, err, errlen);
}

static int hook_chunk(session *s, const char *chunk, sbuf *out, char *err, size_t errlen)
{
	return run_hook(s, chunk, 0, out, err, errlen);
}

int lx_call_command(lua_State *L, int nargs, sbuf *out, char *err, size_t errlen)
{
	sbuf *outer = capture(L);
	set_capture(L, out);
	int rc = pcall_traced(L, nargs, 1, err, errlen);
	set_capture(L, outer);
	if (rc != DR_OK)
		return rc;
	if (lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER) {
		const char *text = lua_tostring(L, -1);
		sb_puts(out, text);
		if (*text && text[strlen(text) - 1] != '\n')
			sb_puts(out, "\n");
	}
	lua_pop(L, 1);
	return DR_OK;
}

/* ---- helpers for lx_script.c ---- */

void lx_enter(lua_State *co)
{
	running_state = co;
	if (budget > 0) /* the budget is per script: not refilled on resume */
		lua_sethook(co, guard_hook, LUA_MASKCOUNT, BUDGET_STEP);
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
		lua_sethook(co, NULL, 0, 0);
}
