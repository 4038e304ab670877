// One copy of strings that repeat across many cases. Grading writes the same reason for most cases ("no match
// for /\d+\s?mg/i", "rule "refuse" matched ...") as a new string each time, and a run keeps every case's: at a
// million cases those copies are over a hundred megabytes. A pool hands back the first copy of each. It stops
// taking new strings at `limit` distinct ones, so reasons that never repeat (quoting each output) cost little.
export type StringPool = <T extends string>(text: T) => T;

export function createStringPool(limit = 10_000): StringPool {
  const pool = new Map<string, string>();
  return <T extends string>(text: T): T => {
    const known = pool.get(text);
    if (known !== undefined) return known as T;
    if (pool.size < limit) pool.set(text, text);
    return text;
  };
}
