#!/bin/sh
# End to end: what a database path may name (issue 7, cases 2 and 3). An
# empty file, a link to someone else's file, a device, a FIFO or a
# directory is refused with its own sentence and left exactly as it was; a
# command that only reads never creates a file; a user who cannot enter
# the directory is told so.
. "${srcdir:-.}/tests/lib.sh"
L() { timeout 20 "$LUOSHI" "$@"; }
unset LUOSHI_DB
if [ "$(id -u)" = 0 ]; then
	as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
	# the build tree may sit where nobody may enter (CI clones into a
	# mode-700 directory): the second user runs a copy of the binary
	chmod 755 "$T"
	cp "$LUOSHI" "$T/luoshi-other" && chmod 755 "$T/luoshi-other"
	LUOSHI_OTHER=$T/luoshi-other
else
	as_other=""
fi
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $1"; }

# refused NAME DB PATTERN CMD...: exit 1, one line naming DB and saying why
refused() {
	name=$1 db=$2 pattern=$3
	shift 3
	L --db "$db" "$@" >"$T/out" 2>"$T/err"
	is "$name: exit status 1" "$?" 1
	is "$name: one line on stderr" "$(wc -l <"$T/err")" 1
	ok "$name: the message names the path" -- grep -qF "$db" "$T/err"
	ok "$name: the message says why ($pattern)" -- grep -qE "$pattern" "$T/err"
}

# --- an empty file is not a database, for reading and for writing
mkdir -p "$T/d"
: >"$T/d/empty.db"
refused "empty file, tasks" "$T/d/empty.db" "is an empty file, not a luoshi database" tasks
refused "empty file, import" "$T/d/empty.db" "is an empty file" import "$SEED"
is "the empty file stays empty" "$(wc -c <"$T/d/empty.db")" 0
is "and nothing was made beside it" "$(ls "$T/d")" "empty.db"

# --- a link into someone else's directory, to their empty file (case 2)
mkdir -p "$T/b" "$T/share"
: >"$T/b/empty.conf"
if [ "$(id -u)" = 0 ]; then
	chown 65534:65534 "$T/b" "$T/b/empty.conf"
	ln -s "$T/b/empty.conf" "$T/share/team.db"
	refused "link to another user's empty file, tasks" "$T/share/team.db" \
		"symbolic link to .*empty.conf, which is not yours" tasks
	refused "link to another user's empty file, import" "$T/share/team.db" \
		"which is not yours" import "$SEED"
	is "their file stays empty" "$(wc -c <"$T/b/empty.conf")" 0
	is "their file stays theirs" "$(stat -c %U "$T/b/empty.conf")" nobody
else
	# not root: our own empty file behind the link is still no database
	ln -s "$T/b/empty.conf" "$T/share/team.db"
	refused "link to an empty file, tasks" "$T/share/team.db" "is an empty file" tasks
	is "the file stays empty" "$(wc -c <"$T/b/empty.conf")" 0
fi
# a file of another user that is not empty (root owns /etc/passwd; as
# root, a copy given to nobody)
if [ "$(id -u)" = 0 ]; then
	cp /etc/passwd "$T/b/passwd"
	chown 65534:65534 "$T/b/passwd"
	other="$T/b/passwd"
else
	other=/etc/passwd
fi
sum_before=$(cksum <"$other")
ln -s "$other" "$T/share/other.db"
refused "link to another user's file" "$T/share/other.db" "which is not yours" import "$SEED"
is "their file is unchanged" "$(cksum <"$other")" "$sum_before"
ln -s "$T/nowhere/x.db" "$T/share/dangling.db"
refused "dangling link" "$T/share/dangling.db" "which does not exist" import "$SEED"
ok "nothing was created at the link's target" -- test ! -e "$T/nowhere"

# a link to our own database is followed, and its side files go beside it
L --db "$T/d/real.db" import "$SEED" >/dev/null 2>&1
ln -s "$T/d/real.db" "$T/share/mine.db"
L --db "$T/share/mine.db" docs >"$T/out" 2>"$T/err"
is "a link to our own database: docs works" "$?" 0
ok "and lists its document" -- grep -q "中共中央办公厅" "$T/out"
L --db "$T/share/mine.db" set 1 owner=张三 >/dev/null 2>&1
is "and set writes through it" "$?" 0
is "no side file appears beside the link" "$(ls "$T/share" | grep -c -- '-wal\|-shm\|-journal')" 0

# --- devices, FIFOs and directories never reach SQLite
journal_before=$(test -e /dev/null-journal && echo yes || echo no)
refused "/dev/null, tasks" /dev/null "is a device, not a database file" tasks
refused "/dev/null, import" /dev/null "is a device" import "$SEED"
if [ "$journal_before" = no ]; then
	ok "no /dev/null-journal left behind" -- test ! -e /dev/null-journal
else
	skip "/dev/null-journal was there before this test"
fi
mkfifo "$T/d/fifo.db"
refused "a FIFO (does not hang)" "$T/d/fifo.db" "named pipe \\(FIFO\\)" tasks
mkdir "$T/d/dir.db"
refused "a directory" "$T/d/dir.db" "is a directory, not a database file" import "$SEED"
printf 'just some text\n' >"$T/d/text.db"
refused "a text file" "$T/d/text.db" "is not a luoshi database" tasks

# --- commands that only read never create (but the screens and writers do)
mkdir "$T/new"
for cmd in tasks docs outline show history search export; do
	case $cmd in
	show) args=1 ;; search) args=党课 ;; export) args="--format json" ;; *) args= ;;
	esac
	# shellcheck disable=SC2086
	L --db "$T/new/x.db" $cmd $args >"$T/out" 2>"$T/err"
	is "$cmd on a missing database: exit 1" "$?" 1
	ok "$cmd on a missing database: says there is none" -- \
		grep -qF "there is no database at $T/new/x.db (no such file)" "$T/err"
done
ok "no file was created" -- test -z "$(ls -A "$T/new")"
LUOSHI_DB="$T/gone/x.db" L tasks >"$T/out" 2>"$T/err"
is "tasks with a missing directory: exit 1" "$?" 1
ok "says the directory does not exist" -- grep -qF "the directory $T/gone does not exist" "$T/err"
ok "and does not create it" -- test ! -e "$T/gone"
sum_before=$(cksum <"$T/d/real.db")
L --db "$T/d/real.db" tasks >/dev/null 2>&1
L --db "$T/d/real.db" export --format json >/dev/null 2>&1
is "reading does not change the database file" "$(cksum <"$T/d/real.db")" "$sum_before"

# --- a new database appears whole: two imports racing to create it
mkdir -p "$T/race"
L --db "$T/race/r.db" import "$SEED" >"$T/r1" 2>&1 &
L --db "$T/race/r.db" import "$SEED" >"$T/r2" 2>&1 &
L --db "$T/race/r.db" import "$SEED" >"$T/r3" 2>&1
r3=$?
wait
ok "three racing imports into a new database all succeed" -- \
	sh -c "test $r3 = 0 && ! grep -h 'luoshi:' '$T/r1' '$T/r2' '$T/r3' | grep -v 'waiting for the database'"
is "one document, imported once" "$(L --db "$T/race/r.db" docs | tail -n +2 | wc -l)" 1
is "no temporary file is left" "$(ls -A "$T/race" | grep -c '^\.luoshi-new')" 0

# --- a user who cannot enter the directory (case 3)
mkdir -p "$T/closed"
L --db "$T/closed/c.db" import "$SEED" >/dev/null 2>&1
chmod 700 "$T/closed"
chmod 755 "$T"
if [ -n "$as_other" ]; then
	$as_other env HOME=/ "$LUOSHI_OTHER" --db "$T/closed/c.db" tasks >"$T/out" 2>"$T/err"
	rc=$?
else
	chmod 000 "$T/closed"
	"$LUOSHI" --db "$T/closed/c.db" tasks >"$T/out" 2>"$T/err"
	rc=$?
	chmod 700 "$T/closed"
fi
if [ -n "$as_other" ] || [ ! -r "$T/closed" ] || [ "$rc" != 0 ]; then
	is "cannot enter the directory: exit 1" "$rc" 1
	ok "says which directory cannot be entered" -- \
		grep -qF "you cannot enter the directory $T/closed (permission denied)" "$T/err"
	ok "and does not speak of creating a database" -- sh -c "! grep -q create '$T/err'"
else
	skip "this user can enter any directory"
fi

# --- someone else's database, reached directly, opens read-only
if [ -n "$as_other" ]; then
	mkdir -p "$T/pub"
	L --db "$T/pub/p.db" import "$SEED" >/dev/null 2>&1
	chmod 755 "$T/pub"
	chmod 666 "$T/pub/p.db" # even writable: it is not theirs, nor shared with them
	$as_other env HOME=/ "$LUOSHI_OTHER" --db "$T/pub/p.db" docs >"$T/out" 2>"$T/err"
	is "another user's database: they can read it" "$?" 0
	sum_before=$(cksum <"$T/pub/p.db")
	$as_other env HOME=/ "$LUOSHI_OTHER" --db "$T/pub/p.db" set 1 owner=x >"$T/out" 2>"$T/err"
	is "but not write it" "$?" 1
	ok "and are told why" -- grep -q "read-only for you (it belongs to root" "$T/err"
	is "the file is unchanged" "$(cksum <"$T/pub/p.db")" "$sum_before"
else
	skip "needs root to act as a second user"
fi

# --- a database made writable again after it was read while read-only:
# the side file that read made took the database's mode then (0444) and
# kept it, and every change failed; the user's own takes the mode again
if [ -n "$as_other" ]; then
	run_as() { $as_other env HOME=/ "$LUOSHI_OTHER" "$@"; }
else
	run_as() { L "$@"; }
fi
mkdir -p "$T/ro" && chmod 777 "$T/ro"
run_as --db "$T/ro/r.db" import "$SEED" >/dev/null 2>&1
$as_other chmod 444 "$T/ro/r.db"
run_as --db "$T/ro/r.db" tasks >/dev/null 2>&1
ok "a read of the read-only database left a side file it cannot write" -- \
	sh -c "test -f '$T/ro/r.db-wal' && ! $as_other test -w '$T/ro/r.db-wal'"
$as_other chmod 644 "$T/ro/r.db"
run_as --db "$T/ro/r.db" set 1 owner=甲 >"$T/out" 2>"$T/err"
is "made writable again: a change goes in" "$?" 0
run_as --db "$T/ro/r.db" show 1 >"$T/out"
ok "... and is there" -- grep -q "^owner  *甲" "$T/out"
# a link planted as a side file is never followed to change another
# file's mode (in a shared directory anyone may plant one)
mkdir -p "$T/ln" && chmod 777 "$T/ln"
run_as --db "$T/ln/l.db" import "$SEED" >/dev/null 2>&1
run_as --db "$T/ln/l.db" tasks >/dev/null 2>&1 # makes the side files
$as_other sh -c "echo secret >'$T/ln/key' && chmod 400 '$T/ln/key' && rm -f '$T/ln/l.db-wal' &&
	ln -s key '$T/ln/l.db-wal'"
run_as --db "$T/ln/l.db" set 1 owner=乙 >"$T/out" 2>"$T/err"
is "a side file that is a link: the file it names keeps its mode" "$(stat -c %a "$T/ln/key")" 400

# --- one-shot commands keep the WAL file instead of creating and deleting
# it each time (a directory sync and two unlinks saved per command)
mkdir -p "$T/wal"
L --db "$T/wal/w.db" import "$SEED" >/dev/null 2>&1
L --db "$T/wal/w.db" set 1 owner=甲 >/dev/null 2>&1
ok "the WAL file stays after a command" -- test -f "$T/wal/w.db-wal"
ino=$(stat -c %i "$T/wal/w.db-wal")
L --db "$T/wal/w.db" set 1 owner=乙 >/dev/null 2>&1
is "the next command writes the same WAL file" "$(stat -c %i "$T/wal/w.db-wal")" "$ino"
is "and its change is in the database" "$(L --db "$T/wal/w.db" export --format csv | grep -c 乙)" 1
is "the last to close leaves the WAL empty" "$(wc -c <"$T/wal/w.db-wal")" 0
# so a database removed and made again at the same path starts clean
rm "$T/wal/w.db"
L --db "$T/wal/w.db" import "$SEED" >"$T/out" 2>&1
ok "a new database at the path of a removed one imports the document afresh" -- \
	grep -q "imported" "$T/out"
is "and holds one document" "$(L --db "$T/wal/w.db" docs | tail -n +2 | wc -l)" 1

done_testing
