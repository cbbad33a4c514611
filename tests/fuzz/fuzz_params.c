/* fuzz_params.c - libFuzzer harness for the parameter parsers: the first
 * byte picks a parameter, the rest is its value. A value that is taken must
 * read back as itself (get, then set on fresh defaults, then get again),
 * leave valid parameters, and step (dr_param_step) to text that is taken
 * or refused like any value; one that is refused must leave them as they
 * were and say so under the parameter's name. The same text goes through
 * the number scanner, which must agree with strtod on whatever it accepts. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "deadrelu.h"

#define MAX_VALUE 8192

static void die(const char *what, const char *name, const char *value, const char *detail)
{
	fprintf(stderr, "fuzz_params: %s\n  parameter: %s\n  value: '%s'\n  detail: %s\n", what, name, value,
		detail);
	abort();
}

/* Every parameter formatted, in table order, into b (DR_VALUE_MAX each). */
static void snapshot(const dr_params *p, char *b, size_t len)
{
	size_t used = 0;
	for (int i = 0; i < dr_param_count(); i++) {
		const char *name = dr_param_at(i)->name;
		int n = dr_param_get(p, name, b + used, len - used);
		if (n < 0 || (size_t)n >= len - used)
			die("dr_param_get failed or was cut", name, "", "");
		used += (size_t)n;
		b[used++] = '\n';
	}
	b[used] = 0;
}

static void check_param(const char *name, const char *value)
{
	static char before[DR_VALUE_MAX * 32], after[DR_VALUE_MAX * 32];
	char err[DR_ERRLEN], why[DR_ERRLEN];
	dr_params p;
	dr_params_default(&p);
	snapshot(&p, before, sizeof before);
	err[0] = 0;
	int rc = dr_param_set(&p, name, value, err, sizeof err);
	if (rc != DR_OK) {
		size_t n = strlen(name);
		if (strncmp(err, name, n) != 0 || err[n] != ':')
			die("the message does not start with the parameter's name", name, value, err);
		if (strchr(err, '\n'))
			die("the message is not one line", name, value, err);
		snapshot(&p, after, sizeof after);
		if (strcmp(before, after) != 0)
			die("a refused value changed the parameters", name, value, err);
		return;
	}
	if (dr_params_check(&p, why, sizeof why) != DR_OK)
		die("a value was taken, but the parameters are invalid", name, value, why);
	char got[DR_VALUE_MAX], again[DR_VALUE_MAX];
	int n = dr_param_get(&p, name, got, sizeof got);
	if (n < 0 || (size_t)n >= sizeof got)
		die("dr_param_get failed or was cut", name, value, "");
	dr_params fresh;
	dr_params_default(&fresh);
	if (dr_param_set(&fresh, name, got, err, sizeof err) != DR_OK)
		die("the formatted value is refused", name, value, err);
	dr_param_get(&fresh, name, again, sizeof again);
	if (strcmp(got, again) != 0)
		die("the formatted value reads back differently", name, got, again);
	snapshot(&p, before, sizeof before);
	snapshot(&fresh, after, sizeof after);
	if (strcmp(before, after) != 0)
		die("setting the formatted value changes other parameters", name, got, "");
	/* The arrow keys from here: a step is text that dr_param_set takes, or
	 * refuses (past the range) under the parameter's name. */
	for (int dir = -1; dir <= 1; dir += 2) {
		char step[DR_VALUE_MAX];
		if (dr_param_step(&p, name, dir, step, sizeof step) != DR_OK)
			continue;
		dr_params q = p;
		if (dr_param_set(&q, name, step, err, sizeof err) != DR_OK &&
		    (strncmp(err, name, strlen(name)) != 0 || err[strlen(name)] != ':'))
			die("a step's value is refused without the parameter's name", name, step, err);
	}
}

/* Is c one of the bytes dr_parse_number lets around a number? */
static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* What dr_scan_number accepted, [s, end), must be plain decimal, and
 * strtod must read the same text as the same value. */
static void check_span(const char *s, const char *end, double v)
{
	for (const char *c = s; c < end; c++)
		if (!strchr("0123456789+-.eE", *c))
			die("a number with a byte outside decimal syntax", "(number)", s, "");
	char *e;
	double w = strtod(s, &e);
	if (e != end)
		die("strtod reads a different length", "(number)", s, "");
	if (!isfinite(v) || memcmp(&v, &w, sizeof v) != 0)
		die("strtod reads a different value", "(number)", s, "");
}

static void check_number(const char *s)
{
	double v;
	const char *end = dr_scan_number(s, &v);
	if (end) {
		if (end == s)
			die("dr_scan_number accepted nothing", "(number)", s, "");
		check_span(s, end, v);
	}
	if (dr_parse_number(s, &v) == DR_OK) {
		const char *t = s;
		while (blank(*t))
			t++;
		double w;
		const char *e = dr_scan_number(t, &w);
		if (!e)
			die("dr_parse_number accepted what dr_scan_number refuses", "(number)", s, "");
		check_span(t, e, v);
		while (blank(*e))
			e++;
		if (*e)
			die("dr_parse_number accepted trailing text", "(number)", s, "");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > MAX_VALUE + 1 || memchr(data, 0, size))
		return -1;
	const char *name = dr_param_at(data[0] % dr_param_count())->name;
	char value[MAX_VALUE + 1];
	memcpy(value, data + 1, size - 1);
	value[size - 1] = 0;
	check_number(value);
	/* A data_file value names a file to read: the CSV harness covers the
	 * reader, and a path would make the result depend on the machine. */
	if (!strcmp(name, "data_file") && value[strspn(value, " \t")] && strcmp(value, "none"))
		return 0;
	check_param(name, value);
	return 0;
}
