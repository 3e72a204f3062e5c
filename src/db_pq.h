/* db_pq.h - libpq, loaded when a store on a server is first opened
 * (db_pq.c). Linked in, libpq and the twenty libraries it needs (TLS,
 * Kerberos, LDAP...) would be loaded by every luoshi command, which
 * costs a one-shot command on a file about half again its time; loaded
 * with dlopen, a file store never pays for it. The driver calls PQxxx as
 * usual: each name below is the pointer db_pq_load resolved. */
#ifndef LUOSHI_DB_PQ_H
#define LUOSHI_DB_PQ_H

#include <libpq-fe.h>

#define DB_PQ_FUNCS(X) \
	X(PQbackendPID) X(PQclear) X(PQcmdStatus) X(PQcmdTuples) X(PQconnectdbParams) \
	X(PQconninfoFree) X(PQconninfoParse) X(PQconsumeInput) X(PQerrorMessage) \
	X(PQexec) X(PQexecParams) X(PQexecPrepared) X(PQfinish) X(PQfreemem) \
	X(PQgetisnull) X(PQgetlength) X(PQgetvalue) X(PQnfields) X(PQnotifies) \
	X(PQntuples) X(PQprepare) X(PQreset) X(PQresultErrorField) X(PQresultErrorMessage) \
	X(PQresultStatus) X(PQsetNoticeProcessor) X(PQsocket) X(PQstatus) \
	X(PQtransactionStatus)

#define DB_PQ_POINTER(name) __typeof__(&name) name;
struct db_pq {
	DB_PQ_FUNCS(DB_PQ_POINTER)
};
#undef DB_PQ_POINTER
extern struct db_pq db_pq;

/* Load libpq once; 0 when every function is there, else -1 with *why
 * (static text) saying what failed. */
int db_pq_load(const char **why);

#ifndef DB_PQ_IMPL
#define PQbackendPID (db_pq.PQbackendPID)
#define PQclear (db_pq.PQclear)
#define PQcmdStatus (db_pq.PQcmdStatus)
#define PQcmdTuples (db_pq.PQcmdTuples)
#define PQconnectdbParams (db_pq.PQconnectdbParams)
#define PQconninfoFree (db_pq.PQconninfoFree)
#define PQconninfoParse (db_pq.PQconninfoParse)
#define PQconsumeInput (db_pq.PQconsumeInput)
#define PQerrorMessage (db_pq.PQerrorMessage)
#define PQexec (db_pq.PQexec)
#define PQexecParams (db_pq.PQexecParams)
#define PQexecPrepared (db_pq.PQexecPrepared)
#define PQfinish (db_pq.PQfinish)
#define PQfreemem (db_pq.PQfreemem)
#define PQgetisnull (db_pq.PQgetisnull)
#define PQgetlength (db_pq.PQgetlength)
#define PQgetvalue (db_pq.PQgetvalue)
#define PQnfields (db_pq.PQnfields)
#define PQnotifies (db_pq.PQnotifies)
#define PQntuples (db_pq.PQntuples)
#define PQprepare (db_pq.PQprepare)
#define PQreset (db_pq.PQreset)
#define PQresultErrorField (db_pq.PQresultErrorField)
#define PQresultErrorMessage (db_pq.PQresultErrorMessage)
#define PQresultStatus (db_pq.PQresultStatus)
#define PQsetNoticeProcessor (db_pq.PQsetNoticeProcessor)
#define PQsocket (db_pq.PQsocket)
#define PQstatus (db_pq.PQstatus)
#define PQtransactionStatus (db_pq.PQtransactionStatus)
#endif

#endif
