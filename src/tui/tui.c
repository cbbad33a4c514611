/* tui.c - placeholder until the explorer lands (issue 3). */
#include <stdio.h>
#include "tui/tui.h"

int tui_main(session *s, lua_State *L)
{
	(void)s;
	(void)L;
	fprintf(stderr, "deadrelu: the explorer screen is not built yet; use -c, -e or a script\n");
	return 2;
}
