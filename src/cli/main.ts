// The `aispec` command: dispatches to a subcommand and turns every failure into a message and an exit code.
// Each command is imported only when it runs: the build (scripts/build.mjs) bundles every *-command.ts into
// a file of its own, so `aispec check` never loads the eval engine, the HTTP client or the reporters.
// The commands' compiled code is kept between runs (src/node/code-cache.ts): set up before any is loaded.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { terminalLine, terminalText } from '../core/index.js';
import { enableCodeCache } from '../node/code-cache.js';
import { keepYoungGenerationSmall } from '../node/heap-growth.js';
import { checkCacheFor } from './check-cache.js';
import { writeStderr, writeStdout } from './direct-output.js';
import { EXIT, MAIN_HELP, UsageError } from './usage.js';
import { version } from '../../package.json';

enableCodeCache({ bundleDir: dirname(fileURLToPath(import.meta.url)), pattern: /^cli-[a-z-]+\.cjs$/ });

/**
 * `aispec check`: the last result again when nothing it read has changed (src/cli/check-cache.ts), without
 * loading the check's bundle; otherwise the check, traced from before its bundle loads, and its result kept.
 */
async function check(argv: string[], cwd: string): Promise<number> {
  const cache = checkCacheFor(argv, cwd);
  const debug = process.env.AISPEC_DEBUG?.split(',').includes('check-cache') === true;
  if (!cache) return (await import('./check-command.js')).checkCommand(argv, cwd);
  const replayed = cache.replay();
  if (replayed !== undefined) {
    if (debug) writeStderr('aispec: check cache: the last result, nothing it read has changed\n');
    return replayed;
  }
  cache.trace();
  let exit: number;
  let traced;
  try {
    exit = await (await import('./check-command.js')).checkCommand(argv, cwd, cache.output);
  } finally {
    // A warning the check emitted reaches its listeners on the next tick: the trace hears it before it stops.
    await new Promise((resolve) => setImmediate(resolve));
    traced = cache.stopTrace();
  }
  const outcome = cache.store(traced, exit);
  if (debug) writeStderr(`aispec: check cache: ${outcome.stored ? `result kept in ${terminalLine(outcome.file)}` : `result not kept: ${terminalLine(outcome.why)}`}\n`);
  return exit;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, process.cwd());
      case 'eval':
      {
        const command = await import('./eval-command.js');
        // Once the bundle is loaded: a run keeps V8's young generation small (src/node/heap-growth.ts).
        keepYoungGenerationSmall();
        return await command.evalCommand(rest, process.cwd(), version);
      }
      case 'diff':
        return await (await import('./diff-command.js')).diffCommand(rest, process.cwd());
      case 'review':
        return await (await import('./review-command.js')).reviewCommand(rest, process.cwd());
      case 'merge':
        return await (await import('./merge-command.js')).mergeCommand(rest, process.cwd());
      case '--version':
      case '-v':
        writeStdout(`${version}\n`); // not process.stdout: for a pipe that loads Node's net and stream modules
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        writeStdout(`${MAIN_HELP}\n`);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      writeStderr(`aispec: ${terminalLine((error as Error).message)}\nRun "aispec --help" for usage.\n`);
      return EXIT.usage;
    }
    writeStderr(`aispec: internal error: ${terminalText((error as Error).stack ?? String(error))}\n`);
    return EXIT.incomplete;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    writeStderr(`aispec: ${terminalText(String(error))}\n`);
    process.exitCode = EXIT.incomplete;
  },
);
