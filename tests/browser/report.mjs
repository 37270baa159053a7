// Browser test of the HTML report: opens the sample reports in headless
// Chromium (Debian's /usr/bin/chromium, never a downloaded browser), fails on
// any console error, page error or network request, checks that the page fits
// the window and an A4 print width, writes screenshots and a PDF as artefacts,
// and checks that Hangul is drawn with a real font, not as boxes.
//
// The Hangul check: two different lines of Hangul of the same length must
// give different pixels (missing glyphs all draw as the same box), and the
// report's heading must look different from the same heading rendered by a
// second Chromium whose fontconfig rejects every Korean font. The second
// browser is also the control: there the two lines must be identical, which
// shows the check fails when the CJK font is missing.
//
// usage: node report.mjs PERSON.html GROUP.html ARTIFACTS_DIR NO_CJK_FONTS.conf
// ASSAY_BROWSER_NO_CJK=1 runs the main browser without Korean fonts too (the
// test must then fail).
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [personHtml, groupHtml, outDir, noCjkConf] = process.argv.slice(2);
if (!noCjkConf) {
  console.error('usage: node report.mjs PERSON.html GROUP.html ARTIFACTS_DIR NO_CJK.conf');
  process.exit(2);
}

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const A4_CONTENT_PX = Math.floor(((210 - 24) / 25.4) * 96); // @page margins 12 mm each side
const HANGUL_A = '가나다라마바사아자차카타파하';
const HANGUL_B = '거너더러머버서어저처커터퍼허';

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok' : 'FAIL'} - ${what}`);
  if (!ok) failures.push(what);
}

async function launch(fontconfig) {
  const env = { ...process.env };
  if (fontconfig) env.FONTCONFIG_FILE = fontconfig;
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS, env, timeout: 60000 });
}

// A page that records every console error, page error and request.
async function open(browser, file, viewport) {
  const page = await browser.newPage({ viewport });
  const url = pathToFileURL(path.resolve(file)).href;
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  return { page, problems };
}

async function hangulLines(browser) {
  const page = await browser.newPage({ viewport: { width: 800, height: 200 } });
  const style = 'font-family:"Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo",' +
    '"Malgun Gothic",sans-serif;font-size:32px;margin:8px;display:inline-block';
  await page.setContent(`<!DOCTYPE html><html lang="ko"><body>
    <p id="a" style='${style}'>${HANGUL_A}</p><br/><p id="b" style='${style}'>${HANGUL_B}</p>
    </body></html>`);
  await page.evaluate(() => document.fonts.ready);
  const a = await page.locator('#a').screenshot();
  const b = await page.locator('#b').screenshot();
  await page.close();
  return { a, b };
}

// A phone: the page's document is no wider than the 375 px screen (charts
// scale, wide tables scroll inside their own box); names what sticks out.
const PHONE_PX = 375;
async function phoneWidth(page, what) {
  await page.setViewportSize({ width: PHONE_PX, height: 800 });
  const r = await page.evaluate((w) => {
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 0.5)
      .filter((e) => !e.closest('.scroll'))
      .slice(0, 4).map((e) => `${e.tagName.toLowerCase()}.${e.className.baseVal ?? e.className}`);
    return { width: document.documentElement.scrollWidth, wide };
  }, PHONE_PX);
  check(r.width <= PHONE_PX, `${what} at ${PHONE_PX} px: the document is ${r.width} px wide (${r.wide.join(' ') || 'nothing sticks out'})`);
}

const mainConf = process.env.ASSAY_BROWSER_NO_CJK ? noCjkConf : undefined;
const browser = await launch(mainConf);
let heading;
try {
  // The learner's report.
  {
    const { page, problems } = await open(browser, personHtml, { width: 1100, height: 900 });
    check(problems.length === 0, `person report: no console error or request (${problems.join('; ')})`);
    check(await page.evaluate(() => document.documentElement.lang) === 'ko', 'lang="ko"');
    const axes = await page.locator('svg.chart-radar line.radar-axis').count();
    check(axes === 15, `radar: 15 axes drawn (${axes})`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    check(overflow <= 0, `screen: no horizontal overflow (${overflow}px)`);
    // Labels of the radar must not overlap each other.
    const boxes = await page.locator('svg.chart-radar g.radar-label text').evaluateAll(
      (els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }));
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) overlaps.push(`${i + 1}/${j + 1}`);
      }
    check(boxes.length === 15 && overlaps.length === 0,
      `radar: 15 labels, none overlapping (${overlaps.join(' ')})`);
    // Nor leave the chart.
    const chart = await page.locator('svg.chart-radar').evaluate((e) => {
      const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });
    const outside = boxes.filter((b) => b[0] < chart[0] || b[2] > chart[2] || b[1] < chart[1] || b[3] > chart[3]);
    check(outside.length === 0, `radar: every label inside the chart (${outside.length} outside)`);
    writeFileSync(path.join(outDir, 'report.png'), await page.screenshot({ fullPage: true }));
    // The first screen as a reader sees it (for the README).
    await page.setViewportSize({ width: 1100, height: 1400 });
    writeFileSync(path.join(outDir, 'report-top.png'), await page.screenshot());
    heading = await page.locator('h1').screenshot();
    await phoneWidth(page, 'person report');
    writeFileSync(path.join(outDir, 'report-375.png'), await page.screenshot({ fullPage: true }));
    // Print: A4 width, then a PDF.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 });
    const printOverflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    check(printOverflow <= 0, `print: fits the A4 width of ${A4_CONTENT_PX}px (${printOverflow}px over)`);
    writeFileSync(path.join(outDir, 'report.pdf'),
      await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    check(problems.length === 0, `person report after print: no console error (${problems.join('; ')})`);
    await page.close();
  }
  // The assessor's report.
  {
    const { page, problems } = await open(browser, groupHtml, { width: 1100, height: 700 });
    check(problems.length === 0, `group report: no console error or request (${problems.join('; ')})`);
    const cells = await page.locator('svg.chart-heatmap g.heat-cell').count();
    check(cells === 45, `heat map: 3 × 15 cells (${cells})`);
    writeFileSync(path.join(outDir, 'report-group.png'), await page.screenshot({ fullPage: true }));
    writeFileSync(path.join(outDir, 'report-group-top.png'), await page.screenshot());
    await phoneWidth(page, 'group report');
    await page.close();
  }
  // Hangul drawn with a font.
  const lines = await hangulLines(browser);
  writeFileSync(path.join(outDir, 'hangul.png'), lines.a);
  check(!lines.a.equals(lines.b), 'Hangul: two different lines give different pixels (not boxes)');
} finally {
  await browser.close();
}

// The control: a browser without Korean fonts draws boxes, and its heading differs.
const bare = await launch(noCjkConf);
try {
  const lines = await hangulLines(bare);
  writeFileSync(path.join(outDir, 'hangul-no-cjk.png'), lines.a);
  check(lines.a.equals(lines.b), 'control: without a Korean font both lines are the same boxes');
  const { page } = await open(bare, personHtml, { width: 1100, height: 900 });
  const bareHeading = await page.locator('h1').screenshot();
  check(!heading.equals(bareHeading), 'the heading differs from its rendering without a Korean font');
  await page.close();
} finally {
  await bare.close();
}

if (failures.length) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log(`all checks passed; artefacts in ${outDir}`);
