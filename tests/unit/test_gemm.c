/* test_gemm.c - the single-precision product of wide layers (gemm.c).
 * Every kernel this CPU runs gives the same bits as the portable one, on
 * shapes that cut the tiles at every edge; the product is within the error
 * bound of a float dot product of the double one; scaling H and b by a
 * power of two scales Z by it exactly (and so changes no sign), far past
 * the range of a float; nothing outside the nout x ncols block is written;
 * a cancel stops it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "trial.h"

typedef struct {
	int nout, nin, ncols, cap;
	double *W, *b, *H;
} layer;

/* Weights and activations the way a layer sees them: normal weights,
 * ReLU outputs (a third exactly 0), biases of both signs. */
static void fill(layer *L, int nout, int nin, int ncols, uint64_t seed)
{
	dr_rng r;
	rng_seed(&r, seed, 0);
	L->nout = nout;
	L->nin = nin;
	L->ncols = ncols;
	L->cap = ncols + 5; /* rows do not end where the columns do */
	L->W = malloc((size_t)nout * nin * sizeof(double));
	L->b = malloc((size_t)nout * sizeof(double));
	L->H = malloc((size_t)nin * L->cap * sizeof(double));
	for (int i = 0; i < nout * nin; i++)
		L->W[i] = rng_normal(&r) / sqrt((double)nin);
	for (int j = 0; j < nout; j++)
		L->b[j] = rng_normal(&r) * 0.3;
	for (int i = 0; i < nin * L->cap; i++) {
		double z = rng_normal(&r) + 0.2;
		L->H[i] = z > 0 ? z : 0.0;
	}
}

static void drop(layer *L)
{
	free(L->W);
	free(L->b);
	free(L->H);
}

/* Z for kernel k into a fresh buffer of nout + 2 rows (the two past nout,
 * and the columns past ncols, hold a sentinel). NULL on failure. */
static double *run(int k, const layer *L, double hscale)
{
	size_t n = (size_t)(L->nout + 2) * L->cap;
	double *Z = malloc(n * sizeof(double)), *H = malloc((size_t)L->nin * L->cap * sizeof(double)),
	       *b = malloc((size_t)L->nout * sizeof(double));
	float *pack = malloc(gemm_pack_floats(L->nout, L->nin) * sizeof(float));
	for (size_t i = 0; i < n; i++)
		Z[i] = -7.25;
	for (size_t i = 0; i < (size_t)L->nin * L->cap; i++)
		H[i] = L->H[i] * hscale;
	for (int j = 0; j < L->nout; j++)
		b[j] = L->b[j] * hscale;
	atomic_int cancel = 0;
	int rc = gemm_layer_with(k, L->W, b, L->nout, L->nin, H, L->cap, L->ncols, Z, pack, &cancel);
	free(pack);
	free(H);
	free(b);
	if (rc != 0) {
		free(Z);
		return NULL;
	}
	return Z;
}

/* A float dot product of n terms, each operand rounded to float first,
 * is within (n + 3) u sum |w h| + |b| u of the exact one, u = 2^-24 (the
 * classic bound gamma_n, with room); the double one is nearly exact. */
static int within_float_bound(const layer *L, const double *Z, double *worst)
{
	const double u = 0x1.0p-24;
	int ok = 1;
	*worst = 0.0;
	for (int j = 0; j < L->nout; j++)
		for (int c = 0; c < L->ncols; c++) {
			double z = L->b[j], mag = fabs(L->b[j]);
			for (int i = 0; i < L->nin; i++) {
				double t = L->W[(size_t)j * L->nin + i] * L->H[(size_t)i * L->cap + c];
				z += t;
				mag += fabs(t);
			}
			double err = fabs(Z[(size_t)j * L->cap + c] - z), bound = (L->nin + 3) * u * mag + 1e-300;
			*worst = err / bound > *worst ? err / bound : *worst;
			ok &= err <= bound;
		}
	return ok;
}

static int untouched(const layer *L, const double *Z)
{
	for (int j = 0; j < L->nout + 2; j++)
		for (int c = 0; c < L->cap; c++)
			if ((j >= L->nout || c >= L->ncols) && Z[(size_t)j * L->cap + c] != -7.25)
				return 0;
	return 1;
}

static void shape(int nout, int nin, int ncols, uint64_t seed)
{
	layer L;
	fill(&L, nout, nin, ncols, seed);
	const int portable = gemm_kernels() - 1;
	double *ref = run(portable, &L, 1.0), worst = -1.0;
	int close = ref && within_float_bound(&L, ref, &worst);
	CHECK(NAME("gemm %dx%d on %d columns: portable within the float bound of the double product", nout, nin,
		   ncols),
	      close, "worst error %.3g of the bound", worst);
	CHECK(NAME("gemm %dx%d on %d columns: nothing written outside the block", nout, nin, ncols),
	      ref && untouched(&L, ref), "written");
	for (int k = 0; ref && k < portable; k++) {
		if (!gemm_kernel_available(k)) {
			printf("# gemm: kernel %s: not on this CPU, not compared\n", gemm_kernel_name(k));
			continue;
		}
		double *Z = run(k, &L, 1.0);
		size_t n = (size_t)(nout + 2) * L.cap;
		CHECK(NAME("gemm %dx%d on %d columns: %s gives the portable kernel's bits", nout, nin, ncols,
			   gemm_kernel_name(k)),
		      Z && !memcmp(Z, ref, n * sizeof(double)), "differ");
		free(Z);
	}
	/* far past the range of a float, both ways: exactly scaled (by the
	 * kernel gemm_layer picks: the first this CPU runs) */
	int best = 0;
	while (!gemm_kernel_available(best))
		best++;
	for (int e = -900; ref && e <= 900; e += 600) {
		double s = ldexp(1.0, e), *Z = run(best, &L, s);
		int exact = Z != NULL;
		for (int j = 0; exact && j < nout; j++)
			for (int c = 0; c < ncols; c++)
				exact &= Z[(size_t)j * L.cap + c] == ref[(size_t)j * L.cap + c] * s;
		CHECK(NAME("gemm %dx%d on %d columns: H and b times 2^%d give Z times 2^%d exactly", nout, nin, ncols,
			   e, e),
		      exact, "not");
		free(Z);
	}
	free(ref);
	drop(&L);
}

int main(void)
{
	printf("# gemm kernels:");
	for (int k = 0; k < gemm_kernels(); k++)
		printf(" %s%s", gemm_kernel_name(k), gemm_kernel_available(k) ? "" : " (not on this CPU)");
	printf("\n");
	/* every edge: rows past a panel of 4, 6 and 12, columns past 16 and 32 */
	shape(9, 2, 1, 1);
	shape(13, 7, 37, 2);
	shape(256, 256, 70, 3);
	shape(1, 300, 5, 4);
	shape(30, 1, 100, 5);
	shape(24, 16, 64, 6);
	shape(25, 33, 33, 7);

	layer L;
	fill(&L, 64, 64, 256, 8);
	float *pack = malloc(gemm_pack_floats(64, 64) * sizeof(float));
	double *Z = malloc((size_t)64 * L.cap * sizeof(double));
	atomic_int cancel = 1;
	CHECK("gemm: a cancel stops it", gemm_layer(L.W, L.b, 64, 64, L.H, L.cap, 256, Z, pack, &cancel) == -1,
	      "ran on");
	free(pack);
	free(Z);
	drop(&L);
	CHECK_DONE();
}
