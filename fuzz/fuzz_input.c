/* fuzz_input.c - untrusted terminal bytes through the key, reply and paste
 * decoder (src/ui_input.c), split into reads at places the input chooses,
 * with waits that run out and questions given up on between them; the
 * invariants are those the screens rely on. Built by
 * ./configure --enable-fuzzing; run: fuzz/fuzz_input fuzz/fuzz_input/ */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/ui_input.h"
#include "luoshi/utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEY_BASE 0x200000 /* bound keys, above every character */

static const char *const seqs[] = {
	"\033[A", "\033[B", "\033OA", "\033[1;2R", "\033[[A", "\033[3~", "\033[15;5~", "\033OM",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

/* Text of a paste or a burst: valid UTF-8 of its stated length, one line,
 * no control character. */
static void check_text(const char *t, size_t len)
{
	if (!t || strlen(t) != len || utf8_check(t, len) != (size_t)-1)
		abort();
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += utf8_decode(t + i, len - i, &c);
		if (c < 0x20 || (c >= 0x7f && c < 0xa0))
			abort();
	}
}

static int valid_key(int key)
{
	return (key > 0 && key <= 0x10ffff) || (key >= KEY_BASE && key < KEY_BASE + 8);
}

/* Every event; returns how many were keys (bursts count their keys). */
static size_t drain(struct ui_input *in, size_t *replies)
{
	struct ui_input_event ev;
	size_t keys = 0;
	while (ui_input_next(in, &ev)) {
		switch (ev.kind) {
		case UI_IN_KEY:
			if (!valid_key(ev.key))
				abort();
			keys++;
			break;
		case UI_IN_BURST:
			if (ev.nkeys < 2)
				abort();
			for (size_t i = 0; i < ev.nkeys; i++)
				if (!valid_key(ev.keys[i]))
					abort();
			check_text(ev.text, ev.len);
			keys += ev.nkeys;
			break;
		case UI_IN_PASTE:
			check_text(ev.text, ev.len);
			if (ev.len > 4 * (size_t)UI_INPUT_PASTE_MAX)
				abort();
			break;
		case UI_IN_CPR:
		case UI_IN_DA:
			++*replies;
			break;
		default:
			abort();
		}
		ui_input_event_free(&ev);
	}
	return keys;
}

static struct ui_input *new_input(void)
{
	struct ui_input *in = ui_input_new();
	for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++)
		ui_input_bind(in, seqs[i], KEY_BASE + (int)i);
	return in;
}

/* The answer to the width question split at the places data chooses,
 * with waits running out between the pieces: one reply, never keys. */
static void check_split_reply(const uint8_t *data, size_t size)
{
	static const char reply[] = "\033[24;2R";
	struct ui_input *in = new_input();
	size_t replies = 0, keys = 0, pos = 0, n = sizeof reply - 1;
	ui_input_expect_reply(in);
	for (size_t k = 0; pos < n; k++) {
		size_t len = 1 + (k < size ? data[k] % 3 : 0);
		if (len > n - pos)
			len = n - pos;
		ui_input_feed(in, (const unsigned char *)reply + pos, len);
		ui_input_timeout(in);
		pos += len;
		keys += drain(in, &replies);
	}
	if (replies != 1 || keys != 0 || ui_input_reply_pending(in))
		abort();
	ui_input_free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	check_split_reply(data, size);
	struct ui_input *in = new_input();
	size_t replies = 0;
	uint8_t flags = data[0];
	if (flags & 1)
		ui_input_expect_reply(in);
	/* the rest in reads of 1..8 bytes, as chosen by the flags' bits */
	unsigned seed = flags;
	for (size_t pos = 1; pos < size;) {
		size_t len = 1 + seed % 8;
		if (len > size - pos)
			len = size - pos;
		ui_input_feed(in, data + pos, len);
		pos += len;
		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 4 == 0)
			ui_input_timeout(in);
		if ((seed >> 16) % 11 == 0)
			ui_input_give_up(in);
		drain(in, &replies);
	}
	ui_input_give_up(in);
	drain(in, &replies);
	/* given up, nothing may still wait */
	if (ui_input_waiting(in) || ui_input_reply_pending(in))
		abort();
	ui_input_free(in);
	return 0;
}
