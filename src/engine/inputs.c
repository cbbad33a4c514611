/* inputs.c - sampling the input set, and loading a data set from CSV. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static double centre(const dr_params *p, int i)
{
	if (p->ncenter == 0)
		return 0.0;
	return p->ncenter == 1 ? p->center[0] : p->center[i];
}

int inputs_in_orthant(const dr_params *p)
{
	double reach = p->radius;
	switch (p->input) {
	case DR_IN_ORTHANT:
		return 1;
	case DR_IN_DATA:
		return p->data_nonnegative;
	case DR_IN_POINT:
		reach = 0.0;
		break;
	default:
		break;
	}
	for (int i = 0; i < p->input_dim; i++)
		if (centre(p, i) - reach < 0.0)
			return 0;
	return 1;
}

int inputs_count(const dr_params *p, const dr_data *d)
{
	if (p->input == DR_IN_POINT)
		return 1;
	if (p->input == DR_IN_DATA)
		return d->rows;
	return p->points;
}

/* Uniform in the ball of dimension d <= 3, by rejection from the cube
 * (-1, 1)^d: acceptance pi/4 for d = 2, pi/6 for d = 3; no normals, no pow.
 * Branch-free: every candidate is written to column c, which advances only
 * when the candidate is inside, so X needs n + 1 columns. */
static void ball_small(const dr_params *p, dr_rng *r, double *X, int stride, int n)
{
	int d = p->input_dim;
	double rad = p->radius, c0 = centre(p, 0), c1 = centre(p, 1 % d), c2 = centre(p, 2 % d);
	double *x0 = X, *x1 = X + (size_t)stride, *x2 = X + 2 * (size_t)stride;
	if (d == 1) {
		for (int c = 0; c < n; c++)
			x0[c] = c0 + rad * rng_uniform_sym(r);
	} else if (d == 2) {
		for (int c = 0; c < n;) {
			double u = rng_uniform_sym(r), v = rng_uniform_sym(r);
			x0[c] = c0 + rad * u;
			x1[c] = c1 + rad * v;
			c += u * u + v * v < 1.0;
		}
	} else {
		for (int c = 0; c < n;) {
			double u = rng_uniform_sym(r), v = rng_uniform_sym(r), w = rng_uniform_sym(r);
			x0[c] = c0 + rad * u;
			x1[c] = c1 + rad * v;
			x2[c] = c2 + rad * w;
			c += u * u + v * v + w * w < 1.0;
		}
	}
}

void inputs_sample(const dr_params *p, const dr_data *data, dr_rng *r, double *X, int stride)
{
	int d = p->input_dim, n = inputs_count(p, data);
	if (p->input == DR_IN_BALL && d <= 3) {
		ball_small(p, r, X, stride, n);
		return;
	}
	for (int c = 0; c < n; c++) {
		switch (p->input) {
		case DR_IN_BALL:
		case DR_IN_SPHERE: {
			double norm = 0.0;
			for (int i = 0; i < d; i++) {
				double g = rng_normal(r);
				X[(size_t)i * stride + c] = g;
				norm += g * g;
			}
			/* Uniform in the ball: radius r U^(1/d) along a uniform direction. */
			double len = p->radius;
			if (p->input == DR_IN_BALL)
				len *= pow(rng_uniform(r), 1.0 / d);
			double s = norm > 0 ? len / sqrt(norm) : 0.0;
			for (int i = 0; i < d; i++)
				X[(size_t)i * stride + c] = centre(p, i) + s * X[(size_t)i * stride + c];
			break;
		}
		case DR_IN_POINT:
			for (int i = 0; i < d; i++)
				X[(size_t)i * stride + c] = centre(p, i);
			break;
		case DR_IN_BOX:
			for (int i = 0; i < d; i++)
				X[(size_t)i * stride + c] = centre(p, i) + p->radius * (2.0 * rng_uniform(r) - 1.0);
			break;
		case DR_IN_ORTHANT:
			for (int i = 0; i < d; i++)
				X[(size_t)i * stride + c] = p->radius * rng_uniform(r);
			break;
		case DR_IN_DATA:
			for (int i = 0; i < d; i++)
				X[(size_t)i * stride + c] = data->x[(size_t)c * data->cols + i];
			break;
		}
	}
}

void data_free(dr_data *d)
{
	free(d->x);
	d->x = NULL;
	d->rows = d->cols = 0;
}

/* Parses one CSV line of numbers; returns the count, or -1 if a field is not
 * a number. */
static int parse_row(char *line, double *out, int max)
{
	int n = 0;
	char *s = line;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '\n' || *s == '\r')
			break;
		char *end;
		double v = strtod(s, &end);
		if (end == s || !isfinite(v))
			return -1;
		if (n < max)
			out[n] = v;
		n++;
		s = end;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == ',' || *s == ';')
			s++;
		else if (*s && *s != '\n' && *s != '\r')
			return -1;
	}
	return n;
}

int data_load(const char *path, dr_data *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	FILE *f = fopen(path, "r");
	if (!f)
		return dr_errf(err, errlen, DR_EIO, "data_file: cannot open '%s' (%s)", path, strerror(errno));
	char line[65536];
	double row[DR_MAX_DIM];
	size_t cap = 0;
	int lineno = 0, rc = DR_OK;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (line[0] == '#' || line[strspn(line, " \t\r\n")] == 0)
			continue;
		int n = parse_row(line, row, DR_MAX_DIM);
		if (n < 0) {
			if (d->rows == 0 && lineno == 1)
				continue; /* a header line */
			rc = dr_errf(err, errlen, DR_EIO, "data_file: '%s' line %d is not a row of numbers",
				     path, lineno);
			break;
		}
		if (n > DR_MAX_DIM) {
			rc = dr_errf(err, errlen, DR_EIO, "data_file: '%s' has %d columns (allowed: 1..%d)",
				     path, n, DR_MAX_DIM);
			break;
		}
		if (d->rows == 0)
			d->cols = n;
		else if (n != d->cols) {
			rc = dr_errf(err, errlen, DR_EIO, "data_file: '%s' line %d has %d columns, expected %d",
				     path, lineno, n, d->cols);
			break;
		}
		if (d->rows == DR_MAX_POINTS) {
			rc = dr_errf(err, errlen, DR_EIO, "data_file: '%s' has more than %d rows", path,
				     DR_MAX_POINTS);
			break;
		}
		if ((size_t)(d->rows + 1) * d->cols > cap) {
			size_t ncap = cap ? cap * 2 : (size_t)d->cols * 256;
			double *x = realloc(d->x, ncap * sizeof *x);
			if (!x) {
				rc = dr_errf(err, errlen, DR_ENOMEM, "data_file: out of memory reading '%s'", path);
				break;
			}
			d->x = x;
			cap = ncap;
		}
		memcpy(d->x + (size_t)d->rows * d->cols, row, (size_t)d->cols * sizeof *row);
		d->rows++;
	}
	fclose(f);
	if (rc == DR_OK && d->rows == 0)
		rc = dr_errf(err, errlen, DR_EIO, "data_file: '%s' has no rows of numbers", path);
	if (rc != DR_OK)
		data_free(d);
	return rc;
}
