/* trial.h - the workspace of one trial, shared by the files that push a
 * sampled network through its points: trial.c (workspace and drivers),
 * layer.c (the layer operations), arch.c (what each architecture changes)
 * and kernel_avx2.c (the fused SIMD kernel). Not public, not for the rest of
 * the engine (internal.h is).
 *
 * Points are stored feature-major (H[i * cap + c] = feature i of column c) so
 * the inner loops run over points, contiguous and vectorisable. Columns are
 * kept in three groups: pure (points alive so far), impure (points that died
 * and came back through the biases, with a multiplicity), and at most one
 * "zero" column standing for every point whose activation is currently 0:
 * such points are identical from then on, so one column serves them all.
 * Pure and impure columns are [0, np) and [np, np + ni). */
#ifndef DR_TRIAL_H
#define DR_TRIAL_H

#include "internal.h"

#pragma GCC visibility push(hidden)

/* The AVX2 kernel is compiled on x86 with GCC or Clang unless DR_NO_SIMD
 * (make check-portable builds without it). */
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) && !defined(DR_NO_SIMD)
#define DR_AVX2_KERNEL 1
#endif

struct dr_trial {
	dr_params p;
	const dr_data *data;
	const arch_desc *arch;
	int points, cap, rows;    /* columns per trial, column capacity, rows of H */
	int maxw, maxfan;
	int keep_dead;            /* track dead points (layer criterion, batch norm) */
	int simd;                 /* the AVX2 kernel may be used */
	int one_column;           /* one point, iid normal W: z drawn without W (W is NULL) */
	double *H, *Z, *W, *b, *proj;
	float *pack;              /* gemm.c's panels; NULL when no layer is wide */
	int *mult, *keep, *nmult;
	unsigned char *on;
	float **active;           /* optional per-unit activity for pictures */
	int max_active;
	const atomic_int *cancel; /* of the trial running */
	dr_rng rng;
	dr_rng points_rng;        /* the stream before the points */
	dr_rng net_rng;           /* the stream after the points: the network's weights */
};

static inline double relu(double z)
{
	return z > 0.0 ? z : 0.0;
}

/* ---- layer.c ---- */

/* Z = W H + b over ncols columns; -1 when cancelled. */
int layer_affine(const double *W, const double *b, int nout, int nin, const double *H, int cap, int ncols,
		 double *Z, const atomic_int *cancel);
/* Z = W H + b for the trial's layer: gemm.c's single-precision product
 * when it is wider than FUSED_MAX, layer_affine otherwise. */
int layer_product(dr_trial *t, int nout, int nin, int ncols);
/* Sign flipping (THEORY.md section 4) of the units of Z. */
void layer_signflip(double *Z, int nout, int cap, int np, int ncols, const atomic_int *cancel);
/* Marks active columns in t->on; returns the units dead on columns
 * [0, consider), or -1 when cancelled; records activity for pictures. */
int layer_classify(dr_trial *t, long long layer, int nout, int ncols, int np, int consider);
/* One layer through Z (every layout but dense's): affine (unless z_drawn:
 * Z holds z already), the architecture's changes to z, classify, then its
 * output. Updates the
 * column counts; returns the columns kept, or -1 when cancelled. */
int layer_columns(dr_trial *t, long long l, int nout, int nin, int *np_io, int *ni_io, int *zm_io, int z_drawn,
		  dr_outcome *o);
/* Brings H back near 1 when it left [2^-256, 2^256]; returns the exponent
 * divided out. */
int layer_rescale(double *H, int rows, int cap, int ncols, const atomic_int *cancel);
/* The points (sampled into Z) projected into the stream H of width n by a
 * random d x n map drawn from the trial's stream; a copy when n == d. */
void layer_project_input(dr_trial *t, int n, int d);

/* ---- trial.c: the drivers an architecture's run points to ---- */

/* Layer after layer through layer_columns (and the fused kernel). */
int trial_run_columns(dr_trial *t, const atomic_int *cancel, dr_outcome *o);
/* Dense: layer l sees [x, h_1, .., h_{l-1}]. */
int trial_run_dense(dr_trial *t, const atomic_int *cancel, dr_outcome *o);

/* ---- kernel_avx2.c ---- */

#define FUSED_MAX 8 /* the widest layer the fused kernel takes */

/* Can this CPU run the fused kernel (always 0 without DR_AVX2_KERNEL)? */
int kernel_available(void);
#ifdef DR_AVX2_KERNEL
/* One plain layer (nout, nin <= FUSED_MAX) on the n pure columns of H, in
 * place: z = W h + b with the same doubles as layer_affine, ReLU, and the
 * living columns packed to the front. Returns the columns kept (-1 when
 * cancelled) and the units positive on no column in *dead. */
int kernel_fused(const double *W, const double *b, int nout, int nin, double *H, size_t cap, int n, int *dead,
		 const atomic_int *cancel);
#endif

/* ---- gemm.c ---- */

/* Z = W H + b over ncols columns in single precision with FMA (gemm.c says
 * how, and why the bits are the same on every machine); pack holds
 * gemm_pack_floats(nout, nin) floats. -1 when cancelled. */
int gemm_layer(const double *W, const double *b, int nout, int nin, const double *H, int cap, int ncols,
	       double *Z, float *pack, const atomic_int *cancel);
size_t gemm_pack_floats(int nout, int nin);
/* The kernels compiled in (fastest first, the portable one last), for the
 * test that they agree: their number, names, whether this CPU runs one,
 * and gemm_layer with a given one. */
int gemm_kernels(void);
const char *gemm_kernel_name(int k);
int gemm_kernel_available(int k);
int gemm_layer_with(int kernel, const double *W, const double *b, int nout, int nin, const double *H, int cap,
		    int ncols, double *Z, float *pack, const atomic_int *cancel);

#pragma GCC visibility pop

#endif
