/* scripts.c - scripts on the screen run as coroutines; the loop resumes one
 * when what it waits for happens (a deadline, a key, a run, a simulation),
 * and shows its errors. */
#include <string.h>
#include "tui/explorer.h"

/* A one-line error is shown once. */
void scripts_show_error(explorer *x, const char *what, const char *err)
{
	if (!strchr(err, '\n')) {
		ui_message(&x->ui, MSG_ERROR, "%s: %s", what, err);
		return;
	}
	ui_message_lines(&x->ui, MSG_ERROR, err);
	ui_message(&x->ui, MSG_ERROR, "%s: %.*s", what, (int)strcspn(err, "\n"), err);
}

/* After a resume: rc 1 goes on, 0 ended, -1 failed. A caption belongs
 * to the script that set it, so it goes when the script does. */
static void script_done(explorer *x, int rc, const char *err)
{
	if (rc <= 0) {
		x->ui.caption[0] = 0;
		x->ui.step = x->ui.steps = 0;
	}
	if (rc < 0)
		scripts_show_error(x, "script error", err);
	if (rc < 0 && lx_interrupted()) { /* Ctrl-C stopped it: nothing else to cancel */
		screen_take_ctrl_c();
		lx_clear_interrupt();
	}
}

/* What a key means to a paused script (with nothing typed): on, and in a
 * lesson of steps also back, again and from the start; NULL: not for it. */
static const char *pause_answer(int key, int lesson)
{
	switch (key) {
	case ' ': case '\r': case '\n': case KEY_ENTER: case KEY_RIGHT:
		return "next";
	case KEY_LEFT: case KEY_BACKSPACE: case 127: case 8:
		return lesson ? "back" : NULL;
	case '.':
		return lesson ? "repeat" : NULL;
	case KEY_HOME:
		return lesson ? "restart" : NULL;
	}
	return NULL;
}

int scripts_poll(explorer *x, int key)
{
	lx_waiting w;
	char err[4096];
	if (!lx_script_active(x->lua, &w))
		return 0;
	int rc = 1, used = 0;
	switch (w.wait) {
	case LX_SLEEP:
		if (lx_now() >= w.deadline)
			rc = lx_script_resume(x->lua, NULL, err, sizeof err);
		break;
	case LX_PAUSE: {
		const char *answer = prompt_empty() ? pause_answer(key, x->ui.steps > 0) : NULL;
		if (answer) {
			used = 1;
			x->ui.caption[0] = 0;
			rc = lx_script_answer(x->lua, NULL, answer, err, sizeof err);
		}
		break;
	}
	case LX_WAIT:
		if (!runner_busy(&x->ui.run) || (x->ui.run.job >= 0 && x->ui.run.have_snap))
			rc = lx_script_resume(x->lua, x->ui.run.have_snap ? &x->ui.run.snap : NULL, err, sizeof err);
		break;
	case LX_SIM:
		if (dr_sim_done(w.sim))
			rc = lx_script_resume(x->lua, NULL, err, sizeof err);
		break;
	default:
		break;
	}
	script_done(x, rc, err);
	return used;
}

int scripts_timeout(explorer *x)
{
	lx_waiting w;
	if (!lx_script_active(x->lua, &w))
		return 200;
	if (w.wait == LX_SLEEP) {
		double ms = (w.deadline - lx_now()) * 1000.0;
		return ms < 0 ? 0 : ms > 200 ? 200 : (int)ms + 1;
	}
	return w.wait == LX_SIM ? 20 : 200;
}

