/* session.h - what the front ends share: the current parameters, the last
 * results, and the command language that changes them. The prompt, the
 * headless `-c` and Lua's deadrelu.cmd() all run commands through here. */
#ifndef SESSION_H
#define SESSION_H

#include "deadrelu.h"
#include "util/sbuf.h"

typedef struct {
	char param[32];     /* swept parameter */
	int nrows;
	double *value;      /* nrows each */
	double *lower, *upper, *alive, *alive_lo, *alive_hi, *living;
	int *applies;
} sweep_table;

typedef struct session session;

/* Hooks a front end may set; NULL means the default behaviour. */
typedef struct {
	/* Lua: run a file / a chunk, output appended to out. */
	int (*lua_file)(session *s, const char *path, sbuf *out, char *err, size_t errlen);
	int (*lua_chunk)(session *s, const char *chunk, sbuf *out, char *err, size_t errlen);
	/* Parameters changed (the screen recomputes and restarts its run). */
	void (*changed)(session *s);
	/* `simulate` in the background instead of blocking (the screen). */
	int (*simulate)(session *s, long long trials, sbuf *out, char *err, size_t errlen);
	/* `sweep` in the background instead of blocking (the screen); the
	 * values are already checked. */
	int (*sweep)(session *s, const char *name, int n, const double *values, sbuf *out, char *err,
		     size_t errlen);
	/* Polled during a blocking simulation or sweep: nonzero stops it. */
	int (*interrupted)(session *s);
	/* Script output (print, caption) when it must not go to stdout. */
	void (*output)(session *s, const char *text);
	void (*caption)(session *s, const char *text);
	/* Switch the screen's view or axis; -1 for an unknown name. */
	int (*view)(session *s, const char *name);
	/* A command added from Lua (deadrelu.command). */
	int (*user_cmd)(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen);
	void *ud;
} session_hooks;

#define USER_CMD_MAX 64

typedef struct {
	char name[32];
	char help[128];
} user_command;

struct session {
	dr_params params;
	dr_bounds bounds;      /* always for params */
	dr_result result;      /* last finished simulation (result.by_depth NULL if none) */
	dr_params result_params;
	sweep_table sweep;     /* last sweep (nrows 0 if none) */
	int last_table;        /* 1: export writes the sweep, 0: the simulation */
	int json;              /* output in JSON lines */
	int quit;
	int scripted;          /* a main loop resumes scripts that yield (the screen) */
	int sandbox;           /* Lua runs with --sandbox */
	int restricted;        /* a sandboxed script is running a command: no files */
	user_command user[USER_CMD_MAX];
	int nuser;
	session_hooks hooks;
};

void session_init(session *s);
void session_free(session *s);
/* Replaces the parameters (already validated) and recomputes the bounds. */
void session_set_params(session *s, const dr_params *p);
/* Stores a finished result (takes ownership of r->by_depth). */
void session_store_result(session *s, const dr_params *p, dr_result *r);

/* A sweep table with n rows (zeroed); DR_ENOMEM on failure. */
int session_sweep_alloc(sweep_table *t, const char *param, int n);
/* Makes t the session's last sweep (taking it over) for export. */
void session_store_sweep(session *s, sweep_table *t);

/* A blocking simulation that stops when hooks.interrupted says so. */
int session_simulate(session *s, const dr_params *p, dr_result *r, char *err, size_t errlen);

/* Runs one or more commands separated by ';' or newlines. The whole text is
 * parsed first: a syntax error (an open quote, a trailing backslash) runs
 * none of it. Output goes to out; on error returns DR_EINVAL (or another
 * code) with a one-line message in err and stops at the failing command,
 * whose effect is discarded. */
int cmd_run(session *s, const char *text, sbuf *out, char *err, size_t errlen);

/* The command table, for help and completion. */
typedef struct {
	const char *name;
	const char *usage;
	const char *help;
} cmd_info;

int cmd_count(void);
const cmd_info *cmd_at(int i);
/* Is name taken by a command or a parameter? */
int cmd_name_taken(const char *name);
/* Adds or replaces a Lua command's entry; DR_EINVAL if the name is taken. */
int session_add_user_cmd(session *s, const char *name, const char *help, char *err, size_t errlen);

/* Reports (report.c): text or JSON, as the session says. */
void report_params(sbuf *out, const dr_params *p, int json);
void report_bounds(sbuf *out, const dr_params *p, const dr_bounds *b, int json);
void report_result(sbuf *out, const dr_params *p, const dr_result *r, int json);
void report_sweep(sbuf *out, const sweep_table *t, int json);
/* Tables for export: per-depth rows of a result, or the sweep. */
void report_result_csv(sbuf *out, const dr_params *p, const dr_result *r);
void report_result_json(sbuf *out, const dr_params *p, const dr_result *r);
void report_sweep_csv(sbuf *out, const sweep_table *t);

#endif
