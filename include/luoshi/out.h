/* out.h - plain terminal output for the command line: sanitised, aligned by
 * display width, converted to the locale's codeset (GB18030 locales). */
#ifndef LUOSHI_OUT_H
#define LUOSHI_OUT_H

#include <stdio.h>

#include "luoshi/util.h"

/* Decide codeset, language and width once; call after setlocale(). */
void out_init(void);
int out_is_tty(void);
/* Terminal columns (tty), else $COLUMNS, else 80. */
int out_columns(void);

/* Our own text (trusted). */
void out_str(const char *s);
void out_printf(const char *fmt, ...) LU_PRINTF(1, 2);
/* Untrusted text in a column of exactly cols display columns (cut with a
 * marker when too long; padded unless last). cols <= 0: whole text. */
void out_cell(const char *s, int cols, int pad);
/* Write buffered output (converted when the locale is GB18030). */
void out_flush(void);
/* Flush; the errno of the first failed write to stdout, or 0. */
int out_write_error(void);
/* Text typed by the user (argv, standard input) in the locale's codeset, as
 * malloc'ed UTF-8; NULL when it is not valid in that codeset. */
char *out_from_locale(const char *s, size_t n);
/* One-sentence error to stderr, prefixed with "luoshi: ". */
void out_error(const char *fmt, ...) LU_PRINTF(1, 2);
/* A line of stderr rewritten in place (a terminal's progress line), in the
 * locale's codeset like out_error. */
void out_progress(const char *fmt, ...) LU_PRINTF(1, 2);

#endif
