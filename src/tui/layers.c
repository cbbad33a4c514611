/* layers.c - the layers view (living fraction per layer and one sampled
 * network, units shaded by how many points activate them) and the map of
 * the lower bound over width x depth. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "tui/ui.h"

static wchar_t shade(double a, int utf8)
{
	static const wchar_t u[] = {L'░', L'▒', L'▓', L'█'};
	static const wchar_t s[] = {L':', L'+', L'#', L'@'};
	int i = a <= 0.25 ? 0 : a <= 0.5 ? 1 : a <= 0.75 ? 2 : 3;
	return utf8 ? u[i] : s[i];
}

void ui_resample(ui_state *u)
{
	dr_params q = u->s->params;
	if (q.points > 256) /* the picture needs shades, not precision */
		q.points = 256;
	u->sample_pending = 1;
	if (u->tasks)
		tasks_want_sample(u->tasks, &q, u->sample_seed, 64);
}

void ui_take_sample(ui_state *u)
{
	dr_sample s;
	char err[DR_ERRLEN];
	if (!u->tasks || !tasks_take_sample(u->tasks, &s, err, sizeof err))
		return;
	dr_sample_free(&u->sample);
	u->sample = s;
	snprintf(u->sample_error, sizeof u->sample_error, "%s", err);
	u->sample_pending = 0;
}

/* Two parts, each with a short form for a small panel: the living
 * fraction after each layer (simulated), and one sampled network whose
 * grid keeps at least three rows of units. */
void panel_layers(grid *g, rect r, const ui_state *u)
{
	grid_box(g, r, "layers", C_TITLE, u->utf8);
	const runner *run = &u->run;
	int x0 = r.x + 2, y = r.y + 1, w = r.w - 4, bottom = r.y + r.h - 1;
	if (w < 10 || r.h < 6)
		return;
	int roomy = r.h >= 16, bar_h = roomy ? 3 : 2;
	char a[96], b[96], c[96];

	/* Living fraction after each layer, from the running estimate. */
	grid_text_fit(g, x0, y++, w, A_BOLDER,
		      (const char *const[]){"living fraction after layer l (simulated):", "living fraction by layer (simulated)",
					    "living by layer (sim)", NULL});
	if (run->have_snap && run->snap.trials > 0) {
		const dr_result *s = &run->snap;
		int cols = (int)(s->depth < w - 8 ? s->depth : w - 8);
		for (int row = 0; row < bar_h && y + row < bottom; row++) {
			grid_text(g, x0, y + row, 5, C_DIM, row == 0 ? "1.0" : row == bar_h - 1 ? "0" : "");
			for (int i = 0; i < cols; i++) {
				long long l = cols > 1 ? 1 + (long long)llround((double)(s->depth - 1) * i / (cols - 1)) : 1;
				const dr_depth_stats *st = dr_result_at(s, l);
				double v = st ? st->living_ratio * bar_h - (bar_h - 1 - row) : 0;
				if (v > 0)
					grid_put(g, x0 + 5 + i, y + row, v >= 0.5 ? (u->utf8 ? L'█' : L'#') : (u->utf8 ? L'▄' : L'_'),
						 C_ALIVE);
			}
		}
		y += bar_h;
		snprintf(a, sizeof a, "l = 1 .. %lld   (layer %lld: %.3f)", s->depth, s->depth, s->living_ratio);
		snprintf(b, sizeof b, "l = 1..%lld  (%lld: %.3f)", s->depth, s->depth, s->living_ratio);
		grid_text_fit(g, x0 + 5, y++, w - 5, C_DIM, (const char *const[]){a, b, NULL});
	} else {
		grid_text(g, x0, y++, w, C_DIM, "(simulation starting)");
	}
	if (roomy)
		y++;
	if (y + 4 >= bottom)
		return;

	/* The sampled network: columns are layers, rows are units. */
	const dr_sample *sm = &u->sample;
	if (u->sample_pending) { /* the tasks are computing it */
		grid_printf(g, x0, y, w, C_DIM, "(sampling a network, seed %llu)", u->sample_seed);
		return;
	}
	if (!sm->nlayers) {
		grid_printf(g, x0, y, w, C_ERROR, "no sample: %s", u->sample_error);
		return;
	}
	snprintf(a, sizeof a, "one sampled net (seed %llu, F5: another)", u->sample_seed);
	snprintf(b, sizeof b, "sampled net, seed %llu (F5: another)", u->sample_seed);
	snprintf(c, sizeof c, "sampled net, seed %llu", u->sample_seed);
	grid_text_fit(g, x0, y++, w, A_BOLDER, (const char *const[]){a, b, c, NULL});
	int maxl = (w - 6) / 2, rows = bottom - y - (roomy ? 2 : 1);
	int nl = sm->nlayers < maxl ? sm->nlayers : maxl;
	int wmax = 0;
	for (int l = 0; l < nl; l++)
		wmax = sm->widths[l] > wmax ? sm->widths[l] : wmax;
	int nu = wmax < rows ? wmax : rows;
	for (int j = 0; j < nu; j++) {
		for (int l = 0; l < nl; l++) {
			if (j >= sm->widths[l])
				continue;
			double act = sm->active[l][j];
			int dead = act <= 0.0;
			wchar_t ch = dead ? (u->utf8 ? L'·' : L'x') : shade(act, u->utf8);
			grid_put(g, x0 + 6 + 2 * l, y + j, ch, dead ? C_DEAD | A_BOLDER : C_ALIVE);
		}
	}
	grid_text(g, x0, y, 6, C_DIM, "unit");
	if (wmax > nu && nu > 1) /* (below "unit", never over it) */
		grid_printf(g, x0, y + nu - 1, 6, C_DIM, "+%d", wmax - nu);
	int ly = y + nu;
	const char *dead = u->utf8 ? "·" : "x", *full = u->utf8 ? "█" : "@";
	snprintf(a, sizeof a, "layer 1..%d%s   %s dead  %s>75%% active", nl, sm->nlayers > nl ? "+" : "", dead, full);
	snprintf(b, sizeof b, "layer 1..%d%s %s dead %s>75%%", nl, sm->nlayers > nl ? "+" : "", dead, full);
	grid_text_fit(g, x0, ly, w, C_DIM, (const char *const[]){a, b, NULL});
	if (ly + 1 < bottom && nl > 0)
		grid_printf(g, x0, ly + 1, w, C_DIM, "living after layer %d of the sample: %.3f", nl, sm->living[nl - 1]);
}

/* The map's row of width w (the one whose band holds it), -1 past the top. */
static int map_row(int h, int wtop, int w)
{
	for (int row = 0; row < h; row++) {
		int width = (int)lround((double)wtop * (h - row) / h), next = (int)lround((double)wtop * (h - row - 1) / h);
		if (w <= (width < 1 ? 1 : width) && w > next)
			return row;
	}
	return -1;
}

/* The cells of a merged width x depth grid (merge of a plan's shards) over
 * the map: each a dot shaded by its simulated P(alive) in the bands of the
 * bound's shading. Returns how many are drawn. */
static int map_grid(grid *g, rect m, int wtop, double lmax, const ui_state *u)
{
	const merged_grid *mg = &u->s->grid;
	int wk = !strcmp(mg->param[0], "width") ? 0 : !strcmp(mg->param[1], "width") ? 1 : -1;
	if (mg->n == 0 || wk < 0 || strcmp(mg->param[1 - wk], "depth"))
		return 0;
	int drawn = 0;
	for (int i = 0; i < mg->n; i++) {
		double w = wk ? mg->b[i] : mg->a[i], d = wk ? mg->a[i] : mg->b[i], a = mg->alive[i];
		int row = map_row(m.h, wtop, (int)w), col = (int)lround(log10(d) / lmax * (m.w - 1));
		if (row < 0 || col < 0 || col >= m.w)
			continue;
		int attr = a >= 0.9 ? C_ALIVE : a >= 0.5 ? C_SIM : a >= 0.1 ? C_MID : a >= 0.01 ? C_DEAD : C_DIM;
		grid_put(g, m.x + col, m.y + row, u->utf8 ? L'●' : L'o', attr | A_BOLDER);
		drawn++;
	}
	return drawn;
}

void panel_map(grid *g, rect r, const ui_state *u)
{
	grid_box(g, r, "lower bound: width x depth", C_TITLE, u->utf8);
	const dr_params *p = &u->s->params;
	int label_w = 5;
	rect m = {r.x + 1 + label_w, r.y + 1, r.w - 3 - label_w, r.h - 5};
	if (m.w < 10 || m.h < 3)
		return;
	/* x: depth 1 .. 1e6 on a log scale; y: width, largest at the top. */
	double lmax = 6.0;
	int wtop = m.h < 32 ? m.h : 32;
	int cur_w = p->width, mark_x = -1, mark_y = -1;
	for (int row = 0; row < m.h; row++) {
		int width = (int)lround((double)wtop * (m.h - row) / m.h);
		if (width < 1)
			width = 1;
		for (int col = 0; col < m.w; col++) {
			double depth = pow(10.0, lmax * col / (m.w - 1));
			double L = exp(dr_log_lower_const(width, depth));
			int attr = L >= 0.9 ? C_ALIVE : L >= 0.5 ? C_SIM : L >= 0.1 ? C_MID : L >= 0.01 ? C_DEAD : C_DIM;
			wchar_t ch;
			if (u->utf8)
				ch = L >= 0.9 ? L'█' : L >= 0.5 ? L'▓' : L >= 0.1 ? L'▒' : L >= 0.01 ? L'░' : L' ';
			else
				ch = L >= 0.9 ? L'@' : L >= 0.5 ? L'#' : L >= 0.1 ? L'+' : L >= 0.01 ? L':' : L' ';
			grid_put(g, m.x + col, m.y + row, ch, attr);
		}
		if (row % 4 == 0 || row == m.h - 1)
			grid_printf(g, r.x + 1, m.y + row, label_w, C_DIM, "%4d", width);
		int next = (int)lround((double)wtop * (m.h - row - 1) / m.h);
		if (cur_w <= width && cur_w > next)
			mark_y = row;
	}
	double lx = log10((double)p->depth) / lmax;
	if (lx <= 1.0)
		mark_x = (int)lround(lx * (m.w - 1));
	int cells = map_grid(g, m, wtop, lmax, u);
	if (mark_x >= 0 && mark_y >= 0)
		grid_put(g, m.x + mark_x, m.y + mark_y, u->utf8 ? L'◆' : L'X', C_MARK | A_BOLDER | A_REV);
	int ay = m.y + m.h;
	double per_decade = (double)(m.w - 1) / lmax;
	int every = per_decade >= 5 ? 1 : per_decade >= 2.5 ? 2 : 3; /* labels a space apart */
	for (int e = 0; e <= 6; e += every) {
		char lab[8];
		snprintf(lab, sizeof lab, e ? "1e%d" : "1", e);
		int x = m.x + (int)lround(e * per_decade) - (e ? 2 : 0);
		if (x + grid_chars(lab) > m.x + m.w) /* (the last one ends at the map's edge) */
			x = m.x + m.w - grid_chars(lab);
		grid_text(g, x, ay, 4, C_DIM, lab);
	}
	/* depth is k, the hidden layers; papers that count the output layer say L = k + 1 */
	char a[128], b[96], c[96], d[96];
	const char *you = u->utf8 ? "◆" : "X";
	snprintf(a, sizeof a, "depth k = hidden layers (log; L = k+1 with the output); width up; %s you: %d x %lld", you,
		 cur_w, p->depth);
	snprintf(b, sizeof b, "depth k (log; L = k+1 with output); width up; %s %d x %lld", you, cur_w, p->depth);
	snprintf(c, sizeof c, "depth k (L = k+1), width up; %s %d x %lld", you, cur_w, p->depth);
	snprintf(d, sizeof d, "x depth, y width; %s %d x %lld", you, cur_w, p->depth);
	grid_text_fit(g, m.x, ay + 1, m.w + 1, C_DIM, (const char *const[]){a, b, c, d, NULL});
	grid_text_fit(g, m.x, ay + 2, m.w + 1, C_DIM,
		      u->utf8 ? (const char *const[]){"█>=90% ▓50-90% ▒10-50% ░1-10% blank<1%", "█≥90 ▓≥50 ▒≥10 ░≥1 %", NULL}
			      : (const char *const[]){"@>=90% #50-90% +10-50% :1-10% blank<1%", "@>=90 #>=50 +>=10 :>=1 %", NULL});
	if (cells > 0) { /* the title says what the dots are */
		char title[128];
		snprintf(title, sizeof title, "lower bound: width x depth; %s %d merged cells: simulated (sample)",
			 u->utf8 ? "●" : "o", cells);
		if (grid_chars(title) + 6 > r.w)
			snprintf(title, sizeof title, "bound; %s %d cells simulated", u->utf8 ? "●" : "o", cells);
		grid_box(g, r, title, C_TITLE, u->utf8);
	}
}
