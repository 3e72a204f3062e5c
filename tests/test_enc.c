/* test_enc.c - detection and conversion of the seed document in every
 * encoding it may arrive in, and refusal of what is not text. The variants
 * are made with the system iconv at test time, not by the code under test. */
#include "config.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "luoshi/enc.h"
#include "luoshi/util.h"

static char *seed;
static size_t seed_len;

static void load_seed(void)
{
	const char *env = getenv("SEED");
	const char *srcdir = getenv("srcdir");
	char *path = env && *env ? xstrdup(env)
				 : xasprintf("%s/data/zhuti-jiaoyu-yijian-2024.txt",
					     srcdir && *srcdir ? srcdir : ".");
	if (lu_read_file(path, &seed, &seed_len) != LU_OK) {
		printf("Bail out! cannot read the seed document %s\n", path);
		exit(1);
	}
	free(path);
}

/* Reference conversion with the plain iconv API. */
static struct sbuf ref_conv(const char *to, const char *s, size_t n)
{
	struct sbuf b = SBUF_INIT;
	iconv_t cd = iconv_open(to, "UTF-8");
	if (cd == (iconv_t)-1) {
		printf("Bail out! iconv lacks %s\n", to);
		exit(1);
	}
	sbuf_grow(&b, n * 4 + 16);
	char *in = (char *)s, *o = b.s;
	size_t inleft = n, oleft = b.cap - 1;
	if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
		printf("Bail out! reference iconv to %s failed\n", to);
		exit(1);
	}
	iconv_close(cd);
	b.len = (size_t)(o - b.s);
	b.s[b.len] = '\0';
	return b;
}

static struct sbuf with_prefix(const char *pre, size_t prelen, struct sbuf body)
{
	struct sbuf b = SBUF_INIT;
	sbuf_add(&b, pre, prelen);
	sbuf_add(&b, body.s, body.len);
	sbuf_free(&body);
	return b;
}

static char *crlf(const char *s, size_t n, size_t *outlen)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			sbuf_addc(&b, '\r');
		sbuf_addc(&b, s[i]);
	}
	*outlen = b.len;
	return sbuf_detach(&b);
}

static char *write_tmp(const void *buf, size_t n)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/luoshi-enc-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0 || (n && write(fd, buf, n) != (ssize_t)n) || close(fd) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	return path;
}

/* Read bytes through a file; returns the status, fills name/text. */
static enum lu_status read_bytes(const void *buf, size_t n, const char *force, char *name,
				 char **text, size_t *len)
{
	char *path = write_tmp(buf, n);
	*text = NULL;
	*len = 0;
	lu_error_clear();
	enum lu_status st = enc_read_file(path, force, name, text, len);
	unlink(path);
	free(path);
	return st;
}

static void check_variant(const char *label, struct sbuf bytes, const char *want_enc,
			  const char *want, size_t want_len)
{
	char name[ENC_NAME_MAX] = "", detected[ENC_NAME_MAX] = "";
	char *text;
	size_t len, bad = 0;
	enum lu_status st = read_bytes(bytes.s, bytes.len, NULL, name, &text, &len);
	printf("# variant %s (%zu bytes)\n", label, bytes.len);
	CHECK_INT(st, LU_OK);
	CHECK_STR(name, want_enc);
	CHECK_MSG(text && len == want_len && memcmp(text, want, len) == 0,
		  "decodes to exactly the expected text");
	CHECK_INT(enc_detect((const unsigned char *)bytes.s, bytes.len, detected, &bad), LU_OK);
	CHECK_STR(detected, want_enc);
	free(text);
	sbuf_free(&bytes);
}

static void test_variants(const char *text, size_t n, const char *label)
{
	char what[64];
	snprintf(what, sizeof what, "%s UTF-8", label);
	check_variant(what, with_prefix("", 0, ref_conv("UTF-8", text, n)), "UTF-8", text, n);
	snprintf(what, sizeof what, "%s UTF-8 BOM", label);
	check_variant(what, with_prefix("\xEF\xBB\xBF", 3, ref_conv("UTF-8", text, n)), "UTF-8",
		      text, n);
	snprintf(what, sizeof what, "%s GBK", label);
	check_variant(what, ref_conv("GBK", text, n), "GB18030", text, n);
	snprintf(what, sizeof what, "%s GB18030", label);
	check_variant(what, ref_conv("GB18030", text, n), "GB18030", text, n);
	snprintf(what, sizeof what, "%s GB18030 BOM", label);
	check_variant(what, with_prefix("\x84\x31\x95\x33", 4, ref_conv("GB18030", text, n)),
		      "GB18030", text, n);
	snprintf(what, sizeof what, "%s UTF-16LE BOM", label);
	check_variant(what, with_prefix("\xFF\xFE", 2, ref_conv("UTF-16LE", text, n)),
		      "UTF-16LE", text, n);
	snprintf(what, sizeof what, "%s UTF-16LE", label);
	check_variant(what, ref_conv("UTF-16LE", text, n), "UTF-16LE", text, n);
	snprintf(what, sizeof what, "%s UTF-16BE", label);
	check_variant(what, ref_conv("UTF-16BE", text, n), "UTF-16BE", text, n);
	snprintf(what, sizeof what, "%s UTF-16BE BOM", label);
	check_variant(what, with_prefix("\xFE\xFF", 2, ref_conv("UTF-16BE", text, n)),
		      "UTF-16BE", text, n);
	snprintf(what, sizeof what, "%s UTF-32LE BOM", label);
	check_variant(what, with_prefix("\xFF\xFE\0\0", 4, ref_conv("UTF-32LE", text, n)),
		      "UTF-32LE", text, n);
	snprintf(what, sizeof what, "%s UTF-32BE BOM", label);
	check_variant(what, with_prefix("\0\0\xFE\xFF", 4, ref_conv("UTF-32BE", text, n)),
		      "UTF-32BE", text, n);
}

/* Expect a refusal whose message contains every given fragment. */
static void check_refused(const char *label, const void *buf, size_t n, const char *force,
			  enum lu_status want, const char *frag1, const char *frag2)
{
	char name[ENC_NAME_MAX];
	char *text;
	size_t len;
	printf("# refused: %s\n", label);
	CHECK_INT(read_bytes(buf, n, force, name, &text, &len), want);
	const char *msg = lu_errmsg();
	if (!CHECK_MSG(strstr(msg, frag1) && (!frag2 || strstr(msg, frag2)), label))
		printf("# message was: %s\n", msg);
	CHECK_MSG(strchr(msg, '\n') == NULL, "message is one line");
	CHECK(text == NULL);
}

static void test_empty_and_binary(void)
{
	check_refused("empty file", "", 0, NULL, LU_ENCODING, "is empty", "luoshi-enc-");
	check_refused("white space only", "  \r\n\t\xE3\x80\x80\n", 9, NULL, LU_ENCODING,
		      "is empty", NULL);
	check_refused("UTF-8 BOM only", "\xEF\xBB\xBF", 3, NULL, LU_ENCODING, "is empty", NULL);
	check_refused("UTF-16 BOM and spaces", "\xFF\xFE \0\n\0", 6, NULL, LU_ENCODING,
		      "is empty", NULL);
	check_refused("forced, empty", "", 0, "gbk", LU_ENCODING, "is empty", NULL);
	static const unsigned char elf[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
					    0, 2, 0, 0x3e, 0, 1, 0, 0, 0, 0x40, 0x10, 0, 0};
	check_refused("binary", elf, sizeof elf, NULL, LU_ENCODING,
		      "looks like a binary file (NUL byte at offset 7)", NULL);
	size_t bad = 0;
	char name[ENC_NAME_MAX];
	CHECK_INT(enc_detect(elf, sizeof elf, name, &bad), LU_ENCODING);
	CHECK_INT(bad, 7);
	/* a NUL character inside otherwise good UTF-16LE, and in forced UTF-8 */
	check_refused("UTF-16 with U+0000", "\xFF\xFE" "a\0b\0\0\0c\0", 10, NULL, LU_ENCODING,
		      "binary file (NUL character at byte 6)", NULL);
	check_refused("forced UTF-8 with NUL", "abc\0def", 7, "utf8", LU_ENCODING,
		      "NUL character at byte 3", NULL);
}

/* Bytes of text with one NUL put at off: inserted, or replacing the byte. */
static struct sbuf with_nul(const char *s, size_t n, size_t off, int replace)
{
	struct sbuf b = SBUF_INIT;
	sbuf_add(&b, s, off);
	sbuf_addc(&b, '\0');
	size_t rest = off + (replace ? 1 : 0);
	sbuf_add(&b, s + rest, n - rest);
	return b;
}

static void check_stray_nul(const char *label, const char *s, size_t n, size_t off,
			    int replace)
{
	struct sbuf b = with_nul(s, n, off, replace);
	char what[128], want[96], name[ENC_NAME_MAX];
	snprintf(what, sizeof what, "%s, one NUL %s at %s offset %zu", label,
		 replace ? "replacing a byte" : "inserted", off % 2 ? "odd" : "even", off);
	snprintf(want, sizeof want, "looks like a binary file (NUL byte at offset %zu)", off);
	check_refused(what, b.s, b.len, NULL, LU_ENCODING, want, NULL);
	size_t bad = 0;
	CHECK_INT(enc_detect((const unsigned char *)b.s, b.len, name, &bad), LU_ENCODING);
	CHECK_INT(bad, off);
	sbuf_free(&b);
}

/* First offset >= from with the given parity where byte c is. */
static size_t find_byte(const char *s, size_t n, size_t from, int odd, char c)
{
	for (size_t i = from; i < n; i++)
		if ((int)(i % 2) == odd && s[i] == c)
			return i;
	printf("Bail out! no byte %02x at %s offset after %zu\n", (unsigned char)c,
	       odd ? "odd" : "even", from);
	exit(1);
}

/* A text in an 8-bit encoding with a stray NUL is not UTF-16 (one NUL is
 * a "majority" of one), even when the NUL follows a newline and so forms
 * an aligned 0A 00 unit. */
static void test_stray_nuls(void)
{
	static const char ascii[] =
		"Minutes of the meeting\nAll tasks are due in May\nNext meeting: June 3.\n";
	size_t alen = sizeof ascii - 1;
	struct sbuf gb = ref_conv("GB18030", seed, seed_len);
	const struct {
		const char *label, *s;
		size_t n;
	} texts[] = {{"UTF-8 seed", seed, seed_len},
		     {"GB18030 seed", gb.s, gb.len},
		     {"ASCII text", ascii, alen}};
	for (size_t t = 0; t < ARRAY_SIZE(texts); t++) {
		const char *s = texts[t].s;
		size_t n = texts[t].n, mid = n / 2;
		for (int odd = 0; odd < 2; odd++) {
			check_stray_nul(texts[t].label, s, n, mid + (size_t)odd, 1);
			check_stray_nul(texts[t].label, s, n, mid + (size_t)odd, 0);
			size_t nl = find_byte(s, n, odd ? 1 : 0, odd, '\n');
			check_stray_nul(texts[t].label, s, n, nl + 1, 1);
			check_stray_nul(texts[t].label, s, n, nl + 1, 0);
			check_stray_nul(texts[t].label, s, n, nl, 1);
		}
	}
	sbuf_free(&gb);
	/* many NULs, none aligned 00 00, but control characters in UTF-16 */
	static const char ctl[] = "\x01\0\x02\0\x03\0\x04\0\x05\0\x06\0\x07\0\x08\0";
	check_refused("binary, NULs on one side", ctl, sizeof ctl - 1, NULL, LU_ENCODING,
		      "looks like a binary file (NUL byte at offset 1)", NULL);
}

/* BOM-less UTF-16 of a short text, in both byte orders. */
static void check_bomless16(const char *label, const char *text)
{
	char what[96];
	size_t n = strlen(text);
	snprintf(what, sizeof what, "%s UTF-16LE", label);
	check_variant(what, ref_conv("UTF-16LE", text, n), "UTF-16LE", text, n);
	snprintf(what, sizeof what, "%s UTF-16BE", label);
	check_variant(what, ref_conv("UTF-16BE", text, n), "UTF-16BE", text, n);
}

/* Genuine UTF-16 with few NULs still detects: by the newline, by the NUL
 * share (ASCII), or by its text looking Chinese (the seed on one line). */
static void test_bomless_utf16(void)
{
	check_bomless16("one Chinese line", "主题教育\n");
	check_bomless16("one Chinese line with 一", "一是加强领导。\n");
	check_bomless16("ASCII text", "Minutes of the meeting\nAll tasks are due in May.\n");
	check_bomless16("ASCII, no newline", "Tasks 1-3");
	check_bomless16("mostly ASCII, no newline", "2024 plan 主题");
	struct sbuf flat = SBUF_INIT;
	for (size_t i = 0; i < seed_len; i++)
		if (seed[i] != '\n' && seed[i] != '\r')
			sbuf_addc(&flat, seed[i]);
	check_bomless16("seed on one line", flat.s);
	sbuf_free(&flat);
}

/* Offsets of bad bytes must point at the start of the bad sequence. */
static void test_bad_sequences(void)
{
	struct sbuf gb = ref_conv("GB18030", seed, seed_len);
	char msg[128];
	/* a lone lead byte at the end: truncated, offset = its start */
	struct sbuf t = SBUF_INIT;
	sbuf_add(&t, gb.s, gb.len);
	sbuf_add(&t, "\xD6", 1);
	snprintf(msg, sizeof msg, "truncated GB18030 byte sequence at byte %zu", gb.len);
	check_refused("GB18030 truncated at the end", t.s, t.len, NULL, LU_ENCODING, msg,
		      "cannot import ");
	sbuf_reset(&t);
	sbuf_add(&t, seed, seed_len);
	sbuf_add(&t, "\xE4\xB8", 2);
	snprintf(msg, sizeof msg, "truncated UTF-8 byte sequence at byte %zu", seed_len);
	check_refused("UTF-8 truncated at the end", t.s, t.len, NULL, LU_ENCODING, msg, NULL);
	size_t bad = 0;
	char name[ENC_NAME_MAX];
	CHECK_INT(enc_detect((const unsigned char *)t.s, t.len, name, &bad), LU_ENCODING);
	CHECK_INT(bad, seed_len);

	/* an invalid byte in the middle, at a character boundary */
	size_t mid = gb.len / 2;
	while (mid < gb.len && (unsigned char)gb.s[mid] != '\n')
		mid++;
	sbuf_reset(&t);
	sbuf_add(&t, gb.s, mid);
	sbuf_add(&t, "\xFF", 1);
	sbuf_add(&t, gb.s + mid, gb.len - mid);
	snprintf(msg, sizeof msg, "invalid GB18030 byte sequence at byte %zu", mid);
	/* with its line, and how to keep the rest */
	char line_msg[160];
	size_t line = 1;
	for (size_t i = 0; i < mid; i++)
		line += gb.s[i] == '\n';
	snprintf(line_msg, sizeof line_msg, "(line %zu); mend that line, or drop the bytes that"
		 " cannot be read with iconv -c -f GB18030 -t UTF-8", line);
	check_refused("GB18030 with 0xFF in the middle", t.s, t.len, NULL, LU_ENCODING, msg,
		      line_msg);
	CHECK_INT(enc_detect((const unsigned char *)t.s, t.len, name, &bad), LU_ENCODING);
	CHECK_INT(bad, mid);

	mid = seed_len / 2;
	while (mid < seed_len && seed[mid] != '\n')
		mid++;
	sbuf_reset(&t);
	sbuf_add(&t, seed, mid);
	sbuf_add(&t, "\x9C", 1); /* a continuation byte alone */
	sbuf_add(&t, seed + mid, seed_len - mid);
	snprintf(msg, sizeof msg, "invalid UTF-8 byte sequence at byte %zu", mid);
	line = 1;
	for (size_t i = 0; i < mid; i++)
		line += seed[i] == '\n';
	snprintf(line_msg, sizeof line_msg, "(line %zu)", line);
	check_refused("UTF-8 with a stray byte", t.s, t.len, NULL, LU_ENCODING, msg, line_msg);
	/* forcing the wrong encoding names that encoding */
	check_refused("GB18030 forced as UTF-8", gb.s, gb.len, "UTF8", LU_ENCODING,
		      "invalid UTF-8 byte sequence at byte 2", NULL);
	check_refused("unknown forced encoding", seed, seed_len, "klingon", LU_USAGE,
		      "unknown encoding klingon", NULL);

	/* enc_to_utf8 directly: odd-length UTF-16 */
	struct sbuf u16 = ref_conv("UTF-16LE", "主题教育", strlen("主题教育"));
	char *out = NULL;
	size_t outlen;
	bad = 0;
	CHECK_INT(enc_to_utf8("UTF-16LE", (const unsigned char *)u16.s, u16.len - 1, &out, &outlen,
			      &bad),
		  LU_ENCODING);
	CHECK_INT(bad, u16.len - 2);
	CHECK(out == NULL);
	CHECK_INT(enc_to_utf8("UTF-16LE", (const unsigned char *)u16.s, u16.len, &out, &outlen,
			      &bad),
		  LU_OK);
	CHECK_STR(out, "主题教育");
	free(out);
	sbuf_free(&u16);
	sbuf_free(&t);
	sbuf_free(&gb);
}

static void test_large_and_controls(void)
{
	/* 10 MB in one line, in GB18030 (the slow path) */
	struct sbuf big = SBUF_INIT;
	while (big.len < 10 * 1024 * 1024)
		sbuf_adds(&big, "主题教育2024年“两个确立”——");
	struct sbuf gb = ref_conv("GB18030", big.s, big.len);
	char name[ENC_NAME_MAX] = "";
	char *text;
	size_t len;
	CHECK_INT(read_bytes(gb.s, gb.len, NULL, name, &text, &len), LU_OK);
	CHECK_STR(name, "GB18030");
	CHECK_MSG(text && len == big.len && memcmp(text, big.s, len) == 0,
		  "10 MB single line decodes exactly");
	free(text);
	sbuf_free(&gb);
	sbuf_free(&big);

	/* enc does not filter: controls are the display's business */
	static const char ctl[] = "标题\x1b[31m红\x1b[0m\x07 \xC2\x9C \xE2\x80\xAE"
				  "abc\xE2\x80\xAC \xE2\x81\xA6x\xE2\x81\xA9\n";
	CHECK_INT(read_bytes(ctl, strlen(ctl), NULL, name, &text, &len), LU_OK);
	CHECK_STR(name, "UTF-8");
	CHECK_STR(text, ctl);
	free(text);
}

static void test_from_utf8(void)
{
	const char *s = "主题—·€😀x";
	char *out;
	size_t len;
	CHECK_INT(enc_from_utf8("GBK", s, strlen(s), &out, &len), LU_OK);
	struct sbuf want = ref_conv("GBK", "主题—·€", strlen("主题—·€"));
	sbuf_add(&want, "?x", 2);
	CHECK_MSG(len == want.len && memcmp(out, want.s, len) == 0, "GBK export: emoji -> ?");
	free(out);
	sbuf_free(&want);
	CHECK_INT(enc_from_utf8("GB18030", s, strlen(s), &out, &len), LU_OK);
	char *back;
	size_t backlen;
	CHECK_INT(enc_to_utf8("GB18030", (unsigned char *)out, len, &back, &backlen, NULL), LU_OK);
	CHECK_STR(back, s); /* GB18030 covers all of Unicode */
	free(back);
	free(out);
	CHECK_INT(enc_from_utf8("GBK", "a\xFF" "b\xE4\xB8", 5, &out, &len), LU_OK);
	CHECK_STR(out, "a?b?");
	free(out);
	/* what became '?' is counted, the first one named */
	size_t lost = 0;
	uint32_t first = 0;
	CHECK_INT(enc_from_utf8_lost("GBK", "重工•起重😀", strlen("重工•起重😀"), &out, &len, &lost,
				     &first),
		  LU_OK);
	CHECK_INT(lost, 2);
	CHECK_INT(first, 0x2022);
	free(out);
	lost = 0;
	first = 7;
	CHECK_INT(enc_from_utf8_lost("GB18030", "重工•起重😀", strlen("重工•起重😀"), &out, &len,
				     &lost, &first),
		  LU_OK);
	CHECK_MSG(lost == 0 && first == 7, "GB18030: nothing lost, first untouched");
	free(out);
	CHECK_INT(enc_from_utf8_lost("GBK", "a\xFF", 2, &out, &len, &lost, &first), LU_OK);
	CHECK_MSG(lost == 1 && first == 0xFFFD, "an invalid byte: lost, U+FFFD");
	free(out);
	CHECK_INT(enc_from_utf8("no-such-charset", "a", 1, &out, &len), LU_USAGE);
}

static void test_canonical(void)
{
	CHECK_STR(enc_canonical("utf8"), "UTF-8");
	CHECK_STR(enc_canonical("UTF-8"), "UTF-8");
	CHECK_STR(enc_canonical("gb2312"), "GB18030");
	CHECK_STR(enc_canonical("GB_18030"), "GB18030");
	CHECK_STR(enc_canonical("gbk"), "GBK");
	CHECK_STR(enc_canonical("utf-16le"), "UTF-16LE");
	CHECK_STR(enc_canonical("Utf-16"), "UTF-16");
	CHECK_STR(enc_canonical("latin1"), "LATIN1");
	CHECK(enc_canonical("klingon") == NULL);
	CHECK(enc_canonical("UTF-8//TRANSLIT") == NULL);
	CHECK(enc_canonical("") == NULL);

	/* forced UTF-16 without a BOM takes its byte order from the NULs */
	struct sbuf be = ref_conv("UTF-16BE", "第一条 abc\n", strlen("第一条 abc\n"));
	char name[ENC_NAME_MAX];
	char *text;
	size_t len;
	CHECK_INT(read_bytes(be.s, be.len, "utf-16", name, &text, &len), LU_OK);
	CHECK_STR(name, "UTF-16BE");
	CHECK_STR(text, "第一条 abc\n");
	free(text);
	sbuf_free(&be);
}

int main(void)
{
	load_seed();
	test_variants(seed, seed_len, "seed");
	size_t n;
	char *crlf_seed = crlf(seed, seed_len, &n);
	test_variants(crlf_seed, n, "CRLF seed");
	free(crlf_seed);
	test_empty_and_binary();
	test_stray_nuls();
	test_bomless_utf16();
	test_bad_sequences();
	test_large_and_controls();
	test_from_utf8();
	test_canonical();
	free(seed);
	return check_done();
}
