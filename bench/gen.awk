# gen.awk - write synthetic policy documents for benchmarks.
# awk -v docs=N -v sec=S -v mea=M -v sen=K -v out=DIR -f gen.awk
# Each document: S sections 一、…, M measures 1. 2. … each, K action sentences
# per measure (so docs*S*M*K proposed tasks). One file per document in DIR.
function cn(n,   d, t) {
	d = "一二三四五六七八九"
	if (n < 10) return substr(d, 3 * (n - 1) + 1, 3) ""
	t = int(n / 10)
	return (t > 1 ? substr(d, 3 * (t - 1) + 1, 3) : "") "十" (n % 10 ? substr(d, 3 * (n % 10 - 1) + 1, 3) : "")
}
BEGIN {
	units[0] = "组织部"; units[1] = "宣传部"; units[2] = "办公室"; units[3] = "纪委监委"
	freq[0] = "每年"; freq[1] = "每季度"; freq[2] = "每月"; freq[3] = "定期"; freq[4] = ""

	for (d = 1; d <= docs; d++) {
		f = sprintf("%s/doc%04d.txt", out, d)
		m = 0
		printf "关于第%d批重点任务落实工作的实施方案\n（2026年1月%d日）\n\n", d, (d % 28) + 1 > f
		printf "为推动第%d批重点任务落地见效，现提出如下方案。\n\n", d > f
		for (s = 1; s <= sec; s++) {
			printf "%s、强化第%d方面工作\n\n", cn(s), s > f
			for (j = 1; j <= mea; j++) {
				m++
				printf "%d.推进第%d项措施。", m, m > f
				for (k = 1; k <= sen; k++)
					printf "%s要%s组织开展第%d项措施第%d个环节的督促检查，确保按期完成。", units[(m + k) % 4], freq[(m * k) % 5], m, k > f
				printf "\n\n" > f
			}
		}
		printf "各单位要把落实本方案作为重要任务，加强组织领导。\n" > f
		close(f)
	}
}
