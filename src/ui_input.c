/* ui_input.c - terminal bytes into keys, replies and pastes (see the
 * header for the rules). Bytes are kept until they make something whole;
 * decoded events wait in a queue. */
#include "config.h"
#include "luoshi/ui_input.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "luoshi/utf8.h"
#include "luoshi/util.h"

#define ESC 0x1b
#define CSI_MAX 64 /* longer "sequences" are noise, not something to wait for */
static const char paste_start[] = "\033[200~", paste_end[] = "\033[201~";
#define PASTE_MARK_LEN 6

struct seq {
	char *s;
	size_t n;
	int key;
};

struct qev {
	struct ui_input_event ev;
	int is_char; /* a key typed as a character, not an escape sequence */
};

struct ui_input {
	unsigned char *buf;
	size_t len, cap;
	struct seq *seqs;
	size_t nseqs;
	int reply_pending, in_paste;
	int discard; /* inside an overlong sequence: dropped up to its end */
	struct sbuf paste; /* raw bytes of an open paste */
	struct qev *q;
	size_t qhead, qlen, qcap;
};

struct ui_input *ui_input_new(void)
{
	return xcalloc(1, sizeof(struct ui_input));
}

void ui_input_free(struct ui_input *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->nseqs; i++)
		free(in->seqs[i].s);
	free(in->seqs);
	for (size_t i = in->qhead; i < in->qlen; i++)
		ui_input_event_free(&in->q[i].ev);
	free(in->q);
	free(in->buf);
	sbuf_free(&in->paste);
	free(in);
}

static const struct seq *find_seq(const struct ui_input *in, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < in->nseqs; i++)
		if (in->seqs[i].n == n && !memcmp(in->seqs[i].s, s, n))
			return &in->seqs[i];
	return NULL;
}

void ui_input_bind(struct ui_input *in, const char *seq, int key)
{
	size_t n = seq ? strlen(seq) : 0;
	if (n < 2 || seq[0] != ESC || find_seq(in, (const unsigned char *)seq, n))
		return;
	in->seqs = xreallocarray(in->seqs, in->nseqs + 1, sizeof *in->seqs);
	in->seqs[in->nseqs++] = (struct seq){xstrdup(seq), n, key};
}

void ui_input_expect_reply(struct ui_input *in)
{
	in->reply_pending = 1;
}

int ui_input_reply_pending(const struct ui_input *in)
{
	return in->reply_pending;
}

void ui_input_event_free(struct ui_input_event *ev)
{
	free(ev->keys);
	free(ev->text);
	ev->keys = NULL;
	ev->text = NULL;
}

/* ---- the queue ---- */

static struct qev *push(struct ui_input *in, enum ui_input_kind kind)
{
	if (in->qlen == in->qcap) {
		in->qcap = in->qcap ? 2 * in->qcap : 32;
		in->q = xreallocarray(in->q, in->qcap, sizeof *in->q);
	}
	struct qev *e = &in->q[in->qlen++];
	memset(e, 0, sizeof *e);
	e->ev.kind = kind;
	return e;
}

static void push_key(struct ui_input *in, int key, int is_char)
{
	struct qev *e = push(in, UI_IN_KEY);
	e->ev.key = key;
	e->is_char = is_char;
}

int ui_input_next(struct ui_input *in, struct ui_input_event *ev)
{
	if (in->qhead >= in->qlen)
		return 0;
	*ev = in->q[in->qhead++].ev;
	if (in->qhead == in->qlen) /* all taken: start the queue again */
		in->qhead = in->qlen = 0;
	return 1;
}

/* ---- text of pastes and bursts ---- */

/* One character for an editor's single line: tabs and line breaks become
 * spaces, other controls are dropped. */
static void add_text_char(struct sbuf *b, uint32_t c)
{
	char u[4];
	if (c == '\t' || c == '\n' || c == '\r')
		c = ' ';
	if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
		return;
	sbuf_add(b, u, utf8_encode(c, u));
}

/* Raw bytes in the locale's codeset to UTF-8 text; invalid bytes dropped. */
static char *decode_text(const char *s, size_t n, size_t *len)
{
	struct sbuf b = SBUF_INIT;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	for (size_t i = 0; i < n;) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, n - i, &st);
		if (k == (size_t)-2)
			break;
		if (k == (size_t)-1 || k == 0) {
			memset(&st, 0, sizeof st);
			i++;
			continue;
		}
		add_text_char(&b, (uint32_t)wc);
		i += k;
	}
	*len = b.len;
	return sbuf_detach(&b);
}

static void paste_add(struct ui_input *in, const unsigned char *s, size_t n)
{
	size_t room = UI_INPUT_PASTE_MAX - in->paste.len;
	if (n > room) /* a paste larger than any prompt needs: its head */
		n = room;
	sbuf_add(&in->paste, (const char *)s, n);
}

static void paste_close(struct ui_input *in)
{
	struct qev *e = push(in, UI_IN_PASTE);
	e->ev.text = decode_text(in->paste.s ? in->paste.s : "", in->paste.len, &e->ev.len);
	sbuf_free(&in->paste);
	in->in_paste = 0;
}

/* Inside a paste: up to its end marker. Returns bytes used; keeps a tail
 * that may be the start of a split end marker unless final. */
static size_t take_paste(struct ui_input *in, const unsigned char *p, size_t n, int final)
{
	for (size_t i = 0; i + PASTE_MARK_LEN <= n; i++)
		if (p[i] == ESC && !memcmp(p + i, paste_end, PASTE_MARK_LEN)) {
			paste_add(in, p, i);
			paste_close(in);
			return i + PASTE_MARK_LEN;
		}
	size_t keep = final ? 0 : n < PASTE_MARK_LEN - 1 ? n : PASTE_MARK_LEN - 1;
	paste_add(in, p, n - keep);
	if (final)
		paste_close(in);
	return n - keep;
}

/* ---- escape sequences ---- */

enum { NEED_MORE = 0 };

/* "row;col" of a cursor position report between ESC[ and R, or 0. */
static int parse_cpr(const unsigned char *p, size_t n, int *row, int *col)
{
	int v[2] = {0, 0}, field = 0, digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			if (v[field] < 100000)
				v[field] = v[field] * 10 + (p[i] - '0');
			digits++;
		} else if (p[i] == ';' && field == 0 && digits) {
			field = 1;
			digits = 0;
		} else {
			return 0;
		}
	}
	if (field != 1 || !digits)
		return 0;
	*row = v[0];
	*col = v[1];
	return 1;
}

/* A complete ESC [ ... final of n bytes at p. */
static void csi_done(struct ui_input *in, const unsigned char *p, size_t n)
{
	unsigned char fin = p[n - 1];
	int row = 0, col = 0;
	const struct seq *s;
	if (n == PASTE_MARK_LEN && !memcmp(p, paste_start, n)) {
		in->in_paste = 1;
		return;
	}
	int cpr = fin == 'R' && parse_cpr(p + 2, n - 3, &row, &col);
	if (cpr && in->reply_pending) {
		struct qev *e = push(in, UI_IN_CPR);
		e->ev.row = row, e->ev.col = col;
		in->reply_pending = 0;
	} else if (fin == 'c' && n > 3 && (p[2] == '?' || p[2] == '>')) {
		push(in, UI_IN_DA);
		in->reply_pending = 0;
	} else if ((s = find_seq(in, p, n))) {
		push_key(in, s->key, 0);
	} else if (cpr) { /* a late answer: still not keys */
		struct qev *e = push(in, UI_IN_CPR);
		e->ev.row = row, e->ev.col = col;
	}
	/* anything else: a sequence nobody bound, dropped whole */
}

#define TOO_LONG (-2)

/* The length of ESC [ params intermediates final at p (n bytes), NEED_MORE
 * when it is not complete yet, -1 when it is not such a sequence, or
 * TOO_LONG (its first CSI_MAX bytes are noise to drop, never keys). */
static long csi_length(const unsigned char *p, size_t n)
{
	size_t i = 2;
	if (n > 2 && p[2] == '[') /* the Linux console's F1-F5: ESC [ [ A */
		return n < 4 ? NEED_MORE : (p[3] >= 0x40 && p[3] <= 0x7e ? 4 : -1);
	while (i < n && i < CSI_MAX && p[i] >= 0x30 && p[i] <= 0x3f)
		i++;
	while (i < n && i < CSI_MAX && p[i] >= 0x20 && p[i] <= 0x2f)
		i++;
	if (i >= CSI_MAX)
		return TOO_LONG;
	if (i == n)
		return NEED_MORE;
	return p[i] >= 0x40 && p[i] <= 0x7e ? (long)i + 1 : -1;
}

/* At an ESC: bytes used, or NEED_MORE. final: no more bytes will come,
 * so an incomplete sequence is an Esc key followed by other keys. */
static size_t take_escape(struct ui_input *in, const unsigned char *p, size_t n, int final)
{
	long len = -1;
	if (n >= 2 && p[1] == '[') {
		len = csi_length(p, n);
	} else if (n >= 2 && p[1] == 'O') {
		len = n < 3 ? NEED_MORE : (p[2] >= 0x40 && p[2] <= 0x7e ? 3 : -1);
	} else if (n == 1) {
		len = NEED_MORE;
	}
	if (len == NEED_MORE && !final)
		return NEED_MORE;
	if (len == TOO_LONG) {
		in->discard = 1;
		return CSI_MAX;
	}
	if (len > 0 && p[1] == '[') {
		csi_done(in, p, (size_t)len);
		return (size_t)len;
	}
	const struct seq *s = len > 0 ? find_seq(in, p, (size_t)len) : NULL;
	if (s) {
		push_key(in, s->key, 0);
		return (size_t)len;
	}
	if (len > 0) /* an unbound ESC O x */
		return (size_t)len;
	push_key(in, ESC, 1); /* Esc, or Alt-x as Esc then x */
	return 1;
}

/* One character in the locale's codeset: bytes used, or NEED_MORE. */
static size_t take_char(struct ui_input *in, const unsigned char *p, size_t n, int final)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof st);
	size_t k = mbrtowc(&wc, (const char *)p, n, &st);
	if (k == (size_t)-2)
		return final ? n : NEED_MORE; /* half a character that never completed */
	if (k == (size_t)-1)
		return 1;
	if (k == 0)
		return 1; /* NUL (Ctrl-Space): nothing we bind */
	/* glibc still decodes the old 5- and 6-byte forms: not characters */
	if ((uint32_t)wc > 0x10ffff || ((uint32_t)wc >= 0xd800 && (uint32_t)wc < 0xe000))
		return k;
	push_key(in, (int)wc, 1);
	return k;
}

/* The rest of an overlong sequence: its parameter and intermediate bytes
 * and its final byte, however many reads it takes. */
static size_t take_discard(struct ui_input *in, const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n && p[i] >= 0x20 && p[i] <= 0x3f)
		i++;
	if (i < n) {
		in->discard = 0;
		if (p[i] >= 0x40 && p[i] <= 0x7e)
			i++;
	}
	return i;
}

static void decode(struct ui_input *in, int final)
{
	size_t pos = 0;
	while (pos < in->len) {
		const unsigned char *p = in->buf + pos;
		size_t n = in->len - pos, used;
		if (in->discard) { /* 0 bytes when it ends at once: go on anyway */
			pos += take_discard(in, p, n);
			continue;
		}
		if (in->in_paste)
			used = take_paste(in, p, n, final);
		else if (p[0] == ESC)
			used = take_escape(in, p, n, final);
		else
			used = take_char(in, p, n, final);
		if (used == NEED_MORE)
			break;
		pos += used;
	}
	if (pos && pos < in->len) /* (no buffer at all before the first byte) */
		memmove(in->buf, in->buf + pos, in->len - pos);
	in->len -= pos;
}

/* ---- bursts ---- */

/* Keys decoded from one read, from queue index from on: several different
 * ones, or characters beyond ASCII among several (an input method's
 * commit), become one burst event in place of the first. */
static void make_burst(struct ui_input *in, size_t from)
{
	size_t nkeys = 0, first = 0;
	int differ = 0, wide = 0;
	for (size_t i = from; i < in->qlen; i++) {
		const struct qev *e = &in->q[i];
		if (e->ev.kind != UI_IN_KEY)
			continue;
		if (!nkeys++)
			first = i;
		else if (e->ev.key != in->q[first].ev.key)
			differ = 1;
		wide |= e->is_char && e->ev.key > 0x7f;
	}
	if (nkeys < 2 || (!differ && !wide))
		return;
	struct ui_input_event b = {.kind = UI_IN_BURST};
	struct sbuf t = SBUF_INIT;
	b.keys = xreallocarray(NULL, nkeys, sizeof *b.keys);
	size_t w = first;
	for (size_t i = first; i < in->qlen; i++) {
		struct qev *e = &in->q[i];
		if (e->ev.kind != UI_IN_KEY) {
			in->q[++w] = *e;
			continue;
		}
		b.keys[b.nkeys++] = e->ev.key;
		if (e->is_char)
			add_text_char(&t, (uint32_t)e->ev.key);
	}
	b.len = t.len;
	b.text = sbuf_detach(&t);
	in->q[first] = (struct qev){b, 0};
	in->qlen = w + 1;
}

void ui_input_feed(struct ui_input *in, const unsigned char *buf, size_t n)
{
	if (!n)
		return;
	if (in->len + n > in->cap) {
		in->cap = in->len + n + 256;
		in->buf = xrealloc(in->buf, in->cap);
	}
	memcpy(in->buf + in->len, buf, n);
	in->len += n;
	size_t from = in->qlen;
	decode(in, 0);
	make_burst(in, from);
}

int ui_input_waiting(const struct ui_input *in)
{
	if (in->in_paste || (in->len && in->reply_pending))
		return 2;
	return in->len > 0;
}

void ui_input_timeout(struct ui_input *in)
{
	if (in->reply_pending || in->in_paste)
		return;
	decode(in, 1);
}

/* The terminal did not answer (or a paste never ended): stop waiting. */
void ui_input_give_up(struct ui_input *in)
{
	in->reply_pending = 0;
	if (in->in_paste)
		decode(in, 1);
	if (in->in_paste)
		paste_close(in);
	decode(in, 1);
}
