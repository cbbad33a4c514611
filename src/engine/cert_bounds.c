/* cert_bounds.c - bounds on every unit of a network over a whole box of
 * inputs, sound in floating point. Each unit carries a lower and an upper
 * affine function of the box's coordinates e in [-1, 1]^d (symbolic
 * intervals) with an error term, and a concrete range: the tighter of the
 * affine bound's extreme over the box (and over the ball, when the input set
 * is one) and plain interval arithmetic (which alone proves the whole-orthant
 * case: weights and bias <= 0 on inputs >= 0). A ReLU that can take either
 * sign is replaced by the lines under and over it on its range.
 *
 * Rounding: every sum of m products computed in double is within
 * gam(m) * (the sum of the magnitudes) of the exact one (Higham's gamma_m
 * with room to spare), and each bound is moved outward by that, plus a
 * tiny absolute term for underflow (in interval arithmetic only where a
 * product did underflow, so that an exact 0 stays 0: a layer of weights
 * <= 0 on inputs >= 0 is then <= 0), so a bound is never wrong because of
 * rounding. A bound that overflows is infinite or NaN, and the layer's
 * status is then unknown. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "certify.h"

/* >= m u / (1 - m u), u = 2^-53, for every m the engine meets. */
static double gam(int m)
{
	return (double)(m + 2) * 0x1.0p-52;
}

#define TINY 0x1.0p-1060 /* per operation: more than any underflow loses */

int cert_forms_alloc(cert_forms *f, int n, int d)
{
	size_t nd = (size_t)n * (size_t)d;
	f->la = malloc(nd * sizeof(double));
	f->ua = malloc(nd * sizeof(double));
	double *v = malloc(6 * (size_t)n * sizeof(double));
	if (!f->la || !f->ua || !v) {
		free(f->la);
		free(f->ua);
		free(v);
		memset(f, 0, sizeof *f);
		return DR_ENOMEM;
	}
	f->lc = v;
	f->uc = v + n;
	f->le = v + 2 * n;
	f->ue = v + 3 * n;
	f->lo = v + 4 * n;
	f->hi = v + 5 * n;
	return DR_OK;
}

void cert_forms_free(cert_forms *f)
{
	free(f->la);
	free(f->ua);
	free(f->lc);
	memset(f, 0, sizeof *f);
}

/* The range of a . e + c, off by at most e_, over the box, and over the
 * ball where it is tighter (the box's ball part, when every r > 0). */
#define INLINE static inline __attribute__((always_inline))

static inline double min2(double a, double b)
{
	return a < b ? a : b; /* (NaN in b stays: a bound not finite is unknown) */
}

static inline double max2(double a, double b)
{
	return a > b ? a : b;
}

INLINE void extremes(const int d, const cert_geom *g, const cert_box *bx, const double *a, double c, double err,
		     double *lo, double *hi)
{
	double s = 0.0;
	for (int i = 0; i < d; i++)
		s += fabs(a[i]);
	double slack = gam(d + 3) * (fabs(c) + s + err) + TINY * (d + 3);
	double blo = c - s - err - slack, bhi = c + s + err + slack;
	if (g->ball) {
		/* e_i = (x_i - m_i) / r_i: the value at the ball's centre plus R
		 * times the gradient's length in x. */
		double v = c, q = 0.0, mag = fabs(c);
		int ok = 1;
		for (int i = 0; i < d && ok; i++) {
			if (!(bx->r[i] > 0.0)) {
				ok = 0;
				break;
			}
			double t = a[i] / bx->r[i], tc = t * (g->C[i] - bx->m[i]);
			v += tc;
			mag += fabs(tc);
			q += t * t;
		}
		if (ok) {
			double spread = g->R * sqrt(q);
			double sl = gam(2 * d + 12) * (mag + spread + err) + TINY * (2 * d + 12);
			blo = max2(blo, v - spread - err - sl);
			bhi = min2(bhi, v + spread + err + sl);
		}
	}
	*lo = blo;
	*hi = bhi;
}

void cert_bounds_input(const cert_geom *g, const cert_box *b, cert_forms *h)
{
	int d = g->d;
	memset(h->la, 0, (size_t)d * d * sizeof(double));
	memset(h->ua, 0, (size_t)d * d * sizeof(double));
	for (int i = 0; i < d; i++) {
		h->la[(size_t)i * d + i] = h->ua[(size_t)i * d + i] = b->r[i];
		h->lc[i] = h->uc[i] = b->m[i];
		h->le[i] = h->ue[i] = 0.0;
		double sl = gam(2) * (fabs(b->m[i]) + b->r[i]) + TINY;
		h->lo[i] = b->m[i] - b->r[i] - sl;
		h->hi[i] = b->m[i] + b->r[i] + sl;
	}
}

/* The loops over the d coordinates unroll where d is a constant: the
 * callers below dispatch d = 1, 2, 3 to their own copies. */
INLINE void affine(const int d, const cert_geom *g, const cert_box *bx, const double *W, const double *b, int nout,
		   int nin, const cert_forms *h, cert_forms *z)
{
	const double gm = gam(nin + 2);
	/* Per input unit: the error of its forms plus what rounding their use
	 * adds (per unit of weight), and its largest magnitude. */
	double *sl = g->scratch, *su = g->scratch + nin;
	for (int k = 0; k < nin; k++) {
		double al = 0.0, au = 0.0;
		for (int i = 0; i < d; i++) {
			al += fabs(h->la[(size_t)k * d + i]);
			au += fabs(h->ua[(size_t)k * d + i]);
		}
		sl[k] = h->le[k] + gm * (al + fabs(h->lc[k]));
		su[k] = h->ue[k] + gm * (au + fabs(h->uc[k]));
	}
	for (int j = 0; j < nout; j++) {
		const double *w = W + (size_t)j * nin;
		double *za = z->la + (size_t)j * d, *zu = z->ua + (size_t)j * d;
		memset(za, 0, (size_t)d * sizeof(double));
		memset(zu, 0, (size_t)d * sizeof(double));
		double lc = b[j], uc = b[j], le = 0.0, ue = 0.0;
		/* interval arithmetic; its rounding is bounded by the magnitudes
		 * of the terms it adds (a zero term adds no error at all) */
		double ilo = b[j], ihi = b[j], mlo = fabs(b[j]), mhi = fabs(b[j]);
		int under = 0;
		for (int k = 0; k < nin; k++) {
			double wk = w[k];
			if (wk == 0.0)
				continue;
			/* a positive weight takes the upper bound into the upper one */
			int pos = wk > 0.0;
			const double *ahi = (pos ? h->ua : h->la) + (size_t)k * d;
			const double *alo = (pos ? h->la : h->ua) + (size_t)k * d;
			for (int i = 0; i < d; i++) {
				zu[i] += wk * ahi[i];
				za[i] += wk * alo[i];
			}
			double aw = fabs(wk);
			uc += wk * (pos ? h->uc[k] : h->lc[k]);
			lc += wk * (pos ? h->lc[k] : h->uc[k]);
			ue += aw * (pos ? su[k] : sl[k]);
			le += aw * (pos ? sl[k] : su[k]);
			double fh = pos ? h->hi[k] : h->lo[k], fl = pos ? h->lo[k] : h->hi[k];
			double th = wk * fh, tl = wk * fl;
			ihi += th;
			ilo += tl;
			mhi += fabs(th);
			mlo += fabs(tl);
			/* only a product can underflow (a sum that would is exact) */
			under += (fh != 0.0 && fabs(th) < 0x1.0p-1000) + (fl != 0.0 && fabs(tl) < 0x1.0p-1000);
		}
		/* the bias's share of the constant's rounding, and the rounding
		 * of these error sums themselves */
		double tiny = TINY * (double)(nin + 2) * (d + 1);
		z->ue[j] = (ue + gm * fabs(b[j])) * (1.0 + gm) + tiny;
		z->le[j] = (le + gm * fabs(b[j])) * (1.0 + gm) + tiny;
		z->uc[j] = uc;
		z->lc[j] = lc;
		double flo, fhi, dummy;
		extremes(d, g, bx, zu, uc, z->ue[j], &dummy, &fhi);
		extremes(d, g, bx, za, lc, z->le[j], &flo, &dummy);
		z->hi[j] = min2(fhi, ihi + gm * mhi * (1.0 + gm) + TINY * under);
		z->lo[j] = max2(flo, ilo - gm * mlo * (1.0 + gm) - TINY * under);
	}
}

void cert_bounds_affine(const cert_geom *g, const cert_box *bx, const double *W, const double *b, int nout,
			int nin, const cert_forms *h, cert_forms *z)
{
	switch (g->d) {
	case 1: affine(1, g, bx, W, b, nout, nin, h, z); break;
	case 2: affine(2, g, bx, W, b, nout, nin, h, z); break;
	case 3: affine(3, g, bx, W, b, nout, nin, h, z); break;
	default: affine(g->d, g, bx, W, b, nout, nin, h, z); break;
	}
}

INLINE void relu(const int d, const cert_geom *g, const cert_box *bx, int n, const cert_forms *z, cert_forms *h)
{
	const size_t row = (size_t)d * sizeof(double);
	for (int j = 0; j < n; j++) {
		const double *za = z->la + (size_t)j * d, *zu = z->ua + (size_t)j * d;
		double *ha = h->la + (size_t)j * d, *hu = h->ua + (size_t)j * d;
		double lo = z->lo[j], hi = z->hi[j];
		if (hi <= 0.0) { /* off on the whole piece: exactly 0 */
			memset(ha, 0, row);
			memset(hu, 0, row);
			h->lc[j] = h->uc[j] = h->le[j] = h->ue[j] = h->lo[j] = h->hi[j] = 0.0;
			continue;
		}
		h->lo[j] = lo > 0.0 ? lo : 0.0;
		h->hi[j] = hi;
		if (lo >= 0.0) { /* on: the identity */
			memcpy(ha, za, row);
			memcpy(hu, zu, row);
			h->lc[j] = z->lc[j];
			h->uc[j] = z->uc[j];
			h->le[j] = z->le[j];
			h->ue[j] = z->ue[j];
			continue;
		}
		double s, ulo, uhi, llo, lhi;
		/* Over: relu(U) <= lam (U - ulo) on [ulo, uhi], lam = uhi / (uhi - ulo)
		 * rounded up (a larger lam only raises the line there). */
		extremes(d, g, bx, zu, z->uc[j], z->ue[j], &ulo, &uhi);
		if (ulo >= 0.0) {
			memcpy(hu, zu, row);
			h->uc[j] = z->uc[j];
			h->ue[j] = z->ue[j];
		} else {
			double lam = uhi / (uhi - ulo) * (1.0 + 4 * 0x1.0p-53);
			s = 0.0;
			for (int i = 0; i < d; i++) {
				hu[i] = lam * zu[i];
				s += fabs(zu[i]);
			}
			h->uc[j] = lam * (z->uc[j] - ulo);
			h->ue[j] = lam * z->ue[j] * (1.0 + gam(1)) + gam(4) * lam * (s + fabs(z->uc[j]) + fabs(ulo)) +
				   TINY * (d + 4);
		}
		/* Under: relu(z) >= relu(L - e) >= lam (L - e) for any lam in [0, 1]. */
		extremes(d, g, bx, za, z->lc[j], z->le[j], &llo, &lhi);
		if (llo >= 0.0) {
			memcpy(ha, za, row);
			h->lc[j] = z->lc[j];
			h->le[j] = z->le[j];
		} else if (lhi <= 0.0) {
			memset(ha, 0, row);
			h->lc[j] = h->le[j] = 0.0;
		} else {
			double lam = lhi / (lhi - llo);
			lam = lam < 0.0 ? 0.0 : lam > 1.0 ? 1.0 : lam;
			s = 0.0;
			for (int i = 0; i < d; i++) {
				ha[i] = lam * za[i];
				s += fabs(za[i]);
			}
			h->lc[j] = lam * z->lc[j];
			h->le[j] = lam * z->le[j] * (1.0 + gam(1)) + gam(3) * lam * (s + fabs(z->lc[j])) + TINY * (d + 3);
		}
	}
}

void cert_bounds_relu(const cert_geom *g, const cert_box *bx, int n, const cert_forms *z, cert_forms *h)
{
	switch (g->d) {
	case 1: relu(1, g, bx, n, z, h); break;
	case 2: relu(2, g, bx, n, z, h); break;
	case 3: relu(3, g, bx, n, z, h); break;
	default: relu(g->d, g, bx, n, z, h); break;
	}
}

cert_status cert_bounds_point(const double *W, const double *b, int nout, int nin, const double *h, const double *e,
			      double *zh, double *ze, int relu_on)
{
	const double gm = gam(nin + 2);
	int on = 0, unsure = 0;
	for (int j = 0; j < nout; j++) {
		const double *w = W + (size_t)j * nin;
		double s = b[j], mag = fabs(b[j]), err = 0.0;
		for (int k = 0; k < nin; k++) {
			double t = w[k] * h[k];
			s += t;
			mag += fabs(t);
			err += fabs(w[k]) * e[k];
		}
		/* the rounding of the sum and of these sums, the inputs' errors,
		 * and underflow (at most TINY a product) */
		double tot = (err + gm * mag) * (1.0 + gm) + TINY * (nin + 2);
		if (!isfinite(s) || !isfinite(tot))
			return CERT_UNKNOWN;
		if (!relu_on) { /* a linear map */
			zh[j] = s;
			ze[j] = tot;
		} else if (s > tot) { /* on: relu(s) = s, within tot of the exact value */
			on = 1;
			zh[j] = s;
			ze[j] = tot;
		} else if (s < -tot) { /* off: exactly 0 */
			zh[j] = ze[j] = 0.0;
		} else { /* either: relu is 1-Lipschitz */
			unsure = 1;
			zh[j] = s > 0.0 ? s : 0.0;
			ze[j] = tot;
		}
	}
	return on ? CERT_POS : unsure ? CERT_MIXED : CERT_ZERO;
}

cert_status cert_layer_status(const cert_forms *z, int n)
{
	int zero = 1, pos = 0;
	for (int j = 0; j < n; j++) {
		if (!isfinite(z->lo[j]) || !isfinite(z->hi[j]))
			return CERT_UNKNOWN;
		zero &= z->hi[j] <= 0.0;
		pos |= z->lo[j] > 0.0;
	}
	return zero ? CERT_ZERO : pos ? CERT_POS : CERT_MIXED;
}
