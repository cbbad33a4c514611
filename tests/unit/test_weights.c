/* test_weights.c - each initialisation draws what its formula says, layer
 * by layer through init_layer: the range of every weight and bias, the
 * variance of the weights (within 5 standard errors of the sample's own
 * variance estimate, fixed seeds), orthogonal matrices orthogonal, the
 * presets' own biases (torch's per layer by fan-in) and a bias set over
 * them, and rai's own biases whatever bias says. The formulas are the
 * frameworks' (documented in deadrelu(1) under weights), not read back
 * from the program. */
#include "helpers.h"
#include "internal.h"

#include <stdlib.h>

enum { DRAWS = 400 };

typedef struct {
	double m2, m4, max_w, max_b, min_b, max_b_abs;
	long long n, nb;
} moments;

/* DRAWS layers of rows x cols under spec, their weights' moments and the
 * biases' range. */
static int draw_layers(const char *spec, int rows, int cols, moments *m)
{
	dr_params p;
	if (!check_setup(&p, NULL, spec))
		return 0;
	double *W = malloc(sizeof *W * (size_t)rows * cols), *b = malloc(sizeof *b * (size_t)rows);
	*m = (moments){.max_b = -INFINITY, .min_b = INFINITY};
	int ok = W && b;
	for (int t = 0; ok && t < DRAWS; t++) {
		dr_rng r;
		rng_seed(&r, 7, (uint64_t)t);
		ok = init_layer(&p, &r, rows, cols, W, b, NULL) == DR_OK;
		for (int i = 0; ok && i < rows * cols; i++) {
			double w2 = W[i] * W[i];
			m->m2 += w2;
			m->m4 += w2 * w2;
			m->max_w = fmax(m->max_w, fabs(W[i]));
			m->n++;
		}
		for (int j = 0; ok && j < rows; j++) {
			m->max_b = fmax(m->max_b, b[j]);
			m->min_b = fmin(m->min_b, b[j]);
			m->max_b_abs = fmax(m->max_b_abs, fabs(b[j]));
			m->nb++;
		}
	}
	free(W);
	free(b);
	if (!ok) {
		printf("FAIL setup: init_layer for '%s'\n", spec);
		check_failed++;
		return 0;
	}
	m->m2 /= (double)m->n;
	m->m4 /= (double)m->n;
	return 1;
}

/* The weights' variance (mean 0 by symmetry) is var, within 5 standard
 * errors sqrt((E w^4 - (E w^2)^2) / n) of the sample's estimate. */
static void check_variance(const char *spec, const moments *m, double var)
{
	double se = sqrt((m->m4 - m->m2 * m->m2) / (double)m->n);
	CHECK(NAME("weights variance [%s]", spec), fabs(m->m2 - var) <= 5 * se,
	      "E w^2 = %.6g, want %.6g (5 se = %.3g)", m->m2, var, 5 * se);
}

static void test_scales(void)
{
	static const struct {
		const char *spec;
		int rows, cols;
		double var, max_w; /* the variance; every |w| at most max_w (INFINITY: unbounded) */
	} C[] = {
		/* nn.Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), variance 1/(3 fan_in) */
		{"weights=torch", 6, 5, 1.0 / 15, 0.4472135955},
		{"weights=torch", 3, 40, 1.0 / 120, 0.1581138830},
		/* Keras Dense: glorot-uniform, U(+-sqrt(6/(fan_in+fan_out))), variance 2/(fan_in+fan_out) */
		{"weights=keras", 6, 5, 2.0 / 11, 0.7385489459},
		/* Flax Dense: variance 1/fan_in after truncation at 2 sd of the
		 * normal, whose sd is sqrt(1/fan_in)/0.8796256610 */
		{"weights=flax", 6, 5, 1.0 / 5, 2 * 0.4472135955 / 0.87962566103423978},
		/* truncated at 2 w_scale: the variance of N(0,1) on [-2, 2] is
		 * 1 - 4 phi(2) / (2 Phi(2) - 1) = 0.7737413... times w_scale^2 */
		{"weights=truncated-normal w_scale=0.02", 6, 5, 0.0004 * 0.77374130, 0.04},
		{"weights=normal w_scale=0.02", 6, 5, 0.0004, INFINITY},
		{"weights=uniform w_scale=0.3", 6, 5, 0.09 / 3, 0.3},
		/* kaiming normal, mode fan_out: N(0, 2/fan_out) */
		{"weights=he-fan-out", 6, 5, 2.0 / 6, INFINITY},
		{"weights=playground", 6, 5, 1.0 / 12, 0.5},
		{"weights=he-positive", 6, 5, 2.0 / 5, INFINITY},
		/* orthogonal: E W_ij^2 = gain^2 / max(rows, cols) (a unit vector of that length) */
		{"weights=orthogonal w_scale=1.5", 6, 4, 2.25 / 6, 1.5},
		{"weights=orthogonal", 3, 7, 1.0 / 7, 1.0},
	};
	for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
		moments m;
		char spec[160];
		snprintf(spec, sizeof spec, "%s (%d x %d)", C[i].spec, C[i].rows, C[i].cols);
		if (!draw_layers(C[i].spec, C[i].rows, C[i].cols, &m))
			continue;
		check_variance(spec, &m, C[i].var);
		if (isfinite(C[i].max_w))
			CHECK(NAME("weights range [%s]", spec), m.max_w <= C[i].max_w * (1 + 1e-12) && m.max_w > 0.8 * C[i].max_w,
			      "largest |w| %.10g, want at most %.10g (and near it)", m.max_w, C[i].max_w);
	}
}

/* W^T W (rows >= cols) or W W^T = gain^2 I, to rounding. */
static void test_orthogonal(void)
{
	static const struct {
		int rows, cols;
		double gain;
	} C[] = {{5, 3, 1}, {3, 5, 2}, {4, 4, 1}, {64, 64, 1}, {1, 6, 1}};
	for (size_t c = 0; c < sizeof C / sizeof C[0]; c++) {
		int rows = C[c].rows, cols = C[c].cols, k = rows < cols ? rows : cols;
		dr_params p;
		char spec[64];
		snprintf(spec, sizeof spec, "weights=orthogonal w_scale=%g", C[c].gain);
		if (!check_setup(&p, NULL, spec))
			continue;
		double *W = malloc(sizeof *W * (size_t)rows * cols), *b = malloc(sizeof *b * (size_t)rows);
		dr_rng r;
		rng_seed(&r, 3, (uint64_t)c);
		double worst = 0;
		if (W && b && init_layer(&p, &r, rows, cols, W, b, NULL) == DR_OK)
			for (int u = 0; u < k; u++)
				for (int v = 0; v < k; v++) {
					double dot = 0;
					for (int e = 0; e < (rows < cols ? cols : rows); e++)
						dot += rows < cols ? W[(size_t)u * cols + e] * W[(size_t)v * cols + e]
								   : W[(size_t)e * cols + u] * W[(size_t)e * cols + v];
					worst = fmax(worst, fabs(dot - (u == v ? C[c].gain * C[c].gain : 0)));
				}
		else
			worst = INFINITY;
		CHECK(NAME("orthogonal %dx%d gain %g: orthonormal %s times the gain", rows, cols, C[c].gain,
			   rows < cols ? "rows" : "columns"),
		      worst < 1e-12, "largest error of the Gram matrix %.3g", worst);
		free(W);
		free(b);
	}
}

/* The presets' biases, one set over them, and rai's own. */
static void test_biases(void)
{
	moments m;
	/* torch: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with the layer's own fan-in */
	if (draw_layers("weights=torch", 50, 2, &m))
		CHECK("bias torch fan-in 2", m.max_b_abs <= 1 / sqrt(2.0) && m.max_b_abs > 0.95 / sqrt(2.0) && m.min_b < 0,
		      "largest |b| %.6g, want up to 1/sqrt(2) = %.6g", m.max_b_abs, 1 / sqrt(2.0));
	if (draw_layers("weights=torch", 50, 30, &m))
		CHECK("bias torch fan-in 30", m.max_b_abs <= 1 / sqrt(30.0) && m.max_b_abs > 0.95 / sqrt(30.0),
		      "largest |b| %.6g, want up to 1/sqrt(30) = %.6g", m.max_b_abs, 1 / sqrt(30.0));
	static const struct {
		const char *spec;
		double lo, hi; /* every bias in [lo, hi] */
	} C[] = {
		{"weights=keras", 0, 0},
		{"weights=flax", 0, 0},
		{"weights=he-positive", 0.01, 0.01},
		{"weights=playground", 0.1, 0.1},
		{"weights=torch bias=zero", 0, 0},       /* set over the preset's own */
		{"weights=playground bias=-0.25", -0.25, -0.25},
		{"weights=he-normal bias=fan-in", -1 / sqrt(5.0), 1 / sqrt(5.0)},
	};
	for (size_t i = 0; i < sizeof C / sizeof C[0]; i++)
		if (draw_layers(C[i].spec, 7, 5, &m))
			CHECK(NAME("bias [%s]", C[i].spec), m.min_b >= C[i].lo && m.max_b <= C[i].hi,
			      "biases from %.6g to %.6g, want within [%.6g, %.6g]", m.min_b, m.max_b, C[i].lo, C[i].hi);
	/* a normal bias set over torch's: N(0, 1), so some |b| > 1/sqrt(5) */
	if (draw_layers("weights=torch bias=normal", 7, 5, &m))
		CHECK("bias normal over torch's", m.max_b_abs > 1, "largest |b| %.3g: still torch's own?", m.max_b_abs);
	/* rai draws its biases itself: the same draws whatever bias says */
	dr_params a, z;
	if (check_setup(&a, NULL, "weights=rai bias=zero") && check_setup(&z, NULL, "weights=rai bias=normal")) {
		double Wa[12], ba[3], Wz[12], bz[3];
		dr_rng r1, r2;
		rng_seed(&r1, 9, 0);
		rng_seed(&r2, 9, 0);
		init_layer(&a, &r1, 3, 4, Wa, ba, NULL);
		init_layer(&z, &r2, 3, 4, Wz, bz, NULL);
		CHECK("rai ignores bias", !memcmp(Wa, Wz, sizeof Wa) && !memcmp(ba, bz, sizeof ba) && ba[0] != 0,
		      "weights rai drew other numbers with bias zero than with bias normal");
	}
}

int main(void)
{
	test_scales();
	test_orthogonal();
	test_biases();
	CHECK_DONE();
}
