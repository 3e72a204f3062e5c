/* out.c - command-line output. Everything goes through one buffer so it can
 * be converted to the locale's codeset in one place. */
#include "config.h"
#include "luoshi/out.h"

#include <errno.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "luoshi/enc.h"
#include "luoshi/text.h"

static struct {
	int tty;
	int columns;
	const char *convert_to; /* NULL: write UTF-8 as is */
	int write_errno;        /* first failed write to stdout */
	struct sbuf buf;
} out;

void out_init(void)
{
	out.tty = isatty(STDOUT_FILENO);
	out.columns = 80;
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	if (out.tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		out.columns = ws.ws_col;
	else if (env && atoi(env) > 0)
		out.columns = atoi(env);
	const char *cs = nl_langinfo(CODESET);
	if (cs && (strcmp(cs, "GB18030") == 0 || strcmp(cs, "GBK") == 0 ||
		   strcmp(cs, "GB2312") == 0))
		out.convert_to = "GB18030";
	/* glibc gives ambiguous characters 2 columns in CJK locales (DESIGN.md §4) */
	if (out.convert_to)
		text_set_ambiguous_width(2);
}

int out_is_tty(void)
{
	return out.tty;
}

int out_columns(void)
{
	return out.columns;
}

void out_str(const char *s)
{
	sbuf_adds(&out.buf, s);
	if (out.buf.len > 1 << 16)
		out_flush();
}

void out_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&out.buf, fmt, ap);
	va_end(ap);
	if (out.buf.len > 1 << 16)
		out_flush();
}

void out_cell(const char *s, int cols, int pad)
{
	char *clean = text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
	if (cols > 0) {
		char *cut = text_truncate(clean, strlen(clean), cols, pad);
		out_str(cut);
		free(cut);
	} else {
		out_str(clean);
	}
	free(clean);
}

void out_flush(void)
{
	if (!out.buf.len)
		return;
	char *conv = NULL;
	size_t len = out.buf.len;
	const char *bytes = out.buf.s;
	if (out.convert_to &&
	    enc_from_utf8(out.convert_to, out.buf.s, out.buf.len, &conv, &len) == LU_OK)
		bytes = conv;
	if ((fwrite(bytes, 1, len, stdout) != len || fflush(stdout) != 0) && !out.write_errno)
		out.write_errno = errno ? errno : EIO;
	free(conv);
	sbuf_reset(&out.buf);
}

int out_write_error(void)
{
	out_flush();
	if (!out.write_errno && fflush(stdout) != 0)
		out.write_errno = errno ? errno : EIO;
	return out.write_errno;
}

char *out_from_locale(const char *s, size_t n)
{
	if (!out.convert_to)
		return xstrndup(s, n);
	char *utf8 = NULL;
	size_t len, bad;
	if (enc_to_utf8(out.convert_to, (const unsigned char *)s, n, &utf8, &len, &bad) != LU_OK)
		return NULL;
	return utf8;
}

/* One line of ours on stderr: head, the sentence sanitised and in the
 * locale's codeset, tail. */
static void err_line(const char *head, const char *fmt, va_list ap, const char *tail)
{
	struct sbuf b = SBUF_INIT;
	sbuf_vaddf(&b, fmt, ap);
	char *clean = text_sanitize(b.s ? b.s : "", b.len, 0);
	out_flush();
	char *conv = NULL;
	size_t len = 0;
	if (out.convert_to &&
	    enc_from_utf8(out.convert_to, clean, strlen(clean), &conv, &len) == LU_OK) {
		fprintf(stderr, "%sluoshi: %.*s%s", head, (int)len, conv, tail);
		free(conv);
	} else {
		fprintf(stderr, "%sluoshi: %s%s", head, clean, tail);
	}
	free(clean);
	sbuf_free(&b);
}

void out_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_line("", fmt, ap, "\n");
	va_end(ap);
}

void out_progress(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_line("\r", fmt, ap, "\033[K");
	va_end(ap);
	fflush(stderr);
}
