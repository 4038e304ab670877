// Input guards shared by the metrics. A metric fed a malformed count or a NaN score would otherwise return a
// plausible-looking number; failing loudly is the only honest option for a library that reports numbers.

/** Throws unless `value` is an integer ≥ 0 (a count of cases). */
export function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number. */
export function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  }
}

/** Throws unless every entry of `values` is a finite number (the message names the first bad index). */
export function assertAllFinite(name: string, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) assertFinite(`${name}[${i}]`, values[i] as number);
  }
}

/** Throws unless two parallel arrays (one entry per case) have the same length. */
export function assertSameLength(aName: string, a: readonly unknown[], bName: string, b: readonly unknown[]): void {
  if (a.length !== b.length) {
    throw new RangeError(`${aName} has ${a.length} entries but ${bName} has ${b.length}; they must be parallel`);
  }
}
