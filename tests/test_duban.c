/* test_duban.c - the 督办 cycle in the store: shared settings and who may
 * change them, progress reports per period, recurring tasks done period
 * by period, 销号 by reviewers only, sending back, 回头看, what a period
 * asks of each unit, the brief line; each undone and kept in history. */
#include "config.h"

#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "db_impl.h"
#include "pg_test.h"
#include "luoshi/db.h"
#include "luoshi/ledger.h"

static char tmpdir[64];
static char *last_path; /* of the last store fresh made */

/* LUOSHI_NOW at noon (UTC) of date. */
static void at(const char *date)
{
	int y, m, d;
	sscanf(date, "%d-%d-%d", &y, &m, &d);
	char z[11], buf[32];
	snprintf(z, sizeof z, "1970-01-01");
	long days = date_days_between(z, date);
	snprintf(buf, sizeof buf, "%ld", days * 86400 + 43200);
	setenv("LUOSHI_NOW", buf, 1);
}

static struct pnode node(enum node_kind kind, int level, const char *label, const char *heading,
			 const char *body)
{
	struct pnode n = {.kind = kind, .label = xstrdup(label), .level = level,
			  .heading = xstrdup(heading), .body = xstrdup(body)};
	return n;
}

/* A document of one section, tasks added by hand; *node_id: the section. */
static struct db *fresh(long long *node_id)
{
	static int n;
	char *path = pgt_mode() ? pgt_fresh() : xasprintf("%s/d%d.db", tmpdir, ++n);
	free(last_path);
	last_path = xstrdup(path);
	struct db *db = NULL;
	if (db_open(path, 0, &db) != LU_OK) {
		printf("# open: %s\n", lu_errmsg());
		free(path);
		return NULL;
	}
	free(path);
	struct pdoc d = {0};
	d.title = xstrdup("关于加强督查督办工作的通知");
	d.number = xstrdup("督办发〔2026〕1号");
	d.nodes = xcalloc(1, sizeof *d.nodes);
	d.nodes[0] = node(NODE_SECTION, 1, "一、", "按月报送", "各单位按月报送进展情况。");
	d.nnodes = 1;
	struct db_import_result res;
	const char *text = "关于加强督查督办工作的通知\n一、按月报送\n";
	if (db_import(db, &d, "UTF-8", text, strlen(text), "t.txt", DB_IMPORT_NO_TASKS, "alice",
		      &res) != LU_OK)
		printf("# import: %s\n", lu_errmsg());
	free(d.nodes[0].label);
	free(d.nodes[0].heading);
	free(d.nodes[0].body);
	free(d.nodes);
	free(d.title);
	free(d.number);
	struct db_node *nd;
	size_t nn;
	*node_id = 0;
	if (db_nodes(db, res.doc_id, &nd, &nn) == LU_OK && nn)
		*node_id = nd[0].id;
	db_nodes_free(nd, nn);
	return db;
}

static long long add(struct db *db, long long node_id, const char *title, const char *unit,
		     const char *due, const char *recur)
{
	struct db_change ch[3] = {{"unit", unit}, {"due", due ? due : ""},
				  {"recurrence", recur ? recur : ""}};
	long long id = 0;
	if (db_task_add_fields(db, node_id, title, ch, 3, "alice", &id) != LU_OK)
		printf("# add: %s\n", lu_errmsg());
	return id;
}

static int set1(struct db *db, long long id, const char *field, const char *value,
		const char *user)
{
	struct db_change ch = {field, value};
	return db_task_set(db, id, &ch, 1, -1, user);
}

static int setting(struct db *db, const char *key, const char *value, const char *user)
{
	struct db_change ch = {key, value};
	return db_settings_set(db, &ch, 1, user);
}

static struct db_task task(struct db *db, long long id)
{
	struct db_task t;
	if (db_task_get(db, id, &t) != LU_OK)
		printf("# get: %s\n", lu_errmsg());
	return t;
}

static char *status_of(struct db *db, long long id)
{
	struct db_task t = task(db, id);
	char *s = xstrdup(task_status_name(t.status));
	db_task_free(&t);
	return s;
}

#define CHECK_STATUS(db, id, want)          \
	do {                                \
		char *s_ = status_of(db, id); \
		CHECK_STR(s_, want);         \
		free(s_);                   \
	} while (0)

static void test_settings(void)
{
	long long node;
	struct db *db = fresh(&node);
	struct db_setting *s = NULL;
	CHECK_INT(db_settings(db, &s), LU_OK);
	CHECK_STR(s[DB_SET_LATE_LEVELS].value, "1,16");
	CHECK_INT(s[DB_SET_LATE_LEVELS].set, 0);
	CHECK_STR(s[DB_SET_REPORT_CYCLE].value, "monthly");
	db_settings_free(s);
	/* the file's owner (we made it) and root may; someone else may not */
	const char *me = lu_username();
	CHECK_INT(setting(db, "late-levels", "3、10、30", me), LU_OK);
	CHECK_INT(setting(db, "late-levels", "1,16", "mallory"), LU_ERR);
	CHECK(strstr(lu_errmsg(), "mallory may not change the settings") != NULL);
	char *v = NULL;
	CHECK_INT(db_setting_get(db, DB_SET_LATE_LEVELS, &v), LU_OK);
	CHECK_STR(v, "3,10,30");
	free(v);
	struct late_levels l;
	CHECK_INT(db_late_levels(db, &l), LU_OK);
	CHECK_INT(l.n, 3);
	CHECK_INT(late_level_of(&l, 10), LATE_ORANGE);
	/* admins names more people */
	CHECK_INT(setting(db, "admins", "mallory, bob", me), LU_OK);
	CHECK_INT(setting(db, "report-cycle", "每季度", "mallory"), LU_OK);
	CHECK_INT(db_setting_get(db, DB_SET_REPORT_CYCLE, &v), LU_OK);
	CHECK_STR(v, "quarterly");
	free(v);
	/* bad values and keys: one sentence, nothing changed */
	CHECK_INT(setting(db, "late-levels", "16,1", me), LU_USAGE);
	CHECK_INT(setting(db, "recheck-after", "soon", me), LU_USAGE);
	CHECK_INT(setting(db, "report-cycle", "biennial", me), LU_USAGE);
	CHECK_INT(setting(db, "colour", "red", me), LU_USAGE);
	CHECK(strstr(lu_errmsg(), "known: reviewers, admins") != NULL);
	struct db_change two[2] = {{"recheck-after", "6"}, {"late-levels", "x"}};
	CHECK_INT(db_settings_set(db, two, 2, me), LU_USAGE);
	CHECK_INT(db_setting_get(db, DB_SET_RECHECK_AFTER, &v), LU_OK);
	CHECK_STR(v, ""); /* all or nothing */
	free(v);
	CHECK_INT(setting(db, "recheck-after", "180天", me), LU_OK);
	CHECK_INT(db_setting_get(db, DB_SET_RECHECK_AFTER, &v), LU_OK);
	CHECK_STR(v, "180d");
	free(v);
	/* in history, undone by whoever made the change */
	struct db_hist *h;
	size_t n;
	CHECK_INT(db_history(db, 0, 1, &h, &n), LU_OK);
	CHECK_INT(n, 1);
	if (n) {
		CHECK_STR(h[0].field, "setting");
		CHECK_STR(h[0].new_value, "recheck-after=180d");
		CHECK(h[0].old_value == NULL);
	}
	db_hist_free(h, n);
	CHECK_INT(db_undo(db, "mallory", NULL, NULL), LU_OK); /* mallory's report-cycle */
	CHECK_INT(db_setting_get(db, DB_SET_REPORT_CYCLE, &v), LU_OK);
	CHECK_STR(v, "monthly");
	free(v);
	/* an empty value goes back to the default */
	CHECK_INT(setting(db, "late-levels", "", me), LU_OK);
	CHECK_INT(db_setting_get(db, DB_SET_LATE_LEVELS, &v), LU_OK);
	CHECK_STR(v, "1,16");
	free(v);
	db_close(db);
}

/* The name of our own group, for a reviewers=@group setting. */
static const char *my_group(void)
{
	struct group *g = getgrgid(getgid());
	return g ? g->gr_name : "root";
}

/* The newest change log row names task id as changed (others' screens
 * reread it from there), and it is newer than seq. */
static void check_logged_task(struct db *db, long long seq, long long id, const char *what)
{
	struct db_logged *l = NULL;
	size_t n = 0;
	int reload = 0;
	CHECK_INT(db_changes_since(db, seq, &l, &n, &reload), LU_OK);
	char buf[120];
	snprintf(buf, sizeof buf, "%s: %zu logged, the last of kind %d, task %lld", what, n,
		 n ? (int)l[n - 1].kind : -1, n ? l[n - 1].task_id : 0);
	check_report(n >= 1 && l[n - 1].kind == DB_LOG_TASK && l[n - 1].task_id == id, buf,
		     __FILE__, __LINE__);
	free(l);
}

static void test_review(void)
{
	long long node;
	struct db *db = fresh(&node);
	const char *me = lu_username();
	at("2026-03-10");
	long long id = add(db, node, "召开专题会议", "组织部", "2026-03-31", NULL);
	CHECK_INT(set1(db, id, "progress", "40", "bob"), LU_OK);
	/* closing needs done first; a status change cannot close */
	CHECK_INT(db_task_close(db, id, "会议纪要", -1, "carol"), LU_ERR);
	CHECK(strstr(lu_errmsg(), "not done") != NULL);
	CHECK_INT(set1(db, id, "status", "closed", "bob"), LU_USAGE);
	CHECK(strstr(lu_errmsg(), "luoshi close") != NULL);
	CHECK_INT(set1(db, id, "status", "done", "bob"), LU_OK);
	/* reviewers: carol and our group; bob is neither */
	char *list = xasprintf("carol,@%s", my_group());
	CHECK_INT(setting(db, "reviewers", list, me), LU_OK);
	free(list);
	CHECK_INT(db_may_review(db, "bob"), 0);
	CHECK_INT(db_may_review(db, "carol"), 1);
	CHECK_INT(db_may_review(db, me), 1);
	CHECK_INT(db_task_close(db, id, "会议纪要", -1, "bob"), LU_ERR);
	CHECK(strstr(lu_errmsg(), "bob may not review") != NULL);
	CHECK_STATUS(db, id, "done");
	/* a stale copy is refused */
	struct db_task t = task(db, id);
	CHECK_INT(db_task_close(db, id, "x", t.version - 1, "carol"), LU_CONFLICT);
	long long seq = 0;
	CHECK_INT(db_log_last(db, &seq), LU_OK);
	CHECK_INT(setting(db, "recheck-after", "6m", me), LU_OK);
	{ /* a setting changes how every screen shows tasks: they reload */
		struct db_logged *l = NULL;
		size_t nl = 0;
		int reload = 0;
		CHECK_INT(db_changes_since(db, seq, &l, &nl, &reload), LU_OK);
		CHECK_INT(nl, 1);
		CHECK_INT(reload, 1);
		free(l);
	}
	CHECK_INT(db_log_last(db, &seq), LU_OK);
	CHECK_INT(db_task_close(db, id, "会议纪要.pdf、签到表", t.version, "carol"), LU_OK);
	check_logged_task(db, seq, id, "a close");
	db_task_free(&t);
	t = task(db, id);
	CHECK_INT(t.status, TASK_CLOSED);
	CHECK_STR(t.recheck, "2026-09-10"); /* six months after 销号 */
	CHECK_INT(task_status_complete(t.status), 1);
	db_task_free(&t);
	CHECK_INT(db_task_close(db, id, NULL, -1, "carol"), LU_ERR); /* closed already */
	CHECK_INT(set1(db, id, "status", "doing", "bob"), LU_ERR); /* its state, as close's */
	CHECK(strstr(lu_errmsg(), "luoshi reopen") != NULL);
	CHECK_INT(set1(db, id, "owner", "张三", "bob"), LU_OK); /* other fields may change */
	struct db_review *r;
	size_t n;
	CHECK_INT(db_reviews(db, id, &r, &n), LU_OK);
	CHECK_INT(n, 1);
	if (n) {
		CHECK_INT(r[0].kind, DB_REVIEW_CLOSE);
		CHECK_STR(r[0].text, "会议纪要.pdf、签到表");
		CHECK_STR(r[0].who, "carol");
	}
	db_reviews_free(r, n);
	/* sending back: a reason is needed; progress is what it was before done */
	CHECK_INT(db_task_reopen(db, id, "  ", -1, "carol"), LU_USAGE);
	CHECK_INT(db_task_reopen(db, id, "佐证材料不全", -1, "bob"), LU_ERR);
	CHECK_INT(db_log_last(db, &seq), LU_OK);
	CHECK_INT(db_task_reopen(db, id, "佐证材料不全", -1, "carol"), LU_OK);
	check_logged_task(db, seq, id, "a reopen");
	t = task(db, id);
	CHECK_INT(t.status, TASK_DOING);
	CHECK_INT(t.progress, 40);
	CHECK(t.recheck == NULL);
	db_task_free(&t);
	CHECK_INT(db_reviews(db, id, &r, &n), LU_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(r[1].kind, DB_REVIEW_REOPEN);
		CHECK_STR(r[1].text, "佐证材料不全");
	}
	db_reviews_free(r, n);
	/* undo takes the reopen back whole (only a reviewer's undo may) */
	CHECK_INT(db_undo(db, "carol", NULL, NULL), LU_OK);
	t = task(db, id);
	CHECK_INT(t.status, TASK_CLOSED);
	CHECK_STR(t.recheck, "2026-09-10");
	CHECK_INT(t.progress, 100);
	db_task_free(&t);
	CHECK_INT(db_reviews(db, id, &r, &n), LU_OK);
	CHECK_INT(n, 1);
	db_reviews_free(r, n);
	/* a reviewer no longer: carol's undo of her close is refused */
	CHECK_INT(setting(db, "reviewers", "dave", me), LU_OK);
	CHECK_INT(db_undo(db, "carol", NULL, NULL), LU_ERR);
	CHECK_STATUS(db, id, "closed");
	CHECK_INT(setting(db, "reviewers", "", me), LU_OK); /* anyone again */
	CHECK_INT(db_undo(db, "carol", NULL, NULL), LU_OK);
	CHECK_STATUS(db, id, "done");
	CHECK_INT(db_reviews(db, id, &r, &n), LU_OK);
	CHECK_INT(n, 0);
	db_reviews_free(r, n);
	/* 回头看: only a closed task; recorded and its date cleared */
	CHECK_INT(db_task_rechecked(db, id, "整改到位", -1, "carol"), LU_ERR);
	CHECK_INT(db_task_close(db, id, "纪要", -1, "carol"), LU_OK);
	CHECK_INT(db_task_rechecked(db, id, "整改到位", -1, "carol"), LU_OK);
	t = task(db, id);
	CHECK(t.recheck == NULL);
	CHECK_INT(t.status, TASK_CLOSED);
	db_task_free(&t);
	struct db_hist *h;
	CHECK_INT(db_history(db, id, 3, &h, &n), LU_OK);
	CHECK(n >= 2 && !strcmp(h[0].field, "recheck") && !strcmp(h[1].field, "rechecked"));
	if (n >= 2)
		CHECK_STR(h[1].new_value, "整改到位");
	db_hist_free(h, n);
	/* a document's own 回头看 default comes before the database's */
	long long id2 = add(db, node, "第二项", "组织部", "2026-03-31", NULL);
	CHECK_INT(set1(db, id2, "status", "done", "bob"), LU_OK);
	t = task(db, id2);
	char *key = xasprintf("recheck-after@%lld", t.doc_id);
	db_task_free(&t);
	CHECK_INT(setting(db, key, "12m", me), LU_OK);
	CHECK(setting(db, "recheck-after@9999", "3", me) != LU_OK); /* no such document */
	CHECK_INT(setting(db, "late-levels@1", "3", me), LU_USAGE);
	CHECK_INT(setting(db, "recheck-after@x", "3", me), LU_USAGE);
	CHECK_INT(setting(db, key, "soon", me), LU_USAGE);
	struct db_setting *ds;
	CHECK_INT(db_settings_docs(db, &ds, &n), LU_OK);
	CHECK(n == 1 && ds[0].value && !strcmp(ds[0].value, "12m"));
	db_settings_docs_free(ds, n);
	CHECK_INT(db_task_close(db, id2, "纪要", -1, "carol"), LU_OK);
	t = task(db, id2);
	CHECK_STR(t.recheck, "2027-03-10"); /* twelve months, not the database's six */
	db_task_free(&t);
	/* undone like any setting */
	CHECK_INT(db_undo(db, "carol", NULL, NULL), LU_OK); /* the close */
	CHECK_INT(db_undo(db, me, NULL, NULL), LU_OK);      /* the document's default */
	CHECK_INT(db_settings_docs(db, &ds, &n), LU_OK);
	CHECK_INT(n, 0);
	db_settings_docs_free(ds, n);
	free(key);
	db_close(db);
}

static void test_recurring(void)
{
	long long node;
	struct db *db = fresh(&node);
	at("2026-01-05");
	long long id = add(db, node, "报送工作进展", "办公室", "2026-01-31", "monthly");
	CHECK_INT(set1(db, id, "progress", "50", "bob"), LU_OK);
	/* done in January: January is done, February is due */
	CHECK_INT(set1(db, id, "status", "done", "bob"), LU_OK);
	struct db_task t = task(db, id);
	CHECK_INT(t.status, TASK_TODO);
	CHECK_STR(t.due, "2026-02-28");
	CHECK_INT(t.progress, 0);
	db_task_free(&t);
	struct db_period_done *p;
	size_t n;
	CHECK_INT(db_task_periods(db, id, &p, &n), LU_OK);
	CHECK_INT(n, 1);
	if (n) {
		CHECK_STR(p[0].period, "2026-01");
		CHECK_STR(p[0].due, "2026-01-31");
		CHECK_STR(p[0].who, "bob");
	}
	db_task_periods_free(p, n);
	/* history says which period */
	struct db_hist *h;
	CHECK_INT(db_history(db, id, 0, &h, &n), LU_OK);
	int period_rows = 0;
	for (size_t i = 0; i < n; i++)
		period_rows += !strcmp(h[i].field, "period") && h[i].new_value &&
			       !strcmp(h[i].new_value, "2026-01");
	CHECK_INT(period_rows, 1);
	db_hist_free(h, n);
	/* late: not done in March, so February's deadline has passed */
	at("2026-03-20");
	t = task(db, id);
	CHECK_INT(t.overdue, 1);
	db_task_free(&t);
	CHECK_INT(set1(db, id, "status", "done", "bob"), LU_OK);
	t = task(db, id);
	CHECK_STR(t.due, "2026-03-31");
	CHECK_INT(t.overdue, 0);
	db_task_free(&t);
	/* done late in March, it was February that was done: March is still
	 * to do, due within it */
	struct db_due due;
	CHECK_INT(db_due(db, NULL, NULL, &due), LU_OK);
	CHECK(due.n == 1 && !due.items[0].period_done && due.items[0].due_in &&
	      !strcmp(due.items[0].period, "2026-03"));
	db_due_free(&due);
	struct period feb;
	period_parse("2026-02", &feb);
	CHECK_INT(db_due(db, &feb, NULL, &due), LU_OK);
	CHECK(due.n == 1 && due.items[0].period_done); /* February's is */
	db_due_free(&due);
	/* undo: February is open again with its deadline */
	CHECK_INT(db_undo(db, "bob", NULL, NULL), LU_OK);
	t = task(db, id);
	CHECK_STR(t.due, "2026-02-28");
	db_task_free(&t);
	CHECK_INT(db_task_periods(db, id, &p, &n), LU_OK);
	CHECK_INT(n, 1);
	db_task_periods_free(p, n);
	/* an ongoing duty does not roll: done is done */
	long long o = add(db, node, "常态化整治", "办公室", NULL, "ongoing");
	CHECK_INT(set1(db, o, "status", "done", "bob"), LU_OK);
	CHECK_STATUS(db, o, "done");
	/* quarterly without a due date: the end of next quarter */
	long long q = add(db, node, "季度分析", "办公室", NULL, "quarterly");
	CHECK_INT(set1(db, q, "status", "done", "bob"), LU_OK);
	t = task(db, q);
	CHECK_STR(t.due, "2026-06-30");
	db_task_free(&t);
	CHECK_INT(db_task_periods(db, q, &p, &n), LU_OK);
	CHECK(n == 1 && !strcmp(p[0].period, "2026Q1"));
	db_task_periods_free(p, n);
	db_close(db);
}

static void test_reports(void)
{
	long long node;
	struct db *db = fresh(&node);
	at("2026-11-10");
	long long a = add(db, node, "落实整改", "组织部", "2026-12-31", NULL);
	long long q = add(db, node, "季度督查", "宣传部", NULL, "quarterly");
	long long rid = 0, seq = 0;
	CHECK_INT(db_log_last(db, &seq), LU_OK);
	CHECK_INT(db_report_add(db, a, NULL, NULL, 60, "已完成调研", "bob", &rid), LU_OK);
	check_logged_task(db, seq, a, "a report");
	CHECK(rid > 0);
	CHECK_INT(db_report_add(db, q, NULL, "宣传部", -1, "已部署", "bob", NULL), LU_OK);
	CHECK_INT(db_report_add(db, a, "2026年10月", NULL, -1, "补报", "bob", NULL), LU_OK);
	CHECK_INT(db_report_add(db, a, "2026-13", NULL, -1, "x", "bob", NULL), LU_USAGE);
	CHECK_INT(db_report_add(db, a, NULL, NULL, 101, "x", "bob", NULL), LU_USAGE);
	CHECK_INT(db_report_add(db, a, NULL, NULL, -1, " \n", "bob", NULL), LU_USAGE);
	CHECK_INT(db_report_add(db, 9999, NULL, NULL, -1, "x", "bob", NULL), LU_NOTFOUND);
	struct db_report *r;
	size_t n;
	CHECK_INT(db_reports(db, a, &r, &n), LU_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(r[0].period, "2026-11"); /* the month: the default cycle */
		CHECK_STR(r[0].unit, "组织部");   /* its lead unit */
		CHECK_INT(r[0].percent, 60);
		CHECK_STR(r[1].period, "2026-10");
		CHECK_INT(r[1].percent, -1);
	}
	db_reports_free(r, n);
	CHECK_INT(db_reports(db, q, &r, &n), LU_OK);
	CHECK(n == 1 && !strcmp(r[0].period, "2026Q4")); /* its own cycle */
	db_reports_free(r, n);
	struct db_task t = task(db, a);
	CHECK_INT(t.progress, 60); /* the percentage is the progress */
	db_task_free(&t);
	/* a report is one change: undo removes it and its progress */
	CHECK_INT(db_undo(db, "bob", NULL, NULL), LU_OK); /* 补报 */
	CHECK_INT(db_undo(db, "bob", NULL, NULL), LU_OK); /* q's */
	CHECK_INT(db_undo(db, "bob", NULL, NULL), LU_OK); /* the first, with 60% */
	t = task(db, a);
	CHECK_INT(t.progress, 0);
	db_task_free(&t);
	CHECK_INT(db_reports(db, a, &r, &n), LU_OK);
	CHECK_INT(n, 0);
	db_reports_free(r, n);
	/* the cycle setting and a task's own cycle */
	CHECK_INT(set1(db, a, "cycle", "每半年", "bob"), LU_OK);
	CHECK_INT(db_report_add(db, a, NULL, NULL, -1, "半年小结", "bob", NULL), LU_OK);
	CHECK_INT(db_reports(db, a, &r, &n), LU_OK);
	CHECK(n == 1 && !strcmp(r[0].period, "2026H2"));
	db_reports_free(r, n);
	CHECK_INT(set1(db, a, "cycle", "fortnightly", "bob"), LU_USAGE);
	db_close(db);
}

/* The item of task id in d, or NULL. */
static const struct db_due_item *item(const struct db_due *d, long long id)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].t.id == id)
			return &d->items[i];
	return NULL;
}

static void test_due(void)
{
	long long node;
	struct db *db = fresh(&node);
	at("2026-11-01");
	long long a = add(db, node, "按期报送", "组织部", "2026-11-30", NULL);
	long long b = add(db, node, "逾期事项", "宣传部", "2026-10-20", NULL);
	long long c = add(db, node, "严重逾期", "宣传部", "2026-09-01", NULL);
	long long d = add(db, node, "已办结", "组织部", "2026-11-05", NULL);
	long long e = add(db, node, "已销号", "组织部", "2026-10-05", NULL);
	long long f = add(db, node, "已取消", "组织部", NULL, NULL);
	struct db_change as = {"assist", "组织部"};
	CHECK_INT(db_task_set(db, b, &as, 1, -1, "bob"), LU_OK);
	CHECK_INT(set1(db, d, "status", "done", "bob"), LU_OK);
	CHECK_INT(set1(db, e, "status", "done", "bob"), LU_OK);
	CHECK_INT(set1(db, e, "recheck", "2026-11-20", "bob"), LU_OK);
	CHECK_INT(db_task_close(db, e, "材料", -1, "bob"), LU_OK);
	CHECK_INT(set1(db, f, "status", "dropped", "bob"), LU_OK);
	at("2026-11-10");
	CHECK_INT(db_report_add(db, a, NULL, NULL, -1, "已报", "bob", NULL), LU_OK);
	struct period p;
	period_parse("2026-11", &p);
	struct db_due due;
	CHECK_INT(db_due(db, &p, NULL, &due), LU_OK);
	CHECK_STR(due.ref, "2026-11-10");
	CHECK_STR(due.first, "2026-11-01");
	CHECK_STR(due.last, "2026-11-30");
	const struct db_due_item *it = item(&due, a);
	CHECK(it && it->must_report && it->reported && it->due_in && !it->late_days);
	it = item(&due, b);
	CHECK(it && it->must_report && !it->reported && !it->due_in);
	CHECK(it && it->late_days == 21 && it->late == LATE_RED);
	it = item(&due, c);
	CHECK(it && it->late_days == 70 && it->late == LATE_RED);
	it = item(&due, d);
	CHECK(it && it->review && !it->must_report);
	it = item(&due, e);
	CHECK(it && it->recheck);
	CHECK(item(&due, f) == NULL);
	CHECK_STR(item(&due, a) ? item(&due, a)->period : "", "2026-11");
	db_due_free(&due);
	/* one unit: lead or assisting */
	CHECK_INT(db_due(db, &p, "宣传部", &due), LU_OK);
	CHECK_INT(due.n, 2);
	db_due_free(&due);
	CHECK_INT(db_due(db, &p, "组织部", &due), LU_OK);
	CHECK(item(&due, b) != NULL); /* 组织部 assists b */
	db_due_free(&due);
	/* a past period is looked at on its last day */
	period_parse("2026Q3", &p);
	CHECK_INT(db_due(db, &p, NULL, &due), LU_OK);
	CHECK_STR(due.ref, "2026-09-30");
	it = item(&due, c);
	CHECK(it && it->late_days == 29 && it->late == LATE_RED && it->due_in);
	it = item(&due, a);
	CHECK(it && !it->reported && !it->due_in); /* its report is for November */
	CHECK(item(&due, e) == NULL); /* its recheck is in November */
	db_due_free(&due);
	/* the brief line */
	struct db_brief br;
	CHECK_INT(set1(db, b, "owner", "bob", "bob"), LU_OK);
	CHECK_INT(db_brief(db, "bob", NULL, 0, &br), LU_OK);
	CHECK_INT(br.late, 1);
	CHECK_INT(db_brief(db, "nobody", "宣传部", 0, &br), LU_OK);
	CHECK_INT(br.late, 2);
	CHECK_INT(br.week, 0);
	CHECK_INT(db_brief(db, "nobody", "组织部", 1, &br), LU_OK);
	CHECK_INT(br.late, 1); /* b, assisted */
	CHECK_INT(br.review, 1); /* d waits for review */
	at("2026-11-25");
	CHECK_INT(db_brief(db, "nobody", "组织部", 0, &br), LU_OK);
	CHECK_INT(br.week, 1); /* a, due on the 30th */
	CHECK_INT(br.review, 1);
	db_close(db);
}

/* The dashboard's sums (db_due_sums, from the kept counts, the period's
 * reports and the 回头看 index) are db_due's items summed, on tasks of
 * every status, unit, due date, cycle and report, drawn at random. */
struct unit_sum {
	const char *unit;
	int must, reported, late[LATE_RED + 1];
};

static struct unit_sum *sum_of(struct unit_sum *u, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(u[i].unit, name))
			return &u[i];
	u[*n] = (struct unit_sum){name, 0, 0, {0}};
	return &u[(*n)++];
}

static void test_due_sums(void)
{
	static const char *units[] = {"组织部", "宣传部", "办公室", "", "组织部、宣传部"};
	static const char *dues[] = {"", "2026-08-03", "2026-10-20", "2026-11-02", "2026-11-09",
				     "2026-11-10", "2026-11-30", "2026-12-31"};
	static const char *recurs[] = {"", "monthly", "quarterly", "yearly", "weekly"};
	static const char *cycles[] = {"每半年", "quarterly", "monthly"};
	static const char *rechecks[] = {"2026-10-01", "2026-11-20", "2026-12-15"};
	unsigned seed = (unsigned)time(NULL);
	const char *e = getenv("DUE_SEED");
	if (e)
		seed = (unsigned)strtoul(e, NULL, 10);
	printf("# seed %u (DUE_SEED=%u replays this run)\n", seed, seed);
	srand(seed);
	long long node;
	struct db *db = fresh(&node);
	if (!db)
		return;
	at("2026-11-10");
	/* yellow from 3 days late, orange from 10, red from 30 */
	CHECK_INT(setting(db, "late-levels", "3,10,30", lu_username()), LU_OK);
	int bad = 0;
	for (int i = 0; i < 240; i++) {
		const char *recur = rand() % 2 ? "" : recurs[rand() % 5];
		long long id = add(db, node, "逐项落实", units[rand() % 5], dues[rand() % 8], recur);
		if (rand() % 4 == 0)
			bad |= set1(db, id, "cycle", cycles[rand() % 3], "bob");
		/* a report for its own period, October's, or this quarter's
		 * (its own period only for a quarterly task) */
		static const char *periods[] = {NULL, NULL, "2026年10月", "2026Q4"};
		if (rand() % 3 == 0)
			bad |= db_report_add(db, id, periods[rand() % 4], NULL, -1, "进展", "bob", NULL);
		/* one in eight stays to do; a recurring one done rolls on */
		static const char *statuses[] = {"doing", "blocked", "ongoing", "dropped",
						 "done",  "done",    "done",    NULL};
		const char *status = statuses[rand() % 8];
		if (status)
			bad |= set1(db, id, "status", status, "bob");
		if (status && !strcmp(status, "done") && !*recur && rand() % 2) {
			bad |= set1(db, id, "recheck", rechecks[rand() % 3], "bob");
			bad |= db_task_close(db, id, "材料", -1, "bob");
		}
	}
	/* a unit named by a 回头看 alone (it sorts before the others) */
	long long r = add(db, node, "回头看事项", "AAA", "", "");
	bad |= set1(db, r, "status", "done", "bob");
	bad |= set1(db, r, "recheck", "2026-11-20", "bob");
	bad |= db_task_close(db, r, "材料", -1, "bob");
	CHECK_INT(bad, LU_OK);
	if (bad)
		printf("# %s\n", lu_errmsg());
	struct db_due due;
	struct db_due_sums s;
	CHECK_INT(db_due(db, NULL, NULL, &due), LU_OK);
	CHECK_INT(db_due_sums(db, 10, &s), LU_OK);
	struct unit_sum want[8];
	size_t nwant = 0, nreview = 0, nrecheck = 0;
	long long review[10], recheck[10];
	for (size_t i = 0; i < due.n; i++) {
		const struct db_due_item *it = &due.items[i];
		struct unit_sum *u = sum_of(want, &nwant, it->t.unit ? it->t.unit : "");
		u->must += it->must_report;
		u->reported += it->must_report && it->reported;
		u->late[it->late]++;
		if (it->review && nreview < 10)
			review[nreview] = it->t.id;
		if (it->recheck && nrecheck < 10)
			recheck[nrecheck] = it->t.id;
		nreview += it->review;
		nrecheck += it->recheck;
	}
	printf("# %zu items, %zu waiting for review, %zu rechecks due\n", due.n, nreview, nrecheck);
	CHECK(nreview > 10 && nrecheck > 3); /* the draw reaches every branch */
	CHECK_STR(s.head.ref, due.ref);
	CHECK_INT(s.nunits, nwant);
	for (size_t k = 1; k < s.nunits; k++) /* code point order */
		CHECK(strcmp(s.units[k - 1].unit, s.units[k].unit) < 0);
	for (size_t i = 0; i < nwant; i++) {
		const struct db_due_unit *g = NULL;
		for (size_t k = 0; k < s.nunits; k++)
			if (!strcmp(s.units[k].unit, want[i].unit))
				g = &s.units[k];
		CHECK(g != NULL);
		if (!g)
			continue;
		CHECK_INT(g->must, want[i].must);
		CHECK_INT(g->reported, want[i].reported);
		for (int l = LATE_YELLOW; l <= LATE_RED; l++)
			CHECK_INT(g->late[l], want[i].late[l]);
	}
	CHECK_INT(s.nreview, nreview);
	CHECK_INT(s.nrecheck, nrecheck);
	CHECK_INT(s.nreview_shown, nreview < 10 ? nreview : 10);
	CHECK_INT(s.nrecheck_shown, nrecheck < 10 ? nrecheck : 10);
	for (size_t i = 0; i < s.nreview_shown && i < 10; i++)
		CHECK_INT(s.review[i].id, review[i]);
	for (size_t i = 0; i < s.nrecheck_shown && i < 10; i++)
		CHECK_INT(s.recheck[i].id, recheck[i]);
	db_due_sums_free(&s);
	db_due_free(&due);
	db_close(db);
}

/* A walk of the period reads one moment's store: a node moved by another
 * connection between two pages of tasks (as --replace moves them) moves
 * no task twice into the walk, nor out of it. */
struct snap {
	struct db *other;
	long long first_node;
	size_t n;
	long long *seen;
};

static int snap_item(void *ctx, const struct db_due *head, struct db_due_item *it)
{
	static const struct db_sql move = {"UPDATE nodes SET pos = pos + 100000 WHERE id = ?1"};
	struct snap *sn = ctx;
	(void)head;
	sn->seen = xreallocarray(sn->seen, sn->n + 1, sizeof *sn->seen);
	sn->seen[sn->n++] = it->t.id;
	if (sn->n == 1000 && sn->other) { /* the first page's last: before the second */
		struct db_stmt *st = db_stmt(sn->other, &move);
		if (st) {
			db_bind_int64(st, 1, sn->first_node);
			CHECK_INT(db_run(sn->other, st, "moving a node"), LU_OK);
		}
	}
	return 0;
}

static int id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static void test_due_snapshot(void)
{
	long long node;
	struct db *db = fresh(&node);
	if (!db)
		return;
	at("2026-11-10");
	/* the one node holds all 1,100 tasks: moved after the first page of
	 * 1,000, it would bring them back in the second */
	int bad = 0;
	for (int i = 0; i < 1100; i++) {
		struct db_change ch = {"unit", "组织部"};
		long long id;
		bad |= db_task_add_fields(db, node, "逐项落实", &ch, 1, "alice", &id);
	}
	CHECK_INT(bad, LU_OK);
	struct snap sn = {.first_node = node};
	CHECK_INT(db_open(last_path, 0, &sn.other), LU_OK);
	struct db_due head;
	CHECK_INT(db_due_each(db, NULL, NULL, &head, snap_item, &sn), LU_OK);
	CHECK_INT(sn.n, 1100);
	qsort(sn.seen, sn.n, sizeof *sn.seen, id_cmp);
	size_t twice = 0;
	for (size_t i = 1; i < sn.n; i++)
		twice += sn.seen[i] == sn.seen[i - 1];
	CHECK_INT(twice, 0);
	free(sn.seen);
	db_close(sn.other);
	db_close(db);
}

/* A deleted task comes back by undo with its reports, reviews, periods. */
static void test_delete_undo(void)
{
	long long node;
	struct db *db = fresh(&node);
	at("2026-01-05");
	long long id = add(db, node, "月度任务", "办公室", "2026-01-31", "monthly");
	CHECK_INT(set1(db, id, "status", "done", "bob"), LU_OK);
	CHECK_INT(db_report_add(db, id, NULL, NULL, 30, "一月进展", "bob", NULL), LU_OK);
	CHECK_INT(set1(db, id, "cycle", "quarterly", "bob"), LU_OK);
	CHECK_INT(db_task_delete(db, id, -1, "bob"), LU_OK);
	CHECK_INT(db_undo(db, "bob", NULL, NULL), LU_OK);
	struct db_task t = task(db, id);
	CHECK_STR(t.cycle, "quarterly");
	CHECK_STR(t.due, "2026-02-28");
	db_task_free(&t);
	struct db_report *r;
	struct db_period_done *p;
	size_t n;
	CHECK_INT(db_reports(db, id, &r, &n), LU_OK);
	CHECK(n == 1 && !strcmp(r[0].text, "一月进展") && r[0].percent == 30);
	db_reports_free(r, n);
	CHECK_INT(db_task_periods(db, id, &p, &n), LU_OK);
	CHECK(n == 1 && !strcmp(p[0].period, "2026-01"));
	db_task_periods_free(p, n);
	db_close(db);
}

/* Grouping by unit: lead and assisting units, in the order they appear,
 * separators of both languages; a task with no lead unit is listed under
 * its assisting units only. */
static void test_group(void)
{
	struct db_task t[4];
	memset(t, 0, sizeof t);
	t[0].unit = (char *)"组织部";
	t[1].unit = (char *)"宣传部";
	t[1].assist = (char *)"组织部、办公室";
	t[2].assist = (char *)"宣传部";
	t[3].unit = (char *)"办公室";
	t[3].assist = (char *)"宣传部,组织部；纪委";
	char **u;
	size_t nu;
	struct ledger_member *m;
	size_t n = ledger_group(t, 4, &u, &nu, &m);
	CHECK_INT(n, 9);
	CHECK_INT(nu, 4);
	if (nu == 4) {
		CHECK_STR(u[0], "组织部");
		CHECK_STR(u[1], "宣传部");
		CHECK_STR(u[2], "办公室");
		CHECK_STR(u[3], "纪委");
	}
	/* (unit, task, lead), grouped by unit, tasks in order */
	static const size_t want[][3] = {{0, 0, 1}, {0, 1, 0}, {0, 3, 0}, {1, 1, 1}, {1, 2, 0},
					 {1, 3, 0}, {2, 1, 0}, {2, 3, 1}, {3, 3, 0}};
	int same = n == 9;
	for (size_t i = 0; same && i < ARRAY_SIZE(want); i++)
		same = m[i].unit == want[i][0] && m[i].task == want[i][1] &&
		       m[i].lead == (int)want[i][2];
	CHECK(same);
	free(m);
	ledger_units_free(u, nu);
	/* no unit at all: one group "" */
	struct db_task none;
	memset(&none, 0, sizeof none);
	n = ledger_group(&none, 1, &u, &nu, &m);
	CHECK(n == 1 && nu == 1 && !strcmp(u[0], "") && m[0].lead == 1);
	free(m);
	ledger_units_free(u, nu);
}

int main(int argc, char **argv)
{
	(void)argc;
	setenv("TZ", "UTC", 1);
	if (pgt_mode())
		pgt_ensure(argv);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/luoshi-duban.XXXXXX");
	if (!mkdtemp(tmpdir))
		return 99;
	test_settings();
	test_review();
	test_recurring();
	test_reports();
	test_due();
	test_due_sums();
	test_due_snapshot();
	test_delete_undo();
	test_group();
	free(last_path);
	char *rm = xasprintf("rm -rf '%s'", tmpdir);
	if (system(rm) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(rm);
	return check_done();
}
