#!/bin/sh
# Screens, headless: the reader wraps the document with the 禁则 rules at
# 40, 80 and 120 columns, searches with n/N, jumps between headings, goes
# from a measure to its tasks, and remembers the reading position.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null

# no_bad_start FILE: no row of text starts with a character that must not begin a line (DESIGN.md §4)
no_bad_start() {
	perl -CSD -ne 's/^\s+//;
		if (/^[，。、；：？！．,.;:?!”’）》〉」』】〕〗］｝·・～％‰℃°々]/) { print "$.: $_"; $bad = 1 }
		END { exit($bad ? 1 : 0) }' "$1"
}
# no_bad_end FILE: no text row ends with an opening mark
no_bad_end() {
	perl -CSD -ne 'chomp;
		if (/[“‘（《〈「『【〔〖［｛￥＄]$/) { print "$.: $_\n"; $bad = 1 }
		END { exit($bad ? 1 : 0) }' "$1"
}

keys <<EOF
R
:save-display $T/r1
EOF
ui_run 80 24
screen_is "80x24: the reader's first page: title, details, indented paragraphs" "$T/r1" <<'EOF'
 luoshi | Reader | 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会主~
 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会主义思想主题教育成果
 的意见
 中共中央办公厅
 2024-02-23
 新华社北京2月28日电

     为巩固拓展学习贯彻习近平新时代中国特色社会主义思想主题教育（以下简称主题教
 育）成果，建立健全以学铸魂、以学增智、以学正风、以学促干的长效机制，推动广大党
 员、干部更加深刻领悟“两个确立”的决定性意义，更加自觉增强“四个意识”、坚定“四个
 自信”、做到“两个维护”，始终做习近平新时代中国特色社会主义思想的坚定信仰者和忠
 实实践者，经党中央同意，现提出如下意见。

     一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色社会主义思想的深化、
 转化工作
     从思想上正本清源、固本培元，坚定理想信念，铸牢对党忠诚，站稳人民立场，自觉
 在政治立场、政治方向、政治原则、政治道路上同以习近平同志为核心的党中央保持高度
 一致，进一步夯实全党团结统一的思想基础。

     1.建立健全“第一议题”制度
     各级党委（党组）召开常委会会议（党组会议）或党委（党组）理论学习中心组学习
 会，要认真学习习近平新时代中国特色社会主义思想和习近平总书记重要讲话，结合实际
 抓好贯彻落实。党委（党组）谋划重大战略、研究重大事项、制定重大政策、部署重大任
? help  q back  Space page  b page up  / search  n next  ] heading  o tasks
EOF

# --- every page at three widths follows the line-breaking rules
for size in 40:12 80:24 120:40; do
	cols=${size%%:*} lines=${size#*:}
	{
		echo R
		i=1
		while [ $i -le 40 ]; do
			echo ":save-display $T/p$cols-$i"
			echo "<Space>"
			i=$((i + 1))
		done
		echo G
		echo ":save-display $T/p$cols-end"
	} >"$T/keys"
	ui_run "$cols" "$lines"
	for p in "$T"/p$cols-*; do
		sed '1d;$d' "$p" # the rows of text, without the title and the bottom line
	done >"$T/all$cols"
	ok "${cols} columns: no line starts with closing punctuation" -- no_bad_start "$T/all$cols"
	ok "${cols} columns: no line ends with opening punctuation" -- no_bad_end "$T/all$cols"
	ok "${cols} columns: no row wider than the window" -- fits_in "$cols" "$T/all$cols"
	ok "${cols} columns: G shows the end of the document" -- \
		sh -c "sed '1d;\$d; s/^ *//' '$T/p$cols-end' | tr -d '\n' | grep -q '推动各方面工作高质量发展。\$'"
done

# --- search, n/N, headings
keys <<EOF
R
/
:type 读书班
<Enter>
:save-display $T/r2
n
:save-display $T/r3
N
:save-display $T/r4
g ] ]
:save-display $T/r5
[
:save-display $T/r6
EOF
ui_run 80 24
is "/ finds the first match" "$(rows "$T/r2" 24 24)" "match 1 of 2"
ok "the match is on the page" -- grep -q "读书班" "$T/r2"
is "n goes to the next" "$(rows "$T/r3" 24 24)" "match 2 of 2"
is "N goes back" "$(rows "$T/r4" 24 24)" "match 1 of 2"
is "] ] goes to the second heading" "$(rows "$T/r5" 2 2)" "     1.建立健全“第一议题”制度"
is "[ goes back one heading" "$(rows "$T/r6" 2 3)" \
"     一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色社会主义思想的深化、
 转化工作"

# --- o: from a measure in the reader to its tasks in the outline
keys <<EOF
R
g ] ] ] ] ] ] ] ] ] ]
:save-display $T/r7
o
:save-display $T/r8
EOF
ui_run 80 24
is "the reader is at measure 7" "$(rows "$T/r7" 2 2)" "     7.落实“四下基层”制度"
is "o shows measure 7 in the outline, opened" "$(grep -A1 '^>' "$T/r8")" \
	">    - 7.落实“四下基层”制度                                      0/8 [.........]
       [ ] 省级党委（党组）作出总体安排                      todo"

# --- the reading position is remembered per user and document
keys <<EOF
R <Space> <Space> <Space>
:save-display $T/r9
EOF
ui_run 80 24
keys <<EOF
R
:save-display $T/r10
EOF
ui_run 80 24
ok "reopening the reader shows the page where it was left" -- diff -u "$T/r9" "$T/r10"

# --- ambiguous-width forced to 1 and a terminal that draws “” two columns
# wide: until the terminal confirms the setting, lines are laid out as if
# wide, so such a terminal shows every character (四个, 忠 were pushed off
# the right edge). Measured here with East Asian Ambiguous as 2 columns.
mkdir -p "$XDG_CONFIG_HOME/luoshi"
printf 'set ambiguous-width = 1\n' >"$XDG_CONFIG_HOME/luoshi/config"
{
	echo R
	echo g
	i=1
	while [ $i -le 12 ]; do
		echo ":save-display $T/w$i"
		echo "<Space>"
		i=$((i + 1))
	done
} | keys
ui_run 80 24
cat "$T"/w[0-9]* >"$T/wall"
ok "ambiguous-width = 1, not confirmed: no reader row is wider than 80 columns on a wide terminal" -- \
	perl -CSD -ne 'chomp; my $w = 0;
		for (split //) { $w += /\p{Ea=W}|\p{Ea=F}|\p{Ea=A}/ ? 2 : 1 }
		if ($w > 80) { print "$.: $w: $_\n"; $bad = 1 }
		END { exit($bad ? 1 : 0) }' "$T/wall"
ok "the line with “四个意识” keeps 四个 on the screen" -- grep -q '“四个自信”' "$T/wall"
rm -f "$XDG_CONFIG_HOME/luoshi/config"

# --- a table (a 任务分工表) is laid out aligned, and narrowed with its cells
# wrapped when the screen is too narrow for it
tdb=$T/table.db
LUOSHI_DB=$tdb "$LUOSHI" import "${srcdir:-.}/tests/own/yaodian.txt" >/dev/null
keys <<EOF2
R
G
:save-display $T/tab1
EOF2
LUOSHI_DB=$tdb ui_run 80 24
grep -n "序号" "$T/tab1" >"$T/tab1h"
ok "80x24: the table's header row is in the reader" -- test -s "$T/tab1h"
col_of() { # col_of FILE TEXT: the display column where TEXT starts on its row
	perl -CSD -ne 'if (($i = index($_, "'"$2"'")) >= 0) { my $w = 0;
		for (split //, substr($_, 0, $i)) { $w += /\p{Ea=W}|\p{Ea=F}/ ? 2 : 1 } print "$w\n"; exit }' "$1"
}
is "80x24: the lead unit column starts at the same column in the header and a row" \
	"$(col_of "$T/tab1" "牵头单位")" "$(col_of "$T/tab1" "市住房城乡建设委")"
ok "80x24: every row of the table fits" -- fits_in 80 "$T/tab1"
keys <<EOF2
R
G
:save-display $T/tab2
EOF2
LUOSHI_DB=$tdb ui_run 40 24
ok "40x24: the table is narrowed to fit" -- fits_in 40 "$T/tab2"
ok "40x24: a cell wraps onto the next rows rather than being cut" -- \
	sh -c "! grep -q 市政务服务局 '$T/tab2' && grep -q 市政 '$T/tab2' && grep -q 务局 '$T/tab2'"
done_testing
