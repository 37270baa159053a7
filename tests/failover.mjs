// The HTTP side of tests/failover.sh (issue 14, faults): learners answering
// through `assay serve` while the shell script breaks the database under them.
//
//   node tests/failover.mjs restart   the database stopped (immediate) and started
//                                     again: 503 JSON fast while it is away, 200 again
//                                     from the same server afterwards
//   node tests/failover.mjs primary   a bounded load of answers; each trial kill -9s
//                                     the primary and promotes the standby; every
//                                     acknowledged answer is in the new primary once
//   node tests/failover.mjs diskfull  the SQLite bank's tmpfs filled: a write refused with
//                                     a clear error, nothing lost, integrity ok, then writes again
//
// The environment: FO_BASE (the server's URL), FO_CTL (the script, called as
// `FO_CTL ctl ACTION` to stop/start/fail over/count), FO_TRIALS, FO_LEARNERS,
// FO_SECONDS (load per trial). Prints figures; exits 1 when a check failed.
import { execFileSync, spawnSync } from 'node:child_process';
import net from 'node:net';

const base = process.env.FO_BASE;
const ctlPath = process.env.FO_CTL;
const mode = process.argv[2];
let failures = 0, checks = 0;
function ok(cond, what) {
  checks++;
  if (!cond) {
    failures++;
    console.error('FAIL: ' + what);
  }
  return cond;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ctl = (...a) => execFileSync(ctlPath, ['ctl', ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

// A client with a cookie jar and its CSRF token; never throws: a network
// error is status 0. Each request is bounded (30 s).
function client(addr) {
  const jar = new Map();
  let csrf = null;
  return {
    async req(method, p, body) {
      const h = { 'X-Forwarded-For': addr };
      if (jar.size) h.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      if (body !== undefined) h['Content-Type'] = 'application/json';
      if (csrf && method !== 'GET') h['X-CSRF-Token'] = csrf;
      const t0 = Date.now();
      try {
        const res = await fetch(base + p, {
          method, headers: h, body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(30000),
        });
        const text = await res.text();
        for (const sc of res.headers.getSetCookie()) {
          const [kv] = sc.split(';');
          const [k, v] = kv.split('=');
          if (v) jar.set(k.trim(), v.trim()); else jar.delete(k.trim());
        }
        let json = null;
        try { json = JSON.parse(text); } catch {}
        if (json && json.csrf_token) csrf = json.csrf_token;
        return { status: res.status, json, text, ms: Date.now() - t0, ctype: res.headers.get('content-type') || '' };
      } catch (e) {
        return { status: 0, json: null, text: String(e), ms: Date.now() - t0, ctype: '' };
      }
    },
  };
}

function answerFor(q) {
  switch (q && q.type) {
    case 'mcq': return { choice: 0 };
    case 'tf': return { truth: true };
    case 'match': return { pairs: q.left.map((_, i) => i) };
    case 'scenario': return q.options ? { choice: 0 } : { text: '캐시를 두고 읽기를 나눈다' };
    default: return { text: '모름' };
  }
}

async function signUp(name, addr) {
  const c = client(addr);
  for (let i = 0; i < 50; i++) {
    let r = await c.req('POST', '/api/v1/accounts', { name, password: 'failover-pass-1' });
    if (r.status === 409) r = await c.req('POST', '/api/v1/session', { name, password: 'failover-pass-1' });
    if (r.status === 201 || r.status === 200) return c;
    await sleep(200);
  }
  ok(false, `${name} signs up`);
  return c;
}

const is503json = (r) => r.status === 503 && /application\/json/.test(r.ctype) && r.json && r.json.error &&
  typeof r.json.error.message === 'string' && r.json.error.message.length > 0;

// ---- restart: the database away and back ------------------------------------------------
async function restart() {
  const c = await signUp('fo-restart', '10.9.0.1');
  let r = await c.req('POST', '/api/v1/attempts', { kind: 'quiz', count: 30, seed: 3 });
  ok(r.status === 201, `start a quiz 201 (${r.status} ${r.text.slice(0, 200)})`);
  const id = r.json && r.json.attempt;
  let acks = 0;
  const answer = async (tag) => {
    const q = await c.req('GET', `/api/v1/attempts/${id}/question`);
    if (q.status !== 200) return q;
    const r = await c.req('POST', `/api/v1/attempts/${id}/answers`,
      { position: q.json.position, request_id: `${tag}-${q.json.position}`, answer: answerFor(q.json.question) });
    if (r.status === 200) acks++;
    return r;
  };
  for (let i = 0; i < 2; i++) {
    r = await answer('before');
    ok(r.status === 200, `an answer before the stop 200 (${r.status} ${r.text.slice(0, 200)})`);
  }
  ok((await c.req('GET', '/readyz')).status === 200, '/readyz 200 before the stop');

  ctl('stop');
  const times = [];
  for (let round = 0; round < 4; round++) {
    for (const [m, p, b] of [['GET', '/readyz'], ['GET', `/api/v1/attempts/${id}/question`],
      ['POST', `/api/v1/attempts/${id}/answers`, { position: 3, request_id: `down-${round}`, answer: { choice: 0 } }],
      ['GET', '/api/v1/attempts']]) {
      r = await c.req(m, p, b);
      times.push(r.ms);
      ok(is503json(r), `${m} ${p} while the database is down: 503 JSON with a message (${r.status} ${r.text.slice(0, 200)})`);
      if (round === 0 && m === 'POST') console.log(`503 body: ${r.text}`);
    }
    await sleep(300);
  }
  const max = Math.max(...times);
  times.sort((a, b) => a - b);
  console.log(`database down: ${times.length} requests answered 503, median ${times[times.length >> 1]} ms, max ${max} ms`);
  ok(max < 4000, `every request while the database is down answers within 4 s (max ${max} ms)`);
  ok((await c.req('GET', '/healthz')).status === 200, '/healthz still 200 (the process lives)');

  const t0 = Date.now();
  ctl('start');
  const started = Date.now();
  let ready = null;
  while (Date.now() - started < 20000) {
    r = await c.req('GET', '/readyz');
    if (r.status === 200) { ready = Date.now() - started; break; }
    await sleep(100);
  }
  ok(ready !== null, '/readyz 200 again within 20 s of the start');
  console.log(`database start took ${started - t0} ms; /readyz 200 again ${ready} ms after it`);
  for (let i = 0; i < 3; i++) {
    r = await answer('after');
    ok(r.status === 200, `an answer after the restart 200 (${r.status} ${r.text.slice(0, 200)})`);
  }
  r = await c.req('GET', `/api/v1/attempts/${id}`);
  ok(r.status === 200, 'the attempt reads back after the restart');
  const rows = ctl('count').trim().split('\n').filter((l) => l.startsWith(`${id}\t`));
  ok(rows.length === acks && acks === 5, `every acknowledged answer stored (${acks} acknowledged: 2 before, 3 after; ${rows.length} stored)`);

  // a server that accepts and never answers (a machine gone silent): the connect is
  // bounded by connect_timeout (3 s unless the URL says otherwise), exit 3
  const silent = net.createServer(() => {});
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  const t1 = Date.now();
  const res = spawnSync(process.env.FO_BIN, ['kbs', '--db', `postgresql://assay@127.0.0.1:${silent.address().port}/assay`], { encoding: 'utf8', timeout: 30000 });
  const took = Date.now() - t1;
  silent.close();
  console.log(`a silent server: exit ${res.status} after ${took} ms: ${(res.stderr || '').trim().slice(0, 200)}`);
  ok(res.status === 3 && took < 8000, `assay kbs against a silent server exits 3 within 8 s (${res.status}, ${took} ms)`);
}

// ---- primary: kill -9 the primary under load, promote the standby --------------------------
async function primary() {
  const trials = Number(process.env.FO_TRIALS || 1);
  const learners = Number(process.env.FO_LEARNERS || 4);
  const seconds = Number(process.env.FO_SECONDS || 4);
  const acked = new Map(); // "attempt\trid" -> times acknowledged
  let stop = false, answers = 0, retries = 0, errors503 = 0, otherErrors = 0;

  async function learner(i) {
    const c = await signUp(`fo-l${i}`, `10.9.1.${i + 1}`);
    let id = null;
    while (!stop) {
      if (id === null) {
        const r = await c.req('POST', '/api/v1/attempts', { kind: 'quiz', count: 25, seed: i + 1 });
        if (r.status !== 201) { await sleep(100); continue; }
        id = r.json.attempt;
      }
      const q = await c.req('GET', `/api/v1/attempts/${id}/question`);
      if (q.status !== 200) { if (q.status === 503) errors503++; await sleep(100); continue; }
      if (q.json.event === 'done') { id = null; continue; }
      const pos = q.json.position, rid = `l${i}-${id}-${pos}`;
      // the same request until it is acknowledged (bounded: 60 s)
      const t0 = Date.now();
      for (;;) {
        const r = await c.req('POST', `/api/v1/attempts/${id}/answers`, { position: pos, request_id: rid, answer: answerFor(q.json.question) });
        if (r.status === 200) {
          const k = `${id}\t${rid}`;
          acked.set(k, (acked.get(k) || 0) + 1);
          answers++;
          break;
        }
        if (r.status === 503 || r.status === 0) errors503++; else otherErrors++;
        if (r.status !== 503 && r.status !== 0) {
          ok(false, `answer ${rid}: ${r.status} ${r.text.slice(0, 200)}`);
          break;
        }
        if (Date.now() - t0 > 60000) { ok(false, `answer ${rid} not acknowledged within 60 s`); break; }
        retries++;
        await sleep(100);
      }
    }
  }

  // /readyz every 100 ms: outage = from the first non-200 to the next 200
  let outages = [], downSince = null, readyStop = false;
  const rc = client('10.9.2.1');
  const watcher = (async () => {
    while (!readyStop) {
      const r = await rc.req('GET', '/readyz');
      const now = Date.now();
      if (r.status !== 200 && downSince === null) downSince = now;
      if (r.status === 200 && downSince !== null) { outages.push(now - downSince); downSince = null; }
      await sleep(100);
    }
  })();

  const runners = Array.from({ length: learners }, (_, i) => learner(i));
  // the load running before the first failover: every learner signed up (Argon2id,
  // slow under ASan: it would hold the server's threads through the outage) and
  // answering; bounded
  for (const t0 = Date.now(); Date.now() - t0 < 120000;) {
    if (new Set([...acked.keys()].map((k) => k.split('\t')[1].split('-')[0])).size >= learners) break;
    await sleep(100);
  }
  const trialFig = [];
  for (let t = 1; t <= trials; t++) {
    await sleep(seconds * 1000);
    const before = answers, nOut = outages.length;
    const tk = Date.now();
    ctl('kill-primary');
    await sleep(500); // the servers see the loss first
    ctl('promote');
    // wait until answers flow again and /readyz has recovered
    const t1 = Date.now();
    while ((answers === before || outages.length === nOut) && Date.now() - t1 < 60000) await sleep(100);
    const back = Date.now() - tk;
    ok(outages.length > nOut, `trial ${t}: /readyz reported the outage and recovered`);
    trialFig.push({ trial: t, outage_ms: outages.length > nOut ? outages[outages.length - 1] : null, answers_flowing_after_ms: back });
    console.log(`trial ${t}: /readyz outage ${trialFig[t - 1].outage_ms} ms, answers again ${back} ms after the kill`);
    if (t < trials) ctl('new-standby');
  }
  await sleep(1500);
  stop = true;
  await Promise.all(runners);
  readyStop = true;
  await watcher;

  const stored = new Map();
  for (const line of ctl('count').trim().split('\n').filter(Boolean)) {
    const [a, rid, n] = line.split('\t');
    stored.set(`${a}\t${rid}`, Number(n));
  }
  let lost = 0, dup = 0, extra = 0;
  for (const [k] of acked) {
    const n = stored.get(k) || 0;
    if (n === 0) lost++;
    if (n > 1) dup++;
  }
  for (const k of stored.keys()) if (!acked.has(k)) extra++;
  const outs = trialFig.map((f) => f.outage_ms).filter((x) => x !== null);
  console.log(`failover figures: trials ${trials}, answers acknowledged ${acked.size} (responses 200: ${answers}), ` +
    `stored ${stored.size}, lost ${lost}, stored twice ${dup}, stored but not acknowledged ${extra}, ` +
    `retries ${retries}, 503/network errors ${errors503}, other errors ${otherErrors}, ` +
    `/readyz outage ms min ${Math.min(...outs)} max ${Math.max(...outs)} mean ${Math.round(outs.reduce((a, b) => a + b, 0) / (outs.length || 1))}`);
  ok(acked.size > 0, 'answers were acknowledged');
  ok(lost === 0, `no acknowledged answer lost (${lost})`);
  ok(dup === 0, `no answer stored twice (${dup})`);
  ok(otherErrors === 0, `no error but 503 during the failovers (${otherErrors})`);
}

// ---- diskfull: the SQLite bank's disk full under the server ---------------------------------
async function diskfull() {
  const c = await signUp('fo-disk', '10.9.3.1');
  const acked = new Set();
  let id = null, refused = null, started = 0;
  // one answer (a new quiz when the last is done); the response of the write that failed
  const step = async () => {
    if (id === null) {
      const r = await c.req('POST', '/api/v1/attempts', { kind: 'quiz', count: 25, seed: 7 + started });
      if (r.status !== 201) return r;
      started++;
      id = r.json.attempt;
    }
    const q = await c.req('GET', `/api/v1/attempts/${id}/question`);
    if (q.status !== 200) return q;
    if (q.json.event === 'done') { id = null; return q; }
    const rid = `d-${id}-${q.json.position}`;
    const r = await c.req('POST', `/api/v1/attempts/${id}/answers`, { position: q.json.position, request_id: rid, answer: answerFor(q.json.question) });
    if (r.status === 200) acked.add(`${id}\t${rid}`);
    return r;
  };
  for (let i = 0; i < 3; i++) ok((await step()).status === 200, 'an answer before the disk is full 200');
  console.log(`disk filled: ${ctl('fill').trim()}`);
  // the WAL may still have room for a few pages: answer until a write is refused
  for (let i = 0; i < 400 && !refused; i++) {
    const r = await step();
    if (r.status !== 200 && r.status !== 201) refused = r;
  }
  ok(refused !== null, 'a write is refused once the disk is full');
  if (refused) {
    console.log(`refused after ${acked.size} acknowledged answers: ${refused.status} ${refused.text}`);
    ok(is503json(refused) || refused.status === 507, `the refusal is 503/507 JSON (${refused.status})`);
    ok(refused.json && /disk .*full/i.test(refused.json.error.message), `the message names the full disk: ${refused.text.slice(0, 300)}`);
  }
  const [st, ...msg] = ctl('cli-grade').split('\n');
  ok(st.trim() === '3', `assay grade --record on the full disk exits 3 (${st})`);
  ok(/disk .*full/i.test(msg.join(' ')), `the CLI says the disk is full: ${msg.join(' ').slice(0, 300)}`);
  console.log(`CLI: status ${st}: ${msg.join(' ').trim()}`);
  // not checked: a server thread that opens the bank for the first time on a full disk
  // may fail (503), one that has it open reads
  console.log(`/readyz while the disk is full: ${(await c.req('GET', '/readyz')).status}`);
  ctl('free');
  const integ = ctl('integrity').trim();
  ok(integ === 'ok', `PRAGMA integrity_check after freeing the space: ${integ}`);
  const stored = new Map(ctl('count').trim().split('\n').filter(Boolean).map((l) => {
    const [a, rid, n] = l.split('\t');
    return [`${a}\t${rid}`, Number(n)];
  }));
  let lost = 0;
  for (const k of acked) if (stored.get(k) !== 1) lost++;
  ok(lost === 0, `every acknowledged answer stored once (${acked.size} acknowledged, ${lost} missing)`);
  console.log(`disk full: ${acked.size} answers acknowledged, ${stored.size} stored, ${lost} lost`);
  let again = null;
  for (let i = 0; i < 3; i++) {
    again = await step();
    if (again.status === 200) break;
  }
  ok(again && again.status === 200, `answers work again after freeing space (${again && again.status} ${again && again.text.slice(0, 200)})`);
}

if (mode === 'restart') await restart();
else if (mode === 'diskfull') await diskfull();
else if (mode === 'primary') await primary();
else { console.error('usage: node tests/failover.mjs restart|primary'); process.exit(2); }
console.log(`${checks} checks, ${failures} failed`);
process.exit(failures ? 1 : 0);
