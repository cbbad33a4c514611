/* bounds.c - the lower and upper bounds of THEORY.md section 3, in log space.
 *
 * A bound is a product of per-layer factors 1 - q_l. Its log is
 * S = sum log1p(-q_l) < 0, and we keep log(-S), which stays finite when
 * q_l underflows (width 4096) and when the sum is huge (depth 1e9). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

static void note(dr_bounds *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(dr_bounds *b, const char *fmt, ...)
{
	if (b->nnotes == DR_MAX_NOTES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->notes[b->nnotes++], DR_NOTE_LEN, fmt, ap);
	va_end(ap);
}

/* log(-S) accumulated over layers: adds `count` layers whose factor is 1 - 2^-a. */
static double add_pow2_layers(double acc, double count, double a)
{
	if (count <= 0)
		return acc;
	return sp_logaddexp(acc, log(count) + sp_log_neg_log1m_pow2(a));
}

/* From log(-S) to (log P, log(1 - P)). */
static void finish(double lneg, double *logp, double *logq)
{
	if (lneg == -INFINITY) {
		*logp = 0.0;
		*logq = -INFINITY;
		return;
	}
	double s = -exp(lneg);
	*logp = s;
	*logq = lneg < -40.0 ? lneg : log(-expm1(s));
}

double dr_log_lower_const(double width, double depth)
{
	return -exp(log(depth) + sp_log_neg_log1m_pow2(width));
}

static int centre_at_origin(const dr_params *p)
{
	for (int i = 0; i < p->ncenter; i++)
		if (p->center[i] != 0.0)
			return 0;
	return 1;
}

/* P(w.c + b + r|w| <= 0) for w ~ N(0, sw^2 I_d), b ~ N(0, sb^2): a unit of the
 * first layer dead on the whole ball. At the origin it is a Student-t value;
 * elsewhere, with m = |c|, w.c = m u and |w|^2 = u^2 + V where u ~ N(0, sw^2)
 * and V ~ sw^2 chi^2_(d-1) are independent, so
 *   p = E[ Phi(-(m u + r sqrt(u^2 + V)) / sb) ],
 * a two-dimensional integral done by Simpson's rule over the normal z = u / sw
 * (split at z = 0, where |w| has a kink when d <= 2) and the chi variable
 * t = sqrt(V) / sw, each weight set normalised to 1. */
static double simpson(int i, int n) /* weight of node i of n (n odd), without h/3 */
{
	return i == 0 || i == n - 1 ? 1.0 : i % 2 ? 4.0 : 2.0;
}

static double ball_dead_prob(double m, double r, double sw, double sb, int d)
{
	if (m == 0.0)
		return sp_student_t_cdf(-r * sw * sqrt((double)d) / sb, d);
	enum { NZ = 401, NT = 201 };
	static const double zmax = 9.0;
	double hz = 2 * zmax / (NZ - 1), wz[NZ], zs[NZ], zsum = 0;
	for (int i = 0; i < NZ; i++) {
		zs[i] = -zmax + i * hz;
		wz[i] = exp(-zs[i] * zs[i] / 2) * simpson(i < NZ / 2 ? i : i - NZ / 2, NZ / 2 + 1);
		if (i == NZ / 2)
			wz[i] *= 2; /* z = 0 ends one Simpson half and starts the other */
		zsum += wz[i];
	}
	int k = d - 1;
	double ts[NT], wt[NT], tsum = 0;
	int nt = 1;
	ts[0] = 0;
	wt[0] = 1;
	if (k > 0) {
		/* chi_k density ~ t^(k-1) exp(-t^2/2), peaked near sqrt(k - 1); its mass
		 * lies within about 10 of the peak. */
		double mode = k > 1 ? sqrt(k - 1.0) : 0.0;
		double lo = fmax(0.0, mode - 10.0), hi = mode + 10.0, ht = (hi - lo) / (NT - 1);
		double lmax = -INFINITY, lw[NT];
		for (int j = 0; j < NT; j++) {
			ts[j] = lo + j * ht;
			lw[j] = ts[j] > 0 ? (k - 1) * log(ts[j]) - ts[j] * ts[j] / 2 : (k == 1 ? 0.0 : -INFINITY);
			lmax = fmax(lmax, lw[j]);
		}
		for (int j = 0; j < NT; j++) {
			wt[j] = exp(lw[j] - lmax) * simpson(j, NT);
			tsum += wt[j];
		}
		nt = NT;
	} else {
		tsum = 1;
	}
	double sum = 0;
	for (int j = 0; j < nt; j++) {
		if (wt[j] == 0)
			continue;
		double inner = 0, t2 = ts[j] * ts[j];
		for (int i = 0; i < NZ; i++) {
			double z = zs[i];
			inner += wz[i] * sp_normal_cdf(-sw * (m * z + r * sqrt(z * z + t2)) / sb);
		}
		sum += wt[j] * inner;
	}
	return sum / (zsum * tsum);
}

static double centre_norm(const dr_params *p)
{
	if (p->ncenter == 0)
		return 0.0;
	if (p->ncenter == 1)
		return fabs(p->center[0]) * sqrt((double)p->input_dim);
	double s = 0;
	for (int i = 0; i < p->ncenter; i++)
		s += p->center[i] * p->center[i];
	return sqrt(s);
}

/* The first-layer term of the upper bound, as log(-log F_1); -inf when F_1 = 1. */
static double first_factor(const dr_params *p, dr_bounds *b)
{
	int n1 = dr_params_layer_width(p, 1), d = p->input_dim;
	const input_set *in = input_of(p);
	int zero_bias = bias_of(p)->zero;
	double best = -INFINITY;
	b->first_factor_kind = "any sign";

	if (inputs_is_point(p)) {
		/* w.c + b is symmetric and continuous: dead unit with probability 1/2,
		 * unless bias zero at the origin, where every unit is exactly 0. */
		if (zero_bias && centre_at_origin(p)) {
			b->first_factor_kind = "point";
			return INFINITY;
		}
		best = sp_log_neg_log1m_pow2(n1);
		b->first_factor_kind = "point";
	}
	if (weights_of(p)->dependent_rows) { /* the orthant and ball factors count independent units */
		if (best == -INFINITY)
			b->first_factor_kind = "none (units not independent)";
		return best;
	}
	if (inputs_in_orthant(p)) {
		double t = sp_log_neg_log1m_pow2((double)n1 * (zero_bias ? d : d + 1));
		if (t > best) {
			best = t;
			b->first_factor_kind = "orthant";
		}
	}
	int ball = in->in_ball && p->radius > 0 && isfinite(p->radius);
	if (ball && !(zero_bias && centre_at_origin(p))) {
		if (weights_of(p)->iid_normal && bias_of(p)->normal) {
			double sw = init_weight_sd(p, d, n1);
			double q = ball_dead_prob(centre_norm(p), p->radius, sw, p->bias_scale, d);
			double t = q > 0 ? sp_log_neg_log1m_exp(n1 * log(q)) : -INFINITY;
			if (t > best) {
				best = t;
				b->first_factor_kind = "ball";
			}
		} else if (best == -INFINITY && b->applies) {
			note(b, "the ball factor of the upper bound needs normal weights and bias; using F_1 = 1");
		}
	}
	if (in->any_sign_note && best == -INFINITY && b->applies) /* F_1 = 1: the set has either sign */
		note(b, "%s", in->any_sign_note);
	if (isinf(p->radius))
		note(b, "radius inf: the set is the %s; the sampled points are drawn from %s",
		     p->input == DR_IN_ORTHANT ? "half-line [0, inf)" : "whole line",
		     p->input == DR_IN_ORTHANT ? "|N(0, 1)|" : "N(centre, 1)");
	return best;
}

/* A preset's own bias, in words. */
static void own_bias_text(const init_weights *w, char *buf, size_t len)
{
	if (w->bias == DR_B_CONSTANT)
		snprintf(buf, len, "every bias %g", w->bias_value);
	else if (w->bias == DR_B_FAN_IN)
		snprintf(buf, len, "uniform on +-1/sqrt(fan_in), per layer");
	else
		snprintf(buf, len, "%s", dr_param_find("bias")->values[w->bias]);
}

/* What the bias parameters do with these weights, said where it is not
 * what they say alone: a preset's own bias, one set over it, a scale not
 * used, biases the weights draw themselves. */
static void bias_notes(const dr_params *p, dr_bounds *b)
{
	const init_weights *w = weights_of(p);
	const char *wname = dr_param_find("weights")->values[p->weights];
	char bname[32], own[64];
	dr_param_get(p, "bias", bname, sizeof bname);
	if (w->own_biases) {
		note(b, "weights %s draw their own biases: bias %s is not used", wname, bname);
		return;
	}
	if (w->bias != DR_B_AUTO) {
		own_bias_text(w, own, sizeof own);
		if (p->bias == DR_B_AUTO)
			note(b, "bias auto: the own bias of weights %s, %s", wname, own);
		else
			note(b, "bias %s replaces the own bias of weights %s (%s)", bname, wname, own);
	}
	dr_bias k = bias_kind(p);
	if (k != DR_B_NORMAL && k != DR_B_UNIFORM && p->bias_scale != 1.0)
		note(b, "bias_scale %g is not used: it scales the normal and uniform biases only", p->bias_scale);
}

static void check_assumptions(const dr_params *p, dr_bounds *b)
{
	b->applies = 1;
	const init_weights *w = weights_of(p);
	const init_bias *bias = bias_of(p);
	const arch_desc *a = arch_of(p);
	if (w->breaks) {
		b->applies = 0;
		note(b, "%s", w->breaks);
	}
	if (w->dependent_rows)
		note(b, "weights %s: units not independent; the lower bound holds (a sign flip leaves a layer's "
			"law unchanged), the upper bound is only 1",
		     dr_param_find("weights")->values[p->weights]);
	if (bias->breaks) {
		b->applies = 0;
		if (b->nnotes < DR_MAX_NOTES)
			bias->breaks(p, b->notes[b->nnotes++], DR_NOTE_LEN);
	}
	if (p->signflip) {
		b->applies = 0;
		note(b, "sign flipping is data-dependent: the bounds do not apply; living ratio >= 2^-k holds instead");
	}
	if (!a->bounds_apply)
		b->applies = 0;
	if (a->note)
		note(b, "%s", a->note);
	if (bias->zero && inputs_is_point(p) && centre_at_origin(p)) {
		b->applies = 0;
		note(b, "zero bias and the input is the origin: every pre-activation is 0, the point is dead");
	}
	bias_notes(p, b); /* after why the bounds fail, which is said first */
}

/* log(-log) of the lower bound and of the upper bound without its first
 * factor, for depth k (THEORY.md section 3). */
static void layer_sums(const dr_params *p, long long k, double *lower_out, double *upper_out)
{
	long long listed = p->nwidths < k ? p->nwidths : k;
	int zero_bias = bias_of(p)->zero;
	double lower = -INFINITY, upper = -INFINITY;

	/* Layers with their own width, then the repeated (last) width. */
	for (long long l = 1; l <= listed; l++)
		lower = add_pow2_layers(lower, 1, dr_params_layer_width(p, l));
	lower = add_pow2_layers(lower, (double)(k - listed), dr_params_layer_width(p, k));

	/* Layer l >= 2 dies on the whole orthant with probability 2^-(n_l (n_{l-1} + 1)).
	 * Past the listed widths (and the one after) the term is constant. */
	long long explicit_end = p->nwidths + 1 < k ? p->nwidths + 1 : k;
	if (weights_of(p)->dependent_rows) /* no upper bound past the first layer's (see check_assumptions) */
		explicit_end = 1;
	for (long long l = 2; l <= explicit_end; l++) {
		double n = dr_params_layer_width(p, l), prev = dr_params_layer_width(p, l - 1);
		upper = add_pow2_layers(upper, 1, n * (zero_bias ? prev : prev + 1));
	}
	if (k > explicit_end && !weights_of(p)->dependent_rows) {
		double n = dr_params_layer_width(p, k);
		upper = add_pow2_layers(upper, (double)(k - explicit_end), n * (zero_bias ? n : n + 1));
	}
	*lower_out = lower;
	*upper_out = upper;
}

int dr_bounds_compute(const dr_params *p, dr_bounds *b, char *err, size_t errlen)
{
	memset(b, 0, sizeof *b);
	if (p->depth < 1 || p->depth > DR_MAX_BOUND_DEPTH)
		return dr_errf(err, errlen, DR_EINVAL, "depth: bad value '%lld' (allowed: 1..%lld)",
			       p->depth, DR_MAX_BOUND_DEPTH);
	int rc = dr_params_check(p, err, errlen);
	if (rc != DR_OK)
		return rc;
	check_assumptions(p, b);

	long long k = p->depth;
	double lower, upper;
	layer_sums(p, k, &lower, &upper);
	double f1 = first_factor(p, b);
	if (f1 == INFINITY) {
		b->log_upper = b->log_lower = -INFINITY;
		b->log_dead_lower = b->log_dead_upper = 0.0;
	} else {
		upper = sp_logaddexp(upper, f1);
		finish(lower, &b->log_lower, &b->log_dead_upper);
		finish(upper, &b->log_upper, &b->log_dead_lower);
	}
	b->first_factor = f1 == -INFINITY ? 1.0 : f1 == INFINITY ? 0.0 : exp(-exp(f1));
	b->lower = exp(b->log_lower);
	b->upper = exp(b->log_upper);
	if (k > DR_MAX_DEPTH)
		note(b, "depth %lld: bounds only; simulation goes up to depth %d", k, DR_MAX_DEPTH);
	return DR_OK;
}

int dr_bounds_curve(const dr_params *p, const long long *depths, int n, double *lower, double *upper,
		    char *err, size_t errlen)
{
	dr_bounds b;
	int rc = dr_bounds_compute(p, &b, err, errlen); /* validates, and the first factor once */
	if (rc != DR_OK)
		return rc;
	double f1 = b.first_factor > 0 ? log(-log(b.first_factor)) : INFINITY;
	if (b.first_factor == 1.0)
		f1 = -INFINITY;
	for (int i = 0; i < n; i++) {
		long long k = depths[i];
		if (k < 1 || k > DR_MAX_BOUND_DEPTH)
			return dr_errf(err, errlen, DR_EINVAL, "depth: bad value '%lld' (allowed: 1..%lld)", k,
				       DR_MAX_BOUND_DEPTH);
		double lo, up, dummy;
		layer_sums(p, k, &lo, &up);
		if (f1 == INFINITY) {
			lower[i] = upper[i] = 0.0;
			continue;
		}
		finish(lo, &lo, &dummy);
		finish(sp_logaddexp(up, f1), &up, &dummy);
		lower[i] = exp(lo);
		upper[i] = exp(up);
	}
	return DR_OK;
}

static int check_prob(double prob, char *err, size_t errlen)
{
	if (!(prob > 0.0 && prob < 1.0))
		return dr_errf(err, errlen, DR_EINVAL, "p: bad value '%g' (allowed: 0 < p < 1)", prob);
	return DR_OK;
}

int dr_min_width(long long depth, double prob, long long *width, char *err, size_t errlen)
{
	if (depth < 1 || depth > DR_MAX_BOUND_DEPTH)
		return dr_errf(err, errlen, DR_EINVAL, "depth: bad value '%lld' (allowed: 1..%lld)",
			       depth, DR_MAX_BOUND_DEPTH);
	if (check_prob(prob, err, errlen) != DR_OK)
		return DR_EINVAL;
	double lp = log(prob);
	double n = ceil(-log2(-expm1(lp / (double)depth)));
	if (n < 1)
		n = 1;
	/* The closed form can be off by one in floating point: settle it on the bound itself. */
	while (dr_log_lower_const(n, (double)depth) < lp)
		n++;
	while (n > 1 && dr_log_lower_const(n - 1, (double)depth) >= lp)
		n--;
	*width = (long long)n;
	return DR_OK;
}

int dr_max_depth(long long width, double prob, long long *depth, char *err, size_t errlen)
{
	if (width < 1)
		return dr_errf(err, errlen, DR_EINVAL, "width: bad value '%lld' (allowed: >= 1)", width);
	if (check_prob(prob, err, errlen) != DR_OK)
		return DR_EINVAL;
	double lp = log(prob);
	/* k = floor(log p / log1p(-2^-n)), computed through logs so n > 1074 works. */
	double logk = log(-lp) - sp_log_neg_log1m_pow2((double)width);
	if (logk >= log(0x1p63)) {
		*depth = INT64_MAX;
		return DR_OK;
	}
	double k = floor(exp(logk));
	if (k >= 0x1p63) {
		*depth = INT64_MAX;
		return DR_OK;
	}
	if (k > 0x1p52) { /* past integer resolution: the closed form is as good as it gets */
		*depth = (long long)k;
		return DR_OK;
	}
	while (k > 0 && dr_log_lower_const((double)width, k) < lp)
		k--;
	while (dr_log_lower_const((double)width, k + 1) >= lp)
		k++;
	*depth = (long long)k;
	return DR_OK;
}
