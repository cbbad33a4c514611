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
/* The longest source a sandboxed script may load: Lua's parser runs without
 * hooks, and some sources (many labels and gotos) take it quadratic time;
 * at 256 KiB the worst seen is under 0.1 s. The shipped scenarios are 1-4 KiB. */
#define LX_SANDBOX_SOURCE ((size_t)256 << 10)

/* A new state with the standard libraries (or the sandboxed subset) and
 * `deadrelu` preloaded, also as a global, bound to the session. Installs
 * itself as the session's Lua hooks. */
lua_State *lx_new(session *s, const lx_options *o);
void lx_close(lua_State *L);

/* Run a file with script arguments (the `arg` table), or a chunk, to the
 * end. Errors come back as a message with a traceback. */
int lx_run_file(lua_State *L, const char *path, int argc, char **argv, char *err, size_t errlen);
int lx_run_chunk(lua_State *L, const char *chunk, const char *name, char *err, size_t errlen);

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
/* The same, answering a pause with what the key meant ("next", "back",
 * "repeat", "restart"; pause() returns it). */
int lx_script_answer(lua_State *L, const dr_result *r, const char *answer, char *err, size_t errlen);
extern const char *const lx_pause_answers[]; /* NULL-terminated; the first is the default */
/* Stops the running script. */
void lx_script_cancel(lua_State *L);
/* The script's own thread (yields from it reach the main loop), or NULL. */
lua_State *lx_script_thread(void);
double lx_now(void);

/* ---- internal: module <-> host <-> guard <-> scheduler ---- */

/* lx_guard.c. The one protected path into Lua: calls the function below
 * nargs arguments under a message handler that adds a traceback, with the
 * guard armed; DR_OK, DR_ENOMEM or DR_EINVAL with the message in err. */
int lx_pcall(lua_State *L, int nargs, int nres, char *err, size_t errlen);
/* Work done in C by a library function: raises the stop when the script
 * was interrupted or its budget is spent, so long C loops call it. */
void lx_charge(lua_State *L, long steps);
/* Is the running script being stopped (interrupt or budget)? */
int lx_stopping(void);
void lx_set_budget(long long instructions); /* 0: unlimited */
void lx_enter(lua_State *co);   /* a script thread runs: the one a Ctrl-C stops */
void lx_leave(void);
void lx_new_script(void);       /* a new script starts with a full budget */
lua_State *lx_resume_enter(lua_State *co); /* around resuming a script's coroutine */
void lx_resume_leave(lua_State *L, lua_State *outer);

/* lx_host.c */
session *lx_session(lua_State *L); /* NULL until a host or lx_guest_open set one */
/* Is L a state of lx_new (the deadrelu binary), not one of a stock
 * interpreter that loaded the module (lx_guest.c)? */
int lx_hosted(lua_State *L);
size_t lx_memory_cap(lua_State *L);  /* 0: no cap (a guest) */
size_t lx_memory_room(lua_State *L); /* bytes left under the cap (a guest: SIZE_MAX) */
/* "not enough memory", naming the cap (--lua-memory) where there is one. */
void lx_nomem(lua_State *L, char *err, size_t errlen);
void lx_output(lua_State *L, const char *text);
int lx_print(lua_State *L);
/* The line io.write began and no newline ended: out as a line of its own.
 * For when a script waits or ends, so the screen shows all it wrote. */
void lx_output_flush(lua_State *L);
/* Sends print() into out (NULL: the screen or stdout); returns the previous. */
sbuf *lx_capture(sbuf *out);

/* lx_load.c: luaL_loadfilex for regular files only (mode as for
 * luaL_loadbufferx), of at most max bytes (0: any); on error pushes the
 * message. */
int lx_loadfile(lua_State *L, const char *path, const char *mode, size_t max);
/* lx_sandbox.c: opens the sandbox's whitelist of libraries. */
void lx_sandbox_open(lua_State *L);
/* lx_bounded.c: string.rep, the table functions and xpcall, charged. */
void lx_bounded_open(lua_State *L);

/* lx_run.c */
void lx_run_install(session *s, lua_State *L);
/* Calls the function below nargs arguments with print() captured into out;
 * a string or number it returns is added to out. */
int lx_call_command(lua_State *L, int nargs, sbuf *out, char *err, size_t errlen);

/* lx_script.c */
int lx_start_script(lua_State *L, int nargs, const char *what, char *err, size_t errlen);

/* lx_cfg.c: cfg tables. apply: the table at idx on top of *p (nil: no
 * change), raising the parameter's own error; check: the same on top of the
 * defaults. push: parameters as a cfg table that round-trips, a result. */
void lx_apply_cfg(lua_State *L, int idx, dr_params *p);
void lx_check_cfg(lua_State *L, int idx, dr_params *p);
void lx_push_params(lua_State *L, const dr_params *p);
void lx_push_result(lua_State *L, const dr_result *r);
void lx_push_bounds(lua_State *L, const dr_bounds *b);

/* lx_guest.c: the module in a stock interpreter (`require "deadrelu"`
 * from lua5.4, deadrelu.so): a session of its own in the registry, freed
 * with the state, with the headless hooks. */
void lx_guest_open(lua_State *L);
/* Around a call that blocks (a simulation, a sleep, commands): in a guest,
 * a Ctrl-C meanwhile is the module's (when the interpreter has a handler
 * of its own), so it stops the call as it does headless (the flag of
 * lx_interrupted). lx_block_end returns 1 when one came: the call then
 * raises "interrupted" if it raises nothing else, even when its work got
 * done. Nothing in the binary, whose main loop owns the signals (0). No
 * Lua error may be raised in between. */
void lx_block_begin(lua_State *L);
int lx_block_end(lua_State *L);

/* lx_module.c: the module table; a state without a session (a stock
 * interpreter) gets its own first (lx_guest_open). The one symbol
 * deadrelu.so exports. */
__attribute__((visibility("default"))) int luaopen_deadrelu(lua_State *L);

#endif
