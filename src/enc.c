/* enc.c - encoding detection (DESIGN.md §3) and conversion to UTF-8 through iconv. */
#include "config.h"
#include "luoshi/enc.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "luoshi/i18n.h"
#include "luoshi/utf8.h"

/* Output is produced in steps of at least this much, and validation-only
 * passes stream through a scratch buffer of this size. */
#define CHUNK 65536

/* Why a text was refused; formatted into one sentence by fail_report(). */
enum why { WHY_EMPTY, WHY_BINARY, WHY_NULCHAR, WHY_INVALID, WHY_TRUNCATED };

struct fail {
	enum why why;
	const char *enc; /* encoding that was tried, for WHY_INVALID/TRUNCATED */
	size_t off;	 /* input byte offset */
};

struct bom {
	const char *bytes;
	size_t len;
	const char *name;
};

/* UTF-32LE must be tried before UTF-16LE: FF FE 00 00 starts with FF FE. */
static const struct bom boms[] = {
	{"\xEF\xBB\xBF", 3, "UTF-8"},
	{"\xFF\xFE\x00\x00", 4, "UTF-32LE"},
	{"\x00\x00\xFE\xFF", 4, "UTF-32BE"},
	{"\xFF\xFE", 2, "UTF-16LE"},
	{"\xFE\xFF", 2, "UTF-16BE"},
	{"\x84\x31\x95\x33", 4, "GB18030"},
};

/* The line (from 1) of byte off of the file at path, or 0 when it cannot
 * be told: read again only for this message. In UTF-8, the GB and EUC
 * encodings and Big5 a 0A byte is always a line end; in others it may
 * not be: 0. */
static size_t line_of(const char *path, const char *enc, size_t off)
{
	if (strncasecmp(enc, "UTF-8", 5) && strncasecmp(enc, "GB", 2) && strncasecmp(enc, "BIG5", 4) &&
	    strncasecmp(enc, "EUC", 3))
		return 0; /* UTF-16, UCS-2, UTF-32…: a 0A byte may be half a character */
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	char buf[CHUNK];
	size_t line = 1, at = 0, got;
	while (at < off && (got = fread(buf, 1, off - at < sizeof buf ? off - at : sizeof buf, fp)) > 0) {
		for (size_t i = 0; i < got; i++)
			line += buf[i] == '\n';
		at += got;
	}
	fclose(fp);
	return at == off ? line : 0;
}

/* One sentence naming the file (or "the input" when there is none). */
static enum lu_status fail_report(const struct fail *f, const char *path)
{
	const char *who = path ? path : _("the input");
	switch (f->why) {
	case WHY_EMPTY:
		return lu_error(LU_ENCODING, "%s is empty", who);
	case WHY_BINARY:
		return lu_error(LU_ENCODING, "%s looks like a binary file (NUL byte at offset %zu)",
				who, f->off);
	case WHY_NULCHAR:
		return lu_error(LU_ENCODING,
				"%s looks like a binary file (NUL character at byte %zu)", who,
				f->off);
	case WHY_TRUNCATED:
		if (path)
			return lu_error(LU_ENCODING,
					"cannot import %s: truncated %s byte sequence at byte %zu",
					path, f->enc, f->off);
		return lu_error(LU_ENCODING, "truncated %s byte sequence at byte %zu", f->enc,
				f->off);
	case WHY_INVALID:
		break;
	}
	size_t line = path ? line_of(path, f->enc, f->off) : 0;
	if (line)
		return lu_error(LU_ENCODING,
				"cannot import %s: invalid %s byte sequence at byte %zu (line %zu);"
				" mend that line, or drop the bytes that cannot be read with"
				" iconv -c -f %s -t UTF-8", path, f->enc, f->off, line, f->enc);
	if (path)
		return lu_error(LU_ENCODING,
				"cannot import %s: invalid %s byte sequence at byte %zu", path,
				f->enc, f->off);
	return lu_error(LU_ENCODING, "invalid %s byte sequence at byte %zu", f->enc, f->off);
}

static const struct bom *find_bom(const unsigned char *buf, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(boms); i++)
		if (n >= boms[i].len && memcmp(buf, boms[i].bytes, boms[i].len) == 0)
			return &boms[i];
	return NULL;
}

/* Give out room for at least `want` more bytes (plus the NUL). */
static void reserve(struct sbuf *out, size_t want)
{
	sbuf_grow(out, want < CHUNK ? CHUNK : want);
}

/* Feed all n bytes through cd. With out, the UTF-8 result is appended to
 * it; without, it goes to a scratch buffer (validation only), so memory
 * stays flat however large the input. Returns 0, or -1 with f->why/off set.
 * The whole input is given to iconv at once, so EINVAL can only mean a
 * sequence truncated by the end of the input. */
static int run_iconv(iconv_t cd, const unsigned char *buf, size_t n, struct sbuf *out,
		     struct fail *f)
{
	char scratch[CHUNK];
	char *in = (char *)buf;
	size_t inleft = n;
	int flushing = 0;
	for (;;) {
		char *o = scratch;
		size_t oleft = sizeof scratch;
		if (out) {
			reserve(out, inleft + inleft / 2 + 16);
			o = out->s + out->len;
			oleft = out->cap - out->len - 1;
		}
		char *o0 = o;
		size_t r = flushing ? iconv(cd, NULL, NULL, &o, &oleft)
				    : iconv(cd, &in, &inleft, &o, &oleft);
		int err = errno;
		if (out) {
			out->len += (size_t)(o - o0);
			out->s[out->len] = '\0';
		}
		if (r != (size_t)-1) {
			if (flushing)
				return 0;
			flushing = 1; /* emit any pending shift sequence */
			continue;
		}
		if (err == E2BIG)
			continue;
		f->why = err == EINVAL ? WHY_TRUNCATED : WHY_INVALID;
		f->off = (size_t)((const unsigned char *)in - buf);
		return -1;
	}
}

/* Convert (or, without out, only validate) n bytes from `from`. Returns 0,
 * -1 with *f filled for bad input, -2 when iconv does not know `from`. */
static int convert(const char *from, const unsigned char *buf, size_t n, struct sbuf *out,
		   struct fail *f)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -2;
	f->enc = from;
	int rc = run_iconv(cd, buf, n, out, f);
	iconv_close(cd);
	return rc;
}

/* What the NULs of a BOM-less buffer say; see utf16_by_nuls(). */
struct nul_stats {
	size_t nuls, odd, even; /* NUL bytes, and of them at odd/even offsets */
	size_t le_nl, be_nl;	/* aligned 0A 00 and 00 0A code units */
	int aligned_zero;	/* an aligned 00 00 unit (U+0000) */
};

static void count_nuls(const unsigned char *buf, size_t n, struct nul_stats *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned char a = buf[i], b = buf[i + 1];
		s->aligned_zero |= (a | b) == 0;
		s->le_nl += a == '\n' && b == 0;
		s->be_nl += a == 0 && b == '\n';
		s->odd += b == 0;
		s->even += a == 0;
	}
	s->nuls = s->odd + s->even + (n % 2 && buf[n - 1] == 0);
}

/* Code points a Chinese document plausibly contains: text controls, ASCII,
 * Latin/Greek/Cyrillic, general punctuation and symbols, CJK (radicals to
 * unified ideographs), compatibility and full-width forms. An 8-bit text
 * read as UTF-16 gives Hangul, private-use and surrogate units instead. */
static int plausible_cp(uint32_t c)
{
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' || (c >= 0x20 && c < 0x7F) ||
	       (c >= 0xA0 && c < 0x530) || (c >= 0x2000 && c < 0x2C00) ||
	       (c >= 0x2E80 && c < 0xA000) || (c >= 0xF900 && c < 0xFB00) ||
	       (c >= 0xFE30 && c < 0xFE50) || (c >= 0xFF00 && c < 0xFFF0) || c == 0xFEFF;
}

static uint32_t unit_at(const unsigned char *p, int be)
{
	return be ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

/* Code units of buf read as UTF-16 (be: big-endian) that are not
 * plausible_cp(); a valid surrogate pair (ext. B ideographs, emoji) passes. */
static size_t implausible_units(const unsigned char *buf, size_t n, int be)
{
	size_t bad = 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t u = unit_at(buf + i, be);
		if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
			uint32_t v = unit_at(buf + i + 2, be);
			if (v >= 0xDC00 && v < 0xE000) {
				i += 2;
				continue;
			}
		}
		bad += !plausible_cp(u);
	}
	return bad;
}

/* An 8-bit text (valid UTF-8, or GB18030, where NUL is a character too)
 * with a few stray NULs is a damaged or binary file, not UTF-16. Real
 * UTF-16 with few NULs is mostly CJK, which is never valid UTF-8; it can be
 * valid GB18030 when short, so that test waits for newline evidence. */
static int stray_nuls_in_8bit(const unsigned char *buf, size_t n, const struct nul_stats *s)
{
	if (utf8_check((const char *)buf, n) == (size_t)-1)
		return 1;
	struct fail ignore;
	return s->le_nl == s->be_nl && convert("GB18030", buf, n, NULL, &ignore) == 0;
}

/* UTF-16 without a BOM shows itself by NULs, but their parity alone misleads
 * for Chinese: 一 U+4E00 and 　 U+3000 put a NUL on the "wrong" side as
 * often as newlines and digits do on the right one, and one stray NUL in an
 * 8-bit text is a "majority" too. A newline is decisive (0A 00 vs 00 0A,
 * U+0A00 is unassigned); the NUL majority counts only when NULs are at least
 * a quarter of the code units (ASCII-heavy UTF-16); otherwise the byte order
 * whose text looks Chinese wins. Either way the result must look like text
 * (at most 1/16 implausible units). An aligned 00 00 unit (U+0000) never
 * occurs in text: that is a binary file. Returns the UTF-16 variant, or NULL
 * with f set (binary, at the first NUL). */
static const char *utf16_by_nuls(const unsigned char *buf, size_t n, const unsigned char *first,
				 struct fail *f)
{
	struct nul_stats s;
	count_nuls(buf, n, &s);
	f->why = WHY_BINARY;
	f->off = (size_t)(first - buf);
	int few = s.nuls * 8 < n;
	if (s.aligned_zero || (few && stray_nuls_in_8bit(buf, n, &s)))
		return NULL;
	size_t bad_le = implausible_units(buf, n, 0), bad_be = implausible_units(buf, n, 1);
	int be;
	if (s.le_nl != s.be_nl)
		be = s.be_nl > s.le_nl;
	else if (!few && s.odd != s.even)
		be = s.even > s.odd;
	else if (bad_le != bad_be)
		be = bad_be < bad_le;
	else
		return NULL;
	if ((be ? bad_be : bad_le) * 16 > n / 2)
		return NULL;
	return be ? "UTF-16BE" : "UTF-16LE";
}

/* Only ASCII white space, U+00A0, U+3000 and U+FEFF: nothing to import. */
static int utf8_blank(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (!(cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x3000 ||
		      cp == 0xFEFF))
			return 0;
		i += len;
	}
	return 1;
}

/* Describe the UTF-8 error at bad: a lead byte followed only by too few
 * continuation bytes up to the end is a truncated sequence. */
static void utf8_failure(const unsigned char *buf, size_t n, size_t bad, struct fail *f)
{
	unsigned char c = buf[bad];
	size_t need = c >= 0xC2 && c <= 0xDF ? 2
		      : c >= 0xE0 && c <= 0xEF ? 3
		      : c >= 0xF0 && c <= 0xF4 ? 4
					       : 0;
	int cut = need && n - bad < need;
	for (size_t i = bad + 1; cut && i < n; i++)
		cut = (buf[i] & 0xC0) == 0x80;
	f->why = cut ? WHY_TRUNCATED : WHY_INVALID;
	f->enc = "UTF-8";
	f->off = bad;
}

/* DESIGN.md §3. When keep is given and the winning candidate had to be
 * converted to be validated (UTF-16 by NULs, GB18030), its UTF-8 is left in
 * keep so the caller need not convert twice. Returns 0 or -1 with f set. */
static int detect(const unsigned char *buf, size_t n, const char **name, struct fail *f,
		  struct sbuf *keep)
{
	const struct bom *bom = find_bom(buf, n);
	f->why = WHY_EMPTY;
	f->off = 0;
	if (n == 0 || (bom && bom->len == n))
		return -1;
	if (bom) {
		*name = bom->name;
		return 0;
	}
	const unsigned char *nul = memchr(buf, 0, n);
	if (nul) {
		*name = utf16_by_nuls(buf, n, nul, f);
		if (!*name)
			return -1;
		return convert(*name, buf, n, keep, f) == 0 ? 0 : -1;
	}
	size_t bad8 = utf8_check((const char *)buf, n);
	if (bad8 == (size_t)-1) {
		*name = "UTF-8";
		return utf8_blank((const char *)buf, n) ? -1 : 0;
	}
	*name = "GB18030";
	if (convert("GB18030", buf, n, keep, f) == 0)
		return 0;
	if (keep)
		sbuf_free(keep);
	if (f->off <= bad8)
		utf8_failure(buf, n, bad8, f);
	return -1;
}

enum lu_status enc_detect(const unsigned char *buf, size_t n, char name[ENC_NAME_MAX],
			  size_t *bad_offset)
{
	const char *enc = NULL;
	struct fail f;
	if (detect(buf, n, &enc, &f, NULL) != 0) {
		if (bad_offset)
			*bad_offset = f.off;
		return fail_report(&f, NULL);
	}
	snprintf(name, ENC_NAME_MAX, "%s", enc);
	return LU_OK;
}

/* Strip one leading U+FEFF from converted text. */
static void drop_bom(struct sbuf *b)
{
	if (b->len >= 3 && memcmp(b->s, "\xEF\xBB\xBF", 3) == 0) {
		memmove(b->s, b->s + 3, b->len - 3 + 1);
		b->len -= 3;
	}
}

/* UTF-8 needs no iconv: validate strictly, then copy without the BOM. */
static int utf8_copy(const unsigned char *buf, size_t n, struct sbuf *out, struct fail *f)
{
	size_t bad = utf8_check((const char *)buf, n);
	if (bad != (size_t)-1) {
		utf8_failure(buf, n, bad, f);
		return -1;
	}
	size_t skip = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	sbuf_add(out, (const char *)buf + skip, n - skip);
	return 0;
}

static int is_utf8_name(const char *enc)
{
	return strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

/* Convert into out; -1 with f set for bad input, -2 for an unknown encoding. */
static int to_utf8(const char *from, const unsigned char *buf, size_t n, struct sbuf *out,
		   struct fail *f)
{
	if (is_utf8_name(from))
		return utf8_copy(buf, n, out, f);
	int rc = convert(from, buf, n, out, f);
	if (rc == 0)
		drop_bom(out);
	return rc;
}

enum lu_status enc_to_utf8(const char *from, const unsigned char *buf, size_t n, char **out,
			   size_t *outlen, size_t *bad_offset)
{
	struct sbuf b = SBUF_INIT;
	struct fail f;
	int rc = to_utf8(from, buf, n, &b, &f);
	if (rc != 0) {
		sbuf_free(&b);
		if (rc == -2)
			return lu_error(LU_USAGE, "unknown encoding %s", from);
		if (bad_offset)
			*bad_offset = f.off;
		return fail_report(&f, NULL);
	}
	if (outlen)
		*outlen = b.len;
	*out = sbuf_detach(&b);
	return LU_OK;
}

/* Append the target's own '?' (converted, so UTF-16 targets stay aligned). */
static void add_replacement(iconv_t cd, struct sbuf *b)
{
	char q[] = "?";
	char *in = q;
	size_t inleft = 1;
	reserve(b, 16);
	char *o = b->s + b->len;
	size_t oleft = b->cap - b->len - 1;
	if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
		b->len = (size_t)(o - b->s);
	b->s[b->len] = '\0';
}

/* One iconv step into b; returns iconv's result and leaves errno set. */
static size_t from_utf8_step(iconv_t cd, char **in, size_t *inleft, struct sbuf *b)
{
	reserve(b, inleft ? *inleft + *inleft / 2 + 16 : 16);
	char *o = b->s + b->len;
	size_t oleft = b->cap - b->len - 1;
	size_t r = in ? iconv(cd, in, inleft, &o, &oleft) : iconv(cd, NULL, NULL, &o, &oleft);
	int err = errno;
	b->len = (size_t)(o - b->s);
	b->s[b->len] = '\0';
	errno = err;
	return r;
}

/* //TRANSLIT is not used: glibc's transliteration differs between versions
 * and targets. Each character the target lacks (and each invalid byte)
 * becomes one '?' instead, which is predictable. */
enum lu_status enc_from_utf8(const char *to, const char *s, size_t n, char **out,
			     size_t *outlen)
{
	size_t lost = 0;
	uint32_t first = 0;
	return enc_from_utf8_lost(to, s, n, out, outlen, &lost, &first);
}

enum lu_status enc_from_utf8_lost(const char *to, const char *s, size_t n, char **out,
				  size_t *outlen, size_t *lost, uint32_t *first)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	if (cd == (iconv_t)-1)
		return lu_error(LU_USAGE, "unknown encoding %s", to);
	struct sbuf b = SBUF_INIT;
	char *in = (char *)s;
	size_t inleft = n;
	while (inleft) {
		if (from_utf8_step(cd, &in, &inleft, &b) != (size_t)-1 || errno == E2BIG)
			continue;
		uint32_t cp = 0xFFFD; /* an incomplete sequence at the end */
		size_t skip = errno == EINVAL ? inleft : utf8_decode(in, inleft, &cp);
		if ((*lost)++ == 0)
			*first = cp;
		add_replacement(cd, &b);
		in += skip;
		inleft -= skip;
	}
	from_utf8_step(cd, NULL, NULL, &b);
	iconv_close(cd);
	if (outlen)
		*outlen = b.len;
	*out = sbuf_detach(&b);
	return LU_OK;
}

struct alias {
	const char *key, *name;
};

/* Keys are lower case with '-', '_', '.' and spaces removed. GB2312 is read
 * as GB18030: glibc's GB2312 table gives U+2015 and U+30FB for — and ·. */
static const struct alias aliases[] = {
	{"utf8", "UTF-8"},	   {"gb18030", "GB18030"},   {"gb2312", "GB18030"},
	{"euccn", "GB18030"},	   {"gbk", "GBK"},	     {"cp936", "GBK"},
	{"utf16", "UTF-16"},	   {"utf16le", "UTF-16LE"},  {"utf16be", "UTF-16BE"},
	{"utf32", "UTF-32"},	   {"utf32le", "UTF-32LE"},  {"utf32be", "UTF-32BE"},
};

const char *enc_canonical(const char *name)
{
	static char other[ENC_NAME_MAX];
	char key[ENC_NAME_MAX];
	size_t k = 0, len = strlen(name);
	if (len == 0 || len >= ENC_NAME_MAX || strchr(name, '/'))
		return NULL;
	for (const char *p = name; *p; p++)
		if (!strchr("-_. ", *p))
			key[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	key[k] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcmp(key, aliases[i].key) == 0)
			return aliases[i].name;
	/* anything else iconv knows is used as given, in upper case */
	for (size_t i = 0; i <= len; i++)
		other[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 'a' + 'A' : name[i]);
	iconv_t cd = iconv_open("UTF-8", other);
	if (cd == (iconv_t)-1)
		return NULL;
	iconv_close(cd);
	return other;
}

/* A forced "UTF-16"/"UTF-32" still needs a byte order: from the BOM, else
 * from where the NULs are, else little-endian (what Windows writes). */
static const char *resolve_order(const char *enc, const unsigned char *buf, size_t n)
{
	int is16 = strcmp(enc, "UTF-16") == 0, is32 = strcmp(enc, "UTF-32") == 0;
	if (!is16 && !is32)
		return enc;
	const struct bom *bom = find_bom(buf, n);
	if (bom && strncmp(bom->name, enc, 6) == 0)
		return bom->name;
	if (is32)
		return n >= 4 && buf[0] == 0 && buf[3] != 0 ? "UTF-32BE" : "UTF-32LE";
	size_t even = 0, odd = 0;
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == 0 && (i & 1))
			odd++;
		else if (buf[i] == 0)
			even++;
	}
	return even > odd ? "UTF-16BE" : "UTF-16LE";
}

/* Input offset of the first U+0000: scan code units of the encoding's size. */
static size_t nul_offset(const char *enc, const unsigned char *buf, size_t n)
{
	size_t unit = strncmp(enc, "UTF-32", 6) == 0 ? 4 : strncmp(enc, "UTF-16", 6) == 0 ? 2 : 1;
	for (size_t i = 0; i + unit <= n; i += unit) {
		size_t z = 0;
		while (z < unit && buf[i + z] == 0)
			z++;
		if (z == unit)
			return i;
	}
	return 0;
}

/* Detect or take the forced encoding, then decode into out. */
static int decode_file(const unsigned char *buf, size_t n, const char *force, const char **enc,
		       struct sbuf *out, struct fail *f)
{
	if (!force) {
		if (detect(buf, n, enc, f, out) != 0)
			return -1;
		if (out->s) { /* detect() converted it already */
			drop_bom(out);
			return 0;
		}
		if (!find_bom(buf, n)) { /* UTF-8, and detect() validated it all */
			sbuf_add(out, (const char *)buf, n);
			return 0;
		}
	} else {
		*enc = resolve_order(force, buf, n);
	}
	return to_utf8(*enc, buf, n, out, f);
}

enum lu_status enc_read_file(const char *path, const char *force_enc, char name[ENC_NAME_MAX],
			     char **text, size_t *textlen)
{
	const char *force = NULL;
	if (force_enc && !(force = enc_canonical(force_enc)))
		return lu_error(LU_USAGE, "unknown encoding %s", force_enc);
	char *data;
	size_t n;
	enum lu_status st = lu_read_file(path, &data, &n);
	if (st != LU_OK)
		return st;
	const unsigned char *buf = (const unsigned char *)data;
	const char *enc = NULL;
	struct sbuf out = SBUF_INIT;
	struct fail f = {WHY_EMPTY, NULL, 0};
	int rc = decode_file(buf, n, force, &enc, &out, &f);
	if (rc == 0 && memchr(out.s, 0, out.len)) {
		f.why = WHY_NULCHAR;
		f.off = nul_offset(enc, buf, n);
		rc = -1;
	} else if (rc == 0 && utf8_blank(out.s, out.len)) {
		f.why = WHY_EMPTY;
		rc = -1;
	}
	free(data);
	if (rc != 0) {
		sbuf_free(&out);
		if (rc == -2)
			return lu_error(LU_USAGE, "unknown encoding %s", enc);
		return fail_report(&f, path);
	}
	snprintf(name, ENC_NAME_MAX, "%s", enc);
	*textlen = out.len;
	/* the text lives through parsing and storing: give back the growth slack */
	*text = xrealloc(sbuf_detach(&out), *textlen + 1);
	return LU_OK;
}

/* ---- a file read and converted a chunk at a time ---- */

/* Detection looks at this much of a file: the BOM, the NULs and the bytes
 * tell the encoding long before. A smaller file is judged whole, exactly
 * as enc_read_file judges it; a larger one is then validated whole, in
 * chunks, before anything is given out. */
#define DETECT_MAX ((size_t)1 << 20)

struct enc_reader {
	int fd;
	char *path;
	char name[ENC_NAME_MAX];
	iconv_t cd;		  /* (iconv_t)-1 for UTF-8, which only needs checking */
	long long size, pos;	  /* the file's size; input bytes converted */
	unsigned char in[2 * CHUNK]; /* read, not yet converted */
	size_t inlen;
	int eof;		  /* read() said end of file */
	int started;		  /* text was given out: no BOM to drop any more */
	int nonblank;		  /* something other than white space was seen */
};

/* The bytes of a UTF-8 buffer up to its last complete character: a
 * sequence cut by the chunk's end waits for the next chunk. */
static size_t utf8_whole(const unsigned char *b, size_t n)
{
	size_t i = n, back = 0;
	while (i > 0 && back < 4 && (b[i - 1] & 0xC0) == 0x80)
		i--, back++;
	if (i == 0)
		return n;
	unsigned char c = b[i - 1];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return need > back + 1 ? i - 1 : n;
}

/* Give out converted text: drop a leading BOM once, note NULs and
 * whether anything but white space came. in/used: the input it came from,
 * for the offset of a NUL. Returns 0, or -1 with f set. */
static int emit(struct enc_reader *r, const char *s, size_t n, const unsigned char *in,
		size_t used, struct sbuf *out, struct fail *f)
{
	if (!r->started && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, n -= 3;
	r->started |= n > 0;
	if (memchr(s, 0, n)) {
		f->why = WHY_NULCHAR;
		f->off = (size_t)r->pos + nul_offset(r->name, in, used);
		return -1;
	}
	r->nonblank |= n && !utf8_blank(s, n);
	if (out)
		sbuf_add(out, s, n);
	return 0;
}

/* Check and give out the whole UTF-8 characters of the input. */
static int pump_utf8(struct enc_reader *r, struct sbuf *out, struct fail *f)
{
	size_t k = r->eof ? r->inlen : utf8_whole(r->in, r->inlen);
	size_t bad = utf8_check((const char *)r->in, k);
	if (bad != (size_t)-1) {
		utf8_failure(r->in, r->inlen, bad, f);
		f->off += (size_t)r->pos;
		return -1;
	}
	if (emit(r, (const char *)r->in, k, r->in, k, out, f) != 0)
		return -1;
	r->pos += (long long)k;
	memmove(r->in, r->in + k, r->inlen - k);
	r->inlen -= k;
	return 0;
}

/* Convert what iconv can of the input; a character cut by the chunk's end
 * waits for the next chunk (EINVAL), except at the end of the file. */
static int pump_iconv(struct enc_reader *r, struct sbuf *out, struct fail *f)
{
	char buf[3 * CHUNK];
	char *in = (char *)r->in;
	size_t left = r->inlen;
	for (;;) {
		char *o = buf;
		size_t oleft = sizeof buf;
		int flush = left == 0 && r->eof; /* emit any pending shift sequence */
		size_t rc = flush ? iconv(r->cd, NULL, NULL, &o, &oleft)
				  : iconv(r->cd, &in, &left, &o, &oleft);
		int err = errno;
		size_t used = (size_t)((unsigned char *)in - r->in);
		if (emit(r, buf, (size_t)(o - buf), r->in, used, out, f) != 0)
			return -1;
		if (rc == (size_t)-1 && err == E2BIG)
			continue;
		if (rc == (size_t)-1 && (err != EINVAL || r->eof)) {
			f->why = err == EINVAL ? WHY_TRUNCATED : WHY_INVALID;
			f->enc = r->name;
			f->off = (size_t)r->pos + used;
			return -1;
		}
		if (rc != (size_t)-1 && !flush && left == 0 && r->eof)
			continue;
		r->pos += (long long)used;
		memmove(r->in, in, left);
		r->inlen = left;
		return 0;
	}
}

/* Read the next chunk and give out its text (to out, or nowhere: only
 * checking). Returns 0, -1 with f set, -3 for a read error (errno). */
static int pump(struct enc_reader *r, struct sbuf *out, struct fail *f)
{
	while (!r->eof && r->inlen < CHUNK) {
		ssize_t n = read(r->fd, r->in + r->inlen, sizeof r->in - r->inlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -3;
		r->eof = n == 0;
		r->inlen += (size_t)n;
	}
	return r->cd == (iconv_t)-1 ? pump_utf8(r, out, f) : pump_iconv(r, out, f);
}

/* Back to the start of the file, to read it (again) as `name`. */
static int rewind_as(struct enc_reader *r, const char *name)
{
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	r->cd = (iconv_t)-1;
	if (name != r->name)
		snprintf(r->name, ENC_NAME_MAX, "%s", name);
	if (!is_utf8_name(name) && (r->cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return -2;
	r->pos = 0;
	r->inlen = 0;
	r->eof = r->started = r->nonblank = 0;
	return lseek(r->fd, 0, SEEK_SET) == 0 ? 0 : -3;
}

/* Read the whole file as `name` without keeping the text: 0 when it is
 * valid, -1 with f set, -2 unknown encoding, -3 read error. */
static int check_all(struct enc_reader *r, const char *name, struct fail *f)
{
	int rc = rewind_as(r, name);
	while (rc == 0 && !(r->eof && r->inlen == 0 && r->cd == (iconv_t)-1))
		if ((rc = pump(r, NULL, f)) == 0 && r->eof && r->cd != (iconv_t)-1)
			break; /* pump_iconv flushed and converted all at the end */
	if (rc == 0 && !r->nonblank) {
		f->why = WHY_EMPTY;
		rc = -1;
	}
	return rc;
}

/* The start of a large file that detection looks at: whole characters
 * (an 8-bit text up to its last newline, which no UTF-8 or GB18030
 * character contains; UTF-16/32 whole units, no lone high surrogate). */
static size_t detect_cut(const unsigned char *b, size_t n)
{
	if (memchr(b, 0, n)) {
		n &= ~(size_t)3;
		int hi_le = n >= 2 && (b[n - 1] & 0xFC) == 0xD8, hi_be = n >= 2 && (b[n - 2] & 0xFC) == 0xD8;
		return hi_le || hi_be ? n - 4 : n;
	}
	while (n > 0 && b[n - 1] != '\n')
		n--;
	return n;
}

/* Which encoding to read the file as: detected from its start (or
 * forced), then checked whole. Plain UTF-8 that turns out invalid further
 * on is tried as GB18030, as DESIGN.md §3 orders. */
static int choose(struct enc_reader *r, const char *force, struct fail *f)
{
	size_t cap = r->size < (long long)DETECT_MAX ? (size_t)r->size : DETECT_MAX, n = 0;
	unsigned char *head = xmalloc(cap + 1);
	ssize_t got;
	while (n < cap && ((got = read(r->fd, head + n, cap - n)) > 0 || (got < 0 && errno == EINTR)))
		n += got > 0 ? (size_t)got : 0;
	size_t m = (long long)n < r->size ? detect_cut(head, n) : n;
	if (m == 0) /* no newline in it: whole UTF-8 characters at least */
		m = utf8_whole(head, n);
	const char *enc = force ? resolve_order(force, head, n) : NULL;
	int rc = force ? 0 : detect(head, m, &enc, f, NULL);
	int plain_utf8 = !force && rc == 0 && !find_bom(head, n) && is_utf8_name(enc);
	free(head);
	if (rc != 0)
		return rc;
	rc = check_all(r, enc, f);
	if (rc == -1 && plain_utf8 && f->why != WHY_EMPTY) {
		struct fail g;
		size_t bad8 = f->off;
		if ((rc = check_all(r, "GB18030", &g)) == -1 && g.off > bad8)
			*f = g;
	}
	return rc;
}

enum lu_status enc_reader_open(const char *path, const char *force_enc, struct enc_reader **out)
{
	const char *force = NULL;
	*out = NULL;
	if (force_enc && !(force = enc_canonical(force_enc)))
		return lu_error(LU_USAGE, "unknown encoding %s", force_enc);
	struct enc_reader *r = xcalloc(1, sizeof *r);
	r->cd = (iconv_t)-1;
	enum lu_status st = lu_open_file(path, &r->fd, &r->size);
	if (st != LU_OK) {
		free(r);
		return st;
	}
	r->path = xstrdup(path);
	struct fail f = {WHY_EMPTY, NULL, 0};
	int rc = choose(r, force, &f);
	if (rc == 0)
		rc = rewind_as(r, r->name);
	if (rc == -2)
		st = lu_error(LU_USAGE, "unknown encoding %s", r->name);
	else if (rc == -3)
		st = lu_error(LU_IO, "cannot read %s: %s", path, strerror(errno));
	else if (rc != 0)
		st = fail_report(&f, path);
	if (st != LU_OK) {
		enc_reader_close(r);
		return st;
	}
	*out = r;
	return LU_OK;
}

const char *enc_reader_name(const struct enc_reader *r)
{
	return r->name;
}

long long enc_reader_size(const struct enc_reader *r)
{
	return r->size;
}

long long enc_reader_pos(const struct enc_reader *r)
{
	return r->pos;
}

enum lu_status enc_reader_next(struct enc_reader *r, struct sbuf *out, int *eof)
{
	struct fail f = {WHY_INVALID, r->name, 0};
	*eof = 0;
	if (r->eof && r->inlen == 0 && r->cd == (iconv_t)-1) {
		*eof = 1;
		return LU_OK;
	}
	int rc = pump(r, out, &f);
	if (rc == -3)
		return lu_error(LU_IO, "cannot read %s: %s", r->path, strerror(errno));
	if (rc != 0) /* the file changed since it was checked */
		return fail_report(&f, r->path);
	if (r->eof && r->cd != (iconv_t)-1) {
		iconv_close(r->cd); /* all converted and flushed */
		r->cd = (iconv_t)-1;
	}
	*eof = r->eof && r->inlen == 0;
	return LU_OK;
}

void enc_reader_close(struct enc_reader *r)
{
	if (!r)
		return;
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	if (r->fd >= 0)
		close(r->fd);
	free(r->path);
	free(r);
}
