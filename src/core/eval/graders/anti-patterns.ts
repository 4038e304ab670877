// Anti-pattern detectors (`Detect: /regex/flags` in a CAUTION callout) run over the output; a tool detector
// (`Detect: tool:/regex/flags`) runs over the names of the tool calls. A hit fails the case and names the
// anti-pattern and the text that matched (for a tool detector, the tool's name). A detector that cannot run
// (invalid regex, output beyond the regex guard) is reported as an error, so the case ends as `error`, not as
// a pass.
import type { AntiPatternHit, ToolCall } from '../../../shared/results.js';
import type { AntiPattern } from '../../spec/types.js';
import { compileRegex, searchRegex } from './regex.js';

export interface AntiPatternScan {
  hits: AntiPatternHit[];
  /** One reason per detector that could not run. */
  errors: string[];
}

/** Runs every detector over `output` (or the tool call names); anti-patterns without a detector are prose only and are skipped. */
export function detectAntiPatterns(output: string, antiPatterns: readonly AntiPattern[], toolCalls: readonly ToolCall[] = []): AntiPatternScan {
  const hits: AntiPatternHit[] = [];
  const errors: string[] = [];
  for (const ap of antiPatterns) {
    if (!ap.detector) continue;
    const compiled = compileRegex(ap.detector.pattern, ap.detector.flags);
    if (!compiled.ok) {
      errors.push(`anti-pattern "${ap.name}": ${compiled.error}`);
      continue;
    }
    const texts = ap.detector.on === 'tool' ? toolCalls.map((call) => call.name) : [output];
    for (const text of texts) {
      const search = searchRegex(compiled.regex, text);
      if (!search.ok) errors.push(`anti-pattern "${ap.name}": ${search.error}`);
      else if (search.match) hits.push({ id: ap.id, name: ap.name, matched: ap.detector.on === 'tool' ? text : search.match.text });
      if (!search.ok || search.match) break;
    }
  }
  return { hits, errors };
}
