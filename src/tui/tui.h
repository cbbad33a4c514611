/* tui.h - the explorer screen. */
#ifndef TUI_H
#define TUI_H

#include <lua.h>
#include "cmd/session.h"

/* Runs the explorer until quit; returns the exit status. */
int tui_main(session *s, lua_State *L);

#endif
