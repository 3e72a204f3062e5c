/* db_import.c - store a parsed document in one transaction: the
 * document row, its nodes in preorder, proposed tasks; and --replace,
 * which swaps in a revised text while keeping the work people recorded
 * and the node ids they use. */
#include "config.h"
#include "luoshi/db.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "luoshi/extract.h"
#include "luoshi/period.h"
#include "luoshi/sha256.h"
#include "luoshi/similar.h"

/* Import works in two steps so that colleagues are not kept waiting:
 *
 * 1. Without the write lock (reads only, which never block a writer in
 *    WAL mode): look for a duplicate and for the version to replace, plan
 *    the node ids, extract the proposed tasks and write everything into
 *    TEMP staging tables (the connection's own temporary database).
 * 2. Under the write lock, in one short transaction: check that nothing
 *    the plan relied on changed meanwhile (else plan again), then move the
 *    staged rows in with one INSERT ... SELECT per table. FTS5 flushes its
 *    pending index data at every statement savepoint, so row-by-row
 *    inserts through the sync triggers would write one tiny index segment
 *    per row (measured: 4x slower).
 *
 * New ids are planned above every id used when step 1 starts. Others may
 * add nodes or tasks before step 2: the staged new ids are then moved up
 * by the difference as they are copied (FINAL_NODE, ?4 and ?5), so the
 * staging tables are never rewritten under the lock. */
static const struct db_sql stage_sql = {
	"CREATE TEMP TABLE IF NOT EXISTS stage_nodes (id INTEGER PRIMARY KEY, parent_id INTEGER,"
	" top_id INTEGER, kind TEXT, level INTEGER, pos INTEGER, label TEXT, heading TEXT,"
	" body TEXT, chash TEXT);"
	"CREATE TEMP TABLE IF NOT EXISTS stage_tasks (id INTEGER PRIMARY KEY, node_id INTEGER,"
	" pos INTEGER, title TEXT, text TEXT, recurrence TEXT, unit TEXT, assist TEXT, due TEXT,"
	" due_text TEXT, text_at INTEGER, title_at INTEGER);"
	/* --replace: where the work on each changed or removed old node goes
	 * (itself when it kept its id); by new_id to find a kept task's
	 * proposed twin */
	"CREATE TEMP TABLE IF NOT EXISTS stage_moves (old_id INTEGER PRIMARY KEY,"
	" new_id INTEGER);"
	"CREATE INDEX IF NOT EXISTS temp.stage_moves_new ON stage_moves(new_id);"
	/* --replace: an old task whose sentence is proposed again on its
	 * node's new node (node, planned) keeps its id at that proposal's
	 * place (pos) */
	"CREATE TEMP TABLE IF NOT EXISTS stage_twins (task_id INTEGER PRIMARY KEY,"
	" node_id INTEGER, pos INTEGER, stage_id INTEGER);"
	"DELETE FROM temp.stage_nodes; DELETE FROM temp.stage_tasks; DELETE FROM temp.stage_moves;"
	" DELETE FROM temp.stage_twins;",
	/* PostgreSQL: an index lives in its table's schema, never named one */
	"CREATE TEMP TABLE IF NOT EXISTS stage_nodes (id bigint PRIMARY KEY, parent_id bigint,"
	" top_id bigint, kind text, level integer, pos integer, label text, heading text,"
	" body text, chash text);"
	"CREATE TEMP TABLE IF NOT EXISTS stage_tasks (id bigint PRIMARY KEY, node_id bigint,"
	" pos integer, title text, text text, recurrence text, unit text, assist text, due text,"
	" due_text text, text_at integer, title_at integer);"
	"CREATE TEMP TABLE IF NOT EXISTS stage_moves (old_id bigint PRIMARY KEY, new_id bigint);"
	"CREATE INDEX IF NOT EXISTS stage_moves_new ON pg_temp.stage_moves(new_id);"
	"CREATE TEMP TABLE IF NOT EXISTS stage_twins (task_id bigint PRIMARY KEY, node_id bigint,"
	" pos integer, stage_id bigint);"
	"DELETE FROM pg_temp.stage_nodes; DELETE FROM pg_temp.stage_tasks;"
	" DELETE FROM pg_temp.stage_moves; DELETE FROM pg_temp.stage_twins;"};
static const struct db_sql stage_clear = {
	"DELETE FROM temp.stage_nodes; DELETE FROM temp.stage_tasks; DELETE FROM temp.stage_moves;"
	" DELETE FROM temp.stage_twins;"};

/* A node of the version being replaced (see plan_ids for how a node of
 * the new version takes one over). */
struct old_node {
	char chash[65];
	long long id, parent_id, pos;
	long long new_id; /* its own id once a new node took it over, or 0 */
	int unchanged;    /* taken over by a node with the same content */
	char *label, *heading, *body;
	uint64_t ckey; /* of heading and body, the label left out */
	int level;
	int has_grams;
	struct grams grams; /* once asked for */
};

/* A node of the new version in preorder, with the id it will have. */
struct slot {
	const struct pnode *pn;
	size_t parent; /* index + 1 of the parent's slot; 0: top level */
	long long id, top;
	int unchanged; /* keeps an old node's id, content and tasks */
	int principle; /* in a section of principles or goals: no proposals */
	char chash[65];
	int has_grams;
	struct grams grams; /* once asked for */
};

/* A node of the new version, to find the same label for kept work. */
struct new_node {
	const char *label; /* the pdoc's */
	int level;
	long long id;
};

struct import {
	struct db *db;
	const char *user, *filename;
	long long now, doc_id, change_id;
	long long next_node, next_task; /* ids to hand out (as planned in step 1) */
	long long base_node, base_task; /* the first of them */
	long long node_shift, task_shift; /* planned -> free under the lock (step 2) */
	char hash[65];     /* of the new text */
	char old_hash[65]; /* of the version being replaced, as planned */
	int stale;         /* step 2 found the plan out of date */
	int flags, pos;
	struct db_import_result *res;
	struct old_node *old; /* sorted by chash; NULL for a plain import */
	size_t nold;
	struct old_node **place; /* the same, sorted by parent, level, label */
	struct old_node **bytext; /* the same, sorted by ckey */
	long long max_old;    /* every old node id is <= this, every new one > */
	long long first_task; /* tasks below this id are the old version's */
	struct slot *slots;   /* the new version in preorder */
	size_t nslots, capslots;
	struct new_node *fresh; /* --replace: the new nodes, sorted by label */
	size_t nfresh, capfresh;
	long long first_top;  /* the new version's first top-level node */
	struct extract_ctx cx; /* the document's date and task tables */
	/* what step 2 writes, and the result as planned (each attempt of
	 * its transaction starts from it) */
	const struct pdoc *doc;
	const char *encoding;
	struct db_import_result planned;
};

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

/* The first of the n items at base (size bytes each, sorted by cmp, as
 * qsort sorted them) that cmp does not put before key: every search of
 * the old and new nodes, each with the comparison it was sorted by and a
 * key that sorts first among its equals (pos -1). */
static size_t lower_bound(const void *base, size_t n, size_t size, const void *key,
			  int (*cmp)(const void *, const void *))
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cmp((const char *)base + mid * size, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int old_cmp(const void *a, const void *b)
{
	const struct old_node *x = a, *y = b;
	int c = strcmp(x->chash, y->chash);
	return c ? c : CMP(x->pos, y->pos);
}

/* By place: parent, level, label, then document order. */
static int place_cmp(const void *a, const void *b)
{
	const struct old_node *x = *(struct old_node *const *)a, *y = *(struct old_node *const *)b;
	int c = CMP(x->parent_id, y->parent_id);
	if (!c)
		c = CMP(x->level, y->level);
	if (!c)
		c = strcmp(x->label, y->label);
	return c ? c : CMP(x->pos, y->pos);
}

/* The first old node not taken over at this place, in document order. */
static struct old_node *place_match(struct import *im, long long parent_id, int level,
				    const char *label)
{
	struct old_node key = {.parent_id = parent_id, .level = level, .label = (char *)label,
			       .pos = -1};
	const struct old_node *kp = &key;
	for (size_t lo = lower_bound(im->place, im->nold, sizeof *im->place, &kp, place_cmp);
	     lo < im->nold; lo++) {
		struct old_node *o = im->place[lo];
		if (o->parent_id != parent_id || o->level != level || strcmp(o->label, label))
			break;
		if (!o->new_id)
			return o;
	}
	return NULL;
}

/* The first unmatched old node with this content, in document order. */
static struct old_node *old_match(struct import *im, const char *chash)
{
	struct old_node key = {.pos = -1};
	memcpy(key.chash, chash, sizeof key.chash);
	size_t lo = lower_bound(im->old, im->nold, sizeof *im->old, &key, old_cmp);
	for (; lo < im->nold && strcmp(im->old[lo].chash, chash) == 0; lo++)
		if (!im->old[lo].new_id)
			return &im->old[lo];
	return NULL;
}

static void node_hash(const struct pnode *pn, char out[65])
{
	struct sbuf b = SBUF_INIT;
	/* \x1f keeps "a"+"bc" apart from "ab"+"c"; no printf: it went
	 * through every body a character at a time */
	sbuf_adds(&b, pn->label ? pn->label : "");
	sbuf_addc(&b, '\x1f');
	sbuf_adds(&b, pn->heading ? pn->heading : "");
	sbuf_addc(&b, '\x1f');
	sbuf_adds(&b, pn->body ? pn->body : "");
	sha256_hex(b.s, b.len, out);
	sbuf_free(&b);
}

/* The first id above any ever used in table (AUTOINCREMENT keeps the high
 * mark in sqlite_sequence even after deletes; a PostgreSQL sequence says
 * what it handed out last, whatever the transaction sees). */
static enum lu_status first_free_id(struct db *db, const struct db_sql *sql, long long *id)
{
	enum lu_status s = db_query_int64(db, sql, "numbering new rows", id);
	++*id;
	return s;
}

/* The first node and task ids above every one ever used. */
static enum lu_status free_ids(struct db *db, long long *node, long long *task)
{
#define PG_HIGH(table) \
	"SELECT greatest((SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END" \
	" FROM " table "_id_seq), coalesce((SELECT max(id) FROM " table "), 0))"
	static const struct db_sql nodes = {
		"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'nodes'), 0),"
		" coalesce((SELECT max(id) FROM nodes), 0))",
		PG_HIGH("nodes")};
	static const struct db_sql tasks = {
		"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'tasks'), 0),"
		" coalesce((SELECT max(id) FROM tasks), 0))",
		PG_HIGH("tasks")};
	enum lu_status s = first_free_id(db, &nodes, node);
	if (s == LU_OK)
		s = first_free_id(db, &tasks, task);
	return s;
}

static enum lu_status stage_begin(struct import *im)
{
	enum lu_status s = db_exec(im->db, &stage_sql, "preparing the import");
	if (s == LU_OK)
		s = free_ids(im->db, &im->next_node, &im->next_task);
	im->base_node = im->next_node;
	im->base_task = im->next_task;
	return s;
}

/* ---- staging ---- */

/* Where a task's sentence or title is in its node's body, in characters (as
 * SQLite's instr() and substr() count them), or -1. The body is valid
 * UTF-8 (parse normalised it), so its characters are its bytes that do
 * not continue one. Found here, not by instr() in the INSERT that moves
 * the tasks in: instr compares at every byte of the body, once per task
 * (a sixth of an import with tasks, issue 9).
 *
 * A node's tasks come in the order of its text, and a title lies in its
 * sentence: so each is looked for from where the one before was found,
 * and its characters counted from there, not from the body's start (a
 * task per sentence made that quadratic in the body: 2.5 s of the 102 MB
 * file). A text found only earlier (a sentence said twice) is looked for
 * from the start. Any place where the text is serves: the slice is the
 * text. */
struct slicer {
	const char *body, *at; /* where the last text found starts */
	long long n;	       /* characters before at */
};

static long long chars_between(const char *a, const char *b)
{
	long long n = 0;
	for (; a < b; a++)
		n += ((unsigned char)*a & 0xC0) != 0x80;
	return n;
}

static long long slice_at(struct slicer *sl, const char *text)
{
	if (!sl->body || !text || !*text)
		return -1;
	const char *p = strstr(sl->at, text);
	if (!p && sl->at != sl->body)
		p = strstr(sl->body, text);
	if (!p)
		return -1;
	if (p >= sl->at) {
		sl->n += chars_between(sl->at, p);
	} else {
		sl->n = chars_between(sl->body, p);
	}
	sl->at = p;
	return sl->n;
}

static void bind_slice(struct db_stmt *st, int i, long long at)
{
	if (at >= 0)
		db_bind_int64(st, i, at);
	else
		db_bind_null(st, i);
}

/* A deadline that recurs (每月5日前, 每年1月15日前) is read against the
 * document's date, its first period; a document imported later is carried
 * out from now: the deadline is that of the first period not yet past on
 * the day of the import, not one already years late. A dated deadline
 * (2024年底前; in a table's cell 2024年6月底前，此后每季度更新) stays as
 * written, late or not: only words that begin with 每 recur. */
static void due_from_now(const struct ptask *pt, char due[11])
{
	snprintf(due, 11, "%s", pt->due);
	if (!due[0] || !pt->due_text || strncmp(pt->due_text, "每", 3) != 0)
		return;
	char today[11], next[11];
	lu_today(today);
	if (period_due_from(recur_name(pt->recur), due, today, next) == 0)
		memcpy(due, next, 11);
}

static enum lu_status stage_task(struct import *im, long long node_id, int pos,
				 const struct ptask *pt, struct slicer *body)
{
	static const struct db_sql sql = {"INSERT INTO temp.stage_tasks (id, node_id, pos, title, text,"
					  " recurrence, unit, assist, due, due_text, text_at, title_at)"
					  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"};
	const char *title = pt->title && *pt->title ? pt->title : pt->text;
	if (!title || !*title)
		return LU_OK; /* nothing to call it by: not a task */
	struct db_stmt *st = db_stmt(im->db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, im->next_task++);
	db_bind_int64(st, 2, node_id);
	db_bind_int64(st, 3, pos);
	db_bind_text(st, 4, title);
	db_bind_opt(st, 5, pt->text);
	db_bind_text(st, 6, recur_name(pt->recur));
	db_bind_opt(st, 7, pt->unit);
	db_bind_opt(st, 8, pt->assist);
	char due[11];
	due_from_now(pt, due);
	db_bind_opt(st, 9, due);
	db_bind_opt(st, 10, pt->due_text);
	bind_slice(st, 11, slice_at(body, pt->text));
	bind_slice(st, 12, slice_at(body, title)); /* in the sentence, after it */
	enum lu_status s = db_run(im->db, st, "storing a task");
	if (s == LU_OK)
		im->res->ntasks++;
	return s;
}

/* Tasks are proposed on the measures and on task tables, never in a
 * section of principles or goals (extract_node decides the rest). */
static enum lu_status propose_tasks(struct import *im, const struct slot *sl, long long node_id)
{
	if ((im->flags & DB_IMPORT_NO_TASKS) || sl->principle)
		return LU_OK;
	struct ptask *pt = NULL;
	size_t n = extract_node(&im->cx, sl->pn, &pt);
	enum lu_status st = LU_OK;
	const char *body = sl->pn->body ? sl->pn->body : "";
	struct slicer slicer = {body, body, 0};
	for (size_t i = 0; i < n && st == LU_OK; i++)
		st = stage_task(im, node_id, (int)i, &pt[i], &slicer);
	ptasks_free(pt, n);
	return st;
}

static enum lu_status stage_node(struct import *im, const struct pnode *pn, long long id,
				 long long parent, long long top, const char *chash)
{
	static const struct db_sql sql = {
		"INSERT INTO temp.stage_nodes (id, parent_id, top_id, kind, level, pos, label,"
		" heading, body, chash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"};
	struct db_stmt *st = db_stmt(im->db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, id);
	db_bind_id(st, 2, parent);
	db_bind_id(st, 3, top);
	db_bind_text(st, 4, db_kind_name((int)pn->kind)); /* NULL: refused by NOT NULL */
	db_bind_int64(st, 5, pn->level);
	db_bind_int64(st, 6, im->pos++);
	db_bind_text(st, 7, pn->label ? pn->label : "");
	db_bind_text(st, 8, pn->heading ? pn->heading : "");
	db_bind_text(st, 9, pn->body ? pn->body : "");
	db_bind_text(st, 10, chash);
	enum lu_status s = db_run(im->db, st, "storing the document structure");
	if (s == LU_OK)
		im->res->nnodes++;
	return s;
}

static void remember_new(struct import *im, const struct pnode *pn, long long id)
{
	if (!pn->label || !*pn->label)
		return;
	if (im->nfresh == im->capfresh) {
		im->capfresh = im->capfresh ? im->capfresh * 2 : 64;
		im->fresh = xreallocarray(im->fresh, im->capfresh, sizeof *im->fresh);
	}
	im->fresh[im->nfresh++] = (struct new_node){pn->label, pn->level, id};
}

/* Lay the new version out in preorder (pos is document order). */
static void collect_slots(struct import *im, const struct pnode *pn, size_t parent)
{
	if (im->nslots == im->capslots) {
		im->capslots = im->capslots ? im->capslots * 2 : 64;
		im->slots = xreallocarray(im->slots, im->capslots, sizeof *im->slots);
	}
	size_t me = im->nslots++;
	im->slots[me] = (struct slot){.pn = pn, .parent = parent};
	im->slots[me].principle = (parent && im->slots[parent - 1].principle) ||
				  extract_principles(pn->heading);
	node_hash(pn, im->slots[me].chash);
	for (size_t i = 0; i < pn->nkids; i++)
		collect_slots(im, &pn->kids[i], me + 1);
}

/* FNV-1a of a node's heading and body, the label left out. */
static uint64_t text_key(const char *heading, const char *body)
{
	uint64_t h = 14695981039346656037ULL;
	const char *parts[] = {heading ? heading : "", "\x1f", body ? body : ""};
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++)
			h = (h ^ *p) * 1099511628211ULL;
	return h;
}

static int bytext_cmp(const void *a, const void *b)
{
	const struct old_node *x = *(struct old_node *const *)a, *y = *(struct old_node *const *)b;
	int c = CMP(x->ckey, y->ckey);
	return c ? c : CMP(x->pos, y->pos);
}

/* The first untaken old node, in document order, with the heading and
 * body of pn under whatever label: a measure renumbered because another
 * was added or removed before it. A node with neither says too little. */
static struct old_node *text_match(struct import *im, const struct pnode *pn)
{
	const char *h = pn->heading ? pn->heading : "", *b = pn->body ? pn->body : "";
	if (!*h && !*b)
		return NULL;
	struct old_node key = {.ckey = text_key(h, b), .pos = -1};
	const struct old_node *kp = &key;
	size_t lo = lower_bound(im->bytext, im->nold, sizeof *im->bytext, &kp, bytext_cmp);
	for (; lo < im->nold && im->bytext[lo]->ckey == key.ckey; lo++) {
		struct old_node *o = im->bytext[lo];
		if (!o->new_id && strcmp(o->heading, h) == 0 && strcmp(o->body, b) == 0)
			return o;
	}
	return NULL;
}

/* A node's character pairs, made the first time they are asked for. */
static const struct grams *grams_once(struct grams *g, int *made, const char *heading,
				      const char *body)
{
	if (!*made)
		grams_of(g, heading, body);
	*made = 1;
	return g;
}

/* An edited measure is still the one it was when at least half of its
 * character pairs are (Dice's coefficient). Measures of one document
 * share their common words: of the 16,053 pairs of numbered parts within
 * each of the 44 corpus documents, 99.8% stay below half, and those above
 * are parallel texts under different parents or one-line parts, which
 * never compete here (siblings only, an unchanged text taken first, the
 * most alike pair first). */
#define SIMILAR 500

/* Pairs scored in one group at most: every one of 200 siblings edited
 * (the review: 2,000 took 5.7 s and 4,000 took 21 s and 143 MB). Past
 * that the group is matched by labels alone. */
#define SIMILAR_PAIRS_MAX 40000

struct pair {
	int score;
	size_t slot; /* index into im->slots */
	struct old_node *old;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c = CMP(y->score, x->score);
	if (!c)
		c = CMP(x->slot, y->slot);
	return c ? c : CMP(x->old->pos, y->old->pos);
}

/* The old nodes below parent (0: top level), by place_cmp's order. */
static size_t old_kids(const struct import *im, long long parent, size_t *first)
{
	struct old_node key = {.parent_id = parent, .level = INT_MIN, .label = (char *)"", .pos = -1};
	const struct old_node *kp = &key;
	size_t lo = lower_bound(im->place, im->nold, sizeof *im->place, &kp, place_cmp);
	size_t end = lo;
	while (end < im->nold && im->place[end]->parent_id == parent)
		end++;
	*first = lo;
	return end - lo;
}

/* The new nodes kids[0..n) under a parent whose id is parent: the most
 * alike pairs with an untaken old node of the same parent and level go
 * first; then a node still without one takes the old node at its place
 * (same label), so a measure rewritten where it stood keeps its id. */
static void match_siblings(struct import *im, long long parent, const size_t *kids, size_t n)
{
	size_t first, nold = old_kids(im, parent, &first), nnew = 0, nfree = 0;
	struct pair *pairs = NULL;
	size_t np = 0, cap = 0;
	for (size_t i = 0; i < n; i++)
		nnew += !im->slots[kids[i]].id;
	for (size_t j = first; j < first + nold; j++)
		nfree += !im->place[j]->new_id;
	for (size_t i = 0; i < n && nnew * nfree <= SIMILAR_PAIRS_MAX; i++) {
		struct slot *sl = &im->slots[kids[i]];
		for (size_t j = first; j < first + nold && !sl->id; j++) {
			struct old_node *o = im->place[j];
			if (o->new_id || o->level != sl->pn->level)
				continue;
			int score = grams_dice(
				grams_once(&sl->grams, &sl->has_grams, sl->pn->heading, sl->pn->body),
				grams_once(&o->grams, &o->has_grams, o->heading, o->body));
			if (score < SIMILAR)
				continue;
			if (np == cap) {
				cap = cap ? cap * 2 : 16;
				pairs = xreallocarray(pairs, cap, sizeof *pairs);
			}
			pairs[np++] = (struct pair){score, kids[i], o};
		}
	}
	if (np)
		qsort(pairs, np, sizeof *pairs, pair_cmp);
	for (size_t k = 0; k < np; k++) {
		struct slot *sl = &im->slots[pairs[k].slot];
		if (!sl->id && !pairs[k].old->new_id)
			pairs[k].old->new_id = sl->id = pairs[k].old->id;
	}
	free(pairs);
	for (size_t i = 0; i < n; i++) {
		struct slot *sl = &im->slots[kids[i]];
		struct old_node *o = sl->id ? NULL
					    : place_match(im, parent, sl->pn->level,
							  sl->pn->label ? sl->pn->label : "");
		if (o)
			o->new_id = sl->id = o->id;
	}
}

/* Parents before their children (slots are in preorder): the children of
 * a node that kept an old id may take over that node's old children; a
 * new node's children are new, unless their text was found anywhere. */
static void match_changed(struct import *im)
{
	/* kids of slot p - 1 (p = 0: the top level) at idx[start[p] ..) */
	size_t *start = xcalloc(im->nslots + 2, sizeof *start);
	size_t *idx = xreallocarray(NULL, im->nslots + 1, sizeof *idx);
	for (size_t i = 0; i < im->nslots; i++)
		start[im->slots[i].parent + 1]++;
	for (size_t p = 1; p <= im->nslots + 1; p++)
		start[p] += start[p - 1];
	size_t *fill = xreallocarray(NULL, im->nslots + 1, sizeof *fill);
	memcpy(fill, start, (im->nslots + 1) * sizeof *fill);
	for (size_t i = 0; i < im->nslots; i++)
		idx[fill[im->slots[i].parent]++] = i;
	for (size_t p = 0; p <= im->nslots; p++) {
		long long parent = p ? im->slots[p - 1].id : 0;
		if ((p && !parent) || start[p + 1] == start[p])
			continue;
		match_siblings(im, parent, idx + start[p], start[p + 1] - start[p]);
	}
	free(fill);
	free(idx);
	free(start);
}

/* Ids people use (ui --node, node:ID, scripts) survive a --replace, and
 * so does the work on them. A node of the new version takes over an old
 * node's id, in this order: the same label and text (unchanged); the same
 * text under another label (renumbered, as when a measure is added or
 * removed before it: unchanged too, it keeps its tasks); then, parents
 * first, among the old nodes of its parent and level, the most alike
 * text (edited, perhaps renumbered too), else the same label (rewritten
 * in place). Those two get the new text and fresh proposals beside the
 * work kept. Only the rest are new. Content first, so a changed node
 * never takes the id an unchanged one would keep. */
static void plan_ids(struct import *im)
{
	for (size_t i = 0; i < im->nslots && im->old; i++) {
		struct slot *sl = &im->slots[i];
		struct old_node *o = old_match(im, sl->chash);
		if (o) {
			o->new_id = sl->id = o->id;
			o->unchanged = sl->unchanged = 1;
		}
	}
	for (size_t i = 0; i < im->nslots && im->old; i++) {
		struct slot *sl = &im->slots[i];
		struct old_node *o = sl->id ? NULL : text_match(im, sl->pn);
		if (o) {
			o->new_id = sl->id = o->id;
			o->unchanged = sl->unchanged = 1;
		}
	}
	if (im->old)
		match_changed(im);
	for (size_t i = 0; i < im->nslots; i++) {
		struct slot *sl = &im->slots[i];
		const struct slot *up = sl->parent ? &im->slots[sl->parent - 1] : NULL;
		if (!sl->id)
			sl->id = im->next_node++;
		sl->top = up ? (up->top ? up->top : up->id) : 0;
		if (!up && !im->first_top)
			im->first_top = sl->id;
		if (im->old)
			remember_new(im, sl->pn, sl->id);
	}
}

/* Stage every node; any node but an unchanged one gets fresh proposals
 * (an unchanged one keeps its tasks). */
static enum lu_status stage_slots(struct import *im)
{
	enum lu_status st = LU_OK;
	for (size_t i = 0; i < im->nslots && st == LU_OK; i++) {
		const struct slot *sl = &im->slots[i];
		long long parent = sl->parent ? im->slots[sl->parent - 1].id : 0;
		st = stage_node(im, sl->pn, sl->id, parent, sl->top, sl->chash);
		if (st == LU_OK && !sl->unchanged)
			st = propose_tasks(im, sl, sl->id);
	}
	return st;
}

/* Move the staged rows in: one statement per table. New nodes first (a
 * kept node may get a new parent), then the kept ones take their new
 * place and text; the FTS trigger fires only where the text changed. */
/* The parameters of the statements of step 2, by number: ?1 the
 * document, ?2 the highest old node id (every new one is above it), ?3
 * the first new task id (final), ?4 and ?5 how far planned node and task
 * ids move, ?6 the user, ?7 the time, ?8 the change group. */
static void bind_step2(const struct import *im, struct db_stmt *st)
{
	const long long v[] = {im->doc_id,     im->max_old,	im->first_task + im->task_shift,
			       im->node_shift, im->task_shift};
	int n = db_nparams(st);
	for (int i = 0; i < n && i < (int)ARRAY_SIZE(v); i++)
		db_bind_int64(st, i + 1, v[i]);
	if (n >= 6)
		db_bind_text(st, 6, im->user);
	if (n >= 7)
		db_bind_int64(st, 7, im->now);
	if (n >= 8)
		db_bind_int64(st, 8, im->change_id);
}

/* Run a statement of step 2; *count (may be NULL) receives the rows changed. */
static enum lu_status run_step2(struct import *im, const struct db_sql *sql, const char *what,
				int *count)
{
	struct db_stmt *st = db_stmt(im->db, sql);
	if (!st)
		return LU_ERR;
	bind_step2(im, st);
	enum lu_status s = db_run(im->db, st, what);
	if (count)
		*count = db_changes(im->db);
	return s;
}

/* A staged node id made final: new ones move by ?4, old ones stay. */
#define FINAL_NODE(col) "(CASE WHEN " col " > ?2 THEN " col " + ?4 ELSE " col " END)"

static enum lu_status stage_commit_nodes(struct import *im)
{
	static const struct db_sql insert = {
		"INSERT INTO nodes (id, doc_id, parent_id, top_id, kind, level, pos, label, heading,"
		" body, chash) SELECT id + ?4, ?1, " FINAL_NODE("parent_id") ", "
		FINAL_NODE("top_id") ", kind, level, pos, label, heading, body, chash"
		" FROM temp.stage_nodes WHERE id > ?2 ORDER BY id"};
	static const struct db_sql update = {
		"UPDATE nodes SET parent_id = " FINAL_NODE("s.parent_id") ","
		" top_id = " FINAL_NODE("s.top_id") ", kind = s.kind,"
		" level = s.level, pos = s.pos, label = s.label, heading = s.heading, body = s.body,"
		" chash = s.chash FROM temp.stage_nodes s WHERE s.id = nodes.id AND s.id <= ?2"
		" AND nodes.doc_id = ?1"};
	const struct db_sql *sqls[] = {&insert, &update};
	enum lu_status s = LU_OK;
	for (int i = 0; i < (im->old ? 2 : 1) && s == LU_OK; i++)
		s = run_step2(im, sqls[i], "storing the document structure", NULL);
	return s;
}

/* Of the proposals going in: how many name a unit, how many a due date. */
static enum lu_status count_who_when(struct import *im)
{
	static const struct db_sql count_units = {"SELECT count(unit) FROM temp.stage_tasks"};
	static const struct db_sql count_dues = {"SELECT count(due) FROM temp.stage_tasks"};
	long long n = 0;
	enum lu_status s = db_query_int64(im->db, &count_units, "counting tasks", &n);
	im->res->nunit = (int)n;
	if (s == LU_OK)
		s = db_query_int64(im->db, &count_dues, "counting tasks", &n);
	im->res->ndue = (int)n;
	return s;
}

/* SQLite: a sentence found in its node's body (as staged: what the node
 * gets) is stored as that slice, i its place + 1 (DB_TASK_TEXT), and so
 * is a title found there, j its place + 1 (DB_TASK_TITLE); stage_task found
 * both. PostgreSQL keeps each in the column its trigram index reads. */
#define SLICED_TASKS \
	"(SELECT s.*, s.text_at + 1 AS i, s.title_at + 1 AS j FROM temp.stage_tasks s)"

/* A new document's tasks are counted once, by node and by document, and
 * its nodes and tasks go into the full-text indexes with one statement
 * each, with the insert triggers' upsert and index insert per row paused
 * (schema 14) in this transaction alone. Nothing else counts a new
 * document's tasks yet, so the count rows are new. They are counted as
 * staged (the rows the tasks were copied from; every proposal starts
 * 'todo', the column's default, which import never sets): a join of the
 * document's nodes with its tasks read every task row again (1.9 s of the
 * 102 MB file). A --replace keeps the per-row triggers: its changes meet
 * rows already there. */
static const struct db_sql pause_triggers = {
	"INSERT INTO import_pause (paused) VALUES (1)",
	"SELECT set_config('luoshi.count_pause', 'on', true)"};

static enum lu_status index_new_doc(struct import *im)
{
	static const struct db_sql resume = {
		"DELETE FROM import_pause", "SELECT set_config('luoshi.count_pause', 'off', true)"};
	static const struct db_sql by_node = {
		"INSERT INTO node_counts (node_id, status, n)"
		" SELECT " FINAL_NODE("node_id") ", 'todo', count(*) FROM temp.stage_tasks"
		" GROUP BY node_id"};
	/* DB_COUNT_DUE of a task to do: its due date */
	static const struct db_sql by_doc = {
		"INSERT INTO doc_counts (doc_id, unit, status, due, n)"
		" SELECT ?1, coalesce(unit, ''), 'todo', coalesce(due, ''), count(*)"
		" FROM temp.stage_tasks GROUP BY 2, 4"};
	/* what the triggers would have written, row for row (PostgreSQL's
	 * trigram indexes need nothing) */
	static const struct db_sql fts_nodes = {
		"INSERT INTO nodes_fts (rowid, head, body)"
		" SELECT id, " DB_NODE_HEAD("nodes") ", body FROM nodes WHERE doc_id = ?1 ORDER BY id"};
	/* the staged sentence is what DB_TASK_TEXT reads back, slice or not;
	 * only the tasks with a text of their own have an entry (schema 18),
	 * judged on the row as stored, as the triggers judge it */
	static const struct db_sql fts_tasks = {
		"INSERT INTO tasks_fts (rowid, title, text)"
		" SELECT s.id + ?5, s.title, s.text FROM temp.stage_tasks s"
		" JOIN tasks t ON t.id = s.id + ?5 WHERE " DB_TASK_INDEXED("t") " ORDER BY s.id"};
	int lite = db_dialect(im->db) == DB_DIALECT_SQLITE;
	enum lu_status s = db_exec(im->db, &resume, "storing the document structure");
	if (s == LU_OK)
		s = run_step2(im, &by_node, "counting tasks", NULL);
	if (s == LU_OK)
		s = run_step2(im, &by_doc, "counting tasks", NULL);
	if (s == LU_OK && lite)
		s = run_step2(im, &fts_nodes, "storing the document structure", NULL);
	if (s == LU_OK && lite)
		s = run_step2(im, &fts_tasks, "storing tasks", NULL);
	return s;
}

static enum lu_status stage_commit_tasks(struct import *im)
{
	static const struct db_sql tasks = {
		"INSERT INTO tasks (id, node_id, pos, title, title_at, title_len, text, text_at,"
		" text_len, recurrence, unit, assist, due, due_text, created_by, created_at,"
		" updated_by, updated_at)"
		" SELECT id + ?5, " FINAL_NODE("node_id") ", pos,"
		" CASE WHEN j > 0 THEN NULL ELSE title END, CASE WHEN j > 0 THEN j - 1 END,"
		" CASE WHEN j > 0 THEN length(title) END,"
		" CASE WHEN i > 0 THEN NULL ELSE text END, CASE WHEN i > 0 THEN i - 1 END,"
		" CASE WHEN i > 0 THEN length(text) END, recurrence, unit, assist, due, due_text,"
		" ?6, ?7, ?6, ?7 FROM " SLICED_TASKS " ORDER BY id",
		"INSERT INTO tasks (id, node_id, pos, title, text, recurrence, unit, assist, due,"
		" due_text, created_by, created_at, updated_by, updated_at) SELECT id + ?5, "
		FINAL_NODE("node_id") ", pos, title, text, recurrence, unit, assist, due, due_text,"
		" ?6, ?7, ?6, ?7 FROM temp.stage_tasks ORDER BY id"};
	/* each proposed task gets its "created" row; auto: not an undo step.
	 * Its title is not copied there: the task has it (DB_HIST_TITLE). */
	static const struct db_sql hist = {
		"INSERT INTO history (change_id, task_id, who, at, field, auto)"
		" SELECT ?8, id + ?5, ?6, ?7, 'created', 1 FROM temp.stage_tasks ORDER BY id"};
	enum lu_status s = run_step2(im, &tasks, "storing tasks", NULL);
	if (s == LU_OK)
		s = run_step2(im, &hist, "storing tasks", NULL);
	return s;
}

/* ---- the document row ---- */

/* Parameters 1-23 of the document row, shared by insert and update.
 * raw (?13) is left empty: nothing reads the file's text back (the
 * nodes hold it, parsed; hash names the file), and a second copy of it
 * was a quarter of the database (issue 9). Rows of older imports keep
 * theirs. */
static void bind_doc(struct import *im, struct db_stmt *st, const struct pdoc *doc,
		     const char *encoding, const char *hash, const char *filename)
{
	db_bind_text(st, 1, doc->title ? doc->title : "");
	const char *f[] = {doc->issuer, doc->number, doc->date, doc->source, doc->recipients,
			   doc->note, encoding, doc->preamble, doc->closing};
	for (int i = 0; i < (int)ARRAY_SIZE(f); i++)
		db_bind_opt(st, i + 2, f[i]);
	db_bind_text(st, 11, hash);
	db_bind_opt(st, 12, filename);
	db_bind_text(st, 13, "");
	db_bind_text(st, 14, im->user);
	db_bind_int64(st, 15, im->now);
	const char *g[] = {doc->wrapped, doc->signer, doc->copy_no, doc->secrecy,
			   doc->urgency, doc->cc, doc->printer, doc->print_date};
	for (int i = 0; i < (int)ARRAY_SIZE(g); i++)
		db_bind_opt(st, i + 16, g[i]);
}

static enum lu_status doc_insert(struct import *im, const struct pdoc *doc, const char *encoding,
				 const char *hash, const char *filename)
{
	static const struct db_sql sql = {
		"INSERT INTO documents (title, issuer, number, date, source, recipients, note,"
		" encoding, preamble, closing, hash, filename, raw, imported_by, imported_at,"
		" wrapped, signer, copy_no, secrecy, urgency, cc, printer, print_date)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
		" ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
		"INSERT INTO documents (title, issuer, number, date, source, recipients, note,"
		" encoding, preamble, closing, hash, filename, raw, imported_by, imported_at,"
		" wrapped, signer, copy_no, secrecy, urgency, cc, printer, print_date)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
		" $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id"};
	struct db_stmt *st = db_stmt(im->db, &sql);
	if (!st)
		return LU_ERR;
	bind_doc(im, st, doc, encoding, hash, filename);
	enum lu_status s = db_run(im->db, st, "storing the document");
	im->doc_id = db_last_id(im->db);
	return s;
}

static enum lu_status doc_update(struct import *im, const struct pdoc *doc, const char *encoding,
				 const char *hash, const char *filename)
{
	static const struct db_sql sql = {
		"UPDATE documents SET title = ?1, issuer = ?2, number = ?3, date = ?4, source = ?5,"
		" recipients = ?6, note = ?7, encoding = ?8, preamble = ?9, closing = ?10,"
		" hash = ?11, filename = ?12, raw = ?13, imported_by = ?14, imported_at = ?15,"
		" wrapped = ?16, signer = ?17, copy_no = ?18, secrecy = ?19, urgency = ?20,"
		" cc = ?21, printer = ?22, print_date = ?23, attachments = '[]' WHERE id = ?24"};
	struct db_stmt *st = db_stmt(im->db, &sql);
	if (!st)
		return LU_ERR;
	bind_doc(im, st, doc, encoding, hash, filename);
	db_bind_int64(st, 24, im->doc_id);
	return db_run(im->db, st, "storing the document");
}

static enum lu_status doc_attachments(struct import *im, const struct pdoc *doc)
{
	static const struct db_sql sql = {
		"UPDATE documents SET attachments = json_insert(attachments, '$[#]', ?2)"
		" WHERE id = ?1",
		"UPDATE documents SET attachments ="
		" (attachments::jsonb || jsonb_build_array($2::text))::text WHERE id = $1"};
	enum lu_status s = LU_OK;
	for (size_t i = 0; i < doc->nattachments && s == LU_OK; i++) {
		struct db_stmt *st = db_stmt(im->db, &sql);
		if (!st)
			return LU_ERR;
		db_bind_int64(st, 1, im->doc_id);
		db_bind_text(st, 2, doc->attachments[i] ? doc->attachments[i] : "");
		s = db_run(im->db, st, "storing the attachments list");
	}
	return s;
}

/* id of a document with this content hash, or 0. */
static enum lu_status find_one(struct db *db, const struct db_sql *sql, const char *key,
			       long long *id)
{
	struct db_stmt *st = db_stmt(db, sql);
	*id = 0;
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, key);
	return db_stmt_int64(db, st, "looking for the document", id);
}

/* ---- --replace ---- */

static int old_row(struct db_stmt *st, void *item, void *ctx)
{
	struct old_node *o = item;
	struct import *im = ctx;
	o->id = db_col_int64(st, 0);
	snprintf(o->chash, sizeof o->chash, "%s", db_col_text(st, 1));
	o->label = db_col_dup0(st, 2);
	o->level = db_col_int(st, 3);
	o->parent_id = db_col_int64(st, 4); /* NULL: 0, top level */
	o->pos = db_col_int64(st, 5);
	o->heading = db_col_dup0(st, 6);
	o->body = db_col_dup0(st, 7);
	o->ckey = text_key(o->heading, o->body);
	im->max_old = o->id > im->max_old ? o->id : im->max_old;
	return 1;
}

static void old_free(struct old_node *o)
{
	free(o->label);
	free(o->heading);
	free(o->body);
	grams_free(&o->grams);
}

static void old_drop(void *item)
{
	old_free(item);
}

static enum lu_status load_old_nodes(struct import *im)
{
	static const struct db_sql sql = {"SELECT id, chash, label, level, parent_id, pos, heading,"
					  " body FROM nodes WHERE doc_id = ?1"};
	const struct db_rows how = {sizeof *im->old, old_row, old_drop, im};
	struct db_stmt *st = db_stmt(im->db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, im->doc_id);
	void *items = NULL;
	enum lu_status s = db_collect(im->db, st, &how, "reading the previous version", &items,
				      &im->nold);
	/* non-NULL even when empty: im->old says "replacing" */
	im->old = items ? items : xmalloc(sizeof *im->old);
	if (im->nold)
		qsort(im->old, im->nold, sizeof *im->old, old_cmp);
	im->place = xreallocarray(NULL, im->nold + 1, sizeof *im->place);
	for (size_t i = 0; i < im->nold; i++)
		im->place[i] = &im->old[i];
	if (im->nold)
		qsort(im->place, im->nold, sizeof *im->place, place_cmp);
	im->bytext = xreallocarray(NULL, im->nold + 1, sizeof *im->bytext);
	memcpy(im->bytext, im->place, im->nold * sizeof *im->bytext);
	if (im->nold)
		qsort(im->bytext, im->nold, sizeof *im->bytext, bytext_cmp);
	return s;
}

static int fresh_cmp(const void *a, const void *b)
{
	const struct new_node *x = a, *y = b;
	int c = strcmp(x->label, y->label);
	if (!c)
		c = (x->level > y->level) - (x->level < y->level);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Where the work on a changed node goes: the first new node with the
 * same label and level, else the new version's first top-level node
 * (0: none). fresh is sorted by (label, level, id). */
static long long new_home(const struct import *im, const struct old_node *o)
{
	struct new_node key = {o->label, o->level, 0};
	size_t lo = lower_bound(im->fresh, im->nfresh, sizeof *im->fresh, &key, fresh_cmp);
	if (*o->label && lo < im->nfresh && strcmp(im->fresh[lo].label, o->label) == 0 &&
	    im->fresh[lo].level == o->level)
		return im->fresh[lo].id;
	return im->first_top;
}

/* An unchanged node keeps its tasks where they are; a changed one kept
 * its id, so its work stays on it; a removed one's work moves. */
static enum lu_status stage_move(struct import *im, const struct old_node *o)
{
	static const struct db_sql sql = {"INSERT INTO temp.stage_moves (old_id, new_id) VALUES (?1, ?2)"};
	if (o->unchanged)
		return LU_OK;
	long long home = o->new_id ? o->new_id : new_home(im, o);
	struct db_stmt *st = db_stmt(im->db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, o->id);
	db_bind_id(st, 2, home);
	return db_run(im->db, st, "keeping tasks");
}

static enum lu_status run_move(struct import *im, const struct db_sql *sql, int *count)
{
	return run_step2(im, sql, "keeping tasks", count);
}

/* A task carries work when someone gave it a status, a note or an edit
 * (import's own "created" rows are auto). */
#define CARRIES_WORK(t) \
	"(" t ".status <> 'todo'" \
	" OR EXISTS (SELECT 1 FROM notes o WHERE o.task_id = " t ".id)" \
	" OR EXISTS (SELECT 1 FROM history h WHERE h.task_id = " t ".id AND h.auto = 0))"

/* Work on a changed node goes to the new node with its label, else to the
 * new version's first top-level node: a version without nodes has no
 * home for it, and replacing would lose it. */
static enum lu_status check_homes(struct import *im)
{
	static const struct db_sql sql = {"SELECT count(*) FROM tasks t JOIN nodes n ON n.id = t.node_id"
					  " WHERE n.doc_id = ?1 AND n.id <= ?2 AND " CARRIES_WORK("t")};
	long long homeless = 0;
	if (im->first_top)
		return LU_OK;
	struct db_stmt *st = db_stmt(im->db, &sql);
	if (!st)
		return LU_ERR;
	bind_step2(im, st);
	enum lu_status s = db_stmt_int64(im->db, st, "keeping tasks", &homeless);
	if (s == LU_OK && homeless)
		s = lu_error(LU_ERR, "the new version has no structure to keep the tasks people"
			     " worked on; nothing was changed");
	return s;
}

/* Step 1: where the work on each changed or removed node will go. */
static enum lu_status replace_plan_moves(struct import *im)
{
	enum lu_status s = LU_OK;
	if (im->nfresh)
		qsort(im->fresh, im->nfresh, sizeof *im->fresh, fresh_cmp);
	for (size_t i = 0; i < im->nold && s == LU_OK; i++)
		s = stage_move(im, &im->old[i]);
	return s;
}

/* Before the proposals go in: an old task on a changed or removed node
 * whose sentence is proposed again on the node's new node stays, with its
 * id, at that proposal's place (a twin); the other old tasks there that
 * carry no work go (the new text gets fresh ones); and a proposal whose
 * sentence a kept task already has on that node is not made again, so an
 * unedited sentence keeps its task and an edited task never shows up
 * twice. */
static enum lu_status replace_prepare(struct import *im)
{
	/* one to one: the n-th old task with a sentence (those with work
	 * first) and the n-th proposal of it on the new node */
	static const struct db_sql find_twins = {
		"INSERT INTO temp.stage_twins (task_id, node_id, pos, stage_id)"
		" SELECT kk.id, kk.new_id, pp.pos, pp.id FROM"
		" (SELECT k.id, m.new_id, " DB_TASK_TEXT_SUB("k") " AS t, row_number() OVER"
		"   (PARTITION BY m.new_id, " DB_TASK_TEXT_SUB("k") " ORDER BY CASE WHEN "
		CARRIES_WORK("k") " THEN 0 ELSE 1 END, k.pos, k.id) AS r"
		"  FROM temp.stage_moves m JOIN tasks k ON k.node_id = m.old_id) kk"
		" JOIN (SELECT s.id, s.node_id, s.pos, s.text, row_number() OVER"
		"   (PARTITION BY s.node_id, s.text ORDER BY s.pos, s.id) AS r"
		"  FROM temp.stage_tasks s WHERE s.text IS NOT NULL) pp"
		" ON pp.node_id = kk.new_id AND pp.text = kk.t AND pp.r = kk.r"};
	/* then, of the old tasks of changed and removed parts still without
	 * a twin, those whose sentence is proposed elsewhere follow it there
	 * (a measure split, or merged into another: the review found the work
	 * left where its text no longer was, and proposed again) */
	static const struct db_sql find_moved_twins = {
		"INSERT INTO temp.stage_twins (task_id, node_id, pos, stage_id)"
		" SELECT kk.id, pp.node_id, pp.pos, pp.id FROM"
		" (SELECT k.id, " DB_TASK_TEXT_SUB("k") " AS t, row_number() OVER"
		"   (PARTITION BY " DB_TASK_TEXT_SUB("k") " ORDER BY CASE WHEN "
		CARRIES_WORK("k") " THEN 0 ELSE 1 END, k.node_id, k.pos, k.id) AS r"
		"  FROM temp.stage_moves m JOIN tasks k ON k.node_id = m.old_id"
		"  WHERE k.id NOT IN (SELECT task_id FROM temp.stage_twins)) kk"
		" JOIN (SELECT s.id, s.node_id, s.pos, s.text, row_number() OVER"
		"   (PARTITION BY s.text ORDER BY s.node_id, s.pos, s.id) AS r"
		"  FROM temp.stage_tasks s WHERE s.text IS NOT NULL"
		"  AND s.id NOT IN (SELECT stage_id FROM temp.stage_twins)) pp"
		" ON pp.text = kk.t AND pp.r = kk.r"};
	/* a twin nobody worked on is what the new text proposes: its date,
	 * units, recurrence and title follow a changed sentence around it
	 * (以上工作于…完成 moved a month: the review) */
	static const struct db_sql renew_twins = {
		"UPDATE tasks SET title = s.title, unit = s.unit, assist = s.assist, due = s.due,"
		" due_text = s.due_text, recurrence = s.recurrence, title_at = NULL, title_len = NULL"
		" FROM temp.stage_twins w JOIN temp.stage_tasks s ON s.id = w.stage_id"
		" WHERE w.task_id = tasks.id AND NOT " CARRIES_WORK("tasks")};
#define GOES \
	"node_id IN (SELECT old_id FROM temp.stage_moves) AND NOT " CARRIES_WORK("tasks") \
	" AND id NOT IN (SELECT task_id FROM temp.stage_twins)"
	/* they leave no "deleted" row, so their "created" rows get the title
	 * they do not carry (nobody changed it: that would be work) */
	static const struct db_sql keep_titles = {
		"UPDATE history SET new = (SELECT " DB_TASK_TITLE_SUB("t") " FROM tasks t"
		" WHERE t.id = history.task_id)"
		" WHERE field = 'created' AND new IS NULL AND task_id IN (SELECT id FROM tasks"
		" WHERE " GOES ")"};
	static const struct db_sql drop_untouched = {"DELETE FROM tasks WHERE " GOES};
#undef GOES
	static const struct db_sql drop_twins = {
		"DELETE FROM temp.stage_tasks WHERE id IN (SELECT stage_id FROM temp.stage_twins)"};
	int n = 0;
	enum lu_status s = check_homes(im);
	if (s == LU_OK)
		s = run_move(im, &find_twins, NULL);
	if (s == LU_OK)
		s = run_move(im, &find_moved_twins, NULL);
	if (s == LU_OK)
		s = run_move(im, &renew_twins, NULL);
	if (s == LU_OK)
		s = run_move(im, &keep_titles, NULL);
	if (s == LU_OK)
		s = run_move(im, &drop_untouched, NULL);
	if (s == LU_OK && (s = run_move(im, &drop_twins, &n)) == LU_OK)
		im->res->ntasks -= n;
	return s;
}

/* After the proposals: the work on a changed node stays (its id did) and
 * the work on a removed one moves to its new home; a twin takes its
 * proposal's place, the others go after the new proposals there. Then
 * the removed nodes go: tasks.node_id has no cascade, so a task left
 * behind makes the DELETE fail and the import roll back, never vanish. */
static enum lu_status replace_finish(struct import *im)
{
	/* a twin's place, else after the last proposal or twin (or, on a
	 * node that was not replaced, the last task) of the task's new node;
	 * the twins' places are read from the staging, never from the rows
	 * this statement moves */
	static const struct db_sql take_work = {
		"UPDATE tasks SET"
		" pos = coalesce((SELECT w.pos FROM temp.stage_twins w WHERE w.task_id = tasks.id),"
		"  pos + 1 + (SELECT coalesce(max(p), -1) FROM ("
		"   SELECT x.pos AS p FROM tasks x WHERE x.node_id ="
		"    (SELECT " FINAL_NODE("m.new_id") " FROM temp.stage_moves m"
		"     WHERE m.old_id = tasks.node_id)"
		"    AND (x.id >= ?3 OR x.node_id NOT IN (SELECT old_id FROM temp.stage_moves))"
		"   UNION ALL SELECT w.pos FROM temp.stage_twins w WHERE w.node_id ="
		"    (SELECT m.new_id FROM temp.stage_moves m WHERE m.old_id = tasks.node_id)) AS o)),"
		/* a slice of the old node's body is written out before it moves */
		" text = " DB_TASK_TEXT_SUB("tasks") ", text_at = NULL, text_len = NULL,"
		" title = " DB_TASK_TITLE_SUB("tasks") ", title_at = NULL, title_len = NULL,"
		" node_id = coalesce((SELECT " FINAL_NODE("w.node_id") " FROM temp.stage_twins w"
		"  WHERE w.task_id = tasks.id), (SELECT " FINAL_NODE("m.new_id")
		"  FROM temp.stage_moves m WHERE m.old_id = tasks.node_id))"
		" WHERE node_id IN (SELECT old_id FROM temp.stage_moves) AND id < ?3"};
	static const struct db_sql drop_nodes = {
		"DELETE FROM nodes WHERE doc_id = ?1 AND id <= ?2"
		" AND id NOT IN (SELECT id FROM temp.stage_nodes)"};
	static const struct db_sql kept = {
		"SELECT count(*) FROM tasks t JOIN nodes n ON n.id = t.node_id"
		" WHERE n.doc_id = ?1 AND t.id < ?3"};
	int n = 0;
	enum lu_status s = run_move(im, &take_work, &n);
	if (s == LU_OK) {
		im->res->moved = n;
		s = run_move(im, &drop_nodes, NULL);
	}
	struct db_stmt *st = s == LU_OK ? db_stmt(im->db, &kept) : NULL;
	if (s == LU_OK && !st)
		return LU_ERR;
	if (st) {
		long long k = 0;
		bind_step2(im, st);
		s = db_stmt_int64(im->db, st, "keeping tasks", &k);
		im->res->kept = (int)k;
	}
	return s;
}

/* ---- the whole import ---- */

static const struct db_sql find_hash = {"SELECT id FROM documents WHERE hash = ?1"};
/* The version a revision replaces: the latest document with its title and
 * its issuer (either unknown matches any): a generic title (关于做好…工作的
 * 通知) of another issuer is another document (the review). */
static const struct db_sql find_title = {
	"SELECT max(id) FROM documents WHERE title = ?1"
	" AND (?2 = '' OR coalesce(issuer, '') IN ('', ?2))"};

static enum lu_status find_version(struct db *db, const struct pdoc *doc, long long *id)
{
	struct db_stmt *st = db_stmt(db, &find_title);
	*id = 0;
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, doc->title ? doc->title : "");
	db_bind_text(st, 2, doc->issuer ? doc->issuer : "");
	return db_stmt_int64(db, st, "looking for the document", id);
}
static const struct db_sql doc_hash = {"SELECT hash FROM documents WHERE id = ?1"};

static enum lu_status read_doc_hash(struct db *db, long long id, char out[65])
{
	struct db_stmt *st = db_stmt(db, &doc_hash);
	out[0] = '\0';
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW && db_col_text(st, 0))
		snprintf(out, 65, "%s", db_col_text(st, 0));
	enum lu_status s = db_check(db, st, rc, "looking for the document");
	db_reset(st);
	return s;
}

/* Step 1, without the write lock: everything that reads or computes. The
 * staging is the connection's temporary database only, in one
 * transaction of its own (no lock on the database). */
static enum lu_status import_prepare(struct import *im, const struct pdoc *doc)
{
	static const struct db_sql begin_plain = {"BEGIN"};
	long long dup = 0;
	enum lu_status st = find_one(im->db, &find_hash, im->hash, &dup);
	if (st != LU_OK || dup) {
		im->res->duplicate = dup != 0;
		im->res->doc_id = dup;
		return st;
	}
	if (im->flags & DB_IMPORT_REPLACE)
		st = find_version(im->db, doc, &im->doc_id);
	else if (doc->title && *doc->title)
		st = find_version(im->db, doc, &im->res->same_title);
	if (st == LU_OK && im->doc_id)
		st = read_doc_hash(im->db, im->doc_id, im->old_hash);
	if (st == LU_OK)
		st = stage_begin(im);
	if (st == LU_OK && im->doc_id)
		st = load_old_nodes(im);
	if (st != LU_OK)
		return st;
	im->first_task = im->next_task;
	for (size_t i = 0; i < doc->nnodes; i++)
		collect_slots(im, &doc->nodes[i], 0);
	plan_ids(im);
	if ((st = db_exec(im->db, &begin_plain, "preparing the import")) != LU_OK)
		return st;
	st = stage_slots(im);
	if (st == LU_OK && im->old)
		st = replace_plan_moves(im);
	return db_end(im->db, st);
}

/* Step 2 starts by checking the plan still holds: the text is not there
 * by now, the version to replace is the same one, and the new ids move up
 * past whatever others added meanwhile. */
static enum lu_status import_recheck(struct import *im, const struct pdoc *doc)
{
	long long dup = 0, target = 0, next_node = 0, next_task = 0;
	char hash[65] = "";
	enum lu_status st = find_one(im->db, &find_hash, im->hash, &dup);
	if (st != LU_OK || dup) {
		im->res->duplicate = dup != 0;
		im->res->doc_id = dup;
		return st;
	}
	if (im->flags & DB_IMPORT_REPLACE)
		st = find_version(im->db, doc, &target);
	if (st == LU_OK && target)
		st = read_doc_hash(im->db, target, hash);
	if (st == LU_OK && (target != im->doc_id || strcmp(hash, im->old_hash) != 0))
		im->stale = 1; /* replaced or imported by someone else meanwhile */
	if (st == LU_OK && !im->stale)
		st = free_ids(im->db, &next_node, &next_task);
	im->node_shift = next_node - im->base_node;
	im->task_shift = next_task - im->base_task;
	return st;
}

/* Step 2, under the write lock: the rows move in. */
/* PostgreSQL: the sequences go past the ids the import gave out itself
 * (never back: they may be past every row after deletes). SQLite's
 * AUTOINCREMENT does this on its own. */
#define PG_BUMP(t) \
	"setval('" t "_id_seq', greatest(coalesce((SELECT max(id) FROM " t "), 0)," \
	" (SELECT last_value FROM " t "_id_seq), 1))"
static const struct db_sql bump_ids = {NULL, "SELECT " PG_BUMP("nodes") ", " PG_BUMP("tasks")};

static enum lu_status import_write(struct import *im, const struct pdoc *doc,
				   const char *encoding)
{
	enum lu_status st = import_recheck(im, doc);
	if (st != LU_OK || im->res->duplicate || im->stale)
		return st;
	st = db_next_change(im->db, &im->change_id);
	if (st == LU_OK && im->doc_id) {
		im->res->replaced = 1;
		st = doc_update(im, doc, encoding, im->hash, im->filename);
	} else if (st == LU_OK) {
		st = doc_insert(im, doc, encoding, im->hash, im->filename);
	}
	if (st == LU_OK)
		st = doc_attachments(im, doc);
	if (st == LU_OK && !im->old)
		st = db_exec(im->db, &pause_triggers, "storing the document structure");
	if (st == LU_OK)
		st = stage_commit_nodes(im);
	if (st == LU_OK && im->old)
		st = replace_prepare(im);
	if (st == LU_OK)
		st = count_who_when(im);
	if (st == LU_OK)
		st = stage_commit_tasks(im);
	if (st == LU_OK && !im->old)
		st = index_new_doc(im);
	if (st == LU_OK)
		st = db_exec(im->db, &bump_ids, "numbering new rows");
	if (st == LU_OK && im->old)
		st = replace_finish(im); /* after the proposals: kept work goes after them */
	if (st == LU_OK)
		st = db_log(im->db, DB_LOG_STRUCTURE, im->doc_id, 0, 0);
	im->res->doc_id = im->doc_id;
	return st;
}

static void import_free(struct import *im)
{
	for (size_t i = 0; i < im->nold; i++)
		old_free(&im->old[i]);
	free(im->old);
	free(im->place);
	free(im->bytext);
	for (size_t i = 0; i < im->nslots; i++)
		grams_free(&im->slots[i].grams);
	free(im->slots);
	free(im->fresh);
}

/* Forget a plan found out of date, to make a new one. */
static void import_reset(struct import *im)
{
	struct import keep = *im;
	import_free(im);
	memset(im, 0, sizeof *im);
	im->db = keep.db;
	im->user = keep.user;
	im->filename = keep.filename;
	im->now = keep.now;
	im->flags = keep.flags;
	im->res = keep.res;
	im->cx = keep.cx; /* the document's, unchanged */
	memcpy(im->hash, keep.hash, sizeof im->hash);
	im->doc = keep.doc;
	im->encoding = keep.encoding;
	memset(im->res, 0, sizeof *im->res);
}

/* Step 2's transaction, recording who holds the lock so that waiting
 * colleagues are told. */
static enum lu_status import_write_tx(struct db *db, void *ctx)
{
	struct import *im = ctx;
	*im->res = im->planned;
	im->stale = 0;
	db_holder_begin(db, DB_HOLD_IMPORT, im->filename ? im->filename : "");
	enum lu_status st = import_write(im, im->doc, im->encoding);
	if (st == LU_OK && im->stale)
		st = LU_CONFLICT; /* roll back and plan again */
	return st;
}

/* One attempt: plan, then write under the lock. */
static enum lu_status import_once(struct import *im, const struct pdoc *doc)
{
	enum lu_status st = import_prepare(im, doc);
	if (st != LU_OK || im->res->duplicate)
		return st;
	if (db_test_hooks.import_planned)
		db_test_hooks.import_planned(db_test_hooks.ctx);
	im->planned = *im->res;
	return db_write_alone(im->db, import_write_tx, im);
}

enum lu_status db_import(struct db *db, const struct pdoc *doc, const char *encoding,
			 const char *text, size_t len, const char *filename, int flags,
			 const char *user, struct db_import_result *res)
{
	memset(res, 0, sizeof *res);
	if (db->readonly)
		return db_readonly_error(db);
	struct import im = {
		.db = db, .user = db_who(db, user), .filename = filename,
		.now = lu_now(), .flags = flags, .res = res,
		.doc = doc, .encoding = encoding,
	};
	extract_ctx_doc(&im.cx, doc);
	sha256_hex(text ? text : "", text ? len : 0, im.hash);
	enum lu_status st = LU_OK;
	for (int attempt = 0; attempt < 3; attempt++) {
		if (attempt)
			import_reset(&im);
		st = import_once(&im, doc);
		if (!im.stale)
			break;
	}
	if (im.stale)
		st = lu_error(LU_CONFLICT, "the document was replaced by someone else each time this"
			      " import was ready to be written; nothing was changed, try again");
	/* give the staging space back; a failure here changes nothing */
	db_exec_quiet(db, &stage_clear);
	import_free(&im);
	extract_ctx_free(&im.cx);
	if (st != LU_OK)
		memset(res, 0, sizeof *res);
	return st;
}

/* ---- many documents in a row ---- */

/* SQLite's default page cache (2 MiB) is smaller than what one import of
 * a large document touches (the tasks' indexes, the full-text segments),
 * and the WAL was copied into the database every 1,000 pages (4 MiB), so
 * the index pages every document touches were copied and synced again
 * and again; a checkpoint every 64 MiB still bounds the WAL. The staging
 * tables live in memory (temp_store): in a file, every document's
 * staging and its journal went through write() (290 MB and 218,000
 * calls for the 102 MB file, 0.6 s of system time without tasks, 1.5 s
 * with); they hold one document at a time, so memory stays bounded by
 * the largest one. Set before the staging tables exist (a change of
 * temp_store drops the temporary tables; stage_begin makes them again).
 * After the file: SQLite's defaults, which db_open leaves as they are (a
 * PRAGMA takes no parameters). Measured in bench/. */
static const struct db_sql many_on = {"PRAGMA temp_store = MEMORY;"
				      " PRAGMA cache_size = -32768;"
				      " PRAGMA wal_autocheckpoint = 16384"};
static const struct db_sql many_off = {"PRAGMA temp_store = DEFAULT;"
				       " PRAGMA cache_size = -2000;"
				       " PRAGMA wal_autocheckpoint = 1000"};

void db_import_many_begin(struct db *db)
{
	if (db->many || db->readonly || db_dialect(db) != DB_DIALECT_SQLITE)
		return;
	db->many = db_exec(db, &many_on, "preparing the import") == LU_OK;
}

/* The WAL is copied into the database once, without waiting for readers
 * (PASSIVE): a failure there only leaves it for the next checkpoint. */
void db_import_many_end(struct db *db)
{
	static const struct db_sql copy = {"PRAGMA wal_checkpoint(PASSIVE)"};
	if (!db->many)
		return;
	db->many = 0;
	db_exec_quiet(db, &many_off);
	db_exec_quiet(db, &copy);
}
