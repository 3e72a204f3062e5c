#!/bin/sh
# The real binary in a real terminal (tmux), for what only a terminal
# shows: lateness in colour on the task list (a yellow due date for a
# 黄牌, a red one for a 红牌), and words with no colour at all (NO_COLOR).
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null
node=$("$LUOSHI" outline | awk '/1\.建立健全/ {print $1}')
yellow_id=$("$LUOSHI" add "$node" 黄牌任务 unit=组织部 due=2026-05-20 | grep -o "[0-9][0-9]*" | head -1) # 8 days late
red_id=$("$LUOSHI" add "$node" 红牌任务 unit=组织部 due=2026-04-01 | grep -o "[0-9][0-9]*" | head -1) # 57 days late

. "${srcdir:-.}/tests/tmux_lib.sh"
tmux_start duban
CAP_ESC=1 # the colours are what this test reads
env_cmd="env LUOSHI_DB='$LUOSHI_DB' HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' LANG=C.UTF-8 LC_ALL=C.UTF-8 LUOSHI_NOW=$LUOSHI_NOW TZ=UTC TERM=xterm-256color"

# the task list filtered to the two tasks: each due date in its colour
tm new-session -d -s c -x 100 -y 16 "$env_cmd '$LUOSHI'; sleep 60"
ok "the screens start" -- wait_for c "luoshi | Outline"
tm send-keys -t c T
wait_for c "luoshi | Tasks" >/dev/null || echo "# no task list"
# the prompt must be open before the text comes: keys that reach luoshi in
# one read outside a prompt are ignored as a paste (ui.c handle_text)
tm send-keys -t c f
wait_for c "filter:" >/dev/null || echo "# no filter prompt"
tm send-keys -t c -l "unit:组织部"
tm send-keys -t c Enter
ok "the task list shows the two tasks" -- wait_for c "红牌任务"
# the escape sequences before each due date: SGR 31 (red) and 33 (yellow);
# the row under the cursor is in reverse video, so each is looked at while
# the cursor is on the other
red=$(grep "红牌任务" "$T/cap" | grep -c "$(printf '\033')\[[0-9;]*31m!2026-04-01")
is "红牌: the due date in red" "$red" 1
tm send-keys -t c j
ok "the cursor on the second task" -- wait_for c ">.*红牌任务"
yellow=$(grep "黄牌任务" "$T/cap" | grep -c "$(printf '\033')\[[0-9;]*33m!2026-05-20")
is "黄牌: the due date in yellow" "$yellow" 1
tm kill-session -t c

# NO_COLOR: no colour, the detail says it in words
tm new-session -d -s n -x 100 -y 40 "$env_cmd NO_COLOR=1 '$LUOSHI' ui --task $red_id; sleep 60"
ok "NO_COLOR: the screens start" -- wait_for n "luoshi | Outline"
tm send-keys -t n Enter
ok "the detail says how late, in words" -- wait_for n "lateness: red card, 57 days late"
ok "and no colour is drawn" -- sh -c "! grep -q '$(printf '\033')\[[0-9;]*3[0-7]m' '$T/cap'"
tm kill-session -t n

# X to a directory that is not there: one line of luoshi's, and the
# display as it was (libxlsxwriter's own [ERROR] lines went to the
# terminal through the curses screen)
if "$LUOSHI" export --format xlsx -o "$T/probe.xlsx" >/dev/null 2>&1; then
	CAP_ESC=
	tm new-session -d -s x -x 200 -y 16 "$env_cmd '$LUOSHI'; sleep 60"
	ok "X: the screens start" -- wait_for x "luoshi | Outline"
	tm send-keys -t x X
	wait_for x "export to:" >/dev/null || echo "# no export prompt"
	tm send-keys -t x C-u
	tm send-keys -t x -l "$T/nonexist/x.xlsx"
	tm send-keys -t x Enter
	ok "X to a missing directory says why" -- wait_for x "cannot write $T/nonexist/x.xlsx: No such file or directory"
	ok "... and nothing else reaches the terminal" -- sh -c "! grep -q 'ERROR\|workbook' '$T/cap'"
	is "... the outline's rows drawn once" "$(grep -c '一、坚持以学铸魂' "$T/cap")" 1
	tm kill-session -t x
else
	skip_check "X to a missing directory" "this luoshi writes no xlsx"
fi
done_testing
