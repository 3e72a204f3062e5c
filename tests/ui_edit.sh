#!/bin/sh
# Screens, headless: the task detail and its line editor with Chinese input
# (Backspace removes one character; Ctrl-A/E/U/W; Left/Right; Esc cancels),
# notes (also through $EDITOR), adding and deleting a task.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null
node=$("$LUOSHI" outline | awk '/1\.建立健全/ {print $1}')
t1=$("$LUOSHI" tasks "node:$node" | awk 'NR == 2 {print $1}')
field() { "$LUOSHI" show "$1" | awk -v f="$2" '$1 == f {print $2}'; }

# --- the detail of a task
keys <<EOF
j l j l j <Enter>
:save-display $T/e1
EOF
ui_run 80 24
rows "$T/e1" 1 17 >"$T/e1top"
screen_is "Enter on a task opens every field, where it sits and its sentence" "$T/e1top" <<'EOF'
 luoshi | Task | task 1
> title       各级党委（党组）召开常委会会议（党组会议）
  status      todo
  progress    0%
  unit
  assist
  owner
  due
  recurrence
  recheck
  cycle

 Where
     中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会主义思想主题教育
     成果的意见
     一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色社会主义思想的深化、
     转化工作
EOF

# --- typing Chinese, Backspace removes one whole character
keys <<EOF
j l j l j <Enter> j j j j j e
:type 张三丰
<Backspace>
:save-display $T/e2
<Enter>
:save-display $T/e3
EOF
ui_run 80 24
is "the editor sits on the field's row" "$(rows "$T/e2" 7 7)" "> owner       张三"
is "the bottom line says how to leave it, not the view's keys" "$(rows "$T/e2" 24 24)" \
	"editing: Enter saves, Esc cancels, C-u clears the field"
is "Backspace removed one character; Enter saved" "$(field "$t1" owner)" 张三
is "the row shows the saved value" "$(grep '^>' "$T/e3")" "> owner       张三"
is "the bottom line says it was saved" "$(rows "$T/e3" 24 24)" "task $t1: owner saved (u undoes)"

# --- Ctrl-A, Ctrl-E, Ctrl-W, Left
keys <<EOF
j l j l j <Enter> j j j j j e <C-a>
:type 李
<C-e>
:type 四
:save-display $T/e4
<C-w>
:type 王五
<Left> <Left>
:type 老
<Enter>
EOF
ui_run 80 24
is "C-a and C-e move to the ends" "$(rows "$T/e4" 7 7)" "> owner       李张三四"
is "C-w removed the word, Left moved over wide characters" "$(field "$t1" owner)" 老王五

# --- Ctrl-U clears, Esc cancels, a bad value is refused with a reason
keys <<EOF
j l j l j <Enter> j j j e
:type 组织部
<C-u>
:type 宣传部
<Enter>
j j j e
:type 2026-02-30
<Enter>
:save-display $T/e5
e
:type 2026-06-30
<Esc>
EOF
ui_run 80 24
is "C-u cleared the typed text" "$(field "$t1" unit)" 宣传部
is "an impossible date is not saved" "$(field "$t1" due)" -
ok "the bottom line says why" -- grep -q "2026-02-30" "$T/e5"

# --- a long title scrolls inside the field at 40 columns
keys <<EOF
j l j l j <Enter> e <C-e>
:type ，并形成长效机制推动工作落实
:save-display $T/e6
<Esc>
EOF
ui_run 40 12
ok "the end of the text and the cursor stay visible" -- grep -q "推动工作落实" "$T/e6"
ok "no row wider than 40 columns while editing" -- fits_in 40 "$T/e6"

# --- notes: on the bottom line and through \$EDITOR
cat >"$T/ed.sh" <<'EOF'
#!/bin/sh
printf '%s\n' '第二条备注：经多方协调，已于五月底完成。' >"$1"
EOF
chmod +x "$T/ed.sh"
keys <<EOF
j l j l j m
:type 第一条备注
<Enter>
M
:save-display $T/e7
EOF
EDITOR="$T/ed.sh" ui_run 80 24
"$LUOSHI" show "$t1" >"$T/show"
ok "m adds a note typed on the bottom line" -- grep -q "第一条备注" "$T/show"
ok "M adds a note written in \$EDITOR" -- grep -q "第二条备注：经多方协调" "$T/show"
is "after the editor the screen is back" "$(rows "$T/e7" 24 24)" "note added to task $t1"

# --- a note that cannot be saved (the database locked by another writer
# past LUOSHI_WAIT) stays in the editor, to be saved when the lock is gone
if on_pg; then
	skip_check "a note kept when it cannot be saved" "the lock is SQLite's file lock"
else
	cat >"$T/lock.py" <<'EOF'
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
for _ in range(600): # held until the screen is told to let go (60 s at most)
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.1)
c.execute("COMMIT")
os.remove(sys.argv[2])
EOF
	keys <<EOF
j l j l j
:shell (python3 '$T/lock.py' "\$LUOSHI_DB" '$T/locked' '$T/release' &) ; while [ ! -e '$T/locked' ]; do sleep 0.1; done
m
:type 锁住时写下的备注
<Enter>
:save-display $T/n1
:shell touch '$T/release'; while [ -e '$T/locked' ]; do sleep 0.1; done
<Enter>
:save-display $T/n2
EOF
	LUOSHI_WAIT=1 ui_run 80 24
	ok "a note that could not be saved: the editor still holds it" -- \
		grep -q "锁住时写下的备注" "$T/n1"
	ok "... and says why" -- grep -qi "lock\|busy" "$T/n1"
	is "saved once the lock is gone" "$(rows "$T/n2" 24 24)" "note added to task $t1"
	is "... once" "$("$LUOSHI" history "$t1" | grep -c 锁住时写下的备注)" 1
	# the same with a note of two paragraphs written in $EDITOR: the next
	# M opens it again as it was (this editor writes only into an empty file)
	cat >"$T/ed2.sh" <<'EOF'
#!/bin/sh
[ -s "$1" ] || printf '%s\n\n%s\n' '第一段：已排查。' '第二段：下周整改。' >"$1"
EOF
	chmod +x "$T/ed2.sh"
	rm -f "$T/release"
	keys <<EOF
j l j l j
:shell (python3 '$T/lock.py' "\$LUOSHI_DB" '$T/locked' '$T/release' &) ; while [ ! -e '$T/locked' ]; do sleep 0.1; done
M
:save-display $T/n3
:shell touch '$T/release'; while [ -e '$T/locked' ]; do sleep 0.1; done
M
:save-display $T/n4
EOF
	EDITOR="$T/ed2.sh" LUOSHI_WAIT=1 ui_run 80 24
	ok "a note from \$EDITOR that could not be saved: M opens it again" -- \
		grep -q "note not saved, M opens it again: " "$T/n3"
	is "... and then it is saved" "$(rows "$T/n4" 24 24)" "note added to task $t1"
	"$LUOSHI" export --format json >"$T/notes.json"
	is "... once, with both paragraphs" "$(python3 -c '
import json, sys
def notes(o):
    if isinstance(o, dict):
        for k, v in o.items():
            yield from (n["text"] for n in v) if k == "notes" else notes(v)
    elif isinstance(o, list):
        for x in o:
            yield from notes(x)
print(sum(n == "第一段：已排查。\n\n第二段：下周整改。" for n in notes(json.load(open(sys.argv[1])))))
' "$T/notes.json")" 1
fi

# --- $EDITOR in a GB18030 locale: the file is in GB18030 both ways
if have_locale zh_CN.GB18030; then
	title=$(field "$t1" title)
	cat >"$T/edgb.sh" <<EOF
#!/bin/sh
iconv -f GB18030 -t UTF-8 "\$1" >"$T/edgb.seen" 2>/dev/null || echo INVALID >"$T/edgb.seen"
printf '%s' '经协调后的新标题' | iconv -f UTF-8 -t GB18030 >"\$1"
EOF
	chmod +x "$T/edgb.sh"
	keys <<EOF
j l j l j <Enter> E
:save-display $T/e8
EOF
	LANG=zh_CN.GB18030 LC_ALL=zh_CN.GB18030 EDITOR="$T/edgb.sh" ui_run 80 24
	is "GB18030: the editor gets the field in GB18030" "$(cat "$T/edgb.seen")" "$title"
	is "GB18030: what the editor wrote is read back from GB18030" "$(field "$t1" title)" \
		经协调后的新标题
else
	ok "the zh_CN.GB18030 locale can be made (localedef)" -- false
fi

# --- add a task under a measure, then delete it (asks first)
keys <<EOF
j l j a
:type 新增任务：建立台账
<Enter>
:save-display $T/e8
EOF
ui_run 80 24
is "a adds a task under the measure; the cursor is on it" "$(grep '^>' "$T/e8")" \
	">      [ ] 新增任务：建立台账                                todo"
new=$("$LUOSHI" tasks 建立台账 | awk 'NR == 2 {print $1}')
ok "the command line sees the new task" -- test -n "$new"
keys <<EOF
j l j l j j j d n
:save-display $T/e10
d y
:save-display $T/e9
EOF
ui_run 80 24
is "d asks first; n keeps the task" "$(rows "$T/e10" 24 24)" "not deleted"
ok "d then y deleted it" -- sh -c "! '$LUOSHI' show $new >/dev/null 2>&1"
"$LUOSHI" show "$new" >/dev/null 2>"$T/gone"
ok "show of it says it was deleted, when and by whom" -- \
	grep -q "task $new was deleted on 20[0-9-]* [0-9:]* by $(id -un) (luoshi history $new shows it)" "$T/gone"
is "the bottom line says so" "$(rows "$T/e9" 24 24)" "task $new deleted (u undoes)"
"$LUOSHI" history "$new" >"$T/gone-hist"
ok "history names the deleted task by its title" -- grep -q "deleted: 新增任务：建立台账 ->" "$T/gone-hist"
ok "... not by the row it keeps for undo" -- sh -c "! grep -q '\"node_id\"' '$T/gone-hist'"

# --- a value the store refuses stays in the editor to be corrected
keys <<EOF
j l j l j <Enter> j j j j j j e <C-u>
:type 下周五
<Enter>
:save-display $T/d1
<C-u>
:type 2026-12-31
<Enter>
:save-display $T/d2
EOF
st0=$(field "$t1" status)
ui_run 80 24
rows "$T/d1" 20 24 >"$T/d1msg" # the reason may wrap over the last rows
ok "a date it cannot read: the reason on the bottom line" -- grep -q '下周五' "$T/d1msg"
is "the editor stays on the due row with the text" "$(rows "$T/d1" 8 8)" "> due         下周五"
is "the corrected date is saved" "$(field "$t1" due)" 2026-12-31
is "the keys went to the editor, not to the status keys" "$(field "$t1" status)" "$st0"
is "the bottom line says it was saved" "$(rows "$T/d2" 24 24)" "task $t1: due saved (u undoes)"

# --- someone else changes the task while the title is being edited: the
# typed text stays in the editor, the whole reason is shown (wrapped, not
# cut at 79 columns), Esc then cancels; Enter again would save over theirs
keys <<EOF
j l j l j <Enter> e <C-u>
:type 我的新标题
:shell LUOSHI_USER=bob "$LUOSHI" set $t1 owner=李四 >/dev/null
<Enter>
:save-display $T/c1
<Esc>
EOF
title0=$(field "$t1" title)
ui_run 80 24
is "conflict: the editor keeps what was typed" "$(rows "$T/c1" 2 2)" "> title       我的新标题"
is "conflict: the title was not written" "$(field "$t1" title)" "$title0"
sed -n '3,24p' "$T/c1" | sed 's/ *$//' | tr -d '\n' >"$T/c1msg"
ok "conflict: the reason names the other change" -- grep -q 'owner' "$T/c1msg"
ok "conflict: the reason says what they changed it to" -- grep -q "李四" "$T/c1msg"
ok "conflict: the reason is whole, to its last words" -- grep -q 'Enter saves it over theirs, Esc cancels' "$T/c1msg"
ok "conflict: no row of it is cut with a mark" -- sh -c "! grep -q '~\$' '$T/c1'"
keys <<EOF
j l j l j <Enter> e <C-u>
:type 我的新标题
:shell LUOSHI_USER=carol "$LUOSHI" set $t1 owner=王五 >/dev/null
<Enter>
<Enter>
:save-display $T/c2
EOF
ui_run 80 24
is "conflict, then Enter again: the typed text is saved" "$(field "$t1" title)" 我的新标题
is "conflict, then Enter again: their change stays too" "$(field "$t1" owner)" 王五
done_testing
