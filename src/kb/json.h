/* json — the knowledge model as JSON (jansson). Strings returned are malloc'd;
 * free them with free(). Schemas: docs/json.md. */
#ifndef ASSAY_KB_JSON_H
#define ASSAY_KB_JSON_H

#include "kb/model.h"

#include <jansson.h>

enum { KB_JSON_LINES = 1 };

/* {"title", "parts": [{"label", "text", "items", "code": [{"info", "text"}]}]} */
json_t *kb_scenario_to_json(const kb_scenario *sc);
/* ["a", "b"] */
json_t *kb_strv_to_json(const kb_strv *v);
/* The whole model. */
json_t *kb_doc_to_json(const kb_doc *d, unsigned flags);

/* Compact serialisation with keys in insertion order; NULL when out of memory.
 * Consumes (decrefs) j. */
char *kb_json_dump(json_t *j);

#endif
