/* explorer.h - inside the explorer screen: the state its files share (one
 * instance, in tui.c, passed by pointer) and what each file offers the
 * others:
 *   screen.c   curses set-up and shut-down, colours, the grid copied out
 *   hooks.c    the session's hooks (what commands do on the screen) and
 *              the background runs' results
 *   scripts.c  scripts resumed from the loop; errors shown
 *   keys.c     the keys, the prompt's lines, running a command
 *   mouse.c    clicks and the wheel, on what the last frame drew
 *   tui.c      start-up, the event loop */
#ifndef EXPLORER_H
#define EXPLORER_H

#include <curses.h>
#include "lua/lx.h"
#include "tui/prompt.h"
#include "tui/ui.h"

typedef struct {
	ui_state ui;
	lua_State *lua;          /* the session's Lua state, for the script scheduler */
	WINDOW *main_win, *prompt_win;
	char *pending_line;      /* a line from readline, run after it returns */
	int line_eof;            /* Ctrl-D on an empty line */
	grid_hits hits;          /* where the last frame drew what a click can use */
	int mouse_on;            /* the mouse is asked of the terminal */
} explorer;

/* screen.c */
int screen_open(explorer *x);
/* Frees the windows and ends curses (once). */
void screen_close(explorer *x);
/* Ends curses if it is on: for atexit. */
void screen_restore(void);
void screen_draw(explorer *x);
void screen_relayout(explorer *x);
/* A Ctrl-C is taken: keys typed ahead while the screen was busy go with
 * what it stopped, and a busy hint written over the screen is redrawn.
 * Returns 1 when there was one. */
int screen_take_ctrl_c(void);

/* hooks.c */
void hooks_install(explorer *x, session *s);
void hooks_remove(session *s);
/* Restarts the background run; a refusal (too deep, memory cap) is shown. */
void hooks_restart(explorer *x, long long trials);
/* The parameters changed: rerun, resample, show the bounds' notes. */
void hooks_changed(explorer *x);
/* The workers woke the loop: estimates, finished runs, samples, bounds. */
void hooks_poll(explorer *x);

/* scripts.c */
/* Resumes a waiting script whose condition holds; key is the key just
 * pressed (ERR if none). Returns 1 if the key was used to continue. */
int scripts_poll(explorer *x, int key);
/* Milliseconds the loop may sleep before a script needs attention. */
int scripts_timeout(explorer *x);
/* An error with a traceback: the traceback first, then the message again
 * on the last line, where a small message area still shows it. */
void scripts_show_error(explorer *x, const char *what, const char *err);

/* keys.c */
prompt_callbacks keys_prompt_callbacks(explorer *x);
void keys_handle(explorer *x, int key);
/* Runs a command as if typed: echoed, its output and errors in the messages. */
void keys_command(explorer *x, const char *text);
/* The selected parameter one step up (dir 1) or down, as Right and Left. */
void keys_nudge(explorer *x, int dir);
/* Scrolls the help (help 1) or the messages by lines: down, towards the
 * newest, or up when negative. */
void keys_scroll(explorer *x, int help, int lines);

/* mouse.c */
/* Asks the terminal for mouse reports or stops, as `display mouse` says. */
void mouse_apply(explorer *x);
/* A KEY_MOUSE: a click or the wheel on what the last frame drew. */
void mouse_handle(explorer *x);

#endif
