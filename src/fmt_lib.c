/* fmt_lib.c - see fmt_lib.h. */
#include "config.h"

#define FMT_LIB_IMPL
#include "fmt_lib.h"

#include "luoshi/dynlib.h"

struct fmt_lib fmt_lib;

#ifndef LIBXML2_SONAME
#define LIBXML2_SONAME "libxml2.so.2"
#endif
#ifndef LIBZIP_SONAME
#define LIBZIP_SONAME "libzip.so.4"
#endif

static struct dynlib xml = DYNLIB_INIT(LIBXML2_SONAME, "libxml2");
#ifdef HAVE_DOCX
static struct dynlib zip = DYNLIB_INIT(LIBZIP_SONAME, "libzip4");
#endif

#define FMT_LIB_RESOLVE(lib, name) *(void **)&fmt_lib.name = dynlib_sym(lib, #name);
#define FMT_LIB_XML(name) FMT_LIB_RESOLVE(&xml, name)
#define FMT_LIB_ZIP(name) FMT_LIB_RESOLVE(&zip, name)

/* 0 when libxml2 is there with every function the readers call */
static int load_xml(void)
{
	if (xml.state)
		return xml.state > 0 ? 0 : -1;
	if (dynlib_open(&xml) != 0)
		return -1;
	FMT_XML_FUNCS(FMT_LIB_XML)
	return xml.state > 0 ? 0 : -1;
}

#ifdef HAVE_DOCX
static int load_zip(void)
{
	if (zip.state)
		return zip.state > 0 ? 0 : -1;
	if (dynlib_open(&zip) != 0)
		return -1;
	FMT_ZIP_FUNCS(FMT_LIB_ZIP)
	return zip.state > 0 ? 0 : -1;
}
#endif

enum lu_status fmt_lib_load(int with_zip, const char *name, const char *what)
{
	const char *why = NULL;
	if (load_xml() != 0)
		why = xml.why;
#ifdef HAVE_DOCX
	else if (with_zip && load_zip() != 0)
		why = zip.why;
#endif
	if (!why)
		return LU_OK;
	return lu_error(LU_ERR, "%s is %s, but %s: save it as text, or install the library", name,
			what, why);
}
