/* helpers.h - what the engine's unit tests share: parameters from a
 * "key=value ..." spec, a checked simulation, and the closed forms and
 * comparisons several of them make. Static functions, like check.h: each
 * test program is one translation unit. */
#ifndef HELPERS_H
#define HELPERS_H

#include <math.h>
#include <string.h>
#include "check.h"
#include "deadrelu.h"

#define HELPER static __attribute__((unused))

/* Under a sanitizer a spec's trials are divided by SANITIZED_TRIALS_DIV,
 * down to SANITIZED_TRIALS_MIN (see CHECK_SANITIZED). The tolerances come
 * from the intervals the engine reports, so they widen to match. */
#define SANITIZED_TRIALS_DIV 16
#define SANITIZED_TRIALS_MIN 150

HELPER long long check_trials(long long trials)
{
	if (!CHECK_SANITIZED || trials <= SANITIZED_TRIALS_MIN)
		return trials;
	long long n = trials / SANITIZED_TRIALS_DIV;
	return n < SANITIZED_TRIALS_MIN ? SANITIZED_TRIALS_MIN : n;
}

/* Defaults, then confidence = conf (NULL: left at its default), then the
 * space-separated key=value pairs of spec in order, check_trials applied
 * to a trials= among them. A refused value is a FAIL line; returns 0 then. */
HELPER int check_setup(dr_params *p, const char *conf, const char *spec)
{
	char buf[1024], *tok, *save = NULL;
	char err[DR_ERRLEN];
	int ok = 1;
	dr_params_default(p);
	if (conf && dr_param_set(p, "confidence", conf, err, sizeof err) != DR_OK) {
		printf("FAIL setup confidence=%s: %s\n", conf, err);
		check_failed++;
		ok = 0;
	}
	snprintf(buf, sizeof buf, "%s", spec);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		int rc;
		if (!eq)
			continue;
		*eq = 0;
		err[0] = 0;
		rc = dr_param_set(p, tok, eq + 1, err, sizeof err);
		if (rc != DR_OK) {
			printf("FAIL setup %s=%s (in '%s'): rc %d: %s\n", tok, eq + 1, spec, rc, err);
			check_failed++;
			ok = 0;
		} else if (!strcmp(tok, "trials"))
			p->trials = check_trials(p->trials);
	}
	return ok;
}

/* check_setup, then dr_simulate to the end: 1 with every row and trial in
 * *r (free it), or 0 after a FAIL line. */
HELPER int check_run(const char *conf, const char *spec, dr_params *p, dr_result *r)
{
	char err[DR_ERRLEN] = "";
	int rc;
	memset(r, 0, sizeof *r);
	if (!check_setup(p, conf, spec))
		return 0;
	rc = dr_simulate(p, r, err, sizeof err);
	if (rc != DR_OK) {
		printf("FAIL run '%s': rc %d: %s\n", spec, rc, err);
		check_failed++;
		return 0;
	}
	if (!r->by_depth || r->depth != p->depth || r->trials != p->trials) {
		printf("FAIL run '%s': incomplete result (depth %lld trials %lld)\n", spec, r->depth, r->trials);
		check_failed++;
		dr_result_free(r);
		return 0;
	}
	return 1;
}

/* Width of layer l, written out here rather than asked of the engine. */
HELPER int width_of(const dr_params *p, long long l)
{
	if (p->nwidths <= 0)
		return p->width;
	return l <= p->nwidths ? p->widths[l - 1] : p->widths[p->nwidths - 1];
}

/* L_l = prod_{i<=l} (1 - 2^-n_i) */
HELPER long double lower_at(const dr_params *p, long long l)
{
	long double acc = 1;
	long long i;
	for (i = 1; i <= l; i++)
		acc *= 1 - ldexpl(1, -width_of(p, i));
	return acc;
}

/* Two results with the same numbers, bit for bit (seconds aside). */
HELPER int same_result(const dr_result *a, const dr_result *b)
{
	return a->depth == b->depth && a->trials == b->trials && a->alive == b->alive &&
	       a->alive_lo == b->alive_lo && a->alive_hi == b->alive_hi && a->living_ratio == b->living_ratio &&
	       a->living_ratio_lo == b->living_ratio_lo && a->living_ratio_hi == b->living_ratio_hi &&
	       a->min_living_ratio == b->min_living_ratio &&
	       memcmp(a->by_depth, b->by_depth, (size_t)a->depth * sizeof *a->by_depth) == 0;
}

#undef HELPER

#endif
