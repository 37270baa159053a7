/*
 * i18n — choosing the interface language and binding the gettext catalog.
 *
 * glibc looks up a message in the catalogs $LANGUAGE names, but only when
 * LC_MESSAGES is not "C"/"POSIX". Debian always has C.UTF-8, while ko_KR.UTF-8
 * often is not generated; so the language is set through LANGUAGE ("ko" or
 * "en") and LC_MESSAGES falls back to C.UTF-8 when the user's locale does not
 * exist. LC_CTYPE gets a UTF-8 locale too (libedit needs it for Hangul). Only
 * LC_CTYPE and LC_MESSAGES change: numbers keep the C locale's decimal point.
 */
#include "i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef ASSAY_LOCALEDIR
#define ASSAY_LOCALEDIR "/usr/local/share/locale"
#endif

static i18n_lang current = I18N_EN;

i18n_lang i18n_current(void)
{
    return current;
}

i18n_lang i18n_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "ko", 2) == 0 ? I18N_KO : I18N_EN;
    }
    return I18N_EN;
}

/* The catalog folder: $ASSAY_LOCALEDIR, the build tree's when we run from it,
 * else the installed one. */
static const char *locale_dir(void)
{
    const char *env = getenv("ASSAY_LOCALEDIR");
    if (env && *env)
        return env;
#ifdef ASSAY_BUILD_DIR
    static char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    size_t bl = strlen(ASSAY_BUILD_DIR);
    if (n > 0) {
        exe[n] = '\0';
        if ((size_t)n > bl && strncmp(exe, ASSAY_BUILD_DIR, bl) == 0 && exe[bl] == '/')
            return ASSAY_BUILD_DIR "/locale";
    }
#endif
    return ASSAY_LOCALEDIR;
}

static int is_c_locale(const char *name)
{
    return !name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

int i18n_init(const char *lang)
{
    i18n_lang l;
    if (!lang)
        l = i18n_from_env();
    else if (strcmp(lang, "ko") == 0)
        l = I18N_KO;
    else if (strcmp(lang, "en") == 0)
        l = I18N_EN;
    else
        return -1;
    const char *ct = setlocale(LC_CTYPE, "");
    if (is_c_locale(ct) || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
    if (is_c_locale(setlocale(LC_MESSAGES, "")))
        setlocale(LC_MESSAGES, "C.UTF-8");
    setenv("LANGUAGE", l == I18N_KO ? "ko" : "en", 1);
    bindtextdomain("assay", locale_dir());
    bind_textdomain_codeset("assay", "UTF-8");
    textdomain("assay");
    current = l;
    return 0;
}
