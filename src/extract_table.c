/* extract_table.c - a 任务分工表 (序号 / 重点任务 / 牵头单位 / 配合单位 / 完成
 * 时限) gives one task per row, with its unit, assisting units and due date.
 * Rows are lines of tab-separated cells, the header among the first rows. */
#include "config.h"
#include "extract_impl.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/utf8.h"

#define HEADER_ROWS 3 /* the header is one of the first rows */
#define MAX_COLS 32

enum col { C_NONE, C_NUM, C_TASK, C_LEAD, C_ASSIST, C_DUE, C_COUNT };

static enum col column(const char *s, size_t n)
{
	static const struct {
		const char *w;
		enum col c;
	} names[] = {
		{"序号", C_NUM},      {"编号", C_NUM},      {"配合单位", C_ASSIST},
		{"参与单位", C_ASSIST}, {"配合部门", C_ASSIST}, {"协办单位", C_ASSIST},
		{"参与部门", C_ASSIST}, {"协同单位", C_ASSIST}, {"牵头单位", C_LEAD},
		{"责任单位", C_LEAD}, {"牵头部门", C_LEAD}, {"责任部门", C_LEAD},
		{"负责单位", C_LEAD}, {"负责部门", C_LEAD}, {"主责单位", C_LEAD},
		{"责任主体", C_LEAD}, {"完成时限", C_DUE},  {"时间安排", C_DUE},
		{"完成时间", C_DUE},  {"时间节点", C_DUE},  {"进度安排", C_DUE},
		{"完成期限", C_DUE},  {"时限", C_DUE},      {"任务", C_TASK},
		{"举措", C_TASK},     {"工作内容", C_TASK}, {"主要内容", C_TASK},
		{"具体措施", C_TASK}, {"工作措施", C_TASK}, {"事项", C_TASK},
	};
	for (size_t k = 0; k < ARRAY_SIZE(names); k++)
		if (xt_find(s, n, names[k].w) && utf8_count(s, n) <= 12)
			return names[k].c;
	return C_NONE;
}

struct row {
	const char *cell[MAX_COLS];
	size_t len[MAX_COLS];
	size_t n;
};

static void split_row(const char *s, size_t n, struct row *r)
{
	r->n = 0;
	for (size_t i = 0; r->n < MAX_COLS;) {
		const char *tab = memchr(s + i, '\t', n - i);
		size_t e = tab ? (size_t)(tab - s) : n, b = i;
		xt_trim(s, &b, &e);
		r->cell[r->n] = s + b;
		r->len[r->n++] = e - b;
		if (!tab)
			break;
		i = (size_t)(tab - s) + 1;
	}
}

/* Which column holds what, from a header row; 0 when it is no task table. */
static int header(const struct row *r, enum col map[MAX_COLS])
{
	int have[C_COUNT] = {0};
	for (size_t i = 0; i < r->n; i++) {
		map[i] = column(r->cell[i], r->len[i]);
		have[map[i]]++;
	}
	return have[C_TASK] == 1 && (have[C_LEAD] || have[C_DUE]);
}

/* A data row with fewer cells than the header (merged cells): aligned on
 * the left when it starts with the row number, else on the right. */
static size_t col_index(const struct row *r, size_t ncols, size_t c, const enum col *map)
{
	if (r->n >= ncols)
		return c;
	int numbered = map[0] == C_NUM && r->len[0] && (unsigned char)r->cell[0][0] >= '0' &&
		       (unsigned char)r->cell[0][0] <= '9';
	if (numbered)
		return c < r->n ? c : MAX_COLS;
	size_t shift = ncols - r->n;
	return c >= shift ? c - shift : MAX_COLS;
}

static char *cell_dup(const struct row *r, size_t i)
{
	return i < r->n && r->len[i] ? xstrndup(r->cell[i], r->len[i]) : NULL;
}

/* 发展改革委、财政部 (or 发展改革委牵头，财政部参与) in the lead column. */
static void row_units(struct ptask *t, const char *lead, const char *assist,
		      const struct extract_ctx *cx)
{
	struct units u;
	struct deadline d;
	if (lead && units_from_note(lead, strlen(lead), &cx->ref, &u, &d)) {
		t->unit = u.lead, t->assist = u.assist;
	} else if (lead) {
		const char *sep = strstr(lead, "、");
		t->unit = sep ? xstrndup(lead, (size_t)(sep - lead)) : xstrdup(lead);
		t->assist = sep ? xstrdup(sep + 3) : NULL;
	}
	if (assist) {
		char *all = t->assist ? xasprintf("%s、%s", t->assist, assist) : xstrdup(assist);
		free(t->assist);
		t->assist = all;
	}
}

static void row_task(struct ptask *t, const struct row *r, size_t ncols, const enum col *map,
		     const struct extract_ctx *cx)
{
	char *cells[C_COUNT] = {NULL};
	for (size_t c = 0; c < ncols; c++) {
		size_t i = col_index(r, ncols, c, map);
		if (map[c] != C_NONE && !cells[map[c]])
			cells[map[c]] = cell_dup(r, i);
	}
	t->text = cells[C_TASK];
	t->title = xt_title(t->text, strlen(t->text), XT_HEAD_UNKNOWN);
	t->recur = extract_recur(t->text, &t->count);
	row_units(t, cells[C_LEAD], cells[C_ASSIST], cx);
	struct deadline d;
	if (cells[C_DUE] && deadline_parse(cells[C_DUE], &cx->ref, &d) != DL_NONE)
		xt_take_deadline(t, &d); /* the words: the whole cell, below */
	/* 每年, 每季度, 长期坚持 in the 完成时限 column: how often, not when */
	if (cells[C_DUE] && t->recur == RECUR_NONE) {
		int count;
		t->recur = extract_recur(cells[C_DUE], &count);
	}
	t->due_text = cells[C_DUE];
	free(cells[C_NUM]);
	free(cells[C_LEAD]);
	free(cells[C_ASSIST]);
	free(cells[C_NONE]);
}

size_t extract_table(const struct extract_ctx *cx, const char *rows, struct ptask **out)
{
	enum col map[MAX_COLS];
	struct row r;
	size_t ncols = 0, cnt = 0, cap = 0, lines = 0;
	struct ptask *v = NULL;
	for (const char *p = rows; p && *p; lines++) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		split_row(p, n, &r);
		p = nl ? nl + 1 : NULL;
		if (!ncols) {
			if (lines >= HEADER_ROWS)
				break;
			if (header(&r, map))
				ncols = r.n;
			continue;
		}
		size_t ti = 0;
		while (ti < ncols && map[ti] != C_TASK)
			ti++;
		size_t at = col_index(&r, ncols, ti, map);
		if (r.n < 2 || at >= r.n || !r.len[at])
			continue; /* a row of one cell names a group of tasks */
		if (cnt == cap)
			v = xreallocarray(v, cap = cap ? cap * 2 : 8, sizeof *v);
		memset(&v[cnt], 0, sizeof v[cnt]);
		row_task(&v[cnt++], &r, ncols, map, cx);
	}
	*out = v;
	return cnt;
}
