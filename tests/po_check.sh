#!/bin/sh
# The catalogues: the messages of the files in po/POTFILES.in, extracted
# afresh from the sources as po/Makefile does, are all translated in every
# language of po/LINGUAS (msgfmt --check --statistics: no fuzzy, no
# untranslated message, format strings that match); every screen file and
# every command-line file is in POTFILES.in.
. "${srcdir:-.}/tests/lib.sh"
top=${top_srcdir:-.}
for tool in xgettext msgmerge msgfmt; do
	command -v $tool >/dev/null || { echo "1..0 # SKIP $tool not found (apt-get install gettext)"; exit 0; }
done

# the extraction options of po/Makevars, read by make itself
opts=$(printf 'include %s\nprint:\n\t@echo $(XGETTEXT_OPTIONS)\n' "$top/po/Makevars" | env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -f - print)
ok "po/Makevars gives the extraction options" -- test -n "$opts"
# shellcheck disable=SC2086
(cd "$top" && xgettext --default-domain=luoshi --directory=. --add-comments=TRANSLATORS: \
	--files-from=po/POTFILES.in $opts -o "$T/luoshi.pot") 2>"$T/xg.err"
ok "xgettext reads every file of POTFILES.in" -- test -s "$T/luoshi.pot"
n=$(grep -c '^msgid ' "$T/luoshi.pot")
ok "xgettext finds the screens' messages ($n)" -- test "$n" -gt 150

for f in "$top"/src/ui*.c "$top"/src/cli*.c; do
	ok "POTFILES.in lists ${f#"$top"/}" -- grep -qx "${f#"$top"/}" "$top/po/POTFILES.in"
done
for f in $(grep -v '^#' "$top/po/POTFILES.in"); do
	ok "POTFILES.in: $f exists" -- test -f "$top/$f"
done

for lang in $(grep -v '^#' "$top/po/LINGUAS"); do
	ok "$lang.po: msgfmt --check" -- msgfmt --check -o /dev/null "$top/po/$lang.po"
	msgmerge --quiet --no-fuzzy-matching -o "$T/$lang.po" "$top/po/$lang.po" "$T/luoshi.pot"
	msgfmt --check --statistics -o /dev/null "$T/$lang.po" 2>"$T/$lang.stats"
	ok "$lang.po: every message of the sources translated, none fuzzy ($(cat "$T/$lang.stats"))" -- \
		sh -c "grep -q '^[0-9]* translated messages\.$' '$T/$lang.stats'"
done
done_testing
