/* test_extract.c - tasks proposed from the seed's measures, sentence
 * splitting, titles, recurrence and count words. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "extract_impl.h"
#include "luoshi/extract.h"
#include "luoshi/parse.h"
#include "luoshi/seed.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

static size_t chars(const char *s)
{
	return utf8_count(s, strlen(s));
}

static int ends(const char *s, const char *p)
{
	size_t n = strlen(s), k = strlen(p);
	return n >= k && strcmp(s + n - k, p) == 0;
}

/* A sentence ends with 。！？； (or ; ! ?), maybe followed by ” ） 」. */
static int ends_sentence(const char *s)
{
	static const char *const closers[] = {"”", "）", "」", "’"};
	static const char *const stops[] = {"。", "！", "？", "；", ";", "!", "?"};
	char *t = xstrdup(s);
	int again = 1;
	while (again) {
		again = 0;
		for (size_t k = 0; k < ARRAY_SIZE(closers); k++)
			if (ends(t, closers[k])) {
				t[strlen(t) - strlen(closers[k])] = '\0';
				again = 1;
			}
	}
	int ok = 0;
	for (size_t k = 0; k < ARRAY_SIZE(stops); k++)
		ok |= ends(t, stops[k]);
	free(t);
	return ok;
}

/* Every task: non-empty title within the limit, taken from its text; a
 * text that is a whole sentence of the body. */
static int tasks_ok(const char *body, const struct ptask *t, size_t n, int need_end)
{
	for (size_t i = 0; i < n; i++) {
		if (!*t[i].title || chars(t[i].title) > EXTRACT_TITLE_LONGEST)
			return 0;
		if (!strstr(t[i].text, t[i].title) || !strstr(body, t[i].text))
			return 0;
		if (utf8_check(t[i].title, strlen(t[i].title)) != (size_t)-1)
			return 0;
		if (need_end && !ends_sentence(t[i].text))
			return 0;
		if (t[i].count < 0)
			return 0;
	}
	return 1;
}

static const struct ptask *find_task(const struct ptask *t, size_t n, const char *needle)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(t[i].text, needle))
			return &t[i];
	return NULL;
}

/* ---- the seed ---- */

static void check_measure2(const struct pnode *m)
{
	struct ptask *t;
	size_t n = extract_tasks(m->body, &t);
	const struct ptask *dushu = find_task(t, n, "读书班");
	const struct ptask *dangke = find_task(t, n, "专题党课");
	CHECK(dushu != NULL && dangke != NULL && dushu != dangke);
	if (dushu) {
		CHECK_INT(dushu->recur, RECUR_YEARLY);
		CHECK_INT(dushu->count, 0);
		CHECK_STR(dushu->title, "建立领导班子读书班制度");
		CHECK(strstr(dushu->text, "每年举办") != NULL);
	}
	if (dangke) {
		CHECK_INT(dangke->recur, RECUR_YEARLY);
		CHECK_INT(dangke->count, 1);
		CHECK_STR(dangke->title, "健全专题党课制度");
	}
	/* 经常性 alone: a standing duty. */
	const struct ptask *jc = find_task(t, n, "经常性学习教育");
	CHECK(jc != NULL && jc->recur == RECUR_ONGOING);
	ptasks_free(t, n);
}

static void check_measure7(const struct pnode *m)
{
	struct ptask *t;
	size_t n = extract_tasks(m->body, &t);
	const struct ptask *anli = find_task(t, n, "至少确定1个正面和1个反面案例");
	CHECK(anli != NULL);
	if (anli) {
		CHECK_INT(anli->recur, RECUR_YEARLY);
		CHECK_INT(anli->count, 1);
		CHECK_STR(anli->title, "推行典型案例解剖式调研");
	}
	/* Sentences of this measure without period words have none. */
	const struct ptask *first = n ? &t[0] : NULL;
	CHECK(first && first->recur == RECUR_NONE && first->count == 0);
	ptasks_free(t, n);
}

static void test_seed(void)
{
	size_t len, total = 0;
	const unsigned char *b = seed_bytes(&len);
	struct pdoc d;
	CHECK(parse_document((const char *)b, len, &d) == LU_OK);
	CHECK_INT(d.nnodes, 5); /* the closing is the fifth */
	const struct pnode *m[16] = {NULL};
	int k = 1;
	for (size_t s = 0; s < d.nnodes; s++)
		for (size_t i = 0; i < d.nodes[s].nkids && k < 16; i++)
			m[k++] = &d.nodes[s].kids[i];
	CHECK_INT(k, 16);
	for (int i = 1; i < k; i++) {
		struct ptask *t;
		size_t n = extract_tasks(m[i]->body, &t);
		char what[64];
		snprintf(what, sizeof what, "measure %d: %zu tasks, all well-formed", i, n);
		CHECK_MSG(n >= 1 && tasks_ok(m[i]->body, t, n, 1), what);
		total += n;
		ptasks_free(t, n);
	}
	CHECK(total >= 30);
	if (k == 16) {
		check_measure2(m[2]);
		check_measure7(m[7]);
		struct ptask *t;
		size_t n = extract_tasks(m[1]->body, &t);
		CHECK_INT(n, 2);
		if (n == 2) /* a long leading clause is cut after a closing bracket */
			CHECK_STR(t[0].title, "各级党委（党组）召开常委会会议（党组会议）");
		ptasks_free(t, n);
		n = extract_tasks(m[3]->body, &t);
		const struct ptask *ls = find_task(t, n, "常态化长效化开展党史学习教育");
		CHECK(ls != NULL && ls->recur == RECUR_ONGOING);
		ptasks_free(t, n);
		n = extract_tasks(m[10]->body, &t);
		const struct ptask *dq = find_task(t, n, "定期公开通报");
		CHECK(dq != NULL && dq->recur == RECUR_PERIODIC);
		ptasks_free(t, n);
	}
	/* A section's statement of purpose asks for nothing. */
	struct ptask *t;
	size_t n = extract_tasks(d.nodes[0].body, &t);
	CHECK_INT(n, 0);
	ptasks_free(t, n);
	pdoc_free(&d);
}

/* ---- sentences and titles ---- */

static void test_sentences(void)
{
	struct ptask *t;
	size_t n = extract_tasks("各地要落实“三会一课”制度。领导强调：“要抓好落实。”各单位要认真执行；"
				 "各部门（含直属单位。）要配合。这是一个重要的时期。这是适应新形势的需要。",
				 &t);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(t[0].text, "各地要落实“三会一课”制度。");
		CHECK_STR(t[1].text, "领导强调：“要抓好落实。”");
		CHECK_STR(t[1].title, "领导强调");
		CHECK_STR(t[2].text, "各单位要认真执行；");
		CHECK_STR(t[3].text, "各部门（含直属单位。）要配合。");
	}
	ptasks_free(t, n);

	/* Paragraph breaks end sentences too; blanks around are trimmed. */
	n = extract_tasks("　要加强领导\n  要落实责任  \n\n", &t);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(t[0].text, "要加强领导");
		CHECK_STR(t[1].title, "落实责任"); /* the bare modal goes */
	}
	ptasks_free(t, n);

	/* Titles skip a purpose clause, a bare linking word and the doers. */
	n = extract_tasks("为加强基层治理，各单位要建立台账，每月更新。同时，要健全考核机制。", &t);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(t[0].title, "建立台账");
		CHECK_INT(t[0].recur, RECUR_MONTHLY);
		CHECK_STR(t[1].title, "健全考核机制");
	}
	ptasks_free(t, n);

	/* A time clause (…完成后，) and, after a bare modal, a condition (要根据不同
	 * 情形，) are no title; a case of a list of 情形 (…弄虚作假的；) is no
	 * task */
	n = extract_tasks("阶段性任务完成后，应当及时报送完成情况。"
			  "法制审核机构完成审核后，要根据不同情形，提出书面审核意见。"
			  "（二）报送情况弄虚作假的；", &t);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(t[0].title, "及时报送完成情况");
		CHECK_STR(t[1].title, "提出书面审核意见");
	}
	ptasks_free(t, n);

	/* Why the document was made (制定本办法) is no task; 制定本单位的… is. */
	n = extract_tasks("为规范管理，根据有关规定，制定本办法。各单位要制定本单位的实施细则。"
			  "依据条例，制定本实施方案。",
			  &t);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(t[0].title, "制定本单位的实施细则");
		CHECK_STR(t[1].title, "制定本实施方案");
	}
	ptasks_free(t, n);

	/* A long clause is cut at a natural place, never inside quotes. */
	n = extract_tasks("推动“两学一做”学习教育常态化制度化和“不忘初心、牢记使命”主题教育成果转化运用。", &t);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK(chars(t[0].title) <= EXTRACT_TITLE_MAX && chars(t[0].title) >= 12);
		CHECK_STR(t[0].title, "推动“两学一做”学习教育常态化制度化");
	}
	ptasks_free(t, n);
	n = extract_tasks("加强党员干部政治教育和政治训练建立健全长效机制推动工作落实落地见到实效。", &t);
	CHECK_INT(n, 1);
	if (n == 1) /* before a conjunction */
		CHECK_STR(t[0].title, "加强党员干部政治教育");
	ptasks_free(t, n);
	n = extract_tasks("加强党员干部政治教育培训推动工作落实落地见到实效确保取得成效持续巩固提升。", &t);
	CHECK_INT(n, 1);
	if (n == 1) /* no natural place: cut at the limit */
		CHECK_STR(t[0].title, "加强党员干部政治教育培训推动工作落实落地见到实效");
	ptasks_free(t, n);
	/* but a phrase that ends within a quarter more stays whole, not cut
	 * in a word (…移交当地教育|行政部门: the tryout) */
	n = extract_tasks("已建成的小区配套幼儿园应按照规定及时移交当地教育行政部门。", &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(t[0].title, "已建成的小区配套幼儿园应按照规定及时移交当地教育行政部门");
	ptasks_free(t, n);

	/* Enumerated lines keep their text; the title drops the number. */
	n = extract_tasks("（一）坚决维护党中央权威；\n（二）严格依法行政。\n1.加强督导。", &t);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(t[0].title, "坚决维护党中央权威");
		CHECK_STR(t[0].text, "（一）坚决维护党中央权威；");
		CHECK_STR(t[2].title, "加强督导");
	}
	ptasks_free(t, n);
}

/* A sentence that only dates the work before it (该项工作于…完成, 以上工作
 *要在…完成) gives its date to that work and is no task of its own. */
/* The tasks of a measure with body, with their units and dates. */
/* The proposals of the measure shape in a document dated date. */
static size_t node_tasks(const char *date, const struct pnode *shape, struct ptask **out)
{
	struct extract_ctx cx;
	extract_ctx_init(&cx, date);
	size_t n = extract_node(&cx, shape, out);
	extract_ctx_free(&cx);
	return n;
}

static size_t measure_tasks(const char *body, struct ptask **out)
{
	struct pnode pn = {.kind = NODE_ITEM, .level = 2, .label = (char *)"1.",
			   .heading = (char *)"", .body = (char *)body};
	return node_tasks("2019-01-10", &pn, out);
}

static void test_dates_before(void)
{
	struct ptask *t;
	size_t n = measure_tasks("各地要全面摸底排查，建立台账。该项工作于2019年4月底前完成。", &t);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(t[0].due, "2019-04-30");
		CHECK_STR(t[0].due_text, "2019年4月底前");
	}
	ptasks_free(t, n);
	/* 以上: every task before without a date of its own */
	n = measure_tasks("各单位要制定实施办法，2019年1月底前印发。要修订管理制度。"
			  "以上工作要在2019年2月底前完成。",
			  &t);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(t[0].due, "2019-01-31");
		CHECK_STR(t[1].due, "2019-02-28");
	}
	ptasks_free(t, n);
	/* 该项: the last one only */
	n = measure_tasks("要制定实施办法。要修订管理制度。此项工作于2019年4月底前完成。", &t);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(t[0].due, "");
		CHECK_STR(t[1].due, "2019-04-30");
	}
	ptasks_free(t, n);
	/* nothing before it to date: it stays a task with its date */
	n = measure_tasks("以上工作要在2019年2月底前完成。", &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(t[0].due, "2019-02-28");
	ptasks_free(t, n);
	/* one that names a doer is read as before */
	n = measure_tasks("要制定实施办法。上述工作由财政部负责，2019年2月底前完成。", &t);
	CHECK_INT(n, 2);
	ptasks_free(t, n);
	/* only a sentence that says when the work is done dates it: not a
	 * report asked of it, a doer's part, a start and an end, a payment
	 * (the review's cases) */
	static const char *const not_dating[] = {
		"以上工作进展情况请于2024年6月底前报送市政府督查室。",
		"上述工作由各区政府于2024年9月底前配合完成。",
		"这项工作要在2024年5月底前启动，2024年12月底前全部完成。",
		"该项工作经费于2024年3月底前拨付到位。",
	};
	for (size_t i = 0; i < ARRAY_SIZE(not_dating); i++) {
		char *body = xasprintf("各区要开展专项培训。%s", not_dating[i]);
		n = measure_tasks(body, &t);
		CHECK_MSG(n >= 1 && !t[0].due[0], not_dating[i]);
		ptasks_free(t, n);
		free(body);
	}
	/* a case with the date by which it is to be finished is a task,
	 * named by the case (its verb, 完成, is in no list) */
	n = measure_tasks("对于已经建成、需要办理移交手续的，原则上于2019年6月底前完成；"
			  "对于需要回收、置换的，原则上于2019年9月底前完成。",
			  &t);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(t[0].title, "对于已经建成、需要办理移交手续的");
		CHECK_STR(t[0].due, "2019-06-30");
		CHECK_STR(t[1].title, "对于需要回收、置换的");
		CHECK_STR(t[1].due, "2019-09-30");
	}
	ptasks_free(t, n);
	/* finished already, or no date: no task */
	n = measure_tasks("各地已于2018年6月底前完成摸底。各省已经在2018年底前完成试点。"
			  "这项改革正在完成之中。",
			  &t);
	CHECK_INT(n, 0);
	ptasks_free(t, n);
	/* without a date it says nothing of the work before */
	n = measure_tasks("要制定实施办法。以上工作要抓紧推进，务求实效。", &t);
	CHECK_INT(n, 2);
	if (n == 2)
		CHECK_STR(t[0].due, "");
	ptasks_free(t, n);
}

static void test_garbage(void)
{
	struct ptask *t = (struct ptask *)1;
	CHECK_INT(extract_tasks(NULL, &t), 0);
	ptasks_free(t, 0);
	CHECK_INT(extract_tasks("", &t), 0);
	ptasks_free(t, 0);
	CHECK_INT(extract_tasks("。。。；；！！\n\n”“（（", &t), 0);
	ptasks_free(t, 0);

	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < 50000; i++)
		sbuf_adds(&b, "要加强“领导（");
	size_t n = extract_tasks(b.s, &t);
	CHECK_INT(n, 1);
	CHECK(n == 1 && tasks_ok(b.s, t, n, 0));
	ptasks_free(t, n);
	sbuf_free(&b);
	static const char bad[] = "要加强\xff\xfe领导\x1b，\xe4\xb8。应当落实\x80";
	n = extract_tasks(bad, &t);
	CHECK_INT(n, 2);
	for (size_t i = 0; i < n; i++)
		CHECK(*t[i].title && chars(t[i].title) <= EXTRACT_TITLE_LONGEST);
	ptasks_free(t, n);
}

/* ---- recurrence and counts ---- */

static void test_recur(void)
{
	static const struct {
		const char *s;
		enum recur r;
		int count;
	} cases[] = {
		{"每年召开一次总结会。", RECUR_YEARLY, 0},
		{"纳入年度考核。", RECUR_YEARLY, 0},
		{"每半年报告一次。", RECUR_HALFYEARLY, 0},
		{"每季度通报进展。", RECUR_QUARTERLY, 0},
		{"每月调度一次。", RECUR_MONTHLY, 0},
		{"每周至少3次巡查。", RECUR_WEEKLY, 3},
		{"定期开展督查。", RECUR_PERIODIC, 0},
		{"常态化开展整治。", RECUR_ONGOING, 0},
		{"抓实经常性教育。", RECUR_ONGOING, 0},
		{"建立长效机制。", RECUR_ONGOING, 0},
		{"常态化开展，每年至少两次。", RECUR_YEARLY, 2},
		{"每年开展，形成常态化长效机制。", RECUR_YEARLY, 0},
		{"定期通报，建立长效机制。", RECUR_PERIODIC, 0},
		{"每季度检查，每年总结。", RECUR_QUARTERLY, 0},
		{"至少讲１次专题党课。", RECUR_NONE, 1},
		{"至少确定十二个试点。", RECUR_NONE, 12},
		{"不少于5个案例。", RECUR_NONE, 5},
		{"至少二十三次。", RECUR_NONE, 23},
		{"至少要坚持。", RECUR_NONE, 0},
		{"至少在年底前完成。", RECUR_NONE, 0},
		{"加强领导。", RECUR_NONE, 0},
		/* the first place that names a period decides, whichever word;
		 * 年度 only describes a thing (a 年度考核 of monthly work): a
		 * period named with 每 anywhere wins over it */
		{"每月调度，年度考核。", RECUR_MONTHLY, 0},
		{"年度考核，每月调度。", RECUR_MONTHLY, 0},
		{"纳入年度督查计划，每半年开展一次专项督查。", RECUR_HALFYEARLY, 0},
		{"纳入年度督查计划，定期开展专项督查。", RECUR_YEARLY, 0},
		{"编制年度工作计划。", RECUR_YEARLY, 0},
		{"2018年度报告每月更新。", RECUR_MONTHLY, 0},
		{"每两年评估一次，每年报告。", RECUR_BIENNIAL, 0},
		{"每隔3年开展，每季度调度。", RECUR_TRIENNIAL, 0},
		{"上年度总结，每年度报告两次。", RECUR_HALFYEARLY, 0},
		{"每人每年至少两次。", RECUR_YEARLY, 2},
		{"每项每周检查。", RECUR_WEEKLY, 0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int count = -1;
		enum recur r = extract_recur(cases[i].s, &count);
		char what[160];
		snprintf(what, sizeof what, "recur(%s) = %d count %d", cases[i].s, (int)cases[i].r,
			 cases[i].count);
		CHECK_MSG(r == cases[i].r && count == cases[i].count, what);
	}
	int count = 7;
	CHECK_INT(extract_recur(NULL, &count), RECUR_NONE);
	CHECK_INT(count, 0);
	CHECK_INT(extract_recur("每月", NULL), RECUR_MONTHLY);
}

static void test_names(void)
{
	for (int r = 1; r < RECUR_COUNT; r++) {
		CHECK(recur_name(r) != NULL && recur_name_zh(r) != NULL);
		CHECK_INT(recur_parse(recur_name(r)), r);
		CHECK_INT(recur_parse(recur_name_zh(r)), r);
	}
	CHECK_STR(recur_name(RECUR_YEARLY), "yearly");
	CHECK_STR(recur_name_zh(RECUR_ONGOING), "常态化");
	CHECK(recur_name(RECUR_NONE) == NULL && recur_name_zh(RECUR_NONE) == NULL);
	CHECK(recur_name(RECUR_COUNT) == NULL);
	CHECK_INT(recur_parse("none"), RECUR_NONE);
	CHECK_INT(recur_parse(""), RECUR_NONE);
	CHECK_INT(recur_parse("年度"), RECUR_YEARLY);
	CHECK_INT(recur_parse("fortnightly"), -1);
	CHECK_INT(recur_parse(NULL), -1);
}


/* ---- the extractor's searches against the plain ones they replace ---- */

static int naive_word_at(const char *const *w, size_t nw, const char *s, size_t n)
{
	for (size_t k = 0; k < nw; k++)
		if (strlen(w[k]) <= n && memcmp(s, w[k], strlen(w[k])) == 0)
			return (int)k;
	return -1;
}

static int naive_word_end(const char *const *w, size_t nw, const char *s, size_t n)
{
	for (size_t k = 0; k < nw; k++)
		if (strlen(w[k]) <= n && memcmp(s + n - strlen(w[k]), w[k], strlen(w[k])) == 0)
			return (int)k;
	return -1;
}

static int naive_word_is(const char *const *w, size_t nw, const char *s, size_t n)
{
	for (size_t k = 0; k < nw; k++)
		if (strlen(w[k]) == n && memcmp(s, w[k], n) == 0)
			return (int)k;
	return -1;
}

/* xt_search is memmem and the word lists answer as a loop over the words
 * does, at every byte of the sample document with broken UTF-8 mixed in,
 * for needles cut from the text itself (so most are found) and prefixes
 * of one another (so the list order decides). */
static void test_search(void)
{
	static const char *const words[] = {"要求", "要", "建立健全", "建立", "各地", "地", "a",
					    "部", "负责", "门", "部门"};
	static struct xt_words ws = XT_WORDS(words);
	size_t len;
	const char *seed = (const char *)seed_bytes(&len);
	size_t n = len < 6000 ? len : 6000;
	char *h = xmalloc(n);
	memcpy(h, seed, n);
	for (size_t i = 97; i < n; i += 389)
		h[i] = (char)(0x80 + i % 64); /* a stray byte now and then */
	int search = 1, at = 1, end = 1, is = 1, any = 1, hits = 0;
	unsigned x = 1;
	for (int t = 0; t < 3000; t++) {
		x = x * 1103515245u + 12345u;
		size_t from = (x >> 8) % n, k = 1 + (x >> 20) % 12, off = (x >> 4) % 200;
		if (from + k > n)
			continue;
		size_t b = off < n ? off : 0, e = b + 400 < n ? b + 400 : n;
		search &= xt_search(h + b, e - b, h + from, k) == memmem(h + b, e - b, h + from, k);
	}
	for (size_t i = 0; i < n; i++) {
		size_t rest = n - i < 40 ? n - i : 40;
		at &= xt_word_at(&ws, h + i, n - i) == naive_word_at(words, ARRAY_SIZE(words), h + i, n - i);
		end &= xt_word_end(&ws, h + i, rest) == naive_word_end(words, ARRAY_SIZE(words), h + i, rest);
		for (size_t k = 0; k <= 12 && k <= n - i; k++) {
			int want = naive_word_is(words, ARRAY_SIZE(words), h + i, k);
			is &= xt_word_is(&ws, h + i, k) == want;
			hits += want >= 0;
		}
		int found = 0;
		for (size_t k = 0; k < ARRAY_SIZE(words); k++)
			found |= memmem(h + i, rest, words[k], strlen(words[k])) != NULL;
		any &= xt_any_word(&ws, h + i, rest) == found;
	}
	CHECK(search);
	CHECK(at);
	CHECK(end);
	CHECK(is);
	CHECK(hits > 0); /* the text holds some of the words whole */
	CHECK(any);
	CHECK(xt_search("", 0, "每", 3) == NULL);
	CHECK_INT(xt_word_is(&ws, "部门", 6), 10);
	CHECK_INT(xt_word_end(&ws, "各部门", 9), 9); /* 门 before 部门 in the list */
	CHECK_INT(xt_word_is(&ws, "部门", 3), 7);
	CHECK_INT(xt_word_is(&ws, "", 0), -1);
	CHECK(xt_search("每年每", 9, "每", 3) != NULL && xt_search("年每", 6, "每", 3) != NULL);
	free(h);
}

/* deadline_may_start never says no where deadline_find finds a phrase
 * at the very start: tried at every character of deadline phrases (and
 * of the sample document), with every length up to 60 bytes. */
static void test_deadline_start(void)
{
	static const char phrases[] =
		"在2019年12月底前完成。年内完成。六月底前报送，每年3月底前报告，每月10日前上报。"
		"到2020年，力争达到。上半年开展，第二季度完成，明年上半年，今年年底前，本年内。"
		"1年内完成，2—3年内调整到位。二〇二〇年十二月三十一日前，十月底前，３月底前。"
		"自2019年1月1日起施行，2018年12月30日至2019年1月1日。"
		"3个月内完成，印发之日起30日内，制定办法，15个工作日内报送，9月30日前，明年6月底前。";
	struct deadline_ref ref = {2019, 1, 22};
	size_t len;
	const char *seed = (const char *)seed_bytes(&len);
	int ok = 1, hits = 0;
	for (int pass = 0; pass < 2; pass++) {
		const char *s = pass ? seed : phrases;
		size_t n = pass ? (len < 8000 ? len : 8000) : strlen(phrases);
		for (size_t i = 0; i < n; i++) {
			if (((unsigned char)s[i] & 0xC0) == 0x80)
				continue;
			for (size_t k = 1; k <= 60 && i + k <= n; k++) {
				struct deadline d;
				if (deadline_find(s + i, k, &ref, &d) == DL_NONE || d.b != 0)
					continue;
				hits++;
				ok &= deadline_may_start(s + i, k);
			}
		}
	}
	CHECK(ok);
	CHECK(hits > 100);
	CHECK(!deadline_may_start("加强领导", strlen("加强领导")));
	CHECK(!deadline_may_start("", 0));
}

/* A phrase whose 年, 月 or 季 comes characters after its start is still
 * found where it starts (deadline_find skips what is far from them). */
static void test_deadline_reach(void)
{
	static const struct {
		const char *s, *iso;
		size_t b, e;
	} cases[] = {
		{"力争在十九—二十年内完成改造", "2039-01-22", 9, 30},
		{"加强管理，十二月底前完成", "2019-12-31", 15, 30},
		{"各地于第二季度末前完成", "2019-06-30", 9, 27},
		{"各地要在二十一月底前", "2019-01-31", 18, 30}, /* 二十 is no month: 一月 */
		/* yearless days, next year's months, counts of months and days
		 * from the document's date (2019-01-22) */
		{"各市要于9月30日前完成", "2019-09-30", 12, 24},
		{"各市要于明年6月底前完成", "2020-06-30", 12, 28},
		{"要在3个月内完成排查", "2019-04-22", 6, 16},
		{"要在本意见印发之日起30日内，制定出台办法", "2019-02-21", 30, 38},
		{"要在15个工作日内报送", "2019-02-12", 6, 23},
		/* a count from each event or period is a standing rule, one
		 * back is no deadline; 3日内蒙古 is a day */
		{"要在执法决定作出之日起20个工作日内，向社会公布", "", 0, 0},
		{"每月10日内报送上月统计数据", "", 0, 0},
		{"每季度结束后15日内报送季度分析报告", "", 0, 0},
		{"项目建成投产后3个月内完成竣工验收", "", 0, 0},
		{"对近3个月内完成验收的项目开展质量抽查", "", 0, 0},
		{"接到群众举报后，要在7日内完成核查", "", 0, 0},
		{"自收到企业提交的全部材料之日起15个工作日内办结", "", 0, 0},
		{"本通知印发后，各地要在30日内完成自查", "2019-02-21", 33, 41},
		{"收到本通知后，各地要在30日内完成自查", "2019-02-21", 33, 41},
		{"今后3个月内完成排查", "2019-04-22", 6, 16},
		{"会同有关部门起草办法，6个月内完成", "2019-07-22", 33, 43},
		{"确保每个村都有服务站，各区要在3个月内完成建设", "2019-04-22", 45, 55},
		/* each case, or another's issue, is no date from the document */
		{"要在受理申请20个工作日内办结", "", 0, 0},
		{"各区要于次月10日内报送上月数据", "", 0, 0},
		{"各区发现问题7日内完成整改", "", 0, 0},
		{"企业提出申请的，市财政局要在15个工作日内办结", "", 0, 0},
		{"各区要在事故发生7日内上报调查报告", "", 0, 0},
		{"在国家标准发布后6个月内完成", "", 0, 0},
		{"在省相关办法印发后30日内制定", "", 0, 0},
		{"对过去3个月内完成验收的项目开展抽查", "", 0, 0},
		{"2月3日内蒙古包头发生地震", "", 0, 0},
		{"加强领导，做好工作", "", 0, 0},
	};
	struct deadline_ref ref = {2019, 1, 22};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct deadline d;
		enum deadline_kind k = deadline_find(cases[i].s, strlen(cases[i].s), &ref, &d);
		CHECK_INT(k, *cases[i].iso ? DL_DATE : DL_NONE);
		CHECK_STR(d.iso, cases[i].iso);
		CHECK_INT(d.b, cases[i].b);
		CHECK_INT(d.e, cases[i].e);
	}
}

/* Sections of principles and goals are known by a word of their heading,
 * found anywhere in it, in a heading of at most 20 characters. */
static void test_principles(void)
{
	CHECK(extract_principles("指导思想"));
	CHECK(extract_principles("（二）面临的形势和任务"));
	CHECK(extract_principles("一、总体要求"));
	CHECK(!extract_principles("加强组织领导"));
	CHECK(!extract_principles("关于进一步完善指导思想宣传教育工作机制的若干具体措施和要求"));
	CHECK(!extract_principles(""));
	CHECK(!extract_principles(NULL));
}

/* A title's doers found from the sentence's (head) are the ones it would
 * find alone: every clause-long prefix of every sentence of the sample
 * document and of a few made-up ones, with and without head. */
static void test_subject_head(void)
{
	static const char more[] =
		"办公室要每季度组织开展督促检查，确保按期完成。各地区、各部门要加强领导。"
		"生态环境部会同有关部门组建专家组。由市政府牵头、各区配合开展整治。"
		"财政部等有关部门和单位要抓紧制定办法，";
	size_t len;
	const char *seed = (const char *)seed_bytes(&len);
	int ok = 1, found = 0;
	for (int pass = 0; pass < 2; pass++) {
		const char *text = pass ? more : seed;
		size_t tn = pass ? strlen(more) : len;
		for (size_t b = 0; b < tn;) {
			const char *end = xt_find(text + b, tn - b, "。");
			size_t e = end ? (size_t)(end - text) + 3 : tn, head;
			struct units u;
			units_from_sentence(text + b, e - b, &u, &head);
			units_free(&u);
			found += head != XT_HEAD_UNKNOWN && head > 0;
			for (size_t n = 0; n <= e - b; n++)
				if (((unsigned char)text[b + n] & 0xC0) != 0x80 || n == e - b)
					ok &= subject_length(text + b, n, head) ==
					      subject_length(text + b, n, XT_HEAD_UNKNOWN);
			b = e;
		}
	}
	CHECK(ok);
	CHECK(found >= 4);
}

/* Who a sentence or a note names as doers: a request before them (请,
 * 建议, 经) is no part of a name; a modal, a preposition, a basis or 非
 * begins none, a word a clause goes on after (在) or 社会 ends none;
 * 应急部 is a name though 应 is a modal; a bracket inside a name holds
 * its 、. */
static void test_doers(void)
{
	static const struct {
		const char *text, *lead, *assist;
	} cases[] = {
		{"请财政部会同有关部门研究制定具体办法。", "财政部", "有关部门"},
		{"建议你省加快推进电力体制改革。", "你省", NULL},
		{"经生态环境部会同有关部门组织评审。", "生态环境部", "有关部门"},
		{"各部门在制定具体办法时，要加强协调。", NULL, NULL},
		{"充分发挥社会组织和公众监督作用。", NULL, NULL},
		{"非执行任务时，车辆不得使用警报器。", NULL, NULL},
		{"要设立专门工作机构负责审核工作。", NULL, NULL},
		{"根据评价结果实施跨部门联合惩戒。", NULL, NULL},
		{"水利部将认真进行研究。", "水利部", NULL},
		{"各省（区、市）人民政府要加强组织领导。", "各省（区、市）人民政府", NULL},
		{"应急部负责制定办法。", "应急部", NULL},
		{"人民银行要加强指导。", "人民银行", NULL},
		/* names that begin or end like those words and are names */
		{"经济和信息化委员会要加快推进工业互联网建设。", "经济和信息化委员会", NULL},
		{"经信部门要会同有关部门制定具体办法。", "经信部门", "有关部门"},
		{"经开区管委会要加强安全生产监管。", "经开区管委会", NULL},
		{"国开行、农发行要加大信贷支持力度。", "国开行、农发行", NULL},
		{"人民银行各分支行要加强窗口指导。", "人民银行各分支行", NULL},
		{"在京单位要严格落实防控措施。", "在京单位", NULL},
		{"在京津冀协同发展领导小组统筹指导下，河北省要切实履行主体责任。", "河北省", NULL},
		{"非银行支付机构要加强风险管理。", "非银行支付机构", NULL},
		{"发展改革委、非税收入管理局要加强收费管理。", "发展改革委、非税收入管理局", NULL},
		{"要素市场化配置改革领导小组要加强统筹。", "要素市场化配置改革领导小组", NULL},
		/* a verb with a unit's ending right after it is in the name
		 * (组织部, 编制部门, 审核机构); with more after it, it is not */
		{"党委组织部要加强干部培训。", "党委组织部", NULL},
		{"由省委组织部牵头，各地配合。", "省委组织部", "各地"},
		{"由机构编制部门和民政部门依法办理事业单位法人登记。", NULL, NULL},
		{"由本部门审核机构进行审核。", "本部门审核机构", NULL},
		{"民政部门指导社会组织开展活动。", "民政部门", NULL},
		{"教育部组织专家开展评审。", "教育部", NULL},
		/* a place after the verb is no office: 指导市 is no name */
		{"由省教育厅指导市县教育部门开展督导评估。", "省教育厅", NULL},
		{"由省卫健委组织市卫健委开展督导。", "省卫健委", NULL},
		{"省政府指导市要加强统筹。", "省政府", NULL},
		/* 组织 ends a name when a marker follows it (各级党 was the unit) */
		{"各级党组织要在网络空间加强思想引领。", "各级党组织", NULL},
		{"社会组织要依法开展活动。", "社会组织", NULL},
		{"各地组织开展专项检查。", "各地", NULL},
		/* 请A于…前: the doers before 于; not A于 + what A did */
		{"请各市于2024年4月30日前将实施方案报送省发展改革委。", "各市", NULL},
		{"省政府于2024年1月印发实施意见，各市要抓好落实。", "各市", NULL},
		{"本市于2023年出台相关政策，各部门要严格执行。", "各部门", NULL},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct units u;
		units_from_sentence(cases[i].text, strlen(cases[i].text), &u, NULL);
		int ok = (cases[i].lead ? u.lead && strcmp(u.lead, cases[i].lead) == 0 : !u.lead) &&
			 (cases[i].assist ? u.assist && strcmp(u.assist, cases[i].assist) == 0
					  : !u.assist || !*u.assist);
		if (!ok)
			printf("# %s: lead [%s] assist [%s]\n", cases[i].text, u.lead ? u.lead : "-",
			       u.assist ? u.assist : "-");
		CHECK_MSG(ok, cases[i].text);
		units_free(&u);
	}
	struct units u;
	struct deadline dl;
	static const char note[] = "体育总局、公安部、应急部负责";
	memset(&dl, 0, sizeof dl);
	CHECK(units_from_note(note, strlen(note), NULL, &u, &dl));
	CHECK_STR(u.lead ? u.lead : "-", "体育总局"); /* the first leads */
	CHECK_STR(u.assist ? u.assist : "-", "公安部、应急部");
	units_free(&u);
	/* notes as provinces and cities write them: who carries it out (落实,
	 * 具体实施), how (按职责分别负责), 等部门 (no unit more) */
	static const struct {
		const char *note, *lead, *assist;
	} notes[] = {
		{"省自然资源厅负责，各市县人民政府落实", "省自然资源厅", "各市县人民政府"},
		{"省人力资源社会保障厅牵头，各市县人民政府具体实施", "省人力资源社会保障厅",
		 "各市县人民政府"},
		{"省交通运输厅、省发展改革委按职责分别负责", "省交通运输厅", "省发展改革委"},
		{"省财政厅牵头，省地方金融管理局等部门按职责分工负责", "省财政厅",
		 "省地方金融管理局"},
		{"省财政厅牵头负责", "省财政厅", NULL},
		{"各省、自治区、直辖市人民政府负责", "各省、自治区、直辖市人民政府", NULL},
		{"市教育局牵头，各区县组织实施", "市教育局", "各区县"},
		/* names alone, as 工作要点 list them: the first leads */
		{"市自然资源局、市财政局", "市自然资源局", "市财政局"},
		{"市自然资源局，持续推进", "市自然资源局", NULL},
		{"市中级人民法院、市检察院", "市中级人民法院", "市检察院"},
		{"市总工会、团市委、市妇联", "市总工会", "团市委、市妇联"},
		{"各区、市民政局", "各区", "市民政局"},
		{"人民银行某某市分行、市金融办", "人民银行某某市分行", "市金融办"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(notes); i++) {
		memset(&dl, 0, sizeof dl);
		int ok = units_from_note(notes[i].note, strlen(notes[i].note), NULL, &u, &dl) &&
			 u.lead && strcmp(u.lead, notes[i].lead) == 0 &&
			 (notes[i].assist ? u.assist && strcmp(u.assist, notes[i].assist) == 0
					  : !u.assist || !*u.assist);
		if (!ok)
			printf("# %s: lead [%s] assist [%s]\n", notes[i].note, u.lead ? u.lead : "-",
			       u.assist ? u.assist : "-");
		CHECK_MSG(ok, notes[i].note);
		units_free(&u);
	}
	/* an aside that names or explains is no note */
	static const char *const asides[] = {"以下统称审核机构", "含技工院校", "以下简称市场监管局",
					     "医院、学校、养老机构", "市委党校、市行政学院",
					     "党群服务中心、新时代文明实践中心"};
	for (size_t i = 0; i < ARRAY_SIZE(asides); i++) {
		memset(&dl, 0, sizeof dl);
		CHECK_MSG(!units_from_note(asides[i], strlen(asides[i]), NULL, &u, &dl), asides[i]);
		units_free(&u);
	}
	/* a sentence's doers the note names already are not named twice */
	struct ptask *t;
	size_t n = measure_tasks("发展改革委、扶贫办等部门要加强统筹协调。（发展改革委、扶贫办、财政部负责）",
				 &t);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(t[0].unit ? t[0].unit : "-", "发展改革委");
		CHECK_STR(t[0].assist ? t[0].assist : "-", "扶贫办、财政部");
	}
	ptasks_free(t, n);
	n = measure_tasks("各区政府要加强巡查。（市应急管理局负责）", &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(t[0].assist ? t[0].assist : "-", "各区政府");
	ptasks_free(t, n);
	/* 【】 holds a note as （） does, after a sentence and inside it */
	static const char *const bracketed[] = {"推行工业用地“标准地”出让。【省自然资源厅负责】",
						"推行工业用地“标准地”出让【省自然资源厅负责】。"};
	for (size_t i = 0; i < ARRAY_SIZE(bracketed); i++) {
		n = measure_tasks(bracketed[i], &t);
		CHECK_MSG(n == 1 && t[0].unit && strcmp(t[0].unit, "省自然资源厅") == 0 &&
				  !strstr(t[0].title, "】"),
			  bracketed[i]);
		ptasks_free(t, n);
	}
}

/* A closing proposes the requests it dates (by a deadline or a period);
 * its exhortations are no tasks. */
static void test_closing(void)
{
	struct pnode pn = {.kind = NODE_CLOSING, .level = 1, .label = (char *)"",
			   .heading = (char *)"结束语",
			   .body = (char *)"各地各部门要高度重视，加强组织领导，确保各项任务落到实处。"
					   "请各市于2024年4月30日前将实施方案报送省发展改革委。\n"
					   "各地区各部门要于每年1月15日前将上年度工作进展情况报送省政府。"
					   "重大事项及时报告。"};
	struct ptask *t;
	size_t n = node_tasks("2024-03-15", &pn, &t);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(t[0].title, "将实施方案报送省发展改革委");
		CHECK_STR(t[0].unit ? t[0].unit : "-", "各市");
		CHECK_STR(t[0].due, "2024-04-30");
		CHECK_STR(t[1].unit ? t[1].unit : "-", "各地区各部门");
		CHECK_INT(t[1].recur, RECUR_YEARLY);
		CHECK_STR(t[1].due, "2025-01-15");
	}
	ptasks_free(t, n);
	/* the same words in a measure are all tasks: only the closing sifts */
	pn.kind = NODE_ITEM;
	pn.level = 2;
	n = node_tasks("2024-03-15", &pn, &t);
	CHECK(n > 2);
	ptasks_free(t, n);
	pn.kind = NODE_CLOSING;
	pn.body = (char *)"各级党委和政府要把本意见落实情况纳入考核。"
			  "把落实情况作为领导干部年度考核内容。"
			  "各区各部门要高度重视，把每项任务落实到具体责任人，纳入年度绩效考核。"
			  "各区要加强宣传，每一名干部都要增强安全意识，定期开展培训。";
	n = node_tasks("2024-03-15", &pn, &t);
	CHECK_INT(n, 0);
	ptasks_free(t, n);
}

/* A measure of two clauses ending in 情况 is something to do, not an item
 * of a list of contents; a measure with items under it proposes its own
 * text too; a document without a date is read in the year its title
 * names. */
static void test_tryout_measures(void)
{
	struct ptask *t;
	struct pnode pn = {.kind = NODE_ITEM, .level = 2, .label = (char *)"4.",
			   .heading = (char *)"完善反映窗口，通报办理情况",
			   .body = (char *)"（市数据局）", .runin = 1};
	size_t n = node_tasks("2026-02-01", &pn, &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(t[0].unit ? t[0].unit : "-", "市数据局");
	ptasks_free(t, n);
	/* （1）（2） under it: the item's own sentence is a task as well */
	struct pnode kids[2] = {
		{.kind = NODE_ITEM, .level = 3, .label = (char *)"（1）",
		 .heading = (char *)"清理妨碍统一市场的规定", .body = (char *)"（市发改委牵头）", .runin = 1},
		{.kind = NODE_ITEM, .level = 3, .label = (char *)"（2）",
		 .heading = (char *)"建立举报处理机制", .body = (char *)"（市市场监管局）", .runin = 1},
	};
	struct pnode over = {.kind = NODE_ITEM, .level = 2, .label = (char *)"1.",
			     .heading = (char *)"对新出台的政策措施全部进行公平竞争审查，每年开展一次第三方评估",
			     .body = (char *)"（市市场监管局、市司法局按职责分工负责）", .runin = 1,
			     .kids = kids, .nkids = 2};
	n = node_tasks("2026-02-01", &over, &t);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(t[0].unit ? t[0].unit : "-", "市市场监管局");
		CHECK_INT(t[0].recur, RECUR_YEARLY);
	}
	ptasks_free(t, n);
	/* a heading over items with text of its own that is no note only
	 * names them too (…重点做好以下工作：) */
	struct pnode intro = {.kind = NODE_ITEM, .level = 2, .label = (char *)"（一）",
			      .heading = (char *)"深化“放管服”改革", .body = (char *)"重点做好以下工作：",
			      .runin = 1, .kids = kids, .nkids = 2};
	n = node_tasks("2026-02-01", &intro, &t);
	CHECK_INT(n, 0);
	ptasks_free(t, n);
	/* an item of a list of contents opening with a verb is still one */
	n = measure_tasks("推进市政府重点项目建设情况。", &t);
	CHECK_INT(n, 0);
	ptasks_free(t, n);
	n = measure_tasks("制定年度计划的主要内容。", &t);
	CHECK_INT(n, 0);
	ptasks_free(t, n);
	/* a heading alone over items only names them */
	struct pnode head = {.kind = NODE_ITEM, .level = 2, .label = (char *)"（一）",
			     .heading = (char *)"深化“一网通办”改革", .body = (char *)"", .runin = 1,
			     .kids = kids, .nkids = 2};
	n = node_tasks("2026-02-01", &head, &t);
	CHECK_INT(n, 0);
	ptasks_free(t, n);

	static const char doc[] = "滨江市2026年优化营商环境工作要点\n\n一、优化市场环境\n\n"
				  "1.清理妨碍统一市场的规定，9月30日前完成。（市发改委牵头）\n\n"
				  "2.开展涉企证照改革，年底前覆盖全部区县。（市市场监管局负责）\n";
	struct pdoc d;
	CHECK(parse_document(doc, strlen(doc), &d) == LU_OK);
	CHECK(d.date == NULL);
	struct extract_ctx cx;
	extract_ctx_doc(&cx, &d);
	CHECK_INT(d.nnodes, 1);
	if (d.nnodes == 1 && d.nodes[0].nkids == 2) {
		n = extract_node(&cx, &d.nodes[0].kids[0], &t);
		CHECK_INT(n, 1);
		if (n == 1)
			CHECK_STR(t[0].due, "2026-09-30"); /* not the next 30 September */
		ptasks_free(t, n);
		n = extract_node(&cx, &d.nodes[0].kids[1], &t);
		CHECK_INT(n, 1);
		if (n == 1)
			CHECK_STR(t[0].due, "2026-12-31");
		ptasks_free(t, n);
	} else {
		CHECK_MSG(0, "two items under 一、");
	}
	extract_ctx_free(&cx);
	pdoc_free(&d);
	/* a year that is a target (2030年前) or the year a report looks back
	 * on (2025年度工作总结) is not the document's: today is */
	static const char *const not_years[] = {
		"某某市2030年前碳达峰实施方案\n\n一、重点任务\n\n1.推进节能改造，年底前完成。（市发改委）\n",
		"关于报送2025年度工作总结的通知\n\n一、报送要求\n\n1.报送工作总结，年底前完成。（各区）\n",
	};
	char today_end[11];
	lu_today(today_end);
	memcpy(today_end + 4, "-12-31", 7);
	for (size_t i = 0; i < ARRAY_SIZE(not_years); i++) {
		CHECK(parse_document(not_years[i], strlen(not_years[i]), &d) == LU_OK);
		extract_ctx_doc(&cx, &d);
		n = d.nnodes && d.nodes[0].nkids ? extract_node(&cx, &d.nodes[0].kids[0], &t) : 0;
		CHECK_MSG(n == 1 && strcmp(t[0].due, today_end) == 0,
			  i ? "2025年度工作总结: not the document's year" : "2030年前: not the document's year");
		ptasks_free(t, n);
		extract_ctx_free(&cx);
		pdoc_free(&d);
	}
	/* a range of years: the first */
	static const char range[] = "某市2024—2026年行动计划\n\n一、重点任务\n\n"
				    "1.推进节能改造，年底前完成。（市发改委）\n";
	CHECK(parse_document(range, strlen(range), &d) == LU_OK);
	extract_ctx_doc(&cx, &d);
	n = d.nnodes && d.nodes[0].nkids ? extract_node(&cx, &d.nodes[0].kids[0], &t) : 0;
	CHECK_MSG(n == 1 && strcmp(t[0].due, "2024-12-31") == 0, "2024—2026年: the first year");
	ptasks_free(t, n);
	extract_ctx_free(&cx);
	pdoc_free(&d);
}

/* A deadline in a later clause of a note keeps its words (the offsets
 * were the clause's, read in the note: 市财政局牵头 as the words), and a
 * told outcome's date after another date (a search from the wrong place
 * cut a character: the fuzzer's) */
static void test_note_due_words(void)
{
	struct ptask *t;
	size_t n = measure_tasks("推进节能改造。（市财政局牵头，2024年9月底前完成）", &t);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(t[0].due, "2024-09-30");
		CHECK_STR(t[0].due_text ? t[0].due_text : "-", "2024年9月底前");
	}
	ptasks_free(t, n);
	n = measure_tasks("推进节能改造。（由市财政局牵头，各区配合，2024年9月底前完成）", &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(t[0].due_text ? t[0].due_text : "-", "2024年9月底前");
	ptasks_free(t, n);
}

/* A 任务分工表's 完成时限 column says how often as well as when: 每年,
 * 每季度, 长期坚持 are periods, 每月10日前 a monthly deadline. */
static void test_table_periods(void)
{
	static const struct {
		const char *due;
		enum recur recur;
		const char *iso;
	} cases[] = {
		{"每年", RECUR_YEARLY, ""},
		{"每季度", RECUR_QUARTERLY, ""},
		{"长期坚持", RECUR_ONGOING, ""},
		{"每月10日前", RECUR_MONTHLY, "2026-02-10"},
		{"2026年12月底前", RECUR_NONE, "2026-12-31"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *rows = xasprintf("序号\t任务\t责任单位\t完成时限\n1\t开展老年人免费体检\t市卫健委\t%s",
				       cases[i].due);
		struct pnode pn = {.kind = NODE_TABLE, .level = 1, .label = (char *)"",
				   .heading = (char *)"", .body = rows};
		struct ptask *t;
		size_t n = node_tasks("2026-02-01", &pn, &t);
		int ok = n == 1 && t[0].recur == cases[i].recur && strcmp(t[0].due, cases[i].iso) == 0 &&
			 t[0].unit && strcmp(t[0].unit, "市卫健委") == 0;
		CHECK_MSG(ok, cases[i].due);
		ptasks_free(t, n);
		free(rows);
	}
}

/* A measure under a run-in heading (1.推进“一网通办”。…): its body. */
static size_t runin_tasks(const char *heading, const char *body, struct ptask **out)
{
	struct pnode pn = {.kind = NODE_ITEM, .level = 3, .label = (char *)"1.",
			   .heading = (char *)heading, .body = (char *)body, .runin = 1};
	return node_tasks("2024-03-15", &pn, out);
}

/* The body of a measure whose one task is its run-in heading tells of
 * that task: when (an outcome by a date) and how often. */
static void test_told(void)
{
	struct ptask *t;
	size_t n = runin_tasks("推进“一网通办”", "2024年底前，省级政务服务事项网上可办率达到100%。"
				"（省政务服务管理局牵头）", &t);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(t[0].title, "推进“一网通办”");
		CHECK_STR(t[0].due, "2024-12-31");
		CHECK_STR(t[0].unit ? t[0].unit : "-", "省政务服务管理局");
	}
	ptasks_free(t, n);
	n = runin_tasks("推行惠企政策“免申即享”", "梳理公布可免申即享的政策清单，每季度更新一次。", &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(t[0].recur, RECUR_QUARTERLY);
	ptasks_free(t, n);
	/* a date met already (已 before or after it, or before the
	 * document's date), or one of something else, tells nothing */
	static const char *const not_told[] = {
		"2023年，全省已于2023年底前实现企业开办一日办结。",
		"该项工作经费于2024年6月底前拨付到位。",
		"2024年底前，全市网上可办率已达到90%。",
		"2023年底前，全市网上可办率达到90%。",
	};
	for (size_t i = 0; i < ARRAY_SIZE(not_told); i++) {
		n = runin_tasks("推进企业开办便利化", not_told[i], &t);
		CHECK_MSG(n == 1 && !t[0].due[0], not_told[i]);
		ptasks_free(t, n);
	}
	/* a limit per head is no period of the work */
	n = runin_tasks("落实补贴政策", "生活费补贴每人每年只享受一次。", &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(t[0].recur, RECUR_NONE);
	ptasks_free(t, n);
	n = runin_tasks("加强企业服务", "每季度对每户企业走访一次。", &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(t[0].recur, RECUR_QUARTERLY);
	ptasks_free(t, n);
	/* 已建 is no outcome reached; of two dates, the first to come */
	n = runin_tasks("推进项目验收", "2024年底前实现已建项目全部验收。", &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(t[0].due, "2024-12-31");
	ptasks_free(t, n);
	n = runin_tasks("推进网办", "2024年2月底前启动试点，2024年底前实现全覆盖。", &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(t[0].due, "2024-12-31");
	ptasks_free(t, n);
	/* a task of its own is told nothing by the sentences after it: a
	 * limit per person is no recurrence of the training */
	n = measure_tasks("要开展失业人员培训。生活费补贴每人每年只享受一次。", &t);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(t[0].recur, RECUR_NONE);
	ptasks_free(t, n);
}

int main(void)
{
	test_seed();
	test_sentences();
	test_dates_before();
	test_garbage();
	test_recur();
	test_names();
	test_search();
	test_deadline_start();
	test_deadline_reach();
	test_principles();
	test_subject_head();
	test_doers();
	test_told();
	test_closing();
	test_tryout_measures();
	test_table_periods();
	test_note_due_words();
	return check_done();
}
