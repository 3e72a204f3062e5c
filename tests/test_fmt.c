/* test_fmt.c - the format readers on bytes in memory: what a file's first
 * bytes say it is, the sentences for files luoshi cannot read, web pages
 * (charset, main block, tables, line breaks) and the rejoining of PDF text
 * as pdftotext -layout gives it. The .docx reader and the PDF runner are
 * tested end to end in tests/fmt_*.sh. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "luoshi/fmt.h"

static char *pdf(const char *layout)
{
	size_t len;
	char *s = fmt_layout_text(layout, strlen(layout), &len);
	CHECK(strlen(s) == len);
	return s;
}

#define CHECK_PDF(layout, want)              \
	do {                                 \
		char *got_ = pdf(layout);    \
		CHECK_STR(got_, want);       \
		free(got_);                  \
	} while (0)

static void test_names(void)
{
	CHECK_INT(fmt_parse_name("docx"), FMT_DOCX);
	CHECK_INT(fmt_parse_name("HTML"), FMT_HTML);
	CHECK_INT(fmt_parse_name("htm"), FMT_HTML);
	CHECK_INT(fmt_parse_name("txt"), FMT_TEXT);
	CHECK_INT(fmt_parse_name("text"), FMT_TEXT);
	CHECK_INT(fmt_parse_name("pdf"), FMT_PDF);
	CHECK_INT(fmt_parse_name("ofd"), FMT_OFD);
	CHECK_INT(fmt_parse_name("auto"), FMT_AUTO);
	CHECK_INT(fmt_parse_name("doc"), -1);
	CHECK_INT(fmt_parse_name(""), -1);
	CHECK_STR(fmt_kind_name(FMT_DOCX), "docx");
}

#define SNIFF(s) fmt_sniff((const unsigned char *)(s), sizeof(s) - 1)

static void test_sniff(void)
{
	CHECK_INT(SNIFF("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), FMT_PDF);
	CHECK_INT(SNIFF("\r\n\r\n%PDF-1.4\n"), FMT_PDF); /* junk before the header is allowed */
	CHECK_INT(SNIFF("PK\3\4\24\0\6\0\10\0\0\0!\0[Content_Types].xml word/document.xml"), FMT_DOCX);
	CHECK_INT(SNIFF("PK\3\4\24\0\0\0\10\0OFD.xml Doc_0/Document.xml"), FMT_OFD);
	CHECK_INT(SNIFF("<!DOCTYPE html>\n<html><body><p>一、总体要求</p></body></html>"), FMT_HTML);
	CHECK_INT(SNIFF("\xEF\xBB\xBF  <HTML>\r\n<HEAD><TITLE>通知</TITLE>"), FMT_HTML);
	CHECK_INT(SNIFF("<p>一、总体要求</p>"), FMT_HTML);
	/* UTF-16 markup reads as markup */
	CHECK_INT(SNIFF("\xFF\xFE<\0h\0t\0m\0l\0>\0<\0b\0o\0d\0y\0>\0"), FMT_HTML);
	CHECK_INT(SNIFF("关于印发<实施方案>的通知\n一、总体要求\n"), FMT_TEXT);
	CHECK_INT(SNIFF("<一>总体要求\n<p>"), FMT_TEXT); /* not a tag first */
	CHECK_INT(SNIFF("一、总体要求\n<html>"), FMT_TEXT);
	CHECK_INT(SNIFF(""), FMT_TEXT);
}

/* The refusal sentence for buf as a file named path, or "" when none. */
static const char *refusal(const char *path, const char *buf, size_t n)
{
	lu_error_clear();
	return fmt_refusal(path, (const unsigned char *)buf, n) == LU_OK ? "" : lu_errmsg();
}
#define REFUSAL(path, s) refusal(path, s, sizeof(s) - 1)

static void test_refusals(void)
{
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0";
	static const char enc[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....E\0n\0c\0r\0y\0p\0t\0e\0d\0"
				  "P\0a\0c\0k\0a\0g\0e\0";
	const char *m = REFUSAL("通知.doc", ole);
	CHECK(strstr(m, "通知.doc is a Word 97-2003 document (.doc)") != NULL);
	CHECK(strstr(m, "save it as .docx") != NULL);
	CHECK(strstr(REFUSAL("a.wps", ole), "a.wps is a WPS document (.wps)") != NULL);
	CHECK(strstr(REFUSAL("a.bin", ole), "an old Office format") != NULL);
	CHECK(strstr(REFUSAL("b.docx", enc), "b.docx is protected by a password") != NULL);
	CHECK(strstr(REFUSAL("s.png", "\x89PNG\r\n\x1A\n\0\0"), "s.png is a PNG image") != NULL);
	CHECK(strstr(REFUSAL("s.jpg", "\xFF\xD8\xFF\xE0\0\x10JFIF"), "OCR") != NULL);
	CHECK(strstr(REFUSAL("s.tif", "II*\0\x08\0\0\0"), "TIFF image") != NULL);
	CHECK(strstr(REFUSAL("a.rtf", "{\\rtf1\\ansi"), "Rich Text") != NULL);
	CHECK(strstr(REFUSAL("a.gz", "\x1F\x8B\x08\0"), "a gzip archive") != NULL);
	CHECK(strstr(REFUSAL("a.mht", "MIME-Version: 1.0\r\nContent-Type: multipart/related;"),
		     "web archive (.mht)") != NULL);
	CHECK_STR(REFUSAL("a.txt", "一、总体要求\n"), "");
	CHECK_STR(REFUSAL("a.docx", "PK\3\4 word/document.xml"), "");
	CHECK_STR(REFUSAL("a.pdf", "%PDF-1.4"), "");
	CHECK_STR(REFUSAL("a.txt", ""), "");
}

/* ---- web pages ---- */

static char *page(const char *html, const char *force, char label[ENC_NAME_MAX])
{
	char *text = NULL;
	size_t len = 0;
	lu_error_clear();
	if (fmt_html_text("t.html", (const unsigned char *)html, strlen(html), force, label, &text,
			  &len) != LU_OK)
		return NULL;
	CHECK(strlen(text) == len);
	return text;
}

#define CHECK_PAGE(html, want)                        \
	do {                                          \
		char lab_[ENC_NAME_MAX];              \
		char *got_ = page(html, NULL, lab_);  \
		CHECK_STR(got_, want);                \
		free(got_);                           \
	} while (0)

#ifdef HAVE_LIBXML2
static const char nav[] =
	"<div class=\"nav\"><a href=/>首页</a><a href=/a>政务公开</a><a href=/b>办事服务</a></div>"
	"<div class=\"breadcrumb\"><a href=/>首页</a> &gt; <a href=/zc>政策</a></div>";
static const char foot[] =
	"<div class=\"share\">分享到：<a href=#>微信</a><a href=#>微博</a></div>"
	"<div class=\"footer\"><p>版权所有：XX市人民政府</p><p>主办：办公厅</p></div>"
	"<script>document.write('统计')</script>";

static void test_html_block(void)
{
	char buf[4096];
	snprintf(buf, sizeof buf,
		 "<html><head><title>关于印发方案的通知_XX市人民政府</title></head><body>%s"
		 "<div class=\"article\"><h1>关于印发方案的通知</h1>"
		 "<div class=\"info\">发布时间：2024-03-01　来源：办公厅</div>"
		 "<div id=\"UCAP-CONTENT\"><p>各区人民政府：</p>"
		 "<p style=\"text-indent:2em\">现将方案印发给你们，\n   请认真贯彻执行。</p>"
		 "<p>一、总体要求</p><p>（一）指导思想。坚持&nbsp;&nbsp;问题导向。</p>"
		 "<p style=\"display: none\">隐藏</p><p></p><p>&nbsp;</p>"
		 "</div></div>%s</body></html>",
		 nav, foot);
	/* the h1 above the block, the block's paragraphs; no nav, share, footer, script */
	CHECK_PAGE(buf, "关于印发方案的通知\n\n各区人民政府：\n\n现将方案印发给你们， 请认真贯彻执行。\n\n"
			"一、总体要求\n\n（一）指导思想。坚持 问题导向。\n\n");

	/* the block already has the title (over two lines): not repeated */
	snprintf(buf, sizeof buf,
		 "<body>%s<h1>关于加强安全生产工作的报告</h1><div class=\"content\">"
		 "<p align=center>关于加强安全生产</p><p align=center>工作的报告</p>"
		 "<p>为贯彻落实决策部署，现报告如下。</p><p>一、主要工作</p><p>二、下一步安排</p>"
		 "</div>%s</body>",
		 nav, foot);
	CHECK_PAGE(buf, "关于加强安全生产\n\n工作的报告\n\n为贯彻落实决策部署，现报告如下。\n\n"
			"一、主要工作\n\n二、下一步安排\n\n");

	/* an old page: <br> lines in a table cell, next to a column of links */
	snprintf(buf, sizeof buf,
		 "<table><tr><td class=left><a href=1>通知公告</a><br><a href=2>政策法规</a><br>"
		 "<a href=3>人事信息</a></td><td><table><tr><td class=title><b>XX办法</b></td></tr>"
		 "<tr><td id=zoom>&nbsp;&nbsp;第一条　为了规范管理，制定本办法。<br><br>"
		 "&nbsp;&nbsp;第二条　本办法自发布之日起施行。<br></td></tr></table></td></tr></table>");
	CHECK_PAGE(buf, "XX办法\n\n第一条　为了规范管理，制定本办法。\n\n第二条　本办法自发布之日起施行。\n\n");

	/* <pre> keeps its line breaks */
	CHECK_PAGE("<body><pre>一、总体要求\n二、主要任务\n</pre></body>", "一、总体要求\n\n二、主要任务\n\n");
}

static void test_html_tables(void)
{
	/* rows one line each, cells TAB-separated, a cell's line breaks spaces,
	 * a rowspan repeated below, a colspan as empty cells, trailing empty
	 * cells dropped, a table inside a cell read as its words */
	CHECK_PAGE("<body><div class=content><p>二、重点任务分工</p><table>"
		   "<tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>完成时限</th></tr>"
		   "<tr><td>1</td><td><p>推行企业开办</p><p>全程网上办理</p></td>"
		   "<td rowspan=2>市市场监管局</td><td>2024年6月底前</td></tr>"
		   "<tr><td>2</td><td>压缩审批时间\t至15日</td><td>2024年9月底前</td></tr>"
		   "<tr><td colspan=2>合计</td><td>两项</td><td></td></tr>"
		   "<tr><td>3</td><td><table><tr><td>甲</td><td>乙</td></tr></table></td>"
		   "<td>市发展改革委<br>市财政局</td><td>长期</td></tr>"
		   "<tr><td></td><td> </td></tr>"
		   "</table><p>三、保障措施</p></div></body>",
		   "二、重点任务分工\n\n序号\t重点任务\t牵头单位\t完成时限\n\n"
		   "1\t推行企业开办 全程网上办理\t市市场监管局\t2024年6月底前\n\n"
		   "2\t压缩审批时间 至15日\t市市场监管局\t2024年9月底前\n\n"
		   "合计\t\t两项\n\n"
		   "3\t甲 乙\t市发展改革委 市财政局\t长期\n\n"
		   "三、保障措施\n\n");
	/* a rowspan beside an empty column, to the end of the row */
	CHECK_PAGE("<table><tr><td>甲</td><td></td><td rowspan=3>乙</td></tr>"
		   "<tr><td>丙</td></tr><tr><td>丁</td><td>戊</td></tr></table>",
		   "甲\t\t乙\n\n丙\t\t乙\n\n丁\t戊\t乙\n\n");
	/* a hostile span does not allocate a billion cells */
	char lab[ENC_NAME_MAX];
	char *t = page("<table><tr><td colspan=1000000000>甲</td><td rowspan=99999999>乙</td></tr>"
		       "<tr><td>丙</td></tr></table>",
		       NULL, lab);
	CHECK(t && strlen(t) < 400 && strstr(t, "甲\t") == t && strstr(t, "\n丙\t"));
	free(t);
}

static void test_html_charset(void)
{
	char lab[ENC_NAME_MAX], *t;
	/* 关于 in GBK, declared by an http-equiv meta tag (gb2312 is read as GB18030) */
	t = page("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
		 "</head><body><p>\xB9\xD8\xD3\xDA</p></body></html>",
		 NULL, lab);
	CHECK_STR(t, "关于\n\n");
	CHECK_STR(lab, "html (GB18030)");
	free(t);
	/* <meta charset=gbk> */
	t = page("<meta charset='GBK'><p>\xB9\xD8\xD3\xDA</p>", NULL, lab);
	CHECK_STR(t, "关于\n\n");
	CHECK_STR(lab, "html (GBK)");
	free(t);
	/* no declaration: detected as for text files */
	t = page("<html><body><p>\xB9\xD8\xD3\xDA\xD3\xA1\xB7\xA2</p></body></html>", NULL, lab);
	CHECK_STR(t, "关于印发\n\n");
	CHECK_STR(lab, "html (GB18030)");
	free(t);
	/* a wrong declaration (UTF-8, but the bytes are GBK): the bytes win */
	t = page("<meta charset=utf-8><p>\xB9\xD8\xD3\xDA</p>", NULL, lab);
	CHECK_STR(t, "关于\n\n");
	CHECK_STR(lab, "html (GB18030)");
	free(t);
	/* UTF-8 with a BOM, and a meta tag that says otherwise: the BOM wins */
	t = page("\xEF\xBB\xBF<meta charset=gbk><p>关于</p>", NULL, lab);
	CHECK_STR(t, "关于\n\n");
	CHECK_STR(lab, "html (UTF-8)");
	free(t);
	/* --encoding overrides the page */
	t = page("<meta charset=utf-8><p>\xB9\xD8\xD3\xDA</p>", "gbk", lab);
	CHECK_STR(t, "关于\n\n");
	CHECK_STR(lab, "html (GBK)");
	free(t);
	/* a forced encoding the bytes do not fit: refused with the offset */
	t = page("<p>\xFF\xFF</p>", "utf-8", lab);
	CHECK(t == NULL);
	CHECK(strstr(lu_errmsg(), "t.html") && strstr(lu_errmsg(), "byte 3"));
	/* controls and escape sequences never reach the text */
	t = page("<p>一\x1B[31m、&#27;[2J总体\x07要求&#x85;</p>", NULL, lab);
	CHECK_STR(t, "一[31m、[2J总体要求\n\n");
	free(t);
}

static void test_html_limits(void)
{
	struct sbuf b = SBUF_INIT;
	char lab[ENC_NAME_MAX];
	for (int i = 0; i < 5000; i++)
		sbuf_adds(&b, "<div>");
	sbuf_adds(&b, "深");
	char *t = page(b.s, NULL, lab);
	CHECK(t == NULL);
	CHECK(strstr(lu_errmsg(), "t.html is nested more than") != NULL);
	free(t);
	sbuf_free(&b);
	/* entities of a DTD are not expanded by the HTML parser */
	t = page("<!DOCTYPE html [<!ENTITY a \"哈哈哈哈哈哈哈哈\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
		 "<p>&b;&b;&b;</p>",
		 NULL, lab);
	CHECK(t == NULL || strlen(t) < 200);
	free(t);
	t = page("   ", NULL, lab);
	CHECK(t == NULL);
	free(t);
}

#endif

/* ---- PDF text, as pdftotext -layout lays it out ---- */

static void test_pdf_paragraphs(void)
{
	/* indented first lines; full lines continue; a short line ends */
	CHECK_PDF("                 关于加强安全生产工作的报告\n"
		  "    XX省人民政府：\n"
		  "    为贯彻落实省委、省政府关于安全生产工作的决策部署，切\n"
		  "实防范化解重大安全风险，现将我市有关工作情况报告如下。\n"
		  "    一、主要工作情况\n"
		  "    （一）压实安全生产责任。市政府召开常务会议专题研究安\n"
		  "全生产工作，制定年度安全生产责任清单，逐级签订目标责任书\n"
		  "。\n"
		  "    2.道路交通领域。开展“两客一危”车辆专项整治，严厉打\n"
		  "击超速超载等违法行为。\n",
		  "关于加强安全生产工作的报告\n\nXX省人民政府：\n\n"
		  "为贯彻落实省委、省政府关于安全生产工作的决策部署，切实防范化解重大安全风险，现将我市有关工作情况报告如下。\n\n"
		  "一、主要工作情况\n\n"
		  "（一）压实安全生产责任。市政府召开常务会议专题研究安全生产工作，制定年度安全生产责任清单，逐级签订目标责任书。\n\n"
		  "2.道路交通领域。开展“两客一危”车辆专项整治，严厉打击超速超载等违法行为。\n\n");
	/* a paragraph that goes on over a page break (page number and running
	 * header dropped; the foot of the page is not a paragraph break) */
	CHECK_PDF("       XX市人民政府公报   2024年第3期\n\n"
		  "  第一条   为了规范本市政府信息公开工作，保障公民、法人\n"
		  "和其他组织依法获取政府信息，根据《中华人民共和国政府信息\n"
		  "公开条例》，结合本市实际，制定本办法。\n"
		  "  第二条   本办法适用于本市各级行政机关的政府信息公开工\n"
		  "作。法律、法规授权的具有管理公共事务职能的组织公开政府信\n\n\n\n"
		  "                              — 1 —\n"
		  "\f       XX市人民政府公报   2024年第3期\n\n"
		  "息，适用本办法。\n"
		  "  第三条   各级人民政府应当加强对政府信息公开工作的组织\n"
		  "领导。\n\n\n"
		  "— 2 —\n\f",
		  "第一条 为了规范本市政府信息公开工作，保障公民、法人和其他组织依法获取政府信息，"
		  "根据《中华人民共和国政府信息公开条例》，结合本市实际，制定本办法。\n\n"
		  "第二条 本办法适用于本市各级行政机关的政府信息公开工作。法律、法规授权的具有管理公共"
		  "事务职能的组织公开政府信息，适用本办法。\n\n"
		  "第三条 各级人民政府应当加强对政府信息公开工作的组织领导。\n\n");
	/* other page number forms */
	CHECK_PDF("正文第一页的内容在这里结束了。\n  - 3 -\n\f第4页 共9页\n正文第二页。\n   4 \n\f",
		  "正文第一页的内容在这里结束了。\n\n正文第二页。\n\n");
	/* no indentation anywhere: a sentence end (。；：！？) ends the paragraph;
	 * English words joined by a space, a number split by a line not; one
	 * blank beside a Chinese character is the typesetter's spacing, not a
	 * space in the text */
	CHECK_PDF("各地区各部门要按照本通知要求组织实施，确保各项任务落实。\n"
		  "二、本通知自2024年1月1日起施行，原有规定与本通知不一致的以\n"
		  "本通知为准，具体要求参见世界贸易组织文件 World Trade\n"
		  "Organization 的相关规则和程序要求执行，详见有关附录第12\n"
		  "3条。\n",
		  "各地区各部门要按照本通知要求组织实施，确保各项任务落实。\n\n"
		  "二、本通知自2024年1月1日起施行，原有规定与本通知不一致的以本通知为准，具体要求参见"
		  "世界贸易组织文件World Trade Organization的相关规则和程序要求执行，详见有关附录第123条。\n\n");
	/* a heading always starts a paragraph, even after a full line */
	CHECK_PDF("    （二）加强应急救援能力建设。每年组织开展综合应急演练，完\n"
		  "善应急物资储备，提高综合救援能力，确保关键时刻拉得出、用得\n"
		  "（三）健全长效机制。\n",
		  "（二）加强应急救援能力建设。每年组织开展综合应急演练，完善应急物资储备，提高综合救援能力，"
		  "确保关键时刻拉得出、用得\n\n（三）健全长效机制。\n\n");
	CHECK_PDF("", "");
	CHECK_PDF("\f\f\n\n\f", "");
}

static void test_pdf_tables(void)
{
	/* as pdftotext -layout gives a table over two pages: columns by
	 * position, wrapped cells joined, rows by the first column, the header
	 * row repeated on the next page dropped */
	CHECK_PDF("     二、重点任务分工\n"
		  "序号    重点任务           牵头单位    配合单位    完成时限\n"
		  "\n"
		  "1     推行企业开办全程网上办    市市场监    市政务服务   2024年6月\n"
		  "      理，压缩开办时间至1个工   管局      数据管理局   底前\n"
		  "      作日以内\n"
		  "\n\n\n\n"
		  "                                     — 1 —\n"
		  "\f序号     重点任务           牵头单位   配合单位    完成时限\n"
		  "2      深化工程建设项目审批制    市住房城   市发展改革   2024年9月\n"
		  "       度改革，社会投资简易低    乡建设局   委、市自然   底前\n"
		  "       风险项目审批时间压缩至           资源局\n"
		  "       15个工作日以内\n"
		  "\n"
		  "3      全面推行惠企政策“免申    市发展改   市财政局    2024年12\n"
		  "       即享”            革委             月底前\n"
		  "\n"
		  "4      建立常态化政企沟通机制，   市工商联   各区人民政   长期坚持\n"
		  "       每季度召开一次企业座谈           府\n"
		  "       会\n"
		  "\n"
		  "     三、保障措施\n"
		  "     各牵头单位要制定具体实施方案，每月底前向市营商环境办\n"
		  "报送工作进展情况。\n"
		  "\n\n\n\n"
		  "    — 2 —\n\f",
		  "二、重点任务分工\n\n"
		  "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n\n"
		  "1\t推行企业开办全程网上办理，压缩开办时间至1个工作日以内\t市市场监管局\t市政务服务数据管理局\t2024年6月底前\n\n"
		  "2\t深化工程建设项目审批制度改革，社会投资简易低风险项目审批时间压缩至15个工作日以内\t"
		  "市住房城乡建设局\t市发展改革委、市自然资源局\t2024年9月底前\n\n"
		  "3\t全面推行惠企政策“免申即享”\t市发展改革委\t市财政局\t2024年12月底前\n\n"
		  "4\t建立常态化政企沟通机制，每季度召开一次企业座谈会\t市工商联\t各区人民政府\t长期坚持\n\n"
		  "三、保障措施\n\n各牵头单位要制定具体实施方案，每月底前向市营商环境办报送工作进展情况。\n\n");
	/* two segments are a label and its text or a name and a date, not a table */
	CHECK_PDF(" X府报〔2024〕5号               签发人：王五\n"
		  "    为贯彻落实省委、省政府关于安全生产工作的决策部署，切\n"
		  "实防范化解重大安全风险，现将我市有关工作情况报告如下。\n"
		  "  第五条   行政机关应当主动公开下列政府信息。\n"
		  " XX市人民政府办公室             2024年3月1日印发\n",
		  "X府报〔2024〕5号 签发人：王五\n\n"
		  "为贯彻落实省委、省政府关于安全生产工作的决策部署，切实防范化解重大安全风险，现将我市有关工作情况报告如下。\n\n"
		  "第五条 行政机关应当主动公开下列政府信息。\n\n"
		  "XX市人民政府办公室 2024年3月1日印发\n\n");
}

int main(void)
{
	test_names();
	test_sniff();
	test_refusals();
#ifdef HAVE_LIBXML2
	test_html_block();
	test_html_tables();
	test_html_charset();
	test_html_limits();
#else
	test_html_absent();
#endif
	test_pdf_paragraphs();
	test_pdf_tables();
	return check_done();
}
