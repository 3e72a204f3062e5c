#!/usr/bin/env python3
"""mkdoc.py [--plain] SPEC OUTDIR - make one document in every format luoshi reads.

From one spec (UTF-8 text, one paragraph per line) write:
  doc.txt        what a browser copy gives: a line per paragraph, blank lines
                 between, table rows as TAB-separated cells (the reference)
  doc.html       a page shaped like a current government site (UTF-8)
  doc-gbk.html   an old GBK page: table layout, <br> lines, gb2312 meta tag
  doc.docx       a Word-shaped .docx: automatic numbering, split runs, a
                 text box (AlternateContent), footnote, header and footer
  doc-wps.docx   a WPS-shaped .docx: other numbering definitions, style-
                 linked numbering, smartTag/ins/del/fldSimple/hyperlink/sdt
  doc.pdf        a GB/T 9704-like PDF page layout (28 characters a line,
                 page numbers, optional running header), our own writer
  doc.ofd        the same pages as an OFD file (GB/T 33190), with a page
                 template whose text a reader must not get
Spec lines: '^' centred, '>' right-aligned, '=' a 版记 line, a TAB makes a
table row; two or more spaces inside a line are a gap (one space in the
text); '#title TEXT' the page title, '#header TEXT' a running header on
every PDF page; '#box' puts the
next paragraph in a text box in doc.docx; '#hidden TEXT', '#deleted TEXT',
'#footnote TEXT' add text a reader must not get (--plain leaves them out).
Only the standard library.
"""
import html
import os
import re
import sys
import zipfile

# ---------------------------------------------------------------- the spec


class Para:
    def __init__(self, text, align="", mark=""):
        self.text, self.align, self.mark = text, align, mark
        self.box = False


class Row:
    def __init__(self, cells):
        self.cells = cells


def parse_spec(path):
    blocks, meta = [], {"header": None, "title": None, "hidden": [], "deleted": [], "footnote": []}
    box = False
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if line.startswith("#"):
            key, _, val = line[1:].partition(" ")
            if key == "box":
                box = True
            elif key in ("header", "title"):
                meta[key] = val
            elif key in meta:
                meta[key].append(val)
            continue
        if not line.strip():
            continue
        if "\t" in line:
            blocks.append(Row(line.split("\t")))
            continue
        align = mark = ""
        if line[0] in "^>=":
            mark, line = line[0], line[1:]
            align = {"^": "center", ">": "right", "=": ""}[mark]
        p = Para(line, align, mark)
        p.box, box = box, False
        blocks.append(p)
    return blocks, meta


def flat(text):
    """The text as a reader copies it: a gap is one space."""
    return re.sub(r" {2,}", " ", text)


def write_txt(blocks, out):
    with open(out, "w", encoding="utf-8") as f:
        for b in blocks:
            f.write(("\t".join(b.cells) if isinstance(b, Row) else flat(b.text)) + "\n\n")


# ---------------------------------------------------------------- numbering

CN = "零一二三四五六七八九"


def cn_value(s):
    """一 .. 九十九 as an int, or None."""
    if not s or any(c not in CN + "十" for c in s):
        return None
    if "十" not in s:
        return CN.index(s) if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    return (CN.index(tens) if tens else 1) * 10 + (CN.index(ones) if ones else 0)


def cn_numeral(v):
    if v < 10:
        return CN[v]
    t, o = divmod(v, 10)
    return (CN[t] if t > 1 else "") + "十" + (CN[o] if o else "")


LEVELS = [  # (pattern, level, lvlText, numFmt)
    (re.compile(r"^([一二三四五六七八九十]+)、"), 0, "%1、", "chineseCounting"),
    (re.compile(r"^（([一二三四五六七八九十]+)）"), 1, "（%2）", "chineseCounting"),
    (re.compile(r"^(\d+)\.(?!\d)"), 2, "%3.", "decimal"),
    (re.compile(r"^（(\d+)）"), 3, "（%4）", "decimal"),
]


def numbered(p):
    """(level, value, rest) when p starts with a GB/T 9704 label."""
    if p.align or p.mark:
        return None
    for rx, lvl, _, _ in LEVELS:
        m = rx.match(p.text)
        if m:
            v = int(m.group(1)) if m.group(1).isdigit() else cn_value(m.group(1))
            if v:
                return lvl, v, p.text[m.end():]
    return None


class Numbering:
    """Word's counters: one list, deeper levels restart when a higher level
    is used; a value Word would not give gets a new w:num with a start
    override (as Word's "set numbering value" does)."""

    def __init__(self):
        self.count = [0, 0, 0, 0]
        self.nums = [(1, {})]  # numId -> overrides {level: start}

    def use(self, lvl, value):
        want = self.count[lvl] + 1
        num = len(self.nums)
        if value != want:
            self.nums.append((len(self.nums) + 1, {lvl: value}))
            num = len(self.nums)
        self.count[lvl] = value
        for d in range(lvl + 1, 4):
            self.count[d] = 0
        return num


# ---------------------------------------------------------------- HTML


def html_page(blocks, title, modern=True):
    body = []
    rows = []

    def flush_rows():
        if rows:
            tr = "".join("<tr>" + "".join("<td><p>%s</p></td>" % html.escape(c) for c in r) + "</tr>\n" for r in rows)
            body.append('<table border="1" cellspacing="0">\n<tbody>\n%s</tbody></table>' % tr)
            rows.clear()

    for b in blocks:
        if isinstance(b, Row):
            rows.append(b.cells)
            continue
        flush_rows()
        text = html.escape(b.text).replace("  ", "&nbsp;&nbsp;")
        if modern:
            style = ' style="text-align: %s;"' % b.align if b.align else ' style="text-indent: 2em;"'
            body.append("<p%s>%s</p>" % (style, text))
        else:
            align = ' align="%s"' % b.align if b.align else ""
            body.append("<div%s>&nbsp;&nbsp;&nbsp;&nbsp;%s</div>" % (align, text) if b.align else
                        "&nbsp;&nbsp;&nbsp;&nbsp;%s<br>\n<br>" % text)
    flush_rows()
    content = "\n".join(body)
    nav = "".join('<li><a href="/%d/">栏目%d</a></li>' % (i, i) for i in range(1, 9))
    esc = html.escape(title)
    if modern:
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{esc}_政策文件_XX市人民政府门户网站</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav li {{ float: left; }}</style></head>
<body>
<div class="header"><div class="logo"><a href="/">XX市人民政府门户网站</a></div>
<ul class="nav">{nav}</ul>
<div class="search"><form action="/search"><input name="q" value="请输入关键词"><button>搜索</button></form></div></div>
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/zc/">政策</a> &gt; <a href="/zc/wj/">政策文件</a></div>
<div class="main-box">
<table class="info"><tr><td>索引号：</td><td>11440300/2024-00001</td><td>分类：</td><td>综合政务</td></tr>
<tr><td>发布机构：</td><td><a href="/org/">XX市人民政府</a></td><td>发布日期：</td><td>2024-03-01</td></tr></table>
<div class="article">
<h1 class="title">{esc}</h1>
<div class="pages-date">2024-03-01 09:30 <span class="font">来源：XX市人民政府办公厅</span> 【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div id="UCAP-CONTENT" class="pages_content">
{content}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h3>相关文件</h3><ul><li><a href="/a">关于开展XX工作的通知</a></li><li><a href="/b">XX市XX管理办法</a></li></ul></div>
</div></div>
<div class="footer"><p>主办：XX市人民政府办公厅　承办：XX市政务服务数据管理局</p><p>版权所有 © XX市人民政府 <a href="https://beian.miit.gov.cn">粤ICP备00000000号</a></p></div>
<div style="display:none">隐藏的统计文字</div>
</body></html>
"""
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc}</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
</head>
<body topmargin="0">
<table width="100%" border="0"><tr><td><img src="/images/top.jpg"></td></tr>
<tr><td class="menu"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/bsfw/">办事服务</a> | <a href="/hdjl/">互动交流</a></td></tr></table>
<table width="778" align="center" border="0"><tr>
<td width="180" valign="top" class="left"><a href="/l1">通知公告</a><br><a href="/l2">政策法规</a><br><a href="/l3">规划计划</a><br><a href="/l4">人事信息</a></td>
<td valign="top">
<table width="100%"><tr><td class="title" align="center"><font size="4"><b>{esc}</b></font></td></tr>
<tr><td align="center" class="date">发布时间：2024年03月01日　　浏览次数：<script>document.write(1234)</script></td></tr>
<tr><td class="b12c" id="zoom">
{content}
</td></tr>
<tr><td align="right"><a href="#" onclick="window.print()">[打印]</a> <a href="#" onclick="window.close()">[关闭]</a></td></tr>
</table></td></tr></table>
<table width="778" align="center"><tr><td align="center" class="bottom">XX市人民政府办公室主办　地址：XX市XX路1号　邮编：000000<br>建议使用1024×768分辨率浏览</td></tr></table>
</body></html>
"""


def write_html(blocks, title, outdir):
    with open(os.path.join(outdir, "doc.html"), "w", encoding="utf-8") as f:
        f.write(html_page(blocks, title, True))
    with open(os.path.join(outdir, "doc-gbk.html"), "wb") as f:
        f.write(html_page(blocks, title, False).encode("gbk"))


# ---------------------------------------------------------------- DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_WORD = (f'xmlns:w="{W}" xmlns:r="{R}" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:v="urn:schemas-microsoft-com:vml" '
           'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
           'mc:Ignorable="w14 wp14"')
NS_WPS = NS_WORD + (' xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData"'
                    ' xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing"')


def esc(s):
    return html.escape(s, quote=True)


def run(text, rpr=""):
    if not text:
        return ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


RPR = '<w:rPr><w:rFonts w:hint="eastAsia" w:ascii="仿宋_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>'


def split_runs(text, wps=False):
    """Text as Word stores it: in several runs, with proofing marks and a
    bookmark in between; WPS adds its own containers."""
    if len(text) < 6:
        return run(text, RPR)
    a, b = len(text) // 3, 2 * len(text) // 3
    rpr = RPR
    if not wps:
        return (run(text[:a], rpr) + '<w:proofErr w:type="spellStart"/>' +
                '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>' +
                run(text[a:b], rpr) + '<w:proofErr w:type="spellEnd"/>' + run(text[b:], rpr))
    return (f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">{run(text[:a], rpr)}</w:smartTag>'
            f'<w:ins w:id="1" w:author="张三" w:date="2024-03-01T00:00:00Z">{run(text[a:b], rpr)}</w:ins>'
            f'<w:hyperlink w:anchor="x"><w:r>{rpr}<w:t>{esc(text[b:])}</w:t></w:r></w:hyperlink>')


def gap_runs(text, wps):
    """A line with a gap: the parts separated by a tab, as Word aligns them."""
    parts = re.split(r" {2,}", text)
    return '<w:r><w:tab/></w:r>'.join(split_runs(x, wps) for x in parts)


def ppr(p, extra=""):
    jc = f'<w:jc w:val="{p.align}"/>' if p.align else ""
    ind = '<w:ind w:firstLine="640"/>' if not p.align and not p.mark else ""
    return f"<w:pPr>{extra}{jc}{ind}</w:pPr>"


def text_box(inner):
    """A text box as Word writes it: the wps shape, and a VML copy for old
    readers. A reader takes one of them."""
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
            '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="5600000" cy="600000"/>'
            '<wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


def docx_table(rows, wps):
    ncol = max(len(r) for r in rows)
    grid = "".join('<w:gridCol w:w="%d"/>' % (9000 // ncol) for _ in range(ncol))
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="a3"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for r in rows:
        cells = []
        for c in r:
            inner = f"<w:p>{split_runs(c, wps)}</w:p>"
            if wps:
                inner = f"<w:sdt><w:sdtPr><w:id w:val=\"7\"/></w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>"
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{9000 // ncol}" w:type="dxa"/></w:tcPr>{inner}</w:tc>')
        cells += ['<w:tc><w:p/></w:tc>'] * (ncol - len(r))
        out.append('<w:tr><w:trPr><w:jc w:val="center"/></w:trPr>' + "".join(cells) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def docx_body(blocks, meta, wps):
    num, out, rows = Numbering(), [], []
    extras = {"hidden": list(meta["hidden"]), "deleted": list(meta["deleted"]),
              "footnote": list(meta["footnote"])}

    def flush_rows():
        if rows:
            out.append(docx_table(rows, wps))
            rows.clear()

    for b in blocks:
        if isinstance(b, Row):
            rows.append(b.cells)
            continue
        flush_rows()
        n = numbered(b)
        if b.box:
            inner = f"<w:p>{ppr(b)}{split_runs(b.text, wps)}</w:p>"
            out.append(f"<w:p>{ppr(Para(''))}{text_box(inner)}</w:p>")
            continue
        if b.mark == "=" and wps:
            # WPS templates put the 版记 in a one-column table
            out.append('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="8800"/></w:tblGrid>'
                       f'<w:tr><w:tc><w:p>{gap_runs(b.text, wps)}</w:p></w:tc></w:tr></w:tbl>')
            continue
        if n:
            lvl, value, rest = n
            numid = num.use(lvl, value)
            if wps:  # style-linked: heading styles carry the numbering, and a numPr overrides
                pp = f'<w:pStyle w:val="{lvl + 2}"/><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{numid}"/></w:numPr>'
            else:
                pp = f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{numid}"/></w:numPr>'
            body = split_runs(rest, wps)
        else:
            pp, body = "", gap_runs(b.text, wps)
        tail = ""
        if extras["hidden"]:
            tail += f'<w:r><w:rPr><w:vanish/></w:rPr><w:t>{esc(extras["hidden"].pop())}</w:t></w:r>'
        if extras["deleted"]:
            tail += f'<w:del w:id="9" w:author="李四"><w:r><w:delText>{esc(extras["deleted"].pop())}</w:delText></w:r></w:del>'
        if extras["footnote"]:
            extras["footnote"].pop()
            tail += '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
        out.append(f"<w:p>{ppr(b, pp)}{body}{tail}</w:p>")
    flush_rows()
    sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rId8"/>'
            '<w:footerReference w:type="default" r:id="rId9"/>'
            '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="1474" w:gutter="0"/></w:sectPr>')
    return "".join(out) + sect, num


def numbering_xml(num, wps):
    fmts = ["chineseCounting", "chineseCounting", "decimal", "decimal"]
    texts = [t for _, _, t, _ in LEVELS]
    if wps:  # WPS: its own definitions, 一 as chineseCountingThousand
        fmts[0] = fmts[1] = "chineseCountingThousand"

    def lvls():
        out = []
        for i in range(9):
            if i < 4:
                out.append(f'<w:lvl w:ilvl="{i}" w:tentative="0"><w:start w:val="1"/><w:numFmt w:val="{fmts[i]}"/>'
                           + (f'<w:pStyle w:val="{i + 2}"/>' if wps else "")
                           + f'<w:suff w:val="{"nothing" if wps else "tab"}"/><w:lvlText w:val="{texts[i]}"/><w:lvlJc w:val="left"/>'
                           f'<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>')
            else:
                out.append(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%{i + 1}."/><w:lvlJc w:val="left"/></w:lvl>')
        return "".join(out)

    multi = '<w:multiLevelType w:val="multilevel"/>'
    xml = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {NS_WPS if wps else NS_WORD}>']
    # an unused definition first, so that ids do not line up by accident
    xml.append('<w:abstractNum w:abstractNumId="0"><w:nsid w:val="1A2B3C4D"/><w:multiLevelType w:val="singleLevel"/>'
               '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF06C;"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')
    xml.append(f'<w:abstractNum w:abstractNumId="5"><w:nsid w:val="5E6F7A8B"/>{multi}{lvls()}</w:abstractNum>')
    for numid, over in num.nums:
        ov = "".join(f'<w:lvlOverride w:ilvl="{l}"><w:startOverride w:val="{s}"/></w:lvlOverride>' for l, s in over.items())
        xml.append(f'<w:num w:numId="{numid}"><w:abstractNumId w:val="5"/>{ov}</w:num>')
    xml.append('<w:num w:numId="99"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    return "".join(xml)


def styles_xml(wps):
    heads = ""
    if wps:  # numbered heading styles; the paragraphs' own numPr decides the list
        heads = "".join(f'<w:style w:type="paragraph" w:styleId="{i + 2}"><w:name w:val="heading {i + 1}"/><w:basedOn w:val="1"/>'
                        f'<w:pPr><w:numPr><w:ilvl w:val="{i}"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="{i}"/></w:pPr></w:style>'
                        for i in range(4))
    base = "1" if wps else "Normal"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {NS_WPS if wps else NS_WORD}>'
            f'<w:style w:type="paragraph" w:default="1" w:styleId="{base}"><w:name w:val="Normal"/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
            f'{heads}</w:styles>')


def write_docx(blocks, meta, path, wps):
    body, num = docx_body(blocks, meta, wps)
    ns = NS_WPS if wps else NS_WORD
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {ns}><w:body>{body}</w:body></w:document>'
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
          '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
          '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
          '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    rt = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    drels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             f'<Relationship Id="rId1" Type="{rt}styles" Target="styles.xml"/>'
             f'<Relationship Id="rId2" Type="{rt}numbering" Target="numbering.xml"/>'
             f'<Relationship Id="rId3" Type="{rt}footnotes" Target="footnotes.xml"/>'
             f'<Relationship Id="rId8" Type="{rt}header" Target="header1.xml"/>'
             f'<Relationship Id="rId9" Type="{rt}footer" Target="footer1.xml"/>'
             '</Relationships>')
    hdr = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:hdr {ns}><w:p>{run("页眉文字不进正文")}</w:p></w:hdr>'
    ftr = (f'<?xml version="1.0" encoding="UTF-8"?>\n<w:ftr {ns}><w:p><w:r><w:t>— </w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
           '<w:r><w:t> —</w:t></w:r></w:p></w:ftr>')
    fn = (f'<?xml version="1.0" encoding="UTF-8"?>\n<w:footnotes {ns}><w:footnote w:id="1"><w:p>'
          f'{run(meta["footnote"][0] if meta["footnote"] else "脚注")}</w:p></w:footnote></w:footnotes>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
        z.writestr("word/_rels/document.xml.rels", drels)
        z.writestr("word/styles.xml", styles_xml(wps))
        z.writestr("word/numbering.xml", numbering_xml(num, wps))
        z.writestr("word/header1.xml", hdr)
        z.writestr("word/footer1.xml", ftr)
        z.writestr("word/footnotes.xml", fn)
        z.writestr("docProps/app.xml", '<?xml version="1.0"?><Properties><Application>%s</Application></Properties>'
                   % ("WPS Office_12.1.0" if wps else "Microsoft Office Word"))
        if wps:
            z.writestr("docProps/custom.xml", '<?xml version="1.0"?><Properties><property name="KSOProductBuildVer"><vt:lpwstr xmlns:vt="x">2052-12.1.0</vt:lpwstr></property></Properties>')


# ---------------------------------------------------------------- PDF

PT = 15.75          # 3号 仿宋: 28 characters on a 156 mm line
TPT = 12.0          # 小四: tables
TLINE = 16.0
LINE = 28.0         # 22 lines a page
LEFT, TOP, WIDTH = 79.0, 842 - 105.0, 28 * PT
LINES_PER_PAGE = 22


def em(c):
    return 0.5 if ord(c) < 0x2000 and c != "“" and c != "”" else 1.0


NO_START = "，。、；：？！”’）》」』】〕,.;:?!)"


def wrap(text, width, first_indent=0.0):
    """Lines of at most width ems (the first one indented); punctuation that
    may not start a line hangs at the end of the one before (禁则), and a
    run of digits or Latin letters is never split."""
    lines, cur, w, lim = [], "", 0.0, width - first_indent
    for tok in re.findall(r"[A-Za-z0-9.%]+|.", text):
        tw = width_em(tok)
        if w + tw > lim + 1e-9 and cur and tok[0] not in NO_START:
            lines.append(cur)
            cur, w, lim = "", 0.0, width
        cur += tok
        w += tw
    if cur:
        lines.append(cur)
    return lines


def width_em(s):
    return sum(em(c) for c in s)


def layout(blocks):
    """Pages of lines (y_pt, [(x_pt, text, size)...])."""
    lines = []
    rows = []

    def flush_rows():
        """A table in 小四 (12 pt): each column as wide as its header, the
        room left shared by how much longer the other cells are."""
        if not rows:
            return
        ncol = max(len(r) for r in rows)
        total = WIDTH / TPT
        base = [width_em(rows[0][i]) + 1.5 if i < len(rows[0]) else 2.5 for i in range(ncol)]
        more = [max(max(width_em(r[i]) if i < len(r) else 0 for r in rows) + 1.5 - base[i], 0) for i in range(ncol)]
        room = total - sum(base)
        widths = [base[i] + (room * more[i] / sum(more) if sum(more) else 0) for i in range(ncol)]
        xs = [LEFT + (sum(widths[:i]) + 0.5) * TPT for i in range(ncol)]
        for r in rows:
            wrapped = [wrap(r[i], widths[i] - 1.5) if i < len(r) else [] for i in range(ncol)]
            for k in range(max(len(w) for w in wrapped)):
                lines.append((TLINE, [(xs[i], wrapped[i][k], TPT) for i in range(ncol) if k < len(wrapped[i])]))
            lines.append((TLINE / 2, []))  # the rule between rows
        rows.clear()

    for b in blocks:
        if isinstance(b, Row):
            rows.append(b.cells)
            continue
        flush_rows()
        parts = re.split(r" {2,}", b.text)
        if len(parts) == 2:  # a gap: left part and right part
            lines.append((LINE, [(LEFT + PT, parts[0], PT), (LEFT + WIDTH - width_em(parts[1]) * PT - PT, parts[1], PT)]))
        elif b.align == "center":
            for ln in wrap(b.text, 26):
                lines.append((LINE, [(LEFT + (WIDTH - width_em(ln) * PT) / 2, ln, PT)]))
        elif b.align == "right":
            lines.append((LINE, [(LEFT + WIDTH - width_em(b.text) * PT - 2 * PT, b.text, PT)]))
        else:
            indent = 1 if b.mark == "=" else 2
            for i, ln in enumerate(wrap(b.text, 28, indent)):
                lines.append((LINE, [(LEFT + (indent * PT if i == 0 else 0), ln, PT)]))
    flush_rows()
    pages, page, h = [], [], 0.0
    for adv, parts in lines:
        if h + adv > LINES_PER_PAGE * LINE + 1e-9:
            pages.append(page)
            page, h = [], 0.0
        page.append((TOP - h, parts))
        h += adv
    return pages + [page] if page else pages


class PdfWriter:
    def __init__(self):
        self.objs = []

    def add(self, body):
        self.objs.append(body if isinstance(body, bytes) else body.encode("latin-1"))
        return len(self.objs)

    def stream(self, data, extra=""):
        return self.add(b"<< /Length %d %s >>\nstream\n" % (len(data), extra.encode()) + data + b"\nendstream")

    def bytes(self, root):
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offs = []
        for i, o in enumerate(self.objs, 1):
            offs.append(len(out))
            out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objs) + 1)
        for o in offs:
            out += b"%010d 00000 n \n" % o
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(self.objs) + 1, root, xref)
        return bytes(out)


def to_unicode(chars):
    entries = sorted(chars)
    body = []
    for i in range(0, len(entries), 100):
        chunk = entries[i:i + 100]
        body.append("%d beginbfchar\n" % len(chunk) +
                    "".join("<%04X> <%04X>\n" % (c, c) for c in chunk) + "endbfchar\n")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "".join(body) +
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode()


def write_pdf(blocks, meta, path):
    pages = layout(blocks)
    pdf = PdfWriter()
    chars = set()
    contents = []
    for no, page in enumerate(pages, 1):
        ops = []

        def text(x, y, s, size):
            chars.update(ord(c) for c in s)
            ops.append("BT /F1 %.2f Tf %.2f %.2f Td <%s> Tj ET" % (size, x, y, "".join("%04X" % ord(c) for c in s)))

        if meta["header"]:
            h = meta["header"]
            text(LEFT + (WIDTH - width_em(h) * 10.5) / 2, 842 - 60, h, 10.5)
        for y, line in page:
            for x, s, size in line:
                text(x, y, s, size)
        num = "— %d —" % no  # odd pages right, even pages left (GB/T 9704 7.5)
        x = LEFT + WIDTH - width_em(num) * 14 - 14 if no % 2 else LEFT + 14
        text(x, 60, num, 14)
        contents.append("\n".join(ops).encode())
    cmap = pdf.stream(to_unicode(chars))
    widths = " ".join("%d [%s]" % (c, 500 if em(chr(c)) == 0.5 else 1000) for c in sorted(chars))
    desc = pdf.add("<< /Type /FontDescriptor /FontName /FangSong /Flags 4 /FontBBox [0 -140 1000 880] "
                   "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    cid = pdf.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FangSong /CIDSystemInfo "
                  "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R "
                  "/DW 1000 /W [%s] /CIDToGIDMap /Identity >>" % (desc, widths))
    font = pdf.add("<< /Type /Font /Subtype /Type0 /BaseFont /FangSong /Encoding /Identity-H "
                   "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid, cmap))
    streams = [pdf.stream(c) for c in contents]
    pages_id = len(pdf.objs) + len(streams) + 1
    kids = []
    for s in streams:
        kids.append(pdf.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                            "/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, s, font)))
    assert pdf.add("<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join("%d 0 R" % k for k in kids), len(kids))) == pages_id
    root = pdf.add("<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    with open(path, "wb") as f:
        f.write(pdf.bytes(root))


# ---------------------------------------------------------------- OFD

OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
MM = 25.4 / 72


def deltas(text, size_mm):
    """DeltaX as OFD writers put it: runs of equal advances as g N v."""
    adv = ["%.3f" % (em(c) * size_mm) for c in text[:-1]]
    out, i = [], 0
    while i < len(adv):
        j = i
        while j < len(adv) and adv[j] == adv[i]:
            j += 1
        out.append("g %d %s" % (j - i, adv[i]) if j - i > 2 else " ".join(adv[i:j]))
        i = j
    return " ".join(out)


def write_ofd(blocks, meta, path):
    pages = layout(blocks)
    oid = [10]

    def text_object(x_pt, y_pt, text, size_pt):
        oid[0] += 1
        sz = size_pt * MM
        x, base = x_pt * MM, (842 - y_pt) * MM
        w = width_em(text) * sz
        return (f'<ofd:TextObject ID="{oid[0]}" Boundary="{x:.3f} {base - sz:.3f} {w:.3f} {sz * 1.2:.3f}" Font="3" Size="{sz:.4f}">'
                f'<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{sz:.3f}" DeltaX="{deltas(text, sz)}">{esc(text)}</ofd:TextCode></ofd:TextObject>')

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {OFD_NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
                   '<ofd:DocInfo><ofd:DocID>0C6D4C7BA1F44AFB93A10DCF2E8C42D7</ofd:DocID><ofd:Creator>mkdoc</ofd:Creator></ofd:DocInfo>'
                   '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        refs = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {OFD_NS}><ofd:CommonData>'
                   '<ofd:MaxUnitID>99999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                   '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
                   f'<ofd:Pages>{refs}</ofd:Pages></ofd:Document>')
        z.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {OFD_NS} BaseLoc="Res"><ofd:Fonts>'
                   '<ofd:Font ID="3" FontName="仿宋_GB2312" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>')
        # a template with a mark on every page: page furniture, not read
        z.writestr("Doc_0/Tpls/Tpl_0/Content.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID="4">'
                   + text_object(79, 800, "模板文字不进正文", 10.5) + '</ofd:Layer></ofd:Content></ofd:Page>')
        for no, page in enumerate(pages, 1):
            objs = []
            if meta["header"]:
                h = meta["header"]
                objs.append(text_object(LEFT + (WIDTH - width_em(h) * 10.5) / 2, 842 - 60, h, 10.5))
            for y, line in page:
                for x, text, size in line:
                    objs.append(text_object(x, y, text, size))
            num = "— %d —" % no
            objs.append(text_object(LEFT + WIDTH - width_em(num) * 14 - 14 if no % 2 else LEFT + 14, 60, num, 14))
            z.writestr(f"Doc_0/Pages/Page_{no - 1}/Content.xml",
                       f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {OFD_NS}><ofd:Template TemplateID="2"/><ofd:Content>'
                       f'<ofd:Layer ID="{no + 5}"><ofd:PageBlock ID="{no + 7}">' + "".join(objs) + '</ofd:PageBlock></ofd:Layer></ofd:Content></ofd:Page>')


def main():
    plain = sys.argv[1] == "--plain"
    spec, outdir = sys.argv[1 + plain], sys.argv[2 + plain]
    os.makedirs(outdir, exist_ok=True)
    blocks, meta = parse_spec(spec)
    if plain:  # nothing hidden, deleted or in a footnote: for other programs to render
        meta["hidden"], meta["deleted"], meta["footnote"] = [], [], []
    title = meta["title"]
    write_txt(blocks, os.path.join(outdir, "doc.txt"))
    write_html(blocks, title, outdir)
    write_docx(blocks, meta, os.path.join(outdir, "doc.docx"), False)
    write_docx(blocks, meta, os.path.join(outdir, "doc-wps.docx"), True)
    write_pdf(blocks, meta, os.path.join(outdir, "doc.pdf"))
    write_ofd(blocks, meta, os.path.join(outdir, "doc.ofd"))


if __name__ == "__main__":
    main()
