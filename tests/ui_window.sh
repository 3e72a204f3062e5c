#!/bin/sh
# The task list screen reads a window of the list: on 2,400 tasks the
# rows it shows after g, G, PgDn, PgUp, j and k are the command line's
# rows at those places, in every order; a sort change, a status change
# and a filter keep the cursor's task; the title counts every task.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"

paging_doc "$T/doc.txt"
"$LUOSHI" import "$T/doc.txt" >/dev/null 2>&1
for id in 5 199 200 201 202 777 1500 2399; do
	"$LUOSHI" set "$id" status=doing due=2026-06-01 >/dev/null
done
"$LUOSHI" set 1999 status=blocked due=2026-01-01 >/dev/null

# names: the task names (第N项措施第K个环节) of a listing or a dump, one a line
names() {
	grep -o '第[0-9]*项措施第[0-9]个环节'
}
# cursor DUMP: the name on the cursor's row
cursor() {
	grep '^>' "$1" | names
}
# at DUMP SORT N: the dump's rows are the listing's from row N on (1-based)
at() {
	rows "$1" 3 23 | names >"$T/got"
	"$LUOSHI" tasks --sort "$2" | tail -n +2 | names | tail -n +"$3" | head -n "$(wc -l <"$T/got")" >"$T/want"
	test -s "$T/got" && diff "$T/want" "$T/got"
}
# the page is 21 rows (24 lines: the title, the header, the hints)
pgdn() {
	i=0
	while [ $i -lt "$1" ]; do
		echo "<PgDn>"
		i=$((i + 1))
	done
}

for sort in position due status; do
	case $sort in
	position) s="" ;;
	due) s="s" ;;
	status) s="s
s" ;;
	esac
	{
		echo "T"
		[ -n "$s" ] && echo "$s"
		echo ":save-display $T/first"
		echo "G"
		echo ":save-display $T/last"
		echo "g"
		pgdn 40
		echo ":save-display $T/deep"
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do echo k; done
		echo ":save-display $T/up"
		echo "G"
		for i in $(seq 1 30); do echo "<PgUp>"; done
		echo ":save-display $T/back"
		echo "g"
		pgdn 40
		for i in $(seq 1 40); do echo "<PgUp>"; done
		echo ":save-display $T/again"
	} >"$T/keys"
	ui_run 80 24
	ok "$sort: the title counts every task" -- grep -q "2400 tasks" "$T/first"
	ok "$sort: the first rows" -- at "$T/first" "$sort" 1
	ok "$sort: G shows the last rows" -- at "$T/last" "$sort" $((2400 - 20))
	is "$sort: G puts the cursor on the last task" "$(cursor "$T/last")" \
		"$("$LUOSHI" tasks --sort "$sort" | names | tail -n 1)"
	# 40 pages down: row 841 at the top, beyond the most the window keeps
	ok "$sort: 40 pages down" -- at "$T/deep" "$sort" 841
	is "$sort: 40 pages down, the cursor" "$(cursor "$T/deep")" \
		"$("$LUOSHI" tasks --sort "$sort" | tail -n +2 | names | sed -n 841p)"
	ok "$sort: 25 rows up from there" -- at "$T/up" "$sort" 816
	is "$sort: 25 rows up, the cursor" "$(cursor "$T/up")" \
		"$("$LUOSHI" tasks --sort "$sort" | tail -n +2 | names | sed -n 816p)"
	ok "$sort: 30 pages up from the end" -- at "$T/back" "$sort" $((2400 - 20 - 30 * 21))
	ok "$sort: 40 pages down and up again: the first rows" -- at "$T/again" "$sort" 1
done

# The cursor keeps its task through the sorts and a status change that
# moves it (by status); a new filter starts at its first task, which
# keeps the cursor through the sorts too.
{
	echo "T"
	pgdn 50
	echo "j j j"
	echo ":save-display $T/k0"
	echo "s"
	echo ":save-display $T/k1"
	echo "s"
	echo ":save-display $T/k2"
	echo "5"
	echo ":save-display $T/k3"
	echo "f"
	echo ":type 组织部"
	echo "<Enter>"
	echo ":save-display $T/k4"
	echo "s"
	echo "s"
	echo ":save-display $T/k5"
} >"$T/keys"
ui_run 80 24
name=$(cursor "$T/k0")
ok "the cursor's task is one deep in the list" -- test -n "$name"
for k in k1 k2 k3; do
	is "$k: the cursor keeps its task" "$(cursor "$T/$k")" "$name"
done
first=$("$LUOSHI" tasks --sort status 组织部 | names | head -n 1)
is "k4: a new filter: the cursor on its first task" "$(cursor "$T/k4")" "$first"
is "k5: which it keeps by unit and back by position" "$(cursor "$T/k5")" "$first"
ok "k1 (by due): the rows around it are the listing's" -- sh -c \
	"'$LUOSHI' tasks --sort due | names | grep -A 5 -x '$name' >'$T/w1'; \
	 grep -A 5 '^>' '$T/k1' | names >'$T/g1'; diff '$T/w1' '$T/g1'" 
id=$("$LUOSHI" tasks | awk -v n="$name" 'index($0, n) {print $1}')
is "5 made it blocked" "$("$LUOSHI" show "$id" | awk '$1 == "status" {print $2}')" blocked
ok "k3 (by status, blocked now): the rows around it are the listing's" -- sh -c \
	"'$LUOSHI' tasks --sort status | names | grep -B 2 -A 2 -x '$name' >'$T/w3'; \
	 grep -B 2 -A 2 '^>' '$T/k3' | names >'$T/g3'; diff '$T/w3' '$T/g3'"
done_testing
