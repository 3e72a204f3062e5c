#!/bin/sh
# The real binary in tmux (issue 7, case 9, on the screens): a status key
# pressed while another writer holds the database waits instead of failing,
# the bottom line says for whom, the change goes in when the writer is done;
# Ctrl-C gives the change up, nothing changed, and the screens stay.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
sqlite_only "the writer is held with SQLite's write lock and names itself in the side file"
command -v tmux >/dev/null || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
command -v python3 >/dev/null || { echo "1..0 # SKIP python3 is needed to hold the lock"; exit 0; }
"$LUOSHI" import "$SEED" >/dev/null

. "${srcdir:-.}/tests/tmux_lib.sh"
tmux_start wait
status_of() { "$LUOSHI" export --format json | python3 -c 'import json, sys
def walk(ns):
    for n in ns:
        yield from n["tasks"]
        yield from walk(n["children"])
print([t["status"] for t in walk(json.load(sys.stdin)["documents"][0]["nodes"]) if t["id"] == int(sys.argv[1])][0])' "$1"; }

cat >"$T/hold.py" <<'PY'
import os, sqlite3, sys, time
db, secs = sys.argv[1], float(sys.argv[2])
c = sqlite3.connect(db, isolation_level=None)
c.execute("BEGIN IMMEDIATE")
side = db + "-writer"
with open(side + ".tmp", "w") as f:
    f.write("luoshi-writer 1\n%d\nalice\n%d\n%s\n" % (os.getpid(), int(time.time()), sys.argv[3]))
os.rename(side + ".tmp", side)
open(db + ".held", "w").close()
time.sleep(secs)
os.unlink(side)
c.execute("COMMIT")
PY
hold() { # hold SECONDS: alice's import holds the write lock
	rm -f "$LUOSHI_DB.held"
	python3 "$T/hold.py" "$LUOSHI_DB" "$1" "importing big.txt" &
	holder=$!
	i=0
	while [ ! -e "$LUOSHI_DB.held" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
}

env_cmd="env LUOSHI_DB='$LUOSHI_DB' HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm"
tm new-session -d -s w -x 100 -y 30 "$env_cmd '$LUOSHI' ui --task 1; echo EXITED \$?; sleep 60"
ok "the screens start on task 1" -- wait_for w "luoshi | Outline"
is "task 1 is todo" "$(status_of 1)" todo

# --- the key waits for alice, says so, and goes in after her
hold 3
tm send-keys -t w 2
ok "the bottom line says who holds the database and how to give up" -- \
	wait_for w "waiting for the database: alice is importing big.txt" 25
is "... on the bottom row of the screens, not written over them" \
	"$(tail -n 1 "$T/cap" | grep -c 'alice is importing big.txt (for [1-9][0-9]* s now); Ctrl-C gives up')" 1
wait "$holder"
i=0; while [ $i -lt 50 ] && [ "$(status_of 1)" != doing ]; do sleep 0.1; i=$((i + 1)); done
is "when alice is done, the change goes in: task 1 is doing" "$(status_of 1)" doing

# --- Ctrl-C gives the change up; the screens stay
hold 8
tm send-keys -t w 3
ok "waiting again" -- wait_for w "waiting for the database" 25
tm send-keys -t w C-c
sleep 0.5
tm capture-pane -p -t w >"$T/cap"
ok "Ctrl-C: the screens are still there" -- grep -q "luoshi | Outline" "$T/cap"
ok "Ctrl-C: luoshi did not exit" -- sh -c "! grep -q EXITED '$T/cap'"
wait "$holder"
is "Ctrl-C: nothing changed (task 1 is still doing)" "$(status_of 1)" doing
tm send-keys -t w q
ok "q still quits" -- wait_for w "EXITED 0"
done_testing
