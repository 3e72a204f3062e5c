/* fmt_pdf.c - a PDF through poppler's pdftotext -layout: run as a child
 * process (fmt_run.c) within a time and an output limit, its failures told
 * in our own words; the pages' text then goes to fmt_layout_text(). */
#include "config.h"
#include "luoshi/fmt.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_impl.h"
#include "luoshi/utf8.h"

#define PDF_TIMEOUT 60		       /* seconds; LUOSHI_PDF_TIMEOUT overrides */
#define PDF_OUT_MAX ((size_t)64 << 20) /* bytes of text: far beyond any document */

static int pdf_timeout(void)
{
	const char *env = getenv("LUOSHI_PDF_TIMEOUT");
	long v = env && *env ? strtol(env, NULL, 10) : 0;
	return v >= 1 && v <= 3600 ? (int)v : PDF_TIMEOUT;
}

/* The first line of pdftotext's stderr as printable text, for our own
 * sentence (never its raw bytes). */
static char *first_err_line(const struct sbuf *err)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; err->s && i < err->len && err->s[i] != '\n' && b.len < 160; i++) {
		unsigned char c = (unsigned char)err->s[i];
		sbuf_addc(&b, c >= 0x20 && c < 0x7F ? (char)c : '?');
	}
	return sbuf_detach(&b);
}

static enum lu_status run_failed(const char *path, const struct fmt_run *r, int timeout)
{
	if (r->timed_out)
		return lu_error(LU_ERR,
				"pdftotext did not finish reading %s within %d seconds (a damaged "
				"PDF?); nothing was imported",
				path, timeout);
	if (r->too_big)
		return lu_error(LU_ERR, "%s gives more than %zu MB of text: not a document luoshi imports",
				path, PDF_OUT_MAX >> 20);
	if (r->err.s && strstr(r->err.s, "Incorrect password"))
		return lu_error(LU_ERR,
				"%s is protected by a password: open it, save a copy without the "
				"password and import that",
				path);
	char *why = first_err_line(&r->err);
	enum lu_status st =
		r->status < 0 ? lu_error(LU_ERR, "pdftotext stopped while reading %s (killed by a signal)", path)
		: *why ? lu_error(LU_ERR, "pdftotext could not read %s: %s", path, why)
		       : lu_error(LU_ERR, "pdftotext could not read %s (exit status %d)", path, r->status);
	free(why);
	return st;
}

/* Text that is mostly U+FFFD, private-use characters or controls came from
 * fonts without a Unicode mapping: it is not the document's words. */
static int undecodable(const char *s, size_t n)
{
	size_t bad = 0, all = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += utf8_decode(s + i, n - i, &c);
		if (c == ' ' || c == '\n' || c == '\f' || c == 0x3000)
			continue;
		all++;
		bad += c == 0xFFFD || (c >= 0xE000 && c < 0xF900) || (c < 0x20 && c != '\t');
	}
	return all && bad * 3 > all;
}

enum lu_status fmt_pdf_text(const char *path, char **text, size_t *len)
{
	char *exe = fmt_which("pdftotext");
	if (!exe)
		return lu_error(LU_ERR,
				"%s is a PDF, and luoshi reads PDFs through pdftotext, which is not "
				"installed (Debian: apt-get install poppler-utils)",
				path);
	char *arg = path[0] == '-' ? xasprintf("./%s", path) : xstrdup(path);
	char prog[] = "pdftotext", layout[] = "-layout", enc[] = "-enc", utf8[] = "UTF-8",
	     eol[] = "-eol", lf[] = "unix", to_stdout[] = "-";
	char *argv[] = {prog, layout, enc, utf8, eol, lf, arg, to_stdout, NULL};
	struct fmt_run r;
	int timeout = pdf_timeout();
	int rc = fmt_run(exe, argv, timeout, PDF_OUT_MAX, &r);
	enum lu_status st = LU_OK;
	if (rc != 0)
		st = lu_error(LU_ERR, "cannot run %s for %s: %s", exe, path, strerror(errno));
	else if (r.timed_out || r.too_big || r.status != 0)
		st = run_failed(path, &r, timeout);
	else if (fmt_blank(r.out.s ? r.out.s : "", r.out.len) ||
		 strspn(r.out.s, " \n\f") == r.out.len)
		st = lu_error(LU_ERR,
			      "%s has no text in it (a scanned image?): run OCR on it first (e.g. "
			      "ocrmypdf -l chi_sim FILE out.pdf) and import the result",
			      path);
	else if (undecodable(r.out.s, r.out.len))
		st = lu_error(LU_ERR,
			      "%s has text luoshi cannot decode (its fonts carry no Unicode "
			      "mapping): run OCR on it, or copy the text out of a PDF viewer",
			      path);
	else
		*text = fmt_layout_text(r.out.s, r.out.len, len);
	fmt_run_free(&r);
	free(arg);
	free(exe);
	return st;
}
