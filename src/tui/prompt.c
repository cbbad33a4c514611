/* prompt.c - readline inside curses. See prompt.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <readline/readline.h>
#include <readline/history.h>
#include "deadrelu.h"
#include "cmd/session.h"
#include "tui/prompt.h"
#include "util/fileio.h"
#include "util/paths.h"

#define HISTORY_MAX 1000
#define WORDS_MAX 64 /* words before the cursor that completion looks at */

static WINDOW *pwin;
static prompt_callbacks cbs;
static const session *sess; /* its commands and parameters complete */
static unsigned char queue[64];
static int qhead, qlen;
static char hist_path[4096];

static int getc_hook(FILE *f)
{
	(void)f;
	if (qlen == 0)
		return EOF;
	int c = queue[qhead];
	qhead = (qhead + 1) % (int)sizeof queue;
	qlen--;
	return c;
}

static int avail_hook(void)
{
	return qlen > 0;
}

static void push(int c)
{
	if (qlen == (int)sizeof queue)
		return;
	queue[(qhead + qlen++) % (int)sizeof queue] = (unsigned char)c;
}

/* Display columns of the first n bytes of s. */
static int columns(const char *s, int n)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int col = 0;
	while (n > 0 && *s) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, (size_t)n, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			k = 1;
			wc = L'?';
		}
		int w = wcwidth(wc);
		col += w > 0 ? w : 0;
		s += k;
		n -= (int)k;
	}
	return col;
}

/* Draws the characters of s[0..n) that fall in the columns [skip, skip +
 * width) of the line, the first at column col; returns the column after
 * them, stopping at the window's edge. */
static int draw_text(const char *s, size_t n, int col, int skip, int width)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	while (n > 0 && *s && col - skip < width) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, n, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			k = 1;
			wc = L'?';
		}
		int w = wcwidth(wc);
		if (w < 0)
			w = 0;
		if (col >= skip && col - skip + w < width) {
			wchar_t one[2] = {wc, 0};
			waddnwstr(pwin, one, 1);
		}
		col += w;
		s += k;
		n -= k;
	}
	return col;
}

/* Width of the character at s (up to n bytes), its length in *len. */
static int char_width(const char *s, size_t n, size_t *len)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t k = mbrtowc(&wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		k = 1;
		wc = L'?';
	}
	*len = k;
	int w = wcwidth(wc);
	return w > 0 ? w : 0;
}

/* Where a window of at most cols columns that ends at byte `point` of line
 * starts: walks back over whole characters, so the cost is the window's,
 * not the line's (a pasted line can be megabytes). *used: its columns.
 * Returns -1 when it reaches the start of the line first. */
static int window_start(const char *line, int point, int cols, int *used)
{
	int utf8 = MB_CUR_MAX > 1;
	int p = point, c = 0;
	while (p > 0) {
		int q = p - 1;
		while (utf8 && q > 0 && ((unsigned char)line[q] & 0xC0) == 0x80)
			q--; /* back to the first byte of the character */
		size_t len;
		int w = char_width(line + q, (size_t)(p - q), &len);
		if (c + w > cols)
			break;
		c += w;
		p = q;
	}
	*used = c;
	return p > 0 ? p : -1;
}

/* The prompt and the line, scrolled so the cursor stays visible: once per
 * frame (readline's own redisplay after every key is a no-op), and in time
 * proportional to the window, so a long paste stays cheap. */
static void draw_line(void)
{
	if (!pwin)
		return;
	const char *prompt = rl_display_prompt ? rl_display_prompt : "";
	size_t plen = strlen(prompt);
	int width = getmaxx(pwin), pcols = columns(prompt, (int)plen), used;
	werase(pwin);
	wmove(pwin, 0, 0);
	int from = window_start(rl_line_buffer, rl_point, width - 2, &used);
	if (from < 0 && pcols + used < width - 1) {
		/* all of it fits before the cursor: the prompt, then the line */
		int col = draw_text(prompt, plen, 0, 0, width);
		draw_text(rl_line_buffer, (size_t)rl_end, col, 0, width);
		wmove(pwin, 0, pcols + used);
	} else {
		/* scrolled: the window of the line that ends at the cursor */
		if (from < 0)
			from = 0;
		draw_text(rl_line_buffer + from, (size_t)(rl_end - from), 0, 0, width);
		wmove(pwin, 0, used);
	}
	wnoutrefresh(pwin);
}

static void redisplay(void)
{
	/* drawn by prompt_redisplay, once the keys at hand are in */
}

/* ---- history: read and written here, not by readline, whose functions
 * open whatever is at the path (a FIFO blocks, a link is written through,
 * a directory is skipped in silence) ---- */

#define HISTORY_BYTES_MAX (16u << 20)

static int hist_told;    /* a problem with the file was reported: once is enough */
static int hist_unsaved; /* the last save failed */

/* "history: ~/PATH WHY; CONSEQUENCE" to the message area. */
static void hist_message(const char *why, const char *consequence)
{
	char text[sizeof hist_path + 512];
	snprintf(text, sizeof text, "history: %s %s; %s", paths_tilde(hist_path), why, consequence);
	if (cbs.on_message && !hist_told)
		cbs.on_message(text);
	hist_told = 1;
}

/* readline's format: one entry a line; "#DIGITS" lines are its timestamps. */
static void history_load(void)
{
	char *data, why[256];
	size_t len;
	if (fileio_read_regular(hist_path, FILEIO_NOFOLLOW, HISTORY_BYTES_MAX, &data, &len, why, sizeof why) != 0) {
		if (errno != ENOENT) {
			hist_message(why, "history is not loaded or saved");
			hist_path[0] = 0; /* saving would lose what the file holds */
		}
		return;
	}
	for (char *line = data, *end = data + len; line < end;) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		*nl = 0;
		if (*line && !(line[0] == '#' && line[1] >= '0' && line[1] <= '9'))
			add_history(line);
		line = nl + 1;
	}
	free(data);
}

/* After every line, so that a crash loses none. */
static void history_save(void)
{
	if (!hist_path[0])
		return;
	HIST_ENTRY **list = history_list();
	sbuf b = {0};
	for (int i = 0; list && list[i]; i++) {
		sb_puts(&b, list[i]->line);
		sb_puts(&b, "\n");
	}
	char why[512];
	hist_unsaved = fileio_write_atomic(hist_path, sb_str(&b), b.len, 0600, why, sizeof why) != 0;
	sb_free(&b);
	if (hist_unsaved)
		hist_message(why, "lines typed now are not kept");
}

static void line_handler(char *line)
{
	if (line && *line && strcmp(line, "quit")) { /* Up after a restart should not offer quit */
		add_history(line);
		history_save();
	}
	cbs.on_line(line);
}

/* ---- completion: what the command table says the word is ---- */

static const char **candidates;
static int ncandidates;

static char *generator(const char *text, int state)
{
	static int i;
	static size_t len;
	if (!state) {
		i = 0;
		len = strlen(text);
	}
	while (i < ncandidates) {
		const char *c = candidates[i++];
		if (!strncmp(c, text, len))
			return strdup(c);
	}
	return NULL;
}

/* The words before the cursor's, split at blanks, go to the command table,
 * which says what the word at the cursor may be (cmd_complete). */
static char **complete(const char *text, int start, int end)
{
	(void)end;
	static const char *list[256];
	char words[WORDS_MAX][64], *argv[WORDS_MAX];
	int argc = 0;
	for (const char *p = rl_line_buffer; p < rl_line_buffer + start && argc < WORDS_MAX;) {
		p += strspn(p, " \t");
		if (p >= rl_line_buffer + start)
			break;
		size_t k = strcspn(p, " \t");
		snprintf(words[argc], sizeof words[argc], "%.*s", (int)k, p);
		argv[argc] = words[argc];
		argc++;
		p += k;
	}
	int n = cmd_complete(sess, argc, argv, list, 256);
	rl_attempted_completion_over = n >= 0;
	if (n < 0)
		return NULL; /* file names: readline's own completion */
	candidates = list;
	ncandidates = n;
	return rl_completion_matches(text, generator);
}

static void show_matches(char **matches, int n, int maxlen)
{
	(void)maxlen;
	if (cbs.on_matches)
		cbs.on_matches(matches + 1, n);
	draw_line();
}

void prompt_init(WINDOW *win, const prompt_callbacks *cb, const session *s, const char *history_file)
{
	pwin = win;
	cbs = *cb;
	sess = s;
	/* Keep readline's hands off the terminal: curses owns it. */
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_getc_function = getc_hook;
	rl_input_available_hook = avail_hook;
	rl_redisplay_function = redisplay;
	rl_completion_display_matches_hook = show_matches;
	rl_attempted_completion_function = complete;
	rl_completion_query_items = -1;
	rl_outstream = fopen("/dev/null", "w");
	rl_readline_name = "deadrelu";
	rl_initialize();
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("horizontal-scroll-mode", "on");
	/* Ctrl-L is the screen's redraw, not readline's clear. */
	rl_unbind_key('\f');
	using_history();
	stifle_history(HISTORY_MAX);
	hist_path[0] = 0;
	hist_told = hist_unsaved = 0;
	if (history_file) {
		snprintf(hist_path, sizeof hist_path, "%s", history_file);
		history_load();
	}
	rl_callback_handler_install("deadrelu> ", line_handler);
}

void prompt_finish(void)
{
	rl_callback_handler_remove();
	if (hist_unsaved)
		history_save(); /* one more try; the failure was reported on the screen */
	if (rl_outstream && rl_outstream != stdout) {
		fclose(rl_outstream);
		rl_outstream = NULL;
	}
	pwin = NULL;
}

void prompt_key(int key)
{
	const char *seq = NULL;
	switch (key) {
	case KEY_LEFT: seq = "\033[D"; break;
	case KEY_RIGHT: seq = "\033[C"; break;
	case KEY_UP: seq = "\033[A"; break;
	case KEY_DOWN: seq = "\033[B"; break;
	case KEY_HOME: seq = "\033[H"; break;
	case KEY_END: seq = "\033[F"; break;
	case KEY_DC: seq = "\033[3~"; break;
	case KEY_BACKSPACE: key = 127; break;
	case KEY_ENTER: key = '\r'; break;
	default: break;
	}
	if (seq) {
		for (; *seq; seq++)
			push(*seq);
	} else if (key >= 0 && key < 256) {
		push(key);
	} else {
		return; /* other function keys mean nothing to readline */
	}
	while (qlen > 0)
		rl_callback_read_char();
}

void prompt_redisplay(void)
{
	draw_line();
}

void prompt_cancel(void)
{
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	rl_done = 0;
	draw_line();
}

void prompt_resize(WINDOW *win)
{
	pwin = win;
	rl_set_screen_size(1, getmaxx(win));
	draw_line();
}

int prompt_empty(void)
{
	return rl_end == 0;
}

void prompt_set(const char *text)
{
	rl_replace_line(text, 0);
	rl_point = rl_end;
	draw_line();
}
