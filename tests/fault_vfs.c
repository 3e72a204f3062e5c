/* fault_vfs.c - see fault_vfs.h. Every file SQLite opens (database,
 * journal, WAL, temporary files) is wrapped; shared memory and locks pass
 * through untouched. */
#include "config.h"

#include "fault_vfs.h"

#include <sqlite3.h>
#include <string.h>

struct fault_file {
	sqlite3_file base;
	sqlite3_file *real; /* the default VFS's file, right after this struct */
};

static sqlite3_vfs *orig;
static long armed_nth, ops;
static int armed_rc, armed_persistent, fired, counting;

void fault_arm(long nth, int rc, int persistent)
{
	armed_nth = nth;
	armed_rc = rc;
	armed_persistent = persistent;
	ops = 0;
	fired = 0;
	counting = 1;
}

void fault_disarm(void)
{
	counting = 0;
	armed_nth = 0;
}

long fault_ops(void)
{
	return ops;
}

int fault_fired(void)
{
	return fired;
}

/* The error for this operation, or SQLITE_OK. ioerr is the operation's
 * own flavour of SQLITE_IOERR. */
static int fault_hit(int ioerr)
{
	if (!counting)
		return SQLITE_OK;
	ops++;
	if (!armed_nth || ops < armed_nth || (ops > armed_nth && !armed_persistent))
		return SQLITE_OK;
	fired = 1;
	return armed_rc == SQLITE_IOERR ? ioerr : armed_rc;
}

static sqlite3_file *real_of(sqlite3_file *f)
{
	return ((struct fault_file *)f)->real;
}

static int f_close(sqlite3_file *f)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}

static int f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	int rc = fault_hit(SQLITE_IOERR_READ);
	sqlite3_file *r = real_of(f);
	return rc != SQLITE_OK ? rc : r->pMethods->xRead(r, buf, n, off);
}

static int f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	int rc = fault_hit(SQLITE_IOERR_WRITE);
	sqlite3_file *r = real_of(f);
	return rc != SQLITE_OK ? rc : r->pMethods->xWrite(r, buf, n, off);
}

static int f_sync(sqlite3_file *f, int flags)
{
	int rc = fault_hit(SQLITE_IOERR_FSYNC);
	sqlite3_file *r = real_of(f);
	return rc != SQLITE_OK ? rc : r->pMethods->xSync(r, flags);
}

/* The rest pass straight through. */
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xTruncate(r, size);
}

static int f_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xFileSize(r, size);
}

static int f_lock(sqlite3_file *f, int lock)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xLock(r, lock);
}

static int f_unlock(sqlite3_file *f, int lock)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xUnlock(r, lock);
}

static int f_check_lock(sqlite3_file *f, int *out)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xCheckReservedLock(r, out);
}

static int f_control(sqlite3_file *f, int op, void *arg)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xFileControl(r, op, arg);
}

static int f_sector(sqlite3_file *f)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xSectorSize(r);
}

static int f_device(sqlite3_file *f)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xDeviceCharacteristics(r);
}

static int f_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **p)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xShmMap(r, pg, sz, extend, p);
}

static int f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xShmLock(r, offset, n, flags);
}

static void f_shm_barrier(sqlite3_file *f)
{
	sqlite3_file *r = real_of(f);
	r->pMethods->xShmBarrier(r);
}

static int f_shm_unmap(sqlite3_file *f, int del)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xShmUnmap(r, del);
}

static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xFetch(r, off, n, p);
}

static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xUnfetch(r, off, p);
}

#define FAULT_METHODS(version) \
	{ \
		version, f_close, f_read, f_write, f_truncate, f_sync, f_file_size, f_lock, \
		f_unlock, f_check_lock, f_control, f_sector, f_device, f_shm_map, f_shm_lock, \
		f_shm_barrier, f_shm_unmap, f_fetch, f_unfetch \
	}
/* as many methods as the wrapped file has: SQLite looks at iVersion */
static const sqlite3_io_methods methods[3] = {FAULT_METHODS(1), FAULT_METHODS(2),
					      FAULT_METHODS(3)};

static int f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
		  int *out_flags)
{
	struct fault_file *ff = (struct fault_file *)file;
	ff->real = (sqlite3_file *)(ff + 1);
	int rc = orig->xOpen(orig, name, ff->real, flags, out_flags);
	const sqlite3_io_methods *m = ff->real->pMethods;
	int v = m ? (m->iVersion < 1 ? 1 : m->iVersion > 3 ? 3 : m->iVersion) : 0;
	file->pMethods = m ? &methods[v - 1] : NULL;
	(void)vfs;
	return rc;
}

static int f_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return orig->xDelete(orig, name, sync_dir);
}

static int f_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return orig->xAccess(orig, name, flags, out);
}

static int f_full_path(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return orig->xFullPathname(orig, name, n, out);
}

static void *f_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return orig->xDlOpen(orig, name);
}

static void f_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	orig->xDlError(orig, n, out);
}

static void (*f_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return orig->xDlSym(orig, h, sym);
}

static void f_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	orig->xDlClose(orig, h);
}

static int f_random(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return orig->xRandomness(orig, n, out);
}

static int f_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return orig->xSleep(orig, us);
}

static int f_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return orig->xCurrentTime(orig, out);
}

static int f_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return orig->xGetLastError(orig, n, out);
}

static int f_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return orig->xCurrentTimeInt64(orig, out);
}

static sqlite3_vfs fault_vfs = {
	.iVersion = 2,
	.zName = "luoshi-fault",
	.xOpen = f_open,
	.xDelete = f_delete,
	.xAccess = f_access,
	.xFullPathname = f_full_path,
	.xDlOpen = f_dlopen,
	.xDlError = f_dlerror,
	.xDlSym = f_dlsym,
	.xDlClose = f_dlclose,
	.xRandomness = f_random,
	.xSleep = f_sleep,
	.xCurrentTime = f_time,
	.xGetLastError = f_last_error,
	.xCurrentTimeInt64 = f_time64,
};

void fault_install(void)
{
	if (orig)
		return;
	sqlite3_initialize();
	orig = sqlite3_vfs_find(NULL);
	fault_vfs.szOsFile = (int)sizeof(struct fault_file) + orig->szOsFile;
	fault_vfs.mxPathname = orig->mxPathname;
	sqlite3_vfs_register(&fault_vfs, 1);
}
