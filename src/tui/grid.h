/* grid.h - an in-memory grid of cells that panels draw into. It knows nothing
 * of curses, so panels can be rendered and compared in unit tests. */
#ifndef GRID_H
#define GRID_H

#include <wchar.h>

/* Colours are logical; the screen maps them to curses pairs. */
enum { C_NONE, C_TITLE, C_SELECT, C_LOWER, C_UPPER, C_SIM, C_BAND, C_DEAD, C_ALIVE, C_ERROR,
       C_NOTE, C_DIM, C_MARK, C_REGION, C_MID, C_NCOLORS }; /* C_MID: the map's 10-50% band */
enum { A_BOLDER = 1 << 8, A_REV = 1 << 9 };

typedef struct {
	wchar_t ch;
	int attr; /* colour | A_BOLDER | A_REV */
} cell;

typedef struct {
	int x, y, w, h;
} rect;

/* What a mouse can do where a panel drew it: the panels mark these as
 * they draw, so a click finds what is on the screen, never a copy of the
 * layout. */
enum { HIT_NONE, HIT_PARAM, HIT_FKEY, HIT_VIEW, HIT_PLOT, HIT_MESSAGES, HIT_HELP };
typedef struct {
	rect r;
	int kind;
	int value;     /* HIT_PARAM: the parameter's index; HIT_FKEY: the number
			* of the function key it stands for; HIT_VIEW: the view */
	double x0, x1; /* HIT_PLOT: the x axis at the first and last column */
	int logx;      /* HIT_PLOT: a log axis */
} grid_hit;

typedef struct {
	int n;
	grid_hit h[96]; /* a parameter row each, the title's keys, a few areas */
} grid_hits;

typedef struct {
	int w, h;
	cell *c;
	grid_hits hits;
} grid;

int grid_init(grid *g, int w, int h);
void grid_free(grid *g);
void grid_clear(grid *g);
void grid_put(grid *g, int x, int y, wchar_t ch, int attr);
/* Writes UTF-8 text clipped to max columns; returns the columns used. */
int grid_text(grid *g, int x, int y, int max, int attr, const char *utf8);
/* Characters of UTF-8 text as grid_text counts them (a byte that is not
 * UTF-8 is one). */
int grid_chars(const char *utf8);
/* UTF-8 text word-wrapped to the width of r (a word longer than the
 * width broken where it must), the rows past r.h not drawn; returns the
 * rows the whole text takes (at least 1). g NULL only counts them. */
int grid_wrap(grid *g, rect r, int attr, const char *utf8);
int grid_printf(grid *g, int x, int y, int max, int attr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void grid_fill(grid *g, rect r, wchar_t ch, int attr);
/* A row of pieces left to right: each piece's full text when they all fit
 * in w columns, else brief texts (NULL: the piece is dropped), the lowest
 * prio first, so a narrow row keeps what matters whole instead of cutting
 * its end. Returns the columns used. */
typedef struct {
	const char *full, *brief;
	int attr, prio;
} grid_piece;
int grid_pieces(grid *g, int x, int y, int w, const grid_piece *p, int n);
/* The same, and each piece's column and width as drawn in at[i] (width 0:
 * dropped), so the caller can mark them. */
int grid_pieces_at(grid *g, int x, int y, int w, const grid_piece *p, int n, rect *at);
/* The first of texts (NULL-terminated) that fits in max columns, else the
 * last cut; returns the columns used. */
int grid_text_fit(grid *g, int x, int y, int max, int attr, const char *const *texts);
/* Marks r as the place of h (its r is set); past the room, dropped. */
void grid_mark(grid *g, rect r, grid_hit h);
/* The hit marked last that holds (x, y), or NULL: what is drawn later is
 * on top. */
const grid_hit *grid_hit_at(const grid_hits *hits, int x, int y);
/* A box border with a title. */
void grid_box(grid *g, rect r, const char *title, int attr, int utf8);
/* The grid as text, one line per row (trailing spaces trimmed); caller frees. */
char *grid_to_text(const grid *g);

#endif
