// Scale bench (issue 15, targets 3 and 5): specs of 10,000, 100,000 and 1,000,000 short cases in a JSONL case
// file, run on a recorded target (bench/scale-fixtures.ts writes them to a temp folder). For each size it
// runs, as new processes:
//   floor        bench/scale-floor.mjs: read and JSON.parse both files, pair, grade with one regex, write a
//                line per case: the least work such an eval must do, in plain Node
//   check        aispec check --no-cache SPEC (the check afresh, not a kept result printed again)
//   eval         aispec eval SPEC -q (saving the run and latest.json, as a user's run does; a warm-up run
//                first, so latest.json exists and is read for the gate-power lint, as on every later run)
// and prints the median wall time (min–max), user + system CPU and peak RSS of each, beside the targets:
// check <= 1.5 s and eval <= 5 s, <= 300 MB at 100,000 cases; 1,000,000 cases <= 11x the 100,000 figures and
// <= 1.5 GB. Then, on the largest size: the run as --shard i/4 jobs one after another and `aispec merge`
// (the CI-matrix recipe of docs/scale.md: each shard's time, the merge's, peak RSS, and the projection); the
// re-runs and comparisons of that run, which have no target (eval --failed, --reuse-outputs, --baseline and
// aispec diff, one run each; --no-reruns skips them), and
// at 100,000 cases the results panel's first view of the real results file (bench/panel-render.ts).
// Peak RSS and CPU come from each process itself (bench/child-usage.cjs), wall time from here.
//
//   npm run build && npm run bench:scale                       3 runs each, 10k, 100k and 1M
//   npm run bench:scale -- --quick                             1 run each, 10k and 100k, 4 shards of 100k
//   npm run bench:scale -- --runs 5 --sizes 10000,100000 --no-panel
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readRunSummary } from '../src/node/run-store.js';
import { writeScaleProject } from './scale-fixtures.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    sizes: { type: 'string' },
    shards: { type: 'string', default: '4' },
    quick: { type: 'boolean', default: false },
    'no-panel': { type: 'boolean', default: false },
    'no-reruns': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const quick = values.quick ?? false;
const RUNS = Number(values.runs ?? (quick ? 1 : 3));
const SIZES = (values.sizes ?? (quick ? '10000,100000' : '10000,100000,1000000')).split(',').map(Number);
const SHARDS = Number(values.shards);
const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'bin/aispec.cjs');
const usageHook = join(root, 'bench/child-usage.cjs');
if (!existsSync(join(root, 'dist/cli.cjs'))) throw new Error('dist/ is missing: run npm run build first');

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  status: number;
}

/** Runs `node --require child-usage.cjs ARGS` in `cwd`; its wall time from here, CPU and peak RSS from itself. */
function measure(args: string[], cwd: string): Sample {
  const usageFile = join(cwd, '.bench-usage.json');
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--require', usageHook, ...args], { cwd, env: { ...process.env, AISPEC_BENCH_USAGE: usageFile }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  if (r.status === null || r.status > 1) throw new Error(`node ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr?.toString().slice(0, 2000)}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKb: number; userMs: number; systemMs: number };
  return { wallMs, cpuMs: usage.userMs + usage.systemMs, rssMb: usage.maxRssKb / 1024, status: r.status };
}

interface Figures {
  wall: number;
  wallMin: number;
  wallMax: number;
  cpu: number;
  rss: number;
  rssMax: number;
}
function figures(samples: Sample[]): Figures {
  const wall = samples.map((s) => s.wallMs);
  return { wall: median(wall), wallMin: Math.min(...wall), wallMax: Math.max(...wall), cpu: median(samples.map((s) => s.cpuMs)), rss: median(samples.map((s) => s.rssMb)), rssMax: Math.max(...samples.map((s) => s.rssMb)) };
}
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const describe = (f: Figures) => `${seconds(f.wall).padStart(8)} (${(f.wallMin / 1000).toFixed(2)}–${(f.wallMax / 1000).toFixed(2)})  cpu ${seconds(f.cpu).padStart(8)}  peak ${f.rss.toFixed(0).padStart(5)} MB`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');

/**
 * The storage floor: the time to write a file of the results file's bytes and flush it to the disk, as an eval
 * must before it reports the run saved (results-file-write.ts: temp file, fsync, rename). The results file
 * itself is copied, read from the page cache in 1 MB pieces, right after the eval. It is optimistic: the copy's
 * page cache reuses the memory the eval has just freed, where the eval's own files take memory the system has
 * not handed out for a while, which on a virtual machine can cost far more (this one: `dd` of 1.1 GB into the
 * page cache took 9.1 s at first and 0.33 s right after; docs/scale.md). Printed to show what the disk itself
 * costs, beside the eval.
 */
function storageFloor(file: string, dir: string): number {
  const copy = join(dir, '.storage-floor.tmp');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const start = performance.now();
  const from = openSync(file, 'r');
  const to = openSync(copy, 'w');
  try {
    for (let read; (read = readSync(from, buffer, 0, buffer.length, null)) > 0; ) {
      for (let offset = 0; offset < read; ) offset += writeSync(to, buffer, offset, read - offset);
    }
    fsyncSync(to);
  } finally {
    closeSync(from);
    closeSync(to);
  }
  const ms = performance.now() - start;
  rmSync(copy, { force: true });
  return ms;
}

/** The timestamped runs of the folder but the newest, and every temp file: each eval then finds only latest.json. */
function pruneRuns(dir: string): void {
  const runs = join(dir, '.aispec', 'runs');
  if (!existsSync(runs)) return;
  for (const spec of readdirSync(runs)) {
    const folder = join(runs, spec);
    for (const name of readdirSync(folder)) if (name !== 'latest.json') rmSync(join(folder, name), { force: true });
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'aispec-scale-'));
console.log(`aispec scale bench: JSONL case file, recorded target; median wall of ${RUNS} run${RUNS === 1 ? '' : 's'} (min–max), user+sys CPU, peak RSS (median)`);
console.log(`node ${process.version}, load average ${load()} at the start`);
const results = new Map<number, { floor: Figures; check: Figures; eval: Figures; samples: Record<'floor' | 'check' | 'eval', Sample[]>; resultsMb: number; storageMs: number; spec: string; dir: string }>();
try {
  // Each size's project and warm-up first; then the rounds, each running every size, so that a size's runs and
  // the next size's are minutes apart, not a quarter of an hour: this virtual machine's speed drifts (the same
  // million-case eval took 29 s and 34 s in two benches an hour apart), and the ratio between sizes is the figure.
  const projects = SIZES.map((n) => {
    const dir = join(workDir, `n${n}`);
    const generated = performance.now();
    const spec = writeScaleProject(dir, n);
    const heading = `${n.toLocaleString('en-US')} cases (case file ${(statSync(join(dir, 'cases.jsonl')).size / 1e6).toFixed(0)} MB, outputs ${(statSync(join(dir, 'outputs.jsonl')).size / 1e6).toFixed(0)} MB, written in ${seconds(performance.now() - generated)})`;
    measure([cli, 'eval', spec, '-q'], dir); // warm-up: writes latest.json (read by every later run's check)
    return { n, dir, spec, heading, samples: { floor: [] as Sample[], check: [] as Sample[], eval: [] as Sample[] }, storage: [] as number[] };
  });
  for (let i = 0; i < RUNS; i++) {
    for (const { n, dir, spec, samples, storage } of projects) {
      // Interleaved, so the three see the same load.
      samples.floor.push(measure([join(root, 'bench/scale-floor.mjs'), dir], dir));
      // The check itself (--no-cache): a check of unchanged specs prints its kept result again instead, which
      // bench:check measures beside it (src/cli/check-cache.ts).
      samples.check.push(measure([cli, 'check', '--no-cache', spec], dir));
      pruneRuns(dir);
      samples.eval.push(measure([cli, 'eval', spec, '-q'], dir));
      storage.push(storageFloor(join(dir, '.aispec', 'runs', `scale-${n}`, 'latest.json'), dir));
    }
  }
  for (const { n, dir, spec, heading, samples, storage } of projects) {
    console.log(`\n${heading}`);
    const latest = join(dir, '.aispec', 'runs', `scale-${n}`, 'latest.json');
    const row = { floor: figures(samples.floor), check: figures(samples.check), eval: figures(samples.eval), samples, resultsMb: statSync(latest).size / 1e6, storageMs: median(storage), spec, dir };
    results.set(n, row);
    console.log(`  floor (plain Node) ${describe(row.floor)}`);
    console.log(`  aispec check       ${describe(row.check)}  ${(row.check.wall / row.floor.wall).toFixed(1)}x floor${n === 100000 ? `  target <= 1.5 s ${verdict(row.check.wall <= 1500)}` : ''}`);
    console.log(`  aispec eval        ${describe(row.eval)}  ${(row.eval.wall / row.floor.wall).toFixed(1)}x floor${n === 100000 ? `  target <= 5 s ${verdict(row.eval.wall <= 5000)}, <= 300 MB ${verdict(row.eval.rssMax <= 300)}` : n === 1000000 ? `  target <= 1.5 GB ${verdict(row.eval.rssMax <= 1536)}` : ''}`);
    // latest.json is the run file under a second name where the file system allows a hard link, else a copy
    // (run-store.ts): the run file is the other name of its inode, or no file of the folder is.
    const folder = dirname(latest);
    const linked = readdirSync(folder).some((name) => name !== 'latest.json' && name.endsWith('.json') && statSync(join(folder, name)).ino === statSync(latest).ino);
    console.log(`  results file ${row.resultsMb.toFixed(0)} MB (and latest.json, ${linked ? 'a hard link to it' : 'a copy'}); storage floor (that many bytes written and flushed) ${seconds(row.storageMs)}`);
  }

  const base = results.get(100000);
  const big = results.get(1000000);
  if (base && big) {
    console.log('\n1,000,000 / 100,000 (target <= 11x: linear growth)');
    for (const step of ['check', 'eval'] as const) {
      const wall = big[step].wall / base[step].wall;
      const cpu = big[step].cpu / base[step].cpu;
      // Each round's two runs were minutes apart: their ratio, round by round, is the one the machine's drift moves least.
      const paired = big.samples[step].map((sample, i) => sample.wallMs / base.samples[step][i]!.wallMs);
      const rounds = paired.length > 1 ? ` (by round ${median(paired).toFixed(1)}x, ${Math.min(...paired).toFixed(1)}–${Math.max(...paired).toFixed(1)})` : '';
      console.log(`  ${step.padEnd(6)} wall ${wall.toFixed(1)}x  ${verdict(wall <= 11)}${rounds}   cpu ${cpu.toFixed(1)}x  ${verdict(cpu <= 11)}   (floor: wall ${(big.floor.wall / base.floor.wall).toFixed(1)}x, cpu ${(big.floor.cpu / base.floor.cpu).toFixed(1)}x)`);
    }
    // What writing and flushing the results file costs by itself, at both sizes (see storageFloor).
    console.log(`  storage floor ${(big.storageMs / base.storageMs).toFixed(1)}x (${seconds(base.storageMs)} -> ${seconds(big.storageMs)})`);
  }

  // Past one machine: the largest size as SHARDS --shard jobs, run one after another here (on a CI matrix they
  // run at once, one per machine), then aispec merge of their results files.
  const largest = Math.max(...results.keys());
  const whole = results.get(largest)!;
  console.log(`\n${largest.toLocaleString('en-US')} cases as ${SHARDS} shards (--shard i/${SHARDS}, one after another; load ${load()})`);
  const shardFiles: string[] = [];
  const shardSamples: Sample[] = [];
  for (let i = 1; i <= SHARDS; i++) {
    const out = join(whole.dir, `shard-${i}.json`);
    shardFiles.push(out);
    shardSamples.push(measure([cli, 'eval', whole.spec, '-q', '--no-save', '--shard', `${i}/${SHARDS}`, '--json', out], whole.dir));
    const s = shardSamples.at(-1)!;
    console.log(`  shard ${i}/${SHARDS}  ${seconds(s.wallMs).padStart(8)}  cpu ${seconds(s.cpuMs).padStart(8)}  peak ${s.rssMb.toFixed(0).padStart(5)} MB  results ${(statSync(out).size / 1e6).toFixed(0)} MB`);
  }
  const merged = join(whole.dir, 'merged.json');
  const merge = measure([cli, 'merge', ...shardFiles, '-o', merged], whole.dir);
  const same = await sameSummary(merged, join(whole.dir, '.aispec', 'runs', `scale-${largest}`, 'latest.json'));
  console.log(`  merge      ${seconds(merge.wallMs).padStart(8)}  cpu ${seconds(merge.cpuMs).padStart(8)}  peak ${merge.rssMb.toFixed(0).padStart(5)} MB  merged ${(statSync(merged).size / 1e6).toFixed(0)} MB; summary ${same ? 'equals' : 'DIFFERS FROM'} the unsharded run's`);
  const slowest = Math.max(...shardSamples.map((s) => s.wallMs));
  console.log(`  projection: ${SHARDS} machines at once ≈ slowest shard + merge = ${seconds(slowest + merge.wallMs)} (one machine: ${seconds(whole.eval.wall)}), plus each job's checkout and artifact transfer`);

  if (!values['no-reruns']) {
    // What else a user runs on a run of this size, each reading a whole run of it: no target, the eval's own
    // figures beside them. The re-runs do not save, so latest.json stays the unsharded run.
    const latest = join(whole.dir, '.aispec', 'runs', `scale-${largest}`, 'latest.json');
    console.log(`\nRe-runs and comparisons of the ${largest.toLocaleString('en-US')}-case run (one run each, no target; the eval itself: ${seconds(whole.eval.wall)}, peak ${whole.eval.rss.toFixed(0)} MB)`);
    const steps: Array<[string, string[], string]> = [
      ['eval --failed', ['eval', whole.spec, '-q', '--no-save', '--failed'], 're-runs the cases latest.json did not pass'],
      ['eval --reuse-outputs', ['eval', whole.spec, '-q', '--no-save', '--reuse-outputs'], "re-grades latest.json's outputs"],
      ['eval --baseline', ['eval', whole.spec, '-q', '--no-save', '--baseline', merged], 'the run, compared with the merged run'],
      ['diff', ['diff', merged, latest], 'the merged run against the unsharded one'],
    ];
    for (const [name, args, what] of steps) {
      const sample = measure([cli, ...args], whole.dir);
      console.log(`  ${name.padEnd(20)} ${seconds(sample.wallMs).padStart(8)}  cpu ${seconds(sample.cpuMs).padStart(8)}  peak ${sample.rssMb.toFixed(0).padStart(5)} MB  ${what}`);
    }
  }

  if (!values['no-panel'] && results.has(100000)) {
    const file = join(results.get(100000)!.dir, '.aispec', 'runs', 'scale-100000', 'latest.json');
    console.log(`\nResults panel, first view of the real 100,000-case results file (target <= 300 ms; bench/panel-render.ts):`);
    const panel = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/panel-render.ts'), '--results', file, '--loads', String(Math.max(3, RUNS))], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    process.stdout.write(panel.stdout.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n'));
    if (panel.status !== 0 && panel.status !== 1) console.log(`  panel bench failed: ${panel.stderr.slice(0, 2000)}`);
  }
  console.log(`\nload average ${load()} at the end`);
} finally {
  if (values.keep) console.log(`kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}

/** Whether two results files agree on the summary (pass rate, counts, verdict, gates): merge recomputes it. */
async function sameSummary(a: string, b: string): Promise<boolean> {
  const summary = async (file: string) => {
    const { summary: s, by_tag: byTag, classification } = await readRunSummary(file);
    return JSON.stringify({ total: s.total, passed: s.passed, failed: s.failed, errors: s.errors, pass_rate: s.pass_rate, verdict: s.verdict, gates: s.gates, byTag, classification });
  };
  return (await summary(a)) === (await summary(b));
}
