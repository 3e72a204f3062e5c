/* test_import.c - import_doubt (issue 7, case 5): text with no structure
 * or that looks like mojibake is told apart from real documents, and
 * import --strict (IMPORT_STRICT) refuses it with nothing written. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "pg_test.h"
#include "luoshi/enc.h"
#include "luoshi/import.h"
#include "luoshi/parse.h"
#include "luoshi/seed.h"
#include "luoshi/utf8.h"

static char tmpdir[64];

/* import_doubt of text with its parse (the way import does it). */
static char *doubt_of(const char *text, size_t len)
{
	struct pdoc doc;
	memset(&doc, 0, sizeof doc);
	char *why = NULL;
	if (parse_document(text, len, &doc) == LU_OK)
		why = import_doubt(text, len, &doc);
	else
		why = xstrdup("(parse failed)");
	pdoc_free(&doc);
	return why;
}

static void check_doubt(const char *what, const char *text, size_t len, const char *want)
{
	char *why = doubt_of(text, len);
	int ok = want ? why && strstr(why, want) : !why;
	if (!ok)
		printf("# %s: got [%s], want [%s]\n", what, why ? why : "(none)",
		       want ? want : "(none)");
	check_report(ok, what, __FILE__, __LINE__);
	free(why);
}

/* A little pseudo-random generator of our own: the same on every libc. */
static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

/* Headings and sentences of random CJK ideographs: structure, but none of
 * the words real Chinese is made of. */
static char *random_han(size_t sentences)
{
	struct sbuf b = SBUF_INIT;
	char u[4];
	for (size_t i = 0; i < sentences; i++) {
		if (i % 20 == 0)
			sbuf_addf(&b, "%zu.", i / 20 + 1);
		for (int k = 0; k < 30; k++)
			sbuf_add(&b, u, utf8_encode(0x4E00 + rnd() % (0x9FA5 - 0x4E00), u));
		sbuf_adds(&b, "。\n");
	}
	return sbuf_detach(&b);
}

static void test_doubt(void)
{
	size_t len;
	const char *seed = (const char *)seed_bytes(&len);
	check_doubt("the bundled document is not doubted", seed, len, NULL);

	const char *small = "关于做好工作的通知\n一、总体要求\n1.加强学习。\n";
	check_doubt("a short document with structure is not doubted", small, strlen(small), NULL);
	const char *notice = "关于放假的通知\n各单位：经研究，决定放假一天。特此通知。\n";
	check_doubt("a notice with no numbered structure: no structure", notice, strlen(notice),
		    "no structure was found");
	/* the same with its 文号 read: a real document of a kind that has no
	 * numbered parts (决定, 批复, 任免), not doubted */
	const char *numbered = "国务院办公厅关于放假的通知\n国办发〔2026〕7号\n各单位：\n"
			       "经研究，决定放假一天。\n国务院办公厅\n2026年1月5日\n";
	check_doubt("a notice with its 文号 and no numbered parts: not doubted", numbered,
		    strlen(numbered), NULL);

	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < 100000; i++)
		sbuf_adds(&b, "a\n");
	check_doubt("lines of \"a\": no structure", b.s, b.len, "no structure was found");
	check_doubt("lines of \"a\": and no Chinese", b.s, b.len, "no Chinese text");
	sbuf_free(&b);

	char *han = random_han(400);
	check_doubt("random ideographs: the common words are missing", han, strlen(han),
		    "the commonest Chinese words (的、是、在、和…) are almost absent");
	char *why = doubt_of(han, strlen(han));
	CHECK(why && !strstr(why, "no structure")); /* it has structure: only the words */
	free(why);
	free(han);

	/* the seed's UTF-8 bytes read as UTF-16LE (what --encoding UTF-16 did) */
	char *text = NULL;
	size_t tlen = 0, bad = 0;
	CHECK_INT(enc_to_utf8("UTF-16LE", (const unsigned char *)seed, len & ~(size_t)1, &text,
			      &tlen, &bad),
		  LU_OK);
	if (text)
		check_doubt("UTF-8 read as UTF-16: unusual characters", text, tlen,
			    "are ones Chinese documents do not use");
	free(text);

	/* private-use characters among real text */
	struct sbuf p = SBUF_INIT;
	char u[4];
	sbuf_adds(&p, "一、总体要求\n");
	for (int i = 0; i < 100; i++) {
		sbuf_adds(&p, "要做好的工作");
		sbuf_add(&p, u, utf8_encode(0xE000 + (uint32_t)i, u));
	}
	check_doubt("private-use characters: unusual", p.s, p.len, "14% of its characters");
	sbuf_free(&p);
}

static char *write_file(const char *name, const char *text, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(text, 1, len, f);
		fclose(f);
	}
	return path;
}

static int ndocs(struct db *db)
{
	struct db_doc *d = NULL;
	size_t n = 0;
	if (db_docs(db, &d, &n) != LU_OK)
		return -1;
	db_docs_free(d, n);
	return (int)n;
}

static void test_strict(void)
{
	/* LUOSHI_TEST_DB=postgresql: a database of its own on the server */
	char *dbpath = pgt_mode() ? pgt_fresh() : xasprintf("%s/s.db", tmpdir);
	struct db *db = NULL;
	if (!CHECK(dbpath != NULL))
		return;
	if (!CHECK_INT(db_open(dbpath, 0, &db), LU_OK))
		return;
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < 1000; i++)
		sbuf_adds(&b, "a\n");
	char *path = write_file("aaa.txt", b.s, b.len);
	sbuf_free(&b);
	char enc[ENC_NAME_MAX];
	struct db_import_result res;
	char *doubt = (char *)"untouched";
	CHECK_INT(import_file(db, path, FMT_AUTO, NULL, IMPORT_STRICT, enc, &res, &doubt), LU_ERR);
	CHECK(doubt == NULL);
	CHECK(strstr(lu_errmsg(), path) != NULL);
	CHECK(strstr(lu_errmsg(), "was not imported: no structure was found") != NULL);
	CHECK(strstr(lu_errmsg(), "nothing was written") != NULL);
	CHECK(strchr(lu_errmsg(), '\n') == NULL);
	CHECK_INT(ndocs(db), 0);
	CHECK_INT(import_file(db, path, FMT_AUTO, NULL, 0, enc, &res, &doubt), LU_OK);
	CHECK(doubt && strstr(doubt, "no Chinese text"));
	free(doubt);
	CHECK_INT(ndocs(db), 1);
	size_t len;
	const char *seed = (const char *)seed_bytes(&len);
	char *good = write_file("good.txt", seed, len);
	doubt = NULL;
	CHECK_INT(import_file(db, good, FMT_AUTO, NULL, IMPORT_STRICT, enc, &res, &doubt), LU_OK);
	CHECK(doubt == NULL);
	CHECK_INT(ndocs(db), 2);
	db_close(db);
	free(good);
	free(path);
	free(dbpath);
}

int main(int argc, char **argv)
{
	(void)argc;
	if (pgt_mode())
		pgt_ensure(argv);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/luoshi-test-import-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_doubt();
	test_strict();
	char *rm = xasprintf("rm -rf '%s'", tmpdir);
	if (system(rm) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(rm);
	return check_done();
}
