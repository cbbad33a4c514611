/* session.c - the state the front ends share: parameters with their bounds,
 * the last simulation and sweep, the commands written in Lua, the display
 * settings, the commands run (for save). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cmd/table.h"

void session_init(session *s)
{
	memset(s, 0, sizeof *s);
	dr_params_default(&s->params);
	char err[DR_ERRLEN];
	dr_bounds_compute(&s->params, &s->bounds, err, sizeof err);
}

void session_free(session *s)
{
	dr_result_free(&s->result);
	free(s->result_partial);
	free(s->shard_text);
	s->result_partial = s->shard_text = NULL;
	sweep_free(&s->sweep);
	free(s->grid.a);
	s->grid = (merged_grid){0};
	for (int i = 0; i < s->history_n; i++) {
		free(s->history[i].line);
		free(s->history[i].settings);
	}
	free(s->history);
	free(s->history_after);
	s->history = NULL;
	s->history_after = NULL;
	s->history_n = 0;
}

/* show line: one command line that recreates the settings from any state
 * (reset, then the parameters that differ from their defaults), for
 * deadrelu -c "$(...)", a note, or save. */
void session_settings_line(const dr_params *p, sbuf *out)
{
	dr_params d;
	dr_params_default(&d);
	sb_puts(out, "reset");
	int first = 1;
	for (int i = 0; i < dr_param_count(); i++) {
		const char *name = dr_param_at(i)->name;
		char v[DR_VALUE_MAX], dv[DR_VALUE_MAX];
		if (dr_param_get(p, name, v, sizeof v) < 0 || dr_param_get(&d, name, dv, sizeof dv) < 0 ||
		    !strcmp(v, dv))
			continue;
		sb_printf(out, first ? "; set %s " : " %s ", name);
		cmd_quote_word(out, v);
		first = 0;
	}
}

/* What only shows or writes (and save itself, and quit) is not run again. */
int session_records(const char *name)
{
	static const char *const skip[] = {"save", "quit", "help", "show", "export"};
	for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
		if (!strcmp(name, skip[i]))
			return 0;
	return 1;
}

char *session_settings_now(const session *s)
{
	sbuf b = {0};
	session_settings_line(&s->params, &b);
	return b.s; /* (NULL when out of memory: then nothing is recorded) */
}

void session_record(session *s, int argc, char *const *argv, char *settings)
{
	sbuf line = {0};
	cmd_line_of(&line, argc, argv);
	char *after = session_settings_now(s);
	if (!s->history)
		s->history = calloc(SESSION_HISTORY_MAX, sizeof *s->history);
	if (!s->history || !line.s || !settings || !after) {
		sb_free(&line);
		free(settings);
		free(after);
		return;
	}
	session_cmd *c;
	if (s->history_n < SESSION_HISTORY_MAX) {
		c = &s->history[(s->history_first + s->history_n++) % SESSION_HISTORY_MAX];
	} else { /* the oldest goes */
		c = &s->history[s->history_first];
		s->history_first = (s->history_first + 1) % SESSION_HISTORY_MAX;
		s->history_dropped++;
		free(c->line);
		free(c->settings);
	}
	c->moved = !s->history_after || strcmp(settings, s->history_after) != 0;
	c->line = line.s;
	c->settings = settings;
	free(s->history_after);
	s->history_after = after;
}

const session_cmd *session_history_at(const session *s, int i)
{
	if (i < 0 || i >= s->history_n)
		return NULL;
	return &s->history[(s->history_first + i) % SESSION_HISTORY_MAX];
}

void session_set_params(session *s, const dr_params *p)
{
	char err[DR_ERRLEN];
	s->params = *p;
	if (dr_bounds_compute(&s->params, &s->bounds, err, sizeof err) != DR_OK)
		memset(&s->bounds, 0, sizeof s->bounds);
	if (s->hooks.changed)
		s->hooks.changed(s);
}

void session_store_result(session *s, const dr_params *p, dr_result *r)
{
	dr_result_free(&s->result);
	s->result = *r;
	s->result_params = *p;
	r->by_depth = NULL;
	free(s->result_partial); /* (a merge sets it again after) */
	s->result_partial = NULL;
	s->last_table = 0;
}

void session_store_sweep(session *s, sweep *w)
{
	w->base = s->params; /* the rows vary only the swept one from these */
	sweep_move(&s->sweep, w);
	s->last_table = 1;
}

int session_run_slice(session *s, const dr_params *p, long long first, long long count, dr_sim **out, char *err,
		      size_t errlen)
{
	dr_sim *sim;
	*out = NULL;
	int rc = dr_sim_start_slice(p, first, count, NULL, NULL, &sim, err, errlen);
	if (rc != DR_OK)
		return rc;
	while (!dr_sim_done(sim)) {
		if (s->hooks.interrupted && s->hooks.interrupted(s)) {
			dr_sim_free(sim);
			return cmd_errf(err, errlen, "simulate: interrupted");
		}
		struct timespec ts = {0, 5000000};
		nanosleep(&ts, NULL);
	}
	dr_sim_wait(sim);
	*out = sim;
	return DR_OK;
}

int session_simulate(session *s, const dr_params *p, dr_result *r, char *err, size_t errlen)
{
	dr_sim *sim;
	int rc = session_run_slice(s, p, 0, p->trials, &sim, err, errlen);
	if (rc != DR_OK)
		return rc;
	rc = dr_sim_snapshot(sim, r, err, errlen);
	dr_sim_free(sim);
	return rc;
}

int session_param_is_file(const dr_param_info *pi)
{
	return pi && pi->kind == DR_PK_STRING; /* data_file, so far the only one */
}

int session_param_refused(const char *name, int sandboxed, char *err, size_t errlen)
{
	const dr_param_info *pi = dr_param_find(name);
	if (sandboxed && session_param_is_file(pi))
		return cmd_errf(err, errlen, "%s: not available to --sandbox scripts", pi->name);
	return DR_OK;
}

const user_command *cmd_find_user(const session *s, const char *name)
{
	for (int i = 0; i < s->nuser; i++)
		if (!strcmp(s->user[i].name, name))
			return &s->user[i];
	return NULL;
}

int session_add_user_cmd(session *s, const char *name, const char *help, char *err, size_t errlen)
{
	size_t n = strlen(name);
	if (n == 0 || n >= sizeof s->user[0].name || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
		return cmd_errf(err, errlen, "command: bad name '%s' (allowed: 1..31 lower-case letters, digits, _ and -)",
				name);
	if (cmd_name_taken(name))
		return cmd_errf(err, errlen, "command: '%s' is already a command or parameter", name);
	user_command *u = (user_command *)cmd_find_user(s, name);
	if (!u) {
		if (s->nuser == USER_CMD_MAX)
			return cmd_errf(err, errlen, "command: too many Lua commands (allowed: %d)", USER_CMD_MAX);
		u = &s->user[s->nuser++];
	}
	snprintf(u->name, sizeof u->name, "%s", name);
	snprintf(u->help, sizeof u->help, "%s", help);
	return DR_OK;
}

#define DISPLAY_VALUES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define DISPLAY_ENTRY(id, name, values, help) [id] = {name, values, help},
const display_setting display_settings[DISPLAY_COUNT] = {DISPLAY_LIST(DISPLAY_ENTRY)};

const display_setting *display_find(const char *name)
{
	for (int i = 0; i < DISPLAY_COUNT; i++)
		if (!strcmp(display_settings[i].name, name))
			return &display_settings[i];
	return NULL;
}

const char *display_allowed(const display_setting *d, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	for (int i = 0; d->values[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", d->values[i]);
	return buf;
}

int session_display_set(session *s, const char *name, const char *value, char *err, size_t errlen)
{
	const display_setting *d = display_find(name);
	char allowed[256];
	if (!d) {
		size_t used = 0;
		allowed[0] = 0;
		for (int i = 0; i < DISPLAY_COUNT && used < sizeof allowed; i++)
			used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s%s", i ? ", " : "",
						 display_settings[i].name);
		return cmd_errf(err, errlen, "display: unknown setting '%s' (allowed: %s)", name, allowed);
	}
	for (int i = 0; d->values[i]; i++)
		if (!strcmp(d->values[i], value)) {
			s->display[d - display_settings] = i;
			return DR_OK;
		}
	return cmd_errf(err, errlen, "display %s: bad value '%s' (allowed: %s)", d->name, value,
			display_allowed(d, allowed, sizeof allowed));
}

void session_view_now(session *s, const char *now[3])
{
	now[0] = view_name_of(VIEWS_PANEL, VIEW_PLOT); /* what the screen starts with */
	now[1] = view_name_of(VIEWS_AXIS, AXIS_DEPTH);
	now[2] = view_name_of(VIEWS_SCALE, SCALE_LINEAR);
	if (s->hooks.view_now)
		s->hooks.view_now(s, now);
}
