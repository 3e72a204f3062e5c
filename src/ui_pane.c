/* ui_pane.c - the text beside the outline's tree: a document's details and
 * preamble, a node's heading and text, a task's fields and sentence. */
#include "config.h"
#include "luoshi/ui_pane.h"

#include <stdio.h>
#include <stdlib.h>

#include "luoshi/field.h"
#include "luoshi/i18n.h"
#include "luoshi/label.h"
#include "luoshi/ui_draw.h"

static void add_field(struct wtext *t, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	/* TRANSLATORS: a field and its value beside the outline ("owner: 张三") */
	char *s = xasprintf(_("%s: %s"), label, value);
	wtext_add(t, s, ROLE_NORMAL, 0, 2, 0);
	free(s);
}

void ui_pane_doc(struct wtext *t, const struct db_doc *d)
{
	wtext_add(t, d->title, ROLE_HEADING, 0, 0, 0);
	wtext_blank(t, 0);
	add_field(t, _("issuer"), d->issuer);
	add_field(t, _("number"), d->number);
	add_field(t, _("date"), d->date);
	add_field(t, _("source"), d->source);
	add_field(t, _("issues"), d->wrapped);
	add_field(t, _("secrecy"), d->secrecy);
	add_field(t, _("urgency"), d->urgency);
	add_field(t, _("signed by"), d->signer);
	add_field(t, _("copy to"), d->cc);
	add_field(t, _("printed by"), d->printer);
	add_field(t, _("printed on"), d->print_date);
	char *s = xasprintf(ngettext("%d of %d task carried out, %d overdue",
				     "%d of %d tasks carried out, %d overdue", d->nactive),
			    d->ncomplete, d->nactive, d->noverdue);
	wtext_add(t, s, ROLE_NORMAL, 0, 0, 0);
	free(s);
	if (d->preamble && *d->preamble) {
		wtext_blank(t, 0);
		wtext_add(t, d->preamble, ROLE_NORMAL, 4, 0, 0);
	}
}

/* The title as the heading, then the short fields a user edits (field.h's
 * order), the number of notes, and the sentence. */
void ui_pane_task(struct wtext *t, const struct db_task *k)
{
	char num[64];
	wtext_add(t, k->title, ROLE_HEADING, 0, 0, 0);
	wtext_blank(t, 0);
	for (int f = 0; f < TASK_FIELD_COUNT; f++) {
		if (f == TASK_F_TITLE || !field_editable((enum task_field)f) ||
		    field_kind((enum task_field)f) == FIELD_LONG)
			continue;
		char *v = field_shown(k, (enum task_field)f);
		add_field(t, field_label((enum task_field)f), v);
		free(v);
	}
	snprintf(num, sizeof num, "%d", k->nnotes);
	add_field(t, label_field("notes"), num);
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
		char *s = xasprintf(ngettext("%d of %d task carried out", "%d of %d tasks carried out",
					     nd->nactive),
				    nd->ncomplete, nd->nactive);
		wtext_blank(t, 0);
		wtext_add(t, s, ROLE_DIM, 0, 0, 0);
		free(s);
	}
}
