/* fmt_out.c - the text a format reader builds: paragraphs as lines with a
 * blank line between them, table rows as TAB-separated cells (fmt.h). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_impl.h"
#include "luoshi/utf8.h"

void fo_init(struct fmt_out *o, int html_ws)
{
	memset(o, 0, sizeof *o);
	o->html_ws = html_ws;
}

static void free_cells(struct sbuf *c, size_t cap)
{
	for (size_t i = 0; i < cap; i++)
		sbuf_free(&c[i]);
	free(c);
}

void fo_free(struct fmt_out *o)
{
	sbuf_free(&o->text);
	sbuf_free(&o->line);
	free_cells(o->cells, o->cellcap);
	free_cells(o->prev, o->prevcap);
	memset(o, 0, sizeof *o);
}

/* Where text goes now: the open cell, or the paragraph. NULL between the
 * cells of a row (white space between HTML tags). */
static struct sbuf *target(struct fmt_out *o)
{
	if (!o->in_row)
		return &o->line;
	return o->ncells ? &o->cells[o->ncells - 1] : NULL;
}

static int ends_blank(const struct sbuf *b)
{
	return b->len == 0 || b->s[b->len - 1] == ' ';
}

/* A line break: the end of a paragraph, or a space inside a cell. */
static int is_break(uint32_t c)
{
	return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Characters that are not text: C0 and C1 controls, DEL, BOM. */
static int is_dropped(uint32_t c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ||
	       (c >= 0x7F && c < 0xA0 && c != 0x85) || c == 0xFEFF;
}

static void add_cp(struct fmt_out *o, uint32_t c)
{
	struct sbuf *b = target(o);
	if (!b || is_dropped(c))
		return;
	if (is_break(c) && !o->html_ws && !o->in_row) {
		fo_break(o);
		return;
	}
	/* a run of white space is one space: it is layout, not text */
	if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0xA0 || is_break(c)) {
		if (!ends_blank(b))
			sbuf_addc(b, ' ');
		return;
	}
	char u[4];
	sbuf_add(b, u, utf8_encode(c, u));
}

void fo_add(struct fmt_out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += utf8_decode(s + i, n - i, &c);
		add_cp(o, c);
	}
}

void fo_adds(struct fmt_out *o, const char *s)
{
	fo_add(o, s, strlen(s));
}

static int is_trim(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || c == 0xFEFF;
}

int fmt_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += utf8_decode(s + i, n - i, &c);
		if (!is_trim(c) && c != '\n' && c != '\r')
			return 0;
	}
	return 1;
}

/* Cut blanks at both ends of b, in place. */
static void trim(struct sbuf *b)
{
	size_t i = 0, e = b->len;
	uint32_t c;
	if (!b->s)
		return;
	while (i < e) {
		size_t l = utf8_decode(b->s + i, e - i, &c);
		if (!is_trim(c))
			break;
		i += l;
	}
	while (e > i) {
		size_t k = e - 1;
		while (k > i && ((unsigned char)b->s[k] & 0xC0) == 0x80)
			k--;
		utf8_decode(b->s + k, e - k, &c);
		if (!is_trim(c))
			break;
		e = k;
	}
	memmove(b->s, b->s + i, e - i);
	b->len = e - i;
	b->s[b->len] = '\0';
}

void fo_break(struct fmt_out *o)
{
	if (o->in_row) {
		add_cp(o, ' ');
		return;
	}
	if (!o->line.len)
		return;
	trim(&o->line);
	if (o->line.len) {
		sbuf_add(&o->text, o->line.s, o->line.len);
		sbuf_add(&o->text, "\n\n", 2);
	}
	sbuf_reset(&o->line);
}

void fo_row_begin(struct fmt_out *o)
{
	if (o->in_row) {
		o->nested++;
		add_cp(o, ' ');
		return;
	}
	fo_break(o);
	o->in_row = 1;
	o->ncells = 0;
}

void fo_cell(struct fmt_out *o)
{
	if (!o->in_row)
		fo_row_begin(o);
	if (o->nested) {
		add_cp(o, ' ');
		return;
	}
	if (o->ncells == o->cellcap) {
		size_t cap = o->cellcap ? o->cellcap * 2 : 8;
		o->cells = xreallocarray(o->cells, cap, sizeof *o->cells);
		memset(o->cells + o->cellcap, 0, (cap - o->cellcap) * sizeof *o->cells);
		o->cellcap = cap;
	}
	sbuf_reset(&o->cells[o->ncells++]);
}

size_t fo_ncells(const struct fmt_out *o)
{
	return o->in_row && !o->nested ? o->ncells : 0;
}

const char *fo_prev_cell(const struct fmt_out *o, size_t col)
{
	return col < o->nprev && o->prev[col].s ? o->prev[col].s : "";
}

/* The row's cells, TAB-separated, as one line; nothing for an empty row. */
static void emit_row(struct fmt_out *o)
{
	size_t last = 0;
	for (size_t i = 0; i < o->ncells; i++) {
		trim(&o->cells[i]);
		if (o->cells[i].len)
			last = i + 1;
	}
	for (size_t i = 0; i < last; i++) {
		if (i)
			sbuf_addc(&o->text, '\t');
		sbuf_add(&o->text, o->cells[i].s, o->cells[i].len);
	}
	if (last)
		sbuf_add(&o->text, "\n\n", 2);
}

void fo_row_end(struct fmt_out *o)
{
	if (!o->in_row)
		return;
	if (o->nested) {
		o->nested--;
		add_cp(o, ' ');
		return;
	}
	emit_row(o);
	/* this row's cells are the next row's "previous" ones */
	struct sbuf *t = o->prev;
	size_t tcap = o->prevcap;
	o->prev = o->cells, o->prevcap = o->cellcap, o->nprev = o->ncells;
	o->cells = t, o->cellcap = tcap, o->ncells = 0;
	o->in_row = 0;
}

char *fo_finish(struct fmt_out *o, size_t *len)
{
	while (o->in_row)
		fo_row_end(o);
	fo_break(o);
	*len = o->text.len;
	char *s = sbuf_detach(&o->text);
	fo_free(o);
	return s;
}
