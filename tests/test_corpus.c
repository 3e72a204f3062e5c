/* test_corpus.c - real documents as published (tests/corpus/gov-cn, copied
 * from the State Council's web pages; INDEX.tsv has each one's published
 * title, 文号, issuer and address) and our own documents for the forms the
 * corpus lacks (tests/own). Each must give exactly the title, 文号 and
 * issuer of the index (empty: none), and the outline in NAME.outline, which
 * was checked by reading the text: every node's level, kind, label and
 * heading, the closing, the attachments. Our own documents also have their
 * known answers, NAME.tasks: every proposed task's title, unit, assisting
 * units and due date.
 *
 * Every task proposed from the corpus, whole (title, text, units, due date,
 * recurrence), is also kept in tests/corpus/gov-cn/proposals.tsv: not
 * answers checked by reading like NAME.tasks, but what the extractor
 * proposed when it was written, so that work on its speed shows any
 * proposal it changes.
 *
 * LUOSHI_GOLDEN=write rewrites the outlines and proposals.tsv from the
 * parser and extractor (then read the diff before you commit it). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "luoshi/extract.h"
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
	add_field(&b, "copy_no", d->copy_no);
	add_field(&b, "secrecy", d->secrecy);
	add_field(&b, "urgency", d->urgency);
	add_field(&b, "signer", d->signer);
	add_field(&b, "cc", d->cc);
	add_field(&b, "printer", d->printer);
	add_field(&b, "print_date", d->print_date);
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

/* ---- who does what by when ---- */

struct tally {
	int tasks, unit, due, notes, notes_ok, note_tasks, deadlines, deadlines_ok;
	struct sbuf *list; /* title, unit, assist, due of each task, a line each */
	struct sbuf *snap; /* every field of each task, a line each */
	const char *doc;   /* the file name the lines of snap begin with */
};

/* A field of a line of proposals.tsv: tabs and line ends shown as \t, \n. */
static void snap_field(struct sbuf *b, const char *v)
{
	sbuf_addc(b, '\t');
	for (const char *p = v ? v : "-"; *p; p++) {
		if (*p == '\t' || *p == '\n')
			sbuf_adds(b, *p == '\t' ? "\\t" : "\\n");
		else
			sbuf_addc(b, *p);
	}
}

static void snap_task(struct sbuf *b, const char *doc, const struct ptask *t)
{
	sbuf_adds(b, doc);
	snap_field(b, t->title);
	snap_field(b, t->unit);
	snap_field(b, t->assist);
	snap_field(b, t->due[0] ? t->due : NULL);
	snap_field(b, t->due_text);
	snap_field(b, recur_name(t->recur));
	sbuf_addf(b, "\t%d", t->count);
	snap_field(b, t->text);
	sbuf_addc(b, '\n');
}

/* The lead unit a responsibility note names, found without the
 * extractor's machinery: the first name in （A、B负责） （A牵头，B参与）
 * （A指导） （由A负责）, or NULL when the bracket is no such note. */
static char *note_lead(const char *in, size_t n)
{
	static const char *const roles[] = {"负责", "牵头", "指导"};
	int role = 0;
	for (size_t k = 0; k < 3; k++)
		if (memmem(in, n, roles[k], strlen(roles[k])))
			role = 1;
	if (!role || memmem(in, n, "是指", 6) || memmem(in, n, "以下简称", 12))
		return NULL;
	if (n >= 3 && memcmp(in, "由", 3) == 0)
		in += 3, n -= 3;
	size_t e = 0;
	while (e < n && memcmp(in + e, "、", 3) != 0 && memcmp(in + e, "，", 3) != 0 &&
	       memcmp(in + e, "。", 3) != 0 && memcmp(in + e, "负责", 6) != 0 &&
	       memcmp(in + e, "牵头", 6) != 0 && memcmp(in + e, "指导", 6) != 0 &&
	       memcmp(in + e, "按职责", 9) != 0 && memcmp(in + e, "等", 3) != 0)
		e += (unsigned char)in[e] < 0x80 ? 1 : (unsigned char)in[e] < 0xE0 ? 2 : 3;
	return e ? xstrndup(in, e) : NULL;
}

/* The phrase after a number (3月31日前, 1年内), or after nothing that
 * makes it another word (国家扶贫日前后, 五年内免征 stay out). */
static int deadline_word(const char *text, const char *phrase)
{
	static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八",
					       "九", "十", "两"};
	for (const char *p = text; (p = strstr(p, phrase)) != NULL; p++) {
		int after_num = p > text && p[-1] >= '0' && p[-1] <= '9';
		for (size_t k = 0; k < sizeof numerals / sizeof *numerals && p - text >= 3; k++)
			after_num |= memcmp(p - 3, numerals[k], 3) == 0;
		if (strcmp(phrase, "日前") != 0 && strcmp(phrase, "年内") != 0)
			return 1;
		if (after_num && !strstr(p, "免征"))
			return 1;
	}
	return 0;
}

/* Every note in the node's body gives its lead unit to a task of the node,
 * and no task is a note. */
static void check_notes(const struct pnode *pn, const struct ptask *t, size_t nt,
			struct tally *ty)
{
	const char *b = pn->body;
	for (const char *p = b; (p = strstr(p, "（")) != NULL; p += 3) {
		const char *q = strstr(p, "）");
		if (!q)
			break;
		char *lead = note_lead(p + 3, (size_t)(q - p - 3));
		if (!lead)
			continue;
		ty->notes++;
		int given = 0;
		for (size_t i = 0; i < nt; i++)
			given |= t[i].unit && strcmp(t[i].unit, lead) == 0;
		ty->notes_ok += given;
		if (!given)
			printf("#   note （%.*s） gave no task its unit %s\n", (int)(q - p - 3), p + 3,
			       lead);
		free(lead);
	}
	for (size_t i = 0; i < nt; i++) {
		char *lead = strncmp(t[i].text, "（", 3) == 0
				     ? note_lead(t[i].text + 3, strlen(t[i].text) - 6)
				     : NULL;
		if (lead)
			printf("#   a note is a task: %s\n", t[i].text);
		ty->note_tasks += lead != NULL;
		free(lead);
	}
	/* a deadline phrase in a task's sentence gives it a due date */
	static const char *const phrases[] = {"底前", "月底", "日前", "日之前", "上半年", "年内",
					      "下半年", "季度末"};
	for (size_t i = 0; i < nt; i++)
		for (size_t k = 0; k < sizeof phrases / sizeof *phrases; k++)
			if (deadline_word(t[i].text, phrases[k])) {
				ty->deadlines++;
				ty->deadlines_ok += t[i].due[0] != '\0';
				if (!t[i].due[0])
					printf("#   no due date from: %s\n", t[i].text);
				break;
			}
}

static void tally_nodes(const struct extract_ctx *cx, const struct pnode *n, size_t k,
			int principle, struct tally *ty)
{
	for (size_t i = 0; i < k; i++) {
		int pr = principle || extract_principles(n[i].heading);
		struct ptask *t = NULL;
		size_t nt = pr ? 0 : extract_node(cx, &n[i], &t);
		for (size_t j = 0; j < nt; j++) {
			if (ty->list)
				sbuf_addf(ty->list, "%s\t%s\t%s\t%s\n", t[j].title,
					  t[j].unit ? t[j].unit : "-", t[j].assist ? t[j].assist : "-",
					  t[j].due[0] ? t[j].due : "-");
			if (ty->snap)
				snap_task(ty->snap, ty->doc, &t[j]);
			ty->tasks++;
			ty->unit += t[j].unit != NULL;
			ty->due += t[j].due[0] != '\0';
		}
		if (!pr && nt)
			check_notes(&n[i], t, nt, ty);
		ptasks_free(t, nt);
		tally_nodes(cx, n[i].kids, n[i].nkids, pr, ty);
	}
}

static struct tally all;
static struct sbuf proposals = SBUF_INIT; /* of the corpus, for proposals.tsv */

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
	CHECK_STR(d.number, *f[2] ? f[2] : NULL);
	CHECK_STR(d.issuer, *f[3] ? f[3] : NULL);
	struct extract_ctx cx;
	struct tally ty = {0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, f[0]};
	if (strstr(dir, "/own") == NULL)
		ty.snap = &proposals;
	struct sbuf tasks = SBUF_INIT;
	extract_ctx_doc(&cx, &d);
	ty.list = &tasks;
	tally_nodes(&cx, d.nodes, d.nnodes, 0, &ty);
	char *tpath = xasprintf("%s/%.*s.tasks", dir, (int)strcspn(f[0], "."), f[0]);
	size_t tn = 0;
	char *want_tasks = write ? NULL : slurp(tpath, &tn);
	if (write && strstr(dir, "/own")) {
		FILE *o = fopen(tpath, "w");
		CHECK_MSG(o && fputs(tasks.s ? tasks.s : "", o) >= 0 && fclose(o) == 0, tpath);
	}
	if (want_tasks) {
		int same = strcmp(want_tasks, tasks.s ? tasks.s : "") == 0;
		CHECK_MSG(same, tpath);
		if (!same)
			first_difference(want_tasks, tasks.s ? tasks.s : "");
	}
	free(want_tasks);
	free(tpath);
	sbuf_free(&tasks);
	extract_ctx_free(&cx);
	printf("# %s: %d tasks proposed, %d with a unit, %d with a due date; %d notes\n", f[0],
	       ty.tasks, ty.unit, ty.due, ty.notes);
	CHECK_INT(ty.notes_ok, ty.notes);
	CHECK_INT(ty.note_tasks, 0);
	CHECK_INT(ty.deadlines_ok, ty.deadlines);
	all.tasks += ty.tasks, all.unit += ty.unit, all.due += ty.due, all.notes += ty.notes;
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

/* The corpus's proposals, every field, as proposals.tsv has them. */
static void check_proposals(const char *dir, int write)
{
	char *path = xasprintf("%s/proposals.tsv", dir);
	const char *got = proposals.s ? proposals.s : "";
	if (write) {
		FILE *o = fopen(path, "w");
		CHECK_MSG(o && fputs(got, o) >= 0 && fclose(o) == 0, path);
	} else {
		size_t n = 0;
		char *want = slurp(path, &n);
		int same = want && strcmp(want, got) == 0;
		CHECK_MSG(same, path);
		if (!same && want)
			first_difference(want, got);
		free(want);
	}
	free(path);
	sbuf_free(&proposals);
}

/* Every document of one directory's INDEX.tsv; returns how many. */
static size_t check_dir(const char *dir, int write)
{
	char *ipath = xasprintf("%s/INDEX.tsv", dir);
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
	free(index);
	free(ipath);
	return docs;
}

int main(void)
{
	const char *src = getenv("srcdir");
	int write = getenv("LUOSHI_GOLDEN") && strcmp(getenv("LUOSHI_GOLDEN"), "write") == 0;
	/* deadlines without a year are read against today when a document
	 * has no date: pin today (2026-11-29 12:00 UTC) */
	setenv("LUOSHI_NOW", "1795953600", 1);
	setenv("TZ", "UTC", 1);
	char *corpus = xasprintf("%s/tests/corpus/gov-cn", src ? src : ".");
	char *own = xasprintf("%s/tests/own", src ? src : ".");
	CHECK_INT(check_dir(corpus, write), 44);
	check_proposals(corpus, write);
	printf("# corpus: %d tasks proposed, %d with a unit, %d with a due date; %d notes\n",
	       all.tasks, all.unit, all.due, all.notes);
	memset(&all, 0, sizeof all);
	CHECK_INT(check_dir(own, write), 8);
	printf("# own documents: %d tasks proposed, %d with a unit, %d with a due date; %d notes\n",
	       all.tasks, all.unit, all.due, all.notes);
	free(corpus);
	free(own);
	return check_done();
}
