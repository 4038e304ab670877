// The text of a file a parsed spec was read from: the spec itself, or an external case file it loaded. Every
// range, diagnostic and fix of a check points into one of these by path; this is the one way to get it back.
import type { ParsedSpec } from './types.js';

/** The text `file` had when `spec` was loaded; undefined for a file the spec did not read. */
export function textOfFile(spec: ParsedSpec, file: string): string | undefined {
  return file === spec.file ? spec.text : spec.files.get(file);
}
