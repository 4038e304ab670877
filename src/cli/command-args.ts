// How every command reads its arguments: strictly (an unknown option is a usage error), with positionals,
// and with -h/--help, which prints the command's help and ends it with exit code 0.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { writeStdout } from './direct-output.js';
import { EXIT } from './usage.js';

type CommandOptions = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** The command's own options, plus -h/--help. */
export function parseCommandArgs<Options extends CommandOptions>(argv: string[], options: Options) {
  return parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, ...HELP_OPTION } });
}

/** Prints a command's help; returns the exit code the command ends with. */
export function printHelp(help: string): number {
  writeStdout(`${help}\n`);
  return EXIT.ok;
}
