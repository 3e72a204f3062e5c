#!/bin/sh
# Files luoshi must refuse: each gets exit 1 and one sentence on stderr that
# names the file, and nothing reaches the database. Hostile and damaged .docx
# files (zip bomb, deep nesting, billion laughs, missing and broken parts),
# PDFs without text, a pdftotext that hangs, floods, fails or is missing,
# and files of kinds luoshi does not read (old .doc/.wps, images, archives).
# Also the .docx details of tests/fmt/docx.py, each against its wanted text.
. "${srcdir:-.}/tests/lib.sh"
DUMP=${DUMP:-$(dirname "$LUOSHI")/tests/fmt_dump}
if ! command -v python3 >/dev/null; then
	echo "1..0 # SKIP python3 (which makes the test files) is not installed"
	exit 0
fi
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }
L() { "$LUOSHI" "$@"; }
B="$T/bad"
python3 "${srcdir:-.}/tests/fmt/bad.py" "$B"
python3 "${srcdir:-.}/tests/fmt/docx.py" "$T/docx"
no_docx=0 no_html=0
LUOSHI_DB="$T/probe.db" L import "$T/docx/levels.docx" 2>&1 | grep -q "built without" && no_docx=1
LUOSHI_DB="$T/probe.db" L import "$B/deep.html" 2>&1 | grep -q "built without" && no_html=1

# refused FILE PATTERN [ENV...]: exit 1, one line "luoshi: ...FILE...PATTERN"
refused() {
	file=$1 pat=$2
	shift 2
	env "$@" "$LUOSHI" import "$file" >"$T/out" 2>"$T/err"
	rc=$?
	n=$(wc -l <"$T/err")
	is "$(basename "$file"): refused (exit 1)" "$rc" 1
	is "$(basename "$file"): one line on stderr" "$n" 1
	ok "$(basename "$file"): names the file" -- grep -qF "$file" "$T/err"
	ok "$(basename "$file"): ... $pat" -- grep -qE "$pat" "$T/err"
	ok "$(basename "$file"): no escape sequence or control in the message" -- \
		sh -c "! tr -d '\n' <'$T/err' | LC_ALL=C grep -q '[[:cntrl:]]'"
}

docx_case() { # file pattern: skipped when this luoshi has no .docx reader
	if [ $no_docx = 1 ]; then
		skip "$(basename "$1") refused" "built without libzip/libxml2"
		refused "$1" "built without libzip and libxml2"
	else
		refused "$@"
	fi
}
docx_case "$B/bomb.docx" "word/document.xml unpacks to more than 32 MB"
docx_case "$B/deep.docx" "nested too deeply"
docx_case "$B/laughs.docx" "declares a DTD"
docx_case "$B/xxe.docx" "declares a DTD"
docx_case "$B/nodoc.docx" "has no word/document.xml"
docx_case "$B/broken.docx" "is damaged: word/document.xml is not well-formed XML \\(line 1"
docx_case "$B/empty.docx" "contains no text"
docx_case "$B/nobody.docx" "has no w:body"
docx_case "$B/badnum.docx" "word/numbering.xml is not well-formed"
docx_case "$B/ctrl.docx" "not well-formed"
docx_case "$B/cut.docx" "not a readable zip archive"
docx_case "$B/noroot.ofd" "OFD.xml names no document"
docx_case "$B/nopage.ofd" "the page Doc_0/Pages/Page_0/Content.xml is missing"
if [ $no_docx = 0 ]; then
	"$DUMP" "$B/huge.ofd" >"$T/huge.txt" 2>/dev/null
	is "an OFD page with a billion advances for two characters: read, quickly" "$(cat "$T/huge.txt")" "巨大"
fi
refused "$B/book.xlsx" "is an Excel workbook"
refused "$B/text.odt" "is an OpenDocument text \\(.odt\\)"
refused "$B/photos.zip" "is a zip archive, not a Word"
refused "$B/old.doc" "is a Word 97-2003 document \\(.doc\\).*convert-to docx"
refused "$B/old.wps" "is a WPS document \\(.wps\\)"
refused "$B/locked.docx" "protected by a password"
refused "$B/scan.png" "is a PNG image.*OCR"
refused "$B/notice.rtf" "Rich Text"
refused "$B/page.mht" "web archive"
if [ $no_html = 1 ]; then
	skip "nav.html and deep.html refused as pages" "built without libxml2"
	refused "$B/nav.html" "built without libxml2"
else
	refused "$B/nav.html" "contains no text"
	refused "$B/deep.html" "nested more than"
	printf '<html><body><p>大</p>' >"$T/big.html"
	truncate -s 70M "$T/big.html" # sparse: no disk used
	refused "$T/big.html" "too large for a web page \(70 MB; the limit is 64 MB\)"
fi

# PDF: the real pdftotext, when it is there
if command -v pdftotext >/dev/null; then
	refused "$B/scan.pdf" "has no text in it \\(a scanned image\\?\\).*OCR"
	refused "$B/garbage.pdf" "pdftotext could not read .*(Syntax Error|trailer|xref)"
else
	skip "scan.pdf and garbage.pdf refused" "pdftotext (poppler-utils) is not installed"
fi

# PDF: pdftotext missing, hanging, flooding, failing, killed, unreadable
mkdir -p "$T/bin" "$T/nobin"
fake() { # NAME SCRIPT: a pdftotext that does SCRIPT
	mkdir -p "$T/$1"
	printf '#!/bin/sh\n%s\n' "$2" >"$T/$1/pdftotext"
	chmod +x "$T/$1/pdftotext"
}
cp "$B/scan.pdf" "$T/a.pdf"
refused "$T/a.pdf" "through pdftotext, which is not installed \\(Debian: apt-get install poppler-utils\\)" PATH="$T/nobin"
fake hang 'echo $$ >"'"$T"'/hang.pid"; exec sleep 60'
start=$(date +%s)
refused "$T/a.pdf" "did not finish reading .* within 2 seconds" PATH="$T/hang:$PATH" LUOSHI_PDF_TIMEOUT=2
took=$(($(date +%s) - start))
ok "a hanging pdftotext is given up on in time ($took s)" -- test "$took" -lt 15
ok "... and it is killed, not left running" -- sh -c "! kill -0 \$(cat '$T/hang.pid') 2>/dev/null"
fake flood 'exec yes 一二三四五六七八九十'
refused "$T/a.pdf" "more than 64 MB of text" PATH="$T/flood:$PATH"
fake fail 'printf "\033[31mSyntax Error\033[0m: \033]0;owned\007bad\n" >&2; exit 1'
refused "$T/a.pdf" "pdftotext could not read .*Syntax Error" PATH="$T/fail:$PATH"
fake pass 'echo "Command Line Error: Incorrect password" >&2; exit 1'
refused "$T/a.pdf" "protected by a password" PATH="$T/pass:$PATH"
fake killed 'kill -9 $$'
refused "$T/a.pdf" "killed by a signal" PATH="$T/killed:$PATH"
fake pua 'printf "\356\200\200\356\200\201\356\200\202 \356\200\203\n"'
refused "$T/a.pdf" "cannot decode" PATH="$T/pua:$PATH"
# a pdftotext in the current directory is not run, even with . in PATH
fake here 'touch "'"$T"'/ran"; echo 一'
cd "$T/here" || exit 1
refused "$T/a.pdf" "which is not installed" PATH=".:$T/nobin"
cd - >/dev/null || exit 1
ok "... and the one in the current directory did not run" -- test ! -e "$T/ran"
# the helper holds none of our descriptors (the database) open
fake fds 'ls /proc/self/fd | sort -n | tr "\n" " " >"'"$T"'/fds.out"; echo "一、总体要求"'
PATH="$T/fds:$PATH" LUOSHI_DB="$T/fds.db" "$LUOSHI" import "$T/a.pdf" >/dev/null 2>&1
is "pdftotext inherits only stdin, stdout and stderr" "$(cat "$T/fds.out")" "0 1 2 3 "
# the file name goes to pdftotext as one argument, never through a shell
fake args 'for a in "$@"; do echo "[$a]"; done >"'"$T"'/args.out"; echo "一、总体要求"'
cp "$B/scan.pdf" "$T/-x; rm -rf x.pdf"
(cd "$T" && PATH="$T/args:$PATH" LUOSHI_DB="$T/args.db" "$LUOSHI" import -- "-x; rm -rf x.pdf" >/dev/null 2>&1)
is "pdftotext got the name as one argument" "$(tail -2 "$T/args.out" | head -1)" "[./-x; rm -rf x.pdf]"

# a forced format that does not fit; an unknown one
"$LUOSHI" import --format docx "$B/plain.txt" >/dev/null 2>"$T/err"
is "--format docx on a text file: exit 1" "$?" 1
if [ $no_docx = 1 ]; then
	ok "--format docx on a text file: says what this luoshi lacks" -- grep -q "plain.txt is a Word (.docx) document, but this luoshi was built without" "$T/err"
else
	ok "--format docx on a text file: says it is no zip" -- grep -q "plain.txt is not a readable zip archive" "$T/err"
fi
"$LUOSHI" import --format doc "$B/plain.txt" >/dev/null 2>"$T/err"
is "--format doc: a usage error" "$?" 2
ok "--format doc: names the formats" -- grep -q 'unknown format "doc" (auto, text, docx, html, pdf or ofd)' "$T/err"

# none of it reached the database
L --read-only docs >"$T/docs" 2>&1
is "nothing was imported (no rows under the header)" "$(grep -c '^ *[0-9]' "$T/docs"):$(grep -c TITLE "$T/docs")" "0:1"

# the .docx details: each file gives exactly its wanted text
for f in "$T"/docx/*.docx; do
	n=${f%.docx}
	if [ $no_docx = 1 ]; then
		skip "$(basename "$n").docx" "built without libzip/libxml2"
		continue
	fi
	"$DUMP" "$f" >"$n.got" 2>"$n.err"
	ok "docx $(basename "$n"): the text a reader sees" -- diff "$n.want" "$n.got"
done
done_testing
