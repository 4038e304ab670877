// The API key names the open specs use, for "aispec: Set API Key…" to offer first: each target's and the
// judge's api_key_env (or its provider's default variable) and every ${VAR} in headers and bodies. Every
// target counts, the single `target:` or each entry of `targets:`, read through the core's specTargets like
// the runners read them. Pure (no vscode), so plain mocha tests it.
import { specTargets, type SpecConfig } from '../../core/index.js';

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function keyNamesUsed(frontmatters: unknown[]): string[] {
  const names = new Set<string>();
  const visit = (model: unknown) => {
    if (typeof model !== 'object' || model === null) return;
    const m = model as Record<string, unknown>;
    if (typeof m.api_key_env === 'string') names.add(m.api_key_env);
    else if (m.provider === 'openai') names.add('OPENAI_API_KEY');
    else if (m.provider === 'anthropic') names.add('ANTHROPIC_API_KEY');
    const headers = m.headers;
    if (typeof headers === 'object' && headers !== null) {
      for (const value of Object.values(headers)) for (const ref of String(value).matchAll(REFERENCE)) names.add(ref[1]!);
    }
    if (typeof m.body === 'string') for (const ref of m.body.matchAll(REFERENCE)) names.add(ref[1]!);
  };
  for (const data of frontmatters) {
    if (typeof data !== 'object' || data === null) continue;
    // The frontmatter as written (not yet validated): specTargets keeps only the entries shaped as objects.
    for (const target of specTargets(data as Pick<SpecConfig, 'target' | 'targets'>)) visit(target.config);
    visit((data as Record<string, unknown>).judge);
  }
  return [...names].filter((n) => ENV_NAME.test(n));
}
