/* plan.c - `plan DIR SHARDS NAME FROM TO [STEP] [NAME FROM TO [STEP]]`:
 * a sweep of one or two parameters as a job list, one line per cell and
 * shard, each a complete deadrelu command line that runs its slice of the
 * cell's trials and exports the shard file into DIR. Any engine runs the
 * list (GNU parallel: scripts/sweep-parallel.sh; Slurm: scripts/slurm/);
 * `merge` adds the shards of each cell up again, exactly. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "cmd/sweep.h"
#include "cmd/table.h"

#define PLAN_SHARDS_MAX 10000
#define PLAN_LINES_MAX 1000000
#define PLAN_DIR_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._,+-/:="

/* text as one shell word: in single quotes, a quote written '\'' */
static void shell_word(sbuf *out, const char *text)
{
	sb_puts(out, "'");
	for (const char *c = text; *c; c++)
		if (*c == '\'')
			sb_puts(out, "'\\''");
		else
			sb_printf(out, "%c", *c);
	sb_puts(out, "'");
}

/* Is the word a decimal number (a STEP, not the next NAME)? */
static int is_number(const char *w)
{
	double v;
	return dr_parse_number(w, &v) == DR_OK;
}

/* NAME FROM TO [STEP] from argv[*at]: the sweep's values; *at moves past. */
static int axis(int argc, char **argv, int *at, sweep *w, char *err, size_t errlen)
{
	if (argc - *at < 3)
		return cmd_errf(err, errlen, "plan: '%s' needs FROM and TO (usage: plan DIR SHARDS NAME FROM TO [STEP] [NAME FROM TO [STEP]])",
				argv[*at]);
	const char *step = argc - *at >= 4 && is_number(argv[*at + 3]) ? argv[*at + 3] : NULL;
	int rc = sweep_plan(w, argv[*at], argv[*at + 1], argv[*at + 2], step, err, errlen);
	if (rc != DR_OK && !strncmp(err, "sweep: ", 7)) { /* the message is the plan's here */
		char t[DR_ERRLEN];
		snprintf(t, sizeof t, "plan: %s", err + 7);
		snprintf(err, errlen, "%s", t);
	}
	if (rc != DR_OK)
		return rc;
	*at += step ? 4 : 3;
	return DR_OK;
}

/* "NAME=V" for a file name, V as the cell's settings give it (show's
 * text, which reads back exactly: two cells never share a name). */
static void cell_name(sbuf *out, const dr_params *q, const char *name)
{
	char v[DR_VALUE_MAX];
	dr_param_get(q, name, v, sizeof v);
	sb_printf(out, "%s=%s", name, v);
}

/* One job: shard k of n of the cell q, its file DIR/NAME_shardKofN.json;
 * the jobs' number-th line (in JSON: an element of "jobs"). */
static void job_line(sbuf *out, int json, const dr_params *q, const char *dir, const char *name, long long k,
		     long long n, long long number)
{
	sbuf script = {0}, file = {0}, line = {0};
	session_settings_line(q, &script);
	sb_puts(&script, "; simulate; export ");
	sb_printf(&file, "%s/%s_shard%lldof%lld.json", dir, name, k, n);
	sb_puts(&script, sb_str(&file)); /* (DIR needs no quoting: checked) */
	sb_printf(&line, "deadrelu --shard %lld/%lld -c ", k, n);
	shell_word(&line, sb_str(&script));
	if (json) { /* {"command":"plan","jobs":[LINE, ...]} */
		sb_puts(out, number ? "," : "{\"command\":\"plan\",\"jobs\":[");
		sb_json_str(out, sb_str(&line));
	} else {
		sb_printf(out, "%s\n", sb_str(&line));
	}
	sb_free(&script);
	sb_free(&file);
	sb_free(&line);
}

/* The value of sweep w at i as a whole number where its parameter takes
 * one: exact up to 2^53, which a double holds (a seed can be larger). */
static int exact_point(const sweep *w, int i, char *err, size_t errlen)
{
	const dr_param_info *pi = dr_param_find(w->param);
	if (pi && pi->kind == DR_PK_INT && fabs(w->value[i]) > 9007199254740992.0)
		return cmd_errf(err, errlen, "plan: %s %.17g (allowed: whole numbers up to 2^53 = 9007199254740992 in a plan)",
				w->param, w->value[i]);
	return DR_OK;
}

/* The parameters of cell (i, j), checked as a simulation of its shards
 * would be. */
static int cell_params(const session *s, const sweep *ax, int naxes, int i, int j, long long shards, dr_params *q,
		       char *err, size_t errlen)
{
	int rc = exact_point(&ax[0], i, err, errlen);
	if (rc == DR_OK && naxes == 2)
		rc = exact_point(&ax[1], j, err, errlen);
	if (rc == DR_OK)
		rc = sweep_point(&ax[0], &s->params, i, q, err, errlen);
	if (rc == DR_OK && naxes == 2)
		rc = sweep_point(&ax[1], q, j, q, err, errlen);
	if (rc == DR_OK && shards > q->trials)
		rc = cmd_errf(err, errlen, "plan: SHARDS %lld is more than a cell's trials, %lld (allowed: 1..%lld)", shards,
			      q->trials, q->trials);
	if (rc == DR_OK)
		rc = dr_params_check(q, err, errlen);
	if (rc == DR_OK && q->depth > DR_MAX_DEPTH)
		rc = cmd_errf(err, errlen, "plan: depth %lld cannot be simulated (allowed: up to %d)", q->depth,
			      DR_MAX_DEPTH);
	return rc;
}

int cmd_plan(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	const char *dir = argv[1];
	double n;
	if (dr_parse_number(argv[2], &n) != DR_OK || n != (long long)n || n < 1 || n > PLAN_SHARDS_MAX)
		return cmd_errf(err, errlen, "plan: bad SHARDS '%s' (allowed: a whole number 1..%d)", argv[2],
				PLAN_SHARDS_MAX);
	long long shards = (long long)n;
	if (shards > s->params.trials)
		return cmd_errf(err, errlen, "plan: SHARDS %lld is more than the trials, %lld (allowed: 1..%lld)", shards,
				s->params.trials, s->params.trials);
	/* the job engines and the scripts read the file names back from the
	 * lines: names that need no quoting anywhere */
	if (!*dir || *dir == '-' || strspn(dir, PLAN_DIR_CHARS) != strlen(dir))
		return cmd_errf(err, errlen, "plan: bad DIR '%s' (allowed: letters, digits and . _ , + - / : =, not first -)",
				dir);
	sweep ax[2];
	int naxes = 0, at = 3, rc = DR_OK;
	while (rc == DR_OK && at < argc) {
		if (naxes == 2) {
			rc = cmd_errf(err, errlen, "plan: '%s' after two parameters (allowed: one or two NAME FROM TO [STEP])",
				      argv[at]);
			break;
		}
		rc = axis(argc, argv, &at, &ax[naxes], err, errlen);
		if (rc == DR_OK)
			naxes++;
	}
	if (rc == DR_OK && naxes == 0)
		rc = cmd_errf(err, errlen, "plan: no parameter to sweep (usage: plan DIR SHARDS NAME FROM TO [STEP] [NAME FROM TO [STEP]])");
	if (rc == DR_OK && naxes == 2 && !strcmp(ax[0].param, ax[1].param))
		rc = cmd_errf(err, errlen, "plan: %s given twice (allowed: two different parameters)", ax[0].param);
	long long jobs = 0, cells = naxes == 2 ? (long long)ax[0].n * ax[1].n : naxes ? ax[0].n : 0;
	if (rc == DR_OK && cells * shards > PLAN_LINES_MAX)
		rc = cmd_errf(err, errlen, "plan: %lld cells x %lld shards = %lld jobs (allowed: at most %d)", cells, shards,
			      cells * shards, PLAN_LINES_MAX);
	/* every cell is checked before a line is written: a plan runs whole */
	dr_params q;
	for (long long c = 0; rc == DR_OK && c < cells; c++)
		rc = cell_params(s, ax, naxes, (int)(naxes == 2 ? c / ax[1].n : c), (int)(naxes == 2 ? c % ax[1].n : 0), shards,
				 &q, err, errlen);
	for (long long c = 0; rc == DR_OK && c < cells; c++) {
		int i = (int)(naxes == 2 ? c / ax[1].n : c), j = (int)(naxes == 2 ? c % ax[1].n : 0);
		cell_params(s, ax, naxes, i, j, shards, &q, err, errlen);
		sbuf name = {0};
		cell_name(&name, &q, ax[0].param);
		if (naxes == 2) {
			sb_puts(&name, "_");
			cell_name(&name, &q, ax[1].param);
		}
		for (long long k = 1; k <= shards; k++)
			job_line(out, s->json, &q, dir, sb_str(&name), k, shards, jobs++);
		sb_free(&name);
	}
	for (int a = 0; a < naxes; a++)
		sweep_free(&ax[a]);
	if (rc == DR_OK && s->json)
		sb_puts(out, "]}\n");
	return rc;
}
