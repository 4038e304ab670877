// A run's case results on disk as they are graded, instead of in memory: each case is written, in spec order,
// as the very text it takes in the results file (indented, or one a line from 10,000 cases on: itemsLayoutFor), so the
// results file is its header, this file's bytes and its end: no case is parsed or stringified twice, and a run
// of a million cases holds a batch of them at most. The files are fresh names in the folder given and are
// removed after.
//
// Two kinds:
// - In place (openResultsFileSpill): the cases go straight into what becomes the results file, after room left
//   for its header, which is written over that room when the run ends (results-file-write.ts); the cases are
//   written once. For a saved run of many cases: a million cases' 1.13 GB was written, then copied into the
//   results file, and the copy took 2.4-2.8 s of a 14-18 s run (2026-12-04). Where the header outgrows the room
//   (many anti-pattern hits listed in it), the cases are copied from this file after all, as below.
// - Apart (openCaseSpill): a series of files of SEGMENT_BYTES each, private to the run (0600), read back in
//   chunks when the results are written and each deleted as soon as it has been read: the results file written
//   from them then takes the memory the page cache just gave back, instead of as much again. On this virtual
//   machine, copying a million cases' 1.13 GB from one spill file took 4.5-5.9 s, from segments deleted as they
//   were copied 1.0-1.5 s (the same bytes, flushed, alternating). For runs not saved (--json only) and merges
//   written elsewhere.
// Either can be read once; a second read is an error, never an empty list.
import { closeSync, mkdirSync, openSync, promises as fsp, rmSync, writeSync } from 'node:fs';
import type { CaseResult } from '../shared/results.js';
import { chunksOfOpenFile } from './file-chunks.js';
import { itemsLayoutFor, itemsText, utf8Encoder, writeBytesSync, type ItemsInPlace, type ItemsLayout, type SpilledItems } from './results-file-write.js';
import { EMPTY_DIGEST, extendDigest } from './saved-digest.js';
import { tempStem } from './temp-files.js';

/**
 * Cases stringified together, about 110 KB of text for short cases: a batch is garbage as soon as it is
 * written, and text below V8's large-object size (128 KB) dies young instead of going to the old generation,
 * where it would raise the heap until the next full collection (a 1,000-case batch cost 50 MB of peak RSS at
 * 100,000 cases).
 */
const CASES_PER_BATCH = 100;

/** The size at which the spill goes on in a new file: small enough to be given back soon, large enough to be few. */
const SEGMENT_BYTES = 64 * 1024 * 1024;

/**
 * The room an in-place spill leaves for the results file's header (everything before the cases' items: the
 * spec, the run, the summary, the rates by tag and criterion, the confusion matrix, ...): about 6 KB for the
 * scale bench's spec, some tens of KB for a spec with many tags, labels and criteria. What the header does not
 * fill is spaces (JSON whitespace) after the cases list's `[`.
 */
export const HEADER_ROOM_BYTES = 128 * 1024;

/** Runs of this many cases or more spill in place: a file of ~11 MB and more, where the room is ~1% of it. */
export const IN_PLACE_MIN_CASES = 10_000;

/**
 * The spill for `cases` cases whose results file will be in `folder`: in place from IN_PLACE_MIN_CASES on
 * (unless `inPlace` is false: a run not saved spills in the system's temp folder, apart from its --json file),
 * else apart; laid out as a results file of that many cases is (itemsLayoutFor).
 */
export function openSpill(folder: string, cases: number, inPlace = true): CaseSpill {
  const layout = itemsLayoutFor(cases);
  return inPlace && cases >= IN_PLACE_MIN_CASES ? openResultsFileSpill(folder, { layout }) : openCaseSpill(folder, { layout });
}

export interface CaseSpill extends SpilledItems {
  /** Adds the next case (in the order the results list them). */
  add(result: CaseResult): void;
  /** Cases added so far. */
  readonly count: number;
  /**
   * The items' text, in chunks, once every case is added (writes what is still buffered first). Each chunk is
   * valid until the next one is asked for: one buffer is read into again and again. Once only: each file is
   * deleted when it has been read.
   */
  chunks(): AsyncGenerator<Uint8Array>;
  /** Deletes the files; safe to call more than once. */
  remove(): Promise<void>;
}

/**
 * Writes all of `text` (UTF-8) at the file's position. The string goes to writeSync as it is (no buffer a
 * megabyte to collect later); in the rare case one write(2) takes only part of it, the rest is written from its
 * bytes, so the spill never silently misses cases. Exported for its test.
 */
export function writeTextSync(fd: number, text: string, write: typeof writeSync = writeSync): void {
  const taken = write(fd, text);
  const length = Buffer.byteLength(text);
  if (taken >= length) return;
  const bytes = Buffer.from(text);
  for (let offset = taken; offset < length; ) {
    const more = write(fd, bytes, offset, length - offset);
    if (more <= 0) throw new Error(`writing the case spill stopped after ${offset} of ${length} bytes`);
    offset += more;
  }
}

/** Where a spill's batches go: what differs between the two kinds. */
interface SpillFiles {
  /** Writes the text of the next batch of cases (`continued`: after earlier ones, from its comma). */
  write(batch: readonly CaseResult[], continued: boolean): void;
  /** Closes the file being written, if open; safe to call more than once. */
  close(): void;
  /** The items' text once written and closed, in chunks; deletes the files as they are read. */
  read(): AsyncGenerator<Uint8Array>;
  /** Deletes the files. */
  remove(): Promise<void>;
  /** For a spill in place, once its batches are written: the open file and what is in it. */
  inPlace?(): ItemsInPlace | undefined;
}

/**
 * The cases a hundred at a time into `files`, in the order they are added; read once. Batches are written
 * synchronously (about 110 KB each): the spill is fed from the runner's callback, which cannot wait, and a
 * write to the page cache takes well under a millisecond.
 */
function batchedSpill(files: SpillFiles): CaseSpill {
  let batch: CaseResult[] = [];
  let count = 0;
  let written = 0;
  let finished = false;
  let read = false;
  const flush = () => {
    if (batch.length === 0) return;
    files.write(batch, written > 0);
    written += batch.length;
    batch = [];
  };
  /** No case is added after this: what is batched is written. */
  const finish = () => {
    if (!finished) flush();
    finished = true;
  };
  return {
    add(result) {
      if (finished) throw new Error('the case spill is closed');
      batch.push(result);
      count++;
      if (batch.length >= CASES_PER_BATCH) flush();
    },
    get count() {
      return count;
    },
    ...(files.inPlace
      ? {
          inPlace: () => {
            finish();
            return read ? undefined : files.inPlace!();
          },
        }
      : {}),
    async *chunks() {
      if (read) throw new Error('the case spill was read already: its files are gone');
      read = true;
      finish();
      files.close();
      yield* files.read();
    },
    async remove() {
      batch = [];
      finished = true;
      files.close();
      await files.remove();
    },
  };
}

/** A file a spill writes: its descriptor until it is closed (once; closing again does nothing). */
class SpillFile {
  #fd: number | undefined;
  constructor(fd: number) {
    this.#fd = fd;
  }
  get fd(): number {
    if (this.#fd === undefined) throw new Error('the case spill is closed');
    return this.#fd;
  }
  get isOpen(): boolean {
    return this.#fd !== undefined;
  }
  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/**
 * A spill in place: a new temp file in `folder` (created), which is `room` bytes of spaces and then the cases'
 * items, written as they come; finished as the results file by writeResultsFile (results-file-write.ts), which
 * renames it into place. The file is made as a results file is (mode 0666 less the umask): it becomes one.
 */
export function openResultsFileSpill(folder: string, { room = HEADER_ROOM_BYTES, layout }: { room?: number; layout: ItemsLayout }): CaseSpill {
  mkdirSync(folder, { recursive: true });
  const path = `${tempStem(folder, 'cases')}.tmp`;
  const file = new SpillFile(openSync(path, 'wx'));
  try {
    writeBytesSync(file.fd, Buffer.alloc(room, 0x20));
  } catch (error) {
    file.close();
    rmSync(path, { force: true });
    throw error;
  }
  const encode = utf8Encoder();
  let digest = EMPTY_DIGEST;
  const close = () => file.close();
  return batchedSpill({
    write(batch, continued) {
      // Encoded once, into one reused buffer, for the file and its CRC alike.
      const bytes = encode(itemsText(layout, 'cases', batch, continued));
      writeBytesSync(file.fd, bytes);
      digest = extendDigest(digest, bytes);
    },
    close,
    async *read() {
      const handle = await fsp.open(path, 'r');
      try {
        yield* chunksOfOpenFile(handle, room);
      } finally {
        await handle.close();
        await fsp.rm(path, { force: true });
      }
    },
    remove: () => fsp.rm(path, { force: true }),
    inPlace: () => (file.isOpen ? { fd: file.fd, path, room, items: digest, close } : undefined),
  });
}

/** A new spill in `folder` (created), in files apart from the results file. `segmentBytes` is for the tests. */
export function openCaseSpill(folder: string, { segmentBytes = SEGMENT_BYTES, layout }: { segmentBytes?: number; layout: ItemsLayout }): CaseSpill {
  mkdirSync(folder, { recursive: true });
  const stem = tempStem(folder, 'cases');
  const segments: string[] = [];
  const openSegment = (): number => {
    const path = `${stem}.${segments.length}.tmp`;
    const fd = openSync(path, 'wx', 0o600);
    segments.push(path);
    return fd;
  };
  let file = new SpillFile(openSegment());
  let segmentWritten = 0;
  return batchedSpill({
    write(batch, continued) {
      if (segmentWritten >= segmentBytes) {
        file.close();
        file = new SpillFile(openSegment());
        segmentWritten = 0;
      }
      const text = itemsText(layout, 'cases', batch, continued);
      writeTextSync(file.fd, text);
      segmentWritten += text.length; // characters, not bytes: the size only needs to be about right
    },
    close: () => file.close(),
    async *read() {
      for (const path of segments) {
        const handle = await fsp.open(path, 'r');
        try {
          yield* chunksOfOpenFile(handle);
        } finally {
          await handle.close();
        }
        await fsp.rm(path, { force: true });
      }
    },
    async remove() {
      for (const path of segments) await fsp.rm(path, { force: true });
    },
  });
}
