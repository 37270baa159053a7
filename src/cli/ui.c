/*
 * ui — presenting questions, reading answers and showing feedback, for the
 * interactive sessions. Pure presentation: the caller brings the question and
 * the grade. Text is wrapped to the terminal by display width (term.c); every
 * message a learner reads goes through gettext (i18n.h). In JSON mode every
 * function prints one object a line instead, flushed at once so a script
 * driving a pipe sees it before it must answer.
 */
#include "ui.h"

#include "i18n.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ui_init(ui *u, int json, int no_color)
{
    memset(u, 0, sizeof *u);
    out_init(&u->out, stdout, no_color);
    u->json = json;
    u->tty = term_is_tty(STDIN_FILENO);
    u->width = term_width();
    u->out.width = u->width;
    term_in_init(&u->in);
}

void ui_close(ui *u)
{
    term_in_close(&u->in);
}

/* ---- small printing helpers ------------------------------------------------------ */

static void emit_json(json_t *j)
{
    if (!j)
        return;
    json_dumpf(j, stdout, JSON_COMPACT);
    json_decref(j);
    fputc('\n', stdout);
    fflush(stdout);
}

/* Prints text wrapped: the first line after `first`, the rest after `cont`,
 * all in style st. */
static void put_wrapped(ui *u, style st, const char *first, const char *cont, const char *text)
{
    char *w = term_wrap(text ? text : "", u->width, first, cont);
    if (!w)
        return;
    if (st == ST_NONE) {
        fputs(w, stdout);
    } else {
        /* style each line on its own so a pager or a resize never bleeds colour */
        for (const char *p = w; *p;) {
            size_t n = strcspn(p, "\n");
            printf("%s%.*s%s\n", out_on(&u->out, st), (int)n, p, out_off(&u->out));
            p += n + (p[n] == '\n');
        }
    }
    free(w);
}

/* Stored text as put_wrapped shows it, its Markdown links and images read
 * (term_links): with their addresses in prompts and answers, without them
 * inside an answer choice. */
static void put_md(ui *u, const char *first, const char *cont, const char *text, int addresses)
{
    char *shown = term_links(text ? text : "", addresses, _("image"));
    put_wrapped(u, ST_NONE, first, cont, shown ? shown : text);
    free(shown);
}

static void put_fmt(ui *u, style st, const char *first, const char *cont, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void put_fmt(ui *u, style st, const char *first, const char *cont, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put_wrapped(u, st, first, cont, buf);
}

void ui_notice(ui *u, const char *message)
{
    if (u->json)
        emit_json(json_pack("{s:s, s:s}", "event", "notice", "message", message));
    else
        put_wrapped(u, ST_WARN, "", "  ", message);
    fflush(stdout);
}

/* ---- presenting ------------------------------------------------------------------ */

static const char *instruction(const assay_question *q)
{
    switch (q->type) {
    case ASSAY_Q_MCQ: return _("Choose one.");
    case ASSAY_Q_TF: return _("True or false?");
    case ASSAY_Q_CLOZE: return _("Fill in the blank.");
    case ASSAY_Q_MATCH: return _("Match each question with its answer.");
    case ASSAY_Q_SHORT: return _("Answer in your own words.");
    case ASSAY_Q_SCENARIO:
        return q->n_options ? _("Choose the decision, or answer in your own words.")
                            : _("Answer in your own words.");
    }
    return "";
}

static const char *how_to_answer(const assay_question *q)
{
    switch (q->type) {
    case ASSAY_Q_MCQ: return _("Type its number, its letter or its text.");
    case ASSAY_Q_TF: return _("Type o (true) or x (false).");
    case ASSAY_Q_MATCH:
        return _("Type a letter for each number, as 1b 2a 3c, or the letters in order.");
    case ASSAY_Q_SCENARIO:
        return q->n_options ? _("Type a number, or write your answer.") : _("Write your answer.");
    default: return _("Write your answer.");
    }
}

static void progress_line(ui *u, const ui_view *v, char *buf, size_t cap)
{
    (void)u;
    size_t n = 0;
    if (v->n)
        n = (size_t)snprintf(buf, cap, _("Question %zu of %zu"), v->k, v->n);
    else
        n = (size_t)snprintf(buf, cap, _("Question %zu"), v->k);
    if (v->topics && n < cap) {
        snprintf(buf + n, cap - n, " · ");
        n = strlen(buf);
        snprintf(buf + n, cap - n, _("%zu of %zu topics decided"), v->decided, v->topics);
    }
}

void ui_show_question(ui *u, const assay_question *q, const ui_view *v)
{
    if (u->json)
        return;              /* JSON lines: the session's own question line (cmd_session.c) */
    u->width = term_width(); /* the terminal may have been resized */
    u->out.width = u->width;
    char prog[256], head[1024], lv[128] = "";
    progress_line(u, v, prog, sizeof prog);
    if (q->level) {
        char l[64];
        snprintf(l, sizeof l, _("Level %d"), q->level);
        if (v->level_label && *v->level_label)
            snprintf(lv, sizeof lv, " · %s (%s)", l, v->level_label);
        else
            snprintf(lv, sizeof lv, " · %s", l);
    }
    printf("\n");
    put_wrapped(u, ST_DIM, "", "", prog);
    snprintf(head, sizeof head, "%s%s", q->type == ASSAY_Q_MATCH ? q->prompt : q->topic, lv);
    put_wrapped(u, ST_BOLD, "", "  ", head);
    /* a matching question's prompt only names the topic again, "(+N)" when
     * its pairs come from N more (the header has it); the translated
     * instruction follows */
    if (q->type != ASSAY_Q_MATCH)
        put_md(u, "  ", "  ", q->prompt, 1);
    char first[32];
    switch (q->type) {
    case ASSAY_Q_TF: put_md(u, "  → ", "    ", q->statement, 1); break;
    case ASSAY_Q_MATCH:
        for (size_t i = 0; i < q->n_pairs; i++) {
            snprintf(first, sizeof first, "  %zu) ", i + 1);
            put_md(u, first, "     ", q->left[i], 0);
        }
        printf("\n");
        for (size_t i = 0; i < q->n_pairs; i++) {
            snprintf(first, sizeof first, "  %c) ", (char)('a' + i));
            put_md(u, first, "     ", q->right[i], 0);
        }
        break;
    default:
        for (size_t i = 0; i < q->n_options; i++) {
            snprintf(first, sizeof first, "  %zu) ", i + 1);
            put_md(u, first, "     ", q->options[i], 0);
        }
        break;
    }
    char ins[512];
    snprintf(ins, sizeof ins, "%s %s", instruction(q), how_to_answer(q));
    put_wrapped(u, ST_DIM, "  ", "  ", ins);
    fflush(stdout);
}

/* ---- parsing answers -------------------------------------------------------------- */

static int is_word(const char *line, const char *const *words)
{
    for (; *words; words++)
        if (strcasecmp(line, *words) == 0)
            return 1;
    return 0;
}

/* "12" → 12; -1 when line is not a plain number. A trailing ')' or '.' is allowed. */
static long plain_number(const char *s)
{
    size_t n = strlen(s);
    if (n && (s[n - 1] == ')' || s[n - 1] == '.'))
        n--;
    if (n == 0 || n > 4)
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "b" or "B)" → 1; -1 when s is not one ASCII letter. */
static int plain_letter(const char *s)
{
    size_t n = strlen(s);
    if (n == 2 && (s[1] == ')' || s[1] == '.'))
        n = 1;
    if (n != 1)
        return -1;
    if (s[0] >= 'a' && s[0] <= 'z')
        return s[0] - 'a';
    if (s[0] >= 'A' && s[0] <= 'Z')
        return s[0] - 'A';
    return -1;
}

/* Compares ignoring ASCII case and runs of white space. */
static int same_text(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
        a++;
        b++;
    }
}

static ui_action choice_of(const assay_question *q, const char *line, ui_reply *r, int text_ok)
{
    long num = plain_number(line);
    int let = plain_letter(line);
    if (num >= 0 || let >= 0) {
        long i = num >= 0 ? num - 1 : let;
        if (i < 0 || (size_t)i >= q->n_options) {
            r->why = _("There is no option with that number or letter.");
            return r->action = UI_RANGE;
        }
        r->ans.choice = (int)i;
        return r->action = UI_ANSWER;
    }
    for (size_t i = 0; i < q->n_options; i++)
        if (same_text(line, q->options[i])) {
            r->ans.choice = (int)i;
            return r->action = UI_ANSWER;
        }
    if (text_ok) {
        r->ans.text = r->text;
        return r->action = UI_ANSWER;
    }
    r->why = _("Type the option's number, its letter, or its whole text.");
    return r->action = UI_BAD;
}

static ui_action truth_of(const char *line, ui_reply *r)
{
    static const char *const yes[] = {"o",    "t",    "y",  "1",  "true", "yes", "참",
                                      "맞다", "맞음", "예", "네", "○",    NULL};
    static const char *const no[] = {"x",      "f",    "n",      "0",      "false", "no", "거짓",
                                     "틀리다", "틀림", "아니오", "아니요", "×",     NULL};
    if (is_word(line, yes))
        r->ans.truth = 1;
    else if (is_word(line, no))
        r->ans.truth = 0;
    else {
        r->why = _("Type o or x (also t/f, y/n, 1/0, 참/거짓).");
        return r->action = UI_BAD;
    }
    return r->action = UI_ANSWER;
}

/* "1b 2a 3c" (any order, also 1-b, 1:b, 1=b), "b a c" or "bac". */
static ui_action pairs_of(const assay_question *q, const char *line, ui_reply *r)
{
    size_t n = q->n_pairs;
    if (n == 0 || n > UI_MAX_PAIRS) {
        r->why = _("This question cannot be answered here.");
        return r->action = UI_BAD;
    }
    for (size_t i = 0; i < n; i++)
        r->pairs[i] = -1;
    char tok[UI_MAX_PAIRS * 2][16];
    size_t nt = 0;
    for (const char *p = line; *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (!*p)
            break;
        size_t k = strcspn(p, " ,\t");
        if (k >= sizeof tok[0] || nt >= sizeof tok / sizeof tok[0]) {
            r->why = _("Type a letter for each number, as 1b 2a 3c.");
            return r->action = UI_BAD;
        }
        memcpy(tok[nt], p, k);
        tok[nt++][k] = '\0';
        p += k;
    }
    int numbered = nt > 0 && tok[0][0] >= '0' && tok[0][0] <= '9';
    if (!numbered && nt == 1 && strlen(tok[0]) == n) { /* "bac" */
        char letters[UI_MAX_PAIRS + 1];
        memcpy(letters, tok[0], n + 1);
        for (size_t i = 0; i < n; i++) {
            tok[i][0] = letters[i];
            tok[i][1] = '\0';
        }
        nt = n;
    }
    for (size_t t = 0; t < nt; t++) {
        size_t left;
        const char *l;
        if (numbered) {
            char *end;
            unsigned long v = strtoul(tok[t], &end, 10);
            if (end == tok[t]) {
                r->why = _("Type a letter for each number, as 1b 2a 3c.");
                return r->action = UI_BAD;
            }
            if (*end == '-' || *end == ':' || *end == '=' || *end == ')')
                end++;
            if (v < 1 || v > n) {
                r->why = _("There is no question with that number.");
                return r->action = UI_RANGE;
            }
            left = (size_t)v - 1;
            l = end;
        } else {
            if (nt != n) {
                r->why = _("Give one letter for each numbered question.");
                return r->action = UI_BAD;
            }
            left = t;
            l = tok[t];
        }
        int let = plain_letter(l);
        if (let < 0) {
            r->why = _("Type a letter for each number, as 1b 2a 3c.");
            return r->action = UI_BAD;
        }
        if ((size_t)let >= n) {
            r->why = _("There is no answer with that letter.");
            return r->action = UI_RANGE;
        }
        if (r->pairs[left] >= 0) {
            r->why = _("A number was given twice.");
            return r->action = UI_BAD;
        }
        r->pairs[left] = let;
    }
    for (size_t i = 0; i < n; i++)
        if (r->pairs[i] < 0) {
            r->why = _("Give one letter for each numbered question.");
            return r->action = UI_BAD;
        }
    r->ans.pairs = r->pairs;
    r->ans.n_pairs = n;
    return r->action = UI_ANSWER;
}

ui_action ui_parse_answer(const assay_question *q, const char *line, ui_reply *r)
{
    memset(r, 0, sizeof *r);
    r->ans = (assay_answer)ASSAY_ANSWER_INIT;
    r->text = strdup(line);
    if (!r->text)
        return r->action = UI_BAD;
    if (!*line)
        return r->action = UI_EMPTY;
    if (strcmp(line, "?") == 0)
        return r->action = UI_HELP;
    if (strcmp(line, "s") == 0 || strcmp(line, "S") == 0)
        return r->action = UI_SKIP;
    if (strcmp(line, "q") == 0 || strcmp(line, "Q") == 0)
        return r->action = UI_QUIT;
    switch (q->type) {
    case ASSAY_Q_MCQ: return choice_of(q, line, r, 0);
    case ASSAY_Q_TF: return truth_of(line, r);
    case ASSAY_Q_MATCH: return pairs_of(q, line, r);
    case ASSAY_Q_SCENARIO:
        if (q->n_options)
            return choice_of(q, line, r, 1);
        break;
    default: break;
    }
    r->ans.text = r->text;
    return r->action = UI_ANSWER;
}

void ui_reply_free(ui_reply *r)
{
    if (!r)
        return;
    free(r->text);
    r->text = NULL;
    r->ans.text = NULL;
}

/* ---- reading -------------------------------------------------------------------- */

static void show_help(ui *u, const assay_question *q)
{
    char b[512];
    if (q->n_options)
        snprintf(b, sizeof b,
                 _("Answer by number (1-%zu), by letter (a-%c) or with the option's text."),
                 q->n_options, (char)('a' + q->n_options - 1));
    else
        snprintf(b, sizeof b, "%s", how_to_answer(q));
    put_wrapped(u, ST_NONE, "  ", "  ", b);
    put_wrapped(u, ST_NONE, "  ", "  ",
                _("s: skip this question · q: quit (your answers so far are kept) · ?: this help"));
}

static void refuse(ui *u, const ui_view *v, const char *reason, const char *msg)
{
    if (u->json) {
        emit_json(json_pack("{s:s, s:I, s:s, s:s}", "event", "invalid", "n", (json_int_t)v->k,
                            "reason", reason, "message", msg));
        return;
    }
    put_wrapped(u, ST_WARN, "  ", "  ", msg);
    fflush(stdout);
}

int ui_read_answer(ui *u, const assay_question *q, const ui_view *v, ui_reply *reply)
{
    memset(reply, 0, sizeof *reply);
    for (;;) {
        char *line = NULL;
        term_line tl = term_read(&u->in, u->tty && !u->json ? "> " : NULL, &line);
        switch (tl) {
        case TERM_LINE_EOF:
            if (u->tty && !u->json)
                printf("\n");
            reply->action = UI_QUIT;
            return UI_QUIT;
        case TERM_LINE_NOMEM: return -1;
        case TERM_LINE_TOO_LONG:
            refuse(u, v, "too_long",
                   _("That line is too long (at most 64 KiB). Please answer again."));
            continue;
        case TERM_LINE_BAD_UTF8:
            refuse(u, v, "utf8",
                   _("That line is not valid UTF-8 text (check the terminal's encoding). Please "
                     "answer again."));
            continue;
        case TERM_LINE_OK: break;
        }
        if (!u->tty && !u->json) /* a transcript shows what was answered */
            printf("> %s\n", line);
        ui_action a = ui_parse_answer(q, line, reply);
        free(line);
        switch (a) {
        case UI_ANSWER:
        case UI_SKIP:
        case UI_QUIT: return (int)a;
        case UI_HELP:
            if (u->json)
                refuse(u, v, "help", how_to_answer(q));
            else
                show_help(u, q);
            break;
        case UI_EMPTY:
            refuse(u, v, "empty", _("Type an answer, or s to skip, q to quit, ? for help."));
            break;
        case UI_RANGE: refuse(u, v, "range", reply->why); break;
        case UI_BAD:
            if (!reply->text) {
                ui_reply_free(reply);
                return -1;
            }
            refuse(u, v, "bad", reply->why);
            break;
        }
        ui_reply_free(reply);
    }
}

/* ---- feedback ------------------------------------------------------------------- */

/* The correct answer as a line of text, in buf. */
static void correct_text(const assay_question *q, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    switch (q->type) {
    case ASSAY_Q_MCQ:
    case ASSAY_Q_SCENARIO:
        if (q->n_options && q->key >= 0 && (size_t)q->key < q->n_options)
            snprintf(buf, cap, "%d) %s", q->key + 1, q->options[q->key]);
        break;
    case ASSAY_Q_TF: snprintf(buf, cap, "%s", q->key ? _("true (o)") : _("false (x)")); break;
    case ASSAY_Q_CLOZE:
        for (size_t i = 0; i < q->n_accept && n < cap; i++) {
            snprintf(buf + n, cap - n, "%s%s", i ? " / " : "", q->accept[i]);
            n = strlen(buf);
        }
        if (!q->n_accept && q->answer)
            snprintf(buf, cap, "%s", q->answer);
        break;
    case ASSAY_Q_MATCH:
        for (size_t i = 0; i < q->n_pairs && n < cap; i++) {
            snprintf(buf + n, cap - n, "%s%zu%c", i ? " " : "", i + 1, (char)('a' + q->pairs[i]));
            n = strlen(buf);
        }
        break;
    case ASSAY_Q_SHORT: break;
    }
}

static void join_list(const char *const *v, size_t n, char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && k < cap; i++) {
        snprintf(buf + k, cap - k, "%s%s", i ? ", " : "", v[i]);
        k = strlen(buf);
    }
}

static const char *reference_of(const assay_question *q, const assay_grade *g)
{
    if (g && g->reference)
        return g->reference;
    if (q->type == ASSAY_Q_SHORT || q->type == ASSAY_Q_SCENARIO || q->type == ASSAY_Q_CLOZE)
        return q->answer;
    return NULL;
}

void ui_show_feedback(ui *u, const assay_question *q, const ui_view *v, const ui_reply *r,
                      const assay_grade *g)
{
    (void)v;
    if (u->json)
        return; /* JSON lines: the session's own feedback line */
    int skipped = !g || !r || r->action == UI_SKIP;
    int free_text = r && r->ans.text && q->type != ASSAY_Q_CLOZE;
    char buf[2048];
    if (skipped)
        put_wrapped(u, ST_WARN, "  ", "  ", _("Skipped."));
    else if (g->correct && g->score >= 0.999)
        put_wrapped(u, ST_OK, "  ", "  ", _("✓ Right."));
    else if (g->correct)
        put_fmt(u, ST_OK, "  ", "  ", _("✓ Right (score %.2f)."), g->score);
    else if (g->score > 0)
        put_fmt(u, ST_WARN, "  ", "  ", _("△ Partly right (score %.2f)."), g->score);
    else
        put_wrapped(u, ST_ERR, "  ", "  ", _("✗ Wrong."));
    if (!skipped && g->typo && g->matched)
        put_fmt(u, ST_NONE, "  ", "    ", _("Accepted as a near miss of \"%s\"."), g->matched);
    correct_text(q, buf, sizeof buf);
    if (*buf && !(g && g->correct && g->score >= 0.999 && !free_text)) {
        char lead[128];
        snprintf(lead, sizeof lead, "  %s ", _("The answer:"));
        char *shown = term_links(buf, 0, _("image")); /* a choice's links are their text */
        put_wrapped(u, ST_BOLD, lead, "    ", shown ? shown : buf);
        free(shown);
    }
    if (q->type == ASSAY_Q_MATCH && !skipped && g->score < 0.999) {
        for (size_t i = 0; i < q->n_pairs; i++)
            if (r->pairs[i] != q->pairs[i]) {
                snprintf(buf, sizeof buf, "%zu) %s → %c) %s", i + 1, q->left[i],
                         (char)('a' + q->pairs[i]), q->right[q->pairs[i]]);
                put_md(u, "    ", "      ", buf, 0);
            }
    }
    const char *ref = reference_of(q, g);
    if (ref && *ref && q->type != ASSAY_Q_CLOZE && q->type != ASSAY_Q_MATCH) {
        char lead[128];
        snprintf(lead, sizeof lead, "  %s ", _("Reference answer:"));
        char *linked = term_links(ref, 1, _("image"));
        char *shown =
            term_tables(linked ? linked : ref); /* tables aligned; code and tables unwrapped */
        const char *t = shown ? shown : linked ? linked : ref;
        if (t[0] == '|' || strncmp(t, "```", 3) == 0 || strncmp(t, "~~~", 3) == 0) {
            printf("%s\n", lead); /* a table or code starts on its own line, not after the label */
            put_wrapped(u, ST_NONE, "    ", "    ", t);
        } else {
            put_wrapped(u, ST_NONE, lead, "    ", t);
        }
        free(shown);
        free(linked);
    }
    if (!skipped && (g->n_covered || g->n_missed)) {
        char lead[128];
        if (g->n_covered) {
            join_list(g->covered, g->n_covered, buf, sizeof buf);
            snprintf(lead, sizeof lead, "  %s ", _("Covered:"));
            put_wrapped(u, ST_OK, lead, "    ", buf);
        }
        if (g->n_missed) {
            join_list(g->missed, g->n_missed, buf, sizeof buf);
            snprintf(lead, sizeof lead, "  %s ", _("Missed:"));
            put_wrapped(u, ST_WARN, lead, "    ", buf);
        }
    }
    snprintf(buf, sizeof buf, "%s %s:%ld · %s", _("Source:"), q->source_file, q->source_line,
             q->topic);
    put_wrapped(u, ST_DIM, "  ", "    ", buf);
    fflush(stdout);
}

/* ---- the quiz's tally ----------------------------------------------------------- */

typedef struct tally_row {
    char *name;
    int number;
    size_t asked, answered;
    double score;
} tally_row;

typedef struct tally_miss {
    size_t k;
    assay_qtype type;
    char *topic, *prompt, *item;
    int skipped;
} tally_miss;

struct ui_tally {
    tally_row *topics;
    size_t n_topics, cap_topics;
    tally_row types[6];
    tally_miss *miss;
    size_t n_miss, cap_miss;
    size_t asked, answered, skipped;
    double score;
};

static const assay_qtype type_order[6] = {ASSAY_Q_MCQ,   ASSAY_Q_TF,    ASSAY_Q_CLOZE,
                                          ASSAY_Q_MATCH, ASSAY_Q_SHORT, ASSAY_Q_SCENARIO};

ui_tally *ui_tally_new(void)
{
    return calloc(1, sizeof(ui_tally));
}

void ui_tally_free(ui_tally *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_topics; i++)
        free(t->topics[i].name);
    for (size_t i = 0; i < t->n_miss; i++) {
        free(t->miss[i].topic);
        free(t->miss[i].prompt);
        free(t->miss[i].item);
    }
    free(t->topics);
    free(t->miss);
    free(t);
}

static tally_row *topic_row(ui_tally *t, const char *topic)
{
    for (size_t i = 0; i < t->n_topics; i++)
        if (strcmp(t->topics[i].name, topic) == 0)
            return &t->topics[i];
    if (t->n_topics == t->cap_topics) {
        size_t cap = t->cap_topics ? t->cap_topics * 2 : 8;
        tally_row *p = realloc(t->topics, cap * sizeof *p);
        if (!p)
            return NULL;
        t->topics = p;
        t->cap_topics = cap;
    }
    tally_row *r = &t->topics[t->n_topics];
    memset(r, 0, sizeof *r);
    if (!(r->name = strdup(topic)))
        return NULL;
    t->n_topics++;
    return r;
}

/* The first line of a prompt, for the list of missed questions. */
static char *first_line(const char *s)
{
    size_t n = strcspn(s, "\n");
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

int ui_tally_add(ui_tally *t, const assay_question *q, size_t k, double score)
{
    tally_row *tr = topic_row(t, q->topic);
    if (!tr)
        return -1;
    size_t ti = 0;
    while (ti < 5 && type_order[ti] != q->type)
        ti++;
    tally_row *yr = &t->types[ti];
    int skipped = score < 0;
    double s = skipped ? 0 : score;
    tr->asked++;
    yr->asked++;
    t->asked++;
    if (!skipped) {
        tr->answered++;
        yr->answered++;
        t->answered++;
    } else {
        t->skipped++;
    }
    tr->score += s;
    yr->score += s;
    t->score += s;
    if (s < 0.999) {
        if (t->n_miss == t->cap_miss) {
            size_t cap = t->cap_miss ? t->cap_miss * 2 : 8;
            tally_miss *p = realloc(t->miss, cap * sizeof *p);
            if (!p)
                return -1;
            t->miss = p;
            t->cap_miss = cap;
        }
        tally_miss *m = &t->miss[t->n_miss];
        m->k = k;
        m->type = q->type;
        m->skipped = skipped;
        m->topic = strdup(q->topic);
        m->prompt = first_line(q->type == ASSAY_Q_MATCH ? instruction(q) : q->prompt);
        m->item = strdup(q->item_id);
        t->n_miss++;
        if (!m->topic || !m->prompt || !m->item)
            return -1;
    }
    return 0;
}

void ui_tally_topic_number(ui_tally *t, const char *topic, int number)
{
    for (size_t i = 0; i < t->n_topics; i++)
        if (strcmp(t->topics[i].name, topic) == 0)
            t->topics[i].number = number;
}

static const tally_row *weakest(const ui_tally *t)
{
    const tally_row *w = NULL;
    for (size_t i = 0; i < t->n_topics; i++) {
        const tally_row *r = &t->topics[i];
        if (r->asked && (!w || r->score / (double)r->asked < w->score / (double)w->asked))
            w = r;
    }
    return w && w->score < (double)w->asked - 0.001 ? w : NULL;
}

static void rows_table(ui *u, const char *head, const tally_row *rows, size_t n, int types)
{
    table_col cols[] = {{head, AL_LEFT, ST_NONE, 1},
                        {_("score"), AL_RIGHT, ST_NONE, 0},
                        {"%", AL_RIGHT, ST_BOLD, 0}};
    table tb;
    table_init(&tb, cols, 3);
    for (size_t i = 0; i < n; i++) {
        const tally_row *r = &rows[i];
        if (!r->asked)
            continue;
        char name[512], sc[64], pc[16];
        if (types)
            snprintf(name, sizeof name, "%s", assay_qtype_name(type_order[i]));
        else if (r->number)
            snprintf(name, sizeof name, "%d. %s", r->number, r->name);
        else
            snprintf(name, sizeof name, "%s", r->name);
        snprintf(sc, sizeof sc, "%.2f / %zu", r->score, r->asked);
        snprintf(pc, sizeof pc, "%.0f%%", 100.0 * r->score / (double)r->asked);
        const char *cells[] = {name, sc, pc};
        table_add(&tb, cells);
    }
    /* indent the table by two columns */
    term_out o = u->out;
    o.width = u->width > 2 ? u->width - 2 : u->width;
    fflush(stdout);
    table_print(&tb, &o);
    table_free(&tb);
}

void ui_show_quiz_summary(ui *u, const ui_tally *t, size_t total, int quit)
{
    if (u->json) { /* JSON lines: the session's own summary line */
        return;
    }
    printf("\n");
    if (quit)
        put_fmt(u, ST_WARN, "", "  ", _("Stopped after %zu of %zu questions."), t->asked, total);
    put_fmt(u, ST_BOLD, "", "  ", _("Score: %.2f of %zu (%.0f%%)"), t->score, t->asked,
            t->asked ? 100.0 * t->score / (double)t->asked : 0.0);
    if (t->skipped)
        put_fmt(u, ST_NONE, "", "  ", _("%zu skipped."), t->skipped);
    if (!t->asked)
        return;
    printf("\n");
    rows_table(u, _("By topic"), t->topics, t->n_topics, 0);
    printf("\n");
    rows_table(u, _("By type"), t->types, 6, 1);
    if (t->n_miss) {
        printf("\n");
        put_wrapped(u, ST_BOLD, "", "", _("To go over"));
        for (size_t i = 0; i < t->n_miss; i++) {
            const tally_miss *m = &t->miss[i];
            char first[32], line[1024];
            snprintf(first, sizeof first, "  %zu. ", m->k);
            snprintf(line, sizeof line, "[%s] %s — %s%s", assay_qtype_name(m->type), m->topic,
                     m->prompt, m->skipped ? _(" (skipped)") : "");
            put_wrapped(u, ST_NONE, first, "      ", line);
        }
    }
    const tally_row *w = weakest(t);
    printf("\n");
    put_wrapped(u, ST_BOLD, "", "", _("Next"));
    if (t->n_miss)
        put_fmt(u, ST_NONE, "  ", "    ", "assay review  — %s",
                _("go over the questions you missed"));
    if (w) {
        char cmd[300];
        if (w->number)
            snprintf(cmd, sizeof cmd, "assay quiz -t %d", w->number);
        else
            snprintf(cmd, sizeof cmd, "assay quiz -t '%s'", w->name);
        put_fmt(u, ST_NONE, "  ", "    ", "%s  — %s: %s", cmd, _("more on your weakest topic"),
                w->name);
    }
    if (!t->n_miss)
        put_wrapped(u, ST_NONE, "  ", "    ",
                    _("All right. Try a higher level with --level, or assay assess."));
    fflush(stdout);
}

/* ---- the assessment's profile --------------------------------------------------- */

static const char *stop_text(const char *stop)
{
    if (strcmp(stop, "decided") == 0)
        return _("every topic is decided");
    if (strcmp(stop, "max_items") == 0)
        return _("the question limit was reached");
    if (strcmp(stop, "no_items") == 0)
        return _("no questions were left");
    return _("not finished");
}

/* Why it stopped, as a person would say it: "decided" also covers topics that
 * ran out of questions, which are not decided. */
static const char *stop_reason(const assay_profile *p)
{
    if (strcmp(p->stop, "decided") == 0)
        for (size_t i = 0; i < p->n_topics; i++)
            if (strcmp(p->topics[i].status, "exhausted") == 0)
                return _("no questions were left for some topics");
    return stop_text(p->stop);
}

static const char *status_text(const char *s)
{
    if (strcmp(s, "classified") == 0)
        return _("decided");
    if (strcmp(s, "precise") == 0)
        return _("precise enough");
    if (strcmp(s, "capped") == 0)
        return _("question cap reached");
    if (strcmp(s, "exhausted") == 0)
        return _("no questions left");
    return _("open");
}

void ui_show_profile(ui *u, const assay_profile *p, int quit)
{
    if (u->json || !p)
        return; /* JSON lines: the session's summary carries the profile */
    printf("\n");
    if (quit)
        put_fmt(u, ST_WARN, "", "  ", _("Stopped after %zu answers; the profile so far:"),
                p->answered);
    else
        put_fmt(u, ST_BOLD, "", "  ", _("Assessment finished after %zu answers: %s."), p->answered,
                stop_reason(p));
    for (size_t i = 0; i < p->n_topics; i++) {
        const assay_topic_level *t = &p->topics[i];
        char first[32], buf[1024];
        printf("\n");
        if (t->topic_number)
            snprintf(first, sizeof first, "  %d. ", t->topic_number);
        else
            snprintf(first, sizeof first, "  ");
        put_wrapped(u, ST_BOLD, first, "     ", t->topic);
        if (t->answered == 0) { /* a level without one answer would be the prior speaking */
            put_wrapped(u, ST_DIM, "     ", "     ", _("not asked yet: no level"));
            continue;
        }
        snprintf(buf, sizeof buf, _("Level %d, %.0f%%"), t->level, 100.0 * t->level_prob);
        put_wrapped(u, ST_OK, "     ", "     ", buf);
        size_t n = 0;
        for (int l = 0; l < p->n_levels && n < sizeof buf; l++) {
            snprintf(buf + n, sizeof buf - n, "%sL%d %.0f%%", l ? " · " : "", l + 1,
                     100.0 * t->probs[l]);
            n = strlen(buf);
        }
        put_wrapped(u, ST_NONE, "     ", "     ", buf);
        snprintf(buf, sizeof buf, _("ability %.2f ± %.2f · %zu answers · %s"), t->ability.eap,
                 t->ability.psd, t->answered, status_text(t->status));
        put_wrapped(u, ST_DIM, "     ", "     ", buf);
    }
    printf("\n");
    char buf[512];
    snprintf(buf, sizeof buf, _("Overall: Level %d · ability %.2f ± %.2f"), p->overall_level,
             p->overall.eap, p->overall.psd);
    put_wrapped(u, ST_BOLD, "", "  ", buf);
    put_wrapped(u, ST_DIM, "", "  ",
                _("Ability is on the logit scale (0 = the middle of the levels); ± is one "
                  "posterior standard deviation."));
    fflush(stdout);
}

/* ---- keeping a question ----------------------------------------------------------- */

static char *dup_or_null(const char *s, int *oom)
{
    if (!s)
        return NULL;
    char *p = strdup(s);
    if (!p)
        *oom = 1;
    return p;
}

static const char **dup_strings(const char *const *v, size_t n, int *oom)
{
    if (!v || !n)
        return NULL;
    const char **a = calloc(n, sizeof *a);
    if (!a) {
        *oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        a[i] = dup_or_null(v[i], oom);
    return a;
}

static void free_strings(const char *const *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free((void *)(uintptr_t)v[i]);
    free((void *)(uintptr_t)v);
}

assay_question *ui_question_dup(const assay_question *q)
{
    assay_question *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    int oom = 0;
    *c = *q;
    c->item_id = dup_or_null(q->item_id, &oom);
    c->kb = dup_or_null(q->kb, &oom);
    c->topic = dup_or_null(q->topic, &oom);
    c->prompt = dup_or_null(q->prompt, &oom);
    c->statement = dup_or_null(q->statement, &oom);
    c->answer = dup_or_null(q->answer, &oom);
    c->source_file = dup_or_null(q->source_file, &oom);
    c->options = dup_strings(q->options, q->n_options, &oom);
    c->left = dup_strings(q->left, q->n_pairs, &oom);
    c->right = dup_strings(q->right, q->n_pairs, &oom);
    c->accept = dup_strings(q->accept, q->n_accept, &oom);
    c->pairs = NULL;
    if (q->pairs && q->n_pairs) {
        int *p = calloc(q->n_pairs, sizeof *p);
        if (p)
            memcpy(p, q->pairs, q->n_pairs * sizeof *p);
        else
            oom = 1;
        c->pairs = p;
    }
    if (oom) {
        ui_question_free(c);
        return NULL;
    }
    return c;
}

void ui_question_free(assay_question *c)
{
    if (!c)
        return;
    free((void *)(uintptr_t)c->item_id);
    free((void *)(uintptr_t)c->kb);
    free((void *)(uintptr_t)c->topic);
    free((void *)(uintptr_t)c->prompt);
    free((void *)(uintptr_t)c->statement);
    free((void *)(uintptr_t)c->answer);
    free((void *)(uintptr_t)c->source_file);
    free_strings(c->options, c->n_options);
    free_strings(c->left, c->n_pairs);
    free_strings(c->right, c->n_pairs);
    free_strings(c->accept, c->n_accept);
    free((void *)(uintptr_t)c->pairs);
    free(c);
}

void ui_show_start(ui *u, const char *kind, size_t questions, uint64_t seed)
{
    if (u->json) {
        json_t *o =
            json_pack("{s:s, s:s, s:I}", "event", "start", "kind", kind, "seed", (json_int_t)seed);
        if (o)
            json_object_set_new(o, "questions",
                                questions ? json_integer((json_int_t)questions) : json_null());
        emit_json(o);
        return;
    }
    if (strcmp(kind, "review") == 0)
        put_fmt(u, ST_BOLD, "", "  ", _("Review: %zu items due"), questions);
    else if (strcmp(kind, "quiz") == 0 && seed)
        put_fmt(u, ST_BOLD, "", "  ", _("Quiz: %zu questions · seed %llu"), questions,
                (unsigned long long)seed);
    else if (strcmp(kind, "quiz") == 0)
        put_fmt(u, ST_BOLD, "", "  ", _("Quiz: %zu questions"), questions);
    else if (seed)
        put_fmt(u, ST_BOLD, "", "  ", _("Adaptive assessment · at most %zu questions · seed %llu"),
                questions, (unsigned long long)seed);
    else
        put_fmt(u, ST_BOLD, "", "  ", _("Adaptive assessment · at most %zu questions"), questions);
    if (u->tty)
        put_wrapped(u, ST_DIM, "", "  ", _("Type ? for help, s to skip a question, q to quit."));
    fflush(stdout);
}
