/* fmt_html.c - a web page saved from a government site: its charset (BOM,
 * meta tag, else detected as for text files), its main text block rather
 * than the site's navigation, footer and share buttons, tables as rows, and
 * <p>/<br> as the line breaks a reader sees. libxml2's HTML parser, no
 * network. */
#include "config.h"
#include "luoshi/fmt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "fmt_impl.h"
#include "fmt_lib.h"

/* Deeper markup than this is not a saved page but an attack on the reader
 * (our walk is recursive). */
#define MAX_DEPTH 200
/* Bounds on colspan and rowspan: a hostile 1e9 must not allocate. */
#define MAX_SPAN 64
#define MAX_ROWSPAN 1000

/* ---- charset ---- */

/* The charset a <meta charset=...> or <meta http-equiv=... content="...;
 * charset=..."> in the first bytes names, canonical (enc.h), or NULL. */
static const char *meta_charset(const unsigned char *buf, size_t n)
{
	char head[4096], name[ENC_NAME_MAX];
	size_t len = n < sizeof head - 1 ? n : sizeof head - 1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = buf[i];
		head[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c ? c : ' ');
	}
	head[len] = '\0';
	for (char *m = strstr(head, "<meta"); m; m = strstr(m + 5, "<meta")) {
		char *end = strchr(m, '>'), *cs = strstr(m, "charset");
		if (!cs || (end && cs > end))
			continue;
		cs += 7;
		cs += strspn(cs, " \t\r\n=\"'");
		size_t k = strspn(cs, "abcdefghijklmnopqrstuvwxyz0123456789-_.:");
		if (k == 0 || k >= sizeof name)
			continue;
		memcpy(name, cs, k);
		name[k] = '\0';
		/* a page that says UTF-16 but has no BOM is ASCII-compatible text */
		if (strncmp(name, "utf-16", 6) == 0 || strncmp(name, "utf16", 5) == 0)
			return NULL;
		return enc_canonical(name);
	}
	return NULL;
}

/* Decode the page to UTF-8: the forced encoding, else a BOM, else the
 * declared charset if the bytes agree with it, else detection. */
static enum lu_status decode(const char *name, const unsigned char *buf, size_t n,
			     const char *force, char enc[ENC_NAME_MAX], char **out, size_t *len)
{
	const char *declared = force ? enc_canonical(force) : NULL;
	if (force && !declared)
		return lu_error(LU_USAGE, "unknown encoding %s", force);
	size_t bad = 0;
	int bom = n >= 2 && (buf[0] == 0xEF || buf[0] == 0xFF || buf[0] == 0xFE);
	if (!declared && !bom)
		declared = meta_charset(buf, n);
	if (declared && enc_to_utf8(declared, buf, n, out, len, &bad) == LU_OK) {
		snprintf(enc, ENC_NAME_MAX, "%s", declared);
		return LU_OK;
	}
	if (force)
		return lu_error(LU_ENCODING, "cannot import %s: invalid %s byte sequence at byte %zu",
				name, declared, bad);
	if (enc_detect(buf, n, enc, &bad) != LU_OK)
		return lu_error(LU_ENCODING, "cannot import %s: %s", name, lu_errmsg());
	return enc_to_utf8(enc, buf, n, out, len, &bad);
}

/* ---- which elements say what ---- */

static int is_tag(const xmlNode *nd, const char *name)
{
	return nd->type == XML_ELEMENT_NODE && strcasecmp((const char *)nd->name, name) == 0;
}

static int in_list(const xmlNode *nd, const char *const *list)
{
	if (nd->type != XML_ELEMENT_NODE)
		return 0;
	for (; *list; list++)
		if (strcasecmp((const char *)nd->name, *list) == 0)
			return 1;
	return 0;
}

/* Never text a reader sees. */
static const char *const hidden_tags[] = {"script", "style", "noscript", "iframe", "object",
					  "embed", "svg", "canvas", "template", "head", "select",
					  "button", "input", "textarea", "nav", "aside", "map",
					  "img", "audio", "video", NULL};
/* Elements that start and end a line. */
static const char *const block_tags[] = {
	"p",	  "div",     "h1",	 "h2",	    "h3",     "h4",   "h5",	 "h6",
	"li",	  "ul",	     "ol",	 "dl",	    "dt",     "dd",   "blockquote", "pre",
	"section", "article", "header",	 "footer",  "center", "address", "hr",	 "figure",
	"figcaption", "main", "caption", "fieldset", "form",  "table", "tr",	 "body",
	"html",	  "legend",  "td",	 "th",	    "tbody",  "thead", "tfoot", NULL};
/* Paragraph-like blocks: their text scores for the block around them. */
static const char *const para_tags[] = {"p",  "h1", "h2", "h3", "h4",	       "h5", "h6",
					"li", "dd", "dt", "pre", "blockquote", NULL};
/* Words in an id or class that mark the site around a document. */
static const char *const junk_words[] = {"nav",	    "menu",	"share",   "bdshare", "jiathis",
					 "foot",    "breadcrumb", "crumb",  "copyright", "sidebar",
					 "toolbar", "print",	"related", "comment", "login",
					 "search",  "banner",	"topbar",  "fenxiang", NULL};
/* Words that mark the document itself. */
static const char *const main_words[] = {"content", "article", "zoom", "detail", "ucap", "trs",
					 "editor",  "zhengwen", "zw",	"text",	  "main", NULL};

static int attr_has_word(const xmlNode *nd, const char *attr, const char *const *words)
{
	xmlChar *v = xmlGetProp(nd, (const xmlChar *)attr);
	int hit = 0;
	for (char *p = (char *)v; p && *p && !hit;) {
		size_t k = strcspn(p, " \t\r\n-_:.");
		for (const char *const *w = words; *w && !hit; w++)
			hit = k >= strlen(*w) && strncasecmp(p, *w, strlen(*w)) == 0;
		p += k;
		p += strspn(p, " \t\r\n-_:.");
	}
	xmlFree(v);
	return hit;
}

static int has_words(const xmlNode *nd, const char *const *words)
{
	return attr_has_word(nd, "class", words) || attr_has_word(nd, "id", words);
}

/* style="display:none" (any spacing, any case) or the hidden attribute. */
static int styled_hidden(const xmlNode *nd)
{
	if (xmlHasProp(nd, (const xmlChar *)"hidden"))
		return 1;
	xmlChar *v = xmlGetProp(nd, (const xmlChar *)"style");
	char flat[256];
	size_t k = 0;
	for (const xmlChar *p = v; p && *p && k + 1 < sizeof flat; p++)
		if (*p != ' ' && *p != '\t')
			flat[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	flat[k] = '\0';
	xmlFree(v);
	return strstr(flat, "display:none") != NULL || strstr(flat, "visibility:hidden") != NULL;
}

/* Not part of the text: hidden, scripts, the site's navigation and such. */
static int skipped(const xmlNode *nd)
{
	if (nd->type == XML_COMMENT_NODE || nd->type == XML_PI_NODE)
		return 1;
	if (nd->type != XML_ELEMENT_NODE)
		return 0;
	return in_list(nd, hidden_tags) || styled_hidden(nd) || has_words(nd, junk_words);
}

/* ---- finding the document's block ---- */

struct scored {
	xmlNode *nd;
	double score;
};

/* Scores by element, in a hash keyed by the node's address (libxml2 may
 * use a node's _private field itself). */
struct finder {
	struct scored *v; /* open addressing; nd NULL when free */
	size_t n, cap;
	int too_deep;
};

static size_t slot(const struct finder *f, const xmlNode *nd)
{
	size_t h = (size_t)(((uintptr_t)nd >> 4) * 0x9E3779B97F4A7C15ull) & (f->cap - 1);
	while (f->v[h].nd && f->v[h].nd != nd)
		h = (h + 1) & (f->cap - 1);
	return h;
}

static void grow(struct finder *f)
{
	struct finder g = {xcalloc(f->cap ? f->cap * 2 : 256, sizeof *f->v), 0,
			   f->cap ? f->cap * 2 : 256, f->too_deep};
	for (size_t i = 0; i < f->cap; i++)
		if (f->v[i].nd)
			g.v[slot(&g, f->v[i].nd)] = f->v[i];
	g.n = f->n;
	free(f->v);
	*f = g;
}

/* Characters that are not white space in a text node. */
static size_t text_chars(const xmlChar *s)
{
	size_t k = 0;
	for (; s && *s; s++)
		k += *s > ' ' && (*s & 0xC0) != 0x80;
	return k;
}

/* Text of nd's own line: its text nodes and inline children, not its
 * blocks and not its links. */
static size_t own_text(const xmlNode *nd, int depth)
{
	size_t k = 0;
	if (depth > MAX_DEPTH)
		return 0;
	for (const xmlNode *c = nd->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			k += text_chars(c->content);
		else if (c->type == XML_ELEMENT_NODE && !skipped(c) && !in_list(c, block_tags) &&
			 !is_tag(c, "a"))
			k += own_text(c, depth + 1);
	}
	return k;
}

static void add_score(struct finder *f, xmlNode *nd, double s)
{
	if (!nd || nd->type != XML_ELEMENT_NODE)
		return;
	if ((f->n + 1) * 2 > f->cap)
		grow(f);
	size_t h = slot(f, nd);
	if (!f->v[h].nd) {
		f->v[h].nd = nd;
		f->n++;
	}
	f->v[h].score += s;
}

static size_t all_text(const xmlNode *nd, int depth);

/* A table of data (two rows or more with two cells of text or more) is
 * part of the text around it, not a place the text could be: a layout
 * table (a menu cell beside the content cell) is not. */
static int data_table(const xmlNode *tbl, int depth)
{
	int rows = 0;
	if (depth > MAX_DEPTH)
		return 0;
	for (const xmlNode *c = tbl->children; c && rows < 2; c = c->next) {
		if (is_tag(c, "tbody") || is_tag(c, "thead") || is_tag(c, "tfoot")) {
			rows += data_table(c, depth + 1) ? 2 : 0;
			continue;
		}
		if (!is_tag(c, "tr"))
			continue;
		int cells = 0;
		for (const xmlNode *td = c->children; td; td = td->next)
			cells += (is_tag(td, "td") || is_tag(td, "th")) && all_text(td, depth + 1) > 0;
		rows += cells >= 2;
	}
	return rows >= 2;
}

/* A paragraph's text scores for its parent and half for the grandparent; a
 * block with text of its own (lines broken by <br>) scores for itself; a
 * data table scores as one paragraph of the block that holds it. */
static void score(struct finder *f, xmlNode *nd, int depth)
{
	if (depth > MAX_DEPTH) {
		f->too_deep = 1;
		return;
	}
	for (xmlNode *c = nd->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || skipped(c))
			continue;
		if (is_tag(c, "table") && data_table(c, depth)) {
			size_t t = all_text(c, depth);
			add_score(f, c->parent, (double)t);
			add_score(f, c->parent ? c->parent->parent : NULL, t / 2.0);
			continue;
		}
		size_t t = in_list(c, block_tags) ? own_text(c, depth) : 0;
		if (t && in_list(c, para_tags)) {
			add_score(f, c->parent, (double)t);
			add_score(f, c->parent ? c->parent->parent : NULL, t / 2.0);
		} else if (t) {
			add_score(f, c, (double)t);
			add_score(f, c->parent, t / 2.0);
		}
		score(f, c, depth + 1);
	}
}

/* All text under nd, and the part of it inside links. */
static void text_and_links(const xmlNode *nd, int in_link, size_t *all, size_t *link, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (const xmlNode *c = nd->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			size_t k = text_chars(c->content);
			*all += k;
			*link += in_link ? k : 0;
		} else if (c->type == XML_ELEMENT_NODE && !skipped(c)) {
			text_and_links(c, in_link || is_tag(c, "a"), all, link, depth + 1);
		}
	}
}

static size_t all_text(const xmlNode *nd, int depth)
{
	size_t all = 0, link = 0;
	text_and_links(nd, 0, &all, &link, depth);
	return all;
}

/* A block of navigation is mostly links; a document block is named so. */
static double final_score(const struct scored *s)
{
	size_t all = 0, link = 0;
	text_and_links(s->nd, 0, &all, &link, 0);
	double v = s->score * (all ? 1.0 - (double)link / (double)all : 0.0);
	return has_words(s->nd, main_words) ? v * 1.25 : v;
}

/* The element that holds the document: the highest final score; ties go
 * to the element met first in the page. */
static xmlNode *find_main(xmlNode *root, int *too_deep)
{
	struct finder f = {NULL, 0, 0, 0};
	score(&f, root, 0);
	xmlNode *best = NULL;
	double top = 0;
	for (size_t i = 0; i < f.cap; i++) {
		if (!f.v[i].nd || f.v[i].score * 1.25 < top)
			continue;
		double v = final_score(&f.v[i]);
		if (v > top || (v == top && best && xmlXPathCmpNodes(f.v[i].nd, best) > 0))
			top = v, best = f.v[i].nd;
	}
	free(f.v);
	*too_deep = f.too_deep;
	/* text spread over a table's cells: the table is the text, with what
	 * is around it */
	while (best && best->parent && (is_tag(best, "tr") || is_tag(best, "tbody") ||
					is_tag(best, "thead") || is_tag(best, "tfoot") ||
					is_tag(best, "table")))
		best = best->parent;
	return best;
}

/* ---- the text of a block ---- */

struct span {
	char *text;
	int left; /* rows it still covers */
};

struct table {
	struct span *carry; /* per column: a cell with rowspan above */
	size_t ncol;
};

static void walk(struct fmt_out *o, const xmlNode *nd, int depth);

static long num_attr(const xmlNode *nd, const char *name, long lo, long hi)
{
	xmlChar *v = xmlGetProp(nd, (const xmlChar *)name);
	long k = v ? strtol((const char *)v, NULL, 10) : lo;
	xmlFree(v);
	return k < lo ? lo : k > hi ? hi : k;
}

static void carry_grow(struct table *t, size_t col)
{
	if (col < t->ncol)
		return;
	t->carry = xreallocarray(t->carry, col + 1, sizeof *t->carry);
	memset(t->carry + t->ncol, 0, (col + 1 - t->ncol) * sizeof *t->carry);
	t->ncol = col + 1;
}

/* Cells covered by a rowspan from above, at column *col onwards; at the
 * end of a row (to_end), also the empty columns before such a cell. */
static void fill_carried(struct fmt_out *o, struct table *t, size_t *col, int to_end)
{
	size_t last = *col;
	for (size_t k = *col; to_end && k < t->ncol; k++)
		if (t->carry[k].left > 0)
			last = k + 1;
	while (*col < t->ncol && (t->carry[*col].left > 0 || *col < last)) {
		fo_cell(o);
		if (t->carry[*col].left > 0) {
			fo_adds(o, t->carry[*col].text);
			t->carry[*col].left--;
		}
		(*col)++;
	}
}

/* One <tr>: its cells in grid columns; a rowspan cell's text is kept for
 * the rows below (a reader sees it there too). */
static void table_row(struct fmt_out *o, struct table *t, const xmlNode *tr, int depth)
{
	size_t col = 0, starts[MAX_SPAN * 4];
	long spans[MAX_SPAN * 4];
	size_t nstart = 0;
	fo_row_begin(o);
	for (const xmlNode *c = tr->children; c; c = c->next) {
		if (!is_tag(c, "td") && !is_tag(c, "th"))
			continue;
		fill_carried(o, t, &col, 0);
		long cs = num_attr(c, "colspan", 1, MAX_SPAN), rs = num_attr(c, "rowspan", 1, MAX_ROWSPAN);
		fo_cell(o);
		walk(o, c, depth + 1);
		if (rs > 1 && nstart < ARRAY_SIZE(starts))
			starts[nstart] = col, spans[nstart++] = rs - 1;
		for (long k = 1; k < cs; k++)
			fo_cell(o);
		col += (size_t)cs;
	}
	fill_carried(o, t, &col, 1);
	fo_row_end(o);
	for (size_t i = 0; i < nstart && !o->nested; i++) {
		carry_grow(t, starts[i]);
		free(t->carry[starts[i]].text);
		t->carry[starts[i]].text = xstrdup(fo_prev_cell(o, starts[i]));
		t->carry[starts[i]].left = (int)spans[i];
	}
}

/* The rows of a table, through thead/tbody/tfoot. */
static void table_rows(struct fmt_out *o, struct table *t, const xmlNode *nd, int depth)
{
	for (const xmlNode *c = nd->children; c; c = c->next) {
		if (is_tag(c, "tr"))
			table_row(o, t, c, depth + 1);
		else if (is_tag(c, "thead") || is_tag(c, "tbody") || is_tag(c, "tfoot"))
			table_rows(o, t, c, depth + 1);
		else if (is_tag(c, "caption"))
			walk(o, c, depth + 1);
	}
}

/* A table inside a cell is read as words of that cell (fmt_out.c). */
static void table(struct fmt_out *o, const xmlNode *nd, int depth)
{
	struct table t = {NULL, 0};
	fo_break(o);
	table_rows(o, &t, nd, depth);
	for (size_t i = 0; i < t.ncol; i++)
		free(t.carry[i].text);
	free(t.carry);
}

static void text_node(struct fmt_out *o, const xmlNode *nd, int pre)
{
	int keep = o->html_ws;
	o->html_ws = !pre;
	fo_adds(o, (const char *)nd->content);
	o->html_ws = keep;
}

static int in_pre(const xmlNode *nd)
{
	for (; nd; nd = nd->parent)
		if (is_tag(nd, "pre"))
			return 1;
	return 0;
}

static void walk(struct fmt_out *o, const xmlNode *nd, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (const xmlNode *c = nd->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			text_node(o, c, in_pre(c));
		} else if (c->type != XML_ELEMENT_NODE || skipped(c)) {
			continue;
		} else if (is_tag(c, "br")) {
			fo_break(o);
		} else if (is_tag(c, "table")) {
			table(o, c, depth + 1);
		} else if (in_list(c, block_tags)) { /* in a cell, a space */
			fo_break(o);
			walk(o, c, depth + 1);
			fo_break(o);
		} else {
			walk(o, c, depth + 1);
		}
	}
}

/* ---- the title ---- */

/* Text of nd as one line (malloc'ed). */
static char *line_text(const xmlNode *nd)
{
	struct fmt_out o;
	fo_init(&o, 1);
	fo_row_begin(&o); /* everything on one line: a cell */
	fo_cell(&o);
	walk(&o, nd, 0);
	fo_row_end(&o);
	size_t len;
	char *s = fo_finish(&o, &len);
	while (len && (s[len - 1] == '\n' || s[len - 1] == '\t'))
		s[--len] = '\0';
	return s;
}

/* The first <h1> (else an element whose class says title) of the page,
 * outside the block and before it in document order: the document's title
 * as the site shows it above the text. */
static const xmlNode *heading_before(const xmlNode *nd, const xmlNode *block, int *passed,
				     int depth)
{
	for (const xmlNode *c = nd->children; c && !*passed && depth < MAX_DEPTH; c = c->next) {
		if (c == block) {
			*passed = 1;
			return NULL;
		}
		if (c->type != XML_ELEMENT_NODE || skipped(c))
			continue;
		if (is_tag(c, "h1"))
			return c;
		const xmlNode *h = heading_before(c, block, passed, depth + 1);
		if (h)
			return h;
	}
	return NULL;
}

static const char *const title_words[] = {"title", "biaoti", NULL};

static const xmlNode *title_before(const xmlNode *nd, const xmlNode *block, int *passed,
				   int depth)
{
	for (const xmlNode *c = nd->children; c && !*passed && depth < MAX_DEPTH; c = c->next) {
		if (c == block) {
			*passed = 1;
			return NULL;
		}
		if (c->type != XML_ELEMENT_NODE || skipped(c))
			continue;
		if (!is_tag(c, "head") && has_words(c, title_words) && own_text(c, 0))
			return c;
		const xmlNode *h = title_before(c, block, passed, depth + 1);
		if (h)
			return h;
	}
	return NULL;
}

/* Put the title above the block's text unless the block starts with it. */
static void add_title(struct fmt_out *o, const xmlNode *root, const xmlNode *block)
{
	int passed = 0;
	const xmlNode *h = heading_before(root, block, &passed, 0);
	if (!h) {
		passed = 0;
		h = title_before(root, block, &passed, 0);
	}
	if (!h)
		return;
	char *title = line_text(h);
	if (*title) {
		fo_adds(o, title);
		fo_break(o);
	}
	free(title);
}

/* s without white space, for comparing a title with the text's top. */
static char *squeezed(const char *s, size_t n)
{
	char *o = xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			o[k++] = s[i];
	o[k] = '\0';
	return o;
}

/* Does the top of the text (its first few hundred characters) hold the
 * title, perhaps broken over lines? */
static int starts_with_title(const char *body, size_t bl, const char *title, size_t tl)
{
	char *b = squeezed(body, bl < 1500 ? bl : 1500), *t = squeezed(title, tl);
	int found = *t && strstr(b, t) != NULL;
	free(b);
	free(t);
	return found;
}

/* The block's text, with the page's title above it unless it is there. */
static char *page_text(xmlNode *root, const xmlNode *block, size_t *len)
{
	struct fmt_out head, body;
	fo_init(&head, 1);
	fo_init(&body, 1);
	add_title(&head, root, block);
	walk(&body, block, 0);
	size_t hl, bl;
	char *h = fo_finish(&head, &hl), *b = fo_finish(&body, &bl);
	if (hl && starts_with_title(b, bl, h, hl))
		hl = 0;
	char *out = xmalloc(hl + bl + 1);
	memcpy(out, h, hl);
	memcpy(out + hl, b, bl + 1);
	*len = hl + bl;
	free(h);
	free(b);
	return out;
}

enum lu_status fmt_html_text(const char *name, const unsigned char *buf, size_t n,
			     const char *force_enc, char label[ENC_NAME_MAX], char **text,
			     size_t *len)
{
	char enc[ENC_NAME_MAX], *utf8;
	size_t ulen;
	enum lu_status st = fmt_lib_load(0, name, "a web page");
	if (st == LU_OK)
		st = decode(name, buf, n, force_enc, enc, &utf8, &ulen);
	if (st != LU_OK)
		return st;
	if (ulen > INT32_MAX) {
		free(utf8);
		return lu_error(LU_IO, "%s is too large for a web page", name);
	}
	htmlDocPtr doc = htmlReadMemory(utf8, (int)ulen, NULL, "UTF-8",
					HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
						HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC);
	free(utf8);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		xmlFreeDoc(doc);
		return lu_error(LU_ERR, "%s is not a web page luoshi can read (no HTML elements)", name);
	}
	int too_deep = 0;
	xmlNode *block = find_main(root, &too_deep);
	if (too_deep) {
		xmlFreeDoc(doc);
		return lu_error(LU_ERR, "%s is nested more than %d elements deep: not a page luoshi reads",
				name, MAX_DEPTH);
	}
	*text = page_text(root, block ? block : root, len);
	xmlFreeDoc(doc);
	snprintf(label, ENC_NAME_MAX, "html (%.24s)", enc);
	return LU_OK;
}
