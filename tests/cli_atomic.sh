#!/bin/sh
# End to end: commands that change several things change all or nothing.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }
export LUOSHI_NOW=1780000000

L import --no-tasks "$SEED" >/dev/null 2>&1
node1=$(L outline 1 | grep '1\.建立健全' | awk '{print $1}')
ok "outline shows node ids" -- test -n "$node1"
count() { L tasks | tail -n +2 | wc -l; }

# --- add NODE TITLE FIELD=VALUE...: a bad field leaves no task ---
before=$(count)
L add "$node1" "半途而废的任务" owner=张三 status=bogus >"$T/out" 2>"$T/err"
is "add with a bad field: usage error" "$?" 2
is "add with a bad field: one line on stderr" "$(wc -l <"$T/err")" 1
is "add with a bad field: no task left behind" "$(count)" "$before"
L undo >/dev/null 2>&1
is "add with a bad field: nothing to undo" "$?" 1

L add "$node1" "完整的任务" owner=张三 status=doing >"$T/out"
is "add with fields exits 0" "$?" 0
new=$(sed -n 's/^added task \([0-9]*\)$/\1/p' "$T/out")
ok "add prints the new id" -- test -n "$new"
ok "the fields are set" -- sh -c "'$LUOSHI' show $new | grep -q '^owner *张三'"
L undo >/dev/null
is "one undo removes the task with its fields" "$(count)" "$before"

# --- done ID...: a bad id anywhere changes nothing ---
L add "$node1" "任务甲" >"$T/out"
a=$(sed -n 's/^added task \([0-9]*\)$/\1/p' "$T/out")
L add "$node1" "任务乙" >"$T/out"
b=$(sed -n 's/^added task \([0-9]*\)$/\1/p' "$T/out")
L done "$a" 999999 "$b" >"$T/out" 2>"$T/err"
is "done with an unknown id fails" "$?" 1
ok "done with an unknown id: says which" -- grep -q 999999 "$T/err"
ok "done with an unknown id: the first task untouched" -- \
	sh -c "'$LUOSHI' show $a | grep -q '^status *todo'"
ok "done with an unknown id: the last task untouched" -- \
	sh -c "'$LUOSHI' show $b | grep -q '^status *todo'"
L done "$a" "$b" >/dev/null
is "done with good ids exits 0" "$?" 0
ok "done: both done" -- sh -c "'$LUOSHI' show $a | grep -q '^status *done' &&
	'$LUOSHI' show $b | grep -q '^status *done'"

done_testing
