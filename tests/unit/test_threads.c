/* test_threads.c - what deadrelu.h promises about threads: the calls that
 * reach libc's non-reentrant corners (the ball's Student-t factor through
 * lgamma, a data file's error text through strerror) and whole runs, made
 * from several threads at once on objects of their own, give what the same
 * calls give on one thread, bit for bit. ThreadSanitizer runs this file: it
 * knows lgamma writes the global signgam, so a return to lgamma is a
 * reported race there, not only a wrong sign somewhere. */
#include "helpers.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 4
#define ROUNDS 40

/* What one thread computes; the reference is the same on the main thread. */
typedef struct {
	int id;
	double lower[ROUNDS], upper[ROUNDS];
	char missing[DR_ERRLEN];
	double alive;
	int ok;
} work;

static void compute(work *w)
{
	char err[DR_ERRLEN], v[32];
	dr_params p;
	dr_bounds b;
	dr_result r;
	w->ok = 1;
	for (int i = 0; i < ROUNDS; i++) {
		dr_params_default(&p);
		/* the ball factor needs input_dim > 1: the t distribution's lgamma */
		snprintf(v, sizeof v, "%d", 2 + (w->id + i) % 5);
		w->ok &= dr_param_set(&p, "input_dim", v, err, sizeof err) == DR_OK;
		snprintf(v, sizeof v, "%d", 3 + i % 4);
		w->ok &= dr_param_set(&p, "width", v, err, sizeof err) == DR_OK;
		w->ok &= dr_bounds_compute(&p, &b, err, sizeof err) == DR_OK;
		w->lower[i] = b.lower;
		w->upper[i] = b.upper;
	}
	dr_params_default(&p);
	snprintf(v, sizeof v, "/nonexistent/deadrelu-%d.csv", w->id);
	w->ok &= dr_param_set(&p, "data_file", v, w->missing, sizeof w->missing) != DR_OK;
	dr_params_default(&p);
	snprintf(v, sizeof v, "%d", w->id + 1);
	w->ok &= dr_param_set(&p, "seed", v, err, sizeof err) == DR_OK;
	w->ok &= dr_param_set(&p, "trials", "300", err, sizeof err) == DR_OK;
	w->ok &= dr_param_set(&p, "threads", "2", err, sizeof err) == DR_OK;
	w->ok &= dr_param_set(&p, "depth", "8", err, sizeof err) == DR_OK;
	w->ok &= dr_simulate(&p, &r, err, sizeof err) == DR_OK;
	w->alive = r.alive;
	dr_result_free(&r);
}

static void *thread_main(void *arg)
{
	compute(arg);
	return NULL;
}

int main(void)
{
	work ref[NTHREADS], got[NTHREADS];
	pthread_t th[NTHREADS];
	for (int t = 0; t < NTHREADS; t++) {
		ref[t] = (work){.id = t};
		compute(&ref[t]);
		got[t] = (work){.id = t};
	}
	int started = 1;
	for (int t = 0; t < NTHREADS; t++)
		started &= pthread_create(&th[t], NULL, thread_main, &got[t]) == 0;
	CHECK("threads.start", started, "pthread_create failed");
	for (int t = 0; t < NTHREADS && started; t++)
		pthread_join(th[t], NULL);
	for (int t = 0; t < NTHREADS && started; t++) {
		CHECK(NAME("threads.calls_%d", t), ref[t].ok && got[t].ok, "a call failed (reference %d, thread %d)",
		      ref[t].ok, got[t].ok);
		int same = 1;
		for (int i = 0; i < ROUNDS; i++)
			same &= got[t].lower[i] == ref[t].lower[i] && got[t].upper[i] == ref[t].upper[i];
		CHECK(NAME("threads.ball_bounds_%d", t), same, "bounds differ from the one-thread run");
		CHECK(NAME("threads.strerror_%d", t),
		      !strcmp(got[t].missing, ref[t].missing) && strstr(got[t].missing, "No such file or directory"), "'%s' against '%s' alone", got[t].missing, ref[t].missing);
		CHECK(NAME("threads.simulate_%d", t), got[t].alive == ref[t].alive, "alive %.17g, alone %.17g",
		      got[t].alive, ref[t].alive);
	}
	/* the bounds really vary with the thread's settings (a check that all
	 * threads computed one value would pass above too) */
	CHECK("threads.cases_differ", ref[0].lower[0] != ref[0].lower[1] && ref[0].lower[1] > 0,
	      "lower %.17g and %.17g", ref[0].lower[0], ref[0].lower[1]);
	CHECK_DONE();
}
