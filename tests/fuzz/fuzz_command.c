/* fuzz_command.c - libFuzzer harness: one input is one text for cmd_run,
 * the command table the prompt, `-c` and Lua share, with a sandboxed Lua
 * state behind `lua`. A first line "--json" asks for JSON output, as the
 * option does, and then every line of it must be JSON. A fresh session and
 * Lua state for every input, so a crash replays from its input alone. Runs
 * are kept short by the session's interrupted hook, not by refusing inputs;
 * commands cannot touch files (restricted, as for a --sandbox script). */
#include <ctype.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cmd/session.h"
#include "lua/lx.h"

#define MAX_TEXT 4096
#define RUN_SECONDS 0.02      /* simulations and sweeps of one input, in all */
#define LUA_SECONDS 1         /* then Lua is stopped too (deadrelu.sleep) */
#define LUA_MEMORY ((size_t)16 << 20)
#define LUA_BUDGET 1000000

static double started;
static timer_t lua_timer;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(const char *what, const char *text, const char *detail)
{
	fprintf(stderr, "fuzz_command: %s\n  input: %s\n  detail: %s\n", what, text, detail);
	abort();
}

static int on_interrupted(session *s)
{
	(void)s;
	return now() - started > RUN_SECONDS || lx_interrupted();
}

static void on_text(session *s, const char *text)
{
	(void)s;
	(void)text;
}

/* The budget bounds instructions, not deadrelu.sleep: a timer stops Lua
 * (through the path Ctrl-C takes) once an input has had its second. A real
 * time signal, as libFuzzer owns SIGALRM and SIGUSR1/2. */
static void on_timer(int sig)
{
	(void)sig;
	lx_interrupt();
}

static void setup(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_timer;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGRTMIN, &sa, NULL);
	struct sigevent ev = {0};
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGRTMIN;
	if (timer_create(CLOCK_MONOTONIC, &ev, &lua_timer) != 0) {
		perror("fuzz_command: timer_create");
		abort();
	}
}

static void arm(double seconds)
{
	struct itimerspec it = {{0, 0}, {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)}};
	timer_settime(lua_timer, 0, &it, NULL);
}

/* Every parameter as dr_param_get formats it, one after another. */
static void snapshot(const dr_params *p, sbuf *b)
{
	char v[DR_VALUE_MAX];
	sb_reset(b);
	for (int i = 0; i < dr_param_count(); i++) {
		const char *name = dr_param_at(i)->name;
		if (dr_param_get(p, name, v, sizeof v) < 0)
			die("dr_param_get failed", name, "");
		sb_printf(b, "%s=%s\n", name, v);
	}
}

/* ---- a JSON checker (RFC 8259), for the output of --json ---- */

static void json_blank(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n')
		(*p)++;
}

static int json_digits(const char **p)
{
	const char *s = *p;
	while (isdigit((unsigned char)**p))
		(*p)++;
	return *p > s;
}

static int json_number(const char **p)
{
	if (**p == '-')
		(*p)++;
	if (**p == '0')
		(*p)++;
	else if (!json_digits(p))
		return 0;
	if (**p == '.') {
		(*p)++;
		if (!json_digits(p))
			return 0;
	}
	if (**p == 'e' || **p == 'E') {
		(*p)++;
		if (**p == '+' || **p == '-')
			(*p)++;
		if (!json_digits(p))
			return 0;
	}
	return 1;
}

static int json_string(const char **p)
{
	if (**p != '"')
		return 0;
	for ((*p)++; **p != '"'; (*p)++) {
		if ((unsigned char)**p < 0x20)
			return 0; /* the NUL at the end, too */
		if (**p != '\\')
			continue;
		(*p)++;
		if (**p == 'u') {
			for (int i = 1; i <= 4; i++)
				if (!isxdigit((unsigned char)(*p)[i]))
					return 0;
			*p += 4;
		} else if (!**p || !strchr("\"\\/bfnrt", **p)) {
			return 0;
		}
	}
	(*p)++;
	return 1;
}

static int json_value(const char **p, int depth)
{
	json_blank(p);
	if (**p == '{' || **p == '[') {
		char close = **p == '{' ? '}' : ']';
		(*p)++;
		json_blank(p);
		if (**p == close) {
			(*p)++;
			return 1;
		}
		for (;;) {
			if (close == '}') {
				json_blank(p);
				if (!json_string(p))
					return 0;
				json_blank(p);
				if (*(*p)++ != ':')
					return 0;
			}
			if (depth > 32 || !json_value(p, depth + 1))
				return 0;
			json_blank(p);
			if (**p == close) {
				(*p)++;
				return 1;
			}
			if (*(*p)++ != ',')
				return 0;
		}
	}
	if (**p == '"')
		return json_string(p);
	static const char *const words[] = {"true", "false", "null"};
	for (int i = 0; i < 3; i++)
		if (!strncmp(*p, words[i], strlen(words[i]))) {
			*p += strlen(words[i]);
			return 1;
		}
	return json_number(p);
}

/* Every line of out is one JSON object. */
static void check_json(const char *text, const char *out)
{
	while (*out) {
		const char *end = strchr(out, '\n'), *p = out;
		if (!end)
			die("JSON output without a newline at its end", text, out);
		if (*p != '{' || !json_value(&p, 0) || p != end) {
			char line[512];
			snprintf(line, sizeof line, "%.*s", (int)(end - out), out);
			die("an output line that is not JSON", text, line);
		}
		out = end + 1;
	}
}

/* A failed command changes nothing, but in a text of several commands the
 * ones before it stay done; and a Lua chunk's deadrelu.set calls stay done
 * when it fails later. So the check is for one command of the table. */
static int single_command(const char *text)
{
	const char *t = text + strspn(text, " \t\v\f\r");
	return !strpbrk(t, ";\n") && strncmp(t, "lua", 3) != 0;
}

/* A message is one line; Lua's may span lines (a traceback, or an error
 * value with newlines in it), so messages from Lua are not held to it. */
static int from_lua(const char *text, const char *err)
{
	return strstr(err, "stack traceback:") || strstr(text, "lua");
}

static void check(const char *text, int rc, const char *err, const sbuf *before, const session *s,
		  const sbuf *out)
{
	char why[DR_ERRLEN];
	if (dr_params_check(&s->params, why, sizeof why) != DR_OK)
		die("the session's parameters are invalid", text, why);
	if (s->json && !strstr(text, "lua"))
		check_json(text, sb_str(out)); /* what ran before an error, too */
	if (rc == DR_OK)
		return;
	if (rc > 0 || rc < DR_ECANCELED)
		die("cmd_run returned an unknown code", text, err);
	if (!*err)
		die("an error with an empty message", text, "");
	if (strchr(err, '\n') && !from_lua(text, err))
		die("an error message of more than one line", text, err);
	if (single_command(text)) {
		sbuf after = {0};
		snapshot(&s->params, &after);
		if (strcmp(sb_str(before), sb_str(&after)) != 0)
			die("a failed command changed the parameters", text, err);
		sb_free(&after);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		setup();
		ready = 1;
	}
	if (size > MAX_TEXT || memchr(data, 0, size))
		return -1; /* not a command line: keep it out of the corpus */
	char buf[MAX_TEXT + 1];
	memcpy(buf, data, size);
	buf[size] = 0;
	int json = !strncmp(buf, "--json\n", 7);
	const char *text = json ? buf + 7 : buf;

	session s;
	session_init(&s);
	dr_params q = s.params;
	q.trials = 20;
	q.threads = 1;
	q.max_memory_mib = 64;
	session_set_params(&s, &q);
	s.restricted = 1;
	s.json = json;
	s.hooks.interrupted = on_interrupted;
	s.hooks.output = on_text;
	s.hooks.caption = on_text;
	lx_options o = {.sandbox = 1, .memory_cap = LUA_MEMORY, .budget = LUA_BUDGET};
	lua_State *L = lx_new(&s, &o);
	if (!L)
		die("lx_new failed", text, "");
	lx_clear_interrupt();

	sbuf before = {0}, out = {0};
	snapshot(&s.params, &before);
	char err[8192] = "";
	started = now();
	arm(LUA_SECONDS);
	int rc = cmd_run(&s, text, &out, err, sizeof err);
	arm(0);
	check(text, rc, err, &before, &s, &out);
	lx_clear_interrupt();

	sb_free(&before);
	sb_free(&out);
	lx_close(L);
	session_free(&s);
	return 0;
}
