/* help.c - `help`: the command table, the Lua commands and the parameter
 * table, or one entry of them. */
#include "cmd/table.h"

int cmd_help_text(const session *s, int argc, char **argv, sbuf *out, char *err, size_t errlen)
{
	if (argc == 1) {
		sb_puts(out, "commands:\n");
		for (int i = 0; i < cmd_table_len; i++)
			if (!cmd_table[i].screen_only || s->hooks.view)
				sb_printf(out, "  %-34s %s\n", cmd_table[i].info.usage, cmd_table[i].info.help);
		for (int i = 0; i < s->nuser; i++)
			sb_printf(out, "  %-34s %s (Lua)\n", s->user[i].name, s->user[i].help);
		sb_puts(out, "parameters (set NAME VALUE):\n");
		for (int i = 0; i < dr_param_count(); i++) {
			const dr_param_info *pi = dr_param_at(i);
			sb_printf(out, "  %-12s %s\n", pi->name, pi->help);
		}
		return DR_OK;
	}
	const command *c = cmd_find(argv[1]);
	if (c) {
		sb_printf(out, "%s\n  %s\n", c->info.usage, c->info.help);
		for (int i = 0; i < CMD_ARGS_MAX; i++)
			if (c->args[i] == CMD_ARG_VIEW)
				sb_printf(out, "  allowed: %s\n", view_allowed());
		for (int i = 0; c->args[0] == CMD_ARG_DISPLAY && i < DISPLAY_COUNT; i++) {
			char allowed[256];
			const display_setting *d = &display_settings[i];
			sb_printf(out, "  %-8s %s\n  %-8s allowed: %s\n", d->name, d->help, "",
				  display_allowed(d, allowed, sizeof allowed));
		}
		return DR_OK;
	}
	const dr_param_info *pi = dr_param_find(argv[1]);
	if (pi) {
		sb_printf(out, "%s: %s\n  allowed: %s\n", pi->name, pi->help, pi->allowed);
		for (int i = 0; pi->values && pi->value_help && pi->values[i]; i++)
			sb_printf(out, "    %-16s %s\n", pi->values[i], pi->value_help[i]);
		return DR_OK;
	}
	const user_command *u = cmd_find_user(s, argv[1]);
	if (u) {
		sb_printf(out, "%s [ARGS]\n  %s (a command written in Lua)\n", u->name, u->help);
		return DR_OK;
	}
	return cmd_errf(err, errlen, "help: unknown command or parameter '%s' (try: help)", argv[1]);
}
