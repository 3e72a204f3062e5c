#!/bin/sh
# Screens, headless: every quick status key and undo on a task row (checked
# through the command line), full-width keys, status keys on a measure row,
# a stale copy refused, another process's change appearing without losing
# a half-typed note.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null
node=$("$LUOSHI" outline | awk '/1\.建立健全/ {print $1}')
t1=$("$LUOSHI" tasks "node:$node" | awk 'NR == 2 {print $1}')
t2=$("$LUOSHI" tasks "node:$node" | awk 'NR == 3 {print $1}')
status() { "$LUOSHI" show "$1" | awk '$1 == "status" {print $2}'; }
show_to() { echo ":shell '$LUOSHI' show $t1 | awk '\$1 == \"status\" {print \$2}' >>'$T/seen'"; }

# --- 2 3 4 5 6 1 Space Space, then u: each written at once
: >"$T/seen"
{
	echo "j l j l j"
	for k in 2 3 4 5 6 1 '<Space>' '<Space>'; do
		echo "$k"
		show_to
		[ "$k" = 3 ] && echo ":save-display $T/s1"
	done
	echo ":save-display $T/s1b"
	echo "u"
	show_to
	echo ":save-display $T/s2"
} >"$T/keys"
ui_run 80 24
is "status keys 2 3 4 5 6 1 Space Space, then u, as the command line sees them" \
	"$(tr '\n' ' ' <"$T/seen")" "doing done ongoing blocked dropped todo done todo done "
is "the task is done after undo" "$(status "$t1")" done
rows "$T/s1" 2 6 >"$T/s1top"
screen_is "the row, its measure, section and document show the change at once" "$T/s1top" <<'EOF'
 - 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社~    1/52 [.........]
   - 一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色~     1/8 [#........]
     - 1.建立健全“第一议题”制度                                  1/2 [####.....]
>      [x] 各级党委（党组）召开常委会会议（党组会议）        done
       [ ] 党委（党组）谋划重大战略、研究重大事项            todo
EOF
is "the bottom line tells what changed and how to undo it" "$(rows "$T/s1" 24 24)" \
	"task $t1: doing -> done (u undoes)"
is "Space toggles done back to todo" "$(rows "$T/s1b" 24 24)" "task $t1: done -> todo (u undoes)"
rows "$T/s2" 2 6 >"$T/s2top"
screen_is "after u the task is done again" "$T/s2top" <<'EOF'
 - 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社~    1/52 [.........]
   - 一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色~     1/8 [#........]
     - 1.建立健全“第一议题”制度                                  1/2 [####.....]
>      [x] 各级党委（党组）召开常委会会议（党组会议）        done
       [ ] 党委（党组）谋划重大战略、研究重大事项            todo
EOF
is "the bottom line says what was undone" "$(rows "$T/s2" 24 24)" \
	"undone: task $t1 status todo -> done (and more of the same change)"
"$LUOSHI" history "$t1" >"$T/hist"
ok "history records the changes made on the screen" -- grep -q "status: blocked -> dropped" "$T/hist"

# --- undo also works after a restart, through the history
keys <<EOF
u
:save-display $T/s3
EOF
ui_run 80 24
is "u in a new session undoes the previous change" "$(status "$t1")" todo

# --- full-width keys from a Chinese input method act like ASCII ones
keys <<EOF
j l j l j ２
EOF
ui_run 80 24
is "full-width ２ sets doing" "$(status "$t1")" doing
keys <<EOF
j l j l j
:type ｕ
EOF
ui_run 80 24
is "full-width ｕ undoes" "$(status "$t1")" todo

# --- on a measure row the status keys say what to do
keys <<EOF
j l j 3
:save-display $T/s4
EOF
ui_run 80 24
is "status key on a measure row: one short line" "$(rows "$T/s4" 24 24)" \
	"status keys act on tasks; select a task (l to expand)"
is "and nothing changed" "$(status "$t1")" todo

# --- a stale copy is refused and the other person's change shown
keys <<EOF
j l j l j
:shell '$LUOSHI' set $t1 status=blocked owner=王五 >/dev/null
3
:save-display $T/s5
EOF
ui_run 80 24
is "the other person's status stays" "$(status "$t1")" blocked
ok "the bottom line says the change was refused, once, naming the other change" -- \
	sh -c "grep -q '^task $t1 was changed by .*status todo → blocked' '$T/s5' &&
	       test \$(grep -o 'changed' '$T/s5' | wc -l) -le 2"
is "the row shows the other person's change" "$(grep '^>' "$T/s5")" \
	">      [!] 各级党委（党组）召开常委会会议（党组会议）        blocked"

# --- another process's change appears within a second, keeping the cursor
# and a half-typed note
keys <<EOF
j l j l j m
:type 半句
:shell '$LUOSHI' done $t2 >/dev/null
<Sleep 1200>
:save-display $T/s6
:type 话
<Enter>
EOF
ui_run 80 24
rows "$T/s6" 1 6 >"$T/s6top"
screen_is "another process's change appears; the cursor stays" "$T/s6top" <<'EOF'
 luoshi | Outline | 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会 ~
 - 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社~    1/52 [.........]
   - 一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色~     1/8 [#........]
     - 1.建立健全“第一议题”制度                                  1/2 [####.....]
>      [!] 各级党委（党组）召开常委会会议（党组会议）        blocked
       [x] 党委（党组）谋划重大战略、研究重大事项            done
EOF
is "the half-typed note is still on the bottom line" "$(rows "$T/s6" 24 24)" "note: 半句"
ok "the note was saved whole" -- sh -c "'$LUOSHI' show $t1 | grep -q '半句话'"
# --- the counts moved in memory after own changes equal a full reload's
LUOSHI_DB=$T/m.db "$LUOSHI" import "$SEED" >/dev/null
keys <<EOF
j l j l j
3
j 6
k 4
j 2
:save-display $T/m1
<C-l>
:save-display $T/m2
EOF
LUOSHI_DB=$T/m.db ui_run 80 24
sed '$d' "$T/m1" >"$T/m1.body"; sed '$d' "$T/m2" >"$T/m2.body"
ok "after 3 6 4 2 on two tasks the counts equal those of a full reload" -- diff -u "$T/m2.body" "$T/m1.body"
rows "$T/m1" 2 6 >"$T/m1top"
screen_is "one ongoing, one doing: 1 of 2 carried out" "$T/m1top" <<'EOF'
 - 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社~    1/52 [.........]
   - 一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色~     1/8 [#........]
     - 1.建立健全“第一议题”制度                                  1/2 [####.....]
       [o] 各级党委（党组）召开常委会会议（党组会议）        ongoing
>      [~] 党委（党组）谋划重大战略、研究重大事项            doing
EOF
done_testing
