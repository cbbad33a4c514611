/* lx_strlib.h - string.find, string.match, string.gmatch and string.gsub
 * with a pattern matcher that charges its work, so a backtracking pattern
 * cannot run unstoppably in C where Lua's count hook never fires. */
#ifndef LX_STRLIB_H
#define LX_STRLIB_H

#include <lua.h>

/* Steps of matcher work between two calls of the charge function. */
#define LX_PATTERN_STEPS 4096

/* Called with the steps done since the previous call (about
 * LX_PATTERN_STEPS, more after a bulk copy or compare). It may raise a Lua
 * error to stop the script; otherwise it must leave the stack as it was. */
typedef void (*lx_charge_fn)(lua_State *L, long steps);

/* Replaces find, match, gmatch and gsub in the table at the top of the
 * stack (the `string` library table) with charged versions that behave as
 * Lua 5.4.4's. The table stays on the stack. charge may be NULL. */
void lx_strlib_install(lua_State *L, lx_charge_fn charge);

#endif
