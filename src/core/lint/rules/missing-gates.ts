import type { TextEdit } from '../../spec/types.js';
import { didYouMean } from '../../spec/did-you-mean.js';
import { eolOf } from '../edits.js';
import type { LintContext, LintRule } from '../types.js';

export const missingGates: LintRule = {
  id: 'missing-gates',
  defaultSeverity: 'warning',
  description: 'The frontmatter sets no `gates.pass_rate`, so a run cannot say whether the spec is met.',
  docs:
    'Gates are the launch bar: without a `pass_rate` gate a run reports numbers but never a verdict, and CI cannot ' +
    'fail a change that makes things worse. Add `gates: { pass_rate: 0.9 }` (or the bar your team agrees on), and ' +
    'gates for the tags and labels that matter most (`per_tag`, `recall`).',
  check(spec, context) {
    if (!spec.frontmatter) return [];
    const gates = context.data.gates;
    if (context.gates && context.gates.pass_rate !== undefined) return [];
    if (gates !== undefined && gates !== null) {
      if (!context.gates) return []; // not a map: schema validation reports it
      // A misspelt pass_rate ("pas_rate") is schema validation's unknown key, with its did-you-mean.
      if (Object.keys(context.gates).some((key) => didYouMean(key, ['pass_rate']) === 'pass_rate')) return [];
      const at = context.locateFrontmatter(['gates'])!;
      const edit = addPassRate(context, at.value.start);
      return [
        {
          message: 'The gates set no pass_rate: add one (e.g. "pass_rate: 0.9"), so a run has an overall verdict.',
          range: at.key ?? at.value,
          ...(edit ? { fixes: [{ title: 'Add a pass_rate gate', edits: [edit] }] } : {}),
        },
      ];
    }
    const eol = eolOf(spec.text);
    const { range } = spec.frontmatter;
    const at = context.locateFrontmatter(['gates']);
    // `gates:` with no value: add the child under the key; no frontmatter gates at all: append a gates map.
    const edit: TextEdit = at?.key
      ? insertAfterLine(context, at.key.end, `${eol}  pass_rate: 0.9`)
      : {
          file: spec.file,
          start: range.end,
          end: range.end,
          newText: range.end > range.start ? `${eol}gates:${eol}  pass_rate: 0.9` : `gates:${eol}  pass_rate: 0.9${eol}`,
        };
    return [
      {
        message: 'No gates: add "gates: { pass_rate: 0.9 }" (your launch bar), so a run says whether the spec is met and CI can fail a regression.',
        range: at?.key ?? context.top,
        fixes: [{ title: 'Add a pass_rate gate', edits: [edit] }],
      },
    ];
  },
};

/** Adds `pass_rate` as the first key of a block-style gates map starting at `mapStart`; none for flow maps. */
function addPassRate(context: LintContext, mapStart: number): TextEdit | undefined {
  if (context.text[mapStart] === '{') return undefined;
  const position = context.lines.positionAt(mapStart);
  const lineStart = context.lines.lineStart(position.line);
  if (context.text.slice(lineStart, mapStart).trim() !== '') return undefined;
  const indent = context.text.slice(lineStart, mapStart);
  return { file: context.file, start: lineStart, end: lineStart, newText: `${indent}pass_rate: 0.9${eolOf(context.text)}` };
}

function insertAfterLine(context: LintContext, offset: number, newText: string): TextEdit {
  const end = context.lines.lineEnd(context.lines.positionAt(offset).line);
  return { file: context.file, start: end, end, newText };
}
