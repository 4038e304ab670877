// A spec regex is written in JavaScript syntax and runs on RE2, which matches in linear time. This file
// rewrites the JavaScript pattern into RE2 syntax with the same meaning, and refuses, with advice, what RE2
// cannot run (backreferences, lookaround) or would read differently (escapes of letters JavaScript gives no
// meaning to, such as `\Z`). It is a scanner over the pattern, not a parser: JavaScript has already checked
// the syntax (see spec-regex.ts), so only escapes, groups, classes, `.` and quantifier suffixes need a look.
//
// Rewritten so the meaning stays JavaScript's (RE2 reads each differently):
// - `\s` / `\S`: JavaScript's whitespace includes \v, NBSP, U+2028 and the other Unicode spaces; RE2's is
//   ASCII only. Both become explicit code point sets.
// - `.` (without `s`): JavaScript stops at \n, \r, U+2028 and U+2029; RE2 only at \n.
// - `[^]` (any character) and `[]` (nothing): RE2 would read the `]` as a literal.
// - `[` inside a class: a literal in JavaScript, the start of `[:alpha:]` in RE2.
// - `\uXXXX` (surrogate pairs joined), `\u{X}`, `\cX`, `\b` in a class (backspace): RE2 spells them `\x{..}`.
// - `\p{Script=Greek}`, `\p{gc=Lu}` and long category names (`\p{Letter}`): RE2 knows the short forms only.
// Patterns are read as with JavaScript's `u` flag: `\u{..}` and `\p{..}` always mean a code point and a
// Unicode property, and a match never splits a surrogate pair.

export type Re2Source = { ok: true; source: string } | { ok: false; error: string };

/** JavaScript's `\s`: WhiteSpace and LineTerminator (ECMA-262), as RE2 class members. */
const JS_SPACE = '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
/** Everything outside JS_SPACE, as ranges, so `\S` also works inside a class (RE2 cannot nest a negation). */
const JS_NON_SPACE =
  '\\x{0}-\\x{8}\\x{E}-\\x{1F}\\x{21}-\\x{9F}\\x{A1}-\\x{167F}\\x{1681}-\\x{1FFF}\\x{200B}-\\x{2027}\\x{202A}-\\x{202E}\\x{2030}-\\x{205E}\\x{2060}-\\x{2FFF}\\x{3001}-\\x{FEFE}\\x{FF00}-\\x{10FFFF}';
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';
const ANY = '[\\x{0}-\\x{10FFFF}]';
const NOTHING = '[^\\x{0}-\\x{10FFFF}]';

/** Escapes that mean the same in both engines (classes, boundaries, control characters). */
const SAME_LETTER_ESCAPES = new Set(['d', 'D', 'w', 'W', 'b', 'B', 't', 'n', 'r', 'f', 'v']);

/** Long names of general categories JavaScript accepts, as RE2's short ones. */
const CATEGORY_NAMES: Record<string, string> = {
  Letter: 'L', Cased_Letter: 'LC', Uppercase_Letter: 'Lu', Lowercase_Letter: 'Ll', Titlecase_Letter: 'Lt', Modifier_Letter: 'Lm', Other_Letter: 'Lo',
  Mark: 'M', Nonspacing_Mark: 'Mn', Spacing_Mark: 'Mc', Enclosing_Mark: 'Me',
  Number: 'N', Decimal_Number: 'Nd', digit: 'Nd', Letter_Number: 'Nl', Other_Number: 'No',
  Punctuation: 'P', punct: 'P', Connector_Punctuation: 'Pc', Dash_Punctuation: 'Pd', Open_Punctuation: 'Ps', Close_Punctuation: 'Pe', Initial_Punctuation: 'Pi', Final_Punctuation: 'Pf', Other_Punctuation: 'Po',
  Symbol: 'S', Math_Symbol: 'Sm', Currency_Symbol: 'Sc', Modifier_Symbol: 'Sk', Other_Symbol: 'So',
  Separator: 'Z', Space_Separator: 'Zs', Line_Separator: 'Zl', Paragraph_Separator: 'Zp',
  Other: 'C', Control: 'Cc', cntrl: 'Cc', Format: 'Cf', Surrogate: 'Cs', Private_Use: 'Co', Unassigned: 'Cn',
};

export const ADVICE = {
  backreference: 'backreferences (`\\1`, `\\k<name>`) are not supported: list the alternatives instead, e.g. `(yes|no) and (yes|no)` written as `yes and yes|no and no`',
  lookahead: 'lookahead (`(?=`, `(?!`) is not supported: match the text itself, or split into two checks: a `regex` and a `not-regex`',
  lookbehind: 'lookbehind (`(?<=`, `(?<!`) is not supported: match the text itself, or split into two checks: a `regex` and a `not-regex`',
  possessive: 'possessive quantifiers and atomic groups (`a++`, `(?>`) are not supported, and not needed: this engine never backtracks, so write `a+` or `(?:`',
  repeat: 'repeat counts above 1000 are not supported: use a smaller bound, or `*` / `+`',
} as const;

/** The RE2 form of a JavaScript pattern (already valid JavaScript), or why it cannot run on RE2. */
export function toRe2Syntax(pattern: string, dotAll: boolean): Re2Source {
  let out = '';
  let i = 0;
  const n = pattern.length;
  const refuse = (error: string): Re2Source => ({ ok: false, error });
  while (i < n) {
    const c = pattern[i]!;
    if (c === '\\') {
      const escape = readEscape(pattern, i, false);
      if ('error' in escape) return refuse(escape.error);
      out += escape.re2;
      i = escape.end;
    } else if (c === '[') {
      const cls = readClass(pattern, i);
      if ('error' in cls) return refuse(cls.error);
      out += cls.re2;
      i = cls.end;
    } else if (c === '(') {
      if (pattern.startsWith('(?=', i) || pattern.startsWith('(?!', i)) return refuse(ADVICE.lookahead);
      if (pattern.startsWith('(?<=', i) || pattern.startsWith('(?<!', i)) return refuse(ADVICE.lookbehind);
      if (pattern.startsWith('(?>', i)) return refuse(ADVICE.possessive);
      out += c;
      i++;
    } else if (c === '.') {
      out += dotAll ? '.' : JS_DOT;
      i++;
    } else if ((c === '*' || c === '+' || c === '?') && pattern[i + 1] === '+') {
      // A possessive quantifier is already a syntax error in JavaScript; this names it for the author.
      return refuse(ADVICE.possessive);
    } else {
      out += c;
      i++;
    }
  }
  return { ok: true, source: out };
}

type Piece = { re2: string; end: number } | { error: string };

/** The escape starting at `pattern[at]` (a backslash), in RE2 syntax; `inClass` changes `\b`, `\s`, `\S`. */
function readEscape(pattern: string, at: number, inClass: boolean): Piece {
  const c = pattern[at + 1] ?? '';
  const end = at + 2;
  if (/[1-9]/.test(c)) return { error: ADVICE.backreference };
  if (c === 'k' && pattern[end] === '<') return { error: ADVICE.backreference };
  if (c === 's') return { re2: inClass ? JS_SPACE : `[${JS_SPACE}]`, end };
  if (c === 'S') return { re2: inClass ? JS_NON_SPACE : `[${JS_NON_SPACE}]`, end };
  if (c === 'b' && inClass) return { re2: '\\x{8}', end };
  if (c === '0' && !/[0-9]/.test(pattern[end] ?? '')) return { re2: '\\x{0}', end };
  if (c === 'c' && /[A-Za-z]/.test(pattern[end] ?? '')) return { re2: codePoint(pattern.charCodeAt(end) % 32), end: end + 1 };
  if (c === 'x' && /^[0-9A-Fa-f]{2}$/.test(pattern.slice(end, end + 2))) return { re2: codePoint(parseInt(pattern.slice(end, end + 2), 16)), end: end + 2 };
  if (c === 'u') return readUnicodeEscape(pattern, at);
  if (c === 'p' || c === 'P') {
    const close = pattern.indexOf('}', end);
    if (pattern[end] !== '{' || close < 0) return { error: `\\${c} needs a property in braces, e.g. \\${c}{L} (letters) or \\${c}{Greek}` };
    return { re2: `\\${c}{${re2Property(pattern.slice(end + 1, close))}}`, end: close + 1 };
  }
  if (SAME_LETTER_ESCAPES.has(c)) return { re2: `\\${c}`, end };
  if (/[A-Za-z0-9]/.test(c)) {
    return { error: `\`\\${c}\` has no meaning in a JavaScript regex (it would match a plain "${c}"): write \`${c}\` for the letter${c === 'Z' || c === 'z' ? ', or `$` for the end of the text' : c === 'A' ? ', or `^` for the start of the text' : ''}` };
  }
  // Escaped punctuation is a literal in both engines; another escaped character is itself.
  if (c.charCodeAt(0) < 0x80) return { re2: `\\${c}`, end };
  const wide = pattern.codePointAt(at + 1)!;
  return { re2: String.fromCodePoint(wide), end: at + 1 + (wide > 0xffff ? 2 : 1) };
}

/** `\uXXXX` (a surrogate pair written as two escapes is one code point) or `\u{X...}`. */
function readUnicodeEscape(pattern: string, at: number): Piece {
  const braced = /^\\u\{([0-9A-Fa-f]+)\}/.exec(pattern.slice(at));
  if (braced) return { re2: codePoint(parseInt(braced[1]!, 16)), end: at + braced[0].length };
  const pair = /^\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})/i.exec(pattern.slice(at));
  if (pair) {
    const high = parseInt(pair[1]!, 16);
    const low = parseInt(pair[2]!, 16);
    return { re2: codePoint((high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000), end: at + 12 };
  }
  const four = /^\\u([0-9A-Fa-f]{4})/.exec(pattern.slice(at));
  if (four) return { re2: codePoint(parseInt(four[1]!, 16)), end: at + 6 };
  return { error: '`\\u` needs four hex digits or braces, e.g. `\\u00e9` or `\\u{1F600}`' };
}

/** The character class starting at `pattern[at]`, in RE2 syntax. */
function readClass(pattern: string, at: number): Piece {
  let i = at + 1;
  const negated = pattern[i] === '^';
  if (negated) i++;
  // In JavaScript a `]` right after `[` or `[^` closes the class; in RE2 it would be a literal.
  if (pattern[i] === ']') return { re2: negated ? ANY : NOTHING, end: i + 1 };
  let out = negated ? '[^' : '[';
  while (i < pattern.length && pattern[i] !== ']') {
    const c = pattern[i]!;
    if (c === '\\') {
      const escape = readEscape(pattern, i, true);
      if ('error' in escape) return escape;
      out += escape.re2;
      i = escape.end;
    } else if (c === '[') {
      out += '\\[';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return { re2: `${out}]`, end: i + 1 };
}

function re2Property(name: string): string {
  const value = /^(?:Script|sc|General_Category|gc)=(.+)$/.exec(name)?.[1] ?? name;
  return CATEGORY_NAMES[value] ?? value;
}

function codePoint(value: number): string {
  return `\\x{${value.toString(16).toUpperCase()}}`;
}
