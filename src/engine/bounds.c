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

static int normal_weights(const dr_params *p)
{
	return p->weights == DR_W_HE_NORMAL || p->weights == DR_W_GLOROT_NORMAL ||
	       p->weights == DR_W_LECUN_NORMAL;
}

static int centre_at_origin(const dr_params *p)
{
	for (int i = 0; i < p->ncenter; i++)
		if (p->center[i] != 0.0)
			return 0;
	return 1;
}

/* The first-layer term of the upper bound, as log(-log F_1); -inf when F_1 = 1. */
static double first_factor(const dr_params *p, dr_bounds *b)
{
	int n1 = dr_params_layer_width(p, 1), d = p->input_dim;
	int zero_bias = p->bias == DR_B_ZERO;
	double best = -INFINITY;
	b->first_factor_kind = "any sign";

	int point = p->input == DR_IN_POINT || (p->radius == 0.0 && p->input != DR_IN_DATA);
	if (point) {
		/* w.c + b is symmetric and continuous: dead unit with probability 1/2,
		 * unless bias zero at the origin, where every unit is exactly 0. */
		if (zero_bias && centre_at_origin(p)) {
			b->first_factor_kind = "point";
			return INFINITY;
		}
		best = sp_log_neg_log1m_pow2(n1);
		b->first_factor_kind = "point";
	}
	if (inputs_in_orthant(p)) {
		double t = sp_log_neg_log1m_pow2((double)n1 * (zero_bias ? d : d + 1));
		if (t > best) {
			best = t;
			b->first_factor_kind = "orthant";
		}
	}
	int ball = (p->input == DR_IN_BALL || p->input == DR_IN_SPHERE) && p->radius > 0;
	if (ball && centre_at_origin(p) && !zero_bias) {
		if (normal_weights(p) && p->bias == DR_B_NORMAL) {
			/* P(w.c + b + r|w| <= 0) = F_t(d; -r s_w sqrt(d) / s_b) */
			double sw = init_weight_sd(p, d, n1);
			double q = sp_student_t_cdf(-p->radius * sw * sqrt((double)d) / p->bias_scale, d);
			double t = q > 0 ? sp_log_neg_log1m_exp(n1 * log(q)) : -INFINITY;
			if (t > best) {
				best = t;
				b->first_factor_kind = "ball";
			}
		} else if (best == -INFINITY && b->applies) {
			note(b, "the ball factor of the upper bound needs normal weights and bias; using F_1 = 1");
		}
	} else if (ball && !centre_at_origin(p) && best == -INFINITY && b->applies) {
		note(b, "ball off the origin: first-layer factor F_1 = 1 (not computed)");
	}
	if (p->input == DR_IN_DATA)
		note(b, "input data: the orthant factor is not checked; F_1 = 1");
	return best;
}

static void check_assumptions(const dr_params *p, dr_bounds *b)
{
	b->applies = 1;
	if (p->weights == DR_W_RAI) {
		b->applies = 0;
		note(b, "weights rai are asymmetric: the bounds do not apply");
	}
	if (p->weights == DR_W_MIRRORED) {
		b->applies = 0;
		note(b, "weights mirrored pair the units (u, -u): not independent, the bounds do not apply");
	}
	if (p->bias == DR_B_CONSTANT) {
		b->applies = 0;
		note(b, "bias %g is a constant, not symmetric about 0: the bounds do not apply", p->bias_value);
	}
	if (p->signflip) {
		b->applies = 0;
		note(b, "sign flipping is data-dependent: the bounds do not apply; living ratio >= 2^-k holds instead");
	}
	switch (p->arch) {
	case DR_ARCH_PLAIN:
		break;
	case DR_ARCH_BATCHNORM:
		b->applies = 0;
		note(b, "batchnorm: bounds are for the plain net; the mean living fraction still equals the lower bound, and under the layer criterion P(alive) = 1 for >= 2 points");
		break;
	case DR_ARCH_RESIDUAL:
		b->applies = 0;
		note(b, "residual: the identity path carries the input; never dead (P(alive) = 1)");
		break;
	case DR_ARCH_RESIDUAL_POST:
		b->applies = 0;
		note(b, "residual-post: can die, far less often than plain; the plain bounds do not apply");
		break;
	case DR_ARCH_DENSE:
		b->applies = 0;
		note(b, "dense: death does not compound with depth; one point: P(alive) = 1 - 2^-n_k");
		break;
	case DR_ARCH_SKIP:
		b->applies = 0;
		note(b, "skip: effective depth is the shortest path (1 layer); one point: P(alive) = 1 - 2^-n_1");
		break;
	}
	if (p->bias == DR_B_ZERO && (p->input == DR_IN_POINT || p->radius == 0.0) && centre_at_origin(p) &&
	    p->input != DR_IN_DATA) {
		b->applies = 0;
		note(b, "zero bias and the input is the origin: every pre-activation is 0, the point is dead");
	}
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
	long long listed = p->nwidths < k ? p->nwidths : k;
	int zero_bias = p->bias == DR_B_ZERO;
	double lower = -INFINITY, upper = -INFINITY;

	/* Layers with their own width, then the repeated (last) width. */
	for (long long l = 1; l <= listed; l++)
		lower = add_pow2_layers(lower, 1, dr_params_layer_width(p, l));
	lower = add_pow2_layers(lower, (double)(k - listed), dr_params_layer_width(p, k));

	/* Layer l >= 2 dies on the whole orthant with probability 2^-(n_l (n_{l-1} + 1)).
	 * Past the listed widths (and the one after) the term is constant. */
	long long explicit_end = p->nwidths + 1 < k ? p->nwidths + 1 : k;
	for (long long l = 2; l <= explicit_end; l++) {
		double n = dr_params_layer_width(p, l), prev = dr_params_layer_width(p, l - 1);
		upper = add_pow2_layers(upper, 1, n * (zero_bias ? prev : prev + 1));
	}
	if (k > explicit_end) {
		double n = dr_params_layer_width(p, k);
		upper = add_pow2_layers(upper, (double)(k - explicit_end), n * (zero_bias ? n : n + 1));
	}
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
