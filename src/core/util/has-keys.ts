// Whether an object has any enumerable key, without making the list of them (Object.keys(...).length made an
// array for every case of a run, or of a lint, to learn that `meta` or `vars` is empty).

export function hasKeys(value: object): boolean {
  for (const _ in value) return true;
  return false;
}
