#!/bin/sh
# Screens, headless and on a pseudo-terminal: too-small terminals and
# resizing, locales (C refused, GB18030 output), read-only databases, and
# control characters from a document never reaching the terminal raw.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null

# --- too small, and back
keys <<EOF
:save-display $T/t1
:resize 80 24
:save-display $T/t2
:resize 40 11
:save-display $T/t3
:resize 60 11
:save-display $T/t6
:resize 20 5
:save-display $T/t7
q
EOF
ui_run 39 12
is "a too-small terminal still quits cleanly with q" "$?" 0
is "39x12: one clear message instead of the screens, on one line, in ASCII" \
	"$(rows "$T/t1" 1 1)" "too small: 39x12 < 40x12"
is "39x12: nothing else on the screen" "$(rows "$T/t1" 2 12 | tr -d ' \n')" ""
rows "$T/t2" 1 3 >"$T/t2top"
screen_is "resized to 80x24, the outline is back" "$T/t2top" <<'EOF'
 luoshi | Outline | 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社会 ~
>- 中共中央办公厅关于巩固拓展学习贯彻习近平新时代中国特色社~    0/52 [.........]
   + 一、坚持以学铸魂，持续做好学习贯彻习近平新时代中国特色~     0/8 [.........]
EOF
is "40x11 is too small as well" "$(rows "$T/t3" 1 1)" "too small: 40x11 < 40x12"
is "40x11: one line" "$(rows "$T/t3" 2 11 | tr -d ' \n')" ""
is "60x11: the whole sentence when it fits" "$(rows "$T/t6" 1 1)" \
	"terminal too small: need 40x12, have 60x11"
is "20x5: the shortest form" "$(rows "$T/t7" 1 1)" "40x12!"

# --- a locale that cannot show Chinese: one clear line, exit 1
LANG=C LC_ALL=C "$LUOSHI" >"$T/lc" 2>"$T/err" </dev/null
is "LANG=C: exit status 1" "$?" 1
is "LANG=C: says how to fix it" "$(cat "$T/err")" \
	"luoshi needs a UTF-8 or GB18030 locale to show Chinese; try LANG=C.UTF-8 luoshi"

# on_pty CMD...: run on a pseudo-terminal (80x24), raw output in $T/pty
on_pty() {
	rm -f "$T/pty"
	timeout 30 script -qfec "stty cols 80 rows 24; $*" "$T/pty" >/dev/null 2>&1 </dev/null
}

# --- a terminal that cannot move the cursor: one clear line, exit 1
TERM=dumb on_pty "'$LUOSHI'"
is "TERM=dumb: exit status 1" "$?" 1
is "TERM=dumb: one line says why and what works instead" \
	"$(grep -v '^Script \(started\|done\)' "$T/pty" | tr -d '\r' | grep -c .)" 1
ok "TERM=dumb: the line" -- grep -q "^.*luoshi: the terminal (TERM=dumb) cannot move the cursor; the screens need one such as xterm; luoshi tasks, outline and read print plain text" "$T/pty"

# --- zh_CN.GB18030: ncursesw converts what we draw to GB18030
if have_locale zh_CN.GB18030; then
	keys <<EOF
<Sleep 200>
EOF
	LANG=zh_CN.GB18030 LC_ALL=zh_CN.GB18030 LUOSHI_TEST_KEYS="$T/keys" TERM=xterm \
		on_pty "'$LUOSHI'"
	is "zh_CN.GB18030: the screens run" "$?" 0
	ok "what reaches the terminal is GB18030" -- \
		sh -c "iconv -f GB18030 -t UTF-8 '$T/pty' | grep -q '中共中央办公厅'"
	ok "and not UTF-8" -- sh -c "! grep -q '中共中央办公厅' '$T/pty'"
else
	ok "the zh_CN.GB18030 locale exists (localedef -i zh_CN -f GB18030 zh_CN.GB18030)" -- false
fi

# --- control characters in a document are shown as placeholders
printf '关于测试控制字符的通知\n\n各单位：\n　　为了测试\033]0;pwned\007标题和\033[2J清屏，以及\342\200\256反向文字\342\200\254的处理，现通知如下。\n　　一、总体要求\n　　1.做好测试工作。各单位要每年开展一次检查\033[31m红色\033[0m。\n' >"$T/esc.txt"
LUOSHI_DB="$T/esc.db" "$LUOSHI" import "$T/esc.txt" >/dev/null 2>&1
keys <<EOF
R
:save-display $T/t4
<Sleep 200>
EOF
LUOSHI_DB="$T/esc.db" LUOSHI_TEST_KEYS="$T/keys" TERM=xterm on_pty "'$LUOSHI'"
ok "the reader shows ESC as ^[" -- grep -q '为了测试^\[\]0;pwned^G标题和^\[\[2J清屏' "$T/t4"
ok "and a bidi override as <U+202E>" -- grep -q '以及<U+202E>反向文字<U+202C>的处理' "$T/t4"
ok "no escape sequence from the document reaches the terminal" -- \
	sh -c "! grep -q \"$(printf '\033')\\]0;pwned\" '$T/pty'"
ok "no bidi override reaches the terminal" -- sh -c "! grep -q \"$(printf '\342\200\256')\" '$T/pty'"

# --- a database the user can only read: a marker, and editing keys say why
mkdir -p "$T/ro" "$T/rw"
keys <<EOF
j l j l j 3
:save-display $T/rw/t5
m
:save-display $T/rw/t6
EOF
if on_pg; then
	# on a server: a role that may only SELECT (the same terminal user)
	reader=luoshi_reader_$$
	psql -X -q -v ON_ERROR_STOP=1 -d "$LUOSHI_DB" -c "CREATE ROLE $reader LOGIN" \
		-c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO $reader" >/dev/null
	ro_db="$LUOSHI_DB user=$reader"
	LUOSHI_DB="$ro_db" ui_run 80 24 >/dev/null 2>"$T/ro.ui"
	is "read-only role: the screens run" "$?" 0
	ok "read-only role: the title bar says so" -- grep -q "\[read-only\]$" "$T/rw/t5"
	ok "read-only role: a status key says why nothing changed" -- \
		grep -q "^read-only: you cannot write host=" "$T/rw/t5"
	is "read-only role: the task is unchanged" \
		"$(LUOSHI_DB="$ro_db" "$LUOSHI" tasks status:done | wc -l)" 1
	ok "read-only role: m (add a note) says why too" -- grep -q "^read-only: " "$T/rw/t6"
	ok "read-only role: the command line refuses in one sentence" -- sh -c \
		"! LUOSHI_DB='$ro_db' '$LUOSHI' done 1 2>'$T/ro.err' && test \$(wc -l <'$T/ro.err') = 1 &&
		 grep -q 'read-only for you (the role $reader may only read it)' '$T/ro.err'"
	# a role with no rights at all: reading is refused, and the sentence
	# says so (it said "cannot be written" of a read)
	nobody=luoshi_none_$$
	psql -X -q -v ON_ERROR_STOP=1 -d "$LUOSHI_DB" -c "CREATE ROLE $nobody LOGIN" >/dev/null
	LUOSHI_DB="$LUOSHI_DB user=$nobody" "$LUOSHI" tasks >"$T/none.out" 2>"$T/none.err"
	is "a role with no rights: tasks refused (exit 1)" "$?" 1
	ok "the sentence says access was refused while reading, and who grants it" -- \
		grep -q "refused access while .*(permission denied for .*): its owner grants the rights" "$T/none.err"
	ok "not 'cannot be written'" -- sh -c "! grep -q 'cannot be written' '$T/none.err'"
	psql -X -q -d "$LUOSHI_DB" -c "DROP ROLE $nobody" >/dev/null
	psql -X -q -d "$LUOSHI_DB" -c "DROP OWNED BY $reader" -c "DROP ROLE $reader" >/dev/null
else
	cp "$LUOSHI_DB" "$T/ro/ro.db"
	chmod 755 "$T" "$T/ro"
	chmod 777 "$T/rw"
	chmod 644 "$T/ro/ro.db"
	chmod 644 "$T/keys"
	if [ "$(id -u)" = 0 ]; then
		as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
		# the build tree may be closed to others (CI clones into a mode-700
		# directory): the second user runs a copy of the binary
		cp "$LUOSHI" "$T/rw/luoshi" && chmod 755 "$T/rw/luoshi"
		run_as=$T/rw/luoshi
	else
		run_as=$LUOSHI
		as_user=""
		chmod 555 "$T/ro"
		chmod 444 "$T/ro/ro.db"
	fi
	LUOSHI_DB="$T/ro/ro.db" HOME="$T/rw" XDG_CONFIG_HOME="$T/rw" \
		LUOSHI_TEST_SCREEN=1 LUOSHI_TEST_KEYS="$T/keys" COLUMNS=80 LINES=24 \
		timeout 30 $as_user "$run_as" >"$T/rw/o" 2>"$T/rw/e"
	is "read-only: the screens run" "$?" 0
	ok "read-only: the title bar says so (a snapshot: nobody who can write has it open)" -- grep -q "\[read-only, snapshot\]$" "$T/rw/t5"
	ok "read-only: a status key says why nothing changed" -- \
		grep -q "^read-only: you cannot write $T/ro/ro.db, so nothing was" "$T/rw/t5"
	is "read-only: the task is unchanged" \
		"$(LUOSHI_DB="$T/ro/ro.db" "$LUOSHI" tasks status:done | wc -l)" 1
	ok "read-only: m (add a note) says why too" -- grep -q "^read-only: " "$T/rw/t6"
	chmod -R u+w "$T/ro" # so that the cleanup can remove it
fi

# --- a read-only snapshot (the WAL's -shm cannot be made: SQLite opens it
# with O_NOFOLLOW, so a dangling symlink stops root too) says it is not live
mkdir -p "$T/snap"
"$LUOSHI" --db "$T/snap/s.db" import "$SEED" >/dev/null
rm -f "$T/snap/s.db-shm" # kept by the writer (PERSIST_WAL)
ln -s /nonexistent/shm "$T/snap/s.db-shm"
keys <<EOF
:save-display $T/snap/t1
EOF
LUOSHI_DB="$T/snap/s.db" ui_run 80 24 --read-only
ok "snapshot: the title bar says read-only, snapshot" -- grep -q "\[read-only, snapshot\]$" "$T/snap/t1"
# LANGUAGE names a catalogue as gettext looks it up (zh_CN; a bare zh has none)
if [ "${USE_NLS:-yes}" = no ]; then
	tap_n=$((tap_n + 1)); echo "ok $tap_n - snapshot: in Chinese too # SKIP built without NLS"
else
	LANGUAGE=zh_CN LUOSHI_DB="$T/snap/s.db" ui_run 80 24 --read-only
	ok "snapshot: in Chinese too" -- grep -q "\[只读，快照\]$" "$T/snap/t1"
fi
rm -f "$T/snap/s.db-shm"
LUOSHI_DB="$T/snap/s.db" ui_run 80 24 --read-only
ok "not a snapshot: the plain read-only marker" -- grep -q "\[read-only\]$" "$T/snap/t1"
done_testing
