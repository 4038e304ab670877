// Text from a spec in a diagnostic (a frontmatter key, a value, a file name) reaches a terminal or a CI log
// without control characters, escape sequences or bidi controls, always on one line, and never as a line that
// GitHub Actions would read as a workflow command.
import assert from 'node:assert/strict';
import { formatGithub, formatText, type LocatedDiagnostic } from '../../../src/core/report/diagnostic-formats.js';
import { jsonForLog, terminalLine, terminalText, withoutWorkflowCommands } from '../../../src/core/report/results-terminal-text.js';

const ATTACKS = {
  'a line break and a workflow command': 'x\n::error file=a::pwned',
  'add-mask after a carriage return': 'y\r::add-mask::z',
  'an OSC title and a CSI colour': 'esc\u001b]0;owned\u0007\u001b[31mred',
  'a bidi override': 'bidi\u202eabc\u2066d\u2069',
  'C0 and C1 controls': 'a\u0000b\u0008c\u007fd\u009be',
  'a legacy ##[ command mid-line': 'k ##[add-mask]secret',
  'a legacy ##[ command after a line break': 'k\n##[error]pwned',
  'a "::" behind a zero-width space': 'k\n\u200b::error::pwned',
};
// Anything a terminal acts on, bar line feed and tab.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function diagnostic(message: string): LocatedDiagnostic {
  return { file: '/p/a.aispec.md', line: 6, column: 1, endLine: 6, endColumn: 9, severity: 'error', rule: 'schema', message: `Unknown key "${message}" in the frontmatter.` };
}

/**
 * A log line GitHub reads as a command: "::" first, after any blanks, or the legacy "##[" anywhere in it
 * (actions/runner, ActionCommand.TryParseV2 and TryParse). Zero-width characters, which a culture-aware
 * search may skip, and colour codes are dropped first.
 */
// eslint-disable-next-line no-control-regex -- colour codes are matched on purpose
const invisible = (line: string) => line.replace(/\p{Default_Ignorable_Code_Point}|\u001b\[[0-9;]*m/gu, '');
const commandLines = (text: string) => text.split('\n').filter((line) => /^\s*::|##\[/.test(invisible(line)));

describe('report: spec text on a terminal and in a CI log', () => {
  for (const [name, attack] of Object.entries(ATTACKS)) {
    it(`text format: ${name}`, () => {
      const line = formatText(diagnostic(attack), 'a.aispec.md', { color: false });
      assert.doesNotMatch(line, UNSAFE);
      assert.ok(!line.includes('\n'), line);
      assert.match(line, /^a\.aispec\.md:6:1 error schema Unknown key/);
      assert.deepEqual(commandLines(line), []);
    });

    it(`github format: ${name}`, () => {
      const line = formatGithub(diagnostic(attack), 'a.aispec.md');
      assert.doesNotMatch(line, UNSAFE);
      assert.ok(!line.includes('\n') && !line.includes('\r'), line);
      assert.equal(commandLines(line).length, 1);
      assert.match(line, /^::error file=a\.aispec\.md,line=6,col=1,endLine=6,endColumn=9,title=aispec schema::Unknown key/);
    });
  }

  it('the github format keeps line breaks as %0A, not as new log lines', () => {
    assert.match(formatGithub(diagnostic(ATTACKS['a line break and a workflow command']), 'a.aispec.md'), /Unknown key "x%0A::error file=a::pwned"/);
  });

  it('a file name starting with "::" cannot start a text line', () => {
    const line = formatText(diagnostic('k'), '::add-mask::x.aispec.md', { color: false });
    assert.deepEqual(commandLines(line), []);
    assert.match(line, /^\.\/::add-mask::x\.aispec\.md:6:1/);
    assert.match(formatGithub(diagnostic('k'), '::x.aispec.md'), /^::error file=%3A%3Ax\.aispec\.md,/);
  });

  it('terminalLine: one line, clean, not a command', () => {
    assert.equal(terminalLine('::error::x\nnext'), '%3A:error::x next');
    assert.equal(terminalLine('  ::warning::x'), '  %3A:warning::x');
    assert.equal(terminalLine('a\tb'), 'a\tb');
  });

  it('terminalText: keeps lines, no line a command', () => {
    assert.equal(terminalText('first\n::add-mask::secret\r\n\u001b[2Jlast'), 'first\n%3A:add-mask::secret\nlast');
  });

  it('withoutWorkflowCommands: our colours stay, a coloured "::" line is still guarded', () => {
    assert.equal(withoutWorkflowCommands('\u001b[31mred\u001b[39m\n::error::x\n\u001b[2m::notice::y'), '\u001b[31mred\u001b[39m\n%3A:error::x\n\u001b[2m%3A:notice::y');
  });

  describe('the legacy "##[" commands and invisible characters', () => {
    const LEGACY = ['##[error]x', '##[warning]x', '##[group]x', '##[endgroup]', '##[add-mask]secret', '##[set-output name=a]b', '##[stop-commands]t', '##[debug]x'];

    it('terminalLine: "##[" anywhere in the line gets its escaped form', () => {
      for (const command of LEGACY) {
        for (const line of [command, `  ${command}`, `text before ${command}`]) {
          const out = terminalLine(line);
          assert.deepEqual(commandLines(out), [], out);
          assert.equal(out, line.replace('##[', '##%5B'));
        }
      }
    });

    it('zero-width characters and soft hyphens between the marks do not hide a command', () => {
      assert.equal(terminalLine('#\u200b#\u00ad[add-mask]x'), '#\u200b#\u00ad%5Badd-mask]x');
      assert.equal(terminalLine(':\u200b:error::x'), '%3A\u200b:error::x');
      assert.equal(terminalLine('\u200b\ufeff ::error::x'), '\u200b\ufeff %3A:error::x');
    });

    it('text that is no command stays as it was', () => {
      for (const text of ['# heading', '#[attr]', '## [note]', 'a: b :: c', 'C# #[x]', 'x ::error::y']) assert.equal(terminalLine(text), text);
    });

    it('terminalText and withoutWorkflowCommands: every line, also with our colours inside the marks', () => {
      assert.equal(terminalText('ok\n##[error]x\nsay ##[add-mask]y'), 'ok\n##%5Berror]x\nsay ##%5Badd-mask]y');
      const coloured = withoutWorkflowCommands('\u001b[31m#\u001b[39m#[error]x\n\u001b[2m::notice::y\nfine');
      assert.deepEqual(commandLines(coloured), []);
      assert.equal(coloured.split('\n')[2], 'fine');
    });

    it('a hostile line of 200,000 characters: a near-miss stays as it was, and one more character is caught', () => {
      // Near misses are where a backtracking pattern would blow up; the patterns share one character class
      // between their repeated parts, so none does (a blow-up at this size would outlast mocha's timeout:
      // no clock here, speed is not what this test is about). The same lines completed into commands show
      // the patterns really scan the whole run of invisible characters.
      const nearMisses = ['\ufeff'.repeat(200_000) + 'x', `#${'\u200b'.repeat(200_000)}`, '#\u200b'.repeat(100_000), ' '.repeat(200_000) + ':'];
      for (const text of nearMisses) assert.equal(terminalLine(text), text);
      assert.equal(terminalLine(' '.repeat(200_000) + '::x'), ' '.repeat(200_000) + '%3A:x');
      assert.equal(terminalLine('#\u200b'.repeat(100_000) + '#['), '#\u200b'.repeat(100_000) + '#%5B');
      assert.equal(terminalLine(`#${'\u200b'.repeat(200_000)}#[`), `#${'\u200b'.repeat(200_000)}#%5B`);
    });

    it('jsonForLog: the same JSON value, and no "##[" in the log', () => {
      const value = { reason: 'a ##[add-mask]b', output: '#\u200b#[error]x', key: '::error::y', bidi: 'a\u202eb\u2066c', c1: 'd\u009be\u007f', lines: 'f\u2028g' };
      const json = jsonForLog(JSON.stringify(value, null, 2));
      assert.deepEqual(commandLines(json), []);
      assert.doesNotMatch(json, UNSAFE);
      assert.doesNotMatch(json, /[\u2028\u2029]/);
      assert.deepEqual(JSON.parse(json), value);
    });
  });
});
