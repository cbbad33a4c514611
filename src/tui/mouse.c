/* mouse.c - clicks and the wheel. The panels mark what they draw that a
 * mouse can use (grid_mark); a report is looked up in the marks of the
 * frame on the screen, so a click acts on what the person sees:
 *   a parameter     click selects it (the panel's keys then act on it),
 *                   the wheel steps it as Right and Left do
 *   a title key     does what the key does (F1 help, F2 view, ...)
 *   a view's tab    opens the view
 *   the plot        reads the values at that depth (or sweep point) into
 *                   the messages
 *   messages, help  the wheel scrolls them
 * `display mouse off` gives the mouse back to the terminal (selecting
 * text); curses turns reporting off at the end, term.c after a crash. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "tui/explorer.h"
#include "tui/keyin.h"

#define WHEEL_LINES 3 /* a wheel notch scrolls this many lines */

void mouse_apply(explorer *x)
{
	int want = x->ui.s->display[DISPLAY_MOUSE] == MOUSE_ON;
	if (want == x->mouse_on)
		return;
	/* Presses only: no wait to tell a click from a press (mouseinterval 0),
	 * and releases are not reported. */
	mouseinterval(0);
	mousemask(want ? BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED : 0, NULL);
	x->mouse_on = want;
}

/* A probability as the plot's readout gives it. */
static void prob_text(char *buf, size_t len, double v)
{
	snprintf(buf, len, v >= 1e-4 || v == 0 ? "%.4f" : "%.3g", v);
}

/* What is known at depth d of the current network, from the bounds and
 * the running estimate the plot draws. */
static void read_depth(explorer *x, long long d)
{
	const dr_params *p = &x->ui.s->params;
	const runner *run = &x->ui.run;
	sbuf t = {0};
	long long at = d;
	const dr_depth_stats *st = NULL;
	if (run->have_snap && run->snap.trials > 0 && d <= run->snap.depth) {
		st = dr_result_at(&run->snap, d);
		if (st && run->snap.row_depth) /* a snapshot keeps chosen depths: the nearest */
			at = run->snap.row_depth[st - run->snap.by_depth];
	}
	sb_printf(&t, "depth %lld of %lld (hidden layers):", at, p->depth);
	char a[32], b[32], c[32];
	if (st) {
		prob_text(a, sizeof a, st->alive);
		prob_text(b, sizeof b, st->alive_lo);
		prob_text(c, sizeof c, st->alive_hi);
		sb_printf(&t, " simulated %s [%s, %s] on the sample, %lld networks%s;", a, b, c, run->snap.trials,
			  run->snap.finished ? "" : " so far");
		if (!isnan(st->region_lo)) {
			prob_text(a, sizeof a, st->region_lo);
			prob_text(b, sizeof b, st->region_hi);
			sb_printf(&t, " whole input set certified [%s, %s];", a, b);
		}
	} else {
		sb_puts(&t, " not simulated yet;");
	}
	double lo, hi;
	char err[DR_ERRLEN];
	if (!x->ui.s->bounds.applies)
		sb_puts(&t, " bounds do not apply (see bounds)");
	else if (dr_bounds_curve(p, &at, 1, &lo, &hi, err, sizeof err) == DR_OK) {
		prob_text(a, sizeof a, lo);
		prob_text(b, sizeof b, hi);
		sb_printf(&t, " bounds %s to %s on the whole input set", a, b);
	} else
		sb_printf(&t, " bounds: %s", err);
	ui_message(&x->ui, MSG_INFO, "%s", sb_str(&t));
	sb_free(&t);
}

/* The same at sweep point j of the width, radius or swept axis. */
static void read_point(explorer *x, int j)
{
	const sweep *w = &x->ui.run.sw;
	sbuf t = {0};
	char a[32], b[32], c[32];
	sb_printf(&t, "%s %g (depth %lld):", w->param, w->value[j], x->ui.s->params.depth);
	if (!isnan(w->alive[j])) {
		prob_text(a, sizeof a, w->alive[j]);
		prob_text(b, sizeof b, w->alive_lo[j]);
		prob_text(c, sizeof c, w->alive_hi[j]);
		sb_printf(&t, " simulated %s [%s, %s] on the sample%s;", a, b, c, w->done[j] ? "" : " so far");
		if (!isnan(w->region_lo[j])) {
			prob_text(a, sizeof a, w->region_lo[j]);
			prob_text(b, sizeof b, w->region_hi[j]);
			sb_printf(&t, " whole input set certified [%s, %s];", a, b);
		}
	} else {
		sb_puts(&t, " not simulated yet;");
	}
	if (w->applies[j] && !isnan(w->lower[j])) {
		prob_text(a, sizeof a, w->lower[j]);
		prob_text(b, sizeof b, w->upper[j]);
		sb_printf(&t, " bounds %s to %s on the whole input set", a, b);
	} else {
		sb_puts(&t, " bounds do not apply here");
	}
	ui_message(&x->ui, MSG_INFO, "%s", sb_str(&t));
	sb_free(&t);
}

/* A click at column col of the plot: the x value there, then what the
 * plot shows at the depth or the sweep point nearest to it. */
static void read_plot(explorer *x, const grid_hit *h, int col)
{
	double f = h->r.w > 1 ? (double)(col - h->r.x) / (h->r.w - 1) : 0;
	if (x->ui.axis == AXIS_DEPTH) {
		double v = h->x0 + f * (h->x1 - h->x0);
		long long d = llround(v);
		read_depth(x, d < 1 ? 1 : d > x->ui.s->params.depth ? x->ui.s->params.depth : d);
		return;
	}
	const sweep *w = &x->ui.run.sw;
	int best = -1;
	double best_gap = 0;
	for (int j = 0; j < w->n; j++) { /* nearest on the screen: in the axis's own scale */
		double g = h->logx ? log(w->value[j] / h->x0) / log(h->x1 / h->x0)
				   : (w->value[j] - h->x0) / (h->x1 > h->x0 ? h->x1 - h->x0 : 1);
		if (best < 0 || fabs(g - f) < best_gap) {
			best = j;
			best_gap = fabs(g - f);
		}
	}
	if (best >= 0)
		read_point(x, best);
}

void mouse_handle(explorer *x)
{
	MEVENT ev;
	if (keyin_mouse(&ev) != OK)
		return;
	const grid_hit *h = grid_hit_at(&x->hits, ev.x, ev.y);
	int click = (ev.bstate & BUTTON1_PRESSED) != 0;
	int wheel = ev.bstate & BUTTON4_PRESSED ? -1 : ev.bstate & BUTTON5_PRESSED ? 1 : 0; /* -1: up */
	if (!h || (!click && !wheel))
		return;
	switch (h->kind) {
	case HIT_PARAM:
		x->ui.selected = h->value;
		if (click)
			x->ui.focus = FOCUS_PARAMS;
		else
			keys_nudge(x, -wheel); /* up steps up */
		break;
	case HIT_FKEY:
		if (click)
			keys_handle(x, KEY_F(h->value));
		break;
	case HIT_VIEW:
		if (click)
			x->ui.view = h->value;
		break;
	case HIT_PLOT:
		if (click)
			read_plot(x, h, ev.x);
		break;
	case HIT_MESSAGES: case HIT_HELP:
		if (wheel)
			keys_scroll(x, h->kind == HIT_HELP, wheel * WHEEL_LINES);
		break;
	}
}
