/* dynlib.c - see dynlib.h. */
#include "config.h"
#include "luoshi/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tests' seam: LUOSHI_TEST_NOLIB=libxml2 (a prefix of the soname)
 * makes that library absent, as on a machine without its package. */
static int hidden(const char *soname)
{
	const char *h = getenv("LUOSHI_TEST_NOLIB");
	return h && *h && strncmp(soname, h, strlen(h)) == 0;
}

int dynlib_open(struct dynlib *lib)
{
	if (lib->state)
		return lib->state > 0 ? 0 : -1;
	lib->state = -1;
	/* RTLD_LOCAL: its symbols stay out of the way of every later dlopen */
	lib->handle = hidden(lib->soname) ? NULL : dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib->handle) {
		snprintf(lib->why, sizeof lib->why, "cannot load %s (Debian: apt-get install %s)",
			 lib->soname, lib->package);
		return -1;
	}
	lib->state = 1;
	return 0;
}

void *dynlib_sym(struct dynlib *lib, const char *name)
{
	void *p = lib->handle ? dlsym(lib->handle, name) : NULL;
	if (!p && lib->state > 0) {
		snprintf(lib->why, sizeof lib->why, "%s lacks %s (too old a version?)", lib->soname,
			 name);
		lib->state = -1;
	}
	return p;
}
