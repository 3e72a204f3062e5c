/* preport.c - the report of one period, per unit (see preport.h). */
#include "config.h"
#include "luoshi/preport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/late.h"
#include "luoshi/text.h"

static struct preport_unit *unit_of(struct preport *r, const char *name)
{
	for (size_t i = 0; i < r->nunits; i++)
		if (strcmp(r->units[i].unit, name) == 0)
			return &r->units[i];
	r->units = xreallocarray(r->units, r->nunits + 1, sizeof *r->units);
	struct preport_unit *u = &r->units[r->nunits++];
	memset(u, 0, sizeof *u);
	u->unit = xstrdup(name);
	return u;
}

enum lu_status preport_load(struct db *db, const struct period *p, const char *unit,
			    struct preport *out)
{
	memset(out, 0, sizeof *out);
	enum lu_status s = db_due(db, p, unit, &out->due);
	for (size_t i = 0; s == LU_OK && i < out->due.n; i++) {
		const struct db_due_item *it = &out->due.items[i];
		struct preport_unit *u = unit_of(out, it->t.unit ? it->t.unit : "");
		u->items++;
		u->must += it->must_report;
		u->reported += it->must_report && it->reported;
		u->due_in += it->due_in;
		u->done += it->review || it->period_done || task_status_complete(it->t.status);
		u->late += it->late_days > 0;
		u->review += it->review;
		u->recheck += it->recheck;
	}
	return s;
}

void preport_free(struct preport *r)
{
	for (size_t i = 0; i < r->nunits; i++)
		free(r->units[i].unit);
	free(r->units);
	db_due_free(&r->due);
	memset(r, 0, sizeof *r);
}

char *preport_state(const struct db_due_item *it)
{
	static const char *const zh[] = {"", "黄牌", "橙牌", "红牌"};
	struct sbuf b = SBUF_INIT;
	if (it->review || it->t.status == TASK_CLOSED) {
		sbuf_adds(&b, it->review ? "已完成，待销号" : "已销号");
		if (it->recheck)
			sbuf_addf(&b, "，%s 回头看", it->t.recheck ? it->t.recheck : "");
		if (it->due_in)
			sbuf_addf(&b, "，本期到期（%s）", it->t.due ? it->t.due : "");
		return sbuf_detach(&b);
	}
	if (it->period_done)
		sbuf_addf(&b, "%s 期已完成", it->period);
	else
		sbuf_adds(&b, it->reported ? "已报送" : "未报送");
	if (it->due_in)
		sbuf_addf(&b, "，本期到期（%s）", it->t.due ? it->t.due : "");
	if (it->late_days)
		sbuf_addf(&b, "，%s 逾期%d天", zh[it->late], it->late_days);
	return sbuf_detach(&b);
}

/* Untrusted text in a Markdown table cell. */
static void md_cell(struct sbuf *b, const char *s)
{
	char *clean = text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
	for (const char *p = clean; *p; p++) {
		if (strchr("|*_`[]<>#\\", *p))
			sbuf_addc(b, '\\');
		sbuf_addc(b, *p);
	}
	free(clean);
}

void preport_md(const struct preport *r, struct sbuf *b)
{
	char label[PERIOD_TEXT_MAX];
	period_format(&r->due.p, label);
	sbuf_addf(b, "# %s 督办情况报告\n\n统计期间 %s 至 %s，截至 %s。\n\n", label, r->due.first,
		  r->due.last, r->due.ref);
	sbuf_adds(b, "## 各单位情况\n\n| 单位 | 事项 | 应报送 | 已报送 | 未报送 | 本期到期 |"
		     " 已完成 | 逾期 | 待销号 | 回头看 |\n|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < r->nunits; i++) {
		const struct preport_unit *u = &r->units[i];
		sbuf_adds(b, "| ");
		md_cell(b, *u->unit ? u->unit : "（无牵头单位）");
		sbuf_addf(b, " | %d | %d | %d | %d | %d | %d | %d | %d | %d |\n", u->items, u->must,
			  u->reported, u->must - u->reported, u->due_in, u->done, u->late, u->review,
			  u->recheck);
	}
	if (!r->nunits)
		sbuf_adds(b, "\n本期没有需要报送或办理的事项。\n");
	for (size_t i = 0; i < r->nunits; i++) {
		sbuf_adds(b, "\n## ");
		md_cell(b, *r->units[i].unit ? r->units[i].unit : "（无牵头单位）");
		sbuf_adds(b, "\n\n");
		for (size_t k = 0; k < r->due.n; k++) {
			const struct db_due_item *it = &r->due.items[k];
			if (strcmp(it->t.unit ? it->t.unit : "", r->units[i].unit) != 0)
				continue;
			char *st = preport_state(it);
			sbuf_addf(b, "- #%lld ", it->t.id);
			md_cell(b, it->t.title);
			sbuf_addf(b, " · %s\n", st);
			free(st);
		}
	}
}
