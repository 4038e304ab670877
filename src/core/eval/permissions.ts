// What a spec may do with the user's secrets and programs, decided outside the spec. A spec is text anyone can
// put in a pull request; the permissions to send an environment variable somewhere or to start a program come
// only from the person running aispec (CLI flags and the process environment, or the editor's workspace trust
// and user settings), never from a file in the workspace. This module is the one policy both hosts use:
//   - secretUses lists, from the frontmatter alone and before any request, every (variable, destination URL,
//     key in the spec) a run would send;
//   - secretAllowed is the rule (docs/security.md "Permissions" explains it);
//   - permissionProblems turns the uses a run may not make (and a command target or a command check, your
//     own grader, without the grant) into located problems, every one of them, so the run stops before
//     anything is sent;
//   - permittedSecrets wraps the run's SecretSource so that no target can read a secret for a destination the
//     rule refuses, whatever the plan said (defense in depth).
import type { SecretSource } from '../host.js';
import type { Diagnostic, ParsedSpec, SourceRange, ValuePath } from '../spec/types.js';
import { isCommandCheck } from './graders/command-check.js';
import { isRecord } from '../util/is-record.js';
import { ANTHROPIC } from './targets/anthropic.js';
import type { ChatProvider } from './targets/chat-base.js';
import { OPENAI } from './targets/openai.js';
import { SecretNotAllowedError } from './targets/secrets.js';

/** A host secrets may be sent to: a name or IP on any port, or on one port. `host` is lower case; an IPv6 address keeps its brackets. */
export interface HostRule {
  host: string;
  port?: number;
}

/** What the person running aispec allows this run. */
export interface Grants {
  /** Start programs: `command` targets. */
  command: boolean;
  /** Environment variables a spec may use as secrets (`api_key_env`, `${NAME}` in headers and http URLs). */
  env: ReadonlySet<string>;
  /** Hosts besides the providers' official ones that may receive secrets. */
  hosts: readonly HostRule[];
  /** Folders and files outside the spec's project the spec may read (absolute paths). */
  read: readonly string[];
}

export const NO_GRANTS: Grants = { command: false, env: new Set(), hosts: [], read: [] };

/** How the host tells its user to grant what is missing: CLI flags, or editor settings. */
export interface GrantAdvice {
  /** e.g. "run with --allow-env A --allow-host h (or set AISPEC_ALLOW_ENV / AISPEC_ALLOW_HOSTS)". */
  secret(variables: readonly string[], hosts: readonly string[]): string;
  /** e.g. "run with --allow-command (or set AISPEC_ALLOW_COMMAND=1)". */
  command: string;
}

/** A provider's own key variable and the only host it goes to without a grant (https, default port). */
const OFFICIAL_HOSTS: ReadonlyMap<string, string> = new Map([
  [OPENAI.defaultKeyEnv, 'api.openai.com'],
  [ANTHROPIC.defaultKeyEnv, 'api.anthropic.com'],
]);

/** One secret a run would send: which variable, to which URL (as written: a template for an http target), asked for where. */
export interface SecretUse {
  variable: string;
  destination: string;
  /** The key in the frontmatter: ['target', 'api_key_env'], ['judge', 'headers', 'Authorization'], ... */
  path: ValuePath;
  /**
   * The provider's key a chat target sends without the spec naming it (no api_key_env). Not allowed, it is
   * withheld (the request goes without a key) instead of stopping the run: a local server needs none.
   */
  implied: boolean;
}

export interface PermissionProblem {
  path: ValuePath;
  message: string;
  /** Where the problem is when it is not in the frontmatter (a case's or a criterion's check). */
  range?: SourceRange;
}

const SECRET_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Stands in for a `${NAME}` or `{{...}}` while parsing a URL: not allowed in a host, so a templated host parses as no host. */
const HOLE = '\u0000';

interface Destination {
  protocol: string;
  hostname: string;
  /** The host as a person writes it: the name, with the port when it is not the scheme's default. */
  display: string;
  port: number;
}

/** The scheme, host and port a URL (template) sends to; undefined when the host depends on a template or the URL is not http(s). */
export function destinationOf(url: string): Destination | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\$\{[^}]*\}|\{\{[^}]*\}\}/g, HOLE));
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.hostname === '' || parsed.host.includes(HOLE)) return undefined;
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
  return { protocol: parsed.protocol, hostname: parsed.hostname.toLowerCase(), display: parsed.host.toLowerCase(), port };
}

function isOfficialFor(variable: string, to: Destination): boolean {
  return to.protocol === 'https:' && to.port === 443 && OFFICIAL_HOSTS.get(variable) === to.hostname;
}

function isOfficialHost(to: Destination): boolean {
  return to.protocol === 'https:' && to.port === 443 && [...OFFICIAL_HOSTS.values()].includes(to.hostname);
}

function hostGranted(to: Destination, grants: Grants): boolean {
  return grants.hosts.some((rule) => rule.host === to.hostname && (rule.port === undefined || rule.port === to.port));
}

function variableGranted(variable: string, grants: Grants): boolean {
  return grants.env.has(variable) || OFFICIAL_HOSTS.has(variable);
}

/**
 * The rule: a provider's own key goes to that provider's official host; otherwise the variable must be granted
 * (or be a provider's key) and the host must be granted (or be an official host). A destination whose host
 * cannot be known before the run (a template in the host) gets no secret.
 */
export function secretAllowed(variable: string, destination: string, grants: Grants): boolean {
  const to = destinationOf(destination);
  if (!to) return false;
  if (isOfficialFor(variable, to)) return true;
  return variableGranted(variable, grants) && (hostGranted(to, grants) || isOfficialHost(to));
}

/**
 * Reads a host rule as the user writes it: `name`, `name:port`, an IP, `[v6]` or `[v6]:port`; case does not
 * matter. Throws an Error saying what is wrong (no schemes, paths or wildcards).
 */
export function parseHostRule(text: string): HostRule {
  const rule = text.trim().toLowerCase();
  const fail = (why: string) => new Error(`"${text}" is not a host: ${why}`);
  if (rule === '') throw fail('it is empty');
  if (rule.includes('://') || rule.includes('/')) throw fail('give the host name (e.g. gateway.example.com or localhost:11434), not a URL');
  if (rule.includes('*')) throw fail('wildcards are not supported; list each host');
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(rule);
  if (!match) throw fail(rule.split(':').length > 2 ? 'write an IPv6 address in brackets, e.g. [::1]:8080' : 'use a name or an IP, optionally with :port');
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) throw fail('the port must be 1 to 65535');
  // The URL parser's own form of the host, so a rule matches however an address is spelt ([0:0::1], [::1]).
  let host: string;
  try {
    host = new URL(`http://${match[1]!}`).hostname;
  } catch {
    throw fail('it is not a valid host name or address');
  }
  return port === undefined ? { host } : { host, port };
}

function refsIn(text: string): string[] {
  return [...new Set([...text.matchAll(SECRET_REF)].map((m) => m[1]!))];
}

function chatProvider(provider: unknown): ChatProvider | undefined {
  return provider === 'openai' ? OPENAI : provider === 'anthropic' ? ANTHROPIC : undefined;
}

/** A chat model's (target or judge) secrets: `${NAME}` in its headers, then its key unless a header of its own authorizes. */
function chatModelUses(at: ValuePath, model: Record<string, unknown>, provider: ChatProvider): SecretUse[] {
  const destination = (typeof model.base_url === 'string' ? model.base_url : provider.defaultBaseUrl).replace(/\/+$/, '');
  const uses: SecretUse[] = [];
  const headers = isRecord(model.headers) ? model.headers : {};
  for (const [name, value] of Object.entries(headers)) {
    for (const variable of refsIn(String(value))) uses.push({ variable, destination, path: [...at, 'headers', name], implied: false });
  }
  // The same rule as the targets: a spec header named like the provider's auth header is sent instead of the key.
  if (Object.keys(headers).some((name) => provider.authHeaders.includes(name.toLowerCase()))) return uses;
  if (typeof model.api_key_env === 'string') {
    uses.push({ variable: model.api_key_env, destination, path: [...at, 'api_key_env'], implied: false });
  } else {
    uses.push({ variable: provider.defaultKeyEnv, destination, path: [...at, model.base_url === undefined ? 'provider' : 'base_url'], implied: true });
  }
  return uses;
}

function httpTargetUses(at: ValuePath, target: Record<string, unknown>): SecretUse[] {
  if (typeof target.url !== 'string') return [];
  const destination = target.url;
  const uses: SecretUse[] = refsIn(destination).map((variable) => ({ variable, destination, path: [...at, 'url'], implied: false }));
  if (isRecord(target.headers)) {
    for (const [name, value] of Object.entries(target.headers)) {
      for (const variable of refsIn(String(value))) uses.push({ variable, destination, path: [...at, 'headers', name], implied: false });
    }
  }
  return uses;
}

/** The models a run builds, as the host will build them (its default base URLs applied). */
export interface RunModels {
  /** The frontmatter `target`; undefined when the run builds none (replayed outputs). */
  target?: unknown;
  /** Where that target is written: `target` (the default), or `targets.NAME` in a spec that compares several. */
  targetName?: string;
  /** The frontmatter `judge`; undefined when the run never asks it. */
  judge?: unknown;
  /** The spec's `command` checks (commandCheckUses): each starts a program, so each needs the command grant. */
  commandChecks?: readonly CommandCheckUse[];
}

/** A `command` check (your own grader) in a case or a rubric criterion, and where it is written. */
export interface CommandCheckUse {
  /** Its key: ['cases', i, 'checks', j, 'command'] (i among the spec's cases) or ['rubric', ID, 'check', 'command']. */
  path: ValuePath;
  /** Whose check it is, in words: `case "ID"` or `criterion "ID"`. */
  owner: string;
  range: SourceRange;
}

/** Every `command` check of the spec's cases (inline or in case files) and rubric criteria. */
export function commandCheckUses(spec: Pick<ParsedSpec, 'cases' | 'rubric'>): CommandCheckUse[] {
  const uses: CommandCheckUse[] = [];
  spec.cases.forEach((testCase, i) => {
    testCase.checks.forEach((check, j) => {
      if (!isCommandCheck(check)) return;
      const at = testCase.locate(['checks', j, 'command']);
      uses.push({ path: ['cases', i, 'checks', j, 'command'], owner: `case "${testCase.id}"`, range: at.key ?? at.value });
    });
  });
  for (const criterion of spec.rubric) {
    if (!isCommandCheck(criterion.check)) continue;
    const at = criterion.locate(['check', 'command']);
    uses.push({ path: ['rubric', criterion.id, 'check', 'command'], owner: `criterion "${criterion.id}"`, range: at.key ?? at.value });
  }
  return uses;
}

/** Every secret a run of these models would send, from the configuration alone. */
export function secretUses(models: RunModels): SecretUse[] {
  const uses: SecretUse[] = [];
  const { target, judge } = models;
  const at = targetPath(models);
  if (isRecord(target)) {
    const provider = chatProvider(target.provider);
    if (provider) uses.push(...chatModelUses(at, target, provider));
    else if (target.provider === 'http') uses.push(...httpTargetUses(at, target));
  }
  if (isRecord(judge)) {
    const provider = chatProvider(judge.provider);
    if (provider) uses.push(...chatModelUses(['judge'], judge, provider));
  }
  return uses;
}

/** The key of the run's target in the frontmatter: ['target'], or ['targets', NAME]. */
function targetPath(models: RunModels): ValuePath {
  return models.targetName === undefined ? ['target'] : ['targets', models.targetName];
}

function keyName(path: ValuePath): string {
  return path.join('.');
}

/** A check's key as a reader finds it: `cases[3].checks[0].command`, `rubric.ID.check.command`. */
function checkKeyName(path: ValuePath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** Why sending `variable` to `destination` is refused ("the spec asks to send ..."), and the grant that would allow it. */
function refusal(variable: string, destination: string, grants: Grants, advice: GrantAdvice): string {
  const to = destinationOf(destination);
  const asks = `the spec asks to send the environment variable ${variable}`;
  if (!to) {
    return `${asks} to "${destination}", whose host is not a fixed http(s) host (it depends on the case, or the URL is not http or https); a secret goes only to a host known before the run, so no permission allows this`;
  }
  const needVariable = !variableGranted(variable, grants);
  const needHost = !(hostGranted(to, grants) || isOfficialHost(to));
  return `${asks} to ${to.display}; to allow it, ${advice.secret(needVariable ? [variable] : [], needHost ? [to.display] : [])}`;
}

/**
 * What this run may not do, every problem at its key: a secret the spec names for a destination the grants do
 * not allow, and a `command` target without the command grant. A provider's key the spec does not name is
 * never a problem (it is withheld: see permittedSecrets).
 */
export function permissionProblems(models: RunModels, grants: Grants, advice: GrantAdvice): PermissionProblem[] {
  const problems: PermissionProblem[] = [];
  const target = models.target;
  if (isRecord(target) && target.provider === 'command' && !grants.command) {
    const path = [...targetPath(models), 'provider'];
    problems.push({ path, message: `${keyName(path)}: the spec runs a program (a command target); to allow it, ${advice.command}` });
  }
  if (!grants.command) {
    for (const use of models.commandChecks ?? []) {
      problems.push({
        path: use.path,
        range: use.range,
        message: `${checkKeyName(use.path)}: the spec runs a program to grade outputs (a command check of ${use.owner}); to allow it, ${advice.command}`,
      });
    }
  }
  for (const use of secretUses(models)) {
    if (use.implied || secretAllowed(use.variable, use.destination, grants)) continue;
    problems.push({ path: use.path, message: `${keyName(use.path)}: ${refusal(use.variable, use.destination, grants, advice)}` });
  }
  return problems;
}

/** The problems as diagnostics at their keys: in the spec's frontmatter, or where a check is written (`permission` errors). */
export function permissionDiagnostics(spec: ParsedSpec, problems: readonly PermissionProblem[]): Diagnostic[] {
  const frontmatter = spec.frontmatter;
  const fallback = { file: spec.file, start: 0, end: 0 };
  return problems.map((problem) => {
    if (problem.range) return { code: 'permission', severity: 'error' as const, message: problem.message, range: problem.range };
    const at = frontmatter?.locate(problem.path);
    return { code: 'permission', severity: 'error' as const, message: problem.message, range: at?.key ?? at?.value ?? fallback };
  });
}

/**
 * The sentence a chat target adds to a 401/403 from a server it sent no key to because the key's use was not
 * allowed: which host, and the grant that would send the key there.
 */
export function withheldKeyNote(variable: string, destination: string, advice: GrantAdvice): string {
  const to = destinationOf(destination);
  if (!to) return `No key was sent because ${destination} is not a fixed http(s) host.`;
  return `No key was sent because ${to.display} is not the provider's official host: to send ${variable} there, ${advice.secret([], [to.display])}.`;
}

/**
 * The run's secret source, limited to what the grants allow: a read without a destination, or for one the
 * rule refuses, throws SecretNotAllowedError (a chat target treats that as "send no key" for an implied key).
 */
export function permittedSecrets(source: SecretSource, grants: Grants, advice: GrantAdvice): SecretSource {
  return {
    async get(name, destination) {
      if (destination === undefined) {
        throw new SecretNotAllowedError(`The environment variable ${name} was asked for without saying where it goes, so it is not read.`, '');
      }
      if (!secretAllowed(name, destination, grants)) {
        const why = refusal(name, destination, grants, advice);
        throw new SecretNotAllowedError(`${why[0]!.toUpperCase()}${why.slice(1)}.`, withheldKeyNote(name, destination, advice));
      }
      return source.get(name, destination);
    },
  };
}
