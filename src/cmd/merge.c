/* merge.c - the merge command: shard files (shard.c) of one run checked to
 * belong together (the same version, parameters and seed, slices of the
 * same N, none twice), their counters added, and the result reported as
 * simulate reports the whole run (the engine's dr_counters_result makes
 * the same bits from the same counts). Missing slices are an error, or
 * with --partial an estimate over the slices given, marked as such.
 *
 * The files are read one at a time and added as they come, so memory
 * holds one shard and the sum, whatever the number of files. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cmd/shard.h"
#include "cmd/sweep.h"

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

/* The shards in files, of one run, added up: its parameters (those of how
 * it ran from the lowest slice) and result; with partial, a set missing
 * slices is an estimate over those given, *covers saying what it covers
 * (malloc'ed; NULL when whole). */
static int merge_run(char **files, int nfiles, int partial, dr_params *p_out, dr_result *r_out, char **covers_out,
		     char *err, size_t errlen)
{
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
		*p_out = p;
		*r_out = r;
		*covers_out = covers;
		r = (dr_result){0};
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

/* ---- a grid: the shards of several runs, each a cell of a sweep ---- */

typedef struct {
	int n;                /* cells */
	int *cell_of;         /* each file's cell */
	char ***value;        /* each cell's parameter texts (from its first file) */
	char **files;
	int nfiles;
	int varies[2], nvaries; /* the parameters (table indices) that differ between cells */
	char varies_text[96];
} cells;

static void cells_free(cells *g)
{
	for (int c = 0; c < g->n; c++) {
		for (int i = 0; g->value[c] && i < dr_param_count(); i++)
			free(g->value[c][i]);
		free(g->value[c]);
	}
	free(g->value);
	free(g->cell_of);
	memset(g, 0, sizeof *g);
}

/* Do two cells' texts differ in parameter i? (How a shard ran never makes a cell.) */
static int differ(char *const *a, char *const *b, int i)
{
	return !how_it_ran(dr_param_at(i)->name) && strcmp(a[i], b[i]);
}

/* FNV-1a over the texts that make a cell. */
static size_t cell_hash(char *const *value)
{
	uint64_t h = 1469598103934665603u;
	for (int i = 0; i < dr_param_count(); i++) {
		if (how_it_ran(dr_param_at(i)->name))
			continue;
		for (const unsigned char *c = (const unsigned char *)value[i]; *c; c++)
			h = (h ^ *c) * 1099511628211u;
		h = (h ^ 0x1f) * 1099511628211u; /* (a separator: "1","23" is not "12","3") */
	}
	return (size_t)h;
}

/* The files by run (cell): read once each for their parameters; the
 * parameters that differ between cells, one or two numeric ones. */
static int group_cells(char **files, int nfiles, cells *g, char *err, size_t errlen)
{
	const int np = dr_param_count();
	memset(g, 0, sizeof *g);
	g->files = files;
	g->nfiles = nfiles;
	g->cell_of = malloc((size_t)nfiles * sizeof *g->cell_of);
	g->value = calloc((size_t)nfiles, sizeof *g->value);
	if (!g->cell_of || !g->value)
		return cmd_errf(err, errlen, "merge: out of memory");
	/* cells found by a hash of their texts: a plan has up to a million */
	size_t cap = 16;
	while (cap < 2 * (size_t)nfiles)
		cap *= 2;
	int *slot = calloc(cap, sizeof *slot); /* cell + 1, 0: empty */
	if (!slot)
		return cmd_errf(err, errlen, "merge: out of memory");
	char why[8192];
	for (int f = 0; f < nfiles; f++) {
		shard sh;
		if (shard_read(files[f], &sh, why, sizeof why) != DR_OK) {
			free(slot);
			return cmd_errf(err, errlen, "merge: %s: %s", files[f], why);
		}
		size_t h = cell_hash(sh.value) & (cap - 1);
		int c = -1;
		for (; slot[h]; h = (h + 1) & (cap - 1)) {
			int i = 0;
			while (i < np && !differ(g->value[slot[h] - 1], sh.value, i))
				i++;
			if (i == np) {
				c = slot[h] - 1;
				break;
			}
		}
		if (c < 0) { /* a new cell: its texts kept */
			c = g->n;
			slot[h] = c + 1;
			g->value[c] = calloc((size_t)np, sizeof **g->value);
			for (int i = 0; g->value[c] && i < np; i++)
				if (!(g->value[c][i] = strdup(sh.value[i])))
					break;
			g->n++;
			if (!g->value[c] || !g->value[c][np - 1]) {
				shard_free(&sh);
				free(slot);
				return cmd_errf(err, errlen, "merge: out of memory");
			}
		}
		g->cell_of[f] = c;
		shard_free(&sh);
	}
	free(slot);
	sbuf names = {0};
	int nvaries = 0;
	for (int i = 0; i < np; i++) {
		int d = 0;
		for (int c = 1; c < g->n && !d; c++)
			d = differ(g->value[0], g->value[c], i);
		if (!d)
			continue;
		sb_printf(&names, "%s%s", nvaries ? ", " : "", dr_param_at(i)->name);
		if (nvaries < 2)
			g->varies[nvaries] = i;
		nvaries++;
	}
	snprintf(g->varies_text, sizeof g->varies_text, "%s", sb_str(&names));
	sb_free(&names);
	g->nvaries = nvaries;
	if (nvaries > 2)
		return cmd_errf(err, errlen,
				"merge: the files are of %d runs that differ in %d parameters (%s) (allowed: one run, or a grid of one or two parameters)",
				g->n, nvaries, g->varies_text);
	for (int k = 0; k < nvaries; k++) {
		const dr_param_info *pi = dr_param_at(g->varies[k]);
		double v;
		for (int c = 0; c < g->n; c++)
			if (dr_parse_number(g->value[c][g->varies[k]], &v) != DR_OK || (pi->kind != DR_PK_INT &&
			    pi->kind != DR_PK_REAL && strcmp(pi->name, "width")))
				return cmd_errf(err, errlen,
						"merge: the runs differ in %s, which a sweep cannot vary (allowed: numeric parameters such as depth, width, radius)",
						pi->name);
	}
	return DR_OK;
}

typedef struct {
	double outer, inner;
	int cell;
} cell_key;

static int cmp_key(const void *a, const void *b)
{
	const cell_key *x = a, *y = b;
	if (x->outer != y->outer)
		return x->outer < y->outer ? -1 : 1;
	if (x->inner != y->inner)
		return x->inner < y->inner ? -1 : 1;
	return x->cell - y->cell;
}

static double cell_value(const cells *g, int c, int k)
{
	double v = 0;
	dr_parse_number(g->value[c][g->varies[k]], &v); /* (checked by group_cells) */
	return v;
}

/* Cells as the tables of sweep: over the one parameter that differs; over
 * the second of two, a table for each value of the first (as `set A a;
 * sweep B ...` for each a). Each cell's shards merged whole. The last
 * table is kept for export. */
static int merge_grid(session *s, const cells *g, sbuf *final, char *err, size_t errlen)
{
	sbuf tables = {0}, *out = &tables; /* printed only when every cell merged */
	sweep last_table = {0};
	const int inner = g->nvaries - 1;
	int *order = malloc((size_t)g->n * sizeof *order);
	char **files = malloc((size_t)g->nfiles * sizeof *files);
	cell_key *key = malloc((size_t)g->n * sizeof *key);
	int *start = calloc((size_t)g->n + 1, sizeof *start); /* cell c's files: by_cell[start[c] .. start[c + 1]) */
	int *by_cell = malloc((size_t)g->nfiles * sizeof *by_cell);
	if (!order || !files || !key || !start || !by_cell) {
		free(order);
		free(files);
		free(key);
		free(start);
		free(by_cell);
		return cmd_errf(err, errlen, "merge: out of memory");
	}
	/* by the outer value, then the inner one */
	for (int c = 0; c < g->n; c++)
		key[c] = (cell_key){inner ? cell_value(g, c, 0) : 0, cell_value(g, c, inner), c};
	qsort(key, (size_t)g->n, sizeof *key, cmp_key);
	for (int c = 0; c < g->n; c++)
		order[c] = key[c].cell;
	for (int f = 0; f < g->nfiles; f++) /* the files bucketed by cell, in their order */
		start[g->cell_of[f] + 1]++;
	for (int c = 0; c < g->n; c++)
		start[c + 1] += start[c];
	for (int f = 0; f < g->nfiles; f++) /* (start[c] moves past cell c's files, then back) */
		by_cell[start[g->cell_of[f]]++] = f;
	for (int c = g->n; c > 0; c--)
		start[c] = start[c - 1];
	start[0] = 0;
	int rc = DR_OK;
	merged_grid mg = {0};
	if (inner) { /* the whole grid, for the map */
		mg.n = g->n;
		mg.a = malloc(3 * (size_t)g->n * sizeof *mg.a);
		if (!mg.a)
			rc = cmd_errf(err, errlen, "merge: out of memory");
		mg.b = mg.a + g->n;
		mg.alive = mg.b + g->n;
		for (int k = 0; k < 2; k++)
			snprintf(mg.param[k], sizeof mg.param[k], "%s", dr_param_at(g->varies[k])->name);
	}
	for (int first = 0; rc == DR_OK && first < g->n;) {
		int last = inner ? first + 1 : g->n; /* one table, or one per outer value */
		while (last < g->n && cell_value(g, order[last], 0) == cell_value(g, order[first], 0))
			last++;
		double values[SWEEP_MAX];
		if (last - first > SWEEP_MAX) {
			rc = cmd_errf(err, errlen, "merge: %d values of %s (allowed: at most %d, as sweep)", last - first,
				      dr_param_at(g->varies[inner])->name, SWEEP_MAX);
			break;
		}
		for (int c = first; c < last; c++)
			values[c - first] = cell_value(g, order[c], inner);
		sweep w;
		if (sweep_init(&w, dr_param_at(g->varies[inner])->name, last - first, values) != DR_OK) {
			rc = cmd_errf(err, errlen, "merge: out of memory");
			break;
		}
		dr_params base;
		for (int c = first; rc == DR_OK && c < last; c++) {
			int nf = 0;
			for (int k = start[order[c]]; k < start[order[c] + 1]; k++)
				files[nf++] = g->files[by_cell[k]];
			dr_params p;
			dr_result r = {0};
			char *covers = NULL;
			rc = merge_run(files, nf, 0, &p, &r, &covers, err, errlen);
			if (rc != DR_OK) { /* which run, of how many: one not meant to be there, often */
				char why[DR_ERRLEN * 2], cell[128] = "";
				snprintf(why, sizeof why, "%s", strncmp(err, "merge: ", 7) ? err : err + 7);
				char *hint = strstr(why, " (given "); /* (--partial is for one run, not a grid) */
				if (hint)
					*hint = 0;
				for (int k = 0; k < g->nvaries; k++)
					snprintf(cell + strlen(cell), sizeof cell - strlen(cell), "%s%s %s", k ? ", " : "",
						 dr_param_at(g->varies[k])->name, g->value[order[c]][g->varies[k]]);
				cmd_errf(err, errlen, "merge: the files are of %d runs, differing in %s; the run with %s: %s", g->n,
					 g->varies_text, cell, why);
			}
			if (rc == DR_OK) {
				sweep_store(&w, c - first, &r, 1);
				if (mg.a) {
					mg.a[c] = cell_value(g, order[c], 0);
					mg.b[c] = cell_value(g, order[c], 1);
					mg.alive[c] = r.alive;
				}
				if (c == first)
					base = p;
			}
			dr_result_free(&r);
			free(covers);
		}
		if (rc == DR_OK) {
			sweep_bounds(&w, &base, NULL);
			if (inner && !s->json)
				sb_printf(out, "%s = %s:\n", dr_param_at(g->varies[0])->name, g->value[order[first]][g->varies[0]]);
			w.base = base; /* the cells' own settings, not the session's */
			report_sweep(out, &w, s->json);
			sweep_free(&last_table);
			sweep_move(&last_table, &w); /* kept for export once all merged */
		}
		sweep_free(&w);
		first = last;
	}
	if (rc == DR_OK && mg.a) {
		free(s->grid.a);
		s->grid = mg;
	} else {
		free(mg.a);
	}
	if (rc == DR_OK) { /* nothing changes unless every cell merged */
		dr_params kept = last_table.base;
		session_store_sweep(s, &last_table);
		s->sweep.base = kept;
		sb_puts(final, sb_str(&tables));
	}
	sweep_free(&last_table);
	sb_free(&tables);
	free(order);
	free(files);
	free(key);
	free(start);
	free(by_cell);
	return rc;
}

/* ---- the files: a directory stands for its *.json files ---- */

#define MERGE_FILES_MAX 1000000

typedef struct {
	char **name;
	int n, cap;
} file_list;

static void file_list_free(file_list *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->name[i]);
	free(l->name);
	*l = (file_list){0};
}

static int file_add(file_list *l, const char *dir, const char *name)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 64;
		char **n = realloc(l->name, (size_t)cap * sizeof *n);
		if (!n)
			return -1;
		l->name = n;
		l->cap = cap;
	}
	size_t len = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 1;
	if (!(l->name[l->n] = malloc(len)))
		return -1;
	snprintf(l->name[l->n], len, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
	l->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The arguments, a directory replaced by its *.json files in name order. */
static int expand_dirs(char **args, int nargs, file_list *l, char *err, size_t errlen)
{
	for (int i = 0; i < nargs; i++) {
		struct stat st;
		if (stat(args[i], &st) != 0 || !S_ISDIR(st.st_mode)) { /* (a file: its reader says what is wrong) */
			if (file_add(l, NULL, args[i]) != 0)
				return cmd_errf(err, errlen, "merge: out of memory");
			continue;
		}
		DIR *d = opendir(args[i]);
		if (!d)
			return cmd_errf(err, errlen, "merge: %s: cannot be read (%s)", args[i], strerror(errno));
		int from = l->n;
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);
			if (len > 5 && !strcmp(e->d_name + len - 5, ".json") && e->d_name[0] != '.') {
				if (l->n >= MERGE_FILES_MAX || file_add(l, args[i], e->d_name) != 0) {
					closedir(d);
					return cmd_errf(err, errlen, "merge: %s: more than %d files, or out of memory", args[i],
							MERGE_FILES_MAX);
				}
			}
		}
		closedir(d);
		if (l->n == from)
			return cmd_errf(err, errlen, "merge: %s: a directory without .json files", args[i]);
		qsort(l->name + from, (size_t)(l->n - from), sizeof *l->name, cmp_str);
	}
	return DR_OK;
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
	if (argc - a < 1)
		return cmd_errf(err, errlen, "merge: no files (usage: merge [--partial] FILE...)");
	file_list fl = {0};
	int rc = expand_dirs(argv + a, argc - a, &fl, err, errlen);
	char **files = fl.name;
	int nfiles = fl.n;
	cells g = {0};
	if (rc == DR_OK)
		rc = group_cells(files, nfiles, &g, err, errlen);
	if (rc == DR_OK && g.n > 1)
		rc = partial ? cmd_errf(err, errlen, "merge: --partial merges one run; the files hold %d (a grid of %s)", g.n,
					g.varies_text)
			     : merge_grid(s, &g, out, err, errlen);
	if (rc == DR_OK && g.n == 1) {
		dr_params p;
		dr_result r = {0};
		char *covers = NULL;
		rc = merge_run(files, nfiles, partial, &p, &r, &covers, err, errlen);
		if (rc == DR_OK) {
			report_result_of(out, &p, &r, covers, s->json);
			session_store_result(s, &p, &r);
			s->result_partial = covers;
			covers = NULL;
		}
		dr_result_free(&r);
		free(covers);
	}
	cells_free(&g);
	file_list_free(&fl);
	return rc;
}
