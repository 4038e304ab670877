// The authoring half of the extension: live diagnostics with quick fixes and linked rule docs (and the
// problems of aispec.config.json files), completion and hovers from the schema, the outline and folding, the
// CodeLens on rate gates (how many cases back each), and the commands that write or check specs (New Spec from
// Template, Check All Specs, the walkthrough).
// Registration only: nothing is computed until VS Code asks (a check, a completion, an outline), so activation
// stays cheap. Highlighting, snippets and the language configuration are contributed statically (syntaxes/,
// snippets/, language-configuration.json).
import type { Services } from '../services.js';
import { CheckAll } from './check-all.js';
import { registerCodeActions } from './code-actions.js';
import { registerAuthoringCommands } from './commands.js';
import { registerCompletion } from './completion.js';
import { ConfigDiagnostics } from './config-diagnostics.js';
import { LiveDiagnostics } from './diagnostics.js';
import { registerFolding } from './folding.js';
import { GatePowerLens } from './gate-power-lens.js';
import { registerHover } from './hover.js';
import { LastChecks } from './last-check.js';
import { registerOutline } from './outline.js';
import { registerRuleDocs } from './rule-docs.js';
import { SnippetFile } from './snippet-file.js';

/** What tests reach through the activate() API: `api.services.authoring` (not a public API). */
export interface AuthoringApi {
  checkAll: CheckAll;
  configDiagnostics: ConfigDiagnostics;
}

export function registerAuthoring(services: Services): void {
  const started = performance.now();
  const { context } = services;
  const live = new LiveDiagnostics(services);
  const configDiagnostics = new ConfigDiagnostics(services.specs);
  const checks = new LastChecks(services);
  const snippets = new SnippetFile(context.extensionUri, services.log);
  const checkAll = new CheckAll(services);
  // Folds and the outline: the editor models' worker (spec-documents.ts), so their slow parses never hold up a
  // live check, and an outline and a model of the same text share one parse.
  const background = services.specs.background;
  context.subscriptions.push(
    live,
    configDiagnostics,
    checks,
    checkAll,
    ...registerAuthoringCommands(services, checkAll),
    registerRuleDocs(),
    registerCodeActions(live),
    registerCompletion(checks, snippets),
    registerHover(checks),
    registerOutline(background),
    registerFolding(background),
    new GatePowerLens(services),
  );
  const api: AuthoringApi = { checkAll, configDiagnostics };
  // activate() returns { services }; tests find the authoring features there without a second export.
  (services as Services & { authoring?: AuthoringApi }).authoring = api;
  services.log.info(`authoring features registered in ${(performance.now() - started).toFixed(1)} ms`);
}
