/* commands.c - the command language: one table for the prompt, `-c` and
 * Lua's deadrelu.cmd(). A command works on a copy of what it changes and
 * commits only on success, so a failing command changes nothing. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cmd/session.h"
#include "util/fileio.h"

#define MAX_ARGS 64

typedef int (*cmd_fn)(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen);

typedef struct {
	cmd_info info;
	int min_args, max_args; /* not counting the command name; -1: unlimited */
	cmd_fn fn;
} command;

static int errf(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int errf(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return DR_EINVAL;
}

/* ---- session ---- */

void session_init(session *s)
{
	memset(s, 0, sizeof *s);
	dr_params_default(&s->params);
	char err[DR_ERRLEN];
	dr_bounds_compute(&s->params, &s->bounds, err, sizeof err);
}

static void sweep_free(sweep_table *t)
{
	free(t->value);
	free(t->lower);
	free(t->upper);
	free(t->alive);
	free(t->alive_lo);
	free(t->alive_hi);
	free(t->living);
	free(t->applies);
	memset(t, 0, sizeof *t);
}

int session_sweep_alloc(sweep_table *t, const char *param, int n)
{
	memset(t, 0, sizeof *t);
	snprintf(t->param, sizeof t->param, "%s", param);
	t->nrows = n;
	t->value = calloc((size_t)n, sizeof(double));
	t->lower = calloc((size_t)n, sizeof(double));
	t->upper = calloc((size_t)n, sizeof(double));
	t->alive = calloc((size_t)n, sizeof(double));
	t->alive_lo = calloc((size_t)n, sizeof(double));
	t->alive_hi = calloc((size_t)n, sizeof(double));
	t->living = calloc((size_t)n, sizeof(double));
	t->applies = calloc((size_t)n, sizeof(int));
	if (!t->value || !t->lower || !t->upper || !t->alive || !t->alive_lo || !t->alive_hi || !t->living ||
	    !t->applies) {
		sweep_free(t);
		return DR_ENOMEM;
	}
	return DR_OK;
}

void session_store_sweep(session *s, sweep_table *t)
{
	sweep_free(&s->sweep);
	s->sweep = *t;
	memset(t, 0, sizeof *t);
	s->last_table = 1;
}

void session_free(session *s)
{
	dr_result_free(&s->result);
	sweep_free(&s->sweep);
}

void session_set_params(session *s, const dr_params *p)
{
	char err[DR_ERRLEN];
	s->params = *p;
	if (dr_bounds_compute(&s->params, &s->bounds, err, sizeof err) != DR_OK)
		memset(&s->bounds, 0, sizeof s->bounds);
	if (s->hooks.changed)
		s->hooks.changed(s);
}

void session_store_result(session *s, const dr_params *p, dr_result *r)
{
	dr_result_free(&s->result);
	s->result = *r;
	s->result_params = *p;
	r->by_depth = NULL;
	s->last_table = 0;
}

int session_simulate(session *s, const dr_params *p, dr_result *r, char *err, size_t errlen)
{
	dr_sim *sim;
	int rc = dr_sim_start(p, NULL, NULL, &sim, err, errlen);
	if (rc != DR_OK)
		return rc;
	while (!dr_sim_done(sim)) {
		if (s->hooks.interrupted && s->hooks.interrupted(s)) {
			dr_sim_free(sim);
			return errf(err, errlen, "simulate: interrupted");
		}
		struct timespec ts = {0, 5000000};
		nanosleep(&ts, NULL);
	}
	dr_sim_wait(sim);
	rc = dr_sim_snapshot(sim, r, err, errlen);
	dr_sim_free(sim);
	return rc;
}

/* ---- commands ---- */

/* Commands that reach files are not for a --sandbox script. */
static int refuse_restricted(const session *s, const char *what, char *err, size_t errlen)
{
	if (s->restricted)
		return errf(err, errlen, "%s: not available to --sandbox scripts", what);
	return DR_OK;
}

static int apply_pairs(session *s, int argc, char **argv, char *err, size_t errlen)
{
	if (argc % 2)
		return errf(err, errlen, "set: '%s' needs a value (usage: set NAME VALUE [NAME VALUE ...])",
			    argv[argc - 1]);
	dr_params q = s->params;
	for (int i = 0; i < argc; i += 2) {
		if (!strcmp(argv[i], "data_file") && refuse_restricted(s, "data_file", err, errlen))
			return DR_EINVAL;
		int rc = dr_param_parse(&q, argv[i], argv[i + 1], err, errlen);
		if (rc != DR_OK)
			return rc;
	}
	int rc = dr_params_check(&q, err, errlen);
	if (rc != DR_OK)
		return rc;
	session_set_params(s, &q);
	return DR_OK;
}

static int c_set(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)out;
	return apply_pairs(s, argc - 1, argv + 1, err, errlen);
}

static int c_show(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	if (argc == 1) {
		report_params(out, &s->params, s->json);
		return DR_OK;
	}
	char v[DR_VALUE_MAX];
	for (int i = 1; i < argc; i++) {
		if (dr_param_get(&s->params, argv[i], v, sizeof v) < 0)
			return errf(err, errlen, "show: unknown parameter '%s' (try: help)", argv[i]);
		if (s->json) {
			sb_printf(out, "{\"command\":\"show\",\"params\":{\"%s\":", argv[i]);
			sb_json_str(out, v);
			sb_puts(out, "}}\n");
		} else {
			sb_printf(out, "%s = %s\n", argv[i], v);
		}
	}
	return DR_OK;
}

static int c_bounds(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	(void)argv;
	dr_bounds b;
	int rc = dr_bounds_compute(&s->params, &b, err, errlen);
	if (rc == DR_OK)
		report_bounds(out, &s->params, &b, s->json);
	return rc;
}

/* Numbers in commands are decimal, as everywhere (dr_parse_number). */
static int parse_count(const char *what, const char *v, long long lo, long long hi, long long *out,
		       char *err, size_t errlen)
{
	double d;
	if (dr_parse_number(v, &d) != DR_OK || d != floor(d) || d < (double)lo || d > (double)hi)
		return errf(err, errlen, "%s: bad value '%s' (allowed: an integer %lld..%lld)", what, v, lo, hi);
	*out = (long long)d;
	return DR_OK;
}

static int c_simulate(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	dr_params q = s->params;
	if (argc == 2 && parse_count("trials", argv[1], 1, 1000000000, &q.trials, err, errlen) != DR_OK)
		return DR_EINVAL;
	if (s->hooks.simulate)
		return s->hooks.simulate(s, q.trials, out, err, errlen);
	dr_result r;
	int rc = session_simulate(s, &q, &r, err, errlen);
	if (rc != DR_OK)
		return rc;
	report_result(out, &q, &r, s->json);
	session_store_result(s, &q, &r);
	return DR_OK;
}

static int c_sweep(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	const dr_param_info *pi = dr_param_find(argv[1]);
	if (!pi || (pi->kind != DR_PK_INT && pi->kind != DR_PK_REAL && strcmp(pi->name, "width")))
		return errf(err, errlen, "sweep: bad parameter '%s' (allowed: a numeric parameter such as depth, width, radius, input_dim, points, bias_scale)",
			    argv[1]);
	static const char *const role[] = {"FROM", "TO", "STEP"};
	double num[3];
	for (int i = 2; i < argc; i++)
		if (dr_parse_number(argv[i], &num[i - 2]) != DR_OK)
			return errf(err, errlen, "sweep: bad %s '%s' in '%s %s%s%s' (allowed: decimal numbers FROM TO [STEP])",
				    role[i - 2], argv[i], argv[2], argv[3], argc == 5 ? " " : "", argc == 5 ? argv[4] : "");
	double from = num[0], to = num[1];
	int integer = pi->kind != DR_PK_REAL;
	if (to < from)
		return errf(err, errlen, "sweep: bad range '%g %g' (allowed: FROM <= TO)", from, to);
	if (integer && from != floor(from)) /* set refuses it too: no silent rounding */
		return errf(err, errlen, "sweep: bad FROM '%s' (allowed: a whole number: %s takes integers)", argv[2],
			    pi->name);
	if (!isfinite(to - from))
		return errf(err, errlen, "sweep: bad range '%g %g' (allowed: TO - FROM below 1e308)", from, to);
	double step = argc == 5 ? num[2] : integer ? 1.0 : (to - from) / 10.0;
	if (step == 0 && from == to)
		step = 1;
	if (!(step > 0) || (integer && step != floor(step)))
		return errf(err, errlen, "sweep: bad step '%g' (allowed: %s > 0)", step,
			    integer ? "a whole number" : "a number");
	/* An absurd count reads as 1e+300, not as its 301 digits. */
	double count = floor((to - from) / step + 1e-9) + 1;
	if (!(count <= 1000))
		return errf(err, errlen, "sweep: %s%.15g values (allowed: at most 1000; use a larger step)",
			    isinf(count) ? "more than " : "", isinf(count) ? 1e308 : count);

	/* Validate every value before running any. */
	int n = (int)count;
	sweep_table t;
	if (session_sweep_alloc(&t, pi->name, n) != DR_OK)
		return errf(err, errlen, "sweep: out of memory");
	int rc = DR_OK;
	for (int i = 0; i < n && rc == DR_OK; i++) {
		char v[64];
		double x = from + i * step;
		if (integer)
			x = round(x);
		t.value[i] = x;
		snprintf(v, sizeof v, "%.17g", x);
		dr_params q = s->params;
		rc = dr_param_set(&q, pi->name, v, err, errlen);
		/* On the screen the bounds are computed in the background (each
		 * can take milliseconds); the values are checked here alike. */
		dr_bounds b;
		if (rc == DR_OK && !s->hooks.sweep)
			rc = dr_bounds_compute(&q, &b, err, errlen);
		if (rc == DR_OK && q.depth > DR_MAX_DEPTH)
			rc = errf(err, errlen, "sweep: depth %lld is too deep to simulate (allowed: up to %d)",
				  q.depth, DR_MAX_DEPTH);
		if (rc == DR_OK && dr_sim_memory(&q) > (size_t)q.max_memory_mib << 20)
			rc = errf(err, errlen, "sweep: %s %g needs more than max_memory %lld MiB", pi->name, x,
				  q.max_memory_mib);
		if (rc == DR_OK && !s->hooks.sweep) {
			t.lower[i] = b.lower;
			t.upper[i] = b.upper;
			t.applies[i] = b.applies;
		}
	}
	if (rc == DR_OK && s->hooks.sweep) {
		rc = s->hooks.sweep(s, pi->name, n, t.value, out, err, errlen);
		sweep_free(&t);
		return rc;
	}
	for (int i = 0; i < n && rc == DR_OK; i++) {
		char v[64];
		snprintf(v, sizeof v, "%.17g", t.value[i]);
		dr_params q = s->params;
		dr_param_set(&q, pi->name, v, err, errlen);
		dr_result r;
		rc = session_simulate(s, &q, &r, err, errlen);
		if (rc != DR_OK)
			break;
		t.alive[i] = r.alive;
		t.alive_lo[i] = r.alive_lo;
		t.alive_hi[i] = r.alive_hi;
		t.living[i] = r.living_ratio;
		dr_result_free(&r);
	}
	if (rc != DR_OK) {
		sweep_free(&t);
		return rc;
	}
	report_sweep(out, &t, s->json);
	session_store_sweep(s, &t);
	return DR_OK;
}

static int c_export(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	if (refuse_restricted(s, "export", err, errlen))
		return DR_EINVAL;
	const char *path = argv[1], *dot = strrchr(path, '.');
	int json = dot && !strcmp(dot, ".json");
	if (!dot || (!json && strcmp(dot, ".csv")))
		return errf(err, errlen, "export: bad file name '%s' (allowed: a name ending in .csv or .json)", path);
	int sweep = s->last_table == 1 && s->sweep.nrows > 0;
	if (!sweep && !s->result.by_depth)
		return errf(err, errlen, "export: nothing to export yet (run simulate or sweep first)");
	sbuf data = {0};
	if (sweep && json)
		report_sweep(&data, &s->sweep, 1);
	else if (sweep)
		report_sweep_csv(&data, &s->sweep);
	else if (json)
		report_result_json(&data, &s->result_params, &s->result);
	else
		report_result_csv(&data, &s->result_params, &s->result);
	char why[512];
	int rc = DR_OK;
	if (fileio_write_atomic(path, sb_str(&data), data.len, 0666, why, sizeof why) != 0)
		rc = errf(err, errlen, "export: '%s' %s", path, why);
	sb_free(&data);
	if (rc == DR_OK && !s->json)
		sb_printf(out, "wrote %s (%s)\n", path, sweep ? "sweep table" : "simulation by depth");
	return rc;
}

static int c_seed(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)out;
	(void)argc;
	char *pair[] = {"seed", argv[1]};
	return apply_pairs(s, 2, pair, err, errlen);
}

static int c_reset(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	(void)argv;
	(void)out;
	(void)err;
	(void)errlen;
	dr_params q;
	dr_params_default(&q);
	session_set_params(s, &q);
	return DR_OK;
}

/* Runs Lua through the session's hook; with --json what the script prints
 * becomes one object, so the output stays one JSON object per line. */
static int run_lua(session *s, const char *cmd, const char *what, sbuf *out, char *err, size_t errlen)
{
	int file = !strcmp(cmd, "run");
	int (*hook)(session *, const char *, sbuf *, char *, size_t) = file ? s->hooks.lua_file : s->hooks.lua_chunk;
	if (!hook)
		return errf(err, errlen, "%s: Lua is not available here", cmd);
	if (!s->json)
		return hook(s, what, out, err, errlen);
	sbuf text = {0};
	int rc = hook(s, what, &text, err, errlen);
	if (text.len) {
		sb_printf(out, "{\"command\":\"%s\",\"output\":", cmd);
		sb_json_str(out, sb_str(&text));
		sb_puts(out, "}\n");
	}
	sb_free(&text);
	return rc;
}

static int c_run(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	if (refuse_restricted(s, "run", err, errlen))
		return DR_EINVAL;
	return run_lua(s, "run", argv[1], out, err, errlen);
}

static int c_lua(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	return run_lua(s, "lua", argv[1], out, err, errlen);
}

static int parse_prob(const char *v, double *p, char *err, size_t errlen)
{
	if (dr_parse_number(v, p) != DR_OK || !(*p > 0 && *p < 1))
		return errf(err, errlen, "p: bad value '%s' (allowed: a number 0 < p < 1)", v);
	return DR_OK;
}

static int c_min_width(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	long long k = 0, n = 0;
	double p = 0;
	if (parse_count("depth", argv[1], 1, DR_MAX_BOUND_DEPTH, &k, err, errlen) ||
	    parse_prob(argv[2], &p, err, errlen) || dr_min_width(k, p, &n, err, errlen))
		return DR_EINVAL;
	if (s->json)
		sb_printf(out, "{\"command\":\"min_width\",\"depth\":%lld,\"p\":%.17g,\"width\":%lld}\n", k, p, n);
	else
		sb_printf(out, "smallest width with lower bound >= %g at depth %lld: %lld\n", p, k, n);
	return DR_OK;
}

static int c_max_depth(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	long long k = 0, n = 0;
	double p = 0;
	if (parse_count("width", argv[1], 1, 1000000, &n, err, errlen) || parse_prob(argv[2], &p, err, errlen) ||
	    dr_max_depth(n, p, &k, err, errlen))
		return DR_EINVAL;
	if (s->json)
		sb_printf(out, "{\"command\":\"max_depth\",\"width\":%lld,\"p\":%.17g,\"depth\":%lld}\n", n, p, k);
	else
		sb_printf(out, "largest depth with lower bound >= %g at width %lld: %lld\n", p, n, k);
	return DR_OK;
}

static int c_help(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen);

static int c_quit(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	(void)argv;
	(void)out;
	(void)err;
	(void)errlen;
	s->quit = 1;
	return DR_OK;
}

static const command commands[] = {
	{{"set", "set NAME VALUE [NAME VALUE ...]", "change parameters (also: NAME VALUE)"}, 2, -1, c_set},
	{{"show", "show [NAME ...]", "list the parameters and their values"}, 0, -1, c_show},
	{{"bounds", "bounds", "lower and upper bound on P(alive) for the current parameters"}, 0, 0, c_bounds},
	{{"simulate", "simulate [TRIALS]", "Monte Carlo estimate of P(alive) and the living ratio"}, 0, 1, c_simulate},
	{{"sweep", "sweep NAME FROM TO [STEP]", "bounds and simulation for each value of a parameter"}, 3, 4, c_sweep},
	{{"export", "export FILE.csv|FILE.json", "write the last sweep or simulation (by depth)"}, 1, 1, c_export},
	{{"seed", "seed N", "set the random seed"}, 1, 1, c_seed},
	{{"reset", "reset", "every parameter back to its default"}, 0, 0, c_reset},
	{{"min_width", "min_width DEPTH P", "smallest width whose lower bound is >= P at DEPTH"}, 2, 2, c_min_width},
	{{"max_depth", "max_depth WIDTH P", "largest depth whose lower bound is >= P at WIDTH"}, 2, 2, c_max_depth},
	{{"run", "run FILE.lua|NAME", "run a Lua script (NAME: a scenario in lua/)"}, 1, 1, c_run},
	{{"lua", "lua CHUNK", "run a line of Lua (the rest of the line)"}, 1, 1, c_lua},
	{{"help", "help [COMMAND|PARAMETER]", "this list, or help on one command or parameter"}, 0, 1, c_help},
	{{"quit", "quit", "leave"}, 0, 0, c_quit},
};

#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

int cmd_count(void)
{
	return NCOMMANDS;
}

const cmd_info *cmd_at(int i)
{
	return i >= 0 && i < NCOMMANDS ? &commands[i].info : NULL;
}

static const command *find_command(const char *name)
{
	for (int i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].info.name, name))
			return &commands[i];
	return NULL;
}

int cmd_name_taken(const char *name)
{
	return find_command(name) || dr_param_find(name);
}

static const user_command *find_user(const session *s, const char *name)
{
	for (int i = 0; i < s->nuser; i++)
		if (!strcmp(s->user[i].name, name))
			return &s->user[i];
	return NULL;
}

int session_add_user_cmd(session *s, const char *name, const char *help, char *err, size_t errlen)
{
	size_t n = strlen(name);
	if (n == 0 || n >= sizeof s->user[0].name || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
		return errf(err, errlen, "command: bad name '%s' (allowed: 1..31 lower-case letters, digits, _ and -)", name);
	if (cmd_name_taken(name))
		return errf(err, errlen, "command: '%s' is already a command or parameter", name);
	user_command *u = (user_command *)find_user(s, name);
	if (!u) {
		if (s->nuser == USER_CMD_MAX)
			return errf(err, errlen, "command: too many Lua commands (allowed: %d)", USER_CMD_MAX);
		u = &s->user[s->nuser++];
	}
	snprintf(u->name, sizeof u->name, "%s", name);
	snprintf(u->help, sizeof u->help, "%s", help);
	return DR_OK;
}

static int help_text(const session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen);

static int c_help(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	if (!s->json)
		return help_text(s, argc, argv, out, err, errlen);
	sbuf text = {0};
	int rc = help_text(s, argc, argv, &text, err, errlen);
	if (rc == DR_OK) {
		sb_puts(out, "{\"command\":\"help\",\"text\":");
		sb_json_str(out, sb_str(&text));
		sb_puts(out, "}\n");
	}
	sb_free(&text);
	return rc;
}

static int help_text(const session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	if (argc == 1) {
		sb_puts(out, "commands:\n");
		for (int i = 0; i < NCOMMANDS; i++)
			sb_printf(out, "  %-34s %s\n", commands[i].info.usage, commands[i].info.help);
		for (int i = 0; i < s->nuser; i++)
			sb_printf(out, "  %-34s %s (Lua)\n", s->user[i].name, s->user[i].help);
		sb_puts(out, "parameters (set NAME VALUE):\n");
		for (int i = 0; i < dr_param_count(); i++) {
			const dr_param_info *pi = dr_param_at(i);
			sb_printf(out, "  %-12s %s\n", pi->name, pi->help);
		}
		return DR_OK;
	}
	const command *c = find_command(argv[1]);
	if (c) {
		sb_printf(out, "%s\n  %s\n", c->info.usage, c->info.help);
		return DR_OK;
	}
	const dr_param_info *pi = dr_param_find(argv[1]);
	if (pi) {
		sb_printf(out, "%s: %s\n  allowed: %s\n", pi->name, pi->help, pi->allowed);
		return DR_OK;
	}
	const user_command *u = find_user(s, argv[1]);
	if (u) {
		sb_printf(out, "%s [ARGS]\n  %s (a command written in Lua)\n", u->name, u->help);
		return DR_OK;
	}
	return errf(err, errlen, "help: unknown command or parameter '%s' (try: help)", argv[1]);
}

/* ---- parsing ----
 *
 * A text is parsed whole before any of it runs, so a syntax error anywhere
 * in it runs nothing. A command ends at ';' or a newline; blanks separate
 * words; '...' keeps everything up to the next ' as it is; "..." groups,
 * backslashes still escaping; elsewhere a backslash makes the next
 * character an ordinary one, and a backslash before a newline joins the
 * lines. A command whose first word is lua takes the rest of its line
 * verbatim. Quotes end with their line. */

typedef struct {
	char **word; /* every command's words, each command followed by NULL */
	int n, cap;
} parsed;

static int push_word(parsed *p, char *w)
{
	if (p->n == p->cap) {
		int cap = p->cap ? 2 * p->cap : 64;
		char **word = realloc(p->word, (size_t)cap * sizeof *word);
		if (!word)
			return DR_ENOMEM;
		p->word = word;
		p->cap = cap;
	}
	p->word[p->n++] = w;
	return DR_OK;
}

static int is_blank(char c)
{
	return c != '\n' && isspace((unsigned char)c);
}

static int is_lua(const char *r)
{
	return !strncmp(r, "lua", 3) && (r[3] == ' ' || r[3] == '\t');
}

/* A syntax error in the command at `at` (the caller's text, as typed), shown
 * up to the end of its line. */
static int syntax_error(const char *at, const char *what, const char *allowed, char *err, size_t errlen)
{
	int n = (int)strcspn(at, "\n");
	return errf(err, errlen, "%s in '%.*s%s' (allowed: %s; nothing was run)", what, n > 80 ? 80 : n, at,
		    n > 80 ? "..." : "", allowed);
}

/* Parses text into p; buf is a copy of text that the words are written
 * into (never longer than what they were read from). */
static int parse(const char *text, char *buf, parsed *p, char *err, size_t errlen)
{
	char *r = buf;
	for (;;) {
		while (is_blank(*r) || *r == ';' || *r == '\n' || (r[0] == '\\' && r[1] == '\n'))
			r += *r == '\\' ? 2 : 1;
		if (!*r)
			return DR_OK;
		const char *start = text + (r - buf);
		if (is_lua(r)) {
			char *chunk = r + 4, *e = chunk + strcspn(chunk, "\n");
			r = *e ? e + 1 : e;
			*e = 0;
			if (push_word(p, "lua") || push_word(p, chunk) || push_word(p, NULL))
				return errf(err, errlen, "out of memory");
			continue;
		}
		char *w = r;
		for (int argc = 0;; argc++) {
			while (is_blank(*r) || (r[0] == '\\' && r[1] == '\n'))
				r += *r == '\\' ? 2 : 1;
			if (!*r || *r == ';' || *r == '\n') {
				if (*r)
					r++;
				break;
			}
			if (argc == MAX_ARGS)
				return syntax_error(start, "too many words", "64 words in a command", err, errlen);
			if (push_word(p, w))
				return errf(err, errlen, "out of memory");
			char quote = 0;
			while (*r && *r != '\n' && (quote || !(is_blank(*r) || *r == ';'))) {
				if (*r == quote) {
					quote = 0;
					r++;
				} else if (!quote && (*r == '"' || *r == '\'')) {
					quote = *r++;
				} else if (*r == '\\' && quote != '\'') {
					if (!r[1])
						return syntax_error(start, "dangling backslash",
								    "a backslash before the character it escapes", err,
								    errlen);
					if (r[1] != '\n')
						*w++ = r[1];
					r += 2;
				} else {
					*w++ = *r++;
				}
			}
			if (quote)
				return syntax_error(start, "unterminated quote",
						    "matching \" or ' quotes on one line", err, errlen);
			char end = *r; /* the NUL may land on it */
			*w++ = 0;
			if (!end)
				break;
			r++;
			if (end == ';' || end == '\n')
				break;
		}
		if (push_word(p, NULL))
			return errf(err, errlen, "out of memory");
	}
}

static int run_one(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	const command *c = find_command(argv[0]);
	if (!c) {
		if (dr_param_find(argv[0])) /* shorthand: NAME VALUE [NAME VALUE ...] */
			return apply_pairs(s, argc, argv, err, errlen);
		if (find_user(s, argv[0]) && s->hooks.user_cmd)
			return s->hooks.user_cmd(s, argc, argv, out, err, errlen);
		return errf(err, errlen, "unknown command '%s' (commands: set show bounds simulate sweep export seed reset min_width max_depth run lua help quit, or a parameter name)",
			    argv[0]);
	}
	int n = argc - 1;
	if (n < c->min_args || (c->max_args >= 0 && n > c->max_args))
		return errf(err, errlen, "%s: wrong number of arguments (usage: %s)", c->info.name, c->info.usage);
	return c->fn(s, argc, argv, out, err, errlen);
}

int cmd_run(session *s, const char *text, sbuf *out, char *err, size_t errlen)
{
	size_t n = strlen(text);
	char *buf = malloc(n + 1);
	if (!buf)
		return errf(err, errlen, "out of memory");
	memcpy(buf, text, n + 1);
	parsed p = {0};
	int rc = parse(text, buf, &p, err, errlen), quit = s->quit;
	s->quit = 0; /* `quit` stops the rest of this text; the flag outlives it */
	for (int i = 0; rc == DR_OK && i < p.n && !s->quit; i++) {
		int argc = 0;
		while (p.word[i + argc])
			argc++;
		rc = run_one(s, argc, p.word + i, out, err, errlen);
		i += argc;
	}
	s->quit |= quit;
	free(p.word);
	free(buf);
	return rc;
}
