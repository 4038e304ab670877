// JSON Schemas as the graders use them (`json-schema` checks, the `arguments` of `tool-called`): compiled by
// Ajv once per distinct schema, with `pattern` running on the spec regex engine (linear time), and errors
// described in one short line.
import type { Ajv, ValidateFunction, ErrorObject } from 'ajv';
import { dialectOf, newAjv as newAjvOf } from '../../spec/ajv-instances.cjs';
import { specRegexEngine } from '../../spec/spec-regex.js';

export type CompiledSchema = { validate: ValidateFunction } | { error: string };

/** Compiled validators keyed by the schema's JSON text: a schema used by 1,000 cases compiles once. */
const schemaCache = new Map<string, CompiledSchema>();
const MAX_CACHED_SCHEMAS = 200;

export function compileSchema(schema: unknown): CompiledSchema {
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    return { error: `takes a JSON Schema object, got ${JSON.stringify(schema)}` };
  }
  const key = JSON.stringify(schema);
  const hit = schemaCache.get(key);
  if (hit) return hit;
  let result: CompiledSchema;
  try {
    // A fresh Ajv per distinct schema: two schemas that share an `$id` must not collide in one registry.
    result = { validate: newAjv(schema).compile(schema as object | boolean) };
  } catch (err) {
    result = { error: `invalid schema: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (schemaCache.size >= MAX_CACHED_SCHEMAS) schemaCache.clear();
  schemaCache.set(key, result);
  return result;
}

/** Draft-07 by default; 2019-09 or 2020-12 when the schema's `$schema` names them. */
function newAjv(schema: unknown): Ajv {
  // `pattern` and `patternProperties` run on the spec regex engine (linear time), not on RegExp.
  return newAjvOf(dialectOf(schema), { allErrors: true, strict: false, code: { regExp: specRegexEngine } }, true);
}

export function describeSchemaErrors(errors: readonly ErrorObject[]): string {
  const shown = errors.slice(0, 3).map((e) => {
    const where = e.instancePath === '' ? '(root)' : e.instancePath;
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : '';
    return `${where} ${e.message ?? e.keyword}${extra}`;
  });
  const more = errors.length > 3 ? ` (+${errors.length - 3} more)` : '';
  return shown.join('; ') + more;
}
