// API tests of the admin's routes of `assay serve` (a ctest: web_admin): users
// and roles, document upload with the engine swap, the author's items, with
// the helpers of lib.mjs (servers on loopback ports, a client with cookie and
// CSRF token, every response validated against docs/openapi.yaml with ajv).
// Every server started is stopped
// with SIGTERM and must exit 0: an ASan build's server fails that on a leak.
//   node tests/web/admin.mjs ASSAY WORKDIR
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { init, ok, stats, startServer, client, signIn } from './lib.mjs';

const { assay, work } = init('admin.mjs');

// ---- the documents ------------------------------------------------------------------
const UNIQUE = '우주엘리베이터';
function goodDoc(extra = '') {
  return `# 궤도 시설 테스트 문서

## 레벨 가이드

| 레벨 | 대상 | 설명 |
|------|------|------|
| ⭐ Level 1 | 입문 | 개념 이해 |
| ⭐⭐ Level 2 | 주니어 | 실무 적용 |

---

## 1. ${UNIQUE} 설계

### 개념 설명

${UNIQUE}는 지상과 정지궤도를 케이블로 잇는 운송 시설이다.

### 레벨별 지식

> ⭐ **Level 1 (입문)**
> - 기본 구조
>
> **Q: ${UNIQUE}의 케이블은 무엇을 잇는가?**
> **A:** 지상의 기지와 정지궤도 너머의 평형추를 잇는다.
>
> **Q: 평형추는 왜 필요한가?**
> **A:** 원심력으로 케이블을 팽팽하게 당겨 구조를 안정시키기 때문이다.

> ⭐⭐ **Level 2 (주니어)**
> - 재료
>
> **Q: 케이블 재료로 무엇이 거론되는가?**
> **A:** 강도 대비 무게가 매우 작은 탄소 나노튜브가 거론된다.
${extra}`;
}

function account(db, name, role, password) {
  const r = spawnSync(assay, ['account', 'add', name, '--role', role, '--db', db], { input: password + '\n', encoding: 'utf8' });
  ok(r.status === 0, `assay account add ${name} --role ${role}: exit ${r.status} ${r.stderr}`);
}

// ---- the tests ------------------------------------------------------------------------
async function users(srv, admin, learner) {
  let r = await admin.req('GET', '/api/v1/admin/users');
  ok(r.status === 200 && r.json.users.some((u) => u.name === 'ahn' && u.role === 'admin'), 'the admin lists the users');
  ok(r.json.users.some((u) => u.name === 'kim' && u.role === 'learner'), 'kim is a learner');
  ok(!/argon2/.test(r.text), 'no password hash in the listing');
  r = await learner.req('GET', '/api/v1/admin/users');
  ok(r.status === 403 && r.json.error.code === 'forbidden', 'a learner gets 403 on the users');
  r = await learner.req('PUT', '/api/v1/admin/users/kim', { body: { role: 'admin' } });
  ok(r.status === 403, 'a learner cannot make themself admin (403)');
  r = await admin.req('PUT', '/api/v1/admin/users/lee', { body: { role: 'assessor' } });
  ok(r.status === 200 && r.json.name === 'lee' && r.json.role === 'assessor', 'the admin makes lee an assessor');
  r = await admin.req('PUT', '/api/v1/admin/users/ahn', { body: { role: 'learner' } });
  ok(r.status === 400 && r.json.error.field === 'role', 'an admin cannot lower their own role (400 naming role)');
  r = await admin.req('PUT', '/api/v1/admin/users/ahn', { body: { role: 'admin' } });
  ok(r.status === 200 && r.json.role === 'admin', 'setting their own role to admin again is fine');
  r = await admin.req('PUT', `/api/v1/admin/users/${encodeURIComponent('한지민')}`, { body: { role: 'assessor' } });
  ok(r.status === 200 && r.json.name === '한지민' && r.json.role === 'assessor', `a Korean name in the path (percent-encoded): ${r.text.slice(0, 200)}`);
  r = await admin.req('PUT', '/api/v1/admin/users/nobody', { body: { role: 'assessor' } });
  ok(r.status === 404, 'an unknown account is 404');
  r = await admin.req('PUT', '/api/v1/admin/users/kim', { body: { role: 'root' } });
  ok(r.status === 400 && r.json.error.field === 'role', 'an unknown role is 400 naming role');
  r = await admin.req('PUT', '/api/v1/admin/users/kim', { body: { role: 'admin', extra: 1 } });
  ok(r.status === 400 && r.json.error.field === 'extra', 'an unknown field is 400 naming it');
  r = await admin.req('PUT', '/api/v1/admin/users/kim', { body: { role: 'assessor' }, csrf: false });
  ok(r.status === 403, 'PUT without the CSRF token is 403');
  r = await admin.req('GET', '/api/v1/admin/users');
  ok(r.json.users.find((u) => u.name === 'kim').role === 'learner', 'kim is still a learner after the refused requests');
  r = await admin.req('DELETE', '/api/v1/admin/users/kim');
  ok(r.status === 405, 'DELETE on a user is 405');
  const anon = client(srv, '10.9.0.9');
  r = await anon.req('GET', '/api/v1/admin/users');
  ok(r.status === 401, 'not signed in: 401');
}

async function upload(srv, admin, learner, assessor) {
  let r = await admin.req('GET', '/api/v1/kbs');
  const before = r.json.kbs.map((k) => k.name).sort();
  r = await learner.req('POST', '/api/v1/admin/kbs', { body: { name: 'orbit.md', markdown: goodDoc() } });
  ok(r.status === 403, 'a learner cannot upload (403)');
  r = await admin.req('POST', '/api/v1/admin/kbs', { body: { name: 'orbit.md', markdown: goodDoc() } });
  ok(r.status === 201 && r.json.kb === 'orbit' && r.json.added >= 3 && r.json.wrote === true && r.json.engine_rebuilt === true,
    `upload a good document 201: ${r.text.slice(0, 300)}`);
  r = await admin.req('GET', '/api/v1/kbs');
  ok(r.json.kbs.some((k) => k.name === 'orbit' && k.items.level >= 3), 'the new knowledge base is listed');
  // a quiz on it: the engine knows its items
  r = await learner.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', topics: [UNIQUE], count: 2, types: ['short'], seed: 3 } });
  ok(r.status === 201, `a quiz starts on the new knowledge base: ${r.text.slice(0, 200)}`);
  if (r.status === 201) {
    const q = await learner.req('GET', `/api/v1/attempts/${r.json.attempt}/question`);
    ok(q.status === 200 && /우주엘리베이터|케이블|평형추|나노튜브/.test(q.text), `its question is from the new document: ${q.text.slice(0, 200)}`);
  }
  // the same document again: nothing written, no rebuild
  r = await admin.req('POST', '/api/v1/admin/kbs', { body: { name: 'orbit.md', markdown: goodDoc() } });
  ok(r.status === 201 && r.json.wrote === false && r.json.engine_rebuilt === false && r.json.unchanged >= 3, 'an unchanged document writes nothing');
  // bad documents: 400 naming markdown with the line; nothing stored
  const kbsBefore = (await admin.req('GET', '/api/v1/kbs')).text;
  const noAnswers = '# 제목\n\n## 1. 주제\n\n### 레벨별 지식\n\n> ⭐ **Level 1 (입문)**\n> **Q: 답이 없는 질문은 무엇인가?**\n';
  r = await admin.req('POST', '/api/v1/admin/kbs', { body: { name: 'bad.md', markdown: noAnswers } });
  ok(r.status === 400 && r.json.error.field === 'markdown' && r.json.error.line === 8 && /bad\.md:8:/.test(r.json.error.message),
    `questions without answers: 400 naming markdown and line 8: ${r.text.slice(0, 300)}`);
  r = await admin.req('POST', '/api/v1/admin/kbs', { body: { name: 'empty.md', markdown: '# 제목만\n\n설명뿐인 문서\n' } });
  ok(r.status === 400 && r.json.error.field === 'markdown', `a document without items: 400 naming markdown: ${r.text.slice(0, 300)}`);
  r = await admin.req('POST', '/api/v1/admin/kbs', { body: { name: '../x.md', markdown: goodDoc() } });
  ok(r.status === 400 && r.json.error.field === 'name', 'a name with a folder is 400 naming name');
  r = await admin.req('POST', '/api/v1/admin/kbs', { body: { name: 'x.md' } });
  ok(r.status === 400 && r.json.error.field === 'markdown', 'no markdown: 400 naming markdown');
  // an upload has its own cap (--max-upload, 4 MiB): a document over the 64 KiB body cap goes in,
  // the same size elsewhere is 413
  const padded = goodDoc() + '\n' + '<!-- 이 문서를 64 KiB보다 크게 만드는 주석 -->\n'.repeat(2000);
  ok(Buffer.byteLength(padded) > 65536, `the padded document is over 64 KiB (${Buffer.byteLength(padded)} bytes)`);
  r = await admin.req('POST', '/api/v1/admin/kbs', { body: { name: 'orbit.md', markdown: padded } });
  ok(r.status === 201 && r.json.kb === 'orbit', `a document over 64 KiB uploads: ${r.status} ${r.text.slice(0, 200)}`);
  r = await learner.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', topics: ['x'.repeat(70000)] } });
  ok(r.status === 413, `a body over 64 KiB on another route is 413 (${r.status})`);
  r = await admin.req('GET', '/api/v1/kbs');
  ok(r.text === kbsBefore, 'the refused uploads changed nothing');
  ok(!r.json.kbs.some((k) => k.name === 'bad' || k.name === 'empty' || k.name === 'x'), 'no knowledge base from a refused upload');
  ok(before.every((n) => r.json.kbs.some((k) => k.name === n)), 'the earlier knowledge bases are still there');
  // the author's items
  r = await learner.req('GET', '/api/v1/kbs/orbit/items');
  ok(r.status === 403, 'a learner gets 403 on the author\'s items');
  r = await assessor.req('GET', '/api/v1/kbs/orbit/items');
  ok(r.status === 200 && r.json.items.length >= 3 && r.json.items.every((i) => i.answer.length > 0 && i.line > 0), 'an assessor sees the items with answers and lines');
  r = await admin.req('GET', '/api/v1/kbs/orbit/items?level=2');
  ok(r.status === 200 && r.json.items.length >= 1 && r.json.items.every((i) => i.level === 2), 'items by level');
  r = await admin.req('GET', '/api/v1/kbs/orbit/items?kind=level');
  ok(r.status === 200 && r.json.items.every((i) => i.kind === 'level_qa'), 'items by kind');
  r = await admin.req('GET', '/api/v1/kbs/orbit/items?level=12');
  ok(r.status === 400 && r.json.error.field === 'level', 'a bad level is 400 naming level');
  r = await admin.req('GET', '/api/v1/kbs/orbit/items?kind=poem');
  ok(r.status === 400 && r.json.error.field === 'kind', 'a bad kind is 400 naming kind');
  r = await admin.req('GET', '/api/v1/kbs/no-such-kb/items');
  ok(r.status === 404, 'an unknown kb is 404');
}

// A quiz on the bundled knowledge base goes on while re-imports swap the engine.
async function swapUnderLoad(srv, admin, learner) {
  let r = await learner.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', count: 12, seed: 9, types: ['mcq', 'tf', 'cloze'], topics: ['모놀리스'] } });
  if (!ok(r.status === 201, `a quiz on the bundled kb starts: ${r.text.slice(0, 200)}`)) return;
  const id = r.json.attempt;
  let answered = 0, bad = 0, swaps = 0;
  const why = [];
  async function answerSome(n) {
    for (let i = 0; i < n; i++) {
      const q = await learner.req('GET', `/api/v1/attempts/${id}/question`);
      if (q.status !== 200) { bad++; why.push(q.text.slice(0, 120)); continue; }
      if (q.json.event === 'done') return;
      const [a, b] = await Promise.all([
        learner.req('GET', `/api/v1/attempts/${id}/question`),
        learner.req('GET', `/api/v1/attempts/${id}`),
      ]);
      if (a.status !== 200 || b.status !== 200) { bad++; why.push(a.text.slice(0, 120) + b.text.slice(0, 120)); }
      const qq = q.json.question;
      const ans = qq.type === 'tf' ? { truth: true } : qq.type === 'cloze' ? { text: '모름' } : { choice: 0 };
      const fb = await learner.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: q.json.position, request_id: `swap-${q.json.position}`, answer: ans } });
      if (fb.status !== 200 && fb.status !== 409) { bad++; why.push(fb.text.slice(0, 120)); }
      else if (fb.status === 200 && !fb.json.duplicate) answered++; // the other loop may have sent this position's id first
    }
  }
  async function reimports(n) {
    for (let i = 1; i <= n; i++) {
      const extra = `>\n> **Q: 추가 질문 ${i}번은 무엇을 묻는가?**\n> **A:** 엔진 교체 중에도 요청이 끝나는지 확인하는 ${i}번째 질문이다.\n`;
      const u = await admin.req('POST', '/api/v1/admin/kbs', { body: { name: 'orbit.md', markdown: goodDoc(extra) } });
      if (u.status === 201 && u.json.engine_rebuilt) swaps++;
      else ok(false, `re-import ${i}: ${u.text.slice(0, 200)}`);
    }
  }
  await Promise.all([answerSome(10), reimports(3), answerSome(2)]);
  ok(bad === 0, `no request failed while the engine was swapped (${bad} failed: ${why.join(' | ')})`);
  ok(swaps === 3, `three re-imports swapped the engine (${swaps})`);
  ok(answered >= 6, `answers stored during the swaps: ${answered}`);
  r = await learner.req('GET', `/api/v1/attempts/${id}`);
  ok(r.status === 200 && r.json.status.answered === answered, 'each answer stored once');
  r = await admin.req('GET', '/api/v1/kbs/orbit/items');
  ok(r.status === 200 && r.json.items.some((i) => i.question.includes('추가 질문 3번')), 'the last re-import is what the bank holds');
  r = await learner.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', topics: [UNIQUE], count: 5, types: ['short'], seed: 4 } });
  ok(r.status === 201, 'a quiz starts on the swapped engine');
  // every thread sees the new engine at its next request: 16 requests at once
  // (connections over the 4 threads) make each thread hold the current engine,
  // an upload adds a topic only the new engine knows, and 16 quizzes at once
  // on that topic all start (an old engine answers 400: no such topic)
  const spread = (f) => Promise.all(Array.from({ length: 16 }, f));
  let rs = await spread(() => learner.req('GET', '/api/v1/kbs'));
  ok(rs.every((x) => x.status === 200), 'every thread answers before the swap');
  const moon = `
## 2. 달기지 보급

### 개념 설명

달기지 보급은 지구에서 달의 기지로 물자를 정기적으로 나르는 일이다.

### 레벨별 지식

> ⭐ **Level 1 (입문)**
> - 보급 주기
>
> **Q: 달기지 보급선은 무엇을 나르는가?**
> **A:** 물과 식량과 연료 같은 기지의 소모품을 나른다.
`;
  r = await admin.req('POST', '/api/v1/admin/kbs', { body: { name: 'orbit.md', markdown: goodDoc(moon) } });
  ok(r.status === 201 && r.json.engine_rebuilt === true, `an upload with a new topic rebuilds the engine: ${r.text.slice(0, 200)}`);
  rs = await spread((_, i) => learner.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', topics: ['달기지'], count: 1, seed: 100 + i } }));
  ok(rs.every((x) => x.status === 201), `16 quizzes at once on the new topic start on every thread (${rs.map((x) => x.status).join(',')})`);
  ok(/engine rebuilt/.test(srv.log()), 'the log says the engine was rebuilt');
  const ms = [...srv.log().matchAll(/POST \/api\/v1\/admin\/kbs 201 ([0-9.]+)ms/g)].map((m) => Number(m[1]));
  console.log(`uploads answered in ${ms.map((x) => x.toFixed(0)).join(', ')} ms (import, and a rebuilt engine when the document changed)`);
}

// GET /api/v1/kbs/{kb}/export: the file types, Content-Disposition, roles, errors.
async function exportRoute(srv, admin, learner, assessor) {
  let r = await learner.req('GET', '/api/v1/kbs/orbit/export?format=gift');
  ok(r.status === 403, 'a learner gets 403 on an export');
  r = await assessor.req('GET', '/api/v1/kbs/orbit/export?format=gift');
  ok(r.status === 200 && /^text\/plain; charset=utf-8/.test(r.headers.get('content-type')), `GIFT as text/plain: ${r.status} ${r.headers.get('content-type')}`);
  ok(r.headers.get('content-disposition') === 'attachment; filename="orbit.gift.txt"', `GIFT's Content-Disposition: ${r.headers.get('content-disposition')}`);
  ok(r.text.includes('$CATEGORY: $course$/top/orbit/01 ') && r.text.includes(UNIQUE), 'the GIFT holds the category and the Korean text');
  r = await admin.req('GET', '/api/v1/kbs/orbit/export?format=moodle-xml&level=2');
  ok(r.status === 200 && /^application\/xml/.test(r.headers.get('content-type')) && r.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>'), 'Moodle XML as application/xml');
  ok((r.text.match(/<question type="essay">/g) || []).length >= 1 && r.text.includes('/Level 2 ') && !r.text.includes('/Level 1 '), 'level=2 selects level 2 items only');
  r = await admin.req('GET', '/api/v1/kbs/orbit/export?format=json');
  ok(r.status === 200 && r.json.format === 'assay-export' && r.json.count >= 3 && r.json.questions.every((q) => q.kb === 'orbit'), 'the JSON export matches its schema and holds the kb');
  r = await admin.req('GET', '/api/v1/kbs/orbit/export?format=csv');
  ok(r.status === 200 && /^text\/csv/.test(r.headers.get('content-type')) && r.text.startsWith('n,id,kb,'), 'CSV with its header row');
  r = await admin.req('GET', '/api/v1/kbs/orbit/export?format=anki-text');
  ok(r.status === 200 && r.text.startsWith('#separator:tab\n#html:true\n'), 'Anki text with its header lines');
  r = await admin.req('GET', '/api/v1/kbs/orbit/export');
  ok(r.status === 400 && r.json.error.field === 'format', 'no format: 400 naming format');
  r = await admin.req('GET', '/api/v1/kbs/orbit/export?format=docx');
  ok(r.status === 400 && r.json.error.field === 'format', 'an unknown format: 400 naming format');
  r = await admin.req('GET', '/api/v1/kbs/orbit/export?format=gift&level=12');
  ok(r.status === 400 && r.json.error.field === 'level', 'a bad level: 400 naming level');
  r = await admin.req('GET', '/api/v1/kbs/no-such-kb/export?format=gift');
  ok(r.status === 404, 'an unknown kb: 404');
  r = await admin.req('GET', '/api/v1/kbs/orbit/export?format=gift&topic=no-such-topic');
  ok(r.status === 404, 'an unknown topic: 404');
}

async function main() {
  const db = path.join(work, 'admin.db');
  account(db, 'ahn', 'admin', 'ahn-secret-1');
  account(db, 'kim', 'learner', 'kim-secret-1');
  account(db, 'lee', 'learner', 'lee-secret-1');
  account(db, '한지민', 'learner', 'han-secret-1');
  const srv = await startServer('admin', ['--trust-proxy', '--workers', '4']);
  try {
    const admin = await signIn(srv, '10.1.0.1', 'ahn', 'ahn-secret-1');
    const learner = await signIn(srv, '10.1.0.2', 'kim', 'kim-secret-1');
    await users(srv, admin, learner);
    const assessor = await signIn(srv, '10.1.0.3', 'lee', 'lee-secret-1');
    await upload(srv, admin, learner, assessor);
    await exportRoute(srv, admin, learner, assessor);
    await swapUnderLoad(srv, admin, learner);
    await srv.stop(30000);
  } catch (e) {
    ok(false, 'unexpected: ' + (e.stack || e));
    if (srv.child.exitCode === null) await srv.stop();
  }
  console.log(`web admin: ${stats.checks} checks, ${stats.failures} failed, ${stats.responses} responses validated against docs/openapi.yaml`);
  process.exit(stats.failures ? 1 : 0);
}

main();
