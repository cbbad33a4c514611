/* sbuf.c - growable string buffer. Allocation failure aborts: output
 * buffers are small and there is nothing sensible to do without them. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/sbuf.h"

static void grow(sbuf *b, size_t need)
{
	if (b->len + need + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + need + 1)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s)
		abort();
	b->s = s;
	b->cap = cap;
}

void sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_puts(sbuf *b, const char *s)
{
	size_t n = strlen(s);
	grow(b, n);
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

/* Length of the well-formed UTF-8 character at p (1..4), or 0. */
static int utf8_len(const unsigned char *p)
{
	int n = p[0] < 0x80 ? 1 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
		: p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
	for (int i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* no overlong forms, surrogates, or code points past U+10FFFF */
	if ((n == 3 && p[0] == 0xe0 && p[1] < 0xa0) || (n == 3 && p[0] == 0xed && p[1] >= 0xa0) ||
	    (n == 4 && p[0] == 0xf0 && p[1] < 0x90) || (n == 4 && p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return n;
}

void sb_json_str(sbuf *b, const char *s)
{
	sb_puts(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = utf8_len(p);
		if (*p == '"' || *p == '\\')
			sb_printf(b, "\\%c", *p);
		else if (*p == '\n')
			sb_puts(b, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			sb_printf(b, "\\u%04x", *p);
		else if (n == 0) /* not UTF-8: JSON must be; the replacement character */
			sb_puts(b, "\\ufffd");
		else
			sb_printf(b, "%.*s", n, (const char *)p);
		p += n ? n : 1;
	}
	sb_puts(b, "\"");
}

void sb_lua_str(sbuf *b, const char *s)
{
	sb_puts(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			sb_printf(b, "\\%c", *p);
		else if (*p == '\n')
			sb_puts(b, "\\n");
		else if (*p < 0x20 || *p == 0x7f) /* three digits: a digit after it stays its own */
			sb_printf(b, "\\%03d", *p);
		else
			sb_printf(b, "%c", *p);
	}
	sb_puts(b, "\"");
}

void sb_json_num(sbuf *b, double x)
{
	if (isfinite(x))
		sb_printf(b, "%.17g", x);
	else
		sb_puts(b, "null");
}

void sb_reset(sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = 0;
}

void sb_free(sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

const char *sb_str(const sbuf *b)
{
	return b->s ? b->s : "";
}
