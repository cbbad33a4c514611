/* test_bounds.c - the closed-form bounds of THEORY.md section 3 against
 * independent computations done here: direct long double products over the
 * layers for moderate sizes, grouped closed forms for huge depths, the
 * Student-t ball factor from a Simpson integral of the t density, and the
 * inverse questions (min width, max depth) through their defining
 * inequalities. No expected value is taken from the engine's output. */
#include "helpers.h"
#include "deadrelu.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* |got - want| <= rel |want| (+ a few subnormals so that a value that
 * underflows to 0 in double compares equal to its tiny long double twin). */
static int close_rel(double got, long double want, long double rel)
{
	if (isnan(got) || isnan((double)want))
		return 0;
	if (isinf(got) || isinf((double)want))
		return got == (double)want;
	return fabsl((long double)got - want) <= rel * fabsl(want) + 4.0L * DBL_TRUE_MIN;
}

/* ---- an independent description of a case ---- */

/* K_POINT: a ball of radius 0, p = P(w.c + b <= 0) = 1/2 for any centre
 * c != 0 (symmetric continuous parameters), so F_1 = 1 - 2^-n_1: the
 * smallest applicable factor for a single point. */
enum { K_ANY, K_ORTHANT, K_BALL, K_POINT };

typedef struct {
	long long depth;
	int nw;          /* widths listed; the last repeats */
	int w[8];
	int d;
	int zero_bias;
	int fkind;       /* which first factor the spec prescribes */
	long double ball_p; /* K_BALL: probability one first-layer unit is dead on the ball */
} spec;

static int spec_width(const spec *s, long long l)
{
	return l <= s->nw ? s->w[l - 1] : s->w[s->nw - 1];
}

/* log(1 - 2^-e) in long double */
static long double l1m2(long double e)
{
	return log1pl(-exp2l(-e));
}

static long double want_log_lower(const spec *s)
{
	long double acc = 0;
	long long l, lim = s->depth < s->nw ? s->depth : s->nw;
	for (l = 1; l <= lim; l++)
		acc += l1m2(spec_width(s, l));
	if (s->depth > s->nw)
		acc += (long double)(s->depth - s->nw) * l1m2(s->w[s->nw - 1]);
	return acc;
}

static long double want_log_first(const spec *s)
{
	int n1 = s->w[0];
	switch (s->fkind) {
	case K_ORTHANT:
		return l1m2((long double)n1 * (s->d + (s->zero_bias ? 0 : 1)));
	case K_BALL:
		return log1pl(-powl(s->ball_p, n1));
	case K_POINT:
		return l1m2(n1);
	default:
		return 0;
	}
}

static long double layer_up_term(const spec *s, int n, int nprev)
{
	return l1m2((long double)n * (nprev + (s->zero_bias ? 0 : 1)));
}

static long double want_log_upper(const spec *s)
{
	long double acc = want_log_first(s);
	long long l, lim = s->depth < s->nw ? s->depth : s->nw;
	for (l = 2; l <= lim; l++)
		acc += layer_up_term(s, spec_width(s, l), spec_width(s, l - 1));
	if (s->depth > s->nw) {
		/* layers nw+1 .. depth all have width n_last and predecessor n_last */
		long long first = s->nw + 1 < 2 ? 2 : s->nw + 1;
		int nl = s->w[s->nw - 1];
		if (s->depth >= first)
			acc += (long double)(s->depth - first + 1) * layer_up_term(s, nl, nl);
	}
	return acc;
}

/* ---- Student t CDF, independently: Simpson rule on the density ---- */

static long double t_density(long double c, long double nu, long double t)
{
	return c * powl(1 + t * t / nu, -(nu + 1) / 2);
}

/* F_t(nu; x) for x <= 0: 1/2 - integral_0^{|x|} f. */
static long double t_cdf_neg(long double nu, long double x)
{
	const int N = 20000; /* even */
	long double a = 0, b = fabsl(x), h = (b - a) / N, sum;
	long double c = expl(lgammal((nu + 1) / 2) - lgammal(nu / 2)) / sqrtl(nu * 3.14159265358979323846264338327950288L);
	int i;
	if (b == 0)
		return 0.5L;
	sum = t_density(c, nu, a) + t_density(c, nu, b);
	for (i = 1; i < N; i++)
		sum += (i % 2 ? 4 : 2) * t_density(c, nu, a + i * h);
	return 0.5L - sum * h / 3;
}

/* ---- helpers over the engine ---- */

static void set_or_fail(dr_params *p, const char *k, const char *v)
{
	char err[DR_ERRLEN] = "";
	int rc = dr_param_set(p, k, v, err, sizeof err);
	if (rc != DR_OK) {
		printf("FAIL setup %s=%s: rc %d: %s\n", k, v, rc, err);
		check_failed++;
	}
}

/* Runs dr_bounds_compute and compares everything with the spec. */
static void check_case(const char *label, const dr_params *p, const spec *s)
{
	dr_bounds b;
	char err[DR_ERRLEN] = "";
	int rc;
	long double lL, lU, lF;
	const char *kind = s->fkind == K_ORTHANT ? "orthant" : s->fkind == K_BALL ? "ball" : s->fkind == K_POINT ? "point" : "any sign";

	memset(&b, 0, sizeof b);
	rc = dr_bounds_compute(p, &b, err, sizeof err);
	CHECK(NAME("bounds %s: computes", label), rc == DR_OK, "rc %d: %s", rc, err);
	if (rc != DR_OK)
		return;
	lL = want_log_lower(s);
	lU = want_log_upper(s);
	lF = want_log_first(s);
	CHECK(NAME("bounds %s: log_lower", label), close_rel(b.log_lower, lL, 1e-12L),
	      "got %.17g want %.17Lg", b.log_lower, lL);
	CHECK(NAME("bounds %s: log_upper", label), close_rel(b.log_upper, lU, 1e-12L),
	      "got %.17g want %.17Lg", b.log_upper, lU);
	CHECK(NAME("bounds %s: lower = exp(log_lower)", label), close_rel(b.lower, expl(lL), 1e-12L),
	      "got %.17g want %.17Lg", b.lower, expl(lL));
	CHECK(NAME("bounds %s: upper = exp(log_upper)", label), close_rel(b.upper, expl(lU), 1e-12L),
	      "got %.17g want %.17Lg", b.upper, expl(lU));
	CHECK(NAME("bounds %s: first factor", label), close_rel(b.first_factor, expl(lF), 1e-12L),
	      "got %.17g want %.17Lg", b.first_factor, expl(lF));
	CHECK(NAME("bounds %s: first factor kind %s", label, kind),
	      b.first_factor_kind && (strcmp(b.first_factor_kind, kind) == 0 ||
				      (s->fkind == K_POINT && strcmp(b.first_factor_kind, "ball") == 0)),
	      "got '%s'", b.first_factor_kind ? b.first_factor_kind : "(null)");
	CHECK(NAME("bounds %s: L <= U", label), b.log_lower <= b.log_upper,
	      "log_lower %.17g > log_upper %.17g", b.log_lower, b.log_upper);
	CHECK(NAME("bounds %s: applies", label), b.applies == 1, "applies = %d", b.applies);
	/* log(1 - L), log(1 - U) computed straight in long double; only where
	 * 1 - L and 1 - U are representable (long double has a much wider range). */
	{
		long double dU = logl(-expm1l(lL)); /* log P(dead) upper bound = log(1-L) */
		if (lL != 0 && isfinite((double)dU))
			CHECK(NAME("bounds %s: log_dead_upper", label), close_rel(b.log_dead_upper, dU, 1e-12L),
			      "got %.17g want %.17Lg", b.log_dead_upper, dU);
		if (lU != 0 && lU < -1e-290L) {
			long double dL = logl(-expm1l(lU));
			CHECK(NAME("bounds %s: log_dead_lower", label), close_rel(b.log_dead_lower, dL, 1e-12L),
			      "got %.17g want %.17Lg", b.log_dead_lower, dL);
		} else {
			CHECK(NAME("bounds %s: log_dead_lower sane", label),
			      !isnan(b.log_dead_lower) && b.log_dead_lower <= b.log_dead_upper,
			      "log_dead_lower %.17g log_dead_upper %.17g", b.log_dead_lower, b.log_dead_upper);
		}
	}
}

static void base(dr_params *p, const char *depth, const char *width, const char *d)
{
	dr_params_default(p);
	set_or_fail(p, "input_dim", d);
	set_or_fail(p, "width", width);
	set_or_fail(p, "depth", depth);
}

static void test_moderate(void)
{
	dr_params p;
	spec s;

	/* any-sign box at the origin: F_1 = 1 */
	base(&p, "20", "4", "2");
	set_or_fail(&p, "input", "box");
	s = (spec){ .depth = 20, .nw = 1, .w = { 4 }, .d = 2, .fkind = K_ANY };
	check_case("box d2 n4 k20", &p, &s);

	base(&p, "7", "1", "3");
	set_or_fail(&p, "input", "box");
	s = (spec){ .depth = 7, .nw = 1, .w = { 1 }, .d = 3, .fkind = K_ANY };
	check_case("box d3 n1 k7", &p, &s);

	base(&p, "1", "3", "2");
	set_or_fail(&p, "input", "box");
	s = (spec){ .depth = 1, .nw = 1, .w = { 3 }, .d = 2, .fkind = K_ANY };
	check_case("box d2 n3 k1", &p, &s);

	/* per-layer widths, last repeats */
	base(&p, "10", "8,8,4", "2");
	set_or_fail(&p, "input", "box");
	s = (spec){ .depth = 10, .nw = 3, .w = { 8, 8, 4 }, .d = 2, .fkind = K_ANY };
	check_case("box widths 8,8,4 k10", &p, &s);

	base(&p, "2", "5,2,7", "4");
	set_or_fail(&p, "input", "box");
	s = (spec){ .depth = 2, .nw = 3, .w = { 5, 2, 7 }, .d = 4, .fkind = K_ANY };
	check_case("box widths 5,2,7 k2 (list longer than depth)", &p, &s);

	base(&p, "300", "2,3,1,6", "1");
	set_or_fail(&p, "input", "box");
	s = (spec){ .depth = 300, .nw = 4, .w = { 2, 3, 1, 6 }, .d = 1, .fkind = K_ANY };
	check_case("box widths 2,3,1,6 k300", &p, &s);

	/* point with a negative coordinate: F_1 = 1 - 2^-n_1 (radius-0 ball) */
	base(&p, "12", "3", "2");
	set_or_fail(&p, "input", "point");
	set_or_fail(&p, "center", "-1,2");
	s = (spec){ .depth = 12, .nw = 1, .w = { 3 }, .d = 2, .fkind = K_POINT };
	check_case("point (-1,2) n3 k12", &p, &s);

	/* a box straddling the origin */
	base(&p, "12", "3", "2");
	set_or_fail(&p, "input", "box");
	set_or_fail(&p, "center", "0.5");
	set_or_fail(&p, "radius", "1");
	s = (spec){ .depth = 12, .nw = 1, .w = { 3 }, .d = 2, .fkind = K_ANY };
	check_case("box c=0.5 r=1 straddles", &p, &s);

	/* ball at the origin with uniform weights or uniform bias: no closed form, F_1 = 1 */
	base(&p, "9", "4", "2");
	set_or_fail(&p, "weights", "he-uniform");
	s = (spec){ .depth = 9, .nw = 1, .w = { 4 }, .d = 2, .fkind = K_ANY };
	check_case("ball origin he-uniform", &p, &s);

	base(&p, "9", "4", "2");
	set_or_fail(&p, "bias", "uniform");
	s = (spec){ .depth = 9, .nw = 1, .w = { 4 }, .d = 2, .fkind = K_ANY };
	check_case("ball origin bias uniform", &p, &s);

	/* zero bias: exponents n_l n_{l-1}; ball factor does not apply */
	base(&p, "15", "3", "2");
	set_or_fail(&p, "bias", "zero");
	s = (spec){ .depth = 15, .nw = 1, .w = { 3 }, .d = 2, .zero_bias = 1, .fkind = K_ANY };
	check_case("ball origin zero bias", &p, &s);

	base(&p, "6", "2,5,3", "3");
	set_or_fail(&p, "input", "box");
	set_or_fail(&p, "bias", "zero");
	s = (spec){ .depth = 6, .nw = 3, .w = { 2, 5, 3 }, .d = 3, .zero_bias = 1, .fkind = K_ANY };
	check_case("box zero bias widths 2,5,3", &p, &s);

	/* a constant bias of 0 is the zero-bias case */
	base(&p, "15", "3", "2");
	set_or_fail(&p, "input", "box");
	set_or_fail(&p, "bias", "0");
	s = (spec){ .depth = 15, .nw = 1, .w = { 3 }, .d = 2, .zero_bias = 1, .fkind = K_ANY };
	check_case("box constant bias 0", &p, &s);
}

static void test_orthant(void)
{
	dr_params p;
	spec s;

	base(&p, "10", "3", "2");
	set_or_fail(&p, "input", "orthant");
	s = (spec){ .depth = 10, .nw = 1, .w = { 3 }, .d = 2, .fkind = K_ORTHANT };
	check_case("orthant d2 n3 k10", &p, &s);

	base(&p, "1", "2", "1");
	set_or_fail(&p, "input", "orthant");
	s = (spec){ .depth = 1, .nw = 1, .w = { 2 }, .d = 1, .fkind = K_ORTHANT };
	check_case("orthant d1 n2 k1 (tight case)", &p, &s);

	base(&p, "5", "2,6", "3");
	set_or_fail(&p, "input", "orthant");
	s = (spec){ .depth = 5, .nw = 2, .w = { 2, 6 }, .d = 3, .fkind = K_ORTHANT };
	check_case("orthant widths 2,6 d3", &p, &s);

	base(&p, "10", "3", "2");
	set_or_fail(&p, "input", "orthant");
	set_or_fail(&p, "bias", "zero");
	s = (spec){ .depth = 10, .nw = 1, .w = { 3 }, .d = 2, .zero_bias = 1, .fkind = K_ORTHANT };
	check_case("orthant zero bias", &p, &s);

	/* box [0,2]^2: centre - radius = 0 */
	base(&p, "8", "2", "2");
	set_or_fail(&p, "input", "box");
	set_or_fail(&p, "center", "1");
	set_or_fail(&p, "radius", "1");
	s = (spec){ .depth = 8, .nw = 1, .w = { 2 }, .d = 2, .fkind = K_ORTHANT };
	check_case("box c=1 r=1 in orthant", &p, &s);

	base(&p, "8", "2", "3");
	set_or_fail(&p, "input", "box");
	set_or_fail(&p, "center", "3,1.5,2");
	set_or_fail(&p, "radius", "1");
	s = (spec){ .depth = 8, .nw = 1, .w = { 2 }, .d = 3, .fkind = K_ORTHANT };
	check_case("box c=(3,1.5,2) r=1 in orthant", &p, &s);

	/* ball off the origin, inside the orthant, uniform weights (no ball closed form) */
	base(&p, "8", "2", "2");
	set_or_fail(&p, "weights", "he-uniform");
	set_or_fail(&p, "center", "2");
	set_or_fail(&p, "radius", "1");
	s = (spec){ .depth = 8, .nw = 1, .w = { 2 }, .d = 2, .fkind = K_ORTHANT };
	check_case("ball c=2 r=1 he-uniform in orthant", &p, &s);

	/* single point in the orthant: the point factor 1 - 2^-n_1 is smaller
	 * than the orthant factor, and the smallest applicable one is used */
	base(&p, "8", "2", "2");
	set_or_fail(&p, "input", "point");
	set_or_fail(&p, "center", "3,2");
	s = (spec){ .depth = 8, .nw = 1, .w = { 2 }, .d = 2, .fkind = K_POINT };
	check_case("point (3,2) in orthant", &p, &s);

	base(&p, "8", "2", "2");
	set_or_fail(&p, "input", "point");
	set_or_fail(&p, "center", "3,2");
	set_or_fail(&p, "bias", "zero");
	s = (spec){ .depth = 8, .nw = 1, .w = { 2 }, .d = 2, .zero_bias = 1, .fkind = K_POINT };
	check_case("point (3,2) zero bias", &p, &s);
}

static void test_ball(void)
{
	static const struct {
		const char *input, *weights;
		int d, n1;
		const char *width;
		double r, sb;
		long long k;
	} C[] = {
		{ "ball", "he-normal", 2, 4, "4", 1.0, 1.0, 20 },
		{ "ball", "he-normal", 1, 3, "3", 1.0, 1.0, 5 },
		{ "ball", "he-normal", 3, 3, "3", 2.0, 0.5, 6 },
		{ "sphere", "he-normal", 5, 2, "2", 0.7, 1.3, 4 },
		{ "ball", "glorot-normal", 2, 4, "4", 1.0, 1.0, 10 },
		{ "ball", "glorot-normal", 3, 5, "5,2", 1.5, 2.0, 7 },
		{ "ball", "lecun-normal", 2, 3, "3", 1.0, 1.0, 10 },
		{ "sphere", "lecun-normal", 10, 2, "2", 0.3, 0.25, 3 },
		{ "ball", "he-normal", 2, 64, "64", 1.0, 1.0, 50 },
	};
	size_t i;
	char buf[64];

	/* self-check of the Simpson t CDF against the closed forms for nu = 1, 2 */
	{
		long double x = -1.2345L;
		long double c1 = 0.5L + atanl(x) / 3.14159265358979323846264338327950288L;
		long double c2 = 0.5L + x / (2 * sqrtl(2 + x * x));
		CHECK("bounds t-cdf self-check nu=1", fabsl(t_cdf_neg(1, x) - c1) < 1e-15L,
		      "%.20Lg vs %.20Lg", t_cdf_neg(1, x), c1);
		CHECK("bounds t-cdf self-check nu=2", fabsl(t_cdf_neg(2, x) - c2) < 1e-15L,
		      "%.20Lg vs %.20Lg", t_cdf_neg(2, x), c2);
	}

	for (i = 0; i < sizeof C / sizeof C[0]; i++) {
		dr_params p;
		spec s;
		long double sw, arg;
		char label[160];
		int nw = 1;

		snprintf(buf, sizeof buf, "%d", C[i].d);
		base(&p, "1", C[i].width, buf);
		snprintf(buf, sizeof buf, "%lld", C[i].k);
		set_or_fail(&p, "depth", buf);
		set_or_fail(&p, "input", C[i].input);
		set_or_fail(&p, "weights", C[i].weights);
		snprintf(buf, sizeof buf, "%.17g", C[i].r);
		set_or_fail(&p, "radius", buf);
		snprintf(buf, sizeof buf, "%.17g", C[i].sb);
		set_or_fail(&p, "bias_scale", buf);

		if (strcmp(C[i].weights, "he-normal") == 0)
			sw = sqrtl(2.0L / C[i].d);
		else if (strcmp(C[i].weights, "glorot-normal") == 0)
			sw = sqrtl(2.0L / (C[i].d + C[i].n1));
		else
			sw = sqrtl(1.0L / C[i].d);
		arg = -(long double)C[i].r * sw * sqrtl((long double)C[i].d) / C[i].sb;
		s = (spec){ .depth = C[i].k, .nw = 1, .w = { C[i].n1 }, .d = C[i].d, .fkind = K_BALL };
		if (strchr(C[i].width, ',')) {
			s.nw = nw = 2;
			s.w[1] = atoi(strchr(C[i].width, ',') + 1);
		}
		s.ball_p = t_cdf_neg(C[i].d, arg);
		snprintf(label, sizeof label, "%s %s d%d n1=%d r=%g sb=%g k%lld", C[i].input, C[i].weights,
			 C[i].d, C[i].n1, C[i].r, C[i].sb, C[i].k);
		check_case(label, &p, &s);
	}
}

static void test_huge(void)
{
	static const struct { int n; long long k; } C[] = {
		{ 60, 1000000000LL }, { 4096, 1000000000LL }, { 4, 1000000000LL }, { 30, 1000000000LL },
		{ 1, 1000000000LL }, { 2000, 123456789LL },
	};
	size_t i;
	char buf[64], label[128];
	dr_params p;
	spec s;

	for (i = 0; i < sizeof C / sizeof C[0]; i++) {
		long double want, dead;
		dr_bounds b;
		char err[DR_ERRLEN] = "";
		int rc;

		dr_params_default(&p);
		snprintf(buf, sizeof buf, "%d", C[i].n);
		set_or_fail(&p, "width", buf);
		set_or_fail(&p, "input", "box");
		p.depth = C[i].k; /* bounds accept up to DR_MAX_BOUND_DEPTH */
		s = (spec){ .depth = C[i].k, .nw = 1, .w = { C[i].n }, .d = 2, .fkind = K_ANY };
		snprintf(label, sizeof label, "huge n%d k%lld", C[i].n, C[i].k);
		check_case(label, &p, &s);

		memset(&b, 0, sizeof b);
		rc = dr_bounds_compute(&p, &b, err, sizeof err);
		if (rc != DR_OK)
			continue;
		/* asymptotic forms, good to relative ~2^-n and ~k 2^-n respectively:
		 * log L = k log1p(-2^-n) ~ -k 2^-n, log(1 - L) ~ log k - n log 2 */
		want = -ldexpl((long double)C[i].k, -C[i].n);
		CHECK(NAME("bounds %s: log_lower finite", label), isfinite(b.log_lower) && b.log_lower <= 0,
		      "log_lower %.17g", b.log_lower);
		CHECK(NAME("bounds %s: log_upper finite", label), isfinite(b.log_upper) && b.log_upper <= 0,
		      "log_upper %.17g", b.log_upper);
		if (C[i].n >= 30)
			CHECK(NAME("bounds %s: log_lower ~ -k 2^-n", label),
			      close_rel(b.log_lower, want, 1e-12L + ldexpl(1, -C[i].n)),
			      "got %.17g want %.17Lg", b.log_lower, want);
		if (ldexpl((long double)C[i].k, -C[i].n) < 1e-6L) {
			dead = logl((long double)C[i].k) - C[i].n * logl(2.0L);
			CHECK(NAME("bounds %s: log_dead_upper ~ log k - n log 2", label),
			      isfinite(b.log_dead_upper) &&
				      close_rel(b.log_dead_upper, dead, 1e-12L + ldexpl((long double)C[i].k, -C[i].n)),
			      "got %.17g want %.17Lg", b.log_dead_upper, dead);
		}
		CHECK(NAME("bounds %s: dr_log_lower_const", label),
		      close_rel(dr_log_lower_const(C[i].n, (double)C[i].k), want_log_lower(&s), 1e-12L),
		      "got %.17g want %.17Lg", dr_log_lower_const(C[i].n, (double)C[i].k), want_log_lower(&s));
	}

	/* n = 60, k = 1e9: log L about -8.67e-10 exactly to 1e-12 */
	{
		long double w = 1e9L * log1pl(-ldexpl(1, -60));
		double got = dr_log_lower_const(60, 1e9);
		CHECK("bounds log_lower_const n60 k1e9 ~ -8.67e-10", close_rel(got, w, 1e-12L) && got < -8.6e-10 && got > -8.7e-10,
		      "got %.17g want %.17Lg", got, w);
	}

	/* per-layer widths at depth 1e9: grouped closed form */
	dr_params_default(&p);
	set_or_fail(&p, "width", "8,8,4");
	set_or_fail(&p, "input", "orthant");
	p.depth = 1000000000LL;
	s = (spec){ .depth = 1000000000LL, .nw = 3, .w = { 8, 8, 4 }, .d = 2, .fkind = K_ORTHANT };
	check_case("huge widths 8,8,4 orthant k1e9", &p, &s);

	dr_params_default(&p);
	set_or_fail(&p, "width", "4096,40");
	p.depth = 1000000000LL;
	s = (spec){ .depth = 1000000000LL, .nw = 2, .w = { 4096, 40 }, .d = 2, .fkind = K_BALL };
	s.ball_p = t_cdf_neg(2, -sqrtl(2.0L)); /* he-normal d=2, r=1, s_b=1 */
	check_case("huge widths 4096,40 ball k1e9", &p, &s);

	/* width 4096 at depth 1e9 through the parameter table */
	{
		dr_params q;
		char err[DR_ERRLEN] = "";
		int rc;
		dr_params_default(&q);
		rc = dr_param_set(&q, "depth", "1000000000", err, sizeof err);
		CHECK("bounds depth 1e9 accepted by dr_param_set", rc == DR_OK && q.depth == 1000000000LL,
		      "rc %d depth %lld: %s", rc, q.depth, err);
		rc = dr_param_set(&q, "width", "4096", err, sizeof err);
		CHECK("bounds width 4096 accepted by dr_param_set", rc == DR_OK && q.width == 4096,
		      "rc %d width %d: %s", rc, q.width, err);
	}
}

static void test_layer_width(void)
{
	dr_params p;
	dr_params_default(&p);
	set_or_fail(&p, "width", "8,8,4");
	CHECK("bounds per-layer widths parsed", p.nwidths == 3 && p.widths[0] == 8 && p.widths[1] == 8 && p.widths[2] == 4,
	      "nwidths %d widths %d %d %d", p.nwidths, p.widths[0], p.widths[1], p.widths[2]);
	CHECK("bounds layer_width 1,2,3,1000", dr_params_layer_width(&p, 1) == 8 && dr_params_layer_width(&p, 2) == 8 &&
	      dr_params_layer_width(&p, 3) == 4 && dr_params_layer_width(&p, 1000) == 4,
	      "%d %d %d %d", dr_params_layer_width(&p, 1), dr_params_layer_width(&p, 2), dr_params_layer_width(&p, 3),
	      dr_params_layer_width(&p, 1000));
	dr_params_default(&p);
	set_or_fail(&p, "width", "7");
	CHECK("bounds layer_width constant", dr_params_layer_width(&p, 1) == 7 && dr_params_layer_width(&p, 99) == 7,
	      "%d %d", dr_params_layer_width(&p, 1), dr_params_layer_width(&p, 99));
}

/* ---- inverse questions ---- */

/* (1 - 2^-n)^k >= p, decided in long double */
static int holds(long long n, long double k, long double prob)
{
	return k * log1pl(-ldexpl(1, (int)-n)) >= logl(prob);
}

static void test_min_width(void)
{
	static const long long K[] = { 1, 2, 7, 20, 100, 12345, 1000000, 1000000000LL };
	static const double P[] = { 0.1, 0.5, 0.9, 0.99, 0.999999, 0.3 };
	size_t i, j;
	for (i = 0; i < sizeof K / sizeof K[0]; i++)
		for (j = 0; j < sizeof P / sizeof P[0]; j++) {
			long long n = -7;
			char err[DR_ERRLEN] = "";
			int rc = dr_min_width(K[i], P[j], &n, err, sizeof err);
			long double formula = ceill(-log2l(-expm1l(logl(P[j]) / K[i])));
			CHECK(NAME("min_width k=%lld p=%g: ok", K[i], P[j]), rc == DR_OK, "rc %d: %s", rc, err);
			if (rc != DR_OK)
				continue;
			CHECK(NAME("min_width k=%lld p=%g: width %lld reaches p", K[i], P[j], n),
			      n >= 1 && holds(n, K[i], P[j]), "(1-2^-%lld)^%lld < %g", n, K[i], P[j]);
			CHECK(NAME("min_width k=%lld p=%g: width %lld is smallest", K[i], P[j], n),
			      n == 1 || !holds(n - 1, K[i], P[j]), "(1-2^-%lld)^%lld >= %g already", n - 1, K[i], P[j]);
			CHECK(NAME("min_width k=%lld p=%g: formula", K[i], P[j]), (long double)n == formula,
			      "got %lld, ceil(-log2(1-p^(1/k))) = %.0Lf", n, formula);
		}
}

static void test_max_depth(void)
{
	static const long long N[] = { 1, 2, 3, 4, 8, 16, 20, 40, 60, 63, 64, 100, 4096 };
	static const double P[] = { 0.1, 0.5, 0.9, 0.99 };
	size_t i, j;
	for (i = 0; i < sizeof N / sizeof N[0]; i++)
		for (j = 0; j < sizeof P / sizeof P[0]; j++) {
			long long k = -7;
			char err[DR_ERRLEN] = "";
			int rc = dr_max_depth(N[i], P[j], &k, err, sizeof err);
			long double ratio = logl(P[j]) / log1pl(-ldexpl(1, (int)-N[i]));
			CHECK(NAME("max_depth n=%lld p=%g: ok", N[i], P[j]), rc == DR_OK, "rc %d: %s", rc, err);
			if (rc != DR_OK)
				continue;
			if (ratio >= (long double)INT64_MAX) {
				CHECK(NAME("max_depth n=%lld p=%g: saturates", N[i], P[j]), k == INT64_MAX,
				      "got %lld, true value %.6Lg exceeds INT64_MAX", k, ratio);
			} else if (ratio < 1e13L) {
				/* exact decision in long double is reliable at this size */
				CHECK(NAME("max_depth n=%lld p=%g: depth %lld keeps p", N[i], P[j], k),
				      k >= 0 && holds(N[i], k, P[j]), "(1-2^-%lld)^%lld < %g", N[i], k, P[j]);
				CHECK(NAME("max_depth n=%lld p=%g: depth %lld is largest", N[i], P[j], k),
				      !holds(N[i], (long double)k + 1, P[j]), "(1-2^-%lld)^%lld >= %g still", N[i], k + 1, P[j]);
			} else {
				/* 2^60-ish depths: the double formula has relative error ~1e-16 */
				CHECK(NAME("max_depth n=%lld p=%g: ~ formula", N[i], P[j]),
				      close_rel((double)k, floorl(ratio), 1e-12L), "got %lld want %.0Lf", k, floorl(ratio));
			}
		}
}

static void test_errors(void)
{
	static const double badp[] = { 0.0, 1.0, -0.5, 1.5 };
	size_t i;
	long long out;
	char err[DR_ERRLEN];
	int rc;

	for (i = 0; i < sizeof badp / sizeof badp[0]; i++) {
		err[0] = 0;
		out = 42;
		rc = dr_min_width(10, badp[i], &out, err, sizeof err);
		CHECK(NAME("min_width p=%g rejected", badp[i]), rc == DR_EINVAL && err[0], "rc %d err '%s'", rc, err);
		err[0] = 0;
		rc = dr_max_depth(10, badp[i], &out, err, sizeof err);
		CHECK(NAME("max_depth p=%g rejected", badp[i]), rc == DR_EINVAL && err[0], "rc %d err '%s'", rc, err);
	}
	err[0] = 0;
	rc = dr_min_width(10, NAN, &out, err, sizeof err);
	CHECK("min_width p=nan rejected", rc == DR_EINVAL && err[0], "rc %d err '%s'", rc, err);
	err[0] = 0;
	rc = dr_max_depth(10, NAN, &out, err, sizeof err);
	CHECK("max_depth p=nan rejected", rc == DR_EINVAL && err[0], "rc %d err '%s'", rc, err);
	err[0] = 0;
	rc = dr_min_width(0, 0.5, &out, err, sizeof err);
	CHECK("min_width depth 0 rejected", rc == DR_EINVAL && err[0], "rc %d err '%s'", rc, err);
	err[0] = 0;
	rc = dr_min_width(-3, 0.5, &out, err, sizeof err);
	CHECK("min_width depth -3 rejected", rc == DR_EINVAL && err[0], "rc %d err '%s'", rc, err);
	err[0] = 0;
	rc = dr_max_depth(0, 0.5, &out, err, sizeof err);
	CHECK("max_depth width 0 rejected", rc == DR_EINVAL && err[0], "rc %d err '%s'", rc, err);
	err[0] = 0;
	rc = dr_max_depth(-2, 0.5, &out, err, sizeof err);
	CHECK("max_depth width -2 rejected", rc == DR_EINVAL && err[0], "rc %d err '%s'", rc, err);

	/* bounds on an invalid struct */
	{
		dr_params p;
		dr_bounds b;
		dr_params_default(&p);
		p.depth = 0;
		err[0] = 0;
		rc = dr_bounds_compute(&p, &b, err, sizeof err);
		CHECK("bounds depth 0 rejected", rc == DR_EINVAL && err[0], "rc %d err '%s'", rc, err);
		dr_params_default(&p);
		p.width = 0;
		err[0] = 0;
		rc = dr_bounds_compute(&p, &b, err, sizeof err);
		CHECK("bounds width 0 rejected", rc == DR_EINVAL && err[0], "rc %d err '%s'", rc, err);
	}
}

static void test_applies(void)
{
	static const struct { const char *k, *v; int applies; } C[] = {
		{ "weights", "he-normal", 1 },     { "weights", "he-uniform", 1 },   { "weights", "glorot-normal", 1 },
		{ "weights", "glorot-uniform", 1 }, { "weights", "lecun-normal", 1 }, { "weights", "lecun-uniform", 1 },
		{ "weights", "rai", 0 },           { "weights", "mirrored", 0 },     { "bias", "zero", 1 },
		{ "bias", "normal", 1 },           { "bias", "uniform", 1 },         { "bias", "0.5", 0 },
		{ "bias", "-0.25", 0 },            { "bias", "0", 1 },               { "signflip", "on", 0 },
		{ "signflip", "off", 1 },          { "arch", "plain", 1 },           { "arch", "batchnorm", 0 },
		{ "arch", "residual", 0 },         { "arch", "residual-post", 0 },   { "arch", "dense", 0 },
		{ "arch", "skip", 0 },             { "criterion", "layer", 1 },
		{ "weights", "torch", 1 },         { "weights", "keras", 1 },        { "weights", "flax", 1 },
		{ "weights", "orthogonal", 1 },    { "weights", "normal", 1 },       { "weights", "uniform", 1 },
		{ "weights", "truncated-normal", 1 }, { "weights", "he-fan-out", 1 }, { "weights", "he-positive", 0 },
		{ "weights", "playground", 0 },    { "bias", "fan-in", 1 },          { "bias", "auto", 1 },
	};
	size_t i;
	for (i = 0; i < sizeof C / sizeof C[0]; i++) {
		dr_params p;
		dr_bounds b;
		char err[DR_ERRLEN] = "";
		int rc;
		dr_params_default(&p);
		set_or_fail(&p, C[i].k, C[i].v);
		memset(&b, 0, sizeof b);
		rc = dr_bounds_compute(&p, &b, err, sizeof err);
		CHECK(NAME("applies %s=%s: computes", C[i].k, C[i].v), rc == DR_OK, "rc %d: %s", rc, err);
		if (rc != DR_OK)
			continue;
		CHECK(NAME("applies %s=%s: applies=%d", C[i].k, C[i].v, C[i].applies), b.applies == C[i].applies,
		      "applies = %d", b.applies);
		if (!C[i].applies)
			CHECK(NAME("applies %s=%s: a note says why", C[i].k, C[i].v), b.nnotes >= 1 && b.notes[0][0],
			      "nnotes = %d", b.nnotes);
	}
}

/* Does some note of b hold text? */
static int has_note(const dr_bounds *b, const char *text)
{
	for (int i = 0; i < b->nnotes; i++)
		if (strstr(b->notes[i], text))
			return 1;
	return 0;
}

/* The presets' notes: their own bias, one set over it, a scale not used,
 * rai's own biases, and orthogonal's bounds: the lower one (its argument
 * needs only sign-flip symmetry), the upper one 1. */
static void test_presets(void)
{
	static const struct {
		const char *spec, *note;
		int applies;
	} C[] = {
		{"weights=torch", "bias auto: the own bias of weights torch, uniform on +-1/sqrt(fan_in), per layer", 1},
		{"weights=torch bias=zero", "bias zero replaces the own bias of weights torch", 1},
		{"weights=keras bias=normal", "bias normal replaces the own bias of weights keras (zero)", 1},
		{"weights=playground", "bias 0.1 (the weights' own) is a constant", 0},
		{"weights=he-positive bias=0", "bias zero replaces the own bias of weights he-positive (every bias 0.01)", 1},
		{"weights=torch bias_scale=0.5", "bias_scale 0.5 is not used", 1},
		{"weights=rai bias=zero", "weights rai draw their own biases: bias zero is not used", 0},
		{"weights=orthogonal", "units not independent; the lower bound holds", 1},
	};
	for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
		dr_params p;
		dr_bounds b;
		char err[DR_ERRLEN] = "";
		if (!check_setup(&p, NULL, C[i].spec))
			continue;
		int rc = dr_bounds_compute(&p, &b, err, sizeof err);
		CHECK(NAME("presets [%s]: note", C[i].spec), rc == DR_OK && has_note(&b, C[i].note) && b.applies == C[i].applies,
		      "rc %d applies %d, no note '%s' (first: '%s')", rc, b.applies, C[i].note, b.nnotes ? b.notes[0] : "");
	}
	dr_params p;
	dr_bounds b;
	char err[DR_ERRLEN];
	if (check_setup(&p, NULL, "weights=orthogonal input=orthant") && dr_bounds_compute(&p, &b, err, sizeof err) == DR_OK)
		CHECK("presets orthogonal: lower (1-2^-4)^20, upper 1",
		      fabs(b.lower - pow(1 - 1.0 / 16, 20)) < 1e-12 && b.upper == 1.0 && b.log_upper == 0.0,
		      "lower %.12g upper %.17g", b.lower, b.upper);
	long long depth = 7;
	double lo, hi;
	if (check_setup(&p, NULL, "weights=orthogonal width=3") &&
	    dr_bounds_curve(&p, &depth, 1, &lo, &hi, err, sizeof err) == DR_OK)
		CHECK("presets orthogonal: the curve's upper bound 1 too", hi == 1.0 && fabs(lo - pow(1 - 1.0 / 8, 7)) < 1e-12,
		      "lower %.12g upper %.17g", lo, hi);
}

int main(void)
{
	test_presets();
	test_moderate();
	test_orthant();
	test_ball();
	test_huge();
	test_layer_width();
	test_min_width();
	test_max_depth();
	test_errors();
	test_applies();
	CHECK_DONE();
}
