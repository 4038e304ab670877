// The layers of src/ (the table at the top of eslint.config.mjs) are enforced by the tools: lint and the
// type-check each reject a probe file that crosses a layer's boundary, and accept one that stays inside it,
// so this fails if a rule stops enforcing as well as if it starts rejecting legitimate code.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { ESLint } from 'eslint';
import type ts from 'typescript';
import { owningTsconfig, typeCheckProbes, type Probe, type ProbeDiagnostic } from './type-check-probes.js';

const repoRoot = dirname(dirname(dirname(import.meta.dirname)));

/** The rules that eslint.config.mjs uses for the layers. */
const LAYER_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax', 'no-restricted-globals', 'no-restricted-properties']);
/** Cannot find module (2307, or 2591 with the hint to install @types/node): Node built-ins do not exist in the layer. */
const NO_SUCH_MODULE = [2307, 2591];
/** The file belongs to a layer this one does not reference (reported once per file: each probe names its own). */
const NOT_IN_LAYER = [6307];

interface Case extends Probe {
  name: string;
  /** The TypeScript error codes of which at least one must be reported; empty: the file must type-check. */
  tsErrors: number[];
}

const rejected: Case[] = [
  { name: 'a core file importing node:fs', file: 'src/core/eval/layer-probe-fs.ts', code: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n", tsErrors: NO_SUCH_MODULE },
  { name: "a core file importing 'util'", file: 'src/core/layer-probe-util.ts', code: "import { inspect } from 'util';\nexport const show = inspect;\n", tsErrors: NO_SUCH_MODULE },
  { name: 'a core file importing ../node/…', file: 'src/core/layer-probe-node.ts', code: "import { nodeSpecHost } from '../node/spec-host.js';\nexport const host = nodeSpecHost;\n", tsErrors: NOT_IN_LAYER },
  // A node file no other probe reaches (spec-host.ts now imports project-paths.ts), so TS6307 is reported here.
  { name: 'a core file re-exporting ../../node/…', file: 'src/core/eval/layer-probe-reexport.ts', code: "export { fileDigest } from '../../node/file-digest.js';\n", tsErrors: NOT_IN_LAYER },
  { name: 'a core file using process.env', file: 'src/core/layer-probe-env.ts', code: 'export const home = process.env.HOME;\n', tsErrors: [2580, 2591, 2304] },
  { name: 'a core file using globalThis.process', file: 'src/core/layer-probe-global.ts', code: 'export const argv = globalThis.process.argv;\n', tsErrors: [2339, 7017] },
  { name: 'a core file importing node:fs dynamically', file: 'src/core/layer-probe-dynamic.ts', code: "export const fs = () => import('node:fs');\n", tsErrors: NO_SUCH_MODULE },
  { name: 'a shared file importing ../core/…', file: 'src/shared/layer-probe-core.ts', code: "import type { ParsedSpec } from '../core/spec/types.js';\nexport type Spec = ParsedSpec;\n", tsErrors: NOT_IN_LAYER },
  { name: 'a webview file importing ../node/…', file: 'src/webview/layer-probe-node.ts', code: "import { nodeSpecHost } from '../node/spec-host.js';\nexport const host = nodeSpecHost;\n", tsErrors: NOT_IN_LAYER },
  { name: 'a webview file importing node:path', file: 'src/webview/layer-probe-path.ts', code: "import { join } from 'node:path';\nexport const joined = join('a', 'b');\n", tsErrors: NO_SUCH_MODULE },
];

const accepted: Case[] = [
  {
    name: 'a core file using shared types, a package and the host-neutral globals',
    file: 'src/core/eval/layer-probe-clean.ts',
    code: [
      "import type { RunResults } from '../../shared/results.js';",
      "import { parse } from 'yaml';",
      "import { wilsonLowerBound } from '../metrics/index.js';",
      'export const size = (r: RunResults) => r.cases.length + String(parse("a: 1")).length + (wilsonLowerBound(1, 2) ?? 0);',
      'export const aborted = new AbortController().signal.aborted;',
      "export const bytes = new TextEncoder().encode('x').length + (globalThis.performance?.now() ?? 0);",
      '',
    ].join('\n'),
    tsErrors: [],
  },
  {
    name: 'a webview file using the core and the DOM',
    file: 'src/webview/layer-probe-clean.ts',
    code: "import { wilsonInterval } from '../core/index.js';\nexport const title = `${document.title} ${wilsonInterval(1, 2)}`;\n",
    tsErrors: [],
  },
  {
    name: 'an extension file importing node:fs, vscode and src/node, and using process.env',
    file: 'src/extension/layer-probe-clean.ts',
    code: [
      "import { readFileSync } from 'node:fs';",
      "import * as vscode from 'vscode';",
      "import { nodeSpecHost } from '../node/spec-host.js';",
      'export const used = [readFileSync, vscode.window, nodeSpecHost, process.env.HOME];',
      '',
    ].join('\n'),
    tsErrors: [],
  },
  {
    name: 'a CLI file importing src/node and the core',
    file: 'src/cli/layer-probe-clean.ts',
    code: "import { nodeSpecHost } from '../node/spec-host.js';\nimport { wilsonInterval } from '../core/index.js';\nexport const used = [nodeSpecHost, wilsonInterval, process.argv];\n",
    tsErrors: [],
  },
];

const cases = [...rejected, ...accepted];

describe('architecture: the layers are enforced by lint and the type-check', function () {
  // Three TypeScript programs (core, webview and the Node side) and an ESLint run; slow on a busy machine.
  this.timeout(120_000);

  describe('ESLint', () => {
    let eslint: ESLint;
    before(() => {
      eslint = new ESLint({ cwd: repoRoot });
    });

    async function lint(probe: Case): Promise<{ ruleId: string | null; message: string }[]> {
      const [result] = await eslint.lintText(probe.code, { filePath: `${repoRoot}/${probe.file}` });
      return result!.messages.map(({ ruleId, message }) => ({ ruleId, message }));
    }

    for (const probe of rejected) {
      it(`rejects ${probe.name}`, async () => {
        const messages = await lint(probe);
        assert.ok(messages.some((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)), `expected a layer rule to fire, got ${JSON.stringify(messages)}`);
      });
    }
    for (const probe of accepted) {
      it(`accepts ${probe.name}`, async () => {
        assert.deepEqual(await lint(probe), []);
      });
    }
  });

  describe('ESLint: the core is reached through its front door, src/core/index.ts', () => {
    const deep = [
      { layer: 'node', file: 'src/node/layer-probe-deep.ts', code: "import { loadSpec } from '../core/spec/load.js';\nexport const f = loadSpec;\n" },
      { layer: 'cli', file: 'src/cli/layer-probe-deep.ts', code: "export { diffRuns } from '../core/diff/diff-runs.js';\n" },
      { layer: 'extension', file: 'src/extension/running/layer-probe-deep.ts', code: "import { specConfig } from '../../core/spec/config.js';\nexport const f = specConfig;\n" },
      { layer: 'webview', file: 'src/webview/render/layer-probe-deep.ts', code: "import { formatRate } from '../../core/report/results-format.js';\nexport const f = formatRate;\n" },
    ];
    let eslint: ESLint;
    before(() => {
      eslint = new ESLint({ cwd: repoRoot });
    });
    for (const probe of deep) {
      it(`rejects a deep core import in src/${probe.layer}`, async () => {
        const [result] = await eslint.lintText(probe.code, { filePath: `${repoRoot}/${probe.file}` });
        assert.ok(result!.messages.some((m) => /front door/.test(m.message)), JSON.stringify(result!.messages));
      });
    }
    it('accepts the front door, and deep imports inside the core', async () => {
      const [outside] = await eslint.lintText("import { loadSpec } from '../core/index.js';\nexport const f = loadSpec;\n", { filePath: `${repoRoot}/src/node/layer-probe-door.ts` });
      const [inside] = await eslint.lintText("import { specConfig } from '../spec/config.js';\nexport const f = specConfig;\n", { filePath: `${repoRoot}/src/core/eval/layer-probe-inside.ts` });
      assert.deepEqual([...outside!.messages, ...inside!.messages], []);
    });
  });

  describe('TypeScript', () => {
    const errors = new Map<string, ProbeDiagnostic[]>();
    before(() => {
      const byConfig = new Map<string, Case[]>();
      for (const probe of cases) {
        const config = owningTsconfig(repoRoot, probe.file);
        byConfig.set(config, [...(byConfig.get(config) ?? []), probe]);
      }
      const sourceCache = new Map<string, ts.SourceFile>();
      for (const [config, probes] of byConfig) {
        for (const [file, diagnostics] of typeCheckProbes(config, probes, repoRoot, sourceCache)) errors.set(file, diagnostics);
      }
    });

    for (const probe of rejected) {
      it(`rejects ${probe.name}`, () => {
        const found = errors.get(probe.file)!;
        assert.ok(found.some((d) => probe.tsErrors.includes(d.code)), `expected TS${probe.tsErrors.join('/TS')}, got ${JSON.stringify(found)}`);
      });
    }
    for (const probe of accepted) {
      it(`accepts ${probe.name}`, () => {
        assert.deepEqual(errors.get(probe.file), []);
      });
    }
  });
});
