#!/bin/sh
# PostgreSQL: the server restarts while screens are open (an update, a
# failover). The tryout found every open screen dead after it: no
# colleague's change shown again, and every key that writes answered
# "cannot open the database". Now the connection is made again between
# transactions: another user's change shows, and our next key writes.
# A cluster of its own (restarting the run's shared one would stop other
# tests), in the SQLite suite only.
. "${srcdir:-.}/tests/lib.sh"
on_pg && { echo "1..0 # SKIP restarts a cluster of its own: run in the SQLite suite"; exit 0; }
. "${srcdir:-.}/tests/pg.sh"
pg_find || { echo "1..0 # SKIP $PG_SKIP"; exit 0; }
command -v tmux >/dev/null || { echo "1..0 # SKIP tmux is needed"; exit 0; }
. "${srcdir:-.}/tests/ui_lib.sh"
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/luoshi-pgr.XXXXXX")
at_exit 'pg_stop "$pgdir"'
pg_start "$pgdir" || { echo "Bail out! the cluster did not start"; exit 1; }
pg_newdb "$pgdir" office
store="host=$pgdir dbname=office"
L() { "$LUOSHI" --db "$store" "$@"; }
L import "$SEED" >/dev/null 2>&1
node=$(L outline | awk '/1\.建立健全/ {print $1}')
t1=$(L tasks "node:$node" | awk 'NR == 2 {print $1}')
t2=$(L tasks "node:$node" | awk 'NR == 3 {print $1}')
ok "the store on the server, with the seed's tasks" -- test -n "$t1" -a -n "$t2"

. "${srcdir:-.}/tests/tmux_lib.sh"
tmux_start pgrestart
env_cmd="env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm"
tm new-session -d -s p -x 100 -y 30 "$env_cmd '$LUOSHI' --db '$store' ui --task $t1; echo EXITED \$?; sleep 60"
ok "the screens start on the task" -- wait_for p "各级党委.*todo"
pg_as "$PGBIN/pg_ctl" -D "$pgdir/data" -m fast -w restart >"$T/restart.log" 2>&1
ok "the server restarted" -- grep -q "server started" "$T/restart.log"
L set "$t2" status=blocked >/dev/null
ok "a colleague's change after the restart shows (the idle poll connects again)" -- \
	wait_for p "谋划重大战略.*blocked" 300
tm send-keys -t p 3
ok "our key writes after the restart" -- wait_for p "各级党委.*done" 100
ok "... and the store has it" -- sh -c "'$LUOSHI' --db '$store' show $t1 | grep -q '^status *done'"
ok "no 'cannot open' on the screen" -- sh -c "! grep -q 'cannot open' '$T/cap'"
pg_as "$PGBIN/pg_ctl" -D "$pgdir/data" -m fast -w restart >/dev/null 2>&1
tm send-keys -t p 2
ok "a key first after another restart: written at once" -- wait_for p "各级党委.*doing" 100
tm send-keys -t p q
ok "the screens quit" -- wait_for p "EXITED 0"
done_testing
