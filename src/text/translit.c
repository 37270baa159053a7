/*
 * translit — consonant skeletons of Hangul and English words (translit.h).
 * Classes: P (p b f v), T (t d, and ㅅ ㅆ as finals: 서킷 = circuit), K (k g
 * c q), S (s z j ch sh, ㅅ ㅆ ㅈ ㅊ: the sibilants, which loanwords spell
 * every way), L (l r; one for a run: 라이브러리 = library), M, N (n, and ㅇ
 * as a final: -ng), and nothing for vowels, h, w, y and the silent ㅇ.
 */
#include "text/translit.h"

#include "core/u8.h"
#include "text/hangul.h"

#include <string.h>

static void put(char *out, size_t *w, char c)
{
    if (*w + 1 < TL_MAX)
        out[(*w)++] = c;
}

size_t tl_hangul(const char *s, size_t n, char *out)
{
    /* initial consonants ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ */
    static const char lead[19] = {'K', 'K', 'N', 'T', 'T', 'L', 'M', 'P', 'P', 'S',
                                  'S', 0,   'S', 'S', 'S', 'K', 'T', 'P', 0};
    /* finals: none ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ */
    static const char tail[28] = {0,   'K', 'K', 'K', 'N', 'N', 'N', 'T', 'L', 'L',
                                  'L', 'L', 'L', 'L', 'L', 'L', 'M', 'P', 'P', 'T',
                                  'T', 'N', 'T', 'T', 'K', 'T', 'P', 0};
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += u8_decode(s + i, n - i, &cp);
        if (!hg_is_syllable(cp))
            continue;
        int32_t k = cp - 0xAC00;
        int l = (int)(k / (21 * 28)), t = (int)(k % 28);
        if (lead[l] && !(lead[l] == 'L' && w && out[w - 1] == 'L'))
            put(out, &w, lead[l]); /* 셀러: one l */
        if (tail[t])
            put(out, &w, tail[t]);
    }
    out[w] = '\0';
    return w;
}

static int vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

size_t tl_english(const char *s, size_t n, char *out)
{
    char l[64];
    size_t m = 0;
    for (size_t i = 0; i < n && m + 1 < sizeof l; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c >= 'a' && c <= 'z')
            l[m++] = c;
    }
    size_t w = 0;
    for (size_t i = 0; i < m; i++) {
        char c = l[i], nx = i + 1 < m ? l[i + 1] : 0, cls = 0;
        if (c == nx && !vowel(c))
            continue; /* doubled letters: one sound */
        if (c == 't' && nx == 'c' && i + 2 < m && l[i + 2] == 'h')
            continue; /* switch: the t of -tch is silent */
        if (c == 't' && nx == 'i' && i + 2 < m && l[i + 2] == 'o') {
            cls = 'S'; /* -tion */
        } else if (c == 's' && nx == 'c' && i + 2 < m && l[i + 2] == 'h') {
            put(out, &w, 'S');
            cls = 'K'; /* schema */
            i += 2;
        } else if (c == 'p' && nx == 'h') {
            cls = 'P';
            i++;
        } else if ((c == 's' || c == 'c' || c == 't') && nx == 'h') {
            cls = 'S';
            i++;
        } else if (c == 'c' && nx == 'k') {
            cls = 'K';
            i++;
        } else if (c == 'n' && nx == 'g') {
            cls = 'N';
            i++;
        } else if (c == 'x') {
            put(out, &w, 'K');
            cls = 'S';
        } else if (c == 'r' && i > 0 && vowel(l[i - 1]) &&
                   (!nx || !vowel(nx) || (nx == 'e' && i + 2 == m))) {
            cls = 0; /* server, middleware: a silent r */
        } else {
            switch (c) {
            case 'b': /* lamb, Lambda (람다): silent after m before a consonant */
                cls = i > 0 && l[i - 1] == 'm' && (!nx || !vowel(nx)) ? 0 : 'P';
                break;
            case 'p':
            case 'f':
            case 'v': cls = 'P'; break;
            case 't':
            case 'd': cls = 'T'; break;
            case 'k':
            case 'q': cls = 'K'; break;
            case 'g': cls = nx == 'e' && i + 2 == m ? 'S' : 'K'; break; /* page, plugin */
            case 'c': cls = nx == 'e' || nx == 'i' || nx == 'y' ? 'S' : 'K'; break;
            case 's':
            case 'z':
            case 'j': cls = 'S'; break;
            case 'l':
            case 'r': cls = 'L'; break;
            case 'm': cls = 'M'; break;
            case 'n': cls = 'N'; break;
            default: cls = 0; break;
            }
        }
        if (cls && !(cls == 'L' && w && out[w - 1] == 'L'))
            put(out, &w, cls);
    }
    out[w] = '\0';
    return w;
}

int tl_match(const char *h, size_t hn, const char *e, size_t en)
{
    char a[TL_MAX], b[TL_MAX];
    size_t na = tl_hangul(h, hn, a), nb = tl_english(e, en, b);
    return na >= 3 && na == nb && memcmp(a, b, na) == 0;
}
