// How far V8 lets the heap grow past what survived its last full collection, for a long batch process.
// By default it lets the old generation grow to about twice (and more) what was live before collecting again,
// and an eval's old generation fills mostly with short-lived garbage (parsed lines, per-case results promoted
// while in flight): at 100,000 cases the heap reached ~230 MB for ~150 MB live, and peak RSS ~345 MB.
// A 50% step makes V8 collect sooner: measured at 100,000 cases (load ~2.5, interleaved with the default) the
// peak went from ~340 MB to ~265 MB for ~4% more wall time (~10% more CPU, the extra marking running beside
// the main thread); 20% saved ~15 MB more but cost ~10% wall time. This flag is one V8 reads each time it sets the next limit, so setting it at run time takes
// effect (unlike --max-semi-space-size or --max-old-space-size, which only count at start-up).

/**
 * From how many cases an eval sets the step. On the 1,000-case bench the step cost ~120 ms before the first
 * request (more collections while the bundle and the spec load) and saved little; at 10,000 cases and more the
 * peak is dominated by garbage and the step pays.
 */
export const LARGE_RUN_CASES = 10_000;

/** The percent V8 may grow the heap by past the last full collection's survivors before collecting again. */
export const HEAP_GROWING_PERCENT = 50;

/** Sets V8's heap growth step for this process, unless the user chose one (in NODE_OPTIONS or on node's command line). */
export function limitHeapGrowth(): boolean {
  if (userChoseHeapGrowth(process.execArgv, process.env.NODE_OPTIONS ?? '')) return false;
  // node:v8 is loaded here, not with the module: only a large eval sets the step.
  process.getBuiltinModule('node:v8').setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}

/** Whether node was started with its own heap growth step (V8 flags accept - or _ between words). */
export function userChoseHeapGrowth(execArgv: readonly string[], nodeOptions: string): boolean {
  return [...execArgv, nodeOptions].some((arg) => /--heap[-_]growing[-_]percent\b/.test(arg));
}
