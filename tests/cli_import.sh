#!/bin/sh
# End to end: `luoshi import` on every encoding of the seed and on bad input.
. "${srcdir:-.}/tests/lib.sh"

L() { "$LUOSHI" "$@"; }
# The whole database as JSON, minus what legitimately differs between imports.
snapshot() { L export --format json 2>&1 | sed 's/,"encoding":"[^"]*"//'; }

# --- the seed in every encoding gives the identical tree ---
L import "$SEED" >"$T/imp.out" 2>&1
is "seed imports" "$?" 0
ok "import names the encoding" -- grep -q "(UTF-8) as document 1" "$T/imp.out"
snapshot >"$T/utf8.json"
ok "json export of the seed is valid" -- python3 -m json.tool "$T/utf8.json"

variants() {
	printf '\357\273\277' >"$T/v-bom.txt"; cat "$SEED" >>"$T/v-bom.txt"
	iconv -f UTF-8 -t GBK "$SEED" >"$T/v-gbk.txt"
	iconv -f UTF-8 -t GB18030 "$SEED" >"$T/v-gb18030.txt"
	{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$SEED"; } >"$T/v-utf16le.txt"
	iconv -f UTF-8 -t UTF-16BE "$SEED" >"$T/v-utf16be.txt"
	sed 's/$/\r/' "$SEED" >"$T/v-crlf.txt"
	iconv -f UTF-8 -t GBK "$T/v-crlf.txt" >"$T/v-gbk-crlf.txt"
	sed 's/^\([^\n]\)/　　\1/' "$SEED" >"$T/v-indent.txt"
}
variants
for v in bom:UTF-8 gbk:GB18030 gb18030:GB18030 utf16le:UTF-16LE utf16be:UTF-16BE \
	crlf:UTF-8 gbk-crlf:GB18030 indent:UTF-8; do
	name=${v%%:*} enc=${v#*:}
	LUOSHI_DB="$T/$name.db" L import "$T/v-$name.txt" >"$T/imp.out" 2>&1
	ok "$name: imported as $enc" -- grep -q "($enc) as document 1" "$T/imp.out"
	LUOSHI_DB="$T/$name.db" snapshot >"$T/$name.json"
	ok "$name: same tree, tasks and text as UTF-8" -- cmp "$T/utf8.json" "$T/$name.json"
done

# --- the seed's structure ---
L outline 1 >"$T/outline"
is "4 sections and 15 measures" "$(grep -cE '^ +[0-9]+  (  )?([一二三四]、|[0-9]+\.)' "$T/outline")" 19
ok "measure 1 heading" -- grep -q '1\.建立健全“第一议题”制度' "$T/outline"
python3 - "$T/utf8.json" >"$T/py.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["documents"][0]
assert d["title"] == "中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会主义思想主题教育成果的意见", d["title"]
assert d["issuer"] == "中共中央办公厅", d["issuer"]
assert d["date"] == "2024-02-23", d["date"]
assert d["source"] == "新华社北京2月28日电", d["source"]
assert d["preamble"].startswith("为巩固拓展"), d["preamble"][:20]
assert d["closing"].startswith("各级党委（党组）要把巩固拓展主题教育成果"), d["closing"][:30]
tops, rest = d["nodes"][:4], d["nodes"][4:]
assert [n["label"] for n in tops] == ["一、", "二、", "三、", "四、"], [n["label"] for n in tops]
# the closing is also a node of its own, last, headed 结束语
assert [(n["kind"], n["label"], n["heading"]) for n in rest] == [("closing", "", "结束语")], rest
assert rest[0]["body"] == d["closing"]
assert tops[0]["heading"] == "坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色社会主义思想的深化、转化工作"
labels = [c["label"] for n in tops for c in n["children"]]
assert labels == ["%d." % i for i in range(1, 16)], labels
m1 = tops[0]["children"][0]
assert m1["heading"] == "建立健全“第一议题”制度", m1["heading"]
assert m1["body"].startswith("各级党委（党组）召开常委会会议"), m1["body"][:20]
m15 = tops[3]["children"][-1]
assert "各级党委（党组）要把巩固拓展" not in m15["body"]
assert all(n["level"] == 1 for n in tops) and m1["level"] == 2
yearly = [t["text"] for n in tops for c in n["children"] for t in c["tasks"] if t["recurrence"] == "yearly"]
assert any("读书班" in t for t in yearly), yearly
assert any("专题党课" in t for t in yearly), yearly
assert any("反面案例" in t for t in yearly), yearly
assert "原文链接" not in json.dumps(d, ensure_ascii=False)
m8, m15 = tops[2]["children"][2], tops[3]["children"][-1]
assert m8["label"] == "8." and m15["label"] == "15."
# 经常性开展… / 常态化开展… in the heading: every task of the measure is ongoing
assert m8["tasks"] and all(t["recurrence"] == "ongoing" for t in m8["tasks"]), [t["recurrence"] for t in m8["tasks"]]
assert m15["tasks"] and all(t["recurrence"] == "ongoing" for t in m15["tasks"]), [t["recurrence"] for t in m15["tasks"]]
assert [t["recurrence"] for t in m1["tasks"]] == [None] * len(m1["tasks"])
print("seed structure ok")
PY
ok "seed structure as specified (title, issuer, date, source, sections, measures, closing, yearly tasks)" -- grep -q "seed structure ok" "$T/py.out"
[ -s "$T/py.out" ] && grep -v "seed structure ok" "$T/py.out" | sed 's/^/# /'

# --- identical re-import adds nothing ---
L import "$SEED" >"$T/imp.out" 2>&1
is "re-import exits 0" "$?" 0
ok "re-import says already imported" -- grep -q "already imported as document 1" "$T/imp.out"
is "still one document" "$(L docs | tail -n +2 | wc -l)" 1

# --- bad input: one clear sentence, exit 1, database unchanged ---
snapshot >"$T/before.json"
refuse() { # refuse NAME FILE PATTERN
	L import "$2" >"$T/out" 2>"$T/err"
	is "$1: exit status 1" "$?" 1
	is "$1: one line on stderr" "$(wc -l <"$T/err")" 1
	ok "$1: message names the file" -- grep -q "$(basename "$2")" "$T/err"
	ok "$1: message says why ($3)" -- grep -qiE "$3" "$T/err"
	snapshot >"$T/after.json"
	ok "$1: database unchanged" -- cmp "$T/before.json" "$T/after.json"
}
: >"$T/empty.txt"
refuse "empty file" "$T/empty.txt" "empty"
printf '\n\n  \n' >"$T/blank.txt"
refuse "blank file" "$T/blank.txt" "empty"
head -c 4096 "$LUOSHI" >"$T/binary.txt"
refuse "binary file" "$T/binary.txt" "binary|NUL|byte"
# prefix: whole lines of the seed, so the bad bytes sit at a known offset
head -n 5 "$SEED" >"$T/prefix.txt"
off=$(wc -c <"$T/prefix.txt")
{ cat "$T/prefix.txt"; printf '\346\226'; } >"$T/trunc.txt"
refuse "truncated sequence at the end" "$T/trunc.txt" "byte $off\\b"
{ cat "$T/prefix.txt"; printf '\377\377\377'; tail -n 3 "$SEED"; } >"$T/badmid.txt"
refuse "invalid bytes in the middle" "$T/badmid.txt" "byte $off\\b"
printf '一、标题\000\000正文\n' >"$T/nul.txt"
refuse "NUL bytes" "$T/nul.txt" "NUL|binary"
refuse "missing file" "$T/no-such-file.txt" "no such file|cannot open"
mkdir "$T/adir"
refuse "a directory" "$T/adir" "directory"

# --- odd but valid input imports cleanly, controls never reach the terminal raw ---
printf '关于测试的通知\n\n一、总体要求\n\n1.加强管理。各单位要\033[31m每月\033[0m报告\302\233进展\342\200\256情况。\n' >"$T/esc.txt"
L import "$T/esc.txt" >/dev/null 2>&1
is "text with ESC, C1 and bidi imports" "$?" 0
L read 2 >"$T/read.out" 2>&1
is "read shows no ESC byte" "$(tr -cd '\033' <"$T/read.out" | wc -c)" 0
is "read shows no C1 CSI" "$(grep -c "$(printf '\302\233')" "$T/read.out")" 0
ok "read shows the ESC as a visible placeholder" -- grep -q '\^\[' "$T/read.out"
L tasks doc:2 >"$T/tasks.out" 2>&1
is "tasks list shows no ESC byte" "$(tr -cd '\033' <"$T/tasks.out" | wc -c)" 0

head -c 10485760 /dev/zero | tr '\0' 'a' >"$T/long.txt"
L import "$T/long.txt" >"$T/out" 2>"$T/err"
rc=$?
ok "10 MB without a line break: clean import or clear refusal" -- test $rc -le 1
L docs >/dev/null
is "database still readable after the 10 MB line" "$?" 0

# --- options ---
L import --encoding NOPE "$SEED" >"$T/out" 2>"$T/err"
is "unknown --encoding is a usage error" "$?" 2
LUOSHI_DB="$T/forced.db" L import --encoding gbk "$T/v-gbk.txt" >"$T/out" 2>&1
ok "--encoding gbk reads a GBK file" -- grep -q "as document 1" "$T/out"
LUOSHI_DB="$T/forced2.db" L import --encoding gbk "$SEED" >"$T/out" 2>&1
ok "--encoding gbk on UTF-8 text still imports (as mojibake) or refuses, never crashes" -- test $? -le 1
LUOSHI_DB="$T/notasks.db" L import --no-tasks "$SEED" >"$T/out" 2>&1
ok "--no-tasks imports" -- grep -q ": 20 nodes, 0 tasks" "$T/out"

# --- --replace keeps the tasks of unchanged measures ---
LUOSHI_DB="$T/rep.db"; export LUOSHI_DB
L import "$SEED" >/dev/null 2>&1
node=$(L outline 1 | grep '1\.建立健全' | awk '{print $1}')
first=$(L tasks "node:$node" | awk 'NR==2 {print $1}')
L set "$first" status=doing owner=张三 >/dev/null 2>&1
L note "$first" "已部署" >/dev/null 2>&1
# 15. is the measure the revision changes: someone works on its first task
changed=$(L outline 1 | grep '15\.常态化开展' | awk '{print $1}')
worked=$(L tasks "node:$changed" | awk 'NR==2 {print $1}')
L set "$worked" owner=李四 >/dev/null 2>&1
worked_text=$(L show "$worked" | sed -n '/^source:/{n;p;}')
sed 's/主动查找“表现在基层、根子在上面”的问题/主动查找“表现在基层、根子在上面”的突出问题/' "$SEED" >"$T/rev.txt"
L import --replace "$T/rev.txt" >"$T/out" 2>&1
is "replace exits 0" "$?" 0
ok "replace says replaced" -- grep -q "replaced" "$T/out"
is "still one document after replace" "$(L docs | tail -n +2 | wc -l)" 1
L show "$first" >"$T/show.out" 2>&1
ok "task of an unchanged measure keeps its status" -- grep -q "^status *doing" "$T/show.out"
ok "and its owner" -- grep -q "^owner *张三" "$T/show.out"
ok "and its note" -- grep -q "已部署" "$T/show.out"
is "an unchanged measure keeps its node id" "$(L outline 1 | grep '1\.建立健全' | awk '{print $1}')" "$node"
is "a changed measure keeps its node id" "$(L outline 1 | grep '15\.常态化开展' | awk '{print $1}')" "$changed"
ok "tasks node:ID with the old id still lists the task" -- sh -c "'$LUOSHI' tasks node:$node | awk '{print \$1}' | grep -qx '$first'"
ok "the worked task of the changed measure is still on it" -- sh -c "'$LUOSHI' tasks node:$changed | awk '{print \$1}' | grep -qx '$worked'"
ok "the worked task has a text to compare" -- test -n "$worked_text"
twins=0
for id in $(L tasks "node:$changed" | awk 'NR>1 {print $1}'); do
	[ "$(L show "$id" | sed -n '/^source:/{n;p;}')" = "$worked_text" ] && twins=$((twins + 1))
done
is "the worked task of the changed measure is not proposed again" "$twins" 1

# --- a measure added before others: they are renumbered, their tasks stay ---
LUOSHI_DB="$T/ren.db"; export LUOSHI_DB
L import "$SEED" >/dev/null 2>&1
two=$(L outline 1 | grep '2\.健全理论学习制度' | awk '{print $1}')
three=$(L outline 1 | grep '3\.强化党性教育' | awk '{print $1}')
w=$(L tasks "node:$two" | awk 'NR==3 {print $1}')
L set "$w" status=doing owner=张三 >/dev/null 2>&1
L tasks | awk 'NR>1 {print $1, $NF}' | sort >"$T/ids.before"
awk '/^2\.健全理论学习制度/ {print "2.建立学习台账制度。各级党委要建立学习台账，定期通报学习情况。"; print ""; sub(/^2\./, "3.")}
     /^3\.强化党性教育/ {sub(/^3\./, "4.")} {print}' "$SEED" >"$T/ren.txt"
L import --replace "$T/ren.txt" >"$T/out" 2>&1
ok "renumbered: replace says 1 new task, every other kept" -- grep -q "tasks: 1 new, $(wc -l <"$T/ids.before") kept" "$T/out"
is "the renumbered measure keeps its node id" "$(L outline 1 | grep '3\.健全理论学习制度' | awk '{print $1}')" "$two"
is "and the next one too" "$(L outline 1 | grep '4\.强化党性教育' | awk '{print $1}')" "$three"
ok "the worked task is on its measure, under its new number" -- \
	sh -c "'$LUOSHI' tasks node:$two | awk '\$1 == $w' | grep -q 张三"
is "and nowhere else" "$(L tasks | awk -v w="$w" '$1 == w' | wc -l)" 1
L tasks | awk 'NR>1 {print $1, $NF}' | sort >"$T/ids.after"
is "every task keeps its id and title" "$(comm -23 "$T/ids.before" "$T/ids.after" | wc -l)" 0
# a task of the edited version that nobody worked on and whose sentence is
# gone: show says what became of it (it said only "no task")
gone=$(L tasks "node:$two" | awk 'NR==2 {print $1}')
sed '/^3\.健全理论学习制度/s/建立领导班子读书班制度/建立领导班子专题读书班制度/' "$T/ren.txt" >"$T/ren2.txt"
L import --replace "$T/ren2.txt" >/dev/null 2>&1
L show "$gone" >/dev/null 2>"$T/err"
is "show of a task dropped by a replace: exit 1" "$?" 1
ok "and it says why" -- grep -q "task $gone is no more: its sentence was not in the revised version" "$T/err"
ok "history still has it" -- sh -c "'$LUOSHI' history $gone | grep -q created"
is "the added measure has its own task" "$(L tasks "node:$(L outline 1 | grep '2\.建立学习台账' | awk '{print $1}')" | tail -n +2 | wc -l)" 1
LUOSHI_DB="$T/rep.db"; export LUOSHI_DB
sed '1,5s/中共中央办公厅关于/国务院办公厅关于/' "$SEED" >"$T/other.txt"
L import --replace "$T/other.txt" >"$T/out" 2>&1
ok "--replace with no document of that title says it is a new document" -- grep -q "no document with this title" "$T/out"
# a revision imported without --replace: a second document, and it is said
LUOSHI_DB="$T/same.db" L import "$SEED" >"$T/out" 2>&1
ok "a first import says nothing of other documents" -- sh -c "! grep -q 'same title' '$T/out'"
LUOSHI_DB="$T/same.db" L import "$T/rev.txt" >"$T/out" 2>&1
ok "a revision without --replace: says document 1 has the same title" -- \
	grep -q "(document 1 has the same title: .*--replace)" "$T/out"
LUOSHI_DB="$T/same.db" L import "$T/other.txt" >"$T/out" 2>&1
ok "another title: nothing said" -- sh -c "! grep -q 'same title' '$T/out'"
# a generic title of two issuers: two documents; a revision replaces its
# own issuer's, and is not offered another's
gen() { printf '关于做好春节期间安全生产工作的通知\n\n各区人民政府：\n\n一、工作任务\n\n（一）各区要开展安全检查。\n\n（二）各部门要加强值班值守%s。\n\n%s\n2024年1月10日\n' "$2" "$1"; }
gen 甲市人民政府办公室 "" >"$T/jia.txt"
gen 乙市人民政府办公室 "" >"$T/yi.txt"
gen 乙市人民政府办公室 "，及时报告情况" >"$T/yi2.txt"
LUOSHI_DB="$T/iss.db" L import "$T/yi.txt" >/dev/null 2>&1
LUOSHI_DB="$T/iss.db" L import "$T/jia.txt" >"$T/out" 2>&1
ok "another issuer's document of the same title: not offered to replace" -- sh -c "! grep -q 'same title' '$T/out'"
LUOSHI_DB="$T/iss.db" L import --replace "$T/yi2.txt" >"$T/out" 2>&1
ok "--replace finds its own issuer's (document 1), not the latest of the title" -- \
	grep -q "replaced (UTF-8) as document 1:" "$T/out"
ok "and leaves the other's alone" -- sh -c "LUOSHI_DB='$T/iss.db' '$LUOSHI' tasks doc:2 | grep -q 加强值班值守\$"
L export --format json | grep -q "根子在上面”的突出问题"
is "the revised text is in" "$?" 0

# a file size limit (ulimit -f, in 1 KB blocks) stops a new database from
# growing: one sentence and status 1, not a death by SIGXFSZ, and no
# temporary file left beside it
if on_pg; then
	skip_check "a file size limit stops the database file" "the store is a server"
else
	mkdir "$T/small"
	(ulimit -f 64 && exec "$LUOSHI" --db "$T/small/s.db" import \
		"${srcdir:-.}/tests/corpus/gov-cn/doc07.txt") >"$T/out" 2>"$T/err"
	is "a file size limit: status 1" "$?" 1
	ok "... says the file grew too large" -- grep -q "File too large" "$T/err"
	is "... in one line" "$(wc -l <"$T/err")" 1
	is "... and leaves no temporary file" "$(ls -A "$T/small" | grep -c luoshi-new)" 0
fi

done_testing
