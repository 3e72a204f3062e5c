#!/bin/sh
# The ambiguous-width question on a pseudo-terminal that plays the terminal:
# the first frame comes before the question (no round trip at start-up),
# the question is in the locale's codeset, the answer is never taken for
# keys, and an answer that differs from the locale's default redraws all.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null

# fake_term COL [ROW [TERM]]: run luoshi on a pty (80x24, vt100), answer
# ESC[6n with "ESC[ROW;COLR" (ROW 24) once the first frame is out, then q;
# prints findings.
fake_term() {
	LUOSHI="$LUOSHI" COL=$1 ROW=${2:-24} FAKE_TERM=${3:-vt100} timeout 30 python3 - <<'PY'
import os, pty, select, struct, fcntl, termios, time, sys
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = os.environ["FAKE_TERM"]
    os.execv(os.environ["LUOSHI"], [os.environ["LUOSHI"]])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
out = b""
def pump(until, secs):
    global out
    end = time.time() + secs
    while time.time() < end and not until(out):
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                out += os.read(fd, 65536)
            except OSError:
                return
pump(lambda o: b"\033[6n" in o, 10)
ask = out.find(b"\033[6n")
title = out.find(b"luoshi |")
print("asked", ask >= 0)
print("frame-first", 0 <= title < ask)
before = out[:ask]
# the bytes between "row;1H" and ESC[6n: the character asked about
h = before.rfind(b";1H")
print("char", before[h + 3:].hex() if h >= 0 else "")
mark = len(out)
os.write(fd, b"\033[" + os.environ["ROW"].encode() + b";" + os.environ["COL"].encode() + b"R")
pump(lambda o: False, 1.5)
after = out[mark:]
print("redrawn", b"\033[H\033[J" in after or b"\033[2J" in after)
os.write(fd, b"q")
pump(lambda o: False, 1)
msg = out[mark:]
print("as-keys", b"does nothing" in msg or b"Esc goes back" in msg)
_, st = os.waitpid(pid, 0)
print("status", os.waitstatus_to_exitcode(st))
PY
}

ok "python3 is installed (.ci/run installs it)" -- command -v python3
command -v python3 >/dev/null || { done_testing; exit 1; }

fake_term 2 >"$T/r2"
is "UTF-8: the terminal is asked" "$(grep asked "$T/r2")" "asked True"
is "UTF-8: the first frame is drawn before the terminal is asked" \
	"$(grep frame-first "$T/r2")" "frame-first True"
is "UTF-8: the question is U+201C in UTF-8" "$(grep char "$T/r2")" "char e2809c"
is "UTF-8: an answer equal to the default redraws nothing" "$(grep redrawn "$T/r2")" "redrawn False"
is "UTF-8: the answer is not read as keys" "$(grep as-keys "$T/r2")" "as-keys False"
is "UTF-8: q quits" "$(grep status "$T/r2")" "status 0"

fake_term 3 >"$T/r3"
is "UTF-8: a wide answer redraws the screen" "$(grep redrawn "$T/r3")" "redrawn True"
is "UTF-8: the wide answer is not read as keys" "$(grep as-keys "$T/r3")" "as-keys False"

# xterm's terminfo calls ESC[1;3R a key (Alt-F3): an answer on row 1
fake_term 3 1 xterm >"$T/x3"
is "row 1, xterm: the answer redraws the screen" "$(grep redrawn "$T/x3")" "redrawn True"
is "row 1, xterm: the answer is not read as a function key" "$(grep as-keys "$T/x3")" "as-keys False"

if have_locale zh_CN.GB18030; then
	LANG=zh_CN.GB18030 LC_ALL=zh_CN.GB18030 fake_term 2 >"$T/g2"
	is "GB18030: the question is U+201C in GB18030" "$(grep char "$T/g2")" "char a1b0"
	is "GB18030: a narrow answer redraws the screen (the default is 2)" \
		"$(grep redrawn "$T/g2")" "redrawn True"
	is "GB18030: the answer is not read as keys" "$(grep as-keys "$T/g2")" "as-keys False"
else
	ok "the zh_CN.GB18030 locale can be made (localedef)" -- false
fi
done_testing
