/* ui_reader.c - the whole text of a document, wrapped to the window with the
 * 禁则 rules (text_wrap), paragraphs indented, headings emphasised;
 * less-style keys, search with highlighted matches, heading jumps, and the
 * reading position remembered per user and document. */
#include "config.h"
#include "luoshi/ui_reader.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/text.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_prompt.h"

#define POS_PARA 1000000LL /* saved position = paragraph * POS_PARA + byte offset */

struct match {
	size_t para, start, end;
};

struct reader {
	long long doc_id;
	long long goto_node; /* jump there after the next load */
	int restore;         /* read the saved position after the next load */
	long long saved_pos; /* what the database holds for doc_id (-1: unknown) */
	char *title;
	struct wtext text;
	size_t top;
	size_t drawn_top;
	int drawn;
	char *query;
	struct match *m;
	size_t nm, cur;
};

static struct reader *RD(struct view *v)
{
	return v->priv;
}

static void add_heading(struct wtext *t, const struct db_node *nd)
{
	char *h = ui_heading_text(nd->label, nd->heading);
	wtext_blank(t, nd->id);
	wtext_add(t, h, ROLE_HEADING, 4, 0, nd->id);
	free(h);
}

static void add_meta(struct wtext *t, const struct db_doc *d)
{
	wtext_add(t, d->title, ROLE_HEADING, 0, 0, 0);
	const char *meta[] = {d->number, d->issuer, d->date, d->source};
	for (size_t i = 0; i < ARRAY_SIZE(meta); i++)
		if (meta[i] && *meta[i])
			wtext_add(t, meta[i], ROLE_DIM, 0, 0, 0);
	if (d->recipients && *d->recipients) {
		wtext_blank(t, 0);
		char *r = xasprintf("%s：", d->recipients);
		wtext_add(t, r, ROLE_NORMAL, 0, 0, 0);
		free(r);
	}
}

static void add_end(struct wtext *t, const struct db_doc *d, int closing_shown)
{
	if (d->closing && *d->closing && !closing_shown) {
		wtext_blank(t, 0);
		wtext_add(t, d->closing, ROLE_NORMAL, 4, 0, 0);
	}
	for (size_t i = 0; i < d->nattachments; i++) {
		char *a = xasprintf("附件%zu：%s", i + 1, d->attachments[i]);
		if (i == 0)
			wtext_blank(t, 0);
		wtext_add(t, a, ROLE_NORMAL, 4, 8, 0);
		free(a);
	}
	if (d->note && *d->note) {
		wtext_blank(t, 0);
		wtext_add(t, d->note, ROLE_DIM, 4, 0, 0);
	}
}

static void build_text(struct reader *rd)
{
	struct db_doc d;
	wtext_free(&rd->text);
	free(rd->title);
	rd->title = NULL;
	if (!rd->doc_id || db_doc_get(ui_db(), rd->doc_id, &d) != LU_OK) {
		wtext_add(&rd->text, rd->doc_id ? lu_errmsg() : _("no document yet: luoshi import FILE"),
			  ROLE_NORMAL, 1, 1, 0);
		return;
	}
	rd->title = xstrdup(d.title ? d.title : "");
	add_meta(&rd->text, &d);
	if (d.preamble && *d.preamble) {
		wtext_blank(&rd->text, 0);
		wtext_add(&rd->text, d.preamble, ROLE_NORMAL, 4, 0, 0);
	}
	struct db_node *nodes = NULL;
	size_t n = 0;
	if (db_nodes(ui_db(), rd->doc_id, &nodes, &n) != LU_OK)
		ui_msg("%s", lu_errmsg());
	int closing_shown = 0; /* a document imported before the closing was a node has none */
	for (size_t i = 0; i < n; i++) {
		/* the closing's text alone, where it stands: 结束语 only names it
		 * in lists */
		closing_shown |= nodes[i].kind == NODE_CLOSING;
		if (nodes[i].kind != NODE_CLOSING &&
		    (nodes[i].kind != NODE_TABLE ||
		     !table_heading_is_header(nodes[i].heading, nodes[i].body)))
			add_heading(&rd->text, &nodes[i]);
		else
			wtext_blank(&rd->text, nodes[i].id);
		if (nodes[i].kind == NODE_TABLE)
			wtext_add_table(&rd->text, nodes[i].body, 4, nodes[i].id);
		else if (nodes[i].body && *nodes[i].body)
			wtext_add(&rd->text, nodes[i].body, ROLE_NORMAL, 4, 0, nodes[i].id);
	}
	db_nodes_free(nodes, n);
	add_end(&rd->text, &d, closing_shown);
	db_doc_free(&d);
}

/* ---- positions ---- */

static long long top_pos(const struct reader *rd)
{
	if (rd->top >= rd->text.nlines)
		return 0;
	const struct wline *l = &rd->text.lines[rd->top];
	return (long long)l->para * POS_PARA + (long long)l->off;
}

static size_t line_of_pos(const struct reader *rd, long long pos)
{
	size_t para = (size_t)(pos / POS_PARA), off = (size_t)(pos % POS_PARA), best = 0;
	for (size_t i = 0; i < rd->text.nlines; i++) {
		const struct wline *l = &rd->text.lines[i];
		if (l->para > para || (l->para == para && l->off > off))
			break;
		best = i;
	}
	return best;
}

static size_t line_of_byte(const struct reader *rd, size_t para, size_t off)
{
	return line_of_pos(rd, (long long)para * POS_PARA + (long long)off);
}

static size_t max_top(const struct reader *rd, int h)
{
	return rd->text.nlines > (size_t)h ? rd->text.nlines - (size_t)h : 0;
}

static void set_top(struct view *v, size_t top)
{
	struct reader *rd = RD(v);
	size_t mt = max_top(rd, v->r.h);
	rd->top = top > mt ? mt : top;
}

/* Only when leaving the reader, and only a position that moved: every
 * write bumps PRAGMA data_version and makes other users' screens reload. */
static void save_pos(struct reader *rd)
{
	if (!rd->doc_id || !rd->text.nlines || db_readonly(ui_db()))
		return;
	long long pos = top_pos(rd);
	if (pos != rd->saved_pos &&
	    db_readpos_set(ui_db(), lu_username(), rd->doc_id, pos) == LU_OK)
		rd->saved_pos = pos;
}

/* ---- search ---- */

static void find_matches(struct reader *rd)
{
	free(rd->m);
	rd->m = NULL;
	rd->nm = rd->cur = 0;
	if (!rd->query || !*rd->query)
		return;
	size_t ql = strlen(rd->query), cap = 0;
	for (size_t p = 0; p < rd->text.npara; p++)
		for (const char *s = rd->text.paras[p].s; (s = strstr(s, rd->query)); s += ql) {
			if (rd->nm == cap) {
				cap = cap ? 2 * cap : 16;
				rd->m = xreallocarray(rd->m, cap, sizeof *rd->m);
			}
			size_t start = (size_t)(s - rd->text.paras[p].s);
			rd->m[rd->nm++] = (struct match){p, start, start + ql};
		}
}

static void show_match(struct view *v)
{
	struct reader *rd = RD(v);
	const struct match *m = &rd->m[rd->cur];
	size_t line = line_of_byte(rd, m->para, m->start);
	if (line < rd->top || line >= rd->top + (size_t)v->r.h)
		set_top(v, line > (size_t)v->r.h / 3 ? line - (size_t)v->r.h / 3 : 0);
	ui_msg(_("match %zu of %zu"), rd->cur + 1, rd->nm);
	rd->drawn = 0; /* the current match moved, on this page too */
}

/* The first match at or after the top line (dir > 0), or before the last
 * line shown (dir < 0), starting from the current one when repeating. */
static void step_match(struct view *v, int dir)
{
	struct reader *rd = RD(v);
	rd->cur = (rd->cur + rd->nm + (dir > 0 ? 1 : rd->nm - 1)) % rd->nm;
	show_match(v);
}

static int search_done(struct view *v, const char *text, void *arg)
{
	struct reader *rd = RD(v);
	if (!text || !*text)
		return R_NONE;
	free(rd->query);
	char *san = text_sanitize(text, strlen(text), 0);
	rd->query = san;
	find_matches(rd);
	rd->drawn = 0;
	if (!rd->nm) {
		ui_msg(_("no match for %s"), text);
		return R_NONE;
	}
	rd->cur = 0;
	for (size_t i = 0; i < rd->nm; i++)
		if (line_of_byte(rd, rd->m[i].para, rd->m[i].start) >= rd->top) {
			rd->cur = i;
			break;
		}
	show_match(v);
	return R_NONE;
}

/* ---- view ops ---- */

/* The reader shows a document's text, which only a change of structure
 * (an import, a replace: reloaded) alters; tasks and notes do not. */
static int reader_changed(struct view *v, const struct db_logged *l, size_t n)
{
	(void)v, (void)l, (void)n;
	return 1;
}

static void reader_reload(struct view *v)
{
	struct reader *rd = RD(v);
	long long pos = top_pos(rd);
	build_text(rd);
	wtext_wrap(&rd->text, v->r.w - 2);
	find_matches(rd);
	if (rd->restore) {
		rd->restore = 0;
		pos = 0;
		if (db_readpos_get(ui_db(), lu_username(), rd->doc_id, &pos) == LU_OK)
			rd->saved_pos = pos;
	}
	rd->top = line_of_pos(rd, pos);
	if (rd->goto_node) {
		for (size_t i = 0; i < rd->text.nlines; i++)
			if (rd->text.paras[rd->text.lines[i].para].tag == rd->goto_node) {
				rd->top = i;
				break;
			}
		rd->goto_node = 0;
	}
	set_top(v, rd->top);
	rd->drawn = 0;
}

/* The target's document, at its node when given, else where this user
 * was reading it last. */
static void reader_focus(struct view *v, const struct ui_target *t)
{
	struct reader *rd = RD(v);
	if (t->doc != rd->doc_id) {
		save_pos(rd);
		rd->doc_id = t->doc;
		rd->top = 0;
		rd->saved_pos = -1;
		rd->restore = !t->node;
		wtext_free(&rd->text);
	}
	rd->goto_node = t->node;
	v->stale = 1;
}

static void reader_layout(struct view *v)
{
	struct reader *rd = RD(v);
	if (!v->loaded)
		return;
	long long pos = top_pos(rd);
	wtext_wrap(&rd->text, v->r.w - 2);
	rd->top = line_of_pos(rd, pos);
	set_top(v, rd->top);
	rd->drawn = 0;
}

static void reader_line(struct view *v, size_t i, int y)
{
	struct reader *rd = RD(v);
	size_t hl[64], nhl = 0, cur = (size_t)-1;
	if (i < rd->text.nlines)
		for (size_t k = 0; k < rd->nm && nhl < ARRAY_SIZE(hl); k++)
			if (rd->m[k].para == rd->text.lines[i].para) {
				if (k == rd->cur)
					cur = nhl / 2;
				hl[nhl++] = rd->m[k].start;
				hl[nhl++] = rd->m[k].end;
			}
	draw_blank(y, v->r.x, 1, A_NORMAL);
	wtext_draw(&rd->text, i, y, v->r.x + 1, v->r.w - 1, A_NORMAL, hl, nhl / 2, cur);
}

static void reader_draw(struct view *v, int full)
{
	struct reader *rd = RD(v);
	if (!full && rd->drawn && rd->drawn_top == rd->top)
		return;
	for (int i = 0; i < v->r.h; i++)
		reader_line(v, rd->top + (size_t)i, v->r.y + i);
	rd->drawn = 1;
	rd->drawn_top = rd->top;
}

static int heading_step(struct view *v, int dir)
{
	struct reader *rd = RD(v);
	const struct wtext *t = &rd->text;
	for (size_t i = rd->top; dir > 0 ? i + 1 < t->nlines : i > 0;) {
		i = dir > 0 ? i + 1 : i - 1;
		const struct wline *l = &t->lines[i];
		if (t->paras[l->para].role == ROLE_HEADING && l->off == 0 && t->paras[l->para].tag) {
			set_top(v, i);
			return R_DRAW;
		}
	}
	ui_msg("%s", dir > 0 ? _("no heading below") : _("no heading above"));
	return R_NONE;
}

/* The node whose text is at the top of the page (or the nearest above). */
static long long top_node(struct reader *rd)
{
	for (size_t i = rd->top + 1; i-- > 0 && i < rd->text.nlines;) {
		long long tag = rd->text.paras[rd->text.lines[i].para].tag;
		if (tag)
			return tag;
	}
	return 0;
}

static int show_tasks(struct view *v)
{
	long long node = top_node(RD(v));
	if (!node) {
		ui_msg("%s", _("scroll to a measure first: o shows its tasks in the outline"));
		return R_NONE;
	}
	ui_open(UI_VIEW_OUTLINE, &(struct ui_target){v->id, RD(v)->doc_id, node, 0});
	return R_NONE;
}

static int reader_scroll(struct view *v, enum ui_action a)
{
	struct reader *rd = RD(v);
	size_t h = (size_t)v->r.h, top = rd->top;
	switch (a) {
	case ACT_MOVE_DOWN: top++; break;
	case ACT_MOVE_UP: top = top ? top - 1 : 0; break;
	case ACT_MOVE_PAGE_DOWN: top += h > 1 ? h - 1 : 1; break;
	case ACT_MOVE_PAGE_UP: top = top > h - 1 ? top - (h - 1) : 0; break;
	case ACT_MOVE_HALF_DOWN: top += h / 2; break;
	case ACT_MOVE_HALF_UP: top = top > h / 2 ? top - h / 2 : 0; break;
	case ACT_MOVE_FIRST: top = 0; break;
	case ACT_MOVE_LAST: top = max_top(rd, v->r.h); break;
	default: return R_UNHANDLED;
	}
	set_top(v, top);
	return R_NONE; /* reader_draw sees the new top */
}

static int reader_action(struct view *v, enum ui_action a)
{
	struct reader *rd = RD(v);
	int r = reader_scroll(v, a);
	if (r != R_UNHANDLED)
		return r;
	switch (a) {
	case ACT_SEARCH:
		ui_prompt_line("/", "", search_done, NULL);
		return R_NONE;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (!rd->nm) {
			ui_msg("%s", rd->query ? _("no match") : _("no search yet: / searches"));
			return R_NONE;
		}
		step_match(v, a == ACT_SEARCH_NEXT ? 1 : -1);
		return R_NONE;
	case ACT_NEXT_HEADING:
	case ACT_PREV_HEADING:
		return heading_step(v, a == ACT_NEXT_HEADING ? 1 : -1);
	case ACT_SHOW_TASKS:
	case ACT_ENTER:
		return show_tasks(v);
	case ACT_VIEW_READER:
		return R_NONE;
	default:
		return R_UNHANDLED;
	}
}

static void reader_title(struct view *v, struct sbuf *b)
{
	struct reader *rd = RD(v);
	size_t n = rd->text.nlines, h = (size_t)v->r.h;
	int pct = n <= h ? 100 : (int)((rd->top + h) * 100 / n);
	sbuf_addf(b, "%s | %d%%", rd->title ? rd->title : "", pct > 100 ? 100 : pct);
}

/* The document, and the node at the top of the page. */
static void reader_target(struct view *v, struct ui_target *t)
{
	t->doc = RD(v)->doc_id;
	t->node = top_node(RD(v));
}

static void reader_leave(struct view *v)
{
	save_pos(RD(v));
}

static void reader_init(struct view *v)
{
	v->priv = xcalloc(1, sizeof(struct reader));
	RD(v)->saved_pos = -1;
}

static void reader_free(struct view *v)
{
	struct reader *rd = RD(v);
	wtext_free(&rd->text);
	free(rd->title);
	free(rd->query);
	free(rd->m);
	free(rd);
}

static const struct ui_hint reader_hints[] = {
	{ACT_MOVE_PAGE_DOWN, 0, N_("page")}, {ACT_MOVE_PAGE_UP, 0, N_("page up")},
	{ACT_SEARCH, 0, N_("search")}, {ACT_SEARCH_NEXT, 0, N_("next")},
	{ACT_NEXT_HEADING, 0, N_("heading")}, {ACT_SHOW_TASKS, 0, N_("tasks")}, {0, 0, NULL},
};

const struct view_ops reader_view_ops = {
	.name = N_("Reader"),
	.keymap = KEYMAP_READER,
	.init = reader_init,
	.free = reader_free,
	.reload = reader_reload,
	.changed = reader_changed,
	.layout = reader_layout,
	.draw = reader_draw,
	.action = reader_action,
	.title = reader_title,
	.target = reader_target,
	.focus = reader_focus,
	.leave = reader_leave,
	.hints = reader_hints,
};
