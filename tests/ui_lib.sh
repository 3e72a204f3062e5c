# ui_lib.sh - helpers for the headless screen tests (tig style). Source it
# after lib.sh. The screens draw into a newterm() on /dev/null
# (LUOSHI_TEST_SCREEN), read keys from a script through the config's key
# parser (LUOSHI_TEST_KEYS) and dump rows with `:save-display FILE`.
export LUOSHI_NOW=1780000000 # 2026-05-28 12:26 UTC: overdue and times are reproducible
export TERM=vt100            # no colour: the dumps hold characters only anyway
unset NO_COLOR VISUAL EDITOR LANGUAGE

# keys: write the key script for the next ui_run from stdin.
keys() {
	cat >"$T/keys"
}

# ui_run COLS LINES [luoshi args...]: run the screens on $T/keys.
ui_run() {
	_cols=$1 _lines=$2
	shift 2
	LUOSHI_TEST_SCREEN=1 LUOSHI_TEST_KEYS="$T/keys" COLUMNS=$_cols LINES=$_lines \
		timeout 30 "$LUOSHI" "$@"
}

# screen_is DESCRIPTION FILE: the dump FILE equals the screen on stdin.
# With UI_REGEN=DIR the dumps are copied there instead (to update a test
# after a deliberate change of the screens; review the diff).
screen_is() {
	cat >"$T/want"
	if [ -n "${UI_REGEN:-}" ]; then
		cp "$2" "$UI_REGEN/$(basename "$2")"
		return
	fi
	ok "$1" -- diff -u "$T/want" "$2"
}

# rows FILE FIRST LAST: rows FIRST..LAST (1-based) of a dump.
rows() {
	sed -n "$2,$3p" "$1"
}

# fits_in COLS FILE: no row of a dump is wider than COLS display columns
# (East Asian Wide and Fullwidth count 2); prints the rows that are.
fits_in() {
	perl -CSD -ne 'chomp; my $w = 0;
		for (split //) { $w += /\p{Ea=W}|\p{Ea=F}/ ? 2 : 1 }
		if ($w > '"$1"') { print "$.: $w: $_\n"; $bad = 1 }
		END { exit($bad ? 1 : 0) }' "$2"
}
