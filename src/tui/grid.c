/* grid.c - the cell grid panels draw into. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/grid.h"

int grid_init(grid *g, int w, int h)
{
	g->w = w > 0 ? w : 0;
	g->h = h > 0 ? h : 0;
	g->c = calloc((size_t)g->w * g->h + 1, sizeof *g->c);
	if (!g->c)
		return -1;
	grid_clear(g);
	return 0;
}

void grid_free(grid *g)
{
	free(g->c);
	g->c = NULL;
	g->w = g->h = 0;
}

void grid_clear(grid *g)
{
	g->hits.n = 0;
	for (int i = 0; i < g->w * g->h; i++)
		g->c[i] = (cell){L' ', 0};
}

void grid_put(grid *g, int x, int y, wchar_t ch, int attr)
{
	if (!g || x < 0 || y < 0 || x >= g->w || y >= g->h) /* (NULL: only counting) */
		return;
	g->c[y * g->w + x] = (cell){ch, attr};
}

/* The next character of s (*len bytes left) into *wc, a byte that is not
 * UTF-8 as a '?'; 0 at the end. Every reader of text here steps with it,
 * so they all count characters alike. */
static int next_char(const char **s, size_t *len, mbstate_t *st, wchar_t *wc)
{
	if (!*len)
		return 0;
	size_t n = mbrtowc(wc, *s, *len, st);
	if (n == (size_t)-1 || n == (size_t)-2) {
		*wc = L'?';
		n = 1;
		memset(st, 0, sizeof *st);
	}
	if (n == 0)
		return 0;
	*s += n;
	*len -= n;
	return 1;
}

int grid_text(grid *g, int x, int y, int max, int attr, const char *s)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int col = 0;
	size_t len = strlen(s);
	wchar_t wc;
	while (col < max && next_char(&s, &len, &st, &wc))
		grid_put(g, x + col++, y, wc, attr);
	return col;
}

int grid_chars(const char *s)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int n = 0;
	size_t len = strlen(s);
	wchar_t wc;
	while (next_char(&s, &len, &st, &wc))
		n++;
	return n;
}

/* s as wide characters; *n set. */
static wchar_t *decode(const char *s, size_t *n)
{
	size_t len = strlen(s), k = 0;
	wchar_t *w = malloc((len + 1) * sizeof *w);
	if (!w)
		return NULL;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	while (next_char(&s, &len, &st, &w[k]))
		k++;
	*n = k;
	return w;
}

int grid_wrap(grid *g, rect r, int attr, const char *s)
{
	size_t n;
	wchar_t *w = decode(s, &n);
	if (!w || r.w <= 0) {
		free(w);
		return 1;
	}
	const size_t width = (size_t)r.w;
	size_t i = 0;
	int rows = 0;
	do {
		size_t end = n - i <= width ? n : i + width, next = end;
		if (end < n) {
			/* the last space that lets the line end at or before the width */
			size_t j = end;
			while (j > i && w[j] != L' ')
				j--;
			if (j > i)
				end = next = j;
		}
		if (g && rows < r.h)
			for (size_t k = i; k < end; k++)
				grid_put(g, r.x + (int)(k - i), r.y + rows, w[k], attr);
		rows++;
		i = next;
		while (i < n && w[i] == L' ') /* a wrapped line starts at its word */
			i++;
	} while (i < n);
	free(w);
	return rows;
}

int grid_printf(grid *g, int x, int y, int max, int attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return grid_text(g, x, y, max, attr, buf);
}

void grid_fill(grid *g, rect r, wchar_t ch, int attr)
{
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			grid_put(g, x, y, ch, attr);
}

void grid_box(grid *g, rect r, const char *title, int attr, int utf8)
{
	if (r.w < 2 || r.h < 2)
		return;
	wchar_t hz = utf8 ? L'─' : L'-', vt = utf8 ? L'│' : L'|';
	wchar_t tl = utf8 ? L'┌' : L'+', tr = utf8 ? L'┐' : L'+', bl = utf8 ? L'└' : L'+',
		br = utf8 ? L'┘' : L'+';
	for (int x = r.x + 1; x < r.x + r.w - 1; x++) {
		grid_put(g, x, r.y, hz, attr);
		grid_put(g, x, r.y + r.h - 1, hz, attr);
	}
	for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
		grid_put(g, r.x, y, vt, attr);
		grid_put(g, r.x + r.w - 1, y, vt, attr);
	}
	grid_put(g, r.x, r.y, tl, attr);
	grid_put(g, r.x + r.w - 1, r.y, tr, attr);
	grid_put(g, r.x, r.y + r.h - 1, bl, attr);
	grid_put(g, r.x + r.w - 1, r.y + r.h - 1, br, attr);
	if (title && *title)
		grid_printf(g, r.x + 2, r.y, r.w - 4, attr | A_BOLDER, " %s ", title);
}

char *grid_to_text(const grid *g)
{
	size_t cap = (size_t)g->w * g->h * MB_LEN_MAX + g->h + 1, len = 0;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	for (int y = 0; y < g->h; y++) {
		size_t start = len, keep = len;
		for (int x = 0; x < g->w; x++) {
			char mb[MB_LEN_MAX];
			mbstate_t st;
			memset(&st, 0, sizeof st);
			size_t n = wcrtomb(mb, g->c[y * g->w + x].ch, &st);
			if (n == (size_t)-1) {
				mb[0] = '?';
				n = 1;
			}
			memcpy(out + len, mb, n);
			len += n;
			if (g->c[y * g->w + x].ch != L' ')
				keep = len;
		}
		(void)start;
		len = keep;
		out[len++] = '\n';
	}
	out[len] = 0;
	return out;
}

#define PIECES_MAX 32

int grid_pieces(grid *g, int x, int y, int w, const grid_piece *p, int n)
{
	return grid_pieces_at(g, x, y, w, p, n, NULL);
}

int grid_pieces_at(grid *g, int x, int y, int w, const grid_piece *p, int n, rect *at)
{
	const char *text[PIECES_MAX];
	n = n < PIECES_MAX ? n : PIECES_MAX;
	int total = 0;
	for (int i = 0; i < n; i++) {
		text[i] = p[i].full;
		total += text[i] ? grid_chars(text[i]) : 0;
	}
	while (total > w) { /* shorten (or drop) the least important piece left */
		int k = -1;
		for (int i = 0; i < n; i++)
			if (text[i] && (k < 0 || p[i].prio < p[k].prio))
				k = i;
		if (k < 0)
			break;
		total -= grid_chars(text[k]);
		text[k] = text[k] == p[k].full ? p[k].brief : NULL;
		total += text[k] ? grid_chars(text[k]) : 0;
	}
	int col = 0;
	for (int i = 0; i < n; i++) {
		int used = text[i] ? grid_text(g, x + col, y, w - col, p[i].attr, text[i]) : 0;
		if (at)
			at[i] = (rect){x + col, y, used, 1};
		col += used;
	}
	return col;
}

void grid_mark(grid *g, rect r, grid_hit h)
{
	const int room = (int)(sizeof g->hits.h / sizeof g->hits.h[0]);
	if (!g || g->hits.n >= room || r.w <= 0 || r.h <= 0)
		return;
	h.r = r;
	g->hits.h[g->hits.n++] = h;
}

const grid_hit *grid_hit_at(const grid_hits *hits, int x, int y)
{
	for (int i = hits->n - 1; i >= 0; i--) {
		const rect *r = &hits->h[i].r;
		if (x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h)
			return &hits->h[i];
	}
	return NULL;
}

int grid_text_fit(grid *g, int x, int y, int max, int attr, const char *const *texts)
{
	const char *t = texts[0];
	for (int i = 0; texts[i]; i++) {
		t = texts[i];
		if (grid_chars(t) <= max)
			break;
	}
	return t ? grid_text(g, x, y, max, attr, t) : 0;
}
