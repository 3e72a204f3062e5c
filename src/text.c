/* text.c - display width, sanitising of untrusted text, truncation and 禁则
 * line breaking (DESIGN.md §4). Everything that computes a column goes
 * through unit_width(), so truncation, alignment and wrapping agree. */
#include "config.h"
#include "luoshi/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unilbrk.h>
#include <uniwidth.h>

#include "luoshi/utf8.h"
#include "luoshi/util.h"

/* An invalid byte b is decoded to BAD_BYTE + b: outside Unicode, so it can
 * never be confused with a real U+FFFD in the text. */
#define BAD_BYTE 0x110000u

static int ambiguous_width = 1;

struct range {
	uint32_t lo, hi;
};

/* East Asian Width "A" (Unicode 14.0 EastAsianWidth.txt, as libunistring
 * 1.0 and glibc 2.36 use). libunistring's own CJK mode widens all of
 * U+00A1..U+FF60 (é, ¢, Cyrillic), which no terminal's "ambiguous is wide"
 * setting does, so we keep the real list. */
static const struct range ambiguous[] = {
	{0x00A1, 0x00A1}, {0x00A4, 0x00A4}, {0x00A7, 0x00A8}, {0x00AA, 0x00AA}, {0x00AD, 0x00AE},
	{0x00B0, 0x00B4}, {0x00B6, 0x00BA}, {0x00BC, 0x00BF}, {0x00C6, 0x00C6}, {0x00D0, 0x00D0},
	{0x00D7, 0x00D8}, {0x00DE, 0x00E1}, {0x00E6, 0x00E6}, {0x00E8, 0x00EA}, {0x00EC, 0x00ED},
	{0x00F0, 0x00F0}, {0x00F2, 0x00F3}, {0x00F7, 0x00FA}, {0x00FC, 0x00FC}, {0x00FE, 0x00FE},
	{0x0101, 0x0101}, {0x0111, 0x0111}, {0x0113, 0x0113}, {0x011B, 0x011B}, {0x0126, 0x0127},
	{0x012B, 0x012B}, {0x0131, 0x0133}, {0x0138, 0x0138}, {0x013F, 0x0142}, {0x0144, 0x0144},
	{0x0148, 0x014B}, {0x014D, 0x014D}, {0x0152, 0x0153}, {0x0166, 0x0167}, {0x016B, 0x016B},
	{0x01CE, 0x01CE}, {0x01D0, 0x01D0}, {0x01D2, 0x01D2}, {0x01D4, 0x01D4}, {0x01D6, 0x01D6},
	{0x01D8, 0x01D8}, {0x01DA, 0x01DA}, {0x01DC, 0x01DC}, {0x0251, 0x0251}, {0x0261, 0x0261},
	{0x02C4, 0x02C4}, {0x02C7, 0x02C7}, {0x02C9, 0x02CB}, {0x02CD, 0x02CD}, {0x02D0, 0x02D0},
	{0x02D8, 0x02DB}, {0x02DD, 0x02DD}, {0x02DF, 0x02DF}, {0x0300, 0x036F}, {0x0391, 0x03A1},
	{0x03A3, 0x03A9}, {0x03B1, 0x03C1}, {0x03C3, 0x03C9}, {0x0401, 0x0401}, {0x0410, 0x044F},
	{0x0451, 0x0451}, {0x2010, 0x2010}, {0x2013, 0x2016}, {0x2018, 0x2019}, {0x201C, 0x201D},
	{0x2020, 0x2022}, {0x2024, 0x2027}, {0x2030, 0x2030}, {0x2032, 0x2033}, {0x2035, 0x2035},
	{0x203B, 0x203B}, {0x203E, 0x203E}, {0x2074, 0x2074}, {0x207F, 0x207F}, {0x2081, 0x2084},
	{0x20AC, 0x20AC}, {0x2103, 0x2103}, {0x2105, 0x2105}, {0x2109, 0x2109}, {0x2113, 0x2113},
	{0x2116, 0x2116}, {0x2121, 0x2122}, {0x2126, 0x2126}, {0x212B, 0x212B}, {0x2153, 0x2154},
	{0x215B, 0x215E}, {0x2160, 0x216B}, {0x2170, 0x2179}, {0x2189, 0x2189}, {0x2190, 0x2199},
	{0x21B8, 0x21B9}, {0x21D2, 0x21D2}, {0x21D4, 0x21D4}, {0x21E7, 0x21E7}, {0x2200, 0x2200},
	{0x2202, 0x2203}, {0x2207, 0x2208}, {0x220B, 0x220B}, {0x220F, 0x220F}, {0x2211, 0x2211},
	{0x2215, 0x2215}, {0x221A, 0x221A}, {0x221D, 0x2220}, {0x2223, 0x2223}, {0x2225, 0x2225},
	{0x2227, 0x222C}, {0x222E, 0x222E}, {0x2234, 0x2237}, {0x223C, 0x223D}, {0x2248, 0x2248},
	{0x224C, 0x224C}, {0x2252, 0x2252}, {0x2260, 0x2261}, {0x2264, 0x2267}, {0x226A, 0x226B},
	{0x226E, 0x226F}, {0x2282, 0x2283}, {0x2286, 0x2287}, {0x2295, 0x2295}, {0x2299, 0x2299},
	{0x22A5, 0x22A5}, {0x22BF, 0x22BF}, {0x2312, 0x2312}, {0x2460, 0x24E9}, {0x24EB, 0x254B},
	{0x2550, 0x2573}, {0x2580, 0x258F}, {0x2592, 0x2595}, {0x25A0, 0x25A1}, {0x25A3, 0x25A9},
	{0x25B2, 0x25B3}, {0x25B6, 0x25B7}, {0x25BC, 0x25BD}, {0x25C0, 0x25C1}, {0x25C6, 0x25C8},
	{0x25CB, 0x25CB}, {0x25CE, 0x25D1}, {0x25E2, 0x25E5}, {0x25EF, 0x25EF}, {0x2605, 0x2606},
	{0x2609, 0x2609}, {0x260E, 0x260F}, {0x261C, 0x261C}, {0x261E, 0x261E}, {0x2640, 0x2640},
	{0x2642, 0x2642}, {0x2660, 0x2661}, {0x2663, 0x2665}, {0x2667, 0x266A}, {0x266C, 0x266D},
	{0x266F, 0x266F}, {0x269E, 0x269F}, {0x26BF, 0x26BF}, {0x26C6, 0x26CD}, {0x26CF, 0x26D3},
	{0x26D5, 0x26E1}, {0x26E3, 0x26E3}, {0x26E8, 0x26E9}, {0x26EB, 0x26F1}, {0x26F4, 0x26F4},
	{0x26F6, 0x26F9}, {0x26FB, 0x26FC}, {0x26FE, 0x26FF}, {0x273D, 0x273D}, {0x2776, 0x277F},
	{0x2B56, 0x2B59}, {0x3248, 0x324F}, {0xE000, 0xF8FF}, {0xFE00, 0xFE0F}, {0xFFFD, 0xFFFD},
	{0x1F100, 0x1F10A}, {0x1F110, 0x1F12D}, {0x1F130, 0x1F169}, {0x1F170, 0x1F18D},
	{0x1F18F, 0x1F190}, {0x1F19B, 0x1F1AC}, {0xE0100, 0xE01EF}, {0xF0000, 0xFFFFD},
	{0x100000, 0x10FFFD},
};

struct width_fix {
	uint32_t lo, hi;
	int width;
};

/* Where glibc's wcwidth() (which ncursesw uses) and libunistring's
 * uc_width() disagree for assigned characters, glibc wins. Found by
 * comparing both over all of Unicode in C.UTF-8; test_text checks a sample. */
static const struct width_fix glibc_fixes[] = {
	{0x00AD, 0x00AD, 1},   {0x0600, 0x0605, 1},   {0x06DD, 0x06DD, 1},
	{0x070F, 0x070F, 1},   {0x0890, 0x0891, 1},   {0x08E2, 0x08E2, 1},
	{0x0CBF, 0x0CBF, 0},   {0x0CC6, 0x0CC6, 0},   {0x3248, 0x324F, 2},
	{0x4DC0, 0x4DFF, 2},   {0x110BD, 0x110BD, 1}, {0x110CD, 0x110CD, 1},
	{0x11A07, 0x11A08, 0}, {0x11C3F, 0x11C3F, 0},
};

static int in_ranges(const struct range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

void text_set_ambiguous_width(int w)
{
	ambiguous_width = w == 2 ? 2 : 1;
}

int text_ambiguous_width(void)
{
	return ambiguous_width;
}

int text_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp > 0x10FFFF)
		return -1;
	if (cp < 0x7F)
		return 1;
	if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x3029) ||
	    (cp >= 0xFF01 && cp <= 0xFF60))
		return 2; /* the common case in our documents, without a search */
	int w = -2;
	for (size_t i = 0; i < ARRAY_SIZE(glibc_fixes) && w == -2; i++)
		if (cp >= glibc_fixes[i].lo && cp <= glibc_fixes[i].hi)
			w = glibc_fixes[i].width;
	if (w == -2)
		w = uc_width(cp, "UTF-8");
	if (w == 1 && ambiguous_width == 2 && in_ranges(ambiguous, ARRAY_SIZE(ambiguous), cp))
		return 2;
	return w;
}

/* Invisible format characters (zero width, word joiner, invisible
 * operators, deprecated format controls, BOM, interlinear annotation): a
 * reader cannot see them, so they could hide text or make two equal-looking
 * strings differ (DESIGN.md §4). */
static int is_invisible_format(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) ||
	       (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

int text_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
	       cp == 0x200F || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || is_invisible_format(cp) || cp > 0x10FFFF;
}

/* Decode one display unit: a character, or one invalid byte. */
static size_t next_unit(const char *s, size_t n, uint32_t *cp)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len = utf8_decode(s, n, cp);
	if (len == 1)
		*cp = BAD_BYTE + c;
	return len;
}

/* The visible stand-in for an unsafe unit (ASCII, so bytes = columns).
 * Tab and newline become one space; CR before LF is handled by callers. */
static size_t placeholder(uint32_t cp, char out[16])
{
	if (cp > 0x10FFFF)
		return (size_t)snprintf(out, 16, "<%02X>", (unsigned)(cp - BAD_BYTE));
	if (cp == '\t' || cp == '\n') {
		out[0] = ' ';
		return 1;
	}
	if (cp < 0x20 || cp == 0x7F) {
		out[0] = '^';
		out[1] = cp == 0x7F ? '?' : (char)(cp + 0x40);
		return 2;
	}
	return (size_t)snprintf(out, 16, "<U+%04X>", (unsigned)cp);
}

/* Columns of the unit cp at s[i], followed by s[i + len]: what text_sanitize
 * would turn it into. A CR right before LF vanishes (a CRLF line end). */
static int unit_width(uint32_t cp, const char *s, size_t next, size_t n)
{
	if (!text_is_unsafe(cp))
		return text_cp_width(cp);
	if (cp == '\r' && next < n && s[next] == '\n')
		return 0;
	char ph[16];
	return (int)placeholder(cp, ph);
}

char *text_sanitize(const char *s, size_t n, int keep_newlines)
{
	struct sbuf b = SBUF_INIT;
	size_t i = 0, run = 0; /* safe bytes from run to i are copied in one go */
	sbuf_grow(&b, n);
	while (i < n) {
		uint32_t cp;
		size_t len = next_unit(s + i, n - i, &cp);
		if (text_is_unsafe(cp)) {
			sbuf_add(&b, s + run, i - run);
			char ph[16];
			if (cp == '\n' && keep_newlines)
				sbuf_addc(&b, '\n');
			else if (!(cp == '\r' && i + 1 < n && s[i + 1] == '\n'))
				sbuf_add(&b, ph, placeholder(cp, ph));
			run = i + len;
		}
		i += len;
	}
	sbuf_add(&b, s + run, n - run);
	return sbuf_detach(&b);
}

int text_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = next_unit(s + i, n - i, &cp);
		w += unit_width(cp, s, i + len, n);
		i += len;
	}
	return w;
}

size_t text_fit(const char *s, size_t n, int cols, int *used)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = next_unit(s + i, n - i, &cp);
		int uw = unit_width(cp, s, i + len, n);
		if (w + uw > cols)
			break;
		w += uw;
		i += len;
	}
	if (used)
		*used = w;
	return i;
}

/* The mark is "~": ASCII, so its width never depends on the ambiguous-width
 * setting or the terminal (… is East Asian Ambiguous). */
char *text_truncate(const char *s, size_t n, int cols, int pad)
{
	struct sbuf b = SBUF_INIT;
	char *clean = text_sanitize(s, n, 0);
	size_t len = strlen(clean); /* NUL became ^@ */
	int used, w = text_width(clean, len);
	if (cols <= 0) {
		free(clean);
		return xstrdup("");
	}
	if (w <= cols) {
		sbuf_add(&b, clean, len);
		used = w;
	} else {
		sbuf_add(&b, clean, text_fit(clean, len, cols - 1, &used));
		for (; used < cols - 1; used++)
			sbuf_addc(&b, ' '); /* the half of a wide character */
		sbuf_addc(&b, '~');
		used++;
	}
	for (; pad && used < cols; used++)
		sbuf_addc(&b, ' ');
	free(clean);
	return sbuf_detach(&b);
}

/* 禁则 tables (DESIGN.md §4), each sorted for bsearch. Closing marks,
 * pause/stop marks, ·, ～, units and iteration marks may not start a line. */
static const uint32_t no_start[] = {
	'!', ')', ',', '.', ':', ';', '?', ']',
	'}', 0x00B0, 0x00B7, 0x2019, 0x201D, 0x2025, 0x2026,
	0x2030, 0x2032, 0x2033, 0x2103, 0x2109, 0x22EF, 0x3001, 0x3002,
	0x3005, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017,
	0x3019, 0x301B, 0x301C, 0x303B, 0x309D, 0x309E, 0x30FB, 0x30FD,
	0x30FE, 0xFF01, 0xFF05, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B,
	0xFF1F, 0xFF3D, 0xFF5D, 0xFF5E, 0xFF60, 0xFF61, 0xFF63, 0xFF64,
	0xFF65,
};

/* Opening marks and currency signs may not end a line. */
static const uint32_t no_end[] = {
	'(', '[', '{', 0x00A3, 0x00A5, 0x2018, 0x201C, 0x3008,
	0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0x3016, 0x3018, 0x301A,
	0xFF04, 0xFF08, 0xFF3B, 0xFF5B, 0xFF5F, 0xFF62, 0xFFE0, 0xFFE1,
	0xFFE5,
};

static int cmp_cp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int in_list(const uint32_t *list, size_t n, uint32_t cp)
{
	return bsearch(&cp, list, n, sizeof *list, cmp_cp) != NULL;
}

int text_no_line_start(uint32_t cp)
{
	return in_list(no_start, ARRAY_SIZE(no_start), cp);
}

int text_no_line_end(uint32_t cp)
{
	return in_list(no_end, ARRAY_SIZE(no_end), cp);
}

static int is_dash(uint32_t cp)
{
	return cp == 0x2014 || cp == 0x2015 || cp == 0x2E3A || cp == 0x2E3B;
}

static int is_dots(uint32_t cp)
{
	return cp == 0x2025 || cp == 0x2026 || cp == 0x22EF;
}

static int is_ascii_alnum(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* One display unit of a paragraph being wrapped. */
struct unit {
	size_t off;
	uint32_t cp;
	int width;
	int brk; /* a line may start here */
};

/* Our rules on top of UAX #14: they only ever forbid a break, except that
 * “ ‘ next to a wide character may take a break before them and ” ’ after
 * them (UAX #14 glues quotation marks to both sides, which would make
 * whole quoted phrases unbreakable in Chinese text). */
static int may_break(const struct unit *a, const struct unit *b, char uax)
{
	if (b->width == 0 || text_no_line_start(b->cp) || text_no_line_end(a->cp))
		return 0;
	if ((is_dash(a->cp) && is_dash(b->cp)) || (is_dots(a->cp) && is_dots(b->cp)) ||
	    (is_ascii_alnum(a->cp) && is_ascii_alnum(b->cp)))
		return 0;
	if (uax == UC_BREAK_POSSIBLE || uax == UC_BREAK_MANDATORY || uax == UC_BREAK_HYPHENATION)
		return 1;
	return ((b->cp == 0x201C || b->cp == 0x2018) && a->width == 2) ||
	       ((a->cp == 0x201D || a->cp == 0x2019) && b->width == 2);
}

/* Decode s into units with their widths and break permissions. */
static size_t make_units(const char *s, size_t n, struct unit **out)
{
	struct unit *u = xreallocarray(NULL, n ? n : 1, sizeof *u);
	char *uax = xmalloc(n ? n : 1);
	size_t nu = 0;
	u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", uax);
	for (size_t i = 0; i < n; nu++) {
		size_t len = next_unit(s + i, n - i, &u[nu].cp);
		u[nu].off = i;
		u[nu].width = unit_width(u[nu].cp, s, i + len, n);
		u[nu].brk = nu > 0 && may_break(&u[nu - 1], &u[nu], uax[i]);
		i += len;
	}
	free(uax);
	*out = u;
	return nu;
}

/* Would a line starting at unit e break a 禁则 rule? */
static int bad_cut(const struct unit *u, size_t e)
{
	return u[e].width == 0 || text_no_line_start(u[e].cp) || text_no_line_end(u[e - 1].cp) ||
	       (is_dash(u[e - 1].cp) && is_dash(u[e].cp)) ||
	       (is_dots(u[e - 1].cp) && is_dots(u[e].cp));
}

/* No break fits (one unbreakable run is wider than the line): cut where the
 * line is full, then carry characters down while the cut would break a 禁则
 * rule, as long as one stays behind. */
static size_t forced_end(const struct unit *u, size_t start, size_t end)
{
	size_t e = end;
	while (e > start + 1 && bad_cut(u, e))
		e--;
	return bad_cut(u, e) ? end : e;
}

struct line_end {
	size_t end;  /* first unit of the next line */
	size_t last; /* one past the last unit shown (trailing spaces trimmed) */
	int width;
};

/* Greedy fill from start: the last allowed break before the first unit
 * that would overflow. Spaces may hang past the margin: they are trimmed. */
static struct line_end fill_line(const struct unit *u, size_t nu, size_t start, int avail)
{
	struct line_end le = {nu, nu, 0};
	int cur = 0, shown = 0, bp_width = 0;
	size_t bp = 0, last = start, j;
	for (j = start; j < nu; j++) {
		if (u[j].brk && last > start) {
			bp = j;
			bp_width = shown;
			le.last = last;
		}
		int space = u[j].cp == ' ';
		if (!space && j > start && cur + u[j].width > avail)
			break;
		cur += u[j].width;
		if (!space) {
			shown = cur;
			last = j + 1;
		}
	}
	if (j == nu) {
		le.last = last;
		le.width = shown;
	} else if (bp > start) {
		le.end = bp;
		le.width = bp_width;
	} else {
		le.end = forced_end(u, start, j);
		le.last = le.end;
		while (le.last > start && u[le.last - 1].cp == ' ')
			le.last--;
		for (size_t k = start; k < le.last; k++)
			le.width += u[k].width;
	}
	return le;
}

size_t text_wrap(const char *s, size_t n, int width, int first_indent, struct text_line **lines)
{
	struct unit *u;
	size_t nu = make_units(s, n, &u), count = 0, cap = 8, start = 0;
	struct text_line *out = xreallocarray(NULL, cap, sizeof *out);
	do {
		int avail = count ? width : width - first_indent;
		struct line_end le = fill_line(u, nu, start, avail > 0 ? avail : 1);
		if (count == cap)
			out = xreallocarray(out, cap *= 2, sizeof *out);
		out[count].off = start < nu ? u[start].off : n;
		out[count].len = (le.last < nu ? u[le.last].off : n) - out[count].off;
		out[count++].width = le.width;
		start = le.end;
		while (start < nu && u[start].cp == ' ')
			start++; /* a continuation line drops its leading spaces */
	} while (start < nu);
	free(u);
	*lines = out;
	return count;
}
