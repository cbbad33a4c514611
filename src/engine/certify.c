/* certify.c - the verdict on one sampled network over the whole input set
 * (THEORY.md section 7), certify bracket.
 *
 * A network alive on its sample is alive on the set. For the others the
 * set is covered by boxes (pieces); cert_bounds.c bounds every unit over a
 * piece, layer by layer. Under the point criterion a piece is dead from the
 * first layer that is <= 0 on all of it, and the network is dead on the set
 * from the last of its pieces' deaths; under the layer criterion it is dead
 * from the sample's dead layer if that layer is <= 0 on every piece. Points
 * of the set (witnesses), pushed through the same bounds as tiny boxes,
 * prove it alive to the depth where they have a unit > 0 at every layer.
 * The piece that dies last is halved along its longest side until death at
 * full depth is proven, a witness lives through it, or the budget is
 * spent.
 *
 * The weights are drawn from the trial's stream after its points, as the
 * sample's pass drew them, and kept for the pieces that follow. Plain
 * networks without sign flipping on ball, sphere, box and orthant are
 * certified this way; the sample is the set for point and data; a
 * gaussian's support is all of R^d, where only a layer whose every weight
 * and bias is <= 0 (the whole-orthant event of the upper bound) proves
 * death. The other architectures and sign flipping keep the sample's part
 * (alive where the sample is) and stay undecided past it.
 *
 * Somewhat over 400 lines: the workspace, the pieces and the search for a
 * verdict are one concern, each part written for the others. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "certify.h"

#define CERT_PIECES 256                 /* piece evaluations per network */
#define CERT_STORE_BYTES ((size_t)32 << 20) /* weights kept per worker */
#define CERT_FORMS_MAX ((size_t)1 << 22)  /* width x input_dim the bounds take */
#define CERT_SAMPLE_BYTES ((size_t)8 << 20) /* sample points drawn again, at most */

struct cert_ws {
	dr_params p;
	const input_set *in;
	int d, maxw;
	long long k, max_layers; /* layers the store holds at most */
	int enabled;             /* the bounds take this network (plain, ...) */
	/* the network, drawn as far as needed */
	dr_rng rng;
	long long drawn;
	double *store;
	size_t *off; /* layer l (1-based) at store + off[l - 1]; W then b */
	/* the pieces: boxes in a pool, the death layer (point criterion) or
	 * whether the target layer is zero (layer criterion) of each */
	int npieces;
	double *pm, *pr;
	long long *pdeath;
	double *C;
	cert_set set; /* the set certified (centre C) */
	cert_geom g;
	cert_forms fa, fb;
	double *wm, *wr; /* a witness box */
	double *pt;      /* a witness point's values and errors: 8 x max(width, d) */
	/* residual-post: the points' projection into the stream (NULL when
	 * it is the identity), a zero bias for it, and [A I] of a layer */
	int stream, skip;
	double *proj, *zeros, *W2;
	int proj_drawn;
	double *best;    /* the centre of the witness that went deepest */
	long long best_depth; /* and its depth (witness_depth), 0: none */
	unsigned char *covered; /* layer criterion: layers seen nonzero by a witness */
	cert_line *line;        /* certify exact */
	/* the sample drawn again (points + 1 columns, as the sampler wants),
	 * to check its living points with a margin; NULL when too large */
	double *X, *x;
	int npoints;
	const atomic_int *cancel;
};

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

const char *dr_certify_limit(const dr_params *p)
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

static size_t layer_doubles(const dr_params *p, long long l)
{
	size_t n = (size_t)dr_params_layer_width(p, l);
	return n * (size_t)fan_in(p, l) + n;
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
	if (arch_of(p)->layout == ARCH_STREAM) /* proj, zeros, W2 */
		b += ((size_t)n * d + n + 2 * (size_t)n * n) * sizeof(double);
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
	free(c->W2);
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
			c->W2 = malloc(2 * (size_t)n * n * sizeof(double));
		}
		c->best = malloc((size_t)d * sizeof(double));
		c->covered = calloc((size_t)c->k, 1);
		if (p->certify == DR_CERT_EXACT)
			c->line = cert_line_new(n);
		ok = c->store && c->off && c->pm && c->pr && c->pdeath && c->C && c->g.scratch && c->wm && c->wr && c->pt && (!sample_bytes(p) || (c->X && c->x)) &&
		     (!c->stream || ((p->width == d || c->proj) && c->zeros && c->W2)) &&
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
		int nout = dr_params_layer_width(&c->p, m);
		int nin = fan_in(&c->p, m);
		double *Wm = c->store + c->off[m - 1];
		if (init_layer(&c->p, &c->rng, nout, nin, Wm, Wm + (size_t)nout * nin, c->cancel) != DR_OK)
			return 0;
	}
	int nout = dr_params_layer_width(&c->p, l);
	int nin = fan_in(&c->p, l);
	*W = c->store + c->off[l - 1];
	*b = *W + (size_t)nout * nin;
	return 1;
}

/* How run_box follows a box. A piece (witness 0): under the point
 * criterion to the first layer <= 0 on all of it; under the layer
 * criterion to layer `target`, telling whether that layer is <= 0 on all of
 * it. A witness: while some unit is > 0 on all of it at every layer (point
 * criterion), or while every layer is either that (marked covered) or <= 0
 * on all of it (layer criterion: h = 0 is then followed exactly). */
typedef struct {
	int witness;
	long long target;
	int target_zero; /* out */
	int zero;        /* out: it stopped at a layer <= 0 on all of it */
} run_opts;

/* residual-post: layer l's weights [A I] for the stream taken twice,
 * [h; h] (the identity is exact, so the bounds' rounding covers it). */
static const double *stream_weights(cert_ws *c, const double *A, int n)
{
	for (int j = 0; j < n; j++) {
		double *row = c->W2 + (size_t)j * 2 * n;
		memcpy(row, A + (size_t)j * n, (size_t)n * sizeof(double));
		memset(row + n, 0, (size_t)n * sizeof(double));
		row[n + j] = 1.0;
	}
	return c->W2;
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

/* Returns the layer where the box stopped being followed, or last + 1:
 * where it died (o->zero), or where nothing more is known (a bound not
 * finite, the store's end, a cancel). */
static long long run_box(cert_ws *c, const cert_box *bx, long long last, run_opts *o)
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
			cert_bounds_affine(&c->g, bx, stream_weights(c, W, nout), b, nout, 2 * nin, h, z);
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

/* run_box for a witness that is one point x: the same rules, at the cost
 * of a forward pass (cert_bounds_point). */
static long long run_point(cert_ws *c, const double *x, long long last)
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
			st = cert_bounds_point(stream_weights(c, W, nout), b, nout, 2 * nin, h2, e2, zh, ze, 1);
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

/* Layers from the sample: alive through l < reached, or all k. */
static long long sample_alive_to(const dr_outcome *o, long long k)
{
	long long a = 0;
	while (a < o->reached && o->alive[a])
		a++;
	return a == o->reached && o->reached == k ? k : a;
}

/* A gaussian: dead from the first layer >= 2 whose every weight and bias
 * is <= 0 (the image of layer 1 is the whole orthant, nearly), if any the
 * store reaches. */
static long long orthant_death(cert_ws *c, long long from)
{
	for (long long l = from > 2 ? from : 2; l <= c->k; l++) {
		const double *W, *b;
		if (!cert_layer(c, l, &W, &b))
			return 0;
		int nout = dr_params_layer_width(&c->p, l), nin = dr_params_layer_width(&c->p, l - 1);
		int all = 1;
		for (size_t i = 0; all && i < (size_t)nout * nin; i++)
			all = W[i] <= 0.0;
		for (int j = 0; all && j < nout; j++)
			all = b[j] <= 0.0;
		if (all)
			return l;
	}
	return 0;
}

static void add_piece(cert_ws *c, const double *m, const double *r, long long death)
{
	int d = c->d, i = c->npieces++;
	memcpy(c->pm + (size_t)i * d, m, (size_t)d * sizeof(double));
	memcpy(c->pr + (size_t)i * d, r, (size_t)d * sizeof(double));
	c->pdeath[i] = death;
}

static void drop_piece(cert_ws *c, int i)
{
	int d = c->d, last = --c->npieces;
	memmove(c->pm + (size_t)i * d, c->pm + (size_t)last * d, (size_t)d * sizeof(double));
	memmove(c->pr + (size_t)i * d, c->pr + (size_t)last * d, (size_t)d * sizeof(double));
	c->pdeath[i] = c->pdeath[last];
}

/* The longest consecutive run of covered layers from `from`. */
static long long covered_to(const cert_ws *c, long long from)
{
	long long l = from;
	while (l <= c->k && c->covered[l - 1])
		l++;
	return l - 1;
}

/* A piece's death: the layer from which it is <= 0 (point criterion), or
 * m0 if layer m0 is <= 0 on all of it (layer criterion); k + 1 if neither
 * is proven. */
static long long piece_death(cert_ws *c, const double *m, const double *r, long long m0)
{
	cert_box bx = {m, r};
	run_opts ro = {.target = m0};
	if (c->p.criterion == DR_CRIT_POINT) {
		long long l = run_box(c, &bx, c->k, &ro);
		return ro.zero ? l : c->k + 1;
	}
	run_box(c, &bx, m0, &ro);
	return ro.target_zero ? m0 : c->k + 1;
}

/* The depth to which a point of the set near m is proven alive (point
 * criterion), or to which every layer is proven nonzero by some witness so
 * far (layer criterion); 0 if no witness. */
static long long witness_depth(cert_ws *c, const double *m)
{
	if (!cert_set_witness(&c->set, m, c->wm, c->wr))
		return 0;
	long long g;
	if (c->set.shape == DR_IN_SPHERE) { /* a tiny box across the sphere */
		cert_box bx = {c->wm, c->wr};
		run_opts ro = {.witness = 1};
		g = run_box(c, &bx, c->k, &ro);
	} else { /* a point of the set */
		g = run_point(c, c->wm, c->k);
	}
	long long depth = c->p.criterion == DR_CRIT_POINT ? g - 1 : covered_to(c, 1);
	if (depth > c->best_depth) {
		c->best_depth = depth;
		memcpy(c->best, c->wm, (size_t)c->d * sizeof(double));
	}
	return depth;
}

const double *cert_witness(const cert_ws *c, long long *depth)
{
	*depth = c->best_depth;
	return c->best_depth > 0 ? c->best : NULL;
}

/* Splits piece i in two along its longest side; the halves that may hold
 * points of the set become pieces. Returns the evaluations spent. */
static int split_piece(cert_ws *c, int i, long long m0, long long *alive)
{
	int d = c->d, spent = 0;
	double *m = c->pm + (size_t)(2 * CERT_PIECES + 2) * d, *r = c->pr + (size_t)(2 * CERT_PIECES + 2) * d;
	memcpy(m, c->pm + (size_t)i * d, (size_t)d * sizeof(double));
	memcpy(r, c->pr + (size_t)i * d, (size_t)d * sizeof(double));
	drop_piece(c, i);
	int axis = 0;
	for (int j = 1; j < d; j++)
		if (r[j] > r[axis])
			axis = j;
	r[axis] /= 2.0;
	double mid = m[axis];
	for (int side = -1; side <= 1; side += 2) {
		m[axis] = mid + side * r[axis];
		if (cert_set_misses(&c->set, m, r))
			continue;
		add_piece(c, m, r, piece_death(c, m, r, m0));
		long long w = witness_depth(c, m);
		*alive = w > *alive ? w : *alive;
		spent++;
	}
	return spent;
}

static long long latest_death(const cert_ws *c, int *at)
{
	long long latest = 0;
	*at = -1;
	for (int i = 0; i < c->npieces; i++)
		if (c->pdeath[i] > latest) {
			latest = c->pdeath[i];
			*at = i;
		}
	return latest;
}

/* The depth to which the sample's points are alive, checked again as
 * witnesses (a bound on the rounding of each value): the sample's pass
 * said a0, but a unit within rounding of 0 may have been taken as on.
 * Without the points at hand (too many) the sample is trusted. */
static long long checked_sample(cert_ws *c, const dr_trial *t, long long a0)
{
	if (!c->X) {
		if (c->p.criterion == DR_CRIT_LAYER)
			memset(c->covered, 1, (size_t)a0);
		return a0;
	}
	dr_rng r = *trial_points_rng(t);
	int stride = c->npoints + 1;
	if (inputs_sample(&c->p, NULL, &r, c->X, stride, c->cancel) != DR_OK)
		return 0;
	long long best = 0;
	for (int i = 0; i < c->npoints && best < a0 && !stop_asked(c->cancel); i++) {
		for (int j = 0; j < c->d; j++)
			c->x[j] = c->X[(size_t)j * stride + i];
		long long w = witness_depth(c, c->x);
		best = w > best ? w : best;
	}
	return best < a0 ? best : a0;
}

/* The verdict over the deciding depths k (c->k). */
static int decide(cert_ws *c, const dr_trial *t, const dr_outcome *o, const atomic_int *cancel, cert_verdict *v)
{
	const long long k = c->k;
	v->alive_to = arch_of(&c->p)->alive == ALIVE_ALWAYS ? k : sample_alive_to(o, k);
	v->dead_from = 0;
	c->best_depth = 0;
	if (c->enabled && !c->in->data && arch_of(&c->p)->alive != ALIVE_ALWAYS) {
		c->rng = *trial_net_rng(t);
		c->drawn = 0;
		c->proj_drawn = 0;
		c->cancel = cancel;
		memset(c->covered, 0, (size_t)k);
		if (v->alive_to > 0)
			v->alive_to = checked_sample(c, t, v->alive_to);
		if (stop_asked(cancel))
			return DR_ECANCELED;
	}
	if (v->alive_to == k)
		return DR_OK;
	if (inputs_is_point(&c->p) || c->in->data) {
		/* the sample is the set: dead past its last alive depth (dense
		 * nets can come back to life deeper down) */
		long long last = 0;
		for (long long l = 1; l <= o->reached && l <= k; l++)
			if (o->alive[l - 1])
				last = l;
		v->dead_from = last < k ? last + 1 : 0;
		return DR_OK;
	}
	if (!c->enabled)
		return DR_OK;
	if (c->line) {
		long long a;
		int rc = cert_line_run(c->line, c, &c->p, &a, cancel);
		if (rc == DR_ECANCELED)
			return rc;
		if (rc == DR_OK) { /* (the sample's own alive depth stands whatever rounding did) */
			v->alive_to = a > v->alive_to ? a : v->alive_to;
			v->dead_from = v->alive_to < k ? v->alive_to + 1 : 0;
		}
		return DR_OK;
	}
	const long long m0 = o->reached; /* the sample is dead from here */
	if (!c->in->bounded) { /* (point and data went above; the identity of
				* residual-post keeps h >= 0 in play) */
		v->dead_from = c->p.arch == DR_ARCH_PLAIN ? orthant_death(c, m0) : 0;
		return stop_asked(cancel) ? DR_ECANCELED : DR_OK;
	}

	int d = c->d, at;
	double *m = c->pm + (size_t)(2 * CERT_PIECES + 2) * d, *r = c->pr + (size_t)(2 * CERT_PIECES + 2) * d;
	c->npieces = 0;
	cert_set_root(&c->set, m, r);
	add_piece(c, m, r, piece_death(c, m, r, m0));
	long long alive = v->alive_to, w = witness_depth(c, c->pm);
	alive = w > alive ? w : alive;
	int budget = CERT_PIECES - 1;
	/* Until death at full depth is proven, a witness is alive at every
	 * depth, layer m0 is alive on the set (layer criterion: not dead
	 * there), or the budget is spent, halve the piece that dies last. The
	 * depths between alive_to and dead_from stay undecided: the full depth
	 * is what a run reports first. */
	while (budget >= 2 && alive < k && !stop_asked(cancel)) {
		long long latest = latest_death(c, &at);
		if (at < 0 || latest <= k || (c->p.criterion == DR_CRIT_LAYER && alive >= m0))
			break;
		budget -= split_piece(c, at, m0, &alive);
	}
	if (stop_asked(cancel))
		return DR_ECANCELED;
	v->alive_to = alive;
	long long latest = latest_death(c, &at);
	if (at < 0) /* no piece holds a point of the set: vacuous */
		v->dead_from = alive + 1 <= k ? alive + 1 : 0;
	else if (latest <= k)
		v->dead_from = latest;
	return DR_OK;
}

int cert_trial(cert_ws *c, const dr_trial *t, const dr_outcome *o, const atomic_int *cancel, cert_verdict *v)
{
	if (!c->skip)
		return decide(c, t, o, cancel, v);
	/* skip: layer 1 alone decides, at every depth (ALIVE_FIRST_LAYER) */
	dr_outcome o1 = *o;
	o1.reached = 1;
	int rc = decide(c, t, &o1, cancel, v);
	if (v->alive_to >= 1)
		v->alive_to = c->p.depth;
	return rc;
}
