/* i18n.h - messages in the user's language, the GNU way (gettext).
 *   _("text")              translated now
 *   N_("text")             only marked: a table entry, translated where shown
 *   C_("ctx", "text")      translated with a context (a status, a field name)
 *   NC_("ctx", "text")     marked with a context, shown with i18n_pgettext()
 *   ngettext(one, many, n) the plural for n
 * The catalogue hands back UTF-8 whatever the locale's codeset: all text
 * inside luoshi is UTF-8, converted where it is written (ncursesw for the
 * screens, out_flush and out_error for the command line). Without NLS
 * (./configure --disable-nls) every message is its English msgid. */
#ifndef LUOSHI_I18N_H
#define LUOSHI_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#else
#define gettext(s) ((char *)(s))
#define ngettext(one, many, n) ((char *)((n) == 1 ? (one) : (many)))
#endif

#define _(s) gettext(s)
#define N_(s) s
#define C_(ctx, s) i18n_pgettext(ctx, s)
#define NC_(ctx, s) s

/* setlocale(LC_ALL, "") and the text domain: LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG choose the language as in any GNU program. The
 * catalogues are looked for in $LUOSHI_LOCALEDIR when it is set, else in
 * the directory `locale` beside the executable when there is one (the
 * build tree: ./luoshi runs translated before `make install`), else in
 * the installed locale directory. */
void i18n_init(void);
/* msgid translated in context ctx (msgctxt); msgid itself when the
 * catalogue has no translation. */
const char *i18n_pgettext(const char *ctx, const char *msgid);
/* True when the catalogue in effect is a Chinese one (its header says
 * Language: zh...): the one decision of the language, made by gettext. */
int i18n_lang_zh(void);

#endif
