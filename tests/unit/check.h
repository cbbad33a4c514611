/* check.h - a tiny test harness. Each test program prints one line per
 * check ("PASS name" or "FAIL name: why"); tests/run.sh counts them. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <stdarg.h>

static int check_failed;

static void check_report(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), unused));

static void check_report(int ok, const char *name, const char *fmt, ...)
{
	if (ok) {
		printf("PASS %s\n", name);
	} else {
		va_list ap;
		printf("FAIL %s: ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
		check_failed++;
	}
	fflush(stdout);
}

/* CHECK(name, condition, "format explaining a failure", ...) */
#define CHECK(name, cond, ...) check_report(!!(cond), (name), __VA_ARGS__)
#define CHECK_DONE() return check_failed ? 1 : 0

#endif
