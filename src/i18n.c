/* i18n.c - the text domain and where its catalogues are. */
#include "config.h"
#include "luoshi/i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "luoshi/util.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#ifdef ENABLE_NLS
static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <directory of the running executable>/locale, or NULL. Read from
 * /proc (Linux); elsewhere the uninstalled program needs LUOSHI_LOCALEDIR. */
static char *beside_executable(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	char *dir = xasprintf("%s/locale", exe);
	if (is_dir(dir))
		return dir;
	free(dir);
	return NULL;
}

static char *find_localedir(void)
{
	const char *env = getenv("LUOSHI_LOCALEDIR");
	if (env && *env)
		return xstrdup(env);
	char *dir = beside_executable();
	return dir ? dir : xstrdup(LOCALEDIR);
}
#endif

void i18n_init(void)
{
	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	char *dir = find_localedir();
	bindtextdomain(PACKAGE, dir); /* keeps its own copy */
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	/* strerror() translates through the C library's own domain, in the
	 * locale's codeset unless told: a GB18030 reason inside a UTF-8
	 * sentence would come out as placeholders */
	bind_textdomain_codeset("libc", "UTF-8");
	textdomain(PACKAGE);
	free(dir);
#endif
}

const char *i18n_pgettext(const char *ctx, const char *msgid)
{
#ifdef ENABLE_NLS
	/* the catalogue's key of a message with a context: ctx EOT msgid */
	char buf[256], *key = buf;
	size_t cl = strlen(ctx), ml = strlen(msgid);
	if (cl + ml + 2 > sizeof buf)
		key = xmalloc(cl + ml + 2);
	memcpy(key, ctx, cl);
	key[cl] = '\004';
	memcpy(key + cl + 1, msgid, ml + 1);
	const char *t = gettext(key);
	int found = t != key;
	if (key != buf)
		free(key);
	return found ? t : msgid;
#else
	(void)ctx;
	return msgid;
#endif
}

int i18n_lang_zh(void)
{
#ifdef ENABLE_NLS
	/* the msgid "" is the catalogue's header; "" itself when none is found */
	const char *h = gettext("");
	const char *l = *h ? strstr(h, "Language: ") : NULL;
	return l && !strncmp(l + strlen("Language: "), "zh", 2);
#else
	return 0;
#endif
}
