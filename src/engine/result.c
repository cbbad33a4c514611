/* result.c - from counts to the statistics of dr_result (Wilson intervals
 * for P(alive), a normal interval for the living ratio), in one function,
 * result_stats, that snapshots (the workers' counts summed at the depths
 * asked for, under their locks) and dr_counters_result (counters.c: the
 * counts of slices of a run, added) share. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim.h"

void dr_result_free(dr_result *r)
{
	if (!r)
		return;
	free(r->by_depth);
	free(r->row_depth);
	r->by_depth = NULL;
	r->row_depth = NULL;
}

uint64_t fenwick_prefix(const uint64_t *t, long long l)
{
	uint64_t sum = 0;
	for (long long i = l + 1; i > 0; i -= i & -i)
		sum += t[i];
	return sum;
}

/* The workers' counts at one depth (0-based l), summed (run_sums.at). */
static void sum_at(const void *src, long long l, depth_sums *d)
{
	const dr_sim *s = src;
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
		if (a->cert_alive) {
			d->cert_alive += a->cert_alive[l];
			d->cert_dead += fenwick_prefix(a->cert_dead, l);
		}
	}
}

static void depth_stats(const dr_params *p, long long l, const depth_sums *d, uint64_t n, int points, double z,
			dr_depth_stats *st)
{
	double nd = (double)n;
	uint64_t stopped = n - d->reached; /* trials that died before layer l + 1 */
	dr_wilson_z(d->alive, n, z, &st->alive_lo, &st->alive_hi);
	st->alive = n ? (double)d->alive / nd : 0.0;
	st->living_ratio = n ? (double)d->living / (nd * points) : 0.0;
	st->min_living_ratio = n == 0 || stopped ? 0.0 : (double)d->min_living / points;
	st->dead_units = n ? ((double)d->dead_units + (double)stopped * dr_params_layer_width(p, l + 1)) / nd
			   : 0.0;
	if (p->certify == DR_CERT_OFF) {
		st->certified_alive = st->certified_dead = st->region_lo = st->region_hi = NAN;
		return;
	}
	double dummy;
	st->certified_alive = n ? (double)d->cert_alive / nd : 0.0;
	st->certified_dead = n ? (double)d->cert_dead / nd : 0.0;
	dr_wilson_z(d->cert_alive, n, z, &st->region_lo, &dummy);
	dr_wilson_z(n - d->cert_dead, n, z, &dummy, &st->region_hi);
}

void result_stats(const run_sums *s, const long long *depths, long long rows, dr_result *r)
{
	const dr_params *p = s->p;
	long long k = p->depth;
	uint64_t n = s->n;
	int points = s->points;
	double z = dr_normal_quantile(0.5 + p->confidence / 2.0);
	depth_sums d;
	for (long long i = 0; i < rows; i++) {
		long long l = depths ? depths[i] - 1 : i;
		s->at(s->src, l, &d);
		depth_stats(p, l, &d, n, points, z, &r->by_depth[i]);
		if (depths)
			r->row_depth[i] = depths[i];
	}
	s->at(s->src, k - 1, &d);

	dr_depth_stats last;
	depth_stats(p, k - 1, &d, n, points, z, &last);
	r->depth = k;
	r->rows = rows;
	r->trials = (long long)n;
	r->target = s->target;
	r->points = points;
	r->alive = last.alive;
	r->alive_lo = last.alive_lo;
	r->alive_hi = last.alive_hi;
	r->living_ratio = last.living_ratio;
	r->min_living_ratio = last.min_living_ratio;
	r->certify = p->certify;
	r->certify_note = cert_limit(p);
	r->certified_alive = last.certified_alive;
	r->certified_dead = last.certified_dead;
	r->region_lo = last.region_lo;
	r->region_hi = last.region_hi;
	if (n > 1) {
		/* Normal interval for the mean of per-trial fractions c / points. */
		double nd = (double)n;
		double mean = (double)d.living / nd;
		double ex2 = ((double)s->sq_hi * 0x1p64 + (double)s->sq_lo) / nd;
		double var = fmax(0.0, (ex2 - mean * mean) * nd / (nd - 1.0));
		double half = z * sqrt(var / nd) / points;
		r->living_ratio_lo = fmax(0.0, r->living_ratio - half);
		r->living_ratio_hi = fmin(1.0, r->living_ratio + half);
	} else {
		r->living_ratio_lo = 0.0;
		r->living_ratio_hi = 1.0;
	}
	r->finished = n == (uint64_t)s->target;
}

static int snapshot(dr_sim *s, const long long *depths, long long rows, dr_result *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	r->by_depth = malloc((size_t)rows * sizeof *r->by_depth);
	if (depths)
		r->row_depth = malloc((size_t)rows * sizeof *r->row_depth);
	if (!r->by_depth || (depths && !r->row_depth)) {
		dr_result_free(r);
		return dr_errf(err, errlen, DR_ENOMEM, "out of memory");
	}
	double seconds;
	int werr = sim_state(s, &seconds, err, errlen);
	if (werr) {
		dr_result_free(r);
		return werr;
	}

	sim_lock_all(s, 1);
	run_sums sums = {&s->p, inputs_count(&s->p, &s->data), 0, 0, 0, s->end - s->first, sum_at, s};
	for (int w = 0; w < s->nthreads; w++) {
		sums.n += (uint64_t)s->acc[w].merged;
		sums.sq_lo += s->acc[w].sq_lo;
		sums.sq_hi += s->acc[w].sq_hi + (sums.sq_lo < s->acc[w].sq_lo);
	}
	result_stats(&sums, depths, rows, r);
	sim_lock_all(s, 0);

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
