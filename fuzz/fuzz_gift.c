/*
 * fuzz_gift — libFuzzer target: the bytes as a Moodle GIFT document
 * (assay_doc_parse with format "gift"), then its model as JSON.
 */
#include "doc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_doc("fuzz.gift", "gift", data, size);
}
