#!/bin/sh
# A word that very many rows hold: the outline keeps the first 10,000 hits
# of a search (the memory of a million would not fit a small server) and
# says so; fewer are counted exactly, and n/N still step through them.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/ui_lib.sh"

paging_doc "$T/doc.txt"
# four different documents of 600 measures and 2,400 tasks each: every
# measure and every task holds 督促检查, 12,000 hits in all
for i in 1 2 3 4; do
	sed "s/分页测试/分页测试$i/" "$T/doc.txt" >"$T/doc$i.txt"
done
"$LUOSHI" import "$T/doc1.txt" "$T/doc2.txt" "$T/doc3.txt" "$T/doc4.txt" >/dev/null 2>&1
is "the command line counts every hit" "$("$LUOSHI" search --count 督促检查)" 12000

keys <<EOF
/
:type 督促检查
<Enter>
:save-display $T/s1
n
:save-display $T/s2
N
N
:save-display $T/s3
EOF
ui_run 80 24
msg() { grep -o 'match [0-9]* of [a-z ]*[0-9]*' "$1"; }
is "/ on 12,000 hits: the first 10,000 kept, and the line says so" "$(msg "$T/s1")" "match 1 of the first 10000"
is "n: the second" "$(msg "$T/s2")" "match 2 of the first 10000"
is "N N from the second: wraps to the last kept" "$(msg "$T/s3")" "match 10000 of the first 10000"

keys <<EOF
/
:type 第7项措施第3个环节
<Enter>
:save-display $T/s4
EOF
ui_run 80 24
is "a word with fewer hits is counted exactly" "$(msg "$T/s4")" "match 1 of $("$LUOSHI" search --count 第7项措施第3个环节)"
done_testing
