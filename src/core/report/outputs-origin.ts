// The line every report shows when a run's outputs are not all its own: resumed from an unfinished run, or
// reused from an earlier one. A pass on old outputs must never read as a fresh pass, so the console header,
// the Markdown report, the panel and the HTML report all say it in the same words. Ages are measured to the
// run's own start, so a report read days later still tells how old the outputs were when they were graded.
import type { RunResults } from '../../shared/results.js';
import { formatInteger } from './results-format.js';

/** e.g. "outputs: 107 resumed from an unfinished run started 12 min before this one"; undefined when fresh. */
export function outputsOriginLine(results: RunResults): string | undefined {
  const run = results.run;
  const origin = run?.outputs;
  if (!origin || origin.source === 'fresh') return undefined;
  const age = origin.oldest_at ? ageBetween(origin.oldest_at, run.started_at) : undefined;
  if (origin.source === 'reused') {
    return `outputs reused from run ${origin.from_run ?? 'unknown'}${age ? ` (${age} old)` : ''}: re-graded, no target call`;
  }
  const hits = run.cache?.hits ?? 0;
  const what = hits > 0 ? `${formatInteger(hits)} resumed` : 'judge answers resumed';
  return `outputs: ${what} from an unfinished run${age ? ` started ${age} before this one` : ''}`;
}

/** A coarse age: "40 s", "12 min", "3 h", "2 days". */
function ageBetween(from: string, to: string): string | undefined {
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms)) return undefined;
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}
