// Writes a results JSON file as a stream: the same text as JSON.stringify(results, null, 2) plus a newline
// (but for the cases of a file of ONE_LINE_CASES_MIN cases or more, each on one line as compact JSON, and the
// spaces after the cases list's `[` of a file finished in place, below), a batch of cases at a
// time, so a run of a million cases never becomes one string (V8 caps a string at about 512 MB, and the string
// and its encoded copy would double the run's memory). The text goes to a temp
// file beside the target, is flushed to disk, then renamed over it: a reader never sees half a file and a
// crash never corrupts the last good one. The file's digest (length and CRC-32, saved-digest.ts) is taken of
// the bytes as they are written, so the editor's run worker need not read a file of up to ~113 MB back for it.
//
// A results file finished in place: its cases were written while the run went on (case-spill.ts,
// openResultsFileSpill) into the temp file, after room for the header; the header is written over the room's
// start when the run ends, the rest of the room stays spaces, and the end goes after the cases. The file is
// then the same JSON value as JSON.stringify's text, with whitespace where that text has none, and its digest
// is the header's and the cases' joined (joinDigests), not read back. A header that does not fit the room
// gets the file written afresh, the cases copied from the spill.
import { fsync, promises as fsp, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { digestOf, EMPTY_DIGEST, extendDigest, joinDigests, type SavedDigest } from './saved-digest.js';
import { tempStem } from './temp-files.js';

/** Cases are stringified this many at a time: pieces of about a megabyte. */
const CASES_PER_PIECE = 1000;

/**
 * The items of `items` as they appear in JSON.stringify({[key]: items}, null, 2): each on its own lines,
 * indented as an item of a top-level array, separated by commas, without the brackets; with `continued`, after
 * the comma that separates them from items before them. Items written in batches this way give the same text
 * as the whole list.
 *
 * The text is a slice of JSON.stringify's, which V8 builds as a tree of parts and flattens into one copy when
 * it is sliced; a comma put in front with `,${text}` made a second copy when the result was written (110 MB of
 * garbage a 100,000-case run, a run's largest after the case results). With `continued`, a 0 stands before
 * the items and the slice starts at its comma.
 */
export function prettyItemsText(key: string, items: readonly unknown[], continued = false): string {
  const open = JSON.stringify({ [key]: [] }, null, 2).slice(2, -4); // '  "cases": '
  // '{\n  "cases": [' ... '\n  ]\n}': keep the items, indented as in the whole.
  if (!continued) return JSON.stringify({ [key]: items }, null, 2).slice(open.length + 3, -6);
  return JSON.stringify({ [key]: [0, ...items] }, null, 2).slice(open.length + 3 + FIRST_ITEM_ZERO.length, -6);
}

/** The text of a 0 as the first item of a top-level array, before its comma. */
const FIRST_ITEM_ZERO = '\n    0';

/** Results files of this many cases or more list each case on one line (lineItemsText). */
export const ONE_LINE_CASES_MIN = 10_000;

/** How a results file lays out its cases: indented as JSON.stringify(results, null, 2) has them, or one per line. */
export type ItemsLayout = 'indented' | 'one-per-line';

/**
 * The layout of a file of `count` cases. A large run is read by programs, not people, and JSON.stringify's
 * indentation is about 30% of its bytes (a million short cases: 1.13 GB indented, ~0.8 GB one per line); each
 * on a line of its own, the cases stay easy to grep and to diff.
 */
export function itemsLayoutFor(count: number): ItemsLayout {
  return count >= ONE_LINE_CASES_MIN ? 'one-per-line' : 'indented';
}

/**
 * The items of a top-level array under `key` one per line, each as compact JSON indented as an item of the
 * indented whole ('\n    {...}'), separated by commas, without the brackets; with `continued`, after the comma
 * that separates them from items before them. Batches of them join into one list, as prettyItemsText's do.
 */
export function lineItemsText(items: readonly unknown[], continued = false): string {
  let text = continued ? ',' : '';
  for (let i = 0; i < items.length; i++) text += `${i > 0 ? ',' : ''}\n    ${JSON.stringify(items[i]) ?? 'null'}`;
  return text;
}

/** The items' text in `layout` (prettyItemsText or lineItemsText). */
export function itemsText(layout: ItemsLayout, key: string, items: readonly unknown[], continued = false): string {
  return layout === 'one-per-line' ? lineItemsText(items, continued) : prettyItemsText(key, items, continued);
}

/** A top-level array's items that are already text elsewhere (a case spill, case-spill.ts): how many, and their text. */
export interface SpilledItems {
  count: number;
  /** Their text in chunks; a chunk may be overwritten once the next is asked for, so use it before that. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Where the items are already in a temp file, after room for what comes before them (no more are added once asked). */
  inPlace?(): ItemsInPlace | undefined;
}

/** Items written in a temp file, after `room` bytes for the text before them: a results file to finish there. */
export interface ItemsInPlace {
  /** The temp file, open for writing; `close` closes it (once). */
  fd: number;
  path: string;
  room: number;
  /** The digest of the items' bytes, from byte `room` on. */
  items: SavedDigest;
  close(): void;
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
      const layout = itemsLayoutFor(item.length);
      for (let start = 0; start < item.length; start += CASES_PER_PIECE) {
        yield itemsText(layout, key, item.slice(start, start + CASES_PER_PIECE), start > 0);
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
  return `${tempStem(dirname(path), basename(path))}.tmp`;
}

/**
 * The UTF-8 bytes of one string after another, each in the same buffer (grown when a string needs more):
 * the writer encodes a piece once, for the file and its CRC alike, and a fresh buffer a piece (about a
 * megabyte each) would stay outside V8's heap until a collection freed it (see case-spill.ts).
 */
export function utf8Encoder(): (text: string) => Uint8Array {
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
export async function writeResultsFile(path: string, results: object, spilled?: SpilledItems): Promise<SavedDigest> {
  const items = spilled && spilled.count > 0 ? spilled.inPlace?.() : undefined;
  if (!items || resolve(dirname(items.path)) !== resolve(dirname(path))) return writePiecesAtomic(path, prettyJsonPieces(results, 'cases', spilled));
  // The cases are in the spill: the other pieces are the header and the end, a few KB.
  const pieces = [...prettyJsonPieces(results, 'cases', spilled)];
  return (await finishInPlace(path, pieces, items)) ?? writePiecesAtomic(path, pieces);
}

const fsyncFd = promisify(fsync);

/**
 * Finishes the results file whose items are in place: the text before the spilled items over the start of the
 * room (padded with spaces to its end), the text after them after the items, flushed, renamed to `path`.
 * Undefined, with nothing written, when the text before the items does not fit the room.
 */
async function finishInPlace(path: string, pieces: ReadonlyArray<string | SpilledItems>, items: ItemsInPlace): Promise<SavedDigest | undefined> {
  const at = pieces.findIndex((piece) => typeof piece !== 'string');
  const head = Buffer.from(pieces.slice(0, at).join(''));
  if (at < 0 || head.length > items.room) return undefined;
  try {
    try {
      const room = Buffer.alloc(items.room, 0x20);
      head.copy(room);
      const tail = Buffer.from(pieces.slice(at + 1).join(''));
      writeBytesSync(items.fd, room, 0);
      writeBytesSync(items.fd, tail, items.room + items.items.length);
      await fsyncFd(items.fd);
      const digest = extendDigest(joinDigests(digestOf(room), items.items), tail);
      items.close();
      await fsp.rename(items.path, path);
      return digest;
    } finally {
      items.close();
    }
  } catch (error) {
    await fsp.rm(items.path, { force: true });
    throw error;
  }
}

/** Writes all of `bytes` at `position` (or the file's position when null), however many write(2) calls that takes. */
export function writeBytesSync(fd: number, bytes: Uint8Array, position: number | null = null, write: typeof writeSync = writeSync): void {
  for (let offset = 0; offset < bytes.length; ) {
    const more = write(fd, bytes, offset, bytes.length - offset, position === null ? null : position + offset);
    if (more <= 0) throw new Error(`writing ${position === null ? 'the case spill' : 'the results file'} stopped after ${offset} of ${bytes.length} bytes`);
    offset += more;
  }
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
