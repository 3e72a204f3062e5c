/* fmt.h - which kind of file a document came in, and its text as the
 * structure parser reads it: UTF-8, one paragraph per line with a blank line
 * between paragraphs (as a browser copy of a web page gives), a table row
 * per line with its cells separated by one TAB. Text files go to enc.h;
 * web pages, Word (.docx), OFD and PDF files are read here. The fixed-
 * layout formats (PDF, OFD) become lines of positioned text first, which
 * fmt_layout_text() joins into paragraphs. */
#ifndef LUOSHI_FMT_H
#define LUOSHI_FMT_H

#include <stddef.h>

#include "luoshi/enc.h"
#include "luoshi/util.h"

#define FMT_KIND_LIST(X) \
	X(AUTO, "auto") \
	X(TEXT, "text") \
	X(HTML, "html") \
	X(DOCX, "docx") \
	X(PDF, "pdf") \
	X(OFD, "ofd")

#define FMT_KIND_ENUM(name, str) FMT_##name,
enum fmt_kind { FMT_KIND_LIST(FMT_KIND_ENUM) FMT_KIND_COUNT };
#undef FMT_KIND_ENUM

/* The kind a user names with --format: the names above, also "txt", "htm";
 * case-insensitive. -1 when unknown. */
int fmt_parse_name(const char *name);
const char *fmt_kind_name(enum fmt_kind k);

/* What the first bytes (and, for a zip, its members) say the file is.
 * FMT_TEXT when nothing else matched; a file luoshi cannot read (an old
 * .doc, an image, ...) is FMT_TEXT too: fmt_refusal() names it. */
enum fmt_kind fmt_sniff(const unsigned char *buf, size_t n);

/* A file luoshi recognises but cannot read (an old .doc or .wps, an image,
 * an archive, .rtf, .mht): LU_ERR with one sentence saying what it is and
 * how to turn it into something luoshi reads; else LU_OK. buf may be just
 * the first bytes; a zip that is not a .docx or .ofd is refused when it is
 * read whole. */
enum lu_status fmt_refusal(const char *path, const unsigned char *buf, size_t n);

/* The kind of file path is: kind itself, or for FMT_AUTO what its first
 * bytes say (fmt_sniff); a file luoshi cannot read is refused here (one
 * sentence, fmt_refusal). Lets a caller stream a text file itself. */
enum lu_status fmt_tell(const char *path, enum fmt_kind kind, enum fmt_kind *out);

/* Read path as the kind given (FMT_AUTO: by its content) and give its text
 * (malloc'ed, NUL-terminated). label names what was read, as stored in the
 * document's encoding field: "UTF-8", "GB18030"... for text, "html (GBK)",
 * "docx", "ofd", "pdf". force_enc (or NULL) applies to text and web pages.
 * Every refusal is one sentence naming the file. */
enum lu_status fmt_read_file(const char *path, enum fmt_kind kind, const char *force_enc,
			     char label[ENC_NAME_MAX], char **text, size_t *len);

/* The readers on bytes in memory (name is used in messages). Each returns
 * LU_OK with the text, or one sentence; a reader that was not built returns
 * LU_ERR saying so. */
enum lu_status fmt_html_text(const char *name, const unsigned char *buf, size_t n,
			     const char *force_enc, char label[ENC_NAME_MAX], char **text,
			     size_t *len);
enum lu_status fmt_docx_text(const char *name, const unsigned char *buf, size_t n, char **text,
			     size_t *len);
enum lu_status fmt_ofd_text(const char *name, const unsigned char *buf, size_t n, char **text,
			    size_t *len);

/* Turn text laid out as pdftotext -layout prints a PDF (pages separated by
 * form feeds, lines indented and columns aligned with blanks) into
 * paragraphs: lines rejoined, page numbers and running headers dropped,
 * aligned columns turned into table rows. Never fails (fmt_layout.c). */
char *fmt_layout_text(const char *s, size_t n, size_t *len);

/* Run pdftotext on path (found on PATH, never through a shell) within a time
 * and output limit and give its text as fmt_layout_text() makes it. */
enum lu_status fmt_pdf_text(const char *path, char **text, size_t *len);

#endif
