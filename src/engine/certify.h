/* certify.h - deciding a sampled network on the whole input set, not only
 * on its sample (THEORY.md section 7; deadrelu.1, certify). Shared by
 * cert_bounds.c (sound bounds on every unit over a box of inputs),
 * certify.c (splitting the set, witnesses, the verdict) and sim.c. Not
 * public. */
#ifndef DR_CERTIFY_H
#define DR_CERTIFY_H

#include "internal.h"

#pragma GCC visibility push(hidden)

/* What is proven about one network at each depth l: alive on the whole
 * set for l <= alive_to, dead on it for l >= dead_from (0: at no depth),
 * undecided between. */
typedef struct {
	long long alive_to, dead_from;
} cert_verdict;

typedef struct cert_ws cert_ws;

/* A worker's workspace for certifying the networks of p; NULL without
 * memory. */
cert_ws *cert_new(const dr_params *p, char *err, size_t errlen);
void cert_free(cert_ws *c);
/* With certify on: why networks of p that are dead on their sample stay
 * undecided on the whole set whatever the budget (the architecture, sign
 * flipping, an unbounded set, forms too large), or NULL when the bounds
 * take p (or the sample is the set). dr_result.certify_note. */
const char *cert_limit(const dr_params *p);
/* Bytes cert_new takes for p (0 with certify off). */
size_t cert_memory(const dr_params *p);
/* The verdict on the network of trial t, whose sample gave outcome o (its
 * points are drawn again from the trial's stream, its weights after them).
 * DR_ECANCELED if *cancel became set. */
int cert_trial(cert_ws *c, const dr_trial *t, const dr_outcome *o, const atomic_int *cancel, cert_verdict *v);
/* The point of the set that went deepest among the last trial's witnesses
 * (input_dim coordinates; for a sphere within 2^-30 of it), and that depth
 * (under the layer criterion: the layers from the sample's dead one on
 * each covered by some witness); NULL when no witness was tried. */
const double *cert_witness(const cert_ws *c, long long *depth);

/* Layer l's weights and biases of the network being certified (drawn up to
 * it); for residual-post the weights are [A I] (nout x 2 width: the
 * identity is exact, so the bounds' rounding covers it) over the stream
 * taken twice, [h; h]. 0 past what the store keeps or when cancelled. */
int cert_layer(cert_ws *c, long long l, const double **W, const double **b);

/* ---- cert_line.c: certify exact (input_dim 1) ---- */

typedef struct cert_line cert_line;

/* Pieces for layers up to n wide; NULL without memory. */
cert_line *cert_line_new(int n);
void cert_line_free(cert_line *L);
size_t cert_line_memory(int n);
/* The network of w over p's set: *alive_to = the depth to which some point
 * of the set is alive (point criterion) or every layer is nonzero on some
 * point (layer criterion); dead from the next layer. DR_ELIMIT when the
 * pieces or the weights do not fit (undecided), DR_ECANCELED. */
int cert_line_run(cert_line *L, cert_ws *w, const dr_params *p, long long *alive_to, const atomic_int *cancel);

/* ---- cert_set.c ---- */

/* The set certified: a ball, sphere, box (centre C +- R) or orthant box
 * [0, R]^d. */
typedef struct {
	dr_input shape;
	int d;
	const double *C;
	double R;
} cert_set;

/* The box m +- r around the set. */
void cert_set_root(const cert_set *s, double *m, double *r);
/* Is the box m +- r surely without a point of the set? */
int cert_set_misses(const cert_set *s, const double *m, const double *r);
/* Is the box m +- r surely inside the set (a ball, box or orthant)? Then
 * the ball adds nothing to the box's bounds. */
int cert_set_holds(const cert_set *s, const double *m, const double *r);
/* A box wm +- wr that surely holds a point of the set, near the box
 * centred at m: m itself for a box or orthant, m pulled inside for a ball,
 * a tiny box across a sphere on the ray through m; 0 if none is found. */
int cert_set_witness(const cert_set *s, const double *m, double *wm, double *wr);

/* ---- cert_bounds.c ---- */

/* A piece of the input space: the box m +- r (r >= 0 in every
 * coordinate). Points of it are written m + r * e, e in [-1, 1]^d. */
typedef struct {
	const double *m, *r;
} cert_box;

/* Affine bounds in e on the n units of a layer: lower la[j*d..] . e + lc[j]
 * - le[j] <= unit j <= ua[j*d..] . e + uc[j] + ue[j] over the piece, and
 * the concrete range lo[j] <= unit j <= hi[j]. */
typedef struct {
	double *la, *ua, *lc, *uc, *le, *ue, *lo, *hi;
} cert_forms;

/* The ball (centre C, radius R) the pieces are intersected with, or none. */
typedef struct {
	int d;
	int ball;
	const double *C;
	double R;
	double *scratch; /* 2 * max(d, width) doubles */
} cert_geom;

int cert_forms_alloc(cert_forms *f, int n, int d);
void cert_forms_free(cert_forms *f);
/* The input layer over the box: unit i is coordinate i. */
void cert_bounds_input(const cert_geom *g, const cert_box *b, cert_forms *h);
/* Pre-activations z = W h + b of nout units from the nin units of h. */
void cert_bounds_affine(const cert_geom *g, const cert_box *bx, const double *W, const double *b, int nout,
			int nin, const cert_forms *h, cert_forms *z);
/* h = relu(z), relaxed where a unit can have either sign. */
void cert_bounds_relu(const cert_geom *g, const cert_box *bx, int n, const cert_forms *z, cert_forms *h);

typedef enum {
	CERT_MIXED,   /* nothing proven about the layer */
	CERT_ZERO,    /* every unit <= 0 on the whole piece */
	CERT_POS,     /* some unit > 0 on the whole piece */
	CERT_UNKNOWN  /* a bound is not finite */
} cert_status;

cert_status cert_layer_status(const cert_forms *z, int n);

/* One point through a layer, in double with its rounding bounded: h (nin
 * values, each within e of the exact one) to zh = relu(W h + b) (nout,
 * within ze; W h + b without relu_on): CERT_POS if some unit is surely
 * > 0, CERT_ZERO if every unit is surely <= 0 (zh = 0 exactly),
 * CERT_UNKNOWN if a value is not finite. A witness that is a single point
 * costs this, not a box's bounds. */
cert_status cert_bounds_point(const double *W, const double *b, int nout, int nin, const double *h, const double *e,
			      double *zh, double *ze, int relu_on);


/* ---- the workspace (cert_net.c makes it; certify.c searches with it) ---- */

#define CERT_PIECES 256 /* piece evaluations per network */

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
	 * it is the identity) and a zero bias for it */
	int stream, skip;
	double *proj, *zeros;
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

/* How cert_run_box follows a box. A piece (witness 0): under the point
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
} cert_run_opts;
/* Follows the box bx through the network to layer `last` at most; returns
 * the layer where it stopped being followed, or last + 1: where it died
 * (o->zero), or where nothing more is known (a bound not finite, the
 * store's end, a cancel). */
long long cert_run_box(cert_ws *c, const cert_box *bx, long long last, cert_run_opts *o);
/* The same for a witness that is one point x. */
long long cert_run_point(cert_ws *c, const double *x, long long last);

#pragma GCC visibility pop

#endif
