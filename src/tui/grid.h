/* grid.h - an in-memory grid of cells that panels draw into. It knows nothing
 * of curses, so panels can be rendered and compared in unit tests. */
#ifndef GRID_H
#define GRID_H

#include <wchar.h>

/* Colours are logical; the screen maps them to curses pairs. */
enum { C_NONE, C_TITLE, C_SELECT, C_LOWER, C_UPPER, C_SIM, C_BAND, C_DEAD, C_ALIVE, C_ERROR,
       C_NOTE, C_DIM, C_MARK, C_REGION, C_NCOLORS };
enum { A_BOLDER = 1 << 8, A_REV = 1 << 9 };

typedef struct {
	wchar_t ch;
	int attr; /* colour | A_BOLDER | A_REV */
} cell;

typedef struct {
	int w, h;
	cell *c;
} grid;

typedef struct {
	int x, y, w, h;
} rect;

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
/* The first of texts (NULL-terminated) that fits in max columns, else the
 * last cut; returns the columns used. */
int grid_text_fit(grid *g, int x, int y, int max, int attr, const char *const *texts);
/* A box border with a title. */
void grid_box(grid *g, rect r, const char *title, int attr, int utf8);
/* The grid as text, one line per row (trailing spaces trimmed); caller frees. */
char *grid_to_text(const grid *g);

#endif
