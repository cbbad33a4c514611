/* table.h - inside the command layer: the command table's entries and what
 * the files of src/cmd share. Front ends use session.h only. */
#ifndef CMD_TABLE_H
#define CMD_TABLE_H

#include "cmd/session.h"

typedef int (*cmd_fn)(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen);

#define CMD_ARGS_MAX 4

typedef struct {
	cmd_info info;
	int min_args, max_args; /* not counting the command name; -1: unlimited */
	/* The kinds of the arguments in order; the last `repeat` of them come
	 * again and again (set: NAME VALUE pairs). */
	cmd_arg args[CMD_ARGS_MAX];
	int repeat;
	int screen_only; /* acts on the screen alone: `help` lists it where there is one */
	cmd_fn fn;
} command;

/* The table (commands.c). */
extern const command cmd_table[];
extern const int cmd_table_len;

const command *cmd_find(const char *name);
const user_command *cmd_find_user(const session *s, const char *name);

/* "NAME VALUE [NAME VALUE ...]" applied to a copy of the parameters and
 * committed when all of them parse and the whole is valid. */
int cmd_apply_pairs(session *s, int argc, char **argv, char *err, size_t errlen);
/* plan DIR SHARDS NAME FROM TO [STEP] [NAME FROM TO [STEP]] (plan.c). */
int cmd_plan(session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen);
/* The help text (help.c). */
int cmd_help_text(const session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen);
/* What a --json command prints as one object {"command":NAME,KEY:TEXT}. */
void cmd_json_text(sbuf *out, const char *name, const char *key, const char *text);

int cmd_errf(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The parser (parse.c): text into commands of words, each command's words
 * followed by NULL. buf is a copy of text the words are written into. */
typedef struct {
	char **word;
	int n, cap;
} cmd_words;

int cmd_parse(const char *text, char *buf, cmd_words *p, char *err, size_t errlen);

#endif
