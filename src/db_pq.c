/* db_pq.c - see db_pq.h. */
#include "config.h"

#define DB_PQ_IMPL
#include "db_pq.h"

#include "luoshi/dynlib.h"

struct db_pq db_pq;

/* The library as configure found it (its soname: the same for every
 * libpq since PostgreSQL 8.x, and for openGauss's and KingbaseES's). */
#ifndef LIBPQ_SONAME
#define LIBPQ_SONAME "libpq.so.5"
#endif

static struct dynlib pq = DYNLIB_INIT(LIBPQ_SONAME, "libpq5");

int db_pq_load(const char **why)
{
	/* kept loaded for the life of the process, as a linked library is */
	if (!pq.state && dynlib_open(&pq) == 0) {
#define DB_PQ_RESOLVE(name) *(void **)&db_pq.name = dynlib_sym(&pq, #name);
		DB_PQ_FUNCS(DB_PQ_RESOLVE)
#undef DB_PQ_RESOLVE
	}
	*why = pq.state > 0 ? NULL : pq.why;
	return pq.state > 0 ? 0 : -1;
}
