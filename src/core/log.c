#include "log.h"

#include <stdarg.h>
#include <stdio.h>

void log_msg(const logger *l, assay_log_level level, const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    l->fn(l->userdata, level, line);
}
