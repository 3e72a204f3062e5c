#!/bin/sh
# luoshi tasks a page at a time: --limit N is the first N rows of the
# full listing in every order; rows reach a pipe while later pages are
# still to be read; a reader that stops early (head) ends the listing
# quietly.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }
export LUOSHI_NOW=1780000000 # 2026-05-28

paging_doc "$T/doc.txt"
L import "$T/doc.txt" >/dev/null 2>&1
is "2,400 tasks listed" "$(L tasks | tail -n +2 | wc -l)" 2400
# ties on the due date and the status across page boundaries
for id in 5 199 200 201 202 777 1500 2399; do
	L set "$id" status=doing due=2026-06-01 >/dev/null
done
L set 3 status=blocked due=2026-01-01 >/dev/null
L set 1999 status=done due=2027-01-01 >/dev/null

for sort in position due status; do
	L tasks --sort "$sort" >"$T/all.$sort"
	for n in 1 7 199 200 201 450 2400 5000; do
		L tasks --sort "$sort" --limit "$n" >"$T/lim"
		head -n $((n + 1)) "$T/all.$sort" >"$T/want"
		ok "--sort $sort --limit $n: the first $n rows of the full listing" -- cmp "$T/want" "$T/lim"
	done
done
ok "--sort due puts the dated tasks first" -- sh -c "sed -n 2p '$T/all.due' | grep -q '^ *3 '"
L tasks --limit=3 status:doing >"$T/lim"
is "--limit=N with a filter" "$(tail -n +2 "$T/lim" | awk '{print $1}' | tr '\n' ' ')" "5 199 200 "
# the options after the filter words too
L tasks status:doing --limit 3 --sort position >"$T/lim2"
ok "options after the filter words: the same rows" -- cmp "$T/lim" "$T/lim2"
L tasks -- --limit >"$T/out" 2>"$T/err"
is "after --, --limit is a filter word: a task list, no usage error" "$?" 0

for bad in "--limit 0" "--limit abc" "--limit -3" "--limit"; do
	# shellcheck disable=SC2086
	L tasks $bad >"$T/out" 2>"$T/err"
	is "tasks $bad refused with status 2" "$?" 2
	is "tasks $bad: one line on stderr" "$(wc -l <"$T/err")" 1
	is "tasks $bad: nothing on stdout" "$(wc -c <"$T/out")" 0
done

# Grouped by unit: --limit N is the first N rows of tasks of the full
# grouped listing, under the same headings, and the same totals after.
for id in 10 11 250 251 1200 2398; do
	L set "$id" unit=宣传部 assist=纪委、组织部 >/dev/null
done
L set 12 unit= assist=纪委 >/dev/null
for sort in position due status; do
	L tasks --by unit --sort "$sort" >"$T/byall.$sort"
	for n in 1 5 201 2400; do
		L tasks --sort "$sort" --by unit --limit "$n" >"$T/by"
		is "--by unit --sort $sort --limit $n: $n rows of tasks" \
			"$(grep -c '^  ' "$T/by")" "$n"
		head -n "$(($(wc -l <"$T/by") - 2))" "$T/by" >"$T/got"
		head -n "$(wc -l <"$T/got")" "$T/byall.$sort" >"$T/want"
		ok "--by unit --sort $sort --limit $n: the start of the full listing" -- cmp "$T/want" "$T/got"
		is "--by unit --sort $sort --limit $n: the totals of the whole list" \
			"$(tail -n 1 "$T/by")" "$(tail -n 1 "$T/byall.$sort")"
	done
done
is "--by unit: the tasks once each, and the units" "$(tail -n 1 "$T/byall.position")" \
	"2400 tasks, 4 units"
is "--by unit: 纪委 assists 7 tasks" "$(grep -c '^纪委 — lead 0, assisting 7:' "$T/byall.due")" 1
L tasks --by team >"$T/out" 2>"$T/err"
is "--by team refused" "$?" 2

# Rows come out before the last page is read: the reader changes the
# last task's title after the first line; the listing, held back by the
# full pipe meanwhile, shows the new title. (Read at once and printed
# after, it would show the old one.)
L tasks | {
	IFS= read -r first
	L set 2400 title=读到末页前已改 >/dev/null
	cat
} >"$T/stream"
is "streamed: every row" "$(wc -l <"$T/stream")" 2400
ok "streamed: the last page read after the reader's change" -- grep -q '读到末页前已改' "$T/stream"

# A reader that stops early ends the listing as a closed pipe ends any
# tool: by SIGPIPE (141), or where SIGPIPE is ignored, a quiet EPIPE.
(
	L tasks 2>"$T/err1"
	echo $? >"$T/rc1"
) | head -n 5 >"$T/head"
is "| head -n 5: five lines" "$(wc -l <"$T/head")" 5
is "| head -n 5: ended by SIGPIPE" "$(cat "$T/rc1")" 141
is "| head -n 5: nothing on stderr" "$(wc -c <"$T/err1")" 0
(
	trap '' PIPE
	L tasks 2>"$T/err2"
	echo $? >"$T/rc2"
) | head -n 5 >/dev/null
is "SIGPIPE ignored: exit 1" "$(cat "$T/rc2")" 1
is "SIGPIPE ignored: nothing on stderr" "$(wc -c <"$T/err2")" 0
# Grouped, the listing after its first rows comes from one pass of the
# whole list, spooled by group to a temporary file: read after the first
# rows went out (the reader's change shows), stopped by a reader gone,
# and a temporary file that cannot be made is one sentence (exit 1).
L tasks --by unit | {
	IFS= read -r first
	L set 2400 title=分组读到末页前已改 >/dev/null
	cat
} >"$T/stream"
is "grouped, streamed: every row" "$(grep -c '^  ' "$T/stream")" "$(grep -c '^  ' "$T/byall.position")"
ok "grouped, streamed: the pass read after the reader's change" -- grep -q '分组读到末页前已改' "$T/stream"
(
	L tasks --by unit 2>"$T/err3"
	echo $? >"$T/rc3"
) | head -n 5 >"$T/head"
is "--by unit | head -n 5: five lines" "$(wc -l <"$T/head")" 5
is "--by unit | head -n 5: ended by SIGPIPE" "$(cat "$T/rc3")" 141
is "--by unit | head -n 5: nothing on stderr" "$(wc -c <"$T/err3")" 0
TMPDIR=$T/absent L tasks --by unit >"$T/out" 2>"$T/err"
is "--by unit, no temporary file: exit 1" "$?" 1
is "--by unit, no temporary file: one line on stderr" "$(wc -l <"$T/err")" 1
ok "--by unit, no temporary file: it says where" -- grep -q "$T/absent" "$T/err"
ok "--by unit, no temporary file: it says the listing stops there" -- grep -q "listing stops here" "$T/err"
done_testing
