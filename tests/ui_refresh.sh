#!/bin/sh
# Screens, headless: another user's changes reach an open screen through
# the change log (issue 9/10): a status change, a task added and one taken
# away (undo of the add), a note and a field on the task shown, each reread
# row by row; the screen then equals a fresh screen's full load at the
# same moment, and the counts file ($LUOSHI_TEST_RELOADS) shows that the
# outline did not reload everything. An import (a change of structure)
# reloads. On SQLite (PRAGMA data_version, then the log) and, under
# tests/pg.sh, on PostgreSQL (the log's notifications).
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null
node=$("$LUOSHI" outline | awk '/1\.建立健全/ {print $1}')
t1=$("$LUOSHI" tasks "node:$node" | awk 'NR == 2 {print $1}')
t2=$("$LUOSHI" tasks "node:$node" | awk 'NR == 3 {print $1}')
to_task="j l j l j"

# fresh N: a second screen, started now, loads everything and dumps what it
# shows with the cursor on the same row (the reference for the live one)
printf '%s\n:save-display %s\n' "$to_task" "$T/ref" >"$T/fresh.keys"
fresh() {
	echo ":shell cp '$T/fresh.keys' '$T/k$1' && sed -i 's|$T/ref|$T/ref$1|' '$T/k$1' &&" \
		"LUOSHI_TEST_KEYS='$T/k$1' LUOSHI_TEST_RELOADS= '$LUOSHI' >/dev/null"
}
# other CMD...: another user's command, then the screen idles a moment
other() {
	echo ":shell LUOSHI_USER=bob $* >/dev/null"
	echo "<Sleep 400>"
}

keys <<EOF
$to_task
$(other "'$LUOSHI'" done "$t2")
:save-display $T/s1
$(fresh 1)
$(other "'$LUOSHI'" add "$node" 另一位同事新增的任务)
:save-display $T/s2
$(fresh 2)
$(other "'$LUOSHI'" undo)
:save-display $T/s3
$(fresh 3)
<Enter>
$(other "'$LUOSHI'" note "$t1" 同事写的进展)
$(other "'$LUOSHI'" set "$t1" owner=王五)
:save-display $T/s4
<Esc>
$(other "'$LUOSHI'" note "$t2" 不影响计数的进展)
:save-display $T/s5
$(fresh 5)
EOF
LUOSHI_TEST_RELOADS=$T/counts ui_run 80 60
for i in 1 2 3 5; do
	rows "$T/s$i" 2 59 >"$T/live$i"
	rows "$T/ref$i" 2 59 >"$T/full$i"
done
ok "another user's done: the live outline equals a fresh screen's" -- diff -u "$T/full1" "$T/live1"
ok "... the row shows done" -- grep -q "党委（党组）谋划重大战略、研究重大事项 *done" "$T/s1"
ok "another user's new task: the live outline equals a fresh screen's" -- \
	diff -u "$T/full2" "$T/live2"
ok "... the new task is on the screen" -- grep -q "另一位同事新增的任务" "$T/s2"
ok "the task taken away again (undo of the add): equal to a fresh screen's" -- \
	diff -u "$T/full3" "$T/live3"
ok "... it is gone" -- sh -c "! grep -q 另一位同事新增的任务 '$T/s3'"
ok "the task shown: another user's note appears" -- grep -q "同事写的进展" "$T/s4"
ok "the task shown: another user's owner appears" -- grep -q "王五" "$T/s4"
ok "back in the outline after a note: equal to a fresh screen's" -- diff -u "$T/full5" "$T/live5"
is "the outline loaded once and took the 6 changes row by row" \
	"$(awk '$1 == "Outline" {print $2, $3}' "$T/counts")" "1 6"
is "the task screen loaded once and took the 3 changes that came while it was open" \
	"$(awk '$1 == "Task" {print $2, $3}' "$T/counts")" "1 3"

# --- an import changes the structure: the outline reloads (and shows it)
printf '关于另一件事的通知\n\n一、各单位要每季度报送一次进展。\n' >"$T/two.txt"
keys <<EOF
$(other "'$LUOSHI'" import "$T/two.txt")
:save-display $T/s6
EOF
LUOSHI_TEST_RELOADS=$T/counts ui_run 80 60
ok "another user's import shows in the open outline" -- grep -q "关于另一件事的通知" "$T/s6"
is "... by a full reload" "$(awk '$1 == "Outline" {print $2, $3}' "$T/counts")" "2 0"

# --- the only task of a measure, under the cursor, taken away by another
# user: the rows pointed into the task set read again (a crash, SIGSEGV),
# in the outline and with the task's screen open over it
# (a part of principles: no task in it or under it but the one added)
printf '关于第三件事的通知\n\n一、总体要求\n坚持以人民为中心。\n二、各单位要每月报送一次进展。\n' >"$T/three.txt"
"$LUOSHI" import "$T/three.txt" >/dev/null
doc3=$("$LUOSHI" docs | awk '/关于第三件事的通知/ {print $1}')
lone_node=$("$LUOSHI" outline "$doc3" | awk '/总体要求/ {print $1}')
for how in outline task; do
	lone=$(LUOSHI_USER=bob "$LUOSHI" add "$lone_node" 唯一的一项任务 | grep -o '[0-9][0-9]*' | head -1)
	{
		[ "$how" = task ] && echo "<Enter>"
		other "'$LUOSHI'" undo
		echo ":save-display $T/lone-$how"
	} | keys
	ui_run 80 24 ui --task "$lone"
	is "the lone task taken away under the cursor ($how): the screen lives on" "$?" 0
	ok "... and the task is gone from it" -- sh -c "test -s '$T/lone-$how' && ! grep -q 唯一的一项任务 '$T/lone-$how'"
done

done_testing
