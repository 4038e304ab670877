// What JSON Schema cannot say about a spec: values that must agree with each other (a case's `expect` and
// the frontmatter's `labels`, gate keys and the rubric's ids) and strings that must compile (regexes, the
// JSON Schemas of json-schema checks, and the patterns inside them). (A `system` holding a file path is lint's system-looks-like-path.) Each problem is located on the exact key or value, like schema errors.
import { didYouMean } from './did-you-mean.js';
import { textOfFile } from './file-text.js';
import { exactFix, toValuePath, yamlish } from './schema-messages.js';
import type { Diagnostic, Locator, ParsedSpec, QuickFix, Severity, SourceRange, ValuePath } from './types.js';
import { isRecord } from '../util/is-record.js';
import { CASE_CRITERION_PREFIX, REFERENCE_CRITERION_ID } from './case-value.js';
import { readSlashRegex } from './slash-regex.js';
import { compileSpecRegex, unsupportedFlagProblem } from './spec-regex.js';
import type { SpecConfig } from './config.js';
import { specTargets } from './targets.js';

/** `labels` as declared: absent, a usable list, or present but invalid (the schema reports it; no cascade here). */
type Labels = { state: 'none' } | { state: 'valid'; list: string[]; set: Set<string> } | { state: 'invalid' };

const REGEX_KEYS = ['regex', 'not-regex'] as const;
const VALID_FLAGS = /^[dgimsuvy]*$/;

export interface SemanticContext {
  /** The first problem with a value as a JSON Schema (json-schema checks) and where it is, or undefined. */
  jsonSchemaProblem(value: unknown): { instancePath: string; message: string } | undefined;
}

export function semanticDiagnostics(spec: ParsedSpec, context: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (range: SourceRange, message: string, fixes?: QuickFix[], severity: Severity = 'error'): void => {
    out.push({ code: 'schema', severity, message, range, ...(fixes?.length ? { fixes } : {}) });
  };
  const front = spec.frontmatter && isRecord(spec.frontmatter.data) ? spec.frontmatter.data : undefined;
  const labels = readLabels(front);
  const addLabels = addLabelsFix(spec);

  // Cases: expect against labels, regexes and JSON Schemas of their checks.
  const expects = labels.state === 'none' ? [...new Set(spec.cases.map((c) => (isRecord(c.raw) ? c.raw.expect : undefined)).filter((e): e is string => typeof e === 'string'))] : [];
  for (const c of spec.cases) {
    if (!isRecord(c.raw)) continue;
    const expect = c.raw.expect;
    if (typeof expect === 'string' && !(labels.state === 'valid' && labels.set.has(expect)) && labels.state !== 'invalid') {
      // Located only once a problem is known: locating costs a tree walk, and 10,000 cases are mostly fine.
      const at = c.locate(['expect']).value;
      if (labels.state === 'none') {
        report(at, `expect "${expect}" needs labels: declare the classes in the frontmatter, e.g. labels: ${yamlish(expects.length >= 2 ? expects : [expect, 'other'])}.`, addLabels(expects));
      } else {
        const guess = didYouMean(expect, labels.list);
        report(at, `expect "${expect}" is not one of the labels: ${labels.list.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`, guess ? exactFix(textOfFile(spec, at.file), at, expect, guess, `Change to "${guess}"`) : undefined);
      }
    }
    if (Array.isArray(c.raw.checks)) {
      c.raw.checks.forEach((check, i) => checkProblems(check, ['checks', i], c.locate, context, report));
    }
    // A set only for a case with criteria of its own: not one for each of 100,000 cases without.
    const seen = c.criteria?.length ? new Set<string>() : undefined;
    for (const criterion of c.criteria ?? []) {
      if (seen!.has(criterion.id)) report(c.locate(['criteria', criterion.index]).value, `Case "${c.id}" has two criteria with the id "${criterion.id}": give each its own id (results and human labels tell them apart by it).`);
      seen!.add(criterion.id);
    }
  }

  // Rubric criteria: the same checks, and no id that a case's own criterion verdicts use.
  for (const criterion of spec.rubric) {
    if (isRecord(criterion.raw)) checkProblems(criterion.raw.check, ['check'], criterion.locate, context, report);
    if (criterion.id === REFERENCE_CRITERION_ID || criterion.id.startsWith(CASE_CRITERION_PREFIX)) {
      const at = criterion.locate(['id']);
      report(at.value, `The criterion id "${criterion.id}" is reserved: "${REFERENCE_CRITERION_ID}" and ids starting with "${CASE_CRITERION_PREFIX}" name the verdicts of a case's own reference and criteria. Rename it.`);
    }
  }

  if (!front || !spec.frontmatter) return out;
  const locate = spec.frontmatter.locate;
  const keyAt = (path: ValuePath): SourceRange => {
    const l = locate(path);
    return l.key ?? l.value;
  };

  // One target or several to compare, never both: which one would a run use?
  if ('target' in front && 'targets' in front) {
    report(keyAt(['targets']), 'Use either target: (one target) or targets: (several to compare), not both: move the target: into targets: under a name, or remove targets:.');
  }

  // classify: rule keys are labels; rule regexes compile.
  const classify = front.classify;
  if (isRecord(classify)) {
    const special = 'json' in classify || 'judge' in classify;
    if (labels.state === 'none') {
      const ruleLabels = special ? [] : Object.keys(classify);
      report(keyAt(['classify']), `classify needs labels: declare the classes in the frontmatter, e.g. labels: ${yamlish(ruleLabels.length >= 2 ? ruleLabels : ['refuse', 'answer'])}.`, ruleLabels.length >= 2 ? addLabels(ruleLabels) : undefined);
    }
    if (!special) {
      for (const [label, rule] of Object.entries(classify)) {
        if (labels.state === 'valid' && !labels.set.has(label)) {
          const at = keyAt(['classify', label]);
          const guess = didYouMean(label, labels.list);
          report(at, `classify key "${label}" is not one of the labels: ${labels.list.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`, guess ? exactFix(textOfFile(spec, at.file), at, label, guess, `Change to "${guess}"`) : undefined);
        }
        if (isRecord(rule)) regexProblems(rule, ['regex'], ['classify', label], locate, report);
      }
    }
  }

  // gates: keys that name labels, criteria and tags must exist.
  const gates = front.gates;
  if (isRecord(gates)) {
    for (const metric of ['recall', 'precision', 'f1', 'accuracy', 'macro_f1', 'kappa']) {
      if (!(metric in gates)) continue;
      if (labels.state === 'none') {
        report(keyAt(['gates', metric]), `gates.${metric} measures a classification: declare its classes with labels: in the frontmatter.`);
        continue;
      }
      const perLabel = gates[metric];
      if (labels.state !== 'valid' || !isRecord(perLabel)) continue;
      for (const label of Object.keys(perLabel)) {
        if (labels.set.has(label)) continue;
        const at = keyAt(['gates', metric, label]);
        const guess = didYouMean(label, labels.list);
        report(at, `${metric} names "${label}", which is not one of the labels: ${labels.list.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`, guess ? exactFix(textOfFile(spec, at.file), at, label, guess, `Change to "${guess}"`) : undefined);
      }
    }
    const perCriterion = gates.per_criterion;
    if (isRecord(perCriterion)) {
      const ids = spec.rubric.map((c) => c.id);
      for (const id of Object.keys(perCriterion)) {
        if (ids.includes(id)) continue;
        const at = keyAt(['gates', 'per_criterion', id]);
        if (ids.length === 0) {
          report(at, `per_criterion names "${id}", but the spec has no rubric: add a \`\`\`yaml rubric block with a criterion of that id.`);
          continue;
        }
        const guess = didYouMean(id, ids);
        report(at, `per_criterion names "${id}", which is not a rubric criterion: ${ids.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`, guess ? exactFix(textOfFile(spec, at.file), at, id, guess, `Change to "${guess}"`) : undefined);
      }
    }
    const perTag = gates.per_tag;
    if (isRecord(perTag) && spec.cases.length > 0) {
      // Added case by case: a flatMap of every case's tags is a list of 2,000,000 for a million cases (70 MB of
      // large arrays as it grows), only to be thrown away.
      const tags = new Set<string>();
      for (const c of spec.cases) for (const tag of c.tags) tags.add(tag);
      // Only a likely typo is reported here; a tag with too few cases is lint's undecidable-gate.
      for (const tag of Object.keys(perTag)) {
        if (tags.has(tag)) continue;
        const guess = didYouMean(tag, tags);
        if (!guess) continue;
        const at = keyAt(['gates', 'per_tag', tag]);
        report(at, `No case is tagged "${tag}". Did you mean "${guess}"?`, exactFix(textOfFile(spec, at.file), at, tag, guess, `Change to "${guess}"`), 'warning');
      }
    }
    // A target with prices of its own counts; a multi-target spec missing some is lint's target-without-pricing.
    const targets = specTargets(front as Pick<SpecConfig, 'target' | 'targets'>);
    if ('cost_per_case_usd' in gates && !('pricing' in front) && !targets.some((t) => isRecord(t.config.pricing))) {
      report(keyAt(['gates', 'cost_per_case_usd']), 'cost_per_case_usd needs the model\'s prices: add pricing: { input_per_mtok, output_per_mtok } to the frontmatter.', undefined, 'warning');
    }
  }

  return out;
}

function readLabels(front: Record<string, unknown> | undefined): Labels {
  if (!front || !('labels' in front)) return { state: 'none' };
  const value = front.labels;
  if (!Array.isArray(value) || !value.every((l): l is string => typeof l === 'string')) return { state: 'invalid' };
  return { state: 'valid', list: value, set: new Set(value) };
}

type Report = (range: SourceRange, message: string, fixes?: QuickFix[], severity?: Severity) => void;

/** The regexes and JSON Schema of one check (a case's or a criterion's). */
function checkProblems(check: unknown, path: ValuePath, locate: Locator, context: SemanticContext, report: Report): void {
  if (!isRecord(check)) return;
  regexProblems(check, REGEX_KEYS, path, locate, report);
  // `arguments` is the JSON Schema of a tool-called check's call arguments: checked like a json-schema.
  for (const key of ['json-schema', 'arguments']) {
    const schema = check[key];
    if (!isRecord(schema)) continue;
    const problem = context.jsonSchemaProblem(schema);
    if (problem) {
      // Point inside the embedded schema: `type: 5` is underlined, not the whole json-schema value.
      const inner = toValuePath(problem.instancePath, schema);
      const where = inner.length ? inner.join('.') : 'the schema';
      report(locate([...path, key, ...inner]).value, `${key} is not a valid JSON Schema: ${where} ${problem.message}.`);
    } else {
      schemaPatternProblems(schema, [...path, key], locate, report);
    }
  }
  // `no-tool-called: /regex/flags` names tools by a regex, which must compile like any spec regex.
  const slashed = typeof check['no-tool-called'] === 'string' ? readSlashRegex(check['no-tool-called']) : undefined;
  if (slashed) {
    const error = regexError(slashed.pattern, slashed.flags);
    if (error) report(locate([...path, 'no-tool-called']).value, `${error}.`);
  }
}

function regexProblems(rule: Record<string, unknown>, keys: readonly string[], path: ValuePath, locate: Locator, report: Report): void {
  let flags = typeof rule.flags === 'string' ? rule.flags : '';
  if (!VALID_FLAGS.test(flags)) flags = ''; // the schema reports the unknown letters
  const unsupported = unsupportedFlagProblem(flags);
  const flagsError = unsupported ?? (flags ? regexError('', flags) : null);
  if (flagsError) {
    report(locate([...path, 'flags']).value, unsupported ? `${unsupported}.` : `flags "${flags}" cannot be used together: ${flagsError}.`);
    flags = '';
  }
  for (const key of keys) {
    const pattern = rule[key];
    if (typeof pattern !== 'string') continue;
    const error = regexError(pattern, flags);
    if (error) report(locate([...path, key]).value, `${error}.`);
  }
}

/** Why a spec regex cannot run (its JavaScript syntax, or a feature the linear-time engine lacks), or null. */
function regexError(pattern: string, flags: string): string | null {
  const compiled = compileSpecRegex(pattern, flags);
  return compiled.ok ? null : compiled.error;
}

/**
 * The `pattern`s and `patternProperties` keys of a json-schema check's schema, each at its own place. Only
 * schema positions are visited: under `properties`, `pattern` is the name of a property, not a keyword.
 */
function schemaPatternProblems(schema: unknown, path: ValuePath, locate: Locator, report: Report): void {
  if (!isRecord(schema)) return;
  if (typeof schema.pattern === 'string') {
    const error = regexError(schema.pattern, 'u');
    if (error) report(locate([...path, 'pattern']).value, `pattern: ${error}.`);
  }
  if (isRecord(schema.patternProperties)) {
    for (const key of Object.keys(schema.patternProperties)) {
      const error = regexError(key, 'u');
      if (error) {
        const at = locate([...path, 'patternProperties', key]);
        report(at.key ?? at.value, `patternProperties: ${error}.`);
      }
    }
  }
  for (const keyword of SUBSCHEMA) {
    if (keyword in schema) schemaPatternProblems(schema[keyword], [...path, keyword], locate, report);
  }
  for (const keyword of SUBSCHEMA_LISTS) {
    const list = schema[keyword];
    if (Array.isArray(list)) list.forEach((item, i) => schemaPatternProblems(item, [...path, keyword, i], locate, report));
    else if (keyword === 'items') schemaPatternProblems(list, [...path, keyword], locate, report);
  }
  for (const keyword of SUBSCHEMA_MAPS) {
    const map = schema[keyword];
    if (isRecord(map)) for (const [name, item] of Object.entries(map)) schemaPatternProblems(item, [...path, keyword, name], locate, report);
  }
}

/** JSON Schema keywords (drafts 7 to 2020-12) whose value is a schema, a list of schemas, or a map of them. */
const SUBSCHEMA = ['additionalItems', 'additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema'] as const;
const SUBSCHEMA_LISTS = ['items', 'prefixItems', 'allOf', 'anyOf', 'oneOf'] as const;
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'dependencies'] as const;

/** A fix that adds `labels: [...]` at the end of the frontmatter. */
function addLabelsFix(spec: ParsedSpec): (labels: string[]) => QuickFix[] | undefined {
  return (labels) => {
    const fm = spec.frontmatter;
    if (!fm || labels.length < 2) return undefined;
    const line = `labels: ${yamlish(labels)}`;
    const empty = fm.range.start === fm.range.end;
    return [{ title: `Add ${line}`, edits: [{ file: spec.file, start: fm.range.end, end: fm.range.end, newText: empty ? `${line}\n` : `\n${line}` }] }];
  };
}
