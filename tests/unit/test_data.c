/* test_data.c - the data_file loader (inputs.c data_read): lines of any
 * length, every line end, a byte-order mark, refusals of a NUL byte, of
 * what is not a regular file (a FIFO returns at once), of a file above the
 * size cap or numbers above the memory cap, of numbers that are not decimal;
 * headers, comments, blank lines, and the line number in every message.
 * Each file is checked against numbers computed here, not by the loader. */
#include "check.h"
#include "internal.h"

#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/deadrelu-data-XXXXXX";
static char path[4096];

/* Writes len bytes to a file in the test directory; returns its path. */
static const char *file_of(const char *base, const char *bytes, size_t len)
{
	snprintf(path, sizeof path, "%s/%s", dir, base);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
		printf("FAIL setup: cannot write %s\n", path);
		exit(1);
	}
	return path;
}

static const char *file_str(const char *base, const char *text)
{
	return file_of(base, text, strlen(text));
}

/* Loads f and compares with the rows x cols numbers want (row-major). */
static void expect_rows(const char *what, const char *f, int rows, int cols, const double *want)
{
	dr_data d;
	char err[DR_ERRLEN] = "";
	int rc = data_read(f, SIZE_MAX, DR_MAX_DATA_BYTES, &d, err, sizeof err);
	if (rc != DR_OK) {
		CHECK(what, 0, "refused: %s", err);
		return;
	}
	int same = d.rows == rows && d.cols == cols;
	int at = -1;
	for (int i = 0; same && i < rows * cols; i++)
		if (memcmp(&d.x[i], &want[i], sizeof want[i]) != 0) { /* bit for bit */
			same = 0;
			at = i;
		}
	CHECK(what, same, "got %d x %d, want %d x %d%s%.17g vs %.17g", d.rows, d.cols, rows, cols,
	      at >= 0 ? "; first difference " : "", at >= 0 ? d.x[at] : 0.0, at >= 0 ? want[at] : 0.0);
	data_free(&d);
}

/* The load is refused with rc and a message containing every one of the
 * NULL-terminated words, on one line. */
static void expect_refusal_cap(const char *what, const char *f, size_t max_bytes, size_t max_file, int rc_want,
			       const char *const *words)
{
	dr_data d;
	char err[DR_ERRLEN] = "";
	int rc = data_read(f, max_bytes, max_file, &d, err, sizeof err);
	int ok = rc == rc_want && !strchr(err, '\n') && !strncmp(err, "data_file: ", 11) && d.x == NULL;
	for (int i = 0; ok && words[i]; i++)
		ok = strstr(err, words[i]) != NULL;
	CHECK(what, ok, "rc %d (want %d), message '%s'", rc, rc_want, err);
	if (rc == DR_OK)
		data_free(&d);
}

#define REFUSED(what, f, ...) \
	expect_refusal_cap(what, f, SIZE_MAX, DR_MAX_DATA_BYTES, DR_EIO, (const char *const[]){__VA_ARGS__, NULL})

/* One row of n numbers x_i = (i + 1) / 7 printed at 17 digits (the
 * expectations come from strtod of the same text, here). */
static char *long_row(int n, double *vals, int pad)
{
	size_t cap = (size_t)n * (32 + pad) + 2, len = 0;
	char *s = malloc(cap);
	for (int i = 0; i < n; i++) {
		char num[64];
		snprintf(num, sizeof num, "%.17g", (i + 1) / 7.0);
		vals[i] = strtod(num, NULL);
		len += (size_t)snprintf(s + len, cap - len, "%s%*s%s", i ? "," : "", pad, "", num);
	}
	s[len++] = '\n';
	s[len] = 0;
	return s;
}

static void test_long_lines(void)
{
	/* 4096 columns of 17-digit numbers: a line of about 80 KB. */
	double *v = malloc(2 * DR_MAX_DIM * sizeof *v);
	char *row = long_row(DR_MAX_DIM, v, 0);
	memcpy(v + DR_MAX_DIM, v, DR_MAX_DIM * sizeof *v);
	size_t n = strlen(row);
	char *two = malloc(2 * n + 1);
	memcpy(two, row, n);
	memcpy(two + n, row, n + 1);
	CHECK("long/4096 columns: the line is above 64 KiB", n > 65536, "only %zu bytes", n);
	expect_rows("long/4096 columns x 2 rows, every number", file_str("wide.csv", two), 2, DR_MAX_DIM, v);
	free(row);
	free(two);

	/* A 1 MB line: 4096 numbers, each after 240 blanks. */
	row = long_row(DR_MAX_DIM, v, 240);
	CHECK("long/1 MB line: the line is above 1 MB", strlen(row) > 1000000, "only %zu bytes", strlen(row));
	expect_rows("long/1 MB line, every number", file_str("mb.csv", row), 1, DR_MAX_DIM, v);
	free(row);

	/* A 1 MB number: 0.5 followed by a million zeros is 0.5. */
	size_t big = 1000000;
	char *num = malloc(big + 8);
	memcpy(num, "0.5", 3);
	memset(num + 3, '0', big);
	memcpy(num + 3 + big, ",2\n", 4);
	expect_rows("long/a number of 1 MB", file_str("mbnum.csv", num), 1, 2, (double[]){0.5, 2});
	free(num);

	row = long_row(DR_MAX_DIM + 1, v = realloc(v, (DR_MAX_DIM + 1) * sizeof *v), 0);
	REFUSED("long/4097 columns refused", file_str("wider.csv", row), "line 1", "4097 columns", "4096");
	free(row);
	free(v);
}

static void test_line_ends(void)
{
	const double want[] = {1, 2, 3.5, -4, 5e-3, 6};
	expect_rows("ends/LF", file_str("lf.csv", "1,2\n3.5,-4\n5e-3,6\n"), 3, 2, want);
	expect_rows("ends/LF, no final end", file_str("lf0.csv", "1,2\n3.5,-4\n5e-3,6"), 3, 2, want);
	expect_rows("ends/CRLF", file_str("crlf.csv", "1,2\r\n3.5,-4\r\n5e-3,6\r\n"), 3, 2, want);
	expect_rows("ends/CR only", file_str("cr.csv", "1,2\r3.5,-4\r5e-3,6\r"), 3, 2, want);
	expect_rows("ends/mixed", file_str("mixed.csv", "1,2\r\n3.5,-4\r5e-3,6\n"), 3, 2, want);
	expect_rows("ends/BOM + CRLF", file_str("bom.csv", "\xef\xbb\xbf" "1,2\r\n3.5,-4\r\n5e-3,6\r\n"), 3, 2, want);
	expect_rows("ends/BOM + header", file_str("bomh.csv", "\xef\xbb\xbfx,y\n1,2\n3.5,-4\n5e-3,6\n"), 3, 2, want);
	/* the line numbers count CR-only and CRLF ends alike */
	REFUSED("ends/CR-only line numbers", file_str("crbad.csv", "1,2\r3,4\r5\r"), "line 3 has 1 column, expected 2");
	REFUSED("ends/CRLF line numbers", file_str("crlfbad.csv", "1,2\r\n\r\n3,x\r\n"), "line 3 column 2", "'x'");
	REFUSED("ends/mixed line numbers", file_str("mixbad.csv", "1,2\r\n3,4\r5,6\n\n7\n"), "line 5 has 1 column,");
}

static void test_syntax(void)
{
	expect_rows("syntax/header", file_str("h.csv", "x,y\n1,2\n"), 1, 2, (double[]){1, 2});
	expect_rows("syntax/header with digits in names", file_str("h2.csv", "x1;x2\n1;2\n"), 1, 2, (double[]){1, 2});
	expect_rows("syntax/comments, blank lines, blanks",
		    file_str("c.csv", "# points\n\n  1 , 2\t\n   \n#3,4\n\t5;6,\n"), 2, 2, (double[]){1, 2, 5, 6});
	expect_rows("syntax/blank-separated", file_str("b.csv", "1 2 3\n4\t5  6\n"), 2, 3, (double[]){1, 2, 3, 4, 5, 6});
	expect_rows("syntax/signs, exponents, a point alone",
		    file_str("s.csv", "+1,-0,.5,5.,1E3,-2.5e-2\n"), 1, 6, (double[]){1, -0.0, 0.5, 5, 1000, -0.025});
	REFUSED("syntax/hex refused", file_str("hex.csv", "1,0x10\n"), "line 1 column 2", "'0x10'", "not a decimal number");
	REFUSED("syntax/hex float refused", file_str("hexf.csv", "1,2\n0x1p4,2\n"), "line 2 column 1", "'0x1p4'");
	REFUSED("syntax/inf refused", file_str("inf.csv", "1,2\n3,inf\n"), "line 2 column 2", "'inf'");
	REFUSED("syntax/-Infinity refused", file_str("inf2.csv", "1,2\n-Infinity,3\n"), "line 2", "'-Infinity'");
	REFUSED("syntax/nan refused", file_str("nan.csv", "1,2\nnan,3\n"), "line 2 column 1", "'nan'");
	REFUSED("syntax/overflow refused", file_str("ovf.csv", "1,2\n3,1e999\n"), "line 2 column 2", "'1e999'");
	/* a first line of hexadecimal numbers is data in the wrong syntax, not a header */
	REFUSED("syntax/hex first line is not a header", file_str("hexh.csv", "0x10,0x20\n1,2\n"), "line 1", "'0x10'");
	REFUSED("syntax/inf first line is not a header", file_str("infh.csv", "inf,nan\n1,2\n"), "line 1", "'inf'");
	REFUSED("syntax/a header only on line 1", file_str("h3.csv", "1,2\nx,y\n"), "line 2 column 1", "'x'");
	REFUSED("syntax/empty field", file_str("e.csv", "1,2,3\n4,,6\n"), "line 2 column 2 is empty");
	REFUSED("syntax/junk after a number", file_str("j.csv", "1,2\n3,4x\n"), "line 2 column 2", "'4x'");
	REFUSED("syntax/column count", file_str("cols.csv", "1,2\n3,4\n\n5,6,7\n"), "line 4 has 3 columns, expected 2");
	expect_rows("syntax/header after comments", file_str("h4.csv", "# made by hand\n\nx,y\n1,2\n"), 1, 2,
		    (double[]){1, 2});
	REFUSED("syntax/one header only", file_str("h5.csv", "x,y\nx,y\n1,2\n"), "line 2 column 1", "'x'");
	REFUSED("syntax/no rows", file_str("none.csv", "# nothing\n\nx,y\n"), "has no rows");
	REFUSED("syntax/empty file", file_str("empty.csv", ""), "has no rows");
	REFUSED("syntax/NUL byte", file_of("nul.csv", "1,2\n3,\0 4\n", 10), "line 2", "NUL");
	REFUSED("syntax/NUL in a comment", file_of("nulc.csv", "1,2\n#\0\n", 7), "line 2", "NUL");
	REFUSED("syntax/UTF-16", file_of("u16.csv", "\xff\xfe" "1\0,\0" "2\0\n\0", 10), "UTF-16");
	/* a control character in a field shows as '?': the message stays one line */
	REFUSED("syntax/control characters shown as ?", file_str("ctl.csv", "1,2\n3,\x1b[2J\n"), "line 2", "'?[2J'");

	/* more rows than a simulation takes */
	size_t n = (size_t)DR_MAX_POINTS + 1;
	char *many = malloc(2 * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(many + 2 * i, "0\n", 2);
	many[2 * n] = 0;
	REFUSED("syntax/1000001 rows refused", file_str("many.csv", many), "more than 1000000 rows");
	many[2 * (n - 1)] = 0;
	dr_data d;
	char err[DR_ERRLEN] = "";
	int rc = data_read(file_str("many1.csv", many), SIZE_MAX, DR_MAX_DATA_BYTES, &d, err, sizeof err);
	CHECK("syntax/1000000 rows taken", rc == DR_OK && d.rows == DR_MAX_POINTS && d.cols == 1, "rc %d (%s), %d rows",
	      rc, err, d.rows);
	if (rc == DR_OK)
		data_free(&d);
	free(many);
}

/* Runs data_read on f in a child stopped by an alarm after 3 s: a call that
 * blocks or never ends is a failure, not a hung test. */
static void expect_quick_refusal(const char *what, const char *f, const char *word)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(3);
		dr_data d;
		char err[DR_ERRLEN] = "";
		int rc = data_read(f, SIZE_MAX, DR_MAX_DATA_BYTES, &d, err, sizeof err);
		if (rc == DR_EIO && strstr(err, word) && !strchr(err, '\n'))
			_exit(0);
		printf("    rc %d: %s\n", rc, err);
		fflush(stdout);
		_exit(1);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
	CHECK(what, WIFEXITED(st) && WEXITSTATUS(st) == 0 && s < 1.0, "%s after %.2f s",
	      WIFSIGNALED(st) ? "still reading (killed by the alarm)" : "no refusal naming the problem", s);
}

static void test_not_regular(void)
{
	char fifo[4200];
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	if (mkfifo(fifo, 0600) != 0) {
		CHECK("special/FIFO", 0, "mkfifo failed");
	} else {
		expect_quick_refusal("special/FIFO refused at once", fifo, "is a FIFO");
	}
	expect_quick_refusal("special//dev/zero refused at once", "/dev/zero", "character device");
	expect_quick_refusal("special//dev/null refused", "/dev/null", "character device");
	expect_quick_refusal("special/directory refused", dir, "is a directory");
	expect_quick_refusal("special/missing file", "/nonexistent/x.csv", "cannot open");
	char link[4200];
	snprintf(link, sizeof link, "%s/zero-link", dir);
	if (symlink("/dev/zero", link) == 0)
		expect_quick_refusal("special/a link to /dev/zero refused", link, "character device");
}

static void test_caps(void)
{
	const char *f = file_str("cap.csv", "1,2\n3,4\n"); /* 8 bytes */
	expect_refusal_cap("caps/file above the size cap", f, SIZE_MAX, 7, DR_EIO,
			   (const char *const[]){"'", "has 8 bytes", "allowed: up to", NULL});
	dr_data d;
	char err[DR_ERRLEN] = "";
	int rc = data_read(f, SIZE_MAX, 8, &d, err, sizeof err);
	CHECK("caps/file at the size cap", rc == DR_OK && d.rows == 2, "rc %d (%s)", rc, err);
	if (rc == DR_OK)
		data_free(&d);
	/* a regular file whose size stat says 0 but that reads on: the cap holds while reading */
	expect_refusal_cap("caps/size cap while reading (/proc)", "/proc/self/status", SIZE_MAX, 16, DR_EIO,
			   (const char *const[]){"has more than 16 bytes", NULL});
	CHECK("caps/DR_MAX_DATA_BYTES is 256 MiB", DR_MAX_DATA_BYTES == (size_t)256 << 20, "%zu",
	      (size_t)DR_MAX_DATA_BYTES);

	/* memory: 20000 rows x 8 columns = 160000 doubles = 1.22 MiB */
	size_t rows = 20000, cols = 8;
	char *text = malloc(rows * cols * 2 + 1), *w = text;
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			*w++ = (char)('0' + (i + j) % 10);
			*w++ = j + 1 < cols ? ',' : '\n';
		}
	*w = 0;
	f = file_str("mem.csv", text);
	expect_refusal_cap("caps/memory: needs about 2 MiB, above max_memory 1 MiB", f, (size_t)1 << 20, DR_MAX_DATA_BYTES,
			   DR_ELIMIT, (const char *const[]){"needs about 2 MiB, above max_memory 1 MiB", NULL});
	rc = data_read(f, (size_t)2 << 20, DR_MAX_DATA_BYTES, &d, err, sizeof err);
	int ok = rc == DR_OK && d.rows == (int)rows && d.cols == (int)cols;
	for (size_t i = 0; ok && i < rows * cols; i++)
		ok = d.x[i] == (double)((i / cols + i % cols) % 10);
	CHECK("caps/memory: taken under 2 MiB, every number", ok, "rc %d (%s)", rc, err);
	if (rc == DR_OK)
		data_free(&d);
	/* exactly at the cap: 160000 doubles in 1280000 bytes */
	rc = data_read(f, rows * cols * sizeof(double), DR_MAX_DATA_BYTES, &d, err, sizeof err);
	CHECK("caps/memory: exactly at the cap", rc == DR_OK, "rc %d (%s)", rc, err);
	if (rc == DR_OK)
		data_free(&d);
	rc = data_read(f, rows * cols * sizeof(double) - 1, DR_MAX_DATA_BYTES, &d, err, sizeof err);
	CHECK("caps/memory: one byte under the cap", rc == DR_ELIMIT, "rc %d (%s)", rc, err);

	/* through the parameters: max_memory is the cap; data_rows is recorded */
	dr_params p;
	dr_params_default(&p);
	rc = dr_param_set(&p, "max_memory", "1", err, sizeof err);
	if (rc == DR_OK)
		rc = dr_param_set(&p, "data_file", f, err, sizeof err);
	CHECK("caps/set data_file under max_memory 1", rc != DR_OK && strstr(err, "needs about 2 MiB, above max_memory 1 MiB"),
	      "rc %d, message '%s'", rc, err);
	rc = dr_param_set(&p, "max_memory", "2", err, sizeof err);
	if (rc == DR_OK)
		rc = dr_param_set(&p, "data_file", f, err, sizeof err);
	CHECK("caps/set data_file: data_rows, input_dim, nonnegative",
	      rc == DR_OK && p.data_rows == (int)rows && p.input_dim == (int)cols && p.data_nonnegative,
	      "rc %d (%s): rows %d, input_dim %d, nonneg %d", rc, err, p.data_rows, p.input_dim, p.data_nonnegative);
	rc = dr_param_set(&p, "data_file", "none", err, sizeof err);
	CHECK("caps/data_file none: data_rows 0", rc == DR_OK && p.data_rows == 0 && !p.data_nonnegative, "rc %d, rows %d",
	      rc, p.data_rows);
	free(text);
}

static void test_messages(void)
{
	/* A long path is shortened in the middle: the problem stays in the message. */
	char longp[1100];
	memset(longp, 'a', sizeof longp - 1);
	longp[0] = '/';
	longp[sizeof longp - 1] = 0;
	memcpy(longp + sizeof longp - 9, "/end.csv", 8);
	dr_data d;
	char err[DR_ERRLEN] = "";
	int rc = data_read(longp, SIZE_MAX, DR_MAX_DATA_BYTES, &d, err, sizeof err);
	size_t n = strlen(err);
	CHECK("messages/long path elided, the reason kept",
	      rc == DR_EIO && strstr(err, "...") && strstr(err, "end.csv'") && n < DR_ERRLEN - 1 && err[n - 1] == ')',
	      "rc %d, '%s'", rc, err);
	char buf[DR_SHOWN_LEN];
	/* "é" is 2 bytes: an elision never cuts one in half */
	char s[300] = "";
	for (int i = 0; i < 100; i++)
		strcat(s, "\xc3\xa9");
	data_shown(s, DR_SHOWN_LEN - 1, buf);
	int whole = strlen(buf) <= DR_SHOWN_LEN - 1 && strstr(buf, "...") != NULL;
	for (const unsigned char *c = (const unsigned char *)buf; whole && *c; c++)
		if (*c == 0xc3)
			whole = c[1] == 0xa9;
		else if (*c == 0xa9)
			whole = c > (const unsigned char *)buf && c[-1] == 0xc3;
	CHECK("messages/elision at UTF-8 boundaries", whole, "'%s'", buf);
	CHECK("messages/short text unchanged", !strcmp(data_shown("a,b", 10, buf), "a,b"), "'%s'", buf);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		printf("FAIL setup: mkdtemp\n");
		return 1;
	}
	test_long_lines();
	test_line_ends();
	test_syntax();
	test_not_regular();
	test_caps();
	test_messages();
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("FAIL cleanup: %s\n", cmd);
	CHECK_DONE();
}
