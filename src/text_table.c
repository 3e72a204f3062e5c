/* text_table.c - a table (the rows of a table node: one row per line,
 * cells separated by tabs) laid out in a given width, by display width:
 * columns aligned when the table fits, else the widest columns narrowed and
 * their cells wrapped with the 禁则 rules, a row over several lines. */
#include "config.h"
#include "luoshi/text.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/util.h"

#define GAP 2      /* blanks between columns */
#define MIN_COL 4  /* a column is never narrowed below this */
#define MAX_COLS 64

struct cell {
	char *s; /* sanitised, one line */
	int w;
};

struct grid {
	struct cell *c; /* rows × cols */
	size_t rows, cols;
};

static void split_grid(const char *rows, struct grid *g)
{
	memset(g, 0, sizeof *g);
	for (const char *p = rows; p && *p;) { /* count rows and columns */
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p), cols = 1;
		for (size_t i = 0; i < n; i++)
			cols += p[i] == '\t';
		g->cols = cols > g->cols ? cols : g->cols;
		g->rows++;
		p = nl ? nl + 1 : NULL;
	}
	if (g->cols > MAX_COLS)
		g->cols = MAX_COLS;
	g->c = xcalloc(g->rows * g->cols + 1, sizeof *g->c);
	size_t r = 0;
	for (const char *p = rows; p && *p; r++) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p), k = 0, b = 0;
		for (size_t i = 0; i <= n && k < g->cols; i++) {
			if (i < n && p[i] != '\t')
				continue;
			struct cell *c = &g->c[r * g->cols + k++];
			c->s = text_sanitize(p + b, i - b, 0);
			c->w = text_width(c->s, strlen(c->s));
			b = i + 1;
		}
		p = nl ? nl + 1 : NULL;
	}
}

/* Column widths: as wide as their widest cell when the table fits, else
 * the widest column narrowed one column at a time until it does. */
static void widths(const struct grid *g, int width, int *w)
{
	int total = (int)(g->cols - 1) * GAP;
	for (size_t k = 0; k < g->cols; k++) {
		w[k] = 1;
		for (size_t r = 0; r < g->rows; r++) {
			const struct cell *c = &g->c[r * g->cols + k];
			if (c->s && c->w > w[k])
				w[k] = c->w;
		}
		total += w[k];
	}
	while (total > width) {
		size_t wide = 0;
		for (size_t k = 1; k < g->cols; k++)
			if (w[k] > w[wide])
				wide = k;
		if (w[wide] <= MIN_COL)
			break; /* as narrow as it goes: the caller's lines are wider */
		w[wide]--, total--;
	}
}

static void add_line(char ***out, size_t *n, size_t *cap, struct sbuf *b)
{
	while (b->len && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	if (*n == *cap)
		*out = xreallocarray(*out, *cap = *cap ? 2 * *cap : 16, sizeof **out);
	(*out)[(*n)++] = sbuf_detach(b);
}

/* One row: each cell wrapped in its column, the row as tall as its
 * tallest cell. */
static void lay_row(const struct grid *g, size_t r, const int *w, char ***out, size_t *n,
		    size_t *cap)
{
	struct text_line *lines[MAX_COLS];
	size_t nl[MAX_COLS], height = 1;
	for (size_t k = 0; k < g->cols; k++) {
		const struct cell *c = &g->c[r * g->cols + k];
		const char *s = c->s ? c->s : "";
		nl[k] = text_wrap(s, strlen(s), w[k], 0, &lines[k]);
		height = nl[k] > height ? nl[k] : height;
	}
	for (size_t h = 0; h < height; h++) {
		struct sbuf b = SBUF_INIT;
		sbuf_adds(&b, "");
		for (size_t k = 0; k < g->cols; k++) {
			const struct cell *c = &g->c[r * g->cols + k];
			int used = 0;
			if (h < nl[k] && c->s) {
				sbuf_add(&b, c->s + lines[k][h].off, lines[k][h].len);
				used = lines[k][h].width;
			}
			if (k + 1 < g->cols)
				for (int pad = w[k] - used + GAP; pad > 0; pad--)
					sbuf_addc(&b, ' ');
		}
		add_line(out, n, cap, &b);
	}
	for (size_t k = 0; k < g->cols; k++)
		free(lines[k]);
}

size_t text_table(const char *rows, int width, char ***lines)
{
	struct grid g;
	int w[MAX_COLS];
	size_t n = 0, cap = 0;
	*lines = NULL;
	split_grid(rows ? rows : "", &g);
	if (g.rows && g.cols) {
		widths(&g, width, w);
		for (size_t r = 0; r < g.rows; r++)
			lay_row(&g, r, w, lines, &n, &cap);
	}
	for (size_t i = 0; i < g.rows * g.cols; i++)
		free(g.c[i].s);
	free(g.c);
	return n;
}
