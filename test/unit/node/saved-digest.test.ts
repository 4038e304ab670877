// saved-digest.ts: the length + CRC-32 the run worker sends with a saved run, so the extension host skips
// parsing the latest.json it reports only while that file is byte for byte what the worker wrote.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { crc32, crc32Table, digestOf, digestOfFile, EMPTY_DIGEST, extendDigest, fileHasDigest, joinDigests } from '../../../src/node/saved-digest.js';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** `bytes` cut at random places into pieces, some of them empty (a writer may be handed an empty piece). */
function splitAtRandom(bytes: Uint8Array, next: () => number): Uint8Array[] {
  const cuts = Array.from({ length: Math.floor(next() * 8) }, () => Math.floor(next() * (bytes.length + 1)));
  cuts.push(0, 0, bytes.length); // an empty piece first, and always at least one
  cuts.sort((a, b) => a - b);
  const pieces = [bytes.subarray(0, cuts[0])];
  for (let i = 1; i < cuts.length; i++) pieces.push(bytes.subarray(cuts[i - 1], cuts[i]));
  return pieces;
}

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

  it('takes the CRC a chunk at a time, natively and by table, as zlib takes it of the whole', () => {
    const next = random(20260101);
    for (let round = 0; round < 200; round++) {
      const bytes = Buffer.from(Array.from({ length: round === 0 ? 0 : Math.floor(next() * 3000) }, () => Math.floor(next() * 256)));
      const whole = zlib.crc32(bytes) >>> 0;
      const pieces = splitAtRandom(bytes, next);
      const label = `round ${round}: ${bytes.length} bytes in pieces of ${pieces.map((p) => p.length).join(', ')}`;
      assert.equal(crc32(bytes), whole, label);
      assert.equal(crc32Table(bytes), whole, label);
      assert.equal(pieces.reduce((crc, piece) => crc32(piece, crc), 0), whole, label);
      assert.equal(pieces.reduce((crc, piece) => crc32Table(piece, crc), 0), whole, label);
      assert.deepEqual(pieces.reduce(extendDigest, EMPTY_DIGEST), { length: bytes.length, crc32: whole }, label);
    }
  });

  it('joins the digests of two pieces as zlib takes the CRC of the pieces joined (crc32_combine)', () => {
    const next = random(20261204);
    for (let round = 0; round < 300; round++) {
      // Lengths from empty to past a power of two of every size up to 2^17, so each bit of the length is used.
      const length = () => (next() < 0.2 ? Math.floor(next() * 4) : Math.floor(2 ** (next() * 17)));
      const a = randomBytes(length());
      const b = randomBytes(length());
      const whole = zlib.crc32(Buffer.concat([a, b])) >>> 0;
      assert.deepEqual(joinDigests(digestOf(a), digestOf(b)), { length: a.length + b.length, crc32: whole }, `round ${round}: ${a.length} + ${b.length} bytes`);
    }
    // Runs of one byte, where a mistake in the length's high bits would show (a results file is over 2^30 bytes).
    const zeros = (n: number) => ({ length: n, crc32: 0 }); // not the CRC of n zeros: only the sum is compared
    const big = 2 ** 33 + 12345;
    const joined = joinDigests(joinDigests({ length: 3, crc32: 0x12345678 }, zeros(big)), zeros(7));
    assert.deepEqual(joined, joinDigests({ length: 3, crc32: 0x12345678 }, zeros(big + 7)));
    assert.deepEqual(joinDigests(digestOf(Buffer.from('abc')), EMPTY_DIGEST), digestOf(Buffer.from('abc')));
    assert.deepEqual(joinDigests(EMPTY_DIGEST, digestOf(Buffer.from('abc'))), digestOf(Buffer.from('abc')));
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

  it('reads a file of several chunks to the end: a change in its last megabyte, at the same length, is seen', async () => {
    const path = join(dir, 'large.json');
    const bytes = randomBytes(2.5 * 2 ** 20); // read in three chunks
    writeFileSync(path, bytes);
    const digest = digestOf(bytes);
    assert.deepEqual(await digestOfFile(path), digest);
    assert.equal(await fileHasDigest(path, digest), true);
    const at = bytes.length - 10;
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(path, bytes);
    assert.equal(await fileHasDigest(path, digest), false);
    assert.notDeepEqual(await digestOfFile(path), digest);
  });

  it('reads nothing of a file whose size is not the digest\'s (Linux: counted in /proc/self/io)', async function () {
    if (!existsSync('/proc/self/io')) this.skip();
    // Bytes read by this process so far, by any thread (libuv's pool does the reads).
    const bytesRead = () => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
    const path = join(dir, 'other-run.json');
    const bytes = randomBytes(2.5 * 2 ** 20);
    writeFileSync(path, bytes);
    const digest = digestOf(bytes.subarray(1)); // one byte shorter than the file, so another file
    const before = bytesRead();
    assert.equal(await fileHasDigest(path, digest), false);
    const read = bytesRead() - before;
    assert.ok(read < 256 * 1024, `${read} bytes read`); // a few KB for /proc/self/io itself; a chunk is a megabyte
  });

  it('says no for a file that is gone or a folder', async () => {
    const digest = digestOf(Buffer.from('x'));
    assert.equal(await fileHasDigest(join(dir, 'missing.json'), digest), false);
    assert.equal(await fileHasDigest(dir, digest), false);
  });
});
