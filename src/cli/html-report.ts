// `aispec eval --html FILE`: the results panel as one self-contained HTML file. Reads the panel's bundled
// script (dist/webview.js) and stylesheet (media/results.css) from the installed package, adds the
// comparison with --baseline and the spec's saved runs as history, and lets the pure core write the page;
// for a spec with several targets, also the page of their comparison.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparisonHtml, diffRuns, historyOf, resultsHtml, terminalLine } from '../core/index.js';
import type { ComparisonResults } from '../shared/comparison.js';
import type { RunResults } from '../shared/results.js';
import { readPastRuns } from '../node/run-store.js';
import { sha256Base64 } from '../node/sha256.js';
import { writeStderr } from './direct-output.js';

/** The package root: the nearest folder above this module holding dist/webview.js and media/results.css. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'media', 'results.css')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the results panel assets (media/results.css) above the aispec CLI');
    dir = parent;
  }
}

export async function readPanelAssets(): Promise<{ script: string; css: string }> {
  const root = packageRoot();
  const scriptPath = join(root, 'dist', 'webview.js');
  if (!existsSync(scriptPath)) throw new Error(`the results panel script is missing (${scriptPath}); run npm run build`);
  const [script, css] = await Promise.all([readFile(scriptPath, 'utf8'), readFile(join(root, 'media', 'results.css'), 'utf8')]);
  // The source map comment points at a file the report does not carry.
  return { script: script.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), css };
}

export interface HtmlReportInput {
  baseline?: RunResults;
  /** The spec file: its saved runs become the pass-rate history. */
  specFile?: string;
  /** In a spec comparing several targets, the target whose runs make the history. */
  targetName?: string;
}

export async function htmlReport(results: RunResults, input: HtmlReportInput = {}): Promise<string> {
  const assets = await readPanelAssets();
  let runs: RunResults[] = [];
  if (input.specFile && results.spec?.id) {
    runs = await readPastRuns(input.specFile, results.spec.id, 50, (path, reason) => {
      // File names and parse errors quoting the file come from whoever wrote the folder: sanitized.
      writeStderr(`aispec: warning: skipped ${terminalLine(relative(process.cwd(), path) || path)} in the run history: ${terminalLine(reason)}\n`);
    }, input.targetName);
  }
  return resultsHtml(results, {
    ...assets,
    sha256: sha256Base64,
    diff: input.baseline ? diffRuns(input.baseline, results) : null,
    baselineRunId: input.baseline?.run?.id ?? null,
    history: runs.length ? historyOf(runs, results) : [],
  });
}

/** `aispec eval --html FILE` on a spec with several targets: the Compare view as one self-contained page. */
export async function comparisonHtmlReport(comparison: ComparisonResults): Promise<string> {
  return comparisonHtml(comparison, { ...(await readPanelAssets()), sha256: sha256Base64 });
}
