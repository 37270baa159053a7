/*
 * i18n — the interface text of the interactive front end, through gettext.
 * Messages are written in English (the msgids); po/ko.po holds Korean. The
 * language comes from --lang, else from LC_ALL / LC_MESSAGES / LANG; Korean
 * works without a generated ko_KR locale (see i18n.c).
 */
#ifndef ASSAY_CLI_I18N_H
#define ASSAY_CLI_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

typedef enum i18n_lang { I18N_EN, I18N_KO } i18n_lang;

/*
 * Chooses the language (lang "ko", "en", or NULL for the locale's) and binds
 * the catalog: $ASSAY_LOCALEDIR when set, else the build tree's locale folder
 * when this program runs from the build tree, else the installed one.
 * Returns -1 for a lang that is neither "ko" nor "en".
 */
int i18n_init(const char *lang);

/* The language chosen by i18n_init (English before it). */
i18n_lang i18n_current(void);

/* The language the environment asks for: LC_ALL, LC_MESSAGES, LANG in turn
 * (the first one set and not empty), Korean when it starts with "ko". */
i18n_lang i18n_from_env(void);

#endif
