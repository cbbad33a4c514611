/* tui.c - the explorer: one event loop over the keyboard and the workers'
 * wake-up pipe; signal handlers only set flags. The terminal is restored on
 * every exit path, crashes included. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <curses.h>
#include "lua/lx.h"
#include "tui/nudge.h"
#include "tui/prompt.h"
#include "tui/term.h"
#include "tui/tui.h"
#include "tui/ui.h"
#include "util/paths.h"

static int curses_on;
static int wake_pipe[2] = {-1, -1};
static WINDOW *main_win, *prompt_win;
static ui_state ui;
static lua_State *lua;     /* the session's Lua state, for the script scheduler */
static char *pending_line; /* a line from readline, run after it returns */
static int line_eof;

static void restore_terminal(void)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
}

/* Called from worker threads: only writes a byte. */
static void wake(void *ud)
{
	(void)ud;
	char c = 1;
	ssize_t n = write(wake_pipe[1], &c, 1);
	(void)n; /* a full pipe already means "wake up" */
}

/* ---- colours ---- */

static int colour_attr(int a)
{
	int c = a & 0xff, out = 0;
	if (ui.color && c)
		out |= COLOR_PAIR(c);
	if (!ui.color && (c == C_SELECT || c == C_SIM || c == C_ERROR || c == C_MARK))
		out |= A_BOLD;
	if (!ui.color && c == C_DIM)
		out |= A_DIM;
	if (a & A_BOLDER)
		out |= A_BOLD;
	if (a & A_REV)
		out |= A_REVERSE;
	return out;
}

static void init_colours(void)
{
	const char *nc = getenv("NO_COLOR");
	ui.color = has_colors() && !(nc && *nc);
	if (!ui.color)
		return;
	start_color();
	use_default_colors();
	init_pair(C_TITLE, COLOR_CYAN, -1);
	init_pair(C_SELECT, COLOR_YELLOW, -1);
	init_pair(C_LOWER, COLOR_RED, -1);
	init_pair(C_UPPER, COLOR_BLUE, -1);
	init_pair(C_SIM, COLOR_GREEN, -1);
	init_pair(C_BAND, COLOR_CYAN, -1);
	init_pair(C_DEAD, COLOR_RED, -1);
	init_pair(C_ALIVE, COLOR_GREEN, -1);
	init_pair(C_ERROR, COLOR_RED, -1);
	init_pair(C_NOTE, COLOR_YELLOW, -1);
	init_pair(C_DIM, -1, -1);
	init_pair(C_MARK, COLOR_MAGENTA, -1);
}

/* ---- drawing ---- */

static void draw(void)
{
	lx_waiting waiting;
	ui.paused = lx_script_active(lua, &waiting) && waiting.wait == LX_PAUSE;
	grid g;
	int h = LINES - 1, w = COLS;
	if (grid_init(&g, w, h) != 0)
		return;
	ui_layout(&g, &ui);
	werase(main_win);
	for (int y = 0; y < g.h; y++)
		for (int x = 0; x < g.w; x++) {
			const cell *c = &g.c[y * g.w + x];
			cchar_t cc;
			wchar_t s[2] = {c->ch, 0};
			int a = colour_attr(c->attr);
			setcchar(&cc, s, (attr_t)(a & ~A_COLOR), (short)PAIR_NUMBER(a), NULL);
			mvwadd_wch(main_win, y, x, &cc);
		}
	grid_free(&g);
	wnoutrefresh(main_win);
	prompt_redisplay();
	doupdate();
}

static void relayout(void)
{
	wresize(main_win, LINES - 1 > 1 ? LINES - 1 : 1, COLS);
	wresize(prompt_win, 1, COLS);
	mvwin(prompt_win, LINES - 1, 0);
	clearok(curscr, TRUE);
	prompt_resize(prompt_win);
	term_resized(LINES);
}

static void show_error(const char *what, const char *err);

/* ---- session hooks ---- */

/* Restarts the background run; a refusal (too deep, memory cap) is shown. */
static void restart(long long trials)
{
	runner_restart(&ui.run, trials);
	if (ui.run.error[0]) {
		ui_message(&ui, MSG_ERROR, "simulation: %s", ui.run.error);
		ui.run.error[0] = 0;
	}
}

static void on_changed(session *s)
{
	(void)s;
	restart(0);
	ui_resample(&ui);
	for (int i = 0; i < ui.s->bounds.nnotes; i++)
		ui_message(&ui, MSG_NOTE, "note: %s", ui.s->bounds.notes[i]);
}

static int on_simulate(session *s, long long trials, sbuf *out, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	restart(trials);
	sb_printf(out, "simulating %lld trials in the background\n", trials);
	return DR_OK;
}

static int on_sweep(session *s, sweep *w, sbuf *out, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	ui.axis = AXIS_SWEEP;
	ui.view = VIEW_PLOT;
	sb_printf(out, "sweeping %s over %d values in the background; the table follows when it is done (F3: back to depth)\n",
		  w->param, w->n);
	runner_sweep(&ui.run, w);
	return DR_OK;
}

/* A finished `sweep`: its table into the messages and the session (export). */
static void deliver_sweep(void)
{
	sweep t = {0};
	ui.run.sweep_finished = 0;
	ui.run.user_sweep = 0; /* the table is given once; the plot keeps the points */
	if (sweep_copy(&t, &ui.run.sw) != DR_OK)
		return;
	sbuf out = {0};
	report_sweep(&out, &t, 0);
	ui_message_lines(&ui, MSG_OUTPUT, sb_str(&out));
	sb_free(&out);
	session_store_sweep(ui.s, &t);
}

static int on_interrupted(session *s)
{
	(void)s;
	return term_int_pending();
}

static void on_output(session *s, const char *text)
{
	(void)s;
	ui_message_lines(&ui, MSG_OUTPUT, text);
}

static void on_caption(session *s, const char *text)
{
	(void)s;
	snprintf(ui.caption, sizeof ui.caption, "%s", text);
	ui_message(&ui, MSG_NOTE, "%s", text);
}

static void on_view(session *s, const view_name *v)
{
	(void)s;
	if (v->kind == VIEWS_PANEL) {
		ui.view = v->index;
	} else if (v->kind == VIEWS_AXIS && ui.axis != v->index) {
		ui.axis = ui.run.axis = v->index;
		restart(0);
	} else if (v->kind == VIEWS_SCALE) {
		ui.logy = v->index == SCALE_LOG;
	}
}

/* ---- scripts: resumed from the loop when what they wait for happens ---- */

/* An error with a traceback: the traceback first, then the message again on
 * the last line, where a small message area still shows it; a one-line
 * error once. */
static void show_error(const char *what, const char *err)
{
	if (!strchr(err, '\n')) {
		ui_message(&ui, MSG_ERROR, "%s: %s", what, err);
		return;
	}
	ui_message_lines(&ui, MSG_ERROR, err);
	ui_message(&ui, MSG_ERROR, "%s: %.*s", what, (int)strcspn(err, "\n"), err);
}

/* A Ctrl-C is taken: keys typed ahead while the screen was busy go with
 * what it stopped, and a busy hint written over the screen is redrawn. */
static int take_ctrl_c(void)
{
	if (term_take_hint())
		clearok(curscr, TRUE);
	if (!term_take_int())
		return 0;
	flushinp();
	return 1;
}

static void script_done(int rc, const char *err)
{
	if (rc < 0)
		show_error("script error", err);
	if (rc < 0 && lx_interrupted()) { /* Ctrl-C stopped it: nothing else to cancel */
		take_ctrl_c();
		lx_clear_interrupt();
		ui.caption[0] = 0;
	}
}

/* Resumes a waiting script whose condition holds; key is the key just
 * pressed (ERR if none). Returns 1 if the key was used to continue. */
static int script_poll(int key)
{
	lx_waiting w;
	char err[4096];
	if (!lx_script_active(lua, &w))
		return 0;
	int rc = 1, used = 0;
	switch (w.wait) {
	case LX_SLEEP:
		if (lx_now() >= w.deadline)
			rc = lx_script_resume(lua, NULL, err, sizeof err);
		break;
	case LX_PAUSE:
		if ((key == ' ' || key == '\r' || key == '\n' || key == KEY_ENTER) && prompt_empty()) {
			used = 1;
			ui.caption[0] = 0;
			rc = lx_script_resume(lua, NULL, err, sizeof err);
		}
		break;
	case LX_WAIT:
		if (!runner_busy(&ui.run) || (ui.run.job >= 0 && ui.run.have_snap))
			rc = lx_script_resume(lua, ui.run.have_snap ? &ui.run.snap : NULL, err, sizeof err);
		break;
	case LX_SIM:
		if (dr_sim_done(w.sim))
			rc = lx_script_resume(lua, NULL, err, sizeof err);
		break;
	default:
		break;
	}
	script_done(rc, err);
	return used;
}

/* Milliseconds the loop may sleep before a script needs attention. */
static int script_timeout(void)
{
	lx_waiting w;
	if (!lx_script_active(lua, &w))
		return 200;
	if (w.wait == LX_SLEEP) {
		double ms = (w.deadline - lx_now()) * 1000.0;
		return ms < 0 ? 0 : ms > 200 ? 200 : (int)ms + 1;
	}
	return w.wait == LX_SIM ? 20 : 200;
}

/* The finished main run becomes the session's last result (for export). */
static void store_result(void)
{
	dr_result full;
	if (runner_take_final(&ui.run, &full) != 0)
		return;
	dr_params p = ui.s->params;
	if (ui.run.main_trials > 0)
		p.trials = ui.run.main_trials;
	session_store_result(ui.s, &p, &full);
}

/* ---- commands and keys ---- */

static void run_command(const char *text)
{
	char err[8192];
	sbuf out = {0};
	term_take_int();
	lx_clear_interrupt();
	ui_message(&ui, MSG_INFO, "> %s", text);
	int rc = cmd_run(ui.s, text, &out, err, sizeof err);
	ui_message_lines(&ui, MSG_OUTPUT, sb_str(&out));
	if (rc != DR_OK && strstr(err, "stack traceback"))
		show_error("script error", err);
	else if (rc != DR_OK && strchr(err, '\n'))
		show_error("error", err);
	else if (rc != DR_OK)
		ui_message(&ui, MSG_ERROR, "%s", err);
	sb_free(&out);
	take_ctrl_c(); /* a Ctrl-C during the command was for it */
	lx_clear_interrupt();
}

static void on_line(char *line)
{
	if (!line) {
		line_eof = 1;
		return;
	}
	free(pending_line);
	pending_line = line;
}

static void on_matches(char **m, int n)
{
	char buf[256] = "";
	size_t used = 0;
	for (int i = 0; i < n && used < sizeof buf - 1; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s  ", m[i]);
	ui_message(&ui, MSG_INFO, "%s", buf);
	draw();
}

static void on_prompt_message(const char *text)
{
	ui_message(&ui, MSG_ERROR, "%s", text);
}

static void set_param(const char *name, const char *value)
{
	sbuf cmd = {0};
	sb_printf(&cmd, "set %s '%s'", name, value);
	run_command(sb_str(&cmd));
	sb_free(&cmd);
}

static void nudge(int dir)
{
	const char *name = dr_param_at(ui.selected)->name;
	char v[256];
	if (nudge_value(&ui.s->params, name, dir, v, sizeof v) != 0) {
		ui_message(&ui, MSG_NOTE, "%s is typed, not stepped: press Enter and type the value", name);
		return;
	}
	set_param(name, v);
}

/* Keys that work whatever has the focus. Returns 1 when handled. */
static int global_key(int key)
{
	switch (key) {
	case KEY_F(1):
		ui.view = ui.view == VIEW_HELP ? VIEW_PLOT : VIEW_HELP;
		return 1;
	case KEY_F(2):
		ui.view = (ui.view + 1) % VIEW_HELP;
		return 1;
	case KEY_F(3):
		ui.axis = ui.axis >= NAXES - 1 ? AXIS_DEPTH : ui.axis + 1; /* a sweep's axis goes back to depth */
		ui.run.axis = ui.axis;
		restart(0);
		return 1;
	case KEY_F(4):
		ui.logy = !ui.logy;
		return 1;
	case KEY_F(5):
		ui.sample_seed++;
		ui_resample(&ui);
		return 1;
	case KEY_F(6): {
		char v[32];
		snprintf(v, sizeof v, "%llu", (unsigned long long)ui.s->params.seed + 1);
		set_param("seed", v);
		return 1;
	}
	case KEY_PPAGE:
		ui.msg_scroll += 3;
		if (ui.msg_scroll > ui.nmsgs - 1)
			ui.msg_scroll = ui.nmsgs > 0 ? ui.nmsgs - 1 : 0;
		return 1;
	case KEY_NPAGE:
		ui.msg_scroll = ui.msg_scroll > 3 ? ui.msg_scroll - 3 : 0;
		return 1;
	case 12: /* Ctrl-L */
		clearok(curscr, TRUE);
		return 1;
	case KEY_RESIZE:
		relayout();
		return 1;
	}
	return 0;
}

static void params_key(int key)
{
	int n = dr_param_count();
	switch (key) {
	case KEY_UP: case 'k':
		ui.selected = (ui.selected + n - 1) % n;
		break;
	case KEY_DOWN: case 'j':
		ui.selected = (ui.selected + 1) % n;
		break;
	case KEY_RIGHT: case 'l': case '+': case '=':
		nudge(1);
		break;
	case KEY_LEFT: case 'h': case '-':
		nudge(-1);
		break;
	case '\r': case '\n': case KEY_ENTER: {
		char text[64];
		snprintf(text, sizeof text, "set %s ", dr_param_at(ui.selected)->name);
		ui.focus = FOCUS_PROMPT;
		prompt_set(text);
		break;
	}
	case 27: case '\t':
		ui.focus = FOCUS_PROMPT;
		break;
	case '?':
		ui.view = VIEW_HELP;
		break;
	case 'q':
		ui.s->quit = 1;
		break;
	default:
		if (key >= ' ' && key < 127) { /* typing goes to the prompt */
			ui.focus = FOCUS_PROMPT;
			prompt_key(key);
		}
		break;
	}
}

static void handle_key(int key)
{
	if (script_poll(key))
		return;
	if (global_key(key))
		return;
	if (ui.focus == FOCUS_PARAMS) {
		params_key(key);
		return;
	}
	if (key == 27) {
		/* A lone Esc switches focus; Esc + key is Meta for readline. */
		int next = wgetch(prompt_win);
		if (next == ERR) {
			ui.focus = FOCUS_PARAMS;
			return;
		}
		prompt_key(27);
		key = next;
	}
	if (key == '?' && prompt_empty()) {
		ui.view = ui.view == VIEW_HELP ? VIEW_PLOT : VIEW_HELP;
		return;
	}
	prompt_key(key);
	if (line_eof) {
		ui.s->quit = 1;
		return;
	}
	if (pending_line) {
		char *line = pending_line;
		pending_line = NULL;
		if (ui.view == VIEW_HELP)
			ui.view = VIEW_PLOT;
		run_command(line);
		free(line);
	}
}

/* ---- start-up ---- */

/* The state directory's history file (made if missing); the prompt checks
 * and reports the file itself. */
static int history_path(char *buf, size_t len)
{
	char dir[3800];
	if (paths_user_dir(PATHS_STATE, dir, sizeof dir) != 0)
		return -1;
	if (paths_make_dirs(dir) != 0) {
		ui_message(&ui, MSG_ERROR, "history: cannot create the directory %s (%s); history is not loaded or saved",
			   dir, strerror(errno));
		return -1;
	}
	snprintf(buf, len, "%s/history", dir);
	return 0;
}

/* The config directory's init.lua, if there is one. */
static void run_init_lua(void)
{
	char path[4096], err[8192];
	if (paths_user_dir(PATHS_CONFIG, path, sizeof path - sizeof "/init.lua") != 0)
		return;
	strcat(path, "/init.lua");
	if (access(path, R_OK) != 0)
		return;
	sbuf out = {0};
	int rc = ui.s->hooks.lua_file(ui.s, path, &out, err, sizeof err);
	ui_message_lines(&ui, MSG_OUTPUT, sb_str(&out));
	sb_free(&out);
	if (rc != DR_OK) {
		char what[4200];
		snprintf(what, sizeof what, "error in %s", path);
		show_error(what, err);
	} else {
		ui_message(&ui, MSG_INFO, "ran %s", path);
	}
}

int tui_main(session *s, lua_State *L)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C"); /* numbers read and written with '.', as headless */
	if (pipe(wake_pipe) != 0) {
		perror("deadrelu: pipe");
		return 1;
	}
	fcntl(wake_pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(wake_pipe[1], F_SETFL, O_NONBLOCK);

	memset(&ui, 0, sizeof ui);
	ui.s = s;
	ui.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	ui.sample_seed = 1;
	ui.tasks = tasks_new(wake, NULL);
	if (!ui.tasks) {
		fprintf(stderr, "deadrelu: cannot start a thread\n");
		return 1;
	}
	runner_init(&ui.run, s, ui.tasks, wake, NULL);
	s->hooks.changed = on_changed;
	s->hooks.simulate = on_simulate;
	s->hooks.sweep = on_sweep;
	s->hooks.interrupted = on_interrupted;
	s->hooks.output = on_output;
	s->hooks.caption = on_caption;
	s->hooks.view = on_view;
	lua = L;

	term_save();
	atexit(restore_terminal);
	if (!initscr()) {
		fprintf(stderr, "deadrelu: cannot initialise the terminal\n");
		return 1;
	}
	curses_on = 1;
	term_ready();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(1);
	init_colours();
	main_win = newwin(LINES - 1 > 1 ? LINES - 1 : 1, COLS, 0, 0);
	prompt_win = newwin(1, COLS, LINES - 1, 0);
	keypad(prompt_win, TRUE);
	nodelay(prompt_win, TRUE);

	char hist[4096];
	prompt_callbacks cb = {on_line, on_matches, on_prompt_message};
	prompt_init(prompt_win, &cb, s, history_path(hist, sizeof hist) == 0 ? hist : NULL);
	prompt_resize(prompt_win);

	ui_message(&ui, MSG_INFO, "deadrelu %s: type a command (help), F1 for keys, Esc for the parameter keys", DR_VERSION);
	run_init_lua();
	s->scripted = 1; /* from now on scripts run as coroutines */
	on_changed(s);
	draw();

	struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
	while (!s->quit && !term_end_requested()) {
		int rc = poll(fds, 2, script_timeout());
		if (take_ctrl_c()) {
			lx_clear_interrupt();
			if (lx_script_active(lua, NULL)) {
				lx_script_cancel(lua);
				ui.caption[0] = 0;
				ui_message(&ui, MSG_INFO, "script stopped");
			} else if (!prompt_empty()) {
				prompt_cancel();
			} else if (runner_busy(&ui.run)) {
				runner_cancel(&ui.run);
				ui_message(&ui, MSG_INFO, "simulation cancelled (%lld trials kept)", ui.run.snap.trials);
			}
		}
		if (rc > 0 && (fds[1].revents & POLLIN)) {
			char buf[256];
			while (read(wake_pipe[0], buf, sizeof buf) > 0)
				;
			if (runner_poll(&ui.run) && ui.run.have_snap) {
				ui_message(&ui, MSG_INFO, "simulation done: P(alive) = %.4f [%.4f, %.4f], %lld trials, %.2f s",
					   ui.run.snap.alive, ui.run.snap.alive_lo, ui.run.snap.alive_hi,
					   ui.run.snap.trials, ui.run.snap.seconds);
				store_result(); /* so `export` writes it */
			}
			if (ui.run.error[0]) {
				ui_message(&ui, MSG_ERROR, "%s", ui.run.error);
				ui.run.error[0] = 0;
			}
			ui_take_sample(&ui);
			runner_poll_bounds(&ui.run);
			if (ui.run.sweep_finished)
				deliver_sweep();
		}
		/* Keys until none is left, but a long paste is taken in slices: the
		 * screen shows it growing and a Ctrl-C stops it. */
		int key, n = 0;
		double until = lx_now() + 0.05;
		while (!s->quit && !term_int_pending() && (key = wgetch(prompt_win)) != ERR) {
			handle_key(key);
			if (++n % 256 == 0 && lx_now() > until)
				break;
		}
		script_poll(ERR);
		draw();
	}

	lx_script_cancel(L);
	s->scripted = 0;
	s->hooks.output = NULL;
	s->hooks.caption = NULL;
	s->hooks.view = NULL;
	runner_free(&ui.run);
	tasks_free(ui.tasks);
	ui.tasks = NULL;
	dr_sample_free(&ui.sample);
	prompt_finish();
	free(pending_line);
	pending_line = NULL;
	delwin(prompt_win);
	delwin(main_win);
	term_stop();
	restore_terminal();
	close(wake_pipe[0]);
	close(wake_pipe[1]);
	s->hooks.changed = NULL;
	s->hooks.simulate = NULL;
	s->hooks.sweep = NULL;
	return 0;
}
