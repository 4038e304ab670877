// A run as JUnit XML, the format CI systems (GitHub Actions reporters, GitLab, Jenkins, Azure, Buildkite)
// read to show tests: one <testsuite> per spec, one <testcase> per case (classname = spec id, name = case
// id, time from the case's latency), a <failure> or <error> with the reason and expected / actual, the
// pass rate and gates as <properties>, and one "gate: …" testcase per gate so a failed gate shows up as a
// failed test (with the gate's 95% interval; a gate the sample does not decide says so in <system-out>,
// JUnit having no warnings). Cases the run never finished are <skipped>. Text is escaped for XML 1.0, and characters
// XML 1.0 cannot hold at all (most control characters, lone surrogates, U+FFFE/U+FFFF) are removed.
import type { CaseResult, GateResult, RunResults } from '../../shared/results.js';
import {
  expectedVsPredicted,
  formatGateActual,
  formatGateInterval,
  formatGateSummary,
  formatGateTarget,
  formatInterval,
  formatRate,
  formatTarget,
  gateFailureMessage,
  gateHasInterval,
  gateNote,
  isNumber,
} from './results-format.js';
import { stripAnsi } from './results-terminal-text.js';

export interface JunitReportOptions {
  /** Maps a case's file (relative to the spec's folder) to the path CI should show, e.g. relative to the repo root. */
  resolvePath?: (file: string) => string;
  /** Characters of a model output kept in a failure's body. Default 4,000. */
  maxOutputChars?: number;
}

// Everything outside XML 1.0's Char production: C0 controls but tab / LF / CR, lone surrogates, U+FFFE/F.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ILLEGAL_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text made legal for XML 1.0: escape sequences and illegal characters removed (see the file comment). */
export function xmlSafe(text: unknown): string {
  return typeof text === 'string' ? stripAnsi(text).replace(ILLEGAL_XML, '') : '';
}

/** Escaped for element content. */
export function xmlText(text: unknown): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped for a double-quoted attribute; line breaks and tabs as character references, so they survive. */
export function xmlAttr(text: unknown): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const seconds = (ms: unknown) => (isNumber(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0');

const attrs = (pairs: Array<[string, string | number | undefined]>) =>
  pairs
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');

/** The JUnit XML document of a run, ending with a newline. */
export function junitReport(results: RunResults, options: JunitReportOptions = {}): string {
  return junitDocument([junitSuite(results, options)]);
}

/** One run's <testsuite> element and its counts, for a document of one suite or of several. */
export interface JunitSuite {
  lines: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  durationMs: number;
}

/** The document of one or more suites (the targets of a compared spec), ending with a newline. */
export function junitDocument(suites: readonly JunitSuite[]): string {
  const total = (key: 'tests' | 'failures' | 'errors' | 'skipped') => suites.reduce((sum, s) => sum + s[key], 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs([['name', 'aispec'], ['tests', total('tests')], ['failures', total('failures')], ['errors', total('errors')], ['skipped', total('skipped')], ['time', seconds(suites.reduce((sum, s) => sum + s.durationMs, 0))]])}>`,
    ...suites.flatMap((s) => s.lines),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

export function junitSuite(results: RunResults, options: JunitReportOptions = {}): JunitSuite {
  const resolve = options.resolvePath ?? ((file: string) => file);
  const maxOutput = Math.max(100, Math.floor(options.maxOutputChars ?? 4000));
  const specId = results.spec?.id || 'aispec';
  const cases = Array.isArray(results.cases) ? results.cases : [];
  const gates: GateResult[] = Array.isArray(results.summary?.gates) ? results.summary.gates : [];
  const unfinished = Array.isArray(results.run?.unfinished) ? results.run.unfinished : [];

  const caseFailures = cases.filter((c) => c.status === 'fail').length;
  const caseErrors = cases.filter((c) => c.status === 'error').length;
  const gateFailures = gates.filter((g) => !g.passed).length;
  const tests = cases.length + gates.length + unfinished.length;
  const failures = caseFailures + gateFailures;
  const durationMs = isNumber(results.run?.duration_ms) && results.run.duration_ms >= 0 ? results.run.duration_ms : 0;

  const suiteAttrs = attrs([
    ['name', results.spec?.title ? `${results.spec.title} (${specId})` : specId],
    ['tests', tests],
    ['failures', failures],
    ['errors', caseErrors],
    ['skipped', unfinished.length],
    ['time', seconds(results.run?.duration_ms)],
    ['timestamp', results.run?.started_at?.replace(/Z$/, '')],
    ['file', results.spec?.file],
  ]);

  const lines = [
    `  <testsuite${suiteAttrs}>`,
    '    <properties>',
    ...properties(results, gates).map(([name, value]) => `      <property${attrs([['name', name], ['value', value]])}/>`),
    '    </properties>',
    ...gates.map((g) => gateCase(g, specId)),
    ...cases.map((c) => caseElement(c, specId, resolve, maxOutput)),
    ...unfinished.map((id) => `    <testcase${attrs([['classname', specId], ['name', id], ['time', '0']])}>\n      <skipped message="not run: the run did not finish"/>\n    </testcase>`),
    '  </testsuite>',
  ];
  return { lines, tests, failures, errors: caseErrors, skipped: unfinished.length, durationMs };
}

function properties(results: RunResults, gates: GateResult[]): Array<[string, string]> {
  const s = results.summary;
  const props: Array<[string, string]> = [
    ['aispec.version', results.aispec_version ?? ''],
    ['aispec.verdict', s?.verdict ?? ''],
    ['aispec.target', formatTarget(results.run?.target)],
    ['aispec.pass_rate', formatRate(s?.pass_rate)],
    ['aispec.pass_rate_ci95', formatInterval(s?.pass_rate_ci95)],
    ['aispec.n', String((s?.passed ?? 0) + (s?.failed ?? 0))],
    ['aispec.passed', String(s?.passed ?? 0)],
    ['aispec.failed', String(s?.failed ?? 0)],
    ['aispec.errors', String(s?.errors ?? 0)],
  ];
  for (const g of gates) {
    props.push([`aispec.gate.${g.name}`, `${g.passed ? 'pass' : 'fail'}: ${formatGateSummary(g)}`]);
  }
  return props;
}

function gateCase(g: GateResult, specId: string): string {
  const open = `    <testcase${attrs([['classname', specId], ['name', `gate: ${g.name}`], ['time', '0']])}`;
  const note = gateNote(g);
  if (g.passed) return note ? `${open}>\n      <system-out>${xmlText(note)}</system-out>\n    </testcase>` : `${open}/>`;
  const body = [
    `target ${formatGateTarget(g)}`,
    `actual ${formatGateActual(g)}`,
    gateHasInterval(g) ? `95% CI ${formatGateInterval(g)}` : null,
    isNumber(g.n) ? `n ${g.n}` : null,
    note,
  ].filter((line): line is string => line !== null);
  return `${open}>\n      <failure${attrs([['message', gateFailureMessage(g)], ['type', 'gate']])}>${xmlText(body.join('\n'))}</failure>\n    </testcase>`;
}

function caseElement(c: CaseResult, specId: string, resolve: (file: string) => string, maxOutput: number): string {
  const file = typeof c.file === 'string' && c.file !== '' ? resolve(c.file) : undefined;
  const open = `    <testcase${attrs([
    ['classname', specId],
    ['name', c.id],
    ['time', seconds(c.latency_ms)],
    ['file', file],
    ['line', isNumber(c.line) ? c.line : undefined],
  ])}`;
  if (c.status === 'pass') return `${open}/>`;
  const tag = c.status === 'error' ? 'error' : 'failure';
  const message = c.reason || (c.status === 'error' ? 'error' : 'failed');
  const body = [
    expectedVsPredicted(c),
    c.reason ? `reason: ${c.reason}` : null,
    typeof c.output === 'string' ? `output:\n${c.output.length > maxOutput ? `${c.output.slice(0, maxOutput)}… (${c.output.length - maxOutput} more characters)` : c.output}` : null,
  ].filter((part): part is string => part !== null && part !== '');
  return `${open}>\n      <${tag}${attrs([['message', message], ['type', c.status === 'error' ? 'error' : 'fail']])}>${xmlText(body.join('\n'))}</${tag}>\n    </testcase>`;
}
