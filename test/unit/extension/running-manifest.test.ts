// The running half's package.json contributions: palette commands under "aispec:", a walkthrough whose
// media exist and whose steps complete on real commands, settings that never hold a key, lazy activation
// and limited support for untrusted workspaces.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

const PALETTE = ['aispec.runEval', 'aispec.runEvalForTag', 'aispec.rerunFailed', 'aispec.cancelRun', 'aispec.showResults', 'aispec.compareWithBaseline', 'aispec.setApiKey', 'aispec.newSpecFromTemplate', 'aispec.checkAllSpecs'];

describe('extension running: manifest', () => {
  const commands: Array<{ command: string; title: string; category?: string }> = pkg.contributes.commands;

  it('contributes every running command, shown as "aispec: …"', () => {
    for (const id of PALETTE) {
      const c = commands.find((x) => x.command === id);
      assert.ok(c, `${id} is contributed`);
      assert.ok(c.category === 'aispec' || c.title.startsWith('aispec: '), `${id} reads "aispec: ${c.title}"`);
    }
    const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command));
    for (const id of ['aispec.runCases', 'aispec.openLastResults']) assert.ok(hidden.has(id), `${id} (internal) is not in the palette`);
  });

  it('activates lazily and runs nothing in untrusted workspaces', () => {
    const events: string[] = pkg.activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /nothing runs/);
  });

  it('has settings for concurrency, cache and base URLs, and none that could hold a key', () => {
    const properties = Object.keys(pkg.contributes.configuration.properties ?? {});
    for (const key of ['aispec.concurrency', 'aispec.cache', 'aispec.providers.openai.baseUrl', 'aispec.providers.anthropic.baseUrl']) assert.ok(properties.includes(key), key);
    for (const key of properties) assert.doesNotMatch(key, /key|token|secret|password/i, `${key} looks like a place for a secret`);
  });

  it('a walkthrough from a template to a first run and the results, with its media on disk', () => {
    const walkthrough = pkg.contributes.walkthroughs.find((w: { id: string }) => w.id === 'gettingStarted');
    assert.ok(walkthrough);
    const events = walkthrough.steps.flatMap((s: { completionEvents: string[] }) => s.completionEvents);
    for (const e of ['onCommand:aispec.newSpecFromTemplate', 'onCommand:aispec.runEval', 'onCommand:aispec.showResults']) assert.ok(events.includes(e), e);
    for (const step of walkthrough.steps) {
      const media = step.media.markdown ?? step.media.image ?? step.media.svg;
      assert.ok(existsSync(join(ROOT, media)), `${media} exists`);
      for (const m of step.description.matchAll(/\(command:([\w.]+)/g)) {
        assert.ok(commands.some((c) => c.command === m[1]) || m[1]!.startsWith('workbench.'), `${m[1]} is a command`);
      }
    }
  });

  it('gutter icons exist for each status', () => {
    for (const f of ['case-pass.svg', 'case-fail.svg', 'case-error.svg']) assert.ok(existsSync(join(ROOT, 'media', f)), f);
  });
});
