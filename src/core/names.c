/*
 * core/names — names of item kinds and question types, one table each. The
 * store, the generators and the wire all spell them through these functions,
 * so a name changes in one place. No allocation; static storage throughout.
 */
#include "core/names.h"

#include <string.h>

static const struct {
    assay_kind k;
    const char *name;
} kinds[] = {
    {ASSAY_KIND_LEVEL_QA, "level_qa"},
    {ASSAY_KIND_INTERVIEW_QA, "interview_qa"},
    {ASSAY_KIND_SCENARIO, "scenario"},
    {ASSAY_KIND_DERIVED_DEFINITION, "derived_definition"},
    {ASSAY_KIND_DERIVED_TOPIC, "derived_topic"},
    {ASSAY_KIND_DERIVED_ORDER, "derived_order"},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

static const struct {
    assay_qtype t;
    const char *name;
} qtypes[] = {
    {ASSAY_Q_MCQ, "mcq"},     {ASSAY_Q_TF, "tf"},       {ASSAY_Q_CLOZE, "cloze"},
    {ASSAY_Q_MATCH, "match"}, {ASSAY_Q_SHORT, "short"}, {ASSAY_Q_SCENARIO, "scenario"},
};
#define N_QTYPES (sizeof qtypes / sizeof qtypes[0])

const char *names_kind(int kind)
{
    for (size_t i = 0; i < N_KINDS; i++)
        if ((int)kinds[i].k == kind)
            return kinds[i].name;
    return NULL;
}

int names_kind_of(const char *s)
{
    for (size_t i = 0; s && i < N_KINDS; i++)
        if (strcmp(s, kinds[i].name) == 0)
            return (int)kinds[i].k;
    return 0;
}

const char *assay_kind_name(assay_kind k)
{
    if (k == ASSAY_KIND_ANY)
        return "any";
    const char *n = names_kind((int)k);
    return n ? n : "?";
}

int assay_kind_derived(assay_kind k)
{
    return k == ASSAY_KIND_DERIVED_DEFINITION || k == ASSAY_KIND_DERIVED_TOPIC ||
           k == ASSAY_KIND_DERIVED_ORDER;
}

assay_code assay_kind_parse(const char *name, assay_kind *out)
{
    static const struct {
        const char *name;
        assay_kind k;
    } aliases[] = {
        {"any", ASSAY_KIND_ANY},
        {"level", ASSAY_KIND_LEVEL_QA},
        {"interview", ASSAY_KIND_INTERVIEW_QA},
    };
    int k = names_kind_of(name);
    if (k) {
        *out = (assay_kind)k;
        return ASSAY_OK;
    }
    for (size_t i = 0; name && i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(name, aliases[i].name) == 0) {
            *out = aliases[i].k;
            return ASSAY_OK;
        }
    return ASSAY_EUSAGE;
}

const char *assay_qtype_name(assay_qtype t)
{
    for (size_t i = 0; i < N_QTYPES; i++)
        if (qtypes[i].t == t)
            return qtypes[i].name;
    return "?";
}

assay_code assay_qtypes_parse(const char *list, unsigned *out)
{
    unsigned bits = 0;
    const char *p = list ? list : "";
    while (*p) {
        size_t n = strcspn(p, ",");
        int found = 0;
        if (n == 3 && strncmp(p, "all", 3) == 0) {
            bits |= ASSAY_Q_ALL;
            found = 1;
        }
        for (size_t i = 0; i < N_QTYPES && !found; i++)
            if (strlen(qtypes[i].name) == n && strncmp(p, qtypes[i].name, n) == 0) {
                bits |= (unsigned)qtypes[i].t;
                found = 1;
            }
        if (!found)
            return ASSAY_EUSAGE;
        p += n;
        if (*p == ',')
            p++;
    }
    if (!bits)
        return ASSAY_EUSAGE;
    *out = bits;
    return ASSAY_OK;
}
