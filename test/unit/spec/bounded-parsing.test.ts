// Specs come from pull requests and CI checks them with real API keys around: hostile input must end as a
// located error, never as a hang, an exhausted heap or a stack overflow.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSpec } from '../../../src/core/check.js';
import { readCaseFile } from '../../../src/core/spec/case-files.js';
import { jsonDepthExceeded } from '../../../src/core/spec/parse-limits.js';
import { loadSpec } from '../../../src/core/spec/load.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import type { Diagnostic } from '../../../src/core/spec/types.js';
import { memorySpecHost, readFromDisk } from '../../support/memory-host.js';

const HEADER = '---\naispec: 1\nid: s\ntitle: T\n---\n\n# T\n\n';

/** A "billion laughs" map: nine levels, each a list of nine aliases of the level before (9^8 leaves). */
function aliasBomb(indent: string): string {
  const names = 'abcdefghi'.split('');
  let text = `${indent}a: &a [x, x, x, x, x, x, x, x, x]\n`;
  for (let i = 1; i < names.length; i++) text += `${indent}${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]\n`;
  return text;
}

const parseErrors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'parse' && d.severity === 'error');

describe('bounded parsing: YAML aliases', () => {
  it('rejects an alias bomb in an inline ```yaml cases block with a located error, and check finishes', async () => {
    const text = `${HEADER}\`\`\`yaml cases\n- id: c1\n  input: hi\n  vars:\n${aliasBomb('    ')}\`\`\`\n`;
    const result = await checkSpec('/s.aispec.md', memorySpecHost({ '/s.aispec.md': text }));
    const [error] = parseErrors(result.diagnostics);
    assert.ok(error, 'an alias bomb is a parse error');
    assert.match(error.message, /alias/);
    assert.equal(text.slice(error.range.start, error.range.end), '*a');
  });

  it('rejects an alias bomb in the frontmatter', () => {
    const text = `---\naispec: 1\nid: s\ntitle: T\nbomb:\n${aliasBomb('  ')}---\n\n# T\n`;
    const [error] = parseErrors(parseSpec(text, '/s.aispec.md').diagnostics);
    assert.match(error?.message ?? '', /alias/);
  });

  it('rejects an alias bomb in a YAML case file', () => {
    const text = `- id: c1\n  input: hi\n  vars:\n${aliasBomb('    ')}`;
    const [error] = parseErrors(readCaseFile(text, '/cases.yaml', 'yaml').diagnostics);
    assert.match(error?.message ?? '', /alias/);
  });

  it('still reads ordinary anchors and aliases', () => {
    const text = `${HEADER}\`\`\`yaml cases\n- id: c1\n  input: &greeting hello\n- id: c2\n  input: *greeting\n\`\`\`\n`;
    const spec = parseSpec(text, '/s.aispec.md');
    assert.deepEqual(parseErrors(spec.diagnostics), []);
    assert.deepEqual(spec.cases.map((c) => c.input), ['hello', 'hello']);
  });
});

describe('bounded parsing: nesting depth', () => {
  const deepFlow = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

  it('rejects YAML nested past the cap in an inline block, at the place it goes too deep', () => {
    const text = `${HEADER}\`\`\`yaml cases\n- id: c1\n  input: hi\n  vars: { deep: ${deepFlow(100)} }\n\`\`\`\n`;
    const [error] = parseErrors(parseSpec(text, '/s.aispec.md').diagnostics);
    assert.match(error?.message ?? '', /64 levels/);
    assert.ok(text.slice(error!.range.start).startsWith('['));
  });

  it('rejects very deep YAML (past any stack) in the frontmatter and in a case file without throwing', () => {
    const frontmatter = parseSpec(`---\naispec: 1\nid: s\ntitle: T\nx: ${deepFlow(20000)}\n---\n`, '/s.aispec.md');
    assert.match(parseErrors(frontmatter.diagnostics)[0]?.message ?? '', /64 levels/);
    const caseFile = readCaseFile(`- id: c1\n  input: ${deepFlow(20000)}\n`, '/cases.yaml', 'yaml');
    assert.match(parseErrors(caseFile.diagnostics)[0]?.message ?? '', /64 levels/);
  });

  it('accepts nesting up to the cap', () => {
    const text = `${HEADER}\`\`\`yaml cases\n- id: c1\n  input: hi\n  vars: { deep: ${deepFlow(60)} }\n\`\`\`\n`;
    assert.deepEqual(parseErrors(parseSpec(text, '/s.aispec.md').diagnostics), []);
  });
});

describe('bounded parsing: deep JSON in case files', () => {
  const deepJson = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

  it('reports a JSONL line nested past the cap at the bracket that goes too deep, and keeps the other lines', () => {
    const text = `{"id":"a","input":"hi"}\n{"id":"b","input":"hi","vars":{"d":${deepJson(100000)}}}\n{"id":"c","input":"hi"}\n`;
    const file = readCaseFile(text, '/cases.jsonl', 'jsonl');
    assert.deepEqual(file.cases.map((c) => c.id), ['a', 'c']);
    const [error] = parseErrors(file.diagnostics);
    assert.match(error?.message ?? '', /Line 2 .*64 levels/);
    // The case object and `vars` are levels 1 and 2, so the 63rd bracket is level 65.
    assert.equal(error!.range.start, text.indexOf('[') + 62);
  });

  it('finds the depth past the cap whether or not the brackets, counted first, could reach it', () => {
    // At most `max` openers cannot nest deeper than `max`: answered by counting; more are scanned.
    assert.equal(jsonDepthExceeded(deepJson(4), 4), -1, 'exactly the cap');
    assert.equal(jsonDepthExceeded(deepJson(5), 4), 4, 'one past it, at the fifth bracket');
    assert.equal(jsonDepthExceeded('{"a":[{"b":[1]}]}', 3), 11, 'braces and brackets both count');
    assert.equal(jsonDepthExceeded('{"a":"[[[[[[","b":[1]}', 3), -1, 'brackets in a string: many, but not nesting');
    assert.equal(jsonDepthExceeded('{"a":[1],"b":[2],"c":[3],"d":[4]}', 2), -1, 'many openers side by side, never deep');
    assert.equal(jsonDepthExceeded('{"a":"\\\\"}[[[', 2), 12, 'an escaped backslash: the string ends at the quote after it');
  });

  it('check of a spec whose JSONL case is 100,000 levels deep reports it instead of crashing', async () => {
    const files = {
      '/s.aispec.md': `---\naispec: 1\nid: s\ntitle: T\ncases: cases.jsonl\n---\n\n# T\n`,
      '/cases.jsonl': `{"id":"b","input":"hi","vars":{"d":${deepJson(100000)}}}\n`,
    };
    const result = await checkSpec('/s.aispec.md', memorySpecHost(files));
    assert.match(parseErrors(result.diagnostics)[0]?.message ?? '', /64 levels/);
  });

  it('reports a CSV JSON cell nested past the cap', () => {
    const file = readCaseFile(`id,input,checks\na,hi,"${deepJson(100)}"\n`, '/cases.csv', 'csv');
    assert.match(parseErrors(file.diagnostics)[0]?.message ?? '', /"checks" cell .*64 levels/);
  });
});

describe('bounded parsing: big case files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aispec-bounded-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads and checks a 200,000-case JSONL file without overflowing the stack', async function () {
    this.timeout(180_000); // a big file on a busy machine; no time is asserted
    const spec = join(dir, 's.aispec.md');
    await writeFile(spec, `---\naispec: 1\nid: s\ntitle: T\ncases: cases.jsonl\ngates: { pass_rate: 0.9 }\n---\n\n# T\n`);
    await writeFile(join(dir, 'cases.jsonl'), Array.from({ length: 200_000 }, (_, i) => `{"id":"c${i}","input":"hi","tags":["t${i % 7}"]}`).join('\n'));
    const result = await checkSpec(spec, memorySpecHost({}, { fallback: readFromDisk }));
    assert.equal(result.spec.cases.length, 200_000);
    assert.deepEqual(parseErrors(result.diagnostics), []);
  });
});

describe('bounded parsing: byte order mark', () => {
  const BOM = '\uFEFF';
  const at = (text: string, range: { start: number; end: number }) => text.slice(range.start, range.end);

  it('reads a spec that starts with a BOM like the same spec without one, ranges pointing into the file', async () => {
    const text = `${BOM}${HEADER}\`\`\`yaml cases\n- id: c1\n  input: hi\n\`\`\`\n`;
    const result = await checkSpec('/s.aispec.md', memorySpecHost({ '/s.aispec.md': text }));
    assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
    const [c1] = result.spec.cases;
    const withoutBom = parseSpec(text.slice(1), '/s.aispec.md').cases[0]!;
    assert.deepEqual([c1!.range.start, c1!.range.end], [withoutBom.range.start + 1, withoutBom.range.end + 1]);
    assert.equal(at(text, c1!.locate(['input']).value), 'hi');
    assert.equal(at(text, result.spec.frontmatter!.locate(['title']).value), 'T');
    assert.equal(at(text, result.spec.sections[0]!.headingRange), '# T');
  });

  it('reads a YAML case file that starts with a BOM, ranges pointing into the file', () => {
    const text = `${BOM}- id: c1\n  input: hi\n`;
    const file = readCaseFile(text, '/cases.yaml', 'yaml');
    assert.deepEqual(file.diagnostics, []);
    assert.equal(at(text, file.cases[0]!.locate(['input']).value), 'hi');
  });
});

describe('bounded parsing: file size', () => {
  it('does not parse a spec over 5 MB and says why', () => {
    const text = `${HEADER}${'x'.repeat(5 * 1024 * 1024)}\n`;
    const spec = parseSpec(text, '/s.aispec.md');
    assert.equal(spec.diagnostics.length, 1);
    assert.match(spec.diagnostics[0]!.message, /5 MB/);
    assert.equal(spec.frontmatter, undefined);
  });

  it('does not read a YAML or CSV case file over 50 MB and reports it at the frontmatter cases: value', async () => {
    for (const name of ['cases.yaml', 'cases.csv']) {
      const text = `---\naispec: 1\nid: s\ntitle: T\ncases: ${name}\n---\n\n# T\n`;
      const big = 'x'.repeat(50 * 1024 * 1024 + 1);
      const spec = await loadSpec('/s.aispec.md', memorySpecHost({ '/s.aispec.md': text, [`/${name}`]: big }));
      assert.equal(spec.cases.length, 0);
      const [error] = parseErrors(spec.diagnostics);
      assert.match(error?.message ?? '', /is 50 MB; aispec reads (YAML|CSV) case files of up to 50 MB\. A \.jsonl case file may be larger, up to 256 MB/);
      assert.equal(text.slice(error!.range.start, error!.range.end), name);
    }
  });

  it('reads a JSONL case file past 50 MB (it is read a line at a time)', async () => {
    const text = `---\naispec: 1\nid: s\ntitle: T\ncases: cases.jsonl\n---\n\n# T\n`;
    const line = `{"id":"c","input":"${'hi '.repeat(2000)}"}\n`; // few, large cases: 51 MB in 8,800 lines
    const big = line.replace('"c"', '"c0"') + Array.from({ length: Math.ceil((50 * 1024 * 1024) / line.length) }, (_, i) => line.replace('"c"', `"c${i + 1}"`)).join('');
    assert.ok(big.length > 50 * 1024 * 1024);
    const spec = await loadSpec('/s.aispec.md', memorySpecHost({ '/s.aispec.md': text, '/cases.jsonl': big }));
    assert.deepEqual(parseErrors(spec.diagnostics), []);
    assert.equal(spec.cases.length, big.split('\n').length - 1);
  });
});
