/* tui.c - the explorer: start-up, and one event loop over the keyboard and
 * the workers' wake-up pipe; signal handlers only set flags. The terminal
 * is restored on every exit path, crashes included (term.c). What the loop
 * calls is in the files explorer.h lists. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <langinfo.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tui/explorer.h"
#include "tui/keyin.h"
#include "tui/term.h"
#include "tui/tui.h"
#include "util/paths.h"

static explorer ex; /* large (the message ring): static */
static int wake_pipe[2] = {-1, -1};

/* Called from worker threads: only writes a byte. */
static void wake(void *ud)
{
	(void)ud;
	char c = 1;
	ssize_t n = write(wake_pipe[1], &c, 1);
	(void)n; /* a full pipe already means "wake up" */
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
		ui_message(&ex.ui, MSG_ERROR, "history: cannot create the directory %s (%s); history is not loaded or saved",
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
	int rc = ex.ui.s->hooks.lua_file(ex.ui.s, path, &out, err, sizeof err);
	ui_message_lines(&ex.ui, MSG_OUTPUT, sb_str(&out));
	sb_free(&out);
	if (rc != DR_OK) {
		char what[4200];
		snprintf(what, sizeof what, "error in %s", path);
		scripts_show_error(&ex, what, err);
	} else {
		ui_message(&ex.ui, MSG_INFO, "ran %s", path);
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

	memset(&ex, 0, sizeof ex);
	ex.ui.s = s;
	ex.ui.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	ex.ui.sample_seed = 1;
	ex.ui.tasks = tasks_new(wake, NULL);
	if (!ex.ui.tasks) {
		fprintf(stderr, "deadrelu: cannot start a thread\n");
		return 1;
	}
	runner_init(&ex.ui.run, s, ex.ui.tasks, wake, NULL);
	hooks_install(&ex, s);
	ex.lua = L;

	if (screen_open(&ex) != 0) {
		fprintf(stderr, "deadrelu: cannot initialise the terminal\n");
		return 1;
	}
	char hist[4096];
	prompt_callbacks cb = keys_prompt_callbacks(&ex);
	prompt_init(ex.prompt_win, &cb, s, history_path(hist, sizeof hist) == 0 ? hist : NULL);
	prompt_resize(ex.prompt_win);

	ui_message(&ex.ui, MSG_INFO, "deadrelu %s: type a command (help), F1 for keys, Esc for the parameter keys", DR_VERSION);
	run_init_lua();
	s->scripted = 1; /* from now on scripts run as coroutines */
	hooks_changed(&ex);
	screen_draw(&ex);

	struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
	while (!s->quit && !term_end_requested()) {
		int rc = poll(fds, 2, keyin_pending() ? 0 : scripts_timeout(&ex));
		if (screen_take_ctrl_c()) {
			lx_clear_interrupt();
			if (lx_script_active(ex.lua, NULL)) {
				lx_script_cancel(ex.lua);
				ex.ui.caption[0] = 0;
				ui_message(&ex.ui, MSG_INFO, "script stopped");
			} else if (!prompt_empty()) {
				prompt_cancel();
			} else if (runner_busy(&ex.ui.run)) {
				runner_stop(&ex.ui.run);
				ui_message(&ex.ui, MSG_INFO, "simulation cancelled (%lld trials kept)", ex.ui.run.snap.trials);
			}
		}
		if (rc > 0 && (fds[1].revents & POLLIN)) {
			char buf[256];
			while (read(wake_pipe[0], buf, sizeof buf) > 0)
				;
			hooks_poll(&ex);
		}
		/* Keys until none is left, but a long paste is taken in slices: the
		 * screen shows it growing and a Ctrl-C stops it. */
		int key, n = 0;
		double until = lx_now() + 0.05;
		while (!s->quit && !term_int_pending() && (key = keyin_get()) != ERR) {
			keys_handle(&ex, key);
			if (++n % 256 == 0 && lx_now() > until)
				break;
		}
		scripts_poll(&ex, ERR);
		screen_draw(&ex);
	}

	lx_script_cancel(L);
	s->scripted = 0;
	hooks_remove(s);
	runner_free(&ex.ui.run);
	tasks_free(ex.ui.tasks);
	ex.ui.tasks = NULL;
	dr_sample_free(&ex.ui.sample);
	prompt_finish();
	keyin_finish();
	free(ex.pending_line);
	ex.pending_line = NULL;
	screen_close(&ex);
	close(wake_pipe[0]);
	close(wake_pipe[1]);
	return 0;
}
