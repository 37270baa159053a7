/*
 * bank/derive — derived items: questions grown at import from a document's
 * concept texts, sub-topic bullets and ordered steps (derive.c; the rules in
 * docs/internals/kb.md, "Derived items").
 */
#ifndef ASSAY_BANK_DERIVE_H
#define ASSAY_BANK_DERIVE_H

#include "assay.h"
#include "core/arena.h"
#include "core/err.h"
#include "kb/model.h"

#include <stddef.h>

/* The derived items of d, in a stable order (topics, then blocks, then the
 * document's items). *out is malloc'd (the caller frees it); its strings live
 * in `a`. ASSAY_ENOMEM is the only failure. */
assay_code bank_derive(const kb_doc *d, arena *a, kb_item **out, size_t *n, errinfo *e);

#endif
