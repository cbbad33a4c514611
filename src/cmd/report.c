/* report.c - how results read: text for people, JSON and CSV for programs. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/session.h"

const char *const report_result_names[REPORT_RESULT_N] = {"alive", "alive_lo", "alive_hi", "living_ratio",
							  "living_ratio_lo", "living_ratio_hi", "min_living_ratio",
							  "seconds"};
const char *const report_depth_names[REPORT_DEPTH_N] = {"alive", "alive_lo", "alive_hi", "living_ratio",
							"min_living_ratio", "dead_units"};
const char *const report_bounds_names[REPORT_BOUNDS_N] = {"lower", "upper", "log_lower", "log_upper",
							  "log_dead_lower", "log_dead_upper", "first_factor"};

/* The name of a certify value, from the parameter table. */
static const char *certify_name(dr_certify c)
{
	return dr_param_find("certify")->values[c];
}

const char *const report_cert_names[REPORT_CERT_N] = {"certified_alive", "certified_dead", "region_lo",
							"region_hi"};

void report_cert_numbers(const dr_depth_stats *d, double v[REPORT_CERT_N])
{
	double n[] = {d->certified_alive, d->certified_dead, d->region_lo, d->region_hi};
	memcpy(v, n, sizeof n);
}

void report_result_cert_numbers(const dr_result *r, double v[REPORT_CERT_N])
{
	double n[] = {r->certified_alive, r->certified_dead, r->region_lo, r->region_hi};
	memcpy(v, n, sizeof n);
}

void report_result_numbers(const dr_result *r, double v[REPORT_RESULT_N])
{
	double n[] = {r->alive, r->alive_lo, r->alive_hi, r->living_ratio, r->living_ratio_lo, r->living_ratio_hi,
		      r->min_living_ratio, r->seconds};
	memcpy(v, n, sizeof n);
}

void report_depth_numbers(const dr_depth_stats *d, double v[REPORT_DEPTH_N])
{
	double n[] = {d->alive, d->alive_lo, d->alive_hi, d->living_ratio, d->min_living_ratio, d->dead_units};
	memcpy(v, n, sizeof n);
}

void report_bounds_numbers(const dr_bounds *b, double v[REPORT_BOUNDS_N])
{
	double n[] = {b->lower, b->upper, b->log_lower, b->log_upper, b->log_dead_lower, b->log_dead_upper,
		      b->first_factor};
	memcpy(v, n, sizeof n);
}

/* Every parameter but skip (NULL: none) as one JSON object of strings,
 * the values as show writes them. */
static void params_json(sbuf *out, const dr_params *p, const char *skip)
{
	char v[DR_VALUE_MAX];
	sb_puts(out, "{");
	for (int i = 0, n = 0; i < dr_param_count(); i++) {
		const dr_param_info *pi = dr_param_at(i);
		if (skip && !strcmp(pi->name, skip))
			continue;
		dr_param_get(p, pi->name, v, sizeof v);
		sb_printf(out, "%s\"%s\":", n++ ? "," : "", pi->name);
		sb_json_str(out, v);
	}
	sb_puts(out, "}");
}

void report_params(sbuf *out, const dr_params *p, int json)
{
	if (json) {
		sb_puts(out, "{\"command\":\"show\",\"params\":");
		params_json(out, p, NULL);
		sb_puts(out, "}\n");
		return;
	}
	char v[DR_VALUE_MAX];
	for (int i = 0; i < dr_param_count(); i++) {
		const dr_param_info *pi = dr_param_at(i);
		dr_param_get(p, pi->name, v, sizeof v);
		sb_printf(out, "%-11s %-14s %s\n", pi->name, v, pi->help);
	}
}

/* Writes n fields "KEY":VALUE, comma-separated; first: whether the first
 * opens the object (no comma before it). */
static void json_nums(sbuf *out, int first, const char *const *keys, const double *v, int n)
{
	for (int i = 0; i < n; i++) {
		sb_printf(out, "%s\"%s\":", first && i == 0 ? "" : ",", keys[i]);
		sb_json_num(out, v[i]);
	}
}

static void notes_text(sbuf *out, const dr_bounds *b)
{
	for (int i = 0; i < b->nnotes; i++)
		sb_printf(out, "note: %s\n", b->notes[i]);
}

static void notes_json(sbuf *out, const dr_bounds *b)
{
	sb_puts(out, "\"notes\":[");
	for (int i = 0; i < b->nnotes; i++) {
		if (i)
			sb_puts(out, ",");
		sb_json_str(out, b->notes[i]);
	}
	sb_puts(out, "]");
}

void report_bounds(sbuf *out, const dr_params *p, const dr_bounds *b, int json)
{
	char lo[64], hi[64], dlo[64], dhi[64];
	dr_format_logprob(b->log_lower, lo, sizeof lo);
	dr_format_logprob(b->log_upper, hi, sizeof hi);
	dr_format_logprob(b->log_dead_lower, dlo, sizeof dlo);
	dr_format_logprob(b->log_dead_upper, dhi, sizeof dhi);
	if (json) {
		double v[REPORT_BOUNDS_N];
		report_bounds_numbers(b, v);
		sb_puts(out, "{\"command\":\"bounds\"");
		json_nums(out, 0, report_bounds_names, v, REPORT_BOUNDS_N);
		sb_printf(out, ",\"first_factor_kind\":\"%s\",\"applies\":%s,", b->first_factor_kind,
			  b->applies ? "true" : "false");
		notes_json(out, b);
		sb_puts(out, "}\n");
		return;
	}
	char w[DR_VALUE_MAX];
	dr_param_get(p, "width", w, sizeof w);
	sb_printf(out, "depth %lld, width %s, input_dim %d%s\n", p->depth, w, p->input_dim,
		  b->applies ? "" : "  (the bounds do NOT apply here: see notes)");
	sb_printf(out, "lower bound  P(alive) >= %s   (log %.6g)\n", lo, b->log_lower);
	sb_printf(out, "upper bound  P(alive) <= %s   (log %.6g; first layer: %s)\n", hi, b->log_upper,
		  b->first_factor_kind);
	sb_printf(out, "P(dead) between %s and %s\n", dlo, dhi);
	notes_text(out, b);
}

/* What a sampled estimate is about, in words: "256 sampled points", "1
 * point", "1797 data rows" (points < 1: without the count, for a sweep
 * whose rows may differ); and its criterion. */
static void sample_words(const dr_params *p, int points, char *buf, size_t len)
{
	const char *crit = dr_param_find("criterion")->values[p->criterion];
	const char *what = p->input == DR_IN_DATA ? "data rows" : points == 1 ? "point" : "sampled points";
	if (points < 1)
		snprintf(buf, len, "%s, criterion %s", what, crit);
	else
		snprintf(buf, len, "%d %s, criterion %s", points, what, crit);
}

/* ---- what an export says about itself ----
 *
 * What produced a table and what its numbers are about, under one set of
 * names: "# NAME VALUE" lines above a CSV's header (gnuplot and pandas'
 * comment='#' skip them), fields of the JSON object (the export and
 * --json print the same one). */

typedef struct {
	sbuf *out;
	int json;
} meta;

/* A CSV comment stays one line: a backslash, newline or carriage return
 * in a value (a file name) is written \\, \n, \r. */
static void comment_value(sbuf *out, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '\n' || *v == '\r')
			sb_printf(out, "\\%c", *v == '\n' ? 'n' : *v == '\r' ? 'r' : '\\');
		else
			sb_printf(out, "%c", *v);
	}
}

static void meta_text(const meta *m, const char *key, const char *v)
{
	if (m->json) {
		sb_printf(m->out, ",\"%s\":", key);
		sb_json_str(m->out, v);
	} else {
		sb_printf(m->out, "# %s ", key);
		comment_value(m->out, v);
		sb_puts(m->out, "\n");
	}
}

/* A yes or no: true/false in JSON, 1/0 in a CSV (as its bounds_apply column). */
static void meta_flag(const meta *m, const char *key, int on)
{
	if (m->json)
		sb_printf(m->out, ",\"%s\":%s", key, on ? "true" : "false");
	else
		sb_printf(m->out, "# %s %d\n", key, on != 0);
}

/* The version (the one --version prints), the seed and every parameter as
 * show lists them, but skip (a swept one; NULL: none). The JSON object's
 * "command" comes before, from the caller. */
static void meta_origin(const meta *m, const char *command, const dr_params *p, const char *skip)
{
	if (m->json) {
		sb_printf(m->out, ",\"version\":\"%s\"", DR_VERSION);
		if (!skip || strcmp(skip, "seed"))
			sb_printf(m->out, ",\"seed\":%llu", (unsigned long long)p->seed);
		sb_puts(m->out, ",\"params\":");
		params_json(m->out, p, skip);
		return;
	}
	sb_printf(m->out, "# deadrelu %s\n", DR_VERSION);
	meta_text(m, "command", command);
	if (skip)
		meta_text(m, "param", skip);
	char v[DR_VALUE_MAX];
	for (int i = 0; i < dr_param_count(); i++) {
		const char *name = dr_param_at(i)->name;
		if (skip && !strcmp(name, skip))
			continue;
		dr_param_get(p, name, v, sizeof v);
		meta_text(m, name, v);
	}
}

/* "KEY: " then the n names, blank-separated, then the rest, as one text. */
static void meta_about(const meta *m, const char *key, const char *const *names, int n, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void meta_about(const meta *m, const char *key, const char *const *names, int n, const char *fmt, ...)
{
	sbuf t = {0};
	for (int i = 0; i < n; i++)
		sb_printf(&t, "%s%s", i ? " " : "", names[i]);
	char rest[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rest, sizeof rest, fmt, ap);
	va_end(ap);
	sb_printf(&t, ": %s", rest);
	meta_text(m, key, sb_str(&t));
	sb_free(&t);
}

static const char *const bounds_cols[] = {"lower", "upper"};

/* What depth, the sampled estimate (trials: how many were run, in words),
 * the certified columns and the bounds are about. points < 1: a sweep
 * (rows at full depth, counts may vary). */
static void meta_columns(const meta *m, const dr_params *p, int points, const char *trials,
			 const char *const *est, int nest, const char *const *cert, int ncert, dr_certify certify)
{
	char about[96], set[DR_VALUE_MAX];
	sample_words(p, points, about, sizeof about);
	dr_param_get(p, "input", set, sizeof set);
	meta_text(m, "depth_convention",
		  points < 1 ? "depth = hidden ReLU layers k (L = k + 1 where the output layer is counted); each row is the whole network (its full depth)"
			     : "depth = hidden ReLU layers k (L = k + 1 where the output layer is counted); row d: the first d layers of each network (the last row: the whole network)");
	meta_about(m, "estimate", est, nest, "on the sample (%s), not certified for the whole input set; %g%% Wilson intervals%s",
		   about, 100 * p->confidence, trials);
	if (certify != DR_CERT_OFF)
		meta_about(m, "certified", cert, ncert, "on the whole input set (%s), certify %s", set,
			   certify_name(certify));
	meta_about(m, "bounds", bounds_cols, 2, "bounds on P(alive) on the whole input set (%s) at each %s, as the bounds command gives them",
		   set, points < 1 ? "row's parameters" : "depth");
}

/* The bounds at each depth 1..rows of a result's parameters, and at its
 * depth (whether they apply, the notes). */
typedef struct {
	dr_bounds at;
	int ok;
	double *lower, *upper; /* rows each; NAN when they cannot be computed */
} depth_bounds;

static void depth_bounds_init(depth_bounds *d, const dr_params *p, long long rows)
{
	char err[DR_ERRLEN];
	size_t n = rows > 0 ? (size_t)rows : 1;
	long long *depths = malloc(n * sizeof *depths);
	d->lower = malloc(2 * n * sizeof *d->lower);
	d->upper = d->lower ? d->lower + n : NULL;
	d->ok = dr_bounds_compute(p, &d->at, err, sizeof err) == DR_OK && depths && d->lower;
	for (long long l = 0; d->ok && l < rows; l++)
		depths[l] = l + 1;
	if (d->ok)
		d->ok = dr_bounds_curve(p, depths, (int)rows, d->lower, d->upper, err, sizeof err) == DR_OK;
	for (long long l = 0; !d->ok && d->lower && l < rows; l++)
		d->lower[l] = d->upper[l] = NAN;
	free(depths);
}

static double bound_at(const double *v, long long l)
{
	return v ? v[l] : NAN;
}

static void meta_bounds_apply(const meta *m, const depth_bounds *d)
{
	meta_flag(m, "bounds_apply", d->ok && d->at.applies);
	if (m->json) {
		sb_puts(m->out, ",\"bounds_notes\":[");
		for (int i = 0; d->ok && i < d->at.nnotes; i++) {
			if (i)
				sb_puts(m->out, ",");
			sb_json_str(m->out, d->at.notes[i]);
		}
		sb_puts(m->out, "]");
		return;
	}
	for (int i = 0; d->ok && i < d->at.nnotes; i++)
		meta_text(m, "bounds_notes", d->at.notes[i]);
}

void report_origin_json(sbuf *out, const dr_params *p)
{
	meta m = {out, 1};
	meta_origin(&m, "simulate", p, NULL);
}

/* The facts of a simulation, before its rows; partial (NULL: none) what
 * a merge of some of its slices covers. */
static void meta_result(const meta *m, const dr_params *p, const dr_result *r, const depth_bounds *d,
			const char *partial)
{
	char trials[96];
	if (r->finished)
		snprintf(trials, sizeof trials, " over %lld trials", r->trials);
	else
		snprintf(trials, sizeof trials, " over %lld of %lld trials (partial)", r->trials, r->target);
	meta_origin(m, "simulate", p, NULL);
	meta_columns(m, p, r->points, trials, report_depth_names, REPORT_DEPTH_N, report_cert_names, REPORT_CERT_N,
		     r->certify);
	if (r->certify != DR_CERT_OFF && r->certify_note)
		meta_text(m, "certify_note", r->certify_note);
	meta_bounds_apply(m, d);
	if (partial)
		meta_text(m, "partial", partial);
}

void report_result(sbuf *out, const dr_params *p, const dr_result *r, int json)
{
	report_result_of(out, p, r, NULL, json);
}

void report_result_of(sbuf *out, const dr_params *p, const dr_result *r, const char *partial, int json)
{
	if (json) {
		depth_bounds db;
		depth_bounds_init(&db, p, r->depth);
		meta m = {out, 1};
		sb_puts(out, "{\"command\":\"simulate\"");
		meta_result(&m, p, r, &db, partial);
		sb_printf(out, ",\"trials\":%lld,\"target\":%lld,\"points\":%d,", r->trials, r->target, r->points);
		double v[REPORT_RESULT_N];
		report_result_numbers(r, v);
		json_nums(out, 1, report_result_names, v, REPORT_RESULT_N);
		int cert = r->certify != DR_CERT_OFF;
		double cv[REPORT_CERT_N];
		if (cert) {
			report_result_cert_numbers(r, cv);
			sb_printf(out, ",\"certify\":\"%s\"", certify_name(r->certify));
			json_nums(out, 0, report_cert_names, cv, REPORT_CERT_N);
		}
		sb_printf(out, ",\"finished\":%s,\"by_depth\":[", r->finished ? "true" : "false");
		for (long long l = 0; l < r->depth; l++) {
			double dv[REPORT_DEPTH_N];
			report_depth_numbers(&r->by_depth[l], dv);
			sb_printf(out, "%s{\"depth\":%lld", l ? "," : "", l + 1);
			json_nums(out, 0, report_depth_names, dv, REPORT_DEPTH_N);
			if (cert) {
				report_cert_numbers(&r->by_depth[l], cv);
				json_nums(out, 0, report_cert_names, cv, REPORT_CERT_N);
			}
			double bv[] = {bound_at(db.lower, l), bound_at(db.upper, l)};
			json_nums(out, 0, bounds_cols, bv, 2);
			sb_puts(out, "}");
		}
		sb_puts(out, "]}\n");
		free(db.lower);
		return;
	}
	char about[96];
	sample_words(p, r->points, about, sizeof about);
	sb_printf(out, "P(alive) = %.4f  [%.4f, %.4f]  (%s; %g%% Wilson, %lld trials%s, %.2f s)\n", r->alive,
		  r->alive_lo, r->alive_hi, about, 100 * p->confidence, r->trials,
		  r->finished ? "" : " - partial", r->seconds);
	sb_printf(out, "living ratio = %.4f  [%.4f, %.4f]  min over trials %.4f  (%d points)\n",
		  r->living_ratio, r->living_ratio_lo, r->living_ratio_hi, r->min_living_ratio, r->points);
	if (r->certify != DR_CERT_OFF) {
		char set[DR_VALUE_MAX];
		dr_param_get(p, "input", set, sizeof set);
		sb_printf(out, "whole input set (%s): P(alive) between %.4f and %.4f  (certify %s: %.4f proven alive, %.4f proven dead, %.4f undecided)\n",
			  set, r->region_lo, r->region_hi, certify_name(r->certify), r->certified_alive,
			  r->certified_dead, fmax(0.0, 1.0 - r->certified_alive - r->certified_dead));
		if (r->certify_note)
			sb_printf(out, "note: certify: %s\n", r->certify_note);
	}
	if (partial)
		sb_printf(out, "partial: %s; not the whole run\n", partial);
}

void report_result_csv(sbuf *out, const dr_params *p, const dr_result *r, const char *partial)
{
	depth_bounds db;
	depth_bounds_init(&db, p, r->depth);
	meta m = {out, 0};
	meta_result(&m, p, r, &db, partial);
	int cert = r->certify != DR_CERT_OFF;
	sb_puts(out, "depth");
	for (int i = 0; i < REPORT_DEPTH_N; i++)
		sb_printf(out, ",%s", report_depth_names[i]);
	for (int i = 0; cert && i < REPORT_CERT_N; i++)
		sb_printf(out, ",%s", report_cert_names[i]);
	sb_puts(out, ",lower,upper\n");
	for (long long l = 0; l < r->depth; l++) {
		double v[REPORT_DEPTH_N], cv[REPORT_CERT_N];
		report_depth_numbers(&r->by_depth[l], v);
		report_cert_numbers(&r->by_depth[l], cv);
		sb_printf(out, "%lld", l + 1);
		for (int i = 0; i < REPORT_DEPTH_N; i++)
			sb_printf(out, ",%.10g", v[i]);
		for (int i = 0; cert && i < REPORT_CERT_N; i++)
			sb_printf(out, ",%.10g", cv[i]);
		sb_printf(out, ",%.10g,%.10g\n", bound_at(db.lower, l), bound_at(db.upper, l));
	}
	free(db.lower);
}

void report_result_json(sbuf *out, const dr_params *p, const dr_result *r, const char *partial)
{
	report_result_of(out, p, r, partial, 1);
}

/* A sweep's columns: the sample's, the whole set's (certify on). */
static const char *const sweep_est[] = {"alive", "alive_lo", "alive_hi", "living_ratio"};
static const char *const sweep_cert[] = {"region_lo", "region_hi"};

/* The facts of a sweep: its rows vary the swept parameter from t->base,
 * so that one is left out of the parameters. */
static void meta_sweep(const meta *m, const sweep *t)
{
	meta_origin(m, "sweep", &t->base, t->param);
	meta_columns(m, &t->base, 0, "", sweep_est, 4, sweep_cert, 2, t->certify);
}

void report_sweep(sbuf *out, const sweep *t, int json)
{
	int cert = t->certify != DR_CERT_OFF;
	if (json) {
		meta m = {out, 1};
		sb_puts(out, "{\"command\":\"sweep\"");
		meta_sweep(&m, t);
		sb_printf(out, ",\"param\":\"%s\",", t->param);
		if (cert)
			sb_printf(out, "\"certify\":\"%s\",", certify_name(t->certify));
		sb_puts(out, "\"rows\":[");
		for (int i = 0; i < t->n; i++) {
			double v[] = {t->value[i], t->lower[i], t->upper[i], t->alive[i], t->alive_lo[i],
				      t->alive_hi[i], t->living[i], t->region_lo[i], t->region_hi[i]};
			const char *n[] = {"value", "lower", "upper", "alive", "alive_lo", "alive_hi", "living_ratio",
					   "region_lo", "region_hi"};
			sb_puts(out, i ? ",{" : "{");
			json_nums(out, 1, n, v, cert ? 9 : 7);
			sb_printf(out, ",\"applies\":%s}", t->applies[i] ? "true" : "false");
		}
		sb_puts(out, "]}\n");
		return;
	}
	sb_printf(out, "%12s %9s %9s %9s %19s %9s%s\n", t->param, "lower", "upper", "P(alive)", "interval",
		  "living", cert ? "   whole input set" : "");
	for (int i = 0; i < t->n; i++) {
		sb_printf(out, "%12g %9.4f %9.4f %9.4f  [%7.4f, %7.4f] %9.4f", t->value[i], t->lower[i],
			  t->upper[i], t->alive[i], t->alive_lo[i], t->alive_hi[i], t->living[i]);
		if (cert)
			sb_printf(out, "  [%7.4f, %7.4f]", t->region_lo[i], t->region_hi[i]);
		sb_printf(out, "%s\n", t->applies[i] ? "" : "  (bounds n/a)");
	}
	if (cert)
		sb_printf(out, "(P(alive) and interval: the sampled points; whole input set: certify %s)\n",
			  certify_name(t->certify));
}

void report_sweep_csv(sbuf *out, const sweep *t)
{
	int cert = t->certify != DR_CERT_OFF;
	meta m = {out, 0};
	meta_sweep(&m, t);
	sb_printf(out, "%s,lower,upper,alive,alive_lo,alive_hi,living_ratio,bounds_apply%s\n", t->param,
		  cert ? ",region_lo,region_hi" : "");
	for (int i = 0; i < t->n; i++) {
		sb_printf(out, "%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%d", t->value[i], t->lower[i],
			  t->upper[i], t->alive[i], t->alive_lo[i], t->alive_hi[i], t->living[i], t->applies[i]);
		if (cert)
			sb_printf(out, ",%.10g,%.10g", t->region_lo[i], t->region_hi[i]);
		sb_puts(out, "\n");
	}
}
