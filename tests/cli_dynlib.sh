#!/bin/sh
# The libraries only one command needs (libxml2 for web pages, libzip for
# .docx and .ofd, libxlsxwriter for the XLSX 台账) are loaded by that
# command, not by every luoshi: the binary does not name them, the
# commands that need them work, and without them (LUOSHI_TEST_NOLIB makes
# one absent, as on a machine without its package) the command says so in
# one sentence and stores or writes nothing.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }

if command -v readelf >/dev/null; then
	readelf -d "$LUOSHI" | grep NEEDED >"$T/needed"
	ok "the binary links SQLite" -- grep -q 'libsqlite3' "$T/needed"
	ok "... but not libxml2, libzip or libxlsxwriter" -- \
		sh -c '! grep -E "libxml2|libzip|libxlsxwriter" "$1"' sh "$T/needed"
else
	skip_check "the binary's NEEDED entries" "readelf (binutils) is not installed"
fi

# without_lib PREFIX FILE PATTERN: importing FILE with PREFIX absent fails
# in one sentence matching PATTERN and stores nothing
without_lib() {
	LUOSHI_TEST_NOLIB=$1 LUOSHI_DB="$T/no-$1.db" L import "$2" >"$T/out" 2>"$T/err"
	is "$(basename "$2") without $1: exit 1" "$?" 1
	is "... one line on stderr" "$(wc -l <"$T/err")" 1
	ok "... which says what is missing" -- grep -q "$3" "$T/err"
	ok "... and no escape sequence in it" -- sh -c '! grep -q "$(printf "\033")" "$1"' sh "$T/err"
	n=$(LUOSHI_DB="$T/no-$1.db" L docs 2>/dev/null | tail -n +2 | wc -l)
	is "... nothing was stored" "$n" 0
}

cat >"$T/page.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>通知</title></head><body>
<p>某市人民政府办公室关于加强督查督办工作的通知</p>
<p>一、明确责任分工</p>
<p>（一）建立工作台账。市政府督查室负责，2026年3月31日前完成。</p>
</body></html>
HTML
if L import "$T/page.html" >"$T/out" 2>"$T/err"; then
	ok "a web page imports (libxml2 loaded on demand)" -- grep -q '督查督办' "$T/out"
	without_lib libxml2 "$T/page.html" "page.html is a web page, but cannot load libxml2.* (Debian: apt-get install libxml2)"
elif grep -q "built without" "$T/err"; then
	skip_check "web pages" "this luoshi was built without libxml2"
else
	ok "a web page imports (libxml2 loaded on demand)" -- false
	cat "$T/err" >&2
fi

if command -v python3 >/dev/null; then
	python3 "${srcdir:-.}/tests/fmt/docx.py" "$T/docx"
	d=$T/docx/levels.docx
	if LUOSHI_DB="$T/docx.db" L import "$d" >"$T/out" 2>"$T/err"; then
		ok "a .docx imports (libzip and libxml2 loaded on demand)" -- test -s "$T/out"
		without_lib libzip "$d" "levels.docx is a Word (.docx) document, but cannot load libzip.* (Debian: apt-get install libzip4)"
		without_lib libxml2 "$d" "levels.docx is a Word (.docx) document, but cannot load libxml2"
	elif grep -q "built without" "$T/err"; then
		skip_check ".docx" "this luoshi was built without libzip"
	else
		ok "a .docx imports (libzip and libxml2 loaded on demand)" -- false
		cat "$T/err" >&2
	fi
else
	skip_check ".docx" "python3 (which makes the test documents) is not installed"
fi

L import "$SEED" >/dev/null 2>&1
if L export --format xlsx -o "$T/a.xlsx" 2>"$T/err"; then
	ok "the XLSX 台账 is written (libxlsxwriter loaded on demand)" -- \
		sh -c 'head -c 2 "$1" | grep -q PK' sh "$T/a.xlsx"
	LUOSHI_TEST_NOLIB=libxlsxwriter L export --format xlsx -o "$T/b.xlsx" 2>"$T/err"
	is "XLSX without libxlsxwriter: exit 1" "$?" 1
	is "... one line on stderr" "$(wc -l <"$T/err")" 1
	ok "... which says what is missing and what to use instead" -- \
		grep -q "cannot load libxlsxwriter.*apt-get install libxlsxwriter4.*--format csv" "$T/err"
	ok "... and no file was left" -- sh -c '! ls "$1"/b.xlsx* 2>/dev/null | grep -q .' sh "$T"
elif grep -q "built without" "$T/err"; then
	skip_check "XLSX" "this luoshi was built without libxlsxwriter"
else
	ok "the XLSX 台账 is written (libxlsxwriter loaded on demand)" -- false
	cat "$T/err" >&2
fi
# libpq goes through the same loader: a server's address without it
L --db postgresql:///luoshi_absent docs >/dev/null 2>"$T/err0"
if grep -q "built without" "$T/err0"; then
	skip_check "libpq" "this luoshi was built without PostgreSQL"
else
	LUOSHI_TEST_NOLIB=libpq L --db postgresql:///luoshi_absent docs >/dev/null 2>"$T/err"
	is "a server without libpq: exit 1" "$?" 1
	is "... one line on stderr" "$(wc -l <"$T/err")" 1
	ok "... which names the package" -- \
		grep -q "names a PostgreSQL database, but cannot load libpq.*apt-get install libpq5" "$T/err"
fi
done_testing
