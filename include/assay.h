/*
 * assay.h — the public API of libassay.
 *
 * assay turns level-structured knowledge documents (Markdown) into an item bank
 * for quizzes and competency assessments. This header is the whole published
 * surface: what is not declared here is not API. Front ends (the `assay` CLI,
 * later the server) use nothing else.
 *
 * Conventions
 *  - Handles are opaque. Functions that can fail return an assay_code
 *    (ASSAY_OK = 0); details of the first, most specific error are kept on the
 *    `assay` context (assay_last_error, assay_errmsg) until the next call on it.
 *  - Every function that allocates says who frees. Destructors accept NULL.
 *  - All text in and out is UTF-8; text coming out of the library is NFC.
 *  - Option structs begin with `struct_size`, set by their _init function;
 *    fields are only appended. A struct from an older header (smaller size)
 *    gets the defaults for the fields it lacks; a size of 0 or one larger than
 *    this library knows is ASSAY_EUSAGE naming "struct_size". (Arrays of
 *    structs, like the responses of assay_attempt_record, use this header's
 *    size.)
 *  - The library never prints, exits or aborts. It logs only through the
 *    callback installed with assay_set_log.
 *  - An `assay` context and everything opened from it belong to one thread at a
 *    time, with one exception: an engine (assay_engine) is read-only once
 *    built and may be used by several threads at once. Calls on an engine
 *    take the calling thread's own context, which receives their errors.
 */
#ifndef ASSAY_H
#define ASSAY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define ASSAY_MUST_CHECK __attribute__((warn_unused_result))
#else
#define ASSAY_MUST_CHECK
#endif

#define ASSAY_VERSION_MAJOR  0
#define ASSAY_VERSION_MINOR  1
#define ASSAY_VERSION_PATCH  0
#define ASSAY_VERSION_STRING "0.1.0"

/** Library version string, e.g. "0.1.0". */
const char *assay_version(void);

/* ------------------------------------------------------------------------ */
/* Result codes                                                               */
/* ------------------------------------------------------------------------ */

/*
 * X(name, process exit status, message). The exit status is what the CLI
 * returns for the code: 0 success, 1 usage, 2 bad input, 3 storage error,
 * 4 internal error (out of memory, a bug), 5 output that could not be written,
 * 6 a conflict with another writer (retryable: nothing was changed; the library
 * has retried a few times already).
 */
#define ASSAY_CODE_LIST(X)                                           \
    X(ASSAY_OK, 0, "success")                                        \
    X(ASSAY_EUSAGE, 1, "usage error")                                \
    X(ASSAY_EINPUT, 2, "bad input")                                  \
    X(ASSAY_ENOTFOUND, 2, "not found")                               \
    X(ASSAY_ESTORAGE, 3, "storage error")                            \
    X(ASSAY_ENOMEM, 4, "out of memory")                              \
    X(ASSAY_EINTERNAL, 4, "internal error")                          \
    X(ASSAY_EOUTPUT, 5, "output error (a full disk, a closed pipe)") \
    X(ASSAY_ECONFLICT, 6, "conflict with another writer; nothing was changed, try again")

typedef enum assay_code {
#define ASSAY__CODE_ENUM(name, status, msg) name,
    ASSAY_CODE_LIST(ASSAY__CODE_ENUM)
#undef ASSAY__CODE_ENUM
        ASSAY__CODE_COUNT
} assay_code;

/** "ASSAY_EINPUT" for ASSAY_EINPUT; "ASSAY_E?" for an unknown value. Static storage. */
const char *assay_code_name(assay_code code);
/** "bad input" for ASSAY_EINPUT. Static storage. */
const char *assay_code_message(assay_code code);
/** The CLI's exit status for a code (see ASSAY_CODE_LIST). */
int assay_code_exit_status(assay_code code);

/* ------------------------------------------------------------------------ */
/* Context, errors, logging                                                  */
/* ------------------------------------------------------------------------ */

typedef struct assay assay;

/** A new context, or NULL when out of memory. Free with assay_free. */
assay *assay_new(void);
/** Frees a context. Close every bank opened from it first. Accepts NULL. */
void assay_free(assay *a);

typedef enum assay_log_level {
    ASSAY_LOG_ERROR = 0,
    ASSAY_LOG_WARN = 1,
    ASSAY_LOG_INFO = 2,
    ASSAY_LOG_DEBUG = 3
} assay_log_level;

/** Receives one log line (no trailing newline); `message` lives for the call only. */
typedef void assay_log_fn(void *userdata, assay_log_level level, const char *message);

/**
 * Installs the log callback. Messages above `max_level` are not even formatted.
 * With fn == NULL (the default) nothing is logged.
 */
void assay_set_log(assay *a, assay_log_level max_level, assay_log_fn *fn, void *userdata);

/** The first, most specific error of the last failed call. Strings live until the next call. */
typedef struct assay_error {
    assay_code code;
    const char *message; /* what went wrong, without position */
    const char *file;    /* document or database the error is about, or NULL */
    long line;           /* 1-based line in `file`, or 0 */
    long column;         /* 1-based column (bytes; in a CSV table, the field number), or 0 */
    long long offset;    /* byte offset in `file` (encoding errors), or -1 */
    const char *param;   /* the parameter at fault, by its field name in this header
                          * ("topic", "kb", "count", "max_bytes", "seeds", "id", ...),
                          * or NULL; a front end maps it to its own flag */
} assay_error;

/** The last error on `a`; code ASSAY_OK when the last call succeeded. Never NULL. */
const assay_error *assay_last_error(const assay *a);

/**
 * The last error as one line: "FILE:LINE:COL: message (byte offset N)", leaving
 * out the parts that are unknown. Lives until the next call on `a`.
 */
const char *assay_errmsg(const assay *a);

/* ------------------------------------------------------------------------ */
/* Knowledge documents                                                       */
/* ------------------------------------------------------------------------ */

/** Default cap on a document's size: 16 MiB. */
#define ASSAY_DOC_MAX_BYTES_DEFAULT ((uint64_t)16 << 20)

/** Options for reading a document. Initialise with assay_doc_opts_init. */
typedef struct assay_doc_opts {
    size_t struct_size;  /* sizeof(assay_doc_opts), set by assay_doc_opts_init */
    uint64_t max_bytes;  /* refuse larger documents; 0 = ASSAY_DOC_MAX_BYTES_DEFAULT */
    const char *kb_name; /* knowledge-base name; NULL = the file name without extension */
    /* "md", "gift", "moodle-xml" or "csv"; NULL = detected from the file name's extension
     * (.md, .gift, .xml, .csv), else from the content, else Markdown (docs/formats.md, "Import") */
    const char *format;
} assay_doc_opts;

void assay_doc_opts_init(assay_doc_opts *opts);

/** A parsed knowledge document: topics, level blocks, items, warnings. */
typedef struct assay_doc assay_doc;

/**
 * Reads and parses the document at `path`: Markdown, or a question bank in
 * Moodle GIFT, Moodle XML or CSV (assay_doc_opts.format; by default detected). On success *out is a
 * new document the caller frees with assay_doc_free. Bad input (missing file, directory, over the
 * size cap, NUL bytes, invalid UTF-8, empty, no items) returns ASSAY_EINPUT with file, line and
 * byte offset in assay_last_error. The author's thesaurus beside it, PATH without its extension
 * plus
 * ".thesaurus.tsv" (notes.md -> notes.thesaurus.tsv), is read too when it
 * exists; a bad line of it is ASSAY_EINPUT with its file:line.
 */
ASSAY_MUST_CHECK assay_code assay_doc_load(assay *a, const char *path, const assay_doc_opts *opts,
                                           assay_doc **out);

/**
 * Parses `len` bytes of a document (Markdown, GIFT, Moodle XML or CSV, as
 * for assay_doc_load; detection uses `file`'s extension). `file` names the source in messages and
 * provenance. Same result and ownership as assay_doc_load.
 */
ASSAY_MUST_CHECK assay_code assay_doc_parse(assay *a, const char *file, const char *data,
                                            size_t len, const assay_doc_opts *opts,
                                            assay_doc **out);

/** Accepts NULL. */
void assay_doc_free(assay_doc *doc);

typedef struct assay_doc_stats {
    size_t topics;
    size_t level_blocks;
    size_t level_qa;
    size_t interview_qa;
    size_t scenario;
    size_t warnings;
    size_t bytes;
} assay_doc_stats;

void assay_doc_get_stats(const assay_doc *doc, assay_doc_stats *out);
/** Knowledge-base name the document imports into. Owned by the document. */
const char *assay_doc_kb_name(const assay_doc *doc);
/** The file name given to load/parse. Owned by the document. */
const char *assay_doc_file(const assay_doc *doc);
/** The format the document was read as: "md", "gift", "moodle-xml" or "csv". Static. */
const char *assay_doc_format(const assay_doc *doc);
/** SHA-256 of the document's bytes as read, 64 hex digits (with a thesaurus: of
 * that hash and the thesaurus's bytes, so an edited thesaurus is a new edition).
 * Owned by the document. */
const char *assay_doc_content_hash(const assay_doc *doc);

/**
 * Gives a document its thesaurus from `len` bytes (the format of
 * NAME.thesaurus.tsv: one synonym group a line, spellings separated by tabs or
 * '=', '#' comments; docs/internals/grading.md), replacing one it had. `file`
 * names it in messages. A bad line is ASSAY_EINPUT with file:line; the
 * document is then unchanged. Imported with the document; engines opened on
 * the bank grade with it.
 */
ASSAY_MUST_CHECK assay_code assay_doc_thesaurus_parse(assay *a, assay_doc *doc, const char *file,
                                                      const char *data, size_t len);
/** Synonym groups of the document's thesaurus (0 when it has none). */
size_t assay_doc_thesaurus_count(const assay_doc *doc);
/** The thesaurus file read or given, NULL when none. Owned by the document. */
const char *assay_doc_thesaurus_file(const assay_doc *doc);

/** A non-fatal finding, e.g. a question without an answer (which is skipped). */
typedef struct assay_warning {
    const char *file;
    long line;
    const char *message;
} assay_warning;

size_t assay_doc_warning_count(const assay_doc *doc);
/** The items an import derives from the document's text (definitions,
 * sub-topic bullets, orders; bank_derive), or (size_t)-1 if out of memory. */
size_t assay_doc_derived_count(const assay_doc *doc);
/** Warning i (< count), owned by the document. */
const assay_warning *assay_doc_warning_at(const assay_doc *doc, size_t i);

enum {
    ASSAY_MODEL_LINES = 1 /* include source lines in the model dump */
};

/**
 * The document's knowledge model as JSON text (schema in docs/json.md), or
 * NULL when out of memory. The caller frees it with assay_string_free.
 */
char *assay_doc_model_json(const assay_doc *doc, unsigned flags);

/** Frees a string returned by the library. Accepts NULL. */
void assay_string_free(char *s);

/* ------------------------------------------------------------------------ */
/* Arenas                                                                    */
/* ------------------------------------------------------------------------ */

/*
 * An arena: memory with one owner and one lifetime (a web request), taken
 * in pieces and given back all at once by assay_arena_reset or
 * assay_arena_free, so nothing in it is freed piece by piece. Blocks are
 * zeroed and aligned for any type (16 bytes). A cap bounds the bytes the
 * arena obtains; an allocation past it fails like out of memory (NULL). What
 * another allocator owns (a string of the library's, a jansson value) can be
 * handed to the arena with assay_arena_defer and is released with it. An
 * arena belongs to one thread at a time.
 */
typedef struct assay_arena assay_arena;

/* A new arena that obtains at most `cap` bytes (0 = no cap); NULL when out
 * of memory. The caller frees it with assay_arena_free. */
assay_arena *assay_arena_new(size_t cap);
/* Runs the cleanups and frees every block and the arena. Accepts NULL. */
void assay_arena_free(assay_arena *ar);
/* Runs the cleanups (last registered first) and gives every block back,
 * keeping one ordinary chunk (64 KiB) for what comes next: an arena reused
 * for request after request. Pointers into it are invalid afterwards. */
void assay_arena_reset(assay_arena *ar);

/* n bytes (0 counts as 1), zeroed, aligned for any type, valid until the
 * arena is reset or freed; NULL when out of memory or over the cap. */
void *assay_arena_alloc(assay_arena *ar, size_t n);
/* A block of new_n bytes whose first bytes are those of `old` (old_n of them,
 * or new_n when fewer; old NULL: none), the rest zeroed: `old` itself, grown
 * or shrunk in place, when it is the arena's last block and its chunk has the
 * room (shrinking gives the tail back), else a new block (`old` stays the
 * arena's until the reset). NULL when out of memory or over the cap (`old`
 * is unchanged). */
void *assay_arena_grow(assay_arena *ar, void *old, size_t old_n, size_t new_n);
/* A NUL-terminated copy of n bytes of s (s may hold NULs); NULL out of memory. */
char *assay_arena_strndup(assay_arena *ar, const char *s, size_t n);
/* A copy of the string s; NULL out of memory. */
char *assay_arena_strdup(assay_arena *ar, const char *s);
/* A string formatted as by printf; NULL out of memory or on a format error. */
char *assay_arena_printf(assay_arena *ar, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Hands p to the arena: fn(p) runs when the arena is reset or freed (last
 * registered first). 0, or -1 when out of memory, after fn(p) has run at
 * once: either way the arena took p. */
int assay_arena_defer(assay_arena *ar, void (*fn)(void *), void *p);
/* Bytes the arena has obtained (what the cap counts), cleanups included. */
size_t assay_arena_size(const assay_arena *ar);

/* ------------------------------------------------------------------------ */
/* Item bank                                                                 */
/* ------------------------------------------------------------------------ */

typedef struct assay_bank assay_bank;

/**
 * Opens (creating and migrating as needed) the bank at `url`:
 *   "sqlite:PATH"       an SQLite database file, created in an existing folder
 *   "sqlite:file:URI"   an SQLite URI ("file:/abs/x.db?mode=ro")
 *   "sqlite::memory:"   a private in-memory database
 *   "PATH"              same as sqlite:PATH
 * A bank without write permission (file or folder) is opened read-only: reads
 * work, writing calls fail with ASSAY_ESTORAGE saying so. Writers wait for
 * each other (up to two minutes); readers never wait. Close with
 * assay_bank_close. Errors: ASSAY_EUSAGE (unknown scheme), ASSAY_ESTORAGE
 * (no such folder, cannot open, another program's SQLite database (left
 * untouched), newer schema than this build knows, damaged file).
 */
ASSAY_MUST_CHECK assay_code assay_bank_open(assay *a, const char *url, assay_bank **out);

/** Accepts NULL. */
void assay_bank_close(assay_bank *bank);

/* What assay_bank_migrate / assay_bank_restore did. */
typedef struct assay_migrate_result {
    size_t tables;           /* tables of the bank's schema */
    size_t tables_copied;    /* copied by this call */
    size_t tables_resumed;   /* found copied by an interrupted earlier call, verified */
    unsigned long long rows; /* rows in every table, the same in source and target */
    char checksum[65];       /* SHA-256 over each table's checksum: equal on both sides */
} assay_migrate_result;

/**
 * Copies the whole bank at from_url into the bank at to_url (any backends, e.g.
 * sqlite:PATH to postgresql://...): knowledge bases, items with their versions
 * and history, people, accounts and sign-ins, attempts, presented questions,
 * responses, marks, calibrations, review cards, groups and invites, with their
 * ids. Reads the source in one snapshot; each table is one transaction of the
 * target; afterwards every table's row count and checksum are compared.
 * Resumable: running it again after an interruption keeps the tables copied
 * already. Errors: ASSAY_EINPUT when the target holds anything else (nothing
 * is written) or both URLs name one bank; ASSAY_ESTORAGE when a copy does not
 * verify or a bank cannot be opened.
 */
ASSAY_MUST_CHECK assay_code assay_bank_migrate(assay *a, const char *from_url, const char *to_url,
                                               assay_migrate_result *result);

/**
 * A consistent copy of the bank at url into a new SQLite file `file` (which
 * must not exist): SQLite's online backup API for an SQLite bank, a verified
 * row copy (as assay_bank_migrate) for a PostgreSQL bank (pg_dump is
 * PostgreSQL's own way: docs/ARCHITECTURE.md). ASSAY_EINPUT when file exists.
 */
ASSAY_MUST_CHECK assay_code assay_bank_backup(assay *a, const char *url, const char *file);

/** Restores a backup file into the bank at url, which must be empty: assay_bank_migrate from
 * sqlite:file. */
ASSAY_MUST_CHECK assay_code assay_bank_restore(assay *a, const char *file, const char *url,
                                               assay_migrate_result *result);

/**
 * The default bank URL: $ASSAY_DB if set and non-empty, else
 * sqlite:$XDG_DATA_HOME/assay/assay.db, else sqlite:$HOME/.local/share/assay/assay.db.
 * Writes a NUL-terminated URL into buf; ASSAY_EUSAGE if it does not fit or no
 * home directory is known.
 */
ASSAY_MUST_CHECK assay_code assay_default_bank_url(assay *a, char *buf, size_t cap);

/** What an import did to one knowledge base. */
typedef struct assay_import_result {
    size_t added;     /* new items (and retired items that came back) */
    size_t changed;   /* items that got a new version */
    size_t retired;   /* items gone from the document (kept, marked retired) */
    size_t unchanged; /* items already in the bank as they are */
    int wrote;        /* 1 when anything was written for this document */
    /* derived items (ASSAY_KIND_DERIVED_*, grown from the document's text),
     * counted apart from the four figures above, which are the document's
     * own items: how many the text gives, and of them new, changed, retired */
    size_t derived, derived_added, derived_changed, derived_retired;
} assay_import_result;

/**
 * Imports `n` parsed documents in one transaction: either all are stored or,
 * on error, the bank is left as it was. results[i] (caller-provided array of
 * n) reports document i. Two documents for one knowledge base are refused.
 * Importing an unchanged document writes nothing.
 */
ASSAY_MUST_CHECK assay_code assay_bank_import(assay_bank *bank, assay_doc *const *docs, size_t n,
                                              assay_import_result *results);

/** Name of the knowledge base embedded in the binary ("architecture-scalability"). */
const char *assay_bundled_kb_name(void);
/** The embedded document's bytes (static storage); *len receives its size. */
const char *assay_bundled_document(size_t *len);

/**
 * Imports the embedded document if the bank has no knowledge base of its name,
 * or re-imports it if the bank's bundled copy differs from the binary's (a
 * knowledge base of that name imported from a file is left alone).
 * *imported (may be NULL) is set to 1 when something was written.
 */
ASSAY_MUST_CHECK assay_code assay_bank_ensure_bundled(assay_bank *bank, int *imported);

/**
 * For reads: when the bank holds no knowledge base of the bundled one's name,
 * every query and engine on this handle sees the embedded document as if it
 * were stored (served from memory; nothing is written, so it works on a
 * read-only or busy bank). Until assay_bank_ensure_bundled, which stores it,
 * writing calls on this handle fail with ASSAY_EINTERNAL.
 */
ASSAY_MUST_CHECK assay_code assay_bank_serve_bundled(assay_bank *bank);

/* ------------------------------------------------------------------------ */
/* Reading the bank                                                          */
/* ------------------------------------------------------------------------ */

typedef enum assay_kind {
    ASSAY_KIND_ANY = 0,
    ASSAY_KIND_LEVEL_QA = 1,     /* a Q/A pair in a level block; has a level */
    ASSAY_KIND_INTERVIEW_QA = 2, /* an interview or free-standing Q/A pair; no level */
    ASSAY_KIND_SCENARIO = 3,     /* a practical scenario; no level */
    /* Derived items: grown at import from the document's text rather than
     * written as Q/A by its author (docs/internals/kb.md, "Derived items").
     * Their source line is the sentence, bullet or answer they come from. */
    ASSAY_KIND_DERIVED_DEFINITION = 4, /* a concept-text definition: true/false and cloze */
    ASSAY_KIND_DERIVED_TOPIC = 5,      /* a sub-topic bullet: "which belongs to topic X" (mcq) */
    ASSAY_KIND_DERIVED_ORDER = 6       /* steps the text gives in order: the right order (mcq) */
} assay_kind;

/** "level_qa", "interview_qa", "scenario", "derived_definition", "derived_topic",
 * "derived_order"; "any" for ASSAY_KIND_ANY. */
const char *assay_kind_name(assay_kind kind);
/** 1 for the derived kinds (ASSAY_KIND_DERIVED_*), else 0. */
int assay_kind_derived(assay_kind kind);
/** Parses a kind name (also "level", "interview"); ASSAY_EUSAGE when unknown. */
ASSAY_MUST_CHECK assay_code assay_kind_parse(const char *name, assay_kind *out);

/** A list of rows returned by a query; rows are read with the typed getters. */
typedef struct assay_list assay_list;

size_t assay_list_count(const assay_list *list);
/** Frees the list and every string its rows point to. Accepts NULL. */
void assay_list_free(assay_list *list);

typedef struct assay_kb_info {
    const char *name;
    const char *title;
    const char *source; /* file it was imported from, "bundled:NAME" for the embedded one */
    const char *content_hash;
    int64_t imported_at; /* Unix seconds of the last import that changed it */
    size_t topics;
    size_t level_blocks;
    size_t level_qa, interview_qa, scenario; /* active items by kind */
    size_t retired;                          /* retired items (derived ones too) */
    size_t derived;                          /* active derived items (ASSAY_KIND_DERIVED_*) */
} assay_kb_info;

/** All knowledge bases, by name. *out is freed with assay_list_free. */
ASSAY_MUST_CHECK assay_code assay_bank_kbs(assay_bank *bank, assay_list **out);
/** Row i of a list from assay_bank_kbs, or NULL if the list holds something else. */
const assay_kb_info *assay_list_kb(const assay_list *list, size_t i);

typedef struct assay_level_info {
    int level;
    const char *label;       /* e.g. "입문" */
    const char *audience;    /* the guide's audience column, "" if none */
    const char *description; /* "" if none */
} assay_level_info;

/** The level guide of a knowledge base (may be empty). ASSAY_ENOTFOUND for an unknown kb. */
ASSAY_MUST_CHECK assay_code assay_bank_levels(assay_bank *bank, const char *kb, assay_list **out);
const assay_level_info *assay_list_level(const assay_list *list, size_t i);

#define ASSAY_MAX_LEVEL 9

typedef struct assay_topic_info {
    const char *kb;
    int number;  /* the number written in the heading, 0 if none */
    int ordinal; /* 1-based position in the document */
    const char *title;
    const char *concept; /* concept text, "" if none */
    const char *source_file;
    long source_line;
    size_t items;                         /* active items of the document (not derived) */
    size_t by_level[ASSAY_MAX_LEVEL + 1]; /* active level Q/A per level; [0] unused */
    size_t interview_qa, scenario;
    size_t derived;                               /* active derived items */
    size_t derived_by_level[ASSAY_MAX_LEVEL + 1]; /* of them, per level; [0] unused */
} assay_topic_info;

/** Active topics of one knowledge base (kb != NULL) or of all, in document order. */
ASSAY_MUST_CHECK assay_code assay_bank_topics(assay_bank *bank, const char *kb, assay_list **out);
const assay_topic_info *assay_list_topic(const assay_list *list, size_t i);

typedef struct assay_item_filter {
    size_t struct_size;  /* sizeof(assay_item_filter), set by assay_item_filter_init */
    const char *kb;      /* NULL = all knowledge bases */
    const char *topic;   /* topic number ("3") or a part of its title; NULL = all */
    int level;           /* 1..9, 0 = all */
    assay_kind kind;     /* ASSAY_KIND_ANY = all */
    int include_retired; /* 0 = active items only */
    /* what the question asks (assay_item_info.stem_type: "definition",
     * "comparison", "method", "reason", "condition", "proscons",
     * "enumeration", "numeric", "other"); NULL = all. Another name is
     * ASSAY_EUSAGE. */
    const char *stem_type;
    int no_derived; /* 1 = leave derived items (ASSAY_KIND_DERIVED_*) out */
} assay_item_filter;

void assay_item_filter_init(assay_item_filter *f);

typedef struct assay_item_info {
    const char *id; /* stable id, 12 hex digits */
    const char *kb;
    int topic_number;
    int topic_ordinal;
    const char *topic;
    assay_kind kind;
    int level;               /* 1..9 for level Q/A, 0 = the document gives none */
    const char *level_label; /* "" when level is 0 or the document names none */
    const char *question;
    const char *answer;
    const char *const *subtopics; /* the level block's sub-topic bullets */
    size_t n_subtopics;
    const char *detail_json; /* scenario structure as JSON (docs/json.md), or NULL */
    const char *source_file;
    long source_line;
    int retired; /* 1 when gone from the document */
    int version; /* current version number, from 1 */
    int64_t created_at, updated_at;
    /* What the question asks (the names of assay_item_filter.stem_type) and
     * the form of its answer ("definition", "comparison" — "A는 …, B는 …" —,
     * "list", "number", "procedure", "other"): lexical rules, stored at
     * import; used to keep a question's options of one form. */
    const char *stem_type;
    const char *answer_form;
    /* The wrong options the document's author wrote (GIFT, Moodle XML, CSV or
     * Markdown multiple choice; stored in the item's detail JSON as
     * "distractors"); asked as multiple choice, the item shows these beside
     * its answer instead of generated ones. n_distractors 0 when none. */
    const char *const *distractors;
    size_t n_distractors;
} assay_item_info;

/**
 * Items matching `filter` (NULL = all active), in knowledge-base and document
 * order. An unknown kb or topic is ASSAY_ENOTFOUND.
 */
ASSAY_MUST_CHECK assay_code assay_bank_items(assay_bank *bank, const assay_item_filter *filter,
                                             assay_list **out);
const assay_item_info *assay_list_item(const assay_list *list, size_t i);

/**
 * One item by id or unique id prefix (at least 4 hex digits), retired or not.
 * ASSAY_ENOTFOUND if none matches, ASSAY_EUSAGE if the prefix is ambiguous.
 */
ASSAY_MUST_CHECK assay_code assay_bank_item(assay_bank *bank, const char *id, assay_list **out);

typedef struct assay_version_info {
    int version;
    assay_kind kind;
    int level;
    const char *question;
    const char *answer;
    const char *source_file;
    long source_line;
    int64_t created_at;
} assay_version_info;

/** Every version of an item (full id), oldest first. */
ASSAY_MUST_CHECK assay_code assay_bank_item_versions(assay_bank *bank, const char *id,
                                                     assay_list **out);
const assay_version_info *assay_list_version(const assay_list *list, size_t i);

/* ------------------------------------------------------------------------ */
/* Quizzes: generation                                                       */
/* ------------------------------------------------------------------------ */

/**
 * An engine: a bank's items indexed for generation and grading (TF-IDF,
 * aliases, topic and level groups). Build it once, use it for many quizzes;
 * it does not change when the bank does. It also holds each item's response
 * model parameters: the bank's latest calibration, else the prior from the
 * item's level. Free with assay_engine_free. kb: one knowledge base, or NULL
 * for all.
 */
typedef struct assay_engine assay_engine;

ASSAY_MUST_CHECK assay_code assay_engine_open(assay_bank *bank, const char *kb, assay_engine **out);
void assay_engine_free(assay_engine *e); /* accepts NULL */
size_t assay_engine_item_count(const assay_engine *e);
/** Bytes held by the engine's text index (vectors, feature tables, aliases). */
size_t assay_engine_index_bytes(const assay_engine *e);

/** Question types, combinable as a bit set. */
typedef enum assay_qtype {
    ASSAY_Q_MCQ = 1,      /* multiple choice: one key among 3..5 options */
    ASSAY_Q_TF = 2,       /* true/false: a question with its answer or another's */
    ASSAY_Q_CLOZE = 4,    /* a key term of the answer blanked out */
    ASSAY_Q_MATCH = 8,    /* 3-5 questions of one kind matched to their answers, from one
                           * topic or its neighbours (then the topic names them all) */
    ASSAY_Q_SHORT = 16,   /* free text, graded for concept coverage */
    ASSAY_Q_SCENARIO = 32 /* a scenario's situation; pick (or write) the decision */
} assay_qtype;

#define ASSAY_Q_ALL 63u

/** "mcq", "tf", "cloze", "match", "short", "scenario". */
const char *assay_qtype_name(assay_qtype t);
/** Parses "mcq,tf,cloze" (or "all") into a bit set; ASSAY_EUSAGE on an unknown name. */
ASSAY_MUST_CHECK assay_code assay_qtypes_parse(const char *list, unsigned *out);

typedef struct assay_quiz_spec {
    size_t struct_size;
    const char *const *topics; /* topic numbers or title pieces; NULL/0 = all */
    size_t n_topics;
    const int *levels; /* 1..9; NULL/0 = all. With levels, unleveled items are left out */
    size_t n_levels;
    size_t count;   /* questions; default 10 */
    unsigned types; /* assay_qtype bits; default all */
    int options;    /* options per multiple-choice question, 3..5; default 4 */
    uint64_t seed;  /* same seed + same bank = byte-identical quiz */
    int no_derived; /* 1 = leave derived items (ASSAY_KIND_DERIVED_*) out of the pool */
    const char *kb; /* scope: only this knowledge base of the engine's (its topics
                       named in it); NULL or "" = all. ASSAY_ENOTFOUND when the
                       engine has no topic of it */
} assay_quiz_spec;

void assay_quiz_spec_init(assay_quiz_spec *spec);

/**
 * One question. The key fields (key, pairs, answer, accept, reference) are
 * filled in; a front end must not show or send them before the learner's
 * answer is stored. assay_quiz_json leaves them out unless asked.
 */
typedef struct assay_question {
    assay_qtype type;
    const char *item_id; /* the item asked about (matching: the first pair's) */
    const char *kb;
    const char *topic;
    int level;             /* 0 when the document gives none */
    const char *prompt;    /* the stem; cloze: the text with its blank "____" */
    const char *statement; /* true/false: the proposed answer */
    const char *const *options;
    size_t n_options; /* multiple choice, scenario */
    const char *const *left;
    const char *const *right;
    size_t n_pairs; /* matching */
    /* the key */
    int key;            /* option index; true/false: 1 or 0 */
    const int *pairs;   /* matching: the right index for each left one */
    const char *answer; /* cloze: the term; short, scenario: the reference answer */
    const char *const *accept;
    size_t n_accept; /* cloze: accepted alternatives (aliases) */
    const char *source_file;
    long source_line;
} assay_question;

typedef struct assay_quiz assay_quiz;

/**
 * Generates a quiz. Items are filtered by topics and levels, shuffled by the
 * seed and given types in turn from spec->types; a type an item cannot take
 * passes to the next. ASSAY_ENOTFOUND when no question can be made.
 */
ASSAY_MUST_CHECK assay_code assay_quiz_generate(assay *a, const assay_engine *e,
                                                const assay_quiz_spec *spec, assay_quiz **out);
void assay_quiz_free(assay_quiz *q); /* accepts NULL */
size_t assay_quiz_count(const assay_quiz *q);
const assay_question *assay_quiz_question(const assay_quiz *q, size_t i);
/** SHA-256 (hex) of the quiz as shown to learners (without its key). */
const char *assay_quiz_fingerprint(const assay_quiz *q);
/** Notes about the selection (e.g. a type no item allowed), owned by the quiz.
 * A quiz shorter than asked for has one note only, saying so and naming the
 * nearest levels with items (assay_quiz_shortfall_get gives the same as data). */
size_t assay_quiz_warning_count(const assay_quiz *q);
const char *assay_quiz_warning(const assay_quiz *q, size_t i);

/** Why a quiz is short: the pool (topics and levels asked for) ran out. */
typedef struct assay_quiz_shortfall {
    size_t asked; /* questions asked for */
    size_t made;  /* questions made */
    size_t pool;  /* items in the selection */
    /* the nearest levels not asked for whose items in the same topics would
     * fill the quiz (nearest first, as many as it takes, or all there are),
     * and how many items they add; n_levels 0 when no level was asked for
     * or no other level has items */
    int levels[ASSAY_MAX_LEVEL];
    size_t n_levels;
    size_t more;
} assay_quiz_shortfall;

/** 1 with *out filled when q has fewer questions than asked for, else 0. */
int assay_quiz_shortfall_get(const assay_quiz *q, assay_quiz_shortfall *out);

/**
 * The quiz as JSON (docs/json.md); the key only with with_key. The caller
 * frees the string with assay_string_free; NULL when out of memory.
 */
char *assay_quiz_json(const assay_quiz *q, int with_key);

/* ------------------------------------------------------------------------ */
/* Quizzes: grading                                                          */
/* ------------------------------------------------------------------------ */

/** A learner's answer; fill the field the question type uses. */
typedef struct assay_answer {
    int choice;       /* multiple choice, scenario: option index; -1 = none */
    int truth;        /* true/false: 1, 0; -1 = none */
    const int *pairs; /* matching: the right index chosen for each left one (-1 = none) */
    size_t n_pairs;
    const char *text; /* cloze, short, scenario (free text); NULL = none */
} assay_answer;

#define ASSAY_ANSWER_INIT     \
    {                         \
        -1, -1, NULL, 0, NULL \
    }

/** The grade of one answer. Strings and arrays live until assay_grade_free. */
typedef struct assay_grade {
    double score;               /* 0..1 */
    int correct;                /* score == 1 for the exact types; score >= 0.7 for free text */
    int typo;                   /* cloze: accepted as a near miss (small edit distance) */
    const char *matched;        /* cloze: the accepted form it matched, or NULL */
    const char *const *covered; /* free text: concepts of the reference found */
    size_t n_covered;
    const char *const *missed; /* free text: concepts not found */
    size_t n_missed;
    const char *reference; /* the reference answer, as feedback */
    /* appended (issue 10); docs/internals/grading.md */
    double confidence;               /* 0..1: how sure the grader is (1 for the exact types) */
    int needs_review;                /* free text: a person should look at this grade */
    int exact_only;                  /* free text: the reference had no concepts; compared whole */
    const char *const *contradicted; /* free text: concepts the answer turns round */
    size_t n_contradicted;           /* (negated, an opposite, roles swapped) */
} assay_grade;

/** Grades the answer to question i of quiz q. *out is freed with assay_grade_free. */
ASSAY_MUST_CHECK assay_code assay_quiz_grade(assay *a, const assay_engine *e, const assay_quiz *q,
                                             size_t i, const assay_answer *ans, assay_grade **out);

/**
 * Grades a free-text answer against a reference answer by concept coverage
 * (aliases count; particles and word order do not). Term weights come from
 * the engine's bank.
 */
ASSAY_MUST_CHECK assay_code assay_grade_text(assay *a, const assay_engine *e, const char *reference,
                                             const char *answer, assay_grade **out);
/**
 * assay_grade_text with the question asked (may be NULL): the reference's
 * words that only restate the question weigh a quarter, since an answer
 * need not repeat them ("question demoting"). `grade --pairs` passes a line's
 * "question" when it has one.
 */
ASSAY_MUST_CHECK assay_code assay_grade_text_q(assay *a, const assay_engine *e,
                                               const char *question, const char *reference,
                                               const char *answer, assay_grade **out);
void assay_grade_free(assay_grade *g); /* accepts NULL */

/* ------------------------------------------------------------------------ */
/* Quizzes: files for batch grading (docs/json.md, "grade")                  */
/* ------------------------------------------------------------------------ */

/** Default cap of assay_read_file: 64 MiB. */
#define ASSAY_FILE_MAX ((size_t)64 << 20)

/**
 * Reads the whole of `path` ("-" = standard input) into *data (NUL-terminated;
 * the caller frees it with assay_string_free) and its length into *len.
 * ASSAY_EINPUT naming the path ("<stdin>" for "-") when it cannot be opened or
 * read, is a directory, or holds more than `cap` bytes (0 = ASSAY_FILE_MAX;
 * the parameter is "cap").
 */
ASSAY_MUST_CHECK assay_code assay_read_file(assay *a, const char *path, size_t cap, char **data,
                                            size_t *len);

/** A quiz file (`assay quiz --json`) read back: its spec and the fingerprint it claims. */
typedef struct assay_quiz_file assay_quiz_file;

/**
 * Reads a quiz file's bytes; `file` names it in errors. ASSAY_EINPUT for text
 * that is not JSON (FILE:LINE:COL) or a "spec" that is missing or malformed
 * (FILE). *out is freed with assay_quiz_file_free.
 */
ASSAY_MUST_CHECK assay_code assay_quiz_file_read(assay *a, const char *file, const char *data,
                                                 size_t len, assay_quiz_file **out);
/** The knowledge base the quiz was made on (open the engine for it), NULL = all. Owned by qf. */
const char *assay_quiz_file_kb(const assay_quiz_file *qf);
/** The spec in the file (its seed, for recording an attempt). Owned by qf. */
const assay_quiz_spec *assay_quiz_file_spec(const assay_quiz_file *qf);
/**
 * Makes the quiz again from the file's spec on engine e and checks that it is
 * the quiz the file holds (the fingerprint). ASSAY_EINPUT naming the file when
 * the spec is one assay_quiz_generate refuses, or when the quiz is not what
 * its seed gives on this bank (the bank changed, or the file was edited);
 * other codes as assay_quiz_generate. *out is freed with assay_quiz_free.
 */
ASSAY_MUST_CHECK assay_code assay_quiz_file_quiz(assay *a, const assay_engine *e,
                                                 const assay_quiz_file *qf, assay_quiz **out);
void assay_quiz_file_free(assay_quiz_file *qf); /* accepts NULL */

/** A learner's answers file: {"answers": [{"n": 1, "answer": ...}, ...]}. */
typedef struct assay_answer_sheet assay_answer_sheet;

/**
 * Reads an answer sheet's bytes; `file` names it in errors. ASSAY_EINPUT for
 * text that is not JSON (FILE:LINE:COL) or has no "answers" array. Read it
 * against its quiz with assay_answer_sheet_match before asking for answers.
 * *out is freed with assay_answer_sheet_free.
 */
ASSAY_MUST_CHECK assay_code assay_answer_sheet_read(assay *a, const char *file, const char *data,
                                                    size_t len, assay_answer_sheet **out);
/**
 * Files each entry of the sheet under its question of q and reads each
 * answer as that question's type wants (an option letter; true/false, also
 * "참"/"거짓", "O"/"X", "yes"/"no"; one letter per matching entry; text).
 * ASSAY_EINPUT naming the file and the entry for an entry that is not an
 * object, lacks "n", has an "n" that is not one of q's question numbers, or
 * repeats one; naming the file and the question for an answer that cannot
 * answer it. q must outlive the sheet's answers.
 */
ASSAY_MUST_CHECK assay_code assay_answer_sheet_match(assay *a, assay_answer_sheet *s,
                                                     const assay_quiz *q);
/** The answer to question i (0-based) after a match, NULL when unanswered. Owned by s. */
const assay_answer *assay_answer_sheet_get(const assay_answer_sheet *s, size_t i);
void assay_answer_sheet_free(assay_answer_sheet *s); /* accepts NULL */

/**
 * The result of question i of q as one compact JSON object (docs/json.md,
 * "grade": n, type, score, correct, answered, expected, reference, source,
 * typo, covered, missed). The caller frees it with assay_string_free; NULL
 * when out of memory or i is not in q.
 */
char *assay_grade_result_json(const assay_quiz *q, size_t i, int answered, const assay_grade *g);

/** One line of a free-text pairs file (JSON lines), its strings in the same block. */
typedef struct assay_pair_line {
    long line;             /* 1-based line in the file */
    const char *question;  /* NULL when the line has none */
    const char *reference; /* the reference answer */
    const char *answer;    /* the answer to grade */
} assay_pair_line;

/**
 * Reads line number `line` of pairs file `file` (len bytes of text, no
 * newline). A blank line is ASSAY_OK with *out NULL. ASSAY_EINPUT at
 * FILE:LINE for text that is not JSON, not an object, or whose "reference",
 * "answer" (strings) or "question" (a string, optional) is missing or of
 * another type, naming the field and the type found. *out is freed with
 * assay_pair_line_free.
 */
ASSAY_MUST_CHECK assay_code assay_pair_line_read(assay *a, const char *file, long line,
                                                 const char *text, size_t len,
                                                 assay_pair_line **out);
void assay_pair_line_free(assay_pair_line *p); /* accepts NULL */
/**
 * A pair's grade as one compact JSON object (line, score, correct, covered,
 * missed). The caller frees it with assay_string_free; NULL when out of memory.
 */
char *assay_pair_grade_json(const assay_pair_line *p, const assay_grade *g);

/* ------------------------------------------------------------------------ */
/* Quizzes: the built-in quality audit                                       */
/* ------------------------------------------------------------------------ */

typedef struct assay_audit_opts {
    size_t struct_size;
    int seeds;      /* seeds to generate with; default 5 */
    int options;    /* options per multiple-choice question; default 4 */
    int no_derived; /* 1 = measure without derived items (ASSAY_KIND_DERIVED_*) */
} assay_audit_opts;

void assay_audit_opts_init(assay_audit_opts *o);

/**
 * Generates every multiple-choice, true/false and cloze question the bank
 * allows under each seed and measures them (REFERENCES.md §1): naive
 * strategies against the 99% binomial band around 1/k, key positions with a
 * chi-square test, near-duplicate options, own-topic distractors, particle
 * cues after cloze blanks, true/false balance, generation time. *json
 * receives the report (docs/json.md), freed with assay_string_free; *ok
 * (may be NULL) whether every target is met.
 */
ASSAY_MUST_CHECK assay_code assay_audit(assay *a, const assay_engine *e,
                                        const assay_audit_opts *opts, char **json, int *ok);

/* ------------------------------------------------------------------------ */
/* Responses: attempts and graded answers                                    */
/* ------------------------------------------------------------------------ */

typedef enum assay_attempt_kind {
    ASSAY_ATTEMPT_QUIZ = 1,       /* a fixed quiz (a form: every taker gets the same questions) */
    ASSAY_ATTEMPT_ASSESSMENT = 2, /* an adaptive assessment */
    ASSAY_ATTEMPT_REVIEW = 3      /* a spaced review of the items due for one person */
} assay_attempt_kind;

typedef struct assay_attempt_spec {
    size_t struct_size;
    const char *kb; /* the knowledge base; required */
    assay_attempt_kind kind;
    const char *person; /* who takes it; NULL = anonymous */
    const char *form;   /* a quiz: assay_quiz_fingerprint; NULL for an assessment */
    uint64_t seed;
    int simulated; /* 1 for answers drawn by assay_simulate */
} assay_attempt_spec;

void assay_attempt_spec_init(assay_attempt_spec *spec);

/** Starts an attempt; *id identifies it. ASSAY_ENOTFOUND for an unknown kb. */
ASSAY_MUST_CHECK assay_code assay_attempt_open(assay_bank *bank, const assay_attempt_spec *spec,
                                               int64_t *id);

/** One graded answer, as it is stored. Initialise with assay_response_init. */
typedef struct assay_response {
    size_t struct_size;
    const char *item_id; /* the full item id */
    assay_qtype type;
    double score;               /* 0..1 (partial credit for matching and free text) */
    int choice;                 /* option chosen, −1 = none */
    int key;                    /* the correct option, −1 = none */
    const char *const *options; /* the options as shown, in order (multiple choice) */
    size_t n_options;
    const char *answer;     /* free text given, or NULL */
    const char *request_id; /* the client's idempotency key, or NULL */
    double seconds;         /* time taken, < 0 unknown */
} assay_response;

void assay_response_init(assay_response *r);

/**
 * Stores the answer at position seq (1-based) of an attempt. A response whose
 * request_id the attempt already has writes nothing and sets *duplicate (may
 * be NULL); another answer at a taken position is ASSAY_EINPUT.
 */
ASSAY_MUST_CHECK assay_code assay_attempt_respond(assay_bank *bank, int64_t attempt, int seq,
                                                  const assay_response *r, int *duplicate);

/**
 * Stores a whole finished attempt at once, in one transaction: the attempt
 * and its n responses (positions 1..n). *id (may be NULL) receives its id.
 */
ASSAY_MUST_CHECK assay_code assay_attempt_record(assay_bank *bank, const assay_attempt_spec *spec,
                                                 const assay_response *responses, size_t n,
                                                 int64_t *id);

/** Marks an attempt finished. */
ASSAY_MUST_CHECK assay_code assay_attempt_finish(assay_bank *bank, int64_t attempt);

/* ------------------------------------------------------------------------ */
/* Psychometrics: calibration and item analysis                              */
/* ------------------------------------------------------------------------ */

/** Item response models, in slope–intercept form P = 1 / (1 + exp(−(aθ + d))). */
typedef enum assay_model { ASSAY_MODEL_RASCH = 1, ASSAY_MODEL_2PL = 2 } assay_model;

/** "rasch", "2pl". */
const char *assay_model_name(assay_model m);
/** Parses "rasch" (also "1pl") or "2pl"; ASSAY_EUSAGE otherwise. */
ASSAY_MUST_CHECK assay_code assay_model_parse(const char *name, assay_model *out);

/** Called after each EM cycle; returning nonzero stops the calibration. */
typedef int assay_progress_fn(void *userdata, int cycle, double loglik, double change);

typedef struct assay_calib_opts {
    size_t struct_size;
    assay_model model; /* default 2PL */
    double tol;        /* stop when no parameter moves more than this; default 1e-5 */
    int max_cycles;    /* default 2000 */
    int quad_points;   /* quadrature nodes on [−6, 6]; default 61 */
    int real_only;     /* bank: leave simulated attempts out */
    int priors;        /* CSV: 1 = weak priors instead of maximum likelihood */
    int id_column;     /* CSV: the first column names the persons */
    assay_progress_fn *progress;
    void *userdata;
} assay_calib_opts;

void assay_calib_opts_init(assay_calib_opts *o);

/**
 * Calibrates the items of `kb` (NULL: the bank's only one; ASSAY_EUSAGE when
 * it holds several) on every stored response by marginal maximum likelihood
 * (Bock–Aitkin EM) with priors: each item's difficulty is held towards its
 * level's prior and its slope towards 1, so items with few answers stay near
 * the prior. Stores the parameters with the number of answers they rest on
 * (engines opened later use them). *json receives the report (docs/json.md), freed with
 * assay_string_free. ASSAY_ENOTFOUND when there are no responses.
 */
ASSAY_MUST_CHECK assay_code assay_calibrate(assay_bank *bank, const char *kb,
                                            const assay_calib_opts *o, char **json);

/**
 * Calibrates a response matrix from a CSV file (a header row naming the
 * items; rows = persons; cells 0, 1, a fraction, or empty) by maximum
 * likelihood (or with weak priors), storing nothing. Malformed cells are
 * ASSAY_EINPUT with the line and the column (field number) in assay_last_error.
 */
ASSAY_MUST_CHECK assay_code assay_calibrate_csv(assay *a, const char *path,
                                                const assay_calib_opts *o, char **json);

typedef struct assay_analyze_opts {
    size_t struct_size;
    int real_only; /* leave simulated attempts out */
    /* appended: only the attempts of these people (an assessor's group); NULL/0 = everyone's.
     * With users given and none of them has answered, the report has no items. */
    const char *const *users;
    size_t n_users;
} assay_analyze_opts;

void assay_analyze_opts_init(assay_analyze_opts *o);

/**
 * Classical item analysis of the stored responses (Moodle's definitions):
 * per item facility, SD, discrimination index and efficiency, item–total
 * correlations, choice rates per option with non-functioning distractors, and
 * flags; per quiz form Cronbach's alpha, error ratio and standard error.
 * *json receives the report (docs/json.md).
 */
ASSAY_MUST_CHECK assay_code assay_analyze(assay_bank *bank, const char *kb,
                                          const assay_analyze_opts *o, char **json);

/* ------------------------------------------------------------------------ */
/* Adaptive level assessment                                                 */
/* ------------------------------------------------------------------------ */

typedef enum assay_stop_rule {
    ASSAY_STOP_GLR = 0, /* generalised likelihood ratio (fewer items) */
    ASSAY_STOP_SPRT = 1 /* sequential probability ratio test at cut ± delta */
} assay_stop_rule;

/** How questions are spread over the topics once every topic has one. */
typedef enum assay_allocation {
    ASSAY_ALLOC_GAIN = 0, /* where one more answer helps the level decision most */
    ASSAY_ALLOC_SHARE = 1 /* equal shares: the topic with the fewest answers */
} assay_allocation;

#define ASSAY_MAX_CUTS 8

typedef struct assay_assess_spec {
    size_t struct_size;
    const char *const *topics; /* scope: topic numbers or title pieces; NULL/0 = all */
    size_t n_topics;
    unsigned types;       /* question types to ask in turn; default ASSAY_Q_MCQ */
    int options;          /* options per multiple-choice question; default 4 */
    size_t max_items;     /* default 40 */
    size_t min_per_topic; /* answers before a topic may stop; default 2 */
    size_t max_per_topic; /* 0 = no cap */
    int randomesque;      /* choose among the k most informative items; default 3 */
    assay_stop_rule rule;
    assay_allocation allocation; /* default ASSAY_ALLOC_GAIN */
    double alpha, beta;          /* classification error rates; default 0.1, 0.1 */
    double delta;                /* indifference region around each cut; default 0.25 */
    double se_stop;              /* stop a topic at this posterior SD; default 0.3, 0 = off */
    double tau;                  /* SD of topic abilities around the overall; default 0.5 */
    const double *cuts;          /* level cut points on θ, ascending; NULL = the defaults */
    size_t n_cuts;               /* levels − 1 */
    uint64_t seed;
    int no_derived; /* 1 = leave derived items (ASSAY_KIND_DERIVED_*) out of the scope */
    const char *kb; /* scope: only this knowledge base of the engine's; NULL or "" = all */
} assay_assess_spec;

void assay_assess_spec_init(assay_assess_spec *spec);

typedef struct assay_assessment assay_assessment;

/**
 * Starts an adaptive assessment over the engine's items in scope, with the
 * parameters the engine loaded (calibrated, else each level's prior).
 * Free with assay_assess_free.
 */
ASSAY_MUST_CHECK assay_code assay_assess_start(assay *a, const assay_engine *e,
                                               const assay_assess_spec *spec,
                                               assay_assessment **out);

/**
 * Resumes an assessment from assay_assess_state_json: the same answers give
 * the same estimates and the same next question (also a pending one).
 * ASSAY_EINPUT for a state that does not parse or does not fit the engine.
 */
ASSAY_MUST_CHECK assay_code assay_assess_resume(assay *a, const assay_engine *e,
                                                const char *state_json, assay_assessment **out);

void assay_assess_free(assay_assessment *as); /* accepts NULL */

/**
 * The question to ask now, or *q = NULL when the assessment is over. Asking
 * again before an answer returns the same question. The question (with its
 * key, for grading) lives until the next answer or assay_assess_free.
 */
ASSAY_MUST_CHECK assay_code assay_assess_next(assay_assessment *as, const assay_question **q);

/**
 * Grades the answer to the pending question with the engine and records it.
 * *grade (may be NULL) receives the grade, freed with assay_grade_free.
 * ASSAY_EUSAGE when no question is pending.
 */
ASSAY_MUST_CHECK assay_code assay_assess_answer(assay_assessment *as, const assay_answer *ans,
                                                assay_grade **grade);

/** Records an already graded score in [0, 1] for the pending question. */
ASSAY_MUST_CHECK assay_code assay_assess_record(assay_assessment *as, double score);

/**
 * Stores every recorded answer and the state through `bank` from now on: each
 * answer and the new state are written in one transaction. attempt comes from
 * assay_attempt_open (kind assessment); answers recorded before binding are
 * written now.
 */
ASSAY_MUST_CHECK assay_code assay_assess_bind(assay_assessment *as, assay_bank *bank,
                                              int64_t attempt);

/** 1 when no question remains (every topic decided or the length reached); may make the next
 * question. */
int assay_assess_done(assay_assessment *as);
size_t assay_assess_answered(const assay_assessment *as);

/** An ability estimate: EAP with its posterior SD, MAP with its standard error. */
typedef struct assay_ability {
    double eap, psd;
    double map, se;
} assay_ability;

typedef struct assay_topic_level {
    const char *kb;
    const char *topic;
    int topic_number;
    size_t answered;
    assay_ability ability;
    int level;                        /* the most probable level */
    double level_prob;                /* its probability */
    double probs[ASSAY_MAX_CUTS + 1]; /* P(level = l + 1 | answers), l < n_levels */
    const char *status;               /* "open", "classified", "precise", "capped", "exhausted" */
} assay_topic_level;

typedef struct assay_profile {
    size_t answered;
    int done;
    const char *stop; /* "", "decided", "max_items", "no_items" */
    assay_ability overall;
    int overall_level;
    int n_levels;
    double cuts[ASSAY_MAX_CUTS];
    const assay_topic_level *topics;
    size_t n_topics;
} assay_profile;

/** The current profile; lives until the next call on `as`. */
const assay_profile *assay_assess_profile(assay_assessment *as);

/** The profile as JSON (docs/json.md); caller frees with assay_string_free. */
char *assay_assess_profile_json(assay_assessment *as);

/** The whole state as JSON, for assay_assess_resume; caller frees. NULL when out of memory. */
char *assay_assess_state_json(const assay_assessment *as);

/* ------------------------------------------------------------------------ */
/* Simulation                                                                */
/* ------------------------------------------------------------------------ */

typedef struct assay_sim_opts {
    size_t struct_size;
    size_t examinees; /* default 500 */
    size_t max_items; /* the fixed form's length and the assessment's cap; default 45 */
    uint64_t seed;
    int store;               /* store the attempts (simulated) in the bank; default 1 */
    double slope_sd;         /* what-if: slopes drawn from lognormal(0, slope_sd), as a
                              * calibrated 2PL bank might have them (difficulties kept);
                              * 0 = the bank's own parameters (default) */
    assay_assess_spec *spec; /* the assessment's settings; NULL = defaults */
    void (*progress)(void *userdata, size_t done, size_t total);
    void *userdata;
} assay_sim_opts;

void assay_sim_opts_init(assay_sim_opts *o);

/**
 * Draws examinees with known overall and per-topic abilities, answers by the
 * model, and runs (a) the adaptive assessment and (b) a fixed random form of
 * the same length (balanced over topics), at several lengths up to
 * max_items; reports per-topic level accuracy, ability RMSE, items used and
 * the items each design needs to reach the fixed form's accuracy. With store,
 * the full-length attempts are stored as simulated responses (analyze and
 * calibrate read them). *json receives the report (docs/json.md).
 */
ASSAY_MUST_CHECK assay_code assay_simulate(assay *a, const assay_engine *e, assay_bank *bank,
                                           const assay_sim_opts *o, char **json);

/* ------------------------------------------------------------------------ */
/* Sessions: taking a quiz, an assessment or a review, with nothing lost     */
/* ------------------------------------------------------------------------ */

/*
 * A session is one attempt of one person, driven question by question by a
 * front end (the terminal, the web server). It owns what is shown (each
 * question is stored, with its key, when it is first shown), grading, the
 * ability update of an assessment, the review schedule (FSRS-6) and storage:
 * every shown question and every answer is committed as it happens, one
 * transaction per answer, so nothing answered is lost when the process dies;
 * assay_session_resume continues exactly where it stopped. Items answered
 * wrongly in quizzes and assessments enter the person's review deck.
 */
typedef struct assay_session assay_session;

typedef struct assay_session_spec {
    size_t struct_size;
    assay_attempt_kind kind;
    const char *user;          /* the person; NULL or "" = anonymous (no review deck) */
    const char *const *topics; /* scope: topic numbers or title pieces; NULL/0 = all */
    size_t n_topics;
    const int *levels; /* quiz: levels 1..9; NULL/0 = all */
    size_t n_levels;
    size_t count;     /* quiz: questions (default 10); review: at most (default 20) */
    unsigned types;   /* default: quiz all, assessment ASSAY_Q_MCQ, review mcq|cloze|short */
    int options;      /* options per multiple-choice question; default 4 */
    uint64_t seed;    /* 0 = a fresh one */
    size_t max_items; /* assessment: default 40 */
    double retention; /* review: desired retention in (0, 1); default 0.9 */
    int64_t now;      /* the clock in Unix seconds; 0 = the system's (tests fix it) */
    int no_derived;   /* 1 = no derived items (ASSAY_KIND_DERIVED_*): quiz pool, assessment
                         scope and review deck alike */
    const char *kb;   /* quiz and assessment: only this knowledge base of the engine's
                         (topics are named in it; the attempt is stored as its); NULL or
                         "" = all. A review's deck is the person's over all */
} assay_session_spec;

void assay_session_spec_init(assay_session_spec *spec);

/*
 * Starts a session over the engine's items (the engine's knowledge base, or
 * all) and stores the attempt. *out is freed with assay_session_free. A review
 * with nothing due starts and is done at once (assay_session_status: total 0).
 * ASSAY_ENOTFOUND when the scope holds no item.
 */
ASSAY_MUST_CHECK assay_code assay_session_start(assay *a, assay_bank *bank, const assay_engine *e,
                                                const assay_session_spec *spec,
                                                assay_session **out);

/*
 * Continues attempt `attempt` where it stopped: the same questions in the same
 * order with the same options, the same adaptive state. ASSAY_ENOTFOUND for
 * no such attempt, ASSAY_EINPUT when it is finished or its stored state does
 * not fit the engine (e.g. the engine is for another knowledge base).
 */
ASSAY_MUST_CHECK assay_code assay_session_resume(assay *a, assay_bank *bank, const assay_engine *e,
                                                 int64_t attempt, assay_session **out);

/*
 * As assay_session_resume, but opening writes nothing (resume stores the
 * attempt's updated_at at once): for a front end that opens the attempt for
 * each request, where reading the question waiting must not write. The first
 * showing of a position is still stored (assay_session_current), and every
 * answer as always.
 */
ASSAY_MUST_CHECK assay_code assay_session_reopen(assay *a, assay_bank *bank, const assay_engine *e,
                                                 int64_t attempt, assay_session **out);

void assay_session_free(assay_session *s); /* accepts NULL */

/*
 * Opens attempt `attempt` to read it (status, summary, JSON), finished or
 * not, writing nothing; continue an open one with assay_session_resume.
 * Errors as assay_session_resume, but a finished attempt is fine.
 */
ASSAY_MUST_CHECK assay_code assay_session_view(assay *a, assay_bank *bank, const assay_engine *e,
                                               int64_t attempt, assay_session **out);

int64_t assay_session_attempt(const assay_session *s);
/* Who takes it ("" = anonymous); lives as long as s. */
const char *assay_session_user(const assay_session *s);
/* The attempt is finished. */
int assay_session_finished(const assay_session *s);
assay_attempt_kind assay_session_kind(const assay_session *s);

typedef struct assay_session_status {
    size_t position; /* 1-based position of the current question (answered + 1) */
    size_t total;    /* questions planned: the quiz's, the review's, the assessment's cap */
    size_t answered; /* answered or skipped so far */
    size_t skipped;
    int done; /* no question remains */
    /* assessment: topics in scope and those whose level is decided */
    size_t topics, topics_decided;
} assay_session_status;

void assay_session_status_get(assay_session *s, assay_session_status *out);

/*
 * The question to answer now (with its key, for the front end to keep back),
 * or *q = NULL when the session is done. The first call for a position stores
 * the question as shown. Lives until the next submit/skip or free.
 */
ASSAY_MUST_CHECK assay_code assay_session_current(assay_session *s, const assay_question **q);

/* What a front end shows after an answer. Lives until the next call on s. */
typedef struct assay_feedback {
    size_t position;                /* 1-based */
    const assay_question *question; /* the question answered, with its key */
    const assay_grade *grade;       /* score, concepts covered and missed, the reference */
    int skipped;
    int duplicate;       /* the request id had been seen: this is the stored result */
    int rating;          /* review: the FSRS rating applied (1 Again .. 4 Easy), else 0 */
    int64_t due;         /* review: when the item is due again, else 0 */
    int64_t due_if[4];   /* review: the due time each rating 1..4 would give */
    int added_to_review; /* quiz, assessment: the item entered the person's review deck */
} assay_feedback;

/*
 * Grades the answer to the current question and stores it (with the grade,
 * the request id, the updated adaptive state or review card) in one
 * transaction. The same request id again returns the stored result with
 * duplicate set and stores nothing; a stored answer is never changed. An
 * answer of the wrong shape (an option out of range, a pairing of the wrong
 * length, text that is not UTF-8) is ASSAY_EINPUT and stores nothing.
 */
ASSAY_MUST_CHECK assay_code assay_session_submit(assay_session *s, const assay_answer *ans,
                                                 const char *request_id, const assay_feedback **fb);

/* Skips the current question: stored as unanswered (score 0; a review card is not moved). */
ASSAY_MUST_CHECK assay_code assay_session_skip(assay_session *s, const char *request_id,
                                               const assay_feedback **fb);

/*
 * As assay_session_submit and assay_session_skip, for a front end that says
 * which position it answers (a browser with a page that may be stale): a
 * request id the attempt has returns its stored result whatever the
 * position; otherwise a position other than the current one is ASSAY_EINPUT
 * naming "position", and nothing is stored.
 */
ASSAY_MUST_CHECK assay_code assay_session_submit_at(assay_session *s, size_t position,
                                                    const assay_answer *ans, const char *request_id,
                                                    const assay_feedback **fb);
ASSAY_MUST_CHECK assay_code assay_session_skip_at(assay_session *s, size_t position,
                                                  const char *request_id,
                                                  const assay_feedback **fb);

/* Review: replaces the rating of the answer just given (1..4), in its own transaction. */
ASSAY_MUST_CHECK assay_code assay_session_rate(assay_session *s, int rating,
                                               const assay_feedback **fb);

/* Marks the attempt finished (also before its end: the rest stays unanswered). */
ASSAY_MUST_CHECK assay_code assay_session_finish(assay_session *s);

/* One position of a session, for the summary. */
typedef struct assay_session_item {
    size_t position;
    const char *item_id;
    const char *kb;
    const char *topic;
    int level;
    assay_qtype type;
    const char *prompt;
    const char *reference; /* the reference answer */
    const char *source_file;
    long source_line;
    int answered, skipped;
    double score;
} assay_session_item;

typedef struct assay_session_group {
    const char *name; /* a topic title, or a question type's name */
    size_t questions, answered;
    double score; /* sum of scores */
} assay_session_group;

typedef struct assay_session_summary {
    assay_attempt_kind kind;
    int64_t attempt;
    size_t questions, answered, skipped, correct;
    double score; /* sum of scores */
    const assay_session_item *items;
    size_t n_items;
    const assay_session_group *by_topic;
    size_t n_topics;
    const assay_session_group *by_type;
    size_t n_types;
    const assay_profile *profile; /* assessment: the level profile, else NULL */
} assay_session_summary;

/* The session so far; lives until the next call on s. NULL when out of memory. */
const assay_session_summary *assay_session_summary_get(assay_session *s);

/* JSON (docs/json.md): a question without its key, a feedback, the summary.
 * The caller frees each with assay_string_free; NULL when out of memory. */
char *assay_session_question_json(const assay_session *s, const assay_question *q);
char *assay_session_feedback_json(const assay_session *s, const assay_feedback *fb);
char *assay_session_summary_json(assay_session *s);

/* An attempt as listed by assay_bank_attempts. */
typedef struct assay_attempt_info {
    int64_t id;
    assay_attempt_kind kind;
    const char *kb; /* "" when it spans several */
    const char *user;
    int finished;
    int simulated;
    int64_t started_at, updated_at;
    size_t answered;    /* questions answered (skips not counted) */
    double score;       /* sum of scores */
    const char *levels; /* assessment: "topic=level,..." from its state, "" otherwise */
    const char *scope;  /* topics/levels asked for, as JSON text */
} assay_attempt_info;

typedef struct assay_attempt_filter {
    size_t struct_size;
    const char *user; /* NULL = anyone */
    int kind;         /* assay_attempt_kind, 0 = any */
    int status;       /* -1 any, 0 open, 1 finished */
    int include_simulated;
    size_t limit;    /* 0 = all; newest first */
    int64_t attempt; /* appended: only this attempt (still subject to user); 0 = any */
} assay_attempt_filter;

void assay_attempt_filter_init(assay_attempt_filter *f);

ASSAY_MUST_CHECK assay_code assay_bank_attempts(assay_bank *bank, const assay_attempt_filter *f,
                                                assay_list **out);
const assay_attempt_info *assay_list_attempt(const assay_list *list, size_t i);

/* A review card as listed by assay_bank_review_due. */
typedef struct assay_card_info {
    const char *item_id;
    const char *kb;
    const char *topic;
    const char *question;
    int state; /* 0 new, 1 learning, 2 review, 3 relearning */
    double stability, difficulty;
    int64_t due, last_review;
    int reps, lapses;
} assay_card_info;

/* A person's cards due by `due_by` (INT64_MAX = all), soonest first. */
ASSAY_MUST_CHECK assay_code assay_bank_review_cards(assay_bank *bank, const char *user,
                                                    int64_t due_by, assay_list **out);
const assay_card_info *assay_list_card(const assay_list *list, size_t i);

/* ------------------------------------------------------------------------ */
/* Human review of free-text grades (assessors' marks)                       */
/* ------------------------------------------------------------------------ */

/*
 * A free-text grade the grader is not sure of carries needs_review
 * (assay_grade). An assessor lists those answers and marks them: the mark
 * (0..1, who, when, an optional note) is stored beside the response, whose
 * automatic score is kept. A second mark of the same answer replaces the
 * first for everything that uses scores (item analysis, calibration,
 * reports); the earlier marks stay as its history (assay_bank_marks). Only
 * free-text answers (short answer, scenario) of real attempts are marked.
 */

/* Which answers assay_bank_marking lists. */
typedef struct assay_marking_filter {
    size_t struct_size; /* sizeof(assay_marking_filter), set by assay_marking_filter_init */
    const char *kb;     /* the item's knowledge base; NULL = all */
    const char *topic; /* topic number or a part of its title (needs kb when several); NULL = all */
    const char *user;  /* who answered; NULL = anyone */
    int64_t attempt;   /* one attempt; 0 = all */
    int all;           /* 0: answers needing review not yet marked; 1: every free-text answer */
    size_t limit;      /* 0 = all; oldest first */
    /* appended: only the answers of these people (with `user`, both must hold); NULL/0 = anyone */
    const char *const *users;
    size_t n_users;
} assay_marking_filter;

void assay_marking_filter_init(assay_marking_filter *f);

/* A free-text answer as listed by assay_bank_marking. */
typedef struct assay_marking_info {
    int64_t attempt;
    int position; /* in the attempt, from 1; "ATTEMPT:POSITION" names the response */
    const char *kb;
    const char *topic;
    const char *item_id;
    assay_qtype qtype; /* ASSAY_Q_SHORT or ASSAY_Q_SCENARIO */
    const char *user;
    const char *question;
    const char *reference; /* what the answer was graded against */
    const char *answer;
    int64_t answered_at;
    double auto_score; /* the grader's score, kept whatever the marks */
    double confidence; /* the grader's confidence; -1 when the grade was not stored */
    int needs_review;  /* the grader asked for a person to look */
    const char *why;   /* why it needs review, in words ("" when it does not) */
    size_t marks;      /* how many marks it has had */
    double mark;       /* the latest mark, -1 = none */
    const char *marked_by;
    const char *note; /* of the latest mark; NULL = none */
    int64_t marked_at;
} assay_marking_info;

/* Free-text answers to mark, oldest first. An unknown kb or topic is
 * ASSAY_ENOTFOUND. *out is freed with assay_list_free. */
ASSAY_MUST_CHECK assay_code assay_bank_marking(assay_bank *bank, const assay_marking_filter *f,
                                               assay_list **out);
const assay_marking_info *assay_list_marking(const assay_list *list, size_t i);

typedef struct assay_mark_spec {
    size_t struct_size; /* sizeof(assay_mark_spec), set by assay_mark_spec_init */
    int64_t attempt;
    int position;
    double score;     /* 0..1 */
    const char *by;   /* who marks: not empty, at most 200 bytes */
    const char *note; /* NULL or at most 4000 bytes */
    int64_t now;      /* Unix seconds; 0 = the clock */
} assay_mark_spec;

void assay_mark_spec_init(assay_mark_spec *spec);

/*
 * Marks one free-text answer in one transaction; *id (may be NULL) gets the
 * mark's number. ASSAY_EUSAGE for a score outside 0..1 (param "score") or no
 * `by` (param "by"); ASSAY_EINPUT for text that is not UTF-8 or too long, or
 * an answer that is not free text (param "position"); ASSAY_ENOTFOUND for no
 * such attempt or position. Nothing is stored on error.
 */
ASSAY_MUST_CHECK assay_code assay_mark(assay_bank *bank, const assay_mark_spec *spec, int64_t *id);

/* One mark of an answer's history. */
typedef struct assay_mark_info {
    int64_t id;
    double score;
    const char *by;
    const char *note; /* NULL = none */
    int64_t at;
} assay_mark_info;

/* The marks of one answer, oldest first (the last one counts). */
ASSAY_MUST_CHECK assay_code assay_bank_marks(assay_bank *bank, int64_t attempt, int position,
                                             assay_list **out);
const assay_mark_info *assay_list_mark(const assay_list *list, size_t i);

/* ------------------------------------------------------------------------ */
/* Reports                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct assay_report_spec {
    size_t struct_size;
    int64_t attempt;          /* one attempt (its person's report from it alone); 0 = by users */
    const char *const *users; /* one: a person's report; several: an assessor's table */
    size_t n_users;
    const char *format; /* "text" (default), "html", "json", "csv" */
    const char *lang;   /* interface language: "ko" (default) or "en" */
    int64_t now;        /* Unix seconds; 0 = the clock */
} assay_report_spec;

void assay_report_spec_init(assay_report_spec *spec);

/*
 * A report from the stored attempts over the engine's items: for one person
 * the per-topic level profile with the probability of each level, ability
 * with its 90% interval, strengths and gaps, the items answered wrongly with
 * the reference answer, a study list and the cards due; for several people a
 * table and heat map of level per topic. HTML is one self-contained file
 * (inline CSS and SVG). *out (NUL-terminated, *len bytes; len may be NULL)
 * is freed with assay_string_free. ASSAY_ENOTFOUND for a user without
 * attempts or an unknown attempt.
 */
ASSAY_MUST_CHECK assay_code assay_report(assay *a, assay_bank *bank, const assay_engine *e,
                                         const assay_report_spec *spec, char **out, size_t *len);

/* ------------------------------------------------------------------------ */
/* Accounts and sign-ins (the web server's)                                  */
/* ------------------------------------------------------------------------ */

/*
 * An account is a person who signs in to the web server; its name is the
 * `user` of that person's sessions and attempts. Passwords are kept as
 * Argon2id hashes (libsodium's crypto_pwhash_str, interactive limits). A
 * sign-in is one browser's: a random token for its cookie (stored only as its
 * SHA-256, so a copy of the bank signs nobody in), a CSRF token that
 * state-changing requests carry, and an expiry.
 */
#define ASSAY_ACCOUNT_NAME_MAX 64   /* bytes of UTF-8 */
#define ASSAY_PASSWORD_MIN     8    /* bytes */
#define ASSAY_PASSWORD_MAX     1024 /* bytes */
#define ASSAY_SIGNIN_TOKEN_LEN 43   /* base64url of 32 random bytes, without padding */

typedef struct assay_signin {
    char user[ASSAY_ACCOUNT_NAME_MAX + 1];
    char role[16];                          /* "learner", "assessor" or "admin" */
    char token[ASSAY_SIGNIN_TOKEN_LEN + 1]; /* the cookie's value: only from assay_signin_start */
    char csrf[ASSAY_SIGNIN_TOKEN_LEN + 1];
    int64_t expires_at; /* Unix seconds */
} assay_signin;

/*
 * Creates an account. The name: 1 to ASSAY_ACCOUNT_NAME_MAX bytes of UTF-8
 * (stored NFC), no white space, control character, ',' or '/'; the password:
 * ASSAY_PASSWORD_MIN to ASSAY_PASSWORD_MAX bytes. ASSAY_EINPUT naming "name"
 * or "password" for one that breaks these rules or a name that is taken.
 */
ASSAY_MUST_CHECK assay_code assay_account_create(assay_bank *bank, const char *name,
                                                 const char *password);

/*
 * Checks a name and password. ASSAY_ENOTFOUND, with the same message and
 * about the same time for both, when there is no such account or the
 * password is wrong.
 */
ASSAY_MUST_CHECK assay_code assay_account_check(assay_bank *bank, const char *name,
                                                const char *password);

/* Signs an account in for ttl seconds (1 to 10^8): *out receives the tokens.
 * ASSAY_ENOTFOUND for no such account. Expired sign-ins are dropped. */
ASSAY_MUST_CHECK assay_code assay_signin_start(assay_bank *bank, const char *name, int64_t ttl,
                                               assay_signin *out);

/* The sign-in of a cookie's token at time now (0 = the clock); *out's token
 * stays empty. ASSAY_ENOTFOUND for an unknown, malformed or expired token. */
ASSAY_MUST_CHECK assay_code assay_signin_get(assay_bank *bank, const char *token, int64_t now,
                                             assay_signin *out);

/* Signs a token out (nothing happens for an unknown one). */
ASSAY_MUST_CHECK assay_code assay_signin_end(assay_bank *bank, const char *token);

/* An account as listed by assay_bank_accounts (never its password hash). */
typedef struct assay_account_info {
    const char *name;
    const char *role; /* "learner", "assessor" or "admin" */
    int64_t created_at;
} assay_account_info;

/*
 * The accounts, by name (name NULL), or the one named `name` (NFC; a list of
 * one, ASSAY_ENOTFOUND naming "name" when there is none). *out is freed with
 * assay_list_free.
 */
ASSAY_MUST_CHECK assay_code assay_bank_accounts(assay_bank *bank, const char *name,
                                                assay_list **out);
/** Row i of a list from assay_bank_accounts, or NULL if the list holds something else. */
const assay_account_info *assay_list_account(const assay_list *list, size_t i);

/*
 * Sets an account's role: "learner", "assessor" or "admin" (another is
 * ASSAY_EINPUT naming "role"). ASSAY_ENOTFOUND naming "name" for no such
 * account. Sign-ins made before see the new role at their next request.
 */
ASSAY_MUST_CHECK assay_code assay_account_set_role(assay_bank *bank, const char *name,
                                                   const char *role);
/* 1 when `role` is one of the three role names, else 0. */
int assay_role_valid(const char *role);

/* ------------------------------------------------------------------------ */
/* Durable writes (group commit)                                             */
/* ------------------------------------------------------------------------ */

/*
 * A bank commits each transaction without waiting for the disk (SQLite WAL,
 * synchronous = NORMAL: a commit survives the process being killed, not a
 * power loss). A syncer makes commits durable against power loss, many with
 * one fsync: after a write call returns, assay_syncer_wait queues `done`,
 * which the syncer's own thread calls once everything committed to the bank
 * before the call is on disk (rc ASSAY_OK), or when the fsync failed
 * (ASSAY_ESTORAGE: what was committed may be lost on a power loss). Every
 * callback queued while one fsync runs is answered by the next. Any thread
 * may queue; `done` must not block for long (it holds up the others).
 */
typedef struct assay_syncer assay_syncer;
typedef void (*assay_synced_fn)(void *ud, assay_code rc);

/* A syncer for the file of `bank` (opened with any context; the syncer keeps
 * no reference to the bank or its context). Freed with assay_syncer_close. */
ASSAY_MUST_CHECK assay_code assay_syncer_open(assay_bank *bank, assay_syncer **out);
/* Queues `done(ud, rc)`; ASSAY_ENOMEM, or ASSAY_EUSAGE once the syncer is
 * closing, and then `done` is never called. No context: it sets no error. */
ASSAY_MUST_CHECK assay_code assay_syncer_wait(assay_syncer *sy, assay_synced_fn done, void *ud);
/* The same, waiting in the calling thread: returns done's rc. */
ASSAY_MUST_CHECK assay_code assay_syncer_sync(assay_syncer *sy);
/* fsyncs made and callbacks queued so far (either may be NULL). */
void assay_syncer_stats(assay_syncer *sy, uint64_t *syncs, uint64_t *waits);
/* Calls every queued callback (after one more fsync), stops the thread and
 * frees the syncer. Accepts NULL. */
void assay_syncer_close(assay_syncer *sy);

/* ------------------------------------------------------------------------ */
/* Assessors' groups and invites                                             */
/* ------------------------------------------------------------------------ */

/*
 * An assessor (an account; the web server checks the role) owns groups of
 * accounts. An invite is a link to one group that makes whoever opens it a
 * member and starts a given assessment or quiz for them; its token (32
 * random bytes, base64url) is shown once and stored only as its SHA-256.
 * Every call that reads or changes a group takes the `viewer`: the group's
 * owner sees it, anyone else gets ASSAY_ENOTFOUND (param "group") as for a
 * group that does not exist; viewer NULL sees every group (an admin).
 * Errors name the parameter at fault; nothing is stored on error.
 */
#define ASSAY_GROUP_NAME_MAX     100 /* bytes of UTF-8 */
#define ASSAY_INVITE_TOKEN_LEN   43  /* base64url of 32 random bytes, without padding */
#define ASSAY_INVITE_TTL_DEFAULT (7 * 86400)
#define ASSAY_INVITE_TTL_MAX     (90 * 86400)

typedef struct assay_group_info {
    int64_t id;
    const char *name;
    const char *owner;
    int64_t created_at;
    size_t members;
} assay_group_info;

typedef struct assay_member_info {
    const char *user;
    int64_t joined_at;
} assay_member_info;

typedef struct assay_invite_info {
    int64_t id;
    int64_t group;
    const char *group_name;
    const char *owner;
    assay_attempt_kind kind; /* ASSAY_ATTEMPT_ASSESSMENT or ASSAY_ATTEMPT_QUIZ */
    const char *spec_json;   /* {"topics": [..], "levels": [..], "count": n, "max_items": n} */
    int64_t created_at, expires_at;
    int revoked;
    int64_t uses; /* attempts it started */
} assay_invite_info;

/* Creates a group owned by account `owner` (ASSAY_ENOTFOUND param "owner" when
 * there is no such account); the name is 1 to ASSAY_GROUP_NAME_MAX bytes of
 * UTF-8 (ASSAY_EINPUT param "name"). *id (may be NULL) gets its number. */
ASSAY_MUST_CHECK assay_code assay_group_create(assay_bank *bank, const char *owner,
                                               const char *name, int64_t now, int64_t *id);

/* The groups `viewer` sees (NULL = all), oldest first; group != 0: that one
 * only (ASSAY_ENOTFOUND param "group" when the viewer does not see it). */
ASSAY_MUST_CHECK assay_code assay_bank_groups(assay_bank *bank, const char *viewer, int64_t group,
                                              assay_list **out);
const assay_group_info *assay_list_group(const assay_list *list, size_t i);

/* A group's members by joining time; its invites, newest first. */
ASSAY_MUST_CHECK assay_code assay_group_members(assay_bank *bank, const char *viewer, int64_t group,
                                                assay_list **out);
const assay_member_info *assay_list_member(const assay_list *list, size_t i);
ASSAY_MUST_CHECK assay_code assay_group_invites(assay_bank *bank, const char *viewer, int64_t group,
                                                assay_list **out);
const assay_invite_info *assay_list_invite(const assay_list *list, size_t i);

/* 1 when `user` is a member of `group` that viewer sees (0 when not), -1 on
 * error (ASSAY_ENOTFOUND param "group" for a group the viewer does not see). */
int assay_group_has_member(assay_bank *bank, const char *viewer, int64_t group, const char *user);

typedef struct assay_invite_spec {
    size_t struct_size;
    int64_t group;
    const char *viewer;        /* who creates it: must see the group (NULL = any) */
    assay_attempt_kind kind;   /* ASSAY_ATTEMPT_ASSESSMENT (default) or ASSAY_ATTEMPT_QUIZ */
    const char *const *topics; /* topic numbers or title pieces; NULL/0 = all */
    size_t n_topics;
    const int *levels; /* quiz: levels 1..9; NULL/0 = all */
    size_t n_levels;
    size_t count;       /* quiz questions, 1..500; 0 = the session's default */
    size_t max_items;   /* assessment, 1..500; 0 = the session's default */
    int64_t expires_in; /* seconds, 1..ASSAY_INVITE_TTL_MAX; 0 = ASSAY_INVITE_TTL_DEFAULT */
    int64_t now;        /* Unix seconds; 0 = the clock */
} assay_invite_spec;

void assay_invite_spec_init(assay_invite_spec *spec);

/* Creates an invite: token gets its token (shown once), *id (may be NULL) its number. */
ASSAY_MUST_CHECK assay_code assay_invite_create(assay_bank *bank, const assay_invite_spec *spec,
                                                char token[ASSAY_INVITE_TOKEN_LEN + 1],
                                                int64_t *id);

/* Revokes an invite of `group`, named by its token or (token NULL) its id;
 * ASSAY_ENOTFOUND param "invite" when the group has no such invite. */
ASSAY_MUST_CHECK assay_code assay_invite_revoke(assay_bank *bank, const char *viewer, int64_t group,
                                                const char *token, int64_t id);

/* The invite of a token that is neither revoked nor expired at `now` (0 = the
 * clock), as a list of one row; ASSAY_ENOTFOUND param "token" otherwise. */
ASSAY_MUST_CHECK assay_code assay_invite_lookup(assay_bank *bank, const char *token, int64_t now,
                                                assay_list **out);

/*
 * Accepts an invite for account `user`: makes them a member (once) and starts
 * the invite's attempt through assay_session_start, or, when the invite
 * started one for them that is still open, resumes that one (*resumed = 1).
 * Errors as assay_invite_lookup and assay_session_start. *out is freed with
 * assay_session_free. Idempotent also when one account accepts one invite
 * from many threads or processes at once: the attempt, the membership and
 * the invite's use are stored in one transaction that looks again for an
 * open attempt under the write lock, so one attempt is started and every
 * other accept resumes it (nothing of a losing start is kept).
 */
ASSAY_MUST_CHECK assay_code assay_invite_accept(assay *a, assay_bank *bank, const assay_engine *e,
                                                const char *token, const char *user, int64_t now,
                                                assay_session **out, int *resumed);

/*
 * The latest level per topic of each member of a group, from the same replay
 * as the team report (assay_report). *json (docs/json.md "group results";
 * freed with assay_string_free): {"group", "topics": [{"id", "title"}],
 * "members": [{"user", "attempts", "last_at"|null, "levels": [{"topic",
 * "level"|null, "probability"|null}]}]}; null where a member was never assessed.
 */
ASSAY_MUST_CHECK assay_code assay_group_results(assay *a, assay_bank *bank, const assay_engine *e,
                                                const char *viewer, int64_t group, char **json);

/* A member's report (assay_report with that one user); ASSAY_ENOTFOUND param
 * "user" when `spec->users[0]` is not a member of the group. */
ASSAY_MUST_CHECK assay_code assay_group_report(assay *a, assay_bank *bank, const assay_engine *e,
                                               const char *viewer, int64_t group,
                                               const assay_report_spec *spec, char **out,
                                               size_t *len);

/* Item analysis (assay_analyze) of the members' attempts over the engine's
 * knowledge base. */
ASSAY_MUST_CHECK assay_code assay_group_analyze(assay_bank *bank, const assay_engine *e,
                                                const char *viewer, int64_t group, char **json);

/* The members' free-text answers needing review (assay_bank_marking). */
ASSAY_MUST_CHECK assay_code assay_group_marking(assay_bank *bank, const char *viewer, int64_t group,
                                                assay_list **out);

/* Marks an answer (assay_mark, by `spec->by`) only when it is a member's of a
 * group the viewer sees; ASSAY_ENOTFOUND param "response" otherwise. */
ASSAY_MUST_CHECK assay_code assay_group_mark(assay_bank *bank, const char *viewer,
                                             const assay_mark_spec *spec, int64_t *id);

/* ------------------------------------------------------------------------ */
/* Text utilities for front ends                                             */
/* ------------------------------------------------------------------------ */

/**
 * Display width in terminal columns of `len` bytes of UTF-8 (Hangul and other
 * wide characters count 2, combining marks 0), measured after NFC. Invalid
 * bytes count 1 each.
 */
size_t assay_text_width(const char *s, size_t len);

/**
 * Byte length of the longest prefix of `len` bytes of UTF-8 (NFC) that fits in
 * `cols` terminal columns, never splitting a character.
 */
size_t assay_text_prefix(const char *s, size_t len, size_t cols);

/**
 * NFC-normalises `len` bytes of UTF-8 into a new NUL-terminated string the
 * caller frees with assay_string_free; NULL on invalid UTF-8 or out of memory.
 */
char *assay_text_nfc(const char *s, size_t len);

/* ------------------------------------------------------------------------ */
/* Export to other systems (docs/formats.md)                                 */
/* ------------------------------------------------------------------------ */

/*
 * Formats: "gift" (Moodle GIFT), "moodle-xml", "qti21" and "qti30" (IMS QTI
 * content packages, zip), "anki" (.apkg), "anki-text" (Anki's text import),
 * "csv", "json". What each carries and what it cannot: docs/formats.md.
 */
typedef struct assay_export_spec {
    size_t struct_size; /* sizeof(assay_export_spec), set by assay_export_spec_init */
    const char *format; /* one of the names above; required */
    /* A quiz: the bytes of a quiz file (`assay quiz --print --json`), made again
     * from its spec and checked by its fingerprint (assay_quiz_file_quiz);
     * quiz_file names it in errors. NULL = the bank's items instead. */
    const char *quiz_json;
    size_t quiz_len;
    const char *quiz_file;
    /* Or the bank's active items, each as a short-answer question (the
     * reference answer its key), filtered like assay_item_filter: */
    const char *kb;    /* NULL = all knowledge bases */
    const char *topic; /* number or part of a title; NULL = all */
    int level;         /* 1..9, 0 = all */
    assay_kind kind;   /* ASSAY_KIND_ANY = all */
    int no_derived;    /* 1 = leave derived items out */
} assay_export_spec;

void assay_export_spec_init(assay_export_spec *spec);

/*
 * Writes the selection (or the quiz) in spec->format into *out (*len bytes,
 * NUL-terminated after them; freed with assay_export_free). e: the engine the
 * quiz is made on; NULL = opened here for the quiz file's knowledge base (not
 * needed for the bank's items). ASSAY_EUSAGE naming "format" for an unknown
 * format or one this build lacks; ASSAY_ENOTFOUND when nothing is selected
 * (or an unknown kb or topic); ASSAY_EINPUT naming the quiz file for a bad
 * one; a writer's failure as its code with its message.
 */
ASSAY_MUST_CHECK assay_code assay_export(assay *a, assay_bank *bank, const assay_engine *e,
                                         const assay_export_spec *spec, unsigned char **out,
                                         size_t *len);
void assay_export_free(unsigned char *out); /* accepts NULL */
/** 1 when this build writes `format`, else 0. */
int assay_export_available(const char *format);
/** The Content-Type of a format's bytes ("text/plain; charset=utf-8"), NULL when unknown. */
const char *assay_export_content_type(const char *format);
/** The usual file extension without the dot ("gift.txt", "xml", "apkg"), NULL when unknown. */
const char *assay_export_extension(const char *format);

#ifdef __cplusplus
}
#endif
#endif /* ASSAY_H */
