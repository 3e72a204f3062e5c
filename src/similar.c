/* similar.c - character pairs and Dice's coefficient (see similar.h). */
#include "config.h"
#include "luoshi/similar.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/utf8.h"
#include "luoshi/util.h"

static int is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Append the pairs of s, none with a character before s. A code point
 * has 21 bits, so a pair is exact in 42. */
static void add_pairs(struct grams *g, size_t *cap, const char *s)
{
	uint32_t prev = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += utf8_decode_fast(s + i, n - i, &c);
		if (is_space(c))
			continue;
		if (prev) {
			if (g->n == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				g->v = xreallocarray(g->v, *cap, sizeof *g->v);
			}
			g->v[g->n++] = (uint64_t)prev << 21 | c;
		}
		prev = c;
	}
}

void grams_of(struct grams *g, const char *a, const char *b)
{
	size_t cap = 0;
	g->v = NULL;
	g->n = 0;
	add_pairs(g, &cap, a ? a : "");
	add_pairs(g, &cap, b ? b : "");
	if (g->n < 2)
		return;
	qsort(g->v, g->n, sizeof *g->v, u64_cmp);
	size_t k = 1;
	for (size_t i = 1; i < g->n; i++)
		if (g->v[i] != g->v[k - 1])
			g->v[k++] = g->v[i];
	g->n = k;
}

int grams_dice(const struct grams *x, const struct grams *y)
{
	if (!x->n || !y->n)
		return 0;
	size_t i = 0, j = 0, both = 0;
	while (i < x->n && j < y->n) {
		if (x->v[i] < y->v[j])
			i++;
		else if (x->v[i] > y->v[j])
			j++;
		else
			both++, i++, j++;
	}
	return (int)(2000 * both / (x->n + y->n));
}

void grams_free(struct grams *g)
{
	free(g->v);
	g->v = NULL;
	g->n = 0;
}
