// The permissions of a command-line run, from the only two places the person running aispec speaks: the
// command line (--allow-command, --allow-env, --allow-host, --allow-read) and the process environment
// (AISPEC_ALLOW_COMMAND, AISPEC_ALLOW_ENV, AISPEC_ALLOW_HOSTS, AISPEC_ALLOW_READ). Never from
// aispec.config.json or any other file in the workspace: a pull request can change those. Flags and variables
// add up; each takes comma lists and flags repeat.
import { delimiter, resolve } from 'node:path';
import { parseHostRule, type GrantAdvice, type Grants, type HostRule } from '../core/index.js';

/** The grant flags as parsed from the command line (each list flag may repeat and hold comma lists). */
export interface GrantFlags {
  command?: boolean;
  env?: readonly string[];
  hosts?: readonly string[];
  read?: readonly string[];
}

/** A grant that cannot be understood: the run stops (exit 2) rather than guess. */
export class GrantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GrantError';
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function items(values: readonly string[] | undefined, separator: RegExp): string[] {
  return (values ?? []).flatMap((value) => value.split(separator)).map((item) => item.trim()).filter((item) => item !== '');
}

function commandGrant(flag: boolean | undefined, variable: string | undefined): boolean {
  if (flag) return true;
  const value = variable?.trim().toLowerCase() ?? '';
  if (value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new GrantError(`AISPEC_ALLOW_COMMAND must be 1 or true to allow command targets (or 0, false or empty); got "${variable}".`);
}

/** The grants of this run: the flags plus the environment's AISPEC_ALLOW_* variables. Throws GrantError. */
export function grantsFrom(flags: GrantFlags, env: NodeJS.ProcessEnv, cwd: string): Grants {
  const envNames = [...items(flags.env, /,/), ...items(env.AISPEC_ALLOW_ENV === undefined ? [] : [env.AISPEC_ALLOW_ENV], /,/)];
  for (const name of envNames) {
    if (!ENV_NAME.test(name)) throw new GrantError(`--allow-env / AISPEC_ALLOW_ENV takes environment variable names (letters, digits and _); got "${name}".`);
  }
  const hosts: HostRule[] = [];
  for (const text of [...items(flags.hosts, /,/), ...items(env.AISPEC_ALLOW_HOSTS === undefined ? [] : [env.AISPEC_ALLOW_HOSTS], /,/)]) {
    try {
      hosts.push(parseHostRule(text));
    } catch (error) {
      throw new GrantError(`--allow-host / AISPEC_ALLOW_HOSTS: ${(error as Error).message}.`);
    }
  }
  // Paths: separated like PATH (":" on POSIX, ";" on Windows) or by commas; relative ones from the working folder.
  const pathSeparator = new RegExp(`[,${delimiter === ';' ? ';' : ':'}]`);
  const read = [...items(flags.read, pathSeparator), ...items(env.AISPEC_ALLOW_READ === undefined ? [] : [env.AISPEC_ALLOW_READ], pathSeparator)].map((path) => resolve(cwd, path));
  return { command: commandGrant(flags.command, env.AISPEC_ALLOW_COMMAND), env: new Set(envNames), hosts, read };
}

/** How the CLI tells its user to grant what a spec asks for: the exact flags, and the variables that do the same. */
export const CLI_GRANT_ADVICE: GrantAdvice = {
  secret(variables, hosts) {
    const flags = [...variables.map((name) => `--allow-env ${name}`), ...hosts.map((host) => `--allow-host ${host}`)];
    const settings = [...(variables.length ? ['AISPEC_ALLOW_ENV'] : []), ...(hosts.length ? ['AISPEC_ALLOW_HOSTS'] : [])];
    return `run with ${flags.join(' ')} (or set ${settings.join(' / ')})`;
  },
  command: 'run with --allow-command (or set AISPEC_ALLOW_COMMAND=1)',
};

/** The roots of the file system, for a grant to read anywhere (a trusted editor workspace). */
export function filesystemRoots(platform: NodeJS.Platform = process.platform): string[] {
  if (platform !== 'win32') return ['/'];
  return [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((drive) => `${drive}:\\`);
}
