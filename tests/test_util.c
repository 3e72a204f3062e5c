/* test_util.c - allocation, strings and the error vocabulary. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "luoshi/spool.h"
#include "luoshi/utf8.h"
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

/* ---- the JSON escaper ---- */

static int hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
			: c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return 0;
		*v = *v * 16 + (unsigned)d;
	}
	return 1;
}

/* A JSON string literal read back as RFC 8259 reads it (our own reader,
 * not the escaper's code): the UTF-8 it stands for, or NULL when j is not
 * one valid string literal in valid UTF-8. */
static char *json_unquote(const char *j)
{
	size_t n = strlen(j);
	if (n < 2 || j[0] != '"' || j[n - 1] != '"' || utf8_check(j, n) != (size_t)-1)
		return NULL;
	struct sbuf b = SBUF_INIT;
	sbuf_grow(&b, n);
	const char *p = j + 1, *end = j + n - 1;
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == '"')
			goto bad; /* a raw control or an unescaped quote */
		if (c != '\\') {
			sbuf_addc(&b, *p++);
			continue;
		}
		if (++p >= end)
			goto bad;
		const char *esc = strchr("\"\\/bfnrt", *p);
		if (esc) {
			sbuf_addc(&b, "\"\\/\b\f\n\r\t"[esc - "\"\\/bfnrt"]);
			p++;
			continue;
		}
		unsigned v, lo;
		if (*p != 'u' || end - p < 5 || !hex4(p + 1, &v))
			goto bad;
		p += 5;
		if (v >= 0xD800 && v <= 0xDBFF) { /* a pair, or invalid */
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &lo) ||
			    lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
			p += 6;
		} else if (v >= 0xDC00 && v <= 0xDFFF) {
			goto bad;
		}
		char u[4];
		sbuf_add(&b, u, utf8_encode(v, u));
	}
	return sbuf_detach(&b);
bad:
	sbuf_free(&b);
	return NULL;
}

static char *json_of(const char *s)
{
	struct sbuf b = SBUF_INIT;
	sbuf_add_json(&b, s);
	return sbuf_detach(&b);
}

/* s with each invalid byte replaced by U+FFFD: what the escaper promises
 * a reader gets back */
static char *repaired(const char *s, size_t n)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (len == 1 && cp == 0xFFFD)
			sbuf_adds(&b, "\xEF\xBF\xBD");
		else
			sbuf_add(&b, s + i, len);
		i += len;
	}
	return sbuf_detach(&b);
}

/* 1 when s's JSON is one valid literal (no raw control in it) that reads
 * back as s with its invalid bytes repaired */
static int json_round_ok(const char *s)
{
	char *j = json_of(s), *back = json_unquote(j), *want = repaired(s, strlen(s));
	int ok = back && strcmp(back, want) == 0 && !strchr(j, 0x7F);
	static int told;
	if (!ok && told++ < 5)
		fprintf(stderr, "# not read back: %s\n", j);
	free(j);
	free(back);
	free(want);
	return ok;
}

static void test_json(void)
{
	char *j = json_of(NULL);
	CHECK_STR(j, "null");
	free(j);
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"", "\"\""},
		{"通知 a\"b\\c", "\"通知 a\\\"b\\\\c\""},
		{"x\ny\tz", "\"x\\ny\\tz\""},
		{"\x1B[31m\r\x01\x7F", "\"\\u001B[31m\\u000D\\u0001\\u007F\""},
		{"\xC2\x9B" "c1", "\"\\u009Bc1\""},                /* C1 CSI */
		{"\xE2\x80\xAE" "evil\xE2\x80\xA8", "\"\\u202Eevil\\u2028\""}, /* bidi, LS */
		{"\xF3\xA0\x80\x81" "tag", "\"\xF3\xA0\x80\x81" "tag\""}, /* U+E0001: as it is */
		{"a\xFF" "b\xC3", "\"a\\uFFFDb\\uFFFD\""},         /* invalid, truncated */
		{"\xED\xA0\x80", "\"\\uFFFD\\uFFFD\\uFFFD\""},     /* an encoded surrogate */
		{"\xC0\xAF", "\"\\uFFFD\\uFFFD\""},                /* overlong / */
		{"\xEF\xBF\xBD" "😀", "\"\xEF\xBF\xBD😀\""},       /* kept as they are */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		j = json_of(cases[i].in);
		CHECK_STR(j, cases[i].out);
		free(j);
		CHECK(json_round_ok(cases[i].in));
	}
	/* every byte alone, and random bytes: always one valid literal that
	 * reads back as the input with invalid bytes repaired */
	char one[2] = {0, 0};
	int bad = 0;
	for (int c = 1; c < 256; c++) {
		one[0] = (char)c;
		bad += !json_round_ok(one);
	}
	CHECK_INT(bad, 0);
	unsigned seed = 12345;
	char buf[33];
	for (int k = 0; k < 2000; k++) {
		size_t n = 0;
		while (n < sizeof buf - 1) {
			seed = seed * 1103515245u + 12345u;
			char c = (char)(seed >> 16);
			if (c)
				buf[n++] = c;
			if ((seed >> 8) % 29 == 0)
				break;
		}
		buf[n] = '\0';
		bad += !json_round_ok(buf);
	}
	CHECK_INT(bad, 0);
}

/* the spool: records of many buckets, put interleaved, come back each
 * bucket's in the order put, through blocks in the temporary file (a
 * bucket's block is at most 8 KiB) and the block still in memory */
struct spool_seen {
	size_t bucket, next, bad, n;
};

static int spool_check(const char *rec, size_t len, void *ctx)
{
	struct spool_seen *s = ctx;
	char want[64];
	int w = snprintf(want, sizeof want, "%zu:%zu", s->bucket, s->next);
	/* every 100th record is long: more than a block on its own */
	size_t wl = s->next % 100 == 99 ? 20000 : (size_t)w;
	if (len != wl || memcmp(rec, want, (size_t)w) != 0)
		s->bad++;
	s->next++;
	return ++s->n == 1234; /* stop where asked */
}

static void test_spool(void)
{
	enum { BUCKETS = 5, EACH = 3000 };
	struct spool *sp = spool_new(BUCKETS);
	char *big = xcalloc(1, 20000);
	enum lu_status st = LU_OK;
	for (size_t i = 0; i < EACH && st == LU_OK; i++)
		for (size_t b = BUCKETS; b-- > 0 && st == LU_OK;) {
			if (b == 2)
				continue; /* a bucket left empty */
			char rec[64];
			int w = snprintf(rec, sizeof rec, "%zu:%zu", b, i);
			memcpy(big, rec, (size_t)w);
			st = i % 100 == 99 ? spool_add(sp, b, big, 20000)
					   : spool_add(sp, b, rec, (size_t)w);
		}
	CHECK_INT(st, LU_OK);
	for (size_t b = 0; b < BUCKETS; b++) {
		struct spool_seen seen = {b, 0, 0, b == 3 ? 0 : 5000};
		int stopped = 0;
		CHECK_INT(spool_each(sp, b, spool_check, &seen, &stopped), LU_OK);
		CHECK_INT(seen.bad, 0);
		CHECK_INT(seen.next, b == 2 ? 0 : b == 3 ? 1234 : EACH);
		CHECK_INT(stopped, b == 3);
	}
	free(big);
	spool_free(sp);
}

int main(void)
{
	test_sbuf();
	test_errors();
	test_ids();
	test_time();
	test_read_file();
	test_json();
	test_spool();
	return check_done();
}
