#!/bin/sh
# The same document in every format luoshi reads gives the same text, the
# same outline and the same stored tree: three 公文 written for these tests
# (a 报告 with 版头 and 版记; a 通知 with a 任务分工表; a 办法 with 章 and 条
# and a running header) and the bundled seed, each made by tests/fmt/mkdoc.py
# as text, a current and an old GBK web page, a Word- and a WPS-shaped .docx,
# a PDF and an OFD file.
. "${srcdir:-.}/tests/lib.sh"
DUMP=${DUMP:-$(dirname "$LUOSHI")/tests/fmt_dump}
MKDOC="${srcdir:-.}/tests/fmt/mkdoc.py"
if ! command -v python3 >/dev/null; then
	echo "1..0 # SKIP python3 (which makes the test documents) is not installed"
	exit 0
fi
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }
L() { "$LUOSHI" "$@"; }
# The stored document as JSON without what names the format.
tree() { L export --format json 2>&1 | sed 's/,"encoding":"[^"]*"//'; }
# What import says about FILE (its first line), into a fresh database DB.
imp() { LUOSHI_DB="$1" L import "$2" 2>&1 | head -1; }
built_without() { # a reader this build lacks says so; then its checks are skipped
	LUOSHI_DB="$T/probe.db" L import "$1" 2>&1 | grep -q "built without"
}
have_pdftotext=1
command -v pdftotext >/dev/null || have_pdftotext=0

check_format() { # SPEC DIR FILE LABEL: FILE reads as DIR/doc.txt does
	spec=$1 dir=$2 file=$3 label=$4
	what="$spec $file"
	case $file in
	*.pdf) if [ $have_pdftotext = 0 ]; then
		skip "$what" "pdftotext (poppler-utils) is not installed"
		return
	fi ;;
	*) if built_without "$dir/$file"; then
		skip "$what" "this luoshi was built without its library"
		return
	fi ;;
	esac
	db="$dir/$file.db"
	is "$what: imported as $label" "$(imp "$db" "$dir/$file" | sed 's/.* imported (\(.*\)) as .*/\1/')" "$label"
	# the text: exactly the reference, but a PDF has no U+3000 (it is layout)
	"$DUMP" "$dir/$file" 2>/dev/null >"$dir/$file.txt"
	if [ "${file%.pdf}" != "$file" ]; then
		sed 's/　/ /g' "$dir/doc.txt" >"$dir/want.txt"
	else
		cp "$dir/doc.txt" "$dir/want.txt"
	fi
	ok "$what: the same text as the text copy" -- diff "$dir/want.txt" "$dir/$file.txt"
	LUOSHI_DB="$db" L outline 1 >"$dir/$file.outline" 2>&1
	ok "$what: the same outline" -- diff "$dir/txt.outline" "$dir/$file.outline"
	LUOSHI_DB="$db" tree >"$dir/$file.json"
	ok "$what: the same tree, tasks and fields" -- cmp "$dir/txt.json" "$dir/$file.json"
}

for spec in banji fengong banfa seed; do
	dir="$T/$spec"
	python3 "$MKDOC" "${srcdir:-.}/tests/fmt/$spec.spec" "$dir" >"$T/mkdoc.err" 2>&1
	is "$spec: documents made" "$?:$(cat "$T/mkdoc.err")" "0:"
	is "$spec: the text copy imports" "$(imp "$dir/txt.db" "$dir/doc.txt" | grep -c 'imported (UTF-8)')" 1
	LUOSHI_DB="$dir/txt.db" L outline 1 >"$dir/txt.outline" 2>&1
	LUOSHI_DB="$dir/txt.db" tree >"$dir/txt.json"
	check_format $spec "$dir" doc.html "html (UTF-8)"
	check_format $spec "$dir" doc-gbk.html "html (GB18030)"
	check_format $spec "$dir" doc.docx docx
	check_format $spec "$dir" doc-wps.docx docx
	check_format $spec "$dir" doc.pdf pdf
	check_format $spec "$dir" doc.ofd ofd
done

# The documents say what they are meant to: the checks above compare like
# with like, these make sure the like is right.
o="$T/banji/txt.outline"
ok "banji: sections 一、 and 二、 in the outline" -- grep -q "二、下一步工作安排" "$o"
ok "banji: a level-4 item （2） in the outline" -- grep -q "（2）完善农村道路交通安全设施" "$o"
ok "fengong: the task table reached the text" -- grep -q "$(printf '2\t深化工程建设项目审批制度改革')" "$T/fengong/doc.txt"
ok "banfa: 第九条 in the outline" -- grep -q "第九条" "$T/banfa/txt.outline"
ok "seed: measure 15 in the outline" -- grep -q "15.常态化开展突出问题整治" "$T/seed/txt.outline"

# What a reader does not see stays out: the site around a web page, a
# Word file's hidden and deleted text, footnotes, headers and footers, a
# PDF's page numbers and running header.
for f in doc.html doc-gbk.html doc.docx doc-wps.docx doc.pdf doc.ofd; do
	[ -s "$T/banji/$f.txt" ] || continue
	ok "banji $f: nothing from around the text" -- sh -c "! grep -E '首页|分享到|版权所有|统计|隐藏|栏目|打印|政务公开|隐藏文字|已删除|脚注|页眉|模板|— [0-9] —|SEQ' '$T/banji/$f.txt'"
done
[ -s "$T/banfa/doc.pdf.txt" ] &&
	ok "banfa pdf: the running header is gone" -- sh -c "! grep -q '人民政府公报' '$T/banfa/doc.pdf.txt'"
done_testing
