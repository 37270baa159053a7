/* log — the library's only way to say something: through the host's callback. */
#ifndef ASSAY_CORE_LOG_H
#define ASSAY_CORE_LOG_H

#include "assay.h"

typedef struct logger {
    assay_log_level max;
    assay_log_fn *fn;
    void *userdata;
} logger;

void log_msg(const logger *l, assay_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks the level before any formatting work. */
#define LOG(l, level, ...)                                  \
    do {                                                    \
        const logger *log__l = (l);                         \
        if (log__l && log__l->fn && (level) <= log__l->max) \
            log_msg(log__l, (level), __VA_ARGS__);          \
    } while (0)

#endif
