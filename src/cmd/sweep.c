/* sweep.c - see sweep.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/sweep.h"

static int errf(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int errf(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return DR_EINVAL;
}

/* The nine columns of doubles (value, lower, upper, alive, alive_lo,
 * alive_hi, living, region_lo, region_hi) are one block, value its start. */
#define COLUMNS 9

void sweep_free(sweep *w)
{
	free(w->value);
	free(w->applies);
	free(w->done);
	memset(w, 0, sizeof *w);
}

int sweep_init(sweep *w, const char *param, int n, const double *values)
{
	memset(w, 0, sizeof *w);
	if (n < 0 || n > SWEEP_MAX)
		return DR_EINVAL;
	size_t k = n > 0 ? (size_t)n : 1;
	double *col = malloc(COLUMNS * k * sizeof *col);
	w->applies = calloc(k, sizeof *w->applies);
	w->done = calloc(k, sizeof *w->done);
	w->value = col;
	if (!col || !w->applies || !w->done) {
		sweep_free(w);
		return DR_ENOMEM;
	}
	snprintf(w->param, sizeof w->param, "%s", param);
	w->n = n;
	double **c[] = {&w->lower, &w->upper, &w->alive, &w->alive_lo, &w->alive_hi, &w->living,
			 &w->region_lo, &w->region_hi};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		*c[i] = col + (i + 1) * k;
		for (int j = 0; j < n; j++)
			(*c[i])[j] = NAN;
	}
	for (int j = 0; j < n; j++)
		w->value[j] = values ? values[j] : 0;
	return DR_OK;
}

int sweep_copy(sweep *dst, const sweep *src)
{
	sweep t;
	if (sweep_init(&t, src->param, src->n, NULL) != DR_OK)
		return DR_ENOMEM;
	size_t k = (size_t)src->n; /* both blocks have k rows a column */
	t.certify = src->certify;
	t.base = src->base;
	if (k > 0) {
	memcpy(t.value, src->value, COLUMNS * k * sizeof *t.value);
		memcpy(t.applies, src->applies, k * sizeof *t.applies);
		memcpy(t.done, src->done, k * sizeof *t.done);
	}
	sweep_move(dst, &t);
	return DR_OK;
}

void sweep_move(sweep *dst, sweep *src)
{
	if (dst == src)
		return;
	sweep_free(dst);
	*dst = *src;
	memset(src, 0, sizeof *src);
}

int sweep_plan(sweep *w, const char *name, const char *from_s, const char *to_s, const char *step_s, char *err,
	       size_t errlen)
{
	memset(w, 0, sizeof *w);
	const dr_param_info *pi = dr_param_find(name);
	if (!pi || (pi->kind != DR_PK_INT && pi->kind != DR_PK_REAL && strcmp(pi->name, "width")))
		return errf(err, errlen, "sweep: bad parameter '%s' (allowed: a numeric parameter such as depth, width, radius, input_dim, points, bias_scale)",
			    name);
	static const char *const role[] = {"FROM", "TO", "STEP"};
	const char *text[] = {from_s, to_s, step_s};
	double num[3] = {0, 0, 0};
	for (int i = 0; i < 3 && text[i]; i++)
		if (dr_parse_number(text[i], &num[i]) != DR_OK)
			return errf(err, errlen, "sweep: bad %s '%s' in '%s %s%s%s' (allowed: decimal numbers FROM TO [STEP])",
				    role[i], text[i], from_s, to_s, step_s ? " " : "", step_s ? step_s : "");
	double from = num[0], to = num[1];
	int integer = pi->kind != DR_PK_REAL;
	if (to < from)
		return errf(err, errlen, "sweep: bad range '%g %g' (allowed: FROM <= TO)", from, to);
	if (integer && from != floor(from)) /* set refuses it too: no silent rounding */
		return errf(err, errlen, "sweep: bad FROM '%s' (allowed: a whole number: %s takes integers)", from_s,
			    pi->name);
	if (!isfinite(to - from))
		return errf(err, errlen, "sweep: bad range '%g %g' (allowed: TO - FROM below 1e308)", from, to);
	double step = step_s ? num[2] : integer ? 1.0 : (to - from) / 10.0;
	if (step == 0 && from == to)
		step = 1;
	if (!(step > 0) || (integer && step != floor(step)))
		return errf(err, errlen, "sweep: bad step '%g' (allowed: %s > 0)", step,
			    integer ? "a whole number" : "a number");
	/* An absurd count reads as 1e+300, not as its 301 digits. */
	double count = floor((to - from) / step + 1e-9) + 1;
	if (!(count <= SWEEP_MAX))
		return errf(err, errlen, "sweep: %s%.15g values (allowed: at most %d; use a larger step)",
			    isinf(count) ? "more than " : "", isinf(count) ? 1e308 : count, SWEEP_MAX);
	int n = (int)count;
	if (sweep_init(w, pi->name, n, NULL) != DR_OK)
		return errf(err, errlen, "sweep: out of memory");
	for (int i = 0; i < n; i++) {
		double x = from + i * step;
		w->value[i] = integer ? round(x) : x;
	}
	return DR_OK;
}

int sweep_point(const sweep *w, const dr_params *base, int i, dr_params *q, char *err, size_t errlen)
{
	char v[64];
	*q = *base;
	snprintf(v, sizeof v, "%.17g", w->value[i]);
	return dr_param_set(q, w->param, v, err, errlen);
}

/* Point i's bounds into w; on failure NAN, and the engine's message. */
static int bounds_at(sweep *w, const dr_params *q, int i, char *err, size_t errlen)
{
	dr_bounds b;
	int rc = dr_bounds_compute(q, &b, err, errlen);
	w->lower[i] = rc == DR_OK ? b.lower : NAN;
	w->upper[i] = rc == DR_OK ? b.upper : NAN;
	w->applies[i] = rc == DR_OK && b.applies;
	return rc;
}

int sweep_check(sweep *w, const dr_params *base, int with_bounds, char *err, size_t errlen)
{
	for (int i = 0; i < w->n; i++) {
		dr_params q;
		int rc = sweep_point(w, base, i, &q, err, errlen);
		if (rc == DR_OK && with_bounds)
			rc = bounds_at(w, &q, i, err, errlen);
		if (rc != DR_OK)
			return rc;
		if (q.depth > DR_MAX_DEPTH)
			return errf(err, errlen, "sweep: depth %lld is too deep to simulate (allowed: up to %d)", q.depth,
				    DR_MAX_DEPTH);
		if (dr_sim_memory(&q) > (size_t)q.max_memory_mib << 20)
			return errf(err, errlen, "sweep: %s %g needs more than max_memory %lld MiB", w->param,
				    w->value[i], q.max_memory_mib);
	}
	return DR_OK;
}

int sweep_bounds(sweep *w, const dr_params *base, const atomic_int *cancel)
{
	for (int i = 0; i < w->n; i++) {
		if (cancel && atomic_load(cancel))
			return DR_ECANCELED;
		dr_params q;
		char err[DR_ERRLEN];
		if (sweep_point(w, base, i, &q, err, sizeof err) == DR_OK) {
			bounds_at(w, &q, i, err, sizeof err);
		} else {
			w->lower[i] = w->upper[i] = NAN;
			w->applies[i] = 0;
		}
	}
	return DR_OK;
}

void sweep_store(sweep *w, int i, const dr_result *r, int finished)
{
	w->alive[i] = r->alive;
	w->alive_lo[i] = r->alive_lo;
	w->alive_hi[i] = r->alive_hi;
	w->living[i] = r->living_ratio;
	w->region_lo[i] = r->region_lo;
	w->region_hi[i] = r->region_hi;
	w->certify = r->certify;
	w->done[i] = finished != 0;
}

int sweep_spans_decades(const sweep *w)
{
	return w->n > 1 && w->value[0] > 0 && w->value[w->n - 1] / w->value[0] >= 100;
}
