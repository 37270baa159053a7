#include "err.h"

#include <stdio.h>
#include <string.h>

/* Copies at most cap-1 bytes, never splitting a UTF-8 sequence. */
static void copy_trunc(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void err_clear(errinfo *e)
{
    if (!e)
        return;
    e->code = ASSAY_OK;
    e->msg[0] = '\0';
    e->file[0] = '\0';
    e->line = 0;
    e->column = 0;
    e->offset = -1;
    e->param[0] = '\0';
}

assay_code err_param(errinfo *e, const char *param)
{
    if (!e)
        return ASSAY_OK;
    if (e->code != ASSAY_OK && !e->param[0] && param)
        copy_trunc(e->param, sizeof e->param, param);
    return e->code;
}

assay_code err_setv(errinfo *e, assay_code code, const char *fmt, va_list ap)
{
    if (!e)
        return code;
    if (e->code != ASSAY_OK)
        return e->code;
    e->code = code;
    char tmp[ERR_MSG_MAX * 2];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    copy_trunc(e->msg, sizeof e->msg, tmp);
    return code;
}

assay_code err_set_param(errinfo *e, assay_code code, const char *param, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int fresh = e && e->code == ASSAY_OK;
    assay_code rc = err_setv(e, code, fmt, ap);
    va_end(ap);
    if (fresh)
        err_param(e, param);
    return rc;
}

assay_code err_set(errinfo *e, assay_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    assay_code rc = err_setv(e, code, fmt, ap);
    va_end(ap);
    return rc;
}

assay_code err_set_at(errinfo *e, assay_code code, const char *file, long line, long column,
                      long long offset, const char *fmt, ...)
{
    if (!e)
        return code;
    if (e->code != ASSAY_OK)
        return e->code;
    va_list ap;
    va_start(ap, fmt);
    err_setv(e, code, fmt, ap);
    va_end(ap);
    copy_trunc(e->file, sizeof e->file, file ? file : "");
    e->line = line;
    e->column = column;
    e->offset = offset;
    return code;
}

void err_format(const errinfo *e, char *out, size_t cap)
{
    char pos[ERR_FILE_MAX + 64] = "";
    if (e->file[0]) {
        if (e->line > 0 && e->column > 0)
            snprintf(pos, sizeof pos, "%s:%ld:%ld: ", e->file, e->line, e->column);
        else if (e->line > 0)
            snprintf(pos, sizeof pos, "%s:%ld: ", e->file, e->line);
        else
            snprintf(pos, sizeof pos, "%s: ", e->file);
    }
    char off[48] = "";
    if (e->offset >= 0)
        snprintf(off, sizeof off, " (byte offset %lld)", e->offset);
    char tmp[ERR_MSG_MAX + sizeof pos + sizeof off];
    snprintf(tmp, sizeof tmp, "%s%s%s", pos, e->msg[0] ? e->msg : assay_code_message(e->code), off);
    copy_trunc(out, cap, tmp);
}

/* ---- public: result codes ---- */

static const struct {
    const char *name;
    int status;
    const char *msg;
} codes[] = {
#define ERR__ROW(name, status, msg) {#name, status, msg},
    ASSAY_CODE_LIST(ERR__ROW)
#undef ERR__ROW
};

const char *assay_code_name(assay_code code)
{
    return (unsigned)code < ASSAY__CODE_COUNT ? codes[code].name : "ASSAY_E?";
}

const char *assay_code_message(assay_code code)
{
    return (unsigned)code < ASSAY__CODE_COUNT ? codes[code].msg : "unknown error";
}

int assay_code_exit_status(assay_code code)
{
    return (unsigned)code < ASSAY__CODE_COUNT ? codes[code].status : 4;
}
