/* test_ball.c - the upper bound's first-layer factor for a ball off the
 * origin (two-dimensional quadrature in the engine) against an independent
 * Monte Carlo count in this test, the orthant factor for a nonnegative data
 * set, and dr_bounds_curve against dr_bounds_compute at every depth. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "deadrelu.h"

/* The test's own generator (splitmix64 + Box-Muller), unrelated to the engine's. */
static uint64_t st = 0x1234567887654321ULL;

static uint64_t next64(void)
{
	uint64_t z = (st += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double gauss(void)
{
	double u = ((double)(next64() >> 11) + 0.5) * 0x1.0p-53;
	double v = ((double)(next64() >> 11) + 0.5) * 0x1.0p-53;
	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* P(w.c + b + r|w| <= 0), w ~ N(0, sw^2 I_d), b ~ N(0, sb^2), by counting. */
static double count_dead(int d, const double *c, double r, double sw, double sb, long n)
{
	long dead = 0;
	double w[64];
	for (long t = 0; t < n; t++) {
		double dot = 0, norm = 0;
		for (int i = 0; i < d; i++) {
			w[i] = sw * gauss();
			dot += w[i] * c[i];
			norm += w[i] * w[i];
		}
		dead += dot + sb * gauss() + r * sqrt(norm) <= 0;
	}
	return (double)dead / (double)n;
}

static void check_ball(const char *name, int d, double centre, double r, double sb, int width)
{
	dr_params p;
	dr_bounds b;
	char err[DR_ERRLEN], v[64];
	dr_params_default(&p);
	p.input_dim = d;
	p.width = width;
	p.depth = 1;
	p.radius = r;
	p.bias_scale = sb;
	snprintf(v, sizeof v, "%g", centre);
	if (dr_param_set(&p, "center", v, err, sizeof err) != DR_OK) {
		CHECK(name, 0, "setting center: %s", err);
		return;
	}
	int rc = dr_bounds_compute(&p, &b, err, sizeof err);
	CHECK(name, rc == DR_OK && !strcmp(b.first_factor_kind, "ball"), "rc %d kind %s", rc,
	      rc == DR_OK ? b.first_factor_kind : err);
	/* F_1 = 1 - p^n: recover p and compare with the count (He-normal: sw^2 = 2/d). */
	double p_engine = pow(-expm1(b.log_upper), 1.0 / width); /* depth 1: U = F_1 */
	double c[64];
	for (int i = 0; i < d; i++)
		c[i] = centre;
	long n = CHECK_SANITIZED ? 200000 : 1000000; /* (the tolerance follows n) */
	double p_count = count_dead(d, c, r, sqrt(2.0 / d), sb, n);
	double se = sqrt(p_count * (1 - p_count) / n);
	char full[128];
	snprintf(full, sizeof full, "%s: engine p within 4 standard errors of the count", name);
	CHECK(full, fabs(p_engine - p_count) <= 4 * se, "engine %.6f count %.6f +- %.6f", p_engine, p_count, se);
}

static void check_curve(const char *name, const char *width, const char *input, const char *centre)
{
	dr_params p;
	char err[DR_ERRLEN];
	dr_params_default(&p);
	dr_param_set(&p, "width", width, err, sizeof err);
	dr_param_set(&p, "input", input, err, sizeof err);
	dr_param_set(&p, "center", centre, err, sizeof err);
	long long depths[] = {1, 2, 3, 7, 50, 1000, 1000000, 1000000000};
	double lo[8], hi[8];
	int rc = dr_bounds_curve(&p, depths, 8, lo, hi, err, sizeof err);
	int same = rc == DR_OK;
	for (int i = 0; same && i < 8; i++) {
		dr_bounds b;
		p.depth = depths[i];
		dr_bounds_compute(&p, &b, err, sizeof err);
		same = fabs(lo[i] - b.lower) <= 1e-12 * b.lower + 1e-300 && fabs(hi[i] - b.upper) <= 1e-12 * b.upper + 1e-300;
		if (!same)
			printf("    depth %lld: curve %g %g, compute %g %g\n", depths[i], lo[i], hi[i], b.lower, b.upper);
	}
	CHECK(name, same, "rc %d: %s", rc, rc == DR_OK ? "values differ" : err);
}

/* Invariant 3 for an off-centre ball: the simulated P(alive) does not exceed
 * U. With one unit and many points the sampled set nearly fills the ball, so
 * the estimate sits just below U: a U too small by a percent would fail. */
static void check_sim_below(const char *name, int depth, const char *centre, double r, double sb)
{
	dr_params p;
	dr_bounds b;
	dr_result res;
	char err[DR_ERRLEN];
	dr_params_default(&p);
	p.depth = depth;
	p.width = 1;
	p.points = 2000;
	p.radius = r;
	p.bias_scale = sb;
	p.trials = CHECK_SANITIZED ? 2500 : 20000; /* the sanitizer builds look for memory errors */
	p.seed = 5;
	dr_param_set(&p, "center", centre, err, sizeof err);
	int rc = dr_bounds_compute(&p, &b, err, sizeof err);
	if (rc == DR_OK)
		rc = dr_simulate(&p, &res, err, sizeof err);
	CHECK(name, rc == DR_OK && res.alive_lo <= b.upper && !strcmp(b.first_factor_kind, "ball"),
	      "rc %d: simulated [%g, %g], U %g (%s)", rc, rc == DR_OK ? res.alive_lo : 0, rc == DR_OK ? res.alive_hi : 0,
	      b.upper, b.first_factor_kind);
	if (rc == DR_OK)
		dr_result_free(&res);
}

/* A data file entirely in the orthant gets F_1 = 1 - 2^-(n (d + 1)); one with
 * a negative entry gets F_1 = 1. */
static void check_data(const char *name, const char *rows, int width, double want_log_f1)
{
	char path[] = "/tmp/deadrelu-test-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, rows, strlen(rows)) != (ssize_t)strlen(rows)) {
		CHECK(name, 0, "cannot write a temporary file");
		return;
	}
	close(fd);
	dr_params p;
	dr_bounds b;
	char err[DR_ERRLEN], w[16];
	dr_params_default(&p);
	snprintf(w, sizeof w, "%d", width);
	int rc = dr_param_set(&p, "data_file", path, err, sizeof err);
	if (rc == DR_OK)
		rc = dr_param_set(&p, "input", "data", err, sizeof err);
	if (rc == DR_OK)
		rc = dr_param_set(&p, "width", w, err, sizeof err);
	p.depth = 1;
	if (rc == DR_OK)
		rc = dr_bounds_compute(&p, &b, err, sizeof err);
	unlink(path);
	CHECK(name, rc == DR_OK && fabs(b.log_upper - want_log_f1) <= 1e-12 * fabs(want_log_f1) + 1e-300,
	      "rc %d (%s): log U %.15g, want %.15g", rc, rc == DR_OK ? b.first_factor_kind : err,
	      rc == DR_OK ? b.log_upper : 0.0, want_log_f1);
}

int main(void)
{
	check_ball("ball d=1 centre 2", 1, 2.0, 1.0, 1.0, 4);
	check_ball("ball d=2 centre 0.5", 2, 0.5, 1.0, 1.0, 4);
	check_ball("ball d=3 centre -0.4 r=2 sb=0.5", 3, -0.4, 2.0, 0.5, 3);
	check_ball("ball d=10 centre 0.3", 10, 0.3, 1.0, 1.0, 6);
	check_ball("ball d=2 tiny centre", 2, 1e-3, 1.0, 1.0, 4);

	check_sim_below("inv3 off-centre ball (centre 1, r 0.5): simulated <= U", 1, "1", 0.5, 1.0);
	check_sim_below("inv3 off-centre ball (centre -1, r 2): simulated <= U", 1, "-1", 2.0, 1.0);

	/* d = 2 columns, width 3: log(1 - 2^-(3 * 3)) */
	check_data("data in the orthant: orthant factor", "x,y\n0.1,0.2\n0.5,0.9\n0.3,0\n", 3, log1p(-ldexp(1.0, -9)));
	check_data("data with a negative entry: F_1 = 1", "0.1,-0.2\n0.5,0.9\n", 3, 0.0);

	check_curve("curve = compute: constant width, ball", "4", "ball", "origin");
	check_curve("curve = compute: per-layer widths, ball off centre", "8,4,2", "ball", "0.3");
	check_curve("curve = compute: orthant", "5", "orthant", "origin");
	check_curve("curve = compute: point", "3", "point", "1");
	CHECK_DONE();
}
