/* ui.h - the explorer's state and its panels. Panels draw into a grid from
 * this state alone (no curses), so unit tests can render them. */
#ifndef UI_H
#define UI_H

#include "cmd/session.h"
#include "tui/grid.h"
#include "tui/tasks.h"

/* The views and axes are named in cmd/views.h; F3 cycles the axes there, a
 * `sweep` adds its parameter's. */
enum { AXIS_SWEEP = NAXES };
enum { FOCUS_PROMPT, FOCUS_PARAMS };
enum { MSG_INFO, MSG_ERROR, MSG_NOTE, MSG_OUTPUT };

#define RUNNER_ROWS 4096 /* depths of a running estimate (see runner.c) */
#define MSG_MAX 10000 /* lines kept; the messages view says how many went */

/* Background runs: the main simulation of the current parameters, then, when
 * the x-axis is width or radius, one smaller run per sweep value; or, after
 * a `sweep` command, one full run per value of the swept parameter. */
typedef struct {
	session *s;
	tasks *tasks;           /* computes the sweep points' bounds */
	void (*notify)(void *);
	void *notify_ud;
	dr_sim *sim;
	int job;                /* -1: the main run, else the sweep index */
	long long job_depth;    /* the running job's depth */
	long long main_trials;
	dr_result snap;         /* latest estimate of the main run, at rows[] */
	int have_snap;
	dr_result final;        /* the finished main run at every depth, until taken */
	long long rows[RUNNER_ROWS];
	int nrows;
	char error[DR_ERRLEN];  /* why the main run could not start */
	int axis;
	sweep sw;               /* the x-axis's points (none for depth) */
	int slogx;              /* its values span decades: plot on a log scale */
	int user_sweep;         /* from the sweep command: full runs, a table at the end */
	int sweep_finished;     /* a user sweep just completed (the screen clears it) */
	unsigned bounds_id;     /* the bounds request of this sweep plan */
	int bounds_ready;       /* its bounds have arrived */
	int stopped;            /* the user stopped the run (runner_stop) */
	double t0;              /* when the main run started (monotonic s) */
	int told_long;          /* the "this run takes N" note was given */
	int not_started;        /* the main run could not start (too deep, ...) */
} runner;

void runner_init(runner *r, session *s, tasks *t, void (*notify)(void *), void *ud);
void runner_free(runner *r);
/* Cancels whatever runs and starts over for the session's parameters;
 * trials 0 means the trials parameter. */
void runner_restart(runner *r, long long trials);
void runner_cancel(runner *r);
/* The user's Ctrl-C: cancels, and the status says so until a restart. */
void runner_stop(runner *r);
/* The background driver of the sweep command: runs w (taken over). */
void runner_sweep(runner *r, sweep *w);
/* The finished main run at every depth (ownership passes); -1 if none. */
int runner_take_final(runner *r, dr_result *out);
/* Called when the notify pipe fires: refreshes estimates, chains jobs.
 * Returns 1 when the main run just finished. */
int runner_poll(runner *r);
/* Takes the sweep points' bounds if they arrived (from the tasks). */
void runner_poll_bounds(runner *r);
int runner_busy(const runner *r);
long long runner_progress(const runner *r);
/* While the main run goes and has run a second: its trials per second and
 * the seconds it has left at that rate; 0 otherwise. */
int runner_rate(const runner *r, double *per_s, double *left);
/* "12 s", "3.5 min", "2.1 h" into buf. */
void runner_duration(char *buf, size_t len, double seconds);

typedef struct {
	char text[256];
	int kind;
} message;

typedef struct {
	session *s;
	runner run;
	int view, axis, logy, focus, selected;
	int utf8, color;
	tasks *tasks;
	dr_sample sample;
	unsigned long long sample_seed;
	int sample_pending;     /* a sample was asked for and has not come */
	char sample_error[DR_ERRLEN];
	message msgs[MSG_MAX];
	int nmsgs, msg_first, msg_scroll; /* ring start, lines scrolled back */
	long long msg_total;    /* lines ever added; a line's number is its place in that count, from 1 */
	long long batch_start;  /* number of the first line after the last command's echo, 0: none */
	char search[128];       /* the last `/TEXT` */
	long long search_hit;   /* number of the line it found, 0: none */
	int help_scroll;        /* rows of help scrolled off the top */
	char caption[256];
	int paused;             /* a script waits for Enter or Space */
	int step, steps;        /* a lesson's step n of steps (deadrelu.step), 0: none */
} ui_state;

void ui_message(ui_state *u, int kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Adds every line of text as messages. */
void ui_message_lines(ui_state *u, int kind, const char *text);
const message *ui_message_at(const ui_state *u, int i);
/* A command starts: the lines from here on are a batch the small message
 * area counts ("N more lines"), and the messages go back to the newest. */
void ui_message_batch(ui_state *u);
/* `/TEXT`: the next older line holding TEXT (any case), from the newest
 * again after the oldest; "" repeats the last search. Scrolls the
 * messages to it; returns 0 when no line holds it. */
int ui_search(ui_state *u, const char *text);
/* Rows the help takes at width w (the view scrolls when they do not fit). */
int ui_help_rows(const ui_state *u, int w);
/* The help's rows in sight on a grid h rows high. */
int ui_help_visible(int h);
/* Asks for a new sampled network (the tasks compute it). */
void ui_resample(ui_state *u);
/* Takes it when it came. */
void ui_take_sample(ui_state *u);

/* Panels: each draws itself into r. */
void panel_title(grid *g, rect r, const ui_state *u);
void panel_params(grid *g, rect r, const ui_state *u);
void panel_status(grid *g, rect r, const ui_state *u);
void panel_messages(grid *g, rect r, const ui_state *u);
/* The messages view: every line kept, scrolled, the search's hit marked. */
void panel_message_log(grid *g, rect r, const ui_state *u);
void panel_plot(grid *g, rect r, const ui_state *u);
void panel_layers(grid *g, rect r, const ui_state *u);
void panel_map(grid *g, rect r, const ui_state *u);
void panel_help(grid *g, rect r, const ui_state *u);
/* The whole screen below the title and above the prompt line. */
void ui_layout(grid *g, const ui_state *u);

/* The x-axis's name: depth, width, radius, or the swept parameter. */
const char *ui_axis_name(const ui_state *u);

#endif
