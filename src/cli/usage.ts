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
  aispec diff BASE HEAD [--format text|markdown|json|github] [-o FILE]   (two specs; REV:path for git)
  aispec review --base REV [SPECS...] [--base-results F --head-results F] [-o FILE]
  aispec merge SHARD.json... -o FILE
  aispec --version | --help

Commands:
  check   Validate and lint specs (default: every *.aispec.md below the current folder)
  eval    Run a spec as an eval: grade every case, report metrics and gates
  diff    Compare two runs (flipped cases, McNemar test, a verdict) or two versions of a spec (what
          changed in the bar: gates, target, prompt, cases, rubric)
  review  One Markdown comment for a pull request: the spec diff of every changed spec, then the run
          comparison when both runs are at hand
  merge   Join the results of --shard runs into one

Run "aispec <command> --help" for a command's options.`;

export const CHECK_HELP = `Usage: aispec check [paths or globs...] [options]

Validates every spec against the schema and lints its quality. Without arguments, checks every
*.aispec.md below the current folder, skipping node_modules and what .gitignore ignores.

Options:
  --format text|json|github   output: text (file:line:col severity rule message, default), json, or
                              GitHub Actions annotations
  --list-rules                print the lint rules with their default severity and exit
  --allow-read PATH           let specs read files under PATH, outside their project (repeatable; also
                              AISPEC_ALLOW_READ=/p1:/p2); the same grant as aispec eval's, so both agree
  --no-cache                  check afresh, and keep no result (by default, a check whose specs, files,
                              configuration, saved runs and environment are all as they were at the last
                              check prints that check's result again, without parsing)
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
  --repeat K            run every case K times (replaces the spec's repeat k, keeps its repeat.pass policy;
                        without one a case passes only if all K pass); flaky cases are listed
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

Permissions (granted here, never by a file in the workspace; lists are comma-separated, flags repeat):
  --allow-command       run command targets, the programs a spec names (or AISPEC_ALLOW_COMMAND=1)
  --allow-env NAME,...  let the spec send these environment variables as secrets: api_key_env, \${NAME}
                        in headers and http URLs (or AISPEC_ALLOW_ENV=A,B)
  --allow-host HOST,... let secrets go to these hosts: a name or IP matches any port, HOST:PORT one port,
                        [v6] in brackets (or AISPEC_ALLOW_HOSTS=h1,h2)
  --allow-read PATH     let the spec read files under PATH, outside its project (or AISPEC_ALLOW_READ=/p1:/p2)
Without them OPENAI_API_KEY goes only to https://api.openai.com and ANTHROPIC_API_KEY only to
https://api.anthropic.com; other variables and hosts get no secret. A spec that asks for more stops before
any request (exit 2) naming the flag that allows it. A request that carries no secret may go anywhere (a
local server). Recorded targets and --reuse-outputs need no grant.

Every run asks the target anew; the cache only resumes a run of the same configuration that did not
finish (killed, cancelled, crashed), repeating no request that finished. The summary says when outputs
were resumed or reused, and how old they are.
A spec with several targets (targets:) runs each on the same cases, saves one run per target (with
latest.<target>.json beside it), prints a side-by-side comparison and recommends the cheapest target that
passes every gate. --json then writes the comparison (format aispec-comparison), --junit one test suite
per target, --markdown the comparison and every target's report, --html one report per target
(FILE.<target>.html); --format github annotates per target. Exit codes: 0 at least one target passes
every gate, 1 none does, 2 and 3 as below (3 when any target's run is incomplete).
API keys are read from the environment, only as far as the permissions above allow, and are never written
anywhere.
Exit codes (the verdict):
  0  PASS: a complete run of the whole spec, every gate passed, no more errored cases than max_errors
     (default 0); also NO GATES (a spec without gates) and PARTIAL (a subset), each complete and error-free
  1  FAIL: a gate failed
  2  nothing ran: invalid spec or flags, an unknown --case id or --tag, a missing API key, a permission
     the run does not grant, --reuse-outputs without an earlier run of the whole spec
  3  INCOMPLETE: cancelled, target unreachable or failing every request (the run stops early), or more
     errored cases than max_errors allows; the first line on stderr says why`;

export const DIFF_HELP = `Usage: aispec diff BASE.json HEAD.json [--format text|markdown|json] [-o FILE]
       aispec diff BASE HEAD [--format text|markdown|json|github] [-o FILE]

Two results files (.json): pairs the runs' cases by id and reports newly failing and newly passing cases,
per-class, per-tag and gate changes, and ends with one verdict from the exact McNemar test on the paired
cases (alpha 0.05): regression, improvement or no detectable change, with the paired difference in pass
rate, its 95% interval (Newcombe's score method for paired proportions) and, for no detectable change,
the smallest difference this sample could have detected with 80% power.

Two specs (.aispec.md; either may be REV:path, read from git at that revision with its case file and
system_file): what changed in meaning. Gates loosened, tightened, added or removed (a removed gate loosens
the bar); target, judge, prompt and pricing changes; cases added, removed and changed, and cases per tag
(a tag whose count fell is flagged); rubric criteria, anti-patterns and examples added, removed or
reworded; labels and classify rules. --format github writes a warning annotation on the line of each
loosened gate in HEAD.

Options:
  --format FORMAT   text (default), markdown (a PR comment), json (docs/results.md), github (specs only)
  -o, --output FILE write to FILE instead of stdout
  -h, --help        show this help

Exit codes: 0 compared, 2 bad usage or unreadable input (a results file against a spec, a revision git
does not know, a path outside the repository). aispec review exits 1 on a lowered bar or a regression.`;

export const REVIEW_HELP = `Usage: aispec review --base REV [SPECS...] [options]

Writes one Markdown comment for a pull request, reading top-down for every spec the change touches
since REV (git diff --name-only REV...HEAD: the spec itself, or its case file, system_file or recorded
outputs; or the SPECS given): what changed in the bar (the spec diff of REV's version against the
working tree's), then what changed in quality (the run comparison and its verdict), then the flipped
cases.

The runs compared are --base-results and --head-results when given (one spec only); otherwise the saved
runs under .aispec/runs/<spec id>/: the latest full run (latest.json) for head, when it was run with the
spec as it is now, and the latest full run made with the spec as it was at REV for base. When either is
missing the comment says so instead of comparing.

Options:
  --base REV               the revision to compare with (required): a branch, tag or commit
  --base-results FILE      the base run's results JSON
  --head-results FILE      the head run's results JSON
  -o, --output FILE        write the comment to FILE instead of stdout
  --allow-loosened         exit 0 even when a gate was loosened or removed
  --allow-regression       exit 0 even when the run comparison says regression
  -h, --help               show this help

Exit codes: 0 nothing to block, 1 a gate loosened or removed (unless --allow-loosened) or a regression
(unless --allow-regression), 2 bad usage or unreadable input.`;

export const MERGE_HELP = `Usage: aispec merge SHARD.json... -o FILE

Joins the results of one spec run with --shard 1/n ... n/n into one results file, recomputing every metric.
Exit codes: as aispec eval (the merged whole decides the gates): 0 pass or no gates, 1 a gate fails,
2 bad input, 3 a shard was incomplete or more cases errored than max_errors allows.`;
