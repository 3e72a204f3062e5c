/* fuzz_period.c - untrusted text through the readers of the 督办 cycle:
 * a period (luoshi report --period, due --period, export --period; also
 * read back from the database) and the late-levels setting. What is read
 * is written back canonically and reads the same again; a period's first
 * day is not after its last and the next period begins the day after. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/late.h"
#include "luoshi/period.h"
#include "luoshi/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one_period(const char *s)
{
	struct period p, q;
	char text[PERIOD_TEXT_MAX], again[PERIOD_TEXT_MAX], first[11], last[11], f2[11], l2[11];
	if (period_parse(s, &p) != 0)
		return;
	period_format(&p, text);
	if (period_parse(text, &q) != 0)
		abort();
	period_format(&q, again);
	if (strcmp(text, again) != 0 || q.kind != p.kind)
		abort();
	period_bounds(&p, first, last);
	if (strcmp(first, last) > 0 || !period_within(&p, &p))
		abort();
	q = p;
	period_next(&q);
	period_bounds(&q, f2, l2);
	if (date_days_between(last, f2) != 1)
		abort();
}

static void one_levels(const char *s)
{
	struct late_levels l, m;
	char text[64];
	if (late_levels_parse(s, &l) != 0)
		return;
	late_levels_format(&l, text, sizeof text);
	if (late_levels_parse(text, &m) != 0 || m.n != l.n || memcmp(m.from, l.from, sizeof l.from))
		abort();
	for (int i = 1; i < l.n; i++)
		if (l.from[i] <= l.from[i - 1])
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	one_period(text);
	one_levels(text);
	free(text);
	return 0;
}
