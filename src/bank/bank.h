/*
 * bank — the item bank's logic above storage: importing a knowledge model
 * (diffing it against what is stored: stable ids, versions, retirement) and
 * the identity rules. Storage-independent: it talks to a store only.
 */
#ifndef ASSAY_BANK_BANK_H
#define ASSAY_BANK_BANK_H

#include "assay.h"
#include "core/err.h"
#include "kb/model.h"
#include "store/store.h"

#include <stdint.h>

/* Bumped when the importer would read the same document differently. */
#define BANK_PARSER_VERSION 1

/* Questions whose folded text is at least this similar (character-bigram
 * Dice) in the same topic, kind and level keep their id across a rewording. */
#define BANK_SIMILAR_QUESTION 0.75

#define BANK_ID_LEN           12

/* The stable id of a question: the first 12 hex digits of SHA-256 over the
 * knowledge base, the topic's key and the question (NFC, white space
 * collapsed). `dup` > 0 separates repeated questions in one topic. */
void bank_item_id(const char *kb, const char *topic_key, const char *question, int dup,
                  char out[BANK_ID_LEN + 1]);

/* Imports n documents in one transaction; sources[i] is what kb.source records
 * for docs[i]. On error nothing is written. */
assay_code bank_import(store *s, const logger *log, kb_doc *const *docs, const char *const *sources,
                       size_t n, int64_t now, assay_import_result *results, errinfo *e);

#endif
