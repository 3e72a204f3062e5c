/* db_digest.c - see db_digest.h. */
#include "config.h"

#include "db_digest.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "luoshi/sha256.h"
#include "luoshi/util.h"

int db_copy_file(const char *from, const char *to)
{
	char *data = NULL;
	size_t len = 0;
	if (lu_read_file(from, &data, &len) != LU_OK)
		return -1;
	FILE *f = fopen(to, "wb");
	int ok = f && fwrite(data, 1, len, f) == len;
	if (f)
		ok &= fclose(f) == 0;
	free(data);
	return ok ? 0 : -1;
}

void db_remove(const char *path)
{
	static const char *const sides[] = {"", "-wal", "-shm", "-journal", "-writer"};
	for (size_t i = 0; i < ARRAY_SIZE(sides); i++) {
		char *p = xasprintf("%s%s", path, sides[i]);
		unlink(p);
		free(p);
	}
}

static void hash_rows(sqlite3 *h, const char *sql, struct sbuf *b)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		sbuf_addf(b, "[%s: %s]", sql, sqlite3_errmsg(h));
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *v = sqlite3_column_text(st, i);
			sbuf_addf(b, "%s\x1f", v ? (const char *)v : "\x01");
		}
		sbuf_addc(b, '\x1e');
	}
	sqlite3_finalize(st);
}

void db_digest(const char *path, char out[65], int *sound)
{
	sqlite3 *h = NULL;
	struct sbuf b = SBUF_INIT;
	*sound = 0;
	out[0] = '\0';
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return;
	}
	hash_rows(h, "PRAGMA integrity_check", &b);
	int ok = b.s && strcmp(b.s, "ok\x1f\x1e") == 0;
	static const char *const fts[] = {"nodes_fts", "tasks_fts", "notes_fts"};
	for (size_t i = 0; i < ARRAY_SIZE(fts); i++) {
		char *sql = xasprintf("INSERT INTO %s(%s, rank) VALUES ('integrity-check', 1)", fts[i], fts[i]);
		ok &= sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK;
		free(sql);
	}
	*sound = ok;
	sbuf_reset(&b);
	hash_rows(h, "PRAGMA user_version", &b);
	hash_rows(h, "PRAGMA application_id", &b);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'table'"
			      " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char *sql = xasprintf("SELECT * FROM \"%s\" ORDER BY 1, 2", name);
		sbuf_addf(&b, "%s:", name);
		hash_rows(h, sql, &b);
		free(sql);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	sha256_hex(b.s ? b.s : "", b.len, out);
	sbuf_free(&b);
}

int db_digest_version(const char *path)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}
