/* replay.c - main() for a fuzz harness built without libFuzzer: runs
 * LLVMFuzzerTestOneInput on every file of the directories (or the files)
 * given, in name order, and prints "PASS fuzz/HARNESS/FILE" for each, where
 * HARNESS is the file's directory. A file that crashes the harness, trips
 * a sanitizer, leaks or runs too long prints "FAIL fuzz/HARNESS/FILE: why"
 * and ends the run with a non-zero status, so `make test` names it. */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_SANITIZER 1
#endif
#ifdef HAVE_SANITIZER
#include <stdatomic.h>
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
/* In the runtime of gcc and clang alike, not in gcc's headers. */
int __sanitizer_install_malloc_and_free_hooks(void (*on_malloc)(const volatile void *, size_t),
					      void (*on_free)(const volatile void *));
#endif

#define TIMEOUT_SECONDS 60

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char current[4096]; /* "fuzz/HARNESS/FILE" of the input running */

/* Only async-signal-safe calls: this runs from signal handlers. */
static void say_fail(const char *why)
{
	const char *parts[] = {"FAIL ", current, ": ", why, "\n"};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		if (write(STDOUT_FILENO, parts[i], strlen(parts[i])) < 0)
			break;
}

#ifdef HAVE_SANITIZER
/* A leak check scans the whole heap: only after an input that did not
 * free as many blocks as it allocated (libFuzzer does the same). */
static atomic_long allocs, frees;

static void on_malloc(const volatile void *p, size_t n)
{
	(void)p;
	(void)n;
	atomic_fetch_add_explicit(&allocs, 1, memory_order_relaxed);
}

static void on_free(const volatile void *p)
{
	if (p)
		atomic_fetch_add_explicit(&frees, 1, memory_order_relaxed);
}

static void on_death(void)
{
	say_fail("sanitizer report above");
}

/* gcc links UBSan as a runtime of its own, which never calls the death
 * callback: an abort instead, which on_signal reports. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:abort_on_error=1:print_stacktrace=1";
}
#endif

static void on_signal(int sig)
{
	say_fail(sig == SIGALRM ? "timed out" : sig == SIGABRT ? "aborted (see above)" : "crashed");
	_exit(1);
}

static void set_current(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		snprintf(current, sizeof current, "fuzz/%s", path);
		return;
	}
	const char *harness = slash;
	while (harness > path && harness[-1] != '/')
		harness--;
	snprintf(current, sizeof current, "fuzz/%.*s%s", (int)(slash - harness), harness, slash + (slash == harness));
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		set_current(path);
		say_fail("cannot open");
		return 1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *data = malloc(cap);
	for (size_t k; data && (k = fread(data + n, 1, cap - n, f)) > 0;) {
		n += k;
		if (n == cap) {
			uint8_t *more = realloc(data, cap *= 2);
			if (!more)
				free(data);
			data = more;
		}
	}
	fclose(f);
	set_current(path);
	if (!data) {
		say_fail("out of memory");
		return 1;
	}
	/* Exactly size bytes: the sanitizer sees a read past the input. */
	uint8_t *input = malloc(n ? n : 1);
	memcpy(input, data, n);
	free(data);
	fflush(stdout);
#ifdef HAVE_SANITIZER
	long a0 = atomic_load(&allocs), f0 = atomic_load(&frees);
#endif
	alarm(TIMEOUT_SECONDS);
	LLVMFuzzerTestOneInput(input, n);
	alarm(0);
#ifdef HAVE_SANITIZER
	if (atomic_load(&allocs) - a0 != atomic_load(&frees) - f0 && __lsan_do_recoverable_leak_check()) {
		say_fail("leaks (report above)");
		free(input);
		return 1;
	}
#endif
	free(input);
	printf("PASS %s\n", current);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of a directory in name order (a run is the same everywhere). */
static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return run_file(dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			char **more = realloc(names, cap * sizeof *names);
			if (!more)
				break;
			names = more;
		}
		names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (!names[n])
			break;
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		failed |= run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return failed;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE ...\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_signal);
	signal(SIGABRT, on_signal);
#ifdef HAVE_SANITIZER
	__sanitizer_set_death_callback(on_death);
	__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
#endif
	int failed = 0;
	for (int i = 1; i < argc; i++)
		failed |= run_dir(argv[i]);
	if (failed) {
		fflush(stdout);
		_exit(1); /* the leak check at exit would report them again */
	}
	snprintf(current, sizeof current, "fuzz: at exit");
	return 0;
}
