/* fileio.h - reading and writing files without surprises. What is read must
 * be a regular file, so a FIFO or a device at a path never blocks or wakes
 * anything; what is written replaces its file in one rename, so the file is
 * either complete or untouched and a link planted in the directory
 * redirects nothing.
 *
 * Errors: -1 with errno set and, in err, a phrase that reads after the
 * file's name, so the caller names the file as its user knows it:
 * "is a FIFO, not a regular file", "cannot be written (No space left on
 * device)". */
#ifndef FILEIO_H
#define FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* Flags for fileio_open_regular and fileio_read_regular. */
#define FILEIO_NOFOLLOW 1 /* a symbolic link at path is refused, not followed */

/* Opens path for reading if it is a regular file: a FIFO, a directory, a
 * device or a socket is refused before it is opened, and checked again on
 * the open descriptor (opened with O_NONBLOCK, so a FIFO swapped in between
 * does not block either). Returns the descriptor (close-on-exec, blocking),
 * or -1: errno is ENOENT when nothing is at path. */
int fileio_open_regular(const char *path, int flags, char *err, size_t errlen);

/* Reads a whole regular file (as fileio_open_regular opens it) of at most
 * max bytes into a malloc'ed buffer, NUL-terminated after its *len bytes.
 * Returns 0, or -1 (errno ENOENT: nothing at path; EFBIG: more than max
 * bytes) with *data NULL. */
int fileio_read_regular(const char *path, int flags, size_t max, char **data, size_t *len, char *err,
			size_t errlen);

/* Replaces path with len bytes of data: writes a new file beside it
 * (".NAME.XXXXXX", created exclusively, never through a link, with mode
 * masked by the umask as open(2) does: 0666 gives what fopen would, 0600
 * keeps a file private), syncs it, renames it over path and syncs the
 * directory. A symbolic link at path is replaced, not followed. On any
 * failure the new file is removed and path is untouched. Returns 0 or -1. */
int fileio_write_atomic(const char *path, const void *data, size_t len, mode_t mode, char *err, size_t errlen);

#endif
