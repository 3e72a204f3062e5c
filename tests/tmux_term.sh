#!/bin/sh
# The real binary in a real terminal (tmux), for what only a terminal
# shows: after quitting, the shell's prompt gets a clean line below the
# screens on every TERM (vt100 and linux have no alternate screen); a
# bracketed paste goes into the filter prompt as text, line break and all,
# and outside a prompt changes nothing; ambiguous-width set against what
# the terminal draws is said once, in one line.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"
"$LUOSHI" import "$SEED" >/dev/null

. "${srcdir:-.}/tests/tmux_lib.sh"
tmux_start term
env_cmd="env LUOSHI_DB='$LUOSHI_DB' HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' LANG=C.UTF-8 LC_ALL=C.UTF-8 LUOSHI_NOW=$LUOSHI_NOW TZ=UTC"

# --- the terminal after q, per TERM
for term in vt100 linux xterm screen tmux-256color; do
	tm new-session -d -s r -x 80 -y 24 \
		"echo BEFORE-LUOSHI; $env_cmd TERM=$term '$LUOSHI'; echo EXITED \$?; sleep 60"
	ok "TERM=$term: the screens start" -- wait_for r "luoshi | Outline"
	sleep 0.3
	tm send-keys -t r q
	ok "TERM=$term: q quits" -- wait_for r "EXITED"
	sleep 0.2
	tm capture-pane -p -t r >"$T/cap"
	ok "TERM=$term: the shell's next line is a clean line of its own" -- grep -qx "EXITED 0" "$T/cap"
	if infocmp "$term" 2>/dev/null | grep -q 'rmcup='; then
		ok "TERM=$term: the screen before luoshi is back" -- grep -q "BEFORE-LUOSHI" "$T/cap"
		ok "TERM=$term: nothing of the screens is left" -- sh -c "! grep -q 'luoshi | Outline' '$T/cap'"
	else
		is "TERM=$term: the hint row is intact just above it" \
			"$(grep -B1 -x 'EXITED 0' "$T/cap" | head -n 1 | cut -c1-14)" "? help  q back"
	fi
	tm kill-session -t r
done

# --- bracketed paste into the filter prompt: a line break in the pasted
# text must not submit the filter, the text is inserted as it is
tm new-session -d -s p -x 100 -y 30 "$env_cmd '$LUOSHI'; echo EXITED \$?; sleep 60"
ok "paste: the screens start" -- wait_for p "luoshi | Outline"
sleep 0.3
tm send-keys -t p T
ok "paste: the task list" -- wait_for p "luoshi | Tasks"
tm send-keys -t p f
sleep 0.3
tm set-buffer -b lu "$(printf 'status:todo\n党课')"
tm paste-buffer -p -b lu -t p
ok "paste: the pasted text is in the prompt, the line break a space" -- wait_for p "status:todo 党课"
tm send-keys -t p Enter
ok "paste: Enter then takes the filter" -- wait_for p "filter: status:todo 党课"
tm send-keys -t p O
sleep 0.2
tm send-keys -t p j
sleep 0.2
tm send-keys -t p j
sleep 0.2
tm set-buffer -b lu "1234"
tm paste-buffer -p -b lu -t p
ok "paste outside a prompt: said in one line" -- wait_for p "ignored 4 characters"
is "paste outside a prompt: no task changed" "$("$LUOSHI" tasks status:todo | tail -n +2 | wc -l)" \
	"$("$LUOSHI" tasks | tail -n +2 | wc -l)"
tm send-keys -t p Q
ok "paste: Q quits" -- wait_for p "EXITED 0"
tm kill-session -t p

# --- search in the reader without colour: the current match is reverse
# and bold, the other matches underlined; n moves the current one
tm new-session -d -s s -x 80 -y 24 "$env_cmd TERM=vt100 '$LUOSHI'; echo EXITED \$?; sleep 60"
ok "search: the screens start" -- wait_for s "luoshi | Outline"
for k in R / 党课 Enter; do
	tm send-keys -t s "$k"
	sleep 0.2
done
ok "search: the first match" -- wait_for s "match 1 of"
esc=$(printf '\033')
cur_line() { tm capture-pane -e -p -t s | grep -n "$esc\[1;7m党课" | cut -d: -f1; }
tm capture-pane -e -p -t s >"$T/sgr"
is "search: one match is reverse and bold" "$(grep -c "$esc\[1;7m党课" "$T/sgr")" 1
ok "search: the others are underlined" -- grep -q "$esc\[4m党课" "$T/sgr"
first=$(cur_line)
tm send-keys -t s n
ok "search: n" -- wait_for s "match 2 of"
second=$(cur_line)
ok "search: n moves the current match on the same page ($first -> $second)" -- \
	test -n "$second" -a "$first" != "$second"
tm send-keys -t s Q
tm kill-session -t s

# --- ambiguous-width = 2 in a terminal that draws “ one column wide
# (tmux follows C.UTF-8): the question is still asked, the answer said once
mkdir -p "$XDG_CONFIG_HOME/luoshi"
printf 'set ambiguous-width = 2\n' >"$XDG_CONFIG_HOME/luoshi/config"
tm new-session -d -s w -x 80 -y 24 "$env_cmd '$LUOSHI'; echo EXITED \$?; sleep 60"
ok "forced width: the terminal's answer is said" -- \
	wait_for w "the terminal draws “”… 1 column wide, not 2: set ambiguous-width = auto"
is "forced width: in one line" "$(grep -c 'ambiguous-width = auto' "$T/cap")" 1
tm send-keys -t w j
sleep 0.3
tm capture-pane -p -t w >"$T/cap"
is "forced width: once (the next key clears it for good)" "$(grep -c 'ambiguous-width' "$T/cap")" 0
tm send-keys -t w Q
ok "forced width: Q quits" -- wait_for w "EXITED 0"
rm -f "$XDG_CONFIG_HOME/luoshi/config"
done_testing
