// Engine freshness across servers (issue 14; ctests scale_fresh and
// scale_fresh_pg): two `assay serve` on one bank — an SQLite file, or with
// --pg the PostgreSQL of $ASSAY_TEST_PG_URL (tests/pg.sh run ...) —; a document
// uploaded through server A is served by server B (a quiz on its new topic
// starts there) within 1.5 s, and B's log says it rebuilt its engine. Both
// servers stopped with SIGTERM must exit 0 (an ASan build fails on a leak).
//   node tests/scale/fresh.mjs ASSAY WORKDIR [--pg]
import fs from 'node:fs';
import path from 'node:path';
import { startAssay, account, client, sleep } from './lib.mjs';

const [assay, work, flag] = process.argv.slice(2);
if (!assay || !work) {
  console.error('usage: node tests/scale/fresh.mjs ASSAY WORKDIR [--pg]');
  process.exit(2);
}
let failures = 0, checks = 0;
const ok = (c, what) => { checks++; if (!c) { failures++; console.error('FAIL: ' + what); } else console.log('ok: ' + what); return c; };

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
let db = path.join(work, 'bank.db');
if (flag === '--pg') {
  db = process.env.ASSAY_TEST_PG_URL;
  if (!db) { console.error('fresh.mjs --pg: no ASSAY_TEST_PG_URL (run through tests/pg.sh run)'); process.exit(2); }
}

const doc = (word) => `# 신선도 테스트 문서

## 레벨 가이드

| 레벨 | 대상 | 설명 |
|------|------|------|
| ⭐ Level 1 | 입문 | 개념 이해 |

---

## 1. ${word} 설계

### 개념 설명

${word}는 서로 떨어진 두 서버가 같은 은행을 읽는지 확인하려고 만든 시설이다.

### 레벨별 지식

> ⭐ **Level 1 (입문)**
> - 기본 구조
>
> **Q: ${word}는 무엇을 확인하려고 만들었는가?**
> **A:** 떨어진 두 서버가 같은 은행의 새 주제를 제때 보이는지 확인하려고 만들었다.
>
> **Q: ${word}의 두 번째 질문은 무엇을 묻는가?**
> **A:** 다른 서버가 가져온 문서가 다시 시작하지 않은 서버에서도 퀴즈가 되는지 묻는다.
`;

account(assay, db, 'ahn', 'admin', 'correct horse 1');
account(assay, db, 'kim', 'learner', 'correct horse 2');
const A = await startAssay(assay, 'A', db, { args: ['--rate-limit', '0'] });
const B = await startAssay(assay, 'B', db, { args: ['--rate-limit', '0'] });
try {
  const admin = client(A.base, '10.1.0.1');
  let r = await admin.req('POST', '/api/v1/session', { body: { name: 'ahn', password: 'correct horse 1' } });
  ok(r.status === 200, `the admin signs in on A (${r.status})`);
  const kim = client(B.base, '10.1.0.2');
  r = await kim.req('POST', '/api/v1/session', { body: { name: 'kim', password: 'correct horse 2' } });
  ok(r.status === 200, `the learner signs in on B (${r.status})`);

  for (const [round, word] of [[1, '은하등대'], [2, '심해정거장']]) {
    const start = () => kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', topics: [word], count: 1, types: ['short'], seed: round } });
    r = await start();
    ok(r.status !== 201, `round ${round}: before the upload B has no topic ${word} (${r.status})`);
    // let B's once-a-second check run past its last look, so the upload lands at a random phase
    await sleep(300 + Math.floor(Math.random() * 700));
    r = await admin.req('POST', '/api/v1/admin/kbs', { body: { name: `fresh${round}.md`, markdown: doc(word) } });
    ok(r.status === 201 && r.json.wrote === true, `round ${round}: upload through A 201 (${r.text.slice(0, 200)})`);
    const t0 = Date.now();
    let ms = -1;
    while (Date.now() - t0 < 5000) {
      r = await start();
      if (r.status === 201) { ms = Date.now() - t0; break; }
      await sleep(25);
    }
    // B looks once a second, then rebuilds its engine: the bound is that second, the
    // rebuild B itself timed (its log line), and 500 ms for the requests around them —
    // so a sanitizer build on a loaded machine measures the look, not the machine
    await sleep(200); // B's log line is written just after the swap the quiz saw
    const builds = [...B.log().matchAll(/engine rebuilt \(\d+ items, (\d+) ms\)/g)];
    const rebuild = builds.length ? Number(builds[builds.length - 1][1]) : 0;
    const bound = 1000 + rebuild + 500;
    ok(ms >= 0 && ms <= bound, `round ${round}: B serves a quiz on ${word} ${ms} ms after A's upload (at most ${bound}: 1000 + its rebuild ${rebuild} + 500)`);
    if (r.status === 201) {
      const q = await kim.req('GET', `/api/v1/attempts/${r.json.attempt}/question`);
      ok(q.status === 200 && q.text.includes(word), `round ${round}: its question is from the new document`);
    }
  }
  ok(/knowledge bases changed in the bank; engine rebuilt/.test(B.log()), "B's log says it rebuilt its engine");
  ok(!/knowledge bases changed in the bank/.test(A.log()), 'A, which imported, did not rebuild a second time');
  // rate limits across servers: --servers 5 gives each server a fifth of every limit
  // (--rate-limit 5: burst 10, so 2 tokens here, refilled at 1 a second)
  const C = await startAssay(assay, 'C', db, { args: ['--rate-limit', '5', '--servers', '5'] });
  const anon = client(C.base, '10.1.0.3');
  const codes = [];
  let limit = null;
  for (let i = 0; i < 4; i++) {
    r = await anon.req('GET', '/api/v1/kbs');
    codes.push(r.status);
    limit ??= r.headers.get('ratelimit-limit');
  }
  ok(codes[0] === 401 && codes[1] === 401 && codes[2] === 429 && codes[3] === 429,
    `C (--rate-limit 5 --servers 5) allows a burst of 2 from one address, then 429 (${codes})`);
  ok(limit === '2', `C's RateLimit-Limit is its share, 2 (${limit})`);
  const rc = await C.stop();
  ok(rc.code === 0, `C exits 0 after SIGTERM (${rc.code} ${rc.sig})`);
} finally {
  const ra = await A.stop(), rb = await B.stop();
  ok(ra.code === 0, `A exits 0 after SIGTERM (${ra.code} ${ra.sig}) ${ra.code ? A.log().slice(-2000) : ''}`);
  ok(rb.code === 0, `B exits 0 after SIGTERM (${rb.code} ${rb.sig}) ${rb.code ? B.log().slice(-2000) : ''}`);
}
console.log(`${checks - failures}/${checks} checks passed (${flag === '--pg' ? 'PostgreSQL' : 'SQLite'})`);
process.exit(failures ? 1 : 0);
