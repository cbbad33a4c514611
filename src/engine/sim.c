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
 * The workers are detached. dr_sim_free never waits for them: it cancels
 * and lets go, and whoever is last of the owner and the workers frees the
 * run, so a screen never blocks on a run that is draining. */
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

/* What one worker has merged; only it writes, under lock. */
typedef struct {
	pthread_mutex_t lock;
	long long merged;
	uint64_t *alive, *living, *dead_units; /* per depth: sums over trials that reached it */
	uint64_t *reached;                     /* per depth: trials that reached it */
	int *min_living;                       /* per depth: smallest living count, INT32_MAX if none */
	uint64_t sq_lo, sq_hi;                 /* sum of living^2 at full depth, 128 bits */
} accum;

struct dr_sim {
	dr_params p;
	dr_data data;
	long long k;
	int nthreads;
	accum *acc;
	atomic_int cancel;
	atomic_llong next, done;
	atomic_int refs;          /* the owner and each worker still running */
	atomic_llong last_notify;
	struct timespec t0;

	pthread_mutex_t lock;     /* guards the fields below */
	pthread_cond_t finished;  /* signalled when running reaches 0 */
	int running;
	double seconds_final;
	void (*notify)(void *);   /* NULL once the owner let go */
	void *ud;
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
	size_t snapshot = k * sizeof(dr_depth_stats); /* a full result */
	return (size_t)thread_count(p) * per_worker + inputs_data_memory(p) + snapshot;
}

static void accum_free(accum *a)
{
	free(a->alive);
	free(a->living);
	free(a->dead_units);
	free(a->reached);
	free(a->min_living);
	pthread_mutex_destroy(&a->lock);
}

static int accum_init(accum *a, size_t k)
{
	memset(a, 0, sizeof *a);
	pthread_mutex_init(&a->lock, NULL);
	a->alive = calloc(k, sizeof *a->alive);
	a->living = calloc(k, sizeof *a->living);
	a->dead_units = calloc(k, sizeof *a->dead_units);
	a->reached = calloc(k, sizeof *a->reached);
	a->min_living = malloc(k * sizeof *a->min_living);
	if (!a->alive || !a->living || !a->dead_units || !a->reached || !a->min_living)
		return DR_ENOMEM;
	for (size_t l = 0; l < k; l++)
		a->min_living[l] = INT32_MAX;
	return DR_OK;
}

static void merge(accum *a, const dr_outcome *o, long long k)
{
	long long r = o->reached;
	pthread_mutex_lock(&a->lock);
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
			if (i >= s->p.trials || atomic_load_explicit(&s->cancel, memory_order_relaxed))
				break;
			if (trial_run(t, (uint64_t)i, &s->cancel, &o) != DR_OK)
				break;
			merge(a, &o, s->k);
			atomic_fetch_add(&s->done, 1);
			wake(s, 0);
		}
	}
	/* Done before the workspace goes: unmapping hundreds of MiB takes tens
	 * of milliseconds, which a cancel need not wait for. */
	pthread_mutex_lock(&s->lock);
	int last = --s->running == 0;
	if (last) {
		s->seconds_final = since(&s->t0);
		pthread_cond_broadcast(&s->finished);
	}
	pthread_mutex_unlock(&s->lock);
	if (last)
		wake(s, 1);
	trial_free(t);
	free(o.alive);
	free(o.living);
	free(o.dead_units);
	release(s);
	return NULL;
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
	s->nthreads = thread_count(p);
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
		rc = accum_init(&s->acc[made], (size_t)s->k);
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

void dr_result_free(dr_result *r)
{
	if (!r)
		return;
	free(r->by_depth);
	free(r->row_depth);
	r->by_depth = NULL;
	r->row_depth = NULL;
}

/* The workers' counts at one depth (0-based l), summed. */
typedef struct {
	uint64_t alive, living, dead_units, reached;
	int min_living;
} depth_sums;

static void sum_at(dr_sim *s, long long l, depth_sums *d)
{
	memset(d, 0, sizeof *d);
	d->min_living = INT32_MAX;
	for (int w = 0; w < s->nthreads; w++) {
		const accum *a = &s->acc[w];
		d->alive += a->alive[l];
		d->living += a->living[l];
		d->dead_units += a->dead_units[l];
		d->reached += a->reached[l];
		if (a->min_living[l] < d->min_living)
			d->min_living = a->min_living[l];
	}
}

static void depth_stats(const dr_sim *s, long long l, const depth_sums *d, uint64_t n, int points, double z,
			dr_depth_stats *st)
{
	double nd = (double)n;
	uint64_t stopped = n - d->reached; /* trials that died before layer l + 1 */
	dr_wilson_z(d->alive, n, z, &st->alive_lo, &st->alive_hi);
	st->alive = n ? (double)d->alive / nd : 0.0;
	st->living_ratio = n ? (double)d->living / (nd * points) : 0.0;
	st->min_living_ratio = n == 0 || stopped ? 0.0 : (double)d->min_living / points;
	st->dead_units = n ? ((double)d->dead_units + (double)stopped * dr_params_layer_width(&s->p, l + 1)) / nd
			   : 0.0;
}

/* Locks every worker's accumulators (in order; workers take only their own). */
static void lock_all(dr_sim *s, int on)
{
	for (int w = 0; w < s->nthreads; w++)
		(on ? pthread_mutex_lock : pthread_mutex_unlock)(&s->acc[w].lock);
}

static int snapshot(dr_sim *s, const long long *depths, long long rows, dr_result *r, char *err, size_t errlen)
{
	long long k = s->k;
	memset(r, 0, sizeof *r);
	r->by_depth = malloc((size_t)rows * sizeof *r->by_depth);
	if (depths)
		r->row_depth = malloc((size_t)rows * sizeof *r->row_depth);
	if (!r->by_depth || (depths && !r->row_depth)) {
		dr_result_free(r);
		return dr_errf(err, errlen, DR_ENOMEM, "out of memory");
	}
	pthread_mutex_lock(&s->lock);
	int werr = s->worker_error, running = s->running;
	double seconds = running == 0 ? s->seconds_final : since(&s->t0);
	if (werr)
		dr_errf(err, errlen, werr, "%s", s->errmsg);
	pthread_mutex_unlock(&s->lock);
	if (werr) {
		dr_result_free(r);
		return werr;
	}
	double z = dr_normal_quantile(0.5 + s->p.confidence / 2.0);
	int points = inputs_count(&s->p, &s->data);

	lock_all(s, 1);
	uint64_t n = 0, sq_lo = 0, sq_hi = 0;
	for (int w = 0; w < s->nthreads; w++) {
		n += (uint64_t)s->acc[w].merged;
		sq_lo += s->acc[w].sq_lo;
		sq_hi += s->acc[w].sq_hi + (sq_lo < s->acc[w].sq_lo);
	}
	depth_sums d;
	for (long long i = 0; i < rows; i++) {
		long long l = depths ? depths[i] - 1 : i;
		sum_at(s, l, &d);
		depth_stats(s, l, &d, n, points, z, &r->by_depth[i]);
		if (depths)
			r->row_depth[i] = depths[i];
	}
	sum_at(s, k - 1, &d);
	lock_all(s, 0);

	dr_depth_stats last;
	depth_stats(s, k - 1, &d, n, points, z, &last);
	r->depth = k;
	r->rows = rows;
	r->trials = (long long)n;
	r->target = s->p.trials;
	r->points = points;
	r->alive = last.alive;
	r->alive_lo = last.alive_lo;
	r->alive_hi = last.alive_hi;
	r->living_ratio = last.living_ratio;
	r->min_living_ratio = last.min_living_ratio;
	if (n > 1) {
		/* Normal interval for the mean of per-trial fractions c / points. */
		double nd = (double)n;
		double mean = (double)d.living / nd;
		double ex2 = ((double)sq_hi * 0x1p64 + (double)sq_lo) / nd;
		double var = fmax(0.0, (ex2 - mean * mean) * nd / (nd - 1.0));
		double half = z * sqrt(var / nd) / points;
		r->living_ratio_lo = fmax(0.0, r->living_ratio - half);
		r->living_ratio_hi = fmin(1.0, r->living_ratio + half);
	} else {
		r->living_ratio_lo = 0.0;
		r->living_ratio_hi = 1.0;
	}
	r->finished = n == (uint64_t)s->p.trials;
	r->cancelled = atomic_load(&s->cancel) && !r->finished;
	r->seconds = seconds;
	return DR_OK;
}

int dr_sim_snapshot(dr_sim *s, dr_result *r, char *err, size_t errlen)
{
	return snapshot(s, NULL, s->k, r, err, errlen);
}

int dr_sim_snapshot_at(dr_sim *s, const long long *depths, int n, dr_result *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	for (int i = 0; i < n; i++)
		if (depths[i] < 1 || depths[i] > s->k)
			return dr_errf(err, errlen, DR_EINVAL, "depth: bad value '%lld' (allowed: 1..%lld)", depths[i],
				       s->k);
	if (n < 1)
		return dr_errf(err, errlen, DR_EINVAL, "depths: none asked for (allowed: 1 or more)");
	return snapshot(s, depths, n, r, err, errlen);
}

const dr_depth_stats *dr_result_at(const dr_result *r, long long depth)
{
	if (!r->by_depth || r->rows < 1)
		return NULL;
	if (!r->row_depth)
		return depth >= 1 && depth <= r->rows ? &r->by_depth[depth - 1] : NULL;
	/* The row whose depth is nearest (rows ascend). */
	long long lo = 0, hi = r->rows - 1;
	while (lo < hi) {
		long long mid = lo + (hi - lo) / 2;
		if (r->row_depth[mid] < depth)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && depth - r->row_depth[lo - 1] < r->row_depth[lo] - depth)
		lo--;
	return &r->by_depth[lo];
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
