// A spec run on several targets for CI: each target's run as its own JUnit <testsuite> and its own GitHub
// annotations, named "<spec id>/<target>" so a failure says which target it belongs to, plus one annotation
// with the comparison's conclusion.
import type { ComparisonResults } from '../../shared/comparison.js';
import type { RunResults } from '../../shared/results.js';
import { comparisonVerdict } from './comparison-verdict.js';
import { escapeData, escapeProperty, githubAnnotations, type GithubAnnotationsOptions } from './results-github.js';
import { junitDocument, junitSuite, type JunitReportOptions } from './results-junit.js';

/** A target's run as the CI reports name it: spec id and title carry the target's name. */
export function runOfTarget(results: RunResults, name: string): RunResults {
  return { ...results, spec: { ...results.spec, id: `${results.spec.id}/${name}`, title: results.spec.title ? `${results.spec.title} [${name}]` : '' } };
}

/** One JUnit document with a <testsuite> per target, in the comparison's order. */
export function comparisonJunitReport(results: ComparisonResults, options: JunitReportOptions = {}): string {
  return junitDocument(runsInOrder(results).map(({ name, run }) => junitSuite(runOfTarget(run, name), options)));
}

/** Every target's annotations, then a notice (a warning when nothing is recommended) with the conclusion. */
export function comparisonGithubAnnotations(results: ComparisonResults, options: GithubAnnotationsOptions): string {
  const perTarget = runsInOrder(results).map(({ name, run }) => githubAnnotations(runOfTarget(run, name), options));
  const verdict = comparisonVerdict(results);
  const specId = Object.values(results.targets)[0]?.spec.id ?? 'spec';
  const properties = [...(options.specPath ? [`file=${escapeProperty(options.specPath)}`] : []), `title=${escapeProperty(`aispec ${specId}: targets compared`)}`];
  const conclusion = `::${verdict.recommended ? 'notice' : 'warning'} ${properties.join(',')}::${escapeData(verdict.sentence)}`;
  return `${perTarget.join('')}${conclusion}\n`;
}

function runsInOrder(results: ComparisonResults): Array<{ name: string; run: RunResults }> {
  return results.comparison.targets.flatMap((t) => (results.targets[t.name] ? [{ name: t.name, run: results.targets[t.name]! }] : []));
}
