#!/bin/sh
# Screens, headless: the task list (filters, sort, columns aligned by
# display width, overdue marked), the dashboard and the help screen.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null
ids=$("$LUOSHI" tasks | awk 'NR > 1 && NR <= 5 {print $1}')
set -- $ids
"$LUOSHI" set "$1" status=doing unit=组织部 due=2026-03-31 owner=张三 >/dev/null
"$LUOSHI" set "$2" status=done unit=宣传部 >/dev/null
"$LUOSHI" set "$3" status=blocked unit=组织部 due=2026-06-01 >/dev/null
"$LUOSHI" set "$4" status=ongoing unit=办公厅 due=2026-12-31 >/dev/null

# --- the task list: every task, then filtered, then sorted
keys <<EOF
T
:save-display $T/v1
f
:type status:doing,blocked unit:组织部
<Enter>
:save-display $T/v2
f <C-u>
:type overdue
<Enter>
:save-display $T/v3
f <C-u> <Enter> s
:save-display $T/v4
EOF
ui_run 100 24
rows "$T/v1" 1 7 >"$T/v1top"
screen_is "T: all tasks with aligned columns; overdue marked with !" "$T/v1top" <<'EOF'
 luoshi | Tasks | 52 tasks | by position
     status   due        unit              task
>[~] doing   !2026-03-31 组织部            各级党委（党组）召开常委会会议（党组会议）
 [x] done                宣传部            党委（党组）谋划重大战略、研究重大事项
 [!] blocked  2026-06-01 组织部            建立领导班子读书班制度
 [o] ongoing  2026-12-31 办公厅            健全专题党课制度
 [ ] todo                                  基层党组织书记联系实际讲好党课
EOF
rows "$T/v2" 1 5 >"$T/v2top"
screen_is "f: status and unit filter words, as in luoshi tasks" "$T/v2top" <<'EOF'
 luoshi | Tasks | 2 tasks | filter: status:doing,blocked unit:组织部 | by position
     status   due        unit              task
>[~] doing   !2026-03-31 组织部            各级党委（党组）召开常委会会议（党组会议）
 [!] blocked  2026-06-01 组织部            建立领导班子读书班制度

EOF
is "the filter shows the number of tasks" "$(rows "$T/v2" 24 24)" "2 tasks"
rows "$T/v3" 1 4 >"$T/v3top"
screen_is "overdue: only the late task" "$T/v3top" <<'EOF'
 luoshi | Tasks | 1 task | filter: overdue | by position
     status   due        unit              task
>[~] doing   !2026-03-31 组织部            各级党委（党组）召开常委会会议（党组会议）

EOF
rows "$T/v4" 1 6 >"$T/v4top"
screen_is "s: sorted by due date, tasks without one last" "$T/v4top" <<'EOF'
 luoshi | Tasks | 52 tasks | by due date
     status   due        unit              task
>[~] doing   !2026-03-31 组织部            各级党委（党组）召开常委会会议（党组会议）
 [!] blocked  2026-06-01 组织部            建立领导班子读书班制度
 [o] ongoing  2026-12-31 办公厅            健全专题党课制度
 [x] done                宣传部            党委（党组）谋划重大战略、研究重大事项
EOF
is "the bottom line names the order" "$(rows "$T/v4" 24 24)" "sorted by due date"
ok "task list rows fit in 100 columns" -- fits_in 100 "$T/v1"

# --- status keys work in the list too; a bad filter word is explained
keys <<EOF
T 3
:save-display $T/v5
f
:type status:finished
<Enter>
:save-display $T/v6
EOF
ui_run 80 24
is "3 in the task list sets done" "$("$LUOSHI" show "$1" | awk '$1 == "status" {print $2}')" done
ok "an unknown status in the filter is explained" -- grep -q "finished" "$T/v6"

# --- a filter `luoshi tasks` refuses is explained and stays to be corrected
keys <<EOF
T f <C-u>
:type unit:组织部
<Enter> f <C-u>
:type foo:bar
<Enter>
:save-display $T/f1
<C-u>
:type status:xyz
<Enter>
:save-display $T/f2
<Esc>
:save-display $T/f3
f <End>
:type  status:blocked
<Enter>
:save-display $T/f4
EOF
ui_run 80 24
# (compared without spaces: the one where a row breaks is not drawn)
is "foo:bar: the whole reason, wrapped above the prompt (never cut at the width)" \
	"$(rows "$T/f1" 22 23 | tr -d '\n ')" \
	"$(echo "unknown filter foo: (known: status:, unit:, owner:, due:, due.by:, due.before:, due.after:, recur:, node:, doc:, overdue, soon)" | tr -d ' ')"
is "foo:bar: the prompt stays open with the text" "$(rows "$T/f1" 24 24)" "filter: foo:bar"
is "foo:bar: the previous filter stays in effect" "$(rows "$T/f1" 1 1)" \
	" luoshi | Tasks | 2 tasks | filter: unit:组织部 | by position"
ok "status:xyz: the reason" -- grep -q 'unknown status "xyz" in filter' "$T/f2"
is "status:xyz: the text is kept" "$(rows "$T/f2" 24 24)" "filter: status:xyz"
is "Esc: the prompt closes, the previous filter is kept" "$(rows "$T/f3" 1 1)" \
	" luoshi | Tasks | 2 tasks | filter: unit:组织部 | by position"
ok "Esc: the row under the message is the view's again" -- sh -c "! grep -q 'unknown' '$T/f3'"
is "a correct filter is taken" "$(rows "$T/f4" 1 1)" \
	" luoshi | Tasks | 1 task | filter: unit:组织部 status:blocked | by position"

# --- the dashboard
keys <<EOF
D
:save-display $T/v7
EOF
ui_run 80 40
screen_is "D: progress per document, section and measure, by status, overdue, due soon, by unit" "$T/v7" <<'EOF'
 luoshi | Dashboard | 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社 ~
>Documents
   中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社~    3/52 [.........]

 Tasks by status
   todo                                                        48/52 [########.]
   doing                                                        0/52 [.........]
   done                                                         2/52 [.........]
   closed                                                       0/52 [.........]
   ongoing                                                      1/52 [.........]
   blocked                                                      1/52 [.........]
   dropped                                                      0/52 [.........]

 Sections and measures
   一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色社~     3/8 [###......]
     1.建立健全“第一议题”制度                                    2/2 [#########]
     2.健全理论学习制度                                          1/4 [##.......]
     3.强化党性教育                                              0/2 [.........]
   二、坚持以学增智，不断从党的创新理论中悟规律、明方向、学~     0/6 [.........]
     4.加强党员、干部政治教育和政治训练                          0/2 [.........]
     5.抓好党员、干部履职能力培训                                0/4 [.........]
   三、坚持以学正风，推动全党以自我革命精神解决党风方面的突~    0/22 [.........]
     6.践行党的群众路线                                          0/4 [.........]
     7.落实“四下基层”制度                                        0/8 [.........]
     8.经常性开展领导班子政治体检                                0/3 [.........]
     9.扎实开展纪律教育                                          0/3 [.........]
     10.持之以恒纠治形式主义、官僚主义                           0/4 [.........]
   四、坚持以学促干，不折不扣贯彻落实党中央决策部署             0/16 [.........]
     11.树立和践行正确政绩观                                     0/5 [.........]
     12.推动高质量发展                                           0/2 [.........]
     13.激励干部担当作为                                         0/3 [.........]
     14.充分发挥党员先锋模范作用                                 0/4 [.........]
     15.常态化开展突出问题整治                                   0/2 [.........]

 Overdue (0)

 Due within a week (1)
   [!] 建立领导班子读书班制度                                2026-06-01

? help  q back  Enter open  1-6 status  O outline  T tasks
EOF

# --- after a resize to a taller window, a list scrolled to its end fills it
keys <<EOF
D G
:resize 120 40
:save-display $T/r1
:resize 80 24
T G
:resize 120 40
:save-display $T/r2
EOF
ui_run 80 24
is "dashboard at its end, 80x24 -> 120x40: the last item is on the last row" \
	"$(rows "$T/r1" 39 39 | cut -c1-1)" ">"
is "task list at its end, 80x24 -> 120x40: the last task is on the last row" \
	"$(rows "$T/r2" 39 39 | cut -c1-1)" ">"
is "task list: no blank row in the window" "$(rows "$T/r2" 3 39 | grep -c '^ *$')" 0

# --- help: generated from the action list and the bindings in effect
mkdir -p "$XDG_CONFIG_HOME/luoshi"
cat >"$XDG_CONFIG_HOME/luoshi/config" <<'EOF'
# a user's own keys
bind x status-done
bind outline J move-down
EOF
keys <<EOF
?
:save-display $T/v8
q J x
:save-display $T/v9
EOF
ui_run 100 40
rows "$T/v8" 1 13 >"$T/v8top"
screen_is "? lists the keys of the screen it was opened from, every screen's key first" "$T/v8top" <<'EOF'
 luoshi | Help
Keys of the Outline screen (keymap "outline")
Screens:  O outline  r text  t tasks  D dashboard  ? help
  J j Down        move-down        Move the cursor down one row
  k Up            move-up          Move the cursor up one row
  g Home          move-first       Go to the first row
  G End           move-last        Go to the last row
  PgDn C-f        move-page-down   Move down one page
  PgUp C-b        move-page-up     Move up one page
  C-d             move-half-down   Move down half a page
  C-u             move-half-up     Move up half a page
  h Left          collapse         Collapse the node, or go to its parent
  l Right         expand           Expand the node
EOF
ok "help shows a key bound in the user's config" -- grep -q "^  J j Down  *move-down" "$T/v8"
ok "help shows every action, bound or not" -- grep -q "note-external" "$T/v8"
is "the user's binding acts: x on the document row says it is not a task" \
	"$(rows "$T/v9" 40 40)" "status keys act on tasks; select a task (l to expand)"
# ambiguous-width = 2: “” take two columns in our arithmetic and in ncursesw
printf 'set ambiguous-width = 2\n' >"$XDG_CONFIG_HOME/luoshi/config"
keys <<EOF
j l j
:save-display $T/v11
EOF
ui_run 80 24
is "ambiguous-width = 2: the row is two columns shorter in spaces, not cut" "$(grep '^>' "$T/v11")" \
	">    + 1.建立健全“第一议题”制度                                2/2 [#########]"
printf 'set line-graphics = yes\n' >"$XDG_CONFIG_HOME/luoshi/config"
keys <<EOF
:save-display $T/v12
EOF
ui_run 120 24
ok "line-graphics = yes: the pane border is a box-drawing line" -- grep -q "│" "$T/v12"
printf 'bind j no-such-action\nset ambiguous-width = 3\n' >"$XDG_CONFIG_HOME/luoshi/config"
keys <<EOF
:save-display $T/v10
EOF
ui_run 160 24
is "a mistake in the config is reported, not fatal, and the second one counted" \
	"$(rows "$T/v10" 24 24)" \
	"$XDG_CONFIG_HOME/luoshi/config line 1: unknown action 'no-such-action' (and 1 more mistake in the config)"
rm "$XDG_CONFIG_HOME/luoshi/config"
# the task detail's help lists the keys it acts on, not the generic ones it
# would only answer with "does nothing on this screen" (the tryout: ] [ /
# Tab h l)
keys <<EOF
T
<Enter>
?
:save-display $T/v13
q
]
:save-display $T/v14
EOF
ui_run 100 60
sed -n '/^Keys of the Task screen/,/^Not bound on this screen/p' "$T/v13" >"$T/v13keys"
ok "the detail's help is the Task screen's" -- grep -q 'keymap "detail"' "$T/v13keys"
for a in next-heading prev-heading search next-pane collapse expand; do
	ok "detail help: $a not offered" -- sh -c "! grep -q ' $a ' '$T/v13keys'"
done
for a in move-down edit add-note status-done add-report close-task quit back view-tasks; do
	ok "detail help: $a offered" -- grep -q " $a " "$T/v13keys"
done
ok "and ] there says it does nothing" -- grep -q "next-heading does nothing on this screen" "$T/v14"
done_testing
