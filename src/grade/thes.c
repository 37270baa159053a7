/*
 * thes — the grader's thesaurus (thes.h): a built-in table of general
 * vocabulary (computing words and their Hangul spellings, not one document's
 * terms), and the knowledge bases' own groups, which authors write in
 * NAME.thesaurus.tsv beside the document (kb/thes.h) and the engine holds.
 * Each row is one meaning, its spellings separated by '|'. Near misses of
 * transliteration that mean something else (리스트 is list, not least) are
 * left out on purpose.
 */
#include "grade/thes.h"

#include "gen/gen.h"

#include <string.h>

/* clang-format off */
static const char *const rows[] = {
    "get|겟", "put|풋", "delete|딜리트", "post|포스트", "요청|request|리퀘스트",
    "응답|response|리스폰스", "connection|커넥션|연결",
    "ip|아이피", "hash|해시|해쉬", "ssl|에스에스엘", "cpu|씨피유", "임계값|threshold|스레숄드|기준치",
    "최소|minimum|미니멈|하한", "최대|maximum|맥시멈|상한",
    "retry|리트라이", "재시도|retry|리트라이", "open|오픈|열림", "closed|클로즈드|닫힘",
    "command|커맨드|명령", "query|쿼리|질의", "성능|performance|퍼포먼스",
    "위험|risk|리스크", "rest|레스트", "grpc|지알피씨", "이력|history|히스토리|내역",
    "상태|state|스테이트", "애플리케이션|어플리케이션|application|앱",
    "트랜잭션|transaction", "데이터베이스|database|db|디비", "서버|server", "캐시|cache|캐쉬",
    "메시지|message|메세지", "큐|queue", "스케일|scale", "밸런서|balancer",
    "단순|simple|심플|간단", "한계|limit|리밋", "비용|cost|코스트", "결합|coupling|커플링",
    "처리량|throughput|스루풋", "이벤트|event", "배포|deploy|디플로이",
    "토큰|token", "트래픽|traffic", "오프셋|offset", "그룹|group", "시간|time|타임",
    "개발|develop|디벨롭", "메트릭|metric|metrics|지표", "인스턴스|instance", "모니터링|monitoring",
    "패턴|pattern", "아키텍처|architecture|아키텍쳐", "모델|model", "데이터|data", "알고리즘|algorithm",
    "테스트|test|시험", "에러|error|오류", "실패|fail|failure|페일", "성공|success",
    "복구|recovery|회복", "전환|transition", "분산|distribute|distributed", "로컬|local",
    "시퀀스|sequence|연속", "분해|decompose|나누",
    "마이크로서비스|microservice|microservices|마이크로 서비스", "레거시|legacy",
    "proxy|프록시", "gateway|게이트웨이", "load|로드", "cluster|클러스터", "node|노드",
    "latency|레이턴시|지연", "timeout|타임아웃",
    "동기|synchronous|sync|싱크", "비동기|asynchronous|async|어싱크", "느슨|loose|루즈",
    "즉시|immediately|바로|곧바로", "동일|같은|same",
};
/* clang-format on */

/* Adds the other spellings of key in row to out; returns the new count. */
static size_t from_row(const char *row, const char *key, size_t n, const char **out,
                       size_t *out_len, size_t k, size_t cap)
{
    int hit = 0;
    /* a quick look for the key's bytes, then the exact spelling */
    for (const char *at = strstr(row, key); at && !hit; at = strstr(at + 1, key))
        hit = (at == row || at[-1] == '|') && (at[n] == '|' || at[n] == '\0');
    for (const char *p = row; hit && *p && k < cap;) {
        const char *e = strchr(p, '|');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        int dup = l == n && memcmp(p, key, n) == 0;
        for (size_t j = 0; !dup && j < k; j++)
            dup = out_len[j] == l && memcmp(out[j], p, l) == 0;
        if (!dup) {
            out[k] = p;
            out_len[k++] = l;
        }
        p += l + (e != NULL);
    }
    return k;
}

size_t thes_others(const assay_engine *e, const char *key, size_t n, const char **out,
                   size_t *out_len, size_t cap)
{
    size_t k = 0;
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        k = from_row(rows[r], key, n, out, out_len, k, cap);
    for (size_t r = 0; e && r < e->n_thes; r++)
        k = from_row(e->thes[r], key, n, out, out_len, k, cap);
    return k;
}
