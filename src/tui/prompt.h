/* prompt.h - GNU readline on the bottom line of a curses screen, through
 * readline's callback ("alternate") interface: curses owns the terminal,
 * readline gets one byte at a time and draws through us. */
#ifndef PROMPT_H
#define PROMPT_H

#include <curses.h>
#include "cmd/session.h"

typedef struct {
	/* A complete line (NULL on Ctrl-D at an empty line); owned by the callee. */
	void (*on_line)(char *line);
	/* Completion candidates to show (readline would print them over the screen). */
	void (*on_matches)(char **matches, int n);
	/* A one-line message for the message area: the history file cannot be
	 * read or saved (said once). */
	void (*on_message)(const char *text);
} prompt_callbacks;

/* Completion follows s's command table (cmd_complete). history_file: read
 * at once and rewritten after every line entered, if it is a regular file
 * or missing (NULL: no history). */
void prompt_init(WINDOW *win, const prompt_callbacks *cb, const session *s, const char *history_file);
void prompt_finish(void);
/* Feeds one key from wgetch (curses key codes are translated to the escape
 * sequences readline expects). */
void prompt_key(int key);
void prompt_redisplay(void);
/* Drops the current line (Ctrl-C). */
void prompt_cancel(void);
void prompt_resize(WINDOW *win);
int prompt_empty(void);
/* Replaces the line, cursor at the end. */
void prompt_set(const char *text);

#endif
