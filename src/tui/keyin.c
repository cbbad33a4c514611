/* keyin.c - keys from the terminal, a paste at memory speed.
 *
 * curses reads the tty one byte per read(), with a poll() before each: about
 * 3 us of kernel time a byte, so a 1 MB paste cost 3 s. When a burst is
 * waiting (more bytes than a person types between two frames), it is read
 * here in one read() and decoded with curses' own key table (keybound()),
 * longest match first as curses does; a sequence cut at the end of the burst
 * waits for the rest as curses would (ESCDELAY). Otherwise keys come from
 * wgetch() as before, so function keys, resizes and a lone Esc behave the same.
 *
 * A mouse report is the terminal's kmous and then its data (X10 bytes, or
 * SGR numbers when kmous ends in '<'), decoded here too: a fast wheel
 * sends a burst of them.
 *
 * Order is kept because a burst is only read when curses has nothing of its
 * own: right after wgetch() said ERR, and never while burst bytes are left. */
#include <curses.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "tui/keyin.h"

#define BURST_MIN 32     /* bytes waiting that make a burst: no typist is that fast */
#define BURST_MAX 65536
#define KEY_STR_MAX 256  /* key definitions kept (a terminfo entry has ~200) */

typedef struct {
	const char *seq;
	int len, code;
} key_def;

static WINDOW *win;
static key_def keys[KEY_STR_MAX];
static int nkeys;
static unsigned char starts_key[256]; /* some definition starts with this byte */
static unsigned char burst[BURST_MAX];
static int head, tail;   /* burst[head..tail) not yet taken */
static int curses_empty; /* curses holds no byte it read (see keyin_get) */
static int plain_run;    /* keys in a row from wgetch() that start no definition */
static int longest;      /* longest definition, in bytes */
static MEVENT burst_mouse; /* the report of the KEY_MOUSE just taken from the burst */
static int mouse_from_burst;

void keyin_init(WINDOW *w)
{
	win = w;
	nkeys = 0;
	head = tail = 0;
	curses_empty = 0;
	plain_run = 0;
	longest = 0;
	memset(starts_key, 0, sizeof starts_key);
	/* Codes above KEY_MAX are the terminal's extended keys, numbered by
	 * curses as it reads the entry; a few hundred cover any terminfo. */
	for (int code = KEY_MIN; code < KEY_MAX + 512 && nkeys < KEY_STR_MAX; code++)
		for (int i = 0; nkeys < KEY_STR_MAX; i++) {
			char *s = keybound(code, i);
			if (!s)
				break;
			if (*s) {
				keys[nkeys++] = (key_def){s, (int)strlen(s), code};
				starts_key[(unsigned char)*s] = 1;
				if (keys[nkeys - 1].len > longest)
					longest = keys[nkeys - 1].len;
			} else
				free(s);
		}
}

void keyin_finish(void)
{
	for (int i = 0; i < nkeys; i++)
		free((char *)keys[i].seq);
	nkeys = 0;
	head = tail = 0;
}

/* Reads what the tty holds, up to the room left; the count read. */
static int fill(void)
{
	int avail = 0;
	if (ioctl(STDIN_FILENO, FIONREAD, &avail) != 0 || avail <= 0)
		return 0;
	if (head > 0) { /* what is left of the burst (a cut sequence) goes to the front */
		memmove(burst, burst + head, (size_t)(tail - head));
		tail -= head;
		head = 0;
	}
	int room = BURST_MAX - tail;
	if (avail > room)
		avail = room;
	ssize_t n = read(STDIN_FILENO, burst + tail, (size_t)avail); /* FIONREAD said it is there */
	if (n <= 0)
		return 0;
	tail += (int)n;
	return (int)n;
}

/* The key at burst[head]: its code and length, or 0 when the bytes there
 * are the start of a longer definition and more may come. */
static int decode(int *code)
{
	const unsigned char *p = burst + head;
	int have = tail - head, best = 0, partial = 0;
	if (!starts_key[p[0]]) {
		*code = p[0]; /* a character: what nearly every byte of a paste is */
		return 1;
	}
	for (int i = 0; i < nkeys; i++) {
		const key_def *k = &keys[i];
		if (k->len <= have) {
			if (k->len > best && !memcmp(p, k->seq, (size_t)k->len)) {
				best = k->len;
				*code = k->code;
			}
		} else if (!memcmp(p, k->seq, (size_t)have)) {
			partial = 1;
		}
	}
	if (partial)
		return 0;
	if (!best)
		*code = p[0];
	return best ? best : 1;
}

/* The button state of report button b (the X10 byte less 32, or SGR's
 * first number); release: SGR's final 'm'. */
static mmask_t mouse_state(int b, int release)
{
	if (b & 32) /* motion: not asked for */
		return 0;
	if (b & 64) /* the wheel */
		return (b & 3) == 0 ? BUTTON4_PRESSED : (b & 3) == 1 ? BUTTON5_PRESSED : 0;
	static const mmask_t press[] = {BUTTON1_PRESSED, BUTTON2_PRESSED, BUTTON3_PRESSED},
			     rel[] = {BUTTON1_RELEASED, BUTTON2_RELEASED, BUTTON3_RELEASED};
	if ((b & 3) == 3) /* X10 says only that some button went up */
		return BUTTON1_RELEASED;
	return release ? rel[b & 3] : press[b & 3];
}

/* The data after kmous at p (have bytes): its length with *ev filled, 0
 * when it is cut short, -1 when it is not a report. */
static int mouse_report(const unsigned char *p, int have, int sgr, MEVENT *ev)
{
	*ev = (MEVENT){0};
	if (!sgr) {
		if (have < 3)
			return 0;
		ev->bstate = mouse_state(p[0] - 32, 0);
		ev->x = p[1] - 33;
		ev->y = p[2] - 33;
		return 3;
	}
	long v[3] = {0, 0, 0};
	int i = 0, k = 0;
	for (; i < have && i < 32; i++) {
		if (p[i] >= '0' && p[i] <= '9' && v[k] < 100000)
			v[k] = v[k] * 10 + (p[i] - '0');
		else if (p[i] == ';' && k < 2)
			k++;
		else if ((p[i] == 'M' || p[i] == 'm') && k == 2)
			break;
		else
			return -1;
	}
	if (i >= 32)
		return -1;
	if (i == have)
		return 0;
	ev->bstate = mouse_state((int)v[0], p[i] == 'm');
	ev->x = (int)v[1] - 1;
	ev->y = (int)v[2] - 1;
	return i + 1;
}

/* Waits as curses does for the rest of a sequence; 1 if more came. */
static int more_came(void)
{
	struct pollfd fd = {STDIN_FILENO, POLLIN, 0};
	return poll(&fd, 1, ESCDELAY) > 0 && fill() > 0;
}

static int from_burst(void)
{
	int code, len;
	while (!(len = decode(&code))) {
		if (more_came()) /* the rest of a sequence may be on its way */
			continue;
		code = burst[head]; /* it did not come: the bytes are keys of their own */
		len = 1;
		break;
	}
	if (code == KEY_MOUSE) {
		int sgr = 0;
		for (int i = 0; i < nkeys; i++)
			if (keys[i].code == KEY_MOUSE && keys[i].len == len)
				sgr = keys[i].seq[len - 1] == '<';
		int n;
		while (!(n = mouse_report(burst + head + len, tail - head - len, sgr, &burst_mouse)) && more_came())
			;
		if (n > 0) {
			head += len + n;
			mouse_from_burst = 1;
			return KEY_MOUSE;
		}
		code = burst[head]; /* no report after all: the bytes are keys */
		len = 1;
	}
	head += len;
	return code;
}

int keyin_mouse(MEVENT *ev)
{
	if (mouse_from_burst) {
		*ev = burst_mouse;
		return OK;
	}
	return getmouse(ev);
}

int keyin_get(void)
{
	mouse_from_burst = 0;
	if (head < tail)
		return from_burst();
	int avail = 0;
	if (curses_empty && ioctl(STDIN_FILENO, FIONREAD, &avail) == 0 && avail >= BURST_MIN && fill() > 0)
		return from_burst();
	/* curses keeps bytes only from a sequence that did not match, fewer
	 * than the longest definition; each plain key after that is one of
	 * them or a byte read alone. So after ERR, or that many plain keys in
	 * a row, it holds none, and a paste that never lets the tty run dry
	 * is still read in bursts. */
	int key = wgetch(win);
	if (key != ERR && key >= 0 && key < 256 && !starts_key[key])
		plain_run++;
	else
		plain_run = 0;
	curses_empty = key == ERR || plain_run >= longest;
	return key;
}

int keyin_pending(void)
{
	return head < tail;
}

void keyin_flush(void)
{
	head = tail = 0;
	flushinp();
}
