/* test_parse.c - document structure: the seed exactly (and with other line
 * ends and indentation), then one small document per pattern of DESIGN.md
 * §3, then inputs meant to break the parser. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "luoshi/parse.h"
#include "luoshi/seed.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

static struct pdoc parse_str(const char *s)
{
	struct pdoc d;
	CHECK(parse_document(s, strlen(s), &d) == LU_OK);
	return d;
}

static int starts(const char *s, const char *p)
{
	return s && strncmp(s, p, strlen(p)) == 0;
}

static int ends(const char *s, const char *p)
{
	size_t n = s ? strlen(s) : 0, k = strlen(p);
	return s && n >= k && strcmp(s + n - k, p) == 0;
}

/* ---- tree invariants, checked on every document ---- */

static int valid(const char *s)
{
	return s && utf8_check(s, strlen(s)) == (size_t)-1;
}

static int node_ok(const struct pnode *n, int level, const char *bad)
{
	if (n->level != level || !valid(n->label) || !valid(n->heading) || !valid(n->body))
		return 0;
	if ((unsigned)n->kind >= NODE_KIND_COUNT || (bad && (strstr(n->heading, bad) || strstr(n->body, bad))))
		return 0;
	for (size_t i = 0; i < n->nkids; i++)
		if (!node_ok(&n->kids[i], level + 1, bad))
			return 0;
	return 1;
}

/* Every string valid UTF-8, levels parent+1, none contains bad. */
static int doc_ok(const struct pdoc *d, const char *bad)
{
	const char *opt[] = {d->issuer, d->number, d->date, d->source, d->recipients,
			     d->preamble, d->closing, d->note};
	if (!valid(d->title) || (bad && strstr(d->title, bad)))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(opt); i++)
		if (opt[i] && (!valid(opt[i]) || (bad && strstr(opt[i], bad))))
			return 0;
	for (size_t i = 0; i < d->nattachments; i++)
		if (!valid(d->attachments[i]))
			return 0;
	for (size_t i = 0; i < d->nnodes; i++)
		if (!node_ok(&d->nodes[i], 1, bad))
			return 0;
	return 1;
}

static size_t count_nodes(const struct pnode *n, size_t k)
{
	size_t c = 0;
	for (size_t i = 0; i < k; i++)
		c += 1 + count_nodes(n[i].kids, n[i].nkids);
	return c;
}

/* ---- the seed ---- */

static char *seed_text(void)
{
	size_t n;
	const unsigned char *b = seed_bytes(&n);
	return xstrndup((const char *)b, n);
}

/* The line of the seed that starts with prefix (without its line end). */
static char *seed_line(const char *seed, const char *prefix)
{
	for (const char *p = seed; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (starts(p, prefix))
			return xstrndup(p, strcspn(p, "\r\n"));
	return NULL;
}

static const char *const seed_headings[4] = {
	"坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色社会主义思想的深化、转化工作",
	"坚持以学增智，不断从党的创新理论中悟规律、明方向、学方法、增智慧",
	"坚持以学正风，推动全党以自我革命精神解决党风方面的突出问题",
	"坚持以学促干，不折不扣贯彻落实党中央决策部署",
};
static const char *const seed_section_body[4] = {"从思想上正本清源", "学深悟透", "深入学习贯彻",
						 "坚持学思用贯通"};
static const char *const seed_labels[4] = {"一、", "二、", "三、", "四、"};
static const size_t seed_kids[4] = {3, 2, 5, 5};

/* Measure N: heading up to the first 。 of its line, body the rest. */
static void check_measure(const char *seed, const struct pnode *m, int num)
{
	char label[16], *line;
	snprintf(label, sizeof label, "%d.", num);
	CHECK_STR(m->label, label);
	CHECK_INT(m->level, 2);
	CHECK_INT(m->kind, NODE_ITEM);
	CHECK_INT(m->nkids, 0);
	line = seed_line(seed, label);
	CHECK(line != NULL);
	if (!line)
		return;
	char *stop = strstr(line, "。");
	CHECK(stop != NULL);
	if (stop) {
		*stop = '\0';
		CHECK_STR(m->heading, line + strlen(label));
		CHECK_STR(m->body, stop + strlen("。"));
	}
	free(line);
}

static void check_seed(const struct pdoc *d, const char *seed, const char *variant)
{
	printf("# seed %s\n", variant);
	CHECK_STR(d->title, "中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会主义思想主题教育成果的意见");
	CHECK_STR(d->issuer, "中共中央办公厅");
	CHECK_STR(d->date, "2024-02-23");
	CHECK_STR(d->source, "新华社北京2月28日电");
	CHECK(d->number == NULL && d->recipients == NULL && d->note == NULL);
	CHECK_INT(d->nattachments, 0);
	CHECK(starts(d->preamble, "为巩固拓展学习贯彻"));
	CHECK(ends(d->preamble, "现提出如下意见。"));
	CHECK(starts(d->closing, "各级党委（党组）要把巩固拓展主题教育成果"));
	CHECK(ends(d->closing, "推动各方面工作高质量发展。"));
	CHECK(doc_ok(d, "原文链接"));
	CHECK_INT(d->nnodes, 5); /* 一、…四、 and the closing */
	CHECK_INT(count_nodes(d->nodes, d->nnodes), 20);
	if (d->nnodes == 5) {
		CHECK_INT(d->nodes[4].kind, NODE_CLOSING);
		CHECK_STR(d->nodes[4].heading, ""); /* named where it is read */
		CHECK_STR(d->nodes[4].body, d->closing);
	}
	int num = 1;
	for (size_t s = 0; s < 4 && s < d->nnodes; s++) {
		const struct pnode *sec = &d->nodes[s];
		CHECK_STR(sec->label, seed_labels[s]);
		CHECK_STR(sec->heading, seed_headings[s]);
		CHECK_INT(sec->kind, NODE_SECTION);
		CHECK_INT(sec->level, 1);
		CHECK(starts(sec->body, seed_section_body[s]) && !strchr(sec->body, '\n'));
		CHECK_INT(sec->nkids, seed_kids[s]);
		for (size_t k = 0; k < sec->nkids && k < seed_kids[s]; k++)
			check_measure(seed, &sec->kids[k], num++);
	}
	CHECK_INT(num, 16);
	if (d->nnodes) {
		const struct pnode *m1 = &d->nodes[0].kids[0];
		CHECK_STR(m1->heading, "建立健全“第一议题”制度");
		CHECK(starts(m1->body, "各级党委（党组）召开常委会会议"));
	}
	if (d->nnodes == 4 && d->nodes[3].nkids == 5) /* the closing is not in measure 15 */
		CHECK(!strstr(d->nodes[3].kids[4].body, "各级党委（党组）要把"));
}

/* Rewrite the seed: line ends, indentation, blank lines. */
static char *seed_variant(const char *seed, const char *eol, const char *indent, int blanks)
{
	struct sbuf b = SBUF_INIT;
	for (const char *p = seed; *p;) {
		size_t n = strcspn(p, "\n");
		if (n) {
			sbuf_adds(&b, indent);
			sbuf_add(&b, p, n);
			sbuf_adds(&b, eol);
		} else if (blanks == 1) {
			sbuf_adds(&b, eol);
		} else if (blanks == 2) { /* lines of spaces, doubled */
			sbuf_adds(&b, "  　 ");
			sbuf_adds(&b, eol);
			sbuf_adds(&b, "\t");
			sbuf_adds(&b, eol);
		}
		p += n + (p[n] == '\n');
	}
	return sbuf_detach(&b);
}

static void test_seed(void)
{
	char *seed = seed_text();
	struct {
		const char *name, *eol, *indent;
		int blanks;
	} v[] = {
		{"as shipped", "\n", "", 1},
		{"CRLF", "\r\n", "", 1},
		{"CR", "\r", "", 1},
		{"U+3000 indent", "\n", "　　", 1},
		{"ASCII indent", "\n", "    ", 1},
		{"no blank lines", "\n", "", 0},
		{"space-only lines", "\r\n", "　　", 2},
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		char *text = i ? seed_variant(seed, v[i].eol, v[i].indent, v[i].blanks) : xstrdup(seed);
		struct pdoc d = parse_str(text);
		check_seed(&d, seed, v[i].name);
		pdoc_free(&d);
		free(text);
	}
	/* A UTF-8 BOM in front changes nothing. */
	char *bom = xasprintf("\xEF\xBB\xBF%s", seed);
	struct pdoc d = parse_str(bom);
	check_seed(&d, seed, "with BOM");
	pdoc_free(&d);
	free(bom);
	free(seed);
}

/* ---- regulations: 第X章 / 第X条, letter-spaced title ---- */

static const char reg_doc[] =
	"国 务 院 工 作 规 则\n"
	"（2023年3月24日国务院第1次常务会议通过）\n"
	"\n"
	"第一编　总　　则\n"
	"\n"
	"第一章　一般规定\n"
	"\n"
	"第一条　为了规范国务院工作，制定本规则。\n"
	"\n"
	"第二条　国务院工作的指导思想是坚持以习近平新时代中国特色社会主义思想为指导。\n"
	"\n"
	"第二章　组成人员职责\n"
	"第一节　总理\n"
	"第三条　国务院组成人员要做到：\n"
	"　　（一）坚决维护党中央权威；\n"
	"　　（二）严格依法行政。\n"
	"　　1.以上要求适用于全体组成人员。\n"
	"第四条　总理领导国务院的工作。依照第三条规定的职责开展工作。\n"
	"第二节　副总理\n"
	"第５条　副总理协助总理工作。\n"
	"第6条规定的事项由副总理负责。\n"
	"\n"
	"第二编　附　　则\n"
	"第十一条　本规则自发布之日起施行。\n"
	"\n"
	"2018年6月25日发布的规则同时废止。\n";

static void test_regulation(void)
{
	struct pdoc d = parse_str(reg_doc);
	printf("# regulation\n");
	CHECK(doc_ok(&d, NULL));
	CHECK_STR(d.title, "国务院工作规则");
	CHECK_STR(d.date, "2023-03-24");
	CHECK(d.preamble == NULL && d.closing == NULL);
	CHECK(d.recipients == NULL); /* …要做到： in the body is no 主送 */
	CHECK_INT(d.nnodes, 2);
	if (d.nnodes != 2)
		goto out;
	const struct pnode *p1 = &d.nodes[0], *p2 = &d.nodes[1];
	CHECK_INT(p1->kind, NODE_PART);
	CHECK_STR(p1->label, "第一编");
	CHECK_STR(p1->heading, "总则");
	CHECK_INT(p1->nkids, 2);
	CHECK_INT(p2->kind, NODE_PART);
	CHECK_STR(p2->heading, "附则");
	if (p1->nkids != 2)
		goto out;
	const struct pnode *c1 = &p1->kids[0], *c2 = &p1->kids[1];
	CHECK_INT(c1->kind, NODE_CHAPTER);
	CHECK_INT(c1->level, 2);
	CHECK_STR(c1->label, "第一章");
	CHECK_STR(c1->heading, "一般规定");
	CHECK_INT(c1->nkids, 2);
	if (c1->nkids == 2) {
		CHECK_INT(c1->kids[0].kind, NODE_ARTICLE);
		CHECK_INT(c1->kids[0].level, 3);
		CHECK_STR(c1->kids[0].label, "第一条");
		CHECK_STR(c1->kids[0].heading, "");
		CHECK_STR(c1->kids[0].body, "为了规范国务院工作，制定本规则。");
	}
	CHECK_STR(c2->heading, "组成人员职责");
	CHECK_INT(c2->nkids, 2);
	if (c2->nkids == 2) {
		const struct pnode *j1 = &c2->kids[0];
		CHECK_INT(j1->kind, NODE_SECTION);
		CHECK_STR(j1->label, "第一节");
		CHECK_INT(j1->nkids, 2); /* 第三条, 第四条: the （一） are not headings */
		if (j1->nkids == 2) {
			CHECK_STR(j1->kids[0].label, "第三条");
			CHECK_INT(j1->kids[0].nkids, 0);
			CHECK_STR(j1->kids[0].body, "国务院组成人员要做到：\n（一）坚决维护党中央权威；\n"
						    "（二）严格依法行政。\n1.以上要求适用于全体组成人员。");
			CHECK_STR(j1->kids[1].body, "总理领导国务院的工作。依照第三条规定的职责开展工作。");
		}
		CHECK_INT(c2->kids[1].nkids, 1);
		if (c2->kids[1].nkids == 1) {
			CHECK_STR(c2->kids[1].kids[0].label, "第5条"); /* full-width digit folded */
			CHECK_STR(c2->kids[1].kids[0].body, /* 第6条规定… is a reference */
				  "副总理协助总理工作。\n第6条规定的事项由副总理负责。");
		}
	}
	CHECK_INT(p2->nkids, 1);
	if (p2->nkids == 1) /* the second paragraph of the last article is a 款, not closing */
		CHECK_STR(p2->kids[0].body, "本规则自发布之日起施行。\n2018年6月25日发布的规则同时废止。");
out:
	pdoc_free(&d);
}

/* ---- 预案: 1 / 1.1 / 1.1.1 and a 目录 ---- */

static const char plan_doc[] =
	"某市突发事件总体应急预案\n"
	"\n"
	"目　录\n"
	"1　总则 ……………………… 1\n"
	"1.1　编制目的 ……………… 1\n"
	"1.2　适用范围 ……………… 2\n"
	"2　组织体系 ……………… 3\n"
	"2.1　领导机构 ……………… 3\n"
	"2.1.1　市应急委员会 ……… 3\n"
	"\n"
	"1　总则\n"
	"1.1　编制目的\n"
	"为了提高应对突发事件的能力，制定本预案。\n"
	"1.2　适用范围\n"
	"本预案适用于本市行政区域内突发事件的应对工作，全年发生1.5万起。\n"
	"2　组织体系\n"
	"2.1　领导机构\n"
	"2.1.1　市应急委员会\n"
	"市应急委员会负责统一领导全市突发事件应对工作。\n"
	"2.1.2　专项指挥机构\n"
	"（1）各专项指挥机构要定期开展演练；\n"
	"（2）及时修订专项预案。\n"
	"3　附则\n"
	"本预案自印发之日起实施。\n";

static void test_plan(void)
{
	struct pdoc d = parse_str(plan_doc);
	printf("# plan with contents\n");
	CHECK(doc_ok(&d, "……"));
	CHECK_STR(d.title, "某市突发事件总体应急预案");
	CHECK(d.preamble == NULL); /* the 目录 is neither preamble nor nodes */
	CHECK_INT(d.nnodes, 3);
	if (d.nnodes != 3)
		goto out;
	const struct pnode *s1 = &d.nodes[0], *s2 = &d.nodes[1];
	CHECK_STR(s1->label, "1");
	CHECK_STR(s1->heading, "总则");
	CHECK_INT(s1->kind, NODE_SECTION);
	CHECK_INT(s1->nkids, 2);
	if (s1->nkids == 2) {
		CHECK_STR(s1->kids[0].label, "1.1");
		CHECK_STR(s1->kids[0].heading, "编制目的");
		CHECK_STR(s1->kids[0].body, "为了提高应对突发事件的能力，制定本预案。");
		CHECK_INT(s1->kids[0].level, 2);
		CHECK(strstr(s1->kids[1].body, "1.5万起") != NULL);
	}
	CHECK_STR(s2->heading, "组织体系");
	CHECK_INT(s2->nkids, 1);
	if (s2->nkids == 1) {
		const struct pnode *l = &s2->kids[0];
		CHECK_STR(l->label, "2.1");
		CHECK_INT(l->kind, NODE_SECTION);
		CHECK_INT(l->nkids, 2);
		if (l->nkids == 2) {
			CHECK_STR(l->kids[0].label, "2.1.1");
			CHECK_INT(l->kids[0].level, 3);
			CHECK_STR(l->kids[0].heading, "市应急委员会");
			CHECK_STR(l->kids[1].label, "2.1.2");
			CHECK_INT(l->kids[1].nkids, 2);
			if (l->kids[1].nkids == 2) {
				CHECK_STR(l->kids[1].kids[0].label, "（1）");
				CHECK_INT(l->kids[1].kids[0].level, 4);
			}
		}
	}
	CHECK_STR(d.nodes[2].label, "3");
	CHECK_STR(d.nodes[2].body, "本预案自印发之日起实施。");
out:
	pdoc_free(&d);
}

/* ---- a notice: banner, 文号, 主送, signature, 附件 ---- */

static const char notice_doc[] =
	"国务院办公厅文件\n"
	"\n"
	"国办发〔2019〕5号\n"
	"\n"
	"国务院办公厅关于印发\n"
	"重点工作方案的通知\n"
	"\n"
	"各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
	"　　《重点工作方案》已经国务院同意，现印发给你们，请认真贯彻执行。\n"
	"\n"
	"　　附件：1．重点工作方案\n"
	"　　　　　2．重点任务分工表\n"
	"\n"
	"国务院办公厅\n"
	"二〇一九年一月二十七日\n"
	"（此件公开发布）\n"
	"\n"
	"附件1\n"
	"\n"
	"重点工作方案\n"
	"\n"
	"一、总体要求\n"
	"（一）指导思想。坚持稳中求进工作总基调。\n"
	"二、重点任务\n"
	"（二）加强统筹调度。各地要每季度报送进展情况。\n"
	"附件2\n"
	"重点任务分工表\n"
	"1.完成任务一。\n";

static void check_notice(const struct pdoc *d)
{
	CHECK(doc_ok(d, NULL));
	CHECK_STR(d->title, "国务院办公厅关于印发重点工作方案的通知");
	CHECK_STR(d->issuer, "国务院办公厅");
	CHECK_STR(d->number, "国办发〔2019〕5号");
	CHECK_STR(d->recipients, "各省、自治区、直辖市人民政府，国务院各部委、各直属机构");
	CHECK_STR(d->date, "2019-01-27");
	CHECK_STR(d->note, "（此件公开发布）");
	CHECK_STR(d->preamble, "《重点工作方案》已经国务院同意，现印发给你们，请认真贯彻执行。");
	CHECK(d->closing == NULL);
	CHECK_INT(d->nattachments, 2);
	if (d->nattachments == 2) {
		CHECK_STR(d->attachments[0], "重点工作方案");
		CHECK_STR(d->attachments[1], "重点任务分工表");
	}
	CHECK_INT(d->nnodes, 2);
	if (d->nnodes != 2)
		return;
	const struct pnode *a1 = &d->nodes[0], *a2 = &d->nodes[1];
	CHECK_INT(a1->kind, NODE_ATTACHMENT);
	CHECK_STR(a1->label, "附件1");
	CHECK_STR(a1->heading, "重点工作方案");
	CHECK_INT(a1->nkids, 2);
	if (a1->nkids == 2) {
		CHECK_STR(a1->kids[0].label, "一、");
		CHECK_INT(a1->kids[0].level, 2);
		CHECK_INT(a1->kids[1].nkids, 1);
		if (a1->kids[1].nkids == 1) {
			CHECK_STR(a1->kids[1].kids[0].heading, "加强统筹调度");
			CHECK_STR(a1->kids[1].kids[0].body, "各地要每季度报送进展情况。");
			CHECK_INT(a1->kids[1].kids[0].level, 3);
		}
	}
	CHECK_INT(a2->kind, NODE_ATTACHMENT);
	CHECK_STR(a2->label, "附件2");
	CHECK_STR(a2->heading, "重点任务分工表");
	CHECK_INT(a2->nkids, 1);
}

/* Replace every occurrence of from by to. */
static char *replace(const char *s, const char *from, const char *to)
{
	struct sbuf b = SBUF_INIT;
	for (const char *p; (p = strstr(s, from)) != NULL; s = p + strlen(from)) {
		sbuf_add(&b, s, (size_t)(p - s));
		sbuf_adds(&b, to);
	}
	sbuf_adds(&b, s);
	return sbuf_detach(&b);
}

static void test_notice(void)
{
	printf("# notice\n");
	struct pdoc d = parse_str(notice_doc);
	check_notice(&d);
	pdoc_free(&d);

	printf("# notice with ○ U+25CB and a web-copy 文号\n");
	char *t1 = replace(notice_doc, "〇", "○");
	char *t2 = replace(t1, "〔2019〕", "[2019]");
	d = parse_str(t2);
	check_notice(&d);
	pdoc_free(&d);
	free(t1);
	free(t2);

	/* 附件1：… lines followed by the signature are the list, not labels. */
	printf("# notice with 附件1：… list and an issuer from the signature\n");
	d = parse_str("关于做好春节期间安全工作的通知\n\n各区人民政府：\n"
		      "请各区认真做好安全工作。\n\n附件1：检查表\n附件2：值班表\n\n"
		      "某市人民政府办公室\n2024年1月5日\n");
	CHECK(doc_ok(&d, NULL));
	CHECK_STR(d.title, "关于做好春节期间安全工作的通知");
	CHECK_STR(d.issuer, "某市人民政府办公室");
	CHECK_STR(d.date, "2024-01-05");
	CHECK_STR(d.recipients, "各区人民政府");
	CHECK_INT(d.nattachments, 2);
	if (d.nattachments == 2)
		CHECK_STR(d.attachments[1], "值班表");
	CHECK_INT(d.nnodes, 0);
	CHECK_STR(d.preamble, "请各区认真做好安全工作。");
	pdoc_free(&d);

	/* No signature at all: 附件1 still ends the last measure. */
	printf("# attachment right after the last measure\n");
	d = parse_str("关于开展检查的通知\n\n一、检查内容\n1.安全制度。各单位要自查。\n"
		      "2.应急预案。各单位要修订预案。\n附件1\n检查情况统计表\n单位名称、检查时间\n");
	CHECK(doc_ok(&d, NULL));
	CHECK_INT(d.nnodes, 2);
	if (d.nnodes == 2) {
		CHECK_INT(d.nodes[0].nkids, 2);
		if (d.nodes[0].nkids == 2)
			CHECK_STR(d.nodes[0].kids[1].body, "各单位要修订预案。");
		CHECK_INT(d.nodes[1].kind, NODE_ATTACHMENT);
		CHECK_STR(d.nodes[1].heading, "检查情况统计表");
		CHECK_STR(d.nodes[1].body, "单位名称、检查时间");
	}
	CHECK(d.closing == NULL);
	pdoc_free(&d);

	/* The closing is a node where it stands: after the main text and a
	 * table that follows it, before the 附件. */
	printf("# closing node before the attachments\n");
	d = parse_str("关于开展检查的通知\n\n一、检查内容\n1.安全制度。各单位要自查。\n"
		      "2.应急预案。各单位要修订预案。\n\n请各区于2024年3月31日前报送检查情况。\n"
		      "附件：检查情况统计表\n\n某市应急管理局\n2024年3月1日\n"
		      "附件\n检查情况统计表\n单位名称、检查时间\n");
	CHECK(doc_ok(&d, NULL));
	CHECK_STR(d.closing, "请各区于2024年3月31日前报送检查情况。");
	CHECK_INT(d.nnodes, 3);
	if (d.nnodes == 3) {
		CHECK_INT(d.nodes[0].kind, NODE_SECTION);
		CHECK_INT(d.nodes[1].kind, NODE_CLOSING);
		CHECK_INT(d.nodes[1].level, 1);
		CHECK_STR(d.nodes[1].label, "");
		CHECK_STR(d.nodes[1].heading, "");
		CHECK_STR(d.nodes[1].body, d.closing);
		CHECK_INT(d.nodes[1].nkids, 0);
		CHECK_INT(d.nodes[2].kind, NODE_ATTACHMENT);
	}
	pdoc_free(&d);
	d = parse_str("关于开展检查的通知\n\n一、检查内容\n1.安全制度。各单位要自查。\n"
		      "2.应急预案。各单位要修订预案。\n\n请各区认真组织。\n"
		      "单位\t联系人\n甲\t乙\n");
	CHECK(doc_ok(&d, NULL));
	CHECK_INT(d.nnodes, 3);
	if (d.nnodes == 3) {
		CHECK_INT(d.nodes[1].kind, NODE_CLOSING);
		CHECK_INT(d.nodes[2].kind, NODE_TABLE);
	}
	pdoc_free(&d);
	/* no closing, no node */
	d = parse_str("关于开展检查的通知\n\n一、检查内容\n1.安全制度。各单位要自查。\n");
	CHECK(d.closing == NULL);
	for (size_t i = 0; i < d.nnodes; i++)
		CHECK(d.nodes[i].kind != NODE_CLOSING);
	pdoc_free(&d);
}

/* A notice that forwards a document: its own signature and date first. */
static void test_forward(void)
{
	printf("# forwarding notice\n");
	struct pdoc d = parse_str(
		"国务院办公厅转发国家发展改革委关于促进消费意见的通知\n"
		"国办函〔2020〕12号\n\n"
		"各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
		"国家发展改革委《关于促进消费的意见》已经国务院同意，现转发给你们，请认真贯彻执行。\n\n"
		"国务院办公厅\n2020年3月5日\n\n（此件公开发布）\n\n"
		"关于促进消费的意见\n国家发展改革委\n\n"
		"一、总体要求\n坚持以人民为中心。\n"
		"二、主要任务\n"
		"（一）加强消费基础设施建设。各地要加快建设步伐。\n"
		"（二）完善消费政策。各地要落实好各项政策。\n"
		"各地区各部门要加强组织领导，确保各项措施落到实处。\n");
	CHECK(doc_ok(&d, NULL));
	CHECK_STR(d.title, "国务院办公厅转发国家发展改革委关于促进消费意见的通知");
	CHECK_STR(d.issuer, "国务院办公厅");
	CHECK_STR(d.number, "国办函〔2020〕12号");
	CHECK_STR(d.date, "2020-03-05");
	CHECK_STR(d.note, "（此件公开发布）");
	CHECK(starts(d.preamble, "国家发展改革委《关于促进消费的意见》"));
	CHECK(strstr(d.preamble, "关于促进消费的意见\n") != NULL);
	CHECK_STR(d.closing, "各地区各部门要加强组织领导，确保各项措施落到实处。");
	CHECK_INT(d.nnodes, 3);
	if (d.nnodes == 3)
		CHECK_INT(d.nodes[2].kind, NODE_CLOSING);
	if (d.nnodes == 3) {
		CHECK_STR(d.nodes[0].body, "坚持以人民为中心。");
		CHECK_INT(d.nodes[1].nkids, 2);
		if (d.nodes[1].nkids == 2)
			CHECK_STR(d.nodes[1].kids[1].body, "各地要落实好各项政策。");
	}
	pdoc_free(&d);
}

/* ---- titles ---- */

static void test_titles(void)
{
	printf("# titles\n");
	struct pdoc d = parse_str("中共中央办公厅　国务院办公厅\n关于进一步加强\n基层治理的意见\n"
				  "（2024年5月6日）\n\n为了加强基层治理，提出如下意见。\n"
				  "一、总体要求\n");
	CHECK_STR(d.title, "中共中央办公厅 国务院办公厅关于进一步加强基层治理的意见");
	CHECK_STR(d.issuer, "中共中央办公厅 国务院办公厅");
	CHECK_STR(d.date, "2024-05-06");
	CHECK_STR(d.preamble, "为了加强基层治理，提出如下意见。");
	CHECK_INT(d.nnodes, 1);
	pdoc_free(&d);

	d = parse_str("党 政 机 关 公 文 处 理 工 作 条 例\n（试行）\n\n第一条　为了规范公文处理工作，制定本条例。\n");
	CHECK_STR(d.title, "党政机关公文处理工作条例（试行）");
	CHECK(d.issuer == NULL);
	CHECK_INT(d.nnodes, 1);
	pdoc_free(&d);

	/* A news lede carries the dateline and names the document in 《》. */
	d = parse_str("新华社北京3月1日电　近日，中共中央办公厅印发了《关于加强调查研究的意见》，"
		      "并发出通知，要求各地结合实际认真贯彻落实。\n\n一、重要意义\n"
		      "原文链接：http://example.org/x\n");
	CHECK_STR(d.source, "新华社北京3月1日电");
	CHECK_STR(d.title, "关于加强调查研究的意见");
	CHECK(starts(d.preamble, "近日，中共中央办公厅印发了"));
	CHECK(doc_ok(&d, "原文链接"));
	pdoc_free(&d);

	/* Web furniture above the title; a lead-in ending in ： is no 主送. */
	d = parse_str("2024-02-28 20:30　来源：新华社\n关于拓宽农民收入来源的通知\n"
		      "为了做好有关工作，现就有关事项通知如下：\n一、提高认识\n");
	CHECK_STR(d.title, "关于拓宽农民收入来源的通知");
	CHECK_STR(d.source, "新华社");
	CHECK(d.recipients == NULL);
	CHECK_STR(d.preamble, "为了做好有关工作，现就有关事项通知如下：");
	CHECK_INT(d.nnodes, 1);
	pdoc_free(&d);

	/* Nothing title-like: no title (the importer names it), the text the preamble. */
	d = parse_str("为了加强管理，现通知如下。请遵照执行。\n");
	CHECK_STR(d.title, "");
	CHECK_INT(d.title_from, TITLE_NONE);
	CHECK_STR(d.preamble, "为了加强管理，现通知如下。请遵照执行。");
	CHECK_INT(d.nnodes, 0);
	pdoc_free(&d);
}

/* ---- four levels, numbering beyond ten, running on across parents ---- */

static const char *const cn_digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static char *cn(int v)
{
	if (v < 10)
		return xstrdup(cn_digits[v]);
	return xasprintf("%s十%s", v >= 20 ? cn_digits[v / 10] : "", cn_digits[v % 10]);
}

static void test_four_levels(void)
{
	struct sbuf b = SBUF_INIT;
	int paren = 0;
	sbuf_adds(&b, "某某工作要点\n\n");
	for (int s = 1; s <= 12; s++) {
		char *c = cn(s);
		sbuf_addf(&b, "%s、第%s方面工作\n", c, c);
		free(c);
		int per = s <= 5 ? 5 : 4; /* 25 + 28 = 53 */
		for (int k = 0; k < per; k++) {
			c = cn(++paren);
			sbuf_addf(&b, "（%s）任务%d。各单位要抓好落实（1）第一步；（2）第二步。\n", c, paren);
			free(c);
			if (paren == 11) {
				sbuf_adds(&b, "1.细化措施。明确分工。\n");
				sbuf_adds(&b, "（1）制定清单；\n（2）（二）中的要求照此办理。\n");
				sbuf_adds(&b, "2.加强督导。\n");
			}
		}
	}
	char *text = sbuf_detach(&b);
	struct pdoc d = parse_str(text);
	printf("# four levels\n");
	CHECK(doc_ok(&d, NULL));
	CHECK_STR(d.title, "某某工作要点");
	CHECK_INT(d.nnodes, 12);
	CHECK_INT(count_nodes(d.nodes, d.nnodes), 12 + 53 + 2 + 2);
	if (d.nnodes == 12) {
		CHECK_STR(d.nodes[10].label, "十一、");
		CHECK_STR(d.nodes[10].heading, "第十一方面工作");
		CHECK_STR(d.nodes[11].label, "十二、");
		CHECK_INT(d.nodes[11].nkids, 4);
		if (d.nodes[11].nkids == 4) {
			const struct pnode *last = &d.nodes[11].kids[3];
			CHECK_STR(last->label, "（五十三）");
			CHECK_INT(last->level, 2);
			CHECK_INT(last->kind, NODE_ITEM);
			CHECK_STR(last->heading, "任务53");
			CHECK_STR(last->body, "各单位要抓好落实（1）第一步；（2）第二步。");
		}
		const struct pnode *s3 = &d.nodes[2]; /* （十一） is its first child */
		CHECK_INT(s3->nkids, 5);
		if (s3->nkids == 5) {
			const struct pnode *p11 = &s3->kids[0];
			CHECK_STR(p11->label, "（十一）");
			CHECK_INT(p11->kind, NODE_SECTION);
			CHECK_INT(p11->nkids, 2);
			if (p11->nkids == 2) {
				CHECK_STR(p11->kids[0].label, "1.");
				CHECK_INT(p11->kids[0].level, 3);
				CHECK_STR(p11->kids[0].body, "明确分工。");
				CHECK_INT(p11->kids[0].nkids, 2);
				if (p11->kids[0].nkids == 2) {
					CHECK_STR(p11->kids[0].kids[1].label, "（2）");
					CHECK_INT(p11->kids[0].kids[1].level, 4);
				}
				CHECK_STR(p11->kids[1].label, "2.");
			}
			CHECK_STR(s3->kids[1].label, "（十二）");
		}
	}
	pdoc_free(&d);
	free(text);
}

/* ---- things that look like numbering but are not ---- */

static void test_not_headings(void)
{
	printf("# not headings\n");
	struct pdoc d = parse_str("关于2023年工作情况的报告\n\n"
				  "一、基本情况\n"
				  "1997年4―6月，开展了试点。\n"
				  "（1991年起）全面推开。\n"
				  "3.5%的增长目标基本实现。\n"
				  "1.1万人参加培训。\n"
				  "2019、2020年连续两年获评先进。\n"
				  "三、四月份集中开展检查。\n"
				  "（一），（二）两项已完成。\n"
				  "坚持全面覆盖。\n"
				  "二、下一步工作\n"
				  "１．加强组织领导。\n");
	CHECK(doc_ok(&d, NULL));
	CHECK_INT(d.nnodes, 2);
	if (d.nnodes == 2) {
		CHECK_INT(d.nodes[0].nkids, 0);
		CHECK_STR(d.nodes[0].body, "1997年4―6月，开展了试点。\n（1991年起）全面推开。\n"
					   "3.5%的增长目标基本实现。\n1.1万人参加培训。\n"
					   "2019、2020年连续两年获评先进。\n三、四月份集中开展检查。\n"
					   "（一），（二）两项已完成。\n坚持全面覆盖。");
		CHECK_INT(d.nodes[1].nkids, 1);
		if (d.nodes[1].nkids == 1) {
			CHECK_STR(d.nodes[1].kids[0].label, "1．");
			CHECK_STR(d.nodes[1].kids[0].heading, "加强组织领导");
			CHECK_STR(d.nodes[1].kids[0].body, "");
		}
	}
	pdoc_free(&d);
}

/* ---- run-in, standalone and long items; where the closing starts ---- */

static void test_runin(void)
{
	printf("# run-in and standalone headings\n");
	struct pdoc d = parse_str(
		"关于加强某项工作的意见\n\n"
		"一、主要任务\n"
		"（一）健全工作制度\n"
		"各单位要建立台账。每月报送一次。\n"
		"（二）各地要在2024年底前全面完成老旧小区改造任务，统筹推进配套设施建设和管理服务提升，确保群众满意，切实提高居民生活品质和幸福感\n"
		"（三）强化监督检查。\n"
		"（四）各地区各部门要把监督检查摆在突出位置，统筹安排人员力量和经费保障，按照属地原则逐级压实责任。年底前报告。\n"
		"二、组织实施\n"
		"加强组织领导。\n"
		"各级党委和政府要把本意见落实情况纳入考核。\n");
	CHECK(doc_ok(&d, NULL));
	CHECK(d.closing == NULL); /* 二、 is a standalone top-level heading: its body runs on */
	CHECK_INT(d.nnodes, 2);
	if (d.nnodes == 2 && d.nodes[0].nkids == 4) {
		const struct pnode *k = d.nodes[0].kids;
		CHECK_STR(k[0].heading, "健全工作制度");
		CHECK_STR(k[0].body, "各单位要建立台账。每月报送一次。");
		CHECK_STR(k[1].heading, "各地要在2024年底前全面完成老旧小区改造任务");
		CHECK(starts(k[1].body, "各地要在2024年底前") && ends(k[1].body, "幸福感"));
		CHECK_STR(k[2].heading, "强化监督检查");
		CHECK_STR(k[2].body, "");
		CHECK_STR(k[3].heading, "各地区各部门要把监督检查摆在突出位置");
		CHECK(starts(k[3].body, "各地区各部门要把") && ends(k[3].body, "年底前报告。"));
	} else {
		CHECK_MSG(0, "four items under 一、");
	}
	if (d.nnodes == 2)
		CHECK_STR(d.nodes[1].body, "加强组织领导。\n各级党委和政府要把本意见落实情况纳入考核。");
	pdoc_free(&d);

	/* After a run-in item, a blank line and a new paragraph close the text. */
	d = parse_str("关于某事的通知\n\n1.做好准备。各单位要提前部署。\n\n2.加强值守。严格执行值班制度。\n"
		      "值班人员要坚守岗位。\n\n请认真贯彻执行。\n");
	CHECK_INT(d.nnodes, 3);
	if (d.nnodes == 3) {
		CHECK_INT(d.nodes[2].kind, NODE_CLOSING);
		CHECK_STR(d.nodes[2].body, "请认真贯彻执行。");
		CHECK_INT(d.nodes[1].level, 1);
		CHECK_STR(d.nodes[1].body, "严格执行值班制度。\n值班人员要坚守岗位。");
	}
	CHECK_STR(d.closing, "请认真贯彻执行。");
	pdoc_free(&d);

	/* Hard-wrapped lines (a PDF copy) are joined into one paragraph. */
	d = parse_str("关于某事的通知\n\n一、工作要求\n　　各地区各部门要高度重视安全生产工作，认真落实\n"
		      "安全生产责任制，切实加强隐患排查。\n　　要加强应急值守。\n");
	CHECK_INT(d.nnodes, 1);
	if (d.nnodes == 1)
		CHECK_STR(d.nodes[0].body, "各地区各部门要高度重视安全生产工作，认真落实安全生产责任制，"
					   "切实加强隐患排查。\n要加强应急值守。");
	pdoc_free(&d);
}

/* ---- inputs meant to break things ---- */

static void parse_bytes_ok(const char *what, const char *s, size_t n)
{
	struct pdoc d;
	int ok = parse_document(s, n, &d) == LU_OK && doc_ok(&d, NULL) && d.title != NULL;
	check_report(ok, what, __FILE__, __LINE__);
	pdoc_free(&d);
}

static void test_garbage(void)
{
	printf("# garbage\n");
	struct pdoc d;
	CHECK(parse_document("", 0, &d) == LU_OK);
	CHECK(d.title != NULL && d.nnodes == 0 && d.preamble == NULL);
	pdoc_free(&d);
	CHECK(parse_document(NULL, 0, &d) == LU_OK && d.title != NULL);
	pdoc_free(&d);

	parse_bytes_ok("only line ends", "\n\r\n\r\r\n\n", 7);
	parse_bytes_ok("only blanks", "   \t　　\n  　\n", strlen("   \t　　\n  　\n"));
	parse_bytes_ok("only punctuation", "。。。，，，、、、（（（）））“”“\n：：：\n",
		       strlen("。。。，，，、、、（（（）））“”“\n：：：\n"));
	static const char bad[] = "一、\0\xff\xfe标\x1b[31m题\xe4\xb8\n1.\x80\x9c\r（\xef\xbc";
	parse_bytes_ok("NUL, invalid UTF-8, controls", bad, sizeof bad - 1);
	parse_bytes_ok("labels only", "一、\n（一）\n1.\n（1）\n①\n第一章\n第一条\n附件\n附件：\n目录\n",
		       strlen("一、\n（一）\n1.\n（1）\n①\n第一章\n第一条\n附件\n附件：\n目录\n"));

	/* Deep and repetitive numbering: depth stays bounded by the schemes. */
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < 2000; i++)
		sbuf_adds(&b, "第一编\n第一章\n第一节\n一、\n（一）\n1.\n（1）\n1）\n①\n1.1.1.1 x\n");
	parse_bytes_ok("deep numbering", b.s, b.len);
	sbuf_reset(&b);

	/* One long line without a line end, starting like a run-in item. */
	sbuf_adds(&b, "1.");
	for (int i = 0; i < 200000; i++)
		sbuf_adds(&b, "加强“领导（");
	parse_bytes_ok("2 MB in one line", b.s, b.len);
	size_t n = b.len;
	char *mid = b.s;
	mid[n / 2] = '\0'; /* a NUL in the middle */
	parse_bytes_ok("NUL inside a long line", mid, n);
	sbuf_free(&b);

	/* A 目录 with no end in sight, a dateline alone, a signature alone. */
	parse_bytes_ok("endless contents", "目录\n1 总则\n2 附则\n", strlen("目录\n1 总则\n2 附则\n"));
	parse_bytes_ok("dateline only", "新华社北京2月28日电", strlen("新华社北京2月28日电"));
	parse_bytes_ok("date only", "二〇二四年二月二十三日\n", strlen("二〇二四年二月二十三日\n"));
}

static void test_kind_names(void)
{
	CHECK_STR(node_kind_name(NODE_ARTICLE), "article");
	CHECK_INT(node_kind_parse("attachment"), NODE_ATTACHMENT);
	CHECK_INT(node_kind_parse("closing"), NODE_CLOSING);
	CHECK_INT(node_kind_parse("nonsense"), -1);
	CHECK_INT(node_kind_parse(NULL), -1);
}

static void test_node_title(void)
{
	char *t;
	const char *cases[][3] = {
	    {"一、", "坚持以学铸魂", "一、坚持以学铸魂"}, {"（三）", "加强领导", "（三）加强领导"},
	    {"1.", "建立健全制度", "1.建立健全制度"},    {"12．", "推动发展", "12．推动发展"},
	    {"第一章", "总则", "第一章 总则"},           {"第五条", "本办法所称", "第五条 本办法所称"},
	    {"1.1", "适用范围", "1.1 适用范围"},         {"", "坚持全面覆盖", "坚持全面覆盖"},
	    {"第二节", "", "第二节"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		t = node_title(cases[i][0], cases[i][1]);
		CHECK_STR(t, cases[i][2]);
		free(t);
	}
}

int main(void)
{
	test_node_title();
	test_seed();
	test_regulation();
	test_plan();
	test_notice();
	test_forward();
	test_titles();
	test_four_levels();
	test_not_headings();
	test_runin();
	test_garbage();
	test_kind_names();
	return check_done();
}
