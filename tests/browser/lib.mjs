// Helpers shared by the browser interface's end-to-end tests (ui.mjs,
// assessor.mjs): the checks and their tally, the real `assay serve` on a
// loopback port picked here (stopped with SIGTERM, must exit 0), Debian's
// Chromium through playwright-core with the flags of ../shared/DEPENDENCIES.md,
// axe-core on a page, the 375-px fit, screenshots, and answering a question of
// any type with the keyboard or the mouse.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const failures = [];
export function check(ok, what) {
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

// Starts `assay serve` on the database db; resolves to its base URL.
export async function startServer(assay, db, log, env = {}) {
  const port = await freePort();
  server = spawn(assay, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let text = '';
  server.stdout.on('data', (d) => { text += d; });
  server.stderr.on('data', (d) => fs.appendFileSync(log, d));
  const t0 = Date.now();
  while (!/serving on/.test(text)) {
    if (server.exitCode !== null || Date.now() - t0 > 60000) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return `http://127.0.0.1:${port}`;
}

export async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server.on('exit', (code, sig) => r({ code, sig })));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 15000);
  const r = await exited;
  clearTimeout(timer);
  check(r.code === 0, `the server exits 0 after SIGTERM (code ${r.code}, signal ${r.sig})`);
}

export function launch(home) {
  fs.mkdirSync(home, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS, timeout: 60000,
    env: { ...process.env, HOME: home } });
}

// Watches a page: console errors, page errors, requests elsewhere, CSP
// violations (with the context's init script below) go into `problems`.
// `expected`: the statuses the test provokes on purpose (the browser logs them).
export async function watch(context, page, base, problems, who, expected = /40[134]/) {
  page.on('console', (m) => {
    const status = /Failed to load resource: the server responded with a status of ([0-9]+)/.exec(m.text());
    if (m.type() === 'error' && !(status && expected.test(status[1])))
      problems.push(`${who} console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${who} page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) problems.push(`${who}: a request elsewhere: ${r.url()}`);
  });
}
export async function cspWatch(context) {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

// ---- page checks ----------------------------------------------------------------------------
export async function axe(page, what) {
  await page.evaluate(AXE);
  const res = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }))));
  const bad = res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `axe: no serious or critical violations on ${what}` +
    (bad.length ? `: ${JSON.stringify(bad)}` : ` (${res.length} minor)`));
}

export async function fits(page, what) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  check(w <= 375, `${what} fits 375 px (scroll width ${w})`);
}

// Full-page screenshots at the page's width and at 375 px; back afterwards.
export async function shots(page, out, name, mustFit = true) {
  const vp = page.viewportSize();
  await page.screenshot({ path: path.join(out, `${name}-${vp.width}.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(100);
  if (mustFit) await fits(page, name);
  await page.screenshot({ path: path.join(out, `${name}-375.png`), fullPage: true });
  await page.setViewportSize(vp);
}

export const onQuestion = (page) => page.waitForFunction(() =>
  (document.getElementById('question') && !document.getElementById('feedback')) ||
  document.getElementById('score'), null, { timeout: 30000 });

// Answers the question on the page: keyboard for most, the mouse for some.
export async function answer(page, n) {
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
