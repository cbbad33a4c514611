/* views.c - see views.h. */
#include <stddef.h>
#include <string.h>
#include "cmd/views.h"

#define PANEL(id, name) {name, VIEWS_PANEL, id},
#define AXIS(id, name) {name, VIEWS_AXIS, id},
#define SCALE(id, name) {name, VIEWS_SCALE, id},
static const view_name views[] = {VIEW_PANELS(PANEL) VIEW_AXES(AXIS) VIEW_SCALES(SCALE)};

#define NNAMES ((int)(sizeof views / sizeof views[0]))

int view_count(void)
{
	return NNAMES;
}

const view_name *view_at(int i)
{
	return i >= 0 && i < NNAMES ? &views[i] : NULL;
}

const view_name *view_find(const char *name)
{
	for (int i = 0; i < NNAMES; i++)
		if (!strcmp(views[i].name, name))
			return &views[i];
	return NULL;
}

const char *view_name_of(view_kind kind, int index)
{
	for (int i = 0; i < NNAMES; i++)
		if (views[i].kind == kind && views[i].index == index)
			return views[i].name;
	return "?";
}

const char *view_allowed(void)
{
	static char list[128];
	if (!list[0])
		for (int i = 0; i < NNAMES; i++) {
			if (i)
				strcat(list, ", ");
			strcat(list, views[i].name);
		}
	return list;
}
