// End-to-end test of the learner's browser interface (a ctest: browser_ui).
// Starts the real `assay serve` on a loopback port it picks, drives Debian's
// Chromium (/usr/bin/chromium, never a downloaded browser) with
// playwright-core: a learner signs up, takes an adaptive assessment to the
// end with the keyboard and the mouse, reloads mid-way and resumes (from the
// URL and from the list of unfinished attempts), sees the results and opens
// the report; then a Korean short answer typed through composition events is
// submitted once, whole (the Enter inside the composition sends nothing).
// axe-core runs on every page (no serious or critical violation), any console
// error, page error or Content-Security-Policy violation fails, and the page
// must fit 375 px. Screenshots (question, feedback, report at 1280 and 375
// px wide) go to ARTIFACTS_DIR. The server is stopped with SIGTERM at the end,
// pass or fail, and must exit 0.
//   node tests/browser/ui.mjs ASSAY ARTIFACTS_DIR
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
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

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok' : 'FAIL'} - ${what}`);
  if (!ok) failures.push(what);
  return ok;
}

// ---- the server -------------------------------------------------------------------------
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

let server = null;
process.on('exit', () => { if (server && server.exitCode === null) server.kill('SIGKILL'); });

async function startServer() {
  const port = await freePort();
  server = spawn(assay, ['serve', '--db', path.join(work, 'bank.db'), '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  let text = '';
  server.stdout.on('data', (d) => { text += d; });
  server.stderr.on('data', (d) => fs.appendFileSync(path.join(work, 'server.log'), d));
  const t0 = Date.now();
  while (!/serving on/.test(text)) {
    if (server.exitCode !== null || Date.now() - t0 > 60000) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return `http://127.0.0.1:${port}`;
}

async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server.on('exit', (code, sig) => r({ code, sig })));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 15000);
  const r = await exited;
  clearTimeout(timer);
  check(r.code === 0, `the server exits 0 after SIGTERM (code ${r.code}, signal ${r.sig})`);
}

// ---- page helpers -----------------------------------------------------------------------
async function axe(page, what) {
  await page.evaluate(AXE);
  const res = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }))));
  const bad = res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `axe: no serious or critical violations on ${what}` +
    (bad.length ? `: ${JSON.stringify(bad)}` : ` (${res.length} minor)`));
}

async function fits(page, what) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  check(w <= 375, `${what} fits 375 px (scroll width ${w})`);
}

// Screenshots at 1280 and at 375 px wide; back to 1280 afterwards.
async function shots(page, name, mustFit = true) {
  await page.screenshot({ path: path.join(out, `ui-${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(100);
  if (mustFit) await fits(page, name);
  await page.screenshot({ path: path.join(out, `ui-${name}-375.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const onQuestion = (page) => page.waitForFunction(() =>
  (document.getElementById('question') && !document.getElementById('feedback')) ||
  document.getElementById('score'), null, { timeout: 30000 });

// Answers the question on the page: keyboard for most, the mouse for some.
async function answer(page, n) {
  const type = await page.getAttribute('#question', 'data-type');
  const radios = await page.locator('input[name=answer]').count();
  if (type === 'tf') {
    await page.keyboard.press(n % 2 ? 'x' : 'o');
    await page.keyboard.press('Enter');
  } else if (type === 'match') {
    const sels = page.locator('select[name=pair]');
    const k = await sels.count();
    for (let i = 0; i < k; i++) {
      const opts = await sels.nth(i).locator('option').count();
      await sels.nth(i).selectOption({ index: 1 + ((i + n) % (opts - 1)) });
    }
    await page.click('#submit');
  } else if (radios > 0) {
    if (n % 3 === 1) { // the mouse
      await page.click(`label[for=opt-${n % radios}]`);
      await page.click('#submit');
    } else {
      await page.keyboard.press(String(1 + (n % radios)));
      const picked = await page.locator(`#opt-${n % radios}`).isChecked();
      check(picked, `question ${n}: the number key ${1 + (n % radios)} picks option ${1 + (n % radios)}`);
      await page.keyboard.press('Enter');
    }
  } else {
    await page.fill('#answer-text', '요청을 여러 서버에 나누어 처리한다');
    await page.keyboard.press('Enter');
  }
  await page.waitForSelector('#feedback', { timeout: 30000 });
  return type;
}

async function position(page) {
  return page.textContent('#progress-label');
}

// ---- the test -----------------------------------------------------------------------------
const base = await startServer();
let browser = null;
let page = null;
try {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS, timeout: 60000,
    env: { ...process.env, HOME: path.join(work, 'home') } });
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
