/* weights.c - the initialisations: one descriptor per weight scheme and per
 * bias scheme (its spread, how it draws a layer, and what the bounds may
 * assume about it), and drawing one layer's weights and biases. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "internal.h"

static double sd_he(const dr_params *p, int fan_in, int fan_out)
{
	(void)p;
	(void)fan_out;
	return sqrt(2.0 / fan_in);
}

static double sd_he_fan_out(const dr_params *p, int fan_in, int fan_out)
{
	(void)p;
	(void)fan_in;
	return sqrt(2.0 / fan_out);
}

static double sd_glorot(const dr_params *p, int fan_in, int fan_out)
{
	(void)p;
	return sqrt(2.0 / (fan_in + fan_out));
}

static double sd_lecun(const dr_params *p, int fan_in, int fan_out)
{
	(void)p;
	(void)fan_out;
	return sqrt(1.0 / fan_in);
}

static double sd_rai(const dr_params *p, int fan_in, int fan_out)
{
	(void)p;
	(void)fan_out;
	return 0.6007 / sqrt((double)fan_in);
}

/* kaiming_uniform with a = sqrt(5), nn.Linear's: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) */
static double sd_torch(const dr_params *p, int fan_in, int fan_out)
{
	(void)p;
	(void)fan_out;
	return sqrt(1.0 / (3.0 * fan_in));
}

/* Flax's lecun_normal: variance_scaling(1, fan_in, truncated_normal), the
 * normal before truncation at 2 sd widened so that the result's variance
 * is 1/fan_in (0.8796... is the sd of N(0, 1) truncated to [-2, 2]). */
static double sd_flax(const dr_params *p, int fan_in, int fan_out)
{
	(void)p;
	(void)fan_out;
	return sqrt(1.0 / fan_in) / 0.87962566103423978;
}

/* normal and truncated-normal: the sd; orthogonal: the gain */
static double sd_fixed(const dr_params *p, int fan_in, int fan_out)
{
	(void)fan_in;
	(void)fan_out;
	return p->w_scale;
}

/* U(-a, a) has sd a / sqrt(3): the half-width is w_scale */
static double sd_fixed_uniform(const dr_params *p, int fan_in, int fan_out)
{
	(void)fan_in;
	(void)fan_out;
	return p->w_scale / sqrt(3.0);
}

/* TensorFlow Playground: U(-0.5, 0.5) */
static double sd_playground(const dr_params *p, int fan_in, int fan_out)
{
	(void)p;
	(void)fan_in;
	(void)fan_out;
	return 0.5 / sqrt(3.0);
}

double init_weight_sd(const dr_params *p, int fan_in, int fan_out)
{
	return weights_of(p)->sd(p, fan_in, fan_out);
}

/* ---- biases: each fills n of them (a loop per scheme, the draw inlined) ---- */

static void bias_zero(const dr_params *p, dr_rng *r, int n, int fan_in, double *b)
{
	(void)p;
	(void)r;
	(void)fan_in;
	for (int j = 0; j < n; j++)
		b[j] = 0.0;
}

static void bias_normal(const dr_params *p, dr_rng *r, int n, int fan_in, double *b)
{
	(void)fan_in;
	double s = p->bias_scale;
	for (int j = 0; j < n; j++)
		b[j] = s * rng_normal(r);
}

static void bias_uniform(const dr_params *p, dr_rng *r, int n, int fan_in, double *b)
{
	(void)fan_in;
	for (int j = 0; j < n; j++)
		b[j] = p->bias_scale * (2.0 * rng_uniform(r) - 1.0);
}

/* torch's nn.Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), so the first
 * layer's (fan-in input_dim) differs from the others' (fan-in the width) */
static void bias_fan_in(const dr_params *p, dr_rng *r, int n, int fan_in, double *b)
{
	(void)p;
	double a = 1.0 / sqrt((double)fan_in);
	for (int j = 0; j < n; j++)
		b[j] = a * (2.0 * rng_uniform(r) - 1.0);
}

/* The constant set (bias 0.1), or with bias auto the preset's. */
static double constant_of(const dr_params *p)
{
	return p->bias == DR_B_AUTO ? weights_of(p)->bias_value : p->bias_value;
}

static void bias_constant(const dr_params *p, dr_rng *r, int n, int fan_in, double *b)
{
	(void)r;
	(void)fan_in;
	double c = constant_of(p);
	for (int j = 0; j < n; j++)
		b[j] = c;
}

static void constant_breaks(const dr_params *p, char *buf, size_t len)
{
	snprintf(buf, len, "bias %g%s is a constant, not symmetric about 0: the bounds do not apply", constant_of(p),
		 p->bias == DR_B_AUTO ? " (the weights' own)" : "");
}

static const init_bias biases[] = {
	/* DR_B_AUTO is resolved by bias_kind, never drawn */
	[DR_B_ZERO] = {.fill = bias_zero, .zero = 1, .symmetric = 1},
	[DR_B_NORMAL] = {.fill = bias_normal, .symmetric = 1, .normal = 1},
	[DR_B_UNIFORM] = {.fill = bias_uniform, .symmetric = 1},
	[DR_B_FAN_IN] = {.fill = bias_fan_in, .symmetric = 1},
	[DR_B_CONSTANT] = {.fill = bias_constant, .breaks = constant_breaks},
};
_Static_assert(sizeof biases / sizeof biases[0] == DR_B_COUNT, "a bias without a descriptor");

dr_bias bias_kind(const dr_params *p)
{
	if (p->bias != DR_B_AUTO)
		return p->bias;
	dr_bias own = weights_of(p)->bias;
	return own != DR_B_AUTO ? own : DR_B_NORMAL;
}

const init_bias *bias_of(const dr_params *p)
{
	return &biases[bias_kind(p)];
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
	bias_of(p)->fill(p, r, rows, cols, b);
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
	bias_of(p)->fill(p, r, rows, cols, b);
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
		bias->fill(p, r, 1, cols, &b[j]);
		if (j + 1 < rows) {
			for (int i = 0; i < cols; i++)
				u[cols + i] = -u[i];
			b[j + 1] = bias->symmetric ? -b[j] : b[j];
		}
	}
	return DR_OK;
}

/* Normals redrawn outside [-2 sd, 2 sd] (TensorFlow's and JAX's
 * truncated_normal), then the biases. */
static int draw_truncated(const dr_params *p, dr_rng *r, int rows, int cols, double sd, double *W, double *b,
			  const atomic_int *cancel)
{
	for (int j = 0; j < rows; j++) {
		double *w = W + (size_t)j * cols;
		if (stop_asked(cancel))
			return DR_ECANCELED;
		for (int i = 0; i < cols; i++) {
			double g;
			do /* accepted with probability 0.954 */
				g = rng_normal(r);
			while (fabs(g) > 2.0);
			w[i] = g * sd;
		}
	}
	bias_of(p)->fill(p, r, rows, cols, b);
	return DR_OK;
}

/* Gram-Schmidt (modified) on the k rows of Q, each m long (contiguous:
 * the dot products stream); DR_ECANCELED if asked. */
static int orthonormal_rows(double *Q, int k, int m, const atomic_int *cancel)
{
	for (int v = 0; v < k; v++) {
		double *x = Q + (size_t)v * m;
		if (stop_asked(cancel))
			return DR_ECANCELED;
		for (int u = 0; u < v; u++) {
			const double *q = Q + (size_t)u * m;
			double dot = 0;
			for (int e = 0; e < m; e++)
				dot += q[e] * x[e];
			for (int e = 0; e < m; e++)
				x[e] -= dot * q[e];
		}
		double norm = 0;
		for (int e = 0; e < m; e++)
			norm += x[e] * x[e];
		norm = sqrt(norm); /* (0 has probability 0) */
		for (int e = 0; e < m; e++)
			x[e] /= norm;
	}
	return DR_OK;
}

/* A random orthogonal matrix, as torch's orthogonal_ makes it: the Q of
 * a Gaussian matrix's QR (with R's diagonal positive, which Gram-Schmidt
 * gives), so its law does not change under any rotation; times the gain.
 * rows >= cols: orthonormal columns (made as rows of a scratch matrix and
 * transposed), else orthonormal rows. O(rows cols min(rows, cols)). */
static int draw_orthogonal(const dr_params *p, dr_rng *r, int rows, int cols, double sd, double *W, double *b,
			   const atomic_int *cancel)
{
	size_t n = (size_t)rows * cols;
	double *Q = W;
	if (rows >= cols && !(Q = malloc(n * sizeof *Q)))
		return DR_ENOMEM;
	for (size_t i = 0; i < n; i++)
		Q[i] = rng_normal(r);
	int k = rows < cols ? rows : cols, m = rows < cols ? cols : rows;
	int rc = orthonormal_rows(Q, k, m, cancel);
	if (rc == DR_OK && Q != W) /* Q is cols x rows: W = Q^T */
		for (int j = 0; j < rows; j++)
			for (int i = 0; i < cols; i++)
				W[(size_t)j * cols + i] = Q[(size_t)i * rows + j];
	if (Q != W)
		free(Q);
	if (rc != DR_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		W[i] *= sd;
	bias_of(p)->fill(p, r, rows, cols, b);
	return DR_OK;
}

static const init_weights weights[] = {
	[DR_W_HE_NORMAL] = {.sd = sd_he, .draw = draw_normal, .iid_normal = 1},
	[DR_W_HE_UNIFORM] = {.sd = sd_he, .draw = draw_uniform},
	[DR_W_GLOROT_NORMAL] = {.sd = sd_glorot, .draw = draw_normal, .iid_normal = 1},
	[DR_W_GLOROT_UNIFORM] = {.sd = sd_glorot, .draw = draw_uniform},
	[DR_W_LECUN_NORMAL] = {.sd = sd_lecun, .draw = draw_normal, .iid_normal = 1},
	[DR_W_LECUN_UNIFORM] = {.sd = sd_lecun, .draw = draw_uniform},
	[DR_W_RAI] = {.sd = sd_rai, .draw = draw_rai, .own_biases = 1,
		      .breaks = "weights rai are asymmetric: the bounds do not apply"},
	[DR_W_MIRRORED] = {.sd = sd_he, .draw = draw_mirrored,
			   .breaks = "weights mirrored pair the units (u, -u): not independent, the bounds do not apply"},
	[DR_W_HE_FAN_OUT] = {.sd = sd_he_fan_out, .draw = draw_normal, .iid_normal = 1},
	[DR_W_TORCH] = {.sd = sd_torch, .draw = draw_uniform, .bias = DR_B_FAN_IN},
	[DR_W_KERAS] = {.sd = sd_glorot, .draw = draw_uniform, .bias = DR_B_ZERO},
	[DR_W_FLAX] = {.sd = sd_flax, .draw = draw_truncated, .bias = DR_B_ZERO},
	[DR_W_ORTHOGONAL] = {.sd = sd_fixed, .draw = draw_orthogonal, .dependent_rows = 1},
	[DR_W_NORMAL] = {.sd = sd_fixed, .draw = draw_normal, .iid_normal = 1},
	[DR_W_UNIFORM] = {.sd = sd_fixed_uniform, .draw = draw_uniform},
	[DR_W_TRUNCATED] = {.sd = sd_fixed, .draw = draw_truncated},
	[DR_W_HE_POSITIVE] = {.sd = sd_he, .draw = draw_normal, .iid_normal = 1, .bias = DR_B_CONSTANT,
			      .bias_value = 0.01},
	[DR_W_PLAYGROUND] = {.sd = sd_playground, .draw = draw_uniform, .bias = DR_B_CONSTANT, .bias_value = 0.1},
};
_Static_assert(sizeof weights / sizeof weights[0] == DR_W_COUNT, "a weight scheme without a descriptor");

const init_weights *weights_of(const dr_params *p)
{
	return &weights[p->weights];
}

int init_layer(const dr_params *p, dr_rng *r, int rows, int cols, double *W, double *b, const atomic_int *cancel)
{
	const init_weights *w = weights_of(p);
	return w->draw(p, r, rows, cols, w->sd(p, cols, rows), W, b, cancel);
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
void init_layer_one_column(const dr_params *p, dr_rng *r, int rows, int cols, double sw, double norm2, int scale,
			   double *z)
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
		bias->fill(p, r, n, cols, b);
		for (int j = 0; j < n; j++)
			z[j0 + j] += ldexp(b[j], -scale);
	}
}
