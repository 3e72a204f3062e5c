#!/bin/sh
# The real binary in tmux: another user's `luoshi done` shows on an open
# outline by itself, and only the touched rows are read again (the counts
# file, $LUOSHI_TEST_RELOADS). On PostgreSQL (under tests/pg.sh) the screen
# is woken by the server's notification on the connection's socket, polled
# beside the keyboard: the change must show well before the idle poll
# (10 s there) would have looked.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null
node=$("$LUOSHI" outline | awk '/1\.建立健全/ {print $1}')
t2=$("$LUOSHI" tasks "node:$node" | awk 'NR == 3 {print $1}')

. "${srcdir:-.}/tests/tmux_lib.sh"
tmux_start refresh
env_cmd="env LUOSHI_DB='$LUOSHI_DB' HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm LUOSHI_TEST_RELOADS='$T/counts'"
tm new-session -d -s r -x 100 -y 30 "$env_cmd '$LUOSHI' ui; echo EXITED \$?; sleep 60"
ok "the screens start" -- wait_for r "luoshi | Outline"
for k in j l j l; do
	tm send-keys -t r "$k"
	sleep 0.2
done
ok "the measure's tasks are shown" -- wait_for r "谋划重大战略.*todo"
LUOSHI_USER=bob "$LUOSHI" done "$t2" >/dev/null
ok "another user's done shows within 3 s, without a key" -- wait_for r "谋划重大战略.*done" 30
ok "... and the measure's count moved with it" -- wait_for r "建立健全.*1/2" 10
tm send-keys -t r q
ok "the screens quit" -- wait_for r "EXITED 0"
is "the outline loaded once and took the change row by row" \
	"$(awk '$1 == "Outline" {print $2, $3}' "$T/counts")" "1 1"

# Our own change and a colleague's on the same measure (the tryout: the
# screen counted its own change twice once another process changed the
# node, 3/2 and -2/2), and a colleague's change committed just before our
# key (it never showed: our write moved the screen past it in the log).
t1=$("$LUOSHI" tasks "node:$node" | awk 'NR == 2 {print $1}')
measure() { "$LUOSHI" outline 1 | awk '/1\.建立健全/ {print $(NF - 1)}'; }
tm new-session -d -s m -x 100 -y 30 "$env_cmd '$LUOSHI' ui --task $t1; echo EXITED \$?; sleep 60"
ok "the screens start on the task" -- wait_for m "各级党委.*todo"
tm send-keys -t m 3
ok "our own done" -- wait_for m "各级党委.*done"
ok "... counted once: $(measure)" -- wait_for m "建立健全.*$(measure)"
"$LUOSHI" set "$t1" status=todo >/dev/null
ok "a colleague takes it back: the count follows ($(measure))" -- wait_for m "建立健全.*$(measure)" 30
"$LUOSHI" done "$t1" >/dev/null
ok "and does it again: the count follows ($(measure))" -- wait_for m "建立健全.*$(measure)" 30
"$LUOSHI" set "$t2" status=blocked >/dev/null && tm send-keys -t m 2
ok "our key right after a colleague's commit: ours shows" -- wait_for m "各级党委.*doing" 30
ok "... and so does the colleague's" -- wait_for m "谋划重大战略.*blocked" 30
ok "... with the measure's count as the store's ($(measure))" -- wait_for m "建立健全.*$(measure)" 30
tm send-keys -t m q
ok "the screens quit" -- wait_for m "EXITED 0"
done_testing
