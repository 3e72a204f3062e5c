#!/bin/sh
# End to end: `luoshi search` answers from the full-text index (bigrams:
# one- and two-character words too) exactly what a scan of every row
# finds. The expected hits are computed here, independently, from the
# database's base tables (Python's sqlite3, no index): a row matches when
# every word is a substring of its text, ASCII letters folded.
. "${srcdir:-.}/tests/lib.sh"
if ! command -v python3 >/dev/null || ! python3 -c 'import sqlite3' 2>/dev/null; then
	echo "1..0 # SKIP needs python3 with its sqlite3 module"
	exit 0
fi
dir=${srcdir:-.}/tests/corpus/gov-cn
set -- "$dir"/*.txt
"$LUOSHI" import "$1" "$2" "$3" "$4" "$5" "$6" "$SEED" >/dev/null 2>&1
is "seven documents imported" "$("$LUOSHI" docs | tail -n +2 | wc -l)" 7
"$LUOSHI" note 1 "Mixed Case NOTE 督办 abc" >/dev/null 2>&1
"$LUOSHI" note 2 "第二条说明：x" >/dev/null 2>&1
# a task added later to the first document: its id is the highest, its
# place early (the listing's order is not the ids')
"$LUOSHI" add 2 "后来补充的组织党建任务" >/dev/null 2>&1
# and one to the third document (node 60), which a span of documents
# asked of the index together then holds (db_search_doc.c splits it)
"$LUOSHI" add 60 "后来补充的组织督办任务" >/dev/null 2>&1
# a word that the last document holds (node 130), then a task added later
# to the first: the walk starts at the first candidate's document only
# when no earlier one has a row added after it (db_search_doc.c)
"$LUOSHI" add 130 "齐鲁青未了甲" >/dev/null 2>&1
"$LUOSHI" add 2 "齐鲁青未了乙" >/dev/null 2>&1
# the base tables the expected hits are computed from: the store itself,
# or on PostgreSQL its copy in a file (luoshi copy keeps ids and text), so
# the server's search is held to the same scan
base=$LUOSHI_DB
if on_pg; then
	base=$T/base.db
	"$LUOSHI" copy "$LUOSHI_DB" "$base" >/dev/null
fi

# the queries: substrings of 1 to 5 characters cut from the stored texts
# at fixed places, pairs of them, ASCII in other cases, and words absent
python3 - "$base" >"$T/queries" <<'EOF'
import random, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
texts = [r[0] for r in db.execute(
    "SELECT label || heading || body FROM nodes UNION ALL SELECT coalesce(t.title, substr(n.body,"
    " t.title_at + 1, t.title_len)) || coalesce(t.text,"
    " substr(n.body, t.text_at + 1, t.text_len), '') FROM tasks t JOIN nodes n ON n.id = t.node_id"
    " UNION ALL SELECT text FROM notes UNION ALL SELECT coalesce(preamble, '') FROM documents"
    " UNION ALL SELECT coalesce(closing, '') FROM documents"
    " UNION ALL SELECT coalesce(number, '') FROM documents") if r[0]]
rnd = random.Random(7)
words = []
while len(words) < 160:
    t = rnd.choice(texts)
    n = rnd.choice((1, 1, 2, 2, 2, 3, 4, 5))
    if len(t) <= n:
        continue
    i = rnd.randrange(len(t) - n)
    w = t[i:i + n]
    if any(c in " \t\r\n\u3000" for c in w):
        continue
    words.append(w)
qs = words[:120]
qs += [words[i] + " " + words[i + 1] for i in range(120, 160, 2)]
qs += ["mixed", "NOTE", "cAsE", "督办", "组织", "的", "x", "说明", "齉", "龘龘", "zzq"]
print("\n".join(qs))
EOF
is "queries made" "$(wc -l <"$T/queries")" 151

python3 - "$base" "$T/queries" >"$T/expected" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
fold = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
rows = []
for i, h, b in db.execute("SELECT id, label || heading, body FROM nodes"):
    rows.append(("node", i, "\n".join(s for s in (h, b) if s)))
# a task's title and sentence: their text, or the slices of its node's body they name
for i, t, x in db.execute("SELECT t.id, coalesce(t.title, substr(n.body, t.title_at + 1,"
                          " t.title_len)), coalesce(t.text, substr(n.body, t.text_at + 1,"
                          " t.text_len)) FROM tasks t JOIN nodes n ON n.id = t.node_id"):
    rows.append(("task", i, "\n".join(s for s in (t, x) if s)))
for i, x in db.execute("SELECT id, text FROM notes"):
    rows.append(("note", i, x or ""))
# a closing is the closing node's text where there is one (schema 21)
for i, t, m, p, c in db.execute("SELECT d.id, title, number, preamble, CASE WHEN EXISTS"
                                " (SELECT 1 FROM nodes c WHERE c.doc_id = d.id AND c.kind ="
                                " 'closing') THEN NULL ELSE closing END FROM documents d"):
    rows.append(("doc", i, "\n".join(s for s in (t, m, p, c) if s)))
for q in open(sys.argv[2], encoding="utf-8").read().splitlines():
    ws = [w.translate(fold) for w in q.replace("\u3000", " ").split()]
    hits = sorted("%s %d" % (k, i) for k, i, t in rows if all(w in t.translate(fold) for w in ws))
    print("%s\t%d\t%s" % (q, len(hits), " ".join(hits)))
EOF

# three times: as the store plans it, then with every word walked a
# document at a time (db_search_doc.c; a large store does that for a word
# many rows hold, these few rows only when told), then with the first two
# documents walked and the rest sorted (a word some rows hold)
set -f # a query may hold * or ?
walked() { case $1 in 1) echo " (walked by document)" ;; 2) echo " (two documents walked, then sorted)" ;; esac; }
for many in "" 1 2; do
	: >"$T/got$many"
	while IFS= read -r q; do
		# shellcheck disable=SC2086 # the words of the query are separate arguments
		hits=$(LUOSHI_TEST_SEARCH_MANY=$many "$LUOSHI" search $q 2>/dev/null |
			awk '$1 ~ /^(node|task|note|doc)$/ {print $1, $2}' | sort)
		n=$(printf '%s' "$hits" | grep -c . || true)
		printf '%s\t%s\t%s\n' "$q" "$n" "$(printf '%s' "$hits" | tr '\n' ' ' | sed 's/ $//')" >>"$T/got$many"
		# shellcheck disable=SC2086
		[ -n "$many" ] || printf '%s\t%s\n' "$q" "$("$LUOSHI" search --count $q 2>&1)" >>"$T/counts"
	done <"$T/queries"
	diff "$T/expected" "$T/got$many" >"$T/diff"
	is "every query finds exactly the rows a scan finds$(walked "$many")" \
		"$(grep -c '^[<>]' "$T/diff")" 0
	sed -n '1,10p' "$T/diff" | sed 's/^/# /'
done
# --count (from the index alone where its match is exact: words of one or
# two characters) counts what the scan finds, for every query
cut -f 1,2 "$T/expected" | diff - "$T/counts" >"$T/diff"
is "--count of every query is the number of rows a scan finds" "$(grep -c '^[<>]' "$T/diff")" 0
sed -n '1,10p' "$T/diff" | sed 's/^/# /'
ok "a one-character query finds something" -- grep -qE "^的	[1-9]" "$T/got"
is "words that are absent find nothing" "$(grep -cE '^(齉|龘龘|zzq)	0	$' "$T/got")" 3
is "ASCII case is folded (a note in mixed case)" "$(grep -c '^cAsE	1	note' "$T/got")" 1
# the listing's order: nodes, tasks, notes, documents, each in document
# order (the index returns rows by id; the store sorts them)
for many in "" 1 2; do for q in 的 组织 党; do
	LUOSHI_TEST_SEARCH_MANY=$many "$LUOSHI" search "$q" | awk '$1 ~ /^(node|task|note|doc)$/ {print $1, $2}' >"$T/order"
	is "search $q lists its hits in document order$(walked "$many")" "$(python3 - "$base" "$T/order" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
key = {
    "node": "SELECT doc_id, pos, 0, id FROM nodes WHERE id = ?",
    "task": "SELECT n.doc_id, n.pos, t.pos, t.id FROM tasks t JOIN nodes n ON n.id = t.node_id WHERE t.id = ?",
    "note": "SELECT n.doc_id, n.pos, t.pos, o.id FROM notes o JOIN tasks t ON t.id = o.task_id"
            " JOIN nodes n ON n.id = t.node_id WHERE o.id = ?",
    "doc": "SELECT id, 0, 0, 0 FROM documents WHERE id = ?",
}
kinds = ["node", "task", "note", "doc"]
rows = [l.split() for l in open(sys.argv[2])]
keys = [(kinds.index(k),) + db.execute(key[k], (int(i),)).fetchone() for k, i in rows]
print("in order" if len(keys) > 20 and keys == sorted(keys) else "out of order (%d hits)" % len(keys))
EOF
)" "in order"
done; done
for q in 齐鲁青未了 齐鲁青未了甲; do
	"$LUOSHI" search "$q" | awk '$1 == "task" {print $2}' >"$T/sorted"
	for many in 1 2; do
		LUOSHI_TEST_SEARCH_MANY=$many "$LUOSHI" search "$q" | awk '$1 == "task" {print $2}' >"$T/walked"
		is "search $q: the tasks a walk from a late document finds$(walked "$many")" \
			"$(cat "$T/walked")" "$(cat "$T/sorted")"
	done
done
is "search 齐鲁青未了 finds the tasks of the first document and of the last" \
	"$("$LUOSHI" search --count 齐鲁青未了)" 2
# --count counts what the listing lists; --limit N is its first N lines
for q in 的 组织 督促检查 齉; do
	all=$("$LUOSHI" search "$q" | grep -cE '^(node|task|note|doc) ' || true)
	is "search --count $q: as many as listed" "$("$LUOSHI" search --count "$q")" "$all"
	for n in 1 7; do
		want=$("$LUOSHI" search "$q" | grep -E '^(node|task|note|doc) ' | head -n "$n")
		is "search --limit $n $q: the first $n hits" "$("$LUOSHI" search --limit "$n" "$q" | grep -E '^(node|task|note|doc) ' || true)" "$want"
	done
done
ok "-- ends the options: a word may begin with -" -- "$LUOSHI" search --limit 1 -- -组织
# an option after the words is an option, not a word that matches nothing
is "search WORD --count: as --count WORD" "$("$LUOSHI" search 组织 --count)" "$("$LUOSHI" search --count 组织)"
is "search WORD --limit 2: two hits" "$("$LUOSHI" search 组织 --limit 2 | grep -cE '^(node|task|note|doc) ')" 2
is "--limit takes a number" "$("$LUOSHI" search --limit x 组织 2>&1 >/dev/null | grep -c 'limit needs a number')" 1
# a node is found by its label and heading as the screens show them
head=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT label || heading FROM nodes WHERE label <> \x27\x27 AND heading <> \x27\x27 ORDER BY id LIMIT 1").fetchone()[0])' "$base")
ok "a node's label and heading, as shown, find it: $head" -- sh -c "'$LUOSHI' search '$head' | grep -q '^node '"
# a document is found by its 文号, whole or in part
number=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT number FROM documents WHERE number <> \x27\x27 ORDER BY id LIMIT 1").fetchone()[0])' "$base")
ok "a document's 文号 finds it: $number" -- sh -c "'$LUOSHI' search '$number' | grep -q '^doc '"
is "and --count counts it" "$("$LUOSHI" search --count "$number")" "$("$LUOSHI" search "$number" | grep -cE '^(node|task|note|doc) ')"
# the closing and the preamble of a document are searched too
closing=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT closing FROM documents WHERE closing <> \x27\x27 ORDER BY id LIMIT 1").fetchone()[0].split()[0][:12])' "$base")
ok "a sentence of a closing is found in the closing node: $closing" -- sh -c "'$LUOSHI' search '$closing' | grep -q '^node .*结束语'"
is "... once: not in the document's row too" "$("$LUOSHI" search "$closing" | grep -c '^doc ')" 0
is "... and counted once" "$("$LUOSHI" search --count "$closing")" "$("$LUOSHI" search "$closing" | grep -cE '^(node|task|note|doc) ')"
# a document imported before the closing was a node is found by its own row
# (its closing node made an ordinary one: no trigger of the index fires)
python3 - "$base" "$T/old.db" <<'EOF2'
import sqlite3, sys
old = sqlite3.connect(sys.argv[2])
sqlite3.connect(sys.argv[1]).backup(old)
assert old.execute("UPDATE nodes SET kind = 'paragraph' WHERE kind = 'closing'").rowcount > 0
old.commit()
EOF2
ok "an older document's closing is found in its row" -- sh -c "'$LUOSHI' --db '$T/old.db' search '$closing' | grep -q '^doc '"
is "... and counted" "$("$LUOSHI" --db "$T/old.db" search --count "$closing")" "$("$LUOSHI" --db "$T/old.db" search "$closing" | grep -cE '^(node|task|note|doc) ')"
done_testing
