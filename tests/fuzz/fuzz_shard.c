/* fuzz_shard.c - libFuzzer harness for the shard reader behind merge: the
 * input is the file. A file read is checked against its parameters and,
 * when it passes, turned into a result; a refused one frees everything
 * and says why in one line. Whatever data_file the input names is not
 * read (the harness sets it to none): the reader's own code is what is
 * under test, not the CSV reader (fuzz_csv) or the file system. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd/shard.h"

static char path[64];
static int fd = -1;

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_shard: %s\n  detail: %s\n", what, detail);
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
		snprintf(path, sizeof path, "%s/fuzz_shard.XXXXXX", dir && *dir && strlen(dir) < 40 ? dir : "/tmp");
		fd = mkstemp(path);
		if (fd < 0)
			die("mkstemp failed", path);
		atexit(remove_file);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		die("cannot write the temporary file", path);
}

static void one_line(const char *what, const char *err)
{
	if (!*err || strchr(err, '\n'))
		die(what, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	write_file(data, size);
	shard sh;
	char err[8192] = "";
	if (shard_read(path, &sh, err, sizeof err) != DR_OK) {
		one_line("a refused file's message is empty or not one line", err);
		if (sh.value || sh.c.alive)
			die("a refused file left data behind", err);
		return 0;
	}
	for (int i = 0; i < dr_param_count(); i++)
		if (!strcmp(dr_param_at(i)->name, "data_file")) {
			free(sh.value[i]);
			sh.value[i] = strdup("none");
			if (!sh.value[i])
				die("out of memory", "");
		}
	dr_params p;
	dr_result r;
	if (shard_params(&sh, &p, err, sizeof err) != DR_OK || shard_check(&sh, &p, err, sizeof err) != DR_OK) {
		one_line("a refused shard's message is empty or not one line", err);
	} else if (dr_counters_result(&p, &sh.c, &r, err, sizeof err) != DR_OK) {
		die("counters that passed the check gave no result", err);
	} else {
		if (r.trials != sh.c.n || r.depth != p.depth || !(r.alive >= 0 && r.alive <= 1))
			die("a result unlike its counters", "");
		dr_result_free(&r);
	}
	shard_free(&sh);
	return 0;
}
