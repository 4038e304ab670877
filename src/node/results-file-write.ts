// Writes a results JSON file as a stream: the same text as JSON.stringify(results, null, 2) plus a newline,
// but a batch of cases at a time, so a run of a million cases never becomes one string (V8 caps a string at
// about 512 MB, and the string and its encoded copy would double the run's memory). The text goes to a temp
// file beside the target, is flushed to disk, then renamed over it: a reader never sees half a file and a
// crash never corrupts the last good one. The file's digest (length and CRC-32, saved-digest.ts) is taken of
// the bytes as they are written, so the editor's run worker need not read a file of up to ~113 MB back for it.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EMPTY_DIGEST, extendDigest, type SavedDigest } from './saved-digest.js';

/** Cases are stringified this many at a time: pieces of about a megabyte. */
const CASES_PER_PIECE = 1000;

/**
 * The items of `items` as they appear in JSON.stringify({[key]: items}, null, 2): each on its own lines,
 * indented as an item of a top-level array, separated by commas, without the brackets. Items written in
 * batches and joined with "," give the same text as the whole list.
 */
export function prettyItemsText(key: string, items: readonly unknown[]): string {
  const open = JSON.stringify({ [key]: [] }, null, 2).slice(2, -4); // '  "cases": '
  // '{\n  "cases": [' ... '\n  ]\n}': keep the items, indented as in the whole.
  return JSON.stringify({ [key]: items }, null, 2).slice(open.length + 3, -6);
}

/** A top-level array's items that are already text elsewhere (a case spill, case-spill.ts): how many, and their text. */
export interface SpilledItems {
  count: number;
  /** Their text in chunks; a chunk may be overwritten once the next is asked for, so use it before that. */
  chunks(): AsyncIterable<Uint8Array>;
}

/**
 * The text of JSON.stringify(value, null, 2) + "\n" for an object, in pieces: every top-level key is
 * stringified on its own, and the items of a top-level array under `streamedKey` a thousand at a time.
 * Each piece is JSON.stringify's own text of a one-key object with its braces cut off, so the indentation is
 * exactly what stringifying the whole would give, at native speed. With `spilled`, the items under
 * `streamedKey` are those (whatever the value holds there), given as they are.
 */
export function* prettyJsonPieces(value: object, streamedKey = 'cases', spilled?: SpilledItems): Generator<string | SpilledItems> {
  let separator = '';
  for (const [key, item] of Object.entries(value)) {
    const open = JSON.stringify({ [key]: [] }, null, 2).slice(2, -4); // '  "cases": '
    if (key === streamedKey && spilled && spilled.count > 0) {
      yield `${separator || '{'}\n${open}[`;
      yield spilled;
      yield '\n  ]';
    } else if (key === streamedKey && spilled) {
      yield `${separator || '{'}\n${open}[]`;
    } else if (key === streamedKey && Array.isArray(item) && item.length > CASES_PER_PIECE) {
      yield `${separator || '{'}\n${open}[`;
      for (let start = 0; start < item.length; start += CASES_PER_PIECE) {
        yield `${start === 0 ? '' : ','}${prettyItemsText(key, item.slice(start, start + CASES_PER_PIECE))}`;
      }
      yield '\n  ]';
    } else {
      const text = JSON.stringify({ [key]: item }, null, 2);
      if (text === '{}') continue; // JSON.stringify leaves out a key whose value is undefined
      yield `${separator || '{'}${text.slice(1, -2)}`; // '\n  "key": value', as in the whole
    }
    separator = ',';
  }
  yield separator ? '\n}\n' : '{}\n';
}

/** A temp file name beside `path`, unique to this write. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * The UTF-8 bytes of one string after another, each in the same buffer (grown when a string needs more):
 * the writer encodes a piece once, for the file and its CRC alike, and a fresh buffer a piece (about a
 * megabyte each) would stay outside V8's heap until a collection freed it (see case-spill.ts).
 */
function utf8Encoder(): (text: string) => Uint8Array {
  let buffer = Buffer.allocUnsafe(0);
  return (text) => {
    let written = buffer.write(text);
    // Buffer#write stops before a character that does not fit whole, and a character takes at most 4 bytes:
    // with more than 4 bytes left, all of `text` was written. Otherwise measure it and write it again.
    if (written > buffer.length - 4) {
      buffer = Buffer.allocUnsafe(Math.max(Buffer.byteLength(text) + 4, 2 * buffer.length));
      written = buffer.write(text);
    }
    return buffer.subarray(0, written);
  };
}

/**
 * Writes all of `bytes` at the file's position. One write(2) may take fewer bytes than it was given (a signal,
 * a quota reached mid-write): the rest is written after it, so the file never silently misses bytes that its
 * digest counted. A write that takes nothing at all throws rather than loop.
 */
export async function writeAll(handle: Pick<FileHandle, 'write'>, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw new Error(`writing the results file stopped after ${offset} of ${bytes.length} bytes`);
    offset += bytesWritten;
  }
}

/**
 * Writes `pieces` to `path` atomically (temp file, flushed, renamed); creates the folder. Returns the digest
 * of the bytes written: the file's, as long as nothing else writes `path`.
 */
export async function writePiecesAtomic(path: string, pieces: Iterable<string | SpilledItems>): Promise<SavedDigest> {
  await fsp.mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  const handle = await fsp.open(temp, 'w');
  const encode = utf8Encoder();
  let digest = EMPTY_DIGEST;
  try {
    try {
      for (const piece of pieces) {
        if (typeof piece === 'string') {
          const bytes = encode(piece);
          await writeAll(handle, bytes);
          digest = extendDigest(digest, bytes);
        } else {
          // The CRC is taken before the next chunk is asked for: that one may be read into the same buffer.
          for await (const chunk of piece.chunks()) {
            await writeAll(handle, chunk);
            digest = extendDigest(digest, chunk);
          }
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, path);
    return digest;
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
}

/**
 * Writes a results object (or any object with a large `cases` list) as pretty JSON, streamed and atomically;
 * with `spilled`, its cases are those (a run that kept none in memory). Returns the written file's digest.
 */
export function writeResultsFile(path: string, results: object, spilled?: SpilledItems): Promise<SavedDigest> {
  return writePiecesAtomic(path, prettyJsonPieces(results, 'cases', spilled));
}

/**
 * Copies the finished file `from` to `path` atomically and durably, as writeResultsFile writes: a temp file
 * beside `path`, flushed, renamed over it. For `--json` of a saved run: the same bytes again, without reading
 * the run's case spill a second time (case-spill.ts reads once).
 */
export async function copyFileAtomic(from: string, path: string): Promise<void> {
  await fsp.mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    await fsp.copyFile(from, temp);
    const handle = await fsp.open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, path);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
}

/**
 * Gives a finished file a second name, `path`, atomically: a hard link made beside it and renamed over it, so
 * its bytes are written once (a 100,000-case run wrote its 113 MB twice when latest.json was a copy). Where
 * the file system has no hard links or refuses this one (FAT, some network shares, a link count at its limit)
 * the file is copied instead (copyFileAtomic: flushed, then renamed). aispec never writes a results file in
 * place (every write is a new file renamed over the old name), so the two names cannot drift apart through it.
 * Says which was done. `makeLink` is for the tests, to make linking fail.
 */
export async function linkOrCopyFileAtomic(from: string, path: string, makeLink: (from: string, to: string) => Promise<void> = (from, to) => fsp.link(from, to)): Promise<'link' | 'copy'> {
  const temp = tempPathFor(path);
  try {
    await makeLink(from, temp);
  } catch {
    await fsp.rm(temp, { force: true });
    await copyFileAtomic(from, path);
    return 'copy';
  }
  try {
    await fsp.rename(temp, path);
    // fsp.rename() of two names of one file does nothing and leaves the temp name (POSIX), which happens only if
    // `path` already was a link to `from`: remove it then. Otherwise the temp name is gone and this is a no-op.
    await fsp.rm(temp, { force: true });
    return 'link';
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
}
