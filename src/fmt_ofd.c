/* fmt_ofd.c - an OFD file (GB/T 33190, the fixed-layout format of Chinese
 * e-government): a zip of XML pages on which every piece of text has a
 * position. The pieces are set out as lines of characters and blanks the
 * way pdftotext -layout sets out a PDF's, and fmt_layout_text() joins
 * them into paragraphs and tables as it does for a PDF. Templates (the
 * page furniture), annotations and signatures are not read. */
#include "config.h"
#include "luoshi/fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "fmt_impl.h"
#include "fmt_lib.h"
#include "luoshi/utf8.h"

/* Beyond these a file is not a document but an attack on the reader. */
#define MAX_CHARS 5000000
#define MAX_PAGES 10000
#define MAX_DEPTH 64

struct ochar {
	double x, y;  /* the glyph's origin on the page, mm (y downwards) */
	double w, sz; /* its advance and font size, mm */
	char u[4];
	int ulen;
};

struct opage {
	struct ochar *v;
	size_t n, cap;
	size_t *total; /* characters in the whole file so far */
};

static double num_attr(const xmlNode *nd, const char *name, double dflt)
{
	char *v = fz_attr(nd, name);
	double d = v && *v ? strtod(v, NULL) : dflt;
	free(v);
	return isfinite(d) ? d : dflt;
}

/* Boundary="x y w h": its origin. */
static void boundary(const xmlNode *nd, double *x, double *y)
{
	char *v = fz_attr(nd, "Boundary");
	*x = *y = 0;
	if (v) {
		char *e;
		*x = strtod(v, &e);
		*y = strtod(e, NULL);
		if (!isfinite(*x) || !isfinite(*y))
			*x = *y = 0;
	}
	free(v);
}

/* DeltaX="5.6 5.6 g 3 5.6": the advances between characters, with
 * "g N v" meaning N times v. Fills at most cap values. */
static size_t deltas(const xmlNode *tc, double *d, size_t cap)
{
	char *v = fz_attr(tc, "DeltaX"), *p = v;
	size_t k = 0;
	while (p && *p && k < cap) {
		p += strspn(p, " \t\r\n");
		if (*p == 'g') {
			char *e;
			long times = strtol(p + 1, &e, 10);
			double step = strtod(e, &p);
			if (p == e || times < 0 || !isfinite(step))
				break;
			for (long t = 0; t < times && k < cap; t++)
				d[k++] = step;
		} else if (*p) {
			char *e;
			double step = strtod(p, &e);
			if (e == p || !isfinite(step))
				break;
			d[k++] = step;
			p = e;
		}
	}
	free(v);
	return k;
}

static void add_char(struct opage *pg, double x, double y, double w, double sz, const char *u,
		     size_t ulen)
{
	if (*pg->total >= MAX_CHARS)
		return;
	if (pg->n == pg->cap) {
		pg->cap = pg->cap ? pg->cap * 2 : 256;
		pg->v = xreallocarray(pg->v, pg->cap, sizeof *pg->v);
	}
	struct ochar *c = &pg->v[pg->n++];
	(*pg->total)++;
	*c = (struct ochar){x, y, w, sz, {0}, (int)ulen};
	memcpy(c->u, u, ulen);
}

/* One ofd:TextCode of a text object at (bx, by) with font size sz. */
static void text_code(struct opage *pg, const xmlNode *tc, double bx, double by, double sz)
{
	xmlChar *text = xmlNodeGetContent(tc);
	const char *s = (const char *)text;
	size_t n = s ? strlen(s) : 0;
	double *d = xcalloc(n + 1, sizeof *d);
	size_t nd = deltas(tc, d, n);
	double x = bx + num_attr(tc, "X", 0), y = by + num_attr(tc, "Y", sz);
	for (size_t i = 0, k = 0; i < n; k++) {
		uint32_t c;
		size_t l = utf8_decode(s + i, n - i, &c);
		double adv = k < nd ? d[k] : c >= 0x2E80 ? sz : sz / 2;
		if (c > ' ')
			add_char(pg, x, y, c >= 0x2E80 ? sz : sz / 2, sz, s + i, l);
		x += adv;
		i += l;
	}
	free(d);
	xmlFree(text);
}

/* The objects of a layer or page block; blocks nest. */
static void objects(struct opage *pg, const xmlNode *parent, int depth)
{
	for (const xmlNode *c = parent->children; c && depth < MAX_DEPTH; c = c->next) {
		if (fz_is(c, NULL, "TextObject")) {
			double bx, by, sz = num_attr(c, "Size", 3.5);
			boundary(c, &bx, &by);
			for (const xmlNode *t = c->children; t; t = t->next)
				if (fz_is(t, NULL, "TextCode"))
					text_code(pg, t, bx, by, sz > 0 ? sz : 3.5);
		} else if (fz_is(c, NULL, "PageBlock") || fz_is(c, NULL, "Layer") ||
			   fz_is(c, NULL, "Content")) {
			objects(pg, c, depth + 1);
		}
	}
}

/* ---- characters to lines, as pdftotext -layout would print them ---- */

static int by_line(const void *a, const void *b)
{
	const struct ochar *x = a, *y = b;
	return (x->y > y->y) - (x->y < y->y);
}

static int by_x(const void *a, const void *b)
{
	const struct ochar *x = a, *y = b;
	return (x->x > y->x) - (x->x < y->x);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median_size(const struct opage *pg)
{
	double *s = xcalloc(pg->n + 1, sizeof *s);
	for (size_t i = 0; i < pg->n; i++)
		s[i] = pg->v[i].sz;
	qsort(s, pg->n, sizeof *s, cmp_d);
	double m = pg->n ? s[pg->n / 2] : 3.5;
	free(s);
	return m > 0.1 ? m : 3.5;
}

/* Distance in units, rounded, never negative (no libm needed). */
static long units(double d, double unit)
{
	double k = d / unit + 0.5;
	return k > 0 && k < 1e6 ? (long)k : 0;
}

static void blanks(struct sbuf *b, long k)
{
	for (long i = 0; i < k && i < 1000; i++)
		sbuf_addc(b, ' ');
}

/* One line, as pdftotext -layout prints one: a blank per half em from the
 * page's left edge; between pieces that stand apart, one blank for a
 * small gap, and for a wide one enough blanks to reach the piece's column
 * (half ems from the left edge), so that the columns of a table line up
 * in the text as on the page. */
static void put_line(struct sbuf *b, struct ochar *c, size_t n, double left, double unit)
{
	qsort(c, n, sizeof *c, by_x);
	long col = units(c[0].x - left, unit);
	blanks(b, col);
	double end = c[0].x;
	for (size_t i = 0; i < n; i++) {
		double gap = (c[i].x - end) / unit;
		long target = units(c[i].x - left, unit);
		if (gap >= 1.5) {
			long k = target - col > 2 ? target - col : 2;
			blanks(b, k);
			col += k;
		} else if (gap >= 0.5) {
			blanks(b, 1);
			col++;
		}
		sbuf_add(b, c[i].u, (size_t)c[i].ulen);
		col++;
		end = c[i].x + c[i].w > end ? c[i].x + c[i].w : end;
	}
	sbuf_addc(b, '\n');
}

static void put_page(struct sbuf *b, struct opage *pg)
{
	if (!pg->n)
		return;
	double sz = median_size(pg), unit = sz / 2, left = pg->v[0].x, last = 0;
	for (size_t i = 0; i < pg->n; i++)
		left = pg->v[i].x < left ? pg->v[i].x : left;
	qsort(pg->v, pg->n, sizeof *pg->v, by_line);
	for (size_t i = 0; i < pg->n;) {
		size_t j = i + 1;
		while (j < pg->n && pg->v[j].y - pg->v[i].y < 0.35 * pg->v[i].sz)
			j++;
		if (i && pg->v[i].y - last > 2.2 * sz)
			sbuf_addc(b, '\n'); /* a gap wider than a line */
		last = pg->v[i].y;
		put_line(b, pg->v + i, j - i, left, unit);
		i = j;
	}
}

/* ---- the package ---- */

static const xmlNode *child(const xmlNode *nd, const char *local)
{
	return fz_child(nd, NULL, local);
}

/* The text of nd's child element local, without blanks at either end
 * (malloc'ed), or NULL. */
static char *child_text(const xmlNode *nd, const char *local)
{
	const xmlNode *c = child(nd, local);
	if (!c)
		return NULL;
	xmlChar *t = xmlNodeGetContent(c);
	const char *s = t ? (const char *)t : "";
	s += strspn(s, " \t\r\n");
	size_t k = strlen(s);
	while (k && strchr(" \t\r\n", s[k - 1]))
		k--;
	char *out = xstrndup(s, k);
	xmlFree(t);
	return out;
}

/* The first document's Document.xml, from OFD.xml's DocBody/DocRoot. */
static enum lu_status doc_root(struct zip *z, const char *name, char **path)
{
	xmlDoc *ofd;
	enum lu_status st = fz_xml(z, name, "OFD.xml", &ofd);
	if (st == LU_NOTFOUND)
		return lu_error(LU_ERR, "%s has no OFD.xml: it is damaged or not an OFD file", name);
	if (st != LU_OK)
		return st;
	char *root = child_text(child(xmlDocGetRootElement(ofd), "DocBody"), "DocRoot");
	xmlFreeDoc(ofd);
	if (!root || !*root) {
		free(root);
		return lu_error(LU_ERR, "%s is damaged: OFD.xml names no document (DocRoot)", name);
	}
	*path = fz_resolve("", root);
	free(root);
	return LU_OK;
}

/* One page's content, set out as lines into b. */
static enum lu_status read_page(struct zip *z, const char *name, const char *loc,
				size_t *total, struct sbuf *b)
{
	xmlDoc *doc;
	enum lu_status st = fz_xml(z, name, loc, &doc);
	if (st == LU_NOTFOUND)
		return lu_error(LU_ERR, "%s is damaged: the page %s is missing", name, loc);
	if (st != LU_OK)
		return st;
	struct opage pg = {NULL, 0, 0, total};
	objects(&pg, child(xmlDocGetRootElement(doc), "Content"), 0);
	put_page(b, &pg);
	free(pg.v);
	xmlFreeDoc(doc);
	return LU_OK;
}

static enum lu_status read_pages(struct zip *z, const char *name, const char *docpath,
				 struct sbuf *b)
{
	xmlDoc *doc;
	enum lu_status st = fz_xml(z, name, docpath, &doc);
	if (st == LU_NOTFOUND)
		return lu_error(LU_ERR, "%s is damaged: %s is missing", name, docpath);
	if (st != LU_OK)
		return st;
	const xmlNode *pages = child(xmlDocGetRootElement(doc), "Pages");
	size_t total = 0;
	int count = 0;
	for (const xmlNode *p = pages ? pages->children : NULL; p && st == LU_OK; p = p->next) {
		char *loc = fz_is(p, NULL, "Page") ? fz_attr(p, "BaseLoc") : NULL;
		if (loc && count++ < MAX_PAGES) {
			char *path = fz_resolve(docpath, loc);
			st = read_page(z, name, path, &total, b);
			sbuf_addc(b, '\f');
			free(path);
		}
		free(loc);
	}
	xmlFreeDoc(doc);
	return st;
}

enum lu_status fmt_ofd_text(const char *name, const unsigned char *buf, size_t n, char **text,
			    size_t *len)
{
	struct zip *z;
	enum lu_status st = fmt_lib_load(1, name, "an OFD document");
	if (st == LU_OK)
		st = fz_open(name, buf, n, &z);
	if (st != LU_OK)
		return st;
	char *docpath = NULL;
	struct sbuf layout = SBUF_INIT;
	st = doc_root(z, name, &docpath);
	if (st == LU_OK)
		st = read_pages(z, name, docpath, &layout);
	if (st == LU_OK)
		*text = fmt_layout_text(layout.s ? layout.s : "", layout.len, len);
	sbuf_free(&layout);
	free(docpath);
	fz_close(z);
	return st;
}
