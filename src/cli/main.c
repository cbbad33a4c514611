/* main.c - the deadrelu program: headless modes here, the explorer screen
 * when started on a terminal with no arguments. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd/session.h"
#include "lua/lx.h"
#include "tui/tui.h"
#include "util/paths.h"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
	"usage: deadrelu                      open the explorer (on a terminal)\n"
	"       deadrelu [--json] -c COMMANDS run commands (separated by ';' or newlines)\n"
	"       deadrelu --shard I/N [--json] -c COMMANDS   simulate runs slice I of N of the trials\n"
	"       deadrelu merge [--json] [--partial] FILE...  add up the shards of a run\n"
	"       deadrelu -e CHUNK             run a line of Lua\n"
	"       deadrelu FILE.lua [ARGS]      run a Lua script (ARGS in the table arg)\n"
	"       deadrelu --help | --version\n"
	"Lua options: --sandbox (no os, io, load*, debug, C modules; capped)\n"
	"             --lua-memory MIB (Lua's memory cap), --budget N (instructions per script)\n"
	"Commands: deadrelu -c help.\n";

/* The manual's line of --help: the pages where this program runs from. */
static void manual_line(FILE *f)
{
	char one[4096], seven[4096];
	int a = paths_manual("deadrelu.1", one, sizeof one), b = paths_manual("deadrelu-lua.7", seven, sizeof seven);
	if (a == 1 && b == 1)
		fprintf(f, "Manual: man %s (Lua: man %s)\n", one, seven);
	else if (a == 0 && b == 0)
		fprintf(f, "Manual: man deadrelu (Lua: man 7 deadrelu-lua)\n");
	else /* (neither found beside it: what an install would give) */
		fprintf(f, "Manual: man deadrelu (Lua: man 7 deadrelu-lua), if installed\n");
}

static int on_interrupted(session *s)
{
	(void)s;
	return lx_interrupted();
}

static void on_sigint(int sig)
{
	(void)sig;
	if (lx_interrupted())
		_exit(130); /* a second Ctrl-C: the script ignored the first */
	lx_interrupt();
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "deadrelu: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage_text);
	return EXIT_USAGE;
}

/* A command's end: its error on stderr (and as {"error":...} on stdout
 * with --json); the exit status. */
static int report_rc(const session *s, int rc, const char *err)
{
	if (rc == DR_OK)
		return 0;
	if (s->json) {
		sbuf j = {0};
		sb_puts(&j, "{\"error\":");
		sb_json_str(&j, err);
		sb_puts(&j, "}\n");
		fputs(sb_str(&j), stdout);
		sb_free(&j);
	}
	fprintf(stderr, "deadrelu: %s\n", err);
	return EXIT_RUNTIME;
}

static int run_commands(session *s, const char *text)
{
	char err[8192];
	sbuf out = {0};
	int rc = cmd_run(s, text, &out, err, sizeof err);
	fputs(sb_str(&out), stdout);
	fflush(stdout);
	sb_free(&out);
	return report_rc(s, rc, err);
}

/* deadrelu merge [--json] [--partial] FILE...: the merge command, its
 * words as given (--json may come among the options after merge too). */
static int merge_mode(session *s, int argc, char **argv)
{
	char **words = malloc(((size_t)argc + 2) * sizeof *words); /* merge, the words, NULL */
	int n = 0, files = 0;
	if (!words) {
		fprintf(stderr, "deadrelu: out of memory\n");
		return EXIT_RUNTIME;
	}
	words[n++] = "merge";
	for (int i = 0; i < argc; i++) {
		if (!files && !strcmp(argv[i], "--json")) {
			s->json = 1;
			continue;
		}
		if (!files && !strcmp(argv[i], "--partial")) {
			words[n++] = argv[i];
			continue;
		}
		if (!files && !strcmp(argv[i], "--")) {
			words[n++] = argv[i];
			files = 1;
			continue;
		}
		if (!files && argv[i][0] == '-' && argv[i][1]) {
			free(words);
			return usage_error("merge: unknown option '%s' (allowed: --json, --partial, then the files)", argv[i]);
		}
		files = 1;
		words[n++] = argv[i];
	}
	words[n] = NULL;
	char err[8192];
	sbuf out = {0};
	int rc = cmd_call(s, n, words, &out, err, sizeof err);
	fputs(sb_str(&out), stdout);
	fflush(stdout);
	sb_free(&out);
	free(words);
	return report_rc(s, rc, err);
}

int main(int argc, char **argv)
{
	const char *commands = NULL, *chunk = NULL, *script = NULL, *shard = NULL;
	int json = 0, i = 1;
	lx_options lopt = {0};
	paths_init(argv[0]); /* before anything changes directory */
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage_text, stdout);
			manual_line(stdout);
			return 0;
		} else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("deadrelu %s\n", DR_VERSION);
			return 0;
		} else if (!strcmp(a, "--json")) {
			json = 1;
		} else if (!strcmp(a, "--shard")) {
			if (i + 1 == argc)
				return usage_error("%s needs an argument (I/N: slice I of N)", a);
			shard = argv[++i];
		} else if (!strcmp(a, "--sandbox")) {
			lopt.sandbox = 1;
		} else if (!strcmp(a, "--lua-memory") || !strcmp(a, "--budget")) {
			if (i + 1 == argc)
				return usage_error("%s needs an argument", a);
			int mem = a[2] == 'l';
			long long v;
			char err[DR_ERRLEN];
			if (cmd_parse_count(a, argv[++i], 1, mem ? 1048576LL : 1000000000000000LL, &v, err, sizeof err)) {
				fprintf(stderr, "deadrelu: %s (%s)\n%s", err, mem ? "MiB" : "instructions", usage_text);
				return EXIT_USAGE;
			}
			if (mem)
				lopt.memory_cap = (size_t)v << 20;
			else
				lopt.budget = v;
		} else if (!strcmp(a, "-c") || !strcmp(a, "-e")) {
			if (i + 1 == argc)
				return usage_error("%s needs an argument", a);
			if (commands || chunk)
				return usage_error("%s: only one of -c and -e may be given", a);
			*(a[1] == 'c' ? &commands : &chunk) = argv[++i];
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else {
			break;
		}
	}
	int merge = i < argc && !strcmp(argv[i], "merge") && !commands && !chunk && !shard;
	if (i < argc && !merge) {
		if (commands || chunk)
			return usage_error("a script file cannot follow -c or -e (got '%s')", argv[i]);
		script = argv[i++];
	}
	if (json && !commands && !merge)
		return usage_error("%s works with -c (or merge) only", "--json");
	if (shard && !commands)
		return usage_error("%s works with -c only (it shards simulate)", "--shard");
	long long shard_index = 0, shard_of = 0;
	char why[DR_ERRLEN];
	if (shard && session_shard_option(shard, &shard_index, &shard_of, why, sizeof why) != DR_OK) {
		fprintf(stderr, "deadrelu: %s\n%s", why, usage_text);
		return EXIT_USAGE;
	}

	session s;
	session_init(&s);
	s.json = json;
	s.shard_index = shard_index;
	s.shard_of = shard_of;
	s.hooks.interrupted = on_interrupted;
	lua_State *L = lx_new(&s, &lopt);
	if (!L) {
		fprintf(stderr, "deadrelu: cannot create the Lua state\n");
		return EXIT_RUNTIME;
	}

	int rc = 0;
	if (!commands && !chunk && !script && !merge) {
		const char *term = getenv("TERM");
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !*term || !strcmp(term, "dumb")) {
			fprintf(stderr, "deadrelu: the explorer needs a terminal (stdin and stdout a tty, TERM not dumb);\n"
					"headless: deadrelu -c COMMANDS, deadrelu -e CHUNK, deadrelu FILE.lua\n");
			rc = EXIT_USAGE;
		} else {
			rc = tui_main(&s, L);
		}
	} else {
		signal(SIGINT, on_sigint);
		char err[8192]; /* Lua errors carry a traceback */
		if (merge) {
			rc = merge_mode(&s, argc - i - 1, argv + i + 1);
		} else if (commands) {
			rc = run_commands(&s, commands);
		} else if (chunk) {
			if (lx_run_chunk(L, chunk, "=(command line)", err, sizeof err) != DR_OK) {
				fprintf(stderr, "deadrelu: %s\n", err);
				rc = EXIT_RUNTIME;
			}
		} else if (lx_run_file(L, script, argc - i, argv + i, err, sizeof err) != DR_OK) {
			fprintf(stderr, "deadrelu: %s\n", err);
			rc = EXIT_RUNTIME;
		}
	}
	lx_close(L);
	session_free(&s);
	return rc;
}
