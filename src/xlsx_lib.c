/* xlsx_lib.c - see xlsx_lib.h. */
#include "config.h"

#define XLSX_LIB_IMPL
#include "xlsx_lib.h"

#include "luoshi/dynlib.h"

struct xlsx_lib xlsx_lib;

#ifndef XLSXWRITER_SONAME
#define XLSXWRITER_SONAME "libxlsxwriter.so.4"
#endif

static struct dynlib lib = DYNLIB_INIT(XLSXWRITER_SONAME, "libxlsxwriter4");

#define XLSX_LIB_RESOLVE(name) *(void **)&xlsx_lib.name = dynlib_sym(&lib, #name);

enum lu_status xlsx_lib_load(void)
{
	if (!lib.state && dynlib_open(&lib) == 0) {
		XLSX_LIB_FUNCS(XLSX_LIB_RESOLVE)
	}
	if (lib.state > 0)
		return LU_OK;
	return lu_error(LU_ERR, "cannot write XLSX: %s; --format csv opens in Excel and WPS too",
			lib.why);
}
