/* dispatch.c - from words to a command of the table: running a text, the
 * argument kinds of each word, and the completion they give. Whatever lists
 * commands (help, "unknown command", completion, the screen's help) reads
 * the table; nothing here names a command. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/table.h"
#include "cmd/views.h"

int cmd_errf(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return DR_EINVAL;
}

void cmd_json_text(sbuf *out, const char *name, const char *key, const char *text)
{
	sb_printf(out, "{\"command\":\"%s\",\"%s\":", name, key);
	sb_json_str(out, text);
	sb_puts(out, "}\n");
}

int cmd_count(void)
{
	return cmd_table_len;
}

const cmd_info *cmd_at(int i)
{
	return i >= 0 && i < cmd_table_len ? &cmd_table[i].info : NULL;
}

const command *cmd_find(const char *name)
{
	for (int i = 0; i < cmd_table_len; i++)
		if (!strcmp(cmd_table[i].info.name, name))
			return &cmd_table[i];
	return NULL;
}

int cmd_name_taken(const char *name)
{
	return cmd_find(name) || dr_param_find(name);
}

static int unknown(const char *name, char *err, size_t errlen)
{
	char list[512] = "";
	size_t used = 0;
	for (int i = 0; i < cmd_table_len && used < sizeof list; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? " " : "", cmd_table[i].info.name);
	return cmd_errf(err, errlen, "unknown command '%s' (commands: %s, or a parameter name)", name, list);
}

int cmd_call(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	const command *c = cmd_find(argv[0]);
	if (!c) {
		if (dr_param_find(argv[0])) /* shorthand: NAME VALUE [NAME VALUE ...] */
			return cmd_apply_pairs(s, argc, argv, err, errlen);
		if (cmd_find_user(s, argv[0]) && s->hooks.user_cmd)
			return s->hooks.user_cmd(s, argc, argv, out, err, errlen);
		return unknown(argv[0], err, errlen);
	}
	int n = argc - 1;
	if (n < c->min_args || (c->max_args >= 0 && n > c->max_args))
		return cmd_errf(err, errlen, "%s: wrong number of arguments (usage: %s)", c->info.name, c->info.usage);
	return c->fn(s, argc, argv, out, err, errlen);
}

int cmd_run(session *s, const char *text, sbuf *out, char *err, size_t errlen)
{
	size_t n = strlen(text);
	char *buf = malloc(n + 1);
	if (!buf)
		return cmd_errf(err, errlen, "out of memory");
	memcpy(buf, text, n + 1);
	cmd_words p = {0};
	int rc = cmd_parse(text, buf, &p, err, errlen), quit = s->quit;
	s->quit = 0; /* `quit` stops the rest of this text; the flag outlives it */
	s->nesting++;
	for (int i = 0; rc == DR_OK && i < p.n && !s->quit; i++) {
		int argc = 0;
		while (p.word[i + argc])
			argc++;
		/* The outermost commands are the session's own, for save: what
		 * a run or lua command runs comes again with it. */
		char *settings = s->nesting == 1 && session_records(p.word[i]) ? session_settings_now(s) : NULL;
		rc = cmd_call(s, argc, p.word + i, out, err, errlen);
		if (settings && rc == DR_OK)
			session_record(s, argc, p.word + i, settings);
		else
			free(settings);
		i += argc;
	}
	s->nesting--;
	s->quit |= quit;
	free(p.word);
	free(buf);
	return rc;
}

/* ---- argument kinds and completion ---- */

/* The parameters' NAME VALUE pairs, as `set` takes them after its name. */
static const cmd_arg pairs[] = {CMD_ARG_PARAM, CMD_ARG_VALUE};

cmd_arg cmd_arg_at(int argc, char *const *argv)
{
	if (argc == 0)
		return CMD_ARG_NONE;
	const command *c = cmd_find(argv[0]);
	if (!c)
		return dr_param_find(argv[0]) ? pairs[argc % 2] : CMD_ARG_NONE;
	int i = argc - 1, nargs = 0;
	while (nargs < CMD_ARGS_MAX && c->args[nargs] != CMD_ARG_NONE)
		nargs++;
	if (i >= nargs && c->repeat > 0)
		i = nargs - c->repeat + (i - nargs) % c->repeat;
	return i < nargs ? c->args[i] : CMD_ARG_NONE;
}

typedef struct {
	const char **list;
	int n, max;
} names;

static void add(names *l, const char *name)
{
	if (l->n < l->max)
		l->list[l->n++] = name;
}

static void add_params(names *l)
{
	for (int i = 0; i < dr_param_count(); i++)
		add(l, dr_param_at(i)->name);
}

static void add_commands(names *l, const session *s)
{
	for (int i = 0; i < cmd_table_len; i++)
		add(l, cmd_table[i].info.name);
	for (int i = 0; i < s->nuser; i++)
		add(l, s->user[i].name);
}

int cmd_complete(const session *s, int argc, char *const *argv, const char **list, int max)
{
	names l = {list, 0, max};
	const dr_param_info *pi = argc > 0 ? dr_param_find(argv[argc - 1]) : NULL;
	switch (argc == 0 ? CMD_ARG_TOPIC : cmd_arg_at(argc, argv)) {
	case CMD_ARG_TOPIC: /* the first word, or help's: commands, then parameters */
		add_commands(&l, s);
		add_params(&l);
		break;
	case CMD_ARG_PARAM:
		add_params(&l);
		break;
	case CMD_ARG_VALUE:
		if (session_param_is_file(pi))
			return -1;
		for (int i = 0; pi && pi->values && pi->values[i]; i++)
			add(&l, pi->values[i]);
		break;
	case CMD_ARG_FILE:
	case CMD_ARG_SCRIPT:
		return -1;
	case CMD_ARG_VIEW:
		for (int i = 0; i < view_count(); i++)
			add(&l, view_at(i)->name);
		break;
	case CMD_ARG_DISPLAY:
		for (int i = 0; i < DISPLAY_COUNT; i++)
			add(&l, display_settings[i].name);
		break;
	case CMD_ARG_DISPLAY_VALUE: {
		const display_setting *d = display_find(argv[argc - 1]);
		for (int i = 0; d && d->values[i]; i++)
			add(&l, d->values[i]);
		break;
	}
	default:
		break;
	}
	return l.n;
}
