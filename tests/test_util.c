/* test_util.c - allocation, strings and the error vocabulary. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "luoshi/util.h"

static void test_sbuf(void)
{
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < 1000; i++)
		sbuf_addf(&b, "%d,", i);
	CHECK(b.len > 1000);
	CHECK(strncmp(b.s, "0,1,2,", 6) == 0);
	CHECK(strcmp(b.s + b.len - 4, "999,") == 0);
	sbuf_reset(&b);
	CHECK_INT(b.len, 0);
	CHECK_STR(b.s, "");
	sbuf_adds(&b, "主题");
	char *s = sbuf_detach(&b);
	CHECK_STR(s, "主题");
	CHECK(b.s == NULL);
	free(s);
	s = sbuf_detach(&b);
	CHECK_STR(s, "");
	free(s);
	sbuf_grow(&b, 100); /* grown but empty: still a valid string */
	s = sbuf_detach(&b);
	CHECK_STR(s, "");
	free(s);
}

static void test_errors(void)
{
	enum lu_status st = lu_error(LU_NOTFOUND, "no task %d", 42);
	CHECK_INT(st, LU_NOTFOUND);
	CHECK_STR(lu_errmsg(), "no task 42");
	CHECK_STR(lu_status_name(LU_CONFLICT), "changed by someone else");
	CHECK_STR(lu_status_name((enum lu_status)999), "unknown error");
}

static void test_ids(void)
{
	long long id = -1;
	CHECK_INT(lu_parse_id("12", &id), 0);
	CHECK_INT(id, 12);
	CHECK(lu_parse_id("", &id) != 0);
	CHECK(lu_parse_id("1x", &id) != 0);
	CHECK(lu_parse_id("-3", &id) != 0);
	CHECK(lu_parse_id("99999999999999999999999", &id) != 0);
}

static void test_time(void)
{
	char d[11], t[17];
	setenv("TZ", "UTC", 1);
	setenv("LUOSHI_NOW", "1700000000", 1);
	CHECK_INT(lu_now(), 1700000000);
	lu_today(d);
	CHECK_STR(d, "2023-11-14");
	lu_format_time(1700000000, t);
	CHECK_STR(t, "2023-11-14 22:13");
}

/* lu_read_file refuses what it must not read whole; the message names the file. */
static void check_read_refused(const char *path, const char *frag)
{
	char *data = NULL;
	size_t len = 0;
	printf("# read %s\n", path);
	lu_error_clear();
	CHECK_INT(lu_read_file(path, &data, &len), LU_IO);
	if (!CHECK_MSG(strstr(lu_errmsg(), frag) && strstr(lu_errmsg(), path), frag))
		printf("# message was: %s\n", lu_errmsg());
	CHECK(data == NULL);
}

static void test_read_file(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/luoshi-util-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot make a temporary directory\n");
		exit(1);
	}
	char *file = xasprintf("%s/text", dir), *fifo = xasprintf("%s/fifo", dir);
	char *big = xasprintf("%s/big", dir), *missing = xasprintf("%s/missing", dir);
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, "a\0b", 3) == 3 && close(fd) == 0);
	char *data = NULL;
	size_t len = 0;
	CHECK_INT(lu_read_file(file, &data, &len), LU_OK);
	CHECK_INT(len, 3);
	CHECK(data && memcmp(data, "a\0b", 4) == 0); /* NUL-terminated too */
	free(data);

	/* one byte over 1 GiB, sparse: refused by its size, never read */
	fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && ftruncate(fd, (off_t)(1 << 30) + 1) == 0 && close(fd) == 0);
	check_read_refused(big, "is too large to import (1025 MB; the limit is 1024 MB)");

	/* a FIFO without a writer would block; /dev/zero never ends */
	CHECK(mkfifo(fifo, 0600) == 0);
	check_read_refused(fifo, "is not a regular file");
	if (access("/dev/zero", R_OK) == 0)
		check_read_refused("/dev/zero", "/dev/zero is not a regular file");
	check_read_refused(dir, "is a directory, not a text file");
	check_read_refused(missing, "cannot open");

	unlink(file);
	unlink(fifo);
	unlink(big);
	rmdir(dir);
	free(file);
	free(fifo);
	free(big);
	free(missing);
	free(dir);
}

int main(void)
{
	test_sbuf();
	test_errors();
	test_ids();
	test_time();
	test_read_file();
	return check_done();
}
