# lib.sh - TAP helpers for the end-to-end shell tests. Source it.
# Each test gets a private database, HOME and a pinned environment.
set -u
LUOSHI=${LUOSHI:-$(pwd)/luoshi}
SEED=${SEED:-${srcdir:-.}/data/zhuti-jiaoyu-yijian-2024.txt}
T=$(mktemp -d "${TMPDIR:-/tmp}/luoshi-test.XXXXXX")
# at_exit 'COMMAND': run COMMAND at exit, before what was registered
# earlier; the test's directory goes last. One trap for all of them, so a
# helper that needs cleaning up never drops another's.
_at_exit='rm -rf "$T"'
at_exit() {
	_at_exit="$1; $_at_exit"
	trap "$_at_exit" EXIT
}
trap "$_at_exit" EXIT
export HOME="$T/home" LUOSHI_DB="$T/test.db" XDG_DATA_HOME="$T/home/.local/share" \
	XDG_CONFIG_HOME="$T/home/.config" LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC COLUMNS=80
mkdir -p "$HOME"
# LUOSHI_TEST_DB=postgresql: the store is a database of its own on a
# PostgreSQL server, the cluster tests/pg.sh started for the run
# (LUOSHI_TEST_PG_HOST), else one started here for this script alone.
if [ "${LUOSHI_TEST_DB:-}" = postgresql ]; then
	. "${srcdir:-.}/tests/pg.sh"
	if [ -z "${LUOSHI_TEST_PG_HOST:-}" ]; then
		pg_find || { echo "1..0 # SKIP $PG_SKIP"; exit 0; }
		LUOSHI_TEST_PG_HOST=$(mktemp -d "${TMPDIR:-/tmp}/luoshi-pg.XXXXXX")
		at_exit 'pg_stop "$LUOSHI_TEST_PG_HOST"'
		pg_start "$LUOSHI_TEST_PG_HOST" || { echo "Bail out! PostgreSQL did not start"; exit 1; }
		export LUOSHI_TEST_PG_HOST
	fi
	PGBIN=${PGBIN:-}
	_db=luoshi_$(echo "${T##*.}_$$" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' _)
	pg_newdb "$LUOSHI_TEST_PG_HOST" "$_db" || { echo "Bail out! cannot create $_db"; exit 1; }
	LUOSHI_DB="host=$LUOSHI_TEST_PG_HOST dbname=$_db"
	if "$LUOSHI" --db "$LUOSHI_DB" docs 2>&1 | grep -q 'built without PostgreSQL'; then
		echo "1..0 # SKIP this luoshi was built without PostgreSQL (libpq)"
		exit 0
	fi
fi
# on_pg: this run's store is on PostgreSQL.
on_pg() {
	[ "${LUOSHI_TEST_DB:-}" = postgresql ]
}
# sqlite_only WHY: this script is about database files; in a run against
# PostgreSQL it is skipped, saying why.
sqlite_only() {
	if on_pg; then
		echo "1..0 # SKIP SQLite only: $1"
		exit 0
	fi
}
# db_query SQL: the rows of one query on the test's store, as sqlite3 or
# psql prints them unaligned (columns joined by |).
db_query() {
	if on_pg; then
		psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$LUOSHI_DB" -c "$1"
	else
		sqlite3 "$LUOSHI_DB" "$1"
	fi
}
# have_locale NAME (e.g. zh_CN.UTF-8, zh_CN.GB18030): true when programs can
# use it. A machine without it gets a private copy made with localedef (from
# Debian's locales package, no root needed) and LOCPATH pointing there.
have_locale() {
	want=${1#*.}
	[ "$(LC_ALL=$1 locale charmap 2>/dev/null)" = "$want" ] && return 0
	mkdir -p "$T/locale"
	[ -e "$T/locale/C.UTF-8" ] || ln -s /usr/lib/locale/C.utf8 "$T/locale/C.UTF-8" 2>/dev/null
	localedef -i "${1%%.*}" -f "$want" "$T/locale/$1" >/dev/null 2>&1
	LOCPATH="$T/locale"
	export LOCPATH
	[ "$(LC_ALL=$1 locale charmap 2>/dev/null)" = "$want" ]
}
tap_n=0
tap_failed=0
ok() { # ok DESCRIPTION -- COMMAND...: passes when COMMAND succeeds
	desc=$1; shift; [ "$1" = "--" ] && shift
	tap_n=$((tap_n + 1))
	if "$@" >"$T/ok.out" 2>"$T/ok.err"; then
		echo "ok $tap_n - $desc"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_n - $desc"
		sed 's/^/# /' "$T/ok.out" "$T/ok.err" | head -20
	fi
}
is() { # is DESCRIPTION GOT WANT
	tap_n=$((tap_n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $tap_n - $1"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_n - $1"
		printf '# got:  %s\n# want: %s\n' "$2" "$3" | head -20
	fi
}
skip_check() { # skip_check DESCRIPTION WHY: a check that does not apply to this run
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# paging_doc FILE: a document of 600 measures with 4 tasks each, 2,400
# tasks: more than ten pages of the task list and more than a pipe holds
# (tests/cli_page.sh, tests/ui_window.sh). Its tasks name no unit; 组织部
# is in their text only where the results go (as the subject, 组织部要…, it
# is now read as the unit it is).
paging_doc() {
	awk 'BEGIN {
		print "关于分页测试的实施方案\n\n为检验分页，现提出如下方案。\n"
		split("一 二 三 四 五 六", cn, " ")
		for (s = 1; s <= 6; s++) {
			printf "%s、强化第%d方面工作\n\n", cn[s], s
			for (j = 1; j <= 100; j++) {
				m++
				printf "%d.推进第%d项措施。", m, m
				for (k = 1; k <= 4; k++)
					printf "要组织开展第%d项措施第%d个环节的督促检查，确保按期完成，结果报组织部。", m, k
				printf "\n\n"
			}
		}
		print "各单位要加强组织领导。"
	}' >"$1"
}
