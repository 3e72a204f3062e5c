#!/usr/bin/env python3
"""bad.py OUTDIR - files luoshi must refuse with one sentence: hostile and
damaged .docx files, PDFs without text, files of other kinds. Only the
standard library."""
import os
import sys
import zipfile

W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"')
DOC_CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx(path, document=None, members=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", DOC_CT)
        if document is not None:
            z.writestr("word/document.xml", document)
        for name, data in (members or {}).items():
            z.writestr(name, data)


def body(inner):
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{inner}</w:body></w:document>'


def pdf_without_text(path):
    """One page with a filled rectangle and no text: a scan, as far as a
    text extractor can tell."""
    content = b"0 0 1 rg 100 100 400 600 re f"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    open(path, "wb").write(out)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    j = lambda n: os.path.join(out, n)
    # unpacks to 40 MB of spaces from a zip of some 40 KB
    docx(j("bomb.docx"), body("<w:p><w:r><w:t>炸</w:t></w:r></w:p>" + " " * (40 << 20)))
    # 100,000 nested containers
    docx(j("deep.docx"), body("<w:sdt><w:sdtContent>" * 100000 + "<w:p/>" + "</w:sdtContent></w:sdt>" * 100000))
    # a billion laughs
    lol = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
           + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
           + f']><w:document {W}><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')
    docx(j("laughs.docx"), lol)
    # an external entity (no network, no file read either)
    docx(j("xxe.docx"), '<?xml version="1.0"?><!-- a comment first --><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
         f'<w:document {W}><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>')
    docx(j("nodoc.docx"), None, {"word/styles.xml": "<w:styles/>", "_rels/.rels": "<Relationships/>"})
    docx(j("broken.docx"), f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>断</w:t></w:body></w:document>')
    docx(j("empty.docx"), body("<w:p/><w:p><w:r><w:t>   </w:t></w:r></w:p><w:sectPr/>"))
    docx(j("nobody.docx"), f'<?xml version="1.0"?><w:document {W}><w:p/></w:document>')
    docx(j("badnum.docx"), body("<w:p><w:r><w:t>正文</w:t></w:r></w:p>"), {"word/numbering.xml": "<w:numbering><w:num"})
    docx(j("ctrl.docx"), body("<w:p><w:r><w:t>一&#27;[31m</w:t></w:r></w:p>"))
    good = open(j("bomb.docx"), "rb").read()
    open(j("cut.docx"), "wb").write(good[: len(good) // 3])
    with zipfile.ZipFile(j("book.xlsx"), "w") as z:
        z.writestr("[Content_Types].xml", DOC_CT)
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    with zipfile.ZipFile(j("text.odt"), "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    with zipfile.ZipFile(j("photos.zip"), "w") as z:
        z.writestr("a.txt", "一、总体要求")
    ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504
    open(j("old.doc"), "wb").write(ole + "WordDocument".encode("utf-16-le"))
    open(j("old.wps"), "wb").write(ole)
    open(j("locked.docx"), "wb").write(ole + "EncryptedPackage".encode("utf-16-le"))
    open(j("scan.png"), "wb").write(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    open(j("notice.rtf"), "wb").write(b"{\\rtf1\\ansi\\ansicpg936 \\par}")
    open(j("page.mht"), "wb").write(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n")
    ofd = '<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody>%s</ofd:DocBody></ofd:OFD>'
    with zipfile.ZipFile(j("noroot.ofd"), "w") as z:
        z.writestr("OFD.xml", ofd % "<ofd:DocInfo/>")
    with zipfile.ZipFile(j("nopage.ofd"), "w") as z:
        z.writestr("OFD.xml", ofd % "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>")
        z.writestr("Doc_0/Document.xml", '<?xml version="1.0"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016">'
                   '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
    with zipfile.ZipFile(j("huge.ofd"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", ofd % "<ofd:DocRoot>D/Document.xml</ofd:DocRoot>")
        z.writestr("D/Document.xml", '<?xml version="1.0"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016">'
                   '<ofd:Pages><ofd:Page ID="1" BaseLoc="P.xml"/></ofd:Pages></ofd:Document>')
        # a DeltaX that claims a billion advances for a few characters
        z.writestr("D/P.xml", '<?xml version="1.0"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
                   '<ofd:TextObject Boundary="10 10 100 10" Size="5"><ofd:TextCode X="0" Y="5" DeltaX="g 1000000000 5">巨大</ofd:TextCode>'
                   '</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>')
    pdf_without_text(j("scan.pdf"))
    open(j("garbage.pdf"), "wb").write(b"%PDF-1.4\nthis is not a PDF at all\n")
    open(j("deep.html"), "w").write("<html><body>" + "<div>" * 3000 + "深" + "</div>" * 3000 + "</body></html>")
    open(j("nav.html"), "w").write('<html><head><script>var a="正文";</script></head><body><div class="nav"><a href="/">首页</a></div></body></html>')
    open(j("plain.txt"), "w").write("一、总体要求\n\n坚持问题导向。\n")


if __name__ == "__main__":
    main()
