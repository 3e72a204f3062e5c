#!/bin/sh
# The real documents through the command line, as a user imports them: every
# one gives the title, 文号 and issuer of INDEX.tsv and prints how many tasks
# carry a unit and a due date; GBK and GB18030 copies read exactly as the
# UTF-8 text (same tree, same tasks); a text without a title is named after
# its file, and the import says so.
. "${srcdir:-.}/tests/lib.sh"
dir=${srcdir:-.}/tests/corpus/gov-cn

# every document of the index: its three header fields, exactly
tail -n +2 "$dir/INDEX.tsv" | while IFS="$(printf '\t')" read -r file title number issuer source; do
	LUOSHI_DB=$T/all.db "$LUOSHI" import "$dir/$file" >"$T/out.$file" 2>"$T/err.$file" ||
		echo "$file: import failed" >>"$T/failures"
	grep -q "tasks proposed: [0-9]* with a unit, [0-9]* with a due date" "$T/out.$file" ||
		grep -q "as document [0-9]*: [0-9]* nodes, 0 tasks" "$T/out.$file" ||
		echo "$file: no count of units and due dates" >>"$T/failures"
	printf '%s\t%s\t%s\n' "$title" "$number" "$issuer" >>"$T/want"
done
ok "all 44 documents import, each saying how many tasks have a unit and a due date" -- \
	test ! -s "$T/failures"
LUOSHI_DB=$T/all.db "$LUOSHI" export --format json >"$T/all.json"
python3 - "$T/all.json" >"$T/got" <<'PY'
import json, sys
for d in json.load(open(sys.argv[1]))["documents"]:
    print("%s\t%s\t%s" % (d["title"], d["number"] or "", d["issuer"] or ""))
PY
is "title, 文号 and issuer of every document as published (INDEX.tsv)" \
	"$(diff "$T/want" "$T/got" && echo same)" same

# GBK and GB18030 copies of a few: the same tree and tasks as the UTF-8 text
for f in doc07 doc39 doc44; do
	for enc in GBK GB18030; do
		iconv -f UTF-8 -t $enc "$dir/$f.txt" >"$T/$f.$enc.txt"
		rm -f "$T"/u.db* "$T"/e.db* # the store keeps its -wal: a fresh database is all of them
		LUOSHI_DB=$T/u.db "$LUOSHI" import "$dir/$f.txt" >/dev/null
		LUOSHI_DB=$T/e.db "$LUOSHI" import "$T/$f.$enc.txt" >"$T/enc.out"
		ok "$f in $enc: the encoding is detected" -- grep -q "(GB18030)" "$T/enc.out"
		LUOSHI_DB=$T/u.db "$LUOSHI" outline 1 >"$T/u.outline"
		LUOSHI_DB=$T/e.db "$LUOSHI" outline 1 >"$T/e.outline"
		ok "$f in $enc: the same outline" -- diff "$T/u.outline" "$T/e.outline"
		LUOSHI_DB=$T/u.db "$LUOSHI" tasks >"$T/u.tasks"
		LUOSHI_DB=$T/e.db "$LUOSHI" tasks >"$T/e.tasks"
		ok "$f in $enc: the same tasks with their units and due dates" -- \
			diff "$T/u.tasks" "$T/e.tasks"
	done
done

# no title: the file names the document, and the import says so in one line
cp "${srcdir:-.}/tests/own/fangxun.txt" "$T/防汛通知.txt"
LUOSHI_DB=$T/t.db "$LUOSHI" import "$T/防汛通知.txt" >"$T/t.out" 2>"$T/t.err"
is "a text without a title is named after its file" \
	"$(LUOSHI_DB=$T/t.db "$LUOSHI" export --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"][0]["title"])')" \
	"防汛通知"
is "and the import says so, in one line" "$(wc -l <"$T/t.err" | tr -d ' ')" 1
ok "the line names the file" -- grep -q "防汛通知.txt" "$T/t.err"

# set due= takes a deadline as documents write it, and keeps the words
LUOSHI_DB=$T/t.db "$LUOSHI" set 1 due=2020年4月底前 >/dev/null
is "due=2020年4月底前 is stored as 2020-04-30" \
	"$(LUOSHI_DB=$T/t.db "$LUOSHI" export --format json | python3 -c 'import json,sys
d = json.load(sys.stdin)["documents"][0]
def tasks(ns):
    for n in ns:
        yield from n["tasks"]
        yield from tasks(n["children"])
t = [t for t in tasks(d["nodes"]) if t["id"] == 1][0]
print(t["due"], t["due_text"])')" "2020-04-30 2020年4月底前"
ok "show gives the date and the words" -- sh -c "LUOSHI_DB=$T/t.db '$LUOSHI' show 1 | grep -q '2020-04-30 (2020年4月底前)'"
done_testing
