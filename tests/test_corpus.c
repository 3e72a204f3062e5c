/* test_corpus.c - real documents as published (tests/corpus/gov-cn, copied
 * from the State Council's web pages; INDEX.tsv has each one's published
 * title, 文号, issuer and address). Each must give exactly the title,
 * 文号 and issuer of the index, and the outline in docNN.outline, which was
 * checked by reading the text: every node's level, kind, label and
 * heading, the closing, the attachments.
 *
 * LUOSHI_GOLDEN=write rewrites the outlines from the parser (then read
 * the diff before you commit it). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "luoshi/parse.h"
#include "luoshi/util.h"

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct sbuf b = SBUF_INIT;
	char buf[65536];
	size_t k;
	if (!f)
		return NULL;
	while ((k = fread(buf, 1, sizeof buf, f)) > 0)
		sbuf_add(&b, buf, k);
	fclose(f);
	*n = b.len;
	return sbuf_detach(&b);
}

/* The first and last characters of a long text. */
static void add_ends(struct sbuf *b, const char *s)
{
	size_t n = strlen(s), chars = 0;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	if (chars <= 40) {
		sbuf_adds(b, s);
		return;
	}
	size_t head = 0, k = 0;
	while (head < n && k < 24)
		head++, k += (head >= n || ((unsigned char)s[head] & 0xC0) != 0x80);
	size_t tail = n;
	k = 0;
	while (tail > 0 && k < 12) {
		tail--;
		k += ((unsigned char)s[tail] & 0xC0) != 0x80;
	}
	sbuf_add(b, s, head);
	sbuf_adds(b, " … ");
	sbuf_adds(b, s + tail);
}

static void add_field(struct sbuf *b, const char *name, const char *v)
{
	if (!v)
		return;
	sbuf_addf(b, "%s: ", name);
	for (const char *p = v; *p; p++)
		sbuf_addc(b, *p == '\n' ? ' ' : *p);
	sbuf_addc(b, '\n');
}

static void dump_nodes(struct sbuf *b, const struct pnode *n, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		for (int l = 1; l < n[i].level; l++)
			sbuf_adds(b, "  ");
		sbuf_addf(b, "%s %s %s", node_kind_name(n[i].kind), *n[i].label ? n[i].label : "-",
			  n[i].heading);
		if (n[i].kind == NODE_TABLE) {
			size_t rows = 1;
			for (const char *p = n[i].body; *p; p++)
				rows += *p == '\n';
			sbuf_addf(b, " [%zu rows]", rows);
		}
		sbuf_addc(b, '\n');
		dump_nodes(b, n[i].kids, n[i].nkids);
	}
}

/* The outline of a document as the golden files hold it. */
static char *outline(const struct pdoc *d)
{
	struct sbuf b = SBUF_INIT;
	add_field(&b, "title", d->title);
	add_field(&b, "number", d->number);
	add_field(&b, "issuer", d->issuer);
	add_field(&b, "date", d->date);
	add_field(&b, "recipients", d->recipients);
	add_field(&b, "wrapped", d->wrapped);
	add_field(&b, "note", d->note);
	if (d->preamble) {
		struct sbuf p = SBUF_INIT;
		add_ends(&p, d->preamble);
		add_field(&b, "preamble", p.s);
		sbuf_free(&p);
	}
	dump_nodes(&b, d->nodes, d->nnodes);
	if (d->closing) {
		struct sbuf c = SBUF_INIT;
		add_ends(&c, d->closing);
		add_field(&b, "closing", c.s);
		sbuf_free(&c);
	}
	for (size_t i = 0; i < d->nattachments; i++)
		add_field(&b, "attachment", d->attachments[i]);
	return sbuf_detach(&b);
}

/* Report the first line where two outlines differ. */
static void first_difference(const char *want, const char *got)
{
	int line = 1;
	for (;;) {
		size_t wn = strcspn(want, "\n"), gn = strcspn(got, "\n");
		if (wn != gn || memcmp(want, got, wn) != 0 || !want[wn] || !got[gn]) {
			printf("#   first difference at line %d\n#   want: %.*s\n#   got:  %.*s\n", line,
			       (int)wn, want, (int)gn, got);
			return;
		}
		want += wn + 1, got += gn + 1, line++;
	}
}

static void check_doc(const char *dir, char **f, int write)
{
	char *path = xasprintf("%s/%s", dir, f[0]);
	size_t n = 0;
	char *text = slurp(path, &n);
	printf("# %s\n", f[0]);
	CHECK_MSG(text != NULL, path);
	if (!text) {
		free(path);
		return;
	}
	struct pdoc d;
	CHECK(parse_document(text, n, &d) == LU_OK);
	CHECK_STR(d.title, f[1]);
	CHECK_STR(d.number, f[2]);
	CHECK_STR(d.issuer, f[3]);
	char *got = outline(&d);
	char *gpath = xasprintf("%s/%.*s.outline", dir, (int)strcspn(f[0], "."), f[0]);
	if (write) {
		FILE *o = fopen(gpath, "w");
		CHECK_MSG(o && fputs(got, o) >= 0 && fclose(o) == 0, gpath);
	} else {
		size_t gn = 0;
		char *want = slurp(gpath, &gn);
		int same = want && strcmp(want, got) == 0;
		CHECK_MSG(same, gpath);
		if (!same && want)
			first_difference(want, got);
		free(want);
	}
	free(got);
	free(gpath);
	pdoc_free(&d);
	free(text);
	free(path);
}

int main(void)
{
	const char *src = getenv("srcdir");
	char *dir = xasprintf("%s/tests/corpus/gov-cn", src ? src : ".");
	char *ipath = xasprintf("%s/INDEX.tsv", dir);
	int write = getenv("LUOSHI_GOLDEN") && strcmp(getenv("LUOSHI_GOLDEN"), "write") == 0;
	size_t n = 0, docs = 0;
	char *index = slurp(ipath, &n);
	CHECK_MSG(index != NULL, ipath);
	for (char *line = index ? strchr(index, '\n') : NULL; line && *++line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		char *f[5] = {0};
		char *p = line;
		for (int k = 0; k < 5 && p; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (f[3]) {
			check_doc(dir, f, write);
			docs++;
		}
		if (!end)
			break;
		line = end;
	}
	CHECK_INT(docs, 44);
	free(index);
	free(ipath);
	free(dir);
	return check_done();
}
