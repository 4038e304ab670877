// A run as GitHub Actions workflow commands: an ::error annotation on the case's line for every failing or
// errored case, and one ::error / ::notice per failed / passed gate, each with its 95% interval; a passed
// gate that the sample does not decide is a ::warning instead. Failed gates come first because GitHub
// shows only the first few annotations of each kind per step. Escaping follows the runner's rules:
// the message escapes % \r \n; property values also : and , (so a case id or reason cannot end the
// property list or start a new command). Escape sequences and control characters are removed first:
// the log is also shown raw in a terminal-like viewer.
import type { CaseResult, GateResult, RunResults } from '../../shared/results.js';
import {
  expectedVsPredicted,
  formatGateActual,
  formatGateSummary,
  gateFacts,
  formatInteger,
  formatRateWithCi,
  gateNote,
  isNumber,
} from './results-format.js';
import { verdictView } from './results-verdict.js';
import { sanitizeForTerminal } from './results-terminal-text.js';

export interface GithubAnnotationsOptions {
  /** Maps a case's file (relative to the spec's folder) to a path relative to the repository root. */
  resolvePath: (file: string) => string;
  /** The spec's path relative to the repository root: gate annotations point at it when given. */
  specPath?: string;
  /** Case annotations before a final "… and K more" notice. Default 50 (GitHub's per-job annotation limit). */
  maxCases?: number;
}

/** The message part of a workflow command: % \r \n escaped. */
export function escapeData(text: string): string {
  return sanitizeForTerminal(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value of a workflow command: as {@link escapeData}, plus : and ,. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type Command = 'error' | 'warning' | 'notice';

function command(kind: Command, properties: Array<[string, string | number | undefined]>, message: string): string {
  const props = properties
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${typeof v === 'number' ? String(v) : escapeProperty(v as string)}`)
    .join(',');
  return `::${kind}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** The workflow commands, one per line, ending with a newline (empty string when there is nothing to say). */
export function githubAnnotations(results: RunResults, options: GithubAnnotationsOptions): string {
  const gates: GateResult[] = Array.isArray(results.summary?.gates) ? results.summary.gates : [];
  const cases = Array.isArray(results.cases) ? results.cases : [];
  const maxCases = Math.max(0, Math.floor(options.maxCases ?? 50));
  const specId = results.spec?.id || 'spec';
  const lines: string[] = [];

  const gateLine = (g: GateResult) => {
    const note = gateNote(g);
    const outcome = !g.passed ? ' failed' : note ? ' passed but not decided by this sample' : ' passed';
    const title = `aispec gate ${g.name}${outcome} (${specId})`;
    const message = g.passed
      ? `${g.name}: ${formatGateSummary(g, { n: true })}`
      : `${g.reason || `${g.name}: ${formatGateActual(g)}`} (${gateFacts(g).filter((f) => !f.startsWith('lower bound')).join('; ')})${note ? `; ${note}` : ''}`;
    return command(!g.passed ? 'error' : note ? 'warning' : 'notice', [['file', options.specPath], ['title', title]], message);
  };
  for (const g of gates.filter((g) => !g.passed)) lines.push(gateLine(g));
  for (const g of gates.filter((g) => g.passed && gateNote(g))) lines.push(gateLine(g));

  const view = verdictView(results);
  if (view.verdict === 'incomplete' || view.verdict === 'partial') {
    lines.push(command('warning', [['file', options.specPath], ['title', `aispec run ${view.verdict} (${specId})`]], `${view.reason.charAt(0).toUpperCase()}${view.reason.slice(1)}.`));
  }

  const failing = cases.filter((c) => c.status === 'fail' || c.status === 'error');
  for (const c of failing.slice(0, maxCases)) lines.push(caseLine(c, options.resolvePath));
  if (failing.length > maxCases) {
    lines.push(command('notice', [['title', `aispec (${specId})`]], `… and ${formatInteger(failing.length - maxCases)} more failing cases; see the console summary or the JUnit report.`));
  }

  for (const g of gates.filter((g) => g.passed && !gateNote(g))) lines.push(gateLine(g));
  const s = results.summary;
  if (s) {
    const passed = s.passed ?? 0;
    const failed = s.failed ?? 0;
    lines.push(
      command('notice', [['file', options.specPath], ['title', `aispec ${specId}: ${view.word}`]], `pass rate ${formatRateWithCi(s.pass_rate, s.pass_rate_ci95, passed + failed)}; ${passed} passed, ${failed} failed, ${s.errors ?? 0} errors`),
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function caseLine(c: CaseResult, resolvePath: (file: string) => string): string {
  const file = typeof c.file === 'string' && c.file !== '' ? resolvePath(c.file) : undefined;
  const detail = expectedVsPredicted(c);
  const reason = c.reason || (c.status === 'error' ? 'error' : 'failed');
  const message = detail && !reason.includes(detail) ? `${reason} (${detail})` : reason;
  return command(
    'error',
    [
      ['file', file],
      ['line', file && isNumber(c.line) && c.line > 0 ? c.line : undefined],
      ['title', `aispec case ${c.id}${c.status === 'error' ? ' (error)' : ''}`],
    ],
    message,
  );
}
