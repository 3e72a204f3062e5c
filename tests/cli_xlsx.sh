#!/bin/sh
# The 台账 handed upward: the XLSX export read back cell by cell with
# openpyxl (sheets, frozen header, autofilter, real dates, lateness
# coloured, widths, the summary and the period's report), and the CSV with
# the same columns.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }
export LUOSHI_NOW=1779969600 # 2026-05-28 12:00 UTC

py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import openpyxl' 2>/dev/null; then py=$p; break; fi
done
cat >"$T/doc.txt" <<'EOF'
某市人民政府办公室文件
某政办发〔2026〕12号
某市人民政府办公室关于加强督查督办工作的通知
各区人民政府，市政府各部门：
为推动重点工作落实，现就有关事项通知如下。
一、明确责任分工
（一）建立工作台账。市政府督查室负责，2026年3月31日前完成。
（二）按月报送进展。各牵头单位每月25日前报送进展情况。
二、加强督查问效
（三）开展专项督查。市委宣传部牵头，2026年5月20日前完成。
EOF
L import "$T/doc.txt" >/dev/null 2>&1
L set 2 unit=市政府督查室 recurrence=monthly due=2026-05-31 >/dev/null
L report 2 --percent 60 五月已报送台账 >/dev/null
L export --format xlsx -o "$T/all.xlsx" 2>"$T/err"
rc=$?
if [ $rc -ne 0 ] && grep -q "without libxlsxwriter" "$T/err"; then
	echo "1..0 # SKIP luoshi was built without libxlsxwriter"
	exit 0
fi
is "export --format xlsx exits 0" "$rc" 0
ok "the workbook is there, no temporary file left" -- sh -c "test -s '$T/all.xlsx' && ! ls '$T' | grep -q 'all.xlsx.'"
is "... readable by the group as the umask (022) allows, as a plain file would be" \
	"$(umask 022; L export --format xlsx -o "$T/mode.xlsx" && stat -c %a "$T/mode.xlsx")" 644
is "... and a CSV export too (it was 600: mkstemp's)" \
	"$(umask 022; L export --format csv -o "$T/mode.csv" && stat -c %a "$T/mode.csv")" 644
# where it cannot be written: why, in one sentence of luoshi's own (the
# library's English [ERROR] lines reached the screens' display)
L export --format xlsx -o "$T/nonexist/x.xlsx" >"$T/out" 2>"$T/err"
is "a missing directory: exit 1" "$?" 1
is "... one line" "$(wc -l <"$T/err")" 1
ok "... that says why" -- grep -q "cannot write $T/nonexist/x.xlsx: No such file or directory" "$T/err"
if have_locale zh_CN.UTF-8; then
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 L export --format xlsx -o "$T/nonexist/x.xlsx" >"$T/out" 2>"$T/err"
	ok "... in Chinese too, without the library's English" -- \
		sh -c "grep -q '无法写入.*没有那个文件或目录' '$T/err' && ! grep -q 'ERROR\|Error' '$T/err'"
else
	skip_check "... in Chinese too" "no zh_CN.UTF-8 locale"
fi
mkdir "$T/adir"
L export --format xlsx -o "$T/adir" >"$T/out" 2>"$T/err"
is "a directory as the file: exit 1" "$?" 1
ok "... that says why" -- grep -q "cannot write $T/adir: Is a directory" "$T/err"
ok "... and leaves nothing behind" -- sh -c "! ls '$T' | grep -q 'adir\.'"
L export --format xlsx --by unit --period 2026-05 -o "$T/unit.xlsx"
is "export --format xlsx --by unit --period exits 0" "$?" 0
L export --format xlsx >"$T/out" 2>"$T/err"
is "XLSX to standard output is refused (exit 2)" "$?" 2
L export --format csv >"$T/x.csv"

# the expected values come from the command line's own view of the tasks
L show 1 >"$T/show1"
L show 3 >"$T/show3"
ok "task 1 is 58 days late (the clock is 2026-05-28)" -- grep -q "^lateness: red card, 58 days late" "$T/show1"
ok "task 3 is 8 days late" -- grep -q "^lateness: yellow card, 8 days late" "$T/show3"

if [ -z "$py" ]; then
	echo "# openpyxl not found (apt-get install python3-openpyxl): the workbooks are not read back"
	done_testing
	exit 0
fi
"$py" - "$T/all.xlsx" "$T/unit.xlsx" "$T/x.csv" >"$T/py.out" 2>&1 <<'EOF'
import csv, datetime, sys
import openpyxl
heads = ["任务编号", "文件", "文号", "部分", "措施", "任务", "状态", "牵头单位", "协办单位",
         "责任人", "完成时限", "周期", "进度", "逾期天数", "逾期等级", "最新进展", "回头看", "原文"]
n = 0
def check(what, cond):
    global n
    n += 1
    print(("ok %d - " % n if cond else "not ok %d - " % n) + what)
wb = openpyxl.load_workbook(sys.argv[1])
check("sheets: 台账 and 汇总", wb.sheetnames == ["台账", "汇总"])
ws = wb["台账"]
check("header row", [c.value for c in ws[1]] == heads)
check("header frozen", ws.freeze_panes == "A2")
check("autofilter over header and 3 rows", ws.auto_filter.ref == "A1:R4")
rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
check("one row per task, ids as numbers", sorted(rows) == [1, 2, 3])
r1, r2, r3 = rows[1], rows[2], rows[3]
col = {h: i for i, h in enumerate(heads)}
check("文号", r1[col["文号"]].value == "某政办发〔2026〕12号")
check("the full document title", r1[col["文件"]].value == "某市人民政府办公室关于加强督查督办工作的通知")
check("section and measure", r1[col["部分"]].value == "一、明确责任分工" and r3[col["措施"]].value.endswith("开展专项督查"))
check("status in Chinese", r1[col["状态"]].value == "未开始")
check("lead unit", r3[col["牵头单位"]].value == "市委宣传部")
d = r1[col["完成时限"]]
check("due is a real date", d.value == datetime.datetime(2026, 3, 31) and d.number_format == "yyyy-mm-dd")
check("recurrence in Chinese", r2[col["周期"]].value == "每月")
p = r2[col["进度"]]
check("progress a percentage", abs(p.value - 0.6) < 1e-9 and p.number_format == "0%")
check("days late as numbers", r1[col["逾期天数"]].value == 58 and r3[col["逾期天数"]].value == 8 and r2[col["逾期天数"]].value is None)
red, yellow = r1[col["逾期等级"]], r3[col["逾期等级"]]
check("红牌 in red", red.value == "红牌" and red.fill.fgColor.rgb == "FFFF0000")
check("黄牌 in yellow", yellow.value == "黄牌" and yellow.fill.fgColor.rgb == "FFFFFF00")
check("the latest report", "五月已报送台账" in (r2[col["最新进展"]].value or "") and "2026-05" in r2[col["最新进展"]].value)
check("the source sentence", "2026年3月31日前完成" in r1[col["原文"]].value)
w = ws.column_dimensions["F"].width
check("the task column fits its Chinese text (2 per character)", w >= 2 * len("建立工作台账") and w <= 44)
s = wb["汇总"]
vals = [[c.value for c in r] for r in s.iter_rows()]
units = {r[0]: r for r in vals if r and r[0] in ("市政府督查室", "市委宣传部")}
check("summary: tasks per unit", units.get("市政府督查室", [0, 0])[1] == 2 and units.get("市委宣传部", [0, 0])[1] == 1)
i_red = vals[0].index("红牌")
check("summary: 红牌 per section", [r[i_red] for r in vals[1:3]] == [1, 0])

wb = openpyxl.load_workbook(sys.argv[2])
check("by unit: the period report first, a sheet per unit, the summary",
      wb.sheetnames == ["本期报告", "市政府督查室", "市委宣传部", "汇总"])
u = wb["市政府督查室"]
check("a unit's sheet has only its tasks", sorted(r[0].value for r in u.iter_rows(min_row=2)) == [1, 2])
check("and its own autofilter and frozen header", u.auto_filter.ref == "A1:R3" and u.freeze_panes == "A2")
pr = [[c.value for c in r] for r in wb["本期报告"].iter_rows()]
check("period report title", "2026-05" in pr[0][0] and "2026-05-01" in pr[0][0])
line = [r for r in pr if r and r[0] == "市政府督查室"][0]
check("period report: 市政府督查室 2 asked, 1 reported, 1 not", line[1:5] == [2, 2, 1, 1])

with open(sys.argv[3], encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
check("CSV: the same columns, no English one", rows[0] == heads)
check("CSV: 文号 and lateness", rows[1][col["文号"]] == "某政办发〔2026〕12号" and rows[1][col["逾期等级"]] == "红牌")
EOF
is "openpyxl read the workbooks" "$?" 0
sed -n '/^not ok\|^Traceback\|Error/p' "$T/py.out" | sed 's/^/# /'
is "every check on the cells passed" "$(grep -c '^ok' "$T/py.out")" "$(grep -c '^\(not \)*ok' "$T/py.out")"
ok "and there were 28 of them" -- test "$(grep -c "^ok" "$T/py.out")" -eq 28
done_testing
