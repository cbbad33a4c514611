/* lx_load.c - loading a Lua file as luaL_loadfile does (a first line
 * starting with '#' is skipped, so is a UTF-8 byte-order mark), but only
 * from a regular file: a FIFO would block the program, a device would never
 * end. The text is read into Lua's own memory, so the memory cap bounds it. */
#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lua/lx.h"

/* Pushes the error message; returns LUA_ERRFILE. */
static int fail(lua_State *L, const char *path, const char *why)
{
	lua_pushfstring(L, "cannot load '%s': %s", path, why);
	return LUA_ERRFILE;
}

/* Reads fd to its end into a string at the top of the stack. */
static int read_all(lua_State *L, int fd)
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (;;) {
		char *p = luaL_prepbuffer(&b);
		ssize_t n = read(fd, p, LUAL_BUFFERSIZE);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		luaL_addsize(&b, (size_t)n);
	}
	luaL_pushresult(&b);
	return 0;
}

/* Runs unprotected pieces (the buffer may raise "not enough memory") inside
 * lua_pcall, so an error reaches the caller as a status. */
typedef struct {
	int fd;
} reader;

static int p_read(lua_State *L)
{
	reader *r = lua_touserdata(L, 1);
	if (read_all(L, r->fd) != 0)
		return luaL_error(L, "%s", strerror(errno));
	return 1;
}

int lx_loadfile(lua_State *L, const char *path, const char *mode, size_t max)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(L, path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(L, path, S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file");
	}
	if (max && (size_t)st.st_size > max) {
		close(fd);
		lua_pushfstring(L, "cannot load '%s': %d KiB of source (allowed: at most %d KiB in the sandbox)", path,
				(int)(st.st_size >> 10), (int)(max >> 10));
		return LUA_ERRFILE;
	}
	reader r = {fd};
	lua_pushcfunction(L, p_read);
	lua_pushlightuserdata(L, &r);
	int rc = lua_pcall(L, 1, 1, 0);
	close(fd);
	if (rc != LUA_OK) {
		const char *why = lua_tostring(L, -1);
		lua_pop(L, 1);
		if (rc == LUA_ERRMEM)
			return lua_pushliteral(L, "not enough memory"), LUA_ERRMEM;
		return fail(L, path, why ? why : "read error");
	}
	size_t n;
	const char *text = lua_tolstring(L, -1, &n), *start = text;
	if (n >= 3 && !memcmp(start, "\xEF\xBB\xBF", 3))
		start += 3;
	/* A '#' line (a shebang) becomes an empty line, keeping line numbers. */
	if (start < text + n && *start == '#') {
		const char *nl = memchr(start, '\n', n - (size_t)(start - text));
		start = nl ? nl : text + n;
	}
	lua_pushfstring(L, "@%s", path);
	rc = luaL_loadbufferx(L, start, n - (size_t)(start - text), lua_tostring(L, -1), mode);
	lua_remove(L, -2); /* the chunk name */
	lua_remove(L, -2); /* the text */
	return rc;
}
