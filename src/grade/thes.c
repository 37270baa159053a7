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

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
static const char *const rows[] = {
    "get|겟", "put|풋", "delete|딜리트", "post|포스트", "요청|request|리퀘스트",
    "응답|response|리스폰스", "connection|커넥션|연결",
    "ip|아이피", "hash|해시|해쉬", "ssl|에스에스엘", "cpu|씨피유|프로세서|processor|중앙처리장치", "임계값|threshold|스레숄드|기준치|기준값|문턱값|기준",
    "최소|minimum|미니멈|하한", "최대|maximum|맥시멈|상한",
    "retry|리트라이", "재시도|retry|리트라이", "open|오픈|열림|열리|열", "closed|클로즈드|닫힘",
    "command|커맨드|명령", "query|쿼리|질의|조회", "성능|performance|퍼포먼스",
    "위험|risk|리스크", "rest|레스트", "grpc|지알피씨", "이력|history|히스토리|내역",
    "상태|state|스테이트", "애플리케이션|어플리케이션|application|앱",
    "트랜잭션|transaction|거래", "데이터베이스|database|db|디비", "서버|server", "캐시|cache|캐쉬",
    "메시지|message|메세지", "큐|queue", "스케일|scale", "밸런서|balancer",
    "단순|simple|심플|간단", "한계|limit|리밋", "비용|cost|코스트", "결합|coupling|커플링",
    "처리량|throughput|스루풋", "이벤트|event", "배포|deploy|디플로이",
    "토큰|token", "트래픽|traffic", "오프셋|offset", "그룹|group|묶음|무리", "시간|time|타임",
    "개발|develop|디벨롭", "메트릭|metric|metrics|지표", "인스턴스|instance", "모니터링|monitoring",
    "패턴|pattern", "아키텍처|architecture|아키텍쳐", "모델|model", "데이터|data", "알고리즘|algorithm",
    "테스트|test|시험", "에러|error|오류", "실패|fail|failure|페일", "성공|success",
    "복구|recovery|회복", "전환|transition", "분산|distribute|distributed", "로컬|local",
    "시퀀스|sequence|연속", "분해|decompose|나누",
    "마이크로서비스|microservice|microservices|마이크로 서비스", "레거시|legacy",
    "proxy|프록시", "gateway|게이트웨이", "load|로드", "cluster|클러스터", "node|노드",
    "latency|레이턴시|지연", "timeout|타임아웃",
    "동기|synchronous|sync|싱크", "비동기|asynchronous|async|어싱크|논블로킹|non-blocking|기다리지 않", "느슨|loose|루즈",
    "즉시|immediately|바로|곧바로", "동일|같은|same", "분당|minute|per minute|분마다",
    "subscriber|subscribers|구독자|섭스크라이버", "publisher|publishers|발행자|퍼블리셔",
    "stdout|표준 출력|표준출력|standard output",
    "stderr|표준 에러|표준 오류|standard error", "stdin|표준 입력|표준입력|standard input",
};
/* clang-format on */

/* General Korean vocabulary: one meaning a row, written as the grader keys a
 * word (a noun without its particle, a verb's or adjective's stem without 다:
 * 늘리 for 늘리다/늘린다/늘리는, 빠르 for 빠르다/빠른), with the English words and
 * loanwords of the same meaning. Words of everyday and IT Korean, not any
 * one document's terms (those go in its thesaurus file). A word may be in
 * several rows (바꾸: 변경, 교체, 전환); a row is not joined to another. */
/* clang-format off */
static const char *const ko_rows[] = {
    "요청|호출|리퀘스트|요구하|청하",
    "활성화|켜|enable|활성|작동시키",
    "응답|답변|회신|대답|리스폰스|답",
    "전송|송신|보내|전달|발송|넘겨주|넘기",
    "수신|받|수령|받아들이",
    "연결|접속|연동|잇|이어주|커넥션",
    "통신|교신|커뮤니케이션|주고받",
    "서버|장비|머신|노드|호스트|기계",
    "인스턴스|서버|노드|머신|장비|복제본",
    "컴퓨터|머신|기계|pc",
    "사용자|유저|이용자|고객|클라이언트",
    "비용|돈|요금|금액|가격|지출|경비|코스트|비용 부담",
    "즉시|곧바로|곧바|바로|즉각|당장|곧장|금방|곧|지체 없이|그 자리에서",
    "반환|돌려주|되돌려주|돌려보내|리턴|return",
    "분할|쪼개|나누|분리|분해|세분|조각내",
    "늘리|증가|증설|키우|늘어나|상승|많아지|추가 투입",
    "확장|증설|늘리|키우|확대|스케일 아웃|스케일아웃|scale out|scale-out|scale up",
    "줄이|감소|축소|줄어들|낮추|감축|하락|적어지|덜어내",
    "실패|장애|고장|에러|오류|결함|failure|fault|폴트|문제 발생",
    "저장|보관|보존|기록|적재|담|남기|저장하|store|persist",
    "삭제|제거|지우|없애|제외|빼|delete|remove",
    "빠르|신속|고속|빨리|재빨리|신속히|빠름|빠른|fast|quick",
    "느리|저속|느림|천천히|늦|늦어지|더디|오래 걸리|slow",
    "지연|딜레이|delay|늦어지|지체|대기 시간|느려지",
    "동시|병렬|동시에|한꺼번에|한번에|parallel|concurrent|패러렐",
    "순차|차례|차례대로|하나씩|순서대로|직렬|sequential|serial",
    "데이터|자료|정보",
    "변경|수정|바꾸|고치|변화|변동|바뀌|달라지|change",
    "갱신|업데이트|update|최신화|새로 고치|새로고침",
    "교체|대체|바꾸|갈아끼우|대신|replace",
    "조회|읽|읽기|가져오|열람|불러오|읽어오|read|fetch|페치",
    "검색|탐색|찾|찾아보|서치|search|룩업|lookup",
    "생성|만들|작성|생기|create|크리에이트|새로 만들",
    "발생|생기|일어나|나타나|벌어지",
    "사용|이용|활용|쓰|사용하|use",
    "실행|수행|구동|작동|동작|run|execute|돌려보",
    "처리|다루|핸들링|handle|소화|처리하",
    "관리|운영|운용|관장|manage|매니지|관리하",
    "감시|모니터링|관찰|지켜보|추적|watch",
    "확인|체크|check|점검|검사|살피|살펴보|검토",
    "검증|확인|verify|validate|검사|밸리데이션",
    "보안|security|시큐리티",
    "안정|견고|튼튼|stable|안정적",
    "문제|이슈|issue|problem|트러블",
    "해결|해소|극복|대처|대응|solve|resolve",
    "방지|예방|막|방어|prevent|막아주|막아",
    "차단|막|블록|block|끊",
    "허용|허락|허가|승인|allow|받아주|통과시키|받아들이",
    "거부|거절|반려|reject|deny|받지 않",
    "대기|기다리|wait|웨이트|기다림",
    "시작|개시|출발|start|스타트|시작되|착수",
    "종료|끝|끝내|끝나|마침|terminate|끝마치",
    "중단|중지|멈추|멈춤|정지|stop|스톱|멈",
    "복제|복사|사본|카피|copy|replica|레플리카|복제본",
    "분배|배분|나눠주|할당|분산|배정",
    "할당|배정|assign|배당|지정",
    "집중|몰리|쏠리|편중|몰림",
    "부하|부담|로드|load|과부하",
    "과부하|오버로드|overload|폭주|과다 부하|과부화",
    "병목|bottleneck|보틀넥|정체|막히",
    "많|다수|대량|다량|수많|여러|대규모",
    "크|대형|거대|대규모|큰",
    "작|소형|소규모|작은",
    "전체|전부|모두|통째|일체|전역|whole",
    "일부|부분|일부분|조각|partial|파트|part|몇몇|몇 개",
    "개별|각각|따로|별도|각자|individual",
    "독립|독자|별개|따로|independent|자율|독립적",
    "단일|하나|유일|싱글|single|한 개",
    "복수|여러|다수|multiple|멀티|multi",
    "중앙|중심|가운데|central|센트럴|중앙 집중",
    "공유|share|셰어|나눠 쓰|함께 쓰|같이 쓰",
    "보장|담보|확실|약속|guarantee|개런티|지켜지",
    "유지|지속|계속|지키|유지하|keep|maintain|이어가",
    "손실|유실|분실|잃|잃어버리|사라지|날아가|loss|lost",
    "일관|정합|일치|consistent|consistency|컨시스턴시",
    "가용|availability|가용성|살아 있|이용 가능",
    "장점|이점|강점|메리트|benefit|advantage|좋은 점",
    "단점|약점|결점|디메리트|흠|drawback|disadvantage|나쁜 점",
    "목적|목표|용도|취지|purpose|goal",
    "방법|방식|수단|기법|방안|method",
    "구조|형태|모양|구성|structure|스트럭처|짜임",
    "규칙|정책|원칙|룰|rule|policy|폴리시",
    "설정|세팅|구성|config|configuration|컨피그|설정값",
    "기능|역할|구실|작용|임무|책임|role",
    "함수|function|펑션|메서드|method",
    "값|수치|value|밸류",
    "개수|카운트|count|갯수|숫자",
    "크기|사이즈|size|규모",
    "용량|capacity|캐파|저장 공간",
    "속도|스피드|speed|빠르기",
    "기간|동안|시간|동안에",
    "주기|간격|인터벌|interval",
    "시점|순간|타이밍|timing",
    "장기|오래|장기간|오랫동안",
    "최신|최근|latest|recent|새로운",
    "중복|겹치|duplicate|듀플리케이트|이중",
    "반복|되풀이|거듭|repeat|루프|loop",
    "재시도|다시 시도|재요청|재전송|다시 보내|다시 요청|retry",
    "무시|건너뛰|생략|skip|스킵|넘어가",
    "선택|택하|선정|select|셀렉트|choose|골라",
    "결정|판단|정하|결정하|decide",
    "비교|대조|견주|compare|대비",
    "계산|연산|산출|compute|셈",
    "측정|계측|measure|measurement",
    "예측|예상|추정|전망|predict|forecast",
    "분석|해석|analyze|analysis|분석하",
    "정렬|소트|sort|줄 세우",
    "목록|리스트|list|명단|일람",
    "테이블|표|table|도표",
    "파일|file|화일",
    "로그|log|기록|이력|로깅|logging",
    "메모리|memory|기억장치|램|ram|주기억장치",
    "디스크|disk|저장장치|하드|스토리지|storage",
    "네트워크|망|통신망|network|넷",
    "주소|address|어드레스",
    "이름|명칭|name|네임",
    "자원|리소스|resource",
    "흐름|플로우|flow|흐르",
    "절차|과정|프로시저|procedure",
    "단계|스텝|step|stage|스테이지|phase|페이즈",
    "작업|태스크|task|job|일감",
    "정상|normal|노멀|평상시|정상적|평소",
    "초과|넘|넘어서|넘기|넘치|웃돌|exceed|over",
    "미만|밑돌|이하|below|못 미치|아래",
    "최대|한도|최댓값|상한선|max",
    "최소|최솟값|하한선|min",
    "평균|average|에버리지|평균값",
    "비율|비중|퍼센트|percent|ratio|율",
    "확률|probability|가능성",
    "필요|필수|요구|need|require|필요하",
    "중요|핵심|주요|중대|important|critical|크리티컬",
    "쉽|손쉽|용이|간편|간단|easy|이지",
    "복잡|complex|복잡도|얽히|난해|까다롭",
    "어렵|힘들|까다롭|곤란|difficult|hard",
    "효율|능률|efficient|efficiency|효율적",
    "효과|효력|effect|효과적",
    "영향|impact|임팩트|영향력",
    "향상|개선|improve|나아지|좋아지|높이|끌어올리",
    "높|높아지|상승|오르|올라가|high",
    "낮|낮아지|하락|떨어지|내려가|low",
    "보호|지키|방어|protect|감싸",
    "격리|고립|isolate|isolation|아이솔레이션|분리|번지지 않|전파되지 않|퍼지지 않",
    "의존|종속|depend|dependency|디펜던시",
    "통합|합치|병합|머지|merge|integrate|합병",
    "분리|떼어내|갈라|따로 두|separate|분할",
    "교환|주고받|exchange|맞바꾸",
    "전파|퍼지|확산|propagate|번지|퍼뜨리|연쇄",
    "복구|회복|되살리|복원|restore|recover|살리|원상",
    "재시작|재기동|리스타트|restart|다시 시작|재부팅|리부트|reboot",
    "설치|install|인스톨|깔",
    "고정|불변|정해진|fixed|고정적|변하지 않",
    "자동|저절로|알아서|automatic|오토|자동적",
    "수동|손으로|사람이 직접|manual|매뉴얼",
    "직접|다이렉트|direct|곧장",
    "간접|우회|indirect|거쳐",
    "내부|안쪽|internal|인터널",
    "외부|바깥|external|익스터널",
    "전역|글로벌|global",
    "개발자|developer|디벨로퍼|프로그래머|코더",
    "관리자|운영자|admin|어드민|operator|오퍼레이터",
    "팀|조직|부서|team",
    "서비스|service|써비스",
    "시스템|system|체계",
    "프로그램|소프트웨어|software|program|sw",
    "코드|code|소스|소스코드|source",
    "알림|통지|통보|알리|notification|노티|notify|알람",
    "경고|warning|워닝|주의",
    "계층|레이어|layer|층|tier|티어",
    "중개|중계|매개|중간자|broker|브로커",
    "묶음|일괄|배치|batch|한꺼번에|모아서",
    "단위|unit|유닛",
    "항상|언제나|매번|always|항시|늘상",
    "가끔|때때로|간혹|종종|sometimes|occasionally",
    "자주|빈번|흔히|often|frequent|빈번히",
    "빈도|frequency|횟수|번수",
    "처음|최초|초기|첫|first|맨 처음",
    "마지막|최후|최종|last|라스트|맨 끝",
    "삽입|넣|집어넣|insert|인서트|추가",
    "추가|더하|덧붙이|add|넣|보태",
    "꺼내|빼내|뽑|추출|pop|팝|extract|떼어 내|떼어내",
    "입력|인풋|input|넣",
    "출력|아웃풋|output|내보내|print",
    "표시|보여주|나타내|display|디스플레이|표출",
    "은닉|숨기|감추|hide|하이드|가리|숨김",
    "공개|노출|드러내|expose|public|퍼블릭",
    "요약|정리|summary|서머리|간추리",
    "설명|서술|묘사|describe|explain|설명하",
    "정의|뜻|의미|definition|개념|define",
    "예시|사례|예제|example|샘플|sample",
    "원인|이유|까닭|요인|cause|reason",
    "결과|결말|outcome|result|리절트|산출물",
    "조건|condition|컨디션|전제",
    "환경|environment|env|인바이런먼트",
    "제한|제약|한정|한도|limit|리밋|throttle|스로틀",
    "균등|골고루|고르게|균일|고루|evenly|공평",
    "균형|밸런스|balance|밸런싱|balancing",
    "순환|돌아가며|번갈아|교대로|rotate|로테이션|차례로 돌",
    "무작위|랜덤|임의|random|난수",
    "최적|최선|optimal|옵티멀|베스트",
    "최적화|optimize|optimization|튜닝|tuning",
    "대안|대체|대신|대용|alternative|substitute|차선",
    "차이|차이점|다름|다르|difference|구별",
    "구분|구별|분류|classify|distinguish",
    "동일|같|똑같|일치|identical|같은",
    "다르|상이|별개|different|다른",
    "특정|특별|특수|specific|특정한",
    "일반|보통|보편|범용|general|통상|제너럴",
    "완전|완벽|온전|complete|perfect|퍼펙트|전적",
    "잘못|틀리|wrong|incorrect|오답|그르",
    "정확|올바르|정밀|correct|accurate|바르",
    "좋|우수|뛰어나|훌륭|good|낫",
    "다운로드|download|내려받",
    "업로드|upload|올리",
    "이동|옮기|이관|migration|마이그레이션|migrate|이주",
    "전환|바뀌|넘어가|switch|스위치|스위칭|전이|바꾸",
    "도달|도착|이르|reach|닿",
    "만료|expire|expiration|익스파이어|유효기간 만료|시효",
    "유효|valid|밸리드|유효하",
    "무효|invalid|인밸리드|효력 없",
    "접근|액세스|access|엑세스|접속",
    "권한|permission|퍼미션|권리|authority|허가",
    "인증|authentication|auth|로그인|login|본인 확인",
    "해제|unlock|release|놓아주|풀어주",
    "잠금|락|lock|잠그|locking|록",
    "충돌|conflict|collision|컨플릭트|부딪히|겹치",
    "경쟁|경합|race|contention|다투",
    "대역폭|bandwidth|밴드위스",
    "가상|virtual|버추얼",
    "물리|physical|피지컬|실물",
    "실제|실질|real|리얼|진짜|actual",
    "임시|일시|잠시|잠깐|temporary|temp|템프",
    "영구|영속|persistent|permanent|퍼시스턴트|영원",
    "조정|조절|튜닝|adjust|tune|맞추",
    "제어|통제|컨트롤|control|조종",
    "보고|보고서|리포트|report",
    "통계|statistics|스태츠",
    "기준|잣대|criterion|criteria|기준선|기준점",
    "표준|standard|스탠다드|규격",
    "버전|version",
    "원본|오리지널|original|원래",
    "수명|lifetime|라이프타임|생존 시간|유효 기간",
    "단절|끊기|끊어지|끊|disconnect|디스커넥트|끊김",
    "설계|디자인|design|고안|구상",
    "구현|구축|implement|implementation|만들|임플리먼트",
    "수집|모으|취합|collect|모음",
    "성장|커지|자라|grow|growth|그로스",
    "충분|넉넉|enough|sufficient",
    "부족|모자라|결핍|lack|insufficient|모자람",
    "과도|지나치|과다|excessive|과하",
    "낭비|허비|waste|웨이스트",
    "절약|절감|아끼|save|세이브",
    "유연|flexible|플렉서블|융통|유연하",
    "명확|분명|확실|클리어|뚜렷",
    "상호|서로|mutual|양방향",
    "단방향|일방향|한 방향|one-way",
    "양방향|쌍방향|bidirectional|two-way",
    "순서|차례|order|오더|순번",
    "우선|우선순위|priority|프라이오리티|먼저 처리",
    "선착순|먼저 온|도착 순|도착순",
    "사본|복사본|copy|카피본",
    "보내는 쪽|송신자|발신자|sender|센더",
    "받는 쪽|수신자|receiver|리시버",
    "요청자|호출자|caller|콜러",
    "느슨|약한|loose|루즈",
    "강한|강력|단단|strong|tight|강하",
    "조합|결합|합성|combine|combination|조립",
    "분산|흩어|퍼뜨리|distributed|여러 곳",
    "대량|대규모|많은 양|massive|대용량",
    "소량|적은 양|조금",
    "사용량|사용률|이용률|usage|점유율",
    "응답 시간|응답시간|레이턴시|지연 시간|response time",
    "처리 시간|처리시간|소요 시간|걸리는 시간",
    "평가|판정|assess|evaluate|채점",
    "오류율|에러율|실패율|error rate",
    "성공률|성공 비율|success rate",
    "현재|지금|현 시점|current|커런트",
    "기존|예전|종전|원래|legacy|레거시",
    "점진|서서히|조금씩|차츰|점차|단계적|gradual|incremental",
    "하나씩|하나하나|한 개씩|낱낱이|one by one",
    "하드웨어|hardware|기기|장비",
    "통과|지나가|거쳐 가|pass",
    "복귀|돌아가|돌아오|되돌아가|원상 복귀",
    "성공|잘 되|잘되|succeed",
    "설정|정해 두|지정해 두",
    "일정|정해진|고정된|constant|fixed",
    "무한|끝없|끝이 없|무제한|한없|unlimited|infinite",
    "이론|이론상|원리상|원칙상|원칙적|theory|theoretically",
    "되돌리|취소|원복|undo|롤백|rollback",
    "도출|산출|알아내|구해 내|derive",
    "내|안|안쪽|내부|within|inside",
    "들어오|유입|인입|유입되|incoming",
    "집계|합산|카운트|count|세어",
    "일관성|정합성|consistency|일치",
    "가져가|꺼내 가|꺼내가|빼 가",
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

/* An index of the built-in spellings, sorted by bytes, built once per
 * process: a lookup visits only the rows that have the key. */
typedef struct spelling {
    const char *s;
    size_t n;
    size_t row; /* rows[] first, then ko_rows[] */
} spelling;

#define N_ROWS     (sizeof rows / sizeof rows[0])
#define N_KO_ROWS  (sizeof ko_rows / sizeof ko_rows[0])
#define INDEX_SIZE 4096

static spelling g_index[INDEX_SIZE];
static size_t g_indexed;
static int g_index_ok;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static const char *row_at(size_t r)
{
    return r < N_ROWS ? rows[r] : ko_rows[r - N_ROWS];
}

static int by_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

static int spelling_cmp(const void *pa, const void *pb)
{
    const spelling *a = pa, *b = pb;
    int c = by_bytes(a->s, a->n, b->s, b->n);
    return c ? c : (a->row > b->row) - (a->row < b->row);
}

static void build_index(void)
{
    size_t k = 0;
    for (size_t r = 0; r < N_ROWS + N_KO_ROWS; r++)
        for (const char *p = row_at(r); *p;) {
            const char *e = strchr(p, '|');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            if (k == INDEX_SIZE)
                return; /* too many: lookups scan the rows */
            g_index[k++] = (spelling){p, l, r};
            p += l + (e != NULL);
        }
    qsort(g_index, k, sizeof g_index[0], spelling_cmp);
    g_indexed = k;
    g_index_ok = 1;
}

size_t thes_others(const assay_engine *e, const char *key, size_t n, const char **out,
                   size_t *out_len, size_t cap)
{
    size_t k = 0;
    pthread_once(&g_once, build_index);
    if (g_index_ok) {
        size_t lo = 0, hi = g_indexed;
        while (lo < hi) { /* the first spelling not below key */
            size_t mid = lo + (hi - lo) / 2;
            if (by_bytes(g_index[mid].s, g_index[mid].n, key, n) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = lo; i < g_indexed && by_bytes(g_index[i].s, g_index[i].n, key, n) == 0; i++)
            k = from_row(row_at(g_index[i].row), key, n, out, out_len, k, cap);
    } else {
        for (size_t r = 0; r < N_ROWS + N_KO_ROWS; r++)
            k = from_row(row_at(r), key, n, out, out_len, k, cap);
    }
    for (size_t r = 0; e && r < e->n_thes; r++)
        k = from_row(e->thes[r], key, n, out, out_len, k, cap);
    return k;
}
