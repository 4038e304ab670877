// Budgets for `aispec check` (issue 2): parse + validate + lint of a spec with 1,000 cases under 30 ms and
// 10,000 under 300 ms (so: linear), and the CLI's cold start on one spec under 200 ms wall.
// Prints medians over several runs (and the fastest run, the one a busy machine disturbed least), with the
// load average: on a shared machine, compare the cold start with bare `node -e 0` measured alongside it.
// Start-up targets (issue 15): `aispec check` of a small spec <= 1.6x bare `node -e 0`, `aispec --version`
// <= 1.3x, each printed beside its target with the median and the min–max of the per-round ratios, and the
// milliseconds over bare node; `aispec check` both of an unchanged spec (its kept result printed again,
// src/cli/check-cache.ts) and after a change (checked, traced, its result kept), and the bundled health
// example after a change (a spec as people write them, no target of its own). Where NODE_EXTRA_CA_CERTS is
// set (it inflates every node's start-up, bare node's too), the commands also run without it and both ratios
// are printed.
// --instructions: also counts each start-up variant's instructions under valgrind's callgrind (one run each,
// ~10 s apiece; every thread's instructions, whatever else the machine is doing): a measure that a shared
// machine's load does not move, for comparing builds. Needs valgrind (apt-get install valgrind).
// Build first (the cold start runs dist/): npm run build && npm run bench:check
//   node --import tsx bench/check.bench.ts [--runs N] [--no-warm] [--instructions]   (--no-warm: only the cold start)
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
  const healthSpec = join(root, 'examples/health-assistant/health-assistant.aispec.md');
  const cli = join(root, 'bin/aispec.cjs');
  if (!existsSync(join(root, 'dist/cli.cjs'))) throw new Error('dist/ is missing: run npm run build first');
  type Variant = { name: string; args: string[]; env?: Record<string, string>; unset?: string; target?: number; afterChange?: true; before?: () => void };
  // A check whose specs and files did not change since the last one prints that one's result again without
  // parsing (src/cli/check-cache.ts); a check after a change runs, traced, and keeps its result. Both are
  // measured against the target, and --no-cache (the check alone, untraced) beside them. The bench keeps
  // its own cache folder (compiled code and kept results), not the user's.
  const cacheHome = join(dir, 'cache-home');
  const variants: Variant[] = [
    { name: 'bare "node -e 0"', args: ['-e', '0'] },
    { name: 'aispec check, unchanged spec', args: [cli, 'check', one], target: 1.6 },
    { name: 'aispec check, after a change', args: [cli, 'check', one], target: 1.6, afterChange: true },
    { name: 'aispec check --no-cache', args: [cli, 'check', '--no-cache', one] },
    { name: 'aispec check --no-cache, no code cache', args: [cli, 'check', '--no-cache', one], env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
    { name: 'aispec --version', args: [cli, '--version'], target: 1.3 },
    // A spec as people write them (the bundled health example: 154 cases in 8 blocks, a rubric with checks,
    // anti-patterns, judge calibration files): no target of its own, beside the small spec's figures.
    { name: 'aispec check, health example, after a change', args: [cli, 'check', healthSpec], afterChange: true },
  ];
  // NODE_EXTRA_CA_CERTS makes every node process parse that certificate file as it starts, bare node too
  // (Node 20 does it before running any JavaScript): with a system bundle of ~150 certificates that is most
  // of bare node's start-up, so the ratios shrink. Where it is set, the same commands also run without it,
  // as node starts on most machines, and both sets of ratios are printed.
  const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
  const run = (v: Variant, debug = false) => {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome, ...v.env };
    if (v.unset) delete env[v.unset];
    if (debug) env.AISPEC_DEBUG = 'check-cache';
    v.before?.();
    const r = spawnSync(process.execPath, v.args, { encoding: 'utf8', env });
    if (r.status === null || r.status > 1) throw new Error(`${v.name} failed: ${r.stderr}`);
    return r.stderr;
  };
  // The spec was just written: a result is kept only once its file is older than a moment (check-cache.ts).
  await new Promise((resolve) => setTimeout(resolve, 200));
  run(variants[3]!); // writes the compile cache if this build has none yet
  // Each variant does what its name says, or the figures would mean nothing. An "after a change" variant
  // removes its own entry before each run (and only that one: the unchanged spec's variant reuses its entry,
  // which the small spec's "after a change" run writes again).
  for (const v of variants.filter((x) => x.afterChange)) {
    const kept = /result kept in (.+)$/m.exec(run(v, true))?.[1];
    if (!kept) throw new Error(`${v.name}: the check did not keep its result`);
    v.before = () => rmSync(kept, { force: true });
    if (!/result kept/.test(run(v, true))) throw new Error(`${v.name}: the check did not run afresh after its entry was removed`);
  }
  if (!/the last result/.test(run(variants[1]!, true))) throw new Error('a check of the unchanged spec did not reuse the kept result');
  if (/check cache:/.test(run(variants[3]!, true))) throw new Error('--no-cache used the check cache');
  // Made once the variants are set up: a copy started without the extra certificates keeps the same entry.
  const plain = extraCerts ? variants.filter((v) => !v.env).map((v) => ({ ...v, name: `${v.name}, no extra CAs`, unset: 'NODE_EXTRA_CA_CERTS' })) : [];
  variants.push(...plain);
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
  /** The bare node run each variant is compared with: the one started the same way. */
  const bareOf = (v: Variant) => variants.findIndex((b) => b.args[0] === '-e' && b.unset === v.unset);
  console.log(`CLI cold start, one 100-case spec (median wall of ${runs} runs, interleaved; load average ${loadBefore} before, ${load()} after):`);
  variants.forEach((v, k) => {
    const ms = median(wall[k]!);
    const bare = median(wall[bareOf(v)]!);
    const verdict = v.args[0] === '-e' ? '' : `  budget 200 ms ${ms <= 200 ? 'ok' : 'OVER'}`;
    const cpuText = childrenCpuMs() === undefined ? '' : `, cpu ${(cpu[k]! / runs).toFixed(0)} ms`;
    console.log(`  ${v.name.padEnd(42)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / bare).toFixed(2)}x bare node  (min ${Math.min(...wall[k]!).toFixed(0)} ms${cpuText})${verdict}`);
  });
  if (extraCerts) {
    const count = (() => {
      try {
        return String((readFileSync(extraCerts, 'latin1').match(/-----BEGIN CERTIFICATE-----/g) ?? []).length);
      } catch {
        return 'unreadable';
      }
    })();
    const cost = median(wall[0]!) - median(wall[bareOf(plain[0]!)]!);
    console.log(`  NODE_EXTRA_CA_CERTS is set (${extraCerts}, ${count} certificates): parsing it costs every node process ~${cost.toFixed(0)} ms at start-up, bare node included.`);
  }
  // Per-round ratios: each run against the bare node run of the same round, started the same way.
  console.log(`start-up targets (issue 15): ratio to bare "node -e 0", median (min–max of ${runs} per-round ratios), CPU ratio from user+sys:`);
  variants.forEach((v, k) => {
    if (v.target === undefined) return;
    const b = bareOf(v);
    const ratios = wall[k]!.map((ms, i) => ms / wall[b]![i]!);
    const m = median(ratios);
    const cpuRatio = childrenCpuMs() === undefined ? '' : `   cpu ${(cpu[k]! / cpu[b]!).toFixed(2)}x`;
    const over = median(wall[k]!) - median(wall[b]!);
    console.log(
      `  ${v.name.padEnd(42)} ${m.toFixed(2)}x  (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})  target <= ${v.target}x  ${m <= v.target ? 'ok' : 'MISSED'}${cpuRatio}   bare node ${median(wall[b]!).toFixed(0)} ms, +${over.toFixed(0)} ms`,
    );
  });
  if (argv.includes('--instructions')) {
    // Without the extra certificates: as node starts on most machines, and the part every process shares is smaller.
    const counted = variants.filter((v) => !v.env && (v.unset !== undefined || !extraCerts));
    const instructions = counted.map((v) => instructionsOf(v.args, v.unset, cacheHome, v.before));
    if (instructions.every((n) => n !== undefined)) {
      const bare = instructions[0]!;
      console.log('instructions (callgrind, one run each, every thread; the load of the machine does not change them):');
      counted.forEach((v, k) => console.log(`  ${v.name.padEnd(42)} ${(instructions[k]! / 1e6).toFixed(1).padStart(7)}M  ${(instructions[k]! / bare).toFixed(2)}x bare node${v.target ? `  (wall target <= ${v.target}x)` : ''}`));
    } else {
      console.log('instructions: valgrind is not installed here (apt-get install valgrind)');
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** The instructions one run of node with `args` executes under callgrind, or undefined without valgrind. */
function instructionsOf(args: string[], unset: string | undefined, cacheHome: string, before?: () => void): number | undefined {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome };
  if (unset) delete env[unset];
  before?.();
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...args], { encoding: 'utf8', env, timeout: 300_000 });
  const collected = /Collected : (\d+)/.exec(r.stderr ?? '');
  return collected ? Number(collected[1]) : undefined;
}
