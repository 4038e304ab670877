// The --allow-* flags every command that reads or runs specs takes, turned into the run's grants together
// with the AISPEC_ALLOW_* environment variables (src/node/grants.ts). `eval` takes all four; `check` runs
// nothing, so it takes --allow-read only (it must read the same files `eval` would, so the two agree).
import { grantsFrom, GrantError } from '../node/grants.js';
import type { Grants } from '../core/index.js';
import { UsageError } from './usage.js';

export const READ_GRANT_OPTIONS = {
  'allow-read': { type: 'string', multiple: true },
} as const;

export const GRANT_OPTIONS = {
  'allow-command': { type: 'boolean', default: false },
  'allow-env': { type: 'string', multiple: true },
  'allow-host': { type: 'string', multiple: true },
  ...READ_GRANT_OPTIONS,
} as const;

interface GrantValues {
  'allow-command'?: boolean;
  'allow-env'?: string[];
  'allow-host'?: string[];
  'allow-read'?: string[];
}

/** The grants of this command: its flags plus the environment; a grant that does not parse is a usage error (exit 2). */
export function grantsOf(values: GrantValues, env: NodeJS.ProcessEnv, cwd: string): Grants {
  try {
    return grantsFrom({ command: values['allow-command'], env: values['allow-env'], hosts: values['allow-host'], read: values['allow-read'] }, env, cwd);
  } catch (error) {
    if (error instanceof GrantError) throw new UsageError(error.message);
    throw error;
  }
}
