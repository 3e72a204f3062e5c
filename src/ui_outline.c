/* ui_outline.c - the outline: documents -> sections -> measures -> tasks.
 * Only what is shown is loaded: a window of the documents around the
 * cursor (read a page at a time by id as the cursor moves, at most DOCWIN_CAP
 * kept), a document's counts when its row is drawn, the nodes of a document
 * when it is expanded, the tasks of a node when the node is expanded. From
 * 100 columns the text of the selected item shows in a pane beside the
 * tree. */
#include "config.h"
#include "luoshi/ui_outline.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/label.h"
#include "luoshi/text.h"
#include "luoshi/ui_docwin.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_listbox.h"
#include "luoshi/ui_pane.h"
#include "luoshi/ui_prompt.h"
#include "luoshi/ui_taskact.h"

#define PANE_MIN_COLS 100
enum row_kind { ROW_DOC, ROW_NODE, ROW_TASK };

struct otasks {
	long long node_id;
	struct db_task *t;
	size_t n;
};

struct orow {
	unsigned char kind, depth;
	size_t doc, idx, set; /* node index in the doc; task index in tasks[set] */
};

/* Where the cursor is, to put it back after the rows are built again:
 * its item (kind and id, which survive a rebuild and a reload), its
 * document, its row within that document and on the screen. */
struct spot {
	int kind;
	long long id, doc;
	size_t cur, in_doc, on_screen;
};

struct outline {
	struct docwin win; /* the documents around the cursor */
	struct otasks *sets;
	size_t nsets;
	long long *open; /* expanded: -doc id or node id */
	size_t nopen;
	int first_load;
	struct orow *rows;
	size_t nrows;
	struct ui_listbox list;
	int tree_w, pane_w, pane_focus, pane_top, pane_dirty;
	struct wtext pane;
	struct db_hit *hits;
	size_t nhits, hit, hits_cap;
	int hits_more; /* more than the hits kept (SEARCH_KEEP) */
	char **words; /* of the last search, highlighted in the rows */
	size_t nwords;
	struct spot kept; /* the cursor's place when the rows had to go (has_kept) */
	int has_kept;
};

static struct outline *O(struct view *v)
{
	return v->priv;
}

/* ---- expanded set ---- */

static long long doc_key(long long id)
{
	return -id;
}

static int is_open(struct outline *o, long long key)
{
	for (size_t i = 0; i < o->nopen; i++)
		if (o->open[i] == key)
			return 1;
	return 0;
}

static void set_open(struct outline *o, long long key, int open)
{
	for (size_t i = 0; i < o->nopen; i++)
		if (o->open[i] == key) {
			if (!open)
				o->open[i] = o->open[--o->nopen];
			return;
		}
	if (open) {
		o->open = xreallocarray(o->open, o->nopen + 1, sizeof *o->open);
		o->open[o->nopen++] = key;
	}
}

/* ---- loading ---- */

static void free_data(struct outline *o)
{
	docwin_clear(&o->win);
	for (size_t i = 0; i < o->nsets; i++)
		db_tasks_free(o->sets[i].t, o->sets[i].n);
	free(o->sets);
	o->sets = NULL;
	o->nsets = 0;
}

/* own += sign * the subtree counts of nd */
static void count_add(struct db_counts *own, const struct db_node *nd, int sign)
{
	own->ntasks += sign * nd->ntasks;
	own->nactive += sign * nd->nactive;
	own->ncomplete += sign * nd->ncomplete;
}

static void load_nodes(struct odoc *od)
{
	if (od->loaded)
		return;
	od->loaded = 1;
	if (db_nodes(ui_db(), od->d.id, &od->nodes, &od->nnodes) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		od->nodes = NULL;
		od->nnodes = 0;
	}
	od->own = xcalloc(od->nnodes ? od->nnodes : 1, sizeof *od->own);
	for (size_t i = 0; i < od->nnodes; i++)
		count_add(&od->own[i], &od->nodes[i], 1);
	/* In document order a node's parent is on the path of open ancestors
	 * (a stack): linear, where searching back from each node was
	 * quadratic in the top-level nodes (100,000 headings: 9 s). */
	size_t *path = xreallocarray(NULL, od->nnodes ? od->nnodes : 1, sizeof *path), depth = 0;
	for (size_t i = 0; i < od->nnodes; i++) {
		while (depth && od->nodes[path[depth - 1]].id != od->nodes[i].parent_id)
			depth--;
		if (depth)
			count_add(&od->own[path[depth - 1]], &od->nodes[i], -1);
		path[depth++] = i;
	}
	free(path);
}

/* The tasks directly under a node, in their order. */
static void query_tasks(long long node_id, struct db_task **out, size_t *nout)
{
	char word[40];
	snprintf(word, sizeof word, "node:%lld", node_id);
	char *words[] = {word};
	struct db_filter *f = NULL;
	struct db_task *t = NULL;
	size_t n = 0, k = 0;
	if (db_filter_parse(1, words, &f) != LU_OK || db_tasks(ui_db(), f, DB_SORT_POSITION, &t, &n) != LU_OK)
		ui_msg("%s", lu_errmsg());
	db_filter_free(f);
	for (size_t i = 0; i < n; i++) /* node:ID covers the subtree; keep its own */
		if (t[i].node_id == node_id)
			t[k++] = t[i];
		else
			db_task_free(&t[i]);
	*out = t;
	*nout = k;
}

static struct otasks *set_of_node(struct outline *o, long long node_id)
{
	for (size_t i = 0; i < o->nsets; i++)
		if (o->sets[i].node_id == node_id)
			return &o->sets[i];
	return NULL;
}

static struct otasks *load_tasks(struct outline *o, long long node_id)
{
	struct otasks *s = set_of_node(o, node_id);
	if (s)
		return s;
	o->sets = xreallocarray(o->sets, o->nsets + 1, sizeof *o->sets);
	s = &o->sets[o->nsets++];
	s->node_id = node_id;
	query_tasks(node_id, &s->t, &s->n);
	return s;
}

/* ---- rows ---- */

static void push_row(struct outline *o, enum row_kind kind, int depth, size_t doc, size_t idx,
		     size_t set)
{
	if ((o->nrows & 63) == 0)
		o->rows = xreallocarray(o->rows, o->nrows + 64, sizeof *o->rows);
	o->rows[o->nrows++] = (struct orow){(unsigned char)kind,
					    (unsigned char)(depth > 200 ? 200 : depth), doc, idx, set};
}

static int node_expandable(const struct odoc *od, size_t i)
{
	return od->nodes[i].nkids > 0 || od->nodes[i].ntasks > 0;
}

static void rows_of_doc(struct outline *o, size_t di)
{
	struct odoc *od = &o->win.docs[di];
	load_nodes(od);
	int hide = INT_MAX;
	for (size_t i = 0; i < od->nnodes; i++) {
		const struct db_node *nd = &od->nodes[i];
		if (nd->level > hide)
			continue;
		hide = INT_MAX;
		push_row(o, ROW_NODE, nd->level, di, i, 0);
		if (!is_open(o, nd->id)) {
			if (node_expandable(od, i))
				hide = nd->level;
			continue;
		}
		if (od->own[i].ntasks <= 0)
			continue;
		struct otasks *s = load_tasks(o, nd->id);
		size_t set = (size_t)(s - o->sets);
		for (size_t k = 0; k < s->n; k++)
			push_row(o, ROW_TASK, nd->level + 1, di, k, set);
	}
}

static void build_rows(struct outline *o)
{
	o->nrows = 0;
	for (size_t d = 0; d < o->win.n; d++) {
		push_row(o, ROW_DOC, 0, d, 0, 0);
		if (is_open(o, doc_key(o->win.docs[d].d.id)))
			rows_of_doc(o, d);
	}
}

/* Only for rows of that kind. */
static const struct db_node *row_node(struct outline *o, const struct orow *r)
{
	return &o->win.docs[r->doc].nodes[r->idx];
}

static const struct db_task *row_task(struct outline *o, const struct orow *r)
{
	return &o->sets[r->set].t[r->idx];
}

static long long row_id(struct outline *o, const struct orow *r)
{
	if (r->kind == ROW_DOC)
		return o->win.docs[r->doc].d.id;
	return r->kind == ROW_NODE ? row_node(o, r)->id : row_task(o, r)->id;
}

static struct orow *cur_row(struct outline *o)
{
	return o->list.cur < o->nrows ? &o->rows[o->list.cur] : NULL;
}

static int find_row(struct outline *o, int kind, long long id, size_t *at)
{
	for (size_t i = 0; i < o->nrows; i++)
		if (o->rows[i].kind == kind && row_id(o, &o->rows[i]) == id)
			return *at = i, 1;
	return 0;
}


static struct spot spot_of(struct outline *o)
{
	struct spot s = {-1, 0, 0, o->list.cur, 0, o->list.cur - o->list.top};
	struct orow *r = cur_row(o);
	if (!r)
		return s;
	s.kind = r->kind;
	s.id = row_id(o, r);
	s.doc = o->win.docs[r->doc].d.id;
	size_t i = o->list.cur;
	while (i > 0 && o->rows[i].kind != ROW_DOC)
		i--;
	s.in_doc = o->list.cur - i;
	return s;
}

/* The row of document id or, gone, of the first one after it. */
static int doc_row_from(struct outline *o, long long id, size_t *at)
{
	for (size_t i = 0; i < o->nrows; i++)
		if (o->rows[i].kind == ROW_DOC && o->win.docs[o->rows[i].doc].d.id >= id)
			return *at = i, 1;
	return 0;
}

/* The cursor where s was. Its item gone: the row it had, within its
 * document after a reload (the window's rows before it changed), else
 * the first document after it, else the last row. */
static void spot_restore(struct view *v, const struct spot *s, int reload)
{
	struct outline *o = O(v);
	build_rows(o);
	size_t at = s->cur;
	if (s->kind >= 0 && !find_row(o, s->kind, s->id, &at) && reload) {
		at = o->nrows ? o->nrows - 1 : 0;
		if (doc_row_from(o, s->doc, &at) && o->win.docs[o->rows[at].doc].d.id == s->doc)
			for (size_t k = 0; k < s->in_doc && at + 1 < o->nrows &&
					   o->rows[at + 1].kind != ROW_DOC; k++)
				at++; /* not past its document's rows */
	}
	o->list.cur = at;
	o->list.top = at > s->on_screen ? at - s->on_screen : 0;
	ui_listbox_set(&o->list, o->nrows, v->r.h);
	o->pane_dirty = 1;
}

static size_t doc_index(struct outline *o, long long id)
{
	for (size_t i = 0; i < o->win.n; i++)
		if (o->win.docs[i].d.id == id)
			return i;
	return 0;
}

/* Rows the window holds before and after the cursor, unless it holds an
 * end of the list: enough for a page up or down and the page drawn then. */
static size_t win_margin(const struct outline *o)
{
	return 2 * (size_t)o->list.h + 16;
}

/* Read the documents the margin lacks, keeping the cursor on its item and
 * its screen row, and drop those far from it (docwin_trim). The documents
 * kept are enough for the margin and a page read on either side, however
 * tall the terminal: a cap below that would drop on every pass what the
 * next one reads again (at 93 rows and more, with 400 kept). */
static void win_ensure(struct view *v)
{
	struct outline *o = O(v);
	for (int guard = 0; guard < 64; guard++) {
		size_t m = win_margin(o);
		int after = !o->win.at_end && (o->nrows <= o->list.cur || o->nrows - o->list.cur - 1 < m);
		int before = !o->win.at_start && o->list.cur < m;
		if (!after && !before)
			return;
		struct spot s = spot_of(o);
		if (after)
			docwin_read(&o->win, o->win.n ? o->win.docs[o->win.n - 1].d.id : 0, 0, DOCWIN_PAGE);
		if (before)
			docwin_read(&o->win, o->win.n ? o->win.docs[0].d.id : LLONG_MAX, 1, DOCWIN_PAGE);
		docwin_trim(&o->win, doc_index(o, s.doc), 2 * (m + DOCWIN_PAGE));
		spot_restore(v, &s, 1);
	}
}

/* Rebuild the rows, keeping the cursor on the same item if it is still
 * there. */
static void rebuild(struct view *v)
{
	struct spot s = spot_of(O(v));
	spot_restore(v, &s, 0);
	win_ensure(v);
}

/* Read the window again around document doc (0: the cursor's), the
 * cursor kept on its item if it is still there. */
static void reload_around(struct view *v, long long doc)
{
	struct outline *o = O(v);
	struct spot s = o->has_kept ? o->kept : spot_of(o);
	o->has_kept = 0;
	free_data(o);
	docwin_around(&o->win, doc ? doc : s.doc);
	if (o->first_load && o->win.total == 1 && o->win.n)
		set_open(o, doc_key(o->win.docs[0].d.id), 1);
	o->first_load = 0;
	spot_restore(v, &s, 1);
	win_ensure(v);
}

static void outline_reload(struct view *v)
{
	reload_around(v, 0);
}

/* g and G: the window read again from that end when it does not hold it. */
static void win_edge(struct view *v, int end)
{
	struct outline *o = O(v);
	if (end ? o->win.at_end : o->win.at_start)
		return;
	docwin_clear(&o->win);
	docwin_read(&o->win, end ? LLONG_MAX : 0, end, DOCWIN_PAGE);
	struct spot s = {-1, 0, 0, end && o->win.n ? SIZE_MAX : 0, 0, 0};
	spot_restore(v, &s, 0);
}

/* ---- others' changes: only the rows they touched ---- */

static struct odoc *doc_by_id(struct outline *o, long long id)
{
	for (size_t i = 0; id && i < o->win.n; i++)
		if (o->win.docs[i].d.id == id)
			return &o->win.docs[i];
	return NULL;
}

static long long node_index(const struct odoc *od, long long id)
{
	for (size_t i = 0; i < od->nnodes; i++)
		if (od->nodes[i].id == id)
			return (long long)i;
	return -1;
}

/* In document order a parent comes before its children. */
static long long parent_index(const struct odoc *od, long long i)
{
	long long p = od->nodes[i].parent_id;
	while (p && i-- > 0)
		if (od->nodes[i].id == p)
			return i;
	return -1;
}

/* A task row this screen holds, read again. */
static void reread_task(struct outline *o, long long id)
{
	for (size_t i = 0; i < o->nsets; i++)
		for (size_t k = 0; k < o->sets[i].n; k++) {
			struct db_task t;
			if (o->sets[i].t[k].id != id || db_task_get(ui_db(), id, &t) != LU_OK)
				continue;
			db_task_free(&o->sets[i].t[k]);
			o->sets[i].t[k] = t;
			return;
		}
}

/* The tasks of an open node again (one came or went). */
static void reread_set(struct outline *o, long long node_id)
{
	struct otasks *s = set_of_node(o, node_id);
	if (!s)
		return;
	db_tasks_free(s->t, s->n);
	query_tasks(node_id, &s->t, &s->n);
}

/* A node's own tasks counted again: the difference is added to it and to
 * each ancestor, whose counts cover their subtrees. 0: not this screen's
 * node (its structure is newer: reload). */
static int recount_node(struct odoc *od, long long node_id)
{
	long long i = node_index(od, node_id);
	struct db_counts now;
	if (i < 0 || db_node_own_counts(ui_db(), node_id, &now) != LU_OK)
		return 0;
	struct db_node d = {.ntasks = now.ntasks - od->own[i].ntasks,
			    .nactive = now.nactive - od->own[i].nactive,
			    .ncomplete = now.ncomplete - od->own[i].ncomplete};
	count_add(&od->own[i], &d, 1);
	for (long long p = i; p >= 0; p = parent_index(od, p)) {
		od->nodes[p].ntasks += d.ntasks;
		od->nodes[p].nactive += d.nactive;
		od->nodes[p].ncomplete += d.ncomplete;
	}
	return 1;
}

static int recount_doc(struct odoc *od)
{
	struct db_counts c;
	if (db_doc_counts(ui_db(), od->d.id, &c) != LU_OK)
		return 0;
	od->d.ntasks = c.ntasks;
	od->d.nactive = c.nactive;
	od->d.ncomplete = c.ncomplete;
	od->d.noverdue = c.noverdue;
	od->counted = 1;
	return 1;
}

/* A document's counts are read when its row is first drawn: a screen shows
 * a few of them, and reading those of every document (a GROUP BY over
 * doc_counts) grew with the store. A failure shows no counts and is
 * tried again on the next draw. */
static const struct db_doc_head *counted_doc(struct odoc *od)
{
	if (!od->counted)
		recount_doc(od);
	return &od->d;
}

/* Does a later entry than l[i] recount the same node (same_doc: the same
 * document)? Then l[i] need not. */
static int recounted_later(const struct db_logged *l, size_t n, size_t i, int same_doc)
{
	for (size_t j = i + 1; j < n; j++)
		if (l[j].kind != DB_LOG_NOTE &&
		    (same_doc ? l[j].doc_id == l[i].doc_id : l[j].node_id == l[i].node_id))
			return 1;
	return 0;
}

static int take_change(struct outline *o, const struct db_logged *l, size_t n, size_t i)
{
	if (!l[i].doc_id)
		return 0; /* none named */
	/* the tasks of an open node are kept whether or not their document
	 * is in the window */
	if (l[i].kind == DB_LOG_ADD || l[i].kind == DB_LOG_DELETE)
		reread_set(o, l[i].node_id);
	else
		reread_task(o, l[i].task_id);
	struct odoc *od = doc_by_id(o, l[i].doc_id);
	if (l[i].kind == DB_LOG_NOTE || !od)
		return 1; /* outside the window: read afresh when it comes in */
	if (od->loaded && !recounted_later(l, n, i, 0) && !recount_node(od, l[i].node_id))
		return 0;
	/* a document not yet counted is counted, up to date, when drawn */
	return recounted_later(l, n, i, 1) || !od->counted || recount_doc(od);
}

static int outline_changed(struct view *v, const struct db_logged *l, size_t n)
{
	struct outline *o = O(v);
	/* where the cursor is, taken while the rows still point into the task
	 * sets: reading a set again may empty it (its one task deleted) */
	struct spot s = spot_of(o);
	for (size_t i = 0; i < n; i++)
		if (!take_change(o, l, n, i)) {
			o->nrows = 0; /* they may point nowhere now: the reload builds them */
			o->kept = s;
			o->has_kept = 1;
			return 0;
		}
	spot_restore(v, &s, 0); /* a task came or went; a node with tasks may now be empty */
	win_ensure(v);
	return 1;
}

/* ---- drawing ---- */

static void draw_progress(int y, int x, int w, int done, int total, attr_t a)
{
	if (w >= 18) {
		draw_count(y, x, 7, done, total, a);
		draw_blank(y, x + 7, 1, a);
		draw_bar(y, x + 8, w - 8, done, total, a);
	} else {
		draw_count(y, x, w, done, total, a);
	}
}

static void draw_task_right(const struct db_task *t, int y, int x, int w, attr_t a)
{
	attr_t sa = a ? a : t->status == TASK_DONE || t->status == TASK_CLOSED ? ui_attr(ROLE_DONE)
			 : t->status == TASK_BLOCKED ? ui_attr(ROLE_BLOCKED) : A_NORMAL;
	int sw = w >= 19 ? 8 : w;
	draw_cell(y, x, sw, label_status(t->status), sa);
	if (w < 19)
		return;
	char due[16];
	snprintf(due, sizeof due, "%s%s", t->overdue ? "!" : " ", t->due ? t->due : "");
	draw_cell(y, x + sw, w - sw, due, a ? a : t->overdue ? ui_attr(ROLE_OVERDUE) : A_NORMAL);
}

static char *row_text(struct outline *o, const struct orow *r)
{
	if (r->kind == ROW_DOC)
		return xstrdup(o->win.docs[r->doc].d.title ? o->win.docs[r->doc].d.title : "");
	if (r->kind == ROW_TASK)
		return xstrdup(row_task(o, r)->title ? row_task(o, r)->title : "");
	const struct db_node *nd = row_node(o, r);
	return ui_heading_text(nd->label, nd->heading);
}

/* The cursor highlights the marker and the text only, not the padding and
 * the counts: a j/k keypress then resends a few cells, not two rows. */
static void outline_row(struct view *v, size_t i, int y, int selected)
{
	struct outline *o = O(v);
	const struct orow *r = &o->rows[i];
	int x = v->r.x, w = o->tree_w;
	attr_t a = selected ? ui_attr(o->pane_focus ? ROLE_DIM : ROLE_CURSOR) : A_NORMAL;
	attr_t ta = a;
	if (!selected && r->kind == ROW_DOC)
		ta = ui_attr(ROLE_HEADING);
	if (!selected && r->kind == ROW_NODE && row_node(o, r)->level == 1)
		ta = A_BOLD;
	int indent = 1 + 2 * r->depth;
	if (indent > w / 3)
		indent = w / 3;
	draw_span(y, x, 1, selected ? ">" : " ", 1, a);
	draw_blank(y, x + 1, indent - 1, A_NORMAL);
	const char *mark = "  ";
	if (r->kind == ROW_TASK)
		mark = label_mark(row_task(o, r)->status);
	else if (r->kind == ROW_DOC || node_expandable(&o->win.docs[r->doc], r->idx))
		mark = is_open(o, r->kind == ROW_DOC ? doc_key(row_id(o, r)) : row_id(o, r)) ? "-" : "+";
	int mw = r->kind == ROW_TASK ? 4 : 2;
	draw_cell(y, x + indent, mw, mark, A_NORMAL);
	int rw = w >= 60 ? 19 : 8;
	int tw = w - indent - mw - rw - 1;
	char *text = row_text(o, r);
	/* the cursor's row holds the current match: reverse already, so its
	 * words are bold and underlined; the other rows' matches are plain
	 * matches (underlined, or in colour) */
	attr_t ma = selected ? a | A_BOLD | A_UNDERLINE : ui_attr(ROLE_MATCH);
	int used = draw_text_marked(y, x + indent + mw, tw, text, ta, o->words, o->nwords, ma);
	free(text);
	draw_blank(y, x + indent + mw + used, w - rw - indent - mw - used, A_NORMAL);
	if (r->kind == ROW_TASK) {
		draw_task_right(row_task(o, r), y, x + w - rw, rw, A_NORMAL);
	} else {
		const struct db_doc_head *d = r->kind == ROW_DOC ? counted_doc(&o->win.docs[r->doc]) : NULL;
		int done = d ? d->ncomplete : row_node(o, r)->ncomplete;
		int total = d ? d->nactive : row_node(o, r)->nactive;
		if (total > 0)
			draw_progress(y, x + w - rw, rw, done, total, A_NORMAL);
		else
			draw_blank(y, x + w - rw, rw, A_NORMAL);
	}
}

/* The pane of a document shows its 版头, preamble and 版记, which the list
 * (db_doc_list) does not hold: read when shown, with the list's counts
 * (kept up to date by the changes taken row by row). */
static void pane_doc(struct outline *o, const struct db_doc_head *listed)
{
	struct db_doc d;
	if (db_doc_get(ui_db(), listed->id, &d) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return;
	}
	d.ntasks = listed->ntasks;
	d.nactive = listed->nactive;
	d.ncomplete = listed->ncomplete;
	d.noverdue = listed->noverdue;
	ui_pane_doc(&o->pane, &d);
	db_doc_free(&d);
}

static void pane_build(struct outline *o)
{
	wtext_free(&o->pane);
	o->pane_top = 0;
	o->pane_dirty = 0;
	struct orow *r = cur_row(o);
	if (!r)
		return;
	if (r->kind == ROW_DOC)
		pane_doc(o, counted_doc(&o->win.docs[r->doc]));
	else if (r->kind == ROW_TASK)
		ui_pane_task(&o->pane, row_task(o, r));
	else
		ui_pane_node(&o->pane, row_node(o, r));
	wtext_wrap(&o->pane, o->pane_w - 2);
}

static void draw_pane(struct view *v)
{
	struct outline *o = O(v);
	int x = v->r.x + o->tree_w;
	draw_vline(v->r.y, x, v->r.h);
	for (int i = 0; i < v->r.h; i++) {
		draw_blank(v->r.y + i, x + 1, 1, A_NORMAL);
		wtext_draw(&o->pane, (size_t)(o->pane_top + i), v->r.y + i, x + 2, o->pane_w - 2,
			   A_NORMAL, NULL, 0, (size_t)-1);
	}
}

static void outline_draw(struct view *v, int full)
{
	struct outline *o = O(v);
	size_t before = o->list.drawn_cur;
	if (!o->nrows) {
		draw_cell(v->r.y, v->r.x, v->r.w, _(" no documents yet: luoshi import FILE"), A_NORMAL);
		for (int i = 1; i < v->r.h; i++)
			ui_listbox_blank(v, v->r.y + i);
		return;
	}
	ui_listbox_draw(&o->list, v, v->r.y, full, outline_row);
	if (!o->pane_w)
		return;
	if (before != o->list.cur || o->pane_dirty)
		pane_build(o), full = 1;
	if (full)
		draw_pane(v);
}

static void outline_layout(struct view *v)
{
	struct outline *o = O(v);
	o->pane_w = v->r.w >= PANE_MIN_COLS ? v->r.w * 2 / 5 : 0;
	o->tree_w = v->r.w - o->pane_w;
	if (!o->pane_w)
		o->pane_focus = 0;
	ui_listbox_set(&o->list, o->nrows, v->r.h);
	o->pane_dirty = 1;
	win_ensure(v); /* a taller screen wants a wider margin */
}

/* ---- actions ---- */

/* The row of an item; a document outside the window is read around
 * first (a search's match in a document's text). */
static void focus_key(struct view *v, int kind, long long id)
{
	struct outline *o = O(v);
	size_t at;
	if (kind == ROW_DOC && !doc_by_id(o, id))
		reload_around(v, id);
	if (find_row(o, kind, id, &at))
		ui_listbox_goto(&o->list, at);
	o->list.drawn = 0;
	o->pane_dirty = 1;
	win_ensure(v);
}

/* Open the document and every ancestor of node_id (and the node itself
 * when show_tasks), then reload so the rows exist. */
static int open_path(struct view *v, long long node_id, int show_tasks)
{
	struct outline *o = O(v);
	struct db_node nd;
	if (db_node_get(ui_db(), node_id, &nd) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return -1;
	}
	set_open(o, doc_key(nd.doc_id), 1);
	if (show_tasks)
		set_open(o, node_id, 1);
	long long parent = nd.parent_id, doc = nd.doc_id;
	db_node_free(&nd);
	while (parent > 0) {
		set_open(o, parent, 1);
		if (db_node_get(ui_db(), parent, &nd) != LU_OK)
			break;
		parent = nd.parent_id;
		db_node_free(&nd);
	}
	reload_around(v, doc);
	v->loaded = 1;
	v->stale = 0;
	return 0;
}

/* The task, else the node, of t (the node is opened too: its tasks are
 * what one usually comes for). */
static void outline_focus(struct view *v, const struct ui_target *t)
{
	long long node_id = t->node, task_id = t->task;
	if (task_id) {
		struct db_task k;
		if (db_task_get(ui_db(), task_id, &k) != LU_OK) {
			ui_msg("%s", lu_errmsg());
			return;
		}
		node_id = k.node_id;
		db_task_free(&k);
	}
	if (node_id && open_path(v, node_id, 1) == 0)
		focus_key(v, task_id ? ROW_TASK : ROW_NODE, task_id ? task_id : node_id);
	else if (!node_id && t->doc)
		focus_key(v, ROW_DOC, t->doc); /* a match in its title, preamble or closing */
}

static int toggle(struct view *v, struct orow *r, int want)
{
	struct outline *o = O(v);
	long long key = r->kind == ROW_DOC ? doc_key(row_id(o, r)) : row_id(o, r);
	if (r->kind == ROW_NODE && !node_expandable(&o->win.docs[r->doc], r->idx))
		return R_NONE;
	if (is_open(o, key) == want)
		return R_NONE;
	set_open(o, key, want);
	rebuild(v);
	return R_DRAW;
}

static int go_parent(struct outline *o)
{
	struct orow *r = cur_row(o);
	for (size_t i = o->list.cur; r && i-- > 0;)
		if (o->rows[i].depth < r->depth) {
			ui_listbox_goto(&o->list, i);
			return R_DRAW;
		}
	return R_NONE;
}

static int open_detail(struct orow *r, struct outline *o)
{
	return ui_taskact_key(row_task(o, r), ACT_ENTER);
}

static long long row_node_id(struct outline *o, struct orow *r)
{
	if (r->kind == ROW_NODE)
		return row_node(o, r)->id;
	return r->kind == ROW_TASK ? row_task(o, r)->node_id : 0;
}

static int open_reader(struct view *v, struct orow *r)
{
	struct outline *o = O(v);
	ui_open(UI_VIEW_READER, &(struct ui_target){v->id, o->win.docs[r->doc].d.id, row_node_id(o, r), 0});
	return R_NONE;
}

static void goto_hit(struct view *v)
{
	struct outline *o = O(v);
	const struct db_hit *h = &o->hits[o->hit];
	char *keep = xstrdup(h->label ? h->label : "");
	struct ui_target t = {v->id, 0, 0, 0};
	if (h->kind == DB_HIT_NODE)
		t.node = h->node_id;
	else if (h->kind == DB_HIT_DOC)
		t.doc = h->doc_id;
	else
		t.task = h->task_id;
	outline_focus(v, &t);
	if (o->hits_more)
		ui_msg(_("match %zu of the first %zu: %s"), o->hit + 1, o->nhits, keep);
	else
		ui_msg(_("match %zu of %zu: %s"), o->hit + 1, o->nhits, keep);
	free(keep);
}

static void free_words(struct outline *o)
{
	for (size_t i = 0; i < o->nwords; i++)
		free(o->words[i]);
	free(o->words);
	o->words = NULL;
	o->nwords = 0;
}

/* The query's words as db_search ANDs them (split at white space),
 * sanitised as the rows are. */
static void set_words(struct outline *o, const char *text)
{
	free_words(o);
	char *copy = xstrdup(text), *save = NULL;
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		o->words = xreallocarray(o->words, o->nwords + 1, sizeof *o->words);
		o->words[o->nwords++] = text_sanitize(w, strlen(w), 0);
	}
	free(copy);
}

/* The screen keeps the first SEARCH_KEEP hits, without their snippets
 * (it shows the label): a word most of a million tasks hold would
 * otherwise hold hundreds of MiB. */
#define SEARCH_KEEP 10000

static int keep_hit(const struct db_hit *hit, void *ctx)
{
	struct outline *o = ctx;
	if (o->nhits == SEARCH_KEEP) {
		o->hits_more = 1;
		return 1;
	}
	if (o->nhits == o->hits_cap) {
		o->hits_cap = o->hits_cap ? o->hits_cap * 2 : 64;
		o->hits = xreallocarray(o->hits, o->hits_cap, sizeof *o->hits);
	}
	struct db_hit *k = &o->hits[o->nhits++];
	*k = *hit;
	k->label = hit->label ? xstrdup(hit->label) : NULL;
	k->snippet = NULL;
	return 0;
}

static int search_done(struct view *v, const char *text, void *arg)
{
	struct outline *o = O(v);
	if (!text || !*text)
		return R_NONE;
	set_words(o, text);
	db_hits_free(o->hits, o->nhits);
	o->hits = NULL;
	o->nhits = o->hit = o->hits_cap = 0;
	o->hits_more = 0;
	if (db_search_each(ui_db(), text, keep_hit, o) != LU_OK) {
		db_hits_free(o->hits, o->nhits);
		o->hits = NULL;
		o->nhits = o->hits_cap = 0;
		ui_msg("%s", lu_errmsg());
		return R_NONE;
	}
	if (!o->nhits) {
		ui_msg(_("no match for %s"), text);
		return R_NONE;
	}
	goto_hit(v);
	return R_NONE;
}

static int search_step(struct view *v, int dir)
{
	struct outline *o = O(v);
	if (!o->nhits) {
		ui_msg("%s", _("no search yet: / searches"));
		return R_NONE;
	}
	o->hit = (o->hit + o->nhits + (size_t)(dir > 0 ? 1 : o->nhits - 1)) % o->nhits;
	goto_hit(v);
	return R_DRAW;
}

static int pane_scroll(struct view *v, enum ui_action a)
{
	struct outline *o = O(v);
	int h = v->r.h, max = (int)o->pane.nlines - h, top = o->pane_top;
	switch (a) {
	case ACT_MOVE_DOWN: top++; break;
	case ACT_MOVE_UP: top--; break;
	case ACT_MOVE_PAGE_DOWN: top += h; break;
	case ACT_MOVE_PAGE_UP: top -= h; break;
	case ACT_MOVE_HALF_DOWN: top += h / 2; break;
	case ACT_MOVE_HALF_UP: top -= h / 2; break;
	case ACT_MOVE_FIRST: top = 0; break;
	case ACT_MOVE_LAST: top = max; break;
	default: return R_UNHANDLED;
	}
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	o->pane_top = top;
	draw_pane(v);
	return R_NONE;
}

static int not_task_action(struct outline *o, struct orow *r, enum ui_action a)
{
	switch (a) {
	case ACT_EDIT:
		ui_msg("%s", _("e edits tasks; the text of the document comes from its import"));
		return R_NONE;
	case ACT_ADD_NOTE:
	case ACT_NOTE_EXTERNAL:
	case ACT_DELETE:
		ui_msg("%s", _("notes and deleting apply to tasks; select a task (l to expand)"));
		return R_NONE;
	default:
		return ui_taskact_status_for(a, TASK_TODO) >= 0 ? ui_taskact_not_a_task() : R_UNHANDLED;
	}
}

/* Own status change of one task: the counts of its document and of the
 * nodes above it move by what the task's change moves, in memory; counting
 * every task of every document again (db_docs) would take ~80 ms at 100,000
 * tasks. The task's own node's count of its own tasks moves too: another
 * user's later change to the node is taken as the difference from it
 * (recount_node), which counted our change twice while it lagged. */
static void adjust_counts(struct outline *o, const struct orow *r, const struct db_task *was,
			  const struct db_task *now)
{
	int dactive = (now->status != TASK_DROPPED) - (was->status != TASK_DROPPED);
	int dcomplete = task_status_complete(now->status) - task_status_complete(was->status);
	struct odoc *od = &o->win.docs[r->doc];
	/* not counted yet: counted, with this change, when drawn */
	od->d.nactive += od->counted ? dactive : 0;
	od->d.ncomplete += od->counted ? dcomplete : 0;
	od->d.noverdue += od->counted ? now->overdue - was->overdue : 0;
	long long id = now->node_id;
	for (size_t i = od->nnodes; i-- > 0 && id;) /* parents come before children */
		if (od->nodes[i].id == id) {
			if (id == now->node_id && od->own) {
				od->own[i].nactive += dactive;
				od->own[i].ncomplete += dcomplete;
			}
			od->nodes[i].nactive += dactive;
			od->nodes[i].ncomplete += dcomplete;
			id = od->nodes[i].parent_id;
		}
}

static int status_action(struct view *v, struct orow *r, enum ui_action a)
{
	struct outline *o = O(v);
	struct db_task *t = &o->sets[r->set].t[r->idx];
	int s = ui_taskact_status_for(a, t->status);
	if (s < 0)
		return R_UNHANDLED;
	int res = ui_taskact_set_status(t, (enum task_status)s);
	struct db_task now;
	if (res != R_CHANGED || db_task_get(ui_db(), t->id, &now) != LU_OK)
		return res;
	adjust_counts(o, r, t, &now);
	db_task_free(t);
	*t = now;
	o->pane_dirty = 1;
	/* the other views reload when shown; this one is current */
	return R_CHANGED | R_CURRENT | R_DRAW;
}

static int row_action(struct view *v, struct orow *r, enum ui_action a)
{
	struct outline *o = O(v);
	switch (a) {
	case ACT_EXPAND:
		if (r->kind == ROW_TASK)
			return open_detail(r, o);
		if (toggle(v, r, 1) == R_NONE)
			return ui_listbox_action(&o->list, ACT_MOVE_DOWN);
		return R_DRAW;
	case ACT_COLLAPSE:
		if (r->kind != ROW_TASK && toggle(v, r, 0) == R_DRAW)
			return R_DRAW;
		return go_parent(o);
	case ACT_ENTER:
		if (r->kind == ROW_TASK)
			return open_detail(r, o);
		if (!o->pane_w)
			return open_reader(v, r);
		return toggle(v, r, !is_open(o, r->kind == ROW_DOC ? doc_key(row_id(o, r)) : row_id(o, r)));
	case ACT_VIEW_READER:
		return open_reader(v, r);
	case ACT_ADD_TASK:
		if (r->kind != ROW_DOC)
			return ui_taskact_add(row_node_id(o, r));
		ui_msg("%s", _("select a measure to add a task under it"));
		return R_NONE;
	default:
		if (r->kind != ROW_TASK)
			return not_task_action(o, r, a);
		int res = status_action(v, r, a);
		return res != R_UNHANDLED ? res : ui_taskact_key(row_task(o, r), a);
	}
}

static int outline_action(struct view *v, enum ui_action a)
{
	struct outline *o = O(v);
	switch (a) {
	case ACT_SEARCH:
		ui_prompt_line("/", "", search_done, NULL);
		return R_NONE;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		return search_step(v, a == ACT_SEARCH_NEXT ? 1 : -1);
	case ACT_NEXT_PANE:
		if (!o->pane_w) {
			ui_msg(_("the text shows beside the tree from %d columns; Enter opens it"),
			       PANE_MIN_COLS);
			return R_NONE;
		}
		o->pane_focus = !o->pane_focus;
		return R_DRAW;
	default:
		break;
	}
	if (o->pane_focus) {
		int r = pane_scroll(v, a);
		if (r != R_UNHANDLED)
			return r;
	}
	if (a == ACT_MOVE_FIRST || a == ACT_MOVE_LAST)
		win_edge(v, a == ACT_MOVE_LAST);
	int r = ui_listbox_action(&o->list, a);
	if (r != R_UNHANDLED || !cur_row(o)) {
		win_ensure(v); /* the margin around where the cursor went */
		return r;
	}
	return row_action(v, cur_row(o), a);
}

/* Not the cursor's document: the title would change on every j/k. */
static void outline_title(struct view *v, struct sbuf *b)
{
	struct outline *o = O(v);
	if (o->win.total == 1 && o->win.n == 1)
		sbuf_adds(b, o->win.docs[0].d.title ? o->win.docs[0].d.title : "");
	else
		sbuf_addf(b, ngettext("%zu document", "%zu documents", o->win.total), o->win.total);
	if (o->pane_focus)
		sbuf_adds(b, _(" [text pane: Tab returns]"));
}

/* The row under the cursor: its document, node and task. */
static void outline_target(struct view *v, struct ui_target *t)
{
	struct outline *o = O(v);
	struct orow *r = cur_row(o);
	t->doc = r ? o->win.docs[r->doc].d.id : o->win.n ? o->win.docs[0].d.id : 0;
	t->node = r ? row_node_id(o, r) : 0;
	t->task = r && r->kind == ROW_TASK ? row_task(o, r)->id : 0;
}

static void outline_init(struct view *v)
{
	struct outline *o = xcalloc(1, sizeof *o);
	o->first_load = 1;
	v->priv = o;
}

static void outline_free(struct view *v)
{
	struct outline *o = O(v);
	free_data(o);
	free(o->open);
	free(o->rows);
	wtext_free(&o->pane);
	db_hits_free(o->hits, o->nhits);
	free_words(o);
	free(o);
}

static const struct ui_hint outline_hints[] = {
	{ACT_EXPAND, 0, N_("open")}, {ACT_STATUS_TODO, ACT_STATUS_DROPPED, N_("status")},
	{ACT_UNDO, 0, N_("undo")}, {ACT_SEARCH, 0, N_("search")}, {ACT_VIEW_READER, 0, N_("text")},
	{ACT_VIEW_TASKS, 0, N_("tasks")}, {ACT_VIEW_DASHBOARD, 0, N_("dash")}, {0, 0, NULL},
};

const struct view_ops outline_view_ops = {
	.name = N_("Outline"),
	.keymap = KEYMAP_OUTLINE,
	.init = outline_init,
	.free = outline_free,
	.changed = outline_changed,
	.reload = outline_reload,
	.layout = outline_layout,
	.draw = outline_draw,
	.action = outline_action,
	.title = outline_title,
	.target = outline_target,
	.focus = outline_focus,
	.hints = outline_hints,
};
