// Run permissions for tests that call runSpecFile directly: none at all (recorded targets, replays), or the
// fixture servers' own (their key variables, sent to 127.0.0.1), as a user would grant them on the command line.
import { NO_GRANTS, type Grants } from '../../src/core/index.js';
import { CLI_GRANT_ADVICE } from '../../src/node/grants.js';

export const NO_GRANT_OPTIONS = { grants: NO_GRANTS, grantAdvice: CLI_GRANT_ADVICE };

/** Lets `variables` go to the local fixture servers (127.0.0.1, any port), like --allow-env V --allow-host 127.0.0.1. */
export function localServerGrants(...variables: string[]): { grants: Grants; grantAdvice: typeof CLI_GRANT_ADVICE } {
  return { grants: { ...NO_GRANTS, env: new Set(variables), hosts: [{ host: '127.0.0.1' }] }, grantAdvice: CLI_GRANT_ADVICE };
}
