/* nudge.c - changing a parameter with keys: the next value up or down, as
 * text for `set NAME VALUE`, so the change goes through the command table. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "tui/nudge.h"

static long long step_count(long long v, int dir, long long lo)
{
	if (dir > 0)
		return v < 10 ? v + 1 : (long long)llround(v * 1.25);
	long long n = v <= 10 ? v - 1 : (long long)llround(v / 1.25);
	return n < lo ? lo : n;
}

int nudge_value(const dr_params *p, const char *name, int dir, char *out, size_t len)
{
	const dr_param_info *pi = dr_param_find(name);
	char cur[DR_VALUE_MAX];
	if (!pi || dr_param_get(p, name, cur, sizeof cur) < 0)
		return -1;
	if (pi->values) { /* enumerations and on/off: cycle */
		int n = 0, at = 0;
		while (pi->values[n])
			n++;
		for (int i = 0; i < n; i++)
			if (!strcmp(pi->values[i], cur))
				at = i;
		snprintf(out, len, "%s", pi->values[((at + dir) % n + n) % n]);
		return 0;
	}
	if (!strcmp(name, "depth"))
		snprintf(out, len, "%lld", step_count(p->depth, dir, 1));
	else if (!strcmp(name, "width") && p->nwidths == 0)
		snprintf(out, len, "%d", p->width + dir < 1 ? 1 : p->width + dir);
	else if (!strcmp(name, "input_dim"))
		snprintf(out, len, "%d", p->input_dim + dir < 1 ? 1 : p->input_dim + dir);
	else if (!strcmp(name, "radius"))
		snprintf(out, len, "%.4g", dir > 0 ? (p->radius > 0 ? p->radius * 1.5 : 0.01) : p->radius / 1.5);
	else if (!strcmp(name, "bias_scale"))
		snprintf(out, len, "%.4g", dir > 0 ? p->bias_scale * 1.5 : p->bias_scale / 1.5);
	else if (!strcmp(name, "points"))
		snprintf(out, len, "%d", dir > 0 ? p->points * 2 : (p->points / 2 < 1 ? 1 : p->points / 2));
	else if (!strcmp(name, "trials"))
		snprintf(out, len, "%lld", dir > 0 ? p->trials * 2 : (p->trials / 2 < 1 ? 1 : p->trials / 2));
	else if (!strcmp(name, "seed"))
		snprintf(out, len, "%llu", (unsigned long long)(p->seed + (dir > 0 ? 1 : p->seed ? -1 : 0)));
	else if (!strcmp(name, "threads"))
		snprintf(out, len, "%d", p->threads + dir < 0 ? 0 : p->threads + dir);
	else if (!strcmp(name, "confidence"))
		snprintf(out, len, "%g", dir > 0 ? (p->confidence < 0.95 ? 0.95 : 0.99) : (p->confidence > 0.95 ? 0.95 : 0.9));
	else if (!strcmp(name, "max_memory"))
		snprintf(out, len, "%lld", dir > 0 ? p->max_memory_mib * 2 : (p->max_memory_mib / 2 < 1 ? 1 : p->max_memory_mib / 2));
	else
		return -1; /* lists and file names are typed */
	return 0;
}
