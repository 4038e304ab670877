import assert from 'node:assert/strict';
import { readCaseFile } from '../../../src/core/spec/case-files.js';
import { loadSpec } from '../../../src/core/spec/load.js';
import type { Case, SourceRange } from '../../../src/core/spec/types.js';
import { memorySpecHost } from '../../support/memory-host.js';

const at = (text: string, r: SourceRange | undefined) => (r ? text.slice(r.start, r.end) : undefined);

describe('JSONL case files', () => {
  const text = '{"id":"a","input":"hi","expect":"x","tags":["edge"]}\n\n{"id":"b", "input": "there", "meta": {"k": 1}}\r\n{"id": "c", bad}\n';
  const file = readCaseFile(text, 'c.jsonl', 'jsonl');

  it('reads one case a line, skipping blank lines, with 1-based line numbers', () => {
    assert.deepEqual(file.cases.map((c) => [c.id, c.line]), [['a', 1], ['b', 3]]);
    assert.deepEqual(file.cases[0]!.tags, ['edge']);
    assert.deepEqual(file.cases[1]!.meta, { k: 1 });
    assert.equal(file.source.count, 2);
  });

  it('locates keys and values inside the line', () => {
    const b = file.cases[1]!;
    assert.equal(at(text, b.locate(['input']).key), '"input"');
    assert.equal(at(text, b.locate(['input']).value), '"there"');
    assert.equal(at(text, b.locate(['meta', 'k']).value), '1');
    assert.equal(at(text, b.locate(['nope']).value), at(text, b.range));
  });

  it('locates in each case line in turn, whichever case was asked about before (the tree is kept for one line at a time)', () => {
    const [a, b] = file.cases as [Case, Case];
    assert.equal(at(text, a.locate(['tags', 0]).value), '"edge"');
    assert.equal(at(text, b.locate(['meta']).key), '"meta"');
    assert.equal(at(text, a.locate(['expect']).value), '"x"');
    assert.equal(at(text, a.locate(['id']).key), '"id"');
    assert.equal(at(text, b.locate(['id']).value), '"b"');
    // The CRLF line's range stops before the \r, so the line read back for its tree is the JSON alone.
    assert.equal(at(text, b.locate([]).value), '{"id":"b", "input": "there", "meta": {"k": 1}}');
  });

  it('builds the usual case (input and expect) with the same fields, in the same order, as any other', () => {
    const usual = readCaseFile('{"id":"u","input":"q","expect":"x","tags":["t"]}\n', 'u.jsonl', 'jsonl').cases[0]!;
    const other = readCaseFile('{"id":"u","input":"q","expect":"x","tags":["t"],"reference":" "}\n', 'u.jsonl', 'jsonl').cases[0]!;
    // A JSONL case's range and locator are worked out when read (jsonl-case.ts), not fields of its own.
    assert.deepEqual(Object.keys(usual), ['id', 'tags', 'checks', 'vars', 'meta', 'raw', 'line', 'input', 'expect']);
    assert.deepEqual(Object.keys(other), Object.keys(usual));
    assert.deepEqual(usual.range, { file: 'u.jsonl', start: 0, end: 48 });
    assert.equal(typeof usual.locate, 'function');
    const numeric = readCaseFile('{"id":7,"input":3,"expect":true}\n', 'n.jsonl', 'jsonl').cases[0]!;
    assert.deepEqual([numeric.id, numeric.input, numeric.expect], ['7', '3', 'true']);
  });

  it('reports a malformed line at its position and keeps the others', () => {
    assert.equal(file.diagnostics.length, 1);
    const d = file.diagnostics[0]!;
    assert.match(d.message, /^Line 4 is not valid JSON/);
    assert.ok(d.range.start >= text.indexOf('{"id": "c"'));
  });

  it('ignores a byte order mark', () => {
    const f = readCaseFile('\ufeff{"id":"a","input":"x"}\n', 'c.jsonl', 'jsonl');
    assert.deepEqual([f.cases.length, f.diagnostics.length], [1, 0]);
  });
});

describe('YAML case files', () => {
  it('reads a list with positions', () => {
    const text = '# cases\n- id: a\n  input: hi\n- id: b\n  input: there\n';
    const f = readCaseFile(text, 'c.yaml', 'yaml');
    assert.deepEqual(f.cases.map((c) => [c.id, c.line]), [['a', 2], ['b', 4]]);
    assert.equal(at(text, f.cases[1]!.locate(['input']).value), 'there');
  });

  it('asks for a list when given a map', () => {
    const f = readCaseFile('id: a\ninput: b\n', 'c.yml', 'yaml');
    assert.match(f.diagnostics[0]!.message, /list of cases/);
  });
});

describe('CSV case files', () => {
  const text = '\ufeffid,input,expect,tags,vars.name,meta.source,checks\r\n' +
    'a,"Hello, ""quoted"" world",answer,edge;core,Maya,logs,"[{""contains"": ""hi""}]"\r\n' +
    '\r\n' +
    'b,"line one\r\nline two",refuse,adversarial,,,\r\n' +
    'c,plain,answer,,,,not json\r\n';
  const f = readCaseFile(text, 'c.csv', 'csv');

  it('handles the BOM, quotes, doubled quotes and embedded newlines', () => {
    assert.deepEqual(f.cases.map((c) => c.id), ['a', 'b', 'c']);
    assert.equal(f.cases[0]!.input, 'Hello, "quoted" world');
    assert.equal(f.cases[1]!.input, 'line one\r\nline two');
  });

  it('maps tags, vars.*, meta.* and JSON checks', () => {
    const a = f.cases[0]!;
    assert.deepEqual(a.tags, ['edge', 'core']);
    assert.deepEqual(a.vars, { name: 'Maya' });
    assert.deepEqual(a.meta, { source: 'logs' });
    assert.deepEqual(a.checks, [{ contains: 'hi' }]);
  });

  it('gives each record the lines it spans', () => {
    assert.deepEqual(f.cases.map((c) => c.line), [2, 4, 6]);
    assert.equal(at(text, f.cases[1]!.range), 'b,"line one\r\nline two",refuse,adversarial,,,');
  });

  it('reports a cell that should hold JSON, at its record', () => {
    assert.equal(f.diagnostics.length, 1);
    assert.match(f.diagnostics[0]!.message, /"checks" column holds JSON/);
    assert.equal(at(text, f.diagnostics[0]!.range), 'c,plain,answer,,,,not json');
  });

  it('reports an unterminated quote with where and what to do', () => {
    const bad = readCaseFile('id,input\na,"never closed\n', 'c.csv', 'csv');
    assert.equal(bad.cases.length, 0);
    assert.match(bad.diagnostics[0]!.message, /^CSV error: .*Quote fields/);
  });

  it('requires an id column', () => {
    const bad = readCaseFile('name,input\na,b\n', 'c.csv', 'csv');
    assert.match(bad.diagnostics[0]!.message, /needs an "id" column/);
  });
});

describe('loadSpec', () => {
  const files = new Map<string, string>([
    ['/w/s.aispec.md', '---\naispec: 1\nid: s\ntitle: T\ncases: cases.jsonl\n---\n```yaml cases\n- id: inline\n  input: x\n```\n'],
    ['/w/cases.jsonl', '{"id":"ext","input":"y"}\n'],
  ]);
  const host = memorySpecHost(files);

  it('adds external cases after inline ones, with their own file and ranges', async () => {
    const spec = await loadSpec('/w/s.aispec.md', host);
    assert.deepEqual(spec.diagnostics, []);
    assert.deepEqual(spec.cases.map((c) => [c.id, c.range.file]), [['inline', '/w/s.aispec.md'], ['ext', '/w/cases.jsonl']]);
    assert.equal(spec.files.get('/w/cases.jsonl'), files.get('/w/cases.jsonl'));
    assert.deepEqual(spec.caseSources.map((s) => s.kind), ['inline', 'jsonl']);
  });

  it('reports a missing case file at the cases: value', async () => {
    const text = '---\naispec: 1\ncases: missing.csv\n---\n';
    const spec = await loadSpec('/w/m.aispec.md', host, text);
    assert.match(spec.diagnostics[0]!.message, /Cannot read the case file "missing.csv" \(no such file\)/);
    assert.equal(at(text, spec.diagnostics[0]!.range), 'missing.csv');
  });

  it('reports an unsupported case file type', async () => {
    const spec = await loadSpec('/w/m.aispec.md', host, '---\naispec: 1\ncases: cases.txt\n---\n');
    assert.match(spec.diagnostics[0]!.message, /\.jsonl, \.yaml\/\.yml or \.csv/);
  });
});
