/* test_certify.c - certify bracket, network by network: what it proves
 * about the whole input set agrees with a dense grid of the set evaluated
 * by this test's own forward pass (long double), with the sample, and with
 * the whole-orthant event of the upper bound; layer 1 over a centred ball
 * against the Student-t closed form; exact on the whole line (radius inf).
 *
 * For each trial the engine's sample pass and certifier run as in a
 * simulation; the test then draws the same network from the trial's stream
 * (the engine's generator: what is under test is the verdict, not the
 * draw) and checks:
 *   - a network alive on its sample is certified alive at every depth;
 *   - certified dead from depth D: no grid point survives D layers (point
 *     criterion), or layer D is zero on every grid point (layer criterion),
 *     and the sample is dead there too;
 *   - the deepest witness lies in the set and survives the depth it was
 *     credited with in the plain forward pass;
 *   - a layer >= 2 whose weights and biases are all <= 0 (dead on the whole
 *     orthant) is certified dead by that depth;
 *   - alive_to < dead_from.
 * The grid cannot prove a verdict right, but a verdict that a grid point
 * contradicts is wrong. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "certify.h"
#include "trial.h"

#define MAXW 16
#define MAXL 64

typedef struct {
	int d, k, n[MAXL + 1];
	int residual;  /* residual-post: h_0 = P x, z = A h + b + h */
	int proj;      /* P drawn (width != input_dim), else the identity */
	double P[MAXW * MAXW];
	double W[MAXL][MAXW * MAXW], b[MAXL][MAXW];
} net;

/* Layers survived by x (point criterion): the first l with h_l(x) = 0,
 * minus 1; k if none. Under the layer criterion *nonzero gets, per layer,
 * whether h_l(x) != 0 (dead points re-enter through the biases). */
static int survive(const net *N, const double *x, unsigned char *nonzero)
{
	long double h[MAXW], z[MAXW];
	int nin = N->d, first_dead = -1;
	for (int i = 0; i < N->d; i++)
		h[i] = x[i];
	if (N->residual && N->proj) {
		for (int j = 0; j < N->n[1]; j++) {
			z[j] = 0;
			for (int i = 0; i < N->d; i++)
				z[j] += (long double)N->P[j * N->d + i] * x[i];
		}
		memcpy(h, z, sizeof h);
	}
	if (N->residual)
		nin = N->n[1];
	for (int l = 0; l < N->k; l++) {
		int any = 0;
		for (int j = 0; j < N->n[l + 1]; j++) {
			long double s = N->b[l][j] + (N->residual ? h[j] : 0);
			for (int i = 0; i < nin; i++)
				s += (long double)N->W[l][j * nin + i] * h[i];
			z[j] = s > 0 ? s : 0;
			any |= s > 0;
		}
		if (nonzero)
			nonzero[l] = (unsigned char)any;
		if (!any && first_dead < 0) {
			first_dead = l;
			if (!nonzero)
				return l;
		}
		for (int j = 0; j < N->n[l + 1]; j++)
			h[j] = (double)z[j] == 0 ? 0 : z[j];
		nin = N->n[l + 1];
	}
	return first_dead < 0 ? N->k : first_dead;
}

static void draw_net(const dr_params *p, const dr_rng *stream, net *N)
{
	dr_rng r = *stream;
	N->d = p->input_dim;
	N->k = (int)p->depth;
	N->n[0] = p->input_dim;
	N->residual = p->arch == DR_ARCH_RESIDUAL_POST;
	N->proj = N->residual && p->width != p->input_dim;
	double sd = 1.0 / sqrt((double)p->input_dim);
	for (int j = 0; N->proj && j < p->width * p->input_dim; j++) /* as the stream draws it, first */
		N->P[j] = sd * rng_normal(&r);
	for (int l = 1; l <= N->k; l++) {
		N->n[l] = dr_params_layer_width(p, l);
		int nin = N->residual ? p->width : N->n[l - 1];
		init_layer(p, &r, N->n[l], nin, N->W[l - 1], N->b[l - 1], NULL);
	}
}

/* Grid point i of the set (g per side, total in all), or 0 if it is not
 * in the set. */
static int grid_point(const dr_params *p, int g, long total, long i, double *x)
{
	int d = p->input_dim;
	double c = p->ncenter ? p->center[0] : 0.0, R = p->radius;
	if (p->input == DR_IN_SPHERE) {
		if (d == 1) {
			x[0] = c + (i % 2 ? R : -R);
			return 1;
		}
		double t = 2 * M_PI * (double)i / (double)total;
		x[0] = c + R * cos(t);
		x[1] = c + R * sin(t);
		return 1;
	}
	double r2 = 0;
	for (int j = 0; j < d; j++) {
		double u = (double)(i % g) / (g - 1); /* 0..1 */
		i /= g;
		if (p->input == DR_IN_ORTHANT)
			x[j] = R * u;
		else
			x[j] = c + R * (2 * u - 1);
		r2 += (x[j] - c) * (x[j] - c);
	}
	return p->input != DR_IN_BALL || r2 <= R * R;
}

static void certify_case(const char *spec, int trials, int g)
{
	dr_params p;
	char err[DR_ERRLEN];
	if (!check_setup(&p, NULL, spec))
		return;
	p.certify = DR_CERT_BRACKET;
	int point = p.criterion == DR_CRIT_POINT, d = p.input_dim, k = (int)p.depth;
	/* the grid: per side g points (g^2 in one dimension); a circle of g^2 */
	int gs = d == 1 ? g * g : g;
	long total = 1;
	for (int j = 0; j < d; j++)
		total *= gs;
	if (p.input == DR_IN_SPHERE)
		total = d == 1 ? 2 : (long)g * g;
	dr_trial *t = trial_new(&p, NULL, err, sizeof err);
	cert_ws *c = cert_new(&p, err, sizeof err);
	dr_outcome o = {0};
	unsigned char oa[MAXL];
	int ol[MAXL], od[MAXL];
	o.alive = oa;
	o.living = ol;
	o.dead_units = od;
	if (!t || !c) {
		CHECK(NAME("certify [%s]: workspaces", spec), 0, "%s", err);
		trial_free(t);
		cert_free(c);
		return;
	}
	int bad_alive = 0, bad_grid = 0, bad_sample = 0, bad_witness = 0, bad_orthant = 0, bad_order = 0;
	int dead = 0, alive = 0, undecided = 0, witnessed = 0;
	/* the last failure of each check, for its message */
	enum { W_ALIVE, W_ORDER, W_SAMPLE, W_ORTHANT, W_WITNESS, W_GRID, W_N };
	char why[W_N][300] = {""};
	static net N;
	static unsigned char nz[MAXL];
	for (int i = 0; i < trials; i++) {
		cert_verdict v;
		if (trial_run(t, (uint64_t)i, NULL, &o) != DR_OK || cert_trial(c, t, &o, NULL, &v) != DR_OK) {
			CHECK(NAME("certify [%s]: trial %d runs", spec, i), 0, "failed");
			break;
		}
		int sample_alive = o.reached == k && o.alive[k - 1];
		alive += v.alive_to == k;
		dead += v.dead_from > 0;
		undecided += v.alive_to < k && v.dead_from == 0;
		if (sample_alive && (v.alive_to != k || v.dead_from)) {
			bad_alive++;
			snprintf(why[W_ALIVE], sizeof why[0], "trial %d: alive on the sample, verdict alive_to %lld dead_from %lld", i,
				 v.alive_to, v.dead_from);
		}
		if (v.dead_from && v.alive_to >= v.dead_from) {
			bad_order++;
			snprintf(why[W_ORDER], sizeof why[0], "trial %d: alive_to %lld >= dead_from %lld", i, v.alive_to, v.dead_from);
		}
		long long last = 0; /* the sample's deepest alive depth */
		for (long long l = 1; l <= o.reached; l++)
			if (o.alive[l - 1])
				last = l;
		if (v.dead_from && v.dead_from <= last) {
			bad_sample++;
			snprintf(why[W_SAMPLE], sizeof why[0], "trial %d: dead from %lld but the sample lives to %lld", i, v.dead_from,
				 last);
		}
		draw_net(&p, trial_net_rng(t), &N);
		/* the whole-orthant event (plain: an identity or a skip keeps the
		 * network going) */
		for (int l = 2; p.arch == DR_ARCH_PLAIN && l <= k; l++) {
			int all = 1;
			for (int j = 0; j < N.n[l] * N.n[l - 1]; j++)
				all &= N.W[l - 1][j] <= 0;
			for (int j = 0; j < N.n[l]; j++)
				all &= N.b[l - 1][j] <= 0;
			if (all) {
				if (!v.dead_from || v.dead_from > l) {
					bad_orthant++;
					snprintf(why[W_ORTHANT], sizeof why[0], "trial %d: layer %d is <= 0 everywhere, dead_from %lld", i, l,
						 v.dead_from);
				}
				break;
			}
		}
		long long wd;
		const double *w = cert_witness(c, &wd);
		long long need = p.arch == DR_ARCH_SKIP && v.alive_to > 1 ? 1 : v.alive_to; /* (skip: layer 1 decides) */
		if (point && v.alive_to > 0 && (!w || wd < need)) {
			bad_witness++;
			snprintf(why[W_WITNESS], sizeof why[0], "trial %d: proven alive to %lld, its witness only to %lld", i,
				 v.alive_to, w ? wd : 0);
		}
		if (w && point) {
			witnessed += wd > o.reached - 1;
			double x[8], r2 = 0;
			memcpy(x, w, (size_t)d * sizeof *x);
			for (int j = 0; j < d; j++) {
				double cj = p.input == DR_IN_ORTHANT ? p.radius / 2 : p.ncenter ? p.center[0] : 0.0;
				double reach = p.input == DR_IN_ORTHANT ? p.radius / 2 : p.radius;
				r2 += (x[j] - cj) * (x[j] - cj);
				if (p.input != DR_IN_BALL && p.input != DR_IN_SPHERE && fabs(x[j] - cj) > reach)
					r2 = INFINITY;
			}
			/* (a ball at the origin with zero biases is certified on
			 * its sphere: a witness box across it, 2^-30 wide) */
			int in = p.input == DR_IN_BALL     ? r2 <= p.radius * p.radius * (1 + 1e-8)
				 : p.input == DR_IN_SPHERE ? fabs(sqrt(r2) - p.radius) <= 1e-6 * (1 + p.radius)
							   : isfinite(r2);
			int s = survive(&N, x, NULL);
			if (!in || s < wd) {
				bad_witness++;
				snprintf(why[W_WITNESS], sizeof why[0], "trial %d: witness credited with %lld layers survives %d (in the set: %d)",
					 i, wd, s, in);
			}
		}
		if (!v.dead_from)
			continue;
		/* no grid point may contradict the death */
		for (long q = 0; q < total; q++) {
			double x[8];
			if (!grid_point(&p, gs, total, q, x))
				continue;
			if (point) {
				int s = survive(&N, x, NULL);
				if (s >= v.dead_from) {
					bad_grid++;
					snprintf(why[W_GRID], sizeof why[0], "trial %d: certified dead from %lld, grid point %ld survives %d", i,
						 v.dead_from, q, s);
					break;
				}
			} else {
				survive(&N, x, nz);
				if (nz[v.dead_from - 1]) {
					bad_grid++;
					snprintf(why[W_GRID], sizeof why[0], "trial %d: certified dead at layer %lld, nonzero at grid point %ld", i,
						 v.dead_from, q);
					break;
				}
			}
		}
	}
	printf("# certify [%s]: %d trials: %d certified alive, %d certified dead, %d undecided; %d witnesses beyond the sample\n",
	       spec, trials, alive, dead, undecided, witnessed);
	CHECK(NAME("certify [%s]: sample-alive networks certified alive", spec), !bad_alive, "%d: %s", bad_alive, why[W_ALIVE]);
	CHECK(NAME("certify [%s]: alive_to < dead_from", spec), !bad_order, "%d: %s", bad_order, why[W_ORDER]);
	CHECK(NAME("certify [%s]: certified dead only where the sample is dead", spec), !bad_sample, "%d: %s",
	      bad_sample, why[W_SAMPLE]);
	CHECK(NAME("certify [%s]: no grid point contradicts a certified death", spec), !bad_grid, "%d: %s", bad_grid,
	      why[W_GRID]);
	CHECK(NAME("certify [%s]: every proven-alive depth has a witness in the set that survives it", spec), !bad_witness, "%d: %s",
	      bad_witness, why[W_WITNESS]);
	CHECK(NAME("certify [%s]: the whole-orthant event is certified dead", spec), !bad_orthant, "%d: %s",
	      bad_orthant, why[W_ORTHANT]);
	/* not vacuous: the cases are chosen so that a good share is proven */
	CHECK(NAME("certify [%s]: some networks certified dead beyond the sample's alive ones", spec),
	      dead > 0 && alive + dead > trials / 2, "%d alive, %d dead of %d", alive, dead, trials);
	trial_free(t);
	cert_free(c);
}

/* certify exact in one dimension, trial by trial: it lies inside the
 * bracket (what the bracket proves, exact says too); a grid of the set
 * evaluated by the test's own forward pass never finds a point alive
 * deeper than exact says, and finds the exact depth more often as it grows
 * (10, 100, 1000, 10^4 points); with zero biases the interval is dead
 * exactly when its two ends are; and on concentric intervals (the same
 * networks: one draw per point whatever the radius) a network alive on the
 * smaller is alive on the larger. */
static void exact_case(const char *spec, const char *wider)
{
	dr_params pb, pe, pw;
	char err[DR_ERRLEN];
	if (!check_setup(&pb, NULL, spec) || !check_setup(&pe, NULL, spec))
		return;
	pb.certify = DR_CERT_BRACKET;
	pe.certify = DR_CERT_EXACT;
	pw = pe;
	if (wider && dr_param_set(&pw, "radius", wider, err, sizeof err) != DR_OK) {
		CHECK(NAME("exact [%s]: radius %s", spec, wider), 0, "%s", err);
		return;
	}
	int k = (int)pe.depth, trials = CHECK_SANITIZED ? 20 : 150, zero = bias_of(&pe)->zero;
	int layer = pe.criterion == DR_CRIT_LAYER;
	dr_trial *t = trial_new(&pe, NULL, err, sizeof err), *tw = trial_new(&pw, NULL, err, sizeof err);
	cert_ws *cb = cert_new(&pb, err, sizeof err), *ce = cert_new(&pe, err, sizeof err),
		*cw = cert_new(&pw, err, sizeof err);
	dr_outcome o = {0}, ow = {0};
	unsigned char oa[MAXL], owa[MAXL];
	int ol[MAXL], od[MAXL], owl[MAXL], owd[MAXL];
	o = (dr_outcome){0, oa, ol, od};
	ow = (dr_outcome){0, owa, owl, owd};
	if (!t || !tw || !cb || !ce || !cw) {
		CHECK(NAME("exact [%s]: workspaces", spec), 0, "%s", err);
		goto done;
	}
	static net N;
	int outside = 0, above = 0, ends = 0, shrink = 0, undecided = 0, miss[4] = {0};
	char why[4][300] = {""};
	for (int i = 0; i < trials; i++) {
		cert_verdict vb, ve, vw;
		if (trial_run(t, (uint64_t)i, NULL, &o) != DR_OK ||
		    cert_trial(cb, t, &o, NULL, &vb) != DR_OK ||
		    cert_trial(ce, t, &o, NULL, &ve) != DR_OK) {
			CHECK(NAME("exact [%s]: trial %d runs", spec, i), 0, "failed");
			break;
		}
		undecided += ve.alive_to < k && ve.dead_from == 0;
		if (vb.alive_to > ve.alive_to || (vb.dead_from && (!ve.dead_from || ve.dead_from > vb.dead_from))) {
			outside++;
			snprintf(why[0], sizeof why[0], "trial %d: bracket alive_to %lld dead_from %lld, exact %lld %lld", i,
				 vb.alive_to, vb.dead_from, ve.alive_to, ve.dead_from);
		}
		draw_net(&pe, trial_net_rng(t), &N);
		double c = pe.ncenter ? pe.center[0] : 0.0, r = pe.radius;
		/* grids of 10^1..10^4 points over [c - r, c + r]; for the whole
		 * line (radius inf) c + sinh(30 u), u in (-1, 1): 10^-13 apart
		 * near c, out to 5e12 */
		for (int g = 0; g < 4; g++) {
			int m = 10, best = 0;
			unsigned char seen[MAXL] = {0}, nz[MAXL];
			for (int e = 0; e < g; e++)
				m *= 10;
			for (int q = 0; q < m; q++) {
				double u = 2 * (q + 0.5) / m - 1, x = isinf(r) ? c + sinh(30 * u) : c + r * u;
				int s = survive(&N, &x, layer ? nz : NULL);
				best = s > best ? s : best;
				for (int l = 0; layer && l < k; l++)
					seen[l] |= nz[l];
			}
			if (layer) /* every layer nonzero on some grid point */
				for (best = 0; best < k && seen[best]; best++)
					;
			if (best > ve.alive_to) {
				above++;
				snprintf(why[1], sizeof why[1], "trial %d: a grid point survives %d layers, exact alive_to %lld", i,
					 best, ve.alive_to);
			}
			miss[g] += best < ve.alive_to;
		}
		if (zero && !layer) {
			double lo = isinf(r) ? c - 1 : c - r, hi = isinf(r) ? c + 1 : c + r; /* (homogeneous) */
			int s = survive(&N, &lo, NULL), s2 = survive(&N, &hi, NULL);
			s = s2 > s ? s2 : s;
			if (s != ve.alive_to) {
				ends++;
				snprintf(why[2], sizeof why[2], "trial %d: the ends survive %d layers, exact says %lld", i, s,
					 ve.alive_to);
			}
		}
		if (wider) {
			if (trial_run(tw, (uint64_t)i, NULL, &ow) != DR_OK ||
			    cert_trial(cw, tw, &ow, NULL, &vw) != DR_OK)
				break;
			if (vw.alive_to < ve.alive_to) {
				shrink++;
				snprintf(why[3], sizeof why[3], "trial %d: alive to %lld at radius %g, %lld at %s", i, ve.alive_to,
					 pe.radius, vw.alive_to, wider);
			}
		}
	}
	printf("# exact [%s]: %d trials; grids of 10..10^4 points miss the exact depth in %d, %d, %d, %d\n", spec,
	       trials, miss[0], miss[1], miss[2], miss[3]);
	CHECK(NAME("exact [%s]: every network decided", spec), !undecided, "%d undecided", undecided);
	CHECK(NAME("exact [%s]: inside the bracket, trial by trial", spec), !outside, "%d: %s", outside, why[0]);
	CHECK(NAME("exact [%s]: no grid point alive deeper than exact", spec), !above, "%d: %s", above, why[1]);
	CHECK(NAME("exact [%s]: the grid closes in on exact as it grows", spec),
	      miss[0] >= miss[1] && miss[1] >= miss[2] && miss[2] >= miss[3] && miss[3] <= trials / 50,
	      "misses %d %d %d %d", miss[0], miss[1], miss[2], miss[3]);
	if (zero)
		CHECK(NAME("exact [%s]: zero biases: dead on the interval iff at both ends", spec), !ends, "%d: %s",
		      ends, why[2]);
	if (wider)
		CHECK(NAME("exact [%s]: alive at radius %g, alive at %s", spec, pe.radius, wider), !shrink, "%d: %s",
		      shrink, why[3]);
done:
	trial_free(t);
	trial_free(tw);
	cert_free(cb);
	cert_free(ce);
	cert_free(cw);
}

/* The same seed gives the same sample estimate whether certify is on or
 * off, row by row; off leaves the certified fields NaN, on fills them with
 * a bracket around the sample estimate at every depth. One point with
 * normal weights is the exception: off, it draws each layer's z without W
 * (init_layer_one_column), on, the W it certifies, so the two estimates
 * agree in distribution, within their intervals, not in bits. */
static void same_sample(const char *spec)
{
	int bits = 1;
	dr_params p;
	dr_result off, on;
	if (!check_run(NULL, spec, &p, &off))
		return;
	char s2[512];
	snprintf(s2, sizeof s2, "%s certify=bracket", spec);
	if (!check_run(NULL, s2, &p, &on)) {
		dr_result_free(&off);
		return;
	}
	if (p.input == DR_IN_POINT && weights_of(&p)->iid_normal)
		bits = 0;
	int same = bits ? off.alive == on.alive && off.living_ratio == on.living_ratio &&
				  off.min_living_ratio == on.min_living_ratio
			: 1;
	int nan_off = isnan(off.region_lo) && off.certify == DR_CERT_OFF, brackets = on.certify == DR_CERT_BRACKET;
	for (long long l = 0; l < off.depth; l++) {
		const dr_depth_stats *a = &off.by_depth[l], *b = &on.by_depth[l];
		if (bits)
			same &= a->alive == b->alive && a->living_ratio == b->living_ratio && a->dead_units == b->dead_units;
		else /* (independent runs: the half-widths add in quadrature) */
			same &= fabs(a->alive - b->alive) <= hypot(a->alive_hi - a->alive_lo, b->alive_hi - b->alive_lo) / 2;
		nan_off &= isnan(a->certified_alive) && isnan(a->region_hi);
		/* proven alive includes the sample's alive; proven dead only the sample's dead */
		brackets &= b->certified_alive >= b->alive && b->certified_dead <= 1 - b->alive + 1e-12 && /* (fractions of the same n) */
			    b->region_lo <= b->region_hi && b->region_lo >= b->alive_lo && b->region_hi >= b->alive_hi;
		if (l) /* (dense: proven dead only from a depth on, alive wherever the sample is) */
			brackets &= b->certified_dead >= on.by_depth[l - 1].certified_dead &&
				    (p.arch == DR_ARCH_DENSE || b->certified_alive <= on.by_depth[l - 1].certified_alive);
	}
	CHECK(NAME("certify [%s]: the same sample estimate on and off, at every depth%s", spec,
		   bits ? "" : ", within the intervals"),
	      same, "differ");
	CHECK(NAME("certify [%s]: off leaves the certified fields NaN", spec), nan_off, "not NaN");
	CHECK(NAME("certify [%s]: on, a bracket at every depth, monotone in depth", spec), brackets, "not");
	dr_result_free(&off);
	dr_result_free(&on);
}

/* THEORY.md section 3: over the ball of radius R at the origin, a layer-1
 * unit with w ~ N(0, s_w^2 I_d), b ~ N(0, s_b^2) is dead on the whole ball
 * exactly when b + R|w| <= 0, with probability F_t(d; -R s_w sqrt(d) / s_b).
 * The units the bounds certify dead on the ball (over the root box, with
 * the ball's geometry) must come at that rate: the Student-t CDF written
 * here in closed form for d = 1, 2, 3 (Cauchy, and its 2- and 3-dof
 * forms), not the engine's. Tolerance: the 99.9% Wilson interval of the
 * count (the units of one layer are independent). */
static double t_cdf_closed(double t, int d)
{
	if (d == 1)
		return 0.5 + atan(t) / M_PI;
	if (d == 2)
		return 0.5 + t / (2 * sqrt(2 + t * t));
	return 0.5 + (t / (sqrt(3.0) * (1 + t * t / 3)) + atan(t / sqrt(3.0))) / M_PI;
}

static void layer1_rate(const char *spec)
{
	dr_params p;
	if (!check_setup(&p, NULL, spec))
		return;
	int d = p.input_dim, n = (int)dr_params_layer_width(&p, 1), nets = CHECK_SANITIZED ? 500 : 8000;
	cert_forms h, z;
	double C[MAXW] = {0}, m[MAXW] = {0}, r[MAXW], scratch[4 * MAXW], W[MAXW * MAXW], b[MAXW];
	if (cert_forms_alloc(&h, MAXW, d) != DR_OK || cert_forms_alloc(&z, MAXW, d) != DR_OK) {
		CHECK(NAME("layer-1 rate [%s]: forms", spec), 0, "out of memory");
		return;
	}
	for (int i = 0; i < d; i++)
		r[i] = p.radius;
	cert_geom g = {d, 1, C, p.radius, scratch};
	cert_box bx = {m, r};
	uint64_t dead = 0, units = 0;
	for (int t = 0; t < nets; t++) {
		dr_rng rng;
		rng_seed(&rng, p.seed, (uint64_t)t);
		if (init_layer(&p, &rng, n, d, W, b, NULL) != DR_OK) {
			CHECK(NAME("layer-1 rate [%s]: weights", spec), 0, "not drawn");
			break;
		}
		cert_bounds_input(&g, &bx, &h);
		cert_bounds_affine(&g, &bx, W, b, n, d, &h, &z);
		for (int j = 0; j < n; j++)
			dead += z.hi[j] <= 0.0;
		units += (uint64_t)n;
	}
	double sw = sqrt(2.0 / d), sb = p.bias_scale; /* he-normal, bias normal */
	double want = t_cdf_closed(-p.radius * sw * sqrt((double)d) / sb, d), lo, hi;
	dr_wilson(dead, units, 0.999, &lo, &hi);
	CHECK(NAME("layer-1 rate [%s]: certified dead on the ball at the Student-t rate %.4f", spec, want),
	      lo <= want && want <= hi, "%llu of %llu units, [%.4f, %.4f]", (unsigned long long)dead,
	      (unsigned long long)units, lo, hi);
	cert_forms_free(&h);
	cert_forms_free(&z);
}

int main(void)
{
	/* two workers certifying into their own counters, merged */
	same_sample("depth=12 width=3 trials=2000 seed=21 threads=2");
	same_sample("depth=8 width=2 input=box criterion=layer trials=1000 seed=22 threads=2");
	same_sample("depth=10 width=3 arch=batchnorm points=16 trials=500 seed=23 threads=2");
	/* dense nets are not alive on a prefix of depths: a sample alive at a
	 * depth is proven alive there, never dead */
	same_sample("depth=10 width=2 arch=dense input=point weights=he-uniform trials=500 seed=24 threads=2");
	same_sample("depth=10 width=2 arch=dense input=point trials=2000 seed=24 threads=2");
	same_sample("depth=10 width=2 arch=dense trials=300 seed=25 threads=2");
#ifndef __SANITIZE_THREAD__ /* (one thread from here on: ThreadSanitizer has nothing to find) */
	exact_case("input_dim=1 depth=10 width=2 radius=1 seed=31", "3");
	exact_case("input_dim=1 depth=12 width=3 center=0.5 radius=4 seed=32", "40");
	exact_case("input_dim=1 depth=10 width=2 radius=2 bias=zero seed=33", NULL);
	exact_case("input_dim=1 depth=10 width=2 radius=1 criterion=layer seed=34", "10");
	exact_case("input_dim=1 depth=8 width=3 input=box radius=100 seed=35", NULL);
	layer1_rate("input_dim=1 width=4 radius=0.5 seed=41");
	layer1_rate("input_dim=2 width=4 radius=1 seed=42");
	layer1_rate("input_dim=3 width=3 radius=0.3 bias_scale=0.5 seed=43");
	/* the whole line */
	exact_case("input_dim=1 depth=10 width=2 certify=exact radius=inf seed=36", NULL);
	exact_case("input_dim=1 depth=10 width=3 certify=exact radius=inf center=2 seed=37", NULL);
	exact_case("input_dim=1 depth=10 width=2 certify=exact radius=inf bias=zero seed=38", NULL);
	/* the sanitizer builds look for memory errors: fewer trials, a coarser grid */
	int n = CHECK_SANITIZED ? 20 : 100, g = CHECK_SANITIZED ? 60 : 120;
	certify_case("depth=10 width=3 input=ball radius=1 seed=1", n, g);
	certify_case("depth=10 width=3 input=ball radius=100 seed=2", n, g);
	certify_case("depth=12 width=2 input=box center=0.5 radius=2 seed=3", n, g);
	certify_case("depth=8 width=3 input=orthant radius=3 seed=4", n, g);
	certify_case("depth=10 width=3 input=sphere radius=2 seed=5", n, g);
	certify_case("depth=10 width=2 input_dim=1 input=ball center=1 radius=3 seed=6", n, g);
	certify_case("depth=6 width=3 input_dim=3 input=ball radius=1 seed=7", n, g / 6);
	certify_case("depth=10 width=3 input=ball radius=1 bias=zero seed=8", n, g);
	certify_case("depth=10 width=3 input=ball radius=1 criterion=layer seed=9", n, g);
	certify_case("depth=12 width=2 input=box radius=2 criterion=layer seed=10", n, g);
	certify_case("depth=10 width=2 input_dim=1 input=sphere radius=1 seed=11", n, 1);
	/* the architectures the bounds take besides plain */
	certify_case("depth=10 width=3 arch=residual-post input=ball radius=1 seed=12", n, g);
	certify_case("depth=10 width=2 arch=residual-post input=box radius=2 criterion=layer seed=13", n, g);
	certify_case("depth=12 width=2 arch=residual-post input=sphere radius=3 bias_scale=0.5 seed=14", n, g);
	certify_case("depth=10 width=1 arch=skip input=ball radius=0.3 seed=15", n, g);
	certify_case("depth=10 width=1 arch=skip input=orthant radius=2 seed=16", n, g);
#endif
	CHECK_DONE();
}
