// Summarises a V8 .cpuprofile (node --cpu-prof) for the benchmarks: self time by place (through the bundle's
// source map, so dist/cli.cjs is split back into src/... files and npm packages), optionally per phase of
// the run, and the top functions by self time. Idle, GC and "program" (native work, compiling) have rows of
// their own.
//
// Phases are given in the profile's clock: V8's profile timestamps are CLOCK_MONOTONIC microseconds, the
// same clock as process.hrtime.bigint() / 1000n in any process on the machine (see `profileClockUs`).
//
// Also a tool: node --import tsx bench/cpuprofile-summary.ts FILE.cpuprofile|DIR [TOP]
import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Phase {
  label: string;
  /** Profile clock, µs. */
  startUs: number;
  endUs: number;
}

/** performance.now() (ms, this process) → the profile clock (µs). */
export function profileClockUs(performanceNowMs: number): number {
  const nowUs = Number(process.hrtime.bigint() / 1000n);
  return nowUs - (performance.now() - performanceNowMs) * 1000;
}

const maps = new Map<string, SourceMap | null>();

function sourceMapFor(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url)!;
}

/** A short name for where a frame's code lives: `src/core/...`, `npm:undici`, `node:internal/...`, `(gc)`. */
function where(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return '(gc)';
    if (functionName === '(program)') return '(program)';
    return `(native) ${functionName}`;
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  let source = url;
  const map = sourceMapFor(url);
  if (map) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
    if (entry.originalSource) source = entry.originalSource;
  }
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const src = source.lastIndexOf('/src/');
  if (src >= 0) return source.slice(src + 1);
  // Bundle code with no source (esbuild's runtime helpers): the bundle's name.
  return source.startsWith('src/') ? source : basename(source.replace(/^file:\/\//, ''));
}

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us);
}

/** A stretch of the profile with no idle sample in it: the main thread held by one task (or several back to back). */
interface Stretch {
  startUs: number;
  us: number;
  functions: Map<string, number>;
}

/**
 * @param options.stretches how many of the longest non-idle stretches to list per phase (default 0: none);
 *   each is what held the event loop in one go, the delay an event-loop histogram sees, with its top functions.
 */
export function summarizeCpuProfile(dirOrFile: string, options: { top?: number; phases?: Phase[]; stretches?: number } = {}): string {
  const top = options.top ?? 12;
  const file = dirOrFile.endsWith('.cpuprofile') ? dirOrFile : join(dirOrFile, readdirSync(dirOrFile).find((f) => f.endsWith('.cpuprofile'))!);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const placeOf = new Map<number, string>();
  const phases = options.phases ?? [];
  const perPhase = phases.map(() => ({ total: 0, places: new Map<string, number>() }));
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  const stretchesOf = phases.map((): Stretch[] => []);
  let stretch: { phase: number; value: Stretch } | undefined;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample's delta is the time since the previous sample: the time this sample stands for ends at t.
    const us = profile.timeDeltas[i] ?? 0;
    t += us;
    const id = profile.samples[i]!;
    let place = placeOf.get(id);
    if (place === undefined) placeOf.set(id, (place = where(byId.get(id)!.callFrame)));
    add(places, place, us);
    const fn = `${byId.get(id)!.callFrame.functionName || '(anonymous)'}  [${place}]`;
    add(functions, fn, us);
    const k = phases.findIndex((p) => t >= p.startUs && t < p.endUs);
    if (k >= 0) {
      perPhase[k]!.total += us;
      add(perPhase[k]!.places, place, us);
    }
    if (place === '(idle)' || k < 0 || stretch?.phase !== k) stretch = undefined;
    if (place !== '(idle)' && k >= 0) {
      if (!stretch) stretchesOf[k]!.push((stretch = { phase: k, value: { startUs: t - us, us: 0, functions: new Map() } }).value);
      stretch.value.us += us;
      add(stretch.value.functions, fn, us);
    }
  }
  const totalUs = profile.endTime - profile.startTime;
  const ms = (us: number, of: number) => `${(us / 1000).toFixed(1).padStart(7)} ms ${((100 * us) / of).toFixed(1).padStart(5)}%`;
  const sorted = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const lines = [`  profile: ${(totalUs / 1000).toFixed(0)} ms from the profiler's start (after Node's own bootstrap) to exit`];
  phases.forEach((phase, k) => {
    const { total, places: m } = perPhase[k]!;
    if (total === 0) return;
    lines.push(`  ${phase.label} (${(total / 1000).toFixed(0)} ms sampled), self time by place:`);
    for (const [place, us] of sorted(m, top)) lines.push(`    ${ms(us, total)}  ${place}`);
    const longest = [...stretchesOf[k]!].sort((a, b) => b.us - a.us).slice(0, options.stretches ?? 0);
    if (longest.length === 0) return;
    lines.push(`  ${phase.label}: the ${longest.length} longest stretches with no idle sample (at ms into the phase: length, its top functions):`);
    for (const s of longest) {
      const fns = sorted(s.functions, 3).map(([fn, us]) => `${fn} ${(us / 1000).toFixed(1)}`).join(' · ');
      lines.push(`    at ${((s.startUs - phase.startUs) / 1000).toFixed(0).padStart(6)}: ${(s.us / 1000).toFixed(1).padStart(6)} ms  ${fns}`);
    }
  });
  lines.push('  whole run, self time by place:');
  for (const [place, us] of sorted(places, top)) lines.push(`    ${ms(us, totalUs)}  ${place}`);
  lines.push('  whole run, self time by function:');
  for (const [fn, us] of sorted(functions, top)) lines.push(`    ${ms(us, totalUs)}  ${fn}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(summarizeCpuProfile(process.argv[2] ?? '.', { top: Number(process.argv[3] ?? 25) }));
}
