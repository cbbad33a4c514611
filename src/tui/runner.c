/* runner.c - the explorer's background simulations. Never blocks: starting
 * and cancelling a run return at once (a cancelled run drains and frees
 * itself), and a running estimate is read at a few thousand depths at most,
 * whatever the depth. The background driver of a sweep (cmd/sweep.h): the
 * x-axis's points, or the sweep command's, run one after the other. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
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

void runner_stop(runner *r)
{
	runner_cancel(r);
	r->stopped = 1;
}

void runner_free(runner *r)
{
	runner_cancel(r);
	sweep_free(&r->sw);
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

static void next_job(runner *r);

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The x-axis's points: the sweep command's stay (only their bounds and
 * results start over); width and radius get points of their own. */
static void plan_sweep(runner *r)
{
	const dr_params *p = &r->s->params;
	r->sweep_finished = 0;
	if (r->axis != AXIS_SWEEP) {
		double x[SWEEP_MAX];
		int n = 0;
		if (r->axis == AXIS_WIDTH) {
			int hi = p->width * 2 < 16 ? 16 : p->width * 2;
			if (hi > 4096)
				hi = 4096;
			int step = hi <= SWEEP_MAX ? 1 : (hi + SWEEP_MAX - 1) / SWEEP_MAX;
			for (int w = 1; w <= hi && n < SWEEP_MAX; w += step)
				x[n++] = w;
		} else if (r->axis == AXIS_RADIUS) {
			for (int i = 0; i < 25; i++) /* 0.01 .. 100, log-spaced */
				x[n++] = pow(10.0, -2.0 + i / 6.0);
		}
		r->user_sweep = 0;
		r->slogx = r->axis == AXIS_RADIUS;
		sweep_free(&r->sw);
		if (n > 0 && sweep_init(&r->sw, r->axis == AXIS_WIDTH ? "width" : "radius", n, x) != DR_OK)
			snprintf(r->error, sizeof r->error, "%s: out of memory for the x-axis's points",
				 view_name_of(VIEWS_AXIS, r->axis));
	} else {
		sweep keep;
		if (sweep_init(&keep, r->sw.param, r->sw.n, r->sw.value) == DR_OK)
			sweep_move(&r->sw, &keep);
	}
	/* The bounds come from the tasks (a point can cost milliseconds); without
	 * them (panel tests), or when they cannot take the request, here. */
	r->bounds_id++;
	r->bounds_ready = r->sw.n == 0;
	if (r->sw.n > 0 && r->tasks && tasks_want_bounds(r->tasks, r->bounds_id, p, &r->sw) == 0)
		return;
	sweep_bounds(&r->sw, p, NULL);
	r->bounds_ready = 1;
}

void runner_poll_bounds(runner *r)
{
	if (r->sw.n == 0 || !r->tasks || !tasks_take_bounds(r->tasks, r->bounds_id, &r->sw))
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
		if (sweep_point(&r->sw, &r->s->params, job, &q, err, sizeof err) != DR_OK)
			return -1;
		if (q.trials > SWEEP_TRIALS && !r->user_sweep)
			q.trials = SWEEP_TRIALS;
	} else if (r->main_trials > 0) {
		q.trials = r->main_trials;
	}
	r->job = job;
	r->job_depth = q.depth;
	if (job < 0) {
		plan_rows(r, q.depth);
		r->t0 = now();
		r->told_long = 0;
	}
	if (dr_sim_start(&q, r->notify, r->notify_ud, &r->sim, err, sizeof err) != DR_OK) {
		r->sim = NULL;
		if (job < 0) {
			snprintf(r->error, sizeof r->error, "%s", err);
			r->not_started = 1;
		}
		return -1;
	}
	return 0;
}

/* Starts the next sweep point that has not run; none left: idle. */
static void next_job(runner *r)
{
	for (int i = 0; i < r->sw.n; i++)
		if (!r->sw.done[i]) {
			if (start_job(r, i) == 0)
				return;
			r->sw.done[i] = 1; /* could not run this one: skip it */
		}
	if (r->user_sweep && r->sw.n > 0 && r->bounds_ready && !r->sim)
		r->sweep_finished = 1;
}

void runner_sweep(runner *r, sweep *w)
{
	runner_cancel(r);
	r->axis = AXIS_SWEEP;
	r->user_sweep = 1;
	sweep_move(&r->sw, w);
	r->slogx = sweep_spans_decades(&r->sw);
	runner_restart(r, 0);
}

void runner_restart(runner *r, long long trials)
{
	runner_cancel(r);
	dr_result_free(&r->snap);
	dr_result_free(&r->final);
	r->have_snap = 0;
	r->error[0] = 0;
	r->stopped = r->not_started = 0;
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
		sweep_store(&r->sw, r->job, &snap, done);
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

int runner_rate(const runner *r, double *per_s, double *left)
{
	double t = now() - r->t0;
	long long done = runner_progress(r);
	long long target = r->main_trials > 0 ? r->main_trials : r->s->params.trials;
	if (!r->sim || r->job >= 0 || t < 1.0 || done <= 0)
		return 0;
	*per_s = (double)done / t;
	*left = (double)(target - done) / *per_s;
	return 1;
}

void runner_duration(char *buf, size_t len, double s)
{
	if (s < 90)
		snprintf(buf, len, "%.0f s", s);
	else if (s < 5400)
		snprintf(buf, len, "%.1f min", s / 60);
	else if (s < 172800)
		snprintf(buf, len, "%.1f h", s / 3600);
	else
		snprintf(buf, len, "%.1f days", s / 86400);
}
