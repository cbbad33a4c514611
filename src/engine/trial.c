/* trial.c - one sampled network pushed through its input points.
 *
 * Points are stored feature-major (H[i * cap + c] = feature i of column c) so
 * the inner loops run over points, contiguous and vectorisable. Columns are
 * kept in three groups: pure (points alive so far), impure (points that died
 * and came back through the biases, with a multiplicity), and at most one
 * "zero" column standing for every point whose activation is currently 0:
 * such points are identical from then on, so one column serves them all.
 * Pure and impure columns are [0, np) and [np, np + ni). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) && !defined(DR_NO_SIMD)
#include <immintrin.h>
#define DR_AVX2_KERNEL 1
#endif

struct dr_trial {
	dr_params p;
	const dr_data *data;
	int points, cap, rows;    /* columns per trial, column capacity, rows of H */
	int maxw, maxfan;
	int keep_dead;            /* track dead points (layer criterion, batch norm) */
	int simd;                 /* the AVX2 kernel may be used */
	double *H, *Z, *W, *b, *proj;
	int *mult, *keep, *nmult;
	unsigned char *on;
	float **active;           /* optional per-unit activity for pictures */
	int max_active;
	const atomic_int *cancel; /* of the trial running */
	dr_rng rng;
};

static int max_width(const dr_params *p)
{
	int w = p->width;
	for (int i = 0; i < p->nwidths; i++)
		if (p->widths[i] > w)
			w = p->widths[i];
	return w;
}

/* Rows of H: the input (d) or the widest layer; dense keeps every layer. */
static size_t rows_needed(const dr_params *p, int *maxfan)
{
	size_t d = (size_t)p->input_dim, w = (size_t)max_width(p);
	if (p->arch == DR_ARCH_DENSE) {
		size_t rows = d;
		for (long long l = 1; l <= p->depth; l++)
			rows += (size_t)dr_params_layer_width(p, l);
		if (maxfan)
			*maxfan = (int)(rows > INT32_MAX ? INT32_MAX : rows);
		return rows;
	}
	if (p->arch == DR_ARCH_RESIDUAL || p->arch == DR_ARCH_RESIDUAL_POST) {
		if (maxfan) /* the stream is w wide; the points go to Z */
			*maxfan = (int)w;
		return w;
	}
	if (maxfan)
		*maxfan = (int)(d > w ? d : w);
	return d > w ? d : w;
}

/* Rows of Z: each layer's pre-activations; residual nets sample the points
 * into it first. */
static size_t z_rows(const dr_params *p)
{
	size_t d = (size_t)p->input_dim, w = (size_t)max_width(p);
	if (p->arch == DR_ARCH_RESIDUAL || p->arch == DR_ARCH_RESIDUAL_POST)
		return d > w ? d : w;
	return w;
}

/* Columns per row: the points, one zero column, rounded up to whole blocks
 * of four (the vector kernel reads and writes four columns at a time). */
static size_t column_cap(int points)
{
	return ((size_t)points + 1 + 3) & ~(size_t)3;
}

#define FUSED_MAX 8 /* the widest layer the fused kernel takes (below) */

static int simd_available(void)
{
#ifdef DR_AVX2_KERNEL
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#else
	return 0;
#endif
}

/* Does every layer take the fused kernel (run_columns)? Then Z and the
 * column lists are never touched, so they are not allocated (and
 * max_memory does not count them): half of a narrow run's memory. */
static int fused_only(const dr_params *p)
{
	return simd_available() && !p->signflip && p->criterion == DR_CRIT_POINT &&
	       (p->arch == DR_ARCH_PLAIN || p->arch == DR_ARCH_SKIP) && p->input_dim <= FUSED_MAX &&
	       max_width(p) <= FUSED_MAX;
}

/* Z (the points first, then each layer's pre-activations) and the column
 * lists of layer_columns. */
static size_t column_bytes(const dr_params *p, size_t cap)
{
	return z_rows(p) * cap * sizeof(double) + cap * (3 * sizeof(int) + 1);
}

size_t trial_memory(const dr_params *p, int points)
{
	int maxfan;
	size_t cap = column_cap(points), w = (size_t)max_width(p);
	size_t rows = rows_needed(p, &maxfan);
	int residual = p->arch == DR_ARCH_RESIDUAL || p->arch == DR_ARCH_RESIDUAL_POST;
	size_t doubles = rows * cap + w * (size_t)maxfan + w + (residual ? w * (size_t)p->input_dim : 0);
	return doubles * sizeof(double) + (fused_only(p) ? 0 : column_bytes(p, cap)) + sizeof(dr_trial);
}

static int alloc_columns(dr_trial *t)
{
	size_t cap = (size_t)t->cap;
	t->Z = calloc(z_rows(&t->p) * cap, sizeof(double));
	t->mult = malloc(cap * sizeof(int));
	t->nmult = malloc(cap * sizeof(int));
	t->keep = malloc(cap * sizeof(int));
	t->on = malloc(cap);
	return t->Z && t->mult && t->nmult && t->keep && t->on ? DR_OK : DR_ENOMEM;
}

void trial_free(dr_trial *t)
{
	if (!t)
		return;
	free(t->H);
	free(t->Z);
	free(t->W);
	free(t->b);
	free(t->proj);
	free(t->mult);
	free(t->keep);
	free(t->nmult);
	free(t->on);
	free(t);
}

dr_trial *trial_new(const dr_params *p, const dr_data *d, char *err, size_t errlen)
{
	dr_trial *t = calloc(1, sizeof *t);
	if (!t) {
		dr_errf(err, errlen, DR_ENOMEM, "out of memory");
		return NULL;
	}
	t->p = *p;
	t->data = d;
	t->points = inputs_count(p, d);
	t->cap = (int)column_cap(t->points);
	t->maxw = max_width(p);
	t->rows = (int)rows_needed(p, &t->maxfan);
	t->keep_dead = p->criterion == DR_CRIT_LAYER || p->arch == DR_ARCH_BATCHNORM;
	size_t cap = (size_t)t->cap, w = (size_t)t->maxw;
	/* Zeroed: the vector kernel reads whole blocks, past the last column. */
	t->H = calloc((size_t)t->rows * cap, sizeof(double));
	t->W = malloc(w * (size_t)t->maxfan * sizeof(double));
	t->b = malloc(w * sizeof(double));
	int residual = p->arch == DR_ARCH_RESIDUAL || p->arch == DR_ARCH_RESIDUAL_POST;
	if (residual) /* the projection of the points into the stream */
		t->proj = malloc(w * (size_t)p->input_dim * sizeof(double));
	if (!t->H || !t->W || !t->b || (residual && !t->proj) || (!fused_only(p) && alloc_columns(t) != DR_OK)) {
		trial_free(t);
		dr_errf(err, errlen, DR_ENOMEM, "out of memory for a trial workspace");
		return NULL;
	}
	t->simd = simd_available();
	return t;
}

int trial_points(const dr_trial *t)
{
	return t->points;
}

int trial_set_activity(dr_trial *t, float **active, int max_layers)
{
	t->active = active;
	t->max_active = max_layers;
	/* pictures take the general path, which needs the column buffers */
	return t->Z ? DR_OK : alloc_columns(t);
}

/* Z = W H + b over ncols columns. Four output units at a time so each
 * column of H is loaded once per four rows. Returns -1 when cancelled
 * (checked every 2^18 multiply-adds per unit, a few milliseconds). */
static int affine(const double *W, const double *b, int nout, int nin, const double *H, int cap, int ncols,
		  double *Z, const atomic_int *cancel)
{
	const int every = ncols >= (1 << 18) ? 1 : (1 << 18) / (ncols ? ncols : 1);
	int j = 0;
	for (; j + 4 <= nout; j += 4) {
		double *z0 = Z + (size_t)j * cap, *z1 = z0 + cap, *z2 = z1 + cap, *z3 = z2 + cap;
		const double *w0 = W + (size_t)j * nin, *w1 = w0 + nin, *w2 = w1 + nin, *w3 = w2 + nin;
		for (int c = 0; c < ncols; c++) {
			z0[c] = b[j];
			z1[c] = b[j + 1];
			z2[c] = b[j + 2];
			z3[c] = b[j + 3];
		}
		for (int i = 0; i < nin; i++) {
			if (i % every == 0 && stop_asked(cancel))
				return -1;
			const double *h = H + (size_t)i * cap;
			double a0 = w0[i], a1 = w1[i], a2 = w2[i], a3 = w3[i];
			for (int c = 0; c < ncols; c++) {
				double x = h[c];
				z0[c] += a0 * x;
				z1[c] += a1 * x;
				z2[c] += a2 * x;
				z3[c] += a3 * x;
			}
		}
	}
	for (; j < nout; j++) {
		double *z = Z + (size_t)j * cap;
		const double *w = W + (size_t)j * nin;
		for (int c = 0; c < ncols; c++)
			z[c] = b[j];
		for (int i = 0; i < nin; i++) {
			if (i % every == 0 && stop_asked(cancel))
				return -1;
			const double *h = H + (size_t)i * cap;
			double a = w[i];
			for (int c = 0; c < ncols; c++)
				z[c] += a * h[c];
		}
	}
	return 0;
}

/* Batch normalisation at initialisation (gamma 1, beta 0) over the columns
 * weighted by how many points each stands for. A unit constant on the batch
 * gives 0 exactly (rounding must not invent a sign). */
static int batchnorm(double *Z, int nout, int cap, int ncols, const int *mult, const atomic_int *cancel)
{
	double total = 0.0;
	for (int c = 0; c < ncols; c++)
		total += mult[c];
	for (int j = 0; j < nout; j++) {
		if (stop_asked(cancel))
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

/* Sign flipping (THEORY.md section 4): a unit positive on fewer than half of
 * the living points has its weights and bias negated, i.e. z -> -z. */
static void signflip(double *Z, int nout, int cap, int np, int ncols, const atomic_int *cancel)
{
	if (np == 0)
		return;
	for (int j = 0; j < nout && !stop_asked(cancel); j++) {
		double *z = Z + (size_t)j * cap;
		int pos = 0;
		for (int c = 0; c < np; c++)
			pos += z[c] > 0.0;
		if (2 * pos < np)
			for (int c = 0; c < ncols; c++)
				z[c] = -z[c];
	}
}

static inline double relu(double z)
{
	return z > 0.0 ? z : 0.0;
}

/* Marks active columns; counts units dead on columns [0, consider) and
 * records activity for pictures. */
static int classify(dr_trial *t, long long layer, int nout, int ncols, int np, int consider)
{
	const double *Z = t->Z;
	unsigned char *on = t->on;
	int cap = t->cap, dead = 0;
	memset(on, 0, (size_t)ncols);
	float *act = t->active && layer <= t->max_active ? t->active[layer - 1] : NULL;
	for (int j = 0; j < nout; j++) {
		if (stop_asked(t->cancel))
			return -1;
		const double *z = Z + (size_t)j * cap;
		unsigned char any = 0;
		for (int c = 0; c < consider; c++) {
			unsigned char pos = z[c] > 0.0;
			on[c] |= pos;
			any |= pos;
		}
		for (int c = consider; c < ncols; c++)
			on[c] |= (unsigned char)(z[c] > 0.0);
		if (act) {
			int pure = 0;
			for (int c = 0; c < np; c++)
				pure += z[c] > 0.0;
			act[j] = t->points ? (float)pure / (float)t->points : 0.0f;
		}
		dead += !any;
	}
	return dead;
}

#ifdef DR_AVX2_KERNEL
/* For a mask of four columns, the 32-bit lane indices that move the chosen
 * doubles to the front (the rest is filler). */
static const int32_t compact_lut[16][8] __attribute__((aligned(32))) = {
	{0, 1, 0, 1, 0, 1, 0, 1}, {0, 1, 0, 1, 0, 1, 0, 1}, {2, 3, 0, 1, 0, 1, 0, 1},
	{0, 1, 2, 3, 0, 1, 0, 1}, {4, 5, 0, 1, 0, 1, 0, 1}, {0, 1, 4, 5, 0, 1, 0, 1},
	{2, 3, 4, 5, 0, 1, 0, 1}, {0, 1, 2, 3, 4, 5, 0, 1}, {6, 7, 0, 1, 0, 1, 0, 1},
	{0, 1, 6, 7, 0, 1, 0, 1}, {2, 3, 6, 7, 0, 1, 0, 1}, {0, 1, 2, 3, 6, 7, 0, 1},
	{4, 5, 6, 7, 0, 1, 0, 1}, {0, 1, 4, 5, 6, 7, 0, 1}, {2, 3, 4, 5, 6, 7, 0, 1},
	{0, 1, 2, 3, 4, 5, 6, 7},
};

/* One layer of a plain net on the n pure columns of H, in place: z = W h + b
 * (the same products and sums in the same order as affine(), so the same
 * doubles), then ReLU, and the columns with some z > 0 packed to the front.
 * Four columns per step; nout is a constant after inlining. Reads and
 * writes whole blocks of four, so rows need n rounded up to 4 columns;
 * writes never pass the block being read. Returns the columns kept and
 * counts in *dead the units positive on no column.
 *
 * ReLU outputs are +0.0 (all bits clear) or positive, so OR-ing their bits
 * tells whether any is positive: per column over the units (kept or not),
 * per unit over the columns (dead or not). Lanes past n are cleared first. */
static inline __attribute__((always_inline, target("avx2,popcnt"))) int
fused_step(const double *W, const __m256d *bias, const int nout, int nin, double *H, size_t cap,
	   int c, int nk, const int masked, __m256d valid, __m256d *any)
{
	const __m256d zero = _mm256_setzero_pd();
	__m256d z[8];
	for (int j = 0; j < nout; j++)
		z[j] = bias[j];
	for (int i = 0; i < nin; i++) {
		__m256d h = _mm256_loadu_pd(H + (size_t)i * cap + c);
		for (int j = 0; j < nout; j++)
			z[j] = _mm256_add_pd(z[j], _mm256_mul_pd(_mm256_set1_pd(W[j * nin + i]), h));
	}
	__m256d on = zero;
	for (int j = 0; j < nout; j++) {
		z[j] = _mm256_max_pd(z[j], zero); /* z > 0 ? z : 0 */
		if (masked)
			z[j] = _mm256_and_pd(z[j], valid);
		on = _mm256_or_pd(on, z[j]);
		any[j] = _mm256_or_pd(any[j], z[j]);
	}
	int m = _mm256_movemask_pd(_mm256_cmp_pd(on, zero, _CMP_NEQ_UQ));
	if (__builtin_expect(m == 15, 1)) {
		/* Usual case: all four live; no permute (cross-lane, slow). */
		for (int j = 0; j < nout; j++)
			_mm256_storeu_pd(H + (size_t)j * cap + nk, z[j]);
		return nk + 4;
	}
	__m256i idx = _mm256_load_si256((const __m256i *)compact_lut[m]);
	for (int j = 0; j < nout; j++) {
		__m256 v = _mm256_permutevar8x32_ps(_mm256_castpd_ps(z[j]), idx);
		_mm256_storeu_pd(H + (size_t)j * cap + nk, _mm256_castps_pd(v));
	}
	return nk + __builtin_popcount((unsigned)m);
}

static inline __attribute__((always_inline, target("avx2,popcnt"))) int
fused_avx2(const double *W, const double *b, const int nout, int nin, double *H, size_t cap,
	   int n, int *dead, const atomic_int *cancel)
{
	const __m256d zero = _mm256_setzero_pd();
	__m256d any[8], bias[8];
	for (int j = 0; j < nout; j++) {
		any[j] = zero;
		bias[j] = _mm256_set1_pd(b[j]);
	}
	int nk = 0, c = 0;
	for (; c + 4 <= n; c += 4) {
		if ((c & 0xffff) == 0 && stop_asked(cancel)) /* every 65536 columns */
			return -1;
		nk = fused_step(W, bias, nout, nin, H, cap, c, nk, 0, zero, any);
	}
	if (c < n) {
		__m256i iota = _mm256_setr_epi64x(0, 1, 2, 3);
		__m256d valid = _mm256_castsi256_pd(_mm256_cmpgt_epi64(_mm256_set1_epi64x(n - c), iota));
		nk = fused_step(W, bias, nout, nin, H, cap, c, nk, 1, valid, any);
	}
	int d = 0;
	for (int j = 0; j < nout; j++)
		d += _mm256_movemask_pd(_mm256_cmp_pd(any[j], zero, _CMP_NEQ_UQ)) == 0;
	*dead = d;
	return nk;
}

#define FUSED_N(N)                                                                           \
	static __attribute__((target("avx2,popcnt"))) int fused_avx2_##N(                     \
		const double *W, const double *b, int nin, double *H, size_t cap, int n, int *dead, \
		const atomic_int *cancel)                                                    \
	{                                                                                    \
		switch (nin) {                                                               \
		case 2: return fused_avx2(W, b, N, 2, H, cap, n, dead, cancel);              \
		case 4: return fused_avx2(W, b, N, 4, H, cap, n, dead, cancel);              \
		default: return fused_avx2(W, b, N, nin, H, cap, n, dead, cancel);           \
		}                                                                            \
	}
FUSED_N(1)
FUSED_N(2)
FUSED_N(3)
FUSED_N(4)
FUSED_N(5)
FUSED_N(6)
FUSED_N(7)
FUSED_N(8)

typedef int (*fused_fn)(const double *, const double *, int, double *, size_t, int, int *, const atomic_int *);
static const fused_fn fused_kernels[9] = {
	NULL, fused_avx2_1, fused_avx2_2, fused_avx2_3, fused_avx2_4,
	fused_avx2_5, fused_avx2_6, fused_avx2_7, fused_avx2_8,
};
#endif

/* Draws the input projection of the residual stream (identity when d == n). */
static void project_input(dr_trial *t, int n, int d)
{
	double *H = t->H, *X = t->Z; /* the points were sampled into Z */
	int cap = t->cap, P = t->points;
	if (n == d) {
		memcpy(H, X, (size_t)d * cap * sizeof *H);
		return;
	}
	double sd = 1.0 / sqrt((double)d);
	for (int j = 0; j < n * d; j++)
		t->proj[j] = sd * rng_normal(&t->rng);
	for (int j = 0; j < n && !stop_asked(t->cancel); j++) {
		double *h = H + (size_t)j * cap;
		memset(h, 0, (size_t)P * sizeof *h);
		for (int i = 0; i < d; i++) {
			double a = t->proj[j * d + i];
			const double *x = X + (size_t)i * cap;
			for (int c = 0; c < P; c++)
				h[c] += a * x[c];
		}
	}
}

/* Layers from..k-1 (0-based) carry the given outcome; no unit there is live. */
static void fill_tail(dr_outcome *o, long long from, long long k, int alive, int living,
		      const dr_params *p)
{
	for (long long l = from; l < k; l++) {
		o->alive[l] = (unsigned char)alive;
		o->living[l] = living;
		o->dead_units[l] = dr_params_layer_width(p, l + 1);
	}
}

/* One layer through Z, for every architecture but dense: affine, the
 * architecture's changes to z, classify, then ReLU and compaction into H
 * (residual: H += ReLU(z)). Updates the column counts; returns the columns
 * kept, or -1 when cancelled (every pass over the units checks). */
static int layer_columns(dr_trial *t, long long l, int nout, int nin, int *np_io, int *ni_io,
			 int *zm_io, dr_outcome *o)
{
	const dr_params *p = &t->p;
	const int cap = t->cap;
	double *H = t->H, *Z = t->Z;
	int np = *np_io, ni = *ni_io, zm = *zm_io;
	int nr = np + ni;
	int zcol = t->keep_dead && zm > 0;
	int ncols = nr + zcol;
	const atomic_int *cancel = t->cancel;
	if (affine(t->W, t->b, nout, nin, H, cap, nr, Z, cancel) < 0)
		return -1;
	if (zcol) {
		for (int j = 0; j < nout; j++)
			Z[(size_t)j * cap + nr] = t->b[j];
		t->mult[nr] = zm;
	}
	if (p->arch == DR_ARCH_BATCHNORM && batchnorm(Z, nout, cap, ncols, t->mult, cancel) < 0)
		return -1;
	if (p->signflip)
		signflip(Z, nout, cap, np, ncols, cancel);
	if (p->arch == DR_ARCH_RESIDUAL_POST)
		for (int j = 0; j < nout && !stop_asked(cancel); j++)
			for (int c = 0; c < nr; c++)
				Z[(size_t)j * cap + c] += H[(size_t)j * cap + c];

	int consider = p->criterion == DR_CRIT_LAYER ? ncols : np;
	int dead = classify(t, l, nout, ncols, np, consider);
	if (dead < 0)
		return -1;
	o->dead_units[l - 1] = dead;

	if (p->arch == DR_ARCH_RESIDUAL) {
		/* h_l = h_{l-1} + relu(z): the identity keeps every point alive. */
		for (int j = 0; j < nout; j++) {
			if (stop_asked(cancel))
				return -1;
			for (int c = 0; c < nr; c++)
				H[(size_t)j * cap + c] += relu(Z[(size_t)j * cap + c]);
		}
		return nr;
	}

	/* Survivors: pure, then impure, then the zero column if it came back. */
	int nkeep = 0, npure = 0, nzero = 0;
	for (int c = 0; c < ncols; c++) {
		if (t->on[c]) {
			t->nmult[nkeep] = t->mult[c];
			t->keep[nkeep++] = c;
			npure += c < np;
		} else {
			nzero += t->mult[c];
		}
	}
	if (!t->keep_dead) {
		nkeep = npure;
		nzero = 0;
	}
	for (int j = 0; j < nout; j++) {
		if (stop_asked(cancel))
			return -1;
		const double *z = Z + (size_t)j * cap;
		double *h = H + (size_t)j * cap;
		if (nkeep == ncols)
			for (int c = 0; c < cap; c++)
				h[c] = relu(z[c]);
		else
			for (int s = 0; s < nkeep; s++)
				h[s] = relu(z[t->keep[s]]);
	}
	if (nkeep != ncols)
		memcpy(t->mult, t->nmult, (size_t)nkeep * sizeof(int));
	*np_io = npure;
	*ni_io = nkeep - npure;
	*zm_io = nzero;
	return nkeep;
}

/* Deep nets (residual ones above all) can grow or shrink their activations
 * past the range of a double. Scaling the activations and every later bias
 * by the same power of two changes no sign and is exact, so when the largest
 * activation leaves [2^-256, 2^256] the columns are brought back near 1
 * (checked every 16 layers).
 * Returns the exponent divided out. */
static int rescale(double *H, int rows, int cap, int ncols, const atomic_int *cancel)
{
	double m = 0;
	for (int j = 0; j < rows && !stop_asked(cancel); j++)
		for (int c = 0; c < ncols; c++) {
			double a = fabs(H[(size_t)j * cap + c]);
			m = a > m ? a : m; /* not fmax: a libm call here */
		}
	int e;
	frexp(m, &e);
	if (m == 0 || (e <= 256 && e >= -256) || !isfinite(m))
		return 0;
	for (int j = 0; j < rows && !stop_asked(cancel); j++)
		for (int c = 0; c < ncols; c++)
			H[(size_t)j * cap + c] = ldexp(H[(size_t)j * cap + c], -e);
	return e; /* when cancelled H is garbage, but the trial is dropped */
}

/* Plain, batchnorm, residual, residual-post and skip. */
static int run_columns(dr_trial *t, const atomic_int *cancel, dr_outcome *o)
{
	const dr_params *p = &t->p;
	const int cap = t->cap, d = p->input_dim;
	const int residual = p->arch == DR_ARCH_RESIDUAL || p->arch == DR_ARCH_RESIDUAL_POST;
	const long long k = p->depth;
	double *H = t->H;
	int np = t->points, ni = 0, zm = 0, nin = d;
	int alive1 = 0, living1 = 0;
#ifdef DR_AVX2_KERNEL
	/* Plain and skip nets tracking only pure points take the fused kernel. */
	const int fused = t->simd && !t->keep_dead && !p->signflip &&
			  (p->arch == DR_ARCH_PLAIN || p->arch == DR_ARCH_SKIP);
#endif

	if (residual) {
		nin = p->width;
		project_input(t, nin, d);
	}
	for (int c = 0; t->mult && c < np; c++)
		t->mult[c] = 1;

	int scale = 0; /* H holds the activations times 2^-scale; see rescale() */
	for (long long l = 1; l <= k; l++) {
		if (stop_asked(cancel))
			return DR_ECANCELED;
		int nout = dr_params_layer_width(p, l);
		if (init_layer(p, &t->rng, nout, nin, t->W, t->b, cancel) != DR_OK)
			return DR_ECANCELED;
		if (scale)
			for (int j = 0; j < nout; j++)
				t->b[j] = ldexp(t->b[j], -scale);
		int nkeep;
#ifdef DR_AVX2_KERNEL
		if (fused && nout <= FUSED_MAX && nin <= FUSED_MAX && !(t->active && l <= t->max_active)) {
			int dead = 0;
			nkeep = np = fused_kernels[nout](t->W, t->b, nin, H, (size_t)cap, np, &dead, cancel);
			o->dead_units[l - 1] = dead;
		} else
#endif
		{
			nkeep = layer_columns(t, l, nout, nin, &np, &ni, &zm, o);
		}
		if (nkeep < 0)
			return DR_ECANCELED;
		nin = nout;
		if (l % 16 == 0) /* growth past 2^256 takes far more than 16 layers */
			scale += rescale(H, nout, cap, np + ni, cancel);

		if (p->arch == DR_ARCH_RESIDUAL) {
			o->alive[l - 1] = 1;
			o->living[l - 1] = np;
			continue;
		}
		int alive = p->criterion == DR_CRIT_LAYER ? nkeep > 0 : np > 0;
		if (l == 1) {
			alive1 = alive;
			living1 = np;
		}
		if (p->arch == DR_ARCH_SKIP) {
			/* Every layer feeds the output: the path through layer 1 decides. */
			o->alive[l - 1] = (unsigned char)alive1;
			o->living[l - 1] = living1;
			if (!alive) {
				fill_tail(o, l, k, alive1, living1, p);
				o->reached = k;
				return DR_OK;
			}
			continue;
		}
		o->alive[l - 1] = (unsigned char)alive;
		o->living[l - 1] = np;
		if (!alive) {
			o->reached = l;
			return DR_OK;
		}
	}
	o->reached = k;
	return DR_OK;
}

/* Dense: layer l sees [x, h_1, .., h_{l-1}]; every point stays in the batch and
 * is alive at depth l when the last layer is nonzero on it. */
static int run_dense(dr_trial *t, const atomic_int *cancel, dr_outcome *o)
{
	const dr_params *p = &t->p;
	const int cap = t->cap, P = t->points;
	double *H = t->H, *Z = t->Z;
	int nin = p->input_dim;

	for (long long l = 1; l <= p->depth; l++) {
		if (stop_asked(cancel))
			return DR_ECANCELED;
		int nout = dr_params_layer_width(p, l);
		if (init_layer(p, &t->rng, nout, nin, t->W, t->b, cancel) != DR_OK ||
		    affine(t->W, t->b, nout, nin, H, cap, P, Z, cancel) < 0)
			return DR_ECANCELED;
		if (p->signflip)
			signflip(Z, nout, cap, P, P, cancel);
		int dead = classify(t, l, nout, P, P, P);
		if (dead < 0)
			return DR_ECANCELED;
		o->dead_units[l - 1] = dead;
		int living = 0;
		for (int c = 0; c < P; c++)
			living += t->on[c];
		double *h = H + (size_t)nin * cap;
		for (size_t i = 0; i < (size_t)nout * cap; i++)
			h[i] = relu(Z[i]);
		nin += nout;
		o->alive[l - 1] = living > 0;
		o->living[l - 1] = living;
	}
	o->reached = p->depth;
	return DR_OK;
}

int trial_run(dr_trial *t, uint64_t index, const atomic_int *cancel, dr_outcome *o)
{
	t->cancel = cancel;
	rng_seed(&t->rng, t->p.seed, index);
	/* Residual nets project the points (sampled into Z) into H; the others
	 * start from the points themselves. */
	int residual = t->p.arch == DR_ARCH_RESIDUAL || t->p.arch == DR_ARCH_RESIDUAL_POST;
	if (inputs_sample(&t->p, t->data, &t->rng, residual ? t->Z : t->H, t->cap, cancel) != DR_OK)
		return DR_ECANCELED;
	if (t->p.arch == DR_ARCH_DENSE)
		return run_dense(t, cancel, o);
	return run_columns(t, cancel, o);
}
