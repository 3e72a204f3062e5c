/* test_kill.c - kill -9 in the middle (issue 7): a process upgrading an
 * old-version database to the current schema, or importing a document,
 * is killed with SIGKILL; reopened, the database is sound and holds the
 * old data or the new, never something between. Two ways to stop it:
 * between any two statements of the migration (the test seam
 * db_test_hooks.migration_step stops the child there), and at random
 * moments, which also land inside the commit. Both journal modes.
 * KILL_TRIALS=N sets the random trials per case (default 12; bench/run
 * uses more). */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "db_digest.h"
#include "db_impl.h"
#include "luoshi/db.h"
#include "luoshi/parse.h"
#include "luoshi/seed.h"

static char tmpdir[64];
static int ready_fd = -1; /* the child says "stopped here" on it */
static int stop_at;       /* the migration step the child stops at */

static void stop_here(int to_version, int step)
{
	(void)to_version;
	if (step != stop_at)
		return;
	char c = 's';
	if (write(ready_fd, &c, 1) != 1)
		_exit(3);
	for (;;)
		pause(); /* until the parent's SIGKILL */
}

/* ---- the databases ---- */

static const char *seed_text;
static size_t seed_len;
static struct pdoc seed_doc;

/* Schema 1 with the seed and tasks marked done the way schema 1 did. */
static void make_old(const char *path)
{
	struct db *db = NULL;
	struct db_import_result res;
	db_remove(path);
	db_test_hooks.schema_limit = 1;
	if (db_open(path, 0, &db) == LU_OK)
		db_import(db, &seed_doc, "UTF-8", seed_text, seed_len, "seed.txt", 0, "alice", &res);
	db_test_hooks.schema_limit = 0;
	db_close(db);
	const char *sql = "UPDATE tasks SET status = 'done', progress = 100 WHERE id <= 9;"
		    "INSERT INTO history (change_id, task_id, who, at, field, old, new)"
		    " SELECT 100 + id, id, 'alice', 1, 'status', 'todo', 'done' FROM tasks"
		    " WHERE id <= 9;";
	sqlite3 *h;
	sqlite3_open(path, &h);
	sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
}

/* The current schema with one small document, for the import case. */
static void make_current(const char *path)
{
	struct db *db = NULL;
	struct db_import_result res;
	struct pdoc d;
	static const char text[] = "关于做好工作的通知\n一、总体要求\n1.各单位要加强学习。\n";
	db_remove(path);
	memset(&d, 0, sizeof d);
	parse_document(text, strlen(text), &d);
	if (db_open(path, 0, &db) == LU_OK)
		db_import(db, &d, "UTF-8", text, strlen(text), "small.txt", 0, "alice", &res);
	db_close(db);
	pdoc_free(&d);
}

/* The current schema with a task done, for the 销号 case. */
static void make_done(const char *path)
{
	struct db *db = NULL;
	struct db_change ch[] = {{"recurrence", ""}, {"status", "done"}};
	struct db_change after = {"recheck-after", "6"};
	struct db_import_result res;
	db_remove(path);
	if (db_open(path, 0, &db) == LU_OK &&
	    (db_import(db, &seed_doc, "UTF-8", seed_text, seed_len, "seed.txt", 0, "alice", &res) !=
		     LU_OK ||
	     db_task_set(db, 1, ch, 2, -1, "alice") != LU_OK ||
	     db_settings_set(db, &after, 1, lu_username()) != LU_OK))
		printf("# the done task: %s\n", lu_errmsg());
	db_close(db);
}

/* ---- the child: does the work, may be stopped or killed ---- */

enum work { WORK_MIGRATE, WORK_IMPORT, WORK_CLOSE };

static void child_work(enum work w, const char *path)
{
	struct db *db = NULL;
	struct db_import_result res;
	/* the work begins: a kill from now on lands in it (a random trial
	 * counts only those). The migration's work is db_open itself; the
	 * others' follows it. */
	char c = 'w';
	if (w == WORK_MIGRATE && !stop_at && write(ready_fd, &c, 1) != 1)
		_exit(3);
	enum lu_status st = db_open(path, 0, &db);
	if (w != WORK_MIGRATE && st == LU_OK && !stop_at && write(ready_fd, &c, 1) != 1)
		_exit(3);
	if (st == LU_OK && w == WORK_IMPORT)
		st = db_import(db, &seed_doc, "UTF-8", seed_text, seed_len, "seed.txt", 0, "bob",
			       &res);
	/* a 销号: the review, the status and the 回头看 date in one change */
	if (st == LU_OK && w == WORK_CLOSE)
		st = db_task_close(db, 1, "会议纪要", -1, "bob");
	db_close(db);
	_exit(st == LU_OK ? 0 : 2);
}

/* Run the work in a child; stop it at step (migration) or after delay_us
 * (0: let it finish), then SIGKILL it. Returns the child's exit code, or
 * -1 when it was killed; *began (may be NULL) says whether the child had
 * opened the database and begun the work. */
static int run_child(enum work w, const char *path, int step, long delay_us, int *began)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -2;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		ready_fd = fds[1];
		stop_at = step;
		db_test_hooks.migration_step = step ? stop_here : NULL;
		child_work(w, path);
	}
	close(fds[1]);
	char c;
	if (step) {
		if (read(fds[0], &c, 1) == 1)
			kill(pid, SIGKILL);
	} else if (delay_us > 0) {
		struct timespec ts = {delay_us / 1000000, (delay_us % 1000000) * 1000};
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	/* the child is gone: its 'w' is in the pipe, or the pipe is at its end */
	int w_read = !step && read(fds[0], &c, 1) == 1;
	if (began)
		*began = w_read;
	close(fds[0]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- the checks ---- */

struct tally {
	int trials, killed, unsound, between, unopenable;
};

/* After the child: sound, and old or new; then luoshi opens it and it is
 * (brought) up to date. */
static void check_after(const char *work, const char *before, const char *after,
			struct tally *t)
{
	char got[65];
	int sound;
	db_digest(work, got, &sound);
	t->trials++;
	t->unsound += !sound;
	if (strcmp(got, before) != 0 && strcmp(got, after) != 0)
		t->between++;
	struct db *db = NULL;
	if (db_open(work, 0, &db) != LU_OK) {
		printf("# reopen: %s\n", lu_errmsg());
		t->unopenable++;
	}
	db_close(db);
}

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static unsigned lcg = 7;
static long random_below(long n)
{
	lcg = lcg * 1103515245u + 12345u;
	return n > 0 ? (long)((lcg >> 4) % (unsigned long)n) : 0;
}

static void kill_case(enum work w, int netfs, int trials)
{
	const char *name = w == WORK_MIGRATE ? "schema migration" : w == WORK_IMPORT ? "import"
										 : "close (销号)";
	char *pristine = xasprintf("%s/pristine.db", tmpdir), *work = xasprintf("%s/work.db", tmpdir);
	if (netfs)
		setenv("LUOSHI_NETFS", "1", 1);
	else
		unsetenv("LUOSHI_NETFS");
	if (w == WORK_MIGRATE)
		make_old(pristine);
	else if (w == WORK_IMPORT)
		make_current(pristine);
	else
		make_done(pristine);
	char before[65], after[65];
	int sound;
	db_digest(pristine, before, &sound);
	/* the work done whole: the new data, and how long it takes */
	/* the shortest of three runs: a first run slowed by a cold cache or a
	 * busy machine would put most random kills after the end */
	long long took = 0;
	int rc = 0;
	for (int run = 0; run < 3; run++) {
		db_remove(work);
		db_copy_file(pristine, work);
		long long t0 = now_us();
		rc |= run_child(w, work, 0, 0, NULL);
		long long one = now_us() - t0;
		if (run == 0 || one < took)
			took = one;
	}
	db_digest(work, after, &sound);
	char what[128];
	snprintf(what, sizeof what, "%s, %s journal", name, netfs ? "rollback" : "WAL");
	check_report(rc == 0 && sound && strcmp(before, after) != 0,
		     "done without a kill, the work changes the data", __FILE__, __LINE__);
	struct tally t = {0};
	/* stopped between statements: every step of the migration */
	int steps = 0;
	for (int step = 1; w == WORK_MIGRATE && step < 100; step++) {
		db_remove(work);
		db_copy_file(pristine, work);
		if (run_child(w, work, step, 0, NULL) != -1)
			break; /* no such step: the migration ran through */
		steps++;
		t.killed++;
		char got[65];
		db_digest(work, got, &sound);
		if (strcmp(got, before) != 0) /* uncommitted: always the old data */
			t.between++;
		check_after(work, before, after, &t);
	}
	/* at random moments, the commit included. The work's time varies on
	 * a shared machine: while no kill has landed in the work (after the
	 * child opened the database, before its end), more trials follow,
	 * the range halved each time down to a quarter of the work's time,
	 * so that the check below keeps meaning "killed in the middle". */
	long range = (long)(took * 12 / 10), floor = (long)(took / 4);
	int random_killed = 0;
	for (int i = 0; i < trials || (random_killed == 0 && i < trials + 40); i++) {
		db_remove(work);
		db_copy_file(pristine, work);
		if (i >= trials)
			range = range / 2 > floor ? range / 2 : floor > 1 ? floor : 1;
		long delay = 1 + random_below(range);
		int began = 0, killed = run_child(w, work, 0, delay, &began) == -1;
		random_killed += killed && began;
		t.killed += killed;
		check_after(work, before, after, &t);
	}
	printf("# %s: %d kill -9 trials (%d between statements of the migration), %d killed"
	       " before finishing (%d at random inside the work), %d unsound, %d neither old"
	       " nor new\n",
	       what, t.trials, steps, t.killed, random_killed, t.unsound, t.between);
	if (w == WORK_MIGRATE) {
			CHECKF(steps >= 3, "%s: stopped after each statement (%d)", what, steps);
	}
	CHECKF(t.unsound == 0, "%s: sound after every kill", what);
	CHECKF(t.between == 0, "%s: old or new after every kill, never between", what);
	CHECKF(t.unopenable == 0, "%s: luoshi opens it after every kill", what);
	CHECKF(random_killed > 0, "%s: some random kills landed inside the work", what);
	unsetenv("LUOSHI_NETFS");
	db_remove(work);
	db_remove(pristine);
	free(work);
	free(pristine);
}

int main(void)
{
	const char *engine = getenv("LUOSHI_TEST_DB");
	if (engine && strcmp(engine, "postgresql") == 0) {
		printf("1..0 # SKIP SQLite only: %s\n", "a SQLite file and its journal after kill -9 (a server rolls back a dead client's transaction itself)");
		return 0;
	}
	setenv("TZ", "UTC", 1);
	setenv("LUOSHI_NOW", "1780000000", 1);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/luoshi-test-kill-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	seed_text = (const char *)seed_bytes(&seed_len);
	parse_document(seed_text, seed_len, &seed_doc);
	int trials = getenv("KILL_TRIALS") ? atoi(getenv("KILL_TRIALS")) : 12;
	for (int netfs = 0; netfs < 2; netfs++) {
		kill_case(WORK_MIGRATE, netfs, trials);
		kill_case(WORK_IMPORT, netfs, trials);
		/* a close is short beside the process around it: more trials
		 * so that some kills land inside it */
		kill_case(WORK_CLOSE, netfs, 4 * trials);
	}
	pdoc_free(&seed_doc);
	char *rm = xasprintf("rm -rf '%s'", tmpdir);
	if (system(rm) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(rm);
	return check_done();
}
