/* gemm.c - Z = W H + b for wide layers (wider than FUSED_MAX) as a blocked
 * single-precision product with fused multiply-adds: W packed once per
 * layer into panels of MR rows, H packed a panel of NR columns at a time,
 * and a register-tiled micro-kernel computing an MR x NR block of Z.
 *
 * Every element is computed the same way by every kernel: acc = the bias,
 * then acc = fmaf(w_jk, h_kc, acc) for k = 0, 1, .., nin - 1, in float. The
 * tile shapes differ (AVX-512, AVX2+FMA, portable C with fmaf) but no
 * element's operations or their order do, so the bits are the same on every
 * machine and for every SIMD width (test_gemm checks it).
 *
 * Only the signs of z decide which units die, and single precision moves a
 * sign only where |z| is within a few float roundings of 0. To keep floats
 * away from overflow and underflow, H and b enter scaled by the power of two
 * 2^-e that brings their largest magnitude into [1/2, 1), and Z leaves
 * scaled back by 2^e: both exact, no sign can change by them. Written for
 * this engine rather than calling a BLAS: a BLAS may split the sums of a
 * dot product differently on different machines or thread counts, and the
 * engine promises the same bits on all of them. */
#include <math.h>
#include <string.h>
#include "trial.h"

#define NR_MAX 32 /* the widest column panel of any kernel */
#define MR_MAX 12 /* the tallest row panel */

typedef void tile_fn(const float *A, const float *B, int nin, const float *bias, double scale, double *Z,
		     size_t cap);
typedef void edge_fn(const float *A, const float *B, int nin, const float *bias, float *C);

typedef struct {
	const char *name;
	int mr, nr;
	int (*available)(void);
	tile_fn *tile; /* a full MR x NR block straight into Z */
	edge_fn *edge; /* the same into C[MR][NR], for blocks cut by the edges */
} gemm_kernel;

/* ---- portable: plain C with fmaf (a vector FMA where the compiler has
 * one, as on aarch64) ---- */

enum { P_MR = 4, P_NR = 16 };

static void portable_edge(const float *A, const float *B, int nin, const float *bias, float *C)
{
	float acc[P_MR][P_NR];
	for (int j = 0; j < P_MR; j++)
		for (int c = 0; c < P_NR; c++)
			acc[j][c] = bias[j];
	for (int k = 0; k < nin; k++) {
		const float *a = A + (size_t)k * P_MR, *h = B + (size_t)k * P_NR;
		for (int j = 0; j < P_MR; j++)
			for (int c = 0; c < P_NR; c++)
				acc[j][c] = fmaf(a[j], h[c], acc[j][c]);
	}
	memcpy(C, acc, sizeof acc);
}

static void portable_tile(const float *A, const float *B, int nin, const float *bias, double scale, double *Z,
			  size_t cap)
{
	float C[P_MR * P_NR];
	portable_edge(A, B, nin, bias, C);
	for (int j = 0; j < P_MR; j++)
		for (int c = 0; c < P_NR; c++)
			Z[(size_t)j * cap + c] = (double)C[j * P_NR + c] * scale;
}

static int always(void)
{
	return 1;
}

/* ---- x86: AVX2 with FMA, and AVX-512 ---- */

#ifdef DR_AVX2_KERNEL
#include <immintrin.h>

enum { X2_MR = 6, X2_NR = 16, X5_MR = 12, X5_NR = 32 };

static int avx2_available(void)
{
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

static int avx512_available(void)
{
	return __builtin_cpu_supports("avx512f");
}

/* MR rows x two vectors of columns, the accumulators in registers; then
 * into Z, converted and scaled (a full block), or into C (cut by an edge;
 * to_c is a constant after inlining). Stored here, not handed back as an
 * array: __m256 may alias the floats loaded, and GCC would then keep the
 * accumulators in memory. */
static inline __attribute__((always_inline, target("avx2,fma"))) void
avx2_block(const float *A, const float *B, int nin, const float *bias, double scale, double *Z, size_t cap,
	   float *C, const int to_c)
{
	/* named variables: GCC 12 keeps an array of them in memory */
	__m256 p0 = _mm256_set1_ps(bias[0]), p1 = _mm256_set1_ps(bias[1]), p2 = _mm256_set1_ps(bias[2]),
	       p3 = _mm256_set1_ps(bias[3]), p4 = _mm256_set1_ps(bias[4]), p5 = _mm256_set1_ps(bias[5]);
	__m256 q0 = p0, q1 = p1, q2 = p2, q3 = p3, q4 = p4, q5 = p5;
	for (int k = 0; k < nin; k++) {
		__m256 h0 = _mm256_loadu_ps(B + (size_t)k * X2_NR), h1 = _mm256_loadu_ps(B + (size_t)k * X2_NR + 8);
		const float *a = A + (size_t)k * X2_MR;
		__m256 w;
#define ROW(j)                                        \
	w = _mm256_broadcast_ss(a + j);               \
	p##j = _mm256_fmadd_ps(w, h0, p##j);          \
	q##j = _mm256_fmadd_ps(w, h1, q##j);
		ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5)
#undef ROW
	}
	__m256 c0[X2_MR] = {p0, p1, p2, p3, p4, p5}, c1[X2_MR] = {q0, q1, q2, q3, q4, q5};
	if (to_c) {
		for (int j = 0; j < X2_MR; j++) {
			_mm256_storeu_ps(C + j * X2_NR, c0[j]);
			_mm256_storeu_ps(C + j * X2_NR + 8, c1[j]);
		}
		return;
	}
	__m256d s = _mm256_set1_pd(scale);
	for (int j = 0; j < X2_MR; j++) {
		double *z = Z + (size_t)j * cap;
		_mm256_storeu_pd(z, _mm256_mul_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(c0[j])), s));
		_mm256_storeu_pd(z + 4, _mm256_mul_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(c0[j], 1)), s));
		_mm256_storeu_pd(z + 8, _mm256_mul_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(c1[j])), s));
		_mm256_storeu_pd(z + 12, _mm256_mul_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(c1[j], 1)), s));
	}
}

static __attribute__((target("avx2,fma"))) void avx2_tile(const float *A, const float *B, int nin,
							  const float *bias, double scale, double *Z, size_t cap)
{
	avx2_block(A, B, nin, bias, scale, Z, cap, NULL, 0);
}

static __attribute__((target("avx2,fma"))) void avx2_edge(const float *A, const float *B, int nin,
							  const float *bias, float *C)
{
	avx2_block(A, B, nin, bias, 1.0, NULL, 0, C, 1);
}

/* The same with 16 floats to a vector (see avx2_block). */
static inline __attribute__((always_inline, target("avx512f"))) void
avx512_block(const float *A, const float *B, int nin, const float *bias, double scale, double *Z, size_t cap,
	     float *C, const int to_c)
{
#define ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define INIT(j) __m512 p##j = _mm512_set1_ps(bias[j]), q##j = p##j;
	ROWS(INIT)
#undef INIT
	for (int k = 0; k < nin; k++) {
		__m512 h0 = _mm512_loadu_ps(B + (size_t)k * X5_NR), h1 = _mm512_loadu_ps(B + (size_t)k * X5_NR + 16);
		const float *a = A + (size_t)k * X5_MR;
		__m512 w;
#define ROW(j)                                        \
	w = _mm512_set1_ps(a[j]);                     \
	p##j = _mm512_fmadd_ps(w, h0, p##j);          \
	q##j = _mm512_fmadd_ps(w, h1, q##j);
		ROWS(ROW)
#undef ROW
	}
#define P(j) p##j,
#define Q(j) q##j,
	__m512 c0[X5_MR] = {ROWS(P)}, c1[X5_MR] = {ROWS(Q)};
#undef P
#undef Q
#undef ROWS
	if (to_c) {
		for (int j = 0; j < X5_MR; j++) {
			_mm512_storeu_ps(C + j * X5_NR, c0[j]);
			_mm512_storeu_ps(C + j * X5_NR + 16, c1[j]);
		}
		return;
	}
	__m512d s = _mm512_set1_pd(scale);
	for (int j = 0; j < X5_MR; j++) {
		double *z = Z + (size_t)j * cap;
		__m512 v[2] = {c0[j], c1[j]};
		for (int h = 0; h < 2; h++) {
			__m256 lo = _mm512_castps512_ps256(v[h]),
			       hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v[h]), 1));
			_mm512_storeu_pd(z + 16 * h, _mm512_mul_pd(_mm512_cvtps_pd(lo), s));
			_mm512_storeu_pd(z + 16 * h + 8, _mm512_mul_pd(_mm512_cvtps_pd(hi), s));
		}
	}
}

static __attribute__((target("avx512f"))) void avx512_tile(const float *A, const float *B, int nin,
							   const float *bias, double scale, double *Z, size_t cap)
{
	avx512_block(A, B, nin, bias, scale, Z, cap, NULL, 0);
}

static __attribute__((target("avx512f"))) void avx512_edge(const float *A, const float *B, int nin,
							   const float *bias, float *C)
{
	avx512_block(A, B, nin, bias, 1.0, NULL, 0, C, 1);
}
#endif

/* Fastest first. */
static const gemm_kernel kernels[] = {
#ifdef DR_AVX2_KERNEL
	{"avx512", X5_MR, X5_NR, avx512_available, avx512_tile, avx512_edge},
	{"avx2", X2_MR, X2_NR, avx2_available, avx2_tile, avx2_edge},
#endif
	{"portable", P_MR, P_NR, always, portable_tile, portable_edge},
};
enum { NKERNELS = sizeof kernels / sizeof kernels[0] };

int gemm_kernels(void)
{
	return NKERNELS;
}

const char *gemm_kernel_name(int k)
{
	return k >= 0 && k < NKERNELS ? kernels[k].name : NULL;
}

int gemm_kernel_available(int k)
{
	return k >= 0 && k < NKERNELS && kernels[k].available();
}

static int best_kernel(void)
{
	static _Atomic int best = -1; /* (the same value whichever thread writes it) */
	int b = best;
	if (b < 0) {
		for (b = 0; !kernels[b].available(); b++)
			;
		best = b;
	}
	return b;
}

size_t gemm_pack_floats(int nout, int nin)
{
	size_t rows = (size_t)nout + MR_MAX; /* rounded up to whole panels */
	return (rows + NR_MAX) * (size_t)nin + rows;
}

/* The exponent e with max(|H|, |b|) in [2^(e-1), 2^e) (0 when all are 0). */
static int common_exponent(const double *b, int nout, int nin, const double *H, int cap, int ncols)
{
	double m = 0.0;
	for (int j = 0; j < nout; j++)
		m = fabs(b[j]) > m ? fabs(b[j]) : m;
	for (int i = 0; i < nin; i++)
		for (int c = 0; c < ncols; c++) {
			double a = fabs(H[(size_t)i * cap + c]);
			m = a > m ? a : m;
		}
	int e = 0;
	if (m > 0.0 && isfinite(m))
		frexp(m, &e);
	return e;
}

int gemm_layer_with(int kernel, const double *W, const double *b, int nout, int nin, const double *H, int cap,
		    int ncols, double *Z, float *pack, const atomic_int *cancel)
{
	const gemm_kernel *K = &kernels[kernel];
	const int mr = K->mr, nr = K->nr, rows = (nout + mr - 1) / mr * mr;
	const int e = common_exponent(b, nout, nin, H, cap, ncols);
	const double down = ldexp(1.0, -e), up = ldexp(1.0, e);
	float *A = pack, *B = A + (size_t)rows * nin, *bias = B + (size_t)nr * nin;

	/* W in panels of mr rows, k-major within a panel; rows past nout 0 */
	for (int j0 = 0; j0 < rows; j0 += mr)
		for (int k = 0; k < nin; k++)
			for (int j = 0; j < mr; j++)
				A[((size_t)j0 * nin) + (size_t)k * mr + j] =
					j0 + j < nout ? (float)W[(size_t)(j0 + j) * nin + k] : 0.0f;
	for (int j = 0; j < rows; j++)
		bias[j] = j < nout ? (float)(b[j] * down) : 0.0f;

	float C[MR_MAX * NR_MAX];
	for (int c0 = 0; c0 < ncols; c0 += nr) {
		if (stop_asked(cancel))
			return -1;
		const int nc = ncols - c0 < nr ? ncols - c0 : nr;
		for (int k = 0; k < nin; k++) {
			const double *h = H + (size_t)k * cap + c0;
			float *p = B + (size_t)k * nr;
			for (int c = 0; c < nc; c++)
				p[c] = (float)(h[c] * down);
			for (int c = nc; c < nr; c++)
				p[c] = 0.0f;
		}
		for (int j0 = 0; j0 < rows; j0 += mr) {
			const float *a = A + (size_t)j0 * nin;
			double *z = Z + (size_t)j0 * cap + c0;
			if (nc == nr && j0 + mr <= nout) {
				K->tile(a, B, nin, bias + j0, up, z, (size_t)cap);
				continue;
			}
			K->edge(a, B, nin, bias + j0, C);
			const int nrow = nout - j0 < mr ? nout - j0 : mr;
			for (int j = 0; j < nrow; j++)
				for (int c = 0; c < nc; c++)
					z[(size_t)j * cap + c] = (double)C[j * nr + c] * up;
		}
	}
	return 0;
}

int gemm_layer(const double *W, const double *b, int nout, int nin, const double *H, int cap, int ncols,
	       double *Z, float *pack, const atomic_int *cancel)
{
	return gemm_layer_with(best_kernel(), W, b, nout, nin, H, cap, ncols, Z, pack, cancel);
}
