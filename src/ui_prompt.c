/* ui_prompt.c - the line editor and the y/n question, opened by the views
 * and fed keys by the main loop. */
#include "config.h"
#include "luoshi/ui_prompt.h"

#include <curses.h>
#include <stdlib.h>

#include "luoshi/ui_draw.h"
#include "luoshi/ui_edit.h"

static struct {
	/* the line editor */
	struct ui_edit *edit;
	char *label;
	struct rect rect; /* h == 0: the bottom line */
	ui_prompt_done done;
	void *arg;
	struct view *view;
	/* the question */
	char *question;
	ui_prompt_answer answer;
	void *answer_arg;
} p;

static void edit_start(const char *label, struct rect r, const char *initial, ui_prompt_done done,
		       void *arg)
{
	ui_edit_free(p.edit);
	free(p.label);
	p.edit = ui_edit_new(initial);
	p.label = xstrdup(label ? label : "");
	p.rect = r;
	p.done = done;
	p.arg = arg;
	p.view = ui_view_top();
}

void ui_prompt_line(const char *label, const char *initial, ui_prompt_done done, void *arg)
{
	edit_start(label, (struct rect){0, 0, 0, 0}, initial, done, arg);
}

void ui_prompt_at(struct rect r, const char *initial, ui_prompt_done done, void *arg)
{
	edit_start("", r, initial, done, arg);
}

void ui_prompt_yesno(const char *question, ui_prompt_answer answer, void *arg)
{
	free(p.question);
	p.question = xstrdup(question);
	p.answer = answer;
	p.answer_arg = arg;
}

int ui_prompt_editing(void)
{
	return !p.edit ? 0 : p.rect.h == 0 ? PROMPT_BOTTOM : PROMPT_INPLACE;
}

int ui_prompt_asking(void)
{
	return p.question != NULL;
}

/* Close the editor and hand its text (NULL: cancelled) to its callback;
 * a callback that refuses the text (R_KEEP) gets the editor back, text,
 * place and callback unchanged, so the user can correct it. */
static void edit_finish(int accept)
{
	char *text = accept ? ui_edit_text(p.edit) : NULL;
	struct ui_edit *e = p.edit;
	char *label = p.label;
	struct rect r = p.rect;
	ui_prompt_done done = p.done;
	void *arg = p.arg;
	struct view *v = p.view;
	p.edit = NULL;
	p.label = NULL;
	ui_view_set_full(); /* an in-place editor covered part of the view */
	int react = done(v, text, arg);
	free(text);
	if (react >= 0 && (react & R_KEEP) && accept && !p.edit) {
		p.edit = e;
		p.label = label;
		p.rect = r;
		p.done = done;
		p.arg = arg;
		p.view = v;
	} else {
		ui_edit_free(e);
		free(label);
	}
	ui_view_react(v, react < 0 ? R_NONE : react & ~R_KEEP);
}

static void answer_key(int key)
{
	ui_prompt_answer answer = p.answer;
	void *arg = p.answer_arg;
	free(p.question);
	p.question = NULL;
	p.answer = NULL;
	key = ui_key_fold(key);
	struct view *v = ui_view_top();
	ui_view_react(v, answer(v, key == 'y' || key == 'Y', arg));
}

void ui_prompt_key(int key)
{
	if (p.edit) {
		enum ui_edit_result r = ui_edit_key(p.edit, key);
		if (r != EDIT_CONTINUE)
			edit_finish(r == EDIT_ACCEPT);
	} else if (p.question) {
		answer_key(key);
	}
}

void ui_prompt_paste(const char *text)
{
	if (p.edit)
		ui_edit_insert(p.edit, text);
}

void ui_prompt_cancel(void)
{
	if (p.edit)
		edit_finish(0);
}

int ui_prompt_draw_bottom(int y, int *cx)
{
	if (p.edit && p.rect.h == 0) {
		int lw = draw_text(y, 0, COLS / 2, p.label, ui_attr(ROLE_MESSAGE));
		*cx = ui_edit_draw(p.edit, y, lw, COLS - lw, A_NORMAL);
		return 1;
	}
	if (!p.question)
		return 0;
	draw_cell(y, 0, COLS, p.question, ui_attr(ROLE_MESSAGE));
	*cx = -1;
	return 1;
}

int ui_prompt_draw_inplace(int *cy)
{
	if (!p.edit || p.rect.h == 0)
		return -1;
	*cy = p.rect.y;
	return ui_edit_draw(p.edit, p.rect.y, p.rect.x, p.rect.w, A_UNDERLINE);
}

void ui_prompt_free(void)
{
	ui_edit_free(p.edit);
	free(p.label);
	free(p.question);
	p.edit = NULL;
	p.label = p.question = NULL;
}
