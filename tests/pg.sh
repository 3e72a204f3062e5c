#!/bin/sh
# pg.sh - a throwaway PostgreSQL cluster for the tests.
#
#   tests/pg.sh COMMAND...
#       starts a cluster, runs COMMAND with LUOSHI_TEST_DB=postgresql and
#       LUOSHI_TEST_PG_HOST (its socket directory) in the environment, stops
#       and removes the cluster; exits with COMMAND's status. Where no
#       PostgreSQL is installed it prints "1..0 # SKIP why" and exits 0.
#       (`make check-pg` is `tests/pg.sh make check`.)
#
# Sourced (tests/lib.sh does, and the C tests run under it): pg_find,
# pg_start DIR [HBA], pg_stop DIR, pg_newdb HOST NAME.
#
# The cluster: initdb and pg_ctl run as the postgres user when we are root
# (PostgreSQL refuses to run as root), with -A trust, -E UTF8,
# --locale=C.UTF-8 (pg_trgm reads Chinese there; not in C), --no-sync,
# listen_addresses='' and its Unix socket in DIR, made accessible to
# postgres; no fsync (a test cluster). A role for the user running the
# tests, and a template database with pg_trgm, from which each test makes
# its own database. About 2 s to start here.

# PGBIN, or 1 with PG_SKIP saying why not.
pg_find() {
	PG_SKIP=
	PGBIN=$(pg_config --bindir 2>/dev/null)
	if [ ! -x "$PGBIN/initdb" ]; then
		for d in /usr/lib/postgresql/*/bin; do
			[ -x "$d/initdb" ] && PGBIN=$d
		done
	fi
	if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
		PG_SKIP="PostgreSQL is not installed (no initdb; Debian: apt-get install postgresql)"
	elif [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
		PG_SKIP="running as root, and there is no postgres user to run the server as"
	elif [ "$(id -u)" = 0 ] && ! command -v runuser >/dev/null 2>&1; then
		PG_SKIP="running as root, and there is no runuser to run the server as postgres"
	elif ! command -v psql >/dev/null 2>&1; then
		PG_SKIP="psql is not installed (Debian: apt-get install postgresql-client)"
	fi
	[ -z "$PG_SKIP" ]
}

# Run a server program as the user that owns the cluster.
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# pg_start DIR [HBA]: a cluster in DIR/data with its socket in DIR
# ($PG_OPTS: more server settings, e.g. bench/writers turns fsync on). HBA
# (default trust) is how local connections authenticate; with "peer",
# pg_ident's map "luoshi" lets this Unix user in as the roles of the
# tests too (PG_PEER_ROLES). Sets PGHOST. 1 when it could not start.
pg_start() {
	_dir=$1 _hba=${2:-trust}
	mkdir -p "$_dir" || return 1
	[ "$(id -u)" = 0 ] && chown postgres "$_dir" && chmod 0755 "$_dir"
	pg_as "$PGBIN/initdb" -D "$_dir/data" -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
		-U postgres >"$_dir/initdb.log" 2>&1 || { cat "$_dir/initdb.log" >&2; return 1; }
	if [ "$_hba" = peer ]; then
		_me=$(id -un)
		{
			echo "local all postgres trust"
			echo "local all all peer map=luoshi"
		} | pg_as sh -c "cat >'$_dir/data/pg_hba.conf'"
		{
			echo "luoshi $_me $_me"
			for r in ${PG_PEER_ROLES:-}; do echo "luoshi $_me $r"; done
		} | pg_as sh -c "cat >'$_dir/data/pg_ident.conf'"
	fi
	pg_as "$PGBIN/pg_ctl" -D "$_dir/data" -l "$_dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$_dir' -c fsync=off \
		    -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 ${PG_OPTS:-}" \
		start >"$_dir/pg_ctl.log" 2>&1 || { cat "$_dir/pg_ctl.log" "$_dir/server.log" >&2; return 1; }
	PGHOST=$_dir
	export PGHOST
	pg_admin -c "CREATE ROLE \"$(id -un)\" SUPERUSER LOGIN" >/dev/null 2>&1
	pg_admin -c "CREATE DATABASE luoshi_template TEMPLATE template0" >/dev/null &&
		pg_admin -d luoshi_template -c "CREATE EXTENSION pg_trgm" >/dev/null
}

# psql as the cluster's superuser.
pg_admin() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -U postgres -d postgres "$@"
}

pg_stop() {
	[ -d "$1/data" ] && pg_as "$PGBIN/pg_ctl" -D "$1/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$1"
}

# pg_newdb HOST NAME: a database of its own for a test, with pg_trgm.
pg_newdb() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$1" -U postgres -d postgres \
		-c "CREATE DATABASE \"$2\" TEMPLATE luoshi_template" >/dev/null
}

# As a wrapper: tests/pg.sh COMMAND...
case ${0##*/} in
pg.sh)
	if [ $# -eq 0 ]; then
		echo "usage: tests/pg.sh COMMAND..." >&2
		exit 2
	fi
	if ! pg_find; then
		echo "1..0 # SKIP $PG_SKIP"
		exit 0
	fi
	_pgdir=$(mktemp -d "${TMPDIR:-/tmp}/luoshi-pg.XXXXXX")
	trap 'pg_stop "$_pgdir"' EXIT
	trap 'exit 130' INT TERM
	pg_start "$_pgdir" || { echo "tests/pg.sh: the PostgreSQL cluster did not start" >&2; exit 1; }
	LUOSHI_TEST_DB=postgresql LUOSHI_TEST_PG_HOST=$_pgdir
	export LUOSHI_TEST_DB LUOSHI_TEST_PG_HOST
	"$@"
	exit $?
	;;
esac
