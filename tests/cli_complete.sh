#!/bin/sh
# The bash completion (completion/luoshi), called as bash calls it: the
# function _luoshi with COMP_WORDS and COMP_CWORD set (and once with
# COMP_LINE, as bash splits status:doing at its colon). Commands, options,
# filter words and their values from the database, task, node and document
# ids, fields of luoshi set; every command of the table has its branch in
# the completion file, so a command added without completion fails here.
. "${srcdir:-.}/tests/lib.sh"
top=${top_srcdir:-.}
COMP="$top/completion/luoshi"
command -v bash >/dev/null || { echo "1..0 # SKIP bash not found"; exit 0; }
mkdir -p "$T/bin"
ln -s "$LUOSHI" "$T/bin/luoshi"
PATH="$T/bin:$PATH"
export PATH

"$LUOSHI" import "$SEED" >/dev/null
"$LUOSHI" set 1 status=doing unit=组织部 assist=宣传部,办公室 owner=张三 >/dev/null
"$LUOSHI" set 2 unit=宣传部 owner="欧阳 修" >/dev/null

# comp WORD...: the completions of the last word, one a line.
comp() {
	bash -c 'source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _luoshi
		((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"' "$COMP" "$@"
}
# has WANT WORD...: WANT is among the completions.
has() {
	want=$1; shift
	comp "$@" | grep -qxF -- "$want"
}

# every command of the table, and nothing else
"$LUOSHI" --complete commands >"$T/cmds"
n=$(wc -l <"$T/cmds")
ok "--complete commands lists the commands ($n)" -- test "$n" -ge 15
comp luoshi "" >"$T/got"
ok "luoshi <Tab> offers every command" -- cmp "$T/cmds" "$T/got"
is "luoshi ta<Tab>" "$(comp luoshi ta)" tasks
for c in $(cat "$T/cmds"); do
	ok "$c: in the command table (luoshi $c --help)" -- "$LUOSHI" "$c" --help
	ok "$c: completion/luoshi completes its arguments" -- \
		bash -c 'source "$0"; _luoshi_args "$1" 1 ""' "$COMP" "$c"
	"$LUOSHI" "$c" --help | sed -n '1s/^usage: luoshi [a-z]* //p' | grep -o -- '--[a-z-]*' | sort -u >"$T/want"
	comp luoshi "$c" -- | sort -u >"$T/opts"
	ok "$c: every option of its usage line completes" -- sh -c "comm -23 '$T/want' '$T/opts' | grep -q . && exit 1 || exit 0"
done
ok "an unknown command has no branch (the check above can fail)" -- \
	sh -c "! bash -c 'source \"\$0\"; _luoshi_args frobnicate 1 \"\"' '$COMP'"
is "luoshi help ex<Tab>" "$(comp luoshi help ex)" export
ok "the options before a command" -- has --read-only luoshi --
ok "import --<Tab> offers --strict" -- has --strict luoshi import --
ok "export --format <Tab> offers csv" -- has csv luoshi export --format ""
ok "import --format <Tab> offers docx" -- has docx luoshi import --format ""
ok "tasks --sort <Tab> offers due" -- has due luoshi tasks --sort ""

# filter words and their values
ok "tasks <Tab> offers the filter words" -- has status: luoshi tasks ""
ok "tasks s<Tab> offers soon" -- has soon luoshi tasks s
is "tasks status:do<Tab>" "$(comp luoshi tasks status:do | tr '\n' ' ')" "status:doing status:done "
ok "tasks unit:<Tab> offers a lead unit of the database" -- has unit:组织部 luoshi tasks unit:
ok "tasks unit:<Tab> offers an assisting unit" -- has unit:办公室 luoshi tasks unit:
is "units are offered once each" "$(comp luoshi tasks unit: | grep -c 宣传部)" 1
ok "tasks owner:<Tab> offers an owner with a space whole" -- has "owner:欧阳 修" luoshi tasks owner:
ok "tasks recur:<Tab> offers yearly" -- has recur:yearly luoshi tasks recur:
ok "tasks doc:<Tab> offers document 1" -- has doc:1 luoshi tasks doc:

# ids from the database
n=$("$LUOSHI" tasks | tail -n +2 | wc -l)
is "show <Tab> offers every task id" "$(comp luoshi show "" | wc -l)" "$n"
ok "show 1<Tab> offers 12" -- has 12 luoshi show 1
is "show 1 <Tab>: one task only" "$(comp luoshi show 1 "" | wc -l)" 0
ok "add <Tab> offers node ids" -- has 2 luoshi add ""
ok "ui --node <Tab> offers node ids" -- has 2 luoshi ui --node ""
ok "outline <Tab> offers document ids" -- has 1 luoshi outline ""

# fields of set and add
ok "set 1 <Tab> offers owner=" -- has owner= luoshi set 1 ""
ok "set 1 status=<Tab> offers status=blocked" -- has status=blocked luoshi set 1 status=
ok "set 1 owner=<Tab> offers an owner" -- has owner=张三 luoshi set 1 owner=
ok "set 1 --<Tab> offers --expect-version" -- has --expect-version luoshi set 1 --

# another database named by --db
"$LUOSHI" --db "$T/other.db" import "$SEED" >/dev/null
"$LUOSHI" --db "$T/other.db" set 3 owner=李四 >/dev/null
ok "--db FILE tasks owner:<Tab> reads FILE" -- has owner:李四 luoshi --db "$T/other.db" tasks owner:
is "and not the default database" "$(comp luoshi tasks owner: | grep -c 李四)" 0

# as bash calls it: the line split at : and =, only the rest replaced
cat >"$T/line.sh" <<'EOF'
source "$1"
COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
COMP_LINE="luoshi tasks status:do"; COMP_POINT=${#COMP_LINE}
COMP_WORDS=(luoshi tasks status : do); COMP_CWORD=4
_luoshi; printf "%s\n" "${COMPREPLY[@]}"
EOF
is "COMP_LINE status:do<Tab> replaces the part after the colon" "$(bash "$T/line.sh" "$COMP" | tr '\n' ' ')" "doing done "

# a database that cannot be read: no words, nothing on the terminal
comp luoshi --db /nonexistent/dir/x.db show "" >"$T/none.out" 2>"$T/none.err"
ok "an unreadable database: no words" -- test ! -s "$T/none.out"
ok "and nothing on stderr" -- test ! -s "$T/none.err"
ok "and no database created" -- test ! -e /nonexistent/dir/x.db
done_testing
