#!/bin/sh
# Screens, headless, in Chinese: every screen (outline, reader, task list,
# task detail, dashboard, help, the editors, the y/n question, messages,
# too small, read-only) at 80x24 and 40x12 in zh_CN.UTF-8 and in
# zh_CN.GB18030 holds no English word but ids, key names and file names;
# at 80x24 every hint row, title bar and column header fits whole; the
# same tour in C.UTF-8 is English; LANGUAGE, LC_ALL, LC_MESSAGES and LANG
# choose the language as in any GNU program, the same for the screens and
# the command line; in a GB18030 locale the terminal gets GB18030.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
need_nls

# A document with a short title first (title bars then need no cutting),
# then the bundled one.
printf '关于做好测试工作的通知\n\n各单位：\n　　为做好测试工作，现通知如下。\n　　一、总体要求\n　　1.做好测试工作。各单位要每年开展一次检查。\n　　二、工作安排\n　　（一）组织领导。各地区各部门要建立工作机制，明确责任分工。\n　　（二）督促检查。要加强督促检查，确保各项任务落实到位。\n\n中共某某委员会办公室\n2024年3月1日\n' >"$T/short.txt"
"$LUOSHI" import "$T/short.txt" >/dev/null
"$LUOSHI" import "$SEED" >/dev/null
"$LUOSHI" set 1 status=doing unit=组织部 assist=宣传部 owner=张三 due=2026-03-31 \
	recurrence=yearly progress=50 >/dev/null
"$LUOSHI" note 1 已召开专题会议部署 >/dev/null
"$LUOSHI" set 2 status=blocked due=2026-06-01 >/dev/null
"$LUOSHI" set 3 status=done >/dev/null

allow_ids

# tour DIR COLS LINES: every screen, dumped into DIR/NN-what.
tour() {
	mkdir -p "$1"
	keys <<EOF
:save-display $1/01-outline
3
:save-display $1/02-status-changed
u
:save-display $1/03-undone
x
:save-display $1/04-unbound-key
g e
:save-display $1/05-not-a-task
1
:save-display $1/06-status-key-on-a-document
a
:save-display $1/07-add-on-a-document
<Esc>
:save-display $1/08-esc-at-the-top
/
:save-display $1/09-search-prompt
:type 检查
<Enter>
:save-display $1/10-search-match
<Tab>
:save-display $1/11-no-pane
g R
:save-display $1/12-reader
/
:type 检查
<Enter>
:save-display $1/13-reader-match
n n n
[
:save-display $1/14-reader-heading
T
:save-display $1/15-tasks
f
:save-display $1/16-filter-prompt
:type status:进行中
<Enter>
:save-display $1/17-filtered
f <C-u> <Enter> s
:save-display $1/18-sorted
<Enter>
:save-display $1/19-detail
<PgDn>
:save-display $1/20-detail-history
g j j j j j e
:save-display $1/21-edit-in-place
<Esc> m
:save-display $1/22-note-prompt
<Esc> d
:save-display $1/23-delete-question
n
:save-display $1/24-not-deleted
a
:save-display $1/25-new-task-prompt
<Esc> E
:save-display $1/26-editor-failed
M
:save-display $1/27-no-note
D
:save-display $1/28-dashboard
<PgDn>
:save-display $1/29-dashboard
<PgDn>
:save-display $1/30-dashboard
?
:save-display $1/31-help
<PgDn>
:save-display $1/32-help
<PgDn>
:save-display $1/33-help
<PgDn>
:save-display $1/34-help
:resize 30 10
:save-display $1/35-too-small
:resize $2 $3
q q q
:save-display $1/36-back
EOF
	EDITOR=false ui_run "$2" "$3" --task 1
}

# scan DIR WIDTH: no English word, no row wider than the window.
scan() {
	for f in "$1"/*; do
		ok "$(basename "$1")/$(basename "$f"): no English word" -- english_words "$f"
		ok "$(basename "$1")/$(basename "$f"): no row wider than $2 columns" -- fits_in "$2" "$f"
	done
}

# The hint rows of every screen in full, at 80 columns (the same widths
# the screens compute: East Asian Wide and Fullwidth count 2).
hints_80() {
	is "$2: hint row" "$(rows "$1/01-outline" 24 24)" \
		"? 帮助  q 返回  l 打开  1-6 状态  u 撤销  / 搜索  r 原文  t 任务  D 总览"
	is "$2: reader hint row" "$(rows "$1/12-reader" 24 24)" \
		"? 帮助  q 返回  Space 翻页  b 上翻  / 搜索  n 下一处  ] 下个标题  o 任务"
	is "$2: task list hint row" "$(rows "$1/15-tasks" 24 24)" \
		"? 帮助  q 返回  Enter 打开  f 筛选  s 排序  1-6 状态  u 撤销  m 备注"
	is "$2: detail hint row" "$(rows "$1/19-detail" 24 24)" \
		"? 帮助  q 返回  e 编辑  E 外部编辑  1-6 状态  m 备注  u 撤销  d 删除"
	is "$2: dashboard hint row" "$(rows "$1/28-dashboard" 24 24)" \
		"? 帮助  q 返回  Enter 打开  1-6 状态  O 大纲  T 任务"
	is "$2: help hint row" "$(rows "$1/31-help" 24 24)" "? 帮助  q 返回  j 下移  Space 翻页"
	for f in "$1"/*; do
		case $f in *too-small) continue ;; esac
		ok "$2: $(basename "$f"): title bar and bottom row not cut" -- \
			sh -c "! sed -n '1p;24p' '$f' | grep -q '~\$'"
	done
	ok "$2: every row of the help whole (the action texts fit their column)" -- \
		sh -c "! cat '$1'/3[1-4]-help | grep -q '~\$'"
	is "$2: task list column headers" "$(rows "$1/15-tasks" 2 2)" "     状态     完成时限   牵头单位    任务"
	ok "$2: the column headers fit" -- sh -c "! sed -n 2p '$1/15-tasks' | grep -q '~'"
}

if have_locale zh_CN.UTF-8; then
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 tour "$T/zh80" 80 24
	is "zh_CN.UTF-8 80x24: the tour runs" "$?" 0
	scan "$T/zh80" 80
	hints_80 "$T/zh80" "zh_CN.UTF-8"
	# what the tour shows, so that a scan of nothing cannot pass
	is "zh 80x24: outline title" "$(rows "$T/zh80/01-outline" 1 1)" " luoshi | 大纲 | 2 个文件"
	is "zh 80x24: a status change" "$(rows "$T/zh80/02-status-changed" 24 24)" \
		"任务 1：2026 期已完成；下一期完成时限 2027-03-31（按 u 撤销）"
	is "zh 80x24: its undo" "$(rows "$T/zh80/03-undone" 24 24)" \
		"已撤销：任务 1 的状态 未开始 -> 进行中（以及同一次修改的其他内容）"
	is "zh 80x24: a key bound to nothing" "$(rows "$T/zh80/04-unbound-key" 24 24)" \
		"x 在此无作用；按 ? 查看按键"
	is "zh 80x24: the search prompt" "$(rows "$T/zh80/09-search-prompt" 24 24)" "/"
	ok "zh 80x24: the match" -- grep -q "^第 1/[0-9]* 处匹配：" "$T/zh80/10-search-match"
	ok "zh 80x24: the reader's title" -- grep -q "^ luoshi | 原文 | 关于做好测试工作的通知 | [0-9]*%$" "$T/zh80/12-reader"
	is "zh 80x24: task list title" "$(rows "$T/zh80/15-tasks" 1 1)" " luoshi | 任务 | 54 项任务 | 按位置排序"
	is "zh 80x24: the filter prompt" "$(rows "$T/zh80/16-filter-prompt" 24 24)" "筛选："
	is "zh 80x24: the filter in the title" "$(rows "$T/zh80/17-filtered" 1 1)" \
		" luoshi | 任务 | 1 项任务 | 筛选：status:进行中 | 按位置排序"
	is "zh 80x24: the count" "$(rows "$T/zh80/17-filtered" 24 24)" "1 项任务"
	is "zh 80x24: sorted" "$(rows "$T/zh80/18-sorted" 24 24)" "已按完成时限排序"
	rows "$T/zh80/19-detail" 1 9 >"$T/d1"
	screen_is "zh 80x24: the task's fields" "$T/d1" <<'EOF'
 luoshi | 任务 | 任务 1
> 标题      组织领导
  状态      进行中
  进度      50%
  牵头单位  组织部
  协办单位  宣传部
  责任人    张三
  完成时限  2026-03-31  （已逾期）
  周期      每年
EOF
	ok "zh 80x24: where, text, notes, history" -- sh -c "grep -q '^ 所在位置' '$T/zh80/19-detail' &&
		grep -q '^ 原文' '$T/zh80/19-detail' && grep -q '^ 备注' '$T/zh80/19-detail' &&
		grep -q '^ 变更记录' '$T/zh80/20-detail-history'"
	ok "zh 80x24: a history line names the field and the values in Chinese" -- \
		grep -q "  状态：未开始 -> 进行中" "$T/zh80/20-detail-history"
	is "zh 80x24: the in-place editor on the owner's row" "$(rows "$T/zh80/21-edit-in-place" 7 7)" \
		"> 责任人    张三"
	is "zh 80x24: the note prompt" "$(rows "$T/zh80/22-note-prompt" 24 24)" "备注："
	is "zh 80x24: the question" "$(rows "$T/zh80/23-delete-question" 24 24)" "删除任务 1（组织领导）？y/n"
	is "zh 80x24: the answer" "$(rows "$T/zh80/24-not-deleted" 24 24)" "未删除"
	is "zh 80x24: the new task prompt" "$(rows "$T/zh80/25-new-task-prompt" 24 24)" "新任务："
	is "zh 80x24: the editor failed" "$(rows "$T/zh80/26-editor-failed" 24 24)" "编辑器运行失败；未做任何修改"
	is "zh 80x24: no note" "$(rows "$T/zh80/27-no-note" 24 24)" "没有写备注"
	is "zh 80x24: the dashboard" "$(rows "$T/zh80/28-dashboard" 1 3)" " luoshi | 总览 | 关于做好测试工作的通知
>文件
   关于做好测试工作的通知                                        0/2 [.........]"
	is "zh 80x24: the help's heading" "$(rows "$T/zh80/31-help" 2 2)" "总览屏幕的按键（键位表“dashboard”）"
	is "zh 80x24: too small" "$(rows "$T/zh80/35-too-small" 1 1)" "太小：30x10 < 40x12"

	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 tour "$T/zh40" 40 12
	is "zh_CN.UTF-8 40x12: the tour runs" "$?" 0
	scan "$T/zh40" 40
	is "zh 40x12: the hint row is cut at the end, help and back first" \
		"$(rows "$T/zh40/01-outline" 12 12)" "? 帮助  q 返回  l 打开  1-6 状态  u 撤 ~"
	is "zh 40x12: too small, in 30 columns" "$(rows "$T/zh40/35-too-small" 1 1)" "太小：30x10 < 40x12"

	# --- read-only: the mark in the title bar, the reason on the bottom row
	mkdir -p "$T/ro"
	keys <<EOF
T 3
:save-display $T/ro/37-read-only
EOF
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 ui_run 80 24 --read-only
	scan "$T/ro" 80
	ok "zh read-only: the mark" -- grep -q "\[只读\]$" "$T/ro/37-read-only"
	if on_pg; then # a connection string is too long for the whole sentence
		ok "zh read-only: the reason" -- grep -q "^只读：你无权写入 host=" "$T/ro/37-read-only"
	else
		ok "zh read-only: the reason" -- grep -q "^只读：你无权写入 .*test.db，未做任何修改" "$T/ro/37-read-only"
	fi

	# --- one language decision, the standard one (gettext's), for the
	# screens and the command line alike
	keys <<EOF
:save-display $T/lang
EOF
	lang_of() { # ENV...: the screens' title and the command line's status of task 1
		env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$@" \
			LUOSHI_TEST_SCREEN=1 LUOSHI_TEST_KEYS="$T/keys" COLUMNS=80 LINES=24 \
			timeout 30 "$LUOSHI" >/dev/null 2>&1
		printf '%s / %s' "$(rows "$T/lang" 1 1 | cut -d'|' -f2)" \
			"$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$@" "$LUOSHI" tasks |
				awk '$1 == 1 {print $2}')"
	}
	is "LANG=zh_CN.UTF-8" "$(lang_of LANG=zh_CN.UTF-8)" " 大纲  / 进行中"
	is "LANG=C.UTF-8" "$(lang_of LANG=C.UTF-8)" " Outline  / doing"
	is "LANGUAGE=zh_CN over LANG=C.UTF-8" "$(lang_of LANG=C.UTF-8 LANGUAGE=zh_CN)" " 大纲  / 进行中"
	is "LANGUAGE=en over LANG=zh_CN.UTF-8" "$(lang_of LANG=zh_CN.UTF-8 LANGUAGE=en)" " Outline  / doing"
	is "LANGUAGE, a list: the first with a catalogue" "$(lang_of LANG=C.UTF-8 LANGUAGE=fr:zh_CN)" \
		" 大纲  / 进行中"
	is "LC_ALL over LANG" "$(lang_of LANG=zh_CN.UTF-8 LC_ALL=C.UTF-8)" " Outline  / doing"
	is "LC_MESSAGES over LANG" "$(lang_of LANG=C.UTF-8 LC_MESSAGES=zh_CN.UTF-8)" " 大纲  / 进行中"
	is "LUOSHI_LOCALEDIR: catalogues from there (none: English)" \
		"$(lang_of LANG=zh_CN.UTF-8 LUOSHI_LOCALEDIR=/nonexistent)" " Outline  / doing"
else
	ok "the zh_CN.UTF-8 locale can be made (localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)" -- false
fi

# --- zh_CN.GB18030: the same screens, the catalogue's text converted by
# ncursesw (the dumps are UTF-8); the terminal gets GB18030 bytes
if have_locale zh_CN.GB18030; then
	LANG=zh_CN.GB18030 LC_ALL=zh_CN.GB18030 tour "$T/gb80" 80 24
	is "zh_CN.GB18030 80x24: the tour runs" "$?" 0
	scan "$T/gb80" 80
	hints_80 "$T/gb80" "zh_CN.GB18030"
	is "GB18030 80x24: a status change" "$(rows "$T/gb80/02-status-changed" 24 24)" \
		"任务 1：2026 期已完成；下一期完成时限 2027-03-31（按 u 撤销）"
	LANG=zh_CN.GB18030 LC_ALL=zh_CN.GB18030 tour "$T/gb40" 40 12
	is "zh_CN.GB18030 40x12: the tour runs" "$?" 0
	scan "$T/gb40" 40
	keys <<EOF
<Sleep 200>
EOF
	rm -f "$T/pty"
	LANG=zh_CN.GB18030 LC_ALL=zh_CN.GB18030 LUOSHI_TEST_KEYS="$T/keys" TERM=xterm \
		timeout 30 script -qfec "stty cols 80 rows 24; '$LUOSHI'" "$T/pty" >/dev/null 2>&1 </dev/null
	ok "GB18030 terminal: the title bar and hints arrive in GB18030" -- \
		sh -c "iconv -f GB18030 -t UTF-8 '$T/pty' | grep -q 'luoshi | 大纲' &&
			iconv -f GB18030 -t UTF-8 '$T/pty' | grep -q '帮助'"
	ok "GB18030 terminal: and not in UTF-8" -- sh -c "! grep -q '大纲' '$T/pty'"
	LC_ALL=zh_CN.GB18030 "$LUOSHI" tasks >"$T/gbcli"
	ok "GB18030 command line: the status in GB18030" -- \
		sh -c "iconv -f GB18030 -t UTF-8 '$T/gbcli' | grep -q '进行中' && ! grep -q '进行中' '$T/gbcli'"
else
	ok "the zh_CN.GB18030 locale can be made (localedef -i zh_CN -f GB18030 zh_CN.GB18030)" -- false
fi

# --- C.UTF-8: the same tour in English (no word of the catalogue that the
# documents do not hold themselves)
tour "$T/en80" 80 24
is "C.UTF-8: the tour runs" "$?" 0
is "C.UTF-8: outline title" "$(rows "$T/en80/01-outline" 1 1)" " luoshi | Outline | 2 documents"
is "C.UTF-8: hint row" "$(rows "$T/en80/01-outline" 24 24)" \
	"? help  q back  l open  1-6 status  u undo  / search  r text  t tasks  D dash"
is "C.UTF-8: task list title" "$(rows "$T/en80/15-tasks" 1 1)" " luoshi | Tasks | 54 tasks | by position"
is "C.UTF-8: a status change" "$(rows "$T/en80/02-status-changed" 24 24)" "task 1: period 2026 done; the next is due 2027-03-31 (u undoes)"
is "C.UTF-8: the help's heading" "$(rows "$T/en80/31-help" 2 2)" \
	"Keys of the Dashboard screen (keymap \"dashboard\")"
for f in "$T"/en80/*; do
	ok "C.UTF-8: $(basename "$f"): no Chinese of the catalogue" -- sh -c \
		"! grep -E '大纲|返回|撤销|筛选|总览|完成时限|变更记录|所在位置|屏幕|键位表|光标|翻页|牵头单位|协办单位|已逾期|排序|打开|搜索|备注' '$f'"
done
done_testing
