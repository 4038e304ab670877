// A short fingerprint of a saved results file: its length and CRC-32. The editor's run worker takes it of the
// latest.json it just wrote and sends it with the results; when the runs-folder watcher then reports that file,
// the extension host compares the file on disk with it and, when both match, knows it holds the run it already
// has, so it does not read and parse a file of a 1,000-case run again (tens of ms of its main thread). Any
// other write (the CLI's, an edit, a later run) changes the length or the CRC (CRC-32 catches every change of
// up to 32 bits and any burst of them; it is a check against our own write, not against tampering: nothing
// is trusted because of it, the file's contents are what the worker already read as the run).
import { readFile, stat } from 'node:fs/promises';
import * as zlib from 'node:zlib';

export interface SavedDigest {
  /** Bytes. */
  length: number;
  /** CRC-32 (IEEE, as zlib and gzip compute it) of the bytes, unsigned. */
  crc32: number;
}

let table: Uint32Array | undefined;

/** CRC-32 in JavaScript, for a Node without zlib.crc32 (before 20.15 / 22.2). */
export function crc32Table(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export function crc32(bytes: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(bytes) >>> 0 : crc32Table(bytes);
}

export function digestOf(bytes: Uint8Array): SavedDigest {
  return { length: bytes.length, crc32: crc32(bytes) };
}

export async function digestOfFile(path: string): Promise<SavedDigest> {
  return digestOf(await readFile(path));
}

/**
 * Whether the file at `path` has this digest now: its size first (a stat, no read), then its CRC. Any failure
 * to read it (gone, a folder) is "no": the caller then reads the file as it would have.
 */
export async function fileHasDigest(path: string, digest: SavedDigest): Promise<boolean> {
  try {
    if ((await stat(path)).size !== digest.length) return false;
    const bytes = await readFile(path);
    return bytes.length === digest.length && crc32(bytes) === digest.crc32;
  } catch {
    return false;
  }
}
