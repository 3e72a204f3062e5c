/* db_pq.c - see db_pq.h. */
#include "config.h"

#define DB_PQ_IMPL
#include "db_pq.h"

#include <dlfcn.h>
#include <stddef.h>

struct db_pq db_pq;

/* The library as configure found it (its soname: the same for every
 * libpq since PostgreSQL 8.x, and for openGauss's and KingbaseES's). */
#ifndef LIBPQ_SONAME
#define LIBPQ_SONAME "libpq.so.5"
#endif

int db_pq_load(const char **why)
{
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	static const char *failure;
	if (state) {
		*why = failure;
		return state > 0 ? 0 : -1;
	}
	state = -1;
	void *h = dlopen(LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		failure = "cannot load " LIBPQ_SONAME " (Debian: apt-get install libpq5)";
		*why = failure;
		return -1;
	}
	/* kept loaded for the life of the process, as a linked library is */
#define DB_PQ_RESOLVE(name) \
	if (!(*(void **)&db_pq.name = dlsym(h, #name))) \
		failure = LIBPQ_SONAME " lacks " #name " (a libpq older than PostgreSQL 10?)";
	DB_PQ_FUNCS(DB_PQ_RESOLVE)
#undef DB_PQ_RESOLVE
	*why = failure;
	if (failure)
		return -1;
	state = 1;
	return 0;
}
