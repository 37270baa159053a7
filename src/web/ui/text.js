// text — the blocks of a question's or an answer's text as the importer stores
// them (docs/internals/kb.md): fenced code kept verbatim ("```js" … "```"),
// GFM pipe tables ("| a | b |", "| --- | :---: |", rows), and plain lines.
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
