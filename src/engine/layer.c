/* layer.c - the operations a layer is made of, shared by the
 * architectures: the affine map, sign flipping, classifying the columns
 * into living and dead, ReLU with compaction, rescaling, and the input
 * projection of a stream. The architectures' own steps are in arch.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "trial.h"

/* Z = W H + b over ncols columns. Four output units at a time so each
 * column of H is loaded once per four rows. Returns -1 when cancelled
 * (checked every 2^18 multiply-adds per unit, a few milliseconds). */
int layer_affine(const double *W, const double *b, int nout, int nin, const double *H, int cap, int ncols,
		 double *Z, const atomic_int *cancel)
{
	const int every = ncols >= (1 << 18) ? 1 : (1 << 18) / (ncols ? ncols : 1);
	int j = 0;
	for (; j + 4 <= nout; j += 4) {
		double *z0 = Z + (size_t)j * cap, *z1 = z0 + cap, *z2 = z1 + cap, *z3 = z2 + cap;
		const double *w0 = W + (size_t)j * nin, *w1 = w0 + nin, *w2 = w1 + nin, *w3 = w2 + nin;
		for (int c = 0; c < ncols; c++) {
			z0[c] = b[j];
			z1[c] = b[j + 1];
			z2[c] = b[j + 2];
			z3[c] = b[j + 3];
		}
		for (int i = 0; i < nin; i++) {
			if (i % every == 0 && stop_asked(cancel))
				return -1;
			const double *h = H + (size_t)i * cap;
			double a0 = w0[i], a1 = w1[i], a2 = w2[i], a3 = w3[i];
			for (int c = 0; c < ncols; c++) {
				double x = h[c];
				z0[c] += a0 * x;
				z1[c] += a1 * x;
				z2[c] += a2 * x;
				z3[c] += a3 * x;
			}
		}
	}
	for (; j < nout; j++) {
		double *z = Z + (size_t)j * cap;
		const double *w = W + (size_t)j * nin;
		for (int c = 0; c < ncols; c++)
			z[c] = b[j];
		for (int i = 0; i < nin; i++) {
			if (i % every == 0 && stop_asked(cancel))
				return -1;
			const double *h = H + (size_t)i * cap;
			double a = w[i];
			for (int c = 0; c < ncols; c++)
				z[c] += a * h[c];
		}
	}
	return 0;
}

int layer_product(dr_trial *t, int nout, int nin, int ncols)
{
	if (t->pack && (nout > FUSED_MAX || nin > FUSED_MAX))
		return gemm_layer(t->W, t->b, nout, nin, t->H, t->cap, ncols, t->Z, t->pack, t->cancel);
	return layer_affine(t->W, t->b, nout, nin, t->H, t->cap, ncols, t->Z, t->cancel);
}

/* Sign flipping (THEORY.md section 4): a unit positive on fewer than half of
 * the living points has its weights and bias negated, i.e. z -> -z. */
void layer_signflip(double *Z, int nout, int cap, int np, int ncols, const atomic_int *cancel)
{
	if (np == 0)
		return;
	for (int j = 0; j < nout && !stop_asked(cancel); j++) {
		double *z = Z + (size_t)j * cap;
		int pos = 0;
		for (int c = 0; c < np; c++)
			pos += z[c] > 0.0;
		if (2 * pos < np)
			for (int c = 0; c < ncols; c++)
				z[c] = -z[c];
	}
}

/* Marks active columns; counts units dead on columns [0, consider) and
 * records activity for pictures. */
int layer_classify(dr_trial *t, long long layer, int nout, int ncols, int np, int consider)
{
	const double *Z = t->Z;
	unsigned char *on = t->on;
	int cap = t->cap, dead = 0;
	memset(on, 0, (size_t)ncols);
	float *act = t->active && layer <= t->max_active ? t->active[layer - 1] : NULL;
	for (int j = 0; j < nout; j++) {
		if (stop_asked(t->cancel))
			return -1;
		const double *z = Z + (size_t)j * cap;
		unsigned char any = 0;
		for (int c = 0; c < consider; c++) {
			unsigned char pos = z[c] > 0.0;
			on[c] |= pos;
			any |= pos;
		}
		for (int c = consider; c < ncols; c++)
			on[c] |= (unsigned char)(z[c] > 0.0);
		if (act) {
			int pure = 0;
			for (int c = 0; c < np; c++)
				pure += z[c] > 0.0;
			act[j] = t->points ? (float)pure / (float)t->points : 0.0f;
		}
		dead += !any;
	}
	return dead;
}

/* One layer through Z, for every layout but dense's: affine (unless z_drawn:
 * Z holds z already, see draw_one_column in trial.c), the
 * architecture's changes to z, classify, then ReLU and compaction into H
 * (or the architecture's own output). Every pass over the units checks for
 * a cancel. */
int layer_columns(dr_trial *t, long long l, int nout, int nin, int *np_io, int *ni_io, int *zm_io, int z_drawn,
		  dr_outcome *o)
{
	const dr_params *p = &t->p;
	const arch_desc *a = t->arch;
	const int cap = t->cap;
	double *H = t->H, *Z = t->Z;
	int np = *np_io, ni = *ni_io, zm = *zm_io;
	int nr = np + ni;
	int zcol = t->keep_dead && zm > 0;
	int ncols = nr + zcol;
	const atomic_int *cancel = t->cancel;
	if (!z_drawn && layer_product(t, nout, nin, nr) < 0)
		return -1;
	if (zcol) {
		for (int j = 0; !z_drawn && j < nout; j++)
			Z[(size_t)j * cap + nr] = t->b[j];
		t->mult[nr] = zm;
	}
	if (a->before_flip && a->before_flip(t, nout, nr, ncols) < 0)
		return -1;
	if (p->signflip)
		layer_signflip(Z, nout, cap, np, ncols, cancel);
	if (a->after_flip && a->after_flip(t, nout, nr, ncols) < 0)
		return -1;

	int consider = p->criterion == DR_CRIT_LAYER ? ncols : np;
	int dead = layer_classify(t, l, nout, ncols, np, consider);
	if (dead < 0)
		return -1;
	o->dead_units[l - 1] = dead;
	if (a->output)
		return a->output(t, nout, nr);

	/* Survivors: pure, then impure, then the zero column if it came back. */
	int nkeep = 0, npure = 0, nzero = 0;
	for (int c = 0; c < ncols; c++) {
		if (t->on[c]) {
			t->nmult[nkeep] = t->mult[c];
			t->keep[nkeep++] = c;
			npure += c < np;
		} else {
			nzero += t->mult[c];
		}
	}
	if (!t->keep_dead) {
		nkeep = npure;
		nzero = 0;
	}
	for (int j = 0; j < nout; j++) {
		if (stop_asked(cancel))
			return -1;
		const double *z = Z + (size_t)j * cap;
		double *h = H + (size_t)j * cap;
		if (nkeep == ncols)
			for (int c = 0; c < cap; c++)
				h[c] = relu(z[c]);
		else
			for (int s = 0; s < nkeep; s++)
				h[s] = relu(z[t->keep[s]]);
	}
	if (nkeep != ncols)
		memcpy(t->mult, t->nmult, (size_t)nkeep * sizeof(int));
	*np_io = npure;
	*ni_io = nkeep - npure;
	*zm_io = nzero;
	return nkeep;
}

/* Deep nets (residual ones above all) can grow or shrink their activations
 * past the range of a double. Scaling the activations and every later bias
 * by the same power of two changes no sign and is exact, so when the largest
 * activation leaves [2^-256, 2^256] the columns are brought back near 1
 * (checked every 16 layers).
 * Returns the exponent divided out. */
int layer_rescale(double *H, int rows, int cap, int ncols, const atomic_int *cancel)
{
	double m = 0;
	for (int j = 0; j < rows && !stop_asked(cancel); j++)
		for (int c = 0; c < ncols; c++) {
			double a = fabs(H[(size_t)j * cap + c]);
			m = a > m ? a : m; /* not fmax: a libm call here */
		}
	int e;
	frexp(m, &e);
	if (m == 0 || (e <= 256 && e >= -256) || !isfinite(m))
		return 0;
	for (int j = 0; j < rows && !stop_asked(cancel); j++)
		for (int c = 0; c < ncols; c++)
			H[(size_t)j * cap + c] = ldexp(H[(size_t)j * cap + c], -e);
	return e; /* when cancelled H is garbage, but the trial is dropped */
}


/* Draws the input projection of the stream (identity when d == n). */
void layer_project_input(dr_trial *t, int n, int d)
{
	double *H = t->H, *X = t->Z; /* the points were sampled into Z */
	int cap = t->cap, P = t->points;
	if (n == d) {
		memcpy(H, X, (size_t)d * cap * sizeof *H);
		return;
	}
	double sd = 1.0 / sqrt((double)d);
	for (int j = 0; j < n * d; j++)
		t->proj[j] = sd * rng_normal(&t->rng);
	for (int j = 0; j < n && !stop_asked(t->cancel); j++) {
		double *h = H + (size_t)j * cap;
		memset(h, 0, (size_t)P * sizeof *h);
		for (int i = 0; i < d; i++) {
			double a = t->proj[j * d + i];
			const double *x = X + (size_t)i * cap;
			for (int c = 0; c < P; c++)
				h[c] += a * x[c];
		}
	}
}
