/* test_input.c - the terminal input decoder (src/ui_input.c) without a
 * terminal: replies split at every place, the device-attributes fence,
 * bracketed paste across reads, bursts, unbound and overlong sequences,
 * characters glibc decodes that are not characters. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "luoshi/ui_input.h"

#define UP 0x300000
#define SHIFT_F3 0x300001

static struct ui_input *fresh(void)
{
	struct ui_input *in = ui_input_new();
	ui_input_bind(in, "\033[A", UP);
	ui_input_bind(in, "\033[1;2R", SHIFT_F3); /* xterm's: looks like an answer on row 1 */
	return in;
}

static void feed(struct ui_input *in, const char *s)
{
	ui_input_feed(in, (const unsigned char *)s, strlen(s));
}

/* All events as text: K<key> C<row>,<col> D P<text> B<keys>/<text>. */
static char *events(struct ui_input *in)
{
	static char buf[4096];
	size_t n = 0;
	struct ui_input_event ev;
	buf[0] = '\0';
	while (ui_input_next(in, &ev) && n < sizeof buf - 256) {
		switch (ev.kind) {
		case UI_IN_KEY:
			n += (size_t)snprintf(buf + n, sizeof buf - n, "K%x ", (unsigned)ev.key);
			break;
		case UI_IN_CPR:
			n += (size_t)snprintf(buf + n, sizeof buf - n, "C%d,%d ", ev.row, ev.col);
			break;
		case UI_IN_DA:
			n += (size_t)snprintf(buf + n, sizeof buf - n, "D ");
			break;
		case UI_IN_PASTE:
			n += (size_t)snprintf(buf + n, sizeof buf - n, "P%s ", ev.text);
			break;
		case UI_IN_BURST:
			n += (size_t)snprintf(buf + n, sizeof buf - n, "B%zu/%s ", ev.nkeys, ev.text);
			break;
		}
		ui_input_event_free(&ev);
	}
	if (n)
		buf[n - 1] = '\0';
	return buf;
}

/* The answer split into two reads at every place, with the short wait
 * running out between them: always one answer, never keys. */
static void split_everywhere(void)
{
	const char *reply = "\033[24;2R";
	int all_ok = 1;
	for (size_t cut = 1; cut < strlen(reply); cut++) {
		struct ui_input *in = fresh();
		ui_input_expect_reply(in);
		ui_input_feed(in, (const unsigned char *)reply, cut);
		ui_input_timeout(in);
		char first[64];
		strcpy(first, events(in));
		feed(in, reply + cut);
		if (first[0] || strcmp(events(in), "C24,2") || ui_input_reply_pending(in))
			all_ok = 0;
		ui_input_free(in);
	}
	CHECK_MSG(all_ok, "an expected answer split anywhere is one answer, never keys");
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	split_everywhere();

	struct ui_input *in = fresh();
	ui_input_expect_reply(in);
	feed(in, "\033[1;2R");
	CHECK_STR(events(in), "C1,2"); /* expected: an answer, not Shift-F3 */
	feed(in, "\033[1;2R");
	CHECK_STR(events(in), "K300001"); /* not expected any more: the key */
	feed(in, "\033[24;3R");
	CHECK_STR(events(in), "C24,3"); /* a late answer is still no key */

	/* the fence: a terminal that does not report the cursor answers ESC[c */
	ui_input_expect_reply(in);
	feed(in, "\033[?1;2c");
	CHECK_STR(events(in), "D");
	CHECK_INT(ui_input_reply_pending(in), 0);

	/* waiting: an ESC alone is cut after the short wait unless an answer
	 * is expected; then it waits for as long as it takes */
	feed(in, "\033");
	CHECK_INT(ui_input_waiting(in), 1);
	ui_input_timeout(in);
	CHECK_STR(events(in), "K1b");
	ui_input_expect_reply(in);
	feed(in, "\033");
	CHECK_INT(ui_input_waiting(in), 2);
	ui_input_timeout(in);
	CHECK_STR(events(in), "");
	ui_input_give_up(in);
	CHECK_STR(events(in), "K1b");
	CHECK_INT(ui_input_waiting(in), 0);

	/* keys: bound, unbound (dropped whole), characters */
	feed(in, "\033[A");
	CHECK_STR(events(in), "K300000");
	feed(in, "\033[15;5~");
	CHECK_STR(events(in), "");
	feed(in, "\033OZ");
	CHECK_STR(events(in), "");
	feed(in, "j");
	CHECK_STR(events(in), "K6a");
	feed(in, "jjjj"); /* a held key, or batched by a slow link */
	CHECK_STR(events(in), "K6a K6a K6a K6a");
	feed(in, "\033[A\033[A");
	CHECK_STR(events(in), "K300000 K300000");

	/* bursts */
	feed(in, "2026年12月31日");
	CHECK_STR(events(in), "B11/2026年12月31日");
	feed(in, "12\r");
	CHECK_STR(events(in), "B3/12 ");
	feed(in, "年年"); /* the same character twice, but an input method's */
	CHECK_STR(events(in), "B2/年年");
	feed(in, "年");
	CHECK_STR(events(in), "K5e74");

	/* bracketed paste, across reads and with its end marker split */
	feed(in, "\033[200~status:doing\n");
	CHECK_STR(events(in), "");
	feed(in, "党课\033[20");
	CHECK_STR(events(in), "");
	feed(in, "1~j");
	CHECK_STR(events(in), "Pstatus:doing 党课 K6a");
	feed(in, "\033[200~a\033[31mb\033[201~");
	CHECK_STR(events(in), "Pa[31mb"); /* controls out; the rest is text */
	feed(in, "\033[200~never ends");
	ui_input_timeout(in);
	CHECK_STR(events(in), "");
	ui_input_give_up(in);
	CHECK_STR(events(in), "Pnever ends");

	/* noise is never keys: an overlong sequence, 5-byte UTF-8 forms */
	char noise[200] = "\033[";
	memset(noise + 2, '1', 150);
	noise[152] = '\0';
	feed(in, noise);
	CHECK_STR(events(in), "");
	feed(in, noise + 2); /* it goes on in the next read, then ends */
	feed(in, "1;2m");
	CHECK_STR(events(in), "");
	feed(in, "j");
	CHECK_STR(events(in), "K6a");
	feed(in, "\xfa\x96\x96\x96\x96");
	CHECK_STR(events(in), "");
	feed(in, "\xe4\xb8"); /* half a character waits, then is dropped */
	CHECK_INT(ui_input_waiting(in), 1);
	ui_input_timeout(in);
	CHECK_STR(events(in), "");
	ui_input_free(in);
	return check_done();
}
