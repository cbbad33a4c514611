/* term.h - the explorer's terminal: the tty state saved before curses, the
 * signals, and the last resort. Signal handlers only set flags, except where
 * the program must end now: a crash, a second Ctrl-C while the first has
 * not been taken (a finaliser or C code the script guard cannot stop), or a
 * SIGTERM/SIGHUP the loop does not get to within a second. Those restore
 * the terminal with async-signal-safe calls only (the saved termios and the
 * terminfo strings captured at start) and exit. */
#ifndef TERM_H
#define TERM_H

/* Before initscr: saves the tty state. */
void term_save(void);
/* After initscr: captures the restoring strings, installs the signal
 * handlers and starts the watchdog thread. */
void term_ready(void);
/* The screen size changed (where the busy hint is written). */
void term_resized(int rows);
/* Stops the watchdog; the normal path restores with endwin. */
void term_stop(void);

/* Ctrl-C pressed and not taken yet. term_take_int clears it. */
int term_int_pending(void);
int term_take_int(void);
/* The busy hint was written over the screen (curses does not know):
 * clears the mark; the screen must be redrawn whole. */
int term_take_hint(void);
/* SIGTERM or SIGHUP: the loop should end. */
int term_end_requested(void);

#endif
