/* db_config.c - settings everyone using the database shares (who reviews,
 * lateness levels, 回头看, the reporting cycle), kept in the database so
 * that the store itself checks them, and who may change them. */
#include "config.h"
#include "luoshi/db.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db_impl.h"
#include "luoshi/i18n.h"
#include "luoshi/utf8.h"

#define DB_SETTING_ROW(id, key, dflt, help) {key, dflt, help},
static const struct {
	const char *key, *dflt, *help;
} defs[DB_SETTING_COUNT] = {DB_SETTING_LIST(DB_SETTING_ROW)};
#undef DB_SETTING_ROW

/* The setting a key names: a key of the list, or recheck-after@DOC, the
 * 回头看 default of one document (*doc its id; 0 for the others). */
static int setting_parse(const char *key, long long *doc)
{
	const char *at = key ? strchr(key, '@') : NULL;
	*doc = 0;
	if (at) {
		size_t n = strlen(defs[DB_SET_RECHECK_AFTER].key);
		if ((size_t)(at - key) != n || strncmp(key, defs[DB_SET_RECHECK_AFTER].key, n) ||
		    lu_parse_id(at + 1, doc) != 0 || *doc <= 0)
			return -1;
		return DB_SET_RECHECK_AFTER;
	}
	for (int i = 0; key && i < DB_SETTING_COUNT; i++)
		if (strcmp(key, defs[i].key) == 0)
			return i;
	return -1;
}

/* ---- reading ---- */

/* The stored row of one setting: *value NULL when it is not set. */
static enum lu_status setting_row(struct db *db, const char *key, char **value, char **by,
				  long long *at)
{
	static const struct db_sql sql = {
		"SELECT value, updated_by, updated_at FROM settings WHERE key = ?1"};
	*value = NULL;
	if (by)
		*by = NULL;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, key);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*value = db_col_dup0(st, 0);
		if (by)
			*by = db_col_dup(st, 1);
		if (at)
			*at = db_col_int64(st, 2);
	}
	enum lu_status s = db_check(db, st, rc, _("reading the settings"));
	db_reset(st);
	return s;
}

enum lu_status db_setting_get(struct db *db, enum db_setting_id id, char **value)
{
	*value = NULL;
	if ((unsigned)id >= DB_SETTING_COUNT)
		return lu_error(LU_ERR, "no such setting");
	enum lu_status s = setting_row(db, defs[id].key, value, NULL, NULL);
	if (s == LU_OK && !*value)
		*value = xstrdup(defs[id].dflt);
	return s;
}

enum lu_status db_settings(struct db *db, struct db_setting **out)
{
	struct db_setting *all = xcalloc(DB_SETTING_COUNT, sizeof *all);
	enum lu_status s = LU_OK;
	for (int i = 0; i < DB_SETTING_COUNT && s == LU_OK; i++) {
		struct db_setting *x = &all[i];
		x->key = defs[i].key;
		x->dflt = defs[i].dflt;
		x->help = defs[i].help;
		s = setting_row(db, x->key, &x->value, &x->updated_by, &x->updated_at);
		x->set = x->value != NULL;
		if (!x->value)
			x->value = xstrdup(x->dflt);
	}
	if (s != LU_OK) {
		db_settings_free(all);
		all = NULL;
	}
	*out = all;
	return s;
}

void db_settings_free(struct db_setting *s)
{
	for (int i = 0; s && i < DB_SETTING_COUNT; i++) {
		free(s[i].value);
		free(s[i].updated_by);
	}
	free(s);
}

/* ---- who ---- */

/* user is in group (by name): a member of it, or it is their own group. */
static int in_group(const char *user, const char *group)
{
	struct group *gr = getgrnam(group);
	if (!gr)
		return 0;
	for (char **m = gr->gr_mem; m && *m; m++)
		if (strcmp(*m, user) == 0)
			return 1;
	struct passwd *pw = getpwnam(user);
	return pw && pw->pw_gid == gr->gr_gid;
}

/* Length of a list separator at p (, ， 、 ; or blank), or 0. */
static size_t name_sep(const char *p)
{
	if (*p == ',' || *p == ';' || *p == ' ' || *p == '\t')
		return 1;
	return !strncmp(p, "，", 3) || !strncmp(p, "、", 3) || !strncmp(p, "；", 3) ? 3 : 0;
}

/* The names of a list setting, one at a time: *p advances past the next;
 * 0 at the end. */
static int next_name(const char **p, char *out, size_t size)
{
	size_t sep;
	while (**p && (sep = name_sep(*p)))
		*p += sep;
	size_t n = 0;
	while ((*p)[n] && !name_sep(*p + n))
		n++;
	if (!n)
		return 0;
	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), *p);
	*p += n;
	return 1;
}

/* user is named by a list of names and @groups. */
static int listed(const char *list, const char *user)
{
	char name[256];
	const char *p = list;
	while (next_name(&p, name, sizeof name))
		if (name[0] == '@' ? in_group(user, name + 1) : strcmp(name, user) == 0)
			return 1;
	return 0;
}

int db_may_review(struct db *db, const char *user)
{
	char *list = NULL;
	if (db_setting_get(db, DB_SET_REVIEWERS, &list) != LU_OK) {
		free(list);
		return 0;
	}
	int ok = !*list || listed(list, user);
	free(list);
	return ok;
}

enum lu_status db_check_reviewer(struct db *db, const char *user)
{
	char *list = NULL;
	enum lu_status s = db_setting_get(db, DB_SET_REVIEWERS, &list);
	if (s == LU_OK && *list && !listed(list, user))
		s = lu_error(LU_ERR, _("%s may not review tasks (reviewers: %s; luoshi"
				       " config reviewers=... changes it)"),
			     user, list);
	free(list);
	return s;
}

/* The user who owns the database file (its creator, or whom it was given
 * to), or NULL. */
static char *file_owner(const struct db *db)
{
	struct stat sb;
	if (!db->real || stat(db->real, &sb) != 0)
		return NULL;
	struct passwd *pw = getpwuid(sb.st_uid);
	return pw && pw->pw_name ? xstrdup(pw->pw_name) : NULL;
}

static enum lu_status may_configure(struct db *db, const char *user)
{
	char *owner = file_owner(db), *admins = NULL;
	enum lu_status s = db_setting_get(db, DB_SET_ADMINS, &admins);
	int ok = strcmp(user, "root") == 0 || (owner && strcmp(owner, user) == 0) ||
		 (s == LU_OK && listed(admins, user));
	if (s == LU_OK && !ok)
		s = lu_error(LU_ERR, _("%s may not change the settings of %s: only its owner (%s),"
				       " root and the users of the admins setting may"),
			     user, db->path, owner ? owner : "?");
	free(owner);
	free(admins);
	return s;
}

/* ---- values ---- */

static enum lu_status norm_names(const char *key, const char *v, char **out)
{
	struct sbuf b = SBUF_INIT;
	char name[256];
	const char *p = v;
	while (next_name(&p, name, sizeof name)) {
		if (strlen(name) >= sizeof name - 1 || (name[0] == '@' && !name[1])) {
			sbuf_free(&b);
			return lu_error(LU_USAGE, _("%s: \"%s\" is not a user name or @group"), key,
					name);
		}
		sbuf_addf(&b, "%s%s", b.len ? "," : "", name);
	}
	*out = sbuf_detach(&b);
	return LU_OK;
}

/* recheck-after: 6, 6m, 6个月 (months) or 180d, 180天 (days). */
static enum lu_status norm_after(const char *v, char **out)
{
	char *end;
	long n = strtol(v, &end, 10);
	const char *unit = "m";
	if (end == v || n < 0 || n > 1200 || *v == '-' || *v == '+')
		end = NULL;
	else if (!strcmp(end, "d") || !strcmp(end, "天"))
		unit = "d";
	else if (*end && strcmp(end, "m") && strcmp(end, "个月") && strcmp(end, "月"))
		end = NULL;
	if (!end)
		return lu_error(LU_USAGE, _("recheck-after: \"%s\" is not a number of months (6,"
					    " 6m) or days (180d)"), v);
	*out = n ? xasprintf("%ld%s", n, unit) : xstrdup("");
	return LU_OK;
}

static enum lu_status norm_setting(int id, const char *v, char **out)
{
	struct late_levels l;
	char buf[48];
	int k;
	*out = NULL;
	switch (id) {
	case DB_SET_REVIEWERS:
	case DB_SET_ADMINS:
		return norm_names(defs[id].key, v, out);
	case DB_SET_LATE_LEVELS:
		if (late_levels_parse(v, &l) != 0)
			return lu_error(LU_USAGE, _("late-levels: \"%s\" is not 1 to 3 rising numbers"
						    " of days, such as 1,16"), v);
		late_levels_format(&l, buf, sizeof buf);
		*out = xstrdup(*v ? buf : "");
		return LU_OK;
	case DB_SET_RECHECK_AFTER:
		return norm_after(v, out);
	default:
		if (*v && (k = period_kind_parse(v)) < 0)
			return lu_error(LU_USAGE, _("report-cycle: unknown cycle \"%s\" (daily, weekly,"
						    " monthly, quarterly, halfyearly or yearly)"), v);
		*out = xstrdup(*v ? period_kind_word((enum period_kind)k) : "");
		return LU_OK;
	}
}

static char *known_keys(void)
{
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < DB_SETTING_COUNT; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", defs[i].key);
	return sbuf_detach(&b);
}

/* ---- changing ---- */

struct set_args {
	int *ids;
	long long *docs; /* the document of a per-document setting, else 0 */
	char **vals;     /* normalised; "" unsets */
	size_t n;
	const char *user;
};

/* The stored key of setting id (of document doc when not 0), malloc'ed. */
static char *key_of(int id, long long doc)
{
	return doc ? xasprintf("%s@%lld", defs[id].key, doc) : xstrdup(defs[id].key);
}

static enum lu_status doc_exists(struct db *db, long long doc)
{
	struct db_doc d;
	enum lu_status s = db_doc_get(db, doc, &d);
	if (s == LU_OK)
		db_doc_free(&d);
	return s;
}

static enum lu_status setting_write(struct db *db, const char *key, const char *value,
				    const char *user, long long now)
{
	static const struct db_sql put = {
		"INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
		" updated_by = excluded.updated_by, updated_at = excluded.updated_at"};
	static const struct db_sql del = {"DELETE FROM settings WHERE key = ?1"};
	struct db_stmt *st = db_stmt(db, value ? &put : &del);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, key);
	if (value) {
		db_bind_text(st, 2, value);
		db_bind_text(st, 3, user);
		db_bind_int64(st, 4, now);
	}
	return db_run(db, st, _("saving a setting"));
}

/* One setting to value (NULL: unset), with its history row. */
static enum lu_status setting_change(struct db *db, const char *key, const char *value,
				     long long change_id, const char *user, long long now,
				     long long undo_of)
{
	char *old = NULL;
	enum lu_status s = setting_row(db, key, &old, NULL, NULL);
	if (s != LU_OK || db_same(old, value)) {
		free(old);
		return s;
	}
	char *was = old ? xasprintf("%s=%s", key, old) : NULL;
	char *now_v = value ? xasprintf("%s=%s", key, value) : NULL;
	s = setting_write(db, key, value, user, now);
	if (s == LU_OK)
		s = db_hist_add(db, change_id, 0, user, now, "setting", was, now_v, 0, undo_of, 0);
	free(old);
	free(was);
	free(now_v);
	return s;
}

static enum lu_status settings_tx(struct db *db, void *ctx)
{
	const struct set_args *a = ctx;
	long long change_id = 0, now = lu_now();
	enum lu_status s = may_configure(db, a->user);
	if (s == LU_OK)
		s = db_next_change(db, &change_id);
	for (size_t i = 0; i < a->n && s == LU_OK; i++) {
		char *key = key_of(a->ids[i], a->docs[i]);
		if (a->docs[i])
			s = doc_exists(db, a->docs[i]);
		if (s == LU_OK)
			s = setting_change(db, key, *a->vals[i] ? a->vals[i] : NULL, change_id,
					   a->user, now, 0);
		free(key);
	}
	if (s == LU_OK) /* settings change how tasks are shown (late levels, cycles):
			 * others' screens reload, as for a change of structure */
		s = db_log(db, DB_LOG_STRUCTURE, 0, 0, 0);
	return s;
}

static enum lu_status prepare(const struct db_change *ch, size_t n, struct set_args *a)
{
	for (size_t i = 0; i < n; i++) {
		int id = a->ids[i] = setting_parse(ch[i].field, &a->docs[i]);
		if (id < 0) {
			char *known = known_keys();
			lu_error(LU_USAGE, _("unknown setting \"%s\" (known: %s)"),
				 ch[i].field ? ch[i].field : "", known);
			free(known);
			return LU_USAGE;
		}
		const char *v = ch[i].value ? ch[i].value : "";
		if (utf8_check(v, strlen(v)) != (size_t)-1)
			return lu_error(LU_USAGE, _("the value of %s is not valid UTF-8 text"),
					defs[id].key);
		enum lu_status s = norm_setting(id, v, &a->vals[i]);
		if (s != LU_OK)
			return s;
		a->n = i + 1;
	}
	return LU_OK;
}

enum lu_status db_settings_set(struct db *db, const struct db_change *ch, size_t n,
			       const char *user)
{
	if (db->readonly)
		return db_readonly_error(db);
	struct set_args a = {xcalloc(n + 1, sizeof *a.ids), xcalloc(n + 1, sizeof *a.docs),
			     xcalloc(n + 1, sizeof *a.vals), 0, db_who(db, user)};
	enum lu_status s = prepare(ch, n, &a);
	if (s == LU_OK)
		s = db_write(db, settings_tx, &a);
	for (size_t i = 0; i < n; i++)
		free(a.vals[i]);
	free(a.vals);
	free(a.ids);
	free(a.docs);
	return s;
}

/* The value part of a "key=value" history value (NULL stays NULL). */
static const char *value_part(const char *kv)
{
	const char *eq = kv ? strchr(kv, '=') : NULL;
	return eq ? eq + 1 : NULL;
}

/* Undo a "setting" row: the setting must still hold what the row wrote. */
enum lu_status db_setting_revert(struct db *db, const struct db_hist *h, long long change_id,
				 const char *user, long long now)
{
	const char *kv = h->new_value ? h->new_value : h->old_value;
	const char *eq = kv ? strchr(kv, '=') : NULL;
	char *key = eq ? xstrndup(kv, (size_t)(eq - kv)) : NULL, *cur = NULL;
	long long doc;
	int id = setting_parse(key, &doc);
	enum lu_status s = id < 0 ? lu_error(LU_ERR, "cannot undo a change of \"%s\"", kv ? kv : "")
				  : may_configure(db, user);
	if (s == LU_OK)
		s = setting_row(db, key, &cur, NULL, NULL);
	if (s == LU_OK && !db_same(cur, value_part(h->new_value)))
		s = lu_error(LU_CONFLICT, _("cannot undo: the setting %s was changed since (it is"
					    " now \"%s\"); nothing was undone"), key, cur ? cur : "");
	if (s == LU_OK)
		s = setting_change(db, key, value_part(h->old_value), change_id, user, now,
				   h->change_id);
	free(key);
	free(cur);
	return s;
}

/* ---- what the settings say ---- */

enum lu_status db_recheck_after(struct db *db, long long doc_id, char **value)
{
	char *key = key_of(DB_SET_RECHECK_AFTER, doc_id);
	enum lu_status s = doc_id ? setting_row(db, key, value, NULL, NULL) : LU_OK;
	free(key);
	if (s == LU_OK && (!doc_id || !*value)) {
		free(*value);
		s = db_setting_get(db, DB_SET_RECHECK_AFTER, value);
	}
	return s;
}

static int doc_setting_row(struct db_stmt *st, void *item, void *ctx)
{
	struct db_setting *x = item;
	(void)ctx;
	x->key = defs[DB_SET_RECHECK_AFTER].key;
	x->dflt = defs[DB_SET_RECHECK_AFTER].dflt;
	x->help = defs[DB_SET_RECHECK_AFTER].help;
	x->doc = db_col_int64(st, 0);
	x->value = db_col_dup0(st, 1);
	x->set = 1;
	x->updated_by = db_col_dup(st, 2);
	x->updated_at = db_col_int64(st, 3);
	return 1;
}

static void doc_setting_drop(void *item)
{
	struct db_setting *x = item;
	free(x->value);
	free(x->updated_by);
}

enum lu_status db_settings_docs(struct db *db, struct db_setting **out, size_t *n)
{
	/* the document's id after the @ of recheck-after@ID, as a number in
	 * both engines: the digits compared as text would put 10 before 9 */
	static const struct db_sql sql = {
		"SELECT CAST(substr(key, 15) AS INTEGER), value, updated_by, updated_at FROM settings"
		" WHERE key LIKE 'recheck-after@%' ORDER BY 1",
		"SELECT CAST(substr(key, 15) AS bigint), value, updated_by, updated_at FROM settings"
		" WHERE key LIKE 'recheck-after@%' ORDER BY 1"};
	static const struct db_rows how = {sizeof **out, doc_setting_row, doc_setting_drop, NULL};
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	void *items = NULL;
	enum lu_status s = db_collect(db, st, &how, _("reading the settings"), &items, n);
	*out = items;
	return s;
}

void db_settings_docs_free(struct db_setting *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		doc_setting_drop(&s[i]);
	free(s);
}

enum lu_status db_late_levels(struct db *db, struct late_levels *out)
{
	char *v = NULL;
	enum lu_status s = db_setting_get(db, DB_SET_LATE_LEVELS, &v);
	if (s != LU_OK || late_levels_parse(v, out) != 0)
		late_levels_default(out);
	free(v);
	return s;
}

enum lu_status db_task_cycle(struct db *db, const struct db_task *t, enum period_kind *out)
{
	int k = t->cycle ? period_kind_parse(t->cycle) : -1;
	if (k < 0)
		k = period_kind_of_recurrence(t->recurrence);
	if (k >= 0) {
		*out = (enum period_kind)k;
		return LU_OK;
	}
	char *v = NULL;
	enum lu_status s = db_setting_get(db, DB_SET_REPORT_CYCLE, &v);
	k = s == LU_OK ? period_kind_parse(v) : -1;
	*out = k < 0 ? PERIOD_MONTH : (enum period_kind)k;
	free(v);
	return s;
}
