/* term.c - see term.h. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <curses.h>
#include "lua/lx.h"
#include "tui/term.h"

#define SECOND_INT_AFTER 0.3 /* a second Ctrl-C this long after an untaken first one quits */
#define HINT_AFTER 0.5       /* the hint saying so, if the first is still untaken */
#define TERM_GRACE 1.0       /* SIGTERM/SIGHUP: the loop has this long to end cleanly */

static struct termios saved;
static int have_saved;
static char restore_seq[256]; /* attributes off, cursor on, keypad off, mouse off, alternate screen off */
static size_t restore_len;
static char hint_seq[512];    /* to the last line, the hint, back */
static size_t hint_len;
static volatile sig_atomic_t int_pending, end_signal;
static volatile double int_since, end_since; /* CLOCK_MONOTONIC seconds */
static pthread_t watchdog;
static volatile sig_atomic_t watching;
static volatile sig_atomic_t hint_drawn; /* written over the screen behind curses' back */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts); /* async-signal-safe */
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void put(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* The terminal as it was before curses, with async-signal-safe calls. */
static void emergency_restore(void)
{
	put(restore_seq, restore_len);
	if (have_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
}

static void quit_now(int status)
{
	emergency_restore();
	_exit(status);
}

static void on_crash(int sig)
{
	emergency_restore();
	signal(sig, SIG_DFL);
	raise(sig); /* so the exit status and a sanitizer still tell */
}

static void on_int(int sig)
{
	(void)sig;
	if (int_pending && now() - int_since >= SECOND_INT_AFTER)
		quit_now(130);
	if (!int_pending)
		int_since = now();
	int_pending = 1;
	lx_interrupt(); /* stops a running Lua script at its next instruction */
}

static void on_end(int sig)
{
	if (!end_signal)
		end_since = now();
	end_signal = sig;
	lx_interrupt();
}

/* Every 100 ms: a hint when a Ctrl-C is not taken, the exit when a SIGTERM
 * is not. Only async-signal-safe calls on the terminal: the main thread may
 * be anywhere. */
static void *watch(void *arg)
{
	(void)arg;
	int hinted = 0;
	while (watching) {
		struct timespec ts = {0, 100000000};
		nanosleep(&ts, NULL);
		double t = now();
		if (end_signal && t - end_since >= TERM_GRACE)
			quit_now(128 + end_signal);
		if (int_pending && !hinted && t - int_since >= HINT_AFTER) {
			put(hint_seq, hint_len);
			hinted = 1;
			hint_drawn = 1;
		}
		if (!int_pending)
			hinted = 0;
	}
	return NULL;
}

void term_save(void)
{
	have_saved = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
}

static void append(char *buf, size_t cap, size_t *len, const char *s)
{
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (*len + n < cap) {
		memcpy(buf + *len, s, n);
		*len += n;
	}
}

void term_resized(int rows)
{
	/* Written from the watchdog while the main thread is stuck: built here. */
	char *cup = tigetstr("cup"), *at = NULL;
	size_t len = 0;
	if (cup && cup != (char *)-1)
		at = tiparm(cup, rows > 0 ? rows - 1 : 0, 0);
	if (!at) {
		hint_len = 0;
		return;
	}
	char seq[sizeof hint_seq];
	append(seq, sizeof seq, &len, tigetstr("sc"));
	append(seq, sizeof seq, &len, at);
	append(seq, sizeof seq, &len, tigetstr("rev"));
	append(seq, sizeof seq, &len, " deadrelu is busy in code Ctrl-C cannot stop: press Ctrl-C again to quit ");
	append(seq, sizeof seq, &len, tigetstr("sgr0"));
	append(seq, sizeof seq, &len, tigetstr("el"));
	append(seq, sizeof seq, &len, tigetstr("rc"));
	hint_len = 0;
	memcpy(hint_seq, seq, len);
	hint_len = len;
}

void term_ready(void)
{
	restore_len = 0;
	append(restore_seq, sizeof restore_seq, &restore_len, tigetstr("sgr0"));
	append(restore_seq, sizeof restore_seq, &restore_len, tigetstr("cnorm"));
	append(restore_seq, sizeof restore_seq, &restore_len, tigetstr("rmkx"));
	/* Mouse reports off, as curses sends them (XM, else the X10 mode its
	 * kmous implies): after a crash the shell gets no clicks as text. */
	char *xm = tigetstr("XM"), *off = xm && xm != (char *)-1 ? tiparm(xm, 0) : NULL;
	char *kmous = tigetstr("kmous");
	append(restore_seq, sizeof restore_seq, &restore_len,
	       off ? off : kmous && kmous != (char *)-1 ? "\033[?1000l" : NULL);
	append(restore_seq, sizeof restore_seq, &restore_len, tigetstr("rmcup"));
	append(restore_seq, sizeof restore_seq, &restore_len, "\r\n");
	term_resized(LINES);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_int;
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_end;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* The watchdog blocks every signal: they reach the main thread. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	watching = 1;
	if (pthread_create(&watchdog, NULL, watch, NULL) != 0)
		watching = 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void term_stop(void)
{
	if (!watching)
		return;
	watching = 0;
	pthread_join(watchdog, NULL);
}

int term_int_pending(void)
{
	return int_pending;
}

int term_take_int(void)
{
	int was = int_pending;
	int_pending = 0;
	return was;
}

int term_take_hint(void)
{
	int was = hint_drawn;
	hint_drawn = 0;
	return was;
}

int term_end_requested(void)
{
	return end_signal != 0;
}
