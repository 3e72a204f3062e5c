/* xlsx_lib.h - libxlsxwriter, loaded when the first workbook is written
 * (xlsx_lib.c; why in luoshi/dynlib.h). xlsx.c calls workbook_xxx,
 * worksheet_xxx and format_xxx as usual: each name below is the pointer
 * xlsx_lib_load resolved. Include it instead of <xlsxwriter.h>. */
#ifndef LUOSHI_XLSX_LIB_H
#define LUOSHI_XLSX_LIB_H

#include <xlsxwriter.h>

#include "luoshi/util.h"

#define XLSX_LIB_FUNCS(X) \
	X(format_set_align) X(format_set_bg_color) X(format_set_bold) X(format_set_font_color) \
	X(format_set_num_format) X(format_set_pattern) X(format_set_text_wrap) \
	X(lxw_strerror) X(workbook_add_format) X(workbook_add_worksheet) X(workbook_close) \
	X(workbook_new) X(worksheet_autofilter) X(worksheet_freeze_panes) \
	X(worksheet_set_column) X(worksheet_write_datetime) X(worksheet_write_number) \
	X(worksheet_write_string)

#define XLSX_LIB_POINTER(name) __typeof__(&name) name;
struct xlsx_lib {
	XLSX_LIB_FUNCS(XLSX_LIB_POINTER)
};
#undef XLSX_LIB_POINTER
extern struct xlsx_lib xlsx_lib;

/* Load libxlsxwriter once: LU_OK, or LU_ERR with one sentence. */
enum lu_status xlsx_lib_load(void);

#ifndef XLSX_LIB_IMPL
#define format_set_align (xlsx_lib.format_set_align)
#define format_set_bg_color (xlsx_lib.format_set_bg_color)
#define format_set_bold (xlsx_lib.format_set_bold)
#define format_set_font_color (xlsx_lib.format_set_font_color)
#define format_set_num_format (xlsx_lib.format_set_num_format)
#define format_set_pattern (xlsx_lib.format_set_pattern)
#define format_set_text_wrap (xlsx_lib.format_set_text_wrap)
#define lxw_strerror (xlsx_lib.lxw_strerror)
#define workbook_add_format (xlsx_lib.workbook_add_format)
#define workbook_add_worksheet (xlsx_lib.workbook_add_worksheet)
#define workbook_close (xlsx_lib.workbook_close)
#define workbook_new (xlsx_lib.workbook_new)
#define worksheet_autofilter (xlsx_lib.worksheet_autofilter)
#define worksheet_freeze_panes (xlsx_lib.worksheet_freeze_panes)
#define worksheet_set_column (xlsx_lib.worksheet_set_column)
#define worksheet_write_datetime (xlsx_lib.worksheet_write_datetime)
#define worksheet_write_number (xlsx_lib.worksheet_write_number)
#define worksheet_write_string (xlsx_lib.worksheet_write_string)
#endif

#endif
