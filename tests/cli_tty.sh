#!/bin/sh
# End to end on a terminal (a pty from script(1)): listings fit the width,
# never wrapping a row, whatever the Chinese text.
. "${srcdir:-.}/tests/lib.sh"
"$LUOSHI" import "$SEED" >/dev/null 2>&1
"$LUOSHI" set 1 unit=中共中央办公厅组织部门 owner=欧阳修远 due=2026-01-01 >/dev/null

# on_tty COLS CMD...: run luoshi on a pty of COLS columns, output to $T/tty
on_tty() {
	cols=$1; shift
	script -qec "stty cols $cols rows 24; $*" /dev/null </dev/null | tr -d '\r' >"$T/tty"
}
# widest line in display columns (East Asian Wide/Fullwidth = 2)
widest() {
	python3 -c '
import sys, unicodedata as u
print(max(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$1"
}
for cols in 60 80 120; do
	for cmd in docs "outline 1" tasks "search 党课" "history"; do
		on_tty "$cols" "'$LUOSHI' $cmd"
		ok "$cmd at $cols columns prints something" -- test -s "$T/tty"
		w=$(widest "$T/tty")
		ok "$cmd at $cols columns: no row wider than the terminal ($w)" -- test "$w" -le "$cols"
	done
	on_tty "$cols" "'$LUOSHI' read"
	ok "read at $cols columns: wrapped within the width" -- test "$(widest "$T/tty")" -le "$cols"
done
on_tty 80 "'$LUOSHI' tasks"
ok "a long title is cut with the ~ mark on a terminal" -- grep -q '~$' "$T/tty"
# the footer under --limit does not pass the first N for all that match
all=$("$LUOSHI" tasks | tail -n +2 | wc -l)
on_tty 80 "'$LUOSHI' tasks --limit 5"
is "--limit 5 of $all: the footer says there are more" "$(tail -n 1 "$T/tty")" \
	"the first 5 tasks; more match (--limit N for more)"
on_tty 80 "'$LUOSHI' tasks --limit $all"
is "--limit of exactly all: the count" "$(tail -n 1 "$T/tty")" "$all tasks"
on_tty 80 "'$LUOSHI' tasks --limit $((all + 5))"
is "--limit above all: the count" "$(tail -n 1 "$T/tty")" "$all tasks"
"$LUOSHI" tasks --limit 5 >"$T/pipe5"
is "to a pipe: the heading and 5 rows, no footer" "$(wc -l <"$T/pipe5")" 6
"$LUOSHI" tasks >"$T/pipe"
ok "to a pipe the title is whole" -- grep -q '各级党委（党组）召开常委会会议（党组会议）' "$T/pipe"
done_testing
