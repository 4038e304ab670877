// API keys and other secrets: read through the host's SecretSource, and kept out of everything a target
// returns or throws. Every secret a target resolves is remembered by its Scrubber, which replaces it (and
// bearer tokens in general) in error texts and outputs; servers do echo request headers in error bodies.
import type { SecretSource } from '../../host.js';
import { CaseError } from '../types.js';

export const REDACTED = '***';

/** The smallest secret worth replacing: shorter values ("x", "no") would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;

const SECRET_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Header names whose literal values are credentials (kept out of fingerprints and scrubbed). */
const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-goog-api-key)$|token|secret|key|password|auth/i;

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}

export class Scrubber {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret === undefined) return;
    const trimmed = secret.trim();
    if (trimmed.length < MIN_SECRET_LENGTH) return;
    this.#secrets.add(trimmed);
    // As it would appear in a URL or a JSON string that echoes it.
    this.#secrets.add(encodeURIComponent(trimmed));
    this.#secrets.add(JSON.stringify(trimmed).slice(1, -1));
    // Also the bare token of "Bearer sk-..." style values.
    const token = /^\S+\s+(\S{4,})$/.exec(trimmed)?.[1];
    if (token) this.#secrets.add(token);
  }

  /** Replaces the secrets this scrubber knows (for outputs: nothing else is touched). */
  scrubKnown(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** For error texts: the known secrets, and anything that looks like a bearer or basic credential. */
  scrub(text: string): string {
    return this.scrubKnown(text).replace(/\b(Bearer|Basic)\s+(?!\*\*\*)[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`);
  }
}

/** A secret the run's permissions (eval/permissions.ts) do not allow for that destination. */
export class SecretNotAllowedError extends CaseError {
  constructor(
    message: string,
    /** For a provider's key the spec did not name: the sentence a 401/403 from that server adds. */
    readonly withheldNote: string,
  ) {
    super(message);
    this.name = 'SecretNotAllowedError';
  }
}

export function missingSecretError(name: string, purpose: string): CaseError {
  return new CaseError(
    `${purpose} needs the environment variable ${name}, which is not set. ` +
      `Set it in the shell that runs aispec (export ${name}=...) or, in the editor, run "aispec: Set API Key".`,
  );
}

/**
 * Reads a secret for `destination` (the URL it is sent to), remembering it for scrubbing; a missing one is a
 * CaseError naming the variable.
 */
export async function requireSecret(secrets: SecretSource, name: string, destination: string, scrubber: Scrubber, purpose: string): Promise<string> {
  const value = await secrets.get(name, destination);
  if (value === undefined || value.trim() === '') throw missingSecretError(name, purpose);
  scrubber.add(value);
  return value.trim();
}

/** Replaces each `${ENV_NAME}` in `text` with the secret of that name, read for `destination`. */
export async function resolveSecretRefs(text: string, secrets: SecretSource, destination: string, scrubber: Scrubber, purpose: string): Promise<string> {
  if (!text.includes('${')) return text;
  const names = [...new Set([...text.matchAll(SECRET_REF)].map((m) => m[1]!))];
  const values = new Map<string, string>();
  for (const name of names) values.set(name, await requireSecret(secrets, name, destination, scrubber, purpose));
  return text.replace(SECRET_REF, (_whole, name: string) => values.get(name)!);
}

/** Resolves `${ENV}` references in header values (secrets read for `destination`); literal values of credential headers are scrubbed too. */
export async function resolveHeaders(
  headers: Record<string, string | number> | undefined,
  secrets: SecretSource,
  destination: string,
  scrubber: Scrubber,
  purpose: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const text = String(raw);
    const value = await resolveSecretRefs(text, secrets, destination, scrubber, `${purpose} (header ${name})`);
    if (isSensitiveHeader(name)) scrubber.add(value);
    out[name] = value;
  }
  return out;
}

/**
 * Header values as they may appear in a fingerprint: values made of `${ENV}` references (and an auth scheme
 * word) are kept as written; a credential header with a literal value is redacted.
 */
export function headersForFingerprint(headers: Record<string, string | number> | undefined): Record<string, string> | undefined {
  if (!headers || Object.keys(headers).length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const text = String(raw);
    const literal = text.replace(SECRET_REF, '').replace(/\b(Bearer|Basic|Token)\b/gi, '').trim();
    out[name.toLowerCase()] = isSensitiveHeader(name) && literal !== '' ? REDACTED : text;
  }
  return out;
}

/** The first source that has the secret: e.g. the editor's secret storage, then the environment. */
export function firstSecretSource(...sources: SecretSource[]): SecretSource {
  return {
    async get(name, destination) {
      for (const source of sources) {
        const value = await source.get(name, destination);
        if (value !== undefined && value !== '') return value;
      }
      return undefined;
    },
  };
}
