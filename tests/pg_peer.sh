#!/bin/sh
# PostgreSQL only: on the same host, peer authentication over the Unix
# socket maps the Unix user to the role, and history records who it was;
# a Unix user cannot claim another's role. A cluster of its own with
# peer authentication (tests/pg.sh's pg_start DIR peer); a second Unix
# user (nobody) needs root.
. "${srcdir:-.}/tests/lib.sh"
on_pg || { echo "1..0 # SKIP PostgreSQL only: run under tests/pg.sh (LUOSHI_TEST_DB=postgresql)"; exit 0; }
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP a second Unix user is needed: run as root"; exit 0; }
command -v setpriv >/dev/null || { echo "1..0 # SKIP setpriv (util-linux) is needed"; exit 0; }
id nobody >/dev/null 2>&1 || { echo "1..0 # SKIP there is no user nobody"; exit 0; }
pg_find || { echo "1..0 # SKIP $PG_SKIP"; exit 0; }
me=$(id -un)
peer=$(mktemp -d "${TMPDIR:-/tmp}/luoshi-peer.XXXXXX")
at_exit 'pg_stop "$peer"'
pg_start "$peer" peer || { echo "Bail out! the peer cluster did not start"; exit 1; }
# nobody may come in as nobody (pg_start maps the user running the tests)
echo "luoshi nobody nobody" | pg_as sh -c "cat >>'$peer/data/pg_ident.conf'"
pg_admin -c "SELECT pg_reload_conf()" >/dev/null
pg_newdb "$peer" peerdb
store="host=$peer dbname=peerdb"

L() { "$LUOSHI" --db "$store" "$@"; }
L init >"$T/init.out" 2>"$T/init.err"
is "peer: $me makes the store" "$?" 0
L import --no-tasks "$SEED" >/dev/null 2>&1
node=$(L outline 1 | awk '/1\.建立健全/ {print $1}')
task=$(L add "$node" "对等认证的任务" | sed -n 's/^added task \([0-9]*\)$/\1/p')
L set "$task" owner=张三 >/dev/null
is "history records the Unix user as the role" \
	"$(L history | head -1 | awk '{print $3, $NF}')" "$me 张三"

pg_admin -d peerdb -c "CREATE ROLE nobody LOGIN" \
	-c "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO nobody" \
	-c "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO nobody" >/dev/null
mkdir -p "$T/nobody"
cp "$LUOSHI" "$T/nobody/luoshi"
chmod 755 "$T" "$T/nobody/luoshi"
chmod 777 "$T/nobody"
N() {
	HOME=$T/nobody XDG_DATA_HOME=$T/nobody XDG_CONFIG_HOME=$T/nobody \
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$T/nobody/luoshi" "$@"
}
N --db "$store" set "$task" owner=李四 >"$T/n.out" 2>"$T/n.err"
is "nobody changes a task through peer authentication" "$?" 0
is "and history says it was nobody" "$(L history | head -1 | awk '{print $3, $NF}')" "nobody 李四"
N --db "$store user=$me" set "$task" owner=王五 >"$T/n2.out" 2>"$T/n2.err"
is "nobody claiming $me's role: exit 1" "$?" 1
is "one sentence" "$(wc -l <"$T/n2.err")" 1
ok "saying the server refused" -- grep -q "cannot connect to the PostgreSQL database.*authentication failed" "$T/n2.err"
is "nothing changed" "$(L show "$task" | awk '$1 == "owner" {print $2}')" 李四
done_testing
