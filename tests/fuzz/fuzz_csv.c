/* fuzz_csv.c - libFuzzer harness for the data_file reader: the input is the
 * file. A load that succeeds has at least one row and one column and only
 * finite numbers; one that fails frees everything and says why in one line
 * that names the file. The memory cap is small so that refusing a file
 * for its size is reached too. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

#define MEMORY_CAP ((size_t)128 << 10) /* 16384 numbers */

static char path[64];
static int fd = -1;

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_csv: %s\n  detail: %s\n", what, detail);
	abort();
}

static void remove_file(void)
{
	if (fd >= 0)
		unlink(path);
}

/* One temporary file for the whole run, rewritten for every input. */
static void write_file(const uint8_t *data, size_t size)
{
	if (fd < 0) {
		const char *dir = getenv("TMPDIR");
		snprintf(path, sizeof path, "%s/fuzz_csv.XXXXXX", dir && *dir && strlen(dir) < 40 ? dir : "/tmp");
		fd = mkstemp(path);
		if (fd < 0)
			die("mkstemp failed", path);
		atexit(remove_file);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		die("cannot write the temporary file", path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	write_file(data, size);
	dr_data d;
	char err[DR_ERRLEN] = "";
	int rc = data_load_max(path, MEMORY_CAP, &d, err, sizeof err);
	if (rc == DR_OK) {
		if (d.rows < 1 || d.cols < 1 || d.cols > DR_MAX_DIM || d.rows > DR_MAX_POINTS || !d.x)
			die("a loaded file has no rows or columns", "");
		if ((size_t)d.rows * d.cols > MEMORY_CAP / sizeof(double))
			die("a loaded file is larger than the memory cap", "");
		for (size_t i = 0; i < (size_t)d.rows * d.cols; i++)
			if (!isfinite(d.x[i]))
				die("a loaded number is not finite", "");
		data_free(&d);
		return 0;
	}
	if (rc > 0 || rc < DR_ECANCELED)
		die("an unknown return code", err);
	if (!*err || strchr(err, '\n'))
		die("the message is empty or not one line", err);
	if (!strstr(err, path))
		die("the message does not name the file", err);
	if (d.x || d.rows || d.cols)
		die("a refused file left data behind", err);
	return 0;
}
