// Unit test of the browser interface's text blocks (src/web/ui/text.js): how a
// stored answer with code and a pipe table (as the importer writes them,
// docs/internals/kb.md) becomes the blocks core.js turns into <pre> and <table>.
//   node tests/web/text.mjs
import assert from 'node:assert/strict';
import { textBlocks, rowCells, inlineSpans, safeHref } from '../../src/web/ui/text.js';

const answer = [
  'It prints:',
  '```python',
  'def f(x):',
  '    if x:',
  '',
  '        return 1',
  '```',
  '| Modifier | Class | Package |',
  '| :--- | :---: | ---: |',
  '| `public` | yes | yes |',
  '| private | yes | no \\| never |',
  '| 기본값 | 예 |  |',
  'A row may be short.',
].join('\n');

assert.deepEqual(textBlocks(answer), [
  { type: 'text', text: 'It prints:' },
  { type: 'code', info: 'python', text: 'def f(x):\n    if x:\n\n        return 1' },
  {
    type: 'table',
    align: ['left', 'center', 'right'],
    head: ['Modifier', 'Class', 'Package'],
    rows: [['`public`', 'yes', 'yes'], ['private', 'yes', 'no | never'], ['기본값', '예', '']],
  },
  { type: 'text', text: 'A row may be short.' },
]);

// a fence inside a longer fence; a table inside code stays code
assert.deepEqual(textBlocks('````md\n```js\nx()\n```\n| a |\n| --- |\n````'), [
  { type: 'code', info: 'md', text: '```js\nx()\n```\n| a |\n| --- |' },
]);
// a lone "|" line without a delimiter row is text; plain text is one block
assert.deepEqual(textBlocks('| not a table\nsecond line'), [
  { type: 'text', text: '| not a table\nsecond line' },
]);
assert.deepEqual(textBlocks(''), [{ type: 'text', text: '' }]);
assert.deepEqual(rowCells('| a | b \\| c |'), ['a', 'b | c']);
// inline code spans (shown as <code>, not with their backticks)
assert.deepEqual(inlineSpans('Call `printf()` or `` a`b `` now'), [
  { code: false, text: 'Call ' }, { code: true, text: 'printf()' }, { code: false, text: ' or ' },
  { code: true, text: 'a`b' }, { code: false, text: ' now' },
]);
assert.deepEqual(inlineSpans('`public` 접근'), [{ code: true, text: 'public' }, { code: false, text: ' 접근' }]);
// an unclosed run, or runs of other lengths, stay text
assert.deepEqual(inlineSpans('a ` b'), [{ code: false, text: 'a ` b' }]);
assert.deepEqual(inlineSpans('``x`'), [{ code: false, text: '``x`' }]);
assert.deepEqual(inlineSpans('` `'), [{ code: true, text: ' ' }]);
assert.deepEqual(inlineSpans(''), [{ code: false, text: '' }]);
// links and images as the importer keeps them (Markdown), and bare URLs: a
// link opens only an absolute http(s)/mailto address; an anchor of the source
// page or a relative path stays text; an image is a link to it (the CSP loads
// no image from elsewhere)
assert.deepEqual(inlineSpans('See [MDN](https://developer.mozilla.org/a_(b)) or https://x.org/y.'), [
  { code: false, text: 'See ' }, { code: false, text: 'MDN', href: 'https://developer.mozilla.org/a_(b)' },
  { code: false, text: ' or ' }, { code: false, text: 'https://x.org/y', href: 'https://x.org/y' },
  { code: false, text: '.' },
]);
assert.deepEqual(inlineSpans('![13번.PNG](https://example.com/13.png) ![그림](./img/a.png)'), [
  { code: false, image: true, text: '13번.PNG', href: 'https://example.com/13.png' }, { code: false, text: ' ' },
  { code: false, image: true, text: '그림', href: null },
]);
assert.deepEqual(inlineSpans('[top](#top) `[a](b)` [x] (y)'), [
  { code: false, text: 'top', href: null }, { code: false, text: ' ' }, { code: true, text: '[a](b)' },
  { code: false, text: ' [x] (y)' },
]);
assert.deepEqual(inlineSpans('[a \\[1\\]](<https://a.b/x y>) <https://a.b/c>'), [
  { code: false, text: 'a [1]', href: 'https://a.b/x%20y' }, { code: false, text: ' ' },
  { code: false, text: 'https://a.b/c', href: 'https://a.b/c' },
]);
assert.equal(safeHref('javascript:alert(1)'), null);
assert.equal(safeHref('data:text/html,x'), null);
assert.equal(safeHref('//evil.example/x'), null);
assert.equal(safeHref('HTTPS://ok.example/'), 'HTTPS://ok.example/');
assert.equal(safeHref('mailto:a@b.c'), 'mailto:a@b.c');
assert.deepEqual(inlineSpans('[x](javascript:alert(1))'), [{ code: false, text: 'x', href: null }]);
console.log('text.mjs: ok');
