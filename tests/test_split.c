/* test_split.c - a file of many documents (split.h) and the streaming
 * reader (enc_reader_*): a file of one document comes out whole and byte
 * for byte; a compilation comes out as its documents; the reader gives
 * what enc_read_file gives, and refuses what it refuses, in chunks. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "luoshi/enc.h"
#include "luoshi/split.h"
#include "luoshi/util.h"

static char tmpdir[64];

struct docs {
	char *text[64];
	size_t len[64];
	int more[64];
	int n;
};

static void take_all(struct split *s, struct docs *d)
{
	char *t;
	size_t len;
	int more;
	while (d->n < 64 && split_take(s, &t, &len, &more)) {
		d->text[d->n] = t;
		d->more[d->n] = more;
		d->len[d->n++] = len;
	}
}

/* Split text fed in pieces of `piece` bytes (0: all at once). */
static void split_text(const char *text, size_t n, size_t piece, struct docs *d)
{
	struct split s;
	memset(d, 0, sizeof *d);
	split_init(&s);
	for (size_t i = 0; i < n;) {
		size_t k = piece && n - i > piece ? piece : n - i;
		split_feed(&s, text + i, k);
		take_all(&s, d);
		i += k;
	}
	split_finish(&s);
	take_all(&s, d);
	split_free(&s);
}

static void docs_free(struct docs *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->text[i]);
}

static char *slurp(const char *path, size_t *n)
{
	char *data;
	if (lu_read_file(path, &data, n) != LU_OK)
		return NULL;
	return data;
}

/* Every document of the corpus is one document, byte for byte, whole or
 * fed in small pieces. */
static void check_corpus_dir(const char *dir, char **keep, size_t *keep_len, int *nkeep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".txt"))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name), *text;
		size_t n;
		if (!(text = slurp(path, &n))) {
			CHECK_MSG(0, path);
			free(path);
			continue;
		}
		for (size_t piece = 0; piece <= 7; piece += 7) {
			struct docs got;
			split_text(text, n, piece, &got);
			int ok = got.n == 1 && got.len[0] == n && memcmp(got.text[0], text, n) == 0;
			if (!ok)
				printf("# %s (pieces of %zu): %d documents\n", path, piece, got.n);
			CHECK_MSG(ok, "a corpus document is one document, byte for byte");
			docs_free(&got);
		}
		if (*nkeep < 8 && n > 2000 && text[n - 1] == '\n') {
			keep[*nkeep] = text;
			keep_len[(*nkeep)++] = n;
		} else {
			free(text);
		}
		free(path);
	}
	if (d)
		closedir(d);
	CHECK_MSG(d != NULL, dir);
}

/* Real documents one after another, with blank lines or a form feed
 * between them: each comes out as it was in its own file. */
static void check_compilation(char **docs, size_t *lens, int n)
{
	static const char *const seps[] = {"", "\n\n", "\f", "\n\f\n"};
	for (size_t k = 0; k < ARRAY_SIZE(seps); k++) {
		struct sbuf all = SBUF_INIT;
		for (int i = 0; i < n; i++) {
			if (i)
				sbuf_adds(&all, seps[k]);
			sbuf_add(&all, docs[i], lens[i]);
		}
		struct docs got;
		split_text(all.s, all.len, 4093, &got);
		int ok = got.n == n;
		for (int i = 0; ok && i < n; i++)
			ok = got.len[i] == lens[i] && memcmp(got.text[i], docs[i], lens[i]) == 0 &&
			     got.more[i] == (i < n - 1);
		if (!ok)
			printf("# separator %zu: %d documents of %d\n", k, got.n, n);
		for (int i = 0; !ok && i < got.n; i++)
			printf("#  %d: %.60s\n", i, got.text[i]);
		CHECK_MSG(ok, "a compilation of real documents gives each back as it was");
		docs_free(&got);
		sbuf_free(&all);
	}
}

static int count_docs(const char *text)
{
	struct docs got;
	split_text(text, strlen(text), 0, &got);
	int n = got.n;
	docs_free(&got);
	return n;
}

static const char outer[] = "某某市人民政府办公室关于印发某某工作方案的通知\n"
			    "某政办发〔2024〕3号\n"
			    "各区人民政府：\n"
			    "《某某工作方案》已经市政府同意，现印发给你们，请认真贯彻执行。\n"
			    "某某市人民政府办公室\n"
			    "2024年3月1日\n"
			    "（此件公开发布）\n\n";
static const char inner[] = "某某工作方案\n"
			    "（2024年3月1日）\n"
			    "一、总体要求\n"
			    "各区要每年开展一次检查。\n";

/* What must not split, and what must. */
static void check_rules(void)
{
	char *s = xasprintf("%s%s", outer, inner);
	CHECK_INT(count_docs(s), 1); /* the notice issues the plan: quoted in 《》 */
	free(s);
	char *unquoted = xstrdup(outer);
	memcpy(strstr(unquoted, "《"), "〈", strlen("〈"));
	s = xasprintf("%s%s", unquoted, inner);
	CHECK_INT(count_docs(s), 2); /* not quoted: a document of its own */
	free(s);
	free(unquoted);
	/* another document after a signature and date */
	const char *other = "某某县人民政府关于加强安全生产工作的通知\n"
			    "某政发〔2024〕8号\n"
			    "各乡镇：\n一、要求\n各乡镇要每月检查。\n";
	s = xasprintf("%s%s", outer, other);
	CHECK_INT(count_docs(s), 2);
	free(s);
	/* no date or form feed before it: the end of a document is not told */
	const char *body = "关于某事的通知\n某发〔2024〕1号\n一、要求\n各单位要每月检查。\n"
			   "各单位要把落实本方案作为重要任务。\n";
	s = xasprintf("%s%s", body, other);
	CHECK_INT(count_docs(s), 1);
	free(s);
	s = xasprintf("%s\f%s", body, other);
	CHECK_INT(count_docs(s), 2);
	free(s);
	/* a form feed before a line that is not a title block: pages */
	s = xasprintf("%s\f二、措施\n各单位要每年总结。\n", body);
	CHECK_INT(count_docs(s), 1);
	free(s);
	/* a title in several lines with blank lines between them */
	s = xasprintf("%s\n\n某某县人民政府关于加强\n\n安全生产工作的通知\n\n某政发〔2024〕9号\n"
		      "一、要求\n各乡镇要每月检查。\n",
		      outer);
	CHECK_INT(count_docs(s), 2);
	free(s);
	/* a place whose name starts with a numeral, a year, an order (令) */
	const char *const titled[] = {
		"四川省人民政府办公厅关于印发文化体制改革中\n经营性文化事业单位转制为企业的通知\n"
		"川政办发〔2010〕23号\n一、要求\n各地要每月检查。\n",
		"三明市人民政府关于加强安全生产工作的通知\n明政〔2024〕2号\n各县：\n",
		"2024年全市安全生产工作要点\n（2024年2月1日）\n一、要求\n",
		"中华人民共和国国务院令\n第707号\n现公布修订后的《某某条例》，自公布之日起施行。\n"};
	for (size_t i = 0; i < ARRAY_SIZE(titled); i++) {
		s = xasprintf("%s%s", outer, titled[i]);
		CHECKF(count_docs(s) == 2, "a new document starts at %.24s", titled[i]);
		free(s);
	}
	/* a list item is no title, whatever follows it */
	s = xasprintf("%s一、关于加强工作的通知\n某发〔2024〕1号\n", outer);
	CHECK_INT(count_docs(s), 1);
	free(s);
	/* a date under a title, as gen.awk and 中共中央 documents have it */
	s = xasprintf("%s\f关于第2批重点任务落实工作的实施方案\n（2026年1月3日）\n\n为推动…\n", body);
	CHECK_INT(count_docs(s), 2);
	free(s);
	/* the first document's own header is never cut off */
	CHECK_INT(count_docs("2024年3月1日\n关于某事的通知\n某发〔2024〕1号\n一、要求\n各单位要检查。\n"), 1);
}

static char *write_tmp(const char *name, const char *data, size_t n)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(data, 1, n, f);
		fclose(f);
	}
	return path;
}

/* The reader's text and verdict against enc_read_file's. */
static void check_reader(const char *what, const char *path, const char *force)
{
	char name[ENC_NAME_MAX] = "", *want = NULL;
	size_t wlen = 0;
	enum lu_status wst = enc_read_file(path, force, name, &want, &wlen);
	char *wmsg = xstrdup(wst == LU_OK ? "" : lu_errmsg());
	struct enc_reader *r = NULL;
	struct sbuf got = SBUF_INIT;
	enum lu_status st = enc_reader_open(path, force, &r);
	int eof = 0;
	while (st == LU_OK && !eof)
		st = enc_reader_next(r, &got, &eof);
	int ok = st == wst;
	if (ok && st == LU_OK)
		ok = got.len == wlen && memcmp(got.s, want, wlen) == 0 &&
		     strcmp(enc_reader_name(r), name) == 0 && enc_reader_pos(r) == enc_reader_size(r);
	else if (ok)
		ok = strcmp(lu_errmsg(), wmsg) == 0;
	if (!ok)
		printf("# %s: %d/%d [%s] vs [%s], %zu vs %zu bytes\n", what, st, wst,
		       st ? lu_errmsg() : "", wmsg, got.len, wlen);
	CHECK_MSG(ok, what);
	enc_reader_close(r);
	sbuf_free(&got);
	free(want);
	free(wmsg);
}

/* A few MB, so that detection sees only the start and chunks cut
 * characters: the same text as enc_read_file in every encoding. */
static void check_reader_big(const char *doc, size_t n)
{
	struct sbuf b = SBUF_INIT;
	while (b.len < (3u << 20))
		sbuf_add(&b, doc, n);
	static const char *const encs[] = {"GB18030", "UTF-16LE", "UTF-16BE"};
	char *path = write_tmp("big-utf8.txt", b.s, b.len);
	check_reader("3 MB of UTF-8 read in chunks", path, NULL);
	free(path);
	for (size_t i = 0; i < ARRAY_SIZE(encs); i++) {
		char *conv;
		size_t clen;
		if (enc_from_utf8(encs[i], b.s, b.len, &conv, &clen) != LU_OK)
			continue;
		path = write_tmp("big.txt", conv, clen);
		check_reader(encs[i], path, NULL);
		free(path);
		/* a bad byte far past the part detection looks at */
		conv[clen - 1000 - (clen % 2)] = (char)0xFF;
		conv[clen - 999 - (clen % 2)] = (char)0xFF;
		path = write_tmp("bad.txt", conv, clen);
		check_reader("a bad sequence after the first MB: the same sentence", path, NULL);
		free(path);
		free(conv);
	}
	/* ASCII for the first MB, then GBK: GB18030 as a whole */
	struct sbuf mix = SBUF_INIT;
	while (mix.len < (3u << 19))
		sbuf_adds(&mix, "abc def 123\n");
	sbuf_add(&mix, "\xB9\xD8\xD3\xDA\n", 5); /* 关于 */
	path = write_tmp("mix.txt", mix.s, mix.len);
	check_reader("ASCII for 1.5 MB, then GB18030", path, NULL);
	free(path);
	sbuf_free(&mix);
	sbuf_free(&b);
}

static void check_reader_small(void)
{
	static const struct {
		const char *what, *data;
		size_t n;
	} cases[] = {
		{"empty", "", 0},
		{"blank", " \n\n", 3},
		{"UTF-8 BOM", "\xEF\xBB\xBF关于\n", 10},
		{"UTF-16LE BOM", "\xFF\xFE\x73\x51\x8E\x4E\n\0", 8},
		{"GB18030", "\xB9\xD8\xD3\xDA\xCD\xA8\xD6\xAA\n", 9},
		{"truncated GB18030", "\xB9\xD8\xD3\xDA\xCD\xA8\xD6", 7},
		{"NUL in UTF-8", "ab\0cd", 5},
		{"UTF-16 with U+0000", "\xFF\xFE\x73\x51\0\0\x8E\x4E", 8},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *path = write_tmp("small.txt", cases[i].data, cases[i].n);
		check_reader(cases[i].what, path, NULL);
		free(path);
	}
	char *path = write_tmp("gbk.txt", "\xB9\xD8\xD3\xDA\n", 5);
	check_reader("forced GBK", path, "gbk");
	check_reader("forced UTF-8 on GBK", path, "utf-8");
	free(path);
	check_reader("a directory", tmpdir, NULL);
	path = xasprintf("%s/none", tmpdir);
	check_reader("no such file", path, NULL);
	free(path);
}

int main(void)
{
	const char *src = getenv("srcdir") ? getenv("srcdir") : ".";
	snprintf(tmpdir, sizeof tmpdir, "/tmp/luoshi-split.XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	char *keep[8];
	size_t keep_len[8];
	int nkeep = 0;
	const char *dirs[] = {"tests/corpus/gov-cn", "tests/own", "data"};
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		char *dir = xasprintf("%s/%s", src, dirs[i]);
		check_corpus_dir(dir, keep, keep_len, &nkeep);
		free(dir);
	}
	CHECK(nkeep >= 3);
	check_compilation(keep, keep_len, nkeep);
	check_rules();
	check_reader_small();
	if (nkeep)
		check_reader_big(keep[0], keep_len[0]);
	for (int i = 0; i < nkeep; i++)
		free(keep[i]);
	char *cmd = xasprintf("rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		CHECK_MSG(0, "removing the test directory");
	free(cmd);
	return check_done();
}
