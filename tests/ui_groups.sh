#!/bin/sh
# The task list grouped by unit reads a window too: on 2,400 tasks in
# four units (lead and assisting), the rows the screen shows after g, G,
# PgDn, PgUp and k are runs of the command line's grouped listing
# (headings and tasks) at those places; the title counts each task once;
# the cursor keeps its task into the grouped list and out of it.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"

paging_doc "$T/doc.txt"
"$LUOSHI" import "$T/doc.txt" >/dev/null 2>&1
for id in 10 11 250 251 1200 2398; do
	"$LUOSHI" set "$id" unit=宣传部 assist=纪委、组织部 >/dev/null
done
"$LUOSHI" set 12 unit= assist=纪委 >/dev/null
"$LUOSHI" set 1999 status=blocked due=2026-01-01 >/dev/null

# rowseq: a listing or dump as rows: "H unit" for a heading, else the
# task's name (第N项措施第K个环节)
rowseq() {
	awk '/ — lead / {sub(/^[ >]*/, ""); sub(/ — lead .*/, ""); print "H " $0; next}
	     match($0, /第[0-9]*项措施第[0-9]个环节/) {print substr($0, RSTART, RLENGTH)}'
}
# the grouped listing cuts titles: its ids, named from the flat listing
"$LUOSHI" tasks >"$T/flat"
"$LUOSHI" tasks --by unit | awk -v flat="$T/flat" '
	BEGIN {while ((getline l <flat) > 0) {split(l, f, " "); name[f[1]] = l}}
	/ — lead / {print; next}
	/^  / {print name[$1]}' | rowseq >"$T/all"
total=$(wc -l <"$T/all")
# run DUMP: the dump's rows 3..23 are a run of the listing's rows; prints
# where the run starts (1-based), or nothing
run() {
	rows "$1" 3 23 | rowseq >"$T/got"
	awk -v got="$T/got" 'BEGIN {while ((getline l <got) > 0) g[++n] = l}
		{a[NR] = $0}
		END {for (s = 1; s + n - 1 <= NR; s++) {
			for (i = 1; i <= n && a[s + i - 1] == g[i]; i++);
			if (i > n) {print s; exit}}}' "$T/all"
}
{
	echo "T"
	echo "s"
	echo "s"
	echo "s"
	echo "g"
	echo ":save-display $T/first"
	echo "G"
	echo ":save-display $T/last"
	echo "g"
	for i in $(seq 1 40); do echo "<PgDn>"; done
	echo ":save-display $T/deep"
	for i in $(seq 1 25); do echo k; done
	echo ":save-display $T/up"
	echo "G"
	for i in $(seq 1 30); do echo "<PgUp>"; done
	echo ":save-display $T/back"
	echo "g"
	for i in $(seq 1 60); do echo "<PgDn>"; done
	for i in $(seq 1 60); do echo "<PgUp>"; done
	echo ":save-display $T/again"
} >"$T/keys"
ui_run 80 24
ok "the title counts each task once" -- grep -q "2400 tasks | by unit" "$T/first"
is "g: the first rows are the listing's first" "$(run "$T/first")" 1
is "G: the last rows are the listing's last" "$(run "$T/last")" $((total - 20))
is "G: the cursor on the last task" "$(grep '^>' "$T/last" | rowseq)" "$(tail -n 1 "$T/all")"
is "40 pages down: the listing's rows 40 pages on" "$(run "$T/deep")" $((40 * 21 + 1))
is "25 rows up from there" "$(run "$T/up")" $((40 * 21 + 1 - 25))
back=$(run "$T/back")
ok "30 pages up from the end: a run of the listing ($back)" -- test -n "$back" -a "${back:-0}" -lt $((total - 600))
is "60 pages down and up again: the first rows" "$(run "$T/again")" 1
ok "an assisting unit's heading, with its sums" -- sh -c "'$LUOSHI' tasks --by unit | grep -q '^纪委 — lead 0, assisting 7:'"
# the cursor's task into the grouped list (the first group naming it)
# and back out of it
{
	echo "T"
	for i in $(seq 1 20); do echo "<PgDn>"; done
	echo ":save-display $T/k0"
	echo "s s s"
	echo ":save-display $T/k1"
	echo "s"
	echo ":save-display $T/k2"
} >"$T/keys"
ui_run 80 24
name=$(grep '^>' "$T/k0" | rowseq)
ok "the cursor's task is 20 pages deep" -- test -n "$name"
is "grouped: the cursor keeps its task" "$(grep '^>' "$T/k1" | rowseq)" "$name"
is "and back by position" "$(grep '^>' "$T/k2" | rowseq)" "$name"
# On a unit's heading a task's key is answered, and the others work as
# anywhere: help opens, q leaves the list for the outline it came from
# (before, every key said "status keys act on tasks" and q did nothing)
{
	echo "T"
	echo "s s s g"
	echo "d"
	echo ":save-display $T/h-d"
	echo "?"
	echo ":save-display $T/h-help"
	echo "q"
	echo ":save-display $T/h-back"
	echo "q"
	echo ":save-display $T/h-after"
} >"$T/keys"
ui_run 80 24
ok "heading: d is answered (a key for a task)" -- grep -q "this row heads a unit" "$T/h-d"
ok "heading: the cursor is on the heading" -- sh -c "grep '^>' '$T/h-d' | grep -q ' — lead '"
ok "heading: ? opens the help" -- grep -q "^ luoshi | Help" "$T/h-help"
ok "heading: q leaves the help, back at the list" -- grep -q "2400 tasks | by unit" "$T/h-back"
ok "heading: q leaves the list for the outline" -- grep -q "| Outline |" "$T/h-after"
done_testing
