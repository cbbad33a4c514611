/* params.c - the parameter table: defaults, parsing, validation, formatting
 * and stepping. The command language, the Lua module and the screen all go
 * through it, so a bad value gets the same message everywhere.
 *
 * Each parameter is one entry: its setter, getter, range check and step
 * rule are written beside it and found through it; the functions at the end
 * walk the table. One concern, kept whole (under 600 lines): splitting the
 * entries from the table would put a parameter's parts in two files.
 * The numbers' syntax is number.c's. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"

/* Names, help lines and "allowed:" texts of the enumerated parameters, from
 * the lists in deadrelu.h. */
#define NAME_(id, name, help) name,
#define HELP_(id, name, help) help,
#define ALLOWED_(id, name, help) ", " name
/* "a, b, c" + tail: the leading ", " skipped (an address constant). */
#define ALLOWED(list, tail) ((list(ALLOWED_) tail) + 2)

static const char *const input_names[] = {DR_INPUT_LIST(NAME_) NULL};
static const char *const input_help[] = {DR_INPUT_LIST(HELP_) NULL};
static const char *const arch_names[] = {DR_ARCH_LIST(NAME_) NULL};
static const char *const arch_help[] = {DR_ARCH_LIST(HELP_) NULL};
static const char *const weight_names[] = {DR_WEIGHTS_LIST(NAME_) NULL};
static const char *const weight_help[] = {DR_WEIGHTS_LIST(HELP_) NULL};
static const char *const bias_names[] = {DR_BIAS_LIST(NAME_) NULL};
static const char *const bias_help[] = {DR_BIAS_LIST(HELP_) NULL};
static const char *const criterion_names[] = {DR_CRITERION_LIST(NAME_) NULL};
static const char *const criterion_help[] = {DR_CRITERION_LIST(HELP_) NULL};
static const char *const certify_names[] = {DR_CERTIFY_LIST(NAME_) NULL};
static const char *const certify_help[] = {DR_CERTIFY_LIST(HELP_) NULL};
static const char *const bool_names[] = {"on", "off", NULL};

void dr_params_default(dr_params *p)
{
	memset(p, 0, sizeof *p);
	p->depth = 20;
	p->width = 4;
	p->input_dim = 2;
	p->input = DR_IN_BALL;
	p->radius = 1.0;
	p->points = 256;
	p->arch = DR_ARCH_PLAIN;
	p->weights = DR_W_HE_NORMAL;
	p->w_scale = 1.0;
	p->bias = DR_B_AUTO;
	p->bias_scale = 1.0;
	p->criterion = DR_CRIT_POINT;
	p->trials = 2000;
	p->seed = 1;
	p->threads = 0;
	p->confidence = 0.95;
	p->max_memory_mib = 1024;
}

int params_max_width(const dr_params *p)
{
	int w = p->width;
	for (int i = 0; i < p->nwidths; i++)
		w = p->widths[i] > w ? p->widths[i] : w;
	return w;
}

int dr_params_layer_width(const dr_params *p, long long l)
{
	if (p->nwidths == 0)
		return p->width;
	return l <= p->nwidths ? p->widths[l - 1] : p->widths[p->nwidths - 1];
}

static int parse_enum(const char *s, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	return -1;
}

/* ---- setters and getters ---- */

typedef int (*setter)(dr_params *p, const char *v);
typedef int (*getter)(const dr_params *p, char *buf, size_t len);
/* A numeric field in its range (dr_params_check, for structs filled by
 * hand): 1, or 0 with the value written as the message shows it. */
typedef int (*checker)(const dr_params *p, char *shown, size_t len);

/* One range for both: what a value may be set to, and what a filled
 * struct may hold. */
#define INT_PARAM(field, lo, hi)                                               \
	static int set_##field(dr_params *p, const char *v)                    \
	{                                                                      \
		long long x;                                                   \
		if (num_parse_ll(v, lo, hi, &x) < 0)                           \
			return -1;                                             \
		p->field = x;                                                  \
		return 0;                                                      \
	}                                                                      \
	static int get_##field(const dr_params *p, char *b, size_t n)          \
	{                                                                      \
		return snprintf(b, n, "%lld", (long long)p->field);            \
	}                                                                      \
	static int check_##field(const dr_params *p, char *b, size_t n)        \
	{                                                                      \
		if (p->field >= (lo) && p->field <= (hi))                      \
			return 1;                                              \
		snprintf(b, n, "%lld", (long long)p->field);                   \
		return 0;                                                      \
	}

#define REAL_PARAM(field, lo, hi)                                              \
	static int set_##field(dr_params *p, const char *v)                    \
	{                                                                      \
		return num_parse_real(v, lo, hi, &p->field);                   \
	}                                                                      \
	static int get_##field(const dr_params *p, char *b, size_t n)          \
	{                                                                      \
		return num_format(b, n, p->field);                             \
	}                                                                      \
	static int check_##field(const dr_params *p, char *b, size_t n)        \
	{                                                                      \
		if (p->field >= (lo) && p->field <= (hi)) /* NaN is not */     \
			return 1;                                              \
		snprintf(b, n, "%g", p->field);                                \
		return 0;                                                      \
	}

#define ENUM_PARAM(field, type, names)                                         \
	static int set_##field(dr_params *p, const char *v)                    \
	{                                                                      \
		int i = parse_enum(v, names);                                  \
		if (i < 0)                                                     \
			return -1;                                             \
		p->field = (type)i;                                            \
		return 0;                                                      \
	}                                                                      \
	static int get_##field(const dr_params *p, char *b, size_t n)          \
	{                                                                      \
		return snprintf(b, n, "%s", names[p->field]);                  \
	}

INT_PARAM(depth, 1, DR_MAX_BOUND_DEPTH)
INT_PARAM(input_dim, 1, DR_MAX_DIM)
INT_PARAM(points, 1, DR_MAX_POINTS)
INT_PARAM(trials, 1, 1000000000LL)
INT_PARAM(threads, 0, 256)
INT_PARAM(max_memory_mib, 1, 1048576)
/* radius: a number, or inf for the whole line (certify exact, checked with
 * the combinations). */
static int set_radius(dr_params *p, const char *v)
{
	if (!strcmp(v, "inf")) {
		p->radius = INFINITY;
		return 0;
	}
	return num_parse_real(v, 0.0, 1e6, &p->radius);
}

static int get_radius(const dr_params *p, char *b, size_t n)
{
	return isinf(p->radius) ? snprintf(b, n, "inf") : num_format(b, n, p->radius);
}

static int check_radius(const dr_params *p, char *b, size_t n)
{
	if ((p->radius >= 0.0 && p->radius <= 1e6) || p->radius == INFINITY)
		return 1;
	snprintf(b, n, "%g", p->radius);
	return 0;
}

REAL_PARAM(bias_scale, 1e-12, 1e6)
REAL_PARAM(w_scale, 1e-12, 1e6)
REAL_PARAM(confidence, 0.5, 0.999999)
ENUM_PARAM(input, dr_input, input_names)
ENUM_PARAM(arch, dr_arch, arch_names)
ENUM_PARAM(criterion, dr_criterion, criterion_names)
ENUM_PARAM(certify, dr_certify, certify_names)

/* Every seed 0..2^64-1 exactly, in the integer syntax of the others
 * (1e3 is 1000); a double would round the large ones. */
static int set_seed(dr_params *p, const char *v)
{
	int neg;
	uint64_t x;
	if (num_scan_integer(v, v + strlen(v), &neg, &x) < 0 || (neg && x))
		return -1;
	p->seed = x;
	return 0;
}

static int get_seed(const dr_params *p, char *b, size_t n)
{
	return snprintf(b, n, "%llu", (unsigned long long)p->seed);
}

static int set_width(dr_params *p, const char *v)
{
	double w[DR_MAX_LIST];
	int n = num_parse_list(v, 1, DR_MAX_WIDTH, 1, w, DR_MAX_LIST);
	if (n < 0)
		return -1;
	p->width = (int)w[0];
	p->nwidths = 0;
	if (n > 1) {
		for (int i = 0; i < n; i++)
			p->widths[i] = (int)w[i];
		p->nwidths = n;
	}
	return 0;
}

static int get_width(const dr_params *p, char *b, size_t n)
{
	if (p->nwidths == 0)
		return snprintf(b, n, "%d", p->width);
	size_t used = 0;
	for (int i = 0; i < p->nwidths; i++) {
		char v[16];
		snprintf(v, sizeof v, "%s%d", i ? "," : "", p->widths[i]);
		used = num_append(b, n, used, v);
	}
	return (int)used;
}

static int set_center(dr_params *p, const char *v)
{
	if (!strcasecmp(v, "origin")) {
		p->ncenter = 0;
		return 0;
	}
	double c[DR_MAX_LIST];
	int n = num_parse_list(v, -1e6, 1e6, 0, c, DR_MAX_LIST);
	if (n < 0)
		return -1;
	if (n == 1 && c[0] == 0.0) {
		p->ncenter = 0;
		return 0;
	}
	memcpy(p->center, c, (size_t)n * sizeof c[0]);
	p->ncenter = n;
	return 0;
}

static int get_center(const dr_params *p, char *b, size_t n)
{
	if (p->ncenter == 0)
		return snprintf(b, n, "origin");
	size_t used = 0;
	for (int i = 0; i < p->ncenter; i++) {
		char v[72] = ","; /* a comma and one number (num_format works in 64 bytes) */
		num_format(v + 1, sizeof v - 1, p->center[i]);
		used = num_append(b, n, used, i ? v : v + 1);
	}
	return (int)used;
}

static int set_weights(dr_params *p, const char *v)
{
	static const char *const alias[] = {"he", "", "glorot", "", "lecun", NULL};
	int i = parse_enum(v, weight_names);
	if (i < 0)
		i = parse_enum(v, alias); /* the bare family name means -normal */
	if (i < 0)
		return -1;
	p->weights = (dr_weights)i;
	return 0;
}

static int get_weights(const dr_params *p, char *b, size_t n)
{
	return snprintf(b, n, "%s", weight_names[p->weights]);
}

static int set_bias(dr_params *p, const char *v)
{
	int i = parse_enum(v, bias_names);
	if (i >= 0) {
		p->bias = (dr_bias)i;
		return 0;
	}
	double c;
	if (num_parse_real(v, -1e6, 1e6, &c) < 0)
		return -1;
	p->bias = c == 0.0 ? DR_B_ZERO : DR_B_CONSTANT;
	p->bias_value = c;
	return 0;
}

static int get_bias(const dr_params *p, char *b, size_t n)
{
	if (p->bias == DR_B_CONSTANT)
		return num_format(b, n, p->bias_value);
	return snprintf(b, n, "%s", bias_names[p->bias]);
}

static int set_signflip(dr_params *p, const char *v)
{
	static const char *const yes[] = {"on", "true", "yes", "1", NULL};
	static const char *const no[] = {"off", "false", "no", "0", NULL};
	if (parse_enum(v, yes) >= 0)
		p->signflip = 1;
	else if (parse_enum(v, no) >= 0)
		p->signflip = 0;
	else
		return -1;
	return 0;
}

static int get_signflip(const dr_params *p, char *b, size_t n)
{
	return snprintf(b, n, "%s", p->signflip ? "on" : "off");
}

static int set_data_file(dr_params *p, const char *v)
{
	if (!*v || !strcmp(v, "none")) {
		p->data_file[0] = 0;
		p->data_nonnegative = 0;
		p->data_rows = 0;
		return 0;
	}
	if (strlen(v) >= sizeof p->data_file)
		return -1;
	strcpy(p->data_file, v);
	return 0;
}

static int get_data_file(const dr_params *p, char *b, size_t n)
{
	return snprintf(b, n, "%s", p->data_file[0] ? p->data_file : "none");
}

/* How the arrow keys step a parameter (dr_param_step): the rule and the
 * smallest value it goes down to. Ranges above are left to dr_param_set. */
typedef enum {
	STEP_TYPED,  /* no step: lists and file names are typed */
	STEP_CYCLE,  /* the next of the enumerated values, round */
	STEP_ADD,    /* +-1 */
	STEP_GROW,   /* +-1 up to 10, then by a factor 1.25 */
	STEP_DOUBLE, /* *2 and /2 */
	STEP_SCALE,  /* *1.5 and /1.5 ("%.4g"); up from 0 to 0.01 */
	STEP_SEED,   /* +-1 over the unsigned seeds, not below 0 */
	STEP_LEVEL   /* the confidence levels 0.9, 0.95, 0.99 */
} step_kind;

typedef struct {
	step_kind kind;
	long long lo;
} step_rule;

typedef struct {
	dr_param_info info;
	setter set;
	getter get;
	checker check; /* NULL: no range beyond what the type holds */
	step_rule step;
} param_entry;

#define STEP(kind, lo) {STEP_##kind, lo}
/* P: any parameter; N: a number with a range (INT_PARAM, REAL_PARAM);
 * E: an enumeration of deadrelu.h's lists. */
#define P(name, kind, step, help, allowed, values) \
	{{#name, kind, help, allowed, values, NULL}, set_##name, get_##name, NULL, step}
#define N(name, kind, step, help, allowed) \
	{{#name, kind, help, allowed, NULL, NULL}, set_##name, get_##name, check_##name, step}
#define E(name, help, allowed, values, value_help) \
	{{#name, DR_PK_ENUM, help, allowed, values, value_help}, set_##name, get_##name, NULL, STEP(CYCLE, 0)}

static const param_entry params[] = {
	N(depth, DR_PK_INT, STEP(GROW, 1), "hidden ReLU layers k (L = k + 1 with the output layer)",
	  "1..1000000000; simulations 1..1000000"),
	/* a width list is typed; one width steps by one */
	P(width, DR_PK_LIST, STEP(ADD, 1), "neurons per layer n, or per-layer widths a,b,c (the last repeats)",
	  "an integer 1..4096 or a comma-separated list of up to 256 of them", NULL),
	N(input_dim, DR_PK_INT, STEP(ADD, 1), "input dimension d", "an integer 1..4096"),
	E(input, "input set", ALLOWED(DR_INPUT_LIST, ""), input_names, input_help),
	N(radius, DR_PK_REAL, STEP(SCALE, 0), "size of the input set",
	  "a number 0..1e6, or inf (the whole line: certify exact)"),
	P(center, DR_PK_LIST, STEP(TYPED, 0), "centre of the input set",
	  "origin, one number for every coordinate, or input_dim numbers (input_dim up to 256)", NULL),
	N(points, DR_PK_INT, STEP(DOUBLE, 1), "points sampled from the input set per network",
	  "an integer 1..1000000"),
	E(arch, "architecture", ALLOWED(DR_ARCH_LIST, ""), arch_names, arch_help),
	E(weights, "weight initialisation", ALLOWED(DR_WEIGHTS_LIST, ""), weight_names, weight_help),
	N(w_scale, DR_PK_REAL, STEP(SCALE, 0),
	  "sd, half-width or gain of fixed-scale weights",
	  "a number > 0 and <= 1e6"),
	E(bias, "bias initialisation", ALLOWED(DR_BIAS_LIST, " or a constant number"), bias_names, bias_help),
	N(bias_scale, DR_PK_REAL, STEP(SCALE, 0), "bias standard deviation (normal) or half-width (uniform)",
	  "a number > 0 and <= 1e6"),
	E(criterion, "when the network counts as dead", ALLOWED(DR_CRITERION_LIST, ""), criterion_names,
	  criterion_help),
	E(certify, "what is decided on the whole input set, not only its sample", ALLOWED(DR_CERTIFY_LIST, ""),
	  certify_names, certify_help),
	P(signflip, DR_PK_BOOL, STEP(CYCLE, 0), "sign flipping at initialisation", "on, off", bool_names),
	N(trials, DR_PK_INT, STEP(DOUBLE, 1), "networks sampled per simulation", "an integer 1..1000000000"),
	P(seed, DR_PK_INT, STEP(SEED, 0), "random seed", "an integer 0..18446744073709551615", NULL),
	N(threads, DR_PK_INT, STEP(ADD, 0), "worker threads (0 = one per CPU it may use)", "an integer 0..256"),
	N(confidence, DR_PK_REAL, STEP(LEVEL, 0), "confidence level of the intervals", "a number 0.5..0.999999"),
	{{"max_memory", DR_PK_INT, "memory cap of one simulation, MiB", "an integer 1..1048576", NULL, NULL},
	 set_max_memory_mib, get_max_memory_mib, check_max_memory_mib, STEP(DOUBLE, 1)},
	P(data_file, DR_PK_STRING, STEP(TYPED, 0), "CSV file of input points (input data)",
	  "a readable CSV file of numbers, or none", NULL),
};

#define NPARAMS ((int)(sizeof params / sizeof params[0]))

/* A buffer of DR_VALUE_MAX bytes holds every value dr_param_get formats. */
_Static_assert(sizeof ((dr_params *)0)->data_file <= DR_VALUE_MAX, "data_file longer than DR_VALUE_MAX");
_Static_assert(DR_MAX_LIST * (4 + 1) <= DR_VALUE_MAX, "width list longer than DR_VALUE_MAX");

int dr_param_count(void)
{
	return NPARAMS;
}

const dr_param_info *dr_param_at(int i)
{
	return i >= 0 && i < NPARAMS ? &params[i].info : NULL;
}

static const param_entry *find(const char *name)
{
	for (int i = 0; i < NPARAMS; i++)
		if (!strcmp(params[i].info.name, name))
			return &params[i];
	return NULL;
}

const dr_param_info *dr_param_find(const char *name)
{
	const param_entry *e = find(name);
	return e ? &e->info : NULL;
}

int dr_params_check(const dr_params *p, char *err, size_t errlen)
{
	/* Ranges again, for structs filled by hand: the numbers (in the
	 * table's order), then the lists, the enumerations, the combination. */
	for (int i = 0; i < NPARAMS; i++) {
		char shown[64];
		const param_entry *e = &params[i];
		if (e->check && !e->check(p, shown, sizeof shown))
			return dr_errf(err, errlen, DR_EINVAL, "%s: bad value '%s' (allowed: %s)", e->info.name, shown,
				       e->info.allowed);
	}
	if (p->nwidths < 0 || p->nwidths > DR_MAX_LIST)
		return dr_errf(err, errlen, DR_EINVAL, "width: %d per-layer widths (allowed: up to %d)", p->nwidths,
			       DR_MAX_LIST);
	for (int i = 0; i < (p->nwidths ? p->nwidths : 1); i++) {
		int w = p->nwidths ? p->widths[i] : p->width;
		if (w < 1 || w > DR_MAX_WIDTH)
			return dr_errf(err, errlen, DR_EINVAL, "width: bad value '%d' (allowed: 1..%d)", w, DR_MAX_WIDTH);
	}
	if (p->ncenter < 0 || p->ncenter > DR_MAX_LIST)
		return dr_errf(err, errlen, DR_EINVAL, "center: bad length %d", p->ncenter);
	if ((unsigned)p->input >= DR_IN_COUNT || (unsigned)p->arch >= DR_ARCH_COUNT ||
	    (unsigned)p->weights >= DR_W_COUNT || (unsigned)p->bias >= DR_B_COUNT ||
	    (unsigned)p->criterion >= DR_CRIT_COUNT || (unsigned)p->certify >= DR_CERT_COUNT)
		return dr_errf(err, errlen, DR_EINVAL, "parameters: an enumerated field is out of range");
	if (p->ncenter > 1 && p->ncenter != p->input_dim)
		return dr_errf(err, errlen, DR_EINVAL,
			       "center: has %d coordinates but input_dim is %d (allowed: origin, one number, or %d numbers)",
			       p->ncenter, p->input_dim, p->input_dim);
	if (arch_of(p)->layout == ARCH_STREAM && p->nwidths > 0)
		for (int i = 1; i < p->nwidths; i++)
			if (p->widths[i] != p->widths[0])
				return dr_errf(err, errlen, DR_EINVAL,
					       "width: arch %s needs one width for every layer (allowed: a single integer)",
					       arch_names[p->arch]);
	if (p->certify == DR_CERT_EXACT && p->input_dim != 1)
		return dr_errf(err, errlen, DR_EINVAL,
			       "certify: 'exact' needs input_dim 1, not %d (allowed for input_dim > 1: off, bracket)",
			       p->input_dim);
	if (p->certify == DR_CERT_EXACT && (p->arch != DR_ARCH_PLAIN || p->signflip))
		return dr_errf(err, errlen, DR_EINVAL,
			       "certify: 'exact' is for arch plain without signflip (allowed here: off, bracket)");
	if (isinf(p->radius) && (p->certify != DR_CERT_EXACT || !input_of(p)->sized || !input_of(p)->bounded ||
				 p->input == DR_IN_SPHERE))
		return dr_errf(err, errlen, DR_EINVAL,
			       "radius: bad value 'inf' (allowed: a number 0..1e6; inf, the whole line, only with certify exact on input ball, box or orthant)");
	if (input_of(p)->data && !p->data_file[0])
		return dr_errf(err, errlen, DR_EINVAL,
			       "input: 'data' needs a data_file (set data_file FILE.csv first)");
	return DR_OK;
}

int dr_param_parse(dr_params *p, const char *name, const char *value, char *err, size_t errlen)
{
	const param_entry *e = find(name);
	if (!e) {
		char names[512] = "";
		for (int i = 0; i < NPARAMS; i++) {
			size_t used = strlen(names);
			snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", params[i].info.name);
		}
		return dr_errf(err, errlen, DR_EINVAL, "unknown parameter '%s' (parameters: %s)", name, names);
	}
	/* Blanks around a value mean nothing, for every kind alike. */
	value += strspn(value, " \t");
	size_t len = strlen(value);
	while (len && (value[len - 1] == ' ' || value[len - 1] == '\t'))
		len--;
	char *v = malloc(len + 1);
	if (!v)
		return dr_errf(err, errlen, DR_ENOMEM, "%s: out of memory", name);
	memcpy(v, value, len);
	v[len] = 0;
	dr_params q = *p;
	int rc = DR_OK;
	if (e->set(&q, v) < 0) {
		char shown[DR_SHOWN_LEN];
		rc = dr_errf(err, errlen, DR_EINVAL, "%s: bad value '%s' (allowed: %s)", name,
			     data_shown(v, sizeof shown - 1, shown), e->info.allowed);
	} else if (e->set == set_data_file && q.data_file[0]) {
		dr_data d;
		size_t cap = (size_t)q.max_memory_mib << 20;
		if (data_load_max(q.data_file, cap, &d, err, errlen) != DR_OK) {
			rc = DR_EINVAL;
		} else {
			q.input_dim = d.cols;
			q.data_rows = d.rows;
			q.data_nonnegative = 1; /* lets the bounds use the orthant factor */
			for (size_t i = 0; i < (size_t)d.rows * d.cols; i++)
				if (d.x[i] < 0)
					q.data_nonnegative = 0;
			data_free(&d);
		}
	}
	free(v);
	if (rc == DR_OK)
		*p = q;
	return rc;
}

int dr_param_set(dr_params *p, const char *name, const char *value, char *err, size_t errlen)
{
	dr_params q = *p;
	int rc = dr_param_parse(&q, name, value, err, errlen);
	if (rc == DR_OK)
		rc = dr_params_check(&q, err, errlen);
	if (rc == DR_OK)
		*p = q;
	return rc;
}

int dr_param_get(const dr_params *p, const char *name, char *buf, size_t len)
{
	const param_entry *e = find(name);
	if (!e)
		return DR_EINVAL;
	return e->get(p, buf, len);
}

/* One value of the number syntax that is an integer, exactly: 0 or -1. */
static int current_integer(const char *v, int *neg, uint64_t *mag)
{
	double d;
	const char *end = dr_scan_number(v, &d);
	if (!end || *end)
		return -1;
	return num_scan_integer(v, end, neg, mag);
}

static long long grow(long long v, int dir, long long lo)
{
	if (dir > 0)
		return v < 10 ? v + 1 : (long long)llround(v * 1.25);
	long long n = v <= 10 ? v - 1 : (long long)llround(v / 1.25);
	return n < lo ? lo : n;
}

int dr_param_step(const dr_params *p, const char *name, int dir, char *out, size_t len)
{
	const param_entry *e = find(name);
	char cur[DR_VALUE_MAX];
	if (!e || e->get(p, cur, sizeof cur) < 0)
		return DR_EINVAL;
	const step_rule *r = &e->step;
	if (r->kind == STEP_CYCLE) {
		const char *const *values = e->info.values;
		int n = 0, at = 0; /* a value not listed (a constant bias) counts as the first */
		while (values[n])
			n++;
		for (int i = 0; i < n; i++)
			if (!strcmp(values[i], cur))
				at = i;
		snprintf(out, len, "%s", values[((at + dir) % n + n) % n]);
		return DR_OK;
	}
	if (r->kind == STEP_TYPED)
		return DR_EINVAL;
	if (r->kind == STEP_SCALE || r->kind == STEP_LEVEL) {
		double v;
		if (dr_parse_number(cur, &v) != DR_OK)
			return DR_EINVAL;
		if (r->kind == STEP_SCALE)
			snprintf(out, len, "%.4g", dir > 0 ? (v > 0 ? v * 1.5 : 0.01) : v / 1.5);
		else
			snprintf(out, len, "%g", dir > 0 ? (v < 0.95 ? 0.95 : 0.99) : (v > 0.95 ? 0.95 : 0.9));
		return DR_OK;
	}
	int neg;
	uint64_t mag;
	if (current_integer(cur, &neg, &mag) < 0) /* a width list: typed */
		return DR_EINVAL;
	if (r->kind == STEP_SEED) {
		snprintf(out, len, "%llu", (unsigned long long)(mag + (dir > 0 ? 1 : mag ? -1 : 0)));
		return DR_OK;
	}
	long long v = neg ? -(long long)mag : (long long)mag, n;
	switch (r->kind) {
	case STEP_ADD:
		n = v + dir;
		break;
	case STEP_GROW:
		n = grow(v, dir, r->lo);
		break;
	default: /* STEP_DOUBLE */
		n = dir > 0 ? v * 2 : v / 2;
		break;
	}
	snprintf(out, len, "%lld", n < r->lo ? r->lo : n);
	return DR_OK;
}
