// A small seeded pseudo-random generator for the metrics that resample (the bootstrap). Math.random cannot
// be seeded, and an interval that moved from run to run would make a gate flip on an unchanged sample.

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state advanced by the Weyl constant 0x6D2B79F5 and
 * mixed to one 32-bit output. Returns a function giving floats in [0, 1), each an integer / 2³²; the same
 * seed gives the same sequence on every machine (only 32-bit integer arithmetic is involved).
 */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
