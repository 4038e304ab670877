// The digest a run records of the spec version it ran (`spec.digest` in results), so that `aispec review` and
// the editor's Compare with Base Branch assign a saved run to a version exactly, where the older fingerprint
// (run-matches-spec.ts) cannot see the prompt or a criterion's wording. It covers the spec's text and the text
// of every file the spec names (its case file, the target's system_file, a recorded target's outputs), read
// through the host: at run time from disk, at review time from a git revision, so both sides hash the same
// bytes. Line endings are normalised, so a checkout with CRLF matches the commit it came from.
import type { SpecHost, Sha256Base64 } from '../host.js';
import { filesNamedBySpec } from './spec-side.js';

const DIGEST_VERSION = 1;

const normalised = (text: string) => text.replace(/\r\n?/g, '\n');

/** `sha256-…` (base64) of the spec's text and its named files; a named file that cannot be read counts as absent. */
export async function specDigest(text: string, file: string, host: SpecHost, sha256: Sha256Base64): Promise<string> {
  const files: Array<[string, string | null]> = [];
  for (const name of [...new Set(filesNamedBySpec(text, file))].sort()) {
    let content: string | null;
    try {
      content = normalised(await host.readFile(host.resolve(file, name), file));
    } catch {
      content = null;
    }
    files.push([name, content]);
  }
  return `sha256-${sha256(JSON.stringify({ v: DIGEST_VERSION, spec: normalised(text), files }))}`;
}
