/* db_lite_vfs.c - a thin VFS over the default one that opens an existing
 * WAL file without SQLITE_OPEN_CREATE.
 *
 * Why: the WAL is kept between commands (SQLITE_FCNTL_PERSIST_WAL), but
 * SQLite opens it with the create flag each time and then syncs the
 * directory after its first sync, as it must for a file it really
 * created. For one-shot commands that directory sync was one of four
 * fsyncs per change. Opening the file that is already there without the
 * flag leaves SQLite's own logic to decide everything else; if the file
 * vanished in between (an older SQLite deleted it), it is opened again
 * with the flag, as before. Every other method is the default VFS's. */
#include "config.h"

#include <sqlite3.h>
#include <unistd.h>

#include "db_impl.h"

static sqlite3_vfs lu_vfs;

#define BASE ((sqlite3_vfs *)lu_vfs.pAppData)

static int lu_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out)
{
	(void)v;
	if ((flags & SQLITE_OPEN_WAL) && (flags & SQLITE_OPEN_CREATE) && name &&
	    access(name, F_OK) == 0) {
		int rc = BASE->xOpen(BASE, name, f, flags & ~SQLITE_OPEN_CREATE, out);
		if (rc != SQLITE_CANTOPEN)
			return rc;
	}
	return BASE->xOpen(BASE, name, f, flags, out);
}

static int lu_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
	(void)v;
	return BASE->xDelete(BASE, name, sync_dir);
}

static int lu_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	(void)v;
	return BASE->xAccess(BASE, name, flags, out);
}

static int lu_full(sqlite3_vfs *v, const char *name, int n, char *out)
{
	(void)v;
	return BASE->xFullPathname(BASE, name, n, out);
}

static void *lu_dlopen(sqlite3_vfs *v, const char *name)
{
	(void)v;
	return BASE->xDlOpen(BASE, name);
}

static void lu_dlerror(sqlite3_vfs *v, int n, char *msg)
{
	(void)v;
	BASE->xDlError(BASE, n, msg);
}

static void (*lu_dlsym(sqlite3_vfs *v, void *h, const char *sym))(void)
{
	(void)v;
	return BASE->xDlSym(BASE, h, sym);
}

static void lu_dlclose(sqlite3_vfs *v, void *h)
{
	(void)v;
	BASE->xDlClose(BASE, h);
}

static int lu_random(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return BASE->xRandomness(BASE, n, out);
}

static int lu_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return BASE->xSleep(BASE, us);
}

static int lu_time(sqlite3_vfs *v, double *out)
{
	(void)v;
	return BASE->xCurrentTime(BASE, out);
}

static int lu_lasterr(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return BASE->xGetLastError ? BASE->xGetLastError(BASE, n, out) : 0;
}

static int lu_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	(void)v;
	if (BASE->iVersion >= 2 && BASE->xCurrentTimeInt64)
		return BASE->xCurrentTimeInt64(BASE, out);
	double d;
	int rc = BASE->xCurrentTime(BASE, &d);
	*out = (sqlite3_int64)(d * 86400000.0);
	return rc;
}

/* The name to open with, or NULL (SQLite's default) when the shim cannot
 * be registered. It wraps whatever VFS is the default at the first open,
 * so a test's fault-injecting VFS, installed first, stays underneath. */
const char *db_lite_vfs(void)
{
	static int state; /* 0 not tried, 1 registered, -1 failed */
	if (state == 0) {
		sqlite3_vfs *base = sqlite3_vfs_find(NULL);
		state = -1;
		if (base) {
			lu_vfs = (sqlite3_vfs){
				.iVersion = 2,
				.szOsFile = base->szOsFile,
				.mxPathname = base->mxPathname,
				.zName = "luoshi",
				.pAppData = base,
				.xOpen = lu_open,
				.xDelete = lu_delete,
				.xAccess = lu_access,
				.xFullPathname = lu_full,
				.xDlOpen = lu_dlopen,
				.xDlError = lu_dlerror,
				.xDlSym = lu_dlsym,
				.xDlClose = lu_dlclose,
				.xRandomness = lu_random,
				.xSleep = lu_sleep,
				.xCurrentTime = lu_time,
				.xGetLastError = lu_lasterr,
				.xCurrentTimeInt64 = lu_time64,
			};
			if (sqlite3_vfs_register(&lu_vfs, 0) == SQLITE_OK)
				state = 1;
		}
	}
	return state == 1 ? lu_vfs.zName : NULL;
}
