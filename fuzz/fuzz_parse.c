/* fuzz_parse.c - untrusted text through the structure parser and the task
 * extractor (plain, and per node with who and when as the importer calls
 * it), with the invariants the importer relies on. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/extract.h"
#include "luoshi/parse.h"
#include "luoshi/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s)
{
	if (!s || utf8_check(s, strlen(s)) != (size_t)-1)
		abort();
}

static void check_tasks(const char *text)
{
	struct ptask *t;
	size_t n = extract_tasks(text, &t);
	for (size_t i = 0; i < n; i++) {
		size_t chars = utf8_count(t[i].title, strlen(t[i].title));
		if (!chars || chars > EXTRACT_TITLE_LONGEST || !strstr(text, t[i].text) || t[i].count < 0 ||
		    (unsigned)t[i].recur >= RECUR_COUNT)
			abort();
	}
	ptasks_free(t, n);
}

static int iso_or_empty(const char *d)
{
	return !*d || (strlen(d) == 10 && d[4] == '-' && d[7] == '-');
}

/* The proposals of one node with its document's context: titles short
 * and whole, units and deadlines' words valid text, due dates ISO. */
static void check_proposals(const struct extract_ctx *cx, const struct pnode *nd)
{
	struct ptask *t;
	size_t n = extract_node(cx, nd, &t);
	for (size_t i = 0; i < n; i++) {
		size_t chars = utf8_count(t[i].title, strlen(t[i].title));
		if (!chars || chars > EXTRACT_TITLE_LONGEST || !iso_or_empty(t[i].due))
			abort();
		check_str(t[i].text);
		if (t[i].unit)
			check_str(t[i].unit);
		if (t[i].assist)
			check_str(t[i].assist);
		if (t[i].due_text)
			check_str(t[i].due_text);
	}
	ptasks_free(t, n);
}

static const struct extract_ctx *ctx;

static void check_node(const struct pnode *nd, int level)
{
	check_proposals(ctx, nd);
	if (nd->level != level || (unsigned)nd->kind >= NODE_KIND_COUNT)
		abort();
	check_str(nd->label);
	check_str(nd->heading);
	check_str(nd->body);
	check_tasks(nd->body);
	check_tasks(nd->heading);
	for (size_t i = 0; i < nd->nkids; i++)
		check_node(&nd->kids[i], level + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdoc doc;
	if (parse_document((const char *)data, size, &doc) != LU_OK)
		abort();
	check_str(doc.title);
	const char *opt[] = {doc.issuer, doc.number, doc.date, doc.source, doc.recipients,
			     doc.preamble, doc.closing, doc.note};
	for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++)
		if (opt[i])
			check_str(opt[i]);
	if (doc.date && strlen(doc.date) != 10)
		abort();
	for (size_t i = 0; i < doc.nattachments; i++)
		check_str(doc.attachments[i]);
	struct extract_ctx cx;
	extract_ctx_doc(&cx, &doc);
	ctx = &cx;
	for (size_t i = 0; i < doc.nnodes; i++)
		check_node(&doc.nodes[i], 1);
	extract_ctx_free(&cx);
	if (doc.closing)
		check_tasks(doc.closing);
	pdoc_free(&doc);
	return 0;
}
