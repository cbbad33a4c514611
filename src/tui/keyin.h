/* keyin.h - keys from the terminal: wgetch(), with a paste read in bursts. */
#ifndef KEYIN_H
#define KEYIN_H

#include <curses.h>

/* After keypad(w, TRUE) and nodelay(w, TRUE): w is the window keys are read
 * through; its terminal's key definitions are taken for decoding bursts. */
void keyin_init(WINDOW *w);
void keyin_finish(void);
/* The next key, as wgetch() gives it (ERR when none is waiting). */
int keyin_get(void);
/* The event of the KEY_MOUSE keyin_get() just gave: OK, or ERR. A report
 * in a burst (the wheel spun fast) is decoded here, as curses would. */
int keyin_mouse(MEVENT *ev);
/* Keys of a burst are left: the caller must not wait for the tty. */
int keyin_pending(void);
/* Drops every key typed ahead (a Ctrl-C). */
void keyin_flush(void);

#endif
