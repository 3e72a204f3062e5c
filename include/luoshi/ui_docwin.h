/* ui_docwin.h - the outline's window of documents: consecutive documents
 * in order of id, read a page at a time from the store (db_doc_page) as
 * the cursor moves, at most DOCWIN_CAP kept, and the number of documents
 * the store keeps. Each document holds what the outline read of it. */
#ifndef LUOSHI_UI_DOCWIN_H
#define LUOSHI_UI_DOCWIN_H

#include <stddef.h>

#include "luoshi/db.h"

/* Documents read at a time, and the most kept: the screens' first frame
 * and memory were those of every document's head (22,620 at a million
 * tasks: 13 MiB), where a screen shows about twenty. */
#define DOCWIN_PAGE 100
#define DOCWIN_CAP 400

struct odoc {
	struct db_doc_head d;
	struct db_node *nodes;
	size_t nnodes;
	/* the tasks directly under each node (not under its children): what a
	 * change of one of them moves in the node and its ancestors */
	struct db_counts *own;
	int loaded;
	int counted; /* d's counts are read (when its row is first drawn) */
};

struct docwin {
	struct odoc *docs;    /* in order of id, none missing between two */
	size_t n;
	size_t total;         /* documents in the store, for the title */
	int at_start, at_end; /* docs[0] is the first document; the last */
};

void docwin_clear(struct docwin *w);
/* Up to limit documents after id from (0: from the first), appended, or
 * before it (LLONG_MAX: the last ones), put in front. */
void docwin_read(struct docwin *w, long long from, int before, size_t limit);
/* How many pages docwin_read has read since the start (the tests' count:
 * a window that drops what it reads again shows here). */
long docwin_pages_read(void);
/* Keep at most cap documents (DOCWIN_CAP or more), those nearest docs[c]. */
void docwin_trim(struct docwin *w, size_t c, size_t cap);
/* The window afresh around document id doc (0: from the first), with
 * the number of documents. */
void docwin_around(struct docwin *w, long long doc);

#endif
