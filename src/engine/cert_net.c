/* cert_net.c - the network as certify sees it (THEORY.md section 7):
 * which networks the bounds take, the workspace, the weights drawn again
 * from the trial's stream as its sample pass drew them and kept for the
 * pieces that follow, and one box or one point followed through the
 * layers (plain, skip's first layer, residual-post's stream). certify.c
 * searches for the verdict with them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "certify.h"

#define CERT_STORE_BYTES ((size_t)32 << 20) /* weights kept per worker */
#define CERT_FORMS_MAX ((size_t)1 << 22)  /* width x input_dim the bounds take */
#define CERT_SAMPLE_BYTES ((size_t)8 << 20) /* sample points drawn again, at most */

/* Which networks the bounds take: plain, skip (only layer 1 decides) and
 * residual-post (z = A h + b + h: the identity is one more exact weight
 * matrix), without sign flipping (its flips depend on the sample), with
 * forms small enough. Batch normalisation depends on the batch, the
 * sample; dense layers see every earlier one (their depths are not
 * nested); residual is never dead. */
static int takes(const dr_params *p)
{
	int w = params_max_width(p), n = 2 * (w > p->input_dim ? w : p->input_dim);
	return p->certify != DR_CERT_OFF && !p->signflip &&
	       (p->arch == DR_ARCH_PLAIN || p->arch == DR_ARCH_SKIP || p->arch == DR_ARCH_RESIDUAL_POST) &&
	       (size_t)n * (size_t)p->input_dim <= CERT_FORMS_MAX;
}

const char *cert_limit(const dr_params *p)
{
	if (p->certify == DR_CERT_OFF || inputs_is_point(p) || input_of(p)->data)
		return NULL;
	if (p->arch == DR_ARCH_RESIDUAL)
		return NULL; /* never dead: every network is proven alive */
	if (p->signflip)
		return "sign flipping chooses its flips on the sample: networks dead on it stay undecided";
	if (p->arch == DR_ARCH_BATCHNORM)
		return "batchnorm normalises over the batch, the sample: off the sample the network is not defined, networks dead on it stay undecided";
	if (p->arch == DR_ARCH_DENSE)
		return "dense: proven alive where the sample is; death is not proven";
	if (!takes(p))
		return "the layers are too wide for the bounds: networks dead on the sample stay undecided";
	if (!input_of(p)->bounded && p->certify == DR_CERT_BRACKET)
		return p->arch == DR_ARCH_PLAIN
			       ? "input gaussian covers all of R^d: only a layer whose weights and biases are all <= 0 proves death"
			       : "input gaussian covers all of R^d: death is not proven";
	return NULL;
}

/* Inputs of layer l: the points, the stream, or the layer before. */
static int fan_in(const dr_params *p, long long l)
{
	if (arch_of(p)->layout == ARCH_STREAM)
		return p->width;
	return l == 1 ? p->input_dim : dr_params_layer_width(p, l - 1);
}

/* Layers that decide: skip's first alone (every layer feeds the output). */
static long long deciding_depth(const dr_params *p)
{
	return p->arch == DR_ARCH_SKIP ? 1 : p->depth;
}

/* Columns of layer l's weights as stored: residual-post keeps [A I], the
 * stream taken twice (cert_layer). */
static int stored_in(const dr_params *p, long long l)
{
	return arch_of(p)->layout == ARCH_STREAM ? 2 * p->width : fan_in(p, l);
}

static size_t layer_doubles(const dr_params *p, long long l)
{
	size_t n = (size_t)dr_params_layer_width(p, l);
	return n * (size_t)stored_in(p, l) + n;
}

/* Layers the store keeps: as many as CERT_STORE_BYTES holds, at most k. */
static long long store_layers(const dr_params *p, size_t *bytes)
{
	size_t used = 0;
	long long l = 1;
	for (; l <= deciding_depth(p); l++) {
		size_t b = layer_doubles(p, l) * sizeof(double);
		if (used + b > CERT_STORE_BYTES && l > 1)
			break;
		used += b;
	}
	if (bytes)
		*bytes = used;
	return l - 1;
}

/* Bytes of the sample drawn again, or 0 when it is not (data rows are the
 * set already; too many points). */
static size_t sample_bytes(const dr_params *p)
{
	if (input_of(p)->data)
		return 0;
	size_t b = ((size_t)inputs_count(p, NULL) + 1) * (size_t)p->input_dim * sizeof(double);
	return b <= CERT_SAMPLE_BYTES ? b : 0;
}

size_t cert_memory(const dr_params *p)
{
	if (p->certify == DR_CERT_OFF)
		return 0;
	size_t b = sizeof(cert_ws);
	if (!takes(p))
		return b;
	int d = p->input_dim, w = params_max_width(p), n = w > d ? w : d;
	b += (size_t)p->depth; /* covered */
	b += sample_bytes(p) + (size_t)d * sizeof(double);
	if (arch_of(p)->layout == ARCH_STREAM) /* proj, zeros */
		b += ((size_t)n * d + n) * sizeof(double);
	if (p->certify == DR_CERT_EXACT)
		b += cert_line_memory(n);
	size_t store;
	long long L = store_layers(p, &store);
	size_t pool = (2 * CERT_PIECES + 4) * (size_t)d * 2 * sizeof(double) + (2 * CERT_PIECES + 4) * sizeof(long long);
	size_t forms = 2 * (2 * 2 * (size_t)n * d + 6 * 2 * (size_t)n) * sizeof(double);
	return b + store + (size_t)L * sizeof(size_t) + pool + forms + (12 * (size_t)n + 4 * (size_t)d) * sizeof(double);
}

void cert_free(cert_ws *c)
{
	if (!c)
		return;
	free(c->store);
	free(c->off);
	free(c->pm);
	free(c->pr);
	free(c->pdeath);
	free(c->C);
	free(c->g.scratch);
	free(c->wm);
	free(c->wr);
	free(c->pt);
	free(c->proj);
	free(c->zeros);
	free(c->X);
	free(c->x);
	free(c->best);
	free(c->covered);
	cert_line_free(c->line);
	cert_forms_free(&c->fa);
	cert_forms_free(&c->fb);
	free(c);
}

cert_ws *cert_new(const dr_params *p, char *err, size_t errlen)
{
	cert_ws *c = calloc(1, sizeof *c);
	if (!c) {
		dr_errf(err, errlen, DR_ENOMEM, "out of memory for certifying");
		return NULL;
	}
	c->p = *p;
	c->in = input_of(p);
	c->d = p->input_dim;
	c->maxw = params_max_width(p);
	c->k = deciding_depth(p);
	c->enabled = takes(p);
	c->stream = arch_of(p)->layout == ARCH_STREAM;
	c->skip = p->arch == DR_ARCH_SKIP;
	int ok = 1;
	if (c->enabled) {
		size_t store;
		int d = c->d, n = c->maxw > d ? c->maxw : d;
		size_t pool = 2 * CERT_PIECES + 4;
		c->max_layers = store_layers(p, &store);
		c->store = malloc(store);
		c->off = malloc((size_t)c->max_layers * sizeof(size_t));
		c->pm = malloc(pool * d * sizeof(double));
		c->pr = malloc(pool * d * sizeof(double));
		c->pdeath = malloc(pool * sizeof(long long));
		c->C = malloc((size_t)d * sizeof(double));
		c->g.scratch = malloc(4 * (size_t)n * sizeof(double));
		c->wm = malloc((size_t)d * sizeof(double));
		c->wr = malloc((size_t)d * sizeof(double));
		c->pt = malloc(8 * (size_t)n * sizeof(double));
		c->npoints = inputs_count(p, NULL);
		if (sample_bytes(p)) {
			c->X = malloc(sample_bytes(p));
			c->x = malloc((size_t)d * sizeof(double));
		}
		if (c->stream) {
			if (p->width != d)
				c->proj = malloc((size_t)n * d * sizeof(double));
			c->zeros = calloc((size_t)n, sizeof(double));
		}
		c->best = malloc((size_t)d * sizeof(double));
		c->covered = calloc((size_t)c->k, 1);
		if (p->certify == DR_CERT_EXACT)
			c->line = cert_line_new(n);
		ok = c->store && c->off && c->pm && c->pr && c->pdeath && c->C && c->g.scratch && c->wm && c->wr &&
		     c->pt && (!sample_bytes(p) || (c->X && c->x)) &&
		     (!c->stream || ((p->width == d || c->proj) && c->zeros)) &&
		     c->best && c->covered && (p->certify != DR_CERT_EXACT || c->line) &&
		     cert_forms_alloc(&c->fa, 2 * n, d) == DR_OK && cert_forms_alloc(&c->fb, 2 * n, d) == DR_OK;
		if (ok) {
			size_t o = 0;
			for (long long l = 1; l <= c->max_layers; l++) {
				c->off[l - 1] = o;
				o += layer_doubles(p, l);
			}
			for (int i = 0; i < d; i++)
				c->C[i] = inputs_centre(p, i);
			/* a ball centred at the origin with zero biases is dead
			 * exactly when its sphere is (the network is positively
			 * homogeneous, and the origin is dead) */
			int origin = 1;
			for (int i = 0; i < d; i++)
				origin &= c->C[i] == 0.0;
			c->set = (cert_set){p->input == DR_IN_BALL && origin && bias_of(p)->zero ? DR_IN_SPHERE : p->input,
					    d, c->C, p->radius};
			c->g.d = d;
			c->g.C = c->C;
			c->g.R = p->radius;
		}
	}
	if (!ok) {
		cert_free(c);
		dr_errf(err, errlen, DR_ENOMEM, "out of memory for certifying");
		return NULL;
	}
	return c;
}

/* The stream's projection, drawn first from the network's stream as the
 * sample's pass draws it (layer_project_input); 0 when cancelled. */
static int draw_projection(cert_ws *c)
{
	if (c->proj_drawn || !c->proj)
		return 1;
	double sd = 1.0 / sqrt((double)c->d);
	for (size_t j = 0; j < (size_t)c->p.width * c->d; j++)
		c->proj[j] = sd * rng_normal(&c->rng);
	c->proj_drawn = 1;
	return !stop_asked(c->cancel);
}

int cert_layer(cert_ws *c, long long l, const double **W, const double **b)
{
	if (l > c->max_layers || !draw_projection(c))
		return 0;
	while (c->drawn < l) {
		long long m = ++c->drawn;
		int nout = dr_params_layer_width(&c->p, m), nin = fan_in(&c->p, m), cols = stored_in(&c->p, m);
		double *Wm = c->store + c->off[m - 1];
		if (init_layer(&c->p, &c->rng, nout, nin, Wm, Wm + (size_t)nout * cols, c->cancel) != DR_OK)
			return 0;
		/* residual-post: A's rows spread out (from the last, so none is
		 * overwritten before it moves) and the identity beside them */
		for (int j = nout - 1; cols != nin && j >= 0; j--) {
			double *row = Wm + (size_t)j * cols;
			memmove(row, Wm + (size_t)j * nin, (size_t)nin * sizeof(double));
			memset(row + nin, 0, (size_t)nin * sizeof(double));
			row[nin + j] = 1.0;
		}
	}
	*W = c->store + c->off[l - 1];
	*b = *W + (size_t)dr_params_layer_width(&c->p, l) * stored_in(&c->p, l);
	return 1;
}

/* The forms of h's n units again as units n..2n-1. */
static void twice(cert_forms *h, int n, int d)
{
	memcpy(h->la + (size_t)n * d, h->la, (size_t)n * d * sizeof(double));
	memcpy(h->ua + (size_t)n * d, h->ua, (size_t)n * d * sizeof(double));
	double *v[] = {h->lc, h->uc, h->le, h->ue, h->lo, h->hi};
	for (int i = 0; i < 6; i++)
		memcpy(v[i] + n, v[i], (size_t)n * sizeof(double));
}

long long cert_run_box(cert_ws *c, const cert_box *bx, long long last, cert_run_opts *o)
{
	const int point = c->p.criterion == DR_CRIT_POINT;
	cert_forms *h = &c->fa, *z = &c->fb, *t;
	c->g.ball = (c->set.shape == DR_IN_BALL || c->set.shape == DR_IN_SPHERE) &&
		    !cert_set_holds(&c->set, bx->m, bx->r);
	cert_bounds_input(&c->g, bx, h);
	int nin = c->d;
	o->target_zero = o->zero = 0;
	if (c->stream) { /* h_0 = P x, no ReLU */
		if (!draw_projection(c))
			return 1;
		if (c->proj) {
			cert_bounds_affine(&c->g, bx, c->proj, c->zeros, c->p.width, c->d, h, z);
			t = h, h = z, z = t;
		}
		nin = c->p.width;
	}
	for (long long l = 1; l <= last; l++) {
		const double *W, *b;
		if (stop_asked(c->cancel) || !cert_layer(c, l, &W, &b))
			return l;
		int nout = dr_params_layer_width(&c->p, l);
		if (c->stream) {
			twice(h, nin, c->d);
			cert_bounds_affine(&c->g, bx, W, b, nout, 2 * nin, h, z);
		} else {
			cert_bounds_affine(&c->g, bx, W, b, nout, nin, h, z);
		}
		cert_status st = cert_layer_status(z, nout);
		if (st == CERT_UNKNOWN)
			return l;
		if (o->witness) {
			if (st == CERT_POS && !point)
				c->covered[l - 1] = 1;
			if (point && st != CERT_POS)
				return l;
			if (!point && st == CERT_MIXED)
				return l; /* (a zero layer is followed exactly: h = 0) */
		} else if (point && st == CERT_ZERO) {
			o->zero = 1;
			return l;
		} else if (!point && l == o->target) {
			o->target_zero = st == CERT_ZERO;
			return l;
		}
		cert_bounds_relu(&c->g, bx, nout, z, h);
		nin = nout;
	}
	return last + 1;
}

/* cert_run_box for a witness that is one point x: the same rules, at the cost
 * of a forward pass (cert_bounds_point). */
long long cert_run_point(cert_ws *c, const double *x, long long last)
{
	const int point = c->p.criterion == DR_CRIT_POINT, n = c->maxw > c->d ? c->maxw : c->d;
	double *h = c->pt, *e = c->pt + n, *zh = c->pt + 2 * n, *ze = c->pt + 3 * n, *t;
	double *h2 = c->pt + 4 * n, *e2 = c->pt + 6 * n;
	int nin = c->d;
	memcpy(h, x, (size_t)nin * sizeof(double));
	memset(e, 0, (size_t)nin * sizeof(double));
	if (c->stream) { /* h_0 = P x, no ReLU */
		if (!draw_projection(c))
			return 1;
		if (c->proj) {
			if (cert_bounds_point(c->proj, c->zeros, c->p.width, c->d, h, e, zh, ze, 0) == CERT_UNKNOWN)
				return 1;
			t = h, h = zh, zh = t;
			t = e, e = ze, ze = t;
		}
		nin = c->p.width;
	}
	for (long long l = 1; l <= last; l++) {
		const double *W, *b;
		if (stop_asked(c->cancel) || !cert_layer(c, l, &W, &b))
			return l;
		int nout = dr_params_layer_width(&c->p, l);
		cert_status st;
		if (c->stream) {
			memcpy(h2, h, (size_t)nin * sizeof(double));
			memcpy(h2 + nin, h, (size_t)nin * sizeof(double));
			memcpy(e2, e, (size_t)nin * sizeof(double));
			memcpy(e2 + nin, e, (size_t)nin * sizeof(double));
			st = cert_bounds_point(W, b, nout, 2 * nin, h2, e2, zh, ze, 1);
		} else {
			st = cert_bounds_point(W, b, nout, nin, h, e, zh, ze, 1);
		}
		if (st == CERT_UNKNOWN || (point && st != CERT_POS) || (!point && st == CERT_MIXED))
			return l;
		if (st == CERT_POS && !point)
			c->covered[l - 1] = 1;
		t = h, h = zh, zh = t;
		t = e, e = ze, ze = t;
		nin = nout;
	}
	return last + 1;
}

