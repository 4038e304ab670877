// Spec regexes are JavaScript regexes run on RE2: what they match must be what JavaScript matches, and what
// RE2 cannot run is refused with advice.
import assert from 'node:assert/strict';
import { RE2JS, RE2JSSyntaxException, RE2Set } from 're2js';
import { mulberry32 } from '../../../src/core/metrics/random.js';
import { compileSpecRegex, plainLiteral, specRegexEngine } from '../../../src/core/spec/spec-regex.js';

function first(pattern: string, flags: string, text: string): { text: string; index: number } | null {
  const compiled = compileSpecRegex(pattern, flags);
  if (!compiled.ok) assert.fail(compiled.error);
  return compiled.regex.firstMatch(text);
}

function refusal(pattern: string, flags = ''): string {
  const compiled = compileSpecRegex(pattern, flags);
  if (compiled.ok) assert.fail(`/${pattern}/${flags} compiled`);
  return compiled.error;
}

describe('spec regexes (RE2 with JavaScript meaning)', () => {
  it('match as JavaScript does on the cases where RE2 syntax differs', () => {
    const samples: Array<[string, string, string]> = [
      ['\\d+\\s?mg', 'i', 'take 5\u00a0MG now'], // JS \s includes NBSP
      ['a\\sb', '', 'a\u2028b'],
      ['a\\Sb', '', 'a\u00a0b'], // not a match: NBSP is whitespace
      ['[\\s\\S]+', '', 'x\ny'],
      ['a.b', '', 'a\rb'], // not a match: . stops at \r
      ['a.b', 's', 'a\rb'],
      ['[^]+', '', 'x\ny'],
      ['x[]', '', 'x'],
      ['\\u00e9+', '', 'café'],
      ['\\u{1F600}', 'u', 'smile 😀'],
      ['\\uD83D\\uDE00', '', 'smile 😀'],
      ['\\cJ', '', 'a\nb'],
      ['[\\b]', '', 'a\bb'],
      ['[[:alpha:]]+', '', 'b[:a]'],
      ['(?<year>\\d{4})-\\d\\d', '', 'on 2024-05'],
      ['\\p{Script=Greek}+', 'u', 'abc αβγ'],
      ['\\p{Lu}\\p{Letter}+', 'u', 'hello World'],
      ['^b$', 'm', 'a\nb\nc'],
      ['^b$', '', 'a\nb\nc'],
      ['\\bmg\\b', 'gd', '5 mg'],
      ['b', 'y', 'ab'],
      ['a', 'y', 'ab'],
      ['\\/path\\.', '', 'the /path.'],
      ['\\x41\\0?', '', 'A'],
    ];
    for (const [pattern, flags, text] of samples) {
      const js = new RegExp(pattern, flags.replace('y', '')).exec(text);
      const jsFirst = js && (!flags.includes('y') || js.index === 0) ? { text: js[0], index: js.index } : null;
      assert.deepEqual(first(pattern, flags, text), jsFirst, `/${pattern}/${flags} on ${JSON.stringify(text)}`);
    }
  });

  it('compiles a pattern once per flags: the same answer again, another for other flags, and a cache that stays bounded', () => {
    const a = compileSpecRegex('^REFUSE', '');
    assert.equal(compileSpecRegex('^REFUSE', ''), a, 'cached');
    const i = compileSpecRegex('^REFUSE', 'i');
    assert.notEqual(i, a);
    assert.ok(i.ok && i.regex.test('refuse now') && a.ok && !a.regex.test('refuse now'), 'the flags are part of the key');
    assert.notEqual(compileSpecRegex('x', 'm'), compileSpecRegex('x', ''));
    for (let n = 0; n < 1500; n++) compileSpecRegex(`p${n}`, '');
    const again = compileSpecRegex('p1499', '');
    assert.ok(again.ok && again.regex.test('p1499'), 'still right after the cache was emptied at its bound');
    assert.equal(compileSpecRegex('p1499', ''), again);
  });

  it('refuses backreferences, lookaround, possessive and atomic forms, saying what to write instead', () => {
    assert.match(refusal('(\\w+) \\1'), /^backreferences .* are not supported: list the alternatives instead/);
    assert.match(refusal('(?<w>a)\\k<w>'), /^backreferences/);
    assert.match(refusal('yes(?!, but)'), /^lookahead .* is not supported: match the text itself, or split into two checks: a `regex` and a `not-regex`/);
    assert.match(refusal('(?=a)a'), /^lookahead/);
    assert.match(refusal('(?<=Dr\\. )\\w+'), /^lookbehind/);
    assert.match(refusal('(?<!un)safe'), /^lookbehind/);
    assert.match(refusal('a++'), /^possessive quantifiers and atomic groups .* never backtracks/);
    assert.match(refusal('(?>a|b)'), /^possessive/);
    assert.match(refusal('[\\s\\S]{0,5000}'), /^repeat counts above 1000 are not supported/);
    assert.match(refusal('\\p{Script_Extensions=Latin}', 'u'), /unknown Unicode property/);
  });

  it('refuses escapes JavaScript gives no meaning to, which RE2 would read differently', () => {
    assert.match(refusal('end\\Z'), /^`\\Z` has no meaning in a JavaScript regex \(it would match a plain "Z"\): write `Z` for the letter, or `\$` for the end of the text/);
    assert.match(refusal('\\Astart'), /or `\^` for the start of the text/);
    assert.match(refusal('\\e'), /`\\e` has no meaning/);
  });

  it('keeps JavaScript syntax errors in JavaScript words, and flags it cannot honour', () => {
    assert.equal(refusal('(unclosed'), 'Invalid regular expression: /(unclosed/: Unterminated group');
    assert.equal(refusal('x', 'ii'), "Invalid flags supplied to RegExp constructor 'ii'");
    assert.match(refusal('x', 'v'), /^flag v .* is not supported: use u/);
  });

  it('is the engine ajv runs json-schema patterns on: a pattern it cannot run fails the schema, not the process', () => {
    assert.equal(specRegexEngine('^a+$', 'u').test('aaa'), true);
    assert.throws(() => specRegexEngine('(a)\\1', 'u'), /pattern "\(a\)\\1": backreferences/);
  });

  it('finds the first match of a catastrophic pattern without backtracking', () => {
    // JavaScript does not finish this in hours; the answer itself is the proof that nothing backtracked.
    assert.equal(first('(a+)+$', '', `${'a'.repeat(31)}!`), null);
    assert.deepEqual(first('(a+)+$', '', `${'a'.repeat(31)}`), { text: 'a'.repeat(31), index: 0 });
    assert.equal(first('^(\\w+\\s?)*$', '', `${'word '.repeat(30)}!`), null);
  });
});

// compileSpecRegex answers "can RE2 run it" with RE2's parser alone (RE2Set.add, without case folding) and
// builds the program on first use: the parser must refuse exactly what RE2JS.compile refuses, with the same
// error, for any flags.
describe('spec regexes: the parse-only answer', () => {
  const FLAGS = [0, RE2JS.CASE_INSENSITIVE, RE2JS.DOTALL, RE2JS.MULTILINE, RE2JS.CASE_INSENSITIVE | RE2JS.DOTALL | RE2JS.MULTILINE];
  const outcome = (run: () => unknown): string => {
    try {
      run();
      return 'ok';
    } catch (error) {
      return `${(error as Error).constructor.name}: ${(error as Error).message}`;
    }
  };
  // compileSpecRegex parses without CASE_INSENSITIVE (folding cases needs RE2's Unicode case tables, ~2 ms
  // of a cold check to decode, and refuses nothing): its answer must still be RE2JS.compile's with the flag.
  const same = (pattern: string) => {
    for (const flags of FLAGS) {
      const compiled = outcome(() => RE2JS.compile(pattern, flags));
      const parsed = outcome(() => new RE2Set(RE2Set.UNANCHORED, flags).add(pattern));
      assert.equal(parsed, compiled, `/${pattern}/ flags ${flags}`);
      // The same answer and the same kind of error (the pattern an error quotes carries the flags parsed with).
      const described = (run: () => unknown): string => {
        try {
          run();
          return 'ok';
        } catch (error) {
          return error instanceof RE2JSSyntaxException ? error.getDescription() : String(error);
        }
      };
      const unfolded = described(() => new RE2Set(RE2Set.UNANCHORED, flags & ~RE2JS.CASE_INSENSITIVE).add(pattern));
      assert.equal(unfolded, described(() => RE2JS.compile(pattern, flags)), `/${pattern}/ flags ${flags}, parsed without CASE_INSENSITIVE`);
    }
  };

  it('refuses what RE2JS.compile refuses, with the same error', () => {
    const patterns = [
      'a{1001}', 'a{2,1}', '(a{999}){999}', '((a{100}){100}){100}', `${'('.repeat(1001)}a${')'.repeat(1001)}`, '\\p{Foo}', '\\pN+', '\\C',
      'x**', 'a{,5}', '(?P<n>a)(?P<n>b)', '(?<n>a)', '(?i)a', '(?z)a', '[z-a]', '\\8', 'a{2}{3}', '(a', 'a)', '[a', '\\', '(?<=a)b', '\\Q*\\E',
      '[[:alpha:]]', '[[:foo:]]', '\\x{110000}', '\\x{10FFFF}', '.{0,80}', '(?s:.)', '^$\\A\\z\\b\\B', 'a*?b+?c??', '(?:)', '|', '\\pL\\p{Greek}\\PL',
    ];
    for (const pattern of patterns) same(pattern);
  });

  it('answers as RE2JS.compile over 3,000 generated patterns', () => {
    const random = mulberry32(2024);
    const TOKENS = ['a', 'b', '.', '\\d', '\\s', '[a-c]', '[^x]', '(', ')', '(?:', '|', '*', '+', '?', '{2}', '{0,80}', '{999}', '{1001}', '{3,2}', '^', '$', '\\b', '\\p{L}', '\\pX', '[', ']', '\\', '(?i)', '(?P<g>', '\\x{41}', '-'];
    for (let step = 0; step < 3000; step++) {
      let pattern = '';
      const length = 1 + Math.floor(random() * 10);
      for (let i = 0; i < length; i++) pattern += TOKENS[Math.floor(random() * TOKENS.length)]!;
      same(pattern);
    }
  });

  it('builds the program on first use and matches as before', () => {
    const compiled = compileSpecRegex('not a doctor.{0,80}\\d+\\s?mg', 'i');
    assert.ok(compiled.ok);
    assert.deepEqual(compiled.regex.firstMatch('I am NOT a doctor, but 400 mg'), { text: 'NOT a doctor, but 400 mg', index: 5 });
    assert.equal(compiled.regex.test('not a doctor'), false);
  });
});

describe('spec regexes: plain literals searched as strings', () => {
  it('takes only patterns without special characters, and no flag that changes their meaning', () => {
    assert.deepEqual(plainLiteral('^REFUSE', ''), { text: 'REFUSE', anchored: true });
    assert.deepEqual(plainLiteral("I can't help", 'u'), { text: "I can't help", anchored: false });
    for (const [pattern, flags] of [
      ['^REFUSE', 'i'], // case folding
      ['^REFUSE', 'm'], // ^ after any line break
      ['REFUSE', 'y'], // anchored
      ['a.b', ''],
      ['a+', ''],
      ['a$', ''],
      ['\\d', ''],
      ['a|b', ''],
      ['(a)', ''],
      ['[a]', ''],
      ['a{2}', ''],
      ['a?', ''],
      ['x^y', ''], // ^ not first: an anchor RE2 must read
      ['café', ''], // beyond ASCII
    ]) {
      assert.equal(plainLiteral(pattern as string, flags as string), undefined, `/${pattern}/${flags}`);
    }
  });

  it('match where RE2 matches, over generated literals and texts', () => {
    const random = mulberry32(15);
    const alphabet = ['a', 'b', 'A', ' ', "'", '-', ':', '/', '\n'];
    const pick = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]!).join('');
    let literals = 0;
    for (let i = 0; i < 3000; i++) {
      const body = pick(Math.floor(random() * 3)).replace(/\n/g, '');
      const pattern = (random() < 0.4 ? '^' : '') + body;
      const flags = ['', 'u', 's', 'g', 'i', 'm'][Math.floor(random() * 6)]!;
      const text = pick(Math.floor(random() * 8));
      if (plainLiteral(pattern, flags)) literals++;
      const compiled = compileSpecRegex(pattern, flags);
      assert.ok(compiled.ok);
      const re2 = RE2JS.compile(pattern, (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes('m') ? RE2JS.MULTILINE : 0) | (flags.includes('s') ? RE2JS.DOTALL : 0));
      const matcher = re2.matcher(text);
      const expected = matcher.find() ? { text: matcher.group() ?? '', index: matcher.start() } : null;
      assert.deepEqual(compiled.regex.firstMatch(text), expected, `/${pattern}/${flags} on ${JSON.stringify(text)}`);
      assert.equal(compiled.regex.test(text), expected !== null, `/${pattern}/${flags} on ${JSON.stringify(text)}`);
    }
    assert.ok(literals > 1000, `${literals} literal patterns among 3,000`);
  });
});
