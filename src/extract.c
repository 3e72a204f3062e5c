/* extract.c - candidate tasks from the text of a measure (DESIGN.md §3):
 * every sentence that asks for action, titled by its verb phrase, with the
 * units a responsibility note or the sentence names, the deadline its words
 * give, and its recurrence. Sections of principles and goals propose none;
 * a 任务分工表 gives one task per row (extract_table.c). */
#include "config.h"
#include "luoshi/extract.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_impl.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

#define PRINCIPLE_MAX 30 /* 坚持问题导向，注重创新驱动。 is a principle, not a task */

/* ---- sentences ---- */

/* The next sentence of s from *pos: it ends at 。！？； outside quotes and
 * brackets (taking closing quotes after it along), at a 。” that closes a
 * quote (a quoted sentence), or at the end of the paragraph. A （…。） aside
 * does not end it. */
static int next_sentence(const char *s, size_t n, size_t *pos, size_t *b, size_t *e)
{
	size_t i = *pos;
	uint32_t c, prev = 0;
	struct phrase_depth d = {0, 0, 0};
	while (i < n && (s[i] == '\n' || (xt_cp(s, n, i, &c) && xt_blank(c))))
		i += xt_cp(s, n, i, &c);
	if (i >= n)
		return 0;
	*b = i;
	while (i < n) {
		size_t l = xt_ideograph(s, n, i);
		if (l) { /* ends nothing, opens or closes nothing */
			i += l;
			prev = 0x4E00; /* an ideograph: what it is does not matter */
			continue;
		}
		l = xt_cp(s, n, i, &c);
		if (c == '\n')
			break;
		i += l;
		phrase_track(&d, c);
		int ends = (xt_sentence_end(c) && phrase_at_top(&d)) ||
			   (xt_quote_close(c) && xt_sentence_end(prev) && phrase_at_top(&d));
		prev = c;
		if (!ends)
			continue;
		while (i < n && (l = xt_cp(s, n, i, &c)) && (xt_closer(c) || xt_sentence_end(c)))
			i += l;
		break;
	}
	*e = i;
	*pos = i;
	return 1;
}

/* ---- does it ask for action? ---- */

static const char *const verbs[] = {
	"必须", "务必", "不得", "严禁", "禁止", "建立", "健全", "开展", "加强", "落实", "推动",
	"推进", "组织", "坚持", "完善", "实施", "抓好", "抓实", "强化", "深化", "提高", "提升",
	"增强", "做好", "确保", "严格", "加大", "制定", "举办", "推行", "督促", "指导", "引导",
	"发挥", "防止", "防范", "解决", "纠治", "整治", "运用", "用好", "采取", "聚焦", "明确",
	"鼓励", "支持", "探索", "构建", "优化", "规范", "纳入", "实行", "讲好", "办好", "树立",
	"践行", "选树", "紧盯", "着力", "切实", "扎实", "持续", "及时", "定期", "负责", "牵头",
	"配合", "报送", "上报", "部署", "检查", "考核", "整改", "召开", "建设", "打造", "培育",
	"推广", "监督", "保障", "压实", "统筹", "协调", "查摆", "应当", "维护", "坚决",
};

/* Verbs that may follow the doers named after 会同 (…会同有关部门组建…). */
static const char *const more_verbs[] = {
	"组建", "研究", "出台", "印发", "编制", "提出", "筛选", "进行", "对", "做好", "开展",
	"发布", "拟定", "审核", "评审", "确定", "加快", "抓紧",
};

static struct xt_words verb_words = XT_WORDS(verbs);
static struct xt_words more_verb_words = XT_WORDS(more_verbs);

size_t xt_verb_at(const char *s, size_t n)
{
	int k = xt_word_at(&verb_words, s, n);
	if (k >= 0)
		return verb_words.len[k];
	k = xt_word_at(&more_verb_words, s, n);
	return k >= 0 ? more_verb_words.len[k] : 0;
}

/* 要 and 应 are modal verbs except inside words like 重要, 要求, 适应, 应急. */
static int modal_at(const char *s, size_t n, const char *word, const char *before,
		    const char *after)
{
	size_t wl = strlen(word);
	for (const char *p = s; (p = xt_search(p, n - (size_t)(p - s), word, wl)) != NULL; p += wl) {
		int bad = 0;
		if (p - s >= 3) {
			for (const char *q = before; *q && !bad; q += 3)
				bad = memcmp(p - 3, q, 3) == 0;
		}
		if ((size_t)(p - s) + wl + 3 <= n) {
			for (const char *q = after; *q && !bad; q += 3)
				bad = memcmp(p + wl, q, 3) == 0;
		}
		if (!bad)
			return 1;
	}
	return 0;
}

/* 要, 应, 必须, 负责: someone is to do something. */
static int has_modal(const char *s, size_t n)
{
	return modal_at(s, n, "要", "重主需必纲摘首只简提扼紧机险政",
			"求素点件害么闻事领务员地塞职道") ||
	       modal_at(s, n, "应", "适相响对反供效呼顺回答感", "急用激") ||
	       xt_find(s, n, "必须") || xt_find(s, n, "负责");
}

static int asks_action(const char *s, size_t n)
{
	return xt_any_word(&verb_words, s, n) || has_modal(s, n);
}

/* A principle stated, not a task: 坚持问题导向，注重创新驱动。 or the
 * guiding-thought sentence 以…为指导，全面贯彻…. */
static int states_principle(const char *s, size_t n)
{
	/* 制定本条例, 制定本办法…: one search for 制定本, then what follows */
	static const char *const own[] = {"条例", "办法", "规定", "细则", "规则", "意见", "方案", "制度"};
	static struct xt_words own_words = XT_WORDS(own);
	if (xt_starts(s, n, "坚持") && xt_chars_upto(s, n, PRINCIPLE_MAX) <= PRINCIPLE_MAX)
		return 1;
	/* an item of a list of contents (…的落实情况；, 推进重点项目建设情况。), not
	 * something to do; 完善反映窗口，通报办理情况 is something to do: two
	 * clauses, the first opening with a verb */
	size_t body = n;
	while (body >= 3 && (xt_ends(s, body, "；") || xt_ends(s, body, "。")))
		body -= 3;
	if ((xt_ends(s, body, "情况") || xt_ends(s, body, "事项") || xt_ends(s, body, "内容")) &&
	    xt_chars_upto(s, n, 30) <= 30 && !has_modal(s, n) &&
	    !(xt_verb_at(s, n) && xt_find(s, body, "，")))
		return 1;
	/* a case of a list of 情形 (有下列情形之一的，予以通报：…（二）报送情况弄虚
	 * 作假的；), or a sentence that only says what something is (…是在…
	 * 背景上出现的。) */
	if (xt_ends(s, body, "的") && !has_modal(s, n))
		return 1;
	/* a definition (所称…是指…) or why the document was made */
	if (xt_find(s, n, "是指") || (xt_find(s, n, "所称") && xt_find(s, n, "包括")))
		return 1;
	for (const char *p = s; (p = xt_find(p, n - (size_t)(p - s), "制定本")) != NULL; p += 9)
		if (xt_word_at(&own_words, p + 9, n - (size_t)(p + 9 - s)) >= 0)
			return 1;
	return xt_starts(s, n, "以") && xt_find(s, n, "为指导") && xt_find(s, n, "全面贯彻");
}

/* ---- principles ---- */

/* Headings of sections that propose no tasks. */
static const char *const principle_heads[] = {
	"指导思想", "基本原则", "总体要求", "发展目标", "主要目标", "工作原则",
	"工作目标", "总体目标", "重大意义", "重要意义", "总体思路", "目标任务",
	/* what has been, not what to do */
	"发展基础", "发展现状", "面临的形势", "面临形势", "取得的成效", "主要成效",
	"工作成效", "基本情况", "现状与形势", "主要成就",
};
/* every heading of every document is asked: one scan, not a search per word */
static struct xt_words principle_words = XT_WORDS(principle_heads);

int extract_principles(const char *heading)
{
	if (!heading)
		return 0;
	size_t n = strlen(heading);
	if (utf8_count(heading, n) > 20)
		return 0;
	return xt_any_word(&principle_words, heading, n);
}

/* ---- the proposals of a measure ---- */

void extract_ctx_init(struct extract_ctx *cx, const char *doc_date)
{
	memset(cx, 0, sizeof *cx);
	deadline_ref_from(doc_date, &cx->ref);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct extract_parent {
	const struct pnode *node, *parent;
};

static int up_cmp(const void *a, const void *b)
{
	const struct pnode *x = ((const struct extract_parent *)a)->node;
	const struct pnode *y = ((const struct extract_parent *)b)->node;
	return (x > y) - (x < y);
}

static void find_parents(struct extract_ctx *cx, const struct pnode *parent, const struct pnode *n,
			 size_t k)
{
	for (size_t i = 0; i < k; i++) {
		if (parent) {
			cx->up = xreallocarray(cx->up, cx->nup + 1, sizeof *cx->up);
			cx->up[cx->nup++] = (struct extract_parent){&n[i], parent};
		}
		find_parents(cx, &n[i], n[i].kids, n[i].nkids);
	}
}

static const struct pnode *parent_of(const struct extract_ctx *cx, const struct pnode *pn)
{
	struct extract_parent key = {pn, NULL};
	const struct extract_parent *p =
		cx->nup ? bsearch(&key, cx->up, cx->nup, sizeof *cx->up, up_cmp) : NULL;
	return p ? p->parent : NULL;
}

static void find_tabled(struct extract_ctx *cx, const struct pnode *n, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		if (n[i].kind == NODE_TABLE) {
			struct ptask *pt = NULL;
			size_t nt = extract_table(cx, n[i].body, &pt);
			cx->tabled = xreallocarray(cx->tabled, cx->ntabled + nt + 1, sizeof *cx->tabled);
			for (size_t j = 0; j < nt; j++)
				cx->tabled[cx->ntabled++] = xstrdup(pt[j].text);
			ptasks_free(pt, nt);
		}
		find_tabled(cx, n[i].kids, n[i].nkids);
	}
}

/* A year of four digits at p, not inside a longer number. */
static int year_at(const char *title, const char *p)
{
	return (p[0] == '1' || p[0] == '2') && isdigit((unsigned char)p[1]) &&
	       isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
	       !isdigit((unsigned char)p[4]) && (p == title || !isdigit((unsigned char)p[-1]));
}

/* A plan for a year without a date of issue (滨江市2026年优化营商环境工作
 * 要点, 2024—2026年行动计划: the first year) is read from that year's first
 * day: its 9月30日前 is that year's, not the next 30 September after the
 * import. Only a plan's title (要点, 计划, 方案, 安排, 任务) and a year of
 * the plan: 2030年前碳达峰 is a target, 2025年度工作总结 the year behind a
 * report. "" when the title names none. */
static void title_year(const char *title, char out[11])
{
	static const char *const plans[] = {"要点", "计划", "方案", "安排", "任务"};
	static struct xt_words plan_words = XT_WORDS(plans);
	out[0] = '\0';
	if (!title || !xt_any_word(&plan_words, title, strlen(title)))
		return;
	for (const char *p = title; *p; p++) {
		if (!year_at(title, p))
			continue;
		const char *first = p; /* 2024—2026年, 2024-2026年, 2024至2026年 */
		const char *q = p + 4;
		if (strncmp(q, "—", 3) == 0 || strncmp(q, "－", 3) == 0 || strncmp(q, "至", 3) == 0 ||
		    strncmp(q, "～", 3) == 0)
			q += 3;
		else if (*q == '-' || *q == '~')
			q += 1;
		if (q != p + 4 && year_at(title, q))
			q += 4;
		if (strncmp(q, "年", 3) != 0 || strncmp(q + 3, "前", 3) == 0 ||
		    strncmp(q + 3, "度", 3) == 0 || strncmp(q + 3, "以", 3) == 0)
			continue;
		snprintf(out, 11, "%.4s-01-01", first);
		return;
	}
}

void extract_ctx_doc(struct extract_ctx *cx, const struct pdoc *doc)
{
	char year[11];
	if (!doc->date)
		title_year(doc->title, year);
	extract_ctx_init(cx, doc->date ? doc->date : year[0] ? year : NULL);
	find_tabled(cx, doc->nodes, doc->nnodes);
	if (cx->ntabled)
		qsort(cx->tabled, cx->ntabled, sizeof *cx->tabled, str_cmp);
	find_parents(cx, NULL, doc->nodes, doc->nnodes);
	if (cx->nup)
		qsort(cx->up, cx->nup, sizeof *cx->up, up_cmp);
}

void extract_ctx_free(struct extract_ctx *cx)
{
	for (size_t i = 0; i < cx->ntabled; i++)
		free(cx->tabled[i]);
	free(cx->tabled);
	cx->tabled = NULL;
	cx->ntabled = 0;
	free(cx->up);
	cx->up = NULL;
	cx->nup = 0;
}

static int tabled(const struct extract_ctx *cx, const char *heading)
{
	return heading && *heading && cx->ntabled &&
	       bsearch(&heading, cx->tabled, cx->ntabled, sizeof *cx->tabled, str_cmp);
}

struct tlist {
	struct ptask *v;
	size_t n, cap;
	size_t since; /* tasks from here on have no note yet */
	int told;     /* sentences that ask nothing tell of the task before */
};

static struct ptask *tl_add(struct tlist *l)
{
	if (l->n == l->cap)
		l->v = xreallocarray(l->v, l->cap = l->cap ? l->cap * 2 : 8, sizeof *l->v);
	struct ptask *t = &l->v[l->n++];
	memset(t, 0, sizeof *t);
	return t;
}

static void set_units(struct ptask *t, const struct units *u)
{
	free(t->unit);
	free(t->assist);
	t->unit = u->lead ? xstrdup(u->lead) : NULL;
	t->assist = u->assist ? xstrdup(u->assist) : NULL;
}

int xt_take_deadline(struct ptask *t, const struct deadline *d)
{
	if (t->recur == RECUR_NONE)
		t->recur = d->kind == DL_YEARLY	   ? RECUR_YEARLY
			   : d->kind == DL_MONTHLY ? RECUR_MONTHLY
			   : d->kind == DL_ONGOING ? RECUR_ONGOING
						   : RECUR_NONE;
	int dated = d->kind == DL_DATE || d->kind == DL_YEARLY || d->kind == DL_MONTHLY;
	if (dated)
		memcpy(t->due, d->iso, sizeof t->due);
	return dated;
}

/* The deadline d found in s, with its words. */
static void set_due(struct ptask *t, const char *s, const struct deadline *d)
{
	if (xt_take_deadline(t, d)) {
		free(t->due_text);
		t->due_text = xstrndup(s + d->b, d->e - d->b);
	}
}

/* A doer the sentence named that the note leaves out still takes part
 * (各区政府要…。（市应急管理局负责）): it joins the assisting units. The
 * sentence may name several (A、B、C等部门要…): each one the note does not
 * name already (督查室 is named by 市政府督查室) joins, once. */
static void keep_doer(struct ptask *t, const struct units *u, char *doer)
{
	char *more = doer ? units_not_named(doer, u->lead, t->assist) : NULL;
	if (more) {
		char *all = t->assist ? xasprintf("%s、%s", t->assist, more) : xstrdup(more);
		free(t->assist);
		t->assist = all;
	}
	free(more);
	free(doer);
}

/* A responsibility note (s, read by units_from_note into u and d) gives
 * its units (and deadline) to the tasks since the previous note; a note
 * before any task waits for the next ones. */
static void apply_note(struct tlist *l, const char *s, const struct units *u,
		       const struct deadline *d)
{
	for (size_t i = l->since; i < l->n; i++) {
		char *doer = l->v[i].unit;
		l->v[i].unit = NULL;
		set_units(&l->v[i], u);
		keep_doer(&l->v[i], u, doer);
		if (!l->v[i].due[0])
			set_due(&l->v[i], s, d);
	}
	l->since = l->n;
}

/* The brackets a responsibility note stands in: （…） (…) 【…】. */
static int note_open(uint32_t c)
{
	return c == 0xFF08 || c == '(' || c == 0x3010;
}

static int note_close(uint32_t c)
{
	return c == 0xFF09 || c == ')' || c == 0x3011;
}

/* The note inside a sentence's closing bracket (…加大采购力度（财政部负责）。,
 * or 【财政部负责】): its range within [b, e), or 0. */
static int trailing_note(const char *s, size_t b, size_t e, size_t *nb, size_t *ne)
{
	size_t k = e;
	uint32_t c;
	while (k > b) { /* past the sentence end */
		size_t p = xt_back_cp(s, b, k);
		xt_cp(s, k, p, &c);
		if (!xt_sentence_end(c))
			break;
		k = p;
	}
	if (k <= b)
		return 0;
	size_t close = xt_back_cp(s, b, k);
	xt_cp(s, k, close, &c);
	if (!note_close(c))
		return 0;
	int depth = 0;
	for (size_t p = close; p > b;) {
		p = xt_back_cp(s, b, p);
		xt_cp(s, k, p, &c);
		if (note_close(c))
			depth++;
		else if (note_open(c) && depth-- == 0) {
			*nb = p + (c == '(' ? 1 : 3);
			*ne = close;
			return 1;
		}
	}
	return 0;
}

/* A sentence that only gives the deadline of the work before it
 * (该项工作于2019年4月底前完成。以上工作要在2019年2月底前完成。): its subject
 * names the last task (one) or every task before (all) of the measure. */
static const char *const before_one[] = {
	"该项工作", "此项工作", "这项工作", "该项任务", "此项任务", "这项任务", "该工作",
};
static const char *const before_all[] = {
	"以上工作", "上述工作", "前述工作", "以上任务", "上述任务", "以上各项工作",
	"上述各项工作", "以上各项任务", "上述各项任务", "以上措施", "上述措施",
};
static struct xt_words before_one_words = XT_WORDS(before_one);
static struct xt_words before_all_words = XT_WORDS(before_all);

/* Gives the sentence s[0, n)'s date to the tasks it names when it is such
 * a sentence and there are tasks before it: 1, it is no task of its own
 * (those tasks keep a date they had). It says only when they are done:
 * its subject, one date and 完成, no verb of its own (以上工作进展情况请于…前
 * 报送: a report asked, a task), no doer (以上工作由各区政府于…完成), no second
 * date (…5月底前启动，12月底前全部完成). 0: read it as any other sentence
 * (nothing before it to date, or not such a sentence). */
static int dates_before(struct tlist *l, const char *s, size_t n, const struct extract_ctx *cx)
{
	int one = xt_word_at(&before_one_words, s, n) >= 0;
	if (!l->n || (!one && xt_word_at(&before_all_words, s, n) < 0))
		return 0;
	struct deadline d, d2;
	struct units u;
	size_t head;
	if (!xt_find(s, n, "完成") || xt_find(s, n, "由") || xt_any_word(&verb_words, s, n) ||
	    deadline_find(s, n, &cx->ref, &d) != DL_DATE ||
	    deadline_find(s + d.e, n - d.e, &cx->ref, &d2) != DL_NONE)
		return 0;
	if (units_from_sentence(s, n, &u, &head)) {
		units_free(&u);
		return 0;
	}
	for (size_t i = one ? l->n - 1 : 0; i < l->n; i++)
		if (!l->v[i].due[0])
			set_due(&l->v[i], s, &d);
	return 1;
}

/* 对于需要回收、置换的，原则上于2019年9月底前完成；: a date by which something is
 * to be finished asks for action, whatever its verb; one already met
 * (已于2018年6月底前完成, 已经在…) tells of the past: 已 within the three
 * characters before the date. */
static int due_to_finish(const char *s, size_t n, const struct extract_ctx *cx)
{
	struct deadline d;
	if (!xt_find(s, n, "前完成") || deadline_find(s, n, &cx->ref, &d) != DL_DATE)
		return 0;
	size_t from = d.b >= 9 ? d.b - 9 : 0;
	return !xt_find(s + from, d.b - from, "已");
}

/* Under a run-in heading that is a measure's one task (1.推进“一网通办”。
 * 2024年底前，网上可办率达到100%。), the sentences of the body that ask
 * nothing of their own tell of it: it takes the date and the recurrence
 * it lacks. The date is the one by which an outcome is reached (…达到,
 * 到2025年实现县域全覆盖), not one of something else (该项工作经费于3月底前拨
 * 付到位) nor one already met (…已于2023年底前实现, a date before the
 * document's); the recurrence one of the work (梳理公布政策清单，每季度更新一
 * 次。), not a limit per head (每人每年只享受一次). Elsewhere such a sentence
 * may be about anything: it tells nothing. */
static const char *const outcomes[] = {"达到", "实现", "建成", "形成", "覆盖", "完成", "取得"};
static struct xt_words outcome_words = XT_WORDS(outcomes);

static void tells_of_last(struct tlist *l, const char *s, size_t n, const struct extract_ctx *cx)
{
	if (!l->told || !l->n || states_principle(s, n))
		return;
	struct ptask *t = &l->v[l->n - 1];
	struct deadline d;
	char ref[11];
	snprintf(ref, sizeof ref, "%04u-%02u-%02u", (unsigned)cx->ref.year % 10000u,
		 (unsigned)cx->ref.month % 100u, (unsigned)cx->ref.day % 100u);
	/* an outcome said to be reached (2024年底前，…已达到90%; not 已建项目)
	 * dates nothing; of several dates, the first that is to come and is
	 * the date of an outcome (2024年2月底前…，2024年底前实现全覆盖) */
	static const char *const reached[] = {"已经", "已于", "已在", "已达", "已实现", "已完成",
					      "已建成", "已基本", "已全面", "已初步", "已有"};
	static struct xt_words reached_words = XT_WORDS(reached);
	int done = xt_any_word(&reached_words, s, n);
	/* d is made absolute in the loop: the next search starts at its end
	 * (at += d.e counted the start twice and could land inside a
	 * character: a fuzzer's due_text of half a character) */
	for (size_t at = 0; !t->due[0] && !done && at < n &&
			    deadline_find(s + at, n - at, &cx->ref, &d) == DL_DATE;
	     at = d.e) {
		d.b += at, d.e += at;
		if (strcmp(d.iso, ref) >= 0 && xt_any_word(&outcome_words, s + d.e, n - d.e))
			set_due(t, s, &d);
	}
	/* 每人每年只享受一次 limits each person; it is no period of the work
	 * (每季度对每户企业走访一次 is one) */
	static const char *const per_head[] = {"每人每", "每户每", "每名每", "每位每", "每家每",
					       "每次每"};
	static struct xt_words per_head_words = XT_WORDS(per_head);
	if (t->recur == RECUR_NONE && !xt_any_word(&per_head_words, s, n)) {
		char *v = xstrndup(s, n);
		int count = 0;
		t->recur = extract_recur(v, &count);
		if (t->recur != RECUR_NONE && !t->count)
			t->count = count;
		free(v);
	}
}

/* A sentence that asks for action becomes a task; the note in its closing
 * bracket (read once, nu and nd) is applied after it. One that does not
 * may tell of the task before it. */
static void add_sentence(struct tlist *l, const char *s, size_t b, size_t e,
			 const struct extract_ctx *cx)
{
	size_t nb = 0, ne = 0;
	struct units u, nu = {NULL, NULL};
	struct deadline d, nd;
	int noted = trailing_note(s, b, e, &nb, &ne) &&
		    units_from_note(s + nb, ne - nb, &cx->ref, &nu, &nd);
	size_t te = noted ? nb - ((unsigned char)s[nb - 1] == '(' ? 1 : 3) : e;
	if (!noted && dates_before(l, s + b, te - b, cx))
		return;
	int acts = asks_action(s + b, te - b);
	if (!xt_has_word(s + b, te - b) || !(acts || due_to_finish(s + b, te - b, cx)) ||
	    states_principle(s + b, te - b)) {
		if (xt_has_word(s + b, te - b))
			tells_of_last(l, s + b, te - b, cx);
		if (noted)
			apply_note(l, s + nb, &nu, &nd);
		units_free(&nu);
		return;
	}
	struct ptask *t = tl_add(l);
	size_t head;
	t->text = xstrndup(s + b, e - b);
	if (units_from_sentence(s + b, te - b, &u, &head)) {
		t->unit = u.lead; /* the new task's own: no copies */
		t->assist = u.assist;
	}
	t->title = xt_title(s + b, te - b, head); /* its doers are known now */
	const char *of = acts ? NULL : xt_find(s + b, te - b, "的，");
	if (of && xt_starts(s + b, te - b, "对")) { /* 对 or 对于 */
		/* 对于需要回收、置换的，原则上于…完成: the case is its name, not the
		 * date (原则上于2019年9月底前完成 said nothing of what) */
		free(t->title);
		t->title = xt_title(s + b, (size_t)(of - (s + b)) + 3, 0);
	}
	t->recur = extract_recur(t->text, &t->count);
	if (deadline_find(s + b, te - b, &cx->ref, &d) != DL_NONE)
		set_due(t, s + b, &d);
	if (noted)
		apply_note(l, s + nb, &nu, &nd);
	units_free(&nu);
}

/* The end (just past the closing bracket) of the bracket opening s at b,
 * or 0 when it does not close before e. */
static size_t bracket_end(const char *s, size_t b, size_t e)
{
	struct phrase_depth d = {0, 0, 0};
	for (size_t i = b; i < e;) {
		uint32_t c;
		size_t l = xt_cp(s, e, i, &c);
		phrase_track(&d, c);
		i += l;
		if (phrase_at_top(&d))
			return i;
	}
	return 0;
}

/* Every sentence of body that asks for action; notes between them give
 * their units to the ones before. */
static size_t from_text(const struct extract_ctx *cx, const char *body, int told,
			struct ptask **out)
{
	size_t n = body ? strlen(body) : 0, pos = 0, b, e;
	struct tlist l = {.told = told};
	while (next_sentence(body, n, &pos, &b, &e)) {
		xt_trim(body, &b, &e);
		if (e <= b)
			continue;
		uint32_t c;
		xt_cp(body, e, b, &c);
		size_t last = xt_back_cp(body, b, e);
		uint32_t z;
		xt_cp(body, e, last, &z);
		(void)z;
		/* …。（生态环境部指导）全面实施…: the note opening this sentence is
		 * the one after the last; it is never a task */
		size_t close;
		if (note_open(c) && (close = bracket_end(body, b, e)) != 0) {
			size_t ib = b + (c == '(' ? 1 : 3), ie = xt_back_cp(body, b, close);
			struct units u;
			struct deadline d;
			if (units_from_note(body + ib, ie - ib, &cx->ref, &u, &d)) {
				apply_note(&l, body + ib, &u, &d);
				units_free(&u);
				b = close;
				xt_trim(body, &b, &e);
				if (e <= b)
					continue;
			}
		}
		add_sentence(&l, body, b, e, cx);
	}
	*out = l.v;
	return l.n;
}

size_t extract_tasks(const char *body, struct ptask **out)
{
	struct extract_ctx cx;
	extract_ctx_init(&cx, "2000-01-01");
	size_t n = from_text(&cx, body, 0, out);
	for (size_t i = 0; i < n; i++) { /* the plain form: no who, no when */
		free((*out)[i].unit);
		free((*out)[i].assist);
		free((*out)[i].due_text);
		(*out)[i].unit = (*out)[i].assist = (*out)[i].due_text = NULL;
		(*out)[i].due[0] = '\0';
	}
	return n;
}

/* A measure with items under it (1.对新出台的政策措施全部进行公平竞争审查，每年
 * 开展一次第三方评估。（A、B按职责分工负责） over （1）（2）): a run-in
 * item below the top whose heading is its sentence, the body before its
 * items only its responsibility note. A heading over items with no note
 * (（一）深化“一网通办”改革。, …重点做好以下工作：) only names them. */
static int measure_over_items(const struct pnode *pn)
{
	uint32_t c = 0;
	if (pn->body && *pn->body)
		xt_cp(pn->body, strlen(pn->body), 0, &c);
	return pn->level >= 2 && pn->runin && pn->heading && *pn->heading && note_open(c);
}

static int structural(const struct pnode *pn)
{
	for (size_t i = 0; i < pn->nkids; i++)
		if (pn->kids[i].kind != NODE_TABLE && pn->kids[i].kind != NODE_BOX)
			return 1;
	return 0;
}

/* 督查室 after 市政府督查室 in the same measure: the full name. */
static void full_names(struct ptask *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t ul = t[i].unit ? strlen(t[i].unit) : 0; /* kept, not asked per pair */
		for (size_t j = 0; j < n && t[i].unit; j++) {
			const char *v = t[j].unit;
			size_t vl = v ? strlen(v) : 0;
			if (v && vl > ul && strcmp(v + vl - ul, t[i].unit) == 0 && !strstr(v, "、")) {
				free(t[i].unit);
				t[i].unit = xstrdup(v);
				ul = vl;
			}
		}
	}
}

/* Doers named in a heading above (２．各区要每季度通报一次网办率。 over its
 * （１）（２）) are the doers of tasks that name none. */
static void inherit_doers(const struct extract_ctx *cx, const struct pnode *pn, struct ptask *t,
			  size_t n)
{
	struct units u = {NULL, NULL};
	int need = 0;
	for (size_t i = 0; i < n; i++)
		need |= t[i].unit == NULL;
	for (const struct pnode *p = parent_of(cx, pn); need && p && !u.lead; p = parent_of(cx, p))
		if (p->heading && *p->heading)
			units_from_sentence(p->heading, strlen(p->heading), &u, NULL);
	for (size_t i = 0; i < n && u.lead; i++)
		if (!t[i].unit) {
			t[i].unit = xstrdup(u.lead);
			t[i].assist = u.assist ? xstrdup(u.assist) : NULL;
		}
	units_free(&u);
}

/* The end of the period a heading names (动员部署阶段（2024年3月—4月）,
 * 集中整治阶段（2024年5月至10月）, …（2024年3月—2025年6月）): 1 with d's date
 * and range its words, else 0. The start must have its year and month;
 * the end takes the start's year when it has none, or the next one when
 * its month comes before the start's (（2024年11月—2月）: 2025-02-28). */
static int period_end(const struct extract_ctx *cx, const char *h, size_t n, struct deadline *d)
{
	static const char *const dashes[] = {"—", "至", "～", "－", "-", "~"};
	const char *dash = NULL;
	size_t dl = 0;
	for (size_t k = 0; k < ARRAY_SIZE(dashes); k++) {
		const char *p = xt_search(h, n, dashes[k], strlen(dashes[k]));
		if (p && (!dash || p < dash))
			dash = p, dl = strlen(dashes[k]);
	}
	if (!dash)
		return 0;
	/* back from the dash: 月, digits, 年, four digits */
	const char *p = dash;
	if (p - h < 3 || memcmp(p - 3, "月", 3) != 0)
		return 0;
	p -= 3;
	while (p > h && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p - h < 7 || memcmp(p - 3, "年", 3) != 0)
		return 0;
	const char *y = p - 7;
	for (int i = 0; i < 4; i++)
		if (y[i] < '0' || y[i] > '9')
			return 0;
	/* forward: digits, 年, 月, 日 and nothing else */
	const char *e = dash + dl, *end = h + n;
	while (e < end && ((*e >= '0' && *e <= '9') ||
			   (end - e >= 3 && (!memcmp(e, "年", 3) || !memcmp(e, "月", 3) ||
					     !memcmp(e, "日", 3)))))
		e += *e >= '0' && *e <= '9' ? 1 : 3;
	size_t el = (size_t)(e - (dash + dl));
	if (el < 4 || (memcmp(e - 3, "月", 3) != 0 && memcmp(e - 3, "日", 3) != 0))
		return 0;
	int has_year = xt_search(dash + dl, el, "年", 3) != NULL;
	int year = atoi((char[5]){y[0], y[1], y[2], y[3], 0}), from_month = atoi(p),
	    to_month = atoi(dash + dl);
	if (!has_year && to_month < from_month)
		year++; /* （2024年11月—2月）: the winter after */
	char *phrase = has_year ? xasprintf("%.*s%s", (int)el, dash + dl,
					    memcmp(e - 3, "月", 3) == 0 ? "底前" : "前")
				: xasprintf("%d年%.*s%s", year, (int)el, dash + dl,
					    memcmp(e - 3, "月", 3) == 0 ? "底前" : "前");
	struct deadline got;
	int ok = deadline_parse(phrase, &cx->ref, &got) == DL_DATE;
	free(phrase);
	if (!ok)
		return 0;
	*d = got;
	d->b = (size_t)(y - h);
	d->e = (size_t)(e - h);
	return 1;
}

/* A deadline in the heading of a measure or of a part above it
 * (（一）动员部署阶段（2024年3月底前）, or the end of the period it names)
 * dates the tasks under it that have no date of their own. */
static void inherit_due(const struct extract_ctx *cx, const struct pnode *pn, struct ptask *t,
			size_t n)
{
	int need = 0;
	for (size_t i = 0; i < n; i++)
		need |= !t[i].due[0];
	for (const struct pnode *p = pn; need && p; p = parent_of(cx, p)) {
		struct deadline d;
		size_t hn = p->heading ? strlen(p->heading) : 0;
		if (!hn || (deadline_find(p->heading, hn, &cx->ref, &d) != DL_DATE &&
			    !period_end(cx, p->heading, hn, &d)))
			continue;
		for (size_t i = 0; i < n; i++)
			if (!t[i].due[0])
				set_due(&t[i], p->heading, &d);
		break;
	}
}

static void ptask_clear(struct ptask *t)
{
	free(t->title);
	free(t->text);
	free(t->unit);
	free(t->assist);
	free(t->due_text);
}

/* The closing (各级党委要高度重视… 请各市于2024年4月30日前将实施方案报送
 *省发展改革委。) exhorts in general and asks a few things by a date: only
 * a request with a deadline or a period named by 每 is a task of the
 * document. */
static size_t closing_tasks(const struct extract_ctx *cx, const char *body, struct ptask **out)
{
	size_t n = from_text(cx, body, 0, out), k = 0;
	struct ptask *t = *out;
	for (size_t i = 0; i < n; i++) {
		/* a period only as 每年, 每季度…: 纳入年度考核, 定期, 每项任务 are none */
		if (t[i].due[0] || extract_recur_stated(t[i].text) != RECUR_NONE)
			t[k++] = t[i];
		else
			ptask_clear(&t[i]);
	}
	full_names(t, k);
	return k;
}

size_t extract_node(const struct extract_ctx *cx, const struct pnode *pn, struct ptask **out)
{
	*out = NULL;
	if (pn->kind == NODE_TABLE)
		return extract_table(cx, pn->body, out);
	if (pn->kind == NODE_CLOSING)
		return closing_tasks(cx, pn->body, out);
	if ((structural(pn) && !measure_over_items(pn)) || pn->kind == NODE_ATTACHMENT ||
	    pn->kind == NODE_BOX || pn->kind == NODE_PART || tabled(cx, pn->heading))
		return 0;
	const char *src = pn->body && *pn->body ? pn->body : pn->heading;
	if (!src || !*src)
		return 0;
	size_t n = from_text(cx, src, 0, out);
	int heading_task = 0;
	/* 1.市政务服务局要在6月底前实现…。（A牵头，B配合）: the run-in heading is
	 * the one sentence, the body only its note */
	if (!n && src == pn->body && pn->runin && pn->heading) {
		heading_task = 1; /* titled from its sentence, as any */
		char *both = xasprintf("%s。%s", pn->heading, pn->body);
		ptasks_free(*out, 0);
		n = from_text(cx, both, 1, out);
		free(both);
		/* and on: doers and dates above it as for any measure */
	}
	/* a measure headed 常态化开展… or 经常性开展… makes all its tasks recur so,
	 * unless a sentence says otherwise */
	int count;
	enum recur hr = src != pn->heading && pn->heading ? extract_recur(pn->heading, &count)
							  : RECUR_NONE;
	for (size_t i = 0; i < n; i++)
		if ((*out)[i].recur == RECUR_NONE)
			(*out)[i].recur = hr;
	full_names(*out, n);
	inherit_doers(cx, pn, *out, n);
	inherit_due(cx, pn, *out, n);
	/* one task under a run-in heading: the heading names it */
	if (n == 1 && !heading_task && src == pn->body && pn->runin && pn->heading && *pn->heading &&
	    utf8_count(pn->heading, strlen(pn->heading)) <= EXTRACT_TITLE_MAX) {
		free((*out)[0].title);
		(*out)[0].title = xstrdup(pn->heading);
	}
	return n;
}

void ptasks_free(struct ptask *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
		ptask_clear(&t[i]);
	free(t);
}

enum deadline_kind deadline_parse_n(const char *s, size_t n, const struct deadline_ref *ref,
				    struct deadline *out)
{
	char *v = xstrndup(s, n);
	enum deadline_kind k = deadline_parse(v, ref, out);
	free(v);
	return k;
}
