/* sim.c - Monte Carlo runs in worker threads.
 *
 * Trial i always uses the random stream (seed, i), and every accumulator is
 * an integer, so a finished run is bit-identical for any number of threads.
 * Workers claim trial indices from an atomic counter and merge each trial's
 * outcome under a mutex; a snapshot at any moment is a valid estimate from
 * the trials merged so far. */
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

#define NOTIFY_NS 20000000LL /* at most one wake-up per 20 ms */

struct dr_sim {
	dr_params p;
	dr_data data;
	int nthreads;
	pthread_t *threads;
	atomic_int cancel;
	atomic_llong next, done;
	atomic_int running;
	atomic_llong last_notify;
	void (*notify)(void *);
	void *ud;
	struct timespec t0;
	double seconds_final;

	pthread_mutex_t lock;     /* guards everything below */
	long long k, merged;
	uint64_t *alive, *living, *dead_units, *stopped;
	int *min_living;
	unsigned __int128 living_sq; /* at full depth, for the interval */
	int worker_error;
	char errmsg[DR_ERRLEN];
};

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double since(const struct timespec *t0)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)(ts.tv_sec - t0->tv_sec) + 1e-9 * (double)(ts.tv_nsec - t0->tv_nsec);
}

static int thread_count(const dr_params *p)
{
	long n = p->threads;
	if (n == 0) {
		n = sysconf(_SC_NPROCESSORS_ONLN);
		if (n < 1)
			n = 1;
	}
	if (n > p->trials)
		n = (long)p->trials;
	return (int)n;
}

size_t dr_sim_memory(const dr_params *p)
{
	int points = p->input == DR_IN_POINT ? 1 : p->points;
	size_t k = (size_t)p->depth;
	size_t per_worker = trial_memory(p, points) + k * (1 + 2 * sizeof(int));
	size_t shared = k * (4 * sizeof(uint64_t) + sizeof(int));
	size_t snapshot = k * sizeof(dr_depth_stats);
	return (size_t)thread_count(p) * per_worker + shared + snapshot;
}

static void merge(dr_sim *s, const dr_outcome *o)
{
	long long r = o->reached, k = s->k;
	pthread_mutex_lock(&s->lock);
	for (long long l = 0; l < r; l++) {
		s->alive[l] += o->alive[l];
		s->living[l] += (uint64_t)o->living[l];
		s->dead_units[l] += (uint64_t)o->dead_units[l];
		if (o->living[l] < s->min_living[l])
			s->min_living[l] = o->living[l];
	}
	if (r < k)
		s->stopped[r]++;
	else
		s->living_sq += (unsigned __int128)o->living[k - 1] * (unsigned __int128)o->living[k - 1];
	s->merged++;
	pthread_mutex_unlock(&s->lock);
}

static void wake(dr_sim *s, int force)
{
	if (!s->notify)
		return;
	long long t = now_ns(), last = atomic_load(&s->last_notify);
	if (force || (t - last >= NOTIFY_NS && atomic_compare_exchange_strong(&s->last_notify, &last, t)))
		s->notify(s->ud);
}

static void *worker(void *arg)
{
	dr_sim *s = arg;
	char err[DR_ERRLEN];
	dr_outcome o = {0};
	dr_trial *t = trial_new(&s->p, &s->data, err, sizeof err);
	o.alive = malloc((size_t)s->k);
	o.living = malloc((size_t)s->k * sizeof(int));
	o.dead_units = malloc((size_t)s->k * sizeof(int));
	if (!t || !o.alive || !o.living || !o.dead_units) {
		pthread_mutex_lock(&s->lock);
		s->worker_error = DR_ENOMEM;
		snprintf(s->errmsg, sizeof s->errmsg, "%s", t ? "out of memory" : err);
		pthread_mutex_unlock(&s->lock);
		s->cancel = 1;
	} else {
		for (;;) {
			long long i = atomic_fetch_add(&s->next, 1);
			if (i >= s->p.trials || s->cancel)
				break;
			if (trial_run(t, (uint64_t)i, &s->cancel, &o) != DR_OK)
				break;
			merge(s, &o);
			atomic_fetch_add(&s->done, 1);
			wake(s, 0);
		}
	}
	trial_free(t);
	free(o.alive);
	free(o.living);
	free(o.dead_units);
	if (atomic_fetch_sub(&s->running, 1) == 1) {
		s->seconds_final = since(&s->t0);
		wake(s, 1);
	}
	return NULL;
}

static void sim_destroy(dr_sim *s)
{
	free(s->threads);
	free(s->alive);
	free(s->living);
	free(s->dead_units);
	free(s->stopped);
	free(s->min_living);
	data_free(&s->data);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

int dr_sim_start(const dr_params *p, void (*notify)(void *), void *ud, dr_sim **out, char *err,
		 size_t errlen)
{
	*out = NULL;
	int rc = dr_params_check(p, err, errlen);
	if (rc != DR_OK)
		return rc;
	if (p->depth > DR_MAX_DEPTH)
		return dr_errf(err, errlen, DR_EINVAL,
			       "depth: %lld is too deep to simulate (allowed: 1..%d; the bounds go to %lld)",
			       p->depth, DR_MAX_DEPTH, DR_MAX_BOUND_DEPTH);
	size_t need = dr_sim_memory(p);
	size_t cap = (size_t)p->max_memory_mib << 20;
	if (need > cap)
		return dr_errf(err, errlen, DR_ELIMIT,
			       "simulation needs about %zu MiB, above max_memory %lld MiB (lower depth, width, points or threads, or raise max_memory)",
			       (need >> 20) + 1, p->max_memory_mib);

	dr_sim *s = calloc(1, sizeof *s);
	if (!s)
		return dr_errf(err, errlen, DR_ENOMEM, "out of memory");
	s->p = *p;
	s->k = p->depth;
	pthread_mutex_init(&s->lock, NULL);
	if (p->input == DR_IN_DATA) {
		rc = data_load(p->data_file, &s->data, err, errlen);
		if (rc == DR_OK && s->data.cols != p->input_dim)
			rc = dr_errf(err, errlen, DR_EINVAL, "input_dim: %d does not match data_file '%s' (%d columns)",
				     p->input_dim, p->data_file, s->data.cols);
		if (rc != DR_OK) {
			sim_destroy(s);
			return rc;
		}
	}
	size_t k = (size_t)s->k;
	s->alive = calloc(k, sizeof *s->alive);
	s->living = calloc(k, sizeof *s->living);
	s->dead_units = calloc(k, sizeof *s->dead_units);
	s->stopped = calloc(k + 1, sizeof *s->stopped);
	s->min_living = malloc(k * sizeof *s->min_living);
	s->nthreads = thread_count(p);
	s->threads = calloc((size_t)s->nthreads, sizeof *s->threads);
	if (!s->alive || !s->living || !s->dead_units || !s->stopped || !s->min_living || !s->threads) {
		sim_destroy(s);
		return dr_errf(err, errlen, DR_ENOMEM, "out of memory");
	}
	for (size_t l = 0; l < k; l++)
		s->min_living[l] = INT32_MAX;
	s->notify = notify;
	s->ud = ud;
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	atomic_store(&s->running, s->nthreads);
	/* Workers block every signal, so signals reach the caller's thread
	 * (a screen's SIGTERM or SIGWINCH must interrupt its poll, not a worker). */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (int i = 0; i < s->nthreads; i++) {
		if (pthread_create(&s->threads[i], NULL, worker, s) != 0) {
			/* Fewer workers than asked: stop and join the ones started. */
			s->cancel = 1;
			atomic_fetch_sub(&s->running, s->nthreads - i);
			for (int j = 0; j < i; j++)
				pthread_join(s->threads[j], NULL);
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			sim_destroy(s);
			return dr_errf(err, errlen, DR_ENOMEM, "cannot start worker threads");
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	*out = s;
	return DR_OK;
}

void dr_sim_cancel(dr_sim *s)
{
	if (s)
		s->cancel = 1;
}

void dr_sim_wait(dr_sim *s)
{
	if (!s || !s->threads)
		return;
	for (int i = 0; i < s->nthreads; i++)
		pthread_join(s->threads[i], NULL);
	free(s->threads);
	s->threads = NULL;
}

int dr_sim_done(const dr_sim *s)
{
	return atomic_load(&((dr_sim *)s)->running) == 0;
}

long long dr_sim_progress(const dr_sim *s)
{
	return atomic_load(&((dr_sim *)s)->done);
}

void dr_result_free(dr_result *r)
{
	if (!r)
		return;
	free(r->by_depth);
	r->by_depth = NULL;
}

int dr_sim_snapshot(dr_sim *s, dr_result *r, char *err, size_t errlen)
{
	long long k = s->k;
	memset(r, 0, sizeof *r);
	r->by_depth = malloc((size_t)k * sizeof *r->by_depth);
	if (!r->by_depth)
		return dr_errf(err, errlen, DR_ENOMEM, "out of memory");
	double z = dr_normal_quantile(0.5 + s->p.confidence / 2.0);

	pthread_mutex_lock(&s->lock);
	if (s->worker_error) {
		int rc = dr_errf(err, errlen, s->worker_error, "%s", s->errmsg);
		pthread_mutex_unlock(&s->lock);
		dr_result_free(r);
		return rc;
	}
	uint64_t n = (uint64_t)s->merged, stopped = 0;
	int points = inputs_count(&s->p, &s->data);
	double nd = (double)n;
	for (long long l = 0; l < k; l++) {
		dr_depth_stats *st = &r->by_depth[l];
		stopped += s->stopped[l]; /* trials that never reached layer l + 1 */
		dr_wilson(s->alive[l], n, s->p.confidence, &st->alive_lo, &st->alive_hi);
		st->alive = n ? (double)s->alive[l] / nd : 0.0;
		st->living_ratio = n ? (double)s->living[l] / (nd * points) : 0.0;
		st->min_living_ratio = n == 0 ? 0.0 : stopped ? 0.0 : (double)s->min_living[l] / points;
		st->dead_units = n ? ((double)s->dead_units[l] +
				      (double)stopped * dr_params_layer_width(&s->p, l + 1)) / nd : 0.0;
	}
	r->depth = k;
	r->trials = (long long)n;
	r->target = s->p.trials;
	r->points = points;
	const dr_depth_stats *last = &r->by_depth[k - 1];
	r->alive = last->alive;
	r->alive_lo = last->alive_lo;
	r->alive_hi = last->alive_hi;
	r->living_ratio = last->living_ratio;
	r->min_living_ratio = last->min_living_ratio;
	if (n > 1) {
		/* Normal interval for the mean of per-trial fractions c / points. */
		double mean = (double)s->living[k - 1] / nd;
		double ex2 = (double)s->living_sq / nd;
		double var = fmax(0.0, (ex2 - mean * mean) * nd / (nd - 1.0));
		double half = z * sqrt(var / nd) / points;
		r->living_ratio_lo = fmax(0.0, r->living_ratio - half);
		r->living_ratio_hi = fmin(1.0, r->living_ratio + half);
	} else {
		r->living_ratio_lo = 0.0;
		r->living_ratio_hi = 1.0;
	}
	r->finished = n == (uint64_t)s->p.trials;
	r->cancelled = s->cancel && !r->finished;
	pthread_mutex_unlock(&s->lock);
	r->seconds = atomic_load(&s->running) == 0 ? s->seconds_final : since(&s->t0);
	return DR_OK;
}

void dr_sim_free(dr_sim *s)
{
	if (!s)
		return;
	dr_sim_cancel(s);
	dr_sim_wait(s);
	sim_destroy(s);
}

int dr_simulate(const dr_params *p, dr_result *r, char *err, size_t errlen)
{
	dr_sim *s;
	memset(r, 0, sizeof *r);
	int rc = dr_sim_start(p, NULL, NULL, &s, err, errlen);
	if (rc != DR_OK)
		return rc;
	dr_sim_wait(s);
	rc = dr_sim_snapshot(s, r, err, errlen);
	dr_sim_free(s);
	return rc;
}
