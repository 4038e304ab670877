// The authoring half of the extension: live diagnostics with quick fixes and linked rule docs, completion and
// hovers from the schema, the outline and folding. Registration only: nothing is computed until VS Code asks
// (a check, a completion, an outline), so activation stays cheap. Highlighting, snippets and the language
// configuration are contributed statically (syntaxes/, snippets/, language-configuration.json).
import type { Services } from '../services.js';
import { registerCodeActions } from './code-actions.js';
import { registerCompletion } from './completion.js';
import { LiveDiagnostics } from './diagnostics.js';
import { registerFolding } from './folding.js';
import { registerHover } from './hover.js';
import { LastChecks } from './last-check.js';
import { registerOutline } from './outline.js';
import { registerRuleDocs } from './rule-docs.js';
import { SnippetFile } from './snippet-file.js';

export function registerAuthoring(services: Services): void {
  const started = performance.now();
  const { context } = services;
  const live = new LiveDiagnostics(services);
  const checks = new LastChecks(services);
  const snippets = new SnippetFile(context.extensionUri, services.log);
  context.subscriptions.push(
    live,
    checks,
    registerRuleDocs(),
    registerCodeActions(live),
    registerCompletion(checks, snippets),
    registerHover(checks),
    registerOutline(services),
    registerFolding(),
  );
  services.log.info(`authoring features registered in ${(performance.now() - started).toFixed(1)} ms`);
}
