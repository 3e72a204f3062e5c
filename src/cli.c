/* cli.c - command dispatch, common options, help. */
#include "config.h"
#include "luoshi/cli.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_impl.h"
#include "luoshi/i18n.h"
#include "cli_duban.h"
#include "luoshi/import.h"
#include "luoshi/out.h"
#include "luoshi/text.h"

/* Every command: its usage line, summary and further help are English
 * msgids (N_), translated where they are printed. The usage line is also
 * what completion reads (cli_complete.c): every option and argument a
 * command takes is named there, in the words of cli_complete's table. */
static const struct cli_cmd commands[] = {
	{.name = "ui", .fn = cmd_ui, .flags = 0,
	 .usage = N_("[--task ID | --node NODE-ID]"),
	 .summary = N_("open the screens (the default)"),
	 .help = N_("  --task ID        open with the cursor on task ID\n"
		    "  --node NODE-ID   open with the cursor on node NODE-ID\n")},
	{.name = "import", .fn = cmd_import, .flags = CLI_NO_SEED,
	 .usage = N_("[--format KIND] [--encoding NAME] [--replace] [--no-tasks] [--strict] FILE..."),
	 .summary = N_("import policy documents (text in any encoding, .docx, .html, .pdf, .ofd)"),
	 .help = N_("  --format KIND    read FILE as text, docx, html, pdf or ofd instead of\n"
		    "                   telling the format by its content (auto)\n"
		    "  --encoding NAME  read a text file or web page in this encoding instead of\n"
		    "                   detecting it\n"
		    "  --replace        FILE is a revised version of the document with the same\n"
		    "                   title: replace it, keeping the tasks of unchanged measures\n"
		    "  --no-tasks       do not propose tasks from the text\n"
		    "  --strict         refuse a file that looks wrong (no structure found, no\n"
		    "                   Chinese, or signs of the wrong encoding) instead of\n"
		    "                   importing it with a warning\n"
		    "Each document is imported in one transaction: all of it or nothing. A file\n"
		    "of several documents (a 汇编) goes in document by document: if one fails,\n"
		    "those before it stay, and importing the file again skips them.\n")},
	{.name = "docs", .fn = cmd_docs, .flags = CLI_READS,
	 .usage = N_("[--limit N]"),
	 .summary = N_("list documents with ids, task counts and progress")},
	{.name = "outline", .fn = cmd_outline, .flags = CLI_READS,
	 .usage = N_("[DOC]"),
	 .summary = N_("show the structure tree with node ids and progress")},
	{.name = "read", .fn = cmd_read, .flags = CLI_READS,
	 .usage = N_("[DOC | --node NODE-ID]"),
	 .summary = N_("show the text of a document or one node"),
	 .help = N_("Wrapped to the terminal width; to a pipe, one paragraph per line.\n")},
	{.name = "tasks", .fn = cmd_tasks, .flags = CLI_READS,
	 .usage = N_("[--sort due|status|position] [--limit N] [--by unit] [FILTER...]"),
	 .summary = N_("list tasks"),
	 .help = N_("Filters (all must match):\n"
		    "  status:doing[,blocked]  unit:组织部  owner:NAME  due.by:2026-12-31\n"
		    "  due.before:DATE  due.after:DATE  due:DATE  overdue  soon  recur:yearly\n"
		    "  node:ID  doc:ID        due.by takes the day too; before and after do not\n"
		    "  WORD                    text in the title, sentence, unit or owner\n"
		    "Statuses: todo 未开始, doing 进行中, done 已完成, ongoing 常态化,\n"
		    "          blocked 受阻, dropped 已取消, closed 已销号.\n"
		    "  --limit N  the first N tasks only\n"
		    "  --by unit  a heading per lead or assisting unit, with its totals\n"
		    "The columns are for reading; scripts read luoshi export --format json or csv.\n")},
	{.name = "show", .fn = cmd_show, .flags = CLI_READS,
	 .usage = N_("ID"),
	 .summary = N_("show one task with its notes and history")},
	{.name = "add", .fn = cmd_add, .flags = 0,
	 .usage = N_("NODE-ID TITLE [FIELD=VALUE...]"),
	 .summary = N_("add a task under a node"),
	 .help = N_("Fields as for `luoshi set`.\n")},
	{.name = "set", .fn = cmd_set, .flags = 0,
	 .usage = N_("[--expect-version N] ID FIELD=VALUE..."),
	 .summary = N_("change fields of a task"),
	 .help = N_("Fields: title status progress unit assist owner due due_text recurrence\n"
		    "        recheck cycle text\n"
		    "  status=doing   unit=组织部   assist=宣传部,办公室   owner=张三\n"
		    "  due=2026-12-31 (also 2026/12/31, 2026年12月31日, today, +7d; empty clears)\n"
		    "  due_text=每年年底前   the deadline in the document's words\n"
		    "  recurrence=yearly|halfyearly|quarterly|monthly|weekly|daily|biennial|\n"
		    "             triennial|quinquennial|periodic|ongoing (or 每年, 每季度 ...)\n"
		    "  recheck=2027-06-30   the 回头看 date of a closed task\n"
		    "  cycle=monthly   how often it reports (daily ... yearly; empty: the default)\n"
		    "  progress=0..100\n"
		    "  --expect-version N   refuse if someone changed the task since version N\n")},
	{.name = "done", .fn = cmd_done, .flags = 0,
	 .usage = N_("ID..."),
	 .summary = N_("mark tasks done")},
	{.name = "note", .fn = cmd_note, .flags = 0,
	 .usage = N_("ID TEXT... | ID -"),
	 .summary = N_("add a progress note to a task"),
	 .help = N_("With -, the note is read from standard input.\n")},
	{.name = "history", .fn = cmd_history, .flags = CLI_READS,
	 .usage = N_("[--limit N] [ID]"),
	 .summary = N_("show the history of changes")},
	{.name = "undo", .fn = cmd_undo, .flags = 0,
	 .usage = "",
	 .summary = N_("undo your last change"),
	 .help = N_("Takes back your latest change not yet undone and says what it restored;\n"
		    "again, the one before. Only your own changes: where someone has changed\n"
		    "the field since, undo refuses and says who and when. An import is not\n"
		    "a change undo takes back.\n")},
	{.name = "search", .fn = cmd_search, .flags = CLI_READS,
	 .usage = N_("[--limit N] [--count] WORDS..."),
	 .summary = N_("search node text, tasks and notes"),
	 .help = N_("Hits are printed as they are found, in document order: nodes, then tasks,\n"
		    "notes and the documents' own text. --limit N stops after N hits; --count\n"
		    "prints only how many there are.\n")},
	{.name = "init", .fn = cmd_init, .flags = CLI_NO_SEED,
	 .usage = "",
	 .summary = N_("make the database, or bring an older one's schema up to date"),
	 .help = N_("The file named by --db or $LUOSHI_DB (made complete, as every command that\n"
		    "writes does), or the tables in a PostgreSQL database named by a connection\n"
		    "string or URI (--db 'host=db1 dbname=luoshi' or postgresql://db1/luoshi;\n"
		    "the password from ~/.pgpass or PGPASSWORD). Two at once make it once.\n")},
	{.name = "copy", .fn = cmd_copy, .flags = CLI_NO_DB,
	 .usage = N_("FROM TO"),
	 .summary = N_("copy a whole database to another (a file, a PostgreSQL database, either way)"),
	 .help = N_("Documents, structure, tasks, notes, history and reading positions, with\n"
		    "their ids, into an empty database (made if it is a file that does not\n"
		    "exist yet), in one transaction; the row counts are compared before it\n"
		    "commits. FROM and TO are files or PostgreSQL connection strings or URIs.\n")},
	{.name = "export", .fn = cmd_export, .flags = CLI_READS,
	 .usage = N_("--format json|csv|md|xlsx [--period P] [--by unit] [--encoding utf-8|gbk|gb18030] [-o FILE] [DOC]"),
	 .summary = N_("export documents and tasks"),
	 .help = N_("  json  the whole tree with tasks and notes (contract in README.md)\n"
		    "  csv   one row per task, for Excel and WPS (UTF-8 with BOM, or GBK)\n"
		    "  md    a progress report grouped by section and measure\n"
		    "  xlsx  the 台账 as a workbook (-o FILE.xlsx): a sheet for all, or one per\n"
		    "        unit with --by unit, and a summary sheet\n"
		    "  --period P  with md or xlsx: the report of period P (2026-11, 2026Q4,\n"
		    "        2026H2, 2026): what was planned, done, reported and late, by unit\n"
		    "The CSV headers and the report are in Chinese, for the office; the JSON\n"
		    "keys and every stored value (status, recurrence) are the same in every\n"
		    "language: scripts read those.\n")},
	DUBAN_COMMANDS
};

const struct cli_cmd *cli_commands(size_t *n)
{
	*n = ARRAY_SIZE(commands);
	return commands;
}

static void print_usage(void)
{
	out_str(_("usage: luoshi [--db FILE|URI] [--read-only] [COMMAND] [ARGS...]\n\n"
		  "Carry out policy documents: import, split into tasks, track progress.\n"
		  "With no command, luoshi opens the screens.\n\ncommands:\n"));
	int w = 0;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if ((int)strlen(commands[i].name) > w)
			w = (int)strlen(commands[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		out_printf("  %-*s %s\n", w < 8 ? 8 : w, commands[i].name, _(commands[i].summary));
	out_str(_("\noptions:\n"
		  "  --db FILE   database (default $LUOSHI_DB, else\n"
		  "              $XDG_DATA_HOME/luoshi/luoshi.db), or a PostgreSQL\n"
		  "              database: postgresql://HOST/NAME or 'host=H dbname=N'\n"
		  "  --read-only never write to the database\n"
		  "  --help      this help; luoshi COMMAND --help for a command\n"
		  "  --version   print the version\n"));
	out_flush();
}

static void print_cmd_help(const struct cli_cmd *cmd)
{
	/* TRANSLATORS: luoshi COMMAND USAGE, then the summary as a sentence */
	out_printf(_("usage: luoshi %s %s\n\n%s.\n"), cmd->name, *cmd->usage ? _(cmd->usage) : "",
		   _(cmd->summary));
	if (cmd->help && *cmd->help)
		out_printf("\n%s", _(cmd->help));
	out_flush();
}

const struct cli_cmd *cli_find_cmd(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int cli_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cli_fail(enum lu_status st)
{
	out_error("%s", lu_errmsg());
	return st == LU_USAGE ? CLI_USAGE : CLI_ERR;
}

int cli_usage(const struct cli *c, const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* TRANSLATORS: a usage error, then the command whose help says more */
	out_error(_("%s (see: luoshi %s --help)"), b.s, c->cmd ? c->cmd->name : "");
	sbuf_free(&b);
	return CLI_USAGE;
}

int cli_id(const struct cli *c, const char *arg, const char *what, long long *id)
{
	if (lu_parse_id(arg, id) != 0 || *id <= 0)
		/* TRANSLATORS: %s is a placeholder of a usage line (ID, DOC, NODE-ID) */
		return cli_usage(c, _("%s must be a whole number from 1 up, not \"%s\""), C_("metavar", what), arg);
	return CLI_OK;
}

void cli_head(struct sbuf *b, const char *label, int cols, int right)
{
	int pad = cols - text_width(label, strlen(label));
	if (right)
		sbuf_addf(b, "%*s", pad > 0 ? pad : 0, "");
	sbuf_adds(b, label);
	if (!right)
		sbuf_addf(b, "%*s", pad > 0 ? pad : 0, "");
}

void cli_bar(struct sbuf *b, int complete, int active, int cols)
{
	int fill = active > 0 ? (int)((long long)complete * cols / active) : 0;
	sbuf_addc(b, '[');
	for (int i = 0; i < cols; i++)
		sbuf_addc(b, i < fill ? '#' : '-');
	sbuf_addc(b, ']');
}

/* Value of --name VALUE or --name=VALUE at argv[*i], advancing *i. */
const char *cli_opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);
	if (strncmp(argv[*i], name, len) != 0)
		return NULL;
	if (argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (argv[*i][len] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

/* Pull --db FILE / --db=FILE / --read-only out of argv wherever they appear
 * before "--": they are common to every command. */
static int take_db_option(int *argc, char **argv, struct cli *c)
{
	int j = 0;
	for (int i = 0; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= *argc) {
				out_error("%s", _("--db needs a FILE"));
				return -1;
			}
			c->dbpath = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			c->dbpath = argv[i] + 5;
		} else if (strcmp(argv[i], "--read-only") == 0) {
			c->readonly = 1;
		} else {
			argv[j++] = argv[i];
		}
	}
	*argc = j;
	return 0;
}

/* A database named with --db must be in a directory that exists: a typo
 * should not create a tree of directories (the default path may). */
static int check_dir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	struct stat st;
	int ok = 1;
	if (slash && slash != dir) {
		*slash = '\0';
		ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
		if (!ok)
			out_error(_("cannot open the database %s: the directory %s does not exist"),
				  path, dir);
	}
	free(dir);
	return ok;
}

/* How long a change waits for another writer: $LUOSHI_WAIT seconds,
 * default 60 (an import holds the lock only while it writes, but a big
 * one writes for a while). */
#define CLI_WAIT_DEFAULT_S 60
#define CLI_WAIT_MAX_S 86400

static int wait_setting(struct cli *c)
{
	const char *v = getenv("LUOSHI_WAIT");
	long long s = CLI_WAIT_DEFAULT_S;
	if (v && *v && (lu_parse_id(v, &s) != 0 || s > CLI_WAIT_MAX_S)) {
		out_error(_("LUOSHI_WAIT must be a number of seconds from 0 to %d, not \"%s\""),
			  CLI_WAIT_MAX_S, v);
		return -1;
	}
	c->wait_s = (int)s;
	return 0;
}

/* Say once, on stderr, that we are waiting and for whom: after a quarter
 * of a second when a long writer said who it is, else after a second
 * (most waits are over by then, and a word would only be noise). */
static int tell_waiting(void *ctx, const struct db_holder *h, long long waited_ms)
{
	struct cli *c = ctx;
	if (c->wait_told || waited_ms < (h ? 250 : 1000))
		return 0;
	c->wait_told = 1;
	if (h) {
		char when[17];
		lu_format_time(h->since, when);
		/* TRANSLATORS: who holds the database, what they do ("importing
		 * 通知.txt", as their luoshi wrote it), their process, since when */
		out_error(_("waiting for the database: %s is %s (pid %ld, since %s); waiting up to"
			    " %d s (LUOSHI_WAIT)"), h->user, h->what, h->pid, when, c->wait_s);
	} else {
		out_error(_("waiting for the database: another user is changing it; waiting up to"
			    " %d s (LUOSHI_WAIT)"), c->wait_s);
	}
	return 0;
}

int cli_open_db(struct cli *c)
{
	char *def = NULL;
	const char *path = c->dbpath;
	if (path && !db_is_server(path) && !check_dir(path))
		return CLI_ERR;
	if (!path)
		path = def = db_default_path();
	/* a command that only reads never creates or writes a file; it may
	 * bring an older schema up to date, unless --read-only */
	int flags = c->readonly			 ? DB_OPEN_READONLY
		    : c->cmd->flags & CLI_READS ? DB_OPEN_READONLY | DB_OPEN_UPGRADE
						 : 0;
	if (c->cmd->fn == cmd_ui)
		flags |= DB_OPEN_SESSION;
	/* 0 s: do not wait (1 ms, as the store's 0 means its default) */
	const struct db_wait wait = {c->wait_s > 0 ? c->wait_s * 1000 : 1, tell_waiting, c};
	enum lu_status st = db_open_wait(path, flags, &wait, &c->db);
	free(def);
	if (st != LU_OK)
		return cli_fail(st);
	if (!(c->cmd->flags & CLI_NO_SEED)) {
		st = import_seed_if_empty(c->db);
		if (st != LU_OK)
			return cli_fail(st);
	}
	return CLI_OK;
}

/* `luoshi init`: opening for writing did the work; say what is there. */
int cmd_init(struct cli *c, int argc, char **argv)
{
	(void)argv;
	if (argc > 0)
		return cli_usage(c, "%s", _("init takes no arguments"));
	/* TRANSLATORS: before the database's file name or connection string */
	out_str(_("the database "));
	out_cell(db_path(c->db), 0, 0);
	/* TRANSLATORS: after the database's name: its engine (SQLite,
	 * PostgreSQL) and the version of its tables */
	out_printf(_(" is ready (%s, schema %d)\n"), db_engine(c->db), db_schema_version(c->db));
	return CLI_OK;
}

static void print_copied(const struct db *from, const struct db *to,
			 const struct db_copy_result *r)
{
	/* TRANSLATORS: copied FROM to TO: the counts */
	out_str(C_("copy", "copied "));
	out_cell(db_path(from), 0, 0);
	out_str(C_("copy", " to "));
	out_cell(db_path(to), 0, 0);
	out_printf(_(": %lld documents, %lld nodes, %lld tasks, %lld notes, %lld history rows,"
		     " %lld reading positions, %lld progress reports, %lld periods done,"
		     " %lld reviews, %lld settings; the counts match\n"),
		   r->documents, r->nodes, r->tasks, r->notes, r->history, r->readpos, r->reports,
		   r->task_periods, r->reviews, r->settings);
}

/* `luoshi copy FROM TO`: the source only read (an older schema brought
 * up to date first, as reads do), the target made if it is a new file. */
int cmd_copy(struct cli *c, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage(c, "%s", _("copy needs FROM and TO"));
	if (wait_setting(c) != 0)
		return CLI_USAGE;
	const struct db_wait wait = {c->wait_s > 0 ? c->wait_s * 1000 : 1, tell_waiting, c};
	struct db *from = NULL, *to = NULL;
	struct db_copy_result r;
	enum lu_status st = db_open_wait(argv[0], DB_OPEN_READONLY | DB_OPEN_UPGRADE, &wait, &from);
	int rc = st == LU_OK ? CLI_OK : cli_fail(st);
	if (rc == CLI_OK && !db_is_server(argv[1]) && !check_dir(argv[1]))
		rc = CLI_ERR;
	if (rc == CLI_OK && (st = db_open_wait(argv[1], 0, &wait, &to)) != LU_OK)
		rc = cli_fail(st);
	if (rc == CLI_OK && (st = db_copy(from, to, &r)) != LU_OK)
		rc = cli_fail(st);
	if (rc == CLI_OK)
		print_copied(from, to, &r);
	db_close(from);
	db_close(to);
	return rc;
}

static int run(struct cli *c, int argc, char **argv)
{
	if (argc > 0 && cli_is_help(argv[0])) {
		print_cmd_help(c->cmd);
		return CLI_OK;
	}
	if (!(c->cmd->flags & CLI_NO_DB)) {
		if (wait_setting(c) != 0)
			return CLI_USAGE;
		int rc = cli_open_db(c);
		if (rc != CLI_OK)
			return rc;
	}
	int rc = c->cmd->fn(c, argc, argv);
	out_flush();
	return rc;
}

/* Arguments typed in a GB18030 terminal arrive in GB18030: everything we
 * store and match is UTF-8. Returns a new argv (owned by the caller). */
static char **utf8_args(int argc, char **argv)
{
	char **args = xcalloc((size_t)argc + 1, sizeof *args);
	for (int i = 0; i < argc; i++) {
		args[i] = out_from_locale(argv[i], strlen(argv[i]));
		if (!args[i]) {
			out_error(_("argument %d is not valid text in this locale's encoding"), i + 1);
			for (int j = 0; j < i; j++)
				free(args[j]);
			free(args);
			return NULL;
		}
	}
	return args;
}

static void free_args(char **args)
{
	for (char **a = args; *a; a++)
		free(*a);
	free(args);
}

static int cli_run(int argc, char **argv);

int cli_main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* a file size limit (ulimit -f) fails the write with EFBIG, which is
	 * told in one sentence and rolled back, instead of killing luoshi in
	 * the middle and leaving its temporary files behind */
	signal(SIGXFSZ, SIG_IGN);
	out_init();
	char **args = utf8_args(argc - 1, argv + 1);
	if (!args)
		return CLI_USAGE;
	/* the commands reorder their argv: give them a copy of the pointers */
	char **work = xcalloc((size_t)argc, sizeof *work);
	memcpy(work, args, (size_t)(argc - 1) * sizeof *work);
	int rc = cli_run(argc - 1, work);
	free(work);
	free_args(args);
	return rc;
}

/* The command named first (the screens when none), with its arguments. */
static int run_named(struct cli *c, int argc, char **argv)
{
	const char *name = "ui";
	if (argc > 0 && argv[0][0] != '-') {
		name = argv[0];
		argc--, argv++;
	}
	c->cmd = cli_find_cmd(name);
	if (!c->cmd) {
		out_error(_("unknown command \"%s\" (see: luoshi --help)"), name);
		return CLI_USAGE;
	}
	return run(c, argc, argv);
}

static int cli_run(int argc, char **argv)
{
	struct cli c = {0};
	if (take_db_option(&argc, argv, &c) != 0)
		return CLI_USAGE;
	if (argc > 0 && (cli_is_help(argv[0]) || strcmp(argv[0], "help") == 0)) {
		const struct cli_cmd *cmd = argc > 1 ? cli_find_cmd(argv[1]) : NULL;
		if (cmd)
			print_cmd_help(cmd);
		else
			print_usage();
		return CLI_OK;
	}
	if (argc > 0 && strcmp(argv[0], "--version") == 0) {
		printf("luoshi %s\n", PACKAGE_VERSION);
		return CLI_OK;
	}
	int rc;
	if (argc > 0 && strcmp(argv[0], "--complete") == 0) {
		rc = cli_complete(&c, argc - 1, argv + 1);
		out_flush();
	} else {
		rc = run_named(&c, argc, argv);
	}
	int werr = out_write_error();
	if (werr && rc == CLI_OK) {
		/* a full disk or a closed pipe must not look like success */
		if (werr != EPIPE)
			out_error(_("cannot write the output: %s"), strerror(werr));
		rc = CLI_ERR;
	}
	if (c.db)
		db_close(c.db);
	return rc;
}
