// A short fingerprint of a saved results file: its length and CRC-32. The run file's is taken of its bytes as
// they are written (results-file-write.ts; latest.json is a second name of that file, or a copy of it), and the
// editor's run worker sends it with the results; when the runs-folder watcher then reports latest.json, the
// extension host compares the file on disk with it and, when both match, knows it holds the run it already
// has, so it does not read and parse a file of a 1,000-case run again (tens of ms of its main thread). Any
// other write (the CLI's, an edit, a later run) changes the length or the CRC (CRC-32 catches every change of
// up to 32 bits and any burst of them; it is a check against our own write, not against tampering: nothing
// is trusted because of it, the file's contents are what the worker already read as the run).
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { chunksOfOpenFile } from './file-chunks.js';

export interface SavedDigest {
  /** Bytes. */
  length: number;
  /** CRC-32 (IEEE, as zlib and gzip compute it) of the bytes, unsigned. */
  crc32: number;
}

/** The digest of no bytes: where a digest taken chunk by chunk (extendDigest) starts. */
export const EMPTY_DIGEST: SavedDigest = Object.freeze({ length: 0, crc32: 0 });

let table: Uint32Array | undefined;

/**
 * CRC-32 in JavaScript, for a Node without zlib.crc32 (before 20.15 / 22.2). `value` is the CRC of the bytes
 * before these, as zlib.crc32 takes it, so a file can be checked a chunk at a time:
 * crc32Table(b, crc32Table(a)) is crc32Table of a and b together.
 */
export function crc32Table(bytes: Uint8Array, value = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  // A finished CRC is the register inverted: invert it back to go on from where it stopped.
  let crc = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `bytes`, going on from `value`, the CRC of the bytes before them (0: none). */
export function crc32(bytes: Uint8Array, value = 0): number {
  return nativeCrc32 ? nativeCrc32(bytes, value) >>> 0 : crc32Table(bytes, value);
}

export function digestOf(bytes: Uint8Array): SavedDigest {
  return { length: bytes.length, crc32: crc32(bytes) };
}

/** The digest of the bytes `digest` was taken of followed by `bytes`: a file's digest taken as it is written or read. */
export function extendDigest(digest: SavedDigest, bytes: Uint8Array): SavedDigest {
  return { length: digest.length + bytes.length, crc32: crc32(bytes, digest.crc32) };
}

// CRC-32 of two pieces joined, from the pieces' CRCs and the second's length: zlib's crc32_combine (crc32.c,
// zlib 1.2.12+), which Node does not expose. A results file whose cases were written before its header
// (results-file-write.ts) gets its digest this way instead of being read back. The CRC register is a
// polynomial over GF(2) (bit 31 is x^0: zlib's reflected order); appending n zero bytes multiplies it by
// x^(8n) modulo the CRC polynomial, and the CRC of the joined pieces is crc(A)·x^(8·|B|) + crc(B).
const POLY = 0xedb88320;

/** a(x)·b(x) modulo the CRC polynomial (reflected; a not zero), as zlib's multmodp. */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) modulo the CRC polynomial for k = 0..31 (zlib's x2n_table). */
const x2nTable: number[] = [0x40000000]; // x^1
for (let k = 1; k < 32; k++) x2nTable.push(multModP(x2nTable[k - 1]!, x2nTable[k - 1]!));

/** x^(n·2^k) modulo the CRC polynomial, as zlib's x2nmodp; n may be any safe integer (a length in bytes). */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000; // x^0
  for (; n > 0; n = Math.floor(n / 2), k++) if (n % 2 === 1) p = multModP(x2nTable[k & 31]!, p);
  return p;
}

/** The digest of the bytes `first` was taken of followed by those `second` was taken of. */
export function joinDigests(first: SavedDigest, second: SavedDigest): SavedDigest {
  const crc = second.length === 0 ? first.crc32 : (multModP(x2nModP(second.length, 3), first.crc32) ^ second.crc32) >>> 0;
  return { length: first.length + second.length, crc32: crc };
}

/** The digest of a just-opened file's bytes, read a megabyte at a time into one buffer (file-chunks.ts). */
async function digestOfOpenFile(handle: FileHandle): Promise<SavedDigest> {
  let digest = EMPTY_DIGEST;
  for await (const chunk of chunksOfOpenFile(handle)) digest = extendDigest(digest, chunk);
  return digest;
}

/** The digest of the file at `path` as it is now, read a chunk at a time. */
export async function digestOfFile(path: string): Promise<SavedDigest> {
  const handle = await fsp.open(path, 'r');
  try {
    return await digestOfOpenFile(handle);
  } finally {
    await handle.close();
  }
}

/**
 * Whether the file at `path` has this digest now: its size first (a stat, no read), then its CRC, read a chunk
 * at a time (the file of a 100,000-case run is 113 MB: the extension host never holds it whole just to check
 * it). Any failure to read it (gone, a folder) is "no": the caller then reads the file as it would have.
 */
export async function fileHasDigest(path: string, digest: SavedDigest): Promise<boolean> {
  let handle: FileHandle | undefined;
  try {
    handle = await fsp.open(path, 'r');
    // The size of the file about to be read (the name may be renamed over meanwhile): another run's file, or
    // an edit, almost always has another, and then nothing is read.
    const info = await handle.stat();
    if (!info.isFile() || info.size !== digest.length) return false;
    // The length again: the file may have grown or shrunk since the stat (not by aispec, which never writes
    // a results file in place).
    const now = await digestOfOpenFile(handle);
    return now.length === digest.length && now.crc32 === digest.crc32;
  } catch {
    return false;
  } finally {
    // A failure to close is no reason to say otherwise about the bytes, nor to reject: callers take "no" or "yes".
    await handle?.close().catch(() => undefined);
  }
}
