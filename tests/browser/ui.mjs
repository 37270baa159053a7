// End-to-end test of the learner's browser interface (a ctest: browser_ui).
// Starts the real `assay serve` on a loopback port it picks, drives Debian's
// Chromium (/usr/bin/chromium, never a downloaded browser) with
// playwright-core: a learner signs up, takes an adaptive assessment to the
// end with the keyboard and the mouse, reloads mid-way and resumes (from the
// URL and from the list of unfinished attempts), sees the results and opens
// the report; then a Korean short answer typed through composition events is
// submitted once, whole (the Enter inside the composition sends nothing);
// a second knowledge base (tests/data/import/shell-git.gift, imported first:
// topics without numbers, inline code) is chosen and a quiz on one of its
// topics draws from it, its code shown as <code>.
// axe-core runs on every page (no serious or critical violation), any console
// error, page error or Content-Security-Policy violation fails, and the page
// must fit 375 px. Screenshots (question, feedback, report at 1280 and 375
// px wide) go to ARTIFACTS_DIR. The server is stopped with SIGTERM at the end,
// pass or fail, and must exit 0.
//   node tests/browser/ui.mjs ASSAY ARTIFACTS_DIR
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { check, failures, startServer, stopServer, launch, axe, fits, shots as shotsAt, onQuestion, answer }
  from './lib.mjs';

const [assay, outArg] = process.argv.slice(2);
if (!assay || !outArg) {
  console.error('usage: node ui.mjs ASSAY ARTIFACTS_DIR');
  process.exit(2);
}
fs.mkdirSync(outArg, { recursive: true });
const out = path.resolve(outArg);
const work = path.join(out, 'ui');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(work, 'home'), { recursive: true });

// Screenshots at 1280 and at 375 px wide (ui-NAME-1280.png, ui-NAME-375.png).
const shots = (page, name, mustFit = true) => shotsAt(page, out, `ui-${name}`, mustFit);

async function position(page) {
  return page.textContent('#progress-label');
}

// ---- the test -----------------------------------------------------------------------------
// a second knowledge base in the bank before the server starts (it adds the bundled one)
const SECOND = 'shell-git';
execFileSync(assay, ['import', '--db', path.join(work, 'bank.db'),
  path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'data', 'import', `${SECOND}.gift`)],
{ stdio: ['ignore', 'ignore', 'inherit'] });
const base = await startServer(assay, path.join(work, 'bank.db'), path.join(work, 'server.log'));
let browser = null;
let page = null;
try {
  browser = await launch(path.join(work, 'home'));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page = await context.newPage();
  const problems = [];
  const posts = [];
  const caching = new Map();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 401/.test(m.text()))
      problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) problems.push(`a request elsewhere: ${r.url()}`);
    if (r.method() === 'POST' && /\/answers$/.test(r.url())) posts.push(JSON.parse(r.postData()));
  });
  page.on('response', (r) => {
    const p = new URL(r.url()).pathname;
    if (p === '/' || p.startsWith('/static/')) caching.set(p, r.headers()['cache-control']);
  });

  // Sign up.
  await page.goto(base + '/');
  await page.waitForSelector('#signin-form');
  check(await page.getAttribute('html', 'lang') === 'ko', 'the page is Korean first (lang=ko)');
  check((await page.textContent('#do-signup')).includes('계정 만들기'), 'the sign-up button is in Korean');
  await axe(page, 'the sign-in page');
  await page.fill('#name', '학습자');
  await page.fill('#password', 'correct-horse-battery');
  await page.click('#do-signup');
  await page.waitForSelector('#start-assessment');
  check((await page.textContent('.who')) === '학습자', 'signed up and in as 학습자');
  await page.waitForSelector('#topics input');
  await axe(page, 'the home page');
  // Focus order starts with the skip link; every focused control shows a ring.
  check(await page.evaluate(() =>
    document.querySelector('a[href], button, input, select, textarea').className) === 'skip-link',
  'the skip link comes first in the focus order');
  await page.focus('.skip-link');
  const skipBox = await page.locator('.skip-link').boundingBox();
  check(skipBox && skipBox.x >= 0 && skipBox.width > 0, 'the skip link shows when focused');
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      return { what: `${el.tagName}#${el.id}`, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
    });
    check(ring.style !== 'none' && ring.width >= 2, `a visible focus ring on ${ring.what} (${ring.style} ${ring.width}px)`);
  }
  await shots(page, 'home');

  // The English switch, and back.
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  check((await page.textContent('#start-assessment')) === 'Start assessment', 'English after the switch');
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'ko' && document.getElementById('start-assessment'));
  check((await page.textContent('#start-assessment')) === '평가 시작', 'Korean again');

  // An adaptive assessment to the end.
  await page.fill('#max-items', '12');
  await page.click('#start-assessment');
  await onQuestion(page);
  const url = page.url();
  const m = /#\/attempt\/([0-9]+)$/.exec(url);
  check(!!m, `the attempt id is in the URL (${url})`);
  const attempt = m ? m[1] : '0';
  await axe(page, 'a question');
  await shots(page, 'question');
  let n = 0;
  let resumed = false;
  const types = new Set();
  for (; n < 60; n++) {
    await onQuestion(page);
    if (await page.$('#score')) break;
    if (n === 4 && !resumed) {
      // Mid-way: the question shown is stored; a reload and the list of
      // unfinished attempts both come back to it.
      resumed = true;
      const before = await page.textContent('#prompt');
      const posBefore = await position(page);
      await page.reload();
      await onQuestion(page);
      check(page.url() === url, 'the reload keeps the attempt URL');
      check((await page.textContent('#prompt')) === before && (await position(page)) === posBefore,
        `after the reload the same question waits (${posBefore})`);
      await page.goto(base + '/#/');
      await page.waitForSelector('#unfinished a');
      check((await page.getAttribute('#unfinished a', 'href')) === `#/attempt/${attempt}`,
        'the unfinished attempt is listed with its link');
      await page.click('#unfinished a');
      await onQuestion(page);
      check((await page.textContent('#prompt')) === before, 'resumed from the list: the same question');
    }
    types.add(await answer(page, n));
    if (n === 0) {
      check(/정답|틀렸|부분|건너/.test(await page.textContent('#verdict')), 'feedback says right or not');
      check(/출처/.test(await page.textContent('#feedback')), 'feedback names the source');
      await axe(page, 'the feedback');
      await shots(page, 'feedback');
    }
    if (n === 2) {
      await page.click('#next');
    } else {
      await page.keyboard.press('Enter'); // the Next button has the focus
    }
  }
  check(n >= 1 && n <= 12, `the assessment ended after ${n} answers (at most 12)`);
  check(resumed, 'the attempt was resumed mid-way');
  console.log(`# question types seen: ${[...types].join(', ')}`);
  check(posts.length === n, `one POST per answer (${posts.length} for ${n})`);
  check(new Set(posts.map((p) => p.request_id)).size === posts.length, 'a request id per answer');
  await page.waitForSelector('#score');
  check(/점수/.test(await page.textContent('#score')), `results: ${await page.textContent('#score')}`);
  check(!!(await page.$('#overall')) && !!(await page.$('#profile')), 'results: the level profile by topic');
  await axe(page, 'the results');
  await shots(page, 'results');
  const reportHref = await page.getAttribute('#report-link', 'href');
  check(reportHref === `/api/v1/attempts/${attempt}/report?format=html&lang=ko`, `the report link (${reportHref})`);
  const [resp] = await Promise.all([page.waitForNavigation(), page.click('#report-link')]);
  check(resp && resp.status() === 200 && /text\/html/.test(resp.headers()['content-type']), 'the HTML report opens');
  check(await page.locator('svg').count() > 0, 'the report draws its charts (SVG)');
  await shots(page, 'report', false); // the report's own layout (src/report/html.c)
  await page.goBack();
  await page.waitForSelector('#score');

  // A Korean answer through an input method: composition events, an Enter
  // inside the composition (isComposing) that must not submit, then Enter.
  await page.goto(base + '/#/');
  await page.waitForSelector('#start-quiz');
  await page.check('#type-short');
  await page.fill('#count', '2');
  await page.click('#start-quiz');
  await onQuestion(page);
  check((await page.getAttribute('#question', 'data-type')) === 'short', 'a short-answer quiz question');
  const before = posts.length;
  const WHOLE = '메시지 큐는 생산자와 소비자를 분리한다';
  await page.focus('#answer-text');
  await page.evaluate(async (whole) => {
    const el = document.getElementById('answer-text');
    const head = whole.slice(0, -2); // "…분리", then the syllables of "한다" composed
    const tick = () => new Promise((r) => setTimeout(r, 20));
    const key = (composing) => el.dispatchEvent(new KeyboardEvent('keydown',
      { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true, isComposing: composing }));
    el.value = head;
    el.dispatchEvent(new InputEvent('input', { bubbles: true }));
    for (const [steps, syl] of [[['ㅎ', '하', '한'], '한'], [['ㄷ', '다'], '다']]) {
      const base = el.value;
      el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
      for (const s of steps) {
        el.value = base + s;
        el.dispatchEvent(new CompositionEvent('compositionupdate', { bubbles: true, data: s }));
        el.dispatchEvent(new InputEvent('input',
          { bubbles: true, isComposing: true, data: s, inputType: 'insertCompositionText' }));
        await tick();
      }
      key(true); // the Enter that commits the syllable: never a submit
      await tick();
      el.value = base + syl;
      el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: syl }));
      await tick();
    }
  }, WHOLE);
  await page.waitForTimeout(500);
  check(posts.length === before, 'no answer was sent by an Enter during the composition');
  check((await page.inputValue('#answer-text')) === WHOLE, `the text field holds the whole answer`);
  await page.evaluate(() => document.getElementById('answer-text').dispatchEvent(new KeyboardEvent('keydown',
    { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true, isComposing: false })));
  await page.waitForSelector('#feedback');
  await page.waitForTimeout(300);
  check(posts.length === before + 1, `the answer was sent once (${posts.length - before})`);
  const sent = posts[posts.length - 1];
  check(sent && sent.answer && sent.answer.text === WHOLE, `sent whole: ${sent && JSON.stringify(sent.answer)}`);
  check(/모범 답안/.test(await page.textContent('#feedback')), 'feedback shows the reference answer');

  // Every question type: a one-question quiz of each, answered, its feedback shown.
  for (const type of ['mcq', 'tf', 'cloze', 'match', 'short', 'scenario']) {
    await page.goto(base + '/#/');
    await page.waitForSelector(`#type-${type}`);
    await page.check(`#type-${type}`);
    await page.fill('#count', '1');
    await page.click('#start-quiz');
    await onQuestion(page);
    const shown = await page.getAttribute('#question', 'data-type');
    check(shown === type, `a ${type} question is shown as ${shown}`);
    await axe(page, `a ${type} question`);
    await shots(page, `question-${type}`);
    await answer(page, 1);
    check(/정답|틀렸|부분/.test(await page.textContent('#verdict')), `${type}: feedback after the answer`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#score');
  }

  // The second knowledge base: chosen on the home page, its topics (no
  // numbers) with checkboxes of their own, a quiz on one topic draws from it.
  await page.goto(base + '/#/');
  await page.waitForSelector('#topics input');
  const kbNames = await page.$$eval('#kb option', (os) => os.map((o) => o.value));
  check(kbNames.length === 2 && kbNames.includes(SECOND), `two knowledge bases to choose from (${kbNames.join(', ')})`);
  await page.selectOption('#kb', SECOND);
  await page.waitForFunction(() => document.querySelectorAll('#topics input').length === 2 &&
    document.getElementById('topics').textContent.includes('깃 명령'));
  const boxes = await page.$$eval('#topics input', (is) => is.map((i) => ({ id: i.id, value: i.value })));
  check(new Set(boxes.map((b) => b.id)).size === 2 && new Set(boxes.map((b) => b.value)).size === 2,
    `the topics have ids and values of their own (${JSON.stringify(boxes)})`);
  await axe(page, 'the home page on the second kb');
  await shots(page, 'home-second-kb');
  await page.check('#topics label:has-text("깃 명령") input');
  check(await page.$$eval('#topics input:checked', (is) => is.length) === 1, 'choosing one topic chooses it alone');
  await page.check('#type-mcq');
  await page.fill('#count', '1');
  const [startReq] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && /\/api\/v1\/attempts$/.test(r.url())),
    page.click('#start-quiz')]);
  const startBody = JSON.parse(startReq.postData());
  check(startBody.kb === SECOND && startBody.topics && startBody.topics.length === 1,
    `the start names the chosen kb and topic (${startReq.postData()})`);
  await onQuestion(page);
  const second = await page.textContent('#prompt');
  check(second.includes('git status'), `the question comes from the chosen kb and topic (${second})`);
  check(!second.includes('`') && (await page.textContent('#prompt code')) === 'git status',
    'inline code is shown as <code>, without its backticks');
  await shots(page, 'question-second-kb');
  await answer(page, 1);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#score');

  // Sign out; an attempt's URL asks to sign in, then shows that attempt.
  await page.click('#signout');
  await page.waitForSelector('#signin-form');
  await page.goto(`${base}/#/attempt/${attempt}`);
  await page.waitForSelector('#signin-form');
  await page.fill('#name', '학습자');
  await page.fill('#password', 'correct-horse-battery');
  await page.click('#do-signin');
  await page.waitForSelector('#score');
  check(page.url().endsWith(`#/attempt/${attempt}`), 'signed in again: back at the attempt (its results)');

  // Caching: hashed files immutable, the entry page revalidated.
  const statics = [...caching].filter(([p]) => p.startsWith('/static/'));
  check(statics.length >= 2 && statics.every(([, c]) => /immutable/.test(c || '')),
    `static files are immutable (${statics.map(([p, c]) => `${p}: ${c}`).join('; ')})`);
  check(caching.get('/') === 'no-cache', `the entry page is no-cache (${caching.get('/')})`);
  const csp = await page.evaluate(() => window.__csp);
  check(csp.length === 0, `no Content-Security-Policy violation (${csp.join('; ')})`);
  check(problems.length === 0, `no console or page errors, no request elsewhere${problems.length ? ': ' + problems.join(' | ') : ''}`);
} catch (e) {
  check(false, `the test ran to its end: ${e.stack || e}`);
  if (page) {
    await page.screenshot({ path: path.join(out, 'ui-failure.png'), fullPage: true }).catch(() => {});
    console.log('# the page: ' + (await page.textContent('main').catch(() => '?')));
  }
} finally {
  if (browser) await browser.close();
  await stopServer();
}
console.log(failures.length ? `# ${failures.length} failed` : '# all passed');
process.exit(failures.length ? 1 : 0);
