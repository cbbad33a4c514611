/* json.c - the strict JSON reader of json.h: blanks, the bracket stack,
 * strings (escapes and UTF-8 checked), numbers by JSON's grammar. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/json.h"

void json_init(json_reader *j, const char *text, size_t len)
{
	memset(j, 0, sizeof *j);
	j->s = j->p = j->at = text;
	j->end = text + len;
}

static void blanks(json_reader *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* The byte at q, for a message: 'x', or 0xNN when it does not print. */
static void shown_byte(const json_reader *j, const char *q, char *buf, size_t len)
{
	unsigned char c = q < j->end ? (unsigned char)*q : 0;
	if (q >= j->end)
		snprintf(buf, len, "the end of the text");
	else if (c > 0x20 && c < 0x7f)
		snprintf(buf, len, "'%c'", c);
	else
		snprintf(buf, len, "byte 0x%02x", c);
}

static int fail_at(json_reader *j, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail_at(json_reader *j, const char *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->err, sizeof j->err, fmt, ap);
	va_end(ap);
	j->at = at;
	j->p = j->end; /* spent */
	return -1;
}

int json_fail(json_reader *j, const char *fmt, ...)
{
	blanks(j);
	const char *at = j->p;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->err, sizeof j->err, fmt, ap);
	va_end(ap);
	j->at = at;
	j->p = j->end;
	return -1;
}

void json_where(const json_reader *j, char *buf, size_t len)
{
	long long line = 1, col = 1;
	for (const char *q = j->s; q < j->at; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	snprintf(buf, len, "line %lld, column %lld", line, col);
}

json_type json_peek(json_reader *j)
{
	blanks(j);
	if (j->p >= j->end)
		return JSON_NONE;
	switch (*j->p) {
	case '{':
		return JSON_OBJECT;
	case '[':
		return JSON_ARRAY;
	case '"':
		return JSON_STRING;
	case 't':
		return JSON_TRUE;
	case 'f':
		return JSON_FALSE;
	case 'n':
		return JSON_NULL;
	default:
		return *j->p == '-' || (*j->p >= '0' && *j->p <= '9') ? JSON_NUMBER : JSON_NONE;
	}
}

const char *json_type_name(json_type t)
{
	static const char *const names[] = {"nothing", "an object", "an array", "a string",
					    "a number", "true", "false", "null"};
	return names[t];
}

/* Fails saying what was wanted and what is there instead. */
static int wanted(json_reader *j, const char *what)
{
	json_type t = json_peek(j);
	char b[32];
	if (t == JSON_NONE)
		shown_byte(j, j->p, b, sizeof b);
	return fail_at(j, j->p, "expected %s, found %s", what, t == JSON_NONE ? b : json_type_name(t));
}

int json_open(json_reader *j, json_type t)
{
	if (json_peek(j) != t)
		return wanted(j, json_type_name(t));
	if (j->depth == JSON_MAX_NESTING)
		return fail_at(j, j->p, "nested more than %d deep", JSON_MAX_NESTING);
	j->closer[j->depth] = t == JSON_OBJECT ? '}' : ']';
	j->count[j->depth++] = 0;
	j->p++;
	return 0;
}

int json_next(json_reader *j, int *more)
{
	*more = 0;
	if (j->depth == 0)
		return fail_at(j, j->p, "no object or array is open");
	blanks(j);
	char close = j->closer[j->depth - 1];
	if (j->p >= j->end)
		return fail_at(j, j->p, "the text ends before the closing '%c'", close);
	if (*j->p == close) {
		j->p++;
		j->depth--;
		return 0;
	}
	if (j->count[j->depth - 1] > 0) {
		if (*j->p != ',') {
			char b[32];
			shown_byte(j, j->p, b, sizeof b);
			return fail_at(j, j->p, "expected ',' or '%c', found %s", close, b);
		}
		j->p++;
	}
	j->count[j->depth - 1]++;
	*more = 1;
	return 0;
}

/* The length of the UTF-8 sequence at q (1..4), or 0 if it is not one
 * (overlong forms, surrogates and code points above U+10FFFF are not). */
static int utf8_len(const unsigned char *q, const unsigned char *end)
{
	unsigned c = q[0];
	int n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
	if (n == 0 || q + n > end)
		return 0;
	unsigned long cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
	for (int i = 1; i < n; i++) {
		if ((q[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (q[i] & 0x3f);
	}
	static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static int hex4(const char *q, const char *end, unsigned *v)
{
	*v = 0;
	if (end - q < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = q[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
		if (d == 16)
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

/* Appends code point cp as UTF-8 to buf at *n (len the buffer's size). */
static int put_cp(char *buf, size_t len, size_t *n, unsigned long cp)
{
	char u[4];
	int k = 0;
	if (cp < 0x80) {
		u[k++] = (char)cp;
	} else if (cp < 0x800) {
		u[k++] = (char)(0xc0 | cp >> 6);
		u[k++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		u[k++] = (char)(0xe0 | cp >> 12);
		u[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[k++] = (char)(0x80 | (cp & 0x3f));
	} else {
		u[k++] = (char)(0xf0 | cp >> 18);
		u[k++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[k++] = (char)(0x80 | (cp & 0x3f));
	}
	if (!buf)
		return 0;
	if (*n + (size_t)k >= len)
		return -1;
	memcpy(buf + *n, u, (size_t)k);
	*n += (size_t)k;
	return 0;
}

/* The string at j->p into buf (NULL: checked only, of any length). */
static int string_at(json_reader *j, char *buf, size_t len)
{
	const char *start = j->p++;
	size_t n = 0;
	for (;;) {
		if (j->p >= j->end)
			return fail_at(j, start, "the text ends inside a string");
		unsigned char c = (unsigned char)*j->p;
		if (c == '"') {
			j->p++;
			break;
		}
		if (c < 0x20)
			return fail_at(j, j->p, "a control character (byte 0x%02x) inside a string (allowed: written as \\u%04x)",
				       c, c);
		unsigned long cp;
		if (c == '\\') {
			const char *esc = j->p;
			char e = j->p + 1 < j->end ? j->p[1] : 0;
			const char *plain = strchr("\"\\/bfnrt", e);
			if (e && plain) {
				static const char out[] = "\"\\/\b\f\n\r\t";
				cp = (unsigned char)out[plain - "\"\\/bfnrt"];
				j->p += 2;
			} else if (e == 'u') {
				unsigned hi, lo;
				if (hex4(j->p + 2, j->end, &hi) < 0)
					return fail_at(j, esc, "a bad \\u escape (allowed: \\u and four hexadecimal digits)");
				j->p += 6;
				cp = hi;
				if (hi >= 0xdc00 && hi <= 0xdfff)
					return fail_at(j, esc, "a lone low surrogate \\u%04x", hi);
				if (hi >= 0xd800 && hi <= 0xdbff) {
					if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
					    hex4(j->p + 2, j->end, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
						return fail_at(j, esc, "a high surrogate \\u%04x without its low one", hi);
					j->p += 6;
					cp = 0x10000 + ((unsigned long)(hi - 0xd800) << 10) + (lo - 0xdc00);
				}
				if (cp == 0)
					return fail_at(j, esc, "\\u0000 inside a string (allowed: text without NUL)");
			} else {
				return fail_at(j, esc, "a bad escape '\\%c' (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
					       e > 0x20 && e < 0x7f ? e : '?');
			}
			if (put_cp(buf, len, &n, cp) < 0)
				return fail_at(j, start, "a string longer than %zu bytes", len - 1);
			continue;
		}
		int k = utf8_len((const unsigned char *)j->p, (const unsigned char *)j->end);
		if (k == 0)
			return fail_at(j, j->p, "a string that is not UTF-8 (byte 0x%02x)", c);
		if (buf && n + (size_t)k >= len)
			return fail_at(j, start, "a string longer than %zu bytes", len - 1);
		if (buf)
			memcpy(buf + n, j->p, (size_t)k);
		n += (size_t)k;
		j->p += k;
	}
	if (buf)
		buf[n] = 0;
	return 0;
}

int json_string(json_reader *j, char *buf, size_t len)
{
	if (json_peek(j) != JSON_STRING)
		return wanted(j, "a string");
	return string_at(j, buf, len);
}

/* A member's name (buf NULL: checked only) and its colon. */
static int key_at(json_reader *j, char *buf, size_t len)
{
	if (json_peek(j) != JSON_STRING)
		return wanted(j, "a member's name (a string)");
	if (string_at(j, buf, len) < 0)
		return -1;
	blanks(j);
	if (j->p >= j->end || *j->p != ':') {
		char b[32];
		shown_byte(j, j->p, b, sizeof b);
		return fail_at(j, j->p, "expected ':' after the member's name, found %s", b);
	}
	j->p++;
	return 0;
}

int json_key(json_reader *j, char *buf, size_t len)
{
	return key_at(j, buf, len);
}

/* The extent of a number by JSON's grammar from j->p: its end, and
 * whether it has a sign, a fraction or an exponent; NULL if it is not one. */
static const char *number_end(const json_reader *j, int *neg, int *whole)
{
	const char *q = j->p, *e = j->end;
	*neg = q < e && *q == '-';
	q += *neg;
	if (q >= e || *q < '0' || *q > '9')
		return NULL;
	if (*q == '0')
		q++;
	else
		while (q < e && *q >= '0' && *q <= '9')
			q++;
	*whole = 1;
	if (q < e && *q == '.') {
		*whole = 0;
		if (++q >= e || *q < '0' || *q > '9')
			return NULL;
		while (q < e && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < e && (*q == 'e' || *q == 'E')) {
		*whole = 0;
		q++;
		if (q < e && (*q == '+' || *q == '-'))
			q++;
		if (q >= e || *q < '0' || *q > '9')
			return NULL;
		while (q < e && *q >= '0' && *q <= '9')
			q++;
	}
	return q;
}

/* The number's text for a message, cut at 24 bytes. */
static void shown_number(const char *a, const char *b, char *buf, size_t len)
{
	int n = (int)(b - a);
	if (n > 24)
		snprintf(buf, len, "%.24s...", a);
	else
		snprintf(buf, len, "%.*s", n, a);
}

int json_u64(json_reader *j, uint64_t *v)
{
	*v = 0;
	if (json_peek(j) != JSON_NUMBER)
		return wanted(j, "a whole number");
	int neg, whole;
	const char *a = j->p, *b = number_end(j, &neg, &whole);
	char shown[32];
	if (!b)
		return fail_at(j, a, "a malformed number");
	shown_number(a, b, shown, sizeof shown);
	if (neg)
		return fail_at(j, a, "%s is negative (allowed: a whole number 0..18446744073709551615)", shown);
	if (!whole)
		return fail_at(j, a, "%s is not written as a whole number (allowed: digits only)", shown);
	uint64_t x = 0;
	for (const char *q = a; q < b; q++) {
		unsigned d = (unsigned)(*q - '0');
		if (x > (UINT64_MAX - d) / 10)
			return fail_at(j, a, "%s is too large (allowed: up to 18446744073709551615)", shown);
		x = x * 10 + d;
	}
	*v = x;
	j->p = b;
	return 0;
}

int json_double(json_reader *j, double *v)
{
	*v = 0;
	if (json_peek(j) != JSON_NUMBER)
		return wanted(j, "a number");
	int neg, whole;
	const char *a = j->p, *b = number_end(j, &neg, &whole);
	char shown[32], text[128];
	if (!b)
		return fail_at(j, a, "a malformed number");
	shown_number(a, b, shown, sizeof shown);
	if (b - a >= (long)sizeof text)
		return fail_at(j, a, "%s is longer than %zu characters", shown, sizeof text - 1);
	memcpy(text, a, (size_t)(b - a));
	text[b - a] = 0;
	errno = 0;
	double x = strtod(text, NULL);
	if (errno == ERANGE && (x > 1 || x < -1))
		return fail_at(j, a, "%s is out of range", shown);
	*v = x;
	j->p = b;
	return 0;
}

static int literal(json_reader *j, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n))
		return fail_at(j, j->p, "expected %s", word);
	j->p += n;
	return 0;
}

int json_null(json_reader *j)
{
	if (json_peek(j) != JSON_NULL)
		return wanted(j, "null");
	return literal(j, "null");
}

int json_skip(json_reader *j)
{
	int base = j->depth, more, neg, whole;
	for (;;) {
		json_type t = json_peek(j);
		const char *num;
		switch (t) {
		case JSON_OBJECT:
		case JSON_ARRAY:
			if (json_open(j, t) < 0)
				return -1;
			break;
		case JSON_STRING:
			if (string_at(j, NULL, 0) < 0)
				return -1;
			break;
		case JSON_NUMBER:
			if (!(num = number_end(j, &neg, &whole)))
				return fail_at(j, j->p, "a malformed number");
			j->p = num;
			break;
		case JSON_TRUE:
		case JSON_FALSE:
		case JSON_NULL:
			if (literal(j, t == JSON_TRUE ? "true" : t == JSON_FALSE ? "false" : "null") < 0)
				return -1;
			break;
		default:
			return wanted(j, "a value");
		}
		/* on to the next value, up out of every container that ended */
		do {
			if (j->depth == base)
				return 0;
			if (json_next(j, &more) < 0)
				return -1;
		} while (!more);
		if (j->closer[j->depth - 1] == '}' && key_at(j, NULL, 0) < 0)
			return -1;
	}
}

int json_end(json_reader *j)
{
	blanks(j);
	if (j->p < j->end) {
		char b[32];
		shown_byte(j, j->p, b, sizeof b);
		return fail_at(j, j->p, "more after the end of the value: %s", b);
	}
	return 0;
}
