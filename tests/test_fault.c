/* test_fault.c - faults injected the way SQLite tests itself (issue 7):
 * with the I/O shim of fault_vfs.c registered over the default VFS, the
 * Nth read, write or fsync of an import, a `set`, an undo and a schema
 * migration fails with SQLITE_FULL, SQLITE_IOERR or SQLITE_NOMEM, for
 * every N until the operation runs through. After each run the database
 * passes PRAGMA integrity_check (and FTS5's own check), its data equal
 * those before the operation (when it failed) or after it (when it
 * succeeded), and a failure says so in one clear sentence. Both journal
 * modes: WAL, and the rollback journal used on network file systems. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "db_digest.h"
#include "db_impl.h"
#include "fault_vfs.h"
#include "luoshi/db.h"
#include "luoshi/parse.h"
#include "luoshi/seed.h"
#include "luoshi/sha256.h"

static char tmpdir[64];
static struct pdoc seed_doc, seed_rev;
static const char *seed_text;
static char *rev_text;
static size_t seed_len, rev_len;
static long long seed_task; /* a task of the seed, by id */

/* ---- the operations ---- */

enum op {
	OP_IMPORT, OP_REPLACE, OP_SET, OP_UNDO, OP_MIGRATE, OP_REPORT, OP_CLOSE, OP_CONFIG, OP_COUNT
};
static const char *const op_names[OP_COUNT] = {"import", "import --replace", "set", "undo",
					       "schema migration", "report", "close (销号)",
					       "config"};

/* Run op on the database at path (armed or not by the caller). The
 * migration is the opening itself; the others open first, unarmed. */
static enum lu_status run_op(enum op op, const char *path, long nth, int rc, int persistent)
{
	struct db *db = NULL;
	struct db_import_result res;
	enum lu_status st;
	if (op == OP_MIGRATE) {
		fault_arm(nth, rc, persistent);
		st = db_open(path, 0, &db);
		fault_disarm();
		db_close(db);
		return st;
	}
	if ((st = db_open(path, 0, &db)) != LU_OK) {
		printf("# open before %s: %s\n", op_names[op], lu_errmsg());
		return st;
	}
	struct db_change ch[] = {{"status", "done"}, {"owner", "张三"}};
	fault_arm(nth, rc, persistent);
	switch (op) {
	case OP_IMPORT:
		st = db_import(db, &seed_doc, "UTF-8", seed_text, seed_len, "seed.txt", 0, "alice",
			       &res);
		break;
	case OP_REPLACE:
		st = db_import(db, &seed_rev, "UTF-8", rev_text, rev_len, "rev.txt",
			       DB_IMPORT_REPLACE, "alice", &res);
		break;
	case OP_SET:
		st = db_task_set(db, seed_task, ch, 2, -1, "alice");
		break;
	case OP_REPORT: /* a report with a percentage: two tables and the task */
		st = db_report_add(db, seed_task, "2026-05", NULL, 60, "已完成调研", "alice", NULL);
		break;
	case OP_CLOSE: /* the review, the status and the 回头看 date */
		st = db_task_close(db, seed_task, "会议纪要", -1, "alice");
		break;
	case OP_CONFIG: { /* two settings, all or nothing */
		struct db_change two[] = {{"reviewers", "@duban,alice"}, {"late-levels", "1,8,31"}};
		st = db_settings_set(db, two, 2, lu_username());
		break;
	}
	default:
		st = db_undo(db, "alice", NULL, NULL);
		break;
	}
	fault_disarm();
	db_close(db);
	return st;
}

/* ---- the pristine databases ---- */

static void make_pristine(enum op op, const char *path)
{
	struct db *db = NULL;
	struct db_import_result res;
	db_remove(path);
	if (op == OP_MIGRATE)
		db_test_hooks.schema_limit = 1;
	if (db_open(path, 0, &db) != LU_OK) {
		printf("# pristine: %s\n", lu_errmsg());
		db_test_hooks.schema_limit = 0;
		return;
	}
	db_test_hooks.schema_limit = 0;
	struct pdoc small;
	memset(&small, 0, sizeof small);
	static const char small_text[] = "关于做好工作的通知\n一、总体要求\n1.各单位要加强学习。\n";
	parse_document(small_text, strlen(small_text), &small);
	if (op == OP_IMPORT)
		db_import(db, &small, "UTF-8", small_text, strlen(small_text), "small.txt", 0, "alice",
			  &res);
	else
		db_import(db, &seed_doc, "UTF-8", seed_text, seed_len, "seed.txt", 0, "alice", &res);
	pdoc_free(&small);
	struct db_change ch[] = {{"progress", "40"}, {"owner", "李四"}};
	if (op == OP_UNDO || op == OP_REPLACE)
		db_task_set(db, seed_task, ch, 2, -1, "alice");
	/* done once, not a period of a recurring task */
	struct db_change done[] = {{"recurrence", ""}, {"status", "done"}};
	struct db_change after = {"recheck-after", "6"};
	if (op == OP_CLOSE) {
		db_task_set(db, seed_task, done, 2, -1, "alice");
		db_settings_set(db, &after, 1, "root");
	}
	db_close(db);
	if (op == OP_MIGRATE) { /* what schema 1 wrote for a task marked done */
		sqlite3 *h;
		sqlite3_open(path, &h);
		sqlite3_exec(h, "UPDATE tasks SET status = 'done', progress = 100 WHERE id <= 5;"
				"INSERT INTO history (change_id, task_id, who, at, field, old, new)"
				" SELECT 100 + id, id, 'alice', 1, 'status', 'todo', 'done' FROM tasks"
				" WHERE id <= 5;",
			     NULL, NULL, NULL);
		sqlite3_close(h);
	}
}

/* ---- one operation under every fault ---- */

static const char *rc_name(int rc)
{
	return rc == SQLITE_FULL ? "SQLITE_FULL" : rc == SQLITE_IOERR ? "SQLITE_IOERR"
								       : "SQLITE_NOMEM";
}

/* One clear sentence: one line, naming what failed and that nothing
 * changed. */
static int clear_sentence(const char *msg, const char *path)
{
	return msg && strlen(msg) > 20 && !strchr(msg, '\n') && strstr(msg, "nothing was changed") &&
	       (strstr(msg, path) || strstr(msg, "out of memory"));
}

struct tally {
	long points, failed, unsound, mixed, unclear, not_fired;
	char first_bad[256];
};

static void note_bad(struct tally *t, long n, const char *what)
{
	if (!t->first_bad[0])
		snprintf(t->first_bad, sizeof t->first_bad, "N=%ld: %s", n, what);
}

static void one_point(enum op op, const char *pristine, const char *work, long n, int rc,
		      int persistent, const char before[65], const char after[65],
		      struct tally *t)
{
	db_remove(work);
	db_copy_file(pristine, work);
	enum lu_status st = run_op(op, work, n, rc, persistent);
	char msg[512];
	snprintf(msg, sizeof msg, "%s", st == LU_OK ? "" : lu_errmsg());
	int fired = fault_fired();
	char got[65];
	int sound;
	db_digest(work, got, &sound);
	t->points++;
	t->failed += st != LU_OK;
	if (!fired) {
		t->not_fired++;
		note_bad(t, n, "the fault did not happen");
	}
	if (!sound) {
		t->unsound++;
		note_bad(t, n, "integrity check failed");
	}
	if (strcmp(got, st == LU_OK ? after : before) != 0) {
		t->mixed++;
		note_bad(t, n, st == LU_OK ? "succeeded, but the data are not the result"
					  : "failed, but the data changed");
	}
	if (st != LU_OK && !clear_sentence(msg, work)) {
		t->unclear++;
		note_bad(t, n, msg);
	}
}

static long total_points;

static void fault_op(enum op op, int netfs, int rc, int persistent)
{
	char *pristine = xasprintf("%s/pristine-%d-%d.db", tmpdir, op, netfs);
	char *work = xasprintf("%s/work.db", tmpdir);
	if (netfs)
		setenv("LUOSHI_NETFS", "1", 1);
	else
		unsetenv("LUOSHI_NETFS");
	struct stat sb;
	if (stat(pristine, &sb) != 0)
		make_pristine(op, pristine);
	char before[65], after[65];
	int sound;
	db_digest(pristine, before, &sound);
	/* the operation without a fault: the result, and how many points */
	db_remove(work);
	db_copy_file(pristine, work);
	enum lu_status st = run_op(op, work, 0, rc, 0);
	long m = fault_ops();
	db_digest(work, after, &sound);
	char what[160];
	snprintf(what, sizeof what, "%s, %s journal, %s%s", op_names[op], netfs ? "rollback" : "WAL",
		 rc_name(rc), persistent ? " from N on" : " at N");
	if (!check_report(st == LU_OK && m > 0 && strcmp(before, after) != 0,
			  "without a fault the operation works and changes the data", __FILE__,
			  __LINE__))
		printf("# %s: %s\n", what, st == LU_OK ? "" : lu_errmsg());
	struct tally t = {0};
	for (long n = 1; n <= m; n++)
		one_point(op, pristine, work, n, rc, persistent, before, after, &t);
	total_points += t.points;
	printf("# %s: %ld fault points: at %ld the operation failed, at %ld SQLite got over"
	       " the fault and it succeeded\n", what, t.points, t.failed, t.points - t.failed);
	if (t.first_bad[0])
		printf("# %s: first problem at %s\n", what, t.first_bad);
	CHECKF(t.unsound == 0, "%s: every point sound (integrity_check, FTS check)", what);
	CHECKF(t.mixed == 0, "%s: all or nothing at every point", what);
	CHECKF(t.unclear == 0, "%s: every failure one clear sentence", what);
	CHECKF(t.not_fired == 0, "%s: the fault happened at every point", what);
	CHECKF(t.failed > 0, "%s: faults made it fail", what);
	unsetenv("LUOSHI_NETFS");
	db_remove(work);
	free(work);
	free(pristine);
}

static void load_docs(void)
{
	seed_text = (const char *)seed_bytes(&seed_len);
	parse_document(seed_text, seed_len, &seed_doc);
	/* a revision: one measure's text changed, so --replace moves work */
	struct sbuf b = SBUF_INIT;
	const char *from = "主动查找", *at = strstr(seed_text, from);
	if (at) {
		sbuf_add(&b, seed_text, (size_t)(at - seed_text));
		sbuf_adds(&b, "认真主动查找");
		sbuf_adds(&b, at + strlen(from));
	}
	rev_len = b.len;
	rev_text = sbuf_detach(&b);
	parse_document(rev_text, rev_len, &seed_rev);
	seed_task = 3;
}

/* The list of documents (`luoshi docs`, the screens' first frame) reads a
 * few pages however long the documents are: from the index documents_list
 * (schema 10), not the rows, which are mostly each document's text. 100
 * copies of the seed (15 KB, four overflow pages each) are imported; the
 * list is read on a fresh connection, counting the shim's operations. */
static void list_reads(void)
{
	char *path = xasprintf("%s/list.db", tmpdir);
	struct db *db = NULL;
	enum { COPIES = 100 };
	CHECK(db_open(path, 0, &db) == LU_OK);
	for (int i = 0; db && i < COPIES; i++) {
		char *text = xasprintf("%s\n（第%d份）\n", seed_text, i + 1);
		struct pdoc doc;
		struct db_import_result res;
		parse_document(text, strlen(text), &doc);
		CHECK(db_import(db, &doc, "UTF-8", text, strlen(text), "seed.txt", DB_IMPORT_NO_TASKS,
				"alice", &res) == LU_OK);
		pdoc_free(&doc);
		free(text);
	}
	db_close(db);
	struct db_doc_head *docs = NULL;
	size_t n = 0;
	CHECK(db_open(path, 0, &db) == LU_OK);
	fault_arm(0, SQLITE_IOERR, 0);
	CHECK(db && db_doc_list(db, 1, &docs, &n) == LU_OK);
	long ops = fault_ops();
	fault_disarm();
	CHECK(n == COPIES);
	CHECK(n && docs[0].title && *docs[0].title && docs[0].date);
	printf("# the list of %zu documents took %ld reads\n", n, ops);
	CHECK(ops < COPIES / 8);
	db_doc_heads_free(docs, n);
	db_close(db);
	free(path);
}

int main(int argc, char **argv)
{
	const char *engine = getenv("LUOSHI_TEST_DB");
	if (engine && strcmp(engine, "postgresql") == 0) {
		printf("1..0 # SKIP SQLite only: %s\n", "faults are injected through SQLite's VFS");
		return 0;
	}
	setenv("TZ", "UTC", 1);
	setenv("LUOSHI_NOW", "1780000000", 1);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/luoshi-test-fault-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	fault_install();
	load_docs();
	list_reads();
	static const int codes[] = {SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM};
	/* FAULT_QUICK=1: SQLITE_IOERR in WAL mode only (a quick look) */
	int quick = getenv("FAULT_QUICK") != NULL;
	/* FAULT_ONLY=N: operation N only (0 import ... 4 migration, 5 report, 6 close, 7 config) */
	int only = getenv("FAULT_ONLY") ? atoi(getenv("FAULT_ONLY")) : -1;
	for (int op = 0; op < OP_COUNT; op++)
		for (int netfs = 0; netfs < (quick ? 1 : 2) && (only < 0 || op == only); netfs++)
			for (size_t c = quick ? 1 : 0; c < (quick ? 2 : ARRAY_SIZE(codes)); c++)
				fault_op((enum op)op, netfs, codes[c], 0);
	/* a disk that stays full */
	for (int op = 0; op < OP_COUNT && !quick; op++)
		if (only < 0 || op == only)
			fault_op((enum op)op, 0, SQLITE_FULL, 1);
	printf("# %ld fault points in all\n", total_points);
	pdoc_free(&seed_doc);
	pdoc_free(&seed_rev);
	free(rev_text);
	char *rm = xasprintf("rm -rf '%s'", tmpdir);
	if (system(rm) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(rm);
	(void)argc;
	(void)argv;
	return check_done();
}
