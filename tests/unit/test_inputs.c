/* test_inputs.c - the gaussian input set: its sampler's mean and covariance,
 * the first-layer factor the bounds give it (unbounded: "any sign", F_1 = 1,
 * whatever the centre), and simulations on it against THEORY.md's
 * invariants 2 and 3.
 *
 * Tolerances: with n points the sample mean of a coordinate has standard
 * deviation s / sqrt(n), a sample variance about s^2 sqrt(2 / n) and a
 * sample covariance of independent coordinates about s^2 / sqrt(n); every
 * check allows 5 of those (a false failure below 1e-6 per check; the seed
 * is fixed, so a run is reproducible). */
#include "helpers.h"
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CONF "0.9999"

static void sampler_case(const char *spec, uint64_t index)
{
	dr_params p;
	if (!check_setup(&p, NULL, spec))
		return;
	const int n = p.points, d = p.input_dim, stride = n + 1;
	const double s = p.radius;
	double *X = malloc((size_t)d * stride * sizeof *X);
	double mean[8] = {0}, cov[8][8] = {{0}};
	dr_rng r;
	rng_seed(&r, p.seed, index);
	int rc = X ? inputs_sample(&p, NULL, &r, X, stride, NULL) : DR_ENOMEM;
	CHECK(NAME("gaussian sampler runs [%s]", spec), rc == DR_OK && inputs_count(&p, NULL) == n, "rc %d", rc);
	if (rc != DR_OK) {
		free(X);
		return;
	}
	for (int i = 0; i < d; i++) {
		for (int c = 0; c < n; c++)
			mean[i] += X[(size_t)i * stride + c];
		mean[i] /= n;
	}
	for (int i = 0; i < d; i++)
		for (int j = 0; j < d; j++) {
			for (int c = 0; c < n; c++)
				cov[i][j] += (X[(size_t)i * stride + c] - mean[i]) * (X[(size_t)j * stride + c] - mean[j]);
			cov[i][j] /= n - 1;
		}
	for (int i = 0; i < d; i++) {
		double want = p.ncenter == 0 ? 0.0 : p.ncenter == 1 ? p.center[0] : p.center[i];
		double tol = 5 * s / sqrt((double)n);
		CHECK(NAME("gaussian mean[%d] = centre [%s]", i, spec), fabs(mean[i] - want) <= tol,
		      "got %.6f want %.6f +- %.6f", mean[i], want, tol);
		for (int j = 0; j < d; j++) {
			double cw = i == j ? s * s : 0.0;
			double ct = i == j ? 5 * s * s * sqrt(2.0 / n) : 5 * s * s / sqrt((double)n);
			CHECK(NAME("gaussian cov[%d][%d] = radius^2 delta [%s]", i, j, spec), fabs(cov[i][j] - cw) <= ct,
			      "got %.6f want %.6f +- %.6f", cov[i][j], cw, ct);
		}
	}
	/* Unbounded: some coordinate leaves [c - 4s, c + 4s] among this many
	 * points (P(|z| > 4) = 6.3e-5 per coordinate: expected n d 6.3e-5). */
	int far = 0;
	for (int i = 0; i < d; i++)
		for (int c = 0; c < n; c++) {
			double want = p.ncenter == 0 ? 0.0 : p.ncenter == 1 ? p.center[0] : p.center[i];
			far += fabs(X[(size_t)i * stride + c] - want) > 4 * s;
		}
	if ((double)n * d * 6.3e-5 > 5)
		CHECK(NAME("gaussian reaches past 4 radii [%s]", spec), far > 0, "no point beyond 4 sd");
	free(X);
}

static void test_sampler(void)
{
	sampler_case("input=gaussian input_dim=3 center=1,-2,0.5 radius=1.5 points=40000 seed=5", 0);
	sampler_case("input=gaussian input_dim=1 center=3 radius=0.25 points=20000 seed=6", 7);
	sampler_case("input=gaussian input_dim=5 radius=2 points=30000 seed=7", 3);
	sampler_case("input=gaussian input_dim=2 center=-4 radius=1 points=20000 seed=8", 1);

	/* The same seed and index give the same points; radius 0 gives the centre. */
	dr_params p;
	if (check_setup(&p, NULL, "input=gaussian input_dim=2 center=0.5,-1 radius=0 points=16")) {
		double X[2 * 17];
		dr_rng r;
		rng_seed(&r, 1, 0);
		inputs_sample(&p, NULL, &r, X, 17, NULL);
		int ok = 1;
		for (int c = 0; c < 16; c++)
			ok &= X[c] == 0.5 && X[17 + c] == -1.0;
		CHECK("gaussian radius 0 is the centre", ok, "a point moved");
	}
	if (check_setup(&p, NULL, "input=gaussian input_dim=3 radius=1 points=50")) {
		double A[3 * 51], B[3 * 51];
		dr_rng r;
		rng_seed(&r, 9, 4);
		inputs_sample(&p, NULL, &r, A, 51, NULL);
		rng_seed(&r, 9, 4);
		inputs_sample(&p, NULL, &r, B, 51, NULL);
		int same = 1;
		for (int i = 0; i < 3; i++)
			same &= !memcmp(A + i * 51, B + i * 51, 50 * sizeof A[0]);
		CHECK("gaussian: same stream, same points", same, "differ");
	}
}

/* The upper bound with F_1 = 1: prod_{l>=2} (1 - 2^-(n_l (n_{l-1} + 1))),
 * zero biases without the +1. */
static long double upper_any_sign(const dr_params *p)
{
	int one = p->bias != DR_B_ZERO;
	long double acc = 1;
	for (long long l = 2; l <= p->depth; l++)
		acc *= 1 - ldexpl(1, -width_of(p, l) * (width_of(p, l - 1) + one));
	return acc;
}

static void bounds_case(const char *spec, const char *kind, int any_sign_note)
{
	dr_params p;
	dr_bounds b;
	char err[DR_ERRLEN];
	if (!check_setup(&p, NULL, spec))
		return;
	int rc = dr_bounds_compute(&p, &b, err, sizeof err);
	CHECK(NAME("gaussian bounds [%s]: first factor %s", spec, kind), rc == DR_OK && !strcmp(b.first_factor_kind, kind),
	      "rc %d kind '%s'", rc, rc == DR_OK ? b.first_factor_kind : err);
	int noted = 0;
	for (int i = 0; i < b.nnotes; i++)
		noted |= strstr(b.notes[i], "gaussian is unbounded") != NULL;
	CHECK(NAME("gaussian bounds [%s]: note %s", spec, any_sign_note ? "said" : "not said"), noted == any_sign_note,
	      "%d notes", b.nnotes);
	if (!strcmp(kind, "any sign")) {
		long double want = upper_any_sign(&p);
		CHECK(NAME("gaussian bounds [%s]: F_1 = 1 and U = prod_{l>=2}", spec),
		      b.first_factor == 1.0 && fabsl((long double)b.upper - want) <= 1e-12L * want,
		      "F_1 %.17g upper %.17g want %.17Lg", b.first_factor, b.upper, want);
		CHECK(NAME("gaussian bounds [%s]: the lower bound is L", spec),
		      fabsl((long double)b.lower - lower_at(&p, p.depth)) <= 1e-12L, "lower %.17g", b.lower);
	}
}

static void test_bounds(void)
{
	/* Far inside the orthant, where a ball or box of the same radius gets
	 * the orthant factor: the gaussian still reaches every sign. */
	bounds_case("input=gaussian center=50 radius=1 depth=6 width=2", "any sign", 1);
	bounds_case("input=gaussian radius=1 depth=20 width=4 bias=zero", "any sign", 1);
	bounds_case("input=gaussian center=3,4 radius=0.5 depth=3 width=3,2", "any sign", 1);
	bounds_case("input=box center=50 radius=1 depth=6 width=2", "orthant", 0);
	/* Radius 0 is the point center, like every sized set. */
	bounds_case("input=gaussian center=-1 radius=0 depth=6 width=2", "point", 0);
}

/* Invariants 2 (the mean living fraction is L) and 3 (L <= P(alive) <= U)
 * on gaussian inputs, plain net. */
static void test_simulate(void)
{
	static const char *S[] = {
		"input=gaussian depth=8 width=3 radius=1 trials=3000 points=64 seed=21",
		"input=gaussian depth=5 width=2 input_dim=3 center=2 radius=4 trials=3000 points=32 seed=22 bias=uniform",
		"input=gaussian depth=10 width=4 radius=0.5 trials=2000 points=128 seed=23 criterion=layer threads=3",
	};
	for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
		dr_params p;
		dr_result r;
		if (!check_run(CONF, S[i], &p, &r))
			continue;
		long double L = lower_at(&p, p.depth), U = upper_any_sign(&p);
		CHECK(NAME("gaussian simulate [%s]: living ratio interval holds L", S[i]),
		      r.living_ratio_lo <= L && L <= r.living_ratio_hi, "[%.4f, %.4f] L %.4Lf", r.living_ratio_lo,
		      r.living_ratio_hi, L);
		CHECK(NAME("gaussian simulate [%s]: L <= P(alive) <= U", S[i]), r.alive_hi >= L && r.alive_lo <= U,
		      "[%.4f, %.4f] L %.4Lf U %.4Lf", r.alive_lo, r.alive_hi, L, U);
		dr_result_free(&r);
	}
}

int main(void)
{
	test_sampler();
	test_bounds();
	test_simulate();
	CHECK_DONE();
}
