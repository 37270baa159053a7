// Unit test of the browser interface's text blocks (src/web/ui/text.js): how a
// stored answer with code and a pipe table (as the importer writes them,
// docs/internals/kb.md) becomes the blocks core.js turns into <pre> and <table>.
//   node tests/web/text.mjs
import assert from 'node:assert/strict';
import { textBlocks, rowCells, inlineSpans } from '../../src/web/ui/text.js';

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
console.log('text.mjs: ok');
