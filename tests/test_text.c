/* test_text.c - widths (checked against glibc's wcwidth), sanitising of each
 * class of unsafe character, truncation, and 禁则 line breaking of the seed
 * document's paragraphs at every width from 20 to 100. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "check.h"
#include "luoshi/similar.h"
#include "luoshi/text.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

static uint32_t cp_at(const char *s, size_t n)
{
	uint32_t cp = 0;
	utf8_decode(s, n, &cp);
	return cp;
}

/* Code point that ends just before s + end. */
static uint32_t cp_before(const char *s, size_t end)
{
	size_t i = end;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	return i > 0 ? cp_at(s + i - 1, end - i + 1) : 0;
}

static void test_widths(void)
{
	CHECK_INT(text_ambiguous_width(), 1);
	CHECK_INT(text_cp_width('A'), 1);
	CHECK_INT(text_cp_width(0x4E2D), 2);  /* 中 */
	CHECK_INT(text_cp_width(0xFF0C), 2);  /* ， */
	CHECK_INT(text_cp_width(0x3002), 2);  /* 。 */
	CHECK_INT(text_cp_width(0x300A), 2);  /* 《 */
	CHECK_INT(text_cp_width(0x201C), 1);  /* “ ambiguous */
	CHECK_INT(text_cp_width(0x2014), 1);  /* — ambiguous */
	CHECK_INT(text_cp_width(0x0301), 0);  /* combining acute */
	CHECK_INT(text_cp_width(0x200D), 0);  /* ZWJ */
	CHECK_INT(text_cp_width(0x1F600), 2); /* emoji */
	CHECK_INT(text_cp_width(0x1B), -1);
	CHECK_INT(text_cp_width(0x85), -1);
	CHECK_INT(text_cp_width(0x110000), -1);

	text_set_ambiguous_width(2);
	CHECK_INT(text_ambiguous_width(), 2);
	CHECK_INT(text_cp_width(0x201C), 2);
	CHECK_INT(text_cp_width(0x2026), 2); /* … */
	CHECK_INT(text_cp_width(0x2460), 2); /* ① */
	CHECK_INT(text_cp_width(0x00E9), 2); /* é is A */
	CHECK_INT(text_cp_width(0x00A2), 1); /* ¢ is Na, not A */
	CHECK_INT(text_cp_width(0x0301), 0); /* A, but still combining */
	CHECK_INT(text_cp_width('A'), 1);
	CHECK_INT(text_width("“中”", strlen("“中”")), 6);
	text_set_ambiguous_width(7); /* anything but 2 means 1 */
	CHECK_INT(text_ambiguous_width(), 1);
	CHECK_INT(text_width("“中”", strlen("“中”")), 4);

	const char *mix = "中文abc“”";
	CHECK_INT(text_width(mix, strlen(mix)), 9);
}

/* Our width must be what ncursesw will assume: glibc wcwidth() in a UTF-8
 * locale. A sample first (named, so a failure says which), then every
 * assigned code point. */
static void test_against_wcwidth(void)
{
	if (!CHECK_MSG(setlocale(LC_ALL, "C.UTF-8") != NULL, "C.UTF-8 locale available"))
		return;
	static const uint32_t sample[] = {
		0x4E2D, 0x6C49, 0x9FA5, 0x3400, 0x20000, 0xFF0C, 0x3002, 0xFF08, 0xFF09, 0x300A,
		0x300B, 0x3001, 0xFF1A, 0x201C, 0x201D, 0x2018, 0x2014, 0x2026, 0x00B7, 0x2460,
		0x25CB, 0x3007, 0x00A7, 0x00D7, 0x2192, 0x2500, 0x25CF, 0x25A0, 0x2605, 0x2160,
		0x00B0, 'a', 'Z', '0', 0x00E9, 0x0301, 0x0300, 0x20DD, 0x1F600, 0x1F44D,
		0x2764, 0xFE0F, 0x200B, 0xFEFF, 0x3000, 0x00AD, 0x0600, 0x4DC0, 0x3248, 0xFFFD,
	};
	for (size_t i = 0; i < ARRAY_SIZE(sample); i++) {
		char what[64];
		snprintf(what, sizeof what, "width of U+%04X matches wcwidth", (unsigned)sample[i]);
		int ours = text_cp_width(sample[i]), libc = wcwidth((wchar_t)sample[i]);
		if (!CHECK_MSG(ours == libc, what))
			printf("# ours %d, wcwidth %d\n", ours, libc);
	}
	size_t checked = 0, differ = 0;
	for (uint32_t cp = 0xA0; cp <= 0x10FFFF; cp++) {
		int libc = wcwidth((wchar_t)cp);
		if (libc < 0 || text_is_unsafe(cp))
			continue; /* unassigned in glibc, or never drawn raw */
		checked++;
		if (text_cp_width(cp) != libc && differ++ < 5)
			printf("# U+%04X: ours %d, wcwidth %d\n", (unsigned)cp,
			       text_cp_width(cp), libc);
	}
	CHECK(checked > 250000);
	CHECK_INT(differ, 0);
	setlocale(LC_ALL, "C");
}

/* a string literal and its length, NULs included */
#define S(lit) lit, sizeof(lit) - 1

static void check_sanitize(const char *in, size_t n, int keep, const char *want)
{
	char *got = text_sanitize(in, n, keep);
	CHECK_STR(got, want);
	/* widths agree with what is drawn */
	CHECK_INT(text_width(in, n), text_width(got, strlen(got)));
	free(got);
}

static void test_sanitize(void)
{
	check_sanitize(S("a\x1b[31mb"), 0, "a^[[31mb");
	check_sanitize(S("\x01\x1f"), 0, "^A^_");
	check_sanitize(S("x\0y"), 0, "x^@y");
	check_sanitize(S("a\tb"), 0, "a b");
	check_sanitize(S("a\nb"), 1, "a\nb");
	check_sanitize(S("a\nb"), 0, "a b");
	check_sanitize(S("a\r\nb"), 1, "a\nb");
	check_sanitize(S("a\r\nb"), 0, "a b");
	check_sanitize(S("a\rb"), 0, "a^Mb");
	check_sanitize(S("a\r"), 0, "a^M");
	check_sanitize(S("\x7f"), 0, "^?");
	check_sanitize(S("\xc2\x9c"), 0, "<U+009C>"); /* C1, properly encoded */
	check_sanitize(S("\xc2\x85"), 0, "<U+0085>");
	check_sanitize(S("\x9c"), 0, "<9C>"); /* a lone continuation byte */
	check_sanitize(S("a\xff"), 0, "a<FF>");
	check_sanitize(S("\xe4\xb8"), 0, "<E4><B8>");
	check_sanitize(S("\xc0\xaf"), 0, "<C0><AF>"); /* overlong */
	check_sanitize(S("\xed\xa0\x80"), 0, "<ED><A0><80>"); /* surrogate */
	check_sanitize(S("a\xe2\x80\xae" "b"), 0, "a<U+202E>b");
	check_sanitize(S("\xe2\x80\xaa\xe2\x80\xac"), 0, "<U+202A><U+202C>");
	check_sanitize(S("\xe2\x81\xa6\xe2\x81\xa9"), 0, "<U+2066><U+2069>");
	check_sanitize(S("\xe2\x80\x8e\xe2\x80\x8f"), 0, "<U+200E><U+200F>");
	check_sanitize(S("\xd8\x9c"), 0, "<U+061C>");
	check_sanitize(S("\xe2\x80\xa8"), 0, "<U+2028>");
	const char *safe = "主题“教育”——……·①○é\xe2\x80\x8a\xe2\x80\xaf\xef\xbb\xbe";
	check_sanitize(safe, strlen(safe), 0, safe); /* hair space, NNBSP, U+FEFE */
	/* invisible format characters: zero width, joiners, BOM, annotation */
	check_sanitize(S("a\xe2\x80\x8b" "b"), 0, "a<U+200B>b");
	check_sanitize(S("\xe2\x80\x8c\xe2\x80\x8d"), 0, "<U+200C><U+200D>");
	check_sanitize(S("\xe2\x81\xa0\xe2\x81\xa4"), 0, "<U+2060><U+2064>");
	check_sanitize(S("\xe2\x81\xaa\xe2\x81\xaf"), 0, "<U+206A><U+206F>");
	check_sanitize(S("\xef\xbb\xbf主题"), 0, "<U+FEFF>主题");
	check_sanitize(S("\xef\xbf\xb9\xef\xbf\xbb"), 0, "<U+FFF9><U+FFFB>");
	/* the neighbours of those ranges are ordinary text */
	check_sanitize(S("\xe2\x81\xa5\xef\xbf\xbc"), 0, "\xe2\x81\xa5\xef\xbf\xbc");
	CHECK_INT(text_width(S("中\xe2\x80\x8b文")), 4 + 8); /* as drawn: 中<U+200B>文 */

	CHECK(text_is_unsafe('\n'));
	CHECK(text_is_unsafe('\t'));
	CHECK(text_is_unsafe(0x9B)); /* CSI */
	CHECK(text_is_unsafe(0x202D));
	CHECK(text_is_unsafe(0x200B));
	CHECK(text_is_unsafe(0xFEFF));
	CHECK(!text_is_unsafe(0x200A));
	CHECK(!text_is_unsafe(0x2065));
	CHECK(!text_is_unsafe(0xFFFC));
	CHECK(!text_is_unsafe(0xFFFD));
	CHECK(!text_is_unsafe(' '));
	/* a real U+FFFD is text, not an invalid byte */
	char *got = text_sanitize("\xef\xbf\xbd", 3, 0);
	CHECK_STR(got, "\xef\xbf\xbd");
	free(got);
	const char *esc = "\x1b]0;title\x07\x1b[2J";
	got = text_sanitize(esc, strlen(esc), 0);
	CHECK_STR(got, "^[]0;title^G^[[2J");
	CHECK_INT(text_width(esc, strlen(esc)), (int)strlen(got));
	free(got);
}

static void test_fit_and_truncate(void)
{
	int used = -1;
	CHECK_INT(text_fit("中文", 6, 3, &used), 3);
	CHECK_INT(used, 2);
	CHECK_INT(text_fit("e\xcc\x81x", 4, 1, &used), 3); /* keeps the combining mark */
	CHECK_INT(text_fit("abc", 3, 10, &used), 3);
	CHECK_INT(used, 3);
	CHECK_INT(text_fit("中", 3, 1, &used), 0);

	char *t = text_truncate("abcdef", 6, 4, 0);
	CHECK_STR(t, "abc~");
	free(t);
	t = text_truncate("中文字", strlen("中文字"), 4, 1);
	CHECK_STR(t, "中 ~");
	free(t);
	t = text_truncate("abc", 3, 5, 0);
	CHECK_STR(t, "abc");
	free(t);
	t = text_truncate("abc", 3, 5, 1);
	CHECK_STR(t, "abc  ");
	free(t);
	t = text_truncate("abc", 3, 0, 1);
	CHECK_STR(t, "");
	free(t);
	t = text_truncate("a\x1b[1mb", 6, 20, 0);
	CHECK_STR(t, "a^[[1mb");
	free(t);

	/* every width: exactly cols columns, valid UTF-8, a prefix of the text */
	const char *s = "主题“教育”abc中文——……①2024年";
	char *clean = text_sanitize(s, strlen(s), 0);
	int total = text_width(s, strlen(s));
	for (int amb = 1; amb <= 2; amb++) {
		text_set_ambiguous_width(amb);
		total = text_width(s, strlen(s));
		int exact = 1, valid = 1, prefix = 1;
		for (int cols = 1; cols <= total + 2; cols++) {
			t = text_truncate(s, strlen(s), cols, 1);
			size_t len = strlen(t);
			exact &= text_width(t, len) == cols;
			valid &= utf8_check(t, len) == (size_t)-1;
			size_t body = len;
			while (body > 0 && (t[body - 1] == '~' || t[body - 1] == ' '))
				body--;
			prefix &= strncmp(t, clean, body) == 0;
			free(t);
		}
		CHECK_MSG(exact, "truncate+pad gives exactly cols columns at every width");
		CHECK_MSG(valid, "truncation never cuts a character");
		CHECK_MSG(prefix, "truncation keeps a prefix of the text");
	}
	text_set_ambiguous_width(1);
	free(clean);
}

/* Invariants of a wrapped paragraph; returns the number of breaks seen. */
static size_t check_wrap(const char *p, size_t n, int width, int indent, int *ok)
{
	struct text_line *lines;
	size_t count = text_wrap(p, n, width, indent, &lines);
	size_t pos = 0;
	for (size_t k = 0; k < count; k++) {
		const struct text_line *l = &lines[k];
		int avail = k ? width : width - indent;
		ok[0] &= l->width <= avail && l->width == text_width(p + l->off, l->len);
		for (; pos < l->off; pos++)
			ok[1] &= p[pos] == ' '; /* only dropped spaces between lines */
		ok[1] &= l->off == pos;
		pos = l->off + l->len;
		if (k == 0)
			continue;
		uint32_t first = cp_at(p + l->off, n - l->off);
		uint32_t before = cp_before(p, lines[k - 1].off + lines[k - 1].len);
		ok[2] &= !text_no_line_start(first);
		ok[3] &= !text_no_line_end(before);
		ok[4] &= !(before == 0x2014 && first == 0x2014) &&
			 !(before == 0x2026 && first == 0x2026);
		ok[5] &= !(before >= '0' && before <= '9' && first >= '0' && first <= '9');
	}
	for (; pos < n; pos++)
		ok[1] &= p[pos] == ' ';
	free(lines);
	return count - 1;
}

static const char *const wrap_rules[] = {
	"no line exceeds the width (and widths are right)",
	"the lines give the paragraph back",
	"no line starts with a no-start mark",
	"no line ends with a no-end mark",
	"—— and …… are never split",
	"digit runs are never split",
};

/* The seed has no —— or ……: put them, and a year, all over a paragraph so
 * that many breaks fall next to them. */
static char *spice(const char *p, size_t n)
{
	static const char *const marks[] = {"——", "……", "2024年", "“两个确立”", "（一）"};
	struct sbuf b = SBUF_INIT;
	size_t i = 0, chars = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		sbuf_add(&b, p + i, len);
		i += len;
		if (++chars % 7 == 0)
			sbuf_adds(&b, marks[(chars / 7) % ARRAY_SIZE(marks)]);
	}
	return sbuf_detach(&b);
}

static void test_wrap_seed(void)
{
	const char *env = getenv("SEED"), *srcdir = getenv("srcdir");
	char *path = env && *env ? xstrdup(env)
				 : xasprintf("%s/data/zhuti-jiaoyu-yijian-2024.txt",
					     srcdir && *srcdir ? srcdir : ".");
	char *seed;
	size_t seed_len, paragraphs = 0, breaks = 0;
	if (!CHECK_MSG(lu_read_file(path, &seed, &seed_len) == 0, "seed document readable")) {
		free(path);
		return;
	}
	int ok[ARRAY_SIZE(wrap_rules)];
	for (size_t r = 0; r < ARRAY_SIZE(ok); r++)
		ok[r] = 1;
	for (char *p = seed, *end; p < seed + seed_len; p = end + 1) {
		end = memchr(p, '\n', (size_t)(seed + seed_len - p));
		if (!end)
			end = seed + seed_len;
		if (end == p)
			continue;
		paragraphs++;
		char *spiced = spice(p, (size_t)(end - p));
		for (int w = 20; w <= 100; w++) {
			breaks += check_wrap(p, (size_t)(end - p), w, 0, ok);
			breaks += check_wrap(p, (size_t)(end - p), w, 4, ok);
			breaks += check_wrap(spiced, strlen(spiced), w, 0, ok);
		}
		free(spiced);
	}
	for (size_t r = 0; r < ARRAY_SIZE(ok); r++)
		CHECK_MSG(ok[r], wrap_rules[r]);
	CHECK(paragraphs > 20);
	CHECK(breaks > 10000);
	free(seed);
	free(path);
}

/* Expect the exact lines, joined by '|'. */
static void check_lines(const char *p, int width, const char *want)
{
	struct text_line *lines;
	size_t count = text_wrap(p, strlen(p), width, 0, &lines);
	struct sbuf b = SBUF_INIT;
	for (size_t k = 0; k < count; k++) {
		if (k)
			sbuf_addc(&b, '|');
		sbuf_add(&b, p + lines[k].off, lines[k].len);
	}
	CHECK_STR(b.s ? b.s : "", want);
	sbuf_free(&b);
	free(lines);
}

static void test_wrap_rules(void)
{
	check_lines("中中中中中，中", 10, "中中中中|中，中");  /* carry one down */
	check_lines("中中中中“中中”", 10, "中中中中|“中中”"); /* “ may not end */
	check_lines("中中中中——中中", 10, "中中中中——|中中");
	check_lines("中中中中中——中", 11, "中中中中中|——中"); /* not —|— */
	check_lines("中中中……中中", 10, "中中中……中|中");
	check_lines("中中中中中……", 11, "中中中中|中……"); /* not …|… nor |…… */
	check_lines("中中中中2024年", 10, "中中中中|2024年");
	check_lines("推动“两个确立”的决定", 10, "推动“两个|确立”的决|定");
	check_lines("中中中中中“中”", 10, "中中中中中|“中”"); /* break before “ */
	check_lines("中中中”中中", 8, "中中中”|中中");	   /* break after ” */
	check_lines("hello world foo", 11, "hello world|foo");
	check_lines("hello   world", 5, "hello|world");
	check_lines("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij|klmnopqrst|uvwxyz");
	check_lines("", 10, "");
	check_lines("中文", 1, "中|文"); /* a character wider than the line sticks out */
	/* hanging spaces then a zero-width character (found by fuzzing) */
	check_lines("abc      \xef\xb8\x8f" "d", 5, "abc|\xef\xb8\x8f" "d"); /* U+FE0F */
	/* U+FEFF is drawn as <U+FEFF>, 8 columns: alone on its line at width 5 */
	check_lines("abc      \xef\xbb\xbf" "d", 5, "abc|\xef\xbb\xbf|d");
	check_lines("ab\xef\xbb\xbf" "cd", 10, "ab\xef\xbb\xbf|cd");

	struct text_line *lines;
	CHECK_INT(text_wrap("", 0, 10, 0, &lines), 1);
	CHECK_INT(lines[0].len, 0);
	free(lines);
	CHECK_INT(text_wrap("中中中中中中", strlen("中中中中中中"), 8, 4, &lines), 2);
	CHECK_INT(lines[0].width, 4);
	CHECK_INT(lines[1].width, 8);
	free(lines);

	/* the lists of DESIGN.md §4, each character looked up in our tables */
	const char *starts = "，。、；：？！．,.;:?!”’）》〉」』】〕〗］｝·・～％‰℃°々…";
	const char *ends = "“‘（《〈「『【〔〖［｛￥＄([{";
	int all = 1;
	for (size_t i = 0; starts[i];) {
		uint32_t cp;
		i += utf8_decode(starts + i, strlen(starts + i), &cp);
		if (!text_no_line_start(cp) || text_no_line_end(cp))
			printf("# U+%04X misclassified\n", (unsigned)cp), all = 0;
	}
	CHECK_MSG(all, "every no-start mark is in the table");
	all = 1;
	for (size_t i = 0; ends[i];) {
		uint32_t cp;
		i += utf8_decode(ends + i, strlen(ends + i), &cp);
		if (!text_no_line_end(cp) || text_no_line_start(cp))
			printf("# U+%04X misclassified\n", (unsigned)cp), all = 0;
	}
	CHECK_MSG(all, "every no-end mark is in the table");
	CHECK(text_no_line_start(0xFF0C) && text_no_line_start(0x3002) && text_no_line_start('.'));
	CHECK(text_no_line_start(0x201D) && text_no_line_start(0x300B) && text_no_line_start(0x00B7));
	CHECK(text_no_line_start(0x3005) && text_no_line_start(0x2103) && text_no_line_start(0xFF05));
	CHECK(!text_no_line_start(0x4E2D) && !text_no_line_start(0x201C));
	CHECK(text_no_line_end(0x201C) && text_no_line_end(0xFF08) && text_no_line_end(0x300A));
	CHECK(text_no_line_end(0x3010) && text_no_line_end(0xFFE5) && text_no_line_end(0xFF04));
	CHECK(!text_no_line_end(0x201D) && !text_no_line_end(0x4E2D));
}

/* Random strings of awkward pieces: the hard invariants hold at every width. */
static void test_wrap_random(void)
{
	static const char *const pieces[] = {"中", "，", "“", "”", "——", "…", "12", "ab",
					     " ", "（", "）", "e\xcc\x81", "😀", "\x1b", "\xff",
					     "\xef\xb8\x8f", "\xe2\x80\x8b", "   "};
	unsigned seed = 12345;
	int ok[ARRAY_SIZE(wrap_rules)] = {1, 1, 1, 1, 1, 1};
	int no_mark_split = 1;
	for (int round = 0; round < 300; round++) {
		struct sbuf b = SBUF_INIT;
		int len = 1 + round % 40;
		for (int i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			sbuf_adds(&b, pieces[(seed >> 16) % ARRAY_SIZE(pieces)]);
		}
		for (int w = 8; w <= 30; w++) { /* <U+200B> is 8 wide */
			struct text_line *lines;
			size_t count = text_wrap(b.s, b.len, w, 0, &lines);
			for (size_t k = 0; k < count; k++) {
				ok[0] &= lines[k].width <= w;
				no_mark_split &= lines[k].len == 0 || k == 0 ||
						 (unsigned char)b.s[lines[k].off] != 0xCC;
			}
			free(lines);
			int dummy[ARRAY_SIZE(wrap_rules)] = {1, 1, 1, 1, 1, 1};
			check_wrap(b.s, b.len, w, 0, dummy);
			ok[1] &= dummy[1];
		}
		sbuf_free(&b);
	}
	CHECK_MSG(ok[0], "random text: no line exceeds the width");
	CHECK_MSG(ok[1], "random text: the lines give the text back");
	CHECK_MSG(no_mark_split, "random text: a combining mark stays with its base");
}

/* ---- tables ---- */

static int widest(char **l, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		int x = text_width(l[i], strlen(l[i]));
		w = x > w ? x : w;
	}
	return w;
}

static void free_lines(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

static void test_table(void)
{
	printf("# tables\n");
	const char *rows = "序号\t重点任务\t牵头单位\n1\t推进一网通办\t市政务服务局\n"
			   "2\t压减审批时间\t住建委";
	char **l;
	size_t n = text_table(rows, 80, &l);
	CHECK_INT(n, 3); /* it fits: a line per row */
	if (n == 3) {
		CHECK_STR(l[0], "序号  重点任务      牵头单位");
		CHECK_STR(l[1], "1     推进一网通办  市政务服务局");
		/* columns start at the same display column in every row */
		CHECK_INT(text_width(l[0], (size_t)(strstr(l[0], "牵头") - l[0])),
			  text_width(l[1], (size_t)(strstr(l[1], "市政") - l[1])));
	}
	free_lines(l, n);
	n = text_table(rows, 20, &l);
	CHECK(n > 3); /* narrowed: cells wrap */
	CHECK(widest(l, n) <= 20);
	int whole = 0;
	for (size_t i = 0; i < n; i++)
		whole |= strstr(l[i], "市政务服务局") != NULL;
	CHECK(!whole);
	free_lines(l, n);
	/* rows of different lengths, an escape sequence, an empty table */
	n = text_table("a\tb\tc\nonly\n\x1b[31mred\tx", 40, &l);
	CHECK_INT(n, 3);
	if (n == 3)
		CHECK(!strchr(l[2], '\x1b'));
	free_lines(l, n);
	n = text_table("", 40, &l);
	CHECK_INT(n, 0);
	free_lines(l, n);
}

/* Dice's coefficient of character pairs, what --replace matches an
 * edited measure by. */
static int dice(const char *a1, const char *b1, const char *a2, const char *b2)
{
	struct grams x, y;
	grams_of(&x, a1, b1);
	grams_of(&y, a2, b2);
	int d = grams_dice(&x, &y);
	grams_free(&x);
	grams_free(&y);
	return d;
}

static void test_similar(void)
{
	const char *m = "各部门要完善考核机制，把学习成效纳入年度考核。要强化宣传引导，营造良好氛围。";
	CHECK_INT(dice("完善考核机制", m, "完善考核机制", m), 1000);
	CHECK_INT(dice("", "", "完善考核机制", m), 0);
	CHECK_INT(dice("甲", NULL, "甲", NULL), 0); /* one character has no pair */
	/* white space is not a character: a line broken elsewhere is the same */
	CHECK_INT(dice("完善考核机制", "要强化宣传引导，\n  营造良好氛围。", "完善考核机制",
		       "要强化宣传　引导，营造良好氛围。"),
		  1000);
	/* no pair across heading and body: 制 + 要 is not one */
	struct grams g;
	grams_of(&g, "机制", "要求");
	CHECK_INT(g.n, 2);
	grams_free(&g);
	/* a repeated pair counts once */
	grams_of(&g, "推进推进推进", NULL);
	CHECK_INT(g.n, 2);
	grams_free(&g);
	/* one sentence of three edited: still the same measure */
	int edited = dice("完善考核机制", m, "完善考核机制",
			  "各部门要完善考核机制，把学习成效纳入年度考核。要加强舆论宣传引导，营造良好氛围。");
	CHECK(edited >= 500 && edited < 1000);
	/* two measures of one document sharing their common words: not */
	CHECK(dice("健全基层组织", "各地区要健全基层党组织，做好党员发展工作。要抓好干部培训，每年组织一次轮训。",
		   "完善考核机制", m) < 500);
}

int main(void)
{
	test_similar();
	test_table();
	test_widths();
	test_against_wcwidth();
	test_sanitize();
	test_fit_and_truncate();
	test_wrap_rules();
	test_wrap_seed();
	test_wrap_random();
	return check_done();
}
