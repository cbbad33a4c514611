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

static int from_burst(void)
{
	int code, len;
	while (!(len = decode(&code))) {
		/* The rest of a sequence may be on its way: wait as curses does. */
		struct pollfd fd = {STDIN_FILENO, POLLIN, 0};
		if (poll(&fd, 1, ESCDELAY) > 0 && fill() > 0)
			continue;
		code = burst[head]; /* it did not come: the bytes are keys of their own */
		len = 1;
		break;
	}
	head += len;
	return code;
}

int keyin_get(void)
{
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
