// Turns ajv's errors into diagnostics a spec author can act on: located on the key (unknown or missing
// property) or the value (wrong type, value or range) through the element's Locator, worded as what to do,
// with quick fixes where the fix is certain. ajv reports combinators noisily (every failed branch of a
// oneOf, the `if` of an if/then); those are collapsed here into the one error that explains the problem.
import { didYouMean, toSlug } from './did-you-mean.js';
import { excerpt } from './excerpt.js';
import { aispecSchema, defName, type SchemaError, type SchemaNode } from './schema-validators.js';
import type { Diagnostic, Locator, QuickFix, SourceRange, ValuePath } from './types.js';
import { isRecord } from '../util/is-record.js';

/** The element being validated: the frontmatter, one case or one criterion. */
export interface Subject {
  kind: 'frontmatter' | 'case' | 'criterion';
  /** How messages name the element when it is the context: `the frontmatter`, `case "dose-01"`. */
  name: string;
  data: unknown;
  locate: Locator;
  /** Text of the element's file: a fix that renames a quoted key keeps the quotes. */
  text: string | undefined;
  /** Frontmatter only: the opening `---` line (where a missing top-level key is reported) and where to insert keys. */
  opening?: SourceRange;
  insertAt?: number;
  /** Frontmatter only: values the fixes for a missing id / title suggest. */
  suggestedId?: string;
  suggestedTitle?: string;
}

/** Maps whose keys are the user's own (tags, labels, header names): their entries are named `map.key`. */
const FREE_MAPS = new Set(['per_tag', 'per_criterion', 'recall', 'precision', 'f1', 'headers', 'lint', 'classify', 'vars', 'meta', 'body']);

/** Keys people reach for that are spelt nothing like the right one. */
const SYNONYMS: Record<Subject['kind'], Record<string, string>> = {
  frontmatter: { name: 'title', version: 'aispec', classes: 'labels', threshold: 'case_threshold' },
  case: { prompt: 'input', question: 'input', query: 'input', user: 'input', label: 'expect', expected: 'expect', tag: 'tags', check: 'checks', variables: 'vars', metadata: 'meta' },
  criterion: { name: 'id', text: 'criterion', description: 'criterion', checks: 'check' },
};

/** ajv's instancePath (`/checks/0/regex`) as a ValuePath, with indices as numbers where the data is a list. */
export function toValuePath(instancePath: string, data: unknown): (string | number)[] {
  if (instancePath === '') return [];
  const path: (string | number)[] = [];
  let current: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      path.push(Number(segment));
      current = current[Number(segment)];
    } else {
      path.push(segment);
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return path;
}

/** `checks[0].regex`, `gates.per_tag`. */
function dotted(path: ValuePath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The short name of a value in a message: its key, `labels[1]`, or `per_tag.adversarial` for user-chosen keys. */
export function nameOf(path: ValuePath): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the value';
  if (typeof last === 'number') return `${nameOf(path.slice(0, -1))}[${last}]`;
  const parent = path[path.length - 2];
  if (typeof parent === 'string' && FREE_MAPS.has(parent)) return `${parent}.${last}`;
  return last;
}

/** Where an object stands, for "Unknown key ... in X": `gates`, `the frontmatter`, `checks[0] of case "dose-01"`. */
function whereIs(path: ValuePath, subject: Subject): string {
  if (path.length === 0) return subject.name;
  return subject.kind === 'frontmatter' ? dotted(path) : `${dotted(path)} of ${subject.name}`;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const article = (word: string): string => (/^[aeio]/i.test(word) ? 'an' : 'a');

const PLAIN = /^[A-Za-z_][A-Za-z0-9_ ./:@-]*$/;

/** A value as the user would write it in YAML flow style, for "e.g." examples. */
export function yamlish(value: unknown): string {
  if (typeof value === 'string') {
    const plain = PLAIN.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value) && !/\s$|:$|: /.test(value);
    return plain ? value : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(yamlish).join(', ')}]`;
  if (isRecord(value)) return `{ ${Object.entries(value).map(([k, v]) => `${yamlish(k)}: ${yamlish(v)}`).join(', ')} }`;
  return String(value);
}

/** A number as short as it can be written: 95 / 100 gives 0.95, not 0.9500000000000001. */
function formatNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

const TYPE_TEXT: Record<string, string> = {
  object: 'a mapping of keys to values',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function typeText(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_TEXT[String(t)] ?? String(t)).join(' or ');
}

function example(node: SchemaNode | undefined): unknown {
  return Array.isArray(node?.examples) ? node.examples[0] : undefined;
}

function valueAt(data: unknown, path: ValuePath): unknown {
  let current = data;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

/** Keys a schema node allows, in the schema's order. */
function allowedKeys(node: SchemaNode | undefined): string[] {
  return isRecord(node?.properties) ? Object.keys(node.properties) : [];
}

/** Frontmatter-level keys that belong one level down: `pass_rate` → `gates`. */
const NESTED_HOME = new Map<string, string>();
for (const [def, parent] of [['gates', 'gates'], ['pricing', 'pricing'], ['targetOpenai', 'target'], ['targetRecorded', 'target'], ['targetHttp', 'target'], ['targetCommand', 'target']] as const) {
  for (const key of allowedKeys(aispecSchema.$defs[def])) if (!NESTED_HOME.has(key) && !(key in (aispecSchema.properties as object))) NESTED_HOME.set(key, parent);
}

/** Provider-specific target definitions, for "url belongs to http targets". */
const TARGET_DEFS: Record<string, string> = { targetRecorded: 'recorded', targetOpenai: 'openai', targetAnthropic: 'anthropic', targetHttp: 'http', targetCommand: 'command' };

/**
 * A fix that replaces `current` at `range` with `replacement`, offered only when the source there is exactly
 * `current` (plain or quoted): a locator that can only point at a whole record (a CSV row) gets no fix rather
 * than one that would overwrite the row. Quotes are kept: a JSON key stays a JSON key.
 */
export function exactFix(text: string | undefined, range: SourceRange, current: unknown, replacement: string, title: string): QuickFix[] {
  if (text === undefined) return [];
  const written = text.slice(range.start, range.end);
  const quote = written.charAt(0);
  const quoted = written.length >= 2 && (quote === '"' || quote === "'") && written.endsWith(quote);
  let same: boolean;
  if (typeof current === 'string') same = written === current || (quoted && written.slice(1, -1) === current);
  else same = written.trim() !== '' && (written.trim() === String(current) || (typeof current === 'number' && Number(written) === current));
  if (!same) return [];
  let newText = replacement;
  if (quoted && typeof current === 'string') newText = quote === '"' ? JSON.stringify(replacement) : `'${replacement.replace(/'/g, "''")}'`;
  return [{ title, edits: [{ file: range.file, start: range.start, end: range.end, newText }] }];
}

interface Mapped {
  message: string;
  range: SourceRange;
  fixes?: QuickFix[];
}

export function schemaDiagnostics(errors: readonly SchemaError[], subject: Subject): Diagnostic[] {
  const kept = collapse(errors);
  // A typo explains a missing key: `critrion:` is reported as unknown with "did you mean criterion",
  // not also as "criterion is missing".
  const suggested = new Map<string, Set<string>>();
  for (const e of kept) {
    if (e.keyword !== 'additionalProperties') continue;
    const guess = suggestKey(String(e.params.additionalProperty), allowedKeys(e.parentSchema as SchemaNode), subject);
    if (guess) (suggested.get(e.instancePath) ?? suggested.set(e.instancePath, new Set()).get(e.instancePath)!).add(guess);
  }
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    if (e.keyword === 'required' && suggested.get(e.instancePath)?.has(String(e.params.missingProperty))) continue;
    if (e.keyword === 'oneOf' && e.params.passingSchemas == null && suggested.has(e.instancePath)) continue;
    if (e.keyword === 'anyOf' && requiredBranches(e.parentSchema as SchemaNode, 'anyOf')?.some((k) => suggested.get(e.instancePath)?.has(k))) continue;
    const mapped = mapError(e, subject);
    if (!mapped) continue;
    const id = `${mapped.range.file}:${mapped.range.start}:${mapped.range.end}:${mapped.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const diagnostic: Diagnostic = { code: 'schema', severity: 'error', message: mapped.message, range: mapped.range };
    if (mapped.fixes?.length) diagnostic.fixes = mapped.fixes;
    out.push(diagnostic);
  }
  return out;
}

/**
 * Keeps the errors that explain the problem: drops `if` (its `then` errors say what is wrong), the branch
 * errors below a failed oneOf/anyOf (the combinator's own message sums them up), propertyNames' inner errors,
 * and anything else said about a value whose type is wrong.
 */
function collapse(errors: readonly SchemaError[]): SchemaError[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  // A value of the wrong type explains everything else said about it (its keys, its one-of forms).
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (e.keyword !== 'type' && wrongType.has(e.instancePath)) return false;
    if (e.propertyName !== undefined) return false;
    return !combinators.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`) && e.instancePath.startsWith(c.instancePath));
  });
}

/** The closest allowed key to a misspelt one, or a known synonym (`prompt` → `input`) when it is allowed here. */
function suggestKey(key: string, allowed: readonly string[], subject: Subject): string | undefined {
  const synonym = SYNONYMS[subject.kind][key];
  return didYouMean(key, allowed) ?? (synonym !== undefined && allowed.includes(synonym) ? synonym : undefined);
}

/** A oneOf whose branches each require one key: "exactly one kind key" (checks, classify rules). */
function kindKeys(node: SchemaNode): string[] | undefined {
  return requiredBranches(node, 'oneOf');
}

/** The keys of a oneOf/anyOf whose every branch is `{ required: [KEY] }`; undefined for any other shape. */
function requiredBranches(node: SchemaNode | undefined, keyword: 'oneOf' | 'anyOf'): string[] | undefined {
  const branches = node?.[keyword];
  if (!Array.isArray(branches)) return undefined;
  const keys: string[] = [];
  for (const b of branches) {
    if (!isRecord(b) || Object.keys(b).length !== 1 || !Array.isArray(b.required) || b.required.length !== 1) return undefined;
    keys.push(String(b.required[0]));
  }
  return keys;
}

function mapError(e: SchemaError, subject: Subject): Mapped | undefined {
  const path = toValuePath(e.instancePath, subject.data);
  const node = (e.parentSchema ?? {}) as SchemaNode;
  const value = valueAt(subject.data, path);
  const name = nameOf(path);
  const at = subject.locate(path);
  const custom = typeof node.errorMessage === 'string' ? node.errorMessage : undefined;

  /** Where a problem with a whole object is shown: its key, else (for an element's root) its id key or the `---` line. */
  const objectAnchor = (): SourceRange => {
    if (at.key) return at.key;
    if (path.length === 0) {
      if (subject.opening) return subject.opening;
      const id = subject.locate(['id']);
      if (id.key) return id.key;
    }
    return at.value;
  };
  const keyOf = (key: string): SourceRange => {
    const located = subject.locate([...path, key]);
    return located.key ?? located.value;
  };

  switch (e.keyword) {
    case 'additionalProperties':
      return unknownKey(String(e.params.additionalProperty), path, node, subject, custom);

    case 'required': {
      const missing = String(e.params.missingProperty);
      const dependent = /\/dependentSchemas\/([^/]+)\//.exec(e.schemaPath)?.[1];
      if (dependent) return { message: custom ?? `${dependent} needs ${missing} beside it.`, range: keyOf(dependent) };
      if (custom) return { message: custom, range: objectAnchor() };
      if (path.length === 0 && subject.kind === 'frontmatter') return missingTopLevel(missing, subject);
      return { message: missingMessage(missing, path, node, subject), range: objectAnchor() };
    }

    case 'type': {
      if (path.length === 0) {
        const what = subject.kind === 'frontmatter' ? 'The frontmatter' : subject.kind === 'case' ? 'A case' : 'A rubric criterion';
        const shape = subject.kind === 'frontmatter' ? 'aispec: 1, id: my-spec, title: ...' : subject.kind === 'case' ? '- id: dose-01 / input: ...' : '- id: no-dosage / criterion: ...';
        return { message: custom ?? `${what} is a mapping of keys to values (${shape}), not ${describe(value)}.`, range: at.value };
      }
      const expected = e.params.type;
      if (String(expected) === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
        const quoted = JSON.stringify(String(value));
        return {
          message: custom ?? `${name} must be text: put it in quotes, e.g. ${name}: ${quoted}.`,
          range: at.value,
          fixes: exactFix(subject.text, at.value, value, quoted, `Quote it: ${quoted}`),
        };
      }
      const ex = example(node);
      const eg = ex === undefined ? '' : `, e.g. ${name}: ${yamlish(ex)}`;
      return { message: custom ?? `${name} must be ${typeText(expected)}, not ${describe(value)}${eg}.`, range: at.value };
    }

    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const guess = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      return {
        message: custom ?? `${name} must be one of: ${allowed.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`,
        range: at.value,
        ...(guess ? { fixes: exactFix(subject.text, at.value, value, guess, `Change to "${guess}"`) } : {}),
      };
    }

    case 'const': {
      const wanted = e.params.allowedValue as unknown;
      const text = yamlish(wanted);
      const fixes = exactFix(subject.text, at.value, value, text, `Change to ${text}`);
      if (subject.kind === 'frontmatter' && path.length === 1 && path[0] === 'aispec') {
        return { message: `aispec must be 1: the version of the aispec format this file is written in.`, range: at.value, fixes };
      }
      if (wanted === true) return { message: custom ?? `${name} takes only true: write ${name}: true, or remove it.`, range: at.value, fixes };
      return { message: custom ?? `${name} must be ${text}.`, range: at.value, fixes };
    }

    case 'pattern': {
      const base = typeof node.patternErrorMessage === 'string' ? node.patternErrorMessage : `${name} must match the pattern ${String(e.params.pattern)}.`;
      if (subject.kind === 'frontmatter' && path.length === 1 && path[0] === 'id' && typeof value === 'string') {
        const slug = toSlug(value);
        return {
          message: `${base} Did you mean "${slug}"?`,
          range: at.value,
          fixes: exactFix(subject.text, at.value, value, slug, `Change to "${slug}"`),
        };
      }
      return { message: base, range: at.value };
    }

    case 'format': {
      const ex = example(node);
      return { message: custom ?? `${name} must be a full URL, starting with http:// or https://${ex === undefined ? '' : `, e.g. ${yamlish(ex)}`}.`, range: at.value };
    }

    case 'maximum':
    case 'minimum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return rangeProblem(e.keyword, Number(e.params.limit), value, name, node, at.value, subject.text);

    case 'minItems':
    case 'maxItems': {
      const limit = Number(e.params.limit);
      if (custom) return { message: custom, range: at.value };
      if (e.keyword === 'minItems' && limit === 1) return { message: `${name} must not be empty.`, range: at.value };
      const noun = name === 'labels' ? 'labels: a classification has two classes or more' : 'items';
      return { message: `${name} needs ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${limit} ${noun}.`, range: at.value };
    }

    case 'uniqueItems': {
      const later = Math.max(Number(e.params.i), Number(e.params.j));
      const dup = subject.locate([...path, later]).value;
      return { message: custom ?? `${JSON.stringify(valueAt(value, [later]))} appears twice in ${name}: remove one.`, range: dup };
    }

    case 'minLength':
      return { message: custom ?? `${name} must not be empty.`, range: at.value };

    case 'minProperties':
      if (name === 'classify') return { message: custom ?? 'classify needs a rule per label (e.g. refuse: { regex: "can\'t" }), or { json: PATH }, or { judge: true }.', range: objectAnchor() };
      return { message: custom ?? `${name} needs at least one entry.`, range: objectAnchor() };

    case 'maxProperties':
      return { message: custom ?? `${name} has too many keys.`, range: objectAnchor() };

    case 'propertyNames': {
      const prop = String(e.params.propertyName);
      const loc = subject.locate([...path, prop]);
      return {
        message: custom ?? `"${prop}" is not a ${name === 'lint' ? 'lint rule id: ids are lowercase words joined by "-", e.g. missing-goal' : name === 'targets' ? 'valid target name: like an id, a name is lowercase letters, digits, ".", "_" and "-", starting with a letter or digit, e.g. gpt-4o-mini' : `valid key in ${name}`}.`,
        range: loc.key ?? loc.value,
      };
    }

    case 'oneOf': {
      const kinds = kindKeys(node);
      const noun = defName(node) === 'classifyRule' ? `The rule for ${name}` : defName(node) === 'check' ? 'A check' : capitalise(name);
      if (kinds) {
        const present = isRecord(value) ? kinds.filter((k) => k in value) : [];
        if (present.length > 1) {
          const advice = defName(node) === 'check' ? 'split it into one check per kind' : 'keep one';
          return {
            message: custom ?? `${noun} has one kind key, but this one has ${present.map((k) => `"${k}"`).join(' and ')}: ${advice}.`,
            range: keyOf(present[1]!),
          };
        }
        return { message: custom ?? `${noun} needs one kind key: ${kinds.join(', ')}.`, range: objectAnchor() };
      }
      return { message: custom ?? `${name} does not match exactly one allowed form.`, range: at.value };
    }

    case 'anyOf': {
      const dependent = /\/dependentSchemas\/([^/]+)\//.exec(e.schemaPath)?.[1];
      if (dependent) return { message: custom ?? `${dependent} needs another key beside it.`, range: keyOf(dependent) };
      return { message: custom ?? `${name} does not match any allowed form.`, range: objectAnchor() };
    }

    case 'not': {
      const both = isRecord(node.not) && Array.isArray(node.not.required) ? node.not.required.map(String) : [];
      const range = both.length ? keyOf(both[both.length - 1]!) : at.value;
      return { message: custom ?? `${name} is not allowed here.`, range };
    }

    default: {
      // A keyword this file does not word yet: ajv's text, still at the right place.
      return { message: custom ?? `${name} ${e.message ?? 'is invalid'}.`, range: at.value };
    }
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

function unknownKey(key: string, path: ValuePath, node: SchemaNode, subject: Subject, custom: string | undefined): Mapped {
  const loc = subject.locate([...path, key]);
  const range = loc.key ?? loc.value;
  if (custom) return { message: custom, range };
  const where = whereIs(path, subject);
  const allowed = allowedKeys(node);
  const guess = suggestKey(key, allowed, subject);
  // The key may come from a case file or a hostile spec: a message shows a short, clean excerpt of it.
  const shown = excerpt(key);
  if (guess) {
    return {
      message: `Unknown key "${shown}" in ${where}. Did you mean "${guess}"?`,
      range,
      fixes: exactFix(subject.text, range, key, guess, `Change to "${guess}"`),
    };
  }
  const def = defName(node);
  if (def === 'frontmatter') {
    const home = NESTED_HOME.get(key) ?? (key === 'model' || key === 'provider' ? 'target' : undefined);
    if (home) return { message: `Unknown key "${shown}" in the frontmatter: it belongs under ${home}:.`, range };
    return { message: `Unknown key "${shown}" in the frontmatter. Allowed keys: ${allowed.join(', ')} (or an x- extension key).`, range };
  }
  if (def && def in TARGET_DEFS) {
    const owners = Object.entries(TARGET_DEFS)
      .filter(([d]) => d !== def && allowedKeys(aispecSchema.$defs[d]).includes(key))
      .map(([, p]) => p);
    const also = owners.length ? ` ("${shown}" belongs to ${owners.join(' and ')} targets.)` : '';
    return { message: `Unknown key "${shown}" in ${where}: ${article(TARGET_DEFS[def]!)} ${TARGET_DEFS[def]} target takes ${allowed.join(', ')}.${also}`, range };
  }
  return { message: `Unknown key "${shown}" in ${where}. Allowed keys: ${allowed.join(', ')}.`, range };
}

function missingMessage(missing: string, path: ValuePath, node: SchemaNode, subject: Subject): string {
  const def = defName(node);
  const prop = isRecord(node.properties) ? (node.properties[missing] as SchemaNode | undefined) : undefined;
  let hint = '';
  if (Array.isArray(prop?.enum)) hint = `: one of ${prop.enum.map(String).join(', ')}`;
  else if (example(prop) !== undefined) hint = `, e.g. ${missing}: ${yamlish(example(prop))}`;
  if (path.length === 0 && missing === 'id') return `A ${subject.kind} needs an id${hint}.`;
  const who = def && def in TARGET_DEFS ? capitalise(`${article(TARGET_DEFS[def]!)} ${TARGET_DEFS[def]} target`) : path.length === 0 ? capitalise(subject.name) : whereIs(path, subject);
  return `${who} needs ${missing}${hint}.`;
}

function missingTopLevel(missing: string, subject: Subject): Mapped {
  const range = subject.opening ?? subject.locate([]).value;
  const insert = (line: string): QuickFix[] =>
    subject.insertAt === undefined ? [] : [{ title: `Add ${line}`, edits: [{ file: range.file, start: subject.insertAt, end: subject.insertAt, newText: `${line}\n` }] }];
  switch (missing) {
    case 'aispec':
      return { message: 'The frontmatter needs aispec: 1 (the format version).', range, fixes: insert('aispec: 1') };
    case 'id': {
      const id = toSlug(subject.suggestedId ?? 'my-spec');
      return { message: `The frontmatter needs an id: a lowercase slug that names the spec's runs, e.g. id: ${id}.`, range, fixes: insert(`id: ${id}`) };
    }
    case 'title': {
      const title = subject.suggestedTitle ?? 'What the AI must do';
      return { message: 'The frontmatter needs a title: one line saying what the AI must do.', range, fixes: insert(`title: ${yamlish(title)}`) };
    }
    default:
      return { message: `The frontmatter needs ${missing}.`, range };
  }
}

function rangeProblem(keyword: string, limit: number, value: unknown, name: string, node: SchemaNode, range: SourceRange, text: string | undefined): Mapped {
  // Rates and scores are fractions; a temperature that happens to top out at 1 is not.
  const isFraction = node.maximum === 1 && (node.minimum === 0 || node.minimum === -1) && !name.endsWith('temperature');
  if (isFraction && keyword === 'maximum' && typeof value === 'number' && value > 1 && value <= 100) {
    const fraction = formatNumber(value / 100);
    return {
      message: `${name} is a fraction between ${String(node.minimum)} and 1: did you mean ${fraction}?`,
      range,
      fixes: exactFix(text, range, value, fraction, `Change to ${fraction}`),
    };
  }
  const words: Record<string, string> = { maximum: 'at most', minimum: 'at least', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' };
  const hint = isFraction ? ' (a fraction: 0.95 means 95%)' : '';
  return { message: `${name} must be ${words[keyword] ?? keyword} ${limit}${hint}.`, range };
}
