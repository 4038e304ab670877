// Which item first had a given hash, for finding copies among up to a million items (a spec's case ids and
// inputs, recorded outputs' ids): two typed arrays (open addressing, linear probing), sized for the items when
// their number is known and doubled when full, where a Map grew by rehashing into ever larger tables of
// objects, each new to the processor's caches and, on this virtual machine, to the memory it handed out. The two
// duplicate-case lints took ~0.8 s of a million-case check's CPU with maps of a million keys (profile,
// 2026-12-04) against ~0.04 s at 100,000; the check of a million went 3.22 -> 2.48 s with this. A hash says
// only "maybe the same": the caller compares the items whose hashes are equal.

/** FNV-1a over UTF-16 code units, kept to 30 bits (a small integer to V8). */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const HASH_BITS = 0x3fffffff;

/** The FNV-1a hash of `text` (30 bits). */
export function hashText30(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash & HASH_BITS;
}

/** The running state of hashText30 over code units fed one at a time (for text normalised as it is read). */
export function hashStart(): number {
  return FNV_OFFSET;
}
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}
export function hashEnd(hash: number): number {
  return hash & HASH_BITS;
}

export class FirstByHash {
  #hashes: Int32Array;
  /** Index + 1 of the first item with the slot's hash; 0: an empty slot. */
  #firsts: Int32Array;
  #mask = 0;
  #shift = 0;
  /** Hashes held before the arrays double (half their slots). */
  #room = 0;
  #count = 0;

  /** Sized for `capacity` hashes (at most half the slots full); doubled, all hashes placed again, past that. */
  constructor(capacity: number) {
    let bits = 4;
    while (1 << bits < 2 * capacity) bits++;
    this.#hashes = new Int32Array(0);
    this.#firsts = new Int32Array(0);
    this.#size(bits);
  }

  /** The first item added with `hash`; or, when none was, -1, and `index` is now that first item. */
  firstOrAdd(hash: number, index: number): number {
    const slot = this.#slotOf(hash);
    const first = this.#firsts[slot]!;
    if (first !== 0) return first - 1;
    if (this.#count >= this.#room) {
      this.#grow();
      return this.firstOrAdd(hash, index);
    }
    this.#hashes[slot] = hash;
    this.#firsts[slot] = index + 1;
    this.#count++;
    return -1;
  }

  /** The first item added with `hash`, or -1. */
  firstOf(hash: number): number {
    return this.#firsts[this.#slotOf(hash)]! - 1;
  }

  /** The slot holding `hash`, or the empty one where it would go. */
  #slotOf(hash: number): number {
    // From the high bits of the hash times 2^32/φ (Fibonacci hashing): FNV's low bits are the same for texts
    // that differ only early on (a multiplication carries no bit downwards), and inputs often differ so.
    for (let slot = Math.imul(hash, 0x9e3779b1) >>> this.#shift; ; slot = (slot + 1) & this.#mask) {
      if (this.#firsts[slot] === 0 || this.#hashes[slot] === hash) return slot;
    }
  }

  #size(bits: number): void {
    this.#hashes = new Int32Array(1 << bits);
    this.#firsts = new Int32Array(1 << bits);
    this.#mask = (1 << bits) - 1;
    this.#shift = 32 - bits;
    this.#room = 1 << (bits - 1);
  }

  #grow(): void {
    const hashes = this.#hashes;
    const firsts = this.#firsts;
    this.#size(32 - this.#shift + 1); // twice the slots
    for (let slot = 0; slot < firsts.length; slot++) {
      if (firsts[slot] === 0) continue;
      const to = this.#slotOf(hashes[slot]!);
      this.#hashes[to] = hashes[slot]!;
      this.#firsts[to] = firsts[slot]!;
    }
  }
}

/**
 * Which item first had a given key, the keys found by their hashes (FirstByHash): an item whose hash an earlier
 * item has is compared by its key (`keyAt`, asked only then), and the rare keys that share a hash with another
 * key are kept in a map of their own. For the duplicate-case lints and the recorded target's ids.
 */
export class FirstByKey {
  readonly #byHash: FirstByHash;
  readonly #keyAt: (index: number) => string;
  /** Among keys whose hash an earlier key has, the first item of each. */
  #collided: Map<string, number> | undefined;

  constructor(capacity: number, keyAt: (index: number) => string) {
    this.#byHash = new FirstByHash(capacity);
    this.#keyAt = keyAt;
  }

  /** The first item added with the key of item `index` (whose key hashes to `hash`); or -1, and it is now that first. */
  firstOrAdd(hash: number, index: number): number {
    const first = this.#byHash.firstOrAdd(hash, index);
    if (first < 0) return -1;
    const key = this.#keyAt(index);
    const firstKey = this.#keyAt(first);
    if (firstKey === key) return first;
    // Another key with this hash: both are found through the map from now on.
    this.#collided ??= new Map();
    if (!this.#collided.has(firstKey)) this.#collided.set(firstKey, first);
    const earlier = this.#collided.get(key);
    if (earlier !== undefined) return earlier;
    this.#collided.set(key, index);
    return -1;
  }

  /** The first item added with `key` (which hashes to `hash`), or -1. */
  indexOf(hash: number, key: string): number {
    const first = this.#byHash.firstOf(hash);
    if (first < 0) return -1;
    return this.#keyAt(first) === key ? first : (this.#collided?.get(key) ?? -1);
  }
}
