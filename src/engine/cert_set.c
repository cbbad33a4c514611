/* cert_set.c - the input sets certify bracket covers with boxes (ball,
 * sphere, box, orthant): the box around the set, whether a box can miss
 * it, and a point of the set near a box, each decided with room for the
 * rounding of the distances. */
#include <math.h>
#include <string.h>
#include "certify.h"

/* Upper and lower bounds on the squared distance from the centre to the
 * nearest and farthest points of the box. The gap t - r can be far smaller
 * than t, so its rounding is bounded by t + r, not by the gap. */
static void box_distances(const cert_set *c, const double *m, const double *r, double *near_hi, double *near_lo,
			  double *far_lo, double *far_hi)
{
	const double u2 = 0x1.0p-51; /* 4 units of rounding */
	double nl = 0.0, nh = 0.0, f2 = 0.0;
	int d = c->d;
	for (int i = 0; i < d; i++) {
		double t = fabs(c->C[i] - m[i]), gap = t - r[i], slack = u2 * (t + r[i]);
		double lo = gap - slack > 0.0 ? gap - slack : 0.0, hi = gap + slack > 0.0 ? gap + slack : 0.0;
		double ff = t + r[i];
		nl += lo * lo;
		nh += hi * hi;
		f2 += ff * ff;
	}
	double e = 1.0 + 4.0 * (d + 4) * 0x1.0p-53;
	*near_hi = nh * e + 0x1.0p-1060;
	*near_lo = nl / e;
	*far_lo = f2 / e / e;
	*far_hi = f2 * e * e + 0x1.0p-1060;
}

int cert_set_misses(const cert_set *c, const double *m, const double *r)
{
	if (c->shape != DR_IN_BALL && c->shape != DR_IN_SPHERE)
		return 0;
	double nh, nl, fl, fh, R2lo = c->R * c->R / (1.0 + 0x1.0p-50), R2hi = c->R * c->R * (1.0 + 0x1.0p-50);
	box_distances(c, m, r, &nh, &nl, &fl, &fh);
	if (nl > R2hi)
		return 1;
	return c->shape == DR_IN_SPHERE && fh < R2lo;
}

int cert_set_holds(const cert_set *c, const double *m, const double *r)
{
	if (c->shape != DR_IN_BALL)
		return c->shape == DR_IN_BOX || c->shape == DR_IN_ORTHANT;
	double nh, nl, fl, fh;
	box_distances(c, m, r, &nh, &nl, &fl, &fh);
	return fh < c->R * c->R / (1.0 + 0x1.0p-50);
}

int cert_set_witness(const cert_set *c, const double *m, double *wm, double *wr)
{
	int d = c->d;
	memcpy(wm, m, (size_t)d * sizeof(double));
	memset(wr, 0, (size_t)d * sizeof(double));
	if (c->shape != DR_IN_BALL && c->shape != DR_IN_SPHERE)
		return 1;
	double nh, nl, fl, fh, R2 = c->R * c->R;
	box_distances(c, wm, wr, &nh, &nl, &fl, &fh);
	if (c->shape == DR_IN_BALL && nh < R2 * (1.0 - 0x1.0p-40))
		return 1;
	/* along the ray from the centre: to the sphere, or just inside the ball */
	double len = sqrt(nl);
	if (!(len > 0.0)) {
		wm[0] += 1.0; /* the centre itself: any direction */
		len = 1.0;
		for (int i = 1; i < d; i++)
			wm[i] = c->C[i];
	}
	double s = c->R / len * (c->shape == DR_IN_BALL ? 1.0 - 0x1.0p-30 : 1.0);
	for (int i = 0; i < d; i++)
		wm[i] = c->C[i] + s * (wm[i] - c->C[i]);
	if (c->shape == DR_IN_SPHERE)
		for (int i = 0; i < d; i++)
			wr[i] = 0x1.0p-30 * (fabs(wm[i]) + c->R);
	box_distances(c, wm, wr, &nh, &nl, &fl, &fh);
	if (c->shape == DR_IN_BALL)
		return nh < R2 * (1.0 - 0x1.0p-45);
	return nh < R2 * (1.0 - 0x1.0p-45) && fl > R2 * (1.0 + 0x1.0p-45);
}

void cert_set_root(const cert_set *c, double *m, double *r)
{
	for (int i = 0; i < c->d; i++) {
		if (c->shape == DR_IN_ORTHANT) {
			m[i] = c->R / 2.0;
			r[i] = c->R / 2.0;
		} else {
			m[i] = c->C[i];
			r[i] = c->R;
		}
	}
}
