/*
 * test_reliability — how the bank behaves under faults (issue 15 points 2, 3,
 * 4, 5, 8, 9 and issue 8 §4): reads that never write, read-only banks, busy
 * banks, another program's database, damaged files, simulate runs killed
 * half-way, paths and URIs. Each test drives the real binary (ASSAY_BIN, or
 * $ASSAY_TEST_BIN to check an older build) against banks made for it; a few
 * reach the SQLite backend directly to hold locks or damage rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store/store.h"
#include "support.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DATA    ASSAY_TEST_DATA
#define BUNDLED ASSAY_SOURCE_DIR "/data/kb/architecture-scalability.md"
#define OTHER   DATA "/kb/numbered.md"

extern int sqlite_busy_timeout_ms; /* store/sqlite.c */

typedef struct fx {
    char *dir;
    char *db;
} fx;

static const char *bin(void)
{
    const char *b = getenv("ASSAY_TEST_BIN");
    return b && *b ? b : ASSAY_BIN;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    f->db = t_path(f->dir, "r.db");
    chmod(f->dir, 0755); /* other users (nobody) may look in */
    *state = f;
    return f->dir ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwX '%s' 2>/dev/null", f->dir);
    if (system(cmd) != 0) { /* t_rm_rf then reports what it cannot remove */
    }
    t_rm_rf(f->dir);
    free(f->db);
    free(f->dir);
    free(f);
    return 0;
}

/* Runs argv (NULL-terminated after `first`) with ASSAY_DB unset. With
 * as_nobody, through setpriv as the user nobody. */
static t_run run_v(int as_nobody, const char *const *env_extra, const char *first, va_list ap)
{
    const char *argv[48];
    size_t n = 0;
    if (as_nobody) {
        argv[n++] = "/usr/bin/setpriv";
        argv[n++] = "--reuid=nobody";
        argv[n++] = "--regid=nogroup";
        argv[n++] = "--clear-groups";
    }
    argv[n++] = bin();
    for (const char *a = first; a && n < 47; a = va_arg(ap, const char *))
        argv[n++] = a;
    argv[n] = NULL;
    const char *env[16] = {"ASSAY_DB", "NO_COLOR"};
    size_t k = 2;
    for (const char *const *e = env_extra; e && *e && k < 15; e++)
        env[k++] = *e;
    env[k] = NULL;
    t_run r;
    assert_int_equal(t_exec(argv, env, NULL, &r), 0);
    return r;
}

static t_run run(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    t_run r = run_v(0, NULL, first, ap);
    va_end(ap);
    return r;
}

static t_run run_nobody(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    t_run r = run_v(1, NULL, first, ap);
    va_end(ap);
    return r;
}

static t_run run_env(const char *const *env, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    t_run r = run_v(0, env, first, ap);
    va_end(ap);
    return r;
}

static void expect(t_run *r, int status, const char *what)
{
    if (r->status != status)
        fail_msg("%s: status %d, expected %d; stderr: %s", what, r->status, status, r->err);
}

/* SELECT count(*) ... on a database, -1 if it cannot be read. */
static long count_rows(const char *db_path, const char *sql)
{
    sqlite3 *db;
    if (access(db_path, F_OK) != 0)
        return -1;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt *st;
    long n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void sql_exec(const char *db_path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err);
    sqlite3_close(db);
}

/* A bank holding one small knowledge base from a file (not the bundled one). */
static void make_bank_without_bundled(fx *f)
{
    t_run r = run("import", "--db", f->db, OTHER, "--quiet", (const char *)NULL);
    expect(&r, 0, "import");
    t_run_free(&r);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM kb"), 1);
}

static int can_run_as_nobody(void)
{
    return access("/usr/bin/setpriv", X_OK) == 0 && getuid() == 0;
}

/* ---- issue 15 (2) and issue 8 §4: reads never write; read-only banks ------ */

static void reads_of_a_read_only_bank_work_and_show_the_bundled_base(void **state)
{
    fx *f = *state;
    if (!can_run_as_nobody())
        skip();
    char *dir = t_path(f->dir, "ro");
    free(f->db);
    f->db = t_path(dir, "r.db");
    assert_int_equal(mkdir(dir, 0755), 0);
    make_bank_without_bundled(f);
    assert_int_equal(chmod(f->db, 0444), 0);
    assert_int_equal(chmod(dir, 0555), 0);
    char before[80];
    snprintf(before, sizeof before, "%s", t_file_hash(f->db));

    t_run r = run_nobody("kbs", "--db", f->db, (const char *)NULL);
    expect(&r, 0, "kbs on a read-only bank");
    assert_non_null(strstr(r.out, "architecture-scalability"));
    assert_non_null(strstr(r.out, "bundled:architecture-scalability.md"));
    assert_non_null(strstr(r.out, "numbered"));
    t_run_free(&r);
    r = run_nobody("items", "--db", f->db, "--kb", "architecture-scalability", "--json",
                   (const char *)NULL);
    expect(&r, 0, "items");
    assert_true(t_count(r.out, "architecture-scalability") >= 250);
    t_run_free(&r);
    r = run_nobody("quiz", "--print", "--db", f->db, "--kb", "architecture-scalability", "--seed",
                   "1", "-n", "3", (const char *)NULL);
    expect(&r, 0, "quiz");
    assert_non_null(strstr(r.out, "3 questions"));
    t_run_free(&r);
    r = run_nobody("topics", "--db", f->db, (const char *)NULL);
    expect(&r, 0, "topics");
    t_run_free(&r);
    r = run_nobody("--db", f->db, (const char *)NULL); /* the overview */
    expect(&r, 0, "overview");
    t_run_free(&r);

    /* writing says it is read-only, exit 3 (the document is copied where nobody
     * can read it: the checkout may sit in a folder only root may enter) */
    size_t doc_len = 0;
    char *doc = t_read_file(BUNDLED, &doc_len);
    assert_non_null(doc);
    char *copy = t_path(f->dir, "doc.md");
    assert_int_equal(t_write_file(copy, doc, doc_len), 0);
    assert_int_equal(chmod(copy, 0644), 0);
    free(doc);
    r = run_nobody("import", "--db", f->db, copy, (const char *)NULL);
    free(copy);
    expect(&r, 3, "import into a read-only bank");
    assert_non_null(strstr(r.err, "read-only"));
    t_run_free(&r);
    r = run_nobody("calibrate", "--db", f->db, "--kb", "numbered", (const char *)NULL);
    expect(&r, 3, "calibrate on a read-only bank");
    assert_non_null(strstr(r.err, "read-only"));
    t_run_free(&r);

    assert_string_equal(t_file_hash(f->db), before); /* not a byte changed (journal mode too) */
    free(dir);
}

/* with write permission too: no read command changes a byte of the bank */
static void reads_write_nothing(void **state)
{
    fx *f = *state;
    make_bank_without_bundled(f);
    char before[80];
    snprintf(before, sizeof before, "%s", t_file_hash(f->db));
    static const char *const cmds[][7] = {
        {"kbs", NULL},
        {"topics", NULL},
        {"items", "--kb", "architecture-scalability", NULL},
        {"quiz", "--print", "--kb", "architecture-scalability", "--seed", "1", NULL},
        {"show", "aecbfd5e16a0", NULL},
        {"analyze", "--kb", "numbered", NULL},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        const char *const *c = cmds[i];
        t_run r = run(c[0], "--db", f->db, c[1], c[2], c[3], c[4], c[5], (const char *)NULL);
        if (strcmp(c[0], "analyze") != 0)
            expect(&r, 0, c[0]);
        assert_null(strstr(r.err, "imported the bundled"));
        t_run_free(&r);
        assert_string_equal(t_file_hash(f->db), before);
    }
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM kb"), 1);
}

/* the library's side: serve_bundled shows the bundled base without writing,
 * ensure_bundled then stores it and writing works again */
static void the_bundled_base_is_served_without_writing(void **state)
{
    fx *f = *state;
    make_bank_without_bundled(f);
    assay *a = assay_new();
    assay_bank *b = NULL;
    assert_int_equal(assay_bank_open(a, f->db, &b), ASSAY_OK);
    assert_int_equal(assay_bank_serve_bundled(b), ASSAY_OK);
    assay_list *l = NULL;
    assert_int_equal(assay_bank_kbs(b, &l), ASSAY_OK);
    assert_int_equal(assay_list_count(l), 2);
    assay_list_free(l);
    assay_item_filter flt;
    assay_item_filter_init(&flt);
    flt.kb = assay_bundled_kb_name();
    flt.no_derived = 1; /* the document's own items (the overlay serves derived ones too) */
    assert_int_equal(assay_bank_items(b, &flt, &l), ASSAY_OK);
    assert_int_equal(assay_list_count(l), 250);
    assay_list_free(l);
    assay_engine *e = NULL;
    assert_int_equal(assay_engine_open(b, assay_bundled_kb_name(), &e), ASSAY_OK);
    assay_engine_free(e);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM kb"), 1); /* nothing written */
    /* writing through a serving handle is refused, not half done */
    assay_doc *doc = NULL;
    assert_int_equal(assay_doc_load(a, BUNDLED, NULL, &doc), ASSAY_OK);
    assay_import_result res;
    assert_int_not_equal(assay_bank_import(b, &doc, 1, &res), ASSAY_OK);
    /* stored on demand, then writes work */
    int imported = 0;
    assert_int_equal(assay_bank_ensure_bundled(b, &imported), ASSAY_OK);
    assert_int_equal(imported, 1);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM kb"), 2);
    assert_int_equal(assay_bank_kbs(b, &l), ASSAY_OK);
    assert_int_equal(assay_list_count(l), 2);
    assay_list_free(l);
    assay_doc_free(doc);
    assay_bank_close(b);
    assay_free(a);
}

/* A child process that holds the bank's write lock for `ms` milliseconds;
 * returns its pid once the lock is taken. */
static pid_t hold_write_lock(const char *db_path, int ms)
{
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        sqlite3 *db;
        if (sqlite3_open(db_path, &db) != SQLITE_OK ||
            sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(db, "UPDATE kb SET title = title", NULL, NULL, NULL) != SQLITE_OK)
            _exit(1);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        usleep((useconds_t)ms * 1000);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(db);
        _exit(0);
    }
    close(ready[1]);
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    return pid;
}

static void reads_run_while_another_process_writes(void **state)
{
    fx *f = *state;
    make_bank_without_bundled(f);
    /* The writer holds its lock for a minute; the reads not having waited for
     * it is told by the writer still holding it when they are done (an
     * ordering, not a time: a loaded machine only makes the reads slower). */
    pid_t holder = hold_write_lock(f->db, 60000);
    t_run r = run("kbs", "--db", f->db, (const char *)NULL);
    expect(&r, 0, "kbs during a write");
    assert_non_null(strstr(r.out, "architecture-scalability"));
    t_run_free(&r);
    r = run("quiz", "--print", "--db", f->db, "--kb", "architecture-scalability", "--seed", "1",
            "-n", "2", (const char *)NULL);
    expect(&r, 0, "quiz during a write");
    t_run_free(&r);
    int st;
    pid_t done = waitpid(holder, &st, WNOHANG);
    kill(holder, SIGKILL);
    waitpid(holder, &st, 0);
    assert_int_equal(done, 0); /* the writer still held its lock: neither read waited */
}

/* ---- issue 15 (3): writers wait for each other --------------------------- */

static void a_writer_waits_for_another(void **state)
{
    fx *f = *state;
    make_bank_without_bundled(f);
    pid_t holder = hold_write_lock(f->db, 7000); /* longer than the old 5 s */
    t_run r = run("import", "--db", f->db, BUNDLED, "--quiet", (const char *)NULL);
    expect(&r, 0, "import while another process writes");
    t_run_free(&r);
    int st;
    assert_int_equal(waitpid(holder, &st, 0), holder);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM kb"), 2);
}

static void a_writer_that_gives_up_says_why(void **state)
{
    fx *f = *state;
    make_bank_without_bundled(f);
    pid_t holder = hold_write_lock(f->db, 3000);
    int keep = sqlite_busy_timeout_ms;
    sqlite_busy_timeout_ms = 300;
    errinfo e;
    err_clear(&e);
    store *s = NULL;
    assert_int_equal(store_open(f->db, NULL, &s, &e), ASSAY_OK);
    assert_int_equal(store_begin(s, 1, &e), ASSAY_ECONFLICT); /* retryable (store.h) */
    assert_non_null(strstr(e.msg, "another assay process is writing"));
    assert_non_null(strstr(e.msg, "try again"));
    store_close(s);
    sqlite_busy_timeout_ms = keep;
    int st;
    assert_int_equal(waitpid(holder, &st, 0), holder);
}

/* ---- issue 15 (4): another program's database ------------------------------- */

static void another_programs_database_is_left_untouched(void **state)
{
    fx *f = *state;
    sql_exec(f->db, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);"
                    "INSERT INTO users (name) VALUES ('kim'), ('lee');");
    char before[80];
    snprintf(before, sizeof before, "%s", t_file_hash(f->db));
    static const char *const cmds[] = {"kbs", "items", "quiz", "import"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        t_run r = strcmp(cmds[i], "import") == 0
                      ? run("import", "--db", f->db, OTHER, (const char *)NULL)
                      : run(cmds[i], "--db", f->db, (const char *)NULL);
        expect(&r, 3, cmds[i]);
        assert_non_null(strstr(r.err, "another program"));
        t_run_free(&r);
        assert_string_equal(t_file_hash(f->db), before);
        char *wal = t_path(f->dir, "r.db-wal");
        assert_int_equal(access(wal, F_OK), -1);
        free(wal);
    }
}

/* ---- issue 15 (5): damage is a storage error, not "out of memory" ----------- */

static void damaged_text_is_a_storage_error(void **state)
{
    fx *f = *state;
    t_run r = run("import", "--db", f->db, BUNDLED, "--quiet", (const char *)NULL);
    expect(&r, 0, "import");
    t_run_free(&r);
    /* bytes that are not UTF-8 inside stored text, as a damaged page gives */
    sql_exec(f->db, "UPDATE item_version SET answer = CAST(x'ec9db4ff20ed959c' AS TEXT) "
                    "WHERE rowid % 7 = 3");
    static const char *const cmds[] = {"quiz", "items", "grade"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(cmds[i], "grade") == 0) {
            char *q = t_path(f->dir, "q.json"), *a = t_path(f->dir, "a.json");
            assert_int_equal(t_write_file(q, "{\"spec\": {\"seed\": \"1\"}}", 24), 0);
            assert_int_equal(t_write_file(a, "{\"answers\": []}", 15), 0);
            r = run("grade", "--db", f->db, "--quiz", q, "--answers", a, (const char *)NULL);
            free(q);
            free(a);
            if (r.status == 2) { /* the quiz file was refused before the bank was read */
                t_run_free(&r);
                continue;
            }
        } else {
            r = run(cmds[i], "--db", f->db, (const char *)NULL);
        }
        expect(&r, 3, cmds[i]);
        assert_null(strstr(r.err, "out of memory"));
        assert_non_null(strstr(r.err, "damaged"));
        t_run_free(&r);
    }
}

/* random bytes in a bank file: never "out of memory", never a crash */
static void random_damage_is_never_out_of_memory(void **state)
{
    fx *f = *state;
    t_run r = run("import", "--db", f->db, BUNDLED, "--quiet", (const char *)NULL);
    expect(&r, 0, "import");
    t_run_free(&r);
    sql_exec(f->db, "PRAGMA journal_mode = DELETE");
    size_t len = 0;
    char *orig = t_read_file(f->db, &len);
    assert_non_null(orig);
    char *copy = malloc(len);
    uint32_t x = 12345;
    int errors = 0;
    for (int trial = 0; trial < 40; trial++) {
        memcpy(copy, orig, len);
        for (int k = 0; k < 24; k++) {
            x = x * 1664525u + 1013904223u;
            size_t at = 4096 + (x >> 8) % (len - 4096);
            x = x * 1664525u + 1013904223u;
            copy[at] = (char)(x >> 24);
        }
        assert_int_equal(t_write_file(f->db, copy, len), 0);
        char *wal = t_path(f->dir, "r.db-wal"), *shm = t_path(f->dir, "r.db-shm");
        unlink(wal);
        unlink(shm);
        free(wal);
        free(shm);
        r = run("quiz", "--print", "--db", f->db, "--seed", "1", (const char *)NULL);
        if (r.status != 0 && r.status != 3)
            fail_msg("trial %d: status %d: %s", trial, r.status, r.err);
        assert_null(strstr(r.err, "out of memory"));
        errors += r.status == 3;
        t_run_free(&r);
    }
    assert_true(errors > 0); /* the damage was seen */
    free(copy);
    free(orig);
}

/* ---- issue 15 (8): a simulate run is stored whole or not at all -------------- */

static void a_killed_simulate_leaves_no_partial_run(void **state)
{
    fx *f = *state;
    t_run r = run("import", "--db", f->db, BUNDLED, "--quiet", (const char *)NULL);
    expect(&r, 0, "import");
    t_run_free(&r);
    enum { EXAMINEES = 400 };
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execl(bin(), bin(), "simulate", "--db", f->db, "--examinees", "400", "--seed", "7",
              (char *)NULL);
        _exit(127);
    }
    /* kill it as soon as any attempt is visible (or when it has finished) */
    long seen = 0;
    int st = 0, done = 0;
    for (int i = 0; i < 60000 && !done; i++) {
        seen = count_rows(f->db, "SELECT count(*) FROM attempt");
        if (seen > 0)
            break;
        done = waitpid(pid, &st, WNOHANG) == pid;
        usleep(2000);
    }
    if (!done) {
        kill(pid, SIGKILL);
        assert_int_equal(waitpid(pid, &st, 0), pid);
    }
    long attempts = count_rows(f->db, "SELECT count(*) FROM attempt");
    long examinees = count_rows(f->db, "SELECT count(DISTINCT person) FROM attempt");
    if (attempts != 0 && examinees != EXAMINEES)
        fail_msg("a partial run: %ld attempts of %ld examinees (of %d)", attempts, examinees,
                 EXAMINEES);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM pragma_integrity_check "
                                       "WHERE integrity_check != 'ok'"),
                     0);
}

/* ---- issue 15 (9) and issue 8 §4: paths ----------------------------------------- */

static int has_entry_starting(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *de;
    int found = 0;
    while ((de = readdir(d)))
        found |= strncmp(de->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return found;
}

static void a_file_uri_leaves_no_folders_behind(void **state)
{
    fx *f = *state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char *work = t_path(f->dir, "cwd");
    assert_int_equal(mkdir(work, 0755), 0);
    assert_int_equal(chdir(work), 0);
    char uri[4200];
    snprintf(uri, sizeof uri, "file:%s", f->db);
    t_run r = run("kbs", "--db", uri, (const char *)NULL);
    assert_int_equal(chdir(cwd), 0);
    expect(&r, 0, "kbs --db file:...");
    t_run_free(&r);
    assert_false(has_entry_starting(work, "file:"));
    assert_int_equal(access(f->db, F_OK), 0);
    free(work);
}

static void a_db_path_in_a_missing_folder_is_an_error(void **state)
{
    fx *f = *state;
    char *db = t_path(f->dir, "nope/deeper/x.db"), *nope = t_path(f->dir, "nope");
    t_run r = run("kbs", "--db", db, (const char *)NULL);
    expect(&r, 3, "kbs in a missing folder");
    assert_non_null(strstr(r.err, "nope/deeper"));
    t_run_free(&r);
    assert_int_equal(access(nope, F_OK), -1);
    /* the default location is created on first use */
    char *home = t_path(f->dir, "home"), env_home[4200];
    assert_int_equal(mkdir(home, 0755), 0);
    snprintf(env_home, sizeof env_home, "HOME=%s", home);
    const char *env[] = {env_home, "XDG_DATA_HOME", NULL};
    r = run_env(env, "kbs", (const char *)NULL);
    expect(&r, 0, "kbs at the default location");
    t_run_free(&r);
    char *def = t_path(home, ".local/share/assay/assay.db");
    assert_int_equal(access(def, F_OK), 0);
    free(def);
    free(home);
    free(db);
    free(nope);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(reads_of_a_read_only_bank_work_and_show_the_bundled_base,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(reads_write_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(the_bundled_base_is_served_without_writing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reads_run_while_another_process_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(a_writer_waits_for_another, setup, teardown),
        cmocka_unit_test_setup_teardown(a_writer_that_gives_up_says_why, setup, teardown),
        cmocka_unit_test_setup_teardown(another_programs_database_is_left_untouched, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(damaged_text_is_a_storage_error, setup, teardown),
        cmocka_unit_test_setup_teardown(random_damage_is_never_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(a_killed_simulate_leaves_no_partial_run, setup, teardown),
        cmocka_unit_test_setup_teardown(a_file_uri_leaves_no_folders_behind, setup, teardown),
        cmocka_unit_test_setup_teardown(a_db_path_in_a_missing_folder_is_an_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
