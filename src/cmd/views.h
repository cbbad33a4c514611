/* views.h - the names `view NAME` takes, in one place: the screen's main
 * panels (F2 cycles those before help, F1 is help), the plot's x-axes (F3
 * cycles them) and its y-scales (F4). The screen's title bar and help, the
 * `view` command, its completion and Lua's deadrelu.view() all read them
 * from here. A new view is a line in VIEW_PANELS (before help), its panel
 * in src/tui and its case in ui_layout (panels.c). */
#ifndef VIEWS_H
#define VIEWS_H

/* X(constant, name), in the order messages list them. */
#define VIEW_PANELS(X) X(VIEW_PLOT, "plot") X(VIEW_LAYERS, "layers") X(VIEW_MAP, "map") X(VIEW_MESSAGES, "messages") \
	X(VIEW_HELP, "help")
#define VIEW_AXES(X) X(AXIS_DEPTH, "depth") X(AXIS_WIDTH, "width") X(AXIS_RADIUS, "radius")
#define VIEW_SCALES(X) X(SCALE_LOG, "log") X(SCALE_LINEAR, "linear")

#define VIEW_CONSTANT(id, name) id,
enum { VIEW_PANELS(VIEW_CONSTANT) NVIEWS };
enum { VIEW_AXES(VIEW_CONSTANT) NAXES };
enum { VIEW_SCALES(VIEW_CONSTANT) NSCALES };
#undef VIEW_CONSTANT

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
