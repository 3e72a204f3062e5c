#!/bin/sh
# End to end (issue 7, case 6): after done -> doing, progress is what it
# was before done, not 100%; undo takes status and progress back together.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }
progress() { L show "$1" | awk '$1 == "progress" {print $2}'; }
status() { L show "$1" | awk '$1 == "status" {print $2}'; }

L import --no-tasks "$SEED" >/dev/null 2>&1
node=$(L outline 1 | awk '/1\.建立健全/ {print $1}')
id=$(L add "$node" "写出调研报告" | sed -n 's/^added task \([0-9]*\)$/\1/p')
ok "a task to work on" -- test -n "$id"
L set "$id" status=doing progress=40 >/dev/null
L done "$id" >/dev/null
is "done: 100%" "$(progress "$id")" 100%
L set "$id" status=doing >/dev/null
is "done -> doing: back to 40%" "$(progress "$id")" 40%
L history "$id" >"$T/hist"
ok "history shows progress 100 -> 40" -- grep -q "progress.*100.*40" "$T/hist"
L undo >"$T/out"
is "undo: done again" "$(status "$id")" done
is "undo: 100% again" "$(progress "$id")" 100%
L set "$id" status=已取消 >/dev/null
is "done -> dropped: 40% too" "$(progress "$id")" 40%
L set "$id" status=todo >/dev/null
is "todo starts over" "$(progress "$id")" 0%

# status follows progress: above 0 on a task to do, it has begun (a report
# with a percentage left it 未开始 beside 30%: the tryout)
L set "$id" progress=30 >/dev/null
is "progress 30 on a todo task: doing" "$(status "$id")" doing
L undo >/dev/null
is "one undo: todo again" "$(status "$id")" todo
is "and 0% again" "$(progress "$id")" 0%
L report "$id" --percent 20 "已启动" >/dev/null
is "a report with a percentage: doing" "$(status "$id")" doing
is "at 20%" "$(progress "$id")" 20%
L undo >/dev/null
is "one undo takes report, progress and status back" "$(status "$id")/$(progress "$id")" todo/0%
L report "$id" "尚未启动，正在准备" >/dev/null
is "a report without one: still todo" "$(status "$id")" todo
L set "$id" progress=0 >/dev/null
is "progress 0: still todo" "$(status "$id")" todo
L set "$id" status=blocked >/dev/null
L set "$id" progress=10 >/dev/null
is "a blocked task stays blocked" "$(status "$id")" blocked
L set "$id" status=todo progress=50 >/dev/null
is "status given in the same change: as given" "$(status "$id")/$(progress "$id")" todo/50%

done_testing
