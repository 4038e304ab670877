// saved-digest.ts: the length + CRC-32 the run worker sends with a saved run, so the extension host skips
// parsing the latest.json it reports only while that file is byte for byte what the worker wrote.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, crc32Table, digestOf, digestOfFile, fileHasDigest } from '../../../src/node/saved-digest.js';

describe('node: saved-file digest', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'aispec-digest-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('computes the standard CRC-32, natively and by table alike', () => {
    // The check value of CRC-32/ISO-HDLC (zlib's, gzip's): "123456789" -> 0xCBF43926.
    const check = Buffer.from('123456789');
    assert.equal(crc32Table(check), 0xcbf43926);
    assert.equal(crc32(check), 0xcbf43926);
    assert.equal(crc32Table(new Uint8Array()), 0);
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31 + 7) % 256));
    assert.equal(crc32Table(bytes), crc32(bytes));
  });

  it('matches the file it was taken of, and no longer once the file changes', async () => {
    const path = join(dir, 'latest.json');
    const text = JSON.stringify({ format: 'aispec-results', cases: [{ id: 'a', status: 'pass' }] });
    writeFileSync(path, text);
    const digest = await digestOfFile(path);
    assert.deepEqual(digest, digestOf(Buffer.from(text)));
    assert.equal(await fileHasDigest(path, digest), true);
    // Same length, one byte different (pass -> fail would change the length: flip a letter instead).
    writeFileSync(path, text.replace('"a"', '"b"'));
    assert.equal(await fileHasDigest(path, digest), false);
    // Another length.
    writeFileSync(path, `${text}\n`);
    assert.equal(await fileHasDigest(path, digest), false);
    writeFileSync(path, text);
    assert.equal(await fileHasDigest(path, digest), true);
  });

  it('says no for a file that is gone or a folder', async () => {
    const digest = digestOf(Buffer.from('x'));
    assert.equal(await fileHasDigest(join(dir, 'missing.json'), digest), false);
    assert.equal(await fileHasDigest(dir, digest), false);
  });
});
