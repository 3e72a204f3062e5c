/* check.h - a minimal TAP producer for the model tests (automake tap-driver).
 * Each CHECK is one TAP line, so CI counts assertions, not programs. */
#ifndef LUOSHI_TESTS_CHECK_H
#define LUOSHI_TESTS_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int check_n, check_failed;

static inline int check_report(int ok, const char *what, const char *file, int line)
{
	check_n++;
	if (ok) {
		printf("ok %d - %s\n", check_n, what);
	} else {
		check_failed++;
		printf("not ok %d - %s (%s:%d)\n", check_n, what, file, line);
	}
	fflush(stdout);
	return ok;
}

#define CHECK(cond) check_report(!!(cond), #cond, __FILE__, __LINE__)

/* CHECKF(cond, fmt, ...): the TAP line's text formatted (a case's name in
 * every line of a loop over cases). */
static inline int check_reportf(int ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static inline int check_reportf(int ok, const char *file, int line, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return check_report(ok, what, file, line);
}
#define CHECKF(cond, ...) check_reportf(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_MSG(cond, msg) check_report(!!(cond), msg, __FILE__, __LINE__)

static inline int check_str(const char *got, const char *want, const char *what,
			    const char *file, int line)
{
	int ok = (got == NULL && want == NULL) ||
		 (got != NULL && want != NULL && strcmp(got, want) == 0);
	if (!ok)
		printf("# %s: got [%s], want [%s]\n", what, got ? got : "(null)",
		       want ? want : "(null)");
	return check_report(ok, what, file, line);
}
#define CHECK_STR(got, want) check_str((got), (want), #got " == " #want, __FILE__, __LINE__)

static inline int check_int(long long got, long long want, const char *what, const char *file,
			    int line)
{
	if (got != want)
		printf("# %s: got %lld, want %lld\n", what, got, want);
	return check_report(got == want, what, file, line);
}
#define CHECK_INT(got, want) check_int((long long)(got), (long long)(want), #got " == " #want, __FILE__, __LINE__)

/* Print the plan and return the exit status for main(). */
static inline int check_done(void)
{
	printf("1..%d\n", check_n);
	return check_failed ? 1 : 0;
}

#endif
