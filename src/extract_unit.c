/* extract_unit.c - who does it: the responsibility notes after a measure
 * （发展改革委、财政部负责） （A牵头，B、C参与） （负责部门：A）, and the
 * units a sentence names as its doers: 由A牵头、B配合, A会同B…, A要…. */
#include "config.h"
#include "extract_impl.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/utf8.h"

#define UNIT_CHARS_MAX 30 /* a unit's name is never longer */
#define SUBJECT_CLAUSES 2 /* a doer is named in the first clauses */
#define SUBJECT_CHARS 80   /* where a sentence names its doers */
#define LIST_BYTES_MAX 600 /* a list of units is never longer (about 200 characters) */

/* ---- what a unit's name looks like ---- */

static const char *const unit_ends[] = {
	"部", "委", "局", "署", "办", "厅", "院", "行", "会", "中心", "政府", "党委", "党组",
	"机关", "单位", "部门", "总社", "集团", "公司", "协会", "小组", "法院", "检察院",
	"工商联", "团中央", "妇联", "军区", "方面", "机构", "办公室", "委员会", "领导小组",
	"地区", "省", "市", "县", "州", "盟", "兵团", "室", "处", "司", "科", "站", "所", "队",
	"党组织", "社会组织",
};

/* 各地, 各级, 各方: the whole of a kind, a doer in its own right. */
static const char *const each[] = {"各地", "各级", "各方", "各省", "各市", "各县", "各区"};

/* Words that are never part of a unit's name. */
static const char *const never[] = {"的", "是", "将", "把", "被", "对", "所", "从", "通过", "按"};

/* A name never starts with a basis (根据…跨部门), nor ends with a word a
 * clause goes on after (各部门在), nor is a verb the 行 it ends with
 * (非执行, 认真进行; 银行, 国开行, 分支行 are names) or 社会 or 机会 the 会.
 * 要 and 在 begin no name (要设立…机构, 在京津冀…领导小组) but 要素…
 * (要素市场…领导小组) and 在 with one place (在京单位). */
static const char *const never_first[] = {"根据", "按照", "依据", "由"};
static const char *const never_last[] = {
	"在", "要", "对", "和", "与", "及", "社会", "机会", "执行", "进行", "运行",
	"实行", "施行", "推行", "试行", "举行", "履行", "践行", "先行", "并行", "可行",
	"流行", "通行", "奉行", "遵行", "同行", "自行", "另行", "暂行"};
/* one-character names of provinces and cities: 在京单位, 在沪机构 */
static const char *const place_one[] = {"京", "津", "沪", "渝", "冀", "晋", "辽", "吉", "黑",
					"苏", "浙", "皖", "闽", "赣", "鲁", "豫", "鄂", "湘",
					"粤", "琼", "川", "蜀", "黔", "贵", "滇", "云", "陕",
					"秦", "甘", "陇", "青", "蒙", "桂", "藏", "宁", "新",
					"港", "澳", "台", "华"};

static struct xt_words first_words = XT_WORDS(never_first);
static struct xt_words last_words = XT_WORDS(never_last);
static struct xt_words place_words = XT_WORDS(place_one);

/* 在 + one place (在京单位), not 在 + a region or a clause (在京津冀…) */
static int bad_start(const char *s, size_t n)
{
	if (xt_word_at(&first_words, s, n) >= 0)
		return 1;
	if (xt_starts(s, n, "要"))
		return !xt_starts(s + 3, n - 3, "素");
	if (xt_starts(s, n, "在"))
		return !(n > 6 && xt_word_at(&place_words, s + 3, n - 3) >= 0 &&
			 xt_word_at(&place_words, s + 6, n - 6) < 0);
	return 0;
}

static struct xt_words never_words = XT_WORDS(never);
static struct xt_words each_words = XT_WORDS(each);
static struct xt_words end_words = XT_WORDS(unit_ends);

/* Does the name end as a unit's does (…部, …委员会), or name every place
 * of a kind (各地, 各镇街; not 各项, 各类…)? */
static int unit_like(const char *s, size_t n)
{
	static const char *const not_each[] = {"各项", "各类", "各种", "各个", "各自", "各样", "各方面"};
	int whole = xt_word_at(&each_words, s, n);
	if (whole >= 0 && each_words.len[whole] == n)
		return 1;
	if (xt_starts(s, n, "各") && xt_chars_upto(s, n, 4) <= 4) {
		for (size_t k = 0; k < ARRAY_SIZE(not_each); k++)
			if (xt_starts(s, n, not_each[k]))
				return 0;
		return 1;
	}
	return xt_word_end(&end_words, s, n) >= 0;
}

/* The endings of an office that a verb can begin (组织部, 编制办, 审核机构,
 * 督查室): never a place (省教育厅指导市县教育部门: 指导市 is no name). */
static const char *const office_ends[] = {
	"部门", "部", "办公室", "办", "机构", "室", "局", "委员会", "委", "处", "科", "中心",
	"领导小组", "小组", "司", "厅",
};
static struct xt_words office_words = XT_WORDS(office_ends);

/* 党委组织部, 机构编制部门: a verb (组织, 编制) at e with an office's
 * ending right after it, within lim: where that ending ends, or 0. */
static size_t verb_in_name(const char *s, size_t n, size_t e, size_t lim)
{
	size_t v = xt_verb_at(s + e, n - e);
	if (!v || e + v >= lim)
		return 0;
	int k = xt_word_at(&office_words, s + e + v, n - e - v);
	return k >= 0 && e + v + office_words.len[k] <= lim ? e + v + office_words.len[k] : 0;
}

/* A unit's name. The doers' search tries every prefix of a clause that a
 * marker follows, and most are no name: how it ends is asked first, the
 * scans of the whole name (its length, ASCII, words never in a name)
 * last. */
static int is_unit(const char *s, size_t n)
{
	/* 组织部门 is a name though 组织 is a verb; 组织专家 is none */
	if (!unit_like(s, n) || (xt_verb_at(s, n) && !verb_in_name(s, n, 0, n)))
		return 0;
	if (bad_start(s, n) || xt_word_end(&last_words, s, n) >= 0)
		return 0;
	/* 各省（区、市）人民政府 is one name: 各省（区 is none */
	const char *open = xt_find(s, n, "（"), *close = xt_find(s, n, "）");
	if (!open != !close || (open && close < open))
		return 0;
	size_t chars = xt_chars_upto(s, n, UNIT_CHARS_MAX);
	if (chars < 2 || chars > UNIT_CHARS_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x80 && s[i] != ' ')
			return 0;
	return !xt_any_word(&never_words, s, n);
}

/* ---- a list of units ---- */

struct ulist {
	char **v;
	size_t n;
};

static void ul_add(struct ulist *l, const char *s, size_t n)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrndup(s, n);
}

/* Lists are moved at every doer found: into an empty list the array
 * itself goes, else it grows once. */
static void ul_move(struct ulist *to, struct ulist *from)
{
	if (!to->n) {
		free(to->v);
		*to = *from;
	} else {
		if (from->n) {
			to->v = xreallocarray(to->v, to->n + from->n, sizeof *to->v);
			memcpy(to->v + to->n, from->v, from->n * sizeof *to->v);
			to->n += from->n;
		}
		free(from->v);
	}
	from->v = NULL;
	from->n = 0;
}

static void ul_free(struct ulist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static char *ul_join(const struct ulist *l, size_t from)
{
	if (l->n == from + 1 && *l->v[from]) /* one name, most often: a copy */
		return xstrdup(l->v[from]);
	struct sbuf b = SBUF_INIT;
	for (size_t i = from; i < l->n; i++) {
		if (b.len)
			sbuf_adds(&b, "、");
		sbuf_adds(&b, l->v[i]);
	}
	return b.len ? sbuf_detach(&b) : NULL;
}

/* What follows 等 when it only says what kind the units before were. */
static const char *const kinds[] = {"部门", "单位", "机构", "部门和单位", "单位和部门"};
static struct xt_words kind_words = XT_WORDS(kinds);

/* Split a list as written (A、B等和各有关省级人民政府; A等有关部门和单位)
 * into names; every one must look like a unit, else nothing is added and
 * 0 is returned. out NULL: only whether it is such a list (a title needs
 * no names, and every name is a copy). */
static int split_units(const char *s, size_t n, struct ulist *out)
{
	struct ulist l = {NULL, 0};
	size_t i = 0;
	while (i < n) {
		const char *sep = xt_find(s + i, n - i, "、");
		size_t tn = sep ? (size_t)(sep - (s + i)) : n - i;
		const char *tok = s + i;
		/* 商务部等和各有关省级人民政府, 人社部等有关部门和单位, 财政部等 */
		const char *deng = xt_find(tok, tn, "等");
		while (deng && !is_unit(tok, (size_t)(deng - tok)))
			deng = xt_find(deng + 3, tn - (size_t)(deng + 3 - tok), "等");
		if (deng) {
			if (out)
				ul_add(&l, tok, (size_t)(deng - tok));
			size_t rest = (size_t)(deng - tok) + 3;
			if (xt_starts(tok + rest, tn - rest, "和") || xt_starts(tok + rest, tn - rest, "及"))
				rest += 3;
			tok += rest, tn -= rest;
			if (xt_word_is(&kind_words, tok, tn) >= 0)
				tn = 0; /* 财政部等部门: 部门 names no one more */
		}
		/* 各省、自治区、直辖市人民政府 is one name: the 、 of the fixed
		 * phrase separate nothing */
		static const char *const provinces[] = {"各省、自治区、直辖市", "省、自治区、直辖市",
							"各省、区、市", "省、区、市"};
		for (size_t k = 0; k < ARRAY_SIZE(provinces); k++) {
			size_t pl = strlen(provinces[k]), left = n - (size_t)(tok - s);
			if (xt_starts(tok, left, provinces[k])) {
				sep = xt_find(tok + pl, left - pl, "、");
				tn = sep ? (size_t)(sep - tok) : left;
				break;
			}
		}
		/* 融资担保、再担保机构: a name with 、 inside it (a name is short: the
		 * search stops once the piece could no longer be one). unit: what
		 * is_unit said of the piece, -1 when not asked */
		int unit = -1;
		while (tn && tn < UNIT_CHARS_MAX * 3 && !(unit = is_unit(tok, tn)) && sep) {
			const char *more = xt_find(sep + 3, n - (size_t)(sep + 3 - s), "、");
			tn = (size_t)((more ? more : s + n) - tok);
			sep = more;
			unit = -1;
		}
		if (tn) {
			if (!(unit >= 0 ? unit : is_unit(tok, tn))) {
				ul_free(&l);
				return 0;
			}
			if (out)
				ul_add(&l, tok, tn);
		}
		i += (size_t)(tok + tn - (s + i)) + (sep ? 3 : 0);
		if (!sep)
			break;
	}
	if (out)
		ul_move(out, &l);
	return 1;
}

/* ---- responsibility notes ---- */

enum role { ROLE_NONE, ROLE_LEAD, ROLE_DO, ROLE_ASSIST };

/* The role word at the end of a clause (负责, 牵头, 落实, 参与…): its role,
 * and *n shortened to the units before it, past how they do it
 * (A、B按职责分别负责). Longer words first: 牵头负责 before 负责. */
static enum role clause_role(const char *s, size_t *n)
{
	static const struct {
		const char *w;
		enum role r;
	} words[] = {
		{"牵头负责", ROLE_LEAD}, {"分别负责", ROLE_DO}, {"共同负责", ROLE_DO},
		{"负责落实", ROLE_DO},   {"负责实施", ROLE_DO}, {"具体负责", ROLE_DO},
		{"分别落实", ROLE_DO},   {"共同落实", ROLE_DO}, {"具体落实", ROLE_DO},
		{"抓好落实", ROLE_DO},   {"组织落实", ROLE_DO}, {"具体实施", ROLE_DO},
		{"组织实施", ROLE_DO},   {"负责", ROLE_DO},     {"落实", ROLE_DO},
		{"实施", ROLE_DO},       {"指导", ROLE_DO},     {"牵头", ROLE_LEAD},
		{"参与", ROLE_ASSIST},   {"配合", ROLE_ASSIST}, {"协助", ROLE_ASSIST},
		{"协同", ROLE_ASSIST},   {"参加", ROLE_ASSIST},
	};
	static const char *const manner[] = {
		"按照职责分工", "根据职责分工", "依据职责分工", "按职责分工", "依职责分工",
		"按照职责",     "根据职责",     "依据职责",     "按职责",     "依职责",
	};
	static struct xt_words manner_words = XT_WORDS(manner);
	for (size_t k = 0; k < ARRAY_SIZE(words); k++)
		if (xt_ends(s, *n, words[k].w)) {
			*n -= strlen(words[k].w);
			int m = xt_word_end(&manner_words, s, *n);
			if (m >= 0)
				*n -= manner_words.len[m];
			return words[k].r;
		}
	return ROLE_NONE;
}

/* 牵头单位：A  配合单位：B */
static enum role labelled(const char *s, size_t n, size_t *skip)
{
	static const struct {
		const char *w;
		enum role r;
	} labels[] = {
		{"牵头单位", ROLE_LEAD}, {"牵头部门", ROLE_LEAD}, {"负责单位", ROLE_DO},
		{"负责部门", ROLE_DO},   {"责任单位", ROLE_DO},   {"责任部门", ROLE_DO},
		{"主办单位", ROLE_LEAD}, {"配合单位", ROLE_ASSIST}, {"配合部门", ROLE_ASSIST},
		{"参与单位", ROLE_ASSIST}, {"参与部门", ROLE_ASSIST}, {"协办单位", ROLE_ASSIST},
	};
	for (size_t k = 0; k < ARRAY_SIZE(labels); k++) {
		size_t l = strlen(labels[k].w);
		if (!xt_starts(s, n, labels[k].w))
			continue;
		if (xt_starts(s + l, n - l, "："))
			l += 3;
		else if (xt_starts(s + l, n - l, ":"))
			l += 1;
		else
			continue;
		*skip = l;
		return labels[k].r;
	}
	return ROLE_NONE;
}

/* A clause that states the document's rule on who leads (列第一位者为牵头
 * 单位，下同) or says something once for all (以下均需…，不再列出). */
static int rule_clause(const char *s, size_t n)
{
	return xt_find(s, n, "第一位") || xt_find(s, n, "下同") || xt_find(s, n, "不再列出") ||
	       xt_find(s, n, "以下均");
}

struct note_parse {
	struct ulist lead, assist, pending;
	int any;
};

static void give_role(struct note_parse *np, enum role r, struct ulist *units)
{
	ul_move(&np->pending, units);
	if (r == ROLE_LEAD) {
		/* the one named as 牵头 comes first */
		struct ulist tmp = {NULL, 0};
		ul_move(&tmp, &np->pending);
		ul_move(&tmp, &np->lead);
		ul_move(&np->lead, &tmp);
	} else if (r == ROLE_ASSIST || (r == ROLE_DO && np->lead.n)) {
		ul_move(&np->assist, &np->pending);
	} else {
		ul_move(&np->lead, &np->pending);
	}
	np->any = 1;
}

/* One clause of a note: units with a role, pending units, a rule, or a
 * deadline. 0 when the clause is none of these (not a note). */
static int note_clause(struct note_parse *np, const char *s, size_t n, size_t at,
		       const struct deadline_ref *ref, struct deadline *dl)
{
	struct ulist units = {NULL, 0};
	size_t skip = 0;
	struct deadline d;
	if (xt_starts(s, n, "由"))
		s += 3, n -= 3, at += 3;
	if (!n || rule_clause(s, n))
		return 1;
	enum role r = labelled(s, n, &skip);
	if (r != ROLE_NONE) {
		if (!split_units(s + skip, n - skip, &units))
			return 0;
		give_role(np, r, &units);
		return 1;
	}
	size_t un = n;
	r = clause_role(s, &un);
	if (un && split_units(s, un, &units)) {
		if (r == ROLE_NONE) {
			ul_move(&np->pending, &units); /* A、B，各省级人民政府按职责分工负责 */
			return 1;
		}
		give_role(np, r, &units);
		return 1;
	}
	if (deadline_parse_n(s, n, ref, &d) != DL_NONE) {
		if (dl->kind == DL_NONE) {
			*dl = d;
			dl->b += at, dl->e += at; /* within the note, not the clause */
		}
		return 1;
	}
	return 0;
}

/* Is a bracket of names without any role (s, its names) the note of a
 * 工作要点 item? Not an aside that names or explains (以下统称审核机构,
 * 含技工院校); and every name one of an office or a body of some place: a
 * list of examples names kinds (（医院、学校、养老机构）, （党群服务中心、新时代
 * 文明实践中心）); a body in a note names its place (市中级人民法院, 团市委,
 * 各区, 人民银行某某市分行) or ends as an office does (财政部, 税务总局). */
static int names_alone(const char *s, size_t n, const struct ulist *names)
{
	static const char *const asides[] = {"以下", "简称", "统称", "含", "包括", "不含", "即",
					     "如", "指", "除", "下称", "例如"};
	static const char *const offices[] = {"局", "委", "厅", "办", "部", "署", "委员会",
					      "办公室", "政府", "管委会", "领导小组", "公司",
					      "分行", "法院", "检察院"};
	static const char *const levels[] = {"省", "市", "区", "县", "州", "盟", "旗", "乡",
					     "镇", "街道", "国家", "中央", "全国", "各"};
	static struct xt_words aside_words = XT_WORDS(asides), office_end_words = XT_WORDS(offices),
			       level_words = XT_WORDS(levels);
	if (xt_word_at(&aside_words, s, n) >= 0)
		return 0;
	for (size_t i = 0; i < names->n; i++) {
		const char *v = names->v[i];
		size_t vl = strlen(v);
		/* a name the list could not be cut into (市委党校、市行政学院 read as
		 * one) is no name: better none than a wrong one */
		if (xt_find(v, vl, "、") && !xt_find(v, vl, "自治区、直辖市"))
			return 0;
		if (xt_word_end(&office_end_words, v, vl) < 0 && !xt_any_word(&level_words, v, vl))
			return 0;
	}
	return 1;
}

int units_from_note(const char *s, size_t n, const struct deadline_ref *ref, struct units *u,
		    struct deadline *dl)
{
	struct note_parse np;
	memset(&np, 0, sizeof np);
	memset(u, 0, sizeof *u);
	memset(dl, 0, sizeof *dl);
	int ok = 1;
	for (size_t i = 0; i < n && ok;) {
		size_t end = xt_clause_end(s, n, i, "，。；,;"), b = i, e = end;
		xt_trim(s, &b, &e);
		ok = note_clause(&np, s + b, e - b, b, ref, dl);
		i = end + (end < n ? utf8_seq_len((unsigned char)s[end]) : 0);
	}
	/* （市发展改革委、市财政局） （市自然资源局，持续推进）: names and no
	 * role at all, as 工作要点 list who does each item: the first leads */
	if (ok && !np.any && np.pending.n && names_alone(s, n, &np.pending)) {
		struct ulist none = {NULL, 0};
		give_role(&np, ROLE_DO, &none);
	}
	ok = ok && np.any && np.pending.n == 0;
	if (ok) {
		u->lead = np.lead.n ? xstrdup(np.lead.v[0]) : NULL;
		struct ulist rest = {NULL, 0};
		if (np.lead.n > 1) {
			for (size_t i = 1; i < np.lead.n; i++)
				ul_add(&rest, np.lead.v[i], strlen(np.lead.v[i]));
		}
		for (size_t i = 0; i < np.assist.n; i++)
			ul_add(&rest, np.assist.v[i], strlen(np.assist.v[i]));
		u->assist = ul_join(&rest, 0);
		ul_free(&rest);
		if (!u->lead && u->assist) { /* only helpers named: the first leads */
			u->lead = u->assist;
			u->assist = NULL;
		}
	}
	ul_free(&np.lead);
	ul_free(&np.assist);
	ul_free(&np.pending);
	if (!ok)
		memset(dl, 0, sizeof *dl);
	return ok;
}

char *units_not_named(const char *list, const char *lead, const char *assist)
{
	struct ulist l = {NULL, 0}, rest = {NULL, 0};
	size_t n = strlen(list);
	if (!split_units(list, n, &l))
		ul_add(&l, list, n); /* not a list of names: one */
	for (size_t i = 0; i < l.n; i++)
		if ((!lead || !strstr(lead, l.v[i])) && (!assist || !strstr(assist, l.v[i])))
			ul_add(&rest, l.v[i], strlen(l.v[i]));
	char *out = rest.n ? ul_join(&rest, 0) : NULL;
	ul_free(&l);
	ul_free(&rest);
	return out;
}

void units_free(struct units *u)
{
	free(u->lead);
	free(u->assist);
	u->lead = u->assist = NULL;
}

/* ---- doers named in a sentence ---- */

/* What may follow the doers at the head of a sentence. */
static const char *const after_subject[] = {
	"要", "应当", "应", "须", "必须", "负责", "牵头", "会同", "将", "配合", "联合",
	"组织", "指导", "抓紧", "加快", "按照", "依法", "结合", "积极", "认真", "切实",
	"进一步", "统筹", "研究", "制定", "继续", "定期", "每年", "加强", "做好", "可",
	"于", /* 请各市于4月30日前报送… */
};

static struct xt_words subject_words = XT_WORDS(after_subject);

/* What may stand before the doers (a request), and names that begin as
 * one of them does. */
static const char *const asks[] = {"请", "建议", "经"};
static const char *const jing[] = {"经济", "经信", "经开", "经贸", "经委",
				   "经营", "经管", "经侦", "经销"};
static struct xt_words ask_words = XT_WORDS(asks);
static struct xt_words jing_words = XT_WORDS(jing);

static size_t marker_at(const char *s, size_t n)
{
	int k = xt_word_at(&subject_words, s, n);
	return k >= 0 ? subject_words.len[k] : 0;
}

/* 党委组织部要…, 机构编制部门要…: a marker that is such a verb, with a
 * marker after the ending, goes on with the name: where it ends, or 0.
 * 民政部门指导社会组织开展… does not (指导 is followed by more than an
 * ending). */
static size_t name_goes_on(const char *s, size_t n, size_t e, size_t lim)
{
	size_t end = verb_in_name(s, n, e, lim);
	return end && end < lim && marker_at(s + end, n - end) && is_unit(s, end) ? end : 0;
}

/* 于 at s opens a deadline: 前 comes before the clause ends. */
static int yu_deadline(const char *s, size_t n)
{
	size_t end = xt_clause_end(s, n, 0, "，。；");
	return xt_find(s, end, "前") != NULL;
}

/* The doers' list at the start of s: names separated by 、, the last one
 * followed by a marker (A、B要…). Returns the bytes of the list, 0 when s
 * does not start with one; the names go to out unless it is NULL. */
static size_t subject_list(const char *s, size_t n, struct ulist *out)
{
	/* 请A…, 建议A…, 经A审核…: the doers follow the request; 经济…, 经信…,
	 * 经开区…, 经贸…, 经委 are names beginning with 经 */
	int k = xt_word_at(&ask_words, s, n);
	if (k >= 0 && n > ask_words.len[k] && xt_word_at(&jing_words, s, n) < 0) {
		size_t skip = ask_words.len[k], e = subject_list(s + skip, n - skip, out);
		return e ? skip + e : 0;
	}
	size_t lim = 0, e;
	/* the doers stand before the first ，or 。, within SUBJECT_CHARS */
	for (size_t chars = 0; lim < n && chars < SUBJECT_CHARS; chars++) {
		unsigned char c = (unsigned char)s[lim];
		if (c >= 0xE4 && c <= 0xE9) { /* an ideograph's lead: neither mark */
			lim += 3;
			continue;
		}
		if (xt_starts(s + lim, n - lim, "，") || xt_starts(s + lim, n - lim, "。"))
			break;
		lim += utf8_seq_len(c);
	}
	if (lim > n)
		lim = n;
	/* the shortest prefix that is a list of units and is followed by a marker */
	for (e = 3; (e = xt_next_word(&subject_words, s, n, e, lim)) < lim; e++) {
		struct ulist l = {NULL, 0};
		size_t whole = name_goes_on(s, n, e, lim);
		/* 于 after the doers dates what they are asked to do by (请各市于4
		 * 月30日前…), not what they did (省政府于2024年1月印发…) */
		if (xt_starts(s + e, n - e, "于") && !yu_deadline(s + e, n - e))
			continue;
		/* 各级党组织要…: 组织 ends the name when a marker follows it */
		if (!whole && xt_starts(s + e, n - e, "组织") && e + 6 < lim &&
		    marker_at(s + e + 6, n - e - 6) && is_unit(s, e + 6))
			whole = e + 6;
		if (whole)
			e = whole;
		if (split_units(s, e, out ? &l : NULL)) {
			if (out)
				ul_move(out, &l);
			return e;
		}
	}
	return 0;
}

/* After 会同 / 联合: the helpers, up to the verb that follows them. */
static size_t helpers_after(const char *s, size_t n, struct ulist *out)
{
	size_t lim = xt_clause_end(s, n < LIST_BYTES_MAX ? n : LIST_BYTES_MAX, 0, "，。；");
	for (size_t e = 6; e <= lim; e += utf8_seq_len((unsigned char)s[e - 1])) {
		while (e < lim && ((unsigned char)s[e] & 0xC0) == 0x80)
			e++;
		if (e >= lim || !(xt_verb_at(s + e, n - e) || marker_at(s + e, n - e)))
			continue;
		struct ulist l = {NULL, 0};
		if (split_units(s, e, out ? &l : NULL)) {
			if (out)
				ul_move(out, &l);
			return e;
		}
	}
	return 0;
}

/* 由A牵头、B配合 / 由A负责 anywhere in the sentence. */
static int led_by(const char *s, size_t n, struct ulist *lead, struct ulist *assist)
{
	for (const char *p = s; (p = xt_find(p, n - (size_t)(p - s), "由")) != NULL; p += 3) {
		size_t off = (size_t)(p - s) + 3;
		size_t lim = n - off > LIST_BYTES_MAX ? off + LIST_BYTES_MAX : n;
		size_t end = xt_clause_end(s, lim, off, "，。；、");
		for (size_t e = off; e < end; e += utf8_seq_len((unsigned char)s[e])) {
			if (!xt_starts(s + e, n - e, "牵头") && !xt_starts(s + e, n - e, "负责") &&
			    (!xt_verb_at(s + e, n - e) || verb_in_name(s, n, e, end)))
				continue; /* 由机构编制部门…: 编制 is in the name */
			struct ulist l = {NULL, 0};
			if (!split_units(s + off, e - off, &l))
				break;
			ul_move(lead, &l);
			if (!xt_starts(s + e, n - e, "牵头") && !xt_starts(s + e, n - e, "负责"))
				return 1; /* 由A制定 */
			/* 、B配合 / ，B参与 */
			size_t a = e + 6, ae;
			if (xt_starts(s + a, n - a, "、") || xt_starts(s + a, n - a, "，"))
				a += 3;
			ae = xt_clause_end(s, n, a, "，。；");
			size_t un = ae - a;
			if (clause_role(s + a, &un) == ROLE_ASSIST)
				split_units(s + a, un, assist);
			return 1;
		}
	}
	return 0;
}

static const char *const modals[] = {"要", "应当", "应", "须", "必须", "可以", "可"};
static struct xt_words modal_words = XT_WORDS(modals);

/* The modal after the doers that a title drops with them. */
static size_t modal_at(const char *s, size_t n)
{
	int k = xt_word_at(&modal_words, s, n);
	return k >= 0 ? modal_words.len[k] : 0;
}

/* subject_list(s, n) from head, subject_list(s, N) for an N >= n: with
 * less text no place before head can do better (a marker only fits less
 * often), none after it is tried when head still has its marker, and a
 * sentence without doers has none in a clause of it. */
static size_t list_from_head(const char *s, size_t n, size_t head)
{
	if (head == 0)
		return 0;
	if (head != XT_HEAD_UNKNOWN && head < n && marker_at(s + head, n - head))
		return head;
	return subject_list(s, n, NULL);
}

size_t subject_length(const char *s, size_t n, size_t head)
{
	size_t e = list_from_head(s, n, head);
	if (!e)
		return 0;
	if (xt_starts(s + e, n - e, "要"))
		e += 3;
	if (xt_starts(s + e, n - e, "会同") || xt_starts(s + e, n - e, "联合")) {
		size_t k = helpers_after(s + e + 6, n - e - 6, NULL);
		return k ? e + 6 + k : e;
	}
	return e + modal_at(s + e, n - e);
}

int units_from_sentence(const char *s, size_t n, struct units *u, size_t *head)
{
	struct ulist lead = {NULL, 0}, assist = {NULL, 0};
	memset(u, 0, sizeof *u);
	if (head)
		*head = XT_HEAD_UNKNOWN;
	if (!led_by(s, n, &lead, &assist)) {
		size_t i = 0;
		for (int c = 0; c < SUBJECT_CLAUSES && i < n && !lead.n; c++) {
			size_t e = subject_list(s + i, n - i, &lead);
			if (c == 0 && head)
				*head = e;
			if (e) {
				size_t m = i + e;
				if (xt_starts(s + m, n - m, "要"))
					m += 3;
				if (xt_starts(s + m, n - m, "会同") || xt_starts(s + m, n - m, "联合"))
					helpers_after(s + m + 6, n - m - 6, &assist);
				break;
			}
			i = xt_clause_end(s, n, i, "，");
			i += i < n ? 3 : 0;
		}
	}
	if (lead.n) {
		/* A、B要…: both are to do it; 由A牵头、B配合: A leads */
		u->lead = ul_join(&lead, 0);
		u->assist = ul_join(&assist, 0);
	}
	ul_free(&lead);
	ul_free(&assist);
	return u->lead != NULL;
}
