/* sweep.h - one sweep of a parameter over values: the plan (checked whole
 * before any point runs), the parameters of each point, their bounds and
 * their simulated results. Two drivers run it: the blocking `sweep` command
 * (commands.c) and the screen's background runner (tui/runner.c, with the
 * bounds from tui/tasks.c); both call only what is here. */
#ifndef SWEEP_H
#define SWEEP_H

#include "deadrelu.h"

#define SWEEP_MAX 1000 /* values in one sweep */

typedef struct {
	char param[32];         /* the swept parameter */
	int n;
	double *value;          /* the start of one block holding the columns below */
	double *lower, *upper;  /* the bounds at each point; NAN where none */
	int *applies;
	double *alive, *alive_lo, *alive_hi, *living; /* simulated; NAN until run */
	double *region_lo, *region_hi; /* certified for the whole input set; NAN off */
	dr_certify certify;     /* of the results stored (off until one is) */
	unsigned char *done;    /* the point's simulation finished */
	dr_params base;         /* the fixed parameters of its rows, once stored
				 * (session_store_sweep): what exports say */
} sweep;

/* A sweep of param over the n values (copied; at most SWEEP_MAX), bounds
 * and results NAN. DR_ENOMEM, or DR_EINVAL for a bad n. */
int sweep_init(sweep *w, const char *param, int n, const double *values);
void sweep_free(sweep *w);
/* dst becomes a copy of src (dst's old contents are freed). */
int sweep_copy(sweep *dst, const sweep *src);
/* dst takes src over; src is left empty. */
void sweep_move(sweep *dst, sweep *src);

/* The values of `sweep NAME FROM TO [STEP]` (step NULL: 1 for an integer
 * parameter, a tenth of the range otherwise). The message names what is
 * wrong and what is allowed. */
int sweep_plan(sweep *w, const char *name, const char *from, const char *to, const char *step, char *err,
	       size_t errlen);
/* Checks that every point of base can be simulated (its value, depth and
 * memory); with_bounds: computes the bounds too, and a point whose bounds
 * fail is an error. Stops at the first failing point. */
int sweep_check(sweep *w, const dr_params *base, int with_bounds, char *err, size_t errlen);
/* The parameters of point i: base with the swept value. */
int sweep_point(const sweep *w, const dr_params *base, int i, dr_params *q, char *err, size_t errlen);
/* The bounds of every point (NAN where they cannot be computed). Stops with
 * DR_ECANCELED as soon as *cancel is set (cancel may be NULL). */
int sweep_bounds(sweep *w, const dr_params *base, const atomic_int *cancel);
/* Point i's simulation result so far; finished marks it done. */
void sweep_store(sweep *w, int i, const dr_result *r, int finished);
/* Do the values span two decades or more (a log x-axis reads better)? */
int sweep_spans_decades(const sweep *w);

#endif
