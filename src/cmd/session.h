/* session.h - what the front ends share: the current parameters, the last
 * results, and the command language that changes them. The prompt, the
 * headless `-c` and Lua's deadrelu.cmd() all run commands through here. */
#ifndef SESSION_H
#define SESSION_H

#include "deadrelu.h"
#include "cmd/sweep.h"
#include "cmd/views.h"
#include "util/sbuf.h"

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
	/* `sweep` in the background instead of blocking (the screen): takes w
	 * over, its points already checked (sweep_check without bounds). */
	int (*sweep)(session *s, sweep *w, sbuf *out, char *err, size_t errlen);
	/* Polled during a blocking simulation or sweep: nonzero stops it. */
	int (*interrupted)(session *s);
	/* Script output (print, caption) when it must not go to stdout. */
	void (*output)(session *s, const char *text);
	void (*caption)(session *s, const char *text);
	/* `view NAME`: switch the screen's view, x-axis or y-scale. Set only
	 * where there is a screen. */
	void (*view)(session *s, const view_name *v);
	/* `view` alone, Lua's view(): the screen's view, x-axis and y-scale. */
	void (*view_now)(session *s, const char *names[3]);
	/* Lua's step(n, total, title): a lesson's step n of total (0 0: none). */
	void (*step)(session *s, int n, int total, const char *title);
	/* A command added from Lua (deadrelu.command). */
	int (*user_cmd)(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen);
	void *ud;
} session_hooks;

#define USER_CMD_MAX 64

/* Screen settings (`display NAME VALUE`), kept in the session so a script
 * sets them headless too; the screen reads them when it draws. X(constant,
 * name, values, help), the first value the default: a new setting is one
 * line here and its values' constants below. */
#define DISPLAY_LIST(X) \
	X(DISPLAY_LINES, "lines", DISPLAY_VALUES("dots", "thick"), \
	  "the plot's curves: braille dots, or thick blocks for a projector") \
	X(DISPLAY_MOUSE, "mouse", DISPLAY_VALUES("on", "off"), \
	  "clicks and the wheel; off leaves the mouse to the terminal (to select text)")

#define DISPLAY_CONSTANT(id, name, values, help) id,
enum { DISPLAY_LIST(DISPLAY_CONSTANT) DISPLAY_COUNT };
#undef DISPLAY_CONSTANT
enum { LINES_DOTS, LINES_THICK }; /* the values of lines, in order */
enum { MOUSE_ON, MOUSE_OFF };

typedef struct {
	const char *name;
	const char *const *values; /* NULL-terminated */
	const char *help;
} display_setting;

extern const display_setting display_settings[DISPLAY_COUNT];
const display_setting *display_find(const char *name);
/* "dots, thick": a setting's values, for messages. */
const char *display_allowed(const display_setting *d, char *buf, size_t len);

typedef struct {
	char name[32];
	char help[128];
} user_command;

/* The commands `save` writes (session.c): each one that succeeded at the
 * top (typed, given to -c, or to deadrelu.cmd() by a script run as
 * `deadrelu FILE.lua`; not what runs inside `run` or `lua`), but save,
 * quit, help, show and export; the last SESSION_HISTORY_MAX of them. */
#define SESSION_HISTORY_MAX 1000

typedef struct {
	char *line;     /* the command (cmd_line_of) */
	char *settings; /* the `show line` of the settings it ran in */
	int moved;      /* those are not what the command before left */
} session_cmd;

/* The cells of a grid merged from shards: parameter param[0] = a[i],
 * param[1] = b[i], P(alive) on the sample alive[i]. */
typedef struct {
	char param[2][32];
	int n;
	double *a, *b, *alive; /* one block: a, then b, then alive */
} merged_grid;

struct session {
	dr_params params;
	dr_bounds bounds;      /* always for params */
	dr_result result;      /* last finished simulation (result.by_depth NULL if none) */
	dr_params result_params;
	sweep sweep;           /* last sweep (n 0 if none) */
	merged_grid grid;      /* last merge of a grid of two parameters (n 0 if none): the map shows it */
	char *result_partial;  /* the result is a merge of some of a run's slices: what it
			        * covers (NULL: the whole run) */
	int last_table;        /* 1: export writes the sweep, 0: the simulation */
	long long shard_index, shard_of; /* --shard I/N: simulate runs slice I of N (0: whole runs) */
	char *shard_text;      /* the last such simulate's shard file (JSON), for export */
	int json;              /* output in JSON lines */
	int quit;
	int scripted;          /* a main loop resumes scripts that yield (the screen) */
	int sandbox;           /* Lua runs with --sandbox */
	int restricted;        /* a sandboxed script is running a command: no files */
	user_command user[USER_CMD_MAX];
	int nuser;
	int display[DISPLAY_COUNT]; /* the index of each setting's value */
	session_hooks hooks;
	session_cmd *history;  /* a ring of SESSION_HISTORY_MAX (NULL until the first) */
	int history_n, history_first;
	long long history_dropped; /* older commands no longer kept */
	char *history_after;   /* the settings the last recorded command left */
	int nesting;           /* cmd_run calls under way: only the outermost records */
};

void session_init(session *s);
void session_free(session *s);
/* Replaces the parameters (already validated) and recomputes the bounds. */
void session_set_params(session *s, const dr_params *p);
/* Stores a finished result (takes ownership of r->by_depth). */
void session_store_result(session *s, const dr_params *p, dr_result *r);

/* Makes w the session's last sweep (taking it over) for export, with the
 * session's parameters as its fixed ones (w->base). */
void session_store_sweep(session *s, sweep *w);

/* Is a successful command named name recorded for save? */
int session_records(const char *name);
/* Records the command argv, which ran in the settings line `settings`
 * (taken over, malloc'ed) and succeeded. */
void session_record(session *s, int argc, char *const *argv, char *settings);
/* The i-th recorded command, oldest first (0..history_n-1). */
const session_cmd *session_history_at(const session *s, int i);
/* The `show line` of p: one command line setting p from any state. */
void session_settings_line(const dr_params *p, sbuf *out);
/* The same of the session's parameters, malloc'ed (NULL: out of memory). */
char *session_settings_now(const session *s);

/* Does the parameter's value name a file (data_file)? */
int session_param_is_file(const dr_param_info *pi);
/* A --sandbox script (sandboxed) may not set a parameter that reads a file:
 * DR_EINVAL with "NAME: not available to --sandbox scripts", else DR_OK. */
int session_param_refused(const char *name, int sandboxed, char *err, size_t errlen);

/* Sets the display setting name to value, or DR_EINVAL with a one-line
 * message naming the setting or the value and what is allowed. */
int session_display_set(session *s, const char *name, const char *value, char *err, size_t errlen);

/* The view, x-axis and y-scale shown (`view` alone, Lua's view());
 * headless, those the screen starts with. */
void session_view_now(session *s, const char *now[3]);

/* A blocking simulation that stops when hooks.interrupted says so. */
int session_simulate(session *s, const dr_params *p, dr_result *r, char *err, size_t errlen);
/* The same of the trials first .. first + count - 1 alone: the run, ended,
 * in *out (free it with dr_sim_free). */
int session_run_slice(session *s, const dr_params *p, long long first, long long count, dr_sim **out, char *err,
		      size_t errlen);

/* --shard I/N's value: whole numbers 1 <= I <= N <= 1000000000 (N is
 * checked against the trials when simulate runs). DR_EINVAL with a line
 * naming the option, the value and what is allowed. */
int session_shard_option(const char *v, long long *index, long long *of, char *err, size_t errlen);

/* Runs one or more commands separated by ';' or newlines. The whole text is
 * parsed first: a syntax error (an open quote, a trailing backslash) runs
 * none of it. Output goes to out; on error returns DR_EINVAL (or another
 * code) with a one-line message in err and stops at the failing command,
 * whose effect is discarded. */
int cmd_run(session *s, const char *text, sbuf *out, char *err, size_t errlen);

/* Appends v to out as one word of the command language (parse.c): bare
 * when it is made of plain characters, else in '...', or in "..." with
 * backslashes when it holds a '. */
void cmd_quote_word(sbuf *out, const char *v);

/* A whole number lo..hi in the one number syntax (dr_parse_number); the
 * message names what, the value and the range. */
int cmd_parse_count(const char *what, const char *v, long long lo, long long hi, long long *out, char *err,
		    size_t errlen);

/* Runs one command given as words (argv[0] its name), as cmd_run would
 * after parsing: Lua's deadrelu.view() calls `view` this way. */
int cmd_call(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen);

/* What an argument of a command is; completion and the help follow it. */
typedef enum {
	CMD_ARG_NONE,   /* no argument here */
	CMD_ARG_PARAM,  /* a parameter's name */
	CMD_ARG_VALUE,  /* a value of the parameter named just before */
	CMD_ARG_FILE,   /* a file name */
	CMD_ARG_SCRIPT, /* a Lua file, or a scenario shipped in lua/ */
	CMD_ARG_COUNT,  /* a whole number */
	CMD_ARG_NUMBER, /* a decimal number */
	CMD_ARG_TEXT,   /* free text: the rest of the line */
	CMD_ARG_TOPIC,  /* a command or a parameter (help) */
	CMD_ARG_VIEW,   /* a view, an x-axis or a y-scale (views.h) */
	CMD_ARG_DISPLAY, /* a display setting's name */
	CMD_ARG_DISPLAY_VALUE, /* a value of the setting named just before */
} cmd_arg;

/* One command given as words back into one line of the command language
 * that parses to the same words (a command of free text: its name, a
 * blank and the text as it was). */
void cmd_line_of(sbuf *out, int argc, char *const *argv);

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
/* What word argc of a command whose first argc words are argv is (argc 0:
 * the command's name). A first word that is a parameter starts NAME VALUE
 * pairs. */
cmd_arg cmd_arg_at(int argc, char *const *argv);
/* Completion: the names that may stand as word argc after argv, up to max
 * of them into list (the tables' own strings). -1: the word is a file name. */
int cmd_complete(const session *s, int argc, char *const *argv, const char **list, int max);

/* The numbers of a result, of one depth's statistics and of bounds, under
 * the names both the JSON output and Lua's tables give them (report.c). */
enum { REPORT_RESULT_N = 8, REPORT_DEPTH_N = 6, REPORT_BOUNDS_N = 7, REPORT_CERT_N = 4 };
/* With certify on, results and their rows also have these (certified_alive,
 * certified_dead, region_lo, region_hi); with it off they are absent. */
extern const char *const report_cert_names[REPORT_CERT_N];
void report_cert_numbers(const dr_depth_stats *d, double v[REPORT_CERT_N]);
/* The same of a result, at full depth. */
void report_result_cert_numbers(const dr_result *r, double v[REPORT_CERT_N]);
extern const char *const report_result_names[REPORT_RESULT_N];
extern const char *const report_depth_names[REPORT_DEPTH_N];
extern const char *const report_bounds_names[REPORT_BOUNDS_N];
void report_result_numbers(const dr_result *r, double v[REPORT_RESULT_N]);
void report_depth_numbers(const dr_depth_stats *d, double v[REPORT_DEPTH_N]);
void report_bounds_numbers(const dr_bounds *b, double v[REPORT_BOUNDS_N]);

/* Reports (report.c): text or JSON, as the session says. */
void report_params(sbuf *out, const dr_params *p, int json);
void report_bounds(sbuf *out, const dr_params *p, const dr_bounds *b, int json);
void report_result(sbuf *out, const dr_params *p, const dr_result *r, int json);
/* The same of a result that may be a partial merge: partial (NULL: the
 * whole run) says what it covers, as a "partial" member in JSON, a line
 * "partial: ...; not the whole run" in text. */
void report_result_of(sbuf *out, const dr_params *p, const dr_result *r, const char *partial, int json);
void report_sweep(sbuf *out, const sweep *t, int json);
/* Tables for export: per-depth rows of a result, or the sweep. */
void report_result_csv(sbuf *out, const dr_params *p, const dr_result *r, const char *partial);
void report_result_json(sbuf *out, const dr_params *p, const dr_result *r, const char *partial);
/* What every JSON export says it came from: ,"version":...,"seed":...,
 * "params":{...} (every parameter as show writes it). */
void report_origin_json(sbuf *out, const dr_params *p);
void report_sweep_csv(sbuf *out, const sweep *t);

#endif
