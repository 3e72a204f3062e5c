/* pg_test.c - see pg_test.h. */
#include "config.h"

#include "pg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "luoshi/util.h"

#ifdef HAVE_LIBPQ
#include <libpq-fe.h>
#endif

char *pgt_as(const char *conninfo, const char *role)
{
	return xasprintf("%s user=%s", conninfo, role);
}

int pgt_mode(void)
{
	const char *m = getenv("LUOSHI_TEST_DB");
	return m && strcmp(m, "postgresql") == 0;
}

void pgt_ensure(char **argv)
{
#ifndef HAVE_LIBPQ
	(void)argv;
	printf("1..0 # SKIP this luoshi was built without PostgreSQL (libpq)\n");
	exit(0);
#else
	if (getenv("LUOSHI_TEST_PG_HOST"))
		return;
	const char *srcdir = getenv("srcdir");
	char *script = xasprintf("%s/tests/pg.sh", srcdir ? srcdir : ".");
	fflush(stdout);
	execlp("sh", "sh", script, argv[0], (char *)NULL);
	printf("Bail out! cannot run %s\n", script);
	exit(1);
#endif
}

#ifdef HAVE_LIBPQ
static void no_notices(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static PGconn *connect_to(const char *conninfo)
{
	PGconn *c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		printf("# %s: %s", conninfo, PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, no_notices, NULL);
	return c;
}

char *pgt_fresh(void)
{
	static int n;
	const char *host = getenv("LUOSHI_TEST_PG_HOST");
	char *admin = xasprintf("host=%s dbname=postgres user=postgres", host ? host : "");
	char *name = xasprintf("luoshi_c%ld_%d", (long)getpid(), ++n);
	char *sql = xasprintf("CREATE DATABASE %s TEMPLATE luoshi_template", name);
	int ok = pgt_exec(admin, sql) == 0;
	char *conninfo = ok ? xasprintf("host=%s dbname=%s", host, name) : NULL;
	free(admin);
	free(name);
	free(sql);
	return conninfo;
}

static PGresult *query(const char *conninfo, const char *sql, PGconn **c)
{
	*c = connect_to(conninfo);
	if (!*c)
		return NULL;
	PGresult *r = PQexec(*c, sql);
	ExecStatusType t = PQresultStatus(r);
	if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
		printf("# %s: %s", sql, PQresultErrorMessage(r));
		PQclear(r);
		return NULL;
	}
	return r;
}

char *pgt_text(const char *conninfo, const char *sql)
{
	PGconn *c;
	PGresult *r = query(conninfo, sql, &c);
	char *v = r && PQntuples(r) > 0 && PQnfields(r) > 0 && !PQgetisnull(r, 0, 0)
			  ? xstrdup(PQgetvalue(r, 0, 0))
			  : NULL;
	PQclear(r);
	PQfinish(c);
	return v;
}

long long pgt_int(const char *conninfo, const char *sql)
{
	char *v = pgt_text(conninfo, sql);
	long long n = !v ? -1 : *v == 't' ? 1 : *v == 'f' ? 0 : strtoll(v, NULL, 10);
	free(v);
	return n;
}

int pgt_exec(const char *conninfo, const char *sql)
{
	PGconn *c;
	PGresult *r = query(conninfo, sql, &c);
	int ok = r != NULL;
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : -1;
}
void *pgt_hold(const char *conninfo, const char *sql)
{
	PGconn *c;
	PGresult *r = query(conninfo, sql, &c);
	if (!r) {
		PQfinish(c);
		return NULL;
	}
	PQclear(r);
	return c;
}

void pgt_release(void *held)
{
	PQfinish(held);
}

int pgt_send(void *held, const char *sql)
{
	return PQsendQuery(held, sql) ? 0 : -1;
}
#else
void *pgt_hold(const char *conninfo, const char *sql)
{
	(void)conninfo;
	(void)sql;
	return NULL;
}

void pgt_release(void *held)
{
	(void)held;
}

int pgt_send(void *held, const char *sql)
{
	(void)held;
	(void)sql;
	return -1;
}

char *pgt_fresh(void)
{
	return NULL;
}

long long pgt_int(const char *conninfo, const char *sql)
{
	(void)conninfo;
	(void)sql;
	return -1;
}

char *pgt_text(const char *conninfo, const char *sql)
{
	(void)conninfo;
	(void)sql;
	return NULL;
}

int pgt_exec(const char *conninfo, const char *sql)
{
	(void)conninfo;
	(void)sql;
	return -1;
}
#endif
