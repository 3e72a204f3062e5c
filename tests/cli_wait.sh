#!/bin/sh
# End to end (issue 7, case 9): a change that finds the database locked
# waits (up to $LUOSHI_WAIT seconds, default 60) instead of failing after
# 5 s, says once on stderr that it waits and for whom, and a long import
# holds the lock only while it writes, so colleagues' changes all get in.
. "${srcdir:-.}/tests/lib.sh"
command -v python3 >/dev/null || { echo "1..0 # SKIP python3 is needed to hold the lock"; exit 77; }
L() { timeout 120 "$LUOSHI" "$@"; }
L import --no-tasks "$SEED" >/dev/null 2>&1
node=$(L outline 1 | awk '/1\.建立健全/ {print $1}')
task=$(L add "$node" "等锁的任务" | sed -n 's/^added task \([0-9]*\)$/\1/p')
owner() { L show "$task" | awk '$1 == "owner" {print $2}'; }

# hold SECONDS [WHAT [CODE]]: another writer holds the lock (and, with
# WHAT, says who it is the way luoshi's long writers do: WHAT is the
# sentence older readers show, CODE what it does by a code, "import<TAB>
# FILE", which readers translate); returns once it does
cat >"$T/hold.py" <<'PY'
import os, sqlite3, sys, time
db, secs = sys.argv[1], float(sys.argv[2])
c = sqlite3.connect(db, isolation_level=None)
c.execute("BEGIN IMMEDIATE")
side = db + "-writer"
if len(sys.argv) > 3:
    with open(side + ".tmp", "w") as f:
        f.write("luoshi-writer 1\n%d\nalice\n%d\n%s\n" % (os.getpid(), int(time.time()), sys.argv[3]))
        if len(sys.argv) > 4:  # the code line luoshi writes after the sentence
            f.write(sys.argv[4] + "\n")
    os.rename(side + ".tmp", side)
open(sys.argv[1] + ".held", "w").close()
time.sleep(secs)
if len(sys.argv) > 3:
    os.unlink(side)
c.execute("COMMIT")
PY
# On PostgreSQL another user's change holds the task's row (FOR UPDATE)
# instead: the server makes us wait, up to LUOSHI_WAIT (lock_timeout);
# nobody is named (the side file is SQLite's).
hold_pg() {
	psql -X -q -d "$LUOSHI_DB" -c "BEGIN" \
		-c "SELECT id FROM tasks WHERE id = $task FOR UPDATE" \
		-c "SELECT pg_sleep($1)" -c "COMMIT" >/dev/null &
	holder=$!
	i=0
	while [ "$(psql -X -A -t -d "$LUOSHI_DB" -c "SELECT count(*) FROM pg_stat_activity
		WHERE wait_event = 'PgSleep' AND datname = current_database()")" != 1 ] &&
		[ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}
hold() {
	if on_pg; then
		hold_pg "$1"
		return
	fi
	rm -f "$LUOSHI_DB.held"
	python3 "$T/hold.py" "$LUOSHI_DB" "$@" &
	holder=$!
	i=0
	while [ ! -e "$LUOSHI_DB.held" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
}
# named DESCRIPTION -- COMMAND: a check of what luoshi says about the
# writer it waits for, which only SQLite's side file tells
named() {
	if on_pg; then
		skip_check "$1" "SQLite only: a writer on the server is not named"
	else
		ok "$@"
	fi
}

# --- a long writer that says who it is: we wait for it and say so, once
hold 3 "importing 大文件.txt"
L set "$task" owner=张三 >"$T/out" 2>"$T/err"
rc=$?
wait $holder
is "waiting for a long writer: the change gets in" "$rc" 0
named "waiting: one line on stderr" -- test "$(wc -l <"$T/err")" = 1
named "waiting: it names the writer and what it does" -- \
	grep -q "waiting for the database: alice is importing 大文件.txt (pid [0-9]*, since " "$T/err"
named "waiting: it says how long it will wait and which setting says so" -- \
	grep -q "waiting up to 60 s (LUOSHI_WAIT)" "$T/err"
is "the change was made" "$(owner)" 张三

# --- what the writer does is read in the reader's language: the side
# file says it by a code; one written before the code line came, or with a
# code this luoshi does not know, is shown as it was written
tab=$(printf '\t')
waits_for() { # LOCALE WHAT [CODE]: what a change waiting in LOCALE says
	hold 2 "$2" ${3:+"$3"}
	LANG=$1 LC_ALL=$1 L set "$task" owner="$1" >"$T/out" 2>"$T/err"
	rc=$?
	wait $holder
	is "waiting in $1 for \"$2\": the change gets in" "$rc" 0
}
if have_locale zh_CN.UTF-8; then
	waits_for zh_CN.UTF-8 "importing 大文件.txt" "import${tab}大文件.txt"
	named "a Chinese reader reads the import in Chinese" -- \
		grep -q "等待数据库：alice 正在导入 大文件.txt（" "$T/err"
	waits_for zh_CN.UTF-8 "upgrading it to schema 10" "upgrade${tab}10"
	named "and an upgrade" -- grep -q "alice 正在将其升级到第 10 版结构（" "$T/err"
	waits_for zh_CN.UTF-8 "importing 旧文件.txt"
	named "an old record without a code: as written" -- \
		grep -q "alice 正在importing 旧文件.txt（" "$T/err"
	waits_for zh_CN.UTF-8 "reindexing it" "reindex${tab}x"
	named "a code it does not know: the sentence as written" -- \
		grep -q "alice 正在reindexing it（" "$T/err"
else
	skip_check "a Chinese reader reads the import in Chinese" "no zh_CN.UTF-8 locale"
fi
waits_for C.UTF-8 "导入 大文件.txt" "import${tab}大文件.txt"
named "an English reader of a Chinese writer's record reads English" -- \
	grep -q "waiting for the database: alice is importing 大文件.txt (pid" "$T/err"
waits_for C.UTF-8 "导入 旧文件.txt"
named "an old Chinese record without a code: as written" -- \
	grep -q "waiting for the database: alice is 导入 旧文件.txt (pid" "$T/err"
L set "$task" owner=张三 >/dev/null # as the checks below expect

# --- LUOSHI_WAIT shorter than the lock: one sentence naming the writer
hold 4 "importing 大文件.txt"
LUOSHI_WAIT=1 L set "$task" owner=李四 >"$T/out" 2>"$T/err"
rc=$?
wait $holder
is "LUOSHI_WAIT=1 against a 4 s lock: exit 1" "$rc" 1
named "the failure names the writer" -- grep -q "stayed locked by alice (importing 大文件.txt, pid" "$T/err"
ok "and says nothing was changed" -- grep -q "nothing was changed" "$T/err"
is "and nothing was" "$(owner)" 张三
if have_locale zh_CN.UTF-8; then
	# the same in Chinese: the writer in brackets, the rest without
	# brackets around them (the tryout read 被锁定（…），正在…）)
	hold 3 "importing 大文件.txt" "import${tab}大文件.txt"
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LUOSHI_WAIT=1 L set "$task" owner=李四 >"$T/out" 2>"$T/err"
	wait $holder
	named "zh: the failure names the writer, brackets not nested" -- \
		sh -c "grep -q '被锁定（alice：导入 大文件.txt，进程 [0-9]*，自 .* 起）达 .* 秒，当时正在' '$T/err' &&
		       ! grep -q '（[^）]*（' '$T/err'"
fi

# --- a writer that says nothing (another user's short change, SQLite's
# own lock): after a second we say we wait for "another user"
hold 2.5
L set "$task" owner=王五 >"$T/out" 2>"$T/err"
rc=$?
wait $holder
is "waiting for an unnamed writer: the change gets in" "$rc" 0
named "waiting for another user: said once" -- \
	sh -c "test \$(wc -l <'$T/err') = 1 && grep -q 'another user is changing it' '$T/err'"

# --- a record left by a writer that is gone is ignored
if on_pg; then
	skip_check "a stale record: the change gets in" "SQLite only: the side file"
	skip_check "and the gone writer is not named" "SQLite only: the side file"
else
	sh -c 'exit 0' &
	gone=$!
	wait $gone
	printf 'luoshi-writer 1\n%s\nghost\n0\nimporting 旧文件.txt\n' "$gone" >"$LUOSHI_DB-writer"
	hold 2
	L set "$task" owner=赵六 >"$T/out" 2>"$T/err"
	rc=$?
	wait $holder
	rm -f "$LUOSHI_DB-writer"
	is "a stale record: the change gets in" "$rc" 0
	ok "and the gone writer is not named" -- sh -c "! grep -q ghost '$T/err'"
fi

# --- the setting
LUOSHI_WAIT=soon L set "$task" owner=x >"$T/out" 2>"$T/err"
is "LUOSHI_WAIT that is not a number: usage error" "$?" 2
ok "with one sentence" -- grep -q "LUOSHI_WAIT must be a number of seconds" "$T/err"
hold 2
LUOSHI_WAIT=0 L set "$task" owner=x >"$T/out" 2>"$T/err"
rc=$?
wait $holder
is "LUOSHI_WAIT=0: no waiting, exit 1" "$rc" 1

# --- a real import: it plans without the lock and writes in one short
# transaction; writers meanwhile all get in, readers are never blocked
mkdir -p "$T/gen"
awk -v docs=20 -v sec=10 -v mea=10 -v sen=10 -v out="$T/gen" -f "$top_srcdir/bench/gen.awk"
cat "$T"/gen/*.txt >"$T/big.txt"
L import "$T/big.txt" >"$T/imp.out" 2>"$T/imp.err" &
importer=$!
writers=""
for w in 1 2 3 4; do
	(
		fails=0
		for i in 1 2 3 4 5 6 7 8; do
			"$LUOSHI" set "$task" "assist=写者$w-$i" >/dev/null 2>>"$T/w$w.err" || fails=$((fails + 1))
		done
		echo "$fails" >"$T/w$w.fails"
	) &
	writers="$writers $!"
done
L tasks "node:$node" >"$T/read.out" 2>"$T/read.err"
rc=$?
# shellcheck disable=SC2086
wait $writers
wait $importer
is "the import succeeded" "$?" 0
ok "it imported the 20 documents' text" -- grep -q "as document 2: " "$T/imp.out"
is "a reader during the import was not blocked" "$rc" 0
is "every writer's change got in (failures)" "$(cat "$T"/w?.fails | awk '{s += $1} END {print s}')" 0
ok "no writer printed an error" -- sh -c "! grep -h 'luoshi: ' '$T'/w?.err | grep -v 'waiting for the database'"
is "32 changes recorded" "$(L history "$task" | grep -c 'assist')" 32
if on_pg; then
	skip_check "the database is sound" "SQLite only: PRAGMA integrity_check"
else
	ok "the database is sound" -- python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
sys.exit(0 if c.execute('PRAGMA integrity_check').fetchone()[0] == 'ok' else 1)" "$LUOSHI_DB"
fi

done_testing
