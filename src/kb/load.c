/* load — reading a document from a file or standard input, within the size cap. */
#include "kb/parse.h"

#include "core/file.h"
#include "kb/formats.h"

#include <stdlib.h>
#include <string.h>

assay_code kb_load(const char *path, const kb_opts *o, kb_doc **out, errinfo *e)
{
    *out = NULL;
    int is_stdin = strcmp(path, "-") == 0;
    char *data = NULL;
    size_t n = 0;
    assay_code rc = file_read(path, o->max_bytes, "document", "max_bytes",
                              "; give the Markdown files inside it", &data, &n, e);
    if (rc != ASSAY_OK)
        return rc;
    kb_opts o2 = *o;
    if (is_stdin && !o2.kb_name)
        o2.kb_name = "stdin";
    rc = kb_parse_any(is_stdin ? "<stdin>" : path, data, n, &o2, KB_FMT_AUTO, out, e);
    free(data);
    return rc;
}
