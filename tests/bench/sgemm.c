/* sgemm.c - the machine's BLAS on the shape of bench experiment (c): one
 * layer of width 256 over 1024 points, C (256 x 1024) = A (256 x 256) B
 * (256 x 1024), single and double precision, one thread (set
 * OPENBLAS_NUM_THREADS=1) or as the library is configured. Prints
 *
 *     # OpenBLAS VERSION, core CORE, threads N
 *     sgemm GFLOPS
 *     dgemm GFLOPS
 *
 * A benchmark peer for scripts/bench.sh, not a test. Built only where
 * OpenBLAS is installed (pkg-config openblas). */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

char *openblas_get_corename(void);
char *openblas_get_config(void);
int openblas_get_num_threads(void);

enum { M = 256, K = 256, N = 1024 };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* GFLOP/s of the best of repeated timings over at least `seconds`. */
#define TIME_GEMM(type, call)                                                               \
	static double time_##call(double seconds)                                             \
	{                                                                                     \
		type *a = malloc(sizeof(type) * M * K), *b = malloc(sizeof(type) * K * N),      \
		     *c = malloc(sizeof(type) * M * N);                                          \
		if (!a || !b || !c)                                                              \
			return 0;                                                                \
		for (int i = 0; i < M * K; i++)                                                  \
			a[i] = (type)((i % 17) - 8) / 8;                                         \
		for (int i = 0; i < K * N; i++)                                                  \
			b[i] = (type)((i % 13) - 6) / 6;                                         \
		double best = 1e30, t0 = now();                                                  \
		do {                                                                             \
			double t = now();                                                        \
			cblas_##call(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1, a, K, \
				     b, N, 0, c, N);                                             \
			t = now() - t;                                                           \
			best = t < best ? t : best;                                              \
		} while (now() - t0 < seconds);                                                  \
		free(a);                                                                         \
		free(b);                                                                         \
		free(c);                                                                         \
		return 2.0 * M * N * K / best / 1e9;                                             \
	}
TIME_GEMM(float, sgemm)
TIME_GEMM(double, dgemm)

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	printf("# OpenBLAS %s, core %s, threads %d\n", openblas_get_config(), openblas_get_corename(),
	       openblas_get_num_threads());
	printf("sgemm %.2f\n", time_sgemm(seconds));
	printf("dgemm %.2f\n", time_dgemm(seconds));
	return 0;
}
