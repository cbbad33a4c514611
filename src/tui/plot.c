/* plot.c - the main plot: P(alive) against depth, width or radius, with the
 * bounds, the simulated estimate and its band, and with certify on the
 * bracket certified for the whole input set (bars from its low edge to its
 * high one against depth, a bar beside each swept point). Drawn on a dot
 * canvas: 2x4 braille dots per cell with UTF-8, or with `display lines
 * thick` 1x2 per cell in blocks; one dot per cell in plain ASCII. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/ui.h"

enum { S_NONE, S_BAND, S_REGION, S_UPPER, S_LOWER, S_SIM, NSERIES }; /* later wins a shared cell */

/* The ways of drawing: `display lines` dots or thick, in UTF-8 or ASCII. */
enum { M_BRAILLE, M_BLOCKS, M_ASCII, M_ASCII_THICK, NMODES };

/* How each series tells itself apart without colour (a monochrome
 * screenshot, a projector that washes colour out):
 *   simulated  solid and thick, a brush of bw x bh dots (▀▄█ in blocks)
 *   upper      dashed: `on` dots along the curve, then `off` dots not
 *   lower      dotted: every other dot along the curve
 *   interval   a sparse stipple over the band
 *   whole set  bars from its low edge to its high one, every `bars` dots
 * and in blocks and ASCII a character of its own (glyph; 0: the cell shows
 * its dots). ASCII has a dot per cell: its characters alone do it. The
 * legend's samples are drawn by the same code (legend_sample). */
typedef struct {
	int on, off;       /* dashes, in dots along the curve; off 0: solid */
	int bw, bh;        /* the brush, in dots (0: one) */
	int stipple;       /* a band keeps the dots where (x + y) % stipple is 0 */
	int bars;          /* a bar every `bars` dot columns */
	wchar_t glyph;
	int sample;        /* the legend's sample, in cells */
} style;

static const style styles[NMODES][NSERIES] = {
	[M_BRAILLE] = {
		[S_BAND] = {.stipple = 4, .sample = 3},                  /* ⢁⠔⢁ */
		[S_REGION] = {.bars = 4, .sample = 3},                   /* ⡇⠀⡇ */
		[S_UPPER] = {.on = 4, .off = 2, .sample = 4},            /* ⠒⠒⠀⠒ */
		[S_LOWER] = {.on = 1, .off = 1, .sample = 3},            /* ⠂⠂⠂ */
		[S_SIM] = {.bw = 2, .bh = 2, .sample = 3},               /* ⠶⠶⠶ */
	},
	[M_BLOCKS] = {
		[S_BAND] = {.glyph = L'░', .sample = 3},
		[S_REGION] = {.bars = 2, .glyph = L'▐', .sample = 3},
		[S_UPPER] = {.on = 2, .off = 1, .glyph = L'▒', .sample = 4},
		[S_LOWER] = {.on = 1, .off = 1, .glyph = L'▓', .sample = 3},
		[S_SIM] = {.bh = 2, .sample = 3},
	},
	[M_ASCII] = {
		[S_BAND] = {.glyph = L'.', .sample = 1},
		[S_REGION] = {.bars = 2, .glyph = L':', .sample = 1},
		[S_UPPER] = {.glyph = L'^', .sample = 1},
		[S_LOWER] = {.glyph = L'v', .sample = 1},
		[S_SIM] = {.glyph = L'*', .sample = 1},
	},
	[M_ASCII_THICK] = {
		[S_BAND] = {.glyph = L'.', .sample = 1},
		[S_REGION] = {.bars = 2, .glyph = L'|', .sample = 1},
		[S_UPPER] = {.glyph = L'=', .sample = 1},
		[S_LOWER] = {.glyph = L'-', .sample = 1},
		[S_SIM] = {.bh = 2, .glyph = L'#', .sample = 1},
	},
};

static int draw_mode(const ui_state *u)
{
	int thick = u->s->display[DISPLAY_LINES] == LINES_THICK;
	return u->utf8 ? (thick ? M_BLOCKS : M_BRAILLE) : (thick ? M_ASCII_THICK : M_ASCII);
}

typedef struct {
	int cw, ch;           /* cells */
	int dx, dy;           /* dots per cell */
	int mode;
	unsigned char *bits;  /* per cell, each series' dots: a cell shows its winner's alone */
} canvas;

static int canvas_init(canvas *c, int cw, int ch, int mode)
{
	c->cw = cw;
	c->ch = ch;
	c->mode = mode;
	c->dx = mode == M_BRAILLE ? 2 : 1;
	c->dy = mode == M_BRAILLE ? 4 : mode == M_BLOCKS ? 2 : 1;
	c->bits = calloc((size_t)cw * ch * NSERIES + 1, 1);
	return c->bits ? 0 : -1;
}

static void canvas_free(canvas *c)
{
	free(c->bits);
}

static void dot(canvas *c, int x, int y, int s)
{
	static const unsigned char braille[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
	if (x < 0 || y < 0 || x >= c->cw * c->dx || y >= c->ch * c->dy)
		return;
	int i = (y / c->dy) * c->cw + x / c->dx;
	c->bits[i * NSERIES + s] |= c->dx == 2 ? braille[x % 2][y % 4] : 1 << (y % c->dy);
}

/* Draws series s with its style: the dashes count the dots along the
 * curve (t), or the cells where a cell is one dot wide (blocks: a steep
 * stretch is dashed too, not one dot on and one off in every cell); each
 * dot is a brush kept inside the canvas. */
typedef struct {
	canvas *c;
	const style *st;
	int s, t, cell;
} pen;

static pen pen_of(canvas *c, int s)
{
	const style *st = &styles[c->mode][s];
	return (pen){c, st, s, 0, -1};
}

static void pen_dot(pen *p, int x, int y)
{
	const style *st = p->st;
	int at = (y / p->c->dy) * p->c->cw + x / p->c->dx;
	if (p->c->dx > 1 || at != p->cell)
		p->t++;
	p->cell = at;
	if (st->off && (p->t - 1) % (st->on + st->off) >= st->on)
		return;
	if (st->stipple && (x + y) % st->stipple)
		return;
	int bw = st->bw > 0 ? st->bw : 1, bh = st->bh > 0 ? st->bh : 1;
	int w = p->c->cw * p->c->dx, h = p->c->ch * p->c->dy;
	x = x + bw > w ? w - bw : x; /* a thick line at an edge grows inwards */
	y = y + bh > h ? h - bh : y;
	for (int i = 0; i < bw; i++)
		for (int j = 0; j < bh; j++)
			dot(p->c, x + i, y + j, p->s);
}

static void vline(pen *p, int x, int y0, int y1)
{
	if (y0 > y1) {
		int t = y0;
		y0 = y1;
		y1 = t;
	}
	for (int y = y0; y <= y1; y++)
		pen_dot(p, x, y);
}

/* A bar of the whole set from row y0 to y1, at least most of a cell high
 * so that a narrow bracket still reads as a bar, not as a dot. */
static void bar(pen *p, int x, int y0, int y1)
{
	int least = p->c->dy > 1 ? p->c->dy - 1 : 1, lo = y0 < y1 ? y0 : y1, hi = y0 < y1 ? y1 : y0;
	if (lo < 0)
		return;
	if (hi - lo + 1 < least) {
		lo = (lo + hi - least + 1) / 2;
		lo = lo < 0 ? 0 : lo;
		hi = lo + least - 1;
	}
	vline(p, x, lo, hi);
}

typedef struct {
	int logy;
	double ymin; /* log10 of the bottom when logy */
} yscale;

/* Dot row of probability p (row 0 at the top); -1 when not drawable. */
static int ydot(const canvas *c, const yscale *ys, double p)
{
	int h = c->ch * c->dy;
	double t;
	if (isnan(p))
		return -1;
	if (ys->logy) {
		if (p <= 0)
			return h - 1;
		t = (log10(p) - ys->ymin) / -ys->ymin;
	} else {
		t = p;
	}
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	return (int)lround((1.0 - t) * (h - 1));
}

/* A curve through one value per dot column (NAN = gap). */
static void curve(canvas *c, const yscale *ys, const double *v, int n, int s)
{
	pen p = pen_of(c, s);
	int prev = -1;
	for (int x = 0; x < n; x++) {
		int y = ydot(c, ys, v[x]);
		if (y < 0) {
			prev = -1;
			continue;
		}
		if (prev >= 0 && prev != y)
			vline(&p, x, prev + (y > prev) - (y < prev), y);
		pen_dot(&p, x, y);
		prev = y;
	}
}

static int series_colour(int s)
{
	switch (s) {
	case S_BAND: return C_BAND;
	case S_REGION: return C_REGION | A_BOLDER;
	case S_UPPER: return C_UPPER;
	case S_LOWER: return C_LOWER;
	case S_SIM: return C_SIM | A_BOLDER;
	}
	return 0;
}

/* Each cell shows the dots of the most important series in it, in that
 * series' character. */
static void blit(grid *g, int x0, int y0, const canvas *c)
{
	for (int y = 0; y < c->ch; y++)
		for (int x = 0; x < c->cw; x++) {
			const unsigned char *b = &c->bits[(y * c->cw + x) * NSERIES];
			int s = NSERIES - 1;
			while (s > S_NONE && !b[s])
				s--;
			if (s == S_NONE)
				continue;
			wchar_t ch = styles[c->mode][s].glyph;
			if (!ch)
				ch = c->mode == M_BRAILLE ? (wchar_t)(0x2800 + b[s]) : b[s] == 1 ? L'▀' : b[s] == 2 ? L'▄' : L'█';
			grid_put(g, x0 + x, y0 + y, ch, series_colour(s));
		}
}

/* The legend's sample of series s at (x, y): a stretch of its line, band
 * or bars drawn by the code that draws the plot. Returns its cells. */
static int legend_sample(grid *g, int x, int y, int mode, int s)
{
	canvas c;
	const style *st = &styles[mode][s];
	if (canvas_init(&c, st->sample, 1, mode) != 0)
		return 0;
	pen p = pen_of(&c, s);
	for (int i = 0; i < c.cw * c.dx; i++)
		if (s == S_BAND || (s == S_REGION && i % st->bars == 0))
			vline(&p, i, 0, c.dy - 1);
		else if (s != S_REGION)
			pen_dot(&p, i, (c.dy - 1) / 2);
	blit(g, x, y, &c);
	canvas_free(&c);
	return st->sample;
}

/* A log tick's label: 1, 0.5, 0.1, 0.01, then 1e-3 and below. */
static void log_label(char *lab, size_t n, double v)
{
	int e = (int)floor(log10(v) + 1e-9);
	double m = v / pow(10, e);
	if (e >= -2)
		snprintf(lab, n, "%g", v);
	else if (fabs(m - 1) < 1e-9)
		snprintf(lab, n, "1e%d", e);
	else
		snprintf(lab, n, "%.0fe%d", m, e);
}

/* Linear: quarters. Log (ymin = -d decades, d >= 1): 1 at the top, then
 * every decade or every few decades (at most five ticks), and 0.5 and 0.2
 * when the axis spans one decade; no two on one row. */
static void draw_y_axis(grid *g, rect pr, const yscale *ys, int label_w)
{
	int h = pr.h;
	char lab[16];
	if (!ys->logy) {
		for (int i = 0; i <= 4; i++) {
			snprintf(lab, sizeof lab, "%.2f", 1.0 - i / 4.0);
			grid_printf(g, pr.x - label_w, pr.y + (int)lround((double)i * (h - 1) / 4.0), label_w - 1, C_DIM,
				    "%*s", label_w - 1, lab);
		}
		return;
	}
	int d = (int)lround(-ys->ymin), step = (d + 3) / 4;
	double ticks[16];
	int n = 0;
	if (d == 1) {
		static const double one[] = {1, 0.5, 0.2, 0.1};
		for (; n < 4; n++)
			ticks[n] = one[n];
	} else {
		for (int e = 0; e <= d && n < 16; e += step)
			ticks[n++] = pow(10, -e);
	}
	int last = -1;
	for (int i = 0; i < n; i++) {
		double t = (log10(ticks[i]) - ys->ymin) / -ys->ymin;
		int row = pr.y + (int)lround((1.0 - t) * (h - 1));
		if (row == last)
			continue;
		last = row;
		log_label(lab, sizeof lab, ticks[i]);
		grid_printf(g, pr.x - label_w, row, label_w - 1, C_DIM, "%*s", label_w - 1, lab);
	}
}

/* The column of x on an axis of w columns from xmin to xmax. */
static int x_column(int w, double xmin, double xmax, int logx, double x)
{
	double t = xmax <= xmin ? 0 : logx ? log(x / xmin) / log(xmax / xmin) : (x - xmin) / (xmax - xmin);
	return (int)lround((t < 0 ? 0 : t > 1 ? 1 : t) * (w - 1));
}

/* 1, 2 or 5 times a power of ten, the nearest to raw by ratio. */
static double nice_step(double raw)
{
	double p = pow(10, floor(log10(raw))), best = p;
	static const double m[] = {2, 5, 10};
	for (int i = 0; i < 3; i++)
		if (fabs(log(m[i] * p / raw)) < fabs(log(best / raw)))
			best = m[i] * p;
	return best;
}

/* Ticks at round values (whole numbers on an integer axis, decades on a
 * log one), as many as fit with a space between labels, the ends always
 * labelled; a label that would come within two spaces of the one before
 * is left out (at the end, the one before is). */
static void draw_x_ticks(grid *g, rect pr, int y, double xmin, double xmax, int logx, int integer)
{
	double v[64];
	int n = 0;
	v[n++] = xmin;
	if (xmax > xmin) {
		int want = pr.w / 8 < 3 ? 3 : pr.w / 8 > 10 ? 10 : pr.w / 8;
		if (logx) {
			int step = (int)ceil((log10(xmax) - log10(xmin)) / (want - 1));
			step = step < 1 ? 1 : step;
			for (int e = (int)ceil(log10(xmin) + 1e-9); pow(10, e) < xmax && n < 62; e += step)
				if (pow(10, e) > xmin)
					v[n++] = pow(10, e);
		} else {
			double step = nice_step((xmax - xmin) / (want - 1));
			step = integer && step < 1 ? 1 : step;
			for (double t = (floor(xmin / step) + 1) * step; t < xmax - step * 1e-9 && n < 62; t += step)
				v[n++] = t;
		}
		v[n++] = xmax;
	}
	int used = -1, from = 0; /* the columns of the last label written */
	for (int i = 0; i < n; i++) {
		char lab[32];
		snprintf(lab, sizeof lab, integer ? "%.0f" : "%g", v[i]);
		int len = (int)strlen(lab), col = x_column(pr.w, xmin, xmax, logx, v[i]) - len / 2;
		col = i == 0 ? 0 : col < 0 ? 0 : col;
		if (i == n - 1 || col + len > pr.w)
			col = pr.w - len;
		if (col <= used + 2 && i > 0) { /* (two spaces between labels) */
			if (i < n - 1)
				continue;
			for (int x = from; x <= used; x++) /* the last label wins over the one before */
				grid_put(g, pr.x + x, y, L' ', 0);
		}
		grid_text(g, pr.x + col, y, len, C_DIM, lab);
		from = col;
		used = col + len - 1;
	}
}

/* Does the plot draw a bracket on the whole set (certify on, results in)? */
static int region_drawn(const ui_state *u)
{
	const runner *run = &u->run;
	if (u->axis == AXIS_DEPTH)
		return run->have_snap && run->snap.trials > 0 && !isnan(run->snap.region_lo);
	for (int j = 0; j < run->sw.n; j++)
		if (!isnan(run->sw.alive[j]) && !isnan(run->sw.region_lo[j]))
			return 1;
	return 0;
}

/* The legend: each series' sample and name, on one row (two spaces between
 * entries, or one where that makes them fit), else on two rows ending at
 * row y; the bounds' entries only when they are drawn. Returns the rows; g
 * NULL only counts them. */
static int legend(grid *g, int x, int y, int w, int mode, int region, int bounds)
{
	typedef struct {
		int s;
		const char *name;
	} entry;
	static const entry all[] = {{S_UPPER, "upper"}, {S_LOWER, "lower"}, {S_SIM, "simulated"}, {S_BAND, "interval"},
				    {S_REGION, "whole set"}};
	const int skip = bounds ? 0 : 2; /* (the bounds' two come first) */
	const entry *item = all + skip;
	int n = (region ? 5 : 4) - skip, width[5], total = 0;
	for (int i = 0; i < n; i++)
		total += width[i] = styles[mode][item[i].s].sample + 1 + grid_chars(item[i].name);
	int gap = total + 2 * (n - 1) > w && total + n - 1 <= w ? 1 : 2;
	int rows = 1, col = 0, row[5], at[5];
	for (int i = 0; i < n; i++) {
		if (col > 0 && col + gap + width[i] > w && rows < 2) {
			rows++;
			col = 0;
		}
		col += col > 0 ? gap : 0;
		row[i] = rows - 1;
		at[i] = col;
		col += width[i];
	}
	for (int i = 0; g && i < n; i++) {
		int ly = y - (rows - 1) + row[i], lx = x + at[i];
		if (at[i] + width[i] > w) /* too narrow even for two rows */
			continue;
		lx += legend_sample(g, lx, ly, mode, item[i].s);
		grid_printf(g, lx, ly, w - at[i], series_colour(item[i].s), " %s", item[i].name);
	}
	return rows;
}

void panel_plot(grid *g, rect r, const ui_state *u)
{
	const dr_params *p = &u->s->params;
	const runner *run = &u->run;
	char title[96];
	snprintf(title, sizeof title, "P(network alive) vs %s", ui_axis_name(u));
	grid_box(g, r, title, C_TITLE, u->utf8);
	const int label_w = 6;
	/* Why the bounds are not drawn, wrapped at words between the x axis
	 * and the legend: the plot gives up the rows it needs (three at most,
	 * two on a short plot). */
	char why[DR_NOTE_LEN + 64] = "", full[DR_NOTE_LEN + 32];
	int why_rows = 0, why_max = r.h >= 14 ? 3 : 2;
	if (!u->s->bounds.applies) {
		snprintf(full, sizeof full, "bounds not drawn: %s",
			 u->s->bounds.nnotes ? u->s->bounds.notes[0] : "assumptions fail");
		snprintf(why, sizeof why, "%s", full);
		why_rows = grid_wrap(NULL, (rect){0, 0, r.w - 4, 0}, 0, why);
		/* past those rows: words off the end, and where the rest is */
		for (size_t end = strlen(full); why_rows > why_max && end > 0;) {
			while (end > 0 && full[end - 1] != ' ')
				end--;
			while (end > 0 && full[end - 1] == ' ')
				end--;
			snprintf(why, sizeof why, "%.*s ... (all in the messages)", (int)end, full);
			why_rows = grid_wrap(NULL, (rect){0, 0, r.w - 4, 0}, 0, why);
		}
		why_rows = why_rows > why_max ? why_max : why_rows;
	}
	int mode = draw_mode(u), region = region_drawn(u); /* region: a certified bracket is drawn */
	int applies = u->s->bounds.applies;
	int legend_rows = legend(NULL, 0, 0, r.w - 3, mode, region, applies);
	int extra = why_rows + legend_rows - 1; /* rows past the one kept for the legend */
	rect pr = {r.x + 1 + label_w, r.y + 1, r.w - 2 - label_w - 1, r.h - 5 - extra};
	if (pr.w < 10 || pr.h < 3)
		return;
	canvas c;
	if (canvas_init(&c, pr.w, pr.h, mode) != 0)
		return;
	int n = c.cw * c.dx;
	double *lo = malloc(sizeof(double) * n), *hi = malloc(sizeof(double) * n);
	double *sim = malloc(sizeof(double) * n), *blo = malloc(sizeof(double) * n), *bhi = malloc(sizeof(double) * n);
	double *rlo = malloc(sizeof(double) * n), *rhi = malloc(sizeof(double) * n);
	if (!lo || !hi || !sim || !blo || !bhi || !rlo || !rhi)
		goto out;
	for (int i = 0; i < n; i++)
		lo[i] = hi[i] = sim[i] = blo[i] = bhi[i] = rlo[i] = rhi[i] = NAN;

	double xmin = 1, xmax = 1;
	int logx = 0;
	if (u->axis == AXIS_DEPTH) {
		long long k = p->depth;
		xmax = (double)k;
		const dr_result *s = run->have_snap ? &run->snap : NULL;
		long long *depths = malloc(sizeof *depths * (size_t)n);
		char err[DR_ERRLEN];
		for (int i = 0; depths && i < n; i++)
			depths[i] = n > 1 ? 1 + (long long)llround((double)(k - 1) * i / (n - 1)) : k;
		if (applies && depths && dr_bounds_curve(p, depths, n, lo, hi, err, sizeof err) != DR_OK)
			for (int i = 0; i < n; i++)
				lo[i] = hi[i] = NAN;
		for (int i = 0; depths && i < n; i++) {
			long long l = depths[i];
			const dr_depth_stats *st = s && s->trials > 0 && l <= s->depth ? dr_result_at(s, l) : NULL;
			if (st) {
				sim[i] = st->alive;
				blo[i] = st->alive_lo;
				bhi[i] = st->alive_hi;
				rlo[i] = st->region_lo;
				rhi[i] = st->region_hi;
			}
		}
		free(depths);
	} else if (run->sw.n > 0) {
		const sweep *w = &run->sw;
		logx = run->slogx;
		xmin = w->value[0];
		xmax = w->value[w->n - 1];
		for (int j = 0; j < w->n; j++) {
			double t = logx ? log(w->value[j] / xmin) / log(xmax / xmin)
					: (w->value[j] - xmin) / (xmax > xmin ? xmax - xmin : 1);
			int i = (int)lround(t * (n - 1));
			if (applies && w->applies[j]) {
				lo[i] = w->lower[j];
				hi[i] = w->upper[j];
			}
			if (!isnan(w->alive[j])) {
				sim[i] = w->alive[j];
				blo[i] = w->alive_lo[j];
				bhi[i] = w->alive_hi[j];
				rlo[i] = w->region_lo[j];
				rhi[i] = w->region_hi[j];
			}
		}
	}
	yscale ys = {u->logy, -4};
	if (u->logy) {
		double m = 1;
		for (int i = 0; i < n; i++) {
			if (lo[i] > 0 && lo[i] < m)
				m = lo[i];
			if (blo[i] > 0 && blo[i] < m)
				m = blo[i];
		}
		ys.ymin = fmax(-12, fmin(-1, floor(log10(m))));
	}
	pen band = pen_of(&c, S_BAND), bars = pen_of(&c, S_REGION);
	for (int i = 0; i < n; i++)
		if (!isnan(blo[i]))
			vline(&band, i, ydot(&c, &ys, blo[i]), ydot(&c, &ys, bhi[i]));
	if (u->axis == AXIS_DEPTH) {
		for (int i = 0; i < n; i += bars.st->bars)
			if (!isnan(rlo[i]))
				bar(&bars, i, ydot(&c, &ys, rlo[i]), ydot(&c, &ys, rhi[i]));
		curve(&c, &ys, hi, n, S_UPPER);
		curve(&c, &ys, lo, n, S_LOWER);
		curve(&c, &ys, sim, n, S_SIM);
	} else { /* sweep points stand alone: markers, bounds joined */
		double *tmp[2] = {hi, lo};
		for (int k = 0; k < 2; k++) {
			int prev = -1;
			for (int i = 0; i < n; i++) {
				if (isnan(tmp[k][i]))
					continue;
				if (prev >= 0) /* linear interpolation between sweep points */
					for (int x = prev + 1; x < i; x++)
						tmp[k][x] = tmp[k][prev] + (tmp[k][i] - tmp[k][prev]) * (x - prev) / (i - prev);
				prev = i;
			}
			curve(&c, &ys, tmp[k], n, k ? S_LOWER : S_UPPER);
		}
		for (int i = 0; i < n; i++)
			if (!isnan(rlo[i])) /* beside the point's marker */
				bar(&bars, i + c.dx + 1, ydot(&c, &ys, rlo[i]), ydot(&c, &ys, rhi[i]));
		for (int i = 0; i < n; i++)
			if (!isnan(sim[i])) {
				int y = ydot(&c, &ys, sim[i]);
				dot(&c, i, y, S_SIM);
				dot(&c, i + 1, y, S_SIM);
				dot(&c, i, y + 1, S_SIM);
				dot(&c, i + 1, y + 1, S_SIM);
			}
	}
	blit(g, pr.x, pr.y, &c);
	draw_y_axis(g, pr, &ys, label_w);

	/* x axis: its ticks, and the current value on a width or radius axis */
	int axis_y = pr.y + pr.h;
	for (int x = 0; x < pr.w; x++)
		grid_put(g, pr.x + x, axis_y, u->utf8 ? L'─' : L'-', C_DIM);
	int integer = u->axis == AXIS_DEPTH || u->axis == AXIS_WIDTH || (u->axis == AXIS_SWEEP && run->sw.n > 0);
	for (int j = 0; u->axis == AXIS_SWEEP && j < run->sw.n; j++) /* a sweep of whole numbers */
		integer &= run->sw.value[j] == floor(run->sw.value[j]);
	draw_x_ticks(g, pr, axis_y + 1, xmin, xmax, logx, integer);
	/* a click over the curves or on the axis reads the values there */
	grid_mark(g, (rect){pr.x, pr.y, pr.w, pr.h + 2}, (grid_hit){.kind = HIT_PLOT, .x0 = xmin, .x1 = xmax, .logx = logx});
	double now = u->axis == AXIS_WIDTH ? p->width : u->axis == AXIS_RADIUS ? p->radius : NAN;
	if (!isnan(now) && now >= xmin && now <= xmax && xmax > xmin)
		grid_put(g, pr.x + x_column(pr.w, xmin, xmax, logx, now), axis_y, u->utf8 ? L'▲' : L'^',
			 C_SELECT | A_BOLDER);

	/* The legend at the bottom, why the bounds are not drawn above it. */
	int ly = r.y + r.h - 2, lx = r.x + 2;
	if (!applies)
		grid_wrap(g, (rect){lx, ly - extra, r.w - 4, why_rows}, C_NOTE | A_BOLDER, why);
	legend(g, lx, ly, r.w - 3, mode, region, applies); /* (up to the border) */
out:
	free(lo);
	free(hi);
	free(sim);
	free(blo);
	free(bhi);
	free(rlo);
	free(rhi);
	canvas_free(&c);
}
