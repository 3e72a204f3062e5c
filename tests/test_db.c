/* test_db.c - the store: opening and migrating, read-only users, import
 * and --replace, filters, edits with versions, history and undo, search,
 * two connections, and transactions that leave nothing behind. */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "db_impl.h"
#include "pg_test.h"
#include "luoshi/db.h"
#include "luoshi/export.h"
#include "luoshi/extract.h"
#include "luoshi/field.h"
#include "luoshi/ledger.h"
#include "luoshi/sha256.h"
#include "luoshi/utf8.h"

static char tmpdir[64];
static int npaths;
/* LUOSHI_TEST_DB=postgresql: every store is a database of its own on the
 * test cluster, and the tests about files are left out. */
static int pg;

/* A fresh database path under the test's directory (or a new database). */
static char *fresh_path(void)
{
	if (pg)
		return pgt_fresh();
	return xasprintf("%s/t%d/luoshi.db", tmpdir, ++npaths);
}

/* Plain SQL beside the store, in the dialect of the run. */
static const char *q(const char *lite, const char *pgsql)
{
	return pg ? pgsql : lite;
}

static struct db *open_fresh(char **path_out)
{
	char *path = fresh_path();
	struct db *db = NULL;
	if (db_open(path, 0, &db) != LU_OK)
		printf("# open %s: %s\n", path, lu_errmsg());
	if (path_out)
		*path_out = path;
	else
		free(path);
	return db;
}

/* ---- hand-made documents ---- */

static struct pnode node(enum node_kind kind, int level, const char *label, const char *heading,
			 const char *body)
{
	struct pnode n = {.kind = kind, .label = xstrdup(label), .level = level,
			  .heading = xstrdup(heading), .body = xstrdup(body)};
	return n;
}

static void add_kid(struct pnode *parent, struct pnode kid)
{
	parent->kids = xreallocarray(parent->kids, parent->nkids + 1, sizeof kid);
	parent->kids[parent->nkids++] = kid;
}

static void add_top(struct pdoc *d, struct pnode n)
{
	d->nodes = xreallocarray(d->nodes, d->nnodes + 1, sizeof n);
	d->nodes[d->nnodes++] = n;
}

static void pnode_free_rec(struct pnode *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		pnode_free_rec(&n->kids[i]);
	free(n->kids);
	free(n->label);
	free(n->heading);
	free(n->body);
}

static void pdoc_free_test(struct pdoc *d)
{
	for (size_t i = 0; i < d->nnodes; i++)
		pnode_free_rec(&d->nodes[i]);
	free(d->nodes);
	for (size_t i = 0; i < d->nattachments; i++)
		free(d->attachments[i]);
	free(d->attachments);
	char *f[] = {d->title, d->issuer, d->number, d->date, d->source, d->recipients,
		     d->preamble, d->closing, d->note};
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		free(f[i]);
	memset(d, 0, sizeof *d);
}

static const char BODY1[] = "各级党委每年举办读书班。要认真学习党的创新理论，结合实际抓好贯彻落实。";
static const char BODY2[] = "健全专题党课制度，至少讲1次专题党课。常态化开展突出问题整治。";
static const char BODY3[] = "坚持和发展新时代“枫桥经验”，及时回应群众诉求。";

/* 一、 (1. 2.)  二、 (3.)  closing: six nodes, tasks on the three items */
static void sample_doc(struct pdoc *d, const char *title, const char *body2)
{
	memset(d, 0, sizeof *d);
	d->title = xstrdup(title);
	d->issuer = xstrdup("中共中央办公厅");
	d->number = xstrdup("中办发〔2024〕1号");
	d->date = xstrdup("2024-02-23");
	d->preamble = xstrdup("为巩固拓展主题教育成果，现提出如下意见。");
	d->attachments = xcalloc(2, sizeof(char *));
	d->attachments[0] = xstrdup("1.任务分工表");
	d->attachments[1] = xstrdup("2.联系人名单");
	d->nattachments = 2;
	struct pnode s1 = node(NODE_SECTION, 1, "一、", "坚持以学铸魂", "从思想上正本清源。");
	add_kid(&s1, node(NODE_ITEM, 2, "1.", "建立健全“第一议题”制度", BODY1));
	add_kid(&s1, node(NODE_ITEM, 2, "2.", "健全理论学习制度", body2));
	add_top(d, s1);
	struct pnode s2 = node(NODE_SECTION, 1, "二、", "坚持以学正风", "");
	add_kid(&s2, node(NODE_ITEM, 2, "3.", "践行党的群众路线", BODY3));
	add_top(d, s2);
	add_top(d, node(NODE_CLOSING, 1, "", "", "各级党委要抓好落实，不折不扣完成任务。"));
}

/* What import proposes for a node: ask extract_tasks() itself, so these
 * tests hold whatever the extractor decides. */
static int proposals(const char *body)
{
	struct ptask *pt = NULL;
	size_t n = extract_tasks(body, &pt);
	ptasks_free(pt, n);
	return (int)n;
}

static int expected_tasks(const char *body2)
{
	return proposals(BODY1) + proposals(body2) + proposals(BODY3);
}

static long long import_sample(struct db *db, const char *title, const char *text, int flags,
			       struct db_import_result *res)
{
	struct pdoc d;
	sample_doc(&d, title, BODY2);
	struct db_import_result tmp;
	if (!res)
		res = &tmp;
	enum lu_status st = db_import(db, &d, "UTF-8", text, strlen(text), "a.txt", flags, "alice",
				      res);
	if (st != LU_OK)
		printf("# import: %s\n", lu_errmsg());
	pdoc_free_test(&d);
	return st == LU_OK ? res->doc_id : 0;
}

/* Node id by label in a document. */
static long long node_by_label(struct db *db, long long doc, const char *label)
{
	struct db_node *nd;
	size_t n;
	long long id = 0;
	if (db_nodes(db, doc, &nd, &n) != LU_OK)
		return 0;
	for (size_t i = 0; i < n && !id; i++)
		if (strcmp(nd[i].label, label) == 0)
			id = nd[i].id;
	db_nodes_free(nd, n);
	return id;
}

static int count_rows(const char *path, const char *sql)
{
	if (db_is_server(path))
		return (int)pgt_int(path, sql);
	sqlite3 *h;
	sqlite3_stmt *st;
	int n = -1;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return n;
}

/* How many documents were imported from exactly these bytes (their hash:
 * the text itself is not stored). */
static int docs_of_text(const char *path, const char *text)
{
	char hex[65];
	sha256_hex(text, strlen(text), hex);
	char *sql = xasprintf("SELECT count(*) FROM documents WHERE hash = '%s'", hex);
	int n = count_rows(path, sql);
	free(sql);
	return n;
}

static int raw_exec(const char *path, const char *sql)
{
	if (db_is_server(path))
		return pgt_exec(path, sql) == 0 ? SQLITE_OK : SQLITE_ERROR;
	sqlite3 *h;
	int rc = sqlite3_open(path, &h);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		printf("# raw_exec: %s\n", sqlite3_errmsg(h));
	sqlite3_close(h);
	return rc;
}

static void file_hash(const char *path, char out[65])
{
	char *data = NULL;
	size_t len = 0;
	out[0] = '\0';
	if (lu_read_file(path, &data, &len) == LU_OK)
		sha256_hex(data, len, out);
	free(data);
}

static int set1(struct db *db, long long id, const char *field, const char *value,
		const char *user)
{
	struct db_change ch = {field, value};
	return db_task_set(db, id, &ch, 1, -1, user);
}

/* ---- sha256 ---- */

static void test_sha256(void)
{
	char h[65];
	sha256_hex("", 0, h);
	CHECK_STR(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, h);
	CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(m, strlen(m), h);
	CHECK_STR(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char *mil = xmalloc(1000000);
	memset(mil, 'a', 1000000);
	sha256_hex(mil, 1000000, h);
	CHECK_STR(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* the processor's SHA instructions, where sha256_hex uses them, give
	 * the portable code's digest at every length around the block and
	 * padding boundaries and at every alignment */
	if (!sha256_accelerated())
		printf("# no SHA instructions here: both digests are the portable code's\n");
	unsigned x = 12345;
	for (size_t i = 0; i < 1000000; i++, x = x * 1103515245u + 12345u)
		mil[i] = (char)(x >> 16);
	int same = 1;
	char p[65];
	for (size_t n = 0; n <= 300; n++)
		for (size_t off = 0; off < 4; off++) {
			sha256_hex(mil + off, n, h);
			sha256_hex_plain(mil + off, n, p);
			same &= strcmp(h, p) == 0;
		}
	sha256_hex(mil + 1, 999999, h);
	sha256_hex_plain(mil + 1, 999999, p);
	CHECK(same && strcmp(h, p) == 0);
	free(mil);
}

/* ---- opening ---- */

static void test_open_fresh(void)
{
	char *path = fresh_path();
	struct db *db = NULL;
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (!db)
		return;
	struct stat sb;
	char *dir = pg ? NULL : xstrndup(path, strrchr(path, '/') - path);
	if (!pg) {
		CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
		CHECK(stat(dir, &sb) == 0 && (sb.st_mode & 07777) == 0700);
		CHECK_STR(db_journal_mode(db), "wal");
	}
	CHECK_INT(db_schema_version(db), DB_SCHEMA_VERSION);
	CHECK_INT(db_readonly(db), 0);
	CHECK_STR(db_path(db), path);
	CHECK(db_is_empty(db));
	int version = db_schema_version(db);
	CHECK(import_sample(db, "甲", "text one", DB_IMPORT_NO_TASKS, NULL) > 0);
	db_close(db);
	/* reopening must not migrate again (it would fail on existing tables)
	 * and keeps the data */
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (db) {
		CHECK_INT(db_schema_version(db), version);
		CHECK(!db_is_empty(db));
		db_close(db);
	}
	if (pg) {
		CHECK_INT(count_rows(path, "SELECT value::integer FROM meta WHERE key = 'schema'"),
			  version);
	} else {
		CHECK_INT(count_rows(path, "PRAGMA user_version"), version);
		CHECK_INT(count_rows(path, "PRAGMA foreign_key_check"), -1); /* no violations */
	}
	free(dir);
	free(path);
}

/* Schema 16: the checks of the tasks' and nodes' value lists are written
 * as comparisons (SQLite built a table of an IN list for every row), and
 * still refuse what they refused, on a new store and on one upgraded. */
static void check_value_lists(struct db *db, const char *path)
{
	static const struct db_sql bad[] = {
		{"UPDATE tasks SET status = 'finished' WHERE id = (SELECT min(id) FROM tasks)",
		 "UPDATE tasks SET status = 'finished' WHERE id = (SELECT min(id) FROM tasks)"},
		{"UPDATE tasks SET recurrence = 'hourly' WHERE id = (SELECT min(id) FROM tasks)",
		 "UPDATE tasks SET recurrence = 'hourly' WHERE id = (SELECT min(id) FROM tasks)"},
		{"UPDATE tasks SET cycle = 'hourly' WHERE id = (SELECT min(id) FROM tasks)",
		 "UPDATE tasks SET cycle = 'hourly' WHERE id = (SELECT min(id) FROM tasks)"},
		{"UPDATE nodes SET kind = 'verse' WHERE id = (SELECT min(id) FROM nodes)",
		 "UPDATE nodes SET kind = 'verse' WHERE id = (SELECT min(id) FROM nodes)"},
	};
	static const struct db_sql good = {
		"UPDATE tasks SET status = 'blocked', recurrence = 'quinquennial', cycle = 'halfyearly'"
		" WHERE id = (SELECT min(id) FROM tasks)",
		"UPDATE tasks SET status = 'blocked', recurrence = 'quinquennial', cycle = 'halfyearly'"
		" WHERE id = (SELECT min(id) FROM tasks)"};
	if (!pg)
		CHECK_INT(count_rows(path, "SELECT count(*) FROM sqlite_master WHERE name IN"
				     " ('tasks', 'nodes') AND sql LIKE '%IN (''%'"), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK(db_exec(db, &bad[i], "testing a check") != LU_OK);
		CHECK(strstr(lu_errmsg(), "CHECK") || strstr(lu_errmsg(), "check"));
	}
	CHECK_INT(db_exec(db, &good, "testing a check"), LU_OK);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks WHERE status = 'blocked'"
			     " AND cycle = 'halfyearly'"), 1);
}

static void test_value_lists(void)
{
	char *path = fresh_path();
	struct db *db = NULL;
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (db) {
		CHECK(import_sample(db, "甲", "text one", 0, NULL) > 0);
		check_value_lists(db, path);
		db_close(db);
	}
	free(path);
}

static void test_open_shared_dir(void)
{
	char *top = xasprintf("%s/shared", tmpdir);
	mkdir(top, 0700);
	chmod(top, 02770);
	char *path = xasprintf("%s/sub/luoshi.db", top);
	struct db *db = NULL;
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	struct stat sb;
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0660);
	char *sub = xasprintf("%s/sub", top);
	CHECK(stat(sub, &sb) == 0 && (sb.st_mode & 07777) == 02770);
	/* the -wal side file follows the database's mode */
	char *wal = xasprintf("%s-wal", path);
	if (db) {
		CHECK(import_sample(db, "乙", "text shared", DB_IMPORT_NO_TASKS, NULL) > 0);
		CHECK(stat(wal, &sb) == 0 && (sb.st_mode & 0777) == 0660);
	}
	db_close(db);
	free(wal);
	free(sub);
	free(path);
	free(top);
}

static void test_open_refusals(void)
{
	char *path = fresh_path();
	char *dir = xstrndup(path, strrchr(path, '/') - path);
	mkdir(dir, 0700);
	struct db *db = NULL;

	/* a text file */
	FILE *f = fopen(path, "w");
	fputs("一、这不是数据库，只是一段文字。\n1.建立制度。\n", f);
	fclose(f);
	CHECK_INT(db_open(path, 0, &db), LU_ERR);
	CHECK(db == NULL);
	CHECK(strstr(lu_errmsg(), "is not a luoshi database") != NULL);
	CHECK(strstr(lu_errmsg(), path) != NULL);

	/* someone else's SQLite database */
	unlink(path);
	CHECK_INT(raw_exec(path, "CREATE TABLE foo (x)"), SQLITE_OK);
	CHECK_INT(db_open(path, 0, &db), LU_ERR);
	CHECK(strstr(lu_errmsg(), "is not a luoshi database") != NULL);

	/* a newer luoshi's database */
	unlink(path);
	CHECK_INT(raw_exec(path, "PRAGMA application_id = 1280659283; PRAGMA user_version = 99;"
				 " CREATE TABLE documents (id)"),
		  SQLITE_OK);
	CHECK_INT(db_open(path, 0, &db), LU_ERR);
	CHECK(strstr(lu_errmsg(), "newer") != NULL);
	CHECK(strstr(lu_errmsg(), "99") != NULL);
	CHECK_INT(count_rows(path, "PRAGMA user_version"), 99); /* untouched */

	/* read-only open of a missing file creates nothing */
	char *missing = xasprintf("%s/none/luoshi.db", tmpdir);
	CHECK_INT(db_open(missing, DB_OPEN_READONLY, &db), LU_NOTFOUND);
	CHECK(access(missing, F_OK) != 0);
	free(missing);
	free(dir);
	free(path);
}

/* Make dir (and its parents as in fresh_path) and return path inside it. */
static char *path_in(const char *dir, const char *name)
{
	mkdir(dir, 0700);
	return xasprintf("%s/%s", dir, name);
}

/* Refused with LU_ERR and a sentence naming path and saying why. */
static void check_refused(const char *path, int flags, const char *why)
{
	struct db *db = NULL;
	enum lu_status st = db_open(path, flags, &db);
	CHECK(st != LU_OK);
	CHECK(db == NULL);
	CHECK(strstr(lu_errmsg(), path) != NULL);
	if (!CHECK(strstr(lu_errmsg(), why) != NULL))
		printf("# %s\n", lu_errmsg());
	CHECK(strchr(lu_errmsg(), '\n') == NULL);
	db_close(db);
}

static int entries(const char *dir)
{
	char *cmd = xasprintf("ls -A '%s' | wc -l", dir);
	FILE *p = popen(cmd, "r");
	int n = -1;
	if (p && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	free(cmd);
	return n;
}

/* Issue 7, case 2: what a path may name. Nothing refused is changed. */
static void test_open_paths(void)
{
	char *dir = xasprintf("%s/paths", tmpdir);
	char *empty = path_in(dir, "empty.db");
	close(open(empty, O_WRONLY | O_CREAT, 0600));
	check_refused(empty, 0, "is an empty file, not a luoshi database");
	check_refused(empty, DB_OPEN_READONLY, "is an empty file");
	struct stat sb;
	CHECK(stat(empty, &sb) == 0 && sb.st_size == 0);
	CHECK_INT(entries(dir), 1); /* no -journal, no -wal */

	char *fifo = path_in(dir, "fifo.db");
	CHECK(mkfifo(fifo, 0600) == 0);
	check_refused(fifo, 0, "is a named pipe (FIFO), not a database file");
	check_refused(dir, 0, "is a directory, not a database file");
	check_refused("/dev/null", 0, "is a device");

	/* a blank SQLite file (no tables, no application id) is not converted */
	char *blank = path_in(dir, "blank.db");
	CHECK_INT(raw_exec(blank, "CREATE TABLE t (x); DROP TABLE t;"), SQLITE_OK);
	char h1[65], h2[65];
	file_hash(blank, h1);
	check_refused(blank, 0, "is not a luoshi database");
	file_hash(blank, h2);
	CHECK_STR(h2, h1);

	/* links: followed to our own database, never to nothing */
	char *real = path_in(dir, "real.db"), *link = path_in(dir, "link.db");
	struct db *db = NULL;
	CHECK_INT(db_open(real, 0, &db), LU_OK);
	db_close(db);
	CHECK(symlink(real, link) == 0);
	CHECK_INT(db_open(link, 0, &db), LU_OK);
	if (db) {
		CHECK_STR(db_path(db), link); /* messages name what the user typed */
		CHECK(import_sample(db, "链", "linked", DB_IMPORT_NO_TASKS, NULL) > 0);
		char *wal = xasprintf("%s-wal", real), *lwal = xasprintf("%s-wal", link);
		CHECK(access(wal, F_OK) == 0);  /* side files beside the file itself */
		CHECK(access(lwal, F_OK) != 0);
		free(wal);
		free(lwal);
	}
	db_close(db);
	CHECK_INT(count_rows(real, "SELECT count(*) FROM documents"), 1);
	char *dangling = path_in(dir, "dangling.db"), *target = xasprintf("%s/nowhere.db", dir);
	CHECK(symlink(target, dangling) == 0);
	check_refused(dangling, 0, "which does not exist");
	CHECK(access(target, F_OK) != 0);
	char *to_empty = path_in(dir, "to-empty.db");
	CHECK(symlink(empty, to_empty) == 0);
	check_refused(to_empty, 0, "is an empty file");

	/* a new database leaves no temporary file behind */
	char *fresh_dir = xasprintf("%s/fresh", tmpdir), *fresh = path_in(fresh_dir, "f.db");
	CHECK_INT(db_open(fresh, 0, &db), LU_OK);
	db_close(db);
	CHECK_INT(entries(fresh_dir), 1);
	free(fresh);
	free(fresh_dir);
	free(to_empty);
	free(target);
	free(dangling);
	free(link);
	free(real);
	free(blank);
	free(fifo);
	free(empty);
	free(dir);
}

/* Someone else's file: as root, one given to nobody in nobody's
 * directory. Reached by a link it is refused; named directly it opens
 * read-only and is never written. */
static void test_open_foreign(void)
{
	if (geteuid() != 0) {
		printf("# not root: cannot make another user's file (checked by cli_dbpath.sh)\n");
		return;
	}
	char *dir = xasprintf("%s/theirs", tmpdir), *path = path_in(dir, "t.db");
	char *mine = xasprintf("%s/mine", tmpdir), *link = path_in(mine, "l.db");
	struct db *db = NULL;
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	db_close(db);
	CHECK(chown(dir, 65534, 65534) == 0 && chown(path, 65534, 65534) == 0);
	CHECK(symlink(path, link) == 0);
	check_refused(link, 0, "which is not yours (it belongs to");
	char h1[65], h2[65];
	file_hash(path, h1);
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (db) {
		CHECK_INT(db_readonly(db), 1);
		CHECK_INT(db_task_add(db, 1, "不该写入", "root", NULL), LU_READONLY);
		CHECK(strstr(lu_errmsg(), "read-only for you (it belongs to") != NULL);
	}
	db_close(db);
	file_hash(path, h2);
	CHECK_STR(h2, h1);
	free(link);
	free(mine);
	free(path);
	free(dir);
}

static void test_open_netfs(void)
{
	setenv("LUOSHI_NETFS", "1", 1);
	char *path = NULL;
	struct db *db = open_fresh(&path);
	CHECK(db != NULL);
	if (db)
		CHECK_STR(db_journal_mode(db), "delete");
	db_close(db);
	/* a WAL database met on a network file system leaves WAL */
	unsetenv("LUOSHI_NETFS");
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (db)
		CHECK_STR(db_journal_mode(db), "wal");
	db_close(db);
	setenv("LUOSHI_NETFS", "1", 1);
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	unsetenv("LUOSHI_NETFS");
	if (db)
		CHECK_STR(db_journal_mode(db), "delete");
	db_close(db);
	free(path);
}

/* Every write refused with LU_READONLY and a sentence naming the file. */
static void check_all_writes_refused(struct db *db, long long task, long long nodeid)
{
	struct pdoc d;
	struct db_import_result res;
	long long id;
	sample_doc(&d, "丙", BODY2);
	CHECK_INT(db_import(db, &d, "UTF-8", "other", 5, "b.txt", 0, "alice", &res), LU_READONLY);
	pdoc_free_test(&d);
	CHECK(strstr(lu_errmsg(), "read-only for you") != NULL);
	CHECK(strstr(lu_errmsg(), db_path(db)) != NULL);
	CHECK_INT(db_task_add(db, nodeid, "新任务", "alice", &id), LU_READONLY);
	CHECK_INT(set1(db, task, "status", "done", "alice"), LU_READONLY);
	CHECK_INT(db_task_delete(db, task, -1, "alice"), LU_READONLY);
	CHECK_INT(db_note_add(db, task, "说明", "alice", &id), LU_READONLY);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_READONLY);
	CHECK_INT(db_readpos_set(db, "alice", 1, 5), LU_READONLY);
}

static void test_readonly(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	long long doc = import_sample(db, "甲", "ro text", DB_IMPORT_NO_TASKS, NULL);
	long long n1 = node_by_label(db, doc, "1."), task = 0;
	CHECK_INT(db_task_add(db, n1, "可读任务", "alice", &task), LU_OK);
	db_close(db);
	char before[65], after[65];
	file_hash(path, before);

	CHECK_INT(db_open(path, DB_OPEN_READONLY, &db), LU_OK);
	if (!db)
		return;
	CHECK_INT(db_readonly(db), 1);
	struct db_task t;
	CHECK_INT(db_task_get(db, task, &t), LU_OK); /* reading works */
	CHECK_STR(t.title, "可读任务");
	db_task_free(&t);
	check_all_writes_refused(db, task, n1);
	db_close(db);
	file_hash(path, after);
	CHECK_STR(after, before);

	/* a file the user cannot write: root may write anything, so the
	 * expectation follows access(), as db_open does */
	chmod(path, 0444);
	int can_write = access(path, W_OK) == 0;
	if (can_write)
		printf("# running as root: a 0444 file is still writable for us\n");
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (db) {
		CHECK_INT(db_readonly(db), !can_write);
		if (!can_write)
			check_all_writes_refused(db, task, n1);
		db_close(db);
	}
	chmod(path, 0600);
	free(path);
}

/* A reader who cannot create the WAL's -shm gets a snapshot, clearly
 * marked, that goes live once someone who can write opens the database. */
static void test_snapshot(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path), *w = NULL;
	import_sample(db, "甲", "snapshot one", DB_IMPORT_NO_TASKS, NULL);
	db_close(db); /* -wal and -shm are kept (PERSIST_WAL): remove them */
	/* SQLite opens -shm with O_NOFOLLOW: a symlink makes it unopenable,
	 * for root too, like a directory the user may not write */
	char *shm = xasprintf("%s-shm", path);
	unlink(shm);
	CHECK(symlink("/nonexistent/shm", shm) == 0);
	CHECK_INT(db_open(path, DB_OPEN_READONLY, &db), LU_OK);
	if (!db)
		return;
	CHECK_INT(db_snapshot(db), 1);
	CHECK_INT(db_readonly(db), 1);
	struct db_doc *docs;
	size_t nd = 0;
	CHECK_INT(db_docs(db, &docs, &nd), LU_OK);
	CHECK_INT(nd, 1);
	db_docs_free(docs, nd);
	long long v0, v1, v2;
	CHECK_INT(db_data_version(db, &v0), LU_OK);
	CHECK_INT(db_snapshot(db), 1); /* still no way to go live */

	unlink(shm);
	CHECK_INT(db_open(path, 0, &w), LU_OK);
	CHECK(import_sample(w, "乙", "snapshot two", DB_IMPORT_NO_TASKS, NULL) > 0);
	CHECK_INT(db_data_version(db, &v1), LU_OK);
	CHECK(v1 != v0);
	CHECK_INT(db_snapshot(db), 0);
	CHECK_INT(db_docs(db, &docs, &nd), LU_OK);
	CHECK_INT(nd, 2); /* the other user's commit */
	db_docs_free(docs, nd);
	CHECK(import_sample(w, "丙", "snapshot three", DB_IMPORT_NO_TASKS, NULL) > 0);
	CHECK_INT(db_data_version(db, &v2), LU_OK);
	CHECK(v2 != v1); /* live now */
	CHECK_INT(db_docs(db, &docs, &nd), LU_OK);
	CHECK_INT(nd, 3);
	db_docs_free(docs, nd);
	db_close(w);

	/* with the -shm there, a read-only open is live from the start */
	struct db *r = NULL;
	CHECK_INT(db_open(path, DB_OPEN_READONLY, &r), LU_OK);
	if (r)
		CHECK_INT(db_snapshot(r), 0);
	db_close(r);
	db_close(db);
	free(shm);
	free(path);
}

/* ---- import ---- */

static void test_import(void)
{
	struct db *db = open_fresh(NULL);
	struct db_import_result res;
	long long doc = import_sample(db, "关于测试的意见", "the text", 0, &res);
	CHECK(doc > 0);
	CHECK_INT(res.duplicate, 0);
	CHECK_INT(res.replaced, 0);
	CHECK_INT(res.nnodes, 6);
	CHECK_INT(res.ntasks, expected_tasks(BODY2));

	struct db_doc *docs;
	size_t nd;
	CHECK_INT(db_docs(db, &docs, &nd), LU_OK);
	CHECK_INT(nd, 1);
	if (nd == 1) {
		CHECK_STR(docs[0].title, "关于测试的意见");
		CHECK_STR(docs[0].number, "中办发〔2024〕1号");
		CHECK_STR(docs[0].encoding, "UTF-8");
		CHECK_STR(docs[0].filename, "a.txt");
		CHECK_STR(docs[0].imported_by, "alice");
		CHECK(docs[0].recipients == NULL);
		CHECK_INT(docs[0].nattachments, 2);
		if (docs[0].nattachments == 2)
			CHECK_STR(docs[0].attachments[1], "2.联系人名单");
		CHECK_INT(docs[0].nnodes, 6);
		CHECK_INT(docs[0].ntasks, res.ntasks);
		char h[65];
		sha256_hex("the text", 8, h);
		CHECK_STR(docs[0].hash, h);
	}
	db_docs_free(docs, nd);

	struct db_node *nodes;
	size_t nn;
	CHECK_INT(db_nodes(db, doc, &nodes, &nn), LU_OK);
	CHECK_INT(nn, 6);
	if (nn == 6) {
		const char *labels[] = {"一、", "1.", "2.", "二、", "3.", ""};
		int ok = 1;
		for (size_t i = 0; i < 6; i++)
			ok &= strcmp(nodes[i].label, labels[i]) == 0;
		CHECK_MSG(ok, "nodes come back in preorder");
		CHECK_INT(nodes[0].nkids, 2);
		CHECK_INT(nodes[0].parent_id, 0);
		CHECK_INT(nodes[1].parent_id, nodes[0].id);
		CHECK_INT(nodes[5].kind, NODE_CLOSING);
		CHECK_INT(nodes[5].ntasks, 0); /* nothing proposed on the closing */
		CHECK_INT(nodes[0].ntasks, proposals(BODY1) + proposals(BODY2));
		CHECK_INT(nodes[0].ntasks, nodes[1].ntasks + nodes[2].ntasks);
		CHECK_INT(nodes[3].ntasks, proposals(BODY3));
		CHECK_STR(nodes[1].body, BODY1);
		struct db_node one;
		CHECK_INT(db_node_get(db, nodes[0].id, &one), LU_OK);
		CHECK_INT(one.ntasks, nodes[0].ntasks);
		CHECK_INT(one.nkids, 2);
		CHECK_STR(one.heading, "坚持以学铸魂");
		db_node_free(&one);
	}
	db_nodes_free(nodes, nn);

	/* every proposed task has a "created" row, and the import is no
	 * user's change to undo */
	struct db_hist *h;
	size_t nh;
	CHECK_INT(db_history(db, 0, 0, &h, &nh), LU_OK);
	CHECK_INT(nh, res.ntasks);
	int created = 0;
	for (size_t i = 0; i < nh; i++)
		created += strcmp(h[i].field, "created") == 0;
	CHECK_INT(created, res.ntasks);
	db_hist_free(h, nh);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_NOTFOUND);

	/* the same text again: nothing added */
	struct db_import_result again;
	CHECK_INT(import_sample(db, "another title", "the text", 0, &again), doc);
	CHECK_INT(again.duplicate, 1);
	CHECK_INT(again.nnodes, 0);
	CHECK_INT(db_docs(db, &docs, &nd), LU_OK);
	CHECK_INT(nd, 1);
	db_docs_free(docs, nd);
	struct db_task *tasks;
	size_t nt;
	CHECK_INT(db_tasks(db, NULL, DB_SORT_POSITION, &tasks, &nt), LU_OK);
	CHECK_INT(nt, res.ntasks);
	db_tasks_free(tasks, nt);

	/* --no-tasks */
	long long doc2 = import_sample(db, "另一个文件", "second text", DB_IMPORT_NO_TASKS, &res);
	CHECK(doc2 > doc);
	CHECK_INT(res.ntasks, 0);
	db_close(db);
}

/* A hand-made "imported proposal": a task with only an automatic
 * created row, as import writes it. */
static long long raw_proposal(const char *path, long long node_id)
{
	char *sql = xasprintf(
		"INSERT INTO tasks (node_id, title, created_by, created_at, updated_by, updated_at)"
		" VALUES (%lld, '自动提出的任务', 'alice', 1, 'alice', 1);"
		"INSERT INTO history (change_id, task_id, who, at, field, new, auto)"
		" VALUES (1000000, %s, 'alice', 1, 'created', 'x', 1);",
		node_id, q("last_insert_rowid()", "currval('tasks_id_seq')"));
	raw_exec(path, sql);
	free(sql);
	return count_rows(path, "SELECT max(id) FROM tasks");
}

static void test_replace(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	struct db_import_result res;
	long long doc = import_sample(db, "关于测试的意见", "version one", 0, &res);
	long long n1 = node_by_label(db, doc, "1."), n2 = node_by_label(db, doc, "2."),
		  n3 = node_by_label(db, doc, "3.");
	long long t1, t2, t3, t2auto;
	CHECK_INT(db_task_add(db, n1, "任务一", "bob", &t1), LU_OK);
	CHECK_INT(set1(db, t1, "status", "doing", "bob"), LU_OK);
	CHECK_INT(db_task_add(db, n2, "任务二", "bob", &t2), LU_OK);
	CHECK_INT(db_note_add(db, t2, "已部署", "bob", NULL), LU_OK);
	CHECK_INT(db_task_add(db, n3, "任务三", "bob", &t3), LU_OK);
	CHECK_INT(set1(db, t3, "status", "blocked", "bob"), LU_OK);
	db_close(db);
	t2auto = raw_proposal(path, n2); /* untouched: goes with its changed node */
	CHECK_INT(db_open(path, 0, &db), LU_OK);

	/* version two: 1. unchanged, 2. reworded, 二、 loses 3. and gains 4. */
	struct pdoc d;
	const char *body2b = "健全专题党课制度，每年至少讲2次专题党课。";
	sample_doc(&d, "关于测试的意见", body2b);
	struct pnode *s2 = &d.nodes[1];
	pnode_free_rec(&s2->kids[0]);
	s2->kids[0] = node(NODE_ITEM, 2, "4.", "新增措施", "建立长效机制。");
	const char *text2 = "version two";
	CHECK_INT(db_import(db, &d, "GB18030", text2, strlen(text2), "b.txt", DB_IMPORT_REPLACE,
			    "carol", &res),
		  LU_OK);
	pdoc_free_test(&d);
	CHECK_INT(res.replaced, 1);
	CHECK_INT(res.doc_id, doc);
	CHECK_INT(res.nnodes, 6);
	CHECK_INT(res.ntasks, proposals(body2b) + proposals("建立长效机制。"));
	/* kept: the proposals and bob's task of the unchanged 1., plus the two
	 * tasks with work of the changed 2. and removed 3. */
	CHECK_INT(res.moved, 2);
	CHECK_INT(res.kept, proposals(BODY1) + 1 + 2);

	long long m1 = node_by_label(db, doc, "1."), m2 = node_by_label(db, doc, "2."),
		  top = node_by_label(db, doc, "一、");
	/* 1. unchanged and 2. reworded in place keep their ids */
	CHECK_INT(m1, n1);
	CHECK_INT(m2, n2);
	struct db_task t;
	CHECK_INT(db_task_get(db, t1, &t), LU_OK);
	CHECK_INT(t.node_id, m1);
	CHECK_INT(t.status, TASK_DOING);
	db_task_free(&t);
	CHECK_INT(db_task_get(db, t2, &t), LU_OK);
	CHECK_INT(t.node_id, m2);
	CHECK_INT(t.nnotes, 1);
	db_task_free(&t);
	CHECK_INT(db_task_get(db, t3, &t), LU_OK);
	CHECK_INT(t.node_id, top); /* no 3. any more: the first top-level node */
	CHECK_INT(t.status, TASK_BLOCKED);
	db_task_free(&t);
	CHECK_INT(db_task_get(db, t2auto, &t), LU_NOTFOUND);

	struct db_doc dd;
	CHECK_INT(db_doc_get(db, doc, &dd), LU_OK);
	CHECK_STR(dd.encoding, "GB18030");
	CHECK_STR(dd.imported_by, "carol");
	CHECK_INT(dd.nnodes, 6);
	CHECK_INT(dd.ntasks, res.ntasks + res.kept);
	db_doc_free(&dd);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM nodes"), 6);
	if (!pg)
		CHECK_INT(count_rows(path, "SELECT count(*) FROM nodes_fts_docsize"), 6);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM documents"), 1);
	/* the full-text index forgot the old nodes */
	struct db_hit *hits;
	size_t nh;
	CHECK_INT(db_search(db, "枫桥经验", &hits, &nh), LU_OK);
	CHECK_INT(nh, 0);
	db_hits_free(hits, nh);

	/* a version without structure has nowhere to keep the work: refused */
	struct pdoc bare;
	memset(&bare, 0, sizeof bare);
	bare.title = xstrdup("关于测试的意见");
	bare.preamble = xstrdup("全文没有编号。");
	CHECK_INT(db_import(db, &bare, "UTF-8", "version three", 13, "c.txt", DB_IMPORT_REPLACE,
			    "carol", &res),
		  LU_ERR);
	CHECK(strstr(lu_errmsg(), "no structure") != NULL);
	pdoc_free_test(&bare);
	CHECK_INT(db_task_get(db, t1, &t), LU_OK);
	CHECK_INT(t.node_id, m1);
	db_task_free(&t);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM nodes"), 6);

	/* replace of a title never seen: a plain import */
	CHECK(import_sample(db, "全新的文件", "version x", DB_IMPORT_REPLACE, &res) > doc);
	CHECK_INT(res.replaced, 0);
	db_close(db);
	free(path);
}

/* Tasks of one node, by the filter words `luoshi tasks node:ID` uses. */
static size_t node_tasks(struct db *db, long long node, struct db_task **out)
{
	char word[32];
	snprintf(word, sizeof word, "node:%lld", node);
	char *words[] = {word};
	struct db_filter *f = NULL;
	size_t n = 0;
	*out = NULL;
	if (db_filter_parse(1, words, &f) == LU_OK)
		db_tasks(db, f, DB_SORT_POSITION, out, &n);
	db_filter_free(f);
	return n;
}

/* --replace keeps the ids people use: unchanged nodes and changed ones at
 * the same place keep theirs; a task with work whose sentence is still in
 * the changed measure is not proposed again next to it. */
static void test_replace_ids(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	long long doc = import_sample(db, "关于编号的意见", "ids one", 0, NULL);
	struct db_node *old;
	size_t nold;
	CHECK_INT(db_nodes(db, doc, &old, &nold), LU_OK);
	long long n2 = node_by_label(db, doc, "2."), n3 = node_by_label(db, doc, "3.");
	struct db_task *tk;
	size_t nt = node_tasks(db, n2, &tk);
	CHECK(nt >= 1);
	long long worked = nt ? tk[0].id : 0;
	char *sentence = xstrdup(nt && tk[0].text ? tk[0].text : "?");
	long long *ids2 = xcalloc(nt + 1, sizeof *ids2);
	size_t nids2 = nt;
	for (size_t i = 0; i < nt; i++)
		ids2[i] = tk[i].id;
	db_tasks_free(tk, nt);
	CHECK_INT(set1(db, worked, "owner", "张三", "bob"), LU_OK);

	/* 2. gains a sentence (its first one stays), 3. is reworded */
	char *body2b = xasprintf("%s要求各单位按时报送。", BODY2);
	const char *body3b = "坚持和发展新时代“枫桥经验”，及时回应并解决群众诉求。";
	struct pdoc d;
	sample_doc(&d, "关于编号的意见", body2b);
	free(d.nodes[1].kids[0].body);
	d.nodes[1].kids[0].body = xstrdup(body3b);
	struct db_import_result res;
	CHECK_INT(db_import(db, &d, "UTF-8", "ids two", 7, "b.txt", DB_IMPORT_REPLACE, "carol",
			    &res),
		  LU_OK);
	pdoc_free_test(&d);
	CHECK_INT(res.replaced, 1);
	/* 2.'s sentences that stayed keep their tasks: only the added one
	 * and reworded 3.'s are proposed */
	CHECK_INT(res.ntasks, proposals(body2b) - proposals(BODY2) + proposals(body3b));

	/* every node of the revision still has its id */
	struct db_node *now;
	size_t nnow;
	CHECK_INT(db_nodes(db, doc, &now, &nnow), LU_OK);
	CHECK_INT(nnow, nold);
	for (size_t i = 0; i < nnow && i < nold; i++) {
		CHECK_INT(now[i].id, old[i].id);
		CHECK_STR(now[i].label, old[i].label);
	}
	db_nodes_free(now, nnow);
	db_nodes_free(old, nold);

	/* the worked task is there once, on its node, with its owner */
	nt = node_tasks(db, n2, &tk);
	CHECK_INT(nt, proposals(body2b));
	int twins = 0, found = 0;
	for (size_t i = 0; i < nt; i++) {
		twins += tk[i].text && strcmp(tk[i].text, sentence) == 0;
		if (tk[i].id == worked) {
			found = 1;
			CHECK_STR(tk[i].owner, "张三");
		}
	}
	CHECK_INT(twins, 1);
	CHECK_INT(found, 1);
	/* and so is every task of 2. untouched, with its id and in its order */
	size_t same = 0;
	for (size_t i = 0; i < nt && i < nids2; i++)
		same += tk[i].id == ids2[i];
	CHECK_INT(same, nids2);
	db_tasks_free(tk, nt);
	free(ids2);
	/* node:ID with the old id finds the new proposals of reworded 3. */
	nt = node_tasks(db, n3, &tk);
	CHECK_INT(nt, proposals(body3b));
	db_tasks_free(tk, nt);

	/* the full-text index has the new text under the old id, not the old */
	struct db_hit *hits;
	size_t nh;
	CHECK_INT(db_search(db, "解决群众诉求", &hits, &nh), LU_OK);
	int on3 = 0;
	for (size_t i = 0; i < nh; i++)
		on3 += hits[i].kind == DB_HIT_NODE && hits[i].id == n3;
	CHECK_INT(on3, 1);
	db_hits_free(hits, nh);
	CHECK_INT(db_search(db, "及时回应群众诉求", &hits, &nh), LU_OK);
	CHECK_INT(nh, 0);
	db_hits_free(hits, nh);
	if (!pg) /* SQLite's own full-text tables */
		CHECK_INT(count_rows(path, "SELECT count(*) FROM nodes_fts_docsize"),
			  count_rows(path, "SELECT count(*) FROM nodes"));
	if (!pg)
		CHECK_INT(raw_exec(path, "INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('integrity-check', 1);"),
		  SQLITE_OK);
	free(sentence);
	free(body2b);
	db_close(db);
	free(path);
}

/* Import the hand-made document d (freed after) with text as the bytes
 * it was read from: alice imports, carol replaces. */
static enum lu_status import_made(struct db *db, struct pdoc *d, const char *text, int flags,
				  struct db_import_result *res)
{
	enum lu_status st = db_import(db, d, "UTF-8", text, strlen(text), "hand.txt", flags,
				      flags & DB_IMPORT_REPLACE ? "carol" : "alice", res);
	pdoc_free_test(d);
	return st;
}

/* A revision adds a measure before others, so they are renumbered, and
 * edits one sentence of a renumbered one: each measure keeps its node id
 * and its work under its new label (the label alone would hand 2.'s work
 * to the added 2.), the edited one keeps the tasks of its other sentences,
 * and only the added measure and the edited sentence are proposed. */
static const char REN_A[] = "各级党委要建立学习制度，每季度开展一次集中学习。要加强督促检查，及时通报进展情况。";
static const char REN_B[] = "各地区要健全基层党组织，做好党员发展工作。要抓好干部培训，每年组织一次轮训。";
static const char REN_C[] = "各部门要完善考核机制，把学习成效纳入年度考核。要强化宣传引导，营造良好氛围。"
			    "要落实经费保障，确保工作顺利开展。";
static const char REN_C2[] = "各部门要完善考核机制，把学习成效纳入年度考核。要强化宣传引导，营造良好氛围。"
			     "要落实经费和人员保障，确保工作顺利开展。";
static const char REN_NEW[] = "各单位要建立学习台账，定期报送学习情况。";

static void renumber_doc(struct pdoc *d, int revised)
{
	memset(d, 0, sizeof *d);
	d->title = xstrdup("关于编号变动的意见");
	d->issuer = xstrdup("中共中央办公厅");
	d->date = xstrdup("2024-02-23");
	struct pnode s1 = node(NODE_SECTION, 1, "一、", "坚持以学铸魂", "");
	add_kid(&s1, node(NODE_ITEM, 2, "1.", "建立学习制度", REN_A));
	if (revised)
		add_kid(&s1, node(NODE_ITEM, 2, "2.", "建立学习台账", REN_NEW));
	add_kid(&s1, node(NODE_ITEM, 2, revised ? "3." : "2.", "健全基层组织", REN_B));
	add_kid(&s1, node(NODE_ITEM, 2, revised ? "4." : "3.", "完善考核机制", revised ? REN_C2 : REN_C));
	add_top(d, s1);
}

static void test_replace_renumber(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	struct pdoc d;
	struct db_import_result res;
	renumber_doc(&d, 0);
	CHECK_INT(import_made(db, &d, "ren one", 0, &res), LU_OK);
	long long doc = res.doc_id;
	long long b = node_by_label(db, doc, "2."), c = node_by_label(db, doc, "3.");
	struct db_task *tk;
	size_t nb = node_tasks(db, b, &tk);
	CHECK(nb >= 1);
	long long worked_b = nb ? tk[0].id : 0;
	db_tasks_free(tk, nb);
	size_t nc = node_tasks(db, c, &tk);
	CHECK_INT(nc, proposals(REN_C));
	long long *ids_c = xcalloc(nc + 1, sizeof *ids_c);
	for (size_t i = 0; i < nc; i++)
		ids_c[i] = tk[i].id;
	db_tasks_free(tk, nc);
	CHECK_INT(set1(db, worked_b, "owner", "张三", "bob"), LU_OK);
	if (nc >= 2)
		CHECK_INT(set1(db, ids_c[1], "status", "doing", "bob"), LU_OK);

	renumber_doc(&d, 1);
	CHECK_INT(import_made(db, &d, "ren two", DB_IMPORT_REPLACE, &res), LU_OK);
	CHECK_INT(res.replaced, 1);
	CHECK_INT(res.ntasks, proposals(REN_NEW) + 1);
	/* each measure kept its id under its new label; the added one is new */
	CHECK_INT(node_by_label(db, doc, "3."), b);
	CHECK_INT(node_by_label(db, doc, "4."), c);
	long long added = node_by_label(db, doc, "2.");
	CHECK(added > c);
	/* the added measure has its own proposals and nobody's work */
	size_t na = node_tasks(db, added, &tk);
	CHECK_INT(na, proposals(REN_NEW));
	for (size_t i = 0; i < na; i++)
		CHECK(tk[i].id > ids_c[nc ? nc - 1 : 0] && !tk[i].owner);
	db_tasks_free(tk, na);
	/* 张三's task is still on its measure, once */
	nb = node_tasks(db, b, &tk);
	CHECK_INT(nb, proposals(REN_B));
	CHECK_INT(nb ? tk[0].id : 0, worked_b);
	CHECK_STR(nb && tk[0].owner ? tk[0].owner : "", "张三");
	db_tasks_free(tk, nb);
	/* the edited measure: its first two sentences keep their tasks (the
	 * second one worked on), in place; the third is proposed anew */
	size_t nc2 = node_tasks(db, c, &tk);
	CHECK_INT(nc2, proposals(REN_C2));
	CHECK_INT(nc2 >= 3 ? tk[0].id : 0, ids_c[0]);
	CHECK_INT(nc2 >= 3 ? tk[1].id : 0, nc >= 2 ? ids_c[1] : -1);
	CHECK_INT(nc2 >= 3 ? (int)tk[1].status : -1, TASK_DOING);
	CHECK(nc2 >= 3 && tk[2].id > ids_c[nc - 1]);
	CHECK(nc2 >= 3 && tk[2].text && strstr(tk[2].text, "经费和人员保障"));
	db_tasks_free(tk, nc2);
	free(ids_c);
	db_close(db);
	free(path);
}

/* Twins, one to one: an untouched task whose sentence stays follows what
 * the new text proposes for it (a dating sentence moved its date); a
 * sentence twice keeps two tasks, once again one (the worked one). */
static void twins_doc(struct pdoc *d, const char *b1, const char *b2)
{
	memset(d, 0, sizeof *d);
	d->title = xstrdup("关于孪生任务的通知");
	d->date = xstrdup("2019-01-10");
	struct pnode s1 = node(NODE_SECTION, 1, "一、", "工作任务", "");
	add_kid(&s1, node(NODE_ITEM, 2, "1.", "摸底排查", b1));
	add_kid(&s1, node(NODE_ITEM, 2, "2.", "教师培训", b2));
	add_top(d, s1);
}

static void test_replace_twins(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	static const char B1[] = "市民政局要开展摸底排查，建立台账。市财政局要做好经费保障。"
				 "以上工作于2019年6月底前完成。";
	static const char B1b[] = "市民政局要开展摸底排查，建立台账。市财政局要做好经费保障。"
				  "以上工作于2019年9月底前完成。";
	static const char B2[] = "市教育局要开展教师培训。市教育局要开展教师培训。市人社局要做好考核。";
	static const char B2b[] = "市教育局要开展教师培训。市人社局要做好考核。";
	struct pdoc d;
	struct db_import_result res;
	twins_doc(&d, B1, B2);
	CHECK_INT(import_made(db, &d, "tw one", 0, &res), LU_OK);
	long long doc = res.doc_id, n1 = node_by_label(db, doc, "1."), n2 = node_by_label(db, doc, "2.");
	struct db_task *tk;
	size_t nt = node_tasks(db, n1, &tk);
	CHECK_INT(nt, 2);
	long long a = nt ? tk[0].id : 0;
	CHECK_STR(nt ? tk[0].due : "", "2019-06-30");
	db_tasks_free(tk, nt);
	nt = node_tasks(db, n2, &tk);
	CHECK_INT(nt, 3);
	long long dup1 = nt > 1 ? tk[0].id : 0, dup2 = nt > 1 ? tk[1].id : 0;
	db_tasks_free(tk, nt);
	CHECK_INT(set1(db, dup2, "owner", "张三", "bob"), LU_OK);

	/* the date moves: the same tasks, with the new date, nothing new */
	twins_doc(&d, B1b, B2);
	CHECK_INT(import_made(db, &d, "tw two", DB_IMPORT_REPLACE, &res), LU_OK);
	CHECK_INT(res.ntasks, 0);
	nt = node_tasks(db, n1, &tk);
	CHECK_INT(nt, 2);
	CHECK_INT(nt ? tk[0].id : 0, a);
	for (size_t i = 0; i < nt; i++)
		CHECK_STR(tk[i].due, "2019-09-30");
	db_tasks_free(tk, nt);
	/* a sentence twice: both tasks stay, each in one place */
	nt = node_tasks(db, n2, &tk);
	CHECK_INT(nt, 3);
	int seen1 = 0, seen2 = 0;
	for (size_t i = 0; i < nt; i++) {
		seen1 += tk[i].id == dup1;
		seen2 += tk[i].id == dup2;
		if (i)
			CHECK(tk[i].pos != tk[i - 1].pos);
	}
	CHECK(seen1 == 1 && seen2 == 1);
	db_tasks_free(tk, nt);

	/* once now: the worked one stays, the untouched one goes */
	twins_doc(&d, B1b, B2b);
	CHECK_INT(import_made(db, &d, "tw three", DB_IMPORT_REPLACE, &res), LU_OK);
	CHECK_INT(res.ntasks, 0);
	nt = node_tasks(db, n2, &tk);
	CHECK_INT(nt, 2);
	CHECK_INT(nt ? tk[0].id : 0, dup2);
	CHECK_STR(nt && tk[0].owner ? tk[0].owner : "", "张三");
	db_tasks_free(tk, nt);
	db_close(db);
	free(path);
}

/* A measure split in two, then two merged: each task follows its
 * sentence, with its id and its work, and nothing is proposed twice. */
static void split_doc(struct pdoc *d, int form)
{
	memset(d, 0, sizeof *d);
	d->title = xstrdup("关于合并拆分的通知");
	d->date = xstrdup("2019-01-10");
	struct pnode s1 = node(NODE_SECTION, 1, "一、", "工作任务", "");
	if (form == 2) {
		add_kid(&s1, node(NODE_ITEM, 2, "1.", "开展督查审计",
				  "市纪委要开展专项督查。市审计局要开展专项审计。市财政局要做好配合。"));
	} else {
		add_kid(&s1, node(NODE_ITEM, 2, "1.", "开展督查", "市纪委要开展专项督查。"));
		add_kid(&s1, node(NODE_ITEM, 2, "2.", "开展审计",
				  form ? "市审计局要开展专项审计。"
				       : "市审计局要开展专项审计。市财政局要做好配合。"));
		if (form == 1)
			add_kid(&s1, node(NODE_ITEM, 2, "3.", "做好配合", "市财政局要做好配合。"));
	}
	add_top(d, s1);
}

static void test_replace_split(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	struct pdoc d;
	struct db_import_result res;
	split_doc(&d, 0);
	CHECK_INT(import_made(db, &d, "sp zero", 0, &res), LU_OK);
	long long doc = res.doc_id;
	struct db_task *tk;
	size_t nt = node_tasks(db, node_by_label(db, doc, "2."), &tk);
	CHECK_INT(nt, 2);
	long long pei = nt == 2 ? tk[1].id : 0;
	db_tasks_free(tk, nt);
	nt = node_tasks(db, node_by_label(db, doc, "1."), &tk);
	long long du = nt ? tk[0].id : 0;
	db_tasks_free(tk, nt);
	CHECK_INT(set1(db, pei, "owner", "李四", "bob"), LU_OK);
	CHECK_INT(set1(db, du, "owner", "王五", "bob"), LU_OK);

	/* split: 市财政局要做好配合 goes to the new 3., with 李四 */
	split_doc(&d, 1);
	CHECK_INT(import_made(db, &d, "sp one", DB_IMPORT_REPLACE, &res), LU_OK);
	CHECK_INT(res.ntasks, 0);
	nt = node_tasks(db, node_by_label(db, doc, "3."), &tk);
	CHECK_INT(nt, 1);
	CHECK_INT(nt ? tk[0].id : 0, pei);
	CHECK_STR(nt && tk[0].owner ? tk[0].owner : "", "李四");
	db_tasks_free(tk, nt);
	nt = node_tasks(db, node_by_label(db, doc, "2."), &tk);
	CHECK_INT(nt, 1);
	db_tasks_free(tk, nt);

	/* merge: all three in one measure, the same three tasks */
	split_doc(&d, 2);
	CHECK_INT(import_made(db, &d, "sp two", DB_IMPORT_REPLACE, &res), LU_OK);
	CHECK_INT(res.ntasks, 0);
	nt = node_tasks(db, node_by_label(db, doc, "1."), &tk);
	CHECK_INT(nt, 3);
	int found = 0;
	for (size_t i = 0; i < nt; i++)
		found += (tk[i].id == du && tk[i].owner && strcmp(tk[i].owner, "王五") == 0) +
			 (tk[i].id == pei && tk[i].owner && strcmp(tk[i].owner, "李四") == 0);
	CHECK_INT(found, 2);
	db_tasks_free(tk, nt);
	db_close(db);
	free(path);
}

/* --replace reports a failure of its task moves as what it is. */
static void test_replace_errors(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	long long doc = import_sample(db, "关于测试的意见", "version one", 0, NULL);
	long long t1;
	CHECK_INT(db_task_add(db, node_by_label(db, doc, "2."), "有人做过", "bob", &t1), LU_OK);
	CHECK_INT(set1(db, t1, "status", "doing", "bob"), LU_OK);
	db_close(db);
	raw_exec(path, q("CREATE TRIGGER boom BEFORE UPDATE OF node_id ON tasks"
			 " BEGIN SELECT RAISE(ABORT, 'the disk said boom'); END",
			 "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS"
			 " 'BEGIN RAISE EXCEPTION ''the disk said boom''; END';"
			 "CREATE TRIGGER boom BEFORE UPDATE OF node_id ON tasks"
			 " FOR EACH ROW EXECUTE FUNCTION boom()"));
	int nodes = count_rows(path, "SELECT count(*) FROM nodes");
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	struct pdoc d;
	struct db_import_result res;
	sample_doc(&d, "关于测试的意见", "健全专题党课制度，每年至少讲2次专题党课。");
	CHECK_INT(db_import(db, &d, "UTF-8", "version two", 11, "b.txt", DB_IMPORT_REPLACE, "carol",
			    &res),
		  LU_ERR);
	pdoc_free_test(&d);
	CHECK(strstr(lu_errmsg(), "the disk said boom") != NULL);
	CHECK(strstr(lu_errmsg(), "no structure") == NULL);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM nodes"), nodes);

	/* without work to keep, a version without structure replaces fine */
	doc = import_sample(db, "无人动过的文件", "untouched one", 0, NULL);
	struct pdoc bare;
	memset(&bare, 0, sizeof bare);
	bare.title = xstrdup("无人动过的文件");
	bare.preamble = xstrdup("全文没有编号。");
	CHECK_INT(db_import(db, &bare, "UTF-8", "untouched two", 13, "c.txt", DB_IMPORT_REPLACE,
			    "carol", &res),
		  LU_OK);
	pdoc_free_test(&bare);
	CHECK_INT(res.replaced, 1);
	CHECK_INT(res.doc_id, doc);
	CHECK_INT(res.kept, 0);
	db_close(db);
	free(path);
}

/* ---- filters ---- */

struct fixture {
	struct db *db;
	char *path;
	long long doc, sec1, n1, n2, n3;
	long long a, b, c, d, e, f;
};

static void fixture_open(struct fixture *fx)
{
	memset(fx, 0, sizeof *fx);
	fx->db = open_fresh(&fx->path);
	fx->doc = import_sample(fx->db, "关于测试的意见", "fixture", DB_IMPORT_NO_TASKS, NULL);
	fx->sec1 = node_by_label(fx->db, fx->doc, "一、");
	fx->n1 = node_by_label(fx->db, fx->doc, "1.");
	fx->n2 = node_by_label(fx->db, fx->doc, "2.");
	fx->n3 = node_by_label(fx->db, fx->doc, "3.");
	struct db *db = fx->db;
	db_task_add(db, fx->n1, "抓好理论学习", "alice", &fx->a);
	struct db_change ca[] = {{"status", "doing"}, {"unit", "中央组织部"}, {"owner", "张三"},
				 {"due", "2020-01-01"}};
	db_task_set(db, fx->a, ca, 4, -1, "alice");
	db_task_add(db, fx->n1, "举办读书班", "alice", &fx->b);
	struct db_change cb[] = {{"assist", "组织部、办公室"}, {"due", "2099-12-31"},
				 {"recurrence", "yearly"}, {"text", "每年举办读书班"}};
	db_task_set(db, fx->b, cb, 4, -1, "alice");
	db_task_add(db, fx->n2, "讲专题党课", "alice", &fx->c);
	struct db_change cc[] = {{"status", "done"}, {"due", "2020-01-01"}};
	db_task_set(db, fx->c, cc, 2, -1, "alice");
	db_task_add(db, fx->n3, "回应群众诉求", "alice", &fx->d);
	db_task_add(db, fx->n3, "开展整治", "alice", &fx->e);
	set1(db, fx->e, "due", "+3d", "alice");
	db_task_add(db, fx->n2, "常态化整治", "alice", &fx->f);
	set1(db, fx->f, "status", "ongoing", "alice");
}

static void fixture_close(struct fixture *fx)
{
	db_close(fx->db);
	free(fx->path);
}

/* The ids a filter selects, as "a,b,..." in fixture letters. */
static char *select_ids(struct fixture *fx, const char *words, enum db_sort sort)
{
	char *copy = xstrdup(words), *argv[8];
	int argc = 0;
	for (char *p = strtok(copy, " "); p && argc < 8; p = strtok(NULL, " "))
		argv[argc++] = p;
	struct db_filter *f = NULL;
	struct sbuf out = SBUF_INIT;
	if (db_filter_parse(argc, argv, &f) != LU_OK) {
		sbuf_addf(&out, "error: %s", lu_errmsg());
	} else {
		struct db_task *t;
		size_t n;
		long long ids[] = {fx->a, fx->b, fx->c, fx->d, fx->e, fx->f};
		if (db_tasks(fx->db, f, sort, &t, &n) == LU_OK) {
			for (size_t i = 0; i < n; i++)
				for (size_t k = 0; k < ARRAY_SIZE(ids); k++)
					if (t[i].id == ids[k])
						sbuf_addf(&out, "%s%c", out.len ? "," : "",
							  (char)('a' + k));
			db_tasks_free(t, n);
		}
	}
	db_filter_free(f);
	free(copy);
	return sbuf_detach(&out);
}

#define CHECK_FILTER(fx, words, want) \
	do { \
		char *got_ = select_ids((fx), (words), DB_SORT_POSITION); \
		check_str(got_, (want), "filter " words, __FILE__, __LINE__); \
		free(got_); \
	} while (0)

static void test_filters(void)
{
	struct fixture fx;
	fixture_open(&fx);
	CHECK_FILTER(&fx, "", "a,b,c,f,d,e");
	CHECK_FILTER(&fx, "status:doing", "a");
	CHECK_FILTER(&fx, "status:进行中", "a");
	CHECK_FILTER(&fx, "status:doing,done", "a,c");
	CHECK_FILTER(&fx, "status:进行中，已完成", "a,c");
	CHECK_FILTER(&fx, "status:todo", "b,d,e");
	CHECK_FILTER(&fx, "unit:组织部", "a,b");
	CHECK_FILTER(&fx, "unit:办公室", "b");
	CHECK_FILTER(&fx, "owner:张三", "a");
	CHECK_FILTER(&fx, "due.before:2021-01-01", "a,c");
	CHECK_FILTER(&fx, "due.after:2021-01-01", "b,e");
	CHECK_FILTER(&fx, "due:2020-01-01", "a,c");
	CHECK_FILTER(&fx, "due:2020/1/1", "a,c");
	CHECK_FILTER(&fx, "due:2020.1.1", "a,c");
	CHECK_FILTER(&fx, "due:2020年1月1日", "a,c");
	CHECK_FILTER(&fx, "due.before:today", "a,c");
	CHECK_FILTER(&fx, "due:+3d", "e");
	CHECK_FILTER(&fx, "overdue", "a");
	CHECK_FILTER(&fx, "soon", "e");
	CHECK_FILTER(&fx, "recur:yearly", "b");
	CHECK_FILTER(&fx, "recur:每年", "b");
	CHECK_FILTER(&fx, "recur:年度", "b"); /* the extractor's words, one list */
	CHECK_FILTER(&fx, "recur:none", "a,c,f,d,e");
	char w[64];
	snprintf(w, sizeof w, "node:%lld", fx.sec1);
	char *got = select_ids(&fx, w, DB_SORT_POSITION);
	CHECK_STR(got, "a,b,c,f"); /* the section and its subtree */
	free(got);
	snprintf(w, sizeof w, "node:%lld", fx.n3);
	got = select_ids(&fx, w, DB_SORT_POSITION);
	CHECK_STR(got, "d,e");
	free(got);
	snprintf(w, sizeof w, "doc:%lld", fx.doc);
	got = select_ids(&fx, w, DB_SORT_POSITION);
	CHECK_STR(got, "a,b,c,f,d,e");
	free(got);
	snprintf(w, sizeof w, "doc:%lld", fx.doc + 1);
	got = select_ids(&fx, w, DB_SORT_POSITION);
	CHECK_STR(got, "");
	free(got);
	CHECK_FILTER(&fx, "读书班", "b");
	CHECK_FILTER(&fx, "整治", "f,e");
	CHECK_FILTER(&fx, "张三", "a");          /* owner */
	CHECK_FILTER(&fx, "办公室", "b");        /* assisting unit */
	CHECK_FILTER(&fx, "每年 读书班", "b");   /* words are ANDed */
	CHECK_FILTER(&fx, "每年 整治", "");
	CHECK_FILTER(&fx, "status:todo unit:组织部", "b"); /* filters combine */
	CHECK_FILTER(&fx, "注意:整治", "");      /* not a key: a free word */

	/* sorting */
	got = select_ids(&fx, "", DB_SORT_DUE);
	CHECK_STR(got, "a,c,e,b,f,d"); /* by due (ties by position), none last */
	free(got);
	got = select_ids(&fx, "", DB_SORT_STATUS);
	CHECK_STR(got, "b,d,e,a,c,f");
	free(got);

	/* refusals */
	const char *bad[] = {"foo:bar", "due.before:2026-02-30", "status:finished", "node:abc",
			     "recur:sometimes", "due:", "status:doing,,"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char *word = xstrdup(bad[i]);
		struct db_filter *f = NULL;
		enum lu_status st = db_filter_parse(1, &word, &f);
		check_report(st == LU_USAGE && f == NULL, bad[i], __FILE__, __LINE__);
		if (i == 0) {
			CHECK(strstr(lu_errmsg(), "unknown filter foo:") != NULL);
			CHECK(strstr(lu_errmsg(), "status:") != NULL);
		}
		free(word);
	}

	/* context columns and the overdue flag */
	struct db_task t;
	CHECK_INT(db_task_get(fx.db, fx.a, &t), LU_OK);
	CHECK_INT(t.overdue, 1);
	CHECK_STR(t.node_label, "1.");
	CHECK_STR(t.node_heading, "建立健全“第一议题”制度");
	CHECK_STR(t.section_label, "一、");
	CHECK_STR(t.section_heading, "坚持以学铸魂");
	CHECK_STR(t.doc_title, "关于测试的意见");
	CHECK_INT(t.doc_id, fx.doc);
	db_task_free(&t);
	CHECK_INT(db_task_get(fx.db, fx.c, &t), LU_OK);
	CHECK_INT(t.overdue, 0); /* done */
	db_task_free(&t);

	/* dashboard figures */
	int counts[TASK_STATUS_COUNT];
	CHECK_INT(db_count_status(fx.db, 0, counts), LU_OK);
	CHECK_INT(counts[TASK_TODO], 3);
	CHECK_INT(counts[TASK_DOING], 1);
	CHECK_INT(counts[TASK_ONGOING], 1);
	CHECK_INT(db_count_status(fx.db, fx.doc + 1, counts), LU_OK);
	CHECK_INT(counts[TASK_TODO], 0);
	struct db_count *cu;
	size_t ncu;
	CHECK_INT(db_count_units(fx.db, fx.doc, &cu, &ncu), LU_OK);
	CHECK_INT(ncu, 2);
	if (ncu == 2) {
		CHECK_STR(cu[0].key, ""); /* five tasks without a lead unit */
		CHECK_INT(cu[0].total, 5);
		CHECK_INT(cu[0].complete, 2);
		CHECK_STR(cu[1].key, "中央组织部");
		CHECK_INT(cu[1].overdue, 1);
		/* per status, from the kept counts: as many as in all */
		for (size_t i = 0; i < 2; i++) {
			int sum = 0;
			for (int st = 0; st < TASK_STATUS_COUNT; st++)
				sum += cu[i].status[st];
			CHECK_INT(sum, cu[i].total);
		}
		CHECK_INT(cu[0].status[TASK_DONE] + cu[0].status[TASK_ONGOING], 2);
	}
	db_counts_free(cu, ncu);
	struct db_doc dd;
	CHECK_INT(db_doc_get(fx.db, fx.doc, &dd), LU_OK);
	CHECK_INT(dd.ntasks, 6);
	CHECK_INT(dd.nactive, 6);
	CHECK_INT(dd.ncomplete, 2);
	CHECK_INT(dd.noverdue, 1);
	db_doc_free(&dd);
	CHECK_INT(db_doc_get(fx.db, 999, &dd), LU_NOTFOUND);

	/* reading positions */
	long long pos = -1;
	CHECK_INT(db_readpos_get(fx.db, "alice", fx.doc, &pos), LU_OK);
	CHECK_INT(pos, 0);
	CHECK_INT(db_readpos_set(fx.db, "alice", fx.doc, 42), LU_OK);
	CHECK_INT(db_readpos_set(fx.db, "alice", fx.doc, 43), LU_OK);
	CHECK_INT(db_readpos_get(fx.db, "alice", fx.doc, &pos), LU_OK);
	CHECK_INT(pos, 43);
	CHECK_INT(db_readpos_get(fx.db, "bob", fx.doc, &pos), LU_OK);
	CHECK_INT(pos, 0);
	fixture_close(&fx);
}

/* ---- editing ---- */

static int hist_count(struct db *db, long long task)
{
	struct db_hist *h;
	size_t n = 0;
	if (db_history(db, task, 0, &h, &n) != LU_OK)
		return -1;
	db_hist_free(h, n);
	return (int)n;
}

static void test_task_set(void)
{
	struct fixture fx;
	fixture_open(&fx);
	struct db *db = fx.db;
	struct db_task t;
	db_task_get(db, fx.d, &t);
	int v0 = t.version, h0 = hist_count(db, fx.d);
	db_task_free(&t);

	static const char *const bad[][2] = {
		{"status", "finished"}, {"progress", "101"}, {"progress", "-1"},
		{"progress", "abc"},    {"progress", ""},    {"due", "2026-02-30"},
		{"due", "2026-13-01"},  {"due", "tomorrow"}, {"recurrence", "sometimes"},
		{"nosuchfield", "1"},   {"title", ""},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct db_change ch[] = {{"owner", "先改的人"}, {bad[i][0], bad[i][1]}};
		enum lu_status st = db_task_set(db, fx.d, ch, 2, -1, "alice");
		char what[128];
		snprintf(what, sizeof what, "%s=%s refused", bad[i][0], bad[i][1]);
		check_report(st == LU_USAGE && strchr(lu_errmsg(), '\n') == NULL, what, __FILE__,
			     __LINE__);
	}
	CHECK(strstr(lu_errmsg(), "title") != NULL);
	db_task_get(db, fx.d, &t);
	CHECK_INT(t.version, v0); /* nothing written, not even the good field */
	CHECK(t.owner == NULL);
	db_task_free(&t);
	CHECK_INT(hist_count(db, fx.d), h0);

	/* dates in every accepted form come out ISO */
	static const char *const dates[][2] = {
		{"2026/3/5", "2026-03-05"}, {"2026.3.5", "2026-03-05"},
		{"2026年3月5日", "2026-03-05"}, {"2024-02-29", "2024-02-29"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(dates); i++) {
		CHECK_INT(set1(db, fx.d, "due", dates[i][0], "alice"), LU_OK);
		db_task_get(db, fx.d, &t);
		CHECK_STR(t.due, dates[i][1]);
		db_task_free(&t);
	}
	char today[11];
	lu_today(today);
	CHECK_INT(set1(db, fx.d, "due", "today", "alice"), LU_OK);
	db_task_get(db, fx.d, &t);
	CHECK_STR(t.due, today);
	db_task_free(&t);
	CHECK_INT(set1(db, fx.d, "due", "", "alice"), LU_OK);
	db_task_get(db, fx.d, &t);
	CHECK(t.due == NULL);
	int v1 = t.version;
	db_task_free(&t);

	/* several fields: one change, one version step */
	struct db_change ch[] = {{"status", "已完成"}, {"owner", "李四"}, {"progress", "30%"},
				 {"recurrence", "每季度"}, {"unit", "宣传部"}};
	int h1 = hist_count(db, fx.d);
	CHECK_INT(db_task_set(db, fx.d, ch, ARRAY_SIZE(ch), v1, "bob"), LU_OK);
	db_task_get(db, fx.d, &t);
	CHECK_INT(t.version, v1 + 1);
	CHECK_INT(t.status, TASK_DONE);
	CHECK_INT(t.progress, 100); /* done means 100 */
	CHECK_STR(t.recurrence, "quarterly");
	CHECK_STR(t.owner, "李四");
	CHECK_STR(t.updated_by, "bob");
	db_task_free(&t);
	struct db_hist *h;
	size_t nh;
	CHECK_INT(db_history(db, fx.d, 0, &h, &nh), LU_OK);
	CHECK_INT(nh, h1 + 6); /* status, owner, progress 30, recurrence, unit, progress 100 */
	int same = 1;
	for (size_t i = 1; i < 6 && nh >= 6; i++)
		same &= h[i].change_id == h[0].change_id;
	CHECK_MSG(same, "one change_id for all fields of one call");
	if (nh >= 6) {
		CHECK_STR(h[0].field, "progress");
		CHECK_STR(h[0].old_value, "30");
		CHECK_STR(h[0].new_value, "100");
		CHECK_STR(h[5].field, "status");
		CHECK_STR(h[5].old_value, "todo");
		CHECK_STR(h[5].new_value, "done");
		CHECK_STR(h[5].who, "bob");
		CHECK_INT(h[5].task_id, fx.d);
	}
	db_hist_free(h, nh);
	CHECK_INT(db_history(db, 0, 2, &h, &nh), LU_OK);
	CHECK_INT(nh, 2);
	db_hist_free(h, nh);

	/* recurrence words are the ones import reads in the text */
	CHECK_INT(set1(db, fx.d, "recurrence", "长效", "bob"), LU_OK);
	db_task_get(db, fx.d, &t);
	CHECK_STR(t.recurrence, "ongoing");
	db_task_free(&t);
	CHECK_INT(set1(db, fx.d, "recurrence", "每季度", "bob"), LU_OK);

	/* progress stays as set when later changes leave the status alone */
	CHECK_INT(set1(db, fx.d, "progress", "80", "bob"), LU_OK);
	CHECK_INT(set1(db, fx.d, "unit", "宣传部、组织部", "bob"), LU_OK);
	db_task_get(db, fx.d, &t);
	CHECK_INT(t.progress, 80);
	CHECK_INT(t.status, TASK_DONE);
	v1 = t.version - 1;
	db_task_free(&t);

	/* setting what is already there changes nothing */
	CHECK_INT(set1(db, fx.d, "owner", "李四", "carol"), LU_OK);
	db_task_get(db, fx.d, &t);
	CHECK_INT(t.version, v1 + 1);
	db_task_free(&t);

	/* a stale copy is refused, naming who changed what */
	CHECK_INT(set1(db, fx.d, "owner", "王五", "carol"), LU_OK);
	struct db_change mine = {"status", "blocked"};
	CHECK_INT(db_task_set(db, fx.d, &mine, 1, v1 + 1, "alice"), LU_CONFLICT);
	CHECK(strstr(lu_errmsg(), "changed by carol at 2026-05-28 20:26:") != NULL);
	CHECK(strstr(lu_errmsg(), "王五") != NULL);
	CHECK(strstr(lu_errmsg(), "owner") != NULL);
	db_task_get(db, fx.d, &t);
	CHECK_INT(t.status, TASK_DONE);
	CHECK_INT(db_task_set(db, fx.d, &mine, 1, t.version, "alice"), LU_OK);
	db_task_free(&t);

	CHECK_INT(set1(db, 99999, "status", "done", "alice"), LU_NOTFOUND);
	long long id;
	CHECK_INT(db_task_add(db, 99999, "无处安放", "alice", &id), LU_NOTFOUND);
	CHECK_INT(db_task_add(db, fx.n1, "", "alice", &id), LU_USAGE);
	CHECK_INT(db_note_add(db, 99999, "说明", "alice", &id), LU_NOTFOUND);
	CHECK_INT(db_task_delete(db, 99999, -1, "alice"), LU_NOTFOUND);
	fixture_close(&fx);
}

/* Text that is not UTF-8 never gets in: titles, notes and field values. */
static int progress_of(struct db *db, long long id)
{
	struct db_task t;
	int p = db_task_get(db, id, &t) == LU_OK ? t.progress : -1;
	db_task_free(&t);
	return p;
}

/* Issue 7, case 6: progress follows status both ways, and undo takes the
 * progress back with the status. */
static void test_progress_follows(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	long long doc = import_sample(db, "进度", "progress text", DB_IMPORT_NO_TASKS, NULL);
	long long node = node_by_label(db, doc, "1."), a = 0, b = 0;
	CHECK_INT(db_task_add(db, node, "做到四成", "alice", &a), LU_OK);
	CHECK_INT(db_task_add(db, node, "从零开始", "alice", &b), LU_OK);
	CHECK_INT(set1(db, a, "progress", "40", "alice"), LU_OK);
	CHECK_INT(set1(db, a, "status", "done", "alice"), LU_OK);
	CHECK_INT(progress_of(db, a), 100);
	CHECK_INT(set1(db, a, "status", "doing", "alice"), LU_OK);
	CHECK_INT(progress_of(db, a), 40); /* the value before done, not 100 */
	struct db_hist *h = NULL;
	size_t n = 0;
	CHECK_INT(db_history(db, a, 2, &h, &n), LU_OK);
	int seen = 0;
	for (size_t i = 0; i < n; i++)
		seen |= strcmp(h[i].field, "progress") == 0 && db_same(h[i].old_value, "100") &&
			db_same(h[i].new_value, "40");
	CHECK_MSG(seen, "the restored progress is a history row of the same change");
	db_hist_free(h, n);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_OK);
	struct db_task t;
	CHECK_INT(db_task_get(db, a, &t), LU_OK);
	CHECK_INT(t.status, TASK_DONE); /* one undo: status and progress together */
	CHECK_INT(t.progress, 100);
	db_task_free(&t);
	CHECK_INT(set1(db, a, "status", "blocked", "alice"), LU_OK);
	CHECK_INT(progress_of(db, a), 40); /* any status but done gives it back */

	/* no earlier value: 0; todo starts over; an explicit progress wins */
	CHECK_INT(set1(db, b, "status", "done", "alice"), LU_OK);
	CHECK_INT(set1(db, b, "status", "ongoing", "alice"), LU_OK);
	CHECK_INT(progress_of(db, b), 0);
	CHECK_INT(set1(db, b, "progress", "70", "alice"), LU_OK);
	CHECK_INT(set1(db, b, "status", "done", "alice"), LU_OK);
	struct db_change ch[] = {{"status", "doing"}, {"progress", "90"}};
	CHECK_INT(db_task_set(db, b, ch, 2, -1, "alice"), LU_OK);
	CHECK_INT(progress_of(db, b), 90);
	CHECK_INT(set1(db, b, "status", "done", "alice"), LU_OK);
	CHECK_INT(set1(db, b, "status", "todo", "alice"), LU_OK);
	CHECK_INT(progress_of(db, b), 0);
	/* progress changed while done is the user's: leaving done keeps it */
	CHECK_INT(set1(db, b, "progress", "20", "alice"), LU_OK);
	CHECK_INT(set1(db, b, "status", "done", "alice"), LU_OK);
	CHECK_INT(set1(db, b, "progress", "95", "alice"), LU_OK);
	CHECK_INT(set1(db, b, "status", "doing", "alice"), LU_OK);
	CHECK_INT(progress_of(db, b), 95);

	/* a deleted done task brought back by undo still knows its value */
	CHECK_INT(set1(db, a, "status", "done", "alice"), LU_OK);
	CHECK_INT(db_task_delete(db, a, -1, "alice"), LU_OK);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_OK);
	CHECK_INT(set1(db, a, "status", "doing", "alice"), LU_OK);
	CHECK_INT(progress_of(db, a), 40);
	db_close(db);
	free(path);
}

/* A database of schema 1 (made with the test seam) is upgraded in one
 * transaction: the tasks done before the upgrade get their earlier
 * progress from history. */
static char *make_v1(long long *task_done, long long *task_full)
{
	char *path = fresh_path();
	struct db *db = NULL;
	db_test_hooks.schema_limit = 1;
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	db_test_hooks.schema_limit = 0;
	if (!db)
		return path;
	CHECK_INT(db_schema_version(db), 1);
	db_close(db);
	/* what luoshi of schema 1 wrote (its own statements: today's would
	 * write today's columns): a document, a measure, two tasks; progress
	 * 30, then done; and progress 100, then done (no progress row in that
	 * change) */
	*task_done = 1, *task_full = 2;
	CHECK_INT(raw_exec(path,
		"INSERT INTO documents (id, title, hash, raw, imported_by, imported_at)"
		" VALUES (1, '旧库', 'h1', 'v1 text', 'alice', 1);"
		"INSERT INTO nodes (id, doc_id, kind, level, pos, label, heading, body, chash)"
		" VALUES (1, 1, 'item', 1, 0, '1.', '旧的措施', '', 'c1');"
		"INSERT INTO tasks (id, node_id, pos, title, status, progress, created_by, created_at,"
		" updated_by, updated_at) VALUES"
		" (1, 1, 0, '旧的已完成任务', 'done', 100, 'alice', 1, 'alice', 1),"
		" (2, 1, 1, '先到百分百', 'done', 100, 'alice', 1, 'alice', 1);"
		"INSERT INTO history (change_id, task_id, who, at, field, old, new) VALUES"
		" (101, 1, 'alice', 1, 'progress', '0', '30'),"
		" (102, 1, 'alice', 2, 'status', 'todo', 'done'),"
		" (102, 1, 'alice', 2, 'progress', '30', '100'),"
		" (103, 2, 'alice', 3, 'progress', '0', '100'),"
		" (104, 2, 'alice', 4, 'status', 'todo', 'done');"), SQLITE_OK);
	return path;
}

static void test_migrate_v2(void)
{
	long long a = 0, b = 0;
	char *path = make_v1(&a, &b);
	CHECK_INT(count_rows(path, "PRAGMA user_version"), 1);
	struct db *db = NULL;
	/* --read-only never writes: an older schema is refused */
	char h1[65], h2[65];
	file_hash(path, h1);
	CHECK_INT(db_open(path, DB_OPEN_READONLY, &db), LU_READONLY);
	CHECK(strstr(lu_errmsg(), "older schema") != NULL);
	file_hash(path, h2);
	CHECK_STR(h2, h1);
	/* a read command upgrades it (the user may write it) */
	CHECK_INT(db_open(path, DB_OPEN_READONLY | DB_OPEN_UPGRADE, &db), LU_OK);
	if (db) {
		CHECK_INT(db_schema_version(db), DB_SCHEMA_VERSION);
		CHECK_INT(db_readonly(db), 1);
	}
	db_close(db);
	CHECK_INT(count_rows(path, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	CHECK_INT(count_rows(path, "PRAGMA integrity_check") , 0); /* "ok" reads as 0 */
	char *sql = xasprintf("SELECT progress_before_done FROM tasks WHERE id = %lld", a);
	CHECK_INT(count_rows(path, sql), 30);
	free(sql);
	/* schema 7 counted the two done tasks of the old store */
	CHECK_INT(count_rows(path, "SELECT n FROM node_counts WHERE node_id = 1 AND status = 'done'"),
		  2);
	CHECK_INT(count_rows(path, "SELECT sum(n) FROM doc_counts WHERE doc_id = 1 AND unit = ''"
			     " AND status = 'done' AND due = ''"), 2);
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (db) {
		CHECK_INT(set1(db, a, "status", "doing", "alice"), LU_OK);
		CHECK_INT(progress_of(db, a), 30);
		CHECK_INT(set1(db, b, "status", "doing", "alice"), LU_OK);
		CHECK_INT(progress_of(db, b), 100); /* it was at 100 before done */
		struct db_doc d;
		CHECK_INT(db_doc_get(db, 1, &d), LU_OK);
		CHECK_INT(d.ntasks, 2);
		CHECK_INT(d.ncomplete, 0); /* both doing now */
		CHECK_INT(d.nactive, 2);
		db_doc_free(&d);
	}
	db_close(db);
	/* no row of a count that fell to zero stays */
	CHECK_INT(count_rows(path, "SELECT count(*) FROM node_counts WHERE status = 'done'"), 0);
	CHECK_INT(count_rows(path, "SELECT n FROM node_counts WHERE status = 'doing'"), 2);
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (db)
		check_value_lists(db, path); /* the text of schema 1 rewritten by 16 */
	db_close(db);
	free(path);
}

static void test_utf8_refused(void)
{
	struct fixture fx;
	fixture_open(&fx);
	struct db *db = fx.db;
	int tasks = count_rows(fx.path, "SELECT count(*) FROM tasks");
	int notes = count_rows(fx.path, "SELECT count(*) FROM notes");
	int hist = count_rows(fx.path, "SELECT count(*) FROM history");
	long long id = -1;
	CHECK_INT(db_task_add(db, fx.n1, "好\xff", "alice", &id), LU_USAGE);
	CHECK_STR(lu_errmsg(), "the title is not valid UTF-8 text (byte 3)");
	CHECK_INT(id, 0);
	CHECK_INT(db_note_add(db, fx.d, "ab\xc3", "alice", &id), LU_USAGE);
	CHECK_STR(lu_errmsg(), "the note is not valid UTF-8 text (byte 2)");
	CHECK_INT(db_note_add(db, fx.d, "\xc0\xaf", "alice", &id), LU_USAGE); /* overlong */
	struct db_change ch[] = {{"status", "doing"}, {"owner", "张\xe4\xb8"}};
	CHECK_INT(db_task_set(db, fx.d, ch, 2, -1, "alice"), LU_USAGE);
	CHECK_STR(lu_errmsg(), "the owner is not valid UTF-8 text (byte 3)");
	struct db_task t;
	CHECK_INT(db_task_get(db, fx.d, &t), LU_OK);
	CHECK_INT(t.status, TASK_TODO); /* the good field was not written either */
	CHECK(t.owner == NULL);
	db_task_free(&t);
	CHECK_INT(count_rows(fx.path, "SELECT count(*) FROM tasks"), tasks);
	CHECK_INT(count_rows(fx.path, "SELECT count(*) FROM notes"), notes);
	CHECK_INT(count_rows(fx.path, "SELECT count(*) FROM history"), hist);
	fixture_close(&fx);
}

/* The title in task id's "created" row as history shows it (malloc'ed). */
static char *created_title(struct db *db, long long id)
{
	struct db_hist *h = NULL;
	size_t n = 0;
	char *title = NULL;
	if (db_history(db, id, 0, &h, &n) == LU_OK)
		for (size_t i = 0; i < n; i++)
			if (strcmp(h[i].field, "created") == 0 && h[i].id)
				title = h[i].new_value ? xstrdup(h[i].new_value) : xstrdup("(none)");
	db_hist_free(h, n); /* newest first: the last match is the first row */
	return title;
}

static char *task_title(struct db *db, long long id)
{
	struct db_task t;
	char *title = NULL;
	if (db_task_get(db, id, &t) == LU_OK)
		title = xstrdup(t.title);
	db_task_free(&t);
	return title;
}

/* Import's "created" rows keep no copy of the title (schema 11), yet
 * history shows the title each task was proposed with: after the title
 * changed twice, after the task was deleted (and brought back), and after
 * a --replace dropped it untouched. */
static void test_created_title(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	long long doc = import_sample(db, "关于测试的意见", "created titles", 0, NULL);
	long long n2 = node_by_label(db, doc, "2.");
	CHECK_INT(count_rows(path, "SELECT count(*) FROM history WHERE field = 'created'"
				   " AND new IS NOT NULL"), 0);
	char *sql = xasprintf("SELECT min(id) FROM tasks WHERE node_id <> %lld", n2);
	long long a = count_rows(path, sql), b = a + 1;
	free(sql);
	sql = xasprintf("SELECT min(id) FROM tasks WHERE node_id = %lld", n2);
	long long c = count_rows(path, sql);
	free(sql);
	CHECK(a > 0 && c > 0 && c != a && c != b);
	char *ta = task_title(db, a), *tb = task_title(db, b), *tc = task_title(db, c);
	CHECK(ta && tb && tc);

	CHECK_INT(set1(db, a, "title", "改过一次的标题", "bob"), LU_OK);
	CHECK_INT(set1(db, a, "title", "改过两次的标题", "bob"), LU_OK);
	char *got = created_title(db, a);
	CHECK_STR(got, ta);
	free(got);
	CHECK_INT(db_task_delete(db, b, -1, "bob"), LU_OK);
	got = created_title(db, b);
	CHECK_STR(got, tb);
	free(got);
	struct db_hist *h = NULL;
	size_t n = 0;
	CHECK_INT(db_undo(db, "bob", &h, &n), LU_OK); /* b is back */
	db_hist_free(h, n);
	got = task_title(db, b);
	CHECK_STR(got, tb);
	free(got);

	/* 2. reworded: its untouched proposals go, their titles stay in history */
	struct pdoc d;
	struct db_import_result res;
	sample_doc(&d, "关于测试的意见", "健全专题党课制度，每年至少讲2次专题党课。");
	CHECK_INT(db_import(db, &d, "UTF-8", "v2", 2, "b.txt", DB_IMPORT_REPLACE, "carol", &res),
		  LU_OK);
	pdoc_free_test(&d);
	CHECK_INT(db_task_get(db, c, &(struct db_task){0}), LU_NOTFOUND);
	got = created_title(db, c);
	CHECK_STR(got, tc);
	free(got);
	got = created_title(db, a);
	CHECK_STR(got, ta);
	free(got);
	free(ta);
	free(tb);
	free(tc);
	db_close(db);
	free(path);
}

static char *task_text(struct db *db, long long id)
{
	struct db_task t;
	char *text = NULL;
	if (db_task_get(db, id, &t) == LU_OK && t.text)
		text = xstrdup(t.text);
	db_task_free(&t);
	return text;
}

static int finds_task(struct db *db, const char *words, long long id)
{
	struct db_hit *hits = NULL;
	size_t n = 0, found = 0;
	if (db_search(db, words, &hits, &n) == LU_OK)
		for (size_t i = 0; i < n; i++)
			found += hits[i].kind == DB_HIT_TASK && hits[i].task_id == id;
	db_hits_free(hits, n);
	return (int)found;
}

/* Whether task id has an entry of its own in the tasks' full-text index
 * holding word (SQLite). */
static int task_entry(const char *path, const char *word, long long id)
{
	char *sql = xasprintf("SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH '\"%s\"'"
			      " AND rowid = %lld", word, id);
	int n = count_rows(path, sql);
	free(sql);
	return n;
}

/* A proposed task's sentence is a slice of its node's body on SQLite
 * (schema 11) and the readers see the sentence: after another change,
 * after an edit, and after --replace rewrote the body it came from. A
 * task whose title and sentence are both slices has no entry in the
 * tasks' index (schema 18) and is found through its node's; one whose
 * text is its own has one. */
static void test_text_slices(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	long long doc = import_sample(db, "关于测试的意见", "slices", 0, NULL);
	long long n2 = node_by_label(db, doc, "2.");
	char *sql = xasprintf("SELECT min(id) FROM tasks WHERE node_id = %lld", n2);
	long long a = count_rows(path, sql);
	free(sql);
	long long b = a + 1;
	CHECK(a > 0 && count_rows(path, "SELECT count(*) FROM tasks") >= 3);
	/* sliced on SQLite, in the column on PostgreSQL */
	CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks WHERE text_at IS NOT NULL"),
		  pg ? 0 : count_rows(path, "SELECT count(*) FROM tasks"));
	CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks WHERE text IS NOT NULL"),
		  pg ? count_rows(path, "SELECT count(*) FROM tasks") : 0);
	char *ta = task_text(db, a), *tb = task_text(db, b);
	CHECK(ta && tb && strstr(BODY2, ta) && strstr(BODY2, tb));
	CHECK_INT(finds_task(db, "专题党课", a), 1);
	if (!pg) {
		sql = xasprintf("SELECT count(*) FROM tasks WHERE id = %lld AND title IS NULL"
				" AND text IS NULL", a);
		CHECK_INT(count_rows(path, sql), 1);
		free(sql);
		CHECK_INT(task_entry(path, "专题", a), 0);
		CHECK_INT(count_rows(path, "SELECT count(*) FROM nodes_fts WHERE nodes_fts MATCH '\"专题\"'"), 1);
	}

	/* another field changes: the sentence stays a slice */
	CHECK_INT(set1(db, a, "status", "doing", "bob"), LU_OK);
	char *got = task_text(db, a);
	CHECK_STR(got, ta);
	free(got);
	if (!pg)
		CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks WHERE text IS NULL AND id = "
					   "(SELECT min(id) FROM tasks WHERE status = 'doing')"), 1);
	/* an edit is stored as written, and found */
	CHECK_INT(set1(db, b, "text", "改写后的句子", "bob"), LU_OK);
	got = task_text(db, b);
	CHECK_STR(got, "改写后的句子");
	free(got);
	CHECK_INT(finds_task(db, "改写后的", b), 1);
	if (!pg) { /* its own sentence and its title, sliced, in its entry */
		CHECK_INT(task_entry(path, "改写", b), 1);
		char *title = task_title(db, b);
		CHECK(title && strlen(title) >= 6);
		if (title && strlen(title) >= 6) {
			title[6] = '\0'; /* its first two characters */
			CHECK_INT(task_entry(path, title, b), 1);
		}
		free(title);
	}

	/* 2. reworded: a (with work) keeps its sentence, not a slice of the new body */
	struct pdoc d;
	struct db_import_result res;
	sample_doc(&d, "关于测试的意见", "健全专题党课制度，每年至少讲2次专题党课。");
	CHECK_INT(db_import(db, &d, "UTF-8", "v2", 2, "b.txt", DB_IMPORT_REPLACE, "carol", &res),
		  LU_OK);
	pdoc_free_test(&d);
	got = task_text(db, a);
	CHECK_STR(got, ta);
	free(got);
	CHECK_INT(finds_task(db, "专题党课", a), 1);
	CHECK_INT(finds_task(db, "讲2次", a), 0);
	if (!pg) /* its slices written out before the body changed: an entry */
		CHECK_INT(task_entry(path, "专题", a), 1);
	if (!pg) /* every slice is still where its node's body has it */
		CHECK_INT(raw_exec(path, "INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('integrity-check', 1);"),
			  SQLITE_OK);
	free(ta);
	free(tb);
	db_close(db);
	free(path);
}

/* A proposal whose title is found in its node's body but whose sentence
 * (the heading) is not: the title a slice, the sentence its own, so the
 * task has an entry in the tasks' index (schema 18), holding both; a
 * word only its sentence holds finds it, and the index agrees with the
 * rows. */
static void test_own_sentence(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	struct pdoc d;
	memset(&d, 0, sizeof d);
	d.title = xstrdup("关于测试切片标题的通知");
	struct pnode s1 = node(NODE_SECTION, 1, "一、", "主要措施", "");
	add_kid(&s1, node(NODE_ITEM, 2, "（十八）", "落实扶持政策",
			  "本条所称落实扶持政策，是指下列事项：国家融资担保基金的代偿损失核销，"
			  "参照金融企业呆账核销管理办法有关规定执行。"));
	s1.kids[0].runin = 1; /* （十八）落实扶持政策。本条所称… on one line */
	add_top(&d, s1);
	struct db_import_result res;
	CHECK_INT(db_import(db, &d, "UTF-8", "own", 3, "c.txt", 0, "alice", &res), LU_OK);
	pdoc_free_test(&d);
	long long id = pg ? 0 : count_rows(path, "SELECT min(id) FROM tasks WHERE title IS NULL"
						 " AND text IS NOT NULL");
	CHECK(pg || id > 0);
	if (!pg) {
		CHECK_INT(task_entry(path, "扶持", id), 1);
		CHECK_INT(finds_task(db, "扶持政策。", id), 1);
		CHECK_INT(raw_exec(path, "INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('integrity-check', 1);"),
			  SQLITE_OK);
	}
	struct db_hit *hits;
	size_t nh;
	CHECK_INT(db_search(db, "扶持政策。", &hits, &nh), LU_OK);
	size_t tasks = 0;
	for (size_t i = 0; i < nh; i++)
		tasks += hits[i].kind == DB_HIT_TASK;
	CHECK(tasks >= 1);
	db_hits_free(hits, nh);
	db_close(db);
	free(path);
}

/* Titles too (schema 13): a proposed title found in its node's body is a
 * slice of it on SQLite, and every reader gives the title: after another
 * change, after an edit (stored as written), in search, in the "created"
 * history row, and after --replace rewrote the body it came from. */
static void test_title_slices(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	long long doc = import_sample(db, "关于测试的意见", "title slices", 0, NULL);
	long long n2 = node_by_label(db, doc, "2.");
	char *sql = xasprintf("SELECT min(id) FROM tasks WHERE node_id = %lld", n2);
	long long a = count_rows(path, sql);
	free(sql);
	long long b = a + 1;
	int all = count_rows(path, "SELECT count(*) FROM tasks");
	CHECK(a > 0 && all >= 3);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks WHERE title_at IS NOT NULL"),
		  pg ? 0 : all);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks WHERE title IS NOT NULL"),
		  pg ? all : 0);
	char *ta = task_title(db, a), *tb = task_title(db, b);
	CHECK(ta && tb && *ta && *tb && strstr(BODY2, ta) && strstr(BODY2, tb));

	/* another field changes: the title stays a slice */
	CHECK_INT(set1(db, a, "owner", "张三", "bob"), LU_OK);
	char *got = task_title(db, a);
	CHECK_STR(got, ta);
	free(got);
	sql = xasprintf("SELECT count(*) FROM tasks WHERE id = %lld AND title IS NULL", a);
	CHECK_INT(count_rows(path, sql), pg ? 0 : 1);
	free(sql);
	/* an edit is stored as written, found, and undone */
	CHECK_INT(set1(db, b, "title", "改写后的标题", "bob"), LU_OK);
	got = task_title(db, b);
	CHECK_STR(got, "改写后的标题");
	free(got);
	sql = xasprintf("SELECT count(*) FROM tasks WHERE id = %lld AND title = '改写后的标题'"
			" AND title_at IS NULL", b);
	CHECK_INT(count_rows(path, sql), 1);
	free(sql);
	CHECK_INT(finds_task(db, "改写后的标题", b), 1);
	got = created_title(db, b);
	CHECK_STR(got, tb);
	free(got);
	CHECK_INT(db_undo(db, "bob", NULL, NULL), LU_OK);
	got = task_title(db, b);
	CHECK_STR(got, tb);
	free(got);
	CHECK_INT(finds_task(db, "改写后的标题", b), 0);

	/* 2. reworded: a (with work) keeps its title, not a slice of the new body */
	struct pdoc d;
	struct db_import_result res;
	sample_doc(&d, "关于测试的意见", "常态化开展突出问题整治，每年至少讲2次专题党课。");
	CHECK_INT(db_import(db, &d, "UTF-8", "v2", 2, "b.txt", DB_IMPORT_REPLACE, "carol", &res),
		  LU_OK);
	pdoc_free_test(&d);
	got = task_title(db, a);
	CHECK_STR(got, ta);
	free(got);
	got = created_title(db, a);
	CHECK_STR(got, ta);
	free(got);
	CHECK_INT(finds_task(db, ta, a), 1);
	if (!pg) /* every slice is still where its node's body has it */
		CHECK_INT(raw_exec(path, "INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('integrity-check', 1);"),
			  SQLITE_OK);
	free(ta);
	free(tb);
	db_close(db);
	free(path);
}

/* The upgrade to 13 of a store of 12 (SQLite: the tasks table rebuilt)
 * keeps every task's title as users see it: the edited one as written
 * (and the title it was created with, in history), the others as slices;
 * the sentence's slice, the notes of its tasks (foreign keys off
 * meanwhile: no cascade), the full-text index, the tables' indexes and
 * triggers, and the highest task id given (a deleted task's id is not
 * handed out again). The store of 12 is written by schema 12's own
 * statements: today's would write today's columns. */
static const char *const v12_rows[] = {
	"INSERT INTO documents (id, title, hash, raw, imported_by, imported_at)"
	" VALUES (1, '十二版的库', 'h12', '', 'alice', 1)",
	"INSERT INTO nodes (id, doc_id, kind, level, pos, label, heading, body, chash)"
	" VALUES (1, 1, 'item', 1, 0, '1.', '措施', '健全专题党课制度，至少讲1次专题党课。"
	"常态化开展突出问题整治。', 'c1')",
	/* 1: the sentence a slice (schema 11); 3: its title edited; 4: deleted */
	"INSERT INTO tasks (id, node_id, pos, title, text, text_at, text_len, created_by,"
	" created_at, updated_by, updated_at) VALUES"
	" (1, 1, 0, '健全专题党课制度', NULL, 0, 19, 'alice', 1, 'alice', 1),"
	" (2, 1, 1, '常态化开展突出问题整治', NULL, 19, 12, 'alice', 1, 'alice', 1),"
	" (3, 1, 2, '迁移前改过的标题', '至少讲1次专题党课', NULL, NULL, 'alice', 1, 'bob', 2),"
	" (4, 1, 3, '专题党课', '至少讲1次专题党课', NULL, NULL, 'alice', 1, 'alice', 1)",
	"INSERT INTO history (change_id, task_id, who, at, field, old, new, auto) VALUES"
	" (1, 1, 'alice', 1, 'created', NULL, NULL, 1), (1, 2, 'alice', 1, 'created', NULL, NULL, 1),"
	" (1, 3, 'alice', 1, 'created', NULL, NULL, 1), (1, 4, 'alice', 1, 'created', NULL, NULL, 1),"
	" (2, 3, 'bob', 2, 'title', '至少讲1次专题党课', '迁移前改过的标题', 0)",
	"INSERT INTO notes (task_id, author, at, text) VALUES (2, 'bob', 2, '迁移前的备注')",
	"DELETE FROM history WHERE task_id = 4",
	"DELETE FROM tasks WHERE id = 4",
};

static void test_migrate_13(void)
{
	char *path = fresh_path();
	struct db *db = NULL;
	db_test_hooks.schema_limit = 12;
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	db_test_hooks.schema_limit = 0;
	if (!db) {
		free(path);
		return;
	}
	CHECK_INT(db_schema_version(db), 12);
	for (size_t i = 0; i < ARRAY_SIZE(v12_rows); i++) {
		struct db_sql sql = {v12_rows[i], v12_rows[i]};
		CHECK_INT(db_exec(db, &sql, "writing a store of 12"), LU_OK);
	}
	static const struct db_sql seq = {"SELECT 1",
		"SELECT setval('documents_id_seq', 1), setval('nodes_id_seq', 1),"
		" setval('tasks_id_seq', 4)"};
	CHECK_INT(db_exec(db, &seq, "writing a store of 12"), LU_OK);
	/* what names the tasks table at 12: its indexes, triggers, view */
#define TASKS_SCHEMA \
	"SELECT count(*) FROM sqlite_master WHERE type IN ('index', 'trigger', 'view')" \
	" AND (tbl_name = 'tasks' OR name = 'tasks_text' OR sql LIKE '%UPDATE tasks%')"
	int schema12 = pg ? 0 : count_rows(path, TASKS_SCHEMA);
	CHECK(pg || schema12 >= 10);
	db_close(db);

	db = NULL;
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (!db) {
		free(path);
		return;
	}
	CHECK_INT(db_schema_version(db), DB_SCHEMA_VERSION);
	static const char *const titles[] = {"健全专题党课制度", "常态化开展突出问题整治",
					     "迁移前改过的标题"};
	for (int id = 1; id <= 3; id++) {
		char *got = task_title(db, id);
		CHECK_STR(got, titles[id - 1]);
		free(got);
	}
	char *got = created_title(db, 3);
	CHECK_STR(got, "至少讲1次专题党课");
	free(got);
	got = created_title(db, 2);
	CHECK_STR(got, "常态化开展突出问题整治");
	free(got);
	got = task_text(db, 1);
	CHECK_STR(got, "健全专题党课制度，至少讲1次专题党课。");
	free(got);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks WHERE title_at IS NOT NULL"),
		  pg ? 0 : 2);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks WHERE id = 3 AND title_at IS NULL"
				   " AND title = '迁移前改过的标题'"), 1);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM notes WHERE task_id = 2"), 1);
	CHECK_INT(finds_task(db, "迁移前改过的标题", 3), 1);
	CHECK_INT(finds_task(db, "常态化开展", 2), 1);
	long long added = 0;
	CHECK_INT(db_task_add(db, 1, "迁移后的任务", "bob", &added), LU_OK);
	CHECK_INT(added, 5);
	if (!pg) {
		CHECK_INT(raw_exec(path, "INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('integrity-check', 1);"),
			  SQLITE_OK);
		CHECK_INT(count_rows(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
		CHECK_INT(count_rows(path, TASKS_SCHEMA), schema12);
	}
#undef TASKS_SCHEMA
	db_close(db);
	free(path);
}

static void test_undo(void)
{
	struct fixture fx;
	fixture_open(&fx);
	struct db *db = fx.db;
	struct db_task t;
	struct db_hist *h;
	size_t nh;

	/* set, then undo twice: steps back through alice's changes */
	CHECK_INT(set1(db, fx.d, "unit", "宣传部", "alice"), LU_OK);
	CHECK_INT(set1(db, fx.d, "status", "done", "alice"), LU_OK);
	CHECK_INT(set1(db, fx.e, "owner", "鲍勃", "bob"), LU_OK); /* someone else's */
	CHECK_INT(db_undo(db, "alice", &h, &nh), LU_OK);
	CHECK_INT(nh, 2); /* status and the progress that came with it */
	if (nh == 2) {
		CHECK_STR(h[0].field, "progress");
		CHECK_STR(h[1].field, "status");
		CHECK_INT(h[1].undone, 1);
	}
	db_hist_free(h, nh);
	db_task_get(db, fx.d, &t);
	CHECK_INT(t.status, TASK_TODO);
	CHECK_INT(t.progress, 0);
	CHECK_STR(t.unit, "宣传部");
	db_task_free(&t);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_OK);
	db_task_get(db, fx.d, &t);
	CHECK(t.unit == NULL);
	db_task_free(&t);
	db_task_get(db, fx.e, &t);
	CHECK_STR(t.owner, "鲍勃"); /* bob's change untouched */
	db_task_free(&t);

	/* the audit trail shows both the change and its undo */
	CHECK_INT(db_history(db, fx.d, 0, &h, &nh), LU_OK);
	CHECK(nh >= 2);
	if (nh >= 2) {
		CHECK_INT(h[0].is_undo, 1);
		CHECK_STR(h[0].field, "unit");
		CHECK_STR(h[0].old_value, "宣传部");
		CHECK(h[0].new_value == NULL);
		CHECK_STR(h[0].who, "alice");
	}
	int undone_unit = 0;
	for (size_t i = 0; i < nh; i++)
		undone_unit += !h[i].is_undo && h[i].undone && strcmp(h[i].field, "unit") == 0;
	CHECK_INT(undone_unit, 1);
	db_hist_free(h, nh);

	/* undo refused when someone changed the field since */
	CHECK_INT(set1(db, fx.d, "owner", "甲", "alice"), LU_OK);
	CHECK_INT(set1(db, fx.d, "owner", "乙", "bob"), LU_OK);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_CONFLICT);
	CHECK(strstr(lu_errmsg(), "changed since by bob at 2026-05-28 20:26 ") != NULL);
	db_task_get(db, fx.d, &t);
	CHECK_STR(t.owner, "乙");
	db_task_free(&t);
	CHECK_INT(db_undo(db, "bob", NULL, NULL), LU_OK); /* bob may */
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_OK); /* and now alice may */
	db_task_get(db, fx.d, &t);
	CHECK(t.owner == NULL);
	db_task_free(&t);

	/* undo of a note deletes the note */
	long long note;
	CHECK_INT(db_note_add(db, fx.d, "第一条说明", "alice", &note), LU_OK);
	CHECK_INT(db_note_add(db, fx.d, "第二条说明", "alice", &note), LU_OK);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_OK);
	struct db_note *notes;
	size_t nn;
	CHECK_INT(db_notes(db, fx.d, &notes, &nn), LU_OK);
	CHECK_INT(nn, 1);
	if (nn == 1)
		CHECK_STR(notes[0].text, "第一条说明");
	db_notes_free(notes, nn);

	/* undo of delete brings the task back whole, with its id and notes */
	CHECK_INT(set1(db, fx.d, "owner", "赵六", "alice"), LU_OK);
	db_task_get(db, fx.d, &t);
	int version = t.version;
	db_task_free(&t);
	/* a delete decided on a stale copy is refused like a stale edit */
	CHECK_INT(db_task_delete(db, fx.d, version - 1, "carol"), LU_CONFLICT);
	CHECK(strstr(lu_errmsg(), "赵六") != NULL);
	CHECK(strstr(lu_errmsg(), "alice") != NULL);
	CHECK_INT(db_task_get(db, fx.d, &t), LU_OK);
	db_task_free(&t);
	CHECK_INT(db_undo(db, "carol", NULL, NULL), LU_NOTFOUND); /* nothing was recorded */
	CHECK_INT(db_task_delete(db, fx.d, version, "alice"), LU_OK);
	CHECK_INT(db_task_get(db, fx.d, &t), LU_NOTFOUND);
	CHECK_INT(db_notes(db, fx.d, &notes, &nn), LU_OK);
	CHECK_INT(nn, 0);
	db_notes_free(notes, nn);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_OK);
	CHECK_INT(db_task_get(db, fx.d, &t), LU_OK);
	CHECK_STR(t.owner, "赵六");
	CHECK_STR(t.title, "回应群众诉求");
	CHECK_INT(t.node_id, fx.n3);
	CHECK_INT(t.nnotes, 1);
	CHECK(t.version > version);
	db_task_free(&t);
	struct db_hit *hits;
	CHECK_INT(db_search(db, "第一条说明", &hits, &nh), LU_OK); /* back in the index */
	CHECK_INT(nh, 1);
	db_hits_free(hits, nh);

	/* undo of add deletes the task; refused once someone worked on it */
	long long id;
	CHECK_INT(db_task_add(db, fx.n1, "临时任务", "alice", &id), LU_OK);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_OK);
	CHECK_INT(db_task_get(db, id, &t), LU_NOTFOUND);
	CHECK_INT(db_task_add(db, fx.n1, "另一个任务", "alice", &id), LU_OK);
	CHECK_INT(db_note_add(db, id, "鲍勃的说明", "bob", NULL), LU_OK);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_CONFLICT);
	CHECK_INT(db_task_get(db, id, &t), LU_OK);
	db_task_free(&t);

	/* a user with nothing to undo */
	CHECK_INT(db_undo(db, "nobody", NULL, NULL), LU_NOTFOUND);
	fixture_close(&fx);
}

/* A task added with fields is all or nothing, and one undo step. */
static void test_add_fields(void)
{
	struct fixture fx;
	fixture_open(&fx);
	struct db *db = fx.db;
	int tasks = count_rows(fx.path, "SELECT count(*) FROM tasks");
	int hist = count_rows(fx.path, "SELECT count(*) FROM history");
	long long id = -1;
	struct db_change bad[] = {{"owner", "张三"}, {"status", "bogus"}};
	CHECK_INT(db_task_add_fields(db, fx.n1, "新任务", bad, 2, "dora", &id), LU_USAGE);
	CHECK(strstr(lu_errmsg(), "bogus") != NULL);
	CHECK_INT(id, 0);
	struct db_change unknown[] = {{"colour", "red"}};
	CHECK_INT(db_task_add_fields(db, fx.n1, "新任务", unknown, 1, "dora", &id), LU_USAGE);
	struct db_change good[] = {{"status", "done"}, {"owner", "张三"}, {"due", "2026/6/1"}};
	CHECK_INT(db_task_add_fields(db, 99999, "新任务", good, 3, "dora", &id), LU_NOTFOUND);
	CHECK_INT(count_rows(fx.path, "SELECT count(*) FROM tasks"), tasks);
	CHECK_INT(count_rows(fx.path, "SELECT count(*) FROM history"), hist);

	CHECK_INT(db_task_add_fields(db, fx.n1, "新任务", good, 3, "dora", &id), LU_OK);
	struct db_task t;
	CHECK_INT(db_task_get(db, id, &t), LU_OK);
	CHECK_STR(t.title, "新任务");
	CHECK_INT(t.status, TASK_DONE);
	CHECK_INT(t.progress, 100);
	CHECK_STR(t.owner, "张三");
	CHECK_STR(t.due, "2026-06-01");
	CHECK_STR(t.created_by, "dora");
	db_task_free(&t);
	struct db_hist *h;
	size_t nh;
	CHECK_INT(db_history(db, id, 0, &h, &nh), LU_OK);
	CHECK_INT(nh, 5); /* created, status, owner, due, progress */
	int same = nh > 0;
	for (size_t i = 1; i < nh; i++)
		same &= h[i].change_id == h[0].change_id;
	CHECK_MSG(same, "the add and its fields are one change");
	if (nh == 5)
		CHECK_STR(h[4].field, "created");
	db_hist_free(h, nh);
	CHECK_INT(db_undo(db, "dora", NULL, NULL), LU_OK);
	CHECK_INT(db_task_get(db, id, &t), LU_NOTFOUND); /* one undo took it all */
	CHECK_INT(db_undo(db, "dora", NULL, NULL), LU_NOTFOUND);
	fixture_close(&fx);
}

/* ---- search ---- */

static void test_search(void)
{
	struct db *db = open_fresh(NULL);
	long long doc = import_sample(db, "关于测试的意见", "search text", DB_IMPORT_NO_TASKS, NULL);
	long long n1 = node_by_label(db, doc, "1."), id;
	CHECK_INT(db_task_add(db, n1, "组织读书班学习", "alice", &id), LU_OK);
	CHECK_INT(db_note_add(db, id, "已形成枫桥式调研报告", "alice", NULL), LU_OK);
	struct db_hit *h;
	size_t n;

	CHECK_INT(db_search(db, "读书班", &h, &n), LU_OK); /* 3 characters: FTS */
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(h[0].kind, DB_HIT_NODE);
		CHECK_INT(h[0].id, n1);
		CHECK_INT(h[0].doc_id, doc);
		CHECK_STR(h[0].label, "1.");
		CHECK(strstr(h[0].snippet, "读书班") != NULL);
		CHECK_INT(h[1].kind, DB_HIT_TASK);
		CHECK_INT(h[1].task_id, id);
		CHECK_STR(h[1].label, "组织读书班学习");
	}
	db_hits_free(h, n);

	CHECK_INT(db_search(db, "党课", &h, &n), LU_OK); /* 2 characters: scan */
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK(strstr(h[0].snippet, "党课") != NULL);
		CHECK_STR(h[0].label, "2.");
	}
	db_hits_free(h, n);

	CHECK_INT(db_search(db, "枫", &h, &n), LU_OK); /* 1 character: node and note */
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(h[0].kind, DB_HIT_NODE);
		CHECK_INT(h[1].kind, DB_HIT_NOTE);
		CHECK_INT(h[1].task_id, id);
		CHECK_INT(h[1].node_id, n1);
		CHECK_STR(h[1].label, "组织读书班学习");
	}
	db_hits_free(h, n);

	CHECK_INT(db_search(db, "调研报告", &h, &n), LU_OK); /* across notes */
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(h[0].kind, DB_HIT_NOTE);
	db_hits_free(h, n);

	CHECK_INT(db_search(db, "读书班 每年", &h, &n), LU_OK); /* ANDed */
	CHECK_INT(n, 1);
	db_hits_free(h, n);
	CHECK_INT(db_search(db, "读书班　党课", &h, &n), LU_OK); /* U+3000 separates too */
	CHECK_INT(n, 0);
	db_hits_free(h, n);
	CHECK_INT(db_search(db, "不存在的词语", &h, &n), LU_OK);
	CHECK_INT(n, 0);
	db_hits_free(h, n);

	/* ASCII letters match in either case, short or long */
	long long ai;
	CHECK_INT(db_task_add(db, n1, "推广AI助手", "alice", &ai), LU_OK);
	CHECK_INT(db_search(db, "ai", &h, &n), LU_OK);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(h[0].task_id, ai);
	db_hits_free(h, n);
	CHECK_INT(db_search(db, "aI助手", &h, &n), LU_OK);
	CHECK_INT(n, 1);
	db_hits_free(h, n);

	/* the user's quotes and FTS syntax are plain text */
	const char *odd[] = {"\"读书", "读书班\"", "a OR b", "NEAR(x y)", "*党*", "\"\"\""};
	for (size_t i = 0; i < ARRAY_SIZE(odd); i++) {
		enum lu_status st = db_search(db, odd[i], &h, &n);
		check_report(st == LU_OK, odd[i], __FILE__, __LINE__);
		db_hits_free(h, n);
	}
	CHECK_INT(db_search(db, "  ", &h, &n), LU_USAGE);

	/* snippets are short and cut on character boundaries */
	CHECK_INT(db_search(db, "贯彻落实", &h, &n), LU_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		size_t len = strlen(h[0].snippet);
		CHECK(utf8_check(h[0].snippet, len) == (size_t)-1);
		CHECK(utf8_count(h[0].snippet, len) <= 32);
		CHECK(strstr(h[0].snippet, "贯彻落实") != NULL);
		CHECK(strncmp(h[0].snippet, "…", strlen("…")) == 0);
	}
	db_hits_free(h, n);
	db_close(db);
}

/* ---- several connections, failures ---- */

static void test_two_connections(void)
{
	char *path = NULL;
	struct db *a = open_fresh(&path), *b = NULL;
	CHECK_INT(db_open(path, 0, &b), LU_OK);
	if (!a || !b)
		return;
	long long va0, va1, vb0, vb1;
	CHECK_INT(db_data_version(a, &va0), LU_OK);
	CHECK_INT(db_data_version(b, &vb0), LU_OK);
	CHECK(import_sample(a, "甲", "conn text", DB_IMPORT_NO_TASKS, NULL) > 0);
	CHECK_INT(db_data_version(a, &va1), LU_OK);
	CHECK_INT(db_data_version(b, &vb1), LU_OK);
	CHECK(vb1 != vb0); /* the other connection sees a change */
	CHECK(va1 == va0); /* its own commit does not count */
	CHECK(!db_is_empty(b));

	/* a writer holding the lock: the other gives up after the timeout
	 * with one sentence, nothing changed */
	sqlite3 *h;
	sqlite3_open(path, &h);
	sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	long long id;
	CHECK_INT(db_task_add(b, node_by_label(b, 1, "1."), "等锁的任务", "bob", &id), LU_BUSY);
	CHECK(strstr(lu_errmsg(), "locked") != NULL);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	CHECK_INT(db_task_add(b, node_by_label(b, 1, "1."), "不再等锁", "bob", &id), LU_OK);

	/* saving a reading position that did not move writes nothing: no
	 * reload for the others, and no wait for a writer's lock */
	CHECK_INT(db_readpos_set(a, "alice", 1, 42), LU_OK);
	CHECK_INT(db_data_version(b, &vb0), LU_OK);
	sqlite3_open(path, &h);
	sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	CHECK_INT(db_readpos_set(a, "alice", 1, 42), LU_OK);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	CHECK_INT(db_data_version(b, &vb1), LU_OK);
	CHECK_INT(vb1, vb0);
	CHECK_INT(db_readpos_set(a, "alice", 1, 43), LU_OK);
	CHECK_INT(db_data_version(b, &vb1), LU_OK);
	CHECK(vb1 != vb0);
	long long pos = 0;
	CHECK_INT(db_readpos_get(b, "alice", 1, &pos), LU_OK);
	CHECK_INT(pos, 43);
	db_close(a);
	db_close(b);
	free(path);
}

/* ---- issue 7, case 9: waiting for a writer, and imports that plan
 * without the write lock ---- */

struct wait_log {
	int calls, cancel_at;
	struct db_holder seen;
	int known;
	long long last_ms;
	int tell; /* 1 + a pipe to write a byte to once the holder is known */
};

static int log_wait(void *ctx, const struct db_holder *h, long long waited_ms)
{
	struct wait_log *w = ctx;
	w->calls++;
	w->last_ms = waited_ms;
	if (h) {
		w->seen = *h;
		w->known = 1;
		if (w->tell && write(w->tell - 1, "w", 1) == 1)
			w->tell = 0;
	}
	return w->cancel_at && w->calls >= w->cancel_at;
}

static void test_wait(void)
{
	char *path = NULL;
	struct db *a = open_fresh(&path), *b = NULL;
	if (!a)
		return;
	long long doc = import_sample(a, "等待", "wait text", DB_IMPORT_NO_TASKS, NULL);
	long long node = node_by_label(a, doc, "1."), id = 0;
	struct wait_log log = {0};
	struct db_wait wait = {300, log_wait, &log};
	CHECK_INT(db_open_wait(path, 0, &wait, &b), LU_OK);
	if (!b)
		return;
	struct db_holder h;
	CHECK_INT(db_lock_holder(b, &h), 0); /* nobody writing */

	/* a long writer holds the lock and says who it is */
	CHECK_INT(db_begin(a), LU_OK);
	db_holder_begin(a, DB_HOLD_IMPORT, "大文件.txt");
	char *side = xasprintf("%s-writer", path);
	CHECK(access(side, F_OK) == 0);
	/* what it does by a code each reader translates, after the English
	 * sentence that older readers show */
	char *rec = NULL;
	size_t reclen = 0;
	CHECK_INT(lu_read_file(side, &rec, &reclen), LU_OK);
	CHECK(rec && strstr(rec, "\nimporting 大文件.txt\nimport\t大文件.txt\n") != NULL);
	free(rec);
	CHECK_INT(db_lock_holder(b, &h), 1);
	CHECK_STR(h.what, "importing 大文件.txt");
	CHECK_INT(h.pid, getpid());
	CHECK_STR(h.user, lu_username());
	CHECK_INT(db_task_add(b, node, "等锁的任务", "bob", &id), LU_BUSY);
	CHECK(log.calls >= 2);           /* told while waiting */
	CHECK(log.known);                /* with the holder's name */
	CHECK_STR(log.seen.what, "importing 大文件.txt");
	CHECK(log.last_ms < 300); /* never told after the timeout */
	CHECK(strstr(lu_errmsg(), "stayed locked by ") != NULL);
	CHECK(strstr(lu_errmsg(), "(importing 大文件.txt, pid ") != NULL);
	CHECK(strstr(lu_errmsg(), "nothing was changed") != NULL);
	CHECK(strchr(lu_errmsg(), '\n') == NULL);
	/* the caller may stop waiting */
	struct wait_log stop = {.cancel_at = 2};
	struct db_wait quick = {60000, log_wait, &stop};
	db_set_wait(b, &quick);
	CHECK_INT(db_task_add(b, node, "不等了", "bob", &id), LU_BUSY);
	CHECK_INT(stop.calls, 2);         /* not called again once it said stop */
	CHECK(stop.last_ms < 30000);      /* far from the 60 s it could have waited */
	CHECK(strstr(lu_errmsg(), "stopped waiting for the database") != NULL);
	CHECK_INT(db_end(a, LU_OK), LU_OK);
	CHECK(access(side, F_OK) != 0); /* gone with the lock */
	CHECK_INT(db_lock_holder(b, &h), 0);
	CHECK_INT(db_task_add(b, node, "轮到我了", "bob", &id), LU_OK);

	/* a writer that waits long enough gets in when the lock is freed: the
	 * holder lets go once told that we wait (pipes, not sleeps: a loaded
	 * machine let the child start after our write, which then never
	 * waited) */
	int ready[2], go[2];
	CHECK_INT(pipe(ready), 0);
	CHECK_INT(pipe(go), 0);
	pid_t child = fork();
	if (child == 0) {
		struct db *c = NULL;
		close(ready[0]);
		close(go[1]);
		if (db_open(path, 0, &c) != LU_OK || db_begin(c) != LU_OK)
			_exit(1);
		db_holder_begin(c, DB_HOLD_IMPORT, "慢文件.txt");
		char x;
		struct pollfd pf = {go[0], POLLIN, 0};
		if (write(ready[1], "r", 1) != 1 || poll(&pf, 1, 30000) != 1 || read(go[0], &x, 1) != 1)
			_exit(1);
		usleep(100 * 1000);
		_exit(db_end(c, LU_OK) == LU_OK ? 0 : 1);
	}
	close(ready[1]);
	close(go[0]);
	char r1 = 0;
	CHECK_INT(read(ready[0], &r1, 1), 1); /* the child holds the lock */
	close(ready[0]);
	struct wait_log patient = {.tell = go[1] + 1};
	struct db_wait longer = {10000, log_wait, &patient};
	db_set_wait(b, &longer);
	CHECK_INT(db_task_add(b, node, "等到了", "bob", &id), LU_OK);
	CHECK(patient.calls >= 1);
	CHECK(patient.known && strcmp(patient.seen.what, "importing 慢文件.txt") == 0);
	close(go[1]);
	int status = 0;
	waitpid(child, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* a record left by a process that is gone is ignored */
	child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, &status, 0);
	FILE *f = fopen(side, "w");
	fprintf(f, "luoshi-writer 1\n%ld\nghost\n0\nimporting nothing\n", (long)child);
	fclose(f);
	CHECK_INT(db_lock_holder(b, &h), 0);
	/* and a link put there is neither followed nor written through */
	unlink(side);
	char *target = xasprintf("%s/victim.txt", tmpdir);
	f = fopen(target, "w");
	fputs("keep me\n", f);
	fclose(f);
	CHECK(symlink(target, side) == 0);
	CHECK_INT(db_lock_holder(b, &h), 0);
	CHECK_INT(db_begin(a), LU_OK);
	db_holder_begin(a, DB_HOLD_IMPORT, "x");
	CHECK_INT(db_end(a, LU_OK), LU_OK);
	char got[16] = "";
	f = fopen(target, "r");
	if (f && !fgets(got, sizeof got, f))
		got[0] = '\0';
	if (f)
		fclose(f);
	CHECK_STR(got, "keep me\n");
	free(target);
	free(side);
	db_close(b);
	db_close(a);
	free(path);
}

/* What the planning hook does with a second connection. */
struct meanwhile {
	struct db *other;
	int what;  /* 1 add a task and import another document; 2 replace the
		    * target; 3 import the same text; 4 replace every time */
	int calls;
	long long node;
	enum lu_status st;
};

static void do_meanwhile(void *ctx)
{
	struct meanwhile *m = ctx;
	struct db_import_result res;
	long long id;
	char text[32];
	m->calls++;
	db_test_hooks.import_planned = NULL; /* not for the imports made here */
	/* no waiting at all: the importer must not hold the write lock */
	struct db_wait none = {1, NULL, NULL};
	db_set_wait(m->other, &none);
	if (m->what == 1) {
		m->st = db_task_add(m->other, m->node, "同时加的任务", "bob", &id);
		if (m->st == LU_OK && !import_sample(m->other, "同时导入", "meanwhile", 0, &res))
			m->st = LU_ERR;
	} else if (m->what == 2 || m->what == 4) {
		snprintf(text, sizeof text, "other version %d", m->calls);
		if (m->what == 4 || m->calls == 1)
			m->st = import_sample(m->other, "被替换", text, DB_IMPORT_REPLACE, &res)
					? LU_OK
					: LU_ERR;
	} else if (m->what == 3 && m->calls == 1) {
		m->st = import_sample(m->other, "同样的", "same text", 0, &res) ? LU_OK : LU_ERR;
	}
	db_set_wait(m->other, NULL);
	db_test_hooks.import_planned = do_meanwhile;
}

static int bad_rows(const char *path)
{
	return count_rows(path, "SELECT (SELECT count(*) FROM nodes n JOIN nodes p"
				" ON p.id = n.parent_id WHERE p.doc_id <> n.doc_id)"
				" + (SELECT count(*) FROM nodes n JOIN nodes t ON t.id = n.top_id"
				" WHERE t.doc_id <> n.doc_id)"
				" + (SELECT count(*) FROM tasks t LEFT JOIN nodes n ON n.id = t.node_id"
				" WHERE n.id IS NULL)"
				" + (SELECT count(*) FROM history h WHERE h.field = 'created'"
				" AND h.task_id NOT IN (SELECT id FROM tasks))");
}

/* netfs: the same with the rollback journal (a network file system),
 * where even a reader's lock would keep a writer out. */
static void test_import_unlocked(int netfs)
{
	char *path = NULL;
	if (netfs)
		setenv("LUOSHI_NETFS", "1", 1);
	struct db *a = open_fresh(&path), *b = NULL;
	CHECK_INT(db_open(path, 0, &b), LU_OK);
	if (!a || !b)
		return;
	long long doc = import_sample(a, "第一份", "first", 0, NULL);
	struct meanwhile m = {.other = b, .what = 1, .node = node_by_label(a, doc, "1.")};
	db_test_hooks.import_planned = do_meanwhile;
	db_test_hooks.ctx = &m;

	/* others write while an import plans; its new ids move past theirs */
	struct db_import_result res;
	long long mine = import_sample(a, "第二份", "second", 0, &res);
	CHECK_INT(m.calls, 1);
	CHECK_INT(m.st, LU_OK); /* they did not have to wait */
	CHECK(mine > 0);
	CHECK_INT(res.nnodes, 6);
	CHECK_INT(res.ntasks, expected_tasks(BODY2));
	CHECK_INT(count_rows(path, "SELECT count(*) FROM documents"), 3);
	CHECK_INT(bad_rows(path), 0);
	char *sql = xasprintf("SELECT count(*) FROM tasks t JOIN nodes n ON n.id = t.node_id"
			      " WHERE n.doc_id = %lld", mine);
	CHECK_INT(count_rows(path, sql), expected_tasks(BODY2));
	free(sql);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks WHERE title = '同时加的任务'"), 1);
	if (!pg)
		CHECK_INT(count_rows(path, "PRAGMA integrity_check"), 0);

	/* the version to replace was replaced meanwhile: plan again */
	long long target = import_sample(a, "被替换", "target v1", 0, NULL);
	m = (struct meanwhile){.other = b, .what = 2};
	CHECK_INT(import_sample(a, "被替换", "target mine", DB_IMPORT_REPLACE, &res), target);
	CHECK_INT(m.calls, 2);
	CHECK_INT(res.replaced, 1);
	struct db_doc dd;
	CHECK_INT(db_doc_get(a, target, &dd), LU_OK);
	CHECK_INT(docs_of_text(path, "target mine"), 1);
	/* the file's text is not kept a second time beside the nodes */
	CHECK_INT(count_rows(path, "SELECT count(*) FROM documents WHERE raw <> ''"), 0);
	CHECK_INT(dd.nnodes, 6);
	db_doc_free(&dd);
	CHECK_INT(bad_rows(path), 0);

	/* the same text came in meanwhile: nothing added */
	m = (struct meanwhile){.other = b, .what = 3};
	CHECK(import_sample(a, "同样的", "same text", 0, &res) > 0);
	CHECK_INT(res.duplicate, 1);
	CHECK_INT(docs_of_text(path, "same text"), 1);

	/* replaced every time: give up with a sentence, nothing of ours in */
	m = (struct meanwhile){.other = b, .what = 4};
	struct pdoc d;
	sample_doc(&d, "被替换", BODY2);
	CHECK_INT(db_import(a, &d, "UTF-8", "never mine", 10, "x.txt", DB_IMPORT_REPLACE, "alice",
			    &res),
		  LU_CONFLICT);
	pdoc_free_test(&d);
	CHECK_INT(m.calls, 3);
	CHECK(strstr(lu_errmsg(), "replaced by someone else") != NULL);
	CHECK_INT(docs_of_text(path, "never mine"), 0);
	db_test_hooks.import_planned = NULL;
	db_test_hooks.ctx = NULL;
	if (netfs)
		CHECK_STR(db_journal_mode(a), "delete");
	unsetenv("LUOSHI_NETFS");
	db_close(b);
	db_close(a);
	free(path);
}

static void test_rollback(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	import_sample(db, "甲", "first", 0, NULL);
	int docs = count_rows(path, "SELECT count(*) FROM documents");
	int nodes = count_rows(path, "SELECT count(*) FROM nodes");
	int tasks = count_rows(path, "SELECT count(*) FROM tasks");
	int hist = count_rows(path, "SELECT count(*) FROM history");

	/* the last node is bad: the kind CHECK fails after six good nodes and
	 * their tasks were written */
	struct pdoc d;
	sample_doc(&d, "乙", BODY2);
	d.nodes[2].kind = (enum node_kind)NODE_KIND_COUNT;
	struct db_import_result res;
	CHECK_INT(db_import(db, &d, "UTF-8", "second", 6, "b.txt", 0, "alice", &res), LU_ERR);
	CHECK_INT(res.doc_id, 0);
	d.nodes[2].kind = NODE_CLOSING;
	d.nodes[1].kids[0].level = 0; /* level CHECK */
	CHECK_INT(db_import(db, &d, "UTF-8", "second", 6, "b.txt", 0, "alice", &res), LU_ERR);
	pdoc_free_test(&d);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM documents"), docs);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM nodes"), nodes);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks"), tasks);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM history"), hist);
	if (!pg)
		CHECK_INT(count_rows(path, "SELECT count(*) FROM nodes_fts_docsize"), nodes);
	/* the same text imports fine afterwards: no half-written remains */
	sample_doc(&d, "乙", BODY2);
	CHECK_INT(db_import(db, &d, "UTF-8", "second", 6, "b.txt", 0, "alice", &res), LU_OK);
	pdoc_free_test(&d);

	/* a change failing half-way (after its first history row) */
	long long id;
	CHECK_INT(db_task_add(db, node_by_label(db, res.doc_id, "1."), "会失败的修改", "alice", &id),
		  LU_OK);
	db_close(db);
	raw_exec(path, q("CREATE TRIGGER boom BEFORE INSERT ON history WHEN new.field = 'owner'"
			 " BEGIN SELECT RAISE(ABORT, 'boom'); END",
			 "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS"
			 " 'BEGIN RAISE EXCEPTION ''boom''; END';"
			 "CREATE TRIGGER boom BEFORE INSERT ON history FOR EACH ROW"
			 " WHEN (new.field = 'owner') EXECUTE FUNCTION boom()"));
	hist = count_rows(path, "SELECT count(*) FROM history");
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	struct db_change ch[] = {{"status", "doing"}, {"owner", "张三"}};
	CHECK(db_task_set(db, id, ch, 2, -1, "alice") != LU_OK);
	struct db_task t;
	CHECK_INT(db_task_get(db, id, &t), LU_OK);
	CHECK_INT(t.status, TASK_TODO);
	CHECK_INT(t.version, 1);
	db_task_free(&t);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM history"), hist);
	db_close(db);
	free(path);
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Damage the leaf holding the lowest rowids of a table (a B-tree of two
 * levels or more), so a scan fails only after it returned other rows. */
static int damage_first_leaf(const char *path, const char *table)
{
	char *sql = xasprintf("SELECT rootpage FROM sqlite_master WHERE name = '%s'", table);
	int root = count_rows(path, sql);
	free(sql);
	int fd = open(path, O_RDWR);
	unsigned char hdr[100], page[65536];
	int ok = 0;
	if (fd >= 0 && root > 1 && pread(fd, hdr, sizeof hdr, 0) == (ssize_t)sizeof hdr) {
		unsigned size = be16(hdr + 16) == 1 ? 65536 : be16(hdr + 16);
		off_t at = (off_t)(root - 1) * size;
		/* an interior table page (type 5): its first cell starts with
		 * the page number of the leftmost child */
		if (pread(fd, page, size, at) == (ssize_t)size && page[0] == 5) {
			const unsigned char *cell = page + be16(page + 12);
			unsigned long child = (unsigned long)cell[0] << 24 | cell[1] << 16 |
					      cell[2] << 8 | cell[3];
			unsigned char junk = 0x00; /* no valid page type */
			ok = pwrite(fd, &junk, 1, (off_t)(child - 1) * size) == 1;
		}
	}
	if (fd >= 0)
		close(fd);
	return ok;
}

/* A read that fails part-way returns nothing, never a partial array. */
static void test_read_errors(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	long long doc = import_sample(db, "甲", "damaged later", DB_IMPORT_NO_TASKS, NULL);
	long long task = 0;
	CHECK_INT(db_task_add(db, node_by_label(db, doc, "1."), "改很多次", "alice", &task), LU_OK);
	char owner[256];
	for (int i = 0; i < 200; i++) {
		snprintf(owner, sizeof owner, "%03d 这是一个很长的名字，为了让历史表占好几页", i);
		set1(db, task, "owner", owner, "alice");
	}
	struct db_hist *h = NULL;
	size_t n = 0;
	CHECK_INT(db_history(db, 0, 0, &h, &n), LU_OK);
	CHECK(n > 200);
	db_hist_free(h, n);
	db_close(db);
	CHECK_MSG(damage_first_leaf(path, "history"), "damaged the history's first leaf");
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (db) {
		h = (struct db_hist *)&n; /* must be overwritten */
		n = 99;
		CHECK(db_history(db, 0, 0, &h, &n) != LU_OK);
		CHECK(h == NULL);
		CHECK_INT(n, 0);
		CHECK(strstr(lu_errmsg(), "damaged") != NULL);
		db_close(db);
	}
	free(path);
}

static char *text_row(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char *out = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			out = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return out;
}

static long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long)sb.st_size : 0;
}

/* A full disk, simulated with RLIMIT_FSIZE: the import fails with one
 * sentence and leaves the database as it was. */
static void test_disk_full(void)
{
	char *path = NULL;
	struct db *db = open_fresh(&path);
	import_sample(db, "甲", "before the disk filled", 0, NULL);
	int docs = count_rows(path, "SELECT count(*) FROM documents");
	int tasks = count_rows(path, "SELECT count(*) FROM tasks");
	struct pdoc d;
	memset(&d, 0, sizeof d);
	d.title = xstrdup("一份很大的文件");
	struct sbuf body = SBUF_INIT;
	for (int i = 0; i < 100; i++)
		sbuf_addf(&body, "各级党委要认真落实第%d项任务。", i);
	for (int i = 0; i < 2000; i++) {
		char label[16];
		snprintf(label, sizeof label, "%d.", i + 1);
		add_top(&d, node(NODE_ITEM, 1, label, "措施", body.s));
	}
	sbuf_free(&body);
	char *wal = xasprintf("%s-wal", path);
	long limit = file_size(path) + file_size(wal) + 65536;
	struct rlimit old, lim;
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = (rlim_t)limit;
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &lim);
	struct db_import_result res;
	enum lu_status st = db_import(db, &d, "UTF-8", "big", 3, "big.txt", 0, "alice", &res);
	setrlimit(RLIMIT_FSIZE, &old);
	CHECK_INT(st, LU_IO);
	CHECK(strstr(lu_errmsg(), "nothing was changed") != NULL);
	CHECK(strchr(lu_errmsg(), '\n') == NULL);
	CHECK_INT(db_is_empty(db), 0);
	db_close(db);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM documents"), docs);
	CHECK_INT(count_rows(path, "SELECT count(*) FROM tasks"), tasks);
	char *ok = text_row(path, "PRAGMA integrity_check");
	CHECK_STR(ok, "ok");
	free(ok);
	/* with room again, the same import goes through */
	CHECK_INT(db_open(path, 0, &db), LU_OK);
	if (db)
		CHECK_INT(db_import(db, &d, "UTF-8", "big", 3, "big.txt", 0, "alice", &res), LU_OK);
	db_close(db);
	pdoc_free_test(&d);
	free(wal);
	free(path);
}

/* ---- the change log (both engines) ---- */

static void check_logged(const struct db_logged *l, enum db_log_kind kind, long long task,
			 long long node, long long doc, const char *what)
{
	char buf[160];
	snprintf(buf, sizeof buf, "%s: kind %d task %lld node %lld doc %lld", what, (int)l->kind,
		 l->task_id, l->node_id, l->doc_id);
	check_report(l->kind == kind && l->task_id == task && l->node_id == node &&
			     l->doc_id == doc,
		     buf, __FILE__, __LINE__);
}

/* What a screen on another connection reads after seq. */
static size_t since(struct db *db, long long seq, struct db_logged **l, int *reload)
{
	size_t n = 0;
	*l = NULL;
	*reload = -1;
	if (db_changes_since(db, seq, l, &n, reload) != LU_OK)
		printf("# db_changes_since: %s\n", lu_errmsg());
	return n;
}

static void test_change_log(void)
{
	struct fixture fx;
	fixture_open(&fx);
	struct db *a = fx.db, *b = NULL;
	CHECK_INT(db_open(fx.path, 0, &b), LU_OK);
	if (!a || !b)
		return;
	long long seq0 = 0, seq1 = 0, note = 0, added = 0;
	CHECK_INT(db_log_last(b, &seq0), LU_OK);
	CHECK(seq0 >= 7); /* the import and the fixture's six tasks at least */
	struct db_logged *l;
	int reload;
	CHECK_INT(since(b, seq0, &l, &reload), 0);
	CHECK_INT(reload, 0);
	free(l);

	/* what each kind of change names, in commit order */
	CHECK_INT(set1(a, fx.a, "owner", "李四", "alice"), LU_OK);
	CHECK_INT(db_note_add(a, fx.b, "进展顺利", "alice", &note), LU_OK);
	CHECK_INT(db_task_add(a, fx.n2, "新任务", "alice", &added), LU_OK);
	CHECK_INT(db_task_delete(a, fx.d, -1, "alice"), LU_OK);
	size_t n = since(b, seq0, &l, &reload);
	CHECK_INT(n, 4);
	CHECK_INT(reload, 0);
	if (n == 4) {
		check_logged(&l[0], DB_LOG_TASK, fx.a, fx.n1, fx.doc, "a task's field");
		check_logged(&l[1], DB_LOG_NOTE, fx.b, fx.n1, fx.doc, "a note");
		check_logged(&l[2], DB_LOG_ADD, added, fx.n2, fx.doc, "a new task");
		check_logged(&l[3], DB_LOG_DELETE, fx.d, fx.n3, fx.doc, "a deleted task");
		CHECK(l[0].seq > seq0 && l[1].seq > l[0].seq && l[2].seq > l[1].seq &&
		      l[3].seq > l[2].seq);
	}
	free(l);

	/* a change refused logs nothing */
	CHECK_INT(db_log_last(b, &seq1), LU_OK);
	CHECK_INT(set1(a, fx.a, "progress", "101", "alice"), LU_USAGE);
	long long seq2 = 0;
	CHECK_INT(db_log_last(b, &seq2), LU_OK);
	CHECK_INT(seq2, seq1);

	/* undo logs what it puts back */
	long long task_b_before = 0;
	CHECK_INT(db_log_last(b, &task_b_before), LU_OK);
	CHECK_INT(db_undo(a, "alice", NULL, NULL), LU_OK); /* the delete */
	n = since(b, task_b_before, &l, &reload);
	CHECK_INT(n, 1);
	if (n == 1)
		check_logged(&l[0], DB_LOG_ADD, fx.d, fx.n3, fx.doc, "undoing a delete");
	free(l);

	/* an import changes the structure: the screens reload */
	CHECK_INT(db_log_last(b, &seq1), LU_OK);
	CHECK(import_sample(a, "第二份通知", "second", DB_IMPORT_NO_TASKS, NULL) > 0);
	n = since(b, seq1, &l, &reload);
	CHECK(n >= 1);
	CHECK_INT(reload, 1);
	CHECK(n >= 1 && l[0].kind == DB_LOG_STRUCTURE);
	free(l);

	/* a bounded window: a screen further behind than it reloads */
	db_test_hooks.log_keep = 3;
	for (int i = 1; i <= 5; i++) {
		char p[8];
		snprintf(p, sizeof p, "%d", i * 10);
		CHECK_INT(set1(a, fx.a, "progress", p, "alice"), LU_OK);
	}
	db_test_hooks.log_keep = 0;
	long long last = 0;
	CHECK_INT(db_log_last(b, &last), LU_OK);
	CHECK_INT(count_rows(fx.path, "SELECT count(*) FROM changes"), 3);
	n = since(b, last - 3, &l, &reload);
	CHECK_INT(n, 3);
	CHECK_INT(reload, 0);
	free(l);
	n = since(b, last - 5, &l, &reload);
	CHECK_INT(reload, 1); /* fell behind the window */
	free(l);
	db_close(b);
	fixture_close(&fx);
}

/* What a screen rereads after another user's change (db_node_own_counts,
 * db_doc_counts) agrees with what a full load counts (db_nodes, db_docs):
 * the own counts of all nodes add up to the document's, a node without
 * children has only its own, and the document's include the overdue. */
static void test_change_counts(void)
{
	struct fixture fx;
	fixture_open(&fx);
	struct db *db = fx.db;
	if (!db)
		return;
	CHECK_INT(set1(db, fx.d, "status", "dropped", "alice"), LU_OK);
	struct db_node *nd = NULL;
	size_t n = 0, ndocs = 0;
	struct db_counts sum = {0}, c;
	CHECK_INT(db_nodes(db, fx.doc, &nd, &n), LU_OK);
	for (size_t i = 0; i < n; i++) {
		CHECK_INT(db_node_own_counts(db, nd[i].id, &c), LU_OK);
		sum.ntasks += c.ntasks, sum.nactive += c.nactive, sum.ncomplete += c.ncomplete;
		sum.noverdue += c.noverdue;
		if (nd[i].nkids == 0) {
			CHECK_INT(c.ntasks, nd[i].ntasks);
			CHECK_INT(c.nactive, nd[i].nactive);
			CHECK_INT(c.ncomplete, nd[i].ncomplete);
		}
	}
	db_nodes_free(nd, n);
	struct db_doc *docs = NULL;
	CHECK_INT(db_docs(db, &docs, &ndocs), LU_OK);
	CHECK_INT(db_doc_counts(db, fx.doc, &c), LU_OK);
	for (size_t i = 0; i < ndocs; i++) {
		if (docs[i].id != fx.doc)
			continue;
		CHECK_INT(c.ntasks, docs[i].ntasks);
		CHECK_INT(c.nactive, docs[i].nactive);
		CHECK_INT(c.ncomplete, docs[i].ncomplete);
		CHECK_INT(c.noverdue, docs[i].noverdue);
	}
	db_docs_free(docs, ndocs);
	CHECK_INT(sum.ntasks, 6);
	CHECK_INT(sum.nactive, 5);    /* d dropped */
	CHECK_INT(sum.ncomplete, 2);  /* c done, f ongoing */
	CHECK_INT(sum.noverdue, 1);   /* a: doing, due 2020-01-01 */
	CHECK_INT(c.ntasks, sum.ntasks);
	CHECK_INT(c.noverdue, sum.noverdue);
	CHECK_INT(db_node_own_counts(db, 999999, &c), LU_OK); /* no such node: nothing */
	CHECK_INT(c.ntasks, 0);
	fixture_close(&fx);
}

/* ---- copying a whole store (both engines, and between them) ---- */

static char *export_json(struct db *db)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	if (export_write(db, EXPORT_JSON, 0, NULL, f, NULL) != LU_OK)
		printf("# export: %s\n", lu_errmsg());
	fclose(f);
	return buf;
}

static char *history_text(struct db *db)
{
	struct db_hist *h = NULL;
	size_t n = 0;
	struct sbuf b = SBUF_INIT;
	if (db_history(db, 0, 0, &h, &n) != LU_OK)
		printf("# history: %s\n", lu_errmsg());
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&b, "%lld %lld %lld %s %lld %s %s %s %d %d\n", h[i].id, h[i].change_id,
			    h[i].task_id, h[i].who, h[i].at, h[i].field,
			    h[i].old_value ? h[i].old_value : "-",
			    h[i].new_value ? h[i].new_value : "-", h[i].undone, h[i].is_undo);
	db_hist_free(h, n);
	return b.s ? b.s : xstrdup("");
}

static void check_same_store(struct db *x, struct db *y, const char *what)
{
	char *ex = export_json(x), *ey = export_json(y);
	char *hx = history_text(x), *hy = history_text(y);
	char buf[96];
	snprintf(buf, sizeof buf, "%s: the same export", what);
	check_report(ex && ey && strlen(ex) > 1000 && strcmp(ex, ey) == 0, buf, __FILE__, __LINE__);
	snprintf(buf, sizeof buf, "%s: the same history", what);
	check_report(strlen(hx) > 100 && strcmp(hx, hy) == 0, buf, __FILE__, __LINE__);
	free(ex);
	free(ey);
	free(hx);
	free(hy);
}

static void test_copy(void)
{
	struct fixture fx;
	fixture_open(&fx);
	struct db *src = fx.db;
	long long note = 0;
	CHECK_INT(db_note_add(src, fx.a, "已召开专题会议", "alice", &note), LU_OK);
	CHECK_INT(db_readpos_set(src, "alice", fx.doc, 7), LU_OK);
	CHECK_INT(db_task_delete(src, fx.f, -1, "alice"), LU_OK); /* the highest id goes */
	CHECK_INT(set1(src, fx.b, "owner", "王五", "bob"), LU_OK);
	CHECK_INT(db_undo(src, "bob", NULL, NULL), LU_OK);

	/* into a file */
	char *file = xasprintf("%s/copy.db", tmpdir);
	struct db *to = NULL;
	CHECK_INT(db_open(file, 0, &to), LU_OK);
	struct db_copy_result r = {0};
	CHECK_INT(db_copy(src, to, &r), LU_OK);
	CHECK_INT(r.documents, 1);
	CHECK_INT(r.tasks, 5);
	CHECK_INT(r.notes, 1);
	CHECK_INT(r.readpos, 1);
	CHECK_INT(r.history, count_rows(fx.path, "SELECT count(*) FROM history"));
	CHECK_INT(r.nodes, count_rows(fx.path, "SELECT count(*) FROM nodes"));
	check_same_store(src, to, "copied into a file");
	long long pos = 0;
	CHECK_INT(db_readpos_get(to, "alice", fx.doc, &pos), LU_OK);
	CHECK_INT(pos, 7);

	/* and back into a new store of this run's engine */
	struct db *back = NULL;
	char *back_path = fresh_path();
	CHECK_INT(db_open(back_path, 0, &back), LU_OK);
	CHECK_INT(db_copy(to, back, &r), LU_OK);
	check_same_store(src, back, pg ? "file to PostgreSQL" : "file to file");

	/* the id counters came across: a deleted id is not handed out again */
	long long id = 0;
	CHECK_INT(db_task_add(back, fx.n1, "复制后的新任务", "carol", &id), LU_OK);
	CHECK(id > fx.f);
	long long id2 = 0;
	CHECK_INT(db_task_add(src, fx.n1, "原处的新任务", "carol", &id2), LU_OK);
	CHECK_INT(id, id2);

	/* a target that holds documents is refused, nothing written */
	int before = count_rows(file, "SELECT count(*) FROM tasks");
	CHECK(db_copy(src, to, &r) != LU_OK);
	CHECK(strstr(lu_errmsg(), "already holds documents") != NULL);
	CHECK(strchr(lu_errmsg(), '\n') == NULL);
	CHECK_INT(count_rows(file, "SELECT count(*) FROM tasks"), before);
	db_close(back);
	db_close(to);
	free(back_path);
	free(file);
	fixture_close(&fx);
}

/* ---- PostgreSQL: conflicting writers, notifications ---- */

/* db_write's seam: on the attempts below until, the transaction first
 * reads (which takes its snapshot), then another connection changes the
 * task and commits, as a colleague's change landing between our read
 * and our write would. */
struct collide {
	const char *path;
	long long task;
	int until, calls;
};

static void collide_now(struct db *db, int attempt, void *ctx)
{
	static const struct db_sql snap = {"SELECT count(*) FROM tasks"};
	struct collide *c = ctx;
	c->calls++;
	if (attempt >= c->until)
		return;
	long long n;
	db_query_int64(db, &snap, "reading", &n);
	char *sql = xasprintf("UPDATE tasks SET owner = 'other-%d', version = version + 1"
			      " WHERE id = %lld", attempt, c->task);
	if (pgt_exec(c->path, sql) != 0)
		printf("# the colliding update failed\n");
	free(sql);
}

static char *owner_of(struct db *db, long long id)
{
	struct db_task t;
	if (db_task_get(db, id, &t) != LU_OK)
		return NULL;
	char *o = t.owner ? xstrdup(t.owner) : NULL;
	db_task_free(&t);
	return o;
}

static int version_of(struct db *db, long long id)
{
	struct db_task t;
	if (db_task_get(db, id, &t) != LU_OK)
		return -1;
	int v = t.version;
	db_task_free(&t);
	return v;
}

static void test_pg_retry(void)
{
	struct fixture fx;
	fixture_open(&fx);
	struct db *db = fx.db;
	struct collide c = {fx.path, fx.b, 1, 0};
	int v0 = version_of(db, fx.b);

	/* one collision: run again, and the change lands on top of the other */
	db_test_hooks.write_begun = collide_now;
	db_test_hooks.write_ctx = &c;
	CHECK_INT(set1(db, fx.b, "owner", "张三", "alice"), LU_OK);
	CHECK_INT(c.calls, 2);
	char *o = owner_of(db, fx.b);
	CHECK_STR(o, "张三");
	free(o);
	CHECK_INT(version_of(db, fx.b), v0 + 2); /* neither change lost */

	/* the version the user saw is checked after the retry too: the
	 * colleague's change wins, ours is refused, nothing lost */
	c.calls = 0;
	int v1 = version_of(db, fx.b);
	struct db_change ch = {"owner", "李四"};
	CHECK_INT(db_task_set(db, fx.b, &ch, 1, v1, "alice"), LU_CONFLICT);
	o = owner_of(db, fx.b);
	CHECK_STR(o, "other-0");
	free(o);

	/* colliding for longer than eight quick attempts (many writers on one
	 * document): still run again while a lock would be waited for */
	c.calls = 0;
	c.until = 14;
	CHECK_INT(set1(db, fx.b, "owner", "赵六", "alice"), LU_OK);
	CHECK_INT(c.calls, 15);
	o = owner_of(db, fx.b);
	CHECK_STR(o, "赵六");
	free(o);

	/* colliding every time: attempts for the time a lock is waited for
	 * (here 300 ms), then busy in one sentence, nothing of ours written */
	struct db_wait brief = {300, NULL, NULL};
	db_set_wait(db, &brief);
	c.calls = 0;
	c.until = 1000;
	int h0 = hist_count(db, fx.b);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT(set1(db, fx.b, "owner", "王五", "alice"), LU_BUSY);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long waited = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(c.calls >= 8);
	CHECK(waited >= 300); /* gave up only after the wait, not at once */
	CHECK(strstr(lu_errmsg(), "busy") != NULL);
	CHECK(strstr(lu_errmsg(), "nothing was changed") != NULL);
	CHECK(strchr(lu_errmsg(), '\n') == NULL);
	o = owner_of(db, fx.b);
	char *want = xasprintf("other-%d", c.calls - 1);
	CHECK_STR(o, want);
	free(want);
	free(o);
	CHECK_INT(hist_count(db, fx.b), h0);
	db_test_hooks.write_begun = NULL;
	db_test_hooks.write_ctx = NULL;
	fixture_close(&fx);
}

/* A deadlock: our change holds task a (taken on the seam) and then
 * wants b, which another connection holds while it waits for a. The
 * server's detector picks ours (the other waits 10 s before it looks),
 * 40P01, and db_write runs the change again; the other connection is gone
 * by then, so the second attempt gets both. */
struct deadlock {
	const char *path;
	long long a, b;
	void *other;
	int calls;
};

static void deadlock_now(struct db *db, int attempt, void *ctx)
{
	static const struct db_sql lock_a = {"SELECT id FROM tasks WHERE id = ?1",
					     "SELECT id FROM tasks WHERE id = $1 FOR UPDATE"};
	struct deadlock *d = ctx;
	d->calls++;
	if (attempt > 0) {
		if (d->other)
			pgt_release(d->other);
		d->other = NULL;
		return;
	}
	struct db_stmt *st = db_stmt(db, &lock_a);
	if (st) {
		db_bind_int64(st, 1, d->a);
		db_run(db, st, "locking");
	}
	char *sql = xasprintf("SET deadlock_timeout = '10s'; BEGIN;"
			      " UPDATE tasks SET owner = 'other' WHERE id = %lld", d->b);
	d->other = pgt_hold(d->path, sql);
	free(sql);
	sql = xasprintf("UPDATE tasks SET owner = 'other' WHERE id = %lld", d->a);
	if (!d->other || pgt_send(d->other, sql) != 0)
		printf("# the other connection could not wait for task a\n");
	free(sql);
	struct timespec ts = {0, 200000000}; /* its UPDATE is waiting by then */
	nanosleep(&ts, NULL);
}

static void test_pg_deadlock(void)
{
	struct fixture fx;
	fixture_open(&fx);
	struct deadlock d = {fx.path, fx.a, fx.b, NULL, 0};
	db_test_hooks.write_begun = deadlock_now;
	db_test_hooks.write_ctx = &d;
	CHECK_INT(set1(fx.db, fx.b, "owner", "我们", "alice"), LU_OK);
	db_test_hooks.write_begun = NULL;
	db_test_hooks.write_ctx = NULL;
	CHECK_INT(d.calls, 2); /* the deadlock, then the change again */
	char *o = owner_of(fx.db, fx.b);
	CHECK_STR(o, "我们");
	free(o);
	o = owner_of(fx.db, fx.a); /* the other's changes were rolled back */
	CHECK_STR(o, "张三");
	free(o);
	if (d.other)
		pgt_release(d.other);
	fixture_close(&fx);
}

static int readable(int fd, int ms)
{
	struct pollfd p = {fd, POLLIN, 0};
	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static void test_pg_notify(void)
{
	struct fixture fx;
	fixture_open(&fx);
	struct db *a = fx.db, *b = NULL;
	CHECK_INT(db_open(fx.path, 0, &b), LU_OK);
	if (!a || !b)
		return;
	int fd = db_change_fd(b);
	CHECK(fd >= 0);
	long long s0 = -1, s1 = -1, s2 = -1, last = 0;
	CHECK_INT(db_change_drain(b, &s0), LU_OK);
	CHECK(!readable(fd, 0)); /* nothing yet */
	CHECK_INT(set1(a, fx.a, "owner", "张三", "alice"), LU_OK);
	CHECK(readable(fd, 10000)); /* the commit wakes the other (not timed here: bench/) */
	CHECK_INT(db_change_drain(b, &s1), LU_OK);
	CHECK_INT(db_log_last(a, &last), LU_OK);
	CHECK_INT(s1, last); /* the payload is the log's number */

	/* a connection's own change does not wake it */
	CHECK_INT(set1(b, fx.a, "owner", "李四", "bob"), LU_OK);
	CHECK_INT(db_change_drain(b, &s2), LU_OK);
	CHECK_INT(s2, s1);
	long long v0 = 0, v1 = 0;
	CHECK_INT(db_data_version(b, &v0), LU_OK);
	CHECK_INT(set1(a, fx.a, "owner", "王五", "alice"), LU_OK);
	v1 = v0; /* the notification may take a moment to arrive */
	for (int i = 0; i < 100 && v1 == v0; i++)
		if (readable(fd, 100) && db_data_version(b, &v1) != LU_OK)
			break;
	CHECK(v1 != v0); /* the cheap check moves with others' commits */

	/* waiting: nothing comes, then another process commits */
	int changed = 1;
	CHECK_INT(db_change_wait(b, 100, &changed), LU_OK);
	CHECK_INT(changed, 0);
	fflush(stdout);
	pid_t kid = fork();
	if (kid == 0) { /* its own connection; _exit leaves the parent's alone */
		struct db *k = NULL;
		struct timespec ts = {0, 200000000};
		nanosleep(&ts, NULL);
		int ok = db_open(fx.path, 0, &k) == LU_OK &&
			 set1(k, fx.c, "owner", "子进程", "kid") == LU_OK;
		db_close(k);
		_exit(ok ? 0 : 1);
	}
	CHECK_INT(db_change_wait(b, 10000, &changed), LU_OK);
	CHECK_INT(changed, 1);
	int status = -1;
	waitpid(kid, &status, 0);
	CHECK_INT(status, 0);
	db_close(b);
	fixture_close(&fx);
}

/* A role that may only read: the read-only marker with the reason, and
 * every change refused in one sentence. */
static void test_pg_reader(void)
{
	struct fixture fx;
	fixture_open(&fx);
	char role[32];
	snprintf(role, sizeof role, "reader_%ld", (long)getpid());
	char *sql = xasprintf("CREATE ROLE %s LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public"
			      " TO %s", role, role);
	CHECK_INT(pgt_exec(fx.path, sql), 0);
	free(sql);
	char *as = pgt_as(fx.path, role);
	struct db *r = NULL;
	CHECK_INT(db_open(as, 0, &r), LU_OK);
	if (r) {
		CHECK(db_readonly(r));
		CHECK_STR(db_user(r), role);
		CHECK_INT(set1(r, fx.a, "owner", "读者", NULL), LU_READONLY);
		CHECK(strstr(lu_errmsg(), "may only read it") != NULL);
		CHECK(strchr(lu_errmsg(), '\n') == NULL);
		struct db_task t;
		CHECK_INT(db_task_get(r, fx.a, &t), LU_OK); /* reading works */
		db_task_free(&t);
		db_close(r);
	}
	/* who: the role is what history records on a server */
	char *me = pgt_text(fx.path, "SELECT session_user");
	CHECK_STR(db_user(fx.db), me);
	free(me);
	free(as);
	sql = xasprintf("DROP OWNED BY %s; DROP ROLE %s", role, role);
	pgt_exec(fx.path, sql);
	free(sql);
	fixture_close(&fx);
}

/* ---- the task list a page at a time ---- */

/* Two documents, 60 tasks added to their items in a scrambled order
 * (position is not id order), few distinct due dates and statuses (many
 * ties on every sort key), some without a due date. */
static void page_fixture(struct db *db, long long *ids, size_t n)
{
	long long doc1 = import_sample(db, "分页甲", "page one", DB_IMPORT_NO_TASKS, NULL);
	long long doc2 = import_sample(db, "分页乙", "page two", DB_IMPORT_NO_TASKS, NULL);
	long long nodes[6] = {node_by_label(db, doc2, "3."), node_by_label(db, doc1, "2."),
			      node_by_label(db, doc1, "1."), node_by_label(db, doc2, "1."),
			      node_by_label(db, doc1, "3."), node_by_label(db, doc2, "2.")};
	/* 2026-05-30: within a week of the tests' day (soon) */
	static const char *const dues[] = {"2026-01-01", "2026-05-30", "2026-03-01", "2025-12-31", ""};
	static const char *const statuses[] = {"todo", "doing", "todo", "blocked", "ongoing"};
	static const char *const units[] = {"组织部", "宣传部", "组织部办公室"};
	unsigned r = 7;
	for (size_t i = 0; i < n; i++) {
		r = r * 1103515245u + 12345u;
		char title[32];
		snprintf(title, sizeof title, "任务%zu%s", i, i % 4 ? "" : "整治");
		struct db_change ch[] = {{"due", dues[(r >> 8) % 5]},
					 {"status", statuses[(r >> 12) % 5]},
					 {"unit", units[(r >> 16) % 3]}};
		CHECK_INT(db_task_add_fields(db, nodes[(r >> 20) % 6], title, ch, 3, "alice", &ids[i]),
			  LU_OK);
	}
}

static struct db_filter *page_filter(const char *words)
{
	char *copy = xstrdup(words), *argv[4];
	int argc = 0;
	for (char *p = strtok(copy, " "); p && argc < 4; p = strtok(NULL, " "))
		argv[argc++] = p;
	struct db_filter *f = NULL;
	CHECK_INT(db_filter_parse(argc, argv, &f), LU_OK);
	free(copy);
	return f;
}

static char *task_ids(const struct db_task *t, size_t n)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&b, "%s%lld", i ? "," : "", t[i].id);
	return sbuf_detach(&b);
}

/* The whole list read a page of size at a time, forwards or backwards,
 * as ids. */
static char *paged_ids(struct db *db, const struct db_filter *f, enum db_sort sort, size_t size,
		       enum db_page_dir dir)
{
	struct db_task *all = NULL;
	size_t n = 0;
	struct db_task_key k = {0};
	for (int guard = 0; guard < 1000; guard++) {
		struct db_task *pg_ = NULL;
		size_t np = 0;
		if (db_tasks_page(db, f, sort, &k, dir, size, &pg_, &np) != LU_OK) {
			printf("# page: %s\n", lu_errmsg());
			break;
		}
		CHECK(np <= size);
		if (!np)
			break;
		db_task_key_of(&pg_[dir == DB_PAGE_AFTER ? np - 1 : 0], &k);
		/* a page before the key is in sort order: put it in front */
		struct db_task *m = xreallocarray(NULL, n + np, sizeof *m);
		if (n)
			memcpy(dir == DB_PAGE_AFTER ? m : m + np, all, n * sizeof *m);
		memcpy(dir == DB_PAGE_AFTER ? m + n : m, pg_, np * sizeof *m);
		free(all);
		free(pg_);
		all = m;
		n += np;
	}
	char *s = task_ids(all, n);
	db_tasks_free(all, n);
	return s;
}

static void check_paging(struct db *db, const char *words, enum db_sort sort)
{
	struct db_filter *f = page_filter(words);
	struct db_task *t;
	size_t n, count = 0;
	CHECK_INT(db_tasks(db, f, sort, &t, &n), LU_OK);
	char *want = task_ids(t, n);
	db_tasks_free(t, n);
	CHECK_INT(db_tasks_count(db, f, &count), LU_OK);
	CHECK_INT(count, n);
	static const size_t sizes[] = {1, 3, 7, 1000};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		for (int dir = 0; dir < 2; dir++) {
			char *got = paged_ids(db, f, sort, sizes[i], (enum db_page_dir)dir);
			if (!check_str(got, want, "pages = the full listing", __FILE__, __LINE__))
				printf("# filter \"%s\", sort %d, pages of %zu, %s\n", words, (int)sort,
				       sizes[i], dir ? "backwards" : "forwards");
			free(got);
		}
	db_filter_free(f);
	free(want);
}

/* By due date under a filter that needs one, a key without a date (its
 * task lost its date since it was shown) has nothing after it and the
 * list's last tasks before it. */
static void check_undated_key(struct db *db)
{
	struct db_filter *f = page_filter("overdue");
	struct db_task *t, *p = NULL;
	size_t n, np = 0;
	CHECK_INT(db_tasks(db, f, DB_SORT_DUE, &t, &n), LU_OK);
	struct db_task_key k = {.set = 1, .doc_id = 1, .node_id = 1, .id = 1};
	CHECK_INT(db_tasks_page(db, f, DB_SORT_DUE, &k, DB_PAGE_AFTER, 5, &p, &np), LU_OK);
	CHECK_INT(np, 0);
	CHECK_INT(db_tasks_page(db, f, DB_SORT_DUE, &k, DB_PAGE_BEFORE, 2, &p, &np), LU_OK);
	CHECK(n >= 2 && np == 2);
	if (n >= 2 && np == 2) {
		CHECK_INT(p[0].id, t[n - 2].id);
		CHECK_INT(p[1].id, t[n - 1].id);
	}
	db_tasks_free(p, np);
	db_tasks_free(t, n);
	db_filter_free(f);
}

/* A page after a task's key starts right after it; the page before
 * ends right before it. */
static void check_page_around(struct db *db, enum db_sort sort)
{
	struct db_task *t;
	size_t n;
	CHECK_INT(db_tasks(db, NULL, sort, &t, &n), LU_OK);
	struct db_task_key k;
	db_task_key_of(&t[n / 2], &k);
	struct db_task *p = NULL;
	size_t np = 0;
	CHECK_INT(db_tasks_page(db, NULL, sort, &k, DB_PAGE_AFTER, 4, &p, &np), LU_OK);
	CHECK_INT(np, 4);
	CHECK_INT(np ? p[0].id : 0, t[n / 2 + 1].id);
	CHECK_INT(np ? p[np - 1].id : 0, t[n / 2 + 4].id);
	/* appended to what is there, in order */
	CHECK_INT(db_tasks_page(db, NULL, sort, &k, DB_PAGE_BEFORE, 4, &p, &np), LU_OK);
	CHECK_INT(np, 8);
	CHECK_INT(np == 8 ? p[4].id : 0, t[n / 2 - 4].id);
	CHECK_INT(np == 8 ? p[7].id : 0, t[n / 2 - 1].id);
	db_tasks_free(p, np);
	db_tasks_free(t, n);
}

/* Changes between two pages: a task that moves past the reader is seen
 * once or not at all, never twice; the others exactly once. */
static void check_page_changes(struct db *db, const long long *ids, size_t nids)
{
	struct db_task *p = NULL;
	size_t np = 0;
	CHECK_INT(db_tasks_page(db, NULL, DB_SORT_STATUS, NULL, DB_PAGE_AFTER, 10, &p, &np), LU_OK);
	struct db_task_key k;
	db_task_key_of(&p[np - 1], &k);
	/* the first task read goes to the end; one not read yet to the front */
	long long moved_back = p[0].id, moved_front = 0;
	CHECK_INT(set1(db, moved_back, "status", "dropped", "bob"), LU_OK);
	for (size_t i = 0; i < nids && !moved_front; i++) {
		struct db_task t;
		if (db_task_get(db, ids[i], &t) == LU_OK && t.status == TASK_BLOCKED)
			moved_front = t.id;
		db_task_free(&t);
	}
	CHECK_INT(set1(db, moved_front, "status", "todo", "bob"), LU_OK);
	long long del = 0;
	CHECK_INT(db_task_add(db, node_by_label(db, p[0].doc_id, "1."), "新任务", "bob", &del),
		  LU_OK);
	CHECK_INT(db_tasks_page(db, NULL, DB_SORT_STATUS, &k, DB_PAGE_AFTER, 1000, &p, &np), LU_OK);
	for (size_t i = 0; i < nids; i++) {
		int seen = 0;
		for (size_t j = 0; j < np; j++)
			seen += p[j].id == ids[i];
		if (ids[i] == moved_back)
			CHECK_INT(seen, 2);
		else if (ids[i] == moved_front)
			CHECK(seen <= 1);
		else
			CHECK_INT(seen, 1);
	}
	db_tasks_free(p, np);
}

static void test_pages(void)
{
	char *path;
	struct db *db = open_fresh(&path);
	long long ids[60];
	page_fixture(db, ids, ARRAY_SIZE(ids));
	/* soon, due: and due.after: start the dated tasks at their date */
	static const char *const filters[] = {"", "status:todo,blocked", "unit:组织部", "整治",
					      "due.after:2025-12-31 unit:宣传部", "status:closed",
					      "soon", "overdue", "due:2026-05-30",
					      "soon due.after:2026-05-29", "due:2026-03-01 soon"};
	for (size_t i = 0; i < ARRAY_SIZE(filters); i++)
		for (int s = DB_SORT_POSITION; s <= DB_SORT_STATUS; s++)
			check_paging(db, filters[i], (enum db_sort)s);
	for (int s = DB_SORT_POSITION; s <= DB_SORT_STATUS; s++)
		check_page_around(db, (enum db_sort)s);
	check_undated_key(db);
	/* ties on the whole position: the id decides */
	CHECK_INT(raw_exec(path, "UPDATE tasks SET pos = 0"), SQLITE_OK);
	for (int s = DB_SORT_POSITION; s <= DB_SORT_STATUS; s++)
		check_paging(db, "", (enum db_sort)s);
	check_page_changes(db, ids, ARRAY_SIZE(ids));
	db_close(db);
	free(path);
}

/* ---- the document list a page at a time (db_doc_page) ---- */

static void heads_add(struct sbuf *b, const struct db_doc_head *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sbuf_addf(b, "%lld:%s;", h[i].id, h[i].title);
}

static char *doc_list_all(struct db *db)
{
	struct db_doc_head *h = NULL;
	size_t n = 0;
	struct sbuf b = SBUF_INIT;
	CHECK_INT(db_doc_list(db, 0, &h, &n), LU_OK);
	heads_add(&b, h, n);
	db_doc_heads_free(h, n);
	return sbuf_detach(&b);
}

/* The whole list read size at a time from the first (or the last) on,
 * as "id:title;" in order of id; each page in order and of at most size. */
static char *doc_pages(struct db *db, size_t size, enum db_page_dir dir)
{
	char *all = xstrdup("");
	long long from = dir == DB_PAGE_AFTER ? 0 : LLONG_MAX;
	for (int guard = 0; guard < 1000; guard++) {
		struct db_doc_head *h = NULL;
		size_t n = 0;
		CHECK_INT(db_doc_page(db, from, dir, size, &h, &n), LU_OK);
		CHECK(n <= size);
		for (size_t i = 1; i < n; i++)
			CHECK(h[i - 1].id < h[i].id);
		struct sbuf b = SBUF_INIT;
		heads_add(&b, h, n);
		char *page = sbuf_detach(&b), *was = all;
		all = dir == DB_PAGE_AFTER ? xasprintf("%s%s", all, page) : xasprintf("%s%s", page, all);
		free(was);
		free(page);
		if (n)
			from = h[dir == DB_PAGE_AFTER ? n - 1 : 0].id;
		db_doc_heads_free(h, n);
		if (!n)
			break;
	}
	return all;
}

static long long doc_page_first(struct db *db, long long from, enum db_page_dir dir, size_t *n)
{
	struct db_doc_head *h = NULL;
	CHECK_INT(db_doc_page(db, from, dir, 2, &h, n), LU_OK);
	long long id = *n ? h[dir == DB_PAGE_AFTER ? 0 : *n - 1].id : 0;
	db_doc_heads_free(h, *n);
	return id;
}

static void test_doc_pages(void)
{
	char *path;
	struct db *db = open_fresh(&path);
	long long ids[12];
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		char *title = xasprintf("关于第%zu号文件的通知", i + 1), *text = xasprintf("text %zu", i);
		ids[i] = import_sample(db, title, text, 0, NULL);
		free(title);
		free(text);
	}
	char *want = doc_list_all(db);
	CHECK(strstr(want, "关于第12号文件的通知") != NULL);
	static const size_t sizes[] = {1, 3, 5, 12, 100};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		for (int dir = 0; dir < 2; dir++) {
			char *got = doc_pages(db, sizes[i], (enum db_page_dir)dir);
			if (!check_str(got, want, "document pages = the whole list", __FILE__, __LINE__))
				printf("# pages of %zu, %s\n", sizes[i], dir ? "backwards" : "forwards");
			free(got);
		}
	/* next to a key: right after it, right before it; none past the ends */
	size_t n = 0;
	CHECK_INT(doc_page_first(db, ids[5], DB_PAGE_AFTER, &n), ids[6]);
	CHECK_INT(doc_page_first(db, ids[5], DB_PAGE_BEFORE, &n), ids[4]);
	CHECK_INT(doc_page_first(db, ids[11], DB_PAGE_AFTER, &n), 0);
	CHECK_INT(doc_page_first(db, ids[0], DB_PAGE_BEFORE, &n), 0);
	size_t count = 0;
	CHECK_INT(db_doc_count(db, &count), LU_OK);
	CHECK_INT(count, ARRAY_SIZE(ids));
	/* documents added and removed between two pages, on both sides of the
	 * key: the next page is the list as it is now, from the key on */
	char *sql = xasprintf("DELETE FROM tasks WHERE node_id IN (SELECT id FROM nodes WHERE"
			      " doc_id IN (%lld, %lld)); DELETE FROM documents WHERE id IN (%lld, %lld)",
			      ids[1], ids[8], ids[1], ids[8]);
	CHECK_INT(raw_exec(path, sql), SQLITE_OK);
	free(sql);
	long long added = import_sample(db, "后来的通知", "text later", 0, NULL);
	CHECK(added > ids[11]);
	CHECK_INT(doc_page_first(db, ids[7], DB_PAGE_AFTER, &n), ids[9]);
	CHECK_INT(doc_page_first(db, ids[2], DB_PAGE_BEFORE, &n), ids[0]);
	CHECK_INT(doc_page_first(db, ids[11], DB_PAGE_AFTER, &n), added);
	CHECK_INT(doc_page_first(db, ids[11], DB_PAGE_AFTER, &n) && n == 1, 1);
	free(want);
	want = doc_list_all(db);
	CHECK(strstr(want, "后来的通知") != NULL);
	for (int dir = 0; dir < 2; dir++) {
		char *got = doc_pages(db, 3, (enum db_page_dir)dir);
		check_str(got, want, "after the changes: pages = the whole list", __FILE__, __LINE__);
		free(got);
	}
	CHECK_INT(db_doc_count(db, &count), LU_OK);
	CHECK_INT(count, ARRAY_SIZE(ids) - 1);
	free(want);
	db_close(db);
	free(path);
}

static void test_default_path(void)
{
	setenv("LUOSHI_DB", "/x/y.db", 1);
	char *p = db_default_path();
	CHECK_STR(p, "/x/y.db");
	free(p);
	unsetenv("LUOSHI_DB");
	setenv("XDG_DATA_HOME", "/data", 1);
	p = db_default_path();
	CHECK_STR(p, "/data/luoshi/luoshi.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/u", 1);
	p = db_default_path();
	CHECK_STR(p, "/home/u/.local/share/luoshi/luoshi.db");
	free(p);
}

static void test_statuses(void)
{
	CHECK_INT(task_status_parse("已完成"), TASK_DONE);
	CHECK_INT(task_status_parse("blocked"), TASK_BLOCKED);
	CHECK_INT(task_status_parse("finished"), -1);
	CHECK_STR(task_status_name(TASK_ONGOING), "ongoing");
	CHECK_STR(task_status_zh(TASK_DROPPED), "已取消");
	CHECK(task_status_complete(TASK_ONGOING));
	CHECK(!task_status_complete(TASK_DROPPED));
}

/* ---- every field of field.h's list, whatever it holds ---- */

/* A value users may set for field f, and its stored form (a field the
 * list adds gets one by its kind, so that it is tested as it is added). */
static const char *field_sample(enum task_field f)
{
	switch (field_kind(f)) {
	case FIELD_DATE: return "2027-03-01";
	case FIELD_STATUS: return "doing";
	case FIELD_RECUR: return "monthly"; /* a recurrence and a reporting cycle */
	case FIELD_PERCENT: return "40";
	case FIELD_LONG: return "一段原文：任务的来源。";
	default: return f == TASK_F_TITLE ? "每个字段的任务" : field_column(f);
	}
}

/* 1 when task id of db holds every editable field's sample */
static int holds_samples(struct db *db, long long id, const char *what)
{
	struct db_task t;
	int ok = db_task_get(db, id, &t) == LU_OK;
	for (int i = 0; ok && i < TASK_FIELD_COUNT; i++) {
		enum task_field f = (enum task_field)i;
		char *v = field_value(&t, f);
		if (field_editable(f) && !db_same(v, field_sample(f))) {
			printf("# %s: %s is \"%s\", not \"%s\"\n", what, field_column(f), v ? v : "(null)",
			       field_sample(f));
			ok = 0;
		}
		free(v);
	}
	db_task_free(&t);
	return ok;
}

static char *export_text(struct db *db, enum export_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (export_write(db, fmt, 0, NULL, f, NULL) != LU_OK)
		printf("# export: %s\n", lu_errmsg());
	fclose(f);
	return buf;
}

/* Each field of the list is set, read, exported, deleted and brought back
 * by undo, and copied to another store, with no code of its own: the
 * store's column lists, struct db_task and the exports follow the list. */
static void test_every_field(void)
{
	struct db *db = open_fresh(NULL);
	long long doc = import_sample(db, "字段", "every field", DB_IMPORT_NO_TASKS, NULL);
	long long node = node_by_label(db, doc, "1."), id = 0;
	CHECK_INT(db_task_add(db, node, "新任务", "alice", &id), LU_OK);
	struct db_change ch[TASK_FIELD_COUNT];
	size_t n = 0;
	for (int i = 0; i < TASK_FIELD_COUNT; i++)
		if (field_editable((enum task_field)i))
			ch[n++] = (struct db_change){field_column((enum task_field)i),
						     field_sample((enum task_field)i)};
	CHECK_INT(db_task_set(db, id, ch, n, -1, "alice"), LU_OK);
	CHECK_MSG(holds_samples(db, id, "set"), "every field set is read back");

	char *json = export_text(db, EXPORT_JSON), *csv = export_text(db, EXPORT_CSV);
	for (int i = 0; i < TASK_FIELD_COUNT; i++) {
		enum task_field f = (enum task_field)i;
		char *key = xasprintf("\"%s\":", field_column(f));
		CHECK_MSG(json && strstr(json, key), key);
		free(key);
		const char *head = field_ledger(f);
		CHECK_MSG(!head || (csv && strstr(csv, head) && strstr(csv, field_sample(f))),
			  "the 台账 carries the fields given a heading");
	}
	free(json);
	free(csv);

	CHECK_INT(db_task_delete(db, id, -1, "alice"), LU_OK);
	CHECK_INT(db_undo(db, "alice", NULL, NULL), LU_OK);
	CHECK_MSG(holds_samples(db, id, "undo of delete"), "every field comes back with the task");

	char *path = fresh_path();
	struct db *to = NULL;
	struct db_copy_result r = {0};
	CHECK_INT(db_open(path, 0, &to), LU_OK);
	CHECK_INT(db_copy(db, to, &r), LU_OK);
	CHECK_MSG(holds_samples(to, id, "copy"), "every field is copied");
	db_close(to);
	free(path);
	db_close(db);
}

/* ---- the task list grouped by unit ---- */

/* The fixture's units made harder: lists of lead and assisting units in
 * every separator, a unit named twice, tasks naming none. */
static void unit_fixture(struct db *db, const long long *ids, size_t n)
{
	static const char *const leads[] = {"组织部，宣传部", NULL, "宣传部", "组织部;纪委", ""};
	static const char *const assists[] = {"宣传部、纪委", "组织部；组织部", NULL, "、", "纪委,组织部办公室"};
	for (size_t i = 0; i < n; i += 3) {
		const char *lead = leads[i / 3 % 5], *assist = assists[i % 5];
		CHECK_INT(set1(db, ids[i], "unit", lead ? lead : "", "bob"), LU_OK);
		if (assist)
			CHECK_INT(set1(db, ids[i], "assist", assist, "bob"), LU_OK);
	}
}

/* The groups as the listing read whole makes them: per unit name (each
 * task once), "" last; "name:lead,assist:ids" a group. */
static char *groups_of_listing(const struct db_task *t, size_t n, const int *only_sums)
{
	char **units;
	size_t nunits;
	struct ledger_member *m;
	size_t np = ledger_group(t, n, &units, &nunits, &m);
	/* the names in the order db_unit_groups gives them */
	size_t *order = xreallocarray(NULL, nunits ? nunits : 1, sizeof *order);
	for (size_t i = 0; i < nunits; i++)
		order[i] = i;
	for (size_t i = 1; i < nunits; i++)
		for (size_t j = i; j > 0; j--) {
			const char *a = units[order[j - 1]], *b = units[order[j]];
			int swap = !*a ? *b != 0 : *b && strcmp(a, b) > 0;
			if (!swap)
				break;
			size_t x = order[j];
			order[j] = order[j - 1];
			order[j - 1] = x;
		}
	struct sbuf b = SBUF_INIT;
	for (size_t k = 0; k < nunits; k++) {
		size_t u = order[k];
		int lead = 0, assist = 0;
		struct sbuf ids = SBUF_INIT;
		long long last = 0;
		for (size_t i = 0; i < np; i++) {
			if (m[i].unit != u || t[m[i].task].id == last)
				continue; /* a task once in a group */
			last = t[m[i].task].id;
			int led = !*units[u] || ledger_names_unit(t[m[i].task].unit, units[u]);
			*(led ? &lead : &assist) += 1;
			sbuf_addf(&ids, "%s%lld", ids.len ? "," : "", last);
		}
		sbuf_addf(&b, "%s:%d,%d:%s\n", units[u], lead, assist, *only_sums ? "" : ids.s ? ids.s : "");
		sbuf_free(&ids);
	}
	free(order);
	free(m);
	ledger_units_free(units, nunits);
	return sbuf_detach(&b);
}

/* A group read a page of size at a time, forwards or backwards, as ids. */
static void group_ids(struct db *db, const struct db_filter *f, const struct db_unit_group *g,
		      enum db_sort sort, size_t size, enum db_page_dir dir, struct sbuf *out)
{
	struct db_task *all = NULL;
	size_t n = 0;
	struct db_task_key k = {0};
	for (int guard = 0; guard < 1000; guard++) {
		size_t had = n;
		if (db_unit_page(db, f, g, sort, &k, dir, size, &all, &n) != LU_OK) {
			printf("# page: %s\n", lu_errmsg());
			break;
		}
		CHECK(n - had <= size);
		if (n == had)
			break;
		db_task_key_of(&all[dir == DB_PAGE_AFTER ? n - 1 : had], &k);
		if (dir == DB_PAGE_BEFORE) { /* the new page goes in front */
			struct db_task *x = xreallocarray(NULL, n, sizeof *x);
			memcpy(x, all + had, (n - had) * sizeof *x);
			memcpy(x + (n - had), all, had * sizeof *x);
			free(all);
			all = x;
		}
	}
	for (size_t i = 0; i < n; i++)
		sbuf_addf(out, "%s%lld", i ? "," : "", all[i].id);
	db_tasks_free(all, n);
}

/* The groups with their sums and their tasks read a page at a time, in
 * both ways of reading a group, as groups_of_listing writes them. */
static char *groups_paged(struct db *db, const struct db_filter *f, enum db_sort sort, size_t size,
			  enum db_page_dir dir, int own)
{
	struct late_levels lv;
	late_levels_default(&lv);
	struct db_unit_group *g = NULL;
	size_t ng = 0;
	CHECK_INT(db_unit_groups(db, f, &lv, &g, &ng), LU_OK);
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < ng; i++) {
		g[i].own = own && *g[i].unit;
		sbuf_addf(&b, "%s:%d,%d:", g[i].unit, g[i].lead, g[i].assist);
		if (size)
			group_ids(db, f, &g[i], sort, size, dir, &b);
		sbuf_addc(&b, '\n');
	}
	db_unit_groups_free(g, ng);
	return sbuf_detach(&b);
}

/* The groups written as groups_paged writes them, g[from] on read by
 * the one pass (db_unit_groups_each) after g[from]'s first task, which
 * a page of one reads, and the groups before it by pages. */
struct passed {
	struct sbuf *b;
	const struct db_unit_group *g;
	size_t at;
	int empty;
};

static void passed_open(struct passed *p, size_t i)
{
	sbuf_addf(p->b, "%s:%d,%d:", p->g[i].unit, p->g[i].lead, p->g[i].assist);
	p->at = i;
	p->empty = 1;
}

static void passed_id(struct passed *p, long long id)
{
	sbuf_addf(p->b, "%s%lld", p->empty ? "" : ",", id);
	p->empty = 0;
}

static int passed_row(size_t group, const struct db_task *t, void *ctx)
{
	struct passed *p = ctx;
	CHECK(t->title && *t->title); /* what a listing prints is there */
	while (p->at < group) {
		sbuf_addc(p->b, '\n');
		passed_open(p, p->at + 1);
	}
	passed_id(p, t->id);
	return 0;
}

static char *groups_passed(struct db *db, const struct db_filter *f, enum db_sort sort,
			   size_t from)
{
	struct late_levels lv;
	late_levels_default(&lv);
	struct db_unit_group *g = NULL;
	size_t ng = 0;
	CHECK_INT(db_unit_groups(db, f, &lv, &g, &ng), LU_OK);
	struct sbuf b = SBUF_INIT;
	struct passed p = {&b, g, 0, 1};
	for (size_t i = 0; i < from && i < ng; i++) {
		passed_open(&p, i);
		group_ids(db, f, &g[i], sort, 1000, DB_PAGE_AFTER, &b);
		sbuf_addc(&b, '\n');
	}
	if (from < ng) {
		struct db_task *t = NULL;
		size_t n = 0;
		struct db_task_key k = {0};
		CHECK_INT(db_unit_page(db, f, &g[from], sort, &k, DB_PAGE_AFTER, 1, &t, &n), LU_OK);
		passed_open(&p, from);
		if (n) {
			passed_id(&p, t[0].id);
			db_task_key_of(&t[0], &k);
		}
		db_tasks_free(t, n);
		CHECK_INT(db_unit_groups_each(db, f, g, ng, from, sort, &k, passed_row, &p), LU_OK);
		while (p.at + 1 < ng) {
			sbuf_addc(&b, '\n');
			passed_open(&p, p.at + 1);
		}
		sbuf_addc(&b, '\n');
	}
	db_unit_groups_free(g, ng);
	return sbuf_detach(&b);
}

static void check_unit_pass(struct db *db, const struct db_filter *f, const char *words,
			    enum db_sort sort, const char *want)
{
	size_t lines = 0;
	for (const char *c = want; *c; c++)
		lines += *c == '\n';
	size_t froms[] = {0, lines / 2, lines ? lines - 1 : 0};
	for (size_t i = 0; i < ARRAY_SIZE(froms); i++) {
		char *got = groups_passed(db, f, sort, froms[i]);
		if (!check_str(got, want, "groups from one pass = the full listing grouped",
			       __FILE__, __LINE__))
			printf("# filter \"%s\", sort %d, the pass from group %zu\n", words, (int)sort,
			       froms[i]);
		free(got);
	}
}

static void check_unit_paging(struct db *db, const char *words, enum db_sort sort)
{
	struct db_filter *f = page_filter(words);
	struct db_task *t;
	size_t n;
	int sums_only = 1, whole = 0;
	CHECK_INT(db_tasks(db, f, sort, &t, &n), LU_OK);
	char *want = groups_of_listing(t, n, &whole);
	char *want_sums = groups_of_listing(t, n, &sums_only);
	db_tasks_free(t, n);
	char *sums = groups_paged(db, f, sort, 0, DB_PAGE_AFTER, 0);
	if (!check_str(sums, want_sums, "the groups' sums = the full listing's", __FILE__, __LINE__))
		printf("# filter \"%s\"\n", words);
	free(sums);
	static const size_t sizes[] = {1, 3, 7, 1000};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		for (int dir = 0; dir < 2; dir++)
			for (int own = 0; own < 2; own++) {
				char *got = groups_paged(db, f, sort, sizes[i], (enum db_page_dir)dir, own);
				if (!check_str(got, want, "groups paged = the full listing grouped",
					       __FILE__, __LINE__))
					printf("# filter \"%s\", sort %d, pages of %zu, %s, %s\n", words,
					       (int)sort, sizes[i], dir ? "backwards" : "forwards",
					       own ? "own tasks" : "walking the list");
				free(got);
			}
	check_unit_pass(db, f, words, sort, want);
	db_filter_free(f);
	free(want);
	free(want_sums);
}

/* Late levels in the sums: counted from the kept due dates as the
 * listing counts them from each task. */
static void check_unit_late(struct db *db)
{
	struct late_levels lv;
	late_levels_default(&lv);
	struct db_unit_group *g = NULL;
	size_t ng = 0;
	struct db_task *t;
	size_t n;
	CHECK_INT(db_tasks(db, NULL, DB_SORT_POSITION, &t, &n), LU_OK);
	for (int pass = 0; pass < 2; pass++) {
		struct db_filter *f = page_filter(pass ? "status:todo,doing,blocked,ongoing" : "");
		CHECK_INT(db_unit_groups(db, f, &lv, &g, &ng), LU_OK);
		for (size_t i = 0; i < ng; i++) {
			int late[LATE_RED + 1] = {0}, st[TASK_STATUS_COUNT] = {0};
			for (size_t k = 0; k < n; k++) {
				const struct db_task *x = &t[k];
				if (pass && (x->status == TASK_DONE || x->status == TASK_CLOSED ||
					     x->status == TASK_DROPPED))
					continue;
				int in = *g[i].unit ? ledger_names_unit(x->unit, g[i].unit) ||
							      ledger_names_unit(x->assist, g[i].unit)
						    : !ledger_unit_next(x->unit, &(size_t){0}) &&
							      !ledger_unit_next(x->assist, &(size_t){0});
				if (!in)
					continue;
				char today[11];
				lu_today(today);
				late[late_level_of(&lv, x->overdue ? late_days(x->due, today) : 0)]++;
				st[x->status]++;
			}
			CHECK(memcmp(late, g[i].late, sizeof late) == 0);
			CHECK(memcmp(st, g[i].status, sizeof st) == 0);
		}
		db_unit_groups_free(g, ng);
		db_filter_free(f);
	}
	db_tasks_free(t, n);
}

static void test_unit_pages(void)
{
	char *path;
	struct db *db = open_fresh(&path);
	long long ids[60];
	page_fixture(db, ids, ARRAY_SIZE(ids));
	unit_fixture(db, ids, ARRAY_SIZE(ids));
	static const char *const filters[] = {"", "status:todo,blocked", "unit:组织部", "整治",
					      "due.after:2025-12-31 unit:宣传部", "status:closed",
					      "overdue"};
	for (size_t i = 0; i < ARRAY_SIZE(filters); i++)
		for (int s = DB_SORT_POSITION; s <= DB_SORT_STATUS; s++)
			check_unit_paging(db, filters[i], (enum db_sort)s);
	check_unit_late(db);
	/* changes: the sums follow (kept counts), ties on the whole position */
	CHECK_INT(set1(db, ids[1], "assist", "纪委", "bob"), LU_OK);
	CHECK_INT(set1(db, ids[2], "unit", "", "bob"), LU_OK);
	CHECK_INT(set1(db, ids[4], "status", "done", "bob"), LU_OK);
	CHECK_INT(raw_exec(path, "UPDATE tasks SET pos = 0"), SQLITE_OK);
	for (int s = DB_SORT_POSITION; s <= DB_SORT_STATUS; s++)
		check_unit_paging(db, "", (enum db_sort)s);
	db_close(db);
	free(path);
}

/* The total of a filtered list: from the kept counts where they answer
 * (status, doc, overdue, soon), a visit otherwise; the same as the
 * listing either way. */
static void test_filtered_counts(void)
{
	char *path;
	struct db *db = open_fresh(&path);
	long long ids[60];
	page_fixture(db, ids, ARRAY_SIZE(ids));
	CHECK_INT(set1(db, ids[3], "due", "2026-05-30", "bob"), LU_OK); /* soon */
	CHECK_INT(set1(db, ids[3], "status", "todo", "bob"), LU_OK);
	CHECK_INT(set1(db, ids[5], "due", "2026-06-01", "bob"), LU_OK);
	CHECK_INT(set1(db, ids[5], "status", "done", "bob"), LU_OK); /* done: not soon */
	struct db_task *t;
	size_t n;
	CHECK_INT(db_tasks(db, NULL, DB_SORT_POSITION, &t, &n), LU_OK);
	char *doc = xasprintf("doc:%lld", n ? t[0].doc_id : 0LL);
	char *doc_todo = xasprintf("doc:%lld status:todo overdue", n ? t[0].doc_id : 0LL);
	db_tasks_free(t, n);
	const char *const filters[] = {"", "status:todo", "status:doing,blocked,done", "overdue",
				       "soon", "status:ongoing overdue", doc, doc_todo,
				       "status:closed", "unit:组织部 status:todo"};
	for (size_t i = 0; i < ARRAY_SIZE(filters); i++) {
		struct db_filter *f = page_filter(filters[i]);
		size_t count = 0;
		CHECK_INT(db_tasks(db, f, DB_SORT_POSITION, &t, &n), LU_OK);
		CHECK_INT(db_tasks_count(db, f, &count), LU_OK);
		if (!check_int((long long)count, (long long)n, "count = the listing", __FILE__, __LINE__))
			printf("# filter \"%s\"\n", filters[i]);
		db_tasks_free(t, n);
		db_filter_free(f);
	}
	free(doc);
	free(doc_todo);
	db_close(db);
	free(path);
}

int main(int argc, char **argv)
{
	(void)argc;
	setenv("TZ", "UTC", 1);
	setenv("LUOSHI_NOW", "1780000000", 1); /* 2026-05-28 */
	pg = pgt_mode();
	if (pg)
		pgt_ensure(argv);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/luoshi-test-db-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_sha256();
	test_statuses();
	test_default_path();
	test_open_fresh();
	test_value_lists();
	/* files: paths, rights, journals, snapshots, SQLite's own lock and
	 * pages (PostgreSQL's counterparts are in test_pg) */
	if (!pg) {
		test_open_shared_dir();
		test_open_refusals();
		test_open_paths();
		test_open_foreign();
		test_open_netfs();
		test_readonly();
		test_snapshot();
	}
	test_import();
	test_replace();
	test_replace_ids();
	test_replace_renumber();
	test_replace_twins();
	test_replace_split();
	test_replace_errors();
	test_filters();
	test_pages();
	test_doc_pages();
	test_unit_pages();
	test_filtered_counts();
	test_task_set();
	test_progress_follows();
	if (!pg)
		test_migrate_v2();
	test_utf8_refused();
	test_undo();
	test_created_title();
	test_text_slices();
	test_own_sentence();
	test_title_slices();
	test_migrate_13();
	test_add_fields();
	test_every_field();
	test_search();
	if (!pg) {
		test_two_connections();
		test_wait();
	}
	test_import_unlocked(0);
	if (!pg)
		test_import_unlocked(1);
	test_rollback();
	test_change_log();
	test_change_counts();
	test_copy();
	if (pg) {
		test_pg_retry();
		test_pg_deadlock();
		test_pg_notify();
		test_pg_reader();
	}
	if (!pg) {
		test_read_errors();
		test_disk_full();
	}
	char *rm = xasprintf("rm -rf '%s'", tmpdir);
	if (system(rm) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(rm);
	return check_done();
}
