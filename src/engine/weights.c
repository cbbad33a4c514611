/* weights.c - drawing one layer's weights and biases. */
#include <math.h>
#include "internal.h"

double init_weight_sd(const dr_params *p, int fan_in, int fan_out)
{
	switch (p->weights) {
	case DR_W_HE_NORMAL:
	case DR_W_HE_UNIFORM:
	case DR_W_MIRRORED:
		return sqrt(2.0 / fan_in);
	case DR_W_GLOROT_NORMAL:
	case DR_W_GLOROT_UNIFORM:
		return sqrt(2.0 / (fan_in + fan_out));
	case DR_W_LECUN_NORMAL:
	case DR_W_LECUN_UNIFORM:
		return sqrt(1.0 / fan_in);
	case DR_W_RAI:
		return 0.6007 / sqrt((double)fan_in);
	}
	return 0.0;
}

static int init_is_normal(const dr_params *p)
{
	return p->weights == DR_W_HE_NORMAL || p->weights == DR_W_GLOROT_NORMAL ||
	       p->weights == DR_W_LECUN_NORMAL || p->weights == DR_W_MIRRORED ||
	       p->weights == DR_W_RAI;
}

static double draw_bias(const dr_params *p, dr_rng *r)
{
	switch (p->bias) {
	case DR_B_ZERO:
		return 0.0;
	case DR_B_NORMAL:
		return p->bias_scale * rng_normal(r);
	case DR_B_UNIFORM:
		return p->bias_scale * (2.0 * rng_uniform(r) - 1.0);
	case DR_B_CONSTANT:
		return p->bias_value;
	}
	return 0.0;
}

/* Randomized asymmetric initialisation: weights and bias N(0, sd^2), then one
 * slot among the cols + 1 replaced by a Beta(2, 1) draw (sqrt of a uniform). */
static int init_rai(dr_rng *r, int rows, int cols, double sd, double *W, double *b, const atomic_int *cancel)
{
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

int init_layer(const dr_params *p, dr_rng *r, int rows, int cols, double *W, double *b, const atomic_int *cancel)
{
	double sd = init_weight_sd(p, cols, rows);

	if (p->weights == DR_W_RAI)
		return init_rai(r, rows, cols, sd, W, b, cancel);
	if (p->weights == DR_W_MIRRORED) {
		/* Looks-linear: rows (and biases) in pairs u, -u; an odd last row is free. */
		for (int j = 0; j < rows; j += 2) {
			if (stop_asked(cancel))
				return DR_ECANCELED;
			double *u = W + (size_t)j * cols;
			for (int i = 0; i < cols; i++)
				u[i] = sd * rng_normal(r);
			b[j] = draw_bias(p, r);
			if (j + 1 < rows) {
				for (int i = 0; i < cols; i++)
					u[cols + i] = -u[i];
				b[j + 1] = p->bias == DR_B_CONSTANT ? b[j] : -b[j];
			}
		}
		return DR_OK;
	}
	int normal = init_is_normal(p);
	double a = sd * sqrt(3.0); /* U(-a, a) has standard deviation sd */
	for (int j = 0; j < rows; j++) {
		double *w = W + (size_t)j * cols;
		if (stop_asked(cancel))
			return DR_ECANCELED;
		/* The same normals scaled: he and lecun differ by a constant
		 * factor, which zero-bias invariants rely on. */
		if (normal)
			for (int i = 0; i < cols; i++)
				w[i] = rng_normal(r) * sd;
		else
			for (int i = 0; i < cols; i++)
				w[i] = a * (2.0 * rng_uniform(r) - 1.0);
	}
	if (p->bias == DR_B_NORMAL) {
		double s = p->bias_scale;
		for (int j = 0; j < rows; j++)
			b[j] = s * rng_normal(r);
	} else {
		for (int j = 0; j < rows; j++)
			b[j] = draw_bias(p, r);
	}
	return DR_OK;
}
