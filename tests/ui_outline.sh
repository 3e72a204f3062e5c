#!/bin/sh
# Screens, headless: the outline of the seed at 40x12, 80x24 and 120x40 in
# C.UTF-8 and zh_CN.UTF-8, expanding, the text pane, search, deep links.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null

# --- 80x24, C.UTF-8: the seed's outline, then a section and a measure open
keys <<EOF
:save-display $T/o1
j l j l
:save-display $T/o2
EOF
ui_run 80 24
is "80x24: the screens exit 0 at the end of the key script" "$?" 0
screen_is "80x24: the seed's four sections under the document" "$T/o1" <<'EOF'
 luoshi | Outline | 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会 ~
>- 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社~    0/52 [.........]
   + 一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色~     0/8 [.........]
   + 二、坚持以学增智，不断从党的创新理论中悟规律、明方向、~     0/6 [.........]
   + 三、坚持以学正风，推动全党以自我革命精神解决党风方面的~    0/22 [.........]
   + 四、坚持以学促干，不折不扣贯彻落实党中央决策部署           0/16 [.........]
     结束语
















? help  q back  l open  1-6 status  u undo  / search  r text  t tasks  D dash
EOF
screen_is "80x24: l expands a section and a measure, showing its tasks" "$T/o2" <<'EOF'
 luoshi | Outline | 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会 ~
 - 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社~    0/52 [.........]
   - 一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色~     0/8 [.........]
>    - 1.建立健全“第一议题”制度                                  0/2 [.........]
       [ ] 各级党委（党组）召开常委会会议（党组会议）        todo
       [ ] 党委（党组）谋划重大战略、研究重大事项            todo
     + 2.健全理论学习制度                                        0/4 [.........]
     + 3.强化党性教育                                            0/2 [.........]
   + 二、坚持以学增智，不断从党的创新理论中悟规律、明方向、~     0/6 [.........]
   + 三、坚持以学正风，推动全党以自我革命精神解决党风方面的~    0/22 [.........]
   + 四、坚持以学促干，不折不扣贯彻落实党中央决策部署           0/16 [.........]
     结束语











? help  q back  l open  1-6 status  u undo  / search  r text  t tasks  D dash
EOF

# --- search in the outline: the tree opens to the match
keys <<EOF
/
:type 读书班
<Enter>
:save-display $T/o3
EOF
ui_run 80 24
screen_is "80x24: / finds a measure by a word of its text and opens it" "$T/o3" <<'EOF'
 luoshi | Outline | 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会 ~
 - 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社~    0/52 [.........]
   - 一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色~     0/8 [.........]
     + 1.建立健全“第一议题”制度                                  0/2 [.........]
>    - 2.健全理论学习制度                                        0/4 [.........]
       [ ] 建立领导班子读书班制度                            todo
       [ ] 健全专题党课制度                                  todo
       [ ] 基层党组织书记联系实际讲好党课                    todo
       [ ] 抓实党员、干部经常性学习教育                      todo
     + 3.强化党性教育                                            0/2 [.........]
   + 二、坚持以学增智，不断从党的创新理论中悟规律、明方向、~     0/6 [.........]
   + 三、坚持以学正风，推动全党以自我革命精神解决党风方面的~    0/22 [.........]
   + 四、坚持以学促干，不折不扣贯彻落实党中央决策部署           0/16 [.........]
     结束语









match 1 of 2: 2.
EOF

# --- the matched text is highlighted in the rows (underlined; on the
# cursor row, which is reverse already, underlined and bold: the current
# match is apart from the others, also without colour)
keys <<EOF
/
:type 读书班
<Enter>
j
:save-attrs $T/o3a
EOF
ui_run 80 24
is "the match is marked on the cursor row" "$(rows "$T/o3a" 6 6)" \
	"{>}      [ ] {建立领导班子<读书班>制度}                            todo"
is "and on the measure row above, which does not contain it, nothing is" "$(rows "$T/o3a" 5 5)" \
	"     - 2.健全理论学习制度                                        0/4 [.........]"
keys <<EOF
/
:type 党课 制度
<Enter>
:save-attrs $T/o3b
EOF
ui_run 80 24
rows "$T/o3b" 4 9 >"$T/o3b.rows"
screen_is "every word of the query is marked, on rows other than the cursor's too" "$T/o3b.rows" <<'EOF'
     + 1.建立健全“第一议题”<制度>                                  0/2 [.........]
{>}    - {2.健全理论学习<制度}>                                        0/4 [.........]
       [ ] 建立领导班子读书班<制度>                            todo
       [ ] 健全专题<党课制度>                                  todo
       [ ] 基层党组织书记联系实际讲好<党课>                    todo
       [ ] 抓实党员、干部经常性学习教育                      todo
EOF

# --- n and N are search keys on every row, also on a task row; m adds a note
keys <<EOF
j l j l j m
:save-display $T/n4
<Esc>
n
:save-display $T/n1
/
:type 党课
<Enter>
j n
:save-display $T/n2
N
:save-display $T/n3
EOF
ui_run 80 24
is "n on a task row before any search says so (no note prompt)" "$(rows "$T/n1" 24 24)" \
	"no search yet: / searches"
is "n on a task row after a search goes to the next match" "$(rows "$T/n2" 24 24 | cut -c1-10)" \
	"match 2 of"
is "N goes back" "$(rows "$T/n3" 24 24 | cut -c1-10)" "match 1 of"
is "m on a task row asks for a note" "$(rows "$T/n4" 24 24)" "note:"

# --- 40x12, the smallest size that works
keys <<EOF
:save-display $T/o4
j l j l
:save-display $T/o5
EOF
ui_run 40 12
screen_is "40x12: headings cut by display columns with a visible mark" "$T/o4" <<'EOF'
 luoshi | Outline | 中共中央办公厅关于 ~
>- 中共中央办公厅关于巩固拓展 ~     0/52
   + 一、坚持以学铸魂，持续做 ~      0/8
   + 二、坚持以学增智，不断从 ~      0/6
   + 三、坚持以学正风，推动全 ~     0/22
   + 四、坚持以学促干，不折不 ~     0/16
     结束语




? help  q back  l open  1-6 status  u u~
EOF
screen_is "40x12: task rows keep their status column" "$T/o5" <<'EOF'
 luoshi | Outline | 中共中央办公厅关于 ~
 - 中共中央办公厅关于巩固拓展 ~     0/52
   - 一、坚持以学铸魂，持续做 ~      0/8
>    - 1.建立健全“第一议题”制度      0/2
       [ ] 各级党委（党组）召 ~ todo
       [ ] 党委（党组）谋划重 ~ todo
     + 2.健全理论学习制度            0/4
     + 3.强化党性教育                0/2
   + 二、坚持以学增智，不断从 ~      0/6
   + 三、坚持以学正风，推动全 ~     0/22
   + 四、坚持以学促干，不折不 ~     0/16
? help  q back  l open  1-6 status  u u~
EOF

# --- 120x40, zh_CN.UTF-8: the text of the selection beside the tree
if [ "${USE_NLS:-yes}" = no ]; then
	tap_n=$((tap_n + 1)); echo "ok $tap_n - zh_CN: the screens in Chinese # SKIP built without NLS"
elif have_locale zh_CN.UTF-8; then
	keys <<EOF
:save-display $T/o6
j l j l j
:save-display $T/o7
EOF
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 ui_run 120 40
	is "zh_CN.UTF-8: the screens run" "$?" 0
	rows "$T/o6" 1 17 >"$T/o6top"
	screen_is "120x40 zh_CN: the document's details beside the tree" "$T/o6top" <<'EOF'
 luoshi | 大纲 | 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会主义思想主题教育成果的意见
>- 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中~    0/52 [.........]| 中共中央办公厅关于巩固拓展学习贯彻习近平新时代
   + 一、坚持以学铸魂，持续做好学习贯彻习近平新时代~     0/8 [.........]| 中国特色社会主义思想主题教育成果的意见
   + 二、坚持以学增智，不断从党的创新理论中悟规律、~     0/6 [.........]|
   + 三、坚持以学正风，推动全党以自我革命精神解决党~    0/22 [.........]|   发文机关：中共中央办公厅
   + 四、坚持以学促干，不折不扣贯彻落实党中央决策部~    0/16 [.........]|   成文日期：2024-02-23
     结束语                                                             |   来源：新华社北京2月28日电
                                                                        | 已落实 0/52 项任务，逾期 0 项
                                                                        |
                                                                        |     为巩固拓展学习贯彻习近平新时代中国特色社会
                                                                        | 主义思想主题教育（以下简称主题教育）成果，建立
                                                                        | 健全以学铸魂、以学增智、以学正风、以学促干的长
                                                                        | 效机制，推动广大党员、干部更加深刻领悟“两个确
                                                                        | 立”的决定性意义，更加自觉增强“四个意识”、坚定
                                                                        | “四个自信”、做到“两个维护”，始终做习近平新时代
                                                                        | 中国特色社会主义思想的坚定信仰者和忠实实践者，
                                                                        | 经党中央同意，现提出如下意见。
EOF
	rows "$T/o7" 1 8 >"$T/o7top"
	screen_is "120x40 zh_CN: a task's fields and sentence beside it, statuses in Chinese" "$T/o7top" <<'EOF'
 luoshi | 大纲 | 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会主义思想主题教育成果的意见
 - 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中~    0/52 [.........]| 各级党委（党组）召开常委会会议（党组会议）
   - 一、坚持以学铸魂，持续做好学习贯彻习近平新时代~     0/8 [.........]|
     - 1.建立健全“第一议题”制度                          0/2 [.........]|   状态：未开始
>      [ ] 各级党委（党组）召开常委会会议（党组会议~ 未开始             |   进度：0%
       [ ] 党委（党组）谋划重大战略、研究重大事项    未开始             |   备注：0
     + 2.健全理论学习制度                                0/4 [.........]|
     + 3.强化党性教育                                    0/2 [.........]|     各级党委（党组）召开常委会会议（党组会议）
EOF
	is "120x40: the bottom row is the key-hint line" "$(rows "$T/o7" 40 40)" \
		"? 帮助  q 返回  l 打开  1-6 状态  u 撤销  / 搜索  r 原文  t 任务  D 总览"
else
	ok "the zh_CN.UTF-8 locale exists (localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)" -- false
fi

# --- no row is ever wider than the window
for d in o1:80 o2:80 o3:80 o4:40 o5:40 o6:120 o7:120; do
	f=${d%%:*} w=${d#*:}
	[ -f "$T/$f" ] || continue
	ok "dump $f: no row wider than $w columns" -- fits_in "$w" "$T/$f"
done

# --- deep links: luoshi ui --task ID / --node ID
task=$("$LUOSHI" tasks 读书班 | awk 'NR == 2 {print $1}')
node=$("$LUOSHI" outline | awk '/7\.落实/ {print $1}')
keys <<EOF
:save-display $T/o8
EOF
ui_run 80 24 ui --task "$task"
is "ui --task: the cursor is on that task" "$(grep '^>' "$T/o8")" \
	">      [ ] 建立领导班子读书班制度                            todo"
ui_run 80 24 ui --node "$node"
is "ui --node: the cursor is on that measure, opened" "$(grep -A1 '^>' "$T/o8")" \
	">    - 7.落实“四下基层”制度                                      0/8 [.........]
       [ ] 省级党委（党组）作出总体安排                      todo"
# --- Esc goes back from another screen, but never quits from the first
keys <<EOF
T <Esc>
:save-display $T/o9
<Esc>
:save-display $T/o10
EOF
ui_run 80 24
is "Esc in the task list goes back to the outline" "$(rows "$T/o9" 1 1 | cut -c1-19)" " luoshi | Outline |"
is "Esc in the outline says how to quit instead of quitting" "$(rows "$T/o10" 24 24)" \
	"Esc goes back from other screens; q or Q quits"
keys <<EOF
:save-display $T/o8
EOF
ui_run 80 24 ui --task 99999
ok "ui --task with an unknown id says so on the bottom line" -- \
	grep -q "99999" "$T/o8"

# --- 20,000 top-level headings (an imported article copied at the top
# level with SQLite): the outline opens, G reaches the last, the tasks of
# the first are still counted as its own. Timing is in bench/outline.
big=$T/big.db
printf '关于测试的通知\n\n第一条 各单位要每年开展一次检查。\n' >"$T/one.txt"
LUOSHI_DB=$big "$LUOSHI" import "$T/one.txt" >/dev/null
python3 - "$big" 20000 <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
row = c.execute("SELECT doc_id, kind, level, heading, body FROM nodes WHERE id = 1").fetchone()
# luoshi's full-text tokenizer is not in Python's SQLite: the copies stay
# out of the search index (the trigger that feeds it is put back after)
trig = c.execute("SELECT sql FROM sqlite_master WHERE name = 'nodes_fts_i'").fetchone()[0]
c.execute("DROP TRIGGER nodes_fts_i")
c.executemany(
    "INSERT INTO nodes (doc_id, parent_id, top_id, kind, level, pos, label, heading, body, chash)"
    " VALUES (?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?)",
    ((row[0], row[1], row[2], i, "第%d条" % (i + 1), row[3], row[4], "x%d" % i)
     for i in range(1, int(sys.argv[2]))))
c.execute(trig)
c.commit()
PY
keys <<EOF
:save-display $T/big1
G
:save-display $T/big2
g j l
:save-display $T/big3
EOF
LUOSHI_DB=$big ui_run 80 24
is "20,000 headings: the first rows" "$(rows "$T/big1" 2 4 | sed 's/ *$//')" \
">- 关于测试的通知                                                0/1 [.........]
   + 第一条                                                      0/1 [.........]
     第2条"
is "20,000 headings: G reaches the last" "$(rows "$T/big2" 23 23 | sed 's/ *$//')" ">    第20000条"
is "20,000 headings: the first one's task is its own" \
	"$(rows "$T/big3" 4 4 | sed 's/^ *//; s/  */ /g; s/ *$//')" "[ ] 每年开展一次检查 todo"
# --- a match in the preamble (no node holds it) goes to the document's row
keys <<EOF
j l j
/
:type 以下简称主题教育
<Enter>
:save-display $T/p1
EOF
ui_run 80 24
ok "a preamble match is found" -- sh -c "tail -2 '$T/p1' | grep -q '^match 1 of 1: 中共中央办公厅'"
ok "and the cursor is on the document's row" -- grep -q "^>- 中共中央办公厅" "$T/p1"
done_testing
