// Incremental reading of a cases block, for a host that checks the same spec again and again as it is typed
// (the editor's check worker: a keystroke in a 10,000-case spec used to read all 10,000 cases again). The memo
// remembers, by each item's exact source text, what simple-yaml-list.ts read from it, so a check after an
// edit reads only the items the edit touched.
//
// Why reading item by item gives what reading the block gives: readSimpleYamlList goes line by line, and the
// only thing a line carries over to the next is the item it belongs to, which a line starting with "- " ends.
// Cut before every such line, each piece holds one item (with the blank lines after it), reads alone to the
// same value, and its span is the one the whole read gives, shifted by where the piece starts: the end of an
// item's span is where the next item's line starts, which is where its piece ends. A piece that is not of the
// simple shape makes the whole block not of it (the same line fails in both reads), so the caller then reads
// the block as before. Only the simple shape is read piece by piece: js-yaml's reading of a piece could
// depend on its neighbours (a multi-line scalar, a flow collection across lines).
//
// The values are shared between the checks that read the same piece: nothing changes a case's raw value after
// parsing (case-value.ts already shares its lists), and the memo is for one host's checks, whose results
// leave it as copies (the check worker posts plain data).
import { readSimpleYamlList, type SimpleYamlList } from './simple-yaml-list.js';

interface Piece {
  value: Record<string, unknown>;
  /** The item's span in its piece. */
  start: number;
  end: number;
}

export class YamlListMemo {
  /** Pieces by their text, each with the last generation that read it. */
  private readonly pieces = new Map<string, { piece: Piece | null; read: number }>();
  private generation = 0;
  /** Pieces read in the generation before this one. */
  private readBefore = 0;
  private readNow = 0;

  /**
   * Starts a new generation (parseSpec calls it once per spec text). Pieces no check read in the last two
   * are forgotten once they are as many as those read, so the memo holds about two checks' worth of pieces.
   */
  nextGeneration(): void {
    if (this.pieces.size > 2 * (this.readBefore + this.readNow) + 256) {
      for (const [text, entry] of this.pieces) if (entry.read < this.generation - 1) this.pieces.delete(text);
    }
    this.generation++;
    this.readBefore = this.readNow;
    this.readNow = 0;
  }

  /** Pieces remembered (for tests). */
  get size(): number {
    return this.pieces.size;
  }

  /** What readSimpleYamlList(source) returns, read piece by piece through the memo; undefined as it would be. */
  read(source: string): SimpleYamlList | undefined {
    const values: Array<Record<string, unknown>> = [];
    const spans: Array<[number, number]> = [];
    // The first piece runs to the second line that starts with "- " (it may begin with blank lines); each
    // other piece starts at such a line and runs to the next. `after` is where the piece's own "- " line
    // starts: the search for its end begins there.
    const first = source.startsWith('- ') ? 0 : source.indexOf('\n- ') + 1;
    let after = first === 0 && !source.startsWith('- ') ? source.length : first;
    let start = 0;
    while (start < source.length) {
      const next = source.indexOf('\n- ', after);
      const end = next < 0 ? source.length : next + 1;
      const piece = this.piece(source.slice(start, end));
      if (!piece) return undefined;
      values.push(piece.value);
      spans.push([start + piece.start, start + piece.end]);
      start = end;
      after = end;
    }
    return values.length > 0 ? { values, spans } : undefined;
  }

  private piece(text: string): Piece | null {
    this.readNow++;
    const entry = this.pieces.get(text);
    if (entry) {
      const { piece } = entry;
      // A piece read twice in one check (a copied case): a value of its own, as a fresh read gives each item.
      if (piece && entry.read === this.generation) return { ...piece, value: copyOf(piece.value) };
      entry.read = this.generation;
      return piece;
    }
    const read = readSimpleYamlList(text);
    // One item, or nothing to remember but that the piece is not of the simple shape.
    const piece = read && read.values.length === 1 ? { value: read.values[0]!, start: read.spans[0]![0], end: read.spans[0]![1] } : null;
    this.pieces.set(text, { piece, read: this.generation });
    return piece;
  }
}

/** A simple item's value (strings and lists of strings, see simple-yaml-list.ts), copied. */
function copyOf(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    copy[key] = Array.isArray(v) ? [...(v as unknown[])] : v;
  }
  return copy;
}
