/* internal.h - declarations shared by the engine's files; not public.
 * Everything declared here has hidden visibility: libdeadrelu.a exports only
 * the dr_ names of deadrelu.h (tests/cli/test_symbols.sh checks). */
#ifndef DR_INTERNAL_H
#define DR_INTERNAL_H

#include <stdarg.h>
#include <stdatomic.h>
#include "deadrelu.h"

#pragma GCC visibility push(hidden)

/* ---- rng.c: xoshiro256** seeded through splitmix64 ---- */
typedef struct {
	uint64_t s[4];
} dr_rng;

/* The stream of trial `index` under `seed`: independent of thread count. */
void rng_seed(dr_rng *r, uint64_t seed, uint64_t index);

static inline uint64_t rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(dr_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rng_rotl(s[3], 45);
	return result;
}

/* [0, 1), multiples of 2^-53. */
static inline double rng_uniform(dr_rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* (0, 1): odd multiples of 2^-53. */
static inline double rng_uniform_pos(dr_rng *r)
{
	return ((double)(rng_next(r) >> 12) + 0.5) * 0x1.0p-52;
}

/* (-1, 1), symmetric about 0 and never 0: odd multiples of 2^-52 (exact). */
static inline double rng_uniform_sym(dr_rng *r)
{
	return ((double)(rng_next(r) >> 12) + 0.5) * 0x1.0p-51 - 1.0;
}

/* Standard normals: the Marsaglia-Tsang ziggurat with 256 layers, one 64-bit
 * draw per normal on the fast path (bits 0-7 the layer, bit 8 the sign, bits
 * 12-63 the abscissa, which is never 0). Tables in rng.c. */
extern const double dr_zig_x[257], dr_zig_f[257];
double rng_normal_slow(dr_rng *r, uint64_t bits);

static inline double rng_normal(dr_rng *r)
{
	uint64_t bits = rng_next(r);
	unsigned i = (unsigned)(bits & 0xff);
	double x = ((double)(bits >> 12) + 0.5) * 0x1.0p-52 * dr_zig_x[i];
	if (__builtin_expect(x < dr_zig_x[i + 1], 1)) {
		uint64_t xb;
		__builtin_memcpy(&xb, &x, sizeof xb);
		xb |= (bits & 0x100) << 55; /* the sign, without a branch */
		__builtin_memcpy(&x, &xb, sizeof x);
		return x;
	}
	return rng_normal_slow(r, bits);
}


/* ---- special.c ---- */
double sp_normal_cdf(double x);
double sp_student_t_cdf(double t, double dof);
/* log(-log1p(-2^-a)) for a > 0: the log of the magnitude of one layer's
 * log-factor, finite however large a is. */
double sp_log_neg_log1m_pow2(double a);
/* log(-log1p(-exp(x))) for x < 0, the same for a factor 1 - e^x. */
double sp_log_neg_log1m_exp(double x);
double sp_logaddexp(double a, double b);

/* ---- util ---- */

/* Has the run been asked to stop? Long loops check it (once per row of a
 * layer, or per million multiply-adds), so a cancel takes effect within
 * milliseconds whatever the size of a layer. */
static inline int stop_asked(const atomic_int *cancel)
{
	return cancel && atomic_load_explicit(cancel, memory_order_relaxed);
}

/* ---- number.c: the numbers of parameter values ---- */
/* The integer s..end spells exactly (s..end one number of dr_scan_number's
 * syntax, "1e3" and "2.50e1" included); 0 with the sign and magnitude, or -1. */
int num_scan_integer(const char *s, const char *end, int *neg, uint64_t *mag);
/* An exact integer in lo..hi, the whole of s: 0 or -1. */
int num_parse_ll(const char *s, long long lo, long long hi, long long *out);
/* A number in lo..hi, the whole of s (blanks around allowed): 0 or -1. */
int num_parse_real(const char *s, double lo, double hi, double *out);
/* Numbers separated by one comma or by blanks, each in lo..hi (exact
 * integers with `integers`), at most max: the count or -1. */
int num_parse_list(const char *s, double lo, double hi, int integers, double *out, int max);
/* The shortest "%g" form that reads back as x (at most DR_NUMBER_LEN
 * bytes); snprintf's return. */
int num_format(char *b, size_t n, double x);
/* Appends s at offset used of b (size n) as far as it fits; returns the
 * new length as if everything fitted (snprintf's rule). */
size_t num_append(char *b, size_t n, size_t used, const char *s);

/* The widest hidden layer. */
int params_max_width(const dr_params *p);

int dr_errf(char *err, size_t len, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- weights.c: the initialisations, one descriptor per dr_weights and dr_bias ---- */
typedef struct {
	/* The scale of the weights for this fan-in/out: the standard
	 * deviation, or for truncated normals the normal's before truncation,
	 * for orthogonal the gain. */
	double (*sd)(const dr_params *p, int fan_in, int fan_out);
	/* Fills W (rows x cols, row-major) and b (rows); DR_ECANCELED if *cancel became set. */
	int (*draw)(const dr_params *p, dr_rng *r, int rows, int cols, double sd, double *W, double *b,
		    const atomic_int *cancel);
	unsigned iid_normal : 1;     /* w ~ N(0, sd^2 I): the ball factor's closed form holds */
	unsigned dependent_rows : 1; /* a layer's units are not independent (orthogonal) */
	unsigned own_biases : 1;     /* it draws the biases itself: the bias parameter is not used (rai) */
	dr_bias bias;                /* the preset's bias, for bias auto (DR_B_AUTO: none, normal) */
	double bias_value;           /* that bias when it is DR_B_CONSTANT */
	const char *breaks;          /* why the bounds do not apply with it, or NULL */
} init_weights;

typedef struct {
	/* Fills b[0..n) of a layer with that fan-in, in the order of the stream. */
	void (*fill)(const dr_params *p, dr_rng *r, int n, int fan_in, double *b);
	unsigned zero : 1;      /* every bias 0: the bounds' exponents lose the +1 */
	unsigned symmetric : 1; /* symmetric about 0 (a mirrored pair negates it) */
	unsigned normal : 1;    /* N(0, bias_scale^2): the ball factor's closed form holds */
	/* Writes why the bounds do not apply with it; NULL: they do. */
	void (*breaks)(const dr_params *p, char *buf, size_t len);
} init_bias;

const init_weights *weights_of(const dr_params *p);
/* The bias in effect: the one set, or for auto the preset's (else normal). */
dr_bias bias_kind(const dr_params *p);
const init_bias *bias_of(const dr_params *p);
/* Fills W (rows x cols, row-major) and b (rows) for a layer with the given
 * fan-in (cols) and fan-out (rows); DR_ECANCELED if *cancel became set. */
int init_layer(const dr_params *p, dr_rng *r, int rows, int cols, double *W, double *b, const atomic_int *cancel);
/* z = W v + b (rows) for one column v of cols entries with |v|^2 = norm2,
 * drawn without W: iid normal weights of standard deviation sw only (proof
 * in weights.c); the bias times 2^-scale. */
void init_layer_one_column(const dr_params *p, dr_rng *r, int rows, int cols, double sw, double norm2, int scale,
			   double *z);
/* With a normal bias: how many of the rows z_j that init_layer_one_column
 * would draw are positive (their sign is the normal's), drawing the same. */
int init_one_column_positive(dr_rng *r, int rows);
/* Standard deviation of the weights for this fan-in/out. */
double init_weight_sd(const dr_params *p, int fan_in, int fan_out);

/* ---- data.c: data sets read from CSV ---- */
typedef struct {
	int rows, cols;
	double *x;      /* rows x cols, row-major */
} dr_data;

/* Reads a CSV data set (deadrelu.1, data_file) whole, or refuses it with a
 * one-line message naming the file, the line and the problem; never blocks
 * or hangs (only a regular file is read, at most max_file bytes). The
 * numbers may take at most max_bytes (DR_ELIMIT, "needs about N MiB"). */
int data_read(const char *path, size_t max_bytes, size_t max_file, dr_data *d, char *err, size_t errlen);
/* data_read with the file cap DR_MAX_DATA_BYTES; max_bytes is the run's
 * max_memory in bytes. */
int data_load_max(const char *path, size_t max_bytes, dr_data *d, char *err, size_t errlen);
void data_free(dr_data *d);
/* s as a message shows it: control bytes as '?' (one line stays one line),
 * and past max bytes the middle elided as "..." at UTF-8 character
 * boundaries, so the rest of a message still fits DR_ERRLEN. buf holds
 * max + 1 bytes; max >= 5. Returns buf. */
#define DR_SHOWN_LEN 97
const char *data_shown(const char *s, size_t max, char *buf);

/* ---- inputs.c: the input sets ---- */
/* One input set (dr_input): how it is sampled and what the bounds may
 * assume about it. The table is in inputs.c. */
typedef struct {
	/* Writes n points feature-major: X[i * stride + j] = coordinate i of
	 * point j; stride > n (column n is scratch). DR_ECANCELED if *cancel
	 * became set (NULL: never). */
	int (*sample)(const dr_params *p, const dr_data *d, dr_rng *r, double *X, int stride, int n,
		      const atomic_int *cancel);
	/* Does the set lie in the closed nonnegative orthant? NULL: when every
	 * coordinate of centre minus its reach (radius if bounded) is >= 0. */
	int (*in_orthant)(const dr_params *p);
	unsigned one_point : 1; /* always the single point center */
	unsigned sized : 1;     /* radius 0 makes it the single point center */
	unsigned bounded : 1;   /* within radius of center in every coordinate */
	unsigned in_ball : 1;   /* within the ball (center, radius): the ball factor holds */
	unsigned data : 1;      /* the rows of data_file */
	/* The bounds' note when F_1 = 1 (no point, orthant or ball factor), or NULL. */
	const char *any_sign_note;
} input_set;

const input_set *input_of(const dr_params *p);
/* Is the input set a single point (one_point, or sized with radius 0)? */
int inputs_is_point(const dr_params *p);
/* Number of points a trial uses (d NULL: the data set's rows as
 * dr_param_set recorded them). */
int inputs_count(const dr_params *p, const dr_data *d);
/* Bytes the loaded data set of a run takes (0 unless input is data). */
size_t inputs_data_memory(const dr_params *p);
/* Writes the points feature-major: X[i * stride + j] = coordinate i of point j.
 * stride > points: column `points` may be used as scratch. DR_ECANCELED if
 * *cancel became set (NULL: never). */
int inputs_sample(const dr_params *p, const dr_data *d, dr_rng *r, double *X, int stride, const atomic_int *cancel);
/* Does the input set lie in the closed nonnegative orthant? */
int inputs_in_orthant(const dr_params *p);
/* Coordinate i of center (the origin when none is set). */
double inputs_centre(const dr_params *p, int i);

/* ---- trial.c: one sampled network ---- */
typedef struct dr_trial dr_trial;

typedef struct {
	long long reached;       /* layers propagated; beyond them the net is dead */
	unsigned char *alive;    /* per depth: network alive (criterion) */
	int *living;             /* per depth: living points (point sense) */
	int *dead_units;         /* per depth */
} dr_outcome;

dr_trial *trial_new(const dr_params *p, const dr_data *d, char *err, size_t errlen);
void trial_free(dr_trial *t);
size_t trial_memory(const dr_params *p, int points);
/* Runs trial `index`; returns DR_ECANCELED if *cancel became set. Optional
 * per-unit activity of the first `max_layers` layers for pictures. */
int trial_run(dr_trial *t, uint64_t index, const atomic_int *cancel, dr_outcome *o);
int trial_points(const dr_trial *t);
/* The last trial's random stream just after its points were drawn. */
const dr_rng *trial_net_rng(const dr_trial *t);
/* The same just before its points were drawn. */
const dr_rng *trial_points_rng(const dr_trial *t);
int trial_set_activity(dr_trial *t, float **active, int max_layers); /* DR_ENOMEM possible */

/* ---- arch.c: one descriptor per architecture (dr_arch) ---- */

/* What the rows of H hold. */
typedef enum {
	ARCH_CHAIN,  /* the current layer only (the input first) */
	ARCH_STREAM, /* a stream of constant width n, the points projected into it */
	ARCH_CONCAT  /* the input and every layer so far (dense) */
} arch_layout;

/* When the network is alive at depth l. */
typedef enum {
	ALIVE_EVERY_LAYER, /* some point (or, layer criterion, column) alive after layer l */
	ALIVE_ALWAYS,      /* an identity path carries the input */
	ALIVE_FIRST_LAYER  /* every layer feeds the output: the path through layer 1 decides */
} arch_alive;

typedef struct {
	arch_layout layout;
	arch_alive alive;
	unsigned keep_dead : 1; /* dead points stay in the batch (it is normalised over) */
	unsigned fused : 1;     /* a plain layer (no hooks below): the fused SIMD kernel may take it */
	/* The driver: trial_run_columns (layouts chain and stream, every field
	 * here) or trial_run_dense (layout concat; it uses none of the hooks
	 * and its own alive rule). See trial.h. */
	int (*run)(dr_trial *t, const atomic_int *cancel, dr_outcome *o);
	/* Changes to the pre-activations Z (nout units, ncols columns, the
	 * first nr of them points) before sign flipping and after it; -1 when
	 * cancelled. NULL: none. */
	int (*before_flip)(dr_trial *t, int nout, int nr, int ncols);
	int (*after_flip)(dr_trial *t, int nout, int nr, int ncols);
	/* The layer's output into H instead of ReLU and compaction; returns the
	 * columns kept or -1. NULL: ReLU, the living columns packed to the front. */
	int (*output)(dr_trial *t, int nout, int nr);
	unsigned bounds_apply : 1; /* the plain bounds hold */
	const char *note;          /* the bounds' note about it, or NULL */
} arch_desc;

const arch_desc *arch_of(const dr_params *p);

#pragma GCC visibility pop

#endif
