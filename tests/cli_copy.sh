#!/bin/sh
# End to end: luoshi init makes a store and says which; luoshi copy FROM TO
# moves a whole store between engines (the run's store to a file and back
# into a new store of the run's engine: with LUOSHI_TEST_DB=postgresql,
# PostgreSQL -> SQLite -> PostgreSQL) with everything and its ids intact,
# and refuses a target that already holds documents.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }
export LUOSHI_NOW=1780000000
if on_pg; then engine=PostgreSQL; else engine=SQLite; fi

L init >"$T/init.out" 2>"$T/init.err"
is "init: exit 0" "$?" 0
ok "init: says the store is ready, its engine and schema" -- \
	grep -q "is ready ($engine, schema [0-9]*)$" "$T/init.out"
is "init: an empty store (the bundled document is not imported)" \
	"$(db_query 'SELECT count(*) FROM documents')" 0
L init >"$T/init2.out"
is "init again: the same sentence (nothing to do)" "$(cat "$T/init2.out")" "$(cat "$T/init.out")"

# two at once on a store that is not there yet: both succeed, it is made
# once (a file published by link; on a server, under an advisory lock)
if on_pg; then
	pg_newdb "$LUOSHI_TEST_PG_HOST" "${_db}_two"
	two="host=$LUOSHI_TEST_PG_HOST dbname=${_db}_two"
else
	two=$T/two.db
fi
L --db "$two" init >"$T/two1" 2>&1 &
p1=$!
L --db "$two" init >"$T/two2" 2>&1 &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
is "two inits at once: both succeed" "$r1 $r2" "0 0"
ok "both say the store is ready" -- sh -c "grep -q 'is ready ($engine, schema' '$T/two1' && grep -q 'is ready ($engine, schema' '$T/two2'"
is "the store is there once, at the current schema" "$(L --db "$two" init | sed 's/.* is ready/is ready/')" \
	"$(sed 's/.* is ready/is ready/' "$T/init.out")"

# a store with some life in it: tasks changed, a note, a task deleted, an undo
L import "$SEED" >/dev/null 2>&1
L set 1 owner=张三 status=doing >/dev/null
L note 2 "已召开专题会议" >/dev/null
L done 3 >/dev/null
L add 1 "临时任务" >/dev/null # and undone: the highest id is gone
L undo >/dev/null
L set 4 owner=李四 >/dev/null
L undo >/dev/null
# the 督办 record too: a report for a period, a 销号 and the periods done
L report 5 --period 2026-04 --percent 30 "已部署" >/dev/null
L done 5 >/dev/null
L close 5 "会议纪要" >/dev/null
L set 6 recur=monthly due=2026-05-31 cycle=quarterly recheck=2026-12-31 >/dev/null
L done 6 >/dev/null
L config late-levels=5,20 >/dev/null
L config >"$T/a.config"
L export --format json >"$T/a.json"
L history >"$T/a.hist"
ok "the store has tasks to copy" -- test "$(L tasks | wc -l)" -gt 5

# --- the run's store into a file
L copy "$LUOSHI_DB" "$T/copy.db" >"$T/copy.out" 2>"$T/copy.err"
is "copy to a file: exit 0" "$?" 0
ok "copy: says what it copied and that the counts match" -- \
	grep -q "^copied .* to $T/copy.db: 1 documents, [0-9]* nodes, [0-9]* tasks, 1 notes, [0-9]* history rows, [0-9]* reading positions, 1 progress reports, [1-9][0-9]* periods done, 1 reviews, 1 settings; the counts match$" "$T/copy.out"
LUOSHI_DB=$T/copy.db L export --format json >"$T/b.json"
LUOSHI_DB=$T/copy.db L history >"$T/b.hist"
ok "the file holds the same export" -- cmp "$T/a.json" "$T/b.json"
ok "and the same history" -- cmp "$T/a.hist" "$T/b.hist"
LUOSHI_DB=$T/copy.db L config >"$T/b.config"
ok "and the same settings" -- cmp "$T/a.config" "$T/b.config"
# Every table of the schema, row by row (a table a migration adds and the
# copy forgets fails here), but the change log, which starts afresh, and
# the search indexes, which are built from the rows.
if ! on_pg; then
	bad=
	for t in $(sqlite3 "$LUOSHI_DB" "SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT GLOB '*_fts*' AND name NOT IN ('changes', 'sqlite_sequence')"); do
		# sorted as text: a table may have a single column
		sqlite3 "$LUOSHI_DB" "SELECT * FROM $t" 2>&1 | LC_ALL=C sort >"$T/t.a"
		sqlite3 "$T/copy.db" "SELECT * FROM $t" 2>&1 | LC_ALL=C sort >"$T/t.b"
		cmp -s "$T/t.a" "$T/t.b" || bad="$bad $t"
	done
	is "every table copied row by row (those that differ)" "$bad" ""
	is "the id counters too" "$(sqlite3 "$T/copy.db" "SELECT name, seq FROM sqlite_sequence WHERE name <> 'changes' ORDER BY 1")" \
		"$(sqlite3 "$LUOSHI_DB" "SELECT name, seq FROM sqlite_sequence WHERE name <> 'changes' ORDER BY 1")"
fi
is "the file is a SQLite store" "$(LUOSHI_DB=$T/copy.db L init)" \
	"the database $T/copy.db is ready (SQLite, schema $(sed -n 's/.*schema \([0-9]*\))$/\1/p' "$T/init.out"))"

# --- and back into a new store of the run's engine
if on_pg; then
	back_name=${_db}_back
	pg_newdb "$LUOSHI_TEST_PG_HOST" "$back_name"
	back="host=$LUOSHI_TEST_PG_HOST dbname=$back_name"
else
	back=$T/back.db
fi
L copy "$T/copy.db" "$back" >"$T/back.out" 2>"$T/back.err"
is "copy back: exit 0" "$?" 0
LUOSHI_DB=$back L export --format json >"$T/c.json"
LUOSHI_DB=$back L history >"$T/c.hist"
ok "back: the same export as the first store" -- cmp "$T/a.json" "$T/c.json"
ok "back: the same history" -- cmp "$T/a.hist" "$T/c.hist"
# ids go on from where they were: a new task gets the same id in both
n1=$(L add 1 "复制后的任务" | sed -n 's/^added task \([0-9]*\)$/\1/p')
n2=$(LUOSHI_DB=$back L add 1 "复制后的任务" | sed -n 's/^added task \([0-9]*\)$/\1/p')
ok "a new task in the copy gets the next id, as in the first store" -- \
	sh -c "test -n '$n1' && test '$n1' = '$n2'"

# --- a file whose titles and sentences are slices of their nodes' bodies
# (schemas 11 and 13), one of each edited (stored as written), copied into
# a new store of the run's engine: users see the same tasks there. On
# PostgreSQL every title and sentence is written out into its column.
sl=$T/slices.db
LUOSHI_DB=$sl L import "$SEED" >/dev/null 2>&1
LUOSHI_DB=$sl L set 2 title=改过的标题 text=改过的句子 >/dev/null
ok "the file keeps most titles as slices" -- test "$(sqlite3 "$sl" "SELECT count(*) FROM tasks
	WHERE title IS NULL AND title_at IS NOT NULL")" -gt 20
is "and the edited one as written" "$(sqlite3 "$sl" "SELECT title || ' ' || coalesce(title_at, '-')
	FROM tasks WHERE id = 2")" "改过的标题 -"
# a word of a title kept as a slice, to search for
word=$(sqlite3 "$sl" "SELECT substr(n.body, t.title_at + 1, 4) FROM tasks t JOIN nodes n
	ON n.id = t.node_id WHERE t.title_at IS NOT NULL ORDER BY t.id LIMIT 1")
if on_pg; then
	pg_newdb "$LUOSHI_TEST_PG_HOST" "${_db}_sl"
	slc="host=$LUOSHI_TEST_PG_HOST dbname=${_db}_sl"
else
	slc=$T/slices_copy.db
fi
L copy "$sl" "$slc" >"$T/sl.out" 2>"$T/sl.err"
is "copy of the file with slices: exit 0" "$?" 0
for what in "export --format json" "history" "tasks" "show 2" "search $word" "search 改过的标题"; do
	# shellcheck disable=SC2086
	LUOSHI_DB=$sl L $what >"$T/sl.a" 2>&1
	# shellcheck disable=SC2086
	LUOSHI_DB=$slc L $what >"$T/sl.b" 2>&1
	ok "the copy shows the same: $what" -- cmp "$T/sl.a" "$T/sl.b"
done
ok "the searches find something" -- sh -c "LUOSHI_DB='$sl' '$LUOSHI' search '$word' | grep -q '^task'"
if on_pg; then
	is "PostgreSQL: every title and sentence in its column" "$(LUOSHI_DB=$slc db_query "SELECT
		count(*) FROM tasks WHERE title IS NULL OR title_at IS NOT NULL OR text_at IS NOT NULL")" 0
else
	is "SQLite: the slices copied as they are" "$(sqlite3 "$slc" "SELECT count(*) FROM tasks
		WHERE title_at IS NOT NULL")" "$(sqlite3 "$sl" "SELECT count(*) FROM tasks WHERE title_at IS NOT NULL")"
fi

# --- a target that holds documents: refused in one sentence, unchanged
L copy "$LUOSHI_DB" "$T/copy.db" >"$T/again.out" 2>"$T/again.err"
is "copy into a store with documents: exit 1" "$?" 1
is "one sentence on stderr" "$(wc -l <"$T/again.err")" 1
ok "it says why" -- grep -q "already holds documents" "$T/again.err"
LUOSHI_DB=$T/copy.db L export --format json >"$T/d.json"
ok "the target is unchanged" -- cmp "$T/b.json" "$T/d.json"

# --- bad names
L copy "$T/nosuchdir/x.db" "$T/y.db" >"$T/bad.out" 2>"$T/bad.err"
is "copy from a missing store: exit 1" "$?" 1
is "with one sentence" "$(wc -l <"$T/bad.err")" 1
ok "and no target made" -- test ! -e "$T/y.db"
if on_pg; then
	L --db "postgresql:///x?password=secret" tasks >"$T/pw.out" 2>"$T/pw.err"
	is "a password in the connection string: usage error" "$?" 2
	ok "it says where a password goes instead" -- grep -q "holds a password: put it in ~/.pgpass" "$T/pw.err"
	ok "and does not repeat it" -- sh -c "! grep -q secret '$T/pw.err'"
fi
done_testing
