/* weights.c - the initialisations: one descriptor per weight scheme and per
 * bias scheme (its spread, how it draws a layer, and what the bounds may
 * assume about it), and drawing one layer's weights and biases. */
#include <math.h>
#include <stdio.h>
#include "internal.h"

static double sd_he(int fan_in, int fan_out)
{
	(void)fan_out;
	return sqrt(2.0 / fan_in);
}

static double sd_glorot(int fan_in, int fan_out)
{
	return sqrt(2.0 / (fan_in + fan_out));
}

static double sd_lecun(int fan_in, int fan_out)
{
	(void)fan_out;
	return sqrt(1.0 / fan_in);
}

static double sd_rai(int fan_in, int fan_out)
{
	(void)fan_out;
	return 0.6007 / sqrt((double)fan_in);
}

double init_weight_sd(const dr_params *p, int fan_in, int fan_out)
{
	return weights_of(p)->sd(fan_in, fan_out);
}

/* ---- biases: each fills n of them (a loop per scheme, the draw inlined) ---- */

static void bias_zero(const dr_params *p, dr_rng *r, int n, double *b)
{
	(void)p;
	(void)r;
	for (int j = 0; j < n; j++)
		b[j] = 0.0;
}

static void bias_normal(const dr_params *p, dr_rng *r, int n, double *b)
{
	double s = p->bias_scale;
	for (int j = 0; j < n; j++)
		b[j] = s * rng_normal(r);
}

static void bias_uniform(const dr_params *p, dr_rng *r, int n, double *b)
{
	for (int j = 0; j < n; j++)
		b[j] = p->bias_scale * (2.0 * rng_uniform(r) - 1.0);
}

static void bias_constant(const dr_params *p, dr_rng *r, int n, double *b)
{
	(void)r;
	for (int j = 0; j < n; j++)
		b[j] = p->bias_value;
}

static void constant_breaks(const dr_params *p, char *buf, size_t len)
{
	snprintf(buf, len, "bias %g is a constant, not symmetric about 0: the bounds do not apply", p->bias_value);
}

static const init_bias biases[] = {
	[DR_B_ZERO] = {.fill = bias_zero, .zero = 1, .symmetric = 1},
	[DR_B_NORMAL] = {.fill = bias_normal, .symmetric = 1, .normal = 1},
	[DR_B_UNIFORM] = {.fill = bias_uniform, .symmetric = 1},
	[DR_B_CONSTANT] = {.fill = bias_constant, .breaks = constant_breaks},
};
_Static_assert(sizeof biases / sizeof biases[0] == DR_B_COUNT, "a bias without a descriptor");

const init_bias *bias_of(const dr_params *p)
{
	return &biases[p->bias];
}

/* ---- weights ---- */

/* Independent weights, row after row, then the biases. */
static int draw_normal(const dr_params *p, dr_rng *r, int rows, int cols, double sd, double *W, double *b,
		       const atomic_int *cancel)
{
	for (int j = 0; j < rows; j++) {
		double *w = W + (size_t)j * cols;
		if (stop_asked(cancel))
			return DR_ECANCELED;
		/* The same normals scaled: he and lecun differ by a constant
		 * factor, which zero-bias invariants rely on. */
		for (int i = 0; i < cols; i++)
			w[i] = rng_normal(r) * sd;
	}
	bias_of(p)->fill(p, r, rows, b);
	return DR_OK;
}

static int draw_uniform(const dr_params *p, dr_rng *r, int rows, int cols, double sd, double *W, double *b,
			const atomic_int *cancel)
{
	double a = sd * sqrt(3.0); /* U(-a, a) has standard deviation sd */
	for (int j = 0; j < rows; j++) {
		double *w = W + (size_t)j * cols;
		if (stop_asked(cancel))
			return DR_ECANCELED;
		for (int i = 0; i < cols; i++)
			w[i] = a * (2.0 * rng_uniform(r) - 1.0);
	}
	bias_of(p)->fill(p, r, rows, b);
	return DR_OK;
}

/* Randomized asymmetric initialisation: weights and bias N(0, sd^2), then one
 * slot among the cols + 1 replaced by a Beta(2, 1) draw (sqrt of a uniform). */
static int draw_rai(const dr_params *p, dr_rng *r, int rows, int cols, double sd, double *W, double *b,
		    const atomic_int *cancel)
{
	(void)p;
	for (int j = 0; j < rows; j++) {
		if (stop_asked(cancel))
			return DR_ECANCELED;
		double *w = W + (size_t)j * cols;
		for (int i = 0; i < cols; i++)
			w[i] = sd * rng_normal(r);
		b[j] = sd * rng_normal(r);
		int slot = (int)(rng_uniform(r) * (cols + 1));
		double beta = sqrt(rng_uniform(r));
		if (slot == cols)
			b[j] = beta;
		else
			w[slot] = beta;
	}
	return DR_OK;
}

/* Looks-linear: rows (and biases) in pairs u, -u; an odd last row is free.
 * A bias that is not symmetric (a constant) is kept, not negated. */
static int draw_mirrored(const dr_params *p, dr_rng *r, int rows, int cols, double sd, double *W, double *b,
			 const atomic_int *cancel)
{
	const init_bias *bias = bias_of(p);
	for (int j = 0; j < rows; j += 2) {
		if (stop_asked(cancel))
			return DR_ECANCELED;
		double *u = W + (size_t)j * cols;
		for (int i = 0; i < cols; i++)
			u[i] = sd * rng_normal(r);
		bias->fill(p, r, 1, &b[j]);
		if (j + 1 < rows) {
			for (int i = 0; i < cols; i++)
				u[cols + i] = -u[i];
			b[j + 1] = bias->symmetric ? -b[j] : b[j];
		}
	}
	return DR_OK;
}

static const init_weights weights[] = {
	[DR_W_HE_NORMAL] = {.sd = sd_he, .draw = draw_normal, .iid_normal = 1},
	[DR_W_HE_UNIFORM] = {.sd = sd_he, .draw = draw_uniform},
	[DR_W_GLOROT_NORMAL] = {.sd = sd_glorot, .draw = draw_normal, .iid_normal = 1},
	[DR_W_GLOROT_UNIFORM] = {.sd = sd_glorot, .draw = draw_uniform},
	[DR_W_LECUN_NORMAL] = {.sd = sd_lecun, .draw = draw_normal, .iid_normal = 1},
	[DR_W_LECUN_UNIFORM] = {.sd = sd_lecun, .draw = draw_uniform},
	[DR_W_RAI] = {.sd = sd_rai, .draw = draw_rai, .breaks = "weights rai are asymmetric: the bounds do not apply"},
	[DR_W_MIRRORED] = {.sd = sd_he, .draw = draw_mirrored,
			   .breaks = "weights mirrored pair the units (u, -u): not independent, the bounds do not apply"},
};
_Static_assert(sizeof weights / sizeof weights[0] == DR_W_COUNT, "a weight scheme without a descriptor");

const init_weights *weights_of(const dr_params *p)
{
	return &weights[p->weights];
}

int init_layer(const dr_params *p, dr_rng *r, int rows, int cols, double *W, double *b, const atomic_int *cancel)
{
	const init_weights *w = weights_of(p);
	return w->draw(p, r, rows, cols, w->sd(cols, rows), W, b, cancel);
}

/* How many of the rows z_j that init_layer_one_column would draw with a
 * normal bias are positive, with the same draws: z_j = sd g_j with sd > 0
 * (sd >= bias_scale 2^-scale, and the activations are rescaled, so sd g_j
 * never underflows), so z_j > 0 exactly when g_j > 0, whatever |v|. */
int init_one_column_positive(dr_rng *r, int rows)
{
	int pos = 0;
	for (int j = 0; j < rows; j++)
		pos += rng_normal(r) > 0.0;
	return pos;
}

/* z = W v + b for a single column v, without drawing W. Exact in
 * distribution: with the entries of W independent N(0, s^2) and v fixed,
 * (W v)_j = sum_i W_ji v_i is a sum of independent normals, so it is
 * N(0, s^2 |v|^2), and the rows of W being independent, W v ~
 * N(0, s^2 |v|^2 I). v is made from earlier layers only, independent of this
 * layer's W and b, so this is also the law of z given everything before it,
 * and the whole sequence of layers has the law of the direct draw. A bias
 * N(0, sigma^2) adds independently: z ~ N(0, (s^2 |v|^2 + sigma^2) I), one
 * normal per unit instead of cols + 1. sw is the weights' standard deviation
 * (init_weight_sd, left to the caller to keep). Any other bias is drawn as
 * init_layer draws it and added. The bias is scaled by 2^-scale like the
 * activations (layer_rescale). */
void init_layer_one_column(const dr_params *p, dr_rng *r, int rows, double sw, double norm2, int scale, double *z)
{
	const init_bias *bias = bias_of(p);
	double s = sw * sqrt(norm2);
	if (bias->normal) {
		/* no overflow: the activations are kept below 2^260 (layer_rescale) */
		double sb = ldexp(p->bias_scale, -scale), sd = sqrt(sw * sw * norm2 + sb * sb);
		for (int j = 0; j < rows; j++)
			z[j] = sd * rng_normal(r);
		return;
	}
	double b[64];
	for (int j = 0; j < rows; j++)
		z[j] = s * rng_normal(r);
	for (int j0 = 0; j0 < rows; j0 += 64) {
		int n = rows - j0 < 64 ? rows - j0 : 64;
		bias->fill(p, r, n, b);
		for (int j = 0; j < n; j++)
			z[j0 + j] += ldexp(b[j], -scale);
	}
}
