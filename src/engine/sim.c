/* sim.c - Monte Carlo runs in worker threads.
 *
 * Trial i always uses the random stream (seed, i), and every accumulator is
 * an integer (or a minimum), so a finished run is bit-identical for any
 * number of threads. Workers claim trial indices from an atomic counter and
 * merge each outcome into accumulators of their own, under a lock of their
 * own that only a snapshot also takes; a snapshot adds the workers' counts
 * at the depths it is asked for, so a screen drawing a few hundred depths
 * of a deep run pays for those, not for the depth.
 *
 * A run may be a slice of a longer one (dr_sim_start_slice): the trials
 * first .. end - 1 alone, each with its own stream as in the whole run.
 * Snapshots of the accumulators are result.c's, their raw counts
 * counters.c's.
 *
 * The workers are detached. dr_sim_free never waits for them: it cancels
 * and lets go, and whoever is last of the owner and the workers frees the
 * run, so a screen never blocks on a run that is draining. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "sim.h"

#define NOTIFY_NS 20000000LL /* at most one wake-up per 20 ms */

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

double sim_since(const struct timespec *t0)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)(ts.tv_sec - t0->tv_sec) + 1e-9 * (double)(ts.tv_nsec - t0->tv_nsec);
}

int sim_state(dr_sim *s, double *seconds, char *err, size_t errlen)
{
	pthread_mutex_lock(&s->lock);
	int werr = s->worker_error;
	*seconds = s->running == 0 ? s->seconds_final : sim_since(&s->t0);
	if (werr)
		dr_errf(err, errlen, werr, "%s", s->errmsg);
	pthread_mutex_unlock(&s->lock);
	return werr;
}

void sim_lock_all(dr_sim *s, int on)
{
	for (int w = 0; w < s->nthreads; w++)
		(on ? pthread_mutex_lock : pthread_mutex_unlock)(&s->acc[w].lock);
}

/* The CPUs this process may run on: a job scheduler's share of the node
 * (Slurm, taskset), else every one online. */
static long cpus_available(void)
{
#ifdef CPU_COUNT
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
#endif
	return sysconf(_SC_NPROCESSORS_ONLN);
}

/* Workers for a run of count trials. */
static int thread_count(const dr_params *p, long long count)
{
	long n = p->threads;
	if (n == 0) {
		n = cpus_available();
		if (n < 1)
			n = 1;
	}
	if (n > count)
		n = (long)count;
	return (int)n;
}

/* Bytes of one worker's accumulators and outcome buffers at depth k. */
static size_t per_depth_bytes(void)
{
	return 4 * sizeof(uint64_t) + sizeof(int) /* accum */ + 1 + 2 * sizeof(int) /* outcome */;
}

size_t dr_sim_memory(const dr_params *p)
{
	int points = inputs_count(p, NULL);
	size_t k = (size_t)p->depth;
	size_t per_worker = trial_memory(p, points) + k * per_depth_bytes();
	if (p->certify != DR_CERT_OFF)
		per_worker += cert_memory(p) + (2 * k + 1) * sizeof(uint64_t);
	size_t snapshot = k * sizeof(dr_depth_stats); /* a full result */
	return (size_t)thread_count(p, p->trials) * per_worker + inputs_data_memory(p) + snapshot;
}

static void accum_free(accum *a)
{
	free(a->alive);
	free(a->living);
	free(a->dead_units);
	free(a->reached);
	free(a->min_living);
	free(a->cert_alive);
	free(a->cert_dead);
	pthread_mutex_destroy(&a->lock);
}

static int accum_init(accum *a, size_t k, int certify)
{
	memset(a, 0, sizeof *a);
	pthread_mutex_init(&a->lock, NULL);
	a->alive = calloc(k, sizeof *a->alive);
	a->living = calloc(k, sizeof *a->living);
	a->dead_units = calloc(k, sizeof *a->dead_units);
	a->reached = calloc(k, sizeof *a->reached);
	a->min_living = malloc(k * sizeof *a->min_living);
	if (certify) {
		a->cert_alive = calloc(k, sizeof *a->cert_alive);
		a->cert_dead = calloc(k + 1, sizeof *a->cert_dead);
		if (!a->cert_alive || !a->cert_dead)
			return DR_ENOMEM;
	}
	if (!a->alive || !a->living || !a->dead_units || !a->reached || !a->min_living)
		return DR_ENOMEM;
	for (size_t l = 0; l < k; l++)
		a->min_living[l] = INT32_MAX;
	return DR_OK;
}

static void merge(accum *a, const dr_outcome *o, const cert_verdict *v, long long k)
{
	long long r = o->reached;
	pthread_mutex_lock(&a->lock);
	if (v) {
		/* proven alive to alive_to, and wherever the sample is (dense
		 * nets are not alive on a prefix of depths) */
		long long top = v->alive_to > r ? v->alive_to : r;
		for (long long l = 0; l < top; l++)
			a->cert_alive[l] += l < v->alive_to || o->alive[l];
		for (long long l = v->dead_from; l > 0 && l <= k; l += l & -l)
			a->cert_dead[l]++;
	}
	for (long long l = 0; l < r; l++) {
		a->alive[l] += o->alive[l];
		a->living[l] += (uint64_t)o->living[l];
		a->dead_units[l] += (uint64_t)o->dead_units[l];
		a->reached[l]++;
		if (o->living[l] < a->min_living[l])
			a->min_living[l] = o->living[l];
	}
	if (r == k) {
		uint64_t c = (uint64_t)o->living[k - 1], sq = c * c; /* c <= 10^6: no overflow */
		a->sq_lo += sq;
		a->sq_hi += a->sq_lo < sq;
	}
	a->merged++;
	pthread_mutex_unlock(&a->lock);
}

static void sim_destroy(dr_sim *s)
{
	for (int i = 0; s->acc && i < s->nthreads; i++)
		accum_free(&s->acc[i]);
	free(s->acc);
	data_free(&s->data);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->finished);
	free(s);
}

static void release(dr_sim *s)
{
	if (atomic_fetch_sub(&s->refs, 1) == 1)
		sim_destroy(s);
}

/* Wakes the owner; under the lock, so once dr_sim_free returned no worker
 * calls notify again (its pipe may be closed by then). */
static void wake(dr_sim *s, int force)
{
	long long t = now_ns(), last = atomic_load(&s->last_notify);
	if (!force && (t - last < NOTIFY_NS || !atomic_compare_exchange_strong(&s->last_notify, &last, t)))
		return;
	pthread_mutex_lock(&s->lock);
	if (s->notify)
		s->notify(s->ud);
	pthread_mutex_unlock(&s->lock);
}

typedef struct {
	dr_sim *s;
	int index;
} worker_arg;

static void *worker(void *arg)
{
	worker_arg *wa = arg;
	dr_sim *s = wa->s;
	accum *a = &s->acc[wa->index];
	free(wa);
	char err[DR_ERRLEN];
	dr_outcome o = {0};
	dr_trial *t = trial_new(&s->p, &s->data, err, sizeof err);
	cert_ws *cw = NULL;
	cert_verdict v;
	if (t && s->p.certify != DR_CERT_OFF && !(cw = cert_new(&s->p, err, sizeof err))) {
		trial_free(t);
		t = NULL;
	}
	o.alive = malloc((size_t)s->k);
	o.living = malloc((size_t)s->k * sizeof(int));
	o.dead_units = malloc((size_t)s->k * sizeof(int));
	if (!t || !o.alive || !o.living || !o.dead_units) {
		pthread_mutex_lock(&s->lock);
		s->worker_error = DR_ENOMEM;
		snprintf(s->errmsg, sizeof s->errmsg, "%s", t ? "out of memory" : err);
		pthread_mutex_unlock(&s->lock);
		atomic_store(&s->cancel, 1);
	} else {
		for (;;) {
			long long i = atomic_fetch_add(&s->next, 1);
			if (i >= s->end || atomic_load_explicit(&s->cancel, memory_order_relaxed))
				break;
			if (trial_run(t, (uint64_t)i, &s->cancel, &o) != DR_OK)
				break;
			if (cw && cert_trial(cw, t, &o, &s->cancel, &v) != DR_OK)
				break;
			merge(a, &o, cw ? &v : NULL, s->k);
			atomic_fetch_add(&s->done, 1);
			wake(s, 0);
		}
	}
	/* Done before the workspace goes: unmapping hundreds of MiB takes tens
	 * of milliseconds, which a cancel need not wait for. */
	pthread_mutex_lock(&s->lock);
	int last = --s->running == 0;
	if (last) {
		s->seconds_final = sim_since(&s->t0);
		pthread_cond_broadcast(&s->finished);
	}
	pthread_mutex_unlock(&s->lock);
	if (last)
		wake(s, 1);
	trial_free(t);
	cert_free(cw);
	free(o.alive);
	free(o.living);
	free(o.dead_units);
	release(s);
	return NULL;
}

int dr_sim_start(const dr_params *p, void (*notify)(void *), void *ud, dr_sim **out, char *err,
		 size_t errlen)
{
	return dr_sim_start_slice(p, 0, p->trials, notify, ud, out, err, errlen);
}

int dr_sim_start_slice(const dr_params *p, long long first, long long count, void (*notify)(void *), void *ud,
		       dr_sim **out, char *err, size_t errlen)
{
	*out = NULL;
	int rc = dr_params_check(p, err, errlen);
	if (rc != DR_OK)
		return rc;
	if (first < 0 || first >= p->trials)
		return dr_errf(err, errlen, DR_EINVAL, "first: bad value '%lld' (allowed: 0..%lld, a trial of the %lld)",
			       first, p->trials - 1, p->trials);
	if (count < 1 || count > p->trials - first)
		return dr_errf(err, errlen, DR_EINVAL,
			       "count: bad value '%lld' (allowed: 1..%lld, the trials from %lld to the run's end)", count,
			       p->trials - first, first);
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
	s->first = first;
	s->end = first + count;
	atomic_store(&s->next, first);
	s->nthreads = thread_count(p, count);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->finished, NULL);
	if (input_of(p)->data) {
		rc = data_load_max(p->data_file, cap, &s->data, err, errlen);
		if (rc == DR_OK && s->data.cols != p->input_dim)
			rc = dr_errf(err, errlen, DR_EINVAL, "input_dim: %d does not match data_file '%s' (%d columns)",
				     p->input_dim, p->data_file, s->data.cols);
		if (rc != DR_OK) {
			sim_destroy(s);
			return rc;
		}
	}
	s->acc = calloc((size_t)s->nthreads, sizeof *s->acc);
	rc = s->acc ? DR_OK : DR_ENOMEM;
	int made = 0;
	for (; rc == DR_OK && made < s->nthreads; made++)
		rc = accum_init(&s->acc[made], (size_t)s->k, p->certify != DR_CERT_OFF);
	if (rc != DR_OK) {
		s->nthreads = made; /* the ones to free */
		sim_destroy(s);
		return dr_errf(err, errlen, DR_ENOMEM, "out of memory");
	}
	s->notify = notify;
	s->ud = ud;
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	s->running = s->nthreads;
	atomic_store(&s->refs, s->nthreads + 1);

	/* Workers block every signal, so signals reach the caller's thread
	 * (a screen's SIGTERM or SIGWINCH must interrupt its poll, not a worker). */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int started = 0;
	for (; started < s->nthreads; started++) {
		worker_arg *wa = malloc(sizeof *wa);
		pthread_t tid;
		if (wa)
			*wa = (worker_arg){s, started};
		if (!wa || pthread_create(&tid, &attr, worker, wa) != 0) {
			free(wa);
			break;
		}
	}
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (started < s->nthreads) {
		/* Fewer workers than asked: the ones started stop and let go. */
		atomic_store(&s->cancel, 1);
		pthread_mutex_lock(&s->lock);
		s->running -= s->nthreads - started;
		s->notify = NULL;
		pthread_mutex_unlock(&s->lock);
		atomic_fetch_sub(&s->refs, s->nthreads - started);
		release(s);
		return dr_errf(err, errlen, DR_ENOMEM, "cannot start worker threads");
	}
	*out = s;
	return DR_OK;
}

void dr_sim_cancel(dr_sim *s)
{
	if (s)
		atomic_store(&s->cancel, 1);
}

void dr_sim_wait(dr_sim *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	while (s->running > 0)
		pthread_cond_wait(&s->finished, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

int dr_sim_done(const dr_sim *s)
{
	dr_sim *m = (dr_sim *)s;
	pthread_mutex_lock(&m->lock);
	int done = m->running == 0;
	pthread_mutex_unlock(&m->lock);
	return done;
}

long long dr_sim_progress(const dr_sim *s)
{
	return atomic_load(&((dr_sim *)s)->done);
}

void dr_sim_free(dr_sim *s)
{
	if (!s)
		return;
	atomic_store(&s->cancel, 1);
	pthread_mutex_lock(&s->lock);
	s->notify = NULL;
	pthread_mutex_unlock(&s->lock);
	release(s);
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
