/* commands.c - the commands and their table, the one list the prompt, `-c`
 * and Lua's deadrelu.cmd() run from (dispatch.c). A command works on a
 * copy of what it changes and commits only on success, so a failing
 * command changes nothing. Adding a command: its function and its entry
 * here, its entry in man/deadrelu.1. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cmd/shard.h"
#include "cmd/table.h"
#include "util/fileio.h"

/* Commands that reach files are not for a --sandbox script. */
static int refuse_restricted(const session *s, const char *what, char *err, size_t errlen)
{
	if (s->restricted)
		return cmd_errf(err, errlen, "%s: not available to --sandbox scripts", what);
	return DR_OK;
}

int cmd_apply_pairs(session *s, int argc, char **argv, char *err, size_t errlen)
{
	if (argc % 2)
		return cmd_errf(err, errlen, "set: '%s' needs a value (usage: set NAME VALUE [NAME VALUE ...])",
			    argv[argc - 1]);
	dr_params q = s->params;
	for (int i = 0; i < argc; i += 2) {
		int rc = session_param_refused(argv[i], s->restricted, err, errlen);
		if (rc == DR_OK)
			rc = dr_param_parse(&q, argv[i], argv[i + 1], err, errlen);
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
	return cmd_apply_pairs(s, argc - 1, argv + 1, err, errlen);
}

static int c_show(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	if (argc == 1) {
		report_params(out, &s->params, s->json);
		return DR_OK;
	}
	if (!strcmp(argv[1], "line") && argc > 2)
		return cmd_errf(err, errlen, "show line: '%s' after it (allowed: nothing; show NAME ... names parameters)",
				argv[2]);
	if (argc == 2 && !strcmp(argv[1], "line")) {
		sbuf line = {0};
		session_settings_line(&s->params, &line);
		if (s->json) {
			sb_puts(out, "{\"command\":\"show\",\"line\":");
			sb_json_str(out, sb_str(&line));
			sb_puts(out, "}\n");
		} else {
			sb_printf(out, "%s\n", sb_str(&line));
		}
		sb_free(&line);
		return DR_OK;
	}
	char v[DR_VALUE_MAX];
	for (int i = 1; i < argc; i++) {
		if (dr_param_get(&s->params, argv[i], v, sizeof v) < 0)
			return cmd_errf(err, errlen, "show: unknown parameter '%s' (try: help)", argv[i]);
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
int cmd_parse_count(const char *what, const char *v, long long lo, long long hi, long long *out,
		       char *err, size_t errlen)
{
	double d;
	if (dr_parse_number(v, &d) != DR_OK || d != floor(d) || d < (double)lo || d > (double)hi)
		return cmd_errf(err, errlen, "%s: bad value '%s' (allowed: an integer %lld..%lld)", what, v, lo, hi);
	*out = (long long)d;
	return DR_OK;
}

static int c_simulate(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	dr_params q = s->params;
	if (argc == 2 && cmd_parse_count("trials", argv[1], 1, 1000000000, &q.trials, err, errlen) != DR_OK)
		return DR_EINVAL;
	if (s->shard_of)
		return shard_simulate(s, &q, out, err, errlen);
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

/* The blocking driver of a sweep (the screen's is tui/runner.c): every
 * point is checked, with its bounds, before the first one runs. */
static int c_sweep(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	if (s->shard_of)
		return cmd_errf(err, errlen,
				"sweep: not with --shard (a shard is a slice of one simulate: shard each point's simulate instead)");
	sweep w;
	int rc = sweep_plan(&w, argv[1], argv[2], argv[3], argc == 5 ? argv[4] : NULL, err, errlen);
	if (rc != DR_OK)
		return rc;
	rc = sweep_check(&w, &s->params, !s->hooks.sweep, err, errlen);
	if (rc == DR_OK && s->hooks.sweep)
		rc = s->hooks.sweep(s, &w, out, err, errlen);
	for (int i = 0; rc == DR_OK && !s->hooks.sweep && i < w.n; i++) {
		dr_params q;
		dr_result r;
		rc = sweep_point(&w, &s->params, i, &q, err, errlen);
		if (rc == DR_OK)
			rc = session_simulate(s, &q, &r, err, errlen);
		if (rc == DR_OK) {
			sweep_store(&w, i, &r, 1);
			dr_result_free(&r);
		}
	}
	if (rc == DR_OK && !s->hooks.sweep) {
		session_store_sweep(s, &w); /* (first: it gives the report its base) */
		report_sweep(out, &s->sweep, s->json);
	}
	sweep_free(&w);
	return rc;
}

/* What export and save write: whole or not at all; data is freed. */
static int write_file(const char *cmd, const char *path, sbuf *data, char *err, size_t errlen)
{
	char why[512];
	int rc = DR_OK;
	if (fileio_write_atomic(path, sb_str(data), data->len, 0666, why, sizeof why) != 0)
		rc = cmd_errf(err, errlen, "%s: '%s' %s", cmd, path, why);
	sb_free(data);
	return rc;
}

/* export under --shard: the last simulate's shard file, as it printed it. */
static int export_shard(session *s, const char *path, int json, sbuf *out, char *err, size_t errlen)
{
	if (!json)
		return cmd_errf(err, errlen,
				"export: bad file name '%s' (allowed under --shard: a name ending in .json, the shard; a CSV comes from merge)",
				path);
	if (!s->shard_text)
		return cmd_errf(err, errlen, "export: nothing to export yet (run simulate first: under --shard it gives the shard)");
	sbuf data = {0};
	sb_puts(&data, s->shard_text);
	int rc = write_file("export", path, &data, err, errlen);
	if (rc == DR_OK && !s->json)
		sb_printf(out, "wrote %s (shard %lld/%lld)\n", path, s->shard_index, s->shard_of);
	return rc;
}

static int c_export(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	if (refuse_restricted(s, "export", err, errlen))
		return DR_EINVAL;
	const char *path = argv[1], *dot = strrchr(path, '.');
	int json = dot && !strcmp(dot, ".json");
	if (!dot || (!json && strcmp(dot, ".csv")))
		return cmd_errf(err, errlen, "export: bad file name '%s' (allowed: a name ending in .csv or .json)", path);
	if (s->shard_of)
		return export_shard(s, path, json, out, err, errlen);
	int table = s->last_table == 1 && s->sweep.n > 0;
	if (!table && !s->result.by_depth)
		return cmd_errf(err, errlen, "export: nothing to export yet (run simulate or sweep first)");
	sbuf data = {0};
	if (table && json)
		report_sweep(&data, &s->sweep, 1);
	else if (table)
		report_sweep_csv(&data, &s->sweep);
	else if (json)
		report_result_json(&data, &s->result_params, &s->result, s->result_partial);
	else
		report_result_csv(&data, &s->result_params, &s->result, s->result_partial);
	int rc = write_file("export", path, &data, err, errlen);
	if (rc == DR_OK && !s->json)
		sb_printf(out, "wrote %s (%s)\n", path, table ? "sweep table" : "simulation by depth");
	return rc;
}

/* Does the recorded line run the file at path? Saved, it would run itself. */
static int runs_file(const char *line, const char *path)
{
	if (strncmp(line, "run ", 4))
		return 0;
	size_t n = strlen(line);
	char *buf = malloc(n + 1), err[DR_ERRLEN];
	cmd_words w = {0};
	int same = 0;
	if (buf) {
		memcpy(buf, line, n + 1);
		struct stat a, b;
		if (cmd_parse(line, buf, &w, err, sizeof err) == DR_OK && w.n >= 2 && w.word[1])
			same = !strcmp(w.word[1], path) || (stat(w.word[1], &a) == 0 && stat(path, &b) == 0 &&
							    a.st_dev == b.st_dev && a.st_ino == b.st_ino);
	}
	free(w.word);
	free(buf);
	return same;
}

static void script_cmd(sbuf *o, const char *line)
{
	sb_puts(o, "cmd(");
	sb_lua_str(o, line);
	sb_puts(o, ")\n");
}

/* The script save writes: the header, then each recorded command, with
 * the settings it ran in first where they are not what the one before left
 * (a Lua script's deadrelu.set), then the settings now. */
static int save_script(const session *s, const char *path, sbuf *o)
{
	sb_printf(o, "-- deadrelu %s: the settings and the commands of a session, written by save.\n", DR_VERSION);
	sb_puts(o, "-- Run it with deadrelu FILE.lua, or run FILE.lua at the prompt or in -c: it\n"
		   "-- starts from the defaults, runs the commands again, each in the settings it\n"
		   "-- ran in, and ends in the settings at the save. Recorded: the commands that\n"
		   "-- succeeded but save, quit, help, show and export (what a run or lua command\n"
		   "-- ran comes again with it).\n");
	if (s->history_dropped)
		sb_printf(o, "-- %lld earlier commands are not here: save keeps the last %d.\n", s->history_dropped,
			  SESSION_HISTORY_MAX);
	sb_puts(o, "local function cmd(text)\n"
		   "\tlocal out = deadrelu.cmd(text)\n"
		   "\tif out ~= \"\" then print((out:gsub(\"\\n$\", \"\"))) end\n"
		   "end\n");
	int n = 0, fresh = 1; /* fresh: the next command's settings must be set */
	for (int i = 0; i < s->history_n; i++) {
		const session_cmd *c = session_history_at(s, i);
		if (runs_file(c->line, path)) {
			sb_puts(o, "-- (a run of this file, left out)\n");
			fresh = 1;
			continue;
		}
		if (fresh || c->moved)
			script_cmd(o, c->settings);
		script_cmd(o, c->line);
		fresh = 0;
		n++;
	}
	sbuf now = {0};
	session_settings_line(&s->params, &now);
	sb_puts(o, "-- the settings at the save\n");
	script_cmd(o, sb_str(&now));
	sb_free(&now);
	return n;
}

static int c_save(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	if (refuse_restricted(s, "save", err, errlen))
		return DR_EINVAL;
	const char *path = argv[1];
	size_t len = strlen(path);
	if (len < 5 || strcmp(path + len - 4, ".lua") || path[len - 5] == '/')
		return cmd_errf(err, errlen, "save: bad file name '%s' (allowed: a name ending in .lua)", path);
	sbuf data = {0};
	int n = save_script(s, path, &data);
	int rc = write_file("save", path, &data, err, errlen);
	if (rc == DR_OK && !s->json)
		sb_printf(out, "wrote %s (%d command%s and the settings)\n", path, n, n == 1 ? "" : "s");
	return rc;
}

static int c_seed(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)out;
	(void)argc;
	char *pair[] = {"seed", argv[1]};
	return cmd_apply_pairs(s, 2, pair, err, errlen);
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
	if (s->shard_of)
		return cmd_errf(err, errlen,
				"%s: not with --shard (Lua's simulate runs whole: shard with -c 'set ...; simulate')", cmd);
	int (*hook)(session *, const char *, sbuf *, char *, size_t) = file ? s->hooks.lua_file : s->hooks.lua_chunk;
	if (!hook)
		return cmd_errf(err, errlen, "%s: Lua is not available here", cmd);
	if (!s->json)
		return hook(s, what, out, err, errlen);
	sbuf text = {0};
	int rc = hook(s, what, &text, err, errlen);
	if (text.len)
		cmd_json_text(out, cmd, "output", sb_str(&text));
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
		return cmd_errf(err, errlen, "p: bad value '%s' (allowed: a number 0 < p < 1)", v);
	return DR_OK;
}

typedef int (*inverse_fn)(long long given, double p, long long *found, char *err, size_t errlen);

/* min_width and max_depth: the lower bound inverted for one size given the
 * other; argv[0] names the command, given and found the sizes. */
static int inverse(session *s, char **argv, const char *given, long long max, const char *found, const char *extreme,
		   inverse_fn fn, sbuf *out, char *err, size_t errlen)
{
	long long k = 0, n = 0;
	double p = 0;
	if (cmd_parse_count(given, argv[1], 1, max, &k, err, errlen) || parse_prob(argv[2], &p, err, errlen) ||
	    fn(k, p, &n, err, errlen))
		return DR_EINVAL;
	if (s->json)
		sb_printf(out, "{\"command\":\"%s\",\"%s\":%lld,\"p\":%.17g,\"%s\":%lld}\n", argv[0], given, k, p,
			  found, n);
	else
		sb_printf(out, "%s %s with lower bound >= %g at %s %lld: %lld\n", extreme, found, p, given, k, n);
	return DR_OK;
}

static int c_min_width(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	return inverse(s, argv, "depth", DR_MAX_BOUND_DEPTH, "width", "smallest", dr_min_width, out, err, errlen);
}

static int c_max_depth(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	(void)argc;
	return inverse(s, argv, "width", 1000000, "depth", "largest", dr_max_depth, out, err, errlen);
}

static int c_help(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	if (!s->json)
		return cmd_help_text(s, argc, argv, out, err, errlen);
	sbuf text = {0};
	int rc = cmd_help_text(s, argc, argv, &text, err, errlen);
	if (rc == DR_OK)
		cmd_json_text(out, "help", "text", sb_str(&text));
	sb_free(&text);
	return rc;
}

/* Headless there is nothing to switch: the name is checked, and the output
 * says so (Lua's deadrelu.view() drops it and stays quiet). */
/* `view` alone names what the screen shows; headless, the defaults it
 * would start with. */
static int c_view(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	if (argc < 2) {
		const char *now[3];
		session_view_now(s, now);
		if (s->json)
			sb_printf(out, "{\"command\":\"view\",\"view\":\"%s\",\"axis\":\"%s\",\"scale\":\"%s\",\"screen\":%s}\n",
				  now[0], now[1], now[2], s->hooks.view_now ? "true" : "false");
		else
			sb_printf(out, "view %s, x-axis %s, y-scale %s%s\n", now[0], now[1], now[2],
				  s->hooks.view_now ? "" : " (no screen here: what it starts with)");
		return DR_OK;
	}
	const view_name *v = view_find(argv[1]);
	if (!v)
		return cmd_errf(err, errlen, "view: bad value '%s' (allowed: %s)", argv[1], view_allowed());
	if (s->hooks.view)
		s->hooks.view(s, v);
	else if (s->json)
		sb_printf(out, "{\"command\":\"view\",\"view\":\"%s\",\"screen\":false}\n", v->name);
	else
		sb_printf(out, "view %s: no screen here (headless), nothing to switch\n", v->name);
	return DR_OK;
}

/* display [NAME [VALUE]]: the screen's settings, stored headless too so a
 * classroom script runs anywhere; listed as "NAME VALUE (allowed: ...)". */
static int c_display(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	if (argc == 3)
		return session_display_set(s, argv[1], argv[2], err, errlen);
	const display_setting *one = argc == 2 ? display_find(argv[1]) : NULL;
	if (argc == 2 && !one) /* the same message as setting it */
		return session_display_set(s, argv[1], "", err, errlen);
	if (s->json)
		sb_puts(out, "{\"command\":\"display\",\"display\":{");
	for (int i = 0, first = 1; i < DISPLAY_COUNT; i++) {
		const display_setting *d = &display_settings[i];
		if (one && d != one)
			continue;
		const char *v = d->values[s->display[i]];
		char allowed[256];
		if (s->json)
			sb_printf(out, "%s\"%s\":\"%s\"", first ? "" : ",", d->name, v);
		else
			sb_printf(out, "%s %s (allowed: %s)\n", d->name, v, display_allowed(d, allowed, sizeof allowed));
		first = 0;
	}
	if (s->json)
		sb_puts(out, "}}\n");
	return DR_OK;
}

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

#define A(...) {__VA_ARGS__}

/* name, usage, help; least and most arguments; their kinds, how many of the
 * last kinds repeat; screen only; the function. */
const command cmd_table[] = {
	{{"set", "set NAME VALUE [NAME VALUE ...]", "change parameters (also: NAME VALUE)"}, 2, -1,
	 A(CMD_ARG_PARAM, CMD_ARG_VALUE), 2, 0, c_set},
	{{"show", "show [NAME ...] | show line", "the parameters, or (line) one command setting them"}, 0, -1, A(CMD_ARG_PARAM), 1, 0, c_show},
	{{"bounds", "bounds", "lower and upper bound on P(alive) for the current parameters"}, 0, 0, A(0), 0, 0,
	 c_bounds},
	{{"simulate", "simulate [TRIALS]", "Monte Carlo estimate of P(alive) and the living ratio"}, 0, 1,
	 A(CMD_ARG_COUNT), 0, 0, c_simulate},
	{{"sweep", "sweep NAME FROM TO [STEP]", "bounds and simulation for each value of a parameter"}, 3, 4,
	 A(CMD_ARG_PARAM, CMD_ARG_NUMBER, CMD_ARG_NUMBER, CMD_ARG_NUMBER), 0, 0, c_sweep},
	{{"plan", "plan DIR SHARDS NAME FROM TO ...",
	  "jobs for a sweep of one or two parameters (NAME FROM TO [STEP], once or twice): one line per cell and shard, for GNU parallel or Slurm"}, 5, 10,
	 A(CMD_ARG_FILE, CMD_ARG_COUNT, CMD_ARG_PARAM, CMD_ARG_NUMBER), 0, 0, cmd_plan},
	{{"export", "export FILE.csv|FILE.json", "write the last sweep or simulation (by depth) and its settings"}, 1, 1,
	 A(CMD_ARG_FILE), 0, 0, c_export},
	{{"merge", "merge [--partial] FILE...", "add up the shards of a run (deadrelu --shard I/N) into its result"}, 1, -1,
	 A(CMD_ARG_FILE), 1, 0, cmd_merge},
	{{"save", "save FILE.lua", "write the settings and the commands so far as a Lua script"}, 1, 1,
	 A(CMD_ARG_FILE), 0, 0, c_save},
	{{"seed", "seed N", "set the random seed"}, 1, 1, A(CMD_ARG_COUNT), 0, 0, c_seed},
	{{"reset", "reset", "every parameter back to its default"}, 0, 0, A(0), 0, 0, c_reset},
	{{"min_width", "min_width DEPTH P", "smallest width whose lower bound is >= P at DEPTH"}, 2, 2,
	 A(CMD_ARG_COUNT, CMD_ARG_NUMBER), 0, 0, c_min_width},
	{{"max_depth", "max_depth WIDTH P", "largest depth whose lower bound is >= P at WIDTH"}, 2, 2,
	 A(CMD_ARG_COUNT, CMD_ARG_NUMBER), 0, 0, c_max_depth},
	{{"run", "run FILE.lua|NAME", "run a Lua script (NAME: a scenario in lua/)"}, 1, 1, A(CMD_ARG_SCRIPT), 0, 0,
	 c_run},
	{{"lua", "lua CHUNK", "run a line of Lua (the rest of the line)"}, 1, 1, A(CMD_ARG_TEXT), 0, 0, c_lua},
	{{"view", "view [NAME]", "switch the screen's view, x-axis or y-scale (as F2, F3, F4); alone: what it shows"}, 0,
	 1, A(CMD_ARG_VIEW), 0, 1,
	 c_view},
	{{"display", "display [NAME [VALUE]]", "the screen's settings (help display names them), or set one"}, 0, 2,
	 A(CMD_ARG_DISPLAY, CMD_ARG_DISPLAY_VALUE), 0, 0, c_display},
	{{"help", "help [COMMAND|PARAMETER]", "this list, or help on one command or parameter"}, 0, 1,
	 A(CMD_ARG_TOPIC), 0, 0, c_help},
	{{"quit", "quit", "leave"}, 0, 0, A(0), 0, 0, c_quit},
};

const int cmd_table_len = (int)(sizeof cmd_table / sizeof cmd_table[0]);
