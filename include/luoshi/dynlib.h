/* dynlib.h - optional libraries loaded when a command first needs them
 * (dynlib.c): libpq (src/db_pq.c), libxml2, libzip, libxlsxwriter. Linked
 * in, libxml2 (which brings ICU and the C++ library), libzip (OpenSSL's
 * libcrypto, bzip2, xz) and libxlsxwriter were mapped and relocated by every command, 5 MiB of memory
 * and about 4 ms of CPU before main, though only importing a web page, a
 * .docx or .ofd file, or writing an .xlsx uses them. The module that uses
 * a library keeps the X-macro list of what it calls and resolves it here.
 * No curses. */
#ifndef LUOSHI_DYNLIB_H
#define LUOSHI_DYNLIB_H

struct dynlib {
	const char *soname;  /* what configure found the build linked against */
	const char *package; /* the Debian package that has it */
	int state;           /* 0 not tried, 1 loaded, -1 failed */
	void *handle;
	char why[192];       /* the failure, one English sentence fragment */
};

#define DYNLIB_INIT(soname, package) {(soname), (package), 0, NULL, ""}

/* Open lib once for the life of the process: 0, or -1 with lib->why
 * ("cannot load X (Debian: apt-get install P)"). */
int dynlib_open(struct dynlib *lib);
/* The address of name in an opened lib, or NULL with lib->why set and the
 * library marked failed (a version that lacks a function we call). */
void *dynlib_sym(struct dynlib *lib, const char *name);

#endif
