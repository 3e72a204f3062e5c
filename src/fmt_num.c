/* fmt_num.c - Word's automatic numbering (numbering.xml and the paragraph
 * styles that carry it), rendered as the label a reader sees: 一、 （一）
 * 1. （1）, so that the structure parser reads a .docx as it reads text.
 * Lists that share a definition share their counters; a w:num with a start
 * override restarts them when first used; a deeper level restarts when a
 * higher one is used (unless lvlRestart says otherwise). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#include "fmt_impl.h"
#include "fmt_lib.h"
#include "luoshi/utf8.h"

#define NLVL 9
#define W_NS "/wordprocessingml/"

enum { SUFF_TAB, SUFF_SPACE, SUFF_NOTHING };

struct lvl {
	int start;
	int restart; /* lvlRestart: a 1-based level, 0 never; -1 when absent */
	int legal;   /* isLgl: the higher levels' numbers in decimal */
	int suff;
	char fmt[40];
	char *text;  /* lvlText, NULL when absent */
	char *pstyle;
};

struct absnum {
	long id;
	struct lvl lvl[NLVL];
	char *style_link, *num_style_link;
	int count[NLVL], started[NLVL];
};

struct num {
	long id, abs_id;
	int start_over[NLVL]; /* -1: none */
	struct lvl *lvl_over[NLVL];
	int used;
};

struct style {
	char *id, *based_on;
	long num_id; /* -1: none */
	int ilvl;    /* -1: none */
};

struct docx_num {
	struct absnum *abs;
	size_t nabs;
	struct num *nums;
	size_t nnums;
	struct style *styles;
	size_t nstyles;
};

static long long_attr(const xmlNode *nd, long dflt)
{
	char *v = fz_attr(nd, "val");
	long k = v && *v ? strtol(v, NULL, 10) : dflt;
	free(v);
	return k;
}

static int clamp_level(long k)
{
	return k < 0 ? 0 : k >= NLVL ? NLVL - 1 : (int)k;
}

/* ---- numbering.xml ---- */

static void lvl_field(struct lvl *l, const xmlNode *c)
{
	char *v;
	if (fz_is(c, W_NS, "start"))
		l->start = (int)long_attr(c, 1);
	else if (fz_is(c, W_NS, "lvlRestart"))
		l->restart = (int)long_attr(c, -1);
	else if (fz_is(c, W_NS, "isLgl"))
		l->legal = fz_on(c);
	else if (fz_is(c, W_NS, "numFmt") && (v = fz_attr(c, "val"))) {
		snprintf(l->fmt, sizeof l->fmt, "%s", v);
		free(v);
	} else if (fz_is(c, W_NS, "lvlText")) {
		free(l->text);
		l->text = fz_attr(c, "val");
	} else if (fz_is(c, W_NS, "pStyle")) {
		free(l->pstyle);
		l->pstyle = fz_attr(c, "val");
	} else if (fz_is(c, W_NS, "suff") && (v = fz_attr(c, "val"))) {
		l->suff = strcmp(v, "space") == 0 ? SUFF_SPACE : strcmp(v, "nothing") == 0 ? SUFF_NOTHING : SUFF_TAB;
		free(v);
	}
}

/* The fields of a w:lvl; a newer form in mc:AlternateContent is read from
 * its first mc:Choice. */
static void read_lvl_fields(struct lvl *l, const xmlNode *nd, int depth)
{
	for (const xmlNode *c = nd->children; c && depth < 4; c = c->next) {
		if (fz_is(c, NULL, "AlternateContent")) {
			for (const xmlNode *ch = c->children; ch; ch = ch->next)
				if (fz_is(ch, NULL, "Choice")) {
					read_lvl_fields(l, ch, depth + 1);
					break;
				}
		} else {
			lvl_field(l, c);
		}
	}
}

static void lvl_init(struct lvl *l)
{
	memset(l, 0, sizeof *l);
	l->start = 1;
	l->restart = -1;
	snprintf(l->fmt, sizeof l->fmt, "decimal");
}

static void read_abstract(struct docx_num *dn, const xmlNode *nd)
{
	dn->abs = xreallocarray(dn->abs, dn->nabs + 1, sizeof *dn->abs);
	struct absnum *a = &dn->abs[dn->nabs++];
	memset(a, 0, sizeof *a);
	char *id = fz_attr(nd, "abstractNumId");
	a->id = id ? strtol(id, NULL, 10) : -1;
	free(id);
	for (int k = 0; k < NLVL; k++)
		lvl_init(&a->lvl[k]);
	for (const xmlNode *c = nd->children; c; c = c->next) {
		if (fz_is(c, W_NS, "lvl")) {
			char *il = fz_attr(c, "ilvl");
			int k = clamp_level(il ? strtol(il, NULL, 10) : 0);
			free(il);
			read_lvl_fields(&a->lvl[k], c, 0);
		} else if (fz_is(c, W_NS, "styleLink")) {
			free(a->style_link);
			a->style_link = fz_attr(c, "val");
		} else if (fz_is(c, W_NS, "numStyleLink")) {
			free(a->num_style_link);
			a->num_style_link = fz_attr(c, "val");
		}
	}
}

static void read_override(struct num *n, const xmlNode *ov)
{
	char *il = fz_attr(ov, "ilvl");
	int k = clamp_level(il ? strtol(il, NULL, 10) : 0);
	free(il);
	for (const xmlNode *c = ov->children; c; c = c->next) {
		if (fz_is(c, W_NS, "startOverride")) {
			n->start_over[k] = (int)long_attr(c, 1);
		} else if (fz_is(c, W_NS, "lvl") && !n->lvl_over[k]) {
			n->lvl_over[k] = xmalloc(sizeof *n->lvl_over[k]);
			lvl_init(n->lvl_over[k]);
			read_lvl_fields(n->lvl_over[k], c, 0);
		}
	}
}

static void read_num(struct docx_num *dn, const xmlNode *nd)
{
	dn->nums = xreallocarray(dn->nums, dn->nnums + 1, sizeof *dn->nums);
	struct num *n = &dn->nums[dn->nnums++];
	memset(n, 0, sizeof *n);
	char *id = fz_attr(nd, "numId");
	n->id = id ? strtol(id, NULL, 10) : -1;
	n->abs_id = -1;
	free(id);
	for (int k = 0; k < NLVL; k++)
		n->start_over[k] = -1;
	for (const xmlNode *c = nd->children; c; c = c->next) {
		if (fz_is(c, W_NS, "abstractNumId"))
			n->abs_id = long_attr(c, -1);
		else if (fz_is(c, W_NS, "lvlOverride"))
			read_override(n, c);
	}
}

/* ---- styles.xml: paragraph styles that carry numbering ---- */

static void style_ppr(struct style *s, const xmlNode *ppr)
{
	for (const xmlNode *c = ppr->children; c; c = c->next) {
		if (!fz_is(c, W_NS, "numPr"))
			continue;
		for (const xmlNode *f = c->children; f; f = f->next) {
			if (fz_is(f, W_NS, "numId"))
				s->num_id = long_attr(f, -1);
			else if (fz_is(f, W_NS, "ilvl"))
				s->ilvl = clamp_level(long_attr(f, 0));
		}
	}
}

static void read_style(struct docx_num *dn, const xmlNode *nd)
{
	char *id = fz_attr(nd, "styleId");
	if (!id)
		return;
	dn->styles = xreallocarray(dn->styles, dn->nstyles + 1, sizeof *dn->styles);
	struct style *s = &dn->styles[dn->nstyles++];
	memset(s, 0, sizeof *s);
	s->id = id;
	s->num_id = -1;
	s->ilvl = -1;
	for (const xmlNode *c = nd->children; c; c = c->next) {
		if (fz_is(c, W_NS, "basedOn")) {
			free(s->based_on);
			s->based_on = fz_attr(c, "val");
		} else if (fz_is(c, W_NS, "pPr")) {
			style_ppr(s, c);
		}
	}
}

struct docx_num *dn_load(xmlDoc *numbering, xmlDoc *styles)
{
	struct docx_num *dn = xcalloc(1, sizeof *dn);
	xmlNode *root = numbering ? xmlDocGetRootElement(numbering) : NULL;
	for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
		if (fz_is(c, W_NS, "abstractNum"))
			read_abstract(dn, c);
		else if (fz_is(c, W_NS, "num"))
			read_num(dn, c);
	}
	root = styles ? xmlDocGetRootElement(styles) : NULL;
	for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
		if (fz_is(c, W_NS, "style"))
			read_style(dn, c);
	return dn;
}

static void lvl_free(struct lvl *l)
{
	free(l->text);
	free(l->pstyle);
}

void dn_free(struct docx_num *dn)
{
	if (!dn)
		return;
	for (size_t i = 0; i < dn->nabs; i++) {
		for (int k = 0; k < NLVL; k++)
			lvl_free(&dn->abs[i].lvl[k]);
		free(dn->abs[i].style_link);
		free(dn->abs[i].num_style_link);
	}
	for (size_t i = 0; i < dn->nnums; i++)
		for (int k = 0; k < NLVL; k++)
			if (dn->nums[i].lvl_over[k]) {
				lvl_free(dn->nums[i].lvl_over[k]);
				free(dn->nums[i].lvl_over[k]);
			}
	for (size_t i = 0; i < dn->nstyles; i++) {
		free(dn->styles[i].id);
		free(dn->styles[i].based_on);
	}
	free(dn->abs);
	free(dn->nums);
	free(dn->styles);
	free(dn);
}

/* ---- numbers as a reader sees them ---- */

static const char *const cn_digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
static const char *const cn_legal[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};

/* 一 … 十 十一 … 九十九 一百 一百零一 … (up to 9999; larger in digits). */
static void chinese(struct sbuf *b, int v, const char *const *dg, const char *const *units)
{
	if (v <= 0 || v > 9999) {
		sbuf_addf(b, "%d", v);
		return;
	}
	int parts[4] = {v / 1000, v / 100 % 10, v / 10 % 10, v % 10}, zero = 0, any = 0;
	for (int i = 0; i < 4; i++) {
		if (!parts[i]) {
			zero = any;
			continue;
		}
		if (zero)
			sbuf_adds(b, dg[0]);
		if (!(i == 2 && parts[i] == 1 && !any)) /* 十一, not 一十一 */
			sbuf_adds(b, dg[parts[i]]);
		sbuf_adds(b, units[i]);
		zero = 0, any = 1;
	}
}

static void digit_by_digit(struct sbuf *b, int v)
{
	char d[16];
	snprintf(d, sizeof d, "%d", v);
	for (char *p = d; *p; p++)
		sbuf_adds(b, *p == '0' ? "〇" : cn_digit[*p - '0']);
}

static void add_cp(struct sbuf *b, uint32_t c)
{
	char u[4];
	sbuf_add(b, u, utf8_encode(c, u));
}

static void letters(struct sbuf *b, int v, char a)
{
	if (v <= 0) {
		sbuf_addf(b, "%d", v);
		return;
	}
	for (int k = 0; k <= (v - 1) / 26; k++)
		sbuf_addc(b, (char)(a + (v - 1) % 26));
}

static void roman(struct sbuf *b, int v, int lower)
{
	static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const up[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
	if (v <= 0 || v >= 4000) {
		sbuf_addf(b, "%d", v);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(val); i++)
		for (; v >= val[i]; v -= val[i])
			for (const char *p = up[i]; *p; p++)
				sbuf_addc(b, lower ? (char)(*p - 'A' + 'a') : *p);
}

/* A value from a list of 10 or 12 characters (甲乙丙…, 子丑寅…). */
static int from_list(struct sbuf *b, int v, const char *list, int count)
{
	if (v < 1 || v > count)
		return 0;
	sbuf_add(b, list + (size_t)(v - 1) * 3, 3);
	return 1;
}

/* Enclosed numbers: ① from U+2460, ⑴ from U+2474, ⒈ from U+2488. */
static int enclosed(struct sbuf *b, int v, uint32_t first)
{
	if (v < 1 || v > 20)
		return 0;
	add_cp(b, first + (uint32_t)v - 1);
	return 1;
}

static void format_value(struct sbuf *b, const char *fmt, int v)
{
	static const char *const units[] = {"千", "百", "十", ""};
	static const char *const legal_units[] = {"仟", "佰", "拾", ""};
	if (!strncmp(fmt, "chineseCounting", 15) || !strcmp(fmt, "japaneseCounting") ||
	    !strcmp(fmt, "taiwaneseCounting") || !strcmp(fmt, "taiwaneseCountingThousand") ||
	    !strcmp(fmt, "koreanCounting"))
		chinese(b, v, cn_digit, units);
	else if (!strcmp(fmt, "chineseLegalSimplified") || !strcmp(fmt, "japaneseLegal"))
		chinese(b, v, cn_legal, legal_units);
	else if (!strcmp(fmt, "ideographDigital") || !strcmp(fmt, "taiwaneseDigital") ||
		 !strcmp(fmt, "japaneseDigitalTenThousand"))
		digit_by_digit(b, v);
	else if (!strcmp(fmt, "decimalFullWidth") || !strcmp(fmt, "decimalFullWidth2")) {
		char d[16];
		snprintf(d, sizeof d, "%d", v);
		for (char *p = d; *p; p++)
			add_cp(b, *p == '-' ? 0xFF0D : 0xFF10 + (uint32_t)(*p - '0'));
	} else if (!strcmp(fmt, "upperLetter") || !strcmp(fmt, "lowerLetter"))
		letters(b, v, fmt[0] == 'u' ? 'A' : 'a');
	else if (!strcmp(fmt, "upperRoman") || !strcmp(fmt, "lowerRoman"))
		roman(b, v, fmt[0] == 'l');
	else if (!strcmp(fmt, "decimalZero"))
		sbuf_addf(b, "%02d", v);
	else if ((!strcmp(fmt, "ideographTraditional") && from_list(b, v, "甲乙丙丁戊己庚辛壬癸", 10)) ||
		 (!strcmp(fmt, "ideographZodiac") && from_list(b, v, "子丑寅卯辰巳午未申酉戌亥", 12)) ||
		 (!strncmp(fmt, "decimalEnclosedCircle", 21) && enclosed(b, v, 0x2460)) ||
		 (!strcmp(fmt, "decimalEnclosedParen") && enclosed(b, v, 0x2474)) ||
		 (!strcmp(fmt, "decimalEnclosedFullstop") && enclosed(b, v, 0x2488)) ||
		 !strcmp(fmt, "none"))
		;
	else
		sbuf_addf(b, "%d", v);
}

/* ---- counters and labels ---- */

static struct absnum *find_abs(struct docx_num *dn, long id)
{
	for (size_t i = 0; i < dn->nabs; i++)
		if (dn->abs[i].id == id)
			return &dn->abs[i];
	return NULL;
}

static struct num *find_num(struct docx_num *dn, long id)
{
	for (size_t i = 0; i < dn->nnums; i++)
		if (dn->nums[i].id == id)
			return &dn->nums[i];
	return NULL;
}

static const struct style *find_style(const struct docx_num *dn, const char *id)
{
	for (size_t i = 0; id && i < dn->nstyles; i++)
		if (strcmp(dn->styles[i].id, id) == 0)
			return &dn->styles[i];
	return NULL;
}

/* A definition that only points at a numbering style (numStyleLink) is
 * the one that style links to (styleLink). */
static struct absnum *resolve_abs(struct docx_num *dn, long id)
{
	struct absnum *a = find_abs(dn, id);
	if (!a || !a->num_style_link)
		return a;
	for (size_t i = 0; i < dn->nabs; i++)
		if (dn->abs[i].style_link && strcmp(dn->abs[i].style_link, a->num_style_link) == 0)
			return &dn->abs[i];
	return a;
}

static const struct lvl *level(const struct num *n, const struct absnum *a, int k)
{
	return n->lvl_over[k] ? n->lvl_over[k] : &a->lvl[k];
}

/* Numbering of a paragraph: its own numPr first, then its style's, up the
 * basedOn chain. */
struct para_num {
	long num_id;
	int ilvl;
	char *style;
};

static void direct_numpr(const xmlNode *ppr, struct para_num *pn)
{
	for (const xmlNode *c = ppr ? ppr->children : NULL; c; c = c->next) {
		if (fz_is(c, W_NS, "pStyle") && !pn->style)
			pn->style = fz_attr(c, "val");
		if (!fz_is(c, W_NS, "numPr"))
			continue;
		for (const xmlNode *f = c->children; f; f = f->next) {
			if (fz_is(f, W_NS, "numId"))
				pn->num_id = long_attr(f, -1);
			else if (fz_is(f, W_NS, "ilvl"))
				pn->ilvl = clamp_level(long_attr(f, 0));
		}
	}
}

static void style_numpr(const struct docx_num *dn, struct para_num *pn)
{
	const struct style *s = find_style(dn, pn->style);
	for (int hops = 0; s && hops < 32; hops++) {
		if (pn->num_id < 0 && s->num_id >= 0)
			pn->num_id = s->num_id;
		if (pn->ilvl < 0 && s->ilvl >= 0)
			pn->ilvl = s->ilvl;
		s = find_style(dn, s->based_on);
	}
}

/* The level of a paragraph whose numbering gives none: the level linked to
 * its style, else the first. */
static int styled_level(const struct absnum *a, const char *style)
{
	for (int k = 0; style && k < NLVL; k++)
		if (a->lvl[k].pstyle && strcmp(a->lvl[k].pstyle, style) == 0)
			return k;
	return 0;
}

static void advance(struct num *n, struct absnum *a, int k)
{
	if (!n->used) {
		n->used = 1;
		for (int d = 0; d < NLVL; d++)
			if (n->start_over[d] >= 0) {
				a->count[d] = n->start_over[d] - 1;
				a->started[d] = 1;
			}
	}
	if (!a->started[k]) {
		a->count[k] = level(n, a, k)->start - 1;
		a->started[k] = 1;
	}
	a->count[k]++;
	for (int d = k + 1; d < NLVL; d++) {
		int r = level(n, a, d)->restart;
		if (r < 0 || (r > 0 && k < r))
			a->started[d] = 0;
	}
}

static int has_private_use(const char *s)
{
	for (size_t i = 0, n = strlen(s); i < n;) {
		uint32_t c;
		i += utf8_decode(s + i, n - i, &c);
		if (c >= 0xE000 && c < 0xF900)
			return 1;
	}
	return 0;
}

/* lvlText with %1..%9 replaced by the levels' numbers. */
static void render(const struct num *n, const struct absnum *a, int k, struct sbuf *out)
{
	const struct lvl *l = level(n, a, k);
	if (!l->text || (!strcmp(l->fmt, "bullet") && has_private_use(l->text)))
		return; /* a symbol-font bullet: no character a reader could copy */
	for (const char *p = l->text; *p; p++) {
		if (p[0] != '%' || p[1] < '1' || p[1] > '9') {
			sbuf_addc(out, *p);
			continue;
		}
		int d = *++p - '1';
		const struct lvl *ld = level(n, a, d);
		int v = a->started[d] ? a->count[d] : ld->start;
		format_value(out, l->legal && d < k ? "decimal" : ld->fmt, v);
	}
}

/* After a label, Word puts a tab or a space; a reader copying the text
 * sees none after 一、 （一） or ①, and one space after a label that ends
 * in a word: 第一条, 1.1, 一. */
static void add_suffix(const struct lvl *l, struct sbuf *out, size_t from)
{
	if (l->suff == SUFF_NOTHING || out->len == from)
		return;
	size_t k = out->len - 1;
	while (k > from && ((unsigned char)out->s[k] & 0xC0) == 0x80)
		k--;
	uint32_t c;
	utf8_decode(out->s + k, out->len - k, &c);
	int word = (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) || (c >= '0' && c <= '9') ||
		   (c >= 0x3400 && c < 0xA000) || c == 0x3007;
	if (word)
		sbuf_addc(out, ' ');
}

void dn_label(struct docx_num *dn, const xmlNode *ppr, struct sbuf *out)
{
	struct para_num pn = {-1, -1, NULL};
	direct_numpr(ppr, &pn);
	if (pn.num_id < 0 || pn.ilvl < 0)
		style_numpr(dn, &pn);
	struct num *n = pn.num_id > 0 ? find_num(dn, pn.num_id) : NULL;
	struct absnum *a = n ? resolve_abs(dn, n->abs_id) : NULL;
	if (a) {
		int k = pn.ilvl >= 0 ? pn.ilvl : styled_level(a, pn.style);
		size_t from = out->len;
		advance(n, a, k);
		render(n, a, k, out);
		add_suffix(level(n, a, k), out, from);
	}
	free(pn.style);
}
