/* panels.c - the small panels (parameters, status, messages, help), the
 * message log and the layout that places every panel. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "tui/ui.h"

const char *ui_axis_name(const ui_state *u)
{
	return u->axis < NAXES ? view_name_of(VIEWS_AXIS, u->axis) : u->run.sw.param;
}

#define MIN_W 60
#define MIN_H 16

void ui_message(ui_state *u, int kind, const char *fmt, ...)
{
	message *m;
	if (u->nmsgs < MSG_MAX) {
		m = &u->msgs[(u->msg_first + u->nmsgs++) % MSG_MAX];
	} else {
		m = &u->msgs[u->msg_first];
		u->msg_first = (u->msg_first + 1) % MSG_MAX;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->text, sizeof m->text, fmt, ap);
	va_end(ap);
	m->kind = kind;
	u->msg_total++;
	if (u->msg_scroll > 0 && u->msg_scroll < u->nmsgs - 1)
		u->msg_scroll++; /* scrolled back: the same lines stay in view */
}

/* A line longer than a message holds goes on in the next (split at a
 * character, not lost). */
void ui_message_lines(ui_state *u, int kind, const char *text)
{
	const size_t max = sizeof u->msgs[0].text - 1;
	while (*text) {
		size_t n = strcspn(text, "\n");
		while (n > max) {
			size_t k = max;
			while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
				k--; /* not inside a UTF-8 character */
			ui_message(u, kind, "%.*s", (int)k, text);
			text += k;
			n -= k;
		}
		ui_message(u, kind, "%.*s", (int)n, text);
		text += n;
		if (*text == '\n')
			text++;
	}
}

const message *ui_message_at(const ui_state *u, int i)
{
	return i >= 0 && i < u->nmsgs ? &u->msgs[(u->msg_first + i) % MSG_MAX] : NULL;
}

/* The index in the ring of line number seq, -1 if it is gone or not yet. */
static int message_index(const ui_state *u, long long seq)
{
	long long i = seq - (u->msg_total - u->nmsgs) - 1;
	return seq > 0 && i >= 0 && i < u->nmsgs ? (int)i : -1;
}

void ui_message_batch(ui_state *u)
{
	u->batch_start = u->msg_total + 1;
	u->msg_scroll = 0;
}

static int holds(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (; *text; text++)
		if (!strncasecmp(text, word, n))
			return 1;
	return 0;
}

int ui_search(ui_state *u, const char *text)
{
	int again = !*text || !strcmp(text, u->search);
	if (*text)
		snprintf(u->search, sizeof u->search, "%s", text);
	if (!u->search[0] || !u->nmsgs)
		return 0;
	int from = again ? message_index(u, u->search_hit) : -1;
	from = from < 0 ? u->nmsgs - 1 : from - 1;
	for (int k = 0; k < u->nmsgs; k++) {
		int i = ((from - k) % u->nmsgs + u->nmsgs) % u->nmsgs;
		if (holds(ui_message_at(u, i)->text, u->search)) {
			u->search_hit = u->msg_total - u->nmsgs + 1 + i;
			u->msg_scroll = u->nmsgs - 1 - i;
			return 1;
		}
	}
	u->search_hit = 0;
	return 0;
}

/* A value in max columns: one that does not fit is cut visibly, its last
 * column a "…" (or "~" without UTF-8), never silently. */
static void value_text(grid *g, int x, int y, int max, int attr, const char *v, int utf8)
{
	if (max <= 0)
		return;
	if (grid_chars(v) <= max) {
		grid_text(g, x, y, max, attr, v);
		return;
	}
	grid_text(g, x, y, max - 1, attr, v);
	grid_put(g, x + max - 1, y, utf8 ? L'…' : L'~', attr);
}

void panel_params(grid *g, rect r, const ui_state *u)
{
	grid_box(g, r, u->focus == FOCUS_PARAMS ? "parameters (keys)" : "parameters", C_TITLE, u->utf8);
	int rows = r.h - 2, n = dr_param_count();
	int first = u->selected >= rows ? u->selected - rows + 1 : 0;
	for (int i = 0; i < rows && first + i < n; i++) {
		const dr_param_info *pi = dr_param_at(first + i);
		char v[DR_VALUE_MAX]; /* the whole value, then cut to the column */
		dr_param_get(&u->s->params, pi->name, v, sizeof v);
		int sel = first + i == u->selected;
		int attr = sel ? (u->focus == FOCUS_PARAMS ? C_SELECT | A_REV : C_SELECT | A_BOLDER) : 0;
		grid_fill(g, (rect){r.x + 1, r.y + 1 + i, r.w - 2, 1}, L' ', attr);
		grid_printf(g, r.x + 1, r.y + 1 + i, r.w - 2, attr, "%c%-11s", sel ? '>' : ' ', pi->name);
		value_text(g, r.x + 13, r.y + 1 + i, r.w - 14, attr, v, u->utf8);
		grid_mark(g, (rect){r.x, r.y + 1 + i, r.w, 1}, (grid_hit){.kind = HIT_PARAM, .value = first + i});
	}
}

/* 12345, 123k, 10M: trial counts that fit the status line. */
static void count_text(char *buf, size_t len, long long n)
{
	if (n < 100000)
		snprintf(buf, len, "%lld", n);
	else if (n < 10000000)
		snprintf(buf, len, "%lldk", n / 1000);
	else
		snprintf(buf, len, "%lldM", n / 1000000);
}

/* Pieces in the order they read; a narrow line drops the seed first (the
 * parameters show it), then the bar, the rate, the interval (the messages
 * have it), never the estimate or the count cut in the middle. */
void panel_status(grid *g, rect r, const ui_state *u)
{
	const dr_bounds *b = &u->s->bounds;
	const runner *run = &u->run;
	const int a = C_TITLE | A_REV;
	char bounds[96], bounds_short[96], sim[128], sim_short[64], region[96], count[64], rate[64], rate_short[32],
		bar[64], seed[48];
	grid_piece p[8];
	int n = 0;
	if (b->applies) {
		char lo[32], hi[32];
		dr_format_logprob(b->log_lower, lo, sizeof lo);
		dr_format_logprob(b->log_upper, hi, sizeof hi);
		snprintf(bounds, sizeof bounds, " L %s  U %s ", lo, hi);
		snprintf(bounds_short, sizeof bounds_short, " L %s U %s ", lo, hi);
		p[n++] = (grid_piece){bounds, bounds_short, a, 9};
	} else {
		p[n++] = (grid_piece){" bounds n/a ", " n/a ", a, 9};
	}
	if (run->have_snap && run->snap.trials > 0) {
		const dr_result *s = &run->snap;
		snprintf(sim, sizeof sim, "| sim %.4f [%.4f, %.4f] ", s->alive, s->alive_lo, s->alive_hi);
		snprintf(sim_short, sizeof sim_short, "| sim %.4f ", s->alive);
		p[n++] = (grid_piece){sim, sim_short, a, 5};
		if (s->certify != DR_CERT_OFF) { /* the whole input set, named */
			char set[32]; /* (an input set's name) */
			dr_param_get(&u->s->params, "input", set, sizeof set);
			snprintf(region, sizeof region, "| %s [%.3f, %.3f] ", set, s->region_lo, s->region_hi);
			p[n++] = (grid_piece){region, NULL, a, 6};
		}
	} else if (run->not_started && u->s->params.depth > DR_MAX_DEPTH) {
		p[n++] = (grid_piece){"| bounds only: too deep to simulate ", "| too deep to simulate ", a, 8};
	} else if (run->error[0] || run->not_started) {
		p[n++] = (grid_piece){"| sim: error (see messages) ", "| sim: error ", a, 8};
	} else {
		p[n++] = (grid_piece){"| sim ... ", NULL, a, 8};
	}
	long long done = runner_progress(run);
	long long target = run->main_trials > 0 ? run->main_trials : u->s->params.trials;
	if (!run->not_started) { /* (no trials to count when none ran) */
		char ndone[24], ntarget[24];
		count_text(ndone, sizeof ndone, done);
		count_text(ntarget, sizeof ntarget, target);
		snprintf(count, sizeof count, run->stopped ? "| cancelled %s/%s " : "| %s/%s ", ndone, ntarget);
		p[n++] = (grid_piece){count, NULL, a, 8};
	}
	double per_s, left;
	if (runner_rate(run, &per_s, &left)) { /* how fast, how long: before the bar */
		char nrate[24], rest[24];
		count_text(nrate, sizeof nrate, (long long)per_s);
		runner_duration(rest, sizeof rest, left);
		snprintf(rate, sizeof rate, "%s/s %s left ", nrate, rest);
		snprintf(rate_short, sizeof rate_short, "%s left ", rest);
		p[n++] = (grid_piece){rate, rate_short, a, 4};
	}
	if (runner_busy(run) && run->job < 0) {
		enum { BAR = 8 };
		int filled = target > 0 ? (int)(BAR * (double)done / (double)target) : 0;
		size_t k = 0;
		for (int i = 0; i < BAR; i++)
			k += (size_t)snprintf(bar + k, sizeof bar - k, "%s",
					      i < filled ? (u->utf8 ? "█" : "#") : (u->utf8 ? "░" : "."));
		snprintf(bar + k, sizeof bar - k, " ");
		p[n++] = (grid_piece){bar, NULL, a, 2};
	}
	snprintf(seed, sizeof seed, "| seed %llu", (unsigned long long)u->s->params.seed);
	p[n++] = (grid_piece){seed, NULL, a, 1};
	grid_fill(g, r, L' ', a);
	grid_pieces(g, r.x, r.y, r.w, p, n);
}

/* Messages up to index last (inclusive) bottom-up into r, each wrapped
 * at words; the search's hit reversed, other lines holding it bold. */
static void draw_messages(grid *g, rect r, const ui_state *u, int last)
{
	int y = r.y + r.h; /* next row to fill, going up */
	int hit = message_index(u, u->search_hit);
	for (int i = last; i >= 0 && y > r.y; i--) {
		const message *m = ui_message_at(u, i);
		int attr = m->kind == MSG_ERROR ? C_ERROR | A_BOLDER : m->kind == MSG_NOTE ? C_NOTE : 0;
		if (i == hit)
			attr = C_SELECT | A_REV;
		else if (u->search[0] && hit >= 0 && holds(m->text, u->search))
			attr |= A_BOLDER;
		int rows = grid_wrap(NULL, (rect){0, 0, r.w, 0}, attr, m->text);
		/* Draw the whole message into a scratch grid, then copy the rows that fit. */
		grid tmp;
		if (grid_init(&tmp, r.w, rows) != 0)
			return;
		grid_wrap(&tmp, (rect){0, 0, r.w, rows}, attr, m->text);
		for (int row = rows - 1; row >= 0 && y > r.y; row--) {
			y--;
			for (int x = 0; x < r.w; x++)
				grid_put(g, r.x + x, y, tmp.c[row * r.w + x].ch, tmp.c[row * r.w + x].attr);
		}
		grid_free(&tmp);
	}
}

/* Rows the messages from index first to the newest take at width w. */
static int message_rows(const ui_state *u, int first, int w)
{
	int rows = 0;
	for (int i = first; i < u->nmsgs; i++)
		rows += grid_wrap(NULL, (rect){0, 0, w, 0}, 0, ui_message_at(u, i)->text);
	return rows;
}

/* The newest messages at the bottom; long ones wrap at words instead of
 * being cut. A row of its own says when the lines are scrolled back, or
 * when the last command printed more than the rows show. */
void panel_messages(grid *g, rect r, const ui_state *u)
{
	const int mark = C_DIM | A_REV;
	int batch = message_index(u, u->batch_start);
	if (u->msg_scroll > 0 && r.h > 1) { /* a row of its own: never over a message */
		grid_fill(g, (rect){r.x, r.y, r.w, 1}, L' ', mark);
		grid_printf(g, r.x, r.y, r.w, mark, " scrolled -%d (PgDn: newer messages) ", u->msg_scroll);
		r.y++;
		r.h--;
	} else if (batch >= 0 && r.h > 1 && message_rows(u, batch, r.w) > r.h) {
		/* Count the lines of the batch that the rows below the mark miss. */
		int shown = 0, rows = 0;
		for (int i = u->nmsgs - 1; i >= batch; i--) {
			rows += grid_wrap(NULL, (rect){0, 0, r.w, 0}, 0, ui_message_at(u, i)->text);
			if (rows > r.h - 1)
				break;
			shown++;
		}
		char a[96], b[64];
		int more = u->nmsgs - batch - shown;
		snprintf(a, sizeof a, " %d more line%s above: view messages (%d) or PgUp ", more, more == 1 ? "" : "s",
			 VIEW_MESSAGES + 1);
		snprintf(b, sizeof b, " %d more above: PgUp ", more);
		grid_fill(g, (rect){r.x, r.y, r.w, 1}, L' ', mark);
		grid_text_fit(g, r.x, r.y, r.w, mark, (const char *const[]){a, b, NULL});
		r.y++;
		r.h--;
	}
	draw_messages(g, r, u, u->nmsgs - 1 - u->msg_scroll);
	grid_mark(g, r, (grid_hit){.kind = HIT_MESSAGES});
}

void panel_message_log(grid *g, rect r, const ui_state *u)
{
	char title[160];
	long long gone = u->msg_total - u->nmsgs;
	if (u->msg_scroll > 0)
		snprintf(title, sizeof title, "messages: line %d of %d (PgUp/PgDn, End: newest, /TEXT finds)",
			 u->nmsgs - u->msg_scroll, u->nmsgs);
	else
		snprintf(title, sizeof title, "messages: %d line%s (PgUp/PgDn scroll, /TEXT finds)", u->nmsgs,
			 u->nmsgs == 1 ? "" : "s");
	/* A rule with the title, no sides: the lines keep the width they
	 * have in the small area, so they wrap the same. */
	for (int x = r.x; x < r.x + r.w; x++)
		grid_put(g, x, r.y, u->utf8 ? L'─' : L'-', C_TITLE);
	grid_printf(g, r.x + 2, r.y, r.w - 4, C_TITLE | A_BOLDER, " %s ", title);
	rect in = {r.x, r.y + 1, r.w, r.h - 1};
	if (in.w < 1 || in.h < 1)
		return;
	if (gone > 0) { /* the oldest went: say so where they were */
		grid_printf(g, in.x, in.y, in.w, C_DIM, "(%lld older lines dropped: %d are kept)", gone, MSG_MAX);
		in.y++;
		in.h--;
	}
	if (u->search[0] && !u->search_hit) {
		grid_printf(g, in.x, in.y + in.h - 1, in.w, C_ERROR | A_BOLDER, "/%s: not found", u->search);
		in.h--;
	}
	draw_messages(g, in, u, u->nmsgs - 1 - u->msg_scroll);
	grid_mark(g, in, (grid_hit){.kind = HIT_MESSAGES});
}

/* The F2, F3 and F4 rows (NULL here) name the views of cmd/views.c. */
static const char *const help_keys[] = {
	"F1 / ?      help (? with an empty prompt)",
	NULL,
	NULL,
	NULL,
	"/TEXT       find TEXT in messages; / again",
	"F5          new sample network (layers)",
	"F6          new seed, rerun",
	"#           thick lines (display lines)",
	"Esc         prompt <-> parameter keys:",
	"  arrows    select, change; Enter edits",
	"PgUp/PgDn   scroll messages, or the help",
	"Tab         complete names, values, files",
	"Enter/Space continue a paused script",
	"Ctrl-C      stop (twice if stuck: quit)",
	"Ctrl-L redraw   Ctrl-D quit (empty line)",
	"click       a parameter, F-key or view tab",
	"  on plot   the values there; wheel steps",
};

/* LEAD, then the names of kind with an index below end, joined by sep. */
static const char *names_row(char *buf, size_t len, const char *lead, view_kind kind, int end, const char *sep)
{
	size_t n = (size_t)snprintf(buf, len, "%s", lead);
	for (int i = 0; i < end && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? sep : "", view_name_of(kind, i));
	return buf;
}

/* Keys on the left, commands on the right when there is room; one column
 * (keys first) otherwise. Drawn whole from row 0 of g (as tall as
 * ui_help_rows) at x 1; returns the rows used. */
static int help_content(grid *g, int w, const ui_state *u)
{
	char f2[96], f3[64], f4[64], lead[24];
	snprintf(lead, sizeof lead, "F2, 1-%d     ", VIEW_HELP); /* the digits: with an empty prompt */
	snprintf(f4, sizeof f4, "F4          y-axis: %s / %s", view_name_of(VIEWS_SCALE, SCALE_LINEAR),
		 view_name_of(VIEWS_SCALE, SCALE_LOG)); /* a toggle, off first */
	const char *named[] = {
		NULL,
		names_row(f2, sizeof f2, lead, VIEWS_PANEL, VIEW_HELP, ", "), /* F2 skips help */
		names_row(f3, sizeof f3, "F3          x-axis: ", VIEWS_AXIS, NAXES, ", "),
		f4,
	};
	const int cmd_w = 33; /* the longest usage line */
	int two = w >= 78;
	int col_w = two ? w - 4 - cmd_w : w - 4;
	int y = 0, used;
	grid_text(g, 2, y++, col_w, A_BOLDER, "keys");
	for (size_t i = 0; i < sizeof help_keys / sizeof help_keys[0]; i++)
		grid_text(g, 2, y++, col_w - 1, 0, help_keys[i] ? help_keys[i] : named[i]);
	used = y;
	int x = 2;
	if (two) {
		x += col_w;
		y = 0;
		col_w = cmd_w;
	}
	grid_text(g, x, y++, col_w, A_BOLDER, "commands (help NAME tells more)");
	for (int i = 0; i < cmd_count(); i++)
		grid_text(g, x, y++, col_w, 0, cmd_at(i)->usage);
	for (int i = 0; i < u->s->nuser; i++)
		grid_printf(g, x, y++, col_w, 0, "%s (Lua)", u->s->user[i].name);
	return y > used ? y : used;
}

int ui_help_rows(const ui_state *u, int w)
{
	return help_content(NULL, w, u);
}

/* The help's rows from help_scroll on; the bottom border says when more
 * is below (Down or PgDn scrolls). */
void panel_help(grid *g, rect r, const ui_state *u)
{
	grid_box(g, r, "help: keys and commands (F1 or Enter closes)", C_TITLE, u->utf8);
	int total = ui_help_rows(u, r.w), h = r.h - 2;
	if (h < 1)
		return;
	int top = u->help_scroll > total - h ? total - h : u->help_scroll;
	top = top < 0 ? 0 : top;
	grid tmp;
	if (grid_init(&tmp, r.w, total) != 0)
		return;
	help_content(&tmp, r.w, u);
	for (int y = 0; y < h && top + y < total; y++)
		for (int x = 1; x < r.w - 1; x++)
			grid_put(g, r.x + x, r.y + 1 + y, tmp.c[(top + y) * r.w + x].ch, tmp.c[(top + y) * r.w + x].attr);
	grid_free(&tmp);
	grid_mark(g, r, (grid_hit){.kind = HIT_HELP});
	char more[64];
	if (top + h < total) {
		snprintf(more, sizeof more, " %s %d more: Down/PgDn ", u->utf8 ? "↓" : "v", total - top - h);
		grid_text(g, r.x + r.w - 2 - grid_chars(more), r.y + r.h - 1, r.w - 2, C_TITLE | A_BOLDER, more);
	}
	if (top > 0) {
		snprintf(more, sizeof more, " %s %d above: Up/PgUp ", u->utf8 ? "↑" : "^", top);
		grid_text(g, r.x + 2, r.y + r.h - 1, r.w / 2 - 2, C_TITLE | A_BOLDER, more);
	}
}

/* A script's caption across the top of r, wrapped at words over up to
 * four rows (and never more than a third of r), with the pause's key on
 * its last row when there is room or on a row of its own. Returns the
 * rows taken. */
static int panel_caption(grid *g, rect r, const ui_state *u)
{
	static const char *const plain[] = {" Enter/Space: continue ", " Enter: on ", NULL};
	static const char *const lesson_utf8[] = {" Enter/→ next  ← back  . again  Home: start ",
						  " → next ← back . again Home: start ", " →next ←back .again ", NULL};
	static const char *const lesson_ascii[] = {" Enter next  Left back  . again  Home: start ",
						   " Right next Left back . again ", NULL};
	const char *const *hints = !u->steps ? plain : u->utf8 ? lesson_utf8 : lesson_ascii;
	const char *cont = hints[0];
	for (int i = 0; hints[i] && grid_chars(cont) > r.w; i++)
		cont = hints[i];
	const int cw = u->paused ? grid_chars(cont) : 0, tw = r.w - 2, attr = C_MARK | A_REV | A_BOLDER;
	int max = r.h / 3 < 4 ? r.h / 3 : 4;
	max = max < 1 ? 1 : max;
	int rows = u->caption[0] ? grid_wrap(NULL, (rect){0, 0, tw, 0}, attr, u->caption) : 0;
	rows = rows > max ? max : rows;
	grid tmp;
	if (tw <= 0 || grid_init(&tmp, tw, rows + 1) != 0)
		return 0;
	grid_wrap(&tmp, (rect){0, 0, tw, rows}, attr, u->caption);
	int hint_row = rows ? rows - 1 : 0;
	for (int x = tw - cw - 1; u->paused && rows && x < tw; x++)
		if (x < 0 || tmp.c[hint_row * tw + x].ch != L' ') {
			hint_row = rows; /* no room beside the text */
			break;
		}
	int taken = hint_row + 1 > rows ? hint_row + 1 : rows;
	grid_fill(g, (rect){r.x, r.y, r.w, taken}, L' ', C_MARK | A_REV);
	for (int y = 0; y < rows; y++)
		for (int x = 0; x < tw; x++)
			if (tmp.c[y * tw + x].ch != L' ')
				grid_put(g, r.x + 1 + x, r.y + y, tmp.c[y * tw + x].ch, attr);
	if (u->paused)
		grid_text(g, r.x + r.w - cw, r.y + hint_row, cw, C_SELECT | A_BOLDER, cont);
	grid_free(&tmp);
	return taken;
}

/* The title bar is the key-hint bar: each key with what it does now,
 * shortened piece by piece on a narrow screen (the keys stay). When wide,
 * the views are named as tabs, the shown one reversed back; a click on a
 * key's piece does what the key does, on a tab opens its view. */
void panel_title(grid *g, rect r, const ui_state *u)
{
	const int a = C_TITLE | A_REV | A_BOLDER;
	const char *view = view_name_of(VIEWS_PANEL, u->view), *axis = ui_axis_name(u),
		   *scale = view_name_of(VIEWS_SCALE, u->logy ? SCALE_LOG : SCALE_LINEAR);
	char f2[48], f2s[48], f3[48], f3s[48], f4[48], f4s[48], views[32], tabs[96];
	snprintf(f2, sizeof f2, "F2 view:%s  ", view);
	snprintf(f2s, sizeof f2s, "F2 %s ", view);
	snprintf(f3, sizeof f3, "F3 x:%s  ", axis);
	snprintf(f3s, sizeof f3s, "F3 %s ", axis);
	snprintf(f4, sizeof f4, "F4 y:%s  ", scale);
	snprintf(f4s, sizeof f4s, "F4 %.3s ", scale);
	snprintf(views, sizeof views, "1-%d views  ", VIEW_HELP);
	int tab_at[VIEW_HELP + 1], len = 0; /* each tab's column in tabs, and the end */
	for (int v = 0; v < VIEW_HELP; v++) {
		tab_at[v] = len;
		len += snprintf(tabs + len, sizeof tabs - (size_t)len, " %d %s ", v + 1, view_name_of(VIEWS_PANEL, v));
	}
	tab_at[VIEW_HELP] = len;
	snprintf(tabs + len, sizeof tabs - (size_t)len, " ");
	const grid_piece p[] = {
		{" deadrelu ", NULL, a, 1},
		{" F1 help  ", " F1 help ", a, 6},
		{f2, f2s, a, 5},
		{f3, f3s, a, 4},
		{f4, f4s, a, 3},
		{u->focus == FOCUS_PARAMS ? "Esc prompt  " : "Esc params  ", u->focus == FOCUS_PARAMS ? "Esc prompt" : "Esc keys",
		 a, 2},
		{tabs, views, a, 0},
	};
	enum { NP = sizeof p / sizeof p[0] };
	static const int fkey[NP] = {0, 1, 2, 3, 4, 0, 2};
	rect at[NP];
	grid_fill(g, r, L' ', C_TITLE | A_REV);
	grid_pieces_at(g, r.x, r.y, r.w, p, NP, at);
	for (int i = 0; i < NP - 1; i++)
		if (fkey[i])
			grid_mark(g, at[i], (grid_hit){.kind = HIT_FKEY, .value = fkey[i]});
	rect t = at[NP - 1];
	if (t.w != grid_chars(tabs)) { /* "1-4 views": a click goes on as F2 does */
		grid_mark(g, t, (grid_hit){.kind = HIT_FKEY, .value = 2});
		return;
	}
	for (int v = 0; v < VIEW_HELP; v++) {
		rect tab = {t.x + tab_at[v], t.y, tab_at[v + 1] - tab_at[v], 1};
		if (v == u->view)
			for (int x = tab.x; x < tab.x + tab.w; x++)
				g->c[tab.y * g->w + x].attr = C_TITLE | A_BOLDER;
		grid_mark(g, tab, (grid_hit){.kind = HIT_VIEW, .value = v});
	}
}

/* The small message area: three rows, more on a tall screen. */
static int message_rows_for(int h)
{
	return 3 + (h > 30 ? (h - 30) / 3 : 0);
}

int ui_help_visible(int h)
{
	return h - 4; /* title, the box's borders, status */
}

void ui_layout(grid *g, const ui_state *u)
{
	grid_clear(g);
	if (g->w < MIN_W || g->h < MIN_H) {
		char msg[128];
		snprintf(msg, sizeof msg, "terminal too small: %dx%d (need %dx%d)", g->w, g->h + 1, MIN_W, MIN_H + 1);
		grid_text(g, 0, g->h / 2, g->w, A_BOLDER, msg);
		return;
	}
	int msg_h = message_rows_for(g->h);
	int status_y = g->h - msg_h - 1;
	int body_h = status_y - 1;
	int param_w = g->w >= 80 ? 30 : 24; /* name and a value like he-normal */

	panel_title(g, (rect){0, 0, g->w, 1}, u);

	if (u->view == VIEW_HELP) { /* help takes the body and the message rows; the status goes below */
		panel_help(g, (rect){0, 1, g->w, g->h - 2}, u);
		panel_status(g, (rect){0, g->h - 1, g->w, 1}, u);
		return;
	}
	if (u->view == VIEW_MESSAGES) { /* the log takes the message rows too; the status goes below */
		rect log = {0, 1, g->w, g->h - 2};
		if (u->caption[0] || u->paused) { /* the script's words stay in sight */
			int rows = panel_caption(g, log, u);
			log.y += rows;
			log.h -= rows;
		}
		panel_message_log(g, log, u);
		panel_status(g, (rect){0, g->h - 1, g->w, 1}, u);
		return;
	}
	panel_params(g, (rect){0, 1, param_w, body_h}, u);
	rect main = {param_w, 1, g->w - param_w, body_h};
	if (u->caption[0] || u->paused) {
		int rows = panel_caption(g, main, u);
		main.y += rows;
		main.h -= rows;
	}
	switch (u->view) {
	case VIEW_PLOT:
		if (main.w >= 110) { /* room for the layers beside the plot */
			int pw = main.w * 3 / 5;
			panel_plot(g, (rect){main.x, main.y, pw, main.h}, u);
			panel_layers(g, (rect){main.x + pw, main.y, main.w - pw, main.h}, u);
		} else {
			panel_plot(g, main, u);
		}
		break;
	case VIEW_LAYERS:
		panel_layers(g, main, u);
		break;
	case VIEW_MAP:
		panel_map(g, main, u);
		break;
	default:
		panel_help(g, main, u);
		break;
	}
	panel_status(g, (rect){0, status_y, g->w, 1}, u);
	panel_messages(g, (rect){0, status_y + 1, g->w, msg_h}, u);
}
