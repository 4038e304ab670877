// A short, harmless quote of a file's text for an error message: a case or recorded-outputs file may hold
// anything (a secret, a terminal escape), so a message shows at most a few characters of the offending
// token, on one line, control characters and bidi controls turned into spaces.
import { oneLine } from '../util/one-line.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export const EXCERPT_MAX = 40;

export function excerpt(text: string, max = EXCERPT_MAX): string {
  return oneLine(text.replace(UNSAFE, ' '), max);
}
