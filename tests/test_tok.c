/* test_tok.c - the full-text tokenizer (src/db_tok.c), called the way
 * FTS5 calls it. Its tokens and offsets are what every store's indexes
 * hold, so the fast one-pass version must cut every text exactly as the
 * rules of its header comment say: here those rules are written out
 * again as plainly as possible (decode every character, split into runs,
 * make the tokens) and both are run over fixed cases and over many
 * random texts built from the awkward pieces (capitals, separators,
 * U+3000, stray and truncated bytes, lead bytes F8-FF, NUL). */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "db_impl.h"

/* What a tokenizer handed over: "bytes@start-end" per token, hex for
 * anything outside printable ASCII. */
struct out {
	char s[16384];
	size_t len;
	int calls, fail_at; /* fail_at > 0: that call returns SQLITE_ABORT */
	int flagged;        /* tokens with flags (FTS5_TOKEN_COLOCATED: none are) */
};

static int record(void *arg, int flags, const char *tok, int n, int start, int end)
{
	struct out *o = arg;
	o->flagged += flags != 0;
	if (++o->calls == o->fail_at)
		return SQLITE_ABORT;
	for (int i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tok[i];
		o->len += (size_t)snprintf(o->s + o->len, sizeof o->s - o->len,
					   c > 0x20 && c < 0x7F ? "%c" : "\\x%02x", c);
	}
	o->len += (size_t)snprintf(o->s + o->len, sizeof o->s - o->len, "@%d-%d ", start, end);
	return SQLITE_OK;
}

/* --- the rules, plainly --- */

static int ref_len(const unsigned char *p, int n)
{
	int len = 1;
	if (p[0] >= 0xF0)
		len = 4;
	else if (p[0] >= 0xE0)
		len = 3;
	else if (p[0] >= 0xC0)
		len = 2;
	if (len > n)
		return 1;
	for (int i = 1; i < len; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 1;
	return len;
}

static int ref_sep(const unsigned char *p, int len)
{
	if (len == 1)
		return strchr(" \t\r\n", p[0]) != NULL && p[0] != 0;
	return len == 3 && memcmp(p, "\xe3\x80\x80", 3) == 0;
}

static int ref_token(struct out *o, const unsigned char *t, int from, int to)
{
	char buf[8];
	for (int i = from; i < to; i++)
		buf[i - from] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] - 'A' + 'a' : t[i]);
	return record(o, 0, buf, to - from, from, to);
}

static int ref_tokenize(struct out *o, int query, const unsigned char *t, int n)
{
	int at[4096], len[4096], k = 0;
	for (int i = 0; i < n; i += len[k++])
		at[k] = i, len[k] = ref_len(t + i, n - i);
	for (int c = 0; c < k;) {
		if (ref_sep(t + at[c], len[c])) {
			c++;
			continue;
		}
		int e = c; /* the run is characters c .. e */
		while (e + 1 < k && !ref_sep(t + at[e + 1], len[e + 1]))
			e++;
		for (int j = c; j < e; j++)
			if (ref_token(o, t, at[j], at[j + 1] + len[j + 1]) != SQLITE_OK)
				return SQLITE_ABORT;
		if ((c == e || !query) && ref_token(o, t, at[e], at[e] + len[e]) != SQLITE_OK)
			return SQLITE_ABORT;
		c = e + 1;
	}
	return SQLITE_OK;
}

/* --- the tokenizer as FTS5 finds it --- */

static fts5_tokenizer api;
static Fts5Tokenizer *handle;

static int find_tokenizer(sqlite3 *h)
{
	fts5_api *fts = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_pointer(st, 1, (void *)&fts, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	void *user = NULL;
	return fts && fts->xFindTokenizer(fts, DB_TOKENIZER, &user, &api) == SQLITE_OK &&
	       api.xCreate(user, NULL, 0, &handle) == SQLITE_OK;
}

/* Both tokenizers over the n bytes at s (copied to a block of exactly n
 * bytes, so that a read past the end is the sanitizer's to see). */
static int same(const char *s, int n, int query, int fail_at)
{
	static struct out got, want;
	char *t = malloc(n ? (size_t)n : 1);
	memcpy(t, s, (size_t)n);
	memset(&got, 0, sizeof got), memset(&want, 0, sizeof want);
	got.fail_at = want.fail_at = fail_at;
	int rc = api.xTokenize(handle, &got, query ? FTS5_TOKENIZE_QUERY : FTS5_TOKENIZE_DOCUMENT,
			       t, n, record);
	int wrc = ref_tokenize(&want, query, (const unsigned char *)t, n);
	free(t);
	int ok = rc == wrc && got.calls == want.calls && !got.flagged && strcmp(got.s, want.s) == 0;
	if (!ok)
		printf("# query %d, fail_at %d: got rc %d [%s], want rc %d [%s]\n", query, fail_at,
		       rc, got.s, wrc, want.s);
	return ok;
}

static void fixed(void)
{
	static const struct {
		const char *text;
		int query;
		const char *want;
	} cases[] = {
		{"ab 中文字", 0,
		 "ab@0-2 b@1-2 \\xe4\\xb8\\xad\\xe6\\x96\\x87@3-9 \\xe6\\x96\\x87\\xe5\\xad\\x97@6-12 "
		 "\\xe5\\xad\\x97@9-12 "},
		{"ab 中文字", 1,
		 "ab@0-2 \\xe4\\xb8\\xad\\xe6\\x96\\x87@3-9 \\xe6\\x96\\x87\\xe5\\xad\\x97@6-12 "},
		{"X", 1, "x@0-1 "},
		{"Ab\xe3\x80\x80" "C", 0, "ab@0-2 b@1-2 c@5-6 "},
		{"\xe4\xb8", 0, "\\xe4\\xb8@0-2 \\xb8@1-2 "},
		{" \t\r\n", 0, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		static struct out got;
		memset(&got, 0, sizeof got);
		api.xTokenize(handle, &got, cases[i].query ? FTS5_TOKENIZE_QUERY : 0, cases[i].text,
			      (int)strlen(cases[i].text), record);
		CHECKF(strcmp(got.s, cases[i].want) == 0, "fixed case %zu: [%s]", i, got.s);
		CHECKF(same(cases[i].text, (int)strlen(cases[i].text), cases[i].query, 0),
		       "fixed case %zu as the rules cut it", i);
	}
}

static unsigned long long rng = 88172645463325252ULL;

static unsigned next(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

/* A random text of awkward pieces, cut at a random byte. */
static int random_text(char *buf, int cap)
{
	static const char *const pieces[] = {
		"a", "Z", "Q", "m", "0", " ", "\t", "\r", "\n", "\xe3\x80\x80", "\xe3\x80\x81",
		"中", "文", "字", "\xc3\xa9", "\xc3\x89", "\xf0\x9f\x98\x80", "\x80", "\xbf",
		"\xc0\x80", "\xe3\x80", "\xe4", "\xf0\x9f", "\xf8\x80\x80\x80", "\xff", "\xc2\xa0",
		"\xe3", "\xc3", "\xf0", "\x00", "[", "@"};
	int n = 0, count = (int)(next() % 24);
	for (int i = 0; i < count; i++) {
		const char *p = pieces[next() % (sizeof pieces / sizeof *pieces)];
		int len = *p ? (int)strlen(p) : 1;
		if (n + len > cap)
			break;
		memcpy(buf + n, p, (size_t)len), n += len;
	}
	return n ? (int)(next() % (unsigned)(n + 1)) : 0;
}

static void random_texts(void)
{
	char buf[128];
	int bad = 0, cases = 0;
	for (int i = 0; i < 40000 && bad < 5; i++, cases++) {
		int n = random_text(buf, sizeof buf);
		for (int query = 0; query < 2; query++)
			bad += !same(buf, n, query, 0);
	}
	CHECKF(bad == 0, "%d random texts cut as the rules cut them", cases);
	/* a token FTS5 refuses (out of memory, say) ends the text there */
	bad = 0;
	for (int i = 0; i < 2000 && bad < 5; i++) {
		int n = random_text(buf, sizeof buf);
		for (int query = 0; query < 2; query++)
			bad += !same(buf, n, query, 1 + (int)(next() % 8));
	}
	CHECK_MSG(bad == 0, "an error from FTS5 stops the text at that token and is returned");
}

int main(void)
{
	db_tok_init();
	sqlite3 *h = NULL;
	if (sqlite3_open(":memory:", &h) != SQLITE_OK || !find_tokenizer(h)) {
		printf("1..0 # SKIP this SQLite has no FTS5\n");
		sqlite3_close(h);
		return 0; /* TAP's skip */
	}
	fixed();
	random_texts();
	api.xDelete(handle);
	sqlite3_close(h);
	return check_done();
}
