/* test_deep.c - very deep nets stay inside the range of a double: residual
 * streams grow with depth, and without rescaling their activations overflow
 * to inf and NaN after a couple of thousand layers, which would count units
 * as dead and kill points that are alive. */
#include <math.h>
#include <string.h>
#include "check.h"
#include "deadrelu.h"

static int run(dr_params *p, dr_result *r, const char *arch, long long depth, int width)
{
	char err[DR_ERRLEN];
	dr_params_default(p);
	dr_param_set(p, "arch", arch, err, sizeof err);
	p->depth = depth;
	p->width = width;
	p->points = 8;
	p->trials = CHECK_SANITIZED ? 5 : 20; /* the sanitizer builds look for memory errors */
	p->seed = 3;
	int rc = dr_simulate(p, r, err, sizeof err);
	if (rc != DR_OK)
		printf("    %s\n", err);
	return rc;
}

int main(void)
{
	dr_params p;
	dr_result r;
	/* Pre-activation residual: never dead, and its units keep working. Each unit
	 * is negative on the (nearly collinear) points with probability about 1/2,
	 * so about 2 of 4 units are dead per layer; an overflowed stream (NaN) would
	 * make all 4 look dead. Averaged over the last 1000 of 50000 layers. */
	int rc = run(&p, &r, "residual", 50000, 4);
	double dead = 0;
	for (int l = 49000; rc == DR_OK && l < 50000; l++)
		dead += r.by_depth[l].dead_units / 1000.0;
	CHECK("residual depth 50000: alive", rc == DR_OK && r.alive == 1.0, "rc %d alive %g", rc, rc ? 0 : r.alive);
	CHECK("residual depth 50000: about half the units dead per layer, not all", rc == DR_OK && dead < 3.0,
	      "mean dead units %g of 4 over the last 1000 layers", dead);
	if (rc == DR_OK)
		dr_result_free(&r);

	/* ReLU after the sum, width 32: it survives thousands of layers; an
	 * overflow made every trial die at the same depth (about 1700). */
	rc = run(&p, &r, "residual-post", 3000, 32);
	CHECK("residual-post width 32 depth 3000: alive in most trials", rc == DR_OK && r.alive >= 0.5,
	      "alive %g", rc ? 0 : r.alive);
	if (rc == DR_OK)
		dr_result_free(&r);
	CHECK_DONE();
}
