// A spec that fails its check does not run: its errors go to stderr as file:line:col lines, and eval exits 2.
import { relative } from 'node:path';
import { formatText, locateDiagnostics, textOfFile } from '../core/index.js';
import type { SpecFileCheck } from '../node/check-spec-file.js';
import { useColor } from './terminal.js';

export function reportSpecErrors(check: SpecFileCheck, cwd: string): void {
  const style = { color: useColor(process.stderr) };
  const { spec, diagnostics } = check;
  for (const d of locateDiagnostics(diagnostics.filter((x) => x.severity === 'error'), (f) => textOfFile(spec, f))) {
    process.stderr.write(`${formatText(d, relative(cwd, d.file) || d.file, style)}\n`);
  }
  process.stderr.write('aispec: the spec has errors; fix them and run again (aispec check shows every problem).\n');
}
