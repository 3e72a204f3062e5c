/* pg_test.h - the C tests against PostgreSQL (LUOSHI_TEST_DB=postgresql,
 * tests/pg.sh): a database of its own for each store a test makes, and
 * plain SQL on it beside the store. */
#ifndef LUOSHI_TESTS_PG_TEST_H
#define LUOSHI_TESTS_PG_TEST_H

/* 1 when the run is against PostgreSQL. */
int pgt_mode(void);
/* Against PostgreSQL without a cluster yet: run this test again under
 * tests/pg.sh (never returns then). Built without libpq, or where no
 * PostgreSQL is installed: print the TAP skip line and exit. */
void pgt_ensure(char **argv);
/* The connection string of a new, empty database (malloc'ed). */
char *pgt_fresh(void);
/* Column 0 of the first row of sql as a number; -1 on failure. */
long long pgt_int(const char *conninfo, const char *sql);
/* The same as text (malloc'ed), NULL on failure or NULL. */
char *pgt_text(const char *conninfo, const char *sql);
/* Run statements; 0 when they all succeeded. */
int pgt_exec(const char *conninfo, const char *sql);
/* Run sql on a connection of its own that stays open (holding what it
 * took: a lock) until pgt_release. NULL on failure. */
void *pgt_hold(const char *conninfo, const char *sql);
void pgt_release(void *held);
/* Send sql on a held connection without waiting for it (it may wait for
 * a lock); 0 when sent. */
int pgt_send(void *held, const char *sql);
/* The connection string for another role on the same database. */
char *pgt_as(const char *conninfo, const char *role);

#endif
