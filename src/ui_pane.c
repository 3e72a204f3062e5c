/* ui_pane.c - the text beside the outline's tree: a document's details and
 * preamble, a node's heading and text, a task's fields and sentence. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "luoshi/ui_draw.h"
#include "luoshi/ui_view.h"

static void add_field(struct wtext *t, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	char *s = xasprintf("%s: %s", label, value);
	wtext_add(t, s, ROLE_NORMAL, 0, 2, 0);
	free(s);
}

void ui_pane_doc(struct wtext *t, const struct db_doc *d)
{
	wtext_add(t, d->title, ROLE_HEADING, 0, 0, 0);
	wtext_blank(t, 0);
	add_field(t, ui_tr("issuer", "发文机关"), d->issuer);
	add_field(t, ui_tr("number", "文号"), d->number);
	add_field(t, ui_tr("date", "成文日期"), d->date);
	add_field(t, ui_tr("source", "来源"), d->source);
	char *s = ui_lang_zh()
		? xasprintf("已落实 %d/%d 项任务，逾期 %d 项", d->ncomplete, d->nactive, d->noverdue)
		: xasprintf("%d of %d tasks carried out, %d overdue", d->ncomplete, d->nactive,
			    d->noverdue);
	wtext_add(t, s, ROLE_NORMAL, 0, 0, 0);
	free(s);
	if (d->preamble && *d->preamble) {
		wtext_blank(t, 0);
		wtext_add(t, d->preamble, ROLE_NORMAL, 4, 0, 0);
	}
}

void ui_pane_task(struct wtext *t, const struct db_task *k)
{
	char num[64];
	wtext_add(t, k->title, ROLE_HEADING, 0, 0, 0);
	wtext_blank(t, 0);
	add_field(t, ui_tr("status", "状态"), ui_status_label(k->status));
	snprintf(num, sizeof num, "%d%%", k->progress);
	add_field(t, ui_tr("progress", "进度"), num);
	add_field(t, ui_tr("lead unit", "牵头单位"), k->unit);
	add_field(t, ui_tr("assisting", "协办单位"), k->assist);
	add_field(t, ui_tr("owner", "负责人"), k->owner);
	add_field(t, ui_tr("due", "截止日期"), k->due);
	add_field(t, ui_tr("recurrence", "周期"), k->recurrence);
	snprintf(num, sizeof num, "%d", k->nnotes);
	add_field(t, ui_tr("notes", "备注"), num);
	if (k->text && *k->text) {
		wtext_blank(t, 0);
		wtext_add(t, k->text, ROLE_NORMAL, 4, 0, 0);
	}
}

void ui_pane_node(struct wtext *t, const struct db_node *nd)
{
	char *h = ui_heading_text(nd->label, nd->heading);
	wtext_add(t, h, ROLE_HEADING, 0, 0, nd->id);
	free(h);
	wtext_blank(t, 0);
	wtext_add(t, nd->body, ROLE_NORMAL, 4, 0, nd->id);
	if (nd->ntasks) {
		char *s = ui_lang_zh()
			? xasprintf("已落实 %d/%d 项任务", nd->ncomplete, nd->nactive)
			: xasprintf("%d of %d tasks carried out", nd->ncomplete, nd->nactive);
		wtext_blank(t, 0);
		wtext_add(t, s, ROLE_DIM, 0, 0, 0);
		free(s);
	}
}
