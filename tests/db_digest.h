/* db_digest.h - what the fault and kill tests compare: a database's whole
 * content as one hash, taken after SQLite's recovery and checks. */
#ifndef LUOSHI_TESTS_DB_DIGEST_H
#define LUOSHI_TESTS_DB_DIGEST_H

/* Every table (FTS shadow tables too) and the header's versions, hashed,
 * after opening read-write (which rolls back a hot journal or recovers a
 * WAL). *sound: PRAGMA integrity_check is ok and so are the FTS indexes. */
void db_digest(const char *path, char out[65], int *sound);
/* PRAGMA user_version read the same way, or -1. */
int db_digest_version(const char *path);
int db_copy_file(const char *from, const char *to);
/* The database file and its side files. */
void db_remove(const char *path);

#endif
