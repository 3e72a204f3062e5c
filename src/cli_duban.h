/* cli_duban.h - the rows of the command table for the 督办 cycle
 * (cli_duban.c), kept here so that cli.c gains one line. */
#ifndef LUOSHI_CLI_DUBAN_H
#define LUOSHI_CLI_DUBAN_H

#include "luoshi/i18n.h"

#define DUBAN_COMMANDS \
	{"report", cmd_report, 0, N_("ID [--period P] [--unit U] [--percent N] TEXT... | ID -"), \
	 N_("add a progress report (进展) of a task for a period"), \
	 N_("  --period P   2026-11, 2026Q4, 2026H2, 2026, 2026-W45 or 2026年11月 (default:\n" \
	    "               the task's reporting period today)\n" \
	    "  --unit U     the reporting unit (default: the task's lead unit)\n" \
	    "  --percent N  how far it is (0..100); the task's progress becomes N\n")}, \
	{"due", cmd_due, CLI_READS, N_("[--unit U] [--period P]"), \
	 N_("what each unit must report or finish this period, and who has not reported"), \
	 N_("Lists open tasks with their reporting period and whether it was reported,\n" \
	    "lateness, tasks waiting for review (待销号) and 回头看 dates that fall due.\n")}, \
	{"brief", cmd_brief, CLI_READS | CLI_NO_SEED, N_("[--unit U]"), \
	 N_("one line for a login shell: your late, this week's and waiting tasks"), \
	 N_("Counts the tasks you own, or of unit U (default $LUOSHI_UNIT) as lead or\n" \
	    "assisting unit. A reviewer sees every task waiting for review.\n")}, \
	{"close", cmd_close, 0, N_("ID [EVIDENCE...]"), \
	 N_("close (销号) a done task, naming the evidence (佐证材料)"), \
	 N_("Only reviewers may (luoshi config reviewers=...). A 回头看 date follows\n" \
	    "from the recheck-after setting unless the task has one (set ID recheck=DATE).\n")}, \
	{"reopen", cmd_reopen, 0, N_("ID REASON..."), \
	 N_("send a done or closed task back, with the reason"), ""}, \
	{"recheck", cmd_recheck, 0, N_("ID [FINDINGS...]"), \
	 N_("record the 回头看 of a closed task"), ""}, \
	{"config", cmd_config, CLI_NO_SEED, N_("[KEY=VALUE...]"), \
	 N_("show or change the settings shared by everyone using the database"), \
	 N_("Without arguments, lists the settings. Only the database file's owner, root\n" \
	    "and the users of the admins setting may change them.\n")},

#endif
