/* bench.c - speed of the Monte Carlo engine on three fixed experiments.
 *
 * A benchmark, not a test: it checks nothing beyond the engine's own error
 * codes. For each experiment and thread count it prints one line
 *
 *     NAME trials seconds trials_per_sec [gflops] alive=P
 *
 * and, for the certified run of (a), a line "certify NAME undecided=U"
 * with the fraction of networks certify bracket left undecided.
 *
 * NAME ends in -j1 (one thread), -jN or -jall (threads=0: every core).
 * Lines starting with '#' are comments. scripts/bench.sh runs this next to
 * the numpy reference (scripts/bench_ref.py) and tabulates both.
 *
 * Usage: bench [-t SECONDS] [-j THREADS[,THREADS...]] [-s SEED]
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "deadrelu.h"

typedef struct {
	const char *name;
	void (*setup)(dr_params *p);
	int flops; /* report GFLOP/s */
} experiment;

/* Shared by all three: plain net, He-normal weights, N(0, 1) biases,
 * inputs in the unit ball of R^2, point criterion. */
static void setup_common(dr_params *p)
{
	p->arch = DR_ARCH_PLAIN;
	p->input_dim = 2;
	p->input = DR_IN_BALL;
	p->radius = 1.0;
	p->ncenter = 0;
	p->weights = DR_W_HE_NORMAL;
	p->bias = DR_B_NORMAL;
	p->bias_scale = 1.0;
	p->criterion = DR_CRIT_POINT;
	p->signflip = 0;
	p->nwidths = 0;
}

/* (a) deep-ish narrow net on a cloud of points: the interactive default. */
static void setup_plain(dr_params *p)
{
	setup_common(p);
	p->depth = 32;
	p->width = 4;
	p->points = 256;
}

/* (b) one point at the origin through a very deep net: cost is per layer,
 * not per point. The origin is fine because biases are not zero. */
static void setup_point(dr_params *p)
{
	setup_common(p);
	p->input = DR_IN_POINT;
	p->depth = 1000;
	p->width = 8;
	p->points = 1;
}

/* (a) with certify bracket: every network also decided on the whole unit
 * ball (THEORY.md section 7); its cost against (a) is the figure. */
static void setup_certify(dr_params *p)
{
	setup_plain(p);
	p->certify = DR_CERT_BRACKET;
}

/* (c) wide net, many points: dominated by the matrix products. */
static void setup_wide(dr_params *p)
{
	setup_common(p);
	p->depth = 8;
	p->width = 256;
	p->points = 1024;
}

static const experiment experiments[] = {
	{ "a-plain", setup_plain, 0 },
	{ "a-certify", setup_certify, 0 },
	{ "b-point", setup_point, 0 },
	{ "c-wide", setup_wide, 1 },
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs p->trials trials; returns the wall time, or -1 after printing why. */
static double timed_run(const dr_params *p, const char *name, double *alive, double *undecided)
{
	char err[DR_ERRLEN];
	dr_result r;
	double t0 = now();
	int rc = dr_simulate(p, &r, err, sizeof err);
	double dt = now() - t0;
	if (rc != DR_OK) {
		fprintf(stderr, "bench: %s: %s\n", name, err);
		return -1;
	}
	long long done = r.trials;
	*alive = r.alive;
	*undecided = r.certify != DR_CERT_OFF ? 1.0 - r.certified_alive - r.certified_dead : NAN;
	dr_result_free(&r);
	if (done != p->trials) {
		fprintf(stderr, "bench: %s: engine ran %lld of %lld trials\n", name, done,
			p->trials);
		return -1;
	}
	return dt;
}

/* Multiply-adds of one pass of one point, counted as 2 flops each. It is an
 * upper count: the engine may skip dead points and dead networks, and this
 * counts them anyway, so it is the GFLOP/s of an engine that didn't. */
static double flops_per_point(const dr_params *p)
{
	double f = 0;
	int fan_in = p->input_dim;
	for (long long l = 1; l <= p->depth; l++) {
		int fan_out = dr_params_layer_width(p, l);
		f += 2.0 * fan_in * fan_out;
		fan_in = fan_out;
	}
	return f;
}

static int bench_one(const experiment *e, int threads, double seconds, uint64_t seed, int ncpu)
{
	dr_params p;
	char err[DR_ERRLEN];
	char name[64];
	double alive, undecided, dt;

	dr_params_default(&p);
	e->setup(&p);
	p.threads = threads;
	p.seed = seed;
	if (threads == 0)
		snprintf(name, sizeof name, "%s-jall", e->name);
	else
		snprintf(name, sizeof name, "%s-j%d", e->name, threads);
	if (dr_params_check(&p, err, sizeof err) != DR_OK) {
		fprintf(stderr, "bench: %s: %s\n", name, err);
		return -1;
	}

	/* Calibrate: grow the trial count until a run takes a fifth of the
	 * budget. Shorter runs overestimate the cost per trial (thread
	 * start-up, cold caches, clock ramp-up) and the timed run then falls
	 * short of the budget. Start with a trial per thread. */
	long long n = threads > 0 ? threads : ncpu;
	double target = seconds / 5 > 0.05 ? seconds / 5 : 0.05;
	for (;;) {
		p.trials = n;
		if ((dt = timed_run(&p, name, &alive, &undecided)) < 0)
			return -1;
		if (dt >= target)
			break;
		/* Jump straight towards the target when the last run was long
		 * enough to measure; otherwise quadruple. */
		long long next = dt > 0.005 ? (long long)ceil(n * 1.2 * target / dt) : n * 4;
		n = next > 2 * n ? next : 2 * n;
	}
	/* 10% over: the budget is a minimum, and calibration still tends to
	 * read a little slow. */
	long long trials = (long long)ceil(n * 1.1 * seconds / dt);
	p.trials = trials > n ? trials : n;
	p.seed = seed + 1; /* fresh networks, not the calibration's */
	if ((dt = timed_run(&p, name, &alive, &undecided)) < 0)
		return -1;

	printf("%s %lld %.3f %.1f", name, p.trials, dt, (double)p.trials / dt);
	if (e->flops)
		printf(" %.2f", flops_per_point(&p) * p.points * (double)p.trials / dt / 1e9);
	printf(" alive=%.4f\n", alive);
	if (!isnan(undecided))
		printf("certify %s undecided=%.4f\n", name, undecided);
	fflush(stdout);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: bench [-t SECONDS] [-j THREADS[,THREADS...]] [-s SEED]\n"
		   "  -t  minimum seconds per experiment (default 2)\n"
		   "  -j  thread counts to run, 0 = every core (default 1)\n"
		   "  -s  seed (default 12345)\n");
}

int main(int argc, char **argv)
{
	double seconds = 2.0;
	const char *jlist = "1";
	uint64_t seed = 12345;
	int c;

	while ((c = getopt(argc, argv, "t:j:s:h")) != -1) {
		char *end;
		switch (c) {
		case 't':
			seconds = strtod(optarg, &end);
			if (*end || !(seconds > 0 && seconds < 3600)) {
				fprintf(stderr, "bench: -t: bad value '%s'\n", optarg);
				return 2;
			}
			break;
		case 'j':
			jlist = optarg;
			break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (*end || errno) {
				fprintf(stderr, "bench: -s: bad value '%s'\n", optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	/* Parse the thread list up front so a typo fails before minutes of work. */
	int threads[16], nthreads = 0;
	for (const char *s = jlist; *s;) {
		char *end;
		long v = strtol(s, &end, 10);
		if (end == s || v < 0 || v > 4096 || (*end && *end != ',') || nthreads == 16) {
			fprintf(stderr, "bench: -j: bad value '%s'\n", jlist);
			return 2;
		}
		threads[nthreads++] = (int)v;
		s = *end ? end + 1 : end;
	}

	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu < 1)
		ncpu = 1;
	printf("# deadrelu %s bench: -t %g, %ld cores online; jall = threads 0 = every core\n",
	       DR_VERSION, seconds, ncpu);
	int rc = 0;
	for (int j = 0; j < nthreads; j++)
		for (size_t i = 0; i < sizeof experiments / sizeof experiments[0]; i++)
			/* Each thread set gets its own seeds, so bench.sh may pool
			 * the sets' estimates as independent samples. */
			if (bench_one(&experiments[i], threads[j], seconds, seed + 2 * (uint64_t)j,
				      (int)ncpu) < 0)
				rc = 1;
	return rc;
}
