/* test_sweep.c - src/cmd/sweep, the one sweep both drivers run: the values
 * a plan makes (integer steps rounded, the default step, one point for
 * FROM = TO), its errors (each names the bad part and what is allowed),
 * checking every point before any runs, the bounds computed once per point
 * and equal to dr_bounds_compute's, a cancelled bounds run, copies that own
 * their memory, and results stored per point. */
#include "check.h"
#include "cmd/sweep.h"

#include <math.h>
#include <string.h>

static void test_plan(void)
{
	sweep w;
	char err[DR_ERRLEN] = "";
	int rc = sweep_plan(&w, "depth", "1", "9", "4", err, sizeof err);
	CHECK("plan/step", rc == DR_OK && w.n == 3 && w.value[0] == 1 && w.value[1] == 5 && w.value[2] == 9,
	      "rc %d, n %d (%s)", rc, w.n, err);
	CHECK("plan/param", !strcmp(w.param, "depth"), "param '%s'", w.param);
	CHECK("plan/fresh", isnan(w.lower[0]) && isnan(w.alive[2]) && !w.done[1] && !w.applies[0],
	      "a new plan has results or bounds");
	sweep_free(&w);

	rc = sweep_plan(&w, "radius", "0", "1", NULL, err, sizeof err);
	CHECK("plan/real-default-step", rc == DR_OK && w.n == 11 && fabs(w.value[10] - 1) < 1e-12,
	      "rc %d, n %d (%s)", rc, w.n, err);
	sweep_free(&w);
	rc = sweep_plan(&w, "width", "3", "3", NULL, err, sizeof err);
	CHECK("plan/one-point", rc == DR_OK && w.n == 1 && w.value[0] == 3, "rc %d, n %d", rc, w.n);
	sweep_free(&w);

	struct {
		const char *name, *param, *from, *to, *step, *want;
	} bad[] = {
		{"bad/param", "weights", "1", "2", NULL, "sweep: bad parameter 'weights' (allowed: a numeric parameter"},
		{"bad/from", "depth", "a", "5", NULL, "sweep: bad FROM 'a' in 'a 5' (allowed: decimal numbers"},
		{"bad/step-word", "depth", "1", "5", "x", "sweep: bad STEP 'x' in '1 5 x'"},
		{"bad/reversed", "depth", "5", "1", NULL, "sweep: bad range '5 1' (allowed: FROM <= TO)"},
		{"bad/fraction", "depth", "1.5", "3", NULL, "sweep: bad FROM '1.5' (allowed: a whole number: depth"},
		{"bad/step0", "depth", "1", "5", "0", "sweep: bad step '0' (allowed: a whole number > 0)"},
		{"bad/count", "depth", "1", "5000", NULL, "sweep: 5000 values (allowed: at most 1000"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		rc = sweep_plan(&w, bad[i].param, bad[i].from, bad[i].to, bad[i].step, err, sizeof err);
		CHECK(bad[i].name, rc == DR_EINVAL && !strncmp(err, bad[i].want, strlen(bad[i].want)) && w.n == 0,
		      "rc %d, '%s'; want '%s...'", rc, err, bad[i].want);
	}
}

static void test_check_and_bounds(void)
{
	dr_params base;
	dr_params_default(&base);
	base.trials = 100;
	sweep w;
	char err[DR_ERRLEN] = "";
	sweep_plan(&w, "width", "2", "4", NULL, err, sizeof err);
	int rc = sweep_check(&w, &base, 0, err, sizeof err);
	CHECK("check/no-bounds", rc == DR_OK && isnan(w.lower[0]), "rc %d (%s); bounds computed", rc, err);
	rc = sweep_check(&w, &base, 1, err, sizeof err);
	int same = rc == DR_OK;
	for (int i = 0; same && i < w.n; i++) {
		dr_params q;
		dr_bounds b;
		sweep_point(&w, &base, i, &q, err, sizeof err);
		same = q.width == (int)w.value[i] && dr_bounds_compute(&q, &b, err, sizeof err) == DR_OK &&
		       b.lower == w.lower[i] && b.upper == w.upper[i] && b.applies == w.applies[i];
	}
	CHECK("check/bounds", same, "rc %d: the sweep's bounds differ from dr_bounds_compute's (%s)", rc, err);

	sweep c = {0};
	CHECK("copy", sweep_copy(&c, &w) == DR_OK && c.n == 3 && c.value != w.value && c.lower[2] == w.lower[2] &&
			      !strcmp(c.param, "width"),
	      "a copy differs or shares memory");
	for (int i = 0; i < c.n; i++)
		c.lower[i] = c.upper[i] = NAN;
	CHECK("bounds/again", sweep_bounds(&c, &base, NULL) == DR_OK && c.lower[1] == w.lower[1], "sweep_bounds %g vs %g",
	      c.lower[1], w.lower[1]);
	atomic_int cancel = 1;
	c.lower[0] = NAN;
	CHECK("bounds/cancelled", sweep_bounds(&c, &base, &cancel) == DR_ECANCELED && isnan(c.lower[0]),
	      "a cancelled run computed bounds");

	dr_result r = {0};
	r.alive = 0.5, r.alive_lo = 0.4, r.alive_hi = 0.6, r.living_ratio = 0.7;
	sweep_store(&c, 1, &r, 0);
	CHECK("store/running", c.alive[1] == 0.5 && c.living[1] == 0.7 && !c.done[1], "not stored as running");
	sweep_store(&c, 1, &r, 1);
	CHECK("store/done", c.done[1] && isnan(c.alive[0]), "not done, or another point changed");

	sweep m = {0};
	sweep_move(&m, &c);
	CHECK("move", m.n == 3 && c.n == 0 && c.value == NULL, "move left the source holding memory");
	sweep_free(&m);
	sweep_free(&c);
	sweep_free(&w);

	base.max_memory_mib = 1;
	base.points = 1000000;
	sweep_plan(&w, "width", "4096", "4096", NULL, err, sizeof err);
	rc = sweep_check(&w, &base, 0, err, sizeof err);
	CHECK("check/memory", rc == DR_EINVAL && strstr(err, "sweep: width 4096 needs more than max_memory 1 MiB"),
	      "rc %d, '%s'", rc, err);
	sweep_free(&w);
	dr_params_default(&base);
	sweep_plan(&w, "depth", "0", "3", NULL, err, sizeof err);
	rc = sweep_check(&w, &base, 1, err, sizeof err);
	CHECK("check/value", rc == DR_EINVAL && !strncmp(err, "depth: bad value '0'", 20), "rc %d, '%s'", rc, err);
	sweep_free(&w);

	double v[] = {1, 10, 100};
	CHECK("decades", sweep_init(&w, "width", 3, v) == DR_OK && sweep_spans_decades(&w), "1..100 spans decades");
	w.value[2] = 50;
	CHECK("decades/less", !sweep_spans_decades(&w), "1..50 does not");
	sweep_free(&w);
	CHECK("init/too-many", sweep_init(&w, "width", SWEEP_MAX + 1, NULL) == DR_EINVAL, "took %d", SWEEP_MAX + 1);
}

int main(void)
{
	test_plan();
	test_check_and_bounds();
	CHECK_DONE();
}
