#!/usr/bin/env python3
"""docx.py OUTDIR - small .docx files, each testing one thing the reader
must get right, with the text it must give in NAME.want beside NAME.docx.
Only the standard library."""
import os
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
NS = ('xmlns:w="{w}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData"')
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def write(out, name, body, numbering=None, styles=None, main="word/document.xml", ns=W, want=None,
          extra=None):
    n = NS.format(w=ns)
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {n}><w:body>{body}</w:body></w:document>'
    d, _, base = main.rpartition("/")
    rels = [f'<Relationship Id="rId1" Type="{RT}styles" Target="styles.xml"/>',
            f'<Relationship Id="rId2" Type="{RT}numbering" Target="numbering.xml"/>']
    with zipfile.ZipFile(os.path.join(out, name + ".docx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{RT}officeDocument" Target="/{main}"/></Relationships>')
        z.writestr(main, doc)
        z.writestr(f"{d}/_rels/{base}.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(rels) + "</Relationships>")
        if numbering is not None:
            z.writestr(f"{d}/numbering.xml", f'<?xml version="1.0"?><w:numbering {n}>{numbering}</w:numbering>')
        if styles is not None:
            z.writestr(f"{d}/styles.xml", f'<?xml version="1.0"?><w:styles {n}>{styles}</w:styles>')
        for member, data in (extra or {}).items():
            z.writestr(member, data)
    with open(os.path.join(out, name + ".want"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n\n" for line in want))


def p(text, ppr=""):
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def num(numid, ilvl):
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{numid}"/></w:numPr>'


def lvl(i, fmt, text, start=1, extra=""):
    return (f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}<w:lvlJc w:val="left"/></w:lvl>')


GBT = (lvl(0, "chineseCounting", "%1、") + lvl(1, "chineseCounting", "（%2）") +
       lvl(2, "decimal", "%3.") + lvl(3, "decimal", "（%4）"))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    # GB/T 9704 levels; deeper levels restart under a higher one
    seq = [(0, "总体要求"), (1, "指导思想。"), (1, "基本原则"), (2, "坚持问题导向"), (3, "甲"), (3, "乙"),
           (2, "坚持系统观念"), (0, "主要任务"), (1, "加强领导"), (2, "明确分工")]
    write(out, "levels", "".join(p(t, num(1, i)) for i, t in seq),
          f'<w:abstractNum w:abstractNumId="0">{GBT}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
          want=["一、总体要求", "（一）指导思想。", "（二）基本原则", "1.坚持问题导向", "（1）甲", "（2）乙",
                "2.坚持系统观念", "二、主要任务", "（一）加强领导", "1.明确分工"])

    # ten and more; chineseCountingThousand (WPS) reads the same
    write(out, "tens", "".join(p("项", num(1, 0)) for _ in range(12)),
          '<w:abstractNum w:abstractNumId="3">' + lvl(0, "chineseCountingThousand", "%1、") +
          '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num>',
          want=[c + "、项" for c in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]])

    # 1. 2. running on across sections (lvlRestart 0), as in the seed
    write(out, "runon", p("甲", num(1, 0)) + p("子", num(1, 2)) + p("丑", num(1, 2)) + p("乙", num(1, 0)) + p("寅", num(1, 2)),
          '<w:abstractNum w:abstractNumId="0">' + lvl(0, "chineseCounting", "%1、") +
          lvl(2, "decimal", "%3.", extra='<w:lvlRestart w:val="0"/>') + '</w:abstractNum>'
          '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
          want=["一、甲", "1.子", "2.丑", "二、乙", "3.寅"])

    # two lists of one definition continue each other; a start override
    # restarts; an override of a level's definition changes its form
    write(out, "override", p("a", num(1, 0)) + p("b", num(1, 0)) + p("c", num(2, 0)) + p("d", num(3, 0)) +
          p("e", num(3, 0)) + p("f", num(4, 0)),
          '<w:abstractNum w:abstractNumId="7">' + lvl(0, "decimal", "%1.") + '</w:abstractNum>'
          '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>'
          '<w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>'
          '<w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
          '<w:num w:numId="4"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
          + lvl(0, "decimalEnclosedCircle", "%1") + '</w:lvlOverride></w:num>',
          want=["1.a", "2.b", "3.c", "5.d", "6.e", "①f"])

    # numbering from paragraph styles (through basedOn); numId 0 takes it
    # away; a level linked to a style; a numbering style (numStyleLink)
    styles = ('<w:style w:type="paragraph" w:styleId="Base"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="Base"/><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="H2"><w:basedOn w:val="Base"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Art"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>')
    numbering = ('<w:abstractNum w:abstractNumId="0">' + lvl(0, "chineseCounting", "%1、") +
                 lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="H2"/>') + '</w:abstractNum>'
                 '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="ArtList"/></w:abstractNum>'
                 '<w:abstractNum w:abstractNumId="2"><w:styleLink w:val="ArtList"/>' +
                 lvl(0, "chineseCounting", "第%1条", extra='<w:suff w:val="space"/>') + '</w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
    write(out, "styles", p("总则", '<w:pStyle w:val="H1"/>') + p("目的", '<w:pStyle w:val="H2"/>') +
          p("不编号", '<w:pStyle w:val="H1"/><w:numPr><w:numId w:val="0"/></w:numPr>') +
          p("分则", '<w:pStyle w:val="H1"/>') + p("为了规范管理，制定本办法。", '<w:pStyle w:val="Art"/>') +
          p("本办法自发布之日起施行。", '<w:pStyle w:val="Art"/>'),
          numbering, styles,
          want=["一、总则", "（一）目的", "不编号", "二、分则", "第一条 为了规范管理，制定本办法。", "第二条 本办法自发布之日起施行。"])

    # legal numbering, letters, roman, none, and bullets: a symbol-font
    # bullet is no text, a real character is
    write(out, "forms", p("范围", num(1, 0)) + p("适用", num(1, 1)) + p("定义", num(1, 1)) +
          p("甲", num(2, 0)) + p("乙", num(2, 0)) + p("丙", num(3, 0)) + p("丁", num(3, 0)) + p("丁", num(3, 0)) +
          p("戊", num(4, 0)) + p("己", num(5, 0)) + p("庚", num(6, 0)),
          '<w:abstractNum w:abstractNumId="0">' + lvl(0, "chineseCounting", "%1") +
          lvl(1, "decimal", "%1.%2", extra='<w:isLgl/>') + '</w:abstractNum>'
          '<w:abstractNum w:abstractNumId="1">' + lvl(0, "upperLetter", "%1.") + '</w:abstractNum>'
          '<w:abstractNum w:abstractNumId="2">' + lvl(0, "lowerRoman", "(%1)") + '</w:abstractNum>'
          '<w:abstractNum w:abstractNumId="3">' + lvl(0, "none", "%1") + '</w:abstractNum>'
          '<w:abstractNum w:abstractNumId="4">' + lvl(0, "bullet", "\uf06c") + '</w:abstractNum>'
          '<w:abstractNum w:abstractNumId="5">' + lvl(0, "bullet", "●") + '</w:abstractNum>' +
          "".join(f'<w:num w:numId="{i + 1}"><w:abstractNumId w:val="{i}"/></w:num>' for i in range(6)),
          want=["一 范围", "1.1 适用", "1.2 定义", "A.甲", "B.乙", "(i)丙", "(ii)丁", "(iii)丁", "戊", "己", "●庚"])

    # tables: spans, vertical merges repeated, a row starting late, a table
    # in a cell, a deleted row, two paragraphs in a cell, empty cells at the end
    def tc(text, pr=""):
        return f'<w:tc><w:tcPr>{pr}</w:tcPr>{p(text) if text else "<w:p/>"}</w:tc>'
    rows = [
        tc("序号") + tc("重点任务") + tc("牵头单位") + tc("完成时限"),
        tc("1") + tc("推行网上办理") + tc("市市场监管局", '<w:vMerge w:val="restart"/>') + tc("6月底前"),
        tc("2") + tc("压缩审批时间") + tc("", "<w:vMerge/>") + tc("9月底前"),
        tc("合计", '<w:gridSpan w:val="2"/>') + tc("两项") + tc(""),
        '<w:trPr><w:gridBefore w:val="1"/></w:trPr>' + tc("补充") + tc("") + tc(""),
        '<w:trPr><w:del w:id="1" w:author="x"/></w:trPr>' + tc("删") + tc("除") + tc("的") + tc("行"),
        tc("3") + f'<w:tc>{p("甲")}<w:tbl><w:tr>{tc("内一")}{tc("内二")}</w:tr></w:tbl></w:tc>' +
        f'<w:tc>{p("市发展改革委")}{p("市财政局")}</w:tc>' + tc("长期"),
    ]
    write(out, "table", p("二、重点任务分工") + "<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>" + p("三、保障措施"),
          want=["二、重点任务分工", "序号\t重点任务\t牵头单位\t完成时限", "1\t推行网上办理\t市市场监管局\t6月底前",
                "2\t压缩审批时间\t市市场监管局\t9月底前", "合计\t\t两项", "\t补充", "3\t甲 内一 内二\t市发展改革委 市财政局\t长期",
                "三、保障措施"])

    # what a reader sees of runs: breaks, tabs, symbols, fields, revisions,
    # hidden text, content controls, a text box written twice (read once)
    runs = ('<w:p><w:r><w:t>XX市人民政府</w:t><w:br/><w:t>关于印发方案的通知</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>X府〔2024〕1号</w:t><w:tab/><w:t>签发人：王五</w:t></w:r></w:p>'
            '<w:p><w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:t>第</w:t><w:noBreakHyphen/><w:sym w:font="SimSun" w:char="2605"/></w:r>'
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>显示</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>日期：</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "yyyy年M月d日" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2024年3月1日</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:fldSimple w:instr=" PAGE "><w:r><w:t>，第1页</w:t></w:r></w:fldSimple></w:p>'
            '<w:p><w:ins w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del>'
            '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="a"><w:r><w:t>移来</w:t></w:r></w:moveTo>'
            '<w:r><w:footnoteReference w:id="1"/></w:r><w:customXml w:element="x"><w:smartTag w:element="y"><w:r><w:t>标记</w:t></w:r></w:smartTag></w:customXml>'
            '<w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink><wpsCustomData:x><w:r><w:t>WPS</w:t></w:r></wpsCustomData:x></w:p>'
            '<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>' + p("单击此处输入文字") + '</w:sdtContent></w:sdt>'
            '<w:sdt><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent>' + p("控件中的正文") + '</w:sdtContent></w:sdt>'
            '<w:p><w:r><w:t>框前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>' +
            p("文本框一") + p("文本框二") + '</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>' +
            p("文本框一") + p("文本框二") + '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>框后</w:t></w:r></w:p>'
            + p("　　正文缩进的段落。  ") + "<w:p/>" + p("   "))
    write(out, "runs", runs, want=["XX市人民政府", "关于印发方案的通知", "X府〔2024〕1号 签发人：王五", "第-★显示",
                                   "日期：2024年3月1日，第1页", "新增移来标记链接WPS", "控件中的正文", "框前框后", "文本框一", "文本框二",
                                   "正文缩进的段落。"])

    # the main part found through the relationships; ISO strict namespace
    write(out, "strict", p("一、总则", ""), main="doc/main.xml", ns=STRICT, want=["一、总则"])


if __name__ == "__main__":
    main()
