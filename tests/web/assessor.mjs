// API integration tests of the assessor's routes of `assay serve` (a ctest:
// web_assessor): groups, invites, the members' results, a member's report,
// item statistics, the review queue and marks, against the real binary on a
// loopback port, every response validated against docs/openapi.yaml (lib.mjs).
// Roles are set with the sqlite3 program on the test's own database while the
// server runs (accounts sign up as learners; the role is read per request).
//   node tests/web/assessor.mjs ASSAY WORKDIR
import { execFileSync } from 'node:child_process';
import {
  init, ok, stats, startServer, client, signUp, answerFor,
} from './lib.mjs';

init('assessor.mjs');

function setRole(srv, name, role) {
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.db,
    `UPDATE account SET role = '${role}' WHERE name = '${name}'`]);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Answers an attempt to its end; returns the positions of free-text questions.
async function takeToEnd(c, id, label) {
  const free = [];
  let answered = 0;
  for (let guard = 0; guard < 60; guard++) {
    const r = await c.req('GET', `/api/v1/attempts/${id}/question`);
    if (!ok(r.status === 200, `${label}: question 200 (${r.status})`)) break;
    if (r.json.event === 'done') break;
    const q = r.json.question;
    const pos = r.json.position;
    const fb = await c.req('POST', `/api/v1/attempts/${id}/answers`,
      { body: { position: pos, request_id: `a-${id}-${pos}`, answer: answerFor(q) } });
    if (!ok(fb.status === 200, `${label}: answer ${pos} 200 (${fb.text.slice(0, 160)})`)) break;
    if (q.type === 'short' || (q.type === 'scenario' && !q.options)) free.push(pos);
    answered++;
  }
  const f = await c.req('POST', `/api/v1/attempts/${id}/finish`);
  ok(f.status === 200 && f.json.finished === true, `${label}: finish 200`);
  ok(answered > 0, `${label}: answered ${answered} questions`);
  return free;
}

async function main() {
  // eight threads: the 16 accepts of one invite below meet in the library at once
  const srv = await startServer('assessor', ['--workers', '8']);
  try {
    const boss = await signUp(srv, '10.1.0.1', 'boss', 'boss-secret-1');
    const other = await signUp(srv, '10.1.0.2', 'other', 'other-secret-1');
    const root = await signUp(srv, '10.1.0.3', 'root', 'root-secret-1');
    const lee = await signUp(srv, '10.1.0.4', '이순신', 'lee-secret-1');
    const park = await signUp(srv, '10.1.0.5', 'park', 'park-secret-1');
    setRole(srv, 'boss', 'assessor');
    setRole(srv, 'other', 'assessor');
    setRole(srv, 'root', 'admin');

    // learners get 403 on the assessor's routes; no sign-in is 401
    let r = await lee.req('GET', '/api/v1/groups');
    ok(r.status === 403 && r.json.error.code === 'forbidden', 'a learner lists groups: 403');
    r = await lee.req('POST', '/api/v1/groups', { body: { name: 'x' } });
    ok(r.status === 403, 'a learner creates a group: 403');
    r = await client(srv, '10.1.0.9').req('GET', '/api/v1/groups');
    ok(r.status === 401, 'no sign-in: 401');
    r = await boss.req('PUT', '/api/v1/groups', { body: {} });
    ok(r.status === 405 && r.headers.get('allow') === 'GET, POST', 'PUT on groups: 405 with Allow');
    r = await boss.req('GET', '/api/v1/marks');
    ok(r.status === 405 && r.headers.get('allow') === 'POST', 'GET on marks: 405 with Allow');
    r = await boss.req('GET', '/api/v1/groups/abc');
    ok(r.status === 404, 'a non-numeric group id: 404');

    // a group
    r = await boss.req('POST', '/api/v1/groups', { body: { name: '팀 A' }, csrf: false });
    ok(r.status === 403, 'creating a group without the CSRF token: 403');
    r = await boss.req('POST', '/api/v1/groups', { body: { name: '' } });
    ok(r.status === 400 && r.json.error.field === 'name', 'an empty group name: 400 naming name');
    r = await boss.req('POST', '/api/v1/groups', { body: { name: 'x'.repeat(101) } });
    ok(r.status === 400 && r.json.error.field === 'name', 'a 101-byte name: 400 naming name');
    r = await boss.req('POST', '/api/v1/groups', { body: { name: 'a', extra: 1 } });
    ok(r.status === 400 && r.json.error.field === 'extra', 'an unknown field: 400 naming it');
    r = await boss.req('GET', '/api/v1/groups');
    ok(r.status === 200 && r.json.groups.length === 0, 'bad requests stored no group');
    r = await boss.req('POST', '/api/v1/groups', { body: { name: '팀 A' } });
    ok(r.status === 201 && r.json.name === '팀 A' && r.json.owner === 'boss' && r.json.members.length === 0, 'create a group: 201');
    const gid = r.json.id;
    r = await other.req('POST', '/api/v1/groups', { body: { name: '팀 B' } });
    ok(r.status === 201, 'another assessor creates a group');
    const gid2 = r.json.id;
    r = await boss.req('GET', '/api/v1/groups');
    ok(r.status === 200 && r.json.groups.length === 1 && r.json.groups[0].id === gid, 'an assessor lists only their groups');
    r = await root.req('GET', '/api/v1/groups');
    ok(r.status === 200 && r.json.groups.length === 2, 'an admin lists every group');

    // invites
    r = await boss.req('POST', `/api/v1/groups/${gid}/invites`, { body: { kind: 'exam' } });
    ok(r.status === 400 && r.json.error.field === 'kind', 'a wrong kind: 400 naming kind');
    r = await boss.req('POST', `/api/v1/groups/${gid}/invites`, { body: { kind: 'quiz', topics: ['no such topic at all'] } });
    ok(r.status === 400 && r.json.error.field === 'topics', `an unknown topic: 400 naming topics (${r.text.slice(0, 120)})`);
    r = await boss.req('POST', `/api/v1/groups/${gid}/invites`, { body: { kind: 'quiz', levels: [0] } });
    ok(r.status === 400 && r.json.error.field === 'levels[0]', 'a level 0: 400 naming levels[0]');
    r = await boss.req('POST', `/api/v1/groups/${gid}/invites`, { body: { kind: 'quiz', expires_in: 91 * 86400 } });
    ok(r.status === 400 && r.json.error.field === 'expires_in', 'over 90 days: 400 naming expires_in');
    r = await boss.req('GET', `/api/v1/groups/${gid}`);
    ok(r.status === 200 && r.json.invites.length === 0, 'bad invites stored nothing');
    r = await boss.req('POST', `/api/v1/groups/${gid}/invites`, { body: { kind: 'assessment', topics: ['1', 2], max_items: 16 } });
    ok(r.status === 201 && /^[A-Za-z0-9_-]{43}$/.test(r.json.token) && r.json.url === `${srv.base}/#/invite/${r.json.token}` &&
       r.json.expires_at - r.json.created_at === 7 * 86400 && r.json.spec.max_items === 16 && r.json.spec.topics.join() === '1,2', `create an invite: 201 with token and url (${r.json && r.json.url})`);
    const token = r.json.token;
    r = await boss.req('POST', `/api/v1/groups/${gid}/invites`, { body: { kind: 'quiz', count: 8 } });
    ok(r.status === 201, 'a quiz invite: 201');
    const quizToken = r.json.token;
    r = await boss.req('POST', `/api/v1/groups/${gid}/invites`, { body: { kind: 'quiz', count: 3 } });
    const revokeToken = r.json.token;
    r = await boss.req('POST', `/api/v1/groups/${gid}/invites`, { body: { kind: 'quiz', count: 3 } });
    const revokeId = r.json.id;
    const byIdToken = r.json.token;
    r = await boss.req('POST', `/api/v1/groups/${gid}/invites`, { body: { kind: 'quiz', count: 3, expires_in: 1 } });
    const shortToken = r.json.token;
    r = await boss.req('GET', `/api/v1/groups/${gid}`);
    ok(r.status === 200 && r.json.invites.length === 5 && r.json.invites.every((i) => !('token' in i)), 'the group lists its invites without tokens');
    ok(!r.text.includes(token), 'no token in the group listing');

    // another assessor does not see the group (404), an admin does
    for (const [m, p, body] of [['GET', `/api/v1/groups/${gid}`], ['GET', `/api/v1/groups/${gid}/results`],
      ['GET', `/api/v1/groups/${gid}/items`], ['GET', `/api/v1/groups/${gid}/reviews`],
      ['GET', `/api/v1/groups/${gid}/members/이순신/report`],
      ['POST', `/api/v1/groups/${gid}/invites`, { kind: 'quiz' }], ['DELETE', `/api/v1/groups/${gid}/invites/${token}`]]) {
      r = await other.req(m, encodeURI(p), { body });
      ok(r.status === 404, `another assessor: ${m} ${p.replace(token, 'TOKEN')} is 404 (${r.status})`);
    }
    r = await boss.req('GET', `/api/v1/groups/${gid2}`);
    ok(r.status === 404, 'and the first one does not see the second one\'s group');
    r = await boss.req('GET', '/api/v1/groups/999999');
    ok(r.status === 404, 'an unknown group: 404');
    r = await root.req('GET', `/api/v1/groups/${gid}`);
    ok(r.status === 200 && r.json.owner === 'boss', 'an admin sees any group');

    // revoking: by token and by id; expiry
    r = await boss.req('DELETE', `/api/v1/groups/${gid}/invites/${revokeToken}`, { csrf: false });
    ok(r.status === 403, 'revoking without the CSRF token: 403');
    r = await boss.req('DELETE', `/api/v1/groups/${gid}/invites/${revokeToken}`);
    ok(r.status === 204, 'revoke by token: 204');
    r = await boss.req('DELETE', `/api/v1/groups/${gid}/invites/${revokeId}`);
    ok(r.status === 204, 'revoke by id: 204');
    r = await boss.req('DELETE', `/api/v1/groups/${gid}/invites/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    ok(r.status === 404, 'revoking an unknown invite: 404');
    for (const t of [revokeToken, byIdToken]) {
      r = await lee.req('GET', `/api/v1/invites/${t}`);
      ok(r.status === 404, 'a revoked invite: 404');
      r = await lee.req('POST', `/api/v1/invites/${t}/accept`);
      ok(r.status === 404, 'accepting a revoked invite: 404');
    }
    await sleep(1500);
    r = await lee.req('GET', `/api/v1/invites/${shortToken}`);
    ok(r.status === 404, 'an expired invite: 404');
    r = await lee.req('POST', `/api/v1/invites/${shortToken}/accept`);
    ok(r.status === 404, 'accepting an expired invite: 404');
    r = await lee.req('GET', '/api/v1/invites/not-a-token');
    ok(r.status === 404, 'a malformed token: 404');

    // a learner opens the invite, accepts it twice (the same attempt) and takes it to the end
    r = await lee.req('GET', `/api/v1/invites/${token}`);
    ok(r.status === 200 && r.json.group_name === '팀 A' && r.json.owner === 'boss' && r.json.kind === 'assessment', 'the invite as a learner sees it: 200');
    r = await lee.req('POST', `/api/v1/invites/${token}/accept`, { csrf: false });
    ok(r.status === 403, 'accepting without the CSRF token: 403');
    r = await boss.req('GET', `/api/v1/groups/${gid}`);
    ok(r.json.members.length === 0, 'a refused accept made nobody a member');
    r = await lee.req('POST', `/api/v1/invites/${token}/accept`);
    ok(r.status === 201 && r.json.kind === 'assessment' && r.json.finished === false, `accept: 201 with the attempt (${r.text.slice(0, 120)})`);
    const att = r.json.attempt;
    r = await lee.req('POST', `/api/v1/invites/${token}/accept`);
    ok(r.status === 200 && r.json.attempt === att, 'accepting again: 200 with the same attempt');
    r = await boss.req('GET', `/api/v1/groups/${gid}`);
    ok(r.json.members.length === 1 && r.json.members[0].user === '이순신', 'the learner is a member once');
    ok(r.json.invites.find((i) => i.spec.max_items === 16).uses === 1, 'the invite counts one use');
    r = await boss.req('GET', `/api/v1/groups/${gid}/results`);
    ok(r.status === 200 && r.json.members.length === 1 && r.json.members[0].levels.every((l) => l.level === null), 'results before any answer: levels null');
    await takeToEnd(lee, att, 'assessment');

    // the assessor's results show the learner's levels
    r = await boss.req('GET', `/api/v1/groups/${gid}/results`);
    const m = r.json && r.json.members[0];
    ok(r.status === 200 && r.json.topics.length > 0 && m.user === '이순신' && m.attempts === 1 && m.last_at > 0, 'results: the member with one attempt');
    const levels = m ? m.levels.filter((l) => l.level !== null) : [];
    ok(levels.length > 0 && levels.every((l) => l.level >= 1 && l.level <= 4 && l.probability > 0), `results: the learner's levels (${JSON.stringify(levels).slice(0, 200)})`);
    const rep = await lee.req('GET', '/api/v1/report');
    const own = rep.json.persons[0].topics.filter((t) => t.level > 0).map((t) => `${t.number}=${t.level}`).sort().join(',');
    ok(own === levels.map((l) => `${l.topic}=${l.level}`).sort().join(','), `results agree with the learner's own report (${own})`);
    r = await root.req('GET', `/api/v1/groups/${gid}/results`);
    ok(r.status === 200 && r.json.members.length === 1, 'an admin reads the results');

    // a member's report; a non-member's is 404
    r = await boss.req('GET', encodeURI(`/api/v1/groups/${gid}/members/이순신/report`));
    ok(r.status === 200 && r.json.kind === 'person' && r.json.persons[0].name === '이순신', 'a member\'s report (JSON)');
    r = await boss.req('GET', encodeURI(`/api/v1/groups/${gid}/members/이순신/report?format=html`));
    ok(r.status === 200 && /text\/html/.test(r.headers.get('content-type')) && /script-src|default-src 'none'/.test(r.headers.get('content-security-policy')), 'a member\'s report (HTML with its CSP)');
    r = await boss.req('GET', `/api/v1/groups/${gid}/members/park/report`);
    ok(r.status === 404, 'a non-member\'s report: 404');
    r = await lee.req('GET', encodeURI(`/api/v1/groups/${gid}/members/이순신/report`));
    ok(r.status === 403, 'a learner on a member report route: 403');

    // item statistics over the members' answers
    r = await boss.req('GET', `/api/v1/groups/${gid}/items`);
    ok(r.status === 200 && r.json.scope === 'group' && r.json.attempts === 1 && r.json.items.length > 0 && r.json.items.every((i) => i.n >= 1), `item statistics of the group (${r.json && r.json.items.length} items)`);

    // a quiz invite gives free-text answers to review and mark
    r = await lee.req('POST', `/api/v1/invites/${quizToken}/accept`);
    ok(r.status === 201 && r.json.kind === 'quiz', 'accept a quiz invite: 201');
    const qatt = r.json.attempt;
    const free = await takeToEnd(lee, qatt, 'quiz');
    r = await boss.req('GET', `/api/v1/groups/${gid}/reviews`);
    ok(r.status === 200 && Array.isArray(r.json.answers) && r.json.answers.every((a) => a.user === '이순신'), `the review queue holds members' answers only (${r.json && r.json.answers.length})`);
    // park is not a member: his answers are not listed and cannot be marked
    r = await park.req('POST', '/api/v1/attempts', { body: { kind: 'quiz', count: 6, types: ['short'] } });
    ok(r.status === 201, 'a non-member takes a quiz of his own');
    const patt = r.json.attempt;
    await takeToEnd(park, patt, 'non-member quiz');
    r = await boss.req('GET', `/api/v1/groups/${gid}/reviews`);
    ok(r.status === 200 && r.json.answers.every((a) => a.user !== 'park'), 'a non-member\'s answers are not in the queue');
    r = await boss.req('POST', '/api/v1/marks', { body: { response: `${patt}:1`, score: 1 } });
    ok(r.status === 404, 'marking a non-member\'s response: 404');
    r = await other.req('POST', '/api/v1/marks', { body: { response: `${qatt}:${free[0] || 1}`, score: 1 } });
    ok(r.status === 404, 'marking the response of a member of someone else\'s group: 404');
    r = await boss.req('POST', '/api/v1/marks', { body: { response: 'x', score: 1 } });
    ok(r.status === 400 && r.json.error.field === 'response', 'a malformed response: 400 naming response');
    r = await boss.req('POST', '/api/v1/marks', { body: { response: `${qatt}:1`, score: 2 } });
    ok(r.status === 400 && r.json.error.field === 'score', 'a score over 1: 400 naming score');
    r = await lee.req('POST', '/api/v1/marks', { body: { response: `${qatt}:1`, score: 1 } });
    ok(r.status === 403, 'a learner marks: 403');
    if (ok(free.length > 0, `the quiz had free-text questions (${free})`)) {
      r = await boss.req('POST', '/api/v1/marks', { body: { response: `${qatt}:${free[0]}`, score: 0.75, note: '부분 정답' }, csrf: false });
      ok(r.status === 403, 'marking without the CSRF token: 403');
      r = await boss.req('POST', '/api/v1/marks', { body: { response: `${qatt}:${free[0]}`, score: 0.75, note: '부분 정답' } });
      ok(r.status === 201 && r.json.by === 'boss' && r.json.score === 0.75 && r.json.response === `${qatt}:${free[0]}`, `mark a member's answer: 201 (${r.text.slice(0, 120)})`);
      r = await boss.req('GET', `/api/v1/groups/${gid}/reviews`);
      ok(r.status === 200 && !r.json.answers.some((a) => a.response === `${qatt}:${free[0]}`), 'a marked answer leaves the queue');
    }

    // after the attempt is finished, accepting again starts a new one
    r = await lee.req('POST', `/api/v1/invites/${token}/accept`);
    ok(r.status === 201 && r.json.attempt !== att, 'accepting after the attempt is finished starts a new one (201)');
    r = await boss.req('GET', `/api/v1/groups/${gid}`);
    ok(r.json.members.length === 1, 'still one member');

    // one learner accepts one invite 16 times at once (retries, tabs; the
    // requests spread over the server's threads): every answer has the same
    // attempt, one of them started it, and the group shows that one attempt
    // (three rounds of each kind: the old race showed in about half of the rounds)
    const racers = [['quiz', 'kang'], ['assessment', 'jung'], ['quiz', 'moon'], ['assessment', 'song'], ['quiz', 'yoon'], ['assessment', 'han']];
    for (const [i, [kind, who]] of racers.entries()) {
      const c = await signUp(srv, `10.1.1.${i + 1}`, who, `${who}-secret-1`);
      r = await boss.req('POST', `/api/v1/groups/${gid}/invites`, { body: kind === 'quiz' ? { kind, count: 30 } : { kind, max_items: 12 } });
      const t = r.json.token, iid = r.json.id;
      const rs = await Promise.all(Array.from({ length: 16 }, () => c.req('POST', `/api/v1/invites/${t}/accept`)));
      const ids = new Set(rs.map((x) => x.json && x.json.attempt));
      ok(rs.every((x) => x.status === 200 || x.status === 201), `16 accepts at once (${kind}): all 200 or 201 (${rs.map((x) => x.status).join(',')})`);
      ok(ids.size === 1 && !ids.has(undefined), `16 accepts at once (${kind}): the same attempt (${[...ids].join(',')})`);
      ok(rs.filter((x) => x.status === 201).length === 1, `16 accepts at once (${kind}): one 201, the rest resumed it`);
      r = await c.req('GET', '/api/v1/attempts');
      ok(r.status === 200 && r.json.attempts.length === 1 && ids.has(r.json.attempts[0].id) && !r.json.attempts[0].finished, `the learner has that one attempt, open (${r.json.attempts.length})`);
      r = await boss.req('GET', `/api/v1/groups/${gid}/results`);
      const mem = r.json.members.find((x) => x.user === who);
      ok(r.status === 200 && mem && mem.attempts === 1, `the group's results: ${who} with one attempt (${mem && mem.attempts})`);
      r = await boss.req('GET', `/api/v1/groups/${gid}`);
      const inv = r.json.invites.find((i) => i.id === iid);
      ok(inv && inv.uses === 1 && r.json.members.filter((x) => x.user === who).length === 1, `${who} is a member once, the invite used once (${inv && inv.uses})`);
    }
  } catch (e) {
    ok(false, 'unexpected: ' + (e.stack || e));
  }
  await srv.stop();
  console.log(`web assessor: ${stats.checks} checks, ${stats.failures} failed, ${stats.responses} responses validated against docs/openapi.yaml`);
  process.exit(stats.failures ? 1 : 0);
}

main();
