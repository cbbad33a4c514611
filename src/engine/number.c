/* number.c - the one number syntax of deadrelu: decimal only. strtod alone
 * would also take hexadecimal ("0x10", "0x1p4"), "inf" and "nan", and
 * reads the decimal point of the locale; a value typed, scripted or read
 * from a data file means the same everywhere. Also the exact integers,
 * lists and shortest round-trip formatting of the parameter values. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static const char *digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

const char *dr_scan_number(const char *s, double *out)
{
	/* [+-] (D+ [. D*] | . D+) [(e|E) [+-] D+] */
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	const char *int_end = digits(p), *q = int_end;
	int mantissa = int_end > p;
	if (*q == '.') {
		const char *frac_end = digits(q + 1);
		mantissa |= frac_end > q + 1;
		q = frac_end;
	}
	if (!mantissa)
		return NULL;
	if (*q == 'e' || *q == 'E') {
		const char *e = q + 1;
		if (*e == '+' || *e == '-')
			e++;
		const char *exp_end = digits(e);
		if (exp_end > e)
			q = exp_end;
	}
	/* strtod reads the same text (the C locale's '.' is checked above:
	 * in another locale its end differs and the number is refused). */
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end != q || !isfinite(v) || (errno == ERANGE && v == 0)) /* 1e-400 is not 0 */
		return NULL;
	*out = v;
	return q;
}

int dr_parse_number(const char *s, double *out)
{
	while (*s == ' ' || *s == '\t')
		s++;
	double v;
	const char *end = dr_scan_number(s, &v);
	if (!end)
		return DR_EINVAL;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end)
		return DR_EINVAL;
	*out = v;
	return DR_OK;
}

/* ---- the parameter values' numbers: each parser returns 0 and fills *out, or -1 ---- */

/* The integer that the number s..end spells, exactly (s..end is one
 * number of dr_scan_number's syntax): "12", "1e6", "2.50e1" and "-0" are
 * integers, "1.5" and "1e-400" are not, and nothing above UINT64_MAX is
 * rounded into range. Digit d at position p (its power of ten) adds
 * d 10^(p + exp); the value is an integer when every nonzero digit has
 * p + exp >= 0. */
static int exact_integer(const char *s, const char *end, int *neg, uint64_t *mag)
{
	*neg = *s == '-';
	if (*s == '+' || *s == '-')
		s++;
	const char *m_end = s, *point = NULL;
	for (; m_end < end && *m_end != 'e' && *m_end != 'E'; m_end++)
		if (*m_end == '.')
			point = m_end;
	long exp = 0;
	if (m_end < end) {
		const char *e = m_end + 1;
		int eneg = *e == '-';
		if (*e == '+' || *e == '-')
			e++;
		for (; e < end; e++)
			if (exp < 100000) /* saturates: far beyond any digit string's reach */
				exp = exp * 10 + (*e - '0');
		exp = eneg ? -exp : exp;
	}
	long top = (point ? point : m_end) - s - 1; /* position of the first digit */
	long hi = 0, lo = 0, p = top;
	int any = 0;
	for (const char *c = s; c < m_end; c++) {
		if (*c == '.')
			continue;
		if (*c != '0') {
			if (!any)
				hi = p;
			lo = p;
			any = 1;
		}
		p--;
	}
	*mag = 0;
	if (!any)
		return 0;
	if (lo + exp < 0 || hi + exp > 19)
		return -1;
	uint64_t v = 0;
	p = top;
	for (const char *c = s; c < m_end; c++) {
		if (*c == '.')
			continue;
		if (p <= hi && p >= lo) {
			unsigned dgt = (unsigned)(*c - '0');
			if (v > (UINT64_MAX - dgt) / 10)
				return -1;
			v = v * 10 + dgt;
		}
		p--;
	}
	for (long i = 0; i < lo + exp; i++) {
		if (v > UINT64_MAX / 10)
			return -1;
		v *= 10;
	}
	*mag = v;
	return 0;
}

/* One integer of the number syntax, the whole of s..end. */
int num_scan_integer(const char *s, const char *end, int *neg, uint64_t *mag)
{
	double d;
	const char *e = dr_scan_number(s, &d);
	if (!e || e != end)
		return -1;
	return exact_integer(s, end, neg, mag);
}

int num_parse_ll(const char *s, long long lo, long long hi, long long *out)
{
	int neg;
	uint64_t m;
	if (num_scan_integer(s, s + strlen(s), &neg, &m) < 0 || m > (uint64_t)LLONG_MAX)
		return -1;
	long long x = neg ? -(long long)m : (long long)m;
	if (x < lo || x > hi)
		return -1;
	*out = x;
	return 0;
}

int num_parse_real(const char *s, double lo, double hi, double *out)
{
	double d;
	if (dr_parse_number(s, &d) != DR_OK || d < lo || d > hi)
		return -1;
	*out = d;
	return 0;
}

static int is_list_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t';
}

/* A list of numbers separated by commas, spaces or tabs (runs of them count
 * once); with `integers` every entry must be an exact integer. Returns the
 * count or -1. Read in place: a list is as long as its caller allows. */
int num_parse_list(const char *s, double lo, double hi, int integers, double *out, int max)
{
	/* Numbers separated by one comma or by blanks (blanks around a comma
	 * allowed): "1,,2" or a comma at either end is a mistake, not a list. */
	int n = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	while (*s) {
		const char *end = s;
		while (*end && !is_list_sep(*end))
			end++;
		double v;
		int neg;
		uint64_t m;
		if (n == max || dr_scan_number(s, &v) != end || v < lo || v > hi)
			return -1;
		if (integers && num_scan_integer(s, end, &neg, &m) < 0)
			return -1;
		out[n++] = v;
		for (s = end; *s == ' ' || *s == '\t'; s++)
			;
		if (*s == ',') {
			for (s++; *s == ' ' || *s == '\t'; s++)
				;
			if (!*s)
				return -1;
		}
	}
	return n ? n : -1;
}

/* Shortest "%g" form that reads back as the same double; at most
 * DR_NUMBER_LEN bytes. */
int num_format(char *b, size_t n, double x)
{
	char tmp[64];
	for (int prec = 6; prec < 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, x);
		if (strtod(tmp, NULL) == x)
			return snprintf(b, n, "%s", tmp);
	}
	return snprintf(b, n, "%.17g", x);
}

/* Appends s at offset used of b (size n) as far as it fits; returns the
 * new length as if everything fitted (snprintf's rule). */
size_t num_append(char *b, size_t n, size_t used, const char *s)
{
	size_t k = strlen(s);
	if (used < n) {
		size_t room = n - used - 1, c = k < room ? k : room;
		memcpy(b + used, s, c);
		b[used + c] = 0;
	}
	return used + k;
}
