/* sbuf.h - a growable string buffer for command output. */
#ifndef SBUF_H
#define SBUF_H

#include <stddef.h>

typedef struct {
	char *s;     /* always NUL-terminated once anything was added */
	size_t len, cap;
} sbuf;

void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_puts(sbuf *b, const char *s);
/* Appends s as a JSON string literal, quotes included (bytes that are not
 * UTF-8 become U+FFFD). */
void sb_json_str(sbuf *b, const char *s);
/* Appends s as a Lua string literal, quotes included, that reads back as
 * the same bytes (as string.format's %q: backslash escapes, control
 * characters as \ddd). */
void sb_lua_str(sbuf *b, const char *s);
/* Appends a JSON number (null for nan/inf). */
void sb_json_num(sbuf *b, double x);
void sb_reset(sbuf *b);
void sb_free(sbuf *b);
const char *sb_str(const sbuf *b);

#endif
