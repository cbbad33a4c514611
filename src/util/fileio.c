/* fileio.c - regular files only for reading, one rename for writing. See
 * fileio.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util/fileio.h"

/* Formats err and returns -1 with errno e (vsnprintf may change errno). */
static int fail(int e, char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(int e, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	errno = e;
	return -1;
}

static const char *kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	return "a special file";
}

static int not_regular(mode_t m, char *err, size_t errlen)
{
	return fail(S_ISDIR(m) ? EISDIR : S_ISLNK(m) ? ELOOP : EINVAL, err, errlen, "is %s, not a regular file",
		    kind(m));
}

int fileio_open_regular(const char *path, int flags, char *err, size_t errlen)
{
	int nofollow = flags & FILEIO_NOFOLLOW;
	struct stat st;
	/* Look first: merely opening a FIFO or a device can block or act. */
	if ((nofollow ? lstat(path, &st) : stat(path, &st)) != 0)
		return fail(errno, err, errlen, "cannot be read (%s)", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return not_regular(st.st_mode, err, errlen);
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0) {
		if (nofollow && errno == ELOOP)
			return not_regular(S_IFLNK, err, errlen);
		return fail(errno, err, errlen, "cannot be read (%s)", strerror(errno));
	}
	/* Something else may have been put there since the look. */
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return fail(e, err, errlen, "cannot be read (%s)", strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return not_regular(st.st_mode, err, errlen);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int fileio_read_regular(const char *path, int flags, size_t max, char **data, size_t *len, char *err,
			size_t errlen)
{
	*data = NULL;
	*len = 0;
	int fd = fileio_open_regular(path, flags, err, errlen);
	if (fd < 0)
		return -1;
	size_t n = 0, cap = 0;
	char *buf = NULL;
	int e = 0;
	for (;;) {
		if (n == cap) {
			char *b = cap > max ? NULL : realloc(buf, (cap ? cap * 2 : 4096) + 1);
			if (!b) {
				e = cap > max ? EFBIG : ENOMEM;
				break;
			}
			buf = b;
			cap = cap ? cap * 2 : 4096;
		}
		ssize_t k = read(fd, buf + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			e = k < 0 ? errno : 0;
			break;
		}
		n += (size_t)k;
	}
	close(fd);
	if (!e && n > max)
		e = EFBIG;
	if (e) {
		free(buf);
		if (e == EFBIG)
			return fail(e, err, errlen, "is larger than %zu bytes", max);
		return fail(e, err, errlen, "cannot be read (%s)", strerror(e));
	}
	buf[n] = 0;
	*data = buf;
	*len = n;
	return 0;
}

/* ---- writing ---- */

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Six characters for a temporary name. O_EXCL makes a clash harmless (the
 * next try takes another name), so they need not be unguessable. */
static void fill_name(char *x)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static uint64_t counter;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t z = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 40) ^
		     (++counter * 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u; /* splitmix64's finaliser */
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	z ^= z >> 31;
	for (int i = 0; i < 6; i++, z /= 62)
		x[i] = set[z % 62];
}

/* Creates DIR/.BASE.XXXXXX exclusively; tmp receives its name. */
static int create_temp(const char *path, mode_t mode, char *tmp, size_t tmplen)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	int dirlen = (int)(base - path);
	int baselen = (int)strlen(base);
	if (baselen > 200) /* the suffix must not push the name past NAME_MAX */
		baselen = 200;
	if (snprintf(tmp, tmplen, "%.*s.%.*s.XXXXXX", dirlen, path, baselen, base) >= (int)tmplen) {
		errno = ENAMETOOLONG;
		return -1;
	}
	char *x = tmp + strlen(tmp) - 6;
	for (int tries = 0; tries < 100; tries++) {
		fill_name(x);
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* Makes the rename durable. A directory that cannot be opened or synced
 * (some file systems refuse) leaves the file written all the same. */
static int sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path) >= (int)sizeof dir)
		return 0;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	int rc = fsync(fd) != 0 && errno != EINVAL && errno != EROFS ? -1 : 0;
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

int fileio_write_atomic(const char *path, const void *data, size_t len, mode_t mode, char *err, size_t errlen)
{
	struct stat st;
	size_t n = strlen(path);
	if ((n > 0 && path[n - 1] == '/') || (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)))
		return fail(EISDIR, err, errlen, "is a directory");
	char *tmp = malloc(n + 16);
	if (!tmp)
		return fail(ENOMEM, err, errlen, "cannot be written (%s)", strerror(ENOMEM));
	int fd = create_temp(path, mode, tmp, n + 16);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return fail(e, err, errlen, "cannot be written (%s)", strerror(e));
	}
	int rc = write_all(fd, data, len) == 0 && fsync(fd) == 0 ? 0 : -1;
	int e = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		e = errno;
	}
	if (rc != 0) {
		unlink(tmp);
		free(tmp);
		return fail(e, err, errlen, "cannot be written (%s)", strerror(e));
	}
	free(tmp);
	if (sync_dir(path) != 0)
		return fail(errno, err, errlen, "was written but not synced to disk (%s)", strerror(errno));
	return 0;
}
