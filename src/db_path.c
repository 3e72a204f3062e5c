/* db_path.c - which file a database path may name, before SQLite sees it.
 *
 * In a group-shared directory anyone in the group can plant a name: a
 * symbolic link to a file of theirs elsewhere, a FIFO, a device. SQLite
 * would open whatever the name leads to and, given an empty file, make it
 * a database with the rights of whoever ran luoshi. So a path is accepted
 * only when it is absent (then we create it) or a regular file that is
 * ours or lies in a directory of one of our groups; a symbolic link only
 * when its target passes the same test. A regular file that fails it is
 * opened read-only: reading it does no harm, writing it could. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_impl.h"
#include "luoshi/i18n.h"

char *db_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static int in_my_groups(gid_t gid)
{
	if (gid == getegid())
		return 1;
	int n = getgroups(0, NULL);
	if (n <= 0)
		return 0;
	gid_t *list = xcalloc((size_t)n, sizeof *list);
	n = getgroups(n, list);
	int found = 0;
	for (int i = 0; i < n && !found; i++)
		found = list[i] == gid;
	free(list);
	return found;
}

/* Ours: we own it, or its directory belongs to a group we are in (the
 * shared setgid directory of a team). */
static int is_ours(const struct stat *sb, const char *real)
{
	if (sb->st_uid == geteuid())
		return 1;
	char *dir = db_dir_of(real);
	struct stat ds;
	int ok = stat(dir, &ds) == 0 && in_my_groups(ds.st_gid);
	free(dir);
	return ok;
}

static char *owner_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);
	return pw && pw->pw_name ? xstrdup(pw->pw_name) : xasprintf("uid %u", (unsigned)uid);
}

/* The first directory on the way to path that we may not enter, or NULL. */
static char *closed_dir(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (access(p, X_OK) != 0 && errno == EACCES)
			return p;
		*s = '/';
	}
	free(p);
	return NULL;
}

/* Why the directory part of path cannot be used (lstat gave err). */
static enum lu_status dir_error(const char *path, int err)
{
	char *dir = db_dir_of(path);
	char *closed = err == EACCES ? closed_dir(path) : NULL;
	enum lu_status st;
	if (closed)
		st = lu_error(LU_IO, "cannot open the database %s: you cannot enter the directory %s"
			      " (permission denied)", path, closed);
	else if (err == ENOENT)
		st = lu_error(LU_NOTFOUND, "cannot open the database %s: the directory %s does not"
			      " exist", path, dir);
	else if (err == ENOTDIR)
		st = lu_error(LU_ERR, "cannot open the database %s: %s is not a directory", path,
			      dir);
	else
		st = lu_error(LU_IO, "cannot open the database %s: %s", path, strerror(err));
	free(closed);
	free(dir);
	return st;
}

static enum lu_status not_a_file(const char *path, const struct stat *sb)
{
	const char *what = S_ISDIR(sb->st_mode)				  ? N_("a directory")
			   : S_ISCHR(sb->st_mode) || S_ISBLK(sb->st_mode) ? N_("a device")
			   : S_ISFIFO(sb->st_mode)			  ? N_("a named pipe (FIFO)")
			   : S_ISSOCK(sb->st_mode)			  ? N_("a socket")
									  : N_("not a regular file");
	return lu_error(LU_ERR, "%s is %s, not a database file; luoshi opens only a regular file",
			path, _(what));
}

/* A symbolic link: resolve it fully; the target must exist. */
static enum lu_status resolve_link(const char *path, struct db_file *f)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof target - 1);
	target[n > 0 ? n : 0] = '\0';
	f->real = realpath(path, NULL);
	if (f->real)
		return LU_OK;
	if (errno == ENOENT)
		return lu_error(LU_ERR, "%s is a symbolic link to %s, which does not exist; luoshi"
				" does not create a database through a link", path, target);
	return lu_error(LU_IO, "cannot open the database %s (a symbolic link to %s): %s", path,
			target, strerror(errno));
}

/* 1 when an empty main file is a database all the same: a WAL database
 * whose first commit is still only in the -wal (never checkpointed). */
static int content_in_wal(const char *real)
{
	char *wal = xasprintf("%s-wal", real);
	struct stat ws;
	int yes = lstat(wal, &ws) == 0 && S_ISREG(ws.st_mode) && ws.st_size > 0;
	free(wal);
	return yes;
}

/* Open the resolved name without following a link, check it is the file
 * lstat saw, and that it can be a database: not empty, SQLite's magic. */
static enum lu_status check_content(const char *path, struct db_file *f, const struct stat *ls)
{
	static const char magic[16] = "SQLite format 3";
	int fd = open(f->real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == EACCES)
		return lu_error(LU_IO, "cannot open the database %s: you may not read it", path);
	if (fd < 0)
		return lu_error(LU_IO, "cannot open the database %s: %s", path, strerror(errno));
	struct stat fs;
	char head[16];
	ssize_t got = 0;
	enum lu_status st = LU_OK;
	if (fstat(fd, &fs) != 0 || fs.st_dev != ls->st_dev || fs.st_ino != ls->st_ino)
		st = lu_error(LU_ERR, "%s was replaced while it was being opened; nothing was"
			      " done, try again", path);
	else if (fs.st_size == 0 && !content_in_wal(f->real))
		st = lu_error(LU_ERR, "%s is an empty file, not a luoshi database; luoshi creates"
			      " its database itself, so remove the empty file or name another"
			      " path", path);
	else if (fs.st_size > 0 && ((got = read(fd, head, sizeof head)) != (ssize_t)sizeof head ||
				    memcmp(head, magic, sizeof head) != 0))
		st = lu_error(LU_ERR, "%s is not a luoshi database", path);
	f->dev = fs.st_dev;
	f->ino = fs.st_ino;
	close(fd);
	return st;
}

enum lu_status db_file_check(const char *path, struct db_file *f)
{
	memset(f, 0, sizeof *f);
	struct stat ls;
	if (lstat(path, &ls) != 0) {
		if (errno != ENOENT)
			return dir_error(path, errno);
		char *dir = db_dir_of(path);
		struct stat ds;
		int err = stat(dir, &ds) != 0 ? errno : S_ISDIR(ds.st_mode) ? 0 : ENOTDIR;
		free(dir);
		if (err && err != ENOENT)
			return dir_error(path, err);
		f->real = xstrdup(path); /* absent: the caller may create it */
		f->missing_dir = err == ENOENT;
		return LU_OK;
	}
	int link = S_ISLNK(ls.st_mode);
	enum lu_status st = link ? resolve_link(path, f) : LU_OK;
	if (st != LU_OK)
		return st;
	if (!link)
		f->real = xstrdup(path);
	if (link && lstat(f->real, &ls) != 0)
		return lu_error(LU_IO, "cannot open the database %s: %s", path, strerror(errno));
	if (!S_ISREG(ls.st_mode))
		return not_a_file(path, &ls);
	f->exists = 1;
	if (!is_ours(&ls, f->real)) {
		char *who = owner_name(ls.st_uid);
		if (link)
			st = lu_error(LU_ERR, "%s is a symbolic link to %s, which is not yours (it"
				      " belongs to %s) and is not in a directory of one of your"
				      " groups; luoshi follows a link only to such a file",
				      path, f->real, who);
		else
			f->foreign = xasprintf(_("it belongs to %s and its directory is not"
						 " shared with one of your groups"), who);
		free(who);
		if (st != LU_OK)
			return st;
	}
	return check_content(path, f, &ls);
}

void db_file_free(struct db_file *f)
{
	free(f->real);
	free(f->foreign);
	memset(f, 0, sizeof *f);
}

/* Still the file db_file_check approved (SQLite opened it by name). */
int db_file_same(const struct db_file *f)
{
	struct stat sb;
	return lstat(f->real, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_dev == f->dev &&
	       sb.st_ino == f->ino;
}
