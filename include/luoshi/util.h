/* util.h - allocation that never fails, a growable string, one error vocabulary. */
#ifndef LUOSHI_UTIL_H
#define LUOSHI_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define LU_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define LU_NORETURN __attribute__((noreturn))
#else
#define LU_PRINTF(f, a)
#define LU_NORETURN
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation wrappers: abort with a message on exhaustion or size overflow. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) LU_PRINTF(1, 2);

/* Growable NUL-terminated byte string; owns its buffer. */
struct sbuf {
	char *s;
	size_t len, cap;
};
#define SBUF_INIT {NULL, 0, 0}
void sbuf_grow(struct sbuf *b, size_t extra);
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_addf(struct sbuf *b, const char *fmt, ...) LU_PRINTF(2, 3);
void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap) LU_PRINTF(2, 0);
/* s as a JSON string, quotes included ("null" for NULL), the one escaper
 * of every JSON we write: always valid JSON in valid UTF-8 whatever s
 * holds. " and \ escaped; \n, \t; other controls, C1, line and paragraph
 * separators, bidi and invisible format characters as \uXXXX (surrogate
 * pairs above U+FFFF); each invalid byte as \uFFFD. */
void sbuf_add_json(struct sbuf *b, const char *s);
void sbuf_reset(struct sbuf *b);
char *sbuf_detach(struct sbuf *b); /* returns the string ("" if empty), buffer reset */
void sbuf_free(struct sbuf *b);

/* Status codes with their default messages: one list, one vocabulary. */
#define LU_STATUS_LIST(X) \
	X(OK, "ok") \
	X(ERR, "error") \
	X(USAGE, "usage error") \
	X(NOTFOUND, "not found") \
	X(CONFLICT, "changed by someone else") \
	X(READONLY, "database is read-only") \
	X(BUSY, "database is busy") \
	X(IO, "input/output error") \
	X(ENCODING, "cannot decode text") \
	X(DUPLICATE, "already present") \
	X(NOMEM, "out of memory")

#define LU_STATUS_ENUM(name, msg) LU_##name,
enum lu_status { LU_STATUS_LIST(LU_STATUS_ENUM) LU_STATUS_COUNT };
#undef LU_STATUS_ENUM

const char *lu_status_name(enum lu_status st);

/* Record one clear sentence describing the last failure and return st.
 * Model functions return enum lu_status; callers print lu_errmsg(). fmt
 * is an English msgid: it is translated here (i18n.h), so the caller
 * writes lu_error(LU_IO, "cannot read %s: %s", ...) without _(). */
enum lu_status lu_error(enum lu_status st, const char *fmt, ...) LU_PRINTF(2, 3);
const char *lu_errmsg(void);
void lu_error_clear(void);

/* Unix user name of the caller (from getpwuid, else $USER, else "uid N"). */
const char *lu_username(void);

/* Read a whole regular file (at most 1 GiB) into memory, NUL-terminated;
 * LU_IO with one sentence on failure (missing, not a regular file, too large). */
enum lu_status lu_read_file(const char *path, char **data, size_t *len);
/* Open a regular file of at most 1 GiB for reading, as lu_read_file would
 * read it (the same sentences on failure), for readers that stream it.
 * *size receives its size; the caller closes *fd. */
enum lu_status lu_open_file(const char *path, int *fd, long long *size);

/* A new file beside path, named path.XXXXXX (*tmp, malloc'ed), for a
 * write that is renamed into place: unique, as mkstemp makes it, but with
 * the mode of the file it replaces, or for a new one 0666 less the umask
 * as a plain fopen gives (mkstemp's 0600 would hide an export from the
 * colleagues it is made for). Its open descriptor, or -1 with errno set
 * (*tmp is still to be freed). */
int lu_tmp_beside(const char *path, char **tmp);

/* Current time as seconds since the epoch; $LUOSHI_NOW (epoch seconds) overrides it,
 * so tests of overdue items and timestamps are reproducible. */
long long lu_now(void);
/* Today's date as "YYYY-MM-DD" in local time (honours LUOSHI_NOW). */
void lu_today(char out[11]);
/* Format epoch seconds as "YYYY-MM-DD HH:MM" in local time. */
void lu_format_time(long long t, char out[17]);

/* Parse a non-negative decimal integer id; 0 on success. */
int lu_parse_id(const char *s, long long *id);

#endif
