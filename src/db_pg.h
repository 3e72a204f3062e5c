/* db_pg.h - private to the PostgreSQL driver (db_drv_pg.c) and its
 * opening (db_open_pg.c). */
#ifndef LUOSHI_DB_PG_H
#define LUOSHI_DB_PG_H

#include "db_pq.h"

/* The driver's connection (db->conn). */
struct pg {
	PGconn *c;
	char *err;          /* the last failure, one line */
	char state[6];      /* its SQLSTATE */
	long long changes;  /* rows the last statement changed */
	long long last_id;  /* column 0 of the first row the last statement returned */
	unsigned nstmts;    /* names handed out to prepared statements */
	long long notified; /* the newest change others announced */
	int listening;
	int wait_ms;        /* the lock_timeout set on the session (0: none yet) */
	int in_tx;          /* after the last statement that ran: inside a transaction */
	unsigned gen;       /* connections so far: a statement prepared on an older one
			     * is prepared again (db_drv_pg.c's revive) */
	long long failed_at; /* when connecting again last failed (seconds) */
};

extern const struct db_driver db_driver_pg;

#endif
