/* test_tables.c - the engine's tables: the enumerated parameters generated
 * from deadrelu.h's lists (names, help, "allowed:" texts, range checks), a
 * descriptor for every input set, architecture, weight and bias scheme, and
 * the step rules of dr_param_step. */
#include "helpers.h"
#include "trial.h"

#include <stdlib.h>
#include <string.h>

/* The enumerated parameters and the number of named values each has. */
static const struct {
	const char *name;
	int count;
	const char *tail; /* after the names in "allowed:" */
} ENUMS[] = {
	{"input", DR_IN_COUNT, ""},
	{"arch", DR_ARCH_COUNT, ""},
	{"weights", DR_W_COUNT, ""},
	{"bias", DR_B_CONSTANT, " or a constant number"},
	{"criterion", DR_CRIT_COUNT, ""},
};

static void test_enums(void)
{
	for (size_t e = 0; e < sizeof ENUMS / sizeof ENUMS[0]; e++) {
		const dr_param_info *pi = dr_param_find(ENUMS[e].name);
		if (!pi || !pi->values) {
			CHECK(NAME("enum %s: listed with values", ENUMS[e].name), 0, "not found");
			continue;
		}
		int n = 0, helps = 1;
		char joined[1024] = "";
		for (; pi->values[n]; n++) {
			size_t used = strlen(joined);
			snprintf(joined + used, sizeof joined - used, "%s%s", n ? ", " : "", pi->values[n]);
			helps &= pi->value_help && pi->value_help[n] && pi->value_help[n][0];
		}
		strncat(joined, ENUMS[e].tail, sizeof joined - strlen(joined) - 1);
		CHECK(NAME("enum %s: one value per ID", ENUMS[e].name), n == ENUMS[e].count, "%d values, %d IDs", n,
		      ENUMS[e].count);
		CHECK(NAME("enum %s: a help line per value", ENUMS[e].name), helps && pi->value_help[n] == NULL,
		      "missing help");
		CHECK(NAME("enum %s: allowed lists the values", ENUMS[e].name), !strcmp(pi->allowed, joined),
		      "'%s' vs '%s'", pi->allowed, joined);
		/* Every name parses back to its position, and is what dr_param_get shows. */
		int ok = 1;
		for (int i = 0; i < n; i++) {
			dr_params p;
			char err[DR_ERRLEN], got[DR_VALUE_MAX];
			dr_params_default(&p);
			if (dr_param_parse(&p, ENUMS[e].name, pi->values[i], err, sizeof err) != DR_OK ||
			    dr_param_get(&p, ENUMS[e].name, got, sizeof got) < 0 || strcmp(got, pi->values[i]))
				ok = 0;
		}
		CHECK(NAME("enum %s: names round-trip", ENUMS[e].name), ok, "a name did not");
	}
}

/* A field one past the last ID is refused; the last ID is taken. */
static void test_ranges(void)
{
	char err[DR_ERRLEN];
	dr_params p;
#define EDGE(field, count)                                                                               \
	do {                                                                                             \
		dr_params_default(&p);                                                                   \
		p.field = count;                                                                         \
		int bad = dr_params_check(&p, err, sizeof err);                                          \
		CHECK("range " #field " = " #count " refused",                                           \
		      bad == DR_EINVAL && strstr(err, "an enumerated field is out of range"), "rc %d: %s", bad, err); \
		dr_params_default(&p);                                                                   \
		p.field = (count) - 1;                                                                   \
		p.width = 4;                                                                             \
		if (!strcmp(#field, "input") && input_of(&p)->data)                                      \
			break; /* needs a data file: test_data */                                         \
		int good = dr_params_check(&p, err, sizeof err);                                         \
		CHECK("range " #field " = " #count " - 1 taken", good == DR_OK, "rc %d: %s", good, err); \
	} while (0)
	EDGE(input, DR_IN_COUNT);
	EDGE(arch, DR_ARCH_COUNT);
	EDGE(weights, DR_W_COUNT);
	EDGE(bias, DR_B_COUNT);
	EDGE(criterion, DR_CRIT_COUNT);
#undef EDGE
}

/* Every ID has a filled descriptor (a designated initialiser table could
 * leave a hole in the middle that the size check does not see). */
static void test_descriptors(void)
{
	dr_params p;
	dr_params_default(&p);
	for (int i = 0; i < DR_IN_COUNT; i++) {
		p.input = (dr_input)i;
		const input_set *s = input_of(&p);
		CHECK(NAME("descriptor input %d: sampler", i), s->sample != NULL, "none");
		CHECK(NAME("descriptor input %d: one_point xor sized xor data", i),
		      s->one_point + s->sized + s->data == 1, "%d %d %d", s->one_point, s->sized, s->data);
	}
	int applies = 0;
	for (int i = 0; i < DR_ARCH_COUNT; i++) {
		p.arch = (dr_arch)i;
		const arch_desc *a = arch_of(&p);
		CHECK(NAME("descriptor arch %d: driver", i), a->run != NULL, "none");
		CHECK(NAME("descriptor arch %d: a note unless the bounds apply", i), a->bounds_apply || a->note,
		      "no note");
		applies += a->bounds_apply;
		int hooks = a->before_flip || a->after_flip || a->output;
		/* The fused kernel and the dense driver would skip the hooks. */
		CHECK(NAME("descriptor arch %d: no hooks where they would be skipped", i),
		      !hooks || (!a->fused && a->layout != ARCH_CONCAT), "fused %d layout %d", a->fused, a->layout);
		CHECK(NAME("descriptor arch %d: the driver fits the layout", i),
		      (a->layout == ARCH_CONCAT) == (a->run == trial_run_dense), "layout %d", a->layout);
	}
	p.arch = DR_ARCH_PLAIN;
	CHECK("descriptor arch: the plain bounds apply to plain alone", applies == 1 && arch_of(&p)->bounds_apply,
	      "%d apply", applies);
	for (int i = 0; i < DR_W_COUNT; i++) {
		p.weights = (dr_weights)i;
		const init_weights *w = weights_of(&p);
		CHECK(NAME("descriptor weights %d: sd and draw", i), w->sd && w->draw && w->sd(&p, 4, 4) > 0, "missing");
	}
	for (int i = 0; i < DR_B_COUNT; i++) {
		p.bias = (dr_bias)i;
		CHECK(NAME("descriptor bias %d: fill", i), bias_of(&p)->fill != NULL, "none");
	}
}

/* The arrow keys' rules, one case per kind (tests/tui/test_screen.sh
 * drives them through the screen). */
static void test_steps(void)
{
	static const struct {
		const char *spec, *name;
		int dir;
		const char *want; /* NULL: typed, DR_EINVAL */
	} S[] = {
		{"", "depth", 1, "25"},       {"depth=10", "depth", -1, "9"},  {"depth=9", "depth", 1, "10"},
		{"depth=1", "depth", -1, "1"}, {"depth=11", "depth", 1, "14"}, {"", "width", -1, "3"},
		{"width=1", "width", -1, "1"}, {"width=3,5", "width", 1, NULL}, {"", "input_dim", 1, "3"},
		{"", "radius", 1, "1.5"},     {"radius=0", "radius", 1, "0.01"}, {"radius=0", "radius", -1, "0"},
		{"", "bias_scale", -1, "0.6667"}, {"", "points", 1, "512"}, {"points=1", "points", -1, "1"},
		{"", "trials", -1, "1000"},   {"seed=0", "seed", -1, "0"},     {"seed=18446744073709551615", "seed", 1, "0"},
		{"", "threads", -1, "0"},     {"", "confidence", 1, "0.99"},   {"", "confidence", -1, "0.9"},
		{"confidence=0.9", "confidence", 1, "0.95"}, {"", "max_memory", 1, "2048"},
		{"input=sphere", "input", -1, "ball"}, {"", "input", 1, "sphere"},      {"", "arch", -1, "skip"},
		{"bias=0.3", "bias", 1, "zero"}, {"", "bias", 1, "zero"},     {"", "bias", -1, "fan-in"},
		{"bias=uniform", "bias", 1, "fan-in"}, {"", "w_scale", 1, "1.5"}, {"", "signflip", 1, "on"},
		{"", "criterion", 1, "layer"}, {"", "center", 1, NULL},        {"", "data_file", 1, NULL},
		{"", "nonsense", 1, NULL},
	};
	for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
		dr_params p;
		char out[DR_VALUE_MAX] = "";
		if (!check_setup(&p, NULL, S[i].spec))
			continue;
		int rc = dr_param_step(&p, S[i].name, S[i].dir, out, sizeof out);
		if (S[i].want)
			CHECK(NAME("step %s %+d from '%s'", S[i].name, S[i].dir, S[i].spec),
			      rc == DR_OK && !strcmp(out, S[i].want), "rc %d '%s', want '%s'", rc, out, S[i].want);
		else
			CHECK(NAME("step %s %+d from '%s' is typed", S[i].name, S[i].dir, S[i].spec), rc == DR_EINVAL,
			      "rc %d '%s'", rc, out);
	}
}

/* show and the parameter panel give a name 11 columns, a blank after it
 * (report.c, panels.c): 10 characters at most */
static void test_name_widths(void)
{
	for (int i = 0; i < dr_param_count(); i++)
		CHECK(NAME("parameter %s: its name fits 10 columns", dr_param_at(i)->name),
		      strlen(dr_param_at(i)->name) <= 10, "%zu characters", strlen(dr_param_at(i)->name));
}

int main(void)
{
	test_name_widths();
	test_enums();
	test_ranges();
	test_descriptors();
	test_steps();
	CHECK_DONE();
}
