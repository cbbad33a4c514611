/* report.c - how results read: text for people, JSON and CSV for programs. */
#include <math.h>
#include <stdio.h>
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

void report_params(sbuf *out, const dr_params *p, int json)
{
	char v[DR_VALUE_MAX];
	if (json)
		sb_puts(out, "{\"command\":\"show\",\"params\":{");
	for (int i = 0; i < dr_param_count(); i++) {
		const dr_param_info *pi = dr_param_at(i);
		dr_param_get(p, pi->name, v, sizeof v);
		if (json) {
			sb_printf(out, "%s\"%s\":", i ? "," : "", pi->name);
			sb_json_str(out, v);
		} else {
			sb_printf(out, "%-11s %-14s %s\n", pi->name, v, pi->help);
		}
	}
	if (json)
		sb_puts(out, "}}\n");
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

/* What a result's sampled estimate is about, in words: "256 sampled
 * points", "1 point", "1797 data rows"; and its criterion. */
static void sample_words(const dr_params *p, const dr_result *r, char *buf, size_t len)
{
	const char *crit = dr_param_find("criterion")->values[p->criterion];
	const char *what = p->input == DR_IN_DATA ? "data rows" : r->points == 1 ? "point" : "sampled points";
	snprintf(buf, len, "%d %s, criterion %s", r->points, what, crit);
}

void report_result(sbuf *out, const dr_params *p, const dr_result *r, int json)
{
	if (json) {
		sb_printf(out, "{\"command\":\"simulate\",\"trials\":%lld,\"target\":%lld,\"points\":%d,",
			  r->trials, r->target, r->points);
		double v[REPORT_RESULT_N];
		report_result_numbers(r, v);
		json_nums(out, 1, report_result_names, v, REPORT_RESULT_N);
		int cert = r->certify != DR_CERT_OFF;
		double cv[REPORT_CERT_N];
		if (cert) {
			report_result_cert_numbers(r, cv);
			sb_printf(out, ",\"certify\":\"%s\"", certify_name(r->certify));
			if (r->certify_note) {
				sb_puts(out, ",\"certify_note\":");
				sb_json_str(out, r->certify_note);
			}
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
			sb_puts(out, "}");
		}
		sb_puts(out, "]}\n");
		return;
	}
	char about[96];
	sample_words(p, r, about, sizeof about);
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
}

void report_result_csv(sbuf *out, const dr_params *p, const dr_result *r)
{
	(void)p;
	int cert = r->certify != DR_CERT_OFF;
	sb_puts(out, "depth,alive,alive_lo,alive_hi,living_ratio,min_living_ratio,dead_units");
	for (int i = 0; cert && i < REPORT_CERT_N; i++)
		sb_printf(out, ",%s", report_cert_names[i]);
	sb_puts(out, "\n");
	for (long long l = 0; l < r->depth; l++) {
		const dr_depth_stats *d = &r->by_depth[l];
		sb_printf(out, "%lld,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g", l + 1, d->alive, d->alive_lo,
			  d->alive_hi, d->living_ratio, d->min_living_ratio, d->dead_units);
		double cv[REPORT_CERT_N];
		report_cert_numbers(d, cv);
		for (int i = 0; cert && i < REPORT_CERT_N; i++)
			sb_printf(out, ",%.10g", cv[i]);
		sb_puts(out, "\n");
	}
}

void report_result_json(sbuf *out, const dr_params *p, const dr_result *r)
{
	report_result(out, p, r, 1);
}

void report_sweep(sbuf *out, const sweep *t, int json)
{
	int cert = t->certify != DR_CERT_OFF;
	if (json) {
		sb_printf(out, "{\"command\":\"sweep\",\"param\":\"%s\",", t->param);
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
