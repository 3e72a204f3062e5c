#!/bin/sh
# Screens, headless: the 督办 keys (p report, c 销号, B send back with a
# reason), the detail's reports by period, lateness and review, a
# non-reviewer refused by the store, the task list grouped by unit and the
# dashboard's panels of this period.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null
node=$("$LUOSHI" outline | awk '/1\.建立健全/ {print $1}')
t=$("$LUOSHI" add "$node" 召开专题会议 unit=组织部 assist=宣传部 due=2026-05-10 | grep -o '[0-9][0-9]*' | head -1)
ok "a task of 组织部, 18 days late on the fixed clock" -- test -n "$t"
status() { "$LUOSHI" show "$1" | awk '$1 == "status" {print $2}'; }

keys <<EOF
c
:save-display $T/d0
p
:save-display $T/dp
:type 60% 已完成调研
<Enter>
:save-display $T/d1
<Enter>
:save-display $T/d2
3
c
:type 会议纪要.pdf
<Enter>
:save-display $T/d3
B
<Enter>
:save-display $T/d4
:type 材料不全
<Enter>
:save-display $T/d5
EOF
ui_run 80 60 ui --task "$t"
is "c on a task not done: said at once, nothing asked" "$(rows "$T/d0" 60 60)" \
	"task $t is not done: mark it done (3) before 销号"
is "p: the prompt's label whole at 80 columns" "$(rows "$T/dp" 60 60)" "2026-05 report (60% … sets progress):"
is "p: the report is added" "$(rows "$T/d1" 60 60)" "task $t: report added (u undoes)"
ok "the detail shows the reports by period" -- grep -q "^ Reports by period" "$T/d2"
ok "with the period and the text" -- sh -c "grep -q '^   2026-05 *\$' '$T/d2' && grep -q '已完成调研' '$T/d2'"
ok "the report's 60% is the progress" -- grep -q "progress *60%" "$T/d2"
ok "the lateness in words" -- grep -q "lateness: red card, 18 days late" "$T/d2"
is "c after 3: closed" "$(rows "$T/d3" 60 60)" "task $t closed (已销号) (u undoes)"
is "B without a reason: refused, the editor stays" "$(rows "$T/d4" 60 60)" "send task $t back, reason:"
is "B with the reason: sent back" "$(rows "$T/d5" 60 60)" "task $t sent back (u undoes)"
is "the command line sees it doing again" "$(status "$t")" doing
ok "the review is recorded with the evidence and the reason" -- \
	sh -c "'$LUOSHI' show $t | grep -q '会议纪要.pdf' && '$LUOSHI' show $t | grep -q 'sent back: 材料不全'"

# --- a non-reviewer: the store refuses, the screen says why
"$LUOSHI" done "$t" >/dev/null
"$LUOSHI" config reviewers=somebody-else >/dev/null
keys <<EOF
c
:type 纪要
<Enter>
:save-display $T/r1
EOF
ui_run 80 24 ui --task "$t"
ok "c by a non-reviewer: refused, naming who may" -- grep -q "may not review tasks (reviewers: somebody-else" "$T/r1"
is "still done" "$(status "$t")" done
"$LUOSHI" config reviewers= >/dev/null

# --- the task list grouped by unit, lead and assisting
keys <<EOF
T
f
:type unit:组织部
<Enter>
s
s
s
:save-display $T/g1
EOF
ui_run 100 40
ok "s three times: by unit" -- grep -q "by unit" "$T/g1"
ok "a heading per unit with its counts (done: not late)" -- grep -q "组织部 — lead 1, assisting 0, late 0" "$T/g1"
ok "the assisting unit lists it too" -- grep -q "宣传部 — lead 0, assisting 1, late 0" "$T/g1"
ok "marked as assisted" -- grep -q "(assisting) 召开专题会议" "$T/g1"

# --- the dashboard's panels of this period
"$LUOSHI" add "$node" 开展专项督查 unit=宣传部 due=2026-05-20 >/dev/null
keys <<EOF
D
G
:save-display $T/p1
EOF
ui_run 80 24
ok "this period, reported by unit" -- grep -q "This period: 2026-05, reported by unit" "$T/p1"
ok "宣传部's row: not reported, a yellow card" -- grep -q "宣传部 (1 not reported) yellow card 1 *0/1" "$T/p1"
ok "waiting for review: the done task" -- sh -c "grep -q 'Waiting for review (1)' '$T/p1' && grep -q '召开专题会议' '$T/p1'"
ok "by lead unit: the cards of the overdue tasks, then the tasks per status" -- grep -q "宣传部 (1 overdue): yellow card 1, todo 1 " "$T/p1"
ok "a unit with nothing overdue: its tasks per status" -- grep -q "组织部: done 1 " "$T/p1"

# --- many overdue: the dashboard shows the first 50 and counts them all
# (read as a page and from the kept counts, never the whole list)
paging_doc "$T/many.txt"
"$LUOSHI" import "$T/many.txt" >/dev/null 2>&1
for id in $(db_query "SELECT t.id FROM tasks t JOIN nodes n ON n.id = t.node_id
		WHERE n.doc_id = (SELECT max(id) FROM documents) ORDER BY t.id LIMIT 60"); do
	"$LUOSHI" set "$id" due=2026-04-01 unit=办公室 >/dev/null
done
late=$(db_query "SELECT count(*) FROM tasks WHERE due < '2026-05-28'
	AND status IN ('todo', 'doing', 'blocked')")
keys <<EOF
D
:save-display $T/m1
EOF
ui_run 100 200
ok "at least 61 overdue" -- test "$late" -ge 61
ok "the heading counts every overdue task" -- grep -q "^ Overdue ($late)\$" "$T/m1"
is "50 of them listed, and a line for the rest" "$(awk '/^ Overdue/ {on = 1; next}
	on && /^ *$/ {exit} on && /^   / {n++} END {print n + 0}' "$T/m1")" 51
ok "the rest in the task list" -- grep -q "(more in the task list: T)" "$T/m1"
ok "the most overdue first" -- sh -c "awk '/^ Overdue/ {getline; print; exit}' '$T/m1' | grep -q 2026-04-01"
ok "办公室's red cards count its 60 late tasks" -- grep -q "办公室 (60 overdue): red card 60," "$T/m1"

# --- the 回头看 date and the reporting cycle are fields of the detail
keys <<EOF
<Enter>
j j j j j j j j e
<C-u>
:type 2027-03-31
<Enter>
j e
<C-u>
:type 每季度
<Enter>
:save-display $T/f1
EOF
ui_run 80 40 ui --task "$t"
ok "the recheck field, edited on the screen" -- sh -c "'$LUOSHI' show $t | grep -q '^回头看: 2027-03-31'"
ok "the cycle field, in Chinese words" -- sh -c "'$LUOSHI' show $t | grep -q '^reporting cycle: quarterly'"
ok "the detail shows both" -- sh -c "grep -q '^  recheck     2027-03-31' '$T/f1' && grep -q '^> cycle       quarterly' '$T/f1'"

# --- in Chinese: the same screens, no English word, every row within 80 columns
# --- X: the 台账 exported from the screens, by the file's extension
keys <<EOF
X
:save-display $T/x0
<C-u>
:type $T/ledger.csv
<Enter>
:save-display $T/x1
X
<C-u>
:type $T/ledger.csv
<Enter>
:save-display $T/x2
n
X
<C-u>
:type $T/ledger.txt
<Enter>
:save-display $T/x3
<Esc>
X
<C-u>
:type $T/ledger.json
<Enter>
EOF
ui_run 100 24
ok "X asks where, today's 台账 as xlsx by default" -- grep -q "^export to: ledger-2026-05-28.xlsx" "$T/x0"
ok "exported: said with the name" -- grep -q "exported to $T/ledger.csv" "$T/x1"
"$LUOSHI" export --format csv >"$T/cli.csv"
ok "the file is the command line's CSV export" -- cmp "$T/cli.csv" "$T/ledger.csv"
ok "an existing file: asked before replacing" -- grep -q "$T/ledger.csv exists: replace it? y/n" "$T/x2"
ok "an unknown extension: said, the prompt stays" -- \
	sh -c "grep -q 'name the file .xlsx, .csv, .md or .json' '$T/x3' && grep -q '^export to: $T/ledger.txt' '$T/x3'"
ok "nothing written for it" -- test ! -e "$T/ledger.txt"
"$LUOSHI" export --format json >"$T/cli.json"
ok "json by its extension" -- cmp "$T/cli.json" "$T/ledger.json"
ok "no temporary file left beside them" -- sh -c "! ls '$T' | grep -q '^ledger\..*\.'"

py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import openpyxl' 2>/dev/null; then py=$p; break; fi
done
if xlsx_ok=$("$LUOSHI" export --format xlsx -o "$T/probe.xlsx" 2>&1) && [ -n "$py" ]; then
	keys <<EOF
X
<Enter>
:save-display $T/x5
EOF
	(cd "$T" && ui_run 100 24)
	ok "the default name, written where the screens started, is said with its whole path" -- \
		grep -q "exported to $(realpath "$T")/ledger-2026-05-28.xlsx" "$T/x5"
	ok "Enter takes the default: the same workbook as the command line's" -- "$py" -c "
import openpyxl, sys
a = openpyxl.load_workbook('$T/probe.xlsx'); b = openpyxl.load_workbook('$T/ledger-2026-05-28.xlsx')
cells = lambda wb: [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]
sys.exit(0 if cells(a) == cells(b) and len(cells(a)) > 50 else 1)"
else
	echo "# the default xlsx not checked: ${xlsx_ok:-openpyxl not found}"
fi

# --- u after a change of a shared setting: said as a setting
"$LUOSHI" config report-cycle=quarterly >/dev/null
keys <<EOF
u
:save-display $T/u1
EOF
ui_run 100 24
ok "u undoes the setting and says so, not 'task 0'" -- grep -q "undone: setting report-cycle=quarterly -> *$" "$T/u1"
ok "the setting is back to its default" -- sh -c "'$LUOSHI' config | grep -q '^report-cycle=.*(default)'"

if have_locale zh_CN.UTF-8 && [ "${USE_NLS:-yes}" != no ]; then
	allow_ids
	ALLOW="$ALLOW pdf" # the evidence named in the test data
	keys <<EOF
p
:save-display $T/zp
<Esc>
<Enter>
G
:save-display $T/z2
q
T
f
:type unit:组织部
<Enter>
s
s
s
:save-display $T/z3
D
G
:save-display $T/z4
EOF
	LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 ui_run 80 40 ui --task "$t"
	for f in z2 z3 z4; do
		ok "zh_CN $f: no English word" -- english_words "$T/$f"
		ok "zh_CN $f: fits 80 columns" -- fits_in 80 "$T/$f"
	done
	ok "zh_CN: the p prompt's label whole at 80 columns" -- \
		sh -c "sed -n 40p '$T/zp' | grep -Eq '^20[0-9Q-]+ 期进展（60% 开头即设进度）：\$'"
	ok "zh_CN: the detail's 督办 sections" -- sh -c "grep -q '各期进展' '$T/z2' && grep -q '审核' '$T/z2'"
	ok "zh_CN: grouped by unit" -- grep -q "组织部 — 牵头 1 项，协办 0 项，逾期 0 项" "$T/z3"
	ok "zh_CN: the period panel" -- grep -q "本期 2026-05 各单位报送情况" "$T/z4"
fi
done_testing
