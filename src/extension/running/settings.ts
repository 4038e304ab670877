// The `aispec.*` settings that shape a run. API keys are never settings: they live in secret storage
// (secrets.ts) or the environment. Provider base URLs are restricted in untrusted workspaces (package.json
// capabilities), and nothing runs there anyway.
import * as vscode from 'vscode';

export const SECTION = 'aispec';

export interface RunSettings {
  /** Requests in flight; undefined = the spec's `concurrency` (default 8). */
  concurrency?: number;
  cache: boolean;
  /** Base URL per provider for targets and judges whose spec names none. */
  providerDefaults: Record<string, { base_url: string }>;
  showResultsAfterRun: boolean;
}

export function readRunSettings(scope?: vscode.Uri): RunSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const concurrency = config.get<number | null>('concurrency', null);
  const providerDefaults: RunSettings['providerDefaults'] = {};
  for (const provider of ['openai', 'anthropic']) {
    const url = config.get<string>(`providers.${provider}.baseUrl`, '')?.trim();
    if (url && /^https?:\/\/\S+$/i.test(url)) providerDefaults[provider] = { base_url: url.replace(/\/+$/, '') };
  }
  return {
    ...(typeof concurrency === 'number' && Number.isInteger(concurrency) && concurrency >= 1 ? { concurrency } : {}),
    cache: config.get<boolean>('cache', true) !== false,
    providerDefaults,
    showResultsAfterRun: config.get<boolean>('showResultsAfterRun', true) !== false,
  };
}

export function codeLensEnabled(scope?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(SECTION, scope).get<boolean>('codeLens.enabled', true) !== false;
}
