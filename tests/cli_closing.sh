#!/bin/sh
# End to end, the closing as a part of its document: the request it dates
# (请各区于…前报送…) is a task with its unit and deadline, listed under
# 结束语; the text reads once, where it stands, before the 附件; a
# recurring deadline (每月5日前) is the next one from the day of the
# import, a dated one stays as written. Both stores.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }
on() { LUOSHI_NOW=$(date -u -d "$1 12:00:00" +%s); export LUOSHI_NOW; }

cat >"$T/tongzhi.txt" <<'EOF'
某某市应急管理局关于开展安全生产大检查的通知

各区应急管理局：

一、检查内容

1.安全制度。各区要全面自查安全生产制度落实情况。

2.应急预案。各区要修订完善应急预案。

请各区于2024年3月31日前将检查情况报送市应急管理局。各区要于每月5日前报送上月检查进展。各区要高度重视，加强组织领导。

附件：检查情况统计表

某某市应急管理局
2024年3月1日

附件

检查情况统计表

单位名称、检查时间、检查结果
EOF

on 2024-11-20
L import "$T/tongzhi.txt" >"$T/out" 2>&1
is "the notice imports" "$?" 0
ok "... with four tasks: two measures, two requests of the closing" -- grep -q "4 tasks proposed" "$T/out"
L tasks >"$T/tasks"
ok "the closing's dated request is a task with its unit and deadline" -- \
	grep -q '2024-03-31 各区 .*结束语 将检查情况报送市应急管理局' "$T/tasks"
ok "... and late (a dated deadline stays as written)" -- grep -q '!2024-03-31' "$T/tasks"
ok "the monthly request is due on the next 5th from the import's day" -- \
	grep -q ' 2024-12-05 各区 .*结束语 报送上月检查进展' "$T/tasks"
id=$(grep '报送上月检查进展' "$T/tasks" | awk '{print $1}')
ok "... and recurs monthly" -- sh -c "'$LUOSHI' show '$id' | grep -q '^recurrence  monthly'"
is "the exhortation is no task" "$(grep -c '高度重视\|组织领导' "$T/tasks")" 0

L outline 1 >"$T/outline"
ok "the outline lists the closing as 结束语, with its two tasks" -- grep -q '^ *[0-9][0-9]*  结束语 .*0/2' "$T/outline"
is "... after the last section and before the 附件" \
	"$(awk '$2 == "一、检查内容" || $2 == "结束语" || $2 == "附件" {printf "%s ", $2}' "$T/outline")" \
	"一、检查内容 结束语 附件 "

L read 1 >"$T/read"
is "read shows the closing's text once" "$(grep -c '请各区于2024年3月31日前' "$T/read")" 1
is "... without the 结束语 heading" "$(grep -c '^结束语' "$T/read")" 0
ok "... before the attachment" -- \
	sh -c "grep -n '请各区于\|^检查情况统计表' '$T/read' | head -1 | grep -q '请各区于'"
is "结束语 names the part in lists; the search does not find it, the text never says it" \
	"$(L search --count 结束语)" 0
L search 检查情况报送 >"$T/search"
is "search finds the closing's words in its node and its task" "$(cut -c1-4 "$T/search" | tr '\n' ' ')" "node task "
is "... and counts them so" "$(L search --count 检查情况报送)" 2

# imported a day after the 5th: the next month's
sed 's/大检查的通知/大检查的补充通知/' "$T/tongzhi.txt" >"$T/buchong.txt"
on 2024-12-06
L import "$T/buchong.txt" >/dev/null 2>&1
ok "imported on the 6th, the monthly request is due on the next month's 5th" -- \
	sh -c "'$LUOSHI' tasks doc:2 | grep -q ' 2025-01-05 各区 .*报送上月检查进展'"

# each later period counted from the first: 每月29日前 stays on the 29th
# (stepping a month at a time met February's 28th, then the month's end);
# a dated deadline in a table's cell that goes on 每季度 stays as written
cat >"$T/yuebao.txt" <<'EOF'
某某市住房城乡建设局关于做好月度报送工作的通知

各区住房城乡建设局：

一、报送要求

1.按月报送。各区要于每月29日前报送本月工作进展。

2.季度报送。各区要于每季度末报送季度工作总结。

序号	任务	责任单位	完成时限
1	建立工作台账	各区	2024年6月底前，此后每季度更新

某某市住房城乡建设局
2024年1月15日
EOF
on 2026-12-15
L import "$T/yuebao.txt" >/dev/null 2>&1
L tasks doc:3 >"$T/yb"
ok "每月29日前, imported 2026-12-15: 2026-12-29" -- grep -q ' 2026-12-29 各区 .*按月报送' "$T/yb"
ok "a table's 2024年6月底前，此后每季度更新 stays 2024-06-30, late" -- grep -q '!2024-06-30 各区 .*建立工作台账' "$T/yb"

# no task of this store has an owner yet: the listing leaves that column
# out, --limit or not, and brings it back with the first owner
ok "no owner anywhere: no OWNER column" -- sh -c "'$LUOSHI' tasks | head -1 | grep -v -q OWNER"
is "... the same columns with --limit" "$(L tasks --limit 2 | head -1 | tr -s ' ')" "$(L tasks | head -1 | tr -s ' ')"
L set "$id" owner=张三 >/dev/null
ok "an owner given: the column is back" -- sh -c "'$LUOSHI' tasks | head -1 | grep -q OWNER"
ok "... with the owner in it" -- sh -c "'$LUOSHI' tasks | grep -q ' 各区 *张三 '"
done_testing
