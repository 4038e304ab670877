// Exit codes are a contract for CI: 0 clean / gates pass, 1 problems found / a gate fails, 2 bad usage or
// unreadable input, 3 a run that could not complete.
import type { RunVerdict } from '../shared/results.js';
export const EXIT = { ok: 0, failed: 1, usage: 2, incomplete: 3 } as const;

/** The exit code of a run's verdict: 0 pass, ungated or partial (each complete and error-free by
 * construction), 1 a gate failed, 3 the run could not be completed. Usage errors (2) come before a run. */
export function exitCodeFor(verdict: RunVerdict): number {
  switch (verdict) {
    case 'pass':
    case 'ungated':
    case 'partial':
      return EXIT.ok;
    case 'fail':
      return EXIT.failed;
    case 'incomplete':
      return EXIT.incomplete;
  }
}

/**
 * The exit code of a spec run on several targets: 3 when any target's run could not complete (the
 * comparison would be unfounded), 0 when at least one target passes every gate, or when no target has
 * anything to fail (no gates, or a subset, complete and error-free); 1 otherwise: no target passes.
 */
export function comparisonExitCode(verdicts: readonly RunVerdict[]): number {
  const codes = verdicts.map(exitCodeFor);
  if (codes.includes(EXIT.incomplete)) return EXIT.incomplete;
  if (verdicts.includes('pass')) return EXIT.ok;
  return codes.every((code) => code === EXIT.ok) ? EXIT.ok : EXIT.failed;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const MAIN_HELP = `aispec: AI product specs, checked and run as evals

Usage:
  aispec check [paths or globs...] [--format text|json|github] [--list-rules]
  aispec eval SPEC [--json F] [--junit F] [--markdown F] [--format text|github|json] [--baseline F] ...
  aispec diff BASE.json HEAD.json [--format text|markdown|json] [-o FILE]
  aispec merge SHARD.json... -o FILE
  aispec --version | --help

Commands:
  check   Validate and lint specs (default: every *.aispec.md below the current folder)
  eval    Run a spec as an eval: grade every case, report metrics and gates
  diff    Compare two runs: flipped cases, McNemar test, metric changes
  merge   Join the results of --shard runs into one

Run "aispec <command> --help" for a command's options.`;

export const CHECK_HELP = `Usage: aispec check [paths or globs...] [options]

Validates every spec against the schema and lints its quality. Without arguments, checks every
*.aispec.md below the current folder, skipping node_modules and what .gitignore ignores.

Options:
  --format text|json|github   output: text (file:line:col severity rule message, default), json, or
                              GitHub Actions annotations
  --list-rules                print the lint rules with their default severity and exit
  -h, --help                  show this help

Rule severities: "lint": {"rule-id": "off|info|warning|error"} in aispec.config.json (nearest ancestor
folder) or in a spec's frontmatter.
Exit codes: 0 no errors, 1 errors found, 2 bad usage or unreadable files.`;

export const EVAL_HELP = `Usage: aispec eval SPEC [options]

Runs the spec's cases through its target, grades them, prints the summary (gates first) and saves the
run to .aispec/runs/<spec id>/<timestamp>.json with latest.json beside it (latest.json only for a run of
the whole spec: a --tag, --case, --failed or --shard run is saved but never replaces it).

Options:
  --json FILE           write the results JSON
  --junit FILE          write JUnit XML (one test per case, one per gate)
  --markdown FILE       write a Markdown report (reads well as a PR comment)
  --html FILE           write a self-contained HTML report (the results panel, offline, for CI artifacts)
  --format text|github|json
                        console output; github adds Actions annotations on failing cases and gates
  --baseline FILE       compare with an earlier results JSON (flipped cases, McNemar test)
  --concurrency N       requests in flight (default: the spec's concurrency, else 8)
  --repeat K            run every case K times; a case passes only if all K pass; flaky cases are listed
  --max-attempts N      HTTP requests per call at most, retries included (default 4): 429, 5xx, resets,
                        timeouts, and 200 answers cut short or not valid JSON are retried with backoff
  --tag T               only cases with tag T (repeatable)
  --case ID             only the case ID (repeatable)
  --failed              only the cases that failed or errored in the latest run
  --shard i/n           only every n-th case starting at i (split across CI machines; see aispec merge)
  --target NAME         with targets: in the spec, run only the target NAME (repeatable)
  --reuse-outputs       re-grade the latest run's outputs with the spec as it is now, sending no target
                        request (the judge is asked anew): the quick loop while editing checks and rubric
  --no-cache            neither read nor write the output cache (.aispec/cache)
  --no-save             do not save the run under .aispec/runs
  -q, --quiet           no progress output
  -h, --help            show this help

Every run asks the target anew; the cache only resumes a run of the same configuration that did not
finish (killed, cancelled, crashed), repeating no request that finished. The summary says when outputs
were resumed or reused, and how old they are.
A spec with several targets (targets:) runs each on the same cases, saves one run per target (with
latest.<target>.json beside it), prints a side-by-side comparison and recommends the cheapest target that
passes every gate. --json then writes the comparison (format aispec-comparison), --junit one test suite
per target, --markdown the comparison and every target's report, --html one report per target
(FILE.<target>.html); --format github annotates per target. Exit codes: 0 at least one target passes
every gate, 1 none does, 2 and 3 as below (3 when any target's run is incomplete).
API keys come from the environment variables the spec names (api_key_env) and are never written anywhere.
Exit codes (the verdict):
  0  PASS: a complete run of the whole spec, every gate passed, no more errored cases than max_errors
     (default 0); also NO GATES (a spec without gates) and PARTIAL (a subset), each complete and error-free
  1  FAIL: a gate failed
  2  nothing ran: invalid spec or flags, an unknown --case id or --tag, a missing API key, --reuse-outputs
     without an earlier run of the whole spec
  3  INCOMPLETE: cancelled, target unreachable or failing every request (the run stops early), or more
     errored cases than max_errors allows; the first line on stderr says why`;

export const DIFF_HELP = `Usage: aispec diff BASE.json HEAD.json [--format text|markdown|json] [-o FILE]

Pairs the two runs' cases by id and reports newly failing and newly passing cases, the pass-rate change
with an exact McNemar test on the paired cases, per-class and per-tag changes and gate changes.`;

export const MERGE_HELP = `Usage: aispec merge SHARD.json... -o FILE

Joins the results of one spec run with --shard 1/n ... n/n into one results file, recomputing every metric.
Exit codes: as aispec eval (the merged whole decides the gates): 0 pass or no gates, 1 a gate fails,
2 bad input, 3 a shard was incomplete or more cases errored than max_errors allows.`;
