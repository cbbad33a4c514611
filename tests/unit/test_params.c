/* test_params.c - the parameter table (params.c): numbers are decimal only
 * for every numeric parameter, integers exact (seed over all of 0..2^64-1),
 * blanks around a value mean nothing for every parameter, lists take 256
 * entries of the longest numbers, dr_param_get has snprintf's semantics and
 * DR_VALUE_MAX always suffices; and a property test: random valid values of
 * every parameter, formatted and parsed again into a fresh dr_params, give
 * the same text and bit-identical numbers. Plus the parameter panel, which
 * cuts a long value visibly. */
#include "check.h"
#include "deadrelu.h"
#include "tui/ui.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/deadrelu-params-XXXXXX";
static char data_path[4096]; /* a small real data file */
static char long_path[1100]; /* a real data file whose name is 1023 bytes */

/* ---- helpers ---- */

static int set1(dr_params *p, const char *n, const char *v, char *err, size_t len)
{
	return dr_param_set(p, n, v, err, len);
}

/* Every parameter's value of p, joined: two structs that format alike. */
static char *all_values(const dr_params *p)
{
	size_t cap = (size_t)dr_param_count() * (DR_VALUE_MAX + 32), used = 0;
	char *s = malloc(cap);
	s[0] = 0;
	for (int i = 0; i < dr_param_count(); i++) {
		const char *n = dr_param_at(i)->name;
		used += (size_t)snprintf(s + used, cap - used, "%s=", n);
		int k = dr_param_get(p, n, s + used, cap - used);
		used += (size_t)k;
		used += (size_t)snprintf(s + used, cap - used, "\n");
	}
	return s;
}

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* The fields two parameter sets must share, numbers bit for bit; returns
 * the first that differs, or NULL. */
static const char *differs(const dr_params *a, const dr_params *b)
{
	if (a->depth != b->depth)
		return "depth";
	if (a->width != b->width || a->nwidths != b->nwidths)
		return "width";
	for (int i = 0; i < a->nwidths; i++)
		if (a->widths[i] != b->widths[i])
			return "widths";
	if (a->input_dim != b->input_dim)
		return "input_dim";
	if (a->input != b->input)
		return "input";
	if (!same_bits(a->radius, b->radius))
		return "radius";
	if (a->ncenter != b->ncenter)
		return "ncenter";
	for (int i = 0; i < a->ncenter; i++)
		if (!same_bits(a->center[i], b->center[i]))
			return "center";
	if (a->points != b->points)
		return "points";
	if (a->arch != b->arch)
		return "arch";
	if (a->weights != b->weights)
		return "weights";
	if (a->bias != b->bias)
		return "bias";
	if (a->bias == DR_B_CONSTANT && !same_bits(a->bias_value, b->bias_value))
		return "bias_value";
	if (!same_bits(a->bias_scale, b->bias_scale))
		return "bias_scale";
	if (!same_bits(a->w_scale, b->w_scale))
		return "w_scale";
	if (a->criterion != b->criterion)
		return "criterion";
	if (a->signflip != b->signflip)
		return "signflip";
	if (a->trials != b->trials)
		return "trials";
	if (a->seed != b->seed)
		return "seed";
	if (a->threads != b->threads)
		return "threads";
	if (!same_bits(a->confidence, b->confidence))
		return "confidence";
	if (a->max_memory_mib != b->max_memory_mib)
		return "max_memory";
	if (strcmp(a->data_file, b->data_file))
		return "data_file";
	if (a->data_nonnegative != b->data_nonnegative || a->data_rows != b->data_rows)
		return "data_nonnegative/data_rows";
	return NULL;
}

/* ---- numbers are decimal, integers exact ---- */

static void refused(const char *param, const char *value)
{
	dr_params p;
	dr_params_default(&p);
	char err[DR_ERRLEN] = "", want[DR_ERRLEN];
	int rc = set1(&p, param, value, err, sizeof err);
	snprintf(want, sizeof want, "%s: bad value '", param);
	CHECK(NAME("decimal/%s '%s' refused", param, value),
	      rc == DR_EINVAL && !strncmp(err, want, strlen(want)) && strstr(err, "(allowed: "), "rc %d, '%s'", rc, err);
}

static void taken(const char *param, const char *value, const char *shown)
{
	dr_params p;
	dr_params_default(&p);
	char err[DR_ERRLEN] = "", v[DR_VALUE_MAX] = "";
	int rc = set1(&p, param, value, err, sizeof err);
	if (rc == DR_OK)
		dr_param_get(&p, param, v, sizeof v);
	CHECK(NAME("decimal/%s '%s' is %s", param, value, shown), rc == DR_OK && !strcmp(v, shown), "rc %d (%s), shown '%s'",
	      rc, err, v);
}

static void test_decimal(void)
{
	static const char *const numeric[] = {"depth", "width", "input_dim", "radius", "center", "points", "bias",
					      "bias_scale", "w_scale", "trials", "seed", "threads", "confidence",
					      "max_memory", NULL};
	static const char *const bad[] = {"0x10", "0X10", "0x1p4", "0x1P-2", "inf", "-inf", "INF", "infinity", "nan",
					  "NaN", "nan(1)", "1e999", "-1e999", "0x4", " 0x10", "1e", "e5", ".", "+-1",
					  "1..2", "1e5x", "1_000", NULL};
	for (int i = 0; numeric[i]; i++)
		for (int j = 0; bad[j]; j++)
			refused(numeric[i], bad[j]);
	refused("width", "4,0x8");
	refused("width", "4,inf");
	refused("center", "1,nan");
	refused("center", "0x1,2");
	/* integers are taken only when exact */
	refused("depth", "2.5");
	refused("depth", "1e-400"); /* not 0, and not rounded to it */
	refused("threads", "1e-400");
	refused("trials", "1.0000000000000000001e3");
	refused("width", "4.0000000000000000001");
	refused("width", "4,8.5");
	taken("depth", "1e9", "1000000000");
	taken("depth", "2.50e1", "25");
	taken("depth", "+7", "7");
	taken("depth", "007", "7"); /* decimal, not octal */
	taken("points", "1000000.000", "1000000");
	taken("threads", "-0", "0");
	taken("width", "4.0,8e0,1.6e1", "4,8,16");
	/* seed: every value of 0..2^64-1 exactly */
	refused("seed", "-1");
	refused("seed", " -1");
	refused("seed", "\t-1");
	refused("seed", "-18446744073709551615");
	refused("seed", "18446744073709551616");
	refused("seed", "1e20");
	refused("seed", "2e19");
	refused("seed", "1.5");
	refused("seed", "99999999999999999999999");
	taken("seed", "18446744073709551615", "18446744073709551615");
	taken("seed", "18446744073709551614", "18446744073709551614");
	taken("seed", "9007199254740993", "9007199254740993"); /* 2^53 + 1: not a double */
	taken("seed", "1.8446744073709551615e19", "18446744073709551615");
	taken("seed", "1e19", "10000000000000000000");
	taken("seed", "1e3", "1000");
	taken("seed", "0", "0");
	taken("seed", "-0", "0");
	taken("seed", "0e999999999999", "0");
	taken("seed", "00000000000000000000000000042", "42");
	/* reals: decimal forms all */
	taken("radius", ".5", "0.5");
	taken("radius", "5.", "5");
	taken("radius", "1E3", "1000");
	taken("radius", "+2.5e-1", "0.25");
	taken("bias", "-1.5", "-1.5");
	taken("bias", "0", "zero");
	taken("confidence", "0.999999", "0.999999");
	refused("confidence", "1");
	refused("radius", "-1e-300");
}

/* ---- blanks around a value ---- */

/* " v\t" and friends give what "v" gives: the same code, the same message
 * and the same parameters afterwards. */
static void same_with_blanks(const char *param, const char *v)
{
	static const char *const pads[][2] = {{" ", ""}, {"", "\t"}, {" ", "\t"}, {"\t \t", "  \t "}};
	dr_params a;
	dr_params_default(&a);
	char ea[DR_ERRLEN] = "", eb[DR_ERRLEN] = "";
	int ra = set1(&a, param, v, ea, sizeof ea);
	char *va = all_values(&a);
	for (int i = 0; i < 4; i++) {
		size_t n = strlen(v) + 16;
		char *pv = malloc(n);
		snprintf(pv, n, "%s%s%s", pads[i][0], v, pads[i][1]);
		dr_params b;
		dr_params_default(&b);
		eb[0] = 0;
		int rb = set1(&b, param, pv, eb, sizeof eb);
		char *vb = all_values(&b);
		const char *d = differs(&a, &b);
		CHECK(NAME("blanks/%s '%.40s' padded %d", param, v, i), ra == rb && !strcmp(ea, eb) && !strcmp(va, vb) && !d,
		      "rc %d vs %d, '%s' vs '%s'%s%s", ra, rb, ea, eb, d ? ", differs in " : "", d ? d : "");
		free(vb);
		free(pv);
	}
	free(va);
}

static void test_blanks(void)
{
	/* for every parameter: a valid value and a bad one (every parameter is listed) */
	const char *cases[][3] = {
		{"depth", "12", "0"},
		{"width", "8,4,2", "4,,x"},
		{"input_dim", "3", "5000"},
		{"input", "orthant", "cube"},
		{"radius", "2.5", "-1"},
		{"center", "0.5", "1,2,3"},
		{"points", "1e3", "0"},
		{"arch", "residual-post", "cnn"},
		{"weights", "glorot", "foo"},
		{"bias", "uniform", "abc"},
		{"bias_scale", "0.25", "0"},
		{"w_scale", "0.02", "-1"},
		{"criterion", "layer", "x"},
		{"certify", "bracket", "on"},
		{"signflip", "yes", "maybe"},
		{"trials", "100", "1.5"},
		{"seed", "18446744073709551615", "-1"},
		{"threads", "2", "300"},
		{"confidence", "0.99", "1"},
		{"max_memory", "64", "0"},
		{"data_file", data_path, "/nonexistent/x.csv"},
	};
	int n = (int)(sizeof cases / sizeof cases[0]);
	CHECK("blanks/every parameter has a case", n == dr_param_count(), "%d cases, %d parameters", n, dr_param_count());
	for (int i = 0; i < n; i++) {
		CHECK(NAME("blanks/case %s is a parameter", cases[i][0]), dr_param_find(cases[i][0]) != NULL, "unknown");
		same_with_blanks(cases[i][0], cases[i][1]);
		same_with_blanks(cases[i][0], cases[i][2]);
	}
	same_with_blanks("bias", "-2.5");
	same_with_blanks("center", "origin");
	same_with_blanks("data_file", "none");
	same_with_blanks("signflip", "OFF");
	dr_params p;
	dr_params_default(&p);
	char err[DR_ERRLEN];
	int rc = set1(&p, "data_file", " ", err, sizeof err);
	CHECK("blanks/data_file ' ' is none", rc == DR_OK && !p.data_file[0], "rc %d (%s)", rc, err);
	rc = set1(&p, "depth", " 5 6 ", err, sizeof err);
	CHECK("blanks/inside a value they count", rc == DR_EINVAL && strstr(err, "'5 6'"), "rc %d (%s)", rc, err);
}

/* ---- lists and the longest values ---- */

/* The i-th number after -1.2345678901234567e-300 that needs all 17 digits
 * to read back, so that it formats in DR_NUMBER_LEN bytes. */
static double long_number(int i)
{
	double x = -1.2345678901234567e-300;
	for (int found = -1;; x = nextafter(x, -1.0)) {
		char b[64];
		snprintf(b, sizeof b, "%.16g", x);
		if (strtod(b, NULL) != x && ++found == i)
			return x;
	}
}

static void test_lists(void)
{
	char *text = malloc(DR_MAX_LIST * 40 + 8);
	double want[DR_MAX_LIST];
	size_t used = 0;
	for (int i = 0; i < DR_MAX_LIST; i++) {
		char num[64];
		snprintf(num, sizeof num, "%.17g", long_number(i));
		want[i] = strtod(num, NULL);
		used += (size_t)sprintf(text + used, "%s%s", i ? (i % 3 ? "," : ", ") : "", num);
	}
	dr_params p;
	dr_params_default(&p);
	char err[DR_ERRLEN] = "";
	int rc = set1(&p, "input_dim", "256", err, sizeof err);
	if (rc == DR_OK)
		rc = set1(&p, "center", text, err, sizeof err);
	int same = rc == DR_OK && p.ncenter == DR_MAX_LIST;
	for (int i = 0; same && i < DR_MAX_LIST; i++)
		same = same_bits(p.center[i], want[i]);
	CHECK("lists/256 centre entries of 24-character numbers", same, "rc %d (%s), %d entries (a %zu-byte value)", rc, err,
	      p.ncenter, used);
	/* formatted: every entry at 24 bytes, DR_VALUE_MAX exactly */
	char *v = malloc(DR_VALUE_MAX);
	int k = dr_param_get(&p, "center", v, DR_VALUE_MAX);
	CHECK("lists/the longest centre fills DR_VALUE_MAX", k == DR_VALUE_MAX - 1 && (int)strlen(v) == k,
	      "length %d, DR_VALUE_MAX %d", k, DR_VALUE_MAX);
	dr_params q;
	dr_params_default(&q);
	rc = set1(&q, "input_dim", "256", err, sizeof err);
	if (rc == DR_OK)
		rc = set1(&q, "center", v, err, sizeof err);
	CHECK("lists/the longest centre reads back", rc == DR_OK && !differs(&p, &q), "rc %d (%s)", rc, err);
	strcat(text, ",1");
	rc = set1(&p, "center", text, err, sizeof err);
	CHECK("lists/257 entries refused", rc == DR_EINVAL && strstr(err, "center: bad value '") && strstr(err, "(allowed: "),
	      "rc %d (%s)", rc, err);
	CHECK("lists/a long bad value is elided in the message", strlen(err) < DR_ERRLEN - 1 && strstr(err, "..."), "'%s'", err);

	/* 256 widths of 4096 */
	used = 0;
	for (int i = 0; i < DR_MAX_LIST; i++)
		used += (size_t)sprintf(text + used, "%s4096", i ? "\t" : "");
	dr_params_default(&p);
	rc = set1(&p, "width", text, err, sizeof err);
	k = dr_param_get(&p, "width", v, DR_VALUE_MAX);
	CHECK("lists/256 widths of 4096", rc == DR_OK && p.nwidths == DR_MAX_LIST && k == DR_MAX_LIST * 5 - 1,
	      "rc %d (%s), %d widths, %d bytes", rc, err, p.nwidths, k);
	free(v);
	free(text);
}

/* dr_param_get: the full length whatever the buffer (snprintf's rule). */
static void test_get_semantics(void)
{
	dr_params p;
	dr_params_default(&p);
	char err[DR_ERRLEN];
	set1(&p, "input_dim", "200", err, sizeof err);
	set1(&p, "width", "8,4,2,1,4096", err, sizeof err);
	set1(&p, "center", "0.1,0.2", err, sizeof err); /* refused: the length is input_dim */
	char c[4096];
	size_t u = 0;
	for (int i = 0; i < 200; i++)
		u += (size_t)sprintf(c + u, "%s%d.25", i ? "," : "", i);
	set1(&p, "center", c, err, sizeof err);
	set1(&p, "data_file", data_path, err, sizeof err);
	set1(&p, "bias", "-0.125", err, sizeof err);
	for (int i = 0; i < dr_param_count(); i++) {
		const char *n = dr_param_at(i)->name;
		char full[DR_VALUE_MAX], small[DR_VALUE_MAX];
		int len = dr_param_get(&p, n, full, sizeof full);
		int ok = len >= 0 && (size_t)len == strlen(full) && len < DR_VALUE_MAX;
		ok &= dr_param_get(&p, n, NULL, 0) == len;
		size_t sizes[] = {1, 2, 5, (size_t)len, (size_t)len + 1};
		for (int j = 0; ok && j < 5; j++) {
			memset(small, 'X', sizeof small);
			int k = dr_param_get(&p, n, small, sizes[j]);
			size_t want = sizes[j] - 1 < (size_t)len ? sizes[j] - 1 : (size_t)len;
			ok = k == len && strlen(small) == want && !strncmp(small, full, want) && small[sizes[j]] == 'X';
		}
		CHECK(NAME("get/%s: full length at every buffer size", n), ok, "length %d, '%.60s'", len, full);
	}
	CHECK("get/unknown name", dr_param_get(&p, "nope", c, sizeof c) == DR_EINVAL, "not DR_EINVAL");
}

/* ---- the property test: format, parse into a fresh struct, compare ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static long long rnd_in(long long lo, long long hi)
{
	return lo + (long long)(rnd() % (uint64_t)(hi - lo + 1));
}

/* An integer in lo..hi, often at the ends or small, written in one of the
 * forms that mean it exactly. */
static void int_text(char *b, size_t n, long long lo, long long hi)
{
	long long x;
	switch (rnd() % 6) {
	case 0: x = lo; break;
	case 1: x = hi; break;
	case 2: x = rnd_in(lo, lo + 10 < hi ? lo + 10 : hi); break;
	default: { /* log-uniform */
		double l = log((double)(lo > 0 ? lo : 1)), h = log((double)hi + 1);
		x = (long long)exp(l + (h - l) * (double)(rnd() >> 11) * 0x1p-53);
		x = x < lo ? lo : x > hi ? hi : x;
	}
	}
	int z = 0;
	while (x && x % 10 == 0 && (x / 10) % 10 == 0 && z < 18) /* trailing zeros for an exponent form */
		z++, x /= 10;
	long long m = x;
	for (int i = 0; i < z; i++)
		x *= 10;
	switch (rnd() % 5) {
	case 0: snprintf(b, n, "+%lld", x); break;
	case 1: snprintf(b, n, "%lld.000", x); break;
	case 2:
		if (z)
			snprintf(b, n, "%llde%d", m, z);
		else
			snprintf(b, n, "%lld", m);
		break;
	case 3: snprintf(b, n, "0%lld", x); break;
	default: snprintf(b, n, "%lld", x);
	}
}

/* A real in lo..hi (as strtod reads the text) written at a random precision. */
static void real_text(char *b, size_t n, double lo, double hi)
{
	for (;;) {
		double x;
		switch (rnd() % 6) {
		case 0: x = lo; break;
		case 1: x = hi; break;
		case 2: x = lo + (hi - lo) * (double)(rnd() >> 11) * 0x1p-53; break;
		default: /* any magnitude, subnormals included */
			x = ldexp((double)(rnd() >> 11) * 0x1p-53, (int)rnd_in(-1074, 20));
			if (lo < 0 && rnd() % 2)
				x = -x;
		}
		switch (rnd() % 4) {
		case 0: snprintf(b, n, "%.17g", x); break;
		case 1: snprintf(b, n, "%.*g", (int)rnd_in(1, 16), x); break;
		case 2: snprintf(b, n, "%.*e", (int)rnd_in(0, 20), x); break;
		default: snprintf(b, n, "%.17G", x);
		}
		double r = strtod(b, NULL);
		if (r >= lo && r <= hi)
			return;
	}
}

static const char *pick(const char *const *v)
{
	int n = 0;
	while (v[n])
		n++;
	return v[rnd() % (uint64_t)n];
}

/* Random case: values of enumerations are case-insensitive. */
static void recase(char *s)
{
	for (; *s; s++)
		if (rnd() % 4 == 0 && *s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static const char *sep(void)
{
	static const char *const s[] = {",", ", ", " ", "\t", ",\t ", NULL};
	return pick(s);
}

/* Random valid text for one parameter (input_dim first: the centre follows it). */
static void random_value(const char *param, int dim, char *b, size_t n)
{
	static const char *const inputs[] = {"ball", "sphere", "point", "box", "orthant", NULL};
	static const char *const archs[] = {"plain", "batchnorm", "residual", "residual-post", "dense", "skip", NULL};
	static const char *const weights[] = {"he-normal", "he-uniform", "glorot-normal", "glorot-uniform", "lecun-normal",
					      "lecun-uniform", "rai", "mirrored", "he", "glorot", "lecun", "he-fan-out",
					      "torch", "keras", "flax", "orthogonal", "normal", "uniform",
					      "truncated-normal", "he-positive", "playground", NULL};
	static const char *const biases[] = {"auto", "zero", "normal", "uniform", "fan-in", NULL};
	static const char *const crits[] = {"point", "layer", NULL};
	static const char *const certs[] = {"off", "bracket", "exact", NULL};
	static const char *const flips[] = {"on", "off", "true", "false", "yes", "no", "1", "0", NULL};
	if (!strcmp(param, "depth"))
		int_text(b, n, 1, 1000000000);
	else if (!strcmp(param, "input_dim"))
		int_text(b, n, 1, DR_MAX_LIST);
	else if (!strcmp(param, "points"))
		int_text(b, n, 1, DR_MAX_POINTS);
	else if (!strcmp(param, "trials"))
		int_text(b, n, 1, 1000000000);
	else if (!strcmp(param, "threads"))
		int_text(b, n, 0, 256);
	else if (!strcmp(param, "max_memory"))
		int_text(b, n, 1, 1048576);
	else if (!strcmp(param, "seed")) {
		uint64_t s = rnd() >> (rnd() % 64);
		snprintf(b, n, rnd() % 2 ? "%llu" : "+%llu", (unsigned long long)(rnd() % 8 ? s : UINT64_MAX));
	} else if (!strcmp(param, "radius"))
		real_text(b, n, 0, 1e6);
	else if (!strcmp(param, "bias_scale") || !strcmp(param, "w_scale"))
		real_text(b, n, 1e-12, 1e6);
	else if (!strcmp(param, "confidence"))
		real_text(b, n, 0.5, 0.999999);
	else if (!strcmp(param, "width")) {
		int k = rnd() % 2 ? 1 : (int)rnd_in(1, DR_MAX_LIST);
		size_t u = 0;
		for (int i = 0; i < k; i++) {
			char one[64];
			int_text(one, sizeof one, 1, DR_MAX_WIDTH);
			u += (size_t)snprintf(b + u, n - u, "%s%s", i ? sep() : "", one);
		}
	} else if (!strcmp(param, "center")) {
		int k = rnd() % 4 == 0 ? 0 : rnd() % 3 == 0 ? 1 : dim;
		if (k == 0) {
			snprintf(b, n, rnd() % 2 ? "origin" : "0");
			recase(b);
		}
		size_t u = 0;
		for (int i = 0; i < k; i++) {
			char one[64];
			real_text(one, sizeof one, -1e6, 1e6);
			u += (size_t)snprintf(b + u, n - u, "%s%s", i ? sep() : "", one);
		}
	} else if (!strcmp(param, "bias")) {
		if (rnd() % 2) {
			snprintf(b, n, "%s", pick(biases));
			recase(b);
		} else {
			real_text(b, n, -1e6, 1e6);
		}
	} else if (!strcmp(param, "data_file")) {
		int k = (int)(rnd() % 3);
		snprintf(b, n, "%s", k == 0 ? "none" : k == 1 ? data_path : long_path);
	} else {
		const char *const *v = !strcmp(param, "input") ? inputs : !strcmp(param, "arch") ? archs
			: !strcmp(param, "weights") ? weights : !strcmp(param, "criterion") ? crits
			: !strcmp(param, "certify") ? certs : flips;
		snprintf(b, n, "%s", pick(v));
		recase(b);
	}
}

static void test_round_trip(void)
{
	char *text = malloc(DR_VALUE_MAX * 4), *v = malloc(DR_VALUE_MAX), err[DR_ERRLEN];
	int samples = 0, failures = 0, rejected = 0;
	for (int t = 0; t < 6000 && failures < 5; t++) {
		dr_params p;
		dr_params_default(&p);
		int dim = 2, ok = 1;
		for (int i = 0; ok && i < dr_param_count(); i++) {
			const char *n = dr_param_at(i)->name;
			if (rnd() % 3 == 0 && t % 50) /* some parameters keep their defaults */
				continue;
			random_value(n, dim, text, DR_VALUE_MAX * 4);
			if (dr_param_parse(&p, n, text, err, sizeof err) != DR_OK) {
				CHECK(NAME("round trip/%d: %s '%.60s' is valid", t, n, text), 0, "%s", err);
				ok = 0;
				failures++;
			}
			if (!strcmp(n, "input_dim"))
				dim = p.input_dim;
		}
		if (!ok)
			continue;
		if (p.data_file[0] && rnd() % 2)
			p.input = DR_IN_DATA;
		if (dr_params_check(&p, err, sizeof err) != DR_OK) {
			rejected++; /* a combination (residual with several widths, a centre after data_file) */
			continue;
		}
		/* each value formatted, then parsed into a fresh struct in table order */
		dr_params q;
		dr_params_default(&q);
		for (int i = 0; ok && i < dr_param_count(); i++) {
			const char *n = dr_param_at(i)->name;
			int k = dr_param_get(&p, n, v, DR_VALUE_MAX);
			if (k < 0 || k >= DR_VALUE_MAX || dr_param_parse(&q, n, v, err, sizeof err) != DR_OK) {
				CHECK(NAME("round trip/%d: %s '%.60s' reads back", t, n, v), 0, "length %d: %s", k, err);
				ok = 0;
				failures++;
			}
		}
		if (!ok)
			continue;
		int rc = dr_params_check(&q, err, sizeof err);
		char *a = all_values(&p), *b = all_values(&q);
		const char *d = differs(&p, &q);
		if (rc != DR_OK || strcmp(a, b) || d) {
			CHECK(NAME("round trip/%d", t), 0, "check %d (%s); differs in %s", rc, err, d ? d : "the text");
			failures++;
		}
		samples++;
		free(a);
		free(b);
	}
	CHECK("round trip/random valid values of every parameter", failures == 0 && samples > 2000,
	      "%d samples, %d failures, %d combinations refused", samples, failures, rejected);
	free(text);
	free(v);
}

/* The longest values: 256 entries of 24-byte numbers, 256 widths, a
 * 1023-byte data_file name. */
static void test_longest_round_trip(void)
{
	dr_params p, q;
	dr_params_default(&p);
	dr_params_default(&q);
	char err[DR_ERRLEN] = "";
	char *c = malloc(DR_VALUE_MAX * 2), *v = malloc(DR_VALUE_MAX);
	size_t u = 0;
	for (int i = 0; i < DR_MAX_LIST; i++)
		u += (size_t)sprintf(c + u, "%s%.17g", i ? "," : "", long_number(i));
	int rc = dr_param_parse(&p, "input_dim", "256", err, sizeof err);
	if (rc == DR_OK)
		rc = dr_param_parse(&p, "center", c, err, sizeof err);
	if (rc == DR_OK) /* last, as in the table: input_dim becomes its 2 columns */
		rc = dr_param_parse(&p, "data_file", long_path, err, sizeof err);
	if (rc == DR_OK)
		rc = dr_param_parse(&p, "bias", "-1.2345678901234567e-300", err, sizeof err);
	if (rc == DR_OK)
		rc = dr_param_parse(&p, "radius", "9.8765432109876543e-300", err, sizeof err);
	CHECK("longest/set", rc == DR_OK && strlen(p.data_file) == 1023, "rc %d (%s), data_file of %zu bytes", rc, err,
	      strlen(p.data_file));
	for (int i = 0; rc == DR_OK && i < dr_param_count(); i++) {
		const char *n = dr_param_at(i)->name;
		int k = dr_param_get(&p, n, v, DR_VALUE_MAX);
		if (k >= DR_VALUE_MAX || (rc = dr_param_parse(&q, n, v, err, sizeof err)) != DR_OK)
			CHECK(NAME("longest/%s reads back", n), 0, "length %d: %s", k, err);
	}
	const char *d = differs(&p, &q);
	CHECK("longest/identical after the round trip", rc == DR_OK && !d, "rc %d (%s), differs in %s", rc, err,
	      d ? d : "-");
	/* a 1024-byte name does not fit */
	char big[1100];
	snprintf(big, sizeof big, "%s", long_path);
	strcat(big, "x");
	rc = dr_param_set(&q, "data_file", big, err, sizeof err);
	CHECK("longest/a 1024-byte data_file refused", rc == DR_EINVAL && strstr(err, "data_file: bad value '") &&
	      strstr(err, "...") && strstr(err, "(allowed: "), "rc %d (%s)", rc, err);
	free(c);
	free(v);
}

/* ---- the parameter panel: a value cut to its column says so ---- */

static session sess;
static ui_state ui; /* large: static */

static char *panel(int utf8, int w)
{
	ui.utf8 = utf8;
	grid g;
	if (grid_init(&g, w, 24) != 0)
		return NULL;
	panel_params(&g, (rect){0, 0, w, 24}, &ui);
	char *t = grid_to_text(&g);
	grid_free(&g);
	return t;
}

/* The line of the panel that shows param. */
static const char *row_of(const char *t, const char *param, char *buf, size_t len)
{
	char key[64];
	snprintf(key, sizeof key, " %s ", param);
	const char *at = strstr(t, key);
	if (!at)
		return "";
	while (at > t && at[-1] != '\n')
		at--;
	snprintf(buf, len, "%.*s", (int)strcspn(at, "\n"), at);
	return buf;
}

static void test_panel(void)
{
	session_init(&sess);
	memset(&ui, 0, sizeof ui);
	ui.s = &sess;
	ui.selected = -1;
	char err[DR_ERRLEN], c[DR_VALUE_MAX], row[1024];
	size_t u = 0;
	for (int i = 0; i < 200; i++)
		u += (size_t)sprintf(c + u, "%s%d.5", i ? "," : "", i);
	if (dr_param_set(&sess.params, "input_dim", "200", err, sizeof err) != DR_OK ||
	    dr_param_set(&sess.params, "center", c, err, sizeof err) != DR_OK) {
		CHECK("panel/setup", 0, "%s", err);
		return;
	}
	char *t = panel(1, 40);
	const char *r = row_of(t ? t : "", "center", row, sizeof row);
	/* 40 columns: border, 12 for the name, 26 for the value; the last one marks the cut */
	CHECK("panel/UTF-8: a cut value ends in …", strstr(r, "0.5,1.5,2.5,3.5,4.5,5.5,6…│") != NULL, "row '%s'", r);
	r = row_of(t ? t : "", "depth", row, sizeof row);
	CHECK("panel/UTF-8: a value that fits is not marked", strstr(r, "20 ") && !strstr(r, "…"), "row '%s'", r);
	free(t);
	t = panel(0, 40);
	r = row_of(t ? t : "", "center", row, sizeof row);
	CHECK("panel/ASCII: a cut value ends in ~", strstr(r, "0.5,1.5,2.5,3.5,4.5,5.5,6~|") != NULL, "row '%s'", r);
	free(t);
	/* exactly the column's width (26): shown whole, no mark */
	sess.params.input_dim = 7;
	dr_param_set(&sess.params, "center", "1.5,1.5,2.5,3.5,4.5,5.5,16", err, sizeof err);
	t = panel(0, 40);
	r = row_of(t ? t : "", "center", row, sizeof row);
	CHECK("panel/ASCII: a value of exactly the width is whole", strstr(r, " 1.5,1.5,2.5,3.5,4.5,5.5,16|") != NULL,
	      "row '%s'", r);
	free(t);
	session_free(&sess);
}

/* A data file and one whose full name is 1023 bytes (components < 256). */
static int setup_files(void)
{
	if (!mkdtemp(dir))
		return -1;
	snprintf(data_path, sizeof data_path, "%s/d.csv", dir);
	FILE *f = fopen(data_path, "w");
	if (!f)
		return -1;
	fputs("x,y\n0.5,1\n0.25,-2\n", f);
	fclose(f);
	size_t n = (size_t)snprintf(long_path, sizeof long_path, "%s", dir);
	while (1023 - n > 250) {
		n += (size_t)snprintf(long_path + n, sizeof long_path - n, "/%0200d", 0);
		if (mkdir(long_path, 0700) != 0)
			return -1;
	}
	long_path[n++] = '/';
	while (n < 1023)
		long_path[n++] = 'f';
	long_path[n] = 0;
	f = fopen(long_path, "w");
	if (!f)
		return -1;
	fputs("1,2\n3,4\n5,6\n", f);
	fclose(f);
	return 0;
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (setup_files() != 0) {
		printf("FAIL setup: cannot create the data files in %s\n", dir);
		return 1;
	}
	test_decimal();
	test_blanks();
	test_lists();
	test_get_semantics();
	test_round_trip();
	test_longest_round_trip();
	test_panel();
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("FAIL cleanup: %s\n", cmd);
	CHECK_DONE();
}
