// `aispec check`: find specs, check each (parse + schema + lint), print diagnostics, exit 0/1/2.
import { relative } from 'node:path';
import { formatGithub, formatText, jsonForLog, lintRules, locateDiagnostics, terminalLine, textOfFile, type LocatedDiagnostic } from '../core/index.js';
import { findSpecs } from '../node/find-specs.js';
import { checkSpecFile } from '../node/check-spec-file.js';
import { createNodeSpecHost } from '../node/spec-host.js';
import { workspaceConfigFor, type WorkspaceConfig } from '../node/workspace-config.js';
import { parseCommandArgs, printHelp } from './command-args.js';
import { grantsOf, READ_GRANT_OPTIONS } from './grant-flags.js';
import { useColor } from './terminal.js';
import { isTerminal, writeStderr, writeStdout } from './direct-output.js';
import type { CheckOutput } from './check-cache.js';
import { CHECK_HELP, EXIT, UsageError } from './usage.js';

const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** Prints to standard output and error as they are (the dispatcher passes the check cache's, which also keeps it). */
const DIRECT: CheckOutput = { stdout: writeStdout, stderr: writeStderr };

export async function checkCommand(argv: string[], cwd: string, output: CheckOutput = DIRECT): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    format: { type: 'string', default: 'text' },
    'list-rules': { type: 'boolean', default: false },
    // Read by the dispatcher (check-cache.ts): the last result is neither reused nor kept.
    'no-cache': { type: 'boolean', default: false },
    ...READ_GRANT_OPTIONS,
  });
  if (values.help) return printHelp(CHECK_HELP);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got "${values.format}".`);
  if (values['list-rules']) {
    for (const rule of lintRules) writeStdout(`${rule.id.padEnd(32)} ${rule.defaultSeverity.padEnd(8)} ${rule.description}\n`);
    return EXIT.ok;
  }

  output.checking?.();
  // Files outside a spec's project are read only where --allow-read (or AISPEC_ALLOW_READ) says, as in eval.
  const host = createNodeSpecHost({ allowRead: grantsOf(values, process.env, cwd).read });
  const found = await findSpecs(positionals, cwd);
  let unreadable = found.missing.length > 0;
  for (const arg of found.missing) output.stderr(`aispec: no spec matches "${terminalLine(arg)}" (give a *.aispec.md file, a folder or a glob).\n`);

  const located: LocatedDiagnostic[] = [];
  // A configuration file that cannot be used is named once, however many specs it covers. A single setting
  // it ignores is not repeated here: the lint reports that on every spec it concerns (lint-config).
  const configProblems = new Set<string>();
  const noteConfig = (config: WorkspaceConfig) => {
    for (const problem of config.problems) if (problem.severity === 'error') configProblems.add(`${problem.range.file}: ${problem.message}`);
  };
  for (const file of found.files) {
    let result;
    try {
      result = await checkSpecFile(file, { host });
    } catch (error) {
      noteConfig(await workspaceConfigFor(file)); // read (and cached) before the spec was, so not read again
      unreadable = true;
      output.stderr(`aispec: cannot read ${terminalLine(relative(cwd, file) || file)}: ${terminalLine((error as Error).message)}\n`);
      continue;
    }
    noteConfig(result.config);
    const { spec, diagnostics } = result;
    // One at a time: a spec with 100,000 cases can have more diagnostics than push(...) takes arguments.
    for (const diagnostic of locateDiagnostics(diagnostics, (f) => textOfFile(spec, f))) located.push(diagnostic);
  }
  for (const problem of configProblems) {
    unreadable = true;
    output.stderr(`aispec: ${terminalLine(problem)}\n`);
  }

  const display = (file: string) => relative(cwd, file) || file;
  if (format === 'json') {
    const out = { files: found.files.map(display), diagnostics: located.map((d) => ({ ...d, file: display(d.file) })) };
    output.stdout(`${jsonForLog(JSON.stringify(out, null, 2))}\n`);
  } else {
    // One write for all the lines: a write per diagnostic is a system call each on a pipe or a file.
    const style = { color: useColor({ isTTY: isTerminal(1) }) };
    const lines = located.map((d) => `${format === 'github' ? formatGithub(d, display(d.file)) : formatText(d, display(d.file), style)}\n`);
    output.stdout(lines.join(''));
  }
  const errors = located.filter((d) => d.severity === 'error').length;
  const warnings = located.filter((d) => d.severity === 'warning').length;
  if (format !== 'json') {
    output.stderr(`${found.files.length} spec${found.files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  if (unreadable) return EXIT.usage;
  return errors > 0 ? EXIT.failed : EXIT.ok;
}
