#!/bin/sh
# End to end (issue 9): a file of many documents is imported one document
# at a time, each as it would be from its own file; a progress line goes to
# stderr on a terminal only.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }
C=${srcdir:-.}/tests/corpus/gov-cn
command -v iconv >/dev/null || { echo "1..0 # SKIP no iconv"; exit 77; }

# three real documents one after another, blank lines and a form feed
# between them, in GB18030 as such compilations often come
{ cat "$C/doc21.txt"; printf '\n\n'; cat "$C/doc30.txt"; printf '\f'; cat "$C/doc13.txt"; } |
	iconv -f UTF-8 -t GB18030 >"$T/multi.txt"
L import "$T/multi.txt" >"$T/out" 2>"$T/err"
is "a compilation imports" "$?" 0
is "nothing on stderr when it is not a terminal" "$(cat "$T/err")" ""
is "three documents" "$(grep -c ' imported (GB18030) as document ' "$T/out")" 3
ok "each named FILE #N" -- grep -q "multi.txt #3 imported" "$T/out"
ok "the third is the 指导意见 with its 文号" -- grep -q "指导意见 · 国办发〔2018〕118号" "$T/out"
for d in doc21 doc30 doc13; do
	L import "$C/$d.txt" >"$T/one" 2>&1
	ok "$d from the compilation is the same text as its own file" -- grep -q "is already imported" "$T/one"
done
L import "$T/multi.txt" >"$T/again" 2>&1
is "importing the file again adds nothing" "$(grep -c 'already imported' "$T/again")" 3

# one document: named by the file alone, as before
L import --no-tasks "$C/doc02.txt" >"$T/single" 2>&1
ok "a file of one document is named by the file alone" -- grep -q "doc02.txt imported (UTF-8) as document 4" "$T/single"

# the progress line, on a terminal (script gives the command a pty)
if command -v script >/dev/null; then
	export LUOSHI_DB="$T/tty.db" LUOSHI_PROGRESS_AFTER=0
	script -qec "$LUOSHI import $T/multi.txt >/dev/null" /dev/null </dev/null >"$T/tty" 2>&1
	ok "on a terminal: a progress line with documents, MB and the rate" -- \
		grep -aq "importing: [0-9]* documents\{0,1\}, .* MB (.*%), .* MB/s" "$T/tty"
	ok "it is rewritten in place and cleared at the end" -- grep -aq "$(printf '\r\033\\[K')" "$T/tty"
	# in Chinese, and in a GB18030 terminal as GB18030 bytes
	if [ "${USE_NLS:-yes}" != no ] && have_locale zh_CN.GB18030; then
		rm -f "$T/tty.db"
		LC_ALL=zh_CN.GB18030 script -qec "$LUOSHI import $T/multi.txt >/dev/null" /dev/null </dev/null >"$T/ttygb" 2>&1
		tr '\r' '\n' <"$T/ttygb" | sed "s/$(printf '\033')\\[K//g" >"$T/ttygb.lines"
		ok "zh_CN.GB18030 terminal: the progress line in GB18030" -- \
			sh -c "iconv -f GB18030 -t UTF-8 '$T/ttygb.lines' | grep -q '正在导入：[0-9]* 份文件，.* MB（.*%），.* MB/秒'"
		ok "and not in UTF-8 bytes" -- sh -c "! grep -aq '正在导入' '$T/ttygb'"
	else
		ok "the progress line in Chinese # SKIP no NLS or no zh_CN.GB18030 locale" -- true
	fi
	rm -f "$T/tty.db"
	LUOSHI_DB="$T/tty.db" L import "$T/multi.txt" >/dev/null 2>"$T/err2"
	is "with stderr not a terminal: none" "$(cat "$T/err2")" ""
else
	ok "script(1) present for the terminal case # SKIP no script (bsdutils)" -- true
fi
done_testing
