-- deadrelu-0.1.0-1.rockspec - the deadrelu Lua module (deadrelu.so) for
-- luarocks: `luarocks make` in the top of the tree builds it through the
-- Makefile (`make luamod`: the module alone, no curses or readline) and
-- installs build/luamod/deadrelu.so as the module `deadrelu`.
-- The program, its scenarios and manuals come with `make install` instead.
rockspec_format = "3.0"
package = "deadrelu"
version = "0.1.0-1"
source = {
	-- No public repository yet: luarocks make builds the tree it runs in
	-- and fetches nothing. Set the real address before `luarocks pack`.
	url = "git+https://example.invalid/deadrelu.git",
	tag = "v0.1.0",
}
description = {
	summary = "Neuron death in deep ReLU networks: bounds and Monte Carlo from Lua",
	detailed = [[
The engine and command language of deadrelu, a terminal explorer of neuron
death in randomly initialised deep ReLU networks, as a Lua 5.4 C module:
require "deadrelu" gives bounds on P(alive), seeded simulations, the inverse
questions (min_width, max_depth) and deadrelu.cmd() for the command language.
See deadrelu-lua(7), section THE STOCK INTERPRETER.
]],
	license = "GPL-3.0-or-later",
}
dependencies = {
	"lua >= 5.4, < 5.5",
}
build = {
	type = "make",
	build_target = "luamod",
	build_variables = {
		CFLAGS = "$(CFLAGS)",
		LUA_CFLAGS = "-I$(LUA_INCDIR)",
	},
	install_pass = false,
	install = {
		lib = {
			deadrelu = "build/luamod/deadrelu.so",
		},
	},
}
