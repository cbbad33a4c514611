/* test_invariants.c - the eight invariants of THEORY.md section 6, each
 * checked under several parameter settings.
 *
 * Statistical tolerances: every comparison with a closed form uses the
 * interval the engine reports (Wilson for P(alive), normal approximation for
 * the living ratio), at confidence 0.9999 instead of the usual 0.95/0.99.
 * That is the stated widening for multiple comparisons: this program makes
 * about 150 interval comparisons, so the chance that a correct engine fails
 * any of them by bad luck is below 2% (Bonferroni); with fixed seeds a run is
 * reproducible. Expected values are computed here from the formulas, never
 * taken from the engine's output. */
#include "helpers.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CONF "0.9999"
#define CONF_D 0.9999

static int setup(dr_params *p, const char *spec)
{
	return check_setup(p, CONF, spec);
}

static int run(const char *spec, dr_params *p, dr_result *r)
{
	return check_run(CONF, spec, p, r);
}

/* ---- setting up and running ---- */

/* ---- independent closed forms ---- */

/* U = F_1 prod_{l>=2} (1 - 2^-(n_l (n_{l-1} + 1))), zero bias without the +1.
 * F_1 is passed in (computed by the caller from the input set). */
static long double upper_with(const dr_params *p, long double f1, int zero_bias)
{
	long double acc = f1;
	long long l;
	for (l = 2; l <= p->depth; l++)
		acc *= 1 - ldexpl(1, -width_of(p, l) * (width_of(p, l - 1) + (zero_bias ? 0 : 1)));
	return acc;
}

/* ---- invariant 1: single point, P(alive) = L ---- */

static void inv1(void)
{
	static const char *S[] = {
		"depth=10 width=2 input=point center=0.5,-0.25 trials=4000 seed=11",
		"depth=20 width=4 input=point center=1,-1 trials=4000 seed=12",
		"input_dim=3 depth=6 width=3,2,4 input=point center=0.3,-0.7,0.2 weights=he-uniform bias=uniform trials=4000 seed=13",
		"depth=8 width=3 input=point center=0.8,0.1 bias=zero weights=lecun-normal trials=4000 seed=14",
		"input_dim=1 depth=5 width=1 input=point center=2 trials=4000 seed=15",
		"input_dim=4 depth=12 width=2,3 input=point center=-1 weights=glorot-uniform bias_scale=0.1 trials=4000 seed=16",
		/* the frameworks' presets, their own biases (symmetric ones) */
		"input_dim=5 depth=10 width=3 input=point center=0.4 weights=torch trials=4000 seed=17",
		"depth=10 width=3 input=point center=0.5,-0.5 weights=keras trials=4000 seed=18",
		"input_dim=3 depth=8 width=2,4 input=point center=1 weights=flax trials=4000 seed=19",
		/* orthogonal rows are not independent: the lower bound still holds exactly on a point */
		"input_dim=3 depth=10 width=3 input=point center=0.3,0.2,-0.9 weights=orthogonal trials=4000 seed=110",
		"input_dim=6 depth=8 width=2,5 input=point center=0.5 weights=orthogonal bias=uniform trials=4000 seed=111",
		"depth=9 width=3 input=point center=0.1,0.7 weights=truncated-normal w_scale=0.02 bias_scale=0.02 trials=4000 seed=112",
		"depth=9 width=3 input=point center=0.1,0.7 weights=he-fan-out trials=4000 seed=113",
	};
	size_t i;
	for (i = 0; i < sizeof S / sizeof S[0]; i++) {
		dr_params p;
		dr_result r;
		long long l, bad = 0;
		long double L;
		if (!run(S[i], &p, &r))
			continue;
		L = lower_at(&p, p.depth);
		CHECK(NAME("inv1 single point: L in interval [%s]", S[i]), r.alive_lo <= L && L <= r.alive_hi,
		      "L = %.6Lf, estimate %.6f [%.6f, %.6f]", L, r.alive, r.alive_lo, r.alive_hi);
		for (l = 1; l <= p.depth && !bad; l++) {
			const dr_depth_stats *d = &r.by_depth[l - 1];
			long double Ll = lower_at(&p, l);
			if (!(d->alive_lo <= Ll && Ll <= d->alive_hi))
				bad = l;
		}
		CHECK(NAME("inv1 single point: L_l in interval at every depth [%s]", S[i]), !bad,
		      "depth %lld: L = %.6Lf, estimate %.6f [%.6f, %.6f]", bad, bad ? lower_at(&p, bad) : 0.0L,
		      bad ? r.by_depth[bad - 1].alive : 0, bad ? r.by_depth[bad - 1].alive_lo : 0,
		      bad ? r.by_depth[bad - 1].alive_hi : 0);
		CHECK(NAME("inv1 single point: one point, ratio = P(alive) [%s]", S[i]),
		      r.points == 1 && fabs(r.living_ratio - r.alive) < 1e-12,
		      "points %d living_ratio %.17g alive %.17g", r.points, r.living_ratio, r.alive);
		dr_result_free(&r);
	}
}

/* ---- invariant 2: any X, plain or batchnorm: mean living fraction = L ---- */

static void inv2(void)
{
	static const char *S[] = {
		"depth=10 width=3 points=64 trials=3000 seed=21",
		"input=box center=0.5 radius=2 depth=8 width=2,4 points=32 trials=3000 seed=22",
		"input_dim=3 input=orthant depth=6 width=3 points=50 trials=3000 seed=23",
		"input=sphere depth=12 width=4 points=16 bias=zero trials=3000 seed=24",
		"arch=batchnorm depth=8 width=3 points=16 trials=3000 seed=25",
		"arch=batchnorm input=box depth=10 width=2 points=8 trials=3000 seed=26",
		"arch=batchnorm input_dim=3 depth=6 width=4,2 points=32 weights=he-uniform bias=uniform trials=3000 seed=27",
		"depth=5 width=2 points=200 weights=glorot-normal criterion=layer trials=3000 seed=28",
		"input_dim=4 depth=8 width=3 points=32 weights=torch trials=3000 seed=29",
		"depth=8 width=3 points=32 weights=orthogonal w_scale=2 trials=3000 seed=210",
		"arch=batchnorm depth=8 width=3 points=16 weights=orthogonal trials=3000 seed=211",
		"depth=8 width=3 points=32 weights=uniform w_scale=0.05 bias=zero trials=3000 seed=212",
	};
	size_t i;
	for (i = 0; i < sizeof S / sizeof S[0]; i++) {
		dr_params p;
		dr_result r;
		long double L;
		if (!run(S[i], &p, &r))
			continue;
		L = lower_at(&p, p.depth);
		CHECK(NAME("inv2 mean living fraction = L [%s]", S[i]),
		      r.living_ratio_lo <= L && L <= r.living_ratio_hi && r.living_ratio_lo <= r.living_ratio &&
			      r.living_ratio <= r.living_ratio_hi,
		      "L = %.6Lf, ratio %.6f [%.6f, %.6f]", L, r.living_ratio, r.living_ratio_lo, r.living_ratio_hi);
		dr_result_free(&r);
	}
}

/* ---- invariant 3: plain, L <= P(alive) <= U, either criterion ---- */

static void inv3(void)
{
	/* F_1 per case, from the spec: any sign = 1; orthant 1 - 2^-(n_1 (d+1))
	 * (zero bias n_1 d); ball at the origin, he-normal, d = 2, r = 1, s_b = 1:
	 * p = F_t(2; -sqrt 2) from the closed form of the t_2 CDF
	 * F(x) = 1/2 + x / (2 sqrt(2 + x^2)); a single point: 1 - 2^-n_1. */
	const long double x = -sqrtl(2.0L);
	const long double pball = 0.5L + x / (2 * sqrtl(2 + x * x));
	static const struct { const char *spec; int kind; int zb; } S[] = {
		{ "depth=10 width=3 points=64 trials=3000 seed=31", 2, 0 },
		{ "depth=4 width=2 points=256 trials=3000 seed=32", 2, 0 },
		{ "input=box radius=3 depth=6 width=2 points=128 trials=3000 seed=33", 0, 0 },
		{ "input=orthant depth=3 width=2 points=256 trials=3000 seed=34", 1, 0 },
		{ "input_dim=3 input=box depth=5 width=4,2,3 points=64 weights=glorot-uniform bias=uniform trials=3000 seed=35", 0, 0 },
		{ "input=orthant depth=4 width=2 points=128 bias=zero trials=3000 seed=36", 1, 1 },
		{ "input=point center=0.2,0.9 depth=7 width=2 trials=3000 seed=37", 3, 0 },
		{ "input=box radius=2 depth=6 width=2 points=64 weights=torch trials=3000 seed=38", 0, 0 },
		{ "input=orthant depth=3 width=2 points=256 weights=keras trials=3000 seed=39", 1, 1 },
	};
	static const char *crit[] = { "point", "layer" };
	size_t i, c;
	for (i = 0; i < sizeof S / sizeof S[0]; i++)
		for (c = 0; c < 2; c++) {
			dr_params p;
			dr_result r;
			char spec[600];
			long double L, U, f1 = 1;
			snprintf(spec, sizeof spec, "%s criterion=%s", S[i].spec, crit[c]);
			if (!run(spec, &p, &r))
				continue;
			if (S[i].kind == 1)
				f1 = 1 - ldexpl(1, -width_of(&p, 1) * (p.input_dim + (S[i].zb ? 0 : 1)));
			else if (S[i].kind == 2)
				f1 = 1 - powl(pball, width_of(&p, 1));
			else if (S[i].kind == 3) /* one point: a radius-0 ball, p = 1/2 */
				f1 = 1 - ldexpl(1, -width_of(&p, 1));
			L = lower_at(&p, p.depth);
			U = upper_with(&p, f1, S[i].zb);
			CHECK(NAME("inv3 L <= P(alive) [%s]", spec), r.alive_hi >= L,
			      "L = %.6Lf above estimate %.6f [%.6f, %.6f]", L, r.alive, r.alive_lo, r.alive_hi);
			CHECK(NAME("inv3 P(alive) <= U [%s]", spec), r.alive_lo <= U,
			      "U = %.6Lf below estimate %.6f [%.6f, %.6f]", U, r.alive, r.alive_lo, r.alive_hi);
			dr_result_free(&r);
		}
}

/* ---- invariant 4: k = 1 on the orthant ---- */

static uint64_t rng_state;
static uint64_t splitmix(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}
static double unif(void) /* (0,1) */
{
	return ((splitmix() >> 11) + 0.5) * 0x1p-53;
}
static double gauss(void)
{
	return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
}

static void inv4(void)
{
	static const struct { int n, d; } C[] = { { 1, 1 }, { 2, 1 }, { 1, 2 }, { 2, 2 }, { 3, 1 }, { 1, 3 } };
	size_t i;

	/* (a) the formula, by counting parameter draws that kill the layer on
	 * the whole orthant: every unit has all weights and its bias <= 0
	 * (a unit with a positive weight or bias is positive somewhere on the
	 * orthant). He-normal weights, N(0,1) bias, drawn with our own RNG. */
	for (i = 0; i < sizeof C / sizeof C[0]; i++) {
		int zb;
		for (zb = 0; zb < 2; zb++) {
			const long N = 200000;
			long t, alive = 0;
			int n = C[i].n, d = C[i].d, j, m;
			double lo, hi;
			long double want = 1 - ldexpl(1, -n * (d + (zb ? 0 : 1)));
			rng_state = 0x1234 + 77 * i + zb;
			for (t = 0; t < N; t++) {
				int layer_dead = 1;
				for (j = 0; j < n; j++) {
					int unit_dead = 1;
					for (m = 0; m < d; m++)
						if (gauss() * sqrt(2.0 / d) > 0)
							unit_dead = 0;
					if (!zb && gauss() > 0)
						unit_dead = 0;
					if (!unit_dead)
						layer_dead = 0;
				}
				alive += !layer_dead;
			}
			dr_wilson((uint64_t)alive, (uint64_t)N, CONF_D, &lo, &hi);
			CHECK(NAME("inv4 counted draws n=%d d=%d%s: 1-2^-(n(d%s)) in interval", n, d, zb ? " zero bias" : "",
				   zb ? "" : "+1"),
			      lo <= want && want <= hi, "formula %.6Lf, count %ld/%ld [%.6f, %.6f]", want, alive, N, lo, hi);

			/* and the engine's U for k = 1 on the orthant is that formula */
			{
				dr_params p;
				dr_bounds b;
				char spec[200], err[DR_ERRLEN] = "";
				snprintf(spec, sizeof spec, "input=orthant depth=1 width=%d input_dim=%d bias=%s", n, d,
					 zb ? "zero" : "normal");
				if (setup(&p, spec) && dr_bounds_compute(&p, &b, err, sizeof err) == DR_OK)
					CHECK(NAME("inv4 engine U for k=1 orthant n=%d d=%d%s equals the counted formula", n, d,
						   zb ? " zero bias" : ""),
					      fabsl(b.upper - want) <= 1e-12L * want, "upper %.17g want %.17Lg", b.upper, want);
				else
					CHECK(NAME("inv4 engine bounds n=%d d=%d", n, d), 0, "%s", err);
			}
		}
	}

	/* (b) sampled boxes of the orthant: the estimate lies below U (checked only
	 * from below: alive_lo <= U), starts at L = 1 - 2^-n for a box shrunk to
	 * the origin, and rises toward U as the box grows relative to the bias
	 * scale (U inside the interval of the best radius). */
	{
		static const struct { int n, d; } E[] = { { 1, 1 }, { 2, 1 } };
		static const char *R[] = { "0.0001", "0.25", "1", "4", "16", "64" };
		size_t e, k;
		for (e = 0; e < sizeof E / sizeof E[0]; e++) {
			long double U = 1 - ldexpl(1, -E[e].n * (E[e].d + 1));
			long double L = 1 - ldexpl(1, -E[e].n);
			double best_lo = -1, best_hi = -1, tiny_hi = 2, tiny_lo = -1;
			const char *best_r = "";
			for (k = 0; k < sizeof R / sizeof R[0]; k++) {
				dr_params p;
				dr_result r;
				char spec[300];
				snprintf(spec, sizeof spec,
					 "input=orthant depth=1 width=%d input_dim=%d radius=%s points=2048 trials=4000 seed=%zu",
					 E[e].n, E[e].d, R[k], 40 + k);
				if (!run(spec, &p, &r))
					continue;
				CHECK(NAME("inv4 sampled orthant box below U [%s]", spec), r.alive_lo <= U,
				      "U = %.6Lf, estimate %.6f [%.6f, %.6f]", U, r.alive, r.alive_lo, r.alive_hi);
				if (k == 0) {
					tiny_hi = r.alive_hi;
					tiny_lo = r.alive_lo;
				}
				if (r.alive_hi > best_hi) {
					best_hi = r.alive_hi;
					best_lo = r.alive_lo;
					best_r = R[k];
				}
				dr_result_free(&r);
			}
			CHECK(NAME("inv4 tiny orthant box n=%d d=%d: P(alive) = L = 1-2^-n", E[e].n, E[e].d),
			      tiny_lo <= L && L <= tiny_hi, "L = %.6Lf, interval [%.6f, %.6f]", L, tiny_lo, tiny_hi);
			CHECK(NAME("inv4 sampled orthant n=%d d=%d rises above the tiny box", E[e].n, E[e].d),
			      best_lo > tiny_hi, "best interval [%.6f, %.6f] (radius %s), tiny box upper %.6f", best_lo, best_hi,
			      best_r, tiny_hi);
			CHECK(NAME("inv4 sampled orthant n=%d d=%d approaches U", E[e].n, E[e].d), best_hi >= U,
			      "U = %.6Lf, best interval [%.6f, %.6f] at radius %s", U, best_lo, best_hi, best_r);
		}
	}
}

/* ---- invariant 5: sign flipping keeps >= 2^-l of the points at every depth ---- */

static void inv5(void)
{
	static const char *S[] = {
		"signflip=on depth=30 width=2 points=64 trials=500 seed=51",
		"signflip=on input=box depth=20 width=1 points=32 trials=500 seed=52",
		"signflip=on input_dim=3 input=orthant depth=16 width=3 points=100 bias=zero trials=500 seed=53",
		"signflip=on depth=12 width=2,5 points=7 weights=he-uniform bias=uniform trials=500 seed=54",
		"signflip=on depth=40 width=1 points=200 input=sphere trials=200 seed=55",
		"signflip=on depth=10 width=3 input=point center=0.5,0.5 trials=500 seed=56",
	};
	size_t i;
	for (i = 0; i < sizeof S / sizeof S[0]; i++) {
		dr_params p;
		dr_result r;
		long long l, bad = 0, notalive = 0;
		if (!run(S[i], &p, &r))
			continue;
		for (l = 1; l <= p.depth; l++) {
			if (!bad && !(r.by_depth[l - 1].min_living_ratio >= ldexp(1, (int)-l)))
				bad = l;
			if (!notalive && r.by_depth[l - 1].alive != 1.0)
				notalive = l;
		}
		CHECK(NAME("inv5 signflip min living ratio >= 2^-l at every depth [%s]", S[i]), !bad,
		      "depth %lld: min ratio %.17g < 2^-%lld", bad, bad ? r.by_depth[bad - 1].min_living_ratio : 0, bad);
		CHECK(NAME("inv5 signflip overall min ratio >= 2^-k [%s]", S[i]),
		      r.min_living_ratio >= ldexp(1, (int)-p.depth), "min ratio %.17g", r.min_living_ratio);
		CHECK(NAME("inv5 signflip never dead [%s]", S[i]), !notalive && r.alive == 1.0,
		      "alive %.17g at depth %lld", notalive ? r.by_depth[notalive - 1].alive : r.alive, notalive);
		dr_result_free(&r);
	}
}

/* ---- invariant 6: residual never dead; batchnorm + layer criterion never dead ---- */

static void inv6(void)
{
	static const char *S[] = {
		"arch=residual depth=50 width=2 points=16 trials=500 seed=61",
		"arch=residual input_dim=5 depth=30 width=3 input=point center=1 trials=500 seed=62",
		"arch=residual input=box depth=20 width=1 bias=zero trials=300 seed=63",
		"arch=residual depth=10 width=3 weights=he-uniform bias=uniform points=8 trials=300 seed=64",
		"arch=batchnorm criterion=layer points=2 depth=30 width=1 trials=1000 seed=65",
		"arch=batchnorm criterion=layer points=16 depth=20 width=3 trials=500 seed=66",
		"arch=batchnorm criterion=layer input=box points=5 depth=40 width=2 bias=zero trials=500 seed=67",
		"arch=batchnorm criterion=layer input=orthant input_dim=1 points=3 depth=25 width=1,2 trials=500 seed=68",
	};
	size_t i;
	for (i = 0; i < sizeof S / sizeof S[0]; i++) {
		dr_params p;
		dr_result r;
		long long l, bad = 0;
		int residual;
		if (!run(S[i], &p, &r))
			continue;
		residual = p.arch == DR_ARCH_RESIDUAL;
		for (l = 1; l <= p.depth && !bad; l++)
			if (r.by_depth[l - 1].alive != 1.0)
				bad = l;
		CHECK(NAME("inv6 %s P(alive) = 1 at every depth [%s]", residual ? "residual" : "batchnorm layer", S[i]),
		      !bad && r.alive == 1.0, "alive %.17g at depth %lld", bad ? r.by_depth[bad - 1].alive : r.alive, bad);
		if (residual)
			CHECK(NAME("inv6 residual every point alive [%s]", S[i]),
			      r.living_ratio == 1.0 && r.min_living_ratio == 1.0, "living ratio %.17g min %.17g", r.living_ratio,
			      r.min_living_ratio);
		dr_result_free(&r);
	}
}

/* ---- invariant 7: zero biases, positive scaling of weights or inputs changes nothing ---- */

static void compare_runs(const char *what, const char *a, const char *b)
{
	dr_params pa, pb;
	dr_result ra, rb;
	if (!run(a, &pa, &ra))
		return;
	if (!run(b, &pb, &rb)) {
		dr_result_free(&ra);
		return;
	}
	CHECK(NAME("%s [%s] vs [%s]", what, a, b), same_result(&ra, &rb),
	      "alive %.17g vs %.17g, living ratio %.17g vs %.17g", ra.alive, rb.alive, ra.living_ratio, rb.living_ratio);
	dr_result_free(&ra);
	dr_result_free(&rb);
}

static void inv7(void)
{
	static const struct { const char *common, *a, *b; } S[] = {
		/* he-normal = sqrt 2 x lecun-normal; glorot = a per-layer positive factor */
		{ "bias=zero depth=15 width=3 points=32 trials=1000 seed=71", "weights=he-normal", "weights=lecun-normal" },
		{ "bias=zero depth=15 width=3 points=32 trials=1000 seed=71", "weights=he-normal", "weights=glorot-normal" },
		{ "bias=zero depth=12 width=2 points=16 trials=1000 seed=72 criterion=layer", "weights=he-uniform",
		  "weights=lecun-uniform" },
		{ "bias=zero depth=12 width=2 points=16 trials=1000 seed=72", "weights=he-uniform", "weights=glorot-uniform" },
		{ "bias=zero input_dim=3 depth=9 width=4,2,3 input=box points=20 trials=1000 seed=73", "weights=he-normal",
		  "weights=glorot-normal" },
		{ "bias=zero input=point center=0.3,-0.2 depth=10 width=2 trials=2000 seed=74", "weights=lecun-normal",
		  "weights=he-normal" },
		/* scaling the inputs */
		{ "bias=zero depth=15 width=3 points=32 trials=1000 seed=75", "radius=1", "radius=1024" },
		{ "bias=zero depth=15 width=3 points=32 trials=1000 seed=75", "radius=1", "radius=3.7" },
		{ "bias=zero depth=10 width=2 input=box points=16 trials=1000 seed=76 criterion=layer", "radius=1",
		  "radius=0.01" },
		{ "bias=zero input_dim=3 depth=8 width=2 input=orthant points=24 trials=1000 seed=77", "radius=2",
		  "radius=0.125" },
		{ "bias=zero depth=10 width=2 input=point trials=2000 seed=78", "center=0.3,-0.2", "center=3,-2" },
	};
	size_t i;
	for (i = 0; i < sizeof S / sizeof S[0]; i++) {
		char a[600], b[600];
		/* the varying key goes last so that it is applied after the common ones */
		snprintf(a, sizeof a, "%s %s", S[i].common, S[i].a);
		snprintf(b, sizeof b, "%s %s", S[i].common, S[i].b);
		compare_runs("inv7 zero bias scale invariance: identical results", a, b);
	}
}

/* ---- invariant 8: zero biases, point and layer criteria coincide ---- */

static void inv8(void)
{
	static const char *S[] = {
		"bias=zero depth=20 width=3 points=32 trials=1000 seed=81",
		"bias=zero input=orthant depth=10 width=2 points=100 trials=1000 seed=82",
		"bias=zero input=point center=1,-1 depth=15 width=2 trials=2000 seed=83",
		"bias=zero input_dim=3 input=box depth=8 width=3,1,4 weights=he-uniform points=12 trials=1000 seed=84",
		"bias=zero input=sphere depth=25 width=4 points=8 trials=1000 seed=85",
		"bias=zero depth=30 width=1 points=64 trials=1000 seed=86",
	};
	size_t i;
	for (i = 0; i < sizeof S / sizeof S[0]; i++) {
		char a[600], b[600];
		snprintf(a, sizeof a, "%s criterion=point", S[i]);
		snprintf(b, sizeof b, "%s criterion=layer", S[i]);
		compare_runs("inv8 zero bias: point and layer criteria identical", a, b);
	}
}

int main(void)
{
	inv1();
	inv2();
	inv3();
	inv4();
	inv5();
	inv6();
	inv7();
	inv8();
	CHECK_DONE();
}
