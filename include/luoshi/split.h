/* split.h - where a file of many documents (a compilation) has a new one.
 *
 * A new document starts at a title block that follows the end of the one
 * before:
 *   - the end: a form feed, or the signature's date line (2019年1月22日,
 *     二〇〇五年七月十四日), possibly followed by short lines in brackets
 *     such as （此件公开发布）;
 *   - the title block: one to four short lines without sentence
 *     punctuation, the last ending with the kind of document (通知, 意见,
 *     方案, 办法…, possibly followed by （试行）), and then, as the next
 *     line that is not blank, a 文号 (国办发〔2019〕6号) or a date in
 *     brackets （2019年1月22日…）;
 *   - not when the title was quoted in 《》 before it (a notice that issues
 *     or forwards the document printed after its own signature), and not
 *     before the first document has at least a few lines.
 * Anything else is one document: a file of one document is given out
 * whole, byte for byte. A document that is followed by another loses its
 * trailing blank lines and form feeds (it ends with one newline); the new
 * one starts at its title line, past a leading form feed.
 *
 * Text is fed in pieces of any size (whole UTF-8 characters); memory holds
 * the current document and a few lines after it. */
#ifndef LUOSHI_SPLIT_H
#define LUOSHI_SPLIT_H

#include <stddef.h>

#include "luoshi/util.h"

struct split {
	struct sbuf buf;  /* the current document and what follows it */
	size_t scan;	  /* lines before this offset are classified */
	size_t lines;	  /* lines of the current document that are not blank */
	int ended;	  /* the last line that was not blank ended a document */
	int finished;	  /* split_finish was called */
	int ndocs;	  /* documents given out */
	size_t ready;	  /* bytes of buf that form a finished document, or 0 */
	size_t next;	  /* where the document after it starts */
};

void split_init(struct split *s);
/* Add text; then take any document that became complete. */
void split_feed(struct split *s, const char *text, size_t n);
/* The end of the text: what remains is the last document. */
void split_finish(struct split *s);
/* The next complete document (malloc'ed, NUL-terminated) or 0 when none is
 * complete yet. *more: another document follows it in the file (known
 * because a document is given out only once the next one has begun). */
int split_take(struct split *s, char **text, size_t *len, int *more);
void split_free(struct split *s);

#endif
