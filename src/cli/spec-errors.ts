// A spec that fails its check, or asks for what the run does not allow, does not run: its errors go to stderr
// as file:line:col lines, and eval exits 2.
import { relative } from 'node:path';
import { formatText, locateDiagnostics, textOfFile, type Diagnostic } from '../core/index.js';
import type { SpecFileCheck } from '../node/check-spec-file.js';
import { terminalLine } from '../core/index.js';
import { EXIT } from './usage.js';
import { useColor } from './terminal.js';
import { writeStderr } from './direct-output.js';

export function reportSpecErrors(check: SpecFileCheck, cwd: string): void {
  writeLocated(check, check.diagnostics.filter((x) => x.severity === 'error'), cwd);
  writeStderr('aispec: the spec has errors; fix them and run again (aispec check shows every problem).\n');
}

/** The permissions the spec asks for and the run was not given, each at its key with the grant that allows it. */
export function reportPermissionProblems(check: SpecFileCheck, problems: readonly Diagnostic[], cwd: string): void {
  writeLocated(check, problems, cwd);
  writeStderr('aispec: nothing ran: the spec asks for what this run does not allow (above); grant it only if you trust the spec.\n');
}

function writeLocated(check: SpecFileCheck, diagnostics: readonly Diagnostic[], cwd: string): void {
  const style = { color: useColor(process.stderr) };
  for (const d of locateDiagnostics([...diagnostics], (f) => textOfFile(check.spec, f))) {
    writeStderr(`${formatText(d, relative(cwd, d.file) || d.file, style)}\n`);
  }
}

/** A run outcome in which nothing ran, as both `runSpecFile` and `runSpecTargets` report it. */
export type NothingRan =
  | { kind: 'invalid'; check: SpecFileCheck }
  | { kind: 'not-permitted'; check: SpecFileCheck; problems: Diagnostic[] }
  | { kind: 'setup-failed'; message: string };

/** Says on stderr why nothing ran, and returns the exit code (2: found before any request). */
export function reportNothingRan(outcome: NothingRan, cwd: string): number {
  if (outcome.kind === 'invalid') reportSpecErrors(outcome.check, cwd);
  else if (outcome.kind === 'not-permitted') reportPermissionProblems(outcome.check, outcome.problems, cwd);
  else writeStderr(`aispec: ${terminalLine(outcome.message)}\n`);
  return EXIT.usage;
}
