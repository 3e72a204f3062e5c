/* fmt_docx.c - a Word (.docx) file as saved by Word or WPS: paragraphs in
 * order with their automatic numbering rendered, tables as rows of cells
 * (a merged cell shows its text in every row it spans), text boxes after
 * the paragraph that holds them. Footnotes, headers and footers are other
 * parts and are not read; deleted revisions, hidden text, field codes and
 * placeholder text are not what a reader sees. Containers (hyperlink,
 * smartTag, ins, sdt, fldSimple, customXml and whatever WPS adds) are read
 * through, whatever they are. */
#include "config.h"
#include "luoshi/fmt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#include "fmt_impl.h"
#include "fmt_lib.h"
#include "luoshi/utf8.h"

#define W_NS "/wordprocessingml/"
/* Deeper than libxml2 lets a document be (256), so only a safety net. */
#define MAX_DEPTH 300

struct boxes {
	const xmlNode **v;
	size_t n;
};

struct docx {
	struct docx_num *num;
	struct fmt_out o;
	struct boxes *boxes; /* text boxes met in the current paragraph */
};

static void blocks(struct docx *d, const xmlNode *parent, int depth);
static void runs(struct docx *d, const xmlNode *parent, int depth);

static int is_w(const xmlNode *nd, const char *local)
{
	return fz_is(nd, W_NS, local);
}

static const xmlNode *child_w(const xmlNode *nd, const char *local)
{
	return fz_child(nd, W_NS, local);
}

/* A run of hidden text (w:rPr/w:vanish) is not shown. */
static int hidden_run(const xmlNode *r)
{
	const xmlNode *v = child_w(child_w(r, "rPr"), "vanish");
	return v && fz_on(v);
}

/* Elements that hold no text a reader sees: properties, deleted or moved-
 * away revisions, field codes, references to footnotes and comments. */
static int unseen(const xmlNode *nd)
{
	static const char *const names[] = {
		"pPr",	      "rPr",	    "tblPr",	    "trPr",	 "tcPr",       "sectPr",
		"sdtPr",      "del",	    "moveFrom",	    "delText",	 "instrText",  "delInstrText",
		"fldData",    "footnoteReference", "endnoteReference", "commentReference",
		"annotationRef", "tblGrid", "sdtEndPr", "customXmlPr", "smartTagPr", NULL};
	if (nd->type != XML_ELEMENT_NODE)
		return 1;
	if (fz_is(nd, NULL, "Fallback"))
		return 1; /* mc:AlternateContent: the first mc:Choice is read */
	for (const char *const *n = names; *n; n++)
		if (is_w(nd, *n))
			return 1;
	return 0;
}

/* The part of an mc:AlternateContent to read: its first mc:Choice. */
static const xmlNode *choice(const xmlNode *alt)
{
	for (const xmlNode *c = alt->children; c; c = c->next)
		if (fz_is(c, NULL, "Choice"))
			return c;
	return NULL;
}

/* A content control showing its placeholder ("单击此处输入文字") has no
 * content yet. */
static int placeholder(const xmlNode *sdt)
{
	const xmlNode *p = child_w(child_w(sdt, "sdtPr"), "showingPlcHdr");
	return p && fz_on(p);
}

/* w:sym: a character from a symbol font is in the private-use area and
 * means nothing as text; another is kept. */
static void symbol(struct docx *d, const xmlNode *nd)
{
	char *v = fz_attr(nd, "char");
	unsigned long c = v ? strtoul(v, NULL, 16) : 0;
	free(v);
	if (c >= 0x20 && !(c >= 0xE000 && c < 0xF900) && c < 0x110000) {
		char u[4];
		fo_add(&d->o, u, utf8_encode((uint32_t)c, u));
	}
}

static void text_of(struct docx *d, const xmlNode *t)
{
	for (const xmlNode *c = t->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			fo_adds(&d->o, (const char *)c->content);
}

/* A text box's paragraphs are read after the paragraph that anchors it. */
static void keep_box(struct docx *d, const xmlNode *box)
{
	if (!d->boxes)
		return;
	d->boxes->v = xreallocarray(d->boxes->v, d->boxes->n + 1, sizeof *d->boxes->v);
	d->boxes->v[d->boxes->n++] = box;
}

/* One element inside a paragraph. */
static void run_item(struct docx *d, const xmlNode *c, int depth)
{
	if (is_w(c, "t"))
		text_of(d, c);
	else if (is_w(c, "tab") || is_w(c, "ptab"))
		fo_adds(&d->o, " ");
	else if (is_w(c, "br") || is_w(c, "cr"))
		fo_break(&d->o);
	else if (is_w(c, "noBreakHyphen"))
		fo_adds(&d->o, "-");
	else if (is_w(c, "sym"))
		symbol(d, c);
	else if (is_w(c, "txbxContent"))
		keep_box(d, c);
	else if (is_w(c, "p"))
		keep_box(d, c); /* a paragraph inside a paragraph: a box by another name */
	else if (is_w(c, "r") && hidden_run(c))
		return;
	else if (is_w(c, "sdt") && placeholder(c))
		return;
	else if (fz_is(c, NULL, "AlternateContent")) {
		const xmlNode *ch = choice(c);
		if (ch)
			runs(d, ch, depth + 1);
	} else
		runs(d, c, depth + 1);
}

static void runs(struct docx *d, const xmlNode *parent, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (const xmlNode *c = parent->children; c; c = c->next)
		if (!unseen(c))
			run_item(d, c, depth);
}

static void paragraph(struct docx *d, const xmlNode *p, int depth)
{
	struct boxes mine = {NULL, 0}, *outer = d->boxes;
	struct sbuf label = SBUF_INIT;
	dn_label(d->num, child_w(p, "pPr"), &label);
	if (label.len)
		fo_add(&d->o, label.s, label.len);
	sbuf_free(&label);
	d->boxes = &mine;
	runs(d, p, depth + 1);
	d->boxes = outer;
	fo_break(&d->o);
	for (size_t i = 0; i < mine.n; i++) {
		if (is_w(mine.v[i], "p"))
			paragraph(d, mine.v[i], depth + 1);
		else
			blocks(d, mine.v[i], depth + 1);
	}
	free(mine.v);
}

/* ---- tables ---- */

static long int_prop(const xmlNode *props, const char *local, long dflt, long lo, long hi)
{
	const xmlNode *p = child_w(props, local);
	char *v = p ? fz_attr(p, "val") : NULL;
	long k = v && *v ? strtol(v, NULL, 10) : dflt;
	free(v);
	return k < lo ? lo : k > hi ? hi : k;
}

/* w:vMerge without w:val="restart": this cell continues the one above. */
static int merged_above(const xmlNode *tc)
{
	const xmlNode *vm = child_w(child_w(tc, "tcPr"), "vMerge");
	if (!vm)
		return 0;
	char *v = fz_attr(vm, "val");
	int cont = !v || strcmp(v, "restart") != 0;
	free(v);
	return cont;
}

static void empty_cells(struct fmt_out *o, long n)
{
	for (long k = 0; k < n; k++)
		fo_cell(o);
}

static void cell(struct docx *d, const xmlNode *tc, size_t *col, int depth)
{
	long span = int_prop(child_w(tc, "tcPr"), "gridSpan", 1, 1, 64);
	fo_cell(&d->o);
	if (merged_above(tc) && !d->o.nested)
		fo_adds(&d->o, fo_prev_cell(&d->o, *col));
	else
		blocks(d, tc, depth + 1);
	empty_cells(&d->o, span - 1);
	*col += (size_t)span;
}

/* The cells of a row, also inside content controls and custom XML. */
static void cells(struct docx *d, const xmlNode *parent, size_t *col, int depth)
{
	for (const xmlNode *c = parent->children; c && depth <= MAX_DEPTH; c = c->next) {
		if (is_w(c, "tc"))
			cell(d, c, col, depth);
		else if (is_w(c, "sdt") || is_w(c, "customXml") || is_w(c, "sdtContent"))
			cells(d, c, col, depth + 1);
	}
}

static void row(struct docx *d, const xmlNode *tr, int depth)
{
	const xmlNode *pr = child_w(tr, "trPr");
	if (child_w(pr, "del"))
		return; /* a deleted row (tracked changes) */
	size_t col = 0;
	long before = int_prop(pr, "gridBefore", 0, 0, 64);
	fo_row_begin(&d->o);
	for (long k = 0; k < before; k++)
		fo_cell(&d->o);
	col += (size_t)before;
	cells(d, tr, &col, depth + 1);
	fo_row_end(&d->o);
}

static void rows(struct docx *d, const xmlNode *parent, int depth)
{
	for (const xmlNode *c = parent->children; c && depth <= MAX_DEPTH; c = c->next) {
		if (is_w(c, "tr"))
			row(d, c, depth + 1);
		else if (is_w(c, "sdt") || is_w(c, "customXml") || is_w(c, "sdtContent"))
			rows(d, c, depth + 1);
	}
}

/* ---- the body ---- */

static void block_item(struct docx *d, const xmlNode *c, int depth)
{
	if (is_w(c, "p"))
		paragraph(d, c, depth);
	else if (is_w(c, "tbl"))
		rows(d, c, depth + 1);
	else if (is_w(c, "sdt") && placeholder(c))
		return;
	else if (fz_is(c, NULL, "AlternateContent")) {
		const xmlNode *ch = choice(c);
		if (ch)
			blocks(d, ch, depth + 1);
	} else
		blocks(d, c, depth + 1);
}

static void blocks(struct docx *d, const xmlNode *parent, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (const xmlNode *c = parent->children; c; c = c->next)
		if (!unseen(c))
			block_item(d, c, depth);
}

/* ---- the package ---- */

struct parts {
	char *main, *numbering, *styles;
};

/* Where the main document and its numbering and styles are: from the
 * relationships, else where Word and WPS put them. */
static void find_parts(struct zip *z, const char *name, struct parts *p)
{
	p->main = fz_rel_target(z, name, "_rels/.rels", "", "/officeDocument");
	if (!p->main || !fz_has(z, p->main)) {
		free(p->main);
		p->main = xstrdup("word/document.xml");
	}
	const char *slash = strrchr(p->main, '/');
	char *rels = slash ? xasprintf("%.*s/_rels/%s.rels", (int)(slash - p->main), p->main, slash + 1)
			   : xasprintf("_rels/%s.rels", p->main);
	p->numbering = fz_rel_target(z, name, rels, p->main, "/numbering");
	p->styles = fz_rel_target(z, name, rels, p->main, "/styles");
	free(rels);
	if (!p->numbering)
		p->numbering = fz_resolve(p->main, "numbering.xml");
	if (!p->styles)
		p->styles = fz_resolve(p->main, "styles.xml");
}

static void free_parts(struct parts *p)
{
	free(p->main);
	free(p->numbering);
	free(p->styles);
}

/* An optional part: absent is fine, damaged is not. */
static enum lu_status optional_xml(struct zip *z, const char *name, const char *member,
				   xmlDoc **doc)
{
	enum lu_status st = fz_xml(z, name, member, doc);
	return st == LU_NOTFOUND ? LU_OK : st;
}

static enum lu_status read_body(struct docx *d, xmlDoc *doc, const char *name, const char *member)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *body = is_w(root, "document") ? child_w(root, "body") : NULL;
	if (!body)
		return lu_error(LU_ERR, "%s is not a Word document: %s has no w:body", name, member);
	blocks(d, body, 0);
	return LU_OK;
}

enum lu_status fmt_docx_text(const char *name, const unsigned char *buf, size_t n, char **text,
			     size_t *len)
{
	struct zip *z;
	enum lu_status st = fmt_lib_load(1, name, "a Word (.docx) document");
	if (st == LU_OK)
		st = fz_open(name, buf, n, &z);
	if (st != LU_OK)
		return st;
	struct parts p;
	xmlDoc *doc = NULL, *num = NULL, *sty = NULL;
	find_parts(z, name, &p);
	st = fz_xml(z, name, p.main, &doc);
	if (st == LU_NOTFOUND)
		st = lu_error(LU_ERR,
			      "%s has no %s: it is damaged, or a zip archive and not a Word document",
			      name, p.main);
	if (st == LU_OK)
		st = optional_xml(z, name, p.numbering, &num);
	if (st == LU_OK)
		st = optional_xml(z, name, p.styles, &sty);
	if (st == LU_OK) {
		struct docx d;
		memset(&d, 0, sizeof d);
		d.num = dn_load(num, sty);
		fo_init(&d.o, 0);
		st = read_body(&d, doc, name, p.main);
		*text = fo_finish(&d.o, len);
		dn_free(d.num);
		if (st != LU_OK)
			free(*text);
	}
	xmlFreeDoc(doc);
	xmlFreeDoc(num);
	xmlFreeDoc(sty);
	free_parts(&p);
	fz_close(z);
	return st;
}
