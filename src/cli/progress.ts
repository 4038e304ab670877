// Progress on stderr: a redrawn bar on a terminal, plain lines at every tenth in CI logs (a log is read
// later and must not fill with carriage-return noise). Written through `write` (direct-output's writeStderr in
// the CLI): a reader of stderr that goes away (`aispec eval … 2>&1 | head`) ends the progress, not the run.
import type { ProgressEvent } from '../core/index.js';

export function createProgress(write: (text: string) => void, interactive: boolean): { update(e: ProgressEvent): void; done(): void } {
  let lastDecile = -1;
  let drawn = false;
  let failed = 0;
  let errors = 0;
  let cached = 0;
  return {
    update(e) {
      if (e.status === 'fail') failed++;
      if (e.status === 'error') errors++;
      if (e.cached) cached++;
      const counts = `${failed} failed, ${errors} errors${cached ? `, ${cached} cached` : ''}`;
      if (interactive) {
        const width = 30;
        const filled = Math.round((e.done / e.total) * width);
        write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${e.done}/${e.total}  ${counts}\u001b[K`);
        drawn = true;
      } else {
        const decile = Math.floor((e.done / e.total) * 10);
        if (decile > lastDecile || e.done === e.total) {
          lastDecile = decile;
          write(`progress: ${e.done}/${e.total} cases (${counts})\n`);
        }
      }
    },
    done() {
      if (drawn) write('\r\u001b[K');
    },
  };
}
