#!/bin/sh
# What arrives from the terminal, on a pseudo-terminal that plays it: the
# answer to the ambiguous-width question split across reads (ESC, then
# "[24;2R" 300 ms later, as over a slow SSH link) is never keys; an input
# method's commit (2026年12月31日) in one write changes nothing and says so
# in one line; movement keys batched in one read still all move; typed one
# at a time, keys act as before.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null

ok "python3 is installed (.ci/run installs it)" -- command -v python3
command -v python3 >/dev/null || { done_testing; exit 1; }

# play TASK STEPS...: run luoshi ui --task TASK on an 80x24 pty (vt100);
# each step is "w:TEXT" (one write; \e is ESC), "s:SECONDS" (pause while
# reading the output), "a:" (wait for the question ESC[6n); at the end Q.
# Prints the output after the last step marked "m:" and the exit status.
play() {
	LUOSHI="$LUOSHI" timeout 40 python3 - "$@" <<'PY'
import os, pty, select, struct, fcntl, termios, time, sys
task, steps = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "vt100"
    os.execv(os.environ["LUOSHI"], [os.environ["LUOSHI"], "ui", "--task", task])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
out, mark = b"", 0
def pump(secs, until=lambda o: False):
    global out
    end = time.time() + secs
    while time.time() < end and not until(out):
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try:
                out += os.read(fd, 65536)
            except OSError:
                return
for st in steps:
    kind, arg = st[0], st[2:]
    if kind == "a":
        pump(10, lambda o: b"\033[6n" in o)
    elif kind == "w":
        os.write(fd, arg.replace("\\e", "\033").encode())
        pump(0.05)
    elif kind == "s":
        pump(float(arg))
    elif kind == "m":
        mark = len(out)
os.write(fd, b"Q")
pump(3)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out[mark:].decode("utf-8", "replace"))
print("\nstatus", os.waitstatus_to_exitcode(status))
PY
}
status_of() {
	"$LUOSHI" show "$1" | awk '$1 == "status" {print $2}'
}

# the answer split: ESC, 300 ms, the rest (on the old code: 2 doing, 4
# ongoing, 2 doing, R the reader)
play 3 a: m: "w:\e" s:0.3 "w:[24;2R" s:0.5 >"$T/split"
is "split answer: the task under the cursor keeps its status" "$(status_of 3)" todo
ok "split answer: no key was acted on" -- sh -c "! grep -q 'task 3:\|does nothing\|Reader' '$T/split'"
is "split answer: q still quits" "$(tail -n 1 "$T/split")" "status 0"

# split three ways, with the ESC and the [ in separate reads
play 3 a: m: "w:\e" s:0.2 "w:[" s:0.2 "w:24;3R" s:0.5 >"$T/split3"
is "answer in three pieces: the status is kept" "$(status_of 3)" todo
ok "answer in three pieces: taken as the answer (wide: the screen is redrawn)" -- \
	grep -q "$(printf '\033\\[H\033\\[J\\|\033\\[2J')" "$T/split3"

# an input method commits a date in one write, outside any editor
play 3 a: s:0.3 m: "w:2026年12月31日" s:0.5 >"$T/ime"
is "IME commit: the task keeps its status" "$(status_of 3)" todo
is "IME commit: nothing else changed either" "$("$LUOSHI" history 3 | grep -c 'status')" 0
is "IME commit: one line says the characters were ignored" \
	"$(grep -c 'ignored 11 characters that came all at once' "$T/ime")" 1

# a paste without bracketed mode: several different keys in one read
play 3 a: s:0.3 m: "w:1234 56" s:0.5 >"$T/burst"
is "unbracketed paste: the task keeps its status" "$(status_of 3)" todo
ok "unbracketed paste: said in one line" -- grep -q "ignored 7 characters" "$T/burst"

# movement keys batched by a slow link all move: jjj from task 3 reaches
# task 6, and 3 typed alone then marks it done
play 3 a: s:0.3 "w:jjj" s:0.3 "w:3" s:0.5 >"$T/jjj"
is "jjj in one read moves three rows (task 6 is done)" "$(status_of 6)" done
is "and task 3 is untouched" "$(status_of 3)" todo

# keys typed one at a time still act: 2 then 4
play 4 a: s:0.3 "w:2" s:0.3 "w:4" s:0.5 >"$T/typed"
is "typed one by one: 2 then 4 set ongoing" "$(status_of 4)" ongoing
done_testing
