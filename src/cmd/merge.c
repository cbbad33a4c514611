/* merge.c - the merge command: shard files (shard.c) of one run checked to
 * belong together (the same version, parameters and seed, slices of the
 * same N, none twice), their counters added, and the result reported as
 * simulate reports the whole run (the engine's dr_counters_result makes
 * the same bits from the same counts). Missing slices are an error, or
 * with --partial an estimate over the slices given, marked as such.
 *
 * The files are read one at a time and added as they come, so memory
 * holds one shard and the sum, whatever the number of files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/shard.h"

/* Parameters that say how a shard ran, not what it computed: they may
 * differ between shards; the result reports those of the lowest slice. */
static int how_it_ran(const char *name)
{
	return !strcmp(name, "threads") || !strcmp(name, "max_memory");
}

/* ---- the slices given: each once ---- */

typedef struct {
	long long *index; /* open addressing, 0: empty */
	int *file;
	size_t cap;
} slice_set;

static int set_init(slice_set *t, int files)
{
	t->cap = 16;
	while (t->cap < 2 * (size_t)files)
		t->cap *= 2;
	t->index = calloc(t->cap, sizeof *t->index);
	t->file = calloc(t->cap, sizeof *t->file);
	return t->index && t->file ? 0 : -1;
}

/* Adds index from file f: -1 with *other the file that gave it already. */
static int set_add(slice_set *t, long long index, int f, int *other)
{
	size_t h = (size_t)((uint64_t)index * 0x9e3779b97f4a7c15u >> 7) & (t->cap - 1);
	while (t->index[h] && t->index[h] != index)
		h = (h + 1) & (t->cap - 1);
	if (t->index[h]) {
		*other = t->file[h];
		return -1;
	}
	t->index[h] = index;
	t->file[h] = f;
	return 0;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* ---- the slices as text ---- */

#define RANGES_SHOWN 32

/* Runs of consecutive numbers of the n sorted v: "2, 4-7" (of 0) or, for
 * a message, "2/7, 4/7 to 7/7" (of N); the first RANGES_SHOWN of them. */
static void ranges(sbuf *out, const long long *v, long long n, long long of, int last_and)
{
	long long runs = 0, shown = 0;
	for (long long i = 0; i < n; i++)
		runs += i == 0 || v[i] != v[i - 1] + 1;
	for (long long i = 0; i < n && shown < RANGES_SHOWN; shown++) {
		long long j = i;
		while (j + 1 < n && v[j + 1] == v[j] + 1)
			j++;
		const char *sep = shown == 0 ? "" : last_and && shown == runs - 1 ? " and " : ", ";
		if (of)
			sb_printf(out, i == j ? "%s%lld/%lld" : "%s%lld/%lld to %lld/%lld", sep, v[i], of, v[j], of);
		else
			sb_printf(out, i == j ? "%s%lld" : "%s%lld-%lld", sep, v[i], v[j]);
		i = j + 1;
	}
	if (runs > shown)
		sb_printf(out, " and %lld more runs", runs - shown);
}

/* The slices 1..of missing from the sorted given ones, into a new array. */
static long long *missing_of(const long long *given, long long n, long long of, long long *nmiss)
{
	*nmiss = of - n;
	long long *m = malloc((size_t)(*nmiss > 0 ? *nmiss : 1) * sizeof *m), k = 0, g = 0;
	for (long long i = 1; m && i <= of; i++) {
		if (g < n && given[g] == i)
			g++;
		else
			m[k++] = i;
	}
	return m;
}

/* ---- the command ---- */

typedef struct {
	const char *file;
	shard sh;
	dr_params p;
} first_shard;

/* sh (from file) is of the same run as ref: the same parameters but how
 * they ran, each of those valid; the same N. */
static int same_run(const first_shard *ref, const shard *sh, const char *file, char *err, size_t errlen)
{
	char a[64], b[64];
	for (int i = 0; i < dr_param_count(); i++) {
		const char *name = dr_param_at(i)->name;
		if (how_it_ran(name)) {
			dr_params q = ref->p;
			char why[DR_ERRLEN];
			if (dr_param_parse(&q, name, sh->value[i], why, sizeof why) != DR_OK ||
			    dr_params_check(&q, why, sizeof why) != DR_OK)
				return cmd_errf(err, errlen, "merge: %s: params: %s", file, why);
		} else if (strcmp(sh->value[i], ref->sh.value[i])) {
			return cmd_errf(err, errlen,
					"merge: %s has %s %s, %s has %s %s (allowed: shards of one run: the same parameters and seed)",
					file, name, shard_shown(sh->value[i], a, sizeof a), ref->file, name,
					shard_shown(ref->sh.value[i], b, sizeof b));
		}
	}
	if (sh->of != ref->sh.of)
		return cmd_errf(err, errlen,
				"merge: %s is slice %lld/%lld, %s slice %lld/%lld (allowed: slices of one cut, the same N)", file,
				sh->index, sh->of, ref->file, ref->sh.index, ref->sh.of);
	return DR_OK;
}

/* What a partial merge covers: "slices 1, 3-4 of 7 (missing 2, 5-7): 286
 * of 1000 trials". */
static char *partial_text(const long long *given, long long n, long long of, long long counted, long long trials)
{
	long long nmiss;
	long long *miss = missing_of(given, n, of, &nmiss);
	sbuf t = {0};
	sb_puts(&t, n == 1 ? "slice " : "slices ");
	ranges(&t, given, n, 0, 0);
	sb_printf(&t, " of %lld (missing ", of);
	if (miss)
		ranges(&t, miss, nmiss, 0, 0);
	sb_printf(&t, "): %lld of %lld trials", counted, trials);
	free(miss);
	return t.s;
}

int cmd_merge(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	if (s->restricted)
		return cmd_errf(err, errlen, "merge: not available to --sandbox scripts");
	if (s->shard_of)
		return cmd_errf(err, errlen, "merge: not with --shard (merge in a run of its own: deadrelu merge FILE...)");
	int a = 1, partial = 0;
	for (; a < argc && !strncmp(argv[a], "--", 2); a++) {
		if (!strcmp(argv[a], "--")) {
			a++;
			break;
		}
		if (strcmp(argv[a], "--partial"))
			return cmd_errf(err, errlen, "merge: unknown option '%s' (allowed: --partial, then the files)", argv[a]);
		partial = 1;
	}
	int nfiles = argc - a;
	char **files = argv + a;
	if (nfiles < 1)
		return cmd_errf(err, errlen, "merge: no files (usage: merge [--partial] FILE...)");

	first_shard ref = {0};
	dr_counters sum = {0};
	slice_set given = {0};
	long long *indices = malloc((size_t)nfiles * sizeof *indices), lowest = 0;
	char *low_value[2] = {NULL, NULL}; /* threads and max_memory of the lowest slice */
	const char *low_name[2] = {"threads", "max_memory"};
	int rc = indices && set_init(&given, nfiles) == 0 ? DR_OK : cmd_errf(err, errlen, "merge: out of memory");
	char why[8192];
	for (int f = 0; rc == DR_OK && f < nfiles; f++) {
		shard sh;
		if (shard_read(files[f], &sh, why, sizeof why) != DR_OK) {
			rc = cmd_errf(err, errlen, "merge: %s: %s", files[f], why);
			break;
		}
		if (f == 0) {
			ref.file = files[0];
			rc = shard_params(&sh, &ref.p, why, sizeof why);
			if (rc == DR_OK)
				rc = dr_counters_init(&sum, &ref.p, why, sizeof why);
			if (rc != DR_OK)
				rc = cmd_errf(err, errlen, "merge: %s: %s", files[f], why);
		} else {
			rc = same_run(&ref, &sh, files[f], err, errlen);
		}
		if (rc == DR_OK && shard_check(&sh, &ref.p, why, sizeof why) != DR_OK)
			rc = cmd_errf(err, errlen, "merge: %s: %s", files[f], why);
		int other;
		if (rc == DR_OK && set_add(&given, sh.index, f, &other) < 0)
			rc = cmd_errf(err, errlen, "merge: slice %lld/%lld given twice (%s, %s)", sh.index, sh.of, files[other],
				      files[f]);
		if (rc == DR_OK && dr_counters_add(&sum, &sh.c, why, sizeof why) != DR_OK)
			rc = cmd_errf(err, errlen, "merge: %s: %s", files[f], why);
		if (rc == DR_OK) {
			indices[f] = sh.index;
			if (f == 0 || sh.index < lowest) {
				lowest = sh.index;
				for (int k = 0; k < 2; k++) {
					int i = 0;
					while (strcmp(dr_param_at(i)->name, low_name[k]))
						i++;
					free(low_value[k]);
					low_value[k] = strdup(sh.value[i]);
				}
			}
		}
		if (f == 0 && rc == DR_OK) {
			ref.sh = sh; /* kept: the others are compared with it */
			ref.sh.c = (dr_counters){0};
			dr_counters_free(&sh.c);
		} else {
			shard_free(&sh);
		}
	}
	long long of = ref.sh.of;
	char *covers = NULL;
	if (rc == DR_OK) {
		qsort(indices, (size_t)nfiles, sizeof *indices, cmp_ll);
		if (nfiles < of && !partial) {
			long long nmiss;
			long long *miss = missing_of(indices, nfiles, of, &nmiss);
			sbuf t = {0};
			if (miss)
				ranges(&t, miss, nmiss, of, 1);
			rc = cmd_errf(err, errlen, "merge: %s %s missing (given %d of %lld; merge --partial estimates from those given)",
				      nmiss == 1 ? "slice" : "slices", sb_str(&t), nfiles, of);
			sb_free(&t);
			free(miss);
		} else if (nfiles < of) {
			covers = partial_text(indices, nfiles, of, sum.n, sum.trials);
		}
	}
	dr_params p = ref.p;
	for (int k = 0; rc == DR_OK && k < 2; k++)
		if (!low_value[k] || dr_param_parse(&p, low_name[k], low_value[k], why, sizeof why) != DR_OK)
			rc = cmd_errf(err, errlen, "merge: %s: %s", low_name[k], low_value[k] ? why : "out of memory");
	dr_result r = {0};
	if (rc == DR_OK && dr_counters_result(&p, &sum, &r, why, sizeof why) != DR_OK)
		rc = cmd_errf(err, errlen, "merge: %s", why);
	if (rc == DR_OK) {
		report_result_of(out, &p, &r, covers, s->json);
		session_store_result(s, &p, &r);
		s->result_partial = covers;
		covers = NULL;
	}
	dr_result_free(&r);
	free(covers);
	free(low_value[0]);
	free(low_value[1]);
	free(given.index);
	free(given.file);
	free(indices);
	dr_counters_free(&sum);
	shard_free(&ref.sh);
	return rc;
}
