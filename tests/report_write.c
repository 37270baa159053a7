/*
 * report_write — writes a sample report to a file, for the browser test and
 * for looking at: report_write person|group html|text|json|csv ko|en OUT.
 */
#include "report_sample.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: report_write person|group FORMAT ko|en OUT\n");
        return 1;
    }
    static rs_sample s;
    if (strcmp(argv[1], "person") == 0)
        rs_person(&s, 0);
    else if (strcmp(argv[1], "group") == 0)
        rs_group(&s, 0);
    else {
        fprintf(stderr, "report_write: unknown kind %s\n", argv[1]);
        return 1;
    }
    int format = rp_format_parse(argv[2]);
    if (format < 0) {
        fprintf(stderr, "report_write: unknown format %s\n", argv[2]);
        return 1;
    }
    buf out;
    buf_init(&out, RP_OUT_MAX);
    errinfo e;
    err_clear(&e);
    if (rp_render(&s.r, (rp_format)format, argv[3], &out, &e) != ASSAY_OK) {
        fprintf(stderr, "report_write: %s\n", e.msg);
        buf_free(&out);
        return 4;
    }
    FILE *f = fopen(argv[4], "wb");
    int ok = f && fwrite(out.p, 1, out.len, f) == out.len;
    if (f && fclose(f) != 0)
        ok = 0;
    buf_free(&out);
    if (!ok) {
        fprintf(stderr, "report_write: cannot write %s\n", argv[4]);
        return 3;
    }
    return 0;
}
