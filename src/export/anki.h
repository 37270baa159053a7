/*
 * export/anki — the one rule for an Anki note's guid, shared by the .apkg writer (anki.c) and any
 * other Anki writer (the plain-text format's "#guid column:"), so that every Anki export of an item
 * names the same note and Anki updates it instead of adding a copy.
 */
#ifndef ASSAY_EXPORT_ANKI_H
#define ASSAY_EXPORT_ANKI_H

#define EXP_ANKI_GUID_CAP 16

/* The guid of the note of item ITEM_ID of knowledge base KB ("" when unknown), for its
 * OCCURRENCE-th question in one selection (1 for the first): up to 10 characters of Anki's base-91
 * alphabet for the first 8 bytes (big-endian) of SHA-1("assay" U+001F kb U+001F item_id), with
 * U+001F and the occurrence appended to the hashed text from 2 on. Writes a NUL-terminated string
 * into OUT. */
void exp_anki_guid(const char *kb, const char *item_id, int occurrence,
                   char out[EXP_ANKI_GUID_CAP]);
#endif
