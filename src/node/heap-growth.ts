// How far V8 lets the heap grow past what survived its last full collection, for a long batch process.
// By default V8 picks the step itself, from how busy the collector has been, and for a large eval it chose
// steps that let the old generation grow to several times what was live: at 100,000 cases (before the run kept
// no case results) the heap reached ~230 MB for ~150 MB live, and peak RSS ~345 MB. A fixed step bounds that.
// It was 50% while a million-case run's peak sat at the 1.5 GB limit; once that peak had come down to ~1.17 GB
// (each large file read once, lists made at their size), 100% measured better (2026-12-03, this build with each
// step, alternating): a million cases 35.0 and 37.7 s wall, CPU 36.6 and 39.0 s, 1,234-1,239 MB, against 46.8 and
// 51.4 s, CPU 47.2 and 51.7 s, 1,171-1,174 MB at 50%. Fewer full collections mean less memory handed back and
// taken again, which is what cost the time (system CPU 8.5-10 s against 17.5-21 s on this virtual machine). At
// 100,000 cases the two steps were alike (3.2-3.9 s, 189-192 MB, four runs each). This flag is one V8 reads
// each time it sets the next limit, so setting it at run time takes effect (unlike --max-semi-space-size or
// --max-old-space-size, which only count at start-up).

/**
 * From how many cases an eval sets the step. On the 1,000-case bench the step cost ~120 ms before the first
 * request (more collections while the bundle and the spec load) and saved little; at 10,000 cases and more the
 * peak is dominated by garbage and the step pays.
 */
export const LARGE_RUN_CASES = 10_000;

/** The percent V8 may grow the heap by past the last full collection's survivors before collecting again. */
export const HEAP_GROWING_PERCENT = 100;

/** Sets V8's heap growth step for this process, unless the user chose one (in NODE_OPTIONS or on node's command line). */
export function limitHeapGrowth(): boolean {
  if (userChoseHeapGrowth(process.execArgv, process.env.NODE_OPTIONS ?? '')) return false;
  setFlagUntilExit('heap-growing-percent', HEAP_GROWING_PERCENT, 0);
  return true;
}

/**
 * Sets a V8 flag for the rest of the run, and back to V8's default (`defaultValue`) when the process exits.
 * V8 stamps the code it compiles with a hash of its flags, and the CLI writes a bundle's compiled code when the
 * process exits (code-cache.ts): written with a flag set after the bundle loaded, the code carried a hash no
 * later run has when it loads the bundle, so every run refused it, compiled the bundle afresh and wrote it
 * again (a large run's heap step made the small runs refuse theirs too). Exit listeners run in order, and this
 * one is put before the code cache's. node:v8 is loaded here, not with the module: most commands set nothing.
 */
function setFlagUntilExit(name: string, value: number, defaultValue: number): void {
  setFlag(name, value);
  process.prependListener('exit', () => setFlag(name, defaultValue));
}

function setFlag(name: string, value: number): void {
  process.getBuiltinModule('node:v8').setFlagsFromString(`--${name}=${value}`);
}

/** Whether node was started with its own heap growth step (V8 flags accept - or _ between words). */
export function userChoseHeapGrowth(execArgv: readonly string[], nodeOptions: string): boolean {
  return startedWith(/--heap[-_]growing[-_]percent\b/, execArgv, nodeOptions);
}

/** Whether node's command line or NODE_OPTIONS holds a flag matching `flag`. */
function startedWith(flag: RegExp, execArgv: readonly string[], nodeOptions: string): boolean {
  return [...execArgv, nodeOptions].some((arg) => flag.test(arg));
}

// The young generation. V8 starts it at two 1 MB semi-spaces and doubles them (up to 16 MB each on a 64-bit
// Node 20) whenever many objects survive a scavenge: an eval's start-up (the bundle, the spec and its cases)
// and its requests in flight do, so by the 1,000-case bench's first requests its young generation had grown
// to 2 × 16 MB, ~30 MB of the ~90 MB peak RSS, while ~17 MB of the whole heap was live.
// --max-semi-space-size only counts at start-up, and `aispec` is started by `#!/usr/bin/env node`; but V8 reads
// --semi-space-growth-factor each time it grows the young generation (SemiSpaceNewSpace::Grow: the new size is
// min(max, factor × current)), so a factor of 1 set at run time keeps it at its initial size: each growth is
// then a no-op. (On node's command line V8 raises a factor below 2 to 2 when it configures the heap; at run
// time it is not checked again.) It only changes when V8 collects and how much memory it commits, never what
// the code computes. Measured on the bench (1,000 cases at concurrency 20, 9 runs each, interleaved): peak RSS
// ~91 MB -> ~77 MB, new space 32 MB -> 2 MB, ~80 scavenges of ~1 ms instead of ~12 of ~4 ms, CPU and wall
// within the noise. Set once the eval command's bundle is loaded (src/cli/main.ts), not before: the young
// generation may grow while the bundle's cached code is read, which spares that load its scavenges. Against
// setting it before the load, in two same-run A/Bs of 9 rounds (2026-12-03): first request 27 and 9 ms
// earlier, CPU 8% and 12% less, peak RSS the same within 1 MB (73-74 MB). Once the cases start it saved ~6 MB less.
// Set after the bundle loaded, it goes back to V8's default before the code cache is written (setFlagUntilExit).
const DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;

/** Keeps V8's young generation at its initial size for this process, unless the user sized it (NODE_OPTIONS or node's command line). */
export function keepYoungGenerationSmall(): boolean {
  if (userSizedYoungGeneration(process.execArgv, process.env.NODE_OPTIONS ?? '')) return false;
  setFlagUntilExit('semi-space-growth-factor', 1, DEFAULT_SEMI_SPACE_GROWTH_FACTOR);
  return true;
}

/**
 * Lets the young generation grow again (V8's own factor), for a run of LARGE_RUN_CASES or more, unless the user
 * sized it. A scavenge's cost grows with the old generation it must look through: at a million cases ~1.3 ms
 * each against ~0.8 ms at 100,000, and a 1 MB young generation made 7,123 of them, 9.3 s of a 35 s run. This
 * build against the one before, alternating (2026-12-03): a million cases user CPU 27.7 and 30.9 s against 35.4
 * and 35.7 s, 1,264-1,267 MB against 1,240-1,245 MB; 100,000 cases 3.64-3.84 s against 3.81-3.91 s of CPU,
 * 218-221 MB against 192-193 MB (its target is 300 MB). The small young generation stays for smaller runs (the
 * 1,000-case bench's 80 MB target). The factor is V8's default again, so nothing is to be undone at exit.
 */
export function letYoungGenerationGrow(): boolean {
  if (userSizedYoungGeneration(process.execArgv, process.env.NODE_OPTIONS ?? '')) return false;
  setFlag('semi-space-growth-factor', DEFAULT_SEMI_SPACE_GROWTH_FACTOR);
  return true;
}

/** Whether node was started with its own young generation size or growth (V8 flags accept - or _ between words). */
export function userSizedYoungGeneration(execArgv: readonly string[], nodeOptions: string): boolean {
  return startedWith(/--(?:max|min)[-_]semi[-_]space[-_]size\b|--semi[-_]space[-_]growth[-_]factor\b/, execArgv, nodeOptions);
}
