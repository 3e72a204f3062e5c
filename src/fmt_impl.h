/* fmt_impl.h - shared between the format readers (fmt*.c): the text they
 * build, and the zip and XML access of the .docx and .ofd readers. */
#ifndef LUOSHI_FMT_IMPL_H
#define LUOSHI_FMT_IMPL_H

#include <stddef.h>

#include "luoshi/util.h"

/* The text a reader builds, paragraph by paragraph and row by row, in the
 * form fmt.h describes. Text added is cleaned as it comes: invalid UTF-8
 * becomes U+FFFD, control characters are dropped, a run of white space
 * (no-break spaces too) becomes one space: in these formats it is layout.
 * A line break inside a table cell becomes a space. */
struct fmt_out {
	struct sbuf text;  /* the finished lines */
	struct sbuf line;  /* the paragraph being built */
	struct sbuf *cells; /* the row being built (one per grid column) */
	size_t ncells, cellcap;
	struct sbuf *prev; /* the previous row's cells, for merged cells */
	size_t nprev, prevcap;
	int in_row;	   /* a row is open: text goes to the last cell */
	int nested;	   /* rows of tables inside a cell, flattened */
	int html_ws;	   /* line breaks in the text are spaces (HTML) */
};

void fo_init(struct fmt_out *o, int html_ws);
void fo_free(struct fmt_out *o);
/* Add n bytes of UTF-8 text to the paragraph or the current cell. A '\n'
 * ends the paragraph (a space in a cell); a '\t' is a space. */
void fo_add(struct fmt_out *o, const char *s, size_t n);
void fo_adds(struct fmt_out *o, const char *s);
/* End the paragraph: it becomes a line unless it is blank. */
void fo_break(struct fmt_out *o);
/* Table rows: begin, one fo_cell() per cell, end. Trailing empty cells are
 * dropped, and so is a row with no text. Tables inside a cell are read as
 * words of that cell. */
void fo_row_begin(struct fmt_out *o);
void fo_cell(struct fmt_out *o);
void fo_row_end(struct fmt_out *o);
/* Text of cell col of the previous row ("" when it had none): what a cell
 * merged with the one above shows. */
const char *fo_prev_cell(const struct fmt_out *o, size_t col);
/* Cells in the row so far. */
size_t fo_ncells(const struct fmt_out *o);
/* The text (malloc'ed); o is reset. */
char *fo_finish(struct fmt_out *o, size_t *len);

/* Only white space (ASCII, U+00A0, U+3000, U+FEFF) in s? */
int fmt_blank(const char *s, size_t n);

/* A helper program run as a child process (fmt_run.c). */
struct fmt_run {
	struct sbuf out, err; /* its stdout, and the start of its stderr */
	int status;	      /* exit status; -1 when killed by a signal */
	int timed_out;	      /* killed: it ran past the time limit */
	int too_big;	      /* killed: it wrote more than the output limit */
};

/* The full path of prog found in an absolute directory of $PATH
 * (malloc'ed), or NULL. */
char *fmt_which(const char *prog);
/* Run exe with argv (fork and exec, never a shell; stdin /dev/null),
 * collecting its output; it is killed after timeout_s seconds or beyond
 * out_max bytes of output. Returns 0, or -1 when it could not be started
 * (errno set). r is filled either way; free it with fmt_run_free(). */
int fmt_run(const char *exe, char *const argv[], int timeout_s, size_t out_max,
	    struct fmt_run *r);
void fmt_run_free(struct fmt_run *r);

#ifdef HAVE_DOCX
/* Zip members and XML parts of .docx and .ofd files (fmt_zip.c). Every
 * refusal is one sentence naming the file (name) and the member. */
struct zip;
struct _xmlDoc;
struct _xmlNode;

enum lu_status fz_open(const char *name, const unsigned char *buf, size_t n, struct zip **z);
void fz_close(struct zip *z);
/* Is there a member of this name (exact, else ignoring case)? */
int fz_has(struct zip *z, const char *member);
/* Parse a member as XML: LU_NOTFOUND (no message) when it is absent,
 * another status with one sentence when it is damaged, too large once
 * unpacked, carries a DTD (never written by Word, WPS or OFD writers: no
 * entities to expand), or is not well-formed. No network, libxml2's
 * default depth and size limits. */
enum lu_status fz_xml(struct zip *z, const char *name, const char *member,
		      struct _xmlDoc **doc);
/* Element tests: local name in a namespace whose URI contains ns_part
 * ("/wordprocessingml/" is Word's transitional and strict main namespace);
 * NULL ns_part: any namespace. */
int fz_is(const struct _xmlNode *nd, const char *ns_part, const char *local);
/* The first child element of nd (which may be NULL) that fz_is() this. */
const struct _xmlNode *fz_child(const struct _xmlNode *nd, const char *ns_part,
				const char *local);
/* An attribute by local name, in any namespace (malloc'ed or NULL). */
char *fz_attr(const struct _xmlNode *nd, const char *local);
/* A switch like w:vanish or w:isLgl: on unless its w:val says 0, false or off. */
int fz_on(const struct _xmlNode *nd);
/* Word's automatic numbering (fmt_num.c): the definitions of
 * numbering.xml and the paragraph styles that carry numbering (either
 * document may be NULL). */
struct docx_num;
struct docx_num *dn_load(struct _xmlDoc *numbering, struct _xmlDoc *styles);
void dn_free(struct docx_num *dn);
/* Append the label a reader sees before the paragraph with these
 * properties (w:pPr, or NULL): "一、", "（一）", "1.", "第一条 "; the
 * counters advance. Nothing when the paragraph is not numbered. */
void dn_label(struct docx_num *dn, const struct _xmlNode *ppr, struct sbuf *out);
/* A path relative to the directory of base ("word/document.xml" +
 * "numbering.xml" -> "word/numbering.xml"; "/x" is absolute). */
char *fz_resolve(const char *base, const char *target);
/* The Target of the first relationship in the .rels member whose Type
 * ends with type_tail, resolved against part (malloc'ed or NULL). */
char *fz_rel_target(struct zip *z, const char *name, const char *rels, const char *part,
		    const char *type_tail);
#endif

#endif
