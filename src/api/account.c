/*
 * api/account — accounts and sign-ins for the web server (assay.h,
 * "Accounts and sign-ins"). Passwords become Argon2id hashes through
 * libsodium's crypto_pwhash_str with the interactive limits; a sign-in's
 * token is 32 random bytes in base64url, stored only as its SHA-256 so that a
 * copy of the bank cannot sign anybody in. Checking a password for an unknown
 * name still spends one hash, so the answer's time does not tell names apart.
 * Accounts are listed (never with their hash) and given roles by the
 * operator's CLI and the admins' web routes. Never logs a password or a token.
 */
#include "api/api_int.h"

#include "core/hash.h"
#include "core/u8.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SIGNIN_TTL_MAX 100000000 /* seconds: about three years */
#define WRONG_SIGNIN   "wrong name or password"

static int64_t clock_now(void)
{
    return (int64_t)time(NULL);
}

/* 0 when `name` is a valid account name; else -1 with the error set. */
static int check_name(errinfo *e, const char *name)
{
    size_t n = name ? strlen(name) : 0, bad = 0;
    if (n == 0 || n > ASSAY_ACCOUNT_NAME_MAX) {
        err_set_param(e, ASSAY_EINPUT, "name", "a name is 1 to %d bytes", ASSAY_ACCOUNT_NAME_MAX);
        return -1;
    }
    if (u8_check(name, n, &bad) != 0) {
        err_set_param(e, ASSAY_EINPUT, "name", "a name is UTF-8 text");
        return -1;
    }
    for (size_t i = 0; i < n;) {
        int32_t cp = 0;
        i += u8_decode(name + i, n - i, &cp);
        if (cp < 0x21 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == ',' || cp == '/' ||
            u8_is_space(cp)) {
            err_set_param(e, ASSAY_EINPUT, "name",
                          "a name has no white space, control character, ',' or '/'");
            return -1;
        }
    }
    return 0;
}

static int check_password(errinfo *e, const char *pw)
{
    size_t n = pw ? strlen(pw) : 0;
    if (n < ASSAY_PASSWORD_MIN || n > ASSAY_PASSWORD_MAX) {
        err_set_param(e, ASSAY_EINPUT, "password", "a password is %d to %d bytes",
                      ASSAY_PASSWORD_MIN, ASSAY_PASSWORD_MAX);
        return -1;
    }
    return 0;
}

/* The account named `name` (NFC) into *row (in mem); ASSAY_ENOTFOUND with msg when none. */
static assay_code find_account(assay_bank *b, arena *mem, const char *name, store_account **row,
                               const char *msg)
{
    size_t n = strlen(name), nn = 0;
    char *nfc = u8_nfc(name, n, &nn);
    if (!nfc)
        return err_set(&b->a->err, ASSAY_ENOTFOUND, "%s", msg);
    assay_code rc = store_account_get(b->s, nfc, mem, row, &b->a->err);
    free(nfc);
    if (rc == ASSAY_OK && !*row)
        rc = err_set(&b->a->err, ASSAY_ENOTFOUND, "%s", msg);
    return rc;
}

assay_code assay_account_create(assay_bank *b, const char *name, const char *password)
{
    assay *a = b->a;
    api_enter(a);
    if (check_name(&a->err, name) != 0 || check_password(&a->err, password) != 0)
        return a->err.code;
    size_t nn = 0;
    char *nfc = u8_nfc(name, strlen(name), &nn);
    if (!nfc)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        free(nfc);
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory (hashing the password)");
    }
    int64_t now = clock_now();
    store_account acc = {.name = nfc, .pwhash = hash, .role = "learner", .created_at = now};
    assay_code rc = store_begin(b->s, 1, &a->err);
    if (rc == ASSAY_OK) {
        rc = store_account_add(b->s, &acc, &a->err);
        if (rc == ASSAY_OK)
            rc = store_person_put(b->s, nfc, now, &a->err);
        if (rc == ASSAY_OK)
            rc = store_commit(b->s, &a->err);
        else
            store_rollback(b->s);
    }
    sodium_memzero(hash, sizeof hash);
    free(nfc);
    return rc;
}

assay_code assay_account_check(assay_bank *b, const char *name, const char *password)
{
    assay *a = b->a;
    api_enter(a);
    if (!name || !password || strlen(password) > ASSAY_PASSWORD_MAX)
        return err_set(&a->err, ASSAY_ENOTFOUND, WRONG_SIGNIN);
    arena mem;
    arena_init(&mem, 0);
    store_account *acc = NULL;
    assay_code rc = find_account(b, &mem, name, &acc, WRONG_SIGNIN);
    if (rc == ASSAY_ENOTFOUND) {
        /* the same work as a real check, so timing does not reveal the name */
        unsigned char sink[32], salt[crypto_pwhash_SALTBYTES] = {0};
        if (crypto_pwhash(sink, sizeof sink, password, strlen(password), salt,
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                          crypto_pwhash_ALG_ARGON2ID13) != 0)
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory (hashing the password)");
    } else if (rc == ASSAY_OK &&
               crypto_pwhash_str_verify(acc->pwhash, password, strlen(password)) != 0)
        rc = err_set(&a->err, ASSAY_ENOTFOUND, WRONG_SIGNIN);
    arena_free(&mem);
    return rc;
}

static void random_token(char out[ASSAY_SIGNIN_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, ASSAY_SIGNIN_TOKEN_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

static void copy_field(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
}

assay_code assay_signin_start(assay_bank *b, const char *name, int64_t ttl, assay_signin *out)
{
    assay *a = b->a;
    api_enter(a);
    memset(out, 0, sizeof *out);
    if (ttl < 1 || ttl > SIGNIN_TTL_MAX)
        return err_set_param(&a->err, ASSAY_EUSAGE, "ttl", "a sign-in lasts 1 to %d seconds",
                             SIGNIN_TTL_MAX);
    if (!name)
        return err_set_param(&a->err, ASSAY_EUSAGE, "name", "no name");
    arena mem;
    arena_init(&mem, 0);
    store_account *acc = NULL;
    assay_code rc = find_account(b, &mem, name, &acc, "no such account");
    if (rc == ASSAY_OK) {
        random_token(out->token);
        random_token(out->csrf);
        char th[HASH_HEX_LEN + 1];
        hash_sha256_hex(out->token, strlen(out->token), th);
        int64_t now = clock_now();
        store_signin si = {.token_hash = th,
                           .account_id = acc->id,
                           .csrf = out->csrf,
                           .created_at = now,
                           .expires_at = now + ttl};
        if ((rc = store_begin(b->s, 1, &a->err)) == ASSAY_OK) {
            if ((rc = store_signin_put(b->s, &si, &a->err)) == ASSAY_OK)
                rc = store_commit(b->s, &a->err);
            else
                store_rollback(b->s);
        }
        copy_field(out->user, sizeof out->user, acc->name);
        copy_field(out->role, sizeof out->role, acc->role);
        out->expires_at = si.expires_at;
    }
    if (rc != ASSAY_OK)
        memset(out, 0, sizeof *out);
    arena_free(&mem);
    return rc;
}

/* 0 when t looks like a token (so a hostile cookie is not hashed at length). */
static int token_shape(const char *t)
{
    if (!t || strlen(t) != ASSAY_SIGNIN_TOKEN_LEN)
        return -1;
    for (const char *p = t; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return -1;
    return 0;
}

assay_code assay_signin_get(assay_bank *b, const char *token, int64_t now, assay_signin *out)
{
    assay *a = b->a;
    api_enter(a);
    memset(out, 0, sizeof *out);
    if (token_shape(token) != 0)
        return err_set(&a->err, ASSAY_ENOTFOUND, "not signed in");
    char th[HASH_HEX_LEN + 1];
    hash_sha256_hex(token, strlen(token), th);
    arena mem;
    arena_init(&mem, 0);
    store_signin *si = NULL;
    assay_code rc = store_signin_get(b->s, th, now ? now : clock_now(), &mem, &si, &a->err);
    if (rc == ASSAY_OK && !si)
        rc = err_set(&a->err, ASSAY_ENOTFOUND, "not signed in (or the sign-in expired)");
    if (rc == ASSAY_OK) {
        copy_field(out->user, sizeof out->user, si->name);
        copy_field(out->role, sizeof out->role, si->role);
        copy_field(out->csrf, sizeof out->csrf, si->csrf);
        out->expires_at = si->expires_at;
    }
    arena_free(&mem);
    return rc;
}

assay_code assay_signin_end(assay_bank *b, const char *token)
{
    assay *a = b->a;
    api_enter(a);
    if (token_shape(token) != 0)
        return ASSAY_OK;
    char th[HASH_HEX_LEN + 1];
    hash_sha256_hex(token, strlen(token), th);
    assay_code rc = store_begin(b->s, 1, &a->err);
    if (rc == ASSAY_OK) {
        if ((rc = store_signin_delete(b->s, th, &a->err)) == ASSAY_OK)
            rc = store_commit(b->s, &a->err);
        else
            store_rollback(b->s);
    }
    return rc;
}

int assay_role_valid(const char *role)
{
    return role && (strcmp(role, "learner") == 0 || strcmp(role, "assessor") == 0 ||
                    strcmp(role, "admin") == 0);
}

const assay_account_info *assay_list_account(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_ACCOUNT, sizeof(assay_account_info), i);
}

assay_code assay_bank_accounts(assay_bank *b, const char *name, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_list *l = api_list_new(a, LIST_ACCOUNT);
    if (!l)
        return ASSAY_ENOMEM;
    store_account *rows = NULL;
    size_t n = 0;
    assay_code rc;
    if (name) {
        char msg[128];
        snprintf(msg, sizeof msg, "no account '%.64s'", name);
        rc = find_account(b, &l->mem, name, &rows, msg);
        if (rc == ASSAY_ENOTFOUND)
            err_param(&a->err, "name");
        n = rc == ASSAY_OK ? 1 : 0;
    } else
        rc = store_account_list(b->s, &l->mem, &rows, &n, &a->err);
    assay_account_info *info = rc == ASSAY_OK ? arena_alloc(&l->mem, (n + 1) * sizeof *info) : NULL;
    if (rc == ASSAY_OK && !info)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
        info[i] = (assay_account_info){
            .name = rows[i].name, .role = rows[i].role, .created_at = rows[i].created_at};
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    l->rows = info;
    l->n = n;
    *out = l;
    return ASSAY_OK;
}

assay_code assay_account_set_role(assay_bank *b, const char *name, const char *role)
{
    assay *a = b->a;
    api_enter(a);
    if (!assay_role_valid(role))
        return err_set_param(&a->err, ASSAY_EINPUT, "role",
                             "a role is learner, assessor or admin, not '%.32s'", role ? role : "");
    if (!name || !*name)
        return err_set_param(&a->err, ASSAY_EINPUT, "name", "no account name");
    size_t nn = 0;
    char *nfc = u8_nfc(name, strlen(name), &nn);
    if (!nfc)
        return err_set_param(&a->err, ASSAY_ENOTFOUND, "name", "no account '%.64s'", name);
    assay_code rc = store_begin(b->s, 1, &a->err);
    if (rc == ASSAY_OK) {
        rc = store_account_set_role(b->s, nfc, role, &a->err);
        if (rc == ASSAY_OK)
            rc = store_commit(b->s, &a->err);
        else
            store_rollback(b->s);
    }
    free(nfc);
    return rc;
}
