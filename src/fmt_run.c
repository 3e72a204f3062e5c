/* fmt_run.c - run a helper program (pdftotext) as a child process: found
 * on PATH by us, started with fork and exec (never through a shell), its
 * output read within a time limit and a size limit, its stderr kept for
 * our own message rather than shown. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fmt_impl.h"

/* Keep this much of stderr: the first lines say what went wrong. */
#define ERR_KEEP 4096

/* Only absolute directories of $PATH are searched: an empty or relative
 * entry would run whatever lies in the directory the user imports from. */
char *fmt_which(const char *prog)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; p++) {
		size_t k = strcspn(p, ":");
		if (k && p[0] == '/') {
			char *full = xasprintf("%.*s/%s", (int)k, p, prog);
			struct stat st;
			if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
				return full;
			free(full);
		}
		p += k;
		if (!*p)
			return NULL;
	}
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child: stdin from /dev/null, stdout and stderr to the pipes, no
 * other descriptor of ours (the database) held open by the helper. Only
 * async-signal-safe calls between fork and exec. */
static void LU_NORETURN child(const char *exe, char *const argv[], int out, int err, int maxfd)
{
	int null = open("/dev/null", O_RDONLY);
	if (null >= 0)
		dup2(null, 0);
	dup2(out, 1);
	dup2(err, 2);
	for (int fd = 3; fd < maxfd; fd++)
		close(fd);
	execv(exe, argv);
	_exit(127);
}

/* Read what is ready on fd into b (at most max bytes kept); returns 0 at
 * the end of the stream, 1 to go on, 2 when b would pass max. */
static int drain(int fd, struct sbuf *b, size_t max, int keep_going)
{
	char buf[65536];
	ssize_t n = read(fd, buf, sizeof buf);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	if (n == 0)
		return 0;
	size_t room = b->len < max ? max - b->len : 0;
	sbuf_add(b, buf, (size_t)n < room ? (size_t)n : room);
	return (size_t)n > room && !keep_going ? 2 : 1;
}

/* Collect stdout and stderr until both end or a limit is hit. */
static void collect(int out, int err, long long deadline, size_t out_max, struct fmt_run *r)
{
	struct pollfd fds[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		long long left = deadline - now_ms();
		if (left <= 0) {
			r->timed_out = 1;
			return;
		}
		int k = poll(fds, 2, (int)(left > 1000 ? 1000 : left));
		if (k < 0 && errno != EINTR)
			return;
		for (int i = 0; k > 0 && i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			int rc = i == 0 ? drain(fds[i].fd, &r->out, out_max, 0)
					: drain(fds[i].fd, &r->err, ERR_KEEP, 1);
			if (rc == 2) {
				r->too_big = 1;
				return;
			}
			if (rc == 0)
				fds[i].fd = -1;
		}
	}
}

/* Wait for the child, killing it when it is past the deadline. */
static void reap(pid_t pid, long long deadline, struct fmt_run *r)
{
	int st = 0;
	if (r->timed_out || r->too_big)
		kill(pid, SIGKILL);
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (w == 0 && now_ms() >= deadline && !r->timed_out) {
			r->timed_out = 1;
			kill(pid, SIGKILL);
		}
		struct timespec ms = {0, 5 * 1000 * 1000};
		nanosleep(&ms, NULL);
	}
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int fmt_run(const char *exe, char *const argv[], int timeout_s, size_t out_max,
	    struct fmt_run *r)
{
	memset(r, 0, sizeof *r);
	r->status = -1;
	int po[2], pe[2];
	if (pipe2(po, O_CLOEXEC) != 0)
		return -1;
	if (pipe2(pe, O_CLOEXEC) != 0) {
		close(po[0]), close(po[1]);
		return -1;
	}
	long maxfd = sysconf(_SC_OPEN_MAX); /* before fork: not async-signal-safe */
	maxfd = maxfd < 256 ? 256 : maxfd > 65536 ? 65536 : maxfd;
	pid_t pid = fork();
	if (pid == 0)
		child(exe, argv, po[1], pe[1], (int)maxfd);
	int saved = errno;
	close(po[1]), close(pe[1]);
	if (pid < 0) {
		close(po[0]), close(pe[0]);
		errno = saved;
		return -1;
	}
	long long deadline = now_ms() + (long long)timeout_s * 1000;
	collect(po[0], pe[0], deadline, out_max, r);
	close(po[0]), close(pe[0]);
	reap(pid, deadline, r);
	return 0;
}

void fmt_run_free(struct fmt_run *r)
{
	sbuf_free(&r->out);
	sbuf_free(&r->err);
}
