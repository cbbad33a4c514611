/* hooks.c - what the session's commands do on the screen: simulate and
 * sweep in the background, output into the messages, view switching; and
 * the background runs' results, taken when the workers wake the loop. */
#include <stdio.h>
#include "tui/explorer.h"
#include "tui/term.h"

static explorer *X; /* the hooks get the session only */

void hooks_restart(explorer *x, long long trials)
{
	runner_restart(&x->ui.run, trials);
	if (x->ui.run.error[0]) {
		ui_message(&x->ui, MSG_ERROR, "simulation: %s", x->ui.run.error);
		x->ui.run.error[0] = 0;
	}
}

void hooks_changed(explorer *x)
{
	hooks_restart(x, 0);
	ui_resample(&x->ui);
	for (int i = 0; i < x->ui.s->bounds.nnotes; i++)
		ui_message(&x->ui, MSG_NOTE, "note: %s", x->ui.s->bounds.notes[i]);
}

static void on_changed(session *s)
{
	(void)s;
	hooks_changed(X);
}

static int on_simulate(session *s, long long trials, sbuf *out, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	hooks_restart(X, trials);
	sb_printf(out, "simulating %lld trials in the background\n", trials);
	return DR_OK;
}

static int on_sweep(session *s, sweep *w, sbuf *out, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	X->ui.axis = AXIS_SWEEP;
	X->ui.view = VIEW_PLOT;
	sb_printf(out, "sweeping %s over %d values in the background; the table follows when it is done (F3: back to depth)\n",
		  w->param, w->n);
	runner_sweep(&X->ui.run, w);
	return DR_OK;
}

/* A finished `sweep`: its table into the messages and the session (export). */
static void deliver_sweep(void)
{
	sweep t = {0};
	X->ui.run.sweep_finished = 0;
	X->ui.run.user_sweep = 0; /* the table is given once; the plot keeps the points */
	if (sweep_copy(&t, &X->ui.run.sw) != DR_OK)
		return;
	sbuf out = {0};
	report_sweep(&out, &t, 0);
	ui_message_lines(&X->ui, MSG_OUTPUT, sb_str(&out));
	sb_free(&out);
	session_store_sweep(X->ui.s, &t);
}

static int on_interrupted(session *s)
{
	(void)s;
	return term_int_pending();
}

static void on_output(session *s, const char *text)
{
	(void)s;
	ui_message_lines(&X->ui, MSG_OUTPUT, text);
}

static void on_caption(session *s, const char *text)
{
	(void)s;
	snprintf(X->ui.caption, sizeof X->ui.caption, "%s", text);
	ui_message(&X->ui, MSG_NOTE, "%s", text);
}

static void on_view(session *s, const view_name *v)
{
	(void)s;
	if (v->kind == VIEWS_PANEL) {
		X->ui.view = v->index;
	} else if (v->kind == VIEWS_AXIS && X->ui.axis != v->index) {
		X->ui.axis = X->ui.run.axis = v->index;
		hooks_restart(X, 0);
	} else if (v->kind == VIEWS_SCALE) {
		X->ui.logy = v->index == SCALE_LOG;
	}
}

static void on_view_now(session *s, const char *names[3])
{
	(void)s;
	names[0] = view_name_of(VIEWS_PANEL, X->ui.view);
	names[1] = ui_axis_name(&X->ui);
	names[2] = view_name_of(VIEWS_SCALE, X->ui.logy ? SCALE_LOG : SCALE_LINEAR);
}

static void on_step(session *s, int n, int total, const char *title)
{
	(void)s;
	(void)title; /* (the caption that follows shows it) */
	X->ui.step = n;
	X->ui.steps = total;
}

/* The finished main run becomes the session's last result (for export). */
static void store_result(void)
{
	dr_result full;
	if (runner_take_final(&X->ui.run, &full) != 0)
		return;
	dr_params p = X->ui.s->params;
	if (X->ui.run.main_trials > 0)
		p.trials = X->ui.run.main_trials;
	session_store_result(X->ui.s, &p, &full);
}

void hooks_poll(explorer *x)
{
	ui_state *u = &x->ui;
	if (runner_poll(&u->run) && u->run.have_snap) {
		/* (one line at 80 columns: the sample in few words) */
		const dr_result *r = &u->run.snap;
		ui_message(u, MSG_INFO, "simulation done: P(alive) = %.4f [%.4f, %.4f], %lld trials x %d %s", r->alive,
			   r->alive_lo, r->alive_hi, r->trials, r->points,
			   u->s->params.input == DR_IN_DATA ? "data rows" : r->points == 1 ? "point" : "points");
		if (u->run.snap.certify != DR_CERT_OFF) {
			char set[DR_VALUE_MAX], mode[DR_VALUE_MAX];
			dr_param_get(&u->s->params, "input", set, sizeof set);
			dr_param_get(&u->s->params, "certify", mode, sizeof mode);
			ui_message(u, MSG_INFO, "whole input set (%s): P(alive) between %.4f and %.4f (certify %s; the %d points: %.4f)",
				   set, u->run.snap.region_lo, u->run.snap.region_hi, mode, u->run.snap.points,
				   u->run.snap.alive);
			if (u->run.snap.certify_note)
				ui_message(u, MSG_INFO, "certify: %s", u->run.snap.certify_note);
		}
		store_result(); /* so `export` writes it */
	}
	if (u->run.error[0]) {
		ui_message(u, MSG_ERROR, "%s", u->run.error);
		u->run.error[0] = 0;
	}
	double per_s, left;
	if (!u->run.told_long && runner_rate(&u->run, &per_s, &left)) {
		u->run.told_long = 1; /* once a run, after its first second */
		if (left > 60) {
			char rest[24];
			runner_duration(rest, sizeof rest, left);
			ui_message(u, MSG_NOTE, "this run takes about %s more at %.0f trials/s; Ctrl-C stops it (and keeps what ran)",
				   rest, per_s);
		}
	}
	ui_take_sample(u);
	runner_poll_bounds(&u->run);
	if (u->run.sweep_finished)
		deliver_sweep();
}

static session_hooks before; /* what hooks_remove puts back */

void hooks_install(explorer *x, session *s)
{
	X = x;
	before = s->hooks;
	s->hooks.changed = on_changed;
	s->hooks.simulate = on_simulate;
	s->hooks.sweep = on_sweep;
	s->hooks.interrupted = on_interrupted;
	s->hooks.output = on_output;
	s->hooks.caption = on_caption;
	s->hooks.view = on_view;
	s->hooks.view_now = on_view_now;
	s->hooks.step = on_step;
}

/* Only the hooks set above: Lua sets its own (user_cmd) meanwhile. */
void hooks_remove(session *s)
{
	s->hooks.changed = before.changed;
	s->hooks.simulate = before.simulate;
	s->hooks.sweep = before.sweep;
	s->hooks.interrupted = before.interrupted;
	s->hooks.output = before.output;
	s->hooks.caption = before.caption;
	s->hooks.view = before.view;
	s->hooks.view_now = before.view_now;
	s->hooks.step = before.step;
}
