/* ui_edit.c - the line editor. The text is kept as code points so that
 * cursor movement and Backspace act on whole characters, never bytes. */
#include "config.h"
#include "luoshi/ui_edit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/text.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_keys.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

struct ui_edit {
	uint32_t *cp;
	size_t n, cap;
	size_t cur;    /* cursor: index of the character it sits on */
	size_t scroll; /* first character shown */
};

static void insert(struct ui_edit *e, uint32_t c)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 64;
		e->cp = xreallocarray(e->cp, e->cap, sizeof *e->cp);
	}
	memmove(e->cp + e->cur + 1, e->cp + e->cur, (e->n - e->cur) * sizeof *e->cp);
	e->cp[e->cur++] = c;
	e->n++;
}

static void delete_range(struct ui_edit *e, size_t from, size_t to)
{
	if (from >= to) /* also: an empty editor has no array to memmove */
		return;
	memmove(e->cp + from, e->cp + to, (e->n - to) * sizeof *e->cp);
	e->n -= to - from;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

struct ui_edit *ui_edit_new(const char *initial)
{
	struct ui_edit *e = xcalloc(1, sizeof *e);
	size_t len = initial ? strlen(initial) : 0;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += utf8_decode(initial + i, len - i, &c);
		insert(e, text_is_unsafe(c) ? ' ' : c);
	}
	return e;
}

void ui_edit_free(struct ui_edit *e)
{
	if (!e)
		return;
	free(e->cp);
	free(e);
}

/* Character classes for Ctrl-W: a word is a run of one class, so in
 * Chinese text without spaces it stops at punctuation. */
static int char_class(uint32_t c)
{
	if (c == ' ' || c == 0x3000)
		return 0;
	if ((c < 0x80 && (c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) ||
	    (c >= 0x80 && text_cp_width(c) == 1))
		return 1;
	if (c >= 0x3400 && !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xFF00 && c <= 0xFF65))
		return 2; /* Han and other wide letters */
	return 3;         /* punctuation */
}

static void delete_word(struct ui_edit *e)
{
	size_t i = e->cur;
	while (i > 0 && char_class(e->cp[i - 1]) == 0)
		i--;
	if (i > 0) {
		int cls = char_class(e->cp[i - 1]);
		while (i > 0 && char_class(e->cp[i - 1]) == cls)
			i--;
	}
	delete_range(e, i, e->cur);
}

static int insertable(int key)
{
	return key >= 0x20 && key < 0x110000 && key != 127 && !text_is_unsafe((uint32_t)key);
}

enum ui_edit_result ui_edit_key(struct ui_edit *e, int key)
{
	switch (key) {
	case UI_KEY_ENTER:
		return EDIT_ACCEPT;
	case UI_KEY_ESC:
	case 3: /* C-c, when it comes as a key (raw mode, key scripts) */
	case 7: /* C-g */
		return EDIT_CANCEL;
	case UI_KEY_BACKSPACE:
	case UI_KEY(KEY_BACKSPACE):
		if (e->cur > 0)
			delete_range(e, e->cur - 1, e->cur);
		break;
	case UI_KEY(KEY_DC):
	case 4: /* C-d */
		if (e->cur < e->n)
			delete_range(e, e->cur, e->cur + 1);
		break;
	case UI_KEY(KEY_LEFT):
	case 2: /* C-b */
		if (e->cur > 0)
			e->cur--;
		break;
	case UI_KEY(KEY_RIGHT):
	case 6: /* C-f */
		if (e->cur < e->n)
			e->cur++;
		break;
	case UI_KEY(KEY_HOME):
	case 1: /* C-a */
		e->cur = 0;
		break;
	case UI_KEY(KEY_END):
	case 5: /* C-e */
		e->cur = e->n;
		break;
	case 21: /* C-u */
		delete_range(e, 0, e->cur);
		break;
	case 11: /* C-k */
		delete_range(e, e->cur, e->n);
		break;
	case 23: /* C-w */
		delete_word(e);
		break;
	default:
		if (insertable(key))
			insert(e, (uint32_t)key);
		break;
	}
	return EDIT_CONTINUE;
}

static int cp_cols(uint32_t c)
{
	int w = text_cp_width(c);
	return w < 0 ? 1 : w;
}

int ui_edit_draw(struct ui_edit *e, int y, int x, int w, attr_t a)
{
	if (w < 2)
		return x;
	if (e->cur < e->scroll)
		e->scroll = e->cur;
	/* keep the cursor (and a wide character under it) inside the field;
	 * one pass, so a long pasted line costs no more than its length */
	long cols = 0;
	for (size_t i = e->scroll; i < e->cur; i++)
		cols += cp_cols(e->cp[i]);
	int need = e->cur < e->n ? cp_cols(e->cp[e->cur]) : 1;
	while (cols + need > w && e->scroll < e->cur)
		cols -= cp_cols(e->cp[e->scroll++]);
	struct sbuf b = SBUF_INIT;
	int cursor_col = 0;
	cols = 0;
	for (size_t i = e->scroll; i <= e->n && cols <= w; i++) {
		if (i == e->cur)
			cursor_col = (int)cols;
		if (i == e->n)
			break;
		char u[4];
		sbuf_add(&b, u, utf8_encode(e->cp[i], u));
		cols += cp_cols(e->cp[i]);
	}
	int used = draw_span(y, x, w, b.s ? b.s : "", b.len, a);
	draw_blank(y, x + used, w - used, a);
	sbuf_free(&b);
	return x + cursor_col;
}

void ui_edit_insert(struct ui_edit *e, const char *text)
{
	size_t len = strlen(text);
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += utf8_decode(text + i, len - i, &c);
		if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		if (insertable((int)c))
			insert(e, c);
	}
}

char *ui_edit_text(const struct ui_edit *e)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < e->n; i++) {
		char u[4];
		sbuf_add(&b, u, utf8_encode(e->cp[i], u));
	}
	return sbuf_detach(&b);
}
