/*
 * gen — quiz generation from an indexed bank (the engine), and the cue
 * measures that the built-in audit applies to what it generates.
 *
 * The engine is built once per bank (items, TF-IDF vectors, aliases, topic
 * and level groups) and is read-only afterwards; a quiz is generated from it
 * with its own seeded RNG, so the same seed and bank give the same quiz.
 * Item-writing rules followed: REFERENCES.md §1 (plausible, homogeneous
 * distractors of similar length, no "all/none of the above", key position
 * drawn at random, no clang associations, neutral particles after blanks).
 */
#ifndef ASSAY_GEN_GEN_H
#define ASSAY_GEN_GEN_H

#include "assay.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/hash.h"
#include "core/rng.h"
#include "store/store.h"
#include "text/alias.h"
#include "text/index.h"
#include "text/morph.h"
#include "text/stem.h"

#include <pthread.h>

#include <stdint.h>

typedef enum cue { CUE_LONGEST, CUE_SHORTEST, CUE_STEM_OVERLAP, CUE_MOST_SIMILAR, CUE__COUNT } cue;

/* Form of an option text, for homogeneous options. */
enum {
    FORM_CODE = 1,  /* has a code span */
    FORM_LIST = 2,  /* an enumeration (two or more commas) */
    FORM_LATIN = 4, /* mostly Latin letters */
};

/* The 3-byte windows of a text (ASCII folded) as 256 bits: when a text b is
 * inside a text a, every bit of b's set is in a's, so a missing bit proves
 * "not inside" without a search (the in-quiz rules, issue 9: speed). */
typedef struct gen_bloom {
    uint64_t w[4];
} gen_bloom;
void gen_bloom_of(const char *s, size_t n, gen_bloom *b);
/* Whether every bit of `part` is in `whole` (then part may be inside whole). */
static inline int gen_bloom_may_hold(const gen_bloom *whole, const gen_bloom *part)
{
    return !((part->w[0] & ~whole->w[0]) | (part->w[1] & ~whole->w[1]) |
             (part->w[2] & ~whole->w[2]) | (part->w[3] & ~whole->w[3]));
}

/* An option's words as the text-level clang solver reads them
 * (cue_clang_mask), split once at engine build: the option folded (tok_key),
 * its words, and each word's transliteration skeleton (sk[k] bytes). */
typedef struct clang_words {
    const char *f;       /* NULL: not worked out (cue_clang_mask_item splits the option) */
    const struct tok *t; /* text/tok.h */
    const char *const *skel;
    const uint8_t *sk;
    uint32_t n;
} clang_words;

/* A cloze candidate: bytes [off, off + len) of the option or the answer. */
typedef struct g_cloze {
    uint32_t off, len;
    float score;
    int32_t alias; /* index into the alias table, -1 if none */
} g_cloze;

/* An authored wrong option (assay_item_info.distractors) as the cue
 * measures and the audit see an option (engine.c). */
typedef struct g_authored {
    const char *text;
    size_t width;          /* display width */
    const uint64_t *terms; /* content-word hashes */
    uint32_t n_terms;
    tx_vec v;
} g_authored;

typedef struct g_item {
    const char *id;
    const char *kb;
    size_t topic; /* index into engine topics */
    int kind;     /* assay_kind */
    int level;
    int version;
    const char *question;
    const char *answer;
    const char *source_file;
    long source_line;
    /* the answer as an option: its first sentence, cut at a clause if long */
    const char *option;
    const char *option_fold; /* the option with ASCII letters lowercased */
    uint64_t option_hash;    /* FNV-1a of the option (gen_text_hash) */
    uint64_t question_hash;  /* FNV-1a of the question */
    gen_bloom option_bloom;  /* gen_bloom_of the option */
    /* the option's terms for the near-leak rule (gen_near_terms) and their
     * mask (gen_near_mask), beside the option's bloom: what the in-quiz check
     * of a candidate reads (gen_excl_item: one or two cache lines) */
    const uint64_t *nterms;
    uint32_t n_nterms;
    gen_bloom nmask;
    int hedge;       /* the option is a hedge ("상황에 따라 다름"): never shown */
    size_t option_w; /* display width */
    unsigned form;
    tx_vec vq, va, vo;
    /* precomputed for generation: content-word hashes of the question and
     * the option, and the option's character bigrams (sorted) */
    const uint64_t *qterms, *oterms, *obig, *aterms;
    uint32_t n_qterms, n_oterms, n_obig, n_aterms;
    /* the option's parts as an answer (gen_answer_parts, part p is
     * kp_terms[kp_start[p] .. kp_start[p + 1])) */
    const uint64_t *kp_terms;
    const uint32_t *kp_start;
    uint32_t n_kp;
    /* worked out at build too, so that no candidate question's texts are
     * split into words again during generation: the near-leak terms of the
     * question (a prompt, a matching row) with their mask; scenarios: the
     * prompt (question and situation, `sprompt`, the very string the
     * scenario shows) with its terms and mask; the parts of the reference
     * answer (the answer, a scenario's decision), like kp_ */
    const uint64_t *qnterms;
    uint32_t n_qnterms;
    gen_bloom qnmask;
    /* gen_bloom_of the question, of the scenario prompt and of the reference
     * answer (rp_: the answer, a scenario's decision), for the in-quiz
     * rules (gen_near_prepare) */
    gen_bloom question_bloom, sprompt_bloom, ref_bloom;
    const char *sprompt;
    const uint64_t *spterms;
    uint32_t n_spterms;
    gen_bloom spmask;
    const uint64_t *rp_terms;
    const uint32_t *rp_start;
    uint32_t n_rp;
    /* aliases named in the option: indexes into the engine's alias table,
     * by the side that appears */
    uint16_t *al_ko, *al_en;
    uint16_t n_al_ko, n_al_en;
    /* the terms the option carries in either language: its own, the other
     * side of its aliases, the other spellings of its thesaurus groups
     * (sorted; what the clang rule counts as repeating a stem word) */
    const uint64_t *cterms;
    uint32_t n_cterms;
    /* what the question asks and the form of its answer (text/stem.h), the
     * class distractors must share (stem type × form, a definition counted
     * as prose), whether the answer fits the question at all (else no mcq or
     * true/false), and the question's distinctive words (content words that
     * do not only say what is asked) */
    uint8_t stem_type, answer_form, fits;
    uint16_t klass;
    const uint64_t *dterms;
    uint32_t n_dterms;
    /* own-topic distractor candidates, worked out at build: same class, not
     * too close, not asking the same thing, not part of this answer */
    uint32_t *cands;
    uint32_t n_cands;
    /* other topics' candidates of its knowledge base, worked out at build:
     * the same class and level (or a neighbouring one), compatible, related
     * (gen.c, related_elsewhere), the most similar first */
    uint32_t *rel;
    float *rel_sim;
    uint32_t n_rel;
    /* per option count k (3..5): the probability of each length rank of the
     * key (distractors shorter than it), among the ranks the own topic can
     * fill, balanced over the bank so that each rank comes 1/k of the time;
     * all 0 = draw uniformly (gen_prepare) */
    float rank_p[6][5];
    /* the question repeats a term of its own option (a word, an alias in
     * either language, a transliteration: Token Bucket ↔ 토큰): it matches
     * by word, not by knowledge (matching sets leave it out) */
    uint8_t self_echo;
    /* the question refers to what comes before it ("이 기능들을", "these
     * features", "위의"): context is the question before it in its block */
    uint8_t needs_context;
    /* its option spells out the stem's acronym or translates a stem word
     * (PACELC → Partition … Else … Latency; 계층적 → 여러 수준) and no
     * candidate of its topic does: not asked as multiple choice (gen_prepare) */
    uint8_t mc_gives_away;
    /* the stem units of the text-level clang solver (cue_clang_units) its
     * option carries, bit x for unit x (gen_prepare): 0 = none, and then
     * multiple choice needs no text-level clang check */
    uint32_t clang_mask;
    /* those units (cue_clang_units of its question) when clang_mask is set,
     * packed at build for choose_options (gen.c, clang_units_keep: per unit
     * its count, then per spelling its mode, length and bytes) */
    const uint8_t *clang_units;
    uint32_t n_clang_units;
    /* its option's words for cue_clang_mask_item (engine build) */
    clang_words clang_words;
    /* its option only spells out its stem's acronym in English: no
     * distractor for another item (gen_prepare) */
    uint8_t expansion;
    /* its option orders things with an arrow (A → B, A -> B; gen_prepare):
     * an order, no distractor for a key that is none */
    uint8_t chain;
    /* its option translates a stem word (match_tr): true only by its words,
     * never a true statement (gen_tf) */
    uint8_t tf_echo;
    /* the shape bits of its option (answer_shape: a URL path, a formula, a
     * list of header fields, an arrow), whether its question names two
     * things (stem_names_two, not a comparison) and its option is a
     * two-sided "A는 …, B는 …" (answer_classify), and whether it asks a law
     * (stem_asks_law); gen_prepare. A distractor shares the key's shape bits,
     * its two-sidedness for a stem naming two things, and its being a law
     * (gen_compatible; the review of seed 5309, defect 1) */
    uint8_t shape, names_two, opt_split, law;
    /* its head noun (question + head_off, head_len bytes; 0 = none), and
     * whether a false statement must answer a question of that head
     * (gen_tf; worked out in gen_prepare) */
    uint16_t head_off;
    uint8_t head_len, head_asks;
    /* true/false (tf_prepare, at build): the false statements a reader
     * would weigh (items, the most similar first; gen_tf filters them by the
     * quiz's exclusions), and the chances, per mille, that a statement is
     * drawn true and that an item whose statement can only be false is
     * asked at all: set per stem type so that each type's statements are
     * true half the time (the stem-type solver, audit.c) */
    uint32_t *tf_false;
    uint32_t n_tf_false;
    uint16_t tf_true_pm, tf_keep_pm;
    /* a definition's head noun when it names a kind of thing ("Saga 패턴이란?"
     * → 패턴: a word that heads two or more defined terms of the bank), as a
     * term hash, 0 = none; and whether its option says what a thing is
     * like ("…하는 것": a property, not an action or a thing) (tf_prepare) */
    uint64_t tf_kind;
    uint8_t tf_property;
    /* what its full answer and its option set per something ("리전별
     * Gateway", "유형(Web, Mobile)별로 전용 Gateway"): the hashes of the
     * words each "X별" distributes (heads) and of X (gen_prepare); a
     * candidate whose option sets the key's heads per something, or per the
     * key's X about the key's subject, is a second correct answer */
    uint64_t dist_ah[6], dist_ax[3], dist_oh[6], dist_ox[3];
    uint8_t n_dist_ah, n_dist_ax, n_dist_oh, n_dist_ox;
    /* the full answer's clauses of two to four content words (hashes,
     * clause c is cl_terms[cl_start[c] .. cl_start[c + 1])) and the option's
     * content words, same hashes (gen_prepare): a candidate holding a whole
     * clause of the key's answer names what the key names */
    const uint64_t *cl_terms, *ow_terms;
    const uint16_t *cl_start;
    uint16_t n_cl, n_ow;
    /* the question's content words and the option's list members of three
     * words at most, same hashes (gen_prepare): a candidate that lists the
     * stem's own term ("API Gateway, 로드 밸런서, …" for "대표적인 API Gateway
     * 솔루션은?") answers another question */
    uint64_t qw[12], li[8][3];
    uint8_t n_qw, n_li, li_n[8];
    /* what its answer names (gen_prepare, names_prepare): the option's
     * first content word, the question's content words less cue words, and
     * the full answer's words outside brackets with their clause (clauses
     * of at most four content words), each as its matching form and its
     * transliteration skeleton (Scaling ↔ 스케일링); a candidate whose own
     * first word and subject one clause of the key's full answer names
     * ("정확한 메트릭 기반 스케일링" for Auto Scaling's "메트릭(CPU, …)을
     * 모니터링하여 …") is a second correct answer */
    const struct g_nword *nm_a;
    struct g_nword {
        uint64_t h, sk; /* sk 0: none */
        uint8_t latin, clause;
    } nm_head, nm_q[8];
    uint8_t n_nm_q, has_nm_head, nm_q_opt; /* nm_q_opt: bit q, nm_q[q] is in the option too */
    uint16_t n_nm_a;
    /* a scenario: the items of its topic whose option shares a strategy word
     * with its full decision (캐싱 for "CDN/캐시 최대 활용", 스케일링 for
     * "사전 스케일 아웃"), themselves right for the situation (gen_prepare):
     * never its options */
    const uint32_t *scen_right;
    uint32_t n_scen_right;
    const char *context;
    /* how many others of its knowledge base ask the same kind of question
     * (the same matching class, g_pool_key.match_kind) and could stand
     * beside it in a matching set (gen.c, match_prepare) */
    uint8_t match_peers;
    /* matching (match_prepare): one bit per distinctive term of the question
     * (dterms) and per term the option carries (cterms), bit = term % 64 —
     * the cheap test before "this response fits that premise too" */
    uint64_t match_qmask, match_omask;
    /* matching: which pairs of the translation tables (match_tr, then
     * match_lure_tr) have their premise side in the question (trq) and their
     * response side in the option (tro), one bit per pair */
    uint64_t match_trq[2], match_tro[2];
    /* non-scenario items: the item's place in its topic's items, and its row
     * of the topic's pairwise option cosines and near-duplicate verdicts
     * (worked out once at build: most candidates come from the own topic) */
    uint32_t topic_pos;
    const double *cos_row;
    const uint8_t *dup_row;
    /* scenarios: what the learner is told, and the decision (the key) */
    const char *situation;
    const char *decision;
    const uint64_t *sterms; /* content-word hashes of the prompt (title and situation) */
    uint32_t n_sterms;
    /* item response model (slope–intercept): the bank's current calibration,
     * else the prior from the item's level (irt/model.h); irt_n answers */
    double irt_a, irt_d, irt_n;
    int calibrated;
    /* cloze: the blankable key terms of the option (0) and of the whole
     * answer (1), best first, worked out at build (gen_prepare); what a quiz
     * adds is only whether it shows one elsewhere */
    const struct g_cloze *cz[2];
    uint8_t n_cz[2];
    /* the author's wrong options (GIFT, Moodle XML, CSV, Markdown multiple
     * choice): with two or more, multiple choice shows these beside the
     * answer instead of generated ones, and true/false may state one */
    const g_authored *authored;
    uint32_t n_authored;
} g_item;

typedef struct g_topic {
    const char *kb;
    const char *title;
    int number;
    uint32_t *items; /* non-scenario items */
    size_t n, cap;
    uint32_t *scenarios;
    size_t n_scen, cap_scen;
    /* its derived definitions that may stand in matching sets (gen.c,
     * match_prepare): not among items, which multiple choice draws from */
    uint32_t *match_extra;
    size_t n_match_extra;
    int n_levels; /* levels in the topic's knowledge base (its highest item level) */
    /* the title as a shown text (a matching set's prompt): its near-leak
     * terms, their mask and its bloom (gen_near_prepare) */
    const uint64_t *title_terms;
    uint32_t n_title_terms;
    gen_bloom title_mask, title_bloom;
} g_topic;

#define ENGINE_CLASSES (STEM__COUNT * FORM__COUNT)

/*
 * An engine is built once and then only read: every generation and grading
 * call takes it const, and errors go to the caller's errinfo, so one engine
 * serves several threads at once.
 */
/* What a quiz's pool is chosen by and what its in-quiz checks look at first,
 * per item in one small array (a quiz scans every item, and tests many as
 * options: the scans stay in this array instead of the items and their texts) */
typedef struct g_pool_key {
    uint64_t option_hash; /* g_item.option_hash */
    uint32_t topic;
    int16_t level;
    uint32_t kb;        /* the same number for the same knowledge base name */
    uint8_t derived;    /* a derived item (ASSAY_KIND_DERIVED_*) */
    uint8_t has_option; /* a non-empty option */
    /* its matching class when it may stand in a matching set (an option, no
     * hedge, no self echo, no context needed, a kind of question whose
     * answers share one form, a pair that does not give itself away), else
     * 255 (gen.c, match_prepare; gen_match) */
    uint8_t match_kind;
} g_pool_key;

/* A cache a reader of the engine may fill (grade.c: the neighbours of the
 * references it has graded), under its own lock; freed with the engine. */
struct engine_cache {
    pthread_mutex_t lock;
    void *grade;                /* owned by grade.c; NULL until first used */
    void (*free_grade)(void *); /* how to free it */
};

struct assay_engine {
    arena mem;
    tx_index idx;
    alias_table aliases;
    morph *morph; /* word analysis: the bank's words learned at build (text/morph.h) */
    struct engine_cache *cache; /* what grading keeps of the references it has seen */
    g_item *items;
    size_t n_items;
    g_pool_key *pool_keys; /* n_items */
    g_topic *topics;
    size_t n_topics;
    uint32_t *by_level[ASSAY_MAX_LEVEL + 1]; /* non-scenario items; [0] = no level */
    size_t n_by_level[ASSAY_MAX_LEVEL + 1], cap_by_level[ASSAY_MAX_LEVEL + 1];
    uint32_t *scenarios;
    size_t n_scenarios, cap_scenarios;
    /* non-scenario items by class (g_item.klass) and level ([0] = none) */
    uint32_t *by_class[ENGINE_CLASSES][ASSAY_MAX_LEVEL + 1];
    size_t n_by_class[ENGINE_CLASSES][ASSAY_MAX_LEVEL + 1];
    char kb[256]; /* "" = all knowledge bases */
    /* option words -> items: sorted distinct term hashes, and for term t the
     * items post_items[post_start[t] .. post_start[t + 1]) */
    uint64_t *post_terms;
    uint32_t *post_start;
    uint32_t *post_items;
    size_t n_post_terms;
    /* key terms a cloze may blank (sorted content-word hashes): words of the
     * topic titles, the head words of the level blocks' sub-topic lines and of
     * questions (issue 9, point 8) */
    uint64_t *key_terms;
    size_t n_key_terms;
    /* per option count (3..5): the probability of aiming each cue at the
     * key, calibrated on this bank (gen_calibrate) */
    struct {
        double p[CUE__COUNT];
    } cal[6];
    /* the authors' thesaurus rows (kb/thes.h), for the grader (grade/thes.c) */
    const char **thes;
    size_t n_thes;
    /* derived items (gen/derive.c): their details, the topics' vocabularies */
    struct derive_index *dx;
};

/* Whether candidate c may be a distractor (or false statement) for key:
 * same class, and not a second correct answer — its question asks nearly the
 * same thing (the same text, or the same type about more than half the same
 * words) or its option repeats the key's full answer (engine.c). */
int gen_compatible(const g_item *key, const g_item *c);

/* Builds the option-word index (engine.c). */
int engine_postings(assay_engine *e);
/* The items whose option has term h (at most *n of them, in item order). */
const uint32_t *engine_posting(const assay_engine *e, uint64_t h, size_t *n);

/* Per item, its own-topic distractor candidates; per class and level, the
 * items (gen.c). */
int gen_prepare(assay_engine *e);

/* Measures what the cue targets achieve on the engine's bank (see gen.c). */
int gen_calibrate(assay_engine *e);

/* What an engine is built from: rows read from the bank by the caller
 * (api/quiz.c), so gen depends on nothing above it. */
typedef struct engine_input {
    const char *kb;               /* "" or NULL = all knowledge bases */
    const assay_item_info *items; /* in knowledge-base and document order */
    size_t n_items;
    const char *const *concepts; /* the topics' concept texts (aliases are mined from them) */
    size_t n_concepts;
    const store_param *params; /* the bank's current item parameters (any order) */
    size_t n_params;
    const store_thes *thes; /* the knowledge bases' thesauri (spellings joined by '|') */
    size_t n_thes;
} engine_input;

/* Builds an engine; *out is freed with engine_free. */
assay_code engine_build(const engine_input *in, errinfo *err, assay_engine **out);
void engine_free(assay_engine *e);
/* The engine's index of the item with this full id, or -1. */
long engine_find(const assay_engine *e, const char *id);

/* One generated question: assay_question plus what generation knows. */
typedef struct g_question {
    assay_question pub;
    uint32_t item;          /* the item asked about (matching: the first) */
    uint32_t *option_items; /* mcq/scenario: the item behind each option */
    uint32_t *pair_items;   /* matching: the item of each left entry */
    int64_t statement_item; /* true/false: the item whose option is a false statement, else -1 */
    /* mcq from authored options: per option, the index into the item's
     * authored options, -1 for the key (option_items are then all the item
     * itself); NULL when the options are generated */
    const int16_t *authored;
    int own_topic_distractors;
    int distractors;
} g_question;

struct assay_quiz {
    arena mem;
    assay_quiz_spec spec; /* copied into mem */
    char kb[256];         /* the engine's knowledge base, "" = all */
    g_question *qs;
    size_t n;
    char fingerprint[HASH_HEX_LEN + 1];
    char **warnings;
    size_t n_warnings, cap_warnings;
    int short_of; /* fewer questions than asked for */
    assay_quiz_shortfall shortfall;
};

/*
 * What a quiz has shown so far (built by gen/quiz.c): the generators leave
 * out items it has shown (a distractor at most once per quiz, no key shown
 * as another question's option) and blanks it would give away. NULL: a
 * question on its own, nothing left out.
 */
typedef struct gen_excl gen_excl;
/* Whether item i may not be shown in this quiz (asked or shown already, or its
 * option would show another question's answer). 0 for x == NULL. */
int gen_excl_item(const gen_excl *x, uint32_t i);
/* The same for a matching pair beside the asked item: in a quiz of matching
 * sets only, an item kept for a later question may stand in the set. */
int gen_excl_pair_item(const gen_excl *x, uint32_t i);
/* Whether the quiz's level filter lets an item of this level in (matching
 * pairs beside the asked item). 1 for x == NULL. */
int gen_excl_level(const gen_excl *x, int level);
/* Whether the quiz asked item i's question text already. 0 for x == NULL. */
int gen_excl_asked(const gen_excl *x, uint32_t i);
/* The items of the quiz's matching sets so far (their pairs) into *items;
 * their count. 0 for x == NULL. */
size_t gen_excl_match_items(const gen_excl *x, const uint32_t **items);
/* Whether the matching set of items[0..n) (item the one asked about, prompt
 * its prompt) would be refused by the quiz's rules (leaks and repeats), as
 * the quiz checks a set once made: gen_match asks before building it. 0 for
 * x == NULL. */
#define MATCH_SET_MAX 8
int gen_excl_match_conflicts(const gen_excl *x, uint32_t item, const char *prompt,
                             const uint32_t *items, size_t n);
/* Whether item i anchored no matching set earlier in the quiz (gen_match:
 * not tried again), and the note that it did not. 0, and nothing, for
 * x == NULL. */
int gen_excl_match_failed(const gen_excl *x, uint32_t i);
void gen_excl_match_failed_set(const gen_excl *x, uint32_t i);
/* Whether the quiz leaves derived items out (matching: no derived
 * definition beside the asked item). 0 for x == NULL. */
int gen_excl_no_derived(const gen_excl *x);
/* Whether the n bytes at s (a cloze term) stand in a text the quiz shows
 * (ASCII case folded). 0 for x == NULL. */
int gen_excl_shown(const gen_excl *x, const char *s, size_t n);
/* Whether s (n bytes, ASCII case folded) is one of the answers the quiz
 * keeps secret so far, whole (an earlier cloze's accepted form, a key). */
int gen_excl_secret(const gen_excl *x, const char *s, size_t n);

/* The near-leak rule (issue 9, point 6; gen/quiz.c, and the audit): a text
 * shown by one question gives away an answer (key option, cloze answer,
 * short or scenario reference answer, matching answer) of another when it
 * carries most — more than half, and at least NEAR_MIN_TERMS — of the
 * distinctive terms of a part of the answer. The parts (of at least
 * NEAR_MIN_TERMS terms): the answer without what it puts in brackets, and
 * each of its clauses (cut at ',', ';', a line or sentence end) when it has
 * several. Terms: gen_near_terms; distinctive: less those in the options of
 * more than 1/NEAR_COMMON_SHARE of the bank's items (and more than
 * NEAR_COMMON_MIN). */
#define NEAR_MIN_TERMS    3
#define NEAR_SHORT_TERMS  2
#define NEAR_COMMON_SHARE 50
#define NEAR_COMMON_MIN   8
#define NEAR_PARTS        12
#define NEAR_PART_TERMS   48
typedef struct gen_part {
    uint64_t t[NEAR_PART_TERMS]; /* sorted, distinct */
    uint32_t n;
} gen_part;
/* The terms the rule compares of the n bytes at s: tx_terms with '/' a
 * separator (Closed/Open/Half-Open is three words). */
size_t gen_near_terms(const char *s, size_t n, uint64_t *out, size_t cap);
/* How many of an answer part's na terms a text must carry to leak it: more
 * than half and at least NEAR_MIN_TERMS; all of them for a short part
 * (NEAR_SHORT_TERMS up to NEAR_MIN_TERMS - 1 terms). */
size_t gen_near_need(size_t na);
/* The parts of answer text s (at most max) into parts; their count. */
size_t gen_answer_parts(const assay_engine *e, const char *s, gen_part *parts, size_t max);
/* The 256-bit mask of terms t (bit h mod 256 each): two term sets share no
 * term when their masks share no bit. */
void gen_near_mask(const uint64_t *t, size_t n, gen_bloom *m);
/* Per item, its nterms mask and its option's parts (after engine_postings). */
int gen_near_prepare(assay_engine *e);
/* Whether a text with terms t (gen_near_terms) carries the answer part a[0..na). */
int gen_near_leak(const uint64_t *a, size_t na, const uint64_t *t, size_t nt);

/* Key positions balanced within one quiz (the review of seed 6404: A 3,
 * D 11 of 29 keys): each multiple-choice key moves to a position drawn
 * among those used at most once more than the least used of its k, so no
 * letter lags and no block of questions is a forced permutation. */
typedef struct gen_keypos {
    long used[8];
    rng r;
} gen_keypos;
void gen_keypos_init(gen_keypos *p, uint64_t seed);
/* Moves q's key (a multiple-choice question) to the drawn position,
 * swapping it with the option there (and their items). */
void gen_keypos_place(gen_keypos *p, g_question *q);

/* The generators, each for one item; 0 on success, 1 when the item does not
 * allow the type, -1 when out of memory. They draw only from r; x may be NULL.
 * gen_match also returns 2: a set was drawn but the quiz's rules refuse it
 * (gen_excl_match_conflicts; never with x == NULL). */
int gen_mcq(const assay_engine *e, uint32_t item, int k, rng *r, arena *a, g_question *q,
            const gen_excl *x);
int gen_tf(const assay_engine *e, uint32_t item, rng *r, arena *a, g_question *q,
           const gen_excl *x);
int gen_cloze(const assay_engine *e, uint32_t item, rng *r, arena *a, g_question *q,
              const gen_excl *x);
int gen_match(const assay_engine *e, uint32_t item, rng *r, arena *a, g_question *q,
              const gen_excl *x);
/* Whether matching response r names premise p to a reader without the
 * knowledge (p == r: the pair gives itself away; else r fits p too): a
 * distinctive word, a translation or partner word, an acronym spelt out
 * (gen.c, match_lures; after gen_prepare). The audit counts these. */
int gen_match_lures(const g_item *p, const g_item *r);
/* The same across two sets of one quiz (a rare word only; gen.c,
 * match_lures_far): what gen_match refuses between its set and the quiz's
 * other sets. */
int gen_match_lures_far(const assay_engine *e, const g_item *p, const g_item *r);
int gen_short(const assay_engine *e, uint32_t item, arena *a, g_question *q);
int gen_scenario(const assay_engine *e, uint32_t item, int k, rng *r, arena *a, g_question *q,
                 const gen_excl *x);

/* ---- cues: how a test-wise guesser could find the key ---------------- */

extern const char *const cue_names[CUE__COUNT];

/* One option as the cue measures see it. */
typedef struct cue_opt {
    size_t width;
    const uint64_t *terms;
    size_t n_terms;
    tx_vec v;
} cue_opt;

/* For options o[0..k) of a stem (its content-word hashes), the probability
 * that each naive strategy picks option `key`, ties broken at random:
 * longest, shortest, most content words shared with the stem, highest total
 * cosine similarity to the other options. */
void cue_hits(const uint64_t *stem, size_t n_stem, const cue_opt *o, int k, int key,
              double out[CUE__COUNT]);
/* The same, with the options' pairwise cosines given (sim[x * k + y]). */
void cue_hits_sim(const uint64_t *stem, size_t n_stem, const cue_opt *o, int k, int key,
                  const double *sim, double out[CUE__COUNT]);
cue_opt cue_of(const g_item *it);
/* Option o of a generated question as the cue measures see it: its item's
 * option, or the authored option it shows. */
cue_opt cue_of_option(const assay_engine *e, const g_question *q, int o);

/* The truncation-mark solver (issue 9, point 3): it picks the only option
 * that shows a cut mark ("…", "..."); with none or all marked it guesses,
 * with several it guesses among the marked. The probability that it finds
 * option `key` of opts[0..k); *single (if given) counts questions with
 * exactly one marked option. */
double cue_cut_mark(const char *const *opts, size_t k, int key, long *single);
/* A word-matching solver for a matching set of items[0..n) (left: their
 * questions, right: their options): each left entry takes the right one
 * sharing most content words with it, ties broken at random. Its expected
 * share of right pairs (chance is 1/n). */
double cue_match_words(const assay_engine *e, const uint32_t *items, size_t n);

/* The text-level clang solver (issue 9): what a reader who knows nothing of
 * the subject matches between a stem and its options. A stem's units are
 * its words after particle stripping, cue words (이유, 방법 …) and function
 * words left out, each with its other spellings: the parts of a Hangul
 * compound (마이크로서비스 → 서비스), a Latin word's plain form and parts
 * (Limiting → limit, 12-Factor → 12), their translations (gen_tr, Partition →
 * 분할; Limit → 제한) and transliterations (파티션), and the bank's aliases
 * the stem names. cue_clang_mask says which units an option carries (bit x
 * for unit x < 32); the solver picks the option carrying the most units no
 * other option carries, the only option of the stem's form (fit[o], may be
 * NULL) counting as one more, and guesses when no option has any. */
#define CLANG_SPELL 8
#define CLANG_WORD  64
enum { CLANG_WORD_MODE = 1, CLANG_SUB = 2, CLANG_SKEL = 3 };
typedef struct clang_unit {
    uint8_t n;
    uint8_t mode[CLANG_SPELL];
    char s[CLANG_SPELL][CLANG_WORD];
} clang_unit;
/* The units of a stem into u[0..cap) (e may be NULL: no aliases); how many. */
size_t cue_clang_units(const assay_engine *e, const char *stem, clang_unit *u, size_t cap);
/* The same with the title of the topic shown above the stem (NULL: none):
 * for a definition stem, the words the title expands the stem's term into
 * ("DDD (Domain-Driven Design)") are stem words, and each stem word's
 * translations a unit of their own. */
size_t cue_clang_units_in(const assay_engine *e, const char *stem, const char *topic, clang_unit *u,
                          size_t cap);
unsigned cue_clang_mask(const clang_unit *u, size_t n, const char *option);
/* The same for item it's option, from its words split at build
 * (it->clang_words, cue_clang_words_of); the same result. */
unsigned cue_clang_mask_item(const clang_unit *u, size_t n, const g_item *it);
/* Splits option into *out (kept in a); -1 when out of memory. */
int cue_clang_words_of(arena *a, const char *option, clang_words *out);
/* The probability that the solver picks option key of k (masks of n units). */
double cue_clang_text(const unsigned *mask, const int *fit, int k, int key, size_t n_units);
/* Whether option key alone carries some unit (the clang a generator avoids). */
int cue_clang_key_alone(const unsigned *mask, int k, int key, size_t n_units);

/* The shape solver (issue 9, the review of seed 5309): the probability that
 * a guesser who takes the only option of a distinctive shape (answer_shape_for:
 * a URL path, a formula, header fields, an arrow, a two-sided split for a
 * stem naming two things), or else the only option of no shape among shaped
 * ones, picks option key of k; a guess when no option stands out. */
double cue_shape(const char *question, const char *const *opts, int k, int key);

/* Near-duplicate options (different words for the same thing). */
int near_duplicate(const g_item *a, const g_item *b);
/* The same, computed (near_duplicate looks it up within a topic). */
int near_duplicate_calc(const g_item *a, const g_item *b);
/* TF-IDF cosine of two items' options (looked up within a topic). */
double option_cosine(const g_item *a, const g_item *b);

/* Whether text has a blank "____" directly followed by a particle whose form
 * gives the final consonant away (not written neutrally). */
int has_particle_cue(const char *text);

/* Whether the stem word h (a tx_terms hash) is a key term of the bank. */
int engine_key_term(const assay_engine *e, uint64_t h);

/* Whether the n bytes at s are a hedge that answers nothing (engine.c). */
int gen_is_hedge(const char *s, size_t n);
/* FNV-1a 64 of a string, for comparing texts cheaply. */
uint64_t gen_text_hash(const char *s);
/* A copy of s (n bytes) in a with ASCII letters lowercased; NULL when out of memory. */
char *gen_fold_ascii(arena *a, const char *s, size_t n);

/* Display width of a string. */
size_t text_width(const char *s);

/* The listed translations (gen.c's table, which the matching give-away rule
 * uses and the clang rule too: Partition ↔ 분할, Layer ↔ 계층, Mutual ↔
 * 양방향, global ↔ 리전): how many rows, side 0 (English, lower case) or 1
 * (Korean) of row k (NULL past the end), and whether text holds that side
 * (ASCII compared without case). */
size_t gen_tr_count(void);
const char *gen_tr_side(size_t k, int side);
int gen_tr_holds(const char *text, size_t k, int side);

#endif
