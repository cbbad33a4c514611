/* panels.c - the small panels (parameters, status, messages, help), the
 * message log and the layout that places every panel. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	u->msg_scroll = 0; /* new output: back to the bottom */
}

void ui_message_lines(ui_state *u, int kind, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
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

void panel_status(grid *g, rect r, const ui_state *u)
{
	const dr_bounds *b = &u->s->bounds;
	const runner *run = &u->run;
	char lo[32], hi[32], line[512];
	int x = r.x;
	grid_fill(g, r, L' ', C_TITLE | A_REV);
	if (b->applies) {
		dr_format_logprob(b->log_lower, lo, sizeof lo);
		dr_format_logprob(b->log_upper, hi, sizeof hi);
		snprintf(line, sizeof line, " L %s  U %s ", lo, hi);
	} else {
		snprintf(line, sizeof line, " bounds n/a ");
	}
	x += grid_text(g, x, r.y, r.x + r.w - x, C_TITLE | A_REV, line);
	if (run->have_snap && run->snap.trials > 0) {
		const dr_result *s = &run->snap;
		snprintf(line, sizeof line, "| sim %.4f [%.4f, %.4f] ", s->alive, s->alive_lo, s->alive_hi);
		if (s->certify != DR_CERT_OFF) { /* the whole input set, named */
			x += grid_text(g, x, r.y, r.x + r.w - x, C_TITLE | A_REV, line);
			char set[32]; /* (an input set's name) */
			dr_param_get(&u->s->params, "input", set, sizeof set);
			snprintf(line, sizeof line, "| %s [%.3f, %.3f] ", set, s->region_lo, s->region_hi);
		}
	} else if (run->not_started && u->s->params.depth > DR_MAX_DEPTH) {
		snprintf(line, sizeof line, "| bounds only: too deep to simulate ");
	} else if (run->error[0] || run->not_started) {
		snprintf(line, sizeof line, "| sim: error (see messages) ");
	} else {
		snprintf(line, sizeof line, "| sim ... ");
	}
	x += grid_text(g, x, r.y, r.x + r.w - x, C_TITLE | A_REV, line);
	long long done = runner_progress(run);
	long long target = run->main_trials > 0 ? run->main_trials : u->s->params.trials;
	if (!run->not_started) { /* (no trials to count when none ran) */
		char ndone[24], ntarget[24];
		count_text(ndone, sizeof ndone, done);
		count_text(ntarget, sizeof ntarget, target);
		snprintf(line, sizeof line, run->stopped ? "| cancelled %s/%s " : "| %s/%s ", ndone, ntarget);
		x += grid_text(g, x, r.y, r.x + r.w - x, C_TITLE | A_REV, line);
	}
	double per_s, left;
	if (runner_rate(run, &per_s, &left)) { /* how fast, how long: before the bar */
		char rate[24], rest[24];
		count_text(rate, sizeof rate, (long long)per_s);
		runner_duration(rest, sizeof rest, left);
		int n = snprintf(line, sizeof line, "%s/s %s left ", rate, rest);
		if (n > r.x + r.w - x) /* narrow: the time alone */
			n = snprintf(line, sizeof line, "%s left ", rest);
		if (n <= r.x + r.w - x)
			x += grid_text(g, x, r.y, r.x + r.w - x, C_TITLE | A_REV, line);
	}
	int bar = 8;
	if (runner_busy(run) && run->job < 0 && r.x + r.w - x > bar + 2) {
		int filled = target > 0 ? (int)(bar * (double)done / (double)target) : 0;
		for (int i = 0; i < bar; i++)
			grid_put(g, x + i, r.y, i < filled ? (u->utf8 ? L'█' : L'#') : (u->utf8 ? L'░' : L'.'),
				 C_TITLE | A_REV);
		x += bar + 1;
	}
	int n = snprintf(line, sizeof line, "| seed %llu", (unsigned long long)u->s->params.seed);
	if (n <= r.x + r.w - x) /* whole or not at all: the parameters show it too */
		grid_text(g, x, r.y, r.x + r.w - x, C_TITLE | A_REV, line);
}

/* The newest messages at the bottom; long ones wrap at words instead of
 * being cut. */
void panel_messages(grid *g, rect r, const ui_state *u)
{
	if (u->msg_scroll > 0 && r.h > 1) { /* a row of its own: never over a message */
		grid_fill(g, (rect){r.x, r.y, r.w, 1}, L' ', C_DIM | A_REV);
		grid_printf(g, r.x, r.y, r.w, C_DIM | A_REV, " scrolled -%d (PgDn: newer messages) ",
			    u->msg_scroll);
		r.y++;
		r.h--;
	}
	int y = r.y + r.h; /* next row to fill, going up */
	for (int i = u->nmsgs - 1 - u->msg_scroll; i >= 0 && y > r.y; i--) {
		const message *m = ui_message_at(u, i);
		int attr = m->kind == MSG_ERROR ? C_ERROR | A_BOLDER : m->kind == MSG_NOTE ? C_NOTE : 0;
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

/* The F2, F3 and F4 rows (NULL here) name the views of cmd/views.c. */
static const char *const help_keys[] = {
	"F1 / ?      help (? with an empty prompt)",
	NULL,
	NULL,
	NULL,
	"F5          new sample network (layers)",
	"F6          new seed, rerun",
	"Esc         prompt <-> parameter keys:",
	"  Up/Down   select",
	"  Left/Right change (or -/+)",
	"  Enter     edit; letters type a command",
	"PgUp/PgDn   scroll the messages",
	"Tab         complete names, values, files",
	"Enter/Space continue a paused script",
	"Ctrl-C      stop (twice if stuck: quit)",
	"Ctrl-L redraw   Ctrl-D quit (empty line)",
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
 * (keys first) otherwise. */
void panel_help(grid *g, rect r, const ui_state *u)
{
	char f2[64], f3[64], f4[64];
	snprintf(f4, sizeof f4, "F4          y-axis: %s / %s", view_name_of(VIEWS_SCALE, SCALE_LINEAR),
		 view_name_of(VIEWS_SCALE, SCALE_LOG)); /* a toggle, off first */
	const char *named[] = {
		NULL,
		names_row(f2, sizeof f2, "F2          view: ", VIEWS_PANEL, VIEW_HELP, ", "), /* F2 skips help */
		names_row(f3, sizeof f3, "F3          x-axis: ", VIEWS_AXIS, NAXES, ", "),
		f4,
	};
	grid_box(g, r, "help: keys and commands (F1 or Enter closes)", C_TITLE, u->utf8);
	const int cmd_w = 33; /* the longest usage line */
	int two = r.w >= 78;
	int col_w = two ? r.w - 4 - cmd_w : r.w - 4;
	int y = r.y + 1, bottom = r.y + r.h - 1;
	grid_text(g, r.x + 2, y++, col_w, A_BOLDER, "keys");
	for (size_t i = 0; i < sizeof help_keys / sizeof help_keys[0] && y < bottom; i++)
		grid_text(g, r.x + 2, y++, col_w - 1, 0, help_keys[i] ? help_keys[i] : named[i]);
	int x = r.x + 2;
	if (two) {
		x += col_w;
		y = r.y + 1;
		col_w = cmd_w;
	}
	if (y < bottom)
		grid_text(g, x, y++, col_w, A_BOLDER, "commands (help NAME tells more)");
	for (int i = 0; i < cmd_count() && y < bottom; i++)
		grid_text(g, x, y++, col_w, 0, cmd_at(i)->usage);
	for (int i = 0; i < u->s->nuser && y < bottom; i++)
		grid_printf(g, x, y++, col_w, 0, "%s (Lua)", u->s->user[i].name);
}

/* A script's caption across the top of r, wrapped at words over up to
 * four rows (and never more than a third of r), with the pause's key on
 * its last row when there is room or on a row of its own. Returns the
 * rows taken. */
static int panel_caption(grid *g, rect r, const ui_state *u)
{
	static const char cont[] = " Enter/Space: continue ";
	const int cw = u->paused ? (int)sizeof cont - 1 : 0, tw = r.w - 2, attr = C_MARK | A_REV | A_BOLDER;
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

void ui_layout(grid *g, const ui_state *u)
{
	grid_clear(g);
	if (g->w < MIN_W || g->h < MIN_H) {
		char msg[128];
		snprintf(msg, sizeof msg, "terminal too small: %dx%d (need %dx%d)", g->w, g->h + 1, MIN_W, MIN_H + 1);
		grid_text(g, 0, g->h / 2, g->w, A_BOLDER, msg);
		return;
	}
	int msg_h = 3 + (g->h > 30 ? (g->h - 30) / 3 : 0);
	int status_y = g->h - msg_h - 1;
	int body_h = status_y - 1;
	int param_w = 30;

	/* Title bar. */
	grid_fill(g, (rect){0, 0, g->w, 1}, L' ', C_TITLE | A_REV);
	grid_printf(g, 0, 0, g->w, C_TITLE | A_REV | A_BOLDER,
		    " deadrelu  F1 help  F2 view:%s  F3 x:%s  F4 y:%s  Esc %s", view_name_of(VIEWS_PANEL, u->view),
		    ui_axis_name(u), view_name_of(VIEWS_SCALE, u->logy ? SCALE_LOG : SCALE_LINEAR),
		    u->focus == FOCUS_PARAMS ? "prompt" : "params");

	if (u->view == VIEW_HELP) { /* help takes the whole body */
		panel_help(g, (rect){0, 1, g->w, body_h}, u);
		panel_status(g, (rect){0, status_y, g->w, 1}, u);
		panel_messages(g, (rect){0, status_y + 1, g->w, msg_h}, u);
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
