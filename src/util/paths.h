/* paths.h - where the running executable is, and from it where the shipped
 * Lua files are; where the user's files go (XDG base directories). Looking relative to the executable lets `make install
 * PREFIX=...` (DESTDIR staging and moved trees too) work with objects built
 * for another prefix. */
#ifndef PATHS_H
#define PATHS_H

#include <stddef.h>

/* Finds the executable once: /proc/self/exe where it exists, else argv0 (a
 * path containing '/', or a bare name searched along PATH). Call at the
 * start of main, before anything changes the current directory, which a
 * relative argv0 is resolved against. Not calling it leaves only
 * /proc/self/exe. */
void paths_init(const char *argv0);

/* What paths_init does without /proc (BSD, macOS): the program argv0
 * names, symbolic links resolved, into buf (PATH_MAX bytes). 0, or -1 when
 * it is not found. */
int paths_resolve_argv0(const char *argv0, char *buf);

/* Writes the directory holding the executable (symbolic links resolved) to
 * buf. Returns 0, or -1 when unknown or longer than len - 1 bytes. */
int paths_exe_dir(char *buf, size_t len);

/* Writes the directory of the shipped Lua files to buf: the first that is a
 * directory among EXE/lua (an uninstalled build), EXE/../share/deadrelu (an
 * installed one) and the compiled-in DR_SHAREDIR, where EXE is
 * paths_exe_dir. The result is absolute and canonical. Returns 0, or -1 when
 * none is a directory or the result is longer than len - 1 bytes. */
int paths_shipped_lua_dir(char *buf, size_t len);

/* Where the manual page PAGE ("deadrelu.1") is for this executable: 1 with
 * its absolute path in buf when it is EXE/man/PAGE (an uninstalled build:
 * `man PATH` reads it), 0 when it is installed beside EXE in
 * ../share/man/manN (`man NAME` finds it), -1 when neither is there. */
int paths_manual(const char *page, char *buf, size_t len);

/* Longest scenario name: letters, digits and _. */
#define PATHS_SCENARIO_NAME_MAX 64
/* DIR/NAME.lua, DIR that of paths_shipped_lua_dir (the file need not
 * exist). Returns 0; -1 for a bad name; -2 when DIR is not found or the
 * path is longer than len - 1 bytes. */
int paths_shipped_scenario(const char *name, char *buf, size_t len);

typedef enum { PATHS_CONFIG, PATHS_STATE } paths_kind;
/* deadrelu's directory of the user: $XDG_CONFIG_HOME/deadrelu, else
 * $HOME/.config/deadrelu (PATHS_STATE: $XDG_STATE_HOME, $HOME/.local/state).
 * Returns 0, or -1 when neither variable is set or the path does not fit. */
int paths_user_dir(paths_kind kind, char *buf, size_t len);
/* Makes dir and its missing parents (mode 0700): 0, or -1 with errno. */
int paths_make_dirs(const char *dir);
/* path with $HOME written as ~, for messages (a static buffer, or path). */
const char *paths_tilde(const char *path);

#endif
