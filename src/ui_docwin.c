/* ui_docwin.c - the outline's window of documents: pages of the document
 * list by id (db_doc_page), so that a document added or removed by
 * another user between two pages moves no other one; the outline builds
 * its rows from the window and asks for more as the cursor nears an end
 * (ui_outline.c, win_ensure). */
#include "config.h"
#include "luoshi/ui_docwin.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/ui_view.h"

static void odoc_free(struct odoc *od)
{
	db_doc_head_free(&od->d);
	db_nodes_free(od->nodes, od->nnodes);
	free(od->own);
}

void docwin_clear(struct docwin *w)
{
	for (size_t i = 0; i < w->n; i++)
		odoc_free(&w->docs[i]);
	free(w->docs);
	w->docs = NULL;
	w->n = 0;
	w->at_start = w->at_end = 0;
}

static long pages_read; /* docwin_pages_read */

long docwin_pages_read(void)
{
	return pages_read;
}

/* Fewer documents than asked: that end of the list is in the window. A
 * failure counts as the end too, so that nothing asks again and again. */
void docwin_read(struct docwin *w, long long from, int before, size_t limit)
{
	pages_read++;
	struct db_doc_head *h = NULL;
	size_t n = 0;
	if (db_doc_page(ui_db(), from, before ? DB_PAGE_BEFORE : DB_PAGE_AFTER, limit, &h, &n) != LU_OK)
		ui_msg("%s", lu_errmsg());
	w->docs = xreallocarray(w->docs, w->n + n + 1, sizeof *w->docs);
	if (before)
		memmove(w->docs + n, w->docs, w->n * sizeof *w->docs);
	struct odoc *at = w->docs + (before ? 0 : w->n);
	memset(at, 0, n * sizeof *at);
	for (size_t i = 0; i < n; i++)
		at[i].d = h[i];
	free(h); /* the strings moved into w->docs */
	w->n += n;
	if (before ? n < limit : from == 0)
		w->at_start = 1;
	if (before ? from == LLONG_MAX : n < limit)
		w->at_end = 1;
}

void docwin_trim(struct docwin *w, size_t c, size_t cap)
{
	if (cap < DOCWIN_CAP)
		cap = DOCWIN_CAP;
	if (w->n <= cap)
		return;
	size_t first = c > cap / 2 ? c - cap / 2 : 0;
	if (first + cap > w->n)
		first = w->n - cap;
	for (size_t i = 0; i < w->n; i++)
		if (i < first || i >= first + cap)
			odoc_free(&w->docs[i]);
	memmove(w->docs, w->docs + first, cap * sizeof *w->docs);
	w->at_start = w->at_start && !first;
	w->at_end = w->at_end && first + cap == w->n;
	w->n = cap;
}

/* A page from doc on, a page before it. */
void docwin_around(struct docwin *w, long long doc)
{
	docwin_clear(w);
	docwin_read(w, doc > 0 ? doc - 1 : 0, 0, DOCWIN_PAGE);
	if (doc > 0)
		docwin_read(w, doc, 1, DOCWIN_PAGE);
	if (db_doc_count(ui_db(), &w->total) != LU_OK)
		ui_msg("%s", lu_errmsg());
}
