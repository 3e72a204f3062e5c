/* cli_duban.c - the 督办 cycle on the command line: progress reports per
 * period, what a period asks of each unit (luoshi due), the login line
 * (luoshi brief), the review (close, reopen, recheck), the shared
 * settings (luoshi config) and the task list grouped by unit. The store
 * checks who may do what; these only read arguments and print. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_impl.h"
#include "luoshi/i18n.h"
#include "luoshi/label.h"
#include "luoshi/ledger.h"
#include "luoshi/out.h"
#include "luoshi/preport.h"
#include "luoshi/text.h"
#include "luoshi/xlsx.h"

/* The words argv[from..argc) joined by spaces, or standard input for a
 * lone "-"; NULL when standard input is not text. */
static char *joined_text(int argc, char **argv, int from)
{
	struct sbuf b = SBUF_INIT;
	if (argc == from + 1 && strcmp(argv[from], "-") == 0) {
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
			sbuf_add(&b, chunk, n);
		while (b.len && strchr("\r\n", b.s[b.len - 1]))
			b.s[--b.len] = '\0';
		char *text = out_from_locale(b.s ? b.s : "", b.len);
		sbuf_free(&b);
		return text;
	}
	for (int i = from; i < argc; i++)
		sbuf_addf(&b, "%s%s", i > from ? " " : "", argv[i]);
	return sbuf_detach(&b);
}

/* --period P and --unit U anywhere before the other arguments; the rest
 * moves down to argv[0..]. */
struct opts {
	const char *period, *unit, *percent, *expect;
};

static int take_opts(struct cli *c, int *argc, char **argv, struct opts *o)
{
	int i = 0, out = 0;
	for (; i < *argc; i++) {
		const char *v;
		if ((v = cli_opt_value(*argc, argv, &i, "--period")))
			o->period = v;
		else if ((v = cli_opt_value(*argc, argv, &i, "--unit")))
			o->unit = v;
		else if ((v = cli_opt_value(*argc, argv, &i, "--percent")))
			o->percent = v;
		else if ((v = cli_opt_value(*argc, argv, &i, "--expect-version")))
			o->expect = v;
		else if (!strcmp(argv[i], "--period") || !strcmp(argv[i], "--unit") ||
			 !strcmp(argv[i], "--percent") || !strcmp(argv[i], "--expect-version"))
			return cli_usage(c, _("%s needs a value"), argv[i]);
		else if (strncmp(argv[i], "--", 2) == 0 && argv[i][2])
			return cli_usage(c, _("unknown option %s"), argv[i]);
		else
			argv[out++] = argv[i];
	}
	*argc = out;
	return CLI_OK;
}

static int parse_period(struct cli *c, const char *s, struct period *p)
{
	if (period_parse(s, p) != 0)
		return cli_usage(c, _("\"%s\" is not a period (2026-11, 2026Q4, 2026H2, 2026,"
				      " 2026-W45 or 2026年11月)"), s);
	return CLI_OK;
}

static int parse_int(struct cli *c, const char *s, const char *what, int lo, int hi, int *v)
{
	char *end;
	long x = s ? strtol(s, &end, 10) : 0;
	if (!s || end == s || *end || x < lo || x > hi)
		return cli_usage(c, _("%s must be a whole number from %d to %d"), what, lo, hi);
	*v = (int)x;
	return CLI_OK;
}

/* ---- luoshi report ---- */

int cmd_report(struct cli *c, int argc, char **argv)
{
	struct opts o = {0};
	long long id, rid = 0;
	int rc, percent = -1;
	if ((rc = take_opts(c, &argc, argv, &o)) != CLI_OK)
		return rc;
	if (argc < 2)
		return cli_usage(c, _("report needs a task id and the text"));
	if ((rc = cli_id(c, argv[0], "ID", &id)) != CLI_OK)
		return rc;
	if (o.percent && (rc = parse_int(c, o.percent, "--percent", 0, 100, &percent)) != CLI_OK)
		return rc;
	char *text = joined_text(argc, argv, 1);
	if (!text)
		return cli_usage(c, _("the report on standard input is not valid text in this"
				      " locale's encoding"));
	enum lu_status st = db_report_add(c->db, id, o.period, o.unit, percent, text,
					  lu_username(), &rid);
	free(text);
	if (st != LU_OK)
		return cli_fail(st);
	struct db_report *r;
	size_t n;
	const char *period = "";
	if (db_reports(c->db, id, &r, &n) != LU_OK)
		n = 0;
	for (size_t i = 0; i < n; i++)
		if (r[i].id == rid)
			period = r[i].period;
	out_printf(_("report %lld added to task %lld for %s\n"), rid, id, period);
	db_reports_free(r, n);
	return CLI_OK;
}

/* ---- luoshi close / reopen / recheck ---- */

static int review_cmd(struct cli *c, int argc, char **argv, enum db_review_kind kind)
{
	struct opts o = {0};
	long long id;
	int rc, expect = -1;
	if ((rc = take_opts(c, &argc, argv, &o)) != CLI_OK)
		return rc;
	if (argc < 1 || (kind == DB_REVIEW_REOPEN && argc < 2))
		return cli_usage(c, kind == DB_REVIEW_REOPEN ? _("reopen needs a task id and the reason")
							     : _("a task id is needed"));
	if ((rc = cli_id(c, argv[0], "ID", &id)) != CLI_OK)
		return rc;
	if (o.expect && (rc = parse_int(c, o.expect, "--expect-version", 0, 1 << 30, &expect)))
		return rc;
	char *text = argc > 1 ? joined_text(argc, argv, 1) : NULL;
	if (argc > 1 && !text)
		return cli_usage(c, _("the text on standard input is not valid text in this"
				      " locale's encoding"));
	enum lu_status st =
		kind == DB_REVIEW_CLOSE    ? db_task_close(c->db, id, text, expect, lu_username())
		: kind == DB_REVIEW_REOPEN ? db_task_reopen(c->db, id, text, expect, lu_username())
					   : db_task_rechecked(c->db, id, text, expect, lu_username());
	free(text);
	if (st != LU_OK)
		return cli_fail(st);
	struct db_task t;
	if (db_task_get(c->db, id, &t) != LU_OK)
		return CLI_OK;
	if (kind == DB_REVIEW_CLOSE && t.recheck)
		out_printf(_("task %lld closed (已销号); 回头看 on %s\n"), id, t.recheck);
	else if (kind == DB_REVIEW_CLOSE)
		out_printf(_("task %lld closed (已销号)\n"), id);
	else if (kind == DB_REVIEW_REOPEN)
		out_printf(_("task %lld sent back: it is %s again\n"), id, label_status(t.status));
	else
		out_printf(_("task %lld: 回头看 recorded\n"), id);
	db_task_free(&t);
	return CLI_OK;
}

int cmd_close(struct cli *c, int argc, char **argv)
{
	return review_cmd(c, argc, argv, DB_REVIEW_CLOSE);
}

int cmd_reopen(struct cli *c, int argc, char **argv)
{
	return review_cmd(c, argc, argv, DB_REVIEW_REOPEN);
}

int cmd_recheck(struct cli *c, int argc, char **argv)
{
	return review_cmd(c, argc, argv, DB_REVIEW_RECHECK);
}

/* ---- luoshi config ---- */

static void print_settings(const struct db_setting *s)
{
	for (int i = 0; i < DB_SETTING_COUNT; i++) {
		out_printf("%s=", s[i].key);
		out_text(s[i].value);
		if (!s[i].set)
			out_str(_(" (default)"));
		else
			out_printf(_(" (set by %s)"), s[i].updated_by ? s[i].updated_by : "?");
		out_printf("\n    %s\n", _(s[i].help));
	}
}

/* The documents' own 回头看 defaults, after the others. */
static void print_doc_settings(const struct db_setting *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out_printf("%s@%lld=", s[i].key, s[i].doc);
		out_text(s[i].value);
		out_printf(_(" (set by %s)"), s[i].updated_by ? s[i].updated_by : "?");
		out_str("\n");
	}
	if (n)
		out_printf("    %s\n", _("回头看 after closing a task of that document (recheck-after@DOC)"));
}

int cmd_config(struct cli *c, int argc, char **argv)
{
	struct db_setting *s = NULL;
	if (argc == 0) {
		struct db_setting *d = NULL;
		size_t nd = 0;
		enum lu_status st = db_settings(c->db, &s);
		if (st == LU_OK)
			st = db_settings_docs(c->db, &d, &nd);
		if (st == LU_OK) {
			print_settings(s);
			print_doc_settings(d, nd);
		}
		db_settings_free(s);
		db_settings_docs_free(d, nd);
		return st == LU_OK ? CLI_OK : cli_fail(st);
	}
	struct db_change *ch = xcalloc((size_t)argc, sizeof *ch);
	char **keys = xcalloc((size_t)argc, sizeof *keys);
	int rc = CLI_OK;
	for (int i = 0; i < argc && rc == CLI_OK; i++) {
		const char *eq = strchr(argv[i], '=');
		if (!eq) {
			rc = cli_usage(c, _("\"%s\" is not KEY=VALUE"), argv[i]);
			break;
		}
		keys[i] = xstrndup(argv[i], (size_t)(eq - argv[i]));
		ch[i] = (struct db_change){keys[i], eq + 1};
	}
	if (rc == CLI_OK) {
		enum lu_status st = db_settings_set(c->db, ch, (size_t)argc, lu_username());
		rc = st == LU_OK ? CLI_OK : cli_fail(st);
	}
	for (int i = 0; rc == CLI_OK && i < argc; i++)
		out_printf(_("%s set\n"), keys[i]);
	for (int i = 0; i < argc; i++)
		free(keys[i]);
	free(keys);
	free(ch);
	return rc;
}

/* ---- luoshi due ---- */

/* What one item asks, in words. */
static char *due_words(const struct db_due_item *it)
{
	struct sbuf b = SBUF_INIT;
	if (it->review || it->t.status == TASK_CLOSED) {
		if (it->review)
			sbuf_adds(&b, _("waiting for review (待销号)"));
		else if (it->recheck)
			sbuf_addf(&b, _("回头看 due %s"), it->t.recheck ? it->t.recheck : "");
		else
			sbuf_adds(&b, _("closed (已销号)"));
		if (it->due_in)
			sbuf_addf(&b, _("; due %s"), it->t.due ? it->t.due : "");
	} else {
		if (it->period_done)
			sbuf_addf(&b, _("%s done"), it->period);
		else
			sbuf_addf(&b, it->reported ? _("reported for %s") : _("NOT reported for %s"),
				  it->period);
		if (it->due_in)
			sbuf_addf(&b, _("; due %s"), it->t.due ? it->t.due : "");
		if (it->late) {
			char *l = late_describe(it->late, it->late_days);
			sbuf_addf(&b, _("; %s"), l);
			free(l);
		}
	}
	return sbuf_detach(&b);
}

/* The units in the order they first appear, with how many have not
 * reported. */
struct unit_tally {
	const char *unit;
	int items, missing;
};

static size_t tally(const struct db_due *d, struct unit_tally *u)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++) {
		const char *name = d->items[i].t.unit ? d->items[i].t.unit : "";
		size_t k = 0;
		while (k < n && strcmp(u[k].unit, name) != 0)
			k++;
		if (k == n)
			u[n++] = (struct unit_tally){name, 0, 0};
		u[k].items++;
		u[k].missing += d->items[i].must_report && !d->items[i].reported;
	}
	return n;
}

static void print_due_unit(const struct db_due *d, const struct unit_tally *u)
{
	out_str("\n");
	out_text(*u->unit ? u->unit : _("(no unit)"));
	out_printf(ngettext(" — %d item", " — %d items", u->items), u->items);
	if (u->missing)
		out_printf(ngettext(", %d not reported", ", %d not reported", u->missing),
			   u->missing);
	out_str("\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct db_due_item *it = &d->items[i];
		if (strcmp(it->t.unit ? it->t.unit : "", u->unit) != 0)
			continue;
		char *w = due_words(it);
		out_printf("%6lld  ", it->t.id);
		out_cell(it->t.title, 30, 1);
		out_str("  ");
		out_text(w);
		out_str("\n");
		free(w);
	}
}

int cmd_due(struct cli *c, int argc, char **argv)
{
	struct opts o = {0};
	struct period p;
	int rc;
	if ((rc = take_opts(c, &argc, argv, &o)) != CLI_OK)
		return rc;
	if (argc > 0)
		return cli_usage(c, _("due takes only --unit and --period"));
	if (o.period && (rc = parse_period(c, o.period, &p)) != CLI_OK)
		return rc;
	struct db_due d;
	enum lu_status st = db_due(c->db, o.period ? &p : NULL, o.unit, &d);
	if (st != LU_OK)
		return cli_fail(st);
	char label[PERIOD_TEXT_MAX];
	period_format(&d.p, label);
	out_printf(_("%s (%s to %s), as of %s\n"), label, d.first, d.last, d.ref);
	struct unit_tally *u = xcalloc(d.n ? d.n : 1, sizeof *u);
	size_t nu = tally(&d, u);
	for (size_t k = 0; k < nu; k++)
		print_due_unit(&d, &u[k]);
	int missing = 0;
	for (size_t k = 0; k < nu; k++)
		missing += u[k].missing;
	if (missing) {
		/* a unit and its count never split; a line full, the next */
		out_str(_("\nNot reported yet (催报):"));
		int col = out_columns();
		for (size_t k = 0; k < nu; k++)
			if (u[k].missing) {
				char *item = xasprintf("%s %d", *u[k].unit ? u[k].unit : _("(no unit)"),
						       u[k].missing);
				int w = text_width(item, strlen(item));
				if (col + 2 + w > out_columns()) {
					out_str("\n");
					col = 0;
				}
				out_str("  ");
				out_text(item);
				col += 2 + w;
				free(item);
			}
		out_str("\n");
	} else if (d.n)
		out_str(_("\nEvery unit has reported.\n"));
	else
		out_str(_("Nothing is asked in this period.\n"));
	free(u);
	db_due_free(&d);
	return CLI_OK;
}

/* ---- luoshi brief ---- */

int cmd_brief(struct cli *c, int argc, char **argv)
{
	struct opts o = {0};
	int rc;
	if ((rc = take_opts(c, &argc, argv, &o)) != CLI_OK)
		return rc;
	if (argc > 0)
		return cli_usage(c, _("brief takes only --unit"));
	const char *unit = o.unit ? o.unit : getenv("LUOSHI_UNIT");
	const char *user = lu_username();
	char *reviewers = NULL;
	int all_review = db_setting_get(c->db, DB_SET_REVIEWERS, &reviewers) == LU_OK &&
			 *reviewers && db_may_review(c->db, user);
	free(reviewers);
	struct db_brief b;
	enum lu_status st = db_brief(c->db, user, unit && *unit ? unit : NULL, all_review, &b);
	if (st != LU_OK)
		return cli_fail(st);
	if (!b.late && !b.week && !b.review)
		out_str(_("luoshi: nothing late, due this week or waiting for review\n"));
	else
		out_printf(_("luoshi: %d late, %d due this week, %d waiting for review\n"), b.late,
			   b.week, b.review);
	return CLI_OK;
}

/* ---- luoshi tasks --by unit ----
 * A heading per unit with its sums (from db_unit_groups, without reading
 * the tasks), then its tasks. With --limit they are read a page at a
 * time (db_unit_page), so that the limit stops the reading too. Without
 * it the first rows are read so too, reaching a reader that stops early
 * (| head) at once; the rest of the listing comes from one pass of the
 * whole list (db_unit_groups_each). */

/* Rows a page; rows read by pages before the pass; rows between two
 * flushes in the pass. */
#define BY_UNIT_PAGE 200
#define BY_UNIT_FIRST 1000
#define BY_UNIT_FLUSH 1600

static void by_unit_row(const struct db_task *t, int lead, const struct late_levels *lv,
			const char *today)
{
	int days = task_status_complete(t->status) || t->status == TASK_DROPPED
			   ? 0 : late_days(t->due, today);
	enum late_level v = late_level_of(lv, days);
	out_printf("  %6lld ", t->id);
	out_cell(label_status(t->status), 8, 1);
	out_printf(" %-10s ", t->due ? t->due : "");
	out_cell(lead ? "" : _("assist"), 6, 1);
	out_str(" ");
	out_cell(t->title, 34, 1);
	if (v) {
		char *l = late_describe(v, days);
		out_str("  ");
		out_str(l);
		free(l);
	}
	out_str("\n");
}

static int by_unit_heads_out; /* a blank line goes between groups, not before the first */

static void by_unit_sum(const struct db_unit_group *u)
{
	if (by_unit_heads_out++)
		out_str("\n");
	out_text(*u->unit ? u->unit : _("(no unit)"));
	out_printf(_(" — lead %d, assisting %d:"), u->lead, u->assist);
	const char *sep = " ";
	for (int s = 0; s < TASK_STATUS_COUNT; s++)
		if (u->status[s]) {
			out_printf("%s%s %d", sep, label_status((enum task_status)s), u->status[s]);
			sep = _(", ");
		}
	for (int v = LATE_YELLOW; v <= LATE_RED; v++)
		if (u->late[v]) {
			out_printf("%s%s %d", sep, late_word((enum late_level)v), u->late[v]);
			sep = _(", ");
		}
	out_str("\n");
}

struct by_unit {
	struct cli *c;
	const struct db_filter *f;
	enum db_sort sort;
	size_t limit, shown; /* rows of tasks: at most limit (0: all) */
	struct late_levels lv;
	char today[11];
};

static void by_unit_task(struct by_unit *b, const struct db_unit_group *g,
			 const struct db_task *t)
{
	by_unit_row(t, !*g->unit || ledger_names_unit(t->unit, g->unit), &b->lv, b->today);
	b->shown++;
}

/* One group's tasks, a page at a time (without --limit, while the
 * listing is in its first rows): 1 when it is to stop (the limit
 * reached, or the reader gone), 0 at the group's end, -1 when the rest
 * after *key is left to the pass. */
static int by_unit_pages(struct by_unit *b, const struct db_unit_group *g,
			 struct db_task_key *key, enum lu_status *st)
{
	for (;;) {
		size_t want = BY_UNIT_PAGE, n = 0;
		if (b->limit && b->limit - b->shown < want)
			want = b->limit - b->shown;
		struct db_task *page = NULL;
		*st = db_unit_page(b->c->db, b->f, g, b->sort, key, DB_PAGE_AFTER, want, &page, &n);
		for (size_t i = 0; i < n; i++)
			by_unit_task(b, g, &page[i]);
		if (n)
			db_task_key_of(&page[n - 1], key);
		db_tasks_free(page, n);
		if (*st != LU_OK || (b->limit && b->shown >= b->limit))
			return 1;
		if (n < want)
			return 0;
		out_flush();
		if (out_write_error())
			return 1;
		if (!b->limit && b->shown >= BY_UNIT_FIRST)
			return -1;
	}
}

struct by_unit_rest {
	struct by_unit *b;
	const struct db_unit_group *g;
	size_t at, rows; /* the group whose heading is out; rows printed */
};

/* The headings of the groups up to g[to] not yet out. */
static void by_unit_heads(struct by_unit_rest *r, size_t to)
{
	while (r->at < to)
		by_unit_sum(&r->g[++r->at]);
}

static int by_unit_rest_row(size_t group, const struct db_task *t, void *ctx)
{
	struct by_unit_rest *r = ctx;
	by_unit_heads(r, group);
	by_unit_task(r->b, &r->g[group], t);
	if (++r->rows % BY_UNIT_FLUSH)
		return 0;
	out_flush();
	return out_write_error() != 0; /* the reader gone: stop */
}

/* The rest of the listing from group i after key, in one pass. */
static enum lu_status by_unit_rest(struct by_unit *b, const struct db_unit_group *g, size_t ng,
				   size_t i, const struct db_task_key *key)
{
	struct by_unit_rest r = {b, g, i, 0};
	enum lu_status st = db_unit_groups_each(b->c->db, b->f, g, ng, i, b->sort, key,
						by_unit_rest_row, &r);
	if (st == LU_OK && !out_write_error())
		by_unit_heads(&r, ng - 1); /* groups emptied since they were counted */
	return st;
}

int cmd_tasks_by(struct cli *c, const struct db_filter *f, enum db_sort sort, size_t limit)
{
	struct by_unit b = {c, f, sort, limit, 0, {0}, ""};
	struct db_unit_group *g = NULL;
	by_unit_heads_out = 0;
	size_t ng = 0, total = 0;
	lu_today(b.today);
	enum lu_status st = db_late_levels(c->db, &b.lv);
	if (st == LU_OK)
		st = db_unit_groups(c->db, f, &b.lv, &g, &ng);
	if (st == LU_OK)
		st = db_tasks_count(c->db, f, &total);
	for (size_t i = 0; i < ng && st == LU_OK; i++) {
		struct db_task_key key = {0};
		by_unit_sum(&g[i]);
		int more = -1; /* past the first rows, even small groups are the pass's */
		if (limit || b.shown < BY_UNIT_FIRST)
			more = by_unit_pages(&b, &g[i], &key, &st);
		if (more < 0)
			st = by_unit_rest(&b, g, ng, i, &key);
		if (more)
			break;
	}
	db_unit_groups_free(g, ng);
	if (st != LU_OK)
		return cli_fail(st);
	out_printf(ngettext("\n%zu task, %zu unit\n", "\n%zu tasks, %zu units\n", total), total,
		   ng);
	return CLI_OK;
}

/* ---- luoshi tasks: lateness after the title ---- */

static struct late_levels list_levels;
static char list_today[11];

void cli_late_prepare(struct cli *c)
{
	if (db_late_levels(c->db, &list_levels) != LU_OK)
		late_levels_default(&list_levels);
	lu_today(list_today);
}

void cli_late_forget(void)
{
	list_today[0] = '\0';
}

void cli_title_late(const struct db_task *t, int title_cols)
{
	int days = t->overdue && list_today[0] ? late_days(t->due, list_today) : 0;
	enum late_level v = late_level_of(&list_levels, days);
	if (!v) {
		out_cell(t->title, title_cols, 0);
		return;
	}
	char *words = late_describe(v, days);
	int w = text_width(words, strlen(words)) + 4;
	/* a terminal too narrow for the words keeps the title (the ! before
	 * the due date still marks it) */
	if (title_cols > 0 && title_cols - w < 8) {
		out_cell(t->title, title_cols, 0);
	} else {
		out_cell(t->title, title_cols > 0 ? title_cols - w : 0, title_cols > 0);
		out_printf("  [%s]", words);
	}
	free(words);
}

/* ---- luoshi done on a recurring task ---- */

void cli_done_rolled(struct cli *c, long long id)
{
	struct db_task t;
	struct db_period_done *p = NULL;
	size_t n = 0;
	if (db_task_get(c->db, id, &t) != LU_OK)
		return;
	if (t.status != TASK_DONE && db_task_periods(c->db, id, &p, &n) == LU_OK && n) {
		out_printf(_("  period %s done; the next is due %s\n"), p[0].period,
			   t.due ? t.due : "-");
		/* done again by mistake (a script run twice): the deadline just
		 * met lies more than one step of the recurrence ahead (a monthly
		 * report due on the 5th, done at the end of the month before, is
		 * on time; the quarter after next is not) */
		char today[11], step[11];
		lu_today(today);
		if (p[0].due && t.recurrence &&
		    period_roll_due(t.recurrence, today, today, step) == 0 &&
		    strcmp(p[0].due, step) > 0)
			out_error(_("warning: task %lld: period %s, due %s, done ahead of time"
				    " (luoshi undo takes back this done)"),
				  id, p[0].period, p[0].due);
	}
	db_task_periods_free(p, n);
	db_task_free(&t);
}

/* ---- luoshi show: the cycle of one task ---- */

static void show_reports(struct cli *c, long long id)
{
	struct db_report *r;
	size_t n;
	if (db_reports(c->db, id, &r, &n) != LU_OK)
		return;
	if (!n) {
		db_reports_free(r, n);
		return;
	}
	out_printf(_("\nreports by period (%zu):\n"), n);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(r[i].period, r[i - 1].period) != 0)
			out_printf("  %s\n", r[i].period);
		char when[17];
		lu_format_time(r[i].at, when);
		out_printf("    %s  ", when);
		out_text(r[i].unit ? r[i].unit : "-");
		if (r[i].percent >= 0)
			out_printf("  %d%%", r[i].percent);
		out_str(": ");
		out_cell(r[i].text, 0, 0);
		out_str("\n");
	}
	db_reports_free(r, n);
}

static void show_periods(struct cli *c, long long id)
{
	struct db_period_done *p;
	size_t n;
	if (db_task_periods(c->db, id, &p, &n) != LU_OK)
		return;
	if (n)
		out_printf(_("\nperiods done (%zu):\n"), n);
	for (size_t i = 0; i < n; i++) {
		out_printf(_("  %s  due %s, done by "), p[i].period, p[i].due ? p[i].due : "-");
		out_text(p[i].who);
		out_str("\n");
	}
	db_task_periods_free(p, n);
}

static const char *review_word(enum db_review_kind k)
{
	return k == DB_REVIEW_CLOSE ? _("closed (销号)")
	       : k == DB_REVIEW_REOPEN ? _("sent back") : _("回头看");
}

static void show_reviews(struct cli *c, long long id)
{
	struct db_review *r;
	size_t n;
	if (db_reviews(c->db, id, &r, &n) != LU_OK)
		return;
	if (n)
		out_printf(_("\nreviews (%zu):\n"), n);
	for (size_t i = 0; i < n; i++) {
		char when[17];
		lu_format_time(r[i].at, when);
		out_printf("  %s  ", when);
		out_text(r[i].who);
		out_printf("  %s", review_word(r[i].kind));
		if (r[i].text) {
			out_str(": ");
			out_cell(r[i].text, 0, 0);
		}
		out_str("\n");
	}
	db_reviews_free(r, n);
}

void cli_show_duban(struct cli *c, long long id)
{
	struct db_task t;
	struct late_levels lv;
	char today[11];
	if (db_task_get(c->db, id, &t) != LU_OK)
		return;
	lu_today(today);
	int days = t.overdue ? late_days(t.due, today) : 0;
	if (days && db_late_levels(c->db, &lv) == LU_OK) {
		char *l = late_describe(late_level_of(&lv, days), days);
		out_printf(_("lateness: %s\n"), l);
		free(l);
	}
	if (t.recheck)
		out_printf(_("回头看: %s\n"), t.recheck);
	if (t.cycle)
		out_printf(_("reporting cycle: %s\n"), t.cycle);
	db_task_free(&t);
	show_reports(c, id);
	show_periods(c, id);
	show_reviews(c, id);
}

/* ---- luoshi export: XLSX and the report of a period ---- */

int cli_export_duban_wants(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--period") || !strncmp(argv[i], "--period=", 9) ||
		    !strcmp(argv[i], "--format=xlsx") || !strcmp(argv[i], "--by") ||
		    !strncmp(argv[i], "--by=", 5) ||
		    (!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "xlsx")))
			return 1;
	return 0;
}

struct export_args {
	const char *format, *path, *by, *period, *unit;
	long long doc;
};

static int export_args(struct cli *c, int argc, char **argv, struct export_args *a)
{
	const char *v;
	int rc;
	for (int i = 0; i < argc; i++) {
		if ((v = cli_opt_value(argc, argv, &i, "--format")))
			a->format = v;
		else if ((v = cli_opt_value(argc, argv, &i, "--period")))
			a->period = v;
		else if ((v = cli_opt_value(argc, argv, &i, "--unit")))
			a->unit = v;
		else if ((v = cli_opt_value(argc, argv, &i, "--by")))
			a->by = v;
		else if ((v = cli_opt_value(argc, argv, &i, "-o")))
			a->path = v;
		else if (argv[i][0] == '-')
			return cli_usage(c, _("unknown option %s"), argv[i]);
		else if (a->doc)
			return cli_usage(c, _("export takes at most one document id"));
		else if ((rc = cli_id(c, argv[i], "DOC", &a->doc)) != CLI_OK)
			return rc;
	}
	if (!a->format || (strcmp(a->format, "xlsx") && strcmp(a->format, "md")))
		return cli_usage(c, _("--period and --by go with --format xlsx or md"));
	if (a->by && strcmp(a->by, "unit"))
		return cli_usage(c, _("--by takes unit"));
	if (!strcmp(a->format, "md") && (!a->period || a->by))
		return cli_usage(c, _("--format md with --period P writes the period's report"));
	if (!strcmp(a->format, "xlsx") && !a->path)
		return cli_usage(c, _("XLSX is a file: give it with -o FILE.xlsx"));
	return CLI_OK;
}

/* The period's report in Markdown, to path or standard output. */
static int export_period_md(struct cli *c, const struct period *p, const char *unit,
			    const char *path)
{
	struct preport r;
	enum lu_status st = preport_load(c->db, p, unit, &r);
	if (st != LU_OK)
		return cli_fail(st);
	struct sbuf b = SBUF_INIT;
	preport_md(&r, &b);
	preport_free(&r);
	int rc = CLI_OK;
	if (!path) {
		out_flush();
		rc = fwrite(b.s, 1, b.len, stdout) == b.len && fflush(stdout) == 0 ? CLI_OK : CLI_ERR;
	} else {
		char *tmp = xasprintf("%s.tmp", path);
		FILE *f = fopen(tmp, "wb");
		int bad = !f || fwrite(b.s, 1, b.len, f) != b.len;
		bad |= f && fclose(f) != 0;
		bad = bad || rename(tmp, path) != 0;
		if (bad) {
			remove(tmp);
			out_error(_("cannot write %s"), path);
			rc = CLI_ERR;
		}
		free(tmp);
	}
	sbuf_free(&b);
	return rc;
}

int cmd_export_duban(struct cli *c, int argc, char **argv)
{
	struct export_args a = {0};
	struct period p;
	int rc;
	if ((rc = export_args(c, argc, argv, &a)) != CLI_OK)
		return rc;
	if (a.period && (rc = parse_period(c, a.period, &p)) != CLI_OK)
		return rc;
	if (!strcmp(a.format, "md"))
		return export_period_md(c, &p, a.unit, a.path);
	struct xlsx_opts o = {a.doc, a.by != NULL, a.period ? &p : NULL, a.unit};
	enum lu_status st = xlsx_write(c->db, &o, a.path);
	return st == LU_OK ? CLI_OK : cli_fail(st);
}
