/* lx.h - the Lua side: the `deadrelu` module, the interpreter host and the
 * scheduler that runs scripts as coroutines inside the explorer. */
#ifndef LX_H
#define LX_H

#include <lua.h>
#include "cmd/session.h"

typedef struct {
	int sandbox;            /* no os, io, load*, dofile, debug, C modules */
	size_t memory_cap;      /* bytes Lua may hold; 0: the default */
	long long budget;       /* VM instructions per script in the sandbox; 0: default */
} lx_options;

#define LX_DEFAULT_MEMORY ((size_t)1024 << 20)
#define LX_SANDBOX_MEMORY ((size_t)64 << 20)
#define LX_SANDBOX_BUDGET 1000000000LL

/* A new state with the standard libraries (or the sandboxed subset) and
 * `deadrelu` preloaded, also as a global, bound to the session. Installs
 * itself as the session's Lua hooks. */
lua_State *lx_new(session *s, const lx_options *o);
void lx_close(lua_State *L);

/* Run a file with script arguments (the `arg` table), or a chunk, to the
 * end. Errors come back as a message with a traceback. */
int lx_run_file(lua_State *L, const char *path, int argc, char **argv, char *err, size_t errlen);
int lx_run_chunk(lua_State *L, const char *chunk, const char *name, char *err, size_t errlen);
/* A script name as `run` takes it: a file, or NAME searched in package.path. */
int lx_resolve(lua_State *L, const char *name, char *path, size_t len);

/* Stops a running script at its next instruction; async-signal-safe. The
 * stop is repeated at every instruction until the script ends, so pcall
 * cannot swallow it. */
void lx_interrupt(void);
int lx_interrupted(void);
void lx_clear_interrupt(void);

/* ---- scripts as coroutines (lx_script.c), for a main loop ---- */

typedef enum { LX_NONE, LX_SLEEP, LX_PAUSE, LX_WAIT, LX_SIM } lx_wait;

typedef struct {
	lx_wait wait;
	double deadline;        /* LX_SLEEP: CLOCK_MONOTONIC seconds */
	void *sim;              /* LX_SIM: the dr_sim it waits for */
} lx_waiting;

/* Is a script running (possibly yielded)? What does it wait for? */
int lx_script_active(lua_State *L, lx_waiting *w);
/* Resumes the script; for LX_WAIT and LX_SIM pass the result (else NULL).
 * Returns 1 while the script goes on, 0 when it ended, -1 when it failed
 * (message and traceback in err). */
int lx_script_resume(lua_State *L, const dr_result *r, char *err, size_t errlen);
/* Stops the running script. */
void lx_script_cancel(lua_State *L);
/* The script's own thread (yields from it reach the main loop), or NULL. */
lua_State *lx_script_thread(void);
double lx_now(void);

/* Internal: module <-> host <-> scheduler. */
void lx_enter(lua_State *co);   /* a script thread runs: the one a Ctrl-C stops */
void lx_leave(void);
void lx_new_script(void);       /* a new script starts with a full budget */
int lx_start_script(lua_State *L, int nargs, const char *what, char *err, size_t errlen);
void lx_push_result(lua_State *L, const dr_result *r);
void lx_output(lua_State *L, const char *text);
/* Calls the function below nargs arguments with print() captured into out;
 * a string it returns is added to out. */
int lx_call_command(lua_State *L, int nargs, sbuf *out, char *err, size_t errlen);
session *lx_session(lua_State *L);

int luaopen_deadrelu(lua_State *L);

#endif
