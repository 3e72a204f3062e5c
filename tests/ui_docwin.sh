#!/bin/sh
# Screens, headless: the outline reads its documents a window at a time
# (issue 9), so a list longer than the window (520 documents; 400 kept)
# must still show every one: paged through forwards and backwards it is
# the list `luoshi docs` prints, G reaches the last document and g the
# first, a search or a task far outside the window is found, and a
# document another user imports while the screen is open shows.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"

N=520
i=1
while [ $i -le $N ]; do
	printf '关于第%d号窗口测试的通知\n\n为检验文件列表，现通知如下。\n\n一、总体要求\n\n1.推进第%d号措施。组织部要组织开展检查。\n' \
		$i $i >"$T/d$i.txt"
	i=$((i + 1))
done
# shellcheck disable=SC2046
"$LUOSHI" import $(i=1; while [ $i -le $N ]; do echo "$T/d$i.txt"; i=$((i + 1)); done) \
	>/dev/null 2>"$T/err"
is "520 documents imported" "$("$LUOSHI" docs | tail -n +2 | wc -l)" $N
"$LUOSHI" docs | tail -n +2 | sed 's/^.*\] *//' >"$T/want"

# titles DUMP...: the document rows of the dumps (24 rows: 22 of the list)
titles() {
	for f in "$@"; do rows "$f" 2 23; done | sed 's/^[ >][+-] //; s/ *$//' | grep -v '^$' | awk '!seen[$0]++'
}

# --- forwards: a page down at a time from the first document to the last
pages=$((N / 22 + 2))
{
	i=0
	while [ $i -le $pages ]; do
		echo ":save-display $T/f$i"
		echo "<PgDn>"
		i=$((i + 1))
	done
	echo "G"
	echo ":save-display $T/last"
	echo "g"
	echo ":save-display $T/first"
} >"$T/keys"
ui_run 80 24
is "the screens exit 0 at the end of the key script" "$?" 0
i=0 files=""
while [ $i -le $pages ]; do files="$files $T/f$i"; i=$((i + 1)); done
# shellcheck disable=SC2086
titles $files >"$T/got"
ok "page by page downwards: every document, in the order of luoshi docs" -- diff -u "$T/want" "$T/got"
ok "the title line counts all 520 documents" -- grep -q "Outline | 520 documents" "$T/f0"
ok "G: the cursor on the last document" -- grep -q "^>+ 关于第520号窗口测试的通知" "$T/last"
ok "g: the cursor on the first document again" -- grep -q "^>+ 关于第1号窗口测试的通知" "$T/first"
ok "g: the first page from the top" -- test "$(rows "$T/first" 3 3)" = " + 关于第2号窗口测试的通知"

# --- backwards: from the last document a page up at a time
{
	echo "G"
	i=0
	while [ $i -le $pages ]; do
		echo ":save-display $T/b$i"
		echo "<PgUp>"
		i=$((i + 1))
	done
} >"$T/keys"
ui_run 80 24
files=""
i=$pages
while [ $i -ge 0 ]; do files="$files $T/b$i"; i=$((i - 1)); done
# shellcheck disable=SC2086
titles $files >"$T/got"
ok "page by page upwards from G: every document, in order" -- diff -u "$T/want" "$T/got"

# --- k from the middle of the list upwards across where the window was read
{
	echo "G"
	i=0
	while [ $i -lt 30 ]; do echo "<PgUp>"; i=$((i + 1)); done
	echo ":save-display $T/k0"
	i=0
	while [ $i -lt 150 ]; do echo "j"; i=$((i + 1)); done
	echo ":save-display $T/k1"
} >"$T/keys"
ui_run 80 24
ok "30 pages up from the end: the first page" -- grep -q "^>+ 关于第1号窗口测试的通知" "$T/k0"
ok "150 j from there: the 151st document" -- grep -q "^>+ 关于第151号窗口测试的通知" "$T/k1"

# --- a tall terminal: the window keeps enough documents for its margin
# (two screens and some), so moving reads each page once; with 400 kept
# at 130 rows it dropped on every key what it read again (64 reads a key)
tall() { # tall ROWS: 300 j, G, g; the cursor's document after the j's
	{
		i=0
		while [ $i -lt 300 ]; do echo "j"; i=$((i + 1)); done
		echo ":save-display $T/tall$1"
		echo "G"
		echo "g"
	} >"$T/keys"
	LUOSHI_TEST_RELOADS=$T/counts$1 ui_run 80 "$1"
}
for rows in 24 130 200; do
	tall $rows
	ok "$rows rows: 300 j from the first: the 301st document" -- \
		grep -q "^>+ 关于第301号窗口测试的通知" "$T/tall$rows"
	pages=$(awk '$1 == "documents-pages" {print $2}' "$T/counts$rows")
	ok "$rows rows: 300 j, G and g read at most 20 pages of documents ($pages)" -- \
		test "${pages:-999}" -le 20
done

# --- a search whose match is far outside the window read at the start
keys <<EOF
/
:type 第517号措施
<Enter>
:save-display $T/s1
EOF
ui_run 80 24
ok "/ finds a measure in the 517th document, opened" -- grep -q "^>      1.推进第517号措施" "$T/s1"
ok "... under its document" -- grep -q "^ - 关于第517号窗口测试的通知" "$T/s1"

# --- a task far away, from the command line (the task list's Enter goes there too)
node=$("$LUOSHI" outline 480 | awk '/1\.推进第480号措施/ {print $1}')
"$LUOSHI" add "$node" 第四百八十号的任务 >/dev/null
task=$("$LUOSHI" tasks | awk '/第四百八十号的任务/ {print $1}')
keys <<EOF
:save-display $T/t1
EOF
ui_run 80 24 ui --task "$task"
ok "ui --task: the cursor on that task in the 480th document" -- grep -q "^>.*第四百八十号的任务" "$T/t1"

# --- another user imports a document while the screen is in the middle
printf '另一位同事导入的通知\n\n一、总体要求\n\n1.推进新措施。\n' >"$T/new.txt"
keys <<EOF
$(i=0; while [ $i -lt 10 ]; do echo "<PgDn>"; i=$((i + 1)); done)
:save-display $T/m0
:shell LUOSHI_USER=bob '$LUOSHI' import '$T/new.txt' >/dev/null 2>&1
<Sleep 400>
:save-display $T/m1
G
:save-display $T/m2
EOF
ui_run 80 24
ok "another user's import: the screen stays where it was" -- diff -u "$T/m0" "$T/m1" -I "documents"
ok "... and counts it" -- grep -q "Outline | 521 documents" "$T/m1"
ok "... G reaches it, the last document now" -- grep -q "^>+ 另一位同事导入的通知" "$T/m2"

done_testing
