/* kernel_avx2.c - the fused AVX2 kernel for narrow plain layers (trial.h,
 * kernel_fused), used when the CPU has AVX2; the portable path
 * (layer_columns) gives the same doubles. Built empty but for
 * kernel_available() without DR_AVX2_KERNEL (make check-portable). */
#include "trial.h"

int kernel_available(void)
{
#ifdef DR_AVX2_KERNEL
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#else
	return 0;
#endif
}

#ifdef DR_AVX2_KERNEL
#include <immintrin.h>
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

int kernel_fused(const double *W, const double *b, int nout, int nin, double *H, size_t cap, int n, int *dead,
		 const atomic_int *cancel)
{
	return fused_kernels[nout](W, b, nin, H, cap, n, dead, cancel);
}
#endif
