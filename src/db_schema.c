/* db_schema.c - the schema of a store, for both engines. SQLite stores
 * have grown from version 1 by the migrations below; a PostgreSQL store is
 * made at version 3 at once (DB_PG_BASE_VERSION, the same tables in its
 * dialect) and follows the numbered migrations from there, each written
 * for both. Never edit a migration that has shipped: add the next. */
#include "config.h"

#include "db_impl.h"

/* The due date a task is counted under in doc_counts (db_impl.h). */
#define COUNT_DUE(r) DB_COUNT_DUE(r)
#define COUNT_DUE_PG \
	"CASE WHEN p_status NOT IN ('done','closed','ongoing','dropped')" \
	" THEN coalesce(p_due, '') ELSE '' END"
/* SQLite trigger bodies: task r (new or old) into or out of the counts. */
#define LITE_COUNT_ADD(r) \
	" INSERT INTO node_counts (node_id, status, n) VALUES (" r ".node_id, " r ".status, 1)" \
	"  ON CONFLICT (node_id, status) DO UPDATE SET n = n + 1;" \
	" INSERT INTO doc_counts (doc_id, unit, status, due, n)" \
	"  SELECT doc_id, coalesce(" r ".unit, ''), " r ".status, " COUNT_DUE(r) ", 1" \
	"  FROM nodes WHERE id = " r ".node_id" \
	"  ON CONFLICT (doc_id, unit, status, due) DO UPDATE SET n = n + 1;"
#define LITE_DOC_KEY(r) \
	" WHERE doc_id = (SELECT doc_id FROM nodes WHERE id = " r ".node_id)" \
	" AND unit = coalesce(" r ".unit, '') AND status = " r ".status" \
	" AND due = " COUNT_DUE(r)
#define LITE_COUNT_SUB(r) \
	" UPDATE node_counts SET n = n - 1 WHERE node_id = " r ".node_id" \
	"  AND status = " r ".status;" \
	" DELETE FROM node_counts WHERE node_id = " r ".node_id AND status = " r ".status" \
	"  AND n = 0;" \
	" UPDATE doc_counts SET n = n - 1" LITE_DOC_KEY(r) ";" \
	" DELETE FROM doc_counts" LITE_DOC_KEY(r) " AND n = 0;"

/* Schema 18: the texts task t's entry in the tasks' full-text index
 * holds (NULL for a task without one: DB_TASK_INDEXED). */
#define FTS_TITLE(t) "CASE WHEN " DB_TASK_INDEXED(t) " THEN " DB_TASK_TITLE_SUB(t) " END"
#define FTS_TEXT(t) "CASE WHEN " DB_TASK_INDEXED(t) " THEN " DB_TASK_TEXT_SUB(t) " END"

/* Migration i takes a store from version i to i + 1 (the text for SQLite
 * and, from DB_PG_BASE_VERSION on, for PostgreSQL). Each one sets the
 * version it reaches (PRAGMA user_version; the meta table) itself. */
const struct db_sql db_migrations[DB_SCHEMA_VERSION] = {
	/* 1: the first schema */
	{"PRAGMA application_id = 1280659283;"
	"CREATE TABLE documents ("
	" id INTEGER PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" issuer TEXT, number TEXT, date TEXT, source TEXT, recipients TEXT, note TEXT,"
	" encoding TEXT, preamble TEXT, closing TEXT,"
	" attachments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments)),"
	" hash TEXT NOT NULL UNIQUE,"
	" filename TEXT,"
	" raw TEXT NOT NULL,"
	" imported_by TEXT NOT NULL,"
	" imported_at INTEGER NOT NULL);"
	"CREATE INDEX documents_title ON documents(title);"
	/* AUTOINCREMENT: ids of nodes, tasks and notes are never reused, so
	 * history and the deleted rows undo brings back never name a
	 * newcomer. */
	"CREATE TABLE nodes ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	" parent_id INTEGER REFERENCES nodes(id) ON DELETE CASCADE,"
	" top_id INTEGER," /* top-level ancestor; NULL for a top-level node */
	" kind TEXT NOT NULL CHECK (kind IN ('part','chapter','section','item','article',"
	"  'paragraph','closing','attachment')),"
	" level INTEGER NOT NULL CHECK (level >= 1),"
	" pos INTEGER NOT NULL," /* document order (preorder) */
	" label TEXT NOT NULL DEFAULT '',"
	" heading TEXT NOT NULL DEFAULT '',"
	" body TEXT NOT NULL DEFAULT '',"
	" chash TEXT NOT NULL);" /* content hash, matched by --replace */
	"CREATE INDEX nodes_doc ON nodes(doc_id, pos);"
	"CREATE INDEX nodes_parent ON nodes(parent_id);"
	"CREATE TABLE tasks ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" node_id INTEGER NOT NULL REFERENCES nodes(id),"
	" pos INTEGER NOT NULL DEFAULT 0,"
	" title TEXT NOT NULL CHECK (title <> ''),"
	" text TEXT,"
	" status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo','doing','done',"
	"  'ongoing','blocked','dropped')),"
	" unit TEXT, assist TEXT, owner TEXT,"
	" due TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),"
	" recurrence TEXT CHECK (recurrence IS NULL OR recurrence IN ('yearly','halfyearly',"
	"  'quarterly','monthly','weekly','periodic','ongoing')),"
	" progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
	" created_by TEXT NOT NULL, created_at INTEGER NOT NULL,"
	" updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL,"
	" version INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX tasks_node ON tasks(node_id, pos);"
	/* covering for the per-document and per-node counts (widening
	 * tasks_node instead slows the task list by half) */
	"CREATE INDEX tasks_count ON tasks(node_id, status, due);"
	"CREATE INDEX tasks_status ON tasks(status);"
	"CREATE INDEX tasks_due ON tasks(due) WHERE due IS NOT NULL;"
	"CREATE INDEX tasks_unit ON tasks(unit);"
	"CREATE INDEX tasks_owner ON tasks(owner) WHERE owner IS NOT NULL;"
	"CREATE TABLE notes ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	" author TEXT NOT NULL, at INTEGER NOT NULL, text TEXT NOT NULL);"
	"CREATE INDEX notes_task ON notes(task_id);"
	/* Append-only. change_id groups the rows of one user action; undo_of
	 * names the change group a row reverts; auto marks rows written by
	 * import, which undo leaves alone; note_id ties a "note" row to its
	 * note. task_id is no foreign key: history outlives deleted tasks. */
	"CREATE TABLE history ("
	" id INTEGER PRIMARY KEY,"
	" change_id INTEGER NOT NULL,"
	" task_id INTEGER,"
	" who TEXT NOT NULL, at INTEGER NOT NULL,"
	" field TEXT NOT NULL, old TEXT, new TEXT,"
	" undone INTEGER NOT NULL DEFAULT 0,"
	" undo_of INTEGER,"
	" note_id INTEGER,"
	" auto INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX history_task ON history(task_id, id);"
	"CREATE INDEX history_change ON history(change_id);"
	"CREATE INDEX history_undo ON history(who, change_id) WHERE undo_of IS NULL AND auto = 0;"
	"CREATE TABLE readpos ("
	" user TEXT NOT NULL,"
	" doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL,"
	" PRIMARY KEY (user, doc_id)) WITHOUT ROWID;"
	/* Full-text indexes: external content, kept in step by triggers that
	 * fire only when indexed text changes (a status change never touches
	 * them). */
	"CREATE VIRTUAL TABLE nodes_fts USING fts5(label, heading, body,"
	" content='nodes', content_rowid='id', tokenize='trigram');"
	/* a larger pending-terms buffer: fewer, bigger segments on import */
	"INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('hashsize', 8388608);"
	"CREATE TRIGGER nodes_fts_i AFTER INSERT ON nodes BEGIN"
	" INSERT INTO nodes_fts(rowid, label, heading, body)"
	" VALUES (new.id, new.label, new.heading, new.body); END;"
	"CREATE TRIGGER nodes_fts_d AFTER DELETE ON nodes BEGIN"
	" INSERT INTO nodes_fts(nodes_fts, rowid, label, heading, body)"
	" VALUES ('delete', old.id, old.label, old.heading, old.body); END;"
	"CREATE TRIGGER nodes_fts_u AFTER UPDATE OF label, heading, body ON nodes"
	" WHEN old.label IS NOT new.label OR old.heading IS NOT new.heading"
	"  OR old.body IS NOT new.body BEGIN"
	" INSERT INTO nodes_fts(nodes_fts, rowid, label, heading, body)"
	" VALUES ('delete', old.id, old.label, old.heading, old.body);"
	" INSERT INTO nodes_fts(rowid, label, heading, body)"
	" VALUES (new.id, new.label, new.heading, new.body); END;"
	"CREATE VIRTUAL TABLE tasks_fts USING fts5(title, text,"
	" content='tasks', content_rowid='id', tokenize='trigram');"
	"INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('hashsize', 8388608);"
	"CREATE TRIGGER tasks_fts_i AFTER INSERT ON tasks BEGIN"
	" INSERT INTO tasks_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;"
	"CREATE TRIGGER tasks_fts_d AFTER DELETE ON tasks BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	" VALUES ('delete', old.id, old.title, old.text); END;"
	"CREATE TRIGGER tasks_fts_u AFTER UPDATE OF title, text ON tasks"
	" WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	" VALUES ('delete', old.id, old.title, old.text);"
	" INSERT INTO tasks_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;"
	"CREATE VIRTUAL TABLE notes_fts USING fts5(text,"
	" content='notes', content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER notes_fts_i AFTER INSERT ON notes BEGIN"
	" INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text); END;"
	"CREATE TRIGGER notes_fts_d AFTER DELETE ON notes BEGIN"
	" INSERT INTO notes_fts(notes_fts, rowid, text) VALUES ('delete', old.id, old.text); END;"
	"CREATE TRIGGER notes_fts_u AFTER UPDATE OF text ON notes"
	" WHEN old.text IS NOT new.text BEGIN"
	" INSERT INTO notes_fts(notes_fts, rowid, text) VALUES ('delete', old.id, old.text);"
	" INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text); END;"
	"PRAGMA user_version = 1;"},

	/* 2: leaving done gives back the progress a task had before it was
	 * marked done; for tasks already done, that value is in history */
	{"ALTER TABLE tasks ADD COLUMN progress_before_done INTEGER"
	" CHECK (progress_before_done BETWEEN 0 AND 100);"
	"UPDATE tasks SET progress_before_done = (SELECT coalesce((SELECT CAST(p.old AS INTEGER)"
	"  FROM history p WHERE p.change_id = d.change_id AND p.task_id = d.task_id"
	"  AND p.field = 'progress'), 100)" /* no progress row: it was 100 already */
	" FROM history d WHERE d.task_id = tasks.id AND d.field = 'status' AND d.new = 'done'"
	" AND d.undo_of IS NULL ORDER BY d.id DESC LIMIT 1) WHERE status = 'done';"
	"PRAGMA user_version = 2;"},

	/* 3: documents as published. The 版头/版记 fields and the title of the
	 * document a notice issues; table and box nodes; a due date keeps
	 * the words it was written in (2020年4月底前); more recurrences and
	 * the closed (已销号) status. SQLite cannot change a CHECK, so nodes
	 * and tasks are rebuilt (foreign keys are off during migrations). */
	{"ALTER TABLE documents ADD COLUMN wrapped TEXT;"
	"ALTER TABLE documents ADD COLUMN signer TEXT;"
	"ALTER TABLE documents ADD COLUMN copy_no TEXT;"
	"ALTER TABLE documents ADD COLUMN secrecy TEXT;"
	"ALTER TABLE documents ADD COLUMN urgency TEXT;"
	"ALTER TABLE documents ADD COLUMN cc TEXT;"
	"ALTER TABLE documents ADD COLUMN printer TEXT;"
	"ALTER TABLE documents ADD COLUMN print_date TEXT;"
	"CREATE TABLE nodes_new ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	" parent_id INTEGER REFERENCES nodes(id) ON DELETE CASCADE,"
	" top_id INTEGER,"
	" kind TEXT NOT NULL CHECK (kind IN ('part','chapter','section','item','article',"
	"  'paragraph','closing','attachment','table','box')),"
	" level INTEGER NOT NULL CHECK (level >= 1),"
	" pos INTEGER NOT NULL,"
	" label TEXT NOT NULL DEFAULT '',"
	" heading TEXT NOT NULL DEFAULT '',"
	" body TEXT NOT NULL DEFAULT '',"
	" chash TEXT NOT NULL);"
	"INSERT INTO nodes_new SELECT id, doc_id, parent_id, top_id, kind, level, pos, label,"
	" heading, body, chash FROM nodes;"
	"DROP TABLE nodes;"
	"ALTER TABLE nodes_new RENAME TO nodes;"
	"CREATE INDEX nodes_doc ON nodes(doc_id, pos);"
	"CREATE INDEX nodes_parent ON nodes(parent_id);"
	"CREATE TRIGGER nodes_fts_i AFTER INSERT ON nodes BEGIN"
	" INSERT INTO nodes_fts(rowid, label, heading, body)"
	" VALUES (new.id, new.label, new.heading, new.body); END;"
	"CREATE TRIGGER nodes_fts_d AFTER DELETE ON nodes BEGIN"
	" INSERT INTO nodes_fts(nodes_fts, rowid, label, heading, body)"
	" VALUES ('delete', old.id, old.label, old.heading, old.body); END;"
	"CREATE TRIGGER nodes_fts_u AFTER UPDATE OF label, heading, body ON nodes"
	" WHEN old.label IS NOT new.label OR old.heading IS NOT new.heading"
	"  OR old.body IS NOT new.body BEGIN"
	" INSERT INTO nodes_fts(nodes_fts, rowid, label, heading, body)"
	" VALUES ('delete', old.id, old.label, old.heading, old.body);"
	" INSERT INTO nodes_fts(rowid, label, heading, body)"
	" VALUES (new.id, new.label, new.heading, new.body); END;"
	"CREATE TABLE tasks_new ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" node_id INTEGER NOT NULL REFERENCES nodes(id),"
	" pos INTEGER NOT NULL DEFAULT 0,"
	" title TEXT NOT NULL CHECK (title <> ''),"
	" text TEXT,"
	" status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo','doing','done',"
	"  'ongoing','blocked','dropped','closed')),"
	" unit TEXT, assist TEXT, owner TEXT,"
	" due TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),"
	" due_text TEXT,"
	" recurrence TEXT CHECK (recurrence IS NULL OR recurrence IN ('yearly','halfyearly',"
	"  'quarterly','monthly','weekly','daily','biennial','triennial','quinquennial',"
	"  'periodic','ongoing')),"
	" progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
	" created_by TEXT NOT NULL, created_at INTEGER NOT NULL,"
	" updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL,"
	" version INTEGER NOT NULL DEFAULT 1,"
	" progress_before_done INTEGER CHECK (progress_before_done BETWEEN 0 AND 100));"
	"INSERT INTO tasks_new (id, node_id, pos, title, text, status, unit, assist, owner, due,"
	" recurrence, progress, created_by, created_at, updated_by, updated_at, version,"
	" progress_before_done)"
	" SELECT id, node_id, pos, title, text, status, unit, assist, owner, due, recurrence,"
	" progress, created_by, created_at, updated_by, updated_at, version,"
	" progress_before_done FROM tasks;"
	"DROP TABLE tasks;"
	"ALTER TABLE tasks_new RENAME TO tasks;"
	"CREATE INDEX tasks_node ON tasks(node_id, pos);"
	"CREATE INDEX tasks_count ON tasks(node_id, status, due);"
	"CREATE INDEX tasks_status ON tasks(status);"
	"CREATE INDEX tasks_due ON tasks(due) WHERE due IS NOT NULL;"
	"CREATE INDEX tasks_unit ON tasks(unit);"
	"CREATE INDEX tasks_owner ON tasks(owner) WHERE owner IS NOT NULL;"
	"CREATE TRIGGER tasks_fts_i AFTER INSERT ON tasks BEGIN"
	" INSERT INTO tasks_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;"
	"CREATE TRIGGER tasks_fts_d AFTER DELETE ON tasks BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	" VALUES ('delete', old.id, old.title, old.text); END;"
	"CREATE TRIGGER tasks_fts_u AFTER UPDATE OF title, text ON tasks"
	" WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	" VALUES ('delete', old.id, old.title, old.text);"
	" INSERT INTO tasks_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;"
	"PRAGMA user_version = 3;"},

	/* 4: the full-text indexes use luoshi's bigram tokenizer (db_tok.c),
	 * which answers one- and two-character words too; the triggers that
	 * feed them name the tables and stay as they are. */
	{"DROP TABLE nodes_fts;"
	"CREATE VIRTUAL TABLE nodes_fts USING fts5(label, heading, body,"
	" content='nodes', content_rowid='id', tokenize='" DB_TOKENIZER "');"
	"INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('hashsize', 8388608);"
	"INSERT INTO nodes_fts(nodes_fts) VALUES ('rebuild');"
	"DROP TABLE tasks_fts;"
	"CREATE VIRTUAL TABLE tasks_fts USING fts5(title, text,"
	" content='tasks', content_rowid='id', tokenize='" DB_TOKENIZER "');"
	"INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('hashsize', 8388608);"
	"INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');"
	"DROP TABLE notes_fts;"
	"CREATE VIRTUAL TABLE notes_fts USING fts5(text,"
	" content='notes', content_rowid='id', tokenize='" DB_TOKENIZER "');"
	"INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');"
	/* the document's own text: title, preamble and closing sentences */
	"CREATE VIRTUAL TABLE docs_fts USING fts5(title, preamble, closing,"
	" content='documents', content_rowid='id', tokenize='" DB_TOKENIZER "');"
	"INSERT INTO docs_fts(docs_fts) VALUES ('rebuild');"
	"CREATE TRIGGER docs_fts_i AFTER INSERT ON documents BEGIN"
	" INSERT INTO docs_fts(rowid, title, preamble, closing)"
	" VALUES (new.id, new.title, new.preamble, new.closing); END;"
	"CREATE TRIGGER docs_fts_d AFTER DELETE ON documents BEGIN"
	" INSERT INTO docs_fts(docs_fts, rowid, title, preamble, closing)"
	" VALUES ('delete', old.id, old.title, old.preamble, old.closing); END;"
	"CREATE TRIGGER docs_fts_u AFTER UPDATE OF title, preamble, closing ON documents"
	" WHEN old.title IS NOT new.title OR old.preamble IS NOT new.preamble"
	"  OR old.closing IS NOT new.closing BEGIN"
	" INSERT INTO docs_fts(docs_fts, rowid, title, preamble, closing)"
	" VALUES ('delete', old.id, old.title, old.preamble, old.closing);"
	" INSERT INTO docs_fts(rowid, title, preamble, closing)"
	" VALUES (new.id, new.title, new.preamble, new.closing); END;"
	"PRAGMA user_version = 4;",
	 /* PostgreSQL: its trigram indexes already answer words of any length
	  * (db_search checks each word itself); the documents' own text gets
	  * them too */
	 "CREATE INDEX documents_title_trgm ON documents USING gin (title gin_trgm_ops);"
	 "CREATE INDEX documents_preamble_trgm ON documents USING gin (preamble gin_trgm_ops);"
	 "CREATE INDEX documents_closing_trgm ON documents USING gin (closing gin_trgm_ops);"
	 "UPDATE meta SET value = '4' WHERE key = 'schema';"},

	/* 5: the change log. Every committed change appends what it touched
	 * (a task, a note, the structure of a document) in its own
	 * transaction, so a screen that knows the last sequence number it saw
	 * rereads only what is named. AUTOINCREMENT and the sequence: a
	 * number is never handed out twice, even after the log is pruned. */
	{"CREATE TABLE changes ("
	 " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	 " kind TEXT NOT NULL,"
	 " doc_id INTEGER, node_id INTEGER, task_id INTEGER,"
	 " at INTEGER NOT NULL);"
	 "PRAGMA user_version = 5;",
	 "CREATE TABLE changes ("
	 " seq bigserial PRIMARY KEY,"
	 " kind text NOT NULL,"
	 " doc_id bigint, node_id bigint, task_id bigint,"
	 " at bigint NOT NULL);"
	 "UPDATE meta SET value = '5' WHERE key = 'schema';"},

	/* 6: the 督办 cycle. A date to look at a closed task again (回头看)
	 * and a reporting cycle of its own; settings everyone shares (who
	 * reviews, lateness levels); progress reports per period and unit;
	 * the periods of a recurring task that are done; the reviews (销号
	 * with its evidence, sending back, 回头看 done). A history row of a
	 * report or a review names it in note_id, as a note's row does. */
	{"ALTER TABLE tasks ADD COLUMN recheck TEXT"
	" CHECK (recheck IS NULL OR recheck GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');"
	"ALTER TABLE tasks ADD COLUMN cycle TEXT CHECK (cycle IS NULL OR cycle IN ('daily',"
	" 'weekly','monthly','quarterly','halfyearly','yearly'));"
	"CREATE INDEX tasks_recheck ON tasks(recheck) WHERE recheck IS NOT NULL;"
	/* what `luoshi brief` counts, from indexes alone: a person's and a
	 * lead unit's tasks by status and due date, and the few tasks with
	 * assisting units (a login line must not read every task) */
	"DROP INDEX tasks_unit;"
	"CREATE INDEX tasks_unit ON tasks(unit, status, due);"
	"DROP INDEX tasks_owner;"
	"CREATE INDEX tasks_owner ON tasks(owner, status, due) WHERE owner IS NOT NULL;"
	"CREATE INDEX tasks_assist ON tasks(status, due) WHERE assist IS NOT NULL;"
	"CREATE TABLE settings ("
	" key TEXT PRIMARY KEY,"
	" value TEXT NOT NULL,"
	" updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL);"
	"CREATE TABLE reports ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	" period TEXT NOT NULL,"
	" unit TEXT,"
	" percent INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),"
	" text TEXT NOT NULL,"
	" author TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX reports_task ON reports(task_id, period);"
	"CREATE INDEX reports_period ON reports(period, task_id);"
	"CREATE TABLE task_periods ("
	" task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	" period TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('done')),"
	" due TEXT," /* the deadline the period had */
	" who TEXT NOT NULL, at INTEGER NOT NULL,"
	" PRIMARY KEY (task_id, period));"
	"CREATE TABLE reviews ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL CHECK (kind IN ('close','reopen','recheck')),"
	" text TEXT,"
	" who TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX reviews_task ON reviews(task_id, id);"
	"PRAGMA user_version = 6;",
	 "ALTER TABLE tasks ADD COLUMN recheck text"
	 " CHECK (recheck IS NULL OR recheck ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$');"
	 "ALTER TABLE tasks ADD COLUMN cycle text CHECK (cycle IS NULL OR cycle IN ('daily',"
	 " 'weekly','monthly','quarterly','halfyearly','yearly'));"
	 "CREATE INDEX tasks_recheck ON tasks(recheck) WHERE recheck IS NOT NULL;"
	 "DROP INDEX tasks_unit;"
	 "CREATE INDEX tasks_unit ON tasks(unit, status, due);"
	 "DROP INDEX tasks_owner;"
	 "CREATE INDEX tasks_owner ON tasks(owner, status, due) WHERE owner IS NOT NULL;"
	 "CREATE INDEX tasks_assist ON tasks(status, due) WHERE assist IS NOT NULL;"
	 "CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL,"
	 " updated_by text NOT NULL, updated_at bigint NOT NULL);"
	 "CREATE TABLE reports (id bigserial PRIMARY KEY,"
	 " task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	 " period text NOT NULL, unit text,"
	 " percent integer CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),"
	 " text text NOT NULL, author text NOT NULL, at bigint NOT NULL);"
	 "CREATE INDEX reports_task ON reports(task_id, period);"
	 "CREATE INDEX reports_period ON reports(period, task_id);"
	 "CREATE TABLE task_periods ("
	 " task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	 " period text NOT NULL, status text NOT NULL CHECK (status IN ('done')), due text,"
	 " who text NOT NULL, at bigint NOT NULL, PRIMARY KEY (task_id, period));"
	 "CREATE TABLE reviews (id bigserial PRIMARY KEY,"
	 " task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	 " kind text NOT NULL CHECK (kind IN ('close','reopen','recheck')), text text,"
	 " who text NOT NULL, at bigint NOT NULL);"
	 "CREATE INDEX reviews_task ON reviews(task_id, id);"
	 "UPDATE meta SET value = '6' WHERE key = 'schema';"},

	/* 7: task counts the store keeps (issue 9), so that no screen or
	 * command counts every task to draw a tree or the list of documents.
	 * Per node and status for the outline; per document, lead unit,
	 * status and - for the tasks that can be late - due date for the
	 * document list and the dashboard (overdue depends on today, so the
	 * due dates stay a key: their number is bounded by the calendar, not
	 * by the tasks). A row lives while its count is above zero.
	 * Triggers keep them in the transaction of every change, whichever
	 * code path makes it (add, set, delete, undo, import, replace, copy,
	 * close and reopen). A later migration that rebuilds tasks the SQLite
	 * way (a new table renamed) drops these triggers with the old table:
	 * it must make them again. */
	{"CREATE TABLE node_counts ("
	 " node_id INTEGER NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,"
	 " PRIMARY KEY (node_id, status)) WITHOUT ROWID;"
	 "CREATE TABLE doc_counts ("
	 " doc_id INTEGER NOT NULL, unit TEXT NOT NULL, status TEXT NOT NULL,"
	 " due TEXT NOT NULL, n INTEGER NOT NULL,"
	 " PRIMARY KEY (doc_id, unit, status, due)) WITHOUT ROWID;"
	 "CREATE TRIGGER tasks_count_i AFTER INSERT ON tasks BEGIN" LITE_COUNT_ADD("new") " END;"
	 "CREATE TRIGGER tasks_count_d AFTER DELETE ON tasks BEGIN" LITE_COUNT_SUB("old") " END;"
	 "CREATE TRIGGER tasks_count_u AFTER UPDATE OF node_id, status, unit, due ON tasks"
	 " WHEN old.node_id IS NOT new.node_id OR old.status IS NOT new.status"
	 "  OR old.unit IS NOT new.unit OR old.due IS NOT new.due BEGIN"
	 LITE_COUNT_SUB("old") LITE_COUNT_ADD("new") " END;"
	 "INSERT INTO node_counts (node_id, status, n)"
	 " SELECT node_id, status, count(*) FROM tasks GROUP BY node_id, status;"
	 "INSERT INTO doc_counts (doc_id, unit, status, due, n)"
	 " SELECT n.doc_id, coalesce(t.unit, ''), t.status, " COUNT_DUE("t") ", count(*)"
	 " FROM tasks t JOIN nodes n ON n.id = t.node_id GROUP BY 1, 2, 3, 4;"
	 "PRAGMA user_version = 7;",
	 /* PostgreSQL: one plpgsql function moves a task in or out of both
	  * counts. No ON CONFLICT (openGauss spells it otherwise): update,
	  * else insert; two writers making the same new row at once make
	  * the second one's change run again (40001), as a conflict does. */
	 "CREATE TABLE node_counts ("
	 " node_id bigint NOT NULL, status text NOT NULL, n integer NOT NULL,"
	 " PRIMARY KEY (node_id, status));"
	 "CREATE TABLE doc_counts ("
	 " doc_id bigint NOT NULL, unit text NOT NULL, status text NOT NULL,"
	 " due text NOT NULL, n integer NOT NULL,"
	 " PRIMARY KEY (doc_id, unit, status, due));"
	 "CREATE FUNCTION luoshi_count(p_node bigint, p_status text, p_unit text, p_due text,"
	 " p_delta integer) RETURNS void AS $$"
	 " DECLARE"
	 "  d bigint;"
	 "  u text := coalesce(p_unit, '');"
	 "  k text := " COUNT_DUE_PG ";"
	 " BEGIN"
	 "  SELECT doc_id INTO d FROM nodes WHERE id = p_node;"
	 "  UPDATE node_counts SET n = n + p_delta WHERE node_id = p_node AND status = p_status;"
	 "  IF NOT FOUND THEN"
	 "   BEGIN"
	 "    INSERT INTO node_counts (node_id, status, n) VALUES (p_node, p_status, p_delta);"
	 "   EXCEPTION WHEN unique_violation THEN"
	 "    RAISE EXCEPTION 'task counts changed meanwhile' USING ERRCODE = '40001';"
	 "   END;"
	 "  END IF;"
	 "  UPDATE doc_counts SET n = n + p_delta"
	 "   WHERE doc_id = d AND unit = u AND status = p_status AND due = k;"
	 "  IF NOT FOUND THEN"
	 "   BEGIN"
	 "    INSERT INTO doc_counts (doc_id, unit, status, due, n)"
	 "     VALUES (d, u, p_status, k, p_delta);"
	 "   EXCEPTION WHEN unique_violation THEN"
	 "    RAISE EXCEPTION 'task counts changed meanwhile' USING ERRCODE = '40001';"
	 "   END;"
	 "  END IF;"
	 "  IF p_delta < 0 THEN"
	 "   DELETE FROM node_counts WHERE node_id = p_node AND status = p_status AND n = 0;"
	 "   DELETE FROM doc_counts"
	 "    WHERE doc_id = d AND unit = u AND status = p_status AND due = k AND n = 0;"
	 "  END IF;"
	 " END $$ LANGUAGE plpgsql;"
	 "CREATE FUNCTION luoshi_tasks_count() RETURNS trigger AS $$"
	 " BEGIN"
	 "  IF TG_OP = 'UPDATE' AND OLD.node_id = NEW.node_id AND OLD.status = NEW.status"
	 "   AND OLD.unit IS NOT DISTINCT FROM NEW.unit"
	 "   AND OLD.due IS NOT DISTINCT FROM NEW.due THEN"
	 "   RETURN NULL;"
	 "  END IF;"
	 "  IF TG_OP <> 'INSERT' THEN"
	 "   PERFORM luoshi_count(OLD.node_id, OLD.status, OLD.unit, OLD.due, -1);"
	 "  END IF;"
	 "  IF TG_OP <> 'DELETE' THEN"
	 "   PERFORM luoshi_count(NEW.node_id, NEW.status, NEW.unit, NEW.due, 1);"
	 "  END IF;"
	 "  RETURN NULL;"
	 " END $$ LANGUAGE plpgsql;"
	 "CREATE TRIGGER tasks_count AFTER INSERT OR DELETE OR UPDATE ON tasks"
	 " FOR EACH ROW EXECUTE PROCEDURE luoshi_tasks_count();"
	 "INSERT INTO node_counts (node_id, status, n)"
	 " SELECT node_id, status, count(*) FROM tasks GROUP BY node_id, status;"
	 "INSERT INTO doc_counts (doc_id, unit, status, due, n)"
	 " SELECT n.doc_id, coalesce(t.unit, ''), t.status, " COUNT_DUE("t") ", count(*)"
	 " FROM tasks t JOIN nodes n ON n.id = t.node_id GROUP BY 1, 2, 3, 4;"
	 "UPDATE meta SET value = '7' WHERE key = 'schema';"},

	/* 8: the task list read a page at a time (db_tasks_page) walks the
	 * nodes in document order and takes each node's tasks of one status
	 * in their order from this index, so a status with few tasks costs
	 * an index probe per node, not a visit to every task. */
	{"CREATE INDEX tasks_place ON tasks(node_id, status, pos);"
	 "PRAGMA user_version = 8;",
	 "CREATE INDEX tasks_place ON tasks(node_id, status, pos);"
	 "UPDATE meta SET value = '8' WHERE key = 'schema';"},

	/* 9: the full-text indexes keep no positions (detail=none). With bigram
	 * tokens the positions were most of each index, and the search
	 * checks every candidate row for its words itself, so asking the
	 * index only for rows holding all of a word's bigrams finds the same
	 * hits (db_search.c). The text itself stays in the tables alone
	 * (content=). The triggers that feed the indexes name them and stay. */
	{"DROP TABLE nodes_fts;"
	 "CREATE VIRTUAL TABLE nodes_fts USING fts5(label, heading, body, content='nodes',"
	 " content_rowid='id', tokenize='" DB_TOKENIZER "', detail=none);"
	 "INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('hashsize', 8388608);"
	 "INSERT INTO nodes_fts(nodes_fts) VALUES ('rebuild');"
	 "DROP TABLE tasks_fts;"
	 "CREATE VIRTUAL TABLE tasks_fts USING fts5(title, text, content='tasks',"
	 " content_rowid='id', tokenize='" DB_TOKENIZER "', detail=none);"
	 "INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('hashsize', 8388608);"
	 "INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');"
	 "DROP TABLE notes_fts;"
	 "CREATE VIRTUAL TABLE notes_fts USING fts5(text, content='notes', content_rowid='id',"
	 " tokenize='" DB_TOKENIZER "', detail=none);"
	 "INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');"
	 "DROP TABLE docs_fts;"
	 "CREATE VIRTUAL TABLE docs_fts USING fts5(title, preamble, closing, content='documents',"
	 " content_rowid='id', tokenize='" DB_TOKENIZER "', detail=none);"
	 "INSERT INTO docs_fts(docs_fts) VALUES ('rebuild');"
	 "PRAGMA user_version = 9;",
	 /* PostgreSQL: its trigram indexes are unchanged */
	 "UPDATE meta SET value = '9' WHERE key = 'schema';"},

	/* 10: the list of documents (db_doc_list: `luoshi docs`, the screens'
	 * first frame) is read from this index alone. From the table, each
	 * row is mostly the document's text (raw): 1,648 pages for 2,262
	 * documents, against 76 of this index. */
	{"CREATE INDEX documents_list ON documents(id, title, date);"
	 "PRAGMA user_version = 10;",
	 "CREATE INDEX documents_list ON documents(id, title, date);"
	 "UPDATE meta SET value = '10' WHERE key = 'schema';"},

	/* 11: the text is stored once (issue 9). Import's "created" rows stop
	 * copying the task's title: readers find it where it is kept
	 * (DB_HIST_TITLE), so a row is emptied only where that gives back
	 * exactly what it holds. A task's sentence that is a slice of its
	 * node's body becomes that slice (DB_TASK_TEXT), unless a user
	 * edited it (a "text" row in history); the full-text index reads
	 * the sentences through a view, so that its triggers, 'rebuild' and
	 * 'integrity-check' all see the text readers see (and it keeps no
	 * column sizes: nothing ranks by them). Before a node's
	 * body changes, its tasks' slices are written out (nodes_slices).
	 * PostgreSQL keeps every sentence in the column its trigram index
	 * reads: it only gets the columns. tasks_count and tasks_status go:
	 * the counts they served come from the counts the store keeps
	 * (doc_counts) or from tasks_place, and no other statement's plan
	 * used them (EXPLAIN QUERY PLAN of the statements the tests run). */
	{"UPDATE history SET new = NULL WHERE field = 'created' AND auto = 1"
	 " AND new IS NOT NULL AND new = " DB_HIST_TITLE("history", DB_HIST_JSON_LITE, "t.title") ";"
	 "ALTER TABLE tasks ADD COLUMN text_at INTEGER;"
	 "ALTER TABLE tasks ADD COLUMN text_len INTEGER;"
	 "DROP TRIGGER IF EXISTS tasks_fts_i;"
	 "DROP TRIGGER IF EXISTS tasks_fts_d;"
	 "DROP TRIGGER IF EXISTS tasks_fts_u;"
	 "DROP TABLE tasks_fts;"
	 "UPDATE tasks SET text_at = instr(n.body, tasks.text) - 1, text_len = length(tasks.text),"
	 " text = NULL FROM nodes n WHERE n.id = tasks.node_id AND tasks.text <> ''"
	 " AND instr(n.body, tasks.text) > 0 AND NOT EXISTS (SELECT 1 FROM history h"
	 " WHERE h.task_id = tasks.id AND h.field = 'text');"
	 "CREATE VIEW tasks_text AS SELECT t.id, t.title, " DB_TASK_TEXT_SUB("t") " AS text"
	 " FROM tasks t;"
	 "CREATE VIRTUAL TABLE tasks_fts USING fts5(title, text, content='tasks_text',"
	 " content_rowid='id', tokenize='" DB_TOKENIZER "', detail=none, columnsize=0);"
	 "INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('hashsize', 8388608);"
	 "INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');"
	 "CREATE TRIGGER tasks_fts_i AFTER INSERT ON tasks BEGIN"
	 " INSERT INTO tasks_fts(rowid, title, text)"
	 " VALUES (new.id, new.title, " DB_TASK_TEXT_SUB("new") "); END;"
	 "CREATE TRIGGER tasks_fts_d AFTER DELETE ON tasks BEGIN"
	 " INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	 " VALUES ('delete', old.id, old.title, " DB_TASK_TEXT_SUB("old") "); END;"
	 "CREATE TRIGGER tasks_fts_u AFTER UPDATE OF title, text, text_at, text_len ON tasks"
	 " WHEN old.title IS NOT new.title"
	 "  OR " DB_TASK_TEXT_SUB("old") " IS NOT " DB_TASK_TEXT_SUB("new") " BEGIN"
	 " INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	 " VALUES ('delete', old.id, old.title, " DB_TASK_TEXT_SUB("old") ");"
	 " INSERT INTO tasks_fts(rowid, title, text)"
	 " VALUES (new.id, new.title, " DB_TASK_TEXT_SUB("new") "); END;"
	 "DROP INDEX IF EXISTS tasks_count;"
	 "DROP INDEX IF EXISTS tasks_status;"
	 "CREATE TRIGGER nodes_slices BEFORE UPDATE OF body ON nodes"
	 " WHEN old.body IS NOT new.body BEGIN"
	 " UPDATE tasks SET text = substr(old.body, text_at + 1, text_len), text_at = NULL,"
	 "  text_len = NULL WHERE node_id = old.id AND text IS NULL AND text_at IS NOT NULL;"
	 " END;"
	 "PRAGMA user_version = 11;",
	 "UPDATE history SET new = NULL WHERE field = 'created' AND auto = 1"
	 " AND new IS NOT NULL AND new = " DB_HIST_TITLE("history", DB_HIST_JSON_PG, "t.title") ";"
	 "ALTER TABLE tasks ADD COLUMN text_at integer;"
	 "ALTER TABLE tasks ADD COLUMN text_len integer;"
	 "DROP INDEX IF EXISTS tasks_count;"
	 "DROP INDEX IF EXISTS tasks_status;"
	 "UPDATE meta SET value = '11' WHERE key = 'schema';"},

	/* 12: the task list grouped by unit reads a small unit's group from
	 * the tasks whose lists name it (db_unit_page): tasks_unit finds
	 * those it leads, this index those it assists, by the lists written
	 * the same way, so that a group costs its own tasks, not a visit of
	 * every assisted task; and the groups' sums read the assisted tasks'
	 * lists, status and due date from it alone, in its order. */
	{"CREATE INDEX tasks_assisted ON tasks(assist, unit, status, due) WHERE assist IS NOT NULL;"
	 "PRAGMA user_version = 12;",
	 "CREATE INDEX tasks_assisted ON tasks(assist, unit, status, due) WHERE assist IS NOT NULL;"
	 "UPDATE meta SET value = '12' WHERE key = 'schema';"},

	/* 13: a task's title is stored once too (issue 9): where it is a
	 * slice of its node's body (DB_TASK_TITLE), title is NULL and
	 * title_at, title_len say which characters, as for the sentence
	 * (schema 11), unless a user changed it (a "title" row in history).
	 * tasks.title was NOT NULL, so on SQLite the table is rebuilt (its
	 * documented way of changing a constraint: new table, copy, drop,
	 * rename, then its indexes, triggers and the full-text index's view
	 * again; foreign keys are off meanwhile, see migrate()). The view and
	 * the trigger on nodes that name tasks go first, so that the rename
	 * finds no reference to a missing table. The rows are copied in id
	 * order with their ids; the highest id ever given is carried over
	 * (sqlite_sequence), so a deleted task's id is never handed out
	 * again. The full-text index keeps its rows: the same ids, the same
	 * text. PostgreSQL keeps every title in the column its trigram index
	 * reads: it only gets the columns (and a copy from SQLite writes its
	 * slices out: db_copy.c). */
	{"DROP VIEW tasks_text;"
	 "DROP TRIGGER nodes_slices;"
	 "CREATE TABLE tasks_new ("
	 " id INTEGER PRIMARY KEY AUTOINCREMENT,"
	 " node_id INTEGER NOT NULL REFERENCES nodes(id),"
	 " pos INTEGER NOT NULL DEFAULT 0,"
	 " title TEXT CHECK (title <> ''),"
	 " text TEXT,"
	 " status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo','doing','done',"
	 "  'ongoing','blocked','dropped','closed')),"
	 " unit TEXT, assist TEXT, owner TEXT,"
	 " due TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),"
	 " due_text TEXT,"
	 " recurrence TEXT CHECK (recurrence IS NULL OR recurrence IN ('yearly','halfyearly',"
	 "  'quarterly','monthly','weekly','daily','biennial','triennial','quinquennial',"
	 "  'periodic','ongoing')),"
	 " progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
	 " created_by TEXT NOT NULL, created_at INTEGER NOT NULL,"
	 " updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL,"
	 " version INTEGER NOT NULL DEFAULT 1,"
	 " progress_before_done INTEGER CHECK (progress_before_done BETWEEN 0 AND 100),"
	 " recheck TEXT CHECK (recheck IS NULL"
	 "  OR recheck GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),"
	 " cycle TEXT CHECK (cycle IS NULL OR cycle IN ('daily', 'weekly','monthly','quarterly',"
	 "  'halfyearly','yearly')),"
	 " text_at INTEGER, text_len INTEGER,"
	 " title_at INTEGER, title_len INTEGER,"
	 " CHECK (title IS NOT NULL OR coalesce(title_len, 0) > 0));"
	 "INSERT INTO tasks_new (id, node_id, pos, title, text, status, unit, assist, owner, due,"
	 " due_text, recurrence, progress, created_by, created_at, updated_by, updated_at,"
	 " version, progress_before_done, recheck, cycle, text_at, text_len, title_at,"
	 " title_len)"
	 " SELECT id, node_id, pos, CASE WHEN j > 0 THEN NULL ELSE title END, text, status,"
	 " unit, assist, owner, due, due_text, recurrence, progress, created_by, created_at,"
	 " updated_by, updated_at, version, progress_before_done, recheck, cycle, text_at,"
	 " text_len, CASE WHEN j > 0 THEN j - 1 END, CASE WHEN j > 0 THEN length(title) END"
	 " FROM (SELECT t.*, CASE WHEN NOT EXISTS (SELECT 1 FROM history h"
	 "  WHERE h.task_id = t.id AND h.field = 'title') THEN instr(n.body, t.title) END AS j"
	 "  FROM tasks t LEFT JOIN nodes n ON n.id = t.node_id) ORDER BY id;"
	 "DELETE FROM sqlite_sequence WHERE name = 'tasks_new';"
	 "INSERT INTO sqlite_sequence (name, seq)"
	 " SELECT 'tasks_new', seq FROM sqlite_sequence WHERE name = 'tasks';"
	 "DROP TABLE tasks;"
	 "ALTER TABLE tasks_new RENAME TO tasks;"
	 "CREATE INDEX tasks_node ON tasks(node_id, pos);"
	 "CREATE INDEX tasks_due ON tasks(due) WHERE due IS NOT NULL;"
	 "CREATE INDEX tasks_recheck ON tasks(recheck) WHERE recheck IS NOT NULL;"
	 "CREATE INDEX tasks_unit ON tasks(unit, status, due);"
	 "CREATE INDEX tasks_owner ON tasks(owner, status, due) WHERE owner IS NOT NULL;"
	 "CREATE INDEX tasks_assist ON tasks(status, due) WHERE assist IS NOT NULL;"
	 "CREATE INDEX tasks_place ON tasks(node_id, status, pos);"
	 "CREATE INDEX tasks_assisted ON tasks(assist, unit, status, due) WHERE assist IS NOT NULL;"
	 "CREATE TRIGGER tasks_count_i AFTER INSERT ON tasks BEGIN" LITE_COUNT_ADD("new") " END;"
	 "CREATE TRIGGER tasks_count_d AFTER DELETE ON tasks BEGIN" LITE_COUNT_SUB("old") " END;"
	 "CREATE TRIGGER tasks_count_u AFTER UPDATE OF node_id, status, unit, due ON tasks"
	 " WHEN old.node_id IS NOT new.node_id OR old.status IS NOT new.status"
	 "  OR old.unit IS NOT new.unit OR old.due IS NOT new.due BEGIN"
	 LITE_COUNT_SUB("old") LITE_COUNT_ADD("new") " END;"
	 "CREATE VIEW tasks_text AS SELECT t.id, " DB_TASK_TITLE_SUB("t") " AS title, "
	 DB_TASK_TEXT_SUB("t") " AS text FROM tasks t;"
	 "CREATE TRIGGER tasks_fts_i AFTER INSERT ON tasks BEGIN"
	 " INSERT INTO tasks_fts(rowid, title, text)"
	 " VALUES (new.id, " DB_TASK_TITLE_SUB("new") ", " DB_TASK_TEXT_SUB("new") "); END;"
	 "CREATE TRIGGER tasks_fts_d AFTER DELETE ON tasks BEGIN"
	 " INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	 " VALUES ('delete', old.id, " DB_TASK_TITLE_SUB("old") ", " DB_TASK_TEXT_SUB("old") ");"
	 " END;"
	 "CREATE TRIGGER tasks_fts_u AFTER UPDATE OF title, text, text_at, text_len, title_at,"
	 " title_len ON tasks"
	 " WHEN " DB_TASK_TITLE_SUB("old") " IS NOT " DB_TASK_TITLE_SUB("new")
	 "  OR " DB_TASK_TEXT_SUB("old") " IS NOT " DB_TASK_TEXT_SUB("new") " BEGIN"
	 " INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	 " VALUES ('delete', old.id, " DB_TASK_TITLE_SUB("old") ", " DB_TASK_TEXT_SUB("old") ");"
	 " INSERT INTO tasks_fts(rowid, title, text)"
	 " VALUES (new.id, " DB_TASK_TITLE_SUB("new") ", " DB_TASK_TEXT_SUB("new") "); END;"
	 /* before a node's body changes, its tasks' slices are written out */
	 "CREATE TRIGGER nodes_slices BEFORE UPDATE OF body ON nodes"
	 " WHEN old.body IS NOT new.body BEGIN"
	 " UPDATE tasks SET text = substr(old.body, text_at + 1, text_len), text_at = NULL,"
	 "  text_len = NULL WHERE node_id = old.id AND text IS NULL AND text_at IS NOT NULL;"
	 " UPDATE tasks SET title = substr(old.body, title_at + 1, title_len), title_at = NULL,"
	 "  title_len = NULL WHERE node_id = old.id AND title IS NULL AND title_at IS NOT NULL;"
	 " END;"
	 "PRAGMA user_version = 13;",
	 "ALTER TABLE tasks ADD COLUMN title_at integer;"
	 "ALTER TABLE tasks ADD COLUMN title_len integer;"
	 /* a copy from SQLite stores its title slices first, then writes
	  * them out (db_copy.c): the column may be NULL meanwhile */
	 "ALTER TABLE tasks ALTER COLUMN title DROP NOT NULL;"
	 "ALTER TABLE tasks ADD CONSTRAINT tasks_title_kept"
	 " CHECK (title IS NOT NULL OR coalesce(title_len, 0) > 0);"
	 "UPDATE meta SET value = '13' WHERE key = 'schema';"},

	/* 14: an import counts and indexes a new document's tasks and nodes
	 * once, with one aggregate per count table and one insert per
	 * full-text index (db_import.c), instead of an upsert per task in the
	 * count trigger and an index insert per row in the full-text ones
	 * (issue 9). Inside its own transaction it pauses those three insert
	 * triggers alone: on SQLite with a row in
	 * import_pause, deleted again before the commit (the writer holds the
	 * only write lock, so no other change ever sees the row); on
	 * PostgreSQL (no full-text triggers) with a setting local to the
	 * transaction. Every other change keeps the per-row triggers. */
	{"CREATE TABLE import_pause (paused INTEGER NOT NULL);"
	 "DROP TRIGGER tasks_count_i;"
	 "CREATE TRIGGER tasks_count_i AFTER INSERT ON tasks"
	 " WHEN NOT EXISTS (SELECT 1 FROM import_pause) BEGIN" LITE_COUNT_ADD("new") " END;"
	 "DROP TRIGGER nodes_fts_i;"
	 "CREATE TRIGGER nodes_fts_i AFTER INSERT ON nodes"
	 " WHEN NOT EXISTS (SELECT 1 FROM import_pause) BEGIN"
	 " INSERT INTO nodes_fts(rowid, label, heading, body)"
	 " VALUES (new.id, new.label, new.heading, new.body); END;"
	 "DROP TRIGGER tasks_fts_i;"
	 "CREATE TRIGGER tasks_fts_i AFTER INSERT ON tasks"
	 " WHEN NOT EXISTS (SELECT 1 FROM import_pause) BEGIN"
	 " INSERT INTO tasks_fts(rowid, title, text)"
	 " VALUES (new.id, " DB_TASK_TITLE_SUB("new") ", " DB_TASK_TEXT_SUB("new") "); END;"
	 "PRAGMA user_version = 14;",
	 "CREATE OR REPLACE FUNCTION luoshi_tasks_count() RETURNS trigger AS $$"
	 " BEGIN"
	 "  IF TG_OP = 'INSERT'"
	 "   AND coalesce(current_setting('luoshi.count_pause', true), '') = 'on' THEN"
	 "   RETURN NULL;"
	 "  END IF;"
	 "  IF TG_OP = 'UPDATE' AND OLD.node_id = NEW.node_id AND OLD.status = NEW.status"
	 "   AND OLD.unit IS NOT DISTINCT FROM NEW.unit"
	 "   AND OLD.due IS NOT DISTINCT FROM NEW.due THEN"
	 "   RETURN NULL;"
	 "  END IF;"
	 "  IF TG_OP <> 'INSERT' THEN"
	 "   PERFORM luoshi_count(OLD.node_id, OLD.status, OLD.unit, OLD.due, -1);"
	 "  END IF;"
	 "  IF TG_OP <> 'DELETE' THEN"
	 "   PERFORM luoshi_count(NEW.node_id, NEW.status, NEW.unit, NEW.due, 1);"
	 "  END IF;"
	 "  RETURN NULL;"
	 " END $$ LANGUAGE plpgsql;"
	 "UPDATE meta SET value = '14' WHERE key = 'schema';"},

	/* 15: how many documents there are, kept (db_doc_count: the title of
	 * the outline, which reads its documents a window at a time). A
	 * count(*) visits an index of every document: 773 page reads and
	 * 1.9 MiB of page cache at 22,620 documents, most of the screens'
	 * start. One row (id 1). PostgreSQL counts (its row for a counter
	 * would make every import wait for the one before it to commit). */
	{"CREATE TABLE doc_total (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);"
	 "INSERT INTO doc_total (id, n) SELECT 1, count(*) FROM documents;"
	 "CREATE TRIGGER doc_total_i AFTER INSERT ON documents BEGIN"
	 " UPDATE doc_total SET n = n + 1; END;"
	 "CREATE TRIGGER doc_total_d AFTER DELETE ON documents BEGIN"
	 " UPDATE doc_total SET n = n - 1; END;"
	 "PRAGMA user_version = 15;",
	 "UPDATE meta SET value = '15' WHERE key = 'schema';"},

	/* 16: the value lists of the tasks' and nodes' checks written as
	 * comparisons. SQLite (3.40) evaluates a CHECK's "x IN (list)" by
	 * building a temporary table of the list for each row written: 1.1 us
	 * a row each, a tenth of an import with tasks (issue 9; a chain of
	 * "x = v OR" costs nothing measurable). The checks mean what they
	 * meant, so the documented way of changing a CHECK without a rebuild
	 * serves: the table's text in sqlite_master is rewritten (every row
	 * already satisfies the new text), the connection reads it again
	 * (writable_schema = RESET), and a table created and dropped again
	 * moves the schema cookie on so that every other connection does. A
	 * store whose text differs keeps its lists: as right, only slower.
	 * PostgreSQL evaluates its lists well. */
	{"PRAGMA writable_schema = ON;"
	 "UPDATE sqlite_master SET sql = replace(replace(replace(sql, 'CHECK "
	 "(status IN (''todo'',''doing'',''done'',  "
	 "''ongoing'',''blocked'',''dropped'',''closed''))', 'CHECK (status = "
	 "''todo'' OR status = ''doing'' OR status = ''done'' OR status = "
	 "''ongoing'' OR status = ''blocked'' OR status = ''dropped'' OR status "
	 "= ''closed'')'), 'CHECK (recurrence IS NULL OR recurrence IN "
	 "(''yearly'',''halfyearly'',  "
	 "''quarterly'',''monthly'',''weekly'',''daily'',''biennial'',''triennial'',''quinquennial'',  "
	 "''periodic'',''ongoing''))', 'CHECK (recurrence IS NULL OR recurrence "
	 "= ''yearly'' OR recurrence = ''halfyearly'' OR recurrence = "
	 "''quarterly'' OR recurrence = ''monthly'' OR recurrence = ''weekly'' "
	 "OR recurrence = ''daily'' OR recurrence = ''biennial'' OR recurrence = "
	 "''triennial'' OR recurrence = ''quinquennial'' OR recurrence = "
	 "''periodic'' OR recurrence = ''ongoing'')'), 'CHECK (cycle IS NULL OR "
	 "cycle IN (''daily'', ''weekly'',''monthly'',''quarterly'',  "
	 "''halfyearly'',''yearly''))', 'CHECK (cycle IS NULL OR cycle = "
	 "''daily'' OR cycle = ''weekly'' OR cycle = ''monthly'' OR cycle = "
	 "''quarterly'' OR cycle = ''halfyearly'' OR cycle = ''yearly'')') WHERE "
	 "type = 'table' AND name = 'tasks';"
	 "UPDATE sqlite_master SET sql = replace(sql, 'CHECK (kind IN "
	 "(''part'',''chapter'',''section'',''item'',''article'',  "
	 "''paragraph'',''closing'',''attachment'',''table'',''box''))', 'CHECK "
	 "(kind = ''part'' OR kind = ''chapter'' OR kind = ''section'' OR kind = "
	 "''item'' OR kind = ''article'' OR kind = ''paragraph'' OR kind = "
	 "''closing'' OR kind = ''attachment'' OR kind = ''table'' OR kind = "
	 "''box'')') WHERE type = 'table' AND name = 'nodes';"
	 /* RESET: this connection reads the new text too (an older SQLite
	  * takes it for OFF) */
	 "PRAGMA writable_schema = RESET;"
	 "CREATE TABLE schema_bump (x INTEGER); DROP TABLE schema_bump;"
	 "PRAGMA user_version = 16;",
	 "UPDATE meta SET value = '16' WHERE key = 'schema';"},

	/* 17: the task and node indexes merge their segments 8 at a time, not
	 * FTS5's 4 (issue 9). An import commits a document at a time, and
	 * each commit writes the document's index as a new segment; with 4
	 * every entry was rewritten at some 5 levels by 1,508 documents. With
	 * 8, measured on the 102 MB file's texts: the tasks' index 9.0 ->
	 * 7.1 s CPU, the nodes' 3.1 -> 2.7 s; the same entries, and about as
	 * many segments left for a search to read (13 and 24 against 13 and
	 * 19; MATCH times of 600 bigram queries within the noise). A setting
	 * of the index alone, kept in its config table: nothing is rebuilt.
	 * PostgreSQL has no such indexes. */
	{"INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('automerge', 8);"
	 "INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('automerge', 8);"
	 "PRAGMA user_version = 17;",
	 "UPDATE meta SET value = '17' WHERE key = 'schema';"},

	/* 18: a task whose title and sentence are both slices of its node's
	 * body (title and text NULL: most proposals) is no longer in the
	 * tasks' full-text index: the nodes' index holds every word of that
	 * body already, and the search finds such a task through its node's
	 * entry (TASK_CANDS, db_search_impl.h), then checks its own text as
	 * it checks every candidate. A task with a text of its own (edited,
	 * or not found in the body) keeps its entry, both columns, so that a
	 * query's words are asked of one row. The index was the largest cost
	 * left in an import with tasks (issue 9): on the 102 MB file this
	 * alone took 28.3 -> 22.0 s of CPU (README: 21.0 with the staging in
	 * memory), the database 3.97x -> 3.61x the text. The view, and
	 * the triggers that keep the index, read the texts only of the tasks
	 * that have an entry, so 'rebuild' and 'integrity-check' agree with
	 * them; a body edit writes the slices out (nodes_slices), which gives
	 * the task its entry through tasks_fts_u. PostgreSQL's trigram
	 * indexes are on the columns, where every text is kept. */
	{"DROP TRIGGER tasks_fts_i;"
	 "DROP TRIGGER tasks_fts_d;"
	 "DROP TRIGGER tasks_fts_u;"
	 "DROP VIEW tasks_text;"
	 "CREATE VIEW tasks_text AS SELECT t.id, " FTS_TITLE("t") " AS title, "
	 FTS_TEXT("t") " AS text FROM tasks t;"
	 "CREATE TRIGGER tasks_fts_i AFTER INSERT ON tasks"
	 " WHEN NOT EXISTS (SELECT 1 FROM import_pause) AND " DB_TASK_INDEXED("new") " BEGIN"
	 " INSERT INTO tasks_fts(rowid, title, text)"
	 " VALUES (new.id, " DB_TASK_TITLE_SUB("new") ", " DB_TASK_TEXT_SUB("new") "); END;"
	 "CREATE TRIGGER tasks_fts_d AFTER DELETE ON tasks WHEN " DB_TASK_INDEXED("old") " BEGIN"
	 " INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	 " VALUES ('delete', old.id, " DB_TASK_TITLE_SUB("old") ", " DB_TASK_TEXT_SUB("old") ");"
	 " END;"
	 "CREATE TRIGGER tasks_fts_u AFTER UPDATE OF title, text, text_at, text_len, title_at,"
	 " title_len ON tasks"
	 " WHEN " FTS_TITLE("old") " IS NOT " FTS_TITLE("new")
	 "  OR " FTS_TEXT("old") " IS NOT " FTS_TEXT("new") " BEGIN"
	 " INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	 " SELECT 'delete', old.id, " DB_TASK_TITLE_SUB("old") ", " DB_TASK_TEXT_SUB("old")
	 " WHERE " DB_TASK_INDEXED("old") ";"
	 " INSERT INTO tasks_fts(rowid, title, text)"
	 " SELECT new.id, " DB_TASK_TITLE_SUB("new") ", " DB_TASK_TEXT_SUB("new")
	 " WHERE " DB_TASK_INDEXED("new") "; END;"
	 "INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');"
	 "PRAGMA user_version = 18;",
	 "UPDATE meta SET value = '18' WHERE key = 'schema';"},

	/* 19: a document is found by its 文号 (number) too: offices name a
	 * document by it (国办发〔2019〕6号), and the search read only its
	 * title, preamble and closing. The documents' index gets the column
	 * (a few thousand rows: rebuilt); PostgreSQL a trigram index on it. */
	{"DROP TRIGGER docs_fts_i;"
	 "DROP TRIGGER docs_fts_d;"
	 "DROP TRIGGER docs_fts_u;"
	 "DROP TABLE docs_fts;"
	 "CREATE VIRTUAL TABLE docs_fts USING fts5(title, number, preamble, closing,"
	 " content='documents', content_rowid='id', tokenize='" DB_TOKENIZER "', detail=none);"
	 "INSERT INTO docs_fts(docs_fts) VALUES ('rebuild');"
	 "CREATE TRIGGER docs_fts_i AFTER INSERT ON documents BEGIN"
	 " INSERT INTO docs_fts(rowid, title, number, preamble, closing)"
	 " VALUES (new.id, new.title, new.number, new.preamble, new.closing); END;"
	 "CREATE TRIGGER docs_fts_d AFTER DELETE ON documents BEGIN"
	 " INSERT INTO docs_fts(docs_fts, rowid, title, number, preamble, closing)"
	 " VALUES ('delete', old.id, old.title, old.number, old.preamble, old.closing); END;"
	 "CREATE TRIGGER docs_fts_u AFTER UPDATE OF title, number, preamble, closing ON documents"
	 " WHEN old.title IS NOT new.title OR old.number IS NOT new.number"
	 "  OR old.preamble IS NOT new.preamble OR old.closing IS NOT new.closing BEGIN"
	 " INSERT INTO docs_fts(docs_fts, rowid, title, number, preamble, closing)"
	 " VALUES ('delete', old.id, old.title, old.number, old.preamble, old.closing);"
	 " INSERT INTO docs_fts(rowid, title, number, preamble, closing)"
	 " VALUES (new.id, new.title, new.number, new.preamble, new.closing); END;"
	 "PRAGMA user_version = 19;",
	 "CREATE INDEX documents_number_trgm ON documents USING gin (number gin_trgm_ops);"
	 "UPDATE meta SET value = '19' WHERE key = 'schema';"},

	/* 20: a node is found by its label and heading as the screens show
	 * them, one after the other ("（三）明确支持范围", "三、切实降低"): the
	 * nodes' index and the search's check read the two as one text (the
	 * view nodes_text), where they were two columns that no word could
	 * span. The index is rebuilt (a token per character of every node:
	 * about 3 s for the 102 MB file); the import's insert, the triggers,
	 * 'rebuild' and 'integrity-check' all read the same text. PostgreSQL:
	 * a trigram index on the same expression. */
	{"DROP TRIGGER nodes_fts_i;"
	 "DROP TRIGGER nodes_fts_d;"
	 "DROP TRIGGER nodes_fts_u;"
	 "DROP TABLE nodes_fts;"
	 "CREATE VIEW nodes_text AS SELECT id, " DB_NODE_HEAD("nodes") " AS head, body FROM nodes;"
	 "CREATE VIRTUAL TABLE nodes_fts USING fts5(head, body, content='nodes_text',"
	 " content_rowid='id', tokenize='" DB_TOKENIZER "', detail=none);"
	 "INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('hashsize', 8388608);"
	 "INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('automerge', 8);"
	 "INSERT INTO nodes_fts(nodes_fts) VALUES ('rebuild');"
	 "CREATE TRIGGER nodes_fts_i AFTER INSERT ON nodes"
	 " WHEN NOT EXISTS (SELECT 1 FROM import_pause) BEGIN"
	 " INSERT INTO nodes_fts(rowid, head, body)"
	 " VALUES (new.id, " DB_NODE_HEAD("new") ", new.body); END;"
	 "CREATE TRIGGER nodes_fts_d AFTER DELETE ON nodes BEGIN"
	 " INSERT INTO nodes_fts(nodes_fts, rowid, head, body)"
	 " VALUES ('delete', old.id, " DB_NODE_HEAD("old") ", old.body); END;"
	 "CREATE TRIGGER nodes_fts_u AFTER UPDATE OF label, heading, body ON nodes"
	 " WHEN " DB_NODE_HEAD("old") " IS NOT " DB_NODE_HEAD("new")
	 "  OR old.body IS NOT new.body BEGIN"
	 " INSERT INTO nodes_fts(nodes_fts, rowid, head, body)"
	 " VALUES ('delete', old.id, " DB_NODE_HEAD("old") ", old.body);"
	 " INSERT INTO nodes_fts(rowid, head, body)"
	 " VALUES (new.id, " DB_NODE_HEAD("new") ", new.body); END;"
	 "PRAGMA user_version = 20;",
	 "CREATE INDEX nodes_head_trgm ON nodes USING gin ((" DB_NODE_HEAD("nodes") ") gin_trgm_ops);"
	 "UPDATE meta SET value = '20' WHERE key = 'schema';"},

	/* 21: a document's closing is also a node of its own (kind 'closing',
	 * for documents imported from now on), so that the requests it dates
	 * are tasks. The search finds its words in that node and no longer in
	 * the document's own row too; this index tells at once which
	 * documents have one. */
	{"CREATE INDEX nodes_closing ON nodes(doc_id) WHERE kind = 'closing';"
	 "PRAGMA user_version = 21;",
	 "CREATE INDEX nodes_closing ON nodes (doc_id) WHERE kind = 'closing';"
	 "UPDATE meta SET value = '21' WHERE key = 'schema';"},
};

/* Schema 3 in PostgreSQL's dialect: the tables, checks and indexes of the
 * SQLite store after migrations 1-3. Sequences (bigserial) stand for
 * AUTOINCREMENT (no identity columns: openGauss is based on an older
 * PostgreSQL); history's change groups get a sequence of their own, so
 * two writers at once never share one. pg_trgm's GIN indexes stand for
 * the FTS5 trigram tables: they serve ILIKE '%词语%' for words of three
 * characters or more in a database whose locale reads Chinese (C.UTF-8,
 * not C). "user" is quoted: it is a reserved word there. */
const char db_pg_base_schema[] =
	"CREATE EXTENSION IF NOT EXISTS pg_trgm;"
	"CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);"
	"INSERT INTO meta (key, value) VALUES ('application', 'luoshi'), ('schema', '3');"
	"CREATE TABLE documents ("
	" id bigserial PRIMARY KEY,"
	" title text NOT NULL,"
	" issuer text, number text, date text, source text, recipients text, note text,"
	" encoding text, preamble text, closing text,"
	" attachments text NOT NULL DEFAULT '[]'"
	"  CHECK (json_typeof(attachments::json) = 'array'),"
	" hash text NOT NULL UNIQUE,"
	" filename text,"
	" raw text NOT NULL,"
	" imported_by text NOT NULL,"
	" imported_at bigint NOT NULL,"
	" wrapped text, signer text, copy_no text, secrecy text, urgency text, cc text,"
	" printer text, print_date text);"
	"CREATE INDEX documents_title ON documents(title);"
	"CREATE TABLE nodes ("
	" id bigserial PRIMARY KEY,"
	" doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	" parent_id bigint REFERENCES nodes(id) ON DELETE CASCADE,"
	" top_id bigint,"
	" kind text NOT NULL CHECK (kind IN ('part','chapter','section','item','article',"
	"  'paragraph','closing','attachment','table','box')),"
	" level integer NOT NULL CHECK (level >= 1),"
	" pos integer NOT NULL,"
	" label text NOT NULL DEFAULT '',"
	" heading text NOT NULL DEFAULT '',"
	" body text NOT NULL DEFAULT '',"
	" chash text NOT NULL);"
	"CREATE INDEX nodes_doc ON nodes(doc_id, pos);"
	"CREATE INDEX nodes_parent ON nodes(parent_id);"
	"CREATE INDEX nodes_label_trgm ON nodes USING gin (label gin_trgm_ops);"
	"CREATE INDEX nodes_heading_trgm ON nodes USING gin (heading gin_trgm_ops);"
	"CREATE INDEX nodes_body_trgm ON nodes USING gin (body gin_trgm_ops);"
	"CREATE TABLE tasks ("
	" id bigserial PRIMARY KEY,"
	" node_id bigint NOT NULL REFERENCES nodes(id),"
	" pos integer NOT NULL DEFAULT 0,"
	" title text NOT NULL CHECK (title <> ''),"
	" text text,"
	" status text NOT NULL DEFAULT 'todo' CHECK (status IN ('todo','doing','done',"
	"  'ongoing','blocked','dropped','closed')),"
	" unit text, assist text, owner text,"
	" due text CHECK (due IS NULL OR due ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),"
	" due_text text,"
	" recurrence text CHECK (recurrence IS NULL OR recurrence IN ('yearly','halfyearly',"
	"  'quarterly','monthly','weekly','daily','biennial','triennial','quinquennial',"
	"  'periodic','ongoing')),"
	" progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
	" created_by text NOT NULL, created_at bigint NOT NULL,"
	" updated_by text NOT NULL, updated_at bigint NOT NULL,"
	" version integer NOT NULL DEFAULT 1,"
	" progress_before_done integer CHECK (progress_before_done BETWEEN 0 AND 100));"
	"CREATE INDEX tasks_node ON tasks(node_id, pos);"
	"CREATE INDEX tasks_count ON tasks(node_id, status, due);"
	"CREATE INDEX tasks_status ON tasks(status);"
	"CREATE INDEX tasks_due ON tasks(due) WHERE due IS NOT NULL;"
	"CREATE INDEX tasks_unit ON tasks(unit);"
	"CREATE INDEX tasks_owner ON tasks(owner) WHERE owner IS NOT NULL;"
	"CREATE INDEX tasks_title_trgm ON tasks USING gin (title gin_trgm_ops);"
	"CREATE INDEX tasks_text_trgm ON tasks USING gin (text gin_trgm_ops);"
	"CREATE TABLE notes ("
	" id bigserial PRIMARY KEY,"
	" task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	" author text NOT NULL, at bigint NOT NULL, text text NOT NULL);"
	"CREATE INDEX notes_task ON notes(task_id);"
	"CREATE INDEX notes_text_trgm ON notes USING gin (text gin_trgm_ops);"
	"CREATE TABLE history ("
	" id bigserial PRIMARY KEY,"
	" change_id bigint NOT NULL,"
	" task_id bigint,"
	" who text NOT NULL, at bigint NOT NULL,"
	" field text NOT NULL, old text, new text,"
	" undone integer NOT NULL DEFAULT 0,"
	" undo_of bigint,"
	" note_id bigint,"
	" auto integer NOT NULL DEFAULT 0);"
	"CREATE SEQUENCE history_change_seq;"
	"CREATE INDEX history_task ON history(task_id, id);"
	"CREATE INDEX history_change ON history(change_id);"
	"CREATE INDEX history_undo ON history(who, change_id) WHERE undo_of IS NULL AND auto = 0;"
	"CREATE TABLE readpos ("
	" \"user\" text NOT NULL,"
	" doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	" pos bigint NOT NULL,"
	" PRIMARY KEY (\"user\", doc_id));";
