// A throwaway project on disk for end-to-end runs against 127.0.0.1 fixture servers: a package.json (the
// project root) plus the given files, and a run of a spec in it with FIXTURE_KEY granted, no cache and
// nothing saved.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSpecFile } from '../../src/node/run-spec.js';
import { localServerGrants } from './grants.js';
import { memorySecrets } from './memory-host.js';

/** A new temporary folder holding `package.json` and `files` (name → text); the caller removes it. */
export function fixtureProject(prefix: string, files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Writes the spec to `file` and runs it as the CLI would with the key of a local fixture server. */
export function runWithFixtureKey(file: string, text: string): ReturnType<typeof runSpecFile> {
  writeFileSync(file, text);
  return runSpecFile(file, { aispecVersion: '0.0.0-test', save: false, cache: false, secrets: memorySecrets({ FIXTURE_KEY: 'test-key' }), ...localServerGrants('FIXTURE_KEY') });
}

/** JSON lines of the values, each on its own line. */
export const jsonLines = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join('\n') + '\n';
