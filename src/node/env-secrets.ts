// Secrets from environment variables (the CLI's source; the editor puts its secret storage in front with
// firstSecretSource). Values are trimmed: a key pasted with a trailing newline still works.
import type { SecretSource } from '../core/index.js';

export function createEnvSecrets(env: NodeJS.ProcessEnv = process.env): SecretSource {
  return {
    async get(name) {
      const value = env[name]?.trim();
      return value === undefined || value === '' ? undefined : value;
    },
  };
}
