/* test_access.c - the binding accessors of deadrelu.h (access.c) against
 * the structs they read: each name gives its own field (a table entry
 * pointing at the wrong offset reads another field's value, so the cases
 * are chosen where the fields differ), a wrong name is refused, the
 * heap objects start as the defaults or zero, and dr_version is the
 * header's DR_VERSION. */
#include "helpers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* v is the field's value (NaN compares equal to NaN). */
static int same(double got, double want)
{
	return got == want || (isnan(got) && isnan(want));
}

static void bounds_fields(void)
{
	dr_params p;
	dr_bounds b;
	char err[DR_ERRLEN];
	/* dense: bounds that do not apply, with notes */
	if (!check_setup(&p, NULL, "arch=dense depth=7 width=5") || dr_bounds_compute(&p, &b, err, sizeof err) != DR_OK) {
		CHECK("access.bounds_setup", 0, "%s", err);
		return;
	}
	struct {
		const char *name;
		double want;
	} cases[] = {
		{"lower", b.lower}, {"upper", b.upper}, {"log_lower", b.log_lower}, {"log_upper", b.log_upper},
		{"log_dead_lower", b.log_dead_lower}, {"log_dead_upper", b.log_dead_upper},
		{"first_factor", b.first_factor}, {"applies", b.applies}, {"nnotes", b.nnotes},
	};
	int n = (int)(sizeof cases / sizeof cases[0]), distinct = 1;
	for (int i = 0; i < n; i++) {
		double got = -12345;
		int rc = dr_bounds_number(&b, cases[i].name, &got);
		CHECK(NAME("access.bounds.%s", cases[i].name), rc == DR_OK && same(got, cases[i].want),
		      "rc %d, got %.17g, want %.17g", rc, got, cases[i].want);
		for (int j = 0; j < i; j++)
			distinct &= !same(cases[i].want, cases[j].want) || !strcmp(cases[i].name, "applies");
	}
	CHECK("access.bounds.cases_distinct", distinct && b.nnotes > 0 && !b.applies,
	      "the case's fields are not all different (nnotes %d applies %d)", b.nnotes, b.applies);
	double got = 7;
	CHECK("access.bounds.unknown", dr_bounds_number(&b, "alive", &got) == DR_EINVAL && got == 7 &&
					       dr_bounds_number(&b, NULL, &got) == DR_EINVAL,
	      "an unknown name was read");
	CHECK("access.bounds.kind", dr_bounds_text(&b, "first_factor_kind", 0) == b.first_factor_kind,
	      "first_factor_kind");
	int notes_ok = 1;
	for (int i = 0; i < b.nnotes; i++)
		notes_ok &= dr_bounds_text(&b, "notes", i) == b.notes[i];
	CHECK("access.bounds.notes", notes_ok && !dr_bounds_text(&b, "notes", b.nnotes) &&
					     !dr_bounds_text(&b, "notes", -1) && !dr_bounds_text(&b, "lower", 0),
	      "notes by index, out of range and a number's name");
}

static void result_fields(void)
{
	dr_params p;
	dr_result r;
	/* certify on, so the certified fields are numbers and a note is set */
	if (!check_run(NULL, "depth=6 width=3 trials=400 certify=bracket arch=batchnorm", &p, &r))
		return;
	struct {
		const char *name;
		double want;
	} cases[] = {
		{"depth", (double)r.depth}, {"rows", (double)r.rows}, {"trials", (double)r.trials},
		{"target", (double)r.target}, {"points", r.points}, {"alive", r.alive}, {"alive_lo", r.alive_lo},
		{"alive_hi", r.alive_hi}, {"living_ratio", r.living_ratio}, {"living_ratio_lo", r.living_ratio_lo},
		{"living_ratio_hi", r.living_ratio_hi}, {"min_living_ratio", r.min_living_ratio},
		{"certified_alive", r.certified_alive}, {"certified_dead", r.certified_dead},
		{"region_lo", r.region_lo}, {"region_hi", r.region_hi}, {"seconds", r.seconds},
		{"finished", r.finished}, {"cancelled", r.cancelled},
	};
	int n = (int)(sizeof cases / sizeof cases[0]);
	for (int i = 0; i < n; i++) {
		double got = -12345;
		int rc = dr_result_number(&r, cases[i].name, &got);
		CHECK(NAME("access.result.%s", cases[i].name), rc == DR_OK && same(got, cases[i].want),
		      "rc %d, got %.17g, want %.17g", rc, got, cases[i].want);
	}
	double got = 7;
	CHECK("access.result.unknown", dr_result_number(&r, "dead_units", &got) == DR_EINVAL && got == 7,
	      "a per-depth name read as the whole result's");
	CHECK("access.result.texts", !strcmp(dr_result_text(&r, "certify"), "bracket") &&
					     dr_result_text(&r, "certify_note") == r.certify_note && r.certify_note &&
					     !dr_result_text(&r, "alive"),
	      "certify, certify_note (%s)", r.certify_note ? r.certify_note : "NULL");

	const char *cols[] = {"alive", "alive_lo", "alive_hi", "living_ratio", "min_living_ratio", "dead_units",
			      "certified_alive", "certified_dead", "region_lo", "region_hi", "depth"};
	double *col = malloc((size_t)(r.rows + 1) * sizeof *col);
	for (size_t c = 0; col && c < sizeof cols / sizeof cols[0]; c++) {
		col[r.rows] = -99; /* n = rows: the entry after is not written */
		int rc = dr_result_column(&r, cols[c], col, r.rows), ok = rc == DR_OK && col[r.rows] == -99;
		for (long long i = 0; ok && i < r.rows; i++) {
			const dr_depth_stats *d = &r.by_depth[i];
			double want[] = {d->alive, d->alive_lo, d->alive_hi, d->living_ratio, d->min_living_ratio,
					 d->dead_units, d->certified_alive, d->certified_dead, d->region_lo, d->region_hi,
					 (double)(i + 1)};
			ok = same(col[i], want[c]);
		}
		CHECK(NAME("access.column.%s", cols[c]), ok, "rc %d", rc);
	}
	CHECK("access.column.unknown", col && dr_result_column(&r, "trials", col, r.rows) == DR_EINVAL,
	      "a whole-result name read as a column");
	free(col);
	dr_result_free(&r);

	/* a snapshot at chosen depths: the depth column is theirs */
	dr_sim *s;
	char err[DR_ERRLEN];
	long long depths[] = {2, 5};
	double dc[2] = {0, 0};
	int rc = dr_sim_start(&p, NULL, NULL, &s, err, sizeof err);
	if (rc == DR_OK) {
		dr_sim_wait(s);
		rc = dr_sim_snapshot_at(s, depths, 2, &r, err, sizeof err);
		dr_sim_free(s);
	}
	if (rc == DR_OK) {
		rc = dr_result_column(&r, "depth", dc, 2);
		dr_result_free(&r);
	}
	CHECK("access.column.row_depth", rc == DR_OK && dc[0] == 2 && dc[1] == 5, "rc %d, depths %g %g", rc, dc[0],
	      dc[1]);
}

static void heap(void)
{
	dr_params *p = dr_params_new(), d;
	dr_bounds *b = dr_bounds_new(), zb;
	dr_result *r = dr_result_new(), zr;
	dr_params_default(&d);
	char x[DR_VALUE_MAX], y[DR_VALUE_MAX];
	int defaults = p != NULL;
	for (int i = 0; defaults && i < dr_param_count(); i++) {
		const char *name = dr_param_at(i)->name;
		defaults = dr_param_get(p, name, x, sizeof x) >= 0 && dr_param_get(&d, name, y, sizeof y) >= 0 &&
			   !strcmp(x, y);
	}
	CHECK("access.params_new", defaults, "dr_params_new is not the defaults");
	memset(&zb, 0, sizeof zb);
	memset(&zr, 0, sizeof zr);
	CHECK("access.bounds_new", b && !memcmp(b, &zb, sizeof zb), "not zeroed");
	CHECK("access.result_new", r && !memcmp(r, &zr, sizeof zr), "not zeroed");
	/* a heap result holds a run like one on the stack */
	char err[DR_ERRLEN];
	int rc = dr_param_set(p, "trials", "50", err, sizeof err);
	if (rc == DR_OK)
		rc = dr_simulate(p, r, err, sizeof err);
	CHECK("access.result_heap_run", rc == DR_OK && r->trials == 50 && r->by_depth, "rc %d: %s", rc, err);
	dr_result_free(r);
	dr_free(r);
	dr_free(b);
	dr_free(p);
	dr_free(NULL);
	CHECK("access.version", !strcmp(dr_version(), DR_VERSION), "dr_version() '%s', DR_VERSION '%s'", dr_version(),
	      DR_VERSION);
}

int main(void)
{
	bounds_fields();
	result_fields();
	heap();
	CHECK_DONE();
}
