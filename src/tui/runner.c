/* runner.c - the explorer's background simulations. Never blocks: starting
 * and cancelling a run return at once (a cancelled run drains and frees
 * itself), and a running estimate is read at a few thousand depths at most,
 * whatever the depth. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "tui/ui.h"

#define SWEEP_TRIALS 400 /* per sweep point: enough for a visible interval */

/* The depths a running estimate is read at: all of them up to RUNNER_ROWS,
 * else RUNNER_ROWS spread evenly from 1 to the depth (more than a plot or
 * the layers view has columns). */
static void plan_rows(runner *r, long long k)
{
	if (k <= RUNNER_ROWS) {
		r->nrows = (int)k;
		for (int i = 0; i < r->nrows; i++)
			r->rows[i] = i + 1;
		return;
	}
	r->nrows = RUNNER_ROWS;
	for (int i = 0; i < RUNNER_ROWS; i++)
		r->rows[i] = 1 + (long long)llround((double)(k - 1) * i / (RUNNER_ROWS - 1));
}

void runner_init(runner *r, session *s, tasks *t, void (*notify)(void *), void *ud)
{
	memset(r, 0, sizeof *r);
	r->s = s;
	r->tasks = t;
	r->notify = notify;
	r->notify_ud = ud;
	r->job = -1;
}

void runner_cancel(runner *r)
{
	dr_sim_free(r->sim);
	r->sim = NULL;
}

void runner_free(runner *r)
{
	runner_cancel(r);
	dr_result_free(&r->snap);
	dr_result_free(&r->final);
}

int runner_take_final(runner *r, dr_result *out)
{
	if (!r->final.by_depth)
		return -1;
	*out = r->final;
	memset(&r->final, 0, sizeof r->final);
	return 0;
}

/* Parameters of sweep point i: the current ones with the swept value. */
static int sweep_params(const runner *r, int i, dr_params *q)
{
	char v[64], err[DR_ERRLEN];
	*q = r->s->params;
	snprintf(v, sizeof v, "%.17g", r->sx[i]);
	return dr_param_set(q, r->sparam, v, err, sizeof err);
}

static void next_job(runner *r);

static void plan_sweep(runner *r)
{
	const dr_params *p = &r->s->params;
	r->sweep_finished = 0;
	if (r->axis == AXIS_SWEEP) {
		/* the sweep command's values stay; only bounds and results start over */
	} else {
		r->nsweep = 0;
		r->user_sweep = 0;
		snprintf(r->sparam, sizeof r->sparam, "%s", r->axis == AXIS_WIDTH ? "width" : "radius");
		r->slogx = r->axis == AXIS_RADIUS;
	}
	if (r->axis == AXIS_WIDTH) {
		int hi = p->width * 2 < 16 ? 16 : p->width * 2;
		if (hi > 4096)
			hi = 4096;
		int step = hi <= SWEEP_MAX ? 1 : (hi + SWEEP_MAX - 1) / SWEEP_MAX;
		for (int w = 1; w <= hi && r->nsweep < SWEEP_MAX; w += step)
			r->sx[r->nsweep++] = w;
	} else if (r->axis == AXIS_RADIUS) {
		for (int i = 0; i < 25; i++) /* 0.01 .. 100, log-spaced */
			r->sx[r->nsweep++] = pow(10.0, -2.0 + i / 6.0);
	}
	for (int i = 0; i < r->nsweep; i++) {
		r->sdone[i] = 0;
		r->salive[i] = r->slo[i] = r->shi[i] = r->sliving[i] = NAN;
		r->slower[i] = r->supper[i] = NAN;
		r->sapplies[i] = 0;
	}
	/* The bounds come from the tasks (a point can cost milliseconds); without
	 * them (panel tests), or when they cannot take the request, here. */
	r->bounds_id++;
	r->bounds_ready = r->nsweep == 0;
	if (r->nsweep > 0 && r->tasks && tasks_want_bounds(r->tasks, r->bounds_id, p, r->sparam, r->nsweep, r->sx) == 0)
		return;
	for (int i = 0; i < r->nsweep; i++) {
		dr_params q;
		dr_bounds b;
		char err[DR_ERRLEN];
		if (sweep_params(r, i, &q) == DR_OK && dr_bounds_compute(&q, &b, err, sizeof err) == DR_OK) {
			r->slower[i] = b.lower;
			r->supper[i] = b.upper;
			r->sapplies[i] = b.applies;
		}
	}
	r->bounds_ready = 1;
}

void runner_poll_bounds(runner *r)
{
	unsigned id;
	if (r->nsweep == 0 || !r->tasks ||
	    !tasks_take_bounds(r->tasks, &id, r->slower, r->supper, r->sapplies, r->nsweep) || id != r->bounds_id)
		return;
	r->bounds_ready = 1;
	if (!r->sim)
		next_job(r); /* a user sweep whose runs are done waited for these */
}

static int start_job(runner *r, int job)
{
	dr_params q = r->s->params;
	char err[DR_ERRLEN];
	if (job >= 0) {
		if (sweep_params(r, job, &q) != DR_OK)
			return -1;
		if (q.trials > SWEEP_TRIALS && !r->user_sweep)
			q.trials = SWEEP_TRIALS;
	} else if (r->main_trials > 0) {
		q.trials = r->main_trials;
	}
	r->job = job;
	r->job_depth = q.depth;
	if (job < 0)
		plan_rows(r, q.depth);
	if (dr_sim_start(&q, r->notify, r->notify_ud, &r->sim, err, sizeof err) != DR_OK) {
		r->sim = NULL;
		if (job < 0)
			snprintf(r->error, sizeof r->error, "%s", err);
		return -1;
	}
	return 0;
}

/* Starts the next sweep point that has not run; none left: idle. */
static void next_job(runner *r)
{
	for (int i = 0; i < r->nsweep; i++)
		if (!r->sdone[i]) {
			if (start_job(r, i) == 0)
				return;
			r->sdone[i] = 1; /* could not run this one: skip it */
		}
	if (r->user_sweep && r->nsweep > 0 && r->bounds_ready && !r->sim)
		r->sweep_finished = 1;
}

void runner_sweep(runner *r, const char *name, int n, const double *values)
{
	runner_cancel(r);
	r->axis = AXIS_SWEEP;
	r->user_sweep = 1;
	snprintf(r->sparam, sizeof r->sparam, "%s", name);
	r->nsweep = n < SWEEP_MAX ? n : SWEEP_MAX;
	memcpy(r->sx, values, (size_t)r->nsweep * sizeof *values);
	r->slogx = r->nsweep > 1 && r->sx[0] > 0 && r->sx[r->nsweep - 1] / r->sx[0] >= 100;
	runner_restart(r, 0);
}

int runner_sweep_table(const runner *r, sweep_table *t)
{
	if (session_sweep_alloc(t, r->sparam, r->nsweep) != DR_OK)
		return DR_ENOMEM;
	for (int i = 0; i < r->nsweep; i++) {
		t->value[i] = r->sx[i];
		t->lower[i] = r->slower[i];
		t->upper[i] = r->supper[i];
		t->applies[i] = r->sapplies[i];
		t->alive[i] = r->salive[i];
		t->alive_lo[i] = r->slo[i];
		t->alive_hi[i] = r->shi[i];
		t->living[i] = r->sliving[i];
	}
	return DR_OK;
}

void runner_restart(runner *r, long long trials)
{
	runner_cancel(r);
	dr_result_free(&r->snap);
	dr_result_free(&r->final);
	r->have_snap = 0;
	r->error[0] = 0;
	r->main_trials = trials;
	plan_sweep(r);
	if (start_job(r, -1) != 0)
		next_job(r);
}

int runner_poll(runner *r)
{
	if (!r->sim)
		return 0;
	dr_result snap;
	char err[DR_ERRLEN];
	int done = dr_sim_done(r->sim);
	/* The main run at the planned depths; a sweep point at its full depth;
	 * a finished main run also at every depth, once, for export. */
	int rc = r->job < 0 ? dr_sim_snapshot_at(r->sim, r->rows, r->nrows, &snap, err, sizeof err)
			    : dr_sim_snapshot_at(r->sim, &r->job_depth, 1, &snap, err, sizeof err);
	if (rc == DR_OK && r->job < 0 && done) {
		dr_result_free(&r->final);
		rc = dr_sim_snapshot(r->sim, &r->final, err, sizeof err);
		if (rc != DR_OK)
			dr_result_free(&snap);
	}
	if (rc != DR_OK) {
		snprintf(r->error, sizeof r->error, "%s", err);
		runner_cancel(r);
		return 0;
	}
	int finished_main = 0;
	if (r->job < 0) {
		dr_result_free(&r->snap);
		r->snap = snap;
		r->have_snap = 1;
		finished_main = done;
	} else {
		r->salive[r->job] = snap.alive;
		r->slo[r->job] = snap.alive_lo;
		r->shi[r->job] = snap.alive_hi;
		r->sliving[r->job] = snap.living_ratio;
		if (done)
			r->sdone[r->job] = 1;
		dr_result_free(&snap);
	}
	if (done) {
		runner_cancel(r);
		next_job(r);
	}
	return finished_main;
}

int runner_busy(const runner *r)
{
	return r->sim != NULL;
}

long long runner_progress(const runner *r)
{
	return r->sim && r->job < 0 ? dr_sim_progress(r->sim) : r->snap.trials;
}
