#!/bin/sh
# The task counts the store keeps (schema 7: node_counts per node and
# status, doc_counts per document, lead unit, status and open due date)
# are always what counting the tasks gives. Many random changes through
# the command line and the screens - add, done, set status, unit and due,
# delete (screens), undo, import, import --replace, 销号 close and reopen,
# reports and done on a monthly task across periods - each followed by a
# recount with GROUP BY over the tasks (sqlite3 or psql on the store); the
# document list's done/tasks are compared with the recount too. Then the
# counts are dropped and schema 7 is built again from the tasks as an
# upgrade does. COUNTS_SEED=N replays a run; COUNTS_STEPS its length.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }
on() { LUOSHI_NOW=$(date -u -d "$1 12:00:00" +%s); export LUOSHI_NOW; }
me=$(id -un)
SEED_N=${COUNTS_SEED:-$(date +%s)}
STEPS=${COUNTS_STEPS:-70}
echo "# seed $SEED_N (COUNTS_SEED=$SEED_N replays this run)"

# what a task is counted under in doc_counts (db_schema.c, COUNT_DUE)
OPEN_DUE="CASE WHEN t.status NOT IN ('done','closed','ongoing','dropped')
	THEN coalesce(t.due, '') ELSE '' END"
KEPT_NODE="SELECT node_id, status, n FROM node_counts"
RECOUNT_NODE="SELECT t.node_id, t.status, count(*) FROM tasks t GROUP BY t.node_id, t.status"
KEPT_DOC="SELECT doc_id, unit, status, due, n FROM doc_counts"
RECOUNT_DOC="SELECT n.doc_id, coalesce(t.unit, ''), t.status, $OPEN_DUE, count(*)
	FROM tasks t JOIN nodes n ON n.id = t.node_id GROUP BY 1, 2, 3, 4"
# done/tasks per document, as `luoshi docs` shows them, from the tasks
RECOUNT_DOCS="SELECT d.id || ' ' ||
	sum(CASE WHEN t.status IN ('done','closed','ongoing') THEN 1 ELSE 0 END) || '/' ||
	sum(CASE WHEN t.status <> 'dropped' THEN 1 ELSE 0 END)
	FROM documents d LEFT JOIN nodes n ON n.doc_id = d.id LEFT JOIN tasks t ON t.node_id = n.id
	GROUP BY d.id ORDER BY d.id"

# differ: the rows of the kept counts and of the recount that the other
# lacks (nothing when they agree), and the document list against the
# recount; prints what differs
differ() {
	db_query "$KEPT_NODE EXCEPT $RECOUNT_NODE" | sed 's/^/kept node row not in the recount: /'
	db_query "$RECOUNT_NODE EXCEPT $KEPT_NODE" | sed 's/^/recounted node row not kept: /'
	db_query "$KEPT_DOC EXCEPT $RECOUNT_DOC" | sed 's/^/kept document row not in the recount: /'
	db_query "$RECOUNT_DOC EXCEPT $KEPT_DOC" | sed 's/^/recounted document row not kept: /'
	L docs | awk 'NR > 1 { s = substr($0, 18, 10); gsub(/ /, "", s); print $1, s }' >"$T/docs.got"
	db_query "$RECOUNT_DOCS" >"$T/docs.want"
	diff "$T/docs.want" "$T/docs.got" | sed 's/^/docs: /'
}

bad=0 nsteps=0
# check WHAT: the counts agree after WHAT
check() {
	nsteps=$((nsteps + 1))
	differ >"$T/differ" 2>&1
	if [ -s "$T/differ" ]; then
		bad=$((bad + 1))
		echo "# after step $nsteps ($1):"
		head -5 "$T/differ" | sed 's/^/#   /'
	fi
}

# random numbers from the seed, one a line; rnd N: one of 0..N-1
awk -v s="$SEED_N" 'BEGIN { srand(s); for (i = 0; i < 5000; i++) print int(rand() * 1000000) }' \
	>"$T/random"
rline=0
# rnd N: R = one of 0..N-1 (a variable, not output: $(...) would run it in
# a subshell, which would not move on to the next number)
rnd() {
	rline=$((rline + 1))
	R=$(($(sed -n "${rline}p" "$T/random") % $1))
}
# pick FILE: P = a random line of FILE (empty when it is empty)
pick() {
	P=
	_n=$(wc -l <"$1")
	[ "$_n" -gt 0 ] || return 0
	rnd "$_n"
	P=$(sed -n "$((R + 1))p" "$1")
}
# word LIST: P = a random word of LIST
word() {
	echo "$1" | tr ' ' '\n' >"$T/words"
	pick "$T/words"
}
ids() { db_query "SELECT id FROM tasks ORDER BY id" >"$T/ids"; }
nodes() { db_query "SELECT id FROM nodes WHERE kind IN ('item','section','article') ORDER BY id" >"$T/nodes"; }
# due: P = a date in 2026
due() {
	rnd 12
	_m=$((R + 1))
	rnd 28
	P=$(printf '2026-%02d-%02d' $_m $((R + 1)))
}

on 2026-03-10
L config reviewers="$me" >/dev/null
L import "$SEED" >/dev/null 2>&1
check "import"
L import "${srcdir:-.}/tests/corpus/gov-cn/doc02.txt" >/dev/null 2>&1
check "a second import"
ok "two documents with tasks" -- test "$(db_query "SELECT count(DISTINCT doc_id) FROM doc_counts")" = 2
# an import counts a new document's tasks once (schema 14), the per-task
# triggers paused in its transaction alone: several in one run, then the
# triggers are back for every other change (the steps below)
c="${srcdir:-.}/tests/corpus/gov-cn"
L import "$c/doc06.txt" "$c/doc07.txt" "$c/doc08.txt" >/dev/null 2>&1
differ >"$T/differ" 2>&1
ok "three imports in one run: their counts, written per document, equal a recount" -- \
	sh -c "! test -s '$T/differ'"
sed 's/^/# /' "$T/differ" | head -5
ok "and they count tasks of five documents" -- \
	test "$(db_query "SELECT count(DISTINCT doc_id) FROM doc_counts")" = 5
if ! on_pg; then
	is "no pause is left behind" "$(db_query "SELECT count(*) FROM import_pause")" 0
fi
nodes
monthly=$(L add "$(sed -n 2p "$T/nodes")" 月度报送工作进展 unit=办公室 due=2026-03-31 recurrence=monthly |
	grep -o '[0-9][0-9]*' | head -1)
check "a monthly task added"
month=3
replaced=0
added=0

# the revised seed: measure 15's text changed, measure 12 removed (its
# tasks that carry work move to their new home)
sed 's/主动查找“表现在基层、根子在上面”的问题/主动查找“表现在基层、根子在上面”的突出问题/' \
	"$SEED" >"$T/rev1.txt"
sed '/^12\./d' "$T/rev1.txt" >"$T/rev2.txt"

# did KIND COMMAND...: run COMMAND (quietly), counting in n_KIND when it
# succeeded, so that the end can tell that every kind of change happened
did() {
	_k=$1
	shift
	"$@" >/dev/null 2>&1 && eval "n_$_k=\$((\${n_$_k:-0} + 1))"
	return 0
}

i=0
while [ $i -lt "$STEPS" ]; do
	i=$((i + 1))
	ids
	pick "$T/ids"
	id=$P
	# the first 12 steps take every kind of change once, the rest at random
	if [ $i -le 12 ]; then R=$((i - 1)); else rnd 12; fi
	case $R in
	0 | 1)
		nodes
		pick "$T/nodes"
		node=$P
		added=$((added + 1))
		word "组织部 宣传部 办公室 纪委监委"
		set -- unit="$P"
		rnd 3
		if [ "$R" -gt 0 ]; then
			due
			set -- "$@" due="$P"
		fi
		did add L add "$node" "计数任务$added" "$@"
		what="add 计数任务$added $*" ;;
	2)
		did done L done "$id"
		what="done $id" ;;
	3)
		word "todo doing done ongoing blocked dropped"
		did status L set "$id" status="$P"
		what="set $id status=$P" ;;
	4)
		word "组织部 宣传部 办公室 纪委监委"
		u=$P
		due
		did unit_due L set "$id" unit="$u" due="$P"
		what="set $id unit=$u due=$P" ;;
	5 | 6)
		did undo L undo
		what="undo" ;;
	7)
		# delete one of the added tasks on the screens (d y in the task
		# list filtered to its title)
		db_query "SELECT title FROM tasks WHERE title LIKE '计数任务%'" >"$T/titles"
		pick "$T/titles"
		[ -n "$P" ] || continue
		printf 'T\nf\n:type %s\n<Enter>\nd\ny\n' "$P" >"$T/keys"
		LUOSHI_TEST_SCREEN=1 LUOSHI_TEST_KEYS="$T/keys" COLUMNS=80 LINES=24 TERM=vt100 \
			timeout 30 "$LUOSHI" >/dev/null 2>&1
		[ "$(db_query "SELECT count(*) FROM tasks WHERE title = '$P'")" = 0 ] && did delete true
		what="delete $P (screens)" ;;
	8)
		replaced=$((replaced + 1))
		case $((replaced % 3)) in
		1) f=$T/rev1.txt ;; 2) f=$T/rev2.txt ;; 0) f=$SEED ;;
		esac
		did replace L import --replace "$f"
		what="import --replace $(basename "$f")" ;;
	9)
		L done "$id" >/dev/null 2>&1
		did close L close "$id" 会议纪要
		what="done and close $id" ;;
	10)
		db_query "SELECT id FROM tasks WHERE status IN ('closed','done')" >"$T/closed"
		pick "$T/closed"
		[ -n "$P" ] || continue
		did reopen L reopen "$P" 佐证材料不全
		what="reopen $P" ;;
	11)
		# the monthly task: a report and done for this month, then the next
		[ "$month" -lt 12 ] || continue
		on "2026-$(printf %02d $month)-20"
		L report "$monthly" --percent 50 "第${month}月进展" >/dev/null 2>&1 &&
			did period L done "$monthly"
		month=$((month + 1))
		what="report and done, month $((month - 1))" ;;
	esac
	check "$what"
done
is "the kept counts equal a recount after every one of $nsteps steps" "$bad" 0
for k in add done status unit_due undo delete replace close reopen period; do
	eval "n=\${n_$k:-0}"
	echo "# $k: $n"
	ok "the steps made changes of kind $k" -- test "$n" -gt 0
done
ok "a document count of the list is more than zero" -- grep -q '[1-9]' "$T/docs.got"

# --- luoshi copy: the copy's triggers count what it inserts ---
L copy "$LUOSHI_DB" "$T/copy.db" >/dev/null 2>"$T/copy.err"
is "copy to a file: exit 0" "$?" 0
(LUOSHI_TEST_DB= LUOSHI_DB=$T/copy.db && export LUOSHI_DB && differ) >"$T/differ" 2>&1
ok "the file's counts equal its recount" -- sh -c "! test -s '$T/differ'"
sed 's/^/# /' "$T/differ" | head -5
ok "and they count every task" -- test "$(sqlite3 "$T/copy.db" "SELECT sum(n) FROM doc_counts")" = \
	"$(db_query "SELECT count(*) FROM tasks")"
if on_pg; then
	pg_newdb "$LUOSHI_TEST_PG_HOST" "${_db}_back"
	back="host=$LUOSHI_TEST_PG_HOST dbname=${_db}_back"
	L copy "$T/copy.db" "$back" >/dev/null 2>"$T/copy.err"
	is "copy back to a new PostgreSQL store: exit 0" "$?" 0
	(LUOSHI_DB=$back && differ) >"$T/differ" 2>&1
	ok "its counts equal its recount" -- sh -c "! test -s '$T/differ'"
	sed 's/^/# /' "$T/differ" | head -5
fi

# --- the upgrade builds the counts from the tasks ---
current=$(L init | sed -n 's/.*schema \([0-9]*\))$/\1/p')
if on_pg; then
	db_query "DROP TRIGGER tasks_count ON tasks; DROP FUNCTION luoshi_tasks_count();
		DROP FUNCTION luoshi_count(bigint, text, text, text, integer);
		DROP TABLE node_counts; DROP TABLE doc_counts; DROP INDEX tasks_place; DROP INDEX documents_list; DROP INDEX tasks_assisted;
		ALTER TABLE tasks DROP COLUMN text_at; ALTER TABLE tasks DROP COLUMN text_len;
		ALTER TABLE tasks DROP COLUMN title_at; ALTER TABLE tasks DROP COLUMN title_len;
		DROP INDEX documents_number_trgm; DROP INDEX nodes_head_trgm; DROP INDEX nodes_closing;
		UPDATE meta SET value = '6' WHERE key = 'schema'" >/dev/null
else
	db_query "DROP TRIGGER tasks_count_i; DROP TRIGGER tasks_count_d; DROP TRIGGER tasks_count_u;
		DROP TABLE node_counts; DROP TABLE doc_counts; DROP INDEX tasks_place; DROP INDEX documents_list; DROP INDEX tasks_assisted;
		DROP TABLE import_pause; DROP TRIGGER doc_total_i; DROP TRIGGER doc_total_d; DROP TABLE doc_total; DROP INDEX nodes_closing;
		PRAGMA user_version = 6" >/dev/null
	# and back from 11: the sentences written out, the columns gone (the
	# titles written out too; their columns stay, as a table CHECK names
	# them: 13's rebuild copies the titles into its own). sqlite3
	# knows no luoshi tokenizer, and DROP COLUMN checks every trigger: those
	# that feed the full-text indexes are set aside meanwhile. The nodes'
	# one goes back to its form before 14 (which paused it for imports).
	others="type = 'trigger' AND name NOT LIKE 'tasks_%' AND name <> 'nodes_slices'"
	feeds=$(db_query "SELECT sql || ';' FROM sqlite_schema WHERE $others")
	drops=$(db_query "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema WHERE $others")
	db_query "DROP TRIGGER nodes_slices; DROP TRIGGER tasks_fts_i; DROP TRIGGER tasks_fts_d;
		DROP TRIGGER tasks_fts_u; DROP VIEW tasks_text; DROP VIEW nodes_text;
		UPDATE tasks SET text = (SELECT substr(body, text_at + 1, text_len) FROM nodes
			WHERE id = tasks.node_id) WHERE text IS NULL AND text_at IS NOT NULL;
		UPDATE tasks SET title = (SELECT substr(body, title_at + 1, title_len) FROM nodes
			WHERE id = tasks.node_id), title_at = NULL, title_len = NULL
			WHERE title IS NULL AND title_at IS NOT NULL;
		$drops
		ALTER TABLE tasks DROP COLUMN text_at; ALTER TABLE tasks DROP COLUMN text_len;
		$feeds
		DROP TRIGGER nodes_fts_i;
		CREATE TRIGGER nodes_fts_i AFTER INSERT ON nodes BEGIN
		INSERT INTO nodes_fts(rowid, label, heading, body)
		VALUES (new.id, new.label, new.heading, new.body); END;" >/dev/null
fi
L init >"$T/init.out" 2>&1
ok "luoshi init upgrades the store from 6 to the current schema ($current)" -- grep -q "schema $current)" "$T/init.out"
differ >"$T/differ" 2>&1
ok "upgraded to 7: the counts built from the tasks equal the recount" -- sh -c "! test -s '$T/differ'"
sed 's/^/# /' "$T/differ" | head -5
ok "and they are there" -- test "$(db_query "SELECT sum(n) FROM node_counts")" = \
	"$(db_query "SELECT count(*) FROM tasks")"
on_pg || ok "upgraded to 15: the documents counted" -- test "$(db_query "SELECT n FROM doc_total")" = \
	"$(db_query "SELECT count(*) FROM documents")"
done_testing
