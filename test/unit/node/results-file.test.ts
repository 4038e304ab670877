// Results files are written and read as streams (results-file-write.ts, results-file-read.ts): the text is
// exactly JSON.stringify(results, null, 2), written atomically, and reads back to the same value whatever
// falls on a chunk boundary; the reader refuses what is not JSON, or nests too deep, with one short line.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaseSpill, openResultsFileSpill, openSpill, writeTextSync } from '../../../src/node/case-spill.js';
import { readResultsJson } from '../../../src/node/results-file-read.js';
import type { CaseResult } from '../../../src/shared/results.js';
import { itemsLayoutFor, lineItemsText, prettyItemsText, prettyJsonPieces, writeAll, writeBytesSync, writePiecesAtomic, writeResultsFile, type ItemsLayout } from '../../../src/node/results-file-write.js';
import { digestOf, digestOfFile } from '../../../src/node/saved-digest.js';

/** A results-shaped object with `n` cases whose text has multi-byte characters, quotes, brackets and escapes. */
function results(n: number): Record<string, unknown> {
  return {
    format: 'aispec-results',
    version: 1,
    skipped: undefined,
    spec: { id: 'probe', title: 'Probe "[{", ü', labels: ['a', 'b'] },
    run: { id: 'r1', started_at: '2026-01-01T00:00:00Z', unfinished: [] },
    summary: { pass_rate: 0.5, gates: [] },
    cases: Array.from({ length: n }, (_, i) => ({
      id: `c${i}`,
      status: i % 2 ? 'pass' : 'fail',
      output: i % 3 ? `répon${'ß'.repeat(i % 50)} "q" [x] {y} \\ \n` : null,
      tags: i % 5 ? [] : ['edge'],
      meta: {},
      nothing: undefined,
    })),
    after: { note: 'a key after the cases' },
  };
}

describe('node: results files written and read as streams', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'aispec-results-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes exactly the text of JSON.stringify(value, null, 2) and a newline, for any number of cases', () => {
    for (const value of [results(0), results(1), results(999), results(1000), results(2501), {}, { cases: [] }, { a: undefined }]) {
      assert.equal([...prettyJsonPieces(value)].join(''), `${JSON.stringify(value, null, 2)}\n`);
    }
  });

  it('writes items in batches that join into the whole list\'s text, each batch after the first from its comma', () => {
    const items = (results(257).cases as unknown[]).concat([[], {}, 'x', 0, null, [1, [2]]]);
    const whole = JSON.stringify({ cases: items }, null, 2);
    for (const size of [1, 2, 7, 100, items.length]) {
      const batches: string[] = [];
      for (let start = 0; start < items.length; start += size) batches.push(prettyItemsText('cases', items.slice(start, start + size), start > 0));
      assert.equal(`{\n  "cases": [${batches.join('')}\n  ]\n}`, whole, `batches of ${size}`);
      assert.ok(batches.slice(1).every((b) => b.startsWith(',\n    ')), `batches of ${size}: each after the first starts with its comma`);
    }
  });

  /** The text JSON.stringify(value, null, 2) would have, but for its cases, each on one line as compact JSON. */
  function oneCasePerLine(value: Record<string, unknown>): string {
    const marker = '[\n    "@@cases@@"\n  ]';
    const text = `${JSON.stringify({ ...value, cases: ['@@cases@@'] }, null, 2)}\n`;
    assert.equal(text.split(marker).length, 2);
    return text.replace(marker, () => `[${(value.cases as unknown[]).map((c) => `\n    ${JSON.stringify(c) ?? 'null'}`).join(',')}\n  ]`);
  }

  it('lists each case on one line from 10,000 cases on, as the spills do: batches join into the whole, and the file is the same JSON value', async () => {
    assert.equal(itemsLayoutFor(9_999), 'indented');
    assert.equal(itemsLayoutFor(10_000), 'one-per-line');
    const items = (results(257).cases as unknown[]).concat([[], {}, 'x', 0, null, [1, [2]], { text: 'two\nlines' }]);
    for (const size of [1, 7, 100, items.length]) {
      const batches: string[] = [];
      for (let start = 0; start < items.length; start += size) batches.push(lineItemsText(items.slice(start, start + size), start > 0));
      assert.equal(`{\n  "cases": [${batches.join('')}\n  ]\n}\n`, oneCasePerLine({ cases: items }), `batches of ${size}`);
    }
    const whole = results(12_000);
    const text = [...prettyJsonPieces(whole)].join('');
    assert.equal(text, oneCasePerLine(whole), 'a list held in memory is laid out as a spilled one');
    const value = JSON.parse(JSON.stringify(whole)) as unknown;
    assert.deepEqual(JSON.parse(text), value);
    assert.equal(text.split('\n').length, `${JSON.stringify({ ...whole, cases: [] }, null, 2)}\n`.split('\n').length + 12_000 + 1, 'a line for each case');
    for (const [name, spill] of [
      ['in place', spilledInPlace(dir, whole, 4096, 'one-per-line')],
      ['apart', openCaseSpill(join(dir, 'apart'), { layout: 'one-per-line' })],
    ] as const) {
      if (name === 'apart') for (const c of whole.cases as CaseResult[]) spill.add(c);
      const path = join(dir, `${name}.json`);
      const digest = await writeResultsFile(path, { ...whole, cases: [] }, spill);
      const bytes = readFileSync(path);
      assert.equal(bytes.toString('utf8').replace(/\[ +\n/, '[\n'), oneCasePerLine(whole), name);
      assert.deepEqual(await readResultsJson(path, { maxDepth: 64 }), value, name);
      assert.deepEqual(digest, digestOf(bytes), name);
      await spill.remove();
    }
  });

  it('openSpill: in place from 10,000 cases (unless told not to), each kind laid out as a file of that many cases', async () => {
    const two = (results(2).cases as CaseResult[]);
    for (const [cases, inPlace, expectInPlace, layout] of [
      [9_999, true, false, 'indented'],
      [10_000, true, true, 'one-per-line'],
      [10_000, false, false, 'one-per-line'],
    ] as const) {
      const folder = join(dir, `s${cases}${inPlace}`);
      const spill = openSpill(folder, cases, inPlace);
      for (const c of two) spill.add(c);
      assert.equal(spill.inPlace !== undefined, expectInPlace, `${cases} cases, inPlace ${inPlace}`);
      const path = join(folder, 'run.json');
      await writeResultsFile(path, { cases: [] }, spill);
      const text = readFileSync(path, 'utf8').replace(/\[ +\n/, '[\n');
      assert.equal(text, layout === 'indented' ? `${JSON.stringify({ cases: two }, null, 2)}\n` : oneCasePerLine({ cases: two }), `${cases} cases`);
      await spill.remove();
    }
  });

  /** The cases of `value` added to a spill in place in `folder`, with `room` bytes for the header. */
  function spilledInPlace(folder: string, value: Record<string, unknown>, room: number, layout: ItemsLayout = 'indented') {
    const spill = openResultsFileSpill(folder, { room, layout });
    for (const c of value.cases as CaseResult[]) spill.add(c);
    return spill;
  }

  it('finishes a results file in place: JSON.stringify\'s text but for spaces after the cases\' [, its digest taken without reading it back', async () => {
    for (const n of [1, 3000, 12_000]) {
      const whole = results(n); // 12,000 cases: ~3.5 MB, several of a read's chunks
      const spill = spilledInPlace(dir, whole, 4096);
      const path = join(dir, 'run.json');
      const digest = await writeResultsFile(path, { ...whole, cases: [] }, spill);
      const bytes = readFileSync(path);
      const expected = Buffer.from(`${JSON.stringify(whole, null, 2)}\n`);
      const open = expected.indexOf('"cases": [') + '"cases": ['.length;
      assert.ok(bytes.subarray(0, open).equals(expected.subarray(0, open)), `${n} cases: the header as JSON.stringify writes it`);
      assert.match(bytes.subarray(open, 4096).toString('latin1'), /^ +$/, `${n} cases: spaces to the end of the room`);
      assert.ok(bytes.subarray(4096).equals(expected.subarray(open)), `${n} cases: the cases and the end as JSON.stringify writes them`);
      assert.deepEqual(JSON.parse(bytes.toString('utf8')), JSON.parse(expected.toString('utf8')));
      assert.deepEqual(await readResultsJson(path, { maxDepth: 64 }), JSON.parse(expected.toString('utf8')));
      assert.deepEqual(digest, digestOf(bytes), `${n} cases: the digest is the file's`);
      assert.deepEqual(readdirSync(dir), ['run.json'], 'the spill became the file: no temp file is left');
      await spill.remove(); // what the CLI does after it reports: the file stays
      assert.deepEqual(readdirSync(dir), ['run.json']);
    }
  });

  it('writes the file afresh, exactly JSON.stringify\'s text, when the header outgrows the room or the file is named in another folder', async () => {
    const whole = results(12_000);
    for (const [name, room, path] of [
      ['header larger than the room', 200, join(dir, 'run.json')],
      ['another folder', 4096, join(dir, 'elsewhere', 'run.json')],
    ] as const) {
      rmSync(path, { force: true });
      const spill = spilledInPlace(dir, whole, room);
      const digest = await writeResultsFile(path, { ...whole, cases: [] }, spill);
      const bytes = readFileSync(path);
      assert.equal(bytes.toString('utf8'), `${JSON.stringify(whole, null, 2)}\n`, name);
      assert.deepEqual(digest, digestOf(bytes), name);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], `${name}: the spill is read once and removed`);
      await spill.remove();
    }
  });

  it('a spill in place that is given up (a failed run) leaves nothing, and takes no case once finished', async () => {
    const spill = spilledInPlace(dir, results(250), 4096);
    assert.equal(readdirSync(dir).length, 1);
    await spill.remove();
    assert.deepEqual(readdirSync(dir), []);
    const finished = spilledInPlace(dir, results(3), 4096);
    await writeResultsFile(join(dir, 'run.json'), { ...results(0) }, finished);
    assert.throws(() => finished.add((results(1).cases as CaseResult[])[0]!), /closed/);
    const none = openResultsFileSpill(dir, { room: 4096, layout: 'indented' });
    await writeResultsFile(join(dir, 'empty.json'), results(0), none); // no case: the file as JSON.stringify writes it
    assert.equal(readFileSync(join(dir, 'empty.json'), 'utf8'), `${JSON.stringify(results(0), null, 2)}\n`);
    await none.remove();
    assert.deepEqual(readdirSync(dir).sort(), ['empty.json', 'run.json']);
  });

  it('writes atomically: the finished file, and no temp file left beside it', async () => {
    const path = join(dir, 'run.json');
    await writeResultsFile(path, results(2500));
    assert.equal(readFileSync(path, 'utf8'), `${JSON.stringify(results(2500), null, 2)}\n`);
    assert.deepEqual(readdirSync(dir), ['run.json']);
  });

  it('a results file written from a case spill of several megabytes (its read buffer reused) is the whole text', async () => {
    const whole = results(12_000); // ~3.5 MB of case text: several of the spill's 1 MB reads
    const spill = openCaseSpill(join(dir, 'spill'), { layout: 'indented' });
    for (const c of whole.cases as CaseResult[]) spill.add(c);
    const path = join(dir, 'run.json');
    await writeResultsFile(path, { ...whole, cases: [] }, spill);
    assert.equal(readFileSync(path, 'utf8'), `${JSON.stringify(whole, null, 2)}\n`);
    await spill.remove();
  });

  it('a case spill in many files gives the whole text, deletes each file once read, and cannot be read twice', async () => {
    // Files of 64 KB here (64 MB in a run): the results file is written from one after another, each deleted
    // as soon as it has been read, so its page cache is given back while the results file takes some.
    const whole = results(3000);
    const folder = join(dir, 'segments');
    const spill = openCaseSpill(folder, { segmentBytes: 64 * 1024, layout: 'indented' });
    for (const c of whole.cases as CaseResult[]) spill.add(c);
    const path = join(dir, 'segmented.json');
    let most = 0;
    const counting: typeof spill = {
      add: (c) => spill.add(c),
      get count() {
        return spill.count;
      },
      async *chunks() {
        for await (const chunk of spill.chunks()) {
          most = Math.max(most, readdirSync(folder).length);
          yield chunk;
        }
      },
      remove: () => spill.remove(),
    };
    await writeResultsFile(path, { ...whole, cases: [] }, counting);
    assert.equal(readFileSync(path, 'utf8'), `${JSON.stringify(whole, null, 2)}\n`);
    assert.ok(most > 5, `${most} spill files while the first was read`);
    assert.deepEqual(readdirSync(folder), [], 'every spill file deleted once read');
    await assert.rejects(writeResultsFile(join(dir, 'again.json'), { ...whole, cases: [] }, spill), /the case spill was read already/);
    await spill.remove();
  });

  it('returns the digest of the file it wrote, of a small run and of one in several pieces', async () => {
    for (const [name, value] of [['small.json', results(1)], ['pieces.json', results(2500)], ['empty.json', {}]] as const) {
      const path = join(dir, name);
      const digest = await writeResultsFile(path, value);
      assert.deepEqual(digest, digestOf(readFileSync(path)), name);
      assert.deepEqual(digest, await digestOfFile(path), name);
    }
  });

  it('returns the digest of the file it wrote from a case spill of several megabytes', async () => {
    const whole = results(12_000);
    const spill = openCaseSpill(join(dir, 'spill'), { layout: 'indented' });
    for (const c of whole.cases as CaseResult[]) spill.add(c);
    const path = join(dir, 'run.json');
    const digest = await writeResultsFile(path, { ...whole, cases: [] }, spill);
    await spill.remove();
    assert.ok(digest.length > 2 ** 20, `${digest.length} bytes: the spill was read in more than one chunk`);
    assert.deepEqual(digest, digestOf(readFileSync(path)));
    assert.deepEqual(digest, await digestOfFile(path));
  });

  it('writes every piece whole, however its UTF-8 length compares with the last (one buffer is reused and grown)', async () => {
    // Pieces one byte longer each time, of a few 'a's and then 4-byte characters (surrogate pairs): whatever
    // size the buffer has, the first piece to outgrow it does so by one byte, and a 4-byte character is the
    // one that does not fit, with 3 bytes left. Then prefixes of a text of 1- to 4-byte characters, one
    // character apart, and shorter ones after them. No piece may be cut before its last character.
    const ladder = Array.from({ length: 3000 }, (_, n) => 'a'.repeat(n % 4) + '😀'.repeat(Math.floor(n / 4)));
    let seed = 42;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const chars = Array.from({ length: 1000 }, () => ['a', 'é', '€', '😀'][Math.floor(next() * 4)]!);
    const mixed = [...chars.map((_, k) => chars.slice(0, k).join('')), ...chars.map((_, k) => chars.slice(0, Math.floor(next() * k)).join(''))];
    for (const [name, pieces] of [['ladder', ladder], ['mixed', mixed]] as const) {
      const path = join(dir, `${name}.txt`);
      const digest = await writePiecesAtomic(path, pieces);
      const bytes = readFileSync(path);
      assert.ok(bytes.toString('utf8') === pieces.join(''), `${name}: the file is every piece, whole, in order`);
      assert.deepEqual(digest, digestOf(bytes), name);
    }
  });

  it('writes the rest of a piece that one write took only part of, and stops on a write that takes nothing', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const file: number[] = [];
    // A file that takes at most 7 bytes a write, at the position it is told: what a short write(2) does.
    const short = {
      write: async (buffer: Uint8Array, offset = 0, length = buffer.length) => {
        const taken = Math.min(7, length);
        file.push(...buffer.subarray(offset, offset + taken));
        return { bytesWritten: taken, buffer };
      },
    };
    await writeAll(short as never, bytes);
    assert.deepEqual(file, [...bytes]);
    const stuck = { write: async (buffer: Uint8Array) => ({ bytesWritten: 0, buffer }) };
    await assert.rejects(writeAll(stuck as never, bytes), /stopped after 0 of 1000 bytes/);
  });

  it('spills the rest of a text that one write took only part of, in UTF-8, and stops on a write that takes nothing', () => {
    const text = 'é✓ case 😀 '.repeat(50);
    const file: number[] = [];
    // At most 5 bytes a write, of a string (encoded as writeSync would) or of bytes from an offset.
    const short = ((_fd: number, data: string | Uint8Array, offset = 0, length?: number) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data.subarray(offset, offset + (length ?? data.length - offset));
      const taken = Math.min(5, bytes.length);
      file.push(...bytes.subarray(0, taken));
      return taken;
    }) as never;
    writeTextSync(0, text, short);
    assert.equal(Buffer.from(file).toString('utf8'), text);
    assert.throws(() => writeTextSync(0, text, (() => 0) as never), /stopped after 0 of \d+ bytes/);
  });

  it('writes the rest of bytes that one write took only part of, at the position asked for, and stops on a write that takes nothing', () => {
    const bytes = Buffer.from('é✓ header 😀 '.repeat(40));
    for (const position of [null, 1000]) {
      const file = Buffer.alloc(bytes.length + 1000, 0x20);
      const positions: Array<number | null> = [];
      // At most 7 bytes a write, at the position given (or after the last write, as the file's position moves).
      let at = 0;
      const short = ((_fd: number, data: Buffer, offset: number, length: number, where: number | null) => {
        positions.push(where);
        const taken = Math.min(7, length);
        const to = where ?? at;
        data.subarray(offset, offset + taken).copy(file, to);
        at = to + taken;
        return taken;
      }) as never;
      writeBytesSync(0, bytes, position, short);
      assert.ok(file.subarray(position ?? 0, (position ?? 0) + bytes.length).equals(bytes), `position ${position}`);
      if (position !== null) assert.deepEqual(positions.slice(0, 3), [1000, 1007, 1014], 'each write goes on where the last one stopped');
      else assert.ok(positions.every((p) => p === null), 'the file position is used throughout');
    }
    assert.throws(() => writeBytesSync(0, bytes, 0, (() => 0) as never), /writing the results file stopped after 0 of \d+ bytes/);
  });

  it('keeps the earlier file when writing fails part-way, and removes its temp file', async () => {
    const path = join(dir, 'run.json');
    writeFileSync(path, 'the last good run');
    function* failing(): Generator<string> {
      yield '{"cases": [';
      throw new Error('out of disk');
    }
    await assert.rejects(writePiecesAtomic(path, failing()), /out of disk/);
    assert.equal(readFileSync(path, 'utf8'), 'the last good run');
    assert.deepEqual(readdirSync(dir), ['run.json']);
  });

  it('reads back the value JSON.parse gives, cases split across megabyte chunks included', async () => {
    const path = join(dir, 'run.json');
    const value = results(12_000); // several megabytes: chunk boundaries fall inside cases and characters
    await writeResultsFile(path, value);
    const expected: unknown = JSON.parse(readFileSync(path, 'utf8'));
    assert.deepEqual(await readResultsJson(path, { maxDepth: 128 }), expected);
    // Compact JSON (another tool's) reads the same.
    writeFileSync(path, JSON.stringify(value));
    assert.deepEqual(await readResultsJson(path, { maxDepth: 128 }), expected);
  });

  it('takes pretty-printed cases whole only when they are exactly one value within the depth bound; else scans, as before', async () => {
    // Cases end at a line "    }" in the files aispec writes, and are parsed from there without a step per
    // byte. Every other shape must read, or be refused, exactly as the byte-by-byte scan did.
    const path = join(dir, 'shapes.json');
    const nested = (levels: number): unknown => (levels === 0 ? 'leaf' : { in: nested(levels - 1) });
    const many = { id: 'many', lists: Array.from({ length: 20 }, () => [{}]) }; // 41 brackets, 3 levels deep
    const value = { format: 'aispec-results', cases: [{ id: 'a', deep: nested(4) }, many, 7, 'x', [1, [2]], { id: 'b', text: '\n    }' }] };
    for (const indent of [2, 1, 4, 0]) {
      writeFileSync(path, JSON.stringify(value, null, indent));
      assert.deepEqual(await readResultsJson(path, { maxDepth: 8 }), value, `indent ${indent}`);
    }
    // One case a line, as aispec writes 10,000 cases or more: a case ends where its line does.
    writeFileSync(path, oneCasePerLine(value));
    assert.deepEqual(await readResultsJson(path, { maxDepth: 8 }), value, 'one case a line');
    // Nested one level past the bound (top-level object 1, cases list 2, then 7 more): refused at the byte
    // where the scan counts the ninth level, written pretty or compact.
    for (const indent of [2, 0, 'one case a line'] as const) {
      const deep = { format: 'aispec-results', cases: [{ id: 'ok' }, { id: 'deep', deep: nested(6) }, { id: 'after' }] };
      const text = typeof indent === 'number' ? JSON.stringify(deep, null, indent) : oneCasePerLine(deep);
      writeFileSync(path, text);
      const error = await readResultsJson(path, { maxDepth: 8 }).then(
        () => assert.fail('read'),
        (e: Error) => e,
      );
      const at = Number(/^it nests deeper than 8 levels \(at byte (\d+)\)$/.exec(error.message)?.[1]);
      let depth = 0;
      let inString = false;
      for (let i = 0; i <= at; i++) {
        const c = text[i];
        if (inString) inString = !(c === '"' && text[i - 1] !== '\\');
        else if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') depth--;
      }
      assert.equal(depth, 9, `indent ${indent}: ${error.message}`);
    }
    // A byte JSON does not allow between a case and the comma: refused as not JSON, naming the case.
    writeFileSync(path, JSON.stringify({ cases: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }, null, 2).replace('"b"\n    },', '"b"\n    }\u0001,'));
    await assert.rejects(readResultsJson(path, { maxDepth: 8 }), /^Error: it is not JSON \(case 2: /);
    writeFileSync(path, oneCasePerLine({ cases: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }).replace('{"id":"b"},', '{"id":"b"}\u0001,'));
    await assert.rejects(readResultsJson(path, { maxDepth: 8 }), /^Error: it is not JSON \(case 2: /);
  });

  it('reads strings made mostly of escapes, a megabyte boundary falling inside a run of backslashes', async () => {
    // The scan jumps from quote to quote inside strings and counts the backslashes before each: a run cut by
    // a chunk boundary must carry its parity into the next chunk, or the quote after it (and the "]}, {"
    // inside the string) would be read as the end of a case. Each output is ~400 bytes of backslashes; the
    // second file is shifted by one byte, so boundaries cut runs after odd and after even counts. The keys
    // before and after the cases come from different chunks of one reused buffer when the cases are skipped.
    const cutRuns: number[] = [];
    for (const pad of ['', 'x']) {
      const path = join(dir, 'escapes.json');
      const value = {
        format: 'aispec-results',
        pad,
        cases: Array.from({ length: 9000 }, (_, i) => ({ id: `c${i}`, output: `${'\\'.repeat(150 + (i % 61))}"]}, {"`, note: '\\' })),
        summary: { after: '"\\' },
      };
      await writeResultsFile(path, value);
      const text = readFileSync(path, 'utf8');
      for (let boundary = 1 << 20; boundary < text.length; boundary += 1 << 20) {
        let run = 0;
        while (text[boundary - 1 - run] === '\\') run++;
        if (text[boundary] === '\\' || text[boundary] === '"') cutRuns.push(run);
      }
      const expected = JSON.parse(text) as Record<string, unknown>;
      assert.deepEqual(await readResultsJson(path, { maxDepth: 8 }), expected);
      assert.deepEqual(await readResultsJson(path, { maxDepth: 8, cases: false }), { ...expected, cases: [] });
    }
    assert.ok(cutRuns.some((run) => run % 2 === 1) && cutRuns.some((run) => run > 0 && run % 2 === 0), `runs cut after odd and even counts: ${cutRuns.join(', ')}`);
  });

  it('keeps the head it read when the buffer it came in is read into again (the cases skipped)', async () => {
    // Skipping the cases, one buffer takes every chunk in turn, so the head's bytes must be copied out of it.
    // Here the last chunk starts with a case shaped like the head: a head kept as a view of that buffer would
    // not fail to parse, it would silently read back as that case ("a" all Z). Reading the cases, each chunk
    // has a buffer of its own and the head reads the same.
    const path = join(dir, 'run.json');
    const head = `{"a":"${'h'.repeat(100)}","cases":[`;
    const lookalike = `{"a":"${'Z'.repeat(100)}","cases":[1]}`;
    const text = `${head}"${'f'.repeat(2 * (1 << 20) - head.length - 3)}",${lookalike}]}`;
    assert.equal(text.indexOf(lookalike), 2 * (1 << 20)); // the third chunk starts with it
    writeFileSync(path, text);
    assert.deepEqual(await readResultsJson(path, { maxDepth: 8, cases: false }), { a: 'h'.repeat(100), cases: [] });
    assert.deepEqual(await readResultsJson(path, { maxDepth: 8 }), JSON.parse(text));
  });

  it('skips the cases unparsed when only the summary is wanted', async () => {
    const path = join(dir, 'run.json');
    await writeResultsFile(path, results(3000));
    const { cases, ...rest } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    assert.equal((cases as unknown[]).length, 3000);
    assert.deepEqual(await readResultsJson(path, { maxDepth: 128, cases: false }), { ...rest, cases: [] });
  });

  it('reads a large file whose cases end it only at its head and its end when the cases are not wanted', async () => {
    // The writer puts the cases last: past 8 MB, the summary is read without scanning them (a million-case
    // run's ~4.5 s of CPU at every check of its spec), and reads the same as the whole file's.
    const path = join(dir, 'large.json');
    await writeResultsFile(path, results(100_000)); // one case a line from 10,000 on: ~9 MB
    const text = readFileSync(path, 'utf8');
    assert.ok(text.length >= 8 * 1024 * 1024, `${text.length} bytes`);
    const { cases: _cases, ...rest } = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(await readResultsJson(path, { maxDepth: 128, cases: false }), { ...rest, cases: [] });
    // What lies between is not read: a list no scan would accept (it nests past the bound) is skipped.
    const skipped = join(dir, 'skipped.json');
    writeFileSync(skipped, `{"format": "aispec-results", "summary": {"pass_rate": 0.5}, "cases": [${'['.repeat(10)}"${'x'.repeat(8 * 1024 * 1024)}"\n]\n}\n`);
    assert.deepEqual(await readResultsJson(skipped, { maxDepth: 8, cases: false }), { format: 'aispec-results', summary: { pass_rate: 0.5 }, cases: [] });
    await assert.rejects(readResultsJson(skipped, { maxDepth: 8 }), /^Error: it nests deeper than 8 levels/);
  });

  it('scans the whole of a large file whose cases are not its last value', async () => {
    const path = join(dir, 'large-after.json');
    const { cases, ...head } = results(100_000);
    const value = { ...head, cases, after: { pass_rate: 0.25 } };
    await writeResultsFile(path, value);
    assert.ok(readFileSync(path).length >= 8 * 1024 * 1024);
    assert.deepEqual(await readResultsJson(path, { maxDepth: 128, cases: false }), JSON.parse(JSON.stringify({ ...head, cases: [], after: { pass_rate: 0.25 } })));
    // A cut file (its end is not the cases list's) is scanned whole too, and refused.
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, readFileSync(path).subarray(0, 8.5 * 1024 * 1024));
    await assert.rejects(readResultsJson(cut, { maxDepth: 128, cases: false }), /ends before its last value does/);
  });

  it('reads what JSON.parse reads, and refuses the rest with one short line', async () => {
    const read = (text: string) => {
      const path = join(dir, 'x.json');
      writeFileSync(path, text);
      return readResultsJson(path, { maxDepth: 4 });
    };
    assert.deepEqual(await read('{"cases": []}'), { cases: [] });
    assert.deepEqual(await read(' {"\\u0063ases" : [ 1 , {"a": "]"} ] , "b": [[]]} '), { cases: [1, { a: ']' }], b: [[]] });
    assert.deepEqual(await read('[1, 2]'), [1, 2]);
    const refusals: Array<[string, RegExp]> = [
      ['{"cases": [1,]}', /^it is not JSON \(case 2 is empty\)$/],
      ['{"cases": [,1]}', /^it is not JSON \(case 1 is empty\)$/],
      ['{"cases": [1 2]}', /^it is not JSON \(case 1: /],
      ['{"cases": [], "cases": []}', /^it has two "cases" lists$/],
      ['{"cases": []} x', /^it is not JSON \(/],
      ['{"cases": [{"a": 1}', /^it is not JSON \(it ends before its last value does\)$/],
      ['{"a": "cut', /^it is not JSON \(it ends before its last value does\)$/],
      ['{"a": 1}}', /^it is not JSON \(a closing bracket without an opening one at byte 8\)$/],
      ['{"cases": [[[[[]]]]]}', /^it nests deeper than 4 levels \(at byte 13\)$/],
    ];
    for (const [text, reason] of refusals) {
      const error = await read(text).then(
        () => assert.fail(`${text} was read`),
        (e: Error) => e,
      );
      assert.match(error.message, reason, text);
      assert.ok(error.message.length <= 200 && !error.message.includes('\n'));
    }
  });
});
