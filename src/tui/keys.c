/* keys.c - the explorer's keys: those that work everywhere, the parameter
 * keys, and what goes to readline; a line from the prompt runs as a
 * command, its output and errors into the messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/explorer.h"
#include "tui/keyin.h"
#include "tui/nudge.h"
#include "tui/term.h"

static explorer *X; /* the prompt's callbacks get no pointer */

void keys_command(explorer *x, const char *text)
{
	char err[8192];
	sbuf out = {0};
	term_take_int();
	lx_clear_interrupt();
	ui_message(&x->ui, MSG_INFO, "> %s", text);
	ui_message_batch(&x->ui); /* (after the echo: the output is the batch) */
	int rc = cmd_run(x->ui.s, text, &out, err, sizeof err);
	ui_message_lines(&x->ui, MSG_OUTPUT, sb_str(&out));
	if (rc != DR_OK && strstr(err, "stack traceback"))
		scripts_show_error(x, "script error", err);
	else if (rc != DR_OK && strchr(err, '\n'))
		scripts_show_error(x, "error", err);
	else if (rc != DR_OK)
		ui_message(&x->ui, MSG_ERROR, "%s", err);
	sb_free(&out);
	screen_take_ctrl_c(); /* a Ctrl-C during the command was for it */
	lx_clear_interrupt();
}

static void on_line(char *line)
{
	if (!line) {
		X->line_eof = 1;
		return;
	}
	free(X->pending_line);
	X->pending_line = line;
}

static void on_matches(char **m, int n)
{
	char buf[256] = "";
	size_t used = 0;
	for (int i = 0; i < n && used < sizeof buf - 1; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s  ", m[i]);
	ui_message(&X->ui, MSG_INFO, "%s", buf);
	screen_draw(X);
}

static void on_prompt_message(const char *text)
{
	ui_message(&X->ui, MSG_ERROR, "%s", text);
}

static void set_param(explorer *x, const char *name, const char *value)
{
	sbuf cmd = {0};
	sb_printf(&cmd, "set %s ", name);
	cmd_quote_word(&cmd, value);
	keys_command(x, sb_str(&cmd));
	sb_free(&cmd);
}

static void help_scroll(ui_state *u, int by)
{
	int most = ui_help_rows(u, COLS) - ui_help_visible(LINES - 1); /* (the grid: all but the prompt) */
	u->help_scroll += by;
	if (u->help_scroll > most)
		u->help_scroll = most;
	if (u->help_scroll < 0)
		u->help_scroll = 0;
}

/* The digits on an empty prompt: views (no command starts with a digit). */
static int view_digit(explorer *x, int key)
{
	if (key < '1' || key >= '1' + VIEW_HELP)
		return 0;
	x->ui.view = key - '1';
	return 1;
}

void keys_nudge(explorer *x, int dir)
{
	const char *name = dr_param_at(x->ui.selected)->name;
	char v[256];
	if (nudge_value(&x->ui.s->params, name, dir, v, sizeof v) != 0) {
		ui_message(&x->ui, MSG_NOTE, "%s is typed, not stepped: press Enter and type the value", name);
		return;
	}
	set_param(x, name, v);
}

void keys_scroll(explorer *x, int help, int lines)
{
	ui_state *u = &x->ui;
	if (help) {
		help_scroll(u, lines);
		return;
	}
	u->msg_scroll -= lines;
	if (u->msg_scroll > u->nmsgs - 1)
		u->msg_scroll = u->nmsgs > 0 ? u->nmsgs - 1 : 0;
	if (u->msg_scroll < 0)
		u->msg_scroll = 0;
}

/* PgUp (dir -1) and PgDn: the help when it is shown, else the messages,
 * a screenful in the messages view and three lines in the small area. */
static void page_key(explorer *x, int dir)
{
	if (x->ui.view == VIEW_HELP) {
		keys_scroll(x, 1, dir * ui_help_visible(LINES - 1));
		return;
	}
	int page = x->ui.view == VIEW_MESSAGES ? LINES - 5 : 3;
	keys_scroll(x, 0, dir * (page > 1 ? page : 1));
}

/* Keys that work whatever has the focus. Returns 1 when handled. */
static int global_key(explorer *x, int key)
{
	switch (key) {
	case KEY_F(1):
		x->ui.view = x->ui.view == VIEW_HELP ? VIEW_PLOT : VIEW_HELP;
		return 1;
	case KEY_F(2):
		x->ui.view = (x->ui.view + 1) % VIEW_HELP;
		return 1;
	case KEY_F(3):
		x->ui.axis = x->ui.axis >= NAXES - 1 ? AXIS_DEPTH : x->ui.axis + 1; /* a sweep's axis goes back to depth */
		x->ui.run.axis = x->ui.axis;
		hooks_restart(x, 0);
		return 1;
	case KEY_F(4):
		x->ui.logy = !x->ui.logy;
		return 1;
	case KEY_F(5):
		x->ui.sample_seed++;
		ui_resample(&x->ui);
		return 1;
	case KEY_F(6): {
		char v[32];
		snprintf(v, sizeof v, "%llu", (unsigned long long)x->ui.s->params.seed + 1);
		set_param(x, "seed", v);
		return 1;
	}
	case KEY_PPAGE: case KEY_NPAGE:
		page_key(x, key == KEY_PPAGE ? -1 : 1);
		return 1;
	case 12: /* Ctrl-L */
		clearok(curscr, TRUE);
		return 1;
	case KEY_RESIZE:
		screen_relayout(x);
		return 1;
	}
	return 0;
}

/* The panel's keys are arrows, signs and Enter: no letter, so typing a
 * command after Esc types it (letters go to the prompt, the way they came). */
static void params_key(explorer *x, int key)
{
	int n = dr_param_count();
	if (x->ui.view == VIEW_HELP || x->ui.view == VIEW_MESSAGES) { /* the panel is hidden: its keys act on nothing */
		switch (key) {
		case '\r': case '\n': case KEY_ENTER:
			x->ui.view = VIEW_PLOT; /* as the help's title says */
			return;
		case KEY_UP: case KEY_DOWN:
			if (x->ui.view == VIEW_HELP)
				help_scroll(&x->ui, key == KEY_UP ? -1 : 1);
			return;
		case KEY_RIGHT: case KEY_LEFT: case '+': case '=': case '-':
			return;
		}
	}
	if (view_digit(x, key))
		return;
	switch (key) {
	case KEY_UP:
		x->ui.selected = (x->ui.selected + n - 1) % n;
		break;
	case KEY_DOWN:
		x->ui.selected = (x->ui.selected + 1) % n;
		break;
	case KEY_RIGHT: case '+': case '=':
		keys_nudge(x, 1);
		break;
	case KEY_LEFT: case '-':
		keys_nudge(x, -1);
		break;
	case '\r': case '\n': case KEY_ENTER: {
		char text[64];
		snprintf(text, sizeof text, "set %s ", dr_param_at(x->ui.selected)->name);
		x->ui.focus = FOCUS_PROMPT;
		prompt_set(text);
		break;
	}
	case 27: case '\t':
		x->ui.focus = FOCUS_PROMPT;
		break;
	case '?':
		x->ui.view = VIEW_HELP;
		break;
	default:
		if (key >= ' ' && key < 127) { /* typing goes to the prompt */
			x->ui.focus = FOCUS_PROMPT;
			prompt_key(key);
		}
		break;
	}
}

/* With nothing typed, Up and Down scroll the help (readline's history
 * waits behind the help), # switches thick lines, End goes to the newest
 * message. */
static int empty_prompt_key(explorer *x, int key)
{
	if (x->ui.view == VIEW_HELP && (key == KEY_UP || key == KEY_DOWN)) {
		help_scroll(&x->ui, key == KEY_UP ? -1 : 1);
		return 1;
	}
	if (key == '#') { /* thick lines for a projector, and back (no command starts with #) */
		keys_command(x, x->ui.s->display[DISPLAY_LINES] == LINES_THICK ? "display lines dots" : "display lines thick");
		return 1;
	}
	if (key == KEY_END && x->ui.msg_scroll > 0) {
		x->ui.msg_scroll = 0;
		return 1;
	}
	return 0;
}

static void search(explorer *x, const char *text)
{
	if (!*text && !x->ui.search[0]) {
		ui_message(&x->ui, MSG_NOTE, "/TEXT finds TEXT in the messages; / alone finds the next older");
		return;
	}
	x->ui.view = VIEW_MESSAGES;
	ui_search(&x->ui, text); /* (the view says when nothing holds it) */
}

void keys_handle(explorer *x, int key)
{
	if (key == KEY_MOUSE) { /* (never a script's answer, never readline's) */
		mouse_handle(x);
		return;
	}
	if (scripts_poll(x, key))
		return;
	if (global_key(x, key))
		return;
	if (x->ui.focus == FOCUS_PARAMS) {
		params_key(x, key);
		return;
	}
	if (key == 27) {
		/* A lone Esc switches focus; Esc + key is Meta for readline. */
		int next = keyin_get();
		if (next == ERR) {
			x->ui.focus = FOCUS_PARAMS;
			return;
		}
		prompt_key(27);
		key = next;
	}
	if (key == '?' && prompt_empty()) {
		x->ui.view = x->ui.view == VIEW_HELP ? VIEW_PLOT : VIEW_HELP;
		return;
	}
	if (prompt_empty() && (view_digit(x, key) || empty_prompt_key(x, key)))
		return;
	prompt_key(key);
	if (x->line_eof) {
		x->ui.s->quit = 1;
		return;
	}
	if (x->pending_line) {
		char *line = x->pending_line;
		x->pending_line = NULL;
		if (!line[strspn(line, " \t")]) { /* Enter on nothing: nothing to run or echo */
			free(line);
			return;
		}
		if (line[0] == '/') { /* a search, not a command (none starts with /) */
			search(x, line + 1);
			free(line);
			return;
		}
		if (x->ui.view == VIEW_HELP)
			x->ui.view = VIEW_PLOT;
		keys_command(x, line);
		free(line);
	}
}

prompt_callbacks keys_prompt_callbacks(explorer *x)
{
	X = x;
	return (prompt_callbacks){on_line, on_matches, on_prompt_message};
}
