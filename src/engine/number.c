/* number.c - the one number syntax of deadrelu: decimal only. strtod alone
 * would also take hexadecimal ("0x10", "0x1p4"), "inf" and "nan", and
 * reads the decimal point of the locale; a value typed, scripted or read
 * from a data file means the same everywhere. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
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
