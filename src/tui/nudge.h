/* nudge.h - the next value of a parameter for the +/- keys. */
#ifndef NUDGE_H
#define NUDGE_H

#include <stddef.h>
#include "deadrelu.h"

/* Writes the value one step up (dir > 0) or down; -1 when the parameter is
 * typed rather than stepped (center, data_file, a width list). */
int nudge_value(const dr_params *p, const char *name, int dir, char *out, size_t len);

#endif
