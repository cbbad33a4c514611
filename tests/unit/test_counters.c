/* test_counters.c - a run in slices: dr_slice's cut of the trial indices
 * (against the formula written out here), runs of one slice, their raw
 * counters, adding them and their statistics. The reference for every
 * merge is the single run of the same parameters: the added counters of
 * its slices must equal its own counters entry for entry, and their
 * result its snapshot bit for bit, for any number of slices and threads,
 * plain, batch-normalised, dense, sign-flipped and certified. Partial sums
 * are compared with a slice run over the same trials and with statistics
 * worked out here from the counts. Then counters that no run can give are
 * refused, each with a message naming what is wrong. */
#include "helpers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- dr_slice ---- */

static void test_slice(void)
{
	static const long long T[] = {1, 2, 7, 10, 1000, 1001, 999983, 1000000000};
	static const long long N[] = {1, 2, 3, 7, 10, 64, 1000};
	char err[DR_ERRLEN];
	for (size_t a = 0; a < sizeof T / sizeof *T; a++)
		for (size_t b = 0; b < sizeof N / sizeof *N; b++) {
			long long t = T[a], n = N[b], next = 0, lo = t / n, ok = 1;
			if (n > t)
				continue;
			for (long long i = 1; i <= n && ok; i++) {
				long long first, count;
				/* floor((i-1) t / n) in long double: exact below 2^64 */
				long long want = (long long)(((long double)(i - 1) * (long double)t) / (long double)n);
				ok = dr_slice(t, i, n, &first, &count, err, sizeof err) == DR_OK && first == next &&
				     first == want && (count == lo || count == lo + 1);
				next = first + count;
			}
			CHECK(NAME("slice cover %lld trials in %lld", t, n), ok && next == t,
			      "slices do not cover 0..%lld in order (reached %lld)", t, next);
		}
	long long first, count;
	dr_slice(1000, 3, 7, &first, &count, err, sizeof err);
	/* floor(2000/7) = 285, floor(3000/7) = 428 */
	CHECK("slice 3/7 of 1000", first == 285 && count == 143, "got %lld + %lld, want 285 + 143", first, count);
	static const struct {
		long long t, i, n;
		const char *msg;
	} bad[] = {
		{1000, 0, 3, "slice: bad value '0/3' (allowed: I/N with 1 <= I <= N"},
		{1000, 4, 3, "slice: bad value '4/3'"},
		{1000, 1, 0, "slice: bad value '1/0'"},
		{1000, -1, 3, "slice: bad value '-1/3'"},
		{10, 1, 11, "slice: 11 slices of 10 trials (allowed: at most one slice per trial, N <= 10)"},
		{0, 1, 1, "trials: bad value '0' (allowed: 1..1000000000)"},
		{2000000000, 1, 2, "trials: bad value '2000000000'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int rc = dr_slice(bad[i].t, bad[i].i, bad[i].n, &first, &count, err, sizeof err);
		CHECK(NAME("slice refuses %lld/%lld of %lld", bad[i].i, bad[i].n, bad[i].t),
		      rc == DR_EINVAL && strstr(err, bad[i].msg) == err, "rc %d, '%s' (want '%s...')", rc, err, bad[i].msg);
	}
}

/* ---- runs, counters, sums ---- */

static int counters_of(const dr_params *p, long long first, long long count, dr_counters *c, dr_result *snap)
{
	char err[DR_ERRLEN];
	dr_sim *s;
	int rc = dr_sim_start_slice(p, first, count, NULL, NULL, &s, err, sizeof err);
	if (rc == DR_OK) {
		dr_sim_wait(s);
		rc = dr_sim_counters(s, c, err, sizeof err);
		if (rc == DR_OK && snap)
			rc = dr_sim_snapshot(s, snap, err, sizeof err);
		dr_sim_free(s);
	}
	if (rc != DR_OK) {
		printf("FAIL run slice %lld+%lld: %s\n", first, count, err);
		check_failed++;
	}
	return rc == DR_OK;
}

static int same_array(const uint64_t *a, const uint64_t *b, long long n)
{
	return (!a && !b) || (a && b && memcmp(a, b, (size_t)n * sizeof *a) == 0);
}

/* The counts equal, entry for entry (the span and seconds aside). */
static int same_counts(const dr_counters *a, const dr_counters *b)
{
	return a->depth == b->depth && a->trials == b->trials && a->n == b->n && a->points == b->points &&
	       same_array(a->alive, b->alive, a->depth) && same_array(a->living, b->living, a->depth) &&
	       same_array(a->dead_units, b->dead_units, a->depth) && same_array(a->reached, b->reached, a->depth) &&
	       memcmp(a->min_living, b->min_living, (size_t)a->depth * sizeof *a->min_living) == 0 &&
	       same_array(a->cert_alive, b->cert_alive, a->depth) && same_array(a->cert_dead, b->cert_dead, a->depth) &&
	       a->living_sq_lo == b->living_sq_lo && a->living_sq_hi == b->living_sq_hi;
}

/* Every number of two results, bit for bit (seconds aside). */
static int same_bits(const dr_result *a, const dr_result *b)
{
	return same_result(a, b) && a->target == b->target && a->finished == b->finished && a->rows == b->rows &&
	       a->points == b->points && a->certify == b->certify && a->certify_note == b->certify_note &&
	       memcmp(&a->certified_alive, &b->certified_alive, sizeof a->certified_alive) == 0 &&
	       memcmp(&a->certified_dead, &b->certified_dead, sizeof a->certified_dead) == 0 &&
	       memcmp(&a->region_lo, &b->region_lo, sizeof a->region_lo) == 0 &&
	       memcmp(&a->region_hi, &b->region_hi, sizeof a->region_hi) == 0;
}

static void test_merge(const char *spec)
{
	static const int NS[] = {1, 2, 3, 7};
	char err[DR_ERRLEN];
	dr_params p;
	if (!check_setup(&p, NULL, spec))
		return;
	dr_counters whole;
	dr_result snap, from_counts;
	if (!counters_of(&p, 0, p.trials, &whole, &snap))
		return;
	int rc = dr_counters_result(&p, &whole, &from_counts, err, sizeof err);
	CHECK(NAME("%s: the whole run's counters give its snapshot", spec),
	      rc == DR_OK && same_bits(&snap, &from_counts) && from_counts.finished && whole.n == p.trials &&
		      whole.first == 0 && whole.count == p.trials,
	      "rc %d %s", rc, err);
	dr_result_free(&from_counts);
	/* alive at full depth, from the counts by hand */
	double alive = (double)whole.alive[p.depth - 1] / (double)p.trials;
	CHECK(NAME("%s: alive is the count over the trials", spec), snap.alive == alive, "%.17g != %.17g", snap.alive,
	      alive);
	for (size_t k = 0; k < sizeof NS / sizeof *NS; k++) {
		int n = NS[k], ok = 1;
		dr_counters sum;
		if (dr_counters_init(&sum, &p, err, sizeof err) != DR_OK) {
			CHECK(NAME("%s: init", spec), 0, "%s", err);
			break;
		}
		/* the slices in an order of their own, on 1, 2 or 3 threads */
		for (int j = 0; j < n && ok; j++) {
			long long i = (j * 5) % n + 1, first, count; /* 5: prime to every n */
			dr_counters c;
			dr_params q = p;
			q.threads = 1 + j % 3;
			ok = dr_slice(p.trials, i, n, &first, &count, err, sizeof err) == DR_OK &&
			     counters_of(&q, first, count, &c, NULL);
			if (ok) {
				ok = dr_counters_check(&p, &c, err, sizeof err) == DR_OK && c.n == count &&
				     dr_counters_add(&sum, &c, err, sizeof err) == DR_OK;
				dr_counters_free(&c);
			}
		}
		dr_result r = {0};
		ok = ok && same_counts(&sum, &whole) && sum.first == 0 && sum.count == p.trials &&
		     dr_counters_result(&p, &sum, &r, err, sizeof err) == DR_OK;
		CHECK(NAME("%s: %d slices add up to the run, bit for bit", spec, n), ok && same_bits(&r, &snap),
		      "counts or result differ (%s)", ok ? "result" : err);
		dr_result_free(&r);
		dr_counters_free(&sum);
	}
	dr_result_free(&snap);
	dr_counters_free(&whole);
}

/* Part of a run: slices 1 and 2 of 4 are the trials 0 .. T/2 - 1, which a
 * slice run gives too; their result is an estimate over those trials. */
static void test_partial(void)
{
	char err[DR_ERRLEN];
	dr_params p;
	if (!check_setup(&p, NULL, "depth=6 width=3 points=16 seed=7"))
		return;
	p.trials = 400; /* (small enough for the sanitizers as it is) */
	dr_counters sum, half, c;
	dr_result r = {0}, hr = {0};
	int ok = dr_counters_init(&sum, &p, err, sizeof err) == DR_OK;
	for (int i = 2; ok && i >= 1; i--) {
		long long first, count;
		ok = dr_slice(p.trials, i, 4, &first, &count, err, sizeof err) == DR_OK &&
		     counters_of(&p, first, count, &c, NULL);
		if (ok) {
			ok = dr_counters_add(&sum, &c, err, sizeof err) == DR_OK;
			dr_counters_free(&c);
		}
	}
	ok = ok && counters_of(&p, 0, 200, &half, &hr);
	CHECK("partial: slices 1, 2 of 4 are the first half", ok && same_counts(&sum, &half) && sum.first == 0 &&
	      sum.count == 200 && sum.n == 200, "%s", err);
	ok = ok && dr_counters_result(&p, &sum, &r, err, sizeof err) == DR_OK;
	CHECK("partial: an estimate over 200 of 400 trials",
	      ok && r.trials == 200 && r.target == 400 && !r.finished && !r.cancelled &&
		      r.alive == (double)sum.alive[5] / 200.0 &&
		      r.living_ratio == (double)sum.living[5] / (200.0 * 16) && hr.target == 200 && hr.finished &&
		      r.alive == hr.alive && memcmp(r.by_depth, hr.by_depth, 6 * sizeof *r.by_depth) == 0,
	      "trials %lld target %lld finished %d alive %g (%s)", r.trials, r.target, r.finished, r.alive, err);
	dr_result_free(&r);
	dr_result_free(&hr);
	/* slices 1 and 3 of 4: a gap between them */
	dr_counters one, three, gap;
	ok = dr_counters_init(&gap, &p, err, sizeof err) == DR_OK && counters_of(&p, 0, 100, &one, NULL) &&
	     counters_of(&p, 200, 100, &three, NULL) && dr_counters_add(&gap, &three, err, sizeof err) == DR_OK &&
	     dr_counters_add(&gap, &one, err, sizeof err) == DR_OK;
	CHECK("partial: slices 1, 3 of 4 span 0..299 with 200 counted",
	      ok && gap.first == 0 && gap.count == 300 && gap.n == 200 &&
		      gap.alive[0] == one.alive[0] + three.alive[0] &&
		      gap.min_living[5] == (one.min_living[5] < three.min_living[5] ? one.min_living[5] : three.min_living[5]),
	      "first %lld count %lld n %lld (%s)", gap.first, gap.count, gap.n, err);
	/* the same slice twice is more trials than the run has, at the end */
	ok = dr_counters_add(&gap, &one, err, sizeof err) == DR_OK && dr_counters_add(&gap, &three, err, sizeof err) == DR_OK;
	int rc = dr_counters_add(&gap, &one, err, sizeof err);
	CHECK("add refuses more trials than the run has", ok && rc == DR_EINVAL && strstr(err, "100 trials added to 400"),
	      "rc %d '%s'", rc, err);
	dr_counters_free(&one);
	dr_counters_free(&three);
	dr_counters_free(&gap);
	dr_counters_free(&sum);
	dr_counters_free(&half);
}

/* ---- what no run gives ---- */

typedef void (*spoil_fn)(dr_counters *c);

static void s_reached_up(dr_counters *c) { c->reached[2] = c->reached[1] + 1; }
static void s_reached_n(dr_counters *c) { c->reached[0] = (uint64_t)c->n + 1; }
static void s_alive(dr_counters *c) { c->alive[3] = c->reached[3] + 1; }
static void s_living(dr_counters *c) { c->living[0] = c->reached[0] * (uint64_t)c->points + 1; }
static void s_dead(dr_counters *c) { c->dead_units[1] = c->reached[1] * 3 + 1; }
static void s_min_neg(dr_counters *c) { c->min_living[0] = -1; }
static void s_min_big(dr_counters *c) { c->min_living[0] = c->points + 1; }
static void s_n(dr_counters *c) { c->n = c->count + 1; }
static void s_span(dr_counters *c) { c->first = c->trials - c->count + 1; }
static void s_depth(dr_counters *c) { c->depth = 5; }
static void s_points(dr_counters *c) { c->points = 17; }
static void s_sq(dr_counters *c) { c->living_sq_hi = 1; }
static void s_seconds(dr_counters *c) { c->seconds = -1; }
static void s_cert(dr_counters *c) { c->cert_alive = NULL; }

static void test_refused(void)
{
	static const struct {
		const char *name;
		spoil_fn spoil;
		const char *msg;
	} bad[] = {
		{"reached growing", s_reached_up, "counters: reached at depth 3 is"},
		{"reached above n", s_reached_n, "counters: reached at depth 1 is 401 (allowed: 0..400, the trials counted)"},
		{"alive above reached", s_alive, "counters: alive at depth 4 is"},
		{"living above points", s_living, "counters: living at depth 1 is"},
		{"dead_units above width", s_dead, "counters: dead_units at depth 2 is"},
		{"min_living negative", s_min_neg, "counters: min_living at depth 1 is -1"},
		{"min_living above points", s_min_big, "counters: min_living at depth 1 is 17"},
		{"n above count", s_n, "counters: 401 trials counted (allowed: 0..400"},
		{"span outside", s_span, "counters: trials 400, 400 from 1"},
		{"depth", s_depth, "counters: depth 5 (allowed: 6, the run's depth)"},
		{"points", s_points, "counters: points 17 (allowed: 16"},
		{"living_sq", s_sq, "counters: living_sq above 16^2"},
		{"seconds", s_seconds, "counters: seconds -1"},
	};
	char err[DR_ERRLEN];
	dr_params p;
	dr_counters c;
	if (!check_setup(&p, NULL, "depth=6 width=3 points=16 seed=3"))
		return;
	p.trials = 400;
	if (!counters_of(&p, 0, 400, &c, NULL))
		return;
	CHECK("check: a run's own counters pass", dr_counters_check(&p, &c, err, sizeof err) == DR_OK, "%s", err);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		dr_counters d = c;
		size_t k = (size_t)c.depth;
		uint64_t a[6][6];
		int m[6];
		/* a copy of the arrays to spoil */
		memcpy(a[0], c.alive, k * 8);
		memcpy(a[1], c.living, k * 8);
		memcpy(a[2], c.dead_units, k * 8);
		memcpy(a[3], c.reached, k * 8);
		memcpy(m, c.min_living, k * sizeof *m);
		d.alive = a[0], d.living = a[1], d.dead_units = a[2], d.reached = a[3], d.min_living = m;
		bad[i].spoil(&d);
		dr_result r;
		int rc = dr_counters_check(&p, &d, err, sizeof err), rc2 = dr_counters_result(&p, &d, &r, err, sizeof err);
		CHECK(NAME("check refuses %s", bad[i].name), rc == DR_EINVAL && rc2 == DR_EINVAL && strstr(err, bad[i].msg) == err,
		      "rc %d/%d '%s' (want '%s...')", rc, rc2, err, bad[i].msg);
	}
	dr_counters_free(&c);

	/* certified: cert_dead never shrinks with depth; both arrays or neither */
	if (!check_setup(&p, NULL, "depth=6 width=3 points=16 trials=100 seed=3 radius=3 certify=bracket") ||
	    !counters_of(&p, 0, 100, &c, NULL))
		return;
	CHECK("check: a certified run's counters pass", dr_counters_check(&p, &c, err, sizeof err) == DR_OK, "%s", err);
	uint64_t keep = c.cert_dead[5];
	c.cert_dead[5] = c.cert_dead[4] ? c.cert_dead[4] - 1 : 101;
	int rc = dr_counters_check(&p, &c, err, sizeof err);
	CHECK("check refuses cert_dead shrinking", rc == DR_EINVAL && strstr(err, "counters: cert_dead at depth 6 is") == err,
	      "rc %d '%s'", rc, err);
	c.cert_dead[5] = keep;
	dr_counters d = c;
	s_cert(&d);
	rc = dr_counters_check(&p, &d, err, sizeof err);
	CHECK("check refuses a certified run without cert_alive",
	      rc == DR_EINVAL && !strcmp(err, "counters: cert_alive and cert_dead missing (allowed: both with certify bracket)"),
	      "rc %d '%s'", rc, err);
	dr_params off = p;
	off.certify = DR_CERT_OFF;
	rc = dr_counters_check(&off, &c, err, sizeof err);
	CHECK("check refuses cert counts with certify off",
	      rc == DR_EINVAL && !strcmp(err, "counters: cert_alive and cert_dead given (allowed: neither with certify off)"),
	      "rc %d '%s'", rc, err);
	dr_counters other;
	dr_params deeper = p;
	deeper.depth = 7;
	rc = dr_counters_init(&other, &deeper, err, sizeof err);
	rc = rc ? rc : dr_counters_add(&other, &c, err, sizeof err);
	CHECK("add refuses counters of another run", rc == DR_EINVAL && strstr(err, "counters: depth 6, trials 100"),
	      "rc %d '%s'", rc, err);
	dr_counters_free(&other);
	dr_counters_free(&c);
}

static void test_start_slice(void)
{
	static const struct {
		long long first, count;
		const char *msg;
	} bad[] = {
		{-1, 10, "first: bad value '-1' (allowed: 0..99, a trial of the 100)"},
		{100, 1, "first: bad value '100'"},
		{0, 0, "count: bad value '0' (allowed: 1..100, the trials from 0 to the run's end)"},
		{90, 11, "count: bad value '11' (allowed: 1..10"},
	};
	char err[DR_ERRLEN];
	dr_params p;
	if (!check_setup(&p, NULL, "depth=4 width=3 trials=100"))
		return;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		dr_sim *s = NULL;
		int rc = dr_sim_start_slice(&p, bad[i].first, bad[i].count, NULL, NULL, &s, err, sizeof err);
		CHECK(NAME("start_slice refuses %lld+%lld", bad[i].first, bad[i].count),
		      rc == DR_EINVAL && !s && strstr(err, bad[i].msg) == err, "rc %d '%s'", rc, err);
		dr_sim_free(s);
	}
	/* a slice run's snapshot: over its own trials */
	dr_counters c;
	dr_result r;
	if (counters_of(&p, 90, 10, &c, &r)) {
		CHECK("a slice run counts its trials", c.n == 10 && c.first == 90 && c.count == 10 && r.trials == 10 &&
		      r.target == 10 && r.finished, "n %lld first %lld; result %lld of %lld", c.n, c.first, r.trials, r.target);
		dr_counters_free(&c);
		dr_result_free(&r);
	}
}

/* Counters of a run still going: each a consistent state (whole trials,
 * possible counts), never fewer trials than the one before; at the end
 * the run's own. With two workers, for ThreadSanitizer too. */
static void test_running(void)
{
	char err[DR_ERRLEN];
	dr_params p;
	if (!check_setup(&p, NULL, "depth=12 width=3 points=64 trials=40000 threads=2 seed=9 certify=bracket radius=2"))
		return;
	dr_sim *s;
	if (dr_sim_start(&p, NULL, NULL, &s, err, sizeof err) != DR_OK) {
		CHECK("running: start", 0, "%s", err);
		return;
	}
	long long last = 0, taken = 0;
	int ok = 1;
	for (int done = 0; !done && ok;) {
		done = dr_sim_done(s);
		dr_counters c;
		ok = dr_sim_counters(s, &c, err, sizeof err) == DR_OK && dr_counters_check(&p, &c, err, sizeof err) == DR_OK &&
		     c.n >= last && c.n <= p.trials;
		last = c.n;
		taken++;
		dr_counters_free(&c);
	}
	dr_counters c;
	dr_result r, snap;
	ok = ok && dr_sim_counters(s, &c, err, sizeof err) == DR_OK;
	ok = ok && dr_sim_snapshot(s, &snap, err, sizeof err) == DR_OK;
	ok = ok && dr_counters_result(&p, &c, &r, err, sizeof err) == DR_OK;
	CHECK("running: counters taken while the run goes are consistent, the last its result",
	      ok && c.n == p.trials && same_bits(&r, &snap), "after %lld: %s", taken, err);
	if (ok) {
		dr_result_free(&r);
		dr_result_free(&snap);
		dr_counters_free(&c);
	}
	dr_sim_free(s);
}

int main(void)
{
	test_slice();
	test_merge("depth=8 width=3 points=32 trials=600 seed=11");
	test_merge("depth=8 width=3 points=32 trials=300 seed=12 arch=batchnorm");
	test_merge("depth=6 width=3 points=24 trials=300 seed=13 arch=dense");
	test_merge("depth=8 width=3 points=32 trials=300 seed=14 signflip=on");
	test_merge("depth=6 width=3 points=16 trials=140 seed=15 radius=3 certify=bracket");
	test_merge("depth=5 width=2 trials=500 seed=16 input=point");
	test_partial();
	test_refused();
	test_start_slice();
	test_running();
	CHECK_DONE();
}
