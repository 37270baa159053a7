// API tests of the admin's routes of `assay serve` (a ctest: web_admin): users
// and roles, document upload with the engine swap, the author's items. The
// helpers (servers on loopback ports, a client with cookie and CSRF token,
// every response validated against docs/openapi.yaml with ajv) are copied
// from api.mjs until they move to lib.mjs. Every server started is stopped
// with SIGTERM and must exit 0: an ASan build's server fails that on a leak.
//   node tests/web/admin.mjs ASSAY WORKDIR
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const [assay, work] = process.argv.slice(2);
if (!assay || !work) {
  console.error('usage: node admin.mjs ASSAY WORKDIR');
  process.exit(2);
}
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

// ---- the OpenAPI document and the validator ---------------------------------------------
const doc = YAML.parse(fs.readFileSync(path.join(here, '../../docs/openapi.yaml'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
ajv.addSchema(doc, 'openapi.json');
const routes = Object.keys(doc.paths).map((p) => ({
  template: p,
  re: new RegExp('^' + p.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
}));
const ptr = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const compiled = new Map();
function validatorFor(ref) {
  if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: 'openapi.json#' + ref }));
  return compiled.get(ref);
}

let failures = 0, checks = 0, responses = 0;
function ok(cond, what) {
  checks++;
  if (!cond) {
    failures++;
    console.error('FAIL: ' + what);
  }
  return cond;
}

const CSP_OK = (csp) => csp && !/unsafe-inline/.test(csp) && /frame-ancestors 'none'/.test(csp) &&
  !/script-src [^;]*(unsafe|\*)/.test(csp);

// Checks one response against the document and the header rules.
function conform(method, url, res, text) {
  responses++;
  const u = new URL(url);
  const where = `${method} ${u.pathname} ${res.status}`;
  const h = (n) => res.headers.get(n);
  ok(CSP_OK(h('content-security-policy')), `${where}: CSP without inline script/style: ${h('content-security-policy')}`);
  ok(h('x-content-type-options') === 'nosniff', `${where}: nosniff`);
  ok(h('referrer-policy') === 'no-referrer', `${where}: Referrer-Policy`);
  ok(h('cache-control') === 'no-store', `${where}: Cache-Control no-store`);
  ok(/^[0-9a-zA-Z-]{8,32}$/.test(h('x-request-id') || ''), `${where}: X-Request-Id`);
  const ctype = (h('content-type') || '').split(';')[0].trim();
  const route = routes.find((r) => r.re.test(u.pathname));
  let schemaRef = null;
  if (!route) {
    ok(res.status === 404, `${where}: an undocumented path answers 404`);
    schemaRef = '/components/schemas/Error';
  } else {
    const op = doc.paths[route.template][method === 'HEAD' ? 'get' : method.toLowerCase()];
    if (!op) {
      ok(res.status === 405, `${where}: an undocumented method answers 405`);
      ok(!!h('allow'), `${where}: 405 has Allow`);
      schemaRef = '/components/schemas/Error';
    } else {
      let resp = op.responses[String(res.status)];
      let base = `/paths/${ptr(route.template)}/${method === 'HEAD' ? 'get' : method.toLowerCase()}/responses/${res.status}`;
      if (!ok(!!resp, `${where}: status documented in openapi.yaml`)) return;
      if (resp.$ref) {
        base = resp.$ref.slice(1);
        resp = base.split('/').slice(1).reduce((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      }
      if (!ok(resp.content && resp.content[ctype], `${where}: content type ${ctype} documented`)) return;
      if (ctype !== 'application/json') return;
      schemaRef = `${base}/content/${ptr(ctype)}/schema`;
    }
  }
  if (!ok(ctype === 'application/json', `${where}: JSON body (${ctype})`)) return;
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    ok(false, `${where}: body is JSON: ${text.slice(0, 80)}`);
    return;
  }
  const v = validatorFor(schemaRef);
  ok(v(body), `${where}: body matches ${schemaRef}: ${JSON.stringify(v.errors)?.slice(0, 400)} body=${text.slice(0, 200)}`);
}

// ---- servers --------------------------------------------------------------------------
const children = new Set();
process.on('exit', () => { for (const c of children) try { c.kill('SIGKILL'); } catch {} });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer(name, args = [], env = {}) {
  const port = await freePort();
  const db = path.join(work, `${name}.db`);
  const child = spawn(assay, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code, sig })));
  const started = Date.now();
  while (!/serving on (http:\/\/\S+)/.test(out)) {
    if (child.exitCode !== null || Date.now() - started > 60000)
      throw new Error(`${name}: server did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const base = `http://127.0.0.1:${port}`;
  ok(out.includes(base), `${name}: prints its URL (${out.trim()})`);
  return {
    name, base, port, child, exited, db,
    log: () => err,
    async stop(deadlineMs = 15000) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
      const r = await exited;
      clearTimeout(t);
      children.delete(child);
      ok(r.code === 0, `${name}: exits 0 after SIGTERM (code ${r.code}, signal ${r.sig})\n${err.slice(-2000)}`);
      return r;
    },
  };
}

// A client with a cookie jar, its own forwarded address (buckets apart) and its CSRF token.
function client(srv, addr) {
  const jar = new Map();
  const c = {
    csrf: null,
    cookies: jar,
    lastSetCookie: null,
    async req(method, p, { body, raw, headers = {}, csrf = true, check = true } = {}) {
      const h = { 'X-Forwarded-For': addr, ...headers };
      if (jar.size) h.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      if (body !== undefined || raw !== undefined) h['Content-Type'] ??= 'application/json';
      if (csrf && c.csrf && method !== 'GET') h['X-CSRF-Token'] = c.csrf;
      const url = srv.base + p;
      const res = await fetch(url, { method, headers: h, body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined) });
      const text = await res.text();
      for (const sc of res.headers.getSetCookie()) {
        c.lastSetCookie = sc;
        const [kv] = sc.split(';');
        const [k, v] = kv.split('=');
        if (v) jar.set(k.trim(), v.trim()); else jar.delete(k.trim());
      }
      if (check) conform(method, url, res, text);
      let json = null;
      try { json = JSON.parse(text); } catch {}
      if (json && json.csrf_token) c.csrf = json.csrf_token;
      return { status: res.status, headers: res.headers, text, json };
    },
  };
  return c;
}


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

async function signIn(srv, addr, name, password) {
  const c = client(srv, addr);
  const r = await c.req('POST', '/api/v1/session', { body: { name, password } });
  ok(r.status === 200 && r.json.user === name, `${name} signs in: ${r.status}`);
  return c;
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
  ok(/engine rebuilt/.test(srv.log()), 'the log says the engine was rebuilt');
  const ms = [...srv.log().matchAll(/POST \/api\/v1\/admin\/kbs 201 ([0-9.]+)ms/g)].map((m) => Number(m[1]));
  console.log(`uploads answered in ${ms.map((x) => x.toFixed(0)).join(', ')} ms (import, and a rebuilt engine when the document changed)`);
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
    await swapUnderLoad(srv, admin, learner);
    await srv.stop(30000);
  } catch (e) {
    ok(false, 'unexpected: ' + (e.stack || e));
    if (srv.child.exitCode === null) await srv.stop();
  }
  console.log(`web admin: ${checks} checks, ${failures} failed, ${responses} responses validated against docs/openapi.yaml`);
  process.exit(failures ? 1 : 0);
}

main();
