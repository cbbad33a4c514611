/* test_fileio.c - src/util/fileio: what is read must be a regular file (a
 * FIFO returns at once, a directory and, when asked, a symbolic link are
 * refused, each with its own phrase), whole files are read exactly and
 * capped; an atomic write makes a new inode with the umask's mode, replaces
 * a link instead of following it, fails on a directory or a missing one
 * with errno and a phrase, and leaves no temporary file either way. */
#include "check.h"
#include "util/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/deadrelu-fileio-XXXXXX";

static const char *at(const char *base)
{
	static char buf[4][4096];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, base);
	return buf[i];
}

static void put(const char *base, const char *bytes, size_t len)
{
	FILE *f = fopen(at(base), "wb");
	if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
		printf("FAIL setup: cannot write %s\n", at(base));
		exit(1);
	}
}

static int same_bytes(const char *base, const char *want, size_t n)
{
	char buf[256];
	FILE *f = fopen(at(base), "rb");
	if (!f)
		return 0;
	size_t k = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return k == n && !memcmp(buf, want, n);
}

/* Entries of the test directory whose names start with '.', other than
 * . and .. (the temporary files of an atomic write). */
static int hidden_files(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "FAIL fileio/no_block: a call blocked for 5 s\n";
	if (write(1, msg, sizeof msg - 1) < 0)
		_exit(2);
	_exit(1);
}

static void test_open(void)
{
	char err[256];
	put("plain", "abc", 3);
	int fd = fileio_open_regular(at("plain"), 0, err, sizeof err);
	char buf[8] = {0};
	CHECK("fileio/open.regular", fd >= 0 && read(fd, buf, sizeof buf) == 3 && !strcmp(buf, "abc"), "fd %d: %s", fd, err);
	CHECK("fileio/open.blocking", fd >= 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK), "the descriptor is left O_NONBLOCK");
	CHECK("fileio/open.cloexec", fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC), "the descriptor is not close-on-exec");
	if (fd >= 0)
		close(fd);

	mkfifo(at("fifo"), 0600);
	alarm(5);
	errno = 0;
	fd = fileio_open_regular(at("fifo"), 0, err, sizeof err);
	alarm(0);
	CHECK("fileio/open.fifo", fd == -1 && errno != ENOENT && !strcmp(err, "is a FIFO, not a regular file"),
	      "fd %d errno %d '%s'", fd, errno, err);

	mkdir(at("dir"), 0700);
	fd = fileio_open_regular(at("dir"), 0, err, sizeof err);
	CHECK("fileio/open.dir", fd == -1 && errno == EISDIR && !strcmp(err, "is a directory, not a regular file"),
	      "fd %d errno %d '%s'", fd, errno, err);

	fd = fileio_open_regular(at("missing"), 0, err, sizeof err);
	CHECK("fileio/open.missing", fd == -1 && errno == ENOENT && strstr(err, "cannot be read (") != NULL,
	      "fd %d errno %d '%s'", fd, errno, err);

	symlink("plain", at("link"));
	fd = fileio_open_regular(at("link"), 0, err, sizeof err);
	CHECK("fileio/open.link_followed", fd >= 0, "a link to a regular file is refused without FILEIO_NOFOLLOW: %s", err);
	if (fd >= 0)
		close(fd);
	fd = fileio_open_regular(at("link"), FILEIO_NOFOLLOW, err, sizeof err);
	CHECK("fileio/open.link_refused", fd == -1 && errno != ENOENT && !strcmp(err, "is a symbolic link, not a regular file"),
	      "fd %d errno %d '%s'", fd, errno, err);
	symlink("fifo", at("link-fifo"));
	alarm(5);
	fd = fileio_open_regular(at("link-fifo"), 0, err, sizeof err);
	alarm(0);
	CHECK("fileio/open.link_to_fifo", fd == -1 && !strcmp(err, "is a FIFO, not a regular file"), "fd %d '%s'", fd, err);
	symlink("nowhere", at("dangling"));
	fd = fileio_open_regular(at("dangling"), FILEIO_NOFOLLOW, err, sizeof err);
	CHECK("fileio/open.dangling_refused", fd == -1 && errno != ENOENT && strstr(err, "symbolic link") != NULL,
	      "a dangling link with FILEIO_NOFOLLOW: fd %d errno %d '%s'", fd, errno, err);
	fd = fileio_open_regular(at("dangling"), 0, err, sizeof err);
	CHECK("fileio/open.dangling_missing", fd == -1 && errno == ENOENT, "a dangling link followed: fd %d errno %d", fd, errno);
}

static void test_read(void)
{
	char err[256], *data = NULL;
	size_t len = 99;
	put("bytes", "a\0b\nc", 5);
	int rc = fileio_read_regular(at("bytes"), 0, 100, &data, &len, err, sizeof err);
	CHECK("fileio/read.exact", rc == 0 && len == 5 && !memcmp(data, "a\0b\nc", 5) && data[5] == 0, "rc %d len %zu: %s", rc,
	      len, err);
	free(data);

	put("empty", "", 0);
	rc = fileio_read_regular(at("empty"), 0, 100, &data, &len, err, sizeof err);
	CHECK("fileio/read.empty", rc == 0 && len == 0 && data && data[0] == 0, "rc %d len %zu: %s", rc, len, err);
	free(data);

	static char big[10000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	put("big", big, sizeof big);
	rc = fileio_read_regular(at("big"), 0, sizeof big, &data, &len, err, sizeof err);
	CHECK("fileio/read.grows", rc == 0 && len == sizeof big && !memcmp(data, big, sizeof big), "rc %d len %zu: %s", rc, len,
	      err);
	free(data);
	rc = fileio_read_regular(at("big"), 0, sizeof big - 1, &data, &len, err, sizeof err);
	CHECK("fileio/read.cap", rc == -1 && errno == EFBIG && data == NULL && strstr(err, "is larger than 9999 bytes"),
	      "rc %d errno %d '%s'", rc, errno, err);

	alarm(5);
	rc = fileio_read_regular(at("fifo"), FILEIO_NOFOLLOW, 100, &data, &len, err, sizeof err);
	alarm(0);
	CHECK("fileio/read.fifo", rc == -1 && data == NULL && !strcmp(err, "is a FIFO, not a regular file"), "rc %d '%s'", rc, err);
	rc = fileio_read_regular(at("missing"), 0, 100, &data, &len, err, sizeof err);
	CHECK("fileio/read.missing", rc == -1 && errno == ENOENT && data == NULL, "rc %d errno %d", rc, errno);
}

static void test_write(void)
{
	char err[256];
	struct stat st, before;
	umask(022);
	int rc = fileio_write_atomic(at("new.csv"), "x,y\n", 4, 0666, err, sizeof err);
	CHECK("fileio/write.new", rc == 0 && same_bytes("new.csv", "x,y\n", 4), "rc %d: %s", rc, err);
	CHECK("fileio/write.mode_0666", stat(at("new.csv"), &st) == 0 && (st.st_mode & 07777) == 0644, "mode %o under umask 022",
	      (unsigned)(st.st_mode & 07777));
	umask(077);
	rc = fileio_write_atomic(at("private"), "h\n", 2, 0666, err, sizeof err);
	CHECK("fileio/write.mode_umask", rc == 0 && stat(at("private"), &st) == 0 && (st.st_mode & 07777) == 0600,
	      "mode %o under umask 077", (unsigned)(st.st_mode & 07777));
	umask(0);
	rc = fileio_write_atomic(at("history"), "h\n", 2, 0600, err, sizeof err);
	CHECK("fileio/write.mode_0600", rc == 0 && stat(at("history"), &st) == 0 && (st.st_mode & 07777) == 0600,
	      "mode %o for 0600 under umask 0", (unsigned)(st.st_mode & 07777));
	umask(022);

	stat(at("new.csv"), &before);
	rc = fileio_write_atomic(at("new.csv"), "z\n", 2, 0666, err, sizeof err);
	CHECK("fileio/write.replace", rc == 0 && same_bytes("new.csv", "z\n", 2) && stat(at("new.csv"), &st) == 0 &&
				       st.st_ino != before.st_ino,
	      "rc %d: the file was not replaced by a new one (%s)", rc, err);

	put("victim", "keep", 4);
	symlink("victim", at("out.json"));
	rc = fileio_write_atomic(at("out.json"), "{}\n", 3, 0666, err, sizeof err);
	CHECK("fileio/write.link_replaced", rc == 0 && lstat(at("out.json"), &st) == 0 && S_ISREG(st.st_mode) &&
					     same_bytes("out.json", "{}\n", 3),
	      "rc %d: the link at the target is still there (%s)", rc, err);
	CHECK("fileio/write.link_victim", same_bytes("victim", "keep", 4), "the file the link pointed to changed");

	rc = fileio_write_atomic(at("dir"), "x", 1, 0666, err, sizeof err);
	CHECK("fileio/write.dir", rc == -1 && errno == EISDIR && !strcmp(err, "is a directory"), "rc %d errno %d '%s'", rc, errno,
	      err);
	rc = fileio_write_atomic(at("trailing/"), "x", 1, 0666, err, sizeof err);
	CHECK("fileio/write.trailing_slash", rc == -1 && errno == EISDIR, "rc %d errno %d '%s'", rc, errno, err);
	rc = fileio_write_atomic(at("nodir/out.csv"), "x", 1, 0666, err, sizeof err);
	CHECK("fileio/write.missing_dir", rc == -1 && errno == ENOENT && !strcmp(err, "cannot be written (No such file or directory)"),
	      "rc %d errno %d '%s'", rc, errno, err);
	rc = fileio_write_atomic(at("plain/out.csv"), "x", 1, 0666, err, sizeof err);
	CHECK("fileio/write.under_file", rc == -1 && errno == ENOTDIR && !strcmp(err, "cannot be written (Not a directory)"),
	      "rc %d errno %d '%s'", rc, errno, err);
	mkdir(at("full.csv"), 0700);
	put("full.csv/x", "x", 1); /* a directory that is not empty: rename fails too */
	rc = fileio_write_atomic(at("full.csv"), "x", 1, 0666, err, sizeof err);
	CHECK("fileio/write.nonempty_dir", rc == -1 && errno == EISDIR, "rc %d errno %d '%s'", rc, errno, err);

	/* A name near NAME_MAX still gets a temporary name beside it. */
	char longname[256];
	memset(longname, 'n', 250);
	strcpy(longname + 250, ".csv");
	rc = fileio_write_atomic(at(longname), "l\n", 2, 0666, err, sizeof err);
	CHECK("fileio/write.long_name", rc == 0 && same_bytes(longname, "l\n", 2), "rc %d: %s", rc, err);

	/* A relative name: the temporary file is made in the current directory. */
	char cwd[4096];
	if (getcwd(cwd, sizeof cwd) && chdir(dir) == 0) {
		rc = fileio_write_atomic("rel.csv", "r\n", 2, 0666, err, sizeof err);
		CHECK("fileio/write.relative", rc == 0 && same_bytes("rel.csv", "r\n", 2), "rc %d: %s", rc, err);
		if (chdir(cwd) != 0)
			exit(1);
	}
	CHECK("fileio/write.no_temp_files", hidden_files() == 0, "%d temporary files left in %s", hidden_files(), dir);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	if (!mkdtemp(dir)) {
		printf("FAIL setup: mkdtemp\n");
		return 1;
	}
	test_open();
	test_read();
	test_write();
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("FAIL cleanup: %s\n", cmd);
	CHECK_DONE();
}
