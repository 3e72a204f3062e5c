/* db_tok.c - the full-text tokenizer "luoshi": overlapping character
 * bigrams, so that words of any length, one or two Chinese characters
 * too, are answered from the index (FTS5's trigram tokenizer cannot match
 * fewer than three characters, which sent the commonest Chinese queries
 * to a scan of every row).
 *
 * A text is cut into runs at the separators the search splits its query
 * on (ASCII white space and U+3000). In a run of characters c0 … cn-1 the
 * document tokens are the bigrams c0c1, c1c2, …, c(n-2)c(n-1) and, last,
 * the single c(n-1), one per position: so every character begins a token
 * at its own position, and the index holds one token per character, as
 * the trigram index did. A query word of two or more characters asks for
 * all of its bigrams (the index keeps no positions since migration 7: the
 * search checks each candidate row for the word itself); a word of one
 * character is the prefix query "c" *, which every token beginning with
 * it answers. ASCII letters are folded to lower case, as
 * the final check (strncasecmp) folds them. Bytes that are not UTF-8
 * count as characters of their own. */
#include "config.h"

#include <limits.h>
#include <sqlite3.h>
#include <string.h>

#include "db_impl.h"

/* Length of the character at p (n > 0 bytes left): 1 for ASCII and for
 * a byte that does not begin a whole sequence. The lead byte alone says
 * how many continuation bytes are asked for (F8-FF as F0), as the index
 * has always been cut. */
static inline int char_len(const unsigned char *p, int n)
{
	if (p[0] < 0xC0)
		return 1;
	if (p[0] < 0xE0)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 1;
	if (p[0] < 0xF0) /* most of a Chinese text */
		return n >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 ? 3 : 1;
	return n >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80
		       ? 4
		       : 1;
}

static inline int is_sep(const unsigned char *p, int len)
{
	if (len == 1)
		return *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
	return len == 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80; /* U+3000 */
}

/* Only a one-byte character can be a capital to fold. */
static inline int is_upper(const unsigned char *p, int len)
{
	return len == 1 && (unsigned)(*p - 'A') < 26;
}

/* A whole three-byte character that is not U+3000, n >= 3. */
static inline int is_cjk3(const unsigned char *p)
{
	return (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	       !(p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80);
}

typedef int (*token_fn)(void *, int, const char *, int, int, int);

/* The token t[from, to): one or two neighbouring characters, handed to
 * FTS5 where they lie (it copies what it keeps) unless a capital has to
 * be folded. */
static int emit(token_fn tok, void *ctx, const unsigned char *t, int from, int to, int fold)
{
	if (!fold)
		return tok(ctx, 0, (const char *)t + from, to - from, from, to);
	char buf[8];
	for (int i = from; i < to; i++)
		buf[i - from] = (char)((unsigned)(t[i] - 'A') < 26 ? t[i] + 32 : t[i]);
	return tok(ctx, 0, buf, to - from, from, to);
}

/* One pass, each character decoded once: a character ends the bigram
 * its predecessor in the run began, and at the run's end the last one
 * stands alone (a query asks for it only when the run has no other). */
static int tok_tokenize(Fts5Tokenizer *self, void *ctx, int flags, const char *text, int n,
			token_fn tok)
{
	(void)self;
	const unsigned char *t = (const unsigned char *)text;
	int query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	int a = -1, la = 0, up = 0, first = 0; /* the run's last character so far */
	int rc = SQLITE_OK;
	for (int i = 0; i < n && rc == SQLITE_OK;) {
		/* the common case, a Chinese character after another: no
		 * separator, nothing to fold */
		while (la == 3 && i + 3 <= n && is_cjk3(t + i) && rc == SQLITE_OK) {
			rc = tok(ctx, 0, (const char *)t + a, 6, a, a + 6);
			first = 0, a = i, i += 3;
		}
		if (i >= n || rc != SQLITE_OK)
			break;
		int len = char_len(t + i, n - i);
		if (is_sep(t + i, len)) {
			if (a >= 0 && (first || !query))
				rc = emit(tok, ctx, t, a, a + la, up);
			a = -1, la = 0, i += len;
			continue;
		}
		int u = is_upper(t + i, len);
		if (a >= 0)
			rc = emit(tok, ctx, t, a, i + len, up | u);
		first = a < 0, a = i, la = len, up = u, i += len;
	}
	if (rc == SQLITE_OK && a >= 0 && (first || !query))
		rc = emit(tok, ctx, t, a, a + la, up);
	return rc;
}

/* The tokens FTS5 makes of a query word, through tok_tokenize itself so
 * the search can never disagree with the index about where a character
 * ends. */
struct query_tokens {
	void (*fn)(void *, const char *, int);
	void *ctx;
};

static int query_token(void *arg, int flags, const char *tok, int n, int start, int end)
{
	const struct query_tokens *q = arg;
	(void)flags, (void)start, (void)end;
	q->fn(q->ctx, tok, n);
	return SQLITE_OK;
}

void db_tok_query(const char *word, void (*fn)(void *ctx, const char *tok, int len), void *ctx)
{
	struct query_tokens q = {fn, ctx};
	size_t n = strlen(word);
	tok_tokenize(NULL, &q, FTS5_TOKENIZE_QUERY, word, n > INT_MAX ? INT_MAX : (int)n,
		     query_token);
}

static int tok_create(void *arg, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)arg, (void)argv;
	if (argc > 0)
		return SQLITE_ERROR;
	static char state; /* the tokenizer has none: any non-NULL handle */
	*out = (Fts5Tokenizer *)(void *)&state;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int tok_register(sqlite3 *h, char **err, const sqlite3_api_routines *api)
{
	(void)err, (void)api;
	static fts5_tokenizer tokenizer = {tok_create, tok_delete, tok_tokenize};
	fts5_api *fts = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return SQLITE_OK; /* no FTS5: the schema's CREATE says so */
	sqlite3_bind_pointer(st, 1, (void *)&fts, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!fts || fts->iVersion < 2)
		return SQLITE_OK;
	return fts->xCreateTokenizer(fts, DB_TOKENIZER, NULL, &tokenizer, NULL);
}

/* Every connection the process opens from now on has the tokenizer (the
 * tests' own handles too, which check the indexes' integrity). */
void db_tok_init(void)
{
	sqlite3_auto_extension((void (*)(void))tok_register);
}
