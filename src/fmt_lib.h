/* fmt_lib.h - libxml2 and libzip for the readers of web pages, .docx and
 * .ofd files, loaded when the first such file is read (fmt_lib.c; why in
 * luoshi/dynlib.h). The readers call xmlXxx and zip_xxx as usual: each
 * name below is the pointer fmt_lib_load resolved. Include this header
 * instead of the libraries' own, and before any header that could
 * include theirs. */
#ifndef LUOSHI_FMT_LIB_H
#define LUOSHI_FMT_LIB_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#ifdef HAVE_DOCX
#include <zip.h>
#endif

#include "luoshi/util.h"

/* xmlFree is a variable, or a function of the thread with per-thread
 * allocators (LIBXML_THREAD_ALLOC_ENABLED): the name it is reached by */
#ifdef LIBXML_THREAD_ALLOC_ENABLED
#define FMT_XML_FREE(X) X(__xmlFree)
#else
#define FMT_XML_FREE(X) X(xmlFree)
#endif
#define FMT_XML_FUNCS(X) \
	X(htmlReadMemory) X(xmlDocGetRootElement) X(xmlFreeDoc) X(xmlGetLastError) \
	X(xmlGetProp) X(xmlHasProp) X(xmlNodeGetContent) X(xmlReadMemory) \
	X(xmlResetLastError) X(xmlXPathCmpNodes) FMT_XML_FREE(X)
#define FMT_ZIP_FUNCS(X) \
	X(zip_discard) X(zip_error_code_zip) X(zip_error_fini) X(zip_error_init) \
	X(zip_fclose) X(zip_file_strerror) X(zip_fopen_index) X(zip_fread) \
	X(zip_get_error) X(zip_name_locate) X(zip_open_from_source) \
	X(zip_source_buffer_create) X(zip_source_free) X(zip_strerror)

#define FMT_LIB_POINTER(name) __typeof__(&name) name;
struct fmt_lib {
	FMT_XML_FUNCS(FMT_LIB_POINTER)
#ifdef HAVE_DOCX
	FMT_ZIP_FUNCS(FMT_LIB_POINTER)
#endif
};
#undef FMT_LIB_POINTER
extern struct fmt_lib fmt_lib;

/* Load libxml2 (and, with zip, libzip) once. LU_OK, or LU_ERR with one
 * sentence: name is what, which this luoshi cannot read without them. */
enum lu_status fmt_lib_load(int zip, const char *name, const char *what);

#ifndef FMT_LIB_IMPL
#define htmlReadMemory (fmt_lib.htmlReadMemory)
#define xmlDocGetRootElement (fmt_lib.xmlDocGetRootElement)
#define xmlFreeDoc (fmt_lib.xmlFreeDoc)
#define xmlGetLastError (fmt_lib.xmlGetLastError)
#define xmlGetProp (fmt_lib.xmlGetProp)
#define xmlHasProp (fmt_lib.xmlHasProp)
#define xmlNodeGetContent (fmt_lib.xmlNodeGetContent)
#define xmlReadMemory (fmt_lib.xmlReadMemory)
#define xmlResetLastError (fmt_lib.xmlResetLastError)
#define xmlXPathCmpNodes (fmt_lib.xmlXPathCmpNodes)
#ifdef LIBXML_THREAD_ALLOC_ENABLED
#define __xmlFree (fmt_lib.__xmlFree)
#else
#undef xmlFree
#define xmlFree (*fmt_lib.xmlFree)
#endif
#define zip_discard (fmt_lib.zip_discard)
#define zip_error_code_zip (fmt_lib.zip_error_code_zip)
#define zip_error_fini (fmt_lib.zip_error_fini)
#define zip_error_init (fmt_lib.zip_error_init)
#define zip_fclose (fmt_lib.zip_fclose)
#define zip_file_strerror (fmt_lib.zip_file_strerror)
#define zip_fopen_index (fmt_lib.zip_fopen_index)
#define zip_fread (fmt_lib.zip_fread)
#define zip_get_error (fmt_lib.zip_get_error)
#define zip_name_locate (fmt_lib.zip_name_locate)
#define zip_open_from_source (fmt_lib.zip_open_from_source)
#define zip_source_buffer_create (fmt_lib.zip_source_buffer_create)
#define zip_source_free (fmt_lib.zip_source_free)
#define zip_strerror (fmt_lib.zip_strerror)
#endif

#endif
