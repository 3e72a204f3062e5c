/* db_wait.c - waiting for another writer instead of failing after a few
 * seconds, and saying who it is. SQLite's own busy timeout only sleeps;
 * our busy handler also reads the side file a long writer leaves beside
 * the database (FILE-writer), tells the caller every few dozen
 * milliseconds, and lets it give up. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db_impl.h"
#include "luoshi/i18n.h"

#define HOLDER_MAGIC "luoshi-writer 1"

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Only a database file has a side file beside it; a server says who
 * holds a lock in its own way. */
static int beside_a_file(const struct db *db)
{
	return !db->drv || db->drv->dialect == DB_DIALECT_SQLITE;
}

static char *holder_path(const struct db *db)
{
	return xasprintf("%s-writer", db->real ? db->real : db->path);
}

/* ---- the side file ---- */

/* One line of the file, without its newline; NULL at the end. */
static char *next_line(char **p)
{
	char *line = *p, *nl = line ? strchr(line, '\n') : NULL;
	if (!nl)
		return NULL;
	*nl = '\0';
	*p = nl + 1;
	return line;
}

/* What a holder does, by the code the side file carries. */
static const char *const hold_codes[] = {
	[DB_HOLD_IMPORT] = "import",
	[DB_HOLD_UPGRADE] = "upgrade",
};

/* The sentence of a hold, in English (tr 0: what the side file's older
 * readers show) or in the reader's language (tr 1). */
static void hold_sentence(enum db_hold k, const char *arg, int tr, char *out, size_t n)
{
	/* TRANSLATORS: what the holder of the database does, after its
	 * name: "alice is importing 通知.txt" (Chinese: "alice 正在导入 …") */
	if (k == DB_HOLD_UPGRADE)
		snprintf(out, n, tr ? _("upgrading it to schema %s") : "upgrading it to schema %s", arg);
	else if (*arg)
		snprintf(out, n, tr ? _("importing %s") : "importing %s", arg);
	else
		snprintf(out, n, "%s", tr ? _("importing a document") : "importing a document");
}

/* "import\t通知.txt": a known code, then its argument */
static int parse_hold(const char *line, char *out, size_t n)
{
	const char *tab = line ? strchr(line, '\t') : NULL;
	for (size_t k = 0; tab && k < ARRAY_SIZE(hold_codes); k++)
		if (strlen(hold_codes[k]) == (size_t)(tab - line) &&
		    !strncmp(line, hold_codes[k], (size_t)(tab - line))) {
			hold_sentence((enum db_hold)k, tab + 1, 1, out, n);
			return 1;
		}
	return 0;
}

/* Lines: magic, pid, user, since, what as the holder's luoshi wrote it
 * (English since the code line came; what older readers show), then the
 * code line, which readers that know it translate. A file without a
 * code line, or with a code we do not know, is shown as written. */
static int parse_holder(char *buf, struct db_holder *h)
{
	char *p = buf, *magic = next_line(&p), *pid = next_line(&p), *user = next_line(&p);
	char *since = next_line(&p), *what = next_line(&p), *code = next_line(&p);
	if (!what || strcmp(magic, HOLDER_MAGIC) != 0)
		return 0;
	memset(h, 0, sizeof *h);
	h->pid = strtol(pid, NULL, 10);
	h->since = strtoll(since, NULL, 10);
	snprintf(h->user, sizeof h->user, "%s", user);
	if (!parse_hold(code, h->what, sizeof h->what))
		snprintf(h->what, sizeof h->what, "%s", what);
	return h->pid > 0;
}

static int alive(long pid)
{
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

int db_lock_holder(struct db *db, struct db_holder *out)
{
	if (!beside_a_file(db))
		return 0;
	char *path = holder_path(db);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return 0;
	char buf[1024];
	struct stat sb;
	ssize_t n = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? read(fd, buf, sizeof buf - 1) : -1;
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return parse_holder(buf, out) && alive(out->pid);
}

/* A value on one line of the file. */
static void add_field(struct sbuf *b, const char *s)
{
	for (; *s; s++)
		sbuf_addc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
	sbuf_addc(b, '\n');
}

/* Written under a temporary name and renamed into place, so a reader
 * never sees half of it; never through a link someone put there. */
void db_holder_begin(struct db *db, enum db_hold what, const char *arg)
{
	if (!beside_a_file(db) || (unsigned)what >= ARRAY_SIZE(hold_codes))
		return;
	char *path = holder_path(db), *tmp = xasprintf("%s.%ld", path, (long)getpid());
	struct stat sb;
	mode_t mode = stat(db->real, &sb) == 0 ? sb.st_mode & 0666 : 0600;
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, HOLDER_MAGIC "\n%ld\n", (long)getpid());
	add_field(&b, lu_username());
	sbuf_addf(&b, "%lld\n", lu_now());
	char english[512];
	hold_sentence(what, arg, 0, english, sizeof english);
	add_field(&b, english);
	sbuf_addf(&b, "%s\t", hold_codes[what]);
	add_field(&b, arg);
	unlink(tmp); /* left by an earlier process that had our pid */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd >= 0) {
		fchmod(fd, mode); /* the umask must not narrow it */
		int ok = write(fd, b.s, b.len) == (ssize_t)b.len;
		ok &= close(fd) == 0;
		if (ok && rename(tmp, path) == 0)
			db->holder_written = 1;
		else
			unlink(tmp);
	}
	sbuf_free(&b);
	free(tmp);
	free(path);
}

/* Only the holder of the write lock writes the file, and we still hold
 * it: the file there is ours. */
void db_holder_end(struct db *db)
{
	if (!db->holder_written)
		return;
	db->holder_written = 0;
	char *path = holder_path(db);
	unlink(path);
	free(path);
}

/* ---- the busy handler ---- */

static int wait_timeout(const struct db *db)
{
	return db->wait.timeout_ms > 0 ? db->wait.timeout_ms : DB_WAIT_DEFAULT_MS;
}

/* A change the engine found in conflict with another's (PostgreSQL's
 * 40001, 40P01) is run again: at least min_attempts times, then for as
 * long as a change waits for a lock (LUOSHI_WAIT), counted from the first
 * attempt: at 64 writers on one document the conflicts on its shared
 * counts outlast a fixed number of quick attempts, while a SQLite writer
 * would have waited its turn. *since_ms is 0 before the first call. */
int db_retry_again(struct db *db, int attempt, int min_attempts, long long *since_ms)
{
	long long now = mono_ms();
	if (!*since_ms)
		*since_ms = now;
	return attempt + 1 < min_attempts || now - *since_ms < wait_timeout(db);
}

/* The driver calls this while the lock is taken, count 0 at the start of
 * each wait; returning 0 gives up (DB_EBUSY). */
int db_wait_step(struct db *db, int count)
{
	long long now = mono_ms();
	if (count == 0) {
		db->wait_start = now;
		db->holder_read_at = now - 1000000;
		db->wait_cancelled = db->wait_gave_up = 0;
	}
	long long waited = now - db->wait_start;
	if (now - db->holder_read_at >= 1000) { /* once a second is plenty */
		db->holder_known = db_lock_holder(db, &db->holder);
		db->holder_read_at = now;
	}
	db->waited_ms = waited;
	if (waited >= wait_timeout(db)) {
		db->wait_gave_up = 1;
		return 0;
	}
	if (db->wait.fn &&
	    db->wait.fn(db->wait.ctx, db->holder_known ? &db->holder : NULL, waited)) {
		db->wait_cancelled = db->wait_gave_up = 1;
		return 0;
	}
	/* short naps first (most waits are another user's short change),
	 * then 50 ms, never past the timeout */
	long long nap = count < 5 ? 1LL << count : 50;
	if (nap > wait_timeout(db) - waited)
		nap = wait_timeout(db) - waited;
	struct timespec ts = {(time_t)(nap / 1000), (long)(nap % 1000) * 1000000L};
	nanosleep(&ts, NULL);
	return 1;
}

void db_set_wait(struct db *db, const struct db_wait *wait)
{
	memset(&db->wait, 0, sizeof db->wait);
	if (wait)
		db->wait = *wait;
}

/* " by alice (importing 通知.txt, pid 1234, since 2026-05-28 10:02)" */
static void describe_holder(const struct db *db, struct sbuf *b)
{
	if (!db->holder_known) {
		sbuf_adds(b, _(" by another user"));
		return;
	}
	char when[17];
	lu_format_time(db->holder.since, when);
	sbuf_addf(b, _(" by %s (%s, pid %ld, since %s)"), db->holder.user, db->holder.what,
		  db->holder.pid, when);
}

enum lu_status db_busy_error(struct db *db, const char *what)
{
	what = _(what);
	struct sbuf who = SBUF_INIT;
	describe_holder(db, &who);
	enum lu_status st;
	if (db->wait_cancelled)
		st = lu_error(LU_BUSY, "stopped waiting for the database %s, locked%s, while %s;"
			      " nothing was changed", db->path, who.s, what);
	else if (db->wait_gave_up)
		st = lu_error(LU_BUSY, "the database %s stayed locked%s for %.1f s while %s;"
			      " nothing was changed, try again", db->path, who.s,
			      (double)db->waited_ms / 1000, what);
	else
		st = lu_error(LU_BUSY, "the database %s is locked%s while %s; nothing was changed,"
			      " try again", db->path, who.s, what);
	db->wait_cancelled = db->wait_gave_up = 0;
	sbuf_free(&who);
	return st;
}
