/* data.c - reading a data set from CSV (deadrelu.1, data_file): every
 * byte, or a one-line refusal that says why; and data_shown, the form in
 * which a value or a path appears in a message. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"

/* The text of errno value e. strerror is not thread-safe; strerror_r is,
 * in one of two forms: XSI (returns 0 or an error number and fills buf)
 * or GNU (with _GNU_SOURCE: returns the text, which may be a static string
 * that leaves buf alone). _Generic picks by the type this libc declares. */
static const char *errtext_xsi(int rc, char *buf, size_t len, int e)
{
	if (rc != 0)
		snprintf(buf, len, "error %d", e);
	return buf;
}

static const char *errtext_gnu(const char *text, char *buf, size_t len, int e)
{
	(void)buf, (void)len, (void)e;
	return text;
}

static const char *errtext(int e, char *buf, size_t len)
{
	return _Generic(strerror_r(e, buf, len), int: errtext_xsi, char *: errtext_gnu)(strerror_r(e, buf, len), buf,
											  len, e);
}

void data_free(dr_data *d)
{
	free(d->x);
	d->x = NULL;
	d->rows = d->cols = 0;
}

static int is_utf8_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

const char *data_shown(const char *s, size_t max, char *buf)
{
	size_t n = strlen(s), head = n, tail = n;
	if (n > max) {
		head = (max - 3) / 2;
		while (head && is_utf8_cont(s[head]))
			head--;
		tail = n - (max - 3 - head);
		while (tail < n && is_utf8_cont(s[tail]))
			tail++;
	}
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == head && head < tail) {
			memcpy(buf + o, "...", 3);
			o += 3;
			i = tail;
			if (i == n)
				break;
		}
		unsigned char c = (unsigned char)s[i];
		buf[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	buf[o] = 0;
	return buf;
}

/* ---- reading a data file: every byte, or a refusal that says why ---- */

/* Lines of any length, ended by "\n", "\r\n" or "\r"; a NUL byte is an
 * error (text tools would cut the line there), and so are more than
 * `limit` bytes in all (the size fstat reported may be stale or 0). */
typedef struct {
	int fd;
	const char *name;     /* the path as messages show it */
	size_t total, limit;  /* bytes read so far; the most allowed */
	size_t pos, len;      /* the unread part of buf */
	int cr;               /* the last line ended at '\r': a '\n' now belongs to it */
	int lineno;
	char *line;           /* the current line without its end, NUL-terminated */
	size_t cap, max_line; /* its buffer, and how large it may grow (max_memory) */
	unsigned char buf[65536];
} reader;

static int read_more(reader *r, char *err, size_t errlen)
{
	ssize_t k;
	char eb[128];
	do
		k = read(r->fd, r->buf, sizeof r->buf);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return dr_errf(err, errlen, DR_EIO, "data_file: cannot read '%s' (%s)", r->name, errtext(errno, eb, sizeof eb));
	r->total += (size_t)k;
	if (r->total > r->limit)
		return dr_errf(err, errlen, DR_EIO, "data_file: '%s' has more than %zu bytes (allowed: up to %.4g MiB)",
			       r->name, r->limit, (double)r->limit / (1 << 20));
	r->pos = 0;
	r->len = (size_t)k;
	return DR_OK;
}

/* 1 with the next line in r->line, 0 at the end of the file, or a DR_E* code. */
static int next_line(reader *r, char *err, size_t errlen)
{
	size_t n = 0;
	int any = 0, rc;
	for (;;) {
		if (r->pos == r->len) {
			if ((rc = read_more(r, err, errlen)) != DR_OK)
				return rc;
			if (r->len == 0) {
				if (!any)
					return 0;
				break;
			}
		}
		unsigned char c = r->buf[r->pos++];
		if (r->cr) {
			r->cr = 0;
			if (c == '\n')
				continue;
		}
		if (!any) {
			any = 1;
			r->lineno++;
		}
		if (c == '\n')
			break;
		if (c == '\r') {
			r->cr = 1;
			break;
		}
		if (c == 0) {
			if (r->lineno == 1 && n >= 1 && ((unsigned char)r->line[0] == 0xff || (unsigned char)r->line[0] == 0xfe))
				return dr_errf(err, errlen, DR_EIO,
					       "data_file: '%s' is UTF-16 text (allowed: ASCII or UTF-8)", r->name);
			return dr_errf(err, errlen, DR_EIO, "data_file: '%s' line %d has a NUL byte (not a text file)",
				       r->name, r->lineno);
		}
		if (n + 1 == r->cap) {
			if (r->cap * 2 > r->max_line)
				return dr_errf(err, errlen, DR_ELIMIT,
					       "data_file: '%s' line %d is longer than max_memory %zu MiB allows", r->name,
					       r->lineno, r->max_line >> 20);
			char *l = realloc(r->line, r->cap * 2);
			if (!l)
				return dr_errf(err, errlen, DR_ENOMEM, "data_file: out of memory reading '%s'", r->name);
			r->line = l;
			r->cap *= 2;
		}
		r->line[n++] = (char)c;
	}
	r->line[n] = 0;
	return 1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_field_end(char c)
{
	return !c || c == ',' || c == ';' || is_blank(c);
}

/* Parses one line of numbers separated by a comma, a semicolon or blanks
 * (a separator at the end is allowed). Returns 0 with the count in *n
 * (entries past max are counted, not stored), or -1 with *bad at the first
 * field that is not a decimal number (or at the separator after an empty
 * one) and *n the fields before it. */
static int parse_row(const char *s, double *out, int max, int *n, const char **bad)
{
	*n = 0;
	for (;;) {
		while (is_blank(*s))
			s++;
		if (!*s)
			return 0;
		double v;
		const char *end = dr_scan_number(s, &v);
		if (!end || !is_field_end(*end)) {
			*bad = s;
			return -1;
		}
		if (*n < max)
			out[*n] = v;
		++*n;
		for (s = end; is_blank(*s); s++)
			;
		if (*s == ',' || *s == ';') {
			for (s++; is_blank(*s); s++)
				;
			if (*s == ',' || *s == ';') {
				*bad = s;
				return -1;
			}
		}
	}
}

/* Would C's strtod read this field as a number: decimal, hexadecimal, inf
 * or nan? A first line without such a field is a header and skipped; one
 * with "0x10" or "inf" in it is data in a syntax deadrelu does not read,
 * refused rather than dropped. */
static int looks_numeric(const char *s, const char *end)
{
	if (*s == '+' || *s == '-')
		s++;
	size_t n = (size_t)(end - s);
	if (n && (isdigit((unsigned char)*s) || (n > 1 && *s == '.' && isdigit((unsigned char)s[1]))))
		return 1;
	return (n == 3 && (!strncasecmp(s, "inf", 3) || !strncasecmp(s, "nan", 3))) ||
	       (n == 8 && !strncasecmp(s, "infinity", 8)) || (n > 4 && !strncasecmp(s, "nan(", 4));
}

static int is_header(const char *s)
{
	while (*s) {
		while (*s && is_field_end(*s))
			s++;
		const char *end = s;
		while (!is_field_end(*end))
			end++;
		if (end > s && looks_numeric(s, end))
			return 0;
		s = end;
	}
	return 1;
}

static int not_regular(const char *name, mode_t m, char *err, size_t errlen)
{
	const char *what = S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device"
			 : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "not a plain file";
	return dr_errf(err, errlen, DR_EIO, "data_file: '%s' is %s (allowed: a regular file)", name, what);
}

/* Opens path only if it is a regular file: a FIFO would block, /dev/zero
 * would never end. stat first, so that no device is ever opened; fstat
 * again on what was opened, in case it was replaced between the two, with
 * O_NONBLOCK so that even then a FIFO's open does not wait. */
static int open_regular(const char *path, const char *name, size_t max_file, char *err, size_t errlen)
{
	struct stat st;
	char eb[128];
	if (stat(path, &st) != 0)
		return dr_errf(err, errlen, DR_EIO, "data_file: cannot open '%s' (%s)", name, errtext(errno, eb, sizeof eb));
	if (!S_ISREG(st.st_mode))
		return not_regular(name, st.st_mode, err, errlen);
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return dr_errf(err, errlen, DR_EIO, "data_file: cannot open '%s' (%s)", name, errtext(errno, eb, sizeof eb));
	int rc = DR_OK;
	if (fstat(fd, &st) != 0)
		rc = dr_errf(err, errlen, DR_EIO, "data_file: cannot read '%s' (%s)", name, errtext(errno, eb, sizeof eb));
	else if (!S_ISREG(st.st_mode)) /* replaced since the stat */
		rc = not_regular(name, st.st_mode, err, errlen);
	else if ((uintmax_t)st.st_size > max_file)
		rc = dr_errf(err, errlen, DR_EIO, "data_file: '%s' has %jd bytes (allowed: up to %.4g MiB)", name,
			     (intmax_t)st.st_size, (double)max_file / (1 << 20));
	int fl = fcntl(fd, F_GETFL);
	if (rc == DR_OK && fl != -1)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	if (rc != DR_OK) {
		close(fd);
		return rc;
	}
	return fd;
}

/* Appends one row, growing d->x by doubling but never past max_elems. */
static int add_row(dr_data *d, size_t *cap, size_t max_elems, const double *row)
{
	size_t need = ((size_t)d->rows + 1) * d->cols;
	if (need > *cap) {
		size_t ncap = *cap ? *cap * 2 : (size_t)d->cols * 256;
		ncap = ncap > max_elems ? max_elems : ncap;
		double *x = realloc(d->x, ncap * sizeof *x);
		if (!x)
			return DR_ENOMEM;
		d->x = x;
		*cap = ncap;
	}
	memcpy(d->x + (size_t)d->rows * d->cols, row, (size_t)d->cols * sizeof *row);
	d->rows++;
	return DR_OK;
}

/* One line's verdict: 1 a row (count in *n), 0 nothing (blank, comment,
 * header), else a DR_E* code with the message written. The first line
 * that is neither blank nor a comment may be a header. */
static int read_row(reader *r, int *first, double *row, int *n, char *err, size_t errlen)
{
	char *s = r->line;
	if (r->lineno == 1 && !strncmp(s, "\xef\xbb\xbf", 3))
		s += 3; /* a UTF-8 byte-order mark */
	if (*s == '#' || s[strspn(s, " \t")] == 0)
		return 0;
	int header_ok = *first;
	*first = 0;
	const char *bad;
	if (parse_row(s, row, DR_MAX_DIM, n, &bad) == 0)
		return 1;
	if (header_ok && is_header(s))
		return 0;
	char *end = r->line + (bad - r->line); /* the field alone, for the message */
	while (!is_field_end(*end))
		end++;
	*end = 0;
	char shown[48];
	if (!*bad)
		return dr_errf(err, errlen, DR_EIO, "data_file: '%s' line %d column %d is empty (allowed: decimal numbers)",
			       r->name, r->lineno, *n + 1);
	return dr_errf(err, errlen, DR_EIO, "data_file: '%s' line %d column %d: '%s' is not a decimal number",
		       r->name, r->lineno, *n + 1, data_shown(bad, sizeof shown - 1, shown));
}

int data_read(const char *path, size_t max_bytes, size_t max_file, dr_data *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	char name[DR_SHOWN_LEN];
	data_shown(path, sizeof name - 1, name);
	int fd = open_regular(path, name, max_file, err, errlen);
	if (fd < 0)
		return fd;
	reader *r = calloc(1, sizeof *r);
	double *row = malloc(DR_MAX_DIM * sizeof *row);
	char *line = malloc(256);
	if (!r || !row || !line) {
		free(r);
		free(row);
		free(line);
		close(fd);
		return dr_errf(err, errlen, DR_ENOMEM, "data_file: out of memory reading '%s'", name);
	}
	*r = (reader){.fd = fd, .name = name, .limit = max_file, .line = line, .cap = 256, .max_line = max_bytes};
	size_t cap = 0, max_elems = max_bytes / sizeof(double);
	int counted = 0; /* rows, also those past the memory cap */
	int over = 0;    /* past it: rows are counted for the message, not kept */
	int first = 1, rc = DR_OK, k, n;
	while ((k = next_line(r, err, errlen)) != 0) {
		if (k > 0)
			k = read_row(r, &first, row, &n, err, errlen);
		if (k < 0) {
			rc = k;
			break;
		}
		if (k == 0)
			continue;
		if (n > DR_MAX_DIM)
			rc = dr_errf(err, errlen, DR_EIO, "data_file: '%s' line %d has %d columns (allowed: 1..%d)", name,
				     r->lineno, n, DR_MAX_DIM);
		else if (counted > 0 && n != d->cols)
			rc = dr_errf(err, errlen, DR_EIO, "data_file: '%s' line %d has %d column%s, expected %d", name,
				     r->lineno, n, n == 1 ? "" : "s", d->cols);
		else if (counted == DR_MAX_POINTS)
			rc = dr_errf(err, errlen, DR_EIO, "data_file: '%s' has more than %d rows (allowed: up to %d)",
				     name, DR_MAX_POINTS, DR_MAX_POINTS);
		if (rc != DR_OK)
			break;
		d->cols = n;
		counted++;
		if (!over && ((size_t)d->rows + 1) * d->cols > max_elems) {
			over = 1;
			free(d->x);
			d->x = NULL;
		}
		if (!over && add_row(d, &cap, max_elems, row) != DR_OK) {
			rc = dr_errf(err, errlen, DR_ENOMEM, "data_file: out of memory reading '%s'", name);
			break;
		}
	}
	close(fd);
	free(r->line);
	free(r);
	free(row);
	if (rc == DR_OK && counted == 0)
		rc = dr_errf(err, errlen, DR_EIO, "data_file: '%s' has no rows of numbers", name);
	if (rc == DR_OK && over) {
		double mib = (double)counted * d->cols * sizeof(double) / (1 << 20);
		rc = dr_errf(err, errlen, DR_ELIMIT, "data_file: '%s' needs about %.0f MiB, above max_memory %zu MiB",
			     name, ceil(mib), max_bytes >> 20);
	}
	if (rc != DR_OK)
		data_free(d);
	return rc;
}

int data_load_max(const char *path, size_t max_bytes, dr_data *d, char *err, size_t errlen)
{
	return data_read(path, max_bytes, DR_MAX_DATA_BYTES, d, err, errlen);
}

