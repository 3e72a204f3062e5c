/* cli_impl.h - shared between the command-line files. */
#ifndef LUOSHI_CLI_IMPL_H
#define LUOSHI_CLI_IMPL_H

#include "luoshi/db.h"
#include "luoshi/i18n.h"
#include "luoshi/util.h"

enum { CLI_OK = 0, CLI_ERR = 1, CLI_USAGE = 2 };

struct cli_cmd;

struct cli {
	const char *dbpath;
	int readonly; /* --read-only */
	struct db *db;
	const struct cli_cmd *cmd;
	int wait_s;    /* how long a change waits for another writer ($LUOSHI_WAIT) */
	int wait_told; /* we said on stderr that we are waiting */
};

typedef int (*cli_fn)(struct cli *c, int argc, char **argv);

enum cli_flags {
	CLI_NO_DB = 1,   /* runs without opening the database */
	CLI_NO_SEED = 2, /* does not import the bundled document into an empty db */
	CLI_READS = 4,   /* only reads: opens read-only, never creates a database */
};

/* One command. usage, summary and help are msgids (N_), translated where
 * printed; completion reads the English usage line (cli_complete.c). */
struct cli_cmd {
	const char *name;
	cli_fn fn;
	int flags;
	const char *usage; /* after "luoshi NAME " */
	const char *summary;
	const char *help;  /* further lines for NAME --help, or NULL */
};

/* The command table, and one command by name (NULL when none). */
const struct cli_cmd *cli_commands(size_t *n);
const struct cli_cmd *cli_find_cmd(const char *name);
/* The hidden `luoshi --complete KIND [ARG...]` (cli_complete.c): words
 * for the bash completion, one a line. */
int cli_complete(struct cli *c, int argc, char **argv);
/* Open the database for c->cmd (read-only when it only reads). */
int cli_open_db(struct cli *c);

/* Report a model failure (lu_errmsg) and map its status to an exit code. */
int cli_fail(enum lu_status st);
/* Usage error: one sentence, then "try luoshi NAME --help"; returns CLI_USAGE. */
int cli_usage(const struct cli *c, const char *fmt, ...) LU_PRINTF(2, 3);
/* Parse an id argument; usage error naming what (a placeholder of the
 * usage line marked NC_("metavar", ...)) when it is not a number. */
int cli_id(const struct cli *c, const char *arg, const char *what, long long *id);
/* Value of --name VALUE or --name=VALUE at argv[*i], advancing *i past it;
 * NULL when argv[*i] is not that option or its value is missing. */
const char *cli_opt_value(int argc, char **argv, int *i, const char *name);
/* Is arg "--help" or "-h"? */
int cli_is_help(const char *arg);
/* Append a column header: label padded to cols display columns (to the
 * left when right), never cut; a wider label pushes what follows. */
void cli_head(struct sbuf *b, const char *label, int cols, int right);
/* Append a "[####------]" bar of width cols for complete/active. */
void cli_bar(struct sbuf *b, int complete, int active, int cols);

/* the commands */
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_docs(struct cli *c, int argc, char **argv);
int cmd_outline(struct cli *c, int argc, char **argv);
int cmd_read(struct cli *c, int argc, char **argv);
int cmd_tasks(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_add(struct cli *c, int argc, char **argv);
int cmd_set(struct cli *c, int argc, char **argv);
int cmd_done(struct cli *c, int argc, char **argv);
int cmd_note(struct cli *c, int argc, char **argv);
int cmd_history(struct cli *c, int argc, char **argv);
int cmd_undo(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_copy(struct cli *c, int argc, char **argv);
int cmd_ui(struct cli *c, int argc, char **argv);
/* the 督办 cycle (cli_duban.c) */
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_due(struct cli *c, int argc, char **argv);
int cmd_brief(struct cli *c, int argc, char **argv);
int cmd_close(struct cli *c, int argc, char **argv);
int cmd_reopen(struct cli *c, int argc, char **argv);
int cmd_recheck(struct cli *c, int argc, char **argv);
int cmd_config(struct cli *c, int argc, char **argv);
/* tasks --by unit: f's tasks under each unit in order sort, at most
 * limit rows of tasks (0: all) */
int cmd_tasks_by(struct cli *c, const struct db_filter *f, enum db_sort sort, size_t limit);
/* show ID: lateness, 回头看, reports by period, periods done, reviews */
void cli_show_duban(struct cli *c, long long id);
/* After done: a recurring task's period done and its next deadline, if it rolled */
void cli_done_rolled(struct cli *c, long long id);
/* The task list's title cell (title_cols as out_cell's), then how late an
 * overdue task is in words: "  [red card, 20 days late]". The levels are
 * read once by cli_late_prepare. */
void cli_late_prepare(struct cli *c);
void cli_title_late(const struct db_task *t, int title_cols);
void cli_late_forget(void);
/* export --format xlsx, --by unit, --period P: 1 when argv asks for them */
int cli_export_duban_wants(int argc, char **argv);
int cmd_export_duban(struct cli *c, int argc, char **argv);

#endif
