#!/bin/sh
# The real binary in a real terminal (tmux) in zh_CN.UTF-8, for what only a
# terminal shows: the screens as the terminal draws them are Chinese at
# 80x24 and, resized live, at 40x12; a paste outside a prompt is refused in
# Chinese; quitting leaves the shell a clean line.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
need_nls
"$LUOSHI" import "$SEED" >/dev/null
allow_ids

. "${srcdir:-.}/tests/tmux_lib.sh"
tmux_start i18n
if ! have_locale zh_CN.UTF-8; then
	ok "the zh_CN.UTF-8 locale can be made (localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)" -- false
	done_testing
	exit 1
fi

env_cmd="env LUOSHI_DB='$LUOSHI_DB' HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 ${LOCPATH:+LOCPATH='$LOCPATH'} LUOSHI_NOW=$LUOSHI_NOW TZ=UTC"

tm new-session -d -s z -x 80 -y 24 "$env_cmd TERM=xterm-256color '$LUOSHI'; echo EXITED \$?; sleep 60"
ok "zh_CN: the screens start in Chinese" -- wait_for z "luoshi | 大纲"
sleep 0.3
tm capture-pane -p -t z >"$T/z80"
ok "80x24: no English word on the terminal" -- english_words "$T/z80"
is "80x24: the hint row, whole" "$(rows "$T/z80" 24 24)" \
	"? 帮助  q 返回  l 打开  1-6 状态  u 撤销  / 搜索  r 原文  t 任务  D 总览"
ok "80x24: no row wider than the terminal" -- fits_in 80 "$T/z80"
tm set-buffer -b lu "1234"
tm paste-buffer -p -b lu -t z
ok "a paste outside a prompt: refused, in Chinese" -- \
	wait_for z "忽略了同时到达的 4 个字符（粘贴或输入法）：在编辑框外请逐个按键"
tm send-keys -t z T
ok "the task list" -- wait_for z "luoshi | 任务 | 52 项任务 | 按位置排序"
tm resize-window -t z -x 40 -y 12
ok "resized to 40x12: the screens follow" -- wait_for z "? 帮助  q 返回"
sleep 0.3
tm capture-pane -p -t z >"$T/z40"
ok "40x12: no English word on the terminal" -- english_words "$T/z40"
ok "40x12: no row wider than the terminal" -- fits_in 40 "$T/z40"
tm resize-window -t z -x 30 -y 10
ok "30x10: too small, said in Chinese" -- wait_for z "太小：30x10 < 40x12"
tm resize-window -t z -x 80 -y 24
ok "80x24 again" -- wait_for z "luoshi | 任务"
tm send-keys -t z Q
ok "Q quits" -- wait_for z "EXITED 0"
tm kill-session -t z
done_testing
