/* ui_script.c - key scripts and screen dumps for the headless screen tests. */
#include "config.h"
#include "luoshi/ui_script.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/ui_keys.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

struct ui_script {
	char *text;
	char *next_line;
	int lineno;
	int *keys, *args;
	size_t n, pos, cap;
	struct sbuf err;
};

struct ui_script *ui_script_open(const char *path)
{
	char *text;
	size_t len;
	if (lu_read_file(path, &text, &len) != LU_OK)
		return NULL;
	struct ui_script *s = xcalloc(1, sizeof *s);
	s->text = s->next_line = text;
	return s;
}

void ui_script_close(struct ui_script *s)
{
	if (!s)
		return;
	free(s->text);
	free(s->keys);
	free(s->args);
	sbuf_free(&s->err);
	free(s);
}

int ui_script_failed(const struct ui_script *s)
{
	return s && s->err.len > 0;
}

const char *ui_script_error(const struct ui_script *s)
{
	return s && s->err.s ? s->err.s : "";
}

static void push(struct ui_script *s, int key, int arg)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->keys = xreallocarray(s->keys, s->cap, sizeof *s->keys);
		s->args = xreallocarray(s->args, s->cap, sizeof *s->args);
	}
	s->keys[s->n] = key;
	s->args[s->n++] = arg;
}

static void fail(struct ui_script *s, const char *what)
{
	sbuf_addf(&s->err, "key script line %d: %s\n", s->lineno, what);
}

static void parse_keys(struct ui_script *s, const char *line)
{
	const char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return;
		int key, arg;
		if (ui_key_parse(&p, &key, &arg) < 0) {
			fail(s, lu_errmsg());
			return;
		}
		push(s, key, arg);
	}
}

static void type_text(struct ui_script *s, const char *t)
{
	size_t len = strlen(t);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_decode(t + i, len - i, &cp);
		push(s, (int)cp, 0);
	}
}

static void resize(struct ui_script *s, const char *arg)
{
	int cols, lines;
	if (sscanf(arg, "%d %d", &cols, &lines) != 2 || cols < 1 || lines < 1 || cols > 1000 ||
	    lines > 1000) {
		fail(s, "use: :resize COLS LINES");
		return;
	}
	resizeterm(lines, cols);
	push(s, UI_KEY(KEY_RESIZE), 0);
}

static int dump_screen(const char *path, int attrs_too);

/* A command line; 0 when the line is not a command (then it is keys). */
static int command(struct ui_script *s, const char *line)
{
	static const char *const names[] = {"save-display ", "type ", "resize ", "shell ", "sleep ",
					     "save-attrs "};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strncmp(line + 1, names[i], strlen(names[i])))
			break;
	if (line[0] != ':' || i == ARRAY_SIZE(names))
		return 0;
	const char *arg = line + 1 + strlen(names[i]);
	switch (i) {
	case 0:
		if (dump_screen(arg, 0) != 0)
			fail(s, lu_errmsg());
		break;
	case 1:
		type_text(s, arg);
		break;
	case 2:
		resize(s, arg);
		break;
	case 3:
		if (system(arg) != 0)
			fail(s, "a :shell command failed");
		break;
	case 4:
		push(s, UI_KEY_SLEEP, atoi(arg));
		break;
	case 5:
		if (dump_screen(arg, 1) != 0)
			fail(s, lu_errmsg());
		break;
	}
	return 1;
}

int ui_script_next(struct ui_script *s, int *arg)
{
	while (s->pos == s->n) {
		if (!s->next_line)
			return UI_SCRIPT_END;
		s->n = s->pos = 0;
		char *line = s->next_line, *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		s->next_line = nl ? nl + 1 : NULL;
		s->lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		if (!command(s, line))
			parse_keys(s, line);
	}
	*arg = s->args[s->pos];
	return s->keys[s->pos++];
}

/* With attrs: '{' and '}' where reverse video starts and ends, '<' and
 * '>' where underline does (search matches, the cursor row). */
static void dump_attrs(struct sbuf *b, attr_t *was, attr_t now)
{
	static const struct {
		attr_t a;
		char on, off;
	} marks[] = {{A_REVERSE, '{', '}'}, {A_UNDERLINE, '<', '>'}};
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
		if ((*was ^ now) & marks[i].a)
			sbuf_addc(b, now & marks[i].a ? marks[i].on : marks[i].off);
	*was = now;
}

/* One row as UTF-8: each cell's first character, the cells a wide
 * character covers once, trailing blanks trimmed. */
static void dump_row(int y, struct sbuf *b, int attrs_too)
{
	size_t start = b->len, keep = b->len;
	attr_t was = 0;
	for (int x = 0; x < COLS;) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t attrs;
		short pair;
		int w = 1;
		if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &attrs, &pair, NULL) == ERR ||
		    !wch[0]) {
			sbuf_addc(b, ' ');
		} else {
			if (attrs_too)
				dump_attrs(b, &was, attrs);
			for (int i = 0; wch[i]; i++) {
				char u[4];
				sbuf_add(b, u, utf8_encode((uint32_t)wch[i], u));
			}
			w = wcwidth(wch[0]);
			if (w < 1)
				w = 1;
		}
		if (b->s[b->len - 1] != ' ')
			keep = b->len;
		x += w;
	}
	if (attrs_too) {
		b->len = keep > start ? keep : start;
		dump_attrs(b, &was, 0);
		keep = b->len;
	}
	b->len = keep > start ? keep : start;
	sbuf_addc(b, '\n');
}

static int dump_screen(const char *path, int attrs_too)
{
	struct sbuf b = SBUF_INIT;
	int cy, cx;
	getyx(stdscr, cy, cx);
	for (int y = 0; y < LINES; y++)
		dump_row(y, &b, attrs_too);
	move(cy, cx);
	FILE *f = fopen(path, "w");
	if (!f) {
		sbuf_free(&b);
		lu_error(LU_IO, "cannot write the screen dump %s", path);
		return -1;
	}
	fwrite(b.s, 1, b.len, f);
	sbuf_free(&b);
	return fclose(f) ? -1 : 0;
}
