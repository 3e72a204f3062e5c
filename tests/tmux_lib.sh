# tmux_lib.sh - the real binary in a real terminal, for the tmux tests:
# a tmux server of the test's own (killed at exit), and waiting for what a
# pane shows. Source it after lib.sh; tmux_start first.

# tmux_start NAME: this test's server (socket luoshi-NAME-PID); a test on
# a machine without tmux fails, saying so (.ci/run installs it).
tmux_start() {
	sock=luoshi-$1-$$
	at_exit 'timeout 10 tmux -L "$sock" kill-server >/dev/null 2>&1'
	ok "tmux is installed (.ci/run installs it)" -- command -v tmux
	command -v tmux >/dev/null || { done_testing; exit 1; }
	# a session that outlives the others: the server ends with its last
	# session, and a test that kills one must not lose the server while it
	# starts the next (seen as "no server running" on a loaded machine)
	tm new-session -d -s keep "sleep 3600"
}
# tm ARGS: tmux on this test's server, never hanging the test.
tm() { timeout 10 tmux -L "$sock" "$@"; }
# wait_for SESSION TEXT [TENTHS]: poll the pane (10 s unless TENTHS says)
# until TEXT shows; the capture is left in $T/cap, with the colours (-e)
# when CAP_ESC=1; prints the pane when TEXT never came.
wait_for() {
	_i=0
	while [ $_i -lt "${3:-100}" ]; do
		if [ "${CAP_ESC:-0}" = 1 ]; then
			tm capture-pane -e -p -t "$1" >"$T/cap"
		else
			tm capture-pane -p -t "$1" >"$T/cap"
		fi
		grep -q -- "$2" "$T/cap" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	cat "$T/cap"
	return 1
}
# type SESSION KEY...: one key at a time, as a person types (keys that
# arrive in one read outside a prompt are taken for a paste and ignored)
type() {
	_t=$1
	shift
	for _k in "$@"; do
		tm send-keys -t "$_t" "$_k"
		sleep 0.05
	done
}
