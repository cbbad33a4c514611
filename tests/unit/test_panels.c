/* test_panels.c - the explorer's panels rendered into a grid (no curses) for
 * a fixed session and compared with text snapshots, in ASCII (utf8 = 0) and
 * in UTF-8 (utf8 = 1), plus checks that do not depend on the exact layout:
 * every parameter listed with its value, the map's mark on the current
 * (width, depth), the bounds on the status line, the "terminal too small"
 * notice, "bounds not drawn" when the bounds do not apply, the help listing
 * every command, the plot's line styles in dots, in thick lines and in
 * ASCII with a simulated estimate.
 *
 * The snapshots were produced by the program (test_panels --print prints
 * every rendering as C string literals) and reviewed by eye; when a panel
 * changes on purpose, print, review and paste again. */
#include "check.h"
#include "deadrelu.h"
#include "tui/ui.h"

/* gcc 12 at -O1 with -fsanitize=address,undefined warns "'%s' directive
 * argument is null" for CHECK(..., "%s", t) right after t = render(...),
 * which never returns NULL: a false positive of that combination only. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-overflow"
#endif

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static session s;
static ui_state u; /* large (the message ring): static */
static int print_mode;

/* A fresh default session and screen state. */
static void reset(int utf8)
{
	runner_free(&u.run);
	dr_sample_free(&u.sample);
	session_free(&s);
	session_init(&s);
	memset(&u, 0, sizeof u);
	u.s = &s;
	u.utf8 = utf8;
	u.sample_seed = 1;
	runner_init(&u.run, &s, NULL, NULL, NULL);
}

/* Changes one parameter the way the command language does. */
static void set(const char *name, const char *value)
{
	dr_params p = s.params;
	char err[DR_ERRLEN];
	if (dr_param_set(&p, name, value, err, sizeof err) != DR_OK) {
		printf("FAIL setup %s=%s: %s\n", name, value, err);
		check_failed++;
		return;
	}
	session_set_params(&s, &p);
}

typedef void (*panel_fn)(grid *, rect, const ui_state *);

/* The panel fn (NULL: the whole screen, ui_layout) drawn into a w x h grid,
 * as text; the caller frees. */
static char *render(panel_fn fn, int w, int h)
{
	grid g;
	char *t = NULL;
	if (grid_init(&g, w, h) == 0) {
		if (fn)
			fn(&g, (rect){0, 0, w, h}, &u);
		else
			ui_layout(&g, &u);
		t = grid_to_text(&g);
		grid_free(&g);
	}
	if (!t) {
		printf("FAIL render: out of memory\n");
		exit(1);
	}
	return t;
}

/* Line n (0-based) of text, into buf. */
static const char *line_of(const char *text, int n, char *buf, size_t len)
{
	for (int i = 0; i < n && text; i++) {
		text = strchr(text, '\n');
		if (text)
			text++;
	}
	if (!text || !*text)
		return "(no such line)";
	size_t k = strcspn(text, "\n");
	snprintf(buf, len, "%.*s", (int)k, text);
	return buf;
}

static void print_literal(const char *name, const char *text)
{
	printf("/* %s */\n", name);
	while (*text) {
		size_t k = strcspn(text, "\n");
		putchar('"');
		for (size_t i = 0; i < k; i++) {
			if (text[i] == '"' || text[i] == '\\')
				putchar('\\');
			putchar(text[i]);
		}
		printf("\\n\"\n");
		text += k;
		if (*text == '\n')
			text++;
	}
	printf(";\n\n");
}

/* The rendering equals the snapshot; on a difference, the first line that
 * differs. Takes ownership of got. */
static void snapshot(const char *name, char *got, const char *want)
{
	if (print_mode)
		print_literal(name, got);
	int n = 0;
	const char *a = got, *b = want;
	while (*a && *a == *b) {
		if (*a == '\n')
			n++;
		a++;
		b++;
	}
	char l1[1024], l2[1024];
	CHECK(name, !*a && !*b, "line %d differs\n  got:  |%s|\n  want: |%s|", n + 1, line_of(got, n, l1, sizeof l1),
	      line_of(want, n, l2, sizeof l2));
	free(got);
}

static int count_char(const char *text, const char *ch)
{
	int n = 0;
	size_t k = strlen(ch);
	for (const char *p = strstr(text, ch); p; p = strstr(p + k, ch))
		n++;
	return n;
}

/* ---- snapshots ---- */

/* parameters, ASCII, default session, prompt focus, depth selected */
static const char params_ascii[] =
"+- parameters ---------------+\n"
"|>depth      20              |\n"
"| width      4               |\n"
"| input_dim  2               |\n"
"| input      ball            |\n"
"| radius     1               |\n"
"| center     origin          |\n"
"| points     256             |\n"
"| arch       plain           |\n"
"| weights    he-normal       |\n"
"| w_scale    1               |\n"
"| bias       auto            |\n"
"| bias_scale 1               |\n"
"| criterion  point           |\n"
"| certify    off             |\n"
"| signflip   off             |\n"
"| trials     2000            |\n"
"| seed       1               |\n"
"| threads    0               |\n"
"| confidence 0.95            |\n"
"| max_memory 1024            |\n"
"| data_file  none            |\n"
"+----------------------------+\n"
;

/* parameters, UTF-8, keys focus, threads selected in a short panel: scrolled */
static const char params_utf8_scrolled[] =
"┌─ parameters (keys) ────────┐\n"
"│ arch       residual        │\n"
"│ weights    he-normal       │\n"
"│ w_scale    1               │\n"
"│ bias       auto            │\n"
"│ bias_scale 1               │\n"
"│ criterion  point           │\n"
"│ certify    off             │\n"
"│ signflip   off             │\n"
"│ trials     2000            │\n"
"│ seed       1               │\n"
"│>threads    0               │\n"
"└────────────────────────────┘\n"
;

static const char status_idle[] =
" L 0.2751  U 0.9995 | sim ... | 0/2000 | seed 1\n";

static const char status_done[] =
" L 0.7242  U 0.9995 | sim 0.8985 [0.8845, 0.9110] | 2000/2000 | seed 7\n";

static const char status_rai[] =
" bounds n/a | sim ... | 0/2000 | seed 1\n";

/* map, ASCII, default session (width 4, depth 20): X on the width 4 row at depth 20 */
static const char map_ascii[] =
"+- lower bound: width x depth -------------------+\n"
"|  15 @@@@@@@@@@@@@@@@@@@@@@@@@#####++++::       |\n"
"|     @@@@@@@@@@@@@@@@@@@@@@@#####++++::         |\n"
"|     @@@@@@@@@@@@@@@@@@@@@#####++++::           |\n"
"|     @@@@@@@@@@@@@@@@@@@#####++++::             |\n"
"|  11 @@@@@@@@@@@@@@@@######++++::               |\n"
"|     @@@@@@@@@@@@@@######++++::                 |\n"
"|     @@@@@@@@@@@@######+++:::                   |\n"
"|     @@@@@@@@@@######+++::                      |\n"
"|   7 @@@@@@@@######+++::                        |\n"
"|     @@@@@@######+++::                          |\n"
"|     @@@@######+++::                            |\n"
"|     @@######+X+::                              |\n"
"|   3 #####++++::                                |\n"
"|     ###++++::                                  |\n"
"|   1 #+++::                                     |\n"
"|     1    1e1    1e2    1e3   1e4    1e5    1e6 |\n"
"|     depth k (L = k+1), width up; X 4 x 20      |\n"
"|     @>=90% #50-90% +10-50% :1-10% blank<1%     |\n"
"+------------------------------------------------+\n"
;

/* map, UTF-8, width 5 and depth 5: the mark on the width 5 row */
static const char map_utf8[] =
"┌─ lower bound: width x depth ───────────────────┐\n"
"│  15 █████████████████████████▓▓▓▓▓▒▒▒▒░░       │\n"
"│     ███████████████████████▓▓▓▓▓▒▒▒▒░░         │\n"
"│     █████████████████████▓▓▓▓▓▒▒▒▒░░           │\n"
"│     ███████████████████▓▓▓▓▓▒▒▒▒░░             │\n"
"│  11 ████████████████▓▓▓▓▓▓▒▒▒▒░░               │\n"
"│     ██████████████▓▓▓▓▓▓▒▒▒▒░░                 │\n"
"│     ████████████▓▓▓▓▓▓▒▒▒░░░                   │\n"
"│     ██████████▓▓▓▓▓▓▒▒▒░░                      │\n"
"│   7 ████████▓▓▓▓▓▓▒▒▒░░                        │\n"
"│     ██████▓▓▓▓▓▓▒▒▒░░                          │\n"
"│     ████▓◆▓▓▓▓▒▒▒░░                            │\n"
"│     ██▓▓▓▓▓▓▒▒▒░░                              │\n"
"│   3 ▓▓▓▓▓▒▒▒▒░░                                │\n"
"│     ▓▓▓▒▒▒▒░░                                  │\n"
"│   1 ▓▒▒▒░░                                     │\n"
"│     1    1e1    1e2    1e3   1e4    1e5    1e6 │\n"
"│     depth k (L = k+1), width up; ◆ 5 x 5       │\n"
"│     █>=90% ▓50-90% ▒10-50% ░1-10% blank<1%     │\n"
"└────────────────────────────────────────────────┘\n"
;

/* the whole screen at 59x16 (a 59x17 terminal) */
static const char too_small[] =
"\n"
"\n"
"\n"
"\n"
"\n"
"\n"
"\n"
"\n"
"terminal too small: 59x17 (need 60x17)\n"
"\n"
"\n"
"\n"
"\n"
"\n"
"\n"
"\n"
;

/* the whole screen, ASCII, 80x23 (an 80x24 terminal less the prompt), no run yet */
static const char layout_ascii[] =
" deadrelu  F1 help  F2 view:plot  F3 x:depth  F4 y:linear  Esc params\n"
"+- parameters ---------------++- P(network alive) vs depth --------------------+\n"
"|>depth      20              || 1.00 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ |\n"
"| width      4               ||      vvvv                                      |\n"
"| input_dim  2               ||          vv                                    |\n"
"| input      ball            || 0.75       vvvv                                |\n"
"| radius     1               ||                vvvv                            |\n"
"| center     origin          ||                    vvvv                        |\n"
"| points     256             || 0.50                   vvvvvvv                 |\n"
"| arch       plain           ||                               vvvvvv           |\n"
"| weights    he-normal       ||                                     vvvvvvvv   |\n"
"| w_scale    1               || 0.25                                        vv |\n"
"| bias       auto            ||                                                |\n"
"| bias_scale 1               ||                                                |\n"
"| criterion  point           || 0.00                                           |\n"
"| certify    off             ||      ----------------------------------------- |\n"
"| signflip   off             ||      1       5         10        15         20 |\n"
"| trials     2000            || ^ upper  v lower  * simulated  . interval      |\n"
"+----------------------------++------------------------------------------------+\n"
" L 0.2751  U 0.9995 | sim ... | 0/2000 | seed 1\n"
"deadrelu: type a command (help), F1 for keys\n"
"> set depth 0\n"
"depth: bad value '0'\n"
;

/* the whole screen, UTF-8, map view, parameter keys focus on width */
static const char layout_utf8_map[] =
" deadrelu  F1 help  F2 view:map  F3 x:depth  F4 y:linear  Esc prompt\n"
"┌─ parameters (keys) ────────┐┌─ lower bound: width x depth ───────────────────┐\n"
"│ depth      20              ││  13 █████████████████████▓▓▓▓▓▒▒▒▒░░           │\n"
"│>width      4               ││     ███████████████████▓▓▓▓▓▒▒▒▒░░             │\n"
"│ input_dim  2               ││     ████████████████▓▓▓▓▓▓▒▒▒▒░░               │\n"
"│ input      ball            ││     ██████████████▓▓▓▓▓▓▒▒▒▒░░                 │\n"
"│ radius     1               ││   9 ████████████▓▓▓▓▓▓▒▒▒░░░                   │\n"
"│ center     origin          ││     ██████████▓▓▓▓▓▓▒▒▒░░                      │\n"
"│ points     256             ││     ████████▓▓▓▓▓▓▒▒▒░░                        │\n"
"│ arch       plain           ││     ██████▓▓▓▓▓▓▒▒▒░░                          │\n"
"│ weights    he-normal       ││   5 ████▓▓▓▓▓▓▒▒▒░░                            │\n"
"│ w_scale    1               ││     ██▓▓▓▓▓▓▒◆▒░░                              │\n"
"│ bias       auto            ││     ▓▓▓▓▓▒▒▒▒░░                                │\n"
"│ bias_scale 1               ││     ▓▓▓▒▒▒▒░░                                  │\n"
"│ criterion  point           ││   1 ▓▒▒▒░░                                     │\n"
"│ certify    off             ││     1    1e1    1e2    1e3   1e4    1e5    1e6 │\n"
"│ signflip   off             ││     depth k (L = k+1), width up; ◆ 4 x 20      │\n"
"│ trials     2000            ││     █>=90% ▓50-90% ▒10-50% ░1-10% blank<1%     │\n"
"└────────────────────────────┘└────────────────────────────────────────────────┘\n"
" L 0.2751  U 0.9995 | sim ... | 0/2000 | seed 1\n"
"\n"
"\n"
"\n"
;

/* messages, 40x4: a 100-character message wraps whole */
static const char messages_wrap[] =
"second\n"
"0123456789abcdefghij0123456789ABCDEFGHIJ\n"
"0123456789abcdefghij0123456789ABCDEFGHIJ\n"
"0123456789abcdefghij\n"
;

/* plot, ASCII, weights rai: no bound curves, the reason instead of the
 * legend, under the x ticks (the plot gives up a row for its second line:
 * 12 rows, ticks at rows 1, 4, 7, 9, 12 = 1 + lround(i * 11 / 4)); x
 * ticks for depth 1..20 on 41 columns: 41 / 8 = 5 wanted, step 19 / 4 =
 * 4.75 -> 5, so 1 5 10 15 20 at columns lround((v - 1) * 40 / 19) = 0, 8,
 * 19, 29, 40, each label centred there (the last ending at 40) */
static const char plot_rai[] =
"+- P(network alive) vs depth --------------------+\n"
"| 1.00                                           |\n"
"|                                                |\n"
"|                                                |\n"
"| 0.75                                           |\n"
"|                                                |\n"
"| 0.50                                           |\n"
"|                                                |\n"
"|                                                |\n"
"| 0.25                                           |\n"
"|                                                |\n"
"| 0.00                                           |\n"
"|      ----------------------------------------- |\n"
"|      1       5         10        15         20 |\n"
"| bounds not drawn: weights rai are asymmetric:  |\n"
"| the bounds do not apply                        |\n"
"| * simulated  . interval                        |\n"
"+------------------------------------------------+\n"
;

/* plot, UTF-8, 200 trials of the defaults: the simulated curve thick, the
 * upper bound dashed, the lower dotted, the interval a stipple */
static const char plot_dots[] =
"┌─ P(network alive) vs depth ────────────────────┐\n"
"│ 1.00 ⠛⠻⠶⢶⣤⣤⣀⣀ ⠉⠉ ⠉⠉ ⠉⠉ ⠉⠉ ⠉⠉ ⠉⠉ ⠉⠉ ⠉⠉ ⠉⠉ ⠉⠉ ⠉⠉ │\n"
"│       ⠰⠠⢀⠁⠈⠉⢹⣧⣤⣄⠔⢀                             │\n"
"│         ⠐⠂⢂  ⠁ ⠛⠛⠷⠶⣦⣀⡀⠔⢀⠄                      │\n"
"│ 0.75      ⠈⠈⠰⠠⠠  ⠁ ⠉⠉⠛⠛⠻⠶⢶⡄⢀ ⢀                 │\n"
"│                ⠉⠈⡄⡀     ⠐⠘⠛⢻⣦⣤⣄⢀ ⢀             │\n"
"│                    ⠃⠂⠤⠠⢀   ⠁⠔⠁⠿⠶⣦⣤⣄⢁ ⢀ ⢀       │\n"
"│ 0.50                   ⠈⠈⠰⠠⢀⡀⡀ ⠁⠔⠁⠛⠛⣷⣤⣤⣀⣀⢁⠔⢀⠄⢀ │\n"
"│                               ⠃⠂⠤⠠  ⠔⠁⠈⠉⠙⠛⠻⠶⢶⣄ │\n"
"│                                   ⠉⠈⠂⠂⠢⠠⢀⡀⡀⠁⠈⠉ │\n"
"│ 0.25                                      ⠈⠈⠐⠂ │\n"
"│                                                │\n"
"│                                                │\n"
"│ 0.00                                           │\n"
"│      ───────────────────────────────────────── │\n"
"│      1       5         10        15         20 │\n"
"│ ⠒⠒ ⠒ upper ⠂⠂⠂ lower ⠶⠶⠶ simulated ⢁⠔⢁ interval│\n"
"└────────────────────────────────────────────────┘\n"
;

/* the same with display lines thick: blocks */
static const char plot_thick[] =
"┌─ P(network alive) vs depth ────────────────────┐\n"
"│ 1.00 ██▄▄▄▄▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ │\n"
"│      ▓ ▀▀▀▀██▄▄░░░░                            │\n"
"│          ▓ ▓ ▀▀████▄▄░░░░                      │\n"
"│ 0.75        ▓ ▓  ░░▀▀██▄▄░░░░░                 │\n"
"│                 ▓ ▓    ▀▀███▄▄░░░░             │\n"
"│                     ▓ ▓  ░░░▀▀██▄▄░░░░░░       │\n"
"│ 0.50                    ▓ ▓ ▓ ░░▀▀██▄▄▄▄░░░░░░ │\n"
"│                               ▓ ▓   ▀▀▀▀████▄▄ │\n"
"│                                   ▓ ▓ ▓ ▓ ░░▀▀ │\n"
"│ 0.25                                      ▓ ▓  │\n"
"│                                                │\n"
"│                                                │\n"
"│ 0.00                                           │\n"
"│      ───────────────────────────────────────── │\n"
"│      1       5         10        15         20 │\n"
"│ ▒▒ ▒ upper ▓ ▓ lower ███ simulated ░░░ interval│\n"
"└────────────────────────────────────────────────┘\n"
;

/* ---- the cases ---- */

static void test_params(void)
{
	reset(0);
	char *t = render(panel_params, 30, dr_param_count() + 2);
	/* Every parameter on its own row with its value (the panel is tall enough). */
	for (int i = 0; i < dr_param_count(); i++) {
		const dr_param_info *pi = dr_param_at(i);
		char v[256], row[512];
		dr_param_get(&s.params, pi->name, v, sizeof v);
		snprintf(row, sizeof row, "\n|%c%-11s%s ", i == 0 ? '>' : ' ', pi->name, v);
		char name[64];
		snprintf(name, sizeof name, "params/lists-%s", pi->name);
		CHECK(name, strstr(t, row) != NULL, "no row '%s' in\n%s", row + 1, t);
	}
	snapshot("params/ascii", t, params_ascii);

	reset(1);
	set("arch", "residual");
	u.focus = FOCUS_PARAMS;
	for (int i = 0; i < dr_param_count(); i++)
		if (!strcmp(dr_param_at(i)->name, "threads"))
			u.selected = i;
	t = render(panel_params, 30, 13);
	CHECK("params/scrolled-selection-visible", strstr(t, "│>threads") != NULL, "threads not selected in\n%s", t);
	CHECK("params/focus-title", strstr(t, "parameters (keys)") != NULL, "no '(keys)' title in\n%s", t);
	snapshot("params/utf8-scrolled", t, params_utf8_scrolled);
}

static void test_status(void)
{
	char want[64];
	reset(0);
	char *t = render(panel_status, 80, 1);
	/* (15/16)^20 computed here, not by the engine. */
	snprintf(want, sizeof want, " L %.4f  U ", pow(15.0 / 16.0, 20));
	CHECK("status/lower-bound", strstr(t, want) != NULL, "no '%s' in '%s'", want, t);
	CHECK("status/upper-bound", strstr(t, "  U 0.9995 ") != NULL, "no 'U 0.9995' in '%s'", t);
	snapshot("status/idle", t, status_idle);

	/* A finished run of depth 5, seed 7. */
	reset(1);
	set("depth", "5");
	set("seed", "7");
	u.run.have_snap = 1;
	u.run.snap.trials = u.run.snap.target = 2000;
	u.run.snap.alive = 0.8985;
	u.run.snap.alive_lo = 0.8845;
	u.run.snap.alive_hi = 0.9110;
	u.run.snap.finished = 1;
	t = render(panel_status, 80, 1);
	snprintf(want, sizeof want, " L %.4f  U ", pow(15.0 / 16.0, 5));
	CHECK("status/lower-bound-depth5", strstr(t, want) != NULL, "no '%s' in '%s'", want, t);
	snapshot("status/done", t, status_done);
	/* With certify on, the whole input set's interval beside the sample's,
	 * named by the set. */
	set("certify", "bracket");
	u.run.snap.certify = DR_CERT_BRACKET;
	u.run.snap.region_lo = 0.51234;
	u.run.snap.region_hi = 0.62345;
	t = render(panel_status, 100, 1);
	CHECK("status/certified", strstr(t, "| sim 0.8985 [0.8845, 0.9110] | ball [0.512, 0.623] |") != NULL,
	      "no '| ball [0.512, 0.623] |' after the sample's interval in '%s'", t);
	free(t);
	u.run.have_snap = 0;

	reset(0);
	set("weights", "rai");
	CHECK("status/rai-no-bounds", !s.bounds.applies, "the bounds apply with weights rai");
	snapshot("status/rai", render(panel_status, 80, 1), status_rai);
}

/* The map: depth 1..1e6 on a log scale across the columns, width up the
 * side, one mark on the current (width, depth). */
static void test_map(void)
{
	reset(0);
	int w = 50, h = 20;
	char *t = render(panel_map, w, h);
	char buf[256];
	CHECK("map/title", strstr(t, "lower bound: width x depth") != NULL, "no title in\n%s", t);
	/* Rows of the map proper: 1 .. h-5; exactly one X there. */
	int marks = 0, mrow = -1, mcol = -1;
	for (int r = 1; r <= h - 5; r++) {
		const char *l = line_of(t, r, buf, sizeof buf);
		for (int c = 0; l[c]; c++)
			if (l[c] == 'X') {
				marks++;
				mrow = r;
				mcol = c;
			}
	}
	CHECK("map/one-mark", marks == 1, "%d marks X in the map rows of\n%s", marks, t);
	/* Width 4 is on the row labelled by the map's own width scale: rows
	 * count down from wtop = rows (<= 32) at the top. */
	int rows = h - 5, row4 = -1;
	for (int r = 0; r < rows; r++) {
		int wr = (int)lround((double)rows * (rows - r) / rows);
		if (wr == 4)
			row4 = r + 1;
	}
	int mw = w - 3 - 5, col20 = 6 + (int)lround(log10(20.0) / 6.0 * (mw - 1));
	CHECK("map/mark-at-width4-depth20", mrow == row4 && mcol == col20, "X at row %d col %d, expected row %d col %d\n%s",
	      mrow, mcol, row4, col20, t);
	/* The shade left of the mark agrees with the bound there: about depth
	 * 16 at width 4, (15/16)^16 = 0.36, the 10-50% shade '+'. */
	if (mrow > 0 && mcol > 0) {
		const char *l = line_of(t, mrow, buf, sizeof buf);
		CHECK("map/shade-by-mark", l[mcol - 1] == '+', "left of the mark is '%c', expected '+' (10-50%%)",
		      l[mcol - 1]);
	}
	snapshot("map/ascii", t, map_ascii);

	reset(1);
	set("width", "5");
	set("depth", "5");
	t = render(panel_map, 50, 20);
	CHECK("map/utf8-mark", count_char(t, "◆") >= 1, "no ◆ in\n%s", t);
	snapshot("map/utf8", t, map_utf8);
}

static int too_small_at(int w, int h)
{
	char *t = render(NULL, w, h);
	int r = strstr(t, "terminal too small") != NULL;
	free(t);
	return r;
}

static void test_layout(void)
{
	reset(0);
	/* The grid is the terminal less the prompt row: 60x16 is a 60x17 terminal. */
	CHECK("layout/60x16-fits", !too_small_at(60, 16), "60x16 says too small");
	CHECK("layout/59x16-too-small", too_small_at(59, 16), "59x16 does not say too small");
	CHECK("layout/60x15-too-small", too_small_at(60, 15), "60x15 does not say too small");
	CHECK("layout/20x5-too-small", too_small_at(20, 5), "20x5 does not say too small");
	free(render(NULL, 1, 1));
	free(render(NULL, 0, 0));
	CHECK("layout/tiny-renders", 1, "not reached");
	snapshot("layout/too-small", render(NULL, 59, 16), too_small);

	/* The whole screen, ASCII, default session, a few messages. */
	reset(0);
	ui_message(&u, MSG_INFO, "deadrelu: type a command (help), F1 for keys");
	ui_message(&u, MSG_INFO, "> set depth 0");
	ui_message(&u, MSG_ERROR, "depth: bad value '0'");
	char *t = render(NULL, 80, 23);
	CHECK("layout/title", strncmp(t, " deadrelu  F1 help  F2 view:plot", 32) == 0, "no title in\n%s", t);
	CHECK("layout/params", strstr(t, "|>depth      20 ") != NULL, "no depth row in\n%s", t);
	CHECK("layout/status", strstr(t, "\n L 0.2751  U 0.9995 ") != NULL, "no status line in\n%s", t);
	CHECK("layout/messages", strstr(t, "\ndepth: bad value '0'\n") != NULL, "no error message in\n%s", t);
	snapshot("layout/ascii-80x23", t, layout_ascii);

	reset(1);
	u.view = VIEW_MAP;
	u.focus = FOCUS_PARAMS;
	u.selected = 1;
	t = render(NULL, 80, 23);
	CHECK("layout/map-view", strstr(t, "F2 view:map") && strstr(t, "lower bound: width x depth"),
	      "no map view in\n%s", t);
	snapshot("layout/utf8-map-80x23", t, layout_utf8_map);

	reset(0);
	u.view = VIEW_HELP;
	t = render(NULL, 80, 23);
	for (int i = 0; i < cmd_count(); i++) {
		char name[64];
		snprintf(name, sizeof name, "help/lists-%s", cmd_at(i)->name);
		CHECK(name, strstr(t, cmd_at(i)->usage) != NULL, "'%s' not in the help at 80x23:\n%s", cmd_at(i)->usage, t);
	}
	const char *keys[] = {"F1", "F2", "F3", "F4", "F5", "F6", "Esc", "PgUp", "Tab", "Ctrl-C", "Ctrl-L"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char name[64], row[32];
		snprintf(name, sizeof name, "help/key-%s", keys[i]);
		snprintf(row, sizeof row, "| %s", keys[i]);
		CHECK(name, strstr(t, row) != NULL, "no help row starting with key %s:\n%s", keys[i], t);
	}
	CHECK("help/key-Ctrl-D", strstr(t, "Ctrl-D") != NULL, "Ctrl-D not in the help:\n%s", t);
	free(t);
}

static void test_messages(void)
{
	reset(0);
	ui_message(&u, MSG_INFO, "first");
	ui_message(&u, MSG_INFO, "second");
	ui_message(&u, MSG_ERROR, "%s", "0123456789abcdefghij0123456789ABCDEFGHIJ0123456789abcdefghij0123456789ABCDEFGHIJ"
					 "0123456789abcdefghij");
	char *t = render(panel_messages, 40, 4);
	CHECK("messages/wrap-whole", strstr(t, "0123456789abcdefghij\n") != NULL && strstr(t, "second\n") != NULL,
	      "the 100-character message is not wrapped whole under 'second':\n%s", t);
	snapshot("messages/wrap", t, messages_wrap);

	u.msg_scroll = 1;
	t = render(panel_messages, 40, 4);
	CHECK("messages/scrolled", strstr(t, "scrolled -1") != NULL && strstr(t, "second") != NULL,
	      "scrolling back one message does not show it:\n%s", t);
	free(t);
}

/* Dots of the series drawn in the plot area (rows 1..h-5, right of the
 * y labels) of an ASCII plot: ^ upper, v lower, * simulated. */
static int plot_marks(const char *t, int h, char mark)
{
	char buf[512];
	int n = 0;
	for (int r = 1; r <= h - 5; r++) {
		const char *l = line_of(t, r, buf, sizeof buf);
		for (int c = 7; l[c] && l[c + 1]; c++)
			n += l[c] == mark;
	}
	return n;
}

static void test_plot(void)
{
	reset(0);
	char *t = render(panel_plot, 50, 18);
	CHECK("plot/legend", strstr(t, "^ upper") && strstr(t, "v lower") && strstr(t, "* simulated"),
	      "no legend in\n%s", t);
	CHECK("plot/bounds-drawn", plot_marks(t, 18, 'v') > 5 && plot_marks(t, 18, '^') > 5, "no bound curves in\n%s", t);
	free(t);

	reset(0);
	set("weights", "rai");
	t = render(panel_plot, 50, 18);
	CHECK("plot/rai-bounds-not-drawn", strstr(t, "bounds not drawn") != NULL, "no 'bounds not drawn' in\n%s", t);
	CHECK("plot/rai-no-curves", !strstr(t, "^ upper") && plot_marks(t, 18, 'v') == 0 && plot_marks(t, 18, '^') == 0,
	      "bound curves drawn although the bounds do not apply:\n%s", t);
	CHECK("plot/rai-legend", strstr(t, "* simulated  . interval") && !strstr(t, "upper"),
	      "without the bounds the legend must keep the simulated curve and its interval:\n%s", t);
	snapshot("plot/rai", t, plot_rai);

	reset(1);
	set("weights", "rai");
	t = render(panel_plot, 50, 18);
	CHECK("plot/rai-utf8-bounds-not-drawn", strstr(t, "bounds not drawn") != NULL, "no 'bounds not drawn' in\n%s", t);
	free(t);
}

/* The main run's estimate as the runner holds it, from a blocking run of
 * the session's parameters with trials trials. */
static void give_estimate(long long trials)
{
	dr_params q = s.params;
	dr_result r;
	char err[DR_ERRLEN];
	q.trials = trials;
	if (session_simulate(&s, &q, &r, err, sizeof err) != DR_OK) {
		printf("FAIL setup simulate: %s\n", err);
		check_failed++;
		return;
	}
	dr_result_free(&u.run.snap);
	u.run.snap = r;
	u.run.have_snap = 1;
}

/* Has the text a braille character (U+2801..U+28FF: E2 A0..A3 xx)? */
static int has_braille(const char *t)
{
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (p[0] == 0xe2 && p[1] >= 0xa0 && p[1] <= 0xa3 && p[2] && !(p[1] == 0xa0 && p[2] == 0x80))
			return 1;
	return 0;
}

/* The line styles (each curve its own, so that no colour is needed), the
 * thick lines of `display lines thick` in blocks and in ASCII, the legend's
 * samples, its second row where one is too narrow, and the key's toggle. */
static void test_plot_styles(void)
{
	reset(1);
	give_estimate(200);
	char *t = render(panel_plot, 50, 18);
	CHECK("styles/legend", strstr(t, "⠒⠒ ⠒ upper") && strstr(t, "⠂⠂⠂ lower") && strstr(t, "⠶⠶⠶ simulated") &&
				       strstr(t, "⢁⠔⢁ interval"),
	      "the legend lacks its samples:\n%s", t);
	CHECK("styles/upper-dashed", strstr(t, "⠉⠉ ⠉⠉ ⠉⠉ ⠉⠉") != NULL, "no dashed upper bound along the top:\n%s", t);
	snapshot("styles/utf8-dots", t, plot_dots);

	s.display[DISPLAY_LINES] = LINES_THICK;
	t = render(panel_plot, 50, 18);
	CHECK("styles/thick-no-braille", !has_braille(t), "braille in the thick plot:\n%s", t);
	CHECK("styles/thick-legend", strstr(t, "▒▒ ▒ upper") && strstr(t, "▓ ▓ lower") && strstr(t, "███ simulated"),
	      "the thick legend lacks its samples:\n%s", t);
	CHECK("styles/thick-dashed", strstr(t, "▒▒ ▒▒ ▒▒ ▒▒") != NULL, "no dashed thick upper bound:\n%s", t);
	snapshot("styles/utf8-thick", t, plot_thick);

	/* 40 columns: the legend takes two rows, the plot one row less */
	t = render(panel_plot, 40, 18);
	char a[256], b[256];
	CHECK("styles/legend-two-rows",
	      strstr(line_of(t, 15, a, sizeof a), "upper") && strstr(line_of(t, 16, b, sizeof b), "interval") &&
		      strstr(line_of(t, 14, a, sizeof a), "20"),
	      "at 40 columns the legend is not on two rows under the x ticks:\n%s", t);
	free(t);

	reset(0);
	give_estimate(200);
	s.display[DISPLAY_LINES] = LINES_THICK;
	t = render(panel_plot, 50, 18);
	CHECK("styles/ascii-thick", plot_marks(t, 18, '#') > 5 && plot_marks(t, 18, '=') > 5 && plot_marks(t, 18, '-') > 5 &&
					    plot_marks(t, 18, '*') == 0 && plot_marks(t, 18, '^') == 0,
	      "the thick ASCII plot is not '#' '=' '-':\n%s", t);
	CHECK("styles/ascii-thick-legend", strstr(t, "= upper  - lower  # simulated  . interval") != NULL,
	      "the thick ASCII legend:\n%s", t);
	free(t);
	/* (The # key toggles through `display lines`: tests/tui/test_screen.sh.) */
}

/* The text of grid g in r, one row (r.h 1), into buf. */
static const char *text_in(const grid *g, rect r, char *buf, size_t len)
{
	size_t k = 0;
	for (int x = r.x; x < r.x + r.w && k + 8 < len; x++) {
		mbstate_t st = {0};
		size_t n = wcrtomb(buf + k, g->c[r.y * g->w + x].ch, &st);
		k += n == (size_t)-1 ? 0 : n;
	}
	buf[k] = 0;
	return buf;
}

/* What a click finds is what is drawn there: each parameter's row names
 * it, each title key's piece starts with its key, each tab names its view,
 * the plot's area spans its x axis from 1 to the depth. */
static void test_hits(void)
{
	reset(1);
	grid g;
	if (grid_init(&g, 120, 29) != 0)
		return;
	ui_layout(&g, &u);
	int params = 0, tabs = 0, fkeys = 0, plots = 0;
	char buf[512], want[64];
	for (int i = 0; i < g.hits.n; i++) {
		const grid_hit *h = &g.hits.h[i];
		const char *t = h->r.h == 1 ? text_in(&g, h->r, buf, sizeof buf) : "";
		switch (h->kind) {
		case HIT_PARAM:
			params++;
			snprintf(want, sizeof want, "%s ", dr_param_at(h->value)->name); /* after the border and > or a blank */
			CHECK("hits/param", strstr(t, want) == t + strlen("│>"), "the row marked for %s reads '%s'", want, t);
			break;
		case HIT_VIEW:
			tabs++;
			snprintf(want, sizeof want, " %d %s ", h->value + 1, view_name_of(VIEWS_PANEL, h->value));
			CHECK("hits/tab", !strcmp(t, want), "the tab marked for view %d reads '%s', not '%s'", h->value, t,
			      want);
			break;
		case HIT_FKEY:
			fkeys++;
			snprintf(want, sizeof want, "F%d ", h->value);
			CHECK("hits/fkey", strstr(t, want) == t + strspn(t, " "), "the piece marked for F%d reads '%s'",
			      h->value, t);
			break;
		case HIT_PLOT:
			plots++;
			CHECK("hits/plot", h->x0 == 1 && h->x1 == (double)s.params.depth && !h->logx && h->r.w > 40,
			      "the plot's mark: x %g..%g log %d, %d columns", h->x0, h->x1, h->logx, h->r.w);
			break;
		}
	}
	CHECK("hits/counts", params == dr_param_count() && tabs == VIEW_HELP && fkeys == 4 && plots == 1,
	      "marked %d parameters (of %d), %d tabs, %d F-keys, %d plots", params, dr_param_count(), tabs, fkeys,
	      plots);
	const grid_hit *h = grid_hit_at(&g.hits, 2, 2); /* under the first parameter's row */
	CHECK("hits/at", h && h->kind == HIT_PARAM && h->value == 0, "the hit at (2, 2) is not the first parameter");
	CHECK("hits/none", grid_hit_at(&g.hits, 119, 1) == NULL || grid_hit_at(&g.hits, 119, 1)->kind != HIT_PARAM,
	      "a parameter is marked at the screen's right edge");
	grid_free(&g);
	/* 80 columns: no room for tabs; "1-4 views" is gone or goes on as F2 */
	if (grid_init(&g, 80, 23) != 0)
		return;
	ui_layout(&g, &u);
	tabs = 0;
	for (int i = 0; i < g.hits.n; i++)
		tabs += g.hits.h[i].kind == HIT_VIEW;
	CHECK("hits/no-tabs", tabs == 0, "%d tabs marked at 80 columns, where none are drawn", tabs);
	grid_free(&g);
}

int main(int argc, char **argv)
{
	print_mode = argc > 1 && !strcmp(argv[1], "--print");
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "en_US.UTF-8")) {
		printf("FAIL setup: no UTF-8 locale (C.UTF-8)\n");
		return 1;
	}
	session_init(&s);
	runner_init(&u.run, &s, NULL, NULL, NULL);
	test_params();
	test_status();
	test_map();
	test_layout();
	test_messages();
	test_plot();
	test_plot_styles();
	test_hits();
	runner_free(&u.run);
	dr_sample_free(&u.sample);
	session_free(&s);
	CHECK_DONE();
}
