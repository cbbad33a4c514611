/* lx_sandbox.c - the --sandbox state, built from a whitelist: base (without
 * load, loadfile, dofile; collectgarbage limited to what cannot defeat the
 * caps; setmetatable without finalisers), table, string (without dump),
 * math, utf8, coroutine, and a require that loads only the Lua files shipped
 * with deadrelu. No package table: its paths, searchers, loaders and loaded
 * modules are out of reach (the loaded table is the registry's). */
#include <lauxlib.h>
#include <lualib.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lua/lx.h"
#include "util/paths.h"

static const char *const gc_allowed[] = {"collect", "count", "step", "isrunning", NULL};

/* collectgarbage: stopping the collector or retuning it is not for a
 * sandboxed script. */
static int sb_collectgarbage(lua_State *L)
{
	const char *opt = luaL_optstring(L, 1, "collect");
	int ok = 0;
	for (int i = 0; gc_allowed[i]; i++)
		ok |= !strcmp(opt, gc_allowed[i]);
	if (!ok)
		return luaL_error(L, "collectgarbage: option '%s' is not available to --sandbox scripts (allowed: collect, count, step, isrunning)",
				  opt);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* setmetatable: no __gc, since Lua runs finalisers with hooks off, where
 * neither Ctrl-C nor the budget could stop an endless one; no weak keys,
 * since the collector resolves chains of them in quadratic time, also
 * beyond any hook. (A field added to the metatable afterwards is not
 * seen here: the man page says so.) */
static int sb_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE && (lua_pushliteral(L, "__gc"), lua_rawget(L, 2)) != LUA_TNIL)
		return luaL_error(L, "setmetatable: __gc metamethods are not available to --sandbox scripts (a finaliser runs where no limit can stop it)");
	if (lua_type(L, 2) == LUA_TTABLE && (lua_pushliteral(L, "__mode"), lua_rawget(L, 2)) == LUA_TSTRING &&
	    strchr(lua_tostring(L, -1), 'k'))
		return luaL_error(L, "setmetatable: weak keys (__mode 'k') are not available to --sandbox scripts (the collector can take minutes over them, where no limit can stop it)");
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, 1);
	return 1;
}

/* require(name): a module already loaded (deadrelu, the libraries), or
 * NAME.lua in the shipped directory, as text only. */
static int sb_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_settop(L, 1);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	if (lua_getfield(L, 2, name) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	char dir[PATH_MAX], path[PATH_MAX + 80];
	int found = paths_shipped_scenario(name, path, sizeof path);
	if (found == -1)
		return luaL_error(L, "module '%s': bad name (allowed: letters, digits and _ naming a scenario shipped with deadrelu)",
				  name);
	if (found != 0 || paths_shipped_lua_dir(dir, sizeof dir) != 0)
		return luaL_error(L, "module '%s' not found (the shipped Lua directory was not found)", name);
	int rc = lx_loadfile(L, path, "t", LX_SANDBOX_SOURCE);
	if (rc == LUA_ERRFILE && access(path, F_OK) != 0)
		return luaL_error(L, "module '%s' not found (a --sandbox script can require only the scenarios shipped in %s)",
				  name, dir);
	if (rc != LUA_OK)
		return lua_error(L);
	lua_pushstring(L, name);
	lua_pushstring(L, path);
	lua_call(L, 2, 1);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, 2, name);
	lua_pushstring(L, path);
	return 2;
}

/* Replaces global fname by fn with the original as its upvalue. */
static void wrap_global(lua_State *L, const char *fname, lua_CFunction fn)
{
	lua_getglobal(L, fname);
	lua_pushcclosure(L, fn, 1);
	lua_setglobal(L, fname);
}

void lx_sandbox_open(lua_State *L)
{
	static const luaL_Reg libs[] = {
		{LUA_GNAME, luaopen_base},         {LUA_TABLIBNAME, luaopen_table}, {LUA_STRLIBNAME, luaopen_string},
		{LUA_MATHLIBNAME, luaopen_math},   {LUA_UTF8LIBNAME, luaopen_utf8},
		{LUA_COLIBNAME, luaopen_coroutine}, {NULL, NULL},
	};
	for (const luaL_Reg *lib = libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
	static const char *const gone[] = {"load", "loadfile", "dofile", NULL};
	for (int i = 0; gone[i]; i++) {
		lua_pushnil(L);
		lua_setglobal(L, gone[i]);
	}
	lua_getglobal(L, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_pop(L, 1);
	wrap_global(L, "collectgarbage", sb_collectgarbage);
	wrap_global(L, "setmetatable", sb_setmetatable);
	lua_pushcfunction(L, sb_require);
	lua_setglobal(L, "require");
}
