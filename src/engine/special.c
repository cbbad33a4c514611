/* special.c - special functions, log-space helpers, intervals, formatting. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

double sp_normal_cdf(double x)
{
	return 0.5 * erfc(-x / M_SQRT2);
}

double dr_normal_quantile(double p)
{
	if (!(p > 0.0))
		return -INFINITY;
	if (!(p < 1.0))
		return INFINITY;
	/* Abramowitz & Stegun 26.2.23 as a start (error < 5e-4), then Halley
	 * steps on the exact cdf. */
	double q = p < 0.5 ? p : 1.0 - p;
	double t = sqrt(-2.0 * log(q));
	double x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
		       (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
	if (p < 0.5)
		x = -x;
	for (int i = 0; i < 3; i++) {
		double e = sp_normal_cdf(x) - p;
		double u = e * sqrt(2.0 * M_PI) * exp(x * x / 2.0);
		x -= u / (1.0 + x * u / 2.0);
	}
	return x;
}

/* Continued fraction for the regularised incomplete beta (modified Lentz). */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double qab = a + b, qap = a + 1.0, qam = a - 1.0;
	double c = 1.0, d = 1.0 - qab * x / qap;
	if (fabs(d) < tiny)
		d = tiny;
	d = 1.0 / d;
	double h = d;
	for (int m = 1; m <= 10000; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1.0) < 1e-15)
			break;
	}
	return h;
}

static double beta_inc(double a, double b, double x)
{
	if (x <= 0.0)
		return 0.0;
	if (x >= 1.0)
		return 1.0;
	/* lgamma_r: lgamma writes the sign to the global signgam (not thread-safe) */
	int sign;
	double lfront = lgamma_r(a + b, &sign) - lgamma_r(a, &sign) - lgamma_r(b, &sign) + a * log(x) + b * log1p(-x);
	if (x < (a + 1.0) / (a + b + 2.0))
		return exp(lfront) * betacf(a, b, x) / a;
	return 1.0 - exp(lfront) * betacf(b, a, 1.0 - x) / b;
}

double sp_student_t_cdf(double t, double dof)
{
	double x = dof / (dof + t * t);
	double tail = 0.5 * beta_inc(dof / 2.0, 0.5, x);
	return t < 0 ? tail : 1.0 - tail;
}

double sp_log_neg_log1m_pow2(double a)
{
	if (a >= 60.0)
		return -a * M_LN2; /* -log1p(-y) = y (1 + y/2 + ...), y < 1e-18 */
	return log(-log1p(-exp2(-a)));
}

double sp_log_neg_log1m_exp(double x)
{
	if (x < -40.0)
		return x;
	return log(-log1p(-exp(x)));
}

double sp_logaddexp(double a, double b)
{
	if (a == -INFINITY)
		return b;
	if (b == -INFINITY)
		return a;
	double m = a > b ? a : b;
	return m + log1p(exp(-fabs(a - b)));
}

void dr_wilson(uint64_t s, uint64_t n, double confidence, double *lo, double *hi)
{
	dr_wilson_z(s, n, dr_normal_quantile(0.5 + confidence / 2.0), lo, hi);
}

void dr_wilson_z(uint64_t s, uint64_t n, double z, double *lo, double *hi)
{
	if (n == 0) {
		*lo = 0.0;
		*hi = 1.0;
		return;
	}
	double nn = (double)n, ph = (double)s / nn, z2 = z * z;
	double denom = 1.0 + z2 / nn;
	double centre = (ph + z2 / (2.0 * nn)) / denom;
	double half = z / denom * sqrt(ph * (1.0 - ph) / nn + z2 / (4.0 * nn * nn));
	*lo = s == 0 ? 0.0 : fmax(0.0, centre - half);
	*hi = s == n ? 1.0 : fmin(1.0, centre + half);
}

void dr_format_logprob(double logp, char *buf, size_t len)
{
	if (isnan(logp)) {
		snprintf(buf, len, "nan");
		return;
	}
	if (logp == -INFINITY) {
		snprintf(buf, len, "0");
		return;
	}
	if (logp >= log(1e-4)) {
		snprintf(buf, len, "%.4f", exp(logp));
		return;
	}
	double l10 = logp / M_LN10;
	double e = floor(l10);
	double m = pow(10.0, l10 - e);
	if (m >= 9.95) { /* rounding would print 10.0 */
		m /= 10.0;
		e += 1.0;
	}
	snprintf(buf, len, "%.1fe%.0f", m, e);
}

const char *dr_strerror(int code)
{
	switch (code) {
	case DR_OK: return "ok";
	case DR_EINVAL: return "invalid parameter";
	case DR_ENOMEM: return "out of memory";
	case DR_ELIMIT: return "run exceeds the memory cap";
	case DR_EIO: return "cannot read data file";
	case DR_ECANCELED: return "cancelled";
	}
	return "unknown error";
}

int dr_errf(char *err, size_t len, int code, const char *fmt, ...)
{
	if (err && len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return code;
}
