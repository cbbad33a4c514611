/* lx.h - the Lua side: the `deadrelu` module and the interpreter host. */
#ifndef LX_H
#define LX_H

#include <lua.h>
#include "cmd/session.h"

/* A new state with the standard libraries and `deadrelu` preloaded (also as
 * a global), bound to the session. print() writes to stdout unless output is
 * being captured for a command. Installs itself as the session's Lua hooks. */
lua_State *lx_new(session *s);
void lx_close(lua_State *L);

/* Run a file with script arguments (the `arg` table), or a chunk. Errors
 * come back as a message with a traceback. */
int lx_run_file(lua_State *L, const char *path, int argc, char **argv, char *err, size_t errlen);
int lx_run_chunk(lua_State *L, const char *chunk, const char *name, char *err, size_t errlen);

/* Stops a running script at its next instruction; async-signal-safe. */
void lx_interrupt(void);
/* Nonzero once lx_interrupt was called (until lx_clear_interrupt). */
int lx_interrupted(void);
void lx_clear_interrupt(void);

int luaopen_deadrelu(lua_State *L);

#endif
