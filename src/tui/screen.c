/* screen.c - curses for the explorer: set-up, colours, the panels' grid
 * copied into the main window, resizing, and ending curses once. */
#include <stdlib.h>
#include <curses.h>
#include "tui/explorer.h"
#include "tui/keyin.h"
#include "tui/term.h"

static int curses_on;
static int use_colour; /* colours, unless NO_COLOR or the terminal has none */

void screen_restore(void)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
}

/* ---- colours ---- */

static int colour_attr(int a)
{
	int c = a & 0xff, out = 0;
	if (use_colour && c)
		out |= COLOR_PAIR(c);
	if (!use_colour && (c == C_SELECT || c == C_SIM || c == C_ERROR || c == C_MARK))
		out |= A_BOLD;
	if (!use_colour && c == C_DIM)
		out |= A_DIM;
	if (a & A_BOLDER)
		out |= A_BOLD;
	if (a & A_REV)
		out |= A_REVERSE;
	return out;
}

/* The plot's palette is Okabe and Ito's, safe for the common kinds of
 * colour blindness and bright on a dark screen or a projector: upper bound
 * sky blue, lower bound vermillion, simulated yellow (bold), its interval
 * a pale khaki, the whole set reddish purple; notes orange, apart from the
 * simulated yellow in the map's shades. With 256 colours these are
 * xterm-256 indices; with 8, cyan, red, bold yellow, white and magenta:
 * no blue on black, and red against green decides nothing (the lower
 * bound is red beside yellow and cyan). Each curve has its own line style
 * as well (plot.c), so none depends on its colour. The layers and the map
 * keep to the same: living units sky blue (cyan), dead ones vermillion
 * (red, and their own character); the map's bands from sky blue through
 * yellow and orange (magenta) to vermillion, each its own shade character.
 * Never green against red. */
static void init_colours(void)
{
	const char *nc = getenv("NO_COLOR");
	use_colour = has_colors() && !(nc && *nc);
	if (!use_colour)
		return;
	start_color();
	use_default_colors();
	int rich = COLORS >= 256;
	init_pair(C_TITLE, COLOR_CYAN, -1);
	init_pair(C_SELECT, COLOR_YELLOW, -1);
	init_pair(C_LOWER, rich ? 166 : COLOR_RED, -1);   /* vermillion #d75f00 */
	init_pair(C_UPPER, rich ? 74 : COLOR_CYAN, -1);   /* sky blue #5fafd7 */
	init_pair(C_SIM, rich ? 221 : COLOR_YELLOW, -1);  /* yellow #ffd75f */
	init_pair(C_BAND, rich ? 187 : COLOR_WHITE, -1);  /* pale khaki #d7d7af */
	init_pair(C_DEAD, rich ? 166 : COLOR_RED, -1);   /* vermillion */
	init_pair(C_ALIVE, rich ? 74 : COLOR_CYAN, -1);  /* sky blue */
	init_pair(C_MID, rich ? 214 : COLOR_MAGENTA, -1); /* orange */
	init_pair(C_ERROR, COLOR_RED, -1);
	init_pair(C_NOTE, rich ? 214 : COLOR_YELLOW, -1); /* orange #ffaf00 */
	init_pair(C_DIM, -1, -1);
	init_pair(C_MARK, COLOR_MAGENTA, -1);
	init_pair(C_REGION, rich ? 175 : COLOR_MAGENTA, -1); /* reddish purple #d787af */
}

/* ---- drawing ---- */

void screen_draw(explorer *x)
{
	lx_waiting waiting;
	x->ui.paused = lx_script_active(x->lua, &waiting) && waiting.wait == LX_PAUSE;
	grid g;
	if (grid_init(&g, COLS, LINES - 1) != 0)
		return;
	ui_layout(&g, &x->ui);
	x->hits = g.hits; /* a click acts on this frame */
	mouse_apply(x);
	werase(x->main_win);
	for (int y = 0; y < g.h; y++)
		for (int col = 0; col < g.w; col++) {
			const cell *c = &g.c[y * g.w + col];
			cchar_t cc;
			wchar_t s[2] = {c->ch, 0};
			int a = colour_attr(c->attr);
			setcchar(&cc, s, (attr_t)(a & ~A_COLOR), (short)PAIR_NUMBER(a), NULL);
			mvwadd_wch(x->main_win, y, col, &cc);
		}
	grid_free(&g);
	wnoutrefresh(x->main_win);
	prompt_redisplay();
	doupdate();
}

void screen_relayout(explorer *x)
{
	wresize(x->main_win, LINES - 1 > 1 ? LINES - 1 : 1, COLS);
	wresize(x->prompt_win, 1, COLS);
	mvwin(x->prompt_win, LINES - 1, 0);
	clearok(curscr, TRUE);
	prompt_resize(x->prompt_win);
	term_resized(LINES);
}

int screen_take_ctrl_c(void)
{
	if (term_take_hint())
		clearok(curscr, TRUE);
	if (!term_take_int())
		return 0;
	keyin_flush();
	return 1;
}

/* ---- set-up ---- */

int screen_open(explorer *x)
{
	term_save();
	atexit(screen_restore);
	if (!initscr())
		return -1;
	curses_on = 1;
	term_ready();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(1);
	init_colours();
	x->ui.color = use_colour;
	x->main_win = newwin(LINES - 1 > 1 ? LINES - 1 : 1, COLS, 0, 0);
	x->prompt_win = newwin(1, COLS, LINES - 1, 0);
	keypad(x->prompt_win, TRUE);
	nodelay(x->prompt_win, TRUE);
	keyin_init(x->prompt_win);
	return 0;
}

void screen_close(explorer *x)
{
	delwin(x->prompt_win);
	delwin(x->main_win);
	x->prompt_win = x->main_win = NULL;
	term_stop();
	screen_restore();
}
