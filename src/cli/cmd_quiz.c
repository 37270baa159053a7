/* cmd_quiz — `assay quiz`, `assay grade`, `assay audit`. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_TOPICS 64
#define MAX_LEVELS 16
#define FILE_CAP   ((size_t)64 << 20)

/* ---- reading the options ------------------------------------------------- */

static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static assay_code quiz_spec(cli *c, assay_quiz_spec *spec, const char **topics, int *levels)
{
    cli_args *a = c->args;
    assay_quiz_spec_init(spec);
    size_t nt = cli_values(a, OPT_TOPIC, topics, MAX_TOPICS);
    if (nt > MAX_TOPICS)
        return cli_usage(c, "at most %d --topic", MAX_TOPICS);
    spec->topics = topics;
    spec->n_topics = nt;
    const char *lv[MAX_LEVELS];
    size_t nl = cli_values(a, OPT_LEVEL, lv, MAX_LEVELS), n_levels = 0;
    for (size_t i = 0; i < nl && i < MAX_LEVELS; i++) {
        for (const char *p = lv[i]; *p;) {
            size_t k = strcspn(p, ",");
            if (k != 1 || p[0] < '1' || p[0] > '9' || n_levels >= MAX_LEVELS)
                return cli_usage(c, "--level wants levels from 1 to 9 (as 2 or 2,3), not '%s'",
                                 lv[i]);
            levels[n_levels++] = p[0] - '0';
            p += k;
            if (*p == ',')
                p++;
        }
    }
    spec->levels = levels;
    spec->n_levels = n_levels;
    uint64_t v;
    if (a->set[OPT_COUNT]) {
        if (parse_u64(a->val[OPT_COUNT], &v) != 0 || v < 1 || v > 500)
            return cli_usage(c, "--count wants 1 to 500, not '%s'", a->val[OPT_COUNT]);
        spec->count = (size_t)v;
    }
    if (a->set[OPT_OPTIONS]) {
        if (parse_u64(a->val[OPT_OPTIONS], &v) != 0 || v < 3 || v > 5)
            return cli_usage(c, "--options wants 3, 4 or 5, not '%s'", a->val[OPT_OPTIONS]);
        spec->options = (int)v;
    }
    if (a->set[OPT_TYPES] && assay_qtypes_parse(a->val[OPT_TYPES], &spec->types) != ASSAY_OK)
        return cli_usage(c,
                         "--types wants a list of mcq, tf, cloze, match, short, scenario, "
                         "not '%s'",
                         a->val[OPT_TYPES]);
    if (a->set[OPT_SEED]) {
        if (parse_u64(a->val[OPT_SEED], &spec->seed) != 0)
            return cli_usage(c, "--seed wants a whole number, not '%s'", a->val[OPT_SEED]);
    } else {
        /* a fresh seed, shown with the quiz so it can be made again */
        uint64_t s = 0;
        if (getrandom(&s, sizeof s, 0) != (ssize_t)sizeof s)
            s = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
        spec->seed = s % 1000000000u;
    }
    return ASSAY_OK;
}

static assay_code open_engine(cli *c, assay_bank **b, assay_engine **e)
{
    assay_code rc = cli_open_bank(c, CLI_BANK_READ, b, NULL, 0);
    if (rc != ASSAY_OK)
        return rc;
    rc = assay_engine_open(*b, c->args->val[OPT_KB], e);
    if (rc != ASSAY_OK) {
        assay_bank_close(*b);
        *b = NULL;
    }
    return rc;
}

/* ---- assay quiz ------------------------------------------------------------ */

static void print_block(const char *indent, const char *text)
{
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        printf("%s%.*s\n", indent, (int)n, p);
        p += n;
        if (*p == '\n')
            p++;
    }
}

static void print_question(cli *c, size_t n, const assay_question *q)
{
    printf("%s%zu.%s [%s] %s", out_on(&c->out, ST_BOLD), n, out_off(&c->out),
           assay_qtype_name(q->type), q->topic);
    if (q->level)
        printf(" · L%d", q->level);
    printf("\n");
    switch (q->type) {
    case ASSAY_Q_TF:
        print_block("   ", q->prompt);
        printf("   → %s\n   (true or false?)\n", q->statement);
        break;
    case ASSAY_Q_MATCH:
        print_block("   ", q->prompt);
        for (size_t i = 0; i < q->n_pairs; i++)
            printf("   %zu) %s\n", i + 1, q->left[i]);
        for (size_t i = 0; i < q->n_pairs; i++)
            printf("   %c) %s\n", (char)('a' + i), q->right[i]);
        break;
    default:
        print_block("   ", q->prompt);
        for (size_t i = 0; i < q->n_options; i++)
            printf("   %c) %s\n", (char)('A' + i), q->options[i]);
        if (q->type == ASSAY_Q_SCENARIO)
            printf("   (%s)\n", q->n_options ? "pick the decision, or describe it in your words"
                                             : "describe the decision in your words");
        break;
    }
    printf("\n");
}

static void print_key(size_t n, const assay_question *q)
{
    printf("%3zu. ", n);
    switch (q->type) {
    case ASSAY_Q_MCQ: printf("%c", (char)('A' + q->key)); break;
    case ASSAY_Q_TF: printf("%s", q->key ? "true" : "false"); break;
    case ASSAY_Q_CLOZE:
        for (size_t i = 0; i < q->n_accept; i++)
            printf("%s%s", i ? " / " : "", q->accept[i]);
        break;
    case ASSAY_Q_MATCH:
        for (size_t i = 0; i < q->n_pairs; i++)
            printf("%s%zu-%c", i ? " " : "", i + 1, (char)('a' + q->pairs[i]));
        break;
    case ASSAY_Q_SHORT: printf("(free text)"); break;
    case ASSAY_Q_SCENARIO:
        if (q->n_options)
            printf("%c", (char)('A' + q->key));
        else
            printf("(free text)");
        break;
    }
    printf("   [%s:%ld]\n", q->source_file, q->source_line);
    if (q->type == ASSAY_Q_SHORT || q->type == ASSAY_Q_SCENARIO)
        print_block("       ", q->answer);
}

assay_code cmd_quiz(cli *c)
{
    assay_quiz_spec spec;
    const char *topics[MAX_TOPICS];
    int levels[MAX_LEVELS];
    assay_code rc = quiz_spec(c, &spec, topics, levels);
    if (rc != ASSAY_OK)
        return rc;
    if (!c->args->set[OPT_PRINT] && !c->args->set[OPT_WITH_KEY])
        return cmd_session_quiz(c, &spec); /* take it (cmd_session.c) */
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    assay_quiz *q = NULL;
    rc = open_engine(c, &b, &e);
    if (rc == ASSAY_OK)
        rc = assay_quiz_generate(c->a, e, &spec, &q);
    int with_key = c->args->set[OPT_WITH_KEY] != 0;
    if (rc == ASSAY_OK) {
        for (size_t i = 0; i < assay_quiz_warning_count(q); i++)
            cli_warning(c, "quiz", 0, assay_quiz_warning(q, i));
        if (c->json) {
            char *js = assay_quiz_json(q, with_key);
            if (!js)
                rc = ASSAY_ENOMEM;
            else
                printf("%s\n", js);
            assay_string_free(js);
        } else {
            printf("%sQuiz%s: %s · seed %llu%s%s\n\n", out_on(&c->out, ST_BOLD), out_off(&c->out),
                   CLI_N(assay_quiz_count(q), "question", "questions"),
                   (unsigned long long)spec.seed, c->args->val[OPT_KB] ? " · " : "",
                   c->args->val[OPT_KB] ? c->args->val[OPT_KB] : "");
            for (size_t i = 0; i < assay_quiz_count(q); i++)
                print_question(c, i + 1, assay_quiz_question(q, i));
            if (with_key) {
                printf("%sKey%s\n", out_on(&c->out, ST_BOLD), out_off(&c->out));
                for (size_t i = 0; i < assay_quiz_count(q); i++)
                    print_key(i + 1, assay_quiz_question(q, i));
            } else {
                printf("To grade answers: run the same command with --seed %llu --json > "
                       "quiz.json, then %s grade --quiz quiz.json --answers answers.json\n",
                       (unsigned long long)spec.seed, c->prog);
            }
        }
    }
    assay_quiz_free(q);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}

/* ---- files ---------------------------------------------------------------------- */

static char *read_all(cli *c, const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "assay: %serror%s: %s: cannot open: %s\n", out_on(&c->err, ST_ERR),
                out_off(&c->err), path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (f != stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "assay: %serror%s: %s: is a directory, not a file\n",
                out_on(&c->err, ST_ERR), out_off(&c->err), path);
        fclose(f);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    while (p) {
        if (n + 1 >= cap) {
            if (cap >= FILE_CAP) {
                fprintf(stderr, "assay: error: %s: larger than %zu MiB\n", path, FILE_CAP >> 20);
                free(p);
                p = NULL;
                break;
            }
            char *q = realloc(p, cap * 2);
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
            cap *= 2;
        }
        size_t k = fread(p + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0) {
            if (ferror(f)) {
                fprintf(stderr, "assay: %serror%s: %s: cannot read: %s\n", out_on(&c->err, ST_ERR),
                        out_off(&c->err), path, strerror(errno));
                free(p);
                p = NULL;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (p) {
        p[n] = '\0';
        *len = n;
    }
    return p;
}

static json_t *load_json(cli *c, const char *path)
{
    size_t n;
    char *s = read_all(c, path, &n);
    if (!s)
        return NULL;
    json_error_t err;
    json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES, &err);
    free(s);
    if (!j)
        fprintf(stderr, "assay: %serror%s: %s:%d:%d: %s\n", out_on(&c->err, ST_ERR),
                out_off(&c->err), path, err.line, err.column, err.text);
    return j;
}

/* The rest of a grade's text line: the concepts it missed, then the newline. */
static void print_missed(FILE *out, const assay_grade *g)
{
    if (g->n_missed) {
        fprintf(out, "  missed:");
        for (size_t m = 0; m < g->n_missed; m++)
            fprintf(out, "%s %s", m ? "," : "", g->missed[m]);
    }
    fprintf(out, "\n");
}

/* ---- assay grade --quiz ---------------------------------------------------------- */

static int bad(cli *c, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(cli *c, const char *file, const char *fmt, ...)
{
    fprintf(stderr, "assay: %serror%s: %s: ", out_on(&c->err, ST_ERR), out_off(&c->err), file);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return -1;
}

/* The spec inside a quiz file, so the quiz can be made again. */
static int spec_from_json(cli *c, const char *file, json_t *spec, assay_quiz_spec *s,
                          const char **topics, int *levels, const char **kb)
{
    assay_quiz_spec_init(s);
    json_t *t = json_object_get(spec, "topics"), *l = json_object_get(spec, "levels");
    json_t *ty = json_object_get(spec, "types");
    json_t *jkb = json_object_get(spec, "kb");
    if (!json_is_object(spec) || !json_is_array(t) || !json_is_array(l) || !json_is_array(ty) ||
        !json_is_integer(json_object_get(spec, "count")) ||
        !json_is_integer(json_object_get(spec, "options")) ||
        !json_is_integer(json_object_get(spec, "seed")) ||
        (jkb && !json_is_null(jkb) && !json_is_string(jkb)))
        return bad(c, file, "%s",
                   "not a quiz made by `assay quiz --json` (its \"spec\" is missing or malformed)");
    if (json_array_size(t) > MAX_TOPICS || json_array_size(l) > MAX_LEVELS)
        return bad(c, file, "%s", "too many topics or levels");
    size_t i;
    json_t *v;
    json_array_foreach(t, i, v)
    {
        if (!json_is_string(v))
            return bad(c, file, "%s", "a topic in \"spec\" is not a string");
        topics[i] = json_string_value(v);
    }
    json_array_foreach(l, i, v)
    {
        if (!json_is_integer(v))
            return bad(c, file, "%s", "a level in \"spec\" is not a whole number");
        levels[i] = (int)json_integer_value(v);
    }
    s->topics = topics;
    s->n_topics = json_array_size(t);
    s->levels = levels;
    s->n_levels = json_array_size(l);
    s->types = 0;
    json_array_foreach(ty, i, v)
    {
        unsigned bits;
        if (!json_is_string(v) || assay_qtypes_parse(json_string_value(v), &bits) != ASSAY_OK)
            return bad(c, file, "%s", "an unknown question type in \"spec\"");
        s->types |= bits;
    }
    s->count = (size_t)json_integer_value(json_object_get(spec, "count"));
    s->options = (int)json_integer_value(json_object_get(spec, "options"));
    s->seed = (uint64_t)json_integer_value(json_object_get(spec, "seed"));
    *kb = json_string_value(jkb);
    return 0;
}

static int truth_of(json_t *v)
{
    if (json_is_boolean(v))
        return json_is_true(v);
    const char *s = json_string_value(v);
    if (!s)
        return -1;
    static const char *const yes[] = {"true", "t", "o", "yes", "참", "맞다", "O"};
    static const char *const no[] = {"false", "f", "x", "no", "거짓", "틀리다", "X"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(s, yes[i]) == 0)
            return 1;
        if (strcmp(s, no[i]) == 0)
            return 0;
    }
    return -1;
}

static int letter(const char *s, char base, size_t n)
{
    if (!s || strlen(s) != 1)
        return -1;
    int i = s[0] >= 'a' && s[0] <= 'z' && base == 'A' ? s[0] - 'a' : s[0] - base;
    if (base == 'a' && s[0] >= 'A' && s[0] <= 'Z')
        i = s[0] - 'A';
    return i >= 0 && (size_t)i < n ? i : -1;
}

/* Fills ans from the learner's JSON value for question q; -1 (with a message
 * naming the question) when the value cannot be an answer to it. */
static int answer_of(cli *c, const char *file, size_t n, const assay_question *q, json_t *v,
                     assay_answer *ans, int *pairs)
{
    char what[64];
    snprintf(what, sizeof what, "question %zu", n);
    switch (q->type) {
    case ASSAY_Q_MCQ:
        ans->choice = letter(json_string_value(v), 'A', q->n_options);
        if (ans->choice < 0)
            return bad(c, file, "%s: answer with an option letter", what);
        break;
    case ASSAY_Q_TF:
        ans->truth = truth_of(v);
        if (ans->truth < 0)
            return bad(c, file, "%s: answer true or false", what);
        break;
    case ASSAY_Q_MATCH: {
        if (!json_is_array(v) || json_array_size(v) != q->n_pairs)
            return bad(c, file, "%s: answer with one letter for each numbered entry", what);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) pairs[i] = letter(json_string_value(x), 'a', q->n_pairs);
        ans->pairs = pairs;
        ans->n_pairs = q->n_pairs;
        break;
    }
    case ASSAY_Q_SCENARIO: {
        const char *s = json_string_value(v);
        if (!s)
            return bad(c, file, "%s: answer with an option letter or text", what);
        ans->choice = letter(s, 'A', q->n_options);
        if (ans->choice < 0)
            ans->text = s;
        break;
    }
    default:
        ans->text = json_string_value(v);
        if (!ans->text)
            return bad(c, file, "%s: answer with text", what);
        break;
    }
    return 0;
}

static json_t *strings(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *expected_json(const assay_question *q)
{
    char l[2] = {0, 0};
    switch (q->type) {
    case ASSAY_Q_MCQ: l[0] = (char)('A' + q->key); return json_string(l);
    case ASSAY_Q_TF: return json_boolean(q->key);
    case ASSAY_Q_CLOZE: return strings(q->accept, q->n_accept);
    case ASSAY_Q_MATCH: {
        json_t *a = json_array();
        for (size_t i = 0; a && i < q->n_pairs; i++) {
            l[0] = (char)('a' + q->pairs[i]);
            json_array_append_new(a, json_string(l));
        }
        return a;
    }
    case ASSAY_Q_SCENARIO:
        if (q->n_options) {
            l[0] = (char)('A' + q->key);
            return json_string(l);
        }
        return json_null();
    case ASSAY_Q_SHORT: return json_null();
    }
    return json_null();
}

/* "a string", "a number with a fraction", ... for messages about a JSON value of the wrong type. */
static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "a whole number";
    case JSON_REAL: return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE: return "true or false";
    case JSON_NULL: return "null";
    }
    return "something else";
}

/* Checks every entry of the answers array and files each under its question:
 * given[i] is the answer to question i + 1 (NULL when none). An entry that is
 * not an object, whose "n" is not a whole number from 1 to nq, or repeats a
 * number is an error naming the file and the entry (-1, printed). */
static int answers_by_number(cli *c, const char *file, json_t *answers, size_t nq, json_t **given)
{
    size_t k;
    json_t *x;
    for (size_t i = 0; i < nq; i++)
        given[i] = NULL;
    unsigned char *seen = calloc(nq + 1, 1);
    if (!seen)
        return bad(c, file, "%s", "out of memory");
    int rc = 0;
    json_array_foreach(answers, k, x)
    {
        json_t *n = json_object_get(x, "n");
        if (!json_is_object(x)) {
            rc = bad(c, file, "answer entry %zu is %s, not {\"n\": N, \"answer\": ...}", k + 1,
                     json_kind(x));
        } else if (!n) {
            rc = bad(c, file, "answer entry %zu has no \"n\" (the question's number)", k + 1);
        } else if (!json_is_integer(n)) {
            rc = bad(c, file, "answer entry %zu: \"n\" is %s, not a question number", k + 1,
                     json_kind(n));
        } else if (json_integer_value(n) < 1 || (uint64_t)json_integer_value(n) > nq) {
            rc = bad(c, file, "answer entry %zu: \"n\" is %lld; the quiz has questions 1 to %zu",
                     k + 1, (long long)json_integer_value(n), nq);
        } else if (seen[json_integer_value(n)]) {
            rc = bad(c, file, "answer entry %zu: question %lld is answered twice", k + 1,
                     (long long)json_integer_value(n));
        } else {
            seen[json_integer_value(n)] = 1;
            given[json_integer_value(n) - 1] = json_object_get(x, "answer");
        }
        if (rc != 0)
            break;
    }
    free(seen);
    return rc;
}

/* The knowledge base every question of q comes from, or NULL when they come
 * from several (an attempt belongs to one knowledge base). */
static const char *quiz_kb(const assay_quiz *q)
{
    size_t nq = assay_quiz_count(q);
    const char *kb = nq ? assay_quiz_question(q, 0)->kb : NULL;
    for (size_t i = 1; kb && i < nq; i++)
        if (strcmp(assay_quiz_question(q, i)->kb, kb) != 0)
            return NULL;
    return kb;
}

static assay_code grade_quiz(cli *c)
{
    const char *qfile = c->args->val[OPT_QUIZ], *afile = c->args->val[OPT_ANSWERS];
    if (!qfile || !afile)
        return cli_usage(c, "grade wants --quiz and --answers together, or --pairs");
    json_t *qj = load_json(c, qfile), *aj = qj ? load_json(c, afile) : NULL;
    assay_code rc = ASSAY_OK;
    assay_quiz_spec spec;
    const char *topics[MAX_TOPICS], *kb = NULL;
    int levels[MAX_LEVELS];
    json_t *answers = aj ? json_object_get(aj, "answers") : NULL;
    if (!qj || !aj ||
        spec_from_json(c, qfile, json_object_get(qj, "spec"), &spec, topics, levels, &kb) != 0 ||
        (!json_is_array(answers) &&
         bad(c, afile, "%s", "expected {\"answers\": [{\"n\": 1, \"answer\": ...}, ...]}"))) {
        json_decref(qj);
        json_decref(aj);
        c->reported = 1;
        return ASSAY_EINPUT;
    }
    const char *want_fp = json_string_value(json_object_get(qj, "fingerprint"));
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    assay_quiz *q = NULL;
    rc = cli_open_bank(c, c->args->set[OPT_RECORD] ? CLI_BANK_WRITE : CLI_BANK_READ, &b, NULL, 0);
    if (rc == ASSAY_OK)
        rc = assay_engine_open(b, kb, &e);
    if (rc == ASSAY_OK)
        rc = assay_quiz_generate(c->a, e, &spec, &q);
    if (rc == ASSAY_EUSAGE) {
        /* settings `assay quiz` would have refused: the file was edited */
        bad(c, qfile, "its \"spec\" is not one `assay quiz` makes: %s",
            assay_last_error(c->a)->message);
        c->reported = 1;
        rc = ASSAY_EINPUT;
    }
    if (rc == ASSAY_OK && (!want_fp || strcmp(want_fp, assay_quiz_fingerprint(q)) != 0)) {
        fprintf(stderr,
                "assay: %serror%s: %s: this quiz is not what its seed gives on this bank (the "
                "bank changed since it was made, or the file was edited)\n",
                out_on(&c->err, ST_ERR), out_off(&c->err), qfile);
        c->reported = 1;
        rc = ASSAY_EINPUT;
    }
    json_t *results = json_array();
    double total = 0;
    size_t nq = rc == ASSAY_OK ? assay_quiz_count(q) : 0;
    int record = c->args->set[OPT_RECORD] != 0;
    const char *qkb = rc == ASSAY_OK ? quiz_kb(q) : NULL;
    if (rc == ASSAY_OK && record && nq && !qkb)
        rc = cli_usage(c,
                       "%s: this quiz draws on several knowledge bases and an attempt belongs "
                       "to one, so it cannot be recorded; grade it without --record, or make "
                       "the quiz with --kb",
                       qfile);
    assay_response *resp = record ? calloc(nq + 1, sizeof *resp) : NULL;
    char **texts = record ? calloc(nq + 1, sizeof *texts) : NULL;
    json_t **by_n = calloc(nq + 1, sizeof *by_n);
    if (rc == ASSAY_OK && ((record && (!resp || !texts)) || !by_n))
        rc = ASSAY_ENOMEM;
    if (rc == ASSAY_OK && answers_by_number(c, afile, answers, nq, by_n) != 0) {
        c->reported = 1;
        rc = ASSAY_EINPUT;
    }
    /* with --record, text output waits until the attempt is stored, so that a
     * failure to store is said before the grades */
    char *held = NULL;
    size_t held_len = 0;
    FILE *gout = stdout;
    if (rc == ASSAY_OK && record && !c->json && !(gout = open_memstream(&held, &held_len)))
        rc = ASSAY_ENOMEM;
    for (size_t i = 0; rc == ASSAY_OK && i < nq; i++) {
        const assay_question *p = assay_quiz_question(q, i);
        json_t *given = by_n[i];
        assay_answer ans = ASSAY_ANSWER_INIT;
        int pairs[8];
        if (given && !json_is_null(given) &&
            answer_of(c, afile, i + 1, p, given, &ans, pairs) != 0) {
            c->reported = 1;
            rc = ASSAY_EINPUT;
            break;
        }
        assay_grade *g = NULL;
        rc = assay_quiz_grade(c->a, e, q, i, &ans, &g);
        if (rc != ASSAY_OK)
            break;
        total += g->score;
        if (record) {
            assay_response *r = &resp[i];
            assay_response_init(r);
            r->item_id = p->item_id;
            r->type = p->type;
            r->score = g->score;
            if (p->n_options) {
                r->options = p->options;
                r->n_options = p->n_options;
                r->key = p->key;
                r->choice = ans.choice;
            }
            if (ans.text && !(texts[i] = strdup(ans.text)))
                rc = ASSAY_ENOMEM;
            r->answer = texts[i];
        }
        json_t *o = json_pack(
            "{s:I, s:s, s:f, s:b, s:o, s:o, s:s?, s:{s:s, s:I}}", "n", (json_int_t)(i + 1), "type",
            assay_qtype_name(p->type), "score", g->score, "correct", g->correct, "answered",
            json_boolean(given && !json_is_null(given)), "expected", expected_json(p), "reference",
            g->reference, "source", "file", p->source_file, "line", (json_int_t)p->source_line);
        if (o && g->typo)
            json_object_set_new(o, "typo", json_true());
        if (o && (g->n_covered || g->n_missed)) {
            json_object_set_new(o, "covered", strings(g->covered, g->n_covered));
            json_object_set_new(o, "missed", strings(g->missed, g->n_missed));
        }
        json_array_append_new(results, o);
        if (!c->json) {
            fprintf(gout, "%3zu. [%s] %s%.2f%s%s", i + 1, assay_qtype_name(p->type),
                    out_on(&c->out, g->correct ? ST_OK : ST_WARN), g->score, out_off(&c->out),
                    g->typo ? " (typo)" : "");
            print_missed(gout, g);
        }
        assay_grade_free(g);
    }
    int64_t attempt = 0;
    if (rc == ASSAY_OK && record && nq) {
        assay_attempt_spec as;
        assay_attempt_spec_init(&as);
        as.kb = qkb;
        as.kind = ASSAY_ATTEMPT_QUIZ;
        as.person = c->args->val[OPT_PERSON];
        as.form = assay_quiz_fingerprint(q);
        as.seed = spec.seed;
        rc = assay_attempt_record(b, &as, resp, nq, &attempt);
        if (rc != ASSAY_OK) {
            fprintf(stderr,
                    "assay: %serror%s: the graded answers were not recorded; nothing was "
                    "stored: %s\n",
                    out_on(&c->err, ST_ERR), out_off(&c->err), assay_errmsg(c->a));
            c->reported = 1;
        }
    }
    if (gout != stdout) {
        fclose(gout);
        if (held_len)
            fwrite(held, 1, held_len, stdout);
        free(held);
    }
    if (rc == ASSAY_OK && c->json) {
        json_t *out = json_pack("{s:s, s:f, s:I, s:f, s:o}", "quiz", assay_quiz_fingerprint(q),
                                "score", total, "max", (json_int_t)nq, "percent",
                                nq ? 100.0 * total / (double)nq : 0.0, "results", results);
        if (out && record)
            json_object_set_new(out, "attempt", json_integer(attempt));
        rc = cli_print_json(c, out);
        results = NULL; /* handed over to the printed object */
    } else if (rc == ASSAY_OK) {
        printf("\nscore %.2f of %zu (%.0f%%)\n", total, nq, nq ? 100.0 * total / (double)nq : 0.0);
        if (record && attempt)
            printf("recorded as attempt %lld\n", (long long)attempt);
    }
    for (size_t i = 0; texts && i < nq; i++)
        free(texts[i]);
    free(texts);
    free(resp);
    free(by_n);
    json_decref(results);
    json_decref(qj);
    json_decref(aj);
    assay_quiz_free(q);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}

/* ---- assay grade --pairs ----------------------------------------------------------- */

typedef struct pair_line {
    long line;
    json_t *obj;
} pair_line;

/* What is wrong with a --pairs line's fields (into buf), or NULL. */
static const char *pair_field_problem(json_t *o, char *buf, size_t cap)
{
    static const struct {
        const char *key, *what;
        int required;
    } fields[] = {{"reference", "the reference answer", 1},
                  {"answer", "the answer to grade", 1},
                  {"question", "the question", 0}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        json_t *v = json_object_get(o, fields[i].key);
        if (!v && fields[i].required) {
            snprintf(buf, cap, "\"%s\" (%s, a string) is missing", fields[i].key, fields[i].what);
            return buf;
        }
        if (v && !json_is_string(v)) {
            snprintf(buf, cap, "\"%s\" (%s) is %s, not a string", fields[i].key, fields[i].what,
                     json_kind(v));
            return buf;
        }
    }
    return NULL;
}

static assay_code grade_pairs(cli *c)
{
    const char *file = c->args->val[OPT_PAIRS];
    size_t n;
    char *text = read_all(c, file, &n);
    if (!text) {
        c->reported = 1;
        return ASSAY_EINPUT;
    }
    const char *shown = strcmp(file, "-") == 0 ? "<stdin>" : file;
    /* every line is checked before anything is graded */
    pair_line *lines = NULL;
    size_t nl = 0, cap = 0;
    int errors = 0;
    long lineno = 0;
    for (char *p = text; *p || p == text;) {
        char *nlc = strchr(p, '\n');
        size_t len = nlc ? (size_t)(nlc - p) : strlen(p);
        lineno++;
        size_t a = 0;
        while (a < len && (p[a] == ' ' || p[a] == '\t' || p[a] == '\r'))
            a++;
        if (a < len) {
            json_error_t err;
            char wrong[160];
            json_t *o = json_loadb(p, len, JSON_REJECT_DUPLICATES, &err);
            const char *msg = NULL;
            if (!o)
                msg = err.text;
            else if (!json_is_object(o))
                msg = "expected an object {\"question\", \"reference\", \"answer\"}";
            else
                msg = pair_field_problem(o, wrong, sizeof wrong);
            if (msg) {
                fprintf(stderr, "assay: %serror%s: %s:%ld: %s\n", out_on(&c->err, ST_ERR),
                        out_off(&c->err), shown, lineno, msg);
                errors++;
                json_decref(o);
            } else {
                if (nl == cap) {
                    cap = cap ? cap * 2 : 64;
                    pair_line *nlines = realloc(lines, cap * sizeof *lines);
                    if (!nlines) {
                        json_decref(o);
                        errors = -1;
                        break;
                    }
                    lines = nlines;
                }
                lines[nl++] = (pair_line){lineno, o};
            }
        }
        if (!nlc)
            break;
        p = nlc + 1;
    }
    free(text);
    assay_code rc = ASSAY_OK;
    if (errors != 0) {
        c->reported = errors > 0;
        rc = errors > 0 ? ASSAY_EINPUT : ASSAY_ENOMEM;
    } else if (nl == 0) {
        fprintf(stderr, "assay: %serror%s: %s: no answers to grade\n", out_on(&c->err, ST_ERR),
                out_off(&c->err), shown);
        c->reported = 1;
        rc = ASSAY_EINPUT;
    }
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    if (rc == ASSAY_OK)
        rc = open_engine(c, &b, &e);
    for (size_t i = 0; rc == ASSAY_OK && i < nl; i++) {
        json_t *o = lines[i].obj;
        assay_grade *g = NULL;
        rc = assay_grade_text(c->a, e, json_string_value(json_object_get(o, "reference")),
                              json_string_value(json_object_get(o, "answer")), &g);
        if (rc != ASSAY_OK)
            break;
        if (c->json) {
            rc = cli_print_json(c,
                                json_pack("{s:I, s:f, s:b, s:o, s:o}", "line",
                                          (json_int_t)lines[i].line, "score", g->score, "correct",
                                          g->correct, "covered", strings(g->covered, g->n_covered),
                                          "missed", strings(g->missed, g->n_missed)));
        } else {
            printf("line %ld: %.2f", lines[i].line, g->score);
            print_missed(stdout, g);
        }
        assay_grade_free(g);
    }
    for (size_t i = 0; i < nl; i++)
        json_decref(lines[i].obj);
    free(lines);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}

assay_code cmd_grade(cli *c)
{
    if (c->args->set[OPT_PERSON] && !c->args->set[OPT_RECORD])
        return cli_usage(c, "--person goes with --record");
    if (c->args->set[OPT_PAIRS] && c->args->set[OPT_RECORD])
        return cli_usage(c, "--record stores a graded quiz; free-text pairs have no quiz");
    if (c->args->set[OPT_PAIRS]) {
        if (c->args->set[OPT_QUIZ] || c->args->set[OPT_ANSWERS])
            return cli_usage(c, "--pairs goes alone, not with --quiz or --answers");
        return grade_pairs(c);
    }
    return grade_quiz(c);
}

/* ---- assay audit ------------------------------------------------------------------ */

assay_code cmd_audit(cli *c)
{
    assay_audit_opts o;
    assay_audit_opts_init(&o);
    uint64_t v;
    cli_args *a = c->args;
    if (a->set[OPT_SEEDS]) {
        if (parse_u64(a->val[OPT_SEEDS], &v) != 0 || v < 1 || v > 1000)
            return cli_usage(c, "--seeds wants 1 to 1000, not '%s'", a->val[OPT_SEEDS]);
        o.seeds = (int)v;
    }
    if (a->set[OPT_OPTIONS]) {
        if (parse_u64(a->val[OPT_OPTIONS], &v) != 0 || v < 3 || v > 5)
            return cli_usage(c, "--options wants 3, 4 or 5, not '%s'", a->val[OPT_OPTIONS]);
        o.options = (int)v;
    }
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    char *js = NULL;
    int ok = 0;
    assay_code rc = open_engine(c, &b, &e);
    if (rc == ASSAY_OK)
        rc = assay_audit(c->a, e, &o, &js, &ok);
    if (rc == ASSAY_OK && c->json) {
        printf("%s\n", js);
    } else if (rc == ASSAY_OK) {
        json_error_t err;
        json_t *j = json_loads(js, 0, &err);
        json_t *m = json_object_get(j, "mcq"), *t = json_object_get(j, "targets");
        json_t *band = json_object_get(m, "band99");
        printf("%sMultiple choice%s: %s, %d options, chance %.1f%%, 99%% band "
               "%.1f%%-%.1f%%\n",
               out_on(&c->out, ST_BOLD), out_off(&c->out),
               CLI_N(json_integer_value(json_object_get(m, "count")), "question", "questions"),
               o.options, 100 * json_real_value(json_object_get(m, "chance")),
               100 * json_real_value(json_array_get(band, 0)),
               100 * json_real_value(json_array_get(band, 1)));
        size_t i;
        json_t *s;
        json_array_foreach(json_object_get(m, "strategies"), i, s)
        {
            int in = json_is_true(json_object_get(s, "in_band"));
            printf("  %-14s %5.1f%%  %s%s%s\n", json_string_value(json_object_get(s, "name")),
                   100 * json_real_value(json_object_get(s, "rate")),
                   out_on(&c->out, in ? ST_OK : ST_ERR), in ? "in band" : "OUT OF BAND",
                   out_off(&c->out));
        }
        printf("  key positions: chi-square %.2f (df %lld), p = %.3f\n",
               json_real_value(json_object_get(m, "chi_square")),
               (long long)json_integer_value(json_object_get(m, "df")),
               json_real_value(json_object_get(m, "p_value")));
        printf("  near-duplicate option pairs: %lld\n",
               (long long)json_integer_value(json_object_get(m, "near_duplicate_pairs")));
        printf("  distractors from the item's own topic: %.1f%%\n",
               100 * json_real_value(json_object_get(m, "own_topic_share")));
        json_t *tf = json_object_get(j, "tf"), *cz = json_object_get(j, "cloze"),
               *gen = json_object_get(j, "generation");
        printf("%sTrue/false%s: %lld, %.1f%% true\n", out_on(&c->out, ST_BOLD), out_off(&c->out),
               (long long)json_integer_value(json_object_get(tf, "count")),
               100 * json_real_value(json_object_get(tf, "true_share")));
        printf("%sCloze%s: %lld, particle cues after the blank: %lld\n", out_on(&c->out, ST_BOLD),
               out_off(&c->out), (long long)json_integer_value(json_object_get(cz, "count")),
               (long long)json_integer_value(json_object_get(cz, "particle_cues")));
        printf("%sGeneration%s: a 20-question quiz in %.3f ms (median), %.3f ms (p99)\n",
               out_on(&c->out, ST_BOLD), out_off(&c->out),
               json_real_value(json_object_get(gen, "median_ms")),
               json_real_value(json_object_get(gen, "p99_ms")));
        printf("\nTargets %s%s%s\n", out_on(&c->out, ok ? ST_OK : ST_ERR), ok ? "met" : "NOT met",
               out_off(&c->out));
        (void)t;
        json_decref(j);
    }
    assay_string_free(js);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}
