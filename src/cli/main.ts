// The `aispec` command: dispatches to a subcommand and turns every failure into a message and an exit code.
import { checkCommand } from './check-command.js';
import { diffCommand } from './diff-command.js';
import { evalCommand } from './eval-command.js';
import { mergeCommand } from './merge-command.js';
import { EXIT, MAIN_HELP, UsageError } from './usage.js';
import { version } from '../../package.json';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await checkCommand(rest, process.cwd());
      case 'eval':
        return await evalCommand(rest, process.cwd(), version);
      case 'diff':
        return await diffCommand(rest, process.cwd());
      case 'merge':
        return await mergeCommand(rest, process.cwd());
      case '--version':
      case '-v':
        process.stdout.write(`${version}\n`);
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${MAIN_HELP}\n`);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`aispec: ${(error as Error).message}\nRun "aispec --help" for usage.\n`);
      return EXIT.usage;
    }
    process.stderr.write(`aispec: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.incomplete;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`aispec: ${String(error)}\n`);
    process.exitCode = EXIT.incomplete;
  },
);
