/* similar.h - how alike two texts are, by the pairs of neighbouring
 * characters they share: what --replace asks of a measure that was both
 * edited and renumbered, where neither its label nor its text is the same
 * any more. */
#ifndef LUOSHI_SIMILAR_H
#define LUOSHI_SIMILAR_H

#include <stddef.h>
#include <stdint.h>

/* The distinct character pairs of a text, sorted. White space is not a
 * character here: a line broken elsewhere is the same text. */
struct grams {
	uint64_t *v;
	size_t n;
};

/* The pairs of a and b read as one text (either may be NULL), b after a
 * with a break between them, so no pair spans the two. */
void grams_of(struct grams *g, const char *a, const char *b);

/* Dice's coefficient of the two sets in thousandths: 2|x ∩ y| / (|x| + |y|),
 * 1000 for the same pairs, 0 when either text has none. */
int grams_dice(const struct grams *x, const struct grams *y);

void grams_free(struct grams *g);

#endif
