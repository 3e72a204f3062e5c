#!/bin/sh
# Another program's view of our test documents: LibreOffice renders the
# Word- and WPS-shaped .docx files of tests/fmt to PDF with its own reading
# of Word's numbering, its own fonts and line breaking. Those PDFs, read
# back through pdftotext, give the outline the text copy gives. Needs
# LibreOffice (soffice), a Chinese font and pdftotext; skipped without them
# (CI does not install LibreOffice: it is large).
. "${srcdir:-.}/tests/lib.sh"
why=
command -v python3 >/dev/null || why="python3 is not installed"
command -v soffice >/dev/null || why="LibreOffice (soffice) is not installed"
command -v pdftotext >/dev/null || why="pdftotext (poppler-utils) is not installed"
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || why="no Chinese font is installed (e.g. fonts-wqy-zenhei)"
if [ -n "$why" ]; then
	echo "1..0 # SKIP $why"
	exit 0
fi
L() { "$LUOSHI" "$@"; }
outline() { rm -f "$T/o.db"; L import --db "$T/o.db" "$1" >/dev/null 2>&1 && L outline --db "$T/o.db" 1; }
mkdir -p "$T/pdf"
for spec in banji banfa seed; do
	python3 "${srcdir:-.}/tests/fmt/mkdoc.py" --plain "${srcdir:-.}/tests/fmt/$spec.spec" "$T/$spec"
	cp "$T/$spec/doc.docx" "$T/pdf/$spec.docx"
	cp "$T/$spec/doc-wps.docx" "$T/pdf/$spec-wps.docx"
done
(cd "$T/pdf" && HOME="$T/home" timeout 300 soffice --headless --convert-to pdf --outdir "$T/pdf" ./*.docx >"$T/soffice.log" 2>&1)
for spec in banji banfa seed; do
	outline "$T/$spec/doc.txt" >"$T/$spec.want"
	ok "$spec: the text copy has an outline" -- test -s "$T/$spec.want"
	for v in "" -wps; do
		ok "$spec$v: LibreOffice made a PDF" -- test -s "$T/pdf/$spec$v.pdf"
		outline "$T/pdf/$spec$v.pdf" >"$T/$spec$v.got"
		ok "$spec$v.pdf (from LibreOffice): the outline of the text copy" -- diff "$T/$spec.want" "$T/$spec$v.got"
	done
done
done_testing
