/*
 * core/names — the shared vocabulary: names of item kinds, question types and
 * attempt kinds as they appear in JSON, in the database and on the command
 * line. Every layer may use it (the store writes these names; gen, grade, api
 * and the wire read them), so it lives in the bottom tier and depends on
 * nothing but the public enums of assay.h. The public assay_kind_name,
 * assay_qtype_name, assay_kind_parse and assay_qtypes_parse are defined here.
 */
#ifndef ASSAY_CORE_NAMES_H
#define ASSAY_CORE_NAMES_H

#include "assay.h"

/* "level_qa", "interview_qa", "scenario"; NULL for anything else. */
const char *names_kind(int kind);
/* The kind named `s` (exact stored names only), 0 if none. */
int names_kind_of(const char *s);

#endif
