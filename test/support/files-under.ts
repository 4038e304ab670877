import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file below `root` (none when it does not exist). Listed with their types rather than stat'ed one by
 * one: a running eval's atomic-write temp file can be renamed away between a listing and a stat.
 */
export function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(root, e.name)) : [join(root, e.name)]));
}
