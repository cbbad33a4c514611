/* counters.c - a run's raw counts as a value: slices of the trial indices,
 * the counts a run (or a slice of one) has gathered, checking counts that
 * come from outside, adding them, and their statistics through the same
 * function a snapshot uses (result.c's result_stats), so the counts of a
 * run's slices, added, give the whole run's result bit for bit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim.h"

/* The run's trials a slice may cut: the trials parameter's range, which
 * keeps index * (trials mod count) below 2^63. */
#define SLICE_MAX_TRIALS 1000000000LL

/* floor(i * t / c) for 0 <= i <= c <= t <= SLICE_MAX_TRIALS, exactly. */
static long long slice_edge(long long i, long long t, long long c)
{
	long long q = t / c, r = t % c;
	return i * q + i * r / c;
}

int dr_slice(long long trials, long long index, long long count, long long *first, long long *n, char *err,
	     size_t errlen)
{
	*first = *n = 0;
	if (trials < 1 || trials > SLICE_MAX_TRIALS)
		return dr_errf(err, errlen, DR_EINVAL, "trials: bad value '%lld' (allowed: 1..%lld)", trials,
			       SLICE_MAX_TRIALS);
	if (count < 1 || index < 1 || index > count)
		return dr_errf(err, errlen, DR_EINVAL,
			       "slice: bad value '%lld/%lld' (allowed: I/N with 1 <= I <= N, slices numbered from 1)",
			       index, count);
	if (count > trials)
		return dr_errf(err, errlen, DR_EINVAL,
			       "slice: %lld slices of %lld trials (allowed: at most one slice per trial, N <= %lld)",
			       count, trials, trials);
	*first = slice_edge(index - 1, trials, count);
	*n = slice_edge(index, trials, count) - *first;
	return DR_OK;
}

void dr_counters_free(dr_counters *c)
{
	if (!c)
		return;
	free(c->alive);
	free(c->living);
	free(c->dead_units);
	free(c->reached);
	free(c->min_living);
	free(c->cert_alive);
	free(c->cert_dead);
	c->alive = c->living = c->dead_units = c->reached = c->cert_alive = c->cert_dead = NULL;
	c->min_living = NULL;
}

/* Zeroed arrays for depth k (min_living: none reached), the rest of c 0. */
static int counters_alloc(dr_counters *c, long long k, int certify, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	size_t n = (size_t)k;
	c->depth = k;
	c->alive = calloc(n, sizeof *c->alive);
	c->living = calloc(n, sizeof *c->living);
	c->dead_units = calloc(n, sizeof *c->dead_units);
	c->reached = calloc(n, sizeof *c->reached);
	c->min_living = malloc(n * sizeof *c->min_living);
	int ok = c->alive && c->living && c->dead_units && c->reached && c->min_living;
	if (certify) {
		c->cert_alive = calloc(n, sizeof *c->cert_alive);
		c->cert_dead = calloc(n, sizeof *c->cert_dead);
		ok = ok && c->cert_alive && c->cert_dead;
	}
	if (!ok) {
		dr_counters_free(c);
		return dr_errf(err, errlen, DR_ENOMEM, "out of memory");
	}
	for (size_t l = 0; l < n; l++)
		c->min_living[l] = INT32_MAX;
	return DR_OK;
}

int dr_counters_init(dr_counters *c, const dr_params *p, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	int rc = dr_params_check(p, err, errlen);
	if (rc != DR_OK)
		return rc;
	if (p->depth > DR_MAX_DEPTH)
		return dr_errf(err, errlen, DR_EINVAL,
			       "depth: %lld is too deep to simulate (allowed: 1..%d; the bounds go to %lld)",
			       p->depth, DR_MAX_DEPTH, DR_MAX_BOUND_DEPTH);
	rc = counters_alloc(c, p->depth, p->certify != DR_CERT_OFF, err, errlen);
	if (rc != DR_OK)
		return rc;
	c->trials = p->trials;
	c->points = inputs_count(p, NULL);
	return DR_OK;
}

int dr_sim_counters(dr_sim *s, dr_counters *c, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	double seconds;
	int rc = sim_state(s, &seconds, err, errlen);
	if (rc != DR_OK)
		return rc;
	long long k = s->k;
	int cert = s->p.certify != DR_CERT_OFF;
	/* the workers' Fenwick trees, added (a tree of the sums) */
	uint64_t *tree = cert ? calloc((size_t)k + 1, sizeof *tree) : NULL;
	if (cert && !tree)
		return dr_errf(err, errlen, DR_ENOMEM, "out of memory");
	rc = counters_alloc(c, k, cert, err, errlen);
	if (rc != DR_OK) {
		free(tree);
		return rc;
	}
	c->trials = s->p.trials;
	c->first = s->first;
	c->count = s->end - s->first;
	c->points = inputs_count(&s->p, &s->data);
	c->seconds = seconds;

	sim_lock_all(s, 1);
	for (int w = 0; w < s->nthreads; w++) {
		const accum *a = &s->acc[w];
		c->n += a->merged;
		c->living_sq_lo += a->sq_lo;
		c->living_sq_hi += a->sq_hi + (c->living_sq_lo < a->sq_lo);
		for (long long l = 0; l < k; l++) {
			c->alive[l] += a->alive[l];
			c->living[l] += a->living[l];
			c->dead_units[l] += a->dead_units[l];
			c->reached[l] += a->reached[l];
			if (a->min_living[l] < c->min_living[l])
				c->min_living[l] = a->min_living[l];
		}
		for (long long l = 0; cert && l < k; l++)
			c->cert_alive[l] += a->cert_alive[l];
		for (long long i = 1; cert && i <= k; i++)
			tree[i] += a->cert_dead[i];
	}
	sim_lock_all(s, 0);
	/* Every prefix sum of the tree in one pass: the prefix up to i is
	 * tree[i] plus the prefix up to i without its lowest bit. */
	for (long long i = 1; cert && i <= k; i++)
		c->cert_dead[i - 1] = tree[i] + ((i & (i - 1)) ? c->cert_dead[(i & (i - 1)) - 1] : 0);
	free(tree);
	return DR_OK;
}

/* hi:lo = a * b. */
static void mul_128(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
	*lo = (mid << 32) | (p00 & 0xffffffffu);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

typedef unsigned long long ull;

int dr_counters_check(const dr_params *p, const dr_counters *c, char *err, size_t errlen)
{
	int rc = dr_params_check(p, err, errlen);
	if (rc != DR_OK)
		return rc;
	int points = inputs_count(p, NULL), cert = p->certify != DR_CERT_OFF;
	if (c->depth != p->depth || c->depth < 1 || c->depth > DR_MAX_DEPTH)
		return dr_errf(err, errlen, DR_EINVAL, "counters: depth %lld (allowed: %lld, the run's depth)", c->depth,
			       p->depth);
	if (c->trials != p->trials)
		return dr_errf(err, errlen, DR_EINVAL, "counters: trials %lld (allowed: %lld, the run's trials)",
			       c->trials, p->trials);
	if (c->points != points)
		return dr_errf(err, errlen, DR_EINVAL, "counters: points %d (allowed: %d, the run's points per trial)",
			       c->points, points);
	if (!c->alive || !c->living || !c->dead_units || !c->reached || !c->min_living)
		return dr_errf(err, errlen, DR_EINVAL, "counters: missing counts (allowed: every array, depth entries)");
	if (cert != (c->cert_alive != NULL) || cert != (c->cert_dead != NULL))
		return dr_errf(err, errlen, DR_EINVAL, "counters: cert_alive and cert_dead %s (allowed: %s with certify %s)",
			       cert ? "missing" : "given", cert ? "both" : "neither",
			       dr_param_find("certify")->values[p->certify]);
	if (c->first < 0 || c->count < 0 || c->first > c->trials - c->count)
		return dr_errf(err, errlen, DR_EINVAL,
			       "counters: trials %lld, %lld from %lld (allowed: inside the run's trials 0..%lld)", c->count,
			       c->count, c->first, c->trials - 1);
	if (c->n < 0 || c->n > c->count)
		return dr_errf(err, errlen, DR_EINVAL, "counters: %lld trials counted (allowed: 0..%lld, those spanned)",
			       c->n, c->count);
	if (!(c->seconds >= 0) || isinf(c->seconds))
		return dr_errf(err, errlen, DR_EINVAL, "counters: seconds %g (allowed: a number >= 0)", c->seconds);
	uint64_t n = (uint64_t)c->n, up = n; /* the trials that can have reached depth l + 1 */
	for (long long l = 0; l < c->depth; l++) {
		long long d = l + 1;
		uint64_t r = c->reached[l];
		if (r > up)
			return dr_errf(err, errlen, DR_EINVAL, "counters: reached at depth %lld is %llu (allowed: 0..%llu, %s)",
				       d, (ull)r, (ull)up, l ? "those that reached the depth before" : "the trials counted");
		if (c->alive[l] > r)
			return dr_errf(err, errlen, DR_EINVAL,
				       "counters: alive at depth %lld is %llu (allowed: 0..%llu, the trials that reached it)", d,
				       (ull)c->alive[l], (ull)r);
		uint64_t most = r * (uint64_t)points; /* r <= 1e9, points <= 1e6: no overflow */
		if (c->living[l] > most)
			return dr_errf(err, errlen, DR_EINVAL,
				       "counters: living at depth %lld is %llu (allowed: 0..%llu, %d points of each trial that reached it)",
				       d, (ull)c->living[l], (ull)most, points);
		uint64_t w = (uint64_t)dr_params_layer_width(p, d);
		if (c->dead_units[l] > r * w)
			return dr_errf(err, errlen, DR_EINVAL,
				       "counters: dead_units at depth %lld is %llu (allowed: 0..%llu, %llu units of each trial that reached it)",
				       d, (ull)c->dead_units[l], (ull)(r * w), (ull)w);
		int m = c->min_living[l];
		if (r == 0 && m != INT32_MAX)
			return dr_errf(err, errlen, DR_EINVAL,
				       "counters: min_living at depth %lld is %d (allowed: none, as no trial reached it)", d, m);
		if (r > 0 && (m < 0 || m > points || (uint64_t)m * r > c->living[l]))
			return dr_errf(err, errlen, DR_EINVAL,
				       "counters: min_living at depth %lld is %d (allowed: 0..%d, and at most the mean %llu/%llu)",
				       d, m, points, (ull)c->living[l], (ull)r);
		if (cert && c->cert_alive[l] > n)
			return dr_errf(err, errlen, DR_EINVAL,
				       "counters: cert_alive at depth %lld is %llu (allowed: 0..%llu, the trials counted)", d,
				       (ull)c->cert_alive[l], (ull)n);
		uint64_t least = cert && l ? c->cert_dead[l - 1] : 0;
		if (cert && (c->cert_dead[l] > n || c->cert_dead[l] < least))
			return dr_errf(err, errlen, DR_EINVAL,
				       "counters: cert_dead at depth %lld is %llu (allowed: %llu..%llu: those dead at the depth before, up to the trials counted)",
				       d, (ull)c->cert_dead[l], (ull)least, (ull)n);
		up = r;
	}
	uint64_t hi, lo; /* the most living^2 can add up to */
	mul_128(c->reached[c->depth - 1], (uint64_t)points * (uint64_t)points, &hi, &lo);
	if (c->living_sq_hi > hi || (c->living_sq_hi == hi && c->living_sq_lo > lo))
		return dr_errf(err, errlen, DR_EINVAL,
			       "counters: living_sq above %d^2 for each of the %llu trials that reached depth %lld", points,
			       (ull)c->reached[c->depth - 1], c->depth);
	return DR_OK;
}

int dr_counters_add(dr_counters *sum, const dr_counters *c, char *err, size_t errlen)
{
	if (c->depth != sum->depth || c->trials != sum->trials || c->points != sum->points ||
	    !c->cert_alive != !sum->cert_alive || !c->cert_dead != !sum->cert_dead)
		return dr_errf(err, errlen, DR_EINVAL,
			       "counters: depth %lld, trials %lld, points %d%s added to depth %lld, trials %lld, points %d%s (allowed: counters of one run)",
			       c->depth, c->trials, c->points, c->cert_alive ? ", certified" : "", sum->depth, sum->trials,
			       sum->points, sum->cert_alive ? ", certified" : "");
	if (c->n < 0 || c->count < 0 || c->n > sum->trials - sum->n)
		return dr_errf(err, errlen, DR_EINVAL,
			       "counters: %lld trials added to %lld (allowed: %lld in all, the run's trials; the same slice twice?)",
			       c->n, sum->n, sum->trials);
	for (long long l = 0; l < sum->depth; l++) {
		sum->alive[l] += c->alive[l];
		sum->living[l] += c->living[l];
		sum->dead_units[l] += c->dead_units[l];
		sum->reached[l] += c->reached[l];
		if (c->min_living[l] < sum->min_living[l])
			sum->min_living[l] = c->min_living[l];
	}
	for (long long l = 0; sum->cert_alive && l < sum->depth; l++) {
		sum->cert_alive[l] += c->cert_alive[l];
		sum->cert_dead[l] += c->cert_dead[l];
	}
	sum->living_sq_lo += c->living_sq_lo;
	sum->living_sq_hi += c->living_sq_hi + (sum->living_sq_lo < c->living_sq_lo);
	if (c->count > 0) {
		long long end = sum->count ? sum->first + sum->count : 0, cend = c->first + c->count;
		sum->first = sum->count && sum->first < c->first ? sum->first : c->first;
		sum->count = (end > cend ? end : cend) - sum->first;
	}
	sum->n += c->n;
	sum->seconds += c->seconds;
	return DR_OK;
}

/* Depth l's counts (run_sums.at). */
static void counters_at(const void *src, long long l, depth_sums *d)
{
	const dr_counters *c = src;
	d->alive = c->alive[l];
	d->living = c->living[l];
	d->dead_units = c->dead_units[l];
	d->reached = c->reached[l];
	d->min_living = c->min_living[l];
	d->cert_alive = c->cert_alive ? c->cert_alive[l] : 0;
	d->cert_dead = c->cert_dead ? c->cert_dead[l] : 0;
}

int dr_counters_result(const dr_params *p, const dr_counters *c, dr_result *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	int rc = dr_counters_check(p, c, err, errlen);
	if (rc != DR_OK)
		return rc;
	r->by_depth = malloc((size_t)c->depth * sizeof *r->by_depth);
	if (!r->by_depth)
		return dr_errf(err, errlen, DR_ENOMEM, "out of memory");
	run_sums sums = {p, c->points, (uint64_t)c->n, c->living_sq_lo, c->living_sq_hi, c->trials, counters_at, c};
	result_stats(&sums, NULL, c->depth, r);
	r->cancelled = 0;
	r->seconds = c->seconds;
	return DR_OK;
}
