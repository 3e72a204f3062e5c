/* cli_complete.c - the hidden `luoshi --complete KIND [ARG]` that the bash
 * completion (completion/luoshi) asks for words, one a line: the commands
 * and their options come from the command table (so a new command
 * completes without an edit here), the words of the filter and field
 * languages from the model's lists, ids, units and owners from the
 * database, opened read-only. Nothing on stdout but the words; a database
 * that cannot be read gives no words and exit status 1. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli_impl.h"
#include "luoshi/extract.h"
#include "luoshi/field.h"
#include "luoshi/out.h"

/* The options before a command (cli.c's print_usage names them). */
static const char *const global_opts[] = {"--db", "--read-only", "--help", "--version"};

/* The words of the task filter (db_filter.c; luoshi tasks --help). */
static const char *const filter_words[] = {"status:", "unit:",	 "owner:", "due.by:",
					   "due.before:", "due.after:", "due:", "overdue",
					   "soon",	 "recur:",	 "node:", "doc:"};

/* Values of an option, by the option and the command that takes it. */
struct opt_values {
	const char *cmd, *opt, *words;
};
static const struct opt_values opt_values[] = {
	{"import", "--format", "auto text docx html pdf ofd"},
	{"import", "--encoding", "UTF-8 GB18030 GBK UTF-16 UTF-16LE UTF-16BE"},
	{"export", "--format", "json csv md xlsx"},
	{"export", "--by", "unit"},
	{"tasks", "--by", "unit"},
	{"export", "--encoding", "utf-8 gbk gb18030"},
	{"tasks", "--sort", "due status position"},
};

static void word(const char *w)
{
	out_printf("%s\n", w);
}

static void words_of(const char *const *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		word(w[i]);
}

/* Every "--name" (and "-o") of a command's English usage line, and --help. */
static void cmd_options(const struct cli_cmd *cmd)
{
	const char *p = cmd->usage;
	while ((p = strchr(p, '-')) != NULL) {
		size_t n = strspn(p, "-abcdefghijklmnopqrstuvwxyz");
		if (n > 1 && (p == cmd->usage || strchr(" [|", p[-1])))
			out_printf("%.*s\n", (int)n, p);
		p += n > 0 ? n : 1;
	}
	word("--help");
}

static int static_kind(const char *kind, const char *arg)
{
	size_t n;
	const struct cli_cmd *cmds = cli_commands(&n);
	if (strcmp(kind, "commands") == 0) {
		for (size_t i = 0; i < n; i++)
			word(cmds[i].name);
	} else if (strcmp(kind, "options") == 0) {
		const struct cli_cmd *cmd = arg ? cli_find_cmd(arg) : NULL;
		if (cmd)
			cmd_options(cmd);
		else
			words_of(global_opts, ARRAY_SIZE(global_opts));
	} else if (strcmp(kind, "filters") == 0) {
		words_of(filter_words, ARRAY_SIZE(filter_words));
	} else if (strcmp(kind, "fields") == 0) {
		for (int f = 0; f < TASK_FIELD_COUNT; f++)
			if (field_editable((enum task_field)f))
				out_printf("%s=\n", field_column((enum task_field)f));
	} else if (strcmp(kind, "status") == 0) {
		for (int s = 0; s < TASK_STATUS_COUNT; s++)
			word(task_status_name((enum task_status)s));
	} else if (strcmp(kind, "settings") == 0) {
#define SETTING_WORD(id, key, dflt, help) out_printf("%s=\n", key);
		DB_SETTING_LIST(SETTING_WORD)
#undef SETTING_WORD
	} else if (strcmp(kind, "recur") == 0) {
		for (int r = 0; r < RECUR_COUNT; r++)
			if (recur_name((enum recur)r))
				word(recur_name((enum recur)r));
	} else {
		return 0;
	}
	return 1;
}

/* `--complete values CMD OPTION`: the words an option takes. */
static int option_values(const char *cmd, const char *opt)
{
	for (size_t i = 0; i < ARRAY_SIZE(opt_values); i++)
		if (strcmp(opt_values[i].cmd, cmd) == 0 && strcmp(opt_values[i].opt, opt) == 0) {
			const char *p = opt_values[i].words;
			while (*p) {
				size_t n = strcspn(p, " ");
				out_printf("%.*s\n", (int)n, p);
				p += n + (p[n] == ' ');
			}
		}
	return CLI_OK;
}

static int doc_ids(struct cli *c, int nodes)
{
	struct db_doc_head *docs;
	size_t n;
	enum lu_status st = db_doc_list(c->db, 0, &docs, &n);
	for (size_t i = 0; st == LU_OK && i < n; i++) {
		if (!nodes) {
			out_printf("%lld\n", docs[i].id);
			continue;
		}
		struct db_node *nd;
		size_t m;
		st = db_nodes(c->db, docs[i].id, &nd, &m);
		for (size_t j = 0; st == LU_OK && j < m; j++)
			out_printf("%lld\n", nd[j].id);
		if (st == LU_OK)
			db_nodes_free(nd, m);
	}
	if (st == LU_OK)
		db_doc_heads_free(docs, n);
	return st == LU_OK ? CLI_OK : CLI_ERR;
}

/* A list of distinct words, printed as they come. */
struct distinct {
	char **w;
	size_t n;
};

static void add_distinct(struct distinct *d, const char *v, size_t len)
{
	if (len == 0)
		return;
	for (size_t i = 0; i < d->n; i++)
		if (strlen(d->w[i]) == len && memcmp(d->w[i], v, len) == 0)
			return;
	d->w = xreallocarray(d->w, d->n + 1, sizeof *d->w);
	d->w[d->n] = xstrndup(v, len);
	out_cell(d->w[d->n++], 0, 0); /* a word of the store: no control character out */
	out_str("\n");
}

/* Each unit of a list as luoshi set assist= takes it: 宣传部,办公室 */
static void add_units(struct distinct *d, const char *v)
{
	while (v && *v) {
		size_t n = strcspn(v, ",");
		add_distinct(d, v, n);
		v += n + (v[n] == ',');
	}
}

/* Task ids, or the distinct units (lead and assisting) or owners. */
static int task_words(struct cli *c, const char *kind)
{
	struct db_task *t;
	size_t n;
	if (db_tasks(c->db, NULL, DB_SORT_POSITION, &t, &n) != LU_OK)
		return CLI_ERR;
	struct distinct d = {NULL, 0};
	for (size_t i = 0; i < n; i++) {
		if (strcmp(kind, "unit") == 0) {
			add_units(&d, t[i].unit);
			add_units(&d, t[i].assist);
		} else if (strcmp(kind, "owner") == 0) {
			add_distinct(&d, t[i].owner ? t[i].owner : "", t[i].owner ? strlen(t[i].owner) : 0);
		} else {
			out_printf("%lld\n", t[i].id);
		}
	}
	for (size_t i = 0; i < d.n; i++)
		free(d.w[i]);
	free(d.w);
	db_tasks_free(t, n);
	return CLI_OK;
}

int cli_complete(struct cli *c, int argc, char **argv)
{
	static const struct cli_cmd complete = {.name = "--complete",
						.flags = CLI_READS | CLI_NO_SEED};
	if (argc < 1)
		return CLI_USAGE;
	if (static_kind(argv[0], argc > 1 ? argv[1] : NULL))
		return CLI_OK;
	if (strcmp(argv[0], "values") == 0)
		return argc == 3 ? option_values(argv[1], argv[2]) : CLI_USAGE;
	int db_kind = strcmp(argv[0], "docs") == 0 || strcmp(argv[0], "nodes") == 0 ||
		      strcmp(argv[0], "tasks") == 0 || strcmp(argv[0], "unit") == 0 ||
		      strcmp(argv[0], "owner") == 0;
	if (!db_kind)
		return CLI_USAGE;
	c->cmd = &complete;
	c->readonly = 1;
	if (cli_open_db(c) != CLI_OK)
		return CLI_ERR;
	if (strcmp(argv[0], "docs") == 0 || strcmp(argv[0], "nodes") == 0)
		return doc_ids(c, argv[0][0] == 'n');
	return task_words(c, argv[0]);
}
