// Budgets for `aispec check` (issue 2): parse + validate + lint of a spec with 1,000 cases under 30 ms and
// 10,000 under 300 ms (so: linear), and the CLI's cold start on one spec under 200 ms wall.
// Prints medians over several runs (and the fastest run, the one a busy machine disturbed least), with the
// load average: on a shared machine, compare the cold start with bare `node -e 0` measured alongside it.
// Start-up targets (issue 15): `aispec check` of a small spec <= 1.6x bare `node -e 0`, `aispec --version`
// <= 1.3x, each printed beside its target with the median and the min–max of the per-round ratios.
// Build first (the cold start runs dist/): npm run build && npm run bench:check
//   node --import tsx bench/check.bench.ts [--runs N] [--no-warm]   (--no-warm: only the cold start)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkSpec } from '../src/core/check.js';
import { nodeSpecHost } from '../src/node/spec-host.js';
import { benchSpecText, LABELS, TAGS } from './bench-spec.js';
import { median } from './stats.js';

const root = resolve(import.meta.dirname, '..');
function header(n: number, external: boolean): string {
  return benchSpecText(`bench-${n}`, `Benchmark spec with ${n} cases`, external ? 'cases: cases.jsonl\n' : '');
}

const caseAt = (i: number) => ({
  id: `case-${String(i).padStart(5, '0')}`,
  input: `Question number ${i}: how should I think about ibuprofen and paracetamol when I have symptom ${i % 97}?`,
  expect: LABELS[i % LABELS.length]!,
  tags: [TAGS[i % TAGS.length]!, TAGS[(i + 1) % TAGS.length]!],
});

function writeSpec(dir: string, n: number, external: boolean): string {
  const file = join(dir, `bench-${n}${external ? '-jsonl' : ''}.aispec.md`);
  const cases = Array.from({ length: n }, (_, i) => caseAt(i));
  if (external) {
    writeFileSync(join(dir, 'cases.jsonl'), cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
    writeFileSync(file, header(n, true));
  } else {
    const yaml = cases.map((c) => `- id: ${c.id}\n  input: "${c.input}"\n  expect: ${c.expect}\n  tags: [${c.tags.join(', ')}]`).join('\n');
    writeFileSync(file, `${header(n, false)}\`\`\`yaml cases\n${yaml}\n\`\`\`\n`);
  }
  return file;
}

async function timeCheck(file: string, runs: number): Promise<{ ms: number; min: number; diagnostics: number }> {
  const times: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now();
    const result = await checkSpec(file, nodeSpecHost);
    const elapsed = performance.now() - start;
    if (i >= 2) times.push(elapsed); // the first two runs warm the JIT and compile the schema
    diagnostics = result.diagnostics.length;
  }
  return { ms: median(times), min: Math.min(...times), diagnostics };
}

/** CPU time (user + system) used so far by this process's finished children, in ms; undefined off Linux. */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, in clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const argv = process.argv.slice(2);
const runsArg = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 11;
if (!Number.isInteger(runsArg) || runsArg < 1) throw new Error('--runs must be a positive integer');

const dir = mkdtempSync(join(tmpdir(), 'aispec-bench-'));
try {
  console.log(`aispec check: parse + validate + lint (median ms, warm, in-process; min = fastest run)   node ${process.version}, load average ${load()}`);
  const rows: string[] = [];
  const budget: Record<number, number> = { 100: 10, 1000: 30, 10000: 300 };
  for (const external of argv.includes('--no-warm') ? [] : [false, true]) {
    for (const n of [100, 1000, 10000]) {
      const file = writeSpec(dir, n, external);
      const runs = n >= 10000 ? 7 : 15;
      const { ms, min, diagnostics } = await timeCheck(file, runs);
      rows.push(`  ${String(n).padStart(6)} cases ${external ? '(JSONL file)' : '(inline YAML)'}: ${ms.toFixed(1).padStart(7)} ms  budget ${budget[n]} ms  ${ms <= budget[n]! ? 'ok' : 'OVER'}  (min ${min.toFixed(1)} ms, ${diagnostics} diagnostics, ${runs} runs)`);
      console.log(rows.at(-1));
    }
  }

  // Cold start: a new process per run, interleaved with bare node so both see the same load. The CLI keeps
  // its commands' compiled code between runs (src/node/code-cache.ts; Node's own compile cache on 22.1+; the
  // first run writes it); NODE_DISABLE_COMPILE_CACHE=1 shows what a run without it costs.
  const one = writeSpec(dir, 100, false);
  const cli = join(root, 'bin/aispec.cjs');
  if (!existsSync(join(root, 'dist/cli.cjs'))) throw new Error('dist/ is missing: run npm run build first');
  const variants: { name: string; args: string[]; env?: Record<string, string>; target?: number }[] = [
    { name: 'bare "node -e 0"', args: ['-e', '0'] },
    { name: 'aispec check', args: [cli, 'check', one], target: 1.6 },
    { name: 'aispec check, no code cache', args: [cli, 'check', one], env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
    { name: 'aispec --version', args: [cli, '--version'], target: 1.3 },
  ];
  const run = (v: (typeof variants)[number]) => {
    const r = spawnSync(process.execPath, v.args, { encoding: 'utf8', env: { ...process.env, ...v.env } });
    if (r.status === null || r.status > 1) throw new Error(`${v.name} failed: ${r.stderr}`);
  };
  run(variants[1]!); // writes the compile cache if this build has none yet
  const runs = runsArg;
  const wall = variants.map(() => [] as number[]);
  const cpu = variants.map(() => 0);
  const loadBefore = load();
  for (let i = 0; i < runs; i++) {
    variants.forEach((v, k) => {
      const cpuBefore = childrenCpuMs();
      const start = performance.now();
      run(v);
      wall[k]!.push(performance.now() - start);
      const cpuAfter = childrenCpuMs();
      if (cpuBefore !== undefined && cpuAfter !== undefined) cpu[k]! += cpuAfter - cpuBefore;
    });
  }
  const bare = median(wall[0]!);
  console.log(`CLI cold start, one 100-case spec (median wall of ${runs} runs, interleaved; load average ${loadBefore} before, ${load()} after):`);
  variants.forEach((v, k) => {
    const ms = median(wall[k]!);
    const verdict = k === 0 ? '' : `  budget 200 ms ${ms <= 200 ? 'ok' : 'OVER'}`;
    const cpuText = childrenCpuMs() === undefined ? '' : `, cpu ${(cpu[k]! / runs).toFixed(0)} ms`;
    console.log(`  ${v.name.padEnd(28)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / bare).toFixed(2)}x bare node  (min ${Math.min(...wall[k]!).toFixed(0)} ms${cpuText})${verdict}`);
  });
  // Per-round ratios: each run against the bare node run just before it, under the same load.
  console.log(`start-up targets (issue 15): ratio to bare "node -e 0", median (min–max of ${runs} per-round ratios), CPU ratio from user+sys:`);
  variants.forEach((v, k) => {
    if (v.target === undefined) return;
    const ratios = wall[k]!.map((ms, i) => ms / wall[0]![i]!);
    const m = median(ratios);
    const cpuRatio = childrenCpuMs() === undefined ? '' : `   cpu ${(cpu[k]! / cpu[0]!).toFixed(2)}x`;
    console.log(
      `  ${v.name.padEnd(28)} ${m.toFixed(2)}x  (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})  target <= ${v.target}x  ${m <= v.target ? 'ok' : 'MISSED'}${cpuRatio}   bare node ${bare.toFixed(0)} ms`,
    );
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
