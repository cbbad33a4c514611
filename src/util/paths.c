/* paths.c - where things are: the executable, the shipped Lua files, the
 * user's config and state directories. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/paths.h"

static char exe_dir[PATH_MAX]; /* "" when unknown */
static int inited;             /* paths_init has run */

/* Linux: the kernel's own answer, already free of symbolic links. */
static int from_proc(char *buf)
{
	ssize_t n = readlink("/proc/self/exe", buf, PATH_MAX - 1);
	if (n <= 0 || n >= PATH_MAX - 1)
		return -1; /* missing, or possibly truncated */
	buf[n] = 0;
	return 0;
}

static int is_program(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Without /proc: argv0 as the shell resolved it. A name with a '/' was run
 * as a path (relative to the current directory); a bare name came from PATH,
 * where an empty entry means the current directory. */
int paths_resolve_argv0(const char *argv0, char *buf)
{
	if (!argv0 || !*argv0)
		return -1;
	if (strchr(argv0, '/'))
		return realpath(argv0, buf) ? 0 : -1;
	const char *p = getenv("PATH");
	if (!p)
		return -1;
	for (;;) {
		size_t n = strcspn(p, ":");
		char cand[PATH_MAX];
		int w = n ? snprintf(cand, sizeof cand, "%.*s/%s", (int)n, p, argv0)
			  : snprintf(cand, sizeof cand, "%s", argv0);
		if (w > 0 && (size_t)w < sizeof cand && is_program(cand) && realpath(cand, buf))
			return 0;
		if (!p[n])
			return -1;
		p += n + 1;
	}
}

void paths_init(const char *argv0)
{
	char exe[PATH_MAX];
	exe_dir[0] = 0;
	inited = 1;
	if (from_proc(exe) != 0 && paths_resolve_argv0(argv0, exe) != 0)
		return;
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	if (slash == exe)
		slash++; /* the root directory keeps its '/' */
	*slash = 0;
	snprintf(exe_dir, sizeof exe_dir, "%s", exe);
}

static int copy(char *buf, size_t len, const char *s)
{
	if (strlen(s) >= len)
		return -1;
	memcpy(buf, s, strlen(s) + 1);
	return 0;
}

int paths_exe_dir(char *buf, size_t len)
{
	if (!inited)
		paths_init(NULL); /* a program without main.c, a unit test */
	return exe_dir[0] ? copy(buf, len, exe_dir) : -1;
}

/* realpath both tests that dir exists and turns bin/../share into share. */
static int is_dir(const char *dir, char *real)
{
	struct stat st;
	return realpath(dir, real) && stat(real, &st) == 0 && S_ISDIR(st.st_mode);
}

int paths_shipped_lua_dir(char *buf, size_t len)
{
	static const char *const beside[] = {"lua", "../share/deadrelu"};
	char dir[PATH_MAX], cand[PATH_MAX], real[PATH_MAX];
	if (paths_exe_dir(dir, sizeof dir) == 0) {
		for (size_t i = 0; i < sizeof beside / sizeof *beside; i++) {
			int w = snprintf(cand, sizeof cand, "%s/%s", dir, beside[i]);
			if (w > 0 && (size_t)w < sizeof cand && is_dir(cand, real))
				return copy(buf, len, real);
		}
	}
	return is_dir(DR_SHAREDIR, real) ? copy(buf, len, real) : -1;
}

int paths_manual(const char *page, char *buf, size_t len)
{
	char dir[PATH_MAX], cand[PATH_MAX], real[PATH_MAX];
	const char *dot = strrchr(page, '.');
	struct stat st;
	if (!dot || paths_exe_dir(dir, sizeof dir) != 0)
		return -1;
	int w = snprintf(cand, sizeof cand, "%s/man/%s", dir, page); /* uninstalled */
	if (w > 0 && (size_t)w < sizeof cand && realpath(cand, real) && stat(real, &st) == 0 && S_ISREG(st.st_mode))
		return copy(buf, len, real) == 0 ? 1 : -1;
	w = snprintf(cand, sizeof cand, "%s/../share/man/man%s/%s", dir, dot + 1, page);
	if (w > 0 && (size_t)w < sizeof cand && stat(cand, &st) == 0 && S_ISREG(st.st_mode))
		return 0;
	return -1;
}

int paths_shipped_scenario(const char *name, char *buf, size_t len)
{
	static const char word[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	size_t n = strlen(name);
	if (n == 0 || n > PATHS_SCENARIO_NAME_MAX || strspn(name, word) != n)
		return -1;
	char dir[PATH_MAX];
	if (paths_shipped_lua_dir(dir, sizeof dir) != 0)
		return -2;
	int w = snprintf(buf, len, "%s/%s.lua", dir, name);
	return w > 0 && (size_t)w < len ? 0 : -2;
}

/* ---- the user's directories (XDG base directories) ---- */

int paths_user_dir(paths_kind kind, char *buf, size_t len)
{
	static const struct {
		const char *var, *fallback; /* $var, else $HOME/fallback */
	} base[] = {
		[PATHS_CONFIG] = {"XDG_CONFIG_HOME", ".config"},
		[PATHS_STATE] = {"XDG_STATE_HOME", ".local/state"},
	};
	const char *xdg = getenv(base[kind].var), *home = getenv("HOME");
	int w;
	if (xdg && *xdg)
		w = snprintf(buf, len, "%s/deadrelu", xdg);
	else if (home && *home)
		w = snprintf(buf, len, "%s/%s/deadrelu", home, base[kind].fallback);
	else
		return -1;
	return w > 0 && (size_t)w < len ? 0 : -1;
}

int paths_make_dirs(const char *dir)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			if (mkdir(path, 0700) != 0 && errno != EEXIST) {
				*p = '/';
				return -1;
			}
			*p = '/';
		}
	if (mkdir(path, 0700) == 0)
		return 0;
	struct stat st;
	if (errno != EEXIST || stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

const char *paths_tilde(const char *path)
{
	const char *home = getenv("HOME");
	size_t n = home ? strlen(home) : 0;
	static char buf[PATH_MAX + 2];
	if (n > 1 && !strncmp(path, home, n) && path[n] == '/' && snprintf(buf, sizeof buf, "~%s", path + n) < (int)sizeof buf)
		return buf;
	return path;
}
