#!/bin/sh
# luoshi docs reads the documents a page at a time (200 a page, issue 9):
# more than two pages of documents must still be listed whole, in order of
# id, each with its own counts (read for its page alone); --limit N stops
# after N, across a page's end too; a reader that stops early ends the
# listing quietly.
. "${srcdir:-.}/tests/lib.sh"
L() { "$LUOSHI" "$@"; }

N=450
i=1
while [ $i -le $N ]; do
	printf '关于第%d号列表测试的通知\n\n各单位：\n\n为检验文件列表，现通知如下。\n\n一、重点任务\n\n（一）推进第%d号措施。组织部要在2027年6月底前组织开展检查。\n' \
		$i $i >"$T/d$i.txt"
	i=$((i + 1))
done
# shellcheck disable=SC2046
L import $(i=1; while [ $i -le $N ]; do echo "$T/d$i.txt"; i=$((i + 1)); done) >/dev/null 2>"$T/err"
ids=$(db_query "SELECT count(*) FROM documents")
is "$N documents imported" "$ids" $N
# a task done in the first, the second and the third page (each document's
# first task)
for d in 3 233 447; do
	t=$(db_query "SELECT min(t.id) FROM tasks t JOIN nodes n ON n.id = t.node_id
		JOIN documents d ON d.id = n.doc_id WHERE d.title = '关于第${d}号列表测试的通知'")
	L done "$t" >/dev/null
done

# id and done/tasks of each line, against the documents and a recount
RECOUNT="SELECT d.id || ' ' ||
	sum(CASE WHEN t.status IN ('done','closed','ongoing') THEN 1 ELSE 0 END) || '/' ||
	sum(CASE WHEN t.status <> 'dropped' THEN 1 ELSE 0 END)
	FROM documents d LEFT JOIN nodes n ON n.doc_id = d.id LEFT JOIN tasks t ON t.node_id = n.id
	GROUP BY d.id ORDER BY d.id"
cols() { awk 'NR > 1 { s = substr($0, 18, 10); gsub(/ /, "", s); print $1, s }'; }
L docs >"$T/all" 2>"$T/all.err"
is "docs: a heading and every document" "$(wc -l <"$T/all")" $((N + 1))
cols <"$T/all" >"$T/got"
db_query "$RECOUNT" >"$T/want"
ok "docs: every document in order of id with its own counts" -- cmp "$T/want" "$T/got"
is "docs: three documents with a task done" "$(grep -c ' 1/1$' "$T/got")" 3
ok "docs: each title on its line" -- sh -c "grep -c '列表测试的通知' '$T/all' | grep -qx $N"

# The overdue tasks have a column of their own: a document with some (one
# task due 2027-01-10, the clock at 2027-01-15; the others are due
# 2027-06-30) lists its title in the same column as every other, under
# TITLE.
t=$(db_query "SELECT min(t.id) FROM tasks t JOIN nodes n ON n.id = t.node_id
	JOIN documents d ON d.id = n.doc_id WHERE d.title = '关于第5号列表测试的通知'")
L set "$t" due=2027-01-10 >/dev/null
LUOSHI_NOW=1800000000 L docs --limit 8 >"$T/late" # 2027-01-15
ok "docs: the late document's overdue count under LATE" -- \
	sh -c "grep '关于第5号' '$T/late' | grep -q '\\]    1!  关于'"
is "docs: every title, and TITLE, start in one column" \
	"$(awk '{ print index($0, NR == 1 ? "TITLE" : "关于") }' "$T/late" | sort -u)" 49

for n in 1 7 200 201 250; do
	L docs --limit "$n" >"$T/lim"
	head -n $((n + 1)) "$T/all" >"$T/lim.want"
	ok "docs --limit $n: the heading and the first $n" -- cmp "$T/lim.want" "$T/lim"
done
L docs --limit=5 >"$T/lim"
ok "docs --limit=5 as --limit 5" -- cmp "$T/lim" "$(head -n 6 "$T/all" >"$T/lim5"; echo "$T/lim5")"
L docs --limit 9999 >"$T/lim"
ok "docs --limit above the count: every document" -- cmp "$T/all" "$T/lim"

for bad in "--limit 0" "--limit -3" "--limit x" "--limit" "extra"; do
	# shellcheck disable=SC2086
	L docs $bad >"$T/out" 2>"$T/err"
	rc=$?
	is "docs $bad: usage error (exit 2)" "$rc" 2
	is "docs $bad: one line on stderr, nothing listed" "$(wc -l <"$T/err") $(wc -c <"$T/out")" "1 0"
done

# A reader that has gone: head stops after three lines (luoshi may have
# written all it had into the pipe by then: 0 or SIGPIPE), and a pipe
# whose reader is gone before the first line: killed by SIGPIPE, or where
# SIGPIPE is ignored, a quiet exit 1. Never a word on stderr.
(
	L docs 2>"$T/err1"
	echo $? >"$T/rc1"
) | head -n 3 >"$T/head"
is "| head -n 3: three lines" "$(wc -l <"$T/head")" 3
ok "| head -n 3: exit 0 or SIGPIPE" -- grep -qx '0\|141' "$T/rc1"
is "| head -n 3: nothing on stderr" "$(wc -c <"$T/err1")" 0
gone() { # gone SIGPIPE-DISPOSITION: luoshi docs into a pipe already read by no one
	python3 - "$LUOSHI" "$1" <<'PY'
import os, signal, subprocess, sys
r, w = os.pipe()
os.close(r)
sig = signal.SIG_IGN if sys.argv[2] == "ignore" else signal.SIG_DFL
p = subprocess.run([sys.argv[1], "docs"], stdout=w, stderr=subprocess.PIPE,
                   preexec_fn=lambda: signal.signal(signal.SIGPIPE, sig))
print(p.returncode, len(p.stderr))
PY
}
is "a reader gone: killed by SIGPIPE, nothing on stderr" "$(gone default)" "-13 0"
is "SIGPIPE ignored: exit 1, nothing on stderr" "$(gone ignore)" "1 0"

done_testing
