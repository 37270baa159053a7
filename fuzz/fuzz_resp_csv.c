/*
 * fuzz_resp_csv — libFuzzer target: the bytes as a response matrix in CSV
 * (irt/csv, what `assay psych calibrate --csv` reads), with and without an id
 * column (the first byte's low bit), then the table checked: every response
 * names an item of the header, every score is in [0, 1], rows are in order.
 */
#include "fuzz.h"
#include "irt/csv.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int id_column = data[0] & 1;
    resp_table t;
    errinfo e;
    err_clear(&e);
    if (resp_csv_parse("fuzz.csv", (const char *)data + 1, size - 1, id_column, &t, &e) != ASSAY_OK)
        return 0;
    irt_data d = resp_table_data(&t);
    if (d.n_persons != t.n_persons || d.start[0] != 0)
        abort();
    for (size_t p = 0; p < d.n_persons; p++) {
        if (d.start[p + 1] < d.start[p] || d.start[p + 1] > t.n_resp)
            abort();
        for (size_t k = d.start[p]; k < d.start[p + 1]; k++)
            if (d.resp[k].item >= d.n_items || !(d.resp[k].x >= 0.0f && d.resp[k].x <= 1.0f))
                abort();
    }
    resp_table_free(&t);
    return 0;
}
