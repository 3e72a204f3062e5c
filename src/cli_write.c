/* cli_write.c - the commands that change things: import, add, set, done,
 * note, undo; and export and ui, which need the open database too. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_impl.h"
#include "luoshi/export.h"
#include "luoshi/field.h"
#include "luoshi/import.h"
#include "luoshi/label.h"
#include "luoshi/out.h"
#include "luoshi/ui.h"
#include "luoshi/utf8.h"

/* What was read: the title, 文号 and issuer, and who does what by when. */
/* warned: a warning about the text was given already; one is enough. */
static void print_imported(struct cli *c, const struct db_import_result *res, const char *path,
			   int warned)
{
	struct db_doc d;
	if (db_doc_get(c->db, res->doc_id, &d) != LU_OK) {
		lu_error_clear();
		return;
	}
	out_str("  ");
	out_cell(d.title, 0, 0);
	if (d.number) {
		out_str(" · ");
		out_cell(d.number, 0, 0);
	}
	if (d.issuer) {
		out_str(" · ");
		out_cell(d.issuer, 0, 0);
	}
	out_str("\n");
	if (!(res->ntasks == 0 && res->nnodes == 0))
		/* not ngettext: scripts and tests grep this line for "tasks proposed" */
		out_printf(_("  %d tasks proposed: %d with a unit, %d with a due date\n"),
			   res->ntasks, res->nunit, res->ndue);
	if (warned)
		;
	else if (res->title_from == TITLE_GUESS)
		out_error(_("%s: the text has no title above it; took \"%s\", the first line that"
			    " reads as one"), path, d.title);
	else if (res->title_from == TITLE_NONE)
		out_error(_("%s: nothing in the text reads as a title; named it \"%s\""), path,
			  d.title);
	db_doc_free(&d);
}

/* An import as it goes: the file, and the progress line on stderr. */
struct import_run {
	struct cli *c;
	const char *path;
	int flags, failed;
	int tty;	   /* stderr is a terminal: progress may be shown */
	int shown;	   /* the progress line is on the screen */
	double start, last; /* when the file began, when the line was drawn */
	double after;	   /* seconds before a progress line is worth showing */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_clear(struct import_run *r)
{
	if (r->shown)
		fputs("\r\033[K", stderr);
	r->shown = 0;
}

/* One line of stderr, rewritten in place: documents and bytes done, rate,
 * time left. Only on a terminal, and only once the import has taken a
 * moment (LUOSHI_PROGRESS_AFTER seconds, default 1). */
static void import_progress(void *arg, long long done, long long total, int docs)
{
	struct import_run *r = arg;
	double t = now_s(), secs = t - r->start;
	if (!r->tty || secs < r->after || (r->shown && t - r->last < 0.2))
		return;
	double mb = (double)done / 1e6, rate = secs > 0 ? mb / secs : 0;
	double left = rate > 0 ? ((double)total / 1e6 - mb) / rate : 0;
	out_progress(ngettext("importing: %d document, %.1f of %.1f MB (%d%%), %.1f MB/s, about %.0f s left",
			      "importing: %d documents, %.1f of %.1f MB (%d%%), %.1f MB/s, about %.0f s left",
			      docs),
		     docs, mb, (double)total / 1e6, (int)(done * 100 / (total ? total : 1)), rate, left);
	r->shown = 1;
	r->last = t;
}

/* What one document of the file gave (the file's name alone when it holds
 * one document, "FILE #N" in a file of several). */
static void import_doc(void *arg, int n, int more, const char *enc, enum lu_status st,
		       const struct db_import_result *res, const char *doubt)
{
	struct import_run *r = arg;
	const char *path = r->path;
	char *name = n > 1 || more ? xasprintf("%s #%d", r->path, n) : xstrdup(r->path);
	progress_clear(r);
	if (st != LU_OK) {
		cli_fail(st);
		if (n > 1)
			out_error(_("%s: stopped at its document %d; the %d before it were imported"
				    " (importing the file again skips them)"), path, n, n - 1);
		r->failed++;
	} else if (doubt && !res->duplicate) { /* nothing was imported: no "all the same" */
		/* TRANSLATORS: the file, then why its text looks wrong */
		out_error(_("warning: %s: %s (imported all the same; import --strict refuses"
			    " such files)"), name, doubt);
	}
	if (st == LU_OK && res->duplicate) {
		out_cell(name, 0, 0);
		/* TRANSLATORS: after the file's name */
		out_printf(_(" is already imported as document %lld (identical text); "
			     "nothing added\n"), res->doc_id);
	} else if (st == LU_OK) {
		out_cell(name, 0, 0);
		/* TRANSLATORS: after the file's name: its encoding, the new
		 * document's id, its nodes and tasks */
		if (!res->replaced)
			out_printf(_(" imported (%s) as document %lld: %d nodes, %d tasks"), enc,
				   res->doc_id, res->nnodes, res->ntasks);
		else /* "11 tasks, 17 kept" read as 17 of the 11 (the tryout) */
			/* TRANSLATORS: after the file's name: its encoding, the
			 * document's id, its nodes, the tasks proposed from the
			 * new text and those the previous version had */
			out_printf(_(" replaced (%s) as document %lld: %d nodes; tasks: %d new,"
				     " %d kept from the previous version"),
				   enc, res->doc_id, res->nnodes, res->ntasks, res->kept);
		out_str("\n");
		print_imported(r->c, res, name, doubt != NULL);
		if ((r->flags & DB_IMPORT_REPLACE) && !res->replaced)
			out_str(_("  (no document with this title and issuer was there to replace: it"
				  " is a new document)\n"));
		else if (res->same_title) /* a revision made a second document unsaid */
			out_printf(_("  (document %lld has the same title: to put this version in its"
				     " place, keeping the work on it, import it with --replace)\n"),
				   res->same_title);
	}
	out_flush();
	free(name);
}

static int import_files(struct cli *c, char **files, int nfiles, int kind, const char *force,
			int flags)
{
	const char *after = getenv("LUOSHI_PROGRESS_AFTER");
	struct import_run r = {.c = c, .flags = flags, .tty = isatty(STDERR_FILENO),
			       .after = after && *after ? atof(after) : 1.0};
	struct import_report rep = {.doc = import_doc, .progress = import_progress, .arg = &r};
	int failed = 0;
	for (int k = 0; k < nfiles; k++) {
		r.path = files[k];
		r.failed = 0;
		r.start = now_s();
		enum lu_status st = import_file_each(c->db, files[k], (enum fmt_kind)kind, force,
						     flags, &rep);
		progress_clear(&r);
		if (st != LU_OK && !r.failed) /* refused before any document */
			cli_fail(st);
		failed += st != LU_OK;
	}
	return failed ? CLI_ERR : CLI_OK;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	const char *force = NULL, *v;
	int flags = 0, nfiles = 0, opts_done = 0, kind = FMT_AUTO;
	char **files = xcalloc((size_t)argc + 1, sizeof *files);
	for (int i = 0; i < argc; i++) {
		if (!opts_done && strcmp(argv[i], "--") == 0) {
			opts_done = 1;
		} else if (!opts_done && (v = cli_opt_value(argc, argv, &i, "--encoding"))) {
			force = v;
		} else if (!opts_done && (v = cli_opt_value(argc, argv, &i, "--format"))) {
			if ((kind = fmt_parse_name(v)) < 0) {
				free(files);
				return cli_usage(c, _("unknown format \"%s\" (auto, text, docx, html, "
						      "pdf or ofd)"), v);
			}
		} else if (!opts_done && strcmp(argv[i], "--replace") == 0) {
			flags |= DB_IMPORT_REPLACE;
		} else if (!opts_done && strcmp(argv[i], "--no-tasks") == 0) {
			flags |= DB_IMPORT_NO_TASKS;
		} else if (!opts_done && strcmp(argv[i], "--strict") == 0) {
			flags |= IMPORT_STRICT;
		} else if (!opts_done && argv[i][0] == '-' && argv[i][1]) {
			free(files);
			return cli_usage(c, _("unknown option %s"), argv[i]);
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (nfiles == 0) {
		free(files);
		return cli_usage(c, "%s", _("import needs a FILE"));
	}
	if (force && !enc_canonical(force)) {
		free(files);
		return cli_usage(c, _("unknown encoding \"%s\" (try UTF-8, GB18030, GBK, UTF-16)"),
				 force);
	}
	int rc = import_files(c, files, nfiles, kind, force, flags);
	free(files);
	return rc;
}

/* Split FIELD=VALUE arguments into changes; usage error on anything else. */
static int parse_changes(struct cli *c, int argc, char **argv, struct db_change *ch)
{
	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i])
			return cli_usage(c, _("\"%s\" is not FIELD=VALUE"), argv[i]);
		*eq = '\0';
		/* a field by its label too (责任人=张三): the store takes the column */
		int f = field_parse(argv[i]);
		ch[i].field = f >= 0 ? field_column((enum task_field)f) : argv[i];
		ch[i].value = eq + 1;
	}
	return CLI_OK;
}

static int take_expect(struct cli *c, int *argc, char ***argv, int *expect)
{
	long long v;
	if (*argc >= 2 && strcmp((*argv)[0], "--expect-version") == 0) {
		if (lu_parse_id((*argv)[1], &v) != 0 || v > INT_MAX)
			return cli_usage(c, "%s", _("--expect-version needs a number"));
		*expect = (int)v;
		*argc -= 2, *argv += 2;
	}
	return CLI_OK;
}

int cmd_set(struct cli *c, int argc, char **argv)
{
	long long id;
	int expect = -1, rc;
	if ((rc = take_expect(c, &argc, &argv, &expect)) != CLI_OK)
		return rc;
	if (argc < 2)
		return cli_usage(c, "%s", _("set needs a task id and at least one FIELD=VALUE"));
	if ((rc = cli_id(c, argv[0], NC_("metavar", "ID"), &id)) != CLI_OK)
		return rc;
	argc--, argv++;
	if ((rc = take_expect(c, &argc, &argv, &expect)) != CLI_OK)
		return rc;
	if (argc < 1)
		return cli_usage(c, "%s", _("set needs at least one FIELD=VALUE"));
	struct db_change *ch = xcalloc((size_t)argc, sizeof *ch);
	rc = parse_changes(c, argc, argv, ch);
	if (rc == CLI_OK) {
		enum lu_status st = db_task_set(c->db, id, ch, (size_t)argc, expect, lu_username());
		if (st != LU_OK)
			rc = cli_fail(st);
		else
			out_printf(_("task %lld updated\n"), id);
	}
	free(ch);
	return rc;
}

int cmd_add(struct cli *c, int argc, char **argv)
{
	long long node, id;
	int rc;
	if (argc < 2)
		return cli_usage(c, "%s", _("add needs a node id and a title"));
	if ((rc = cli_id(c, argv[0], NC_("metavar", "NODE-ID"), &node)) != CLI_OK)
		return rc;
	struct db_change *ch = xcalloc((size_t)argc, sizeof *ch);
	rc = parse_changes(c, argc - 2, argv + 2, ch);
	if (rc == CLI_OK) {
		/* all or nothing: a bad field must not leave the task behind */
		enum lu_status st = db_task_add_fields(c->db, node, argv[1], ch, (size_t)argc - 2,
						       lu_username(), &id);
		if (st != LU_OK)
			rc = cli_fail(st);
		else
			out_printf(_("added task %lld\n"), id);
	}
	free(ch);
	return rc;
}

int cmd_done(struct cli *c, int argc, char **argv)
{
	if (argc == 0)
		return cli_usage(c, "%s", _("done needs at least one task id"));
	long long *ids = xcalloc((size_t)argc, sizeof *ids);
	char *was_done = xcalloc((size_t)argc, 1);
	int rc = CLI_OK;
	/* a bad id anywhere changes nothing: look every task up first */
	for (int i = 0; i < argc && rc == CLI_OK; i++) {
		if ((rc = cli_id(c, argv[i], NC_("metavar", "ID"), &ids[i])) != CLI_OK)
			break;
		struct db_task t;
		enum lu_status st = db_task_get(c->db, ids[i], &t);
		was_done[i] = st == LU_OK && t.status == TASK_DONE;
		db_task_free(&t);
		if (st != LU_OK)
			rc = cli_fail(st);
	}
	/* all of them or none, one change: one undo takes them all back */
	const struct db_change ch = {"status", "done"};
	enum lu_status st = LU_OK;
	if (rc == CLI_OK)
		st = db_tasks_set(c->db, ids, (size_t)argc, &ch, 1, lu_username());
	if (rc == CLI_OK && st != LU_OK && argc == 1)
		rc = cli_fail(st);
	else if (rc == CLI_OK && st != LU_OK) {
		/* all or none: the others are not done either */
		out_error(_("%s; none of the %d tasks given was marked done"), lu_errmsg(), argc);
		rc = st == LU_USAGE ? CLI_USAGE : CLI_ERR;
	}
	for (int i = 0; i < argc && rc == CLI_OK; i++) {
		int k = 0;
		while (k < i && ids[k] != ids[i])
			k++;
		if (k < i)
			continue;
		/* as the screens say it: nothing was written for it */
		if (was_done[i]) {
			out_printf(_("task %lld is already done\n"), ids[i]);
			continue;
		}
		out_printf(_("task %lld done\n"), ids[i]);
		cli_done_rolled(c, ids[i]);
	}
	free(was_done);
	free(ids);
	return rc;
}

static char *read_stdin(void)
{
	struct sbuf b = SBUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		sbuf_add(&b, chunk, n);
	while (b.len && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == '\r'))
		b.s[--b.len] = '\0';
	char *text = out_from_locale(b.s ? b.s : "", b.len);
	sbuf_free(&b);
	return text;
}

int cmd_note(struct cli *c, int argc, char **argv)
{
	long long id, note_id;
	int rc;
	if (argc < 2)
		return cli_usage(c, "%s", _("note needs a task id and the text"));
	if ((rc = cli_id(c, argv[0], NC_("metavar", "ID"), &id)) != CLI_OK)
		return rc;
	char *text;
	if (argc == 2 && strcmp(argv[1], "-") == 0) {
		text = read_stdin();
		if (!text)
			return cli_usage(c, "%s", _("the note on standard input is not valid text in this "
						  "locale's encoding"));
	} else {
		struct sbuf b = SBUF_INIT;
		for (int i = 1; i < argc; i++)
			sbuf_addf(&b, "%s%s", i > 1 ? " " : "", argv[i]);
		text = sbuf_detach(&b);
	}
	if (!*text) {
		free(text);
		return cli_usage(c, "%s", _("the note is empty"));
	}
	enum lu_status st = db_note_add(c->db, id, text, lu_username(), &note_id);
	free(text);
	if (st != LU_OK)
		return cli_fail(st);
	out_printf(_("note %lld added to task %lld\n"), note_id, id);
	return CLI_OK;
}

int cmd_undo(struct cli *c, int argc, char **argv)
{
	if (argc > 0)
		return cli_usage(c, "%s", _("undo takes no arguments"));
	struct db_hist *h;
	size_t n;
	enum lu_status st = db_undo(c->db, lu_username(), &h, &n);
	if (st != LU_OK)
		return cli_fail(st);
	for (size_t i = 0; i < n; i++) {
		const char *f = h[i].field;
		if (strcmp(f, "created") == 0)
			out_printf(_("undone: task %lld added (removed again)\n"), h[i].task_id);
		else if (strcmp(f, "deleted") == 0)
			out_printf(_("undone: task %lld deleted (restored)\n"), h[i].task_id);
		else if (strcmp(f, "note") == 0)
			out_printf(_("undone: task %lld note added (removed again)\n"), h[i].task_id);
		else {
			if (h[i].task_id)
				/* TRANSLATORS: the task, then the field whose change was undone */
				out_printf(_("undone: task %lld %s: "), h[i].task_id, label_field(f));
			else /* a shared setting (luoshi config) */
				out_printf(_("undone: %s: "), label_field(f));
			const char *was = label_value(f, h[i].new_value);
			const char *is = label_value(f, h[i].old_value);
			out_cell(was ? was : "", 30, 0);
			out_str(" -> ");
			out_cell(is ? is : "", 30, 0);
			out_str("\n");
		}
	}
	db_hist_free(h, n);
	return CLI_OK;
}

static int parse_format(struct cli *c, const char *s, enum export_format *fmt)
{
	if (strcmp(s, "json") == 0)
		*fmt = EXPORT_JSON;
	else if (strcmp(s, "csv") == 0)
		*fmt = EXPORT_CSV;
	else if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0)
		*fmt = EXPORT_MD;
	else
		return cli_usage(c, _("unknown format \"%s\": use json, csv, md or xlsx"), s);
	return CLI_OK;
}

static int write_export(struct cli *c, enum export_format fmt, long long doc,
			const char *enc, const char *path)
{
	FILE *f = stdout;
	char *tmp = NULL;
	if (path) {
		tmp = xasprintf("%s.tmp", path);
		f = fopen(tmp, "wb");
		if (!f) {
			out_error(_("cannot write %s: %s"), path, strerror(errno));
			free(tmp);
			return CLI_ERR;
		}
	}
	out_flush();
	struct export_loss loss;
	enum lu_status st = export_write(c->db, fmt, doc, enc, f, &loss);
	int werr = fflush(f) != 0 || ferror(f);
	if (path) {
		werr |= fclose(f) != 0;
		if (st == LU_OK && !werr && rename(tmp, path) != 0)
			werr = 1;
		if (st != LU_OK || werr)
			remove(tmp);
		free(tmp);
	}
	if (st != LU_OK)
		return cli_fail(st);
	if (werr) {
		out_error(_("cannot write %s: %s"), path ? path : _("the output"), strerror(errno));
		return CLI_ERR;
	}
	/* written all the same (the office asked for GBK), but not silently */
	if (loss.n) {
		char first[5] = "";
		first[utf8_encode(loss.first, first)] = '\0';
		out_error(ngettext("warning: %zu character has no form in %s and was written as ?"
				   " (%s U+%04X); --encoding gb18030 keeps every character",
				   "warning: %zu characters have no form in %s and were written as ?"
				   " (the first: %s U+%04X); --encoding gb18030 keeps every character",
				   loss.n),
			  loss.n, enc_canonical(enc), first, (unsigned)loss.first);
	}
	return CLI_OK;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	enum export_format fmt = EXPORT_JSON;
	int have_fmt = 0, rc;
	const char *enc = NULL, *path = NULL, *v;
	long long doc = 0;
	if (cli_export_duban_wants(argc, argv))
		return cmd_export_duban(c, argc, argv);
	for (int i = 0; i < argc; i++) {
		if ((v = cli_opt_value(argc, argv, &i, "--format"))) {
			if ((rc = parse_format(c, v, &fmt)) != CLI_OK)
				return rc;
			have_fmt = 1;
		} else if ((v = cli_opt_value(argc, argv, &i, "--encoding"))) {
			enc = v;
		} else if ((v = cli_opt_value(argc, argv, &i, "-o"))) {
			path = v;
		} else if (argv[i][0] == '-') {
			return cli_usage(c, _("unknown option %s"), argv[i]);
		} else if (doc) {
			return cli_usage(c, "%s", _("export takes at most one document id"));
		} else if ((rc = cli_id(c, argv[i], NC_("metavar", "DOC"), &doc)) != CLI_OK) {
			return rc;
		}
	}
	if (!have_fmt)
		return cli_usage(c, "%s", _("export needs --format json, csv, md or xlsx"));
	const char *canon = enc ? enc_canonical(enc) : "UTF-8";
	if (!canon || (strcmp(canon, "UTF-8") != 0 && strcmp(canon, "GBK") != 0 &&
		       strcmp(canon, "GB18030") != 0))
		return cli_usage(c, _("export writes utf-8, gbk or gb18030, not \"%s\""), enc);
	if (enc && fmt == EXPORT_JSON && strcmp(enc_canonical(enc), "UTF-8") != 0)
		return cli_usage(c, "%s", _("JSON is always UTF-8"));
	return write_export(c, fmt, doc, enc, path);
}

int cmd_ui(struct cli *c, int argc, char **argv)
{
	struct ui_opts o = {0};
	const char *v;
	int rc;
	for (int i = 0; i < argc; i++) {
		if ((v = cli_opt_value(argc, argv, &i, "--task"))) {
			if ((rc = cli_id(c, v, NC_("metavar", "ID"), &o.task_id)) != CLI_OK)
				return rc;
		} else if ((v = cli_opt_value(argc, argv, &i, "--node"))) {
			if ((rc = cli_id(c, v, NC_("metavar", "NODE-ID"), &o.node_id)) != CLI_OK)
				return rc;
		} else if (strcmp(argv[i], "--task") == 0 || strcmp(argv[i], "--node") == 0) {
			return cli_usage(c, _("%s needs an id"), argv[i]);
		} else {
			return cli_usage(c, _("unknown argument %s"), argv[i]);
		}
	}
	out_flush();
	return ui_run(c->db, &o);
}
