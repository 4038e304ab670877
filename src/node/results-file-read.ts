// Reads a results JSON file as a stream of bytes: the top-level object is parsed without its `cases` list,
// and each case on its own, so a run of a million cases (a file past 1 GB) never becomes one string, which V8
// could not even hold. The scan checks the nesting depth as it goes (before anything recursive parses it), and
// a reader that needs only the summary skips the cases without parsing or keeping them: in a large file whose
// cases list is its last value, as aispec writes every results file, it does not even read them (see
// SKIP_CASES_MIN_BYTES). Every failure is an Error whose message is one short line saying why ("it is not
// JSON (...)").
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { jsonDepthExceeded, megabytes } from '../core/index.js';

export interface ResultsReadOptions {
  /** Largest file read, in bytes (checked before reading); default: no bound. */
  maxBytes?: number;
  /** Deepest nesting allowed (the top-level object is level 1). */
  maxDepth: number;
  /** false: the top-level `cases` list is scanned but neither parsed nor kept, and comes back empty. */
  cases?: boolean;
}

/** The parts of a results file besides its cases are small (a summary); this bounds a file that is not one. */
const MAX_HEAD_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;
/**
 * Without the cases, a file of at least this size whose cases list ends the file (after the list's `[`, its
 * last bytes are `]`, then `}`, with only whitespace between and after) is read up to that `[` and at its end,
 * and the list between is skipped unread: scanning the list of a million-case run took ~4.5 s of CPU, at every
 * `aispec check` of its spec (the gate-power lint reads the latest run's rates). The skipped part is not
 * checked to be JSON; a file whose cases are not its last value, but whose last value is a list too, would
 * lose the keys after the cases. aispec writes the cases last in every results file (runs and merges), and
 * the summary read this way only sizes gates, as information. Below this size the whole file is scanned.
 */
const SKIP_CASES_MIN_BYTES = 8 * 1024 * 1024;
/** How much of a file's end is read to see that the cases list ends it. */
const TAIL_BYTES = 4096;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/**
 * How JSON.stringify(…, null, 2) ends an object in a top-level list: a line break, four spaces and `}`. A raw
 * line break is never inside a JSON string, so in any file this is where some object ends; in an indented file
 * aispec wrote (fewer than 10,000 cases), it is where a case ends, which the scan then finds natively (see
 * caseEnd and ResultsScan's casesAhead).
 */
const PRETTY_CASE_END = Buffer.from('\n    }');
const LINE_BREAK = 0x0a;
/** What casesAhead gives back for a piece of text that is not one case it may take. */
const NOT_A_CASE = Symbol('not a case');
/** A top-level key longer than this (in bytes, escapes included) cannot be "cases". */
const MAX_KEY_BYTES = 64;

/** Reads the JSON file at `path`: the parsed value, whose top-level `cases` list was read one case at a time. */
export async function readResultsJson(path: string, options: ResultsReadOptions): Promise<unknown> {
  const handle = await fsp.open(path, 'r');
  // Without the cases nothing keeps a chunk past its feed (the head is copied), so one buffer serves the
  // whole file: a fresh megabyte per chunk lived outside V8's heap until a collection, and a 113 MB file
  // made 113 of them (the garbage collector ran more during a check for it). With the cases, each case's
  // bytes are kept as slices of the chunks they came in, so every chunk is its own (the head's too).
  const reused = options.cases === false ? Buffer.allocUnsafe(CHUNK_BYTES) : undefined;
  try {
    const size = await readableSize(handle, options);
    if (options.cases === false && size >= SKIP_CASES_MIN_BYTES) {
      const scan = new ResultsScan(options, true, true);
      await feedAll(handle, scan, reused, options);
      if (scan.casesStartAt !== undefined && (await casesListEndsFile(handle, scan.casesStartAt, size))) return scan.finishWithoutCases();
    }
    const scan = new ResultsScan(options, reused !== undefined);
    await feedAll(handle, scan, reused, options, 0);
    return scan.finish();
  } finally {
    await handle.close();
  }
}

/** The open file's size, once it is known to be a file within `maxBytes`. */
async function readableSize(handle: FileHandle, options: Pick<ResultsReadOptions, 'maxBytes'>): Promise<number> {
  const info = await handle.stat();
  if (!info.isFile()) throw new Error('it is not a file');
  if (options.maxBytes !== undefined && info.size > options.maxBytes) throw new Error(`it is ${megabytes(info.size)} MB; a saved run is read up to ${megabytes(options.maxBytes)} MB`);
  return info.size;
}

/** Feeds the file to the scan from `position` (default: where the handle is) to its end, or until the scan stops at the cases. */
async function feedAll(handle: FileHandle, scan: ResultsScan, reused: Buffer | undefined, options: ResultsReadOptions, position: number | null = null): Promise<void> {
  for (let at = position; ; ) {
    const chunk = reused ?? Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, at);
    if (bytesRead === 0) return;
    if (at !== null) at += bytesRead;
    scan.feed(chunk.subarray(0, bytesRead));
    if (options.maxBytes !== undefined && scan.bytes > options.maxBytes) throw new Error(`it grew past ${megabytes(options.maxBytes)} MB while being read`);
    if (scan.casesStartAt !== undefined) return;
  }
}

/**
 * The cases of the results file at `path` one at a time, in the file's order, each parsed as it is reached:
 * yields them and returns the rest of the file (its `cases` list empty). Holds a megabyte's cases at most, so
 * a host can merge shards of a million cases without holding them. Fails as readResultsJson does.
 */
export async function* resultsFileCases(path: string, options: Omit<ResultsReadOptions, 'cases'>): AsyncGenerator<unknown, unknown, undefined> {
  const handle = await fsp.open(path, 'r');
  let ready: unknown[] = [];
  const scan = new ResultsScan(options, false, false, (value) => ready.push(value));
  try {
    await readableSize(handle, options);
    for (;;) {
      // A chunk of its own each time: a case that spans chunks is kept as views of them until it ends.
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      scan.feed(chunk.subarray(0, bytesRead));
      if (options.maxBytes !== undefined && scan.bytes > options.maxBytes) throw new Error(`it grew past ${megabytes(options.maxBytes)} MB while being read`);
      const batch = ready;
      ready = [];
      yield* batch;
    }
    const rest = scan.finish();
    yield* ready;
    return rest;
  } finally {
    await handle.close();
  }
}

/** Whether the file's last bytes, all after `listStart`, are the end of a list and then of the top-level object: `]`, `}`, whitespace. */
async function casesListEndsFile(handle: FileHandle, listStart: number, size: number): Promise<boolean> {
  const from = Math.max(listStart, size - TAIL_BYTES);
  const tail = Buffer.alloc(size - from);
  const { bytesRead } = await handle.read(tail, 0, tail.length, from);
  return bytesRead === tail.length && /\][ \t\n\r]*\}[ \t\n\r]*$/.test(tail.toString('latin1'));
}

/** The state of one file's scan: where strings and nesting are, and the bytes of the head and of the case being read. */
class ResultsScan {
  bytes = 0;
  readonly #options: ResultsReadOptions;
  /** The chunks fed come in one buffer, read into again after each feed: what is kept of them is copied. */
  readonly #chunksReused: boolean;
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** The bytes of a string at depth 1 (a top-level key or value), or undefined when not collecting one. */
  #stringBytes: number[] | undefined;
  #lastString: number[] | undefined;
  #key: string | undefined;
  /** Inside the top-level `cases` list. */
  #inCases = false;
  #sawCases = false;
  #head: Buffer[] = [];
  #headBytes = 0;
  #element: Buffer[] = [];
  readonly #cases: unknown[] = [];
  #caseCount = 0;

  /** With `stopAtCases`: the byte just after the `[` that opens the top-level cases list, once the scan stopped there. */
  casesStartAt: number | undefined;
  readonly #stopAtCases: boolean;

  /** casesAhead met a case it could not take in the chunk being fed: it rests till the next chunk. */
  #aheadResting = false;

  /** Where each parsed case goes instead of the list finish() returns (resultsFileCases). */
  readonly #onCase: ((value: unknown) => void) | undefined;

  constructor(options: ResultsReadOptions, chunksReused: boolean, stopAtCases = false, onCase?: (value: unknown) => void) {
    this.#options = options;
    this.#chunksReused = chunksReused;
    this.#stopAtCases = stopAtCases;
    this.#onCase = onCase;
  }

  feed(chunk: Buffer): void {
    this.#aheadResting = false;
    const offset = this.bytes;
    this.bytes += chunk.length;
    // The scan's state in locals while the loop runs (a step per byte of a file past 100 MB), stored back at the end.
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    const maxDepth = this.#options.maxDepth;
    let from = 0; // where the bytes not yet handed to the head or the current case start in this chunk
    let caseStarts = false; // a case of the cases list begins at `from`
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (inString) {
        if (this.#stringBytes === undefined && !escaped) {
          // A string no key is read from (any below the top level: nearly every byte of the cases): jump to
          // the next quote with indexOf, which runs natively, instead of a step per byte. The quote ends the
          // string unless an odd run of backslashes comes just before it (each pair is one escaped backslash;
          // no other escape holds a backslash or a quote).
          const quote = chunk.indexOf(QUOTE, i);
          const end = quote < 0 ? chunk.length : quote;
          let backslashes = 0;
          while (end - backslashes > i && chunk[end - backslashes - 1] === BACKSLASH) backslashes++;
          if (quote < 0) {
            // The string goes on in the next chunk, escaping its first byte after an odd run.
            escaped = backslashes % 2 === 1;
            break;
          }
          if (backslashes % 2 === 0) {
            inString = false;
            this.#lastString = undefined;
          }
          i = quote; // an escaped quote is part of the string, which goes on after it
          continue;
        }
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          this.#lastString = this.#stringBytes;
          this.#stringBytes = undefined;
          continue;
        }
        if (this.#stringBytes && this.#stringBytes.length <= MAX_KEY_BYTES) this.#stringBytes.push(c);
        continue;
      }
      if (c <= 0x20) continue; // whitespace (the indentation is a quarter of a pretty file), or bytes JSON.parse refuses later
      if (c === QUOTE) {
        inString = true;
        this.#stringBytes = depth === 1 ? [] : undefined;
        this.#lastString = undefined;
      } else if (c === COLON) {
        if (depth === 1) this.#key = keyOf(this.#lastString);
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (++depth > maxDepth) throw new Error(`it nests deeper than ${maxDepth} levels (at byte ${offset + i})`);
        if (depth === 2 && c === OPEN_BRACKET && this.#key === 'cases') {
          if (this.#sawCases) throw new Error('it has two "cases" lists');
          this.#sawCases = true;
          this.#inCases = true;
          this.#addHead(chunk.subarray(from, i + 1));
          from = i + 1;
          if (this.#stopAtCases) {
            this.casesStartAt = offset + i + 1;
            this.#depth = depth;
            this.#inString = false;
            this.#escaped = false;
            return;
          }
          caseStarts = true;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.#inCases && depth === 2) {
          this.#endCase(chunk.subarray(from, i), true);
          this.#inCases = false;
          from = i;
        }
        if (--depth < 0) throw new Error(`it is not JSON (a closing bracket without an opening one at byte ${offset + i})`);
      } else if (c === COMMA) {
        if (this.#inCases && depth === 2) {
          this.#endCase(chunk.subarray(from, i), false);
          from = i + 1;
          caseStarts = true;
        } else if (depth === 1) this.#key = undefined;
      }
      if (caseStarts) {
        // A case begins at `from` (after the list's `[` or a `,`): the ones ahead that casesAhead can take.
        caseStarts = false;
        if (this.#options.cases === false) continue; // skipped cases are only counted, by the scan
        const ahead = this.#casesAhead(chunk, from);
        from = ahead.resume;
        if (ahead.closed) {
          this.#inCases = false;
          depth--;
        }
        i = ahead.closed ? ahead.resume : ahead.resume - 1; // past the list's `]`, or before the case not taken
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    if (this.#inCases) {
      if (this.#options.cases !== false) this.#element.push(chunk.subarray(from));
    } else this.#addHead(chunk.subarray(from));
  }

  #addHead(bytes: Buffer): void {
    this.#headBytes += bytes.length;
    if (this.#headBytes > MAX_HEAD_BYTES) throw new Error(`its parts besides the cases exceed ${megabytes(MAX_HEAD_BYTES)} MB`);
    // A copy only when the chunk's buffer is read into again (readResultsJson without the cases): a chunk of
    // its own is never written again, so a view of it is enough. The views keep their chunks until finish: the
    // head's bytes and at most two megabytes more (the head is what comes before and after the cases list).
    this.#head.push(this.#chunksReused ? Buffer.from(bytes) : bytes);
  }

  /** One item of the cases list ends (at a comma, or at the list's closing bracket when `last`). */
  #endCase(tail: Buffer, last: boolean): void {
    if (this.#options.cases === false) {
      this.#caseCount++;
      return;
    }
    const text = this.#element.length === 0 ? tail.toString('utf8') : Buffer.concat([...this.#element, tail]).toString('utf8');
    this.#element = [];
    if (text.trim() === '') {
      // `[]` is an empty list; an empty item anywhere else (`[,` or `,]`) is not JSON.
      if (last && this.#caseCount === 0) return;
      throw new Error(`it is not JSON (case ${this.#caseCount + 1} is empty)`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`it is not JSON (case ${this.#caseCount + 1}: ${firstLine(error)})`);
    }
    this.#emit(value);
  }

  #emit(value: unknown): void {
    if (this.#onCase) this.#onCase(value);
    else this.#cases.push(value);
    this.#caseCount++;
  }

  /**
   * The cases from `start` (where one begins) on, as far as this chunk holds them whole and each ends where a
   * case aispec wrote does (caseEnd): found with indexOf and parsed, instead of a step of the scan per byte,
   * which at a million cases took 5.9 s of the 14.6 s a read took (profile, 2026-12-03). A piece is taken only when it is
   * one JSON value (then it is the case that starts there: a value's end is fixed by its start), followed by
   * `,` or the list's `]` with only whitespace between, and nested within the bound (jsonDepthExceeded, the
   * spec parser's check, before JSON.parse). Anything else is left to the scan from that case on, which accepts and refuses
   * exactly what it did before, with the same message. `closed`: the list's `]` was reached, at `resume`.
   */
  #casesAhead(chunk: Buffer, start: number): { resume: number; closed: boolean } {
    // Once a chunk has a case this cannot take, the scan reads the rest of the chunk: in a file formatted
    // otherwise (compact, or indented differently), each case would search and parse ahead again, and the
    // cost would grow with the square of the cases in a chunk. So it is at most one search and one parse
    // ahead a chunk, wasted, on a file aispec did not write.
    if (this.#aheadResting) return { resume: start, closed: false };
    for (let at = start; ; ) {
      const after = caseEnd(chunk, at);
      let next = after;
      while (after >= 0 && next < chunk.length && isJsonSpace(chunk[next]!)) next++;
      const separator = after >= 0 ? chunk[next] : undefined;
      const value = separator === COMMA || separator === CLOSE_BRACKET ? this.#caseIn(chunk, at, after) : NOT_A_CASE;
      if (value === NOT_A_CASE) {
        this.#aheadResting = true;
        return { resume: at, closed: false };
      }
      this.#emit(value);
      if (separator === CLOSE_BRACKET) return { resume: next, closed: true };
      at = next + 1;
    }
  }

  /** The JSON value that is exactly the bytes from `from` to `to`, nested within the bound; else NOT_A_CASE. */
  #caseIn(chunk: Buffer, from: number, to: number): unknown {
    const text = chunk.toString('utf8', from, to);
    // The top-level object and the cases list are two levels; a case's own brackets count from the third.
    if (jsonDepthExceeded(text, this.#options.maxDepth - 2) >= 0) return NOT_A_CASE;
    try {
      return JSON.parse(text);
    } catch {
      return NOT_A_CASE;
    }
  }

  /** The head read up to the cases list's `[`, closed as if the list and the object ended there: the cases come back empty. */
  finishWithoutCases(): unknown {
    this.#head.push(Buffer.from(']}'));
    this.#depth = 0;
    return this.finish();
  }

  finish(): unknown {
    if (this.#inString || this.#depth !== 0) throw new Error('it is not JSON (it ends before its last value does)');
    let data: unknown;
    try {
      data = JSON.parse(Buffer.concat(this.#head).toString('utf8'));
    } catch (error) {
      throw new Error(`it is not JSON (${firstLine(error)})`);
    }
    if (this.#sawCases && typeof data === 'object' && data !== null && !Array.isArray(data)) (data as Record<string, unknown>).cases = this.#cases;
    return data;
  }
}

/**
 * Where the case that starts at `at` (after whitespace) ends, as aispec lays cases out (results-file-write.ts),
 * or -1: an object whose `{` ends its line is indented (JSON.stringify(…, null, 2)) and ends at the next line
 * break, four spaces and `}`; any other is one a line, and ends where its line does, before its comma (a raw
 * line break is never inside a JSON string). Only a guess: casesAhead takes the piece only when it is exactly
 * one JSON value followed by `,` or `]`.
 */
function caseEnd(chunk: Buffer, at: number): number {
  let brace = at;
  while (brace < chunk.length && isJsonSpace(chunk[brace]!)) brace++;
  if (chunk[brace] !== OPEN_BRACE || brace + 1 >= chunk.length) return -1;
  if (chunk[brace + 1] === LINE_BREAK) {
    const end = chunk.indexOf(PRETTY_CASE_END, brace);
    return end < 0 ? -1 : end + PRETTY_CASE_END.length;
  }
  const lineEnd = chunk.indexOf(LINE_BREAK, brace);
  if (lineEnd < 0) return -1;
  return chunk[lineEnd - 1] === COMMA ? lineEnd - 1 : lineEnd;
}

/** JSON's whitespace: space, tab, line feed, carriage return. */
function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** The text of a top-level key from its bytes (escapes decoded), or undefined for one too long to matter. */
function keyOf(bytes: number[] | undefined): string | undefined {
  if (!bytes || bytes.length > MAX_KEY_BYTES) return undefined;
  try {
    return JSON.parse(`"${Buffer.from(bytes).toString('utf8')}"`) as string;
  } catch {
    return undefined;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 120);
}
