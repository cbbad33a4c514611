/* trial.c - one sampled network pushed through its input points: the
 * workspace (trial.h describes its layout) and the drivers that run the
 * layers (layer.c) as the architecture (arch.c) says. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "trial.h"

/* Rows of H: the input (d) or the widest layer; dense keeps every layer. */
static size_t rows_needed(const dr_params *p, int *maxfan)
{
	size_t d = (size_t)p->input_dim, w = (size_t)params_max_width(p);
	arch_layout layout = arch_of(p)->layout;
	if (layout == ARCH_CONCAT) {
		size_t rows = d;
		for (long long l = 1; l <= p->depth; l++)
			rows += (size_t)dr_params_layer_width(p, l);
		if (maxfan)
			*maxfan = (int)(rows > INT32_MAX ? INT32_MAX : rows);
		return rows;
	}
	if (layout == ARCH_STREAM) {
		if (maxfan) /* the stream is w wide; the points go to Z */
			*maxfan = (int)w;
		return w;
	}
	if (maxfan)
		*maxfan = (int)(d > w ? d : w);
	return d > w ? d : w;
}

/* Rows of Z: each layer's pre-activations; a stream samples the points
 * into it first. */
static size_t z_rows(const dr_params *p)
{
	size_t d = (size_t)p->input_dim, w = (size_t)params_max_width(p);
	if (arch_of(p)->layout == ARCH_STREAM)
		return d > w ? d : w;
	return w;
}

/* Columns per row: the points, one zero column, rounded up to whole blocks
 * of four (the vector kernel reads and writes four columns at a time). */
static size_t column_cap(int points)
{
	return ((size_t)points + 1 + 3) & ~(size_t)3;
}

/* Is each layer's z drawn for the one column without drawing W
 * (init_layer_one_column)? One point, iid normal weights, and no certify:
 * certify draws W from the trial's stream to follow the same network. */
static int one_column(const dr_params *p, int points)
{
	return points == 1 && weights_of(p)->iid_normal && p->certify == DR_CERT_OFF;
}

/* Does every layer take the fused kernel (trial_run_columns)? Then Z and the
 * column lists are never touched, so they are not allocated (and
 * max_memory does not count them): half of a narrow run's memory. */
static int fused_only(const dr_params *p, int points)
{
	const arch_desc *a = arch_of(p);
	return kernel_available() && !one_column(p, points) && !p->signflip && p->criterion == DR_CRIT_POINT && a->fused &&
	       !a->keep_dead && p->input_dim <= FUSED_MAX &&
	       params_max_width(p) <= FUSED_MAX;
}

/* Z (the points first, then each layer's pre-activations) and the column
 * lists of layer_columns. */
static size_t column_bytes(const dr_params *p, size_t cap)
{
	return z_rows(p) * cap * sizeof(double) + cap * (3 * sizeof(int) + 1);
}

/* gemm.c's panels, for a net with a layer wider than the fused kernel
 * takes (one_column has no W to pack). */
static size_t pack_floats(const dr_params *p, int points)
{
	int maxfan, w = params_max_width(p);
	rows_needed(p, &maxfan);
	if (one_column(p, points) || (w <= FUSED_MAX && maxfan <= FUSED_MAX))
		return 0;
	return gemm_pack_floats(w, maxfan);
}

size_t trial_memory(const dr_params *p, int points)
{
	int maxfan;
	size_t cap = column_cap(points), w = (size_t)params_max_width(p);
	size_t rows = rows_needed(p, &maxfan);
	int stream = arch_of(p)->layout == ARCH_STREAM;
	size_t weights = one_column(p, points) ? 0 : w * (size_t)maxfan;
	size_t doubles = rows * cap + weights + w + (stream ? w * (size_t)p->input_dim : 0);
	return doubles * sizeof(double) + pack_floats(p, points) * sizeof(float) +
	       (fused_only(p, points) ? 0 : column_bytes(p, cap)) + sizeof(dr_trial);
}

static int alloc_columns(dr_trial *t)
{
	size_t cap = (size_t)t->cap;
	t->Z = calloc(z_rows(&t->p) * cap, sizeof(double));
	t->mult = malloc(cap * sizeof(int));
	t->nmult = malloc(cap * sizeof(int));
	t->keep = malloc(cap * sizeof(int));
	t->on = malloc(cap);
	return t->Z && t->mult && t->nmult && t->keep && t->on ? DR_OK : DR_ENOMEM;
}

void trial_free(dr_trial *t)
{
	if (!t)
		return;
	free(t->H);
	free(t->Z);
	free(t->W);
	free(t->b);
	free(t->proj);
	free(t->pack);
	free(t->mult);
	free(t->keep);
	free(t->nmult);
	free(t->on);
	free(t);
}

dr_trial *trial_new(const dr_params *p, const dr_data *d, char *err, size_t errlen)
{
	dr_trial *t = calloc(1, sizeof *t);
	if (!t) {
		dr_errf(err, errlen, DR_ENOMEM, "out of memory");
		return NULL;
	}
	t->p = *p;
	t->arch = arch_of(p);
	t->data = d;
	t->points = inputs_count(p, d);
	t->cap = (int)column_cap(t->points);
	t->maxw = params_max_width(p);
	t->rows = (int)rows_needed(p, &t->maxfan);
	t->keep_dead = p->criterion == DR_CRIT_LAYER || t->arch->keep_dead;
	t->one_column = one_column(p, t->points);
	size_t cap = (size_t)t->cap, w = (size_t)t->maxw;
	/* Zeroed: the vector kernel reads whole blocks, past the last column. */
	t->H = calloc((size_t)t->rows * cap, sizeof(double));
	if (!t->one_column)
		t->W = malloc(w * (size_t)t->maxfan * sizeof(double));
	t->b = malloc(w * sizeof(double));
	int stream = t->arch->layout == ARCH_STREAM;
	if (stream) /* the projection of the points into the stream */
		t->proj = malloc(w * (size_t)p->input_dim * sizeof(double));
	size_t pack = pack_floats(p, t->points);
	if (pack)
		t->pack = malloc(pack * sizeof(float));
	if (!t->H || (!t->W && !t->one_column) || !t->b || (stream && !t->proj) || (pack && !t->pack) ||
	    (!fused_only(p, t->points) && alloc_columns(t) != DR_OK)) {
		trial_free(t);
		dr_errf(err, errlen, DR_ENOMEM, "out of memory for a trial workspace");
		return NULL;
	}
	t->simd = kernel_available();
	return t;
}

const dr_rng *trial_net_rng(const dr_trial *t)
{
	return &t->net_rng;
}

const dr_rng *trial_points_rng(const dr_trial *t)
{
	return &t->points_rng;
}

int trial_points(const dr_trial *t)
{
	return t->points;
}

int trial_set_activity(dr_trial *t, float **active, int max_layers)
{
	t->active = active;
	t->max_active = max_layers;
	/* pictures take the general path, which needs the column buffers */
	return t->Z ? DR_OK : alloc_columns(t);
}

/* Layers from..k-1 (0-based) carry the given outcome; no unit there is live. */
static void fill_tail(dr_outcome *o, long long from, long long k, int alive, int living,
		      const dr_params *p)
{
	for (long long l = from; l < k; l++) {
		o->alive[l] = (unsigned char)alive;
		o->living[l] = living;
		o->dead_units[l] = dr_params_layer_width(p, l + 1);
	}
}

/* z for the trial's one column (or for the zero column standing for it
 * when it is dead) into column 0 of Z, without W. */
static void draw_one_column(dr_trial *t, int nout, int nin, int nr, int scale)
{
	double norm2 = 0.0;
	for (int i = 0; nr && i < nin; i++)
		norm2 += t->H[(size_t)i * t->cap] * t->H[(size_t)i * t->cap];
	init_layer_one_column(&t->p, &t->rng, nout, nin, init_weight_sd(&t->p, nin, nout), norm2, scale, t->b);
	for (int j = 0; j < nout; j++)
		t->Z[(size_t)j * t->cap] = t->b[j];
}

/* One layer of the chain: its weights drawn (or its z alone), then the
 * fused kernel or layer_columns. Returns the columns kept, -1 when
 * cancelled. */
static int run_layer(dr_trial *t, long long l, int nout, int nin, int scale, int *np, int *ni, int *zm,
		     dr_outcome *o)
{
	const dr_params *p = &t->p;
	if (t->one_column) {
		draw_one_column(t, nout, nin, *np + *ni, scale);
		return layer_columns(t, l, nout, nin, np, ni, zm, 1, o);
	}
	if (init_layer(p, &t->rng, nout, nin, t->W, t->b, t->cancel) != DR_OK)
		return -1;
	if (scale)
		for (int j = 0; j < nout; j++)
			t->b[j] = ldexp(t->b[j], -scale);
#ifdef DR_AVX2_KERNEL
	/* Plain layers tracking only pure points take the fused kernel. */
	if (t->simd && !t->keep_dead && !p->signflip && t->arch->fused && nout <= FUSED_MAX && nin <= FUSED_MAX &&
	    !(t->active && l <= t->max_active)) {
		int dead = 0;
		*np = kernel_fused(t->W, t->b, nout, nin, t->H, (size_t)t->cap, *np, &dead, t->cancel);
		o->dead_units[l - 1] = dead;
		return *np;
	}
#endif
	return layer_columns(t, l, nout, nin, np, ni, zm, 0, o);
}

/* A plain net on one point (one_column; not skip, whose first layer decides):
 * z depends on the point only
 * through |h|^2, so the trial is a loop over each layer's z alone, no H and
 * no column lists: the same doubles as layer_columns with draw_one_column
 * (|h|^2 summed over the units in order, rescaled as layer_rescale would).
 * With a normal bias not even |h| matters: the signs of z are the normals'. */
static int run_one_point(dr_trial *t, const atomic_int *cancel, dr_outcome *o)
{
	const dr_params *p = &t->p;
	const int normal_bias = bias_of(p)->normal;
	double norm2 = 0.0, *z = t->b;
	for (int i = 0; i < p->input_dim; i++)
		norm2 += t->H[(size_t)i * t->cap] * t->H[(size_t)i * t->cap];
	int nin = p->input_dim, scale = 0, sw_in = 0, sw_out = 0;
	double sw = 0.0;
	for (long long l = 1; l <= p->depth; l++) {
		if (stop_asked(cancel))
			return DR_ECANCELED;
		int nout = dr_params_layer_width(p, l), pos = 0;
		if (normal_bias) {
			pos = init_one_column_positive(&t->rng, nout);
		} else {
			if (nin != sw_in || nout != sw_out) { /* a sqrt and a division a layer */
				sw = init_weight_sd(p, nin, nout);
				sw_in = nin;
				sw_out = nout;
			}
			init_layer_one_column(p, &t->rng, nout, nin, sw, norm2, scale, z);
			double next = 0.0, top = 0.0;
			for (int j = 0; j < nout; j++) {
				double h = relu(z[j]);
				pos += z[j] > 0.0;
				next += h * h;
				top = h > top ? h : top;
			}
			int e;
			if (l % 16 == 0 && (frexp(top, &e), e > 256 || e < -256)) { /* layer_rescale's rule */
				next = ldexp(next, -2 * e);
				scale += e;
			}
			norm2 = next;
		}
		o->dead_units[l - 1] = nout - pos;
		o->alive[l - 1] = pos > 0;
		o->living[l - 1] = pos > 0;
		if (!pos) {
			o->reached = l;
			return DR_OK;
		}
		nin = nout;
	}
	o->reached = p->depth;
	return DR_OK;
}

/* The chain and stream layouts: plain, batchnorm, residual, residual-post
 * and skip. */
int trial_run_columns(dr_trial *t, const atomic_int *cancel, dr_outcome *o)
{
	const dr_params *p = &t->p;
	const arch_desc *a = t->arch;
	const int cap = t->cap, d = p->input_dim;
	const long long k = p->depth;
	double *H = t->H;
	int np = t->points, ni = 0, zm = 0, nin = d;
	int alive1 = 0, living1 = 0;

	if (t->one_column && a->fused && a->alive == ALIVE_EVERY_LAYER && !p->signflip && !t->keep_dead && !t->active)
		return run_one_point(t, cancel, o);
	if (a->layout == ARCH_STREAM) {
		nin = p->width;
		layer_project_input(t, nin, d);
	}
	for (int c = 0; t->mult && c < np; c++)
		t->mult[c] = 1;

	int scale = 0; /* H holds the activations times 2^-scale; see layer_rescale() */
	for (long long l = 1; l <= k; l++) {
		if (stop_asked(cancel))
			return DR_ECANCELED;
		int nout = dr_params_layer_width(p, l);
		int nkeep = run_layer(t, l, nout, nin, scale, &np, &ni, &zm, o);
		if (nkeep < 0)
			return DR_ECANCELED;
		nin = nout;
		if (l % 16 == 0) /* growth past 2^256 takes far more than 16 layers */
			scale += layer_rescale(H, nout, cap, np + ni, cancel);

		if (a->alive == ALIVE_ALWAYS) {
			o->alive[l - 1] = 1;
			o->living[l - 1] = np;
			continue;
		}
		int alive = p->criterion == DR_CRIT_LAYER ? nkeep > 0 : np > 0;
		if (l == 1) {
			alive1 = alive;
			living1 = np;
		}
		if (a->alive == ALIVE_FIRST_LAYER) {
			/* Every layer feeds the output: the path through layer 1 decides. */
			o->alive[l - 1] = (unsigned char)alive1;
			o->living[l - 1] = living1;
			if (!alive) {
				fill_tail(o, l, k, alive1, living1, p);
				o->reached = k;
				return DR_OK;
			}
			continue;
		}
		o->alive[l - 1] = (unsigned char)alive;
		o->living[l - 1] = np;
		if (!alive) {
			o->reached = l;
			return DR_OK;
		}
	}
	o->reached = k;
	return DR_OK;
}

/* The concatenating layout (dense): layer l sees [x, h_1, .., h_{l-1}];
 * every point stays in the batch and is alive at depth l when the last
 * layer is nonzero on it. */
int trial_run_dense(dr_trial *t, const atomic_int *cancel, dr_outcome *o)
{
	const dr_params *p = &t->p;
	const int cap = t->cap, P = t->points;
	double *H = t->H, *Z = t->Z;
	int nin = p->input_dim;

	for (long long l = 1; l <= p->depth; l++) {
		if (stop_asked(cancel))
			return DR_ECANCELED;
		int nout = dr_params_layer_width(p, l);
		if (t->one_column)
			draw_one_column(t, nout, nin, 1, 0);
		else if (init_layer(p, &t->rng, nout, nin, t->W, t->b, cancel) != DR_OK ||
			 layer_product(t, nout, nin, P) < 0)
			return DR_ECANCELED;
		if (p->signflip)
			layer_signflip(Z, nout, cap, P, P, cancel);
		int dead = layer_classify(t, l, nout, P, P, P);
		if (dead < 0)
			return DR_ECANCELED;
		o->dead_units[l - 1] = dead;
		int living = 0;
		for (int c = 0; c < P; c++)
			living += t->on[c];
		double *h = H + (size_t)nin * cap;
		for (size_t i = 0; i < (size_t)nout * cap; i++)
			h[i] = relu(Z[i]);
		nin += nout;
		o->alive[l - 1] = living > 0;
		o->living[l - 1] = living;
	}
	o->reached = p->depth;
	return DR_OK;
}

int trial_run(dr_trial *t, uint64_t index, const atomic_int *cancel, dr_outcome *o)
{
	t->cancel = cancel;
	rng_seed(&t->rng, t->p.seed, index);
	t->points_rng = t->rng;
	/* A stream projects the points (sampled into Z) into H; the others
	 * start from the points themselves. */
	int stream = t->arch->layout == ARCH_STREAM;
	if (inputs_sample(&t->p, t->data, &t->rng, stream ? t->Z : t->H, t->cap, cancel) != DR_OK)
		return DR_ECANCELED;
	t->net_rng = t->rng;
	return t->arch->run(t, cancel, o);
}
