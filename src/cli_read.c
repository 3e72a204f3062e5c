/* cli_read.c - the commands that only read: docs, outline, read, tasks, show,
 * history, search. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli_impl.h"
#include "luoshi/field.h"
#include "luoshi/label.h"
#include "luoshi/out.h"
#include "luoshi/text.h"

static void doc_line(const struct db_doc_head *d)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%4lld  %-10s %4d/%-5d ", d->id, d->date ? d->date : "", d->ncomplete,
		  d->nactive);
	cli_bar(&b, d->ncomplete, d->nactive, 10);
	/* the overdue tasks, blank when none: the titles stay in one column */
	if (d->noverdue)
		sbuf_addf(&b, " %4d!", d->noverdue);
	else
		sbuf_adds(&b, "      ");
	sbuf_adds(&b, "  ");
	out_str(b.s);
	/* the title takes the rest of the line, never wrapping it */
	int cols = out_columns() - (int)b.len - 1;
	out_cell(d->title, out_is_tty() ? (cols > 8 ? cols : 8) : 0, 0);
	out_str("\n");
	sbuf_free(&b);
}

#define DOCS_PAGE 200

/* The documents a page at a time (db_doc_page), each page's counts read
 * for it alone and printed before the next is read: the first lines come
 * at once however many documents there are, and a reader that has gone
 * (| head) ends the listing. At most limit documents (0: all). */
static enum lu_status docs_stream(struct cli *c, size_t limit)
{
	size_t shown = 0;
	long long from = 0;
	for (;;) {
		size_t want = limit && limit - shown < DOCS_PAGE ? limit - shown : DOCS_PAGE;
		struct db_doc_head *docs = NULL;
		size_t n = 0;
		enum lu_status st = db_doc_page(c->db, from, DB_PAGE_AFTER, want, &docs, &n);
		if (st == LU_OK)
			st = db_doc_heads_counts(c->db, docs, n);
		for (size_t i = 0; st == LU_OK && i < n; i++)
			doc_line(&docs[i]);
		if (n)
			from = docs[n - 1].id;
		db_doc_heads_free(docs, n);
		shown += n;
		if (st != LU_OK || n < want || (limit && shown >= limit))
			return st;
		if (out_flush(), out_write_error())
			return LU_OK;
	}
}

int cmd_docs(struct cli *c, int argc, char **argv)
{
	size_t limit = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v;
		long long n;
		if (strcmp(a, "--limit") != 0 && strncmp(a, "--limit=", 8) != 0)
			return cli_usage(c, "%s", _("docs takes no arguments but --limit N"));
		v = cli_opt_value(argc, argv, &i, "--limit");
		if (!v || lu_parse_id(v, &n) != 0 || n <= 0)
			return cli_usage(c, "%s", _("--limit needs a number of documents above 0"));
		limit = (size_t)n;
	}
	struct sbuf head = SBUF_INIT;
	/* the columns of doc_line: id, date, done/tasks, the bar, overdue, the title */
	cli_head(&head, C_("column", "ID"), 4, 1);
	sbuf_adds(&head, "  ");
	cli_head(&head, C_("column", "DATE"), 10, 0);
	sbuf_adds(&head, " ");
	cli_head(&head, C_("column", "DONE/TASKS"), 10, 0);
	sbuf_adds(&head, " ");
	cli_head(&head, C_("column", "PROGRESS"), 12, 0);
	sbuf_adds(&head, " ");
	/* TRANSLATORS: the column of overdue tasks in luoshi docs (5 columns) */
	cli_head(&head, C_("column", "LATE"), 5, 1);
	sbuf_adds(&head, "  ");
	sbuf_adds(&head, C_("column", "TITLE"));
	out_printf("%s\n", head.s);
	sbuf_free(&head);
	enum lu_status st = docs_stream(c, limit);
	return st == LU_OK ? CLI_OK : cli_fail(st);
}

static void node_line(const struct db_node *nd)
{
	out_printf("%5lld  ", nd->id);
	for (int i = 1; i < nd->level; i++)
		out_str("  ");
	int used = 7 + 2 * (nd->level - 1);
	char *title = *nd->label || *nd->heading
			      ? node_title(nd->label, nd->heading)
			      : xstrdup(nd->kind == NODE_CLOSING ? _("(closing text)") : _("(body text)"));
	int title_cols = out_is_tty() ? out_columns() - used - 22 : 0;
	out_cell(title, title_cols, nd->ntasks > 0 && title_cols > 0);
	free(title);
	if (nd->ntasks > 0) {
		struct sbuf bar = SBUF_INIT;
		sbuf_addf(&bar, "  %3d/%-3d ", nd->ncomplete, nd->nactive);
		cli_bar(&bar, nd->ncomplete, nd->nactive, 8);
		out_str(bar.s);
		sbuf_free(&bar);
	}
	out_str("\n");
}

static int outline_doc(struct cli *c, long long doc_id)
{
	struct db_doc d;
	enum lu_status st = db_doc_get(c->db, doc_id, &d);
	if (st != LU_OK)
		return cli_fail(st);
	char *head = xasprintf(_("document %lld: "), d.id);
	out_str(head);
	out_cell(d.title, out_is_tty() ? out_columns() - text_width(head, strlen(head)) - 1 : 0, 0);
	out_str("\n");
	/* TRANSLATORS: tasks of a document (dropped ones not counted), carried out */
	out_printf(_("%d tasks, %d complete\n"), d.nactive, d.ncomplete);
	free(head);
	db_doc_free(&d);
	struct db_node *nodes;
	size_t n;
	st = db_nodes(c->db, doc_id, &nodes, &n);
	if (st != LU_OK)
		return cli_fail(st);
	for (size_t i = 0; i < n; i++)
		node_line(&nodes[i]);
	db_nodes_free(nodes, n);
	return CLI_OK;
}

int cmd_outline(struct cli *c, int argc, char **argv)
{
	long long id;
	if (argc > 1)
		return cli_usage(c, "%s", _("outline takes at most one document id"));
	if (argc == 1) {
		int rc = cli_id(c, argv[0], NC_("metavar", "DOC"), &id);
		return rc != CLI_OK ? rc : outline_doc(c, id);
	}
	struct db_doc_head *docs;
	size_t n;
	enum lu_status st = db_doc_list(c->db, 0, &docs, &n);
	if (st != LU_OK)
		return cli_fail(st);
	int rc = CLI_OK;
	for (size_t i = 0; i < n && rc == CLI_OK; i++) {
		if (i)
			out_str("\n");
		rc = outline_doc(c, docs[i].id);
	}
	db_doc_heads_free(docs, n);
	return rc;
}

/* One paragraph: wrapped with 禁则 on a terminal, one line to a pipe. */
static void para(const char *s, int indent)
{
	char *clean = text_sanitize(s, strlen(s), 0);
	size_t len = strlen(clean);
	if (!out_is_tty()) {
		out_printf("%s\n", clean);
		free(clean);
		return;
	}
	struct text_line *lines;
	int width = out_columns() > 20 ? out_columns() - 1 : 20;
	size_t n = text_wrap(clean, len, width, indent, &lines);
	for (size_t i = 0; i < n; i++) {
		out_printf("%*s", i == 0 ? indent : 0, "");
		struct sbuf b = SBUF_INIT;
		sbuf_add(&b, clean + lines[i].off, lines[i].len);
		out_printf("%s\n", b.s);
		sbuf_free(&b);
	}
	free(lines);
	free(clean);
}

/* Each '\n'-separated paragraph of text, indented on a terminal. */
static void paras(const char *text)
{
	if (!text || !*text)
		return;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *one = xstrndup(p, len);
		if (*one)
			para(one, out_is_tty() ? 4 : 0);
		free(one);
		p += len + (nl ? 1 : 0);
	}
}

/* A table: aligned in the terminal's width; to a pipe its rows as they
 * are stored (cells separated by tabs), for other programs. */
static void table(const char *rows)
{
	if (!out_is_tty()) {
		for (const char *p = rows; *p;) {
			size_t n = strcspn(p, "\t\n");
			char *cell = text_sanitize(p, n, 0);
			out_str(cell);
			free(cell);
			p += n;
			if (*p)
				out_str(*p == '\t' ? "\t" : "\n");
			p += *p != '\0';
		}
		out_str("\n");
		return;
	}
	char **lines;
	int width = out_columns() > 24 ? out_columns() - 5 : 20;
	size_t n = text_table(rows, width, &lines);
	for (size_t i = 0; i < n; i++) {
		out_printf("    %s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
}

static void read_node(const struct db_node *nd)
{
	int header = nd->kind == NODE_TABLE && table_heading_is_header(nd->heading, nd->body);
	/* the closing's 结束语 names it in lists: the text has no such heading */
	if (nd->kind == NODE_CLOSING) {
		out_str("\n");
	} else if ((*nd->label || *nd->heading) && !header) {
		char *title = node_title(nd->label, nd->heading);
		out_str("\n");
		para(title, 0);
		free(title);
	}
	if (nd->kind == NODE_TABLE)
		table(nd->body);
	else
		paras(nd->body);
}

static int read_doc(struct cli *c, long long doc_id)
{
	struct db_doc d;
	enum lu_status st = db_doc_get(c->db, doc_id, &d);
	if (st != LU_OK)
		return cli_fail(st);
	para(d.title, 0);
	if (d.number)
		para(d.number, 0);
	if (d.date)
		out_printf("（%s）\n", d.date);
	out_str("\n");
	paras(d.preamble);
	struct db_node *nodes;
	size_t n;
	st = db_nodes(c->db, doc_id, &nodes, &n);
	int closing_read = 0; /* a document imported before the closing was a node has none */
	if (st == LU_OK) {
		for (size_t i = 0; i < n; i++) {
			closing_read |= nodes[i].kind == NODE_CLOSING;
			read_node(&nodes[i]);
		}
		db_nodes_free(nodes, n);
	}
	if (d.closing && *d.closing && !closing_read) {
		out_str("\n");
		paras(d.closing);
	}
	if (d.issuer) {
		out_str("\n");
		para(d.issuer, 0);
	}
	db_doc_free(&d);
	return st == LU_OK ? CLI_OK : cli_fail(st);
}

static int first_doc(struct cli *c, long long *id)
{
	struct db_doc_head *docs;
	size_t n;
	enum lu_status st = db_doc_list(c->db, 0, &docs, &n);
	if (st != LU_OK)
		return cli_fail(st);
	if (n == 0) {
		db_doc_heads_free(docs, n);
		out_error("%s", _("no documents yet: import one with luoshi import FILE"));
		return CLI_ERR;
	}
	*id = docs[0].id;
	db_doc_heads_free(docs, n);
	return CLI_OK;
}

int cmd_read(struct cli *c, int argc, char **argv)
{
	long long id;
	int rc;
	if (argc == 2 && strcmp(argv[0], "--node") == 0) {
		if ((rc = cli_id(c, argv[1], NC_("metavar", "NODE-ID"), &id)) != CLI_OK)
			return rc;
		struct db_node nd;
		enum lu_status st = db_node_get(c->db, id, &nd);
		if (st != LU_OK)
			return cli_fail(st);
		read_node(&nd);
		db_node_free(&nd);
		return CLI_OK;
	}
	if (argc > 1)
		return cli_usage(c, "%s", _("read takes one document id or --node NODE-ID"));
	if (argc == 1)
		rc = cli_id(c, argv[0], NC_("metavar", "DOC"), &id);
	else
		rc = first_doc(c, &id);
	return rc != CLI_OK ? rc : read_doc(c, id);
}

/* ---- tasks ---- */

static int parse_sort(const struct cli *c, const char *s, enum db_sort *sort)
{
	if (strcmp(s, "due") == 0)
		*sort = DB_SORT_DUE;
	else if (strcmp(s, "status") == 0)
		*sort = DB_SORT_STATUS;
	else if (strcmp(s, "position") == 0 || strcmp(s, "pos") == 0)
		*sort = DB_SORT_POSITION;
	else
		return cli_usage(c, _("unknown sort \"%s\": use due, status or position"), s);
	return CLI_OK;
}

/* What the node column shows of a task's measure: its label (15., 第三条),
 * or for a part without one a heading that fits the column (结束语; not a
 * table's 序号、任务、责任单位、完成时限, which would be cut to nothing). */
static const char *node_tag(const struct db_task *t)
{
	if (*t->node_label || !t->node_heading ||
	    text_width(t->node_heading, strlen(t->node_heading)) > 10)
		return t->node_label;
	return t->node_heading;
}

static void task_row(const struct db_task *t, int owner_cols, int node_cols, int title_cols)
{
	out_printf("%5lld ", t->id);
	out_cell(label_status(t->status), 8, 1);
	out_printf("%c%-10s ", t->overdue ? '!' : ' ', t->due ? t->due : "");
	out_cell(t->unit ? t->unit : "", 12, 1);
	out_str(" ");
	if (owner_cols) {
		out_cell(t->owner ? t->owner : "", owner_cols, 1);
		out_str(" ");
	}
	out_cell(node_tag(t), node_cols, 1);
	out_str(" ");
	cli_title_late(t, title_cols);
	out_str("\n");
}

/* The header over task_row's columns: id, status with the overdue mark,
 * due, unit, owner, the measure's label, the title. */
static void tasks_head(int owner_cols, int node_cols)
{
	struct sbuf b = SBUF_INIT;
	cli_head(&b, C_("column", "ID"), 5, 1);
	sbuf_adds(&b, " ");
	cli_head(&b, C_("column", "STATUS"), 10, 0);
	cli_head(&b, C_("column", "DUE"), 10, 0);
	sbuf_adds(&b, " ");
	cli_head(&b, C_("column", "UNIT"), 12, 0);
	sbuf_adds(&b, " ");
	if (owner_cols) {
		cli_head(&b, C_("column", "OWNER"), owner_cols, 0);
		sbuf_adds(&b, " ");
	}
	cli_head(&b, C_("column", "NODE"), node_cols, 0);
	sbuf_adds(&b, " ");
	sbuf_adds(&b, C_("column", "TITLE"));
	out_printf("%s\n", b.s);
	sbuf_free(&b);
}

/* The list is read and printed a page at a time, so that its first rows
 * come out at once and a reader that stops early (head -50) stops the
 * reading too: the first page is also the look-ahead that sizes the node
 * column; later labels are cut to it. */
#define TASKS_PAGE 200

/* The node column is as wide as its widest label (第十一条, 1.1.1) in
 * the look-ahead, within reason. */
static int node_width(const struct db_task *t, size_t n)
{
	int cols = 4;
	for (size_t i = 0; i < n; i++) {
		int w = text_width(node_tag(&t[i]), strlen(node_tag(&t[i])));
		if (w > cols)
			cols = w < 10 ? w : 10;
	}
	return cols;
}

/* --sort, --limit and --by, before or after the filter words (an option
 * typed last was taken for a word that matched nothing); the filter
 * words, in order, into words (*nwords of them). After "--" every
 * argument is a word. */
static int tasks_options(struct cli *c, int argc, char **argv, char **words, int *nwords,
			 enum db_sort *sort, size_t *limit, int *by_unit)
{
	int rc, rest = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v;
		if (rest) {
			words[(*nwords)++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			rest = 1;
		} else if (strcmp(a, "--sort") == 0 || strncmp(a, "--sort=", 7) == 0) {
			if (!(v = cli_opt_value(argc, argv, &i, "--sort")))
				return cli_usage(c, "%s", _("--sort needs due, status or position"));
			if ((rc = parse_sort(c, v, sort)) != CLI_OK)
				return rc;
		} else if (strcmp(a, "--limit") == 0 || strncmp(a, "--limit=", 8) == 0) {
			long long n;
			v = cli_opt_value(argc, argv, &i, "--limit");
			if (!v || lu_parse_id(v, &n) != 0 || n <= 0)
				return cli_usage(c, "%s", _("--limit needs a number of tasks above 0"));
			*limit = (size_t)n;
		} else if (strcmp(a, "--by") == 0 || strncmp(a, "--by=", 5) == 0) {
			v = cli_opt_value(argc, argv, &i, "--by");
			if (!v || strcmp(v, "unit") != 0)
				return cli_usage(c, "%s", _("--by takes unit"));
			*by_unit = 1;
		} else if (a[0] == '-' && a[1]) {
			/* a typo is no search word (a word like that goes after --) */
			return cli_usage(c, _("unknown option %s"), a);
		} else {
			words[(*nwords)++] = argv[i];
		}
	}
	return CLI_OK;
}

/* How many to read next: a page, or what the limit leaves. */
static size_t next_page(size_t limit, size_t shown)
{
	return limit && limit - shown < TASKS_PAGE ? limit - shown : TASKS_PAGE;
}

/* Print the tasks of f a page at a time, at most limit (0: all); *more
 * is set when the limit stopped the listing and, on a terminal, a task
 * past it matches (one row looked for, not a count of them all). */
static enum lu_status tasks_stream(struct cli *c, const struct db_filter *f, enum db_sort sort,
				   size_t limit, size_t *shown, int *more)
{
	struct db_task *page = NULL;
	size_t n = 0, want = next_page(limit, 0);
	struct db_task_key key = {0};
	enum lu_status st = db_tasks_page(c->db, f, sort, &key, DB_PAGE_AFTER, want, &page, &n);
	if (st != LU_OK)
		return st;
	int node_cols = node_width(page, n);
	/* the owner's column, unless no task of the store has one (the same
	 * columns for every listing of it, --limit or not): the title takes
	 * its place (at 80 columns it had twelve characters) */
	int any_owner = 1;
	st = db_tasks_any_owner(c->db, &any_owner);
	if (st != LU_OK) {
		db_tasks_free(page, n);
		return st;
	}
	int owner_cols = any_owner ? 8 : 0;
	int title_cols = out_is_tty() ? out_columns() - 42 - (owner_cols ? owner_cols + 1 : 0) - node_cols : 0;
	if (out_is_tty() && title_cols < 4)
		title_cols = 4;
	tasks_head(owner_cols, node_cols);
	while (n) {
		for (size_t i = 0; i < n; i++)
			task_row(&page[i], owner_cols, node_cols, title_cols);
		*shown += n;
		db_task_key_of(&page[n - 1], &key);
		int last = n < want || (limit && *shown >= limit);
		db_tasks_free(page, n);
		page = NULL;
		n = 0;
		/* the rows so far reach the reader before the next page is
		 * read; a reader that has gone ends the listing */
		if (last || (out_flush(), out_write_error()))
			break;
		want = next_page(limit, *shown);
		st = db_tasks_page(c->db, f, sort, &key, DB_PAGE_AFTER, want, &page, &n);
	}
	if (st == LU_OK && limit && *shown >= limit && out_is_tty()) {
		st = db_tasks_page(c->db, f, sort, &key, DB_PAGE_AFTER, 1, &page, &n);
		*more = n > 0;
		db_tasks_free(page, n);
	}
	return st;
}

int cmd_tasks(struct cli *c, int argc, char **argv)
{
	enum db_sort sort = DB_SORT_POSITION;
	size_t limit = 0, shown = 0;
	int nwords = 0, rc, by_unit = 0, more = 0;
	char **words = xcalloc((size_t)argc + 1, sizeof *words);
	rc = tasks_options(c, argc, argv, words, &nwords, &sort, &limit, &by_unit);
	struct db_filter *f = NULL;
	enum lu_status st = rc == CLI_OK ? db_filter_parse(nwords, words, &f) : LU_OK;
	free(words);
	if (rc != CLI_OK)
		return rc;
	if (st != LU_OK)
		return cli_fail(st);
	if (by_unit) {
		rc = cmd_tasks_by(c, f, sort, limit);
		db_filter_free(f);
		return rc;
	}
	cli_late_prepare(c);
	st = tasks_stream(c, f, sort, limit, &shown, &more);
	cli_late_forget();
	db_filter_free(f);
	if (st != LU_OK)
		return cli_fail(st);
	if (more)
		out_printf(ngettext("the first %zu task; more match (--limit N for more)\n",
				    "the first %zu tasks; more match (--limit N for more)\n", shown),
			   shown);
	else if (out_is_tty())
		out_printf(ngettext("%zu task\n", "%zu tasks\n", shown), shown);
	return CLI_OK;
}

/* One line of luoshi show: the label in 11 display columns, the value. */
static void field(const char *label, const char *value)
{
	struct sbuf b = SBUF_INIT;
	cli_head(&b, label, 11, 0);
	out_printf("%s ", b.s);
	sbuf_free(&b);
	out_cell(value && *value ? value : "-", 0, 0);
	out_str("\n");
}

static void task_field(enum task_field f, const char *value)
{
	field(field_label(f), value);
}

static void hist_line(const struct db_hist *h, int with_task)
{
	char when[17];
	struct sbuf b = SBUF_INIT;
	lu_format_time(h->at, when);
	sbuf_addf(&b, "%s  ", when);
	char *who = text_truncate(h->who, strlen(h->who), 10, 1);
	sbuf_adds(&b, who);
	free(who);
	if (with_task && h->task_id) {
		sbuf_addf(&b, _(" task %-5lld"), h->task_id);
	} else if (with_task) { /* a shared setting (luoshi config): no task */
		const char *w = _("settings");
		sbuf_addf(&b, " %s", w);
		for (int k = text_width(w, strlen(w)); k < 10; k++)
			sbuf_addc(&b, ' ');
	}
	/* TRANSLATORS: "undo " marks a change that undid another */
	sbuf_addf(&b, " %s%s: ", h->is_undo ? _("undo ") : "", label_field(h->field));
	out_cell(b.s, 0, 0);
	/* old and new value share the rest of a terminal line */
	const char *undone = h->undone ? _(" (undone)") : "";
	int rest = out_columns() - text_width(b.s, b.len) - 4 - text_width(undone, strlen(undone)) - 1;
	int cols = out_is_tty() ? (rest / 2 > 4 ? rest / 2 : 4) : 0;
	const char *was = label_value(h->field, h->old_value), *is = label_value(h->field, h->new_value);
	out_cell(was ? was : "", cols, 0);
	out_str(" -> ");
	out_cell(is ? is : "", cols, 0);
	out_printf("%s\n", undone);
	sbuf_free(&b);
}

static void show_history(struct db_hist *h, size_t n, int with_task)
{
	for (size_t i = 0; i < n; i++)
		hist_line(&h[i], with_task);
}

/* status: English shows the word one types and the Chinese beside it */
static void show_status(const struct db_task *t)
{
	char buf[64];
	if (i18n_lang_zh())
		snprintf(buf, sizeof buf, "%s", label_status(t->status));
	else
		snprintf(buf, sizeof buf, "%s (%s)", task_status_name(t->status),
			 task_status_zh(t->status));
	task_field(TASK_F_STATUS, buf);
}

/* due: the date with the words it came from, and whether it is past */
static void show_due(const struct db_task *t)
{
	if (t->due && t->due_text) {
		char *due = xasprintf("%s (%s)", t->due, t->due_text);
		task_field(TASK_F_DUE, due);
		free(due);
	} else {
		task_field(TASK_F_DUE, t->due ? t->due : t->due_text);
	}
	if (t->overdue)
		out_printf("            %s\n", _("(overdue)"));
}

/* Every field of the list, in its order; the source text (a paragraph)
 * comes after the place of the task, and due_text beside due. */
static void show_fields(const struct db_task *t)
{
	for (int i = 0; i < TASK_FIELD_COUNT; i++) {
		enum task_field f = (enum task_field)i;
		if (f == TASK_F_STATUS) {
			show_status(t);
		} else if (f == TASK_F_DUE) {
			show_due(t);
		} else if (f != TASK_F_DUE_TEXT && field_kind(f) != FIELD_LONG) {
			char *v = field_shown(t, f);
			task_field(f, v);
			free(v);
		}
	}
}

static void show_task(const struct db_task *t)
{
	out_printf(_("task %lld (version %d)\n"), t->id, t->version);
	show_fields(t);
	char *title = node_title(t->node_label, t->node_heading);
	char *measure = xasprintf(_("node %lld %s"), t->node_id, title);
	field(C_("field", "measure"), measure);
	free(measure);
	free(title);
	title = node_title(t->section_label, t->section_heading);
	field(C_("field", "section"), title);
	free(title);
	field(C_("field", "document"), t->doc_title);
	char when[17];
	lu_format_time(t->updated_at, when);
	/* TRANSLATORS: when a task was last changed, and by whom */
	char *upd = xasprintf(_("%s by %s"), when, t->updated_by);
	field(C_("field", "updated"), upd);
	free(upd);
	out_str("\n");
	if (t->text && *t->text) {
		out_printf("%s\n", _("source:"));
		para(t->text, out_is_tty() ? 2 : 0);
		out_str("\n");
	}
}

/* A task that is no more, said from its history: deleted (by whom,
 * when), or, without a "deleted" row, dropped by an import --replace
 * whose revised text no longer had its sentence (`show 1` said only "no
 * task", and the tryout's ledger cited it). 0: no history either. */
static int show_gone(struct cli *c, long long id)
{
	struct db_hist *h;
	size_t n;
	if (db_history(c->db, id, 0, &h, &n) != LU_OK)
		return 0;
	const struct db_hist *del = NULL;
	for (size_t i = 0; i < n && !del; i++)
		if (strcmp(h[i].field, "deleted") == 0 && !h[i].undone && !h[i].is_undo)
			del = &h[i];
	if (del) {
		char when[17];
		lu_format_time(del->at, when);
		out_error(_("task %lld was deleted on %s by %s (luoshi history %lld shows it)"), id,
			  when, del->who, id);
	} else if (n) {
		out_error(_("task %lld is no more: its sentence was not in the revised version of"
			    " its document (import --replace), and nobody had worked on it (luoshi"
			    " history %lld shows it)"),
			  id, id);
	}
	db_hist_free(h, n);
	return n != 0;
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	long long id;
	int rc;
	if (argc != 1)
		return cli_usage(c, "%s", _("show takes one task id"));
	if ((rc = cli_id(c, argv[0], NC_("metavar", "ID"), &id)) != CLI_OK)
		return rc;
	struct db_task t;
	enum lu_status st = db_task_get(c->db, id, &t);
	if (st == LU_NOTFOUND && show_gone(c, id))
		return CLI_ERR;
	if (st != LU_OK)
		return cli_fail(st);
	show_task(&t);
	db_task_free(&t);
	struct db_note *notes;
	size_t n;
	if (db_notes(c->db, id, &notes, &n) == LU_OK) {
		out_printf(_("notes (%zu):\n"), n);
		for (size_t i = 0; i < n; i++) {
			char when[17];
			lu_format_time(notes[i].at, when);
			out_printf("  %s  ", when);
			out_cell(notes[i].author, 0, 0);
			out_str(": ");
			out_cell(notes[i].text, 0, 0);
			out_str("\n");
		}
		db_notes_free(notes, n);
	}
	cli_show_duban(c, id);
	struct db_hist *h;
	if (db_history(c->db, id, 20, &h, &n) == LU_OK) {
		out_printf("\n%s\n", _("history:"));
		show_history(h, n, 0);
		db_hist_free(h, n);
	}
	return CLI_OK;
}

int cmd_history(struct cli *c, int argc, char **argv)
{
	long long id = 0, limit = 50;
	int rc;
	int i = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *v = cli_opt_value(argc, argv, &i, "--limit");
		if (!v)
			return cli_usage(c, _("unknown option %s"), argv[i]);
		if (lu_parse_id(v, &limit) != 0 || limit > INT_MAX)
			return cli_usage(c, "%s", _("--limit needs a number"));
	}
	argc -= i, argv += i;
	if (argc > 1)
		return cli_usage(c, "%s", _("history takes at most one task id"));
	if (argc == 1 && (rc = cli_id(c, argv[0], NC_("metavar", "ID"), &id)) != CLI_OK)
		return rc;
	struct db_hist *h;
	size_t n;
	/* a deleted task still has its history, so ask the history itself */
	enum lu_status st = db_history(c->db, id, (int)limit, &h, &n);
	if (st != LU_OK)
		return cli_fail(st);
	if (n == 0 && id) {
		db_hist_free(h, n);
		out_error(_("there is no task %lld and no history of one"), id);
		return CLI_ERR;
	}
	show_history(h, n, id == 0);
	if (limit && n == (size_t)limit)
		out_printf(_("(the newest %lld changes; --limit N for more, 0 for all)\n"), limit);
	db_hist_free(h, n);
	return CLI_OK;
}

struct search_out {
	long long limit; /* 0: every hit */
	long long n;
	int count_only;
};

/* One hit as it is read: the listing streams, so the first lines come out
 * at once and memory does not grow with the hits. */
static int search_print(const struct db_hit *hit, void *ctx)
{
	static const char *const kinds[] = {NC_("hit", "node"), NC_("hit", "task"),
					    NC_("hit", "note"), NC_("hit", "doc")};
	struct search_out *o = ctx;
	o->n++;
	if (!o->count_only) {
		struct sbuf k = SBUF_INIT;
		cli_head(&k, C_("hit", kinds[hit->kind]), 4, 0);
		out_printf("%s %5lld  ", k.s, hit->id);
		sbuf_free(&k);
		out_cell(hit->label, 24, 1);
		out_str("  ");
		out_cell(hit->snippet, out_is_tty() ? out_columns() - 38 : 0, 0);
		out_str("\n");
	}
	return o->limit && o->n >= o->limit;
}

int cmd_search(struct cli *c, int argc, char **argv)
{
	struct search_out o = {0, 0, 0};
	struct sbuf q = SBUF_INIT;
	/* the options before or after the words (one typed last was taken for
	 * a word that matched nothing); after the first word an unknown
	 * -x is a word, as everything after "--" is */
	int nwords = 0, rest = 0;
	for (int i = 0; i < argc; i++) {
		const char *v, *a = argv[i];
		if (!rest && a[0] == '-' && a[1]) {
			if (strcmp(a, "--") == 0) {
				rest = 1;
				continue;
			}
			if (strcmp(a, "--count") == 0 || strcmp(a, "-c") == 0) {
				o.count_only = 1;
				continue;
			}
			if ((v = cli_opt_value(argc, argv, &i, "--limit"))) {
				if (lu_parse_id(v, &o.limit) == 0)
					continue;
				sbuf_free(&q);
				return cli_usage(c, "%s", _("--limit needs a number"));
			}
			if (!nwords) {
				sbuf_free(&q);
				return cli_usage(c, _("unknown option %s"), a);
			}
		}
		sbuf_addf(&q, "%s%s", nwords++ ? " " : "", a);
	}
	if (nwords == 0) {
		sbuf_free(&q);
		return cli_usage(c, "%s", _("search needs words to look for"));
	}
	/* the number alone: counted without making the hits (or their order) */
	enum lu_status st = o.count_only && !o.limit ? db_search_count(c->db, q.s, &o.n)
						       : db_search_each(c->db, q.s, search_print, &o);
	sbuf_free(&q);
	if (st != LU_OK)
		return cli_fail(st);
	if (o.count_only)
		out_printf("%lld\n", o.n);
	else if (o.n == 0)
		out_printf("%s\n", _("no matches"));
	return CLI_OK;
}
