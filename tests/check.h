/* check.h - a minimal TAP producer for the model tests (automake tap-driver).
 * Each CHECK is one TAP line, so CI counts assertions, not programs. */
#ifndef LUOSHI_TESTS_CHECK_H
#define LUOSHI_TESTS_CHECK_H

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
