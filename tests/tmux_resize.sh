#!/bin/sh
# The real binary in a real terminal (tmux): the first frame, resizing from
# 120x40 to 40x12 (and below) and back, borders aligned beside Chinese text,
# no row wider than the window, quick status keys, and the screen restored
# after q, Ctrl-C and Ctrl-Z/fg.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null

. "${srcdir:-.}/tests/tmux_lib.sh"
tmux_start resize
cap() { tm capture-pane -p -t t >"$T/cap"; }
# wait_t TEXT: the main session t shows TEXT (up to 30 s: it resizes a lot)
wait_t() { wait_for t "$1" 300; }
# border_cols FILE: the display columns of the first '|' in the body rows
# (not the title bar, which has its own)
border_cols() {
	sed '1d' "$1" | perl -CSD -ne 'chomp; my $w = 0;
		for (split //) { if ($_ eq "|") { print "$w\n"; last } $w += /\p{Ea=W}|\p{Ea=F}/ ? 2 : 1 }' |
		sort -u
}


env_cmd="env LUOSHI_DB='$LUOSHI_DB' HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' LANG=C.UTF-8 LC_ALL=C.UTF-8 LUOSHI_NOW=$LUOSHI_NOW TZ=UTC"
tm new-session -d -s t -x 120 -y 40 \
	"echo BEFORE-LUOSHI; $env_cmd '$LUOSHI'; echo EXITED \$?; sleep 60"
ok "the first frame appears" -- wait_t "r text  t tasks"
cp "$T/cap" "$T/c120"
ok "120x40: no row wider than the window" -- fits_in 120 "$T/c120"
is "120x40: the pane border is in one column beside Chinese text" "$(border_cols "$T/c120")" 72
is "120x40: the border runs down the whole body" "$(sed '1d;$d' "$T/c120" | grep -c '|')" 38
tm send-keys -t t j l j l
ok "a measure with “” in its heading opens" -- wait_t "1.建立健全“第一议题”制度"
is "the border stays in its column beside “” (ambiguous width asked of the terminal)" \
	"$(border_cols "$T/cap")" 72

tm resize-window -t t -x 40 -y 12
ok "40x12: the outline is redrawn" -- wait_t "1-6 status  u u~"
cp "$T/cap" "$T/c40"
ok "40x12: no row wider than the window" -- fits_in 40 "$T/c40"
is "40x12: no border below 100 columns" "$(sed '1d;$d' "$T/c40" | grep -c '|')" 0
is "40x12: twelve rows" "$(wc -l <"$T/c40")" 12

tm resize-window -t t -x 39 -y 12
ok "39x12: the too-small message" -- wait_t "^too small: 39x12 < 40x12"
is "39x12: on one line" "$(sed '1d' "$T/cap" | tr -d ' \n')" ""
tm resize-window -t t -x 120 -y 40
ok "back to 120x40" -- wait_t "r text  t tasks"
is "120x40 again: the border is back in its column" "$(border_cols "$T/cap")" 72
ok "120x40 again: no row wider than the window" -- fits_in 120 "$T/cap"

# quick status key on a real terminal
task=$("$LUOSHI" tasks | awk 'NR == 2 {print $1}')
type t j 3
ok "3 on a task row shows the change" -- wait_t "task $task: todo -> done"
is "and the command line sees it" "$("$LUOSHI" show "$task" | awk '$1 == "status" {print $2}')" done

tm send-keys -t t q
ok "q quits" -- wait_t "EXITED 0"
ok "the screen before luoshi is restored" -- grep -q "BEFORE-LUOSHI" "$T/cap"
ok "nothing of the screens is left" -- sh -c "! grep -q 'luoshi | Outline' '$T/cap'"
tm kill-session -t t

# Ctrl-C restores the terminal too
tm new-session -d -s c -x 80 -y 24 "echo BEFORE-LUOSHI; $env_cmd '$LUOSHI'; echo EXITED \$?; stty -a | tr ' ' '\\n' | grep -x 'icanon\\|echo' | tr '\\n' ' '; sleep 60"
wait_for_c() { tm capture-pane -p -t c >"$T/cap"; grep -q -- "$1" "$T/cap"; }
i=0; until wait_for_c "luoshi | Outline" || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
# in the line editor Ctrl-C cancels the prompt (as Esc), it does not quit
type c j l j l j m
tm send-keys -t c 半句话
i=0; until wait_for_c "^note: 半句话" || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
ok "a note prompt is open" -- grep -q "^note: 半句话" "$T/cap"
tm send-keys -t c C-c
i=0; until wait_for_c "^cancelled" || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
ok "Ctrl-C in the prompt cancels it" -- grep -q "^cancelled" "$T/cap"
ok "and luoshi goes on" -- sh -c "grep -q 'luoshi | Outline' '$T/cap' && ! grep -q EXITED '$T/cap'"
tm send-keys -t c C-c
i=0; until wait_for_c "EXITED" || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5 # the stty line follows
wait_for_c "EXITED"
ok "Ctrl-C: exit status 130" -- grep -q "EXITED 130" "$T/cap"
ok "Ctrl-C: the terminal is back in canonical mode with echo" -- grep -q "^icanon echo" "$T/cap"
ok "Ctrl-C: the screen before luoshi is restored" -- grep -q "BEFORE-LUOSHI" "$T/cap"
tm kill-session -t c

# Ctrl-Z and fg under a shell with job control
tm new-session -d -s z -x 80 -y 24 "env -i PATH='$PATH' TERM=screen bash --norc --noprofile -i"
sleep 0.3
tm send-keys -t z "PS1='$ '; $env_cmd '$LUOSHI'" Enter
wz() { i=0; while [ $i -lt 300 ]; do tm capture-pane -p -t z >"$T/cap"; grep -q -- "$1" "$T/cap" && return 0; sleep 0.1; i=$((i + 1)); done; return 1; }
ok "under bash: the screens start" -- wz "luoshi | Outline"
type z R Space Space
ok "the reader opens" -- wz "luoshi | Reader"
sleep 0.3
tm send-keys -t z C-z
ok "Ctrl-Z: stopped, back at the shell" -- wz "Stopped"
is "Ctrl-Z saved the reading position (not only quitting does)" \
	"$(db_query 'SELECT count(*) FROM readpos WHERE pos > 0')" 1
tm send-keys -t z "fg" Enter
ok "fg: the screens are redrawn" -- wz "luoshi | Reader"
tm send-keys -t z Q
ok "Q after fg quits" -- sh -c "sleep 0.5; ! timeout 5 tmux -L '$sock' capture-pane -p -t z | grep -q 'luoshi | Outline'"
done_testing
