/*
 * thes — the built-in thesaurus (thes.h), written for the bundled knowledge
 * base: each row one meaning, its spellings separated by '|'. Near misses of
 * transliteration that mean something else (리스트 is list, not least) are
 * left out on purpose.
 */
#include "grade/thes.h"

#include <string.h>

/* clang-format off */
static const char *const rows[] = {
    "consumer|컨슈머|소비자", "producer|프로듀서|생산자", "partition|파티션", "topic|토픽",
    "get|겟", "put|풋", "delete|딜리트", "post|포스트", "요청|request|리퀘스트",
    "응답|response|리스폰스", "round|라운드", "robin|로빈", "connection|커넥션|연결",
    "ip|아이피", "hash|해시|해쉬", "ssl|에스에스엘", "cpu|씨피유", "임계값|threshold|스레숄드|기준치",
    "최소|minimum|미니멈|하한", "최대|maximum|맥시멈|상한", "circuit|서킷", "breaker|브레이커|차단기",
    "retry|리트라이", "재시도|retry|리트라이", "open|오픈|열림", "closed|클로즈드|닫힘",
    "half-open|하프 오픈|반열림", "command|커맨드|명령", "query|쿼리|질의",
    "responsibility|리스판서빌리티|책임", "segregation|세그리게이션", "성능|performance|퍼포먼스",
    "위험|risk|리스크", "rest|레스트", "grpc|지알피씨", "이력|history|히스토리|내역",
    "재생|replay|리플레이", "상태|state|스테이트", "stateless|스테이트리스|무상태",
    "stateful|스테이트풀", "애플리케이션|어플리케이션|application|앱", "버킷|버켓|bucket",
    "트랜잭션|transaction", "choreography|코레오그래피", "orchestration|오케스트레이션",
    "데이터베이스|database|db|디비", "서버|server", "캐시|cache|캐쉬", "메시지|message|메세지",
    "큐|queue|대기열", "인증서|증명서|certificate", "스케일|scale", "밸런서|balancer",
    "단순|simple|심플|간단", "한계|limit|리밋", "비용|cost|코스트", "결합|coupling|커플링",
    "처리량|throughput|스루풋", "이벤트|event", "모놀리스|monolith", "배포|deploy|디플로이",
    "토큰|token", "버스트|burst", "트래픽|traffic", "오프셋|offset", "그룹|group",
    "헬스체크|health check|healthcheck|상태 점검", "시간|time|타임", "여행|travel|트래블",
    "개발|develop|디벨롭", "write-through|라이트 스루", "write-behind|라이트 비하인드",
    "메트릭|metric|metrics|지표", "인스턴스|instance", "모니터링|monitoring", "패턴|pattern",
    "아키텍처|architecture|아키텍쳐", "모델|model", "데이터|data", "알고리즘|algorithm",
    "테스트|test|시험", "에러|error|오류", "실패|fail|failure|페일", "성공|success",
    "복구|recovery|회복", "전환|transition", "분산|distribute|distributed", "로컬|local",
    "보상|compensation|compensating", "시퀀스|sequence|연속", "분해|decompose|나누",
    "마이크로서비스|microservice|microservices|마이크로 서비스", "레거시|legacy",
    "proxy|프록시", "gateway|게이트웨이", "load|로드", "kafka|카프카", "redis|레디스",
    "scale-out|스케일 아웃|수평 확장", "scale-up|스케일 업|수직 확장", "outbox|아웃박스",
    "sharding|샤딩", "replication|레플리케이션|복제", "cluster|클러스터", "node|노드",
    "latency|레이턴시|지연", "timeout|타임아웃", "fallback|폴백", "idempotency|멱등성",
    "동기|synchronous|sync|싱크", "비동기|asynchronous|async|어싱크", "느슨|loose|루즈",
    "조절|throttling|스로틀링", "즉시|immediately|바로|곧바로", "동일|같은|same",
};
/* clang-format on */

size_t thes_others(const char *key, size_t n, const char **out, size_t *out_len, size_t cap)
{
    size_t k = 0;
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        const char *row = rows[r];
        int hit = 0;
        /* a quick look for the key's bytes, then the exact spelling */
        for (const char *at = strstr(row, key); at && !hit; at = strstr(at + 1, key))
            hit = (at == row || at[-1] == '|') && (at[n] == '|' || at[n] == '\0');
        for (const char *p = row; hit && *p && k < cap;) {
            const char *e = strchr(p, '|');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            if (!(l == n && memcmp(p, key, n) == 0)) {
                out[k] = p;
                out_len[k++] = l;
            }
            p += l + (e != NULL);
        }
    }
    return k;
}
