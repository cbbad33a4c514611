/* arch.c - the architectures (THEORY.md section 5): for each, how a layer is
 * applied (its layout, its changes to the pre-activations, its output),
 * what "alive" means for it, and what the bounds say about it. The drivers
 * (trial.c) and the shared layer operations (layer.c) only read this table. */
#include <math.h>
#include <string.h>
#include "trial.h"

/* Batch normalisation at initialisation (gamma 1, beta 0) over the columns
 * weighted by how many points each stands for. A unit constant on the batch
 * gives 0 exactly (rounding must not invent a sign). */
static int batchnorm(dr_trial *t, int nout, int nr, int ncols)
{
	(void)nr;
	double *Z = t->Z;
	const int *mult = t->mult;
	const int cap = t->cap;
	double total = 0.0;
	for (int c = 0; c < ncols; c++)
		total += mult[c];
	for (int j = 0; j < nout; j++) {
		if (stop_asked(t->cancel))
			return -1;
		double *z = Z + (size_t)j * cap;
		double lo = z[0], hi = z[0], mean = 0.0, var = 0.0;
		for (int c = 0; c < ncols; c++) {
			lo = z[c] < lo ? z[c] : lo;
			hi = z[c] > hi ? z[c] : hi;
			mean += mult[c] * z[c];
		}
		if (lo == hi) {
			memset(z, 0, (size_t)ncols * sizeof *z);
			continue;
		}
		mean /= total;
		for (int c = 0; c < ncols; c++)
			var += mult[c] * (z[c] - mean) * (z[c] - mean);
		double inv = 1.0 / sqrt(var / total + 1e-5);
		for (int c = 0; c < ncols; c++)
			z[c] = (z[c] - mean) * inv;
	}
	return 0;
}

/* residual-post: z += h_{l-1} before the ReLU. A cancel is noticed by the
 * classification that follows. */
static int shortcut_into_z(dr_trial *t, int nout, int nr, int ncols)
{
	(void)ncols;
	const int cap = t->cap;
	for (int j = 0; j < nout && !stop_asked(t->cancel); j++)
		for (int c = 0; c < nr; c++)
			t->Z[(size_t)j * cap + c] += t->H[(size_t)j * cap + c];
	return 0;
}

/* residual: h_l = h_{l-1} + relu(z); the identity keeps every point alive. */
static int shortcut_output(dr_trial *t, int nout, int nr)
{
	const int cap = t->cap;
	for (int j = 0; j < nout; j++) {
		if (stop_asked(t->cancel))
			return -1;
		for (int c = 0; c < nr; c++)
			t->H[(size_t)j * cap + c] += relu(t->Z[(size_t)j * cap + c]);
	}
	return nr;
}

static const arch_desc archs[] = {
	[DR_ARCH_PLAIN] = {
		.layout = ARCH_CHAIN, .alive = ALIVE_EVERY_LAYER, .fused = 1,
		.run = trial_run_columns, .bounds_apply = 1,
	},
	[DR_ARCH_BATCHNORM] = {
		.layout = ARCH_CHAIN, .alive = ALIVE_EVERY_LAYER, .keep_dead = 1,
		.run = trial_run_columns, .before_flip = batchnorm,
		.note = "batchnorm: bounds are for the plain net; the mean living fraction still equals the lower bound, and under the layer criterion P(alive) = 1 for >= 2 points",
	},
	[DR_ARCH_RESIDUAL] = {
		.layout = ARCH_STREAM, .alive = ALIVE_ALWAYS,
		.run = trial_run_columns, .output = shortcut_output,
		.note = "residual: the identity path carries the input; never dead (P(alive) = 1)",
	},
	[DR_ARCH_RESIDUAL_POST] = {
		.layout = ARCH_STREAM, .alive = ALIVE_EVERY_LAYER,
		.run = trial_run_columns, .after_flip = shortcut_into_z,
		.note = "residual-post: can die, far less often than plain; the plain bounds do not apply",
	},
	[DR_ARCH_DENSE] = {
		.layout = ARCH_CONCAT, .alive = ALIVE_EVERY_LAYER,
		.run = trial_run_dense,
		.note = "dense: death does not compound with depth; one point: P(alive) = 1 - 2^-n_k",
	},
	[DR_ARCH_SKIP] = {
		.layout = ARCH_CHAIN, .alive = ALIVE_FIRST_LAYER, .fused = 1,
		.run = trial_run_columns,
		.note = "skip: effective depth is the shortest path (1 layer); one point: P(alive) = 1 - 2^-n_1",
	},
};
_Static_assert(sizeof archs / sizeof archs[0] == DR_ARCH_COUNT, "an architecture without a descriptor");

const arch_desc *arch_of(const dr_params *p)
{
	return &archs[p->arch];
}
