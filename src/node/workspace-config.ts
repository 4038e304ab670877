// The workspace configuration file, `aispec.config.json`, found in the spec's folder or the nearest
// ancestor. The CLI and the editor read the same file, so rule severities never differ between them. What is
// wrong in it comes back as diagnostics with offsets into its own text: the CLI names the file, the editor
// underlines the mistake where it was made.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { didYouMean, findLintRule, LINT_CONFIG, lintRules, RULE_SEVERITIES, type Diagnostic, type SeverityOverrides, type SourceRange, type SpecHost } from '../core/index.js';
import { nodeSpecHost } from './spec-host.js';

export const CONFIG_FILE = 'aispec.config.json';

export interface WorkspaceConfig {
  /** The aispec.config.json that applies; undefined when no folder up to the root has one. */
  path?: string;
  /** Its text as read ('' when there is none or it could not be read): the problems' offsets point into it. */
  text: string;
  /** Rule severities by id, as written (lintSpec reports the entries it cannot use on each spec). */
  lint: SeverityOverrides;
  /**
   * What is wrong in the file. `error`: the file cannot be used at all, so none of its settings apply.
   * `warning`: one setting is ignored (an unknown rule id or a bad severity).
   */
  problems: Diagnostic[];
}

export interface WorkspaceConfigOptions {
  /** Where the file is read (default: the disk). The editor's host reads an open, unsaved file first. */
  host?: Pick<SpecHost, 'readFile'>;
  /** Reuse the configuration read before from the same file (default true). */
  useCache?: boolean;
}

const cache = new Map<string, WorkspaceConfig>();

export async function workspaceConfigFor(specFile: string, options: WorkspaceConfigOptions = {}): Promise<WorkspaceConfig> {
  const path = findConfigFile(specFile);
  if (!path) return { text: '', lint: {}, problems: [] };
  const cached = options.useCache === false ? undefined : cache.get(path);
  if (cached) return cached;
  let config: WorkspaceConfig;
  try {
    config = parseWorkspaceConfig(path, await (options.host ?? nodeSpecHost).readFile(path));
  } catch (error) {
    // The message `aispec check` has always printed for a file it cannot use, readable or not.
    config = { path, text: '', lint: {}, problems: [unusable('parse', `not valid JSON (${(error as Error).message}).`, { file: path, start: 0, end: 0 })] };
  }
  cache.set(path, config);
  return config;
}

/** The aispec.config.json in the spec's folder or the nearest ancestor that has one. */
export function findConfigFile(specFile: string): string | undefined {
  for (let dir = dirname(specFile); ; dir = dirname(dir)) {
    const path = join(dir, CONFIG_FILE);
    if (existsSync(path)) return path;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The configuration in `text`, the content of the file at `path`, with its problems located in that text. */
export function parseWorkspaceConfig(path: string, text: string): WorkspaceConfig {
  let lint: unknown;
  try {
    lint = (JSON.parse(text) as { lint?: unknown }).lint;
  } catch (error) {
    return { path, text, lint: {}, problems: [unusable('parse', `not valid JSON (${(error as Error).message}).`, syntaxErrorAt(path, text))] };
  }
  // JSON.parse decides what is valid (it is what has always read the file); the tree only says where things are.
  const root = parseTree(text);
  const lintNode = root && findNodeAtLocation(root, ['lint']);
  if (lint !== undefined && (typeof lint !== 'object' || lint === null || Array.isArray(lint))) {
    const at = lintNode ? rangeOf(path, lintNode) : { file: path, start: 0, end: text.length };
    return { path, text, lint: {}, problems: [unusable(LINT_CONFIG, '"lint" maps rule ids to off, info, warning or error.', at)] };
  }
  return { path, text, lint: (lint ?? {}) as SeverityOverrides, problems: lintNode ? settingProblems(path, lintNode) : [] };
}

function unusable(code: string, message: string, range: SourceRange): Diagnostic {
  return { code, severity: 'error', message, range };
}

/** Unknown rule ids (at the id) and severities that are not one (at the value) in the `lint` object. */
function settingProblems(path: string, lintNode: JsonNode): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const property of lintNode.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    const id = keyNode.value;
    if (!findLintRule(id)) {
      const suggestion = didYouMean(id, lintRules.map((r) => r.id));
      problems.push({
        code: LINT_CONFIG,
        severity: 'warning',
        message: `Unknown lint rule "${id}"${suggestion ? `: did you mean "${suggestion}"?` : '.'} The rules are listed by "aispec check --list-rules".`,
        range: insideQuotes(rangeOf(path, keyNode)),
      });
      continue;
    }
    const value: unknown = valueNode ? getNodeValue(valueNode) : undefined;
    if (valueNode && !(RULE_SEVERITIES as readonly unknown[]).includes(value)) {
      const suggestion = typeof value === 'string' ? didYouMean(value, RULE_SEVERITIES) : undefined;
      problems.push({
        code: LINT_CONFIG,
        severity: 'warning',
        message: `The lint setting for "${id}" is ${JSON.stringify(value)}: use one of ${RULE_SEVERITIES.join(', ')}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}.`,
        range: rangeOf(path, valueNode),
      });
    }
  }
  return problems;
}

/** Where the first syntax error is; the whole text when the parser finds none JSON.parse did. */
function syntaxErrorAt(path: string, text: string): SourceRange {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const [first] = errors;
  return first ? { file: path, start: first.offset, end: first.offset + first.length } : { file: path, start: 0, end: text.length };
}

function rangeOf(path: string, node: JsonNode): SourceRange {
  return { file: path, start: node.offset, end: node.offset + node.length };
}

/** A string node's range without its quotes: the underline sits on the id itself. */
function insideQuotes(range: SourceRange): SourceRange {
  return range.end - range.start >= 2 ? { ...range, start: range.start + 1, end: range.end - 1 } : range;
}
