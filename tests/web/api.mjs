// API integration tests of `assay serve` (a ctest: web_api). Starts the real
// binary on loopback ports this test picks, checks every response it gets
// against docs/openapi.yaml (ajv, JSON Schema 2020-12) and the security
// headers, and stops every server it started (SIGTERM; exit status 0 within
// the grace period, else the test fails and the process is killed).
//   node tests/web/api.mjs ASSAY WORKDIR
// The shared helpers (servers, clients, the OpenAPI check) are in lib.mjs.
import fs from 'node:fs';
import {
  init, ok, stats, startServer, client, rawExchange, deepKeys, answerFor, bodyValid,
} from './lib.mjs';

init('api.mjs');

// ---- the tests ------------------------------------------------------------------------
async function basics(srv) {
  const c = client(srv, '10.0.0.1');
  let r = await c.req('GET', '/healthz');
  ok(r.status === 200 && r.json.status === 'ok', 'healthz 200');
  r = await c.req('GET', '/readyz');
  ok(r.status === 200 && r.json.status === 'ready', 'readyz 200');
  r = await c.req('GET', '/metrics');
  ok(r.status === 200 && /assay_http_requests_total\{route="\/healthz",status="200"\} 1/.test(r.text), 'metrics count requests by route and status');
  ok(/assay_http_request_duration_seconds_bucket\{route="\/healthz",le="\+Inf"\} 1/.test(r.text), 'metrics latency histogram');
  ok(/assay_attempts_in_progress \d+/.test(r.text) && /assay_answers_stored_total 0/.test(r.text), 'metrics attempts in progress, answers stored');
  r = await c.req('GET', '/nope');
  ok(r.status === 404 && r.json.error.code === 'not_found', 'unknown route 404 JSON');
  r = await c.req('GET', '/api/v1/attempts/abc');
  ok(r.status === 404, 'a non-numeric attempt id is 404');
  r = await c.req('DELETE', '/healthz');
  ok(r.status === 405 && r.headers.get('allow') === 'GET, HEAD', 'wrong method 405 JSON with Allow');
  r = await c.req('PUT', '/api/v1/attempts', { body: {} });
  ok(r.status === 405, 'PUT on attempts 405');
  r = await c.req('GET', '/api/v1/kbs');
  ok(r.status === 401, 'kbs need a sign-in (401)');
}

async function accounts(srv) {
  const c = client(srv, '10.0.1.1');
  let r = await c.req('POST', '/api/v1/accounts', { body: { name: 'kim', password: 'kim-secret-1' } });
  ok(r.status === 201 && r.json.user === 'kim', 'sign up 201');
  const sc = c.lastSetCookie || '';
  ok(/HttpOnly/.test(sc) && /SameSite=Strict/.test(sc) && !/Secure/.test(sc), `cookie HttpOnly, SameSite=Strict, not Secure over http: ${sc.replace(/=[^;]+/, '=…')}`);
  ok(r.headers.get('ratelimit-limit') !== null && r.headers.get('ratelimit-remaining') !== null, 'RateLimit-* headers');
  r = await c.req('POST', '/api/v1/accounts', { body: { name: 'kim', password: 'another-pass' } });
  ok(r.status === 409 && r.json.error.field === 'name', 'a taken name is 409 naming name');
  r = await c.req('POST', '/api/v1/accounts', { body: { name: 'bad name', password: 'long-enough' } });
  ok(r.status === 400 && r.json.error.field === 'name', 'a name with a space is 400 naming name');
  r = await c.req('POST', '/api/v1/accounts', { body: { name: 'park', password: 'short' } });
  ok(r.status === 400 && r.json.error.field === 'password', 'a short password is 400 naming password');
  r = await c.req('GET', '/api/v1/session');
  ok(r.status === 200 && r.json.user === 'kim' && r.json.csrf_token.length === 43, 'session 200 with a CSRF token');
  r = await c.req('DELETE', '/api/v1/session', { csrf: false });
  ok(r.status === 403, 'sign out without the CSRF token 403');
  r = await c.req('DELETE', '/api/v1/session');
  ok(r.status === 200 && r.json.signed_out === true, 'sign out 200');
  r = await c.req('GET', '/api/v1/session');
  ok(r.status === 401, 'after sign out 401');
  r = await c.req('POST', '/api/v1/session', { body: { name: 'kim', password: 'wrong-pass' } });
  ok(r.status === 401, 'wrong password 401');
  r = await c.req('POST', '/api/v1/session', { body: { name: 'kim', password: 'kim-secret-1' } });
  ok(r.status === 200 && r.json.user === 'kim', 'sign in 200');
  // behind a trusted TLS proxy the cookie is Secure
  const p = client(srv, '10.0.1.2');
  r = await p.req('POST', '/api/v1/accounts', { body: { name: 'proxyuser', password: 'proxy-pass-1' }, headers: { 'X-Forwarded-Proto': 'https' } });
  ok(r.status === 201 && /; Secure/.test(p.lastSetCookie || ''), 'Secure cookie behind a trusted https proxy');
  return c;
}

async function takeQuiz(srv, kim) {
  let r = await kim.req('GET', '/api/v1/kbs');
  ok(r.status === 200 && r.json.kbs.length >= 1, 'kbs 200');
  const kb = r.json.kbs[0].name;
  r = await kim.req('GET', `/api/v1/kbs/${kb}/topics`);
  ok(r.status === 200 && r.json.topics.length > 0, 'topics 200');
  r = await kim.req('GET', '/api/v1/kbs/no-such-kb/topics');
  ok(r.status === 404, 'unknown kb 404');
  // a start that names its knowledge base (StartAttempt.kb) draws from it
  const inKb = { kind: 'quiz', kb, count: 2, seed: 3 };
  ok(bodyValid('StartAttempt', inKb) && !bodyValid('StartAttempt', { kind: 'quiz', kb: 5 }),
    'StartAttempt documents kb (a string)');
  r = await kim.req('POST', '/api/v1/attempts', { body: inKb });
  ok(r.status === 201, `a quiz in kb ${kb}: 201 (${r.status})`);
  const inKbId = r.json && r.json.attempt;
  r = await kim.req('GET', `/api/v1/attempts/${inKbId}/question`);
  ok(r.status === 200 && r.json.question && r.json.question.kb === kb, `its question is of ${kb}`);
  r = await kim.req('GET', '/api/v1/attempts');
  const listed = r.json.attempts.find((a) => a.id === inKbId);
  ok(listed && listed.kb === kb, `the attempt is stored as ${kb}'s (${listed && listed.kb})`);
  r = await kim.req('POST', `/api/v1/attempts/${inKbId}/finish`, { body: {} });
  ok(r.status === 200, `finished (${r.status})`);
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'assessment', kb: 'no-such-kb' } });
  ok(r.status === 404 && /no-such-kb/.test(r.json.error.message), `an assessment in an unknown kb: 404 naming it (${r.status})`);
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', kb: 5 } });
  ok(r.status === 400, `a kb that is not a string: 400 (${r.status})`);
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', count: 8, seed: 5, types: ['mcq', 'tf', 'cloze', 'short', 'match', 'scenario'] } });
  ok(r.status === 201 && r.json.kind === 'quiz' && r.json.status.position === 1, 'start a quiz 201');
  const id = r.json.attempt;
  let leaksChecked = 0, answered = 0;
  for (let guard = 0; guard < 20; guard++) {
    const seen = [];
    r = await kim.req('GET', `/api/v1/attempts/${id}/question`);
    if (!ok(r.status === 200, 'question 200')) break;
    if (r.json.event === 'done') break;
    seen.push(r.text);
    const again = await kim.req('GET', `/api/v1/attempts/${id}/question`);
    ok(again.text === r.text, 'the same question until it is answered');
    seen.push(again.text);
    const st = await kim.req('GET', `/api/v1/attempts/${id}`);
    seen.push(st.text);
    const hist = await kim.req('GET', '/api/v1/attempts');
    seen.push(hist.text);
    const q = r.json.question;
    for (const s of [seen[0], seen[1], seen[3]]) {
      const keys = deepKeys(JSON.parse(s));
      ok(!keys.has('key') && !keys.has('accept') && !keys.has('reference'), `position ${r.json.position}: no key, accepted answers or reference before the answer`);
    }
    ok(st.json.summary.missed.every((m) => m.position < r.json.position), `position ${r.json.position}: the results hold references of answered positions only`);
    const pos = r.json.position;
    const rid = `req-${id}-${pos}`;
    const fb = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: pos, request_id: rid, answer: answerFor(q) } });
    if (!ok(fb.status === 200 && fb.json.event === 'feedback', `answer ${pos} (${q.type}) 200: ${fb.text.slice(0, 200)}`)) break;
    answered++;
    // the key, now shown, was in none of the earlier responses
    const key = fb.json.key || {};
    const secrets = [key.answer, ...(key.accept || [])].filter((x) => typeof x === 'string' && x.length >= 12 && !(q.options || []).includes(x) && !q.prompt.includes(x));
    for (const sec of secrets)
      for (const s of seen) ok(!s.includes(JSON.stringify(sec).slice(1, -1)), `position ${pos}: the key "${sec.slice(0, 30)}" was not sent before the answer`);
    leaksChecked += secrets.length;
    const dup = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: pos, request_id: rid, answer: answerFor(q) } });
    ok(dup.status === 200 && dup.json.duplicate === true && dup.json.score === fb.json.score, 'the same request id again returns the stored result');
    const other = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: pos, request_id: rid + 'x', answer: answerFor(q) } });
    ok(other.status === 409, 'a second answer to a stored position is 409');
  }
  ok(answered >= 5, `answered the quiz (${answered} questions)`);
  ok(leaksChecked > 0, `checked ${leaksChecked} keys against the earlier responses`);
  r = await kim.req('GET', `/api/v1/attempts/${id}`);
  ok(r.status === 200 && r.json.status.answered === answered && r.json.summary.answered + r.json.summary.skipped === answered, 'each answer stored once');
  const m = await kim.req('GET', '/metrics');
  ok(new RegExp(`assay_answers_stored_total ${answered}\\b`).test(m.text), `metrics: ${answered} answers stored (retries not counted)`);
  r = await kim.req('POST', `/api/v1/attempts/${id}/finish`);
  ok(r.status === 200 && r.json.finished === true, 'finish 200');
  r = await kim.req('POST', `/api/v1/attempts/${id}/finish`, { body: {} });
  ok(r.status === 200 && r.json.finished === true, 'finish again 200');
  r = await kim.req('GET', `/api/v1/attempts/${id}/question`);
  ok(r.status === 409, 'a finished attempt has no question (409)');
  r = await kim.req('GET', `/api/v1/attempts/${id}/report`);
  ok(r.status === 200 && r.json.kind === 'person', 'report JSON 200');
  r = await kim.req('GET', `/api/v1/attempts/${id}/report?format=html&lang=en`);
  ok(r.status === 200 && /<html/.test(r.text) && !/<script/i.test(r.text), 'report HTML 200, no script');
  ok(/style-src 'unsafe-hashes' 'sha256-/.test(r.headers.get('content-security-policy')), 'the HTML report\'s style allowed by hash');
  r = await kim.req('GET', '/api/v1/report?format=pdf');
  ok(r.status === 400 && r.json.error.field === 'format', 'an unknown report format 400 naming format');
  r = await kim.req('GET', '/api/v1/report');
  ok(r.status === 200, 'the learner\'s report 200');
  // an assessment: start, answer two, skip one
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'assessment', max_items: 5, topics: ['1', '2'] } });
  ok(r.status === 201 && r.json.kind === 'assessment', 'start an assessment 201');
  const aid = r.json.attempt;
  for (let k = 0; k < 3; k++) {
    r = await kim.req('GET', `/api/v1/attempts/${aid}/question`);
    if (!ok(r.status === 200 && r.json.event === 'question', 'assessment question')) break;
    const pos = r.json.position;
    const fb = k === 2
      ? await kim.req('POST', `/api/v1/attempts/${aid}/skip`, { body: { position: pos, request_id: `s-${aid}-${pos}` } })
      : await kim.req('POST', `/api/v1/attempts/${aid}/answers`, { body: { position: pos, request_id: `a-${aid}-${pos}`, answer: answerFor(r.json.question) } });
    ok(fb.status === 200 && fb.json.skipped === (k === 2), `assessment ${k === 2 ? 'skip' : 'answer'} 200`);
  }
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'review' } });
  ok(r.status === 201 && r.json.kind === 'review', 'start a review 201');
  return { quiz: id, assessment: aid };
}

// The bank's bytes (the database and its write-ahead log): what a write changes.
function bankBytes(db) {
  return [db, db + '-wal'].map((f) => (fs.existsSync(f) ? fs.readFileSync(f).toString('base64') : '')).join('|');
}

// Issue 11: after the last answer the attempt is done but not finished until
// it is finished (POST .../finish); its view and the question route agree
// (done, not 409); and asking for the question (a GET) writes nothing.
async function doneThenFinished(srv, kim) {
  for (const spec of [{ kind: 'assessment', max_items: 3, topics: ['1'] }, { kind: 'quiz', count: 3, seed: 9, types: ['mcq', 'tf'] }]) {
    let r = await kim.req('POST', '/api/v1/attempts', { body: spec });
    if (!ok(r.status === 201, `${spec.kind}: start 201`)) continue;
    const id = r.json.attempt;
    let answered = 0, done = null;
    for (let guard = 0; guard < 12; guard++) {
      r = await kim.req('GET', `/api/v1/attempts/${id}/question`);
      if (!ok(r.status === 200, `${spec.kind}: question 200 (${r.status} ${r.text.slice(0, 120)})`)) break;
      if (r.json.event === 'done') { done = r.json; break; }
      if (answered === 0) {
        // shown once (stored then); asking again and reading write nothing
        const before = bankBytes(srv.db);
        const hist0 = (await kim.req('GET', '/api/v1/attempts')).json.attempts.find((a) => a.id === id);
        await new Promise((res) => setTimeout(res, 1100));
        const again = await kim.req('GET', `/api/v1/attempts/${id}/question`);
        ok(again.status === 200 && again.text === r.text, `${spec.kind}: the same question asked again`);
        await kim.req('GET', `/api/v1/attempts/${id}`);
        ok(bankBytes(srv.db) === before, `${spec.kind}: GET .../question and GET the attempt leave the bank's bytes as they were`);
        const hist1 = (await kim.req('GET', '/api/v1/attempts')).json.attempts.find((a) => a.id === id);
        ok(hist0 && hist1 && hist1.updated_at === hist0.updated_at, `${spec.kind}: GET .../question does not write updated_at (${hist0 && hist0.updated_at} → ${hist1 && hist1.updated_at})`);
      }
      const pos = r.json.position;
      const fb = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: pos, request_id: `d-${id}-${pos}`, answer: answerFor(r.json.question) } });
      if (!ok(fb.status === 200, `${spec.kind}: answer ${pos} 200`)) break;
      answered++;
      const v = await kim.req('GET', `/api/v1/attempts/${id}`);
      ok(v.status === 200 && v.json.finished === false, `${spec.kind}: after answer ${pos} the attempt is not finished until it is finished (finished: ${v.json.finished}, done: ${v.json.status && v.json.status.done})`);
    }
    ok(done && done.done === true && answered >= 1, `${spec.kind}: after its last answer (${answered}) the question route answers done, not 409 (${r.status} ${r.text.slice(0, 120)})`);
    r = await kim.req('GET', `/api/v1/attempts/${id}`);
    ok(r.status === 200 && r.json.finished === false && r.json.status.done === true, `${spec.kind}: the done attempt reads done and not finished (${r.text.slice(0, 120)})`);
    r = await kim.req('GET', `/api/v1/attempts/${id}/question`);
    ok(r.status === 200 && r.json.event === 'done', `${spec.kind}: asked again, still done`);
    r = await kim.req('POST', `/api/v1/attempts/${id}/finish`);
    ok(r.status === 200 && r.json.finished === true && r.json.status.done === true, `${spec.kind}: finish 200`);
    if (spec.kind === 'assessment')
      ok(r.json.summary && r.json.summary.profile, 'assessment: the finished attempt has its profile');
    r = await kim.req('GET', `/api/v1/attempts/${id}/question`);
    ok(r.status === 409, `${spec.kind}: a finished attempt's question is 409`);
  }
}

async function authorization(srv, kim, ids) {
  const lee = client(srv, '10.0.2.1');
  let r = await lee.req('POST', '/api/v1/accounts', { body: { name: 'lee', password: 'lee-secret-1' } });
  ok(r.status === 201, 'lee signs up');
  for (const id of [ids.quiz, ids.assessment]) {
    r = await lee.req('GET', `/api/v1/attempts/${id}`);
    ok(r.status === 404, `lee cannot read kim's attempt ${id} (404)`);
    r = await lee.req('GET', `/api/v1/attempts/${id}/question`);
    ok(r.status === 404, `lee cannot see kim's question (404)`);
    r = await lee.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: 1, request_id: 'x1', answer: { choice: 0 } } });
    ok(r.status === 404, `lee cannot answer kim's attempt (404)`);
    r = await lee.req('POST', `/api/v1/attempts/${id}/finish`);
    ok(r.status === 404, `lee cannot finish kim's attempt (404)`);
    r = await lee.req('GET', `/api/v1/attempts/${id}/report?format=html`);
    ok(r.status === 404, `lee cannot read kim's report (404)`);
  }
  r = await lee.req('GET', '/api/v1/attempts');
  ok(r.status === 200 && r.json.attempts.length === 0, 'lee\'s history is empty');
  r = await lee.req('GET', '/api/v1/attempts/999999');
  ok(r.status === 404, 'no such attempt 404');
  const anon = client(srv, '10.0.2.2');
  r = await anon.req('GET', `/api/v1/attempts/${ids.quiz}`);
  ok(r.status === 401, 'anonymous 401');
  r = await anon.req('GET', `/api/v1/attempts/${ids.quiz}`, { headers: { Cookie: 'assay_session=' + 'A'.repeat(43) } });
  ok(r.status === 401, 'a forged cookie 401');
}

async function csrfAndBodies(srv, kim) {
  let r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz' }, csrf: false });
  ok(r.status === 403, 'no CSRF token 403');
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz' }, csrf: false, headers: { 'X-CSRF-Token': 'x'.repeat(43) } });
  ok(r.status === 403, 'a wrong CSRF token 403');
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz' }, headers: { Origin: 'https://evil.example' } });
  ok(r.status === 403, 'a cross-origin request 403');
  r = await kim.req('POST', '/api/v1/attempts', { raw: '{"kind": "quiz",' });
  ok(r.status === 400 && /not valid JSON/.test(r.json.error.message), 'malformed JSON 400');
  r = await kim.req('POST', '/api/v1/attempts', { raw: '[1,2]' });
  ok(r.status === 400, 'a JSON array body 400');
  r = await kim.req('POST', '/api/v1/attempts', { raw: '{"kind":"quiz","kind":"quiz"}' });
  ok(r.status === 400, 'a repeated field 400');
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', colour: 'red' } });
  ok(r.status === 400 && r.json.error.field === 'colour', 'an unknown field 400 naming it');
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'exam' } });
  ok(r.status === 400 && r.json.error.field === 'kind', 'a bad kind 400 naming kind');
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', count: 0 } });
  ok(r.status === 400 && r.json.error.field === 'count', 'count 0 400 naming count');
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', types: ['mcq', 'essay'] } });
  ok(r.status === 400 && r.json.error.field === 'types[1]', 'a bad type 400 naming types[1]');
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', levels: [0] } });
  ok(r.status === 400 && r.json.error.field === 'levels[0]', 'a bad level 400 naming levels[0]');
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', topics: ['no such topic at all'] } });
  ok(r.status === 400 || r.status === 404, `an unknown topic 400/404 (${r.status})`);
  r = await kim.req('POST', '/api/v1/attempts', { raw: '{"kind":"quiz"}', headers: { 'Content-Type': 'text/plain' } });
  ok(r.status === 415, 'a body that is not JSON by its type 415');
  r = await kim.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', count: 3, types: ['mcq'] } });
  const id = r.json.attempt;
  r = await kim.req('GET', `/api/v1/attempts/${id}/question`);
  r = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: 1, request_id: 'b1', answer: { choice: 'B' } } });
  ok(r.status === 400 && r.json.error.field === 'answer.choice', 'a string choice 400 naming answer.choice');
  r = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: 1, request_id: 'b1', answer: { choice: 17 } } });
  ok(r.status === 400 && r.json.error.field === 'answer.choice', 'an option out of range 400 naming answer.choice');
  r = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: 1, request_id: 'b1', answer: { text: 'x' } } });
  ok(r.status === 400 && r.json.error.field === 'answer.choice', 'text for a multiple-choice question 400 naming answer.choice');
  r = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: 1, request_id: 'b 1', answer: { choice: 0 } } });
  ok(r.status === 400 && r.json.error.field === 'request_id', 'a bad request id 400 naming request_id');
  r = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: 1, answer: { choice: 0 } } });
  ok(r.status === 400 && r.json.error.field === 'request_id', 'no request id 400 naming request_id');
  r = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: 1, request_id: 'b2', answer: { choice: 0, colour: 1 } } });
  ok(r.status === 400 && r.json.error.field === 'answer.colour', 'an unknown answer field 400 naming it');
  r = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { body: { position: 2, request_id: 'b3', answer: { choice: 0 } } });
  ok(r.status === 409, 'answering a position not yet shown 409');
  r = await kim.req('GET', `/api/v1/attempts/${id}`);
  ok(r.json.status.answered === 0, 'nothing stored by the refused answers');
  // oversized: a Content-Length over the cap gets 413 before the body is sent
  const big = 'x'.repeat(70 * 1024);
  r = await kim.req('POST', `/api/v1/attempts/${id}/answers`, { raw: JSON.stringify({ position: 1, request_id: 'big', answer: { text: big } }) });
  ok(r.status === 413 && r.json.error.code === 'payload_too_large', 'a body over 64 KiB 413');
  const hdr = `POST /api/v1/attempts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n`;
  const x = await rawExchange(srv.port, [hdr], { waitMs: 5000 });
  ok(/^HTTP\/1\.1 413/.test(x.data), `413 from the headers alone (${x.data.split('\r\n')[0]})`);
  // near the cap: a body of exactly 64 KiB (JSON padded with spaces) is read
  // whole into the request's arena and answered; one byte more is 413
  const padTo = (n, o) => { const t = JSON.stringify(o); return t.slice(0, -1) + ' '.repeat(n - t.length) + '}'; };
  const atCap = padTo(65536, { kind: 'quiz', count: 2, types: ['mcq'], seed: 5 });
  r = await kim.req('POST', '/api/v1/attempts', { raw: atCap });
  ok(r.status === 201 && r.json.status.total === 2, `a body of exactly 64 KiB is read and answered (${r.status} ${r.text.slice(0, 100)})`);
  r = await kim.req('POST', '/api/v1/attempts', { raw: atCap + ' ' });
  ok(r.status === 413, `64 KiB and one byte: 413 (${r.status})`);
  // the same without a Content-Length (chunked): grown in the arena up to the cap
  const cookie = [...kim.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const head = `POST /api/v1/attempts HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nContent-Type: application/json\r\n` +
    `Cookie: ${cookie}\r\nX-CSRF-Token: ${kim.csrf}\r\nX-Forwarded-For: 10.0.2.9\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
  const chunked = (body) => {
    const parts = [head];
    for (let i = 0; i < body.length; i += 7000) {
      const c = body.slice(i, i + 7000);
      parts.push(`${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`);
    }
    parts.push('0\r\n\r\n');
    return parts;
  };
  let y = await rawExchange(srv.port, chunked(atCap), { waitMs: 8000 });
  ok(/^HTTP\/1\.1 201/.test(y.data) && /"total":2/.test(y.data), `a chunked body of exactly 64 KiB is answered (${y.data.split('\r\n')[0]})`);
  y = await rawExchange(srv.port, chunked(atCap + '  '), { waitMs: 8000 });
  ok(!/^HTTP\/1\.1 2/.test(y.data), `a chunked body over 64 KiB is refused (${y.data.split('\r\n')[0] || 'connection closed'})`);
}

async function rateLimitSignIn(srv) {
  const c = client(srv, '10.0.3.1');
  let r = await c.req('POST', '/api/v1/accounts', { body: { name: 'choi', password: 'choi-secret-1' } });
  ok(r.status === 201, 'choi signs up');
  const statuses = [];
  for (let i = 0; i < 7; i++) {
    r = await c.req('POST', '/api/v1/session', { body: { name: 'choi', password: 'wrong-password' } });
    statuses.push(r.status);
    if (r.status === 429) break;
  }
  ok(statuses.slice(0, 5).every((s) => s === 401), `five wrong sign-ins answered 401 (${statuses})`);
  ok(r.status === 429, `the sixth sign-in 429 (${statuses})`);
  ok(Number(r.headers.get('retry-after')) >= 1, `429 has Retry-After (${r.headers.get('retry-after')})`);
  ok(r.headers.get('ratelimit-remaining') === '0', '429 has RateLimit-Remaining: 0');
  // the name's bucket holds from another address too
  const d = client(srv, '10.0.3.2');
  r = await d.req('POST', '/api/v1/session', { body: { name: 'choi', password: 'choi-secret-1' } });
  ok(r.status === 429, 'the name is limited from another address too');
}

async function logs(srv) {
  const log = srv.log();
  ok(/ POST \/api\/v1\/attempts\/\d+\/answers 200 [\d.]+ms rid=[0-9a-f]{16}/.test(log), 'one log line per request: method, path, status, duration, request id');
  for (const secret of ['kim-secret-1', 'lee-secret-1', 'wrong-password', 'assay_session=', '모름'])
    ok(!log.includes(secret), `the log has no password, token or answer (${secret})`);
}

async function shutdownInFlight(srv) {
  const c = client(srv, '10.0.4.1');
  // a sign-in (an Argon2id hash, the slowest request) in flight when SIGTERM comes
  const p = c.req('POST', '/api/v1/session', { body: { name: 'lee', password: 'lee-secret-1' }, check: false });
  await new Promise((r) => setTimeout(r, 30));
  const t0 = Date.now();
  const stopping = srv.stop();
  const r = await p.catch((e) => ({ status: 0, error: String(e) }));
  await stopping;
  ok(r.status === 200, `the request in flight at SIGTERM finished (${r.status} ${r.error || ''})`);
  ok(Date.now() - t0 < 10000, 'stopped within the deadline');
}

async function second() {
  // a small per-address rate, short sign-ins, a short connection timeout
  const srv = await startServer('small', ['--rate-limit', '3', '--session-ttl', '2', '--timeout', '2']);
  try {
    const c = client(srv, 'ignored');
    let r = await c.req('POST', '/api/v1/accounts', { body: { name: 'han', password: 'han-secret-1' } });
    ok(r.status === 201, 'han signs up');
    const got = [];
    for (let i = 0; i < 12; i++) {
      r = await c.req('GET', '/api/v1/kbs');
      got.push(r.status);
      if (r.status === 429) break;
    }
    ok(r.status === 429 && Number(r.headers.get('retry-after')) >= 1, `the per-address bucket empties: 429 with Retry-After (${got})`);
    await new Promise((res) => setTimeout(res, 3000));
    r = await c.req('GET', '/api/v1/session');
    ok(r.status === 401, 'a sign-in expires (401 after its time)');
    // a slow client trickling its headers is cut at the timeout, not kept alive by the trickle
    const chunks = ['GET /healthz HTTP/1.1\r\n', 'Host: 127.0.0.1\r\n'];
    for (let i = 0; i < 40; i++) chunks.push(`X-Slow-${i}: ${i}\r\n`);
    const t = await rawExchange(srv.port, chunks, { gapMs: 250, waitMs: 12000 });
    ok(t.closedAt !== null && t.closedAt < 4500 && t.sent < chunks.length, `a trickling client is closed within the timeout (${t.closedAt} ms, ${t.sent} of ${chunks.length} pieces sent)`);
    ok(!/^HTTP\/1\.1 200/.test(t.data), 'the trickling request is not answered');
    // an idle connection too
    const idle = await rawExchange(srv.port, ['GET /healthz HTTP/1.1\r\n'], { gapMs: 0, waitMs: 12000 });
    ok(idle.closedAt !== null && idle.closedAt < 4500, `an idle half-sent request is closed within the timeout (${idle.closedAt} ms)`);
    // the server still answers afterwards
    r = await client(srv, 'x').req('GET', '/healthz');
    ok(r.status === 200, 'still healthy after the slow clients');
  } finally {
    await srv.stop();
  }
}

async function main() {
  const srv = await startServer('main', ['--trust-proxy']);
  try {
    await basics(srv);
    const kim = await accounts(srv);
    const ids = await takeQuiz(srv, kim);
    await doneThenFinished(srv, kim);
    await authorization(srv, kim, ids);
    await csrfAndBodies(srv, kim);
    await rateLimitSignIn(srv);
    await logs(srv);
    await shutdownInFlight(srv);
  } catch (e) {
    ok(false, 'unexpected: ' + (e.stack || e));
    if (srv.child.exitCode === null) await srv.stop();
  }
  try {
    await second();
  } catch (e) {
    ok(false, 'unexpected: ' + (e.stack || e));
  }
  console.log(`web api: ${stats.checks} checks, ${stats.failures} failed, ${stats.responses} responses validated against docs/openapi.yaml`);
  process.exit(stats.failures ? 1 : 0);
}

main();
