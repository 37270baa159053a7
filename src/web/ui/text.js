// text — the blocks of a question's or an answer's text as the importer stores
// them (docs/internals/kb.md): fenced code kept verbatim ("```js" … "```"),
// GFM pipe tables ("| a | b |", "| --- | :---: |", rows), and plain lines;
// inside a line, `code` spans, links and images (inlineSpans).
// Pure (no DOM, no imports), so node tests it directly (tests/web/text.mjs);
// core.js turns the blocks into elements.

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const DELIM_CELL = /^:?-+:?$/;

// "| a | b \| c |" -> ['a', 'b | c']
export function rowCells(line) {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  const cells = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') { cur += '|'; i++; continue; }
    if (s[i] === '|') { cells.push(cur.trim()); cur = ''; continue; }
    cur += s[i];
  }
  if (cur.trim() !== '') cells.push(cur.trim());
  return cells;
}

const isRow = (line) => /^\s*\|/.test(line) && line.trim().length >= 2;

function delimiter(line) {
  if (!isRow(line)) return null;
  const cells = rowCells(line);
  if (!cells.length || !cells.every((c) => DELIM_CELL.test(c))) return null;
  return cells.map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center'
    : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : null));
}

// [{type: 'text', text}, {type: 'code', info, text}, {type: 'table', align, head, rows}]
export function textBlocks(text) {
  const lines = String(text ?? '').split('\n');
  const out = [];
  let plain = [];
  const flush = () => {
    if (plain.length) out.push({ type: 'text', text: plain.join('\n') });
    plain = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const f = FENCE.exec(lines[i]);
    if (f && !(f[1][0] === '`' && f[2].includes('`'))) {
      const close = new RegExp(`^ {0,3}${f[1][0] === '`' ? '`' : '~'}{${f[1].length},}\\s*$`);
      let j = i + 1;
      while (j < lines.length && !close.test(lines[j])) j++;
      flush();
      out.push({ type: 'code', info: f[2].trim(), text: lines.slice(i + 1, j).join('\n') });
      i = j;
      continue;
    }
    const align = i + 1 < lines.length && isRow(lines[i]) ? delimiter(lines[i + 1]) : null;
    if (align) {
      const n = align.length;
      const fit = (cells) => Array.from({ length: n }, (_, k) => cells[k] ?? '');
      const head = fit(rowCells(lines[i]));
      const rows = [];
      let j = i + 2;
      for (; j < lines.length && isRow(lines[j]); j++) rows.push(fit(rowCells(lines[j])));
      flush();
      out.push({ type: 'table', align, head, rows });
      i = j - 1;
      continue;
    }
    plain.push(lines[i]);
  }
  flush();
  return out;
}

// A line's inline code spans as CommonMark has them: a run of N backticks up
// to the next run of exactly N; one space stripped from each end when both
// have one (and the span is not all spaces); an unclosed run is text.
// "a `b` c" -> [{code: false, text: 'a '}, {code: true, text: 'b'}, {code: false, text: ' c'}]
export function inlineSpans(text) {
  const s = String(text ?? '');
  const out = [];
  let plain = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '`') { plain += s[i++]; continue; }
    let n = 0;
    while (s[i + n] === '`') n++;
    let j = i + n;
    let close = -1;
    while (j < s.length) {
      if (s[j] !== '`') { j++; continue; }
      let m = 0;
      while (s[j + m] === '`') m++;
      if (m === n) { close = j; break; }
      j += m;
    }
    if (close < 0) { plain += s.slice(i, i + n); i += n; continue; }
    let code = s.slice(i + n, close).replace(/\n/g, ' ');
    if (code.length >= 2 && code[0] === ' ' && code[code.length - 1] === ' ' && code.trim() !== '') {
      code = code.slice(1, -1);
    }
    if (plain) out.push(...linkSpans(plain));
    plain = '';
    out.push({ code: true, text: code });
    i = close + n;
  }
  if (plain || !out.length) out.push(...linkSpans(plain));
  return out;
}

// The address a link may open: an absolute http(s) or mailto URL. A relative
// one ("#anchor", "./img.png") pointed into the source document's own site,
// which the browser cannot reach from here; it stays text.
export function safeHref(url) {
  const u = String(url ?? '').trim();
  return /^(https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+)$/i.test(u) ? u : null;
}

// "[text](url "title")" and "![alt](src)" as the importer keeps them
// (docs/internals/kb.md), and bare http(s) URLs, in a run of plain text:
// {code: false, text, href} for a link (href null when it cannot be opened),
// {code: false, image: true, text: alt, href} for an image. The page shows an
// image as a link to it: the Content-Security-Policy loads no image from
// elsewhere. Brackets that are not a link stay text.
const LINK = /(!?)\[((?:\\.|[^\[\]\\])*)\]\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const BARE = /<(https?:\/\/[^\s<>]+)>|https?:\/\/[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"]/g;

function bareLinks(text) {
  const out = [];
  let at = 0;
  for (const m of text.matchAll(BARE)) {
    if (m.index > at) out.push({ code: false, text: text.slice(at, m.index) });
    const url = m[1] ?? m[0];
    out.push({ code: false, text: url, href: url });
    at = m.index + m[0].length;
  }
  if (at < text.length || !out.length) out.push({ code: false, text: text.slice(at) });
  return out;
}

export function linkSpans(text) {
  const out = [];
  let at = 0;
  for (const m of text.matchAll(LINK)) {
    if (m.index > at) out.push(...bareLinks(text.slice(at, m.index)));
    let url = m[3];
    if (url.startsWith('<')) url = url.slice(1, -1);
    const href = safeHref(url.replace(/ /g, '%20'));
    const label = m[2].replace(/\\([\[\]])/g, '$1');
    if (m[1]) out.push({ code: false, image: true, text: label, href });
    else out.push({ code: false, text: label === '' ? url : label, href });
    at = m.index + m[0].length;
  }
  if (at < text.length || !out.length) out.push(...bareLinks(text.slice(at)));
  return out;
}
