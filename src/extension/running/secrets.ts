// API keys for runs: the editor's secret storage (keyed by environment variable name, e.g. OPENAI_API_KEY)
// first, then the environment, combined with the core's firstSecretSource. Keys never go into settings,
// logs or results. "aispec: Set API Key…" stores one; globalState remembers only the names stored, so the
// picker can say which are set (SecretStorage cannot list its keys). The names the open specs use come from
// key-names.ts.
import * as vscode from 'vscode';
import { firstSecretSource, type SecretSource } from '../../core/index.js';
import { createEnvSecrets } from '../../node/env-secrets.js';
import { ENV_NAME } from './key-names.js';

const NAMES_KEY = 'aispec.storedSecretNames';
const WELL_KNOWN = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'AZURE_OPENAI_API_KEY'];

export class EditorSecrets implements SecretSource {
  constructor(private readonly context: vscode.ExtensionContext) {}

  async get(name: string): Promise<string | undefined> {
    const value = (await this.context.secrets.get(name))?.trim();
    return value ? value : undefined;
  }

  async store(name: string, value: string): Promise<void> {
    if (!ENV_NAME.test(name)) throw new Error(`"${name}" is not an environment variable name (letters, digits and _, not starting with a digit).`);
    await this.context.secrets.store(name, value.trim());
    const names = new Set(this.names());
    names.add(name);
    await this.context.globalState.update(NAMES_KEY, [...names].sort());
  }

  async delete(name: string): Promise<void> {
    await this.context.secrets.delete(name);
    await this.context.globalState.update(NAMES_KEY, this.names().filter((n) => n !== name));
  }

  /** Names stored here (never values). */
  names(): string[] {
    const stored = this.context.globalState.get<unknown>(NAMES_KEY);
    return Array.isArray(stored) ? stored.filter((n): n is string => typeof n === 'string') : [];
  }

  /** What a run reads: secret storage, then the environment. */
  source(): SecretSource {
    return firstSecretSource(this, createEnvSecrets());
  }
}

/**
 * "aispec: Set API Key…": pick (or type) the variable name, then enter the key in a password box. With
 * arguments (name, value) it stores without asking (automation and tests). An empty value cancels.
 */
export async function setApiKeyCommand(secrets: EditorSecrets, usedNames: string[], log: vscode.LogOutputChannel, name?: unknown, value?: unknown): Promise<string | undefined> {
  let key = typeof name === 'string' ? name.trim() : undefined;
  if (!key) {
    const stored = new Set(secrets.names());
    const candidates = [...new Set([...usedNames, ...WELL_KNOWN, ...stored])];
    type Item = vscode.QuickPickItem & { name?: string; remove?: string };
    const items: Item[] = candidates.map((n) => ({
      label: n,
      name: n,
      description: [usedNames.includes(n) ? 'used by an open spec' : '', stored.has(n) ? 'stored in secret storage' : '', process.env[n] ? 'set in the environment' : ''].filter(Boolean).join(' · '),
    }));
    items.push({ label: '$(edit) Another variable name…', name: '' });
    for (const n of stored) items.push({ label: `$(trash) Remove ${n} from secret storage`, remove: n });
    const choice = await vscode.window.showQuickPick(items, { title: 'aispec: Set API Key', placeHolder: 'The environment variable the spec names (api_key_env)' });
    if (!choice) return undefined;
    if (choice.remove) {
      await secrets.delete(choice.remove);
      log.info(`removed ${choice.remove} from secret storage`);
      void vscode.window.showInformationMessage(`aispec: removed ${choice.remove} from secret storage.`);
      return undefined;
    }
    key = choice.name || (await vscode.window.showInputBox({
      title: 'aispec: Set API Key',
      prompt: 'Environment variable name, as the spec names it in api_key_env or ${NAME} in a header',
      placeHolder: 'OPENAI_API_KEY',
      validateInput: (v) => (ENV_NAME.test(v.trim()) ? undefined : 'Letters, digits and _, not starting with a digit'),
    }))?.trim();
    if (!key) return undefined;
  }
  if (!ENV_NAME.test(key)) {
    void vscode.window.showErrorMessage(`aispec: "${key}" is not an environment variable name.`);
    return undefined;
  }
  let secret = typeof value === 'string' ? value : undefined;
  if (secret === undefined) {
    secret = await vscode.window.showInputBox({
      title: `aispec: API key for ${key}`,
      prompt: `Stored in the editor's secret storage (never in settings); runs read it as ${key}, before the environment.`,
      password: true,
      ignoreFocusOut: true,
    });
  }
  if (!secret?.trim()) return undefined;
  await secrets.store(key, secret);
  log.info(`stored ${key} in secret storage`); // the name only, never the value
  if (typeof value !== 'string') void vscode.window.showInformationMessage(`aispec: ${key} is stored in secret storage.`);
  return key;
}
