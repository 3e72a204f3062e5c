/* fault_vfs.h - an I/O fault shim for the tests, the way SQLite tests
 * itself: a VFS registered over the default one that counts reads,
 * writes and syncs and makes the Nth (and, persistent, every later one)
 * fail with a chosen error. It lives in tests/ only. */
#ifndef LUOSHI_TESTS_FAULT_VFS_H
#define LUOSHI_TESTS_FAULT_VFS_H

/* Register the shim as the default VFS (once). */
void fault_install(void);
/* From now on count I/O operations; make the nth one fail with rc
 * (SQLITE_FULL, SQLITE_IOERR - the read/write/fsync flavour is chosen per
 * operation - or SQLITE_NOMEM); persistent: every one after it too.
 * nth 0 counts without failing. */
void fault_arm(long nth, int rc, int persistent);
/* Stop counting and failing. */
void fault_disarm(void);
/* Operations counted since fault_arm. */
long fault_ops(void);
/* Whether the armed fault happened. */
int fault_fired(void);

#endif
