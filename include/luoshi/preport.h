/* preport.h - the report of one period that offices hand upward: per
 * unit, what was asked (tasks reporting in the period or due in it),
 * what was reported, done, late, waiting for review and due for 回头看,
 * then the tasks themselves. Markdown here; the XLSX export puts the same
 * in a sheet (xlsx.c). No curses. */
#ifndef LUOSHI_PREPORT_H
#define LUOSHI_PREPORT_H

#include <stddef.h>

#include "luoshi/db.h"
#include "luoshi/util.h"

struct preport_unit {
	char *unit; /* the lead unit, "" when none */
	int items, must, reported, due_in, done, late, review, recheck;
};

struct preport {
	struct db_due due;
	struct preport_unit *units; /* in the order they first appear */
	size_t nunits;
};

/* The report of period p (NULL: this month) for unit (NULL: all). */
enum lu_status preport_load(struct db *db, const struct period *p, const char *unit,
			    struct preport *out);
void preport_free(struct preport *r);
/* "已报送" and the like: what an item is, in Chinese (the report is a
 * Chinese office document), malloc'ed. */
char *preport_state(const struct db_due_item *it);
/* The Markdown of the report. */
void preport_md(const struct preport *r, struct sbuf *b);

#endif
