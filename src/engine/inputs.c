/* inputs.c - the input sets (dr_input): one descriptor each, saying how the
 * set is sampled and what the bounds may assume about it (bounded, in the
 * orthant, in a ball). Adding a set: its X line in deadrelu.h's
 * DR_INPUT_LIST, its sampler and entry here, its tests. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

double inputs_centre(const dr_params *p, int i)
{
	if (p->ncenter == 0)
		return 0.0;
	return p->ncenter == 1 ? p->center[0] : p->center[i];
}

/* Uniform in the ball of dimension d <= 3, by rejection from the cube
 * (-1, 1)^d: acceptance pi/4 for d = 2, pi/6 for d = 3; no normals, no pow.
 * Branch-free: every candidate is written to column c, which advances only
 * when the candidate is inside, so X needs n + 1 columns. */
static void ball_small(const dr_params *p, dr_rng *r, double *X, int stride, int n)
{
	int d = p->input_dim;
	double rad = p->radius, c0 = inputs_centre(p, 0), c1 = inputs_centre(p, 1 % d), c2 = inputs_centre(p, 2 % d);
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

/* Point c of X (column c, stride apart), one set's way. */
typedef void point_fn(const dr_params *p, const dr_data *data, dr_rng *r, double *x, size_t stride, int c);

/* n points one after the other, checking for a cancel every 1024 (10^6
 * points of dimension 4096 take seconds). */
static int each_point(point_fn *f, const dr_params *p, const dr_data *data, dr_rng *r, double *X, int stride,
		      int n, const atomic_int *cancel)
{
	for (int c = 0; c < n; c++) {
		if ((c & 1023) == 0 && stop_asked(cancel))
			return DR_ECANCELED;
		f(p, data, r, X + c, (size_t)stride, c);
	}
	return DR_OK;
}

/* A uniform direction of length len from the centre. */
static void on_sphere(const dr_params *p, dr_rng *r, double *x, size_t stride, double len_scale, int ball)
{
	int d = p->input_dim;
	double norm = 0.0;
	for (int i = 0; i < d; i++) {
		double g = rng_normal(r);
		x[i * stride] = g;
		norm += g * g;
	}
	/* Uniform in the ball: radius r U^(1/d) along a uniform direction. */
	double len = len_scale;
	if (ball)
		len *= pow(rng_uniform(r), 1.0 / d);
	double s = norm > 0 ? len / sqrt(norm) : 0.0;
	for (int i = 0; i < d; i++)
		x[i * stride] = inputs_centre(p, i) + s * x[i * stride];
}

static void ball_point(const dr_params *p, const dr_data *data, dr_rng *r, double *x, size_t stride, int c)
{
	(void)data;
	(void)c;
	on_sphere(p, r, x, stride, p->radius, 1);
}

static int sample_ball(const dr_params *p, const dr_data *data, dr_rng *r, double *X, int stride, int n,
		       const atomic_int *cancel)
{
	if (p->input_dim <= 3) {
		ball_small(p, r, X, stride, n);
		return DR_OK;
	}
	return each_point(ball_point, p, data, r, X, stride, n, cancel);
}

static void sphere_point(const dr_params *p, const dr_data *data, dr_rng *r, double *x, size_t stride, int c)
{
	(void)data;
	(void)c;
	on_sphere(p, r, x, stride, p->radius, 0);
}

static void centre_point(const dr_params *p, const dr_data *data, dr_rng *r, double *x, size_t stride, int c)
{
	(void)data;
	(void)r;
	(void)c;
	for (int i = 0; i < p->input_dim; i++)
		x[i * stride] = inputs_centre(p, i);
}

static void box_point(const dr_params *p, const dr_data *data, dr_rng *r, double *x, size_t stride, int c)
{
	(void)data;
	(void)c;
	for (int i = 0; i < p->input_dim; i++)
		x[i * stride] = inputs_centre(p, i) + p->radius * (2.0 * rng_uniform(r) - 1.0);
}

static void orthant_point(const dr_params *p, const dr_data *data, dr_rng *r, double *x, size_t stride, int c)
{
	(void)data;
	(void)c;
	for (int i = 0; i < p->input_dim; i++)
		x[i * stride] = p->radius * rng_uniform(r);
}

static void data_point(const dr_params *p, const dr_data *data, dr_rng *r, double *x, size_t stride, int c)
{
	(void)r;
	for (int i = 0; i < p->input_dim; i++)
		x[i * stride] = data->x[(size_t)c * data->cols + i];
}

/* N(center, radius^2 I): the same normals for every radius, scaled. */
static void gaussian_point(const dr_params *p, const dr_data *data, dr_rng *r, double *x, size_t stride, int c)
{
	(void)data;
	(void)c;
	for (int i = 0; i < p->input_dim; i++)
		x[i * stride] = inputs_centre(p, i) + p->radius * rng_normal(r);
}

#define EACH_POINT(name)                                                                              \
	static int sample_##name(const dr_params *p, const dr_data *data, dr_rng *r, double *X, int stride, \
				 int n, const atomic_int *cancel)                                        \
	{                                                                                             \
		return each_point(name##_point, p, data, r, X, stride, n, cancel);                    \
	}
EACH_POINT(sphere)
EACH_POINT(centre)
EACH_POINT(box)
EACH_POINT(orthant)
EACH_POINT(data)
EACH_POINT(gaussian)

static int always(const dr_params *p)
{
	(void)p;
	return 1;
}

static int data_in_orthant(const dr_params *p)
{
	return p->data_nonnegative;
}

static const input_set sets[] = {
	[DR_IN_BALL] = {.sample = sample_ball, .sized = 1, .bounded = 1, .in_ball = 1},
	[DR_IN_SPHERE] = {.sample = sample_sphere, .sized = 1, .bounded = 1, .in_ball = 1},
	[DR_IN_POINT] = {.sample = sample_centre, .one_point = 1, .bounded = 1},
	[DR_IN_BOX] = {.sample = sample_box, .sized = 1, .bounded = 1},
	[DR_IN_ORTHANT] = {.sample = sample_orthant, .in_orthant = always, .sized = 1, .bounded = 1},
	[DR_IN_DATA] = {.sample = sample_data, .in_orthant = data_in_orthant, .bounded = 1, .data = 1,
			.any_sign_note = "input data has negative entries: first-layer factor F_1 = 1"},
	/* Unbounded: every orthant and every ball is left with positive
	 * probability, so only radius 0 (the point center) has a factor < 1. */
	[DR_IN_GAUSSIAN] = {.sample = sample_gaussian, .sized = 1,
			    .any_sign_note = "input gaussian is unbounded: first-layer factor F_1 = 1"},
};
_Static_assert(sizeof sets / sizeof sets[0] == DR_IN_COUNT, "an input set without a descriptor");

const input_set *input_of(const dr_params *p)
{
	return &sets[p->input];
}

int inputs_is_point(const dr_params *p)
{
	const input_set *s = input_of(p);
	return s->one_point || (s->sized && p->radius == 0.0);
}

int inputs_in_orthant(const dr_params *p)
{
	const input_set *s = input_of(p);
	if (s->in_orthant)
		return s->in_orthant(p);
	int point = inputs_is_point(p);
	if (!s->bounded && !point)
		return 0;
	double reach = point ? 0.0 : p->radius;
	for (int i = 0; i < p->input_dim; i++)
		if (inputs_centre(p, i) - reach < 0.0)
			return 0;
	return 1;
}

size_t inputs_data_memory(const dr_params *p)
{
	if (!input_of(p)->data)
		return 0;
	return (size_t)p->data_rows * (size_t)p->input_dim * sizeof(double);
}

int inputs_count(const dr_params *p, const dr_data *d)
{
	const input_set *s = input_of(p);
	if (s->one_point)
		return 1;
	if (s->data)
		return d ? d->rows : p->data_rows;
	return p->points;
}

/* radius inf (input_dim 1, certify exact): the set is the whole line or,
 * for the orthant, the half-line [0, inf), which have no uniform law; the
 * sample is N(centre, 1), folded onto the half-line for the orthant. */
static void line_point(const dr_params *p, const dr_data *data, dr_rng *r, double *x, size_t stride, int c)
{
	(void)data;
	(void)stride;
	(void)c;
	double t = rng_normal(r);
	x[0] = p->input == DR_IN_ORTHANT ? fabs(t) : inputs_centre(p, 0) + t;
}

int inputs_sample(const dr_params *p, const dr_data *data, dr_rng *r, double *X, int stride,
		  const atomic_int *cancel)
{
	if (isinf(p->radius))
		return each_point(line_point, p, data, r, X, stride, inputs_count(p, data), cancel);
	return input_of(p)->sample(p, data, r, X, stride, inputs_count(p, data), cancel);
}
