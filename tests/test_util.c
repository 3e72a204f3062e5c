/* test_util.c - allocation, strings and the error vocabulary. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	test_sbuf();
	test_errors();
	test_ids();
	test_time();
	return check_done();
}
