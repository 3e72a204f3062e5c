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

# allow_ids: the words a Chinese screen may show in ASCII, in $ALLOW: ids
# (actions, keymaps, settings, filter words, the user), key names, the
# extensions of the files an export writes and the words of the database's
# file name (or connection string).
allow_ids() {
	actions=$(sed -n 's/^.*X([A-Z_]*, "\([a-z-]*\)".*$/\1/p' "${top_srcdir:-.}/include/luoshi/ui_action.h")
	ALLOW="luoshi $actions generic outline reader tasks detail dashboard help
		bind set ambiguous-width line-graphics colors auto yes no
		config XDG_CONFIG_HOME EDITOR status: status:doing unit:
		Enter Return Esc Escape Tab BackTab S-Tab Space Backspace BS Del Delete
		Ins Insert Up Down Left Right Home End PgUp PageUp PgDn PageDown xlsx csv md json
		$(id -un) $(echo "$LUOSHI_DB" | tr '/._=' '    ') $(echo "$LUOSHI_DB" | tr '/.=' '   ')"
	export ALLOW
}

# english_words FILE: the ASCII words (2+ letters) of a screen that are not
# in $ALLOW (allow_ids) or a key like C-u; prints them with their rows and
# fails when there is one. A word cut at the end of a row (~) passes when
# it begins an allowed one.
english_words() {
	perl -CSD -ne 'BEGIN { @ok = split " ", $ENV{ALLOW}; %ok = map { $_ => 1 } @ok }
		chomp;
		while (/(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_:-]*)(~$)?/g) {
			my ($w, $cut) = ($1, $2); $w =~ s/-+$//;
			next if ($w =~ tr/A-Za-z//) < 2 || $ok{$w} || $w =~ /^[CMS]-.$/;
			next if $cut && grep { index($_, $w) == 0 } @ok;
			print "$.: $w: $_\n"; $bad = 1;
		}
		END { exit($bad ? 1 : 0) }' "$1"
}

# need_nls: the rest of the test is about the Chinese catalogue; a build
# without NLS (./configure --disable-nls) skips it, saying so.
need_nls() {
	if [ "${USE_NLS:-yes}" = no ]; then
		echo "1..0 # SKIP built without NLS (./configure --disable-nls): no catalogue"
		exit 0
	fi
}
