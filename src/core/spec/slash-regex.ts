// A regular expression written between slashes (`/^(delete|send)_/i`), as detectors and `no-tool-called`
// take one: the pattern and its flags, or undefined when the text is not in that form.
const SLASHED = /^\/(.+)\/([a-z]*)$/s;

export function readSlashRegex(text: string): { pattern: string; flags: string } | undefined {
  const match = SLASHED.exec(text);
  return match ? { pattern: match[1]!, flags: match[2]! } : undefined;
}
