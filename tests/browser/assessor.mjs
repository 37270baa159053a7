// End-to-end test of the assessor's and the admin's browser pages (a ctest:
// browser_assessor). Starts the real `assay serve`, makes an assessor and an
// admin with `assay account add NAME --role R` (the operators' CLI), then in
// Debian's Chromium (playwright-core): the assessor creates a group and an
// invite link (copied with its button); a learner opens the link, signs up
// (the token survives the sign-up), sees the invite, starts it and takes the
// assessment to the end; the assessor sees the learner's levels in the heat
// map (digits and colours, "–" for none, a legend), at 375 px too, opens the
// learner's report, reads the item statistics and the review queue (a score
// set when an answer waits); a learner may not see the groups; the admin
// changes a role and uploads a document (a bad one is refused with its line).
// axe-core on every page (no serious or critical violation); no console error,
// no CSP violation. Screenshots (assessor-*.png) and README's four
// (readme-question, readme-feedback, readme-report, readme-heatmap: 1000×700)
// go to ARTIFACTS_DIR.
//   node tests/browser/assessor.mjs ASSAY ARTIFACTS_DIR
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, failures, startServer, stopServer, launch, watch, cspWatch, axe, fits, shots, onQuestion,
  answer } from './lib.mjs';

const [assay, outArg] = process.argv.slice(2);
if (!assay || !outArg) {
  console.error('usage: node assessor.mjs ASSAY ARTIFACTS_DIR');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.resolve(here, '..', 'data');
fs.mkdirSync(outArg, { recursive: true });
const out = path.resolve(outArg);
const work = path.join(out, 'assessor');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const db = path.join(work, 'bank.db');
const PW = 'correct-horse-battery';
const VIEW = { width: 1000, height: 700 }; // README's screenshots

// An account with a role, through the operators' CLI (password on stdin).
// A build without that command (before the admin CLI): sign up through the
// API and set the role with the sqlite3 CLI on the server's database.
async function account(base, name, role) {
  const r = spawnSync(assay, ['account', 'add', name, '--role', role], { input: `${PW}\n`,
    env: { ...process.env, ASSAY_DB: db }, encoding: 'utf8' });
  if (r.status !== 0 && /unknown (option|command)/.test(r.stderr || '')) {
    console.log(`# no 'assay account add' in this build: the API and sqlite3 instead`);
    const res = await fetch(`${base}/api/v1/accounts`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base }, body: JSON.stringify({ name, password: PW }) });
    check(res.status === 201, `signed up ${name} through the API (${res.status})`);
    const q = spawnSync('sqlite3', [db, `UPDATE account SET role = '${role}' WHERE name = '${name}';`], { encoding: 'utf8' });
    check(q.status === 0, `the role ${role} set with sqlite3 (${q.stderr.trim()})`);
    return;
  }
  check(r.status === 0, `assay account add ${name} --role ${role} (exit ${r.status}${r.stderr ? ': ' + r.stderr.trim() : ''})`);
}

// The key of the question at `pos` of `attempt`, read from the server's
// database (the presentation the server stored as it showed the question):
// how this test makes a learner who knows some topics and not others.
function keyOf(attempt, pos) {
  const r = spawnSync('sqlite3', ['-json', db, 'SELECT json_extract(question, \'$.key\') AS key, ' +
    `json_extract(question, '$.topic') AS topic, qtype FROM presentation WHERE attempt_id = ${Number(attempt)} ` +
    `AND seq = ${Number(pos)}`], { encoding: 'utf8' });
  const rows = r.status === 0 && r.stdout.trim() ? JSON.parse(r.stdout) : [];
  return rows.length && rows[0].key ? { key: JSON.parse(rows[0].key), topic: rows[0].topic, type: rows[0].qtype } : null;
}

// Answers the question on the page right when the learner knows its topic,
// else wrong (a choice) or not at all (skipped).
async function answerKnowing(page, knows, n) {
  const attempt = /#\/attempt\/([0-9]+)/.exec(page.url())[1];
  const pos = Number(/([0-9]+)/.exec(await page.textContent('#progress-label'))[1]);
  const k = keyOf(attempt, pos);
  if (!k) return answer(page, n);
  const right = knows.has(k.topic);
  const key = k.key;
  const options = await page.locator('input[name=answer]').count();
  if (key.option !== undefined && options > 0) {
    const pick = right ? key.option : (key.option + 1) % options;
    await page.keyboard.press(String(pick + 1));
    await page.keyboard.press('Enter');
  } else if (key.truth !== undefined) {
    await page.keyboard.press(key.truth === right ? 'o' : 'x');
    await page.keyboard.press('Enter');
  } else if (right && key.pairs) {
    const sels = page.locator('select[name=pair]');
    for (let i = 0; i < key.pairs.length; i++) await sels.nth(i).selectOption({ index: 1 + key.pairs[i] });
    await page.click('#submit');
  } else if (right && (key.accept || key.answer) && (await page.$('#answer-text'))) {
    await page.fill('#answer-text', key.accept && key.accept.length ? key.accept[0] : key.answer);
    await page.click('#submit');
  } else {
    await page.click('#skip');
  }
  await page.waitForSelector('#feedback', { timeout: 30000 });
  return right;
}

async function signIn(page, base, name, hash = '#/') {
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector('#signin-form');
  await page.fill('#name', name);
  await page.fill('#password', PW);
  await page.click('#do-signin');
  await page.waitForSelector('#who');
}

const readme = (page, name) => page.screenshot({ path: path.join(out, `readme-${name}.png`) });

const base = await startServer(assay, db, path.join(work, 'server.log'));
let browser = null;
const pages = [];
const problems = [];
try {
  await account(base, '평가자', 'assessor');
  await account(base, '관리자', 'admin');
  browser = await launch(path.join(work, 'home'));
  // 400: on purpose (an admin lowering their own role, a bad document), 403/404: a learner's
  // look at the groups, 401: the sign-in page
  const newPage = async (who) => {
    const context = await browser.newContext({ viewport: VIEW, locale: 'ko-KR' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await cspWatch(context);
    const page = await context.newPage();
    await watch(context, page, base, problems, who, who === 'admin' ? /40[0134]/ : /40[134]/);
    pages.push([who, page]);
    return page;
  };

  // ---- the assessor: a group and an invite --------------------------------------------------
  const as = await newPage('assessor');
  await signIn(as, base, '평가자');
  check(await as.isVisible('#nav-groups'), 'the assessor sees 그룹 in the navigation');
  check(!(await as.$('#nav-admin')), 'the assessor does not see 관리');
  await as.click('#nav-groups');
  await as.waitForSelector('#group-form');
  check((await as.getAttribute('#nav-groups', 'aria-current')) === 'page', 'the navigation marks 그룹 as current');
  await axe(as, 'the groups page (none yet)');
  await as.fill('#group-name', '팀 A');
  await as.click('#create-group');
  await as.waitForSelector('#invite-form');
  const groupUrl = as.url();
  const gm = /#\/groups\/([0-9]+)$/.exec(groupUrl);
  check(!!gm, `the new group's page (${groupUrl})`);
  check((await as.textContent('#group-title')) === '팀 A', 'the group page is titled 팀 A');
  await axe(as, 'the group page (empty)');
  await as.check('#inv-kind-assessment');
  // three topics, so that the assessment decides them within its items
  await as.check('#inv-topic-1');
  await as.check('#inv-topic-2');
  await as.check('#inv-topic-3');
  await as.fill('#inv-max-items', '30');
  await as.click('#create-invite');
  await as.waitForSelector('#invite-url');
  const inviteUrl = await as.inputValue('#invite-url');
  check(inviteUrl.startsWith(`${base}/#/invite/`), `the invite URL is shown (${inviteUrl})`);
  await as.click('#copy-invite');
  await as.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
  const copied = await as.evaluate(() => navigator.clipboard.readText()).catch(() => '');
  check(copied === inviteUrl, 'the copy button puts the invite URL on the clipboard');
  await axe(as, 'the group page with an invite');
  await shots(as, out, 'assessor-invite');
  await as.click('#nav-groups');
  await as.waitForSelector('#groups a');
  check((await as.textContent('#groups')).includes('팀 A'), 'the groups list shows 팀 A');
  await axe(as, 'the groups list');
  await shots(as, out, 'assessor-groups');

  // ---- a learner: the invite, sign-up, the assessment ----------------------------------------
  const ln = await newPage('learner');
  await ln.goto(inviteUrl);
  await ln.waitForSelector('#signin-form');
  check(/초대/.test(await ln.textContent('#signin-lead')), 'an invite asks to sign in or up first');
  await axe(ln, 'the sign-in page of an invite');
  await ln.fill('#name', '초대학습자');
  await ln.fill('#password', PW);
  await ln.click('#do-signup');
  await ln.waitForSelector('#accept-invite');
  check(ln.url() === inviteUrl, 'after the sign-up the invite URL is kept');
  check((await ln.textContent('#invite-from')).includes('팀 A'), `the invite names its group: ${await ln.textContent('#invite-from')}`);
  check(!(await ln.$('#nav-groups')), 'a learner does not see 그룹');
  await axe(ln, 'the invite page');
  await shots(ln, out, 'assessor-invite-accept');
  await ln.click('#accept-invite');
  await onQuestion(ln);
  check(/#\/attempt\/[0-9]+$/.test(ln.url()), `the invite started an attempt (${ln.url()})`);
  let n = 0;
  let shotFeedback = false; // README's feedback: a right answer, when there is one
  for (; n < 40; n++) {
    await onQuestion(ln);
    if (await ln.$('#score')) break;
    // README's question is the one whose feedback is shot below: a multiple-choice
    // question answered right, none of its options a fragment (",  …")
    const clean = await ln.evaluate(() => document.querySelectorAll('input[name=answer]').length > 2 &&
      [...document.querySelectorAll('.choice label')].every((l) => /^\s*[0-9]+\.\s*[^\s,.;:]/.test(l.textContent)));
    if (!shotFeedback && clean) await readme(ln, 'question');
    const knew = await answerKnowing(ln, new Set(['모놀리스 vs 마이크로서비스', '메시지 큐']), n);
    if (!shotFeedback && clean && knew) {
      shotFeedback = true;
      // the question and its feedback in one view
      await ln.evaluate(() => window.scrollTo(0, document.getElementById('question').offsetTop - 8));
      await readme(ln, 'feedback');
    }
    await ln.click('#next');
  }
  await ln.waitForSelector('#score');
  check(shotFeedback, 'README\'s question and feedback were shot');
  check(n >= 1 && n <= 30, `the invite's assessment ended after ${n} answers (at most 30)`);
  check(!!(await ln.$('#overall')), 'the learner sees a level profile');
  const [lresp] = await Promise.all([ln.waitForNavigation(), ln.click('#report-link')]);
  check(lresp && lresp.status() === 200, 'the learner opens their report');
  await readme(ln, 'report');
  // a learner may not see the groups
  await ln.goto(`${base}/#/groups`);
  await ln.waitForSelector('main h1');
  check(/권한/.test(await ln.textContent('main h1')), 'a learner is refused the groups page');
  await ln.goto(groupUrl);
  await ln.waitForSelector('main h1');
  check(!(await ln.$('#heatmap')), 'a learner does not see the group\'s heat map');

  // a second learner who knows another topic, for a fuller map
  const l2 = await newPage('learner 2');
  await l2.goto(inviteUrl);
  await l2.waitForSelector('#signin-form');
  await l2.fill('#name', '두번째');
  await l2.fill('#password', PW);
  await l2.click('#do-signup');
  await l2.waitForSelector('#accept-invite');
  await l2.click('#accept-invite');
  for (let k = 0; k < 40; k++) {
    await onQuestion(l2);
    if (await l2.$('#score')) break;
    await answerKnowing(l2, new Set(['API 설계']), k);
    await l2.click('#next');
  }
  await l2.waitForSelector('#score');
  // and a short-answer quiz of their own: free text for the review queue
  await l2.goto(`${base}/#/`);
  await l2.waitForSelector('#type-short');
  await l2.check('#type-short');
  await l2.fill('#count', '3');
  await l2.click('#start-quiz');
  for (let k = 0; k < 5; k++) {
    await onQuestion(l2);
    if (await l2.$('#score')) break;
    // long and mostly beside the point: the grader is unsure (needs review)
    await l2.fill('#answer-text', '운영 현장에서는 여러 가지 방법을 함께 고려하고 상황에 맞게 적절히 선택하며 ' +
      '팀원들과 충분히 논의해서 결정한 다음 문서로 남기고 이후 모니터링 지표와 로그로 꾸준히 확인하고 ' +
      '고객 피드백과 비용 예산 일정 조직 문화 교육 계획까지 살펴 개선한다');
    await l2.click('#submit');
    await l2.waitForSelector('#feedback');
    await l2.click('#next');
  }
  await l2.waitForSelector('#score');

  // ---- the assessor: the heat map, the report, items, reviews -------------------------------
  await as.goto(groupUrl);
  await as.waitForSelector('#heatmap');
  check((await as.textContent('#members')).includes('초대학습자'), 'the learner is a member of the group');
  const row = as.locator('#heatmap tbody tr[data-user="초대학습자"]');
  check(await row.count() === 1, 'the heat map has the learner\'s row');
  const cells = await row.locator('td.heat').allTextContents();
  const digits = cells.filter((c) => /^[1-4]$/.test(c.trim()));
  check(digits.length >= 1, `the learner's levels are in the heat map (${cells.map((c) => c.trim()).join(' ')})`);
  const classes = await row.locator('td.heat').evaluateAll((tds) => tds.map((td) => td.className));
  check(classes.every((c, i) => (/^[1-4]$/.test(cells[i].trim()) ? c.includes(`lv-${cells[i].trim()}`) : c.includes('lv-none'))),
    'each cell\'s colour class matches its digit ("–" for none)');
  const colours = await as.evaluate(() => [1, 2, 3, 4].map((n) => getComputedStyle(document.querySelector(`.heat-legend .lv-${n}`)).backgroundColor));
  check(new Set(colours).size === 4, `four colours in the legend (${colours.join(', ')})`);
  check(await as.locator('.heat-legend li').count() === 6, 'the legend names levels 1-4, undecided and none');
  await axe(as, 'the heat map');
  // keyboard: from the top, the links and controls in reading order, each with a visible ring
  await as.focus('.skip-link');
  const order = [];
  for (let i = 0; i < 12; i++) {
    await as.keyboard.press('Tab');
    const f = await as.evaluate(() => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      return { what: `${el.tagName}#${el.id}.${el.className}`, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth),
        top: el.getBoundingClientRect().top + window.scrollY };
    });
    order.push(f);
    check(f.style !== 'none' && f.width >= 2, `a visible focus ring on ${f.what} (${f.style} ${f.width}px)`);
  }
  check(order.some((f) => /member-report/.test(f.what)), 'the member\'s report link is reached by Tab');
  const mainTops = order.filter((f) => !/nav-link|signout|lang/.test(f.what)).map((f) => f.top);
  check(mainTops.every((y, i) => i === 0 || y >= mainTops[i - 1] - 1), 'the focus moves down the page in reading order');
  await as.evaluate(() => document.activeElement && document.activeElement.blur());
  await as.locator('#heat-section').scrollIntoViewIfNeeded();
  await as.evaluate(() => window.scrollTo(0, document.getElementById('heat-section').offsetTop - 8));
  await readme(as, 'heatmap');
  await as.setViewportSize({ width: 375, height: 812 });
  await as.waitForTimeout(100);
  await fits(as, 'the group page with the heat map');
  const wrap = await as.evaluate(() => {
    const w = document.getElementById('heatmap').closest('.table-wrap');
    return { client: w.clientWidth, scroll: w.scrollWidth, overflow: getComputedStyle(w).overflowX };
  });
  check(wrap.client <= 375 && wrap.overflow === 'auto', `the heat map scrolls in its own box at 375 px (${JSON.stringify(wrap)})`);
  await as.screenshot({ path: path.join(out, 'assessor-heatmap-375.png'), fullPage: true });
  await as.setViewportSize(VIEW);
  await as.screenshot({ path: path.join(out, 'assessor-group-1000.png'), fullPage: true });

  // items and reviews
  check(!!(await as.$('#items')), 'the item statistics are shown');
  if (await as.$('table#items')) {
    const nrows = await as.locator('table#items tbody tr').count();
    check(nrows >= 1, `the item statistics list the answered items (${nrows})`);
    const first = (await as.locator('table#items tbody tr td.item-q').first().textContent()) || '';
    check(/[가-힣A-Za-z]{2}/.test(first.replace(/[0-9a-f]{12}/, '')), `an item is shown by its question, not only its id (${first.slice(0, 60)})`);
  }
  check(!!(await as.$('#reviews')), 'the review queue is shown');
  const marks = await as.locator('.mark-form').count();
  check(marks > 0, `answers wait for review (${marks})`);
  if (marks > 0) {
    const f = as.locator('.mark-form').first();
    await f.locator('input[type=number]').fill('0.5');
    await f.locator('button').click();
    await f.locator('.status').waitFor();
    await as.waitForFunction(() => /0\.5/.test(document.querySelector('.mark-form .status').textContent));
    check(true, 'a review score is saved');
  }

  // the English switch
  await as.click('#lang');
  await as.waitForFunction(() => document.documentElement.lang === 'en' && document.getElementById('h-heat'));
  check((await as.textContent('#h-heat')) === 'Level by topic', 'the group page in English');
  await axe(as, 'the group page in English');
  await as.screenshot({ path: path.join(out, 'assessor-group-en-1000.png'), fullPage: true });
  await as.click('#lang');
  await as.waitForFunction(() => document.documentElement.lang === 'ko' && document.getElementById('h-heat'));

  // the member's report, by the name in the heat map
  const [rresp] = await Promise.all([as.waitForNavigation(), row.locator('a.member-report').click()]);
  check(rresp && rresp.status() === 200 && /text\/html/.test(rresp.headers()['content-type'] || ''),
    `the member's report opens (${rresp && rresp.status()})`);
  check(/초대학습자/.test(await as.textContent('body')), 'the report is the learner\'s');
  check(await as.locator('svg').count() > 0, 'the member\'s report draws its charts');
  await as.screenshot({ path: path.join(out, 'assessor-member-report.png'), fullPage: true });
  await as.goBack();

  // ---- the admin: roles and an upload ---------------------------------------------------
  const ad = await newPage('admin');
  await signIn(ad, base, '관리자');
  check(await ad.isVisible('#nav-admin') && await ad.isVisible('#nav-groups'), 'the admin sees 그룹 and 관리');
  await ad.click('#nav-admin');
  await ad.waitForSelector('#users');
  const sel = ad.locator('select[data-user="초대학습자"]');
  check(await sel.count() === 1 && (await sel.inputValue()) === 'learner', 'the learner is listed with the role learner');
  await axe(ad, 'the admin page');
  await sel.selectOption('assessor');
  await ad.waitForFunction(() => /초대학습자/.test(document.getElementById('users-status').textContent));
  check(true, `role changed: ${await ad.textContent('#users-status')}`);
  const own = ad.locator('select[data-user="관리자"]');
  await own.selectOption('learner');
  await ad.waitForFunction(() => document.getElementById('users-status').textContent !== '' &&
    !/초대학습자/.test(document.getElementById('users-status').textContent));
  check((await own.inputValue()) === 'admin' && /낮출 수 없/.test(await ad.textContent('#users-status')),
    `an admin cannot lower their own role (${await ad.textContent('#users-status')})`);
  await ad.setInputFiles('#md-file', path.join(data, 'bad', 'no-answers.md'));
  await ad.click('#upload');
  await ad.waitForFunction(() => document.querySelector('#upload-form .error').textContent !== '');
  const bad = await ad.textContent('#upload-form .error');
  check(/no-answers\.md:[0-9]+/.test(bad) && /들이지 못했/.test(bad), `a bad document is refused with its line: ${bad}`);
  await axe(ad, 'the admin page with an upload error');
  await ad.setInputFiles('#md-file', path.join(data, 'kb', 'canonical.md'));
  await ad.click('#upload');
  await ad.waitForSelector('#import-summary');
  check(true, `a document uploaded: ${(await ad.textContent('#import-summary')).slice(0, 200)}`);
  await axe(ad, 'the admin page after an upload');
  await shots(ad, out, 'assessor-admin');

  for (const [who, page] of pages) {
    const csp = await page.evaluate(() => window.__csp || []).catch(() => []);
    check(csp.length === 0, `${who}: no Content-Security-Policy violation (${csp.join('; ')})`);
  }
  check(problems.length === 0, `no console or page errors, no request elsewhere${problems.length ? ': ' + problems.join(' | ') : ''}`);
} catch (e) {
  check(false, `the test ran to its end: ${e.stack || e}`);
  for (const [who, page] of pages) {
    await page.screenshot({ path: path.join(out, `assessor-failure-${who}.png`), fullPage: true }).catch(() => {});
    console.log(`# ${who}'s page: ${(await page.textContent('main').catch(() => '?')).slice(0, 500)}`);
  }
} finally {
  if (browser) await browser.close();
  await stopServer();
}
console.log(failures.length ? `# ${failures.length} failed` : '# all passed');
process.exit(failures.length ? 1 : 0);
