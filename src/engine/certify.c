/* certify.c - the verdict on one sampled network over the whole input set
 * (THEORY.md section 7), certify bracket; cert_net.c holds the network it
 * follows, cert_bounds.c the bounds, cert_set.c the set.
 *
 * A network alive on its sample is alive on the set, once its sampled
 * points, drawn again, pass as witnesses with their rounding bounded. For
 * the others the set is covered by boxes (pieces). Under the point
 * criterion a piece is dead from the first layer that is <= 0 on all of
 * it, and the network is dead on the set from the last of its pieces'
 * deaths; under the layer criterion it is dead from the sample's dead
 * layer if that layer is <= 0 on every piece. Witnesses (points of the set
 * near each piece's centre) prove it alive to the depth where they have a
 * unit > 0 at every layer. The piece that dies last is halved along its
 * longest side until death at full depth is proven, a witness lives
 * through it, or the budget is spent. For point and data the sample is the
 * set; a gaussian's support is all of R^d, where only a plain layer whose
 * every weight and bias is <= 0 (the whole-orthant event of the upper
 * bound) proves death. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "certify.h"

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
	cert_run_opts ro = {.target = m0};
	if (c->p.criterion == DR_CRIT_POINT) {
		long long l = cert_run_box(c, &bx, c->k, &ro);
		return ro.zero ? l : c->k + 1;
	}
	cert_run_box(c, &bx, m0, &ro);
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
		cert_run_opts ro = {.witness = 1};
		g = cert_run_box(c, &bx, c->k, &ro);
	} else { /* a point of the set */
		g = cert_run_point(c, c->wm, c->k);
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

/* Death proven where a sample point is alive can only be the sample's
 * rounding (single precision on wide layers, gemm.c) deciding a sign the
 * proof's exact arithmetic decides the other way: the proof then stands
 * from the depth after, where it holds too, and the two never disagree. */
static void after_sample(const dr_outcome *o, long long k, cert_verdict *v)
{
	long long last = 0;
	for (long long l = 1; l <= o->reached && l <= k; l++)
		if (o->alive[l - 1])
			last = l;
	if (v->dead_from > 0 && v->dead_from <= last)
		v->dead_from = last < k ? last + 1 : 0;
}

int cert_trial(cert_ws *c, const dr_trial *t, const dr_outcome *o, const atomic_int *cancel, cert_verdict *v)
{
	if (!c->skip) {
		int rc = decide(c, t, o, cancel, v);
		after_sample(o, c->k, v);
		return rc;
	}
	/* skip: layer 1 alone decides, at every depth (ALIVE_FIRST_LAYER) */
	dr_outcome o1 = *o;
	o1.reached = 1;
	int rc = decide(c, t, &o1, cancel, v);
	if (v->alive_to >= 1)
		v->alive_to = c->p.depth;
	after_sample(o, c->k, v);
	return rc;
}
