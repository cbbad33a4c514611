/* tasks.c - see tasks.h. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/tasks.h"

struct tasks {
	pthread_t thread;
	pthread_mutex_t lock; /* guards everything but the cancel flags */
	pthread_cond_t wake;
	int quit;
	void (*notify)(void *);
	void *ud;
	atomic_int cancel_sample, cancel_bounds;

	/* requests: the latest of each kind (gen counts them) */
	int want_sample;
	unsigned sample_gen;
	dr_params sample_p;
	uint64_t sample_seed;
	int sample_layers;
	int want_bounds;
	unsigned bounds_gen, bounds_id;
	dr_params bounds_p;
	sweep bounds_plan;      /* the points, their bounds computed in the worker */

	/* results not taken yet */
	int have_sample;
	dr_sample sample;
	char sample_err[DR_ERRLEN];
	int have_bounds;
	unsigned done_id;
	sweep bounds_done;
};

static void sample_job(tasks *t)
{
	dr_params p = t->sample_p;
	uint64_t seed = t->sample_seed;
	int layers = t->sample_layers;
	unsigned gen = t->sample_gen;
	t->want_sample = 0;
	atomic_store(&t->cancel_sample, 0);
	pthread_mutex_unlock(&t->lock);

	dr_sample s;
	char err[DR_ERRLEN] = "";
	int rc = dr_sample_network(&p, seed, layers, &t->cancel_sample, &s, err, sizeof err);

	pthread_mutex_lock(&t->lock);
	if (gen != t->sample_gen || rc == DR_ECANCELED) { /* a newer request wants another */
		dr_sample_free(&s);
		return;
	}
	dr_sample_free(&t->sample);
	t->sample = s;
	snprintf(t->sample_err, sizeof t->sample_err, "%s", rc == DR_OK ? "" : err);
	t->have_sample = 1;
	if (t->notify)
		t->notify(t->ud);
}

static void bounds_job(tasks *t)
{
	dr_params base = t->bounds_p;
	unsigned gen = t->bounds_gen, id = t->bounds_id;
	sweep w = {0};
	sweep_move(&w, &t->bounds_plan);
	t->want_bounds = 0;
	atomic_store(&t->cancel_bounds, 0);
	pthread_mutex_unlock(&t->lock);

	int rc = sweep_bounds(&w, &base, &t->cancel_bounds);

	pthread_mutex_lock(&t->lock);
	if (rc != DR_OK || gen != t->bounds_gen) {
		sweep_free(&w);
		return;
	}
	sweep_move(&t->bounds_done, &w);
	t->done_id = id;
	t->have_bounds = 1;
	if (t->notify)
		t->notify(t->ud);
}

static void *worker(void *arg)
{
	tasks *t = arg;
	pthread_mutex_lock(&t->lock);
	for (;;) {
		while (!t->quit && !t->want_sample && !t->want_bounds)
			pthread_cond_wait(&t->wake, &t->lock);
		if (t->quit)
			break;
		if (t->want_sample)
			sample_job(t);
		else
			bounds_job(t);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

tasks *tasks_new(void (*notify)(void *), void *ud)
{
	tasks *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->notify = notify;
	t->ud = ud;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wake, NULL);
	/* Signals go to the screen's thread, which polls for them. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&t->thread, NULL, worker, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_mutex_destroy(&t->lock);
		pthread_cond_destroy(&t->wake);
		free(t);
		return NULL;
	}
	return t;
}

void tasks_free(tasks *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->quit = 1;
	t->notify = NULL;
	atomic_store(&t->cancel_sample, 1);
	atomic_store(&t->cancel_bounds, 1);
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	dr_sample_free(&t->sample);
	sweep_free(&t->bounds_plan);
	sweep_free(&t->bounds_done);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->wake);
	free(t);
}

void tasks_want_sample(tasks *t, const dr_params *p, uint64_t seed, int max_layers)
{
	pthread_mutex_lock(&t->lock);
	t->sample_p = *p;
	t->sample_seed = seed;
	t->sample_layers = max_layers;
	t->sample_gen++;
	t->want_sample = 1;
	t->have_sample = 0; /* an older result is not what was asked for */
	atomic_store(&t->cancel_sample, 1);
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
}

int tasks_take_sample(tasks *t, dr_sample *out, char *err, size_t errlen)
{
	pthread_mutex_lock(&t->lock);
	int got = t->have_sample;
	if (got) {
		*out = t->sample;
		memset(&t->sample, 0, sizeof t->sample);
		snprintf(err, errlen, "%s", t->sample_err);
		t->have_sample = 0;
	}
	pthread_mutex_unlock(&t->lock);
	return got;
}

int tasks_want_bounds(tasks *t, unsigned id, const dr_params *p, const sweep *w)
{
	sweep copy = {0};
	if (sweep_copy(&copy, w) != DR_OK)
		return -1;
	pthread_mutex_lock(&t->lock);
	sweep_move(&t->bounds_plan, &copy);
	t->bounds_p = *p;
	t->bounds_id = id;
	t->bounds_gen++;
	t->want_bounds = 1;
	t->have_bounds = 0;
	atomic_store(&t->cancel_bounds, 1);
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	return 0;
}

int tasks_take_bounds(tasks *t, unsigned want, sweep *w)
{
	pthread_mutex_lock(&t->lock);
	const sweep *d = &t->bounds_done;
	int got = t->have_bounds && t->done_id == want && d->n == w->n;
	if (got) {
		memcpy(w->lower, d->lower, (size_t)d->n * sizeof *w->lower);
		memcpy(w->upper, d->upper, (size_t)d->n * sizeof *w->upper);
		memcpy(w->applies, d->applies, (size_t)d->n * sizeof *w->applies);
	}
	t->have_bounds = 0;
	pthread_mutex_unlock(&t->lock);
	return got;
}
