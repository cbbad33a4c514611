/* cert_line.c - certify exact: in one input dimension a plain network is
 * piecewise linear in its input t, with finitely many breakpoints, so its
 * death on an interval (or on the whole line) is decided exactly by
 * carrying the pieces through the layers (THEORY.md section 7).
 *
 * A piece is an open interval (t0, t1) on which every unit of the current
 * layer is one affine function a t + c. A layer's units cross zero at
 * -c / a; between those points each unit keeps its sign, so the piece is
 * cut there and each part gets its layer's active units. The alive set of a
 * network is open in the set (each h_l is continuous), so it is empty
 * exactly when no open piece survives: the cut points themselves never
 * decide. Under the point criterion a part where no unit is active is dead
 * and dropped; under the layer criterion its points have h = 0 and go on
 * as one constant piece (a = 0), as the sample's zero column does. A
 * sphere in one dimension is two points: two pieces of length 0.
 *
 * Exact up to the rounding of the cut points: a verdict could only differ
 * from the true one where a part of the alive set is within rounding of
 * zero length. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "certify.h"

#define LINE_BYTES ((size_t)32 << 20) /* the pieces of one network */

struct cert_line {
	int n;             /* widest layer (and >= 1, the input) */
	size_t cap;        /* pieces a buffer holds */
	int np;            /* pieces now */
	double *t0, *t1;   /* their intervals (may be infinite) */
	double *a, *c;     /* np x n: unit j of piece i is a t + c */
	double *t0b, *t1b, *ab, *cb; /* the next layer's */
	double *zp, *zq;   /* one piece's pre-activations, n */
	double *cuts;      /* and its cut points, n + 2 */
};

static size_t line_cap(int n)
{
	size_t cap = LINE_BYTES / (2 * (2 + 2 * (size_t)n) * sizeof(double));
	return cap < 4 ? 4 : cap;
}

size_t cert_line_memory(int n)
{
	return 2 * line_cap(n) * (2 + 2 * (size_t)n) * sizeof(double) + (3 * (size_t)n + 2) * sizeof(double) +
	       sizeof(cert_line);
}

void cert_line_free(cert_line *L)
{
	if (!L)
		return;
	free(L->t0);
	free(L->t1);
	free(L->a);
	free(L->c);
	free(L->t0b);
	free(L->t1b);
	free(L->ab);
	free(L->cb);
	free(L->zp);
	free(L->zq);
	free(L->cuts);
	free(L);
}

cert_line *cert_line_new(int n)
{
	cert_line *L = calloc(1, sizeof *L);
	if (!L)
		return NULL;
	L->n = n;
	L->cap = line_cap(n);
	size_t pn = L->cap * (size_t)n;
	L->t0 = malloc(L->cap * sizeof(double));
	L->t1 = malloc(L->cap * sizeof(double));
	L->t0b = malloc(L->cap * sizeof(double));
	L->t1b = malloc(L->cap * sizeof(double));
	L->a = malloc(pn * sizeof(double));
	L->c = malloc(pn * sizeof(double));
	L->ab = malloc(pn * sizeof(double));
	L->cb = malloc(pn * sizeof(double));
	L->zp = malloc((size_t)n * sizeof(double));
	L->zq = malloc((size_t)n * sizeof(double));
	L->cuts = malloc(((size_t)n + 2) * sizeof(double));
	if (!L->t0 || !L->t1 || !L->t0b || !L->t1b || !L->a || !L->c || !L->ab || !L->cb || !L->zp || !L->zq ||
	    !L->cuts) {
		cert_line_free(L);
		return NULL;
	}
	return L;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* A finite point of (t0, t1), or t0 for a piece of length 0. */
static double inside(double t0, double t1)
{
	if (t0 == t1)
		return t0;
	if (isinf(t0) && isinf(t1))
		return 0.0;
	if (isinf(t0))
		return t1 - 1.0 - fabs(t1);
	if (isinf(t1))
		return t0 + 1.0 + fabs(t0);
	return t0 + (t1 - t0) / 2.0;
}

/* Pushes one piece through a layer (nout units from nin), appending its
 * parts to the next buffer at *out. Returns the parts where some unit is
 * on; -1 when the buffer is full or a value is not finite. */
static int split_piece(cert_line *L, int i, const double *W, const double *b, int nout, int nin, int layer_crit,
		       int *out, int *zero_piece)
{
	const double *ai = L->a + (size_t)i * L->n, *ci = L->c + (size_t)i * L->n;
	double t0 = L->t0[i], t1 = L->t1[i];
	int nc = 0, alive = 0;
	L->cuts[nc++] = t0;
	for (int j = 0; j < nout; j++) {
		double p = 0.0, q = b[j];
		for (int m = 0; m < nin; m++) {
			p += W[(size_t)j * nin + m] * ai[m];
			q += W[(size_t)j * nin + m] * ci[m];
		}
		if (!isfinite(p) || !isfinite(q))
			return -1;
		L->zp[j] = p;
		L->zq[j] = q;
		if (p != 0.0) {
			double t = -q / p;
			if (t > t0 && t < t1)
				L->cuts[nc++] = t;
		}
	}
	qsort(L->cuts + 1, (size_t)(nc - 1), sizeof(double), cmp_double);
	L->cuts[nc++] = t1;
	for (int s = 0; s + 1 < nc; s++) {
		double u0 = L->cuts[s], u1 = L->cuts[s + 1];
		if (!(u1 > u0) && !(t0 == t1 && s == 0))
			continue; /* a cut point, not a part */
		if ((size_t)*out >= L->cap)
			return -1;
		double t = inside(u0, u1);
		double *ha = L->ab + (size_t)*out * L->n, *hc = L->cb + (size_t)*out * L->n;
		int on = 0;
		for (int j = 0; j < nout; j++) {
			int pos = L->zp[j] * t + L->zq[j] > 0.0;
			ha[j] = pos ? L->zp[j] : 0.0;
			hc[j] = pos ? L->zq[j] : 0.0;
			on |= pos;
		}
		if (!on) {
			if (!layer_crit || *zero_piece >= 0)
				continue; /* dead, or one with the zero piece */
			*zero_piece = *out;
		}
		alive += on;
		L->t0b[*out] = u0;
		L->t1b[*out] = u1;
		(*out)++;
	}
	return alive;
}

static void swap(double **x, double **y)
{
	double *t = *x;
	*x = *y;
	*y = t;
}

int cert_line_run(cert_line *L, cert_ws *w, const dr_params *p, long long *alive_to, const atomic_int *cancel)
{
	const long long k = p->depth;
	const int layer_crit = p->criterion == DR_CRIT_LAYER;
	double c0 = inputs_centre(p, 0), r = p->radius;
	/* the set: an interval, the whole line, or two points */
	L->np = 1;
	L->a[0] = 1.0; /* h_0 = t */
	L->c[0] = 0.0;
	if (p->input == DR_IN_GAUSSIAN) {
		L->t0[0] = -INFINITY;
		L->t1[0] = INFINITY;
	} else if (p->input == DR_IN_ORTHANT) {
		L->t0[0] = 0.0;
		L->t1[0] = r;
	} else if (p->input == DR_IN_SPHERE) {
		L->np = 2;
		L->t0[0] = L->t1[0] = c0 - r;
		L->t0[1] = L->t1[1] = c0 + r;
		L->a[L->n] = 1.0;
		L->c[L->n] = 0.0;
	} else {
		L->t0[0] = c0 - r;
		L->t1[0] = c0 + r;
	}
	int nin = 1;
	*alive_to = 0;
	for (long long l = 1; l <= k; l++) {
		const double *W, *b;
		if (stop_asked(cancel))
			return DR_ECANCELED;
		if (!cert_layer(w, l, &W, &b))
			return DR_ELIMIT; /* past what the store keeps */
		int nout = dr_params_layer_width(p, l), out = 0, zero_piece = -1, alive = 0;
		for (int i = 0; i < L->np; i++) {
			int on = split_piece(L, i, W, b, nout, nin, layer_crit, &out, &zero_piece);
			if (on < 0)
				return DR_ELIMIT;
			alive += on;
		}
		swap(&L->t0, &L->t0b);
		swap(&L->t1, &L->t1b);
		swap(&L->a, &L->ab);
		swap(&L->c, &L->cb);
		L->np = out;
		nin = nout;
		if (!alive)
			return DR_OK; /* dead from layer l: no part has a unit on */
		*alive_to = l;
	}
	return DR_OK;
}
