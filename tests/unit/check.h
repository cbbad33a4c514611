/* check.h - a tiny test harness. Each test program prints one line per
 * check ("PASS name" or "FAIL name: why"); tests/run.sh counts them. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <stdarg.h>
#include <time.h>

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

/* A check's name built with printf's formats: CHECK(NAME("case %d", i), ...). */
static char check_name[4096] __attribute__((unused));
#define NAME(...) (snprintf(check_name, sizeof check_name, __VA_ARGS__), check_name)

/* CHECK_SANITIZED is 1 in the AddressSanitizer and ThreadSanitizer
 * builds. They are there to find memory errors and races, which a fraction
 * of the trials finds as well as all of them (every code path still runs,
 * on every thread); the plain build carries the statistical power. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CHECK_SANITIZED 1
#else
#define CHECK_SANITIZED 0
#endif

/* Seconds on the monotonic clock. */
static double check_now(void) __attribute__((unused));

static double check_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CHECK(name, condition, "format explaining a failure", ...) */
#define CHECK(name, cond, ...) check_report(!!(cond), (name), __VA_ARGS__)
#define CHECK_DONE() return check_failed ? 1 : 0

#endif
