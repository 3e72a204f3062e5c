/* export.c - JSON (the documented contract), CSV for Excel/WPS, Markdown
 * progress report. Everything is built in memory as UTF-8, then converted
 * once when another encoding is asked for. */
#include "config.h"
#include "luoshi/export.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "luoshi/enc.h"
#include "luoshi/extract.h"
#include "luoshi/field.h"
#include "luoshi/ledger.h"
#include "luoshi/text.h"
#include "luoshi/utf8.h"

/* Everything one document's export needs, loaded once. */
struct xdoc {
	struct db_doc doc;
	struct db_node *nodes;
	size_t nnodes;
	struct db_task *tasks; /* in document order */
	size_t ntasks;
	size_t *first, *count;  /* per node: its tasks are tasks[first .. first+count) */
};

static int cmp_id(const void *a, const void *b)
{
	long long x = ((const long long *)a)[0], y = ((const long long *)b)[0];
	return (x > y) - (x < y);
}

/* Where each node's tasks are, in one pass over the tasks: a node's tasks
 * are contiguous in document order, and a node list of any size must not
 * make the export quadratic. */
static void index_tasks(struct xdoc *x)
{
	long long *ids = xcalloc(x->nnodes, 2 * sizeof *ids); /* (node id, index) pairs */
	for (size_t i = 0; i < x->nnodes; i++)
		ids[2 * i] = x->nodes[i].id, ids[2 * i + 1] = (long long)i;
	qsort(ids, x->nnodes, 2 * sizeof *ids, cmp_id);
	x->first = xcalloc(x->nnodes, sizeof *x->first);
	x->count = xcalloc(x->nnodes, sizeof *x->count);
	for (size_t k = 0; k < x->ntasks; k++) {
		long long key = x->tasks[k].node_id;
		const long long *hit = bsearch(&key, ids, x->nnodes, 2 * sizeof *ids, cmp_id);
		if (!hit)
			continue;
		size_t i = (size_t)hit[1];
		if (x->count[i] == 0)
			x->first[i] = k;
		if (x->first[i] + x->count[i] == k) /* contiguous, as sorted by position */
			x->count[i]++;
	}
	free(ids);
}

static enum lu_status load_doc(struct db *db, long long id, struct xdoc *x)
{
	memset(x, 0, sizeof *x);
	enum lu_status st = db_doc_get(db, id, &x->doc);
	if (st != LU_OK)
		return st;
	st = db_nodes(db, id, &x->nodes, &x->nnodes);
	if (st != LU_OK)
		return st;
	char word[32];
	snprintf(word, sizeof word, "doc:%lld", id);
	char *words[] = {word};
	struct db_filter *f;
	st = db_filter_parse(1, words, &f);
	if (st != LU_OK)
		return st;
	st = db_tasks(db, f, DB_SORT_POSITION, &x->tasks, &x->ntasks);
	db_filter_free(f);
	if (st == LU_OK)
		index_tasks(x);
	return st;
}

static void free_doc(struct xdoc *x)
{
	db_doc_free(&x->doc);
	db_nodes_free(x->nodes, x->nnodes);
	db_tasks_free(x->tasks, x->ntasks);
	free(x->first);
	free(x->count);
}

/* ---- JSON ---- */

static void json_key(struct sbuf *b, const char *key, const char *val, int first)
{
	sbuf_addf(b, "%s\"%s\":", first ? "" : ",", key);
	sbuf_add_json(b, val);
}

static void iso_time(long long t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The start of the i-th object of an array: "{" or ",{". */
static void json_item(struct sbuf *b, size_t i)
{
	sbuf_adds(b, i ? ",{" : "{");
}

/* ,"at":"2026-11-29T12:00:00Z" */
static void json_at(struct sbuf *b, long long at)
{
	char iso[21];
	iso_time(at, iso);
	json_key(b, "at", iso, 0);
}

/* The 督办 record of a task: its progress reports by period, its reviews
 * (销号, sent back, 回头看) and the periods of a recurring task that were
 * done, so that the export carries all a 台账 is built from. */
static enum lu_status json_reports(struct db *db, struct sbuf *b, long long id)
{
	struct db_report *r;
	size_t n;
	enum lu_status st = db_reports(db, id, &r, &n);
	if (st != LU_OK)
		return st;
	sbuf_adds(b, ",\"reports\":[");
	for (size_t i = 0; i < n; i++) {
		json_item(b, i);
		json_key(b, "period", r[i].period, 1);
		json_key(b, "unit", r[i].unit, 0);
		if (r[i].percent >= 0)
			sbuf_addf(b, ",\"percent\":%d", r[i].percent);
		else
			sbuf_adds(b, ",\"percent\":null");
		json_key(b, "author", r[i].author, 0);
		json_at(b, r[i].at);
		json_key(b, "text", r[i].text, 0);
		sbuf_addc(b, '}');
	}
	sbuf_addc(b, ']');
	db_reports_free(r, n);
	return LU_OK;
}

static enum lu_status json_reviews(struct db *db, struct sbuf *b, long long id)
{
	struct db_review *r;
	size_t n;
	enum lu_status st = db_reviews(db, id, &r, &n);
	if (st != LU_OK)
		return st;
	sbuf_adds(b, ",\"reviews\":[");
	for (size_t i = 0; i < n; i++) {
		json_item(b, i);
		json_key(b, "kind", db_review_kind_name(r[i].kind), 1);
		json_key(b, "who", r[i].who, 0);
		json_at(b, r[i].at);
		json_key(b, "text", r[i].text, 0);
		sbuf_addc(b, '}');
	}
	sbuf_addc(b, ']');
	db_reviews_free(r, n);
	return LU_OK;
}

static enum lu_status json_periods(struct db *db, struct sbuf *b, long long id)
{
	struct db_period_done *p;
	size_t n;
	enum lu_status st = db_task_periods(db, id, &p, &n);
	if (st != LU_OK)
		return st;
	sbuf_adds(b, ",\"periods_done\":[");
	for (size_t i = 0; i < n; i++) {
		json_item(b, i);
		json_key(b, "period", p[i].period, 1);
		json_key(b, "due", p[i].due, 0);
		json_key(b, "who", p[i].who, 0);
		json_at(b, p[i].at);
		sbuf_addc(b, '}');
	}
	sbuf_addc(b, ']');
	db_task_periods_free(p, n);
	return LU_OK;
}

static enum lu_status json_task(struct db *db, struct sbuf *b, const struct db_task *t)
{
	sbuf_addf(b, "{\"id\":%lld", t->id);
	/* the fields of field.h, keyed by their stored names: a field added
	 * there is exported without a line here */
	for (int f = 0; f < TASK_FIELD_COUNT; f++) {
		char *v = field_value(t, (enum task_field)f);
		if (field_kind((enum task_field)f) == FIELD_PERCENT)
			sbuf_addf(b, ",\"%s\":%s", field_column((enum task_field)f), v ? v : "null");
		else
			json_key(b, field_column((enum task_field)f), v, 0);
		free(v);
	}
	sbuf_addf(b, ",\"version\":%d,\"notes\":[", t->version);
	struct db_note *notes;
	size_t n;
	enum lu_status st = db_notes(db, t->id, &notes, &n);
	if (st != LU_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		json_item(b, i);
		json_key(b, "author", notes[i].author, 1);
		json_at(b, notes[i].at);
		json_key(b, "text", notes[i].text, 0);
		sbuf_addc(b, '}');
	}
	db_notes_free(notes, n);
	sbuf_adds(b, "]");
	if ((st = json_reports(db, b, t->id)) != LU_OK || (st = json_reviews(db, b, t->id)) != LU_OK ||
	    (st = json_periods(db, b, t->id)) != LU_OK)
		return st;
	sbuf_addc(b, '}');
	return LU_OK;
}

/* Node i and its subtree; returns the index after the subtree. */
static size_t json_node(struct db *db, struct sbuf *b, const struct xdoc *x, size_t i,
			enum lu_status *st)
{
	const struct db_node *nd = &x->nodes[i];
	sbuf_addf(b, "{\"id\":%lld", nd->id);
	json_key(b, "kind", node_kind_name(nd->kind), 0);
	json_key(b, "label", nd->label, 0);
	sbuf_addf(b, ",\"level\":%d", nd->level);
	json_key(b, "heading", nd->heading, 0);
	json_key(b, "body", nd->body, 0);
	sbuf_adds(b, ",\"children\":[");
	size_t j = i + 1;
	int first = 1;
	while (j < x->nnodes && x->nodes[j].level > nd->level && *st == LU_OK) {
		if (x->nodes[j].parent_id == nd->id) {
			sbuf_adds(b, first ? "" : ",");
			first = 0;
			j = json_node(db, b, x, j, st);
		} else {
			j++;
		}
	}
	sbuf_adds(b, "],\"tasks\":[");
	first = 1;
	for (size_t k = x->first[i]; k < x->first[i] + x->count[i] && *st == LU_OK; k++) {
		sbuf_adds(b, first ? "" : ",");
		first = 0;
		*st = json_task(db, b, &x->tasks[k]);
	}
	sbuf_adds(b, "]}");
	return j;
}

static enum lu_status json_doc(struct db *db, struct sbuf *b, const struct xdoc *x)
{
	const struct db_doc *d = &x->doc;
	sbuf_addf(b, "{\"id\":%lld", d->id);
	json_key(b, "title", d->title, 0);
	json_key(b, "issuer", d->issuer, 0);
	json_key(b, "number", d->number, 0);
	json_key(b, "date", d->date, 0);
	json_key(b, "source", d->source, 0);
	json_key(b, "recipients", d->recipients, 0);
	json_key(b, "wrapped", d->wrapped, 0);
	json_key(b, "copy_no", d->copy_no, 0);
	json_key(b, "secrecy", d->secrecy, 0);
	json_key(b, "urgency", d->urgency, 0);
	json_key(b, "signer", d->signer, 0);
	json_key(b, "cc", d->cc, 0);
	json_key(b, "printer", d->printer, 0);
	json_key(b, "print_date", d->print_date, 0);
	json_key(b, "encoding", d->encoding, 0);
	json_key(b, "preamble", d->preamble, 0);
	json_key(b, "closing", d->closing, 0);
	sbuf_adds(b, ",\"attachments\":[");
	for (size_t i = 0; i < d->nattachments; i++) {
		sbuf_adds(b, i ? "," : "");
		sbuf_add_json(b, d->attachments[i]);
	}
	sbuf_adds(b, "],\"nodes\":[");
	enum lu_status st = LU_OK;
	int first = 1;
	for (size_t i = 0; i < x->nnodes && st == LU_OK;) {
		if (x->nodes[i].parent_id == 0) {
			sbuf_adds(b, first ? "" : ",");
			first = 0;
			i = json_node(db, b, x, i, &st);
		} else {
			i++;
		}
	}
	sbuf_adds(b, "]}");
	return st;
}

/* ---- CSV ---- */

static const char *recur_zh(const char *name)
{
	int r = name ? recur_parse(name) : -1;
	return r > 0 ? recur_name_zh((enum recur)r) : name;
}

/* The CSV is the 台账 (ledger.c): the same columns as the XLSX. */

/* ---- Markdown ---- */

/* Untrusted text for a Markdown line or table cell. */
static void md_text(struct sbuf *b, const char *s)
{
	if (!s)
		return;
	char *clean = text_sanitize(s, strlen(s), 0);
	for (const char *p = clean; *p; p++) {
		if (strchr("|*_`[]<>#\\", *p))
			sbuf_addc(b, '\\');
		sbuf_addc(b, *p);
	}
	free(clean);
}

static int pct(int complete, int active)
{
	return active > 0 ? (int)((long long)complete * 100 / active) : 0;
}

static void md_task(struct sbuf *b, const struct db_task *t)
{
	sbuf_addf(b, "- [%c] #%lld ", t->status == TASK_DONE || t->status == TASK_CLOSED ? 'x' : ' ',
		  t->id);
	md_text(b, t->title);
	sbuf_addf(b, " · %s", task_status_zh(t->status));
	if (t->unit) {
		sbuf_adds(b, " · ");
		md_text(b, t->unit);
	}
	if (t->owner) {
		sbuf_adds(b, " · ");
		md_text(b, t->owner);
	}
	if (t->due_text) {
		sbuf_adds(b, " · 时限 ");
		md_text(b, t->due_text);
	}
	if (t->due)
		sbuf_addf(b, "%s%s%s", t->due_text ? "（" : " · 时限 ", t->due,
			  t->due_text ? "）" : "");
	if (t->due && t->overdue)
		sbuf_adds(b, " **逾期**");
	if (t->recurrence)
		sbuf_addf(b, " · %s", recur_zh(t->recurrence));
	sbuf_addf(b, " · %d%%\n", t->progress);
}

static void md_status_table(struct sbuf *b, const struct xdoc *x)
{
	int counts[TASK_STATUS_COUNT] = {0};
	for (size_t i = 0; i < x->ntasks; i++)
		counts[x->tasks[i].status]++;
	sbuf_adds(b, "| 状态 | 任务数 |\n|---|---:|\n");
	for (int s = 0; s < TASK_STATUS_COUNT; s++)
		sbuf_addf(b, "| %s %s | %d |\n", task_status_zh((enum task_status)s),
			  task_status_name((enum task_status)s), counts[s]);
	sbuf_adds(b, "\n");
}

static void md_doc(struct sbuf *b, const struct xdoc *x)
{
	const struct db_doc *d = &x->doc;
	char today[11];
	lu_today(today);
	sbuf_adds(b, "# 落实情况报告：");
	md_text(b, d->title);
	sbuf_addf(b, "\n\n文件编号 %lld", d->id);
	if (d->date)
		sbuf_addf(b, " · 印发日期 %s", d->date);
	sbuf_addf(b, " · 统计日期 %s\n\n", today);
	sbuf_addf(b, "共 %d 项任务（不含已取消），已落实 %d 项（%d%%），逾期 %d 项。\n\n",
		  d->nactive, d->ncomplete, pct(d->ncomplete, d->nactive), d->noverdue);
	md_status_table(b, x);
	for (size_t i = 0; i < x->nnodes; i++) {
		const struct db_node *nd = &x->nodes[i];
		if (nd->ntasks == 0)
			continue;
		int depth = nd->level < 4 ? nd->level + 1 : 5;
		sbuf_addf(b, "%.*s ", depth, "#####");
		char *title = node_title(nd->label, nd->heading);
		md_text(b, title);
		free(title);
		sbuf_addf(b, "\n\n进度 %d/%d（%d%%）\n\n", nd->ncomplete, nd->nactive,
			  pct(nd->ncomplete, nd->nactive));
		for (size_t k = x->first[i]; k < x->first[i] + x->count[i]; k++)
			md_task(b, &x->tasks[k]);
		if (x->count[i])
			sbuf_adds(b, "\n");
	}
	sbuf_adds(b, "## 逾期事项\n\n");
	int any = 0;
	for (size_t k = 0; k < x->ntasks; k++)
		if (x->tasks[k].overdue) {
			md_task(b, &x->tasks[k]);
			any = 1;
		}
	sbuf_adds(b, any ? "\n" : "无。\n\n");
}

/* ---- driver ---- */

static enum lu_status csv_doc(struct db *db, long long id, struct sbuf *b)
{
	struct ledger_row *rows;
	size_t n;
	enum lu_status st = ledger_load(db, id, &rows, &n);
	if (st == LU_OK)
		ledger_csv(rows, n, b, 0);
	ledger_free(rows, n);
	return st;
}

static enum lu_status doc_ids(struct db *db, long long doc_id, long long **ids, size_t *n)
{
	if (doc_id > 0) {
		struct db_doc d;
		enum lu_status st = db_doc_get(db, doc_id, &d);
		if (st != LU_OK)
			return st;
		db_doc_free(&d);
		*ids = xmalloc(sizeof **ids);
		(*ids)[0] = doc_id;
		*n = 1;
		return LU_OK;
	}
	struct db_doc *docs;
	enum lu_status st = db_docs(db, &docs, n);
	if (st != LU_OK)
		return st;
	*ids = xcalloc(*n, sizeof **ids);
	for (size_t i = 0; i < *n; i++)
		(*ids)[i] = docs[i].id;
	db_docs_free(docs, *n);
	return LU_OK;
}

static enum lu_status build(struct db *db, enum export_format fmt, const long long *ids,
			    size_t n, struct sbuf *b)
{
	enum lu_status st = LU_OK;
	if (fmt == EXPORT_JSON)
		sbuf_adds(b, "{\"documents\":[");
	if (fmt == EXPORT_CSV)
		ledger_csv(NULL, 0, b, 1);
	for (size_t i = 0; i < n && st == LU_OK; i++) {
		struct xdoc x;
		st = load_doc(db, ids[i], &x);
		if (st == LU_OK && fmt == EXPORT_JSON) {
			sbuf_adds(b, i ? "," : "");
			st = json_doc(db, b, &x);
		} else if (st == LU_OK && fmt == EXPORT_CSV) {
			st = csv_doc(db, ids[i], b);
		} else if (st == LU_OK) {
			md_doc(b, &x);
		}
		free_doc(&x);
	}
	if (fmt == EXPORT_JSON)
		sbuf_adds(b, "]}\n");
	return st;
}

enum lu_status export_write(struct db *db, enum export_format fmt, long long doc_id,
			    const char *encoding, FILE *out, struct export_loss *loss)
{
	struct export_loss none;
	if (!loss)
		loss = &none;
	*loss = (struct export_loss){0, 0};
	const char *enc = encoding ? enc_canonical(encoding) : "UTF-8";
	if (!enc)
		return lu_error(LU_USAGE, "unknown encoding \"%s\"", encoding);
	long long *ids;
	size_t n;
	enum lu_status st = doc_ids(db, doc_id, &ids, &n);
	if (st != LU_OK)
		return st;
	struct sbuf b = SBUF_INIT;
	int utf8 = strcmp(enc, "UTF-8") == 0;
	/* Excel and WPS take a CSV without BOM for the ANSI code page */
	if (fmt == EXPORT_CSV && utf8)
		sbuf_adds(&b, "\xEF\xBB\xBF");
	st = build(db, fmt, ids, n, &b);
	free(ids);
	if (st == LU_OK && utf8) {
		fwrite(b.s, 1, b.len, out);
	} else if (st == LU_OK) {
		char *conv;
		size_t len;
		st = enc_from_utf8_lost(enc, b.s, b.len, &conv, &len, &loss->n, &loss->first);
		if (st == LU_OK) {
			fwrite(conv, 1, len, out);
			free(conv);
		}
	}
	sbuf_free(&b);
	return st;
}
