/* test_paths.c - src/util/paths: finding the program without /proc (argv0
 * as a path, or a bare name along PATH: the first executable wins, an empty
 * entry is the current directory, links are resolved), deadrelu's XDG
 * directories and their fallbacks under HOME, making a directory with its
 * parents (a file in the way is ENOTDIR), ~ in messages, and the names a
 * shipped scenario may have. */
#include "check.h"
#include "util/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/deadrelu-paths-XXXXXX";

static const char *at(const char *base)
{
	static char buf[4][PATH_MAX];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, base);
	return buf[i];
}

static void put(const char *base, int mode)
{
	FILE *f = fopen(at(base), "w");
	if (f)
		fclose(f);
	chmod(at(base), (mode_t)mode);
}

static void test_argv0(void)
{
	char got[PATH_MAX], real[PATH_MAX];
	mkdir(at("a"), 0700);
	mkdir(at("b"), 0700);
	put("a/prog", 0600); /* not executable: PATH goes on */
	put("b/prog", 0700);
	symlink(at("b/prog"), at("a/link"));
	if (!realpath(at("b/prog"), real))
		snprintf(real, sizeof real, "?");

	char path[2 * PATH_MAX + 8];
	snprintf(path, sizeof path, "%s:%s", at("a"), at("b"));
	setenv("PATH", path, 1);
	CHECK("argv0/path-skips-non-executable", paths_resolve_argv0("prog", got) == 0 && !strcmp(got, real),
	      "got '%s', want '%s'", got, real);
	CHECK("argv0/link-resolved", paths_resolve_argv0("link", got) == 0 && !strcmp(got, real),
	      "got '%s', want '%s'", got, real);
	CHECK("argv0/missing", paths_resolve_argv0("nosuchprog", got) == -1, "found '%s'", got);

	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof cwd) && chdir(at("b")) == 0) {
		setenv("PATH", "/nonexistent:", 1); /* the empty last entry: here */
		CHECK("argv0/empty-entry-is-cwd", paths_resolve_argv0("prog", got) == 0 && !strcmp(got, real),
		      "got '%s', want '%s'", got, real);
		CHECK("argv0/relative-path", paths_resolve_argv0("./prog", got) == 0 && !strcmp(got, real),
		      "got '%s', want '%s'", got, real);
		if (chdir(cwd) != 0)
			CHECK("argv0/chdir-back", 0, "%s", strerror(errno));
	}
	unsetenv("PATH");
	CHECK("argv0/no-path", paths_resolve_argv0("prog", got) == -1, "found '%s' with no PATH", got);
	CHECK("argv0/empty", paths_resolve_argv0("", got) == -1 && paths_resolve_argv0(NULL, got) == -1,
	      "an empty argv0 was found: '%s'", got);
}

static void test_user_dirs(void)
{
	char got[PATH_MAX], want[PATH_MAX];
	setenv("HOME", "/home/someone", 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_STATE_HOME");
	CHECK("xdg/config-fallback", paths_user_dir(PATHS_CONFIG, got, sizeof got) == 0 &&
					    !strcmp(got, "/home/someone/.config/deadrelu"),
	      "got '%s'", got);
	CHECK("xdg/state-fallback", paths_user_dir(PATHS_STATE, got, sizeof got) == 0 &&
					   !strcmp(got, "/home/someone/.local/state/deadrelu"),
	      "got '%s'", got);
	setenv("XDG_CONFIG_HOME", "/conf", 1);
	setenv("XDG_STATE_HOME", "", 1); /* empty: as if unset */
	CHECK("xdg/config", paths_user_dir(PATHS_CONFIG, got, sizeof got) == 0 && !strcmp(got, "/conf/deadrelu"),
	      "got '%s'", got);
	CHECK("xdg/state-empty-var", paths_user_dir(PATHS_STATE, got, sizeof got) == 0 &&
					    !strcmp(got, "/home/someone/.local/state/deadrelu"),
	      "got '%s'", got);
	CHECK("xdg/too-long", paths_user_dir(PATHS_CONFIG, got, 8) == -1, "a path of 14 bytes fit in 8");
	unsetenv("HOME");
	unsetenv("XDG_STATE_HOME");
	CHECK("xdg/nothing-set", paths_user_dir(PATHS_STATE, got, sizeof got) == -1, "got '%s'", got);

	snprintf(want, sizeof want, "%s", at("x/y/z"));
	struct stat st;
	CHECK("mkdirs/parents", paths_make_dirs(want) == 0 && stat(want, &st) == 0 && S_ISDIR(st.st_mode) &&
					(st.st_mode & 0777) == 0700,
	      "%s not made with mode 0700", want);
	CHECK("mkdirs/exists", paths_make_dirs(want) == 0, "making it again failed: %s", strerror(errno));
	put("file", 0600);
	errno = 0;
	CHECK("mkdirs/file-in-the-way", paths_make_dirs(at("file")) == -1 && errno == ENOTDIR, "errno %d",
	      errno);

	setenv("HOME", "/home/someone", 1);
	CHECK("tilde/home", !strcmp(paths_tilde("/home/someone/.local/state/h"), "~/.local/state/h"), "got '%s'",
	      paths_tilde("/home/someone/.local/state/h"));
	CHECK("tilde/prefix-only", !strcmp(paths_tilde("/home/someonelse/h"), "/home/someonelse/h"), "got '%s'",
	      paths_tilde("/home/someonelse/h"));
}

static void test_scenario_names(void)
{
	char got[PATH_MAX];
	const char *bad[] = {"", "../etc", "a/b", "tour.lua", "x y",
			     "a123456789012345678901234567890123456789012345678901234567890123456789"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char name[64];
		snprintf(name, sizeof name, "scenario/bad-%zu", i);
		CHECK(name, paths_shipped_scenario(bad[i], got, sizeof got) == -1, "'%s' was taken", bad[i]);
	}
	int rc = paths_shipped_scenario("tour", got, sizeof got);
	size_t n = strlen(got);
	CHECK("scenario/good", rc == -2 || (rc == 0 && n > 9 && !strcmp(got + n - 9, "/tour.lua")),
	      "rc %d, path '%s'", rc, got);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		printf("FAIL paths/setup: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_argv0();
	test_user_dirs();
	test_scenario_names();
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("note: could not remove %s\n", dir);
	CHECK_DONE();
}
