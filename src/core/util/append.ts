// Appends one array to another in place. `target.push(...items)` passes every item as an argument and
// throws "Maximum call stack size exceeded" past ~100,000 of them, which a big case file reaches.
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
