import { findSection, insertBlock, sectionInsertionPoint } from '../edits.js';
import type { LintRule } from '../types.js';

const PASS = ['> [!TIP]', '> **Passes.** User: *a typical request* Assistant: *an answer that meets every criterion*'];
const FAIL = ['> [!WARNING]', '> **Fails.** User: *the same request* Assistant: *a plausible answer that breaks a criterion*'];

export const missingExamples: LintRule = {
  id: 'missing-examples',
  defaultSeverity: 'warning',
  description: 'The spec lacks a pass example (`> [!TIP]` **Passes.**) or a fail example (`> [!WARNING]` **Fails.**).',
  docs:
    'One worked example of an output that passes and one that fails calibrate readers and the judge better than ' +
    'any wording of the criteria: they show where the line is. Add a `> [!TIP]` callout starting `**Passes.**` and ' +
    'a `> [!WARNING]` callout starting `**Fails.**`, each with a realistic request and answer.',
  check(spec, context) {
    const hasPass = spec.examples.some((e) => e.kind === 'pass');
    const hasFail = spec.examples.some((e) => e.kind === 'fail');
    if (hasPass && hasFail) return [];
    const missing = !hasPass && !hasFail ? 'no pass example and no fail example' : !hasPass ? 'no pass example' : 'no fail example';
    const callouts = [...(hasPass ? [] : PASS), ...(!hasPass && !hasFail ? [''] : []), ...(hasFail ? [] : FAIL)];
    const section = findSection(spec, /^examples?\b/i);
    const edit = section
      ? insertBlock(spec, section.range.end, callouts)
      : insertBlock(spec, sectionInsertionPoint(spec, /^cases?\b/i), ['## Examples', '', ...callouts]);
    const what = !hasPass && !hasFail ? 'a "> [!TIP]" **Passes.** and a "> [!WARNING]" **Fails.** callout' : !hasPass ? 'a "> [!TIP]" callout starting **Passes.**' : 'a "> [!WARNING]" callout starting **Fails.**';
    return [
      {
        message: `The spec has ${missing}: add ${what} with a realistic request and answer, to show where the line is.`,
        range: context.top,
        fixes: [{ title: hasPass || hasFail ? `Add a ${hasPass ? 'fail' : 'pass'} example` : 'Add pass and fail examples', edits: [edit] }],
      },
    ];
  },
};
