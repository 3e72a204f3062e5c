#!/bin/sh
# End to end: tasks, filters, edits, notes, history, undo, search, export.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }
export LUOSHI_NOW=1780000000 # 2026-05-28, fixed so overdue is reproducible

L import "$SEED" >/dev/null 2>&1
node1=$(L outline 1 | grep '1\.建立健全' | awk '{print $1}')
node7=$(L outline 1 | grep '7\.落实' | awk '{print $1}')
ok "outline shows node ids" -- test -n "$node1" -a -n "$node7"
total=$(L tasks | tail -n +2 | wc -l)
ok "import proposed tasks" -- test "$total" -gt 15
t1=$(L tasks "node:$node1" | awk 'NR==2 {print $1}')
t2=$(L tasks "node:$node1" | awk 'NR==3 {print $1}')
t7=$(L tasks "node:$node7" | awk 'NR==2 {print $1}')
ok "measure 1 has at least two tasks" -- test -n "$t1" -a -n "$t2"

# --- set and show ---
L set "$t1" status=doing unit=组织部 owner=张三 due=2026-03-31 progress=40 >/dev/null
is "set exits 0" "$?" 0
L show "$t1" >"$T/show"
ok "show: status" -- grep -q "^status *doing (进行中)" "$T/show"
ok "show: unit" -- grep -q "^unit *组织部" "$T/show"
ok "show: owner" -- grep -q "^owner *张三" "$T/show"
ok "show: due" -- grep -q "^due *2026-03-31" "$T/show"
ok "show: progress" -- grep -q "^progress *40%" "$T/show"
ok "show: overdue (fixed clock is 2026-05-28)" -- grep -q "overdue" "$T/show"
L set "$t2" 'status=已完成' >/dev/null
is "status accepts Chinese names" "$?" 0
ok "done sets progress 100" -- sh -c "'$LUOSHI' show $t2 | grep -q '^progress *100%'"
L set "$t7" unit=宣传部 assist=组织部,办公室 due=2026年12月31日 owner=李四 >/dev/null
ok "Chinese date accepted and normalised" -- sh -c "'$LUOSHI' show $t7 | grep -q '^due *2026-12-31'"

# --- validation: clear usage errors, nothing changed ---
for bad in status=finished progress=101 progress=abc due=2026-02-30 recurrence=sometimes nosuchfield=1; do
	L set "$t1" "$bad" >"$T/out" 2>"$T/err"
	is "set $bad refused with status 2" "$?" 2
	is "set $bad: one line on stderr" "$(wc -l <"$T/err")" 1
done
L set "$t1" status >"$T/out" 2>"$T/err"
is "FIELD without =VALUE is a usage error" "$?" 2
L show 999999 >"$T/out" 2>"$T/err"
is "unknown task: exit 1" "$?" 1
ok "unknown task: says so" -- grep -qi "999999" "$T/err"
L show abc >"$T/out" 2>"$T/err"
is "non-numeric id: usage error" "$?" 2
L show 0 >"$T/out" 2>"$T/err"
is "id 0: usage error" "$?" 2
ok "id 0: says an id counts from 1" -- grep -q 'ID must be a whole number from 1 up, not "0"' "$T/err"
L tasks --frob >"$T/out" 2>"$T/err"
is "tasks: an unknown option is a usage error, not a search word" "$?" 2
ok "tasks: and says which" -- grep -q "unknown option --frob" "$T/err"
L tasks -x >"$T/out" 2>"$T/err"
is "tasks: a one-dash typo too" "$?" 2
L tasks -- -x >"$T/out" 2>"$T/err"
is "tasks: a word with a dash goes after --" "$?" 0
L export --format pdf >"$T/out" 2>"$T/err"
is "export: unknown format is a usage error" "$?" 2
ok "export: the formats it names include xlsx" -- grep -q "use json, csv, md or xlsx" "$T/err"

# --- filters ---
count() { L tasks "$@" | tail -n +2 | wc -l; }
is "status:doing" "$(count status:doing)" 1
is "status:进行中 (Chinese)" "$(count status:进行中)" 1
is "status:doing,done" "$(count status:doing,done)" 2
is "unit:组织部 (lead or assisting)" "$(count unit:组织部)" 2
is "owner:张三" "$(count owner:张三)" 1
is "due.before:2026-06-01" "$(count due.before:2026-06-01)" 1
is "due.after:2026-06-01" "$(count due.after:2026-06-01)" 1
# by the day takes the day: a task due 2026-03-31 is due by 2026-03-31,
# not before it
is "due.by:2026-03-31 takes the day itself" "$(count due.by:2026-03-31)" 1
is "due.before:2026-03-31 leaves it out" "$(count due.before:2026-03-31)" 0
is "due.by:2026-03-30: none" "$(count due.by:2026-03-30)" 0
L tasks due.by:2026-03-30 >/dev/null 2>&1
is "... and no error (exit 0)" "$?" 0
is "due.by with due.before: the earlier bound" "$(count due.by:2026-12-31 due.before:2026-03-31)" 0
L tasks due.by:2026-12-31 due.before:2026-03-31 >/dev/null 2>&1
is "... and no error (exit 0)" "$?" 0
is "due.by:9999-12-31: every dated task (the day after it has no date)" \
	"$(count due.by:9999-12-31)" "$(L export --format csv | python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin)); k=[c for c in r[0] if c.lower().startswith("due") or "时限" in c][0]; print(sum(1 for x in r if x[k][:4].isdigit()))')"
is "overdue" "$(count overdue)" 1
is "node:ID" "$(count node:$node1)" "$(L tasks node:$node1 | tail -n +2 | wc -l)"
is "doc:1 is everything" "$(count doc:1)" "$total"
is "filters combine (AND)" "$(count status:doing unit:宣传部)" 0
ok "free word matches text" -- test "$(count 读书班)" -ge 1
is "recur:yearly finds the three yearly tasks" "$(count recur:yearly)" 3
L tasks foo:bar >"$T/out" 2>"$T/err"
is "unknown filter is a usage error" "$?" 2
L tasks due.before:notadate >"$T/out" 2>"$T/err"
is "bad date in filter is a usage error" "$?" 2
# a key given twice was the last one alone (node:5 node:6 listed node 6)
for twice in "node:$node1 node:$node1" "doc:1 doc:2" "unit:宣传部 unit:组织部" "status:todo status:doing" \
	"due.before:2026-06-01 due.before:2026-07-01" "due.by:2026-06-01 due.by:2026-07-01"; do
	# shellcheck disable=SC2086
	L tasks $twice >"$T/out" 2>"$T/err"
	is "tasks $twice: a usage error" "$?" 2
	is "tasks $twice: one line, saying so" "$(grep -c 'given twice' "$T/err")" 1
done
L tasks status:todo status:doing >"$T/out" 2>"$T/err"
ok "status given twice: says how to name several" -- grep -q "status:todo,doing" "$T/err"
# a list where one name goes matched nothing, silently (the tryout's
# owner:张三,李四): refused, saying only status: takes a list
for list in "owner:张三,李四" "unit:宣传部,组织部" "owner:张三，李四"; do
	L tasks "$list" >"$T/out" 2>"$T/err"
	is "tasks $list: a usage error" "$?" 2
	ok "tasks $list: one line, saying it takes one name" -- \
		sh -c "test \$(wc -l <'$T/err') -eq 1 && grep -q 'takes one name, not a list' '$T/err'"
done
L tasks --sort due | awk 'NR==2 {print $1}' >"$T/first"
is "--sort due puts the earliest due first" "$(cat "$T/first")" "$t1"

# --- done, note, history, undo ---
L done "$t7" >/dev/null
ok "done" -- sh -c "'$LUOSHI' show $t7 | grep -q '^status *done'"
L note "$t7" '已召开专题会议部署' >/dev/null
ok "note shows in show" -- sh -c "'$LUOSHI' show $t7 | grep -q '已召开专题会议部署'"
echo '从标准输入读入的说明' | L note "$t7" - >/dev/null
ok "note from stdin" -- sh -c "'$LUOSHI' show $t7 | grep -q '从标准输入读入的说明'"
L history "$t7" >"$T/hist"
ok "history records the status change" -- grep -q "status: todo -> done" "$T/hist"
ok "history records who" -- grep -q "$(id -un)" "$T/hist"
# done again: nothing written, and said so (it printed "task N done")
L done "$t7" >"$T/again"
is "done of a done task: says it is already done" "$(cat "$T/again")" "task $t7 is already done"
is "... and writes nothing" "$(L history "$t7" | grep -c 'status: todo -> done')" 1
L undo >"$T/out" 2>&1
is "undo exits 0" "$?" 0
is "undo removed the last note" "$(L show "$t7" | sed -n '/^notes/,/^history/p' | grep -c '从标准输入读入的说明')" 0
L undo >/dev/null 2>&1
L undo >/dev/null 2>&1
ok "repeated undo steps back: status is todo again" -- sh -c "'$LUOSHI' show $t7 | grep -q '^status *todo'"
ok "undo kept the earlier unit change" -- sh -c "'$LUOSHI' show $t7 | grep -q '^unit *宣传部'"

# --- add ---
L add "$node7" "开展典型案例复盘" unit=纪委 due=2026-09-30 recurrence=yearly >"$T/out"
is "add exits 0" "$?" 0
new=$(sed -n 's/^added task \([0-9]*\)$/\1/p' "$T/out")
ok "add prints the new id" -- test -n "$new"
ok "added task has its fields" -- sh -c "'$LUOSHI' show $new | grep -q '^recurrence *yearly'"
L add 999999 "x" >"$T/out" 2>&1
is "add under unknown node fails" "$?" 1

# --- conflicting edit ---
v=$(L show "$t1" | sed -n 's/^task [0-9]* (version \([0-9]*\))$/\1/p')
L set "$t1" owner=王五 >/dev/null
L set --expect-version "$v" "$t1" status=blocked >"$T/out" 2>"$T/err"
is "stale edit refused" "$?" 1
ok "refusal names the other change" -- grep -q "王五" "$T/err"
ok "stale edit changed nothing" -- sh -c "'$LUOSHI' show $t1 | grep -q '^status *doing'"

# --- search ---
L search 读书班 >"$T/s3"
ok "search 3 characters" -- grep -q "读书班" "$T/s3"
L search 党课 >"$T/s2"
ok "search 2 Chinese characters" -- grep -q "党课" "$T/s2"
L search 枫 >"$T/s1"
ok "search 1 Chinese character" -- grep -q "枫" "$T/s1"
L search 专题会议 >"$T/sn"
L note "$t1" '已形成枫桥式调研报告' >/dev/null
L search 调研报告 >"$T/sn"
ok "search finds notes" -- grep -q "^note" "$T/sn"
L search 不存在的词语 >"$T/s0"
ok "no match says so" -- grep -q "no matches" "$T/s0"

# --- exports ---
L export --format json >"$T/x.json"
ok "json is valid" -- python3 -m json.tool "$T/x.json"
python3 - "$T/x.json" "$t1" >"$T/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
tid = int(sys.argv[2])
doc = d["documents"][0]
for k in ("id", "title", "issuer", "number", "date", "source", "encoding", "preamble", "closing", "nodes"):
    assert k in doc, k
def walk(ns):
    for n in ns:
        for k in ("id", "kind", "label", "level", "heading", "body", "children", "tasks"):
            assert k in n, k
        yield from n["tasks"]
        yield from walk(n["children"])
ts = {t["id"]: t for t in walk(doc["nodes"])}
t = ts[tid]
for k in ("id", "title", "text", "status", "unit", "assist", "owner", "due", "recurrence", "progress", "notes"):
    assert k in t, k
assert t["status"] == "doing" and t["unit"] == "组织部" and t["due"] == "2026-03-31" and t["progress"] == 40, t
assert t["notes"][0]["author"] and t["notes"][0]["text"] == "已形成枫桥式调研报告"
assert doc["encoding"] == "UTF-8" and doc["number"] is None
print("json contract ok")
PY
ok "json follows the contract" -- grep -q "json contract ok" "$T/py"
grep -v "json contract ok" "$T/py" | sed 's/^/# /'
is "json: every task is under its node" "$(python3 -c '
import json, sys
def walk(ns):
    for n in ns:
        yield from n["tasks"]
        yield from walk(n["children"])
print(sum(len(list(walk(d["nodes"]))) for d in json.load(open(sys.argv[1]))["documents"]))' "$T/x.json")" "$(L tasks | tail -n +2 | wc -l)"
L export --format csv >"$T/x.csv"
is "csv starts with a UTF-8 BOM" "$(head -c 3 "$T/x.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
is "csv: header + one row per task" "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))))' "$T/x.csv")" "$(( $(L tasks | tail -n +2 | wc -l) + 1 ))"
L export --format csv --encoding gbk >"$T/g.csv" 2>"$T/g.err"
ok "gbk csv decodes as GBK" -- iconv -f GBK -t UTF-8 "$T/g.csv" -o "$T/g8.csv"
ok "gbk csv has the Chinese header" -- grep -q "牵头单位" "$T/g8.csv"
is "gbk csv of text GBK holds: no warning" "$(wc -c <"$T/g.err")" 0
# a character GBK lacks (•, U+2022) becomes ?, and the export says so
L set "$t2" owner=大连重工•起重集团公司 >/dev/null
L export --format csv -o "$T/nowhere/x.csv" 2>"$T/nowhere.err"
is "export -o into a missing directory: status 1" "$?" 1
ok "... naming the file asked for, not its temporary" -- \
	grep -qx "luoshi: cannot write $T/nowhere/x.csv: No such file or directory" "$T/nowhere.err"
L export --format csv --encoding gbk -o "$T/g2.csv" 2>"$T/g2.err"
is "gbk csv with a character GBK lacks: written all the same (exit 0)" "$?" 0
ok "the ? is in the file" -- sh -c "iconv -f GBK -t UTF-8 '$T/g2.csv' | grep -q '大连重工?起重集团公司'"
ok "one warning names the character and the way out" -- \
	grep -qx "luoshi: warning: 1 character has no form in GBK and was written as ? (• U+2022); --encoding gb18030 keeps every character" "$T/g2.err"
L export --format csv --encoding gb18030 -o "$T/g3.csv" 2>"$T/g3.err"
ok "gb18030 keeps it, without a warning" -- \
	sh -c "iconv -f GB18030 -t UTF-8 '$T/g3.csv' | grep -q '大连重工•起重集团公司' && test ! -s '$T/g3.err'"
L set "$t2" owner= >/dev/null
L export --format md >"$T/x.md"
ok "md report has the section heading" -- grep -q "^## 一、坚持以学铸魂" "$T/x.md"
ok "md report lists the overdue task under 逾期事项" -- sh -c "sed -n '/^## 逾期事项/,\$p' '$T/x.md' | grep -q '#$t1 '"
ok "md report: a task not overdue is not listed there" -- sh -c "! sed -n '/^## 逾期事项/,\$p' '$T/x.md' | grep -q '#$t2 '"
# untrusted text through every export: controls escaped, formulas defused
L note "$t2" "$(printf '=HYPERLINK("x")\033[2J\302\233\342\200\256反转')" >/dev/null
L export --format json >"$T/e.json"
ok "json with ESC/C1/bidi in a note is valid" -- python3 -m json.tool "$T/e.json"
is "json: no raw ESC" "$(tr -cd '\033' <"$T/e.json" | wc -c)" 0
ok "json: ESC escaped as \\u001B" -- grep -q 'u001B\[2J' "$T/e.json"
ok "json: bidi override escaped" -- grep -q 'u202E' "$T/e.json"
ok "json: the note text round-trips" -- python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
notes=[n['text'] for doc in d['documents'] for top in doc['nodes'] for m in top['children'] for t in m['tasks'] for n in t['notes']]
assert any(n.startswith('=HYPERLINK') and '\x1b[2J' in n and '\u202e' in n for n in notes), notes" "$T/e.json"
L add "$node1" '=HYPERLINK("http://x")' >/dev/null
L export --format csv >"$T/e.csv"
is "csv: no raw ESC" "$(tr -cd '\033' <"$T/e.csv" | wc -c)" 0
is "csv: no raw bidi override" "$(grep -c "$(printf '\342\200\256')" "$T/e.csv")" 0
ok "csv: a leading = in a title is defused" -- grep -q "\"'=HYPERLINK" "$T/e.csv"
ok "csv: the latest note is in its column" -- grep -q '反转' "$T/e.csv"
L export --format md >"$T/e.md"
is "md: no raw ESC" "$(tr -cd '\033' <"$T/e.md" | wc -c)" 0
L export --format xml >"$T/out" 2>&1
is "unknown export format: usage error" "$?" 2
L export --format json -o "$T/out.json" 1
ok "export -o writes a file" -- python3 -m json.tool "$T/out.json"

# --- read-only: every write refused with one sentence, nothing changed ---
L export --format json >"$T/ro-before.json"
for cmd in "done $t1" "set $t1 owner=赵六" "note $t1 不应写入" "add $node1 不应新增" "undo" "import $SEED"; do
	# shellcheck disable=SC2086
	L --read-only $cmd >"$T/out" 2>"$T/err"
	is "--read-only $cmd: exit 1" "$?" 1
	ok "--read-only $cmd: says read-only" -- grep -q "read-only" "$T/err"
done
L export --format json >"$T/ro-after.json"
ok "--read-only: database unchanged" -- cmp "$T/ro-before.json" "$T/ro-after.json"
L --read-only tasks >"$T/out" 2>&1
is "--read-only: reading works" "$?" 0

# --- small things a user would trip over ---
L tasks >/dev/full 2>"$T/err"
is "a full disk on stdout is an error, not success" "$?" 1
ok "and says so" -- grep -q "cannot write the output" "$T/err"
L history 999999 >"$T/out" 2>"$T/err"
is "history of an unknown task: exit 1" "$?" 1
L export --format csv --encoding latin1 >"$T/out" 2>&1
is "export only writes utf-8, gbk or gb18030" "$?" 2
L set "$t2" status=done >/dev/null; L set "$t2" status=todo >/dev/null
ok "back to todo starts the progress over" -- sh -c "'$LUOSHI' show $t2 | grep -q '^progress *0%'"
L set "$t2" 'owner=   ' >/dev/null
ok "an owner of spaces is no owner" -- sh -c "'$LUOSHI' show $t2 | grep -q '^owner *-$'"
L set "$t2" 'unit=　宣传部 ' >/dev/null
ok "values are trimmed (U+3000 too)" -- sh -c "'$LUOSHI' show $t2 | grep -q '^unit *宣传部$'"
printf '  \n\n' | L note "$t2" - >"$T/out" 2>&1
is "a note of white space is refused" "$?" 2
L add "$node1" "临时任务" >/dev/null
L undo >"$T/out" 2>&1
ok "undo of an add says so in words" -- grep -q "added (removed again)" "$T/out"
L ui --task >"$T/out" 2>"$T/err"
is "ui --task without an id: usage error" "$?" 2
ok "and says what is missing" -- grep -q "needs an id" "$T/err"

L --db "$T/no/such/dir/x.db" docs >"$T/out" 2>"$T/err"
is "--db in a missing directory: exit 1" "$?" 1
ok "and the directory is not created" -- test ! -e "$T/no"

# --- a GB18030 locale gets GB18030 on the terminal, statuses in Chinese ---
if have_locale zh_CN.GB18030; then
	LC_ALL=zh_CN.GB18030 L show "$t1" >"$T/gb.out" 2>&1
	ok "GB18030 locale: output decodes as GB18030" -- iconv -f GB18030 -t UTF-8 "$T/gb.out" -o "$T/gb8.out"
	ok "GB18030 locale: the title is there" -- grep -q '各级党委' "$T/gb8.out"
	ok "GB18030 locale: not UTF-8 bytes" -- sh -c "! grep -q '各级党委' '$T/gb.out'"
	LC_ALL=zh_CN.GB18030 L set "$t2" "$(echo owner=欧阳 | iconv -f UTF-8 -t GB18030)" >/dev/null
	ok "GB18030 locale: typed arguments are stored as UTF-8" -- sh -c "'$LUOSHI' show $t2 | grep -q '^owner *欧阳'"
	echo '已上报' | iconv -f UTF-8 -t GB18030 | LC_ALL=zh_CN.GB18030 L note "$t2" - >/dev/null
	ok "GB18030 locale: a note from stdin is stored as UTF-8" -- sh -c "'$LUOSHI' show $t2 | grep -q '已上报'"
	LC_ALL=zh_CN.GB18030 L tasks status:doing >"$T/gb.out" 2>&1
	ok "GB18030 locale: statuses in Chinese" -- sh -c "iconv -f GB18030 -t UTF-8 '$T/gb.out' | grep -q '进行中'"
else
	ok "the zh_CN.GB18030 locale can be made (localedef, package locales)" -- false
fi

# --- usage basics ---
L --version >"$T/out"
ok "--version" -- grep -q "^luoshi [0-9]" "$T/out"
for cmd in import docs outline read tasks show add set done note history undo search export ui; do
	L "$cmd" --help >"$T/out" 2>&1
	is "$cmd --help exits 0" "$?" 0
done
L frobnicate >"$T/out" 2>&1
is "unknown command: usage error" "$?" 2

# set --help names every field set knows and every recurrence it takes
# (the tryout found recheck, cycle, due_text and daily ... quinquennial
# missing): both lists read back from the refusals' own lists
L set --help >"$T/sethelp"
L set 1 nosuch=1 2>"$T/f.err" >/dev/null
L set 1 recurrence=nosuch 2>"$T/r.err" >/dev/null
fields=$(sed -n 's/.*(known: \(.*\))$/\1/p' "$T/f.err" | tr -d ',')
recurs=$(sed -n 's/.*(use \(.*\) or none)$/\1/p' "$T/r.err" | tr -d ',')
ok "the refusals list the fields and the recurrences" -- test -n "$fields" -a -n "$recurs"
is "the recurrence refusal lists every recurrence completion offers" \
	"$(echo $recurs | tr ' ' '\n' | sort | tr '\n' ' ')" \
	"$(L --complete recur | sort | tr '\n' ' ')"
missing=""
for w in $fields; do grep -qw -- "$w" "$T/sethelp" || missing="$missing $w"; done
is "set --help names every field" "$missing" ""
missing=""
for w in $recurs; do grep -qw -- "$w" "$T/sethelp" || missing="$missing $w"; done
is "set --help names every recurrence" "$missing" ""
missing=""
for w in $recurs; do L set 1 "recurrence=$w" >/dev/null 2>&1 || missing="$missing $w"; done
is "set takes every recurrence the message lists" "$missing" ""
# a conflict names the other change with the statuses' labels, in the
# user's language (the tryout read 状态 blocked → doing in Chinese)
if have_locale zh_CN.UTF-8; then
	t=$(L tasks status:todo | awk 'NR == 2 {print $1}')
	v=$(L show "$t" | sed -n 's/^task [0-9]* (version \([0-9]*\)).*/\1/p')
	L set "$t" status=blocked >/dev/null
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 L set --expect-version "$v" "$t" status=doing 2>"$T/zh.err"
	ok "zh: the conflict says 状态 未开始 → 受阻" -- grep -q "：状态 未开始 → 受阻" "$T/zh.err"
	L set --expect-version "$v" "$t" status=doing 2>"$T/en.err"
	ok "C: the same in English words" -- grep -q ": status todo → blocked (now version" "$T/en.err"
fi
done_testing
