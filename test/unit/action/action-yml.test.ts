// The shape of action.yml and of the example workflows that use it: every input a step reads exists, every
// input reaches the scripts, every script a step runs exists and sets the outputs action.yml declares, and
// every `uses:` of this action in examples/github-actions/ passes inputs action.yml has, as its command needs.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../cli/run-cli.js';
import { removeTemporaryFolders, runActionScript, workspaceWith } from './run-action.js';

interface ActionStep {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}
interface WorkflowStep {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: unknown;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: WorkflowStep[]; permissions?: Record<string, string> }>;
}

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as Action;
const COMMANDS = ['check', 'eval', 'merge', 'review'];
/** What each command cannot run without, besides `command`. */
const REQUIRED: Record<string, string[]> = { check: [], eval: ['specs'], merge: ['shards'], review: [] };
const expressions = (text: string) => [...text.matchAll(/\$\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]!);
const scriptSource = (name: string) => readFileSync(join(repoRoot, 'action', name), 'utf8');
const actionScripts = (dir = join(repoRoot, 'action')): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? actionScripts(join(dir, e.name)) : e.name.endsWith('.mjs') ? [join(dir, e.name)] : []));

describe('GitHub Action: action.yml and the example workflows', () => {
  after(removeTemporaryFolders);
  it('is a composite action whose steps call scripts that exist, with no logic in the YAML', () => {
    assert.equal(action.runs.using, 'composite');
    assert.ok(action.name && action.description);
    for (const step of action.runs.steps) {
      if (step.uses) {
        assert.match(step.uses, /^actions\/setup-node@v\d+$/);
        continue;
      }
      assert.equal(step.shell, 'bash');
      const call = /^node "\$GITHUB_ACTION_PATH\/(action\/[\w/-]+\.mjs)"$/.exec(step.run!.trim());
      assert.ok(call, `step ${step.id} only calls a script: ${step.run}`);
      assert.ok(existsSync(join(repoRoot, call[1]!)), `${call[1]} exists`);
    }
  });

  it('every input a step reads is declared, and every input is read by a step', () => {
    const read = new Set<string>();
    for (const step of action.runs.steps) {
      for (const text of [step.run ?? '', ...Object.values(step.with ?? {}).map(String), ...Object.values(step.env ?? {})]) {
        for (const expression of expressions(text)) {
          const name = /^inputs\.([\w-]+)$/.exec(expression)?.[1];
          assert.ok(name, `a step reads only inputs: ${expression}`);
          assert.ok(action.inputs[name], `input ${name} is declared`);
          read.add(name);
        }
      }
    }
    assert.deepEqual([...read].sort(), Object.keys(action.inputs).sort());
  });

  it('each input reaches the scripts as the INPUT_ variable they read', () => {
    const run = action.runs.steps.find((s) => s.id === 'run')!;
    const sources = actionScripts().map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const [variable, value] of Object.entries(run.env ?? {})) {
      const name = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(value)?.[1];
      assert.ok(name, `${variable} is one input`);
      assert.equal(variable, `INPUT_${name.toUpperCase().replace(/-/g, '_')}`);
      assert.ok(sources.includes(`'${name}'`), `a script reads input ${name}`);
    }
    // node-version is for setup-node; every other input goes to the scripts.
    assert.equal(Object.keys(run.env ?? {}).length, Object.keys(action.inputs).length - 1);
  });

  it('declares the outputs the main step sets, and only those', () => {
    const set = new Set(actionScripts().flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/setOutput\('([\w-]+)'/g)].map((m) => m[1]!)));
    // eval sets results, junit and markdown through its file table.
    for (const name of ['results', 'junit', 'markdown']) assert.match(scriptSource('eval.mjs'), new RegExp(`\\b${name}: join\\(dir`));
    for (const name of ['results', 'junit', 'markdown']) set.add(name);
    set.delete('cli');
    for (const [name, output] of Object.entries(action.outputs)) {
      assert.equal(output.value, `\${{ steps.run.outputs.${name} }}`);
      assert.ok(set.has(name), `a script sets ${name}`);
    }
    assert.deepEqual([...set].sort(), Object.keys(action.outputs).sort());
  });

  it('install.mjs uses a checkout that is already built, and names the CLI', async () => {
    const r = await runActionScript('install.mjs', { workspace: workspaceWith() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^aispec: using the build in /);
    assert.equal(r.outputs.cli, join(repoRoot, 'bin', 'aispec.cjs'));
  });

  const workflows = readdirSync(join(repoRoot, 'examples/github-actions')).filter((f) => f.endsWith('.yml'));
  it('there are example workflows', () => assert.ok(workflows.includes('aispec.yml')));
  for (const file of workflows) {
    describe(`examples/github-actions/${file}`, () => {
      const workflow = parse(readFileSync(join(repoRoot, 'examples/github-actions', file), 'utf8')) as Workflow;
      const ours = Object.values(workflow.jobs).flatMap((job) => job.steps.filter((s) => /^(aispec\/aispec@|\.\/?$)/.test(s.uses ?? '')));

      it('every use of the action passes inputs action.yml declares, with a known command and what it needs', () => {
        for (const step of ours) {
          const inputs = step.with ?? {};
          for (const name of Object.keys(inputs)) assert.ok(action.inputs[name], `${step.uses}: unknown input ${name}`);
          const command = String(inputs.command ?? action.inputs.command!.default);
          assert.ok(COMMANDS.includes(command), command);
          for (const name of REQUIRED[command]!) assert.ok(inputs[name], `command ${command} needs ${name}`);
          if (command === 'eval') assert.equal(String(inputs.specs).trim().split(/[\s,]+/).length, 1, 'eval takes one spec');
        }
      });

      it('keeps permissions minimal: contents: read for the workflow, more only per job', () => {
        assert.deepEqual(workflow.permissions, { contents: 'read' });
        for (const job of Object.values(workflow.jobs)) {
          for (const [scope, level] of Object.entries(job.permissions ?? {})) {
            assert.ok(['contents', 'pull-requests', 'actions'].includes(scope), scope);
            assert.ok(level === 'read' || scope === 'pull-requests', `${scope}: ${level}`);
          }
        }
      });

      it('never triggers on pull_request_target', () => {
        const events = typeof workflow.on === 'string' ? [workflow.on] : Object.keys(workflow.on as object);
        assert.ok(!events.includes('pull_request_target'));
      });
    });
  }

  it('docs/ci.md shows examples/github-actions/aispec.yml as it is', () => {
    const example = readFileSync(join(repoRoot, 'examples/github-actions/aispec.yml'), 'utf8');
    assert.ok(readFileSync(join(repoRoot, 'docs/ci.md'), 'utf8').includes(`\`\`\`yaml\n${example}\`\`\``));
  });

  it('aispec.yml: check, a four-shard eval matrix uploading each shard, a merge over the downloads, and the review', () => {
    const workflow = parse(readFileSync(join(repoRoot, 'examples/github-actions/aispec.yml'), 'utf8')) as Workflow & {
      jobs: Record<string, { strategy?: { matrix: { shard: string[] } }; needs?: string }>;
    };
    const command = (job: string) => workflow.jobs[job]!.steps.find((s) => s.uses?.startsWith('aispec/aispec@'))?.with?.command;
    assert.deepEqual(['check', 'eval', 'merge', 'review'].map(command), ['check', 'eval', 'merge', 'review']);
    assert.deepEqual(workflow.jobs.eval!.strategy!.matrix.shard, ['1/4', '2/4', '3/4', '4/4']);
    assert.ok(workflow.jobs.eval!.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@')));
    assert.equal(workflow.jobs.merge!.needs, 'eval');
    assert.ok(workflow.jobs.merge!.steps.some((s) => s.uses?.startsWith('actions/download-artifact@') && s.with?.path === workflow.jobs.merge!.steps.find((t) => t.with?.command === 'merge')!.with!.shards));
  });
});
