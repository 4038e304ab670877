// The digest a run records of the spec version it ran (`spec.digest` in results), so that `aispec review` and
// the editor's Compare with Base Branch assign a saved run to a version exactly, where the older fingerprint
// (run-matches-spec.ts) cannot see the prompt or a criterion's wording. It covers the spec's text and the text
// of every file the spec names (spec-side.ts: cases, human labels, prompts, recorded outputs and verdicts),
// read through the host: at run time from disk, at review time from a git revision, so both sides hash the same
// bytes. Line endings are normalised, so a checkout with CRLF matches the commit it came from.
// The pieces are hashed one after another, each framed by its name and length so no two versions can run
// together, and each file is let go before the next is read: a million cases are hundreds of MB of case and
// output files, which joined into one string would hold them all at once and pass V8's limit on a string.
import type { NewSha256, Sha256Hasher, SpecHost } from '../host.js';
import type { ParsedSpec } from '../spec/types.js';
import { filesNamedByFrontmatter, filesNamedBySpec } from './spec-side.js';

const DIGEST_VERSION = 2;

// A text without a CR is itself: replace() would copy it all the same (132 MB for a million cases' outputs).
const normalised = (text: string) => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);

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
    if (content !== null) updateInPieces(hash, content);
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

/** Text hashed at most this many characters at a time. */
const HASH_PIECE_CHARS = 1 << 20;

/**
 * Hashes `text` a megabyte at a time: the hasher encodes what it is given to UTF-8 in one buffer, which for a
 * case file of a million cases was another 130 MB at the moment the run starts, its peak. The bytes hashed are
 * the same: a piece never ends between the two halves of a surrogate pair (each half alone would be encoded
 * as U+FFFD).
 */
export function updateInPieces(hash: Sha256Hasher, text: string): void {
  if (text.length <= HASH_PIECE_CHARS) {
    hash.update(text);
    return;
  }
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + HASH_PIECE_CHARS);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    hash.update(text.slice(start, end));
    start = end;
  }
}
