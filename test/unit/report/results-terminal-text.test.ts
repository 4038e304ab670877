import assert from 'node:assert/strict';
import { displayWidth, graphemes, sanitizedLine, sanitizeForTerminal, SINGLE_UNIT_GRAPHEME_RANGES, stripAnsi, truncateToWidth } from '../../../src/core/report/results-terminal-text.js';
import { HOSTILE } from './fixtures.js';

describe('results-terminal-text', () => {
  it('removes an OSC title change whole, payload and terminator included', () => {
    assert.equal(sanitizeForTerminal('a\u001b]0;pwned\u0007b'), 'ab');
    assert.equal(sanitizeForTerminal('a\u001b]2;pwned\u001b\\b'), 'ab');
    assert.equal(sanitizeForTerminal('a\u009d0;pwned\u009cb'), 'ab');
    assert.equal(sanitizedLine(HOSTILE), '| <script>alert(1)</script>');
  });

  it('removes cursor movement, screen clearing, colours and other escapes, 7-bit and 8-bit', () => {
    const text = '\u001b[2J\u001b[H\u001b[31mred\u001b[0m \u001b[10;20Hmoved \u009b1Aup \u001bcreset \u001b(Bcharset \u001bP1$qm\u001b\\dcs';
    assert.equal(sanitizeForTerminal(text), 'red moved up reset charset dcs');
    assert.equal(stripAnsi('\u001b[38;5;196mx\u001b[m'), 'x');
  });

  it('removes control characters, DEL, C1 and bidi overrides but keeps tabs and line breaks', () => {
    // NEL (U+0085) is a line break, like U+2028 / U+2029, and becomes "\n".
    assert.equal(sanitizeForTerminal('a\u0000b\u0008c\u007fd\u0085e\u0099f\u202eg\u2066h\u200fi\tz\nq'), 'abcd\nefghi\tz\nq');
    assert.equal(sanitizeForTerminal('x\r\ny\rz'), 'x\ny\nz');
    // An unterminated OSC loses its introducer; what follows is harmless text and stays visible.
    assert.equal(sanitizeForTerminal('\u001b]0;title'), '0;title');
    assert.equal(sanitizeForTerminal(undefined), '');
  });

  it('collapses every run of whitespace for one-line display', () => {
    assert.equal(sanitizedLine('  first line\n\n  second\tline\u2028third  '), 'first line second line third');
  });

  it('measures display width: wide CJK and emoji take two columns, combining marks none', () => {
    assert.equal(displayWidth('abc'), 3);
    assert.equal(displayWidth('日本語'), 6);
    assert.equal(displayWidth('👍🏽'), 2);
    assert.equal(displayWidth('e\u0301'), 1);
    assert.equal(displayWidth('\u001b[31mred\u001b[39m'), 3);
  });

  it('truncates on grapheme boundaries to at most the width, ending with an ellipsis', () => {
    assert.equal(truncateToWidth('hello world', 8), 'hello w…');
    assert.equal(truncateToWidth('hello', 5), 'hello');
    assert.equal(truncateToWidth('日本語日本語', 7), '日本語…');
    const family = '👨‍👩‍👧';
    assert.equal(truncateToWidth(`ab${family}${family}`, 5), `ab${family}…`);
    assert.ok(displayWidth(truncateToWidth('日本語日本語', 7)) <= 7);
  });
  // graphemes() splits text of these characters one character each, without ICU's segmenter: right only if
  // none of them joins a neighbour. (Every pair of them was checked once against ICU, 4.4 million pairs, too
  // slow for a unit test; here each character alone, doubled and beside a letter, plus seeded random texts.)
  describe('text that needs no grapheme segmenter', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const icu = (text: string) => Array.from(segmenter.segment(text), (s) => s.segment);
    const chars: string[] = [];
    for (const [from, to] of SINGLE_UNIT_GRAPHEME_RANGES) for (let c = from; c <= to; c++) chars.push(String.fromCharCode(c));

    it('is split by ICU into one grapheme per character: every character alone, doubled and beside a letter', () => {
      for (const c of chars) {
        for (const text of [c, c + c, `a${c}`, `${c}a`]) assert.deepEqual(graphemes(text), icu(text), `U+${c.charCodeAt(0).toString(16)} in ${JSON.stringify(text)}`);
      }
    });

    it('gives the same graphemes, widths and cuts as ICU for random texts, and the segmenter still splits the rest', () => {
      let seed = 15;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
      for (let i = 0; i < 2000; i++) {
        const text = Array.from({ length: 1 + (next() % 40) }, () => chars[next() % chars.length]!).join('');
        assert.deepEqual(graphemes(text), icu(text));
        assert.equal(displayWidth(text), displayWidth(`${text}\u0301`), 'a combining mark (which takes the segmenter) adds no width');
        const width = next() % 45;
        const cut = truncateToWidth(text, width);
        assert.ok(cut === text || (displayWidth(cut) <= width && (width === 0 || cut.endsWith('…'))));
      }
      // Outside the ranges the segmenter decides: a combining mark, an emoji sequence, CR LF.
      assert.deepEqual(graphemes('e\u0301x'), ['e\u0301', 'x']);
      assert.deepEqual(graphemes('a👍🏽b'), ['a', '👍🏽', 'b']);
      assert.deepEqual(graphemes('a\r\nb'), ['a', '\r\n', 'b']);
      assert.equal(truncateToWidth('✓ pass_rate ≥ 0.800 · 0.880–0.917', 12), '✓ pass_rate…');
      assert.equal(displayWidth('⌚ ✓ ·'), 6);
    });
  });
});
