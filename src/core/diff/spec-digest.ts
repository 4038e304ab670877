// The digest a run records of the spec version it ran (`spec.digest` in results), so that `aispec review` and
// the editor's Compare with Base Branch assign a saved run to a version exactly, where the older fingerprint
// (run-matches-spec.ts) cannot see the prompt or a criterion's wording. It covers the spec's text and the text
// of every file the spec names (spec-side.ts: cases, human labels, prompts, recorded outputs and verdicts),
// read through the host: at run time from disk, at review time from a git revision, so both sides hash the same
// bytes. Line endings are normalised, so a checkout with CRLF matches the commit it came from.
// The pieces are hashed one after another, each framed by its name and length so no two versions can run
// together, and each file is let go before the next is read: a million cases are hundreds of MB of case and
// output files, which joined into one string would hold them all at once and pass V8's limit on a string.
import type { NewSha256, SpecHost } from '../host.js';
import type { ParsedSpec } from '../spec/types.js';
import { filesNamedByFrontmatter, filesNamedBySpec } from './spec-side.js';

const DIGEST_VERSION = 2;

const normalised = (text: string) => text.replace(/\r\n?/g, '\n');

/**
 * `sha256-…` (base64) of the spec's text and its named files; a named file that cannot be read counts as absent.
 * `parsed`, the spec as parsed from this very text, gives the files it names without parsing it again: a run
 * has just parsed it, and parsing a spec with thousands of inline cases twice before the first request is
 * time the run waits for.
 */
export async function specDigest(text: string, file: string, host: SpecHost, newSha256: NewSha256, parsed?: ParsedSpec): Promise<string> {
  const hash = newSha256();
  const piece = (name: string, content: string | null) => {
    hash.update(`${JSON.stringify(name)} ${content === null ? 'absent' : content.length}\n`);
    if (content !== null) hash.update(content);
  };
  hash.update(`aispec spec digest ${DIGEST_VERSION}\n`);
  piece('', normalised(text));
  const named = parsed && parsed.text === text && parsed.file === file ? filesNamedByFrontmatter(parsed.frontmatter?.data) : filesNamedBySpec(text, file);
  for (const name of [...new Set(named)].sort()) {
    let content: string | null;
    try {
      content = normalised(await host.readFile(host.resolve(file, name), file));
    } catch {
      content = null;
    }
    piece(name, content);
  }
  return `sha256-${hash.digestBase64()}`;
}
