// The `aispec.*` settings that shape a run. API keys are never settings: they live in secret storage
// (secrets.ts) or the environment. Provider base URLs are restricted in untrusted workspaces (package.json
// capabilities), and nothing runs there anyway. The permission settings (aispec.allowEnv, aispec.allowHosts)
// are read at user level only: they grant what a spec may do, so no workspace may set them.
import * as vscode from 'vscode';
import { ALLOW_ENV_SETTING, ALLOW_HOSTS_SETTING } from './editor-grants.js';

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

/** The user-level values of the permission settings; a workspace or folder value is never read. */
export function readPermissionSettings(): { allowEnv: unknown; allowHosts: unknown } {
  const config = vscode.workspace.getConfiguration(SECTION);
  const userValue = (setting: string) => config.inspect<unknown>(setting.slice(SECTION.length + 1))?.globalValue;
  return { allowEnv: userValue(ALLOW_ENV_SETTING), allowHosts: userValue(ALLOW_HOSTS_SETTING) };
}

export function codeLensEnabled(scope?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(SECTION, scope).get<boolean>('codeLens.enabled', true) !== false;
}

/** The default of `aispec.outline.maxCases` (package.json says the same). */
export const OUTLINE_MAX_CASES = 1000;

/** How many cases a spec's outline lists (`aispec.outline.maxCases`): a whole number, 0 or more. */
export function outlineMaxCases(scope?: vscode.Uri): number {
  const value = vscode.workspace.getConfiguration(SECTION, scope).get<number>('outline.maxCases', OUTLINE_MAX_CASES);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : OUTLINE_MAX_CASES;
}
