/* deadrelu.h - the deadrelu engine: bounds and Monte Carlo estimates of
 * neuron death in randomly initialised ReLU networks (see THEORY.md).
 *
 * The engine is a library: libc, libm and pthreads only; it never prints.
 * Every fallible call returns DR_OK or a negative DR_E* code and, where a
 * message buffer is given, a one-line message naming what is wrong.
 *
 * Linking: libdeadrelu.a or libdeadrelu.so (soname libdeadrelu.so.0),
 * `pkg-config --cflags --libs deadrelu`; libdeadrelu(3) has an example.
 *
 * Threads. The engine keeps no mutable global state: its tables are
 * constant, every random stream is derived from (seed, trial), and it calls
 * only thread-safe libc functions (lgamma_r, strerror_r; never strtok,
 * rand, getenv or setlocale). So every function here may be called from
 * several threads at once on different objects (a dr_params, dr_bounds,
 * dr_result, dr_sample or dr_sim each thread owns), and the functions that
 * take a const pointer may share one object between threads while no
 * thread changes it. A running dr_sim is shared by design: dr_sim_cancel,
 * dr_sim_done, dr_sim_progress, dr_sim_wait and the snapshots may be called
 * from any thread while it runs (the notify callback comes from a worker
 * thread); dr_sim_free once, last. The workers block every signal.
 * Numbers are read and written with strtod and snprintf: LC_NUMERIC must be
 * "C" (the default; a program calling setlocale(LC_ALL, "") sets it back,
 * before starting threads: setlocale is not thread-safe). */
#ifndef DEADRELU_H
#define DEADRELU_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define DR_VERSION "0.1.0"

enum {
	DR_OK = 0,
	DR_EINVAL = -1,   /* bad parameter name or value */
	DR_ENOMEM = -2,   /* allocation failed */
	DR_ELIMIT = -3,   /* the run would exceed the memory cap */
	DR_EIO = -4,      /* data file could not be read */
	DR_ECANCELED = -5 /* run cancelled before it finished */
};

#define DR_ERRLEN 256      /* size of a message buffer that always suffices */
#define DR_MAX_LIST 256    /* longest per-layer width list / centre vector */
#define DR_MAX_DEPTH 1000000
#define DR_MAX_BOUND_DEPTH 1000000000LL
#define DR_MAX_WIDTH 4096
#define DR_MAX_DIM 4096
#define DR_MAX_POINTS 1000000

/* The enumerated parameters, each value described once: X(ID, "name",
 * "one-line help"). The enums below, the parameter table's names, its
 * "allowed:" texts, completion lists and range checks (params.c) all come
 * from these lists, and the engine's descriptor tables (inputs.c, arch.c,
 * weights.c) are indexed by the IDs and checked against the counts at
 * compile time. X-macros rather than a const table of structs because the
 * enum and the "allowed:" strings must exist at compile time: a value added
 * here is added everywhere, or the build fails where a table lacks it. The
 * order is the order of the lists users see; defaults are set by name in
 * dr_params_default, not by position. */
#define DR_INPUT_LIST(X)                                                                       \
	X(DR_IN_BALL, "ball", "uniform in the ball of centre center and radius radius")          \
	X(DR_IN_SPHERE, "sphere", "uniform on the sphere of centre center and radius radius")     \
	X(DR_IN_POINT, "point", "the single point center")                                      \
	X(DR_IN_BOX, "box", "uniform in the cube center +- radius")                              \
	X(DR_IN_ORTHANT, "orthant", "uniform in the cube [0, radius]^d of the nonnegative orthant") \
	X(DR_IN_DATA, "data", "the rows of data_file")                                          \
	X(DR_IN_GAUSSIAN, "gaussian", "normal around center, standard deviation radius in each coordinate")
#define DR_ARCH_LIST(X)                                                                        \
	X(DR_ARCH_PLAIN, "plain", "h_l = relu(A h_{l-1} + b)")                                    \
	X(DR_ARCH_BATCHNORM, "batchnorm", "batch normalisation over the points before each ReLU") \
	X(DR_ARCH_RESIDUAL, "residual", "h_l = h_{l-1} + relu(A h_{l-1} + b), input projected")   \
	X(DR_ARCH_RESIDUAL_POST, "residual-post", "h_l = relu(h_{l-1} + A h_{l-1} + b)")          \
	X(DR_ARCH_DENSE, "dense", "each layer sees the input and every earlier layer")           \
	X(DR_ARCH_SKIP, "skip", "every layer also feeds the output")
#define DR_WEIGHTS_LIST(X)                                                                     \
	X(DR_W_HE_NORMAL, "he-normal", "N(0, 2/fan_in)")                                          \
	X(DR_W_HE_UNIFORM, "he-uniform", "uniform, variance 2/fan_in")                            \
	X(DR_W_GLOROT_NORMAL, "glorot-normal", "N(0, 2/(fan_in + fan_out))")                      \
	X(DR_W_GLOROT_UNIFORM, "glorot-uniform", "uniform, variance 2/(fan_in + fan_out)")        \
	X(DR_W_LECUN_NORMAL, "lecun-normal", "N(0, 1/fan_in)")                                    \
	X(DR_W_LECUN_UNIFORM, "lecun-uniform", "uniform, variance 1/fan_in")                      \
	X(DR_W_RAI, "rai", "randomized asymmetric initialisation (asymmetric; draws its own biases)") \
	X(DR_W_MIRRORED, "mirrored", "he-normal rows in pairs u, -u (looks-linear)")           \
	X(DR_W_HE_FAN_OUT, "he-fan-out", "N(0, 2/fan_out) (kaiming normal, mode fan_out)")     \
	X(DR_W_TORCH, "torch", "PyTorch nn.Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), bias fan-in") \
	X(DR_W_KERAS, "keras", "Keras Dense: glorot-uniform, bias zero")                       \
	X(DR_W_FLAX, "flax", "Flax Dense: lecun-normal truncated at 2 sd, bias zero")          \
	X(DR_W_ORTHOGONAL, "orthogonal", "a random orthogonal matrix times w_scale (the gain)") \
	X(DR_W_NORMAL, "normal", "N(0, w_scale^2), not scaled by fan-in")                      \
	X(DR_W_UNIFORM, "uniform", "U(-w_scale, w_scale), not scaled by fan-in")               \
	X(DR_W_TRUNCATED, "truncated-normal", "N(0, w_scale^2) truncated at 2 w_scale")        \
	X(DR_W_HE_POSITIVE, "he-positive", "he-normal, every bias 0.01 (a positive constant)") \
	X(DR_W_PLAYGROUND, "playground", "TensorFlow Playground: U(-0.5, 0.5), every bias 0.1")
/* Biases with a name; a number sets DR_B_CONSTANT, which has none. auto
 * is the bias the weights' preset defines (torch: fan-in; keras, flax:
 * zero; he-positive 0.01; playground 0.1), normal when it defines none. */
#define DR_BIAS_LIST(X)                                                                        \
	X(DR_B_AUTO, "auto", "the weights' own bias (torch fan-in, keras zero, ...), else normal") \
	X(DR_B_ZERO, "zero", "every bias 0")                                                      \
	X(DR_B_NORMAL, "normal", "N(0, bias_scale^2)")                                            \
	X(DR_B_UNIFORM, "uniform", "uniform on (-bias_scale, bias_scale)")                     \
	X(DR_B_FAN_IN, "fan-in", "uniform on (-1/sqrt(fan_in), 1/sqrt(fan_in)), per layer (torch's)")
#define DR_CRITERION_LIST(X)                                                                   \
	X(DR_CRIT_POINT, "point", "alive while some point is alive at every layer")              \
	X(DR_CRIT_LAYER, "layer", "dead only when some layer is zero on every point")

#define DR_CERTIFY_LIST(X)                                                                     \
	X(DR_CERT_OFF, "off", "the sample only")                                                   \
	X(DR_CERT_BRACKET, "bracket", "each network also decided on the whole input set, or left undecided") \
	X(DR_CERT_EXACT, "exact", "input_dim 1, plain nets: every network decided on the whole set exactly")

#define DR_ENUM_ID_(id, name, help) id,
typedef enum { DR_INPUT_LIST(DR_ENUM_ID_) DR_IN_COUNT } dr_input;
typedef enum { DR_ARCH_LIST(DR_ENUM_ID_) DR_ARCH_COUNT } dr_arch;
typedef enum { DR_WEIGHTS_LIST(DR_ENUM_ID_) DR_W_COUNT } dr_weights;
typedef enum { DR_BIAS_LIST(DR_ENUM_ID_) DR_B_CONSTANT, DR_B_COUNT } dr_bias;
typedef enum { DR_CRITERION_LIST(DR_ENUM_ID_) DR_CRIT_COUNT } dr_criterion;
typedef enum { DR_CERTIFY_LIST(DR_ENUM_ID_) DR_CERT_COUNT } dr_certify;

/* Largest data_file read, in bytes. The densest CSV spends 2 bytes on a
 * number ("0,") that loads as an 8-byte double, so a file at the cap needs at
 * most 4 x 256 MiB = 1 GiB, the default max_memory; and parsing it takes
 * seconds, not minutes (it is read when data_file is set). */
#define DR_MAX_DATA_BYTES ((size_t)256 << 20)

/* All parameters of an experiment. A plain value: copy it freely. Set fields
 * through dr_param_set() to get validation; dr_params_check() validates a
 * struct filled by hand. */
typedef struct {
	long long depth;          /* k; bounds accept up to DR_MAX_BOUND_DEPTH */
	int width;                /* n, when nwidths == 0 */
	int nwidths;              /* > 0: per-layer widths, the last repeats */
	int widths[DR_MAX_LIST];
	int input_dim;            /* d */
	dr_input input;
	double radius;
	int ncenter;              /* 0: origin; 1: every coordinate; else == d */
	double center[DR_MAX_LIST];
	int points;
	dr_arch arch;
	dr_weights weights;
	double w_scale;           /* normal, truncated-normal: sd; uniform: half-width; orthogonal: gain */
	dr_bias bias;
	double bias_value;        /* the constant, when bias == DR_B_CONSTANT */
	double bias_scale;        /* std. deviation (normal) or half-width (uniform) */
	dr_criterion criterion;
	dr_certify certify;       /* decide each network on the whole input set too */
	int signflip;
	long long trials;
	uint64_t seed;
	int threads;              /* 0: one per CPU the process may use */
	double confidence;
	long long max_memory_mib; /* refuse runs estimated above this */
	char data_file[1024];
	int data_nonnegative;     /* set by dr_param_set: every entry of data_file >= 0 */
	int data_rows;            /* set by dr_param_set: the rows of data_file (0: none) */
} dr_params;

void dr_params_default(dr_params *p);
/* Validates the combination (ranges, centre length, data file); DR_OK or DR_EINVAL. */
int dr_params_check(const dr_params *p, char *err, size_t errlen);
/* Width of hidden layer l (1-based). */
int dr_params_layer_width(const dr_params *p, long long l);

/* ---- numbers: decimal only (no hexadecimal, inf or nan), '.' as the point ---- */

/* Reads a number at the start of s; returns the end of it, or NULL if s does
 * not start with one. Overflow (1e999) is not a number. */
const char *dr_scan_number(const char *s, double *out);
/* s is one number, with spaces or tabs around it allowed: DR_OK or DR_EINVAL. */
int dr_parse_number(const char *s, double *out);

/* ---- the parameter table: names, kinds, parsing and formatting ---- */

typedef enum { DR_PK_INT, DR_PK_REAL, DR_PK_ENUM, DR_PK_BOOL, DR_PK_LIST, DR_PK_STRING } dr_param_kind;

typedef struct {
	const char *name;
	dr_param_kind kind;
	const char *help;     /* one line */
	const char *allowed;  /* human description of the allowed values */
	const char *const *values; /* enumerated values (NULL-terminated), or NULL */
	const char *const *value_help; /* one line per entry of values, or NULL */
} dr_param_info;

/* Longest number dr_param_get writes: "%.17g" of a double at its longest,
 * "-4.9406564584124654e-324": sign 1 + 17 digits + point 1 + "e-324" 5 = 24. */
#define DR_NUMBER_LEN 24
/* A buffer of DR_VALUE_MAX bytes always holds a value of dr_param_get. The
 * longest is a centre of DR_MAX_LIST numbers, each followed by its comma or
 * the final NUL: 256 * (24 + 1) = 6400; a width list needs 256 * (4 + 1) =
 * 1280 and data_file 1024 (params.c checks both at compile time). */
#define DR_VALUE_MAX (DR_MAX_LIST * (DR_NUMBER_LEN + 1))

int dr_param_count(void);
const dr_param_info *dr_param_at(int i);
const dr_param_info *dr_param_find(const char *name);
/* Parses value into p->name. On error p is untouched and err says
 * "NAME: bad value 'VALUE' (allowed: ...)". Spaces and tabs around the value
 * are ignored, for every parameter; numbers are decimal (dr_scan_number),
 * and an integer is taken only when the number is one exactly ("1e3" is
 * 1000, "2.5" and "1e-400" are refused). Setting data_file reads the file,
 * refusing one whose numbers need more than max_memory. */
int dr_param_set(dr_params *p, const char *name, const char *value, char *err, size_t errlen);
/* The same without checking the combination (dr_params_check): for setting
 * several parameters at once on a copy, then checking once. */
int dr_param_parse(dr_params *p, const char *name, const char *value, char *err, size_t errlen);
/* The value one step up (dir > 0) or down (dir < 0) from the current one,
 * as text for dr_param_set, by the parameter's step rule: the next name of
 * an enumeration (round), +-1, doubling, a factor 1.25 or 1.5, the usual
 * confidence levels. Values below the parameter's least are clamped to it,
 * above its range are left to dr_param_set to refuse. DR_EINVAL when the
 * parameter is typed rather than stepped (center, data_file, a width list)
 * or unknown. */
int dr_param_step(const dr_params *p, const char *name, int dir, char *out, size_t len);
/* Formats the current value; returns its full length (snprintf-like: a
 * result >= len means it was cut; DR_VALUE_MAX always suffices) or DR_EINVAL. */
int dr_param_get(const dr_params *p, const char *name, char *buf, size_t len);

/* ---- bounds (THEORY.md section 3), all in log space ---- */

#define DR_MAX_NOTES 8
#define DR_NOTE_LEN 160

typedef struct {
	double log_lower, log_upper;   /* natural logs of the bounds on P(alive) */
	double lower, upper;           /* exp of the above (may round to 1) */
	double log_dead_lower;         /* log(1 - upper): log of a lower bound on P(dead) */
	double log_dead_upper;         /* log(1 - lower): log of an upper bound on P(dead) */
	double first_factor;           /* F_1 used in the upper bound */
	const char *first_factor_kind; /* "any sign", "orthant", "ball" */
	int applies;                   /* the assumptions hold for these parameters */
	int nnotes;
	char notes[DR_MAX_NOTES][DR_NOTE_LEN];
} dr_bounds;

int dr_bounds_compute(const dr_params *p, dr_bounds *b, char *err, size_t errlen);
/* The lower and upper bound at each of n depths (other parameters as in p),
 * computing the first-layer factor once: for curves against depth. */
int dr_bounds_curve(const dr_params *p, const long long *depths, int n, double *lower, double *upper,
		 char *err, size_t errlen);
/* Smallest constant width with lower bound >= prob at this depth. */
int dr_min_width(long long depth, double prob, long long *width, char *err, size_t errlen);
/* Largest depth at constant width with lower bound >= prob; saturates at INT64_MAX. */
int dr_max_depth(long long width, double prob, long long *depth, char *err, size_t errlen);
/* log P(alive) of the lower bound for constant width n and depth k. */
double dr_log_lower_const(double width, double depth);

/* ---- statistics helpers ---- */

/* Wilson score interval for s successes in n trials at the given level. */
void dr_wilson(uint64_t s, uint64_t n, double confidence, double *lo, double *hi);
/* The same with the normal quantile z = dr_normal_quantile(0.5 + level / 2)
 * given, for many intervals at one level. */
void dr_wilson_z(uint64_t s, uint64_t n, double z, double *lo, double *hi);
/* Standard normal quantile. */
double dr_normal_quantile(double p);
/* Writes a probability given by its natural log as "0.9375" or "3.1e-1200". */
void dr_format_logprob(double logp, char *buf, size_t len);

/* ---- Monte Carlo ---- */

typedef struct {
	double alive, alive_lo, alive_hi; /* P(network alive) at this depth */
	double living_ratio;              /* mean fraction of living points */
	double min_living_ratio;          /* smallest fraction seen in one trial */
	double dead_units;                /* mean number of units dead on every point */
	/* certify bracket or exact (NaN with certify off): the fractions of
	 * trials proven alive and proven dead on the whole input set, and an
	 * interval at level confidence on P(alive on the whole set) with the
	 * undecided trials counted dead (region_lo) and alive (region_hi) */
	double certified_alive, certified_dead, region_lo, region_hi;
} dr_depth_stats;

typedef struct {
	long long depth;      /* the network's depth */
	long long rows;       /* entries in by_depth */
	long long trials;     /* trials completed (== target unless cancelled/partial) */
	long long target;     /* trials asked for */
	int points;           /* input points per trial */
	double alive, alive_lo, alive_hi;       /* at full depth */
	double living_ratio, living_ratio_lo, living_ratio_hi, min_living_ratio;
	dr_certify certify;   /* what the certified fields are (off: NaN) */
	double certified_alive, certified_dead, region_lo, region_hi; /* at full depth */
	const char *certify_note; /* with certify on, why networks dead on their sample stay
				   * undecided whatever the budget (static text), or NULL */
	double seconds;       /* wall time so far */
	int finished;         /* all target trials done */
	int cancelled;
	dr_depth_stats *by_depth; /* owned; free with dr_result_free */
	long long *row_depth; /* NULL: row l is depth l + 1 (rows == depth); else the
			       * depth of each row (a snapshot at chosen depths) */
} dr_result;

/* The statistics at this depth: its row, or for a snapshot at chosen depths
 * the row nearest to it; NULL when the result has no rows. */
const dr_depth_stats *dr_result_at(const dr_result *r, long long depth);
void dr_result_free(dr_result *r);

typedef struct dr_sim dr_sim;

/* Estimated bytes a run needs; compare with max_memory_mib. */
size_t dr_sim_memory(const dr_params *p);
/* Starts a run in worker threads and returns at once. notify (may be NULL)
 * is called from a worker thread each time trials complete, at most about
 * every 20 ms and once at the end; it should only wake the caller (write
 * to a pipe), never touch the caller's state. */
int dr_sim_start(const dr_params *p, void (*notify)(void *), void *ud, dr_sim **out,
		 char *err, size_t errlen);
/* Asks the workers to stop; returns at once. They stop within milliseconds,
 * also in the middle of a layer. */
void dr_sim_cancel(dr_sim *s);
/* Blocks until the run finished or was cancelled. */
void dr_sim_wait(dr_sim *s);
int dr_sim_done(const dr_sim *s);
/* Trials completed so far (cheap, lock-free). */
long long dr_sim_progress(const dr_sim *s);
/* A consistent estimate from the trials completed so far, at every depth:
 * O(depth) work. */
int dr_sim_snapshot(dr_sim *s, dr_result *r, char *err, size_t errlen);
/* The same at n chosen depths only (ascending, 1..depth): rows == n and
 * row_depth[i] == depths[i]; O(n) work, whatever the depth. */
int dr_sim_snapshot_at(dr_sim *s, const long long *depths, int n, dr_result *r, char *err, size_t errlen);
/* Cancels and lets go; returns at once, never waiting for the workers (they
 * free the run when they have stopped). NULL is fine. */
void dr_sim_free(dr_sim *s);

/* Synchronous convenience: start, wait, snapshot, free. */
int dr_simulate(const dr_params *p, dr_result *r, char *err, size_t errlen);

/* ---- a run in slices (on several machines), its counters, merging ----
 *
 * Trial i of a run always uses the random stream (seed, i), and every
 * count the statistics come from is an integer, so a run split into
 * slices of its trial indices, each run anywhere with any thread count,
 * adds up to exactly the counts of the whole run, and dr_counters_result
 * turns them into the same bits dr_sim_snapshot gives (one function makes
 * the statistics for both). */

/* Slice index of count (1-based) of a run of trials covers the trials
 * first = floor((index - 1) * trials / count) up to, not including,
 * floor(index * trials / count); the count slices cover every trial once,
 * and each has floor(trials / count) or one more. DR_EINVAL unless
 * 1 <= index <= count <= trials <= 1000000000. */
int dr_slice(long long trials, long long index, long long count, long long *first, long long *n, char *err,
	     size_t errlen);
/* dr_sim_start for the trials first .. first + count - 1 of the run p
 * describes (0 <= first, 1 <= count, first + count <= p->trials): its
 * snapshots are estimates over those trials (target == count). */
int dr_sim_start_slice(const dr_params *p, long long first, long long count, void (*notify)(void *), void *ud,
		       dr_sim **out, char *err, size_t errlen);

/* The raw counts of (a part of) a run: per depth (index l is depth l + 1),
 * sums over the trials counted. */
typedef struct {
	long long depth;       /* entries of every array: the run's depth */
	long long trials;      /* the run's trials (p->trials) */
	long long first, count; /* the trial indices they span: first .. first + count - 1
				 * (added counters: from the least first to the last end) */
	long long n;           /* trials counted (== count: a finished slice, no gaps) */
	int points;            /* input points per trial */
	uint64_t *alive;       /* trials alive at the depth */
	uint64_t *living;      /* living points, summed over the trials that reached it */
	uint64_t *dead_units;  /* units dead on every point, the same */
	uint64_t *reached;     /* trials that reached the depth (went on computing) */
	int *min_living;       /* least living points of a trial that reached it; INT32_MAX: none did */
	uint64_t living_sq_lo, living_sq_hi; /* the sum of living^2 at full depth over trials that
					      * reached it: living_sq_hi * 2^64 + living_sq_lo */
	/* certify on: trials proven alive, and proven dead, on the whole
	 * input set at the depth (dead there: dead from it or an earlier
	 * depth; a count per depth, as a snapshot's row reads it); NULL with
	 * certify off */
	uint64_t *cert_alive, *cert_dead;
	double seconds;        /* wall time of the run(s), added */
} dr_counters;

/* Empty counters (n 0, count 0) for runs of p, to add slices into. */
int dr_counters_init(dr_counters *c, const dr_params *p, char *err, size_t errlen);
/* The counts of the trials s has completed (a consistent snapshot, as
 * dr_sim_snapshot's; O(depth log depth) work), into new arrays. */
int dr_sim_counters(dr_sim *s, dr_counters *c, char *err, size_t errlen);
/* Counters from outside (a file) are possible counts of a run of p: the
 * shape (depth, trials, points, certify), the span inside the run, n <=
 * count, and each count within what n trials can give (alive <= reached
 * <= n, reached not growing with depth, living <= reached * points, ...,
 * the cert counts <= n, cert_dead not shrinking). DR_EINVAL naming the
 * first count that is not, its depth, value and what is allowed. */
int dr_counters_check(const dr_params *p, const dr_counters *c, char *err, size_t errlen);
/* sum += c: counters of the same run (same depth, trials, points and
 * certify) and no more trials in all than the run has. The caller keeps
 * the parts disjoint: the same slice added twice counts twice. Check
 * counters from outside (dr_counters_check) first: then no sum overflows. */
int dr_counters_add(dr_counters *sum, const dr_counters *c, char *err, size_t errlen);
/* The statistics of the counts, by the code dr_sim_snapshot uses: all
 * depths, trials == c->n, target == c->trials, finished when every trial of
 * the run is counted (else an estimate over those that are), seconds ==
 * c->seconds. Checks c against p first (dr_counters_check). */
int dr_counters_result(const dr_params *p, const dr_counters *c, dr_result *r, char *err, size_t errlen);
/* Frees the arrays (and zeroes them); NULL is fine. */
void dr_counters_free(dr_counters *c);

/* ---- one sampled network, for pictures ---- */

typedef struct {
	int nlayers;          /* layers drawn (<= depth, capped by the caller) */
	int *widths;          /* nlayers entries */
	float **active;       /* active[l][j]: fraction of points on which unit j of layer l is active */
	double *living;       /* fraction of living points after each layer */
} dr_sample;

/* One network of the run with this seed, its first max_layers layers.
 * cancel (NULL: never) stops it within milliseconds: DR_ECANCELED. */
int dr_sample_network(const dr_params *p, uint64_t seed, int max_layers, const atomic_int *cancel,
		      dr_sample *out, char *err, size_t errlen);
void dr_sample_free(dr_sample *s);

const char *dr_strerror(int code);
/* The library's version, DR_VERSION as it was built (the header a program
 * was compiled with may be older). */
const char *dr_version(void);

/* ---- for bindings that cannot lay the structs out (ctypes, FFI) ----
 * The structs above on the heap, and the fields of bounds and results by
 * the names of the Lua API (deadrelu-lua(7)). A C program has no need of
 * these: it declares the structs and reads their fields. */

/* The defaults (dr_params_default), a zeroed dr_bounds or dr_result, on the
 * heap; NULL when out of memory. */
dr_params *dr_params_new(void);
dr_bounds *dr_bounds_new(void);
dr_result *dr_result_new(void);
/* Frees what the three above returned (a result's rows first: dr_result_free).
 * NULL is fine. */
void dr_free(void *obj);
/* A number field by name: lower, upper, log_lower, log_upper, log_dead_lower,
 * log_dead_upper, first_factor, applies (0 or 1) and nnotes. DR_EINVAL for
 * another name. */
int dr_bounds_number(const dr_bounds *b, const char *name, double *out);
/* first_factor_kind (i unused), or note i of notes (NULL for i outside 0 ..
 * nnotes - 1); NULL for another name. */
const char *dr_bounds_text(const dr_bounds *b, const char *name, int i);
/* A number field of the whole result by name: depth, rows, trials, target,
 * points, alive, alive_lo, alive_hi, living_ratio, living_ratio_lo,
 * living_ratio_hi, min_living_ratio, certified_alive, certified_dead,
 * region_lo, region_hi, seconds, finished and cancelled (0 or 1). DR_EINVAL
 * for another name. */
int dr_result_number(const dr_result *r, const char *name, double *out);
/* certify (the value's name: "off", "bracket", "exact") or certify_note
 * (NULL when there is none); NULL for another name. */
const char *dr_result_text(const dr_result *r, const char *name);
/* One column of by_depth into out[0 .. min(n, rows) - 1]: depth (the row's
 * depth), alive, alive_lo, alive_hi, living_ratio, min_living_ratio,
 * dead_units, certified_alive, certified_dead, region_lo or region_hi.
 * DR_EINVAL for another name. */
int dr_result_column(const dr_result *r, const char *name, double *out, long long n);

#endif
