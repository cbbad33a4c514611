/* nudge.c - changing a parameter with keys: the next value up or down, as
 * text for `set NAME VALUE`, so the change goes through the command table.
 * The step rules are the parameter table's (dr_param_step). */
#include "tui/nudge.h"

int nudge_value(const dr_params *p, const char *name, int dir, char *out, size_t len)
{
	return dr_param_step(p, name, dir, out, len) == DR_OK ? 0 : -1;
}
