/* api/text — text utilities for front ends. */
#include "assay.h"
#include "core/u8.h"

#include <stdlib.h>

size_t assay_text_width(const char *s, size_t len)
{
    size_t bad;
    if (u8_check(s, len, &bad) != 0)
        return u8_width(s, len);
    size_t n;
    char *nfc = u8_nfc(s, len, &n);
    if (!nfc)
        return u8_width(s, len);
    size_t w = u8_width(nfc, n);
    free(nfc);
    return w;
}

char *assay_text_nfc(const char *s, size_t len)
{
    size_t bad;
    if (u8_check(s, len, &bad) != 0)
        return NULL;
    return u8_nfc(s, len, NULL);
}

size_t assay_text_prefix(const char *s, size_t len, size_t cols)
{
    return u8_prefix_for_width(s, len, cols);
}
