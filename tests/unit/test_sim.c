/* test_sim.c - the Monte Carlo driver: determinism across thread counts,
 * cancellation and partial snapshots, the memory cap, parameter errors,
 * the shape of by_depth, and the architectures of THEORY.md section 5.
 *
 * Statistical comparisons use the interval the engine reports at confidence
 * 0.9999 (the stated widening for the ~40 interval comparisons here; the
 * statistics helpers that build those intervals are checked first against an
 * independent Wilson formula). */
#include "helpers.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CONF "0.9999"

static int setup(dr_params *p, const char *spec)
{
	return check_setup(p, CONF, spec);
}

static int run(const char *spec, dr_params *p, dr_result *r)
{
	return check_run(CONF, spec, p, r);
}

static void sleep_ms(int ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&t, NULL);
}

/* ---- statistics helpers (every tolerance depends on them) ---- */

static void test_stats(void)
{
	static const struct { double p, z; } Q[] = {
		{ 0.5, 0.0 },
		{ 0.975, 1.959963984540054 },
		{ 0.995, 2.5758293035489004 },
		{ 0.99995, 3.8905918864131816 },
		{ 0.025, -1.959963984540054 },
		{ 0.8413447460685429, 1.0 },
	};
	static const struct { uint64_t s, n; double c; } W[] = {
		{ 0, 100, 0.95 }, { 5, 100, 0.95 }, { 100, 100, 0.99 }, { 1234, 4000, 0.9999 }, { 1, 1, 0.9 },
	};
	size_t i;
	for (i = 0; i < sizeof Q / sizeof Q[0]; i++) {
		double z = dr_normal_quantile(Q[i].p);
		CHECK(NAME("stats normal quantile(%.17g)", Q[i].p), fabs(z - Q[i].z) <= 1e-9 * (1 + fabs(Q[i].z)),
		      "got %.17g want %.17g", z, Q[i].z);
	}
	for (i = 0; i < sizeof W / sizeof W[0]; i++) {
		/* Wilson score interval, written out here: z from the closed-form-checked quantile */
		double z = dr_normal_quantile(0.5 + W[i].c / 2), n = (double)W[i].n, s = (double)W[i].s;
		double den = n + z * z, mid = (s + z * z / 2) / den;
		double half = z * sqrt(s * (n - s) / n + z * z / 4) / den;
		double lo, hi;
		dr_wilson(W[i].s, W[i].n, W[i].c, &lo, &hi);
		CHECK(NAME("stats wilson %llu/%llu at %g", (unsigned long long)W[i].s, (unsigned long long)W[i].n, W[i].c),
		      fabs(lo - fmax(0, mid - half)) < 1e-9 && fabs(hi - fmin(1, mid + half)) < 1e-9,
		      "got [%.12f, %.12f] want [%.12f, %.12f]", lo, hi, mid - half, mid + half);
	}
}

/* ---- determinism across thread counts ---- */

static void test_determinism(void)
{
	static const char *S[] = {
		"depth=20 width=3 points=32 trials=1000 seed=5",
		"arch=batchnorm depth=10 width=3 points=16 trials=500 seed=6",
		"criterion=layer input=orthant depth=12 width=2,3 points=40 trials=800 seed=7",
		"signflip=on depth=15 width=2 points=30 trials=500 seed=8",
		"arch=residual-post depth=15 width=2 points=20 trials=500 seed=9 weights=he-uniform bias=uniform",
		"arch=dense depth=6 width=3 input=point center=1,0.5 trials=1000 seed=10",
	};
	static const char *T[] = { "2", "0", "3" };
	size_t i, t;
	for (i = 0; i < sizeof S / sizeof S[0]; i++) {
		dr_params p1;
		dr_result r1;
		char spec[600];
		snprintf(spec, sizeof spec, "%s threads=1", S[i]);
		if (!run(spec, &p1, &r1))
			continue;
		for (t = 0; t < sizeof T / sizeof T[0]; t++) {
			dr_params p2;
			dr_result r2;
			snprintf(spec, sizeof spec, "%s threads=%s", S[i], T[t]);
			if (!run(spec, &p2, &r2))
				continue;
			CHECK(NAME("determinism threads=1 vs threads=%s [%s]", T[t], S[i]), same_result(&r1, &r2),
			      "alive %.17g vs %.17g, living ratio %.17g vs %.17g", r1.alive, r2.alive, r1.living_ratio,
			      r2.living_ratio);
			dr_result_free(&r2);
		}
		dr_result_free(&r1);
	}
	/* the seed matters (so the equality above is not vacuous) */
	{
		dr_params pa, pb;
		dr_result ra, rb;
		if (run("depth=20 width=3 points=32 trials=1000 seed=5", &pa, &ra)) {
			if (run("depth=20 width=3 points=32 trials=1000 seed=6", &pb, &rb)) {
				CHECK("determinism different seeds differ", !same_result(&ra, &rb), "seeds 5 and 6 gave identical results");
				dr_result_free(&rb);
			}
			dr_result_free(&ra);
		}
	}
}

/* ---- asynchronous runs: cancel, snapshots ---- */

static atomic_int notified;
static void on_notify(void *ud)
{
	(void)ud;
	atomic_fetch_add(&notified, 1);
}

static void check_interval(const char *label, const dr_result *r)
{
	CHECK(NAME("%s: alive interval valid and contains the estimate", label),
	      0 <= r->alive_lo && r->alive_lo <= r->alive && r->alive <= r->alive_hi && r->alive_hi <= 1,
	      "alive %.6f [%.6f, %.6f]", r->alive, r->alive_lo, r->alive_hi);
	CHECK(NAME("%s: living ratio interval contains the estimate", label),
	      r->living_ratio_lo <= r->living_ratio && r->living_ratio <= r->living_ratio_hi && r->living_ratio >= 0 &&
		      r->living_ratio <= 1,
	      "ratio %.6f [%.6f, %.6f]", r->living_ratio, r->living_ratio_lo, r->living_ratio_hi);
}

static void test_cancel(void)
{
	dr_params p;
	dr_sim *s = NULL;
	dr_result r;
	char err[DR_ERRLEN] = "";
	double t0, t1;
	int rc, ready = 0;
	long long prog;

	if (!setup(&p, "depth=200 width=16 points=256 trials=1000000 threads=2 seed=3"))
		return;
	atomic_store(&notified, 0);
	rc = dr_sim_start(&p, on_notify, NULL, &s, err, sizeof err);
	CHECK("cancel: run starts", rc == DR_OK && s, "rc %d: %s", rc, err);
	if (rc != DR_OK || !s)
		return;
	t0 = check_now();
	while (check_now() - t0 < 15) {
		if (dr_sim_progress(s) >= 4) {
			ready = 1;
			break;
		}
		sleep_ms(2);
	}
	CHECK("cancel: progress reported while running", ready, "no progress after %.1f s", check_now() - t0);
	CHECK("cancel: not done while running", !dr_sim_done(s), "done already");

	/* a snapshot mid-run */
	memset(&r, 0, sizeof r);
	rc = dr_sim_snapshot(s, &r, err, sizeof err);
	CHECK("cancel: mid-run snapshot", rc == DR_OK, "rc %d: %s", rc, err);
	if (rc == DR_OK) {
		CHECK("cancel: mid-run snapshot partial", r.trials >= 1 && r.trials < r.target && r.target == p.trials &&
		      !r.finished && !r.cancelled, "trials %lld target %lld finished %d cancelled %d", r.trials, r.target,
		      r.finished, r.cancelled);
		check_interval("cancel: mid-run snapshot", &r);
		dr_result_free(&r);
	}

	t0 = check_now();
	dr_sim_cancel(s);
	dr_sim_wait(s);
	t1 = check_now();
	CHECK("cancel: workers stop within 1 s", t1 - t0 < 1.0, "took %.3f s", t1 - t0);
	CHECK("cancel: done after wait", dr_sim_done(s), "dr_sim_done = 0");
	prog = dr_sim_progress(s);

	memset(&r, 0, sizeof r);
	rc = dr_sim_snapshot(s, &r, err, sizeof err);
	CHECK("cancel: final snapshot", rc == DR_OK, "rc %d: %s", rc, err);
	if (rc == DR_OK) {
		CHECK("cancel: snapshot is partial and flagged cancelled",
		      r.trials >= 1 && r.trials < r.target && r.cancelled && !r.finished && r.trials == prog,
		      "trials %lld (progress %lld) target %lld cancelled %d finished %d", r.trials, prog, r.target,
		      r.cancelled, r.finished);
		CHECK("cancel: snapshot by_depth present", r.by_depth && r.depth == p.depth, "depth %lld", r.depth);
		check_interval("cancel: final snapshot", &r);
		dr_result_free(&r);
	}
	dr_sim_free(s);
	dr_sim_free(NULL);

	/* a run that finishes: notify fires at least once, snapshot is final */
	if (!setup(&p, "depth=5 width=3 points=8 trials=300 seed=4"))
		return;
	atomic_store(&notified, 0);
	s = NULL;
	rc = dr_sim_start(&p, on_notify, NULL, &s, err, sizeof err);
	CHECK("async: short run starts", rc == DR_OK && s, "rc %d: %s", rc, err);
	if (rc != DR_OK || !s)
		return;
	dr_sim_wait(s);
	CHECK("async: done", dr_sim_done(s) && dr_sim_progress(s) == p.trials, "done %d progress %lld", dr_sim_done(s),
	      dr_sim_progress(s));
	CHECK("async: notify called", atomic_load(&notified) >= 1, "notify called %d times", atomic_load(&notified));
	memset(&r, 0, sizeof r);
	rc = dr_sim_snapshot(s, &r, err, sizeof err);
	if (rc == DR_OK) {
		CHECK("async: final snapshot complete", r.trials == r.target && r.finished && !r.cancelled,
		      "trials %lld target %lld finished %d cancelled %d", r.trials, r.target, r.finished, r.cancelled);
		dr_result_free(&r);
	} else
		CHECK("async: final snapshot", 0, "rc %d: %s", rc, err);
	dr_sim_free(s);
}

/* ---- the memory cap ---- */

static void test_memory(void)
{
	dr_params p;
	dr_result r;
	dr_sim *s = NULL;
	char err[DR_ERRLEN] = "";
	int rc;
	size_t need;

	if (!setup(&p, "depth=1000000 width=4096 points=1000000"))
		return;
	need = dr_sim_memory(&p);
	CHECK("memory: huge run estimated above the cap", (double)need > (double)p.max_memory_mib * 1048576.0,
	      "estimate %zu bytes, cap %lld MiB", need, p.max_memory_mib);
	memset(&r, 0, sizeof r);
	rc = dr_simulate(&p, &r, err, sizeof err);
	CHECK("memory: dr_simulate refuses with DR_ELIMIT and a message", rc == DR_ELIMIT && err[0], "rc %d err '%s'", rc,
	      err);
	if (rc == DR_OK)
		dr_result_free(&r);
	err[0] = 0;
	rc = dr_sim_start(&p, NULL, NULL, &s, err, sizeof err);
	CHECK("memory: dr_sim_start refuses with DR_ELIMIT and a message", rc == DR_ELIMIT && err[0], "rc %d err '%s'",
	      rc, err);
	if (rc == DR_OK)
		dr_sim_free(s);

	/* the cap is honoured both ways around the engine's own estimate (two
	 * layers: the workspace, not the depth, is what the cap is about) */
	if (!setup(&p, "depth=2 width=16 points=100000 trials=2 threads=1"))
		return;
	need = dr_sim_memory(&p);
	if (need >= 3u << 20) {
		p.max_memory_mib = (long long)(need >> 20) - 1;
		err[0] = 0;
		rc = dr_simulate(&p, &r, err, sizeof err);
		CHECK("memory: cap just below the estimate refuses", rc == DR_ELIMIT && err[0], "rc %d err '%s' (need %zu, cap %lld MiB)",
		      rc, err, need, p.max_memory_mib);
		if (rc == DR_OK)
			dr_result_free(&r);
		p.max_memory_mib = (long long)(need >> 20) + 2;
		err[0] = 0;
		rc = dr_simulate(&p, &r, err, sizeof err);
		CHECK("memory: cap above the estimate runs", rc == DR_OK, "rc %d err '%s' (need %zu, cap %lld MiB)", rc, err,
		      need, p.max_memory_mib);
		if (rc == DR_OK)
			dr_result_free(&r);
	} else
		CHECK("memory: 100000 points x width 16 estimated at >= 3 MiB", 0, "estimate %zu bytes", need);
}

/* ---- parameter errors ---- */

static void test_params(void)
{
	static const struct { const char *k, *v; } B[] = {
		{ "depth", "0" },        { "depth", "-3" },         { "depth", "abc" },        { "depth", "12x" },
		{ "width", "0" },        { "width", "8,0" },        { "width", "5000" },       { "width", "x" },
		{ "input_dim", "0" },    { "input", "cube" },       { "radius", "-1" },        { "radius", "zz" },
		{ "points", "0" },       { "arch", "transformer" }, { "weights", "xavier" },   { "bias", "sideways" },
		{ "bias_scale", "-1" },  { "criterion", "neuron" }, { "signflip", "maybe" },   { "trials", "0" },
		{ "trials", "-10" },     { "confidence", "1.5" },   { "confidence", "0" },     { "confidence", "1" },
		{ "points", "2000000" }, { "width", "" },          { "depth", "" },
	};
	size_t i;
	for (i = 0; i < sizeof B / sizeof B[0]; i++) {
		dr_params p, q;
		char err[DR_ERRLEN] = "";
		int rc;
		memset(&p, 0, sizeof p);
		memset(&q, 0, sizeof q);
		dr_params_default(&p);
		dr_params_default(&q);
		rc = dr_param_set(&p, B[i].k, B[i].v, err, sizeof err);
		CHECK(NAME("params %s='%s' rejected", B[i].k, B[i].v), rc == DR_EINVAL, "rc %d", rc);
		CHECK(NAME("params %s='%s' leaves p unchanged", B[i].k, B[i].v), memcmp(&p, &q, sizeof p) == 0,
		      "p was modified");
		CHECK(NAME("params %s='%s' message names parameter and value", B[i].k, B[i].v),
		      strstr(err, B[i].k) && (B[i].v[0] == 0 || strstr(err, B[i].v)), "message '%s'", err);
	}
	{
		dr_params p, q;
		char err[DR_ERRLEN] = "";
		int rc;
		memset(&p, 0, sizeof p);
		memset(&q, 0, sizeof q);
		dr_params_default(&p);
		dr_params_default(&q);
		rc = dr_param_set(&p, "nosuch", "1", err, sizeof err);
		CHECK("params unknown name rejected, named, p unchanged",
		      rc == DR_EINVAL && strstr(err, "nosuch") && memcmp(&p, &q, sizeof p) == 0, "rc %d message '%s'", rc, err);
		rc = dr_param_set(&p, "width", "8,8,4", err, sizeof err);
		CHECK("params width 8,8,4 accepted", rc == DR_OK && p.nwidths == 3 && dr_params_layer_width(&p, 7) == 4,
		      "rc %d nwidths %d: %s", rc, p.nwidths, err);
		rc = dr_params_check(&p, err, sizeof err);
		CHECK("params check accepts a valid struct", rc == DR_OK, "rc %d: %s", rc, err);
	}
	/* defaults as documented */
	{
		dr_params p;
		dr_params_default(&p);
		CHECK("params defaults", p.depth == 20 && p.width == 4 && p.input_dim == 2 && p.input == DR_IN_BALL &&
		      p.radius == 1 && p.points == 256 && p.arch == DR_ARCH_PLAIN && p.weights == DR_W_HE_NORMAL &&
		      p.bias == DR_B_AUTO && p.w_scale == 1 && p.bias_scale == 1 && p.criterion == DR_CRIT_POINT && p.trials == 2000 &&
		      p.seed == 1 && p.threads == 0 && p.signflip == 0,
		      "depth %lld width %d d %d input %d radius %g points %d arch %d weights %d bias %d scale %g crit %d "
		      "trials %lld seed %llu threads %d signflip %d",
		      p.depth, p.width, p.input_dim, (int)p.input, p.radius, p.points, (int)p.arch, (int)p.weights,
		      (int)p.bias, p.bias_scale, (int)p.criterion, p.trials, (unsigned long long)p.seed, p.threads, p.signflip);
	}
}

/* Structs filled by hand: dr_params_check validates ranges (deadrelu.h), and
 * the simulation refuses what the check refuses. Run last: an engine that
 * does not validate may crash on these. */
static void test_hand_filled(void)
{
	static const char *F[] = { "depth 0", "width 0", "points 0", "trials 0", "input_dim 0", "confidence 1.5",
				   "depth 2000000 (> DR_MAX_DEPTH)" };
	size_t f;
	for (f = 0; f < sizeof F / sizeof F[0]; f++) {
		dr_params p;
		dr_result r;
		char err[DR_ERRLEN] = "";
		int rc;
		dr_params_default(&p);
		p.trials = 10;
		switch (f) {
		case 0: p.depth = 0; break;
		case 1: p.width = 0; break;
		case 2: p.points = 0; break;
		case 3: p.trials = 0; break;
		case 4: p.input_dim = 0; break;
		case 5: p.confidence = 1.5; break;
		default: p.depth = 2000000; break;
		}
		if (f < 6) {
			rc = dr_params_check(&p, err, sizeof err);
			CHECK(NAME("params check rejects %s set by hand", F[f]), rc == DR_EINVAL && err[0],
			      "rc %d: '%s'", rc, err);
		}
		err[0] = 0;
		memset(&r, 0, sizeof r);
		rc = dr_simulate(&p, &r, err, sizeof err);
		CHECK(NAME("simulate refuses %s set by hand", F[f]), rc != DR_OK && err[0], "rc %d: '%s'", rc, err);
		if (rc == DR_OK)
			dr_result_free(&r);
	}
}

/* ---- by_depth shape for the plain net ---- */

static void test_by_depth(void)
{
	static const char *S[] = {
		"depth=20 width=3 points=64 trials=1000 seed=21",
		"criterion=layer depth=25 width=2 points=32 trials=1000 seed=22",
		"input=orthant depth=15 width=2,4,1 points=50 trials=1000 seed=23",
		"input=point center=0.4,-1 depth=30 width=2 trials=2000 seed=24",
	};
	size_t i;
	for (i = 0; i < sizeof S / sizeof S[0]; i++) {
		dr_params p;
		dr_result r;
		long long l, bad_alive = 0, bad_ratio = 0, bad_min = 0, bad_int = 0, bad_units = 0;
		if (!run(S[i], &p, &r))
			continue;
		for (l = 1; l <= p.depth; l++) {
			const dr_depth_stats *d = &r.by_depth[l - 1];
			if (!(d->alive_lo <= d->alive && d->alive <= d->alive_hi && d->alive_lo >= 0 && d->alive_hi <= 1) && !bad_int)
				bad_int = l;
			if (!(d->dead_units >= 0 && d->dead_units <= width_of(&p, l)) && !bad_units)
				bad_units = l;
			if (l == 1)
				continue;
			if (d->alive > d[-1].alive && !bad_alive)
				bad_alive = l;
			if (d->living_ratio > d[-1].living_ratio + 1e-12 && !bad_ratio)
				bad_ratio = l;
			if (d->min_living_ratio > d[-1].min_living_ratio && !bad_min)
				bad_min = l;
		}
		CHECK(NAME("by_depth plain alive non-increasing [%s]", S[i]), !bad_alive, "depth %lld: %.17g > %.17g",
		      bad_alive, bad_alive ? r.by_depth[bad_alive - 1].alive : 0, bad_alive ? r.by_depth[bad_alive - 2].alive : 0);
		CHECK(NAME("by_depth plain living ratio non-increasing [%s]", S[i]), !bad_ratio, "at depth %lld", bad_ratio);
		CHECK(NAME("by_depth plain min living ratio non-increasing [%s]", S[i]), !bad_min, "at depth %lld", bad_min);
		CHECK(NAME("by_depth intervals contain estimates [%s]", S[i]), !bad_int, "at depth %lld", bad_int);
		CHECK(NAME("by_depth dead units within [0, width] [%s]", S[i]), !bad_units, "at depth %lld", bad_units);
		CHECK(NAME("by_depth last entry is the full-depth result [%s]", S[i]),
		      r.by_depth[p.depth - 1].alive == r.alive && r.by_depth[p.depth - 1].alive_lo == r.alive_lo &&
			      r.by_depth[p.depth - 1].alive_hi == r.alive_hi &&
			      r.by_depth[p.depth - 1].living_ratio == r.living_ratio &&
			      r.by_depth[p.depth - 1].min_living_ratio == r.min_living_ratio,
		      "by_depth[k-1].alive %.17g vs alive %.17g", r.by_depth[p.depth - 1].alive, r.alive);
		CHECK(NAME("by_depth completed run flags [%s]", S[i]),
		      r.trials == p.trials && r.target == p.trials && r.finished && !r.cancelled,
		      "trials %lld target %lld finished %d cancelled %d", r.trials, r.target, r.finished, r.cancelled);
		dr_result_free(&r);
	}
}

/* ---- architectures ---- */

static void test_arch(void)
{
	/* dense, single point: 1 - 2^-n_k; skip: 1 - 2^-n_1; the same widths under
	 * plain give L (all three differ for widths 2,2,3...). */
	static const struct { const char *spec; int which; } S[] = {
		{ "arch=dense input=point center=0.7,-0.4 depth=5 width=2,2,3 trials=4000 seed=31", 'k' },
		{ "arch=dense input=point center=1,1 depth=8 width=3,1 trials=4000 seed=32", 'k' },
		{ "arch=dense input=point input_dim=3 center=-0.5 depth=6 width=2 trials=4000 seed=33", 'k' },
		{ "arch=skip input=point center=0.7,-0.4 depth=5 width=2,2,3 trials=4000 seed=34", '1' },
		{ "arch=skip input=point center=1,1 depth=8 width=1,3 trials=4000 seed=35", '1' },
		{ "arch=skip input=point input_dim=3 center=-0.5 depth=12 width=2 trials=4000 seed=36", '1' },
		{ "arch=plain input=point center=0.7,-0.4 depth=5 width=2,2,3 trials=4000 seed=37", 'L' },
	};
	size_t i;
	for (i = 0; i < sizeof S / sizeof S[0]; i++) {
		dr_params p;
		dr_result r;
		long double want;
		if (!run(S[i].spec, &p, &r))
			continue;
		if (S[i].which == 'k')
			want = 1 - ldexpl(1, -width_of(&p, p.depth));
		else if (S[i].which == '1')
			want = 1 - ldexpl(1, -width_of(&p, 1));
		else
			want = lower_at(&p, p.depth);
		CHECK(NAME("arch single point P(alive) = %.6Lf [%s]", want, S[i].spec),
		      r.alive_lo <= want && want <= r.alive_hi, "estimate %.6f [%.6f, %.6f]", r.alive, r.alive_lo, r.alive_hi);
		dr_result_free(&r);
	}

	/* batchnorm, layer criterion, >= 2 points: never dead */
	{
		static const char *B[] = {
			"arch=batchnorm criterion=layer points=2 depth=40 width=2 trials=1000 seed=41",
			"arch=batchnorm criterion=layer points=10 input=box depth=30 width=1 trials=500 seed=42",
		};
		for (i = 0; i < sizeof B / sizeof B[0]; i++) {
			dr_params p;
			dr_result r;
			long long l, bad = 0;
			if (!run(B[i], &p, &r))
				continue;
			for (l = 1; l <= p.depth && !bad; l++)
				if (r.by_depth[l - 1].alive != 1.0)
					bad = l;
			CHECK(NAME("arch batchnorm layer criterion P(alive) = 1 [%s]", B[i]), !bad && r.alive == 1.0,
			      "alive %.17g at depth %lld", bad ? r.by_depth[bad - 1].alive : r.alive, bad);
			dr_result_free(&r);
		}
	}

	/* batchnorm, one point: BN outputs 0, everything dies */
	{
		static const char *B[] = {
			"arch=batchnorm input=point center=0.5,0.5 depth=5 width=4 trials=300 seed=43",
			"arch=batchnorm input=point center=1,-2 depth=3 width=8 trials=300 seed=44 criterion=layer",
		};
		for (i = 0; i < sizeof B / sizeof B[0]; i++) {
			dr_params p;
			dr_result r;
			long long l, bad = 0;
			if (!run(B[i], &p, &r))
				continue;
			for (l = 1; l <= p.depth && !bad; l++)
				if (r.by_depth[l - 1].alive != 0.0)
					bad = l;
			CHECK(NAME("arch batchnorm single point dies, P(alive) = 0 [%s]", B[i]), !bad && r.alive == 0.0,
			      "alive %.17g at depth %lld", bad ? r.by_depth[bad - 1].alive : r.alive, bad);
			dr_result_free(&r);
		}
	}

	/* residual (identity outside the ReLU): never dead, every point alive */
	{
		static const char *B[] = {
			"arch=residual depth=40 width=2 points=10 trials=300 seed=45",
			"arch=residual input=point input_dim=4 center=0.3 depth=25 width=3 trials=300 seed=46",
		};
		for (i = 0; i < sizeof B / sizeof B[0]; i++) {
			dr_params p;
			dr_result r;
			long long l, bad = 0;
			if (!run(B[i], &p, &r))
				continue;
			for (l = 1; l <= p.depth && !bad; l++)
				if (r.by_depth[l - 1].alive != 1.0 || r.by_depth[l - 1].min_living_ratio != 1.0)
					bad = l;
			CHECK(NAME("arch residual P(alive) = 1, all points alive [%s]", B[i]), !bad && r.alive == 1.0,
			      "alive %.17g at depth %lld", bad ? r.by_depth[bad - 1].alive : r.alive, bad);
			dr_result_free(&r);
		}
	}

	/* residual-post dies, but far less often than plain at the same size */
	{
		dr_params pp, pr;
		dr_result rp, rr;
		if (run("arch=plain depth=20 width=3 points=32 trials=2000 seed=47", &pp, &rp)) {
			if (run("arch=residual-post depth=20 width=3 points=32 trials=2000 seed=47", &pr, &rr)) {
				CHECK("arch residual-post survives more often than plain", rr.alive_lo > rp.alive_hi,
				      "residual-post %.4f [%.4f, %.4f] vs plain %.4f [%.4f, %.4f]", rr.alive, rr.alive_lo,
				      rr.alive_hi, rp.alive, rp.alive_lo, rp.alive_hi);
				dr_result_free(&rr);
			}
			dr_result_free(&rp);
		}
	}

	/* sign flipping: ratio >= 2^-l at every depth */
	{
		static const char *B[] = {
			"signflip=on depth=30 width=2 points=100 trials=300 seed=48",
			"signflip=on criterion=layer input=orthant depth=20 width=1,3 points=33 trials=300 seed=49",
		};
		for (i = 0; i < sizeof B / sizeof B[0]; i++) {
			dr_params p;
			dr_result r;
			long long l, bad = 0;
			if (!run(B[i], &p, &r))
				continue;
			for (l = 1; l <= p.depth && !bad; l++)
				if (!(r.by_depth[l - 1].min_living_ratio >= ldexp(1, (int)-l)))
					bad = l;
			CHECK(NAME("arch signflip min living ratio >= 2^-l at every depth [%s]", B[i]), !bad,
			      "depth %lld: %.17g", bad, bad ? r.by_depth[bad - 1].min_living_ratio : 0);
			dr_result_free(&r);
		}
	}
}

/* ---- one sampled network ---- */

static void test_sample(void)
{
	dr_params p;
	dr_sample s;
	char err[DR_ERRLEN] = "";
	int rc, l, j, bad = 0;
	if (!setup(&p, "depth=20 width=4,3 points=64"))
		return;
	memset(&s, 0, sizeof s);
	rc = dr_sample_network(&p, 7, 10, NULL, &s, err, sizeof err);
	CHECK("sample network", rc == DR_OK, "rc %d: %s", rc, err);
	if (rc != DR_OK)
		return;
	CHECK("sample network layers capped", s.nlayers >= 1 && s.nlayers <= 10, "nlayers %d", s.nlayers);
	for (l = 0; l < s.nlayers; l++) {
		if (s.widths[l] != width_of(&p, l + 1))
			bad = 1;
		for (j = 0; j < s.widths[l]; j++)
			if (!(s.active[l][j] >= 0 && s.active[l][j] <= 1))
				bad = 2;
		if (!(s.living[l] >= 0 && s.living[l] <= 1) || (l > 0 && s.living[l] > s.living[l - 1]))
			bad = 3;
	}
	CHECK("sample network widths, fractions in [0,1], living non-increasing", !bad, "problem %d", bad);
	dr_sample_free(&s);
}

/* ---- the one-column draw against the direct draw ---- */

/* One point with iid normal weights draws each layer's z = W h + b without W
 * (init_layer_one_column); two copies of the same point take the direct
 * draw of W and b, and both copies live or die together, so the two runs
 * must agree in distribution at every depth. Constant and uniform biases,
 * other architectures, signflip and the layer criterion are here because
 * no closed form covers them (test_arch has the closed forms). */
static void test_one_column(void)
{
	static const char *S[] = {
		"depth=30 width=3 bias=0.3",
		"depth=30 width=2,5,3 bias=uniform bias_scale=0.5 weights=glorot-normal",
		"depth=24 width=4 bias=normal bias_scale=0.2 weights=lecun-normal",
		"depth=30 width=3 bias=-0.2 signflip=on",
		"depth=30 width=2 bias=0.1 criterion=layer",
		"depth=40 width=1,4,2",
		"arch=residual-post depth=20 width=3 bias=uniform",
		"arch=dense depth=12 width=2 bias=-0.3",
		"arch=skip depth=16 width=2,1 bias=0.2",
	};
	char dir[] = "/tmp/deadrelu-onecol-XXXXXX", one[64], two[64];
	if (!mkdtemp(dir)) {
		CHECK("one-column: temporary directory", 0, "mkdtemp failed");
		return;
	}
	snprintf(one, sizeof one, "%s/one.csv", dir);
	snprintf(two, sizeof two, "%s/two.csv", dir);
	FILE *f1 = fopen(one, "w"), *f2 = fopen(two, "w");
	int wrote = f1 && f2 && fputs("0.8,-0.35,0.1\n", f1) >= 0 && fputs("0.8,-0.35,0.1\n0.8,-0.35,0.1\n", f2) >= 0;
	wrote = (f1 && fclose(f1) == 0) && wrote;
	wrote = (f2 && fclose(f2) == 0) && wrote;
	CHECK("one-column: data files written", wrote, "%s, %s", one, two);
	for (size_t i = 0; wrote && i < sizeof S / sizeof S[0]; i++) {
		char a[512], b[512];
		dr_params p, q;
		dr_result ra, rb;
		snprintf(a, sizeof a, "data_file=%s input=data trials=20000 seed=%zu %s", one, 90 + i, S[i]);
		snprintf(b, sizeof b, "data_file=%s input=data trials=20000 seed=%zu %s", two, 190 + i, S[i]);
		if (!run(a, &p, &ra))
			continue;
		if (!run(b, &q, &rb)) {
			dr_result_free(&ra);
			continue;
		}
		/* the difference of two independent estimates: the half-widths
		 * of their intervals add in quadrature */
		long long l, bad = 0;
		double diff = 0, tol = 0;
		for (l = 1; l <= p.depth && !bad; l++) {
			const dr_depth_stats *x = &ra.by_depth[l - 1], *y = &rb.by_depth[l - 1];
			double hx = (x->alive_hi - x->alive_lo) / 2, hy = (y->alive_hi - y->alive_lo) / 2;
			diff = fabs(x->alive - y->alive);
			tol = sqrt(hx * hx + hy * hy);
			if (diff > tol)
				bad = l;
		}
		CHECK(NAME("one-column draw agrees with the direct draw at every depth [%s]", S[i]),
		      !bad && ra.points == 1 && rb.points == 2,
		      "depth %lld: |%.4f - %.4f| = %.4f > %.4f (points %d, %d)", bad, bad ? ra.by_depth[bad - 1].alive : 0,
		      bad ? rb.by_depth[bad - 1].alive : 0, diff, tol, ra.points, rb.points);
		dr_result_free(&ra);
		dr_result_free(&rb);
	}
	remove(one);
	remove(two);
	rmdir(dir);
}

int main(void)
{
	test_stats();
	test_params();
	test_determinism();
	test_cancel();
	test_memory();
	test_by_depth();
	test_arch();
	test_one_column();
	test_sample();
	test_hand_filled();
	CHECK_DONE();
}
