/* parse.c - the syntax of the command language.
 *
 * A text is parsed whole before any of it runs, so a syntax error anywhere
 * in it runs nothing. A command ends at ';' or a newline; blanks separate
 * words; '...' keeps everything up to the next ' as it is; "..." groups,
 * backslashes still escaping; elsewhere a backslash makes the next
 * character an ordinary one, and a backslash before a newline joins the
 * lines. A command whose argument is free text (lua) takes the rest of its
 * line verbatim. Quotes end with their line. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/table.h"

#define MAX_ARGS 64

static int push_word(cmd_words *p, char *w)
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

/* The length of the name at r of a command whose argument is free text
 * (lua: CMD_ARG_TEXT in the table) when a blank follows it, else 0. */
static size_t text_command(const char *r)
{
	size_t n = strcspn(r, " \t\n;");
	if (r[n] != ' ' && r[n] != '\t')
		return 0;
	for (int i = 0; i < cmd_table_len; i++) {
		const command *c = &cmd_table[i];
		if (c->args[0] == CMD_ARG_TEXT && strlen(c->info.name) == n && !strncmp(r, c->info.name, n))
			return n;
	}
	return 0;
}

/* A syntax error in the command at `at` (the caller's text, as typed), shown
 * up to the end of its line. */
static int syntax_error(const char *at, const char *what, const char *allowed, char *err, size_t errlen)
{
	int n = (int)strcspn(at, "\n");
	return cmd_errf(err, errlen, "%s in '%.*s%s' (allowed: %s; nothing was run)", what, n > 80 ? 80 : n, at,
		    n > 80 ? "..." : "", allowed);
}

/* The words are never longer than the text they were read from, so they
 * fit in buf. */
int cmd_parse(const char *text, char *buf, cmd_words *p, char *err, size_t errlen)
{
	char *r = buf;
	for (;;) {
		while (is_blank(*r) || *r == ';' || *r == '\n' || (r[0] == '\\' && r[1] == '\n'))
			r += *r == '\\' ? 2 : 1;
		if (!*r)
			return DR_OK;
		const char *start = text + (r - buf);
		size_t name = text_command(r);
		if (name > 0) {
			char *chunk = r + name + 1, *e = chunk + strcspn(chunk, "\n");
			r[name] = 0;
			if (push_word(p, r) || push_word(p, chunk) || push_word(p, NULL))
				return cmd_errf(err, errlen, "out of memory");
			r = *e ? e + 1 : e;
			*e = 0;
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
				return cmd_errf(err, errlen, "out of memory");
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
			return cmd_errf(err, errlen, "out of memory");
	}
}

void cmd_line_of(sbuf *out, int argc, char *const *argv)
{
	const command *c = cmd_find(argv[0]);
	if (c && c->args[0] == CMD_ARG_TEXT && argc == 2) { /* its text as it was: the rest of a line */
		sb_printf(out, "%s %s", argv[0], argv[1]);
		return;
	}
	for (int i = 0; i < argc; i++) {
		if (i)
			sb_puts(out, " ");
		cmd_quote_word(out, argv[i]);
	}
}

void cmd_quote_word(sbuf *out, const char *v)
{
	if (*v && strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._,+-/:=") == strlen(v)) {
		sb_puts(out, v);
	} else if (!strchr(v, '\'')) {
		sb_printf(out, "'%s'", v);
	} else {
		sb_puts(out, "\"");
		for (; *v; v++)
			sb_printf(out, "%s%c", *v == '"' || *v == '\\' ? "\\" : "", *v);
		sb_puts(out, "\"");
	}
}
