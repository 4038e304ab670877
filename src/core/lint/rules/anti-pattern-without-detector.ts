import type { LintFinding, LintRule } from '../types.js';

const LEAD = /\*\*\s*anti-?pattern\s*:[^*]*\*\*/i;

export const antiPatternWithoutDetector: LintRule = {
  id: 'anti-pattern-without-detector',
  defaultSeverity: 'info',
  description: 'An anti-pattern callout has no `Detect:` regex, so no run catches it by itself.',
  docs:
    'An anti-pattern with a detector fails every case whose output matches it, cheaply and for certain; without ' +
    'one it only informs readers and the judge. When the anti-pattern has a recognisable surface (a phrase, a ' +
    'number with a unit), add ``Detect: `/regex/flags` `` to the callout.',
  check(spec) {
    const findings: LintFinding[] = [];
    for (const antiPattern of spec.antiPatterns) {
      if (antiPattern.detector) continue;
      const { range } = antiPattern;
      const lead = LEAD.exec(spec.text.slice(range.start, range.end));
      findings.push({
        message: `Anti-pattern "${antiPattern.name}" has no detector: if it has a recognisable surface, add Detect: \`/regex/i\` so a match fails the case.`,
        range: lead ? { file: range.file, start: range.start + lead.index, end: range.start + lead.index + lead[0].length } : range,
      });
    }
    return findings;
  },
};
