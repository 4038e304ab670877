// `aispec diff BASE.json HEAD.json`: what changed between two runs, with an exact McNemar test on the paired
// cases, as console text or Markdown for a PR comment.
import { resolve } from 'node:path';
import { diffMarkdown, diffRuns, diffText, jsonForLog, withoutWorkflowCommands } from '../core/index.js';
import { readRun, writeTextAtomic } from '../node/run-store.js';
import { parseCommandArgs, printHelp } from './command-args.js';
import { useColor } from './terminal.js';
import { DIFF_HELP, EXIT, UsageError } from './usage.js';

export async function diffCommand(argv: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    format: { type: 'string', default: 'text' },
    output: { type: 'string', short: 'o' },
  });
  if (values.help) return printHelp(DIFF_HELP);
  if (positionals.length !== 2) throw new UsageError('aispec diff takes two results files: BASE.json HEAD.json');
  if (!['text', 'markdown', 'json'].includes(values.format!)) throw new UsageError(`--format must be text, markdown or json; got "${values.format}".`);
  const [base, head] = await Promise.all(
    positionals.map((p) =>
      readRun(resolve(cwd, p)).catch((e: Error) => {
        throw new UsageError(`cannot read ${p}: ${e.message}`);
      }),
    ),
  );
  const diff = diffRuns(base!, head!);
  const text =
    values.format === 'markdown' ? diffMarkdown(diff) : values.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : diffText(diff, { color: !values.output && useColor(process.stdout) });
  if (values.output) await writeTextAtomic(resolve(cwd, values.output), text.endsWith('\n') ? text : `${text}\n`);
  else process.stdout.write((values.format === 'json' ? jsonForLog : withoutWorkflowCommands)(text.endsWith('\n') ? text : `${text}\n`));
  return EXIT.ok;
}
