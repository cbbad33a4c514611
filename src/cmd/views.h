/* views.h - the names `view NAME` takes, in one place: the screen's main
 * panels (F1, F2), the plot's x-axes (F3) and y-scales (F4). The screen's
 * title bar, the `view` command, its completion and Lua's deadrelu.view()
 * all read them from here. */
#ifndef VIEWS_H
#define VIEWS_H

enum { VIEW_PLOT, VIEW_LAYERS, VIEW_MAP, VIEW_HELP, NVIEWS };
enum { AXIS_DEPTH, AXIS_WIDTH, AXIS_RADIUS, NAXES };
enum { SCALE_LINEAR, SCALE_LOG, NSCALES };

typedef enum { VIEWS_PANEL, VIEWS_AXIS, VIEWS_SCALE } view_kind;

typedef struct {
	const char *name;
	view_kind kind;
	int index; /* VIEW_*, AXIS_* or SCALE_* */
} view_name;

int view_count(void);
const view_name *view_at(int i);
const view_name *view_find(const char *name);
/* The name of a panel, an axis or a scale by its index. */
const char *view_name_of(view_kind kind, int index);
/* "plot, layers, ..., linear": what view_find knows, for messages. */
const char *view_allowed(void);

#endif
