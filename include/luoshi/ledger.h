/* ledger.h - the 台账: one row per task with the columns offices hand
 * upward (文件, 文号, the full 部分 and 措施, 牵头/协办单位, 完成时限,
 * 逾期天数 and 等级, the latest 进展, 回头看), shared by the CSV and the
 * XLSX export so that both carry the same columns. No curses. */
#ifndef LUOSHI_LEDGER_H
#define LUOSHI_LEDGER_H

#include <stddef.h>

#include "luoshi/db.h"
#include "luoshi/late.h"
#include "luoshi/util.h"

/* The columns: id, header (Chinese: a 台账 is a Chinese office document,
 * as the CSV has always been), width in Excel's character units. */
#define LEDGER_COLUMNS(X) \
	X(ID, "任务编号", 8) \
	X(DOC, "文件", 30) \
	X(NUMBER, "文号", 18) \
	X(SECTION, "部分", 30) \
	X(MEASURE, "措施", 30) \
	X(TITLE, "任务", 40) \
	X(STATUS, "状态", 8) \
	X(UNIT, "牵头单位", 16) \
	X(ASSIST, "协办单位", 16) \
	X(OWNER, "责任人", 10) \
	X(DUE, "完成时限", 12) \
	X(RECUR, "周期", 8) \
	X(PROGRESS, "进度", 6) \
	X(LATE_DAYS, "逾期天数", 8) \
	X(LATE, "逾期等级", 8) \
	X(LATEST, "最新进展", 40) \
	X(RECHECK, "回头看", 12) \
	X(TEXT, "原文", 60)

#define LEDGER_ENUM(id, head, width) LEDGER_##id,
enum ledger_col { LEDGER_COLUMNS(LEDGER_ENUM) LEDGER_NCOLS };
#undef LEDGER_ENUM

/* After those, the fields field.h's list gives a 台账 heading (its ledger
 * argument), in the list's order: ledger_ncols() columns in all. */
#define LEDGER_MAX_COLS (LEDGER_NCOLS + TASK_FIELD_COUNT)
int ledger_ncols(void);
const char *ledger_header(enum ledger_col c);
int ledger_width(enum ledger_col c);

struct ledger_row {
	char *cell[LEDGER_MAX_COLS]; /* UTF-8 text, "" when empty (never NULL) */
	long long id;
	int progress;      /* 0..100 */
	int late_days;     /* 0 when not late */
	enum late_level late;
	enum task_status status;
	char *unit_key;    /* the lead unit, "" when none: a sheet per unit */
	char *section_key; /* the section, for the summary */
};

/* The rows of one document (doc_id > 0) or all, in document order. */
enum lu_status ledger_load(struct db *db, long long doc_id, struct ledger_row **rows, size_t *n);
void ledger_free(struct ledger_row *rows, size_t n);

/* The CSV lines of the rows (the header line first when header), CRLF,
 * cells quoted, a leading = + - @ defused for Excel and WPS. */
void ledger_csv(const struct ledger_row *rows, size_t n, struct sbuf *b, int header);

/* The next unit name of a list (split at , ; 、 ， ；) from p on: its
 * start, and its length in *len; NULL after the last. The next call
 * takes p + *len. */
const char *ledger_unit_next(const char *p, size_t *len);
/* Whether the list names unit among its names. */
int ledger_names_unit(const char *list, const char *unit);

/* The units task t names: its lead unit, then each assisting unit (split
 * at , ; 、 ， ；), with lead[i] 1 for the lead; one "" lead when it names
 * none. Both arrays and the names are malloc'ed; returns their count. */
size_t ledger_units(const struct db_task *t, char ***names, int **lead);

/* Every (unit, task) pair of tasks t[0..n): the units (lead and
 * assisting) in the order they first appear in *units (malloc'ed names),
 * the pairs grouped by unit in that order and, within a unit, in the
 * tasks' order. Each task's units are split once: O(n log n) but for the
 * search of a name among the units. Returns the number of pairs. */
struct ledger_member {
	size_t unit, task;
	int lead;
};
size_t ledger_group(const struct db_task *t, size_t n, char ***units, size_t *nunits,
		    struct ledger_member **out);
void ledger_units_free(char **units, size_t nunits);
#endif
