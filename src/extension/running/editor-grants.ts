// What a run started from the editor may do, as a pure function of the editor's state (plain mocha tests it;
// run-manager.ts feeds it). The editor's counterpart of the CLI's --allow-* flags:
//   - a trusted workspace may start programs (command targets) and read files outside a spec's project: the
//     user said they trust its files. An untrusted one runs nothing at all (trust-gate.ts), so it grants nothing;
//   - secrets follow the core's rule (eval/permissions.ts): a provider's key goes to its official host; other
//     variables and hosts only when the user named them in the user-level settings aispec.allowEnv and
//     aispec.allowHosts (application scope, so a workspace's settings.json cannot set them). A key the user
//     stored with "aispec: Set API Key" counts as their say-so for that variable, not for any host.
import { NO_GRANTS, parseHostRule, type GrantAdvice, type Grants, type HostRule } from '../../core/index.js';

export const ALLOW_ENV_SETTING = 'aispec.allowEnv';
export const ALLOW_HOSTS_SETTING = 'aispec.allowHosts';

export interface EditorGrantInputs {
  /** vscode.workspace.isTrusted (or the test override). */
  trusted: boolean;
  /** The user-level (global) value of aispec.allowEnv, as read: anything, checked here. */
  allowEnv: unknown;
  /** The user-level (global) value of aispec.allowHosts. */
  allowHosts: unknown;
  /** Variable names the user stored with "aispec: Set API Key". */
  storedKeys: readonly string[];
  /** The file system's roots: a trusted workspace may read anywhere. */
  roots: readonly string[];
}

export interface EditorGrants {
  grants: Grants;
  /** Setting entries that are not a variable name or a host, each with why (for the log). */
  ignored: string[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').map((item) => item.trim()).filter((item) => item !== '') : [];
}

export function editorGrants(inputs: EditorGrantInputs): EditorGrants {
  if (!inputs.trusted) return { grants: NO_GRANTS, ignored: [] };
  const ignored: string[] = [];
  const env = new Set<string>();
  for (const name of [...strings(inputs.allowEnv), ...inputs.storedKeys]) {
    if (ENV_NAME.test(name)) env.add(name);
    else ignored.push(`${ALLOW_ENV_SETTING}: "${name}" is not an environment variable name`);
  }
  const hosts: HostRule[] = [];
  for (const text of strings(inputs.allowHosts)) {
    try {
      hosts.push(parseHostRule(text));
    } catch (error) {
      ignored.push(`${ALLOW_HOSTS_SETTING}: ${(error as Error).message}`);
    }
  }
  return { grants: { command: true, env, hosts, read: [...inputs.roots] }, ignored };
}

/** How the editor tells its user to grant what a spec asks for: the user settings to add to. */
export const EDITOR_GRANT_ADVICE: GrantAdvice = {
  secret(variables, hosts) {
    const parts = [
      ...(variables.length ? [`add ${variables.map((v) => `"${v}"`).join(', ')} to the user setting ${ALLOW_ENV_SETTING} (or store the key with "aispec: Set API Key")`] : []),
      ...(hosts.length ? [`add ${hosts.map((h) => `"${h}"`).join(', ')} to the user setting ${ALLOW_HOSTS_SETTING}`] : []),
    ];
    return parts.join(' and ');
  },
  command: 'trust this workspace (Manage Workspace Trust)',
};
