#!/bin/sh
# End to end (issue 7, case 5): text with no structure at all is no longer
# imported silently. Each case imports with one warning on stderr, and
# with --strict is refused (exit 1, one sentence, nothing written).
. "${srcdir:-.}/tests/lib.sh"
L() { timeout 300 "$LUOSHI" "$@"; }
ndocs() { L docs 2>/dev/null | tail -n +2 | wc -l; }

L import "$SEED" >"$T/out" 2>"$T/err"
is "the seed imports" "$?" 0
is "without a word on stderr" "$(wc -c <"$T/err")" 0

yes a | head -n 1000000 >"$T/million-a.txt"
# random bytes that are valid GB18030 (each pair a GB 2312 code)
LC_ALL=C awk 'BEGIN { srand(7); for (i = 0; i < 60000; i++) {
	printf "%c%c", 176 + int(rand() * 72), 161 + int(rand() * 94)
	if (i % 40 == 39) printf "\n" } }' >"$T/random-gb.txt"
head -c 10485760 /dev/zero | tr '\0' 'a' >"$T/one-line.txt"
cp "$SEED" "$T/utf8-as-utf16.txt"

# doubted NAME FILE PATTERN [import options...]
doubted() {
	name=$1 file=$2 pattern=$3
	shift 3
	before=$(ndocs)
	L import --strict "$@" "$file" >"$T/out" 2>"$T/err"
	is "$name, --strict: exit 1" "$?" 1
	is "$name, --strict: one line on stderr" "$(wc -l <"$T/err")" 1
	ok "$name, --strict: names the file and says why" -- \
		sh -c "grep -qF '$file was not imported' '$T/err' && grep -qE '$pattern' '$T/err'"
	ok "$name, --strict: says nothing was written" -- grep -q "nothing was written" "$T/err"
	is "$name, --strict: no document added" "$(ndocs)" "$before"
	L import "$@" "$file" >"$T/out" 2>"$T/err"
	is "$name: imported" "$?" 0
	ok "$name: the usual line on stdout" -- grep -q "as document" "$T/out"
	is "$name: one warning on stderr" "$(wc -l <"$T/err")" 1
	ok "$name: the warning names the file and says why" -- \
		sh -c "grep -qF 'warning: $file:' '$T/err' && grep -qE '$pattern' '$T/err'"
	is "$name: one document added" "$(ndocs)" "$((before + 1))"
}
doubted "a million lines of a" "$T/million-a.txt" "no structure was found.*no Chinese text"
doubted "random bytes valid as GB18030" "$T/random-gb.txt" \
	"commonest Chinese words .* are almost absent|characters are ones Chinese documents do not use"
doubted "10 MB on one line" "$T/one-line.txt" "no structure was found"
doubted "UTF-8 forced through --encoding UTF-16" "$T/utf8-as-utf16.txt" \
	"no structure was found.*characters are ones Chinese documents do not use" \
	--encoding UTF-16

# the same doubted file again adds nothing: it says so, without the
# warning that it was "imported all the same"
L import "$T/million-a.txt" >"$T/out" 2>"$T/err"
is "a doubted file again: exit 0" "$?" 0
ok "a doubted file again: already imported" -- grep -q "already imported as document" "$T/out"
is "a doubted file again: no warning" "$(wc -c <"$T/err")" 0

# real documents without numbered parts (a 决定, a notice of appointments,
# a 批复): their 文号 read, none is doubted, and --strict takes each
for f in doc11 doc26 doc59; do
	L import --strict "${srcdir:-.}/tests/corpus/gov-cn/$f.txt" >"$T/out" 2>"$T/err"
	is "$f (no numbered parts, its 文号 read): --strict imports it" "$?" 0
	is "$f: without a word on stderr" "$(wc -c <"$T/err")" 0
done
done_testing
