/* util.c - allocation, strings, errors and small system helpers. */
#include "config.h"
#include "luoshi/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "luoshi/i18n.h"
#include "luoshi/text.h"
#include "luoshi/utf8.h"

static void LU_NORETURN oom(size_t n)
{
	fprintf(stderr, _("luoshi: out of memory (%zu bytes)\n"), n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	return sbuf_detach(&b);
}

void sbuf_grow(struct sbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len)
		oom(SIZE_MAX);
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
	b->s[b->len] = '\0'; /* a grown buffer is always a valid string */
}

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	sbuf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_add(b, &c, 1);
}

void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	sbuf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

/* One character of a JSON string (cp decoded from the len bytes at s). */
static void json_char(struct sbuf *b, const char *s, size_t len, uint32_t cp)
{
	if (cp == 0xFFFD && len == 1) {
		sbuf_adds(b, "\\uFFFD"); /* an invalid byte: the output stays UTF-8 */
	} else if (cp == '"' || cp == '\\') {
		sbuf_addf(b, "\\%c", (char)cp);
	} else if (cp == '\n') {
		sbuf_adds(b, "\\n");
	} else if (cp == '\t') {
		sbuf_adds(b, "\\t");
	} else if (!text_is_unsafe(cp)) {
		sbuf_add(b, s, len);
	} else if (cp > 0xFFFF) {
		cp -= 0x10000;
		sbuf_addf(b, "\\u%04X\\u%04X", 0xD800 + (unsigned)(cp >> 10),
			  0xDC00 + (unsigned)(cp & 0x3FF));
	} else {
		sbuf_addf(b, "\\u%04X", (unsigned)cp);
	}
}

void sbuf_add_json(struct sbuf *b, const char *s)
{
	if (!s) {
		sbuf_adds(b, "null");
		return;
	}
	size_t n = strlen(s), i = 0;
	sbuf_addc(b, '"');
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		json_char(b, s + i, len, cp);
		i += len;
	}
	sbuf_addc(b, '"');
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

char *sbuf_detach(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

#define LU_STATUS_STR(name, msg) msg,
static const char *const status_msgs[] = {LU_STATUS_LIST(LU_STATUS_STR)};
#undef LU_STATUS_STR

const char *lu_status_name(enum lu_status st)
{
	if ((unsigned)st >= LU_STATUS_COUNT)
		return "unknown error";
	return status_msgs[st];
}

static char errbuf[1024];

/* The sentence is made in the user's language where it is recorded: fmt
 * is looked up in the catalogue (po/Makevars extracts lu_error's second
 * argument), so every caller in the model writes plain English. It is
 * formatted aside first: an argument may be the previous message. */
enum lu_status lu_error(enum lu_status st, const char *fmt, ...)
{
	char msg[sizeof errbuf];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, gettext(fmt), ap);
	va_end(ap);
	memcpy(errbuf, msg, sizeof errbuf);
	return st;
}

const char *lu_errmsg(void)
{
	return errbuf[0] ? errbuf : _("unknown error");
}

void lu_error_clear(void)
{
	errbuf[0] = '\0';
}

const char *lu_username(void)
{
	static char name[64];
	if (name[0])
		return name;
	struct passwd *pw = getpwuid(getuid());
	const char *env = getenv("USER");
	if (pw && pw->pw_name && *pw->pw_name)
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else if (env && *env)
		snprintf(name, sizeof name, "%s", env);
	else
		snprintf(name, sizeof name, "uid %ld", (long)getuid());
	return name;
}

/* Larger files are refused rather than read: a document is a few MB, and a
 * conversion may need several times the input. */
#define READ_LIMIT ((size_t)1 << 30)
#define MB (1024 * 1024)

static enum lu_status too_large(const char *path, unsigned long long size)
{
	return lu_error(LU_IO, "%s is too large to import (%llu MB; the limit is %zu MB)", path,
			(size + MB - 1) / MB, READ_LIMIT / MB);
}

/* Open path for reading into *fd if it is a regular file of at most
 * READ_LIMIT bytes. O_NONBLOCK so that a FIFO without a writer is refused,
 * not waited for; it has no effect on a regular file. */
static enum lu_status open_regular(const char *path, int *fd, off_t *size)
{
	*fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (*fd < 0)
		return lu_error(LU_IO, "cannot open %s: %s", path, strerror(errno));
	struct stat st;
	enum lu_status bad = LU_OK;
	if (fstat(*fd, &st) != 0)
		bad = lu_error(LU_IO, "cannot read %s: %s", path, strerror(errno));
	else if (S_ISDIR(st.st_mode))
		bad = lu_error(LU_IO, "%s is a directory, not a text file", path);
	else if (!S_ISREG(st.st_mode))
		bad = lu_error(LU_IO, "%s is not a regular file", path);
	else if ((unsigned long long)st.st_size > READ_LIMIT)
		bad = too_large(path, (unsigned long long)st.st_size);
	if (bad != LU_OK) {
		close(*fd);
		*fd = -1;
		return bad;
	}
	*size = st.st_size;
	return LU_OK;
}

/* Read fd to its end, but never more than READ_LIMIT (the file may grow
 * while we read). */
static enum lu_status read_all(int fd, const char *path, off_t size, struct sbuf *b)
{
	char chunk[65536];
	sbuf_grow(b, (size_t)size);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return lu_error(LU_IO, "cannot read %s: %s", path, strerror(errno));
		if (n == 0)
			return LU_OK;
		if (b->len + (size_t)n > READ_LIMIT)
			return too_large(path, (unsigned long long)b->len + (unsigned long long)n);
		sbuf_add(b, chunk, (size_t)n);
	}
}

enum lu_status lu_open_file(const char *path, int *fd, long long *size)
{
	off_t n = 0;
	enum lu_status st = open_regular(path, fd, &n);
	*size = (long long)n;
	return st;
}

enum lu_status lu_read_file(const char *path, char **data, size_t *len)
{
	off_t size = 0;
	int fd;
	enum lu_status st = open_regular(path, &fd, &size);
	if (st != LU_OK)
		return st;
	struct sbuf b = SBUF_INIT;
	st = read_all(fd, path, size, &b);
	close(fd);
	if (st != LU_OK) {
		sbuf_free(&b);
		return st;
	}
	*len = b.len;
	*data = sbuf_detach(&b);
	return LU_OK;
}

long long lu_now(void)
{
	const char *env = getenv("LUOSHI_NOW");
	if (env && *env) {
		char *end;
		long long v = strtoll(env, &end, 10);
		if (*end == '\0')
			return v;
	}
	return (long long)time(NULL);
}

int lu_tmp_beside(const char *path, char **tmp)
{
	*tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(*tmp);
	if (fd < 0)
		return -1;
	/* a file replaced keeps its mode; a new one gets the umask's */
	struct stat sb;
	mode_t mode;
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		mode = sb.st_mode & 07777;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(fd, mode) != 0) {
		int e = errno;
		close(fd);
		unlink(*tmp);
		errno = e;
		return -1;
	}
	return fd;
}

void lu_today(char out[11])
{
	time_t t = (time_t)lu_now();
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void lu_format_time(long long t, char out[17])
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

int lu_parse_id(const char *s, long long *id)
{
	if (!s || !*s)
		return -1;
	long long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (LLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	*id = v;
	return 0;
}
