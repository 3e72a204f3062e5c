#!/bin/sh
# End to end, the 督办 cycle from the command line: a year of a monthly task
# (12 periods reported and done, the deadline rolling on), a 销号 by a
# reviewer and a reopen (undone), a 回头看 coming due, lateness levels that a
# setting tunes, the login line in both languages.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }
# LUOSHI_NOW at noon (UTC) of a day
on() { LUOSHI_NOW=$(date -u -d "$1 12:00:00" +%s); export LUOSHI_NOW; }
me=$(id -un)

on 2026-01-05
L import "$SEED" >/dev/null 2>&1
node=$(L outline 1 | grep '1\.建立健全' | awk '{print $1}')
ok "the seed's measure 1 is there" -- test -n "$node"
m=$(L add "$node" 月度报送工作进展 unit=办公室 due=2026-01-31 recurrence=monthly | grep -o '[0-9][0-9]*' | head -1)
ok "a monthly task added" -- test -n "$m"

# --- a year of a monthly task ---
next_end() { date -u -d "$1-01 +2 month -1 day" +%Y-%m-%d; } # the end of the month after
good=0
for mm in 01 02 03 04 05 06 07 08 09 10 11 12; do
	on "2026-$mm-20"
	L due --unit 办公室 >"$T/due.before"
	L report "$m" --percent 50 "第${mm}月进展" >/dev/null || break
	L due --unit 办公室 >"$T/due.after"
	L done "$m" >/dev/null || break
	want=$(next_end "2026-$mm")
	if grep -q "NOT reported for 2026-$mm" "$T/due.before" &&
		grep -q "reported for 2026-$mm" "$T/due.after" &&
		! grep -q "NOT reported for 2026-$mm" "$T/due.after" &&
		L show "$m" | grep -q "^due *$want\$" &&
		L show "$m" | grep -q "^status *todo"; then
		good=$((good + 1))
	else
		echo "# month $mm: due should be $want"; L show "$m" | grep '^due\|^status' | sed 's/^/# /'
	fi
done
is "12 months: each not reported, then reported, done, due the next month's end" "$good" 12
ok "due: December done (the task rolled on)" -- \
	sh -c "'$LUOSHI' due --unit 办公室 | grep -q '  2026-12 done\$'"
L export --format md --period 2026-12 >"$T/report.md"
ok "the period's report counts it done" -- grep -q "^| 办公室 | 1 | 1 | 1 | 0 | 0 | 1 | 0 | 0 | 0 |" "$T/report.md"
ok "and says so beside the task" -- grep -q "月度报送工作进展 · 2026-12 期已完成" "$T/report.md"
L show "$m" >"$T/show"
is "12 periods done, in show" "$(grep -c '^  2026-[01][0-9]  due 2026-' "$T/show")" 12
is "12 reports by period, in show" "$(grep -c '^  2026-[01][0-9]$' "$T/show")" 12
ok "January's period had January's deadline" -- grep -q "^  2026-01  due 2026-01-31, done by $me" "$T/show"
ok "the deadline is now January 2027" -- grep -q "^due *2027-01-31" "$T/show"
L history --limit 500 "$m" >"$T/hist"
is "history says which period changed (12 period rows)" "$(grep -c 'period done: *-> 2026-' "$T/hist")" 12
# the last one undone: December open again with its deadline
L undo >/dev/null
ok "undo: December is open again, due 2026-12-31" -- sh -c "'$LUOSHI' show $m | grep -q '^due *2026-12-31'"
is "undo: 11 periods done" "$(L show "$m" | grep -c '^  2026-[01][0-9]  due')" 11

# --- lateness: January 2027 not done by 2027-02-20 ---
L done "$m" >"$T/done"
ok "done says which period is done and the next deadline" -- \
	grep -qx "  period 2026-12 done; the next is due 2027-01-31" "$T/done"
on 2027-02-20
L tasks --by unit unit:办公室 >"$T/by"
ok "20 days late: red card by default (1,16)" -- grep -q "red card, 20 days late" "$T/by"
ok "the unit's totals count it" -- grep -q "^办公室 — lead 1, assisting 0: todo 1, red card 1" "$T/by"
is "the listing starts with its first unit, not a blank line" "$(head -1 "$T/by" | cut -c1-9)" "办公室"
L config late-levels=1,30 >/dev/null
L tasks --by unit unit:办公室 >"$T/by"
ok "late-levels=1,30: a yellow card" -- grep -q "yellow card, 20 days late" "$T/by"
L config late-levels=5,10,20 >/dev/null
ok "three levels: red from 20 days" -- sh -c "'$LUOSHI' due --unit 办公室 | grep -q 'red card, 20 days late'"
L config late-levels=3,10,30 >/dev/null
ok "three levels: orange from 10" -- sh -c "'$LUOSHI' due --unit 办公室 | grep -q 'orange card, 20 days late'"
L due --unit >"$T/out" 2>"$T/err"
is "due --unit without a unit: usage error" "$?" 2
ok "saying the option needs a value" -- grep -q -- "--unit needs a value" "$T/err"
L config late-levels=16,1 >"$T/out" 2>"$T/err"
is "falling levels refused (exit 2)" "$?" 2
is "one sentence on stderr" "$(wc -l <"$T/err")" 1
ok "lateness in show" -- sh -c "'$LUOSHI' show $m | grep -q '^lateness: orange card, 20 days late'"
ok "lateness in the task list, after the title" -- \
	sh -c "'$LUOSHI' tasks unit:办公室 | grep -q '月度报送工作进展  \[orange card, 20 days late\]\$'"

# --- review: 销号, reopen, undo ---
on 2027-03-01
r=$(L add "$node" 召开专题会议 unit=组织部 due=2027-03-31 | grep -o '[0-9][0-9]*' | head -1)
L set "$r" progress=40 >/dev/null
L close "$r" 纪要 >"$T/out" 2>"$T/err"
is "close before done: exit 1" "$?" 1
ok "close before done: says the task is not done" -- grep -q "not done" "$T/err"
if have_locale zh_CN.UTF-8; then
	# the status by its label, never the stored word (todo: the tryout)
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 L close "$r" 纪要 2>"$T/err"
	ok "zh: close says the status as shown (进行中)" -- grep -q "的状态是进行中，不是已完成" "$T/err"
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 L recheck "$r" 2027-06-30 2>"$T/err"
	ok "zh: recheck too" -- grep -q "的状态是进行中：" "$T/err"
fi
L done "$r" >/dev/null
ok "brief counts it waiting for review (our own unit)" -- \
	sh -c "'$LUOSHI' brief --unit 组织部 | grep -q ', 1 waiting for review'"
L config reviewers=nobody-else >/dev/null
L close "$r" 纪要 >"$T/out" 2>"$T/err"
is "not a reviewer: exit 1" "$?" 1
ok "not a reviewer: one sentence naming who may" -- grep -q "may not review tasks (reviewers: nobody-else" "$T/err"
L set "$r" status=closed >"$T/out" 2>"$T/err"
is "set status=closed is refused" "$?" 2
L config "reviewers=nobody-else,$me" recheck-after=6 >/dev/null
L close "$r" 会议纪要.pdf 签到表 >"$T/out"
is "a reviewer closes it" "$?" 0
ok "closed, 回头看 six months on" -- grep -q "task $r closed (已销号); 回头看 on 2027-09-01" "$T/out"
L show "$r" >"$T/show"
ok "show: status closed" -- grep -q "^status *closed (已销号)" "$T/show"
ok "show: the evidence and who" -- grep -q "  $me  closed (销号): 会议纪要.pdf 签到表" "$T/show"
L reopen "$r" >"$T/out" 2>"$T/err"
is "reopen needs a reason" "$?" 2
L reopen "$r" 佐证材料不全 >"$T/out"
ok "reopened: doing again" -- grep -q "task $r sent back: it is doing again" "$T/out"
ok "reopened: progress as before done" -- sh -c "'$LUOSHI' show $r | grep -q '^progress *40%'"
ok "the reason is kept" -- sh -c "'$LUOSHI' show $r | grep -q 'sent back: 佐证材料不全'"
L undo >/dev/null
ok "undo of the reopen: closed again" -- sh -c "'$LUOSHI' show $r | grep -q '^status *closed'"

# --- 回头看 coming due ---
on 2027-08-20
ok "回头看 not listed before its month" -- sh -c "! '$LUOSHI' due | grep -q '回头看 due'"
ok "回头看 listed in its month" -- sh -c "'$LUOSHI' due --period 2027-09 | grep -q '回头看 due 2027-09-01'"
L recheck "$r" 整改到位 >"$T/out"
ok "recheck recorded" -- grep -q "task $r: 回头看 recorded" "$T/out"
ok "its date cleared" -- sh -c "! '$LUOSHI' due --period 2027-09 | grep -q '回头看 due'"

# --- the JSON export carries the 督办 record ---
L export --format json >"$T/x.json"
rec=$(python3 - "$T/x.json" "$m" "$r" <<'PY'
import json, sys
tasks = {}
def walk(x):
    if isinstance(x, dict):
        if "reports" in x and "id" in x:
            tasks[x["id"]] = x
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(json.load(open(sys.argv[1])))
m, r = tasks[int(sys.argv[2])], tasks[int(sys.argv[3])]
print(len(m["reports"]), m["reports"][0]["period"], m["reports"][0]["percent"],
      m["reports"][0]["text"], len(m["periods_done"]), m["periods_done"][0]["due"],
      " ".join(v["kind"] for v in r["reviews"]), r["reviews"][0]["text"])
PY
)
is "export json: reports, periods done and reviews" "$rec" \
	"12 2026-12 50 第12月进展 12 2026-12-31 close recheck 会议纪要.pdf 签到表"

# --- the login line, in both languages ---
L set "$m" owner="$me" >/dev/null
L brief >"$T/brief"
ok "brief: one line with the counts" -- grep -qx "luoshi: 1 late, 0 due this week, 0 waiting for review" "$T/brief"
if have_locale zh_CN.UTF-8; then
	LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 L brief >"$T/brief"
	ok "brief in Chinese" -- grep -qx "落实：1 项逾期，0 项本周到期，0 项待销号" "$T/brief"
	LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 L due --unit 办公室 >"$T/due"
	ok "due in Chinese: lateness in words" -- grep -q "红牌，逾期" "$T/due"
fi
L config report-cycle=quarterly >/dev/null
L undo >"$T/undo"
ok "undo of a setting names the setting, not a task" -- grep -qx "undone: setting: report-cycle=quarterly -> *" "$T/undo"
L history >"$T/hist"
ok "history: a setting's change is not a task's" -- \
	sh -c "grep -q ' settings   setting:  -> report-cycle=quarterly (undone)' '$T/hist' && ! grep -q ' task 0 ' '$T/hist'"
L config >"$T/config"
ok "config lists the settings with who set them" -- grep -q "^reviewers=nobody-else,$me (set by $me)" "$T/config"
# settings belong to the database, not to a document: setting them in a
# new, empty database imports no bundled document there
"$LUOSHI" --db "$T/empty.db" init >/dev/null
"$LUOSHI" --db "$T/empty.db" config report-cycle=quarterly >/dev/null
"$LUOSHI" --db "$T/empty.db" config >/dev/null
is "config leaves an empty database without documents" \
	"$("$LUOSHI" --db "$T/empty.db" docs | tail -n +2 | wc -l)" 0

# --- what a period finished stays in its report (the tryout: a task due
# and closed within the month was gone from that month's report) ---
on 2028-05-10
add() { L add "$node" "$@" | grep -o '[0-9][0-9]*' | head -1; }
c1=$(add 报送整改清单 unit=督查室 due=2028-05-20)
c2=$(add 建立长效机制 unit=督查室)
c3=$(add 开展专项检查 unit=督查室 due=2028-05-25)
L done "$c1" "$c2" "$c3" >/dev/null
L close "$c1" 清单 >/dev/null
L close "$c2" 制度文件 >/dev/null
L export --format md --period 2028-05 >"$T/may.md"
# 单位 事项 应报送 已报送 未报送 本期到期 已完成 逾期 待销号 回头看
ok "May's report: three items, two due in May, three finished, one waiting" -- \
	grep -qx "| 督查室 | 3 | 0 | 0 | 0 | 2 | 3 | 0 | 1 | 0 |" "$T/may.md"
ok "May's report: the closed task due in May" -- \
	grep -qx -- "- #$c1 报送整改清单 · 已销号，本期到期（2028-05-20）" "$T/may.md"
ok "May's report: the closed task without a due date, closed in May" -- \
	grep -qx -- "- #$c2 建立长效机制 · 已销号" "$T/may.md"
ok "May's report: the done one, due in May, waiting for review" -- \
	grep -qx -- "- #$c3 开展专项检查 · 已完成，待销号，本期到期（2028-05-25）" "$T/may.md"
ok "due --period 2028-05: the closed task, with its date" -- \
	sh -c "'$LUOSHI' due --period 2028-05 | grep -q '^ *$c1 .*closed (已销号); due 2028-05-20\$'"
on 2028-06-10
L export --format md --period 2028-06 >"$T/june.md"
ok "June's report: the closed tasks are not June's" -- \
	sh -c "! grep -q '#$c1 \\|#$c2 ' '$T/june.md'"
ok "June's report: the one waiting for review still is" -- grep -q -- "- #$c3 " "$T/june.md"

# --- done of several tasks: one change, all or nothing; a recurring task
# given twice rolls once; done ahead of its period is said ---
on 2028-07-10
d1=$(add 落实整改任务 unit=督查室)
d2=$(add 组织培训 unit=督查室)
L done "$d1" "$d2" >/dev/null
L undo >/dev/null
is "one undo takes back both tasks of one done" \
	"$(L show "$d1" | grep -c '^status *todo') $(L show "$d2" | grep -c '^status *todo')" "1 1"
L done "$d1" "$c1" >"$T/out" 2>"$T/err" # c1 is closed
is "done with a closed task among them: refused by its state (exit 1, as close)" "$?" 1
ok "the sentence names the way back, and that none was done" -- \
	grep -q "task $c1 is closed (已销号): luoshi reopen ID REASON sends it back; none of the 2 tasks given was marked done" "$T/err"
ok "and the other is not done either" -- sh -c "'$LUOSHI' show $d1 | grep -q '^status *todo'"
q=$(add 季度报送 unit=督查室 due=2028-09-30 recurrence=quarterly)
L done "$q" "$q" >"$T/out" 2>"$T/err"
is "a recurring task given twice: one period done" "$(grep -c 'period .* done' "$T/out")" 1
ok "it is due at the next quarter's end" -- sh -c "'$LUOSHI' show $q | grep -q '^due *2028-12-31'"
is "its own period: no warning" "$(wc -c <"$T/err")" 0
L done "$q" >"$T/out" 2>"$T/err"
ok "done again: the next quarter is done, ahead of time, and said" -- \
	grep -q "warning: task $q: period 2028Q4, due 2028-12-31, done ahead of time" "$T/err"
# a monthly report due on the 5th, done at the end of the month before:
# on time, no warning (the review's case)
on 2028-07-28
r5=$(add 报送上月进展 unit=督查室 due=2028-08-05 recurrence=monthly)
L done "$r5" >"$T/out" 2>"$T/err"
ok "due on the 5th, done on the 28th before: its period done" -- grep -q "period 2028-08 done" "$T/out"
is "and no warning" "$(wc -c <"$T/err")" 0
L done "$r5" >"$T/out" 2>"$T/err"
ok "done again the same day: September's, said" -- \
	grep -q "warning: task $r5: period 2028-09, due 2028-09-05, done ahead of time" "$T/err"

# --- the 催报 summary: a unit and its count on one line, lines within 80
# columns, the counts those of the units' headings (the tryout: 150 pairs
# on one line) ---
i=0
for unit in 党委办公室 党委组织部 党委宣传部 纪委监委机关 人力资源部 财务部 审计部 科技部 \
	信息中心 后勤保障部 安全生产监督部 市场营销部 法律事务部 对外合作部; do
	add "制定${i}号方案" "unit=$unit" >/dev/null
	i=$((i + 1))
done
L due >"$T/due.all"
sed -n '/催报/,$p' "$T/due.all" | tail -n +2 >"$T/chase"
ok "the summary runs over several lines" -- test "$(wc -l <"$T/chase")" -ge 2
is "no line of it wider than 80 columns" "$(python3 -c '
import sys, unicodedata as u
print(max(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")) <= 80)' "$T/chase")" True
is "its counts are the headings' counts, unit by unit" \
	"$(python3 -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
heads = dict((m.group(1), int(m.group(2))) for m in re.finditer(r"^(.+?) — \d+ items?, (\d+) not reported$", t, re.M))
chase = t.split("催报):\n", 1)[1]
pairs = dict(i.rsplit(" ", 1) for l in chase.splitlines() for i in l.strip().split("  "))
pairs = dict((k, int(v)) for k, v in pairs.items())
print(heads == pairs and len(pairs) >= 14)' "$T/due.all")" True

# --- a period of many tasks, read a page at a time: each item once ---
paging_doc "$T/many.txt"
items() { L due | sed -n 's/^(no unit) — \([0-9]*\) items.*/\1/p'; }
before=$(items)
L import "$T/many.txt" >/dev/null 2>&1
is "2,400 tasks more, naming no unit" "$(db_query "SELECT count(*) FROM tasks WHERE unit IS NULL
	AND node_id IN (SELECT id FROM nodes WHERE doc_id = (SELECT max(id) FROM documents))")" 2400
is "due lists each of them (pages of 1,000 and the last one)" "$(items)" "$((${before:-0} + 2400))"
L due | awk '$1 ~ /^[0-9]+$/ {print $1}' | sort | uniq -d >"$T/twice"
is "no task twice" "$(wc -l <"$T/twice")" 0
# --- a period done without a report asks for none (催报 nagged it: the tryout) ---
on 2030-03-10
d=$(L add "$node" 月度统计报表 unit=统计科 due=2030-03-31 recurrence=monthly | grep -o '[0-9][0-9]*' | head -1)
L due --unit 统计科 >"$T/due.before"
L done "$d" >/dev/null
L due --unit 统计科 >"$T/due.after"
L due >"$T/due.all"
ok "before: not reported" -- grep -q "NOT reported for 2030-03" "$T/due.before"
ok "done without a report: its period done, not 'NOT reported'" -- grep -q "  2030-03 done\$" "$T/due.after"
ok "and not asked for (催报)" -- sh -c "! grep -q 'NOT reported' '$T/due.after'"
ok "the unit's tally says nothing is missing" -- grep -q "^统计科 — 1 item\$" "$T/due.after"
ok "and 统计科 is not in the 催报 summary" -- sh -c "! sed -n '/催报/,\$p' '$T/due.all' | grep -q 统计科"
L export --format md --period 2030-03 >"$T/report.md"
ok "the period's report counts it reported" -- grep -q "^| 统计科 | 1 | 1 | 1 | 0 |" "$T/report.md"

done_testing
